//! Ensembles of replicates and their summaries.
//!
//! Replicates run in parallel (each also parallel inside); results are
//! handed to the caller strictly in replicate order, whatever order they
//! finish in, so anything written from them is identical for any number of
//! threads. Nothing here does I/O: the caller's `sink` decides what to keep.

pub mod compare;
pub mod stats;
pub mod sweep;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::engine::{AccountingError, FirmRecord, Observation, Simulation};
use crate::model::Lever;
use crate::scenario::Scenario;

/// Everything one replicate produced.
#[derive(Debug, Clone)]
pub struct ReplicateResult {
    pub replicate: u32,
    /// Observations at steps 0..=T.
    pub observations: Vec<Observation>,
    /// Snapshots of the firms alive at the steps of [`Scenario::snapshot_steps`]
    /// (empty unless firms were kept for this replicate).
    pub firms: Vec<(u32, Vec<FirmRecord>)>,
    /// Steps at which a zone could not pay all planned lever spending.
    pub shortfalls: Vec<Shortfall>,
}

/// A zone paid only part of its planned lever spending at a step.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortfall {
    pub zone: usize,
    pub step: u32,
    /// Share of planned spending funded.
    pub funded: f64,
}

/// A replicate's results, or the check it failed (a bug, never user input).
pub type Outcome = Result<ReplicateResult, AccountingError>;

/// Runs one replicate to the end, checking after every step that every
/// metric is a number (debug builds check all the accounting).
pub fn run_replicate(sc: &Scenario, replicate: u32, keep_firms: bool, on_step: &(dyn Fn() + Sync)) -> Outcome {
    let mut sim = Simulation::new(sc, replicate);
    let mut observations = Vec::with_capacity(sc.simulation.steps as usize + 1);
    observations.push(sim.observation());
    let snapshots = if keep_firms { sc.snapshot_steps() } else { Vec::new() };
    let mut firms = Vec::new();
    if snapshots.contains(&0) {
        firms.push((0, sim.firm_records()));
    }
    let scale_index = crate::model::Metric::BudgetScale.index();
    let mut shortfalls = Vec::new();
    for _ in 0..sc.simulation.steps {
        sim.step();
        sim.check_health()?;
        let obs = sim.observation();
        for (zone, v) in obs.zones.iter().enumerate() {
            if v[scale_index] < 1.0 - 1e-9 {
                shortfalls.push(Shortfall {
                    zone,
                    step: obs.step,
                    funded: v[scale_index],
                });
            }
        }
        if snapshots.contains(&obs.step) {
            firms.push((obs.step, sim.firm_records()));
        }
        observations.push(obs);
        on_step();
    }
    Ok(ReplicateResult {
        replicate,
        observations,
        firms,
        shortfalls,
    })
}

/// Runs `job(0..n)` in parallel and passes the results to `sink` in order.
///
/// Jobs run in windows of twice the number of threads: a window's results
/// are handed over in order before the next window starts. Rayon lets a
/// thread that waits inside a job's own parallel loop pick up another job,
/// so without windows any number of jobs (each a whole simulation) could be
/// in flight, and results waiting for a slow predecessor could pile up;
/// with them, memory is bounded by the window whatever `n` is.
pub fn ordered_parallel<T, J, S>(n: u32, job: J, mut sink: S)
where
    T: Send,
    J: Fn(u32) -> T + Sync,
    S: FnMut(T),
{
    let window = (2 * rayon::current_num_threads()).max(2) as u32;
    let mut start = 0;
    while start < n {
        let end = (start + window).min(n);
        let results: Vec<T> = (start..end).into_par_iter().map(&job).collect();
        for r in results {
            sink(r);
        }
        start = end;
    }
}

/// Runs replicates `0..n` of `sc` in parallel and passes each outcome to
/// `sink` in replicate order (see [`ordered_parallel`]). Firm records are
/// kept for the first `keep_firms` replicates. `on_step` is called after
/// every simulated step of any replicate (for progress).
pub fn run_ensemble<S>(sc: &Scenario, replicates: u32, keep_firms: u32, on_step: &(dyn Fn() + Sync), sink: S)
where
    S: FnMut(Outcome),
{
    ordered_parallel(replicates, |r| run_replicate(sc, r, r < keep_firms, on_step), sink);
}

/// Human-readable notes on lever spending the budget could not pay.
pub fn shortfall_notes(sc: &Scenario, shortfalls: &[(u32, Shortfall)]) -> Vec<String> {
    let mut by_zone: BTreeMap<usize, (u32, u32, f64, usize)> = BTreeMap::new();
    let mut reps: BTreeMap<usize, std::collections::BTreeSet<u32>> = BTreeMap::new();
    for (rep, s) in shortfalls {
        let e = by_zone.entry(s.zone).or_insert((s.step, s.step, s.funded, 0));
        e.0 = e.0.min(s.step);
        e.1 = e.1.max(s.step);
        e.2 = e.2.min(s.funded);
        e.3 += 1;
        reps.entry(s.zone).or_default().insert(*rep);
    }
    by_zone
        .into_iter()
        .map(|(z, (first, last, worst, count))| {
            format!(
                "zone `{}` could not pay all planned lever spending in {count} zone-steps of {} replicate(s) (steps {first}-{last}); levers were scaled down to as little as {:.0} % of plan (see the budget_scale and spend_* columns)",
                sc.zones[z].id,
                reps[&z].len(),
                worst * 100.0
            )
        })
        .collect()
}

/// The lever spending columns, for reports.
pub fn lever_keys() -> impl Iterator<Item = &'static str> {
    Lever::ALL.iter().map(|l| l.key())
}
