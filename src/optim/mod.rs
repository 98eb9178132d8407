//! Optimizers: how gradients become parameter updates.
//!
//! [`Sgd`] is stochastic gradient descent with optional classical or Nesterov momentum, driven
//! by a learning-rate [`Schedule`]. An optimizer sees a network's learned tensors as named flat
//! buffers ([`Network::update_parameters`](crate::Network::update_parameters)), keeps whatever
//! state it needs per tensor, and hands that state out by name for checkpoints
//! ([`OptimizerState`]).

mod schedule;
mod sgd;
mod state;

pub use schedule::Schedule;
pub use sgd::{Sgd, SgdBuilder};
pub use state::OptimizerState;

use crate::error::{Error, Result};
use crate::float::Float;
use crate::network::{Gradients, Network};

/// Updates a network's learned tensors from their gradients.
pub trait Optimizer<F: Float> {
    /// Applies one update to every learned tensor of `net` (weights, biases, slopes).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] if `grads` does not match `net`.
    fn step(&mut self, net: &mut Network<F>, grads: &Gradients<F>) -> Result<()>;

    /// Tells the optimizer which epoch (0-based) is starting, for learning-rate schedules.
    fn set_epoch(&mut self, epoch: usize);

    /// The learning rate in force now.
    fn learning_rate(&self) -> f64;

    /// The state carried from step to step, by the names of `net`'s tensors (for
    /// checkpoints). Defaults to none, for a stateless optimizer.
    fn state(&self, _net: &Network<F>) -> OptimizerState<F> {
        OptimizerState::default()
    }

    /// Puts back a state returned by [`state`](Optimizer::state) for a network shaped like
    /// `net`, so that training continues exactly where it stopped.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a state this optimizer does not keep, or one that
    /// does not fit `net`. The default, for stateless optimizers, accepts only an empty state.
    fn load_state(&mut self, _net: &Network<F>, state: &OptimizerState<F>) -> Result<()> {
        if state.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidHyperparameter {
                name: "optimizer state",
                value: state.describe(),
                reason: "this optimizer keeps no state between steps",
            })
        }
    }
}
