//! The files of a sweep: the design, the response table, response charts
//! (curves with a band for one lever, heat maps for two, scatter panels for
//! a Latin hypercube) and a manifest.

use std::path::PathBuf;
use std::time::SystemTime;

use super::run::{RunInfo, num, year_quarter};
use super::{OutputError, Staging, csv_err, io_err, write_atomic};
use crate::experiment::sweep::PointResponse;
use crate::model::METRICS;
use crate::scenario::Scenario;

/// How the points were chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Design {
    Grid,
    LatinHypercube,
}

/// A sweep being written: `points.csv` at once, `response.csv` a point at
/// a time as points finish ([`SweepOutput::add`]), the rest at the end.
pub struct SweepOutput {
    staging: Staging,
    keys: Vec<String>,
    points: Vec<Vec<f64>>,
    zone_ids: Vec<String>,
    start_year: i32,
    response: csv::Writer<std::fs::File>,
    response_path: PathBuf,
}

impl SweepOutput {
    /// Writes `points.csv` and the header of `response.csv` into `staging`.
    pub fn new(staging: Staging, base: &Scenario, keys: &[String], points: &[Vec<f64>]) -> Result<SweepOutput, OutputError> {
        let path = staging.path("points.csv");
        let mut w = csv::Writer::from_path(&path).map_err(csv_err(&path))?;
        let mut header = vec!["point".to_string()];
        header.extend(keys.iter().cloned());
        w.write_record(&header).map_err(csv_err(&path))?;
        for (i, p) in points.iter().enumerate() {
            let mut row = vec![i.to_string()];
            row.extend(p.iter().map(|x| num(*x)));
            w.write_record(&row).map_err(csv_err(&path))?;
        }
        w.flush().map_err(io_err(&path))?;

        let response_path = staging.path("response.csv");
        let mut response = csv::Writer::from_path(&response_path).map_err(csv_err(&response_path))?;
        let mut header = vec!["point".to_string()];
        header.extend(keys.iter().cloned());
        header.extend(["zone", "metric", "step", "year", "quarter", "n", "mean", "sd", "ci_low", "ci_high"].map(String::from));
        response.write_record(&header).map_err(csv_err(&response_path))?;
        Ok(SweepOutput {
            staging,
            keys: keys.to_vec(),
            points: points.to_vec(),
            zone_ids: base
                .zones
                .iter()
                .map(|z| z.id.clone())
                .chain(std::iter::once("all".to_string()))
                .collect(),
            start_year: base.simulation.start_year,
            response,
            response_path,
        })
    }

    /// Appends one point's rows to `response.csv`.
    pub fn add(&mut self, r: &PointResponse, horizons: &[u32]) -> Result<(), OutputError> {
        let path = &self.response_path;
        let p = &self.points[r.point];
        for (h, step) in horizons.iter().enumerate() {
            let (year, quarter) = year_quarter(self.start_year, *step);
            for (z, zone) in self.zone_ids.iter().enumerate() {
                for info in METRICS {
                    let m = &r.stats[h][z][info.metric.index()];
                    let (lo, hi) = m.ci95();
                    let mut row = vec![r.point.to_string()];
                    row.extend(p.iter().map(|x| num(*x)));
                    row.extend([
                        zone.clone(),
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
                    self.response.write_record(&row).map_err(csv_err(path))?;
                }
            }
        }
        Ok(())
    }

    /// Writes the scenario, the manifest and the charts, and moves the
    /// folder into place.
    pub fn finish(
        mut self,
        base: &Scenario,
        design: Design,
        horizons: &[u32],
        info: &RunInfo,
    ) -> Result<(PathBuf, Vec<String>), OutputError> {
        self.response.flush().map_err(io_err(&self.response_path))?;
        drop(self.response);
        let finished = SystemTime::now();
        let manifest = serde_json::json!({
            "zonesim_version": env!("CARGO_PKG_VERSION"),
            "kind": "sweep",
            "design": match design { Design::Grid => "grid", Design::LatinHypercube => "latin hypercube" },
            "scenario": { "name": base.name, "name_zh": base.name_zh, "files": base.sources.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(), "sha256": base.hash },
            "keys": self.keys,
            "points": self.points.len(),
            "seed": base.simulation.seed,
            "replicates": base.simulation.replicates,
            "steps": base.simulation.steps,
            "horizons": horizons,
            "command": info.command,
            "threads": rayon::current_num_threads(),
            "started": humantime::format_rfc3339_seconds(info.started).to_string(),
            "finished": humantime::format_rfc3339_seconds(finished).to_string(),
            "wall_seconds": finished.duration_since(info.started).map(|d| d.as_secs_f64()).unwrap_or(0.0),
            "start_year": base.simulation.start_year,
        });
        // The scenario the points vary (its first point), for the report.
        write_atomic(&self.staging.path("scenario.toml"), base.resolved.as_bytes())?;
        write_atomic(
            &self.staging.path("manifest.json"),
            (serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n").as_bytes(),
        )?;
        let notes = super::plot::render(&self.staging.dir, info.lang).map_err(|e| OutputError::Chart {
            path: self.staging.path("charts"),
            message: e.to_string(),
        })?;
        Ok((self.staging.commit()?, notes))
    }
}
