//! Sweeps of one or two levers over a grid, or of several over a Latin
//! hypercube; every point runs the same replicate numbers (common random
//! numbers), so differences between points are not noise between seeds.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::engine::AccountingError;
use crate::model::N_METRICS;
use crate::scenario::set::{Settable, settable};
use crate::scenario::{Document, Scenario};

use super::compare::{Record, reduce};
use super::ordered_parallel;
use super::run_replicate;
use super::stats::Moments;

/// One swept key and the values it takes.
#[derive(Debug, Clone)]
pub struct Axis {
    pub key: Settable,
    pub values: Vec<f64>,
}

/// Parses `KEY=FROM:TO:N` into an axis of N evenly spaced values from FROM
/// to TO, checked against the key's allowed range.
pub fn parse_set(doc: &Document, spec: &str) -> Result<Axis, String> {
    let Some((key, range)) = spec.split_once('=') else {
        return Err(format!(
            "--set {spec}: expected KEY=FROM:TO:N, e.g. levers.talent_subsidy.size=0:600:5"
        ));
    };
    let key = settable(doc, key.trim()).map_err(|e| format!("--set {spec}: {e}"))?;
    let parts: Vec<&str> = range.split(':').collect();
    let [from, to, n] = parts[..] else {
        return Err(format!("--set {spec}: expected FROM:TO:N after `=`, e.g. 0:600:5"));
    };
    let number = |s: &str| s.trim().parse::<f64>().ok().filter(|x| x.is_finite());
    let (Some(from), Some(to)) = (number(from), number(to)) else {
        return Err(format!("--set {spec}: FROM and TO must be finite numbers"));
    };
    let Some(n) = n.trim().parse::<u32>().ok().filter(|n| (2..=1000).contains(n)) else {
        return Err(format!("--set {spec}: N must be a whole number of points from 2 to 1000"));
    };
    for x in [from, to] {
        if let Some(expected) = key.check(x) {
            return Err(format!(
                "--set {spec}: {x} is outside the allowed range of `{}`: it takes {expected}",
                key.text
            ));
        }
    }
    let mut values: Vec<f64> = (0..n).map(|i| from + (to - from) * f64::from(i) / f64::from(n - 1)).collect();
    if key.is_integer() {
        for v in &mut values {
            *v = v.round();
        }
        values.dedup();
    }
    Ok(Axis { key, values })
}

/// Every combination of the axes' values; the first axis varies slowest.
pub fn grid(axes: &[Axis]) -> Vec<Vec<f64>> {
    let mut points = vec![Vec::new()];
    for axis in axes {
        points = points
            .into_iter()
            .flat_map(|p| axis.values.iter().map(move |v| [p.clone(), vec![*v]].concat()))
            .collect();
    }
    points
}

/// `n` points of a Latin hypercube over `ranges` (each range cut into n
/// strata, every stratum used once per key), drawn from `seed`.
pub fn latin_hypercube(ranges: &[(f64, f64)], n: u32, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x4c48_5321_5357_4550);
    let n = n as usize;
    let columns: Vec<Vec<f64>> = ranges
        .iter()
        .map(|&(lo, hi)| {
            let mut strata: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                let j = (rng.next_u64() % (i as u64 + 1)) as usize;
                strata.swap(i, j);
            }
            strata
                .iter()
                .map(|&s| lo + (hi - lo) * (s as f64 + super::super::engine::rng::uniform(&mut rng)) / n as f64)
                .collect()
        })
        .collect();
    (0..n).map(|i| columns.iter().map(|c| c[i]).collect()).collect()
}

/// The scenario at one point: the document with the keys set to the point's
/// values, then the run's shape (`--steps`, `--replicates`, `--seed`) that
/// every point shares. A point that is not a valid scenario is an error that
/// names the point and its values.
pub fn point_scenario(doc: &Document, keys: &[Settable], point: &[f64], shape: Shape) -> Result<Scenario, String> {
    let mut d = doc.clone();
    for (k, v) in keys.iter().zip(point) {
        d.set(k, *v);
    }
    let mut sc = Scenario::from_document(&d).map_err(|e| {
        let values: Vec<String> = keys.iter().zip(point).map(|(k, v)| format!("{} = {v}", k.text)).collect();
        format!("the sweep point {} is not a valid scenario:\n{e}", values.join(", "))
    })?;
    sc.override_simulation(shape.steps, shape.replicates, shape.seed);
    Ok(sc)
}

/// The run's shape, set once for every point.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shape {
    pub steps: Option<u32>,
    pub replicates: Option<u32>,
    pub seed: Option<u64>,
}

/// Mean, s.d. and interval of every metric at one point, at every horizon.
#[derive(Debug, Clone)]
pub struct PointResponse {
    pub point: usize,
    /// [horizon][zone, then the total][metric].
    pub stats: Vec<Vec<Vec<Moments>>>,
}

/// Runs replicates `0..replicates` of every point and hands each point's
/// response to `sink` in point order. Points run a few at a time (enough to
/// keep every thread busy): a point's scenario is built when its turn comes
/// and dropped with its statistics once `sink` has them, so memory does not
/// grow with the number of points. Check every point with [`check_points`]
/// first; `first` is the first point's scenario.
#[allow(clippy::too_many_arguments)]
pub fn run_sweep<E>(
    first: &Scenario,
    doc: &Document,
    keys: &[Settable],
    points: &[Vec<f64>],
    shape: Shape,
    horizons: &[u32],
    on_step: &(dyn Fn() + Sync),
    sink: &mut dyn FnMut(PointResponse) -> Result<(), E>,
) -> Result<Result<(), E>, AccountingError> {
    // Every point has the shape of the first: the same zones and replicates.
    let replicates = first.simulation.replicates as usize;
    let zones = first.zones.len() + 1;
    let threads = rayon::current_num_threads().max(1);
    let chunk = (4 * threads).div_ceil(replicates).max(1);
    for chunk_start in (0..points.len()).step_by(chunk) {
        let chunk_points = &points[chunk_start..(chunk_start + chunk).min(points.len())];
        let scenarios: Vec<Scenario> = chunk_points
            .iter()
            .map(|p| point_scenario(doc, keys, p, shape).expect("points are checked before the run"))
            .collect();
        let mut stats = vec![vec![vec![vec![Moments::default(); N_METRICS]; zones]; horizons.len()]; scenarios.len()];
        let mut failure = None;
        let jobs = u32::try_from(scenarios.len() * replicates).expect("a chunk holds at most 4 × threads points' replicates");
        ordered_parallel(
            jobs,
            |i| -> Result<(usize, Record), AccountingError> {
                let (point, rep) = (i as usize / replicates, (i as usize % replicates) as u32);
                run_replicate(&scenarios[point], rep, false, on_step).map(|res| (point, reduce(&res, horizons, false)))
            },
            |outcome| match outcome {
                Err(e) => {
                    failure.get_or_insert(e);
                }
                Ok((point, rec)) => {
                    for (h, at) in rec.at.iter().enumerate() {
                        for (z, values) in at.iter().enumerate() {
                            for (m, x) in values.iter().enumerate() {
                                stats[point][h][z][m].push(*x);
                            }
                        }
                    }
                }
            },
        );
        if let Some(e) = failure {
            return Err(e);
        }
        for (k, stats) in stats.into_iter().enumerate() {
            if let Err(e) = sink(PointResponse {
                point: chunk_start + k,
                stats,
            }) {
                return Ok(Err(e));
            }
        }
    }
    Ok(Ok(()))
}

/// Checks every point before anything runs and returns the first point's
/// scenario; the error of the first invalid point otherwise.
pub fn check_points(doc: &Document, keys: &[Settable], points: &[Vec<f64>], shape: Shape) -> Result<Scenario, String> {
    let mut first = None;
    for p in points {
        let sc = point_scenario(doc, keys, p, shape)?;
        first.get_or_insert(sc);
    }
    first.ok_or_else(|| "the sweep has no points".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_hypercube_uses_every_stratum_once() {
        let pts = latin_hypercube(&[(0.0, 1.0), (10.0, 20.0)], 8, 3);
        assert_eq!(pts.len(), 8);
        for (k, (lo, hi)) in [(0.0, 1.0), (10.0, 20.0)].into_iter().enumerate() {
            let mut strata: Vec<usize> = pts.iter().map(|p| ((p[k] - lo) / (hi - lo) * 8.0).floor() as usize).collect();
            strata.sort_unstable();
            assert_eq!(strata, (0..8).collect::<Vec<_>>());
        }
        assert_eq!(pts, latin_hypercube(&[(0.0, 1.0), (10.0, 20.0)], 8, 3), "same seed, same design");
    }
}
