//! Hinge losses: the binary SVM's and the multiclass (Weston–Watkins) SVM's.

use ndarray::{ArrayView1, ArrayViewMut1, Zip};

use super::frame::{Accepts, PerSample, Target};
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

impl<F: Float> PerSample<F> for Hinge {
    const NAME: &'static str = "Hinge";
    const ACCEPTS: Accepts = Accepts::OneScore;

    fn sample(
        &self,
        scores: ArrayView1<'_, F>,
        target: Target<'_, F>,
        mut grad: ArrayViewMut1<'_, F>,
        total: &mut F,
    ) {
        let t = if matches!(target, Target::Class(1)) {
            F::one()
        } else {
            -F::one()
        };
        let (Some(&s), Some(g)) = (scores.first(), grad.first_mut()) else {
            return;
        };
        let slack = F::one() - t * s;
        if slack > F::zero() {
            *g = -t;
            *total += slack;
        } else {
            *g = F::zero();
        }
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

impl<F: Float> PerSample<F> for MulticlassHinge {
    const NAME: &'static str = "MulticlassHinge";
    const ACCEPTS: Accepts = Accepts::ScorePerClass;

    fn sample(
        &self,
        scores: ArrayView1<'_, F>,
        target: Target<'_, F>,
        mut grad: ArrayViewMut1<'_, F>,
        total: &mut F,
    ) {
        let Target::Class(y) = target else { return };
        let Some(&sy) = scores.get(y) else { return };
        let mut loss = F::zero();
        let mut violators = F::zero();
        Zip::indexed(&mut grad).and(&scores).for_each(|j, g, &sj| {
            let margin = sj - sy + F::one();
            if j != y && margin > F::zero() {
                loss += margin;
                violators += F::one();
                *g = F::one();
            } else {
                *g = F::zero();
            }
        });
        if let Some(g) = grad.get_mut(y) {
            *g = -violators;
        }
        *total += loss;
    }
}
