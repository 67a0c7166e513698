//! Regularities MODEL.md says must emerge rather than be imposed: firm sizes
//! close to Zipf, growth rates tent-shaped and less volatile for large firms,
//! productivity rising with cluster size by a few percent per doubling.

use std::collections::HashMap;

use zonesim::engine::{FirmRecord, Simulation};

use crate::util::{fixture, load};

/// Least-squares slope of y on x.
fn slope(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    sxy / sxx
}

fn sd(v: &[f64]) -> f64 {
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
}

/// Firms at steps 36 and 40 of replicates of the small fixture.
fn snapshots() -> Vec<(Vec<FirmRecord>, Vec<FirmRecord>)> {
    let sc = load(&fixture("small.toml"));
    (0..4)
        .map(|r| {
            let mut sim = Simulation::new(&sc, r);
            for _ in 0..36 {
                sim.step();
            }
            let before = sim.firm_records();
            for _ in 0..4 {
                sim.step();
            }
            (before, sim.firm_records())
        })
        .collect()
}

#[test]
fn firm_sizes_are_heavy_tailed_and_growth_rates_tent_shaped() {
    let snaps = snapshots();

    // Rank-size: log rank against log employees over the upper tail.
    for (_, after) in &snaps {
        let mut sizes: Vec<f64> = after.iter().map(|f| f64::from(f.employees)).filter(|n| *n >= 20.0).collect();
        sizes.sort_by(|a, b| b.total_cmp(a));
        let ranks: Vec<f64> = (1..=sizes.len()).map(|r| (r as f64).ln()).collect();
        let logs: Vec<f64> = sizes.iter().map(|s| s.ln()).collect();
        let zipf = -slope(&logs, &ranks);
        assert!(
            (0.6..1.6).contains(&zipf),
            "rank-size exponent {zipf:.2}, expected close to 1 (Zipf)"
        );
    }

    // Annual log growth of revenue of firms alive at both dates.
    let mut growth = Vec::new();
    let mut size = Vec::new();
    for (before, after) in &snaps {
        let then: HashMap<u32, &FirmRecord> = before.iter().map(|f| (f.id, f)).collect();
        for f in after {
            if let Some(b) = then.get(&f.id)
                && b.revenue > 0.0
                && f.revenue > 0.0
                && b.employees >= 3
            {
                growth.push((f.revenue / b.revenue).ln());
                size.push(f64::from(b.employees));
            }
        }
    }
    assert!(growth.len() > 1000, "{} firms", growth.len());
    let n = growth.len() as f64;
    let m = growth.iter().sum::<f64>() / n;
    let s = sd(&growth);
    let kurtosis = growth.iter().map(|g| ((g - m) / s).powi(4)).sum::<f64>() / n - 3.0;
    assert!(
        kurtosis > 1.0,
        "excess kurtosis {kurtosis:.2}: growth rates should be tent-shaped (Laplace: 3), not normal (0)"
    );

    // Large firms grow less volatilely than small ones.
    let mut by_size: Vec<(f64, f64)> = size.iter().copied().zip(growth.iter().copied()).collect();
    by_size.sort_by(|a, b| a.0.total_cmp(&b.0));
    let q = by_size.len() / 4;
    let small: Vec<f64> = by_size[..q].iter().map(|p| p.1).collect();
    let large: Vec<f64> = by_size[3 * q..].iter().map(|p| p.1).collect();
    assert!(
        sd(&large) < 0.8 * sd(&small),
        "growth s.d. large {:.3} vs small {:.3}",
        sd(&large),
        sd(&small)
    );
}

#[test]
fn productivity_rises_with_cluster_size_by_a_few_percent_per_doubling() {
    // One replicate has few (zone, sector) pairs, so its slope is noisy
    // (s.d. ≈ 0.03 across replicates): the test averages 8 replicates.
    let sc = load(&fixture("multi.toml"));
    let slopes: Vec<f64> = (0..8).map(|r| cluster_slope_per_doubling(&sc, r)).collect();
    let mean = slopes.iter().sum::<f64>() / slopes.len() as f64;
    assert!(
        (0.005..0.10).contains(&mean),
        "productivity per doubling of cluster size: mean {mean:.3} over replicates {slopes:.3?}"
    );
}

/// The within-sector slope of log TFP on log cluster size, per doubling,
/// across (zone, sector) pairs at the end of replicate `r`.
fn cluster_slope_per_doubling(sc: &zonesim::scenario::Scenario, r: u32) -> f64 {
    let mut sim = Simulation::new(sc, r);
    for _ in 0..sc.simulation.steps {
        sim.step();
    }
    let pairs: Vec<_> = sim
        .cluster_profile()
        .into_iter()
        .filter(|c| c.firms >= 5 && c.cluster > 0.0)
        .collect();
    assert!(pairs.len() >= 10, "{} pairs", pairs.len());
    // Within sectors: demean by sector so sector-wide differences do not count.
    let mut by_sector: HashMap<usize, Vec<(f64, f64)>> = HashMap::new();
    for c in &pairs {
        by_sector.entry(c.sector).or_default().push((c.cluster.ln(), c.log_tfp));
    }
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for v in by_sector.values().filter(|v| v.len() >= 2) {
        let mx = v.iter().map(|p| p.0).sum::<f64>() / v.len() as f64;
        let my = v.iter().map(|p| p.1).sum::<f64>() / v.len() as f64;
        for p in v {
            x.push(p.0 - mx);
            y.push(p.1 - my);
        }
    }
    slope(&x, &y) * std::f64::consts::LN_2
}
