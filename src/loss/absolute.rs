//! Absolute error: the L1 distance, for regression robust to outliers.

use ndarray::{ArrayView1, ArrayViewMut1, Zip};

use super::frame::{Accepts, PerSample, Target};
use crate::float::Float;

/// The L1 distance between scores and targets, `ℓ = ‖s − t‖₁ = Σ_j |s_j − t_j|`, averaged over
/// the batch; `dℓ/ds_j = sign(s_j − t_j)`, with the subgradient 0 where `s_j = t_j`.
///
/// The zero at the kink is PyTorch's convention: its `L1Loss` is `(input − target).abs()`
/// reduced (`aten/src/ATen/native/Loss.cpp`), and autograd differentiates `abs` as
/// `grad · sgn(x)` with `sgn(0) = 0` (`tools/autograd/derivatives.yaml`); torch 2.15 gives 0 at
/// a zero difference. (`signum` would give `±1` at `±0`, so it is not used.)
///
/// Targets are real values `(batch, outputs)` only; class ids are refused with
/// [`Error::TargetKind`](crate::Error::TargetKind). Note the convention differs from
/// PyTorch's `L1Loss`, which averages over outputs too: ndnet sums over outputs and averages
/// over the batch only, as [`SquaredError`](super::SquaredError) does, so
/// `L1Loss(reduction='mean')` is this loss divided by the number of outputs.
///
/// ```
/// use ndarray::array;
/// use ndnet::loss::{AbsoluteError, Loss};
///
/// let scores = array![[1.0f64, -2.0], [0.5, 0.5]];
/// let targets = array![[0.0, 0.0], [0.5, 0.0]];
/// let loss = AbsoluteError.loss(scores.view(), targets.view().into())?;
/// assert_eq!(loss, 1.75);   // ((1 + 2) + (0 + 0.5)) / 2
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AbsoluteError;

impl<F: Float> PerSample<F> for AbsoluteError {
    const NAME: &'static str = "AbsoluteError";
    const ACCEPTS: Accepts = Accepts::Values;

    fn sample(
        &self,
        scores: ArrayView1<'_, F>,
        target: Target<'_, F>,
        mut grad: ArrayViewMut1<'_, F>,
        total: &mut F,
    ) {
        let Target::Values(t) = target else { return };
        Zip::from(&mut grad)
            .and(&scores)
            .and(&t)
            .for_each(|g, &s, &t| {
                let d = s - t;
                *total += d.abs();
                *g = if d > F::zero() {
                    F::one()
                } else if d < F::zero() {
                    -F::one()
                } else if d == F::zero() {
                    F::zero()
                } else {
                    d // NaN stays NaN
                };
            });
    }
}
