//! Ready-to-fit classifiers built from the pieces of this crate.
//!
//! | classifier | model | loss | output |
//! |---|---|---|---|
//! | [`BinarySoftmaxClassifier`] | one sigmoid neuron (logistic regression) | binary cross-entropy + L2 | `P(y = 1 \| x) = σ(w·x + b)` |
//! | [`BinarySvm`] | one linear neuron | hinge + L2 | signed margin `w·x + b` (not a probability) |
//! | [`MlpClassifier`] | hidden dense layers, K outputs | softmax cross-entropy + L2 | class probabilities |
//!
//! Each follows the same pattern, that of the [`estimator`](crate::estimator) traits: a
//! parameters builder whose setters document their defaults, checked when
//! [`fit`](crate::estimator::Fit::fit) is called and before any work, then a fitted model that
//! [predicts](crate::estimator::Predict) and exposes its network and training history. The two
//! single-neuron models share one fitted type, [`FittedNeuron`], which differs only in its
//! [`DecisionRule`].
//!
//! **Labels.** Binary classifiers take labels `0` and `1` (`1` is the positive class); the SVM
//! reads them as `−1` and `+1` internally. [`MlpClassifier`] takes `0..K`. Nothing is inferred
//! from label frequencies. Any other label is an [`Error::InvalidLabel`](crate::Error::InvalidLabel)
//! naming its row.
//!
//! **Features** should be on comparable scales; standardize them first with
//! [`StandardScaler`](crate::data::StandardScaler), fitted on the training rows.

mod logistic;
mod mlp;
mod neuron;
mod settings;
mod solver;
mod svm;

pub use logistic::BinarySoftmaxClassifier;
pub use mlp::{FittedMlp, MlpClassifier};
pub use neuron::{
    DecisionRule, FittedBinarySoftmax, FittedBinarySvm, FittedNeuron, Logistic, Margin,
};
pub use settings::TrainingSettings;
pub use solver::Solver;
pub use svm::BinarySvm;

use ndarray::ArrayView2;

use crate::check;
use crate::error::Result;
use crate::float::Float;

/// Checks that features to predict on have the fitted number of columns and are finite.
fn check_predict<F: Float>(x: ArrayView2<'_, F>, n_features: usize) -> Result<()> {
    check::columns("predict features", "samples", x, n_features)?;
    check::finite("features", x)
}
