//! A network as a safetensors file, named as a PyTorch `nn.Sequential`.

use std::collections::HashMap;
use std::path::Path;

use super::atomic::{read_file, write_atomically};
use super::container::{serialize, Container};
use super::network::{decode, encode};
use crate::error::Result;
use crate::float::Float;
use crate::network::Network;

/// The metadata key holding the architecture (JSON).
pub(crate) const ARCHITECTURE_KEY: &str = "ndnet.architecture";
const FORMAT: &str = "safetensors model";

/// Saves `net` to `path` in the safetensors format, atomically.
///
/// The tensors are named as the `state_dict()` of the PyTorch `nn.Sequential` the network
/// stands for ([`Network::tensors`]): a dense layer is an `nn.Linear` whose `weight` is
/// `(units, inputs)` and `bias` `(units)`, followed by its activation's module unless the
/// activation is the identity; a PReLU's slopes are its `weight`, Dice's tensors `alpha`,
/// `running_mean` and `running_var`. For 784-128-10 with ReLU that is `0.weight`, `0.bias`,
/// (`1` = `nn.ReLU`), `2.weight`, `2.bias`. The element type is `F`'s (`F32` or `F64`).
///
/// The metadata (`__metadata__`) holds `"format": "pt"` and `"ndnet.architecture"`, a JSON
/// object `{"version": 2, "inputs": 784, "layers": [{"kind": "dense", "module": 0, "units":
/// 128, "activation": "relu"}, ...]}`: each layer's kind, first module and settings, enough to
/// rebuild the module in PyTorch (`tests/fixtures/torch_mlp.py` does) and to load the file
/// here. Files written before the format had a version load too.
///
/// ```
/// use ndnet::io::{load_safetensors, save_safetensors};
/// use ndnet::{Activation, Network};
/// use rand::SeedableRng;
///
/// let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(0);
/// let net = Network::<f32>::builder(4)
///     .dense(3, Activation::Relu)
///     .dense(2, Activation::Identity)
///     .build(&mut rng)?;
/// let path = std::env::temp_dir().join(format!("ndnet-doc-{}.safetensors", std::process::id()));
/// save_safetensors(&net, &path)?;
/// let back = load_safetensors::<f32>(&path)?;
/// assert_eq!(back, net);
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), ndnet::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) if the file cannot be written (the target is then left as
/// it was).
pub fn save_safetensors<F: Float>(net: &Network<F>, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let mut tensors = Vec::new();
    let architecture = encode(net, "", &mut tensors);
    let mut metadata = HashMap::new();
    metadata.insert("format".to_string(), "pt".to_string());
    metadata.insert(ARCHITECTURE_KEY.to_string(), architecture);
    let bytes = serialize(path, FORMAT, &tensors, metadata)?;
    write_atomically(path, &bytes)
}

/// Loads a network saved by [`save_safetensors`] (by this version or an earlier one), or by
/// PyTorch with the same names and metadata (see there). An `F32` file loads as `f32` or
/// `f64`; an `F64` file only as `f64`.
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) if the file cannot be read;
/// [`Error::InvalidFile`](crate::Error::InvalidFile) for a corrupt or truncated file, missing
/// or malformed architecture metadata, an unknown layer kind or activation name, a missing,
/// unexpected or wrongly shaped tensor, an element type other than `F32`/`F64`, or a NaN or
/// infinite value; [`Error::Incompatible`](crate::Error::Incompatible) for an `F64` file loaded
/// as `f32`.
pub fn load_safetensors<F: Float>(path: impl AsRef<Path>) -> Result<Network<F>> {
    let path = path.as_ref();
    let bytes = read_file(path)?;
    let file = Container::parse(path, &bytes, FORMAT)?;
    let architecture = file.metadata(ARCHITECTURE_KEY).ok_or_else(|| {
        file.invalid(format!(
            "no `{ARCHITECTURE_KEY}` entry in the metadata (PyTorch files need it: see \
             tests/fixtures/torch_mlp.py)"
        ))
    })?;
    let (net, read) = decode(&file, architecture, "")?;
    if file.len() != read {
        return Err(file.invalid(format!(
            "{} tensors, but the architecture has {read}: names {:?}",
            file.len(),
            file.names()
        )));
    }
    Ok(net)
}
