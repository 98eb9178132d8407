//! Training checkpoints: everything needed to resume a run bit for bit.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use ndarray::{Array1, Array2};
use rand_xoshiro::Xoshiro256PlusPlus;
use safetensors::tensor::Dtype;
use safetensors::SafeTensors;
use serde_json::{json, Value};

use super::tensors::{
    decode_network, deserialize, encode_network, float_bytes, invalid, read_floats, serialize,
    Owned, ARCHITECTURE_KEY,
};
use super::{read_file, write_atomically};
use crate::dense::DenseGradients;
use crate::error::{Error, Result};
use crate::float::Float;
use crate::network::{Gradients, Network};
use crate::train::{BestSoFar, EpochRecord, History};

const FORMAT: &str = "checkpoint";
const STATE_KEY: &str = "ndnet.checkpoint";
const BEST_KEY: &str = "ndnet.best_architecture";

/// A snapshot of a training run after a whole epoch, written by
/// [`Trainer::checkpoint_every`](crate::train::Trainer::checkpoint_every) and continued by
/// [`Trainer::resume`](crate::train::Trainer::resume).
///
/// It holds the network, the optimizer's velocities, the shuffling generator's state and the
/// current sample order, the number of epochs done, the seed and batch size, the history, and
/// the early-stopping state (best weights so far) if early stopping is on.
///
/// On disk it is a safetensors file: the network's tensors prefixed `model.` (named as in
/// [`save_safetensors`](super::save_safetensors)), the velocities as
/// `velocity.<layer>.weight|bias|activation`, the best weights as `best.…`, the sample order as
/// the `U64` tensor `order`, and the rest as JSON in the metadata entry `ndnet.checkpoint`.
pub struct Checkpoint<F: Float> {
    parts: CheckpointParts<F>,
}

pub(crate) struct CheckpointParts<F: Float> {
    pub network: Network<F>,
    pub velocity: Option<Gradients<F>>,
    pub rng: Xoshiro256PlusPlus,
    pub order: Vec<usize>,
    pub epochs_done: usize,
    pub seed: u64,
    pub batch_size: usize,
    pub history: History,
    pub best: BestSoFar<F>,
}

/// Borrowed training state, for writing a checkpoint without copying the network.
pub(crate) struct StateRef<'s, F: Float> {
    pub network: &'s Network<F>,
    pub velocity: Option<&'s Gradients<F>>,
    pub rng: &'s Xoshiro256PlusPlus,
    pub order: &'s [usize],
    pub epochs_done: usize,
    pub seed: u64,
    pub batch_size: usize,
    pub history: &'s History,
    pub best: &'s BestSoFar<F>,
}

impl<F: Float> std::fmt::Debug for Checkpoint<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checkpoint")
            .field("epochs_done", &self.parts.epochs_done)
            .field("seed", &self.parts.seed)
            .field("batch_size", &self.parts.batch_size)
            .field("samples", &self.parts.order.len())
            .finish_non_exhaustive()
    }
}

impl<F: Float> Checkpoint<F> {
    /// Reads a checkpoint written by a [`Trainer`](crate::train::Trainer).
    ///
    /// # Errors
    /// [`Error::Io`] if the file cannot be read; [`Error::InvalidFile`] if it is truncated,
    /// corrupt, or not an ndnet checkpoint; [`Error::Incompatible`] if it was saved as `f64`
    /// and is loaded as `f32`.
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let bytes = read_file(path)?;
        let st = deserialize(path, &bytes, FORMAT)?;
        let (_, meta) = SafeTensors::read_metadata(&bytes).map_err(|e| invalid(path, FORMAT, e))?;
        let metadata = meta.metadata().clone().unwrap_or_default();
        let entry = |key: &str| {
            metadata
                .get(key)
                .ok_or_else(|| invalid(path, FORMAT, format!("no `{key}` metadata entry")))
        };
        let state: Value = serde_json::from_str(entry(STATE_KEY)?)
            .map_err(|e| invalid(path, FORMAT, format!("`{STATE_KEY}` is not JSON ({e})")))?;
        let network: Network<F> =
            decode_network(path, FORMAT, &st, entry(ARCHITECTURE_KEY)?, "model.")?;
        let velocity = if state["has_velocity"].as_bool() == Some(true) {
            Some(read_velocity(path, &st, &network)?)
        } else {
            None
        };
        let best_net = match metadata.get(BEST_KEY) {
            Some(arch) => Some(decode_network::<F>(path, FORMAT, &st, arch, "best.")?),
            None => None,
        };
        let number = |key: &str| {
            state[key]
                .as_u64()
                .ok_or_else(|| invalid(path, FORMAT, format!("no integer `{key}` in the state")))
        };
        let rng: Xoshiro256PlusPlus = serde_json::from_value(state["rng"].clone())
            .map_err(|e| invalid(path, FORMAT, format!("bad generator state ({e})")))?;
        let order = read_order(path, &st)?;
        let history = history_from_json(&state["history"])
            .ok_or_else(|| invalid(path, FORMAT, "malformed `history`"))?;
        let best = match (
            best_net,
            state["best_loss"].as_f64(),
            state["best_epoch"].as_u64(),
        ) {
            (Some(net), Some(loss), Some(epoch)) => Some((loss, epoch as usize, net)),
            (None, _, _) => None,
            _ => {
                return Err(invalid(
                    path,
                    FORMAT,
                    "best weights without their loss and epoch",
                ))
            }
        };
        let parts = CheckpointParts {
            network,
            velocity,
            rng,
            order,
            epochs_done: number("epochs_done")? as usize,
            seed: number("seed")?,
            batch_size: number("batch_size")? as usize,
            history,
            best: BestSoFar {
                best,
                since_best: number("since_best")? as usize,
            },
        };
        if parts.history.epochs.len() != parts.epochs_done {
            return Err(invalid(
                path,
                FORMAT,
                format!(
                    "{} epochs done but {} history records",
                    parts.epochs_done,
                    parts.history.epochs.len()
                ),
            ));
        }
        Ok(Checkpoint { parts })
    }

    /// Writes the checkpoint to `path`, atomically.
    ///
    /// # Errors
    /// [`Error::Io`] if the file cannot be written (the target is then left as it was).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let p = &self.parts;
        save_state(
            path.as_ref(),
            StateRef {
                network: &p.network,
                velocity: p.velocity.as_ref(),
                rng: &p.rng,
                order: &p.order,
                epochs_done: p.epochs_done,
                seed: p.seed,
                batch_size: p.batch_size,
                history: &p.history,
                best: &p.best,
            },
        )
    }

    /// The network as it was after the last saved epoch.
    pub fn network(&self) -> &Network<F> {
        &self.parts.network
    }

    /// Number of epochs completed.
    pub fn epochs_done(&self) -> usize {
        self.parts.epochs_done
    }

    /// The history of the completed epochs.
    pub fn history(&self) -> &History {
        &self.parts.history
    }

    /// The seed of the run.
    pub fn seed(&self) -> u64 {
        self.parts.seed
    }

    /// The batch size of the run.
    pub fn batch_size(&self) -> usize {
        self.parts.batch_size
    }

    pub(crate) fn into_parts(self) -> CheckpointParts<F> {
        self.parts
    }

    /// Checks that this checkpoint can continue training `net` on `n` samples with the given
    /// trainer settings.
    pub(crate) fn check_resumable(
        &self,
        net: &Network<F>,
        n: usize,
        seed: u64,
        batch_size: usize,
        epochs: usize,
    ) -> Result<()> {
        let p = &self.parts;
        let shape = |n: &Network<F>| -> Vec<String> {
            n.layers()
                .iter()
                .map(|l| format!("{}->{} {}", l.inputs(), l.units(), l.activation().name()))
                .collect()
        };
        if shape(net) != shape(&p.network) {
            return Err(Error::ShapeMismatch {
                context: "resume network",
                expected: format!("{:?} (the checkpoint's)", shape(&p.network)),
                actual: format!("{:?}", shape(net)),
            });
        }
        if p.order.len() != n {
            return Err(Error::ShapeMismatch {
                context: "resume training samples",
                expected: format!("{} samples (the checkpoint's)", p.order.len()),
                actual: format!("{n} samples"),
            });
        }
        let must_equal = |name, value: String, ok: bool, reason| {
            if ok {
                Ok(())
            } else {
                Err(Error::InvalidHyperparameter {
                    name,
                    value,
                    reason,
                })
            }
        };
        must_equal(
            "seed",
            seed.to_string(),
            seed == p.seed,
            "must equal the checkpoint's seed",
        )?;
        must_equal(
            "batch_size",
            batch_size.to_string(),
            batch_size == p.batch_size,
            "must equal the checkpoint's batch size",
        )?;
        must_equal(
            "epochs",
            epochs.to_string(),
            epochs >= p.epochs_done,
            "fewer than the epochs the checkpoint has done",
        )?;
        if let Some(v) = &p.velocity {
            v.check_matches(net)?;
        }
        Ok(())
    }
}

/// Writes a checkpoint of the borrowed state to `path`, atomically.
pub(crate) fn save_state<F: Float>(path: &Path, s: StateRef<'_, F>) -> Result<()> {
    let mut tensors = Vec::new();
    let architecture = encode_network(s.network, "model.", &mut tensors);
    if let Some(v) = s.velocity {
        for (i, g) in v.layers().iter().enumerate() {
            let parts = [
                (
                    "weight",
                    g.weight.iter().collect::<Vec<_>>(),
                    g.weight.dim(),
                ),
                ("bias", g.bias.iter().collect(), (g.bias.len(), 0)),
                (
                    "activation",
                    g.activation.iter().collect(),
                    (g.activation.len(), 0),
                ),
            ];
            for (name, values, (rows, cols)) in parts {
                if values.is_empty() {
                    continue;
                }
                let (dtype, bytes) = float_bytes(values.into_iter());
                let shape = if cols == 0 {
                    vec![rows]
                } else {
                    vec![rows, cols]
                };
                tensors.push(Owned {
                    name: format!("velocity.{i}.{name}"),
                    dtype,
                    shape,
                    bytes,
                });
            }
        }
    }
    let mut metadata = HashMap::new();
    metadata.insert(ARCHITECTURE_KEY.to_string(), architecture.to_string());
    let (best_loss, best_epoch) = match &s.best.best {
        Some((loss, epoch, net)) => {
            let arch = encode_network(net, "best.", &mut tensors);
            metadata.insert(BEST_KEY.to_string(), arch.to_string());
            (Some(*loss), Some(*epoch))
        }
        None => (None, None),
    };
    tensors.push(Owned {
        name: "order".into(),
        dtype: Dtype::U64,
        shape: vec![s.order.len()],
        bytes: s
            .order
            .iter()
            .flat_map(|&i| (i as u64).to_le_bytes())
            .collect(),
    });
    let state = json!({
        "version": 1,
        "dtype": F::NAME,
        "epochs_done": s.epochs_done,
        "seed": s.seed,
        "batch_size": s.batch_size,
        "rng": serde_json::to_value(s.rng).unwrap_or(Value::Null),
        "has_velocity": s.velocity.is_some(),
        "since_best": s.best.since_best,
        "best_loss": best_loss,
        "best_epoch": best_epoch,
        "history": history_to_json(s.history),
    });
    metadata.insert(STATE_KEY.to_string(), state.to_string());
    let bytes = serialize(path, tensors, metadata)?;
    write_atomically(path, &bytes)
}

fn read_velocity<F: Float>(
    path: &Path,
    st: &SafeTensors<'_>,
    net: &Network<F>,
) -> Result<Gradients<F>> {
    let mut v = net.zero_gradients();
    for (i, (g, layer)) in v.layers_mut().iter_mut().zip(net.layers()).enumerate() {
        let DenseGradients {
            weight,
            bias,
            activation,
        } = g;
        let (units, inputs) = (layer.units(), layer.inputs());
        let w = read_floats::<F>(
            path,
            FORMAT,
            st,
            &format!("velocity.{i}.weight"),
            &[units, inputs],
        )?;
        *weight =
            Array2::from_shape_vec((units, inputs), w).map_err(|e| invalid(path, FORMAT, e))?;
        *bias = Array1::from(read_floats::<F>(
            path,
            FORMAT,
            st,
            &format!("velocity.{i}.bias"),
            &[units],
        )?);
        if !activation.is_empty() {
            let n = activation.len();
            *activation = Array1::from(read_floats::<F>(
                path,
                FORMAT,
                st,
                &format!("velocity.{i}.activation"),
                &[n],
            )?);
        }
    }
    Ok(v)
}

fn read_order(path: &Path, st: &SafeTensors<'_>) -> Result<Vec<usize>> {
    let t = st
        .tensor("order")
        .map_err(|_| invalid(path, FORMAT, "tensor `order` is missing"))?;
    if t.dtype() != Dtype::U64 || t.shape().len() != 1 {
        return Err(invalid(path, FORMAT, "tensor `order` must be 1-D U64"));
    }
    let order: Vec<usize> = t
        .data()
        .chunks_exact(8)
        .map(|c| {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            u64::from_le_bytes(b) as usize
        })
        .collect();
    // It must be a permutation of 0..n, or training would index out of range.
    let mut seen = vec![false; order.len()];
    for &i in &order {
        match seen.get_mut(i) {
            Some(s) if !*s => *s = true,
            _ => return Err(invalid(path, FORMAT, "tensor `order` is not a permutation")),
        }
    }
    Ok(order)
}

fn history_to_json(h: &History) -> Value {
    let epochs: Vec<Value> = h
        .epochs
        .iter()
        .map(|r| {
            json!({
                "epoch": r.epoch,
                "train_loss": r.train_loss,
                "validation_loss": r.validation_loss,
                "validation_accuracy": r.validation_accuracy,
                "learning_rate": r.learning_rate,
                "seconds": r.duration.as_secs_f64(),
            })
        })
        .collect();
    json!({ "epochs": epochs, "best_epoch": h.best_epoch, "stopped_early": h.stopped_early })
}

fn history_from_json(v: &Value) -> Option<History> {
    let epochs = v["epochs"]
        .as_array()?
        .iter()
        .map(|r| {
            Some(EpochRecord {
                epoch: r["epoch"].as_u64()? as usize,
                train_loss: r["train_loss"].as_f64()?,
                validation_loss: r["validation_loss"].as_f64(),
                validation_accuracy: r["validation_accuracy"].as_f64(),
                learning_rate: r["learning_rate"].as_f64()?,
                duration: Duration::try_from_secs_f64(r["seconds"].as_f64()?).ok()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(History {
        epochs,
        best_epoch: v["best_epoch"].as_u64().map(|e| e as usize),
        stopped_early: v["stopped_early"].as_bool()?,
    })
}
