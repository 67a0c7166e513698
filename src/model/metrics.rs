//! The metric catalogue: every per-step output column, with English and
//! Chinese names and units. CSV headers, charts, summaries and reports all
//! read names from here.
//!
//! Metrics are computed from a [`Tally`] of raw sums. A zone's metrics come
//! from its tally; the scenario total comes from the sum of the zones'
//! tallies through the same function, so ratios such as the unemployment
//! rate or the local supply rate are recomputed from totals, never averaged.

use super::levers::{Lever, N_LEVERS};

#[derive(Debug, Clone, Copy)]
pub struct MetricInfo {
    pub metric: Metric,
    pub id: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
    pub unit_en: &'static str,
    pub unit_zh: &'static str,
}

macro_rules! metrics {
    ($( $var:ident = $id:literal, $en:literal, $zh:literal, $unit_en:literal, $unit_zh:literal; )*) => {
        /// A per-step metric; its discriminant indexes [`Values`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Metric { $($var),* }

        pub static METRICS: &[MetricInfo] = &[
            $(MetricInfo { metric: Metric::$var, id: $id, en: $en, zh: $zh, unit_en: $unit_en, unit_zh: $unit_zh }),*
        ];
    };
}

const MQ: &str = "¥ million per quarter";
const MQ_ZH: &str = "百万元/季度";

metrics! {
    Gdp = "gdp", "GDP (value added)", "地区生产总值（增加值）", "¥ million per quarter", "百万元/季度";
    GdpGrowth = "gdp_growth", "GDP growth, year on year", "GDP同比增长率", "share", "比例";
    Output = "output", "Output (revenue)", "总产出（营业收入）", "¥ million per quarter", "百万元/季度";
    OutputTraditional = "output_traditional", "Output, traditional industries", "传统产业产出", "¥ million per quarter", "百万元/季度";
    OutputEmerging = "output_emerging", "Output, strategic emerging industries", "战略性新兴产业产出", "¥ million per quarter", "百万元/季度";
    OutputFuture = "output_future", "Output, future industries", "未来产业产出", "¥ million per quarter", "百万元/季度";
    OutputServices = "output_services", "Output, producer services", "生产性服务业产出", "¥ million per quarter", "百万元/季度";
    ShareEmergingFuture = "share_emerging_future", "Share of strategic emerging and future industries", "战略性新兴与未来产业占比", "share of output", "占产出比例";
    Firms = "firms", "Firms", "企业数", "firms", "家";
    FirmsTraditional = "firms_traditional", "Firms, traditional", "传统产业企业数", "firms", "家";
    FirmsEmerging = "firms_emerging", "Firms, strategic emerging", "战略性新兴产业企业数", "firms", "家";
    FirmsFuture = "firms_future", "Firms, future industries", "未来产业企业数", "firms", "家";
    FirmsServices = "firms_services", "Firms, producer services", "生产性服务业企业数", "firms", "家";
    Entries = "entries", "Firm entries", "新进入企业", "firms per quarter", "家/季度";
    Startups = "startups", "Start-ups", "新创企业", "firms per quarter", "家/季度";
    Attracted = "attracted", "Attracted firms", "招商引进企业", "firms per quarter", "家/季度";
    Exits = "exits", "Firm exits", "退出企业", "firms per quarter", "家/季度";
    RelocationsIn = "relocations_in", "Relocations in", "迁入企业", "firms per quarter", "家/季度";
    RelocationsOut = "relocations_out", "Relocations out", "迁出企业", "firms per quarter", "家/季度";
    Leaders = "leaders", "Leader firms", "龙头企业", "firms", "家";
    Gazelles = "gazelles", "Gazelle firms", "瞪羚企业", "firms", "家";
    Unicorns = "unicorns", "Unicorn firms", "独角兽企业", "firms", "家";
    Exporters = "exporters", "Exporting firms", "出口企业", "firms", "家";
    OverseasBases = "overseas_bases", "Firms with an overseas base", "设立海外基地企业", "firms", "家";
    Workers = "workers", "Labour force living in the zone", "常住劳动力", "persons", "人";
    WorkersGeneral = "workers_general", "General workers living in the zone", "常住普通劳动力", "persons", "人";
    WorkersSkilled = "workers_skilled", "Skilled workers living in the zone", "常住技能人才", "persons", "人";
    Employed = "employed", "Employed", "就业人数", "persons", "人";
    EmploymentGeneral = "employment_general", "Employed, general workers", "普通劳动力就业", "persons", "人";
    EmploymentSkilled = "employment_skilled", "Employed, skilled workers", "技能人才就业", "persons", "人";
    EmploymentHighEnd = "employment_high_end", "Employed, high-end talent", "高端人才就业", "persons", "人";
    UnemploymentRate = "unemployment_rate", "Unemployment rate", "失业率", "share", "比例";
    AverageWage = "average_wage", "Average wage", "平均工资", "¥ thousand per year", "千元/年";
    HighEndTalent = "high_end_talent", "High-end talent living in the zone", "高端人才存量", "persons", "人";
    NetMigration = "net_migration", "Net migration", "净迁入", "persons per quarter", "人/季度";
    NetMigrationHighEnd = "net_migration_high_end", "Net migration of high-end talent", "高端人才净迁入", "persons per quarter", "人/季度";
    LocalSupplyRate = "local_supply_rate", "Local supply rate", "本地配套率", "share of linked inputs", "占关联投入比例";
    Exports = "exports", "Exports", "出口额", "¥ million per quarter", "百万元/季度";
    OverseasSales = "overseas_sales", "Sales of overseas bases", "海外基地销售额", "¥ million per quarter", "百万元/季度";
    FdiInflow = "fdi_inflow", "FDI inflow", "实际利用外资", "¥ million per quarter", "百万元/季度";
    RdSpending = "rd_spending", "R&D spending", "研发投入", "¥ million per quarter", "百万元/季度";
    RdIntensity = "rd_intensity", "R&D intensity", "研发投入强度", "share of GDP", "占GDP比例";
    Innovations = "innovations", "Successful innovations", "成功创新", "per quarter", "次/季度";
    Productivity = "productivity", "Productivity (output-weighted)", "全要素生产率（产出加权）", "index", "指数";
    TaxRevenue = "tax_revenue", "Tax revenue kept by the zone", "留存税收", "¥ million per quarter", "百万元/季度";
    GovRevenue = "gov_revenue", "Government revenue", "财政收入", "¥ million per quarter", "百万元/季度";
    GovSpending = "gov_spending", "Government spending", "财政支出", "¥ million per quarter", "百万元/季度";
    GovOverhead = "gov_overhead", "Administration and social functions", "行政与社会事务支出", "¥ million per quarter", "百万元/季度";
    LeverSpending = "lever_spending", "Spending on policy levers", "政策支出", "¥ million per quarter", "百万元/季度";
    BudgetBalance = "budget_balance", "Budget balance", "财政结余", "¥ million", "百万元";
    BudgetScale = "budget_scale", "Share of planned lever spending funded", "政策资金到位率", "share", "比例";
    SpendUpgradeSubsidy = "spend_upgrade_subsidy", "Spending: upgrade subsidy", "支出：传统产业改造升级补贴", "¥ million per quarter", "百万元/季度";
    SpendGreenConstraint = "spend_green_constraint", "Spending: green constraint", "支出：绿色约束", "¥ million per quarter", "百万元/季度";
    SpendChainClustering = "spend_chain_clustering", "Spending: chain clustering", "支出：补链强链", "¥ million per quarter", "百万元/季度";
    SpendAttraction = "spend_attraction", "Spending: investment attraction", "支出：招商引资", "¥ million per quarter", "百万元/季度";
    SpendProducerServices = "spend_producer_services", "Spending: producer services", "支出：生产性服务业", "¥ million per quarter", "百万元/季度";
    SpendRdSubsidy = "spend_rd_subsidy", "Spending: R&D subsidy", "支出：研发补贴", "¥ million per quarter", "百万元/季度";
    SpendInnovationPlatforms = "spend_innovation_platforms", "Spending: innovation platforms", "支出：创新平台", "¥ million per quarter", "百万元/季度";
    SpendHighGrowthSupport = "spend_high_growth_support", "Spending: gazelle/unicorn support", "支出：瞪羚/独角兽培育", "¥ million per quarter", "百万元/季度";
    SpendTalentSubsidy = "spend_talent_subsidy", "Spending: talent subsidy", "支出：人才补贴", "¥ million per quarter", "百万元/季度";
    SpendTopTalent = "spend_top_talent", "Spending: top-talent programme", "支出：高层次人才计划", "¥ million per quarter", "百万元/季度";
    SpendAdminReform = "spend_admin_reform", "Spending: administrative reform", "支出：体制机制改革", "¥ million per quarter", "百万元/季度";
    SpendCadreIncentives = "spend_cadre_incentives", "Spending: cadre incentives", "支出：干部考评激励", "¥ million per quarter", "百万元/季度";
    SpendLogisticsChannels = "spend_logistics_channels", "Spending: logistics channels", "支出：开放通道", "¥ million per quarter", "百万元/季度";
    SpendBondedZone = "spend_bonded_zone", "Spending: bonded zone", "支出：综合保税区", "¥ million per quarter", "百万元/季度";
    SpendOverseasBases = "spend_overseas_bases", "Spending: overseas bases", "支出：走出去", "¥ million per quarter", "百万元/季度";
    SpendPublicServices = "spend_public_services", "Spending: public services", "支出：公共服务", "¥ million per quarter", "百万元/季度";
    SpendEcology = "spend_ecology", "Spending: ecology", "支出：生态环境", "¥ million per quarter", "百万元/季度";
    SpendSmartGovernance = "spend_smart_governance", "Spending: smart governance", "支出：智慧治理", "¥ million per quarter", "百万元/季度";
    SpendCooperation = "spend_cooperation", "Spending: inter-zone cooperation", "支出：飞地经济与区域托管", "¥ million per quarter", "百万元/季度";
    Amenity = "amenity", "Amenity (public services)", "公共服务指数", "index", "指数";
    Environment = "environment", "Environmental quality", "环境质量", "index 0-1", "指数（0-1）";
    Pollution = "pollution", "Pollution", "污染排放", "units per quarter", "单位/季度";
    TransactionCost = "transaction_cost", "Institutional transaction cost", "制度性交易成本", "share of revenue", "占营业收入比例";
    ApprovalDelay = "approval_delay", "Approval delay", "审批时长", "quarters", "季度";
    Efficiency = "efficiency", "Implementation efficiency", "政策执行效率", "share", "比例";
    LandUse = "land_use", "Share of industrial land in use", "工业用地利用率", "share", "比例";
    Platforms = "platforms", "Innovation platforms", "创新平台", "platform units", "个";
}

pub const N_METRICS: usize = METRICS.len();

/// The catalogue as a Markdown table (id, English and Chinese names, units),
/// the one in docs/outputs.md; a test keeps the two equal.
pub fn catalogue_markdown() -> String {
    let mut out = String::from("| metric | meaning | 中文 | unit | 单位 |\n|---|---|---|---|---|\n");
    for m in METRICS {
        out.push_str(&format!("| `{}` | {} | {} | {} | {} |\n", m.id, m.en, m.zh, m.unit_en, m.unit_zh));
    }
    out
}

impl MetricInfo {
    /// A flow (something per quarter), whose sum over steps is a total to
    /// date; stocks, ratios and indices have no meaningful sum.
    pub fn is_flow(&self) -> bool {
        self.unit_en.ends_with("per quarter")
    }
}

impl Metric {
    pub fn index(self) -> usize {
        self as usize
    }
    pub fn info(self) -> &'static MetricInfo {
        &METRICS[self as usize]
    }
    pub fn from_id(id: &str) -> Option<Metric> {
        METRICS.iter().find(|m| m.id == id).map(|m| m.metric)
    }
    /// The spending column of a lever.
    pub fn spend(lever: Lever) -> Metric {
        METRICS[Metric::SpendUpgradeSubsidy as usize + lever.index()].metric
    }
}

/// Metric values of one zone (or the total) at one step.
pub type Values = [f64; N_METRICS];

/// Raw sums from which a zone's metrics are computed. Adding two tallies
/// gives the tally of the two zones together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub gdp: f64,
    pub gdp_year_ago: f64,
    pub output_by_tier: [f64; 4],
    pub firms_by_tier: [f64; 4],
    pub entries: f64,
    pub startups: f64,
    pub attracted: f64,
    pub exits: f64,
    pub relocations_in: f64,
    pub relocations_out: f64,
    pub leaders: f64,
    pub gazelles: f64,
    pub unicorns: f64,
    pub exporters: f64,
    pub overseas_bases: f64,
    pub residents: [f64; 3],
    pub employed: [f64; 3],
    pub wage_bill: f64,
    pub net_migration: [f64; 3],
    pub linked_purchases: f64,
    pub local_purchases: f64,
    pub exports: f64,
    pub overseas_sales: f64,
    pub fdi_inflow: f64,
    pub rd: f64,
    pub innovations: f64,
    /// Σ output × productivity index.
    pub output_productivity: f64,
    pub tax_revenue: f64,
    pub gov_revenue: f64,
    pub gov_spending: f64,
    pub gov_overhead: f64,
    pub budget_balance: f64,
    pub planned_levers: f64,
    pub funded_levers: f64,
    pub spend: [f64; N_LEVERS],
    /// Resident-weighted sums of zone indices.
    pub amenity_w: f64,
    pub environment_w: f64,
    pub transaction_cost_w: f64,
    pub approval_delay_w: f64,
    pub efficiency_w: f64,
    pub pollution: f64,
    pub land: f64,
    pub land_used: f64,
    pub platforms: f64,
}

impl Tally {
    pub fn add(&mut self, o: &Tally) {
        fn arr<const N: usize>(a: &mut [f64; N], b: &[f64; N]) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        self.gdp += o.gdp;
        self.gdp_year_ago += o.gdp_year_ago;
        arr(&mut self.output_by_tier, &o.output_by_tier);
        arr(&mut self.firms_by_tier, &o.firms_by_tier);
        self.entries += o.entries;
        self.startups += o.startups;
        self.attracted += o.attracted;
        self.exits += o.exits;
        self.relocations_in += o.relocations_in;
        self.relocations_out += o.relocations_out;
        self.leaders += o.leaders;
        self.gazelles += o.gazelles;
        self.unicorns += o.unicorns;
        self.exporters += o.exporters;
        self.overseas_bases += o.overseas_bases;
        arr(&mut self.residents, &o.residents);
        arr(&mut self.employed, &o.employed);
        self.wage_bill += o.wage_bill;
        arr(&mut self.net_migration, &o.net_migration);
        self.linked_purchases += o.linked_purchases;
        self.local_purchases += o.local_purchases;
        self.exports += o.exports;
        self.overseas_sales += o.overseas_sales;
        self.fdi_inflow += o.fdi_inflow;
        self.rd += o.rd;
        self.innovations += o.innovations;
        self.output_productivity += o.output_productivity;
        self.tax_revenue += o.tax_revenue;
        self.gov_revenue += o.gov_revenue;
        self.gov_spending += o.gov_spending;
        self.gov_overhead += o.gov_overhead;
        self.budget_balance += o.budget_balance;
        self.planned_levers += o.planned_levers;
        self.funded_levers += o.funded_levers;
        arr(&mut self.spend, &o.spend);
        self.amenity_w += o.amenity_w;
        self.environment_w += o.environment_w;
        self.transaction_cost_w += o.transaction_cost_w;
        self.approval_delay_w += o.approval_delay_w;
        self.efficiency_w += o.efficiency_w;
        self.pollution += o.pollution;
        self.land += o.land;
        self.land_used += o.land_used;
        self.platforms += o.platforms;
    }

    pub fn metrics(&self) -> Values {
        use Metric as M;
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
        let mut v = [0.0; N_METRICS];
        let output: f64 = self.output_by_tier.iter().sum();
        let residents: f64 = self.residents.iter().sum();
        let employed: f64 = self.employed.iter().sum();
        let mut set = |m: M, x: f64| v[m.index()] = x;
        set(M::Gdp, self.gdp);
        // NaN (an empty cell) until a year of history exists.
        let growth = if self.gdp_year_ago.is_nan() {
            f64::NAN
        } else if self.gdp_year_ago > 0.0 {
            self.gdp / self.gdp_year_ago - 1.0
        } else {
            0.0
        };
        set(M::GdpGrowth, growth);
        set(M::Output, output);
        set(M::OutputTraditional, self.output_by_tier[0]);
        set(M::OutputEmerging, self.output_by_tier[1]);
        set(M::OutputFuture, self.output_by_tier[2]);
        set(M::OutputServices, self.output_by_tier[3]);
        set(
            M::ShareEmergingFuture,
            ratio(self.output_by_tier[1] + self.output_by_tier[2], output),
        );
        set(M::Firms, self.firms_by_tier.iter().sum());
        set(M::FirmsTraditional, self.firms_by_tier[0]);
        set(M::FirmsEmerging, self.firms_by_tier[1]);
        set(M::FirmsFuture, self.firms_by_tier[2]);
        set(M::FirmsServices, self.firms_by_tier[3]);
        set(M::Entries, self.entries);
        set(M::Startups, self.startups);
        set(M::Attracted, self.attracted);
        set(M::Exits, self.exits);
        set(M::RelocationsIn, self.relocations_in);
        set(M::RelocationsOut, self.relocations_out);
        set(M::Leaders, self.leaders);
        set(M::Gazelles, self.gazelles);
        set(M::Unicorns, self.unicorns);
        set(M::Exporters, self.exporters);
        set(M::OverseasBases, self.overseas_bases);
        set(M::Workers, residents);
        set(M::WorkersGeneral, self.residents[0]);
        set(M::WorkersSkilled, self.residents[1]);
        set(M::Employed, employed);
        set(M::EmploymentGeneral, self.employed[0]);
        set(M::EmploymentSkilled, self.employed[1]);
        set(M::EmploymentHighEnd, self.employed[2]);
        set(M::UnemploymentRate, ratio(residents - employed, residents));
        set(M::AverageWage, ratio(self.wage_bill, employed) * 4.0 * 1000.0);
        set(M::HighEndTalent, self.residents[2]);
        set(M::NetMigration, self.net_migration.iter().sum());
        set(M::NetMigrationHighEnd, self.net_migration[2]);
        set(M::LocalSupplyRate, ratio(self.local_purchases, self.linked_purchases));
        set(M::Exports, self.exports);
        set(M::OverseasSales, self.overseas_sales);
        set(M::FdiInflow, self.fdi_inflow);
        set(M::RdSpending, self.rd);
        set(M::RdIntensity, ratio(self.rd, self.gdp));
        set(M::Innovations, self.innovations);
        set(M::Productivity, ratio(self.output_productivity, output));
        set(M::TaxRevenue, self.tax_revenue);
        set(M::GovRevenue, self.gov_revenue);
        set(M::GovSpending, self.gov_spending);
        set(M::GovOverhead, self.gov_overhead);
        let lever_spending: f64 = self.spend.iter().sum();
        set(M::LeverSpending, lever_spending);
        set(M::BudgetBalance, self.budget_balance);
        set(
            M::BudgetScale,
            if self.planned_levers > 0.0 {
                self.funded_levers / self.planned_levers
            } else {
                1.0
            },
        );
        for lever in Lever::ALL {
            set(M::spend(lever), self.spend[lever.index()]);
        }
        set(M::Amenity, ratio(self.amenity_w, residents));
        set(M::Environment, ratio(self.environment_w, residents));
        set(M::Pollution, self.pollution);
        set(M::TransactionCost, ratio(self.transaction_cost_w, residents));
        set(M::ApprovalDelay, ratio(self.approval_delay_w, residents));
        set(M::Efficiency, ratio(self.efficiency_w, residents));
        set(M::LandUse, ratio(self.land_used, self.land));
        set(M::Platforms, self.platforms);
        v
    }
}

/// Shared so every consumer of a money column spells the unit the same way.
pub fn money_unit(lang_zh: bool) -> &'static str {
    if lang_zh { MQ_ZH } else { MQ }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_ids_are_unique_and_indexed_by_discriminant() {
        for (i, m) in METRICS.iter().enumerate() {
            assert_eq!(m.metric.index(), i, "{}", m.id);
            assert_eq!(Metric::from_id(m.id), Some(m.metric));
        }
    }

    #[test]
    fn spend_columns_follow_lever_order() {
        for lever in Lever::ALL {
            assert_eq!(Metric::spend(lever).info().id, format!("spend_{}", lever.key()));
        }
    }

    #[test]
    fn totals_recompute_ratios_from_sums() {
        let mut a = Tally {
            residents: [90.0, 10.0, 0.0],
            employed: [80.0, 10.0, 0.0],
            ..Tally::default()
        };
        let b = Tally {
            residents: [100.0, 0.0, 0.0],
            employed: [50.0, 0.0, 0.0],
            ..Tally::default()
        };
        assert!((a.metrics()[Metric::UnemploymentRate.index()] - 0.1).abs() < 1e-12);
        a.add(&b);
        // (200 - 140) / 200, not the mean of 0.1 and 0.5
        assert!((a.metrics()[Metric::UnemploymentRate.index()] - 0.3).abs() < 1e-12);
    }
}
