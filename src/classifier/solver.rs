//! How a classifier is fitted: by SGD with momentum, by Adam, or (the logistic neuron) exactly
//! by Newton's method.

#[cfg(feature = "linalg")]
use {
    super::settings::TrainingSettings,
    crate::error::Result,
    crate::float::Float,
    crate::network::Network,
    crate::train::History,
    ndarray::{ArrayView1, ArrayView2},
};

/// How a classifier is fitted: scikit-learn's `solver`.
///
/// [`BinarySoftmaxClassifier`](super::BinarySoftmaxClassifier) and
/// [`MlpClassifier`](super::MlpClassifier) take one; `Newton` is for the former only.
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
    /// Mini-batch SGD with momentum, with the classifier's training settings (the default).
    #[default]
    Sgd,
    /// [`Adam`](crate::optim::Adam) (PyTorch's betas and `ε`) with the classifier's learning
    /// rate, which should then be about `1e-3` (scikit-learn's `learning_rate_init` for
    /// `solver='adam'`); the momentum setting is not used.
    Adam,
    /// Newton's method to the exact optimum of the same objective
    /// (`solver::NewtonLogistic` with the classifier's `l2`). The SGD settings (learning rate,
    /// momentum, epochs, batch size, seed) are not used, the training history is empty, and
    /// early stopping is an error.
    #[cfg(feature = "linalg")]
    Newton,
}

/// The one-neuron network at the Newton optimum of `training.l2`, for [`Solver::Newton`].
#[cfg(feature = "linalg")]
pub(super) fn fit_newton<F: Float>(
    training: &TrainingSettings,
    x: ArrayView2<'_, F>,
    y: ArrayView1<'_, usize>,
) -> Result<(Network<F>, History)> {
    use crate::error::Error;
    use crate::layer::{Dense, Layer};
    use crate::Activation;
    use ndarray::{Array1, Axis};

    if training.early_stopping.is_some() {
        return Err(Error::InvalidHyperparameter {
            name: "early_stopping",
            value: "on".into(),
            reason:
                "the Newton solver goes to the exact optimum; early stopping is for Sgd and Adam",
        });
    }
    let opt = crate::solver::NewtonLogistic::params()
        .l2(training.l2)
        .fit(x, y)?;
    let weight = opt.weights.mapv(F::from_f64_lossy).insert_axis(Axis(0));
    let bias = Array1::from_elem(1, F::from_f64_lossy(opt.bias));
    let neuron = Dense::new(weight, bias, Activation::Identity)?;
    Ok((
        Network::from_layers(vec![neuron.boxed()])?,
        History::default(),
    ))
}
