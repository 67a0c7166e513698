//! A report of a finished run, comparison or sweep, from its files: one
//! self-contained HTML page (charts inline as SVG, no network needed to open
//! it) and the same in Markdown with the PNG charts beside it.
//!
//! Sections: the scenario and its levers, headline results with intervals
//! (or the comparison, or the sweep's response), the charts, the run's
//! manifest, and a note on method.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::i18n::{Lang, key_label};
use super::plot::{Kind, PlotError, manifest, name_in};
use crate::model::{Lever, Metric};
use crate::scenario::{Scenario, Schedule};

/// The files a report wrote.
#[derive(Debug)]
pub struct Written {
    pub html: PathBuf,
    pub markdown: PathBuf,
    pub notes: Vec<String>,
}

/// A piece of a report.
enum Part {
    Markdown(String),
    /// A chart: file stem under charts/ and its caption.
    Chart(String, String),
}

struct Section {
    id: &'static str,
    title: String,
    parts: Vec<Part>,
}

fn read_err(path: &Path, e: impl std::fmt::Display) -> PlotError {
    PlotError::Read {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn read(path: &Path) -> Result<String, PlotError> {
    std::fs::read_to_string(path).map_err(|e| read_err(path, e))
}

fn number(s: &str) -> f64 {
    if s.is_empty() { f64::NAN } else { s.parse().unwrap_or(f64::NAN) }
}

/// Rows of a CSV file as maps from column name to value.
fn rows(path: &Path) -> Result<Vec<std::collections::BTreeMap<String, String>>, PlotError> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| read_err(path, e))?;
    let header: Vec<String> = reader.headers().map_err(|e| read_err(path, e))?.iter().map(String::from).collect();
    let mut out = Vec::new();
    for r in reader.records() {
        let r = r.map_err(|e| read_err(path, e))?;
        out.push(header.iter().cloned().zip(r.iter().map(String::from)).collect());
    }
    Ok(out)
}

/// Writes report.html and report.md into `dir`, redrawing the charts in `lang` first.
pub fn write(dir: &Path, lang: Lang) -> Result<Written, PlotError> {
    let (kind, m) = manifest(dir)?;
    let notes = super::plot::render(dir, lang)?;
    let (title, sections) = match kind {
        Kind::Run => run_report(dir, &m, lang)?,
        Kind::Comparison => comparison_report(dir, &m, lang)?,
        Kind::Sweep => sweep_report(dir, &m, lang)?,
    };
    let mut sections = sections;
    sections.push(manifest_section(&m, lang));
    sections.push(method_section(kind, &m, lang));

    // Markdown, with the PNG charts beside it.
    let mut md = format!("# {title}\n\n");
    for s in &sections {
        let _ = writeln!(md, "## {}\n", s.title);
        for p in &s.parts {
            match p {
                Part::Markdown(t) => {
                    let _ = writeln!(md, "{t}\n");
                }
                Part::Chart(stem, caption) => {
                    let _ = writeln!(md, "![{caption}](charts/{stem}.png)\n");
                }
            }
        }
    }

    // HTML, with the SVG charts inline.
    let mut body = String::new();
    for s in &sections {
        let _ = writeln!(body, "<section id=\"{}\">\n<h2>{}</h2>", s.id, escape(&s.title));
        for p in &s.parts {
            match p {
                Part::Markdown(t) => {
                    let parser = pulldown_cmark::Parser::new_ext(t, pulldown_cmark::Options::ENABLE_TABLES);
                    pulldown_cmark::html::push_html(&mut body, parser);
                }
                Part::Chart(stem, caption) => {
                    let path = dir.join("charts").join(format!("{stem}.svg"));
                    let svg = read(&path)?;
                    let svg = svg.trim_start_matches(|c| c != '<');
                    let svg = svg
                        .strip_prefix("<?xml")
                        .map(|r| &r[r.find("?>").map_or(0, |i| i + 2)..])
                        .unwrap_or(svg);
                    let _ = writeln!(
                        body,
                        "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>",
                        svg.trim(),
                        escape(caption)
                    );
                }
            }
        }
        body.push_str("</section>\n");
    }
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n{body}</main>\n<script>{CHECK}</script>\n</body>\n</html>\n",
        if lang == Lang::Zh { "zh-CN" } else { "en" },
        escape(&title),
        escape(&title)
    );
    let html_path = dir.join("report.html");
    let md_path = dir.join("report.md");
    super::write_atomic(&html_path, html.as_bytes())?;
    super::write_atomic(&md_path, md.as_bytes())?;
    Ok(Written {
        html: html_path,
        markdown: md_path,
        notes,
    })
}

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',system-ui,sans-serif;color:#222;background:#fff;margin:0}\
main{max-width:1250px;margin:0 auto;padding:1.5em 2em}h1{font-size:1.8em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ccc;padding-bottom:.2em}\
table{border-collapse:collapse;margin:1em 0;font-size:.92em}th,td{border:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}\
th{background:#f3f5f8}td:nth-child(n+2){font-variant-numeric:tabular-nums}figure{margin:1.5em 0}figure svg{width:100%;height:auto;border:1px solid #eee}\
figcaption{color:#555;font-size:.9em;margin-top:.3em}code{background:#f4f4f4;padding:0 .2em}";

/// Marks the page with what loaded, for the browser test.
const CHECK: &str = "window.addEventListener('load',function(){var imgs=Array.prototype.slice.call(document.images);\
var broken=imgs.filter(function(i){return !i.complete||i.naturalWidth===0}).length;\
var svgs=document.querySelectorAll('figure svg').length;\
var ids=Array.prototype.map.call(document.querySelectorAll('section[id]'),function(s){return s.id}).join(',');\
document.body.setAttribute('data-check','images='+imgs.length+';broken='+broken+';svgs='+svgs+';sections='+ids);});";

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Escapes a table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

fn fmt(x: f64) -> String {
    super::compare::fmt_level(Metric::Gdp, x)
}

/// The scenario's description in `lang`, falling back to English.
fn description(sc: &Scenario, lang: Lang) -> &str {
    match (lang, &sc.description_zh) {
        (Lang::Zh, Some(d)) if !d.is_empty() => d,
        _ => &sc.description,
    }
}

fn scenario_name(sc: &Scenario, lang: Lang) -> String {
    match (lang, &sc.name_zh) {
        (Lang::Zh, Some(z)) => z.clone(),
        _ => sc.name.clone(),
    }
}

fn zone_name(z: &crate::scenario::Zone, lang: Lang) -> String {
    match (lang, &z.name_zh) {
        (Lang::Zh, Some(n)) => n.clone(),
        _ => z.name.clone(),
    }
}

/// Every lever in force in a zone, as table rows: lever, size, schedule, details.
fn lever_rows(z: &crate::scenario::Zone, steps: u32, lang: Lang) -> Vec<[String; 4]> {
    let l = &z.levers;
    let sched = |s: Schedule| {
        let end = s.end.map_or(format!("{steps}"), |e| format!("{}", e.saturating_sub(1)));
        let ramp = if s.ramp > 0 {
            format!(", {} {}", lang.pick("ramp", "爬坡"), s.ramp)
        } else {
            String::new()
        };
        match lang {
            Lang::En => format!("steps {}–{end}{ramp}", s.start.max(1)),
            Lang::Zh => format!("第{}–{end}步{ramp}", s.start.max(1)),
        }
    };
    let pct = |x: f64| format!("{:.0} %", 100.0 * x);
    let when_on = |size: f64, detail: String| if size > 0.0 { detail } else { String::new() };
    let mut rows = Vec::new();
    let mut add = |lever: Lever, size: f64, s: String, detail: String| {
        if size > 0.0 || !detail.is_empty() {
            rows.push([lang.lever(lever).to_string(), fmt(size), s, detail]);
        }
    };
    let a = &l.attraction;
    let modes = [
        (lang.pick("general", "普通"), a.general),
        (lang.pick("precision", "精准"), a.precision),
        (lang.pick("platform", "平台"), a.platform),
        (lang.pick("business", "以商招商"), a.business),
        (lang.pick("tech", "科技"), a.tech),
    ];
    let modes: Vec<String> = modes.iter().map(|(name, share)| format!("{name} {}", pct(*share))).collect();
    let t = &l.talent_subsidy;
    // Amounts are ¥ million a quarter per person: ×4000 is ¥ thousand a year, ×400 ¥ 10,000 a year.
    let talent = match lang {
        Lang::En => format!(
            "¥{}k / ¥{}k a year per person (high-end / skilled)",
            fmt(t.high_end_amount * 4000.0),
            fmt(t.skilled_amount * 4000.0)
        ),
        Lang::Zh => format!(
            "每人每年：高端人才{}万元，技能人才{}万元",
            fmt(t.high_end_amount * 400.0),
            fmt(t.skilled_amount * 400.0)
        ),
    };
    let ar = &l.admin_reform;
    let g = &l.green_constraint;
    let r = &l.rd_subsidy;
    let cap = if g.cap > 0.0 {
        format!("{} {}", lang.pick("cap", "上限"), pct(g.cap))
    } else {
        String::new()
    };
    let detail = [
        (
            Lever::Attraction,
            when_on(
                a.size,
                format!(
                    "{}; {} {}",
                    modes.join(", "),
                    lang.pick("tailored", "一企一策"),
                    pct(a.tailored_share)
                ),
            ),
        ),
        (Lever::TalentSubsidy, when_on(t.size, talent)),
        (Lever::RdSubsidy, when_on(r.size, pct(r.rate))),
        (Lever::GreenConstraint, cap),
        (Lever::AdminReform, when_on(ar.size, pct(ar.intensity))),
    ];
    for (lever, size, schedule) in [
        (Lever::Attraction, a.size, a.schedule()),
        (Lever::ChainClustering, l.chain_clustering.size, l.chain_clustering.schedule()),
        (Lever::ProducerServices, l.producer_services.size, l.producer_services.schedule()),
        (Lever::TalentSubsidy, t.size, t.schedule()),
        (Lever::TopTalent, l.top_talent.size, l.top_talent.schedule()),
        (Lever::RdSubsidy, r.size, r.schedule()),
        (Lever::UpgradeSubsidy, l.upgrade_subsidy.size, l.upgrade_subsidy.schedule()),
        (Lever::GreenConstraint, g.size, g.schedule()),
        (
            Lever::HighGrowthSupport,
            l.high_growth_support.size,
            l.high_growth_support.schedule(),
        ),
        (Lever::AdminReform, ar.size, ar.schedule()),
        (Lever::CadreIncentives, l.cadre_incentives.size, l.cadre_incentives.schedule()),
        (Lever::BondedZone, l.bonded_zone.size, l.bonded_zone.schedule()),
        (Lever::OverseasBases, l.overseas_bases.size, l.overseas_bases.schedule()),
        (Lever::PublicServices, l.public_services.size, l.public_services.schedule()),
        (Lever::Ecology, l.ecology.size, l.ecology.schedule()),
        (Lever::SmartGovernance, l.smart_governance.size, l.smart_governance.schedule()),
    ] {
        let d = detail.iter().find(|(k, _)| *k == lever).map_or(String::new(), |(_, d)| d.clone());
        add(lever, size, sched(schedule), d);
    }
    for ch in &z.channels {
        let name = match (lang, &ch.name_zh) {
            (Lang::Zh, Some(n)) => n.clone(),
            _ => ch.name.clone(),
        };
        add(
            Lever::LogisticsChannels,
            ch.size,
            sched(ch.schedule()),
            format!("{name}: −{:.0} %", 100.0 * ch.trade_cost_cut),
        );
    }
    for p in &l.innovation_platforms {
        add(
            Lever::InnovationPlatforms,
            p.cost,
            match p.end {
                Some(_) => sched(p.schedule()),
                None => format!("{} {}", lang.pick("from step", "自第"), p.start),
            },
            format!("{} ({} {})", p.name, p.build_quarters, lang.pick("quarters", "季度")),
        );
    }
    rows
}

fn levers_markdown(sc: &Scenario, lang: Lang) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "| {} | {} | {} | {} | {} |\n|---|---|---:|---|---|",
        lang.pick("zone", "开发区"),
        lang.pick("lever", "政策"),
        lang.pick("size (¥ m a quarter)", "规模（百万元/季度）"),
        lang.pick("schedule", "时间"),
        lang.pick("details", "说明")
    );
    for z in &sc.zones {
        for r in lever_rows(z, sc.simulation.steps, lang) {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} |",
                cell(&zone_name(z, lang)),
                cell(&r[0]),
                r[1],
                cell(&r[2]),
                cell(&r[3])
            );
        }
    }
    md
}

fn zones_markdown(sc: &Scenario, lang: Lang) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "| {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---:|",
        lang.pick("zone", "开发区"),
        lang.pick("firms at step 0", "初始企业数"),
        lang.pick("workforce", "劳动力"),
        lang.pick("industrial land (ha)", "工业用地（公顷）"),
        lang.pick("transaction cost", "制度性交易成本")
    );
    for z in &sc.zones {
        let firms: u64 = z.firms.iter().map(|(_, p)| u64::from(p.count)).sum();
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {:.1} % |",
            cell(&zone_name(z, lang)),
            fmt(firms as f64),
            fmt(z.workforce.iter().sum()),
            fmt(z.land),
            100.0 * z.transaction_cost
        );
    }
    md
}

/// Headline metrics of a run's results table.
const RESULTS: &[Metric] = &[
    Metric::Gdp,
    Metric::ShareEmergingFuture,
    Metric::Firms,
    Metric::Employed,
    Metric::HighEndTalent,
    Metric::LocalSupplyRate,
    Metric::Exports,
    Metric::AverageWage,
    Metric::UnemploymentRate,
    Metric::BudgetBalance,
];

fn level(m: Metric, x: f64) -> String {
    super::compare::fmt_level(m, x)
}

fn run_report(dir: &Path, m: &serde_json::Value, lang: Lang) -> Result<(String, Vec<Section>), PlotError> {
    let path = dir.join("scenario.toml");
    let sc = Scenario::from_text(&path, &read(&path)?).map_err(|e| read_err(&path, e))?;
    let name = scenario_name(&sc, lang);
    let start_year = sc.simulation.start_year;

    let mut scenario = vec![];
    if !description(&sc, lang).is_empty() {
        scenario.push(Part::Markdown(description(&sc, lang).to_string()));
    }
    scenario.push(Part::Markdown(zones_markdown(&sc, lang)));
    scenario.push(Part::Markdown(levers_markdown(&sc, lang)));

    // Headline results from summary.csv.
    let summary = rows(&dir.join("summary.csv"))?;
    let steps: Vec<u32> = {
        let mut s: Vec<u32> = summary.iter().filter_map(|r| r.get("step")?.parse().ok()).collect();
        s.sort_unstable();
        s.dedup();
        s
    };
    let mut md = String::new();
    let _ = write!(md, "| {} |", lang.pick("metric (all zones)", "指标（全部开发区）"));
    for s in &steps {
        let _ = write!(md, " {} |", lang.when(start_year, *s));
    }
    md.push('\n');
    md.push_str(&"|---".repeat(steps.len() + 1));
    md.push_str("|\n");
    for metric in RESULTS {
        let _ = write!(md, "| {} |", cell(&metric_label(*metric, lang)));
        for s in &steps {
            let r = summary.iter().find(|r| {
                r.get("zone").map(String::as_str) == Some("all")
                    && r.get("metric").map(String::as_str) == Some(metric.info().id)
                    && r.get("step").and_then(|x| x.parse::<u32>().ok()) == Some(*s)
            });
            match r {
                Some(r) => {
                    let (mean, sd, n) = (number(&r["mean"]), number(&r["sd"]), number(&r["n"]));
                    let half = if n >= 2.0 {
                        crate::experiment::stats::t_quantile(0.975, n - 1.0) * sd / n.sqrt()
                    } else {
                        f64::NAN
                    };
                    let _ = write!(
                        md,
                        " {} [{}, {}]<br>{} {}–{} |",
                        level(*metric, mean),
                        level(*metric, mean - half),
                        level(*metric, mean + half),
                        lang.pick("90 %:", "90%区间："),
                        level(*metric, number(&r["p5"])),
                        level(*metric, number(&r["p95"]))
                    );
                }
                None => md.push_str(" – |"),
            }
        }
        md.push('\n');
    }
    let intro = lang.pick(
        "Mean across replicates with its 95 % confidence interval [low, high], and the range of the middle 90 % of replicates.",
        "各重复实验的均值及其95%置信区间［下限，上限］，以及居中90%重复实验的范围。",
    );
    let results = vec![Part::Markdown(intro.to_string()), Part::Markdown(md)];

    let mut charts = vec![
        Part::Chart(
            "overview".into(),
            lang.pick(
                "Headline trajectories: median, 50 % and 90 % of replicates",
                "主要指标轨迹：中位数、50%与90%区间",
            )
            .into(),
        ),
        Part::Chart("structure".into(), lang.pick("Industrial structure", "产业结构").into()),
        Part::Chart("talent".into(), lang.pick("Talent stock and migration", "人才存量与迁移").into()),
        Part::Chart(
            "budget".into(),
            lang.pick("Government revenue and spending by lever", "财政收入与分项支出").into(),
        ),
        Part::Chart(
            "firm-sizes".into(),
            lang.pick("Firm size distribution, replicate 0", "企业规模分布（第0次重复实验）")
                .into(),
        ),
    ];
    for metric in super::plot::BY_ZONE {
        let stem = format!("zones-{}", metric.info().id);
        if dir.join("charts").join(format!("{stem}.svg")).exists() {
            charts.push(Part::Chart(
                stem,
                format!("{} — {}", lang.metric(*metric), lang.pick("by zone", "分开发区")),
            ));
        }
    }
    for metric in [Metric::Exports, Metric::Employed, Metric::UnemploymentRate, Metric::AverageWage] {
        charts.push(Part::Chart(
            format!("trajectory-{}", metric.info().id),
            lang.metric(metric).to_string(),
        ));
    }
    charts.retain(|p| match p {
        Part::Chart(stem, _) => dir.join("charts").join(format!("{stem}.svg")).exists(),
        Part::Markdown(_) => true,
    });
    let replicates = m["replicates"].as_u64().unwrap_or(0);
    let title = format!("{name} — {replicates} {}", lang.pick("replicates", "次重复实验"));
    Ok((
        title,
        vec![
            Section {
                id: "scenario",
                title: lang.pick("Scenario and levers", "情景与政策").into(),
                parts: scenario,
            },
            Section {
                id: "results",
                title: lang.pick("Headline results", "主要结果").into(),
                parts: results,
            },
            Section {
                id: "charts",
                title: lang.pick("Charts", "图表").into(),
                parts: charts,
            },
        ],
    ))
}

/// Metrics of the headline table of a comparison.
const HEADLINE_EFFECTS: &[Metric] = &[
    Metric::Gdp,
    Metric::ShareEmergingFuture,
    Metric::HighEndTalent,
    Metric::LocalSupplyRate,
    Metric::Exports,
    Metric::BudgetBalance,
];

/// A metric's name with its unit, except for shares (their unit is in the values).
fn metric_label(metric: Metric, lang: Lang) -> String {
    if super::compare::is_share(metric) {
        lang.metric(metric).to_string()
    } else {
        match lang {
            Lang::En => format!("{} ({})", lang.metric(metric), lang.unit(metric)),
            Lang::Zh => format!("{}（{}）", lang.metric(metric), lang.unit(metric)),
        }
    }
}

fn comparison_report(dir: &Path, m: &serde_json::Value, lang: Lang) -> Result<(String, Vec<Section>), PlotError> {
    let start_year = m["start_year"].as_i64().unwrap_or(2000) as i32;
    let mut entries = vec![m["baseline"].clone()];
    entries.extend(m["variants"].as_array().cloned().unwrap_or_default());
    let names: Vec<String> = entries.iter().map(|e| name_in(e, lang)).collect();
    let ids: Vec<String> = entries.iter().map(|e| e["id"].as_str().unwrap_or("").to_string()).collect();

    // Each scenario's levers.
    let mut scenario = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let path = dir.join("scenarios").join(format!("{id}.toml"));
        if let Ok(text) = std::fs::read_to_string(&path) {
            let sc = Scenario::from_text(&path, &text).map_err(|e| read_err(&path, e))?;
            let role = if i == 0 {
                lang.pick("baseline", "基准")
            } else {
                lang.pick("variant", "方案")
            };
            scenario.push(Part::Markdown(format!(
                "**{} ({role})**{}",
                names[i],
                match description(&sc, lang) {
                    "" => String::new(),
                    d => format!("{}{d}", lang.pick(": ", "：")),
                }
            )));
            scenario.push(Part::Markdown(levers_markdown(&sc, lang)));
        }
    }

    // The comparison, from comparison.csv and fiscal.csv.
    let cmp = rows(&dir.join("comparison.csv"))?;
    let fiscal = rows(&dir.join("fiscal.csv"))?;
    let mut parts = vec![Part::Markdown(
        lang.pick(
            "Differences are variant − baseline for all zones together, the mean of paired differences with its 95 % confidence interval; * marks an interval that excludes zero. \"to date\" sums the quarters up to the horizon.",
            "差值为方案减基准（全部开发区），为配对差值的均值及其95%置信区间；*表示区间不含零。“累计”为截至该时点各季度之和。",
        )
        .to_string(),
    )];
    for (v, id) in ids.iter().enumerate().skip(1) {
        let mut md = format!("### {}\n\n", names[v]);
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | |\n|---|---|---:|---:|---|---:|---|",
            lang.pick("metric", "指标"),
            lang.pick("horizon", "时点"),
            lang.pick("baseline", "基准"),
            lang.pick("variant", "方案"),
            lang.pick("difference [95 % CI]", "差值［95%置信区间］"),
            lang.pick("change", "变化")
        );
        for &(metric, cumulative) in super::compare::HEADLINE {
            let kind = if cumulative { "cumulative" } else { "level" };
            for r in cmp
                .iter()
                .filter(|r| r["variant"] == *id && r["zone"] == "all" && r["metric"] == metric.info().id && r["kind"] == kind)
            {
                let step: u32 = r["step"].parse().unwrap_or(0);
                let when = lang.when(start_year, step);
                let unit = lang.unit(metric);
                let share = super::compare::is_share(metric);
                let name = if cumulative {
                    format!("{}, {}", lang.metric(metric), lang.pick("to date", "累计"))
                } else {
                    lang.metric(metric).to_string()
                };
                let name = if share {
                    name
                } else {
                    format!(
                        "{name} ({})",
                        if cumulative {
                            unit.replace(" per quarter", "").replace("/季度", "")
                        } else {
                            unit.to_string()
                        }
                    )
                };
                let rel = number(&r["relative_change"]);
                let _ = writeln!(
                    md,
                    "| {} | {when} | {} | {} | {} [{}, {}] | {} | {} |",
                    cell(&name),
                    super::compare::fmt_level(metric, number(&r["baseline_mean"])),
                    super::compare::fmt_level(metric, number(&r["variant_mean"])),
                    super::compare::fmt_diff(metric, number(&r["difference"])),
                    super::compare::fmt_diff(metric, number(&r["ci_low"])),
                    super::compare::fmt_diff(metric, number(&r["ci_high"])),
                    if share || !rel.is_finite() {
                        String::new()
                    } else {
                        format!("{} %", super::compare::signed(100.0 * rel, 1))
                    },
                    if r["significant"] == "true" { "*" } else { "" }
                );
            }
        }
        let _ = writeln!(
            md,
            "\n| {} | {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---:|---:|",
            lang.pick("horizon", "时点"),
            lang.pick("extra lever spending to date (¥ m)", "累计新增政策支出（百万元）"),
            lang.pick("budget balance, difference (¥ m)", "财政结余差值（百万元）"),
            lang.pick("GDP gained to date per ¥", "每元新增支出累计GDP增量"),
            lang.pick("high-end talent per ¥100 m", "每亿元高端人才增量"),
            lang.pick("local supply rate (pp) per ¥1 bn", "每十亿元本地配套率增量（百分点）")
        );
        for r in fiscal.iter().filter(|r| r["variant"] == *id && r["zone"] == "all") {
            let step: u32 = r["step"].parse().unwrap_or(0);
            let when = lang.when(start_year, step);
            let ratio = |k: &str| {
                let x = number(&r[k]);
                if x.is_finite() {
                    super::compare::signed(x, 2)
                } else {
                    "–".into()
                }
            };
            let _ = writeln!(
                md,
                "| {when} | {} | {} | {} | {} | {} |",
                super::compare::fmt_diff(Metric::Gdp, number(&r["extra_lever_spending"])),
                super::compare::fmt_diff(Metric::Gdp, number(&r["budget_balance_difference"])),
                ratio("gdp_gain_per_yuan"),
                ratio("high_end_talent_per_100m"),
                ratio("local_supply_rate_points_per_bn")
            );
        }
        parts.push(Part::Markdown(md));
    }

    // Headline: every variant's effect on the key metrics at the last horizon.
    let last: u32 = cmp.iter().filter_map(|r| r["step"].parse().ok()).max().unwrap_or(0);
    let mut md = format!("| {} |", lang.pick("variant", "方案"));
    for metric in HEADLINE_EFFECTS {
        let _ = write!(md, " {} |", cell(&metric_label(*metric, lang)));
    }
    md.push('\n');
    md.push_str(&"|---".repeat(HEADLINE_EFFECTS.len() + 1));
    md.push_str("|\n");
    for (v, id) in ids.iter().enumerate().skip(1) {
        let _ = write!(md, "| {} |", cell(&names[v]));
        for metric in HEADLINE_EFFECTS {
            let r = cmp.iter().find(|r| {
                r["variant"] == *id
                    && r["zone"] == "all"
                    && r["metric"] == metric.info().id
                    && r["kind"] == "level"
                    && r["step"] == last.to_string()
            });
            match r {
                Some(r) => {
                    let rel = number(&r["relative_change"]);
                    let _ = write!(
                        md,
                        " {} [{}, {}]{}{} |",
                        super::compare::fmt_diff(*metric, number(&r["difference"])),
                        super::compare::fmt_diff(*metric, number(&r["ci_low"])),
                        super::compare::fmt_diff(*metric, number(&r["ci_high"])),
                        if super::compare::is_share(*metric) || !rel.is_finite() {
                            String::new()
                        } else {
                            format!("<br>{} %", super::compare::signed(100.0 * rel, 1))
                        },
                        if r["significant"] == "true" { " *" } else { "" }
                    );
                }
                None => md.push_str(" – |"),
            }
        }
        md.push('\n');
    }
    let headline = vec![
        Part::Markdown(format!(
            "{}{}{} {}",
            lang.pick("Effect of each variant against the baseline in ", "各方案相对基准的效应（"),
            lang.when(start_year, last),
            lang.pick(".", "）。"),
            lang.pick(
                "Mean paired difference [95 % confidence interval] and the change as a share of the baseline; * marks an interval that excludes zero.",
                "配对差值均值［95%置信区间］及其占基准的比例；*表示区间不含零。"
            )
        )),
        Part::Markdown(md),
    ];

    let charts = vec![
        Part::Chart(
            "effects".into(),
            lang.pick("Effects with 95 % confidence intervals", "效应及95%置信区间").into(),
        ),
        Part::Chart(
            "overview".into(),
            lang.pick(
                "Trajectories of each scenario: median and 90 % of replicates",
                "各情景轨迹：中位数与90%重复实验区间",
            )
            .into(),
        ),
        Part::Chart("structure".into(), lang.pick("Industrial structure", "产业结构").into()),
        Part::Chart("talent".into(), lang.pick("Talent stock and migration", "人才存量与迁移").into()),
        Part::Chart(
            "budget".into(),
            lang.pick("Government revenue and spending by lever", "财政收入与分项支出").into(),
        ),
    ];
    let title = format!("{} {} {}", names[1..].join(", "), lang.pick("vs", "对比"), names[0]);
    Ok((
        title,
        vec![
            Section {
                id: "scenario",
                title: lang.pick("Scenarios and levers", "情景与政策").into(),
                parts: scenario,
            },
            Section {
                id: "results",
                title: lang.pick("Headline results", "主要结果").into(),
                parts: headline,
            },
            Section {
                id: "comparison",
                title: lang.pick("Comparison table", "对比明细").into(),
                parts,
            },
            Section {
                id: "charts",
                title: lang.pick("Charts", "图表").into(),
                parts: charts,
            },
        ],
    ))
}

fn sweep_report(dir: &Path, m: &serde_json::Value, lang: Lang) -> Result<(String, Vec<Section>), PlotError> {
    let keys: Vec<String> = m["keys"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|k| k.as_str().map(String::from))
        .collect();
    let name = name_in(&m["scenario"], lang);
    let response = rows(&dir.join("response.csv"))?;
    let last: u32 = response.iter().filter_map(|r| r["step"].parse().ok()).max().unwrap_or(0);
    let start_year = m["start_year"].as_i64().unwrap_or(2000) as i32;
    let when = lang.when(start_year, last);
    let shown = [
        Metric::Gdp,
        Metric::HighEndTalent,
        Metric::LocalSupplyRate,
        Metric::Exports,
        Metric::BudgetBalance,
    ];
    let labels: Vec<String> = keys.iter().map(|k| cell(&key_label(k, lang))).collect();
    let mut md = format!("| {} |", labels.join(" | "));
    for metric in shown {
        let _ = write!(md, " {} |", cell(&metric_label(metric, lang)));
    }
    let _ = writeln!(md, "\n{}|", "|---".repeat(keys.len() + shown.len()));
    let mut points: Vec<String> = response.iter().map(|r| r["point"].clone()).collect();
    points.dedup();
    for p in points {
        let here: Vec<_> = response
            .iter()
            .filter(|r| r["point"] == p && r["zone"] == "all" && r["step"].parse::<u32>().ok() == Some(last))
            .collect();
        let Some(first) = here.first() else { continue };
        let _ = write!(md, "| {} |", keys.iter().map(|k| first[k].clone()).collect::<Vec<_>>().join(" | "));
        for metric in shown {
            match here.iter().find(|r| r["metric"] == metric.info().id) {
                Some(r) => {
                    let _ = write!(
                        md,
                        " {} [{}, {}] |",
                        level(metric, number(&r["mean"])),
                        level(metric, number(&r["ci_low"])),
                        level(metric, number(&r["ci_high"]))
                    );
                }
                None => md.push_str(" – |"),
            }
        }
        md.push('\n');
    }
    let intro = format!(
        "{} {when}: {}",
        lang.pick("Mean across replicates at", "均值，时点"),
        lang.pick(
            "mean [95 % confidence interval of the mean]; every point runs the same replicate seeds.",
            "均值［95%置信区间］；各点使用相同的重复实验随机种子。"
        )
    );
    let mut charts = Vec::new();
    for entry in std::fs::read_dir(dir.join("charts")).map_err(|e| read_err(dir, e))? {
        let entry = entry.map_err(|e| read_err(dir, e))?;
        let file = entry.file_name().to_string_lossy().into_owned();
        if let Some(stem) = file.strip_suffix(".svg") {
            charts.push(stem.to_string());
        }
    }
    charts.sort();
    let charts = charts
        .into_iter()
        .map(|stem| {
            let caption = if let Some(id) = stem.strip_prefix("heatmap-") {
                let metric = crate::model::METRICS
                    .iter()
                    .find(|m| m.id == id)
                    .map_or(id.to_string(), |m| lang.metric(m.metric).to_string());
                format!(
                    "{metric}: {}",
                    lang.pick("mean on the grid of the two levers", "两项政策网格上的均值")
                )
            } else {
                let k = stem
                    .strip_prefix("response-")
                    .and_then(|k| k.parse::<usize>().ok())
                    .map_or(0, |k| k - 1);
                format!(
                    "{} {}",
                    lang.pick("Response to", "响应："),
                    keys.get(k).map_or(String::new(), |key| key_label(key, lang))
                )
            };
            Part::Chart(stem, caption)
        })
        .collect();
    let title = format!(
        "{}{} — {name}",
        lang.pick("Sweep of ", "参数扫描："),
        keys.iter()
            .map(|k| key_label(k, lang))
            .collect::<Vec<_>>()
            .join(lang.pick(", ", "，"))
    );
    let mut scenario = vec![Part::Markdown(format!(
        "{}{}",
        lang.pick("Swept: ", "扫描参数："),
        keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
    ))];
    let path = dir.join("scenario.toml");
    if let Ok(text) = std::fs::read_to_string(&path) {
        let sc = Scenario::from_text(&path, &text).map_err(|e| read_err(&path, e))?;
        if !description(&sc, lang).is_empty() {
            scenario.push(Part::Markdown(description(&sc, lang).to_string()));
        }
        scenario.push(Part::Markdown(levers_markdown(&sc, lang)));
    }
    Ok((
        title,
        vec![
            Section {
                id: "scenario",
                title: lang.pick("Scenario and swept keys", "情景与扫描参数").into(),
                parts: scenario,
            },
            Section {
                id: "results",
                title: lang.pick("Response", "响应").into(),
                parts: vec![Part::Markdown(intro), Part::Markdown(md)],
            },
            Section {
                id: "charts",
                title: lang.pick("Charts", "图表").into(),
                parts: charts,
            },
        ],
    ))
}

fn manifest_section(m: &serde_json::Value, lang: Lang) -> Section {
    let mut md = format!("| {} | |\n|---|---|\n", lang.pick("item", "项目"));
    let mut row = |k: &str, v: String| {
        let _ = writeln!(md, "| {k} | {} |", cell(&v));
    };
    row(
        lang.pick("zonesim version", "zonesim版本"),
        m["zonesim_version"].as_str().unwrap_or("").into(),
    );
    row(lang.pick("seed", "随机种子"), m["seed"].to_string());
    row(lang.pick("replicates", "重复实验次数"), m["replicates"].to_string());
    row(lang.pick("steps (quarters)", "步数（季度）"), m["steps"].to_string());
    let command: Vec<String> = m["command"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c.as_str().map(String::from))
        .collect();
    row(lang.pick("command", "命令"), format!("`{}`", command.join(" ")));
    row(lang.pick("threads", "线程数"), m["threads"].to_string());
    row(lang.pick("started", "开始时间"), m["started"].as_str().unwrap_or("").into());
    row(
        lang.pick("wall time (s)", "用时（秒）"),
        format!("{:.1}", m["wall_seconds"].as_f64().unwrap_or(0.0)),
    );
    for entry in [&m["scenario"], &m["baseline"]] {
        if let Some(h) = entry["sha256"].as_str() {
            row(lang.pick("scenario SHA-256", "情景SHA-256"), format!("`{h}`"));
        }
    }
    if let Some(outputs) = m["outputs"].as_object() {
        for (file, v) in outputs {
            row(
                file,
                format!("{} bytes, SHA-256 `{}`", v["bytes"], v["sha256"].as_str().unwrap_or("")),
            );
        }
    }
    let warnings: Vec<String> = m["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|w| w.as_str().map(String::from))
        .collect();
    let mut parts = vec![Part::Markdown(md)];
    if !warnings.is_empty() {
        parts.push(Part::Markdown(
            warnings.iter().map(|w| format!("- {w}")).collect::<Vec<_>>().join("\n"),
        ));
    }
    Section {
        id: "run",
        title: lang.pick("The run", "运行信息").into(),
        parts,
    }
}

fn method_section(kind: Kind, m: &serde_json::Value, lang: Lang) -> Section {
    let replicates = m["replicates"].as_u64().unwrap_or(0);
    let mut text = match lang {
        Lang::En => format!(
            "zonesim is an agent-based model: firms, workers and zone governments act quarter by quarter under the scenario's policy levers (see docs/model.md). \
Each of the {replicates} replicates is an independent simulation with its own random streams derived from the seed; the same scenario and seed reproduce every table byte for byte. \
Bands on trajectories show the spread of outcomes across replicates (the middle 50 % and 90 %), not uncertainty about the model's parameters. \
Confidence intervals are for the mean across replicates (Student's t)."
        ),
        Lang::Zh => format!(
            "zonesim是基于主体的模型：企业、劳动者与开发区管委会在情景设定的政策下逐季度行动（见docs/model.md）。\
{replicates}次重复实验各为独立模拟，随机数流由随机种子派生；相同情景与种子逐字节复现所有表格。\
轨迹上的区间表示各重复实验结果的分布（居中50%与90%），不代表模型参数的不确定性。置信区间为重复实验均值的区间（学生t分布）。"
        ),
    };
    if kind == Kind::Comparison {
        text.push_str(lang.pick(
            " All scenarios run the same replicate numbers with the same seed (common random numbers): replicate r of a variant meets the same random draws as replicate r of the baseline wherever their states agree, firm by firm, so each replicate gives a paired difference and the intervals on effects are those of the paired differences. A variant whose levers differ only from step S is identical to the baseline before S.",
            " 所有情景使用相同种子与相同编号的重复实验（共同随机数）：方案的第r次重复实验在状态一致处与基准的第r次逐企业遇到相同的随机抽取，因此每次重复实验给出一个配对差值，效应的区间即配对差值的区间。政策仅自第S步起不同的方案在第S步之前与基准完全相同。",
        ));
    }
    if kind == Kind::Sweep {
        text.push_str(lang.pick(
            " Every point of the sweep runs the same replicate numbers with the same seed, so differences between points are not differences between random draws.",
            " 扫描的各点使用相同种子与相同编号的重复实验，点与点之间的差异不来自随机抽取的不同。",
        ));
    }
    Section {
        id: "method",
        title: lang.pick("Method", "方法说明").into(),
        parts: vec![Part::Markdown(text)],
    }
}
