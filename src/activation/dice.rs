//! Dice (Zhou et al. 2018, "Deep Interest Network for Click-Through Rate Prediction"): a
//! PReLU whose switch point adapts to the data.
//!
//! `f(s) = p(s)·s + (1 − p(s))·α·s` with `p(s) = σ((s − E[s]) / √(Var[s] + ε))`: per unit, the
//! input is standardised and a sigmoid decides smoothly between the identity and the slope
//! `α`, which is learned per unit (initialised to 0, as in the paper's reference
//! implementation). In training, `E[s]` and `Var[s]` are the batch mean and (biased) variance,
//! and the gradient flows through them as in batch normalisation; in inference, running
//! averages are used, updated after each training batch as
//! `running ← (1 − momentum)·running + momentum·batch` (the variance with Bessel's correction,
//! as PyTorch's batch norm does).
//!
//! Scratch layout in the workspace (`stats`, `4·units`): batch mean, batch variance, then two
//! per-unit sums used by the backward pass.

use ndarray::{ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2, Zip};

use super::elementwise::sigmoid;
use super::Mode;
use crate::float::Float;

/// The per-unit mean and variance used by this pass: batch statistics (training) or the
/// running averages (inference), written to `stats[..2·units]`.
#[allow(clippy::too_many_arguments)]
pub(super) fn forward<F: Float>(
    epsilon: f64,
    mode: Mode,
    mut z: ArrayViewMut2<'_, F>,
    mut a: ArrayViewMut2<'_, F>,
    bias: ArrayView1<'_, F>,
    alpha: ArrayView1<'_, F>,
    running: ArrayView1<'_, F>,
    stats: &mut [F],
) {
    let units = bias.len();
    let n = F::from_usize(z.nrows()).unwrap_or_else(F::one);
    let (mean, rest) = stats.split_at_mut(units);
    let var = &mut rest[..units];
    for mut row in z.rows_mut() {
        row.zip_mut_with(&bias, |z, &b| *z += b);
    }
    match mode {
        Mode::Training => {
            mean.fill(F::zero());
            var.fill(F::zero());
            for row in z.rows() {
                for (m, &v) in mean.iter_mut().zip(row) {
                    *m += v;
                }
            }
            mean.iter_mut().for_each(|m| *m /= n);
            for row in z.rows() {
                for ((s, &v), &m) in var.iter_mut().zip(row).zip(mean.iter()) {
                    *s += (v - m) * (v - m);
                }
            }
            var.iter_mut().for_each(|s| *s /= n);
        }
        Mode::Inference => {
            for j in 0..units {
                mean[j] = running[j];
                var[j] = running[units + j];
            }
        }
    }
    let eps = F::from_f64_lossy(epsilon);
    Zip::from(z.rows())
        .and(a.rows_mut())
        .for_each(|zr, mut ar| {
            for (j, (a, &s)) in ar.iter_mut().zip(zr).enumerate() {
                let p = sigmoid((s - mean[j]) / (var[j] + eps).sqrt());
                *a = s * (alpha[j] + (F::one() - alpha[j]) * p);
            }
        });
}

/// Backward through a training-mode pass, including the paths through the batch mean and
/// variance; `dalpha ← Σ_batch dL/df · s·(1 − p)`.
#[allow(clippy::too_many_arguments)]
pub(super) fn backward<F: Float>(
    epsilon: f64,
    z: ArrayView2<'_, F>,
    da: ArrayView2<'_, F>,
    alpha: ArrayView1<'_, F>,
    stats: &mut [F],
    mut dz: ArrayViewMut2<'_, F>,
    mut dalpha: ArrayViewMut1<'_, F>,
) {
    let units = alpha.len();
    let n = F::from_usize(z.nrows()).unwrap_or_else(F::one);
    let eps = F::from_f64_lossy(epsilon);
    let (mean, rest) = stats.split_at_mut(units);
    let (var, rest) = rest.split_at_mut(units);
    let (mean_q, rest) = rest.split_at_mut(units);
    let mean_qx = &mut rest[..units];
    mean_q.fill(F::zero());
    mean_qx.fill(F::zero());
    dalpha.fill(F::zero());
    let one = F::one();
    // q = dL/dx̂ where x̂ is the standardised input; first pass: its per-unit means.
    for (zr, gr) in z.rows().into_iter().zip(da.rows()) {
        for j in 0..units {
            let (s, g) = (zr[j], gr[j]);
            let x = (s - mean[j]) / (var[j] + eps).sqrt();
            let p = sigmoid(x);
            let q = g * (one - alpha[j]) * s * p * (one - p);
            mean_q[j] += q;
            mean_qx[j] += q * x;
            dalpha[j] += g * s * (one - p);
        }
    }
    mean_q.iter_mut().for_each(|v| *v /= n);
    mean_qx.iter_mut().for_each(|v| *v /= n);
    Zip::from(dz.rows_mut())
        .and(z.rows())
        .and(da.rows())
        .for_each(|mut dzr, zr, gr| {
            for j in 0..units {
                let (s, g) = (zr[j], gr[j]);
                let sd = (var[j] + eps).sqrt();
                let x = (s - mean[j]) / sd;
                let p = sigmoid(x);
                let q = g * (one - alpha[j]) * s * p * (one - p);
                let direct = g * (alpha[j] + (one - alpha[j]) * p);
                dzr[j] = direct + (q - mean_q[j] - x * mean_qx[j]) / sd;
            }
        });
}

/// Moves the running mean and variance towards this batch's (`stats[..2·units]`).
pub(super) fn update_running<F: Float>(
    momentum: f64,
    batch: usize,
    stats: &[F],
    mut running: ArrayViewMut1<'_, F>,
) {
    let units = running.len() / 2;
    let m = F::from_f64_lossy(momentum);
    let bessel = if batch > 1 {
        F::from_f64_lossy(batch as f64 / (batch as f64 - 1.0))
    } else {
        F::one()
    };
    for j in 0..units {
        running[j] = (F::one() - m) * running[j] + m * stats[j];
        let v = stats[units + j] * bessel;
        running[units + j] = (F::one() - m) * running[units + j] + m * v;
    }
}
