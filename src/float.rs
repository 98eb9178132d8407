//! The floating-point element types ndnet computes in.

use ndarray::{ArrayView2, NdFloat};
use num_traits::FromPrimitive;

use crate::error::{Error, Result};

/// An element type for networks: implemented for `f32` and `f64` only.
///
/// `f32` is the everyday choice (half the memory traffic, twice the SIMD width); `f64` is for
/// gradient checks and for problems that need the precision.
pub trait Float: NdFloat + FromPrimitive + Default + private::Sealed {
    /// The type's name, `"f32"` or `"f64"`.
    const NAME: &'static str;

    /// Converts from `f64`, rounding to nearest for `f32`.
    fn from_f64_lossy(x: f64) -> Self;

    /// Widens (or copies) to `f64`.
    fn to_f64_lossless(self) -> f64;
}

impl Float for f32 {
    const NAME: &'static str = "f32";
    #[inline(always)]
    fn from_f64_lossy(x: f64) -> Self {
        x as f32
    }
    #[inline(always)]
    fn to_f64_lossless(self) -> f64 {
        f64::from(self)
    }
}

impl Float for f64 {
    const NAME: &'static str = "f64";
    #[inline(always)]
    fn from_f64_lossy(x: f64) -> Self {
        x
    }
    #[inline(always)]
    fn to_f64_lossless(self) -> f64 {
        self
    }
}

mod private {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}

/// Returns an [`Error::NonFinite`] for the first NaN or infinite value in `x`, if any.
pub(crate) fn check_finite<F: Float>(context: &'static str, x: ArrayView2<'_, F>) -> Result<()> {
    let finite = match x.as_slice_memory_order() {
        Some(all) => all_finite(all),
        None => x.rows().into_iter().all(|row| match row.as_slice() {
            Some(row) => all_finite(row),
            None => row.iter().all(|v| v.is_finite()),
        }),
    };
    if finite {
        return Ok(());
    }
    match x.indexed_iter().find(|(_, v)| !v.is_finite()) {
        Some(((row, column), &v)) => Err(Error::NonFinite {
            context,
            row,
            column,
            value: v.to_f64_lossless(),
        }),
        None => Ok(()),
    }
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
    use ndarray::array;

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
    fn check_finite_finds_the_position_in_strided_views_too() {
        let mut a = ndarray::Array2::<f64>::zeros((4, 6));
        a[[2, 4]] = f64::NAN;
        match check_finite("x", a.t()) {
            Err(Error::NonFinite { row, column, .. }) => assert_eq!((row, column), (4, 2)),
            other => panic!("expected NonFinite, got {other:?}"),
        }
        assert!(check_finite("x", a.slice(ndarray::s![.., ..3])).is_ok());
    }

    #[test]
    fn check_finite_finds_the_position() {
        let ok = array![[1.0f32, 2.0], [3.0, 4.0]];
        assert!(check_finite("x", ok.view()).is_ok());
        let bad = array![[1.0f64, 2.0], [f64::INFINITY, 4.0]];
        match check_finite("x", bad.view()) {
            Err(Error::NonFinite { row, column, .. }) => assert_eq!((row, column), (1, 0)),
            other => panic!("expected NonFinite, got {other:?}"),
        }
    }
}
