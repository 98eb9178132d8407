//! The parts of a run: starting or resuming it, one epoch over the batches, validation, and
//! the checkpoint after an epoch.

use ndarray::ArrayView2;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

use super::{BatchProgress, Trainer};
use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;
use crate::loss::{Loss, Targets};
use crate::metrics::accuracy;
use crate::network::{Gradients, Network};
use crate::optim::Optimizer;
use crate::regularization::Regularizer;
use crate::train::batches::Batches;
use crate::train::checkpoint::{save_checkpoint, CheckpointRef};
use crate::train::early_stopping::EarlyStopper;
use crate::train::history::History;

/// What a run carries from epoch to epoch.
pub(super) struct Run<F: Float> {
    pub rng: Xoshiro256PlusPlus,
    pub order: Vec<usize>,
    pub history: History,
    pub stopper: Option<EarlyStopper<F>>,
    pub first_epoch: usize,
}

/// The objective of a run: the loss and the penalty.
pub(super) struct Objective<'o, L: ?Sized, R: ?Sized> {
    pub loss: &'o L,
    pub regularizer: &'o R,
}

impl<F: Float> Trainer<'_, F> {
    /// A fresh run, or the checkpoint's, put into `net` and `optimizer`.
    pub(super) fn start<O: Optimizer<F> + ?Sized>(
        &mut self,
        net: &mut Network<F>,
        optimizer: &mut O,
        n: usize,
    ) -> Result<Run<F>> {
        let rng = Xoshiro256PlusPlus::seed_from_u64(self.seed);
        // Dropout masks come from the same seed, 2^192 draws ahead of the shuffling.
        let mut noise = rng.clone();
        noise.long_jump();
        net.set_noise(noise);
        let mut run = Run {
            rng,
            order: (0..n).collect(),
            history: History::default(),
            stopper: self.early_stopping.map(EarlyStopper::new),
            first_epoch: 0,
        };
        if let Some(checkpoint) = self.resume.take() {
            checkpoint.check_resumable(net, n, self.seed, self.batch_size, self.epochs)?;
            let parts = checkpoint.into_parts();
            optimizer.load_state(&parts.network, &parts.optimizer)?;
            *net = parts.network;
            if let Some(noise) = parts.noise {
                net.set_noise(noise);
            }
            run.rng = parts.rng;
            run.order = parts.order;
            run.history = parts.history;
            run.first_epoch = parts.epochs_done;
            if let Some(stopper) = &mut run.stopper {
                stopper.best = parts.best;
                stopper.since_best = parts.since_best;
            }
        }
        Ok(run)
    }

    /// One pass over the training set in `pass.order`; returns the mean objective.
    pub(super) fn train_epoch<O, L, R>(
        &mut self,
        pass: Pass<'_, F>,
        net: &mut Network<F>,
        optimizer: &mut O,
        objective: &Objective<'_, L, R>,
        x: ArrayView2<'_, F>,
        y: &Targets<'_, F>,
    ) -> Result<f64>
    where
        O: Optimizer<F> + ?Sized,
        L: Loss<F> + ?Sized,
        R: Regularizer<F> + ?Sized,
    {
        let n = x.nrows();
        let batch_size = self.batch_size.min(n);
        // The epoch's mean is weighted as each batch's is: by the weights' sum, else by size.
        let (mut total, mut weight, mut done) = (0.0, 0.0, 0);
        for chunk in pass.order.chunks(batch_size) {
            let batch = pass.batches.gather(x, y, self.weights, chunk);
            let batch_weight = match batch.weights {
                Some(w) => w.iter().map(|v| v.to_f64_lossless()).sum(),
                None => chunk.len() as f64,
            };
            let value = net
                .gradients_unchecked(
                    batch.x,
                    (batch.targets, batch.weights),
                    objective.loss,
                    objective.regularizer,
                    pass.grads,
                    None,
                )?
                .to_f64_lossless();
            if !value.is_finite() {
                return Err(Error::NonFiniteLoss {
                    epoch: pass.epoch,
                    loss: value,
                    learning_rate: pass.learning_rate,
                });
            }
            if let Some(clip) = self.clip {
                clip.apply(pass.grads);
            }
            optimizer.step(net, pass.grads)?;
            total += value * batch_weight;
            weight += batch_weight;
            done += chunk.len();
            if let Some(callback) = &mut self.on_batch {
                callback(&BatchProgress {
                    epoch: pass.epoch,
                    samples_done: done,
                    samples_total: n,
                    batch_loss: value,
                    running_loss: total / weight.max(f64::MIN_POSITIVE),
                });
            }
        }
        Ok(total / weight.max(f64::MIN_POSITIVE))
    }

    /// Loss plus penalty and accuracy on the validation set, if there is one.
    pub(super) fn validate<L, R>(
        &self,
        net: &Network<F>,
        objective: &Objective<'_, L, R>,
    ) -> Result<(Option<f64>, Option<f64>)>
    where
        L: Loss<F> + ?Sized,
        R: Regularizer<F> + ?Sized,
    {
        let Some((xv, yv)) = &self.validation else {
            return Ok((None, None));
        };
        let value = net.loss(*xv, *yv, objective.loss, objective.regularizer)?;
        let correct = match yv {
            Targets::Classes(labels) => Some(accuracy(*labels, net.predict_classes(*xv)?.view())?),
            Targets::Values(_) => None,
        };
        Ok((Some(value.to_f64_lossless()), correct))
    }

    /// Writes the checkpoint after `epoch` if one is due.
    pub(super) fn checkpoint_after<O: Optimizer<F> + ?Sized>(
        &self,
        epoch: usize,
        net: &Network<F>,
        optimizer: &O,
        run: &Run<F>,
    ) -> Result<()> {
        let Some((every, path)) = &self.checkpoint else {
            return Ok(());
        };
        if (epoch + 1) % every != 0 {
            return Ok(());
        }
        let stopper = run.stopper.as_ref();
        save_checkpoint(
            path,
            CheckpointRef {
                network: net,
                optimizer: &optimizer.state(net),
                rng: &run.rng,
                order: &run.order,
                epochs_done: epoch + 1,
                seed: self.seed,
                batch_size: self.batch_size,
                history: &run.history,
                best: stopper.and_then(|s| s.best.as_ref()),
                since_best: stopper.map_or(0, |s| s.since_best),
            },
        )
    }
}

/// One epoch's place in the run and its reused buffers.
pub(super) struct Pass<'p, F: Float> {
    pub epoch: usize,
    pub learning_rate: f64,
    pub order: &'p [usize],
    pub batches: &'p mut Batches<F>,
    pub grads: &'p mut Gradients<F>,
}

/// Checks that every batch of an epoch over `n` samples is as large as the network needs in
/// training (2 with batch normalisation).
pub(super) fn check_batches<F: Float>(net: &Network<F>, n: usize, batch_size: usize) -> Result<()> {
    let (min, size) = (net.min_training_batch(), batch_size.min(n));
    let last = n % size.max(1);
    if size >= min && (last == 0 || last >= min) {
        return Ok(());
    }
    Err(Error::InvalidHyperparameter {
        name: "batch_size",
        value: format!("{batch_size} on {n} samples"),
        reason: "batch normalisation needs at least 2 samples in every training batch, and \
                 one batch of each epoch would hold 1: choose a batch size that leaves 0 or \
                 at least 2 samples for the last batch",
    })
}

/// Checks a data set against the network before any work: rows, columns, finiteness, targets.
pub(super) fn check_data<F: Float>(
    net: &Network<F>,
    which: &'static str,
    x: ArrayView2<'_, F>,
    y: &Targets<'_, F>,
) -> Result<()> {
    check::not_empty(&format!("the {which} set"), x)?;
    check::columns("training features", "samples", x, net.inputs())?;
    let context = if which == "training" {
        "training targets"
    } else {
        "validation targets"
    };
    check::one_per_row(context, "targets", x.nrows(), y.len())?;
    check::finite(which, x)?;
    if let Targets::Values(t) = y {
        check::finite(which, *t)?;
    }
    Ok(())
}

/// Checks every class label against the loss before the first step, so a bad label is found
/// before any update and reported at its row of `y` as given (not of a shuffled batch). The
/// loss is the one judge of the labels it accepts: it is evaluated on zero scores, a chunk of
/// rows at a time.
pub(super) fn check_labels<F, L>(net: &Network<F>, loss: &L, y: &Targets<'_, F>) -> Result<()>
where
    F: Float,
    L: Loss<F> + ?Sized,
{
    const CHUNK: usize = 1024;
    let Targets::Classes(labels) = y else {
        return Ok(());
    };
    let zeros = ndarray::Array2::<F>::zeros((CHUNK.min(labels.len()), net.outputs()));
    for (i, chunk) in labels.axis_chunks_iter(ndarray::Axis(0), CHUNK).enumerate() {
        let scores = zeros.slice(ndarray::s![..chunk.len(), ..]);
        match loss.loss(scores, Targets::Classes(chunk)) {
            Err(Error::InvalidLabel {
                row,
                value,
                expected,
            }) => {
                return Err(Error::InvalidLabel {
                    row: i * CHUNK + row,
                    value,
                    expected,
                })
            }
            Err(other) => return Err(other),
            Ok(_) => {}
        }
    }
    Ok(())
}
