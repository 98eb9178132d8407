//! Training checkpoints: everything needed to resume a run bit for bit.

mod state;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rand_xoshiro::Xoshiro256PlusPlus;

use self::state::State;
use super::early_stopping::Best;
use super::history::History;
use crate::error::{Error, Result};
use crate::float::Float;
use crate::io::{
    decode_network, encode_network, legacy_parameter_names, read_file, serialize, write_atomically,
    Container, Owned, ARCHITECTURE_KEY,
};
use crate::network::Network;
use crate::optim::OptimizerState;

const FORMAT: &str = "checkpoint";
const STATE_KEY: &str = "ndnet.checkpoint";
const BEST_KEY: &str = "ndnet.best_architecture";
const VERSION: u64 = 2;

/// A snapshot of a training run after a whole epoch, written by
/// [`Trainer::checkpoint_every`](crate::train::Trainer::checkpoint_every) and continued by
/// [`Trainer::resume`](crate::train::Trainer::resume).
///
/// It holds the network (running statistics included), the optimizer's whole state, the
/// states of the shuffling and dropout generators and the current sample order, the number of epochs done, the seed and batch size, the history, and
/// the early-stopping state (best weights so far) if early stopping is on.
///
/// On disk it is a safetensors file: the network's tensors prefixed `model.` (named as in
/// [`save_safetensors`](crate::io::save_safetensors)), the best weights as `best.…`, the
/// optimizer's buffers as `optimizer.{tensor}.{buffer}` (e.g. `optimizer.0.weight.momentum_buffer`),
/// the sample order as the `U64` tensor `order`, and the rest as JSON in the metadata entry
/// `ndnet.checkpoint`. Checkpoints written before optimizers kept their state by name (with
/// `velocity.{layer}.weight|bias|activation` tensors) load too.
pub struct Checkpoint<F: Float> {
    parts: CheckpointParts<F>,
}

/// A loaded checkpoint, taken apart by the trainer.
pub(crate) struct CheckpointParts<F: Float> {
    pub network: Network<F>,
    pub optimizer: OptimizerState<F>,
    pub rng: Xoshiro256PlusPlus,
    pub noise: Option<Xoshiro256PlusPlus>,
    pub order: Vec<usize>,
    pub epochs_done: usize,
    pub seed: u64,
    pub batch_size: usize,
    pub history: History,
    pub best: Option<Best<F>>,
    pub since_best: usize,
}

/// Borrowed training state, for writing a checkpoint without copying the network.
pub(crate) struct CheckpointRef<'s, F: Float> {
    pub network: &'s Network<F>,
    pub optimizer: &'s OptimizerState<F>,
    pub rng: &'s Xoshiro256PlusPlus,
    pub order: &'s [usize],
    pub epochs_done: usize,
    pub seed: u64,
    pub batch_size: usize,
    pub history: &'s History,
    pub best: Option<&'s Best<F>>,
    pub since_best: usize,
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
        let file = Container::parse(path, &bytes, FORMAT)?;
        let state: State = serde_json::from_str(file.required_metadata(STATE_KEY)?)
            .map_err(|e| file.invalid(format!("`{STATE_KEY}` is malformed ({e})")))?;
        let architecture = file.required_metadata(ARCHITECTURE_KEY)?;
        let (network, _) = decode_network::<F>(&file, architecture, "model.")?;
        let optimizer = match state.version {
            1 => v1_velocities(&file, architecture, &network, state.has_velocity)?,
            VERSION => optimizer_state(&file, &state)?,
            v => return Err(file.invalid(format!("checkpoint version {v} is not 1 or {VERSION}"))),
        };
        let best = match (file.metadata(BEST_KEY), state.best_loss, state.best_epoch) {
            (Some(arch), Some(loss), Some(epoch)) => Some(Best {
                loss,
                epoch,
                network: decode_network::<F>(&file, arch, "best.")?.0,
            }),
            (None, _, _) => None,
            _ => return Err(file.invalid("best weights without their loss and epoch")),
        };
        let history = state
            .history
            .to_history()
            .ok_or_else(|| file.invalid("malformed `history`"))?;
        if history.epochs.len() != state.epochs_done {
            return Err(file.invalid(format!(
                "{} epochs done but {} history records",
                state.epochs_done,
                history.epochs.len()
            )));
        }
        let parts = CheckpointParts {
            network,
            optimizer,
            rng: state.rng,
            noise: state.noise,
            order: read_order(&file)?,
            epochs_done: state.epochs_done,
            seed: state.seed,
            batch_size: state.batch_size,
            history,
            best,
            since_best: state.since_best,
        };
        Ok(Checkpoint { parts })
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

    /// The optimizer's state, by name.
    pub fn optimizer_state(&self) -> &OptimizerState<F> {
        &self.parts.optimizer
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
                .map(|l| {
                    format!(
                        "{} {}->{} {:?}",
                        l.kind(),
                        l.inputs(),
                        l.outputs(),
                        l.settings()
                    )
                })
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
        let must = |name, value: String, ok: bool, reason| match ok {
            true => Ok(()),
            false => Err(Error::InvalidHyperparameter {
                name,
                value,
                reason,
            }),
        };
        must(
            "seed",
            seed.to_string(),
            seed == p.seed,
            "must equal the checkpoint's seed",
        )?;
        let same_batch = batch_size == p.batch_size;
        must(
            "batch_size",
            batch_size.to_string(),
            same_batch,
            "must equal the checkpoint's batch size",
        )?;
        let enough = epochs >= p.epochs_done;
        must(
            "epochs",
            epochs.to_string(),
            enough,
            "fewer than the epochs the checkpoint has done",
        )
    }
}

/// Writes a checkpoint of the borrowed state to `path`, atomically.
pub(crate) fn save_checkpoint<F: Float>(path: &Path, s: CheckpointRef<'_, F>) -> Result<()> {
    let mut tensors = Vec::new();
    let architecture = encode_network(s.network, "model.", &mut tensors);
    let mut metadata = HashMap::new();
    metadata.insert(ARCHITECTURE_KEY.to_string(), architecture);
    if let Some(best) = s.best {
        let arch = encode_network(&best.network, "best.", &mut tensors);
        metadata.insert(BEST_KEY.to_string(), arch);
    }
    for (key, values) in &s.optimizer.buffers {
        tensors.push(Owned::floats(
            format!("optimizer.{key}"),
            vec![values.len()],
            values,
        ));
    }
    tensors.push(Owned::u64s(
        "order".into(),
        s.order.iter().map(|&i| i as u64),
    ));
    let state = State {
        version: VERSION,
        dtype: F::NAME.into(),
        epochs_done: s.epochs_done,
        seed: s.seed,
        batch_size: s.batch_size,
        rng: s.rng.clone(),
        noise: Some(s.network.noise().clone()),
        has_velocity: false,
        optimizer_scalars: s.optimizer.scalars.clone(),
        since_best: s.since_best,
        best_loss: s.best.map(|b| b.loss),
        best_epoch: s.best.map(|b| b.epoch),
        history: s.history.into(),
    };
    let state = serde_json::to_string(&state).map_err(|e| crate::io::invalid(path, FORMAT, e))?;
    metadata.insert(STATE_KEY.to_string(), state);
    let bytes = serialize(path, FORMAT, &tensors, metadata)?;
    write_atomically(path, &bytes)
}

/// The optimizer's buffers (`optimizer.…` tensors) and scalars of a version-2 checkpoint.
fn optimizer_state<F: Float>(file: &Container<'_>, state: &State) -> Result<OptimizerState<F>> {
    let mut buffers = BTreeMap::new();
    for name in file.names() {
        if let Some(key) = name.strip_prefix("optimizer.") {
            let len = file.vector_len(&name)?;
            buffers.insert(key.to_string(), file.floats::<F>(&name, &[len])?);
        }
    }
    Ok(OptimizerState {
        buffers,
        scalars: state.optimizer_scalars.clone(),
    })
}

/// The SGD velocities of a version-1 checkpoint (`velocity.{layer}.weight|bias|activation`,
/// one per dense layer of that format), named as the translated network's tensors.
fn v1_velocities<F: Float>(
    file: &Container<'_>,
    architecture: &str,
    network: &Network<F>,
    has_velocity: bool,
) -> Result<OptimizerState<F>> {
    let mut state = OptimizerState::default();
    if !has_velocity {
        return Ok(state);
    }
    let json = serde_json::from_str(architecture).map_err(|e| file.invalid(e))?;
    let names = legacy_parameter_names(&json).map_err(|e| file.invalid(e))?;
    let shapes: BTreeMap<String, Vec<usize>> = network
        .tensors()
        .into_iter()
        .map(|(name, t)| (name, t.shape.to_vec()))
        .collect();
    for (i, new_names) in names.iter().enumerate() {
        for (old, new) in ["weight", "bias", "activation"].iter().zip(new_names) {
            let Some(new) = new else { continue };
            let old = format!("velocity.{i}.{old}");
            let shape = shapes
                .get(new)
                .ok_or_else(|| file.invalid(format!("no tensor `{new}`")))?;
            if !file.contains(&old) {
                continue;
            }
            let values = file.floats::<F>(&old, shape)?;
            state
                .buffers
                .insert(format!("{new}.momentum_buffer"), values);
        }
    }
    Ok(state)
}

/// The sample order: a permutation of `0..n`, or training would index out of range.
fn read_order(file: &Container<'_>) -> Result<Vec<usize>> {
    let order: Vec<usize> = file
        .u64s("order")?
        .into_iter()
        .map(|i| i as usize)
        .collect();
    let mut seen = vec![false; order.len()];
    for &i in &order {
        match seen.get_mut(i) {
            Some(s) if !*s => *s = true,
            _ => return Err(file.invalid("tensor `order` is not a permutation")),
        }
    }
    Ok(order)
}
