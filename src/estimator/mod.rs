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

mod mlp;
mod settings;
mod solver;
mod weights;

pub(crate) use mlp::{linear_network, Hidden};
pub(crate) use settings::training_defaults;
pub use settings::{RateDecay, TrainingSettings};
pub use solver::Solver;
pub(crate) use weights::classifier_weights;
#[cfg(feature = "linalg")]
pub(crate) use weights::refuse_weights;
pub use weights::{ClassWeight, FitWeighted};

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

use crate::error::Result;
use crate::float::Float;
use crate::metrics::accuracy;

/// What a model learns from and predicts: the kind of its targets. (A kind, not the array
/// type itself, so that generic code can say `E: Fit<F>, E::Fitted: Score<F>` without naming a
/// lifetime.)
pub trait TargetKind {
    /// The targets of a batch whose features are of float type `F`, one per sample.
    type View<'a, F: 'a>;
}

/// Class labels, one `usize` per sample: what classifiers learn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Labels;

impl TargetKind for Labels {
    type View<'a, F: 'a> = ArrayView1<'a, usize>;
}

/// Real-valued targets, one value or one row of values per sample: what regressors learn
/// from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Values;

impl TargetKind for Values {
    type View<'a, F: 'a> = RealTargets<'a, F>;
}

/// The real-valued targets of a batch: one value per sample, from a 1-D array `(samples,)`,
/// or one row of values per sample, from a 2-D array `(samples, outputs)`. Made from either
/// (a view or a reference) with `into()`, which is what the regressors' `fit` and `score`
/// call, so they take `y.view()` or `&y` of either shape.
///
/// ```
/// use ndarray::array;
/// use ndnet::estimator::RealTargets;
///
/// let one = array![1.0, 2.0, 3.0];
/// let t: RealTargets<'_, f64> = (&one).into();
/// assert_eq!((t.len(), t.n_outputs()), (3, 1));
/// let two = array![[1.0, 10.0], [2.0, 20.0]];
/// let t: RealTargets<'_, f64> = two.view().into();
/// assert_eq!(t.values(), two);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct RealTargets<'a, F> {
    values: ArrayView2<'a, F>,
}

impl<'a, F> RealTargets<'a, F> {
    /// The targets as `(samples, outputs)`; one column for 1-D targets.
    pub fn values(&self) -> ArrayView2<'a, F> {
        self.values
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.values.nrows()
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of values per sample.
    pub fn n_outputs(&self) -> usize {
        self.values.ncols()
    }
}

impl<'a, F> From<ArrayView1<'a, F>> for RealTargets<'a, F> {
    fn from(values: ArrayView1<'a, F>) -> Self {
        RealTargets {
            values: values.insert_axis(Axis(1)),
        }
    }
}

impl<'a, F> From<ArrayView2<'a, F>> for RealTargets<'a, F> {
    fn from(values: ArrayView2<'a, F>) -> Self {
        RealTargets { values }
    }
}

impl<'a, F> From<&'a Array1<F>> for RealTargets<'a, F> {
    fn from(values: &'a Array1<F>) -> Self {
        values.view().into()
    }
}

impl<'a, F> From<&'a Array2<F>> for RealTargets<'a, F> {
    fn from(values: &'a Array2<F>) -> Self {
        values.view().into()
    }
}

/// Settings that fit a model to features and targets of kind `Y` (class [`Labels`] for the
/// classifiers, [`Values`] for the regressors).
pub trait Fit<F: Float, Y: TargetKind = Labels> {
    /// The fitted model.
    type Fitted;

    /// Checks the settings, then fits on features `x` `(samples, features)` and targets `y`
    /// (a view, or anything that converts into one, such as `&Array1`).
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) for a bad setting
    /// (checked before any work); the data errors of the model.
    fn fit<'y>(&self, x: ArrayView2<'_, F>, y: impl Into<Y::View<'y, F>>) -> Result<Self::Fitted>
    where
        F: 'y;
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

/// How well a fitted model does on data with known targets: the accuracy for a classifier,
/// R² for a regressor (as scikit-learn's `score`).
pub trait Score<F: Float, Y: TargetKind = Labels> {
    /// The score on `x` with true targets `y` (a view, or anything that converts into one).
    ///
    /// # Errors
    /// As [`Predict::predict`], and [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) for
    /// as many targets as rows.
    fn score<'y>(&self, x: ArrayView2<'_, F>, y: impl Into<Y::View<'y, F>>) -> Result<f64>
    where
        F: 'y;
}

/// The accuracy of a classifier's predictions: the one [`Score`] of every classifier.
pub(crate) fn accuracy_score<F: Float, M: Predict<F, Output = Array1<usize>>>(
    model: &M,
    x: ArrayView2<'_, F>,
    y: ArrayView1<'_, usize>,
) -> Result<f64> {
    accuracy(y, model.predict(x)?.view())
}
