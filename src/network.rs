//! A network: an acyclic stack of dense layers, trained by backpropagation.

use std::marker::PhantomData;

use ndarray::{Array2, ArrayView2, ArrayViewMut2};
use rand::Rng;

use crate::activation::{Activation, Mode};
use crate::dense::{Cache, Dense, DenseGradients};
use crate::error::{shape2, Error, Result};
use crate::float::{all_finite, check_finite, Float};
use crate::init::Init;
use crate::loss::{Loss, Targets};
use crate::regularization::Regularizer;
use crate::workspace::{view, view_mut, Workspace};

/// A feed-forward network: dense layers applied in order, `(batch, inputs) -> (batch, outputs)`.
///
/// The last layer conventionally has the [`Identity`](Activation::Identity) activation and
/// emits scores (logits); losses such as
/// [`SoftmaxCrossEntropy`](crate::loss::SoftmaxCrossEntropy) take those scores directly.
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
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug)]
pub struct Network<F: Float> {
    layers: Vec<Dense<F>>,
    /// Training buffers, reused from batch to batch.
    workspace: Workspace<F>,
}

impl<F: Float> Clone for Network<F> {
    fn clone(&self) -> Self {
        Network {
            layers: self.layers.clone(),
            workspace: Workspace::new(),
        }
    }
}

impl<F: Float> PartialEq for Network<F> {
    fn eq(&self, other: &Self) -> bool {
        self.layers == other.layers
    }
}

/// The gradient of a loss with respect to every parameter of a [`Network`], layer by layer.
///
/// Make one with [`Network::zero_gradients`] and reuse it: [`Network::compute_gradients`]
/// overwrites it.
#[derive(Debug, Clone, PartialEq)]
pub struct Gradients<F: Float> {
    layers: Vec<DenseGradients<F>>,
}

impl<F: Float> Gradients<F> {
    /// The gradients of each layer, first to last.
    pub fn layers(&self) -> &[DenseGradients<F>] {
        &self.layers
    }

    /// Mutable gradients of each layer.
    pub fn layers_mut(&mut self) -> &mut [DenseGradients<F>] {
        &mut self.layers
    }

    /// Checks that these gradients have the shapes of `net`'s parameters.
    pub(crate) fn check_matches(&self, net: &Network<F>) -> Result<()> {
        let same = self.layers.len() == net.layers.len()
            && self.layers.iter().zip(&net.layers).all(|(g, l)| {
                g.weight.dim() == l.weight().dim()
                    && g.bias.len() == l.bias().len()
                    && g.activation.len() == l.activation_params().len()
            });
        if same {
            Ok(())
        } else {
            Err(Error::ShapeMismatch {
                context: "gradients",
                expected: "gradients made by this network's zero_gradients()".into(),
                actual: "gradients of a differently shaped network".into(),
            })
        }
    }
}

impl<F: Float> Network<F> {
    /// A network with layer sizes `sizes` (inputs first), `hidden` on every hidden layer and an
    /// identity output layer, each initialised by [`Init::for_activation`].
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
    /// [`dense`](NetworkBuilder::dense).
    pub fn builder(inputs: usize) -> NetworkBuilder<F> {
        NetworkBuilder {
            inputs,
            layers: Vec::new(),
            default_init: None,
            _float: PhantomData,
        }
    }

    /// A network from existing layers.
    ///
    /// # Errors
    /// [`Error::EmptyData`] for no layers; [`Error::ShapeMismatch`] when a layer's inputs differ
    /// from the previous layer's units.
    pub fn from_layers(layers: Vec<Dense<F>>) -> Result<Self> {
        if layers.is_empty() {
            return Err(Error::EmptyData(
                "a network needs at least one layer".into(),
            ));
        }
        for pair in layers.windows(2) {
            if pair[1].inputs() != pair[0].units() {
                return Err(Error::ShapeMismatch {
                    context: "Network::from_layers",
                    expected: format!("a layer reading {} inputs", pair[0].units()),
                    actual: format!("a layer reading {} inputs", pair[1].inputs()),
                });
            }
        }
        Ok(Network {
            layers,
            workspace: Workspace::new(),
        })
    }

    /// The layers, first to last.
    pub fn layers(&self) -> &[Dense<F>] {
        &self.layers
    }

    /// Mutable layers (their shapes cannot change through this).
    pub fn layers_mut(&mut self) -> &mut [Dense<F>] {
        &mut self.layers
    }

    /// Number of input features.
    pub fn inputs(&self) -> usize {
        self.layers.first().map_or(0, Dense::inputs)
    }

    /// Number of outputs (scores) per sample.
    pub fn outputs(&self) -> usize {
        self.layers.last().map_or(0, Dense::units)
    }

    /// Total number of learnable parameters.
    pub fn n_parameters(&self) -> usize {
        self.layers.iter().map(Dense::n_parameters).sum()
    }

    /// Inference: the scores for a batch, `(batch, inputs) -> (batch, outputs)`.
    ///
    /// Allocates its result and intermediates; for repeated calls use
    /// [`forward_with`](Network::forward_with).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for the wrong number of columns; [`Error::NonFinite`] for a NaN
    /// or infinite feature.
    pub fn forward(&self, x: ArrayView2<'_, F>) -> Result<Array2<F>> {
        let mut ws = Workspace::new();
        Ok(self.forward_with(x, &mut ws)?.to_owned())
    }

    /// Inference into a caller-kept [`Workspace`]: returns a view of the scores inside it.
    /// After the first call with the largest batch, this allocates nothing.
    ///
    /// # Errors
    /// As [`forward`](Network::forward).
    pub fn forward_with<'w>(
        &self,
        x: ArrayView2<'_, F>,
        ws: &'w mut Workspace<F>,
    ) -> Result<ArrayView2<'w, F>> {
        self.check_features(x)?;
        run_forward_checked(&self.layers, ws, x, Mode::Inference)?;
        let last = &ws.layers[self.layers.len() - 1];
        Ok(view(&last.a, x.nrows(), self.outputs()))
    }

    /// Inference keeping every layer's output: element `i` is layer `i`'s activations
    /// `(batch, units_i)`, the last one being the scores. For inspecting hidden layers (see
    /// [`diagnostics`](crate::diagnostics)).
    ///
    /// # Errors
    /// As [`forward`](Network::forward).
    pub fn layer_outputs(&self, x: ArrayView2<'_, F>) -> Result<Vec<Array2<F>>> {
        self.check_features(x)?;
        let mut ws = Workspace::new();
        run_forward_checked(&self.layers, &mut ws, x, Mode::Inference)?;
        Ok(self
            .layers
            .iter()
            .zip(&ws.layers)
            .map(|(layer, buf)| view(&buf.a, x.nrows(), layer.units()).to_owned())
            .collect())
    }

    /// Inference writing the scores into `out` (`(batch, outputs)`), using `ws` for
    /// intermediates: no allocation once `ws` has seen the batch size.
    ///
    /// # Errors
    /// As [`forward`](Network::forward), and [`Error::ShapeMismatch`] for a wrongly shaped `out`.
    pub fn forward_into(
        &self,
        x: ArrayView2<'_, F>,
        ws: &mut Workspace<F>,
        mut out: ArrayViewMut2<'_, F>,
    ) -> Result<()> {
        if out.dim() != (x.nrows(), self.outputs()) {
            return Err(Error::ShapeMismatch {
                context: "forward_into output",
                expected: shape2(x.nrows(), self.outputs()),
                actual: shape2(out.nrows(), out.ncols()),
            });
        }
        let scores = self.forward_with(x, ws)?;
        out.assign(&scores);
        Ok(())
    }

    /// Zero gradients shaped like this network's parameters, to pass to
    /// [`compute_gradients`](Network::compute_gradients).
    pub fn zero_gradients(&self) -> Gradients<F> {
        Gradients {
            layers: self.layers.iter().map(DenseGradients::zeros_like).collect(),
        }
    }

    /// Forward and backward on a batch: returns the batch-mean loss plus the penalty, and
    /// overwrites `grads` with its gradient. Training buffers live in the network and are
    /// reused, so this allocates nothing once it has seen the batch size.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for inconsistent shapes (features, targets, `grads`),
    /// [`Error::NonFinite`] for a bad feature, the loss's errors for bad targets, and
    /// [`Error::InvalidHyperparameter`] for an invalid regularizer.
    pub fn compute_gradients<'t, L, R>(
        &mut self,
        x: ArrayView2<'_, F>,
        targets: impl Into<Targets<'t, F>>,
        loss: &L,
        regularizer: &R,
        grads: &mut Gradients<F>,
    ) -> Result<F>
    where
        F: 't,
        L: Loss<F> + ?Sized,
        R: Regularizer<F> + ?Sized,
    {
        self.check_features(x)?;
        regularizer.validate()?;
        grads.check_matches(self)?;
        self.gradients_unchecked(x, targets.into(), loss, regularizer, grads, None)
    }

    /// Like [`compute_gradients`](Network::compute_gradients), allocating new gradients.
    ///
    /// # Errors
    /// As [`compute_gradients`](Network::compute_gradients).
    pub fn loss_and_gradients<'t, L, R>(
        &mut self,
        x: ArrayView2<'_, F>,
        targets: impl Into<Targets<'t, F>>,
        loss: &L,
        regularizer: &R,
    ) -> Result<(F, Gradients<F>)>
    where
        F: 't,
        L: Loss<F> + ?Sized,
        R: Regularizer<F> + ?Sized,
    {
        let mut grads = self.zero_gradients();
        let value = self.compute_gradients(x, targets, loss, regularizer, &mut grads)?;
        Ok((value, grads))
    }

    /// The batch-mean loss plus the penalty, without gradients (inference mode).
    ///
    /// # Errors
    /// As [`compute_gradients`](Network::compute_gradients).
    pub fn loss<'t, L, R>(
        &self,
        x: ArrayView2<'_, F>,
        targets: impl Into<Targets<'t, F>>,
        loss: &L,
        regularizer: &R,
    ) -> Result<F>
    where
        F: 't,
        L: Loss<F> + ?Sized,
        R: Regularizer<F> + ?Sized,
    {
        regularizer.validate()?;
        let scores = self.forward(x)?;
        let data_loss = loss.loss(scores.view(), targets.into())?;
        Ok(data_loss + self.penalty(regularizer))
    }

    /// `dL/dX`, the gradient of the batch-mean loss with respect to the input features
    /// (`(batch, inputs)`): which features the loss is sensitive to.
    ///
    /// # Errors
    /// As [`compute_gradients`](Network::compute_gradients).
    pub fn input_gradient<'t, L>(
        &mut self,
        x: ArrayView2<'_, F>,
        targets: impl Into<Targets<'t, F>>,
        loss: &L,
    ) -> Result<Array2<F>>
    where
        F: 't,
        L: Loss<F> + ?Sized,
    {
        self.check_features(x)?;
        let mut grads = self.zero_gradients();
        let mut dx = Array2::zeros(x.raw_dim());
        let no_penalty = crate::regularization::NoPenalty;
        self.gradients_unchecked(
            x,
            targets.into(),
            loss,
            &no_penalty,
            &mut grads,
            Some(dx.view_mut()),
        )?;
        Ok(dx)
    }

    /// The regularizer's penalty summed over every layer's weights.
    pub fn penalty<R: Regularizer<F> + ?Sized>(&self, regularizer: &R) -> F {
        self.layers
            .iter()
            .fold(F::zero(), |acc, l| acc + regularizer.penalty(l.weight()))
    }

    /// Checks that `x` is `(batch >= 1, inputs)`. Finiteness is checked by the forward pass
    /// itself (see `run_forward_checked`).
    pub(crate) fn check_features(&self, x: ArrayView2<'_, F>) -> Result<()> {
        if x.nrows() == 0 {
            return Err(Error::EmptyData("the batch has no samples".into()));
        }
        if x.ncols() != self.inputs() {
            return Err(Error::ShapeMismatch {
                context: "network input",
                expected: format!("(batch, {})", self.inputs()),
                actual: shape2(x.nrows(), x.ncols()),
            });
        }
        Ok(())
    }

    /// The training step's arithmetic, with the inputs already validated.
    pub(crate) fn gradients_unchecked<L, R>(
        &mut self,
        x: ArrayView2<'_, F>,
        targets: Targets<'_, F>,
        loss: &L,
        regularizer: &R,
        grads: &mut Gradients<F>,
        input_grad: Option<ArrayViewMut2<'_, F>>,
    ) -> Result<F>
    where
        L: Loss<F> + ?Sized,
        R: Regularizer<F> + ?Sized,
    {
        let batch = x.nrows();
        let n = self.layers.len();
        run_forward_checked(&self.layers, &mut self.workspace, x, Mode::Training)?;
        for (layer, buf) in self.layers.iter_mut().zip(&self.workspace.layers) {
            layer.update_running(batch, &buf.scratch);
        }

        // The loss writes dL/dscores into the last layer's `da`.
        let outputs = self.outputs();
        let last = &mut self.workspace.layers[n - 1];
        let scores = view(&last.a, batch, outputs);
        let da = view_mut(&mut last.da, batch, outputs);
        let mut value = loss.loss_and_gradient(scores, targets, da)?;

        let mut input_grad = input_grad;
        for i in (0..n).rev() {
            let layer = &self.layers[i];
            let (units, pre) = (layer.units(), layer.pre_activations());
            let (before, rest) = self.workspace.layers.split_at_mut(i);
            let buf = &mut rest[0];
            let (input, dx) = match before.last_mut() {
                Some(prev) => {
                    let cols = layer.inputs();
                    (
                        view(&prev.a, batch, cols),
                        Some(view_mut(&mut prev.da, batch, cols)),
                    )
                }
                None => (x, input_grad.take()),
            };
            let cache = Cache {
                z: view(&buf.z, batch, pre),
                a: view(&buf.a, batch, units),
                scratch: &mut buf.scratch,
            };
            layer.backward_into(
                input,
                cache,
                view(&buf.da, batch, units),
                view_mut(&mut buf.dz, batch, pre),
                &mut grads.layers[i],
                dx,
            );
        }

        for (layer, g) in self.layers.iter().zip(&mut grads.layers) {
            value += regularizer.add_penalty_gradient(layer.weight(), g.weight.view_mut());
        }
        Ok(value)
    }
}

/// [`run_forward`], then the check that `x` was finite.
///
/// A NaN or infinity anywhere in a row of `x` makes that whole row of the first layer's
/// pre-activations non-finite (`inf·w` and `NaN·w` are never finite, and `inf − inf` is NaN),
/// so checking those — `units` values per sample instead of `inputs`, and still in cache —
/// replaces a separate pass over `x`, which cost 7 % of a 784-128-10 forward at batch 1024.
/// Only if they are not finite is `x` searched for the offending value; if `x` is finite after
/// all, the non-finite values are an honest overflow and are left to the caller.
fn run_forward_checked<F: Float>(
    layers: &[Dense<F>],
    ws: &mut Workspace<F>,
    x: ArrayView2<'_, F>,
    mode: Mode,
) -> Result<()> {
    run_forward(layers, ws, x, mode);
    if let (Some(first), Some(buf)) = (layers.first(), ws.layers.first()) {
        let n = x.nrows() * first.pre_activations();
        if !all_finite(&buf.z[..n]) {
            check_finite("features", x)?;
        }
    }
    Ok(())
}

/// Runs every layer on `x`, leaving each layer's `z`, `a` and scratch in `ws`.
fn run_forward<F: Float>(
    layers: &[Dense<F>],
    ws: &mut Workspace<F>,
    x: ArrayView2<'_, F>,
    mode: Mode,
) {
    let batch = x.nrows();
    ws.ensure_layers(layers.len());
    for (i, layer) in layers.iter().enumerate() {
        let (before, rest) = ws.layers.split_at_mut(i);
        let input = match before.last() {
            Some(prev) => view(&prev.a, batch, layer.inputs()),
            None => x,
        };
        let buf = &mut rest[0];
        let z = view_mut(&mut buf.z, batch, layer.pre_activations());
        let a = view_mut(&mut buf.a, batch, layer.units());
        let scratch_len = layer.activation().scratch_len(layer.units());
        if buf.scratch.len() < scratch_len {
            buf.scratch.resize(scratch_len, F::zero());
        }
        layer.forward_into(input, z, a, mode, &mut buf.scratch[..scratch_len]);
    }
}

/// Builds a [`Network`] layer by layer; see [`Network::builder`].
#[derive(Debug, Clone)]
pub struct NetworkBuilder<F> {
    inputs: usize,
    layers: Vec<(usize, Activation, Option<Init>)>,
    default_init: Option<Init>,
    _float: PhantomData<F>,
}

impl<F: Float> NetworkBuilder<F> {
    /// Adds a dense layer of `units` units, initialised by the scheme set with
    /// [`init`](NetworkBuilder::init), or else [`Init::for_activation`].
    pub fn dense(mut self, units: usize, activation: Activation) -> Self {
        self.layers.push((units, activation, None));
        self
    }

    /// Adds a dense layer with an explicit initialisation scheme.
    pub fn dense_with_init(mut self, units: usize, activation: Activation, init: Init) -> Self {
        self.layers.push((units, activation, Some(init)));
        self
    }

    /// Sets the initialisation of every layer added without an explicit one
    /// (defaults to [`Init::for_activation`] of each layer's activation).
    pub fn init(mut self, init: Init) -> Self {
        self.default_init = Some(init);
        self
    }

    /// Draws the weights from `rng` and builds the network.
    ///
    /// # Errors
    /// [`Error::EmptyData`] for no layers; [`Error::ShapeMismatch`] for zero inputs or units;
    /// [`Error::InvalidHyperparameter`] for an invalid activation setting.
    pub fn build<R: Rng + ?Sized>(self, rng: &mut R) -> Result<Network<F>> {
        let mut layers = Vec::with_capacity(self.layers.len());
        let mut inputs = self.inputs;
        for (units, activation, init) in self.layers {
            let init = init
                .or(self.default_init)
                .unwrap_or_else(|| Init::for_activation(activation));
            layers.push(Dense::random(inputs, units, activation, init, rng)?);
            inputs = units;
        }
        Network::from_layers(layers)
    }
}
