//! Parametric ReLU (He et al. 2015, "Delving Deep into Rectifiers"): a leaky ReLU whose
//! negative-side slope is learned.

use ndarray::{Array1, ArrayView1, Zip};

use super::{
    flat, flat_mut, BackwardPass, ForwardPass, Layer, Role, Settings, TensorMut, TensorRef,
};
use crate::activation::scalar::{d_leaky, leaky};
use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;

/// PReLU: `x` for `x > 0`, `a_j·x` otherwise, with the slope `a_j` learned per unit (or one
/// slope shared by all units), as PyTorch's `nn.PReLU`; its tensor is `weight`. Weight
/// penalties do not apply to the slopes.
///
/// Put it after a dense layer with the identity activation
/// ([`NetworkBuilder::prelu`](crate::NetworkBuilder::prelu) does, and initialises that layer
/// with He's scheme, made for rectifiers).
///
/// ```
/// use ndarray::array;
/// use ndnet::layer::{Layer, Mode, PRelu};
///
/// let prelu = PRelu::<f64>::new(2, 0.25)?;
/// let y = prelu.evaluate(array![[-4.0, 3.0]].view(), Mode::Inference)?;
/// assert_eq!(y, array![[-1.0, 3.0]]);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PRelu<F: Float> {
    units: usize,
    slopes: Array1<F>,
}

impl<F: Float> PRelu<F> {
    /// One slope per unit of `units`, each starting at `init` (He et al. use 0.25).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for zero units; [`Error::InvalidHyperparameter`] for a
    /// non-finite `init`.
    pub fn new(units: usize, init: f64) -> Result<Self> {
        Self::with_slopes(units, units, init)
    }

    /// One slope for all `units`, starting at `init` (`nn.PReLU(num_parameters=1)`).
    ///
    /// # Errors
    /// As [`PRelu::new`].
    pub fn shared(units: usize, init: f64) -> Result<Self> {
        Self::with_slopes(units, 1, init)
    }

    fn with_slopes(units: usize, slopes: usize, init: f64) -> Result<Self> {
        check::units("PRelu units", units)?;
        if !init.is_finite() {
            return Err(Error::InvalidHyperparameter {
                name: "init",
                value: init.to_string(),
                reason: "a PReLU slope must be finite",
            });
        }
        Ok(PRelu {
            units,
            slopes: Array1::from_elem(slopes, F::from_f64_lossy(init)),
        })
    }

    /// From the settings [`Layer::settings`] writes (the slopes start at 0.25).
    pub(crate) fn from_settings(inputs: usize, settings: &Settings) -> Result<Self> {
        if settings.get_flag("shared")? {
            Self::shared(inputs, 0.25)
        } else {
            Self::new(inputs, 0.25)
        }
    }

    /// The slopes: one per unit, or one shared.
    pub fn slopes(&self) -> ArrayView1<'_, F> {
        self.slopes.view()
    }

    /// Whether one slope is shared by all units.
    pub fn is_shared(&self) -> bool {
        self.slopes.len() == 1
    }

    /// The slope of each column, as a view of length `units`.
    fn per_unit(&self) -> Result<ArrayView1<'_, F>> {
        self.slopes
            .broadcast(self.units)
            .ok_or_else(|| Error::ShapeMismatch {
                context: "PRelu slopes",
                expected: format!("1 or {} slopes", self.units),
                actual: self.slopes.len().to_string(),
            })
    }
}

impl<F: Float> Layer<F> for PRelu<F> {
    fn kind(&self) -> &'static str {
        "prelu"
    }

    fn inputs(&self) -> usize {
        self.units
    }

    fn outputs(&self) -> usize {
        self.units
    }

    fn forward(&self, mut pass: ForwardPass<'_, F>) -> Result<()> {
        let slopes = self.per_unit()?;
        Zip::from(pass.output.rows_mut())
            .and(pass.input.rows())
            .for_each(|mut out, x| {
                Zip::from(&mut out)
                    .and(x)
                    .and(&slopes)
                    .for_each(|o, &x, &s| *o = leaky(x, s));
            });
        Ok(())
    }

    fn backward(&self, pass: BackwardPass<'_, F>) -> Result<()> {
        let slopes = self.per_unit()?;
        let (x, g) = (pass.input, pass.d_output);
        if let Some(mut dx) = pass.d_input {
            Zip::from(dx.rows_mut())
                .and(x.rows())
                .and(g.rows())
                .for_each(|mut dxr, xr, gr| {
                    Zip::from(&mut dxr)
                        .and(xr)
                        .and(gr)
                        .and(&slopes)
                        .for_each(|dx, &x, &g, &s| *dx = g * d_leaky(x, s));
                });
        }
        let [d_slopes] = pass.gradients else {
            return Err(Error::ShapeMismatch {
                context: "PRelu::backward gradients",
                expected: "1 buffer (weight)".into(),
                actual: "another number".into(),
            });
        };
        check::one_per_row(
            "PRelu slope gradient",
            "slopes",
            self.slopes.len(),
            d_slopes.len(),
        )?;
        // dL/da_j = Σ_batch dL/df · min(x, 0), summed over units when shared.
        let shared = d_slopes.len() == 1 && self.units > 1;
        let mut total = F::zero();
        for (j, (xc, gc)) in x.columns().into_iter().zip(g.columns()).enumerate() {
            let sum = Zip::from(xc).and(gc).fold(F::zero(), |acc, &x, &g| {
                acc + if x > F::zero() { F::zero() } else { g * x }
            });
            if shared {
                total += sum;
            } else if let Some(d) = d_slopes.get_mut(j) {
                *d = sum;
            }
        }
        if shared {
            d_slopes.fill(total);
        }
        Ok(())
    }

    fn tensors<'s>(&'s self, visit: &mut dyn FnMut(TensorRef<'s, F>)) {
        visit(TensorRef {
            name: "weight",
            role: Role::Unpenalized,
            shape: self.slopes.shape(),
            values: flat(&self.slopes),
        });
    }

    fn tensors_mut<'s>(&'s mut self, visit: &mut dyn FnMut(TensorMut<'s, F>)) {
        visit(TensorMut {
            name: "weight",
            role: Role::Unpenalized,
            values: flat_mut(&mut self.slopes),
        });
    }

    fn settings(&self) -> Settings {
        Settings::new().flag("shared", self.slopes.len() == 1)
    }
}
