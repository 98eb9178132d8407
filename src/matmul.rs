//! The one place ndnet multiplies matrices.
//!
//! Every product in the forward and backward passes goes through [`gemm`], so the backend can
//! change in one place. It writes into an array the caller owns.
//!
//! The default backend is the `gemm` crate (the kernels behind faer and candle): on this project's
//! reference machine it runs `X·Wᵀ` for 784→128 at batch 1 several times faster than ndarray's
//! default (`matrixmultiply`) and reaches ~93 % of a core's peak at large batches. Like
//! `matrixmultiply`, it may allocate a packing buffer inside a product; everything else in
//! ndnet's forward and backward passes runs in reused buffers. Large products are split over
//! threads (rayon) when there is enough work to pay for it. With the `blas` feature the products
//! go to the system OpenBLAS through ndarray instead.

use ndarray::{ArrayView2, ArrayViewMut2, Axis};

use crate::float::Float;

#[cfg(test)]
thread_local! {
    static IN_BACKEND: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is inside the matrix backend right now. The backend (`gemm`) may
/// allocate a packing buffer for a product; the allocation test uses this to tell those
/// allocations from ndnet's own, which must be none. Test builds only.
#[cfg(test)]
pub(crate) fn in_matrix_backend() -> bool {
    IN_BACKEND.with(std::cell::Cell::get)
}

/// Marks this thread as inside the backend (test builds only; nothing otherwise).
#[inline(always)]
fn set_in_backend(_inside: bool) {
    #[cfg(test)]
    IN_BACKEND.with(|flag| flag.set(_inside));
}

/// Products with at least this many multiply-adds (`m·n·k`) use every core.
#[cfg(not(feature = "blas"))]
const PARALLEL_THRESHOLD: usize = 1 << 24;

/// `c ← alpha · a · b + beta · c`.
///
/// Shapes must agree (`a (m, k)`, `b (k, n)`, `c (m, n)`); callers check them, and a mismatch
/// is a bug in ndnet, hence the panic.
#[track_caller]
pub(crate) fn gemm<F: Float>(
    alpha: F,
    a: ArrayView2<'_, F>,
    b: ArrayView2<'_, F>,
    beta: F,
    c: &mut ArrayViewMut2<'_, F>,
) {
    let (m, k) = a.dim();
    let n = b.ncols();
    assert!(
        b.nrows() == k && c.dim() == (m, n),
        "gemm shapes: a {:?}, b {:?}, c {:?}",
        a.dim(),
        b.dim(),
        c.dim()
    );
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        c.map_inplace(|v| *v = beta * *v);
        return;
    }
    if dot_products(alpha, &a, &b, beta, c) {
        return;
    }
    #[cfg(feature = "blas")]
    {
        // ndarray hands BLAS-compatible layouts (all of ndnet's) to the system's sgemm/dgemm.
        set_in_backend(true);
        ndarray::linalg::general_mat_mul(alpha, &a, &b, beta, c);
        set_in_backend(false);
    }
    #[cfg(not(feature = "blas"))]
    gemm_crate(alpha, a, b, beta, c);
}

/// The default backend: the pure-Rust `gemm` crate.
#[cfg(not(feature = "blas"))]
fn gemm_crate<F: Float>(
    alpha: F,
    a: ArrayView2<'_, F>,
    b: ArrayView2<'_, F>,
    beta: F,
    c: &mut ArrayViewMut2<'_, F>,
) {
    let (m, k) = a.dim();
    let n = b.ncols();
    let parallelism = if m * n * k >= PARALLEL_THRESHOLD {
        gemm::Parallelism::Rayon(0)
    } else {
        gemm::Parallelism::None
    };
    let (a_rs, a_cs) = (a.stride_of(Axis(0)), a.stride_of(Axis(1)));
    let (b_rs, b_cs) = (b.stride_of(Axis(0)), b.stride_of(Axis(1)));
    let (c_rs, c_cs) = (c.stride_of(Axis(0)), c.stride_of(Axis(1)));
    // SAFETY: the pointers and strides describe the three views exactly (shapes checked above);
    // `c` is a unique mutable view, so it cannot alias `a` or `b`. The crate's convention is
    // `dst ← α·dst + β·lhs·rhs`, so BLAS's alpha and beta swap places; with `read_dst = false`
    // the old content of `c` is never read (it may be uninitialised garbage from a reused
    // buffer, but it is always initialised memory).
    set_in_backend(true);
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            c.as_mut_ptr(),
            c_cs,
            c_rs,
            beta != F::zero(),
            a.as_ptr(),
            a_cs,
            a_rs,
            b.as_ptr(),
            b_cs,
            b_rs,
            beta,
            alpha,
            false,
            false,
            false,
            parallelism,
        );
    }
    set_in_backend(false);
}

/// A product with a single output column (a one-unit layer) is a set of dot products; when the
/// vectors are contiguous this beats the general kernel several times over. (A single output
/// *row*, batch-1 inference, is faster through `gemm`'s own matrix-vector kernel, measured.)
/// Returns whether it handled the product.
fn dot_products<F: Float>(
    alpha: F,
    a: &ArrayView2<'_, F>,
    b: &ArrayView2<'_, F>,
    beta: F,
    c: &mut ArrayViewMut2<'_, F>,
) -> bool {
    let update = |c: &mut F, dot: F| {
        *c = if beta == F::zero() {
            alpha * dot
        } else {
            alpha * dot + beta * *c
        }
    };
    let contiguous = |s: isize, len: usize| s == 1 || len <= 1;
    let k = a.ncols();
    let n = b.ncols();
    if n == 1 && contiguous(a.stride_of(Axis(1)), k) && contiguous(b.stride_of(Axis(0)), k) {
        let col = b.column(0);
        for (c, row) in c.column_mut(0).iter_mut().zip(a.rows()) {
            update(c, row.dot(&col));
        }
        true
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{array, Array2};

    #[test]
    fn matches_ndarray_dot_for_transposed_and_strided_views() {
        let a = Array2::from_shape_fn((5, 7), |(i, j)| (i * 7 + j) as f64 * 0.1 - 1.0);
        let b = Array2::from_shape_fn((4, 7), |(i, j)| (i as f64 - j as f64) * 0.3);
        let mut c = Array2::from_elem((5, 4), 1.0);
        gemm(2.0, a.view(), b.t(), 0.5, &mut c.view_mut());
        let want = a.dot(&b.t()) * 2.0 + 0.5;
        for (x, y) in c.iter().zip(want.iter()) {
            assert!((x - y).abs() < 1e-12);
        }
        // A column slice (non-unit strides) and f32.
        let a32 = array![[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.0]];
        let mut c32 = Array2::zeros((3, 3));
        gemm(1.0, a32.t(), a32.view(), 0.0, &mut c32.view_mut());
        assert_eq!(c32, a32.t().dot(&a32));
    }

    #[test]
    fn single_row_and_single_column_products_match_dot() {
        let x = Array2::from_shape_fn((1, 9), |(_, j)| j as f64 - 4.0);
        let w = Array2::from_shape_fn((5, 9), |(i, j)| (i * 9 + j) as f64 * 0.01);
        let mut c = Array2::from_elem((1, 5), 2.0);
        gemm(1.5, x.view(), w.t(), 0.5, &mut c.view_mut());
        let want = x.dot(&w.t()) * 1.5 + 1.0;
        assert!(c
            .iter()
            .zip(want.iter())
            .all(|(a, b)| (a - b).abs() < 1e-12));

        let xs = Array2::from_shape_fn((7, 9), |(i, j)| (i as f64) - (j as f64) * 0.3);
        let w1 = w.slice(ndarray::s![..1, ..]);
        let mut c = Array2::zeros((7, 1));
        gemm(1.0, xs.view(), w1.t(), 0.0, &mut c.view_mut());
        let want = xs.dot(&w1.t());
        assert!(c
            .iter()
            .zip(want.iter())
            .all(|(a, b)| (a - b).abs() < 1e-12));
    }

    #[test]
    fn empty_inner_dimension_scales_c() {
        let a = Array2::<f32>::zeros((2, 0));
        let b = Array2::<f32>::zeros((0, 3));
        let mut c = Array2::from_elem((2, 3), 4.0f32);
        gemm(1.0, a.view(), b.view(), 0.5, &mut c.view_mut());
        assert!(c.iter().all(|&v| v == 2.0));
    }
}
