//! RMSProp, with optional momentum and centering.

use std::marker::PhantomData;

use super::flush;
use super::rate::{rate_setters, RateSettings};
use super::slots::Slots;
use super::{rate_and_state_methods, LearningRate, Optimizer, OptimizerState};
use crate::check;
use crate::error::Result;
use crate::float::Float;
use crate::network::{Gradients, Network};
use crate::simd::vectorized;

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
        check::positive_in::<F>("eps", self.eps)?;
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
        let c = Step {
            lr: f(self.rate.rate()),
            alpha: f(s.alpha),
            one_minus_alpha: f(1.0 - s.alpha),
            eps: f(s.eps),
            decay: f(s.weight_decay),
            mu: f(s.momentum),
        };
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
            let ga = grad_avg.as_mut().and_then(|a| a.get_mut(k));
            let b = momentum.as_mut().and_then(|b| b.get_mut(k));
            match (ga, b) {
                (None, None) => vectorized(
                    #[inline(always)]
                    || c.update::<false, false>(p, g, sq, &mut [], &mut []),
                ),
                (None, Some(b)) => vectorized(
                    #[inline(always)]
                    || c.update::<false, true>(p, g, sq, &mut [], b),
                ),
                (Some(a), None) => vectorized(
                    #[inline(always)]
                    || c.update::<true, false>(p, g, sq, a, &mut []),
                ),
                (Some(a), Some(b)) => vectorized(
                    #[inline(always)]
                    || c.update::<true, true>(p, g, sq, a, b),
                ),
            }
        })
    }

    rate_and_state_methods!(slots);
}

/// The numbers every element of one step shares.
#[derive(Clone, Copy)]
struct Step<F> {
    lr: F,
    alpha: F,
    one_minus_alpha: F,
    eps: F,
    decay: F,
    mu: F,
}

impl<F: Float> Step<F> {
    /// One step over a tensor: `grad_avg` is read only when `CENTERED`, `buffer` only with
    /// `MOMENTUM` (pass empty slices otherwise).
    #[inline(always)]
    fn update<const CENTERED: bool, const MOMENTUM: bool>(
        self,
        p: &mut [F],
        g: &[F],
        square_avg: &mut [F],
        grad_avg: &mut [F],
        buffer: &mut [F],
    ) {
        let mut n = p.len().min(g.len()).min(square_avg.len());
        if CENTERED {
            n = n.min(grad_avg.len());
        }
        if MOMENTUM {
            n = n.min(buffer.len());
        }
        let (p, g) = (
            p.get_mut(..n).unwrap_or_default(),
            g.get(..n).unwrap_or_default(),
        );
        let square_avg = square_avg.get_mut(..n).unwrap_or_default();
        let grad_avg = grad_avg.get_mut(..n).unwrap_or_default();
        let buffer = buffer.get_mut(..n).unwrap_or_default();
        #[allow(clippy::indexing_slicing)] // i < n, and every slice read here holds n values
        for i in 0..n {
            let g = g[i] + self.decay * p[i];
            let sq = flush(square_avg[i] * self.alpha + self.one_minus_alpha * g * g);
            square_avg[i] = sq;
            let denom = if CENTERED {
                let a = flush(grad_avg[i] + self.one_minus_alpha * (g - grad_avg[i]));
                grad_avg[i] = a;
                (sq - a * a).sqrt() + self.eps
            } else {
                sq.sqrt() + self.eps
            };
            if MOMENTUM {
                let b = flush(buffer[i] * self.mu + g / denom);
                buffer[i] = b;
                p[i] -= self.lr * b;
            } else {
                p[i] -= self.lr * (g / denom);
            }
        }
    }
}
