//! Hinge losses: the binary SVM's and the multiclass (Weston–Watkins) SVM's.

use ndarray::{ArrayView2, ArrayViewMut2, Zip};

use super::{check_batch, check_multiclass, check_outputs, class_labels, inv_batch, Loss, Targets};
use crate::error::Result;
use crate::float::Float;

/// Binary hinge loss with margin 1: the loss of the linear SVM.
///
/// Scores `(batch, 1)` are signed margins `s`; labels 0 and 1 are read as `t = −1` and `t = +1`.
/// Per sample `ℓ = max(0, 1 − t·s)`; `dℓ/ds = −t` where `t·s < 1`, else 0 (at the kink
/// `t·s = 1` the zero subgradient is used).
///
/// ```
/// use ndarray::array;
/// use ndnet::loss::{Hinge, Loss};
///
/// // Label 1 (t = +1) with score 0.25 is inside the margin: loss 0.75.
/// let loss = Hinge.loss(array![[0.25f64]].view(), array![1usize].view().into())?;
/// assert_eq!(loss, 0.75);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hinge;

impl<F: Float> Loss<F> for Hinge {
    fn name(&self) -> &'static str {
        "Hinge"
    }

    fn loss_and_gradient(
        &self,
        scores: ArrayView2<'_, F>,
        targets: Targets<'_, F>,
        mut grad: ArrayViewMut2<'_, F>,
    ) -> Result<F> {
        check_batch(&scores, &targets, &grad)?;
        check_outputs(Loss::<F>::name(self), &scores, 1)?;
        let labels = class_labels(Loss::<F>::name(self), targets, 2)?;
        let scale = inv_batch::<F>(scores.nrows());
        let mut total = F::zero();
        Zip::from(grad.rows_mut())
            .and(scores.rows())
            .and(&labels)
            .for_each(|mut g, s, &y| {
                let t = if y == 1 { F::one() } else { -F::one() };
                let slack = F::one() - t * s[0];
                if slack > F::zero() {
                    total += slack;
                    g[0] = -t * scale;
                } else {
                    g[0] = F::zero();
                }
            });
        Ok(total * scale)
    }
}

/// Multiclass hinge loss of Weston and Watkins (CS231n's "SVM loss") with margin `Δ = 1`.
///
/// Per sample `ℓ = Σ_{j≠y} max(0, s_j − s_y + 1)`; each violating class `j` gets gradient
/// `+1`, and the true class `−(number of violators)`.
///
/// ```
/// use ndarray::array;
/// use ndnet::loss::{Loss, MulticlassHinge};
///
/// // CS231n's example: scores [3.2, 5.1, -1.7] for true class 0: max(0, 2.9) + max(0, -3.9) = 2.9.
/// let loss = MulticlassHinge.loss(array![[3.2f64, 5.1, -1.7]].view(), array![0usize].view().into())?;
/// assert!((loss - 2.9).abs() < 1e-12);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MulticlassHinge;

impl<F: Float> Loss<F> for MulticlassHinge {
    fn name(&self) -> &'static str {
        "MulticlassHinge"
    }

    fn loss_and_gradient(
        &self,
        scores: ArrayView2<'_, F>,
        targets: Targets<'_, F>,
        mut grad: ArrayViewMut2<'_, F>,
    ) -> Result<F> {
        check_batch(&scores, &targets, &grad)?;
        check_multiclass(Loss::<F>::name(self), &scores)?;
        let labels = class_labels(Loss::<F>::name(self), targets, scores.ncols())?;
        let scale = inv_batch::<F>(scores.nrows());
        let mut total = F::zero();
        Zip::from(grad.rows_mut())
            .and(scores.rows())
            .and(&labels)
            .for_each(|mut g, s, &y| {
                let sy = s[y];
                let mut violators = F::zero();
                Zip::indexed(&mut g).and(&s).for_each(|j, g, &sj| {
                    let margin = sj - sy + F::one();
                    if j != y && margin > F::zero() {
                        total += margin;
                        violators += F::one();
                        *g = scale;
                    } else {
                        *g = F::zero();
                    }
                });
                g[y] = -violators * scale;
            });
        Ok(total * scale)
    }
}
