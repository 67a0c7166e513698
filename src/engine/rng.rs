//! Random streams keyed by what they are for, never by who runs them.
//!
//! One 256-bit key per (master seed, replicate). Two kinds of stream:
//!
//! * per agent: every firm (by its lifelong id) and every worker slot gets
//!   its own counter-based generator per (step, phase), [`AgentRng`] —
//!   SplitMix64 whose state starts at a hash of the key, step and phase plus
//!   the agent id times an odd constant, so draw d of agent i is
//!   mix(K + i·Γ + d·γ): one multiply to create, one mix a draw. A fresh
//!   one per agent per phase is cheap, and an agent's draws never depend on how many draws another
//!   agent made. A variant therefore gives each firm the same draws as the
//!   baseline wherever their states agree (common random numbers hold
//!   agent by agent, not just block by block), and results do not depend on
//!   how agents are split into blocks or threads.
//! * per unit: a ChaCha8 stream per (step, phase, unit) for work done by a
//!   zone or a labour pool (demand, arrivals, entry, matching, the initial
//!   population).
//!
//! Why not ChaCha per agent, as rand_chacha would suggest: setting up a
//! ChaCha8 stream and taking one draw costs 121–127 ns here, a SplitMix64
//! agent stream 1.9 ns (4 M of each, timed in a release build on the
//! 2-core Intel Xeon host of docs/performance-history.md). Province-large draws ≈ 23 M
//! agent streams a step (every worker once, every firm in three phases):
//! ChaCha per agent would cost ≈ 2.8 s a step on one core, twice the whole
//! step as it is (≈ 1.4 s on one core). ChaCha keeps the jobs it does well:
//! the per-unit streams, where its set-up is spread over many draws.

use rand::{Rng, SeedableRng};
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

    /// The per-agent streams of `phase` in `step`.
    pub fn agents(&self, step: u32, phase: Phase) -> AgentStreams {
        let k = u64::from_le_bytes(self.key[..8].try_into().expect("8 bytes"));
        AgentStreams(mix(k ^ mix((u64::from(step) << 8) | u64::from(phase as u8))))
    }

    /// The stream for `unit` in `phase` of `step`.
    pub fn get(&self, step: u32, phase: Phase, unit: u32) -> ChaCha8Rng {
        let mut rng = ChaCha8Rng::from_seed(self.key);
        rng.set_stream((u64::from(step) << 40) | (u64::from(phase as u8) << 32) | u64::from(unit));
        rng
    }
}

/// SplitMix64's output function: a bijective 64-bit mix.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A counter-based generator for one agent in one phase of one step
/// (SplitMix64: passes BigCrush; period 2^64, far beyond the handful of
/// draws an agent makes in a phase).
#[derive(Debug, Clone)]
pub struct AgentRng(u64);

impl AgentRng {
    #[inline]
    pub fn next_word(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }
}

impl rand::TryRng for AgentRng {
    type Error = std::convert::Infallible;
    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok((self.next_word() >> 32) as u32)
    }
    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(self.next_word())
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let bytes = self.next_word().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        Ok(())
    }
}

const AGENT_GAMMA: u64 = 0xD1B5_4A32_D192_ED03;

/// Where per-agent streams of one (step, phase) start.
#[derive(Debug, Clone, Copy)]
pub struct AgentStreams(u64);

impl AgentStreams {
    /// The generator of agent `id`. Agents' states are spaced Γ apart and
    /// each draw advances by γ; the test
    /// `agent_streams_do_not_overlap_nearby_agents` checks that no agent's
    /// first draws repeat another's among nearby ids.
    #[inline]
    pub fn agent(self, id: u64) -> AgentRng {
        AgentRng(self.0.wrapping_add(id.wrapping_mul(AGENT_GAMMA)))
    }
}

/// A uniform draw in [0, 1) from 53 random bits.
#[inline]
pub fn uniform<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A standard normal draw.
#[inline]
pub fn normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    use rand_distr::{Distribution, StandardNormal};
    StandardNormal.sample(rng)
}

/// `x` rounded down or up at random so that the expectation is `x`.
#[inline]
pub fn round_random<R: Rng + ?Sized>(x: f64, rng: &mut R) -> u64 {
    if x <= 0.0 {
        return 0;
    }
    let floor = x.floor();
    floor as u64 + u64::from(uniform(rng) < x - floor)
}

/// A Poisson draw with mean `lambda` (0 for non-positive means).
pub fn poisson<R: Rng + ?Sized>(lambda: f64, rng: &mut R) -> u64 {
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
pub fn weighted_index<R: Rng + ?Sized>(weights: &[f64], rng: &mut R) -> Option<usize> {
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
    fn agent_streams_depend_on_agent_step_and_phase_only() {
        let s = Streams::new(7, 0);
        let first = |mut r: AgentRng| r.next_word();
        let a = first(s.agents(3, Phase::Workers).agent(42));
        assert_eq!(a, first(s.agents(3, Phase::Workers).agent(42)));
        assert_ne!(a, first(s.agents(3, Phase::Workers).agent(43)));
        assert_ne!(a, first(s.agents(4, Phase::Workers).agent(42)));
        assert_ne!(a, first(s.agents(3, Phase::Decisions).agent(42)));
        assert_ne!(a, first(Streams::new(7, 1).agents(3, Phase::Workers).agent(42)));
    }

    #[test]
    fn agent_streams_do_not_overlap_nearby_agents() {
        // Draw d of agent i is mix(K + iΓ + dγ). Agents i and i + Δi share a
        // state when Δi·Γ = Δd·γ (mod 2^64), i.e. Δi = Δd·γ·Γ⁻¹: that must
        // be far from 0 for every Δd a phase can use.
        let mut inv = AGENT_GAMMA; // Newton's iteration for Γ⁻¹ mod 2^64
        for _ in 0..6 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(AGENT_GAMMA.wrapping_mul(inv)));
        }
        assert_eq!(AGENT_GAMMA.wrapping_mul(inv), 1);
        for dd in 1..=64u64 {
            let di = dd.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_mul(inv);
            let distance = di.min(di.wrapping_neg());
            assert!(distance > 1 << 40, "draw offset {dd} meets agent offset {distance}");
        }
    }

    #[test]
    fn agent_uniforms_are_uniform() {
        // Mean and variance of many agents' first draws, and of one agent's run.
        let s = Streams::new(1, 0).agents(0, Phase::Workers);
        let n = 200_000;
        let first: Vec<f64> = (0..n).map(|i| uniform(&mut s.agent(i))).collect();
        let mut one = s.agent(0);
        let run: Vec<f64> = (0..n).map(|_| uniform(&mut one)).collect();
        for v in [first, run] {
            let mean = v.iter().sum::<f64>() / n as f64;
            let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
            assert!((mean - 0.5).abs() < 0.005 && (var - 1.0 / 12.0).abs() < 0.002, "{mean} {var}");
        }
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
