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

/// Zone and sector ids as they appear in a CSV field (quoted where the
/// csv crate would quote them), so that firms.csv rows can be assembled
/// from bytes.
struct CsvIds {
    zones: Vec<Vec<u8>>,
    sectors: Vec<Vec<u8>>,
}

impl CsvIds {
    fn new(sc: &Scenario) -> csv::Result<CsvIds> {
        // A record ("x", id) is written as `x,<field>\n`.
        let field = |id: &str| csv_bytes(|w| w.write_record(["x", id])).map(|text| text[2..text.len() - 1].to_vec());
        Ok(CsvIds {
            zones: sc.zones.iter().map(|z| field(&z.id)).collect::<csv::Result<_>>()?,
            sectors: sc.sectors.iter().map(|s| field(&s.id)).collect::<csv::Result<_>>()?,
        })
    }
}

/// One row of firms.csv, appended to `out`: the same text as the csv
/// crate writing [`num32`] and [`num`] fields, assembled from bytes with
/// `itoa` and `ryu` (a million firms are 130 MB of text, and the standard
/// float formatting through a csv writer took ≈ 1.6 µs a row).
fn firm_line(out: &mut Vec<u8>, prefix: &[u8], ids: &CsvIds, f: &crate::engine::FirmRecord) {
    let mut int = itoa::Buffer::new();
    let mut float = ryu::Buffer::new();
    out.extend_from_slice(prefix);
    out.extend_from_slice(int.format(f.id).as_bytes());
    out.push(b',');
    out.extend_from_slice(&ids.zones[usize::from(f.zone)]);
    out.push(b',');
    out.extend_from_slice(&ids.sectors[usize::from(f.sector)]);
    out.push(b',');
    out.extend_from_slice(f.tier.as_bytes());
    out.push(b',');
    out.extend_from_slice(int.format(f.employees).as_bytes());
    out.push(b',');
    out.extend_from_slice(int.format(f.high_end).as_bytes());
    for x in [f.revenue, f.value_added, f.capital, f.productivity] {
        out.push(b',');
        push_float(out, x as f32, &mut float);
    }
    out.push(b',');
    push_f64(out, f.age_years, &mut float);
    out.push(b',');
    push_float(out, f.growth as f32, &mut float);
    for word in [
        f.status,
        f.ownership,
        if f.exporter { "1" } else { "0" },
        if f.overseas_base { "1" } else { "0" },
    ] {
        out.push(b',');
        out.extend_from_slice(word.as_bytes());
    }
    out.push(b',');
    push_float(out, f.local_share as f32, &mut float);
    out.push(b'\n');
}

/// Appends `x` as [`Num64`] displays it (see [`push_float`]).
fn push_f64(out: &mut Vec<u8>, x: f64, buf: &mut ryu::Buffer) {
    if !x.is_nan() {
        push_float(out, x, buf);
    }
}

/// Appends an f32 as [`Num32`] displays it, or a non-NaN f64 as [`Num64`]
/// does: "0" for zero, else ryu's text where it is the standard library's.
/// ryu finds the same shortest digits as the standard library, except that
/// on an exact tie between two shortest decimals it rounds to even where
/// the standard library rounds up (1513.15625 is "1513.1562" to ryu,
/// "1513.1563" to Rust); its text also differs in writing whole numbers
/// with ".0" and very large or small ones with an exponent. Ties, exponents
/// and values outside [1e-5, 2^24) are left to the standard library (test
/// `fast_float_text_matches_display`).
fn push_float<F: ryu::Float + Into<f64> + std::fmt::Display + Copy>(out: &mut Vec<u8>, x: F, buf: &mut ryu::Buffer) {
    use std::io::Write as _;
    let wide: f64 = x.into();
    if wide == 0.0 {
        out.push(b'0');
        return;
    }
    if (1e-5..16_777_216.0).contains(&wide.abs())
        && let Some(text) = plain(buf.format_finite(x), wide)
    {
        out.extend_from_slice(text.as_bytes());
        return;
    }
    let _ = write!(out, "{x}");
}

/// ryu's `text` of `x` as the standard library writes it, or None where
/// they may differ: an exponent, or `x` exactly halfway between the shortest
/// decimal and its neighbour (a tie, which the two round differently).
fn plain(text: &str, x: f64) -> Option<&str> {
    let (int, frac) = text.split_once('.')?;
    if text.contains('e') {
        return None;
    }
    let frac = if frac == "0" { "" } else { frac };
    let plain = if frac.is_empty() { int } else { text };
    // The shortest decimal is d / 10^p; a tie puts x at (10 d ± 5) / 10^(p+1),
    // whose exact decimal has p + 1 digits after the point. A float with k
    // bits after the binary point has exactly k there (1 / 2^k = 5^k / 10^k),
    // so unless k = p + 1 there is no tie and no need to look closer (true
    // of nearly every number: the check below costs more than ryu itself).
    if fraction_bits(x) != frac.len() as i32 + 1 {
        return Some(plain);
    }
    let digits = |s: &str| {
        s.bytes()
            .filter(u8::is_ascii_digit)
            .try_fold(0u64, |a, c| a.checked_mul(10)?.checked_add(u64::from(c - b'0')))
    };
    let d = digits(int)?
        .checked_mul(10u64.checked_pow(frac.len() as u32)?)?
        .checked_add(digits(frac)?)?;
    let scale = 10f64.powi(frac.len() as i32 + 1);
    if frac.len() + 1 > 22 || d >= 1 << 49 {
        return None;
    }
    // Exact when x is a tie: then x * scale is an integer below 2^53.
    let y = x.abs() * scale;
    if y == (10 * d + 5) as f64 || (d > 0 && y == (10 * d - 5) as f64) {
        return None;
    }
    Some(plain)
}

/// How many binary digits `x` (finite) has after the point.
fn fraction_bits(x: f64) -> i32 {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let mantissa = bits & ((1 << 52) - 1) | if biased == 0 { 0 } else { 1 << 52 };
    if mantissa == 0 {
        return 0;
    }
    // x = mantissa * 2^(biased - 1075), subnormals at 2^-1074.
    let exponent = biased.max(1) - 1075 + mantissa.trailing_zeros() as i32;
    (-exponent).max(0)
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

/// A writer that hashes what passes through it, so a large file's SHA-256
/// is known when it is written, without reading it back.
struct Hashing<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: std::io::Write> std::io::Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<W> Hashing<W> {
    fn new(inner: W) -> Hashing<W> {
        Hashing {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// Size and SHA-256 (hex) of everything written, as [`sha256_file`].
    fn digest(&self) -> (u64, String) {
        (
            self.bytes,
            self.hasher.clone().finalize().iter().map(|b| format!("{b:02x}")).collect(),
        )
    }
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
    firms: BufWriter<Hashing<File>>,
    firm_ids: CsvIds,
    summary_steps: Vec<u32>,
    /// [zone (last = total)][metric][summary step], over replicates.
    summary: Vec<Vec<Vec<Accumulator>>>,
    /// [metric]: the scenario total at step 0 over replicates.
    start: Vec<Accumulator>,
    shortfalls: Vec<(u32, Shortfall)>,
    replicates: u32,
    /// Replicate 0's employees per firm at each snapshot, for the charts.
    sizes: super::plot::SnapshotSizes,
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
        let mut firms = BufWriter::with_capacity(1 << 20, Hashing::new(File::create(&firms_path).map_err(io_err(&firms_path))?));
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
        let firm_ids = CsvIds::new(sc).map_err(csv_err(&firms_path))?;
        let summary_steps = sc.summary_steps();
        let zones = sc.zones.len() + 1;
        Ok(RunOutput {
            sc,
            staging,
            firm_ids,
            metrics,
            firms,
            summary: vec![vec![vec![Accumulator::default(); summary_steps.len()]; N_METRICS]; zones],
            summary_steps,
            start: vec![Accumulator::default(); N_METRICS],
            shortfalls: Vec::new(),
            replicates: 0,
            sizes: Default::default(),
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
            if r.replicate == 0 {
                self.sizes.insert(*step, firms.iter().map(|f| f64::from(f.employees)).collect());
            }
            let prefix = format!("{rep},{step},");
            let ids = &self.firm_ids;
            // A million firms are 130 MB of text: rows are formatted in
            // parallel, a window at a time, while the window before is
            // written (and hashed).
            let format = |window: &[crate::engine::FirmRecord]| -> Vec<Vec<u8>> {
                window
                    .par_chunks(FIRM_CHUNK)
                    .map(|chunk| {
                        let mut text = Vec::with_capacity(chunk.len() * 160);
                        for f in chunk {
                            firm_line(&mut text, prefix.as_bytes(), ids, f);
                        }
                        text
                    })
                    .collect()
            };
            let out = &mut self.firms;
            let write = |out: &mut BufWriter<Hashing<File>>, texts: Vec<Vec<u8>>| texts.iter().try_for_each(|t| out.write_all(t));
            let mut ready: Vec<Vec<u8>> = Vec::new();
            for window in firms.chunks(FIRM_WINDOW) {
                let (written, next) = rayon::join(|| write(out, std::mem::take(&mut ready)), || format(window));
                written.map_err(io_err(&path))?;
                ready = next;
            }
            write(out, ready).map_err(io_err(&path))?;
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
            let (bytes, digest) = if name == "firms.csv" {
                self.firms.get_ref().digest()
            } else {
                sha256_file(&path)?
            };
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
        notes.extend(
            super::plot::render_with(&self.staging.dir, info.lang, Some(std::mem::take(&mut self.sizes))).map_err(|e| {
                OutputError::Chart {
                    path: self.staging.path("charts"),
                    message: e.to_string(),
                }
            })?,
        );

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

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    /// The byte-assembled firms.csv numbers read exactly as the standard
    /// library's text: random bit patterns, random values in the ranges
    /// the snapshot holds, and ties like 1513.15625 (where ryu rounds to
    /// even and Rust rounds up).
    #[test]
    fn fast_float_text_matches_display() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let mut buf = ryu::Buffer::new();
        let mut check32 = |x: f32| {
            let mut out = Vec::new();
            push_float(&mut out, x, &mut buf);
            assert_eq!(String::from_utf8(out).unwrap(), Num32(x).to_string(), "{x:?} ({:#x})", x.to_bits());
        };
        for x in [
            48_421.0f32 / 32.0, // 1513.15625, a tie
            0.5,
            1.0,
            -1.0,
            1e-5,
            9.99e-6,
            16_777_215.0,
            16_777_216.0,
            1e30,
            f32::MIN_POSITIVE,
            f32::NAN,
            f32::INFINITY,
            -0.0,
            0.1,
            0.75,
            2.5,
            0.000_488_281_25,
        ] {
            check32(x);
        }
        for _ in 0..300_000 {
            check32(f32::from_bits(rng.random()));
            check32(rng.random_range(0.0f32..10.0));
            check32(rng.random_range(0.0f32..100_000.0));
            check32(rng.random_range(-2.0f32..2.0));
            // Few fraction bits: where ties live.
            check32(rng.random_range(0u32..1 << 24) as f32 / (1 << rng.random_range(0..24)) as f32);
        }
        let mut check64 = |x: f64| {
            let mut out = Vec::new();
            push_f64(&mut out, x, &mut buf);
            assert_eq!(String::from_utf8(out).unwrap(), Num64(x).to_string(), "{x:?}");
        };
        for x in [0.75, 10.25, 0.0, f64::NAN, 1e300, 2.5e-7] {
            check64(x);
        }
        for _ in 0..300_000 {
            check64(f64::from_bits(rng.random()));
            check64(f64::from(rng.random_range(0u32..400)) / 4.0);
            check64(rng.random_range(0.0..1000.0));
        }
    }
}
