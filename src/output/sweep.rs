//! The files of a sweep: the design, the response table, response charts
//! (curves with a band for one lever, heat maps for two, scatter panels for
//! a Latin hypercube) and a manifest.

use std::path::PathBuf;
use std::time::SystemTime;

use super::run::{RunInfo, num, year_quarter};
use super::{OutputError, Staging, io_err, write_atomic};
use crate::experiment::sweep::Response;
use crate::model::METRICS;
use crate::scenario::Scenario;

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
) -> Result<(PathBuf, Vec<String>), OutputError> {
    let zone_ids: Vec<&str> = base.zones.iter().map(|z| z.id.as_str()).chain(std::iter::once("all")).collect();

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
        "start_year": base.simulation.start_year,
    });
    // The scenario the points vary, for the report and to repeat the sweep.
    write_atomic(&staging.path("scenario.toml"), base.resolved.as_bytes())?;
    write_atomic(
        &staging.path("manifest.json"),
        (serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n").as_bytes(),
    )?;
    let notes = super::plot::render(&staging.dir, info.lang).map_err(|e| OutputError::Chart {
        path: staging.path("charts"),
        message: e.to_string(),
    })?;
    Ok((staging.commit()?, notes))
}
