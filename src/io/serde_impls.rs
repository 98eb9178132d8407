//! `Serialize`/`Deserialize` for the types that live in files other people edit: activations
//! (as their [`activation_spec`](super::activation_spec) JSON), layers and networks. Loading
//! goes through the checked constructors, so a bad document is an error, not a bad network.

use ndarray::{Array1, Array2};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::activation::{activation_from_spec, activation_spec};
use crate::activation::Activation;
use crate::dense::Dense;
use crate::float::Float;
use crate::network::Network;

impl Serialize for Activation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        activation_spec(self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Activation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spec = serde_json::Value::deserialize(d)?;
        activation_from_spec(&spec).map_err(D::Error::custom)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(bound(serialize = "F: Serialize", deserialize = "F: Deserialize<'de>"))]
struct DenseRepr<F> {
    weight: Array2<F>,
    bias: Array1<F>,
    activation: Activation,
    activation_params: Array1<F>,
    /// Running statistics (Dice); absent in documents that predate them.
    #[serde(default = "Array1::default_empty")]
    running_stats: Array1<F>,
}

trait DefaultEmpty {
    fn default_empty() -> Self;
}

impl<F> DefaultEmpty for Array1<F> {
    fn default_empty() -> Self {
        Array1::from_vec(Vec::new())
    }
}

impl<F: Float + Serialize> Serialize for Dense<F> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        DenseRepr {
            weight: self.weight().to_owned(),
            bias: self.bias().to_owned(),
            activation: self.activation(),
            activation_params: self.activation_params().to_owned(),
            running_stats: self.running_stats().to_owned(),
        }
        .serialize(s)
    }
}

impl<'de, F: Float + Deserialize<'de>> Deserialize<'de> for Dense<F> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = DenseRepr::<F>::deserialize(d)?;
        let mut layer = Dense::new(r.weight, r.bias, r.activation).map_err(D::Error::custom)?;
        if r.activation_params.len() != layer.activation_params().len() {
            return Err(D::Error::custom(format!(
                "{} activation parameters, the {} activation needs {}",
                r.activation_params.len(),
                r.activation.name(),
                layer.activation_params().len()
            )));
        }
        if r.activation_params.iter().any(|v| !v.is_finite()) {
            return Err(D::Error::custom("non-finite activation parameter"));
        }
        layer.activation_params_mut().assign(&r.activation_params);
        let expected = layer.running_stats().len();
        if !r.running_stats.is_empty() || expected > 0 {
            if r.running_stats.len() != expected {
                return Err(D::Error::custom(format!(
                    "{} running statistics, the {} activation needs {}",
                    r.running_stats.len(),
                    r.activation.name(),
                    expected
                )));
            }
            if r.running_stats.iter().any(|v| !v.is_finite()) {
                return Err(D::Error::custom("non-finite running statistic"));
            }
            layer.running_stats_mut().assign(&r.running_stats);
        }
        Ok(layer)
    }
}

impl<F: Float + Serialize> Serialize for Network<F> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(bound = "F: Float + Serialize")]
        struct Repr<'n, F: Float> {
            layers: &'n [Dense<F>],
        }
        Repr {
            layers: self.layers(),
        }
        .serialize(s)
    }
}

impl<'de, F: Float + Deserialize<'de>> Deserialize<'de> for Network<F> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(bound = "F: Float + Deserialize<'de>")]
        struct Repr<F: Float> {
            layers: Vec<Dense<F>>,
        }
        let r = Repr::<F>::deserialize(d)?;
        Network::from_layers(r.layers).map_err(D::Error::custom)
    }
}
