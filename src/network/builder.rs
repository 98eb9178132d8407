//! Building a network layer by layer.

use std::fmt;

use rand::Rng;

use super::Network;
use crate::activation::Activation;
use crate::error::{Error, Result};
use crate::float::Float;
use crate::init::Init;
use crate::layer::{Activate, BatchNorm, Dense, Dice, Dropout, Layer, Maxout, PRelu, Softmax};

/// A layer that is made once the width before it is known.
type MakeLayer<F> = Box<dyn FnOnce(usize) -> Result<Box<dyn Layer<F>>>>;

/// One step of the builder.
enum Step<F: Float> {
    Dense {
        units: usize,
        activation: Activation,
        init: Option<Init>,
    },
    Layer {
        make: MakeLayer<F>,
        /// A rectifier such as PReLU: the dense layer before it is initialised with He.
        rectifier: bool,
    },
}

/// Builds a [`Network`] layer by layer; see [`Network::builder`].
///
/// ```
/// use ndnet::{Activation, Network};
/// use rand::SeedableRng;
///
/// let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(0);
/// let net = Network::<f32>::builder(20)
///     .dense(16, Activation::Identity)
///     .prelu()                                // 16 learned slopes
///     .maxout(8, 3)                           // a dense layer of 24 units, then the maximum of each 3
///     .dense(4, Activation::Identity)
///     .build(&mut rng)?;
/// let kinds: Vec<_> = net.layers().iter().map(|l| l.kind()).collect();
/// assert_eq!(kinds, ["dense", "prelu", "dense", "maxout", "dense"]);
/// # Ok::<(), ndnet::Error>(())
/// ```
pub struct NetworkBuilder<F: Float> {
    inputs: usize,
    steps: Vec<Step<F>>,
    default_init: Option<Init>,
}

impl<F: Float> fmt::Debug for NetworkBuilder<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NetworkBuilder")
            .field("inputs", &self.inputs)
            .field("steps", &self.steps.len())
            .field("default_init", &self.default_init)
            .finish()
    }
}

impl<F: Float> NetworkBuilder<F> {
    pub(super) fn new(inputs: usize) -> Self {
        NetworkBuilder {
            inputs,
            steps: Vec::new(),
            default_init: None,
        }
    }

    /// Adds a dense layer of `units` units, initialised by the scheme set with
    /// [`init`](NetworkBuilder::init), or else [`Init::for_activation`] (He when the activation
    /// is the identity and a [`prelu`](NetworkBuilder::prelu) follows).
    pub fn dense(mut self, units: usize, activation: Activation) -> Self {
        self.steps.push(Step::Dense {
            units,
            activation,
            init: None,
        });
        self
    }

    /// Adds a dense layer with an explicit initialisation scheme.
    pub fn dense_with_init(mut self, units: usize, activation: Activation, init: Init) -> Self {
        self.steps.push(Step::Dense {
            units,
            activation,
            init: Some(init),
        });
        self
    }

    /// Sets the initialisation of every dense layer added without an explicit one.
    pub fn init(mut self, init: Init) -> Self {
        self.default_init = Some(init);
        self
    }

    /// Adds a [`PRelu`] with one slope per unit, starting at 0.25 as in He et al. 2015.
    pub fn prelu(self) -> Self {
        self.prelu_with(0.25, false)
    }

    /// Adds a [`PRelu`] whose slopes start at `init`, one per unit or one `shared` by all.
    pub fn prelu_with(mut self, init: f64, shared: bool) -> Self {
        self.steps.push(Step::Layer {
            make: Box::new(move |units| {
                let prelu = if shared {
                    PRelu::<F>::shared(units, init)?
                } else {
                    PRelu::<F>::new(units, init)?
                };
                Ok(Box::new(prelu))
            }),
            rectifier: true,
        });
        self
    }

    /// Adds a [`Dice`] with the paper's `ε = 1e-8` and momentum 0.1.
    pub fn dice(self) -> Self {
        self.layer(|units| Dice::<F>::new(units))
    }

    /// Adds a maxout layer of `units` units with `pieces` pieces each: a dense layer of
    /// `units · pieces` units with the identity activation, then [`Maxout`].
    pub fn maxout(mut self, units: usize, pieces: usize) -> Self {
        if let Some(rows) = units.checked_mul(pieces) {
            self = self.dense(rows, Activation::Identity);
        }
        self.layer(move |_| Maxout::new(units, pieces))
    }

    /// Adds a [`Softmax`] over the outputs so far.
    pub fn softmax(self) -> Self {
        self.layer(Softmax::new)
    }

    /// Adds `activation` as a layer of its own (see [`Activate`]), for after a batch norm.
    pub fn activation(self, activation: Activation) -> Self {
        self.layer(move |units| Activate::new(units, activation))
    }

    /// Adds inverted dropout of probability `p` in `[0, 1)` (see [`Dropout`]), usually after a
    /// hidden layer's activation.
    pub fn dropout(self, p: f64) -> Self {
        self.layer(move |units| Dropout::new(units, p))
    }

    /// Adds batch normalisation with PyTorch's defaults (see [`BatchNorm`]): between a dense
    /// layer with the identity activation and an [`activation`](NetworkBuilder::activation)
    /// layer (`Linear → BatchNorm1d → ReLU`), or after a dense layer's activation.
    pub fn batch_norm(self) -> Self {
        self.layer(BatchNorm::<F>::new)
    }

    /// Adds batch normalisation with `eps` and `momentum` (see
    /// [`BatchNorm::with_settings`]).
    pub fn batch_norm_with(self, eps: f64, momentum: f64) -> Self {
        self.layer(move |units| BatchNorm::<F>::with_settings(units, eps, momentum))
    }

    /// Adds the layer that `make` builds from the width before it.
    pub fn layer<L: Layer<F>>(mut self, make: impl FnOnce(usize) -> Result<L> + 'static) -> Self {
        self.steps.push(Step::Layer {
            make: Box::new(move |inputs| Ok(Box::new(make(inputs)?))),
            rectifier: false,
        });
        self
    }

    /// Draws the weights from `rng` and builds the network.
    ///
    /// # Errors
    /// [`Error::EmptyData`] for no layers; [`Error::ShapeMismatch`] for zero inputs or units,
    /// or a layer that does not read the width before it; [`Error::InvalidHyperparameter`]
    /// for an invalid activation or layer setting.
    pub fn build<R: Rng + ?Sized>(self, rng: &mut R) -> Result<Network<F>> {
        let rectifier_after: Vec<bool> = self
            .steps
            .iter()
            .skip(1)
            .map(|s| {
                matches!(
                    s,
                    Step::Layer {
                        rectifier: true,
                        ..
                    }
                )
            })
            .chain([false])
            .collect();
        let mut layers: Vec<Box<dyn Layer<F>>> = Vec::with_capacity(self.steps.len());
        let mut width = self.inputs;
        for (step, rectifier_next) in self.steps.into_iter().zip(rectifier_after) {
            let layer: Box<dyn Layer<F>> = match step {
                Step::Dense {
                    units,
                    activation,
                    init,
                } => {
                    let init = init.or(self.default_init).unwrap_or({
                        if rectifier_next && activation == Activation::Identity {
                            Init::He
                        } else {
                            Init::for_activation(activation)
                        }
                    });
                    Box::new(Dense::random(width, units, activation, init, rng)?)
                }
                Step::Layer { make, .. } => make(width)?,
            };
            if layer.inputs() != width {
                return Err(Error::ShapeMismatch {
                    context: "NetworkBuilder",
                    expected: format!("a layer reading {width} inputs"),
                    actual: format!("a {} layer reading {}", layer.kind(), layer.inputs()),
                });
            }
            width = layer.outputs();
            layers.push(layer);
        }
        Network::from_layers(layers)
    }
}
