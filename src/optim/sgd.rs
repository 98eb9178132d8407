//! Stochastic gradient descent with momentum.

use std::marker::PhantomData;

use super::flush;
use super::rate::{rate_setters, RateSettings};
use super::slots::Slots;
use super::{rate_and_state_methods, LearningRate, Optimizer, OptimizerState, Schedule};
use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;
use crate::network::{Gradients, Network};
use crate::simd::vectorized;

/// PyTorch's name for the velocity in `torch.optim.SGD`'s state.
const VELOCITY: &str = "momentum_buffer";

/// Stochastic gradient descent, with optional classical or Nesterov momentum.
///
/// The convention is PyTorch's `torch.optim.SGD`: for each parameter `p` with gradient `g` and
/// velocity `v` (zero at the start), learning rate `η` and momentum `μ`,
///
/// ```text
/// classical:  v ← μ·v + g        p ← p − η·v
/// Nesterov:   v ← μ·v + g        p ← p − η·(g + μ·v)
/// ```
///
/// A velocity that decays below the smallest normal float is set to zero (see
/// [`Adam`](super::Adam) for why). With `μ = 0` both are plain SGD, `p ← p − η·g`. Weight decay is not an optimizer setting
/// here: add an [`L2`](crate::regularization::L2) regularizer, which puts `λ·p` into `g`
/// exactly as PyTorch's `weight_decay` does. Its state is one velocity per learned tensor,
/// `{tensor}.momentum_buffer` as PyTorch names it, and the step count `step`.
///
/// ```
/// use ndnet::optim::{Schedule, Sgd};
///
/// let sgd = Sgd::<f32>::builder()
///     .learning_rate(0.1)
///     .momentum(0.9)
///     .nesterov(true)
///     .schedule(Schedule::StepDecay { every: 10, factor: 0.5 })
///     .build()?;
/// assert_eq!(sgd.base_learning_rate(), 0.1);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Sgd<F: Float> {
    settings: SgdBuilder<F>,
    rate: LearningRate,
    /// One velocity per learned tensor, once a step with momentum has been taken.
    velocity: Slots<F>,
}

/// Settings for [`Sgd`], checked by [`build`](SgdBuilder::build).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SgdBuilder<F> {
    rate: RateSettings,
    momentum: f64,
    nesterov: bool,
    _float: PhantomData<F>,
}

impl<F: Float> Default for SgdBuilder<F> {
    fn default() -> Self {
        SgdBuilder {
            rate: RateSettings::constant(0.01),
            momentum: 0.0,
            nesterov: false,
            _float: PhantomData,
        }
    }
}

impl<F: Float> SgdBuilder<F> {
    rate_setters!(0.01);

    /// Momentum `μ`: `0 ≤ μ < 1`. Defaults to `0` (plain SGD).
    pub fn momentum(mut self, momentum: f64) -> Self {
        self.momentum = momentum;
        self
    }

    /// Use Nesterov momentum (needs `μ > 0`). Defaults to `false`.
    pub fn nesterov(mut self, nesterov: bool) -> Self {
        self.nesterov = nesterov;
        self
    }

    /// Checks the settings and makes the optimizer.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] naming the first bad setting.
    pub fn build(self) -> Result<Sgd<F>> {
        let rate = self.rate.build()?;
        check::fraction("momentum", self.momentum)?;
        if self.nesterov && self.momentum == 0.0 {
            return Err(Error::InvalidHyperparameter {
                name: "nesterov",
                value: "true".into(),
                reason: "Nesterov momentum needs momentum > 0",
            });
        }
        Ok(Sgd {
            settings: self,
            rate,
            velocity: Slots::new(vec![VELOCITY], F::zero()),
        })
    }
}

impl<F: Float> Sgd<F> {
    /// The settings builder, with the defaults documented on each setter.
    pub fn builder() -> SgdBuilder<F> {
        SgdBuilder::default()
    }

    /// Plain SGD with learning rate `learning_rate`.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] unless the rate is finite and `> 0`.
    pub fn new(learning_rate: f64) -> Result<Self> {
        Sgd::<F>::builder().learning_rate(learning_rate).build()
    }

    /// The base learning rate `η₀`.
    pub fn base_learning_rate(&self) -> f64 {
        self.rate.base()
    }

    /// The momentum `μ`.
    pub fn momentum(&self) -> f64 {
        self.settings.momentum
    }

    /// Whether Nesterov momentum is used.
    pub fn is_nesterov(&self) -> bool {
        self.settings.nesterov
    }

    /// The learning-rate schedule.
    pub fn schedule(&self) -> Schedule {
        self.rate.schedule()
    }

    /// The learning rate: base rate, warm-up and schedule.
    pub fn rate(&self) -> &LearningRate {
        &self.rate
    }
}

impl<F: Float> Optimizer<F> for Sgd<F> {
    fn step(&mut self, net: &mut Network<F>, grads: &Gradients<F>) -> Result<()> {
        let lr = F::from_f64_lossy(self.rate.rate());
        if self.settings.momentum == 0.0 {
            return net.update_parameters(grads, |_, p, g| {
                vectorized(
                    #[inline(always)]
                    || descend(p, g, lr),
                )
            });
        }
        let mu = F::from_f64_lossy(self.settings.momentum);
        let nesterov = self.settings.nesterov;
        let (_, buffers) = self.velocity.step(net, grads)?;
        let Some(velocity) = buffers.first_mut() else {
            return Ok(());
        };
        net.update_parameters(grads, |k, p, g| {
            if let Some(v) = velocity.get_mut(k) {
                vectorized(
                    #[inline(always)]
                    || with_momentum(p, g, v, lr, mu, nesterov),
                );
            }
        })
    }

    rate_and_state_methods!(velocity);
}

/// `p ← p − η·g`.
#[inline(always)]
fn descend<F: Float>(p: &mut [F], g: &[F], lr: F) {
    for (p, &g) in p.iter_mut().zip(g) {
        *p -= lr * g;
    }
}

/// `v ← μ·v + g`, then `p ← p − η·v` (classical) or `p ← p − η·(g + μ·v)` (Nesterov).
#[inline(always)]
fn with_momentum<F: Float>(p: &mut [F], g: &[F], v: &mut [F], lr: F, mu: F, nesterov: bool) {
    let triples = p.iter_mut().zip(g).zip(v.iter_mut());
    if nesterov {
        for ((p, &g), v) in triples {
            *v = flush(mu * *v + g);
            *p -= lr * (g + mu * *v);
        }
    } else {
        for ((p, &g), v) in triples {
            *v = flush(mu * *v + g);
            *p -= lr * *v;
        }
    }
}
