//! Linear regression: one identity neuron per output, fitted by SGD (or, with the `linalg`
//! feature, exactly).

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

use super::fitted::FittedRegressor;
use super::objective::{learned_targets, RegressionLoss};
use crate::check;
use crate::error::Result;
use crate::estimator::{
    linear_network, training_defaults, Fit, FitWeighted, RealTargets, Solver, TrainingSettings,
    Values,
};
use crate::float::Float;
#[cfg(feature = "linalg")]
use {
    crate::error::Error, crate::layer::Dense, crate::layer::Layer, crate::network::Network,
    crate::train::History, crate::Activation,
};

/// Linear regression `ŷ = W x + b`: the single linear neuron of the source material, one per
/// output, fitted by mini-batch SGD with momentum to the mean [`RegressionLoss`] (squared
/// error by default) plus `λ/2 ‖W‖²`. With `l2 = 0` (the default) it is ordinary least
/// squares, scikit-learn's `LinearRegression`; with `l2 > 0` it is ridge regression
/// (scikit-learn's `Ridge(alpha)` is `l2 = alpha / n_samples`, and `SGDRegressor(alpha)` is
/// `l2 = alpha`); with Huber or absolute loss it is robust regression. `Solver::Newton` (the
/// `linalg` feature) fits the squared-error objective exactly instead, one Cholesky solve.
///
/// **Targets are standardised while it learns** (by default; [`standardize_targets`](Self::standardize_targets)):
/// targets in the hundreds (as in the diabetes data) make SGD's first steps huge, so the
/// default learning rate would have to depend on the targets' units. Standardised, it does
/// not, and predictions are mapped back, so nothing changes for the caller except that `l2`
/// and a Huber `delta` act in standard deviations of the target. Features should be
/// standardised too ([`StandardScaler`](crate::data::StandardScaler)).
///
/// ```
/// use ndarray::array;
/// use ndnet::estimator::{Fit, Predict, Score};
/// use ndnet::regressor::LinearRegression;
///
/// let x = array![[0.0f64], [1.0], [2.0], [3.0]];
/// let y = array![1.0, 3.0, 5.0, 7.0]; // 2x + 1
/// // Four rows are one batch: an epoch is one step, so give it more of them.
/// let model = LinearRegression::params().epochs(2000).fit(x.view(), &y)?;
/// assert!((model.coefficients()[[0, 0]] - 2.0).abs() < 1e-3);
/// assert!((model.intercept()[0] - 1.0).abs() < 1e-3);
/// assert!(model.score(x.view(), &y)? > 0.999);
/// assert!((model.predict(array![[10.0]].view())?[[0, 0]] - 21.0).abs() < 1e-2);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LinearRegression {
    training: TrainingSettings,
    solver: Solver,
    loss: RegressionLoss,
    standardize_targets: bool,
}

/// A fitted [`LinearRegression`].
pub type FittedLinearRegression<F> = FittedRegressor<F, LinearRegression>;

impl Default for LinearRegression {
    fn default() -> Self {
        LinearRegression {
            training: Self::TRAINING_DEFAULTS,
            solver: Solver::Sgd,
            loss: RegressionLoss::SquaredError,
            standardize_targets: true,
        }
    }
}

impl LinearRegression {
    /// The parameters with their defaults.
    pub fn params() -> Self {
        Self::default()
    }

    training_defaults!(learning_rate: 0.003, momentum: 0.9, epochs: 200, batch_size: 32,
        l2: 0.0, seed: 0, validation_fraction: 0.1);

    /// How to fit: [`Solver::Sgd`] (the default), [`Solver::Adam`], or with the `linalg`
    /// feature `Solver::Newton`, the exact least-squares (ridge) solution.
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

    /// Checks every setting, as [`fit`](Fit::fit) does first.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] naming the first bad setting: a training setting, a
    /// Huber `delta`, or `Solver::Newton` with another loss than squared error or with early
    /// stopping.
    ///
    /// [`Error::InvalidHyperparameter`]: crate::Error::InvalidHyperparameter
    pub fn validate(&self) -> Result<()> {
        self.training.validate()?;
        self.loss.validate()?;
        #[cfg(feature = "linalg")]
        if self.solver == Solver::Newton {
            let reason = match (self.loss, self.training.early_stopping) {
                (RegressionLoss::SquaredError, None) => return Ok(()),
                (RegressionLoss::SquaredError, Some(_)) => "has no epochs to stop early",
                _ => "solves the squared-error objective only",
            };
            return Err(Error::InvalidHyperparameter {
                name: "solver",
                value: "Newton".into(),
                reason,
            });
        }
        Ok(())
    }
}

impl<F: Float> Fit<F, Values> for LinearRegression {
    type Fitted = FittedLinearRegression<F>;

    /// Fits on features `x` `(samples, features)` and targets `y`, `(samples,)` or
    /// `(samples, outputs)`.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a bad setting (checked first);
    /// [`Error::EmptyData`], [`Error::ShapeMismatch`] and [`Error::NonFinite`] for bad data;
    /// [`Error::NonFiniteLoss`] if training diverges (lower the learning rate).
    ///
    /// [`Error::InvalidHyperparameter`]: crate::Error::InvalidHyperparameter
    /// [`Error::EmptyData`]: crate::Error::EmptyData
    /// [`Error::ShapeMismatch`]: crate::Error::ShapeMismatch
    /// [`Error::NonFinite`]: crate::Error::NonFinite
    /// [`Error::NonFiniteLoss`]: crate::Error::NonFiniteLoss
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

impl<F: Float> FitWeighted<F, Values> for LinearRegression {
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

impl LinearRegression {
    fn fit_with<F: Float>(
        &self,
        x: ArrayView2<'_, F>,
        y: ArrayView2<'_, F>,
        weights: Option<ArrayView1<'_, F>>,
    ) -> Result<FittedLinearRegression<F>> {
        self.validate()?;
        check::fit_values(x, y)?;
        if let Some(w) = weights {
            check::sample_weights("sample_weight", w, x.nrows())?;
        }
        let (targets, scaler) = learned_targets(y, self.standardize_targets)?;
        let (network, history) = match self.solver {
            #[cfg(feature = "linalg")]
            Solver::Newton => {
                crate::estimator::refuse_weights(weights.is_some())?;
                (
                    exact(x, targets.view(), self.training.l2)?,
                    History::default(),
                )
            }
            solver => {
                let mut network = linear_network(x.ncols(), y.ncols())?;
                let history = self.loss.train(
                    &self.training,
                    solver,
                    &mut network,
                    x,
                    targets.view(),
                    weights,
                )?;
                (network, history)
            }
        };
        FittedRegressor::new(*self, network, history, scaler)
    }
}

/// The exact ridge solution, one output at a time.
#[cfg(feature = "linalg")]
fn exact<F: Float>(x: ArrayView2<'_, F>, y: ArrayView2<'_, F>, l2: f64) -> Result<Network<F>> {
    let ridge = crate::solver::RidgeRegression::params().l2(l2);
    let mut weights = Array2::zeros((y.ncols(), x.ncols()));
    let mut biases = Array1::zeros(y.ncols());
    for ((t, mut w), b) in y
        .columns()
        .into_iter()
        .zip(weights.rows_mut())
        .zip(&mut biases)
    {
        let solution = ridge.fit(x, t)?;
        w.assign(&solution.weights.mapv(F::from_f64_lossy));
        *b = F::from_f64_lossy(solution.bias);
    }
    let neurons = Dense::new(weights, biases, Activation::Identity)?;
    Network::from_layers(vec![neurons.boxed()])
}

impl<F: Float> FittedLinearRegression<F> {
    /// The weights `W` `(outputs, features)`, in the targets' units.
    pub fn coefficients(&self) -> Array2<F> {
        let (w, _) = self.unscaled();
        w
    }

    /// The intercepts `b` `(outputs,)`, in the targets' units.
    pub fn intercept(&self) -> Array1<F> {
        let (_, b) = self.unscaled();
        b
    }

    /// `W` and `b` of the network, mapped back through the target scaler: `t = σ z + μ`.
    fn unscaled(&self) -> (Array2<F>, Array1<F>) {
        let mut w = Array2::zeros((self.n_outputs(), self.n_features()));
        let mut b = Array1::zeros(self.n_outputs());
        if let Some(neurons) = self.network().layers().first() {
            neurons.tensors(&mut |t| match t.name {
                "weight" => w.iter_mut().zip(t.values).for_each(|(o, &v)| *o = v),
                "bias" => b.iter_mut().zip(t.values).for_each(|(o, &v)| *o = v),
                _ => {}
            });
        }
        if let Some(scaler) = self.target_scaler() {
            let (mean, scale) = (scaler.mean(), scaler.scale());
            for (((mut row, b), &m), &s) in
                w.rows_mut().into_iter().zip(&mut b).zip(mean).zip(scale)
            {
                row.mapv_inplace(|v| v * s);
                *b = *b * s + m;
            }
        }
        (w, b)
    }
}
