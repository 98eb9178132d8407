//! Rebuilding a layer from its kind and settings, as model files store it.

use super::{Dense, Dice, Layer, Maxout, PRelu, Settings, Softmax};
use crate::error::{Error, Result};
use crate::float::Float;

/// The layer of `kind` reading `inputs` columns, built from its `settings` with its tensors at
/// their initial values (the caller fills them in from the file). This match is the one list
/// of the kinds ndnet can load.
///
/// # Errors
/// [`Error::InvalidHyperparameter`] for an unknown kind or a bad setting; the layer's
/// constructor's errors.
pub(crate) fn restore<F: Float>(
    kind: &str,
    inputs: usize,
    settings: &Settings,
) -> Result<Box<dyn Layer<F>>> {
    Ok(match kind {
        "dense" => Box::new(Dense::<F>::from_settings(inputs, settings)?),
        "prelu" => Box::new(PRelu::<F>::from_settings(inputs, settings)?),
        "dice" => Box::new(Dice::<F>::from_settings(inputs, settings)?),
        "maxout" => Box::new(Maxout::from_settings(inputs, settings)?),
        "softmax" => Box::new(Softmax::from_settings(inputs, settings)?),
        other => {
            return Err(Error::InvalidHyperparameter {
                name: "layer kind",
                value: other.to_string(),
                reason: "unknown layer kind (dense, prelu, dice, maxout, softmax)",
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Activation;

    #[test]
    fn every_kind_comes_back_from_its_kind_and_settings() {
        let layers: Vec<Box<dyn Layer<f64>>> = vec![
            Box::new(
                Dense::new(
                    ndarray::Array2::zeros((3, 4)),
                    ndarray::Array1::zeros(3),
                    Activation::LeakyRelu { alpha: 0.2 },
                )
                .unwrap(),
            ),
            Box::new(PRelu::new(4, 0.25).unwrap()),
            Box::new(PRelu::shared(4, 0.25).unwrap()),
            Box::new(Dice::with_settings(4, 1e-5, 0.2).unwrap()),
            Box::new(Maxout::new(2, 2).unwrap()),
            Box::new(Softmax::new(4).unwrap()),
        ];
        for layer in layers {
            let back = restore::<f64>(layer.kind(), layer.inputs(), &layer.settings()).unwrap();
            assert!(*back == *layer, "{} did not come back", layer.kind());
        }
        assert!(restore::<f32>("conv", 3, &Settings::new()).is_err());
    }
}
