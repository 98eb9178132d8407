//! A multi-layer perceptron for regression: scikit-learn's `MLPRegressor`.

use ndarray::{ArrayView1, ArrayView2};

use super::fitted::FittedRegressor;
use super::objective::{learned_targets, RegressionLoss};
use crate::activation::Activation;
use crate::check;
use crate::error::{Error, Result};
use crate::estimator::{
    training_defaults, Fit, FitWeighted, Hidden, RealTargets, Solver, TrainingSettings, Values,
};
use crate::float::Float;
use crate::train::EarlyStopping;

/// A multi-layer perceptron for real-valued targets: hidden dense layers, then one identity
/// output per target, trained on the mean [`RegressionLoss`] (squared error by default) plus
/// `λ/2 ‖W‖²`. scikit-learn's `MLPRegressor` is the reference, with its defaults where they
/// carry over: 100 ReLU units, Adam at `1e-3`, batches of 200, at most 200 epochs, stopping
/// once the training loss has not fallen by `1e-4` for 10 epochs (its `tol` and
/// `n_iter_no_change`; [`convergence`](Self::convergence)).
///
/// - **Targets are standardised while it learns**, by default
///   ([`standardize_targets`](Self::standardize_targets)), and predictions mapped back: with
///   targets in the hundreds, the first Adam steps would spend hundreds of epochs just
///   scaling the outputs up (scikit-learn's `MLPRegressor` on the diabetes data does not
///   converge in 2000 iterations for this reason). `l2` then acts on weights fitted to targets
///   of unit variance.
/// - **`l2` is on the batch-mean loss**: scikit-learn's `alpha` corresponds to
///   `l2 = alpha / batch_size` (it divides its penalty by the batch's size); its `1e-4` at
///   batches of 200 is the default `5e-7` here.
/// - Features should be standardised ([`StandardScaler`](crate::data::StandardScaler)).
///
/// ```
/// use ndarray::{Array, Array2, Axis};
/// use ndnet::estimator::{Fit, Score};
/// use ndnet::regressor::MlpRegressor;
///
/// // y = x² on [-1, 1].
/// let x: Array2<f64> = Array::linspace(-1.0, 1.0, 64).insert_axis(Axis(1));
/// let y = x.column(0).mapv(|v| v * v);
/// let model = MlpRegressor::params()
///     .hidden_layers(&[16])
///     .activation(ndnet::Activation::Tanh)
///     .learning_rate(1e-2)
///     .batch_size(16)
///     .epochs(300)
///     .fit(x.view(), &y)?;
/// assert!(model.score(x.view(), &y)? > 0.95);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MlpRegressor {
    training: TrainingSettings,
    hidden: Vec<usize>,
    activation: Activation,
    solver: Solver,
    loss: RegressionLoss,
    standardize_targets: bool,
    dropout: f64,
    batch_norm: bool,
}

/// A fitted [`MlpRegressor`].
pub type FittedMlpRegressor<F> = FittedRegressor<F, MlpRegressor>;

impl Default for MlpRegressor {
    fn default() -> Self {
        MlpRegressor {
            training: Self::TRAINING_DEFAULTS,
            hidden: Self::DEFAULT_HIDDEN.to_vec(),
            activation: Self::DEFAULT_ACTIVATION,
            solver: Solver::Adam,
            loss: RegressionLoss::SquaredError,
            standardize_targets: true,
            dropout: 0.0,
            batch_norm: false,
        }
    }
}

impl MlpRegressor {
    /// The hidden layers [`hidden_layers`](Self::hidden_layers) starts from.
    pub const DEFAULT_HIDDEN: &'static [usize] = &[100];
    /// The hidden activation [`activation`](Self::activation) starts from.
    pub const DEFAULT_ACTIVATION: Activation = Activation::Relu;

    /// The parameters with their defaults.
    pub fn params() -> Self {
        Self::default()
    }

    training_defaults!(learning_rate: 1e-3, momentum: 0.9, epochs: 200, batch_size: 200,
        l2: 5e-7, seed: 0, validation_fraction: 0.1,
        convergence: Some(EarlyStopping { patience: 10, min_delta: 1e-4, restore_best: false }));

    /// Units of each hidden layer, input side first; defaults to
    /// [`DEFAULT_HIDDEN`](Self::DEFAULT_HIDDEN). Empty means linear regression.
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

    /// How to fit: [`Solver::Adam`] (the default, as scikit-learn's) or [`Solver::Sgd`] with
    /// momentum (then raise the learning rate to about `1e-2`).
    pub fn solver(mut self, solver: Solver) -> Self {
        self.solver = solver;
        self
    }

    /// The loss; defaults to [`RegressionLoss::SquaredError`].
    pub fn loss(mut self, loss: RegressionLoss) -> Self {
        self.loss = loss;
        self
    }

    /// Whether to learn standardised targets (and map predictions back); defaults to `true`,
    /// for the reason in the type's docs.
    pub fn standardize_targets(mut self, standardize: bool) -> Self {
        self.standardize_targets = standardize;
        self
    }

    /// Dropout probability after every hidden layer, in `[0, 1)`; defaults to `0` (none).
    pub fn dropout(mut self, p: f64) -> Self {
        self.dropout = p;
        self
    }

    /// Batch normalisation in every hidden layer, between the dense layer and its
    /// activation; defaults to `false`.
    pub fn batch_norm(mut self, batch_norm: bool) -> Self {
        self.batch_norm = batch_norm;
        self
    }

    /// Checks every setting, as [`fit`](Fit::fit) does first.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] naming the first bad setting: a training setting, the
    /// activation's, the loss's, a dropout outside `[0, 1)`, or a solver other than SGD or
    /// Adam.
    pub fn validate(&self) -> Result<()> {
        self.training.validate()?;
        self.activation.validate()?;
        self.loss.validate()?;
        check::fraction("dropout", self.dropout)?;
        if !matches!(self.solver, Solver::Sgd | Solver::Adam) {
            return Err(Error::InvalidHyperparameter {
                name: "solver",
                value: format!("{:?}", self.solver),
                reason: "an MLP is fitted by SGD or Adam",
            });
        }
        Ok(())
    }
}

impl<F: Float> Fit<F, Values> for MlpRegressor {
    type Fitted = FittedMlpRegressor<F>;

    /// Fits on features `x` `(samples, features)` and targets `y`, `(samples,)` or
    /// `(samples, outputs)`.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a bad setting (checked first);
    /// [`Error::EmptyData`], [`Error::ShapeMismatch`] and [`Error::NonFinite`] for bad data;
    /// [`Error::NonFiniteLoss`] if training diverges.
    fn fit<'y>(
        &self,
        x: ArrayView2<'_, F>,
        y: impl Into<RealTargets<'y, F>>,
    ) -> Result<Self::Fitted>
    where
        F: 'y,
    {
        self.fit_with(x, y.into().values(), None)
    }
}

impl<F: Float> FitWeighted<F, Values> for MlpRegressor {
    fn fit_weighted<'y>(
        &self,
        x: ArrayView2<'_, F>,
        y: impl Into<RealTargets<'y, F>>,
        sample_weight: ArrayView1<'_, F>,
    ) -> Result<Self::Fitted>
    where
        F: 'y,
    {
        self.fit_with(x, y.into().values(), Some(sample_weight))
    }
}

impl MlpRegressor {
    fn fit_with<F: Float>(
        &self,
        x: ArrayView2<'_, F>,
        y: ArrayView2<'_, F>,
        weights: Option<ArrayView1<'_, F>>,
    ) -> Result<FittedMlpRegressor<F>> {
        self.validate()?;
        check::fit_values(x, y)?;
        if let Some(w) = weights {
            check::sample_weights("sample_weight", w, x.nrows())?;
        }
        let (targets, scaler) = learned_targets(y, self.standardize_targets)?;
        let hidden = Hidden {
            sizes: &self.hidden,
            activation: self.activation,
            batch_norm: self.batch_norm,
            dropout: self.dropout,
        };
        let mut network = hidden.network(x.ncols(), y.ncols(), self.training.seed)?;
        let history = self.loss.train(
            &self.training,
            self.solver,
            &mut network,
            x,
            targets.view(),
            weights,
        )?;
        FittedRegressor::new(self.clone(), network, history, scaler)
    }
}
