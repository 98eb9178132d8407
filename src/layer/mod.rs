//! Layers: the steps a [`Network`](crate::Network) runs in order.
//!
//! Every layer implements [`Layer`]: a forward pass and a backward pass into buffers the caller
//! owns (so that training allocates nothing per batch), and its tensors by name (so that
//! optimizers, regularizers and model files handle any layer the same way).
//!
//! | layer | output | tensors (PyTorch's names) |
//! |---|---|---|
//! | [`Dense`] | `f(X Wᵀ + b)` with a stateless [`Activation`](crate::Activation) `f` | `weight` `(units, inputs)`, `bias` `(units)` |
//! | [`PRelu`] | `x` if `x > 0`, else `a_j·x`, `a_j` learned | `weight` `(units)` or `(1)` |
//! | [`Dice`] | `p(x)·x + (1 − p(x))·α_j·x`, `p` a sigmoid of the standardised `x` | `alpha`, `running_mean`, `running_var` |
//! | [`Maxout`] | `max_j x_{i·k+j}` over `k` pieces per unit | none |
//! | [`Softmax`] | `e^{x_j} / Σ_l e^{x_l}` over each row | none |
//! | [`Activate`] | `f(x)` for a stateless [`Activation`](crate::Activation) on its own | none |
//! | [`Dropout`] | `x·m/(1 − p)`, `m` ~ Bernoulli(1 − p), in training; `x` in inference | none |
//! | [`BatchNorm`] | `γ_j·(x − E[x_j])/√(Var[x_j] + ε) + β_j` | `weight`, `bias`, `running_mean`, `running_var`, `num_batches_tracked` |
//!
//! The parametric and structural activations of the literature are layers placed after a dense
//! layer with the identity activation, as PyTorch's modules are: a PReLU network is
//! `Linear → PReLU`, a maxout layer of `u` units with `k` pieces is a dense layer of `u·k` units
//! followed by [`Maxout`]. The [builder](crate::NetworkBuilder) has a method for each.
//!
//! # Writing a layer
//! A new layer is a type that implements [`Layer`] (and `Clone`, `PartialEq`, `Debug`), in a
//! file of its own, listed here (its `mod` line) and, to be loaded from model files, in the one
//! match that rebuilds layers from their kind and [`Settings`]. Its tensors are named as in
//! PyTorch, so that files keep PyTorch's `state_dict` names.

mod activate;
mod batch_norm;
mod dense;
mod dice;
mod dropout;
mod maxout;
mod pass;
mod prelu;
mod running;
mod settings;
mod softmax;
mod tensor;

pub use activate::Activate;
pub use batch_norm::BatchNorm;
pub use dense::Dense;
pub use dice::Dice;
pub use dropout::Dropout;
pub use maxout::Maxout;
pub use pass::{BackwardPass, ForwardPass, LayerGradients, Mode};
pub use prelu::PRelu;
pub use settings::{Setting, Settings};
pub use softmax::Softmax;
pub use tensor::{Role, TensorMut, TensorRef};

use std::any::Any;
use std::fmt;

use ndarray::{Array2, ArrayView2, ArrayViewMut2};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;

/// A step of a network: `(batch, inputs) -> (batch, outputs)`, differentiable, with named
/// tensors.
///
/// Only [`kind`](Layer::kind), the shapes and the two passes are required; a layer without
/// tensors, scratch or running statistics keeps the defaults of the rest.
pub trait Layer<F: Float>: LayerObject<F> + fmt::Debug + Send + Sync {
    /// The layer's kind as model files name it, e.g. `"dense"`.
    fn kind(&self) -> &'static str;

    /// Columns of the input.
    fn inputs(&self) -> usize;

    /// Columns of the output.
    fn outputs(&self) -> usize;

    /// Scratch values a pass over `batch` samples needs in `mode` (a cache for the backward
    /// pass, batch statistics); defaults to none.
    fn scratch_len(&self, _batch: usize, _mode: Mode) -> usize {
        0
    }

    /// Runs the layer on `pass.input` into `pass.output`.
    ///
    /// # Errors
    /// Whatever the layer cannot compute (the network has checked the shapes).
    fn forward(&self, pass: ForwardPass<'_, F>) -> Result<()>;

    /// Backpropagates `pass.d_output` after a training-mode [`forward`](Layer::forward) on the
    /// same input: overwrites `pass.gradients` with the gradient of each learned tensor and, if
    /// given, `pass.d_input` with `dL/d input`.
    ///
    /// # Errors
    /// As [`forward`](Layer::forward).
    fn backward(&self, pass: BackwardPass<'_, F>) -> Result<()>;

    /// The fewest samples a training-mode batch may hold (2 for batch normalisation, whose
    /// batch variance needs two); defaults to 1. Trainers check it before any work.
    fn min_training_batch(&self) -> usize {
        1
    }

    /// After a training-mode forward pass of `batch` samples, moves running statistics
    /// towards the batch's (left in `scratch`); does nothing by default.
    fn update_statistics(&mut self, _batch: usize, _scratch: &[F]) {}

    /// Checks values read from a file for tensor `name` before they are loaded; `Err` says
    /// what is wrong (`"holds a negative variance"`). Every tensor must be finite in any case;
    /// beyond that, by default, any value is accepted.
    fn check_tensor(&self, _name: &str, _values: &[F]) -> std::result::Result<(), &'static str> {
        Ok(())
    }

    /// Calls `visit` with each tensor (learned ones first, in a fixed order); none by default.
    fn tensors<'s>(&'s self, _visit: &mut dyn FnMut(TensorRef<'s, F>)) {}

    /// Calls `visit` with each tensor, mutably, in the order of [`tensors`](Layer::tensors).
    fn tensors_mut<'s>(&'s mut self, _visit: &mut dyn FnMut(TensorMut<'s, F>)) {}

    /// The settings that, with [`kind`](Layer::kind) and the input width, rebuild the layer
    /// (its tensors aside); none by default.
    fn settings(&self) -> Settings {
        Settings::new()
    }

    /// How many modules of a PyTorch `nn.Sequential` the layer stands for: a dense layer with
    /// an activation is an `nn.Linear` and the activation's module. Tensors are named after
    /// the first (`{module}.weight`). Defaults to 1.
    fn torch_modules(&self) -> usize {
        1
    }

    /// After a forward pass, values in `scratch` that are NaN or infinite whenever a value of
    /// the input was (a dense layer's pre-activations): when the layer is first in a network,
    /// the network checks these instead of scanning the input first. `None`, the default,
    /// makes it scan the input.
    fn input_witness<'s>(&self, _scratch: &'s [F], _batch: usize) -> Option<&'s [F]> {
        None
    }

    /// The layer in a box, as [`Network::from_layers`](crate::Network::from_layers) takes it.
    fn boxed(self) -> Box<dyn Layer<F>>
    where
        Self: Sized,
    {
        Box::new(self)
    }

    /// The layer on `x` in `mode`, `(batch, inputs) -> (batch, outputs)`, allocating its
    /// buffers: for tests and plots; networks run layers in reused buffers.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] unless `x` has [`inputs`](Layer::inputs) columns;
    /// [`Error::NonFinite`] for a NaN or infinite input; the layer's own errors.
    fn evaluate(&self, x: ArrayView2<'_, F>, mode: Mode) -> Result<Array2<F>> {
        Ok(run_alone(self, x, mode)?.0)
    }

    /// Backpropagates `d_output` (`(batch, outputs)`) through a training-mode pass on `x`,
    /// allocating: the gradient of every learned tensor and `dL/d x`.
    ///
    /// # Errors
    /// As [`evaluate`](Layer::evaluate), and [`Error::ShapeMismatch`] for a wrongly shaped
    /// `d_output`.
    fn differentiate(
        &self,
        x: ArrayView2<'_, F>,
        d_output: ArrayView2<'_, F>,
    ) -> Result<LayerGradients<F>> {
        check::columns("layer d_output", "batch", d_output, self.outputs())?;
        check::one_per_row("layer d_output", "rows", x.nrows(), d_output.nrows())?;
        check::finite("layer d_output", d_output)?;
        let (output, mut scratch) = run_alone(self, x, Mode::Training)?;
        let (mut names, mut tensors) = (Vec::new(), Vec::new());
        self.tensors(&mut |t| {
            if t.role.is_learned() {
                names.push(t.name);
                tensors.push(vec![F::zero(); t.values.len()]);
            }
        });
        let mut input = Array2::zeros(x.raw_dim());
        self.backward(BackwardPass {
            input: x,
            output: output.view(),
            d_output,
            scratch: &mut scratch,
            gradients: &mut tensors,
            d_input: Some(input.view_mut()),
        })?;
        Ok(LayerGradients {
            names,
            tensors,
            input,
        })
    }
}

/// One checked forward pass of a layer on its own, in fresh buffers: its output and its scratch.
fn run_alone<F: Float, L: Layer<F> + ?Sized>(
    layer: &L,
    x: ArrayView2<'_, F>,
    mode: Mode,
) -> Result<(Array2<F>, Vec<F>)> {
    check::columns("layer input", "batch", x, layer.inputs())?;
    check::finite("layer input", x)?;
    let mut output = Array2::zeros((x.nrows(), layer.outputs()));
    let mut scratch = vec![F::zero(); layer.scratch_len(x.nrows(), mode)];
    // Alone, a layer draws its training-mode randomness from seed 0, so that `evaluate` and
    // `differentiate` see the same dropout mask.
    let mut noise = Xoshiro256PlusPlus::seed_from_u64(0);
    layer.forward(ForwardPass {
        mode,
        input: x,
        output: output.view_mut(),
        scratch: &mut scratch,
        noise: (mode == Mode::Training).then_some(&mut noise),
    })?;
    Ok((output, scratch))
}

/// What every layer gets for free from `Clone + PartialEq`: copying and comparing layers
/// behind `Box<dyn Layer>`. Implemented for every such layer; never implement it by hand.
pub trait LayerObject<F: Float>: Any {
    /// A boxed copy.
    fn clone_box(&self) -> Box<dyn Layer<F>>;
    /// Whether `other` is a layer of the same type with equal contents.
    fn eq_layer(&self, other: &dyn Layer<F>) -> bool;
}

impl<F: Float, T: Layer<F> + Clone + PartialEq> LayerObject<F> for T {
    fn clone_box(&self) -> Box<dyn Layer<F>> {
        Box::new(self.clone())
    }

    fn eq_layer(&self, other: &dyn Layer<F>) -> bool {
        other.downcast_ref::<T>() == Some(self)
    }
}

impl<F: Float> dyn Layer<F> {
    /// The layer as its concrete type, if it is a `T`: `layer.downcast_ref::<Dense<f32>>()`.
    pub fn downcast_ref<T: Layer<F>>(&self) -> Option<&T> {
        (self as &dyn Any).downcast_ref::<T>()
    }
}

impl<F: Float> Clone for Box<dyn Layer<F>> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

impl<F: Float> PartialEq for dyn Layer<F> {
    fn eq(&self, other: &Self) -> bool {
        self.eq_layer(other)
    }
}

/// Fills every tensor of `layer`, in order, with what `source(name, shape)` returns (the values,
/// already checked against the shape); a NaN or infinite value is refused with
/// `non_finite(name)`. Returns how many tensors it filled. Model files and serde documents
/// both load layers through this.
pub(crate) fn load_tensors<F: Float, E>(
    layer: &mut dyn Layer<F>,
    mut source: impl FnMut(&str, &[usize]) -> std::result::Result<Vec<F>, E>,
    invalid: impl Fn(&str, &str) -> E,
) -> std::result::Result<usize, E> {
    let mut wanted = Vec::new();
    layer.tensors(&mut |t| wanted.push((t.name, t.shape.to_vec())));
    let mut values = Vec::with_capacity(wanted.len());
    for (name, shape) in &wanted {
        let v = source(name, shape)?;
        if v.iter().any(|x| !x.is_finite()) {
            return Err(invalid(name, "holds a non-finite value"));
        }
        if let Err(problem) = layer.check_tensor(name, &v) {
            return Err(invalid(name, problem));
        }
        values.push(v);
    }
    let mut next = values.into_iter();
    layer.tensors_mut(&mut |t| {
        if let Some(v) = next.next().filter(|v| v.len() == t.values.len()) {
            t.values.copy_from_slice(&v);
        }
    });
    Ok(wanted.len())
}

/// The first `rows · cols` values of `values` as a mutable `(rows, cols)` view.
pub(crate) fn matrix_mut<F>(
    values: &mut [F],
    rows: usize,
    cols: usize,
) -> Result<ArrayViewMut2<'_, F>> {
    let n = rows.saturating_mul(cols);
    let values = values
        .get_mut(..n)
        .ok_or_else(|| short("layer buffer", rows, cols))?;
    ArrayViewMut2::from_shape((rows, cols), values).map_err(|_| short("layer buffer", rows, cols))
}

/// The first `n` values of a scratch buffer.
pub(crate) fn front<F>(scratch: &mut [F], n: usize) -> Result<&mut [F]> {
    let len = scratch.len();
    scratch.get_mut(..n).ok_or_else(|| Error::ShapeMismatch {
        context: "layer scratch",
        expected: format!("at least {n} values"),
        actual: len.to_string(),
    })
}

fn short(context: &'static str, rows: usize, cols: usize) -> Error {
    Error::ShapeMismatch {
        context,
        expected: format!("at least {rows}·{cols} values"),
        actual: "fewer".into(),
    }
}

/// The values of an array the crate built in standard layout, flat (empty for any other
/// layout, which constructors rule out).
pub(crate) fn flat<F, D: ndarray::Dimension>(a: &ndarray::Array<F, D>) -> &[F] {
    a.as_slice().unwrap_or(&[])
}

/// As [`flat`], mutably.
pub(crate) fn flat_mut<F, D: ndarray::Dimension>(a: &mut ndarray::Array<F, D>) -> &mut [F] {
    a.as_slice_mut().unwrap_or(&mut [])
}

/// The layer of `kind` reading `inputs` columns, built from its `settings` with its tensors at
/// their initial values (the caller fills them in from the file). This match is the one list
/// of the kinds ndnet can load.
///
/// `available` is the number of tensor elements the file holds. A layer whose largest tensor
/// needs more is refused before it is built, so a file cannot make its reader allocate sizes it
/// merely claims (a 2¹⁵ × 2¹⁵ dense layer in a file of 100 bytes).
///
/// # Errors
/// [`Error::InvalidHyperparameter`] for an unknown kind or a bad setting;
/// [`Error::ShapeMismatch`] for a layer larger than `available`; the layer's constructor's
/// errors.
pub(crate) fn restore<F: Float>(
    kind: &str,
    inputs: usize,
    settings: &Settings,
    available: usize,
) -> Result<Box<dyn Layer<F>>> {
    let largest = match kind {
        "dense" => settings.get_count("units")?.checked_mul(inputs),
        "prelu" if settings.get_flag("shared")? => Some(1),
        "prelu" | "dice" | "batch_norm" => Some(inputs),
        _ => Some(0),
    };
    match largest {
        Some(n) if n <= available => {}
        _ => {
            return Err(Error::ShapeMismatch {
                context: "a layer's tensors",
                expected: format!("at most the {available} tensor elements stored with it"),
                actual: format!(
                    "a {kind} layer on {inputs} inputs with settings {}",
                    serde_json::to_string(settings).unwrap_or_default()
                ),
            })
        }
    }
    Ok(match kind {
        "dense" => Box::new(Dense::<F>::from_settings(inputs, settings)?),
        "prelu" => Box::new(PRelu::<F>::from_settings(inputs, settings)?),
        "dice" => Box::new(Dice::<F>::from_settings(inputs, settings)?),
        "maxout" => Box::new(Maxout::from_settings(inputs, settings)?),
        "softmax" => Box::new(Softmax::from_settings(inputs, settings)?),
        "dropout" => Box::new(Dropout::from_settings(inputs, settings)?),
        "activation" => Box::new(Activate::from_settings(inputs, settings)?),
        "batch_norm" => Box::new(BatchNorm::<F>::from_settings(inputs, settings)?),
        other => {
            return Err(Error::InvalidHyperparameter {
                name: "layer kind",
                value: other.to_string(),
                reason: "unknown layer kind (dense, prelu, dice, maxout, softmax, dropout, \
                         batch_norm, activation)",
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
            Box::new(Dropout::new(4, 0.3).unwrap()),
            Box::new(Activate::new(4, Activation::Elu { alpha: 0.5 }).unwrap()),
            Box::new(BatchNorm::with_settings(4, 1e-3, 0.2).unwrap()),
        ];
        for layer in layers {
            let mut available = 0;
            layer.tensors(&mut |t| available += t.values.len());
            let back =
                restore::<f64>(layer.kind(), layer.inputs(), &layer.settings(), available).unwrap();
            assert!(*back == *layer, "{} did not come back", layer.kind());
        }
        assert!(restore::<f32>("conv", 3, &Settings::new(), 0).is_err());
        let dense = Settings::new().count("units", 4).text("activation", "relu");
        assert!(restore::<f32>("dense", 3, &dense, 12).is_ok());
        assert!(restore::<f32>("dense", 3, &dense, 11).is_err());
    }
}
