//! The files of a run: per-step metrics for every replicate and zone, a
//! summary across replicates, a firm-level snapshot of the last step, the
//! resolved scenario, a manifest and charts. Schemas are documented in
//! docs/outputs.md.

use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::{OutputError, Staging, csv_err, io_err, write_atomic};
use crate::experiment::stats::{Accumulator, Summary};
use crate::experiment::{ReplicateResult, Shortfall, shortfall_notes};
use crate::model::{METRICS, Metric, N_METRICS};
use crate::scenario::Scenario;

type CsvOut = csv::Writer<BufWriter<File>>;

/// Firms formatted per parallel task, and per window held in memory at once.
const FIRM_CHUNK: usize = 16_384;
const FIRM_WINDOW: usize = 16 * FIRM_CHUNK;

/// The CSV text that `write` writes.
fn csv_bytes(write: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>) -> csv::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    write(&mut w)?;
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// One row of firms.csv. Numbers are formatted into one reused buffer
/// (`field`), so a row allocates nothing; the text is that of
/// [`num`] and [`num32`].
fn write_firm<W: std::io::Write>(
    w: &mut csv::Writer<W>,
    field: &mut String,
    rep: &str,
    step: &str,
    f: &crate::engine::FirmRecord,
) -> csv::Result<()> {
    use std::fmt::Write as _;
    let mut put = |w: &mut csv::Writer<W>, x: &dyn std::fmt::Display| {
        field.clear();
        let _ = write!(field, "{x}");
        w.write_field(field.as_bytes())
    };
    w.write_field(rep)?;
    w.write_field(step)?;
    put(w, &f.id)?;
    w.write_field(&f.zone)?;
    w.write_field(&f.sector)?;
    w.write_field(f.tier)?;
    put(w, &f.employees)?;
    put(w, &f.high_end)?;
    for x in [f.revenue, f.value_added, f.capital, f.productivity] {
        put(w, &Num32(x as f32))?;
    }
    put(w, &Num64(f.age_years))?;
    put(w, &Num32(f.growth as f32))?;
    w.write_field(f.status)?;
    w.write_field(f.ownership)?;
    w.write_field(if f.exporter { "1" } else { "0" })?;
    w.write_field(if f.overseas_base { "1" } else { "0" })?;
    put(w, &Num32(f.local_share as f32))?;
    w.write_record(None::<&[u8]>)
}

/// Displays an f32 as [`num32`] writes it.
struct Num32(f32);

impl std::fmt::Display for Num32 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0 == 0.0 { f.write_str("0") } else { write!(f, "{}", self.0) }
    }
}

/// Displays an f64 as [`num`] writes it.
struct Num64(f64);

impl std::fmt::Display for Num64 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_nan() {
            Ok(())
        } else if self.0 == 0.0 {
            f.write_str("0")
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// Year and quarter of a step: step 0 is the start of `start_year`; step s
/// is quarter ((s-1) mod 4) + 1 of year start_year + (s-1) div 4.
pub fn year_quarter(start_year: i32, step: u32) -> (i32, u32) {
    if step == 0 {
        (start_year, 0)
    } else {
        (start_year + ((step - 1) / 4) as i32, (step - 1) % 4 + 1)
    }
}

/// Time of a step in years, for chart axes.
pub fn step_time(start_year: i32, step: u32) -> f64 {
    f64::from(start_year) + f64::from(step) / 4.0
}

/// Shortest decimal that reads back as the same number.
/// NaN (a value that does not exist yet, such as year-on-year growth in the
/// first year) is written as an empty cell.
pub fn num(x: f64) -> String {
    Num64(x).to_string()
}

/// As [`num`], for values the engine stores in single precision: the
/// shortest decimal that reads back as the same `f32`.
pub fn num32(x: f64) -> String {
    Num32(x as f32).to_string()
}

/// Size and SHA-256 of a file, read in pieces (a large ensemble's
/// metrics.csv is never held in memory).
pub fn sha256_file(path: &Path) -> Result<(u64, String), OutputError> {
    use std::io::Read;
    let mut file = File::open(path).map_err(io_err(path))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(io_err(path))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    Ok((total, hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()))
}

/// What the caller learns when a run's files are complete.
#[derive(Debug)]
pub struct RunReport {
    pub dir: PathBuf,
    /// Summary at the last step of the scenario total.
    pub last: Vec<(Metric, Summary)>,
    pub first: Vec<(Metric, Summary)>,
    pub notes: Vec<String>,
}

/// Details for the manifest that only the caller knows.
#[derive(Debug, Clone)]
pub struct RunInfo {
    pub command: Vec<String>,
    pub started: SystemTime,
    /// Language of the charts.
    pub lang: super::i18n::Lang,
}

/// Receives replicate results in order and writes them as they come.
pub struct RunOutput<'a> {
    sc: &'a Scenario,
    staging: Staging,
    metrics: CsvOut,
    firms: BufWriter<File>,
    summary_steps: Vec<u32>,
    /// [zone (last = total)][metric][summary step], over replicates.
    summary: Vec<Vec<Vec<Accumulator>>>,
    /// [metric]: the scenario total at step 0 over replicates.
    start: Vec<Accumulator>,
    shortfalls: Vec<(u32, Shortfall)>,
    replicates: u32,
    error: Option<OutputError>,
}

fn csv_writer(path: &Path) -> Result<CsvOut, OutputError> {
    let file = File::create(path).map_err(io_err(path))?;
    Ok(csv::Writer::from_writer(BufWriter::new(file)))
}

impl<'a> RunOutput<'a> {
    /// Prepares the staging folder for a run going to `dest`.
    pub fn new(sc: &'a Scenario, dest: &Path) -> Result<RunOutput<'a>, OutputError> {
        let staging = Staging::new(dest)?;
        let metrics_path = staging.path("metrics.csv");
        let mut metrics = csv_writer(&metrics_path)?;
        let mut header = vec!["replicate", "step", "year", "quarter", "zone"];
        header.extend(METRICS.iter().map(|m| m.id));
        metrics.write_record(&header).map_err(csv_err(&metrics_path))?;
        let firms_path = staging.path("firms.csv");
        let mut firms = BufWriter::new(File::create(&firms_path).map_err(io_err(&firms_path))?);
        let header = csv_bytes(|w| {
            w.write_record([
                "replicate",
                "step",
                "firm_id",
                "zone",
                "sector",
                "tier",
                "employees",
                "high_end",
                "revenue",
                "value_added",
                "capital",
                "productivity",
                "age_years",
                "growth",
                "status",
                "ownership",
                "exporter",
                "overseas_base",
                "local_share",
            ])
        })
        .map_err(csv_err(&firms_path))?;
        firms.write_all(&header).map_err(io_err(&firms_path))?;
        let summary_steps = sc.summary_steps();
        let zones = sc.zones.len() + 1;
        Ok(RunOutput {
            sc,
            staging,
            metrics,
            firms,
            summary: vec![vec![vec![Accumulator::default(); summary_steps.len()]; N_METRICS]; zones],
            summary_steps,
            start: vec![Accumulator::default(); N_METRICS],
            shortfalls: Vec::new(),
            replicates: 0,
            error: None,
        })
    }

    /// Writes one replicate's rows and keeps what the summary and charts need.
    pub fn add(&mut self, r: &ReplicateResult) {
        if self.error.is_some() {
            return;
        }
        if let Err(e) = self.write_replicate(r) {
            self.error = Some(e);
        }
    }

    fn write_replicate(&mut self, r: &ReplicateResult) -> Result<(), OutputError> {
        let sc = self.sc;
        let path = self.staging.path("metrics.csv");
        let rep = r.replicate.to_string();
        for obs in &r.observations {
            let (year, quarter) = year_quarter(sc.simulation.start_year, obs.step);
            let (step, year, quarter) = (obs.step.to_string(), year.to_string(), quarter.to_string());
            let rows = obs
                .zones
                .iter()
                .enumerate()
                .map(|(z, v)| (sc.zones[z].id.as_str(), v))
                .chain(std::iter::once(("all", &obs.total)));
            for (zone, values) in rows {
                let mut record: Vec<String> = vec![rep.clone(), step.clone(), year.clone(), quarter.clone(), zone.to_string()];
                record.extend(values.iter().map(|x| num(*x)));
                self.metrics.write_record(&record).map_err(csv_err(&path))?;
            }
            if let Some(si) = self.summary_steps.iter().position(|s| *s == obs.step) {
                for (z, values) in obs.zones.iter().chain(std::iter::once(&obs.total)).enumerate() {
                    for (m, x) in values.iter().enumerate() {
                        self.summary[z][m][si].push(*x);
                    }
                }
            }
            if obs.step == 0 {
                for (m, x) in obs.total.iter().enumerate() {
                    self.start[m].push(*x);
                }
            }
        }
        let path = self.staging.path("firms.csv");
        for (step, firms) in &r.firms {
            let step = step.to_string();
            // A million firms are 250 MB of text: rows are formatted in
            // parallel, a window at a time, and written in order.
            for window in firms.chunks(FIRM_WINDOW) {
                let texts = window
                    .par_chunks(FIRM_CHUNK)
                    .map(|chunk| {
                        let mut field = String::new();
                        csv_bytes(|w| chunk.iter().try_for_each(|f| write_firm(w, &mut field, &rep, &step, f)))
                    })
                    .collect::<Result<Vec<Vec<u8>>, csv::Error>>()
                    .map_err(csv_err(&path))?;
                for t in texts {
                    self.firms.write_all(&t).map_err(io_err(&path))?;
                }
            }
        }
        self.shortfalls.extend(r.shortfalls.iter().map(|s| (r.replicate, s.clone())));
        self.replicates += 1;
        Ok(())
    }

    /// Writes the summary, charts, scenario and manifest, then moves the
    /// folder into place.
    pub fn finish(mut self, info: &RunInfo) -> Result<RunReport, OutputError> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let sc = self.sc;
        let metrics_path = self.staging.path("metrics.csv");
        self.metrics.flush().map_err(io_err(&metrics_path))?;
        let firms_path = self.staging.path("firms.csv");
        self.firms.flush().map_err(io_err(&firms_path))?;

        // Summary across replicates.
        let summary_path = self.staging.path("summary.csv");
        let mut w = csv_writer(&summary_path)?;
        w.write_record(["zone", "metric", "step", "year", "quarter", "n", "mean", "sd", "p5", "p50", "p95"])
            .map_err(csv_err(&summary_path))?;
        let zone_ids: Vec<&str> = sc.zones.iter().map(|z| z.id.as_str()).chain(std::iter::once("all")).collect();
        for (z, zone) in zone_ids.iter().enumerate() {
            for (m, info) in METRICS.iter().enumerate() {
                for (si, step) in self.summary_steps.iter().enumerate() {
                    let s = self.summary[z][m][si].summary();
                    let (year, quarter) = year_quarter(sc.simulation.start_year, *step);
                    w.write_record([
                        zone.to_string(),
                        info.id.to_string(),
                        step.to_string(),
                        year.to_string(),
                        quarter.to_string(),
                        s.n.to_string(),
                        num(s.mean),
                        num(s.sd),
                        num(s.p5),
                        num(s.p50),
                        num(s.p95),
                    ])
                    .map_err(csv_err(&summary_path))?;
                }
            }
        }
        w.flush().map_err(io_err(&summary_path))?;

        // The scenario as resolved, so the run can be repeated from its folder.
        write_atomic(&self.staging.path("scenario.toml"), sc.resolved.as_bytes())?;

        let mut notes = shortfall_notes(sc, &self.shortfalls);

        // Manifest.
        let finished = SystemTime::now();
        let mut outputs = serde_json::Map::new();
        for name in ["metrics.csv", "summary.csv", "firms.csv", "scenario.toml"] {
            let path = self.staging.path(name);
            let (bytes, digest) = sha256_file(&path)?;
            outputs.insert(name.to_string(), serde_json::json!({ "bytes": bytes, "sha256": digest }));
        }
        let manifest = serde_json::json!({
            "zonesim_version": env!("CARGO_PKG_VERSION"),
            "kind": "run",
            "scenario": {
                "name": sc.name,
                "name_zh": sc.name_zh,
                "files": sc.sources.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
                "sha256": sc.hash,
            },
            "seed": sc.simulation.seed,
            "replicates": self.replicates,
            "steps": sc.simulation.steps,
            "start_year": sc.simulation.start_year,
            "summary_steps": self.summary_steps,
            "command": info.command,
            "threads": rayon::current_num_threads(),
            "started": humantime::format_rfc3339_seconds(info.started).to_string(),
            "finished": humantime::format_rfc3339_seconds(finished).to_string(),
            "wall_seconds": finished.duration_since(info.started).map(|d| d.as_secs_f64()).unwrap_or(0.0),
            "outputs": outputs,
            "warnings": notes,
        });
        let text = serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n";
        write_atomic(&self.staging.path("manifest.json"), text.as_bytes())?;
        // Charts are drawn from the files just written, as `zonesim plot` would.
        notes.extend(super::plot::render(&self.staging.dir, info.lang).map_err(|e| OutputError::Chart {
            path: self.staging.path("charts"),
            message: e.to_string(),
        })?);

        let total = zone_ids.len() - 1;
        let last_si = self.summary_steps.len() - 1;
        let headline = [
            Metric::Gdp,
            Metric::ShareEmergingFuture,
            Metric::Firms,
            Metric::Employed,
            Metric::HighEndTalent,
            Metric::LocalSupplyRate,
            Metric::Exports,
            Metric::AverageWage,
            Metric::BudgetBalance,
        ];
        let last = headline
            .iter()
            .map(|m| (*m, self.summary[total][m.index()][last_si].summary()))
            .collect();
        let first = headline.iter().map(|m| (*m, self.start[m.index()].summary())).collect();
        let dir = self.staging.commit()?;
        Ok(RunReport { dir, last, first, notes })
    }
}
