//! The files of a comparison: a tidy CSV of every metric, a fiscal CSV, a
//! Markdown report ready to paste, trajectory and effect charts, a manifest.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use std::time::SystemTime;

use plotters::prelude::*;

use super::charts::{Band, short_number};
use super::fonts::family_for;
use super::run::{RunInfo, num, year_quarter};
use super::{OutputError, Staging, io_err, write_atomic};
use crate::experiment::compare::{Comparison, Effect};
use crate::model::{METRICS, Metric};
use crate::scenario::Scenario;

/// Metrics in the Markdown report and the charts: (metric, level or
/// cumulative to date).
pub const HEADLINE: &[(Metric, bool)] = &[
    (Metric::Gdp, false),
    (Metric::ShareEmergingFuture, false),
    (Metric::Firms, false),
    (Metric::Entries, true),
    (Metric::Startups, true),
    (Metric::Employed, false),
    (Metric::HighEndTalent, false),
    (Metric::LocalSupplyRate, false),
    (Metric::Exports, false),
    (Metric::RdIntensity, false),
    (Metric::UnemploymentRate, false),
    (Metric::AverageWage, false),
    (Metric::LeverSpending, true),
    (Metric::BudgetBalance, false),
];

/// Metrics whose trajectories are overlaid, with display scale and unit.
pub const CHARTED: &[(Metric, f64, &str)] = &[
    (Metric::Gdp, 4.0 / 1000.0, "¥ billion a year"),
    (Metric::ShareEmergingFuture, 100.0, "% of output"),
    (Metric::HighEndTalent, 1.0, "persons"),
    (Metric::LocalSupplyRate, 100.0, "% of linked inputs"),
    (Metric::Exports, 4.0 / 1000.0, "¥ billion a year"),
    (Metric::BudgetBalance, 1.0 / 1000.0, "¥ billion"),
];

/// Colours by position: baseline first, then each variant, in every chart.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(90, 90, 90),
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(255, 127, 14),
    RGBColor(23, 190, 207),
    RGBColor(140, 86, 75),
];

fn is_share(m: Metric) -> bool {
    m.info().unit_en.starts_with("share")
}

/// A level for the report: shares in %, others with thousands separators.
pub fn fmt_level(m: Metric, x: f64) -> String {
    if !x.is_finite() {
        "–".into()
    } else if is_share(m) {
        format!("{:.1} %", 100.0 * x)
    } else {
        group(x, false)
    }
}

/// A difference: shares in percentage points, others signed.
pub fn fmt_diff(m: Metric, x: f64) -> String {
    if !x.is_finite() {
        "–".into()
    } else if is_share(m) {
        format!("{} pp", signed(100.0 * x, 2))
    } else {
        group(x, true)
    }
}

/// `x` with `digits` decimals and a typographic sign (no sign on zero).
pub fn signed(x: f64, digits: usize) -> String {
    let s = format!("{:.*}", digits, x.abs());
    if s.chars().all(|c| c == '0' || c == '.') {
        s
    } else if x < 0.0 {
        format!("−{s}")
    } else {
        format!("+{s}")
    }
}

fn group(x: f64, signed: bool) -> String {
    let digits = if x.abs() >= 100.0 {
        0
    } else if x.abs() >= 1.0 {
        1
    } else {
        3
    };
    let s = format!("{:.*}", digits, x.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(a, b)| (a, b));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    let nonzero = s.chars().any(|c| c.is_ascii_digit() && c != '0');
    let sign = if x < 0.0 && nonzero {
        "−"
    } else if signed && nonzero {
        "+"
    } else {
        ""
    };
    format!("{sign}{out}")
}

/// Name of a scenario for tables and legends.
pub fn label(sc: &Scenario) -> String {
    sc.name.clone()
}

/// Writes the comparison of `scenarios` (baseline first) into `staging`
/// (made before the runs, so an unwritable destination fails early) and
/// moves it into place. Returns the folder and the Markdown report.
pub fn write(staging: Staging, scenarios: &[Scenario], c: &Comparison, info: &RunInfo) -> Result<(PathBuf, String), OutputError> {
    let base = &scenarios[0];
    let zone_ids: Vec<&str> = base.zones.iter().map(|z| z.id.as_str()).chain(std::iter::once("all")).collect();
    let total = zone_ids.len() - 1;
    let start_year = base.simulation.start_year;

    // Tidy table of every metric, level and cumulative.
    let path = staging.path("comparison.csv");
    let mut w = csv::Writer::from_path(&path).map_err(|source| OutputError::Csv {
        path: path.clone(),
        source,
    })?;
    let err = |source| OutputError::Csv {
        path: path.clone(),
        source,
    };
    w.write_record([
        "variant",
        "zone",
        "metric",
        "kind",
        "step",
        "year",
        "quarter",
        "n",
        "baseline_mean",
        "variant_mean",
        "difference",
        "difference_sd",
        "ci_low",
        "ci_high",
        "relative_change",
        "significant",
    ])
    .map_err(err)?;
    for (v, sc) in scenarios.iter().enumerate().skip(1) {
        for (h, step) in c.horizons.iter().enumerate() {
            let (year, quarter) = year_quarter(start_year, *step);
            for (z, zone) in zone_ids.iter().enumerate() {
                for info in METRICS {
                    for (kind, e) in [
                        ("level", c.effect(v - 1, h, z, info.metric)),
                        ("cumulative", c.cumulative_effect(v - 1, h, z, info.metric)),
                    ] {
                        w.write_record([
                            variant_id(sc),
                            zone.to_string(),
                            info.id.to_string(),
                            kind.to_string(),
                            step.to_string(),
                            year.to_string(),
                            quarter.to_string(),
                            e.n.to_string(),
                            num(e.baseline),
                            num(e.variant),
                            num(e.difference),
                            num(e.sd),
                            num(e.ci_low),
                            num(e.ci_high),
                            num(e.relative),
                            e.significant().to_string(),
                        ])
                        .map_err(err)?;
                    }
                }
            }
        }
    }
    w.flush().map_err(io_err(&path))?;

    // Fiscal side: extra spending and effect per unit of it.
    let path = staging.path("fiscal.csv");
    let mut w = csv::Writer::from_path(&path).map_err(|source| OutputError::Csv {
        path: path.clone(),
        source,
    })?;
    let err = |source| OutputError::Csv {
        path: path.clone(),
        source,
    };
    w.write_record([
        "variant",
        "zone",
        "step",
        "year",
        "extra_lever_spending",
        "extra_lever_spending_ci_low",
        "extra_lever_spending_ci_high",
        "budget_balance_difference",
        "gdp_gain_to_date",
        "gdp_gain_per_yuan",
        "high_end_talent_per_100m",
        "local_supply_rate_points_per_bn",
        "exports_gain_to_date",
        "exports_gain_per_yuan",
    ])
    .map_err(err)?;
    for (v, sc) in scenarios.iter().enumerate().skip(1) {
        for (h, step) in c.horizons.iter().enumerate() {
            for (z, zone) in zone_ids.iter().enumerate() {
                let f = Fiscal::of(c, v - 1, h, z);
                w.write_record([
                    variant_id(sc),
                    zone.to_string(),
                    step.to_string(),
                    year_quarter(start_year, *step).0.to_string(),
                    num(f.extra.difference),
                    num(f.extra.ci_low),
                    num(f.extra.ci_high),
                    num(f.balance.difference),
                    num(f.gdp.difference),
                    num(f.per(f.gdp.difference)),
                    num(f.per(f.talent.difference) * 100.0),
                    num(f.per(f.local.difference) * 100.0 * 1000.0),
                    num(f.exports.difference),
                    num(f.per(f.exports.difference)),
                ])
                .map_err(err)?;
            }
        }
    }
    w.flush().map_err(io_err(&path))?;

    let markdown = markdown(scenarios, c, total);
    write_atomic(&staging.path("comparison.md"), markdown.as_bytes())?;

    let charts = staging.path("charts");
    std::fs::create_dir_all(&charts).map_err(io_err(&charts))?;
    let mut missing_cjk = false;
    for (ci, (metric, scale, unit)) in CHARTED.iter().enumerate() {
        if let Some(col) = c.charted.iter().position(|m| m == metric) {
            let bands: Vec<Band> = scenarios
                .iter()
                .enumerate()
                .map(|(s, sc)| {
                    let acc = &c.series[s][col];
                    Band {
                        title: label(sc),
                        unit: unit.to_string(),
                        x: (0..acc.len()).map(|step| super::run::step_time(start_year, step as u32)).collect(),
                        median: acc.iter().map(|a| a.quantile(0.5) * scale).collect(),
                        lo: acc.iter().map(|a| a.quantile(0.05) * scale).collect(),
                        hi: acc.iter().map(|a| a.quantile(0.95) * scale).collect(),
                    }
                })
                .collect();
            missing_cjk |= overlay_png(&charts.join(format!("{}.png", metric.info().id)), metric.info().en, unit, &bands)?;
        }
        let _ = ci;
    }
    missing_cjk |= effects_png(&charts.join("effects.png"), scenarios, c, total)?;

    let mut notes = Vec::new();
    if missing_cjk {
        notes.push(format!(
            "no CJK font found, so Chinese text in the charts shows as boxes; {}",
            super::fonts::CJK_PACKAGE_HINT
        ));
    }
    let finished = SystemTime::now();
    let manifest = serde_json::json!({
        "zonesim_version": env!("CARGO_PKG_VERSION"),
        "kind": "comparison",
        "baseline": { "name": base.name, "files": base.sources.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(), "sha256": base.hash },
        "variants": scenarios[1..].iter().map(|s| serde_json::json!({
            "name": s.name, "files": s.sources.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(), "sha256": s.hash,
        })).collect::<Vec<_>>(),
        "seed": base.simulation.seed,
        "replicates": c.replicates,
        "steps": base.simulation.steps,
        "horizons": c.horizons,
        "command": info.command,
        "threads": rayon::current_num_threads(),
        "started": humantime::format_rfc3339_seconds(info.started).to_string(),
        "finished": humantime::format_rfc3339_seconds(finished).to_string(),
        "wall_seconds": finished.duration_since(info.started).map(|d| d.as_secs_f64()).unwrap_or(0.0),
        "warnings": notes,
    });
    write_atomic(
        &staging.path("manifest.json"),
        (serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n").as_bytes(),
    )?;
    let dir = staging.commit()?;
    Ok((dir, markdown))
}

/// The id of a variant in the CSV files: its file name without extension.
fn variant_id(sc: &Scenario) -> String {
    sc.sources
        .first()
        .and_then(|p| p.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| sc.name.clone())
}

/// The fiscal side of a variant at one horizon.
pub struct Fiscal {
    pub extra: Effect,
    pub balance: Effect,
    pub gdp: Effect,
    pub talent: Effect,
    pub local: Effect,
    pub exports: Effect,
}

impl Fiscal {
    pub fn of(c: &Comparison, v: usize, h: usize, z: usize) -> Fiscal {
        Fiscal {
            extra: c.cumulative_effect(v, h, z, Metric::LeverSpending),
            balance: c.effect(v, h, z, Metric::BudgetBalance),
            gdp: c.cumulative_effect(v, h, z, Metric::Gdp),
            talent: c.effect(v, h, z, Metric::HighEndTalent),
            local: c.effect(v, h, z, Metric::LocalSupplyRate),
            exports: c.cumulative_effect(v, h, z, Metric::Exports),
        }
    }

    /// `gain` per ¥ million of extra spending; undefined unless the variant
    /// spends at least ¥1 million more.
    pub fn per(&self, gain: f64) -> f64 {
        if self.extra.difference >= 1.0 {
            gain / self.extra.difference
        } else {
            f64::NAN
        }
    }
}

fn markdown(scenarios: &[Scenario], c: &Comparison, total: usize) -> String {
    let base = &scenarios[0];
    let start_year = base.simulation.start_year;
    let mut md = String::new();
    let names: Vec<String> = scenarios[1..].iter().map(label).collect();
    let _ = writeln!(md, "# {} vs {}\n", names.join(", "), label(base));
    let _ = writeln!(
        md,
        "{} paired replicates, seed {}: replicate r of every scenario uses the same random streams (common random numbers), \
so each replicate gives a paired difference. Differences are variant − baseline, for all zones together; \
[95 % CI] is the Student-t interval of the mean paired difference; * marks an interval that excludes zero. \
\"to date\" rows sum the quarters from step 1 to the horizon. Money in ¥ million at {} prices.\n",
        c.replicates, base.simulation.seed, start_year
    );
    for (v, sc) in scenarios.iter().enumerate().skip(1) {
        let _ = writeln!(md, "## {}\n", label(sc));
        if !sc.description.is_empty() {
            let _ = writeln!(md, "{}\n", sc.description);
        }
        let _ = writeln!(md, "| metric | horizon | baseline | variant | difference [95 % CI] | change | |");
        let _ = writeln!(md, "|---|---|---:|---:|---|---:|---|");
        for &(metric, cumulative) in HEADLINE {
            for (h, step) in c.horizons.iter().enumerate() {
                let e = if cumulative {
                    c.cumulative_effect(v - 1, h, total, metric)
                } else {
                    c.effect(v - 1, h, total, metric)
                };
                let (year, _) = year_quarter(start_year, *step);
                let info = metric.info();
                let name = if cumulative {
                    format!("{}, to date", info.en)
                } else {
                    info.en.to_string()
                };
                // Summed over quarters, a flow's unit loses its "per quarter".
                let unit_text = if cumulative {
                    info.unit_en.replace(" per quarter", "")
                } else {
                    info.unit_en.to_string()
                };
                let unit = if is_share(metric) {
                    String::new()
                } else {
                    format!(" ({unit_text})")
                };
                let change = if is_share(metric) || !e.relative.is_finite() {
                    "".to_string()
                } else {
                    format!("{} %", signed(100.0 * e.relative, 1))
                };
                let _ = writeln!(
                    md,
                    "| {name}{unit} | {year} (step {step}) | {} | {} | {} [{}, {}] | {change} | {} |",
                    fmt_level(metric, e.baseline),
                    fmt_level(metric, e.variant),
                    fmt_diff(metric, e.difference),
                    fmt_diff(metric, e.ci_low),
                    fmt_diff(metric, e.ci_high),
                    if e.significant() { "*" } else { "" }
                );
            }
        }
        let _ = writeln!(md, "\n**Fiscal side** (all zones):\n");
        let _ = writeln!(
            md,
            "| horizon | extra lever spending to date (¥ million) [95 % CI] | budget balance, difference (¥ million) | GDP gained to date per ¥ of extra spending | high-end talent per ¥100 m | local supply rate (pp) per ¥1 bn | exports gained to date per ¥ of extra spending |"
        );
        let _ = writeln!(md, "|---|---|---:|---:|---:|---:|---:|");
        for (h, step) in c.horizons.iter().enumerate() {
            let f = Fiscal::of(c, v - 1, h, total);
            let (year, _) = year_quarter(start_year, *step);
            let ratio = |x: f64, digits: usize| if x.is_finite() { signed(x, digits) } else { "–".into() };
            let _ = writeln!(
                md,
                "| {year} (step {step}) | {} [{}, {}] | {} | {} | {} | {} | {} |",
                group(f.extra.difference, true),
                group(f.extra.ci_low, true),
                group(f.extra.ci_high, true),
                group(f.balance.difference, true),
                ratio(f.per(f.gdp.difference), 2),
                ratio(f.per(f.talent.difference) * 100.0, 1),
                ratio(f.per(f.local.difference) * 100.0 * 1000.0, 2),
                ratio(f.per(f.exports.difference), 2),
            );
        }
        let _ = writeln!(md);
    }
    md
}

/// Trajectories of one metric for every scenario: medians and 90 % bands.
fn overlay_png(path: &Path, title: &str, unit: &str, bands: &[Band]) -> Result<bool, OutputError> {
    let err = |message: String| OutputError::Chart {
        path: path.to_path_buf(),
        message,
    };
    let text: String = bands.iter().map(|b| b.title.as_str()).chain([title, unit]).collect();
    let (family, missing) = family_for(&text);
    let root = BitMapBackend::new(path, (1200, 750)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(e.to_string()))?;
    let x0 = bands[0].x.first().copied().unwrap_or(0.0);
    let x1 = bands[0].x.last().copied().unwrap_or(1.0).max(x0 + 0.25);
    let ys = bands
        .iter()
        .flat_map(|b| b.lo.iter().chain(&b.hi))
        .copied()
        .filter(|y| y.is_finite());
    let (mut y0, mut y1) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, c), y| (a.min(y), c.max(y)));
    if !y0.is_finite() {
        (y0, y1) = (0.0, 1.0);
    }
    let pad = ((y1 - y0) * 0.08).max(1e-9);
    let mut chart = ChartBuilder::on(&root)
        .caption(title, (family, 30))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(x0..x1, (y0 - pad)..(y1 + pad))
        .map_err(|e| err(e.to_string()))?;
    chart
        .configure_mesh()
        .x_desc("year")
        .y_desc(unit)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| short_number(*y))
        .label_style((family, 18))
        .axis_desc_style((family, 18))
        .draw()
        .map_err(|e| err(e.to_string()))?;
    for (i, b) in bands.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        let mut polygon: Vec<(f64, f64)> = b.x.iter().copied().zip(b.hi.iter().copied()).collect();
        polygon.extend(b.x.iter().copied().zip(b.lo.iter().copied()).rev());
        chart
            .draw_series(std::iter::once(Polygon::new(polygon, colour.mix(0.12).filled())))
            .map_err(|e| err(e.to_string()))?;
        chart
            .draw_series(LineSeries::new(
                b.x.iter().copied().zip(b.median.iter().copied()),
                colour.stroke_width(3),
            ))
            .map_err(|e| err(e.to_string()))?
            .label(b.title.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(3)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font((family, 18))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .draw()
        .map_err(|e| err(e.to_string()))?;
    root.draw(&Text::new(
        "lines: median; shaded: 90 % of replicates",
        (860, 725),
        (family, 15).into_font().color(&BLACK.mix(0.6)),
    ))
    .map_err(|e| err(e.to_string()))?;
    root.present().map_err(|e| err(e.to_string()))?;
    Ok(missing)
}

/// Relative effects of every variant on the headline metrics at every
/// horizon, with 95 % interval whiskers: one panel per metric.
fn effects_png(path: &Path, scenarios: &[Scenario], c: &Comparison, total: usize) -> Result<bool, OutputError> {
    let err = |message: String| OutputError::Chart {
        path: path.to_path_buf(),
        message,
    };
    let metrics = [
        Metric::Gdp,
        Metric::HighEndTalent,
        Metric::LocalSupplyRate,
        Metric::Exports,
        Metric::Firms,
        Metric::ShareEmergingFuture,
    ];
    let text: String = scenarios.iter().map(|s| s.name.as_str()).collect();
    let (family, missing) = family_for(&text);
    let root = BitMapBackend::new(path, (1500, 900)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(e.to_string()))?;
    let root = root
        .titled(
            "Effect of each variant against the baseline: mean paired difference, % of baseline, with 95 % CI",
            (family, 24),
        )
        .map_err(|e| err(e.to_string()))?;
    let start_year = scenarios[0].simulation.start_year;
    // Horizons are categories on the x axis, labelled with their quarter.
    let labels: Vec<String> = c
        .horizons
        .iter()
        .map(|s| {
            let (y, q) = year_quarter(start_year, *s);
            format!("{y} Q{q}")
        })
        .collect();
    let n_h = c.horizons.len();
    let n_var = scenarios.len() - 1;
    for (area, metric) in root.split_evenly((2, 3)).iter().zip(metrics) {
        let rel = |e: Effect| if e.baseline != 0.0 { 100.0 / e.baseline } else { f64::NAN };
        let mut points = Vec::new();
        for v in 0..n_var {
            for h in 0..n_h {
                let e = c.effect(v, h, total, metric);
                let k = rel(e);
                let offset = (v as f64 - (n_var as f64 - 1.0) / 2.0) * 0.12;
                points.push((v, h as f64 + offset, e.difference * k, e.ci_low * k, e.ci_high * k));
            }
        }
        let finite = points.iter().flat_map(|p| [p.2, p.3, p.4]).filter(|x| x.is_finite());
        let (mut lo, mut hi) = finite.fold((0.0f64, 0.0f64), |(a, b), y| (a.min(y), b.max(y)));
        if hi - lo < 1e-9 {
            (lo, hi) = (-1.0, 1.0);
        }
        let pad = (hi - lo) * 0.1;
        let mut chart = ChartBuilder::on(area)
            .caption(metric.info().en, (family, 20))
            .margin(10)
            .x_label_area_size(35)
            .y_label_area_size(60)
            .build_cartesian_2d(-0.5..(n_h as f64 - 0.5), (lo - pad)..(hi + pad))
            .map_err(|e| err(e.to_string()))?;
        let label_of = |x: &f64| {
            let i = x.round();
            if (x - i).abs() < 0.05 && i >= 0.0 && (i as usize) < n_h {
                labels[i as usize].clone()
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .y_desc("% of baseline")
            .x_labels(n_h * 2 + 1)
            .disable_x_mesh()
            .x_label_formatter(&label_of)
            .y_label_formatter(&|y| format!("{y:+.1}"))
            .label_style((family, 14))
            .axis_desc_style((family, 14))
            .draw()
            .map_err(|e| err(e.to_string()))?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(-1.0, 0.0), (n_h as f64, 0.0)],
                BLACK.mix(0.5),
            )))
            .map_err(|e| err(e.to_string()))?;
        for v in 0..n_var {
            let colour = PALETTE[(v + 1) % PALETTE.len()];
            let mine: Vec<_> = points.iter().filter(|p| p.0 == v && p.2.is_finite()).collect();
            chart
                .draw_series(
                    mine.iter()
                        .map(|p| ErrorBar::new_vertical(p.1, p.3, p.2, p.4, colour.filled().stroke_width(2), 10)),
                )
                .map_err(|e| err(e.to_string()))?;
            let series = chart
                .draw_series(mine.iter().map(|p| Circle::new((p.1, p.2), 5, colour.filled())))
                .map_err(|e| err(e.to_string()))?;
            if metric == Metric::Gdp {
                let name = scenarios[v + 1].name.clone();
                series.label(name).legend(move |(x, y)| Circle::new((x + 8, y), 5, colour.filled()));
            }
        }
        if metric == Metric::Gdp {
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .label_font((family, 14))
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK.mix(0.3))
                .draw()
                .map_err(|e| err(e.to_string()))?;
        }
    }
    root.present().map_err(|e| err(e.to_string()))?;
    Ok(missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_differences_read_well() {
        assert_eq!(fmt_level(Metric::Gdp, 45_020.26), "45,020");
        assert_eq!(fmt_diff(Metric::Gdp, 1_234.6), "+1,235");
        assert_eq!(fmt_diff(Metric::Gdp, -987.4), "−987");
        assert_eq!(fmt_level(Metric::LocalSupplyRate, 0.6234), "62.3 %");
        assert_eq!(fmt_diff(Metric::LocalSupplyRate, 0.0123), "+1.23 pp");
        assert_eq!(fmt_diff(Metric::Gdp, 0.0), "0.000");
        assert_eq!(fmt_diff(Metric::LocalSupplyRate, -0.00001), "0.00 pp");
        assert_eq!(signed(-0.013, 2), "−0.01");
    }
}
