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
//! negative-side slope: the layer that uses it owns the slope values
//! ([`Dense::activation_params`](crate::Dense::activation_params)) and the optimizer updates them
//! like weights. Regularizers do not apply to them.
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

use ndarray::{Array1, ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2, Zip};

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
        }
    }

    /// Checks the activation's own settings.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a non-finite slope or `α`, or a negative ELU `α`.
    pub fn validate(&self) -> Result<()> {
        let (name, value, ok) = match *self {
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
                reason: "activation parameter must be finite (and >= 0 for ELU)",
            })
        }
    }

    /// Number of learnable parameters this activation adds to a layer of `units` units.
    pub fn n_params(&self, units: usize) -> usize {
        match *self {
            Activation::PRelu { shared: true, .. } => 1,
            Activation::PRelu { shared: false, .. } => units,
            _ => 0,
        }
    }

    /// The initial learnable parameters for a layer of `units` units (empty if none).
    pub fn init_params<F: Float>(&self, units: usize) -> Array1<F> {
        match *self {
            Activation::PRelu { init, .. } => {
                Array1::from_elem(self.n_params(units), F::from_f64_lossy(init))
            }
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
        }
    }

    /// Fused bias and activation over a batch, in one pass:
    /// `z ← z + b` (row-broadcast), `a ← f(z)`.
    ///
    /// `z` and `a` are `(batch, units)`; `params` are this activation's learnable parameters.
    pub(crate) fn forward<F: Float>(
        &self,
        z: ArrayViewMut2<'_, F>,
        a: ArrayViewMut2<'_, F>,
        bias: ArrayView1<'_, F>,
        params: ArrayView1<'_, F>,
    ) {
        // One slope per column for PReLU. The other activations ignore the second argument, so
        // any length-`units` view will do: the bias is at hand and costs no allocation.
        let per_unit = params.broadcast(bias.len()).unwrap_or(bias);
        macro_rules! fused {
            ($f:expr) => {
                fused_bias_activation(z, a, bias, per_unit, $f)
            };
        }
        match *self {
            Activation::Identity => fused!(|z, _| z),
            Activation::Linear { slope } => {
                let c = F::from_f64_lossy(slope);
                fused!(|z, _| c * z)
            }
            Activation::Step => fused!(|z, _| step(z)),
            Activation::Sigmoid => fused!(|z, _| sigmoid(z)),
            Activation::Tanh => fused!(|z, _| z.tanh()),
            Activation::Relu => fused!(|z, _| relu(z)),
            Activation::LeakyRelu { alpha } => {
                let alpha = F::from_f64_lossy(alpha);
                fused!(|z, _| leaky(z, alpha))
            }
            Activation::Elu { alpha } => {
                let alpha = F::from_f64_lossy(alpha);
                fused!(|z, _| elu(z, alpha, F::one()))
            }
            Activation::Selu => fused!(|z, _| elu(z, selu_alpha(), selu_lambda())),
            Activation::Softplus => fused!(|z, _| softplus(z)),
            Activation::PRelu { .. } => fused!(|z, p| leaky(z, p)),
        }
    }

    /// Backward through the activation: `dz ← da ⊙ f'(z)` and, for parametric activations,
    /// `dparams ← Σ_batch dL/dparams` (overwritten, not accumulated).
    pub(crate) fn backward<F: Float>(
        &self,
        z: ArrayView2<'_, F>,
        a: ArrayView2<'_, F>,
        da: ArrayView2<'_, F>,
        params: ArrayView1<'_, F>,
        mut dz: ArrayViewMut2<'_, F>,
        mut dparams: ArrayViewMut1<'_, F>,
    ) {
        macro_rules! chain {
            ($df:expr) => {
                chain_rule(dz.view_mut(), z, a, da, $df)
            };
        }
        match *self {
            Activation::Identity => dz.assign(&da),
            Activation::Linear { slope } => {
                let c = F::from_f64_lossy(slope);
                chain!(|_, _| c)
            }
            Activation::Step => dz.fill(F::zero()),
            Activation::Sigmoid => chain!(|_, a| a * (F::one() - a)),
            Activation::Tanh => chain!(|_, a| F::one() - a * a),
            Activation::Relu => chain!(|z, _| d_leaky(z, F::zero())),
            Activation::LeakyRelu { alpha } => {
                let alpha = F::from_f64_lossy(alpha);
                chain!(|z, _| d_leaky(z, alpha))
            }
            Activation::Elu { alpha } => {
                let alpha = F::from_f64_lossy(alpha);
                chain!(|z, a| d_elu(z, a, alpha, F::one()))
            }
            Activation::Selu => chain!(|z, a| d_elu(z, a, selu_alpha(), selu_lambda())),
            Activation::Softplus => chain!(|z, _| sigmoid(z)),
            Activation::PRelu { shared, .. } => {
                let units = z.ncols();
                let slopes = params.broadcast(units);
                if let Some(slopes) = slopes {
                    Zip::from(dz.rows_mut())
                        .and(z.rows())
                        .and(da.rows())
                        .for_each(|mut dzr, zr, dar| {
                            Zip::from(&mut dzr)
                                .and(zr)
                                .and(dar)
                                .and(&slopes)
                                .for_each(|dz, &z, &da, &s| *dz = da * d_leaky(z, s));
                        });
                }
                // dL/da_j = Σ_batch dL/df · min(z, 0), summed over units when shared.
                let mut total = F::zero();
                for (j, (zc, dac)) in z.columns().into_iter().zip(da.columns()).enumerate() {
                    let sum = Zip::from(zc).and(dac).fold(F::zero(), |acc, &z, &da| {
                        acc + if z > F::zero() { F::zero() } else { da * z }
                    });
                    if shared {
                        total += sum;
                    } else {
                        dparams[j] = sum;
                    }
                }
                if shared {
                    dparams.fill(total);
                }
            }
        }
    }
}

/// `z ← z + b`, `a ← f(z, p_j)` in one pass over each row (`p_j` a per-unit parameter).
#[inline(always)]
fn fused_bias_activation<F: Float, G: Fn(F, F) -> F>(
    mut z: ArrayViewMut2<'_, F>,
    mut a: ArrayViewMut2<'_, F>,
    bias: ArrayView1<'_, F>,
    per_unit: ArrayView1<'_, F>,
    f: G,
) {
    Zip::from(z.rows_mut())
        .and(a.rows_mut())
        .for_each(|mut zr, mut ar| {
            Zip::from(&mut zr)
                .and(&mut ar)
                .and(&bias)
                .and(&per_unit)
                .for_each(|z, a, &b, &p| {
                    *z += b;
                    *a = f(*z, p);
                });
        });
}

/// `dz ← da ⊙ f'(z, a)` elementwise.
#[inline(always)]
fn chain_rule<F: Float, G: Fn(F, F) -> F>(
    mut dz: ArrayViewMut2<'_, F>,
    z: ArrayView2<'_, F>,
    a: ArrayView2<'_, F>,
    da: ArrayView2<'_, F>,
    df: G,
) {
    Zip::from(&mut dz)
        .and(z)
        .and(a)
        .and(da)
        .for_each(|dz, &z, &a, &da| *dz = da * df(z, a));
}

fn selu_alpha<F: Float>() -> F {
    F::from_f64_lossy(SELU_ALPHA)
}

fn selu_lambda<F: Float>() -> F {
    F::from_f64_lossy(SELU_LAMBDA)
}

#[inline(always)]
fn step<F: Float>(z: F) -> F {
    if z >= F::zero() {
        F::one()
    } else {
        F::zero()
    }
}

/// The logistic function, branching on the sign so that `exp` never overflows.
#[inline(always)]
pub(crate) fn sigmoid<F: Float>(z: F) -> F {
    if z >= F::zero() {
        F::one() / (F::one() + (-z).exp())
    } else {
        let e = z.exp();
        e / (F::one() + e)
    }
}

/// `ln(1 + e^z)` as `max(z, 0) + ln(1 + e^{−|z|})`: no overflow for large `z`.
#[inline(always)]
pub(crate) fn softplus<F: Float>(z: F) -> F {
    z.max(F::zero()) + (-z.abs()).exp().ln_1p()
}

#[inline(always)]
fn relu<F: Float>(z: F) -> F {
    if z > F::zero() {
        z
    } else {
        F::zero()
    }
}

#[inline(always)]
fn leaky<F: Float>(z: F, alpha: F) -> F {
    if z > F::zero() {
        z
    } else {
        alpha * z
    }
}

#[inline(always)]
fn d_leaky<F: Float>(z: F, alpha: F) -> F {
    if z > F::zero() {
        F::one()
    } else {
        alpha
    }
}

#[inline(always)]
fn elu<F: Float>(z: F, alpha: F, lambda: F) -> F {
    if z > F::zero() {
        lambda * z
    } else {
        lambda * alpha * z.exp_m1()
    }
}

/// Derivative of (scaled) ELU from `z` and `a = f(z)`: `λ` or `a + λα` (= `λα·e^z`).
#[inline(always)]
fn d_elu<F: Float>(z: F, a: F, alpha: F, lambda: F) -> F {
    if z > F::zero() {
        lambda
    } else {
        a + lambda * alpha
    }
}
