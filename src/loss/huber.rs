//! Huber loss: squared error near the target, absolute error far from it.

use ndarray::{ArrayView1, ArrayViewMut1, Zip};

use super::frame::{Accepts, PerSample, Target};
use crate::check;
use crate::error::Result;
use crate::float::Float;

/// Huber's loss with threshold `δ`: quadratic for small errors, linear for large ones, so an
/// outlier pulls on the fit with a force of at most `δ`.
///
/// Per element `d = s − t`, `h_δ(d) = ½ d²` where `|d| ≤ δ`, else `δ (|d| − ½ δ)`; the two
/// pieces meet with equal value and slope at `|d| = δ`. Per sample `ℓ = Σ_j h_δ(s_j − t_j)`,
/// averaged over the batch; `dℓ/ds_j` is `d` clamped to `[−δ, δ]`.
///
/// Targets are real values `(batch, outputs)` only; class ids are refused with
/// [`Error::TargetKind`](crate::Error::TargetKind). Note the convention differs from
/// PyTorch's `HuberLoss`, which averages over outputs too: ndnet sums over outputs and averages
/// over the batch only, as [`SquaredError`](super::SquaredError) does, so
/// `HuberLoss(reduction='mean')` is this loss divided by the number of outputs. The element
/// formula and its gradient are PyTorch's, and with `δ = 1` it is also PyTorch's
/// `SmoothL1Loss` with `β = 1`.
///
/// The threshold is checked once, by [`Huber::new`]; the field is private so that no other
/// value reaches the formula. In `f32`, `δ` is rounded to `f32`.
///
/// ```
/// use ndarray::array;
/// use ndnet::loss::{Huber, Loss};
///
/// let huber = Huber::new(1.0)?;
/// // d = 0.5 is inside the threshold, d = −3 outside: ½·0.25 + 1·(3 − ½) = 2.625.
/// let loss = huber.loss(array![[0.5f64, -3.0]].view(), array![[0.0, 0.0]].view().into())?;
/// assert_eq!(loss, 2.625);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Huber {
    delta: f64,
}

impl Huber {
    /// A Huber loss with threshold `delta`.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) named `delta`
    /// when `delta` is not finite and `> 0` (zero, negative, NaN or infinite).
    ///
    /// ```
    /// use ndnet::loss::Huber;
    ///
    /// assert_eq!(Huber::new(0.5)?.delta(), 0.5);
    /// assert!(Huber::new(0.0).is_err());
    /// assert!(Huber::new(f64::NAN).is_err());
    /// # Ok::<(), ndnet::Error>(())
    /// ```
    pub fn new(delta: f64) -> Result<Self> {
        check::positive("delta", delta)?;
        Ok(Huber { delta })
    }

    /// The threshold `δ` between the quadratic and the linear piece.
    ///
    /// ```
    /// use ndnet::loss::Huber;
    ///
    /// assert_eq!(Huber::new(2.0)?.delta(), 2.0);
    /// # Ok::<(), ndnet::Error>(())
    /// ```
    pub fn delta(&self) -> f64 {
        self.delta
    }
}

impl Default for Huber {
    /// `δ = 1`, the default of PyTorch's `HuberLoss`.
    ///
    /// ```
    /// use ndnet::loss::Huber;
    ///
    /// assert_eq!(Huber::default().delta(), 1.0);
    /// ```
    fn default() -> Self {
        Huber { delta: 1.0 }
    }
}

impl<F: Float> PerSample<F> for Huber {
    const NAME: &'static str = "Huber";
    const ACCEPTS: Accepts = Accepts::Values;

    fn check_settings(&self) -> crate::error::Result<()> {
        // `new` checked δ in f64; 1e-50 is still 0 in f32.
        crate::check::positive_in::<F>("delta", self.delta)
    }

    fn sample(
        &self,
        scores: ArrayView1<'_, F>,
        target: Target<'_, F>,
        mut grad: ArrayViewMut1<'_, F>,
        total: &mut F,
    ) {
        let Target::Values(t) = target else { return };
        let delta = F::from_f64_lossy(self.delta);
        let half = F::from_f64_lossy(0.5);
        Zip::from(&mut grad)
            .and(&scores)
            .and(&t)
            .for_each(|g, &s, &t| {
                let d = s - t;
                let a = d.abs();
                if a <= delta {
                    *total += half * d * d;
                    *g = d;
                } else {
                    // Here d ≠ 0, so signum is ±1; a NaN difference lands here and stays NaN.
                    *total += delta * (a - half * delta);
                    *g = delta * d.signum();
                }
            });
    }
}
