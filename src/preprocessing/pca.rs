//! Principal component analysis.

use ndarray::{s, Array1, Array2, ArrayView1, ArrayView2};

use super::{affine, check_input, decompose};
use crate::error::{Error, Result};
use crate::float::Float;

/// How many components [`Pca`] keeps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NComponents {
    /// All `min(samples, features)` of them.
    All,
    /// The first `k`, `1 ≤ k ≤ min(samples, features)`.
    Count(usize),
    /// The fewest whose explained variance ratios sum to more than this fraction, in `(0, 1]`
    /// (scikit-learn's rule for a float `n_components`).
    VarianceFraction(f64),
}

/// How [`Pca`] finds the components; both give the same result up to rounding.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PcaMethod {
    /// SVD of the centred data `(samples, features)` (the default): accurate even for tiny
    /// variances, since it never squares the data.
    #[default]
    Svd,
    /// Eigendecomposition of the `(features, features)` covariance: cheaper when there are
    /// many more samples than features.
    CovarianceEigh,
}

/// Principal component analysis, as scikit-learn's `PCA`: centres the data and projects it on
/// the directions of largest variance. Variances use `n − 1` (the sample covariance).
///
/// ```
/// use ndarray::array;
/// use ndnet::preprocessing::{NComponents, Pca};
///
/// // Points on the line y = x, plus a little noise across it.
/// let x = array![[-2.0f64, -2.1], [-1.0, -0.9], [0.0, 0.1], [1.0, 0.9], [2.0, 2.0]];
/// let pca = Pca::params().n_components(NComponents::Count(1)).fit(x.view())?;
/// let c = pca.components();
/// assert!((c[(0, 0)] - 0.7071).abs() < 1e-3 && (c[(0, 1)] - 0.7071).abs() < 1e-3);
/// assert!(pca.explained_variance_ratio()[0] > 0.99);
/// let z = pca.transform(x.view())?;                     // (5, 2) -> (5, 1)
/// let back = pca.inverse_transform(z.view())?;          // (5, 1) -> (5, 2), on the line
/// assert!((&back - &x).iter().all(|d| d.abs() < 0.1));
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Pca {
    n_components: Option<NComponents>,
    method: PcaMethod,
}

impl Pca {
    /// The parameters with their defaults.
    pub fn params() -> Self {
        Self::default()
    }

    /// Components to keep; defaults to [`NComponents::All`].
    pub fn n_components(mut self, n_components: NComponents) -> Self {
        self.n_components = Some(n_components);
        self
    }

    /// The factorization; defaults to [`PcaMethod::Svd`].
    pub fn method(mut self, method: PcaMethod) -> Self {
        self.method = method;
        self
    }

    /// Learns the mean and components of the training rows `x` `(samples, features)`.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a count outside `1..=min(samples, features)` or a
    /// fraction outside `(0, 1]`; [`Error::EmptyData`] for fewer than 2 rows or no column;
    /// [`Error::NonFinite`]; [`Error::Linalg`] if LAPACK fails.
    pub fn fit<F: Float>(&self, x: ArrayView2<'_, F>) -> Result<FittedPca<F>> {
        let n_components = self.n_components.unwrap_or(NComponents::All);
        if let NComponents::VarianceFraction(f) = n_components {
            if !(f > 0.0 && f <= 1.0) {
                return Err(Error::InvalidHyperparameter {
                    name: "n_components",
                    value: format!("VarianceFraction({f})"),
                    reason: "the fraction must be in (0, 1]",
                });
            }
        }
        let by_covariance = self.method == PcaMethod::CovarianceEigh;
        let dec = decompose(x, by_covariance, 1, "Pca::fit")?;
        let available = dec.variances.len();
        let ratio = if dec.total_variance > 0.0 {
            &dec.variances / dec.total_variance
        } else {
            Array1::zeros(available)
        };
        let k = match n_components {
            NComponents::All => available,
            NComponents::Count(k) if (1..=available).contains(&k) => k,
            NComponents::Count(k) => {
                return Err(Error::InvalidHyperparameter {
                    name: "n_components",
                    value: format!("Count({k})"),
                    reason: "must be between 1 and min(samples, features)",
                })
            }
            NComponents::VarianceFraction(f) => {
                let mut cumulative = 0.0;
                let below = ratio
                    .iter()
                    .take_while(|&&r| {
                        cumulative += r;
                        cumulative <= f
                    })
                    .count();
                (below + 1).min(available)
            }
        };
        let to_f = |a: ArrayView1<'_, f64>| a.mapv(F::from_f64_lossy);
        Ok(FittedPca {
            mean: dec.mean.mapv(F::from_f64_lossy),
            components: dec.components.slice(s![..k, ..]).mapv(F::from_f64_lossy),
            explained_variance: to_f(dec.variances.slice(s![..k])),
            explained_variance_ratio: to_f(ratio.slice(s![..k])),
        })
    }
}

/// A fitted [`Pca`].
#[derive(Debug, Clone, PartialEq)]
pub struct FittedPca<F> {
    mean: Array1<F>,
    components: Array2<F>,
    explained_variance: Array1<F>,
    explained_variance_ratio: Array1<F>,
}

impl<F: Float> FittedPca<F> {
    /// The principal axes as orthonormal rows, `(components, features)`, by decreasing
    /// variance.
    pub fn components(&self) -> ArrayView2<'_, F> {
        self.components.view()
    }

    /// The variance of the training data along each component (sample variance, `n − 1`).
    pub fn explained_variance(&self) -> ArrayView1<'_, F> {
        self.explained_variance.view()
    }

    /// Each component's share of the total variance; sums to 1 when all are kept.
    pub fn explained_variance_ratio(&self) -> ArrayView1<'_, F> {
        self.explained_variance_ratio.view()
    }

    /// The training data's column means, `(features)`.
    pub fn mean(&self) -> ArrayView1<'_, F> {
        self.mean.view()
    }

    /// Number of components kept.
    pub fn n_components(&self) -> usize {
        self.components.nrows()
    }

    /// Projects `x` on the components: `(x − mean)·Cᵀ`, `(samples, features) -> (samples,
    /// components)`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for the wrong number of features; [`Error::NonFinite`].
    pub fn transform(&self, x: ArrayView2<'_, F>) -> Result<Array2<F>> {
        check_input(x, self.components.ncols(), "Pca::transform input")?;
        Ok(affine(x, &self.mean, &self.components, false))
    }

    /// Maps projections back: `z·C + mean`, `(samples, components) -> (samples, features)`.
    /// Exact when all components are kept; otherwise the closest point in their span.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for the wrong number of columns; [`Error::NonFinite`].
    pub fn inverse_transform(&self, z: ArrayView2<'_, F>) -> Result<Array2<F>> {
        check_input(z, self.components.nrows(), "Pca::inverse_transform input")?;
        Ok(affine(z, &self.mean, &self.components, true))
    }
}
