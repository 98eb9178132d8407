//! What a regressor minimises, and how its targets are scaled while it learns.

use ndarray::{Array2, ArrayView1, ArrayView2};

use crate::data::StandardScaler;
use crate::error::Result;
use crate::estimator::{Solver, TrainingSettings};
use crate::float::Float;
use crate::loss::{AbsoluteError, Huber, SquaredError};
use crate::network::Network;
use crate::train::History;

/// The per-sample loss a regressor minimises (scikit-learn's `loss` of `SGDRegressor`).
/// Each is summed over the outputs of a sample and averaged over the batch.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum RegressionLoss {
    /// `½ (s − t)²` ([`SquaredError`]): the mean, what MSE and R² measure. The default.
    #[default]
    SquaredError,
    /// `½ d²` for `|d| ≤ δ`, else `δ (|d| − ½ δ)` ([`Huber`]): squared near the target,
    /// absolute far from it, so outliers pull less. `delta` is in the units the model learns
    /// in: those of the standardised targets when they are standardised (the default), where
    /// `1.0` is one standard deviation.
    Huber {
        /// The switch point `δ > 0`.
        delta: f64,
    },
    /// `|s − t|` ([`AbsoluteError`]): the median, robust to outliers.
    AbsoluteError,
}

impl RegressionLoss {
    /// Checks the loss's setting.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) for a Huber
    /// `delta` that is not finite and positive.
    pub fn validate(&self) -> Result<()> {
        match *self {
            RegressionLoss::Huber { delta } => Huber::new(delta).map(|_| ()),
            _ => Ok(()),
        }
    }

    /// Trains `net` on features `x` and targets `y` with this loss (weighted, with `weights`).
    pub(super) fn train<F: Float>(
        &self,
        training: &TrainingSettings,
        solver: Solver,
        net: &mut Network<F>,
        x: ArrayView2<'_, F>,
        y: ArrayView2<'_, F>,
        weights: Option<ArrayView1<'_, F>>,
    ) -> Result<History> {
        let y = y.into();
        match *self {
            RegressionLoss::SquaredError => {
                training.train(solver, net, &SquaredError, x, y, weights)
            }
            RegressionLoss::Huber { delta } => {
                training.train(solver, net, &Huber::new(delta)?, x, y, weights)
            }
            RegressionLoss::AbsoluteError => {
                training.train(solver, net, &AbsoluteError, x, y, weights)
            }
        }
    }
}

/// The targets a regressor learns: standardised (per output, with the training rows' mean and
/// standard deviation) when `standardize` is set, else as given. Returns them with the
/// scaler that maps predictions back.
pub(super) fn learned_targets<F: Float>(
    y: ArrayView2<'_, F>,
    standardize: bool,
) -> Result<(Array2<F>, Option<StandardScaler<F>>)> {
    if !standardize {
        return Ok((y.to_owned(), None));
    }
    let scaler = StandardScaler::fit(y)?;
    Ok((scaler.transform(y)?, Some(scaler)))
}
