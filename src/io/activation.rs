//! Activations as JSON: `{"name": "leaky_relu", "alpha": 0.01}`, as stored in model files.

use serde_json::{json, Map, Value};

use crate::activation::Activation;
use crate::error::{Error, Result};

/// An activation as a JSON object: its [`name`](Activation::name) plus its parameters.
///
/// ```
/// use ndnet::io::{activation_from_spec, activation_spec};
/// use ndnet::Activation;
///
/// let spec = activation_spec(&Activation::LeakyRelu { alpha: 0.2 });
/// assert_eq!(spec.to_string(), r#"{"alpha":0.2,"name":"leaky_relu"}"#);
/// assert_eq!(activation_from_spec(&spec)?, Activation::LeakyRelu { alpha: 0.2 });
/// # Ok::<(), ndnet::Error>(())
/// ```
pub fn activation_spec(activation: &Activation) -> Value {
    let mut spec = Map::new();
    spec.insert("name".into(), json!(activation.name()));
    match *activation {
        Activation::Linear { slope } => {
            spec.insert("slope".into(), json!(slope));
        }
        Activation::LeakyRelu { alpha } | Activation::Elu { alpha } => {
            spec.insert("alpha".into(), json!(alpha));
        }
        Activation::PRelu { init, shared } => {
            spec.insert("init".into(), json!(init));
            spec.insert("shared".into(), json!(shared));
        }
        Activation::Dice { epsilon, momentum } => {
            spec.insert("epsilon".into(), json!(epsilon));
            spec.insert("momentum".into(), json!(momentum));
        }
        Activation::Maxout { pieces } => {
            spec.insert("pieces".into(), json!(pieces));
        }
        _ => {}
    }
    Value::Object(spec)
}

/// Parses an activation from its JSON form (see [`activation_spec`]). A bare string such as
/// `"relu"` is accepted for activations without parameters; missing parameters take the usual
/// defaults (leaky slope 0.01, ELU α 1, PReLU init 0.25 with one slope per unit, Dice
/// `ε = 1e-8` and momentum 0.1, maxout 2 pieces).
///
/// # Errors
/// [`Error::InvalidHyperparameter`] naming the unknown name or the bad parameter.
pub fn activation_from_spec(spec: &Value) -> Result<Activation> {
    let bad = |value: String, reason| Error::InvalidHyperparameter {
        name: "activation",
        value,
        reason,
    };
    let (name, params) = match spec {
        Value::String(name) => (name.as_str(), None),
        Value::Object(map) => match map.get("name") {
            Some(Value::String(name)) => (name.as_str(), Some(map)),
            _ => return Err(bad(spec.to_string(), "needs a string field `name`")),
        },
        _ => {
            return Err(bad(
                spec.to_string(),
                "must be a name or an object with `name`",
            ))
        }
    };
    let number = |key: &str, default: f64| -> Result<f64> {
        match params.and_then(|m| m.get(key)) {
            None => Ok(default),
            Some(v) => v
                .as_f64()
                .ok_or_else(|| bad(format!("{name}.{key} = {v}"), "must be a number")),
        }
    };
    let activation = match name {
        "identity" => Activation::Identity,
        "linear" => Activation::Linear {
            slope: number("slope", 1.0)?,
        },
        "step" => Activation::Step,
        "sigmoid" => Activation::Sigmoid,
        "tanh" => Activation::Tanh,
        "relu" => Activation::Relu,
        "leaky_relu" => Activation::LeakyRelu {
            alpha: number("alpha", 0.01)?,
        },
        "elu" => Activation::Elu {
            alpha: number("alpha", 1.0)?,
        },
        "selu" => Activation::Selu,
        "softplus" => Activation::Softplus,
        "prelu" => Activation::PRelu {
            init: number("init", 0.25)?,
            shared: params
                .and_then(|m| m.get("shared"))
                .and_then(Value::as_bool)
                .unwrap_or(false),
        },
        "dice" => Activation::Dice {
            epsilon: number("epsilon", 1e-8)?,
            momentum: number("momentum", 0.1)?,
        },
        "maxout" => {
            let pieces = number("pieces", 2.0)?;
            if pieces.fract() != 0.0 || !(1.0..=1e6).contains(&pieces) {
                return Err(bad(
                    format!("maxout.pieces = {pieces}"),
                    "must be a whole number >= 1",
                ));
            }
            Activation::Maxout {
                pieces: pieces as usize,
            }
        }
        "softmax" => Activation::Softmax,
        other => return Err(bad(other.to_string(), "unknown activation name")),
    };
    activation.validate()?;
    Ok(activation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_activation_round_trips() {
        for a in [
            Activation::Identity,
            Activation::Linear { slope: -2.5 },
            Activation::Step,
            Activation::Sigmoid,
            Activation::Tanh,
            Activation::Relu,
            Activation::leaky_relu(),
            Activation::Elu { alpha: 0.5 },
            Activation::Selu,
            Activation::Softplus,
            Activation::PRelu {
                init: 0.1,
                shared: true,
            },
            Activation::Dice {
                epsilon: 1e-5,
                momentum: 0.2,
            },
            Activation::Maxout { pieces: 4 },
            Activation::Softmax,
        ] {
            let spec = activation_spec(&a);
            assert_eq!(spec["name"], a.name());
            assert_eq!(activation_from_spec(&spec).unwrap(), a);
        }
        assert_eq!(
            activation_from_spec(&json!("relu")).unwrap(),
            Activation::Relu
        );
        assert!(activation_from_spec(&json!("swish")).is_err());
        assert!(activation_from_spec(&json!({"name": "elu", "alpha": "x"})).is_err());
        assert!(activation_from_spec(&json!({"name": "elu", "alpha": -1.0})).is_err());
        assert!(activation_from_spec(&json!(3)).is_err());
        assert!(activation_from_spec(&json!({"name": "maxout", "pieces": 1.5})).is_err());
        assert!(activation_from_spec(&json!({"name": "maxout", "pieces": 0})).is_err());
    }
}
