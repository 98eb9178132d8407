//! PCA and ZCA whitening.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

use super::{affine, check_input, decompose};
use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;

/// Which whitening [`Whitening`] applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhiteningKind {
    /// Rotate onto the principal components, then scale each to unit variance:
    /// `W = diag(1/√(s + ε)) Uᵀ`. The outputs are the components, by decreasing variance.
    Pca,
    /// PCA whitening rotated back to the original axes, `W = U diag(1/√(s + ε)) Uᵀ`
    /// (Bell & Sejnowski 1997): the whitened data closest to the input, so images stay images.
    Zca,
}

/// Whitening as in CS231n's preprocessing notes: with `Σ = U diag(s) Uᵀ` the covariance of the
/// centred training rows (divided by `n`, as in those notes), map `x ↦ W·(x − mean)` so that
/// the whitened training data has covariance `diag(s/(s + ε))`: the identity for `ε = 0`.
/// `ε > 0` keeps directions of tiny variance (mostly noise) from being blown up.
///
/// ```
/// use ndarray::array;
/// use ndnet::preprocessing::Whitening;
///
/// let x = array![[1.0f64, 2.0], [2.0, 3.9], [3.0, 6.1], [4.0, 8.0], [0.0, 0.2]];
/// let white = Whitening::zca().epsilon(0.0).fit(x.view())?;
/// let z = white.transform(x.view())?;
/// let cov = z.t().dot(&z) / 5.0;                        // the mean of z is 0
/// assert!((cov[(0, 0)] - 1.0).abs() < 1e-10 && cov[(0, 1)].abs() < 1e-10);
/// assert!((&white.inverse_transform(z.view())? - &x).iter().all(|d| d.abs() < 1e-10));
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Whitening {
    kind: WhiteningKind,
    epsilon: f64,
}

impl Whitening {
    /// PCA whitening, with `ε` defaulting to `1e-5` (CS231n's value).
    pub fn pca() -> Self {
        Whitening {
            kind: WhiteningKind::Pca,
            epsilon: 1e-5,
        }
    }

    /// ZCA whitening, with `ε` defaulting to `1e-5`.
    pub fn zca() -> Self {
        Whitening {
            kind: WhiteningKind::Zca,
            ..Self::pca()
        }
    }

    /// The variance `ε ≥ 0` added to each eigenvalue before dividing by its square root.
    pub fn epsilon(mut self, epsilon: f64) -> Self {
        self.epsilon = epsilon;
        self
    }

    /// The kind of whitening.
    pub fn kind(&self) -> WhiteningKind {
        self.kind
    }

    /// Learns the mean and the whitening matrix of the training rows `x` `(samples, features)`.
    /// With fewer samples than features only `samples` directions have a variance: PCA
    /// whitening then outputs that many columns.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a negative or non-finite `ε`; [`Error::EmptyData`]
    /// for fewer than 2 rows or no column; [`Error::NonFinite`]; [`Error::Linalg`] if LAPACK
    /// fails, or if `ε = 0` and a direction has (numerically) zero variance.
    pub fn fit<F: Float>(&self, x: ArrayView2<'_, F>) -> Result<FittedWhitening<F>> {
        check::non_negative("epsilon", self.epsilon)?;
        let dec = decompose(x, false, 0, "Whitening::fit")?;
        let largest = dec.variances.first().copied().unwrap_or(0.0);
        let scale = dec.variances.mapv(|s| s + self.epsilon);
        if let Some(i) = scale.iter().position(|&v| v <= largest * 1e-13) {
            return Err(Error::Linalg {
                operation: "whitening",
                message: format!(
                    "component {i} has variance {:e}: the data is rank-deficient; use epsilon > 0",
                    dec.variances.get(i).copied().unwrap_or(f64::NAN)
                ),
            });
        }
        let u_t = &dec.components; // (r, features)
        let inv_sqrt = scale.mapv(|v| 1.0 / v.sqrt()).insert_axis(Axis(1));
        let sqrt = scale.mapv(f64::sqrt).insert_axis(Axis(1));
        let pca = u_t * &inv_sqrt; // diag(1/√s) Uᵀ
        let pca_inverse = u_t * &sqrt; // diag(√s) Uᵀ
        let (matrix, inverse) = match self.kind {
            WhiteningKind::Pca => (pca, pca_inverse),
            // U diag(1/√s) Uᵀ and U diag(√s) Uᵀ
            WhiteningKind::Zca => (u_t.t().dot(&pca), u_t.t().dot(&pca_inverse)),
        };
        Ok(FittedWhitening {
            kind: self.kind,
            mean: dec.mean.mapv(F::from_f64_lossy),
            matrix: matrix.mapv(F::from_f64_lossy),
            inverse: inverse.mapv(F::from_f64_lossy),
        })
    }
}

/// A fitted [`Whitening`].
#[derive(Debug, Clone, PartialEq)]
pub struct FittedWhitening<F> {
    kind: WhiteningKind,
    mean: Array1<F>,
    /// `W`, `(outputs, features)`.
    matrix: Array2<F>,
    /// `V` with `x = z·V + mean`, `(outputs, features)`.
    inverse: Array2<F>,
}

impl<F: Float> FittedWhitening<F> {
    /// The kind of whitening.
    pub fn kind(&self) -> WhiteningKind {
        self.kind
    }

    /// The whitening matrix `W`, `(outputs, features)`; `transform(x) = (x − mean)·Wᵀ`.
    pub fn matrix(&self) -> ArrayView2<'_, F> {
        self.matrix.view()
    }

    /// The training data's column means, `(features)`.
    pub fn mean(&self) -> ArrayView1<'_, F> {
        self.mean.view()
    }

    /// Whitens `x`: `(samples, features) -> (samples, outputs)`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for the wrong number of features; [`Error::NonFinite`].
    pub fn transform(&self, x: ArrayView2<'_, F>) -> Result<Array2<F>> {
        check_input(x, self.matrix.ncols(), "Whitening::transform input")?;
        Ok(affine(x, &self.mean, &self.matrix, false))
    }

    /// Undoes [`transform`](Self::transform): `(samples, outputs) -> (samples, features)`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for the wrong number of columns; [`Error::NonFinite`].
    pub fn inverse_transform(&self, z: ArrayView2<'_, F>) -> Result<Array2<F>> {
        check_input(z, self.matrix.nrows(), "Whitening::inverse_transform input")?;
        Ok(affine(z, &self.mean, &self.inverse, true))
    }
}
