//! The serde mirror of a scenario file.
//!
//! These types say what a file may contain and what each key defaults to; they
//! check nothing beyond types (`deny_unknown_fields` everywhere). Ranges,
//! cross-references and sums are checked in `validate.rs`, which turns a
//! `ScenarioSpec` into a [`crate::scenario::Scenario`]. Every key is described,
//! with unit, range and the source of its default, in `schema.rs`, from which
//! `docs/scenario-format.md` is generated.
//!
//! Units throughout: money in ¥ million at the scenario's base-year prices,
//! one step = one quarter, rates per quarter unless a name ends in `_per_year`.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// The whole file after `extends` has been resolved and `levers` /
/// `zone_defaults` have been merged into each zone.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSpec {
    pub name: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_zh: Option<String>,
    #[serde(default)]
    pub simulation: SimulationSpec,
    #[serde(default)]
    pub economy: EconomySpec,
    #[serde(default)]
    pub behaviour: Behaviour,
    #[serde(default)]
    pub markets: IndexMap<String, MarketSpec>,
    #[serde(default)]
    pub sectors: IndexMap<String, SectorSpec>,
    #[serde(default)]
    pub zones: IndexMap<String, ZoneSpec>,
    #[serde(default)]
    pub cooperation: Vec<CooperationSpec>,
    #[serde(default)]
    pub sweep: SweepSpec,
}

/// Ranges for `zonesim sweep --lhs`: key -> [low, high].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepSpec {
    #[serde(default)]
    pub ranges: IndexMap<String, [f64; 2]>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SimulationSpec {
    pub steps: u32,
    pub replicates: u32,
    pub seed: u64,
    pub start_year: i32,
    /// Steps at which the summary across replicates is taken; empty means
    /// years 3, 5 and 10 (where the run reaches them) and the last step.
    pub summary_steps: Vec<u32>,
    /// Steps at which firms.csv keeps a snapshot of every firm; empty means
    /// step 0, the middle (a whole year) and the last step.
    #[serde(default)]
    pub snapshot_steps: Vec<u32>,
}

impl Default for SimulationSpec {
    fn default() -> Self {
        SimulationSpec {
            steps: 40,
            replicates: 10,
            seed: 2012,
            start_year: 2012,
            summary_steps: vec![],
            snapshot_steps: vec![],
        }
    }
}

/// Per-skill values. Skill order everywhere: general, skilled, high-end talent.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SkillValues {
    pub general: f64,
    pub skilled: f64,
    pub high_end: f64,
}

impl SkillValues {
    pub const fn new(general: f64, skilled: f64, high_end: f64) -> Self {
        SkillValues {
            general,
            skilled,
            high_end,
        }
    }
    pub fn to_array(self) -> [f64; 3] {
        [self.general, self.skilled, self.high_end]
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EconomySpec {
    pub cycle_persistence: f64,
    pub cycle_volatility: f64,
    pub interest_rate_per_year: f64,
    /// Potential migrants outside all zones, by skill (persons).
    pub outside_labour: SkillValues,
    /// Wage outside the zones, ¥ million per person per quarter.
    pub outside_wage: SkillValues,
    pub outside_wage_growth_per_year: f64,
    pub outside_unemployment: f64,
    pub outside_amenity: f64,
    pub outside_environment: f64,
    pub outside_housing_cost: f64,
}

impl Default for EconomySpec {
    fn default() -> Self {
        EconomySpec {
            cycle_persistence: 0.8,
            cycle_volatility: 0.01,
            interest_rate_per_year: 0.045,
            outside_labour: SkillValues::new(4_000_000.0, 1_200_000.0, 150_000.0),
            outside_wage: SkillValues::new(0.016, 0.026, 0.055),
            outside_wage_growth_per_year: 0.06,
            outside_unemployment: 0.05,
            outside_amenity: 1.0,
            outside_environment: 0.7,
            outside_housing_cost: 1.0,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketSpec {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    #[serde(default = "default_market_growth")]
    pub growth_per_year: f64,
    #[serde(default = "default_market_volatility")]
    pub volatility: f64,
    /// Iceberg trade cost from a zone with no special channel (0.3 = 30 %).
    pub trade_cost: f64,
}

fn default_market_growth() -> f64 {
    0.04
}
fn default_market_volatility() -> f64 {
    0.02
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Traditional,
    Emerging,
    Future,
    Services,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::Traditional, Tier::Emerging, Tier::Future, Tier::Services];
    pub fn index(self) -> usize {
        self as usize
    }
    pub fn key(self) -> &'static str {
        match self {
            Tier::Traditional => "traditional",
            Tier::Emerging => "emerging",
            Tier::Future => "future",
            Tier::Services => "services",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectorSpec {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    pub tier: Tier,
    pub demand_growth_per_year: f64,
    #[serde(default = "default_demand_volatility")]
    pub demand_volatility: f64,
    #[serde(default = "one")]
    pub cycle_sensitivity: f64,
    pub rd_propensity: f64,
    pub innovation_rate_per_year: f64,
    pub skill_mix: SkillValues,
    pub capital_share: f64,
    pub intermediate_share: f64,
    /// Supplier sector -> purchases from it per unit of revenue.
    #[serde(default)]
    pub inputs: IndexMap<String, f64>,
    #[serde(default)]
    pub export_share: f64,
    /// Export market -> weight (normalised to sum 1).
    #[serde(default)]
    pub export_markets: IndexMap<String, f64>,
    #[serde(default)]
    pub pollution_intensity: f64,
    #[serde(default = "default_land_intensity")]
    pub land_intensity: f64,
    #[serde(default = "one")]
    pub startup_weight: f64,
    #[serde(default = "one")]
    pub national_weight: f64,
    #[serde(default)]
    pub upgrade_to: Option<String>,
}

fn default_demand_volatility() -> f64 {
    0.015
}
fn default_land_intensity() -> f64 {
    0.015
}
fn one() -> f64 {
    1.0
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneSpec {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    /// Position in km, for the distance cost of moving between zones.
    #[serde(default)]
    pub location: [f64; 2],
    /// Land for industry, hectares.
    pub land: f64,
    #[serde(default = "one")]
    pub amenity: f64,
    #[serde(default = "default_environment")]
    pub environment: f64,
    #[serde(default = "default_transaction_cost")]
    pub transaction_cost: f64,
    #[serde(default = "default_approval_delay")]
    pub approval_delay: f64,
    #[serde(default = "one")]
    pub housing_cost: f64,
    /// Extra cost of an input bought from outside the zone (0.1 = 10 %).
    #[serde(default = "default_import_cost")]
    pub import_cost: f64,
    /// Market -> trade cost from this zone, overriding the market's default.
    #[serde(default)]
    pub trade_costs: IndexMap<String, f64>,
    /// Innovation platforms already in the zone at step 0.
    #[serde(default)]
    pub platforms: f64,
    pub workforce: SkillValues,
    #[serde(default = "default_unemployment")]
    pub unemployment: f64,
    /// Market wage at step 0, ¥ million per person per quarter.
    pub wages: SkillValues,
    /// Initial firms by sector (none: a greenfield zone).
    #[serde(default)]
    pub firms: IndexMap<String, FirmPopulationSpec>,
    #[serde(default)]
    pub government: GovernmentSpec,
    #[serde(default)]
    pub levers: Levers,
}

fn default_environment() -> f64 {
    0.7
}
fn default_transaction_cost() -> f64 {
    0.02
}
fn default_approval_delay() -> f64 {
    2.0
}
fn default_import_cost() -> f64 {
    0.10
}
fn default_unemployment() -> f64 {
    0.04
}

/// How a zone's initial firms of one sector are generated.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FirmPopulationSpec {
    pub count: u32,
    /// Smallest firm, employees.
    pub size_min: f64,
    /// Pareto tail exponent of employees (1 = Zipf).
    pub size_alpha: f64,
    /// Largest firm, employees.
    pub size_max: f64,
    /// Mean of log productivity relative to the sector norm.
    pub productivity_mean: f64,
    /// Standard deviation of log productivity.
    pub productivity_sd: f64,
    pub foreign_share: f64,
    pub coastal_share: f64,
    pub age_mean_years: f64,
}

impl Default for FirmPopulationSpec {
    fn default() -> Self {
        FirmPopulationSpec {
            count: 0,
            size_min: 5.0,
            size_alpha: 1.05,
            size_max: 20_000.0,
            productivity_mean: 0.0,
            productivity_sd: 0.35,
            foreign_share: 0.05,
            coastal_share: 0.05,
            age_mean_years: 8.0,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GovernmentSpec {
    /// Share of taxes raised in the zone that the zone keeps.
    pub tax_retention: f64,
    /// Budget balance at step 0, ¥ million.
    pub budget: f64,
    /// Administrative and social-function spending, ¥ million per quarter.
    pub overhead: f64,
    /// Share of overhead that is social functions (which reform can shed).
    pub social_function_share: f64,
    /// How far below zero the balance may go, ¥ million.
    pub borrowing_limit: f64,
    /// Transfers from higher government, ¥ million per quarter.
    pub transfers: f64,
}

impl Default for GovernmentSpec {
    fn default() -> Self {
        GovernmentSpec {
            tax_retention: 0.4,
            budget: 2_000.0,
            overhead: 600.0,
            social_function_share: 0.35,
            borrowing_limit: 0.0,
            transfers: 0.0,
        }
    }
}

/// An inter-zone cooperation agreement (飞地经济 / 区域托管).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CooperationSpec {
    /// The home zone (whose firms move out) and the host zone (the enclave).
    pub home: String,
    pub host: String,
    /// Share of the taxes of firms that moved home -> host paid back to home.
    #[serde(default = "default_revenue_share")]
    pub revenue_share: f64,
    /// Multiplier on how often home's firms consider host when relocating.
    #[serde(default = "default_relocation_boost")]
    pub relocation_boost: f64,
    /// Coordination cost to each of the two zones, ¥ million per quarter.
    #[serde(default)]
    pub size: f64,
    #[serde(default)]
    pub start: u32,
    #[serde(default)]
    pub end: Option<u32>,
    /// Quarters over which the agreement's relocation pull and coordination
    /// cost rise linearly to full (0 = at once).
    #[serde(default)]
    pub ramp: u32,
}

fn default_revenue_share() -> f64 {
    0.5
}
fn default_relocation_boost() -> f64 {
    8.0
}

// ---------------------------------------------------------------------------
// Policy levers. Every lever has a size (spending, ¥ million per quarter, or
// the envelope of a claims-based programme) and a schedule: active from
// `start` (inclusive) to `end` (exclusive; none = to the end), rising linearly
// to full size over `ramp` quarters.
// ---------------------------------------------------------------------------

/// When a lever is on and how strongly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Schedule {
    pub start: u32,
    pub end: Option<u32>,
    pub ramp: u32,
}

impl Schedule {
    /// The share of the lever's size in force at `step` (0 to 1).
    pub fn level(&self, step: u32) -> f64 {
        if step < self.start || self.end.is_some_and(|e| step >= e) {
            return 0.0;
        }
        if self.ramp == 0 {
            return 1.0;
        }
        (f64::from(step - self.start + 1) / f64::from(self.ramp)).min(1.0)
    }
}

macro_rules! scheduled {
    ($($t:ty),* $(,)?) => {$(
        impl $t {
            pub fn schedule(&self) -> Schedule {
                Schedule { start: self.start, end: self.end, ramp: self.ramp }
            }
            /// Planned spending at `step`, ¥ million.
            pub fn planned(&self, step: u32) -> f64 {
                self.size * self.schedule().level(step)
            }
        }
    )*};
}

scheduled!(
    UpgradeSubsidy,
    GreenConstraint,
    ChainClustering,
    Attraction,
    ProducerServices,
    RdSubsidy,
    HighGrowthSupport,
    TalentSubsidy,
    TopTalent,
    AdminReform,
    CadreIncentives,
    BondedZone,
    OverseasBases,
    Spending,
);

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Levers {
    pub upgrade_subsidy: UpgradeSubsidy,
    pub green_constraint: GreenConstraint,
    pub chain_clustering: ChainClustering,
    pub attraction: Attraction,
    pub producer_services: ProducerServices,
    pub rd_subsidy: RdSubsidy,
    pub innovation_platforms: Vec<PlatformSpec>,
    pub high_growth_support: HighGrowthSupport,
    pub talent_subsidy: TalentSubsidy,
    pub top_talent: TopTalent,
    pub admin_reform: AdminReform,
    pub cadre_incentives: CadreIncentives,
    pub logistics_channels: Vec<ChannelSpec>,
    pub bonded_zone: BondedZone,
    pub overseas_bases: OverseasBases,
    pub public_services: Spending,
    pub ecology: Spending,
    pub smart_governance: Spending,
}

/// 推进产业结构调整: pays part of traditional firms' upgrade cost.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UpgradeSubsidy {
    pub size: f64,
    /// Share of an upgrade's cost the subsidy pays.
    pub cost_share: f64,
    pub start: u32,
    pub end: Option<u32>,
    pub ramp: u32,
}

impl Default for UpgradeSubsidy {
    fn default() -> Self {
        UpgradeSubsidy {
            size: 0.0,
            cost_share: 0.3,
            start: 0,
            end: None,
            ramp: 0,
        }
    }
}

/// Green constraint: a pollution cap with penalties on polluters above it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GreenConstraint {
    /// Monitoring and enforcement cost, ¥ million per quarter.
    pub size: f64,
    /// Cap as a share of the zone's pollution at step 0 (0 = no cap).
    pub cap: f64,
    /// Penalty, ¥ million per unit of pollution, scaled by the excess over the cap.
    pub penalty: f64,
    pub start: u32,
    pub end: Option<u32>,
    pub ramp: u32,
}

impl Default for GreenConstraint {
    fn default() -> Self {
        GreenConstraint {
            size: 0.0,
            cap: 0.0,
            penalty: 0.05,
            start: 0,
            end: None,
            ramp: 0,
        }
    }
}

/// 补链: attraction aimed at the missing links of the local chain, plus
/// leader-driven supplier attraction and local-sourcing matchmaking.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ChainClustering {
    pub size: f64,
    /// Multiplier on the rate at which leader firms pull in their suppliers.
    pub leader_pull: f64,
    /// Multiplier on how fast firms switch to local suppliers.
    pub sourcing_speedup: f64,
    pub start: u32,
    pub end: Option<u32>,
    pub ramp: u32,
}

impl Default for ChainClustering {
    fn default() -> Self {
        ChainClustering {
            size: 0.0,
            leader_pull: 2.0,
            sourcing_speedup: 1.5,
            start: 0,
            end: None,
            ramp: 0,
        }
    }
}

/// 引进来: investment attraction, split across modes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Attraction {
    pub size: f64,
    /// Shares of the budget by mode; normalised to sum 1.
    pub general: f64,
    pub precision: f64,
    pub platform: f64,
    pub business: f64,
    pub tech: f64,
    /// Share of the budget spent as tailored packages for anchor firms (一企一策).
    pub tailored_share: f64,
    /// Sectors precision attraction aims at (empty: the zone's emerging and future sectors).
    pub target_sectors: Vec<String>,
    pub start: u32,
    pub end: Option<u32>,
    pub ramp: u32,
}

impl Default for Attraction {
    fn default() -> Self {
        Attraction {
            size: 0.0,
            general: 1.0,
            precision: 0.0,
            platform: 0.0,
            business: 0.0,
            tech: 0.0,
            tailored_share: 0.0,
            target_sectors: vec![],
            start: 0,
            end: None,
            ramp: 0,
        }
    }
}

/// 2.5产业: attraction and start-up support for producer services.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProducerServices {
    pub size: f64,
    pub start: u32,
    pub end: Option<u32>,
    pub ramp: u32,
}

/// R&D subsidy: reimburses a share of firms' R&D, within an envelope.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RdSubsidy {
    /// Envelope, ¥ million per quarter.
    pub size: f64,
    /// Share of R&D spending reimbursed.
    pub rate: f64,
    pub start: u32,
    pub end: Option<u32>,
    pub ramp: u32,
}

impl Default for RdSubsidy {
    fn default() -> Self {
        RdSubsidy {
            size: 0.0,
            rate: 0.2,
            start: 0,
            end: None,
            ramp: 0,
        }
    }
}

/// An innovation platform: a large fixed investment with a lasting effect.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlatformSpec {
    #[serde(default)]
    pub name: String,
    /// Total cost, ¥ million.
    pub cost: f64,
    #[serde(default = "default_build_quarters")]
    pub build_quarters: u32,
    pub start: u32,
    /// Construction deadline: a project not complete by this step is
    /// abandoned and its spending stops (exclusive; none = no deadline).
    #[serde(default)]
    pub end: Option<u32>,
    /// Platform units it adds when complete.
    #[serde(default = "one")]
    pub strength: f64,
}

impl PlatformSpec {
    /// The building window (no ramp: a platform arrives whole on completion).
    pub fn schedule(&self) -> Schedule {
        Schedule {
            start: self.start,
            end: self.end,
            ramp: 0,
        }
    }
    /// Whether the project is in its building window at `step` (its
    /// spending and progress stop at the deadline, finished or not).
    pub fn building(&self, step: u32) -> bool {
        self.schedule().level(step) > 0.0
    }
}

fn default_build_quarters() -> u32 {
    8
}

/// 瞪羚/独角兽培育: grants to high-growth firms.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HighGrowthSupport {
    pub size: f64,
    /// Most a single firm gets, ¥ million per quarter.
    pub grant: f64,
    pub start: u32,
    pub end: Option<u32>,
    pub ramp: u32,
}

impl Default for HighGrowthSupport {
    fn default() -> Self {
        HighGrowthSupport {
            size: 0.0,
            grant: 2.0,
            start: 0,
            end: None,
            ramp: 0,
        }
    }
}

/// 人才20条: per-person subsidy (housing, living) for skilled and high-end talent.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TalentSubsidy {
    /// Envelope, ¥ million per quarter.
    pub size: f64,
    /// ¥ million per eligible person per quarter.
    pub skilled_amount: f64,
    pub high_end_amount: f64,
    /// Talent is eligible for this many years after arriving in the zone.
    pub eligible_years: f64,
    pub start: u32,
    pub end: Option<u32>,
    pub ramp: u32,
}

impl Default for TalentSubsidy {
    fn default() -> Self {
        TalentSubsidy {
            size: 0.0,
            skilled_amount: 0.0,
            high_end_amount: 0.0075,
            eligible_years: 5.0,
            start: 0,
            end: None,
            ramp: 0,
        }
    }
}

/// 千人计划/百人计划: recruits top talent, who raise start-ups.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TopTalent {
    pub size: f64,
    /// ¥ million per recruit.
    pub cost_per_recruit: f64,
    pub start: u32,
    pub end: Option<u32>,
    pub ramp: u32,
}

impl Default for TopTalent {
    fn default() -> Self {
        TopTalent {
            size: 0.0,
            cost_per_recruit: 1.0,
            start: 0,
            end: None,
            ramp: 0,
        }
    }
}

/// 体制机制/政务服务 reform: lowers transaction cost and approval delay,
/// sheds social functions.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdminReform {
    /// Implementation cost, ¥ million per quarter.
    pub size: f64,
    /// Share by which reform can cut transaction cost, start-up cost and approval delay.
    pub intensity: f64,
    /// Share of social-function overhead shed to society and the market.
    pub shed_social_functions: f64,
    pub start: u32,
    pub end: Option<u32>,
    pub ramp: u32,
}

impl Default for AdminReform {
    fn default() -> Self {
        AdminReform {
            size: 0.0,
            intensity: 0.4,
            shed_social_functions: 0.3,
            start: 0,
            end: None,
            ramp: 0,
        }
    }
}

/// 考评机制: cadre incentives raise implementation efficiency of all levers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CadreIncentives {
    pub size: f64,
    pub start: u32,
    pub end: Option<u32>,
    pub ramp: u32,
}

/// A logistics channel (中欧班列, 江海直达, air cargo) lowering the trade
/// cost to given markets from the step it opens.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelSpec {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    pub markets: Vec<String>,
    /// Share by which the trade cost to those markets falls.
    pub trade_cost_cut: f64,
    pub start: u32,
    #[serde(default)]
    pub end: Option<u32>,
    /// Quarters over which the channel's service (its trade-cost cut and
    /// operating subsidy) builds up to full (0 = at once).
    #[serde(default)]
    pub ramp: u32,
    /// Operating subsidy, ¥ million per quarter while open.
    #[serde(default)]
    pub size: f64,
}

/// 综合保税区 / bonded logistics centre.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BondedZone {
    pub size: f64,
    /// Share by which the extra cost of non-local inputs falls.
    pub import_cost_cut: f64,
    /// Share by which trade costs to every market fall.
    pub trade_cost_cut: f64,
    pub start: u32,
    pub end: Option<u32>,
    pub ramp: u32,
}

impl Default for BondedZone {
    fn default() -> Self {
        BondedZone {
            size: 0.0,
            import_cost_cut: 0.3,
            trade_cost_cut: 0.05,
            start: 0,
            end: None,
            ramp: 0,
        }
    }
}

/// 走出去: grants to productive firms that open an overseas base.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OverseasBases {
    pub size: f64,
    /// ¥ million per base opened.
    pub grant_per_base: f64,
    pub start: u32,
    pub end: Option<u32>,
    pub ramp: u32,
}

impl Default for OverseasBases {
    fn default() -> Self {
        OverseasBases {
            size: 0.0,
            grant_per_base: 5.0,
            start: 0,
            end: None,
            ramp: 0,
        }
    }
}

/// A plain spending lever (public services, ecology, smart governance).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Spending {
    pub size: f64,
    pub start: u32,
    pub end: Option<u32>,
    pub ramp: u32,
}

// ---------------------------------------------------------------------------
// Behavioural parameters: the model's constants. Every one has a default with
// its source or reasoning in schema.rs; a scenario may override any.
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Behaviour {
    // production and demand
    pub demand_elasticity: f64,
    pub skill_efficiency: SkillValues,
    pub agglomeration_elasticity: f64,
    pub agglomeration_scale: f64,
    pub firm_demand_volatility: f64,
    pub relationship_size: f64,
    pub relationship_turnover: f64,
    pub trade_elasticity: f64,
    pub local_premium: f64,
    pub local_capacity_share: f64,
    pub sourcing_speed: f64,
    pub coordination_cost: f64,
    pub coordination_cut_max: f64,
    pub coordination_half_share: f64,
    pub fixed_cost: f64,
    pub depreciation: f64,
    pub land_rent: f64,
    // taxes
    pub turnover_tax: f64,
    pub profit_tax: f64,
    pub high_tech_profit_tax: f64,
    // innovation
    pub knowledge_depreciation: f64,
    pub rd_subsidy_elasticity: f64,
    pub innovation_step: f64,
    pub talent_innovation_effect: f64,
    pub platform_innovation_effect: f64,
    pub spillover_effect: f64,
    pub imitation_rate: f64,
    pub cluster_imitation_effect: f64,
    pub productivity_noise: f64,
    pub upgrade_rate: f64,
    pub upgrade_cost: f64,
    pub upgrade_gain: f64,
    pub upgrade_switch_share: f64,
    pub upgrade_pollution_factor: f64,
    // labour market
    pub hiring_speed: f64,
    pub firing_speed: f64,
    pub quit_rate: f64,
    pub matching_efficiency: f64,
    pub wage_flexibility: f64,
    pub normal_tightness: f64,
    pub retirement_rate: f64,
    pub entry_rate: f64,
    pub graduate_skill_mix: SkillValues,
    // migration
    pub mobility: SkillValues,
    pub outside_mobility: SkillValues,
    pub unemployed_mobility_factor: f64,
    pub migration_income_weight: f64,
    pub migration_amenity_weight: f64,
    pub migration_environment_weight: f64,
    pub migration_housing_weight: f64,
    pub moving_cost: f64,
    pub distance_cost_per_100km: f64,
    pub housing_elasticity: f64,
    // firm dynamics
    pub investment_speed: f64,
    pub leverage: f64,
    pub exit_loss_quarters: u32,
    pub exit_hazard: f64,
    pub startup_rate: f64,
    pub startup_skilled_weight: f64,
    pub startup_cost_elasticity: f64,
    pub startup_size: f64,
    pub attraction_size: f64,
    pub outside_option_bonus: f64,
    pub top_talent_startup_rate: f64,
    pub top_talent_attrition: f64,
    pub leader_pull: f64,
    pub attraction_cost: f64,
    pub tailored_size: f64,
    pub export_fixed_cost: f64,
    pub overseas_rate: f64,
    pub overseas_share: f64,
    pub overseas_premium: f64,
    pub overseas_margin: f64,
    pub relocation_rate: f64,
    pub relocation_threshold: f64,
    pub relocation_capital_loss: f64,
    pub talent_follow_share: f64,
    // statuses
    pub gazelle_growth: f64,
    pub gazelle_years: u32,
    pub unicorn_valuation: f64,
    pub unicorn_max_age_years: f64,
    pub valuation_multiple: f64,
    // government and the zone
    pub base_efficiency: f64,
    pub max_efficiency: f64,
    pub cadre_half_spend: f64,
    pub amenity_per_spend: f64,
    pub amenity_decay: f64,
    pub environment_per_spend: f64,
    pub environment_recovery: f64,
    pub pollution_damage: f64,
    pub reform_per_spend: f64,
    pub institutional_drift: f64,
    pub smart_governance_per_spend: f64,
    pub platform_depreciation: f64,
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour {
            demand_elasticity: 0.75,
            skill_efficiency: SkillValues::new(1.0, 1.7, 3.5),
            agglomeration_elasticity: 0.045,
            agglomeration_scale: 1_000.0,
            firm_demand_volatility: 0.06,
            relationship_size: 500.0,
            relationship_turnover: 0.08,
            trade_elasticity: 4.0,
            local_premium: 0.15,
            local_capacity_share: 0.4,
            sourcing_speed: 0.08,
            coordination_cost: 0.03,
            coordination_cut_max: 0.6,
            coordination_half_share: 0.08,
            fixed_cost: 0.01,
            depreciation: 0.025,
            land_rent: 0.1,
            turnover_tax: 0.02,
            profit_tax: 0.25,
            high_tech_profit_tax: 0.15,
            knowledge_depreciation: 0.04,
            rd_subsidy_elasticity: 1.0,
            innovation_step: 0.08,
            talent_innovation_effect: 0.5,
            platform_innovation_effect: 0.1,
            spillover_effect: 0.15,
            imitation_rate: 0.005,
            cluster_imitation_effect: 0.3,
            productivity_noise: 0.01,
            upgrade_rate: 0.004,
            upgrade_cost: 0.15,
            upgrade_gain: 0.06,
            upgrade_switch_share: 0.2,
            upgrade_pollution_factor: 0.6,
            hiring_speed: 0.5,
            firing_speed: 0.2,
            quit_rate: 0.02,
            matching_efficiency: 1.2,
            wage_flexibility: 0.015,
            normal_tightness: 0.6,
            retirement_rate: 0.006,
            entry_rate: 0.008,
            graduate_skill_mix: SkillValues::new(0.5, 0.43, 0.07),
            mobility: SkillValues::new(0.015, 0.025, 0.04),
            outside_mobility: SkillValues::new(0.01, 0.015, 0.03),
            unemployed_mobility_factor: 3.0,
            migration_income_weight: 3.0,
            migration_amenity_weight: 1.5,
            migration_environment_weight: 1.0,
            migration_housing_weight: 1.0,
            moving_cost: 1.0,
            distance_cost_per_100km: 0.3,
            housing_elasticity: 0.3,
            investment_speed: 0.1,
            leverage: 2.0,
            exit_loss_quarters: 4,
            exit_hazard: 0.004,
            startup_rate: 0.006,
            startup_skilled_weight: 0.05,
            startup_cost_elasticity: 1.0,
            startup_size: 6.0,
            attraction_size: 40.0,
            outside_option_bonus: 3.2,
            top_talent_startup_rate: 0.004,
            top_talent_attrition: 0.02,
            leader_pull: 0.1,
            attraction_cost: 15.0,
            tailored_size: 5.0,
            export_fixed_cost: 0.3,
            overseas_rate: 0.004,
            overseas_share: 0.15,
            overseas_premium: 0.3,
            overseas_margin: 0.08,
            relocation_rate: 0.01,
            relocation_threshold: 0.15,
            relocation_capital_loss: 0.1,
            talent_follow_share: 0.5,
            gazelle_growth: 0.2,
            gazelle_years: 3,
            unicorn_valuation: 7_000.0,
            unicorn_max_age_years: 10.0,
            valuation_multiple: 1.0,
            base_efficiency: 0.75,
            max_efficiency: 0.95,
            cadre_half_spend: 20.0,
            amenity_per_spend: 0.002,
            amenity_decay: 0.02,
            environment_per_spend: 0.001,
            environment_recovery: 0.05,
            pollution_damage: 0.3,
            reform_per_spend: 0.004,
            institutional_drift: 0.005,
            smart_governance_per_spend: 0.002,
            platform_depreciation: 0.01,
        }
    }
}
