//! The networks the estimators train: an MLP's (shared by the classifier and the regressor)
//! and the single linear layer of the linear models.

use ndarray::{Array1, Array2};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::activation::Activation;
use crate::check;
use crate::error::Result;
use crate::float::Float;
use crate::layer::{Dense, Layer};
use crate::network::Network;

/// `outputs` identity neurons on `inputs` features, from zero weights and biases: the one layer
/// of the linear models (logistic and linear regression, the SVMs). Their objectives are
/// convex, so they need no random start, and from zero the fit depends on the seed only
/// through the order of the mini-batches.
pub(crate) fn linear_network<F: Float>(inputs: usize, outputs: usize) -> Result<Network<F>> {
    check::elements("linear model weights", &[outputs, inputs])?;
    let neurons = Dense::new(
        Array2::zeros((outputs, inputs)),
        Array1::zeros(outputs),
        Activation::Identity,
    )?;
    Network::from_layers(vec![neurons.boxed()])
}

/// The hidden layers of an MLP estimator, as its settings describe them.
pub(crate) struct Hidden<'a> {
    /// Units of each hidden layer, input side first.
    pub sizes: &'a [usize],
    pub activation: Activation,
    /// Batch normalisation between each dense layer and its activation.
    pub batch_norm: bool,
    /// Dropout after each hidden layer, if above 0.
    pub dropout: f64,
}

impl Hidden<'_> {
    /// The untrained network on `inputs` features: the hidden layers, then `outputs` identity
    /// outputs, initialised from `seed`.
    pub fn network<F: Float>(
        &self,
        inputs: usize,
        outputs: usize,
        seed: u64,
    ) -> Result<Network<F>> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut builder = Network::builder(inputs);
        for &units in self.sizes {
            builder = match self.batch_norm {
                true => builder
                    .dense(units, Activation::Identity)
                    .batch_norm()
                    .activation(self.activation),
                false => builder.dense(units, self.activation),
            };
            if self.dropout > 0.0 {
                builder = builder.dropout(self.dropout);
            }
        }
        builder.dense(outputs, Activation::Identity).build(&mut rng)
    }
}
