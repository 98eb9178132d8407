//! The network ↔ tensor-name mapping, written once for every layer kind: each tensor of a
//! layer is `{prefix}{module}.{name}`, and the architecture (each layer's kind, first module
//! and settings) is JSON in the file's metadata.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::container::{Container, Owned};
use super::legacy;
use crate::error::Result;
use crate::float::Float;
use crate::layer::{load_tensors, restore, Layer, Role, Settings};
use crate::network::Network;

/// The version of the architecture format [`encode`] writes. Version 1 (no `version` key) had
/// one entry per dense layer with its activation; [`legacy`] reads it.
const VERSION: u64 = 2;

/// The architecture: the input width and one record per layer.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Architecture {
    pub version: u64,
    pub inputs: usize,
    pub layers: Vec<Record>,
}

/// One layer: its kind, its first PyTorch module, its settings.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Record {
    pub kind: String,
    pub module: usize,
    #[serde(flatten)]
    pub settings: Settings,
}

/// Appends `net`'s tensors, named `{prefix}{module}.{name}`, to `out` and returns its
/// architecture as JSON.
pub(crate) fn encode<F: Float>(net: &Network<F>, prefix: &str, out: &mut Vec<Owned>) -> String {
    let mut layers = Vec::new();
    for (module, layer) in net.modules() {
        layer.tensors(&mut |t| {
            let name = format!("{prefix}{module}.{}", t.name);
            out.push(match t.role {
                Role::Count => Owned::counts(name, t.shape.to_vec(), t.values),
                _ => Owned::floats(name, t.shape.to_vec(), t.values),
            });
        });
        layers.push(Record {
            kind: layer.kind().to_string(),
            module,
            settings: layer.settings(),
        });
    }
    let architecture = Architecture {
        version: VERSION,
        inputs: net.inputs(),
        layers,
    };
    serde_json::to_string(&architecture).unwrap_or_default()
}

/// Parses an architecture of either version.
pub(crate) fn parse(file: &Container<'_>, architecture: &str) -> Result<Architecture> {
    let json: Value = serde_json::from_str(architecture)
        .map_err(|e| file.invalid(format!("architecture metadata is not JSON ({e})")))?;
    if json.get("version").is_none() {
        return legacy::translate(&json).map_err(|m| file.invalid(m));
    }
    let architecture: Architecture = serde_json::from_value(json)
        .map_err(|e| file.invalid(format!("malformed architecture metadata ({e})")))?;
    if architecture.version != VERSION {
        return Err(file.invalid(format!(
            "architecture version {} (this ndnet reads 1 and {VERSION})",
            architecture.version
        )));
    }
    Ok(architecture)
}

/// Rebuilds a network from its architecture JSON and the tensors named under `prefix`.
/// Returns it with the number of tensors it read.
///
/// # Errors
/// [`Error::InvalidFile`](crate::Error::InvalidFile) for a malformed architecture, an unknown
/// layer kind or setting, a missing or wrongly shaped tensor, or a NaN or infinite value;
/// [`Error::Incompatible`](crate::Error::Incompatible) for `F64` tensors read as `f32`.
pub(crate) fn decode<F: Float>(
    file: &Container<'_>,
    architecture: &str,
    prefix: &str,
) -> Result<(Network<F>, usize)> {
    let architecture = parse(file, architecture)?;
    if architecture.layers.is_empty() {
        return Err(file.invalid("the architecture has no layers"));
    }
    let mut inputs = architecture.inputs;
    let mut module = 0;
    let mut read = 0;
    let mut layers = Vec::with_capacity(architecture.layers.len());
    for (i, record) in architecture.layers.iter().enumerate() {
        if record.module != module {
            return Err(file.invalid(format!(
                "layer {i} is module {}, but the layers before it end at module {module}",
                record.module
            )));
        }
        let mut layer = restore::<F>(&record.kind, inputs, &record.settings, file.elements())
            .map_err(|e| file.invalid(format!("layer {i}: {e}")))?;
        read += fill(file, layer.as_mut(), &format!("{prefix}{module}."))?;
        inputs = layer.outputs();
        module += layer.torch_modules();
        layers.push(layer);
    }
    let net = Network::from_layers(layers).map_err(|e| file.invalid(e))?;
    Ok((net, read))
}

/// Reads every tensor of `layer` from `{prefix}{name}` into it; returns how many.
fn fill<F: Float>(file: &Container<'_>, layer: &mut dyn Layer<F>, prefix: &str) -> Result<usize> {
    load_tensors(
        layer,
        |name, shape| file.floats::<F>(&format!("{prefix}{name}"), shape),
        |name, problem| file.invalid(format!("tensor `{prefix}{name}` {problem}")),
    )
}
