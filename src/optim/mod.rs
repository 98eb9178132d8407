//! Optimizers: how gradients become parameter updates.
//!
//! | optimizer | PyTorch | default rate | state per tensor |
//! |---|---|---|---|
//! | [`Sgd`] (momentum, Nesterov) | `torch.optim.SGD` | `0.01` | `momentum_buffer` |
//! | [`Adam`] (AMSGrad, coupled or decoupled decay) | `torch.optim.Adam` | `1e-3` | `exp_avg`, `exp_avg_sq` (`max_exp_avg_sq`) |
//! | [`AdamW`] | `torch.optim.AdamW` | `1e-3` | as Adam |
//! | [`RmsProp`] (momentum, centered) | `torch.optim.RMSprop` | `0.01` | `square_avg` (`momentum_buffer`, `grad_avg`) |
//! | [`Adagrad`] | `torch.optim.Adagrad` | `0.01` | `sum` |
//!
//! Each states its update rule and PyTorch's defaults, which it keeps. An optimizer sees a
//! network's learned tensors as named flat buffers
//! ([`Network::update_parameters`](crate::Network::update_parameters)), follows a
//! [`LearningRate`] (base rate, [`Warmup`], [`Schedule`], including reduce-on-plateau), and
//! hands its state out by name for checkpoints ([`OptimizerState`]). Gradients can be
//! [clipped](Clip) before a step.

mod adagrad;
mod adam;
mod adamw;
mod clip;
mod rate;
mod rmsprop;
mod schedule;
mod sgd;
mod slots;
mod state;

pub use adagrad::{Adagrad, AdagradBuilder};
pub use adam::{Adam, AdamBuilder};
pub use adamw::AdamW;
pub use clip::{clip_grad_norm, clip_grad_value, Clip};
pub use rate::{LearningRate, Warmup};
pub use rmsprop::{RmsProp, RmsPropBuilder};
pub use schedule::Schedule;
pub use sgd::{Sgd, SgdBuilder};
pub use state::OptimizerState;

use self::slots::Slots;
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

    /// Reports the loss monitored at the end of the current epoch (the validation loss, or the
    /// training loss without a validation set), for [`Schedule::ReduceOnPlateau`]; ignored by
    /// default.
    fn observe(&mut self, _monitored: f64) {}

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

/// The state of an optimizer made of per-tensor slots and a learning rate.
fn save_from<F: Float>(
    slots: &Slots<F>,
    rate: &LearningRate,
    net: &Network<F>,
) -> OptimizerState<F> {
    let mut state = OptimizerState::default();
    slots.save(net, &mut state);
    rate.save(&mut state);
    state
}

/// Loads a state written by [`save_from`], all or nothing.
fn load_into<F: Float>(
    slots: &mut Slots<F>,
    rate: &mut LearningRate,
    net: &Network<F>,
    state: &OptimizerState<F>,
) -> Result<()> {
    let mut state = state.clone();
    let (mut new_slots, mut new_rate) = (slots.clone(), rate.clone());
    new_slots.load(net, &mut state)?;
    new_rate.load(&mut state)?;
    state.finish()?;
    (*slots, *rate) = (new_slots, new_rate);
    Ok(())
}

/// The [`Optimizer`] methods every optimizer here shares, for an `impl` block of a type with
/// a `rate: LearningRate` field and its per-tensor state in the [`Slots`] field `$slots`.
macro_rules! rate_and_state_methods {
    ($slots:ident) => {
        fn set_epoch(&mut self, epoch: usize) {
            self.rate.set_epoch(epoch);
        }

        fn learning_rate(&self) -> f64 {
            self.rate.rate()
        }

        fn observe(&mut self, monitored: f64) {
            self.rate.observe(monitored);
        }

        fn state(&self, net: &Network<F>) -> OptimizerState<F> {
            super::save_from(&self.$slots, &self.rate, net)
        }

        fn load_state(&mut self, net: &Network<F>, state: &OptimizerState<F>) -> Result<()> {
            super::load_into(&mut self.$slots, &mut self.rate, net, state)
        }
    };
}
use rate_and_state_methods;

/// `x`, or zero if it is subnormal: optimizer state that decays towards zero (the moments of a
/// weight whose gradient stays zero) would otherwise end in subnormal numbers, whose arithmetic
/// is up to a hundred times slower on x86.
#[inline(always)]
fn flush<F: Float>(x: F) -> F {
    if x.abs() < F::min_positive_value() {
        F::zero()
    } else {
        x
    }
}
