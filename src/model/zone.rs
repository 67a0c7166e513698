//! The state of a zone and its government, and what policy is in force in
//! it during a step.

use super::levers::N_LEVERS;

/// A zone's state carried between steps.
#[derive(Debug, Clone, Default)]
pub struct ZoneState {
    pub amenity: f64,
    pub environment: f64,
    pub transaction_cost: f64,
    /// Quarters between an entry decision and the firm's start.
    pub approval_delay: f64,
    pub housing_cost: f64,
    /// Market wage by skill, ¥ million per person per quarter.
    pub wages: [f64; 3],
    pub platforms: f64,
    /// Share of each platform project paid for (≥ 1 when built).
    pub platform_progress: Vec<f64>,
    /// Recruited top talent still founding firms.
    pub top_talent: f64,
    /// Share of lever spending that becomes effect.
    pub efficiency: f64,
    /// Share of social-function overhead shed so far.
    pub shed: f64,
    /// Budget balance, ¥ million.
    pub budget: f64,
    /// Last step's revenue, which the budget rule counts on.
    pub last_revenue: f64,
    /// Step-0 references for indices that are relative to the start.
    pub base: ZoneBase,
    /// GDP of the last four steps, newest first.
    pub gdp_history: [f64; 4],
    /// Value added per effective employee over the last five steps, newest
    /// first: the productivity trend wages follow.
    pub productivity_history: [f64; 5],
    /// Last step's claims on envelope programmes, to pro-rate this step's.
    pub prev_claims: Claims,
    /// What policy does in this zone this step (set at the start of the step).
    pub policy: Policy,
    /// Counters of this step.
    pub flows: Flows,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct ZoneBase {
    pub transaction_cost: f64,
    pub approval_delay: f64,
    pub amenity: f64,
    pub environment: f64,
    pub housing_cost: f64,
    pub residents: f64,
    /// Step-0 wage bill of the residents at step-0 wages, for the overhead's wage index.
    pub wage_bill: f64,
    pub pollution: f64,
    pub knowledge_per_worker: f64,
    pub profit_index: f64,
}

/// Claims on envelope programmes, ¥ million, and eligible counts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Claims {
    pub rd: f64,
    pub talent: f64,
    pub upgrade_base: f64,
    pub overseas_eligible: f64,
    pub growth_eligible: f64,
}

/// Policy in force in a zone during one step, derived from the levers'
/// schedules, the budget rule and implementation efficiency.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Share of planned lever spending the budget can pay (1 = all).
    pub scale: f64,
    /// Planned spending per lever, ¥ million.
    pub planned: [f64; N_LEVERS],
    /// Effective trade cost to each market.
    pub trade_cost: Vec<f64>,
    /// Effective extra cost of non-local inputs.
    pub import_cost: f64,
    /// R&D subsidy: the programme's rate while active, the share of claims
    /// paid this step (envelope pro-rating), and the rate firms received last
    /// step, which shapes their R&D.
    pub rd_rate: f64,
    pub rd_paid_share: f64,
    pub rd_received: f64,
    /// Talent subsidy per person by skill: the programme's amounts, and what
    /// eligible talent received last step (which shapes location choice).
    pub talent_amount: [f64; 3],
    pub talent_received: [f64; 3],
    /// Quarters of eligibility for the talent subsidy.
    pub talent_quarters: f64,
    /// Extra upgrade chance of a traditional firm, the share of an upgrade's
    /// cost claimable, and the share of claims paid this step.
    pub upgrade_extra: f64,
    pub upgrade_cost_share: f64,
    pub upgrade_paid_share: f64,
    /// Extra chance an eligible firm opens an overseas base, and the grant per base.
    pub overseas_extra: f64,
    pub overseas_grant: f64,
    /// Grant each high-growth firm receives this step.
    pub growth_grant: f64,
    /// Multipliers from chain clustering.
    pub leader_pull: f64,
    pub sourcing: f64,
    /// Effective attraction budgets (after efficiency) by mode:
    /// general, precision, platform, business, tech, chain, producer services.
    pub attraction: [f64; 7],
    pub tailored_share: f64,
    /// Pollution cap (units per quarter; 0 = none), penalty rate, and how
    /// strictly it is enforced (schedule x funded monitoring x efficiency).
    pub pollution_cap: f64,
    pub penalty: f64,
    pub enforcement: f64,
    /// Top talent recruited this step (expected).
    pub top_talent_recruits: f64,
}

/// Counters of one step in one zone.
#[derive(Debug, Clone, Default)]
pub struct Flows {
    pub entries: f64,
    pub startups: f64,
    pub attracted: f64,
    pub exits: f64,
    pub relocations_in: f64,
    pub relocations_out: f64,
    pub fdi_inflow: f64,
    pub innovations: f64,
    pub migration_in: [f64; 3],
    pub migration_out: [f64; 3],
    pub retirements: [f64; 3],
    pub graduates: [f64; 3],
    pub taxes_kept: f64,
    pub penalties: f64,
    pub transfers_in: f64,
    pub transfers_out: f64,
    pub overhead: f64,
    pub spend: [f64; N_LEVERS],
    pub revenue: f64,
    pub spending: f64,
    /// Balance before this step's booking.
    pub budget_before: f64,
}
