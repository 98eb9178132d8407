//! The activations over a batch: the bias and the function fused into one pass forward, and
//! the chain rule in place backward.

use ndarray::{ArrayView1, ArrayView2, ArrayViewMut2, Zip};

use super::scalar::{d_elu, d_leaky, elu, leaky, relu, step};
use super::Activation;
use crate::float::Float;
use crate::ops::{sigmoid, softplus};

impl Activation {
    /// `z ← z + b` (row-broadcast), then `a ← f(z)`, in one pass over each row.
    ///
    /// `z` and `a` are `(batch, units)`, `bias` is `(units)`.
    #[inline]
    pub(crate) fn forward_with_bias<F: Float>(
        &self,
        z: ArrayViewMut2<'_, F>,
        a: ArrayViewMut2<'_, F>,
        bias: ArrayView1<'_, F>,
    ) {
        with_formulas!(*self, |f, _df| fused_bias_activation(z, a, bias, f))
    }

    /// `a ← f(z)`, `z` and `a` `(batch, units)`.
    pub(crate) fn apply<F: Float>(&self, z: ArrayView2<'_, F>, a: ArrayViewMut2<'_, F>) {
        with_formulas!(*self, |f, _df| {
            Zip::from(a).and(z).for_each(|a, &z| *a = f(z));
        })
    }

    /// The chain rule in place: `z ← da ⊙ f'(z)`, from the forward pass's `z` and `a = f(z)`.
    /// All three are `(batch, units)`.
    pub(crate) fn backward_in_place<F: Float>(
        &self,
        z: ArrayViewMut2<'_, F>,
        a: ArrayView2<'_, F>,
        da: ArrayView2<'_, F>,
    ) {
        with_formulas!(*self, |_f, df| chain_rule(z, a, da, df))
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
