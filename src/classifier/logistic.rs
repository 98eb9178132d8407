//! Logistic regression: one sigmoid neuron.

use ndarray::{ArrayView1, ArrayView2};

use super::neuron::{
    check_threshold, fit_neuron, FittedBinarySoftmax, FittedNeuron, Logistic, Weights,
};
use crate::error::Result;
use crate::estimator::Solver;
use crate::estimator::{training_defaults, TrainingSettings};
use crate::estimator::{ClassWeight, Fit, FitWeighted};
use crate::float::Float;
use crate::loss::BinaryCrossEntropy;

/// Logistic regression as one sigmoid neuron: `P(y = 1 | x) = σ(w·x + b)`, trained by
/// mini-batch SGD on binary cross-entropy plus L2.
///
/// In training the sigmoid is fused into the loss (cross-entropy on the logit `w·x + b`), which
/// is exact and stays finite for any logit;
/// [`predict_proba`](crate::estimator::PredictProba::predict_proba) applies it. Weights start at
/// zero, so the fit is deterministic given the seed.
///
/// ```
/// use ndarray::array;
/// use ndnet::classifier::BinarySoftmaxClassifier;
/// use ndnet::estimator::{Fit, Predict, PredictProba};
///
/// let x = array![[-2.0f64], [-1.0], [-0.5], [0.5], [1.0], [2.0]];
/// let y = array![0usize, 0, 0, 1, 1, 1];
/// let model = BinarySoftmaxClassifier::params().epochs(50).fit(x.view(), y.view())?;
/// assert_eq!(model.predict(x.view())?, y);
/// let p = model.predict_proba(array![[0.0]].view())?;
/// assert!((p[0] - 0.5).abs() < 0.05);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BinarySoftmaxClassifier {
    training: TrainingSettings,
    threshold: f64,
    solver: Solver,
    class_weight: Option<ClassWeight>,
}

impl Default for BinarySoftmaxClassifier {
    fn default() -> Self {
        BinarySoftmaxClassifier {
            training: Self::TRAINING_DEFAULTS,
            threshold: Self::DEFAULT_THRESHOLD,
            solver: Solver::Sgd,
            class_weight: None,
        }
    }
}

impl BinarySoftmaxClassifier {
    /// The decision threshold [`threshold`](Self::threshold) starts from.
    pub const DEFAULT_THRESHOLD: f64 = 0.5;

    /// The parameters with their defaults.
    pub fn params() -> Self {
        Self::default()
    }

    training_defaults!(learning_rate: 0.05, momentum: 0.9, epochs: 100, batch_size: 32,
        l2: 1e-3, seed: 0, validation_fraction: 0.1);

    /// Probability above which [`predict`](crate::estimator::Predict::predict) says 1; in
    /// `[0, 1]`, defaults to [`DEFAULT_THRESHOLD`](Self::DEFAULT_THRESHOLD).
    pub fn threshold(mut self, threshold: f64) -> Self {
        self.threshold = threshold;
        self
    }

    /// How to fit: [`Solver::Sgd`] (the default) with the training settings, or, with the
    /// `linalg` feature, `Solver::Newton` to the exact optimum of the same objective.
    pub fn solver(mut self, solver: Solver) -> Self {
        self.solver = solver;
        self
    }

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
    /// bad setting: a training setting, a threshold outside `[0, 1]`, a bad class weight.
    pub fn validate(&self) -> Result<()> {
        self.training.validate()?;
        if let Some(w) = &self.class_weight {
            w.validate()?;
        }
        check_threshold(self.threshold)
    }

    fn fit_with<F: Float>(
        &self,
        x: ArrayView2<'_, F>,
        y: ArrayView1<'_, usize>,
        sample_weight: Option<ArrayView1<'_, F>>,
    ) -> Result<FittedBinarySoftmax<F>> {
        self.validate()?;
        let weights = Weights {
            class: self.class_weight.as_ref(),
            samples: sample_weight,
        };
        let (network, history) = match self.solver {
            Solver::Sgd | Solver::Adam => fit_neuron(
                &self.training,
                self.solver,
                &BinaryCrossEntropy,
                x,
                y,
                weights,
            )?,
            #[cfg(feature = "linalg")]
            Solver::Newton => {
                crate::estimator::refuse_weights(
                    weights.class.is_some() || weights.samples.is_some(),
                )?;
                super::solver::fit_newton(&self.training, x, y)?
            }
        };
        let rule = Logistic {
            threshold: self.threshold,
        };
        FittedNeuron::new(network, history, rule)
    }
}

impl<F: Float> Fit<F> for BinarySoftmaxClassifier {
    type Fitted = FittedBinarySoftmax<F>;

    /// Fits on features `x` `(samples, features)` and labels `y` in `{0, 1}`.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) for a bad setting
    /// (checked first); [`Error::EmptyData`](crate::Error::EmptyData),
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch),
    /// [`Error::NonFinite`](crate::Error::NonFinite) and
    /// [`Error::InvalidLabel`](crate::Error::InvalidLabel) (with its row) for bad data;
    /// [`Error::NonFiniteLoss`](crate::Error::NonFiniteLoss) if training diverges. With
    /// `Solver::Newton`: early stopping is an invalid hyperparameter, and see
    /// `NewtonLogistic::fit` for the rest.
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

impl<F: Float> FitWeighted<F> for BinarySoftmaxClassifier {
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

/// The fields of [`BinarySoftmaxClassifier`] as documents store them (see `validated_serde!`).
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(remote = "BinarySoftmaxClassifier")]
struct BinarySoftmaxClassifierDocument {
    training: TrainingSettings,
    threshold: f64,
    solver: Solver,
    #[serde(default)]
    class_weight: Option<ClassWeight>,
}

crate::check::validated_serde!(BinarySoftmaxClassifier, BinarySoftmaxClassifierDocument);
