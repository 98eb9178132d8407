//! The learning rate over a run: a base rate, an optional linear warm-up, then a schedule.

use super::{OptimizerState, Schedule};
use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;

/// A linear warm-up: over the first `epochs` epochs the rate climbs from `start_factor · η₀`
/// towards `η₀` (`η_e = η₀ · (s + (1 − s)·e / epochs)`, PyTorch's
/// `LinearLR(start_factor=s, total_iters=epochs)`); then the [`Schedule`] runs from its own
/// epoch 0, as after PyTorch's `SequentialLR(milestones=[epochs])`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Warmup {
    /// Epochs of warm-up; `0` means none.
    pub epochs: usize,
    /// `s`, the fraction of `η₀` of the first epoch; in `(0, 1]`.
    pub start_factor: f64,
}

impl Warmup {
    /// No warm-up.
    pub const NONE: Warmup = Warmup {
        epochs: 0,
        start_factor: 1.0,
    };

    fn validate(&self) -> Result<()> {
        check::positive("warmup start_factor", self.start_factor)?;
        if self.start_factor > 1.0 {
            return Err(Error::InvalidHyperparameter {
                name: "warmup start_factor",
                value: self.start_factor.to_string(),
                reason: "must be in (0, 1]",
            });
        }
        Ok(())
    }
}

/// The learning rate an optimizer follows: a base rate `η₀`, a [`Warmup`] and a [`Schedule`],
/// and for [`Schedule::ReduceOnPlateau`] the losses seen so far. Every optimizer of this module
/// keeps one; an optimizer of your own can too.
///
/// ```
/// use ndnet::optim::{LearningRate, Schedule, Warmup};
///
/// let warm = Warmup { epochs: 2, start_factor: 0.5 };
/// let mut rate = LearningRate::new(1.0, Schedule::Cosine { epochs: 4, min_rate: 0.0 }, warm)?;
/// let rates: Vec<f64> = (0..7).map(|e| { rate.set_epoch(e); rate.rate() }).collect();
/// assert_eq!(&rates[..3], &[0.5, 0.75, 1.0]);
/// assert_eq!(rates[6], 0.0);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LearningRate {
    base: f64,
    schedule: Schedule,
    warmup: Warmup,
    epoch: usize,
    /// Reduce-on-plateau: the rate now, the best loss so far, epochs since it.
    plateau: Plateau,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Plateau {
    rate: f64,
    best: f64,
    bad_epochs: usize,
}

const PLATEAU_RATE: &str = "lr.plateau_rate";
const PLATEAU_BEST: &str = "lr.plateau_best";
const PLATEAU_BAD: &str = "lr.plateau_bad_epochs";

impl LearningRate {
    /// A rate starting at `base` with `schedule` after `warmup`.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a base rate that is not finite and `> 0`, or a bad
    /// schedule or warm-up setting.
    pub fn new(base: f64, schedule: Schedule, warmup: Warmup) -> Result<Self> {
        check::positive("learning_rate", base)?;
        schedule.validate()?;
        warmup.validate()?;
        Ok(LearningRate {
            base,
            schedule,
            warmup,
            epoch: 0,
            plateau: Plateau {
                rate: base,
                best: f64::INFINITY,
                bad_epochs: 0,
            },
        })
    }

    /// The base rate `η₀`.
    pub fn base(&self) -> f64 {
        self.base
    }

    /// The schedule.
    pub fn schedule(&self) -> Schedule {
        self.schedule
    }

    /// The warm-up.
    pub fn warmup(&self) -> Warmup {
        self.warmup
    }

    /// Moves to `epoch` (0-based).
    pub fn set_epoch(&mut self, epoch: usize) {
        self.epoch = epoch;
    }

    /// The rate in force in the current epoch.
    pub fn rate(&self) -> f64 {
        let Warmup {
            epochs,
            start_factor,
        } = self.warmup;
        if self.epoch < epochs {
            let climbed = (1.0 - start_factor) * self.epoch as f64 / epochs as f64;
            return self.base * (start_factor + climbed);
        }
        match self.schedule {
            Schedule::ReduceOnPlateau { .. } => self.plateau.rate,
            schedule => schedule.rate(self.base, self.epoch - epochs),
        }
    }

    /// Takes the loss monitored at the end of the current epoch (used by
    /// [`Schedule::ReduceOnPlateau`] once any warm-up is over; ignored otherwise).
    pub fn observe(&mut self, monitored: f64) {
        let Schedule::ReduceOnPlateau {
            factor,
            patience,
            threshold,
            min_rate,
        } = self.schedule
        else {
            return;
        };
        if self.epoch < self.warmup.epochs {
            return;
        }
        let p = &mut self.plateau;
        if monitored < p.best * (1.0 - threshold) {
            p.best = monitored;
            p.bad_epochs = 0;
        } else {
            p.bad_epochs += 1;
        }
        if p.bad_epochs > patience {
            let reduced = (p.rate * factor).max(min_rate);
            // PyTorch's `eps`: changes smaller than 1e-8 are ignored.
            if p.rate - reduced > 1e-8 {
                p.rate = reduced;
            }
            p.bad_epochs = 0;
        }
    }

    /// Adds what [`observe`](LearningRate::observe) has learnt to an optimizer's state (only
    /// for reduce-on-plateau).
    pub fn save<F: Float>(&self, state: &mut OptimizerState<F>) {
        if !matches!(self.schedule, Schedule::ReduceOnPlateau { .. }) {
            return;
        }
        let p = self.plateau;
        state.scalars.insert(PLATEAU_RATE.into(), p.rate);
        if p.best.is_finite() {
            state.scalars.insert(PLATEAU_BEST.into(), p.best);
        }
        state
            .scalars
            .insert(PLATEAU_BAD.into(), p.bad_epochs as f64);
    }

    /// Takes back what [`save`](LearningRate::save) wrote, removing it from `state`.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a saved rate that is not finite and `> 0` or a
    /// count that is not a whole number.
    pub fn load<F: Float>(&mut self, state: &mut OptimizerState<F>) -> Result<()> {
        let rate = state.scalars.remove(PLATEAU_RATE);
        let best = state.scalars.remove(PLATEAU_BEST);
        let bad = state.scalars.remove(PLATEAU_BAD);
        let mut plateau = Plateau {
            rate: self.base,
            best: f64::INFINITY,
            bad_epochs: 0,
        };
        if let Some(rate) = rate {
            check::positive(PLATEAU_RATE, rate)?;
            plateau.rate = rate;
        }
        if let Some(best) = best {
            plateau.best = best;
        }
        if let Some(bad) = bad {
            plateau.bad_epochs = whole(PLATEAU_BAD, bad)?;
        }
        self.plateau = plateau;
        Ok(())
    }
}

/// A saved count as a `usize`.
pub(crate) fn whole(name: &'static str, value: f64) -> Result<usize> {
    if value >= 0.0 && value.fract() == 0.0 && value < 2f64.powi(53) {
        Ok(value as usize)
    } else {
        Err(Error::InvalidHyperparameter {
            name,
            value: value.to_string(),
            reason: "a saved count must be a whole number >= 0",
        })
    }
}

/// The setters of the learning rate, schedule and warm-up, for an optimizer builder with a
/// `rate: RateSettings` field; `$default` is the base rate's default, for the docs.
macro_rules! rate_setters {
    ($default:literal) => {
        /// Base learning rate `η₀`: finite and `> 0`. Defaults to
        #[doc = concat!("`", stringify!($default), "`.")]
        pub fn learning_rate(mut self, learning_rate: f64) -> Self {
            self.rate.base = learning_rate;
            self
        }

        /// Learning-rate schedule over epochs. Defaults to
        /// [`Schedule::Constant`](crate::optim::Schedule::Constant).
        pub fn schedule(mut self, schedule: $crate::optim::Schedule) -> Self {
            self.rate.schedule = schedule;
            self
        }

        /// A linear warm-up over the first `epochs` epochs from `start_factor · η₀` (see
        /// [`Warmup`](crate::optim::Warmup)). Defaults to none.
        pub fn warmup(mut self, epochs: usize, start_factor: f64) -> Self {
            self.rate.warmup = $crate::optim::Warmup {
                epochs,
                start_factor,
            };
            self
        }
    };
}

pub(crate) use rate_setters;

/// What an optimizer builder knows of its learning rate, until
/// [`build`](RateSettings::build) checks it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RateSettings {
    pub base: f64,
    pub schedule: Schedule,
    pub warmup: Warmup,
}

impl RateSettings {
    /// A constant rate `base` without warm-up.
    pub(crate) const fn constant(base: f64) -> Self {
        RateSettings {
            base,
            schedule: Schedule::Constant,
            warmup: Warmup::NONE,
        }
    }

    /// The checked learning rate.
    pub(crate) fn build(self) -> Result<LearningRate> {
        LearningRate::new(self.base, self.schedule, self.warmup)
    }
}
