//! Softmax over each row: an output layer that turns scores into probabilities.

use ndarray::Zip;

use super::{BackwardPass, ForwardPass, Layer, Settings};
use crate::check;
use crate::error::Result;
use crate::float::Float;
use crate::ops::softmax;

/// Softmax over each row, `a_j = e^{x_j} / Σ_l e^{x_l}`, with the row maximum shifted out so
/// that it stays exact at scores of ±1e4. Its Jacobian is `∂a_j/∂x_l = a_j([j = l] − a_l)`, so
/// the backward pass is the Jacobian-vector product `dx = a ⊙ (da − (da · a))`.
///
/// For training a classifier, prefer scores (an identity output) with
/// [`SoftmaxCrossEntropy`](crate::loss::SoftmaxCrossEntropy), which fuses the two stably.
///
/// ```
/// use ndarray::array;
/// use ndnet::layer::{Layer, Mode, Softmax};
///
/// let p = Softmax::new(3)?.evaluate(array![[1e4f64, -1e4, 0.0]].view(), Mode::Inference)?;
/// assert_eq!(p, array![[1.0, 0.0, 0.0]]);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Softmax {
    units: usize,
}

impl Softmax {
    /// Softmax over rows of `units` values.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) for zero units.
    pub fn new(units: usize) -> Result<Self> {
        check::units("Softmax units", units)?;
        Ok(Softmax { units })
    }

    /// From the settings [`Layer::settings`] writes (there are none).
    pub(crate) fn from_settings(inputs: usize, _settings: &Settings) -> Result<Self> {
        Softmax::new(inputs)
    }
}

impl<F: Float> Layer<F> for Softmax {
    fn kind(&self) -> &'static str {
        "softmax"
    }

    fn inputs(&self) -> usize {
        self.units
    }

    fn outputs(&self) -> usize {
        self.units
    }

    fn forward(&self, mut pass: ForwardPass<'_, F>) -> Result<()> {
        Zip::from(pass.input.rows())
            .and(pass.output.rows_mut())
            .for_each(|x, a| {
                softmax(x, a);
            });
        Ok(())
    }

    fn backward(&self, pass: BackwardPass<'_, F>) -> Result<()> {
        let Some(mut dx) = pass.d_input else {
            return Ok(());
        };
        Zip::from(dx.rows_mut())
            .and(pass.output.rows())
            .and(pass.d_output.rows())
            .for_each(|mut dxr, ar, gr| {
                let dot = ar.dot(&gr);
                Zip::from(&mut dxr)
                    .and(&ar)
                    .and(&gr)
                    .for_each(|dx, &a, &g| *dx = a * (g - dot));
            });
        Ok(())
    }
}
