//! Every chart of a finished run, comparison or sweep, drawn from its files
//! alone. `zonesim run`, `compare` and `sweep` call [`render`] on their
//! staging folder once the tables are written; `zonesim plot DIR` calls it
//! again on a finished folder, in another language or size, without
//! simulating. Charts go to `DIR/charts/NAME.png` and `NAME.svg`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::charts::{Band, BandLabels, Chart, Swatch, Whisker, save};
use super::i18n::{Lang, Word, display, key_label};
use crate::experiment::stats::{Accumulator, Moments};
use crate::model::{Lever, Metric};
use crate::scenario::{Scenario, Tier};

/// Why a folder's charts could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    #[error("{}: {message}", path.display())]
    Read { path: PathBuf, message: String },
    #[error(transparent)]
    Write(#[from] super::OutputError),
}

fn read_err(path: &Path, e: impl std::fmt::Display) -> PlotError {
    PlotError::Read {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// What a folder holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Run,
    Comparison,
    Sweep,
}

/// The manifest of a folder and what kind of folder it is.
pub fn manifest(dir: &Path) -> Result<(Kind, serde_json::Value), PlotError> {
    let path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| read_err(&path, format!("{e}; expected the folder of a zonesim run, comparison or sweep")))?;
    let m: serde_json::Value = serde_json::from_str(&text).map_err(|e| read_err(&path, e))?;
    let kind = match m["kind"].as_str() {
        Some("comparison") => Kind::Comparison,
        Some("sweep") => Kind::Sweep,
        _ => Kind::Run,
    };
    Ok((kind, m))
}

/// A scenario's display name in `lang`, from a manifest entry.
pub fn name_in(entry: &serde_json::Value, lang: Lang) -> String {
    let en = entry["name"].as_str().unwrap_or("");
    match (lang, entry["name_zh"].as_str()) {
        (Lang::Zh, Some(zh)) if !zh.is_empty() => zh.to_string(),
        _ => en.to_string(),
    }
}

/// Chart sizes: single charts, and panels of a grid.
pub const SIZE: (u32, u32) = (1200, 750);

fn grid_size(panels: usize, columns: usize) -> (u32, u32) {
    let rows = panels.div_ceil(columns.max(1)) as u32;
    (600 * columns as u32, 70 + 420 * rows)
}

/// Draws every chart of the folder into `DIR/charts`. The charts are drawn
/// into a staging folder beside it that replaces `charts/` only once every
/// chart is complete, so a failure leaves the previous charts as they were.
/// Returns notes for the user (a missing CJK font), each said once.
/// A chart to draw, the path of its files without extension, and its size.
type Job = (Chart, PathBuf, (u32, u32));

pub fn render(dir: &Path, lang: Lang) -> Result<Vec<String>, PlotError> {
    render_with(dir, lang, None)
}

/// [`render`], given a run's firm sizes at each snapshot (replicate 0's
/// employees per firm, as firms.csv holds them) so they need not be read
/// back from firms.csv.
pub fn render_with(dir: &Path, lang: Lang, sizes: Option<SnapshotSizes>) -> Result<Vec<String>, PlotError> {
    let (kind, m) = manifest(dir)?;
    let charts = dir.join("charts");
    let staging = dir.join(format!(".charts.partial-{}", std::process::id()));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source: std::io::Error| PlotError::Write(super::OutputError::Io { path, source })
    };
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    std::fs::create_dir_all(&staging).map_err(io(&staging))?;
    let drawn = match kind {
        Kind::Run => render_run(dir, &staging, &m, lang, sizes),
        Kind::Comparison => render_comparison(dir, &staging, &m, lang),
        Kind::Sweep => render_sweep(dir, &staging, &m, lang),
    };
    // Every chart is its own file: draw them in parallel.
    let drawn = drawn.and_then(|jobs| {
        jobs.par_iter()
            .map(|(chart, stem, size)| save(chart, stem, *size))
            .collect::<Result<Vec<bool>, _>>()
            .map(|missing| missing.contains(&true))
            .map_err(PlotError::from)
    });
    let missing = match drawn {
        Ok(missing) => missing,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if charts.exists() {
        std::fs::remove_dir_all(&charts).map_err(io(&charts))?;
    }
    std::fs::rename(&staging, &charts).map_err(io(&charts))?;
    Ok(if missing {
        vec![format!(
            "no CJK font found, so Chinese text in the charts shows as boxes; {}",
            super::fonts::CJK_PACKAGE_HINT
        )]
    } else {
        Vec::new()
    })
}

fn labels(lang: Lang) -> BandLabels {
    BandLabels {
        median: lang.word(Word::Median).into(),
        band50: lang.word(Word::Band50).into(),
        band90: lang.word(Word::Band90).into(),
    }
}

fn time(start_year: i32, step: usize) -> f64 {
    f64::from(start_year) + step as f64 / 4.0
}

/// A CSV field's text ("" when it is missing or not UTF-8).
fn field_text(b: Option<&[u8]>) -> &str {
    b.and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("")
}

/// Employees of replicate 0's firms, by snapshot step.
pub type SnapshotSizes = BTreeMap<u32, Vec<f64>>;

/// Employees of replicate 0's firms at each snapshot step in firms.csv, or
/// None if the file lacks the columns. Rows come in replicate order, so
/// reading stops at the first row of another replicate. A province's
/// snapshot has millions of rows: the file is read in pieces of 64 MB, each
/// split at line ends and parsed in parallel, three fields a row; a file
/// with a quoted field (an id with a comma, say) goes through the csv
/// reader instead.
fn snapshot_sizes(path: &Path) -> Result<Option<SnapshotSizes>, PlotError> {
    use std::io::Read as _;
    let mut file = std::fs::File::open(path).map_err(|e| read_err(path, e))?;
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 64 << 20];
    // The header line.
    let header_end = loop {
        if let Some(i) = buf.iter().position(|&b| b == b'\n') {
            break i;
        }
        let n = file.read(&mut chunk).map_err(|e| read_err(path, e))?;
        if n == 0 {
            break buf.len();
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let header: Vec<&[u8]> = buf[..header_end]
        .strip_suffix(b"\r")
        .unwrap_or(&buf[..header_end])
        .split(|&b| b == b',')
        .collect();
    if header.iter().any(|h| h.contains(&b'"')) {
        return snapshot_sizes_csv(path);
    }
    let col = |id: &str| header.iter().position(|h| *h == id.as_bytes());
    let (Some(rc), Some(sc), Some(ec)) = (col("replicate"), col("step"), col("employees")) else {
        return Ok(None);
    };
    let last = rc.max(sc).max(ec);
    buf.drain(..(header_end + 1).min(buf.len()));
    let mut sizes: BTreeMap<u32, Vec<f64>> = BTreeMap::new();
    let pieces = 4 * rayon::current_num_threads();
    loop {
        let n = file.read(&mut chunk).map_err(|e| read_err(path, e))?;
        buf.extend_from_slice(&chunk[..n]);
        // Whole lines only, unless the file has ended.
        let whole = if n == 0 {
            buf.len()
        } else {
            buf.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
        };
        if whole == 0 && n > 0 {
            continue;
        }
        // Split at line ends into pieces parsed in parallel.
        let mut bounds = vec![0];
        for p in 1..pieces {
            let at = (whole * p / pieces).max(*bounds.last().expect("starts at 0"));
            let end = buf[at..whole].iter().position(|&b| b == b'\n').map_or(whole, |i| at + i + 1);
            bounds.push(end);
        }
        bounds.push(whole);
        // Per piece: (step, employees) of replicate 0 in order, whether another
        // replicate began, and whether a quote was seen.
        type Piece = (Vec<(u32, f64)>, bool, bool);
        let parsed: Vec<Piece> = bounds
            .windows(2)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|w| {
                let text = &buf[w[0]..w[1]];
                let mut rows = Vec::new();
                if text.contains(&b'"') {
                    return (rows, false, true);
                }
                for line in text.split(|&b| b == b'\n') {
                    let line = line.strip_suffix(b"\r").unwrap_or(line);
                    if line.is_empty() {
                        continue;
                    }
                    let mut fields = [&b""[..]; 3];
                    for (i, f) in line.split(|&b| b == b',').take(last + 1).enumerate() {
                        if i == rc {
                            fields[0] = f;
                        } else if i == sc {
                            fields[1] = f;
                        }
                        if i == ec {
                            fields[2] = f;
                        }
                    }
                    if fields[0] != b"0" {
                        return (rows, true, false);
                    }
                    let step: u32 = field_text(Some(fields[1])).parse().unwrap_or(0);
                    rows.push((step, number(field_text(Some(fields[2])))));
                }
                (rows, false, false)
            })
            .collect();
        if parsed.iter().any(|(_, _, quoted)| *quoted) {
            return snapshot_sizes_csv(path);
        }
        for (rows, other, _) in parsed {
            for (step, x) in rows {
                sizes.entry(step).or_default().push(x);
            }
            if other {
                return Ok(Some(sizes));
            }
        }
        buf.drain(..whole);
        if n == 0 {
            return Ok(Some(sizes));
        }
    }
}

/// [`snapshot_sizes`] through the csv reader, for files with quoted fields.
fn snapshot_sizes_csv(path: &Path) -> Result<Option<BTreeMap<u32, Vec<f64>>>, PlotError> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| read_err(path, e))?;
    let header = reader.headers().map_err(|e| read_err(path, e))?.clone();
    let col = |id: &str| header.iter().position(|h| h == id);
    let (Some(rc), Some(sc), Some(ec)) = (col("replicate"), col("step"), col("employees")) else {
        return Ok(None);
    };
    let mut sizes: BTreeMap<u32, Vec<f64>> = BTreeMap::new();
    let mut row = csv::ByteRecord::new();
    while reader.read_byte_record(&mut row).map_err(|e| read_err(path, e))? {
        if row.get(rc) != Some(b"0") {
            break;
        }
        let step: u32 = field_text(row.get(sc)).parse().unwrap_or(0);
        sizes.entry(step).or_default().push(number(field_text(row.get(ec))));
    }
    Ok(Some(sizes))
}

fn number(s: &str) -> f64 {
    if s.is_empty() { f64::NAN } else { s.parse().unwrap_or(f64::NAN) }
}

/// Metrics drawn as trajectories for a run; the first six make the overview.
pub const TRAJECTORIES: &[Metric] = &[
    Metric::Gdp,
    Metric::ShareEmergingFuture,
    Metric::HighEndTalent,
    Metric::LocalSupplyRate,
    Metric::BudgetBalance,
    Metric::Firms,
    Metric::Exports,
    Metric::Employed,
    Metric::UnemploymentRate,
    Metric::AverageWage,
    Metric::RdIntensity,
    Metric::Entries,
    Metric::Gazelles,
    Metric::Amenity,
    Metric::TransactionCost,
];

/// Zone-level metrics drawn as small multiples in a multi-zone run.
pub const BY_ZONE: &[Metric] = &[Metric::Gdp, Metric::HighEndTalent, Metric::ShareEmergingFuture];

fn band_from(label: String, colour: usize, x: &[f64], acc: &[Accumulator], scale: f64, with_50: bool) -> Band {
    let q = |p: f64| acc.iter().map(|a| a.quantile(p) * scale).collect::<Vec<_>>();
    Band {
        label,
        colour,
        x: x.to_vec(),
        median: q(0.5),
        p25: if with_50 { q(0.25) } else { Vec::new() },
        p75: if with_50 { q(0.75) } else { Vec::new() },
        p5: q(0.05),
        p95: q(0.95),
    }
}

/// Mean trajectory of a metric (scenario total), one value per step from 0.
type MeanOf<'a> = dyn Fn(Metric) -> Vec<f64> + 'a;

/// Metrics the structure, talent and budget charts read.
fn layer_metrics() -> Vec<Metric> {
    [
        Metric::Output,
        Metric::OutputTraditional,
        Metric::OutputEmerging,
        Metric::OutputFuture,
        Metric::OutputServices,
        Metric::WorkersGeneral,
        Metric::WorkersSkilled,
        Metric::HighEndTalent,
        Metric::NetMigration,
        Metric::NetMigrationHighEnd,
        Metric::GovOverhead,
        Metric::GovRevenue,
    ]
    .into_iter()
    .chain(Lever::ALL.iter().map(|l| Metric::spend(*l)))
    .collect()
}

/// Output stacked by tier.
fn structure_chart(title: String, lang: Lang, x: &[f64], mean_of: &MeanOf) -> Chart {
    let (scale, unit) = display(Metric::Output, lang);
    let layers = [
        (Tier::Traditional, Metric::OutputTraditional),
        (Tier::Emerging, Metric::OutputEmerging),
        (Tier::Future, Metric::OutputFuture),
        (Tier::Services, Metric::OutputServices),
    ]
    .iter()
    .map(|(t, m)| (lang.tier(*t).to_string(), mean_of(*m).iter().map(|v| v * scale).collect()))
    .collect();
    Chart::Stacked {
        title,
        x_label: lang.word(Word::Year).into(),
        unit,
        x: x.to_vec(),
        layers,
        line: None,
    }
}

/// Levers with spending in any of the scenarios, so every budget panel has
/// the same layers in the same colours.
fn funded_levers(means: &[&MeanOf]) -> Vec<Lever> {
    Lever::ALL
        .into_iter()
        .filter(|l| means.iter().any(|mean_of| mean_of(Metric::spend(*l)).iter().any(|x| *x > 0.0)))
        .collect()
}

/// Spending by lever stacked over overhead, revenue as a line; from step 1
/// (step 0 is the initial state and has no flows).
fn budget_chart(title: String, lang: Lang, x: &[f64], levers: &[Lever], mean_of: &MeanOf) -> Chart {
    let from_1 = |m: Metric| mean_of(m).get(1..).unwrap_or_default().to_vec();
    let mut layers = vec![(lang.word(Word::Overhead).to_string(), from_1(Metric::GovOverhead))];
    layers.extend(levers.iter().map(|l| (lang.lever(*l).to_string(), from_1(Metric::spend(*l)))));
    Chart::Stacked {
        title,
        x_label: lang.word(Word::Year).into(),
        unit: lang.word(Word::MillionQuarter).into(),
        x: x.get(1..).unwrap_or_default().to_vec(),
        layers,
        line: Some((lang.word(Word::Revenue).into(), from_1(Metric::GovRevenue))),
    }
}

fn render_run(dir: &Path, charts: &Path, m: &serde_json::Value, lang: Lang, sizes: Option<SnapshotSizes>) -> Result<Vec<Job>, PlotError> {
    let start_year = m["start_year"].as_i64().unwrap_or(2000) as i32;
    let steps = m["steps"].as_u64().unwrap_or(0) as usize;
    let name = name_in(&m["scenario"], lang);
    let path = dir.join("scenario.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| read_err(&path, e))?;
    let sc = Scenario::from_text(&path, &text).map_err(|e| read_err(&path, e))?;
    let zone_names: Vec<String> = sc
        .zones
        .iter()
        .map(|z| match (lang, &z.name_zh) {
            (Lang::Zh, Some(n)) => n.clone(),
            _ => z.name.clone(),
        })
        .collect();

    // One pass over metrics.csv.
    let layer_metrics = layer_metrics();
    let n = steps + 1;
    let mut traj = vec![vec![Accumulator::default(); n]; TRAJECTORIES.len()];
    let mut means = vec![vec![Moments::default(); n]; layer_metrics.len()];
    let multi = sc.zones.len() > 1;
    let mut by_zone = vec![vec![vec![Accumulator::default(); n]; sc.zones.len()]; if multi { BY_ZONE.len() } else { 0 }];
    let path = dir.join("metrics.csv");
    let mut reader = csv::Reader::from_path(&path).map_err(|e| read_err(&path, e))?;
    let header = reader.headers().map_err(|e| read_err(&path, e))?.clone();
    let col = |id: &str| header.iter().position(|h| h == id);
    let col_of = |m: Metric| col(m.info().id).ok_or_else(|| read_err(&path, format!("no column {}", m.info().id)));
    let traj_cols = TRAJECTORIES.iter().map(|m| col_of(*m)).collect::<Result<Vec<_>, _>>()?;
    let layer_cols = layer_metrics.iter().map(|m| col_of(*m)).collect::<Result<Vec<_>, _>>()?;
    let zone_cols = BY_ZONE.iter().map(|m| col_of(*m)).collect::<Result<Vec<_>, _>>()?;
    let (step_col, zone_col) = (col("step").unwrap_or(1), col("zone").unwrap_or(4));
    let zone_ids: BTreeMap<&str, usize> = sc.zones.iter().enumerate().map(|(i, z)| (z.id.as_str(), i)).collect();
    for row in reader.records() {
        let row = row.map_err(|e| read_err(&path, e))?;
        let step: usize = row.get(step_col).and_then(|s| s.parse().ok()).unwrap_or(usize::MAX);
        if step >= n {
            continue;
        }
        let zone = row.get(zone_col).unwrap_or("");
        if zone == "all" {
            for (a, c) in traj.iter_mut().zip(&traj_cols) {
                a[step].push(number(&row[*c]));
            }
            for (a, c) in means.iter_mut().zip(&layer_cols) {
                a[step].push(number(&row[*c]));
            }
        } else if multi && let Some(&z) = zone_ids.get(zone) {
            for (a, c) in by_zone.iter_mut().zip(&zone_cols) {
                a[z][step].push(number(&row[*c]));
            }
        }
    }
    let x: Vec<f64> = (0..n).map(|s| time(start_year, s)).collect();
    let year = lang.word(Word::Year).to_string();
    let mut jobs: Vec<Job> = Vec::new();

    // Trajectories with 50 % and 90 % bands, one chart each, and an overview.
    let mut overview = Vec::new();
    for (i, metric) in TRAJECTORIES.iter().enumerate() {
        let (scale, unit) = display(*metric, lang);
        let band = band_from(name.clone(), 0, &x, &traj[i], scale, true);
        let chart = Chart::Bands {
            title: lang.metric(*metric).into(),
            x_label: year.clone(),
            unit,
            bands: vec![band],
            labels: labels(lang),
        };
        if i < 6 {
            overview.push(chart.clone());
        }
        jobs.push((chart, charts.join(format!("trajectory-{}", metric.info().id)), SIZE));
    }
    let title = format!(
        "{name} — {}",
        lang.pick("median, 50 % and 90 % of replicates", "中位数、50%与90%重复实验区间")
    );
    jobs.push((
        Chart::Grid {
            title,
            columns: 3,
            panels: overview,
            legend: Vec::new(),
        },
        charts.join("overview"),
        grid_size(6, 3),
    ));

    // Industrial structure.
    let mean_of = |metric: Metric| -> Vec<f64> {
        let i = layer_metrics.iter().position(|m| *m == metric).expect("listed in layer_metrics");
        means[i].iter().map(|a| a.mean()).collect()
    };
    let chart = structure_chart(format!("{name} — {}", lang.word(Word::Structure)), lang, &x, &mean_of);
    jobs.push((chart, charts.join("structure"), SIZE));

    // Firm sizes on rank-size axes, replicate 0 at each snapshot.
    let path = dir.join("firms.csv");
    let sizes = match sizes {
        Some(sizes) => Some(sizes),
        None if path.exists() => snapshot_sizes(&path)?,
        None => None,
    };
    if let Some(sizes) = sizes {
        let series: Vec<(String, Vec<f64>)> = sizes
            .into_par_iter()
            .map(|(step, mut v)| {
                // Equal sizes are equal bit for bit, so an unstable sort
                // gives the same order every time.
                v.par_sort_unstable_by(|a, b| b.total_cmp(a));
                (
                    format!(
                        "{} ({})",
                        lang.when(start_year, step),
                        lang.pick(&format!("step {step}"), &format!("第{step}步"))
                    ),
                    v,
                )
            })
            .collect();
        if !series.is_empty() {
            let chart = Chart::RankSize {
                title: format!("{name} — {}", lang.word(Word::FirmSizes)),
                x_label: lang.word(Word::Rank).into(),
                y_label: lang.word(Word::Employees).into(),
                series,
            };
            jobs.push((chart, charts.join("firm-sizes"), SIZE));
        }
    }

    // Talent: residents by skill and net migration.
    let persons = lang.word(Word::Persons).to_string();
    let stock = Chart::Lines {
        title: lang.word(Word::Talent).into(),
        x_label: year.clone(),
        unit: persons,
        x: x.clone(),
        series: vec![
            (lang.skill(0).into(), mean_of(Metric::WorkersGeneral)),
            (lang.skill(1).into(), mean_of(Metric::WorkersSkilled)),
            (lang.skill(2).into(), mean_of(Metric::HighEndTalent)),
        ],
        zero: false,
        variants: false,
    };
    let flows = Chart::Lines {
        title: lang.word(Word::NetMigration).into(),
        x_label: year.clone(),
        unit: lang.word(Word::PersonsQuarter).into(),
        x: x[1..].to_vec(),
        series: vec![
            (lang.word(Word::AllSkills).into(), mean_of(Metric::NetMigration)[1..].to_vec()),
            (lang.skill(2).into(), mean_of(Metric::NetMigrationHighEnd)[1..].to_vec()),
        ],
        zero: true,
        variants: false,
    };
    jobs.push((
        Chart::Grid {
            title: name.clone(),
            columns: 2,
            panels: vec![stock, flows],
            legend: Vec::new(),
        },
        charts.join("talent"),
        (1600, 700),
    ));

    // The budget.
    let levers = funded_levers(&[&mean_of]);
    let chart = budget_chart(format!("{name} — {}", lang.word(Word::Budget)), lang, &x, &levers, &mean_of);
    jobs.push((chart, charts.join("budget"), SIZE));

    // Small multiples of zone metrics.
    if multi {
        for (i, metric) in BY_ZONE.iter().enumerate() {
            let (scale, unit) = display(*metric, lang);
            let panels: Vec<Chart> = zone_names
                .iter()
                .enumerate()
                .map(|(z, zn)| Chart::Bands {
                    title: zn.clone(),
                    x_label: year.clone(),
                    unit: unit.clone(),
                    bands: vec![Band {
                        p25: vec![],
                        p75: vec![],
                        ..band_from(zn.clone(), 0, &x, &by_zone[i][z], scale, false)
                    }],
                    labels: labels(lang),
                })
                .collect();
            let columns = (panels.len() as f64).sqrt().ceil() as usize;
            let title = format!("{}: {}", lang.metric(*metric), lang.word(Word::ByZone));
            let size = (420 * columns as u32, 70 + 320 * panels.len().div_ceil(columns) as u32);
            jobs.push((
                Chart::Grid {
                    title,
                    columns,
                    panels,
                    legend: Vec::new(),
                },
                charts.join(format!("zones-{}", metric.info().id)),
                size,
            ));
        }
    }
    Ok(jobs)
}

/// Metrics whose trajectories a comparison overlays.
pub const COMPARED: &[Metric] = &[
    Metric::Gdp,
    Metric::ShareEmergingFuture,
    Metric::HighEndTalent,
    Metric::LocalSupplyRate,
    Metric::Exports,
    Metric::BudgetBalance,
];

/// Metrics whose effects a comparison plots.
pub const EFFECTS: &[Metric] = &[
    Metric::Gdp,
    Metric::HighEndTalent,
    Metric::LocalSupplyRate,
    Metric::Exports,
    Metric::Firms,
    Metric::ShareEmergingFuture,
];

/// A row of trajectories.csv: (p5, p25, p50, p75, p95) and the mean.
type TrajectoryRow = ([f64; 5], f64);

fn render_comparison(dir: &Path, charts: &Path, m: &serde_json::Value, lang: Lang) -> Result<Vec<Job>, PlotError> {
    let start_year = m["start_year"].as_i64().unwrap_or(2000) as i32;
    let mut names = vec![name_in(&m["baseline"], lang)];
    names.extend(m["variants"].as_array().into_iter().flatten().map(|v| name_in(v, lang)));
    let year = lang.word(Word::Year).to_string();
    let mut jobs: Vec<Job> = Vec::new();

    // Trajectories from trajectories.csv: (metric, scenario) -> step -> row.
    let path = dir.join("trajectories.csv");
    let mut reader = csv::Reader::from_path(&path).map_err(|e| read_err(&path, e))?;
    let header = reader.headers().map_err(|e| read_err(&path, e))?.clone();
    let col = |id: &str| {
        header
            .iter()
            .position(|h| h == id)
            .ok_or_else(|| read_err(&path, format!("no column {id}")))
    };
    let (cs, cm, cstep, cmean) = (col("scenario")?, col("metric")?, col("step")?, col("mean")?);
    let cq = [col("p5")?, col("p25")?, col("p50")?, col("p75")?, col("p95")?];
    let mut t: BTreeMap<(String, usize), BTreeMap<usize, TrajectoryRow>> = BTreeMap::new();
    for row in reader.records() {
        let row = row.map_err(|e| read_err(&path, e))?;
        let scenario: usize = row[cs].parse().map_err(|e| read_err(&path, e))?;
        let step: usize = row[cstep].parse().map_err(|e| read_err(&path, e))?;
        let q = cq.map(|c| number(&row[c]));
        t.entry((row[cm].to_string(), scenario))
            .or_default()
            .insert(step, (q, number(&row[cmean])));
    }
    let steps = t.values().flat_map(|s| s.keys()).max().map_or(0, |s| s + 1);
    let x: Vec<f64> = (0..steps).map(|s| time(start_year, s)).collect();
    let mean_of = |s: usize| {
        let t = &t;
        move |metric: Metric| -> Vec<f64> {
            let series = t.get(&(metric.info().id.to_string(), s));
            (0..steps)
                .map(|step| series.and_then(|v| v.get(&step)).map_or(f64::NAN, |r| r.1))
                .collect()
        }
    };
    let means: Vec<_> = (0..names.len()).map(mean_of).collect();
    let scenario_legend: Vec<(String, Swatch)> = names.iter().enumerate().map(|(i, n)| (n.clone(), Swatch::Variant(i))).collect();

    // Overlaid trajectories: median and 90 % band of each scenario.
    let mut overview = Vec::new();
    for metric in TRAJECTORIES {
        let (scale, unit) = display(*metric, lang);
        let bands: Vec<Band> = (0..names.len())
            .filter_map(|s| {
                let series = t.get(&(metric.info().id.to_string(), s))?;
                let x: Vec<f64> = series.keys().map(|k| time(start_year, *k)).collect();
                let col = |i: usize| series.values().map(|r| r.0[i] * scale).collect::<Vec<_>>();
                Some(Band {
                    label: names[s].clone(),
                    colour: s,
                    x,
                    p5: col(0),
                    p25: Vec::new(),
                    median: col(2),
                    p75: Vec::new(),
                    p95: col(4),
                })
            })
            .filter(|b| b.median.iter().any(|y| y.is_finite()))
            .collect();
        if bands.is_empty() {
            continue;
        }
        let chart = Chart::Bands {
            title: lang.metric(*metric).into(),
            x_label: year.clone(),
            unit,
            bands,
            labels: labels(lang),
        };
        if COMPARED.contains(metric) {
            overview.push(chart.clone());
        }
        jobs.push((chart, charts.join(format!("trajectory-{}", metric.info().id)), SIZE));
    }
    if !overview.is_empty() {
        let title = lang
            .pick(
                "By scenario: median (solid) and 90 % of replicates (dashed)",
                "各方案：中位数（实线）与90%重复实验区间（虚线）",
            )
            .to_string();
        let size = grid_size(overview.len(), 3);
        jobs.push((
            Chart::Grid {
                title,
                columns: 3,
                panels: overview,
                legend: scenario_legend.clone(),
            },
            charts.join("overview"),
            size,
        ));
    }

    // Industrial structure and budget: one panel per scenario.
    let columns = names.len().min(3);
    let grid = |title: String, panels: Vec<Chart>, file: &str| -> Job {
        let chart = Chart::Grid {
            title,
            columns,
            legend: panels[0].stack_legend(),
            panels,
        };
        (chart, charts.join(file), grid_size(names.len(), columns))
    };
    let panels = names
        .iter()
        .zip(&means)
        .map(|(n, mean_of)| structure_chart(n.clone(), lang, &x, mean_of))
        .collect();
    jobs.push(grid(lang.word(Word::Structure).into(), panels, "structure"));
    let all: Vec<&MeanOf> = means.iter().map(|m| m as &MeanOf).collect();
    let levers = funded_levers(&all);
    let panels = names
        .iter()
        .zip(&means)
        .map(|(n, mean_of)| budget_chart(n.clone(), lang, &x, &levers, mean_of))
        .collect();
    jobs.push(grid(lang.word(Word::Budget).into(), panels, "budget"));

    // Talent: skilled residents and net migration, scenarios overlaid.
    let overlay = |metric: Metric, title: String, unit: String, from: usize, zero: bool| Chart::Lines {
        title,
        x_label: year.clone(),
        unit,
        x: x.get(from..).unwrap_or_default().to_vec(),
        series: names
            .iter()
            .zip(&means)
            .map(|(n, mean_of)| (n.clone(), mean_of(metric).get(from..).unwrap_or_default().to_vec()))
            .collect(),
        zero,
        variants: true,
    };
    let persons = lang.word(Word::Persons).to_string();
    let per_quarter = lang.word(Word::PersonsQuarter).to_string();
    let panels = vec![
        overlay(Metric::WorkersSkilled, lang.skill(1).into(), persons.clone(), 0, false),
        overlay(Metric::HighEndTalent, lang.skill(2).into(), persons, 0, false),
        overlay(
            Metric::NetMigration,
            lang.pick("Net migration, all skills", "净迁入：全部").into(),
            per_quarter.clone(),
            1,
            true,
        ),
        overlay(
            Metric::NetMigrationHighEnd,
            lang.pick("Net migration, high-end talent", "净迁入：高端人才").into(),
            per_quarter,
            1,
            true,
        ),
    ];
    jobs.push((
        Chart::Grid {
            title: lang.pick("Talent (mean of replicates)", "人才（重复实验均值）").into(),
            columns: 2,
            panels,
            legend: scenario_legend.clone(),
        },
        charts.join("talent"),
        grid_size(4, 2),
    ));

    // Effects with 95 % whiskers, from comparison.csv.
    let path = dir.join("comparison.csv");
    let mut reader = csv::Reader::from_path(&path).map_err(|e| read_err(&path, e))?;
    let header = reader.headers().map_err(|e| read_err(&path, e))?.clone();
    let col = |id: &str| {
        header
            .iter()
            .position(|h| h == id)
            .ok_or_else(|| read_err(&path, format!("no column {id}")))
    };
    let (cv, cz, cm, ck, cs, cb, cd, cl, ch) = (
        col("variant")?,
        col("zone")?,
        col("metric")?,
        col("kind")?,
        col("step")?,
        col("baseline_mean")?,
        col("difference")?,
        col("ci_low")?,
        col("ci_high")?,
    );
    let mut variants: Vec<String> = Vec::new();
    let mut horizons: Vec<u32> = Vec::new();
    let mut effect: BTreeMap<(String, usize, u32), (f64, f64, f64)> = BTreeMap::new();
    for row in reader.records() {
        let row = row.map_err(|e| read_err(&path, e))?;
        if &row[cz] != "all" || &row[ck] != "level" {
            continue;
        }
        let v = row[cv].to_string();
        let vi = match variants.iter().position(|x| *x == v) {
            Some(i) => i,
            None => {
                variants.push(v);
                variants.len() - 1
            }
        };
        let step: u32 = row[cs].parse().map_err(|e| read_err(&path, e))?;
        if !horizons.contains(&step) {
            horizons.push(step);
        }
        let base = number(&row[cb]);
        let k = crate::experiment::compare::relative(100.0, base);
        effect.insert(
            (row[cm].to_string(), vi, step),
            (number(&row[cd]) * k, number(&row[cl]) * k, number(&row[ch]) * k),
        );
    }
    horizons.sort_unstable();
    let categories: Vec<String> = horizons.iter().map(|s| lang.when(start_year, *s)).collect();
    let panels: Vec<Chart> = EFFECTS
        .iter()
        .map(|metric| {
            let mut points = Vec::new();
            for v in 0..variants.len() {
                for (h, step) in horizons.iter().enumerate() {
                    if let Some(&(mean, lo, hi)) = effect.get(&(metric.info().id.to_string(), v, *step)) {
                        points.push(Whisker {
                            series: v,
                            category: h,
                            mean,
                            lo,
                            hi,
                        });
                    }
                }
            }
            Chart::Whiskers {
                title: lang.metric(*metric).into(),
                y_label: lang.word(Word::OfBaseline).into(),
                categories: categories.clone(),
                series: names[1..].to_vec(),
                points,
            }
        })
        .collect();
    jobs.push((
        Chart::Grid {
            title: lang.word(Word::Effects).into(),
            columns: 3,
            panels,
            legend: scenario_legend[1..].to_vec(),
        },
        charts.join("effects"),
        (1500, 900),
    ));
    Ok(jobs)
}

/// Metrics charted against swept levers.
pub const SWEPT: &[Metric] = &[
    Metric::Gdp,
    Metric::HighEndTalent,
    Metric::LocalSupplyRate,
    Metric::Exports,
    Metric::Firms,
    Metric::BudgetBalance,
];

/// One row of `response.csv` (whole-scenario rows only).
struct SweepRow {
    step: u32,
    values: Vec<f64>,
    metric: String,
    mean: f64,
    lo: f64,
    hi: f64,
}

fn render_sweep(dir: &Path, charts: &Path, m: &serde_json::Value, lang: Lang) -> Result<Vec<Job>, PlotError> {
    let keys: Vec<String> = m["keys"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|k| k.as_str().map(String::from))
        .collect();
    let lhs = m["design"].as_str() == Some("latin hypercube");
    let start_year = m["start_year"].as_i64().unwrap_or(2000) as i32;
    let replicates = m["replicates"].as_u64().unwrap_or(0);
    let path = dir.join("response.csv");
    let mut reader = csv::Reader::from_path(&path).map_err(|e| read_err(&path, e))?;
    let header = reader.headers().map_err(|e| read_err(&path, e))?.clone();
    let col = |id: &str| {
        header
            .iter()
            .position(|h| h == id)
            .ok_or_else(|| read_err(&path, format!("no column {id}")))
    };
    let (cz, cm, cs, cmean, cl, ch) = (
        col("zone")?,
        col("metric")?,
        col("step")?,
        col("mean")?,
        col("ci_low")?,
        col("ci_high")?,
    );
    let key_cols: Vec<usize> = keys.iter().map(|k| col(k)).collect::<Result<_, _>>()?;
    // The last horizon of each point: (point) -> (key values, metric -> (mean, lo, hi)).
    let mut last_step = 0u32;
    let mut rows: Vec<SweepRow> = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| read_err(&path, e))?;
        if &row[cz] != "all" {
            continue;
        }
        let step: u32 = row[cs].parse().map_err(|e| read_err(&path, e))?;
        last_step = last_step.max(step);
        let values = key_cols.iter().map(|c| number(&row[*c])).collect();
        rows.push(SweepRow {
            step,
            values,
            metric: row[cm].to_string(),
            mean: number(&row[cmean]),
            lo: number(&row[cl]),
            hi: number(&row[ch]),
        });
    }
    rows.retain(|r| r.step == last_step);
    let when = lang.when(start_year, last_step);
    let mut jobs: Vec<Job> = Vec::new();
    let series = |metric: Metric| -> Vec<(Vec<f64>, f64, f64, f64)> {
        let mut v: Vec<_> = rows
            .iter()
            .filter(|r| r.metric == metric.info().id)
            .map(|r| (r.values.clone(), r.mean, r.lo, r.hi))
            .collect();
        v.sort_by(|a, b| {
            a.0.iter()
                .zip(&b.0)
                .map(|(x, y)| x.total_cmp(y))
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        v
    };
    let subtitle = match lang {
        Lang::En => format!("at {when}, mean of {replicates} replicates"),
        Lang::Zh => format!("（{when}，{replicates}次重复实验均值）"),
    };
    if keys.len() == 2 && !lhs {
        for metric in SWEPT {
            let (scale, unit) = display(*metric, lang);
            let data = series(*metric);
            let mut xs: Vec<f64> = data.iter().map(|d| d.0[0]).collect();
            let mut ys: Vec<f64> = data.iter().map(|d| d.0[1]).collect();
            for v in [&mut xs, &mut ys] {
                v.sort_by(f64::total_cmp);
                v.dedup();
            }
            let mut values = vec![vec![f64::NAN; ys.len()]; xs.len()];
            for d in &data {
                if let (Some(i), Some(j)) = (xs.iter().position(|x| *x == d.0[0]), ys.iter().position(|y| *y == d.0[1])) {
                    values[i][j] = d.1 * scale;
                }
            }
            let chart = Chart::Heatmap {
                title: match lang {
                    Lang::En => format!("{} ({unit}) {subtitle}", lang.metric(*metric)),
                    Lang::Zh => format!("{}（{unit}）{subtitle}", lang.metric(*metric)),
                },
                x_label: key_label(&keys[0], lang),
                y_label: key_label(&keys[1], lang),
                xs,
                ys,
                values,
            };
            jobs.push((chart, charts.join(format!("heatmap-{}", metric.info().id)), (1100, 900)));
        }
    } else {
        for (k, key) in keys.iter().enumerate() {
            let panels: Vec<Chart> = SWEPT
                .iter()
                .map(|metric| {
                    let (scale, unit) = display(*metric, lang);
                    let mut data = series(*metric);
                    data.sort_by(|a, b| a.0[k].total_cmp(&b.0[k]));
                    Chart::Response {
                        title: lang.metric(*metric).into(),
                        x_label: key_label(key, lang),
                        unit,
                        x: data.iter().map(|d| d.0[k]).collect(),
                        mean: data.iter().map(|d| d.1 * scale).collect(),
                        lo: data.iter().map(|d| d.2 * scale).collect(),
                        hi: data.iter().map(|d| d.3 * scale).collect(),
                        connect: !lhs,
                    }
                })
                .collect();
            let title = match lang {
                Lang::En => format!("Response to {} {subtitle}, {}", key_label(key, lang), lang.word(Word::Ci95)),
                Lang::Zh => format!("对{}的响应{subtitle}，{}", key_label(key, lang), lang.word(Word::Ci95)),
            };
            let stem = if keys.len() == 1 {
                "response".to_string()
            } else {
                format!("response-{}", k + 1)
            };
            jobs.push((
                Chart::Grid {
                    title,
                    columns: 3,
                    panels,
                    legend: Vec::new(),
                },
                charts.join(stem),
                (1500, 900),
            ));
        }
    }
    Ok(jobs)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parallel reader finds what the csv reader finds: replicate 0's
    /// employees by step, stopping at replicate 1, across piece boundaries;
    /// and a quoted id sends the file to the csv reader.
    #[test]
    fn snapshot_sizes_read_replicate_zero() {
        let dir = std::env::temp_dir().join(format!("zonesim-sizes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut plain = String::from("replicate,step,firm_id,zone,employees,x\n");
        let mut quoted = plain.clone();
        for rep in 0..2 {
            for step in [0, 20, 40] {
                for id in 0..5_000 {
                    let employees = (id * 7919 + step * 13 + rep) % 1000;
                    plain.push_str(&format!("{rep},{step},{id},a_zone,{employees},1.5\n"));
                    quoted.push_str(&format!("{rep},{step},{id},\"zone, b\",{employees},1.5\n"));
                }
            }
        }
        let (p, q) = (dir.join("plain.csv"), dir.join("quoted.csv"));
        std::fs::write(&p, &plain).unwrap();
        std::fs::write(&q, &quoted).unwrap();
        let expected = snapshot_sizes_csv(&p).unwrap().unwrap();
        assert_eq!(expected.len(), 3);
        assert!(expected.values().all(|v| v.len() == 5_000));
        assert_eq!(snapshot_sizes(&p).unwrap(), Some(expected.clone()));
        assert_eq!(snapshot_sizes(&q).unwrap(), Some(expected));
        std::fs::write(&p, "replicate,step,firm_id\n0,0,1\n").unwrap();
        assert_eq!(snapshot_sizes(&p).unwrap(), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
