//! Activation functions: how a neuron fires once it has weighed its inputs.
//!
//! A neuron computes `a = f(z)` from its net input `z = w·x + b`. Each [`Activation`] here is a
//! stateless function of one value, with its exact derivative `f'(z)`, which backpropagation
//! multiplies into the incoming gradient: `dL/dz = dL/da ⊙ f'(z)`. A
//! [`Dense`](crate::layer::Dense) layer applies one to every unit, fused with its bias.
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
//!
//! At a kink (`z = 0` for ReLU and its relatives) the derivative used is the one of the `z ≤ 0`
//! side, as PyTorch does.
//!
//! Activations with learned parameters or state are layers of their own, placed after a dense
//! layer with the identity activation, as in PyTorch: [`PRelu`](crate::layer::PRelu) (learned
//! negative slopes), [`Dice`](crate::layer::Dice) (learned slopes and running statistics),
//! [`Maxout`](crate::layer::Maxout) (the maximum of `k` pre-activations per unit) and
//! [`Softmax`](crate::layer::Softmax) (a function of a whole row).
//!
//! # The step function cannot be trained by gradient descent
//! [`Step`](Activation::Step) is the Heaviside function that fires the perceptron of Rosenblatt
//! and of McCulloch and Pitts: the neuron outputs 1 when `w·x ≥ θ`, i.e. when `z = w·x + b ≥ 0`
//! with bias `b = −θ`. Its derivative is zero everywhere it exists, so backpropagation passes no
//! gradient through it and the weights below it never change. Use it for inference with
//! hand-set or perceptron-rule weights; to *learn* a threshold unit, train with
//! [`Sigmoid`](Activation::Sigmoid) (its smooth relaxation) and threshold the output at 0.5.
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

/// The one table of the activations' formulas. For the activation `$activation` it binds `$f`
/// to `z ↦ f(z)` and `$df` to `(z, a) ↦ f'(z)` (with `a = f(z)`), closures over the
/// activation's constants already converted to the caller's element type `F`, then evaluates
/// `$body`. Every pass (one value, the fused batch forward, the chain rule backward) is written
/// once over these, so adding an activation is one arm here and its name.
macro_rules! with_formulas {
    ($activation:expr, |$f:ident, $df:ident| $body:expr) => {{
        macro_rules! with {
            ($fx:expr, $dfx:expr) => {{
                let $f = $fx;
                let $df = $dfx;
                $body
            }};
        }
        match $activation {
            Activation::Identity => with!(|z: F| z, |_: F, _: F| F::one()),
            Activation::Linear { slope } => {
                let c = F::from_f64_lossy(slope);
                with!(move |z: F| c * z, move |_: F, _: F| c)
            }
            Activation::Step => with!(step::<F>, |_: F, _: F| F::zero()),
            Activation::Sigmoid => with!(sigmoid::<F>, |_: F, a: F| a * (F::one() - a)),
            Activation::Tanh => with!(|z: F| z.tanh(), |_: F, a: F| F::one() - a * a),
            Activation::Relu => with!(relu::<F>, |z: F, _: F| d_leaky(z, F::zero())),
            Activation::LeakyRelu { alpha } => {
                let alpha = F::from_f64_lossy(alpha);
                with!(move |z: F| leaky(z, alpha), move |z: F, _: F| d_leaky(
                    z, alpha
                ))
            }
            Activation::Elu { alpha } => {
                let alpha = F::from_f64_lossy(alpha);
                with!(
                    move |z: F| elu(z, alpha, F::one()),
                    move |z: F, a: F| d_elu(z, a, alpha, F::one())
                )
            }
            Activation::Selu => {
                let alpha = F::from_f64_lossy(Activation::SELU_ALPHA);
                let lambda = F::from_f64_lossy(Activation::SELU_LAMBDA);
                with!(move |z: F| elu(z, alpha, lambda), move |z: F, a: F| d_elu(
                    z, a, alpha, lambda
                ))
            }
            Activation::Softplus => with!(softplus::<F>, |z: F, _: F| sigmoid(z)),
        }
    }};
}

mod batch;
pub(crate) mod scalar;

use crate::error::{Error, Result};
use crate::float::Float;
use crate::ops::{sigmoid, softplus};
use scalar::{d_elu, d_leaky, elu, leaky, relu, step};

/// An activation function applied to every unit of a layer: a stateless function of one value.
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
    /// Scaled ELU with the published constants [`SELU_LAMBDA`](Activation::SELU_LAMBDA) and
    /// [`SELU_ALPHA`](Activation::SELU_ALPHA).
    Selu,
    /// `ln(1 + e^z)`, a smooth ReLU, computed without overflow.
    Softplus,
}

impl Activation {
    /// SELU's published `λ` (Klambauer et al. 2017, "Self-Normalizing Neural Networks").
    pub const SELU_LAMBDA: f64 = 1.050_700_987_355_480_5;
    /// SELU's published `α` (Klambauer et al. 2017).
    pub const SELU_ALPHA: f64 = 1.673_263_242_354_377_3;

    /// Leaky ReLU with the customary slope `α = 0.01`.
    pub const fn leaky_relu() -> Self {
        Activation::LeakyRelu { alpha: 0.01 }
    }

    /// ELU with `α = 1`.
    pub const fn elu() -> Self {
        Activation::Elu { alpha: 1.0 }
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
        }
    }

    /// The activation's one numeric setting, named as in files: `("slope", c)` for
    /// [`Linear`](Activation::Linear), `("alpha", α)` for the leaky ReLU and ELU; `None` for
    /// the others.
    pub fn setting(&self) -> Option<(&'static str, f64)> {
        match *self {
            Activation::Linear { slope } => Some(("slope", slope)),
            Activation::LeakyRelu { alpha } | Activation::Elu { alpha } => Some(("alpha", alpha)),
            _ => None,
        }
    }

    /// The activation called `name` (see [`name`](Activation::name)) with its setting `value`
    /// (see [`setting`](Activation::setting)); without a value the usual default is taken (slope
    /// 1, leaky slope 0.01, ELU α 1).
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for an unknown name or an invalid setting.
    pub fn from_name(name: &str, value: Option<f64>) -> Result<Self> {
        let activation = match name {
            "identity" => Activation::Identity,
            "linear" => Activation::Linear {
                slope: value.unwrap_or(1.0),
            },
            "step" => Activation::Step,
            "sigmoid" => Activation::Sigmoid,
            "tanh" => Activation::Tanh,
            "relu" => Activation::Relu,
            "leaky_relu" => Activation::LeakyRelu {
                alpha: value.unwrap_or(0.01),
            },
            "elu" => Activation::Elu {
                alpha: value.unwrap_or(1.0),
            },
            "selu" => Activation::Selu,
            "softplus" => Activation::Softplus,
            other => {
                return Err(Error::InvalidHyperparameter {
                    name: "activation",
                    value: other.to_string(),
                    reason: "unknown activation name",
                })
            }
        };
        activation.validate()?;
        Ok(activation)
    }

    /// Checks the activation's own setting.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a non-finite slope or `α`, or a negative ELU `α`.
    pub fn validate(&self) -> Result<()> {
        let ok = match *self {
            Activation::Linear { slope } => slope.is_finite(),
            Activation::LeakyRelu { alpha } => alpha.is_finite(),
            Activation::Elu { alpha } => alpha.is_finite() && alpha >= 0.0,
            _ => true,
        };
        match self.setting() {
            Some((name, value)) if !ok => Err(Error::InvalidHyperparameter {
                name,
                value: value.to_string(),
                reason: "activation setting out of range (see the Activation docs)",
            }),
            _ => Ok(()),
        }
    }

    /// `f(z)` for one value.
    pub fn eval<F: Float>(&self, z: F) -> F {
        with_formulas!(*self, |f, _df| f(z))
    }

    /// `f'(z)` for one value.
    pub fn derivative<F: Float>(&self, z: F) -> F {
        with_formulas!(*self, |f, df| df(z, f(z)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_activation_round_trips_through_its_name_and_setting() {
        for a in [
            Activation::Identity,
            Activation::Linear { slope: -2.5 },
            Activation::Step,
            Activation::Sigmoid,
            Activation::Tanh,
            Activation::Relu,
            Activation::leaky_relu(),
            Activation::Elu { alpha: 0.5 },
            Activation::Selu,
            Activation::Softplus,
        ] {
            let value = a.setting().map(|(_, v)| v);
            assert_eq!(Activation::from_name(a.name(), value).unwrap(), a);
        }
        assert_eq!(
            Activation::from_name("leaky_relu", None).unwrap(),
            Activation::leaky_relu()
        );
        assert!(Activation::from_name("swish", None).is_err());
        assert!(Activation::from_name("elu", Some(-1.0)).is_err());
        assert!(Activation::from_name("linear", Some(f64::NAN)).is_err());
    }
}
