//! The files of a comparison: a tidy CSV of every metric, a fiscal CSV, a
//! Markdown report ready to paste, trajectory and effect charts, a manifest.

use std::fmt::Write as _;
use std::path::PathBuf;

use std::time::SystemTime;

use super::run::{RunInfo, num, year_quarter};
use super::{OutputError, Staging, csv_err, io_err, write_atomic};
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

pub fn is_share(m: Metric) -> bool {
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
pub fn write(
    staging: Staging,
    scenarios: &[Scenario],
    c: &Comparison,
    info: &RunInfo,
) -> Result<(PathBuf, String, Vec<String>), OutputError> {
    let base = &scenarios[0];
    let ids = variant_ids(scenarios);
    let differences: Vec<Vec<String>> = scenarios
        .iter()
        .map(|sc| crate::experiment::compare::non_lever_differences(base, sc))
        .collect();
    let warnings: Vec<String> = scenarios
        .iter()
        .zip(&ids)
        .zip(&differences)
        .skip(1)
        .filter(|(_, d)| !d.is_empty())
        .map(|((sc, id), d)| differs_outside_levers(&label(sc), id, d))
        .collect();
    let zone_ids: Vec<&str> = base.zones.iter().map(|z| z.id.as_str()).chain(std::iter::once("all")).collect();
    let total = zone_ids.len() - 1;
    let start_year = base.simulation.start_year;

    // Tidy table of every metric, level and cumulative.
    let path = staging.path("comparison.csv");
    let mut w = csv::Writer::from_path(&path).map_err(csv_err(&path))?;
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
    .map_err(csv_err(&path))?;
    for (v, id) in ids.iter().enumerate().skip(1) {
        for (h, step) in c.horizons.iter().enumerate() {
            let (year, quarter) = year_quarter(start_year, *step);
            for (z, zone) in zone_ids.iter().enumerate() {
                for info in METRICS {
                    let level = ("level", c.effect(v - 1, h, z, info.metric));
                    let cumulative = info
                        .is_flow()
                        .then(|| ("cumulative", c.cumulative_effect(v - 1, h, z, info.metric)));
                    for (kind, e) in std::iter::once(level).chain(cumulative) {
                        w.write_record([
                            id.clone(),
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
                        .map_err(csv_err(&path))?;
                    }
                }
            }
        }
    }
    w.flush().map_err(io_err(&path))?;

    // Fiscal side: extra spending and effect per unit of it.
    let path = staging.path("fiscal.csv");
    let mut w = csv::Writer::from_path(&path).map_err(csv_err(&path))?;
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
    .map_err(csv_err(&path))?;
    for (v, id) in ids.iter().enumerate().skip(1) {
        for (h, step) in c.horizons.iter().enumerate() {
            for (z, zone) in zone_ids.iter().enumerate() {
                let f = Fiscal::of(c, v - 1, h, z);
                w.write_record([
                    id.clone(),
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
                .map_err(csv_err(&path))?;
            }
        }
    }
    w.flush().map_err(io_err(&path))?;

    let markdown = markdown(scenarios, &differences, c, total);
    write_atomic(&staging.path("comparison.md"), markdown.as_bytes())?;

    // Trajectories, for the charts and for `zonesim plot`.
    let path = staging.path("trajectories.csv");
    let mut w = csv::Writer::from_path(&path).map_err(csv_err(&path))?;
    w.write_record([
        "scenario",
        "scenario_id",
        "metric",
        "step",
        "year",
        "n",
        "p5",
        "p25",
        "p50",
        "p75",
        "p95",
        "mean",
    ])
    .map_err(csv_err(&path))?;
    // Every metric's mean; percentiles for the charted ones (empty otherwise).
    for (s, id) in ids.iter().enumerate() {
        for info in crate::model::METRICS {
            let charted = c.charted.iter().position(|m| *m == info.metric);
            for (step, moments) in c.means[s][info.metric.index()].iter().enumerate() {
                let q = |p: f64| charted.map_or(String::new(), |col| num(c.series[s][col][step].quantile(p)));
                w.write_record([
                    s.to_string(),
                    id.clone(),
                    info.id.to_string(),
                    step.to_string(),
                    year_quarter(start_year, step as u32).0.to_string(),
                    moments.n().to_string(),
                    q(0.05),
                    q(0.25),
                    q(0.5),
                    q(0.75),
                    q(0.95),
                    num(moments.mean()),
                ])
                .map_err(csv_err(&path))?;
            }
        }
    }
    w.flush().map_err(io_err(&path))?;

    // Each scenario as resolved, for the report and to repeat the comparison.
    let dir = staging.path("scenarios");
    std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
    for (sc, id) in scenarios.iter().zip(&ids) {
        write_atomic(&dir.join(format!("{id}.toml")), sc.resolved.as_bytes())?;
    }

    let finished = SystemTime::now();
    let manifest = serde_json::json!({
        "zonesim_version": env!("CARGO_PKG_VERSION"),
        "kind": "comparison",
        "baseline": { "id": ids[0], "name": base.name, "name_zh": base.name_zh, "files": base.sources.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(), "sha256": base.hash },
        "variants": scenarios[1..].iter().zip(&ids[1..]).map(|(s, id)| serde_json::json!({
            "id": id, "name": s.name, "name_zh": s.name_zh, "files": s.sources.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(), "sha256": s.hash,
        })).collect::<Vec<_>>(),
        "start_year": start_year,
        "seed": base.simulation.seed,
        "replicates": c.replicates,
        "steps": base.simulation.steps,
        "horizons": c.horizons,
        "warnings": warnings,
        "command": info.command,
        "threads": rayon::current_num_threads(),
        "started": humantime::format_rfc3339_seconds(info.started).to_string(),
        "finished": humantime::format_rfc3339_seconds(finished).to_string(),
        "wall_seconds": finished.duration_since(info.started).map(|d| d.as_secs_f64()).unwrap_or(0.0),
    });
    write_atomic(
        &staging.path("manifest.json"),
        (serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n").as_bytes(),
    )?;
    let mut notes = warnings;
    notes.extend(super::plot::render(&staging.dir, info.lang).map_err(|e| OutputError::Chart {
        path: staging.path("charts"),
        message: e.to_string(),
    })?);
    let dir = staging.commit()?;
    Ok((dir, markdown, notes))
}

/// Each scenario's id in the output: its file's name without `.toml`,
/// made unique with `-2`, `-3`, … when two files share a name (the same
/// file given twice, or `a/x.toml` and `b/x.toml`).
pub fn variant_ids(scenarios: &[Scenario]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::with_capacity(scenarios.len());
    for sc in scenarios {
        let stem = sc
            .sources
            .first()
            .and_then(|p| p.file_stem())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| sc.name.clone());
        let mut id = stem.clone();
        let mut k = 2;
        while ids.contains(&id) {
            id = format!("{stem}-{k}");
            k += 1;
        }
        ids.push(id);
    }
    ids
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

/// The warning for a variant that differs from the baseline outside its levers.
fn differs_outside_levers(name: &str, id: &str, keys: &[String]) -> String {
    const SHOWN: usize = 6;
    let mut list: Vec<String> = keys.iter().take(SHOWN).map(|k| format!("`{k}`")).collect();
    if keys.len() > SHOWN {
        list.push(format!("and {} more", keys.len() - SHOWN));
    }
    format!(
        "{name} ({id}) differs from the baseline outside its levers, in {}: its effects measure these differences as well as its policy",
        list.join(", ")
    )
}

fn markdown(scenarios: &[Scenario], differences: &[Vec<String>], c: &Comparison, total: usize) -> String {
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
        if !differences[v].is_empty() {
            let keys: Vec<String> = differences[v].iter().map(|k| format!("`{k}`")).collect();
            let _ = writeln!(
                md,
                "> **Note:** this variant differs from the baseline outside its levers ({}), so its effects are not those of its policy alone.\n",
                keys.join(", ")
            );
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
                let year = super::i18n::Lang::En.when(start_year, *step);
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
            let year = super::i18n::Lang::En.when(start_year, *step);
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
