//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use zonesim::experiment::{ReplicateResult, run_replicate};
use zonesim::model::Metric;
use zonesim::scenario::Scenario;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

pub fn load(path: &Path) -> Scenario {
    Scenario::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Writes a scenario that extends `base` with `body` into `dir` and loads it.
pub fn variant(dir: &Path, name: &str, base: &Path, body: &str) -> Scenario {
    let path = dir.join(format!("{name}.toml"));
    let text = format!("extends = {:?}\nname = {name:?}\n{body}\n", base.display().to_string());
    std::fs::write(&path, text).unwrap();
    load(&path)
}

/// Replicates `0..n` of `sc`, in order.
pub fn run(sc: &Scenario, n: u32) -> Vec<ReplicateResult> {
    (0..n).map(|r| run_replicate(sc, r, false, &|| {}).unwrap()).collect()
}

/// The scenario total of `metric` at `step` in every replicate.
pub fn at(results: &[ReplicateResult], metric: Metric, step: u32) -> Vec<f64> {
    results
        .iter()
        .map(|r| r.observations[step as usize].total[metric.index()])
        .collect()
}

/// The scenario total of `metric` summed over steps `from..=to` in every replicate.
pub fn sum(results: &[ReplicateResult], metric: Metric, from: u32, to: u32) -> Vec<f64> {
    results
        .iter()
        .map(|r| (from..=to).map(|s| r.observations[s as usize].total[metric.index()]).sum())
        .collect()
}

/// Mean of paired differences `a - b` and its t statistic.
pub fn paired(a: &[f64], b: &[f64]) -> (f64, f64) {
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    let n = d.len() as f64;
    let mean = d.iter().sum::<f64>() / n;
    let sd = (d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let t = if sd > 0.0 {
        mean / (sd / n.sqrt())
    } else if mean != 0.0 {
        f64::INFINITY * mean.signum()
    } else {
        0.0
    };
    (mean, t)
}

/// Bit patterns of metric values, so that NaN (undefined growth) compares equal to itself.
pub fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|x| x.to_bits()).collect()
}

pub fn zonesim() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("zonesim").unwrap()
}
