//! Optimizers: how gradients become parameter updates.
//!
//! [`Sgd`] is stochastic gradient descent with optional classical or Nesterov momentum, driven
//! by a learning-rate [`Schedule`].

mod schedule;
mod sgd;

pub use schedule::Schedule;
pub use sgd::{Sgd, SgdBuilder};

use crate::error::Result;
use crate::float::Float;
use crate::network::{Gradients, Network};

/// Updates a network's parameters from their gradients.
pub trait Optimizer<F: Float> {
    /// Applies one update to every parameter of `net` (weights, biases, activation parameters).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) if `grads` does not match `net`.
    fn step(&mut self, net: &mut Network<F>, grads: &Gradients<F>) -> Result<()>;

    /// Tells the optimizer which epoch (0-based) is starting, for learning-rate schedules.
    fn set_epoch(&mut self, epoch: usize);

    /// The learning rate in force now.
    fn learning_rate(&self) -> f64;

    /// The state carried from step to step (SGD's velocities), for checkpoints; `None` for a
    /// stateless optimizer or before the first step. Defaults to `None`.
    fn state(&self) -> Option<&Gradients<F>> {
        None
    }

    /// Puts back a state returned by [`state`](Optimizer::state) (`None` clears it), so that
    /// training continues exactly where it stopped.
    ///
    /// # Errors
    /// The default implementation, for stateless optimizers, accepts only `None` and returns
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) otherwise.
    fn restore_state(&mut self, state: Option<Gradients<F>>) -> Result<()> {
        match state {
            None => Ok(()),
            Some(_) => Err(crate::Error::InvalidHyperparameter {
                name: "optimizer state",
                value: "saved velocities".into(),
                reason: "this optimizer keeps no state between steps",
            }),
        }
    }
}
