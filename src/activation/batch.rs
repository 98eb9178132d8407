//! The activations over a batch: the bias and the function fused into one pass forward, and
//! the chain rule in place backward.

use ndarray::{ArrayView1, ArrayView2, ArrayViewMut2, Zip};

use super::scalar::{d_elu, d_leaky, elu, leaky, relu, step};
use super::{selu_alpha, selu_lambda, Activation};
use crate::float::Float;
use crate::ops::{sigmoid, softplus};

impl Activation {
    /// `z ← z + b` (row-broadcast), then `a ← f(z)`, in one pass over each row.
    ///
    /// `z` and `a` are `(batch, units)`, `bias` is `(units)`.
    pub(crate) fn forward_with_bias<F: Float>(
        &self,
        z: ArrayViewMut2<'_, F>,
        a: ArrayViewMut2<'_, F>,
        bias: ArrayView1<'_, F>,
    ) {
        macro_rules! fused {
            ($f:expr) => {
                fused_bias_activation(z, a, bias, $f)
            };
        }
        match *self {
            Activation::Identity => fused!(|z| z),
            Activation::Linear { slope } => {
                let c = F::from_f64_lossy(slope);
                fused!(|z| c * z)
            }
            Activation::Step => fused!(step),
            Activation::Sigmoid => fused!(sigmoid),
            Activation::Tanh => fused!(|z: F| z.tanh()),
            Activation::Relu => fused!(relu),
            Activation::LeakyRelu { alpha } => {
                let alpha = F::from_f64_lossy(alpha);
                fused!(|z| leaky(z, alpha))
            }
            Activation::Elu { alpha } => {
                let alpha = F::from_f64_lossy(alpha);
                fused!(|z| elu(z, alpha, F::one()))
            }
            Activation::Selu => fused!(|z| elu(z, selu_alpha(), selu_lambda())),
            Activation::Softplus => fused!(softplus),
        }
    }

    /// The chain rule in place: `z ← da ⊙ f'(z)`, from the forward pass's `z` and `a = f(z)`.
    /// All three are `(batch, units)`.
    pub(crate) fn backward_in_place<F: Float>(
        &self,
        mut z: ArrayViewMut2<'_, F>,
        a: ArrayView2<'_, F>,
        da: ArrayView2<'_, F>,
    ) {
        macro_rules! chain {
            ($df:expr) => {
                chain_rule(z.view_mut(), a, da, $df)
            };
        }
        match *self {
            Activation::Identity => z.assign(&da),
            Activation::Linear { slope } => {
                let c = F::from_f64_lossy(slope);
                chain!(|_, _| c)
            }
            Activation::Step => z.fill(F::zero()),
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
        }
    }
}

/// `z ← z + b`, `a ← f(z)` in one pass over each row.
#[inline(always)]
fn fused_bias_activation<F: Float, G: Fn(F) -> F>(
    mut z: ArrayViewMut2<'_, F>,
    mut a: ArrayViewMut2<'_, F>,
    bias: ArrayView1<'_, F>,
    f: G,
) {
    Zip::from(z.rows_mut())
        .and(a.rows_mut())
        .for_each(|mut zr, mut ar| {
            Zip::from(&mut zr)
                .and(&mut ar)
                .and(&bias)
                .for_each(|z, a, &b| {
                    *z += b;
                    *a = f(*z);
                });
        });
}

/// `z ← da ⊙ f'(z, a)` elementwise, in place.
#[inline(always)]
fn chain_rule<F: Float, G: Fn(F, F) -> F>(
    mut z: ArrayViewMut2<'_, F>,
    a: ArrayView2<'_, F>,
    da: ArrayView2<'_, F>,
    df: G,
) {
    Zip::from(&mut z)
        .and(a)
        .and(da)
        .for_each(|z, &a, &da| *z = da * df(*z, a));
}
