//! Firm phases, each a parallel pass over blocks of firms of one zone:
//! production and pricing (phase 2), innovation (phase 3), labour demand
//! (phase 4, firm side) and the firm's decisions of phase 5 (taxes, profit,
//! investment, exit, exporting, overseas bases, relocation).

use rayon::prelude::*;

use crate::model::Lever;
use crate::model::firms::{Firms, FirmsMut, NO_ZONE, flag};
use crate::scenario::Tier;

use super::rng::{Phase, normal, round_random, uniform};
use super::{Block, SectorEnv, Simulation};

/// Zone totals a firm phase reports back, summed over its blocks in order.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct BlockSums {
    pub pollution: f64,
    pub rd_claims: f64,
    pub upgrade_claims: f64,
    pub upgrade_base: f64,
    pub innovations: f64,
    pub taxes: f64,
    pub penalties: f64,
    pub grants: f64,
    pub growth_eligible: f64,
    pub overseas_grants: f64,
    pub overseas_eligible: f64,
    pub fdi: f64,
    pub exits: f64,
    pub relocations: f64,
}

impl BlockSums {
    fn add(&mut self, o: &BlockSums) {
        self.pollution += o.pollution;
        self.rd_claims += o.rd_claims;
        self.upgrade_claims += o.upgrade_claims;
        self.upgrade_base += o.upgrade_base;
        self.innovations += o.innovations;
        self.taxes += o.taxes;
        self.penalties += o.penalties;
        self.grants += o.grants;
        self.growth_eligible += o.growth_eligible;
        self.overseas_grants += o.overseas_grants;
        self.overseas_eligible += o.overseas_eligible;
        self.fdi += o.fdi;
        self.exits += o.exits;
        self.relocations += o.relocations;
    }
}

/// Runs `f(block index, zone, firms of the block)` on every block in
/// parallel and sums the results per zone, in block order.
pub(super) fn per_block<F>(firms: &mut Firms, blocks: &[Block], n_z: usize, f: F) -> Vec<BlockSums>
where
    F: Fn(usize, usize, &mut FirmsMut<'_>) -> BlockSums + Sync,
{
    let lens: Vec<usize> = blocks.iter().map(|b| (b.end - b.start) as usize).collect();
    let mut views = firms.split_mut(&lens);
    let sums: Vec<BlockSums> = views
        .par_iter_mut()
        .enumerate()
        .map(|(bi, v)| f(bi, blocks[bi].zone as usize, v))
        .collect();
    let mut per_zone = vec![BlockSums::default(); n_z];
    for (bi, s) in sums.iter().enumerate() {
        per_zone[blocks[bi].zone as usize].add(s);
    }
    per_zone
}

impl Simulation<'_> {
    /// Phase 2: output, revenue, costs and operating profit of every firm.
    pub(crate) fn production(&mut self, _s: u32) {
        let sc = self.sc;
        let b = &sc.behaviour;
        let env = &self.env;
        let n_s = sc.sectors.len();
        let policy: Vec<(f64, f64)> = self.zones.iter().map(|z| (z.policy.rd_rate, z.policy.sourcing)).collect();
        let wages: Vec<[f64; 3]> = self.zones.iter().map(|z| z.wages).collect();
        let eff = b.skill_efficiency.to_array();
        let rho = b.demand_elasticity;
        // ln of the share of demand served from home, without and with an overseas base.
        let ln_kept = [0.0, (1.0 - b.overseas_share).ln()];
        let sums = per_block(&mut self.firms, &self.blocks, sc.zones.len(), |_, z, f| {
            let mut out = BlockSums::default();
            let (rd_rate, sourcing) = policy[z];
            for i in 0..f.zone.len() {
                let si = f.sector[i] as usize;
                let sec = &sc.sectors[si];
                let e = &env[z * n_s + si];
                // Local sourcing moves toward what local supply allows.
                let local = f64::from(f.local_share[i]);
                // Matchmaking speeds up the switch to local suppliers, not away from them.
                let speed = (b.sourcing_speed * if e.target_local > local { sourcing } else { 1.0 }).min(1.0);
                let local = (local + speed * (e.target_local - local)).clamp(0.0, 1.0);
                f.local_share[i] = local as f32;

                let labour: f64 = (0..3).map(|k| f64::from(f.emp[i][k]) * eff[k]).sum();
                let capital = f64::from(f.capital[i]);
                let exporter = f.flags[i] & flag::EXPORTER != 0;
                let overseas = if f.flags[i] & flag::OVERSEAS != 0 { b.overseas_share } else { 0.0 };
                let access = e.access_dom + if exporter { e.access_exp } else { 0.0 };
                let alpha = sec.capital_share;
                // revenue = D e^d A (1-o) (e^a g K^α L^(1-α))^ρ, in logs.
                let revenue = if labour > 0.0 && capital > 0.0 {
                    let ln_q = f64::from(f.prod[i]) + e.ln_agglo + alpha * capital.ln() + (1.0 - alpha) * labour.ln();
                    (e.ln_demand(exporter) + f64::from(f.demand[i]) + ln_kept[usize::from(overseas > 0.0)] + rho * ln_q).exp()
                } else {
                    0.0
                };
                let linked = e.linked * revenue;
                let linked_cost = linked * (local + (1.0 - local) * (1.0 + e.import_cost));
                let other_inputs = (sec.intermediate_share - e.linked + e.coordination) * revenue;
                let value_added = revenue - linked_cost - other_inputs;
                let wage_bill: f64 = (0..3).map(|k| f64::from(f.emp[i][k]) * wages[z][k]).sum();
                let transaction = e.transaction_cost * revenue + e.fixed_cost;
                let rent = e.land_rent * sec.land_intensity * capital;
                let depreciation = b.depreciation * capital;
                let rd = e.rd_share * revenue;
                let overseas_sales = if overseas > 0.0 {
                    revenue / (1.0 - overseas) * overseas * (1.0 + b.overseas_premium)
                } else {
                    0.0
                };
                let exports = if exporter && access > 0.0 {
                    revenue * e.access_exp / access
                } else {
                    0.0
                };
                let pollution = sec.pollution_intensity * f64::from(f.clean[i]) * revenue;
                let op_profit = value_added - wage_bill - transaction - rent - depreciation - rd + b.overseas_margin * overseas_sales;

                f.revenue[i] = revenue as f32;
                f.value_added[i] = value_added as f32;
                f.op_profit[i] = op_profit as f32;
                f.exports[i] = exports as f32;
                f.overseas_sales[i] = overseas_sales as f32;
                f.rd[i] = rd as f32;
                f.rd_claim[i] = (rd_rate * rd) as f32;
                f.linked[i] = linked as f32;
                f.local[i] = (linked * local) as f32;
                f.pollution[i] = pollution as f32;
                out.pollution += pollution;
                out.rd_claims += f64::from(f.rd_claim[i]);
                if high_growth(f.flags[i], f.growth[i], b.gazelle_growth) {
                    out.growth_eligible += 1.0;
                }
            }
            out
        });
        for (zi, s) in sums.iter().enumerate() {
            self.zone_pollution[zi] = s.pollution;
            let z = &mut self.zones[zi];
            let eta = z.efficiency.max(1e-9);
            let p = &mut z.policy;
            let envelope = |lever: Lever| p.planned[lever.index()] * p.scale;
            // Pay R&D claims up to the envelope; recipients get efficiency x spending.
            let rd_env = envelope(Lever::RdSubsidy);
            p.rd_paid_share = if s.rd_claims > 0.0 {
                (rd_env * eta / s.rd_claims).min(1.0)
            } else {
                0.0
            };
            z.flows.spend[Lever::RdSubsidy.index()] = s.rd_claims * p.rd_paid_share / eta;
            let hg_env = envelope(Lever::HighGrowthSupport);
            let cap = sc.zones[zi].levers.high_growth_support.grant;
            p.growth_grant = if s.growth_eligible > 0.0 {
                (hg_env * eta / s.growth_eligible).min(cap)
            } else {
                0.0
            };
            z.flows.spend[Lever::HighGrowthSupport.index()] = s.growth_eligible * p.growth_grant / eta;
            z.prev_claims.growth_eligible = s.growth_eligible;
        }
    }

    /// Phase 3: R&D, innovation, imitation, productivity and demand shocks,
    /// and upgrading of traditional firms.
    pub(crate) fn innovation(&mut self, s: u32) {
        let sc = self.sc;
        let b = &sc.behaviour;
        let env = &self.env;
        let n_s = sc.sectors.len();
        let streams = &self.streams;
        // Extra upgrade pressure where pollution is above the cap.
        let zone_info: Vec<(f64, f64, f64, f64)> = self
            .zones
            .iter()
            .enumerate()
            .map(|(zi, z)| {
                let p = &z.policy;
                let green = if p.pollution_cap > 0.0 && self.zone_pollution[zi] > p.pollution_cap {
                    0.02 * (self.zone_pollution[zi] / p.pollution_cap - 1.0).min(1.0) * p.enforcement
                } else {
                    0.0
                };
                (p.upgrade_extra, p.upgrade_cost_share, green, z.efficiency)
            })
            .collect();
        let eff = b.skill_efficiency.to_array();
        let agents = streams.agents(s, Phase::Innovation);
        // The customer-relationship terms depend on the head count alone:
        // computed once for the head counts of nearly all firms.
        let relationships: Vec<Relationships> = (0..RELATIONSHIP_TABLE).map(|n| Relationships::new(n, b)).collect();
        // The talent term of the hazard, (share of high-end workers + 0.005)
        // / (the sector's + 0.005), raised to the talent effect.
        let talent_term = |high_share: f64, mix: f64| (b.talent_innovation_effect * ((high_share + 0.005) / (mix + 0.005)).ln()).exp();
        // Its value by sector for firms without high-end workers (about
        // half of province-large's), the same expression on the same
        // numbers, so the same bits.
        let talent_none: Vec<f64> = sc.sectors.iter().map(|sec| talent_term(0.0, sec.skill_mix[2])).collect();
        let sums = per_block(&mut self.firms, &self.blocks, sc.zones.len(), |_, z, f| {
            let mut out = BlockSums::default();
            let (extra, cost_share, green, _) = zone_info[z];
            for i in 0..f.zone.len() {
                let mut rng = agents.agent(u64::from(f.id[i]));
                let si = f.sector[i] as usize;
                let sec = &sc.sectors[si];
                let e = &env[z * n_s + si];
                let revenue = f64::from(f.revenue[i]);
                let rd = f64::from(f.rd[i]);
                let knowledge = (1.0 - b.knowledge_depreciation) * f64::from(f.knowledge[i]) + rd;
                f.knowledge[i] = knowledge as f32;
                let norm = revenue * sec.rd_propensity / b.knowledge_depreciation;
                let ratio = if norm > 0.0 { knowledge / norm } else { 0.0 };
                let n: u32 = f.emp[i].iter().sum();
                let talent = if f.emp[i][2] == 0 {
                    talent_none[si]
                } else {
                    talent_term(f64::from(f.emp[i][2]) / f64::from(n), sec.skill_mix[2])
                };
                let hazard = (e.hazard * ratio.sqrt() * talent).min(3.0);
                let mut a = f64::from(f.prod[i]);
                if revenue > 0.0 && uniform(&mut rng) < 1.0 - (-hazard).exp() {
                    a += -b.innovation_step * (1.0 - uniform(&mut rng)).ln();
                    out.innovations += 1.0;
                }
                a += e.imitation * (e.frontier - a).max(0.0);
                a += b.productivity_noise * normal(&mut rng);
                // Customer relationships come and go: a firm of n employees has
                // m = 1 + n / relationship_size of them, each lost or matched by a
                // new one at `relationship_turnover` a quarter; one relationship
                // is 1/m of the firm's demand. Small firms' demand moves in rare
                // large jumps, large firms' in many small ones.
                let r = match relationships.get(n as usize) {
                    Some(r) => r,
                    None => &Relationships::new(n, b),
                };
                let events = r.events.sample(&mut rng) as f64 - r.events.sample(&mut rng) as f64;
                f.demand[i] = (f64::from(f.demand[i]) + r.jump * events - r.drift) as f32;

                f.upgrade_claim[i] = 0.0;
                f.upgrade_spend[i] = 0.0;
                if sec.tier == Tier::Traditional {
                    let capital = f64::from(f.capital[i]);
                    out.upgrade_base += capital;
                    let u = uniform(&mut rng);
                    if u < b.upgrade_rate + green + extra {
                        a += b.upgrade_gain;
                        f.clean[i] *= b.upgrade_pollution_factor as f32;
                        let cost = b.upgrade_cost * capital;
                        f.capital[i] = (capital + cost) as f32;
                        // Upgrades beyond the unsubsidised rate are the subsidised ones.
                        let subsidised = u >= b.upgrade_rate + green;
                        let claim = if subsidised { cost_share * cost } else { 0.0 };
                        f.upgrade_claim[i] = claim as f32;
                        // The upgrade is investment: capitalised, paid out of the
                        // quarter's investment budget (see `decisions`).
                        f.upgrade_spend[i] = cost as f32;
                        out.upgrade_claims += claim;
                        if let Some(to) = sec.upgrade_to
                            && uniform(&mut rng) < b.upgrade_switch_share
                        {
                            switch_sector(
                                f,
                                i,
                                &env[z * n_s + si],
                                &env[z * n_s + to],
                                sec,
                                &sc.sectors[to],
                                a,
                                b.demand_elasticity,
                                &eff,
                            );
                            f.sector[i] = to as u8;
                        }
                    }
                }
                f.prod[i] = a as f32;
            }
            out
        });
        for (zi, s) in sums.iter().enumerate() {
            let z = &mut self.zones[zi];
            z.flows.innovations = s.innovations;
            z.prev_claims.upgrade_base = s.upgrade_base;
            let eta = z.efficiency.max(1e-9);
            let p = &mut z.policy;
            let envelope = p.planned[Lever::UpgradeSubsidy.index()] * p.scale;
            p.upgrade_paid_share = if s.upgrade_claims > 0.0 {
                (envelope * eta / s.upgrade_claims).min(1.0)
            } else {
                0.0
            };
            z.flows.spend[Lever::UpgradeSubsidy.index()] = s.upgrade_claims * p.upgrade_paid_share / eta;
        }
    }

    /// Phase 4, firm side: desired employment by skill, vacancies and layoffs.
    pub(crate) fn labour_demand(&mut self, s: u32) {
        let sc = self.sc;
        let b = &sc.behaviour;
        let env = &self.env;
        let n_s = sc.sectors.len();
        let streams = &self.streams;
        let eff = b.skill_efficiency.to_array();
        let rho = b.demand_elasticity;
        let agents = streams.agents(s, Phase::LabourDemand);
        per_block(&mut self.firms, &self.blocks, sc.zones.len(), |_, z, f| {
            for i in 0..f.zone.len() {
                let mut rng = agents.agent(u64::from(f.id[i]));
                let si = f.sector[i] as usize;
                let sec = &sc.sectors[si];
                let e = &env[z * n_s + si];
                let desired = desired_labour(e, sec.capital_share, rho, b.overseas_share, f, i);
                let per_unit: f64 = (0..3).map(|k| sec.skill_mix[k] * eff[k]).sum();
                for k in 0..3 {
                    let want = desired * sec.skill_mix[k] / per_unit;
                    let have = f64::from(f.emp[i][k]);
                    // Firms replace the quits and retirements they expect at
                    // once and close a share of any remaining gap.
                    let replace = (b.quit_rate + b.retirement_rate) * have.min(want);
                    if want > have {
                        let v = replace + b.hiring_speed * (want - have);
                        f.vacancies[i][k] = round_random(v, &mut rng).min(u64::from(u32::MAX / 2)) as u32;
                        f.layoff[i][k] = 0.0;
                    } else {
                        f.vacancies[i][k] = round_random(replace, &mut rng) as u32;
                        f.layoff[i][k] = if have > 0.0 {
                            (b.firing_speed * (have - want) / have) as f32
                        } else {
                            0.0
                        };
                    }
                }
            }
            BlockSums::default()
        });
    }

    /// Phase 5, firm side: subsidies, penalties, taxes and profit; then
    /// investment, exit, export status, overseas bases, relocation and the
    /// firm's statuses at the turn of a year.
    pub(crate) fn decisions(&mut self, s: u32) {
        let sc = self.sc;
        let b = &sc.behaviour;
        let env = &self.env;
        let n_s = sc.sectors.len();
        let n_z = sc.zones.len();
        let streams = &self.streams;
        let year_end = s.is_multiple_of(4);
        let rho = b.demand_elasticity;
        let zone_pollution = &self.zone_pollution;
        let distance = &self.distance;
        let zones = &self.zones;
        let land_full: Vec<bool> = sc
            .zones
            .iter()
            .enumerate()
            .map(|(zi, z)| self.agg.land_used[zi] >= z.land)
            .collect();
        // Where a firm of each zone looks when it considers moving.
        let kernels: Vec<Vec<f64>> = (0..n_z)
            .map(|from| {
                (0..n_z)
                    .map(|to| {
                        if to == from {
                            return 0.0;
                        }
                        let boost = sc
                            .cooperation
                            .iter()
                            .filter(|c| c.active(s) && c.home == from && c.host == to)
                            .map(|c| c.boost(s))
                            .fold(1.0, f64::max);
                        boost / (1.0 + distance[from * n_z + to])
                    })
                    .collect()
            })
            .collect();
        let coop_pair = |from: usize, to: usize| sc.cooperation.iter().any(|c| c.active(s) && c.home == from && c.host == to);
        let r_q = sc.economy.interest_rate_per_year / 4.0;
        let agents = streams.agents(s, Phase::Decisions);
        let sums = per_block(&mut self.firms, &self.blocks, sc.zones.len(), |_, z, f| {
            let mut out = BlockSums::default();
            let p = &zones[z].policy;
            // Polluters pay on the zone's pollution above the cap, each in
            // proportion to its own pollution.
            let excess = if p.pollution_cap > 0.0 && zone_pollution[z] > p.pollution_cap {
                (1.0 - p.pollution_cap / zone_pollution[z]) * p.enforcement
            } else {
                0.0
            };
            for i in 0..f.zone.len() {
                let mut rng = agents.agent(u64::from(f.id[i]));
                let si = f.sector[i] as usize;
                let sec = &sc.sectors[si];
                let e = &env[z * n_s + si];
                let revenue = f64::from(f.revenue[i]);
                let capital = f64::from(f.capital[i]);
                let age = f.age[i];

                // Grants to high-growth firms (eligibility as counted in
                // production): half to capital, half to R&D knowledge.
                let grant = if p.growth_grant > 0.0 && high_growth(f.flags[i], f.growth[i], b.gazelle_growth) {
                    p.growth_grant
                } else {
                    0.0
                };
                f.knowledge[i] += (0.5 * grant) as f32;

                // Statuses at the turn of a year (growth of the year just ended).
                if year_end {
                    let year = f64::from(f.rev_year[i]) + revenue;
                    let last = f64::from(f.rev_last_year[i]);
                    let growth = if last > 0.0 && age >= 8 { year / last - 1.0 } else { 0.0 };
                    f.growth[i] = growth as f32;
                    f.gazelle_streak[i] = if growth >= b.gazelle_growth {
                        f.gazelle_streak[i].saturating_add(1)
                    } else {
                        0
                    };
                    f.rev_last_year[i] = year as f32;
                    f.rev_year[i] = 0.0;
                    let tier_factor = match sec.tier {
                        Tier::Traditional => 0.3,
                        Tier::Services => 0.8,
                        Tier::Emerging => 1.2,
                        Tier::Future => 2.5,
                    };
                    let valuation = b.valuation_multiple * tier_factor * (1.0 + 5.0 * growth.max(0.0)) * year;
                    set_flag(&mut f.flags[i], flag::GAZELLE, u32::from(f.gazelle_streak[i]) >= b.gazelle_years);
                    set_flag(
                        &mut f.flags[i],
                        flag::UNICORN,
                        valuation >= b.unicorn_valuation && f64::from(age) <= b.unicorn_max_age_years * 4.0,
                    );
                } else {
                    f.rev_year[i] += revenue as f32;
                }

                let penalty = p.penalty * f64::from(f.pollution[i]) * excess;
                let subsidies = f64::from(f.rd_claim[i]) * p.rd_paid_share + f64::from(f.upgrade_claim[i]) * p.upgrade_paid_share;
                let pre_tax = f64::from(f.op_profit[i]) - b.turnover_tax * revenue - penalty + subsidies;
                let high_tech = matches!(sec.tier, Tier::Emerging | Tier::Future) && e.rd_share >= 0.03;
                let cit = if high_tech { b.high_tech_profit_tax } else { b.profit_tax } * pre_tax.max(0.0);
                let taxes = b.turnover_tax * revenue + cit;
                let profit = pre_tax - cit;
                f.taxes[i] = taxes as f32;
                f.profit[i] = profit as f32;
                out.taxes += taxes;
                out.penalties += penalty;
                f.loss_streak[i] = if profit < 0.0 { f.loss_streak[i].saturating_add(1) } else { 0 };

                // Exit.
                let streak = u32::from(f.loss_streak[i]);
                let q = b.exit_loss_quarters;
                let n: u32 = f.emp[i].iter().sum();
                let u = uniform(&mut rng);
                let exit = u < b.exit_hazard
                    || streak >= 2 * q
                    || (streak >= q && uniform(&mut rng) < 0.25)
                    || (n == 0 && age >= 4 && f.vacancies[i].iter().all(|v| *v == 0));
                if exit {
                    f.flags[i] |= flag::EXIT;
                    out.exits += 1.0;
                    f.move_to[i] = NO_ZONE;
                    f.age[i] = age.saturating_add(1);
                    continue;
                }

                // Investment toward the capital that maximises profit.
                let local = f64::from(f.local_share[i]);
                let nu = e.margin(local);
                let alpha = sec.capital_share;
                let uc = r_q + b.depreciation + sec.land_intensity * e.land_rent;
                let target = if nu > 0.0 { nu * alpha * rho * revenue / uc } else { 0.0 };
                let dep = b.depreciation * capital;
                let mut invest = (dep + b.investment_speed * (target - capital)).max(0.0);
                // An upgrade this quarter already used part of the budget.
                let own_upgrade = f64::from(f.upgrade_spend[i]) - f64::from(f.upgrade_claim[i]) * p.upgrade_paid_share;
                invest = invest.min((b.leverage * (profit + dep).max(0.0) - own_upgrade).max(0.0));
                if land_full[z] {
                    invest = invest.min(dep);
                }
                let new_capital = (capital - dep + invest + 0.5 * grant).max(0.0);
                f.capital[i] = new_capital as f32;
                if f.owner[i] == crate::model::firms::owner::FOREIGN {
                    out.fdi += (invest - dep).max(0.0);
                }

                // Exporting pays when its profit covers the fixed cost.
                if sec.export_share > 0.0 && revenue > 0.0 {
                    let access = e.access_dom + if f.flags[i] & flag::EXPORTER != 0 { e.access_exp } else { 0.0 };
                    let export_revenue = revenue / access * e.access_exp;
                    let export_profit = (1.0 - rho) * nu.max(0.0) * export_revenue;
                    if f.flags[i] & flag::EXPORTER == 0 && export_profit > b.export_fixed_cost {
                        f.flags[i] |= flag::EXPORTER;
                    } else if f.flags[i] & flag::EXPORTER != 0 && export_profit < 0.5 * b.export_fixed_cost {
                        f.flags[i] &= !flag::EXPORTER;
                    }
                }

                // Overseas bases: large, productive exporters.
                if f.flags[i] & (flag::EXPORTER | flag::OVERSEAS) == flag::EXPORTER
                    && revenue >= 100.0
                    && f64::from(f.prod[i]) >= e.frontier - 0.5
                {
                    out.overseas_eligible += 1.0;
                    let u = uniform(&mut rng);
                    if u < b.overseas_rate + p.overseas_extra {
                        f.flags[i] |= flag::OVERSEAS;
                        if u >= b.overseas_rate && p.overseas_grant > 0.0 {
                            f.flags[i] |= flag::GRANT;
                            out.overseas_grants += 1.0;
                        }
                    }
                }

                // Relocation: compare with one other zone.
                f.move_to[i] = NO_ZONE;
                // Firms that came from the coast are footloose: they look twice as often.
                let footloose = if f.owner[i] == crate::model::firms::owner::COASTAL {
                    2.0
                } else {
                    1.0
                };
                if n_z > 1 && uniform(&mut rng) < footloose * b.relocation_rate {
                    let weights = &kernels[z];
                    if let Some(to) = super::rng::weighted_index(weights, &mut rng) {
                        // A zone with no free land takes no one.
                        let gain = if land_full[to] {
                            f64::NEG_INFINITY
                        } else {
                            env[to * n_s + si].profit_index - e.profit_index
                        };
                        let threshold = if coop_pair(z, to) { 0.5 } else { 1.0 } * b.relocation_threshold;
                        if gain > threshold {
                            f.move_to[i] = to as u16;
                            out.relocations += 1.0;
                        }
                    }
                }
                f.age[i] = age.saturating_add(1);
            }
            out
        });
        let mut overseas_paid = vec![0.0; n_z];
        for (zi, s) in sums.iter().enumerate() {
            let z = &mut self.zones[zi];
            let eta = z.efficiency.max(1e-9);
            let p = &z.policy;
            z.flows.taxes_kept = s.taxes * sc.zones[zi].government.tax_retention;
            z.flows.penalties = s.penalties;
            z.flows.fdi_inflow += s.fdi;
            z.flows.exits = s.exits;
            z.flows.relocations_out = s.relocations;
            // Overseas grants within the envelope, shared by this step's openings.
            let envelope = p.planned[Lever::OverseasBases.index()] * p.scale;
            if s.overseas_grants > 0.0 {
                overseas_paid[zi] = (envelope * eta / s.overseas_grants).min(p.overseas_grant);
            }
            z.flows.spend[Lever::OverseasBases.index()] = s.overseas_grants * overseas_paid[zi] / eta;
            z.prev_claims.rd = s.rd_claims;
            z.prev_claims.overseas_eligible = s.overseas_eligible;
            z.policy.rd_received = p.rd_rate * p.rd_paid_share;
        }
        if overseas_paid.iter().any(|x| *x > 0.0) {
            for i in 0..self.firms.len() {
                if self.firms.flags[i] & flag::GRANT != 0 {
                    self.firms.flags[i] &= !flag::GRANT;
                    self.firms.capital[i] += overseas_paid[self.firms.zone[i] as usize] as f32;
                }
            }
        }
        self.share_coop_taxes(s);
    }

    /// Moves the cooperation share of relocated firms' kept taxes from host to home.
    fn share_coop_taxes(&mut self, s: u32) {
        let sc = self.sc;
        if sc.cooperation.is_empty() {
            for z in &mut self.zones {
                z.flows.transfers_out = 0.0;
            }
            return;
        }
        let n_z = sc.zones.len();
        let mut owed = vec![0.0; n_z * n_z];
        for i in 0..self.firms.len() {
            let home = self.firms.home[i];
            if home == NO_ZONE || self.firms.flags[i] & flag::EXIT != 0 {
                continue;
            }
            let host = self.firms.zone[i] as usize;
            if let Some(c) = sc
                .cooperation
                .iter()
                .find(|c| c.active(s) && c.home == home as usize && c.host == host)
            {
                let kept = f64::from(self.firms.taxes[i]) * sc.zones[host].government.tax_retention;
                owed[host * n_z + home as usize] += c.revenue_share * kept;
            }
        }
        for z in &mut self.zones {
            z.flows.transfers_out = 0.0;
            z.flows.transfers_in = 0.0;
        }
        for host in 0..n_z {
            for home in 0..n_z {
                let x = owed[host * n_z + home];
                if x > 0.0 {
                    self.zones[host].flows.transfers_out += x;
                    self.zones[home].flows.transfers_in += x;
                }
            }
        }
    }
}

fn set_flag(flags: &mut u8, f: u8, on: bool) {
    if on {
        *flags |= f;
    } else {
        *flags &= !f;
    }
}

/// Effective labour that maximises profit given the firm's capital,
/// productivity and demand: L* = (ν β C / w̄)^(1/(1-β)), with revenue C L^β.
fn desired_labour(e: &SectorEnv, alpha: f64, rho: f64, overseas_share: f64, f: &FirmsMut<'_>, i: usize) -> f64 {
    let nu = e.margin(f64::from(f.local_share[i]));
    let capital = f64::from(f.capital[i]);
    if nu <= 0.0 || capital <= 0.0 {
        return 0.0;
    }
    let exporter = f.flags[i] & flag::EXPORTER != 0;
    let overseas = f.flags[i] & flag::OVERSEAS != 0;
    // ln C = ln(D e^d A (1-o)) + ρ (a + ln g + α ln K), all in logs (one exp a firm).
    let ln_c = e.ln_demand(exporter)
        + f64::from(f.demand[i])
        + if overseas { (1.0 - overseas_share).ln() } else { 0.0 }
        + rho * (f64::from(f.prod[i]) + e.ln_agglo + alpha * capital.ln());
    let beta = rho * (1.0 - alpha);
    ((((nu * beta) / e.wbar).ln() + ln_c) / (1.0 - beta)).exp()
}

/// Moves firm `i` from sector `old` to sector `new` (an upgrade), keeping
/// its revenue at current inputs: the customer base is re-based on the new
/// sector's demand, market access, local premium, agglomeration and capital
/// share, and local sourcing starts at what the new sector's local supply allows.
#[allow(clippy::too_many_arguments)]
fn switch_sector(
    f: &mut FirmsMut<'_>,
    i: usize,
    e_old: &SectorEnv,
    e_new: &SectorEnv,
    old: &crate::scenario::Sector,
    new: &crate::scenario::Sector,
    a: f64,
    rho: f64,
    eff: &[f64; 3],
) {
    let labour: f64 = (0..3).map(|k| f64::from(f.emp[i][k]) * eff[k]).sum();
    let capital = f64::from(f.capital[i]);
    let exporter_old = f.flags[i] & flag::EXPORTER != 0;
    let exporter_new = exporter_old && new.export_share > 0.0;
    if !exporter_new {
        f.flags[i] &= !flag::EXPORTER;
    }
    if labour > 0.0 && capital > 0.0 {
        let base = |e: &SectorEnv, alpha: f64, exporter: bool| {
            let access = e.access_dom + if exporter { e.access_exp } else { 0.0 };
            e.demand * access * e.premium * (a.exp() * e.agglo * capital.powf(alpha) * labour.powf(1.0 - alpha)).powf(rho)
        };
        let ratio = base(e_old, old.capital_share, exporter_old) / base(e_new, new.capital_share, exporter_new);
        if ratio.is_finite() && ratio > 0.0 {
            f.demand[i] += ratio.ln() as f32;
        }
    }
    f.local_share[i] = e_new.target_local as f32;
}

/// Head counts below this take their [`Relationships`] from a table
/// (99.9 % of firms on province-large).
const RELATIONSHIP_TABLE: u32 = 1024;

/// The customer-relationship terms of a firm of n employees (the model is
/// described where `innovation` uses them).
struct Relationships {
    /// Gains and losses a quarter, each Poisson with mean turnover x m.
    events: SmallPoisson,
    /// The change in log demand of one gain or loss.
    jump: f64,
    /// The drift that keeps expected demand (not log demand) unchanged.
    drift: f64,
}

impl Relationships {
    fn new(n: u32, b: &crate::scenario::Behaviour) -> Relationships {
        let m = 1.0 + f64::from(n) / b.relationship_size;
        let lambda = b.relationship_turnover * m;
        let jump = b.firm_demand_volatility / (2.0 * b.relationship_turnover).sqrt() / m;
        Relationships {
            events: SmallPoisson::new(lambda),
            jump,
            drift: 2.0 * lambda * (jump.cosh() - 1.0),
        }
    }
}

/// Poisson draws by inversion, fast for the small means of relationship
/// events; e^-mean is computed once for the gains and the losses.
struct SmallPoisson {
    mean: f64,
    limit: f64,
}

impl SmallPoisson {
    fn new(mean: f64) -> SmallPoisson {
        SmallPoisson {
            mean,
            limit: (-mean).exp(),
        }
    }

    fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> u32 {
        if self.mean > 30.0 {
            return super::rng::poisson(self.mean, rng) as u32;
        }
        let mut p = uniform(rng);
        let mut k = 0;
        while p > self.limit {
            p *= uniform(rng);
            k += 1;
        }
        k
    }
}

/// Gazelles, unicorns and firms that grew at gazelle speed last year.
fn high_growth(flags: u8, growth: f32, threshold: f64) -> bool {
    flags & (flag::GAZELLE | flag::UNICORN) != 0 || f64::from(growth) >= threshold
}
