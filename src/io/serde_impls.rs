//! `Serialize`/`Deserialize` for the types that live in files other people edit: activations
//! (`{"name": "leaky_relu", "alpha": 0.01}`) and networks (each layer's kind, settings and
//! tensors). Loading goes through the layers' checked constructors, so a bad document is an
//! error, not a bad network. Network documents written before layers had kinds (each entry a
//! dense layer with `weight`, `bias`, `activation`, `activation_params` and `running_stats`)
//! load too.

use std::collections::BTreeMap;

use ndarray::{ArrayD, ArrayViewD, IxDyn};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::legacy::translate_layer;
use crate::activation::Activation;
use crate::float::Float;
use crate::layer::{load_tensors, restore, Layer, Settings};
use crate::network::Network;

impl Serialize for Activation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut spec = Map::new();
        spec.insert("name".into(), Value::from(self.name()));
        if let Some((key, value)) = self.setting() {
            spec.insert(key.into(), Value::from(value));
        }
        spec.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Activation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spec = Value::deserialize(d)?;
        activation_from_json(&spec).map_err(D::Error::custom)
    }
}

/// An activation from `"relu"` or `{"name": "leaky_relu", "alpha": 0.2}`.
fn activation_from_json(spec: &Value) -> Result<Activation, String> {
    let (name, params) = match spec {
        Value::String(name) => (name.as_str(), None),
        Value::Object(map) => match map.get("name") {
            Some(Value::String(name)) => (name.as_str(), Some(map)),
            _ => return Err(format!("activation {spec} needs a string field `name`")),
        },
        _ => return Err(format!("activation {spec} must be a name or an object")),
    };
    let key = Activation::from_name(name, None)
        .map_err(|e| e.to_string())?
        .setting()
        .map(|(key, _)| key);
    let value = match key.and_then(|k| params.and_then(|m| m.get(k))) {
        None => None,
        Some(v) => Some(
            v.as_f64()
                .ok_or_else(|| format!("{name} setting {v} is not a number"))?,
        ),
    };
    Activation::from_name(name, value).map_err(|e| e.to_string())
}

#[derive(Serialize)]
#[serde(bound = "F: Serialize")]
struct LayerOut<'a, F> {
    kind: &'a str,
    #[serde(flatten)]
    settings: Settings,
    tensors: BTreeMap<&'static str, ArrayViewD<'a, F>>,
}

impl<F: Float> Serialize for Network<F> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(bound = "F: Serialize")]
        struct Doc<'a, F> {
            inputs: usize,
            layers: Vec<LayerOut<'a, F>>,
        }
        let mut layers = Vec::new();
        for layer in self.layers() {
            let mut tensors = BTreeMap::new();
            layer.tensors(&mut |t| {
                if let Ok(view) = ArrayViewD::from_shape(IxDyn(t.shape), t.values) {
                    tensors.insert(t.name, view);
                }
            });
            layers.push(LayerOut {
                kind: layer.kind(),
                settings: layer.settings(),
                tensors,
            });
        }
        Doc {
            inputs: self.inputs(),
            layers,
        }
        .serialize(s)
    }
}

impl<'de, F: Float> Deserialize<'de> for Network<F> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let doc = Value::deserialize(d)?;
        network_from_json(&doc).map_err(D::Error::custom)
    }
}

/// A network from its document, of either version.
fn network_from_json<F: Float>(doc: &Value) -> Result<Network<F>, String> {
    let layers = doc["layers"]
        .as_array()
        .ok_or("a network needs a list of `layers`")?;
    let mut built: Vec<Box<dyn Layer<F>>> = Vec::new();
    let mut inputs = doc["inputs"].as_u64().map(|n| n as usize);
    for (i, entry) in layers.iter().enumerate() {
        let at = |e: String| format!("layer {i}: {e}");
        let new = if entry.get("kind").is_some() {
            let width = inputs.ok_or("a network needs its integer `inputs`")?;
            vec![layer_from_json::<F>(entry, width).map_err(at)?]
        } else {
            legacy_layer::<F>(entry).map_err(at)?
        };
        for layer in new {
            inputs = Some(layer.outputs());
            built.push(layer);
        }
    }
    Network::from_layers(built).map_err(|e| e.to_string())
}

/// A layer from `{"kind": …, <settings>, "tensors": {name: array}}`.
fn layer_from_json<F: Float>(entry: &Value, inputs: usize) -> Result<Box<dyn Layer<F>>, String> {
    let mut settings = entry.as_object().cloned().unwrap_or_default();
    let kind = settings.remove("kind");
    let tensors = settings
        .remove("tensors")
        .unwrap_or(Value::Object(Map::new()));
    let kind = kind
        .as_ref()
        .and_then(Value::as_str)
        .ok_or("`kind` must be a name")?;
    let settings: Settings =
        serde_json::from_value(Value::Object(settings)).map_err(|e| e.to_string())?;
    let tensors: BTreeMap<String, ArrayD<F>> =
        serde_json::from_value(tensors).map_err(|e| e.to_string())?;
    let available = tensors.values().map(ArrayD::len).sum();
    let mut layer = restore::<F>(kind, inputs, &settings, available).map_err(|e| e.to_string())?;
    fill(layer.as_mut(), &tensors)?;
    Ok(layer)
}

/// A layer of the first format: a dense layer, and the layer its activation became.
fn legacy_layer<F: Float>(entry: &Value) -> Result<Vec<Box<dyn Layer<F>>>, String> {
    let array = |key: &str| -> Result<Option<ArrayD<F>>, String> {
        match entry.get(key) {
            None => Ok(None),
            Some(v) => serde_json::from_value(v.clone())
                .map(Some)
                .map_err(|e| format!("{key}: {e}")),
        }
    };
    let weight = array("weight")?.ok_or("a layer needs `kind` (or, as first written, `weight`)")?;
    let (rows, inputs) = match weight.shape() {
        &[rows, inputs] => (rows, inputs),
        other => return Err(format!("weight has shape {other:?}, not (units, inputs)")),
    };
    let spec = entry.get("activation").cloned().unwrap_or(Value::Null);
    let pieces = spec
        .get("pieces")
        .and_then(Value::as_u64)
        .unwrap_or(2)
        .max(1) as usize;
    let is_maxout = spec.get("name").and_then(Value::as_str) == Some("maxout");
    let units = if is_maxout { rows / pieces } else { rows };
    let translated =
        translate_layer(&serde_json::json!({"module": 0, "units": units, "activation": spec}))?;
    let params = array("activation_params")?;
    let running = array("running_stats")?.map(|r| r.into_raw_vec_and_offset().0);
    // Every tensor the layers can take comes from the document, so it bounds their sizes.
    let available = weight.len()
        + params.as_ref().map_or(0, ArrayD::len)
        + running.as_ref().map_or(0, Vec::len);
    let mut layers: Vec<Box<dyn Layer<F>>> = Vec::new();
    let mut width = inputs;
    for record in &translated.records {
        let mut layer = restore::<F>(&record.kind, width, &record.settings, available)
            .map_err(|e| e.to_string())?;
        let mut tensors = BTreeMap::new();
        match record.kind.as_str() {
            "dense" => {
                tensors.insert("weight".to_string(), weight.clone());
                tensors.extend(array("bias")?.map(|b| ("bias".to_string(), b)));
            }
            kind => {
                let slopes = if kind == "dice" { "alpha" } else { "weight" };
                tensors.extend(params.clone().map(|p| (slopes.to_string(), p)));
                if let Some(r) = &running {
                    let half = r.len() / 2;
                    let part = |v: &[F]| ArrayD::from_shape_vec(IxDyn(&[v.len()]), v.to_vec());
                    let (mean, var) = r.split_at(half);
                    tensors.insert(
                        "running_mean".into(),
                        part(mean).map_err(|e| e.to_string())?,
                    );
                    tensors.insert("running_var".into(), part(var).map_err(|e| e.to_string())?);
                }
            }
        }
        tensors.retain(|name, _| has_tensor(layer.as_ref(), name));
        fill(layer.as_mut(), &tensors)?;
        width = layer.outputs();
        layers.push(layer);
    }
    Ok(layers)
}

fn has_tensor<F: Float>(layer: &dyn Layer<F>, name: &str) -> bool {
    let mut found = false;
    layer.tensors(&mut |t| found |= t.name == name);
    found
}

/// Puts `tensors` into `layer`: exactly its tensors, with their shapes, finite.
fn fill<F: Float>(
    layer: &mut dyn Layer<F>,
    tensors: &BTreeMap<String, ArrayD<F>>,
) -> Result<(), String> {
    let mut names = Vec::new();
    layer.tensors(&mut |t| names.push(t.name));
    if names.len() != tensors.len() {
        return Err(format!(
            "{} tensors {:?}, the {} layer has {names:?}",
            tensors.len(),
            tensors.keys().collect::<Vec<_>>(),
            layer.kind()
        ));
    }
    let source = |name: &str, shape: &[usize]| {
        let t = tensors
            .get(name)
            .ok_or_else(|| format!("tensor `{name}` is missing"))?;
        if t.shape() != shape {
            return Err(format!(
                "tensor `{name}` has shape {:?}, the layer needs {shape:?}",
                t.shape()
            ));
        }
        Ok(t.as_standard_layout().iter().copied().collect())
    };
    let invalid = |name: &str, problem: &str| format!("tensor `{name}` {problem}");
    load_tensors(layer, source, invalid).map(|_| ())
}
