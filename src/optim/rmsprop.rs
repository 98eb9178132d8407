//! RMSProp, with optional momentum and centering.

use std::marker::PhantomData;

use super::flush;
use super::rate::{rate_setters, RateSettings};
use super::slots::Slots;
use super::{LearningRate, Optimizer, OptimizerState};
use crate::check;
use crate::error::Result;
use crate::float::Float;
use crate::network::{Gradients, Network};

/// RMSProp (Hinton's lecture 6e), exactly as PyTorch's `torch.optim.RMSprop` computes it.
///
/// For each learned tensor `p` with gradient `g`, a running mean of squares `s` (and, when
/// centered, of gradients `ḡ`; both zero at the start), learning rate `η`, smoothing `α`, `ε`,
/// momentum `μ` and weight decay `λ`:
///
/// ```text
/// g ← g + λ·p
/// s ← α·s + (1 − α)·g²
/// ḡ ← α·ḡ + (1 − α)·g                  (centered only)
/// d ← √(s − ḡ²) + ε                     (centered), else √s + ε
/// b ← μ·b + g / d,  p ← p − η·b        (momentum μ > 0; b starts at 0)
/// p ← p − η·g / d                       (no momentum)
/// ```
///
/// Running averages that decay below the smallest normal float are set to zero, as in
/// [`Adam`](super::Adam). `ε` is added outside the square root, as in PyTorch (Keras and TensorFlow add it inside).
/// Defaults are PyTorch's: `η = 0.01`, `α = 0.99`, `ε = 1e-8`, `λ = 0`, `μ = 0`, not centered.
/// The state is `{tensor}.square_avg` (and `momentum_buffer`, `grad_avg`) per tensor and the
/// step count `step`.
///
/// ```
/// use ndnet::optim::RmsProp;
///
/// let rms = RmsProp::<f64>::builder().momentum(0.9).centered(true).build()?;
/// assert_eq!(rms.alpha(), 0.99);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct RmsProp<F: Float> {
    settings: RmsPropBuilder<F>,
    rate: LearningRate,
    slots: Slots<F>,
}

/// Settings for [`RmsProp`], checked by [`build`](RmsPropBuilder::build).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RmsPropBuilder<F> {
    rate: RateSettings,
    alpha: f64,
    eps: f64,
    weight_decay: f64,
    momentum: f64,
    centered: bool,
    _float: PhantomData<F>,
}

impl<F: Float> Default for RmsPropBuilder<F> {
    fn default() -> Self {
        RmsPropBuilder {
            rate: RateSettings::constant(0.01),
            alpha: 0.99,
            eps: 1e-8,
            weight_decay: 0.0,
            momentum: 0.0,
            centered: false,
            _float: PhantomData,
        }
    }
}

impl<F: Float> RmsPropBuilder<F> {
    rate_setters!(0.01);

    /// `α`, the smoothing of the mean of squares, in `[0, 1)`. Default `0.99`.
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// `ε`, added to the root: finite and `> 0`. Default `1e-8`.
    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }

    /// Coupled weight decay `λ` (added to every tensor's gradient): finite and `≥ 0`.
    /// Default `0`.
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }

    /// Momentum `μ` in `[0, 1)`. Default `0`.
    pub fn momentum(mut self, momentum: f64) -> Self {
        self.momentum = momentum;
        self
    }

    /// Divide by an estimate of the gradient's variance instead of its raw second moment.
    /// Default off.
    pub fn centered(mut self, centered: bool) -> Self {
        self.centered = centered;
        self
    }

    /// Checks the settings and makes the optimizer.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) naming the first
    /// bad setting.
    pub fn build(self) -> Result<RmsProp<F>> {
        let rate = self.rate.build()?;
        check::fraction("alpha", self.alpha)?;
        check::positive("eps", self.eps)?;
        check::non_negative("weight_decay", self.weight_decay)?;
        check::fraction("momentum", self.momentum)?;
        let mut names = vec!["square_avg"];
        if self.momentum > 0.0 {
            names.push("momentum_buffer");
        }
        if self.centered {
            names.push("grad_avg");
        }
        Ok(RmsProp {
            settings: self,
            rate,
            slots: Slots::new(names, F::zero()),
        })
    }
}

impl<F: Float> RmsProp<F> {
    /// The settings builder, with the defaults documented on each setter.
    pub fn builder() -> RmsPropBuilder<F> {
        RmsPropBuilder::default()
    }

    /// `α`.
    pub fn alpha(&self) -> f64 {
        self.settings.alpha
    }

    /// The momentum `μ`.
    pub fn momentum(&self) -> f64 {
        self.settings.momentum
    }

    /// Whether it is centered.
    pub fn is_centered(&self) -> bool {
        self.settings.centered
    }

    /// The learning rate: base rate, warm-up and schedule.
    pub fn rate(&self) -> &LearningRate {
        &self.rate
    }
}

impl<F: Float> Optimizer<F> for RmsProp<F> {
    fn step(&mut self, net: &mut Network<F>, grads: &Gradients<F>) -> Result<()> {
        let s = self.settings;
        let f = F::from_f64_lossy;
        let (lr, alpha, eps, decay, mu) = (
            f(self.rate.rate()),
            f(s.alpha),
            f(s.eps),
            f(s.weight_decay),
            f(s.momentum),
        );
        let one_minus_alpha = f(1.0 - s.alpha);
        let (_, buffers) = self.slots.step(net, grads)?;
        let [square_avg, rest @ ..] = buffers else {
            return Ok(());
        };
        let (mut momentum, mut grad_avg) = match rest {
            [b, a] => (Some(b), Some(a)),
            [b] if s.momentum > 0.0 => (Some(b), None),
            [a] => (None, Some(a)),
            _ => (None, None),
        };
        net.update_parameters(grads, |k, p, g| {
            let Some(sq) = square_avg.get_mut(k) else {
                return;
            };
            let mut ga = grad_avg.as_mut().and_then(|a| a.get_mut(k));
            let mut b = momentum.as_mut().and_then(|b| b.get_mut(k));
            for i in 0..p.len().min(g.len()).min(sq.len()) {
                let g = g[i] + decay * p[i];
                sq[i] = flush(sq[i] * alpha + one_minus_alpha * g * g);
                let denom = match ga.as_mut().and_then(|a| a.get_mut(i)) {
                    Some(a) => {
                        *a = flush(*a + one_minus_alpha * (g - *a));
                        (sq[i] - *a * *a).sqrt() + eps
                    }
                    None => sq[i].sqrt() + eps,
                };
                match b.as_mut().and_then(|b| b.get_mut(i)) {
                    Some(b) => {
                        *b = flush(*b * mu + g / denom);
                        p[i] -= lr * *b;
                    }
                    None => p[i] -= lr * (g / denom),
                }
            }
        })
    }

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
        super::save_from(&self.slots, &self.rate, net)
    }

    fn load_state(&mut self, net: &Network<F>, state: &OptimizerState<F>) -> Result<()> {
        super::load_into(&mut self.slots, &mut self.rate, net, state)
    }
}
