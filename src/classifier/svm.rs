//! The linear support vector machine: one neuron on the hinge loss.

use ndarray::{ArrayView1, ArrayView2};

use super::neuron::{fit_neuron, FittedBinarySvm, FittedNeuron, Margin, Weights};
use crate::error::Result;
use crate::estimator::Solver;
use crate::estimator::{training_defaults, TrainingSettings};
use crate::estimator::{ClassWeight, Fit, FitWeighted};
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
#[derive(Debug, Clone, PartialEq)]
pub struct BinarySvm {
    training: TrainingSettings,
    class_weight: Option<ClassWeight>,
}

impl Default for BinarySvm {
    fn default() -> Self {
        BinarySvm {
            training: Self::TRAINING_DEFAULTS,
            class_weight: None,
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

    /// Weights of the classes 0 and 1 in the loss ([`ClassWeight::Balanced`] or an explicit
    /// pair); none by default (every sample weighs 1).
    pub fn class_weight(mut self, class_weight: ClassWeight) -> Self {
        self.class_weight = Some(class_weight);
        self
    }

    /// Checks every setting, as [`fit`](Fit::fit) does first.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) naming the first
    /// bad setting: a training setting or a class weight.
    pub fn validate(&self) -> Result<()> {
        self.training.validate()?;
        match &self.class_weight {
            Some(w) => w.validate(),
            None => Ok(()),
        }
    }

    fn fit_with<F: Float>(
        &self,
        x: ArrayView2<'_, F>,
        y: ArrayView1<'_, usize>,
        sample_weight: Option<ArrayView1<'_, F>>,
    ) -> Result<FittedBinarySvm<F>> {
        self.validate()?;
        let weights = Weights {
            class: self.class_weight.as_ref(),
            samples: sample_weight,
        };
        let (network, history) = fit_neuron(&self.training, Solver::Sgd, &Hinge, x, y, weights)?;
        FittedNeuron::new(network, history, Margin {})
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
        self.fit_with(x, y.into(), None)
    }
}

impl<F: Float> FitWeighted<F> for BinarySvm {
    fn fit_weighted<'y>(
        &self,
        x: ArrayView2<'_, F>,
        y: impl Into<ArrayView1<'y, usize>>,
        sample_weight: ArrayView1<'_, F>,
    ) -> Result<Self::Fitted>
    where
        F: 'y,
    {
        self.fit_with(x, y.into(), Some(sample_weight))
    }
}

/// The fields of [`BinarySvm`] as documents store them (see `validated_serde!`).
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(remote = "BinarySvm")]
struct BinarySvmDocument {
    training: TrainingSettings,
    #[serde(default)]
    class_weight: Option<ClassWeight>,
}

crate::check::validated_serde!(BinarySvm, BinarySvmDocument);
