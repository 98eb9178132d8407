//! Weight penalties added to the loss: L2 ("gradual forgetting") and L1.
//!
//! A regularizer adds a penalty on each layer's **weights** (the tensors of role
//! [`Role::Weight`](crate::layer::Role::Weight)) to the batch-mean loss, and its gradient to the
//! weight gradients. Biases and activation parameters are exempt: they shift or shape a unit's
//! response but do not connect units, and penalising them only biases the fit. Penalties act
//! on each value alone, so they see a weight as its flat values.
//!
//! # L2 as gradual forgetting
//! With plain SGD at learning rate `η`, the L2 penalty `λ/2 ‖W‖²` turns each step into
//! `W ← W − η(∇L + λW) = (1 − ηλ)·W − η∇L`: every step first shrinks every weight by the factor
//! `1 − ηλ`, so a connection the data does not keep reinforcing decays towards zero. The
//! network gradually forgets what it is not reminded of. (With momentum the decay enters the
//! velocity, as in PyTorch's `weight_decay`.)
//!
//! ```
//! use ndnet::regularization::{Regularizer, L1, L2};
//!
//! let w = [1.0f64, -2.0, 0.0, 3.0];
//! assert_eq!(L2::new(0.1).penalty(&w), 0.05 * 14.0);   // λ/2 Σ w²
//! assert_eq!(L1::new(0.1).penalty(&w), 0.1 * 6.0);     // λ Σ |w|
//! ```

use crate::check;
use crate::error::Result;
use crate::float::Float;
use crate::ops::sum_of_squares;

/// A penalty on weights, value by value.
pub trait Regularizer<F: Float> {
    /// Checks the regularizer's strength.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) for a negative or
    /// non-finite strength.
    fn validate(&self) -> Result<()>;

    /// The penalty for one weight tensor, given its values.
    fn penalty(&self, weight: &[F]) -> F;

    /// Adds the penalty's gradient with respect to `weight` into `grad` (as long as `weight`).
    fn add_gradient(&self, weight: &[F], grad: &mut [F]);

    /// Both at once: adds the gradient into `grad` and returns the penalty. Implementations
    /// may fuse the two passes; the default calls [`penalty`](Self::penalty) then
    /// [`add_gradient`](Self::add_gradient).
    fn add_penalty_gradient(&self, weight: &[F], grad: &mut [F]) -> F {
        let penalty = self.penalty(weight);
        self.add_gradient(weight, grad);
        penalty
    }
}

/// No penalty.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoPenalty;

impl<F: Float> Regularizer<F> for NoPenalty {
    fn validate(&self) -> Result<()> {
        Ok(())
    }

    fn penalty(&self, _weight: &[F]) -> F {
        F::zero()
    }

    fn add_gradient(&self, _weight: &[F], _grad: &mut [F]) {}
}

/// L2 penalty `λ/2 · Σ w²`, gradient `λ·w` ("weight decay", "gradual forgetting").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct L2 {
    lambda: f64,
}

impl L2 {
    /// An L2 penalty of strength `λ` (checked when training starts: finite, `≥ 0`).
    pub const fn new(lambda: f64) -> Self {
        L2 { lambda }
    }

    /// The strength `λ`.
    pub fn lambda(&self) -> f64 {
        self.lambda
    }
}

impl<F: Float> Regularizer<F> for L2 {
    fn validate(&self) -> Result<()> {
        check::non_negative("l2", self.lambda)
    }

    fn penalty(&self, weight: &[F]) -> F {
        F::from_f64_lossy(0.5 * self.lambda) * sum_of_squares(weight)
    }

    fn add_penalty_gradient(&self, weight: &[F], grad: &mut [F]) -> F {
        if self.lambda == 0.0 {
            return F::zero();
        }
        let penalty = Regularizer::<F>::penalty(self, weight);
        self.add_gradient(weight, grad);
        penalty
    }

    fn add_gradient(&self, weight: &[F], grad: &mut [F]) {
        let lambda = F::from_f64_lossy(self.lambda);
        for (g, &w) in grad.iter_mut().zip(weight) {
            *g += lambda * w;
        }
    }
}

/// L1 penalty `λ · Σ |w|`, subgradient `λ·sign(w)` (0 at `w = 0`); it drives weights to exactly
/// zero and so selects inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct L1 {
    lambda: f64,
}

impl L1 {
    /// An L1 penalty of strength `λ` (checked when training starts: finite, `≥ 0`).
    pub const fn new(lambda: f64) -> Self {
        L1 { lambda }
    }

    /// The strength `λ`.
    pub fn lambda(&self) -> f64 {
        self.lambda
    }
}

impl<F: Float> Regularizer<F> for L1 {
    fn validate(&self) -> Result<()> {
        check::non_negative("l1", self.lambda)
    }

    fn penalty(&self, weight: &[F]) -> F {
        F::from_f64_lossy(self.lambda) * weight.iter().fold(F::zero(), |acc, &w| acc + w.abs())
    }

    fn add_gradient(&self, weight: &[F], grad: &mut [F]) {
        let lambda = F::from_f64_lossy(self.lambda);
        for (g, &w) in grad.iter_mut().zip(weight) {
            let sign = if w > F::zero() {
                F::one()
            } else if w < F::zero() {
                -F::one()
            } else {
                F::zero()
            };
            *g += lambda * sign;
        }
    }
}
