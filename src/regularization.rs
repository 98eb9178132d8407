//! Weight penalties added to the loss: L2 ("gradual forgetting") and L1.
//!
//! A regularizer adds a penalty on each layer's **weights** to the batch-mean loss, and its
//! gradient to the weight gradients. Biases and activation parameters are exempt: they shift or
//! shape a unit's response but do not connect units, and penalising them only biases the fit.
//!
//! # L2 as gradual forgetting
//! With plain SGD at learning rate `η`, the L2 penalty `λ/2 ‖W‖²` turns each step into
//! `W ← W − η(∇L + λW) = (1 − ηλ)·W − η∇L`: every step first shrinks every weight by the factor
//! `1 − ηλ`, so a connection the data does not keep reinforcing decays towards zero. The
//! network gradually forgets what it is not reminded of. (With momentum the decay enters the
//! velocity, as in PyTorch's `weight_decay`.)
//!
//! ```
//! use ndarray::array;
//! use ndnet::regularization::{Regularizer, L1, L2};
//!
//! let w = array![[1.0f64, -2.0], [0.0, 3.0]];
//! assert_eq!(L2::new(0.1).penalty(w.view()), 0.05 * 14.0);   // λ/2 Σ w²
//! assert_eq!(L1::new(0.1).penalty(w.view()), 0.1 * 6.0);     // λ Σ |w|
//! ```

use ndarray::{ArrayView2, ArrayViewMut2, Zip};

use crate::error::{check_non_negative, Result};
use crate::float::{sum_of_squares, Float};

/// A penalty on weight matrices.
pub trait Regularizer<F: Float> {
    /// Checks the regularizer's strength.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) for a negative or
    /// non-finite strength.
    fn validate(&self) -> Result<()>;

    /// The penalty for one weight matrix.
    fn penalty(&self, weight: ArrayView2<'_, F>) -> F;

    /// Adds the penalty's gradient with respect to `weight` into `grad`.
    fn add_gradient(&self, weight: ArrayView2<'_, F>, grad: ArrayViewMut2<'_, F>);

    /// Both at once: adds the gradient into `grad` and returns the penalty. Implementations
    /// may fuse the two passes; the default calls [`penalty`](Self::penalty) then
    /// [`add_gradient`](Self::add_gradient).
    fn add_penalty_gradient(&self, weight: ArrayView2<'_, F>, grad: ArrayViewMut2<'_, F>) -> F {
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

    fn penalty(&self, _weight: ArrayView2<'_, F>) -> F {
        F::zero()
    }

    fn add_gradient(&self, _weight: ArrayView2<'_, F>, _grad: ArrayViewMut2<'_, F>) {}
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
        check_non_negative("l2", self.lambda)
    }

    fn penalty(&self, weight: ArrayView2<'_, F>) -> F {
        let sum_sq = match weight.as_slice_memory_order() {
            Some(w) => sum_of_squares(w),
            None => weight.fold(F::zero(), |acc, &w| acc + w * w),
        };
        F::from_f64_lossy(0.5 * self.lambda) * sum_sq
    }

    fn add_penalty_gradient(&self, weight: ArrayView2<'_, F>, grad: ArrayViewMut2<'_, F>) -> F {
        if self.lambda == 0.0 {
            return F::zero();
        }
        let penalty = Regularizer::<F>::penalty(self, weight);
        self.add_gradient(weight, grad);
        penalty
    }

    fn add_gradient(&self, weight: ArrayView2<'_, F>, mut grad: ArrayViewMut2<'_, F>) {
        let lambda = F::from_f64_lossy(self.lambda);
        Zip::from(&mut grad)
            .and(&weight)
            .for_each(|g, &w| *g += lambda * w);
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
        check_non_negative("l1", self.lambda)
    }

    fn penalty(&self, weight: ArrayView2<'_, F>) -> F {
        F::from_f64_lossy(self.lambda) * weight.fold(F::zero(), |acc, &w| acc + w.abs())
    }

    fn add_gradient(&self, weight: ArrayView2<'_, F>, mut grad: ArrayViewMut2<'_, F>) {
        let lambda = F::from_f64_lossy(self.lambda);
        Zip::from(&mut grad).and(&weight).for_each(|g, &w| {
            let sign = if w > F::zero() {
                F::one()
            } else if w < F::zero() {
                -F::one()
            } else {
                F::zero()
            };
            *g += lambda * sign;
        });
    }
}
