//! Random streams keyed by what they are for, never by who runs them.
//!
//! One 256-bit key per (master seed, replicate); a ChaCha8 stream per
//! (step, phase, unit), where a unit is a fixed block of agents, a zone or a
//! labour pool. The same draws therefore go to the same agents whatever the
//! number of threads, and a variant scenario sees the baseline's draws
//! wherever its state is the same (common random numbers).

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// What a stream is used for; part of the stream id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Phase {
    Init = 1,
    InitWorkers,
    Demand,
    Innovation,
    LabourDemand,
    Workers,
    Arrivals,
    Matching,
    Decisions,
    Entry,
    Relocation,
}

/// The streams of one replicate.
#[derive(Debug, Clone)]
pub struct Streams {
    key: [u8; 32],
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Streams {
    pub fn new(seed: u64, replicate: u32) -> Streams {
        let mut state = seed ^ (u64::from(replicate) << 32 | u64::from(replicate)).rotate_left(17);
        // Mix the replicate in twice so nearby (seed, replicate) pairs share nothing.
        state = splitmix64(&mut state) ^ u64::from(replicate);
        let mut key = [0u8; 32];
        for chunk in key.chunks_mut(8) {
            chunk.copy_from_slice(&splitmix64(&mut state).to_le_bytes());
        }
        Streams { key }
    }

    /// The stream for `unit` in `phase` of `step`.
    pub fn get(&self, step: u32, phase: Phase, unit: u32) -> ChaCha8Rng {
        let mut rng = ChaCha8Rng::from_seed(self.key);
        rng.set_stream((u64::from(step) << 40) | (u64::from(phase as u8) << 32) | u64::from(unit));
        rng
    }
}

/// A uniform draw in [0, 1) from 53 random bits.
#[inline]
pub fn uniform(rng: &mut ChaCha8Rng) -> f64 {
    use rand::Rng;
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A standard normal draw.
#[inline]
pub fn normal(rng: &mut ChaCha8Rng) -> f64 {
    use rand_distr::{Distribution, StandardNormal};
    StandardNormal.sample(rng)
}

/// `x` rounded down or up at random so that the expectation is `x`.
#[inline]
pub fn round_random(x: f64, rng: &mut ChaCha8Rng) -> u64 {
    if x <= 0.0 {
        return 0;
    }
    let floor = x.floor();
    floor as u64 + u64::from(uniform(rng) < x - floor)
}

/// A Poisson draw with mean `lambda` (0 for non-positive means).
pub fn poisson(lambda: f64, rng: &mut ChaCha8Rng) -> u64 {
    use rand_distr::{Distribution, Poisson};
    if lambda.is_nan() || lambda <= 0.0 {
        return 0;
    }
    match Poisson::new(lambda) {
        Ok(p) => {
            let x: f64 = p.sample(rng);
            x as u64
        }
        Err(_) => lambda.round() as u64,
    }
}

/// An index drawn with probability proportional to `weights` (None if all are zero).
pub fn weighted_index(weights: &[f64], rng: &mut ChaCha8Rng) -> Option<usize> {
    let total: f64 = weights.iter().filter(|w| **w > 0.0).sum();
    if total.is_nan() || total <= 0.0 {
        return None;
    }
    let mut u = uniform(rng) * total;
    let mut last = None;
    for (i, &w) in weights.iter().enumerate() {
        if w > 0.0 {
            last = Some(i);
            if u < w {
                return Some(i);
            }
            u -= w;
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn streams_depend_on_every_part_of_their_id() {
        let s = Streams::new(7, 0);
        let first = |mut r: ChaCha8Rng| r.next_u64();
        let a = first(s.get(3, Phase::Workers, 5));
        assert_eq!(a, first(s.get(3, Phase::Workers, 5)));
        assert_ne!(a, first(s.get(4, Phase::Workers, 5)));
        assert_ne!(a, first(s.get(3, Phase::Matching, 5)));
        assert_ne!(a, first(s.get(3, Phase::Workers, 6)));
        assert_ne!(a, first(Streams::new(7, 1).get(3, Phase::Workers, 5)));
        assert_ne!(a, first(Streams::new(8, 0).get(3, Phase::Workers, 5)));
    }

    #[test]
    fn round_random_keeps_the_mean() {
        let mut rng = Streams::new(1, 0).get(0, Phase::Init, 0);
        let n = 100_000;
        let total: u64 = (0..n).map(|_| round_random(2.3, &mut rng)).sum();
        let mean = total as f64 / n as f64;
        assert!((mean - 2.3).abs() < 0.01, "{mean}");
    }
}
