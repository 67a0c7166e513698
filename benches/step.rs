//! Whole steps of the shipped scenarios, reported as agent-steps per second
//! (firms plus workers alive at step 0, times steps). Criterion prints the
//! throughput as `elem/s`; one element is one agent-step, as the benchmark's
//! name says.
//!
//!     cargo bench --bench step
//!
//! The figures and the machine they were measured on are in docs/performance.md.

use std::hint::black_box;
use std::path::Path;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use zonesim::engine::Simulation;
use zonesim::scenario::Scenario;

fn load(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name);
    Scenario::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn whole_run(c: &mut Criterion, name: &str, file: &str) {
    let sc = load(file);
    let steps = sc.simulation.steps;
    let (firms, workers) = Simulation::new(&sc, 0).agent_counts();
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
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

fn baseline(c: &mut Criterion) {
    whole_run(c, "baseline", "baseline.toml");
}

fn province(c: &mut Criterion) {
    whole_run(c, "province", "province.toml");
}

criterion_group!(benches, baseline, province);
criterion_main!(benches);
