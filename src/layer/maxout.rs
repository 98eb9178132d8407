//! Maxout (Goodfellow et al. 2013): each unit is the maximum of `k` affine pieces.

use ndarray::{s, Zip};

use super::{BackwardPass, ForwardPass, Layer, Settings};
use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;

/// Maxout over groups of `pieces` inputs: output `i` is `max_j x[i·k + j]`. After a dense layer
/// of `units·k` units with the identity activation, unit `i` of the pair is
/// `h_i = max_j (w_{ik+j}·x + b_{ik+j})`, Goodfellow et al.'s maxout unit; row `i·k + j` of the
/// dense weight is piece `j` of unit `i`. The gradient flows only through the piece that
/// attains the maximum (the first one on a tie). It has no tensors of its own.
///
/// ```
/// use ndarray::array;
/// use ndnet::layer::{Layer, Maxout, Mode};
///
/// let maxout = Maxout::new(2, 2)?;                       // 4 inputs, 2 units
/// let y = maxout.evaluate(array![[1.0f64, -3.0, 0.5, 2.0]].view(), Mode::Inference)?;
/// assert_eq!(y, array![[1.0, 2.0]]);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Maxout {
    units: usize,
    pieces: usize,
}

impl Maxout {
    /// `units` units of `pieces` pieces each (Goodfellow et al. use 2 to 5), reading
    /// `units · pieces` inputs.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for zero pieces; [`Error::ShapeMismatch`] for zero
    /// units or a number of inputs that does not fit in `usize`.
    pub fn new(units: usize, pieces: usize) -> Result<Self> {
        if pieces == 0 {
            return Err(Error::InvalidHyperparameter {
                name: "pieces",
                value: "0".into(),
                reason: "a maxout unit needs at least 1 piece",
            });
        }
        if units == 0 || check::elements("Maxout inputs", &[units, pieces]).is_err() {
            return Err(Error::ShapeMismatch {
                context: "Maxout units",
                expected: "at least 1 unit, and units · pieces inputs".into(),
                actual: format!("{units} units of {pieces} pieces"),
            });
        }
        Ok(Maxout { units, pieces })
    }

    /// From the settings [`Layer::settings`] writes.
    pub(crate) fn from_settings(inputs: usize, settings: &Settings) -> Result<Self> {
        let pieces = settings.get_count("pieces")?;
        if pieces == 0 || inputs % pieces != 0 {
            return Err(Error::ShapeMismatch {
                context: "Maxout inputs",
                expected: format!("a multiple of {pieces} pieces"),
                actual: format!("{inputs} inputs"),
            });
        }
        Maxout::new(inputs / pieces, pieces)
    }

    /// The pieces per unit, `k`.
    pub fn pieces(&self) -> usize {
        self.pieces
    }
}

impl<F: Float> Layer<F> for Maxout {
    fn kind(&self) -> &'static str {
        "maxout"
    }

    fn inputs(&self) -> usize {
        self.units * self.pieces
    }

    fn outputs(&self) -> usize {
        self.units
    }

    fn forward(&self, mut pass: ForwardPass<'_, F>) -> Result<()> {
        let k = self.pieces;
        Zip::from(pass.input.rows())
            .and(pass.output.rows_mut())
            .for_each(|xr, mut ar| {
                for (i, a) in ar.iter_mut().enumerate() {
                    let pieces = xr.slice(s![i * k..(i + 1) * k]);
                    *a = pieces.fold(F::neg_infinity(), |m, &v| m.max(v));
                }
            });
        Ok(())
    }

    fn backward(&self, pass: BackwardPass<'_, F>) -> Result<()> {
        let Some(mut dx) = pass.d_input else {
            return Ok(());
        };
        let k = self.pieces;
        Zip::from(dx.rows_mut())
            .and(pass.input.rows())
            .and(pass.d_output.rows())
            .for_each(|mut dxr, xr, gr| {
                dxr.fill(F::zero());
                for (i, &g) in gr.iter().enumerate() {
                    // The first largest piece of unit i gets the gradient.
                    let mut best: Option<(usize, F)> = None;
                    for j in i * k..(i + 1) * k {
                        if let Some(&v) = xr.get(j) {
                            if best.is_none_or(|(_, b)| v > b) {
                                best = Some((j, v));
                            }
                        }
                    }
                    if let Some(d) = best.and_then(|(j, _)| dxr.get_mut(j)) {
                        *d = g;
                    }
                }
            });
        Ok(())
    }

    fn settings(&self) -> Settings {
        Settings::new().count("pieces", self.pieces)
    }
}
