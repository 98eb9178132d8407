//! The single neuron as a classifier: logistic regression and the linear SVM.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

use super::settings::{training_setters, TrainingSettings};
use super::{check_fit_data, check_predict};
use crate::activation::{sigmoid, Activation};
use crate::dense::Dense;
use crate::error::{Error, Result};
use crate::float::Float;
use crate::loss::{BinaryCrossEntropy, Hinge, Loss};
use crate::network::Network;
use crate::solver::Solver;
use crate::train::History;

/// Logistic regression as one sigmoid neuron: `P(y = 1 | x) = σ(w·x + b)`, trained by
/// mini-batch SGD on binary cross-entropy plus L2.
///
/// In training the sigmoid is fused into the loss (cross-entropy on the logit `w·x + b`), which
/// is exact and stays finite for any logit; [`predict_proba`](FittedBinarySoftmax::predict_proba)
/// applies it. Weights start at zero, so the fit is deterministic given the seed.
///
/// ```
/// use ndarray::array;
/// use ndnet::classifier::BinarySoftmaxClassifier;
///
/// let x = array![[-2.0f64], [-1.0], [-0.5], [0.5], [1.0], [2.0]];
/// let y = array![0usize, 0, 0, 1, 1, 1];
/// let model = BinarySoftmaxClassifier::params().epochs(50).fit(x.view(), y.view())?;
/// assert_eq!(model.predict(x.view())?, y);
/// let p = model.predict_proba(array![[0.0]].view())?;
/// assert!((p[0] - 0.5).abs() < 0.05);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BinarySoftmaxClassifier {
    training: TrainingSettings,
    threshold: f64,
    solver: Solver,
}

impl Default for BinarySoftmaxClassifier {
    fn default() -> Self {
        BinarySoftmaxClassifier {
            training: TrainingSettings {
                learning_rate: 0.05,
                momentum: 0.9,
                epochs: 100,
                batch_size: 32,
                l2: 1e-3,
                seed: 0,
                early_stopping: None,
                validation_fraction: 0.1,
            },
            threshold: 0.5,
            solver: Solver::Sgd,
        }
    }
}

impl BinarySoftmaxClassifier {
    /// The parameters with their defaults.
    pub fn params() -> Self {
        Self::default()
    }

    training_setters!(learning_rate: 0.05, momentum: 0.9, epochs: 100, batch_size: 32, l2: 1e-3);

    /// Probability above which [`predict`](FittedBinarySoftmax::predict) says 1; in `[0, 1]`,
    /// defaults to `0.5`.
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

    /// Fits on features `x` `(samples, features)` and labels `y` in `{0, 1}`.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a bad setting (checked first);
    /// [`Error::EmptyData`], [`Error::ShapeMismatch`], [`Error::NonFinite`] and
    /// [`Error::InvalidLabel`] (with its row) for bad data; [`Error::NonFiniteLoss`] if
    /// training diverges. With `Solver::Newton`: early stopping is an
    /// [`Error::InvalidHyperparameter`], and see `NewtonLogistic::fit` for the rest.
    pub fn fit<F: Float>(
        &self,
        x: ArrayView2<'_, F>,
        y: ArrayView1<'_, usize>,
    ) -> Result<FittedBinarySoftmax<F>> {
        self.training.validate()?;
        check_threshold(self.threshold)?;
        let (network, history) = match self.solver {
            Solver::Sgd => fit_neuron(&self.training, &BinaryCrossEntropy, x, y)?,
            #[cfg(feature = "linalg")]
            Solver::Newton => crate::solver::newton_network(&self.training, x, y)?,
        };
        Ok(FittedBinarySoftmax {
            network,
            history,
            threshold: self.threshold,
        })
    }
}

/// A fitted [`BinarySoftmaxClassifier`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FittedBinarySoftmax<F: Float> {
    network: Network<F>,
    history: History,
    threshold: f64,
}

impl<F: Float> FittedBinarySoftmax<F> {
    /// The logit `w·x + b` per sample.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for the wrong number of features; [`Error::NonFinite`].
    pub fn decision_function(&self, x: ArrayView2<'_, F>) -> Result<Array1<F>> {
        logits(&self.network, x)
    }

    /// `P(y = 1 | x) = σ(w·x + b)` per sample.
    ///
    /// # Errors
    /// As [`decision_function`](Self::decision_function).
    pub fn predict_proba(&self, x: ArrayView2<'_, F>) -> Result<Array1<F>> {
        Ok(self.decision_function(x)?.mapv(sigmoid))
    }

    /// Class 1 where the probability exceeds the threshold, else 0.
    ///
    /// # Errors
    /// As [`decision_function`](Self::decision_function).
    pub fn predict(&self, x: ArrayView2<'_, F>) -> Result<Array1<usize>> {
        let threshold = F::from_f64_lossy(self.threshold);
        Ok(self.predict_proba(x)?.mapv(|p| usize::from(p > threshold)))
    }

    /// A copy with another decision threshold, in `[0, 1]`.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a threshold outside `[0, 1]`.
    pub fn with_threshold(mut self, threshold: f64) -> Result<Self> {
        check_threshold(threshold)?;
        self.threshold = threshold;
        Ok(self)
    }

    /// The decision threshold.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// The weights `w` of the neuron.
    pub fn weights(&self) -> ArrayView1<'_, F> {
        neuron(&self.network)
            .weight()
            .index_axis_move(ndarray::Axis(0), 0)
    }

    /// The bias `b` of the neuron (the negated firing threshold).
    pub fn bias(&self) -> F {
        neuron(&self.network).bias()[0]
    }

    /// The underlying one-neuron network (identity output: it emits the logit).
    pub fn network(&self) -> &Network<F> {
        &self.network
    }

    /// The training history.
    pub fn history(&self) -> &History {
        &self.history
    }
}

/// A linear support vector machine as one neuron: the score `w·x + b` is a signed margin (not a
/// probability), trained by mini-batch SGD on the hinge loss `max(0, 1 − t·s)` plus L2, with
/// labels 0/1 read as `t = −1/+1`.
///
/// ```
/// use ndarray::array;
/// use ndnet::classifier::BinarySvm;
///
/// let x = array![[-2.0f64, 0.0], [-1.0, 0.5], [1.0, -0.5], [2.0, 0.0]];
/// let y = array![0usize, 0, 1, 1];
/// let svm = BinarySvm::params().fit(x.view(), y.view())?;
/// assert_eq!(svm.predict(x.view())?, y);
/// assert!(svm.decision_function(array![[3.0, 0.0]].view())?[0] > 1.0); // beyond the margin
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BinarySvm {
    training: TrainingSettings,
}

impl Default for BinarySvm {
    fn default() -> Self {
        BinarySvm {
            training: TrainingSettings {
                learning_rate: 0.01,
                momentum: 0.9,
                epochs: 100,
                batch_size: 32,
                l2: 1e-3,
                seed: 0,
                early_stopping: None,
                validation_fraction: 0.1,
            },
        }
    }
}

impl BinarySvm {
    /// The parameters with their defaults.
    pub fn params() -> Self {
        Self::default()
    }

    training_setters!(learning_rate: 0.01, momentum: 0.9, epochs: 100, batch_size: 32, l2: 1e-3);

    /// Fits on features `x` `(samples, features)` and labels `y` in `{0, 1}`.
    ///
    /// # Errors
    /// As [`BinarySoftmaxClassifier::fit`].
    pub fn fit<F: Float>(
        &self,
        x: ArrayView2<'_, F>,
        y: ArrayView1<'_, usize>,
    ) -> Result<FittedBinarySvm<F>> {
        self.training.validate()?;
        let (network, history) = fit_neuron(&self.training, &Hinge, x, y)?;
        Ok(FittedBinarySvm { network, history })
    }
}

/// A fitted [`BinarySvm`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FittedBinarySvm<F: Float> {
    network: Network<F>,
    history: History,
}

impl<F: Float> FittedBinarySvm<F> {
    /// The signed margin score `w·x + b` per sample: positive means class 1, and `|s| ≥ 1`
    /// means outside the margin. Not a probability.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for the wrong number of features; [`Error::NonFinite`].
    pub fn decision_function(&self, x: ArrayView2<'_, F>) -> Result<Array1<F>> {
        logits(&self.network, x)
    }

    /// Class 1 where the score is positive, else 0.
    ///
    /// # Errors
    /// As [`decision_function`](Self::decision_function).
    pub fn predict(&self, x: ArrayView2<'_, F>) -> Result<Array1<usize>> {
        Ok(self
            .decision_function(x)?
            .mapv(|s| usize::from(s > F::zero())))
    }

    /// The weights `w`.
    pub fn weights(&self) -> ArrayView1<'_, F> {
        neuron(&self.network)
            .weight()
            .index_axis_move(ndarray::Axis(0), 0)
    }

    /// The bias `b`.
    pub fn bias(&self) -> F {
        neuron(&self.network).bias()[0]
    }

    /// The underlying one-neuron network.
    pub fn network(&self) -> &Network<F> {
        &self.network
    }

    /// The training history.
    pub fn history(&self) -> &History {
        &self.history
    }
}

fn check_threshold(threshold: f64) -> Result<()> {
    if (0.0..=1.0).contains(&threshold) {
        Ok(())
    } else {
        Err(Error::InvalidHyperparameter {
            name: "threshold",
            value: threshold.to_string(),
            reason: "must be in [0, 1]",
        })
    }
}

/// Trains one linear neuron, starting from zero weights, on labels in {0, 1}.
fn fit_neuron<F: Float, L: Loss<F>>(
    training: &TrainingSettings,
    loss: &L,
    x: ArrayView2<'_, F>,
    y: ArrayView1<'_, usize>,
) -> Result<(Network<F>, History)> {
    check_fit_data(x, y, 2)?;
    let neuron = Dense::new(
        Array2::zeros((1, x.ncols())),
        Array1::zeros(1),
        Activation::Identity,
    )?;
    let mut network = Network::from_layers(vec![neuron])?;
    let history = training.train(&mut network, loss, x, y)?;
    Ok((network, history))
}

fn neuron<F: Float>(network: &Network<F>) -> &Dense<F> {
    &network.layers()[0]
}

fn logits<F: Float>(network: &Network<F>, x: ArrayView2<'_, F>) -> Result<Array1<F>> {
    check_predict(x, network.inputs())?;
    Ok(network.forward(x)?.column(0).to_owned())
}
