//! A dense (fully connected) layer: many neurons reading the same inputs.
//!
//! Unit `j` weighs its inputs by row `j` of the weight matrix and adds its bias:
//! `z_j = w_j · x + b_j`, then fires through the activation, `a_j = f(z_j)`. Stacking a batch of
//! samples as the rows of `X`, the whole layer on the whole batch is one matrix product:
//!
//! ```text
//! A = f(X Wᵀ + b)      X: (batch, in)   W: (out, in)   b: (out)   A: (batch, out)
//! ```
//!
//! `W` is laid out `(out, in)` like PyTorch's `nn.Linear`, so weights move between the two
//! unchanged. Backpropagation, given `dA = dL/dA`:
//!
//! ```text
//! dZ = dA ⊙ f'(Z)     dW = dZᵀ X     db = Σ_rows dZ     dX = dZ W
//! ```

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2};
use rand::Rng;

use super::{
    flat, flat_mut, matrix_mut, BackwardPass, ForwardPass, Layer, Mode, Role, Settings, TensorMut,
    TensorRef,
};
use crate::activation::Activation;
use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;
use crate::init::Init;
use crate::matmul::gemm;

/// A fully connected layer `f(X Wᵀ + b)`: weight `(units, inputs)`, bias `(units)` and a
/// stateless activation `f`, fused with the bias in one pass.
///
/// ```
/// use ndarray::array;
/// use ndnet::layer::{Dense, Layer, Mode};
/// use ndnet::Activation;
///
/// // Two units reading three inputs.
/// let layer = Dense::new(
///     array![[1.0, 0.0, -1.0], [0.5, 0.5, 0.5]],
///     array![0.0, -1.0],
///     Activation::Relu,
/// )?;
/// let a = layer.evaluate(array![[1.0, 2.0, 3.0]].view(), Mode::Inference)?; // (1, 3) -> (1, 2)
/// assert_eq!(a, array![[0.0, 2.0]]);                                        // relu(-2) = 0, relu(3 - 1) = 2
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Dense<F: Float> {
    weight: Array2<F>,
    bias: Array1<F>,
    activation: Activation,
}

impl<F: Float> Dense<F> {
    /// A layer from given weights `(units, inputs)` and bias `(units)`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] if the bias length differs from the weight's row count or
    /// either is empty; [`Error::NonFinite`] for a NaN or infinite parameter;
    /// [`Error::InvalidHyperparameter`] for an invalid activation setting.
    pub fn new(weight: Array2<F>, bias: Array1<F>, activation: Activation) -> Result<Self> {
        activation.validate()?;
        let (units, inputs) = weight.dim();
        if units == 0 || inputs == 0 {
            return Err(Error::ShapeMismatch {
                context: "Dense::new weight",
                expected: "(units >= 1, inputs >= 1)".into(),
                actual: check::shape2(units, inputs),
            });
        }
        if bias.len() != units {
            return Err(Error::ShapeMismatch {
                context: "Dense::new bias",
                expected: format!("({units})"),
                actual: format!("({})", bias.len()),
            });
        }
        check::finite("Dense::new weight", weight.view())?;
        check::finite_vector("Dense::new bias", bias.view())?;
        // Flat views of the tensors need standard layout.
        let weight = weight.as_standard_layout().into_owned();
        let bias = bias.as_standard_layout().into_owned();
        Ok(Dense {
            weight,
            bias,
            activation,
        })
    }

    /// A layer of `units` units reading `inputs` inputs, initialised by `init` from `rng`.
    ///
    /// # Errors
    /// As [`Dense::new`]; zero `inputs` or `units` is a [`Error::ShapeMismatch`].
    pub fn random<R: Rng + ?Sized>(
        inputs: usize,
        units: usize,
        activation: Activation,
        init: Init,
        rng: &mut R,
    ) -> Result<Self> {
        let weight = init.weights(units, inputs, rng)?;
        let bias = init.biases(units, rng)?;
        Dense::new(weight, bias, activation)
    }

    /// A layer of zeros, from the settings [`Layer::settings`] writes.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a missing or bad setting; as [`Dense::new`].
    pub(crate) fn from_settings(inputs: usize, settings: &Settings) -> Result<Self> {
        let units = settings.get_count("units")?;
        let name = settings.get_text("activation")?;
        let value = match Activation::from_name(name, None)?.setting() {
            Some((key, _)) => Some(settings.get_number(key)?),
            None => None,
        };
        let activation = Activation::from_name(name, value)?;
        check::elements("Dense weight", &[units, inputs])?;
        Dense::new(
            Array2::zeros((units, inputs)),
            Array1::zeros(units),
            activation,
        )
    }

    /// The weight matrix, `(units, inputs)`.
    pub fn weight(&self) -> ArrayView2<'_, F> {
        self.weight.view()
    }

    /// Mutable access to the weights (the shape is fixed).
    pub fn weight_mut(&mut self) -> ArrayViewMut2<'_, F> {
        self.weight.view_mut()
    }

    /// The bias vector, `(units)`.
    pub fn bias(&self) -> ArrayView1<'_, F> {
        self.bias.view()
    }

    /// Mutable access to the biases (the length is fixed).
    pub fn bias_mut(&mut self) -> ArrayViewMut1<'_, F> {
        self.bias.view_mut()
    }

    /// The activation.
    pub fn activation(&self) -> Activation {
        self.activation
    }

    /// Number of units (outputs).
    pub fn units(&self) -> usize {
        self.weight.nrows()
    }
}

impl<F: Float> Layer<F> for Dense<F> {
    fn kind(&self) -> &'static str {
        "dense"
    }

    fn inputs(&self) -> usize {
        self.weight.ncols()
    }

    fn outputs(&self) -> usize {
        self.units()
    }

    /// The pre-activations `Z`, which the backward pass turns into `dZ` in place.
    fn scratch_len(&self, batch: usize, _mode: Mode) -> usize {
        batch * self.units()
    }

    fn forward(&self, pass: ForwardPass<'_, F>) -> Result<()> {
        let mut z = matrix_mut(pass.scratch, pass.input.nrows(), self.units())?;
        gemm(F::one(), pass.input, self.weight.t(), F::zero(), &mut z);
        self.activation
            .forward_with_bias(z, pass.output, self.bias.view());
        Ok(())
    }

    fn backward(&self, pass: BackwardPass<'_, F>) -> Result<()> {
        let buffers = pass.gradients.len();
        let [d_weight, d_bias] = pass.gradients else {
            return Err(Error::ShapeMismatch {
                context: "Dense::backward gradients",
                expected: "2 buffers (weight, bias)".into(),
                actual: format!("{buffers} buffers"),
            });
        };
        let (batch, units) = (pass.input.nrows(), self.units());
        let mut z = matrix_mut(pass.scratch, batch, units)?;
        // dZ: dA itself for the identity, else dA ⊙ f'(Z) written over Z.
        let dz = if self.activation == Activation::Identity {
            pass.d_output
        } else {
            self.activation
                .backward_in_place(z.view_mut(), pass.output, pass.d_output);
            z.view()
        };
        let mut dw = matrix_mut(d_weight, units, self.inputs())?;
        gemm(F::one(), dz.t(), pass.input, F::zero(), &mut dw);
        // db = Σ_rows dZ, accumulated row by row (contiguous, no temporary).
        let mut db = ArrayViewMut1::from(&mut d_bias[..]);
        db.fill(F::zero());
        for row in dz.rows() {
            db.zip_mut_with(&row, |g, &d| *g += d);
        }
        if let Some(mut dx) = pass.d_input {
            gemm(F::one(), dz, self.weight.view(), F::zero(), &mut dx);
        }
        Ok(())
    }

    fn tensors<'s>(&'s self, visit: &mut dyn FnMut(TensorRef<'s, F>)) {
        visit(TensorRef {
            name: "weight",
            role: Role::Weight,
            shape: self.weight.shape(),
            values: flat(&self.weight),
        });
        visit(TensorRef {
            name: "bias",
            role: Role::Unpenalized,
            shape: self.bias.shape(),
            values: flat(&self.bias),
        });
    }

    fn tensors_mut<'s>(&'s mut self, visit: &mut dyn FnMut(TensorMut<'s, F>)) {
        visit(TensorMut {
            name: "weight",
            role: Role::Weight,
            values: flat_mut(&mut self.weight),
        });
        visit(TensorMut {
            name: "bias",
            role: Role::Unpenalized,
            values: flat_mut(&mut self.bias),
        });
    }

    fn settings(&self) -> Settings {
        let settings = Settings::new()
            .count("units", self.units())
            .text("activation", self.activation.name());
        match self.activation.setting() {
            Some((key, value)) => settings.number(key, value),
            None => settings,
        }
    }

    /// `nn.Linear`, then the activation's module unless it is the identity.
    fn torch_modules(&self) -> usize {
        1 + usize::from(self.activation != Activation::Identity)
    }

    /// The pre-activations: `inf·w` and `NaN·w` are never finite and `inf − inf` is NaN, so a
    /// bad feature spoils its row of `Z`; checking `Z` (`units` values per sample, still in
    /// cache) replaces a pass over the input, which cost 7 % of a 784-128-10 forward.
    fn input_witness<'s>(&self, scratch: &'s [F], batch: usize) -> Option<&'s [F]> {
        scratch.get(..batch * self.units())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn weights_in_another_memory_order_are_stored_row_major() {
        // A transposed copy keeps its column-major memory; the layer's flat view must not.
        let w = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
        let layer = Dense::new(w.t().to_owned(), array![0.0, 0.0], Activation::Identity).unwrap();
        let mut values = Vec::new();
        layer.tensors(&mut |t| values.push(t.values.to_vec()));
        assert_eq!(values[0], vec![1.0, 3.0, 5.0, 2.0, 4.0, 6.0]);
    }
}
