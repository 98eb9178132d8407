//! Decorrelating features: principal component analysis and whitening (feature `linalg`).
//!
//! As in CS231n's notes on data preprocessing: centre the data, rotate it onto the
//! eigenvectors of its covariance (the principal components, in decreasing order of variance),
//! optionally keep only the first few ([`Pca`]), and optionally divide each by its standard
//! deviation so that the covariance becomes the identity ([`Whitening`]: PCA whitening, or ZCA
//! whitening, which rotates back to the original axes). Fit on the training rows only, then
//! transform every split with the fitted model, as with
//! [`StandardScaler`](crate::data::StandardScaler).
//!
//! Factorizations run in `f64` with LAPACK (SVD of the centred data by default), whatever the
//! element type; the fitted parameters are stored in the element type.
//!
//! Signs: an eigenvector is only defined up to sign. Each component is flipped so that its
//! entry of largest magnitude is positive, as scikit-learn ≥ 1.5 does, so results are
//! reproducible and comparable.

mod pca;
mod whitening;

pub use pca::{FittedPca, NComponents, Pca, PcaMethod};
pub use whitening::{FittedWhitening, Whitening, WhiteningKind};

use ndarray::{s, Array1, Array2, ArrayView2, Axis};
use ndarray_linalg::{Eigh, JobSvd, SVDDC, UPLO};

use crate::check::{self, shape2};
use crate::error::{Error, Result};
use crate::float::Float;

/// The principal axes of centred data.
struct Decomposition {
    /// Column means, `(features)`.
    mean: Array1<f64>,
    /// Variance along each component (divided by `n − ddof`), decreasing, `(r)`.
    variances: Array1<f64>,
    /// The components as rows, `(r, features)`, `r = min(samples, features)`.
    components: Array2<f64>,
    /// Total variance (trace of the covariance, divided by `n − ddof`).
    total_variance: f64,
}

/// Centres `x` and finds its principal axes, by SVD of the centred data or by eigh of its
/// covariance, with variances divided by `n − ddof`.
fn decompose<F: Float>(
    x: ArrayView2<'_, F>,
    by_covariance: bool,
    ddof: usize,
    context: &'static str,
) -> Result<Decomposition> {
    let (n, d) = x.dim();
    if n < 2 || d == 0 {
        return Err(Error::EmptyData(format!(
            "{context} needs at least 2 rows and 1 column, got {}",
            shape2(n, d)
        )));
    }
    check::finite("features", x)?;
    let x = x.mapv(F::to_f64_lossless);
    let mean = x.sum_axis(Axis(0)) / n as f64;
    let xc = &x - &mean;
    let denominator = (n - ddof) as f64;
    let total_variance = xc.iter().map(|v| v * v).sum::<f64>() / denominator;
    let r = n.min(d);
    let lapack_error = |operation| {
        move |e: ndarray_linalg::error::LinalgError| Error::Linalg {
            operation,
            message: e.to_string(),
        }
    };
    let (variances, mut components) = if by_covariance {
        let cov = xc.t().dot(&xc) / denominator;
        let (values, vectors) = cov
            .eigh(UPLO::Lower)
            .map_err(lapack_error("eigendecomposition of the covariance"))?;
        // LAPACK returns them in increasing order.
        let order: Vec<usize> = (0..d).rev().take(r).collect();
        let variances = values.select(Axis(0), &order).mapv(|v| v.max(0.0));
        (variances, vectors.select(Axis(1), &order).reversed_axes())
    } else {
        let (_, singular, vt) = xc
            .svddc(JobSvd::Some)
            .map_err(lapack_error("SVD of the centred data"))?;
        let vt = vt.ok_or_else(|| Error::Linalg {
            operation: "SVD of the centred data",
            message: "LAPACK returned no right singular vectors".into(),
        })?;
        let variances = singular.mapv(|s| s * s / denominator);
        (variances, vt.slice(s![..r, ..]).to_owned())
    };
    for mut row in components.rows_mut() {
        let largest = row
            .iter()
            .copied()
            .fold(0.0f64, |m, v| if v.abs() > m.abs() { v } else { m });
        if largest < 0.0 {
            row.mapv_inplace(|v| -v);
        }
    }
    Ok(Decomposition {
        mean,
        variances,
        components,
        total_variance,
    })
}

/// Checks that `x` has `columns` columns and finite values.
fn check_input<F: Float>(
    x: ArrayView2<'_, F>,
    columns: usize,
    context: &'static str,
) -> Result<()> {
    check::columns(context, "samples", x, columns)?;
    check::finite(context, x)
}

/// `(x − mean)·mᵀ` (`m` is `(out, in)`), or `x·m + mean` when `inverse`, in `f64`, rounded to `F`.
fn affine<F: Float>(
    x: ArrayView2<'_, F>,
    mean: &Array1<F>,
    m: &Array2<F>,
    inverse: bool,
) -> Array2<F> {
    let x = x.mapv(F::to_f64_lossless);
    let m = m.mapv(F::to_f64_lossless);
    let mean = mean.mapv(F::to_f64_lossless);
    let out = if inverse {
        x.dot(&m) + &mean
    } else {
        (&x - &mean).dot(&m.t())
    };
    out.mapv(F::from_f64_lossy)
}
