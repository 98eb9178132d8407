//! The trainer: its settings, and the loop over epochs and batches.

mod epoch;

use std::path::PathBuf;
use std::time::Instant;

use ndarray::{ArrayView1, ArrayView2};
use rand::seq::SliceRandom;

use self::epoch::{check_batches, check_data, check_labels, Objective, Pass};
use super::batches::Batches;
use super::checkpoint::Checkpoint;
use super::early_stopping::EarlyStopping;
use super::history::{EpochRecord, History};
use crate::check;
use crate::error::Result;
use crate::float::Float;
use crate::loss::{Loss, Targets};
use crate::network::Network;
use crate::optim::{Clip, Optimizer};
use crate::regularization::Regularizer;

type Callback<'a> = Box<dyn FnMut(&EpochRecord) + 'a>;
type BatchCallback<'a> = Box<dyn FnMut(&BatchProgress) + 'a>;

/// Where training is within an epoch, passed to [`Trainer::on_batch`] after every step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BatchProgress {
    /// 0-based epoch number.
    pub epoch: usize,
    /// Samples of this epoch done so far (including this batch).
    pub samples_done: usize,
    /// Samples in the epoch (the training set's size).
    pub samples_total: usize,
    /// This batch's objective (loss plus penalty).
    pub batch_loss: f64,
    /// Mean objective over the epoch's samples so far.
    pub running_loss: f64,
}

/// Runs mini-batch training; configure with the setters, then call [`fit`](Trainer::fit).
pub struct Trainer<'a, F: Float> {
    epochs: usize,
    batch_size: usize,
    seed: u64,
    early_stopping: Option<EarlyStopping>,
    validation: Option<(ArrayView2<'a, F>, Targets<'a, F>)>,
    weights: Option<ArrayView1<'a, F>>,
    on_epoch: Option<Callback<'a>>,
    on_batch: Option<BatchCallback<'a>>,
    checkpoint: Option<(usize, PathBuf)>,
    resume: Option<Checkpoint<F>>,
    clip: Option<Clip>,
}

impl<F: Float> Default for Trainer<'_, F> {
    fn default() -> Self {
        Trainer {
            epochs: 10,
            batch_size: 32,
            seed: 0,
            early_stopping: None,
            validation: None,
            weights: None,
            on_epoch: None,
            on_batch: None,
            checkpoint: None,
            resume: None,
            clip: None,
        }
    }
}

impl<F: Float> std::fmt::Debug for Trainer<'_, F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Trainer")
            .field("epochs", &self.epochs)
            .field("batch_size", &self.batch_size)
            .field("seed", &self.seed)
            .field("early_stopping", &self.early_stopping)
            .field("validation", &self.validation.is_some())
            .field("weights", &self.weights.is_some())
            .field("on_epoch", &self.on_epoch.is_some())
            .field("on_batch", &self.on_batch.is_some())
            .field("checkpoint", &self.checkpoint)
            .field("resume", &self.resume.as_ref().map(Checkpoint::epochs_done))
            .field("clip", &self.clip)
            .finish()
    }
}

impl<'a, F: Float> Trainer<'a, F> {
    /// A trainer with the defaults documented on each setter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of passes over the training set; defaults to `10`, must be `≥ 1`.
    pub fn epochs(mut self, epochs: usize) -> Self {
        self.epochs = epochs;
        self
    }

    /// Samples per gradient step; defaults to `32`, must be `≥ 1`. A batch larger than the
    /// training set means full-batch gradient descent.
    pub fn batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = batch_size;
        self
    }

    /// Seed of the shuffling order; defaults to `0`.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Enables early stopping; off by default.
    pub fn early_stopping(mut self, early_stopping: EarlyStopping) -> Self {
        self.early_stopping = Some(early_stopping);
        self
    }

    /// A validation set evaluated after every epoch; none by default.
    pub fn validation(mut self, x: ArrayView2<'a, F>, y: impl Into<Targets<'a, F>>) -> Self {
        self.validation = Some((x, y.into()));
        self
    }

    /// Per-sample weights `(samples,)` of the training rows: each batch's loss is then the
    /// weighted mean `Σ wᵢ ℓᵢ / Σ wᵢ` (see [`Loss::weighted_loss_and_gradient`]), and so is
    /// the epoch's reported training loss. Finite, `≥ 0`, not all 0; none by default. The
    /// validation loss stays unweighted. A checkpoint does not store them: resume with the
    /// same weights.
    pub fn sample_weights(mut self, weights: ArrayView1<'a, F>) -> Self {
        self.weights = Some(weights);
        self
    }

    /// Clips the gradients of every batch before the optimizer's step (by global norm or by
    /// value); off by default.
    pub fn clip(mut self, clip: Clip) -> Self {
        self.clip = Some(clip);
        self
    }

    /// Calls `callback` after every epoch with its record (for progress output); none by
    /// default. The library itself never prints.
    pub fn on_epoch(mut self, callback: impl FnMut(&EpochRecord) + 'a) -> Self {
        self.on_epoch = Some(Box::new(callback));
        self
    }

    /// Calls `callback` after every gradient step (for a progress bar within an epoch); none
    /// by default. The library itself never prints.
    pub fn on_batch(mut self, callback: impl FnMut(&BatchProgress) + 'a) -> Self {
        self.on_batch = Some(Box::new(callback));
        self
    }

    /// Writes a [`Checkpoint`] to `path` after every `every` epochs (after epochs `every`,
    /// `2·every`, …), replacing the previous one atomically; off by default. `every` must be
    /// `≥ 1`. Resume from it with [`resume`](Trainer::resume).
    pub fn checkpoint_every(mut self, every: usize, path: impl Into<PathBuf>) -> Self {
        self.checkpoint = Some((every, path.into()));
        self
    }

    /// Continues the run saved in `checkpoint` instead of starting afresh; none by default.
    ///
    /// [`fit`](Trainer::fit) then replaces `net`'s tensors and the optimizer's state with the
    /// checkpoint's, continues the shuffling generator where it stopped and runs the remaining
    /// epochs up to [`epochs`](Trainer::epochs). With the same data, seed, batch size, loss,
    /// regularizer, optimizer settings and validation set, the final weights are bit-identical
    /// to those of an uninterrupted run; the returned history includes the checkpoint's
    /// epochs.
    ///
    /// ```
    /// use ndarray::array;
    /// use ndnet::loss::BinaryCrossEntropy;
    /// use ndnet::optim::Sgd;
    /// use ndnet::regularization::L2;
    /// use ndnet::train::{Checkpoint, Trainer};
    /// use ndnet::{Activation, Network};
    /// use rand::SeedableRng;
    ///
    /// let x = array![[0.0f64, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
    /// let y = array![0usize, 1, 1, 1];
    /// let fresh = || {
    ///     let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(1);
    ///     let net = Network::builder(2).dense(1, Activation::Identity).build(&mut rng);
    ///     let sgd = Sgd::builder().learning_rate(0.5).momentum(0.9).build();
    ///     (net.unwrap(), sgd.unwrap())
    /// };
    /// let fit = |t: Trainer<'_, f64>, net: &mut Network<f64>, sgd: &mut Sgd<f64>| {
    ///     t.batch_size(2).fit(net, sgd, &BinaryCrossEntropy, &L2::new(0.0), x.view(), y.view())
    /// };
    /// // An uninterrupted run of 6 epochs...
    /// let (mut whole, mut sgd) = fresh();
    /// fit(Trainer::new().epochs(6), &mut whole, &mut sgd)?;
    /// // ...equals 4 epochs with a checkpoint, then a resumed run to 6.
    /// let path = std::env::temp_dir().join(format!("ndnet-doc-{}.ckpt", std::process::id()));
    /// let (mut net, mut sgd) = fresh();
    /// fit(Trainer::new().epochs(4).checkpoint_every(2, &path), &mut net, &mut sgd)?;
    /// let (mut resumed, mut sgd) = fresh();
    /// let checkpoint = Checkpoint::load(&path)?;
    /// let history = fit(Trainer::new().epochs(6).resume(checkpoint), &mut resumed, &mut sgd)?;
    /// assert_eq!(resumed, whole);
    /// assert_eq!(history.epochs().len(), 6);
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), ndnet::Error>(())
    /// ```
    pub fn resume(mut self, checkpoint: Checkpoint<F>) -> Self {
        self.resume = Some(checkpoint);
        self
    }

    /// Trains `net` on `(x, y)` and returns the history.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) for zero epochs or batch size, or an invalid early
    /// stopping or regularizer setting; [`Error::EmptyData`](crate::Error::EmptyData), [`Error::ShapeMismatch`](crate::Error::ShapeMismatch),
    /// [`Error::NonFinite`](crate::Error::NonFinite) and the loss's label errors for bad data (training or
    /// validation), and the weights' errors (not one per row, NaN, negative, all 0); [`Error::NonFiniteLoss`](crate::Error::NonFiniteLoss) if the loss diverges, naming the epoch;
    /// [`Error::Io`](crate::Error::Io) if a checkpoint cannot be written. When resuming:
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) if the checkpoint's network or data size differs from `net` and
    /// `x`, [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) if its seed or batch size differs from this
    /// trainer's or it has more epochs than [`epochs`](Trainer::epochs), and the optimizer's
    /// error if it cannot take the saved state.
    pub fn fit<'t, O, L, R>(
        mut self,
        net: &mut Network<F>,
        optimizer: &mut O,
        loss: &L,
        regularizer: &R,
        x: ArrayView2<'_, F>,
        y: impl Into<Targets<'t, F>>,
    ) -> Result<History>
    where
        F: 't,
        O: Optimizer<F> + ?Sized,
        L: Loss<F> + ?Sized,
        R: Regularizer<F> + ?Sized,
    {
        let y = y.into();
        self.validate_settings()?;
        regularizer.validate()?;
        check_data(net, "training", x, &y)?;
        if let Some(w) = self.weights {
            check::sample_weights("training sample_weight", w, x.nrows())?;
        }
        check_labels(net, loss, &y)?;
        check_batches(net, x.nrows(), self.batch_size)?;
        if let Some((xv, yv)) = &self.validation {
            check_data(net, "validation", *xv, yv)?;
            check_labels(net, loss, yv)?;
        }
        let objective = Objective { loss, regularizer };
        let mut run = self.start(net, optimizer, x.nrows())?;
        let batch = self.batch_size.min(x.nrows());
        let mut batches = Batches::new(batch, x.ncols(), &y, self.weights.is_some());
        let mut grads = net.zero_gradients();
        for epoch in run.first_epoch..self.epochs {
            let started = Instant::now();
            optimizer.set_epoch(epoch);
            let learning_rate = optimizer.learning_rate();
            run.order.shuffle(&mut run.rng);
            let pass = Pass {
                epoch,
                learning_rate,
                order: &run.order,
                batches: &mut batches,
                grads: &mut grads,
            };
            let train_loss = self.train_epoch(pass, net, optimizer, &objective, x, &y)?;
            let (validation_loss, validation_accuracy) = self.validate(net, &objective)?;
            let record = EpochRecord {
                epoch,
                train_loss,
                validation_loss,
                validation_accuracy,
                learning_rate,
                duration: started.elapsed(),
            };
            if let Some(callback) = &mut self.on_epoch {
                callback(&record);
            }
            let monitored = validation_loss.unwrap_or(train_loss);
            optimizer.observe(monitored);
            run.history.epochs.push(record);
            let stop = match &mut run.stopper {
                Some(stopper) => stopper.observe(epoch, monitored, net),
                None => false,
            };
            if stop {
                run.history.stopped_early = epoch + 1 < self.epochs;
                break;
            }
            self.checkpoint_after(epoch, net, &*optimizer, &run)?;
        }
        if let Some(stopper) = run.stopper {
            run.history.best_epoch = stopper.finish(net);
        }
        Ok(run.history)
    }

    fn validate_settings(&self) -> Result<()> {
        check::at_least_one("epochs", self.epochs)?;
        check::at_least_one("batch_size", self.batch_size)?;
        if let Some((every, _)) = &self.checkpoint {
            check::at_least_one("checkpoint_every", *every)?;
        }
        if let Some(clip) = &self.clip {
            clip.validate()?;
        }
        match self.early_stopping {
            Some(stop) => stop.validate(),
            None => Ok(()),
        }
    }
}
