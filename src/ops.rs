//! The scalar and row maths that several parts need: one stable copy of each.
//!
//! Activations, losses, classifiers and solvers all use these, so they sit at the bottom of
//! the module graph instead of inside any one of them.

use ndarray::{ArrayView1, ArrayViewMut1, Zip};

use crate::float::Float;

/// The logistic function `σ(z) = 1 / (1 + e^{−z})`, branching on the sign so that `exp` never
/// overflows: exact 0 and 1 at `z = ∓1e4`.
#[inline(always)]
pub(crate) fn sigmoid<F: Float>(z: F) -> F {
    if z >= F::zero() {
        F::one() / (F::one() + (-z).exp())
    } else {
        let e = z.exp();
        e / (F::one() + e)
    }
}

/// `ln(1 + e^z)` as `max(z, 0) + ln(1 + e^{−|z|})`: no overflow for large `z`, no loss of
/// precision for very negative `z`.
#[inline(always)]
pub(crate) fn softplus<F: Float>(z: F) -> F {
    z.max(F::zero()) + (-z.abs()).exp().ln_1p()
}

/// Writes `softmax(scores)` into `out` and returns the log-sum-exp `ln Σ_j e^{s_j}`, both
/// computed with the maximum `m` shifted out: `out_j = e^{s_j − m} / Σ_l e^{s_l − m}` and
/// `LSE = m + ln Σ_l e^{s_l − m}`, so nothing overflows at scores of ±1e4.
#[inline]
pub(crate) fn softmax<F: Float>(scores: ArrayView1<'_, F>, mut out: ArrayViewMut1<'_, F>) -> F {
    let m = scores.fold(F::neg_infinity(), |m, &v| m.max(v));
    let mut sum = F::zero();
    Zip::from(&mut out).and(&scores).for_each(|o, &s| {
        *o = (s - m).exp();
        sum += *o;
    });
    let inv = F::one() / sum;
    out.mapv_inplace(|e| e * inv);
    m + sum.ln()
}

/// The index of the largest value (the first one on a tie; 0 for an empty row).
pub(crate) fn argmax<F: Float>(row: ArrayView1<'_, F>) -> usize {
    let mut best = 0;
    for (j, &v) in row.iter().enumerate() {
        if row.get(best).is_some_and(|&b| v > b) {
            best = j;
        }
    }
    best
}

/// Whether every value is finite, in one vectorisable pass: `v · 0` is `±0` for a finite value
/// and NaN for NaN or ±inf, and independent lanes let the compiler use SIMD for the sums.
pub(crate) fn all_finite<F: Float>(values: &[F]) -> bool {
    const LANES: usize = 16;
    let mut lanes = [F::zero(); LANES];
    let chunks = values.chunks_exact(LANES);
    let mut tail = F::zero();
    for &v in chunks.remainder() {
        tail += v * F::zero();
    }
    for chunk in chunks {
        for (acc, &v) in lanes.iter_mut().zip(chunk) {
            *acc += v * F::zero();
        }
    }
    lanes.iter().fold(tail, |sum, &lane| sum + lane) == F::zero()
}

/// `Σ v²` over a slice, with independent lanes so that it vectorises.
pub(crate) fn sum_of_squares<F: Float>(values: &[F]) -> F {
    const LANES: usize = 16;
    let mut lanes = [F::zero(); LANES];
    let chunks = values.chunks_exact(LANES);
    let mut tail = F::zero();
    for &v in chunks.remainder() {
        tail += v * v;
    }
    for chunk in chunks {
        for (acc, &v) in lanes.iter_mut().zip(chunk) {
            *acc += v * v;
        }
    }
    lanes.iter().fold(tail, |sum, &lane| sum + lane)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{array, Array1};

    #[test]
    fn all_finite_sees_every_kind_of_bad_value_in_every_position() {
        for len in [1, 15, 16, 17, 40] {
            let ok = vec![1.5f32; len];
            assert!(all_finite(&ok));
            for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
                for pos in [0, len / 2, len - 1] {
                    let mut v = ok.clone();
                    v[pos] = bad;
                    assert!(!all_finite(&v), "{bad} at {pos} of {len}");
                }
            }
        }
        assert!(all_finite::<f64>(&[]));
        assert!(all_finite(&[f64::MAX, -f64::MAX, f64::MIN_POSITIVE]));
    }

    #[test]
    fn sum_of_squares_matches_the_plain_sum() {
        let v: Vec<f64> = (0..37).map(|i| i as f64 * 0.5 - 3.0).collect();
        let plain: f64 = v.iter().map(|x| x * x).sum();
        assert!((sum_of_squares(&v) - plain).abs() < 1e-12);
    }

    #[test]
    fn softmax_is_stable_and_returns_the_log_sum_exp() {
        let s = array![1e4f64, -1e4, 0.0];
        let mut p = Array1::zeros(3);
        let lse = softmax(s.view(), p.view_mut());
        assert_eq!(p, array![1.0, 0.0, 0.0]);
        assert_eq!(lse, 1e4);
        let s = array![0.5f64, 0.5];
        assert!(
            (softmax(s.view(), p.slice_mut(ndarray::s![..2])) - (0.5 + 2f64.ln())).abs() < 1e-15
        );
    }

    #[test]
    fn sigmoid_and_softplus_at_the_extremes() {
        assert_eq!(sigmoid(1e4f32), 1.0);
        assert_eq!(sigmoid(-1e4f32), 0.0);
        assert_eq!(softplus(1e4f64), 1e4);
        assert_eq!(softplus(-1e4f64), 0.0);
        assert_eq!(argmax(array![1.0f64, 3.0, 3.0, 2.0].view()), 1);
    }
}
