//! How an estimator is fitted: scikit-learn's `solver`.

/// How an estimator is fitted: scikit-learn's `solver`.
///
/// [`BinarySoftmaxClassifier`](crate::classifier::BinarySoftmaxClassifier),
/// [`LogisticRegression`](crate::classifier::LogisticRegression),
/// [`MlpClassifier`](crate::classifier::MlpClassifier) and the regressors take one; `Newton`
/// is for the single-neuron convex models only (the logistic classifier, logistic regression
/// of two classes, and linear regression).
///
/// The `Newton` variant exists only with the `linalg` feature, so asking for it without
/// LAPACK is a compile error rather than a run-time one.
///
/// ```
/// use ndnet::classifier::{BinarySoftmaxClassifier, Solver};
///
/// // SGD is the default; `Solver::Newton` needs the `linalg` feature.
/// assert_eq!(BinarySoftmaxClassifier::params().solver(Solver::Sgd), BinarySoftmaxClassifier::params());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Solver {
    /// Mini-batch SGD with momentum, with the estimator's training settings (the default).
    #[default]
    Sgd,
    /// [`Adam`](crate::optim::Adam) (PyTorch's betas and `ε`) with the estimator's learning
    /// rate, which should then be about `1e-3` (scikit-learn's `learning_rate_init` for
    /// `solver='adam'`); the momentum setting is not used.
    Adam,
    /// Newton's method to the exact optimum of the same objective
    /// (`solver::NewtonLogistic` for the logistic classifier, and for linear regression the
    /// one Newton step that is the closed form, `solver::RidgeRegression`, with the
    /// estimator's `l2`). The SGD settings (learning rate,
    /// momentum, epochs, batch size, seed) are not used, the training history is empty, and
    /// early stopping is an error.
    #[cfg(feature = "linalg")]
    Newton,
}
