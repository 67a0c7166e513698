//! Phase 4, worker side: retirement, separations and migration (a parallel
//! pass over blocks of workers), arrivals of graduates and migrants, then
//! search and matching in per-(zone, skill) pools, and wages.

use std::sync::atomic::Ordering::Relaxed;

use rand::Rng;
use rayon::prelude::*;

use crate::model::Lever;
use crate::model::firms::{EMPTY, UNEMPLOYED, as_atomic, entered_at, tenure_at};

use super::cohorts::Cohorts;
use super::rng::{Phase, poisson, round_random, uniform};
use super::{Simulation, WORKER_BLOCK};

/// Counter slots per (zone, skill) in a worker block's output.
const RETIRED: usize = 0;
const LEFT: usize = 1;
const ARRIVED: usize = 2;
const TO_OUTSIDE: usize = 3;
const SLOTS: usize = 4;

struct WorkerBlock {
    counts: Vec<u32>,
    freed: Vec<u32>,
    /// Cohort slots that residents left and joined (see [`Cohorts::slot`]).
    cohort_out: Vec<u32>,
    cohort_in: Vec<u32>,
    /// The block's unemployed as (pool, worker) by skill, each list grouped
    /// by pool and in slot order within a pool, so a pool's workers are in
    /// slot order without a sort.
    unemployed: [Vec<(u32, u32)>; 3],
    /// Each pool's piece of those lists: (pool, skill, first, length).
    runs: Vec<(u32, u8, u32, u32)>,
}

/// Where workers of one (origin, skill, eligibility for the talent subsidy)
/// go when they consider moving: cumulative probabilities over zones (the
/// origin itself = stay) and, last, the outside.
pub(crate) struct Destinations {
    n_z: usize,
    cdf: Vec<f64>,
}

impl Destinations {
    fn row(&self, origin: usize, skill: usize, eligible: bool) -> &[f64] {
        let w = self.n_z + 1;
        let start = ((origin * 3 + skill) * 2 + usize::from(eligible)) * w;
        &self.cdf[start..start + w]
    }
}

/// Utility of living in each zone by skill, with and without the talent
/// subsidy (newcomers are eligible; residents only for the programme's
/// first years in the zone), and outside.
struct Utilities {
    with_subsidy: Vec<[f64; 3]>,
    without: Vec<[f64; 3]>,
    outside: [f64; 3],
}

impl Simulation<'_> {
    fn location_utilities(&self) -> Utilities {
        let sc = self.sc;
        let b = &sc.behaviour;
        let e = &sc.economy;
        let zone_utility = |zi: usize, subsidy: bool| {
            let z = &self.zones[zi];
            let mut v = [0.0; 3];
            for (k, vk) in v.iter_mut().enumerate() {
                let res = self.residents[zi][k] as f64;
                let employed = self.agg.employed[zi][k];
                let u = if res > 0.0 { (1.0 - employed / res).clamp(0.0, 1.0) } else { 0.0 };
                let income = z.wages[k] * (1.0 - u).max(0.02) + if subsidy { z.policy.talent_received[k] } else { 0.0 };
                *vk = b.migration_income_weight * income.ln()
                    + b.migration_amenity_weight * z.amenity.max(1e-6).ln()
                    + b.migration_environment_weight * z.environment
                    - b.migration_housing_weight * z.housing_cost.max(1e-6).ln();
            }
            v
        };
        let n_z = sc.zones.len();
        let mut outside = [0.0; 3];
        for (k, o) in outside.iter_mut().enumerate() {
            let income = self.world.outside_wage[k] * (1.0 - e.outside_unemployment);
            *o = b.migration_income_weight * income.ln()
                + b.migration_amenity_weight * e.outside_amenity.max(1e-6).ln()
                + b.migration_environment_weight * e.outside_environment
                - b.migration_housing_weight * e.outside_housing_cost.max(1e-6).ln()
                + b.outside_option_bonus;
        }
        Utilities {
            with_subsidy: (0..n_z).map(|zi| zone_utility(zi, true)).collect(),
            without: (0..n_z).map(|zi| zone_utility(zi, false)).collect(),
            outside,
        }
    }

    fn destinations(&self, u: &Utilities) -> Destinations {
        let b = &self.sc.behaviour;
        let n_z = u.with_subsidy.len();
        let mut cdf = Vec::with_capacity(n_z * 6 * (n_z + 1));
        for origin in 0..n_z {
            for k in 0..3 {
                for eligible in [false, true] {
                    let mut v: Vec<f64> = (0..n_z)
                        .map(|j| {
                            if j == origin {
                                if eligible { u.with_subsidy[j][k] } else { u.without[j][k] }
                            } else {
                                u.with_subsidy[j][k] - b.moving_cost - b.distance_cost_per_100km * self.distance[origin * n_z + j]
                            }
                        })
                        .collect();
                    v.push(u.outside[k] - b.moving_cost);
                    let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let weights: Vec<f64> = v.iter().map(|x| (x - max).exp()).collect();
                    let total: f64 = weights.iter().sum();
                    let mut acc = 0.0;
                    for w in weights {
                        acc += w / total;
                        cdf.push(acc);
                    }
                }
            }
        }
        Destinations { n_z, cdf }
    }

    /// Phase 4a: every worker may retire, leave their firm, or move.
    pub(crate) fn worker_moves(&mut self, s: u32) {
        let sc = self.sc;
        let b = &sc.behaviour;
        let n_z = sc.zones.len();
        let utilities = self.location_utilities();
        let dest = self.destinations(&utilities);
        let tenure_factor: Vec<f64> = (0..256).map(|t| 0.5 + 0.5 * (-(t as f64) / 20.0).exp()).collect();
        let mobility = b.mobility.to_array();
        let layoff = &self.firms.layoff;
        // Head counts by firm and skill (firm * 3 + skill); a departure
        // is subtracted where it happens.
        let emp = as_atomic(self.firms.emp.as_flattened_mut());
        let leave = |firm: u32, k: usize| {
            let before = emp[firm as usize * 3 + k].fetch_sub(1, Relaxed);
            debug_assert!(before > 0, "firm {firm} had no worker of skill {k} to lose");
        };
        // The draws are compared as integers: a uniform u = x / 2^32 is below
        // a probability p exactly when x < ceil(p * 2^32), so each test below
        // is the same as `u < p` and no draw is converted to a float unless
        // an event happens.
        let below = |p: f64| (p * 4_294_967_296.0).ceil().max(0.0) as u64;
        let t_retire = below(b.retirement_rate);
        // Retirement or quitting; a layoff adds the employer's rate to it.
        let retire_or_quit = b.retirement_rate + b.quit_rate;
        // A draw at or above the chance of leaving the firm with the highest
        // layoff rate is a draw that leaves no firm.
        let max_layoff = layoff.par_iter().map(|l| l[0].max(l[1]).max(l[2])).reduce(|| 0.0, f32::max);
        let t_layoff = below(retire_or_quit + f64::from(max_layoff));
        // Each (firm, skill)'s layoff rate rounded up to a level, 1/255 of
        // the highest rate, one byte each (3 MB for a million firms, where
        // the rates take 12); and by level, a threshold at or above every
        // draw that can leave such a firm (one level up, so rounding cannot
        // put it below). The first loop of the pass tests draws against
        // these, so only workers who may leave read their employer's rate.
        let level_scale = if max_layoff > 0.0 { 255.0 / f64::from(max_layoff) } else { 0.0 };
        let level: Vec<u8> = layoff
            .as_flattened()
            .par_iter()
            .map(|&l| (f64::from(l) * level_scale).ceil().min(255.0) as u8)
            .collect();
        let t_level: [u64; 256] = std::array::from_fn(|q| {
            if q < 255 {
                below(retire_or_quit + f64::from(max_layoff) * (q + 1) as f64 / 255.0).min(t_layoff)
            } else {
                t_layoff
            }
        });
        // Chance of considering a move, by (skill, employed, tenure).
        let t_move: Vec<u64> = (0..3)
            .flat_map(|k| [false, true].map(move |employed| (k, employed)))
            .flat_map(|(k, employed)| {
                let factor = if employed { 1.0 } else { b.unemployed_mobility_factor };
                tenure_factor.iter().map(move |tf| below(mobility[k] * factor * tf))
            })
            .collect();
        // The highest chance of a move of an employed worker by skill (it
        // falls with tenure); none for an empty slot (skill EMPTY & 3 = 3).
        let t_move_bound: [u64; 4] = std::array::from_fn(|k| {
            if k < 3 {
                t_move[(k * 2 + 1) * 256..][..256].iter().copied().max().unwrap_or(0)
            } else {
                0
            }
        });
        let agents = self.streams.agents(s, Phase::Workers);
        let talent_quarters: Vec<f64> = self.zones.iter().map(|z| z.policy.talent_quarters).collect();
        // Movers' tenure is 1 quarter after this pass, as for everyone who
        // came in the step before.
        let moved_in = entered_at(s);
        self.cohorts.begin_step(s);
        let w = &mut self.workers;
        let blocks: Vec<WorkerBlock> = w
            .par_blocks_mut(WORKER_BLOCK)
            .map(|(bi, block)| {
                let (skill, zone, employer, entered) = (block.skill, block.zone, block.employer, block.entered);
                let base = (bi * WORKER_BLOCK) as u32;
                let mut out = WorkerBlock {
                    counts: vec![0; n_z * 3 * SLOTS],
                    freed: Vec::new(),
                    cohort_out: Vec::new(),
                    cohort_in: Vec::new(),
                    unemployed: Default::default(),
                    runs: Vec::new(),
                };
                // First a loop without branches finds, by the bounds above,
                // the workers who are unemployed or whose draw may mean an
                // event (18 % of the slots in province-large's first 12
                // steps); then the full test for them alone, in slot order.
                // An employed worker who is not visited keeps job and zone.
                const { assert!(WORKER_BLOCK <= 1 << 16, "slots in a block fit in u16") };
                let mut visit = vec![0u16; skill.len()];
                let mut n_visit = 0;
                for j in 0..skill.len() {
                    let x = agents.agent(u64::from(base + j as u32)).next_u64();
                    let k = skill[j];
                    let e = employer[j];
                    // An empty slot's employer is UNEMPLOYED, so k < 3 below.
                    let at = if e != UNEMPLOYED { e as usize * 3 + usize::from(k) } else { 0 };
                    let leave = (x >> 32) < t_level[usize::from(level[at])];
                    let may = (e == UNEMPLOYED) | leave | ((x & 0xFFFF_FFFF) < t_move_bound[usize::from(k & 3)]);
                    debug_assert!(
                        may || k == EMPTY || (x >> 32) >= below(retire_or_quit + f64::from(layoff[e as usize][usize::from(k)])),
                        "a worker who may leave their firm was not visited"
                    );
                    debug_assert!(
                        may || k == EMPTY
                            || (x & 0xFFFF_FFFF) >= t_move[(usize::from(k) * 2 + 1) * 256 + tenure_at(entered[j], s) as usize],
                        "a worker who may move was not visited"
                    );
                    visit[n_visit] = j as u16;
                    n_visit += usize::from((k != EMPTY) & may);
                }
                for &j in &visit[..n_visit] {
                    let j = usize::from(j);
                    let k = skill[j] as usize;
                    let mut z = zone[j] as usize;
                    let e = employer[j];
                    let mut rng = agents.agent(u64::from(base + j as u32));
                    let r = rng.next_u64();
                    let (x1, x2) = (r >> 32, r & 0xFFFF_FFFF);
                    let u1 = x1 as f64 * (1.0 / 4_294_967_296.0);
                    // A visited employed worker reads a layoff rate, its
                    // employer's only where the draw could mean a layoff at
                    // the highest rate (a conditional move, not a branch).
                    let employed = e != UNEMPLOYED;
                    let read = if employed && x1 < t_layoff { e as usize } else { 0 };
                    let laid_off = employed && u1 < retire_or_quit + f64::from(layoff[read][k]);
                    let move_row = (k * 2 + usize::from(employed && !laid_off)) * 256;
                    let retires = x1 < t_retire;
                    let tenure = tenure_at(entered[j], s);
                    let moves = x2 < t_move[move_row + tenure as usize];
                    if retires || laid_off || moves {
                        // The rare case: an event happens.
                        let c = |slot: usize| (z * 3 + k) * SLOTS + slot;
                        let cohort = Cohorts::slot(z, k, entered[j], s);
                        if retires {
                            out.cohort_out.extend(cohort);
                            out.counts[c(RETIRED)] += 1;
                            if employed {
                                leave(e, k);
                            }
                            skill[j] = EMPTY;
                            employer[j] = UNEMPLOYED;
                            out.freed.push(base + j as u32);
                            continue;
                        }
                        let mut employed = employed;
                        if laid_off {
                            leave(e, k);
                            employer[j] = UNEMPLOYED;
                            employed = false;
                        }
                        if moves {
                            let eligible = k > 0 && f64::from(tenure) < talent_quarters[z];
                            let row = dest.row(z, k, eligible);
                            let u3 = uniform(&mut rng);
                            let to = row.partition_point(|&p| p <= u3).min(n_z);
                            if to != z {
                                if employed {
                                    leave(e, k);
                                    employer[j] = UNEMPLOYED;
                                }
                                out.counts[c(LEFT)] += 1;
                                out.cohort_out.extend(cohort);
                                if to == n_z {
                                    out.counts[c(TO_OUTSIDE)] += 1;
                                    skill[j] = EMPTY;
                                    out.freed.push(base + j as u32);
                                    continue;
                                }
                                out.counts[((to * 3) + k) * SLOTS + ARRIVED] += 1;
                                zone[j] = to as u16;
                                entered[j] = moved_in;
                                out.cohort_in.extend(Cohorts::slot(to, k, moved_in, s));
                                z = to;
                            }
                        }
                    }
                    if employer[j] == UNEMPLOYED {
                        out.unemployed[k].push(((z * 3 + k) as u32, base + j as u32));
                    }
                }
                // Each skill's list grouped by pool (a stable counting sort by
                // zone), so that a pool takes one piece of the block however
                // its unemployed are interleaved with movers from other
                // zones: in slot order the lists broke into millions of runs
                // a step, each a piece for the serial loop below to collect
                // and for the pools to copy (docs/performance-history.md).
                let mut at = vec![0u32; n_z + 1];
                for (k, list) in out.unemployed.iter_mut().enumerate() {
                    let before = out.runs.len();
                    at.fill(0);
                    for &(pool, _) in list.iter() {
                        at[pool as usize / 3 + 1] += 1;
                    }
                    for z in 0..n_z {
                        if at[z + 1] > 0 {
                            out.runs.push(((z * 3 + k) as u32, k as u8, at[z], at[z + 1]));
                        }
                        at[z + 1] += at[z];
                    }
                    if out.runs.len() - before > 1 {
                        let mut grouped = vec![(0u32, 0u32); list.len()];
                        for &(pool, j) in list.iter() {
                            let z = pool as usize / 3;
                            grouped[at[z] as usize] = (pool, j);
                            at[z] += 1;
                        }
                        *list = grouped;
                    }
                }
                out
            })
            .collect();

        // Each pool's part of each block's unemployed, in block order.
        let mut parts: Vec<Vec<&[(u32, u32)]>> = vec![Vec::new(); self.pools.len()];
        for blk in &blocks {
            for &(pool, k, first, len) in &blk.runs {
                parts[pool as usize].push(&blk.unemployed[usize::from(k)][first as usize..(first + len) as usize]);
            }
        }
        // The pools of unemployed, each in slot order, are filled in
        // parallel while one task sums the blocks' counters, frees their
        // slots and applies their cohort changes (in block order), so that
        // this serial part does not leave the other cores waiting.
        let (pools, cohorts, free_slots) = (&mut self.pools, &mut self.cohorts, &mut self.free_slots);
        let (counts, ()) = rayon::join(
            || {
                let mut counts = vec![0u64; n_z * 3 * SLOTS];
                let mut freed = Vec::new();
                for blk in &blocks {
                    for (a, c) in counts.iter_mut().zip(&blk.counts) {
                        *a += u64::from(*c);
                    }
                    freed.extend_from_slice(&blk.freed);
                    cohorts.apply(&blk.cohort_out, &blk.cohort_in);
                }
                // free_slots is kept descending, so the lowest free slot is popped first.
                free_slots.reverse();
                *free_slots = merge_sorted(free_slots, &freed);
                free_slots.reverse();
                counts
            },
            || {
                pools.par_iter_mut().zip(&parts).for_each(|(pool, parts)| {
                    pool.clear();
                    pool.reserve(parts.iter().map(|p| p.len()).sum());
                    for part in parts {
                        pool.extend(part.iter().map(|&(_, j)| j));
                    }
                });
            },
        );
        let mut eligible = vec![[0.0f64; 3]; n_z];
        for zi in 0..n_z {
            for k in 0..3 {
                let c = |slot: usize| counts[(zi * 3 + k) * SLOTS + slot];
                let res = &mut self.residents[zi][k];
                *res = *res - c(RETIRED) - c(LEFT) + c(ARRIVED);
                self.ledger.retirements += c(RETIRED);
                self.world.outside[k] += c(TO_OUTSIDE);
                let f = &mut self.zones[zi].flows;
                f.retirements[k] += c(RETIRED) as f64;
                f.migration_out[k] += c(LEFT) as f64;
                f.migration_in[k] += c(ARRIVED) as f64;
            }
            // Skilled and high-end residents are eligible for the talent
            // subsidy while their tenure after this pass (whole quarters,
            // at most 255) is at most the programme's length.
            let q = talent_quarters[zi];
            for k in 1..3 {
                eligible[zi][k] = if q < 0.0 {
                    0.0
                } else if q >= 255.0 {
                    self.residents[zi][k] as f64
                } else {
                    self.cohorts.within(zi, k, q.floor() as u32, s) as f64
                };
            }
        }
        // Talent subsidy: pay eligible residents within the envelope.
        for (zi, z) in self.zones.iter_mut().enumerate() {
            let eta = z.efficiency.max(1e-9);
            let p = &mut z.policy;
            let claims: f64 = (0..3).map(|k| eligible[zi][k] * p.talent_amount[k]).sum();
            let envelope = p.planned[Lever::TalentSubsidy.index()] * p.scale;
            let paid = if claims > 0.0 { (envelope * eta / claims).min(1.0) } else { 0.0 };
            z.flows.spend[Lever::TalentSubsidy.index()] = claims * paid / eta;
            p.talent_received = p.talent_amount.map(|a| a * paid);
            z.prev_claims.talent = claims;
        }
    }

    /// Phase 4b: graduates, migrants from outside and recruited top talent arrive.
    pub(crate) fn arrivals(&mut self, s: u32) {
        let sc = self.sc;
        let b = &sc.behaviour;
        let n_z = sc.zones.len();
        let Utilities {
            with_subsidy: utilities,
            outside,
            ..
        } = self.location_utilities();
        let out_mob = b.outside_mobility.to_array();
        let grad_mix = b.graduate_skill_mix.to_array();
        let grad_sum: f64 = grad_mix.iter().sum();
        // Share of outside movers choosing each zone (the rest stay outside).
        let mut choice = vec![[0.0f64; 3]; n_z];
        for k in 0..3 {
            let mut v: Vec<f64> = utilities.iter().map(|u| u[k] - b.moving_cost).collect();
            v.push(outside[k]);
            let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let total: f64 = v.iter().map(|x| (x - max).exp()).sum();
            for zi in 0..n_z {
                choice[zi][k] = (v[zi] - max).exp() / total;
            }
        }
        let pool0 = self.world.outside;
        // Arrivals' tenure counts from the next step's pass.
        let arrived = entered_at(s + 1);
        // Arrivals per pool (zone * 3 + skill), drawn zone by zone.
        let mut arriving = vec![0usize; n_z * 3];
        for zi in 0..n_z {
            let mut rng = self.streams.get(s, Phase::Arrivals, zi as u32);
            let residents: u64 = self.residents[zi].iter().sum();
            for k in 0..3 {
                let grads = if grad_sum > 0.0 {
                    round_random(b.entry_rate * residents as f64 * grad_mix[k] / grad_sum, &mut rng)
                } else {
                    0
                };
                let movers = round_random(pool0[k] as f64 * out_mob[k] * choice[zi][k], &mut rng).min(self.world.outside[k]);
                let recruits = if k == 2 {
                    poisson(self.zones[zi].policy.top_talent_recruits, &mut rng).min(self.world.outside[2] - movers)
                } else {
                    0
                };
                self.world.outside[k] -= movers + recruits;
                self.ledger.entries += grads;
                let f = &mut self.zones[zi].flows;
                f.graduates[k] += grads as f64;
                f.migration_in[k] += (movers + recruits) as f64;
                self.zones[zi].top_talent += recruits as f64;
                arriving[zi * 3 + k] = (grads + movers + recruits) as usize;
                self.residents[zi][k] += grads + movers + recruits;
                self.cohorts.add(zi, k, arrived, (grads + movers + recruits) as u32);
            }
        }
        self.place_arrivals(&arriving, arrived);
    }

    /// Places the arriving unemployed, pool by pool in pool order, in the
    /// lowest free slots and then in new slots at the end, and adds them to
    /// their pools. The slots so taken ascend, so the worker columns are
    /// written block by block in parallel. Their tenure counts from `entered`.
    fn place_arrivals(&mut self, arriving: &[usize], entered: u16) {
        let total: usize = arriving.iter().sum();
        // free_slots is kept descending: its tail holds the lowest.
        let reused = total.min(self.free_slots.len());
        let mut slots = self.free_slots.split_off(self.free_slots.len() - reused);
        slots.reverse();
        let old_len = self.workers.len();
        slots.extend((old_len..old_len + total - reused).map(|j| j as u32));
        self.workers.resize(old_len + total - reused);
        // Each pool's slots, and each slot's (skill, zone).
        let mut starts = Vec::with_capacity(arriving.len() + 1);
        let mut who = Vec::with_capacity(total);
        let mut at = 0;
        for (pool, &n) in arriving.iter().enumerate() {
            starts.push(at);
            at += n;
            who.extend(std::iter::repeat_n(((pool % 3) as u8, (pool / 3) as u16), n));
        }
        starts.push(at);
        let w = &mut self.workers;
        w.par_blocks_mut(WORKER_BLOCK).for_each(|(bi, block)| {
            let (skill, zone, employer, entered_col) = (block.skill, block.zone, block.employer, block.entered);
            let base = (bi * WORKER_BLOCK) as u32;
            let first = slots.partition_point(|&j| j < base);
            let last = slots.partition_point(|&j| j < base + skill.len() as u32);
            for (&j, &(k, z)) in slots[first..last].iter().zip(&who[first..last]) {
                let j = (j - base) as usize;
                skill[j] = k;
                zone[j] = z;
                employer[j] = UNEMPLOYED;
                entered_col[j] = entered;
            }
        });
        self.pools.par_iter_mut().enumerate().for_each(|(p, pool)| {
            pool.extend_from_slice(&slots[starts[p]..starts[p + 1]]);
        });
    }

    /// Phase 4c: search and matching in every (zone, skill) pool, then wages.
    pub(crate) fn matching(&mut self, s: u32) {
        let sc = self.sc;
        let b = &sc.behaviour;
        let streams = &self.streams;
        let vacancies = &self.firms.vacancies;
        let ranges = &self.zone_ranges;
        // Each pool applies its hires: a worker is in one pool only, and a
        // firm's count of one skill is added to by one pool only.
        let employer = as_atomic(&mut self.workers.employer);
        let emp = as_atomic(self.firms.emp.as_flattened_mut());
        // Per pool: unemployed and vacancies before matching.
        let results: Vec<(f64, f64)> = self
            .pools
            .par_iter_mut()
            .enumerate()
            .map(|(pi, pool)| {
                let (zi, k) = (pi / 3, pi % 3);
                let (start, end) = ranges[zi];
                let vacancies: Vec<(u32, u32)> = (start..end)
                    .filter_map(|i| Some((i, vacancies[i as usize][k])).filter(|(_, v)| *v > 0))
                    .collect();
                let v_total: u64 = vacancies.iter().map(|(_, v)| u64::from(*v)).sum();
                let u_total = pool.len() as u64;
                let mut rng = streams.get(s, Phase::Matching, pi as u32);
                let m = round_random(b.matching_efficiency * ((u_total * v_total) as f64).sqrt(), &mut rng)
                    .min(u_total)
                    .min(v_total);
                if m > 0 {
                    // The hired: a random subset of the pool (partial Fisher-Yates).
                    let len = pool.len();
                    for j in 0..m as usize {
                        let pick = j + (uniform(&mut rng) * (len - j) as f64) as usize;
                        pool.swap(j, pick.min(len - 1));
                    }
                    // The hiring firms: systematic sampling of vacancies, so each
                    // firm fills about the same share of its openings.
                    let stride = v_total as f64 / m as f64;
                    let mut next = uniform(&mut rng) * stride;
                    let mut cum = 0.0;
                    let mut w = 0;
                    for &(firm, v) in &vacancies {
                        cum += f64::from(v);
                        while w < m as usize && next < cum {
                            employer[pool[w] as usize].store(firm, Relaxed);
                            emp[firm as usize * 3 + k].fetch_add(1, Relaxed);
                            w += 1;
                            next += stride;
                        }
                    }
                }
                (u_total as f64, v_total as f64)
            })
            .collect();
        let n_z = sc.zones.len();
        for (pi, (u, v)) in results.iter().enumerate() {
            let (zi, k) = (pi / 3, pi % 3);
            // Wages follow the zone's labour-productivity trend, faster when
            // the pool is tighter than normal and slower when it is slacker;
            // outside wages act through migration, not directly.
            let zone = &mut self.zones[zi];
            let h = &zone.productivity_history;
            let trend = if h[4] > 0.0 && h[0] > 0.0 {
                ((h[0] / h[4]).ln() / 4.0).clamp(-0.02, 0.03)
            } else {
                0.0
            };
            let tightness = (v + 1.0) / (u + 1.0);
            let g = trend + b.wage_flexibility * (tightness / b.normal_tightness).ln();
            zone.wages[k] *= g.clamp(-0.03, 0.03).exp();
            debug_assert!(zi < n_z);
        }
    }
}

/// Merges two ascending lists.
fn merge_sorted(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] <= b[j] {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}
