//! Networks in the safetensors format, named as a PyTorch `nn.Sequential`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use ndarray::{Array1, Array2};
use safetensors::tensor::{Dtype, TensorView};
use safetensors::SafeTensors;
use serde_json::{json, Value};

use super::activation::{activation_from_spec, activation_spec};
use super::{read_file, write_atomically};
use crate::activation::Activation;
use crate::dense::Dense;
use crate::error::{Error, Result};
use crate::float::Float;
use crate::network::Network;

/// The metadata key holding the architecture (JSON).
pub(crate) const ARCHITECTURE_KEY: &str = "ndnet.architecture";
const FORMAT: &str = "safetensors model";

/// Saves `net` to `path` in the safetensors format, atomically.
///
/// The tensors are named as the `state_dict()` of the PyTorch module
/// `nn.Sequential(nn.Linear(..), <activation>, nn.Linear(..), ...)`: each layer is an
/// `nn.Linear` whose `weight` is `(units, inputs)` and `bias` `(units)`, followed by its
/// activation module unless the activation is the identity. For 784-128-10 with ReLU that is
/// `0.weight`, `0.bias`, (`1` = `nn.ReLU`), `2.weight`, `2.bias`. A PReLU's slopes are the
/// `weight` of its `nn.PReLU` module. The element type is `F`'s (`F32` or `F64`).
///
/// The metadata (`__metadata__`) holds `"format": "pt"` and `"ndnet.architecture"`, a JSON
/// object `{"inputs": 784, "layers": [{"module": 0, "units": 128, "activation": {"name":
/// "relu"}}, ...]}`: enough to rebuild the module in PyTorch (`tests/fixtures/torch_mlp.py`
/// does) and to load the file here.
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
/// [`Error::Io`] if the file cannot be written (the target is then left as it was).
pub fn save_safetensors<F: Float>(net: &Network<F>, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let mut tensors = Vec::new();
    let architecture = encode_network(net, "", &mut tensors);
    let mut metadata = HashMap::new();
    metadata.insert("format".to_string(), "pt".to_string());
    metadata.insert(ARCHITECTURE_KEY.to_string(), architecture.to_string());
    let bytes = serialize(path, tensors, metadata)?;
    write_atomically(path, &bytes)
}

/// Loads a network saved by [`save_safetensors`], or by PyTorch with the same names and
/// metadata (see there). An `F32` file loads as `f32` or `f64`; an `F64` file only as `f64`.
///
/// # Errors
/// [`Error::Io`] if the file cannot be read; [`Error::InvalidFile`] for a corrupt or truncated
/// file, missing or malformed architecture metadata, an unknown activation name, a missing,
/// unexpected or wrongly shaped tensor, an element type other than `F32`/`F64`, or a NaN or
/// infinite parameter; [`Error::Incompatible`] for an `F64` file loaded as `f32`.
pub fn load_safetensors<F: Float>(path: impl AsRef<Path>) -> Result<Network<F>> {
    let path = path.as_ref();
    let bytes = read_file(path)?;
    let st = deserialize(path, &bytes, FORMAT)?;
    let (_, meta) = SafeTensors::read_metadata(&bytes).map_err(|e| invalid(path, FORMAT, e))?;
    let metadata = meta.metadata().clone().unwrap_or_default();
    let architecture = metadata.get(ARCHITECTURE_KEY).ok_or_else(|| {
        invalid(
            path,
            FORMAT,
            format!(
                "no `{ARCHITECTURE_KEY}` entry in the metadata (PyTorch files need it: see \
                 tests/fixtures/torch_mlp.py)"
            ),
        )
    })?;
    let net = decode_network(path, FORMAT, &st, architecture, "")?;
    // Weight and bias per layer, plus activation parameters and the two running statistics
    // where the activation has them.
    let expected: usize = net
        .layers()
        .iter()
        .map(|l| {
            2 + usize::from(!l.activation_params().is_empty())
                + 2 * usize::from(!l.running_stats().is_empty())
        })
        .sum();
    if st.len() != expected {
        return Err(invalid(
            path,
            FORMAT,
            format!(
                "{} tensors, but the architecture has {expected}: names {:?}",
                st.len(),
                sorted_names(&st)
            ),
        ));
    }
    Ok(net)
}

fn sorted_names(st: &SafeTensors<'_>) -> Vec<String> {
    let mut names: Vec<String> = st.names().into_iter().map(String::from).collect();
    names.sort();
    names
}

pub(crate) fn invalid(path: &Path, format: &'static str, message: impl ToString) -> Error {
    Error::InvalidFile {
        path: path.to_path_buf(),
        format,
        message: message.to_string(),
    }
}

/// A tensor to write: name, dtype, shape, little-endian bytes.
pub(crate) struct Owned {
    pub name: String,
    pub dtype: Dtype,
    pub shape: Vec<usize>,
    pub bytes: Vec<u8>,
}

/// The little-endian bytes of `values` in `F`'s width, with its dtype.
pub(crate) fn float_bytes<'v, F: Float>(values: impl Iterator<Item = &'v F>) -> (Dtype, Vec<u8>) {
    let wide = F::NAME == "f64";
    let mut bytes = Vec::new();
    for v in values {
        let x = v.to_f64_lossless();
        if wide {
            bytes.extend(x.to_le_bytes());
        } else {
            bytes.extend((x as f32).to_le_bytes());
        }
    }
    (if wide { Dtype::F64 } else { Dtype::F32 }, bytes)
}

/// Appends `net`'s tensors (names prefixed by `prefix`) and returns its architecture JSON.
pub(crate) fn encode_network<F: Float>(
    net: &Network<F>,
    prefix: &str,
    out: &mut Vec<Owned>,
) -> Value {
    let mut module = 0;
    let mut layers = Vec::new();
    for layer in net.layers() {
        let (dtype, bytes) = float_bytes(layer.weight().iter());
        out.push(Owned {
            name: format!("{prefix}{module}.weight"),
            dtype,
            shape: vec![layer.pre_activations(), layer.inputs()],
            bytes,
        });
        let (dtype, bytes) = float_bytes(layer.bias().iter());
        out.push(Owned {
            name: format!("{prefix}{module}.bias"),
            dtype,
            shape: vec![layer.pre_activations()],
            bytes,
        });
        layers.push(json!({
            "module": module,
            "units": layer.units(),
            "activation": activation_spec(&layer.activation()),
        }));
        module += 1;
        if layer.activation() != Activation::Identity {
            let params = layer.activation_params();
            if !params.is_empty() {
                let (dtype, bytes) = float_bytes(params.iter());
                out.push(Owned {
                    name: format!("{prefix}{module}.{}", param_name(layer.activation())),
                    dtype,
                    shape: vec![params.len()],
                    bytes,
                });
            }
            let running = layer.running_stats();
            if !running.is_empty() {
                let units = layer.units();
                for (name, part) in [("running_mean", 0), ("running_var", 1)] {
                    let values = running.slice(ndarray::s![part * units..(part + 1) * units]);
                    let (dtype, bytes) = float_bytes(values.iter());
                    out.push(Owned {
                        name: format!("{prefix}{module}.{name}"),
                        dtype,
                        shape: vec![units],
                        bytes,
                    });
                }
            }
            module += 1;
        }
    }
    json!({ "inputs": net.inputs(), "layers": layers })
}

/// The tensor name of an activation module's learnable parameters: `weight` for PReLU (as
/// PyTorch's `nn.PReLU`), `alpha` for Dice.
fn param_name(activation: Activation) -> &'static str {
    match activation {
        Activation::Dice { .. } => "alpha",
        _ => "weight",
    }
}

/// Serializes tensors and metadata into safetensors bytes.
pub(crate) fn serialize(
    path: &Path,
    tensors: Vec<Owned>,
    metadata: HashMap<String, String>,
) -> Result<Vec<u8>> {
    let mut views = BTreeMap::new();
    for t in &tensors {
        let view = TensorView::new(t.dtype, t.shape.clone(), &t.bytes)
            .map_err(|e| invalid(path, FORMAT, e))?;
        views.insert(t.name.clone(), view);
    }
    safetensors::serialize(views, Some(metadata)).map_err(|e| invalid(path, FORMAT, e))
}

pub(crate) fn deserialize<'b>(
    path: &Path,
    bytes: &'b [u8],
    format: &'static str,
) -> Result<SafeTensors<'b>> {
    SafeTensors::deserialize(bytes).map_err(|e| invalid(path, format, e))
}

/// Reads tensor `name` as `F` values with the given shape.
pub(crate) fn read_floats<F: Float>(
    path: &Path,
    format: &'static str,
    st: &SafeTensors<'_>,
    name: &str,
    shape: &[usize],
) -> Result<Vec<F>> {
    let t = st
        .tensor(name)
        .map_err(|_| invalid(path, format, format!("tensor `{name}` is missing")))?;
    if t.shape() != shape {
        return Err(invalid(
            path,
            format,
            format!(
                "tensor `{name}` has shape {:?}, the architecture needs {shape:?}",
                t.shape()
            ),
        ));
    }
    let data = t.data();
    let values: Vec<F> = match t.dtype() {
        Dtype::F32 => data
            .chunks_exact(4)
            .map(|c| F::from_f64_lossy(f64::from(f32::from_le_bytes([c[0], c[1], c[2], c[3]]))))
            .collect(),
        Dtype::F64 if F::NAME == "f64" => data
            .chunks_exact(8)
            .map(|c| {
                let mut b = [0u8; 8];
                b.copy_from_slice(c);
                F::from_f64_lossy(f64::from_le_bytes(b))
            })
            .collect(),
        Dtype::F64 => {
            return Err(Error::Incompatible {
                path: path.to_path_buf(),
                message: format!(
                    "tensor `{name}` is F64; load the file as f64, not {}",
                    F::NAME
                ),
            })
        }
        other => {
            return Err(invalid(
                path,
                format,
                format!("tensor `{name}` has element type {other:?}; F32 or F64 needed"),
            ))
        }
    };
    Ok(values)
}

/// Rebuilds a network from its architecture JSON and tensors (names prefixed by `prefix`).
pub(crate) fn decode_network<F: Float>(
    path: &Path,
    format: &'static str,
    st: &SafeTensors<'_>,
    architecture: &str,
    prefix: &str,
) -> Result<Network<F>> {
    let bad = |message: String| invalid(path, format, message);
    let arch: Value = serde_json::from_str(architecture)
        .map_err(|e| bad(format!("architecture metadata is not JSON ({e})")))?;
    let mut inputs = arch["inputs"]
        .as_u64()
        .ok_or_else(|| bad("architecture metadata has no integer `inputs`".into()))?
        as usize;
    let specs = arch["layers"]
        .as_array()
        .filter(|l| !l.is_empty())
        .ok_or_else(|| bad("architecture metadata has no list of `layers`".into()))?;
    let mut layers = Vec::with_capacity(specs.len());
    for (i, spec) in specs.iter().enumerate() {
        let (Some(module), Some(units)) = (spec["module"].as_u64(), spec["units"].as_u64()) else {
            return Err(bad(format!(
                "layer {i} lacks an integer `module` or `units`"
            )));
        };
        let units = units as usize;
        let activation = activation_from_spec(&spec["activation"])
            .map_err(|e| bad(format!("layer {i}: {e}")))?;
        let rows = units * activation.pieces();
        let w = read_floats::<F>(
            path,
            format,
            st,
            &format!("{prefix}{module}.weight"),
            &[rows, inputs],
        )?;
        let b = read_floats::<F>(path, format, st, &format!("{prefix}{module}.bias"), &[rows])?;
        let weight = Array2::from_shape_vec((rows, inputs), w).map_err(|e| bad(e.to_string()))?;
        let mut layer = Dense::new(weight, Array1::from(b), activation)
            .map_err(|e| bad(format!("layer {i}: {e}")))?;
        let n_params = activation.n_params(units);
        if n_params > 0 {
            let name = format!("{prefix}{}.{}", module + 1, param_name(activation));
            let p = read_floats::<F>(path, format, st, &name, &[n_params])?;
            if p.iter().any(|v| !v.is_finite()) {
                return Err(bad(format!("tensor `{name}` holds a non-finite value")));
            }
            layer.activation_params_mut().assign(&Array1::from(p));
        }
        if !layer.running_stats().is_empty() {
            let mut values = Vec::with_capacity(2 * units);
            for part in ["running_mean", "running_var"] {
                let name = format!("{prefix}{}.{part}", module + 1);
                let v = read_floats::<F>(path, format, st, &name, &[units])?;
                if v.iter().any(|v| !v.is_finite()) {
                    return Err(bad(format!("tensor `{name}` holds a non-finite value")));
                }
                values.extend(v);
            }
            layer.running_stats_mut().assign(&Array1::from(values));
        }
        inputs = units;
        layers.push(layer);
    }
    Network::from_layers(layers).map_err(|e| bad(e.to_string()))
}
