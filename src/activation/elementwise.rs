//! The elementwise activations (and PReLU, elementwise with a per-unit slope): scalar
//! functions, and the fused batch passes built from them.

use ndarray::{ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2, Zip};

use super::{Activation, SELU_ALPHA, SELU_LAMBDA};
use crate::float::Float;

/// Fused bias and activation over a batch, in one pass:
/// `z ← z + b` (row-broadcast), `a ← f(z)`.
///
/// `z` and `a` are `(batch, units)`; `params` are this activation's learnable parameters.
pub(super) fn forward<F: Float>(
    activation: &Activation,
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
    match *activation {
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
        _ => unreachable!("{} is not elementwise", activation.name()),
    }
}

/// Backward through the activation: `dz ← da ⊙ f'(z)` and, for parametric activations,
/// `dparams ← Σ_batch dL/dparams` (overwritten, not accumulated).
pub(super) fn backward<F: Float>(
    activation: &Activation,
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
    match *activation {
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
        _ => unreachable!("{} is not elementwise", activation.name()),
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

pub(super) fn selu_alpha<F: Float>() -> F {
    F::from_f64_lossy(SELU_ALPHA)
}

pub(super) fn selu_lambda<F: Float>() -> F {
    F::from_f64_lossy(SELU_LAMBDA)
}

#[inline(always)]
pub(super) fn step<F: Float>(z: F) -> F {
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
pub(super) fn relu<F: Float>(z: F) -> F {
    if z > F::zero() {
        z
    } else {
        F::zero()
    }
}

#[inline(always)]
pub(super) fn leaky<F: Float>(z: F, alpha: F) -> F {
    if z > F::zero() {
        z
    } else {
        alpha * z
    }
}

#[inline(always)]
pub(super) fn d_leaky<F: Float>(z: F, alpha: F) -> F {
    if z > F::zero() {
        F::one()
    } else {
        alpha
    }
}

#[inline(always)]
pub(super) fn elu<F: Float>(z: F, alpha: F, lambda: F) -> F {
    if z > F::zero() {
        lambda * z
    } else {
        lambda * alpha * z.exp_m1()
    }
}

/// Derivative of (scaled) ELU from `z` and `a = f(z)`: `λ` or `a + λα` (= `λα·e^z`).
#[inline(always)]
pub(super) fn d_elu<F: Float>(z: F, a: F, alpha: F, lambda: F) -> F {
    if z > F::zero() {
        lambda
    } else {
        a + lambda * alpha
    }
}
