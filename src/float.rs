//! The floating-point element types ndnet computes in.

use ndarray::NdFloat;
use num_traits::FromPrimitive;

/// An element type for networks: implemented for `f32` and `f64` only.
///
/// `f32` is the everyday choice (half the memory traffic, twice the SIMD width); `f64` is for
/// gradient checks and for problems that need the precision. Both are serde types, so that
/// model files can hold them.
pub trait Float:
    NdFloat + FromPrimitive + Default + serde::Serialize + serde::de::DeserializeOwned + private::Sealed
{
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
