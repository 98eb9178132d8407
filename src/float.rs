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
    // Summing is vectorisable and finds any non-finite value in one pass (NaN and inf propagate;
    // +inf and -inf give NaN); only on failure do we search for the position.
    let mut sum = F::zero();
    for row in x.rows() {
        for &v in row {
            sum += v * F::zero();
        }
    }
    if sum.is_finite() {
        return Ok(());
    }
    for ((row, column), &v) in x.indexed_iter() {
        if !v.is_finite() {
            return Err(Error::NonFinite {
                context,
                row,
                column,
                value: v.to_f64_lossless(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

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
