//! Adam, with optional AMSGrad and coupled or decoupled (AdamW) weight decay.

use std::marker::PhantomData;

use super::flush;
use super::rate::{rate_setters, RateSettings};
use super::slots::Slots;
use super::{rate_and_state_methods, LearningRate, Optimizer, OptimizerState};
use crate::check;
use crate::error::Result;
use crate::float::Float;
use crate::layer::Role;
use crate::network::{Gradients, Network};
use crate::simd::vectorized;

/// Adam (Kingma & Ba, 2015), exactly as PyTorch's `torch.optim.Adam` computes it.
///
/// For each learned tensor `p` with gradient `g`, first and second moments `m` and `v` (zero
/// at the start), step `t` (from 1), learning rate `η`, betas `β₁, β₂`, `ε` and weight decay
/// `λ`:
///
/// ```text
/// g ← g + λ·p                     (coupled decay, the default; `decoupled_weight_decay` off)
/// p ← p·(1 − η·λ)                 (decoupled decay: AdamW, `decoupled_weight_decay` on)
/// m ← β₁·m + (1 − β₁)·g
/// v ← β₂·v + (1 − β₂)·g²
/// v̂ ← max(v̂, v)                   (AMSGrad only; v̂ starts at 0)
/// p ← p − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)      (√v̂ with AMSGrad)
/// ```
///
/// Defaults are PyTorch's: `η = 1e-3`, `β = (0.9, 0.999)`, `ε = 1e-8`, `λ = 0`, no AMSGrad.
/// [`AdamW`](super::AdamW) starts from decoupled decay `λ = 0.01`.
///
/// Weight decay applies to every learned tensor, biases and activation parameters included,
/// as PyTorch's does to every parameter it is given; [`exempt_biases`](AdamBuilder::exempt_biases)
/// limits it to the weights (the tensors of [`Role::Weight`]), as PyTorch users do with
/// parameter groups. An [`L2`](crate::regularization::L2) regularizer is another way to coupled
/// decay on the weights only.
///
/// Moments that decay below the smallest normal float (those of weights whose gradient stays
/// zero, such as the weights of MNIST's blank border pixels) are set to zero: they would move a
/// weight by less than 1e-30, and subnormal arithmetic is up to a hundred times slower on x86.
///
/// The state is `{tensor}.exp_avg`, `{tensor}.exp_avg_sq` (and `{tensor}.max_exp_avg_sq`) per
/// tensor, PyTorch's names, and the step count `step`.
///
/// ```
/// use ndnet::optim::{Adam, Schedule};
///
/// let adam = Adam::<f32>::builder()
///     .learning_rate(1e-3)
///     .betas(0.9, 0.999)
///     .schedule(Schedule::Cosine { epochs: 20, min_rate: 1e-5 })
///     .build()?;
/// assert_eq!(adam.betas(), (0.9, 0.999));
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Adam<F: Float> {
    settings: AdamBuilder<F>,
    rate: LearningRate,
    slots: Slots<F>,
}

/// Settings for [`Adam`], checked by [`build`](AdamBuilder::build).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdamBuilder<F> {
    rate: RateSettings,
    beta1: f64,
    beta2: f64,
    eps: f64,
    weight_decay: f64,
    decoupled: bool,
    amsgrad: bool,
    exempt_biases: bool,
    _float: PhantomData<F>,
}

impl<F: Float> Default for AdamBuilder<F> {
    fn default() -> Self {
        AdamBuilder {
            rate: RateSettings::constant(1e-3),
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
            decoupled: false,
            amsgrad: false,
            exempt_biases: false,
            _float: PhantomData,
        }
    }
}

impl<F: Float> AdamBuilder<F> {
    rate_setters!(1e-3);

    /// `β₁` and `β₂`, the decay rates of the moment estimates, each in `[0, 1)`. Default
    /// `(0.9, 0.999)`.
    pub fn betas(mut self, beta1: f64, beta2: f64) -> Self {
        self.beta1 = beta1;
        self.beta2 = beta2;
        self
    }

    /// `ε`, added to the denominator: finite and `> 0`. Default `1e-8`.
    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }

    /// Weight decay `λ`: finite and `≥ 0`. Default `0` (`0.01` from
    /// [`AdamW::builder`](super::AdamW::builder)).
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }

    /// Decoupled weight decay (AdamW: `p ← p·(1 − η·λ)` before the step) instead of adding
    /// `λ·p` to the gradient. Default off (on from [`AdamW::builder`](super::AdamW::builder)).
    pub fn decoupled_weight_decay(mut self, decoupled: bool) -> Self {
        self.decoupled = decoupled;
        self
    }

    /// The AMSGrad variant (Reddi et al., 2018). Default off.
    pub fn amsgrad(mut self, amsgrad: bool) -> Self {
        self.amsgrad = amsgrad;
        self
    }

    /// Exempt biases and activation parameters (every tensor but the [`Role::Weight`] ones)
    /// from weight decay. Default off, as in PyTorch.
    pub fn exempt_biases(mut self, exempt: bool) -> Self {
        self.exempt_biases = exempt;
        self
    }

    /// Checks the settings and makes the optimizer.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) naming the first
    /// bad setting.
    pub fn build(self) -> Result<Adam<F>> {
        let rate = self.rate.build()?;
        check::fraction("beta1", self.beta1)?;
        check::fraction("beta2", self.beta2)?;
        check::positive_in::<F>("eps", self.eps)?;
        check::non_negative("weight_decay", self.weight_decay)?;
        let mut names = vec!["exp_avg", "exp_avg_sq"];
        if self.amsgrad {
            names.push("max_exp_avg_sq");
        }
        Ok(Adam {
            settings: self,
            rate,
            slots: Slots::new(names, F::zero()),
        })
    }
}

impl<F: Float> Adam<F> {
    /// The settings builder, with the defaults documented on each setter.
    pub fn builder() -> AdamBuilder<F> {
        AdamBuilder::default()
    }

    /// Adam with learning rate `learning_rate` and PyTorch's other defaults.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) unless the rate
    /// is finite and `> 0`.
    pub fn new(learning_rate: f64) -> Result<Self> {
        Self::builder().learning_rate(learning_rate).build()
    }

    /// `(β₁, β₂)`.
    pub fn betas(&self) -> (f64, f64) {
        (self.settings.beta1, self.settings.beta2)
    }

    /// `ε`.
    pub fn eps(&self) -> f64 {
        self.settings.eps
    }

    /// Weight decay `λ`, and whether it is decoupled (AdamW).
    pub fn weight_decay(&self) -> (f64, bool) {
        (self.settings.weight_decay, self.settings.decoupled)
    }

    /// Whether the AMSGrad variant is used.
    pub fn is_amsgrad(&self) -> bool {
        self.settings.amsgrad
    }

    /// The learning rate: base rate, warm-up and schedule.
    pub fn rate(&self) -> &LearningRate {
        &self.rate
    }
}

/// The numbers every element of one step shares.
#[derive(Clone, Copy)]
struct Step<F> {
    /// `λ` added to the gradient (coupled), else 0.
    coupled: F,
    /// `1 − η·λ` (decoupled), else 1.
    shrink: F,
    one_minus_beta1: F,
    beta2: F,
    one_minus_beta2: F,
    inv_bias2_sqrt: F,
    eps: F,
    /// `η / (1 − β₁ᵗ)`.
    step_size: F,
}

impl<F: Float> Optimizer<F> for Adam<F> {
    fn step(&mut self, net: &mut Network<F>, grads: &Gradients<F>) -> Result<()> {
        let s = self.settings;
        let lr = self.rate.rate();
        let (t, buffers) = self.slots.step(net, grads)?;
        let t = t as f64;
        let bias1 = 1.0 - s.beta1.powf(t);
        let bias2 = 1.0 - s.beta2.powf(t);
        let f = F::from_f64_lossy;
        let step = |decay: f64| Step {
            coupled: f(if s.decoupled { 0.0 } else { decay }),
            shrink: f(if s.decoupled { 1.0 - lr * decay } else { 1.0 }),
            one_minus_beta1: f(1.0 - s.beta1),
            beta2: f(s.beta2),
            one_minus_beta2: f(1.0 - s.beta2),
            inv_bias2_sqrt: f(1.0 / bias2.sqrt()),
            eps: f(s.eps),
            step_size: f(lr / bias1),
        };
        let (decayed, exempt) = (step(s.weight_decay), step(0.0));
        let [m, v, rest @ ..] = buffers else {
            return Ok(());
        };
        let mut v_max = rest.first_mut();
        net.update_parameters(grads, |k, p, g| {
            let c = match s.exempt_biases && grads.role(k) != Role::Weight {
                true => exempt,
                false => decayed,
            };
            let (Some(m), Some(v)) = (m.get_mut(k), v.get_mut(k)) else {
                return;
            };
            match v_max.as_mut().and_then(|b| b.get_mut(k)) {
                Some(v_max) => vectorized(
                    #[inline(always)]
                    || amsgrad_update(p, g, m, v, v_max, c),
                ),
                None => vectorized(
                    #[inline(always)]
                    || adam_update(p, g, m, v, c),
                ),
            }
        })
    }

    rate_and_state_methods!(slots);
}

/// One Adam step over a tensor, element by element in one pass.
#[inline(always)]
fn adam_update<F: Float>(p: &mut [F], g: &[F], m: &mut [F], v: &mut [F], c: Step<F>) {
    let moments = m.iter_mut().zip(v.iter_mut());
    for ((p, &g), (m, v)) in p.iter_mut().zip(g).zip(moments) {
        let g = g + c.coupled * *p;
        *m = flush(*m + c.one_minus_beta1 * (g - *m));
        *v = flush(*v * c.beta2 + c.one_minus_beta2 * g * g);
        let denom = v.sqrt() * c.inv_bias2_sqrt + c.eps;
        *p = *p * c.shrink - c.step_size * (*m / denom);
    }
}

/// One AMSGrad step over a tensor.
#[inline(always)]
fn amsgrad_update<F: Float>(
    p: &mut [F],
    g: &[F],
    m: &mut [F],
    v: &mut [F],
    v_max: &mut [F],
    c: Step<F>,
) {
    let moments = m.iter_mut().zip(v.iter_mut()).zip(v_max.iter_mut());
    for ((p, &g), ((m, v), v_max)) in p.iter_mut().zip(g).zip(moments) {
        let g = g + c.coupled * *p;
        *m = flush(*m + c.one_minus_beta1 * (g - *m));
        *v = flush(*v * c.beta2 + c.one_minus_beta2 * g * g);
        *v_max = v_max.max(*v);
        let denom = v_max.sqrt() * c.inv_bias2_sqrt + c.eps;
        *p = *p * c.shrink - c.step_size * (*m / denom);
    }
}
