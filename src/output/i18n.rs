//! The words of charts and reports in English and Chinese. Metric and lever
//! names come from their catalogues (`model::metrics`, `model::levers`);
//! everything else a chart or report says is here.

use crate::model::{Lever, Metric};
use crate::scenario::Tier;

/// Language of chart titles, axis labels, legends and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// English or Chinese.
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    pub fn metric(self, m: Metric) -> &'static str {
        let i = m.info();
        self.pick(i.en, i.zh)
    }

    pub fn unit(self, m: Metric) -> &'static str {
        let i = m.info();
        self.pick(i.unit_en, i.unit_zh)
    }

    pub fn lever(self, l: Lever) -> &'static str {
        self.pick(l.name_en(), l.name_zh())
    }

    pub fn tier(self, t: Tier) -> &'static str {
        match t {
            Tier::Traditional => self.pick("Traditional industries", "传统产业"),
            Tier::Emerging => self.pick("Strategic emerging industries", "战略性新兴产业"),
            Tier::Future => self.pick("Future industries", "未来产业"),
            Tier::Services => self.pick("Producer services", "生产性服务业"),
        }
    }

    pub fn skill(self, k: usize) -> &'static str {
        match k {
            0 => self.pick("General workers", "普通劳动力"),
            1 => self.pick("Skilled workers", "技能人才"),
            _ => self.pick("High-end talent", "高端人才"),
        }
    }

    /// A step as a reader says it: "start of 2012" / "2012年初" for the
    /// initial state, "2016 Q4" / "2016年第4季度" for the quarter a step ends.
    pub fn when(self, start_year: i32, step: u32) -> String {
        let (y, q) = crate::output::run::year_quarter(start_year, step);
        match (self, q) {
            (Lang::En, 0) => format!("start of {y}"),
            (Lang::Zh, 0) => format!("{y}年初"),
            (Lang::En, q) => format!("{y} Q{q}"),
            (Lang::Zh, q) => format!("{y}年第{q}季度"),
        }
    }

    /// A word of the chart and report vocabulary.
    pub fn word(self, w: Word) -> &'static str {
        use Word::*;
        match w {
            Year => self.pick("year", "年份"),
            Median => self.pick("median", "中位数"),
            Band50 => self.pick("50 % of replicates", "50%重复实验区间"),
            Band90 => self.pick("90 % of replicates", "90%重复实验区间"),
            Ci95 => self.pick("95 % CI of the mean", "均值95%置信区间"),
            Structure => self.pick("Industrial structure: output by tier (mean)", "产业结构：各层级产出（均值）"),
            FirmSizes => self.pick("Firm size distribution (rank-size, log-log)", "企业规模分布（位序-规模，双对数）"),
            Rank => self.pick("rank", "位序"),
            Employees => self.pick("employees", "员工数"),
            Talent => self.pick("Talent: residents by skill (mean)", "人才：分技能常住人数（均值）"),
            NetMigration => self.pick("Net migration (mean)", "净迁入（均值）"),
            AllSkills => self.pick("All skills", "全部"),
            Budget => self.pick("Budget: revenue and spending by lever (mean)", "财政：收入与分项支出（均值）"),
            Revenue => self.pick("Revenue", "收入"),
            Overhead => self.pick("Administration and social functions", "行政与社会事务"),
            ByZone => self.pick("by zone: median and 90 % band", "分开发区：中位数与90%区间"),
            Effects => self.pick(
                "Effect of each variant against the baseline: mean paired difference, % of baseline, 95 % CI",
                "各方案相对基准的效应：配对差值均值（占基准%），95%置信区间",
            ),
            OfBaseline => self.pick("% of baseline", "占基准%"),
            BillionYear => self.pick("¥ billion a year", "十亿元/年"),
            Billion => self.pick("¥ billion", "十亿元"),
            PercentOutput => self.pick("% of output", "占产出%"),
            PercentLinked => self.pick("% of linked inputs", "占关联投入%"),
            Percent => self.pick("%", "%"),
            PersonsQuarter => self.pick("persons per quarter", "人/季度"),
            Persons => self.pick("persons", "人"),
            MillionQuarter => self.pick("¥ million per quarter", "百万元/季度"),
        }
    }
}

/// Words charts and reports use besides metric and lever names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    Year,
    Median,
    Band50,
    Band90,
    Ci95,
    Structure,
    FirmSizes,
    Rank,
    Employees,
    Talent,
    NetMigration,
    AllSkills,
    Budget,
    Revenue,
    Overhead,
    ByZone,
    Effects,
    OfBaseline,
    BillionYear,
    Billion,
    PercentOutput,
    PercentLinked,
    Percent,
    PersonsQuarter,
    Persons,
    MillionQuarter,
}

/// A scenario key as a chart axis or table header: a lever key becomes
/// the lever's name, the field and the unit from the schema
/// ("Talent subsidy: size (¥ million per quarter)"); other keys are shown
/// as written, with their unit.
pub fn key_label(key: &str, lang: Lang) -> String {
    let segs: Vec<&str> = key.split('.').collect();
    let lever_at = segs.iter().position(|s| *s == "levers");
    // The schema writes lever keys once, under `levers.`.
    let schema_path = match lever_at {
        Some(i) => segs[i..].join("."),
        None => segs
            .iter()
            .map(|s| if s.parse::<usize>().is_ok() { "[]" } else { s })
            .collect::<Vec<_>>()
            .join("."),
    };
    let unit = crate::scenario::schema::keys()
        .iter()
        .find(|k| k.path == schema_path)
        .map_or("", |k| k.unit);
    let unit = match (lang, unit) {
        (_, "") => String::new(),
        (Lang::Zh, "¥ million per quarter") => "（百万元/季度）".into(),
        (Lang::Zh, "share") => "（比例）".into(),
        (Lang::Zh, "step") => "（步）".into(),
        (Lang::Zh, "quarters") => "（季度）".into(),
        (Lang::Zh, u) => format!("（{u}）"),
        (Lang::En, u) => format!(" ({u})"),
    };
    if let Some(i) = lever_at
        && segs.len() == i + 3
        && let Some(lever) = Lever::ALL.iter().find(|l| l.key() == segs[i + 1])
    {
        let field = match (lang, segs[i + 2]) {
            (Lang::Zh, "size") => "规模",
            (Lang::Zh, "start") => "起始步",
            (Lang::Zh, "end") => "结束步",
            (_, f) => f,
        };
        let zone = if i >= 2 { format!("{} ", segs[i - 1]) } else { String::new() };
        let sep = lang.pick(": ", "：");
        return format!("{zone}{}{sep}{field}{unit}", lang.lever(*lever));
    }
    format!("{key}{unit}")
}

/// How a metric is shown on a chart: a scale and a unit.
pub fn display(m: Metric, lang: Lang) -> (f64, String) {
    use Metric as M;
    let w = |x: Word| lang.word(x).to_string();
    match m {
        M::Gdp
        | M::Output
        | M::Exports
        | M::OverseasSales
        | M::FdiInflow
        | M::RdSpending
        | M::TaxRevenue
        | M::GovRevenue
        | M::GovSpending => (4.0 / 1000.0, w(Word::BillionYear)),
        M::BudgetBalance => (1.0 / 1000.0, w(Word::Billion)),
        M::ShareEmergingFuture => (100.0, w(Word::PercentOutput)),
        M::LocalSupplyRate => (100.0, w(Word::PercentLinked)),
        M::UnemploymentRate | M::RdIntensity | M::GdpGrowth | M::BudgetScale | M::LandUse | M::Efficiency => (100.0, w(Word::Percent)),
        _ => (1.0, lang.unit(m).to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_name_every_metric_and_lever() {
        for info in crate::model::METRICS {
            assert!(!Lang::En.metric(info.metric).is_empty() && !Lang::Zh.metric(info.metric).is_empty());
            assert!(
                crate::output::fonts::needs_cjk(Lang::Zh.metric(info.metric)),
                "{} has no Chinese name",
                info.id
            );
        }
        for l in Lever::ALL {
            assert!(crate::output::fonts::needs_cjk(Lang::Zh.lever(l)));
        }
    }

    #[test]
    fn steps_read_as_dates() {
        assert_eq!(Lang::En.when(2012, 0), "start of 2012");
        assert_eq!(Lang::En.when(2012, 1), "2012 Q1");
        assert_eq!(Lang::En.when(2012, 20), "2016 Q4");
        assert_eq!(Lang::Zh.when(2012, 40), "2021年第4季度");
        assert_eq!(Lang::Zh.when(2012, 0), "2012年初");
    }

    #[test]
    fn scenario_keys_read_as_lever_names_with_units() {
        assert_eq!(
            key_label("levers.talent_subsidy.size", Lang::En),
            "Talent subsidy: size (¥ million per quarter)"
        );
        assert_eq!(key_label("levers.talent_subsidy.size", Lang::Zh), "人才补贴：规模（百万元/季度）");
        assert_eq!(
            key_label("zones.wuhan.levers.rd_subsidy.size", Lang::En),
            "wuhan R&D subsidy: size (¥ million per quarter)"
        );
        assert_eq!(key_label("simulation.steps", Lang::En), "simulation.steps (quarters)");
    }

    #[test]
    fn languages_parse() {
        assert_eq!(Lang::parse("zh"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
