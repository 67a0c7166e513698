//! Whole steps of the shipped scenarios, reported as agent-steps per second
//! (firms plus workers alive at step 0, times steps). Criterion prints the
//! throughput as `elem/s`; one element is one agent-step, as the benchmark's
//! name says.
//!
//!     cargo bench --bench step                        # baseline, province
//!     cargo bench --bench step -- province-large      # the 1 M-firm province only
//!
//! province-large (1 M firms, 20 M workers, ≈ 30 s a run on 2 cores) runs
//! only when named, since criterion's 10 samples of it take ≈ 6 minutes.
//!
//! The figures and the machine they were measured on are in docs/performance.md.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use zonesim::engine::Simulation;
use zonesim::scenario::Scenario;

fn load(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name);
    Scenario::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn whole_run(c: &mut Criterion, name: &str, file: &str, measurement: Duration) {
    let sc = load(file);
    let steps = sc.simulation.steps;
    let (firms, workers) = Simulation::new(&sc, 0).agent_counts();
    let mut group = c.benchmark_group(name);
    group.sample_size(10).measurement_time(measurement);
    group.throughput(Throughput::Elements((firms + workers) as u64 * u64::from(steps)));
    group.bench_function(format!("{steps} steps, 1 replicate, elem = agent-step"), |b| {
        b.iter_batched(
            || Simulation::new(&sc, 0),
            |mut sim| {
                for _ in 0..steps {
                    sim.step();
                }
                black_box(sim.observation())
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// Criterion's default measurement time, for the runs well under a second.
const SHORT: Duration = Duration::from_secs(5);

fn baseline(c: &mut Criterion) {
    whole_run(c, "baseline", "baseline.toml", SHORT);
}

fn province(c: &mut Criterion) {
    whole_run(c, "province", "province.toml", SHORT);
}

/// Issue 5's target scenario; 10 runs of ≈ 30 s, so only when named on the
/// command line (its set-up alone takes ≈ 2 s and 0.8 GB).
fn province_large(c: &mut Criterion) {
    if std::env::args().skip(1).any(|a| a.contains("province-large")) {
        whole_run(c, "province-large", "province-large.toml", Duration::from_secs(300));
    }
}

criterion_group!(benches, baseline, province, province_large);
criterion_main!(benches);
