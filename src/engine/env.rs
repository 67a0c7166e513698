//! Phase 1 (demand) and the start of phase 6 (the budget rule): the world
//! moves, each zone's government decides what it can pay for, and every
//! (zone, sector) pair gets the environment its firms face this step.

use crate::model::levers::Lever;
use crate::scenario::Tier;

use super::Simulation;
use super::rng::{Phase, normal};

/// What a firm of one sector in one zone faces this step. Shared by all
/// firms of the pair; derived from last step's aggregates and this step's
/// policy.
#[derive(Debug, Clone, Copy, Default)]
pub struct SectorEnv {
    /// Sector demand index.
    pub demand: f64,
    /// Market access of a non-exporter, and the addition from exporting.
    pub access_dom: f64,
    pub access_exp: f64,
    /// Demand premium of local suppliers whose local buyers are short of supply.
    pub premium: f64,
    /// Agglomeration multiplier on productivity.
    pub agglo: f64,
    /// Coordination cost per unit of revenue (lowered by producer services).
    pub coordination: f64,
    /// Per-revenue costs other than linked inputs: other inputs, coordination,
    /// transaction cost, turnover tax and R&D net of the subsidy expected.
    pub fixed_share: f64,
    /// Linked inputs per unit of revenue.
    pub linked: f64,
    pub import_cost: f64,
    /// Local sourcing share that local supply allows.
    pub target_local: f64,
    /// Wage per effective worker at the sector's skill mix.
    pub wbar: f64,
    /// User cost of capital per quarter, land rent included.
    pub uc: f64,
    /// Gross R&D per unit of revenue.
    pub rd_share: f64,
    /// Imitation speed and the local frontier (log productivity).
    pub imitation: f64,
    pub frontier: f64,
    /// Innovation hazard per quarter of a firm at the sector's R&D and talent norm.
    pub hazard: f64,
    /// Log profit index of a typical firm (for relocation and attraction).
    pub profit_index: f64,
    /// Transaction cost (share of revenue) and fixed admin burden (¥ million).
    pub transaction_cost: f64,
    pub fixed_cost: f64,
    pub land_rent: f64,
    /// ln(demand × premium × access) of a non-exporter and of an exporter,
    /// and ln(agglo): firms' revenue is computed in logs, one `exp` a firm.
    pub ln_demand_dom: f64,
    pub ln_demand_exp: f64,
    pub ln_agglo: f64,
}

impl SectorEnv {
    /// ln(demand × premium × access) for a firm that exports or not.
    #[inline]
    pub fn ln_demand(&self, exporter: bool) -> f64 {
        if exporter { self.ln_demand_exp } else { self.ln_demand_dom }
    }

    /// Revenue net of per-revenue costs, per unit of revenue, for a firm
    /// buying `local` of its linked inputs in the zone.
    pub fn margin(&self, local: f64) -> f64 {
        1.0 - self.fixed_share - self.linked * (local + (1.0 - local) * (1.0 + self.import_cost))
    }
}

impl Simulation<'_> {
    /// Phase 1: the business cycle, sector demand, export markets and outside wages.
    pub(crate) fn demand(&mut self, s: u32) {
        let sc = self.sc;
        let mut rng = self.streams.get(s, Phase::Demand, 0);
        let w = &mut self.world;
        let prev = w.cycle;
        w.cycle = sc.economy.cycle_persistence * w.cycle + sc.economy.cycle_volatility * normal(&mut rng);
        let dc = w.cycle - prev;
        // Trend growth is stated as growth of a sector's revenue at constant
        // input prices; with inputs adjusting, revenue grows 1/(1-ρ) times as
        // fast as the demand shifter, so the shifter grows (1-ρ) times the trend.
        let trend = 1.0 - sc.behaviour.demand_elasticity;
        for (d, sec) in w.log_demand.iter_mut().zip(&sc.sectors) {
            *d += trend * (1.0 + sec.demand_growth_per_year).ln() / 4.0
                + sec.cycle_sensitivity * dc
                + sec.demand_volatility * normal(&mut rng)
                - 0.5 * sec.demand_volatility * sec.demand_volatility;
        }
        for (x, m) in w.log_market.iter_mut().zip(&sc.markets) {
            *x += trend * (1.0 + m.growth_per_year).ln() / 4.0 + m.volatility * normal(&mut rng) - 0.5 * m.volatility * m.volatility;
        }
        let g = (1.0 + sc.economy.outside_wage_growth_per_year).powf(0.25);
        for wage in &mut w.outside_wage {
            *wage *= g;
        }
    }

    /// Phase 6, first half: planned lever spending, the budget rule, and
    /// what each lever does this step.
    pub(crate) fn plan_policy(&mut self, s: u32) {
        let sc = self.sc;
        let b = &sc.behaviour;
        let overheads: Vec<f64> = (0..sc.zones.len()).map(|zi| self.overhead(zi)).collect();
        for (zi, (zone, st)) in sc.zones.iter().zip(self.zones.iter_mut()).enumerate() {
            let l = &zone.levers;
            let mut planned = [0.0; crate::model::N_LEVERS];
            planned[Lever::UpgradeSubsidy.index()] = l.upgrade_subsidy.planned(s);
            planned[Lever::GreenConstraint.index()] = l.green_constraint.planned(s);
            planned[Lever::ChainClustering.index()] = l.chain_clustering.planned(s);
            planned[Lever::Attraction.index()] = l.attraction.planned(s);
            planned[Lever::ProducerServices.index()] = l.producer_services.planned(s);
            planned[Lever::RdSubsidy.index()] = l.rd_subsidy.planned(s);
            planned[Lever::InnovationPlatforms.index()] = l
                .innovation_platforms
                .iter()
                .zip(&st.platform_progress)
                .filter(|(p, progress)| p.building(s) && **progress < 1.0)
                .map(|(p, _)| p.cost / f64::from(p.build_quarters))
                .sum();
            planned[Lever::HighGrowthSupport.index()] = l.high_growth_support.planned(s);
            planned[Lever::TalentSubsidy.index()] = l.talent_subsidy.planned(s);
            planned[Lever::TopTalent.index()] = l.top_talent.planned(s);
            planned[Lever::AdminReform.index()] = l.admin_reform.planned(s);
            planned[Lever::CadreIncentives.index()] = l.cadre_incentives.planned(s);
            planned[Lever::LogisticsChannels.index()] = zone.channels.iter().map(|c| c.size * c.level(s)).sum();
            planned[Lever::BondedZone.index()] = l.bonded_zone.planned(s);
            planned[Lever::OverseasBases.index()] = l.overseas_bases.planned(s);
            planned[Lever::PublicServices.index()] = l.public_services.planned(s);
            planned[Lever::Ecology.index()] = l.ecology.planned(s);
            planned[Lever::SmartGovernance.index()] = l.smart_governance.planned(s);
            planned[Lever::Cooperation.index()] = sc
                .cooperation
                .iter()
                .filter(|c| c.home == zi || c.host == zi)
                .map(|c| c.size * c.level(s))
                .sum();

            // The budget rule: levers get what the balance, last quarter's
            // revenue and the borrowing limit leave after overhead, pro rata.
            let gov = &zone.government;
            // 5 % of last quarter's revenue is held back: this quarter's may be lower.
            let available = st.budget + 0.95 * st.last_revenue - overheads[zi] + gov.borrowing_limit;
            let total: f64 = planned.iter().sum();
            let scale = if total > 0.0 { (available / total).clamp(0.0, 1.0) } else { 1.0 };
            let funded = |lever: Lever| planned[lever.index()] * scale;

            let cadre = funded(Lever::CadreIncentives);
            let eta = b.base_efficiency + (b.max_efficiency - b.base_efficiency) * (1.0 - (-cadre / b.cadre_half_spend).exp());
            st.efficiency = eta;

            let p = &mut st.policy;
            p.scale = scale;
            p.planned = planned;

            // Openness: channels and the bonded zone. A bonded zone exists
            // only where it is paid for (size > 0), and works as far as it is
            // funded; a channel listed without an operating subsidy runs
            // unsubsidised at full effect.
            let bonded_level = if l.bonded_zone.size > 0.0 {
                l.bonded_zone.schedule().level(s) * scale
            } else {
                0.0
            };
            p.trade_cost = zone
                .trade_costs
                .iter()
                .enumerate()
                .map(|(m, &base)| {
                    let mut t = base * (1.0 - l.bonded_zone.trade_cost_cut * bonded_level);
                    for c in zone.channels.iter().filter(|c| c.markets.contains(&m)) {
                        let f = if c.size > 0.0 { scale } else { 1.0 };
                        t *= 1.0 - c.trade_cost_cut * c.level(s) * f;
                    }
                    t
                })
                .collect();
            p.import_cost = zone.import_cost * (1.0 - l.bonded_zone.import_cost_cut * bonded_level);

            // Transfer programmes (subsidies, grants): recipients get
            // efficiency x spending; claims beyond the envelope are pro-rated
            // once this step's claims are known.
            p.rd_rate = if funded(Lever::RdSubsidy) > 0.0 { l.rd_subsidy.rate } else { 0.0 };
            p.talent_amount = if funded(Lever::TalentSubsidy) > 0.0 {
                [0.0, l.talent_subsidy.skilled_amount, l.talent_subsidy.high_end_amount]
            } else {
                [0.0; 3]
            };
            p.talent_quarters = l.talent_subsidy.eligible_years * 4.0;

            let up_env = funded(Lever::UpgradeSubsidy);
            let per_unit = l.upgrade_subsidy.cost_share * b.upgrade_cost * st.prev_claims.upgrade_base;
            p.upgrade_extra = if per_unit > 0.0 { (up_env * eta / per_unit).min(0.25) } else { 0.0 };
            p.upgrade_cost_share = if up_env > 0.0 { l.upgrade_subsidy.cost_share } else { 0.0 };

            let ob_env = funded(Lever::OverseasBases);
            let eligible = st.prev_claims.overseas_eligible.max(1.0);
            p.overseas_extra = (ob_env * eta / (l.overseas_bases.grant_per_base * eligible)).min(0.2);
            p.overseas_grant = if ob_env > 0.0 { l.overseas_bases.grant_per_base } else { 0.0 };
            p.growth_grant = 0.0;

            let chain_on = planned[Lever::ChainClustering.index()] > 0.0;
            let chain_level = l.chain_clustering.schedule().level(s) * scale;
            p.leader_pull = if chain_on {
                1.0 + (l.chain_clustering.leader_pull - 1.0) * chain_level
            } else {
                1.0
            };
            p.sourcing = if chain_on {
                1.0 + (l.chain_clustering.sourcing_speedup - 1.0) * chain_level
            } else {
                1.0
            };

            let a = &l.attraction;
            let shares = [a.general, a.precision, a.platform, a.business, a.tech];
            let share_sum: f64 = shares.iter().sum();
            let att = funded(Lever::Attraction) * eta;
            for (k, sh) in shares.iter().enumerate() {
                p.attraction[k] = if share_sum > 0.0 { att * sh / share_sum } else { 0.0 };
            }
            p.attraction[5] = funded(Lever::ChainClustering) * eta;
            p.attraction[6] = funded(Lever::ProducerServices) * eta;
            p.tailored_share = a.tailored_share;

            let g = &l.green_constraint;
            p.pollution_cap = if g.cap > 0.0 && g.schedule().level(s) > 0.0 {
                g.cap * st.base.pollution
            } else {
                0.0
            };
            p.penalty = g.penalty;
            p.enforcement = g.schedule().level(s) * if g.size > 0.0 { scale } else { 1.0 } * eta;

            p.top_talent_recruits = funded(Lever::TopTalent) * eta / l.top_talent.cost_per_recruit;
        }
    }

    /// The environment of every (zone, sector) pair this step.
    pub(crate) fn build_env(&mut self, _s: u32) {
        let sc = self.sc;
        let b = &sc.behaviour;
        let n_s = sc.sectors.len();
        let rho = b.demand_elasticity;
        let eff = b.skill_efficiency.to_array();
        let sigma = b.trade_elasticity;
        let r_q = sc.economy.interest_rate_per_year / 4.0;
        let market_x: Vec<f64> = self.world.log_market.iter().map(|x| x.exp()).collect();
        for (zi, (zone, st)) in sc.zones.iter().zip(&self.zones).enumerate() {
            let p = &st.policy;
            let agg = &self.agg;
            let ps_share = agg.services_share[zi];
            let chi = b.coordination_cost * (1.0 - b.coordination_cut_max * ps_share / (ps_share + b.coordination_half_share));
            let used = agg.land_used[zi];
            let util = if zone.land > 0.0 { (used / zone.land).min(1.5) } else { 1.5 };
            let rent = b.land_rent * (1.0 + 3.0 * util.powi(4));
            let plat = 1.0 + b.platform_innovation_effect * (1.0 + st.platforms).ln();
            let kpw = agg.knowledge[zi] / self.residents[zi].iter().sum::<u64>().max(1) as f64;
            let spill = if st.base.knowledge_per_worker > 0.0 && kpw > 0.0 {
                (kpw / st.base.knowledge_per_worker).powf(b.spillover_effect)
            } else {
                1.0
            };
            for (si, sec) in sc.sectors.iter().enumerate() {
                let k = zi * n_s + si;
                let alpha = sec.capital_share;
                let access_exp = if sec.export_share > 0.0 {
                    let mut x = 0.0;
                    for (m, w) in sec.export_markets.iter().enumerate() {
                        if *w > 0.0 {
                            let rel = (1.0 + p.trade_cost[m]) / (1.0 + sc.markets[m].trade_cost);
                            x += w * market_x[m] * rel.powf(1.0 - sigma);
                        }
                    }
                    sec.export_share * x
                } else {
                    0.0
                };
                let rd_share = sec.rd_propensity * (1.0 - p.rd_received).powf(-b.rd_subsidy_elasticity);
                let linked = sec.linked_share();
                let fixed_share =
                    (sec.intermediate_share - linked) + chi + st.transaction_cost + b.turnover_tax + rd_share * (1.0 - p.rd_received);
                let wbar =
                    (0..3).map(|j| sec.skill_mix[j] * st.wages[j]).sum::<f64>() / (0..3).map(|j| sec.skill_mix[j] * eff[j]).sum::<f64>();
                let uc = r_q + b.depreciation + sec.land_intensity * rent;
                let cluster = agg.cluster[k];
                let imitation = b.imitation_rate * (1.0 + b.cluster_imitation_effect * (1.0 + cluster / b.agglomeration_scale).ln());
                // The local frontier: the 90th percentile of log productivity in
                // the zone's sector (normal approximation), or the national
                // mean where the zone has too few firms of the sector.
                let n = f64::from(agg.firms[k]);
                let frontier = if n >= 5.0 {
                    let mean = agg.prod_sum[k] / n;
                    let var = (agg.prod_sq[k] / n - mean * mean).max(0.0);
                    (mean + 1.2816 * var.sqrt()).min(agg.prod_max[k])
                } else {
                    agg.national_prod_mean[si]
                };
                let e = super::SectorEnv {
                    demand: self.world.log_demand[si].exp(),
                    access_dom: 1.0 - sec.export_share,
                    access_exp,
                    premium: 1.0 + b.local_premium * agg.unmet[k],
                    coordination: chi,
                    agglo: (1.0 + cluster / b.agglomeration_scale).powf(b.agglomeration_elasticity),
                    fixed_share,
                    linked,
                    import_cost: p.import_cost,
                    target_local: agg.target_local[k],
                    wbar,
                    uc,
                    rd_share,
                    imitation,
                    frontier,
                    hazard: sec.innovation_rate_per_year / 4.0 * plat * spill,
                    profit_index: 0.0,
                    transaction_cost: st.transaction_cost,
                    fixed_cost: b.fixed_cost * st.transaction_cost / 0.02,
                    land_rent: rent,
                    ..Default::default()
                };
                let beta = rho * (1.0 - alpha);
                let nu = e.margin(e.target_local).max(1e-6);
                let access = e.access_dom + e.access_exp;
                let pi = (nu.ln() + (e.demand * access * e.premium).ln() + rho * e.agglo.ln() - beta * wbar.ln() - alpha * rho * uc.ln())
                    / (1.0 - rho);
                self.env[k] = super::SectorEnv {
                    profit_index: pi,
                    ln_demand_dom: (e.demand * e.premium * e.access_dom).ln(),
                    ln_demand_exp: (e.demand * e.premium * access).ln(),
                    ln_agglo: e.agglo.ln(),
                    ..e
                };
            }
        }
    }

    /// Mean profit index of a zone over sectors with national weight, for
    /// how attractive the zone is to arriving firms.
    pub(crate) fn zone_profit_index(&self, zi: usize) -> f64 {
        let n_s = self.sc.sectors.len();
        let mut num = 0.0;
        let mut den = 0.0;
        for (si, sec) in self.sc.sectors.iter().enumerate() {
            let w = sec.national_weight.max(1e-9) * if sec.tier == Tier::Services { 0.5 } else { 1.0 };
            num += w * self.env[zi * n_s + si].profit_index;
            den += w;
        }
        if den > 0.0 { num / den } else { 0.0 }
    }
}
