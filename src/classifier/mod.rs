//! Ready-to-fit classifiers built from the pieces of this crate.
//!
//! | classifier | model | loss | output |
//! |---|---|---|---|
//! | [`BinarySoftmaxClassifier`] | one sigmoid neuron (logistic regression) | binary cross-entropy + L2 | `P(y = 1 \| x) = σ(w·x + b)` |
//! | [`BinarySvm`] | one linear neuron | hinge + L2 | signed margin `w·x + b` (not a probability) |
//! | [`MlpClassifier`] | hidden dense layers, K outputs | softmax cross-entropy + L2 | class probabilities |
//!
//! Each follows the same pattern: a parameters builder whose setters document their defaults,
//! checked when [`fit`](BinarySoftmaxClassifier::fit) is called and before any work, then a
//! fitted model that predicts and exposes its network and training history.
//!
//! **Labels.** Binary classifiers take labels `0` and `1` (`1` is the positive class); the SVM
//! reads them as `−1` and `+1` internally. [`MlpClassifier`] takes `0..K`. Nothing is inferred
//! from label frequencies. Any other label is an [`Error::InvalidLabel`] naming its row.
//!
//! **Features** should be on comparable scales; standardize them first with
//! [`StandardScaler`](crate::data::StandardScaler), fitted on the training rows.

mod binary;
mod mlp;
mod settings;

pub use binary::{BinarySoftmaxClassifier, BinarySvm, FittedBinarySoftmax, FittedBinarySvm};
pub use mlp::{FittedMlp, MlpClassifier};
pub use settings::TrainingSettings;

use ndarray::{ArrayView1, ArrayView2};

use crate::error::{shape2, Error, Result};
use crate::float::{check_finite, Float};

/// Checks features and labels before fitting: non-empty, matching lengths, finite features,
/// labels below `n_classes`.
pub(crate) fn check_fit_data<F: Float>(
    x: ArrayView2<'_, F>,
    y: ArrayView1<'_, usize>,
    n_classes: usize,
) -> Result<()> {
    if x.nrows() == 0 || x.ncols() == 0 {
        return Err(Error::EmptyData(format!(
            "cannot fit on {} samples with {} features",
            x.nrows(),
            x.ncols()
        )));
    }
    if y.len() != x.nrows() {
        return Err(Error::ShapeMismatch {
            context: "fit labels",
            expected: format!("{} labels (one per row of features)", x.nrows()),
            actual: format!("{} labels", y.len()),
        });
    }
    check_finite("features", x)?;
    check_labels(y, n_classes)
}

/// Every label must be in `0..n_classes`.
fn check_labels(y: ArrayView1<'_, usize>, n_classes: usize) -> Result<()> {
    match y.iter().position(|&label| label >= n_classes) {
        None => Ok(()),
        Some(row) => Err(Error::InvalidLabel {
            row,
            value: y[row].to_string(),
            expected: if n_classes == 2 {
                "0 or 1".into()
            } else {
                format!("a class id in 0..{n_classes}")
            },
        }),
    }
}

/// Checks that features to predict on have the fitted number of columns and are finite.
fn check_predict<F: Float>(x: ArrayView2<'_, F>, n_features: usize) -> Result<()> {
    if x.ncols() != n_features {
        return Err(Error::ShapeMismatch {
            context: "predict features",
            expected: format!("(samples, {n_features})"),
            actual: shape2(x.nrows(), x.ncols()),
        });
    }
    check_finite("features", x)
}
