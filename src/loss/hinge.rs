//! Hinge losses: the binary SVM's, the multiclass (Weston–Watkins) SVM's, and one binary hinge
//! per class (one-vs-rest).

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

/// One binary hinge per class (one-vs-rest): class `k`'s score is the margin of "class `k`
/// against the rest", so the scores are K binary SVMs side by side.
///
/// Per sample `ℓ = Σ_k max(0, 1 − t_k s_k)` with `t_k = +1` for the true class `k = y` and `−1`
/// for every other; `dℓ/ds_k = −t_k` where `t_k s_k < 1`, else 0 (the zero subgradient at the
/// kink, as [`Hinge`]). Column `k` alone is [`Hinge`] on the labels `[y = k]`, so with a
/// penalty that is separable by class (L2 on each weight row) minimising this loss is the K
/// binary problems at once: scikit-learn's one-vs-rest `LinearSVC`, but with the plain hinge.
///
/// ```
/// use ndarray::array;
/// use ndnet::loss::{Loss, OneVsRestHinge};
///
/// // True class 0, so t = (+1, −1, −1): max(0, 1 − 0.5) + max(0, 1 + 0.2) + max(0, 1 − 2).
/// let scores = array![[0.5f64, 0.2, -2.0]];
/// let loss = OneVsRestHinge.loss(scores.view(), array![0usize].view().into())?;
/// assert!((loss - 1.7).abs() < 1e-12);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OneVsRestHinge;

impl<F: Float> PerSample<F> for OneVsRestHinge {
    const NAME: &'static str = "OneVsRestHinge";
    const ACCEPTS: Accepts = Accepts::ScorePerClass;

    fn sample(
        &self,
        scores: ArrayView1<'_, F>,
        target: Target<'_, F>,
        mut grad: ArrayViewMut1<'_, F>,
        total: &mut F,
    ) {
        let Target::Class(y) = target else { return };
        Zip::indexed(&mut grad).and(&scores).for_each(|k, g, &s| {
            let t = if k == y { F::one() } else { -F::one() };
            let slack = F::one() - t * s;
            if slack > F::zero() {
                *g = -t;
                *total += slack;
            } else {
                *g = F::zero();
            }
        });
    }
}
