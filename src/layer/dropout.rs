//! Dropout (Srivastava et al. 2014), inverted: scaled in training, the identity in inference.

use rand::RngCore;

use super::{front, BackwardPass, ForwardPass, Layer, Mode, Settings};
use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;

/// Inverted dropout: in training each value is kept with probability `1 − p` and scaled by
/// `1/(1 − p)`, or zeroed; in inference the layer is the identity. PyTorch's `nn.Dropout(p)`.
///
/// The masks come from the network's training generator
/// ([`Network::seed_noise`](crate::Network::seed_noise); a [`Trainer`](crate::train::Trainer)
/// seeds it from its seed), so the same seed drops the same units. Each value's draw is 32
/// random bits compared with `p·2³²`. The mask of a training pass is kept in the scratch for
/// the backward pass, which lets the gradient through the kept values only.
///
/// ```
/// use ndarray::Array2;
/// use ndnet::layer::{Dropout, Layer, Mode};
///
/// let dropout = Dropout::new(4, 0.5)?;
/// let x = Array2::<f64>::ones((250, 4));
/// assert_eq!(dropout.evaluate(x.view(), Mode::Inference)?, x);
/// let y = dropout.evaluate(x.view(), Mode::Training)?;
/// assert!(y.iter().all(|&v| v == 0.0 || v == 2.0));
/// let kept = y.iter().filter(|&&v| v == 2.0).count();
/// assert!((400..600).contains(&kept));
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Dropout {
    units: usize,
    p: f64,
}

impl Dropout {
    /// Dropout over `units` values per sample, each dropped with probability `p` in `[0, 1)`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for zero units; [`Error::InvalidHyperparameter`] for `p`
    /// outside `[0, 1)`.
    pub fn new(units: usize, p: f64) -> Result<Self> {
        check::units("Dropout units", units)?;
        check::fraction("dropout p", p)?;
        Ok(Dropout { units, p })
    }

    /// From the settings [`Layer::settings`] writes.
    pub(crate) fn from_settings(inputs: usize, settings: &Settings) -> Result<Self> {
        Self::new(inputs, settings.get_number("p")?)
    }

    /// The probability `p` of dropping a value.
    pub fn p(&self) -> f64 {
        self.p
    }
}

impl<F: Float> Layer<F> for Dropout {
    fn kind(&self) -> &'static str {
        "dropout"
    }

    fn inputs(&self) -> usize {
        self.units
    }

    fn outputs(&self) -> usize {
        self.units
    }

    /// The mask (`0` or `1/(1 − p)` per value) in training; nothing in inference.
    fn scratch_len(&self, batch: usize, mode: Mode) -> usize {
        match mode {
            Mode::Training => batch * self.units,
            Mode::Inference => 0,
        }
    }

    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a training pass without a generator.
    fn forward(&self, pass: ForwardPass<'_, F>) -> Result<()> {
        let (input, mut output) = (pass.input, pass.output);
        let rng = match (pass.mode, pass.noise) {
            (Mode::Inference, _) => {
                output.assign(&input);
                return Ok(());
            }
            (Mode::Training, Some(rng)) => rng,
            (Mode::Training, None) => {
                return Err(Error::InvalidHyperparameter {
                    name: "dropout noise",
                    value: "none".into(),
                    reason: "a training pass through dropout needs the network's generator",
                })
            }
        };
        let mask = front(pass.scratch, input.len())?;
        fill_mask(mask, self.p, rng);
        let rows = output.rows_mut().into_iter().zip(input.rows());
        for ((mut out, x), m) in rows.zip(mask.chunks_exact(self.units)) {
            for ((o, &x), &m) in out.iter_mut().zip(x).zip(m) {
                *o = x * m;
            }
        }
        Ok(())
    }

    /// `dL/dx = dL/dy · mask`.
    fn backward(&self, pass: BackwardPass<'_, F>) -> Result<()> {
        let Some(mut d_input) = pass.d_input else {
            return Ok(());
        };
        let mask = front(pass.scratch, pass.d_output.len())?;
        let rows = d_input.rows_mut().into_iter().zip(pass.d_output.rows());
        for ((mut dx, dy), m) in rows.zip(mask.chunks_exact(self.units)) {
            for ((dx, &dy), &m) in dx.iter_mut().zip(dy).zip(m) {
                *dx = dy * m;
            }
        }
        Ok(())
    }

    fn settings(&self) -> Settings {
        Settings::new().number("p", self.p)
    }
}

/// Fills `mask` with `1/(1 − p)` (kept) or `0` (dropped), two values per 64 random bits.
fn fill_mask<F: Float>(mask: &mut [F], p: f64, rng: &mut impl RngCore) {
    // A value is dropped when its 32 bits fall below p·2³² (p < 1, so this fits).
    let threshold = (p * 4_294_967_296.0) as u64;
    let kept = F::from_f64_lossy(1.0 / (1.0 - p));
    let pick = |bits: u64| if bits < threshold { F::zero() } else { kept };
    let mut pairs = mask.chunks_exact_mut(2);
    for pair in &mut pairs {
        let bits = rng.next_u64();
        if let [low, high] = pair {
            *low = pick(bits & 0xFFFF_FFFF);
            *high = pick(bits >> 32);
        }
    }
    if let [last] = pairs.into_remainder() {
        *last = pick(rng.next_u64() >> 32);
    }
}
