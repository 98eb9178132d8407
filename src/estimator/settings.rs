//! Training settings shared by the SGD-trained estimators, and the one place each estimator
//! states its defaults.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

use super::Solver;
use crate::check;
use crate::data::Split;
use crate::error::{Error, Result};
use crate::float::Float;
use crate::loss::{Loss, Targets};
use crate::network::Network;
use crate::optim::{Adam, Optimizer, Schedule, Sgd};
use crate::regularization::L2;
use crate::train::{EarlyStopping, History, Trainer};

/// How the learning rate of an estimator's training changes over the epochs.
///
/// ```
/// use ndnet::classifier::{LinearSvc, LogisticRegression, MlpClassifier, RateDecay};
///
/// // The K-class linear models anneal by default; the others keep their rate unless told.
/// assert_eq!(LogisticRegression::params().training_settings().rate_decay, RateDecay::Cosine);
/// assert_eq!(LinearSvc::params().training_settings().rate_decay, RateDecay::Cosine);
/// assert_eq!(MlpClassifier::params().training_settings().rate_decay, RateDecay::Constant);
/// let annealed = MlpClassifier::params().rate_decay(RateDecay::Cosine);
/// assert_eq!(annealed.training_settings().rate_decay, RateDecay::Cosine);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum RateDecay {
    /// The base learning rate throughout.
    #[default]
    Constant,
    /// Cosine annealing from the base rate `η₀` to 0 over the `E` epochs,
    /// `η_e = η₀ (1 + cos(π e / E)) / 2` ([`Schedule::Cosine`], PyTorch's
    /// `CosineAnnealingLR(T_max=E)`): large steps first, for progress on small data sets, then
    /// smaller and smaller ones, so SGD settles at the optimum of a convex objective instead of
    /// hovering around it (at a distance that grows with the rate and with the number of steps
    /// an epoch takes).
    Cosine,
}

/// How an estimator is trained: mini-batches, L2-regularized, by SGD with momentum or by Adam
/// (the estimator's [`Solver`]).
///
/// Every estimator's parameters builder has a setter for each field, with the classifier's
/// own default (documented there, from the same literal that sets it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainingSettings {
    /// Base learning rate `η`.
    pub learning_rate: f64,
    /// Classical momentum `μ` (`0 ≤ μ < 1`).
    pub momentum: f64,
    /// Passes over the training set.
    pub epochs: usize,
    /// Samples per step.
    pub batch_size: usize,
    /// L2 strength `λ` on the weights (penalty `λ/2 ‖W‖²` added to the mean loss).
    pub l2: f64,
    /// Seed for initialisation, shuffling and the validation split.
    pub seed: u64,
    /// Early stopping on a held-out fraction of the training set, if set.
    pub early_stopping: Option<EarlyStopping>,
    /// Fraction of the training set held out (stratified) when early stopping is on.
    pub validation_fraction: f64,
    /// A convergence rule on the training loss (scikit-learn's `tol` and
    /// `n_iter_no_change`): stop before `epochs` once the epoch's training loss has not
    /// fallen by `min_delta` for `patience` epochs. `epochs` is then the most there may be.
    /// Ignored when `early_stopping` is set, which watches a held-out loss instead.
    pub convergence: Option<EarlyStopping>,
    /// How the learning rate changes over the epochs.
    pub rate_decay: RateDecay,
}

impl TrainingSettings {
    /// Checks every setting.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] naming the first bad setting.
    pub fn validate(&self) -> Result<()> {
        // The optimizer's own checks cover the learning rate and the momentum.
        Sgd::<f64>::builder()
            .learning_rate(self.learning_rate)
            .momentum(self.momentum)
            .build()?;
        check::at_least_one("epochs", self.epochs)?;
        check::at_least_one("batch_size", self.batch_size)?;
        check::non_negative("l2", self.l2)?;
        if let Some(rule) = self.convergence {
            rule.validate()?;
        }
        if let Some(stop) = self.early_stopping {
            stop.validate()?;
            if !(self.validation_fraction > 0.0 && self.validation_fraction < 1.0) {
                return Err(Error::InvalidHyperparameter {
                    name: "validation_fraction",
                    value: self.validation_fraction.to_string(),
                    reason: "must be in (0, 1)",
                });
            }
        }
        Ok(())
    }

    /// The optimizer of `solver` with these settings (`Solver::Newton` is not an optimizer:
    /// callers fit it before coming here).
    fn optimizer<F: Float>(&self, solver: Solver) -> Result<Box<dyn Optimizer<F>>> {
        let schedule = match self.rate_decay {
            RateDecay::Constant => Schedule::Constant,
            RateDecay::Cosine => Schedule::Cosine {
                epochs: self.epochs,
                min_rate: 0.0,
            },
        };
        Ok(match solver {
            Solver::Adam => Box::new(
                Adam::builder()
                    .learning_rate(self.learning_rate)
                    .schedule(schedule)
                    .build()?,
            ),
            _ => Box::new(
                Sgd::builder()
                    .learning_rate(self.learning_rate)
                    .momentum(self.momentum)
                    .schedule(schedule)
                    .build()?,
            ),
        })
    }

    /// Trains `net` with these settings and `solver` on class labels or real targets, with a
    /// weight per sample if `weights` are given (checked by the caller).
    pub(crate) fn train<F: Float, L: Loss<F>>(
        &self,
        solver: Solver,
        net: &mut Network<F>,
        loss: &L,
        x: ArrayView2<'_, F>,
        y: Targets<'_, F>,
        weights: Option<ArrayView1<'_, F>>,
    ) -> Result<History> {
        let mut optimizer = self.optimizer::<F>(solver)?;
        let l2 = L2::new(self.l2);
        let Some(stop) = self.early_stopping else {
            // With no held-out set the trainer's early stopping watches the training loss:
            // that is the convergence rule.
            let trainer = match self.convergence {
                Some(rule) => self.trainer().early_stopping(rule),
                None => self.trainer(),
            };
            let trainer = match weights {
                Some(w) => trainer.sample_weights(w),
                None => trainer,
            };
            return trainer.fit(net, optimizer.as_mut(), loss, &l2, x, y);
        };
        // Held out: stratified by class for labels, shuffled for real targets.
        let split = match y {
            Targets::Classes(c) => Split::stratified(c, self.validation_fraction, self.seed)?,
            Targets::Values(v) => Split::shuffled(v.nrows(), self.validation_fraction, self.seed)?,
        };
        let rows = |indices: &[usize]| match y {
            Targets::Classes(c) => Owned::Classes(c.select(Axis(0), indices)),
            Targets::Values(v) => Owned::Values(v.select(Axis(0), indices)),
        };
        let (xt, yt) = (x.select(Axis(0), &split.train), rows(&split.train));
        let (xv, yv) = (x.select(Axis(0), &split.test), rows(&split.test));
        // The held-out loss is unweighted, as the trainer's validation loss always is.
        let wt = weights.map(|w| w.select(Axis(0), &split.train));
        let trainer = self
            .trainer()
            .early_stopping(stop)
            .validation(xv.view(), yv.view());
        let trainer = match &wt {
            Some(w) => trainer.sample_weights(w.view()),
            None => trainer,
        };
        trainer.fit(net, optimizer.as_mut(), loss, &l2, xt.view(), yt.view())
    }

    fn trainer<'a, F: Float>(&self) -> Trainer<'a, F> {
        Trainer::new()
            .epochs(self.epochs)
            .batch_size(self.batch_size)
            .seed(self.seed)
    }
}

/// Targets of selected rows, owned.
enum Owned<F> {
    Classes(Array1<usize>),
    Values(Array2<F>),
}

impl<F> Owned<F> {
    fn view(&self) -> Targets<'_, F> {
        match self {
            Owned::Classes(c) => Targets::Classes(c.view()),
            Owned::Values(v) => Targets::Values(v.view()),
        }
    }
}

/// States an estimator's training defaults once: makes `Self::TRAINING_DEFAULTS` from the
/// literals given, and the builder setters for the [`TrainingSettings`] the type holds in
/// `self.training`, whose docs quote the same literals. The rate decay is
/// [`RateDecay::Constant`] unless given.
macro_rules! training_defaults {
    (learning_rate: $lr:literal, momentum: $mu:literal, epochs: $ep:literal,
     batch_size: $bs:literal, l2: $l2:literal, seed: $seed:literal,
     validation_fraction: $vf:literal) => {
        $crate::estimator::training_defaults!(learning_rate: $lr, momentum: $mu, epochs: $ep,
            batch_size: $bs, l2: $l2, seed: $seed, validation_fraction: $vf,
            rate_decay: Constant, convergence: None);
    };
    (learning_rate: $lr:literal, momentum: $mu:literal, epochs: $ep:literal,
     batch_size: $bs:literal, l2: $l2:literal, seed: $seed:literal,
     validation_fraction: $vf:literal, rate_decay: $rd:ident) => {
        $crate::estimator::training_defaults!(learning_rate: $lr, momentum: $mu, epochs: $ep,
            batch_size: $bs, l2: $l2, seed: $seed, validation_fraction: $vf,
            rate_decay: $rd, convergence: None);
    };
    (learning_rate: $lr:literal, momentum: $mu:literal, epochs: $ep:literal,
     batch_size: $bs:literal, l2: $l2:literal, seed: $seed:literal,
     validation_fraction: $vf:literal, convergence: $conv:expr) => {
        $crate::estimator::training_defaults!(learning_rate: $lr, momentum: $mu, epochs: $ep,
            batch_size: $bs, l2: $l2, seed: $seed, validation_fraction: $vf,
            rate_decay: Constant, convergence: $conv);
    };
    (learning_rate: $lr:literal, momentum: $mu:literal, epochs: $ep:literal,
     batch_size: $bs:literal, l2: $l2:literal, seed: $seed:literal,
     validation_fraction: $vf:literal, rate_decay: $rd:ident, convergence: $conv:expr) => {
        /// The training settings the parameters start from (each setter says its default).
        pub const TRAINING_DEFAULTS: $crate::estimator::TrainingSettings =
            $crate::estimator::TrainingSettings {
                learning_rate: $lr,
                momentum: $mu,
                epochs: $ep,
                batch_size: $bs,
                l2: $l2,
                seed: $seed,
                early_stopping: None,
                validation_fraction: $vf,
                convergence: $conv,
                rate_decay: $crate::estimator::RateDecay::$rd,
            };

        /// Base learning rate; defaults to
        #[doc = concat!("`", stringify!($lr), "`.")]
        pub fn learning_rate(mut self, learning_rate: f64) -> Self {
            self.training.learning_rate = learning_rate;
            self
        }

        /// Classical momentum of [`Solver::Sgd`](crate::classifier::Solver::Sgd), in `[0, 1)`;
        /// defaults to
        #[doc = concat!("`", stringify!($mu), "`.")]
        pub fn momentum(mut self, momentum: f64) -> Self {
            self.training.momentum = momentum;
            self
        }

        /// Passes over the training set; defaults to
        #[doc = concat!("`", stringify!($ep), "`.")]
        pub fn epochs(mut self, epochs: usize) -> Self {
            self.training.epochs = epochs;
            self
        }

        /// Samples per SGD step; defaults to
        #[doc = concat!("`", stringify!($bs), "`.")]
        pub fn batch_size(mut self, batch_size: usize) -> Self {
            self.training.batch_size = batch_size;
            self
        }

        /// L2 strength `λ` on the weights (biases exempt); defaults to
        #[doc = concat!("`", stringify!($l2), "`.")]
        pub fn l2(mut self, l2: f64) -> Self {
            self.training.l2 = l2;
            self
        }

        /// Seed for initialisation, shuffling and any validation split; defaults to
        #[doc = concat!("`", stringify!($seed), "`.")]
        pub fn seed(mut self, seed: u64) -> Self {
            self.training.seed = seed;
            self
        }

        /// Early stopping on a stratified held-out part of the training set (see
        /// [`validation_fraction`](Self::validation_fraction)); off by default.
        pub fn early_stopping(mut self, early_stopping: $crate::train::EarlyStopping) -> Self {
            self.training.early_stopping = Some(early_stopping);
            self
        }

        /// Fraction held out for early stopping, in `(0, 1)`; defaults to
        #[doc = concat!("`", stringify!($vf), "`.")]
        pub fn validation_fraction(mut self, fraction: f64) -> Self {
            self.training.validation_fraction = fraction;
            self
        }

        /// The convergence rule on the training loss, or `None` to run all
        /// [`epochs`](Self::epochs); defaults to
        #[doc = concat!("`", stringify!($conv), "`.")]
        pub fn convergence(mut self, rule: Option<$crate::train::EarlyStopping>) -> Self {
            self.training.convergence = rule;
            self
        }

        /// How the learning rate changes over the epochs; defaults to
        #[doc = concat!("[`RateDecay::", stringify!($rd), "`](crate::estimator::RateDecay::",
            stringify!($rd), ").")]
        pub fn rate_decay(mut self, rate_decay: $crate::estimator::RateDecay) -> Self {
            self.training.rate_decay = rate_decay;
            self
        }

        /// All training settings at once.
        pub fn training_settings(&self) -> &$crate::estimator::TrainingSettings {
            &self.training
        }

        /// Replaces all training settings at once.
        pub fn with_training_settings(
            mut self,
            settings: $crate::estimator::TrainingSettings,
        ) -> Self {
            self.training = settings;
            self
        }
    };
}

pub(crate) use training_defaults;

/// The fields of [`TrainingSettings`] as documents store them (see `validated_serde!`).
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(remote = "TrainingSettings")]
struct TrainingSettingsDocument {
    learning_rate: f64,
    momentum: f64,
    epochs: usize,
    batch_size: usize,
    l2: f64,
    seed: u64,
    early_stopping: Option<EarlyStopping>,
    validation_fraction: f64,
    #[serde(default)]
    convergence: Option<EarlyStopping>,
    #[serde(default)]
    rate_decay: RateDecay,
}

crate::check::validated_serde!(TrainingSettings, TrainingSettingsDocument);
