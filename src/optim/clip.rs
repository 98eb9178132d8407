//! Gradient clipping: by global 2-norm, or by value.

use crate::check;
use crate::error::Result;
use crate::float::Float;
use crate::network::Gradients;
use crate::ops::sum_of_squares;

/// Scales every gradient by `max_norm / (‖g‖ + 1e-6)` when that is below 1, where `‖g‖` is the
/// 2-norm of all gradients together (PyTorch's `clip_grad_norm_` with `norm_type=2`); returns
/// `‖g‖` before clipping. A NaN or infinite norm leaves the gradients as they are (PyTorch
/// would fill them with NaN) and is returned for the caller to act on.
///
/// ```
/// use ndnet::optim::clip_grad_norm;
/// use ndnet::{Activation, Network};
/// use rand::SeedableRng;
///
/// let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(0);
/// let net = Network::<f64>::builder(1).dense(1, Activation::Identity).build(&mut rng)?;
/// let mut grads = net.zero_gradients();
/// grads.get_mut("0.weight").unwrap().fill(3.0);
/// grads.get_mut("0.bias").unwrap().fill(4.0);
/// assert_eq!(clip_grad_norm(&mut grads, 1.0), 5.0);
/// let clipped = grads.get("0.bias").unwrap()[[0]];
/// assert!((clipped - 0.8).abs() < 1e-6);
/// # Ok::<(), ndnet::Error>(())
/// ```
pub fn clip_grad_norm<F: Float>(grads: &mut Gradients<F>, max_norm: f64) -> f64 {
    let squares: f64 = grads
        .iter()
        .map(|(_, _, g)| sum_of_squares(g).to_f64_lossless())
        .sum();
    let norm = squares.sqrt();
    let coefficient = max_norm / (norm + 1e-6);
    if norm.is_finite() && coefficient < 1.0 {
        let c = F::from_f64_lossy(coefficient);
        for (_, _, g) in grads.iter_mut() {
            g.iter_mut().for_each(|v| *v *= c);
        }
    }
    norm
}

/// Clamps every gradient value into `[−max, max]` (PyTorch's `clip_grad_value_`).
pub fn clip_grad_value<F: Float>(grads: &mut Gradients<F>, max: f64) {
    let (hi, lo) = (F::from_f64_lossy(max), F::from_f64_lossy(-max));
    for (_, _, g) in grads.iter_mut() {
        g.iter_mut().for_each(|v| *v = v.max(lo).min(hi));
    }
}

/// Gradient clipping as a training setting
/// ([`Trainer::clip`](crate::train::Trainer::clip)): applied after each backward pass, before
/// the optimizer's step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Clip {
    /// [`clip_grad_norm`] with this maximum norm (finite, `> 0`).
    Norm(f64),
    /// [`clip_grad_value`] with this bound (finite, `> 0`).
    Value(f64),
}

impl Clip {
    /// Clips `grads`; returns the global 2-norm before clipping for [`Clip::Norm`], `None` for
    /// [`Clip::Value`].
    pub fn apply<F: Float>(&self, grads: &mut Gradients<F>) -> Option<f64> {
        match *self {
            Clip::Norm(max) => Some(clip_grad_norm(grads, max)),
            Clip::Value(max) => {
                clip_grad_value(grads, max);
                None
            }
        }
    }

    /// Checks the bound.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) unless it is
    /// finite and `> 0`.
    pub fn validate(&self) -> Result<()> {
        match *self {
            Clip::Norm(max) => check::positive("clip max_norm", max),
            Clip::Value(max) => check::positive("clip value", max),
        }
    }
}
