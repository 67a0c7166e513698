//! Sweeps of one or two levers over a grid, or of several over a Latin
//! hypercube; every point runs the same replicate numbers (common random
//! numbers), so differences between points are not noise between seeds.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::engine::AccountingError;
use crate::model::N_METRICS;
use crate::scenario::set::{Settable, settable};
use crate::scenario::{Document, Scenario, ScenarioError};

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

/// The scenario at each point: the document with the keys set to the point's values.
pub fn point_scenarios(doc: &Document, keys: &[Settable], points: &[Vec<f64>]) -> Result<Vec<Scenario>, ScenarioError> {
    points
        .iter()
        .map(|p| {
            let mut d = doc.clone();
            for (k, v) in keys.iter().zip(p) {
                d.set(k, *v);
            }
            Scenario::from_document(&d)
        })
        .collect()
}

/// Mean, s.d. and interval of every metric at every point and horizon.
#[derive(Debug, Clone)]
pub struct Response {
    pub horizons: Vec<u32>,
    pub replicates: u32,
    /// [point][horizon][zone, then the total][metric].
    pub stats: Vec<Vec<Vec<Vec<Moments>>>>,
}

/// Runs replicates `0..replicates` of every point's scenario.
pub fn run_sweep(
    scenarios: &[Scenario],
    replicates: u32,
    horizons: &[u32],
    on_step: &(dyn Fn() + Sync),
) -> Result<Response, AccountingError> {
    let zones = scenarios[0].zones.len() + 1;
    let mut response = Response {
        horizons: horizons.to_vec(),
        replicates,
        stats: vec![vec![vec![vec![Moments::default(); N_METRICS]; zones]; horizons.len()]; scenarios.len()],
    };
    let mut failure = None;
    let r = replicates as usize;
    ordered_parallel(
        (scenarios.len() * r) as u32,
        |i| -> Result<(usize, Record), AccountingError> {
            let (point, rep) = (i as usize / r, (i as usize % r) as u32);
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
                            response.stats[point][h][z][m].push(*x);
                        }
                    }
                }
            }
        },
    );
    match failure {
        Some(e) => Err(e),
        None => Ok(response),
    }
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
