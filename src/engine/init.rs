//! Step 0: the initial population generated from the scenario's per-sector
//! counts and size/productivity distributions and each zone's workforce.
//!
//! Every firm starts at its own optimum: given its employees, productivity
//! and the zone's wages, its revenue satisfies the first-order condition for
//! labour, its capital the one for capital, and its customer base (demand
//! shifter) is whatever makes that revenue. Step 1 therefore starts from a
//! calm state, not a jump. The initial state never depends on policy levers,
//! so a variant that changes levers from step S is identical to its baseline
//! before S.

use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::model::firms::{ENTERED_OFFSET, FirmRow, Firms, NO_ZONE, UNEMPLOYED, Workers, flag, owner};
use crate::model::zone::{ZoneBase, ZoneState};
use crate::scenario::{Scenario, Tier};

use super::cohorts::Cohorts;
use super::firms::{BlockSums, per_block};
use super::rng::{Phase, Streams, normal, round_random, uniform};
use super::{Aggregates, Ledger, SectorEnv, Simulation, World};

pub(super) fn initial(sc: &Scenario, replicate: u32) -> Simulation<'_> {
    let streams = Streams::new(sc.simulation.seed, replicate);
    let n_z = sc.zones.len();
    let n_s = sc.sectors.len();
    let b = &sc.behaviour;

    // Firms, zone by zone, sector by sector, in file order. Each zone's
    // firms come from the zone's own stream, so zones are built in parallel
    // and joined in zone order; ids are positions after the join.
    let per_zone: Vec<Firms> = sc
        .zones
        .par_iter()
        .enumerate()
        .map(|(zi, zone)| {
            let mut firms = Firms::default();
            let mut rng = streams.get(0, Phase::Init, zi as u32);
            for (si, pop) in &zone.firms {
                let sec = &sc.sectors[*si];
                let ratio = (pop.size_min / pop.size_max).powf(pop.size_alpha);
                for _ in 0..pop.count {
                    let u = uniform(&mut rng);
                    let size = pop.size_min / (1.0 - u * (1.0 - ratio)).powf(1.0 / pop.size_alpha);
                    let mut emp = [0u32; 3];
                    for k in 0..3 {
                        emp[k] = round_random(size * sec.skill_mix[k], &mut rng) as u32;
                    }
                    let v = uniform(&mut rng);
                    let own = if v < pop.foreign_share {
                        owner::FOREIGN
                    } else if v < pop.foreign_share + pop.coastal_share {
                        owner::COASTAL
                    } else {
                        owner::DOMESTIC
                    };
                    let age = (-(pop.age_mean_years * 4.0) * (1.0 - uniform(&mut rng)).ln()).min(400.0) as u16;
                    firms.push(FirmRow {
                        zone: zi as u16,
                        sector: *si as u8,
                        owner: own,
                        age,
                        home: NO_ZONE,
                        emp,
                        prod: (pop.productivity_mean + pop.productivity_sd * normal(&mut rng)) as f32,
                        clean: 1.0,
                        move_to: NO_ZONE,
                        ..FirmRow::default()
                    });
                }
            }
            // Scale employment by skill to the workforce net of unemployment.
            let n = firms.len() as u32;
            for k in 0..3 {
                let target = (zone.workforce[k] * (1.0 - zone.unemployment)).round();
                let wanted: f64 = (0..n).map(|i| f64::from(firms.emp[i as usize][k])).sum();
                if wanted > 0.0 {
                    let c = target / wanted;
                    for i in 0..n {
                        let n = &mut firms.emp[i as usize][k];
                        *n = round_random(f64::from(*n) * c, &mut rng) as u32;
                    }
                }
                // Rounding may overshoot the workforce: trim from the largest firms.
                let mut have: u64 = (0..n).map(|i| u64::from(firms.emp[i as usize][k])).sum();
                let cap = zone.workforce[k].round() as u64;
                while have > cap {
                    let i = (0..n)
                        .max_by_key(|&i| (firms.emp[i as usize][k], std::cmp::Reverse(i)))
                        .expect("firms exist when employment does") as usize;
                    firms.emp[i][k] -= 1;
                    have -= 1;
                }
            }
            firms
        })
        .collect();
    let mut firms = Firms::default();
    let mut zone_ranges = Vec::with_capacity(n_z);
    for mut zone_firms in per_zone {
        let start = firms.len() as u32;
        firms.append(&mut zone_firms);
        zone_ranges.push((start, firms.len() as u32));
    }
    firms.id = (0..firms.len() as u32).collect();

    // Workers: the employees of every firm, then the unemployed, zone by zone.
    let mut workers = Workers::default();
    // Each zone's workers come from the zone's own stream, so zones are
    // built in parallel and joined in zone order.
    let per_zone: Vec<(Workers, [u64; 3])> = sc
        .zones
        .par_iter()
        .enumerate()
        .map(|(zi, zone)| {
            let mut rng = streams.get(0, Phase::InitWorkers, zi as u32);
            let mut workers = Workers::default();
            let (start, end) = zone_ranges[zi];
            let mut employed = [0u64; 3];
            for i in start..end {
                for k in 0..3 {
                    for _ in 0..firms.emp[i as usize][k] {
                        push_worker(&mut workers, k as u8, zi as u16, i, &mut rng);
                    }
                    employed[k] += u64::from(firms.emp[i as usize][k]);
                }
            }
            let mut residents = [0u64; 3];
            for k in 0..3 {
                let total = (zone.workforce[k].round() as u64).max(employed[k]);
                for _ in employed[k]..total {
                    push_worker(&mut workers, k as u8, zi as u16, UNEMPLOYED, &mut rng);
                }
                residents[k] = total;
            }
            (workers, residents)
        })
        .collect();
    let mut residents = Vec::with_capacity(n_z);
    for (w, r) in per_zone {
        workers.append(w);
        residents.push(r);
    }

    let zones: Vec<ZoneState> = sc
        .zones
        .iter()
        .map(|z| ZoneState {
            amenity: z.amenity,
            environment: z.environment,
            transaction_cost: z.transaction_cost,
            approval_delay: z.approval_delay,
            housing_cost: z.housing_cost,
            wages: z.wages,
            platforms: z.platforms,
            platform_progress: vec![0.0; z.levers.innovation_platforms.len()],
            efficiency: b.base_efficiency,
            budget: z.government.budget,
            last_revenue: 0.0,
            base: ZoneBase {
                transaction_cost: z.transaction_cost,
                approval_delay: z.approval_delay,
                amenity: z.amenity,
                environment: z.environment,
                housing_cost: z.housing_cost,
                ..ZoneBase::default()
            },
            ..ZoneState::default()
        })
        .collect();

    let mut distance = vec![0.0; n_z * n_z];
    for (i, a) in sc.zones.iter().enumerate() {
        for (j, c) in sc.zones.iter().enumerate() {
            let dx = a.location[0] - c.location[0];
            let dy = a.location[1] - c.location[1];
            distance[i * n_z + j] = (dx * dx + dy * dy).sqrt() / 100.0;
        }
    }

    let outside = sc.economy.outside_labour.to_array().map(|x| x.round() as u64);
    let in_zones: u64 = residents.iter().flatten().sum();
    let cohorts = Cohorts::count(&workers, n_z, 0);
    let mut sim = Simulation {
        sc,
        replicate,
        streams,
        step: 0,
        world: World {
            cycle: 0.0,
            log_demand: vec![0.0; n_s],
            log_market: vec![0.0; sc.markets.len()],
            outside,
            outside_wage: sc.economy.outside_wage.to_array(),
        },
        firms,
        workers,
        workers_spare: Workers::default(),
        free_slots: Vec::new(),
        zones,
        residents,
        ledger: Ledger {
            initial: in_zones + outside.iter().sum::<u64>(),
            entries: 0,
            retirements: 0,
        },
        agg: Aggregates::default(),
        env: vec![SectorEnv::default(); n_z * n_s],
        blocks: Vec::new(),
        zone_ranges,
        pending: Vec::new(),
        next_firm_id: 0,
        pools: vec![Vec::new(); n_z * 3],
        cohorts,
        firms_spare: Firms::default(),
        distance,
        tallies: Vec::new(),
        flow_tallies: vec![Default::default(); n_z],
        gdp_check: vec![0.0; n_z],
        zone_pollution: vec![0.0; n_z],
    };
    sim.next_firm_id = sim.firms.len() as u32;
    sim.rebuild_blocks();
    sim.calibrate_initial_firms();
    sim
}

fn push_worker(w: &mut Workers, skill: u8, zone: u16, employer: u32, rng: &mut ChaCha8Rng) {
    w.skill.push(skill);
    w.zone.push(zone);
    w.employer.push(employer);
    // Tenure at step 1's pass: exponential with a mean of 24 quarters.
    let tenure = (-24.0 * (1.0 - uniform(rng)).ln()).min(255.0) as u32;
    w.entered.push((1 + ENTERED_OFFSET - tenure) as u16);
}

impl Simulation<'_> {
    /// Policy as it is before any lever acts.
    fn neutral_policy(&mut self) {
        for (z, st) in self.sc.zones.iter().zip(self.zones.iter_mut()) {
            st.policy = crate::model::zone::Policy {
                scale: 1.0,
                trade_cost: z.trade_costs.clone(),
                import_cost: z.import_cost,
                leader_pull: 1.0,
                sourcing: 1.0,
                ..Default::default()
            };
        }
    }

    /// Revenue, capital and customer base of every firm at its optimum,
    /// iterated because local supply and clusters depend on revenues.
    fn calibrate_initial_firms(&mut self) {
        let sc = self.sc;
        let b = &sc.behaviour;
        let n_s = sc.sectors.len();
        let eff = b.skill_efficiency.to_array();
        let rho = b.demand_elasticity;
        self.neutral_policy();
        let n_z = sc.zones.len();
        // A first guess of revenue from employment, for the first aggregates.
        let zones = &self.zones;
        per_block(&mut self.firms, &self.blocks, n_z, |_, z, f| {
            for i in 0..f.zone.len() {
                let sec = &sc.sectors[f.sector[i] as usize];
                let labour: f64 = (0..3).map(|k| f64::from(f.emp[i][k]) * eff[k]).sum();
                let wbar = (0..3).map(|k| sec.skill_mix[k] * zones[z].wages[k]).sum::<f64>()
                    / (0..3).map(|k| sec.skill_mix[k] * eff[k]).sum::<f64>();
                f.revenue[i] = (wbar * labour / (0.3 * rho * (1.0 - sec.capital_share))) as f32;
            }
            BlockSums::default()
        });
        for _ in 0..4 {
            self.observe();
            self.build_env(0);
            let env = &self.env;
            per_block(&mut self.firms, &self.blocks, n_z, |_, z, f| {
                for i in 0..f.zone.len() {
                    let si = f.sector[i] as usize;
                    let sec = &sc.sectors[si];
                    let e = &env[z * n_s + si];
                    let alpha = sec.capital_share;
                    let beta = rho * (1.0 - alpha);
                    let labour: f64 = (0..3).map(|k| f64::from(f.emp[i][k]) * eff[k]).sum();
                    let local = e.target_local;
                    let nu = e.margin(local).max(0.05);
                    let revenue = e.wbar * labour / (nu * beta);
                    let capital = (nu * alpha * rho * revenue / e.uc).max(1e-3);
                    let exporter = f.flags[i] & flag::EXPORTER != 0;
                    let access = e.access_dom + if exporter { e.access_exp } else { 0.0 };
                    let q = f64::from(f.prod[i]).exp() * e.agglo * capital.powf(alpha) * labour.max(1e-9).powf(1.0 - alpha);
                    let demand = if labour > 0.0 {
                        (revenue / (e.demand * access * e.premium * q.powf(rho))).ln()
                    } else {
                        -5.0
                    };
                    f.local_share[i] = local as f32;
                    f.capital[i] = capital as f32;
                    f.demand[i] = demand as f32;
                    f.revenue[i] = revenue as f32;
                    f.linked[i] = (e.linked * revenue) as f32;
                    f.local[i] = (e.linked * revenue * local) as f32;
                }
                BlockSums::default()
            });
        }
        // Firms whose export profit covers the fixed cost export (the same
        // rule as in the steps); their customer base is re-solved so revenue
        // stays at the optimum.
        for i in 0..self.firms.len() {
            let si = self.firms.sector[i] as usize;
            let sec = &sc.sectors[si];
            if sec.export_share <= 0.0 {
                continue;
            }
            let e = &self.env[self.firms.zone[i] as usize * n_s + si];
            let revenue = f64::from(self.firms.revenue[i]);
            let export_profit = (1.0 - rho) * e.margin(e.target_local).max(0.0) * revenue / e.access_dom * e.access_exp;
            if export_profit > 0.75 * b.export_fixed_cost {
                self.firms.flags[i] |= flag::EXPORTER;
                let factor = (e.access_dom + e.access_exp) / e.access_dom;
                self.firms.demand[i] -= factor.ln() as f32;
            }
        }
        // Flows of step 0 from the same production rule the steps use.
        self.production(0);
        self.tally_flows();
        let mut rng = self.streams.get(0, Phase::Init, u32::MAX);
        for i in 0..self.firms.len() {
            let sec = &sc.sectors[self.firms.sector[i] as usize];
            let f = &mut self.firms;
            let revenue = f64::from(f.revenue[i]);
            f.knowledge[i] = (sec.rd_propensity * revenue / b.knowledge_depreciation) as f32;
            // A synthetic growth history so statuses exist from the start.
            let years = (f64::from(f.age[i]) / 4.0).floor() as usize;
            let mut streak = 0u8;
            let mut recent = 0.0;
            for y in 0..3 {
                let u = uniform(&mut rng) - 0.5;
                let g = 0.06 - 0.12 * u.signum() * (1.0 - 2.0 * u.abs()).max(1e-12).ln();
                if y == 0 {
                    recent = g;
                }
                if y < years && g >= b.gazelle_growth && streak as usize == y {
                    streak += 1;
                }
            }
            f.growth[i] = recent as f32;
            f.gazelle_streak[i] = streak;
            f.rev_last_year[i] = (4.0 * revenue) as f32;
            if u32::from(streak) >= b.gazelle_years {
                f.flags[i] |= flag::GAZELLE;
            }
            let tier_factor = match sec.tier {
                Tier::Traditional => 0.3,
                Tier::Services => 0.8,
                Tier::Emerging => 1.2,
                Tier::Future => 2.5,
            };
            let valuation = b.valuation_multiple * tier_factor * (1.0 + 5.0 * recent.max(0.0)) * 4.0 * revenue;
            if valuation >= b.unicorn_valuation && f64::from(f.age[i]) <= b.unicorn_max_age_years * 4.0 {
                f.flags[i] |= flag::UNICORN;
            }
        }
        self.observe();
        // Step-0 references.
        let mut overseas_eligible = vec![0.0; sc.zones.len()];
        for i in 0..self.firms.len() {
            let z = self.firms.zone[i] as usize;
            let e = &self.env[z * n_s + self.firms.sector[i] as usize];
            let f = &self.firms;
            if f.flags[i] & (flag::EXPORTER | flag::OVERSEAS) == flag::EXPORTER
                && f.revenue[i] >= 100.0
                && f64::from(f.prod[i]) >= e.frontier - 0.5
            {
                overseas_eligible[z] += 1.0;
            }
        }
        let mut step0_taxes = vec![0.0; sc.zones.len()];
        for i in 0..self.firms.len() {
            let revenue = f64::from(self.firms.revenue[i]);
            let pre_tax = f64::from(self.firms.op_profit[i]) - b.turnover_tax * revenue;
            step0_taxes[self.firms.zone[i] as usize] += b.turnover_tax * revenue + b.profit_tax * pre_tax.max(0.0);
        }
        for zi in 0..sc.zones.len() {
            let residents: f64 = self.residents[zi].iter().sum::<u64>() as f64;
            let pi = self.zone_profit_index(zi);
            let st = &mut self.zones[zi];
            st.base.residents = residents;
            st.prev_claims.overseas_eligible = overseas_eligible[zi];
            st.base.wage_bill = (0..3).map(|k| self.residents[zi][k] as f64 * st.wages[k]).sum();
            st.base.pollution = self.zone_pollution[zi];
            st.base.knowledge_per_worker = self.agg.knowledge[zi] / residents.max(1.0);
            st.base.profit_index = pi;
            // The budget rule of step 1 counts on step 0's revenue.
            st.last_revenue = step0_taxes[zi] * sc.zones[zi].government.tax_retention + sc.zones[zi].government.transfers;
            let (start, end) = self.zone_ranges[zi];
            st.prev_claims.upgrade_base = (start as usize..end as usize)
                .filter(|&i| sc.sectors[self.firms.sector[i] as usize].tier == Tier::Traditional)
                .map(|i| f64::from(self.firms.capital[i]))
                .sum();
        }
        // Year-on-year growth is undefined until step 4: there is no GDP
        // from before step 0.
        for st in &mut self.zones {
            st.gdp_history = [f64::NAN; 4];
        }
        self.observe();
        for st in &mut self.zones {
            st.productivity_history = [st.productivity_history[0]; 5];
        }
    }
}
