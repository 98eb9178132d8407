//! Standardising features to zero mean and unit variance.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, ArrayViewMut2, Zip};

use crate::check::{self, shape2};
use crate::error::{Error, Result};
use crate::float::Float;

/// Per-column standardisation `(x - mean) / scale`, as scikit-learn's `StandardScaler`.
///
/// `scale` is the population standard deviation (ddof = 0). A column that is constant (its
/// variance is within rounding error of 0, by scikit-learn's `_is_constant_feature` test) gets
/// scale exactly 1, so it is only centred.
///
/// ```
/// use ndarray::array;
/// use ndnet::data::StandardScaler;
///
/// let x = array![[1.0f64, 5.0], [3.0, 5.0]];
/// let scaler = StandardScaler::fit(x.view())?;
/// assert_eq!(scaler.mean(), array![2.0, 5.0]);
/// assert_eq!(scaler.scale(), array![1.0, 1.0]); // std of [1, 3] is 1; [5, 5] is constant
/// assert_eq!(scaler.transform(x.view())?, array![[-1.0, 0.0], [1.0, 0.0]]);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "serde_repr::Scaler<F>", bound(deserialize = "F: Float"))
)]
pub struct StandardScaler<F> {
    mean: Array1<F>,
    scale: Array1<F>,
}

impl<F: Float> StandardScaler<F> {
    /// Learns each column's mean and population standard deviation from `x`,
    /// `(n_samples, n_features)`. Both are computed in `f64` (corrected two-pass algorithm)
    /// and then rounded to `F`.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyData`] if `x` has no rows or no columns; [`Error::NonFinite`] if it holds
    /// a NaN or infinity.
    pub fn fit(x: ArrayView2<'_, F>) -> Result<Self> {
        let (rows, cols) = x.dim();
        if rows == 0 || cols == 0 {
            return Err(Error::EmptyData(format!(
                "StandardScaler::fit needs at least one row and one column, got {}",
                shape2(rows, cols)
            )));
        }
        check::finite("StandardScaler::fit input", x)?;
        let n = rows as f64;
        let mut mean = Array1::zeros(cols);
        let mut scale = Array1::zeros(cols);
        for ((column, m_out), s_out) in x.columns().into_iter().zip(&mut mean).zip(&mut scale) {
            let m = column.iter().map(|v| v.to_f64_lossless()).sum::<f64>() / n;
            let (mut sq, mut corr) = (0.0f64, 0.0f64);
            for v in column {
                let d = v.to_f64_lossless() - m;
                sq += d * d;
                corr += d;
            }
            let var = ((sq - corr * corr / n) / n).max(0.0);
            *m_out = F::from_f64_lossy(m);
            *s_out = if is_constant(var, m, n) {
                F::one()
            } else {
                F::from_f64_lossy(var.sqrt())
            };
        }
        Ok(Self { mean, scale })
    }

    /// A scaler with the given per-column `mean` and `scale` (e.g. saved from an earlier fit).
    ///
    /// # Errors
    ///
    /// [`Error::ShapeMismatch`] if the lengths differ; [`Error::NonFinite`] if a value is not
    /// finite; [`Error::InvalidHyperparameter`] if a scale is not `> 0`.
    pub fn from_parts(mean: Array1<F>, scale: Array1<F>) -> Result<Self> {
        if mean.len() != scale.len() {
            return Err(Error::ShapeMismatch {
                context: "StandardScaler::from_parts scale",
                expected: format!("({},)", mean.len()),
                actual: format!("({},)", scale.len()),
            });
        }
        check::finite(
            "StandardScaler mean",
            mean.view().insert_axis(ndarray::Axis(0)),
        )?;
        check::finite(
            "StandardScaler scale",
            scale.view().insert_axis(ndarray::Axis(0)),
        )?;
        if let Some(bad) = scale.iter().find(|&&s| s <= F::zero()) {
            return Err(Error::InvalidHyperparameter {
                name: "scale",
                value: bad.to_string(),
                reason: "every scale must be > 0",
            });
        }
        Ok(Self { mean, scale })
    }

    /// The per-column means, `(n_features,)`.
    pub fn mean(&self) -> ArrayView1<'_, F> {
        self.mean.view()
    }

    /// The per-column scales (population std, or 1 for constant columns), `(n_features,)`.
    pub fn scale(&self) -> ArrayView1<'_, F> {
        self.scale.view()
    }

    /// Number of feature columns the scaler was fitted on.
    pub fn n_features(&self) -> usize {
        self.mean.len()
    }

    /// Returns `(x - mean) / scale`, `(batch, n_features) -> (batch, n_features)`.
    /// Non-finite inputs are not checked and give non-finite outputs.
    ///
    /// # Errors
    ///
    /// [`Error::ShapeMismatch`] if `x` does not have `n_features()` columns.
    pub fn transform(&self, x: ArrayView2<'_, F>) -> Result<Array2<F>> {
        let mut out = x.to_owned();
        self.transform_inplace(out.view_mut())?;
        Ok(out)
    }

    /// Replaces `x` with `(x - mean) / scale`.
    ///
    /// # Errors
    ///
    /// [`Error::ShapeMismatch`] if `x` does not have `n_features()` columns.
    pub fn transform_inplace(&self, mut x: ArrayViewMut2<'_, F>) -> Result<()> {
        self.check_columns("StandardScaler::transform input", x.view())?;
        for mut row in x.rows_mut() {
            Zip::from(&mut row)
                .and(&self.mean)
                .and(&self.scale)
                .for_each(|v, &m, &s| *v = (*v - m) / s);
        }
        Ok(())
    }

    /// Undoes [`transform`](Self::transform): returns `x * scale + mean`.
    ///
    /// # Errors
    ///
    /// [`Error::ShapeMismatch`] if `x` does not have `n_features()` columns.
    pub fn inverse_transform(&self, x: ArrayView2<'_, F>) -> Result<Array2<F>> {
        self.check_columns("StandardScaler::inverse_transform input", x)?;
        let mut out = x.to_owned();
        for mut row in out.rows_mut() {
            Zip::from(&mut row)
                .and(&self.mean)
                .and(&self.scale)
                .for_each(|v, &m, &s| *v = *v * s + m);
        }
        Ok(out)
    }

    fn check_columns(&self, context: &'static str, x: ArrayView2<'_, F>) -> Result<()> {
        check::columns(context, "batch", x, self.n_features())
    }
}

/// scikit-learn's `_is_constant_feature`: the variance is below the rounding error of its
/// own computation, `var <= n eps var + (n mean eps)^2` with `eps` the f64 machine epsilon.
fn is_constant(var: f64, mean: f64, n: f64) -> bool {
    let eps = f64::EPSILON;
    var <= n * eps * var + (n * mean * eps).powi(2)
}

#[cfg(test)]
mod tests;

#[cfg(feature = "serde")]
mod serde_repr {
    use super::*;

    /// A scaler as documents store it, checked by [`StandardScaler::from_parts`] on the way in.
    #[derive(serde::Deserialize)]
    #[serde(bound(deserialize = "F: Float"))]
    pub struct Scaler<F> {
        mean: Array1<F>,
        scale: Array1<F>,
    }

    impl<F: Float> TryFrom<Scaler<F>> for StandardScaler<F> {
        type Error = Error;
        fn try_from(s: Scaler<F>) -> Result<Self> {
            StandardScaler::from_parts(s.mean, s.scale)
        }
    }
}
