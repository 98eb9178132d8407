//! Cross-entropy on logits: binary (one sigmoid output) and softmax (K outputs).

use ndarray::{ArrayView2, ArrayViewMut2, Zip};

use super::{mean_over_samples, Loss, Outputs, Targets};
use crate::activation::{sigmoid, softplus};
use crate::error::Result;
use crate::float::Float;

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

impl<F: Float> Loss<F> for BinaryCrossEntropy {
    fn name(&self) -> &'static str {
        "BinaryCrossEntropy"
    }

    fn loss_and_gradient(
        &self,
        scores: ArrayView2<'_, F>,
        targets: Targets<'_, F>,
        grad: ArrayViewMut2<'_, F>,
    ) -> Result<F> {
        let name = Loss::<F>::name(self);
        mean_over_samples(name, Outputs::One, scores, targets, grad, |s, y, mut g| {
            let s = s[0];
            let y = if y == 1 { F::one() } else { F::zero() };
            g[0] = sigmoid(s) - y;
            softplus(s) - y * s
        })
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

impl<F: Float> Loss<F> for SoftmaxCrossEntropy {
    fn name(&self) -> &'static str {
        "SoftmaxCrossEntropy"
    }

    fn loss_and_gradient(
        &self,
        scores: ArrayView2<'_, F>,
        targets: Targets<'_, F>,
        grad: ArrayViewMut2<'_, F>,
    ) -> Result<F> {
        let name = Loss::<F>::name(self);
        mean_over_samples(
            name,
            Outputs::PerClass,
            scores,
            targets,
            grad,
            |s, y, mut g| {
                let m = s.fold(F::neg_infinity(), |m, &v| m.max(v));
                // g ← e^{s−m}, then the sum; one pass for exp, one to normalise.
                let mut sum = F::zero();
                Zip::from(&mut g).and(&s).for_each(|g, &v| {
                    *g = (v - m).exp();
                    sum += *g;
                });
                let inv = F::one() / sum;
                g.mapv_inplace(|e| e * inv);
                g[y] -= F::one();
                m + sum.ln() - s[y]
            },
        )
    }
}
