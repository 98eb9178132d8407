//! The frame that every per-sample loss shares: checks, the loop over samples, the batch mean.

use ndarray::{ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2, Zip};

use super::{Loss, Targets};
use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;

/// The targets a per-sample loss takes.
#[derive(Clone, Copy)]
pub enum Accepts {
    /// One score per sample and labels 0 or 1 (the binary losses).
    OneScore,
    /// One score per class, `K ≥ 2`, and labels `0..K` (the multi-class losses).
    ScorePerClass,
    /// Real targets shaped like the scores, or class labels (one-hot over the outputs; with
    /// one output, 0 or 1 as the value itself).
    ValuesOrClasses,
    /// Real targets shaped like the scores only; class labels are refused with
    /// [`Error::TargetKind`] (the regression losses, for which a class id is not a value).
    Values,
}

/// One sample's target.
#[derive(Clone, Copy)]
pub enum Target<'a, F> {
    /// A class label, already checked against the outputs.
    Class(usize),
    /// A row of real targets, as long as the scores.
    Values(ArrayView1<'a, F>),
}

/// A loss that is the batch mean of a per-sample loss. The module is private, so only ndnet's
/// losses implement it; each gets [`Loss`] from the frame below.
pub trait PerSample<F: Float> {
    /// The loss's name, as error messages show it.
    const NAME: &'static str;
    /// The targets it takes.
    const ACCEPTS: Accepts;

    /// Checks the loss's settings in the float type `F` (a setting that is 0 or infinite
    /// there, but not in `f64`, is refused). Called once per batch, before any sample.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for such a setting.
    fn check_settings(&self) -> Result<()> {
        Ok(())
    }

    /// Adds the sample's loss to `total` (term by term, so that sums come out as they always
    /// have) and writes its gradient with respect to `scores`, not yet divided by the batch
    /// size, into `grad`.
    fn sample(
        &self,
        scores: ArrayView1<'_, F>,
        target: Target<'_, F>,
        grad: ArrayViewMut1<'_, F>,
        total: &mut F,
    );
}

impl<F: Float, L: PerSample<F>> Loss<F> for L {
    fn name(&self) -> &'static str {
        L::NAME
    }

    fn loss_and_gradient(
        &self,
        scores: ArrayView2<'_, F>,
        targets: Targets<'_, F>,
        mut grad: ArrayViewMut2<'_, F>,
    ) -> Result<F> {
        check_batch(&scores, &targets, &grad)?;
        check_targets(L::NAME, L::ACCEPTS, &scores, &targets)?;
        self.check_settings()?;
        let scale = F::one() / F::from_usize(scores.nrows()).unwrap_or_else(F::one);
        let mut total = F::zero();
        let mut run = |s: ArrayView1<'_, F>, target, mut g: ArrayViewMut1<'_, F>| {
            self.sample(s, target, g.view_mut(), &mut total);
            g.mapv_inplace(|v| v * scale);
        };
        match targets {
            Targets::Classes(labels) => Zip::from(grad.rows_mut())
                .and(scores.rows())
                .and(&labels)
                .for_each(|g, s, &y| run(s, Target::Class(y), g)),
            Targets::Values(t) => Zip::from(grad.rows_mut())
                .and(scores.rows())
                .and(t.rows())
                .for_each(|g, s, t| run(s, Target::Values(t), g)),
        }
        Ok(total * scale)
    }

    fn weighted_loss_and_gradient(
        &self,
        scores: ArrayView2<'_, F>,
        targets: Targets<'_, F>,
        weights: ArrayView1<'_, F>,
        mut grad: ArrayViewMut2<'_, F>,
    ) -> Result<F> {
        check_batch(&scores, &targets, &grad)?;
        check_targets(L::NAME, L::ACCEPTS, &scores, &targets)?;
        self.check_settings()?;
        check_batch_weights(weights, scores.nrows())?;
        let sum = weights.iter().fold(F::zero(), |a, &w| a + w);
        if sum == F::zero() {
            // Nothing in this batch counts: no loss, no push.
            grad.fill(F::zero());
            return Ok(F::zero());
        }
        let mut total = F::zero();
        let mut run = |s: ArrayView1<'_, F>, target, mut g: ArrayViewMut1<'_, F>, w: F| {
            let mut own = F::zero();
            self.sample(s, target, g.view_mut(), &mut own);
            total += w * own;
            let scale = w / sum;
            g.mapv_inplace(|v| v * scale);
        };
        match targets {
            Targets::Classes(labels) => Zip::from(grad.rows_mut())
                .and(scores.rows())
                .and(&labels)
                .and(&weights)
                .for_each(|g, s, &y, &w| run(s, Target::Class(y), g, w)),
            Targets::Values(t) => Zip::from(grad.rows_mut())
                .and(scores.rows())
                .and(t.rows())
                .and(&weights)
                .for_each(|g, s, t, &w| run(s, Target::Values(t), g, w)),
        }
        Ok(total / sum)
    }
}

/// A batch's weights: one per row, finite and non-negative (a batch may weigh 0 in all).
fn check_batch_weights<F: Float>(weights: ArrayView1<'_, F>, rows: usize) -> Result<()> {
    check::one_per_row("loss weights", "weights", rows, weights.len())?;
    check::finite_vector("loss weights", weights)?;
    match weights.iter().position(|&w| w < F::zero()) {
        None => Ok(()),
        Some(row) => Err(Error::InvalidHyperparameter {
            name: "sample_weight",
            value: format!(
                "{} at row {row} of the batch",
                weights.get(row).map_or(0.0, |w| w.to_f64_lossless())
            ),
            reason: "weights must be >= 0",
        }),
    }
}

/// The batch shape shared by every loss: non-empty, `grad` shaped like `scores`, and as many
/// targets as rows.
fn check_batch<F: Float>(
    scores: &ArrayView2<'_, F>,
    targets: &Targets<'_, F>,
    grad: &ArrayViewMut2<'_, F>,
) -> Result<()> {
    check::not_empty("the batch", scores.view())?;
    if grad.dim() != scores.dim() {
        return Err(Error::ShapeMismatch {
            context: "loss gradient buffer",
            expected: check::shape2(scores.nrows(), scores.ncols()),
            actual: check::shape2(grad.nrows(), grad.ncols()),
        });
    }
    check::one_per_row("loss targets", "targets", scores.nrows(), targets.len())
}

/// The targets fit the loss and the scores: their kind, the number of score columns, the
/// labels' range, the values' shape and finiteness.
fn check_targets<F: Float>(
    loss: &'static str,
    accepts: Accepts,
    scores: &ArrayView2<'_, F>,
    targets: &Targets<'_, F>,
) -> Result<()> {
    let outputs = scores.ncols();
    let n_classes = match (accepts, targets) {
        (Accepts::ValuesOrClasses | Accepts::Values, Targets::Values(t)) => {
            if t.dim() != scores.dim() {
                return Err(Error::ShapeMismatch {
                    context: "loss targets",
                    expected: check::shape2(scores.nrows(), outputs),
                    actual: check::shape2(t.nrows(), t.ncols()),
                });
            }
            return check::finite("loss targets", *t);
        }
        (_, Targets::Values(_)) => {
            return Err(Error::TargetKind {
                loss,
                expected: "class-label",
            })
        }
        (Accepts::Values, Targets::Classes(_)) => {
            return Err(Error::TargetKind {
                loss,
                expected: "real-valued",
            })
        }
        (Accepts::OneScore, _) if outputs != 1 => {
            return Err(Error::ShapeMismatch {
                context: loss,
                expected: "(batch, 1) scores".into(),
                actual: check::shape2(scores.nrows(), outputs),
            })
        }
        (Accepts::ScorePerClass, _) if outputs < 2 => {
            return Err(Error::ShapeMismatch {
                context: loss,
                expected: "(batch, K >= 2) scores, one per class".into(),
                actual: check::shape2(scores.nrows(), outputs),
            })
        }
        (Accepts::OneScore, _) => 2,
        (_, _) => outputs.max(2),
    };
    match targets {
        Targets::Classes(labels) => check::labels(*labels, n_classes),
        Targets::Values(_) => Ok(()),
    }
}
