//! The fitted single neuron behind logistic regression and the linear SVM.

use ndarray::{Array1, ArrayView1, ArrayView2, Axis};

use super::check_predict;
use super::linear::linear_layer;
use crate::check;
use crate::error::{Error, Result};
use crate::estimator::Solver;
use crate::estimator::{accuracy_score, DecisionFunction, Predict, PredictProba, Score};
use crate::estimator::{classifier_weights, linear_network, ClassWeight, TrainingSettings};
use crate::float::Float;
use crate::layer::Dense;
use crate::loss::Loss;
use crate::network::Network;
use crate::ops::sigmoid;
use crate::train::History;

/// How a fitted neuron turns its score `w·x + b` into a class: [`Logistic`] or [`Margin`].
pub trait DecisionRule: Clone + PartialEq + std::fmt::Debug {
    /// Class 0 or 1 for the score `s`.
    fn class_of<F: Float>(&self, s: F) -> usize;

    /// Checks the rule's settings (a file may hold any).
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a setting out of its range.
    fn validate(&self) -> Result<()>;
}

/// Logistic regression's rule: class 1 where `σ(w·x + b)` exceeds the threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Logistic {
    pub(crate) threshold: f64,
}

impl DecisionRule for Logistic {
    fn class_of<F: Float>(&self, s: F) -> usize {
        usize::from(sigmoid(s) > F::from_f64_lossy(self.threshold))
    }

    fn validate(&self) -> Result<()> {
        check_threshold(self.threshold)
    }
}

/// The SVM's rule: class 1 where the margin `w·x + b` is positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Margin {}

impl DecisionRule for Margin {
    fn class_of<F: Float>(&self, s: F) -> usize {
        usize::from(s > F::zero())
    }

    fn validate(&self) -> Result<()> {
        Ok(())
    }
}

/// A fitted single neuron `w·x + b` (one identity unit) with its decision rule: a fitted
/// [`BinarySoftmaxClassifier`](super::BinarySoftmaxClassifier) or
/// [`BinarySvm`](super::BinarySvm).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "serde_repr::Neuron<F, R>",
        into = "serde_repr::Neuron<F, R>",
        bound(
            serialize = "R: serde::Serialize + Clone",
            deserialize = "R: serde::de::DeserializeOwned + DecisionRule"
        )
    )
)]
pub struct FittedNeuron<F: Float, R> {
    network: Network<F>,
    history: History,
    rule: R,
}

/// A fitted [`BinarySoftmaxClassifier`](super::BinarySoftmaxClassifier): logistic regression.
pub type FittedBinarySoftmax<F> = FittedNeuron<F, Logistic>;

/// A fitted [`BinarySvm`](super::BinarySvm): the linear SVM.
pub type FittedBinarySvm<F> = FittedNeuron<F, Margin>;

impl<F: Float, R: DecisionRule> FittedNeuron<F, R> {
    /// # Errors
    /// [`Error::ShapeMismatch`] unless `network` is one dense layer of one identity unit.
    pub(crate) fn new(network: Network<F>, history: History, rule: R) -> Result<Self> {
        rule.validate()?;
        if single_neuron(&network).is_none() {
            return Err(Error::ShapeMismatch {
                context: "fitted neuron",
                expected: "one dense layer of one identity unit".into(),
                actual: format!("{} layers", network.layers().len()),
            });
        }
        Ok(FittedNeuron {
            network,
            history,
            rule,
        })
    }

    /// The weights `w` of the neuron.
    pub fn weights(&self) -> ArrayView1<'_, F> {
        self.neuron().weight().index_axis_move(Axis(0), 0)
    }

    /// The bias `b` of the neuron (the negated firing threshold).
    pub fn bias(&self) -> F {
        self.neuron()
            .bias()
            .first()
            .copied()
            .unwrap_or_else(F::zero)
    }

    /// The underlying one-neuron network (identity output: it emits the score).
    pub fn network(&self) -> &Network<F> {
        &self.network
    }

    /// The training history.
    pub fn history(&self) -> &History {
        &self.history
    }

    fn neuron(&self) -> &Dense<F> {
        // `new` and deserialization take only one dense layer with one unit.
        #[allow(clippy::expect_used)] // checked by `single_neuron` in every constructor
        single_neuron(&self.network).expect("a fitted neuron is one dense unit")
    }
}

/// The network's one dense layer of one unit, if that is what it is.
fn single_neuron<F: Float>(network: &Network<F>) -> Option<&Dense<F>> {
    linear_layer(network).filter(|d| d.units() == 1)
}

impl<F: Float> FittedNeuron<F, Logistic> {
    /// The decision threshold on `P(y = 1 | x)`.
    pub fn threshold(&self) -> f64 {
        self.rule.threshold
    }

    /// A copy with another decision threshold, in `[0, 1]`.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a threshold outside `[0, 1]`.
    pub fn with_threshold(mut self, threshold: f64) -> Result<Self> {
        check_threshold(threshold)?;
        self.rule.threshold = threshold;
        Ok(self)
    }
}

impl<F: Float, R: DecisionRule> DecisionFunction<F> for FittedNeuron<F, R> {
    /// The score `w·x + b` per sample: the logit for logistic regression, the signed margin
    /// for the SVM (positive means class 1, `|s| ≥ 1` outside the margin).
    type Output = Array1<F>;

    fn decision_function(&self, x: ArrayView2<'_, F>) -> Result<Array1<F>> {
        check_predict(x, self.network.inputs())?;
        Ok(self.network.forward(x)?.column(0).to_owned())
    }
}

impl<F: Float, R: DecisionRule> Predict<F> for FittedNeuron<F, R> {
    /// Class 0 or 1 per sample, by the decision rule.
    type Output = Array1<usize>;

    fn predict(&self, x: ArrayView2<'_, F>) -> Result<Array1<usize>> {
        Ok(self.decision_function(x)?.mapv(|s| self.rule.class_of(s)))
    }
}

impl<F: Float> PredictProba<F> for FittedNeuron<F, Logistic> {
    /// `P(y = 1 | x) = σ(w·x + b)` per sample.
    type Output = Array1<F>;

    fn predict_proba(&self, x: ArrayView2<'_, F>) -> Result<Array1<F>> {
        Ok(self.decision_function(x)?.mapv(sigmoid))
    }
}

impl<F: Float, R: DecisionRule> Score<F> for FittedNeuron<F, R> {
    fn score<'y>(&self, x: ArrayView2<'_, F>, y: impl Into<ArrayView1<'y, usize>>) -> Result<f64>
    where
        F: 'y,
    {
        accuracy_score(self, x, y.into())
    }
}

pub(super) fn check_threshold(threshold: f64) -> Result<()> {
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

/// The class and sample weights a fit was given.
#[derive(Clone, Copy)]
pub(super) struct Weights<'w, F> {
    pub class: Option<&'w ClassWeight>,
    pub samples: Option<ArrayView1<'w, F>>,
}

impl<F> Weights<'_, F> {
    /// No weights: every sample counts 1.
    pub const NONE: Self = Weights {
        class: None,
        samples: None,
    };
}

/// Trains one linear neuron, starting from zero weights, on labels in {0, 1}.
pub(super) fn fit_neuron<F: Float, L: Loss<F>>(
    training: &TrainingSettings,
    solver: Solver,
    loss: &L,
    x: ArrayView2<'_, F>,
    y: ArrayView1<'_, usize>,
    weights: Weights<'_, F>,
) -> Result<(Network<F>, History)> {
    check::fit_data(x, y, 2)?;
    let weights = classifier_weights(weights.class, y, 2, weights.samples)?;
    let mut network = linear_network(x.ncols(), 1)?;
    let history = training.train(
        solver,
        &mut network,
        loss,
        x,
        y.into(),
        weights.as_ref().map(|w| w.view()),
    )?;
    Ok((network, history))
}

#[cfg(feature = "serde")]
mod serde_repr {
    use super::*;

    /// A fitted neuron as documents store it: the rule's fields beside the network's.
    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(bound(
        serialize = "R: serde::Serialize",
        deserialize = "R: serde::de::DeserializeOwned"
    ))]
    pub struct Neuron<F: Float, R> {
        network: Network<F>,
        history: History,
        #[serde(flatten)]
        rule: R,
    }

    impl<F: Float, R: DecisionRule> TryFrom<Neuron<F, R>> for FittedNeuron<F, R> {
        type Error = Error;
        fn try_from(n: Neuron<F, R>) -> Result<Self> {
            FittedNeuron::new(n.network, n.history, n.rule)
        }
    }

    impl<F: Float, R> From<FittedNeuron<F, R>> for Neuron<F, R> {
        fn from(n: FittedNeuron<F, R>) -> Self {
            Neuron {
                network: n.network,
                history: n.history,
                rule: n.rule,
            }
        }
    }
}
