//! Regression metrics: mean squared error, its root, mean absolute error and R².
//!
//! Targets and predictions are real values, either one output per sample, `(samples,)`, or
//! several, `(samples, outputs)`. For several outputs each metric is computed per output and
//! the results are averaged with equal weight (scikit-learn's default
//! `multioutput='uniform_average'`). The `_weighted` variants weigh the samples
//! (scikit-learn's `sample_weight`). Every sum is taken in `f64`, whatever the element type.

use ndarray::{Array1, ArrayView, ArrayView1, ArrayView2, Dimension, Ix1, Ix2};

use crate::check::{self, shape2};
use crate::error::{Error, Result};
use crate::float::Float;

/// The shapes of targets the regression metrics accept: [`Ix1`](type@Ix1) for `(samples,)` and
/// [`Ix2`](type@Ix2) for `(samples, outputs)`. A vector is treated as a single output.
///
/// The trait is sealed: it is implemented for these two dimensions only.
pub trait TargetDim: Dimension + sealed::Columns {}

impl TargetDim for Ix1 {}
impl TargetDim for Ix2 {}

mod sealed {
    use ndarray::{ArrayView, ArrayView2, Axis, Dimension, Ix1, Ix2};

    /// Views targets as `(samples, outputs)`.
    pub trait Columns: Dimension {
        fn columns<F>(view: ArrayView<'_, F, Self>) -> ArrayView2<'_, F>;
    }

    impl Columns for Ix1 {
        fn columns<F>(view: ArrayView<'_, F, Self>) -> ArrayView2<'_, F> {
            view.insert_axis(Axis(1))
        }
    }

    impl Columns for Ix2 {
        fn columns<F>(view: ArrayView<'_, F, Self>) -> ArrayView2<'_, F> {
            view
        }
    }
}

/// Mean squared error `mean_i (y_true_i - y_pred_i)²`, as scikit-learn's
/// `mean_squared_error`.
///
/// `y_true` and `y_pred` have the same shape, `(samples,)` or `(samples, outputs)`; for
/// several outputs the result is the mean over outputs of each output's error. Squares of
/// differences beyond about `1e154` overflow to infinity.
///
/// # Errors
///
/// - [`Error::ShapeMismatch`] if the shapes differ.
/// - [`Error::EmptyData`] if there are no samples (or no outputs).
/// - [`Error::NonFinite`] for a NaN or infinite target or prediction.
pub fn mean_squared_error<F: Float, D: TargetDim>(
    y_true: ArrayView<'_, F, D>,
    y_pred: ArrayView<'_, F, D>,
) -> Result<f64> {
    Checked::new(&MSE, y_true, y_pred, None).map(|d| d.mse())
}

/// [`mean_squared_error`] with per-sample weights: `Σ_i w_i (y_true_i - y_pred_i)² / Σ_i w_i`
/// per output, then the mean over outputs.
///
/// `sample_weight` is `(samples,)`, one weight per row of `y_true`.
///
/// # Errors
///
/// As [`mean_squared_error`], and for the weights: [`Error::ShapeMismatch`] if there is not
/// one per sample; [`Error::NonFinite`] for a NaN or infinite weight;
/// [`Error::InvalidHyperparameter`] (named `sample_weight`) for a negative weight or if all
/// are 0.
pub fn mean_squared_error_weighted<F: Float, D: TargetDim>(
    y_true: ArrayView<'_, F, D>,
    y_pred: ArrayView<'_, F, D>,
    sample_weight: ArrayView1<'_, F>,
) -> Result<f64> {
    Checked::new(&MSE, y_true, y_pred, Some(sample_weight)).map(|d| d.mse())
}

/// Root mean squared error `sqrt(mean_i (y_true_i - y_pred_i)²)`, as scikit-learn's
/// `root_mean_squared_error`.
///
/// Shapes as in [`mean_squared_error`]. For several outputs the result is the mean over
/// outputs of each output's root mean squared error (not the root of the averaged
/// [`mean_squared_error`]).
///
/// # Errors
///
/// As [`mean_squared_error`].
pub fn root_mean_squared_error<F: Float, D: TargetDim>(
    y_true: ArrayView<'_, F, D>,
    y_pred: ArrayView<'_, F, D>,
) -> Result<f64> {
    Checked::new(&RMSE, y_true, y_pred, None).map(|d| d.rmse())
}

/// [`root_mean_squared_error`] with per-sample weights: `sqrt(Σ_i w_i (y_true_i - y_pred_i)²
/// / Σ_i w_i)` per output, then the mean over outputs.
///
/// `sample_weight` is `(samples,)`, one weight per row of `y_true`.
///
/// # Errors
///
/// As [`mean_squared_error_weighted`].
pub fn root_mean_squared_error_weighted<F: Float, D: TargetDim>(
    y_true: ArrayView<'_, F, D>,
    y_pred: ArrayView<'_, F, D>,
    sample_weight: ArrayView1<'_, F>,
) -> Result<f64> {
    Checked::new(&RMSE, y_true, y_pred, Some(sample_weight)).map(|d| d.rmse())
}

/// Mean absolute error `mean_i |y_true_i - y_pred_i|`, as scikit-learn's
/// `mean_absolute_error`.
///
/// Shapes as in [`mean_squared_error`]; for several outputs the result is the mean over
/// outputs of each output's error.
///
/// # Errors
///
/// As [`mean_squared_error`].
pub fn mean_absolute_error<F: Float, D: TargetDim>(
    y_true: ArrayView<'_, F, D>,
    y_pred: ArrayView<'_, F, D>,
) -> Result<f64> {
    Checked::new(&MAE, y_true, y_pred, None).map(|d| d.mae())
}

/// [`mean_absolute_error`] with per-sample weights: `Σ_i w_i |y_true_i - y_pred_i| / Σ_i w_i`
/// per output, then the mean over outputs.
///
/// `sample_weight` is `(samples,)`, one weight per row of `y_true`.
///
/// # Errors
///
/// As [`mean_squared_error_weighted`].
pub fn mean_absolute_error_weighted<F: Float, D: TargetDim>(
    y_true: ArrayView<'_, F, D>,
    y_pred: ArrayView<'_, F, D>,
    sample_weight: ArrayView1<'_, F>,
) -> Result<f64> {
    Checked::new(&MAE, y_true, y_pred, Some(sample_weight)).map(|d| d.mae())
}

/// Coefficient of determination `R² = 1 - Σ_i (y_true_i - y_pred_i)² / Σ_i (y_true_i - ȳ)²`,
/// `ȳ` the mean of `y_true`, as scikit-learn's `r2_score` (>= 1.1, `force_finite=True`).
///
/// Shapes as in [`mean_squared_error`]; for several outputs the result is the mean over
/// outputs of each output's R². 1.0 is a perfect fit, 0.0 is what predicting `ȳ` scores, and
/// worse predictions score below 0.
///
/// If an output's true values are all equal, its R² would be `0/0` or `-inf`; it is 1.0 when
/// the predictions are perfect and 0.0 otherwise. "All equal" is decided on the values
/// themselves, so `[0.1, 0.1, 0.1]` is constant even though its floating-point mean is not
/// exactly 0.1 (where scikit-learn divides by a rounding error).
///
/// # Errors
///
/// As [`mean_squared_error`], and [`Error::EmptyData`] for a single sample: R² is not
/// defined for one (scikit-learn warns and returns NaN).
pub fn r2_score<F: Float, D: TargetDim>(
    y_true: ArrayView<'_, F, D>,
    y_pred: ArrayView<'_, F, D>,
) -> Result<f64> {
    Checked::new(&R2, y_true, y_pred, None)?.r2()
}

/// [`r2_score`] with per-sample weights: `1 - Σ_i w_i (y_true_i - y_pred_i)² /
/// Σ_i w_i (y_true_i - ȳ)²` per output, `ȳ = Σ_i w_i y_true_i / Σ_i w_i`, then the mean over
/// outputs. Samples of weight 0 do not count, also when deciding whether an output's true
/// values are all equal.
///
/// `sample_weight` is `(samples,)`, one weight per row of `y_true`.
///
/// # Errors
///
/// As [`mean_squared_error_weighted`], and [`Error::EmptyData`] for a single sample.
pub fn r2_score_weighted<F: Float, D: TargetDim>(
    y_true: ArrayView<'_, F, D>,
    y_pred: ArrayView<'_, F, D>,
    sample_weight: ArrayView1<'_, F>,
) -> Result<f64> {
    Checked::new(&R2, y_true, y_pred, Some(sample_weight))?.r2()
}

/// The names of a metric and of its inputs, as error messages show them.
struct Names {
    metric: &'static str,
    y_true: &'static str,
    y_pred: &'static str,
    sample_weight: &'static str,
}

macro_rules! names {
    ($metric:literal) => {
        Names {
            metric: $metric,
            y_true: concat!($metric, " y_true"),
            y_pred: concat!($metric, " y_pred"),
            sample_weight: concat!($metric, " sample_weight"),
        }
    };
}

const MSE: Names = names!("mean_squared_error");
const RMSE: Names = names!("root_mean_squared_error");
const MAE: Names = names!("mean_absolute_error");
const R2: Names = names!("r2_score");

/// Targets and predictions of one metric call, checked and viewed as `(samples, outputs)`,
/// with the per-sample weights (all 1 without weights) scaled to a largest weight of 1.
struct Checked<'a, F> {
    y_true: ArrayView2<'a, F>,
    y_pred: ArrayView2<'a, F>,
    weights: Array1<f64>,
    weight_sum: f64,
}

impl<'a, F: Float> Checked<'a, F> {
    fn new<D: TargetDim>(
        names: &Names,
        y_true: ArrayView<'a, F, D>,
        y_pred: ArrayView<'a, F, D>,
        sample_weight: Option<ArrayView1<'_, F>>,
    ) -> Result<Self> {
        if y_true.shape() != y_pred.shape() {
            return Err(Error::ShapeMismatch {
                context: names.y_pred,
                expected: format!("{}, the shape of y_true", shape(y_true.shape())),
                actual: shape(y_pred.shape()),
            });
        }
        let y_true = D::columns(y_true);
        let y_pred = D::columns(y_pred);
        let (samples, outputs) = y_true.dim();
        if samples == 0 || outputs == 0 {
            return Err(Error::EmptyData(format!(
                "{} needs at least one sample and one output, got shape {}",
                names.metric,
                shape2(samples, outputs)
            )));
        }
        check::finite(names.y_true, y_true)?;
        check::finite(names.y_pred, y_pred)?;
        let weights = match sample_weight {
            None => Array1::ones(samples),
            Some(w) => scaled_weights(names, w, samples)?,
        };
        let weight_sum = weights.sum();
        Ok(Self {
            y_true,
            y_pred,
            weights,
            weight_sum,
        })
    }

    fn mse(&self) -> f64 {
        self.average_over_outputs(|t, p| self.mean(t, p, |t, p| (t - p).powi(2)))
    }

    fn rmse(&self) -> f64 {
        self.average_over_outputs(|t, p| self.mean(t, p, |t, p| (t - p).powi(2)).sqrt())
    }

    fn mae(&self) -> f64 {
        self.average_over_outputs(|t, p| self.mean(t, p, |t, p| (t - p).abs()))
    }

    fn r2(&self) -> Result<f64> {
        if self.y_true.nrows() < 2 {
            return Err(Error::EmptyData(
                "r2_score needs at least 2 samples: R² is not defined for one".into(),
            ));
        }
        Ok(self.average_over_outputs(|t, p| self.r2_output(t, p)))
    }

    /// The mean over outputs of `score(true column, predicted column)`.
    fn average_over_outputs(
        &self,
        score: impl Fn(ArrayView1<'_, F>, ArrayView1<'_, F>) -> f64,
    ) -> f64 {
        let total: f64 = self
            .y_true
            .columns()
            .into_iter()
            .zip(self.y_pred.columns())
            .map(|(t, p)| score(t, p))
            .sum();
        total / self.y_true.ncols() as f64
    }

    /// `Σ_i w_i f(t_i, p_i)` over the samples of one output.
    fn sum(&self, t: ArrayView1<'_, F>, p: ArrayView1<'_, F>, f: impl Fn(f64, f64) -> f64) -> f64 {
        t.iter()
            .zip(&p)
            .zip(&self.weights)
            .map(|((&t, &p), &w)| w * f(t.to_f64_lossless(), p.to_f64_lossless()))
            .sum()
    }

    /// The weighted mean `Σ_i w_i f(t_i, p_i) / Σ_i w_i` over the samples of one output.
    fn mean(&self, t: ArrayView1<'_, F>, p: ArrayView1<'_, F>, f: impl Fn(f64, f64) -> f64) -> f64 {
        self.sum(t, p, f) / self.weight_sum
    }

    /// R² of one output, 1.0 or 0.0 for constant true values (`force_finite=True`).
    fn r2_output(&self, t: ArrayView1<'_, F>, p: ArrayView1<'_, F>) -> f64 {
        let residual = self.sum(t, p, |t, p| (t - p).powi(2));
        if residual == 0.0 {
            return 1.0;
        }
        if self.is_constant(t) {
            return 0.0;
        }
        let mean = self.mean(t, t, |t, _| t);
        let total = self.sum(t, t, |t, _| (t - mean).powi(2));
        if total == 0.0 {
            return 0.0;
        }
        1.0 - residual / total
    }

    /// Whether all values of positive weight in `t` are equal.
    fn is_constant(&self, t: ArrayView1<'_, F>) -> bool {
        let mut weighted = t
            .iter()
            .zip(&self.weights)
            .filter(|(_, &w)| w > 0.0)
            .map(|(&v, _)| v);
        match weighted.next() {
            Some(first) => weighted.all(|v| v == first),
            None => true,
        }
    }
}

/// Checks per-sample weights (one per sample, finite, not negative, not all 0) and scales
/// them to a largest weight of 1, so that their sum cannot overflow.
fn scaled_weights<F: Float>(
    names: &Names,
    weights: ArrayView1<'_, F>,
    samples: usize,
) -> Result<Array1<f64>> {
    check::sample_weights(names.sample_weight, weights, samples)?;
    let largest = weights
        .iter()
        .fold(0.0f64, |m, &w| m.max(w.to_f64_lossless()));
    Ok(weights.mapv(|w| w.to_f64_lossless() / largest))
}

/// Formats a shape the way error messages show it: `(4,)` or `(4, 2)`.
fn shape(dims: &[usize]) -> String {
    match dims {
        [n] => format!("({n},)"),
        [rows, cols] => shape2(*rows, *cols),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests;
