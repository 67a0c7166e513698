//! Where a step's time goes: one replicate of each scenario named on the
//! command line (default: baseline and province), every step timed phase by
//! phase, reported as agent-steps per second per phase so the slowest phase
//! is visible.
//!
//!     cargo bench --bench phases                         # baseline, province
//!     cargo bench --bench phases -- province-large       # the 1 M-firm province
//!     RAYON_NUM_THREADS=1 cargo bench --bench phases -- province-large
//!     cargo bench --bench phases -- bandwidth              # the machine's memory bandwidth only
//!
//! It first measures the machine's memory bandwidth (the bound that
//! docs/performance.md compares the step with).
//! Each scenario runs twice (a warm-up run, then the measured one); the
//! table goes to stdout and to `target/phases-<scenario>-<threads>t.csv`.
//! Agents are the firms plus workers alive at step 0; an agent-step is one
//! agent through one step, so a phase's rate is agents × steps / its time.
//! Whole-run timings with confidence intervals are in the criterion
//! benchmark `cargo bench --bench step`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use zonesim::engine::Simulation;
use zonesim::model::firms::{Firms, Workers};
use zonesim::scenario::Scenario;

fn main() {
    // cargo bench passes `--bench`; anything else names a scenario.
    let mut names: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    if names.is_empty() {
        names = vec!["baseline".into(), "province".into()];
    }
    let threads = rayon::current_num_threads();
    bandwidth(threads);
    for name in names.into_iter().filter(|n| n != "bandwidth") {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(format!("{name}.toml"));
        let sc = Scenario::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let steps = sc.simulation.steps;
        measure(&sc, steps.min(4)); // warm-up
        let m = measure(&sc, steps);
        report(&name, threads, steps, &m);
    }
}

struct Measured {
    agents: usize,
    firms: usize,
    workers: usize,
    init: Duration,
    phases: BTreeMap<usize, (&'static str, Duration)>,
    total: Duration,
    heap_bytes: usize,
}

fn measure(sc: &Scenario, steps: u32) -> Measured {
    let clock = Instant::now();
    let mut sim = Simulation::new(sc, 0);
    let init = clock.elapsed();
    let (firms, workers) = sim.agent_counts();
    let mut phases: BTreeMap<usize, (&'static str, Duration)> = BTreeMap::new();
    let clock = Instant::now();
    for _ in 0..steps {
        for (i, (name, t)) in sim.step_profiled().into_iter().enumerate() {
            phases.entry(i).or_insert((name, Duration::ZERO)).1 += t;
        }
    }
    let total = clock.elapsed();
    std::hint::black_box(sim.observation());
    Measured {
        agents: firms + workers,
        firms,
        workers,
        init,
        phases,
        total,
        heap_bytes: sim.heap_bytes(),
    }
}

fn report(name: &str, threads: usize, steps: u32, m: &Measured) {
    let agent_steps = m.agents as f64 * f64::from(steps);
    let mut out = String::new();
    out.push_str(&format!(
        "\n{name}: {} firms + {} workers = {} agents, {steps} steps, {threads} thread(s); set-up {:.2} s; agent state {:.0} MB ({:.0} bytes/agent)\n",
        m.firms,
        m.workers,
        m.agents,
        m.init.as_secs_f64(),
        m.heap_bytes as f64 / 1e6,
        m.heap_bytes as f64 / m.agents as f64
    ));
    out.push_str(&format!(
        "{:<18} {:>10} {:>8} {:>16} {:>12}\n",
        "phase", "time (s)", "share", "agent-steps/s", "ns/agent-step"
    ));
    let mut csv = String::from("scenario,threads,steps,agents,phase,seconds,share,agent_steps_per_second,ns_per_agent_step\n");
    let rows = m
        .phases
        .values()
        .map(|(p, t)| (*p, *t))
        .chain(std::iter::once(("whole step", m.total)));
    for (phase, t) in rows {
        let secs = t.as_secs_f64();
        let share = secs / m.total.as_secs_f64();
        let rate = agent_steps / secs;
        let ns = secs * 1e9 / agent_steps;
        out.push_str(&format!(
            "{phase:<18} {secs:>10.3} {:>7.1}% {rate:>16.3e} {ns:>12.2}\n",
            share * 100.0
        ));
        csv.push_str(&format!(
            "{name},{threads},{steps},{},{phase},{secs},{share},{rate},{ns}\n",
            m.agents
        ));
    }
    print!("{out}");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    let file = dir.join(format!("phases-{name}-{threads}t.csv"));
    let write = std::fs::File::create(&file).and_then(|mut f| f.write_all(csv.as_bytes()));
    if let Err(e) = write {
        eprintln!("could not write {}: {e}", file.display());
    }
}

/// The machine's memory bandwidth as the simulation's loops see it: a
/// parallel sum over 1 GiB (read) and a parallel scaled copy between two
/// 512 MiB arrays (read + write), best of five, in the same rayon pool. The
/// bound of docs/performance.md divides bytes touched per step by these.
fn bandwidth(threads: usize) {
    const N: usize = 1 << 27; // 2^27 f64 = 1 GiB
    let a: Vec<f64> = (0..N).into_par_iter().map(|i| i as f64).collect();
    let best = |f: &dyn Fn() -> f64| {
        (0..5)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    // Eight independent lanes, so the sum is not bound by the latency of
    // one floating-point add after another.
    let read = best(&|| {
        a.par_chunks(1 << 16)
            .map(|c| {
                let mut lanes = [0.0f64; 8];
                for x in c.chunks_exact(8) {
                    for (l, v) in lanes.iter_mut().zip(x) {
                        *l += v;
                    }
                }
                lanes.iter().sum::<f64>()
            })
            .sum()
    });
    let half = N / 2;
    let mut b = vec![0.0f64; half];
    let (src, _) = a.split_at(half);
    let t = (0..5)
        .map(|_| {
            let t = Instant::now();
            b.par_chunks_mut(1 << 16)
                .zip(src.par_chunks(1 << 16))
                .for_each(|(d, s)| d.iter_mut().zip(s).for_each(|(d, s)| *d = 1.5 * s));
            std::hint::black_box(&b);
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min);
    let gib = (N * 8) as f64 / 1e9;
    println!(
        "memory bandwidth, {threads} thread(s): read {:.1} GB/s, copy (read + write) {:.1} GB/s",
        gib / read,
        gib / t
    );
    println!(
        "state per agent: a firm {} bytes (columns), a worker {} bytes",
        Firms::BYTES_PER_ROW,
        Workers::BYTES_PER_WORKER
    );
}
