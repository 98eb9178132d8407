//! Early stopping: watch the monitored loss each epoch, keep the best weights, say when to stop.

use crate::check;
use crate::error::Result;
use crate::float::Float;
use crate::network::Network;

/// Stop when the monitored loss has not improved for `patience` epochs, and restore the
/// weights of the best epoch. The monitored loss is the validation loss when a validation set
/// is given, else the training loss (like Keras' `EarlyStopping`).
#[derive(Debug, Clone, Copy, PartialEq)]
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

impl EarlyStopping {
    /// Checks the settings.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) for zero patience
    /// or a negative or non-finite `min_delta`.
    pub fn validate(&self) -> Result<()> {
        check::at_least_one("patience", self.patience)?;
        check::non_negative("min_delta", self.min_delta)
    }
}

/// The best epoch so far: its monitored loss, its number, its weights.
#[derive(Debug, Clone)]
pub(crate) struct Best<F: Float> {
    pub loss: f64,
    pub epoch: usize,
    pub network: Network<F>,
}

/// Early stopping at work: observes each epoch, holds the best weights, says when to stop.
#[derive(Debug, Clone)]
pub(crate) struct EarlyStopper<F: Float> {
    pub settings: EarlyStopping,
    pub best: Option<Best<F>>,
    /// Epochs since the best one.
    pub since_best: usize,
}

impl<F: Float> EarlyStopper<F> {
    pub fn new(settings: EarlyStopping) -> Self {
        EarlyStopper {
            settings,
            best: None,
            since_best: 0,
        }
    }

    /// Takes in epoch `epoch`'s monitored loss and the weights after it; returns whether
    /// training should stop now.
    pub fn observe(&mut self, epoch: usize, monitored: f64, net: &Network<F>) -> bool {
        let min_delta = self.settings.min_delta;
        let improved = self
            .best
            .as_ref()
            .is_none_or(|b| monitored < b.loss - min_delta);
        if improved {
            self.best = Some(Best {
                loss: monitored,
                epoch,
                network: net.clone(),
            });
            self.since_best = 0;
            false
        } else {
            self.since_best += 1;
            self.since_best >= self.settings.patience
        }
    }

    /// When training ends: the best epoch, with its weights put back into `net` if the
    /// settings say so.
    pub fn finish(self, net: &mut Network<F>) -> Option<usize> {
        let best = self.best?;
        if self.settings.restore_best {
            *net = best.network;
        }
        Some(best.epoch)
    }
}

/// The fields of [`EarlyStopping`] as documents store them (see `validated_serde!`).
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(remote = "EarlyStopping")]
struct EarlyStoppingDocument {
    patience: usize,
    min_delta: f64,
    restore_best: bool,
}

crate::check::validated_serde!(EarlyStopping, EarlyStoppingDocument);
