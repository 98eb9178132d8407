//! The architecture format of ndnet before layers had kinds (version 1): one entry per dense
//! layer, `{"module": m, "units": u, "activation": {"name": …, …}}`, where four activations
//! have since become layers of their own. A version-1 file's tensors already have the names
//! the translated layers expect (`{m}.weight` and `{m}.bias` for the dense layer, `{m+1}.weight`
//! for PReLU slopes, `{m+1}.alpha`, `.running_mean`, `.running_var` for Dice), so reading one is
//! translating its architecture.

use serde_json::{Map, Value};

use super::network::{Architecture, Record};
use crate::activation::Activation;
use crate::layer::Settings;

/// Version 1's layer `i`, translated: its records, and the new names of what it called its
/// `weight`, `bias` and `activation` parameters (for the velocities of version-1 checkpoints).
pub(crate) struct Translated {
    pub records: Vec<Record>,
    pub names: [Option<String>; 3],
}

/// The version-2 architecture of a version-1 one.
pub(crate) fn translate(json: &Value) -> Result<Architecture, String> {
    let inputs = json["inputs"]
        .as_u64()
        .ok_or("architecture metadata has no integer `inputs`")? as usize;
    let specs = json["layers"]
        .as_array()
        .filter(|l| !l.is_empty())
        .ok_or("architecture metadata has no list of `layers`")?;
    let mut layers = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        layers.extend(
            translate_layer(spec)
                .map_err(|e| format!("layer {i}: {e}"))?
                .records,
        );
    }
    Ok(Architecture {
        version: 2,
        inputs,
        layers,
    })
}

/// The new names of each version-1 layer's parameters, in order.
pub(crate) fn parameter_names(json: &Value) -> Result<Vec<[Option<String>; 3]>, String> {
    let specs = json["layers"].as_array().ok_or("no list of `layers`")?;
    specs
        .iter()
        .map(|spec| translate_layer(spec).map(|t| t.names))
        .collect()
}

/// One version-1 entry: a dense layer, and the layer its activation became, if any.
pub(crate) fn translate_layer(spec: &Value) -> Result<Translated, String> {
    let (Some(module), Some(units)) = (spec["module"].as_u64(), spec["units"].as_u64()) else {
        return Err("lacks an integer `module` or `units`".into());
    };
    let (module, units) = (module as usize, units as usize);
    let (name, params) = activation_parts(&spec["activation"])?;
    let number = |key: &str, default: f64| number(params, name, key, default);
    let identity = |units| dense(module, units, Activation::Identity);
    let next = module + 1;
    let (records, companion) = match name {
        "prelu" => {
            let shared = params
                .and_then(|m| m.get("shared"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let prelu = record("prelu", next, Settings::new().flag("shared", shared));
            (vec![identity(units), prelu], Some("weight"))
        }
        "dice" => {
            let settings = Settings::new()
                .number("epsilon", number("epsilon", 1e-8)?)
                .number("momentum", number("momentum", 0.1)?);
            (
                vec![identity(units), record("dice", next, settings)],
                Some("alpha"),
            )
        }
        "maxout" => {
            let pieces = number("pieces", 2.0)?;
            if pieces.fract() != 0.0 || !(1.0..=1e6).contains(&pieces) {
                return Err(format!(
                    "maxout.pieces = {pieces} must be a whole number >= 1"
                ));
            }
            let pieces = pieces as usize;
            let rows = units
                .checked_mul(pieces)
                .ok_or("maxout: units · pieces does not fit in memory")?;
            let maxout = record("maxout", next, Settings::new().count("pieces", pieces));
            (vec![identity(rows), maxout], None)
        }
        "softmax" => (
            vec![identity(units), record("softmax", next, Settings::new())],
            None,
        ),
        _ => {
            let key = Activation::from_name(name, None)
                .map_err(|e| e.to_string())?
                .setting();
            let value = match key {
                Some((key, default)) => Some(number(key, default)?),
                None => None,
            };
            let activation = Activation::from_name(name, value).map_err(|e| e.to_string())?;
            (vec![dense(module, units, activation)], None)
        }
    };
    let names = [
        Some(format!("{module}.weight")),
        Some(format!("{module}.bias")),
        companion.map(|n| format!("{next}.{n}")),
    ];
    Ok(Translated { records, names })
}

/// A version-1 activation's parameters, beside its name.
type Params<'a> = Option<&'a Map<String, Value>>;

/// The name and parameters of a version-1 activation: `"relu"` or `{"name": "relu", …}`.
fn activation_parts(spec: &Value) -> Result<(&str, Params<'_>), String> {
    match spec {
        Value::String(name) => Ok((name.as_str(), None)),
        Value::Object(map) => match map.get("name") {
            Some(Value::String(name)) => Ok((name.as_str(), Some(map))),
            _ => Err(format!("activation {spec} needs a string `name`")),
        },
        _ => Err(format!("activation {spec} must be a name or an object")),
    }
}

/// A dense layer's record.
fn dense(module: usize, units: usize, activation: Activation) -> Record {
    let settings = Settings::new()
        .count("units", units)
        .text("activation", activation.name());
    let settings = match activation.setting() {
        Some((key, value)) => settings.number(key, value),
        None => settings,
    };
    record("dense", module, settings)
}

fn record(kind: &str, module: usize, settings: Settings) -> Record {
    Record {
        kind: kind.into(),
        module,
        settings,
    }
}

/// The number `key` of an activation's parameters, or `default` when it is absent.
fn number(params: Params<'_>, name: &str, key: &str, default: f64) -> Result<f64, String> {
    match params.and_then(|m| m.get(key)) {
        None => Ok(default),
        Some(v) => v
            .as_f64()
            .ok_or_else(|| format!("{name}.{key} = {v} must be a number")),
    }
}
