//! Softmax over each row: an output activation that turns scores into probabilities.
//!
//! `a_j = e^{z_j} / Σ_l e^{z_l}`, computed with the row maximum shifted out. Its Jacobian is
//! `∂a_j/∂z_l = a_j([j = l] − a_l)`, so the backward pass is the Jacobian-vector product
//! `dz = a ⊙ (da − (da · a))`. For training a classifier, prefer an identity output with
//! [`SoftmaxCrossEntropy`](crate::loss::SoftmaxCrossEntropy), which fuses the two stably.

use ndarray::{ArrayView2, ArrayViewMut2, Zip};

use crate::float::Float;

/// `z ← z + b`, `a ← softmax(z)` row by row.
pub(super) fn forward<F: Float>(
    mut z: ArrayViewMut2<'_, F>,
    mut a: ArrayViewMut2<'_, F>,
    bias: ndarray::ArrayView1<'_, F>,
) {
    Zip::from(z.rows_mut())
        .and(a.rows_mut())
        .for_each(|mut zr, mut ar| {
            zr.zip_mut_with(&bias, |z, &b| *z += b);
            let m = zr.fold(F::neg_infinity(), |m, &v| m.max(v));
            let mut sum = F::zero();
            Zip::from(&mut ar).and(&zr).for_each(|a, &z| {
                *a = (z - m).exp();
                sum += *a;
            });
            let inv = F::one() / sum;
            ar.mapv_inplace(|v| v * inv);
        });
}

/// `dz ← a ⊙ (da − (da · a))` row by row.
pub(super) fn backward<F: Float>(
    a: ArrayView2<'_, F>,
    da: ArrayView2<'_, F>,
    mut dz: ArrayViewMut2<'_, F>,
) {
    Zip::from(dz.rows_mut())
        .and(a.rows())
        .and(da.rows())
        .for_each(|mut dzr, ar, dar| {
            let dot = ar.dot(&dar);
            Zip::from(&mut dzr)
                .and(&ar)
                .and(&dar)
                .for_each(|dz, &a, &da| *dz = a * (da - dot));
        });
}
