//! Learning-rate schedules: the rate as a function of the epoch.

use crate::check;
use crate::error::{Error, Result};

/// How the learning rate `η_e` of epoch `e` (0-based) follows from the base rate `η₀`.
///
/// ```
/// use ndnet::optim::Schedule;
///
/// let s = Schedule::StepDecay { every: 10, factor: 0.5 };
/// assert_eq!(s.rate(0.1, 9), 0.1);
/// assert_eq!(s.rate(0.1, 10), 0.05);
/// assert_eq!(Schedule::InverseTime { decay: 1.0 }.rate(0.1, 1), 0.05);
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
}

impl Schedule {
    /// The learning rate for `epoch`, from base rate `base`.
    pub fn rate(&self, base: f64, epoch: usize) -> f64 {
        let e = epoch as f64;
        match *self {
            Schedule::Constant => base,
            Schedule::StepDecay { every, factor } => {
                base * factor.powf((epoch / every.max(1)) as f64)
            }
            Schedule::Exponential { factor } => base * factor.powf(e),
            Schedule::InverseTime { decay } => base / (1.0 + decay * e),
        }
    }

    /// Checks the schedule's settings.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] naming the bad setting.
    pub fn validate(&self) -> Result<()> {
        let factor_ok = |name, factor: f64| {
            check::positive(name, factor)?;
            if factor <= 1.0 {
                Ok(())
            } else {
                Err(Error::InvalidHyperparameter {
                    name,
                    value: factor.to_string(),
                    reason: "a decay factor must be in (0, 1]",
                })
            }
        };
        match *self {
            Schedule::Constant => Ok(()),
            Schedule::StepDecay { every, factor } => {
                if every == 0 {
                    return Err(Error::InvalidHyperparameter {
                        name: "every",
                        value: "0".into(),
                        reason: "step decay needs at least 1 epoch between decays",
                    });
                }
                factor_ok("factor", factor)
            }
            Schedule::Exponential { factor } => factor_ok("factor", factor),
            Schedule::InverseTime { decay } => check::non_negative("decay", decay),
        }
    }
}
