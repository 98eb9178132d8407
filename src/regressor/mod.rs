//! Ready-to-fit regressors: real-valued targets, one or several per sample.
//!
//! | regressor | model | loss | scikit-learn |
//! |---|---|---|---|
//! | [`LinearRegression`] | one identity neuron per output | squared error (or Huber, absolute) + L2 | `LinearRegression`, `Ridge`, `SGDRegressor` |
//! | [`MlpRegressor`] | hidden dense layers, identity outputs | squared error (or Huber, absolute) + L2 | `MLPRegressor` |
//!
//! They follow the [`estimator`](crate::estimator) traits with [`Values`](crate::estimator::Values)
//! targets: `fit(x, y)` takes `y` as `(samples,)` or `(samples, outputs)` (a view or a
//! reference), the fitted model [predicts](crate::estimator::Predict) `(samples, outputs)` in
//! the targets' units, and [`score`](crate::estimator::Score) is R², as scikit-learn's. Both
//! standardise the targets while they learn, by default, and say why; both share one fitted
//! type, [`FittedRegressor`].
//!
//! ```
//! use ndarray::array;
//! use ndnet::estimator::{Fit, Predict};
//! use ndnet::regressor::{LinearRegression, RegressionLoss};
//!
//! // Two targets at once: y₁ = x, y₂ = −2x + 1.
//! let x = array![[0.0f32], [1.0], [2.0], [3.0]];
//! let y = array![[0.0f32, 1.0], [1.0, -1.0], [2.0, -3.0], [3.0, -5.0]];
//! let model = LinearRegression::params()
//!     .loss(RegressionLoss::Huber { delta: 1.0 })
//!     .epochs(2000) // four rows: one step an epoch
//!     .fit(x.view(), &y)?;
//! let p = model.predict(array![[4.0f32]].view())?;
//! assert!((p[[0, 0]] - 4.0).abs() < 0.05 && (p[[0, 1]] + 7.0).abs() < 0.05);
//! # Ok::<(), ndnet::Error>(())
//! ```

mod fitted;
mod linear;
mod mlp;
mod objective;

pub use fitted::FittedRegressor;
pub use linear::{FittedLinearRegression, LinearRegression};
pub use mlp::{FittedMlpRegressor, MlpRegressor};
pub use objective::RegressionLoss;
