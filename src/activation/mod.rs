//! Activation functions: how a neuron fires once it has weighed its inputs.
//!
//! A neuron computes `a = f(z)` from its net input `z = w·x + b`. Each [`Activation`] here has
//! its forward function and its exact derivative `f'(z)`, which backpropagation multiplies into
//! the incoming gradient: `dL/dz = dL/da ⊙ f'(z)`.
//!
//! | activation | `f(z)` | `f'(z)` |
//! |---|---|---|
//! | [`Identity`](Activation::Identity) | `z` | `1` |
//! | [`Linear`](Activation::Linear) | `c·z` | `c` |
//! | [`Step`](Activation::Step) | `1` if `z ≥ 0`, else `0` | `0` (see below) |
//! | [`Sigmoid`](Activation::Sigmoid) | `1 / (1 + e^{−z})` | `f(z)(1 − f(z))` |
//! | [`Tanh`](Activation::Tanh) | `tanh z` | `1 − f(z)²` |
//! | [`Relu`](Activation::Relu) | `max(0, z)` | `1` if `z > 0`, else `0` |
//! | [`LeakyRelu`](Activation::LeakyRelu) | `z` if `z > 0`, else `α·z` | `1` or `α` |
//! | [`Elu`](Activation::Elu) | `z` if `z > 0`, else `α(e^z − 1)` | `1` or `f(z) + α` |
//! | [`Selu`](Activation::Selu) | `λ·z` if `z > 0`, else `λα(e^z − 1)` | `λ` or `f(z) + λα` |
//! | [`Softplus`](Activation::Softplus) | `ln(1 + e^z)` | `σ(z)` |
//! | [`PRelu`](Activation::PRelu) | `z` if `z > 0`, else `a_j·z`, `a_j` learned | `1` or `a_j` |
//! | [`Dice`](Activation::Dice) | `p(z)·z + (1 − p(z))·α_j·z`, `p` a sigmoid of the standardised `z` | see [`Dice`](Activation::Dice) |
//! | [`Maxout`](Activation::Maxout) | `max_j z_j` over `k` affine pieces per unit | `1` for the arg-max piece, else `0` |
//! | [`Softmax`](Activation::Softmax) | `e^{z_j} / Σ_l e^{z_l}` over each row | Jacobian-vector product |
//!
//! At a kink (`z = 0` for ReLU and its relatives) the derivative used is the one of the `z ≤ 0`
//! side, as PyTorch does.
//!
//! # The step function cannot be trained by gradient descent
//! [`Step`](Activation::Step) is the Heaviside function that fires the perceptron of Rosenblatt
//! and of McCulloch and Pitts: the neuron outputs 1 when `w·x ≥ θ`, i.e. when `z = w·x + b ≥ 0`
//! with bias `b = −θ`. Its derivative is zero everywhere it exists, so backpropagation passes no
//! gradient through it and the weights below it never change. Use it for inference with
//! hand-set or perceptron-rule weights; to *learn* a threshold unit, train with
//! [`Sigmoid`](Activation::Sigmoid) (its smooth relaxation) and threshold the output at 0.5.
//!
//! # Parametric activations
//! [`PRelu`](Activation::PRelu) (He et al. 2015, "Delving Deep into Rectifiers") learns its
//! negative-side slope, and [`Dice`](Activation::Dice) (Zhou et al. 2018) its slope `α`: the
//! layer that uses them owns the values
//! ([`Dense::activation_params`](crate::Dense::activation_params)) and the optimizer updates them
//! like weights. Regularizers do not apply to them. Dice also keeps running averages of each
//! unit's mean and variance ([`Dense::running_stats`](crate::Dense::running_stats)): it behaves
//! differently in training (batch statistics) and inference (running averages), see [`Mode`].
//!
//! [`Maxout`](Activation::Maxout) (Goodfellow et al. 2013) is not a function of one value but
//! of `k` pre-activations per unit: a layer with it has `units·k` weight rows.
//! [`Softmax`](Activation::Softmax) acts on a whole row. For these, [`Activation::eval`] and
//! [`Activation::derivative`] describe the function on one value in isolation (a single piece;
//! a single class), which is documented on each.
//!
//! ```
//! use ndnet::Activation;
//! assert_eq!(Activation::Relu.eval(-2.0f64), 0.0);
//! assert_eq!(Activation::Sigmoid.eval(0.0f64), 0.5);
//! assert_eq!(Activation::Sigmoid.derivative(0.0f64), 0.25);
//! // No overflow at the ends:
//! assert_eq!(Activation::Sigmoid.eval(-1e4f32), 0.0);
//! assert_eq!(Activation::Sigmoid.eval(1e4f32), 1.0);
//! ```

mod dice;
mod elementwise;
mod maxout;
mod softmax;

pub(crate) use elementwise::{sigmoid, softplus};

use elementwise::{d_elu, d_leaky, elu, leaky, relu, selu_alpha, selu_lambda, step};
use ndarray::{Array1, ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2};

use crate::error::{Error, Result};
use crate::float::Float;

/// SELU's published `λ` (Klambauer et al. 2017, "Self-Normalizing Neural Networks").
pub const SELU_LAMBDA: f64 = 1.050_700_987_355_480_5;
/// SELU's published `α` (Klambauer et al. 2017).
pub const SELU_ALPHA: f64 = 1.673_263_242_354_377_3;

/// An activation function applied to every unit of a layer.
///
/// Non-parametric variants are plain values; parametric ones ([`PRelu`](Self::PRelu)) describe
/// how their learnable parameters are laid out and initialised, and the layer owns the values.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Activation {
    /// `f(z) = z`: the output layer's choice, which emits raw scores (logits).
    Identity,
    /// `f(z) = c·z`, a linear unit with a fixed slope `c`.
    Linear {
        /// The slope `c`; must be finite.
        slope: f64,
    },
    /// Heaviside step: `1` if `z ≥ 0`, else `0`. Zero gradient: see the module docs.
    Step,
    /// The logistic function `σ(z) = 1 / (1 + e^{−z})`, computed without overflow.
    Sigmoid,
    /// Hyperbolic tangent.
    Tanh,
    /// Rectified linear unit, `max(0, z)`.
    Relu,
    /// Leaky ReLU: `z` for `z > 0`, `α·z` otherwise. [`Activation::leaky_relu`] gives `α = 0.01`.
    LeakyRelu {
        /// The negative-side slope `α`; must be finite.
        alpha: f64,
    },
    /// Exponential linear unit (Clevert et al. 2016): `α(e^z − 1)` for `z ≤ 0`.
    Elu {
        /// The saturation value `α`; must be finite and `≥ 0`. The usual choice is 1.
        alpha: f64,
    },
    /// Scaled ELU with the published constants [`SELU_LAMBDA`] and [`SELU_ALPHA`].
    Selu,
    /// `ln(1 + e^z)`, a smooth ReLU, computed without overflow.
    Softplus,
    /// Parametric ReLU (He et al. 2015): `z` for `z > 0`, `a_j·z` otherwise, with the slope
    /// `a_j` learned per unit (or one slope shared by the layer).
    PRelu {
        /// Initial slope; He et al. use 0.25. Must be finite.
        init: f64,
        /// One slope for the whole layer instead of one per unit.
        shared: bool,
    },
    /// Dice (Zhou et al. 2018): `f(s) = p(s)·s + (1 − p(s))·α·s`,
    /// `p(s) = σ((s − E[s]) / √(Var[s] + ε))`, with `α` learned per unit (initialised to 0) and
    /// `E`, `Var` the batch statistics in training and running averages in inference.
    /// [`Activation::dice`] gives the paper's `ε = 1e-8` and momentum 0.1. On one value in
    /// isolation ([`eval`](Activation::eval)) it is `s·σ(s/√(1 + ε))`: `E = 0`, `Var = 1`, `α = 0`.
    Dice {
        /// `ε` in the standardisation; must be finite and `> 0`.
        epsilon: f64,
        /// Weight of each new batch in the running averages; in `(0, 1]`.
        momentum: f64,
    },
    /// Maxout (Goodfellow et al. 2013): each unit outputs the maximum of `pieces` affine
    /// functions of the input, `h_i = max_j (w_{ij}·x + b_{ij})`. The layer's weight is
    /// `(units·pieces, inputs)`, row `i·pieces + j` being piece `j` of unit `i`; it is
    /// initialised like a layer of `units·pieces` outputs. On one value in isolation it is the
    /// identity (a single piece).
    Maxout {
        /// Affine pieces per unit, `k ≥ 1` (Goodfellow et al. use 2 to 5).
        pieces: usize,
    },
    /// Softmax over each row, for outputs that must be probabilities (see the module docs).
    /// On one value in isolation it is the constant 1 (a single class), with derivative 0.
    Softmax,
}

/// Whether a forward pass is part of training (batch statistics, caches for backward) or
/// inference. Only [`Dice`](Activation::Dice) behaves differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Training: batch statistics; running averages are updated afterwards.
    Training,
    /// Inference: running averages; nothing changes.
    Inference,
}

impl Activation {
    /// Leaky ReLU with the customary slope `α = 0.01`.
    pub const fn leaky_relu() -> Self {
        Activation::LeakyRelu { alpha: 0.01 }
    }

    /// ELU with `α = 1`.
    pub const fn elu() -> Self {
        Activation::Elu { alpha: 1.0 }
    }

    /// PReLU with one slope per unit, initialised to 0.25 as in He et al. 2015.
    pub const fn prelu() -> Self {
        Activation::PRelu {
            init: 0.25,
            shared: false,
        }
    }

    /// Dice with the paper's `ε = 1e-8` and running-average momentum 0.1.
    pub const fn dice() -> Self {
        Activation::Dice {
            epsilon: 1e-8,
            momentum: 0.1,
        }
    }

    /// A short lower-case name, e.g. `"relu"` or `"leaky_relu"`.
    pub fn name(&self) -> &'static str {
        match self {
            Activation::Identity => "identity",
            Activation::Linear { .. } => "linear",
            Activation::Step => "step",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu { .. } => "leaky_relu",
            Activation::Elu { .. } => "elu",
            Activation::Selu => "selu",
            Activation::Softplus => "softplus",
            Activation::PRelu { .. } => "prelu",
            Activation::Dice { .. } => "dice",
            Activation::Maxout { .. } => "maxout",
            Activation::Softmax => "softmax",
        }
    }

    /// Checks the activation's own settings.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a non-finite slope or `α`, or a negative ELU `α`.
    pub fn validate(&self) -> Result<()> {
        let (name, value, ok) = match *self {
            Activation::Dice { epsilon, momentum } => {
                if !(epsilon.is_finite() && epsilon > 0.0) {
                    ("epsilon", epsilon, false)
                } else {
                    ("momentum", momentum, momentum > 0.0 && momentum <= 1.0)
                }
            }
            Activation::Maxout { pieces } => ("pieces", pieces as f64, pieces >= 1),
            Activation::Linear { slope } => ("slope", slope, slope.is_finite()),
            Activation::LeakyRelu { alpha } => ("alpha", alpha, alpha.is_finite()),
            Activation::Elu { alpha } => ("alpha", alpha, alpha.is_finite() && alpha >= 0.0),
            Activation::PRelu { init, .. } => ("init", init, init.is_finite()),
            _ => return Ok(()),
        };
        if ok {
            Ok(())
        } else {
            Err(Error::InvalidHyperparameter {
                name,
                value: value.to_string(),
                reason: "activation setting out of range (see the Activation docs)",
            })
        }
    }

    /// Number of learnable parameters this activation adds to a layer of `units` units.
    pub fn n_params(&self, units: usize) -> usize {
        match *self {
            Activation::PRelu { shared: true, .. } => 1,
            Activation::PRelu { shared: false, .. } | Activation::Dice { .. } => units,
            _ => 0,
        }
    }

    /// Pre-activations per unit: `k` for [`Maxout`](Activation::Maxout), else 1.
    pub fn pieces(&self) -> usize {
        match *self {
            Activation::Maxout { pieces } => pieces.max(1),
            _ => 1,
        }
    }

    /// Length of the running statistics a layer of `units` units keeps (Dice: mean and
    /// variance per unit), initialised to mean 0 and variance 1.
    pub fn init_running_stats<F: Float>(&self, units: usize) -> Array1<F> {
        match *self {
            Activation::Dice { .. } => {
                Array1::from_shape_fn(2 * units, |i| if i < units { F::zero() } else { F::one() })
            }
            _ => Array1::zeros(0),
        }
    }

    /// Scratch values per unit a layer needs in its workspace during a pass.
    pub(crate) fn scratch_len(&self, units: usize) -> usize {
        match *self {
            Activation::Dice { .. } => 4 * units,
            _ => 0,
        }
    }

    /// The initial learnable parameters for a layer of `units` units (empty if none).
    pub fn init_params<F: Float>(&self, units: usize) -> Array1<F> {
        match *self {
            Activation::PRelu { init, .. } => {
                Array1::from_elem(self.n_params(units), F::from_f64_lossy(init))
            }
            Activation::Dice { .. } => Array1::zeros(units),
            _ => Array1::zeros(0),
        }
    }

    /// `f(z)` for one value. [`PRelu`](Self::PRelu) uses its initial slope.
    pub fn eval<F: Float>(&self, z: F) -> F {
        match *self {
            Activation::Identity => z,
            Activation::Linear { slope } => F::from_f64_lossy(slope) * z,
            Activation::Step => step(z),
            Activation::Sigmoid => sigmoid(z),
            Activation::Tanh => z.tanh(),
            Activation::Relu => relu(z),
            Activation::LeakyRelu { alpha } => leaky(z, F::from_f64_lossy(alpha)),
            Activation::Elu { alpha } => elu(z, F::from_f64_lossy(alpha), F::one()),
            Activation::Selu => elu(z, selu_alpha(), selu_lambda()),
            Activation::Softplus => softplus(z),
            Activation::PRelu { init, .. } => leaky(z, F::from_f64_lossy(init)),
            Activation::Dice { epsilon, .. } => {
                z * sigmoid(z / F::from_f64_lossy((1.0 + epsilon).sqrt()))
            }
            Activation::Maxout { .. } => z,
            Activation::Softmax => F::one(),
        }
    }

    /// `f'(z)` for one value. [`PRelu`](Self::PRelu) uses its initial slope.
    pub fn derivative<F: Float>(&self, z: F) -> F {
        let a = self.eval(z);
        match *self {
            Activation::Linear { slope } => F::from_f64_lossy(slope),
            Activation::LeakyRelu { alpha } => d_leaky(z, F::from_f64_lossy(alpha)),
            Activation::PRelu { init, .. } => d_leaky(z, F::from_f64_lossy(init)),
            Activation::Elu { alpha } => d_elu(z, a, F::from_f64_lossy(alpha), F::one()),
            Activation::Selu => d_elu(z, a, selu_alpha(), selu_lambda()),
            Activation::Identity => F::one(),
            Activation::Step => F::zero(),
            Activation::Sigmoid => a * (F::one() - a),
            Activation::Tanh => F::one() - a * a,
            Activation::Relu => d_leaky(z, F::zero()),
            Activation::Softplus => sigmoid(z),
            Activation::Dice { epsilon, .. } => {
                let sd = F::from_f64_lossy((1.0 + epsilon).sqrt());
                let p = sigmoid(z / sd);
                p + z * p * (F::one() - p) / sd
            }
            Activation::Maxout { .. } => F::one(),
            Activation::Softmax => F::zero(),
        }
    }

    /// Forward over a batch: `z ← z + b` (row-broadcast), then `a ← f(z)`, fused in one pass
    /// where the activation allows.
    ///
    /// `z` is `(batch, units·pieces)`, `a` is `(batch, units)`; `params` are the learnable
    /// parameters, `running` the running statistics and `scratch` this layer's workspace
    /// scratch ([`scratch_len`](Self::scratch_len) values).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn forward<F: Float>(
        &self,
        mode: Mode,
        z: ArrayViewMut2<'_, F>,
        a: ArrayViewMut2<'_, F>,
        bias: ArrayView1<'_, F>,
        params: ArrayView1<'_, F>,
        running: ArrayView1<'_, F>,
        scratch: &mut [F],
    ) {
        match *self {
            Activation::Maxout { pieces } => maxout::forward(pieces, z, a, bias),
            Activation::Softmax => softmax::forward(z, a, bias),
            Activation::Dice { epsilon, .. } => {
                dice::forward(epsilon, mode, z, a, bias, params, running, scratch)
            }
            _ => elementwise::forward(self, z, a, bias, params),
        }
    }

    /// Backward after a training-mode forward: `dz ← dL/dz` from `da = dL/da`, and
    /// `dparams ← dL/dparams` (overwritten).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn backward<F: Float>(
        &self,
        z: ArrayView2<'_, F>,
        a: ArrayView2<'_, F>,
        da: ArrayView2<'_, F>,
        params: ArrayView1<'_, F>,
        scratch: &mut [F],
        dz: ArrayViewMut2<'_, F>,
        dparams: ArrayViewMut1<'_, F>,
    ) {
        match *self {
            Activation::Maxout { pieces } => maxout::backward(pieces, z, da, dz),
            Activation::Softmax => softmax::backward(a, da, dz),
            Activation::Dice { epsilon, .. } => {
                dice::backward(epsilon, z, da, params, scratch, dz, dparams)
            }
            _ => elementwise::backward(self, z, a, da, params, dz, dparams),
        }
    }

    /// After a training batch of `batch` samples: moves the running statistics towards the
    /// batch's (kept in `scratch` by the forward pass).
    pub(crate) fn update_running<F: Float>(
        &self,
        batch: usize,
        scratch: &[F],
        running: ArrayViewMut1<'_, F>,
    ) {
        if let Activation::Dice { momentum, .. } = *self {
            dice::update_running(momentum, batch, scratch, running);
        }
    }
}
