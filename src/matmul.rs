//! The one place ndnet multiplies matrices.
//!
//! Every product in the forward and backward passes goes through these functions, so the
//! backend (today ndarray's `general_mat_mul`, i.e. `matrixmultiply`) can change in one place.
//! All of them write into an array the caller owns: nothing is allocated.

use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView2, ArrayViewMut2};

use crate::float::Float;

/// `c ← alpha · a · b + beta · c`.
///
/// Shapes must agree: `a (m, k)`, `b (k, n)`, `c (m, n)`; callers check them.
#[inline]
pub(crate) fn gemm<F: Float>(
    alpha: F,
    a: ArrayView2<'_, F>,
    b: ArrayView2<'_, F>,
    beta: F,
    c: &mut ArrayViewMut2<'_, F>,
) {
    general_mat_mul(alpha, &a, &b, beta, c);
}
