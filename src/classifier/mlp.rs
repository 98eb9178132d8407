//! A multilayer perceptron for K classes.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

use super::{check_predict, classes_of, probabilities};
use crate::activation::Activation;
use crate::check;
use crate::error::{Error, Result};
use crate::estimator::Solver;
use crate::estimator::{accuracy_score, DecisionFunction, Fit, Predict, PredictProba, Score};
use crate::estimator::{
    classifier_weights, training_defaults, ClassWeight, FitWeighted, Hidden, TrainingSettings,
};
use crate::float::Float;
use crate::loss::SoftmaxCrossEntropy;
use crate::network::Network;
use crate::train::History;

/// A multilayer perceptron classifier: dense hidden layers (optionally with batch norm and
/// dropout), K identity outputs (logits), trained on mini-batches by SGD with momentum or by
/// Adam (the [`solver`](MlpClassifier::solver)) on softmax cross-entropy plus L2. Labels are
/// `0..K`.
///
/// ```
/// use ndarray::array;
/// use ndnet::classifier::MlpClassifier;
/// use ndnet::estimator::{Fit, Predict};
///
/// // XOR: no single neuron separates it, one hidden layer does.
/// let x = array![[0.0f64, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
/// let y = array![0usize, 1, 1, 0];
/// let mlp = MlpClassifier::params()
///     .hidden_layers(&[8])
///     .activation(ndnet::Activation::Tanh)
///     .epochs(300)
///     .batch_size(4)
///     .learning_rate(0.1)
///     .l2(0.0)
///     .fit(x.view(), y.view())?;
/// assert_eq!(mlp.predict(x.view())?, y);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MlpClassifier {
    training: TrainingSettings,
    hidden: Vec<usize>,
    activation: Activation,
    n_classes: Option<usize>,
    solver: Solver,
    dropout: f64,
    batch_norm: bool,
    class_weight: Option<ClassWeight>,
}

impl Default for MlpClassifier {
    fn default() -> Self {
        MlpClassifier {
            training: Self::TRAINING_DEFAULTS,
            hidden: Self::DEFAULT_HIDDEN.to_vec(),
            activation: Self::DEFAULT_ACTIVATION,
            n_classes: None,
            solver: Solver::Sgd,
            dropout: 0.0,
            batch_norm: false,
            class_weight: None,
        }
    }
}

impl MlpClassifier {
    /// The hidden layers [`hidden_layers`](Self::hidden_layers) starts from.
    pub const DEFAULT_HIDDEN: &'static [usize] = &[100];
    /// The hidden activation [`activation`](Self::activation) starts from.
    pub const DEFAULT_ACTIVATION: Activation = Activation::Relu;

    /// The parameters with their defaults.
    pub fn params() -> Self {
        Self::default()
    }

    training_defaults!(learning_rate: 0.05, momentum: 0.9, epochs: 100, batch_size: 32,
        l2: 1e-3, seed: 0, validation_fraction: 0.1);

    /// Units of each hidden layer, input side first; defaults to
    /// [`DEFAULT_HIDDEN`](Self::DEFAULT_HIDDEN). Empty means multinomial logistic regression
    /// (no hidden layer).
    pub fn hidden_layers(mut self, sizes: &[usize]) -> Self {
        self.hidden = sizes.to_vec();
        self
    }

    /// Activation of the hidden layers; defaults to
    /// [`DEFAULT_ACTIVATION`](Self::DEFAULT_ACTIVATION).
    pub fn activation(mut self, activation: Activation) -> Self {
        self.activation = activation;
        self
    }

    /// How to fit: [`Solver::Sgd`] (the default, SGD with momentum) or [`Solver::Adam`] (then
    /// set the learning rate to about `1e-3`). `Solver::Newton` is for the logistic neuron only.
    pub fn solver(mut self, solver: Solver) -> Self {
        self.solver = solver;
        self
    }

    /// Dropout probability after every hidden layer, in `[0, 1)`; defaults to `0` (none).
    pub fn dropout(mut self, p: f64) -> Self {
        self.dropout = p;
        self
    }

    /// Batch normalisation in every hidden layer, between the dense layer and its activation
    /// (`Linear → BatchNorm1d → activation`); defaults to `false`. A training batch then needs
    /// at least 2 samples, and a batch size that leaves 1 sample for the last batch of an
    /// epoch is an error.
    pub fn batch_norm(mut self, batch_norm: bool) -> Self {
        self.batch_norm = batch_norm;
        self
    }

    /// Weights of the classes in the loss ([`ClassWeight::Balanced`] or one per class); none
    /// by default (every sample weighs 1).
    pub fn class_weight(mut self, class_weight: ClassWeight) -> Self {
        self.class_weight = Some(class_weight);
        self
    }

    /// Number of classes K, at most [`MAX_CLASSES`](super::MAX_CLASSES); by default the
    /// largest training label + 1, which must then be a label present or below it (labels
    /// are `0..K`).
    pub fn n_classes(mut self, n_classes: usize) -> Self {
        self.n_classes = Some(n_classes);
        self
    }

    /// Checks every setting, as [`fit`](Fit::fit) does first.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] naming the first bad setting: a zero hidden size, fewer
    /// than 2 or more than [`MAX_CLASSES`](super::MAX_CLASSES) classes, a dropout outside
    /// `[0, 1)`, a solver other than SGD or Adam, or a bad training setting.
    pub fn validate(&self) -> Result<()> {
        self.training.validate()?;
        self.activation.validate()?;
        if let Some(w) = &self.class_weight {
            w.validate()?;
        }
        check::fraction("dropout", self.dropout)?;
        if !matches!(self.solver, Solver::Sgd | Solver::Adam) {
            return Err(Error::InvalidHyperparameter {
                name: "solver",
                value: format!("{:?}", self.solver),
                reason: "an MLP is fitted by Sgd or Adam",
            });
        }
        if let Some(&zero) = self.hidden.iter().find(|&&units| units == 0) {
            return Err(Error::InvalidHyperparameter {
                name: "hidden_layers",
                value: zero.to_string(),
                reason: "every hidden layer needs at least 1 unit",
            });
        }
        match self.n_classes {
            Some(k) => super::check_class_count(k),
            None => Ok(()),
        }
    }
}

impl<F: Float> Fit<F> for MlpClassifier {
    type Fitted = FittedMlp<F>;

    /// Fits on features `x` `(samples, features)` and labels `y` in `0..K`.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a bad setting (checked first, including a zero
    /// hidden size or fewer than 2 classes); [`Error::EmptyData`], [`Error::ShapeMismatch`],
    /// [`Error::NonFinite`] and [`Error::InvalidLabel`] for bad data;
    /// [`Error::NonFiniteLoss`] if training diverges.
    fn fit<'y>(
        &self,
        x: ArrayView2<'_, F>,
        y: impl Into<ArrayView1<'y, usize>>,
    ) -> Result<FittedMlp<F>>
    where
        F: 'y,
    {
        self.fit_with(x, y.into(), None)
    }
}

impl<F: Float> FitWeighted<F> for MlpClassifier {
    fn fit_weighted<'y>(
        &self,
        x: ArrayView2<'_, F>,
        y: impl Into<ArrayView1<'y, usize>>,
        sample_weight: ArrayView1<'_, F>,
    ) -> Result<FittedMlp<F>>
    where
        F: 'y,
    {
        self.fit_with(x, y.into(), Some(sample_weight))
    }
}

impl MlpClassifier {
    fn fit_with<F: Float>(
        &self,
        x: ArrayView2<'_, F>,
        y: ArrayView1<'_, usize>,
        sample_weight: Option<ArrayView1<'_, F>>,
    ) -> Result<FittedMlp<F>> {
        self.validate()?;
        let n_classes = super::fit_classes(self.n_classes, x, y)?;
        let weights = classifier_weights(self.class_weight.as_ref(), y, n_classes, sample_weight)?;
        let mut network = self.network(x.ncols(), n_classes)?;
        let history = self.training.train(
            self.solver,
            &mut network,
            &SoftmaxCrossEntropy,
            x,
            y.into(),
            weights.as_ref().map(|w| w.view()),
        )?;
        FittedMlp::new(self.clone(), network, history)
    }

    /// The untrained network: the hidden layers (each optionally batch-normalised and
    /// followed by dropout), then `n_classes` identity outputs.
    fn network<F: Float>(&self, inputs: usize, n_classes: usize) -> Result<Network<F>> {
        let hidden = Hidden {
            sizes: &self.hidden,
            activation: self.activation,
            batch_norm: self.batch_norm,
            dropout: self.dropout,
        };
        hidden.network(inputs, n_classes, self.training.seed)
    }
}

/// A fitted [`MlpClassifier`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(bound = "", try_from = "serde_repr::Mlp<F>"))]
pub struct FittedMlp<F: Float> {
    params: MlpClassifier,
    network: Network<F>,
    history: History,
}

impl<F: Float> FittedMlp<F> {
    /// A fitted MLP from its parts, checked: valid settings and a network with at least 2
    /// outputs (as many as `n_classes`, when set).
    fn new(params: MlpClassifier, network: Network<F>, history: History) -> Result<Self> {
        params.validate()?;
        let outputs = network.outputs();
        if outputs < 2 || params.n_classes.is_some_and(|k| k != outputs) {
            return Err(Error::ShapeMismatch {
                context: "fitted MLP network",
                expected: match params.n_classes {
                    Some(k) => format!("{k} outputs, one per class"),
                    None => "at least 2 outputs, one per class".into(),
                },
                actual: format!("{outputs} outputs"),
            });
        }
        Ok(FittedMlp {
            params,
            network,
            history,
        })
    }

    /// Number of classes K.
    pub fn n_classes(&self) -> usize {
        self.network.outputs()
    }

    /// The hyperparameters it was fitted with.
    pub fn params(&self) -> &MlpClassifier {
        &self.params
    }

    /// The trained network.
    pub fn network(&self) -> &Network<F> {
        &self.network
    }

    /// The training history.
    pub fn history(&self) -> &History {
        &self.history
    }
}

impl<F: Float> DecisionFunction<F> for FittedMlp<F> {
    /// The logits `(samples, K)`.
    type Output = Array2<F>;

    fn decision_function(&self, x: ArrayView2<'_, F>) -> Result<Array2<F>> {
        check_predict(x, self.network.inputs())?;
        self.network.forward(x)
    }
}

impl<F: Float> PredictProba<F> for FittedMlp<F> {
    /// Class probabilities `(samples, K)`: the softmax of the logits.
    type Output = Array2<F>;

    fn predict_proba(&self, x: ArrayView2<'_, F>) -> Result<Array2<F>> {
        Ok(probabilities(self.decision_function(x)?.view()))
    }
}

impl<F: Float> Predict<F> for FittedMlp<F> {
    /// The most probable class per sample.
    type Output = Array1<usize>;

    fn predict(&self, x: ArrayView2<'_, F>) -> Result<Array1<usize>> {
        Ok(classes_of(self.decision_function(x)?.view()))
    }
}

impl<F: Float> Score<F> for FittedMlp<F> {
    fn score<'y>(&self, x: ArrayView2<'_, F>, y: impl Into<ArrayView1<'y, usize>>) -> Result<f64>
    where
        F: 'y,
    {
        accuracy_score(self, x, y.into())
    }
}

#[cfg(feature = "serde")]
mod serde_repr {
    use super::*;

    /// A fitted MLP as documents store it, checked by [`FittedMlp::new`] on the way in.
    #[derive(serde::Deserialize)]
    #[serde(bound = "")]
    pub struct Mlp<F: Float> {
        params: MlpClassifier,
        network: Network<F>,
        history: History,
    }

    impl<F: Float> TryFrom<Mlp<F>> for FittedMlp<F> {
        type Error = Error;
        fn try_from(m: Mlp<F>) -> Result<Self> {
            FittedMlp::new(m.params, m.network, m.history)
        }
    }
}

/// The fields of [`MlpClassifier`] as documents store them (see `validated_serde!`).
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(remote = "MlpClassifier")]
struct MlpClassifierDocument {
    training: TrainingSettings,
    hidden: Vec<usize>,
    activation: Activation,
    n_classes: Option<usize>,
    #[serde(default)]
    solver: Solver,
    #[serde(default)]
    dropout: f64,
    #[serde(default)]
    batch_norm: bool,
    #[serde(default)]
    class_weight: Option<ClassWeight>,
}

crate::check::validated_serde!(MlpClassifier, MlpClassifierDocument);
