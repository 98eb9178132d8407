//! The linear support vector machine: one neuron on the hinge loss.

use ndarray::{ArrayView1, ArrayView2};

use super::neuron::{fit_neuron, FittedBinarySvm, FittedNeuron, Margin};
use crate::error::Result;
use crate::estimator::Fit;
use crate::estimator::Solver;
use crate::estimator::{training_defaults, TrainingSettings};
use crate::float::Float;
use crate::loss::Hinge;

/// A linear support vector machine as one neuron: the score `w·x + b` is a signed margin (not a
/// probability), trained by mini-batch SGD on the hinge loss `max(0, 1 − t·s)` plus L2, with
/// labels 0/1 read as `t = −1/+1`.
///
/// ```
/// use ndarray::array;
/// use ndnet::classifier::BinarySvm;
/// use ndnet::estimator::{DecisionFunction, Fit, Predict};
///
/// let x = array![[-2.0f64, 0.0], [-1.0, 0.5], [1.0, -0.5], [2.0, 0.0]];
/// let y = array![0usize, 0, 1, 1];
/// let svm = BinarySvm::params().fit(x.view(), y.view())?;
/// assert_eq!(svm.predict(x.view())?, y);
/// assert!(svm.decision_function(array![[3.0, 0.0]].view())?[0] > 1.0); // beyond the margin
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BinarySvm {
    training: TrainingSettings,
}

impl Default for BinarySvm {
    fn default() -> Self {
        BinarySvm {
            training: Self::TRAINING_DEFAULTS,
        }
    }
}

impl BinarySvm {
    /// The parameters with their defaults.
    pub fn params() -> Self {
        Self::default()
    }

    training_defaults!(learning_rate: 0.01, momentum: 0.9, epochs: 100, batch_size: 32,
        l2: 1e-3, seed: 0, validation_fraction: 0.1);

    /// Checks every setting, as [`fit`](Fit::fit) does first.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) naming the first
    /// bad training setting.
    pub fn validate(&self) -> Result<()> {
        self.training.validate()
    }
}

impl<F: Float> Fit<F> for BinarySvm {
    type Fitted = FittedBinarySvm<F>;

    /// Fits on features `x` `(samples, features)` and labels `y` in `{0, 1}`.
    ///
    /// # Errors
    /// As [`BinarySoftmaxClassifier`](super::BinarySoftmaxClassifier)'s `fit`.
    fn fit<'y>(
        &self,
        x: ArrayView2<'_, F>,
        y: impl Into<ArrayView1<'y, usize>>,
    ) -> Result<Self::Fitted>
    where
        F: 'y,
    {
        let y = y.into();
        self.validate()?;
        let (network, history) = fit_neuron(&self.training, Solver::Sgd, &Hinge, x, y)?;
        FittedNeuron::new(network, history, Margin {})
    }
}

/// The fields of [`BinarySvm`] as documents store them (see `validated_serde!`).
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(remote = "BinarySvm")]
struct BinarySvmDocument {
    training: TrainingSettings,
}

crate::check::validated_serde!(BinarySvm, BinarySvmDocument);
