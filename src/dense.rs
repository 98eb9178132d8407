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

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2, Axis};
use rand::Rng;

use crate::activation::{Activation, Mode};
use crate::error::{shape2, Error, Result};
use crate::float::{check_finite, Float};
use crate::init::Init;
use crate::matmul::gemm;

/// A fully connected layer `f(X Wᵀ + b)`: weight `(units, inputs)`, bias `(units)`, an
/// activation and the activation's learnable parameters (if any).
///
/// ```
/// use ndarray::array;
/// use ndnet::{Activation, Dense};
///
/// // Two units reading three inputs.
/// let layer = Dense::new(
///     array![[1.0, 0.0, -1.0], [0.5, 0.5, 0.5]],
///     array![0.0, -1.0],
///     Activation::Relu,
/// )?;
/// let a = layer.forward(array![[1.0, 2.0, 3.0]].view())?;   // (1, 3) -> (1, 2)
/// assert_eq!(a, array![[0.0, 2.0]]);                        // relu(-2) = 0, relu(3 - 1) = 2
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Dense<F: Float> {
    weight: Array2<F>,
    bias: Array1<F>,
    activation: Activation,
    activation_params: Array1<F>,
    running: Array1<F>,
}

/// The gradient of a loss with respect to one [`Dense`] layer's parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct DenseGradients<F: Float> {
    /// `dL/dW`, shape `(units, inputs)`.
    pub weight: Array2<F>,
    /// `dL/db`, length `units`.
    pub bias: Array1<F>,
    /// `dL/d(activation parameters)`; empty for non-parametric activations.
    pub activation: Array1<F>,
}

/// What a training-mode forward leaves for the backward pass of one layer.
pub(crate) struct Cache<'a, F> {
    /// Pre-activations `(batch, pre_activations)`.
    pub(crate) z: ArrayView2<'a, F>,
    /// Outputs `(batch, units)`.
    pub(crate) a: ArrayView2<'a, F>,
    /// The activation's scratch (batch statistics for Dice).
    pub(crate) scratch: &'a mut [F],
}

impl<F: Float> DenseGradients<F> {
    /// Zero gradients shaped like `layer`'s parameters.
    pub fn zeros_like(layer: &Dense<F>) -> Self {
        DenseGradients {
            weight: Array2::zeros(layer.weight.raw_dim()),
            bias: Array1::zeros(layer.bias.len()),
            activation: Array1::zeros(layer.activation_params.len()),
        }
    }
}

impl<F: Float> Dense<F> {
    /// A layer from given weights `(units, inputs)` and bias `(units)`. With
    /// [`Maxout`](Activation::Maxout) of `k` pieces the weight is `(units·k, inputs)` and the
    /// bias `(units·k)`, row `i·k + j` being piece `j` of unit `i`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] if the bias length differs from the weight's row count, either
    /// is empty, or the rows are not a multiple of the maxout pieces; [`Error::NonFinite`] for
    /// a NaN or infinite parameter; [`Error::InvalidHyperparameter`] for an invalid activation
    /// setting.
    pub fn new(weight: Array2<F>, bias: Array1<F>, activation: Activation) -> Result<Self> {
        activation.validate()?;
        let (rows, inputs) = weight.dim();
        let pieces = activation.pieces();
        if rows == 0 || inputs == 0 || rows % pieces != 0 {
            return Err(Error::ShapeMismatch {
                context: "Dense::new weight",
                expected: format!("(units · {pieces} >= 1, inputs >= 1)"),
                actual: shape2(rows, inputs),
            });
        }
        if bias.len() != rows {
            return Err(Error::ShapeMismatch {
                context: "Dense::new bias",
                expected: format!("({rows})"),
                actual: format!("({})", bias.len()),
            });
        }
        check_finite("Dense::new weight", weight.view())?;
        check_finite("Dense::new bias", bias.view().insert_axis(Axis(0)))?;
        let units = rows / pieces;
        Ok(Dense {
            weight,
            bias,
            activation,
            activation_params: activation.init_params(units),
            running: activation.init_running_stats(units),
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
        let rows = units * activation.pieces();
        let weight = init.weights(rows, inputs, rng);
        let bias = init.biases(rows, rng);
        Dense::new(weight, bias, activation)
    }

    /// The weight matrix, `(units, inputs)` (`(units·k, inputs)` for maxout).
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

    /// The activation's learnable parameters (PReLU slopes); empty for the others.
    pub fn activation_params(&self) -> ArrayView1<'_, F> {
        self.activation_params.view()
    }

    /// Mutable access to the activation's learnable parameters.
    pub fn activation_params_mut(&mut self) -> ArrayViewMut1<'_, F> {
        self.activation_params.view_mut()
    }

    /// Running statistics used in inference (Dice: the running mean of each unit, then its
    /// running variance); empty for other activations. Not learnable.
    pub fn running_stats(&self) -> ArrayView1<'_, F> {
        self.running.view()
    }

    /// Mutable access to the running statistics (e.g. to restore a saved model).
    pub fn running_stats_mut(&mut self) -> ArrayViewMut1<'_, F> {
        self.running.view_mut()
    }

    /// Number of inputs each unit reads.
    pub fn inputs(&self) -> usize {
        self.weight.ncols()
    }

    /// Number of units (outputs).
    pub fn units(&self) -> usize {
        self.weight.nrows() / self.activation.pieces()
    }

    /// Number of pre-activations, `units · pieces` (equal to `units` except for maxout).
    pub fn pre_activations(&self) -> usize {
        self.weight.nrows()
    }

    /// Number of learnable parameters: weights, biases and activation parameters.
    pub fn n_parameters(&self) -> usize {
        self.weight.len() + self.bias.len() + self.activation_params.len()
    }

    /// `f(X Wᵀ + b)` in inference mode: `(batch, inputs) -> (batch, units)`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] if `x` does not have `inputs` columns; [`Error::NonFinite`] for a
    /// NaN or infinite input.
    pub fn forward(&self, x: ArrayView2<'_, F>) -> Result<Array2<F>> {
        self.forward_mode(x, Mode::Inference)
    }

    /// `f(X Wᵀ + b)` in training mode (batch statistics for Dice), without updating any
    /// running statistics: the function whose gradient [`backward`](Self::backward) computes.
    ///
    /// # Errors
    /// As [`forward`](Self::forward).
    pub fn forward_training(&self, x: ArrayView2<'_, F>) -> Result<Array2<F>> {
        self.forward_mode(x, Mode::Training)
    }

    fn forward_mode(&self, x: ArrayView2<'_, F>, mode: Mode) -> Result<Array2<F>> {
        self.check_input("Dense::forward input", x)?;
        let mut z = Array2::zeros((x.nrows(), self.pre_activations()));
        let mut a = Array2::zeros((x.nrows(), self.units()));
        let mut scratch = vec![F::zero(); self.activation.scratch_len(self.units())];
        self.forward_into(x, z.view_mut(), a.view_mut(), mode, &mut scratch);
        Ok(a)
    }

    /// Backpropagates `d_output = dL/dA` (`(batch, units)`) through the layer for input `x`
    /// (in training mode, see [`forward_training`](Self::forward_training)), returning the
    /// parameter gradients and `dL/dX` (`(batch, inputs)`).
    ///
    /// This single-layer form recomputes the forward pass and allocates its results;
    /// [`Network`](crate::Network) runs the same arithmetic in reused buffers.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for inconsistent shapes; [`Error::NonFinite`] for bad inputs.
    pub fn backward(
        &self,
        x: ArrayView2<'_, F>,
        d_output: ArrayView2<'_, F>,
    ) -> Result<(DenseGradients<F>, Array2<F>)> {
        self.check_input("Dense::backward input", x)?;
        if d_output.dim() != (x.nrows(), self.units()) {
            return Err(Error::ShapeMismatch {
                context: "Dense::backward d_output",
                expected: shape2(x.nrows(), self.units()),
                actual: shape2(d_output.nrows(), d_output.ncols()),
            });
        }
        check_finite("Dense::backward d_output", d_output)?;
        let (batch, units, pre) = (x.nrows(), self.units(), self.pre_activations());
        let mut z = Array2::zeros((batch, pre));
        let mut a = Array2::zeros((batch, units));
        let mut scratch = vec![F::zero(); self.activation.scratch_len(units)];
        self.forward_into(x, z.view_mut(), a.view_mut(), Mode::Training, &mut scratch);
        let mut dz = Array2::zeros((batch, pre));
        let mut grads = DenseGradients::zeros_like(self);
        let mut dx = Array2::zeros((batch, self.inputs()));
        self.backward_into(
            x,
            Cache {
                z: z.view(),
                a: a.view(),
                scratch: &mut scratch,
            },
            d_output,
            dz.view_mut(),
            &mut grads,
            Some(dx.view_mut()),
        );
        Ok((grads, dx))
    }

    pub(crate) fn check_input(&self, context: &'static str, x: ArrayView2<'_, F>) -> Result<()> {
        if x.ncols() != self.inputs() {
            return Err(Error::ShapeMismatch {
                context,
                expected: format!("(batch, {})", self.inputs()),
                actual: shape2(x.nrows(), x.ncols()),
            });
        }
        check_finite(context, x)
    }

    /// Forward into caller-owned buffers: `z ← X Wᵀ + b`, `a ← f(z)`. Shapes are the caller's
    /// responsibility (`z`: `(batch, pre_activations)`, `a`: `(batch, units)`, `scratch`: the
    /// activation's scratch length).
    pub(crate) fn forward_into(
        &self,
        x: ArrayView2<'_, F>,
        mut z: ArrayViewMut2<'_, F>,
        a: ArrayViewMut2<'_, F>,
        mode: Mode,
        scratch: &mut [F],
    ) {
        gemm(F::one(), x, self.weight.t(), F::zero(), &mut z);
        self.activation.forward(
            mode,
            z,
            a,
            self.bias.view(),
            self.activation_params.view(),
            self.running.view(),
            scratch,
        );
    }

    /// After a training-mode forward of `batch` samples: updates the running statistics.
    pub(crate) fn update_running(&mut self, batch: usize, scratch: &[F]) {
        self.activation
            .update_running(batch, scratch, self.running.view_mut());
    }

    /// Backward from the training forward's cache and incoming `da`; overwrites `grads` and, if
    /// given, `dx`.
    pub(crate) fn backward_into(
        &self,
        x: ArrayView2<'_, F>,
        cache: Cache<'_, F>,
        da: ArrayView2<'_, F>,
        mut dz: ArrayViewMut2<'_, F>,
        grads: &mut DenseGradients<F>,
        dx: Option<ArrayViewMut2<'_, F>>,
    ) {
        self.activation.backward(
            cache.z,
            cache.a,
            da,
            self.activation_params.view(),
            cache.scratch,
            dz.view_mut(),
            grads.activation.view_mut(),
        );
        gemm(F::one(), dz.t(), x, F::zero(), &mut grads.weight.view_mut());
        // db = Σ_rows dZ, accumulated row by row (contiguous, no temporary).
        grads.bias.fill(F::zero());
        for row in dz.rows() {
            grads.bias.zip_mut_with(&row, |g, &d| *g += d);
        }
        if let Some(mut dx) = dx {
            gemm(F::one(), dz.view(), self.weight.view(), F::zero(), &mut dx);
        }
    }
}
