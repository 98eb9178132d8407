//! The record of a training run, epoch by epoch.

use std::time::Duration;

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
