//! An activation function as a layer of its own, for when something comes between a dense
//! layer and its activation (batch normalisation, most often).

use super::{front, matrix_mut, BackwardPass, ForwardPass, Layer, Mode, Settings};
use crate::activation::Activation;
use crate::check;
use crate::error::Result;
use crate::float::Float;

/// `y = f(x)` elementwise, for a stateless [`Activation`] `f`: PyTorch's activation modules
/// (`nn.ReLU`, `nn.Tanh`, …) on their own. A [`Dense`](super::Dense) layer fuses its
/// activation, so this layer is for the places where something comes in between, as in
/// `Linear → BatchNorm1d → ReLU`.
///
/// ```
/// use ndarray::array;
/// use ndnet::layer::{Activate, Layer, Mode};
/// use ndnet::Activation;
///
/// let relu = Activate::new(2, Activation::Relu)?;
/// let y = relu.evaluate(array![[-1.0f64, 2.0]].view(), Mode::Inference)?;
/// assert_eq!(y, array![[0.0, 2.0]]);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Activate {
    units: usize,
    activation: Activation,
}

impl Activate {
    /// `activation` over `units` values per sample.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) for zero units; [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) for an
    /// invalid activation setting.
    pub fn new(units: usize, activation: Activation) -> Result<Self> {
        check::units("Activate units", units)?;
        activation.validate()?;
        Ok(Activate { units, activation })
    }

    /// From the settings [`Layer::settings`] writes.
    pub(crate) fn from_settings(inputs: usize, settings: &Settings) -> Result<Self> {
        let name = settings.get_text("activation")?;
        let value = match Activation::from_name(name, None)?.setting() {
            Some((key, _)) => Some(settings.get_number(key)?),
            None => None,
        };
        Self::new(inputs, Activation::from_name(name, value)?)
    }

    /// The activation.
    pub fn activation(&self) -> Activation {
        self.activation
    }
}

impl<F: Float> Layer<F> for Activate {
    fn kind(&self) -> &'static str {
        "activation"
    }

    fn inputs(&self) -> usize {
        self.units
    }

    fn outputs(&self) -> usize {
        self.units
    }

    /// In training, room for `dL/dx` in the backward pass.
    fn scratch_len(&self, batch: usize, mode: Mode) -> usize {
        match mode {
            Mode::Training => batch * self.units,
            Mode::Inference => 0,
        }
    }

    fn forward(&self, pass: ForwardPass<'_, F>) -> Result<()> {
        self.activation.apply(pass.input, pass.output);
        Ok(())
    }

    /// `dL/dx = dL/dy ⊙ f'(x)`.
    fn backward(&self, pass: BackwardPass<'_, F>) -> Result<()> {
        let Some(mut d_input) = pass.d_input else {
            return Ok(());
        };
        let (rows, cols) = pass.input.dim();
        front(pass.scratch, rows * cols)?;
        let mut z = matrix_mut(pass.scratch, rows, cols)?;
        z.assign(&pass.input);
        self.activation
            .backward_in_place(z.view_mut(), pass.output, pass.d_output);
        d_input.assign(&z);
        Ok(())
    }

    fn settings(&self) -> Settings {
        let settings = Settings::new().text("activation", self.activation.name());
        match self.activation.setting() {
            Some((key, value)) => settings.number(key, value),
            None => settings,
        }
    }
}
