//! Helpers shared by the integration tests: seeded data and central-difference gradients.
#![allow(dead_code)]

use ndarray::{Array1, Array2};
use ndarray_rand::rand_distr::{StandardNormal, Uniform};
use ndarray_rand::RandomExt;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// A seeded generator.
pub fn rng(seed: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed)
}

/// A `(rows, cols)` matrix of standard-normal values from `seed`.
pub fn normal(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
    Array2::random_using((rows, cols), StandardNormal, &mut rng(seed))
}

/// `n` class labels in `0..k` from `seed`.
pub fn labels(n: usize, k: usize, seed: u64) -> Array1<usize> {
    Array1::random_using(n, Uniform::new(0, k).unwrap(), &mut rng(seed))
}

/// Step for the central differences: large enough that round-off (`~ε|f|/h`) stays near
/// 1e-12, small enough that the fourth-order truncation error (`~h⁴`) is negligible.
pub const H: f64 = 1e-4;

/// The fourth-order central difference
/// `(−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h)) / 12h` of `f` at `x`.
pub fn central_difference(x: f64, mut f: impl FnMut(f64) -> f64) -> f64 {
    let h = H;
    (-f(x + 2.0 * h) + 8.0 * f(x + h) - 8.0 * f(x - h) + f(x - 2.0 * h)) / (12.0 * h)
}

/// The central-difference gradient of `loss_of(params)` with respect to every entry of
/// `params` (each entry is perturbed in place and restored).
pub fn numeric_gradient(params: &mut [f64], mut loss_of: impl FnMut(&[f64]) -> f64) -> Vec<f64> {
    (0..params.len())
        .map(|i| {
            let orig = params[i];
            let g = central_difference(orig, |v| {
                params[i] = v;
                loss_of(params)
            });
            params[i] = orig;
            g
        })
        .collect()
}

/// Relative error `|a − n| / max(|a|, |n|, floor)`.
pub fn relative_error(analytic: f64, numeric: f64, floor: f64) -> f64 {
    (analytic - numeric).abs() / analytic.abs().max(numeric.abs()).max(floor)
}

/// Magnitude below which gradients are compared absolutely: a true zero (a dead ReLU, a hinge
/// outside its margin) has a numeric estimate of pure round-off, 1e-13 to 1e-11 depending on the
/// loss magnitude; below this floor the check is absolute at `tol * GRADIENT_FLOOR`.
pub const GRADIENT_FLOOR: f64 = 1e-5;

/// Asserts every analytic gradient entry matches its numeric estimate to `tol` relative error.
pub fn assert_gradients_close(what: &str, analytic: &[f64], numeric: &[f64], tol: f64) {
    assert_eq!(analytic.len(), numeric.len(), "{what}: lengths differ");
    assert!(!analytic.is_empty(), "{what}: nothing was checked");
    for (i, (&a, &n)) in analytic.iter().zip(numeric).enumerate() {
        let err = relative_error(a, n, GRADIENT_FLOOR);
        assert!(
            err <= tol,
            "{what}[{i}]: analytic {a:e} vs numeric {n:e} (relative error {err:e} > {tol:e})"
        );
    }
}
