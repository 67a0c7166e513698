//! Summary statistics across replicates, exact and streaming.
//!
//! [`Accumulator`] takes values one at a time in replicate order and keeps
//! bounded memory: the mean and standard deviation are exact (Welford's
//! update), percentiles are exact for the first [`EXACT_VALUES`] values and
//! estimated by a t-digest beyond, so an ensemble of any size summarises in
//! the same memory.

use statrs::distribution::{ContinuousCDF, StudentsT};
use tdigest::TDigest;

/// Values kept exactly before percentiles switch to a t-digest.
pub const EXACT_VALUES: usize = 128;
/// Centroids of the t-digest (its accuracy: a fraction of a percent of rank).
const DIGEST_SIZE: usize = 100;
/// Values buffered before they are merged into the digest. The digest's own
/// push buffer holds five times its size; merging small batches keeps each
/// accumulator near 2 KiB.
const BATCH: usize = 64;

/// Mean, sample standard deviation and the 5th, 50th and 95th percentiles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub n: usize,
    pub mean: f64,
    pub sd: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
}

impl Summary {
    /// Summarises `values` (any order), ignoring NaN (values that do not
    /// exist, such as growth in the first year). Percentiles interpolate
    /// linearly between order statistics (R's type 7, numpy's and pandas' default).
    pub fn of(values: &[f64]) -> Summary {
        let values: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
        let values = &values[..];
        let n = values.len();
        if n == 0 {
            return Summary {
                n,
                mean: f64::NAN,
                sd: f64::NAN,
                p5: f64::NAN,
                p50: f64::NAN,
                p95: f64::NAN,
            };
        }
        let mean = values.iter().sum::<f64>() / n as f64;
        let sd = if n > 1 {
            (values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
        } else {
            0.0
        };
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        Summary {
            n,
            mean,
            sd,
            p5: quantile(&sorted, 0.05),
            p50: quantile(&sorted, 0.5),
            p95: quantile(&sorted, 0.95),
        }
    }
}

/// Quantile `q` of ascending `sorted` (type 7).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Streaming count, mean, standard deviation and confidence interval of
/// the mean (Welford's update), in constant memory.
#[derive(Debug, Clone, Copy, Default)]
pub struct Moments {
    n: u64,
    mean: f64,
    m2: f64,
}

impl Moments {
    /// Adds a value; NaN (a value that does not exist) is skipped.
    pub fn push(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    pub fn n(&self) -> u64 {
        self.n
    }

    pub fn mean(&self) -> f64 {
        if self.n == 0 { f64::NAN } else { self.mean }
    }

    /// Sample standard deviation (0 for a single value).
    pub fn sd(&self) -> f64 {
        match self.n {
            0 => f64::NAN,
            1 => 0.0,
            n => (self.m2 / (n - 1) as f64).max(0.0).sqrt(),
        }
    }

    /// 95 % confidence interval of the mean (Student's t, n - 1 degrees of
    /// freedom); undefined (NaN) for fewer than two values.
    pub fn ci95(&self) -> (f64, f64) {
        if self.n < 2 {
            return (f64::NAN, f64::NAN);
        }
        let half = t_quantile(0.975, (self.n - 1) as f64) * self.sd() / (self.n as f64).sqrt();
        (self.mean - half, self.mean + half)
    }
}

/// [`Moments`] plus percentiles, in bounded memory.
#[derive(Debug, Clone, Default)]
pub struct Accumulator {
    moments: Moments,
    exact: Vec<f64>,
    digest: Option<TDigest>,
}

impl Accumulator {
    /// Adds a value; NaN (a value that does not exist) is skipped.
    pub fn push(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        self.moments.push(x);
        self.exact.push(x);
        let limit = if self.digest.is_some() { BATCH } else { EXACT_VALUES };
        if self.exact.len() >= limit {
            let batch = std::mem::replace(&mut self.exact, Vec::with_capacity(BATCH));
            let digest = self.digest.get_or_insert_with(|| TDigest::new_with_size(DIGEST_SIZE));
            *digest = digest.merge_unsorted(batch);
        }
    }

    pub fn n(&self) -> u64 {
        self.moments.n()
    }

    pub fn mean(&self) -> f64 {
        self.moments.mean()
    }

    pub fn sd(&self) -> f64 {
        self.moments.sd()
    }

    pub fn ci95(&self) -> (f64, f64) {
        self.moments.ci95()
    }

    /// Percentile `q` (0-1): exact (type 7) for up to [`EXACT_VALUES`]
    /// values, estimated by the t-digest beyond.
    pub fn quantile(&self, q: f64) -> f64 {
        match &self.digest {
            None => {
                let mut v = self.exact.clone();
                v.sort_by(f64::total_cmp);
                quantile(&v, q)
            }
            Some(t) => {
                let t = if self.exact.is_empty() {
                    t.clone()
                } else {
                    t.merge_unsorted(self.exact.clone())
                };
                t.estimate_quantile(q).unwrap_or(f64::NAN)
            }
        }
    }

    pub fn summary(&self) -> Summary {
        Summary {
            n: self.n() as usize,
            mean: self.mean(),
            sd: self.sd(),
            p5: self.quantile(0.05),
            p50: self.quantile(0.5),
            p95: self.quantile(0.95),
        }
    }
}

/// Quantile `p` of Student's t distribution with `df` degrees of freedom.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df).map(|t| t.inverse_cdf(p)).unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! quantile_cases {
        ($($name:ident: $data:expr, $q:expr => $want:expr;)*) => {$(
            #[test]
            fn $name() {
                let mut d: Vec<f64> = $data.to_vec();
                d.sort_by(f64::total_cmp);
                assert!((quantile(&d, $q) - $want).abs() < 1e-12, "{}", quantile(&d, $q));
            }
        )*};
    }

    // Expected values from numpy.quantile (method="linear").
    quantile_cases! {
        median_odd: [3.0, 1.0, 2.0], 0.5 => 2.0;
        median_even: [4.0, 1.0, 3.0, 2.0], 0.5 => 2.5;
        p5_of_ten: [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], 0.05 => 1.45;
        p95_of_ten: [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], 0.95 => 9.55;
        single: [7.0], 0.95 => 7.0;
    }

    #[test]
    fn summary_of_constant_has_zero_spread() {
        let s = Summary::of(&[2.0; 5]);
        assert_eq!((s.mean, s.sd, s.p5, s.p95), (2.0, 0.0, 2.0, 2.0));
    }

    #[test]
    fn accumulator_matches_the_exact_summary() {
        let v: Vec<f64> = (0..100).map(|i| ((i * 37) % 101) as f64 * 0.5).collect();
        let mut a = Accumulator::default();
        for x in &v {
            a.push(*x);
        }
        let s = Summary::of(&v);
        let t = a.summary();
        assert_eq!(s.n, t.n);
        assert!((s.mean - t.mean).abs() < 1e-12 && (s.sd - t.sd).abs() < 1e-12);
        assert_eq!((s.p5, s.p50, s.p95), (t.p5, t.p50, t.p95));
    }

    #[test]
    fn accumulator_stays_accurate_beyond_the_exact_values() {
        let v: Vec<f64> = (0..10_000).map(|i| ((i * 7919) % 10_007) as f64).collect();
        let mut a = Accumulator::default();
        for x in &v {
            a.push(*x);
        }
        let s = Summary::of(&v);
        let t = a.summary();
        for (exact, est) in [(s.p5, t.p5), (s.p50, t.p50), (s.p95, t.p95)] {
            assert!((exact - est).abs() < 0.005 * 10_007.0, "{exact} vs {est}");
        }
    }

    #[test]
    fn zero_differences_give_a_zero_width_interval() {
        let mut a = Accumulator::default();
        for _ in 0..5 {
            a.push(0.0);
        }
        assert_eq!(a.ci95(), (0.0, 0.0));
    }

    #[test]
    fn t_quantiles_match_tables() {
        // Student's t tables: t(0.975; 9) = 2.262, t(0.975; 1000) ≈ 1.962.
        assert!((t_quantile(0.975, 9.0) - 2.2622).abs() < 1e-3);
        assert!((t_quantile(0.975, 1000.0) - 1.9623).abs() < 1e-3);
    }

    #[test]
    fn sample_sd() {
        let s = Summary::of(&[1.0, 2.0, 3.0, 4.0]);
        assert!((s.sd - 1.2909944487358056).abs() < 1e-12);
    }
}
