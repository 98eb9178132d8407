//! A fitted regressor: its network, the targets' scaling, its settings and history.

use ndarray::{Array2, ArrayView2};

use crate::check;
use crate::data::StandardScaler;
use crate::error::{Error, Result};
use crate::estimator::{Predict, RealTargets, Score};
use crate::float::Float;
use crate::metrics::r2_score;
use crate::network::Network;
use crate::train::History;

/// A fitted regressor of settings `P` ([`MlpRegressor`](super::MlpRegressor) or
/// [`LinearRegression`](super::LinearRegression)): it predicts `(samples, outputs)` in the
/// targets' own units, whatever scaling it learned them in.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedRegressor<F: Float, P> {
    params: P,
    network: Network<F>,
    history: History,
    targets: Option<StandardScaler<F>>,
}

impl<F: Float, P> FittedRegressor<F, P> {
    /// A fitted regressor from its parts, checked: `targets` (the scaler the network's
    /// outputs are undone with, if any) has one entry per output.
    pub(super) fn new(
        params: P,
        network: Network<F>,
        history: History,
        targets: Option<StandardScaler<F>>,
    ) -> Result<Self> {
        if let Some(scaler) = &targets {
            if scaler.n_features() != network.outputs() {
                return Err(Error::ShapeMismatch {
                    context: "fitted regressor target scaler",
                    expected: format!("{} outputs, as the network", network.outputs()),
                    actual: format!("{} outputs", scaler.n_features()),
                });
            }
        }
        Ok(FittedRegressor {
            params,
            network,
            history,
            targets,
        })
    }

    /// The settings it was fitted with.
    pub fn params(&self) -> &P {
        &self.params
    }

    /// The trained network, which predicts the targets as learned: standardised, if
    /// [`target_scaler`](Self::target_scaler) is set.
    pub fn network(&self) -> &Network<F> {
        &self.network
    }

    /// The training history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The standardisation of the targets that predictions are mapped back through, if the
    /// targets were standardised.
    pub fn target_scaler(&self) -> Option<&StandardScaler<F>> {
        self.targets.as_ref()
    }

    /// Number of features it takes.
    pub fn n_features(&self) -> usize {
        self.network.inputs()
    }

    /// Number of values it predicts per sample.
    pub fn n_outputs(&self) -> usize {
        self.network.outputs()
    }
}

impl<F: Float, P> Predict<F> for FittedRegressor<F, P> {
    /// The predictions `(samples, outputs)`, in the targets' units (one column for a single
    /// target: `.column(0)`).
    type Output = Array2<F>;

    fn predict(&self, x: ArrayView2<'_, F>) -> Result<Array2<F>> {
        check::columns("predict features", "samples", x, self.n_features())?;
        check::finite("features", x)?;
        let learned = self.network.forward(x)?;
        match &self.targets {
            Some(scaler) => scaler.inverse_transform(learned.view()),
            None => Ok(learned),
        }
    }
}

impl<F: Float, P> Score<F, crate::estimator::Values> for FittedRegressor<F, P> {
    /// R² of the predictions (scikit-learn's `score`: [`r2_score`], averaged over outputs).
    fn score<'y>(&self, x: ArrayView2<'_, F>, y: impl Into<RealTargets<'y, F>>) -> Result<f64>
    where
        F: 'y,
    {
        let y = y.into().values();
        check::one_per_row("score targets", "target rows", x.nrows(), y.nrows())?;
        r2_score(y, self.predict(x)?.view())
    }
}
