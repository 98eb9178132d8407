//! Ready-to-fit classifiers built from the pieces of this crate.
//!
//! | classifier | model | loss | output |
//! |---|---|---|---|
//! | [`BinarySoftmaxClassifier`] | one sigmoid neuron (logistic regression) | binary cross-entropy + L2 | `P(y = 1 \| x) = σ(w·x + b)` |
//! | [`BinarySvm`] | one linear neuron | hinge + L2 | signed margin `w·x + b` (not a probability) |
//! | [`LogisticRegression`] | K linear outputs (multinomial; the sigmoid neuron for K = 2) | softmax cross-entropy + L2 | class probabilities |
//! | [`LinearSvc`] | K linear outputs (one neuron for K = 2) | Weston–Watkins or one-vs-rest hinge + L2 | K margins (not probabilities) |
//! | [`MlpClassifier`] | hidden dense layers, K outputs | softmax cross-entropy + L2 | class probabilities |
//!
//! Each follows the same pattern, that of the [`estimator`](crate::estimator) traits: a
//! parameters builder whose setters document their defaults, checked when
//! [`fit`](crate::estimator::Fit::fit) is called and before any work, then a fitted model that
//! [predicts](crate::estimator::Predict) and exposes its network and training history. The two
//! single-neuron models share one fitted type, [`FittedNeuron`], which differs only in its
//! [`DecisionRule`]; the two linear K-class models share [`FittedLinear`].
//!
//! **Labels.** Binary classifiers take labels `0` and `1` (`1` is the positive class); the SVM
//! reads them as `−1` and `+1` internally. [`LogisticRegression`], [`LinearSvc`] and
//! [`MlpClassifier`] take `0..K` with `K` at most [`MAX_CLASSES`]. Nothing is inferred from
//! label frequencies. Any other label is an [`Error::InvalidLabel`] naming its row, found
//! before the first training step.
//!
//! **Features** should be on comparable scales; standardize them first with
//! [`StandardScaler`](crate::data::StandardScaler), fitted on the training rows.

mod linear;
mod linear_svc;
mod logistic;
mod logistic_regression;
mod mlp;
mod neuron;
mod solver;
mod svm;

pub use crate::estimator::{ClassWeight, RateDecay, Solver, TrainingSettings};
pub use linear::{FittedLinear, LinearSettings};
pub use linear_svc::{FittedLinearSvc, LinearSvc, MultiClass};
pub use logistic::BinarySoftmaxClassifier;
pub use logistic_regression::{FittedLogisticRegression, LogisticRegression};
pub use mlp::{FittedMlp, MlpClassifier};
pub use neuron::{
    DecisionRule, FittedBinarySoftmax, FittedBinarySvm, FittedNeuron, Logistic, Margin,
};
pub use svm::BinarySvm;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Zip};

use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;
use crate::ops::{argmax, softmax};

/// The most classes a classifier takes: 2²⁰. Its output layer has one unit per class, so a
/// class count is also an allocation; a label of 4·10⁹ is a mistake, not 4·10⁹ classes.
pub const MAX_CLASSES: usize = 1 << 20;

/// Checks a class count: at least 2, at most [`MAX_CLASSES`].
fn check_class_count(n_classes: usize) -> Result<()> {
    if (2..=MAX_CLASSES).contains(&n_classes) {
        return Ok(());
    }
    Err(Error::InvalidHyperparameter {
        name: "n_classes",
        value: n_classes.to_string(),
        reason: "a classifier needs at least 2 classes and at most MAX_CLASSES (2^20)",
    })
}

/// The class count of labels `0..K`: the largest label + 1, at most [`MAX_CLASSES`].
///
/// # Errors
/// [`Error::InvalidLabel`] naming the row of a label of `MAX_CLASSES` or more;
/// [`Error::InvalidHyperparameter`] if fewer than 2 classes result.
fn classes_in(y: ArrayView1<'_, usize>) -> Result<usize> {
    if let Some(row) = y.iter().position(|&label| label >= MAX_CLASSES) {
        return Err(Error::InvalidLabel {
            row,
            value: y.get(row).map_or_else(String::new, ToString::to_string),
            expected: format!(
                "a class id in 0..K with K at most {MAX_CLASSES}; map the labels to 0..K first"
            ),
        });
    }
    let n_classes = y.iter().max().map_or(0, |&m| m + 1);
    check_class_count(n_classes)?;
    Ok(n_classes)
}

/// Checks that features to predict on have the fitted number of columns and are finite.
fn check_predict<F: Float>(x: ArrayView2<'_, F>, n_features: usize) -> Result<()> {
    check::columns("predict features", "samples", x, n_features)?;
    check::finite("features", x)
}

/// The class count of a fit, with the data checked against it: `n_classes` if set, else the
/// largest label + 1 (see [`classes_in`]).
///
/// # Errors
/// As [`classes_in`], and the data errors of `check::fit_data`.
fn fit_classes<F: Float>(
    n_classes: Option<usize>,
    x: ArrayView2<'_, F>,
    y: ArrayView1<'_, usize>,
) -> Result<usize> {
    let n_classes = match n_classes {
        Some(k) => k,
        // No labels: let the data check say so (any valid count will do).
        None if y.is_empty() => 2,
        None => classes_in(y)?,
    };
    check::fit_data(x, y, n_classes)?;
    Ok(n_classes)
}

/// The class of the largest score in each row of `scores` `(samples, K)`.
fn classes_of<F: Float>(scores: ArrayView2<'_, F>) -> Array1<usize> {
    scores.rows().into_iter().map(argmax).collect()
}

/// The softmax of each row of the logits `(samples, K)`: class probabilities.
fn probabilities<F: Float>(logits: ArrayView2<'_, F>) -> Array2<F> {
    let mut p = Array2::zeros(logits.raw_dim());
    Zip::from(logits.rows())
        .and(p.rows_mut())
        .for_each(|s, out| {
            softmax(s, out);
        });
    p
}
