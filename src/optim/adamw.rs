//! AdamW: Adam with decoupled weight decay.

use super::{Adam, AdamBuilder};
use crate::error::Result;
use crate::float::Float;

/// AdamW (Loshchilov & Hutter, 2019): [`Adam`] with decoupled weight decay, as PyTorch's
/// `torch.optim.AdamW` (which is also, since PyTorch 2.7, `Adam(decoupled_weight_decay=True)`).
///
/// Each step first shrinks every tensor, `p ← p·(1 − η·λ)`, then takes Adam's step without
/// `λ` in the gradient. Defaults are PyTorch's: `η = 1e-3`, `β = (0.9, 0.999)`, `ε = 1e-8`,
/// `λ = 0.01`. The decay applies to every learned tensor unless
/// [`exempt_biases`](AdamBuilder::exempt_biases) limits it to the weights.
///
/// `AdamW` only names the starting point: it builds an [`Adam`] with these settings.
///
/// ```
/// use ndnet::optim::AdamW;
///
/// let adamw = AdamW::builder::<f32>().learning_rate(3e-4).exempt_biases(true).build()?;
/// assert_eq!(adamw.weight_decay(), (0.01, true));
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct AdamW;

impl AdamW {
    /// Adam's builder set to decoupled weight decay `λ = 0.01`.
    pub fn builder<F: Float>() -> AdamBuilder<F> {
        Adam::builder()
            .weight_decay(0.01)
            .decoupled_weight_decay(true)
    }

    /// AdamW with learning rate `learning_rate` and PyTorch's other defaults.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) unless the rate
    /// is finite and `> 0`.
    pub fn with_learning_rate<F: Float>(learning_rate: f64) -> Result<Adam<F>> {
        Self::builder().learning_rate(learning_rate).build()
    }
}
