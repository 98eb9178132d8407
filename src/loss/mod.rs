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
//! | [`SquaredError`] | K outputs | K values, or a class (one-hot) | `½ ‖s − t‖²` |
//!
//! The cross-entropies take **logits**, not probabilities, and are computed with stable
//! formulas (log-sum-exp with the maximum shifted out, log-sigmoid branching on the sign), so
//! loss and gradient stay finite for logits of ±1e4 in `f32` and `f64`.

mod cross_entropy;
mod hinge;
mod squared;

pub use cross_entropy::{BinaryCrossEntropy, SoftmaxCrossEntropy};
pub use hinge::{Hinge, MulticlassHinge};
pub use squared::SquaredError;

use ndarray::{Array2, ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2, Zip};

use crate::error::{shape2, Error, Result};
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
pub trait Loss<F: Float> {
    /// The loss's name as error messages show it.
    fn name(&self) -> &'static str;

    /// Returns the batch-mean loss and writes `dL/dscores` (divided by the batch size) into
    /// `grad`, which has the shape of `scores`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when the scores, targets and `grad` disagree (including the
    /// number of outputs the loss needs), [`Error::TargetKind`] for the wrong kind of targets,
    /// [`Error::InvalidLabel`] for a class outside the accepted set, [`Error::EmptyData`] for an
    /// empty batch.
    fn loss_and_gradient(
        &self,
        scores: ArrayView2<'_, F>,
        targets: Targets<'_, F>,
        grad: ArrayViewMut2<'_, F>,
    ) -> Result<F>;

    /// The batch-mean loss alone.
    ///
    /// # Errors
    /// As [`Loss::loss_and_gradient`].
    fn loss(&self, scores: ArrayView2<'_, F>, targets: Targets<'_, F>) -> Result<F> {
        let mut grad = Array2::zeros(scores.raw_dim());
        self.loss_and_gradient(scores, targets, grad.view_mut())
    }
}

/// Checks the batch shape shared by every loss: non-empty, `grad` shaped like `scores`, and as
/// many targets as rows.
fn check_batch<F: Float>(
    scores: &ArrayView2<'_, F>,
    targets: &Targets<'_, F>,
    grad: &ArrayViewMut2<'_, F>,
) -> Result<()> {
    if scores.nrows() == 0 {
        return Err(Error::EmptyData("the batch has no samples".into()));
    }
    if grad.dim() != scores.dim() {
        return Err(Error::ShapeMismatch {
            context: "loss gradient buffer",
            expected: shape2(scores.nrows(), scores.ncols()),
            actual: shape2(grad.nrows(), grad.ncols()),
        });
    }
    if targets.len() != scores.nrows() {
        return Err(Error::ShapeMismatch {
            context: "loss targets",
            expected: format!("{} targets (one per row of scores)", scores.nrows()),
            actual: format!("{} targets", targets.len()),
        });
    }
    Ok(())
}

/// The class labels of `targets`, checked to lie in `0..n_classes`.
fn class_labels<'a, F: Float>(
    loss: &'static str,
    targets: Targets<'a, F>,
    n_classes: usize,
) -> Result<ArrayView1<'a, usize>> {
    let Targets::Classes(labels) = targets else {
        return Err(Error::TargetKind {
            loss,
            expected: "class-label",
        });
    };
    if let Some((row, &value)) = labels.indexed_iter().find(|(_, &y)| y >= n_classes) {
        return Err(Error::InvalidLabel {
            row,
            value: value.to_string(),
            expected: if n_classes == 2 {
                "0 or 1".into()
            } else {
                format!("a class id in 0..{n_classes}")
            },
        });
    }
    Ok(labels)
}

/// Checks that `scores` has exactly `n` columns (for the binary losses, `n = 1`).
fn check_outputs<F: Float>(loss: &'static str, scores: &ArrayView2<'_, F>, n: usize) -> Result<()> {
    if scores.ncols() == n {
        Ok(())
    } else {
        Err(Error::ShapeMismatch {
            context: loss,
            expected: format!("(batch, {n}) scores"),
            actual: shape2(scores.nrows(), scores.ncols()),
        })
    }
}

/// Checks that `scores` has at least two columns (one per class).
fn check_multiclass<F: Float>(loss: &'static str, scores: &ArrayView2<'_, F>) -> Result<()> {
    if scores.ncols() >= 2 {
        Ok(())
    } else {
        Err(Error::ShapeMismatch {
            context: loss,
            expected: "(batch, K >= 2) scores, one per class".into(),
            actual: shape2(scores.nrows(), scores.ncols()),
        })
    }
}

/// How many score columns a class-label loss takes.
#[derive(Clone, Copy)]
enum Outputs {
    /// One score per sample, labels 0 and 1 (the binary losses).
    One,
    /// One score per class, `K ≥ 2` (the multi-class losses).
    PerClass,
}

/// The frame every class-label loss shares: checks the batch, the number of outputs and the
/// labels, runs `per_sample(scores, label, grad)` on each row (which returns the sample's loss
/// and writes the sample's unscaled gradient), then scales the gradient and returns the mean.
fn mean_over_samples<F: Float>(
    loss: &'static str,
    outputs: Outputs,
    scores: ArrayView2<'_, F>,
    targets: Targets<'_, F>,
    mut grad: ArrayViewMut2<'_, F>,
    mut per_sample: impl FnMut(ArrayView1<'_, F>, usize, ArrayViewMut1<'_, F>) -> F,
) -> Result<F> {
    check_batch(&scores, &targets, &grad)?;
    let n_classes = match outputs {
        Outputs::One => {
            check_outputs(loss, &scores, 1)?;
            2
        }
        Outputs::PerClass => {
            check_multiclass(loss, &scores)?;
            scores.ncols()
        }
    };
    let labels = class_labels(loss, targets, n_classes)?;
    let scale = inv_batch::<F>(scores.nrows());
    let mut total = F::zero();
    Zip::from(grad.rows_mut())
        .and(scores.rows())
        .and(&labels)
        .for_each(|mut g, s, &y| {
            total += per_sample(s, y, g.view_mut());
            g.mapv_inplace(|v| v * scale);
        });
    Ok(total * scale)
}

/// `1 / batch` in `F`.
fn inv_batch<F: Float>(batch: usize) -> F {
    F::one() / F::from_usize(batch).unwrap_or_else(F::one)
}
