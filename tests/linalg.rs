//! The `linalg` feature: PCA and whitening, the exact solvers (and SGD measured against them),
//! and orthogonal initialisation. Needs LAPACK (system OpenBLAS), so it only builds with
//! `cargo test --features linalg`.
#![cfg(feature = "linalg")]

mod common;

use common::standardized;

use ndarray::{array, s, Array1, Array2, ArrayView2, Axis};
use ndnet::classifier::BinarySoftmaxClassifier;
use ndnet::classifier::Solver;
use ndnet::estimator::{Fit, Predict};
use ndnet::init::orthogonal;
use ndnet::loss::{BinaryCrossEntropy, SquaredError};
use ndnet::optim::{Schedule, Sgd};
use ndnet::preprocessing::{NComponents, Pca, PcaMethod, Whitening};
use ndnet::regularization::L2;
use ndnet::solver::{NewtonLogistic, RidgeRegression};
use ndnet::train::{EarlyStopping, Trainer};
use ndnet::{Activation, Error, Network};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

fn max_abs_diff(a: ArrayView2<'_, f64>, b: ArrayView2<'_, f64>) -> f64 {
    (&a - &b).iter().fold(0.0, |m, d| m.max(d.abs()))
}

/// `1/n zᵀz` of data whose column means are zero.
fn population_covariance(z: &Array2<f64>) -> Array2<f64> {
    z.t().dot(z) / z.nrows() as f64
}

// ---------------------------------------------------------------------------------------------
// PCA

#[test]
fn pca_components_are_orthonormal_with_both_methods() {
    let (train, _) = standardized::<f64>("wine");
    for method in [PcaMethod::Svd, PcaMethod::CovarianceEigh] {
        let pca = Pca::params().method(method).fit(train.features()).unwrap();
        let c = pca.components();
        assert_eq!(c.dim(), (13, 13));
        let err = max_abs_diff(c.dot(&c.t()).view(), Array2::eye(13).view());
        assert!(err < 1e-12, "{method:?}: C·Cᵀ differs from I by {err:e}");
    }
    // f32 data: the factorization runs in f64, the result is rounded.
    let x32 = train.features().mapv(|v| v as f32);
    let c = Pca::params()
        .fit(x32.view())
        .unwrap()
        .components()
        .to_owned();
    let err = (c.dot(&c.t()) - Array2::<f32>::eye(13))
        .iter()
        .fold(0.0f32, |m, d| m.max(d.abs()));
    assert!(err < 1e-6, "f32: {err:e}");
}

#[test]
fn pca_explained_variance_matches_scikit_learn() {
    // scikit-learn 1.9.1, numpy 2.4.6, on the fixed wine training rows (142), standardized:
    //   d = np.loadtxt("data/wine.csv", delimiter=",", skiprows=1)
    //   tr = json.load(open("data/splits/wine.json"))["train"]
    //   Xs = StandardScaler().fit_transform(d[tr, :-1])
    //   p = PCA().fit(Xs)
    //   p.explained_variance_ratio_, p.explained_variance_[:3], p.components_[0, :4]
    //   PCA(n_components=0.9).fit(Xs).n_components_   # -> 8
    let ratio = [
        0.35950519115717594,
        0.18547257862648994,
        0.12072130177908873,
        0.07363622219395217,
        0.0648196566954108,
        0.05159272356960843,
        0.04005638826622312,
        0.02773963307238533,
        0.02293000333049042,
        0.01716526666287754,
        0.01481006393601726,
        0.01292850852556483,
        0.00862246218471537,
    ];
    let variance = [4.706713353731539, 2.4282438308120606, 1.580507255916297];
    let first = [
        0.14613334481997647,
        -0.24163339341138668,
        0.01922446558379304,
        -0.2116174975015773,
    ];
    let (train, _) = standardized::<f64>("wine");
    for method in [PcaMethod::Svd, PcaMethod::CovarianceEigh] {
        let pca = Pca::params().method(method).fit(train.features()).unwrap();
        for (i, (&got, &want)) in pca
            .explained_variance_ratio()
            .iter()
            .zip(&ratio)
            .enumerate()
        {
            assert!(
                (got - want).abs() < 1e-12,
                "{method:?} ratio[{i}] {got} vs {want}"
            );
        }
        assert!((pca.explained_variance_ratio().sum() - 1.0).abs() < 1e-12);
        for (i, &want) in variance.iter().enumerate() {
            let got = pca.explained_variance()[i];
            assert!(
                (got - want).abs() < 1e-11,
                "{method:?} variance[{i}] {got} vs {want}"
            );
        }
        // Same sign convention as scikit-learn (largest entry of each component positive).
        for (j, &want) in first.iter().enumerate() {
            let got = pca.components()[(0, j)];
            assert!(
                (got - want).abs() < 1e-10,
                "{method:?} component[0, {j}] {got} vs {want}"
            );
        }
    }
    let pca = Pca::params()
        .n_components(NComponents::VarianceFraction(0.9))
        .fit(train.features())
        .unwrap();
    assert_eq!(pca.n_components(), 8);
}

#[test]
fn pca_transform_and_inverse_transform() {
    let (train, test) = standardized::<f64>("wine");
    let all = Pca::params().fit(train.features()).unwrap();
    let z = all.transform(test.features()).unwrap();
    let back = all.inverse_transform(z.view()).unwrap();
    assert!(max_abs_diff(back.view(), test.features()) < 1e-12);

    let two = Pca::params()
        .n_components(NComponents::Count(2))
        .fit(train.features())
        .unwrap();
    let z2 = two.transform(train.features()).unwrap();
    assert_eq!(z2.dim(), (142, 2));
    // The projections are the leading columns of the full ones, uncorrelated, with the
    // explained variances as their (n − 1) variances.
    let full = all.transform(train.features()).unwrap();
    assert!(max_abs_diff(z2.view(), full.slice(s![.., ..2])) < 1e-12);
    let cov = z2.t().dot(&z2) / 141.0;
    assert!((cov[(0, 0)] - two.explained_variance()[0]).abs() < 1e-10);
    assert!(cov[(0, 1)].abs() < 1e-10);
    assert_eq!(two.inverse_transform(z2.view()).unwrap().dim(), (142, 13));
}

#[test]
fn pca_rejects_bad_settings_and_data() {
    let (train, _) = standardized::<f64>("wine");
    for n in [NComponents::Count(0), NComponents::Count(14)] {
        let e = Pca::params().n_components(n).fit(train.features());
        assert!(matches!(
            e,
            Err(Error::InvalidHyperparameter {
                name: "n_components",
                ..
            })
        ));
    }
    for f in [0.0, 1.5, f64::NAN] {
        let e = Pca::params()
            .n_components(NComponents::VarianceFraction(f))
            .fit(train.features());
        assert!(matches!(e, Err(Error::InvalidHyperparameter { .. })), "{f}");
    }
    let e = Pca::params().fit(array![[1.0f64, 2.0]].view());
    assert!(matches!(e, Err(Error::EmptyData(_))));
    let e = Pca::params().fit(array![[1.0f64, 2.0], [f64::NAN, 1.0]].view());
    assert!(matches!(
        e,
        Err(Error::NonFinite {
            row: 1,
            column: 0,
            ..
        })
    ));
    let pca = Pca::params().fit(train.features()).unwrap();
    let e = pca.transform(array![[1.0f64, 2.0]].view());
    assert!(matches!(e, Err(Error::ShapeMismatch { .. })));
}

// ---------------------------------------------------------------------------------------------
// Whitening

#[test]
fn whitened_training_data_has_identity_covariance() {
    // breast_cancer's 30 features are strongly correlated (covariance condition number ~1e5).
    let (train, test) = standardized::<f64>("breast_cancer");
    for white in [Whitening::pca(), Whitening::zca()] {
        let fitted = white.epsilon(0.0).fit(train.features()).unwrap();
        let z = fitted.transform(train.features()).unwrap();
        let mean_err = z
            .mean_axis(Axis(0))
            .unwrap()
            .iter()
            .fold(0.0f64, |m, v| m.max(v.abs()));
        assert!(mean_err < 1e-12, "{:?}: mean {mean_err:e}", white.kind());
        let err = max_abs_diff(population_covariance(&z).view(), Array2::eye(30).view());
        assert!(
            err < 1e-8,
            "{:?}: covariance differs from I by {err:e}",
            white.kind()
        );
        let back = fitted.inverse_transform(fitted.transform(test.features()).unwrap().view());
        assert!(max_abs_diff(back.unwrap().view(), test.features()) < 1e-9);
    }
    // ZCA's matrix is symmetric: it whitens without rotating.
    let zca = Whitening::zca().epsilon(0.0).fit(train.features()).unwrap();
    assert!(max_abs_diff(zca.matrix(), zca.matrix().t()) < 1e-9);
}

#[test]
fn epsilon_shrinks_the_variance_of_weak_directions() {
    // With ε the whitened covariance is diag(s / (s + ε)), s the population variances.
    let (train, _) = standardized::<f64>("wine");
    let eps = 0.1;
    let fitted = Whitening::pca().epsilon(eps).fit(train.features()).unwrap();
    let z = fitted.transform(train.features()).unwrap();
    let cov = population_covariance(&z);
    let pca = Pca::params().fit(train.features()).unwrap();
    let n = train.n_samples() as f64;
    for i in 0..13 {
        let s = pca.explained_variance()[i] * (n - 1.0) / n;
        assert!((cov[(i, i)] - s / (s + eps)).abs() < 1e-10, "component {i}");
    }
}

#[test]
fn whitening_rank_deficient_data_needs_epsilon() {
    // digits has pixels that are 0 in every image: zero variance.
    let (train, _) = standardized::<f64>("digits");
    let e = Whitening::zca().epsilon(0.0).fit(train.features());
    assert!(matches!(e, Err(Error::Linalg { .. })), "{e:?}");
    assert!(Whitening::zca().epsilon(1e-2).fit(train.features()).is_ok());
    let e = Whitening::pca().epsilon(-1.0).fit(train.features());
    assert!(matches!(
        e,
        Err(Error::InvalidHyperparameter {
            name: "epsilon",
            ..
        })
    ));
}

// ---------------------------------------------------------------------------------------------
// Newton's method for logistic regression

#[test]
fn newton_matches_the_numpy_reference_optimum() {
    // The same problem and reference as tests/classifiers.rs
    // (logistic_regression_reaches_the_regularized_optimum): numpy 2.4, Newton on [w, b]:
    //   -> obj = 0.3938516081064281 at w = [1.4510441, 0.4146901], b = -0.2311552889175099
    let x: Array2<f64> = array![
        [0.5, 1.2],
        [-1.0, 0.3],
        [1.5, -0.7],
        [0.2, 0.9],
        [-0.8, -1.1],
        [1.1, 0.4],
        [-1.6, 0.8],
        [0.3, -0.2],
        [0.9, 1.7],
        [-0.4, -0.6],
        [1.3, -1.4],
        [-1.2, 1.5]
    ];
    let y = array![1usize, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 0];
    let opt = NewtonLogistic::params()
        .l2(0.1)
        .fit(x.view(), y.view())
        .unwrap();
    assert!(
        (opt.objective - 0.3938516081064281).abs() < 1e-15,
        "{}",
        opt.objective
    );
    assert!((opt.weights[0] - 1.4510441).abs() < 1e-7);
    assert!((opt.weights[1] - 0.4146901).abs() < 1e-7);
    assert!((opt.bias + 0.2311552889175099).abs() < 1e-14);
}

/// breast_cancer, the default λ of BinarySoftmaxClassifier.
const LAMBDA: f64 = 1e-3;

#[test]
fn newton_on_breast_cancer_converges_to_machine_precision_in_a_few_steps() {
    // scikit-learn 1.9.1 with C = 1/(nλ), which scales our objective by n:
    //   lr = LogisticRegression(C=1/(455*1e-3), tol=1e-12, max_iter=10000,
    //                           solver="newton-cholesky").fit(Xs, y)
    //   w, b = lr.coef_[0], lr.intercept_[0]; z = Xs@w + b
    //   np.mean(np.logaddexp(0, z) - y*z) + 1e-3/2*w@w   # -> 0.05575882951611002
    //   w[:3] -> [-0.488155881621294, -0.34585067751365667, -0.4063197922471565]
    //   b -> 0.15894877737004356
    let (train, _) = standardized::<f64>("breast_cancer");
    let opt = NewtonLogistic::params()
        .l2(LAMBDA)
        .fit(train.features(), train.labels())
        .unwrap();
    assert!(opt.iterations <= 10, "{} iterations", opt.iterations);
    assert!(
        opt.gradient_norm <= 1e-12,
        "gradient norm {:e}",
        opt.gradient_norm
    );
    assert!(
        (opt.objective - 0.05575882951611002).abs() < 1e-13,
        "{}",
        opt.objective
    );
    let w = [
        -0.488155881621294,
        -0.34585067751365667,
        -0.4063197922471565,
    ];
    for (j, &want) in w.iter().enumerate() {
        assert!(
            (opt.weights[j] - want).abs() < 1e-8,
            "w[{j}] {}",
            opt.weights[j]
        );
    }
    assert!((opt.bias - 0.15894877737004356).abs() < 1e-8);
}

#[test]
fn sgd_comes_within_a_stated_gap_of_newtons_optimum() {
    // The classifier's default SGD (lr 0.05, momentum 0.9, batch 32, 100 epochs) ends within
    // 5e-4 of the optimum of the same objective (measured 3.1e-4; 6.2e-5 after 1000 epochs);
    // no run can go below it.
    let (train, _) = standardized::<f64>("breast_cancer");
    let (x, y) = (train.features(), train.labels());
    let opt = NewtonLogistic::params().l2(LAMBDA).fit(x, y).unwrap();
    let sgd = BinarySoftmaxClassifier::params().fit(x, y).unwrap();
    let objective = sgd
        .network()
        .loss(x, y, &BinaryCrossEntropy, &L2::new(LAMBDA))
        .unwrap();
    let gap = objective - opt.objective;
    assert!(
        gap > -1e-12,
        "SGD {objective} below the optimum {}",
        opt.objective
    );
    assert!(
        gap < 5e-4,
        "SGD {objective} vs optimum {}: gap {gap:e}",
        opt.objective
    );
}

#[test]
fn the_classifier_fitted_by_newton_is_the_optimum() {
    let (train, test) = standardized::<f64>("breast_cancer");
    let (x, y) = (train.features(), train.labels());
    let opt = NewtonLogistic::params().l2(LAMBDA).fit(x, y).unwrap();
    let model = BinarySoftmaxClassifier::params()
        .solver(Solver::Newton)
        .fit(x, y)
        .unwrap();
    assert!(model.history().epochs().is_empty());
    assert_eq!(model.weights(), opt.weights);
    assert_eq!(model.bias(), opt.bias);
    let predicted = model.predict(test.features()).unwrap();
    let correct = predicted
        .iter()
        .zip(test.labels())
        .filter(|(p, t)| p == t)
        .count();
    // scikit-learn's LogisticRegression scores 0.982 on these rows.
    assert!(correct as f64 / 114.0 >= 0.97, "{correct} / 114");

    let e = BinarySoftmaxClassifier::params()
        .solver(Solver::Newton)
        .early_stopping(EarlyStopping::default())
        .fit(x, y);
    assert!(matches!(
        e,
        Err(Error::InvalidHyperparameter {
            name: "early_stopping",
            ..
        })
    ));
}

#[test]
fn newton_reports_separable_data_without_l2_and_bad_settings() {
    let x = array![[-2.0f64], [-1.0], [1.0], [2.0]];
    let y = array![0usize, 0, 1, 1];
    // Without L2 on separable data the optimum is at infinity: the weights grow without bound
    // while the gradient decays only like e^(−|w|) (it meets 1e-12 after ~28 steps with
    // |w| ≈ 28), so a step limit ends it.
    let e = NewtonLogistic::params()
        .l2(0.0)
        .max_iterations(5)
        .fit(x.view(), y.view());
    assert!(
        matches!(e, Err(Error::NotConverged { iterations: 5, .. })),
        "{e:?}"
    );
    for bad in [
        NewtonLogistic::params().l2(-1.0),
        NewtonLogistic::params().tolerance(0.0),
        NewtonLogistic::params().max_iterations(0),
    ] {
        let e = bad.fit(x.view(), y.view());
        assert!(
            matches!(e, Err(Error::InvalidHyperparameter { .. })),
            "{bad:?}"
        );
    }
    let e = NewtonLogistic::params().fit(x.view(), array![0usize, 1, 2, 1].view());
    assert!(matches!(e, Err(Error::InvalidLabel { row: 2, .. })));
}

// ---------------------------------------------------------------------------------------------
// Ridge regression

#[test]
fn ridge_matches_scikit_learn() {
    // The 0/1 label of breast_cancer as a real target (a linear probability model):
    //   r = Ridge(alpha=455*1e-3, tol=1e-14, solver="cholesky").fit(Xs, y.astype(float))
    //   res = Xs@r.coef_ + r.intercept_ - y
    //   0.5*np.mean(res**2) + 1e-3/2*r.coef_@r.coef_   # -> 0.026138669987667194
    //   r.coef_[:3] -> [-0.10273305951899088, -0.02451769722458743, -0.0951163551892797]
    //   r.intercept_ -> 0.6263736263736277
    let (train, _) = standardized::<f64>("breast_cancer");
    let t = train.labels().mapv(|c| c as f64);
    let opt = RidgeRegression::params()
        .l2(LAMBDA)
        .fit(train.features(), t.view())
        .unwrap();
    assert!(
        (opt.objective - 0.026138669987667194).abs() < 1e-14,
        "{}",
        opt.objective
    );
    let w = [
        -0.10273305951899088,
        -0.02451769722458743,
        -0.0951163551892797,
    ];
    for (j, &want) in w.iter().enumerate() {
        assert!(
            (opt.weights[j] - want).abs() < 1e-10,
            "w[{j}] {}",
            opt.weights[j]
        );
    }
    assert!((opt.bias - 0.6263736263736277).abs() < 1e-12);
    assert!(opt.gradient_norm < 1e-13, "{:e}", opt.gradient_norm);
}

/// Trains one identity neuron on squared error + L2 and returns its regularized objective and
/// weights.
fn train_linear_neuron(
    x: ArrayView2<'_, f64>,
    targets: ArrayView2<'_, f64>,
    sgd: (f64, Schedule),
    epochs: usize,
    batch_size: usize,
) -> (f64, Array1<f64>) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(0);
    let mut net = Network::<f64>::builder(x.ncols())
        .dense(1, Activation::Identity)
        .build(&mut rng)
        .unwrap();
    let mut sgd = Sgd::builder()
        .learning_rate(sgd.0)
        .momentum(0.9)
        .schedule(sgd.1)
        .build()
        .unwrap();
    let l2 = L2::new(LAMBDA);
    Trainer::new()
        .epochs(epochs)
        .batch_size(batch_size)
        .seed(0)
        .fit(&mut net, &mut sgd, &SquaredError, &l2, x, targets)
        .unwrap();
    let objective = net.loss(x, targets, &SquaredError, &l2).unwrap();
    let w = net.tensor("0.weight").unwrap();
    (objective, w.iter().copied().collect())
}

#[test]
fn sgd_on_a_linear_neuron_approaches_the_ridge_optimum() {
    let (train, _) = standardized::<f64>("breast_cancer");
    let x = train.features();
    let t = train.labels().mapv(|c| c as f64);
    let opt = RidgeRegression::params()
        .l2(LAMBDA)
        .fit(x, t.view())
        .unwrap();
    let targets: Array2<f64> = t.insert_axis(Axis(1));

    // Mini-batches of 32 with a decaying rate: within 3e-4 (measured 1.5e-4) after 300 epochs;
    // the gradient noise keeps it from getting much closer.
    let decaying = (0.02, Schedule::InverseTime { decay: 0.01 });
    let (objective, _) = train_linear_neuron(x, targets.view(), decaying, 300, 32);
    let gap = objective - opt.objective;
    assert!(
        gap > -1e-12,
        "SGD {objective} below the optimum {}",
        opt.objective
    );
    assert!(
        gap < 3e-4,
        "SGD {objective} vs optimum {}: gap {gap:e}",
        opt.objective
    );

    // Full batches (gradient descent with momentum) converge linearly to the optimum itself:
    // within 1e-8 (measured 6e-10) after 2000 epochs.
    let (objective, w) =
        train_linear_neuron(x, targets.view(), (0.2, Schedule::Constant), 2000, 455);
    let gap = objective - opt.objective;
    assert!((-1e-12..1e-8).contains(&gap), "full-batch gap {gap:e}");
    let distance = (&w - &opt.weights).mapv(|d| d * d).sum().sqrt();
    assert!(distance < 1e-2, "‖w_gd − w*‖ = {distance:e}");
}

#[test]
fn ridge_rejects_bad_input() {
    let x = array![[1.0f64], [2.0], [3.0]];
    let e = RidgeRegression::params().fit(x.view(), array![1.0, 2.0].view());
    assert!(matches!(e, Err(Error::ShapeMismatch { .. })));
    let e = RidgeRegression::params()
        .l2(f64::NAN)
        .fit(x.view(), array![1.0, 2.0, 3.0].view());
    assert!(matches!(
        e,
        Err(Error::InvalidHyperparameter { name: "l2", .. })
    ));
    // Without L2, a constant feature makes the normal equations singular.
    let constant = array![[1.0f64], [1.0], [1.0]];
    let e = RidgeRegression::params()
        .l2(0.0)
        .fit(constant.view(), array![1.0, 2.0, 3.0].view());
    assert!(matches!(e, Err(Error::Linalg { .. })), "{e:?}");
}

// ---------------------------------------------------------------------------------------------
// Orthogonal initialisation

#[test]
fn orthogonal_weights_have_orthonormal_rows_or_columns() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let tall: Array2<f64> = orthogonal(64, 16, 1.0, &mut rng).unwrap();
    assert_eq!(tall.dim(), (64, 16));
    assert!(max_abs_diff(tall.t().dot(&tall).view(), Array2::eye(16).view()) < 1e-12);
    let wide: Array2<f64> = orthogonal(16, 64, 2f64.sqrt(), &mut rng).unwrap();
    assert_eq!(wide.dim(), (16, 64));
    let gram = wide.dot(&wide.t());
    assert!(max_abs_diff(gram.view(), (Array2::eye(16) * 2.0).view()) < 1e-12);
    let square: Array2<f32> = orthogonal(8, 8, 1.0, &mut rng).unwrap();
    let err = (square.dot(&square.t()) - Array2::<f32>::eye(8))
        .iter()
        .fold(0.0f32, |m, d| m.max(d.abs()));
    assert!(err < 1e-6);
    let empty: Array2<f64> = orthogonal(0, 5, 1.0, &mut rng).unwrap();
    assert_eq!(empty.dim(), (0, 5));
}

#[test]
fn orthogonal_weights_are_seeded() {
    let draw = |seed| -> Array2<f64> {
        orthogonal(5, 3, 1.0, &mut Xoshiro256PlusPlus::seed_from_u64(seed)).unwrap()
    };
    assert_eq!(draw(9), draw(9));
    assert_ne!(draw(9), draw(10));
    let e = orthogonal::<f64, _>(3, 3, 0.0, &mut Xoshiro256PlusPlus::seed_from_u64(0));
    assert!(matches!(
        e,
        Err(Error::InvalidHyperparameter { name: "gain", .. })
    ));
}
