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

/// The fixed training and test rows of a data set shipped in `data/` (with its split in
/// `data/splits/`), both standardized with the training rows' statistics.
pub fn standardized<F: ndnet::Float>(
    name: &str,
) -> (ndnet::data::Dataset<F>, ndnet::data::Dataset<F>) {
    use ndnet::data::{read_csv, read_split, Dataset, StandardScaler};
    let root = env!("CARGO_MANIFEST_DIR");
    let data: Dataset<F> = read_csv(format!("{root}/data/{name}.csv")).unwrap();
    let split = read_split(format!("{root}/data/splits/{name}.json")).unwrap();
    let (mut train, mut test) = split.apply(&data).unwrap();
    let scaler = StandardScaler::fit(train.features()).unwrap();
    scaler.transform_inplace(train.features_mut()).unwrap();
    scaler.transform_inplace(test.features_mut()).unwrap();
    (train, test)
}

/// Checks a layer's backward pass against central differences of `L = Σ G ⊙ layer(X)` in
/// training mode (so `dL/d output = G`), for each learned tensor and for the input. Dice's and
/// batch norm's batch statistics are part of that function; a lone layer draws its dropout
/// mask from seed 0, the same mask every time.
pub fn check_layer_gradients(what: &str, layer: &dyn ndnet::layer::Layer<f64>, x: &Array2<f64>) {
    use ndarray::ArrayView2;
    use ndnet::layer::{Layer, Mode};
    const TOL: f64 = 1e-6;
    let g = normal(x.nrows(), layer.outputs(), 13);
    let grads = layer.differentiate(x.view(), g.view()).unwrap();
    let objective = |l: &dyn Layer<f64>, x: ArrayView2<f64>| {
        (&l.evaluate(x, Mode::Training).unwrap() * &g).sum()
    };
    let mut tensors = Vec::new();
    layer.tensors(&mut |t| {
        if t.role.is_learned() {
            tensors.push((t.name, t.values.to_vec()));
        }
    });
    for (i, (name, mut values)) in tensors.into_iter().enumerate() {
        let numeric = numeric_gradient(&mut values, |p| {
            let mut probe = layer.clone_box();
            let mut k = 0;
            probe.tensors_mut(&mut |t| {
                if t.role.is_learned() {
                    if k == i {
                        t.values.copy_from_slice(p);
                    }
                    k += 1;
                }
            });
            objective(probe.as_ref(), x.view())
        });
        let analytic = grads.tensor(name).unwrap();
        assert_gradients_close(&format!("{what} d{name}"), analytic, &numeric, TOL);
    }
    let mut xs = x.clone().into_raw_vec_and_offset().0;
    let numeric = numeric_gradient(&mut xs, |p| {
        objective(layer, ArrayView2::from_shape(x.raw_dim(), p).unwrap())
    });
    let dx = grads.input().to_owned().into_raw_vec_and_offset().0;
    assert_gradients_close(&format!("{what} dX"), &dx, &numeric, TOL);
}
