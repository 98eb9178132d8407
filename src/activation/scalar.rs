//! The scalar functions behind the activations (and the PReLU layer), inlined into the batch
//! passes.

use crate::float::Float;

#[inline(always)]
pub(crate) fn step<F: Float>(z: F) -> F {
    if z >= F::zero() {
        F::one()
    } else {
        F::zero()
    }
}

#[inline(always)]
pub(crate) fn relu<F: Float>(z: F) -> F {
    if z > F::zero() {
        z
    } else {
        F::zero()
    }
}

/// `z` for `z > 0`, else `α·z`.
#[inline(always)]
pub(crate) fn leaky<F: Float>(z: F, alpha: F) -> F {
    if z > F::zero() {
        z
    } else {
        alpha * z
    }
}

/// The derivative of [`leaky`]: `1` for `z > 0`, else `α` (the `z ≤ 0` side at the kink).
#[inline(always)]
pub(crate) fn d_leaky<F: Float>(z: F, alpha: F) -> F {
    if z > F::zero() {
        F::one()
    } else {
        alpha
    }
}

/// (Scaled) ELU: `λ·z` for `z > 0`, else `λα(e^z − 1)`.
#[inline(always)]
pub(crate) fn elu<F: Float>(z: F, alpha: F, lambda: F) -> F {
    if z > F::zero() {
        lambda * z
    } else {
        lambda * alpha * z.exp_m1()
    }
}

/// Derivative of (scaled) ELU from `z` and `a = f(z)`: `λ` or `a + λα` (= `λα·e^z`).
#[inline(always)]
pub(crate) fn d_elu<F: Float>(z: F, a: F, alpha: F, lambda: F) -> F {
    if z > F::zero() {
        lambda
    } else {
        a + lambda * alpha
    }
}
