//! The traits every estimator shares, in linfa's shape: settings are checked and [fit](Fit)
//! into a fitted model, which [predicts](Predict), and where it means something gives
//! [probabilities](PredictProba), [raw scores](DecisionFunction) and a [score](Score).
//! Generic code (cross-validation, say) is written once against them.
//!
//! ```
//! use ndarray::{array, ArrayView1, ArrayView2};
//! use ndnet::classifier::{BinarySvm, MlpClassifier};
//! use ndnet::estimator::{Fit, Score};
//!
//! /// Training accuracy of any classifier.
//! fn training_accuracy<E>(settings: &E, x: ArrayView2<'_, f64>, y: ArrayView1<'_, usize>) -> ndnet::Result<f64>
//! where
//!     E: Fit<f64>,
//!     E::Fitted: Score<f64>,
//! {
//!     settings.fit(x, y)?.score(x, y)
//! }
//!
//! let x = array![[-2.0], [-1.0], [1.0], [2.0]];
//! let y = array![0usize, 0, 1, 1];
//! assert_eq!(training_accuracy(&BinarySvm::params(), x.view(), y.view())?, 1.0);
//! let mlp = MlpClassifier::params().hidden_layers(&[4]).epochs(50);
//! assert!(training_accuracy(&mlp, x.view(), y.view())? >= 0.75);
//! # Ok::<(), ndnet::Error>(())
//! ```

use ndarray::{Array1, ArrayView1, ArrayView2};

use crate::error::Result;
use crate::float::Float;
use crate::metrics::accuracy;

/// What a model learns from and predicts: the kind of its targets. (A kind, not the array
/// type itself, so that generic code can say `E: Fit<F>, E::Fitted: Score<F>` without naming a
/// lifetime.)
pub trait TargetKind {
    /// The targets of a batch, one per sample.
    type View<'a>;
}

/// Class labels, one `usize` per sample: what classifiers learn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Labels;

impl TargetKind for Labels {
    type View<'a> = ArrayView1<'a, usize>;
}

/// Settings that fit a model to features and targets of kind `Y` (class [`Labels`] for the
/// classifiers).
pub trait Fit<F: Float, Y: TargetKind = Labels> {
    /// The fitted model.
    type Fitted;

    /// Checks the settings, then fits on features `x` `(samples, features)` and targets `y`.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) for a bad setting
    /// (checked before any work); the data errors of the model.
    fn fit(&self, x: ArrayView2<'_, F>, y: Y::View<'_>) -> Result<Self::Fitted>;
}

/// A fitted model's prediction for each sample.
pub trait Predict<F: Float> {
    /// One prediction per sample: the class, for a classifier.
    type Output;

    /// Predicts for `x` `(samples, features)`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) for the wrong number of features;
    /// [`Error::NonFinite`](crate::Error::NonFinite) for a NaN or infinite feature.
    fn predict(&self, x: ArrayView2<'_, F>) -> Result<Self::Output>;
}

/// Class probabilities.
pub trait PredictProba<F: Float> {
    /// `P(y = 1 | x)` per sample for a binary model, `(samples, K)` for K classes.
    type Output;

    /// The probabilities for `x` `(samples, features)`.
    ///
    /// # Errors
    /// As [`Predict::predict`].
    fn predict_proba(&self, x: ArrayView2<'_, F>) -> Result<Self::Output>;
}

/// The raw scores a model decides on: logits or margins, not probabilities.
pub trait DecisionFunction<F: Float> {
    /// One score per sample for a binary model, `(samples, K)` for K classes.
    type Output;

    /// The scores for `x` `(samples, features)`.
    ///
    /// # Errors
    /// As [`Predict::predict`].
    fn decision_function(&self, x: ArrayView2<'_, F>) -> Result<Self::Output>;
}

/// How well a fitted model does on labelled data: the accuracy, for a classifier.
pub trait Score<F: Float, Y: TargetKind = Labels> {
    /// The score on `x` with true targets `y`.
    ///
    /// # Errors
    /// As [`Predict::predict`], and [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) for
    /// as many targets as rows.
    fn score(&self, x: ArrayView2<'_, F>, y: Y::View<'_>) -> Result<f64>;
}

/// The accuracy of a classifier's predictions: the one [`Score`] of every classifier.
pub(crate) fn accuracy_score<F: Float, M: Predict<F, Output = Array1<usize>>>(
    model: &M,
    x: ArrayView2<'_, F>,
    y: ArrayView1<'_, usize>,
) -> Result<f64> {
    accuracy(y, model.predict(x)?.view())
}
