//! Skilled and high-end residents of each zone by when they came
//! ([`Workers::entered`]), kept up to date by the events that change it:
//! arrivals, moves, retirements and relocated firms' followers. The talent
//! subsidy pays residents in their first quarters in a zone; counting them
//! from these cohorts spares the migration pass a count (and a tenure
//! write) for every worker every step.

use crate::model::firms::{ENTERED_OFFSET, Workers, entered_at};

/// Cohorts kept: a ring over 512 consecutive values of `entered`. During
/// step `s` these are `s - 255 ..= s + 256`, which holds every tenure from
/// 0 to 255 at the pass of `s` and the arrivals of `s`. Residents who came
/// earlier (a tenure of 256 or more) are eligible only under a programme of
/// 255 quarters or more, which makes every resident eligible; that case is
/// counted from the zone's residents instead.
const RING: usize = 512;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cohorts {
    /// Residents by (zone, skill 1 or 2, `entered` modulo [`RING`]).
    counts: Vec<u32>,
}

impl Cohorts {
    /// The cohorts of `workers` (skill 0 is not counted) at the end of step `s`.
    pub(crate) fn count(workers: &Workers, n_z: usize, s: u32) -> Cohorts {
        let mut c = Cohorts {
            counts: vec![0; n_z * 2 * RING],
        };
        for j in 0..workers.len() {
            let k = workers.skill[j];
            if (k == 1 || k == 2) && kept(workers.entered[j], s) {
                c.counts[index(usize::from(workers.zone[j]), usize::from(k), workers.entered[j])] += 1;
            }
        }
        c
    }

    /// Makes room for step `s`'s arrivals: their cohort's slot last held
    /// residents who came 512 quarters earlier.
    pub(crate) fn begin_step(&mut self, s: u32) {
        let slot = usize::from(entered_at(s + 1)) % RING;
        for zk in self.counts.chunks_mut(RING) {
            zk[slot] = 0;
        }
    }

    /// Adds `n` residents of skill `k` who came to zone `z` in cohort `entered`.
    pub(crate) fn add(&mut self, z: usize, k: usize, entered: u16, n: u32) {
        if k > 0 {
            self.counts[index(z, k, entered)] += n;
        }
    }

    /// Applies the cohort slots that residents left (`out`) and joined (`into`),
    /// as [`Cohorts::slot`] gives them.
    pub(crate) fn apply(&mut self, out: &[u32], into: &[u32]) {
        for &i in out {
            self.counts[i as usize] -= 1;
        }
        for &i in into {
            self.counts[i as usize] += 1;
        }
    }

    /// The slot of a resident of zone `z`, skill `k` and cohort `entered` at
    /// step `s`, if the resident is counted (skills 1 and 2, tenure up to 255).
    #[inline]
    pub(crate) fn slot(z: usize, k: usize, entered: u16, s: u32) -> Option<u32> {
        (k > 0 && kept(entered, s)).then(|| index(z, k, entered) as u32)
    }

    /// Residents of zone `z` and skill `k` (1 or 2) whose tenure after the
    /// pass of step `s` is at most `limit` quarters (0 to 254).
    pub(crate) fn within(&self, z: usize, k: usize, limit: u32, s: u32) -> u64 {
        debug_assert!(limit < 255);
        // Tenure after the pass is s + 256 - entered.
        let newest = s + 1 + ENTERED_OFFSET;
        (newest - limit..newest)
            .map(|e| u64::from(self.counts[index(z, k, e as u16)]))
            .sum()
    }
}

/// Whether a resident of cohort `entered` is still counted at step `s`
/// (their slot is reused at step `entered + 256`).
#[inline]
fn kept(entered: u16, s: u32) -> bool {
    u32::from(entered) + 256 > s
}

#[inline]
fn index(z: usize, k: usize, entered: u16) -> usize {
    (z * 2 + k - 1) * RING + usize::from(entered) % RING
}

#[cfg(test)]
mod tests {
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::model::firms::{EMPTY, UNEMPLOYED, tenure_at};

    /// Residents come, move and leave at random for 1,200 steps, so the ring
    /// is reused more than twice: the cohorts kept by events match a recount
    /// after every step, and the residents counted within a programme's
    /// length match every worker's own tenure.
    #[test]
    fn cohorts_kept_by_events_match_the_workers_over_many_steps() {
        let n_z = 3;
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let mut w = Workers::default();
        for j in 0..3000 {
            w.skill.push((j % 3) as u8);
            w.zone.push((j % n_z) as u16);
            w.employer.push(UNEMPLOYED);
            let tenure: u32 = rng.random_range(0..=255);
            w.entered.push((1 + ENTERED_OFFSET - tenure) as u16);
        }
        let mut c = Cohorts::count(&w, n_z, 0);
        for s in 1..=1200u32 {
            c.begin_step(s);
            // The migration pass: some leave, some move to another zone.
            let (mut out, mut into) = (Vec::new(), Vec::new());
            for j in 0..w.len() {
                if w.skill[j] == EMPTY {
                    continue;
                }
                let (k, z) = (usize::from(w.skill[j]), usize::from(w.zone[j]));
                let x: f64 = rng.random();
                // Rare events, so that many residents stay beyond 256 and
                // 512 quarters, when their cohort's slot is reused.
                if x < 0.005 {
                    out.extend(Cohorts::slot(z, k, w.entered[j], s));
                    if x < 0.002 {
                        w.skill[j] = EMPTY;
                    } else {
                        let to = (z + 1) % n_z;
                        w.zone[j] = to as u16;
                        w.entered[j] = entered_at(s);
                        into.extend(Cohorts::slot(to, k, w.entered[j], s));
                    }
                }
            }
            c.apply(&out, &into);
            if s % 7 == 0 || s < 3 {
                for z in 0..n_z {
                    for k in 1..3 {
                        for limit in [0, 1, 2, 7, 40, 254] {
                            let direct = (0..w.len())
                                .filter(|&j| usize::from(w.skill[j]) == k && usize::from(w.zone[j]) == z)
                                .filter(|&j| (tenure_at(w.entered[j], s) + 1).min(255) <= limit)
                                .count();
                            assert_eq!(
                                c.within(z, k, limit, s),
                                direct as u64,
                                "step {s}, zone {z}, skill {k}, limit {limit}"
                            );
                        }
                    }
                }
            }
            // Arrivals take some of the free slots.
            for j in 0..w.len() {
                if w.skill[j] == EMPTY && rng.random::<f64>() < 0.5 {
                    let (k, z) = (rng.random_range(0..3u8), rng.random_range(0..n_z));
                    (w.skill[j], w.zone[j], w.entered[j]) = (k, z as u16, entered_at(s + 1));
                    c.add(z, usize::from(k), entered_at(s + 1), 1);
                }
            }
            assert_eq!(c, Cohorts::count(&w, n_z, s), "step {s}");
        }
    }
}
