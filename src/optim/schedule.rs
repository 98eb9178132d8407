//! Learning-rate schedules: the rate as a function of the epoch, or of the losses seen so far.

use crate::check;
use crate::error::{Error, Result};

/// How the learning rate `η_e` of epoch `e` (0-based, counted after any
/// [warm-up](super::Warmup)) follows from the base rate `η₀`.
///
/// Every optimizer takes a schedule. Rates change between epochs, never within one.
///
/// ```
/// use ndnet::optim::Schedule;
///
/// let s = Schedule::StepDecay { every: 10, factor: 0.5 };
/// assert_eq!(s.rate(0.1, 9), 0.1);
/// assert_eq!(s.rate(0.1, 10), 0.05);
/// assert_eq!(Schedule::InverseTime { decay: 1.0 }.rate(0.1, 1), 0.05);
/// let cosine = Schedule::Cosine { epochs: 10, min_rate: 0.0 };
/// assert!((cosine.rate(0.1, 5) - 0.05).abs() < 1e-15);
/// assert_eq!(cosine.rate(0.1, 10), 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub enum Schedule {
    /// `η_e = η₀`.
    #[default]
    Constant,
    /// `η_e = η₀ · factor^⌊e / every⌋` (PyTorch's `StepLR`).
    StepDecay {
        /// Epochs between decays; must be `≥ 1`.
        every: usize,
        /// Multiplier applied at each decay; must be in `(0, 1]`.
        factor: f64,
    },
    /// `η_e = η₀ · factor^e` (PyTorch's `ExponentialLR`).
    Exponential {
        /// Per-epoch multiplier; must be in `(0, 1]`.
        factor: f64,
    },
    /// `η_e = η₀ / (1 + decay · e)` (Keras' `InverseTimeDecay` per epoch).
    InverseTime {
        /// Decay rate; must be finite and `≥ 0`.
        decay: f64,
    },
    /// `η_e = η_min + (η₀ − η_min)·(1 + cos(π·e / T))/2` for `e ≤ T`, then `η_min`: PyTorch's
    /// `CosineAnnealingLR(T_max=T, eta_min=η_min)` over its first `T` epochs (PyTorch's keeps
    /// going round the cosine after `T`; this one stays at the floor).
    Cosine {
        /// `T`, the epochs from `η₀` down to `η_min`; must be `≥ 1`.
        epochs: usize,
        /// `η_min`, the floor; finite, `≥ 0`.
        min_rate: f64,
    },
    /// PyTorch's `ReduceLROnPlateau` in mode `min` with a relative threshold and no cooldown:
    /// after each epoch the monitored loss (the validation loss, or the training loss without a
    /// validation set) is an improvement if it is below `best · (1 − threshold)`; after more
    /// than `patience` epochs in a row without one, the rate becomes
    /// `max(η · factor, min_rate)` and the count starts again. This is also scikit-learn's
    /// `learning_rate='adaptive'` idea. [`Schedule::PLATEAU`] has PyTorch's defaults.
    ///
    /// The rate depends on the losses seen, so [`rate`](Schedule::rate) alone gives `η₀`; the
    /// optimizer keeps the reduced rate (and checkpoints save it).
    ReduceOnPlateau {
        /// Multiplier at each reduction; must be in `(0, 1)`.
        factor: f64,
        /// Epochs without improvement tolerated before a reduction.
        patience: usize,
        /// Relative improvement that counts; finite, `≥ 0`.
        threshold: f64,
        /// The rate never goes below this; finite, `≥ 0`.
        min_rate: f64,
    },
}

impl Schedule {
    /// Reduce-on-plateau with PyTorch's defaults: factor 0.1, patience 10, threshold 1e-4,
    /// no minimum.
    pub const PLATEAU: Schedule = Schedule::ReduceOnPlateau {
        factor: 0.1,
        patience: 10,
        threshold: 1e-4,
        min_rate: 0.0,
    };

    /// The learning rate for `epoch`, from base rate `base` (for
    /// [`ReduceOnPlateau`](Schedule::ReduceOnPlateau), always `base`: see there).
    pub fn rate(&self, base: f64, epoch: usize) -> f64 {
        let e = epoch as f64;
        match *self {
            Schedule::Constant | Schedule::ReduceOnPlateau { .. } => base,
            Schedule::StepDecay { every, factor } => {
                base * factor.powf((epoch / every.max(1)) as f64)
            }
            Schedule::Exponential { factor } => base * factor.powf(e),
            Schedule::InverseTime { decay } => base / (1.0 + decay * e),
            Schedule::Cosine { epochs, min_rate } => {
                let t = epoch.min(epochs) as f64 / epochs.max(1) as f64;
                min_rate + (base - min_rate) * (1.0 + (std::f64::consts::PI * t).cos()) / 2.0
            }
        }
    }

    /// Checks the schedule's settings.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] naming the bad setting.
    pub fn validate(&self) -> Result<()> {
        match *self {
            Schedule::Constant => Ok(()),
            Schedule::StepDecay { every, factor } => {
                check::at_least_one("every", every)?;
                decay_factor("factor", factor, true)
            }
            Schedule::Exponential { factor } => decay_factor("factor", factor, true),
            Schedule::InverseTime { decay } => check::non_negative("decay", decay),
            Schedule::Cosine { epochs, min_rate } => {
                check::at_least_one("epochs", epochs)?;
                check::non_negative("min_rate", min_rate)
            }
            Schedule::ReduceOnPlateau {
                factor,
                threshold,
                min_rate,
                ..
            } => {
                decay_factor("factor", factor, false)?;
                check::non_negative("threshold", threshold)?;
                check::non_negative("min_rate", min_rate)
            }
        }
    }
}

/// A factor in `(0, 1]` (`(0, 1)` unless `one_allowed`).
fn decay_factor(name: &'static str, factor: f64, one_allowed: bool) -> Result<()> {
    check::positive(name, factor)?;
    if factor < 1.0 || (one_allowed && factor == 1.0) {
        return Ok(());
    }
    Err(Error::InvalidHyperparameter {
        name,
        value: factor.to_string(),
        reason: if one_allowed {
            "a decay factor must be in (0, 1]"
        } else {
            "a reduction factor must be in (0, 1)"
        },
    })
}
