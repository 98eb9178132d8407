//! Squared error: regression, and the "quadratic cost" of Nielsen's book.

use ndarray::{ArrayView1, ArrayViewMut1, Zip};

use super::frame::{Accepts, PerSample, Target};
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

impl<F: Float> PerSample<F> for SquaredError {
    const NAME: &'static str = "SquaredError";
    const ACCEPTS: Accepts = Accepts::ValuesOrClasses;

    fn sample(
        &self,
        scores: ArrayView1<'_, F>,
        target: Target<'_, F>,
        mut grad: ArrayViewMut1<'_, F>,
        total: &mut F,
    ) {
        let half = F::from_f64_lossy(0.5);
        let mut term = |g: &mut F, d: F| {
            *total += half * d * d;
            *g = d;
        };
        match target {
            Target::Values(t) => Zip::from(&mut grad)
                .and(&scores)
                .and(&t)
                .for_each(|g, &s, &t| term(g, s - t)),
            Target::Class(y) => {
                // One output: the class id itself (0 or 1) is the target value.
                let single = scores.len() == 1;
                Zip::indexed(&mut grad).and(&scores).for_each(|j, g, &s| {
                    let hot = if single { y == 1 } else { j == y };
                    term(g, s - if hot { F::one() } else { F::zero() });
                });
            }
        }
    }
}
