//! Command-line interface: argument parsing, progress, printing and exit
//! codes. The only module that knows clap, indicatif and exit codes.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use zonesim::experiment::run_ensemble;
use zonesim::output::OutputError;
use zonesim::output::run::{RunInfo, RunOutput};
use zonesim::scenario::{Scenario, ScenarioError};

const EXAMPLES: &str = "\
Examples:
  zonesim run scenarios/baseline.toml
      10 replicates of the baseline (as the file says), results in output/baseline/
  zonesim run scenarios/talent-first.toml --replicates 50 --seed 7 --out results/talent
  zonesim run scenarios/province.toml --steps 20 --quiet
  zonesim compare scenarios/baseline.toml scenarios/talent-first.toml scenarios/chain-attraction.toml --replicates 20
      paired differences with 95 % intervals, in output/compare-baseline/comparison.md
  zonesim sweep scenarios/talent-first.toml --set levers.talent_subsidy.high_end_amount=0:0.03:4 --replicates 8
      response of talent, GDP and the budget to the subsidy, in output/sweep-talent-first/
  zonesim plot output/baseline --lang zh
      redraw the run's charts with Chinese titles and labels, without simulating again
  zonesim report output/compare-baseline
      output/compare-baseline/report.html (self-contained) and report.md
  zonesim validate scenarios/reform-logistics.toml > resolved.toml

Exit codes: 0 success, 2 bad input (scenario, arguments, unwritable output), 1 internal error.";

const RUN_EXAMPLES: &str = "\
Examples:
  zonesim run scenarios/baseline.toml
      the replicates the file asks for; output/baseline/ holds metrics.csv, summary.csv,
      firms.csv, scenario.toml, manifest.json and charts/
  zonesim run scenarios/talent-first.toml --replicates 50 --seed 7 --out results/talent
  zonesim run scenarios/province.toml --steps 20 --quiet --lang zh

Exit codes: 0 success, 2 bad input (scenario, arguments, unwritable output), 1 internal error.";

const COMPARE_EXAMPLES: &str = "\
Examples:
  zonesim compare scenarios/baseline.toml scenarios/chain-attraction.toml --replicates 20
  zonesim compare scenarios/baseline.toml scenarios/talent-first.toml scenarios/reform-logistics.toml \\
      --horizons 8,20,40 --out results/policies --lang zh";

const SWEEP_EXAMPLES: &str = "\
Examples:
  zonesim sweep scenarios/talent-first.toml --set levers.talent_subsidy.high_end_amount=0:0.03:4 --replicates 8
  zonesim sweep scenarios/baseline.toml --set levers.rd_subsidy.size=0:200:5 --set levers.talent_subsidy.size=0:600:4";

const VALIDATE_EXAMPLES: &str = "\
Examples:
  zonesim validate scenarios/reform-logistics.toml > resolved.toml
      prints the scenario with extends, defaults and levers merged; a summary goes to stderr";

#[derive(Parser)]
#[command(
    name = "zonesim",
    version,
    about = "Agent-based simulator of industrial development zones (开发区) and their policy levers",
    long_about = "zonesim simulates firms, workers and governments of development zones, quarter by quarter, \
under the policy levers a scenario file sets, and writes per-step metrics, summaries across replicates, \
a firm snapshot and charts. Same scenario and seed give byte-identical CSV output on any number of threads.",
    after_help = EXAMPLES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Simulate a scenario: metrics.csv, summary.csv, firms.csv, charts/ and manifest.json
    #[command(after_help = RUN_EXAMPLES)]
    Run(RunArgs),
    /// Compare policy variants with a baseline: paired differences with 95 % intervals, fiscal cost, charts
    #[command(after_help = COMPARE_EXAMPLES)]
    Compare(CompareArgs),
    /// Sweep one or two levers over a grid (--set), or several over a Latin hypercube (--lhs)
    #[command(after_help = SWEEP_EXAMPLES)]
    Sweep(SweepArgs),
    /// Redraw every chart of a finished run, comparison or sweep from its files (no simulation)
    Plot(FolderArgs),
    /// Write a self-contained HTML report (and a Markdown one) of a finished run, comparison or sweep
    Report(FolderArgs),
    /// Check a scenario file and print it fully resolved (extends, defaults and levers merged)
    #[command(after_help = VALIDATE_EXAMPLES)]
    Validate {
        /// Scenario file (TOML)
        file: PathBuf,
    },
}

#[derive(Args)]
struct RunArgs {
    /// Scenario file (TOML)
    file: PathBuf,
    /// Replicates to run (overrides simulation.replicates)
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    replicates: Option<u32>,
    /// Master seed (overrides simulation.seed)
    #[arg(long, value_parser = clap::value_parser!(u64).range(0..=i64::MAX as u64))]
    seed: Option<u64>,
    /// Steps (quarters) to simulate (overrides simulation.steps)
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    steps: Option<u32>,
    /// Output folder [default: output/<scenario file name>]
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replicates whose firms go into firms.csv (the first N)
    #[arg(long, default_value_t = 10)]
    firms: u32,
    /// Language of chart titles, labels and names: en or zh
    #[arg(long, default_value = "en", value_parser = ["en", "zh"])]
    lang: String,
    /// No progress bar
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args)]
struct CompareArgs {
    /// Baseline scenario (TOML)
    baseline: PathBuf,
    /// Variant scenarios, usually files that extend the baseline
    #[arg(required = true)]
    variants: Vec<PathBuf>,
    /// Paired replicates (default: the baseline's simulation.replicates)
    #[arg(long, value_parser = clap::value_parser!(u32).range(2..=1_000_000))]
    replicates: Option<u32>,
    /// Master seed for every scenario (default: the baseline's)
    #[arg(long, value_parser = clap::value_parser!(u64).range(0..=i64::MAX as u64))]
    seed: Option<u64>,
    /// Steps for every scenario (default: the baseline's)
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    steps: Option<u32>,
    /// Horizons as steps, e.g. 12,20,40 [default: years 3, 5, 10 and the last step]
    #[arg(long, value_delimiter = ',')]
    horizons: Vec<u32>,
    /// Output folder [default: output/compare-<baseline file name>]
    #[arg(long)]
    out: Option<PathBuf>,
    /// Language of chart titles, labels and names: en or zh
    #[arg(long, default_value = "en", value_parser = ["en", "zh"])]
    lang: String,
    /// No progress bar
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args)]
struct SweepArgs {
    /// Scenario file (TOML)
    file: PathBuf,
    /// KEY=FROM:TO:N: N evenly spaced values of a numeric key; give one or two
    #[arg(long = "set", value_name = "KEY=FROM:TO:N")]
    set: Vec<String>,
    /// N points of a Latin hypercube over the ranges in the file's [sweep.ranges]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(2..=100_000), conflicts_with = "set")]
    lhs: Option<u32>,
    /// Replicates per point (default: the scenario's simulation.replicates)
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    replicates: Option<u32>,
    /// Master seed (default: the scenario's)
    #[arg(long, value_parser = clap::value_parser!(u64).range(0..=i64::MAX as u64))]
    seed: Option<u64>,
    /// Steps (default: the scenario's)
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    steps: Option<u32>,
    /// Horizons as steps, e.g. 12,20,40 [default: years 3, 5, 10 and the last step]
    #[arg(long, value_delimiter = ',')]
    horizons: Vec<u32>,
    /// Output folder [default: output/sweep-<scenario file name>]
    #[arg(long)]
    out: Option<PathBuf>,
    /// Language of chart titles, labels and names: en or zh
    #[arg(long, default_value = "en", value_parser = ["en", "zh"])]
    lang: String,
    /// No progress bar
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args)]
struct FolderArgs {
    /// Folder written by zonesim run, compare or sweep
    dir: PathBuf,
    /// Language of chart titles, labels and names: en or zh
    #[arg(long, default_value = "en", value_parser = ["en", "zh"])]
    lang: String,
}

/// A failure and the exit code it maps to.
enum Failure {
    /// The user's input: a scenario, an argument, an output folder.
    Input(anyhow::Error),
    Internal(anyhow::Error),
}

pub fn main() -> ExitCode {
    restore_sigpipe();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run(args),
        Command::Compare(args) => compare(args),
        Command::Sweep(args) => sweep(args),
        Command::Plot(args) => plot(args),
        Command::Report(args) => report(args),
        Command::Validate { file } => validate(&file),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(e)) => {
            eprintln!("error: {}", message(&e));
            ExitCode::from(2)
        }
        Err(Failure::Internal(e)) => {
            eprintln!("internal error: {}", message(&e));
            ExitCode::from(1)
        }
    }
}

/// An error and its causes on one line, each cause once: most of our
/// errors already quote their cause (`cannot read X: No such file`), so a
/// cause whose text the message holds is not repeated.
fn message(e: &anyhow::Error) -> String {
    let mut text = e.to_string();
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !text.contains(&c) {
            text.push_str(": ");
            text.push_str(&c);
        }
    }
    text
}

/// The output folder cannot be made: says which, why, and what is expected.
fn unwritable(dest: &Path, e: OutputError) -> Failure {
    Failure::Input(anyhow::anyhow!(
        "the output folder {} cannot be created: {e}. Expected a folder path (--out) whose parent folders \
exist or can be created, are folders rather than files, and can be written",
        dest.display()
    ))
}

/// Lets a closed pipe end the program quietly, as it ends other Unix tools
/// (`zonesim validate FILE | head`). Rust ignores SIGPIPE, so a write to a
/// closed pipe would otherwise make `print!` panic. Nothing is lost: every
/// file is written before anything is printed to stdout.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: sets the default disposition of one signal before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn load(file: &Path) -> Result<Scenario, Failure> {
    Scenario::load(file).map_err(|e| match e {
        ScenarioError::Read { .. } => Failure::Input(anyhow::Error::new(e)),
        ScenarioError::Invalid(_) => Failure::Input(anyhow::anyhow!("{e}")),
    })
}

fn validate(file: &Path) -> Result<(), Failure> {
    let sc = load(file)?;
    let firms: u64 = sc.zones.iter().flat_map(|z| z.firms.iter().map(|(_, p)| u64::from(p.count))).sum();
    let workers: f64 = sc.zones.iter().map(|z| z.workforce.iter().sum::<f64>()).sum();
    print!("{}", sc.resolved);
    eprintln!(
        "ok: {} — {} zone(s), {} sector(s), {} market(s), {firms} firms, {workers:.0} workers, {} steps x {} replicates, sha256 {}",
        file.display(),
        sc.zones.len(),
        sc.sectors.len(),
        sc.markets.len(),
        sc.simulation.steps,
        sc.simulation.replicates,
        &sc.hash[..12]
    );
    Ok(())
}

fn run(args: RunArgs) -> Result<(), Failure> {
    let started = SystemTime::now();
    let clock = Instant::now();
    let mut sc = load(&args.file)?;
    sc.override_simulation(args.steps, args.replicates, args.seed);
    let stem = args
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "run".into());
    let dest = args.out.clone().unwrap_or_else(|| Path::new("output").join(stem));
    // Fail on an unwritable output folder before simulating anything.
    let mut out = RunOutput::new(&sc, &dest).map_err(|e| unwritable(&dest, e))?;

    let replicates = sc.simulation.replicates;
    let steps = sc.simulation.steps;
    let bar = progress(u64::from(replicates) * u64::from(steps), args.quiet, sc.name.clone());
    let tick = || bar.tick();
    let out_ref = &mut out;
    let mut failure = None;
    run_ensemble(&sc, replicates, args.firms, &tick, |r| match r {
        Ok(r) => out_ref.add(&r),
        Err(e) => {
            failure.get_or_insert(e);
        }
    });
    bar.finish();
    if let Some(e) = failure {
        // The staging folder is removed when `out` is dropped: nothing is written.
        return Err(Failure::Internal(anyhow::anyhow!(
            "the simulation failed a check ({e}); this is a bug in zonesim, please report it with the scenario file"
        )));
    }

    let info = RunInfo {
        command: std::env::args().collect(),
        started,
        lang: lang_of(&args.lang),
    };
    let report = out.finish(&info).map_err(|e| match e {
        OutputError::Chart { .. } => Failure::Internal(anyhow::Error::new(e)),
        _ => Failure::Input(anyhow::Error::new(e)),
    })?;
    let elapsed = clock.elapsed().as_secs_f64();
    println!("zonesim: {} — {replicates} replicate(s) x {steps} steps in {elapsed:.1} s", sc.name);
    println!(
        "wrote {}/ (metrics.csv, summary.csv, firms.csv, scenario.toml, manifest.json, charts/)",
        report.dir.display()
    );
    println!();
    println!(
        "{:<70} {:>12} {:>12}   90 % band at the end",
        "scenario total",
        "step 0",
        format!("step {steps}")
    );
    for ((metric, first), (_, last)) in report.first.iter().zip(&report.last) {
        let info = metric.info();
        println!(
            "{:<70} {:>12} {:>12}   [{} – {}]",
            format!("{} ({})", info.en, info.unit_en),
            fmt(first.p50),
            fmt(last.p50),
            fmt(last.p5),
            fmt(last.p95)
        );
    }
    for note in &report.notes {
        eprintln!("warning: {note}");
    }
    Ok(())
}

/// A progress bar on stderr that appears only once a run has taken half a
/// second (a short run does not flash one) and never when stderr is not a
/// terminal or with `--quiet`.
struct Progress {
    bar: ProgressBar,
    wanted: bool,
    shown: std::sync::atomic::AtomicBool,
    started: Instant,
}

impl Progress {
    const DELAY: Duration = Duration::from_millis(500);

    fn tick(&self) {
        use std::sync::atomic::Ordering::Relaxed;
        self.bar.inc(1);
        if self.wanted && !self.shown.load(Relaxed) && self.started.elapsed() >= Self::DELAY && !self.shown.swap(true, Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn progress(total: u64, quiet: bool, message: String) -> Progress {
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{bar:40}] {pos}/{len} replicate-steps, {elapsed} elapsed, ~{eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(message);
    Progress {
        bar,
        wanted: !quiet && std::io::stderr().is_terminal(),
        shown: false.into(),
        started: Instant::now(),
    }
}

fn compare(args: CompareArgs) -> Result<(), Failure> {
    let started = SystemTime::now();
    let clock = Instant::now();
    let mut scenarios = vec![load(&args.baseline)?];
    for v in &args.variants {
        scenarios.push(load(v)?);
    }
    // Common random numbers: every scenario runs the baseline's seed and replicates.
    let seed = args.seed.unwrap_or(scenarios[0].simulation.seed);
    let replicates = args.replicates.unwrap_or(scenarios[0].simulation.replicates.max(2));
    for sc in &mut scenarios {
        sc.override_simulation(args.steps, Some(replicates), Some(seed));
    }
    for (sc, path) in scenarios[1..].iter().zip(&args.variants) {
        if let Some(why) = zonesim::experiment::compare::incompatibility(&scenarios[0], sc) {
            return Err(Failure::Input(anyhow::anyhow!(
                "{} cannot be compared with the baseline {}: {why}",
                path.display(),
                args.baseline.display()
            )));
        }
    }
    let steps = scenarios[0].simulation.steps;
    let horizons = horizons_for(&args.horizons, steps)?;
    let stem = args
        .baseline
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "baseline".into());
    let dest = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("output").join(format!("compare-{stem}")));
    let staging = zonesim::output::Staging::new(&dest).map_err(|e| unwritable(&dest, e))?;

    let bar = progress(
        u64::from(replicates) * u64::from(steps) * scenarios.len() as u64,
        args.quiet,
        format!("comparing {} scenarios", scenarios.len()),
    );
    let tick = || bar.tick();
    let charted = zonesim::output::plot::TRAJECTORIES.to_vec();
    let result = zonesim::experiment::compare::compare(&scenarios, replicates, &horizons, &charted, &tick);
    bar.finish();
    let comparison = result.map_err(|e| {
        Failure::Internal(anyhow::anyhow!(
            "the simulation failed a check ({e}); this is a bug in zonesim, please report it with the scenario files"
        ))
    })?;
    let info = RunInfo {
        command: std::env::args().collect(),
        started,
        lang: lang_of(&args.lang),
    };
    let (dir, markdown, notes) = zonesim::output::compare::write(staging, &scenarios, &comparison, &info).map_err(|e| match e {
        OutputError::Chart { .. } => Failure::Internal(anyhow::Error::new(e)),
        _ => Failure::Input(anyhow::Error::new(e)),
    })?;
    for note in &notes {
        eprintln!("warning: {note}");
    }
    print!("{markdown}");
    println!(
        "zonesim: {} scenarios x {replicates} paired replicates x {steps} steps in {:.1} s; wrote {}/ (comparison.csv, fiscal.csv, comparison.md, charts/, manifest.json)",
        scenarios.len(),
        clock.elapsed().as_secs_f64(),
        dir.display()
    );
    Ok(())
}

fn horizons_for(requested: &[u32], steps: u32) -> Result<Vec<u32>, Failure> {
    if requested.is_empty() {
        return Ok(zonesim::experiment::compare::default_horizons(steps));
    }
    let mut h = requested.to_vec();
    h.sort_unstable();
    h.dedup();
    if let Some(bad) = h.iter().find(|s| **s == 0 || **s > steps) {
        return Err(Failure::Input(anyhow::anyhow!(
            "--horizons: step {bad} is outside the run's steps 1 to {steps}"
        )));
    }
    Ok(h)
}

fn sweep(args: SweepArgs) -> Result<(), Failure> {
    use zonesim::experiment::sweep::{Shape, check_points, grid, latin_hypercube, parse_set, run_sweep};
    use zonesim::output::sweep::Design;
    let started = SystemTime::now();
    let clock = Instant::now();
    let doc = zonesim::scenario::Document::load(&args.file).map_err(scenario_failure)?;
    let base = Scenario::from_document(&doc).map_err(scenario_failure)?;
    let (keys, points, design) = if let Some(n) = args.lhs {
        if base.sweep_ranges.is_empty() {
            return Err(Failure::Input(anyhow::anyhow!(
                "--lhs needs ranges: {} has no [sweep.ranges] table (e.g. \"levers.talent_subsidy.size\" = [0.0, 600.0])",
                args.file.display()
            )));
        }
        let mut keys = Vec::new();
        let mut ranges = Vec::new();
        for (k, [lo, hi]) in &base.sweep_ranges {
            keys.push(zonesim::scenario::set::settable(&doc, k).map_err(|e| Failure::Input(anyhow::anyhow!(e)))?);
            ranges.push((*lo, *hi));
        }
        let mut points = latin_hypercube(&ranges, n, args.seed.unwrap_or(base.simulation.seed));
        // Whole-number keys take whole numbers (the value the scenario gets).
        for p in &mut points {
            for (v, k) in p.iter_mut().zip(&keys) {
                if k.is_integer() {
                    *v = v.round();
                }
            }
        }
        (keys, points, Design::LatinHypercube)
    } else {
        if args.set.is_empty() || args.set.len() > 2 {
            return Err(Failure::Input(anyhow::anyhow!(
                "sweep needs one or two --set KEY=FROM:TO:N (a grid), or --lhs N with [sweep.ranges] in the file; got {} --set",
                args.set.len()
            )));
        }
        let axes = args
            .set
            .iter()
            .map(|s| parse_set(&doc, s))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| Failure::Input(anyhow::anyhow!(e)))?;
        if axes.len() == 2 && axes[0].key.text == axes[1].key.text {
            return Err(Failure::Input(anyhow::anyhow!("--set names `{}` twice", axes[0].key.text)));
        }
        let points = grid(&axes);
        (axes.into_iter().map(|a| a.key).collect(), points, Design::Grid)
    };
    // Every point must be a valid scenario before anything runs; the run's
    // shape (steps, replicates, seed) is the same at every point.
    let shape = Shape {
        steps: args.steps,
        replicates: args.replicates,
        seed: args.seed,
    };
    let first = check_points(&doc, &keys, &points, shape).map_err(|e| Failure::Input(anyhow::anyhow!(e)))?;
    let mut base = base;
    base.override_simulation(args.steps, args.replicates, args.seed);
    let replicates = base.simulation.replicates;
    let steps = base.simulation.steps;
    let horizons = horizons_for(&args.horizons, steps)?;
    let stem = args
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "sweep".into());
    let dest = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("output").join(format!("sweep-{stem}")));
    let staging = zonesim::output::Staging::new(&dest).map_err(|e| unwritable(&dest, e))?;
    let key_names: Vec<String> = keys.iter().map(|k| k.text.clone()).collect();
    let mut out =
        zonesim::output::sweep::SweepOutput::new(staging, &base, &key_names, &points).map_err(|e| Failure::Input(anyhow::Error::new(e)))?;

    let bar = progress(
        u64::from(replicates) * u64::from(steps) * points.len() as u64,
        args.quiet,
        format!("{} points", points.len()),
    );
    let tick = || bar.tick();
    // The response at the last horizon, for all zones together, to print.
    let last = horizons.len() - 1;
    let total = base.zones.len();
    let shown = [
        zonesim::model::Metric::Gdp,
        zonesim::model::Metric::HighEndTalent,
        zonesim::model::Metric::LocalSupplyRate,
        zonesim::model::Metric::Exports,
    ];
    let mut lines = Vec::new();
    let result = run_sweep(&first, &doc, &keys, &points, shape, &horizons, &tick, &mut |r| {
        let values: Vec<String> = points[r.point].iter().map(|x| zonesim::output::run::num(*x)).collect();
        let cells: Vec<String> = shown
            .iter()
            .map(|m| {
                let s = &r.stats[last][total][m.index()];
                let (lo, hi) = s.ci95();
                format!("{} {} [{}, {}]", m.info().id, fmt(s.mean()), fmt(lo), fmt(hi))
            })
            .collect();
        lines.push(format!("  {:<24} {}", values.join(", "), cells.join("  ")));
        out.add(&r, &horizons)
    });
    bar.finish();
    let written = result.map_err(|e| {
        Failure::Internal(anyhow::anyhow!(
            "the simulation failed a check ({e}); this is a bug in zonesim, please report it with the scenario file"
        ))
    })?;
    written.map_err(|e| Failure::Input(anyhow::Error::new(e)))?;
    let info = RunInfo {
        command: std::env::args().collect(),
        started,
        lang: lang_of(&args.lang),
    };
    let (dir, notes) = out.finish(&base, design, &horizons, &info).map_err(|e| match e {
        OutputError::Chart { .. } => Failure::Internal(anyhow::Error::new(e)),
        _ => Failure::Input(anyhow::Error::new(e)),
    })?;
    for note in &notes {
        eprintln!("warning: {note}");
    }
    println!(
        "{} at step {} (mean of {replicates} replicates [95 % CI]):",
        key_names.join(", "),
        horizons[last]
    );
    // A long sweep prints its first and last points; response.csv has all.
    for (i, line) in lines.iter().enumerate() {
        if lines.len() <= 40 || !(20..lines.len() - 10).contains(&i) {
            println!("{line}");
        } else if i == 20 {
            println!("  … {} more points in response.csv …", lines.len() - 30);
        }
    }
    println!(
        "zonesim: {} points x {replicates} replicates x {steps} steps in {:.1} s; wrote {}/ (points.csv, response.csv, charts/, manifest.json)",
        points.len(),
        clock.elapsed().as_secs_f64(),
        dir.display()
    );
    Ok(())
}

fn scenario_failure(e: ScenarioError) -> Failure {
    match e {
        ScenarioError::Read { .. } => Failure::Input(anyhow::Error::new(e)),
        ScenarioError::Invalid(_) => Failure::Input(anyhow::anyhow!("{e}")),
    }
}

fn lang_of(s: &str) -> zonesim::output::i18n::Lang {
    zonesim::output::i18n::Lang::parse(s).unwrap_or_default()
}

fn plot(args: FolderArgs) -> Result<(), Failure> {
    let notes = zonesim::output::plot::render(&args.dir, lang_of(&args.lang)).map_err(|e| match e {
        zonesim::output::plot::PlotError::Read { .. } => Failure::Input(anyhow::Error::new(e)),
        zonesim::output::plot::PlotError::Write(_) => Failure::Internal(anyhow::Error::new(e)),
    })?;
    for note in &notes {
        eprintln!("warning: {note}");
    }
    println!(
        "redrew the charts of {} in {}",
        args.dir.display(),
        args.dir.join("charts").display()
    );
    Ok(())
}

fn report(args: FolderArgs) -> Result<(), Failure> {
    let lang = lang_of(&args.lang);
    let written = zonesim::output::report::write(&args.dir, lang).map_err(|e| match e {
        zonesim::output::plot::PlotError::Read { .. } => Failure::Input(anyhow::Error::new(e)),
        zonesim::output::plot::PlotError::Write(_) => Failure::Internal(anyhow::Error::new(e)),
    })?;
    for note in &written.notes {
        eprintln!("warning: {note}");
    }
    println!("wrote {} and {}", written.html.display(), written.markdown.display());
    Ok(())
}

fn fmt(x: f64) -> String {
    if !x.is_finite() {
        "-".into()
    } else if x.abs() >= 100.0 {
        let s = format!("{:.0}", x.abs());
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if x < 0.0 { format!("-{out}") } else { out }
    } else {
        format!("{x:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::fmt;

    #[test]
    fn numbers_print_with_thousands_separators() {
        assert_eq!(fmt(1_234_567.4), "1,234,567");
        assert_eq!(fmt(-4_321.0), "-4,321");
        assert_eq!(fmt(0.1234), "0.123");
    }
}
