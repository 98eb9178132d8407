//! Squared error: regression, and the "quadratic cost" of Nielsen's book.

use ndarray::{ArrayView2, ArrayViewMut2, Zip};

use super::{check_batch, class_labels, inv_batch, Loss, Targets};
use crate::error::{shape2, Error, Result};
use crate::float::Float;

/// Half the squared Euclidean distance between scores and targets, `ℓ = ½ ‖s − t‖²`, averaged
/// over the batch (Nielsen's quadratic cost `C = 1/2n Σ ‖y − a‖²`); `dℓ/ds = s − t`.
///
/// Targets are real values `(batch, outputs)`, or class ids, which are one-hot encoded over the
/// `outputs` columns (how Nielsen trains MNIST with it); with a single output, class 0 or 1 is
/// itself the target value. Note the convention differs from
/// PyTorch's `MSELoss`, which averages over outputs too and has no ½.
///
/// ```
/// use ndarray::array;
/// use ndnet::loss::{Loss, SquaredError};
///
/// let loss = SquaredError.loss(array![[1.0f64, 2.0]].view(), array![[0.0, 0.0]].view().into())?;
/// assert_eq!(loss, 2.5);   // ½ (1 + 4)
/// // Class 1 of 2 is the target row [0, 1]:
/// let loss = SquaredError.loss(array![[1.0f64, 2.0]].view(), array![1usize].view().into())?;
/// assert_eq!(loss, 1.0);   // ½ (1 + 1)
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SquaredError;

impl<F: Float> Loss<F> for SquaredError {
    fn name(&self) -> &'static str {
        "SquaredError"
    }

    fn loss_and_gradient(
        &self,
        scores: ArrayView2<'_, F>,
        targets: Targets<'_, F>,
        mut grad: ArrayViewMut2<'_, F>,
    ) -> Result<F> {
        check_batch(&scores, &targets, &grad)?;
        let scale = inv_batch::<F>(scores.nrows());
        let half = F::from_f64_lossy(0.5);
        let mut total = F::zero();
        match targets {
            Targets::Values(t) => {
                if t.dim() != scores.dim() {
                    return Err(Error::ShapeMismatch {
                        context: "SquaredError targets",
                        expected: shape2(scores.nrows(), scores.ncols()),
                        actual: shape2(t.nrows(), t.ncols()),
                    });
                }
                crate::float::check_finite("SquaredError targets", t)?;
                Zip::from(&mut grad)
                    .and(&scores)
                    .and(&t)
                    .for_each(|g, &s, &t| {
                        let d = s - t;
                        total += half * d * d;
                        *g = d * scale;
                    });
            }
            Targets::Classes(_) => {
                // One output: the class id itself (0 or 1) is the target value.
                let single = scores.ncols() == 1;
                let n_classes = if single { 2 } else { scores.ncols() };
                let labels = class_labels(Loss::<F>::name(self), targets, n_classes)?;
                Zip::from(grad.rows_mut())
                    .and(scores.rows())
                    .and(&labels)
                    .for_each(|mut g, s, &y| {
                        Zip::indexed(&mut g).and(&s).for_each(|j, g, &s| {
                            let hot = if single { y == 1 } else { j == y };
                            let t = if hot { F::one() } else { F::zero() };
                            let d = s - t;
                            total += half * d * d;
                            *g = d * scale;
                        });
                    });
            }
        }
        Ok(total * scale)
    }
}
