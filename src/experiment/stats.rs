//! Summary statistics across replicates.

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
    fn sample_sd() {
        let s = Summary::of(&[1.0, 2.0, 3.0, 4.0]);
        assert!((s.sd - 1.2909944487358056).abs() < 1e-12);
    }
}
