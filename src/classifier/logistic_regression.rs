//! Multinomial logistic regression: one linear layer of K logits.

use ndarray::{Array2, ArrayView1, ArrayView2};

use super::linear::{both_classes, check_class_setting, sealed, FittedLinear, LinearSettings};
use super::neuron::fit_neuron;
use super::{check_class_count, fit_classes, probabilities};
use crate::error::Result;
use crate::estimator::{linear_network, training_defaults, Fit, PredictProba, Solver};
use crate::estimator::{DecisionFunction, TrainingSettings};
use crate::float::Float;
use crate::loss::{BinaryCrossEntropy, SoftmaxCrossEntropy};
use crate::network::Network;
use crate::train::History;

/// Logistic regression for K classes (scikit-learn's `LogisticRegression`): K logits
/// `s = W x + b` and `P(y = k | x) = softmax(s)_k`, trained by mini-batch SGD with momentum (or
/// Adam, the [`solver`](Self::solver)) on the mean softmax cross-entropy plus `λ/2 ‖W‖²`
/// (biases exempt). Labels are `0..K`; weights start at zero, so the seed only orders the
/// mini-batches.
///
/// **Two classes.** Softmax over two logits is the sigmoid of their difference,
/// `softmax(s₀, s₁)₁ = σ(s₁ − s₀)`, so with K = 2 the model is the single sigmoid neuron of
/// [`BinarySoftmaxClassifier`](super::BinarySoftmaxClassifier): it is fitted as that neuron
/// `s = w·x + b`, on the same objective (binary cross-entropy plus `λ/2 ‖w‖²`, scikit-learn's
/// binary `LogisticRegression`), by the same steps given the same settings, and reported as the
/// two logits `(−s/2, s/2)`, whose softmax is `(1 − σ(s), σ(s))`. So
/// [`coefficients`](FittedLinear::coefficients) are `[−w/2; w/2]`, and the rows sum to zero as
/// they do for every K: from a zero start SGD keeps `Σ_k W_k = 0`, the form with the
/// smallest penalty.
///
/// **Defaults, for 100 to 100,000 rows.** Batches of 32, SGD with momentum `0.9` at learning
/// rate `0.1`, [cosine-annealed](crate::estimator::RateDecay::Cosine) to 0 over `100` epochs,
/// and `l2 = 1e-3`. The annealing is what makes one setting fit every size: a constant rate
/// leaves SGD
/// hovering around the optimum at a distance that grows with the rate and the steps per epoch
/// (on MNIST's 60,000 rows, 30 constant-rate epochs at `0.05` end at test accuracy 0.913,
/// annealed at `0.1` at 0.921), while small sets need large steps to get anywhere in their
/// few (120 iris rows make 4 steps an epoch, 400 in all). MNIST's 100 epochs take about 10 s
/// (release build, 2 cores).
///
/// **Regularisation.** `l2` is `λ` on the *mean* loss; scikit-learn's `C` minimises the same
/// function scaled by `n`, so `LogisticRegression(C)` is `l2 = 1/(C·n)` (its default `C = 1`
/// is `l2 = 1/n`). The default is the constant `1e-3` rather than `1/n`: at the optimum it is
/// as accurate as `C = 1` on the four shipped splits (test rows right: iris 30 vs 29, wine 36
/// vs 36, digits 349 vs 349, breast cancer 112 vs 112), and it does not change with the data
/// (nor does [`LinearSvc`](super::LinearSvc)'s, for which `1/n` is much too weak). At 60,000
/// rows `1/n` is half a point better (MNIST: 0.926 vs 0.921 at the optimum): set it there.
///
/// **Exact solution.** With the `linalg` feature, `Solver::Newton` fits two classes exactly by
/// `solver::NewtonLogistic` (Newton's method on the binary objective above). It is binary only:
/// for K > 2 it is refused with
/// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) naming `solver`.
///
/// ```
/// use ndarray::array;
/// use ndnet::classifier::LogisticRegression;
/// use ndnet::estimator::{Fit, Predict, PredictProba};
///
/// // Three classes along a line.
/// let x = array![[-2.0f64], [-1.5], [0.0], [0.2], [1.5], [2.0]];
/// let y = array![0usize, 0, 1, 1, 2, 2];
/// let model = LogisticRegression::params().epochs(300).fit(x.view(), y.view())?;
/// assert_eq!(model.predict(x.view())?, y);
/// let p = model.predict_proba(array![[0.1]].view())?;
/// assert_eq!(p.dim(), (1, 3));
/// assert!((p.sum() - 1.0).abs() < 1e-12 && p[[0, 1]] > 0.5);
/// assert_eq!(model.coefficients().dim(), (3, 1));
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogisticRegression {
    training: TrainingSettings,
    solver: Solver,
    n_classes: Option<usize>,
}

/// A fitted [`LogisticRegression`]: K logits, and [`PredictProba`] their softmax.
pub type FittedLogisticRegression<F> = FittedLinear<F, LogisticRegression>;

impl Default for LogisticRegression {
    fn default() -> Self {
        LogisticRegression {
            training: Self::TRAINING_DEFAULTS,
            solver: Solver::Sgd,
            n_classes: None,
        }
    }
}

impl LogisticRegression {
    /// The parameters with their defaults.
    pub fn params() -> Self {
        Self::default()
    }

    training_defaults!(learning_rate: 0.1, momentum: 0.9, epochs: 100, batch_size: 32,
        l2: 1e-3, seed: 0, validation_fraction: 0.1, rate_decay: Cosine);

    /// How to fit: [`Solver::Sgd`] (the default, SGD with momentum), [`Solver::Adam`] (then set
    /// the learning rate to about `1e-3`), or with the `linalg` feature `Solver::Newton`, the
    /// exact optimum, for two classes only.
    pub fn solver(mut self, solver: Solver) -> Self {
        self.solver = solver;
        self
    }

    /// Number of classes K, at most [`MAX_CLASSES`](super::MAX_CLASSES); by default the
    /// largest training label + 1 (labels are `0..K`).
    pub fn n_classes(mut self, n_classes: usize) -> Self {
        self.n_classes = Some(n_classes);
        self
    }

    /// Checks every setting, as [`fit`](Fit::fit) does first.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) naming the first
    /// bad setting: a training setting, a class count below 2 or above
    /// [`MAX_CLASSES`](super::MAX_CLASSES), or `Solver::Newton` with early stopping or with
    /// more than 2 classes set.
    pub fn validate(&self) -> Result<()> {
        self.training.validate()?;
        if let Some(k) = self.n_classes {
            check_class_count(k)?;
        }
        self.check_solver(self.n_classes.unwrap_or(2))
    }

    /// Whether the solver can fit `n_classes` classes: the Newton solver is binary only and
    /// has no epochs to stop early.
    fn check_solver(&self, n_classes: usize) -> Result<()> {
        #[cfg(feature = "linalg")]
        if self.solver == Solver::Newton {
            let reason = match (n_classes, self.training.early_stopping) {
                (2, None) => return Ok(()),
                (2, Some(_)) => "goes to the exact optimum: early stopping is for Sgd and Adam",
                _ => "is exact for 2 classes only (NewtonLogistic); fit more with Sgd or Adam",
            };
            return Err(crate::error::Error::InvalidHyperparameter {
                name: "solver",
                value: "Newton".into(),
                reason,
            });
        }
        let _ = n_classes; // only the Newton solver depends on it
        Ok(())
    }

    /// The sigmoid neuron of two classes, as its two logits `(−s/2, s/2)`.
    fn fit_binary<F: Float>(
        &self,
        x: ArrayView2<'_, F>,
        y: ArrayView1<'_, usize>,
    ) -> Result<(Network<F>, History)> {
        let (neuron, history) = match self.solver {
            #[cfg(feature = "linalg")]
            Solver::Newton => super::solver::fit_newton(&self.training, x, y)?,
            solver => fit_neuron(
                &self.training,
                solver,
                &BinaryCrossEntropy,
                x,
                y,
                super::neuron::Weights::NONE,
            )?,
        };
        Ok((both_classes(&neuron, F::from_f64_lossy(0.5))?, history))
    }
}

impl<F: Float> Fit<F> for LogisticRegression {
    type Fitted = FittedLogisticRegression<F>;

    /// Fits on features `x` `(samples, features)` and labels `y` in `0..K`.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) for a bad setting
    /// (checked first), fewer than 2 classes, or `Solver::Newton` with more than 2;
    /// [`Error::EmptyData`](crate::Error::EmptyData),
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch),
    /// [`Error::NonFinite`](crate::Error::NonFinite) and
    /// [`Error::InvalidLabel`](crate::Error::InvalidLabel) (with its row) for bad data;
    /// [`Error::NonFiniteLoss`](crate::Error::NonFiniteLoss) if training diverges (lower the
    /// learning rate). With `Solver::Newton`, those of `solver::NewtonLogistic::fit` too.
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
        let n_classes = fit_classes(self.n_classes, x, y)?;
        self.check_solver(n_classes)?;
        let (network, history) = if n_classes == 2 {
            self.fit_binary(x, y)?
        } else {
            let mut network = linear_network(x.ncols(), n_classes)?;
            let history = self.training.train(
                self.solver,
                &mut network,
                &SoftmaxCrossEntropy,
                x,
                y.into(),
                None,
            )?;
            (network, history)
        };
        FittedLinear::new(*self, network, history)
    }
}

impl sealed::Sealed for LogisticRegression {}

impl LinearSettings for LogisticRegression {
    fn check_fitted(&self, n_classes: usize) -> Result<()> {
        self.validate()?;
        check_class_setting(self.n_classes, n_classes)?;
        self.check_solver(n_classes)
    }
}

impl<F: Float> PredictProba<F> for FittedLinear<F, LogisticRegression> {
    /// Class probabilities `(samples, K)`: the softmax of the logits (for K = 2, column 1 is
    /// [`BinarySoftmaxClassifier`](super::BinarySoftmaxClassifier)'s `σ(w·x + b)`).
    type Output = Array2<F>;

    fn predict_proba(&self, x: ArrayView2<'_, F>) -> Result<Array2<F>> {
        Ok(probabilities(self.decision_function(x)?.view()))
    }
}

/// The fields of [`LogisticRegression`] as documents store them (see `validated_serde!`).
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(remote = "LogisticRegression")]
struct LogisticRegressionDocument {
    training: TrainingSettings,
    solver: Solver,
    n_classes: Option<usize>,
}

crate::check::validated_serde!(LogisticRegression, LogisticRegressionDocument);
