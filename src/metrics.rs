//! Classification and regression metrics, with scikit-learn's definitions.
//!
//! # Classification
//!
//! Label vectors are `ArrayView1<usize>` of class ids; for the binary metrics the classes are
//! 0 and 1 and **class 1 is the positive class**. Every function checks that its inputs have
//! the same length and are not empty.
//!
//! ```
//! use ndarray::array;
//! use ndnet::metrics::{accuracy, f1_score, precision, recall};
//!
//! let y_true = array![1, 1, 0, 0, 1];
//! let y_pred = array![1, 0, 0, 1, 1];
//! assert_eq!(accuracy(y_true.view(), y_pred.view())?, 0.6);
//! assert_eq!(precision(y_true.view(), y_pred.view())?, 2.0 / 3.0);
//! assert_eq!(recall(y_true.view(), y_pred.view())?, 2.0 / 3.0);
//! assert!((f1_score(y_true.view(), y_pred.view())? - 2.0 / 3.0).abs() < 1e-15);
//! # Ok::<(), ndnet::Error>(())
//! ```
//!
//! # Regression
//!
//! Targets and predictions are real values of the same shape, `(samples,)` or
//! `(samples, outputs)` ([`TargetDim`]); several outputs are averaged with equal weight. Each
//! metric has a `_weighted` variant taking one weight per sample. Sums are taken in `f64`.
//!
//! ```
//! use ndarray::array;
//! use ndnet::metrics::{mean_squared_error, r2_score, r2_score_weighted};
//!
//! let y_true = array![3.0, -0.5, 2.0, 7.0];
//! let y_pred = array![2.5, 0.0, 2.0, 8.0];
//! assert_eq!(mean_squared_error(y_true.view(), y_pred.view())?, 0.375);
//! // sklearn.metrics.r2_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]) == 0.9486081370449679
//! let r2 = r2_score(y_true.view(), y_pred.view())?;
//! assert!((r2 - 0.9486081370449679).abs() < 1e-15);
//! // Two outputs, one weight per sample.
//! let y_true = array![[0.5f32, 1.0], [-1.0, 1.0], [7.0, -6.0]];
//! let y_pred = array![[0.0f32, 2.0], [-1.0, 2.0], [8.0, -5.0]];
//! let weights = array![0.3f32, 0.7, 1.5];
//! let r2 = r2_score_weighted(y_true.view(), y_pred.view(), weights.view())?;
//! assert!((r2 - 0.9347714514080421).abs() < 1e-6);
//! # Ok::<(), ndnet::Error>(())
//! ```

mod confusion;
mod regression;
mod roc;

pub use confusion::ConfusionMatrix;
pub use regression::{
    mean_absolute_error, mean_absolute_error_weighted, mean_squared_error,
    mean_squared_error_weighted, r2_score, r2_score_weighted, root_mean_squared_error,
    root_mean_squared_error_weighted, TargetDim,
};
pub use roc::roc_auc;

use ndarray::{ArrayView1, ArrayView2};

use crate::check::{self, shape2};
use crate::error::{Error, Result};
use crate::float::Float;

/// The clipping bound for probabilities in the log losses: they are clipped to
/// `[EPS, 1 - EPS]` before taking logarithms.
pub const LOG_LOSS_EPS: f64 = 1e-15;

/// Fraction of predictions equal to the true label.
///
/// # Errors
///
/// [`Error::ShapeMismatch`] if the lengths differ; [`Error::EmptyData`] if they are 0.
pub fn accuracy(y_true: ArrayView1<'_, usize>, y_pred: ArrayView1<'_, usize>) -> Result<f64> {
    check_lengths("accuracy", y_true.len(), y_pred.len())?;
    let correct = y_true.iter().zip(&y_pred).filter(|(t, p)| t == p).count();
    Ok(correct as f64 / y_true.len() as f64)
}

/// Binary precision `tp / (tp + fp)`, positive class 1; 0.0 when nothing is predicted
/// positive (scikit-learn's `zero_division=0`).
///
/// # Errors
///
/// As [`accuracy`], and [`Error::InvalidLabel`] for a label other than 0 or 1.
pub fn precision(y_true: ArrayView1<'_, usize>, y_pred: ArrayView1<'_, usize>) -> Result<f64> {
    let c = BinaryCounts::new("precision", y_true, y_pred)?;
    Ok(ratio(c.tp, c.tp + c.fp))
}

/// Binary recall `tp / (tp + fn)`, positive class 1; 0.0 when there are no positives
/// (scikit-learn's `zero_division=0`).
///
/// # Errors
///
/// As [`precision`].
pub fn recall(y_true: ArrayView1<'_, usize>, y_pred: ArrayView1<'_, usize>) -> Result<f64> {
    let c = BinaryCounts::new("recall", y_true, y_pred)?;
    Ok(ratio(c.tp, c.tp + c.fn_))
}

/// Binary F1 score `2 tp / (2 tp + fp + fn)` (the harmonic mean of precision and recall),
/// positive class 1; 0.0 when there are neither true nor predicted positives
/// (scikit-learn's `zero_division=0`).
///
/// # Errors
///
/// As [`precision`].
pub fn f1_score(y_true: ArrayView1<'_, usize>, y_pred: ArrayView1<'_, usize>) -> Result<f64> {
    let c = BinaryCounts::new("f1_score", y_true, y_pred)?;
    Ok(ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn_))
}

/// Mean binary cross-entropy `-mean(y ln p + (1 - y) ln(1 - p))` of the probabilities `p1`
/// of class 1, natural log.
///
/// Probabilities are clipped to `[1e-15, 1 - 1e-15]` ([`LOG_LOSS_EPS`], scikit-learn's
/// classic `eps`; scikit-learn >= 1.3 uses the dtype's machine epsilon instead, which only
/// matters for probabilities within 1e-15 of 0 or 1). Values outside `[0, 1]` are clipped
/// too, not rejected.
///
/// ```
/// use ndarray::array;
/// use ndnet::metrics::log_loss;
///
/// let loss = log_loss(array![1, 0].view(), array![0.8f64, 0.4].view())?;
/// assert!((loss - (-(0.8f64.ln() + 0.6f64.ln()) / 2.0)).abs() < 1e-15);
/// # Ok::<(), ndnet::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::ShapeMismatch`] if the lengths differ; [`Error::EmptyData`] if they are 0;
/// [`Error::InvalidLabel`] for a label other than 0 or 1; [`Error::NonFinite`] for a NaN or
/// infinite probability.
pub fn log_loss<F: Float>(y_true: ArrayView1<'_, usize>, p1: ArrayView1<'_, F>) -> Result<f64> {
    check_lengths("log_loss", y_true.len(), p1.len())?;
    check_binary(y_true)?;
    check::finite_vector("log_loss probabilities", p1)?;
    let total: f64 = y_true
        .iter()
        .zip(&p1)
        .map(|(&y, &p)| {
            let p = clip(p.to_f64_lossless());
            if y == 1 {
                -p.ln()
            } else {
                -(1.0 - p).ln()
            }
        })
        .sum();
    Ok(total / y_true.len() as f64)
}

/// Mean multiclass cross-entropy `-mean(ln proba[i, y_i])` of class probabilities `proba`,
/// `(n_samples, n_classes)`, natural log, clipped as in [`log_loss`]. Rows are not
/// renormalised: pass probabilities (e.g. softmax outputs) that sum to 1.
///
/// # Errors
///
/// [`Error::ShapeMismatch`] if `proba` does not have one row per label; [`Error::EmptyData`]
/// if there are no rows; [`Error::InvalidLabel`] for a label `>= n_classes`;
/// [`Error::NonFinite`] for a NaN or infinite probability.
pub fn log_loss_multiclass<F: Float>(
    y_true: ArrayView1<'_, usize>,
    proba: ArrayView2<'_, F>,
) -> Result<f64> {
    let (rows, cols) = proba.dim();
    if rows != y_true.len() {
        return Err(Error::ShapeMismatch {
            context: "log_loss_multiclass proba",
            expected: format!("({}, n_classes)", y_true.len()),
            actual: shape2(rows, cols),
        });
    }
    check_lengths("log_loss_multiclass", y_true.len(), rows)?;
    check::finite("log_loss_multiclass probabilities", proba)?;
    check::labels(y_true, cols)?;
    let mut total = 0.0;
    for (&y, p) in y_true.iter().zip(proba.rows()) {
        let p_true = p.get(y).map_or(0.0, |v| v.to_f64_lossless());
        total -= clip(p_true).ln();
    }
    Ok(total / rows as f64)
}

fn clip(p: f64) -> f64 {
    p.clamp(LOG_LOSS_EPS, 1.0 - LOG_LOSS_EPS)
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// Checks that two inputs of a metric have equal, non-zero lengths.
fn check_lengths(context: &'static str, n_true: usize, n_other: usize) -> Result<()> {
    if n_true != n_other {
        return Err(Error::ShapeMismatch {
            context,
            expected: format!("({n_true},) to match y_true"),
            actual: format!("({n_other},)"),
        });
    }
    if n_true == 0 {
        return Err(Error::EmptyData(format!(
            "{context} needs at least one sample"
        )));
    }
    Ok(())
}

/// Checks that every label is 0 or 1 (class 1 is the positive class).
fn check_binary(y: ArrayView1<'_, usize>) -> Result<()> {
    check::labels(y, 2)
}

/// True positives, false positives and false negatives for positive class 1.
struct BinaryCounts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl BinaryCounts {
    fn new(
        context: &'static str,
        y_true: ArrayView1<'_, usize>,
        y_pred: ArrayView1<'_, usize>,
    ) -> Result<Self> {
        check_lengths(context, y_true.len(), y_pred.len())?;
        check_binary(y_true)?;
        check_binary(y_pred)?;
        let mut c = Self {
            tp: 0,
            fp: 0,
            fn_: 0,
        };
        for (&t, &p) in y_true.iter().zip(&y_pred) {
            match (t, p) {
                (1, 1) => c.tp += 1,
                (0, 1) => c.fp += 1,
                (1, 0) => c.fn_ += 1,
                _ => {}
            }
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests;
