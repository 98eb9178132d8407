//! Cross-entropy on logits: binary (one sigmoid output) and softmax (K outputs).

use ndarray::{ArrayView1, ArrayViewMut1};

use super::frame::{Accepts, PerSample, Target};
use crate::float::Float;
use crate::ops::{sigmoid, softmax, softplus};

/// Binary cross-entropy on a logit: the loss of logistic regression.
///
/// Scores `(batch, 1)` are logits `s`; labels are 0 or 1. Per sample
/// `ℓ = −y ln σ(s) − (1 − y) ln(1 − σ(s)) = softplus(s) − y·s`, computed as
/// `max(s, 0) − y·s + ln(1 + e^{−|s|})`; `dℓ/ds = σ(s) − y`.
///
/// ```
/// use ndarray::array;
/// use ndnet::loss::{BinaryCrossEntropy, Loss};
///
/// let scores = array![[0.0f64], [1e4]];
/// let labels = array![1usize, 1];
/// let loss = BinaryCrossEntropy.loss(scores.view(), labels.view().into())?;
/// assert!((loss - std::f64::consts::LN_2 / 2.0).abs() < 1e-12);   // (ln 2 + 0) / 2
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BinaryCrossEntropy;

impl<F: Float> PerSample<F> for BinaryCrossEntropy {
    const NAME: &'static str = "BinaryCrossEntropy";
    const ACCEPTS: Accepts = Accepts::OneScore;

    fn sample(
        &self,
        scores: ArrayView1<'_, F>,
        target: Target<'_, F>,
        mut grad: ArrayViewMut1<'_, F>,
        total: &mut F,
    ) {
        let (Some(&s), Some(g)) = (scores.first(), grad.first_mut()) else {
            return;
        };
        let y = if matches!(target, Target::Class(1)) {
            F::one()
        } else {
            F::zero()
        };
        *g = sigmoid(s) - y;
        *total += softplus(s) - y * s;
    }
}

/// Softmax cross-entropy on K logits: the loss of multinomial logistic regression and of
/// classifier networks.
///
/// Per sample `ℓ = −ln softmax(s)_y = LSE(s) − s_y`, with the log-sum-exp computed as
/// `m + ln Σ_j e^{s_j − m}`, `m = max_j s_j`; `dℓ/ds_j = softmax(s)_j − [j = y]`.
///
/// ```
/// use ndarray::array;
/// use ndnet::loss::{Loss, SoftmaxCrossEntropy};
///
/// // Equal logits over 4 classes: the loss is ln 4 whatever the label.
/// let loss = SoftmaxCrossEntropy.loss(array![[2.0f64, 2.0, 2.0, 2.0]].view(), array![3usize].view().into())?;
/// assert!((loss - 4f64.ln()).abs() < 1e-12);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SoftmaxCrossEntropy;

impl<F: Float> PerSample<F> for SoftmaxCrossEntropy {
    const NAME: &'static str = "SoftmaxCrossEntropy";
    const ACCEPTS: Accepts = Accepts::ScorePerClass;

    fn sample(
        &self,
        scores: ArrayView1<'_, F>,
        target: Target<'_, F>,
        mut grad: ArrayViewMut1<'_, F>,
        total: &mut F,
    ) {
        let Target::Class(y) = target else { return };
        // grad ← softmax(s) − onehot(y); the loss is LSE(s) − s_y.
        let lse = softmax(scores, grad.view_mut());
        if let (Some(g), Some(&sy)) = (grad.get_mut(y), scores.get(y)) {
            *g -= F::one();
            *total += lse - sy;
        }
    }
}
