//! Paired comparison of policy variants with a baseline.
//!
//! Every scenario runs the same replicate numbers with the same seed, so
//! replicate r of a variant meets the same random draws as replicate r of
//! the baseline wherever their states agree (common random numbers, agent
//! by agent). Each replicate therefore gives a paired difference, and the
//! differences' mean, standard deviation and Student-t interval are the
//! effect and its uncertainty. Levels, differences and trajectories are
//! accumulated as replicates finish, in replicate order, in bounded memory.

use crate::engine::AccountingError;
use crate::model::{Metric, N_METRICS, Values};
use crate::scenario::Scenario;

use super::stats::{Accumulator, Moments};
use super::{ReplicateResult, ordered_parallel, run_replicate};

/// A replicate reduced to what a comparison needs.
#[derive(Debug, Clone)]
pub struct Record {
    /// [horizon][zone, then the total]: metric values at the horizon.
    pub at: Vec<Vec<Values>>,
    /// [horizon][zone, then the total]: metric values summed over steps 1..=horizon.
    pub cumulative: Vec<Vec<Values>>,
    /// [step]: every metric of the scenario total.
    pub series: Vec<Values>,
}

/// Reduces a replicate to its values at `horizons` and, if `trajectory`,
/// the trajectory of its total.
pub fn reduce(r: &ReplicateResult, horizons: &[u32], trajectory: bool) -> Record {
    let with_total = |step: usize| -> Vec<Values> {
        let o = &r.observations[step];
        o.zones.iter().copied().chain(std::iter::once(o.total)).collect()
    };
    let zones = r.observations[0].zones.len() + 1;
    let mut running = vec![[0.0; N_METRICS]; zones];
    let mut cumulative = Vec::with_capacity(horizons.len());
    let mut step = 0usize;
    for &h in horizons {
        while step < h as usize {
            step += 1;
            for (acc, v) in running.iter_mut().zip(with_total(step)) {
                for (a, x) in acc.iter_mut().zip(v) {
                    if !x.is_nan() {
                        *a += x;
                    }
                }
            }
        }
        cumulative.push(running.clone());
    }
    Record {
        at: horizons.iter().map(|&h| with_total(h as usize)).collect(),
        cumulative,
        series: if trajectory {
            r.observations.iter().map(|o| o.total).collect()
        } else {
            Vec::new()
        },
    }
}

/// Why a variant cannot be compared with the baseline, if it cannot.
pub fn incompatibility(base: &Scenario, variant: &Scenario) -> Option<String> {
    if base.simulation.steps != variant.simulation.steps {
        return Some(format!(
            "it runs {} steps and the baseline {}; a paired comparison needs the same number of steps (set simulation.steps in the variant, or --steps for both)",
            variant.simulation.steps, base.simulation.steps
        ));
    }
    fn zones(s: &Scenario) -> Vec<&str> {
        s.zones.iter().map(|z| z.id.as_str()).collect()
    }
    fn sectors(s: &Scenario) -> Vec<&str> {
        s.sectors.iter().map(|z| z.id.as_str()).collect()
    }
    fn markets(s: &Scenario) -> Vec<&str> {
        s.markets.iter().map(|z| z.id.as_str()).collect()
    }
    let ids = |v: Vec<&str>| v.join(", ");
    for (what, a, b) in [
        ("zones", zones(base), zones(variant)),
        ("sectors", sectors(base), sectors(variant)),
        ("markets", markets(base), markets(variant)),
    ] {
        if a != b {
            return Some(format!(
                "its {what} ({}) are not the baseline's ({}); a variant must extend the baseline and change only what it compares",
                ids(b),
                ids(a)
            ));
        }
    }
    None
}

/// Keys outside the levers where `variant` differs from `base` (the resolved
/// scenarios compared key by key; names, descriptions, the run's shape and
/// sweep ranges excluded). A comparison of such a variant measures more than
/// a policy, so the caller warns.
pub fn non_lever_differences(base: &Scenario, variant: &Scenario) -> Vec<String> {
    fn strip(text: &str) -> toml::Table {
        let mut t: toml::Table = toml::from_str(text).unwrap_or_default();
        for k in [
            "name",
            "name_zh",
            "description",
            "description_zh",
            "simulation",
            "sweep",
            "cooperation",
        ] {
            t.remove(k);
        }
        if let Some(toml::Value::Table(zones)) = t.get_mut("zones") {
            for (_, zone) in zones.iter_mut() {
                if let toml::Value::Table(z) = zone {
                    for k in ["levers", "name", "name_zh"] {
                        z.remove(k);
                    }
                }
            }
        }
        t
    }
    fn diff(path: &str, a: &toml::Value, b: &toml::Value, out: &mut Vec<String>) {
        match (a, b) {
            (toml::Value::Table(a), toml::Value::Table(b)) => {
                let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
                keys.sort();
                keys.dedup();
                for k in keys {
                    let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                    match (a.get(k), b.get(k)) {
                        (Some(x), Some(y)) => diff(&p, x, y, out),
                        _ => out.push(p),
                    }
                }
            }
            _ if a != b => out.push(path.to_string()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    diff(
        "",
        &toml::Value::Table(strip(&base.resolved)),
        &toml::Value::Table(strip(&variant.resolved)),
        &mut out,
    );
    out
}

/// Everything a comparison accumulated.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub horizons: Vec<u32>,
    pub charted: Vec<Metric>,
    pub replicates: u32,
    /// [scenario][horizon][zone, then the total][metric]; scenario 0 is the baseline.
    pub levels: Vec<Vec<Vec<Vec<Moments>>>>,
    /// [variant][horizon][zone, then the total][metric]: variant − baseline;
    /// variant v is scenario v + 1.
    pub diffs: Vec<Vec<Vec<Vec<Moments>>>>,
    /// As `levels` and `diffs`, for sums over steps 1..=horizon.
    pub cumulative_levels: Vec<Vec<Vec<Vec<Moments>>>>,
    pub cumulative_diffs: Vec<Vec<Vec<Vec<Moments>>>>,
    /// [scenario][charted metric][step]: distribution of the scenario total.
    pub series: Vec<Vec<Vec<Accumulator>>>,
    /// [scenario][metric][step]: mean of the scenario total, every metric.
    pub means: Vec<Vec<Vec<Moments>>>,
}

fn grid(horizons: usize, zones: usize) -> Vec<Vec<Vec<Moments>>> {
    vec![vec![vec![Moments::default(); N_METRICS]; zones]; horizons]
}

/// Runs replicates `0..replicates` of every scenario (the baseline first)
/// and accumulates levels, paired differences and trajectories.
pub fn compare(
    scenarios: &[Scenario],
    replicates: u32,
    horizons: &[u32],
    charted: &[Metric],
    on_step: &(dyn Fn() + Sync),
) -> Result<Comparison, AccountingError> {
    let zones = scenarios[0].zones.len() + 1;
    let steps = scenarios[0].simulation.steps as usize + 1;
    let mut c = Comparison {
        horizons: horizons.to_vec(),
        charted: charted.to_vec(),
        replicates,
        levels: vec![grid(horizons.len(), zones); scenarios.len()],
        diffs: vec![grid(horizons.len(), zones); scenarios.len() - 1],
        cumulative_levels: vec![grid(horizons.len(), zones); scenarios.len()],
        cumulative_diffs: vec![grid(horizons.len(), zones); scenarios.len() - 1],
        series: vec![vec![vec![Accumulator::default(); steps]; charted.len()]; scenarios.len()],
        means: vec![vec![vec![Moments::default(); steps]; N_METRICS]; scenarios.len()],
    };
    let mut failure = None;
    ordered_parallel(
        replicates,
        |r| -> Result<Vec<Record>, AccountingError> {
            scenarios
                .iter()
                .map(|sc| run_replicate(sc, r, false, on_step).map(|res| reduce(&res, horizons, true)))
                .collect()
        },
        |records| match records {
            Err(e) => {
                failure.get_or_insert(e);
            }
            Ok(records) => c.add(&records),
        },
    );
    match failure {
        Some(e) => Err(e),
        None => Ok(c),
    }
}

impl Comparison {
    fn add(&mut self, records: &[Record]) {
        let base = &records[0];
        for (s, rec) in records.iter().enumerate() {
            for h in 0..self.horizons.len() {
                for z in 0..rec.at[h].len() {
                    for m in 0..N_METRICS {
                        self.levels[s][h][z][m].push(rec.at[h][z][m]);
                        self.cumulative_levels[s][h][z][m].push(rec.cumulative[h][z][m]);
                        if s > 0 {
                            self.diffs[s - 1][h][z][m].push(rec.at[h][z][m] - base.at[h][z][m]);
                            self.cumulative_diffs[s - 1][h][z][m].push(rec.cumulative[h][z][m] - base.cumulative[h][z][m]);
                        }
                    }
                }
            }
            for (step, values) in rec.series.iter().enumerate() {
                for (c, metric) in self.charted.iter().enumerate() {
                    self.series[s][c][step].push(values[metric.index()]);
                }
                for (m, x) in values.iter().enumerate() {
                    self.means[s][m][step].push(*x);
                }
            }
        }
    }

    /// The paired effect of variant `v` on `metric` at horizon index `h`
    /// for zone index `z` (the last index is the total).
    pub fn effect(&self, v: usize, h: usize, z: usize, metric: Metric) -> Effect {
        let m = metric.index();
        let base = self.levels[0][h][z][m].mean();
        let var = self.levels[v + 1][h][z][m].mean();
        let d = &self.diffs[v][h][z][m];
        let (lo, hi) = d.ci95();
        Effect {
            n: d.n(),
            baseline: base,
            variant: var,
            difference: d.mean(),
            sd: d.sd(),
            ci_low: lo,
            ci_high: hi,
            relative: relative(d.mean(), base),
        }
    }

    /// The same for sums over steps 1..=horizon.
    pub fn cumulative_effect(&self, v: usize, h: usize, z: usize, metric: Metric) -> Effect {
        let m = metric.index();
        let base = self.cumulative_levels[0][h][z][m].mean();
        let d = &self.cumulative_diffs[v][h][z][m];
        let (lo, hi) = d.ci95();
        Effect {
            n: d.n(),
            baseline: base,
            variant: self.cumulative_levels[v + 1][h][z][m].mean(),
            difference: d.mean(),
            sd: d.sd(),
            ci_low: lo,
            ci_high: hi,
            relative: relative(d.mean(), base),
        }
    }
}

/// A difference as a share of the baseline's size: dividing by |baseline|
/// keeps the sign of the change when the baseline is negative (a deficit
/// that shrinks is a positive change). NaN when the baseline is zero.
pub fn relative(difference: f64, baseline: f64) -> f64 {
    if baseline != 0.0 { difference / baseline.abs() } else { f64::NAN }
}

/// A paired difference and its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effect {
    pub n: u64,
    pub baseline: f64,
    pub variant: f64,
    pub difference: f64,
    pub sd: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    /// difference / |baseline mean| (see [`relative`]).
    pub relative: f64,
}

impl Effect {
    /// Does the 95 % interval exclude zero?
    pub fn significant(&self) -> bool {
        self.ci_low > 0.0 || self.ci_high < 0.0
    }
}

/// Default horizons: years 3, 5 and 10 (steps 12, 20, 40) where the run
/// reaches them, and the last step.
pub fn default_horizons(steps: u32) -> Vec<u32> {
    let mut h: Vec<u32> = [12, 20, 40].into_iter().filter(|s| *s < steps).collect();
    h.push(steps);
    h
}
