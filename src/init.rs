//! Random initialisation of a layer's weights, always from a generator the caller seeds.
//!
//! For a layer with `fan_in` inputs and `fan_out` units:
//!
//! | scheme | weights drawn from | biases | made for |
//! |---|---|---|---|
//! | [`StandardNormal`](Init::StandardNormal) | `N(0, 1)` | `N(0, 1)` | reproducing Nielsen's `network.py` |
//! | [`XavierUniform`](Init::XavierUniform) | `U(−r, r)`, `r = √(6 / (fan_in + fan_out))` | 0 | sigmoid, tanh, linear (Glorot & Bengio 2010) |
//! | [`XavierNormal`](Init::XavierNormal) | `N(0, 2 / (fan_in + fan_out))` | 0 | same |
//! | [`He`](Init::He) | `N(0, 2 / fan_in)` | 0 | ReLU and its relatives (He et al. 2015) |
//! | [`LeCun`](Init::LeCun) | `N(0, 1 / fan_in)` | 0 | SELU (Klambauer et al. 2017) |
//!
//! With the `linalg` feature, `orthogonal` draws orthonormal rows or columns from a QR
//! decomposition (Saxe et al. 2014).
//!
//! Values are drawn in `f64` with `ndarray-rand` and rounded to the element type, so an `f32`
//! and an `f64` network built from the same seed start from the same weights (up to rounding).
//!
//! ```
//! use ndnet::init::Init;
//! use rand::SeedableRng;
//! use rand_xoshiro::Xoshiro256PlusPlus;
//!
//! let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
//! let w = Init::He.weights::<f32, _>(128, 784, &mut rng)?;
//! assert_eq!(w.dim(), (128, 784));
//! # Ok::<(), ndnet::Error>(())
//! ```

use ndarray::{Array1, Array2};
use ndarray_rand::RandomExt;
use rand::Rng;
use rand_distr::{Normal, Uniform};

use crate::activation::Activation;
use crate::check;
use crate::error::Result;
use crate::float::Float;

#[cfg(feature = "linalg")]
mod orthogonal;
#[cfg(feature = "linalg")]
pub use orthogonal::orthogonal;

/// A weight initialisation scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Init {
    /// Weights and biases from `N(0, 1)`, as in Nielsen's `network.py`.
    StandardNormal,
    /// Glorot/Xavier uniform.
    XavierUniform,
    /// Glorot/Xavier normal.
    XavierNormal,
    /// He (Kaiming) normal, for ReLU-like units.
    He,
    /// LeCun normal, for SELU.
    LeCun,
}

impl Init {
    /// The customary scheme for an activation: He for the ReLU family and ELU, LeCun for
    /// SELU, Xavier uniform otherwise. (The network builder also uses He for a dense layer
    /// followed by a PReLU.)
    pub fn for_activation(activation: Activation) -> Init {
        match activation {
            Activation::Relu | Activation::LeakyRelu { .. } | Activation::Elu { .. } => Init::He,
            Activation::Selu => Init::LeCun,
            _ => Init::XavierUniform,
        }
    }

    /// A `(fan_out, fan_in)` weight matrix drawn from this scheme.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) for more than 2³⁰ elements.
    pub fn weights<F: Float, R: Rng + ?Sized>(
        &self,
        fan_out: usize,
        fan_in: usize,
        rng: &mut R,
    ) -> Result<Array2<F>> {
        check::elements("initial weights", &[fan_out, fan_in])?;
        let shape = (fan_out, fan_in);
        let fan_in_f = fan_in.max(1) as f64;
        let fans = (fan_in as f64 + fan_out as f64).max(1.0);
        let w: Array2<f64> = match self {
            Init::XavierUniform => {
                let r = (6.0 / fans).sqrt();
                match Uniform::new_inclusive(-r, r) {
                    Ok(dist) => Array2::random_using(shape, dist, rng),
                    Err(_) => Array2::zeros(shape),
                }
            }
            _ => {
                let std = match self {
                    Init::StandardNormal => 1.0,
                    Init::XavierNormal => (2.0 / fans).sqrt(),
                    Init::He => (2.0 / fan_in_f).sqrt(),
                    _ => (1.0 / fan_in_f).sqrt(),
                };
                match Normal::new(0.0, std) {
                    Ok(dist) => Array2::random_using(shape, dist, rng),
                    Err(_) => Array2::zeros(shape),
                }
            }
        };
        Ok(w.mapv(F::from_f64_lossy))
    }

    /// A bias vector of length `fan_out`: `N(0, 1)` for [`StandardNormal`](Init::StandardNormal),
    /// zeros otherwise (drawing nothing from `rng`).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) for more than 2³⁰ elements.
    pub fn biases<F: Float, R: Rng + ?Sized>(
        &self,
        fan_out: usize,
        rng: &mut R,
    ) -> Result<Array1<F>> {
        check::elements("initial biases", &[fan_out])?;
        Ok(match (self, Normal::new(0.0, 1.0)) {
            (Init::StandardNormal, Ok(dist)) => {
                Array1::<f64>::random_using(fan_out, dist, rng).mapv(F::from_f64_lossy)
            }
            _ => Array1::zeros(fan_out),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn std_of(w: &Array2<f64>) -> f64 {
        let n = w.len() as f64;
        let mean = w.sum() / n;
        (w.mapv(|v| (v - mean).powi(2)).sum() / n).sqrt()
    }

    #[test]
    fn scales_match_their_formulas() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let (out, inp) = (200, 400);
        let he: Array2<f64> = Init::He.weights(out, inp, &mut rng).unwrap();
        assert!((std_of(&he) - (2.0 / 400.0f64).sqrt()).abs() < 0.003);
        let lecun: Array2<f64> = Init::LeCun.weights(out, inp, &mut rng).unwrap();
        assert!((std_of(&lecun) - (1.0 / 400.0f64).sqrt()).abs() < 0.002);
        let xn: Array2<f64> = Init::XavierNormal.weights(out, inp, &mut rng).unwrap();
        assert!((std_of(&xn) - (2.0 / 600.0f64).sqrt()).abs() < 0.002);
        let xu: Array2<f64> = Init::XavierUniform.weights(out, inp, &mut rng).unwrap();
        let r = (6.0 / 600.0f64).sqrt();
        assert!(xu.iter().all(|v| v.abs() <= r));
        // Uniform(-r, r) has std r/√3.
        assert!((std_of(&xu) - r / 3f64.sqrt()).abs() < 0.002);
        let sn: Array2<f64> = Init::StandardNormal.weights(out, inp, &mut rng).unwrap();
        assert!((std_of(&sn) - 1.0).abs() < 0.02);
    }

    #[test]
    fn same_seed_same_weights_and_f32_matches_f64() {
        let a: Array2<f64> = Init::He
            .weights(3, 4, &mut Xoshiro256PlusPlus::seed_from_u64(9))
            .unwrap();
        let b: Array2<f32> = Init::He
            .weights(3, 4, &mut Xoshiro256PlusPlus::seed_from_u64(9))
            .unwrap();
        assert_eq!(a.mapv(|v| v as f32), b);
        let c: Array2<f64> = Init::He
            .weights(3, 4, &mut Xoshiro256PlusPlus::seed_from_u64(10))
            .unwrap();
        assert_ne!(a, c);
    }

    #[test]
    fn biases_are_zero_except_for_standard_normal() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let b: Array1<f64> = Init::He.biases(5, &mut rng).unwrap();
        assert!(b.iter().all(|&v| v == 0.0));
        let b: Array1<f64> = Init::StandardNormal.biases(5, &mut rng).unwrap();
        assert!(b.iter().any(|&v| v != 0.0));
    }
}
