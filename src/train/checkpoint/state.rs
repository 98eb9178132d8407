//! The JSON part of a checkpoint: everything but tensors, in the metadata entry
//! `ndnet.checkpoint`.

use std::collections::BTreeMap;
use std::time::Duration;

use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

use crate::train::history::{EpochRecord, History};

/// The run's state besides its tensors. Version 1 (before optimizers kept state by name) said
/// whether velocities were saved; version 2 keeps the optimizer's scalars.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct State {
    pub version: u64,
    pub dtype: String,
    pub epochs_done: usize,
    pub seed: u64,
    pub batch_size: usize,
    pub rng: Xoshiro256PlusPlus,
    /// The network's dropout generator (absent before dropout existed).
    #[serde(default)]
    pub noise: Option<Xoshiro256PlusPlus>,
    #[serde(default, skip_serializing)]
    pub has_velocity: bool,
    #[serde(default)]
    pub optimizer_scalars: BTreeMap<String, f64>,
    pub since_best: usize,
    pub best_loss: Option<f64>,
    pub best_epoch: Option<usize>,
    pub history: HistoryJson,
}

/// A [`History`] as JSON, durations in seconds.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct HistoryJson {
    epochs: Vec<RecordJson>,
    best_epoch: Option<usize>,
    stopped_early: bool,
}

#[derive(Debug, Serialize, Deserialize)]
struct RecordJson {
    epoch: usize,
    train_loss: f64,
    validation_loss: Option<f64>,
    validation_accuracy: Option<f64>,
    learning_rate: f64,
    seconds: f64,
}

impl From<&History> for HistoryJson {
    fn from(h: &History) -> Self {
        HistoryJson {
            epochs: h
                .epochs
                .iter()
                .map(|r| RecordJson {
                    epoch: r.epoch,
                    train_loss: r.train_loss,
                    validation_loss: r.validation_loss,
                    validation_accuracy: r.validation_accuracy,
                    learning_rate: r.learning_rate,
                    seconds: r.duration.as_secs_f64(),
                })
                .collect(),
            best_epoch: h.best_epoch,
            stopped_early: h.stopped_early,
        }
    }
}

impl HistoryJson {
    /// The history, or `None` for a negative or non-finite duration.
    pub fn to_history(&self) -> Option<History> {
        let epochs = self
            .epochs
            .iter()
            .map(|r| {
                Some(EpochRecord {
                    epoch: r.epoch,
                    train_loss: r.train_loss,
                    validation_loss: r.validation_loss,
                    validation_accuracy: r.validation_accuracy,
                    learning_rate: r.learning_rate,
                    duration: Duration::try_from_secs_f64(r.seconds).ok()?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(History {
            epochs,
            best_epoch: self.best_epoch,
            stopped_early: self.stopped_early,
        })
    }
}
