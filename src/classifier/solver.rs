//! The logistic neuron fitted exactly by Newton's method, for [`Solver::Newton`](crate::estimator::Solver).

#[cfg(feature = "linalg")]
use {
    crate::error::Result,
    crate::estimator::TrainingSettings,
    crate::float::Float,
    crate::network::Network,
    crate::train::History,
    ndarray::{ArrayView1, ArrayView2},
};

/// The one-neuron network at the Newton optimum of `training.l2`, for [`Solver::Newton`].
#[cfg(feature = "linalg")]
pub(super) fn fit_newton<F: Float>(
    training: &TrainingSettings,
    x: ArrayView2<'_, F>,
    y: ArrayView1<'_, usize>,
) -> Result<(Network<F>, History)> {
    use crate::error::Error;
    use crate::layer::{Dense, Layer};
    use crate::Activation;
    use ndarray::{Array1, Axis};

    if training.early_stopping.is_some() {
        return Err(Error::InvalidHyperparameter {
            name: "early_stopping",
            value: "on".into(),
            reason:
                "the Newton solver goes to the exact optimum; early stopping is for Sgd and Adam",
        });
    }
    let opt = crate::solver::NewtonLogistic::params()
        .l2(training.l2)
        .fit(x, y)?;
    let weight = opt.weights.mapv(F::from_f64_lossy).insert_axis(Axis(0));
    let bias = Array1::from_elem(1, F::from_f64_lossy(opt.bias));
    let neuron = Dense::new(weight, bias, Activation::Identity)?;
    Ok((
        Network::from_layers(vec![neuron.boxed()])?,
        History::default(),
    ))
}
