//! The training loop: mini-batch SGD over epochs, with validation, history and early stopping.
//!
//! Each epoch visits every training sample exactly once, in an order shuffled from the seed
//! (the last, partial batch is used, not dropped). Batches are gathered into buffers that are
//! reused for the whole run, so the dataset is never copied per epoch. The same seed, data and
//! settings train the same weights bit for bit.
//!
//! ```
//! use ndarray::array;
//! use ndnet::loss::BinaryCrossEntropy;
//! use ndnet::optim::Sgd;
//! use ndnet::regularization::L2;
//! use ndnet::train::Trainer;
//! use ndnet::{Activation, Network};
//! use rand::SeedableRng;
//!
//! let x = array![[0.0f64, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
//! let y = array![0usize, 0, 0, 1];                                 // logical AND
//! let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(1);
//! let mut net = Network::builder(2).dense(1, Activation::Identity).build(&mut rng)?;
//! let mut sgd = Sgd::builder().learning_rate(0.5).build()?;
//! let history = Trainer::new()
//!     .epochs(200)
//!     .batch_size(4)
//!     .seed(7)
//!     .fit(&mut net, &mut sgd, &BinaryCrossEntropy, &L2::new(0.0), x.view(), y.view())?;
//! assert_eq!(history.epochs().len(), 200);
//! let logits = net.forward(x.view())?;
//! assert!(logits[[3, 0]] > 0.0 && logits[[2, 0]] < 0.0);
//! # Ok::<(), ndnet::Error>(())
//! ```

use std::path::PathBuf;
use std::time::{Duration, Instant};

use ndarray::{s, Array1, Array2, ArrayView1, ArrayView2};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::activation::Activation;
use crate::error::{shape2, Error, Result};
use crate::float::{check_finite, Float};
use crate::io::Checkpoint;
use crate::loss::{Loss, Targets};
use crate::network::Network;
use crate::optim::Optimizer;
use crate::regularization::Regularizer;

/// What one epoch did.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EpochRecord {
    /// 0-based epoch number.
    pub epoch: usize,
    /// Mean over the epoch's samples of the batch objective (loss plus penalty).
    pub train_loss: f64,
    /// Loss plus penalty on the validation set after the epoch, if one was given.
    pub validation_loss: Option<f64>,
    /// Accuracy on the validation set after the epoch, if one was given with class labels.
    pub validation_accuracy: Option<f64>,
    /// The learning rate used in this epoch.
    pub learning_rate: f64,
    /// Wall time of the epoch (training and validation).
    pub duration: Duration,
}

/// The per-epoch record of a training run.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct History {
    pub(crate) epochs: Vec<EpochRecord>,
    pub(crate) best_epoch: Option<usize>,
    pub(crate) stopped_early: bool,
}

impl History {
    /// One record per epoch run, in order.
    pub fn epochs(&self) -> &[EpochRecord] {
        &self.epochs
    }

    /// The epoch whose weights were kept by early stopping, if it was used.
    pub fn best_epoch(&self) -> Option<usize> {
        self.best_epoch
    }

    /// Whether early stopping ended training before the last epoch.
    pub fn stopped_early(&self) -> bool {
        self.stopped_early
    }

    /// The last epoch's record.
    pub fn last(&self) -> Option<&EpochRecord> {
        self.epochs.last()
    }
}

/// Stop when the monitored loss has not improved for `patience` epochs, and restore the
/// weights of the best epoch. The monitored loss is the validation loss when a validation set
/// is given, else the training loss (like Keras' `EarlyStopping`).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EarlyStopping {
    /// Epochs without improvement before stopping; defaults to `10`, must be `≥ 1`.
    pub patience: usize,
    /// A decrease smaller than this does not count as improvement; defaults to `1e-4`.
    pub min_delta: f64,
    /// Put back the best epoch's weights when training ends; defaults to `true`.
    pub restore_best: bool,
}

impl Default for EarlyStopping {
    fn default() -> Self {
        EarlyStopping {
            patience: 10,
            min_delta: 1e-4,
            restore_best: true,
        }
    }
}

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

/// The early-stopping state carried across epochs: best monitored loss, its epoch and
/// weights, and the epochs since.
pub(crate) struct BestSoFar<F: Float> {
    pub best: Option<(f64, usize, Network<F>)>,
    pub since_best: usize,
}

/// Runs mini-batch training; configure with the setters, then call [`fit`](Trainer::fit).
pub struct Trainer<'a, F: Float> {
    epochs: usize,
    batch_size: usize,
    seed: u64,
    early_stopping: Option<EarlyStopping>,
    validation: Option<(ArrayView2<'a, F>, Targets<'a, F>)>,
    on_epoch: Option<Callback<'a>>,
    on_batch: Option<BatchCallback<'a>>,
    checkpoint: Option<(usize, PathBuf)>,
    resume: Option<Checkpoint<F>>,
}

impl<F: Float> Default for Trainer<'_, F> {
    fn default() -> Self {
        Trainer {
            epochs: 10,
            batch_size: 32,
            seed: 0,
            early_stopping: None,
            validation: None,
            on_epoch: None,
            on_batch: None,
            checkpoint: None,
            resume: None,
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
            .field("on_epoch", &self.on_epoch.is_some())
            .field("on_batch", &self.on_batch.is_some())
            .field("checkpoint", &self.checkpoint)
            .field("resume", &self.resume.as_ref().map(Checkpoint::epochs_done))
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
    /// [`fit`](Trainer::fit) then replaces `net`'s parameters and the optimizer's velocities
    /// with the checkpoint's, continues the shuffling generator where it stopped and runs the
    /// remaining epochs up to [`epochs`](Trainer::epochs). With the same data, seed, batch size,
    /// loss, regularizer, optimizer settings and validation set, the final weights are
    /// bit-identical to those of an uninterrupted run; the returned history includes the
    /// checkpoint's epochs.
    ///
    /// ```
    /// use ndarray::array;
    /// use ndnet::io::Checkpoint;
    /// use ndnet::loss::BinaryCrossEntropy;
    /// use ndnet::optim::Sgd;
    /// use ndnet::regularization::L2;
    /// use ndnet::train::Trainer;
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
    /// [`Error::InvalidHyperparameter`] for zero epochs or batch size, or an invalid early
    /// stopping or regularizer setting; [`Error::EmptyData`], [`Error::ShapeMismatch`],
    /// [`Error::NonFinite`] and the loss's label errors for bad data (training or
    /// validation); [`Error::NonFiniteLoss`] if the loss diverges, naming the epoch;
    /// [`Error::Io`] if a checkpoint cannot be written. When resuming:
    /// [`Error::ShapeMismatch`] if the checkpoint's network or data size differs from `net` and
    /// `x`, [`Error::InvalidHyperparameter`] if its seed or batch size differs from this
    /// trainer's or it has more epochs than [`epochs`](Trainer::epochs), and the optimizer's
    /// error if it cannot take the saved velocities.
    #[allow(clippy::too_many_arguments)]
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
        if let Some((xv, yv)) = &self.validation {
            check_data(net, "validation", *xv, yv)?;
        }

        let n = x.nrows();
        let batch_size = self.batch_size.min(n);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(self.seed);
        let mut order: Vec<usize> = (0..n).collect();
        let mut history = History::default();
        let mut state = BestSoFar {
            best: None,
            since_best: 0,
        };
        let mut start = 0;
        if let Some(checkpoint) = self.resume.take() {
            checkpoint.check_resumable(net, n, self.seed, self.batch_size, self.epochs)?;
            let parts = checkpoint.into_parts();
            optimizer.restore_state(parts.velocity)?;
            *net = parts.network;
            rng = parts.rng;
            order = parts.order;
            history = parts.history;
            state = parts.best;
            start = parts.epochs_done;
        }
        let mut batch = BatchBuffers::new(batch_size, x.ncols(), &y);
        let mut grads = net.zero_gradients();

        for epoch in start..self.epochs {
            let started = Instant::now();
            optimizer.set_epoch(epoch);
            let learning_rate = optimizer.learning_rate();
            order.shuffle(&mut rng);
            let mut total = 0.0;
            let mut done = 0;
            for chunk in order.chunks(batch_size) {
                let (xb, yb) = batch.gather(x, &y, chunk);
                let value = net.gradients_unchecked(xb, yb, loss, regularizer, &mut grads, None)?;
                let value = value.to_f64_lossless();
                if !value.is_finite() {
                    return Err(Error::NonFiniteLoss {
                        epoch,
                        loss: value,
                        learning_rate,
                    });
                }
                optimizer.step(net, &grads)?;
                total += value * chunk.len() as f64;
                done += chunk.len();
                if let Some(callback) = &mut self.on_batch {
                    callback(&BatchProgress {
                        epoch,
                        samples_done: done,
                        samples_total: n,
                        batch_loss: value,
                        running_loss: total / done as f64,
                    });
                }
            }
            let (validation_loss, validation_accuracy) = match &self.validation {
                Some((xv, yv)) => {
                    let l = net.loss(*xv, *yv, loss, regularizer)?.to_f64_lossless();
                    (Some(l), accuracy(net, *xv, yv)?)
                }
                None => (None, None),
            };
            let record = EpochRecord {
                epoch,
                train_loss: total / n as f64,
                validation_loss,
                validation_accuracy,
                learning_rate,
                duration: started.elapsed(),
            };
            if let Some(callback) = &mut self.on_epoch {
                callback(&record);
            }
            let monitored = validation_loss.unwrap_or(record.train_loss);
            history.epochs.push(record);

            let mut stop_now = false;
            if let Some(stop) = self.early_stopping {
                let improved = state
                    .best
                    .as_ref()
                    .is_none_or(|(b, _, _)| monitored < b - stop.min_delta);
                if improved {
                    state.best = Some((monitored, epoch, net.clone()));
                    state.since_best = 0;
                } else {
                    state.since_best += 1;
                    if state.since_best >= stop.patience {
                        history.stopped_early = epoch + 1 < self.epochs;
                        stop_now = true;
                    }
                }
            }
            if let Some((every, path)) = &self.checkpoint {
                if !stop_now && (epoch + 1) % every == 0 {
                    crate::io::checkpoint::save_state(
                        path,
                        crate::io::checkpoint::StateRef {
                            network: net,
                            velocity: optimizer.state(),
                            rng: &rng,
                            order: &order,
                            epochs_done: epoch + 1,
                            seed: self.seed,
                            batch_size: self.batch_size,
                            history: &history,
                            best: &state,
                        },
                    )?;
                }
            }
            if stop_now {
                break;
            }
        }
        if let (Some(stop), Some((_, epoch, best_net))) = (self.early_stopping, state.best) {
            history.best_epoch = Some(epoch);
            if stop.restore_best {
                *net = best_net;
            }
        }
        Ok(history)
    }

    fn validate_settings(&self) -> Result<()> {
        let positive = |name, value: usize| {
            if value == 0 {
                Err(Error::InvalidHyperparameter {
                    name,
                    value: "0".into(),
                    reason: "must be at least 1",
                })
            } else {
                Ok(())
            }
        };
        positive("epochs", self.epochs)?;
        positive("batch_size", self.batch_size)?;
        if let Some((every, _)) = &self.checkpoint {
            positive("checkpoint_every", *every)?;
        }
        if let Some(stop) = self.early_stopping {
            positive("patience", stop.patience)?;
            crate::error::check_non_negative("min_delta", stop.min_delta)?;
        }
        Ok(())
    }
}

/// Checks a data set against the network before any work: rows, columns, finiteness, targets.
fn check_data<F: Float>(
    net: &Network<F>,
    which: &'static str,
    x: ArrayView2<'_, F>,
    y: &Targets<'_, F>,
) -> Result<()> {
    if x.nrows() == 0 {
        return Err(Error::EmptyData(format!("the {which} set has no samples")));
    }
    if x.ncols() != net.inputs() {
        return Err(Error::ShapeMismatch {
            context: "training features",
            expected: format!("(samples, {})", net.inputs()),
            actual: shape2(x.nrows(), x.ncols()),
        });
    }
    if y.len() != x.nrows() {
        return Err(Error::ShapeMismatch {
            context: "training targets",
            expected: format!("{} targets (one per {which} sample)", x.nrows()),
            actual: format!("{} targets", y.len()),
        });
    }
    check_finite(which, x)?;
    if let Targets::Values(t) = y {
        check_finite(which, *t)?;
    }
    Ok(())
}

/// Reused buffers into which each batch's rows are gathered.
struct BatchBuffers<F> {
    x: Array2<F>,
    classes: Array1<usize>,
    values: Array2<F>,
}

impl<F: Float> BatchBuffers<F> {
    fn new(batch: usize, features: usize, y: &Targets<'_, F>) -> Self {
        let (classes, values) = match y {
            Targets::Classes(_) => (Array1::zeros(batch), Array2::zeros((0, 0))),
            Targets::Values(v) => (Array1::zeros(0), Array2::zeros((batch, v.ncols()))),
        };
        BatchBuffers {
            x: Array2::zeros((batch, features)),
            classes,
            values,
        }
    }

    fn gather<'b>(
        &'b mut self,
        x: ArrayView2<'_, F>,
        y: &Targets<'_, F>,
        rows: &[usize],
    ) -> (ArrayView2<'b, F>, Targets<'b, F>) {
        let n = rows.len();
        for (i, &r) in rows.iter().enumerate() {
            self.x.row_mut(i).assign(&x.row(r));
        }
        let targets = match y {
            Targets::Classes(c) => {
                for (i, &r) in rows.iter().enumerate() {
                    self.classes[i] = c[r];
                }
                Targets::Classes(self.classes.slice(s![..n]))
            }
            Targets::Values(v) => {
                for (i, &r) in rows.iter().enumerate() {
                    self.values.row_mut(i).assign(&v.row(r));
                }
                Targets::Values(self.values.slice(s![..n, ..]))
            }
        };
        (self.x.slice(s![..n, ..]), targets)
    }
}

/// Classes predicted from scores: argmax over several outputs; for one output, class 1 when
/// the score passes the threshold of the output activation (0.5 for sigmoid and step, whose
/// outputs are in [0, 1]; 0 for logits and margins).
pub fn predict_classes<F: Float>(scores: ArrayView2<'_, F>, output: Activation) -> Array1<usize> {
    if scores.ncols() == 1 {
        let threshold = match output {
            Activation::Sigmoid | Activation::Step => F::from_f64_lossy(0.5),
            _ => F::zero(),
        };
        scores.column(0).mapv(|s| usize::from(s > threshold))
    } else {
        scores.rows().into_iter().map(|row| argmax(row)).collect()
    }
}

fn argmax<F: Float>(row: ArrayView1<'_, F>) -> usize {
    let mut best = 0;
    for (j, &v) in row.iter().enumerate() {
        if v > row[best] {
            best = j;
        }
    }
    best
}

/// Accuracy of `net` on class-labelled data (`None` for real-valued targets).
fn accuracy<F: Float>(
    net: &Network<F>,
    x: ArrayView2<'_, F>,
    y: &Targets<'_, F>,
) -> Result<Option<f64>> {
    let Targets::Classes(labels) = y else {
        return Ok(None);
    };
    let scores = net.forward(x)?;
    let output = net
        .layers()
        .last()
        .map_or(Activation::Identity, |l| l.activation());
    let predicted = predict_classes(scores.view(), output);
    let correct = predicted.iter().zip(labels).filter(|(p, y)| p == y).count();
    Ok(Some(correct as f64 / labels.len() as f64))
}
