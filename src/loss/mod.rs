//! Loss functions on a batch of scores.
//!
//! A loss compares the network's output scores `(batch, outputs)` with the targets and returns
//! the **mean over the batch** of the per-sample loss, together with its gradient with respect
//! to the scores (already divided by the batch size), ready for backpropagation.
//!
//! | loss | outputs | targets | per-sample loss |
//! |---|---|---|---|
//! | [`BinaryCrossEntropy`] | 1 logit `s` | class 0 or 1 | `−y ln σ(s) − (1−y) ln(1−σ(s))` |
//! | [`SoftmaxCrossEntropy`] | K logits | class `0..K` | `−ln softmax(s)_y` |
//! | [`Hinge`] | 1 score | class 0 or 1 (as `t = −1, +1`) | `max(0, 1 − t·s)` |
//! | [`MulticlassHinge`] | K scores | class `0..K` | `Σ_{j≠y} max(0, s_j − s_y + 1)` |
//! | [`OneVsRestHinge`] | K scores | class `0..K` (as `t_k = ±1`, `+1` for `k = y`) | `Σ_k max(0, 1 − t_k s_k)` |
//! | [`SquaredError`] | K outputs | K values, or a class (one-hot) | `½ ‖s − t‖²` |
//! | [`Huber`] | K outputs | K values | `Σ_j h(s_j − t_j)`, `h(d) = ½ d²` if `\|d\| ≤ δ`, else `δ (\|d\| − ½ δ)` |
//! | [`AbsoluteError`] | K outputs | K values | `‖s − t‖₁` |
//!
//! Each is the mean of a per-sample loss, and they share one frame that checks the batch and
//! the targets, runs the per-sample loss on every row and scales the result, so a new loss of
//! that kind is its per-sample formula and nothing else.
//!
//! The cross-entropies take **logits**, not probabilities, and are computed with stable
//! formulas (log-sum-exp with the maximum shifted out, log-sigmoid branching on the sign), so
//! loss and gradient stay finite for logits of ±1e4 in `f32` and `f64`.

mod absolute;
mod cross_entropy;
mod frame;
mod hinge;
mod huber;
mod squared;

pub use absolute::AbsoluteError;
pub use cross_entropy::{BinaryCrossEntropy, SoftmaxCrossEntropy};
pub use hinge::{Hinge, MulticlassHinge, OneVsRestHinge};
pub use huber::Huber;
pub use squared::SquaredError;

use ndarray::{Array2, ArrayView1, ArrayView2, ArrayViewMut2};

use crate::error::Result;
use crate::float::Float;

/// What a loss compares the scores with: class labels or real-valued targets.
///
/// Both convert from array views, so `y.view()` can be passed where `impl Into<Targets>` is
/// asked for.
#[derive(Debug, Clone, Copy)]
pub enum Targets<'a, F> {
    /// One class id per sample, `(batch)`.
    Classes(ArrayView1<'a, usize>),
    /// One row of target values per sample, `(batch, outputs)`.
    Values(ArrayView2<'a, F>),
}

impl<'a, F> Targets<'a, F> {
    /// Number of samples.
    pub fn len(&self) -> usize {
        match self {
            Targets::Classes(c) => c.len(),
            Targets::Values(v) => v.nrows(),
        }
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<'a, F> From<ArrayView1<'a, usize>> for Targets<'a, F> {
    fn from(classes: ArrayView1<'a, usize>) -> Self {
        Targets::Classes(classes)
    }
}

impl<'a, F> From<ArrayView2<'a, F>> for Targets<'a, F> {
    fn from(values: ArrayView2<'a, F>) -> Self {
        Targets::Values(values)
    }
}

/// A loss on a batch of scores.
///
/// [`Error`](crate::Error) variants name what is wrong with the batch. Implement it for a loss
/// of your own; ndnet's losses implement it through their per-sample formula.
pub trait Loss<F: Float> {
    /// The loss's name as error messages show it.
    fn name(&self) -> &'static str;

    /// Returns the batch-mean loss and writes `dL/dscores` (divided by the batch size) into
    /// `grad`, which has the shape of `scores`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) when the scores, targets and `grad` disagree (including the
    /// number of outputs the loss needs), [`Error::TargetKind`](crate::Error::TargetKind) for the wrong kind of targets,
    /// [`Error::InvalidLabel`](crate::Error::InvalidLabel) for a class outside the accepted set, [`Error::EmptyData`](crate::Error::EmptyData) for an
    /// empty batch.
    fn loss_and_gradient(
        &self,
        scores: ArrayView2<'_, F>,
        targets: Targets<'_, F>,
        grad: ArrayViewMut2<'_, F>,
    ) -> Result<F>;

    /// The weighted batch mean `Σᵢ wᵢ ℓᵢ / Σᵢ wᵢ`, for sample or class weights, with its
    /// gradient written into `grad` (row `i` is `wᵢ / Σ w · dℓᵢ/dscores`). Weights are
    /// `(batch,)`, finite and `≥ 0`. This is PyTorch's normalisation for
    /// `CrossEntropyLoss(weight=…, reduction='mean')`, which divides by the sum of the
    /// batch's target weights, not by its size; with all weights 1 it is the plain mean. A
    /// batch whose weights are all 0 has loss 0 and gradient 0.
    ///
    /// # Errors
    /// As [`Loss::loss_and_gradient`]; [`Error::ShapeMismatch`](crate::Error::ShapeMismatch)
    /// for not one weight per row, [`Error::NonFinite`](crate::Error::NonFinite) or
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) for a NaN or
    /// negative weight. The default implementation, for losses of your own that only know
    /// their batch mean, is [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter)
    /// (`sample_weight`): implement it to train such a loss with weights. ndnet's losses all
    /// implement it.
    fn weighted_loss_and_gradient(
        &self,
        scores: ArrayView2<'_, F>,
        targets: Targets<'_, F>,
        weights: ArrayView1<'_, F>,
        grad: ArrayViewMut2<'_, F>,
    ) -> Result<F> {
        let _ = (scores, targets, weights, grad);
        Err(crate::Error::InvalidHyperparameter {
            name: "sample_weight",
            value: self.name().to_string(),
            reason: "this loss does not implement weighted_loss_and_gradient",
        })
    }

    /// The batch-mean loss alone.
    ///
    /// # Errors
    /// As [`Loss::loss_and_gradient`].
    fn loss(&self, scores: ArrayView2<'_, F>, targets: Targets<'_, F>) -> Result<F> {
        let mut grad = Array2::zeros(scores.raw_dim());
        self.loss_and_gradient(scores, targets, grad.view_mut())
    }
}
