//! Diagnostics for the two classic failure modes of deep networks: dead ReLU units and
//! vanishing gradients.
//!
//! A ReLU unit whose input is negative for every sample outputs 0 and passes no gradient: it
//! is *dead* and, under plain gradient descent, stays dead. A sigmoid saturates at both ends,
//! where its derivative `σ(1 − σ) ≤ 1/4` is nearly 0; stacked layers multiply these factors, so
//! the gradient reaching the first layers of a deep sigmoid network *vanishes*.
//!
//! ```
//! use ndarray::Array2;
//! use ndnet::diagnostics::{dead_unit_fraction, mean_abs_gradients};
//! use ndnet::loss::SoftmaxCrossEntropy;
//! use ndnet::regularization::NoPenalty;
//! use ndnet::{Activation, Network};
//! use rand::SeedableRng;
//!
//! let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(0);
//! let mut net = Network::<f64>::new(&[4, 16, 3], Activation::Relu, &mut rng)?;
//! let x = Array2::from_shape_fn((32, 4), |(i, j)| ((i * 5 + j * 3) % 7) as f64 - 3.0);
//! let y = ndarray::Array1::from_shape_fn(32, |i| i % 3);
//! let dead = dead_unit_fraction(&net, x.view(), 0)?;
//! assert!((0.0..=1.0).contains(&dead));
//! let (_, grads) = net.loss_and_gradients(x.view(), y.view(), &SoftmaxCrossEntropy, &NoPenalty)?;
//! assert_eq!(mean_abs_gradients(&grads).len(), 2);
//! # Ok::<(), ndnet::Error>(())
//! ```

use ndarray::{ArrayView2, Axis};

use crate::error::{Error, Result};
use crate::float::Float;
use crate::layer::Role;
use crate::network::{Gradients, Network};

/// Fraction of layer `layer`'s units that output exactly 0 for every sample of `x` (dead ReLU
/// units), in `[0, 1]`.
///
/// # Errors
/// [`Error::ShapeMismatch`] for a layer index out of range; the errors of
/// [`Network::forward`] for bad features.
pub fn dead_unit_fraction<F: Float>(
    net: &Network<F>,
    x: ArrayView2<'_, F>,
    layer: usize,
) -> Result<f64> {
    if layer >= net.layers().len() {
        return Err(Error::ShapeMismatch {
            context: "dead_unit_fraction layer index",
            expected: format!("a layer index below {}", net.layers().len()),
            actual: layer.to_string(),
        });
    }
    let outputs = net.layer_outputs(x)?;
    let Some(a) = outputs.get(layer) else {
        return Ok(0.0);
    };
    let dead = a
        .axis_iter(Axis(1))
        .filter(|unit| unit.iter().all(|&v| v == F::zero()))
        .count();
    Ok(dead as f64 / a.ncols() as f64)
}

/// The mean absolute weight gradient `mean |dL/dW|` of each weight (each dense layer), first
/// to last. Orders of magnitude between the first and last layers are the signature of
/// vanishing (or exploding) gradients.
pub fn mean_abs_gradients<F: Float>(grads: &Gradients<F>) -> Vec<f64> {
    grads
        .iter()
        .filter(|(_, role, _)| *role == Role::Weight)
        .map(|(_, _, g)| {
            let sum = g
                .iter()
                .fold(0.0, |acc, &v| acc + v.abs().to_f64_lossless());
            sum / g.len().max(1) as f64
        })
        .collect()
}
