//! The files of a sweep: the design, the response table, response charts
//! (curves with a band for one lever, heat maps for two, scatter panels for
//! a Latin hypercube) and a manifest.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use plotters::prelude::*;

use super::charts::short_number;
use super::fonts::family_for;
use super::run::{RunInfo, num, year_quarter};
use super::{OutputError, Staging, io_err, write_atomic};
use crate::experiment::sweep::Response;
use crate::model::{METRICS, Metric};
use crate::scenario::Scenario;

/// Metrics charted against the swept levers, with display scale and unit.
pub const CHARTED: &[(Metric, f64, &str)] = &[
    (Metric::Gdp, 4.0 / 1000.0, "¥ billion a year"),
    (Metric::HighEndTalent, 1.0, "persons"),
    (Metric::LocalSupplyRate, 100.0, "% of linked inputs"),
    (Metric::Exports, 4.0 / 1000.0, "¥ billion a year"),
    (Metric::Firms, 1.0, "firms"),
    (Metric::BudgetBalance, 1.0 / 1000.0, "¥ billion"),
];

/// How the points were chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Design {
    Grid,
    LatinHypercube,
}

/// Writes a sweep into `staging` and moves it into place.
pub fn write(
    staging: Staging,
    base: &Scenario,
    keys: &[String],
    points: &[Vec<f64>],
    design: Design,
    r: &Response,
    info: &RunInfo,
) -> Result<PathBuf, OutputError> {
    let zone_ids: Vec<&str> = base.zones.iter().map(|z| z.id.as_str()).chain(std::iter::once("all")).collect();
    let total = zone_ids.len() - 1;

    let path = staging.path("points.csv");
    let mut w = csv::Writer::from_path(&path).map_err(|source| OutputError::Csv {
        path: path.clone(),
        source,
    })?;
    let mut header = vec!["point".to_string()];
    header.extend(keys.iter().cloned());
    w.write_record(&header).map_err(|source| OutputError::Csv {
        path: path.clone(),
        source,
    })?;
    for (i, p) in points.iter().enumerate() {
        let mut row = vec![i.to_string()];
        row.extend(p.iter().map(|x| num(*x)));
        w.write_record(&row).map_err(|source| OutputError::Csv {
            path: path.clone(),
            source,
        })?;
    }
    w.flush().map_err(io_err(&path))?;

    let path = staging.path("response.csv");
    let mut w = csv::Writer::from_path(&path).map_err(|source| OutputError::Csv {
        path: path.clone(),
        source,
    })?;
    let err = |source| OutputError::Csv {
        path: path.clone(),
        source,
    };
    let mut header = vec!["point".to_string()];
    header.extend(keys.iter().cloned());
    header.extend(["zone", "metric", "step", "year", "quarter", "n", "mean", "sd", "ci_low", "ci_high"].map(String::from));
    w.write_record(&header).map_err(err)?;
    for (i, p) in points.iter().enumerate() {
        for (h, step) in r.horizons.iter().enumerate() {
            let (year, quarter) = year_quarter(base.simulation.start_year, *step);
            for (z, zone) in zone_ids.iter().enumerate() {
                for info in METRICS {
                    let m = &r.stats[i][h][z][info.metric.index()];
                    let (lo, hi) = m.ci95();
                    let mut row = vec![i.to_string()];
                    row.extend(p.iter().map(|x| num(*x)));
                    row.extend([
                        zone.to_string(),
                        info.id.to_string(),
                        step.to_string(),
                        year.to_string(),
                        quarter.to_string(),
                        m.n().to_string(),
                        num(m.mean()),
                        num(m.sd()),
                        num(lo),
                        num(hi),
                    ]);
                    w.write_record(&row).map_err(err)?;
                }
            }
        }
    }
    w.flush().map_err(io_err(&path))?;

    let charts = staging.path("charts");
    std::fs::create_dir_all(&charts).map_err(io_err(&charts))?;
    let last = r.horizons.len() - 1;
    let (year, quarter) = year_quarter(base.simulation.start_year, r.horizons[last]);
    let when = format!("{year} Q{quarter} (step {})", r.horizons[last]);
    let mut missing = false;
    match (design, keys.len()) {
        (Design::Grid, 1) => missing |= curves_png(&charts.join("response.png"), &keys[0], points, r, total, last, &when)?,
        (Design::Grid, 2) => {
            for (metric, scale, unit) in CHARTED {
                missing |= heatmap_png(
                    &charts.join(format!("heatmap-{}.png", metric.info().id)),
                    keys,
                    points,
                    r,
                    total,
                    last,
                    *metric,
                    *scale,
                    unit,
                    &when,
                )?;
            }
        }
        _ => {
            for (metric, scale, unit) in CHARTED {
                missing |= scatter_png(
                    &charts.join(format!("scatter-{}.png", metric.info().id)),
                    keys,
                    points,
                    r,
                    total,
                    last,
                    *metric,
                    *scale,
                    unit,
                    &when,
                )?;
            }
        }
    }

    let mut notes = Vec::new();
    if missing {
        notes.push(format!(
            "no CJK font found, so Chinese text in the charts shows as boxes; {}",
            super::fonts::CJK_PACKAGE_HINT
        ));
    }
    let finished = SystemTime::now();
    let manifest = serde_json::json!({
        "zonesim_version": env!("CARGO_PKG_VERSION"),
        "kind": "sweep",
        "design": match design { Design::Grid => "grid", Design::LatinHypercube => "latin hypercube" },
        "scenario": { "name": base.name, "files": base.sources.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(), "sha256": base.hash },
        "keys": keys,
        "points": points.len(),
        "seed": base.simulation.seed,
        "replicates": r.replicates,
        "steps": base.simulation.steps,
        "horizons": r.horizons,
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
    staging.commit()
}

const LINE: RGBColor = RGBColor(31, 119, 180);

/// One lever: a panel per charted metric, mean against the lever with a 95 % band.
fn curves_png(path: &Path, key: &str, points: &[Vec<f64>], r: &Response, total: usize, h: usize, when: &str) -> Result<bool, OutputError> {
    let err = |message: String| OutputError::Chart {
        path: path.to_path_buf(),
        message,
    };
    let (family, missing) = family_for(key);
    let root = BitMapBackend::new(path, (1500, 900)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(e.to_string()))?;
    let root = root
        .titled(
            &format!("Response to {key} at {when}: mean of {} replicates and 95 % CI", r.replicates),
            (family, 24),
        )
        .map_err(|e| err(e.to_string()))?;
    let xs: Vec<f64> = points.iter().map(|p| p[0]).collect();
    let (x0, x1) = (
        xs.iter().copied().fold(f64::INFINITY, f64::min),
        xs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    let pad_x = ((x1 - x0) * 0.05).max(1e-9);
    for (area, (metric, scale, unit)) in root.split_evenly((2, 3)).iter().zip(CHARTED) {
        let m = metric.index();
        let stats: Vec<(f64, f64, f64)> = (0..points.len())
            .map(|i| {
                let s = &r.stats[i][h][total][m];
                let (lo, hi) = s.ci95();
                (s.mean() * scale, lo * scale, hi * scale)
            })
            .collect();
        let ys = stats.iter().flat_map(|s| [s.0, s.1, s.2]).filter(|y| y.is_finite());
        let (mut y0, mut y1) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| (a.min(y), b.max(y)));
        if !y0.is_finite() || y1 - y0 < 1e-12 {
            (y0, y1) = (y0.min(0.0) - 1.0, y1.max(0.0) + 1.0);
        }
        let pad = (y1 - y0) * 0.1;
        let mut chart = ChartBuilder::on(area)
            .caption(metric.info().en, (family, 20))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(65)
            .build_cartesian_2d((x0 - pad_x)..(x1 + pad_x), (y0 - pad)..(y1 + pad))
            .map_err(|e| err(e.to_string()))?;
        chart
            .configure_mesh()
            .x_desc(key)
            .y_desc(*unit)
            .x_label_formatter(&|x| short_number(*x))
            .y_label_formatter(&|y| short_number(*y))
            .label_style((family, 14))
            .axis_desc_style((family, 14))
            .draw()
            .map_err(|e| err(e.to_string()))?;
        let mut band: Vec<(f64, f64)> = xs.iter().copied().zip(stats.iter().map(|s| s.2)).collect();
        band.extend(xs.iter().copied().zip(stats.iter().map(|s| s.1)).rev());
        chart
            .draw_series(std::iter::once(Polygon::new(band, LINE.mix(0.2).filled())))
            .map_err(|e| err(e.to_string()))?;
        chart
            .draw_series(LineSeries::new(
                xs.iter().copied().zip(stats.iter().map(|s| s.0)),
                LINE.stroke_width(3),
            ))
            .map_err(|e| err(e.to_string()))?;
        chart
            .draw_series(xs.iter().zip(&stats).map(|(x, s)| Circle::new((*x, s.0), 4, LINE.filled())))
            .map_err(|e| err(e.to_string()))?;
    }
    root.present().map_err(|e| err(e.to_string()))?;
    Ok(missing)
}

/// A colour for `t` in 0-1 (viridis, interpolated between five anchors).
fn viridis(t: f64) -> RGBColor {
    const ANCHORS: [(f64, f64, f64); 5] = [
        (68.0, 1.0, 84.0),
        (59.0, 82.0, 139.0),
        (33.0, 145.0, 140.0),
        (94.0, 201.0, 98.0),
        (253.0, 231.0, 37.0),
    ];
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 } * 4.0;
    let i = (t.floor() as usize).min(3);
    let f = t - i as f64;
    let (a, b) = (ANCHORS[i], ANCHORS[i + 1]);
    let mix = |x: f64, y: f64| (x + (y - x) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Two levers: the mean of one metric on the grid, with values in the cells.
#[allow(clippy::too_many_arguments)]
fn heatmap_png(
    path: &Path,
    keys: &[String],
    points: &[Vec<f64>],
    r: &Response,
    total: usize,
    h: usize,
    metric: Metric,
    scale: f64,
    unit: &str,
    when: &str,
) -> Result<bool, OutputError> {
    let err = |message: String| OutputError::Chart {
        path: path.to_path_buf(),
        message,
    };
    let (family, missing) = family_for(&keys.join(""));
    let mut xs: Vec<f64> = points.iter().map(|p| p[0]).collect();
    let mut ys: Vec<f64> = points.iter().map(|p| p[1]).collect();
    for v in [&mut xs, &mut ys] {
        v.sort_by(f64::total_cmp);
        v.dedup();
    }
    let values: Vec<f64> = (0..points.len())
        .map(|i| r.stats[i][h][total][metric.index()].mean() * scale)
        .collect();
    let (lo, hi) = values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    let root = BitMapBackend::new(path, (1100, 900)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(e.to_string()))?;
    let title = format!("{} ({unit}) at {when}, mean of {} replicates", metric.info().en, r.replicates);
    let mut chart = ChartBuilder::on(&root)
        .caption(&title, (family, 22))
        .margin(15)
        .x_label_area_size(50)
        .y_label_area_size(90)
        .build_cartesian_2d(-0.5..(xs.len() as f64 - 0.5), -0.5..(ys.len() as f64 - 0.5))
        .map_err(|e| err(e.to_string()))?;
    let label = |v: &[f64], x: f64| {
        let i = x.round();
        if (x - i).abs() < 0.05 && i >= 0.0 && (i as usize) < v.len() {
            short_number(v[i as usize])
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(&keys[0])
        .y_desc(&keys[1])
        .x_labels(xs.len() * 2 + 1)
        .y_labels(ys.len() * 2 + 1)
        .x_label_formatter(&|x| label(&xs, *x))
        .y_label_formatter(&|y| label(&ys, *y))
        .label_style((family, 14))
        .axis_desc_style((family, 16))
        .draw()
        .map_err(|e| err(e.to_string()))?;
    for (p, v) in points.iter().zip(&values) {
        let (Some(i), Some(j)) = (xs.iter().position(|x| *x == p[0]), ys.iter().position(|y| *y == p[1])) else {
            continue;
        };
        let (i, j) = (i as f64, j as f64);
        let t = if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
        let colour = viridis(t);
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(i - 0.5, j - 0.5), (i + 0.5, j + 0.5)],
                colour.filled(),
            )))
            .map_err(|e| err(e.to_string()))?;
        let ink = if t > 0.6 { BLACK } else { WHITE };
        chart
            .draw_series(std::iter::once(Text::new(
                short_number(*v),
                (i - 0.15, j + 0.05),
                (family, 16).into_font().color(&ink),
            )))
            .map_err(|e| err(e.to_string()))?;
    }
    root.present().map_err(|e| err(e.to_string()))?;
    Ok(missing)
}

/// Several levers (Latin hypercube): a panel per lever, point means with 95 % whiskers.
#[allow(clippy::too_many_arguments)]
fn scatter_png(
    path: &Path,
    keys: &[String],
    points: &[Vec<f64>],
    r: &Response,
    total: usize,
    h: usize,
    metric: Metric,
    scale: f64,
    unit: &str,
    when: &str,
) -> Result<bool, OutputError> {
    let err = |message: String| OutputError::Chart {
        path: path.to_path_buf(),
        message,
    };
    let (family, missing) = family_for(&keys.join(""));
    let cols = keys.len().min(3);
    let rows = keys.len().div_ceil(cols);
    let root = BitMapBackend::new(path, (500 * cols as u32, 60 + 400 * rows as u32)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(e.to_string()))?;
    let root = root
        .titled(&format!("{} ({unit}) at {when}", metric.info().en), (family, 22))
        .map_err(|e| err(e.to_string()))?;
    let stats: Vec<(f64, f64, f64)> = (0..points.len())
        .map(|i| {
            let s = &r.stats[i][h][total][metric.index()];
            let (lo, hi) = s.ci95();
            (s.mean() * scale, lo * scale, hi * scale)
        })
        .collect();
    let ys = stats.iter().flat_map(|s| [s.0, s.1, s.2]).filter(|y| y.is_finite());
    let (mut y0, mut y1) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| (a.min(y), b.max(y)));
    if !y0.is_finite() || y1 - y0 < 1e-12 {
        (y0, y1) = (y0.min(0.0) - 1.0, y1.max(0.0) + 1.0);
    }
    let pad = (y1 - y0) * 0.1;
    for (k, area) in root.split_evenly((rows, cols)).iter().enumerate().take(keys.len()) {
        let xs: Vec<f64> = points.iter().map(|p| p[k]).collect();
        let (x0, x1) = (
            xs.iter().copied().fold(f64::INFINITY, f64::min),
            xs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        );
        let pad_x = ((x1 - x0) * 0.05).max(1e-9);
        let mut chart = ChartBuilder::on(area)
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(65)
            .build_cartesian_2d((x0 - pad_x)..(x1 + pad_x), (y0 - pad)..(y1 + pad))
            .map_err(|e| err(e.to_string()))?;
        chart
            .configure_mesh()
            .x_desc(&keys[k])
            .y_desc(unit)
            .x_label_formatter(&|x| short_number(*x))
            .y_label_formatter(&|y| short_number(*y))
            .label_style((family, 13))
            .axis_desc_style((family, 13))
            .draw()
            .map_err(|e| err(e.to_string()))?;
        chart
            .draw_series(
                xs.iter()
                    .zip(&stats)
                    .map(|(x, s)| ErrorBar::new_vertical(*x, s.1, s.0, s.2, LINE.mix(0.6).stroke_width(1), 6)),
            )
            .map_err(|e| err(e.to_string()))?;
        chart
            .draw_series(xs.iter().zip(&stats).map(|(x, s)| Circle::new((*x, s.0), 4, LINE.filled())))
            .map_err(|e| err(e.to_string()))?;
    }
    root.present().map_err(|e| err(e.to_string()))?;
    Ok(missing)
}
