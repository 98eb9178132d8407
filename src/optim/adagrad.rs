//! Adagrad.

use std::marker::PhantomData;

use super::rate::{rate_setters, RateSettings};
use super::slots::Slots;
use super::{rate_and_state_methods, LearningRate, Optimizer, OptimizerState};
use crate::check;
use crate::error::Result;
use crate::float::Float;
use crate::network::{Gradients, Network};
use crate::simd::vectorized;

/// Adagrad (Duchi, Hazan & Singer, 2011), exactly as PyTorch's `torch.optim.Adagrad` computes
/// it.
///
/// For each learned tensor `p` with gradient `g`, a running sum of squares `s` (starting at
/// `initial_accumulator_value`), step `t` (from 1), learning rate `η`, rate decay `d`, `ε` and
/// weight decay `λ`:
///
/// ```text
/// η_t ← η / (1 + (t − 1)·d)
/// g ← g + λ·p
/// s ← s + g²
/// p ← p − η_t · g / (√s + ε)
/// ```
///
/// Defaults are PyTorch's: `η = 0.01`, `d = 0`, `λ = 0`, initial accumulator `0`,
/// `ε = 1e-10`. The state is `{tensor}.sum` per tensor and the step count `step`.
///
/// ```
/// use ndnet::optim::Adagrad;
///
/// let adagrad = Adagrad::<f32>::builder().learning_rate(0.1).build()?;
/// assert_eq!(adagrad.eps(), 1e-10);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Adagrad<F: Float> {
    settings: AdagradBuilder<F>,
    rate: LearningRate,
    slots: Slots<F>,
}

/// Settings for [`Adagrad`], checked by [`build`](AdagradBuilder::build).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdagradBuilder<F> {
    rate: RateSettings,
    lr_decay: f64,
    weight_decay: f64,
    initial_accumulator_value: f64,
    eps: f64,
    _float: PhantomData<F>,
}

impl<F: Float> Default for AdagradBuilder<F> {
    fn default() -> Self {
        AdagradBuilder {
            rate: RateSettings::constant(0.01),
            lr_decay: 0.0,
            weight_decay: 0.0,
            initial_accumulator_value: 0.0,
            eps: 1e-10,
            _float: PhantomData,
        }
    }
}

impl<F: Float> AdagradBuilder<F> {
    rate_setters!(0.01);

    /// `d`, the per-step decay of the rate: finite and `≥ 0`. Default `0`.
    pub fn lr_decay(mut self, lr_decay: f64) -> Self {
        self.lr_decay = lr_decay;
        self
    }

    /// Coupled weight decay `λ`: finite and `≥ 0`. Default `0`.
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }

    /// Where the sums of squares start: finite and `≥ 0`. Default `0`.
    pub fn initial_accumulator_value(mut self, value: f64) -> Self {
        self.initial_accumulator_value = value;
        self
    }

    /// `ε`: finite and `> 0`. Default `1e-10`.
    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }

    /// Checks the settings and makes the optimizer.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) naming the first
    /// bad setting.
    pub fn build(self) -> Result<Adagrad<F>> {
        let rate = self.rate.build()?;
        check::non_negative("lr_decay", self.lr_decay)?;
        check::non_negative("weight_decay", self.weight_decay)?;
        check::non_negative("initial_accumulator_value", self.initial_accumulator_value)?;
        check::positive_in::<F>("eps", self.eps)?;
        let init = F::from_f64_lossy(self.initial_accumulator_value);
        Ok(Adagrad {
            settings: self,
            rate,
            slots: Slots::new(vec!["sum"], init),
        })
    }
}

impl<F: Float> Adagrad<F> {
    /// The settings builder, with the defaults documented on each setter.
    pub fn builder() -> AdagradBuilder<F> {
        AdagradBuilder::default()
    }

    /// `ε`.
    pub fn eps(&self) -> f64 {
        self.settings.eps
    }

    /// The learning rate: base rate, warm-up and schedule.
    pub fn rate(&self) -> &LearningRate {
        &self.rate
    }
}

impl<F: Float> Optimizer<F> for Adagrad<F> {
    fn step(&mut self, net: &mut Network<F>, grads: &Gradients<F>) -> Result<()> {
        let s = self.settings;
        let rate = self.rate.rate();
        let (t, buffers) = self.slots.step(net, grads)?;
        let f = F::from_f64_lossy;
        let lr = f(rate / (1.0 + (t - 1) as f64 * s.lr_decay));
        let (decay, eps) = (f(s.weight_decay), f(s.eps));
        let Some(sums) = buffers.first_mut() else {
            return Ok(());
        };
        net.update_parameters(grads, |k, p, g| {
            let Some(sum) = sums.get_mut(k) else {
                return;
            };
            vectorized(
                #[inline(always)]
                || adagrad_update(p, g, sum, lr, decay, eps),
            );
        })
    }

    rate_and_state_methods!(slots);
}

/// One Adagrad step over a tensor: `g ← g + λ·p`, `s ← s + g²`, `p ← p − η·g / (√s + ε)`.
#[inline(always)]
fn adagrad_update<F: Float>(p: &mut [F], g: &[F], sum: &mut [F], lr: F, decay: F, eps: F) {
    for ((p, &g), sum) in p.iter_mut().zip(g).zip(sum.iter_mut()) {
        let g = g + decay * *p;
        *sum += g * g;
        *p -= lr * (g / (sum.sqrt() + eps));
    }
}
