//! Maxout (Goodfellow et al. 2013): each unit is the maximum of `k` affine pieces.
//!
//! A maxout layer of `units` units with `k` pieces has `units·k` pre-activations: row `i·k + j`
//! of the weight matrix (and entry `i·k + j` of the bias) is piece `j` of unit `i`, so
//! `h_i = max_j (w_{ij}·x + b_{ij})`. The gradient flows only through the piece that attains the
//! maximum (the first one on a tie).

use ndarray::{ArrayView1, ArrayView2, ArrayViewMut2, Zip};

use crate::float::Float;

/// `z ← z + b`, `a[:, i] ← max_j z[:, i·k + j]`.
pub(super) fn forward<F: Float>(
    k: usize,
    mut z: ArrayViewMut2<'_, F>,
    mut a: ArrayViewMut2<'_, F>,
    bias: ArrayView1<'_, F>,
) {
    Zip::from(z.rows_mut())
        .and(a.rows_mut())
        .for_each(|mut zr, mut ar| {
            zr.zip_mut_with(&bias, |z, &b| *z += b);
            for (i, a) in ar.iter_mut().enumerate() {
                let pieces = zr.slice(ndarray::s![i * k..(i + 1) * k]);
                *a = pieces.fold(F::neg_infinity(), |m, &v| m.max(v));
            }
        });
}

/// `dz[:, i·k + j] ← da[:, i]` for the arg-max piece `j` of unit `i`, zero for the others.
pub(super) fn backward<F: Float>(
    k: usize,
    z: ArrayView2<'_, F>,
    da: ArrayView2<'_, F>,
    mut dz: ArrayViewMut2<'_, F>,
) {
    Zip::from(dz.rows_mut())
        .and(z.rows())
        .and(da.rows())
        .for_each(|mut dzr, zr, dar| {
            dzr.fill(F::zero());
            for (i, &g) in dar.iter().enumerate() {
                let mut best = i * k;
                for j in i * k + 1..(i + 1) * k {
                    if zr[j] > zr[best] {
                        best = j;
                    }
                }
                dzr[best] = g;
            }
        });
}
