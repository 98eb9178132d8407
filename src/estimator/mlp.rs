//! The network an MLP estimator trains, shared by the classifier and the regressor.

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::activation::Activation;
use crate::error::Result;
use crate::float::Float;
use crate::network::Network;

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
