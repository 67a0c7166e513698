//! Phase 5, zone side: start-ups, investment attraction in every mode,
//! leader-driven supplier arrivals, the approval queue; then compaction,
//! which applies exits, relocations and entries, restores the zone order of
//! firms and re-points workers at their employers' new ids.

use rayon::prelude::*;

use crate::model::firms::{EMPTY, FirmRow, NO_ZONE, UNEMPLOYED, WorkersMut, entered_at, flag, owner};
use crate::model::levers::{Mode, SectorRule};
use crate::scenario::Tier;

use super::cohorts::Cohorts;
use super::rng::{Phase, normal, poisson, uniform, weighted_index};
use super::{Block, EntryKind, FIRM_BLOCK, Pending, Simulation, WORKER_BLOCK};

impl Simulation<'_> {
    /// Phase 5b: new firms decide to come; they start after the approval delay.
    pub(crate) fn entry(&mut self, s: u32) {
        let sc = self.sc;
        let b = &sc.behaviour;
        let n_s = sc.sectors.len();
        let mut new_pending = Vec::new();
        for (zi, zone) in sc.zones.iter().enumerate() {
            let mut rng = self.streams.get(s, Phase::Entry, zi as u32);
            let st = &self.zones[zi];
            let p = &st.policy;
            let delay = st.approval_delay;
            let pair = |si: usize| zi * n_s + si;
            // Entrants need land: entry thins out as the last 2 % of the zone's
            // industrial land fills.
            let free_land = if zone.land > 0.0 {
                ((zone.land - self.agg.land_used[zi]) / (0.02 * zone.land)).clamp(0.0, 1.0)
            } else {
                0.0
            };

            // Start-ups: talent founds firms; cost and delay deter them.
            let cost_index = ((st.transaction_cost / st.base.transaction_cost.max(1e-9))
                * ((st.approval_delay + 0.25) / (st.base.approval_delay + 0.25)))
                .sqrt();
            let founders = self.residents[zi][2] as f64 + b.startup_skilled_weight * self.residents[zi][1] as f64;
            let lambda = free_land
                * (b.startup_rate * founders * cost_index.powf(-b.startup_cost_elasticity) + b.top_talent_startup_rate * st.top_talent);
            let weights: Vec<f64> = sc
                .sectors
                .iter()
                .enumerate()
                .map(|(si, sec)| sec.startup_weight * (1.0 + 2.0 * self.agg.unmet[pair(si)]))
                .collect();
            for _ in 0..poisson(lambda, &mut rng) {
                let Some(si) = weighted_index(&weights, &mut rng) else {
                    break;
                };
                let a = self.agg.national_prod_mean[si] - 0.05 + 0.3 * normal(&mut rng);
                let size = b.startup_size * (0.6 * normal(&mut rng)).exp();
                if let Some(row) = self.make_entrant(zi, si, a, size, owner::DOMESTIC, false) {
                    new_pending.push(Pending {
                        row,
                        activate: s + draw_delay(delay, &mut rng),
                        kind: EntryKind::Startup,
                    });
                }
            }

            // Attraction: each mode's effective budget buys arrivals.
            let attract = free_land * (0.25 * (self.zone_profit_index(zi) - st.base.profit_index)).exp().clamp(0.5, 2.0);
            let modes = [
                (Mode::General, p.attraction[0]),
                (Mode::Precision, p.attraction[1]),
                (Mode::Platform, p.attraction[2]),
                (Mode::Business, p.attraction[3]),
                (Mode::Tech, p.attraction[4]),
                (Mode::Chain, p.attraction[5]),
                (Mode::ProducerServices, p.attraction[6]),
            ];
            for (mode, budget) in modes {
                if budget <= 0.0 {
                    continue;
                }
                let t = mode.traits();
                let cost = b.attraction_cost * t.cost;
                let tailored = if matches!(mode, Mode::Chain | Mode::ProducerServices) {
                    0.0
                } else {
                    p.tailored_share
                };
                let plain = poisson(budget * (1.0 - tailored) / cost * attract, &mut rng);
                let anchors = poisson(budget * tailored / (cost * 0.8 * b.tailored_size) * attract, &mut rng);
                for (count, size_mult, delay_mult) in [(plain, 1.0, 1.0), (anchors, b.tailored_size, 0.5)] {
                    for _ in 0..count {
                        if let Some(pending) = self.arrival(zi, mode, size_mult, delay * delay_mult, s, &mut rng) {
                            new_pending.push(pending);
                        }
                    }
                }
            }
            // Leaders pull in suppliers from outside the zone.
            let pull = free_land * b.leader_pull * p.leader_pull * self.agg.leader_nonlocal[zi] / 1000.0;
            for _ in 0..poisson(pull, &mut rng) {
                if let Some(pending) = self.arrival(zi, Mode::LeaderPull, 1.0, delay, s, &mut rng) {
                    new_pending.push(pending);
                }
            }
        }
        self.pending.extend(new_pending);
    }

    /// An attracted firm of `mode` for zone `zi`, if a sector fits.
    fn arrival(&self, zi: usize, mode: Mode, size_mult: f64, delay: f64, s: u32, rng: &mut impl rand::Rng) -> Option<Pending> {
        let sc = self.sc;
        let b = &sc.behaviour;
        let n_s = sc.sectors.len();
        let t = mode.traits();
        let weights: Vec<f64> = sc
            .sectors
            .iter()
            .enumerate()
            .map(|(si, sec)| {
                let k = zi * n_s + si;
                match t.rule {
                    SectorRule::National => sec.national_weight,
                    SectorRule::Targets => f64::from(u8::from(sc.zones[zi].attraction_targets.contains(&si))),
                    SectorRule::Exporting => sec.national_weight * sec.export_share,
                    SectorRule::Suppliers => self.agg.demand_for[k],
                    SectorRule::Technology => {
                        if matches!(sec.tier, Tier::Emerging | Tier::Future) {
                            sec.rd_propensity
                        } else {
                            0.0
                        }
                    }
                    SectorRule::MissingLinks => self.agg.gap[k],
                    SectorRule::Services => {
                        if sec.tier == Tier::Services {
                            self.agg.demand_for[k] + 1.0
                        } else {
                            0.0
                        }
                    }
                }
            })
            .collect();
        let si = weighted_index(&weights, rng)?;
        let u = uniform(rng);
        let own = if u < t.ownership[0] {
            owner::DOMESTIC
        } else if u < t.ownership[0] + t.ownership[1] {
            owner::FOREIGN
        } else {
            owner::COASTAL
        };
        // Firms moving in from the coast bring their know-how; foreign firms
        // bring their export channels (and, in make_entrant, their suppliers).
        let coastal = if own == owner::COASTAL { 0.05 } else { 0.0 };
        let a = self.agg.national_prod_mean[si] + t.productivity + coastal + 0.25 * normal(rng);
        let size = b.attraction_size * t.size * size_mult * (0.6 * normal(rng)).exp();
        let exporter = (mode == Mode::Platform || own == owner::FOREIGN) && sc.sectors[si].export_share > 0.0;
        let row = self.make_entrant(zi, si, a, size, own, exporter)?;
        Some(Pending {
            row,
            activate: s + draw_delay(delay, rng),
            kind: EntryKind::Attracted,
        })
    }

    /// A new firm of sector `si` in zone `zi` with log productivity `a`,
    /// equipped and with a customer base for `size` effective workers at
    /// today's prices (it hires them after it starts). None if the sector
    /// cannot cover its costs in the zone.
    pub(crate) fn make_entrant(&self, zi: usize, si: usize, a: f64, size: f64, own: u8, exporter: bool) -> Option<FirmRow> {
        let sc = self.sc;
        let b = &sc.behaviour;
        let sec = &sc.sectors[si];
        let e = &self.env[zi * sc.sectors.len() + si];
        let rho = b.demand_elasticity;
        let alpha = sec.capital_share;
        let beta = rho * (1.0 - alpha);
        let nu = e.margin(e.target_local);
        if nu <= 0.05 || size <= 0.0 {
            return None;
        }
        let revenue = e.wbar * size / (nu * beta);
        let capital = nu * alpha * rho * revenue / e.uc;
        let access = e.access_dom + if exporter { e.access_exp } else { 0.0 };
        let q = a.exp() * e.agglo * capital.powf(alpha) * size.powf(1.0 - alpha);
        let demand = (revenue / (e.demand * access * e.premium * q.powf(rho))).ln();
        if !demand.is_finite() {
            return None;
        }
        Some(FirmRow {
            zone: zi as u16,
            sector: si as u8,
            owner: own,
            flags: if exporter { flag::EXPORTER } else { 0 },
            home: NO_ZONE,
            capital: capital as f32,
            prod: a as f32,
            demand: demand as f32,
            knowledge: (0.3 * sec.rd_propensity * revenue / b.knowledge_depreciation) as f32,
            // Foreign entrants start with their global suppliers and switch slowly.
            local_share: (e.target_local * if own == owner::FOREIGN { 0.5 } else { 1.0 }) as f32,
            clean: 1.0,
            move_to: NO_ZONE,
            ..FirmRow::default()
        })
    }

    /// Applies this step's exits, relocations and entries, restores the zone
    /// order of firms, and re-points workers at their employers' new ids
    /// (workers of exited firms become unemployed; of relocated firms, some
    /// high-end talent follows and the rest become unemployed).
    pub(crate) fn compact(&mut self, s: u32) {
        let sc = self.sc;
        let b = &sc.behaviour;
        let n_z = sc.zones.len();
        let n_old = self.firms.len();

        // Entries whose approval came through.
        let mut waiting = Vec::new();
        for p in std::mem::take(&mut self.pending) {
            if p.activate <= s {
                let z = p.row.zone as usize;
                let f = &mut self.zones[z].flows;
                f.entries += 1.0;
                match p.kind {
                    EntryKind::Startup => f.startups += 1.0,
                    EntryKind::Attracted => f.attracted += 1.0,
                }
                if p.row.owner == owner::FOREIGN {
                    f.fdi_inflow += f64::from(p.row.capital);
                }
                self.firms.push(FirmRow {
                    id: self.next_firm_id,
                    ..p.row
                });
                self.next_firm_id += 1;
            } else {
                waiting.push(p);
            }
        }
        self.pending = waiting;

        // Relocations.
        let mut moved_to = vec![NO_ZONE; n_old];
        for i in 0..n_old {
            let to = self.firms.move_to[i];
            if to == NO_ZONE || self.firms.flags[i] & flag::EXIT != 0 {
                continue;
            }
            let from = self.firms.zone[i];
            moved_to[i] = to;
            let f = &mut self.firms;
            f.zone[i] = to;
            f.capital[i] *= (1.0 - b.relocation_capital_loss) as f32;
            f.local_share[i] *= 0.5;
            f.emp[i] = [0; 3];
            f.home[i] = if sc
                .cooperation
                .iter()
                .any(|c| c.active(s) && c.home == from as usize && c.host == to as usize)
            {
                from
            } else {
                NO_ZONE
            };
            f.move_to[i] = NO_ZONE;
            self.zones[to as usize].flows.relocations_in += 1.0;
        }

        // Stable counting sort by zone; exited firms drop out. Chunks of
        // firms count their live firms by zone, then each writes its firms'
        // new indices and its pieces of the order, in parallel: the result
        // is the serial sort's.
        let n = self.firms.len();
        assert!(n < MOVED as usize, "more than 2^31 firms");
        let (zone, flags) = (&self.firms.zone, &self.firms.flags);
        let chunk = n.div_ceil(64).max(1);
        let by_zone: Vec<Vec<usize>> = (0..n)
            .step_by(chunk)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|first| {
                let mut c = vec![0usize; n_z];
                for i in first..(first + chunk).min(n) {
                    if flags[i] & flag::EXIT == 0 {
                        c[zone[i] as usize] += 1;
                    }
                }
                c
            })
            .collect();
        let mut counts = vec![0usize; n_z + 1];
        for z in 0..n_z {
            counts[z + 1] = counts[z] + by_zone.iter().map(|c| c[z]).sum::<usize>();
        }
        let alive = counts[n_z];
        let mut order = vec![0u32; alive];
        // One more entry: the unemployed map to themselves, so re-pointing
        // needs no branch on employment (mispredicted one time in eight).
        let mut remap = vec![UNEMPLOYED; n + 1];
        // Each chunk's piece of each zone's part of the order, and where it starts.
        let lens: Vec<usize> = (0..n_z).flat_map(|z| by_zone.iter().map(move |c| c[z])).collect();
        let mut pieces: Vec<Vec<(usize, &mut [u32])>> = (0..by_zone.len()).map(|_| Vec::with_capacity(n_z)).collect();
        let mut rest = order.as_mut_slice();
        let mut at = 0;
        for (j, &len) in lens.iter().enumerate() {
            let (piece, tail) = rest.split_at_mut(len);
            pieces[j % by_zone.len()].push((at, piece));
            rest = tail;
            at += len;
        }
        let moved_to = &moved_to;
        pieces
            .into_par_iter()
            .zip(remap[..n].par_chunks_mut(chunk))
            .enumerate()
            .for_each(|(c, (mut pieces, remap))| {
                let first = c * chunk;
                let mut next = vec![0usize; n_z];
                for (r, i) in remap.iter_mut().zip(first..) {
                    if flags[i] & flag::EXIT == 0 {
                        let z = zone[i] as usize;
                        let (start, piece) = &mut pieces[z];
                        piece[next[z]] = i as u32;
                        // A relocated firm's new index carries the MOVED bit, so the
                        // re-pointing loop below needs one read a worker.
                        let moved = i < n_old && moved_to[i] != NO_ZONE;
                        *r = (*start + next[z]) as u32 | if moved { MOVED } else { 0 };
                        next[z] += 1;
                    }
                }
            });
        self.firms.gather_into(&order, &mut self.firms_spare);
        std::mem::swap(&mut self.firms, &mut self.firms_spare);
        self.zone_ranges = (0..n_z).map(|z| (counts[z] as u32, counts[z + 1] as u32)).collect();
        self.rebuild_blocks();

        // Re-point workers; on a reordering step each block also counts its
        // live workers by zone, for the reordering below.
        let agents = self.streams.agents(s, Phase::Relocation);
        let follow = b.talent_follow_share;
        // Followers' tenure in their new zone counts from the next step.
        let arrived = entered_at(s + 1);
        let reorder = s.is_multiple_of(REORDER_EVERY);
        let w = &mut self.workers;
        let results: Vec<Repointed> = w
            .par_blocks_mut(WORKER_BLOCK)
            .map(|(bi, block)| {
                let (skill, zone, employer, entered) = (block.skill, block.zone, block.employer, block.entered);
                let base = (bi * WORKER_BLOCK) as u64;
                let mut followers = Vec::new();
                let mut moves = Vec::new();
                for j in 0..skill.len() {
                    // Workers who left (EMPTY) are never employed.
                    debug_assert!(skill[j] != EMPTY || employer[j] == UNEMPLOYED);
                    let e = employer[j];
                    let ne = remap[(e as usize).min(n)];
                    if ne < MOVED || ne == UNEMPLOYED {
                        employer[j] = ne;
                    } else if skill[j] == 2 && uniform(&mut agents.agent(base + j as u64)) < follow {
                        let (ne, to) = (ne & !MOVED, moved_to[e as usize]);
                        moves.push((zone[j], to, entered[j]));
                        zone[j] = to;
                        entered[j] = arrived;
                        employer[j] = ne;
                        followers.push(ne);
                    } else {
                        employer[j] = UNEMPLOYED;
                    }
                }
                let mut by_zone = Vec::new();
                if reorder {
                    by_zone.resize(n_z, 0);
                    for (&k, &z) in skill.iter().zip(zone.iter()) {
                        if k != EMPTY {
                            by_zone[z as usize] += 1;
                        }
                    }
                }
                Repointed { followers, moves, by_zone }
            })
            .collect();
        let mut by_zone = Vec::with_capacity(if reorder { results.len() } else { 0 });
        for r in results {
            for f in r.followers {
                self.firms.emp[f as usize][2] += 1;
            }
            for (from, to, was) in r.moves {
                self.cohorts.apply(
                    Cohorts::slot(from as usize, 2, was, s).as_slice(),
                    Cohorts::slot(to as usize, 2, arrived, s).as_slice(),
                );
                self.residents[from as usize][2] -= 1;
                self.residents[to as usize][2] += 1;
                self.zones[from as usize].flows.migration_out[2] += 1.0;
                self.zones[to as usize].flows.migration_in[2] += 1.0;
            }
            by_zone.push(r.by_zone);
        }
        if reorder {
            self.reorder_workers(&by_zone);
        }
    }

    /// Restores the worker order: zone by zone, within a zone by employer
    /// (in the firms' order), the unemployed last; slots of workers who left
    /// are dropped, and ties keep their slot order. `by_zone[b]` counts the
    /// live workers of block `b` (WORKER_BLOCK slots) by zone.
    ///
    /// Two stable counting sorts, each pass reading its input in sequence:
    /// first by zone into the spare columns (groups of consecutive blocks in
    /// parallel, each copying its workers into its own piece of every zone's
    /// part), then by employer, zone by zone, back into the worker columns.
    /// Every destination is fixed by counts, so the order does not depend on
    /// the threads. (Sorting each zone straight from the worker columns
    /// visited every run of one zone's workers: the movers of four quarters
    /// cut them into ≈ 3.2 M runs on province-large, a cache miss or more
    /// each. On 2 threads that took 240–370 ms a reorder, plus ≈ 55 ms to
    /// find the runs and 30–40 ms to collect them on one core; the two sorts
    /// take 110–200 ms, plus ≈ 30–50 ms to count.) In the following steps
    /// workers then read their employer's data almost in sequence instead of
    /// at scattered places.
    fn reorder_workers(&mut self, by_zone: &[Vec<u32>]) {
        let n_z = self.zone_ranges.len();
        // Up to 64 groups: pieces stay long and both cores stay busy.
        let per_group = by_zone.len().div_ceil(64).max(1);
        let counts: Vec<Vec<usize>> = by_zone
            .chunks(per_group)
            .map(|blocks| {
                let mut sum = vec![0usize; n_z];
                for b in blocks {
                    for (s, &x) in sum.iter_mut().zip(b) {
                        *s += x as usize;
                    }
                }
                sum
            })
            .collect();
        let n_g = counts.len();
        let sizes: Vec<usize> = (0..n_z).map(|z| counts.iter().map(|c| c[z]).sum()).collect();
        debug_assert!(
            sizes.iter().zip(&self.residents).all(|(&n, r)| n as u64 == r.iter().sum::<u64>()),
            "live workers by zone differ from the residents"
        );

        // 1. By zone, into the spare columns (the zone column is filled in 2).
        let spare = &mut self.workers_spare;
        spare.resize(sizes.iter().sum());
        let lens: Vec<usize> = (0..n_z).flat_map(|z| counts.iter().map(move |c| c[z])).collect();
        let mut pieces: Vec<Vec<WorkersMut<'_>>> = (0..n_g).map(|_| Vec::with_capacity(n_z)).collect();
        for (i, piece) in spare.split_mut(&lens).into_iter().enumerate() {
            pieces[i % n_g].push(piece);
        }
        let w = &self.workers;
        let span = per_group * WORKER_BLOCK;
        pieces.into_par_iter().enumerate().for_each(|(g, mut out)| {
            let slots = g * span..((g + 1) * span).min(w.len());
            let mut at = vec![0usize; n_z];
            for j in slots {
                let k = w.skill[j];
                if k != EMPTY {
                    let z = w.zone[j] as usize;
                    let (o, q) = (&mut out[z], at[z]);
                    o.skill[q] = k;
                    o.employer[q] = w.employer[j];
                    o.entered[q] = w.entered[j];
                    at[z] = q + 1;
                }
            }
            debug_assert!(out.iter().zip(&at).all(|(o, &n)| o.skill.len() == n));
        });

        // 2. By employer within each zone, back into the worker columns.
        let mut from = Vec::with_capacity(n_z);
        let mut at = 0;
        for &n in &sizes {
            from.push(at..at + n);
            at += n;
        }
        let (spare, firms, ranges) = (&self.workers_spare, &self.firms, &self.zone_ranges);
        self.workers.resize(at);
        self.workers.split_mut(&sizes).into_par_iter().enumerate().for_each(|(z, out)| {
            let (start, end) = ranges[z];
            let n_f = (end - start) as usize;
            // Where each employer's workers go, then the unemployed.
            let mut cursor = Vec::with_capacity(n_f + 1);
            let mut at = 0usize;
            for i in start..end {
                cursor.push(at);
                at += firms.emp[i as usize].iter().sum::<u32>() as usize;
            }
            cursor.push(at);
            let r = from[z].clone();
            let (skill, employer, entered) = (&spare.skill[r.clone()], &spare.employer[r.clone()], &spare.entered[r]);
            out.zone.fill(z as u16);
            // Worker by worker: copying runs of one employer was slower
            // (runs are short; 98-146 against 77-119 ms a reorder).
            for q in 0..skill.len() {
                let e = employer[q];
                let key = if e == UNEMPLOYED { n_f } else { (e - start) as usize };
                let p = cursor[key];
                cursor[key] = p + 1;
                out.skill[p] = skill[q];
                out.employer[p] = e;
                out.entered[p] = entered[q];
            }
            assert_eq!(
                cursor[n_f],
                out.skill.len(),
                "zone {z}: firms' employment differs from their workers"
            );
        });
        self.free_slots.clear();
    }

    /// Blocks of at most FIRM_BLOCK consecutive firms, never spanning zones.
    pub(crate) fn rebuild_blocks(&mut self) {
        self.blocks.clear();
        for (z, &(start, end)) in self.zone_ranges.iter().enumerate() {
            let mut a = start;
            while a < end {
                let e = (a + FIRM_BLOCK as u32).min(end);
                self.blocks.push(Block {
                    zone: z as u16,
                    start: a,
                    end: e,
                });
                a = e;
            }
        }
    }
}

/// Steps between reorderings of the workers (see `reorder_workers`). Each
/// step's hires, moves and arrivals scatter about 5 % of workers again; a
/// reorder every step cost more than the migration pass gained, every 4th
/// step is a net gain (province-large, 2 threads: migration 16.3 -> 11.7 s,
/// exit/relocation 5.7 -> 8.3 s, the step 34.2 -> 31.9 s; docs/performance-history.md).
///
/// Every 2nd step would now be faster on province-large (the step 0.5–2.3 s
/// in four pairs run in alternation with every 4th), but a
/// worker's draws belong to its slot, so each reorder also re-deals the
/// draws between a baseline and a variant whose workers sit in different
/// slots: common random numbers hold less well. With every 2nd step the
/// paired test `talent_subsidy_raises_talent_and_startups_at_a_fiscal_cost`
/// fell to t = 1.49 (it needs 2).
const REORDER_EVERY: u32 = 4;

/// Marks a relocated firm's new index in compaction's remapping table.
const MOVED: u32 = 1 << 31;

/// What re-pointing one block of workers found.
struct Repointed {
    /// Firms gaining a follower.
    followers: Vec<u32>,
    /// Followers' (from, to) zones and when they came to the first.
    moves: Vec<(u16, u16, u16)>,
    /// Live workers by zone (on a reordering step; empty otherwise).
    by_zone: Vec<u32>,
}

/// Quarters until an entrant starts: the delay, rounded at random.
fn draw_delay(delay: f64, rng: &mut impl rand::Rng) -> u32 {
    let d = delay.max(0.0);
    d.floor() as u32 + u32::from(uniform(rng) < d.fract())
}
