//! Every key a scenario file may contain, with its type, allowed range, unit,
//! default and the source or reasoning of that default.
//!
//! This table is the single description of the format: the loader checks
//! every key of a file against it (unknown keys get the nearest valid one
//! suggested, out-of-range values are rejected), `zonesim` experiments check
//! `--set` keys against it, and `docs/scenario-format.md` is generated from it
//! (a test keeps the two in step). Placeholders in paths: `<zone>`,
//! `<sector>`, `<market>` stand for ids the file defines; `[]` for an element
//! of an array of tables. Lever keys are written once under `levers.`; the
//! same keys are valid under `zone_defaults.levers.` and `zones.<zone>.levers.`.

/// The value type of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Any finite number within the range.
    Float,
    /// A whole number within the range.
    Int,
    Bool,
    Str,
    /// A list of strings.
    StrList,
    /// A list of whole numbers.
    IntList,
    /// Two numbers, `[x, y]`.
    Pair,
    /// A table whose keys are ids and whose values are numbers.
    Enum(&'static [&'static str]),
}

#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub path: &'static str,
    pub kind: Kind,
    pub min: f64,
    pub max: f64,
    pub unit: &'static str,
    pub default: &'static str,
    pub doc: &'static str,
    pub source: &'static str,
}

impl Key {
    /// `Some(reason)` when `x` is outside the allowed range.
    pub fn check_number(&self, x: f64) -> Option<String> {
        if !x.is_finite() {
            return Some(format!("a finite number {}", self.range_text()));
        }
        if x < self.min || x > self.max {
            return Some(format!("a number {}", self.range_text()));
        }
        if self.kind == Kind::Int && x.fract() != 0.0 {
            return Some(format!("a whole number {}", self.range_text()));
        }
        None
    }

    pub fn range_text(&self) -> String {
        match (self.min.is_finite(), self.max.is_finite()) {
            (true, true) => format!("from {} to {}", fmt_num(self.min), fmt_num(self.max)),
            (true, false) => format!("of {} or more", fmt_num(self.min)),
            (false, true) => format!("of {} or less", fmt_num(self.max)),
            (false, false) => "of any size".to_string(),
        }
    }

    pub fn expected(&self) -> String {
        let what = match self.kind {
            Kind::Float => format!("a number {}", self.range_text()),
            Kind::Int => format!("a whole number {}", self.range_text()),
            Kind::Bool => "true or false".to_string(),
            Kind::Str => "a string".to_string(),
            Kind::StrList => "a list of strings".to_string(),
            Kind::IntList => format!("a list of whole numbers {}", self.range_text()),
            Kind::Pair => "two numbers, [x, y]".to_string(),
            Kind::Enum(options) => format!("one of {}", options.join(", ")),
        };
        if self.unit.is_empty() {
            what
        } else {
            format!("{what} ({})", self.unit)
        }
    }
}

fn fmt_num(x: f64) -> String {
    // The seed's maximum, i64::MAX, is not representable as f64 (it rounds up
    // to 2^63, which f64 formatting prints as 9223372036854776000): print the
    // whole number a TOML integer may at most be.
    if x == i64::MAX as f64 {
        return i64::MAX.to_string();
    }
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

const MONEY_Q: &str = "¥ million per quarter";

#[allow(clippy::too_many_arguments)]
const fn key(
    path: &'static str,
    kind: Kind,
    min: f64,
    max: f64,
    unit: &'static str,
    default: &'static str,
    doc: &'static str,
    source: &'static str,
) -> Key {
    Key {
        path,
        kind,
        min,
        max,
        unit,
        default,
        doc,
        source,
    }
}

const fn f(
    path: &'static str,
    min: f64,
    max: f64,
    unit: &'static str,
    default: &'static str,
    doc: &'static str,
    source: &'static str,
) -> Key {
    key(path, Kind::Float, min, max, unit, default, doc, source)
}
const fn int(
    path: &'static str,
    min: f64,
    max: f64,
    unit: &'static str,
    default: &'static str,
    doc: &'static str,
    source: &'static str,
) -> Key {
    key(path, Kind::Int, min, max, unit, default, doc, source)
}
const fn text(path: &'static str, default: &'static str, doc: &'static str) -> Key {
    key(path, Kind::Str, 0.0, 0.0, "", default, doc, "")
}

const TIERS: &[&str] = &["traditional", "emerging", "future", "services"];

/// Levers that carry a `start`/`end`/`ramp` schedule.
pub const SCHEDULED_LEVERS: &[&str] = &[
    "upgrade_subsidy",
    "green_constraint",
    "chain_clustering",
    "attraction",
    "producer_services",
    "rd_subsidy",
    "high_growth_support",
    "talent_subsidy",
    "top_talent",
    "admin_reform",
    "cadre_incentives",
    "bonded_zone",
    "overseas_bases",
    "public_services",
    "ecology",
    "smart_governance",
];

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

#[rustfmt::skip]
fn schedule_keys(lever: &str) -> [Key; 3] {
    [
        int(leak(format!("levers.{lever}.start")), 0.0, 100_000.0, "step", "0", "First step the lever is active.", "scenario choice"),
        int(leak(format!("levers.{lever}.end")), 1.0, 100_000.0, "step", "none", "Step from which the lever is off again (exclusive); absent means to the end of the run.", "scenario choice"),
        int(leak(format!("levers.{lever}.ramp")), 0.0, 1_000.0, "quarters", "0", "Quarters over which the lever rises linearly to full size (0 = at once).", "scenario choice"),
    ]
}

/// All keys, in documentation order.
pub fn keys() -> &'static [Key] {
    static KEYS: std::sync::LazyLock<Vec<Key>> = std::sync::LazyLock::new(build);
    &KEYS
}

#[rustfmt::skip]
fn build() -> Vec<Key> {
    let mut keys: Vec<Key> = Vec::new();
    keys.extend([
        text("name", "required", "Scenario name, shown in charts and reports."),
        text("name_zh", "none", "Chinese name, used by `--lang zh`."),
        text("description", "\"\"", "Free text, shown in reports."),
        text("description_zh", "none", "Chinese description, used by `--lang zh`."),
    ]);
    keys.extend([
        int("simulation.steps", 1.0, 10_000.0, "quarters", "40", "Steps to simulate; one step is a quarter.", "MODEL.md: 40 quarterly steps (10 years)"),
        int("simulation.replicates", 1.0, 1_000_000.0, "runs", "10", "Independent replicates (each with its own random streams).", "enough for a stable median and 90 % band of the headline metrics"),
        int("simulation.seed", 0.0, 9_223_372_036_854_775_807.0, "", "2012", "Master seed; with the scenario it fixes every output byte.", "arbitrary"),
        int("simulation.start_year", -10_000.0, 10_000.0, "year", "2012", "Calendar year of step 0, for labels only.", "the baseline starts from the zone of 2012"),
        key("simulation.snapshot_steps", Kind::IntList, 0.0, 10_000.0, "steps", "[]", "Steps at which firms.csv keeps every firm (for size distributions); empty means step 0, the middle year and the last step.", "output choice: the start, the middle year and the end show how the firm size distribution shifts, at a fraction of the file size of a snapshot every step"),
        key("simulation.summary_steps", Kind::IntList, 1.0, 10_000.0, "steps", "[]", "Steps at which the summary across replicates is taken; empty means years 3, 5, 10 and the last step.", "output choice: 3, 5 and 10 years are a short run, one five-year-plan period and the ten years over which the baseline is compared with the zone's published GDP growth"),
    ]);
    keys.extend([
        f("economy.cycle_persistence", 0.0, 0.99, "", "0.8", "AR(1) persistence of the national business cycle (log deviation).", "quarterly persistence of Chinese output gaps, ~0.8 (IMF Article IV estimates)"),
        f("economy.cycle_volatility", 0.0, 0.2, "log points per quarter", "0.01", "Standard deviation of the cycle's quarterly shock.", "China's quarterly GDP growth s.d. outside 2020 ≈ 1 %"),
        f("economy.interest_rate_per_year", 0.0, 0.5, "per year", "0.045", "Cost of capital used in firms' investment choice.", "PBoC 1-year LPR 2012-2022: 3.65-6 %"),
        f("economy.outside_labour.general", 0.0, 1e10, "persons", "4000000", "Potential migrants outside all zones, general workers.", "order of the province's mobile rural labour pool"),
        f("economy.outside_labour.skilled", 0.0, 1e10, "persons", "1200000", "Potential migrants, skilled workers.", "graduates and technicians of the region"),
        f("economy.outside_labour.high_end", 0.0, 1e10, "persons", "150000", "Potential migrants, high-end talent.", "national pool reachable by a provincial capital's zones"),
        f("economy.outside_wage.general", 0.0, 100.0, MONEY_Q, "0.016", "Wage outside the zones, general workers (¥64k a year).", "Hubei urban non-private wage 2012 ≈ ¥40k, private ≈ ¥25k; zones pay more"),
        f("economy.outside_wage.skilled", 0.0, 100.0, MONEY_Q, "0.026", "Wage outside the zones, skilled workers.", "≈ 1.6x general (college premium, CHIP surveys)"),
        f("economy.outside_wage.high_end", 0.0, 100.0, MONEY_Q, "0.055", "Wage outside the zones, high-end talent.", "≈ 3.4x general"),
        f("economy.outside_wage_growth_per_year", -0.5, 0.5, "per year", "0.06", "Real growth of outside wages.", "China's real urban wage growth 2012-2021 ≈ 6-8 % a year (NBS)"),
        f("economy.outside_unemployment", 0.0, 0.9, "share", "0.05", "Unemployment rate outside the zones, for expected income.", "China's surveyed urban unemployment ≈ 5 %"),
        f("economy.outside_amenity", 0.0, 100.0, "index", "1", "Amenity outside the zones.", "normalisation: 1 = provincial average"),
        f("economy.outside_environment", 0.0, 1.0, "index 0-1", "0.7", "Environmental quality outside the zones.", "same scale as zones"),
        f("economy.outside_housing_cost", 0.01, 100.0, "index", "1", "Housing cost outside the zones.", "normalisation"),
    ]);
    keys.extend([
        text("markets.<market>.name", "the id", "Display name of an export market."),
        text("markets.<market>.name_zh", "none", "Chinese name."),
        f("markets.<market>.growth_per_year", -0.5, 1.0, "per year", "0.04", "Trend growth of the market's demand.", "world import volume growth 2012-2022 ≈ 3-4 % (WTO)"),
        f("markets.<market>.volatility", 0.0, 0.5, "log points per quarter", "0.02", "Quarterly shock to the market's demand.", "quarterly volatility of world trade volumes"),
        f("markets.<market>.trade_cost", 0.0, 5.0, "share of value", "required", "Iceberg trade cost from a zone with no special channel.", "Chinese inland exporters' freight + time cost: 20-35 % ad valorem (World Bank, Logistics Performance)"),
    ]);
    keys.extend([
        text("sectors.<sector>.name", "the id", "Display name."),
        text("sectors.<sector>.name_zh", "none", "Chinese name."),
        key("sectors.<sector>.tier", Kind::Enum(TIERS), 0.0, 0.0, "", "required", "traditional (传统产业), emerging (战略性新兴产业), future (未来产业: 大智移云) or services (生产性服务业, the 2.5 industry).", "the article's 传统+战略性新兴+未来 industry ladder"),
        f("sectors.<sector>.demand_growth_per_year", -0.5, 1.0, "per year", "required", "Trend growth of the sector's demand.", "shipped sectors: national sector growth 2012-2022 (NBS)"),
        f("sectors.<sector>.demand_volatility", 0.0, 0.5, "log points per quarter", "0.015", "Sector-specific quarterly demand shock.", "dispersion of Chinese sector output growth"),
        f("sectors.<sector>.cycle_sensitivity", 0.0, 10.0, "", "1", "Response of the sector's demand to the business cycle.", "durables (autos) ≈ 1.5-2, food ≈ 0.5"),
        f("sectors.<sector>.rd_propensity", 0.0, 0.5, "share of revenue", "required", "R&D spending per unit of revenue at the sector norm.", "R&D intensity of above-scale industry by sector (NBS R&D yearbook)"),
        f("sectors.<sector>.innovation_rate_per_year", 0.0, 2.0, "per year", "required", "Chance a year that a firm at the sector's R&D norm makes a productivity jump.", "share of firms reporting product/process innovation (China Innovation Survey) 20-40 %"),
        f("sectors.<sector>.skill_mix.general", 0.0, 1.0, "share", "required", "Share of general workers the sector hires (normalised with the other two).", "sector occupation structure (census)"),
        f("sectors.<sector>.skill_mix.skilled", 0.0, 1.0, "share", "required", "Share of skilled workers.", "as above"),
        f("sectors.<sector>.skill_mix.high_end", 0.0, 1.0, "share", "required", "Share of high-end talent.", "as above"),
        f("sectors.<sector>.capital_share", 0.05, 0.95, "", "required", "Capital's exponent α in production.", "capital share of value added by sector (China input-output table)"),
        f("sectors.<sector>.intermediate_share", 0.0, 0.95, "share of revenue", "required", "All intermediate inputs per unit of revenue.", "2017/2018 China input-output table, intermediate input ratio"),
        f("sectors.<sector>.inputs.<sector>", 0.0, 0.95, "share of revenue", "none", "Purchases from a supplier sector per unit of revenue; the sum must not exceed intermediate_share (the rest is inputs no zone sector makes).", "China input-output table, direct consumption coefficients"),
        f("sectors.<sector>.export_share", 0.0, 0.95, "share of revenue", "0", "Share of an exporter's potential revenue that comes from export markets.", "export delivery value / output by sector (NBS)"),
        f("sectors.<sector>.export_markets.<market>", 0.0, 1e6, "weight", "none", "Weight of a market in the sector's exports (normalised).", "China customs destination shares"),
        f("sectors.<sector>.pollution_intensity", 0.0, 1e3, "units per ¥ million revenue", "0", "Pollution per unit of revenue (an index; petrochemicals ≈ 1).", "relative emission intensities by sector (China Environmental Statistics)"),
        f("sectors.<sector>.land_intensity", 0.0, 10.0, "hectares per ¥ million capital", "0.015", "Land a firm occupies per unit of capital.", "national ETDZ land-use standards: ¥4-6 bn of fixed assets per km² (¥60-70 m per hectare)"),
        f("sectors.<sector>.startup_weight", 0.0, 1e3, "weight", "1", "Relative frequency of start-ups in the sector.", "shipped sectors: new registrations by industry"),
        f("sectors.<sector>.national_weight", 0.0, 1e3, "weight", "1", "Weight of the sector in untargeted (general) investment attraction.", "sector shares of mobile investment"),
        text("sectors.<sector>.upgrade_to", "none", "Sector an upgrading traditional firm may move into (e.g. autos -> new-energy vehicles)."),
    ]);
    keys.extend([
        text("zones.<zone>.name", "the id", "Display name."),
        text("zones.<zone>.name_zh", "none", "Chinese name."),
        key("zones.<zone>.location", Kind::Pair, -1e5, 1e5, "km", "[0, 0]", "Position, for the distance cost of moving between zones.", "map coordinates"),
        f("zones.<zone>.land", 0.0, 1e7, "hectares", "required", "Land available for industry.", "zone planning area"),
        f("zones.<zone>.amenity", 0.0, 100.0, "index", "1", "Public services (culture, health, elderly care, housing); 1 = provincial average.", "normalisation"),
        f("zones.<zone>.environment", 0.0, 1.0, "index 0-1", "0.7", "Environmental quality.", "normalisation"),
        f("zones.<zone>.transaction_cost", 0.0, 0.5, "share of revenue", "0.02", "Institutional transaction cost (制度性交易成本).", "World Bank Enterprise Survey: regulation and informal costs 1-3 % of sales in China"),
        f("zones.<zone>.approval_delay", 0.0, 40.0, "quarters", "2", "Approval delay between a firm's decision to enter and its start.", "pre-reform project approval in Chinese zones: 100-200 working days"),
        f("zones.<zone>.housing_cost", 0.01, 100.0, "index", "1", "Housing cost; rises with the zone's population.", "normalisation"),
        f("zones.<zone>.import_cost", 0.0, 5.0, "share of value", "0.10", "Extra cost of an input bought outside the zone rather than locally (freight, inventory, delay).", "logistics cost ≈ 14-15 % of GDP in China 2012-2020; part of it avoidable by local supply"),
        f("zones.<zone>.trade_costs.<market>", 0.0, 5.0, "share of value", "the market's trade_cost", "Trade cost from this zone to a market.", "inland vs coastal freight differences"),
        f("zones.<zone>.platforms", 0.0, 1e4, "platform units", "0", "Innovation platforms (national labs, engineering centres) at step 0.", "zone statistics"),
        f("zones.<zone>.workforce.general", 0.0, 1e9, "persons", "required", "General workers living in the zone at step 0.", "zone employment statistics"),
        f("zones.<zone>.workforce.skilled", 0.0, 1e9, "persons", "required", "Skilled workers.", "as above"),
        f("zones.<zone>.workforce.high_end", 0.0, 1e9, "persons", "required", "High-end talent.", "as above"),
        f("zones.<zone>.unemployment", 0.0, 0.9, "share", "0.04", "Unemployment rate at step 0.", "surveyed urban unemployment ≈ 4-5 %"),
        f("zones.<zone>.wages.general", 0.0, 100.0, MONEY_Q, "required", "Market wage at step 0, general workers.", "zone wage surveys"),
        f("zones.<zone>.wages.skilled", 0.0, 100.0, MONEY_Q, "required", "Skilled workers.", "as above"),
        f("zones.<zone>.wages.high_end", 0.0, 100.0, MONEY_Q, "required", "High-end talent.", "as above"),
        int("zones.<zone>.firms.<sector>.count", 0.0, 1e8, "firms", "0", "Firms of the sector at step 0.", "zone enterprise register"),
        f("zones.<zone>.firms.<sector>.size_min", 1.0, 1e6, "employees", "5", "Smallest firm.", "threshold of the enterprise register"),
        f("zones.<zone>.firms.<sector>.size_alpha", 0.3, 5.0, "", "1.05", "Pareto tail exponent of firm employment (1 = Zipf).", "Axtell (2001): US firm sizes α ≈ 1.06; Chinese industrial firms ≈ 1.0-1.1"),
        f("zones.<zone>.firms.<sector>.size_max", 1.0, 1e7, "employees", "20000", "Largest firm.", "largest plants in the zone"),
        f("zones.<zone>.firms.<sector>.productivity_mean", -5.0, 5.0, "log points", "0", "Mean log productivity relative to the sector norm.", "normalisation"),
        f("zones.<zone>.firms.<sector>.productivity_sd", 0.0, 3.0, "log points", "0.35", "Dispersion of log productivity at step 0.", "Hsieh & Klenow (2009): s.d. of log TFPR in China ≈ 0.6; within narrow sectors and a zone, less"),
        f("zones.<zone>.firms.<sector>.foreign_share", 0.0, 1.0, "share", "0.05", "Share of firms foreign-owned.", "zone FDI registers"),
        f("zones.<zone>.firms.<sector>.coastal_share", 0.0, 1.0, "share", "0.05", "Share of firms relocated from the coast.", "as above"),
        f("zones.<zone>.firms.<sector>.age_mean_years", 0.0, 100.0, "years", "8", "Mean firm age at step 0 (exponential).", "median age of Chinese industrial firms ≈ 8 years"),
        f("zones.<zone>.government.tax_retention", 0.0, 1.0, "share", "0.4", "Share of the taxes raised in the zone that the zone keeps.", "China's VAT and CIT sharing: local governments keep 40-50 %"),
        f("zones.<zone>.government.budget", -1e9, 1e9, "¥ million", "2000", "Budget balance at step 0.", "zone fiscal reports"),
        f("zones.<zone>.government.overhead", 0.0, 1e9, MONEY_Q, "600", "Administration and social-function spending before levers.", "zone fiscal reports"),
        f("zones.<zone>.government.social_function_share", 0.0, 1.0, "share", "0.35", "Share of overhead that is social functions (schools, social affairs) which reform can shed.", "the article's 经社分开 reform; zones' social spending share"),
        f("zones.<zone>.government.borrowing_limit", 0.0, 1e9, "¥ million", "0", "How far below zero the balance may go before levers are scaled down.", "zones may not run deficits without approval"),
        f("zones.<zone>.government.transfers", 0.0, 1e9, MONEY_Q, "0", "Transfers from higher government.", "scenario choice"),
    ]);
    keys.extend([
        text("cooperation[].home", "required", "Zone whose firms move out (the enclave's owner, 飞出地)."),
        text("cooperation[].host", "required", "Zone that hosts them (飞入地)."),
        f("cooperation[].revenue_share", 0.0, 1.0, "share", "0.5", "Share of taxes of firms that moved home -> host paid back to home.", "飞地 agreements commonly split revenue 50:50 for the first years"),
        f("cooperation[].relocation_boost", 1.0, 1e3, "multiplier", "8", "How much more often home's relocating firms consider host.", "assumption: an agreement makes the partner the first place considered"),
        f("cooperation[].size", 0.0, 1e9, MONEY_Q, "0", "Coordination cost to each zone.", "scenario choice"),
        int("cooperation[].start", 0.0, 100_000.0, "step", "0", "First step of the agreement.", "scenario choice"),
        int("cooperation[].end", 1.0, 100_000.0, "step", "none", "Step the agreement ends (exclusive).", "scenario choice"),
        int("cooperation[].ramp", 0.0, 1_000.0, "quarters", "0", "Quarters over which the relocation pull (from 1 to relocation_boost) and the coordination cost rise linearly to full (0 = at once); the revenue share applies in full while the agreement runs.", "scenario choice"),
    ]);
    keys.extend([
        f("levers.upgrade_subsidy.size", 0.0, 1e9, MONEY_Q, "0", "推进产业结构调整: envelope for subsidies to traditional firms that upgrade.", "scenario choice"),
        f("levers.upgrade_subsidy.cost_share", 0.0, 1.0, "share", "0.3", "Share of an upgrade's cost the subsidy pays.", "technical-renovation subsidies typically 10-30 % of investment"),
        f("levers.green_constraint.size", 0.0, 1e9, MONEY_Q, "0", "Monitoring and enforcement cost of the pollution cap; when above 0, enforcement scales with the share of it the budget funds.", "scenario choice"),
        f("levers.green_constraint.cap", 0.0, 10.0, "share of step-0 pollution", "0 (no cap)", "Pollution cap; above it polluters pay penalties and upgrade faster.", "scenario choice"),
        f("levers.green_constraint.penalty", 0.0, 1e6, "¥ million per pollution unit", "0.05", "Penalty per unit of the zone's pollution above the cap, shared by polluters in proportion to their pollution; enforcement scales with funded monitoring (when `size` > 0) and implementation efficiency.", "of the order of abatement cost: a unit is the pollution of ¥1 m of petrochemical output, so 0.05 is 5 % of that output's value"),
        f("levers.chain_clustering.size", 0.0, 1e9, MONEY_Q, "0", "补链: attraction budget aimed at the missing links of the local input-output chain.", "scenario choice"),
        f("levers.chain_clustering.leader_pull", 1.0, 100.0, "multiplier", "2", "Multiplier on how fast leader firms pull in their suppliers while the lever is on.", "assumption: matchmaking for anchor firms doubles the suppliers leaders pull in: ≈ 8 arrivals over the baseline's ten years, so ≈ 8 more with the lever on throughout"),
        f("levers.chain_clustering.sourcing_speedup", 1.0, 100.0, "multiplier", "1.5", "Multiplier on how fast firms switch to local suppliers (matchmaking, supplier certification).", "assumption: matchmaking and joint certification cut a third off supplier qualification: the gap to local supply halves in ≈ 5.4 quarters instead of 8.3 (sourcing_speed 0.08 → 0.12)"),
        f("levers.attraction.size", 0.0, 1e9, MONEY_Q, "0", "引进来: investment-attraction budget.", "scenario choice"),
        f("levers.attraction.general", 0.0, 1.0, "share", "1", "Share spent untargeted (arrivals follow national sector weights).", "scenario choice"),
        f("levers.attraction.precision", 0.0, 1.0, "share", "0", "Share spent on precision attraction (精准招商) of target sectors.", "scenario choice"),
        f("levers.attraction.platform", 0.0, 1.0, "share", "0", "Share spent through platforms (平台招商): more foreign and exporting arrivals.", "scenario choice"),
        f("levers.attraction.business", 0.0, 1.0, "share", "0", "Share spent on business-driven attraction (以商招商): suppliers of firms already here.", "scenario choice"),
        f("levers.attraction.tech", 0.0, 1.0, "share", "0", "Share spent on technology attraction (科技招商): productive, R&D-intensive arrivals.", "scenario choice"),
        f("levers.attraction.tailored_share", 0.0, 1.0, "share", "0", "Share spent as tailored packages for anchor firms (一企一策): fewer, larger arrivals.", "scenario choice"),
        key("levers.attraction.target_sectors", Kind::StrList, 0.0, 0.0, "sector ids", "[]", "Sectors precision attraction aims at; empty means the emerging and future sectors.", "scenario choice"),
        f("levers.producer_services.size", 0.0, 1e9, MONEY_Q, "0", "2.5产业: budget for attracting and starting producer-service firms.", "scenario choice"),
        f("levers.rd_subsidy.size", 0.0, 1e9, MONEY_Q, "0", "Envelope for R&D reimbursement; claims above it are pro-rated.", "scenario choice"),
        f("levers.rd_subsidy.rate", 0.0, 0.8, "share", "0.2", "Share of firms' R&D reimbursed.", "China's R&D super-deduction is worth ≈ 12-25 % of R&D"),
        text("levers.innovation_platforms[].name", "\"\"", "Name of a platform project."),
        f("levers.innovation_platforms[].cost", 0.0, 1e9, "¥ million", "required", "Total cost, spread evenly over the build quarters.", "national innovation centres: ¥0.5-2 bn"),
        int("levers.innovation_platforms[].build_quarters", 1.0, 1_000.0, "quarters", "8", "Quarters to build; underfunded quarters stretch it.", "two years"),
        int("levers.innovation_platforms[].start", 0.0, 100_000.0, "step", "required", "Step building starts.", "scenario choice"),
        int("levers.innovation_platforms[].end", 1.0, 100_000.0, "step", "none", "Construction deadline (exclusive): a project not complete by then is abandoned and its spending stops. A platform's ramp is its build_quarters: it adds its strength when complete.", "scenario choice"),
        f("levers.innovation_platforms[].strength", 0.0, 1e3, "platform units", "1", "Platform units added on completion.", "normalisation"),
        f("levers.high_growth_support.size", 0.0, 1e9, MONEY_Q, "0", "Grants to gazelles, unicorns and firms growing ≥ 20 % a year.", "scenario choice"),
        f("levers.high_growth_support.grant", 0.0, 1e6, MONEY_Q, "2", "Most one firm receives.", "municipal gazelle awards ¥0.5-5 m"),
        f("levers.talent_subsidy.size", 0.0, 1e9, MONEY_Q, "0", "人才20条: envelope for per-person talent subsidies (housing, living).", "scenario choice"),
        f("levers.talent_subsidy.skilled_amount", 0.0, 100.0, "¥ million per person per quarter", "0", "Subsidy per eligible skilled worker.", "graduate housing subsidies ¥10-30k a year"),
        f("levers.talent_subsidy.high_end_amount", 0.0, 100.0, "¥ million per person per quarter", "0.0075", "Subsidy per eligible high-end talent (¥30k a year).", "Wuhan 人才 policies: ¥20-100k a year for high-end talent"),
        f("levers.talent_subsidy.eligible_years", 0.0, 100.0, "years", "5", "Years after arrival during which talent is eligible.", "typical programme length 3-5 years"),
        f("levers.top_talent.size", 0.0, 1e9, MONEY_Q, "0", "千人计划/百人计划: budget for recruiting top talent.", "scenario choice"),
        f("levers.top_talent.cost_per_recruit", 0.001, 1e6, "¥ million per recruit", "1", "Cost of one recruit (package, lab, housing).", "provincial top-talent packages ¥1-5 m"),
        f("levers.admin_reform.size", 0.0, 1e9, MONEY_Q, "0", "体制机制/政务服务 reform: implementation cost.", "scenario choice"),
        f("levers.admin_reform.intensity", 0.0, 0.95, "share", "0.4", "Most by which reform cuts transaction cost, start-up cost and approval delay.", "business-environment reforms cut approval times 50-80 %, compliance costs less"),
        f("levers.admin_reform.shed_social_functions", 0.0, 1.0, "share", "0.3", "Share of social-function overhead shed (经社分开).", "assumption: 经社分开 hands about a third of social functions (schools, community affairs) to the district; with social_function_share 0.35 that cuts overhead ≈ 10 %"),
        f("levers.cadre_incentives.size", 0.0, 1e9, MONEY_Q, "0", "考评机制: performance pay that raises implementation efficiency of every lever.", "scenario choice"),
        text("levers.logistics_channels[].name", "\"\"", "Channel name (e.g. 中欧班列)."),
        text("levers.logistics_channels[].name_zh", "none", "Chinese name."),
        key("levers.logistics_channels[].markets", Kind::StrList, 0.0, 0.0, "market ids", "required", "Markets whose trade cost the channel lowers.", "scenario choice"),
        f("levers.logistics_channels[].trade_cost_cut", 0.0, 0.95, "share", "required", "Share by which trade cost to those markets falls.", "China-Europe rail: transit 12-16 days vs 30-40 by sea; cost-time equivalent ≈ 20-30 % lower for inland shippers"),
        int("levers.logistics_channels[].start", 0.0, 100_000.0, "step", "required", "Step the channel opens.", "scenario choice"),
        int("levers.logistics_channels[].end", 1.0, 100_000.0, "step", "none", "Step it closes (exclusive).", "scenario choice"),
        int("levers.logistics_channels[].ramp", 0.0, 1_000.0, "quarters", "0", "Quarters over which the service builds up (departures per week): the trade-cost cut and the operating subsidy rise linearly to full (0 = at once).", "scenario choice"),
        f("levers.logistics_channels[].size", 0.0, 1e9, MONEY_Q, "0", "Operating subsidy while open; underfunding scales the cut down.", "per-train subsidies of inland cities"),
        f("levers.bonded_zone.size", 0.0, 1e9, MONEY_Q, "0", "综合保税区: operating cost of a bonded zone; 0 means the zone has none, and the cuts below take effect only as far as this is funded.", "scenario choice"),
        f("levers.bonded_zone.import_cost_cut", 0.0, 0.95, "share", "0.3", "Share by which the extra cost of non-local inputs falls.", "bonded status removes duty deposits and speeds clearance"),
        f("levers.bonded_zone.trade_cost_cut", 0.0, 0.95, "share", "0.05", "Share by which trade costs to every market fall.", "as above"),
        f("levers.overseas_bases.size", 0.0, 1e9, MONEY_Q, "0", "走出去: grants to productive firms opening an overseas base.", "scenario choice"),
        f("levers.overseas_bases.grant_per_base", 0.001, 1e6, "¥ million", "5", "Grant per base opened.", "assumption: ≈ 3 quarters of the profit a base repatriates for the smallest eligible firm (¥ 100 m revenue a quarter × 0.15 × 1.3 × 8 % ≈ ¥ 1.6 m a quarter)"),
        f("levers.public_services.size", 0.0, 1e9, MONEY_Q, "0", "产城融合: culture, health, elderly care, housing; raises amenity.", "scenario choice"),
        f("levers.ecology.size", 0.0, 1e9, MONEY_Q, "0", "Ecological restoration and environmental governance; raises environmental quality.", "scenario choice"),
        f("levers.smart_governance.size", 0.0, 1e9, MONEY_Q, "0", "Smart-city governance; lowers transaction cost, raises amenity a little.", "scenario choice"),
    ]);
    keys.push(key("sweep.ranges.<key>", Kind::Pair, -1e12, 1e12, "the key's unit", "none", "Range [low, high] of a numeric key for `zonesim sweep --lhs N` (a Latin hypercube over every range given); the key is written quoted, e.g. `\"levers.talent_subsidy.size\" = [0.0, 600.0]`, and the range must lie within the key's own allowed range.", "scenario choice"));
    for lever in SCHEDULED_LEVERS {
        keys.extend(schedule_keys(lever));
    }
    keys.extend(behaviour_keys());
    keys
}

#[rustfmt::skip]
fn behaviour_keys() -> Vec<Key> {
    const B: &str = "behaviour.";
    let b = |name: &str, min: f64, max: f64, unit: &'static str, default: &'static str, doc: &'static str, source: &'static str| {
        f(leak(format!("{B}{name}")), min, max, unit, default, doc, source)
    };
    let i = |name: &str, min: f64, max: f64, unit: &'static str, default: &'static str, doc: &'static str, source: &'static str| {
        int(leak(format!("{B}{name}")), min, max, unit, default, doc, source)
    };
    vec![
        // production and demand
        b("demand_elasticity", 0.05, 0.99, "", "0.75", "Revenue elasticity to output, ρ = (σ-1)/σ for CES demand with σ = 4.", "Broda & Weinstein (2006) median σ ≈ 3-4 for differentiated goods; Hsieh & Klenow (2009) use 3"),
        b("skill_efficiency.general", 0.01, 100.0, "effective units", "1", "Effective labour of a general worker.", "normalisation"),
        b("skill_efficiency.skilled", 0.01, 100.0, "effective units", "1.7", "Effective labour of a skilled worker.", "college wage premium in China ≈ 1.6-1.8 (CHIP)"),
        b("skill_efficiency.high_end", 0.01, 100.0, "effective units", "3.5", "Effective labour of high-end talent.", "wage ratio of senior engineers/researchers to general workers ≈ 3-4"),
        b("agglomeration_elasticity", 0.0, 0.5, "", "0.045", "Elasticity of productivity to the size of the firm's cluster (same and input-output-linked sectors in the zone).", "Rosenthal & Strange (2004), Combes & Gobillon (2015): 0.02-0.08, i.e. a few percent per doubling"),
        b("agglomeration_scale", 1.0, 1e9, "employees", "1000", "Cluster size at which the agglomeration term starts to bite: G = (1 + N/scale)^elasticity.", "a cluster of a few plants"),
        b("firm_demand_volatility", 0.0, 2.0, "log points per quarter", "0.06", "Standard deviation of a one-relationship (small) firm's quarterly demand change.", "idiosyncratic sales volatility of small Chinese firms ≈ 10-15 % a year"),
        b("relationship_size", 1.0, 1e9, "employees", "500", "Employees per customer relationship beyond the first: a firm of n employees has m = 1 + n/size relationships, each 1/m of its demand.", "Sutton (2002), Bottazzi & Secchi (2006): growth as the sum of independent opportunities"),
        b("relationship_turnover", 0.001, 1.0, "per relationship per quarter", "0.08", "Chance a relationship is lost in a quarter, and likewise that a new one is won. Small firms move in rare large jumps, large ones in many small steps: growth rates come out tent-shaped and less volatile for large firms.", "customer churn of suppliers ≈ 20-30 % a year"),
        b("trade_elasticity", 1.01, 20.0, "", "4", "Elasticity of export demand to trade cost.", "Simonovska & Waugh (2014): ≈ 4"),
        b("local_premium", 0.0, 5.0, "", "0.15", "Extra demand for a local supplier where local buyers' demand is unmet (at full gap).", "buyers pay for proximity: just-in-time supply in auto clusters"),
        b("local_capacity_share", 0.01, 1.0, "share", "0.4", "Share of a sector's output local buyers can source from it.", "assumption: suppliers also serve customers outside the zone"),
        b("sourcing_speed", 0.0, 1.0, "per quarter", "0.08", "Speed at which a firm's local sourcing share moves toward what local supply allows.", "supplier qualification in autos takes 2-3 years"),
        b("coordination_cost", 0.0, 0.5, "share of revenue", "0.03", "Cost of coordinating logistics, finance, design and trade without local producer services.", "China's logistics cost ≈ 14 % of GDP vs ≈ 8 % in OECD; part of the gap is coordination"),
        b("coordination_cut_max", 0.0, 1.0, "share", "0.6", "Most that local producer services can cut the coordination cost.", "assumption: dense producer services cut coordination cost from 3 % to at most 1.2 % of revenue; at the baseline's services share of employment (15 % falling to 11 %) the cut is ≈ 35-39 %"),
        b("coordination_half_share", 0.001, 1.0, "share of zone employment", "0.08", "Producer-service employment share at which half of the maximum cut is reached.", "producer services ≈ 10-15 % of employment in mature zones"),
        b("fixed_cost", 0.0, 1e3, MONEY_Q, "0.01", "Fixed administrative burden per firm at a transaction cost of 2 %, scaled by the zone's transaction cost (¥40k a year).", "compliance costs of small Chinese firms (World Bank Enterprise Surveys)"),
        b("depreciation", 0.0, 0.5, "per quarter", "0.025", "Depreciation of physical capital (10 % a year).", "standard for Chinese equipment and structures mix (Holz 2006)"),
        b("land_rent", 0.0, 1e3, "¥ million per hectare per quarter", "0.1", "Land rent when the zone's land is little used; rises steeply as it fills.", "industrial land leases ≈ ¥0.3-0.5 m per hectare a year"),
        b("turnover_tax", 0.0, 0.5, "share of revenue", "0.02", "Turnover-based taxes (VAT incidence and surcharges).", "VAT and surcharges ≈ 2-3 % of industrial sales"),
        b("profit_tax", 0.0, 1.0, "share of profit", "0.25", "Corporate income tax.", "China's CIT rate"),
        b("high_tech_profit_tax", 0.0, 1.0, "share of profit", "0.15", "CIT for emerging and future-tier firms with R&D of 3 % of revenue or more.", "China's high and new technology enterprise rate"),
        // innovation
        b("knowledge_depreciation", 0.001, 1.0, "per quarter", "0.04", "Depreciation of the R&D knowledge stock (15 % a year).", "Hall, Mairesse & Mohnen (2010): 15 %"),
        b("rd_subsidy_elasticity", 0.0, 10.0, "", "1", "Elasticity of R&D to its user cost: a subsidy rate s raises R&D by (1-s)^-elasticity.", "Bloom, Griffith & Van Reenen (2002): long-run ≈ 1"),
        b("innovation_step", 0.0, 2.0, "log points", "0.08", "Mean productivity jump of a successful innovation (exponential).", "innovating firms' TFP gains ≈ 5-10 % (Crépon, Duguet & Mairesse 1998)"),
        b("talent_innovation_effect", 0.0, 5.0, "", "0.5", "Elasticity of the innovation chance to the firm's high-end talent share relative to its sector's norm.", "assumption in the range of inventor-productivity studies"),
        b("platform_innovation_effect", 0.0, 10.0, "", "0.1", "Innovation chance rises by this times ln(1 + platforms in the zone).", "assumption: national labs raise local patenting by 10-20 %"),
        b("spillover_effect", 0.0, 2.0, "", "0.15", "Elasticity of the innovation chance to the zone's R&D stock per worker (relative to step 0).", "local knowledge spillover elasticities 0.1-0.2 (Jaffe 1989; Audretsch & Feldman 1996)"),
        b("imitation_rate", 0.0, 1.0, "per quarter", "0.005", "Share of the gap to the local sector frontier (its 90th percentile of productivity) a laggard closes each quarter.", "catch-up rates of a few percent a year (Griffith, Redding & Van Reenen 2004)"),
        b("cluster_imitation_effect", 0.0, 10.0, "", "0.3", "Imitation speeds up by this times ln(1 + cluster size / agglomeration_scale).", "assumption: denser clusters diffuse faster"),
        b("productivity_noise", 0.0, 1.0, "log points per quarter", "0.01", "Random walk in firm productivity.", "persistence of Chinese firm TFP; most variation from jumps"),
        b("upgrade_rate", 0.0, 1.0, "per quarter", "0.004", "Chance a traditional firm upgrades without subsidy.", "technical renovation of ≈ 1-2 % of firms a year"),
        b("upgrade_cost", 0.0, 10.0, "share of capital", "0.15", "Cost of an upgrade.", "renovation projects ≈ 10-20 % of fixed assets"),
        b("upgrade_gain", 0.0, 2.0, "log points", "0.06", "Productivity gain of an upgrade.", "intelligent-manufacturing pilots report 10-20 % efficiency gains; part is capital deepening"),
        b("upgrade_switch_share", 0.0, 1.0, "share", "0.2", "Chance an upgrade moves the firm into its sector's upgrade_to sector.", "assumption: most upgrades modernise the existing product line; one in five changes it, i.e. ≈ 0.3 % of traditional firms a year at the unsubsidised upgrade_rate (1.6 % a year)"),
        b("upgrade_pollution_factor", 0.0, 1.0, "", "0.6", "Pollution intensity after an upgrade, relative to before.", "cleaner-production audits cut emissions 30-50 %"),
        // labour market
        b("hiring_speed", 0.0, 1.0, "per quarter", "0.5", "Share of the gap to desired employment posted as vacancies each quarter, on top of replacing expected quits and retirements.", "adjustment costs: half-life of a quarter"),
        b("firing_speed", 0.0, 1.0, "per quarter", "0.2", "Share of excess employment laid off each quarter.", "Chinese firing costs: labour hoarding"),
        b("quit_rate", 0.0, 1.0, "per quarter", "0.02", "Worker-initiated separations into unemployment.", "annual separation rates ≈ 10-20 % in Chinese manufacturing"),
        b("matching_efficiency", 0.0, 10.0, "", "1.2", "μ in hires = μ U^0.5 V^0.5 per quarter (at most min(U, V)).", "Petrongolo & Pissarides (2001): elasticity 0.5; μ set for unemployment of 4-5 % at normal tightness given the baseline's separation rates"),
        b("wage_flexibility", 0.0, 1.0, "", "0.015", "Wages grow with the zone's labour-productivity trend (value added per effective worker, year on year) plus this times the log of tightness (vacancies per unemployed) relative to normal; at most ±3 % a quarter.", "wage Phillips curves: 1-2 % per unit of log tightness"),
        b("normal_tightness", 0.01, 100.0, "vacancies per unemployed", "0.6", "Tightness at which zone wages grow with productivity.", "≈ the baseline's mean vacancies per job seeker at matching over ten years, 0.62 (general 0.42, skilled 0.87, high-end 1.8): talent wages outpace productivity, general wages lag"),
        b("retirement_rate", 0.0, 1.0, "per quarter", "0.006", "Workers leaving the labour force.", "40-year careers: 2.5 % a year"),
        b("entry_rate", 0.0, 1.0, "per quarter", "0.008", "New labour-force entrants (graduates) per worker in the zone.", "urban labour-force entry ≈ 3 % a year"),
        b("graduate_skill_mix.general", 0.0, 1.0, "share", "0.5", "Skill mix of new entrants (normalised).", "higher-education enrolment ≈ 50 % of a cohort (2020)"),
        b("graduate_skill_mix.skilled", 0.0, 1.0, "share", "0.43", "Skill mix of new entrants.", "as above"),
        b("graduate_skill_mix.high_end", 0.0, 1.0, "share", "0.07", "Skill mix of new entrants.", "postgraduates ≈ 7 % of a cohort"),
        // migration
        b("mobility.general", 0.0, 1.0, "per quarter", "0.015", "Chance an employed general worker considers moving.", "inter-city migration ≈ 5-10 % a year of the urban workforce"),
        b("mobility.skilled", 0.0, 1.0, "per quarter", "0.025", "Chance a skilled worker considers moving.", "as above; the skilled are more mobile"),
        b("mobility.high_end", 0.0, 1.0, "per quarter", "0.04", "Chance high-end talent considers moving.", "MODEL.md: talent is scarce and mobile"),
        b("outside_mobility.general", 0.0, 1.0, "per quarter", "0.01", "Chance a potential migrant outside considers a zone.", "assumption, sized for the baseline's workforce growth"),
        b("outside_mobility.skilled", 0.0, 1.0, "per quarter", "0.015", "As above, skilled.", "as above"),
        b("outside_mobility.high_end", 0.0, 1.0, "per quarter", "0.03", "As above, high-end talent.", "as above"),
        b("unemployed_mobility_factor", 1.0, 100.0, "multiplier", "3", "How much more often the unemployed consider moving.", "unemployed migrate 2-4x as often"),
        b("migration_income_weight", 0.0, 100.0, "", "3", "Weight of log expected income (wage x employment chance + subsidy) in location choice.", "migration elasticities to income ≈ 1-3 (Fan 2005; Tombe & Zhu 2019)"),
        b("migration_amenity_weight", 0.0, 100.0, "", "1.5", "Weight of log amenity.", "amenity vs wage trade-offs in Chinese city choice (Zheng et al.)"),
        b("migration_environment_weight", 0.0, 100.0, "", "1", "Weight of environmental quality (0-1).", "air-quality effects on talent location (Lin 2017)"),
        b("migration_housing_weight", 0.0, 100.0, "", "1", "Weight of -log housing cost.", "housing share of expenditure ≈ 25 %"),
        b("outside_option_bonus", 0.0, 100.0, "utility units", "3.2", "Log of the number of other destinations (≈ 25 cities) a mover weighs against the zones: added to the outside option.", "sized so the baseline's migration flows are a few percent of its workforce a year"),
        b("moving_cost", 0.0, 100.0, "utility units", "1", "Utility cost of any move.", "assumption: a move must pay ≈ 40 % more to be taken at even odds"),
        b("distance_cost_per_100km", 0.0, 100.0, "utility units", "0.3", "Additional cost per 100 km between zones.", "gravity of migration flows"),
        b("housing_elasticity", 0.0, 5.0, "", "0.3", "Elasticity of housing cost to the zone's population.", "house-price elasticity to population ≈ 0.3-0.5 for Chinese cities"),
        // firm dynamics
        b("investment_speed", 0.0, 1.0, "per quarter", "0.1", "Share of the gap to desired capital invested each quarter.", "investment adjustment costs: half-life ≈ 2 years"),
        b("leverage", 0.0, 100.0, "multiplier", "2", "Investment may be at most this times cash flow.", "financial constraints of Chinese private firms"),
        i("exit_loss_quarters", 1.0, 100.0, "quarters", "4", "After this many consecutive loss-making quarters a firm may exit (25 % a quarter), and does after twice as many.", "persistent losses precede exit"),
        b("exit_hazard", 0.0, 1.0, "per quarter", "0.004", "Exit chance unrelated to losses (owners' retirement, mergers).", "background exit ≈ 1.5 % a year"),
        b("startup_rate", 0.0, 1.0, "start-ups per talent per quarter", "0.006", "Start-ups per high-end talent in the zone, at the step-0 start-up cost.", "calibrated to the baseline entry rate of ≈ 8 % of firms a year"),
        b("startup_skilled_weight", 0.0, 1.0, "", "0.05", "A skilled worker counts as this much of a talent for start-ups.", "founders are mostly high-skilled"),
        b("startup_cost_elasticity", 0.0, 10.0, "", "1", "Elasticity of start-ups to the start-up cost index (transaction cost and approval delay, 1 at step 0).", "entry elasticities to regulation (Djankov et al. 2002)"),
        b("startup_size", 0.1, 1e6, "effective workers", "6", "Mean size a start-up aims for on entry (log-normal, s.d. 0.6); it hires up to it over its first quarters.", "median Chinese start-up: 5-10 employees"),
        b("attraction_size", 0.1, 1e6, "effective workers", "40", "Mean size an attracted firm aims for on entry, before the mode's size multiplier.", "attracted projects are established firms' new plants"),
        b("top_talent_startup_rate", 0.0, 1.0, "per quarter", "0.004", "Start-ups per recruited top talent per quarter.", "assumption: about a fifth of recruits found a firm; with top_talent_attrition 0.02 a recruit founds 0.004/0.02 = 0.2 firms over their active life"),
        b("top_talent_attrition", 0.0, 1.0, "per quarter", "0.02", "Share of recruited top talent who stop founding (leave or settle) each quarter.", "assumption: ≈ 8 % of recruits a year leave or stop founding (mean active life ≈ 12 years)"),
        b("leader_pull", 0.0, 100.0, "arrivals per ¥ bn", "0.1", "Supplier arrivals per quarter per ¥ 1 bn of a leader firm's non-local purchases from linked sectors.", "auto OEMs bring tier-1 suppliers with them"),
        b("attraction_cost", 0.001, 1e6, "¥ million per firm", "15", "Cost of attracting one firm (incentive package) in general mode; other modes scale it.", "zone incentive packages ¥5-30 m per project"),
        b("tailored_size", 1.0, 1e3, "multiplier", "5", "A tailored-package arrival (一企一策) is this much larger and costs 0.8x as much more.", "anchor projects"),
        b("export_fixed_cost", 0.0, 1e6, MONEY_Q, "0.3", "Fixed cost of serving export markets; firms export when export profit covers it.", "Melitz (2003); Das, Roberts & Tybout (2007)"),
        b("overseas_rate", 0.0, 1.0, "per quarter", "0.004", "Chance an eligible (large, productive, exporting) firm opens an overseas base, unsubsidised.", "ODI by Chinese manufacturers"),
        b("overseas_share", 0.0, 1.0, "share", "0.15", "Share of a firm's activity that moves to its overseas base.", "assumption: a base takes about one plant's worth, 15 %, of a large parent's activity; ≈ 14 of the baseline's firms have a base after ten years"),
        b("overseas_premium", 0.0, 10.0, "", "0.3", "Extra foreign sales the base generates beyond the activity moved.", "market-seeking ODI"),
        b("overseas_margin", 0.0, 1.0, "share", "0.08", "Profit margin on overseas sales repatriated to the firm.", "a little above the ≈ 6 % profit margin on revenue of China's above-scale industrial firms (NBS, 2012-2019), as bases belong to large, productive exporters"),
        b("relocation_rate", 0.0, 1.0, "per quarter", "0.01", "Chance a firm compares its zone with another one.", "assumption: ≈ 4 % of firms a year (8 % of coastal transplants) weigh one other zone; with relocation_threshold 0.15, ≈ 1.4 % of firms a year move in scenarios/province.toml"),
        b("relocation_threshold", 0.0, 10.0, "log points", "0.15", "Gain in the zone-attractiveness index a firm needs to move.", "relocation costs"),
        b("relocation_capital_loss", 0.0, 1.0, "share", "0.1", "Capital lost in a move.", "assumption: about a year of depreciation (10 %): most equipment moves or is sold near book value, while installation and site-specific structures are lost"),
        b("talent_follow_share", 0.0, 1.0, "share", "0.5", "Chance each high-end worker moves with a relocating firm.", "assumption: half of a relocating firm's high-end staff (key engineers and managers) move with it; family and housing ties keep the rest, who become unemployed"),
        // statuses
        b("gazelle_growth", 0.0, 10.0, "per year", "0.2", "Revenue growth a gazelle sustains.", "MODEL.md: ≥ 20 % a year for three years"),
        i("gazelle_years", 1.0, 100.0, "years", "3", "Consecutive years of that growth.", "MODEL.md"),
        b("unicorn_valuation", 0.0, 1e9, "¥ million", "7000", "Valuation threshold of a unicorn (US$ 1 bn).", "MODEL.md"),
        b("unicorn_max_age_years", 0.0, 100.0, "years", "10", "Oldest a unicorn can be.", "MODEL.md"),
        b("valuation_multiple", 0.0, 1e3, "", "1", "Valuation = multiple x tier factor (traditional 0.3, services 0.8, emerging 1.2, future 2.5) x (1 + 5 x revenue growth) x annual revenue.", "price/sales multiples of listed Chinese firms by sector"),
        // government and the zone
        b("base_efficiency", 0.0, 1.0, "share", "0.75", "Share of lever spending that becomes effect without cadre incentives.", "assumption: without performance incentives a quarter of lever spending is lost to administration and slack; the mechanism follows the article's 考评机制 section"),
        b("max_efficiency", 0.0, 1.0, "share", "0.95", "Most that cadre incentives raise it to.", "assumption: even with strong cadre incentives 5 % of lever spending is lost to administration, so at most 27 % more effect per ¥ than at base_efficiency (0.75)"),
        b("cadre_half_spend", 0.001, 1e9, MONEY_Q, "20", "Scale of the exponential approach: this much cadre-incentive spending closes 1 − 1/e ≈ 63 % of the gap to max_efficiency.", "assumption: ¥ 20 m a quarter, ≈ 3.5 % of the baseline's ≈ ¥ 570 m lever spending, lifts η from 0.75 to 0.88 (17 % more effect per ¥): cheaper than spending more on levers once they exceed ≈ ¥ 120 m"),
        b("amenity_per_spend", 0.0, 100.0, "per ¥ million per 10,000 residents", "0.002", "Amenity gained per quarter from public-service spending.", "sized so ¥ 50 m a quarter for 200,000 residents lifts amenity ≈ 25 % in the long run"),
        b("amenity_decay", 0.0, 1.0, "per quarter", "0.02", "Rate at which amenity returns to its step-0 level without spending.", "depreciation of public facilities"),
        b("environment_per_spend", 0.0, 100.0, "per ¥ million per 10,000 residents", "0.001", "Share of the gap to a perfect environment closed per quarter by ecology spending.", "assumption: ¥ 50 m a quarter for 200,000 residents (η 0.75) closes ≈ 4 % of the gap to a perfect environment in the long run, e.g. 0.65 → 0.66"),
        b("environment_recovery", 0.0, 1.0, "per quarter", "0.05", "Speed at which environmental quality moves to the level pollution allows.", "assumption: 5 % of the gap to the level pollution allows closes each quarter (half-life ≈ 3.4 years); in the baseline the index lags, 0.61 in year 10 against a level of 0.56"),
        b("pollution_damage", 0.0, 5.0, "", "0.3", "Elasticity of the environment's level to pollution relative to step 0.", "assumption: doubling the zone's pollution lowers the environment's level by 19 %; the baseline's pollution rises 1.6x in ten years, moving the level from 0.65 to 0.56"),
        b("reform_per_spend", 0.0, 1.0, "per ¥ million", "0.004", "Share of the gap to the reformed level closed per quarter per ¥ million of reform spending.", "assumption: ¥ 50 m a quarter completes most of a reform in 2-3 years"),
        b("institutional_drift", 0.0, 1.0, "per quarter", "0.005", "Rate at which transaction cost and delay creep back to their step-0 levels.", "assumption: without continued reform ≈ 2 % of a reform's cut is lost a year (18 % in ten years, half-life ≈ 35 years), as new rules and approval layers accrete"),
        b("smart_governance_per_spend", 0.0, 1.0, "per ¥ million", "0.002", "As reform_per_spend, for smart governance (which can cut transaction cost by at most 30 %).", "assumption, half of reform_per_spend: ¥ 50 m a quarter (η 0.75) closes ≈ 54 % of the gap to the 30 % cut in 10 quarters (admin reform: 80 %); 20 % of its spending also counts as public services"),
        b("platform_depreciation", 0.0, 1.0, "per quarter", "0.01", "Obsolescence of innovation platforms.", "a platform lasts decades"),
    ]
}
