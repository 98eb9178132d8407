//! A network: an acyclic stack of layers, trained by backpropagation.

mod backprop;
mod builder;
mod forward;
mod gradients;

pub use builder::NetworkBuilder;
pub use gradients::Gradients;

use ndarray::{ArrayView2, ArrayViewD, ArrayViewMutD, IxDyn};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::activation::Activation;
use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;
use crate::layer::{Layer, TensorRef};
use crate::workspace::Workspace;

/// A feed-forward network: layers applied in order, `(batch, inputs) -> (batch, outputs)`.
///
/// The last layer conventionally is a dense layer with the
/// [`Identity`](Activation::Identity) activation and emits scores (logits); losses such as
/// [`SoftmaxCrossEntropy`](crate::loss::SoftmaxCrossEntropy) take those scores directly.
///
/// Its tensors are named as in the `state_dict()` of the PyTorch `nn.Sequential` it stands
/// for: `0.weight`, `0.bias`, `2.weight`, … (see [`tensors`](Network::tensors)).
///
/// ```
/// use ndarray::Array2;
/// use ndnet::{Activation, Network};
/// use rand::SeedableRng;
/// use rand_xoshiro::Xoshiro256PlusPlus;
///
/// let mut rng = Xoshiro256PlusPlus::seed_from_u64(42);
/// let net = Network::<f32>::builder(784)
///     .dense(128, Activation::Relu)
///     .dense(10, Activation::Identity)
///     .build(&mut rng)?;
/// let scores = net.forward(Array2::zeros((32, 784)).view())?;
/// assert_eq!(scores.dim(), (32, 10));
/// assert_eq!(net.tensor("2.bias").map(|b| b.len()), Some(10));
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug)]
pub struct Network<F: Float> {
    layers: Vec<Box<dyn Layer<F>>>,
    /// The input width, then each layer's output width: read on every pass, so kept here
    /// rather than asked of each layer through its trait object.
    widths: Vec<usize>,
    /// Training buffers, reused from batch to batch.
    workspace: Workspace<F>,
    /// The generator of training-mode randomness (dropout masks).
    noise: Xoshiro256PlusPlus,
}

impl<F: Float> Clone for Network<F> {
    fn clone(&self) -> Self {
        Network {
            layers: self.layers.clone(),
            widths: self.widths.clone(),
            workspace: Workspace::new(),
            noise: self.noise.clone(),
        }
    }
}

impl<F: Float> PartialEq for Network<F> {
    fn eq(&self, other: &Self) -> bool {
        self.layers == other.layers
    }
}

impl<F: Float> Network<F> {
    /// A network with layer sizes `sizes` (inputs first), `hidden` on every hidden layer and an
    /// identity output layer, each initialised by [`Init::for_activation`](crate::init::Init::for_activation).
    ///
    /// `Network::new(&[784, 30, 10], Activation::Sigmoid, &mut rng)` is the shape of Nielsen's
    /// `network.py` (which also puts a sigmoid on the output: use the
    /// [builder](Network::builder) for that).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for fewer than two sizes or a zero size.
    pub fn new<R: Rng + ?Sized>(sizes: &[usize], hidden: Activation, rng: &mut R) -> Result<Self> {
        let Some((&inputs, rest)) = sizes.split_first() else {
            return Err(Error::ShapeMismatch {
                context: "Network::new sizes",
                expected: "at least [inputs, outputs]".into(),
                actual: "[]".into(),
            });
        };
        let mut builder = Network::builder(inputs);
        for (i, &units) in rest.iter().enumerate() {
            let last = i + 1 == rest.len();
            builder = builder.dense(units, if last { Activation::Identity } else { hidden });
        }
        builder.build(rng)
    }

    /// Starts a network reading `inputs` features; add layers with
    /// [`dense`](NetworkBuilder::dense) and the others.
    pub fn builder(inputs: usize) -> NetworkBuilder<F> {
        NetworkBuilder::new(inputs)
    }

    /// A network from existing layers ([`Layer::boxed`](crate::layer::Layer::boxed) boxes one).
    ///
    /// # Errors
    /// [`Error::EmptyData`] for no layers; [`Error::ShapeMismatch`] when a layer's inputs differ
    /// from the previous layer's outputs.
    pub fn from_layers(layers: Vec<Box<dyn Layer<F>>>) -> Result<Self> {
        if layers.is_empty() {
            return Err(Error::EmptyData(
                "a network needs at least one layer".into(),
            ));
        }
        for pair in layers.windows(2) {
            if let [before, after] = pair {
                if after.inputs() != before.outputs() {
                    return Err(Error::ShapeMismatch {
                        context: "Network::from_layers",
                        expected: format!("a layer reading {} inputs", before.outputs()),
                        actual: format!(
                            "a {} layer reading {} inputs",
                            after.kind(),
                            after.inputs()
                        ),
                    });
                }
            }
        }
        let first = layers.first().map_or(0, |l| l.inputs());
        let widths = std::iter::once(first)
            .chain(layers.iter().map(|l| l.outputs()))
            .collect();
        Ok(Network {
            layers,
            widths,
            workspace: Workspace::new(),
            noise: Xoshiro256PlusPlus::seed_from_u64(0),
        })
    }

    /// The layers, first to last. [`downcast_ref`](crate::layer::Layer) gives a layer's
    /// concrete type; [`tensor_mut`](Network::tensor_mut) changes values.
    pub fn layers(&self) -> &[Box<dyn Layer<F>>] {
        &self.layers
    }

    /// Number of input features.
    pub fn inputs(&self) -> usize {
        self.widths.first().copied().unwrap_or(0)
    }

    /// Number of outputs (scores) per sample.
    pub fn outputs(&self) -> usize {
        self.widths.last().copied().unwrap_or(0)
    }

    /// Total number of learned values (weights, biases, slopes; not running statistics).
    pub fn n_parameters(&self) -> usize {
        let mut n = 0;
        for layer in &self.layers {
            layer.tensors(&mut |t| {
                if t.role.is_learned() {
                    n += t.values.len();
                }
            });
        }
        n
    }

    /// Every tensor with its network-wide name, `{module}.{name}` as in the `state_dict()` of
    /// the PyTorch `nn.Sequential` the network stands for, in order: learned tensors and
    /// running statistics alike.
    pub fn tensors(&self) -> Vec<(String, TensorRef<'_, F>)> {
        let mut all = Vec::new();
        for (module, layer) in self.modules() {
            layer.tensors(&mut |t| all.push((format!("{module}.{}", t.name), t)));
        }
        all
    }

    /// The tensor called `name` (see [`tensors`](Network::tensors)), with its shape.
    pub fn tensor(&self, name: &str) -> Option<ArrayViewD<'_, F>> {
        let (_, t) = self.tensors().into_iter().find(|(n, _)| n == name)?;
        ArrayViewD::from_shape(IxDyn(t.shape), t.values).ok()
    }

    /// The tensor called `name`, mutably: its values can change, its shape cannot.
    pub fn tensor_mut(&mut self, name: &str) -> Option<ArrayViewMutD<'_, F>> {
        let (index, shape) = self
            .tensors()
            .into_iter()
            .enumerate()
            .find(|(_, (n, _))| n == name)
            .map(|(i, (_, t))| (i, t.shape.to_vec()))?;
        let mut found = None;
        let mut i = 0;
        for layer in &mut self.layers {
            layer.tensors_mut(&mut |t| {
                if i == index {
                    found = Some(t.values);
                }
                i += 1;
            });
        }
        ArrayViewMutD::from_shape(IxDyn(&shape), found?).ok()
    }

    /// Seeds the generator of the randomness of training passes (dropout masks); a new network
    /// starts from seed 0, and a [`Trainer`](crate::train::Trainer) seeds it from its own seed.
    /// Inference is deterministic and does not use it.
    pub fn seed_noise(&mut self, seed: u64) {
        self.noise = Xoshiro256PlusPlus::seed_from_u64(seed);
    }

    /// The generator of training-mode randomness, as a checkpoint saves it.
    pub(crate) fn noise(&self) -> &Xoshiro256PlusPlus {
        &self.noise
    }

    /// Replaces the generator of training-mode randomness (from a checkpoint or a trainer).
    pub(crate) fn set_noise(&mut self, noise: Xoshiro256PlusPlus) {
        self.noise = noise;
    }

    /// The fewest samples every training batch must hold (2 with batch normalisation).
    pub fn min_training_batch(&self) -> usize {
        self.layers
            .iter()
            .map(|l| l.min_training_batch())
            .max()
            .unwrap_or(1)
    }

    /// Each layer with the index of its first PyTorch module.
    pub(crate) fn modules(&self) -> impl Iterator<Item = (usize, &dyn Layer<F>)> {
        self.layers.iter().scan(0, |module, layer| {
            let first = *module;
            *module += layer.torch_modules();
            Some((first, layer.as_ref()))
        })
    }

    /// Checks that `x` is `(batch >= 1, inputs)`. Finiteness is checked by the forward pass
    /// itself.
    pub(crate) fn check_features(&self, x: ArrayView2<'_, F>) -> Result<()> {
        check::not_empty("the batch", x)?;
        check::columns("network input", "batch", x, self.inputs())
    }
}
