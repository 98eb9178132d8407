//! Sample and class weights through the trainer and the estimators.

mod common;

use ndarray::{array, Array1, Array2, Axis};
use ndnet::classifier::{BinarySoftmaxClassifier, ClassWeight, MlpClassifier};
use ndnet::estimator::{Fit, FitWeighted, Predict};
use ndnet::loss::SoftmaxCrossEntropy;
use ndnet::metrics::recall;
use ndnet::optim::Sgd;
use ndnet::regressor::LinearRegression;
use ndnet::regularization::L2;
use ndnet::train::Trainer;
use ndnet::{Activation, Error, Network};

#[test]
fn an_integer_sample_weight_trains_as_that_many_copies_of_the_row() {
    // Full-batch gradient descent: one batch per epoch, so shuffling cannot differ. Weights
    // (2, 0, 1, 1, …) on the rows must train exactly as the data with row 0 twice and row 1
    // left out, up to summation order.
    let x = common::normal(12, 3, 5);
    let y = common::labels(12, 3, 6);
    let mut w = Array1::<f64>::ones(12);
    w[0] = 2.0;
    w[1] = 0.0;
    let rows: Vec<usize> = std::iter::once(0)
        .chain(0..12)
        .filter(|&r| r != 1)
        .collect();
    let (xd, yd) = (x.select(Axis(0), &rows), y.select(Axis(0), &rows));
    let build = || {
        Network::<f64>::builder(3)
            .dense(5, Activation::Tanh)
            .dense(3, Activation::Identity)
            .build(&mut common::rng(7))
            .unwrap()
    };
    let train = |net: &mut Network<f64>, weighted: bool| {
        let mut sgd = Sgd::builder().learning_rate(0.1).build().unwrap();
        let trainer = Trainer::new().epochs(30).batch_size(64).seed(1);
        let trainer = if weighted {
            trainer.sample_weights(w.view())
        } else {
            trainer
        };
        let (xs, ys) = if weighted {
            (x.view(), y.view())
        } else {
            (xd.view(), yd.view())
        };
        trainer
            .fit(net, &mut sgd, &SoftmaxCrossEntropy, &L2::new(1e-3), xs, ys)
            .unwrap()
    };
    let (mut weighted, mut repeated) = (build(), build());
    let hw = train(&mut weighted, true);
    let hr = train(&mut repeated, false);
    let (pw, pr) = (
        weighted.forward(x.view()).unwrap(),
        repeated.forward(x.view()).unwrap(),
    );
    for (a, b) in pw.iter().zip(&pr) {
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    }
    let (lw, lr) = (hw.last().unwrap().train_loss, hr.last().unwrap().train_loss);
    assert!((lw - lr).abs() < 1e-12, "{lw} vs {lr}");
}

/// 900 samples of class 0 around −0.5 and 100 of class 1 around +0.5 (one feature, unit
/// noise): a classifier that ignores the imbalance calls almost everything 0.
fn imbalanced() -> (Array2<f64>, Array1<usize>) {
    let noise = common::normal(1000, 1, 9);
    let y: Array1<usize> = (0..1000).map(|i| usize::from(i >= 900)).collect();
    let x = Array2::from_shape_fn((1000, 1), |(i, _)| {
        noise[[i, 0]] + if y[i] == 1 { 0.5 } else { -0.5 }
    });
    (x, y)
}

#[test]
fn balanced_class_weights_find_the_minority_class() {
    let (x, y) = imbalanced();
    let recall_of = |model: &dyn Predict<f64, Output = Array1<usize>>| {
        recall(y.view(), model.predict(x.view()).unwrap().view()).unwrap()
    };
    let plain = BinarySoftmaxClassifier::params().fit(x.view(), &y).unwrap();
    let balanced = BinarySoftmaxClassifier::params()
        .class_weight(ClassWeight::Balanced)
        .fit(x.view(), &y)
        .unwrap();
    let (r_plain, r_balanced) = (recall_of(&plain), recall_of(&balanced));
    assert!(
        r_plain < 0.2 && r_balanced > 0.5,
        "{r_plain} vs {r_balanced}"
    );
    // Balanced is the explicit weights n / (K · count) = (0.5556, 5.0).
    let explicit = BinarySoftmaxClassifier::params()
        .class_weight(ClassWeight::Explicit(vec![1000.0 / 1800.0, 1000.0 / 200.0]))
        .fit(x.view(), &y)
        .unwrap();
    assert_eq!(explicit.network(), balanced.network());
    // The same weights given per sample train the same model too.
    let w = y.mapv(|c| if c == 1 { 5.0 } else { 1000.0 / 1800.0 });
    let per_sample = BinarySoftmaxClassifier::params()
        .fit_weighted(x.view(), &y, w.view())
        .unwrap();
    assert_eq!(per_sample.network(), balanced.network());
    let mlp = MlpClassifier::params()
        .hidden_layers(&[8])
        .epochs(20)
        .class_weight(ClassWeight::Balanced)
        .fit(x.view(), &y)
        .unwrap();
    assert!(recall_of(&mlp) > 0.5, "{}", recall_of(&mlp));
}

#[test]
fn a_zero_weight_removes_a_sample_from_a_regression() {
    // A wild target weighted 0 does not move least squares.
    let x = Array2::from_shape_fn((21, 1), |(i, _)| -1.0 + i as f64 / 10.0);
    let mut y: Array1<f64> = x.column(0).mapv(|v| 3.0 * v + 1.0);
    y[20] = 500.0;
    let mut w = Array1::ones(21);
    w[20] = 0.0;
    let model = LinearRegression::params()
        .epochs(2000)
        .fit_weighted(x.view(), &y, w.view())
        .unwrap();
    let (a, b) = (model.coefficients()[[0, 0]], model.intercept()[0]);
    assert!((a - 3.0).abs() < 1e-2 && (b - 1.0).abs() < 1e-2, "{a}, {b}");
}

#[test]
fn bad_weights_are_typed_errors_before_any_work() {
    let x = array![[0.0f64], [1.0], [2.0], [3.0]];
    let y = array![0usize, 0, 1, 1];
    let fit =
        |w: Array1<f64>| BinarySoftmaxClassifier::params().fit_weighted(x.view(), &y, w.view());
    assert!(matches!(
        fit(array![1.0, 1.0]),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        fit(array![1.0, f64::NAN, 1.0, 1.0]),
        Err(Error::NonFinite { row: 1, .. })
    ));
    assert!(matches!(
        fit(array![1.0, -2.0, 1.0, 1.0]),
        Err(Error::InvalidHyperparameter {
            name: "sample_weight",
            ..
        })
    ));
    assert!(matches!(
        fit(Array1::zeros(4)),
        Err(Error::InvalidHyperparameter {
            name: "sample_weight",
            ..
        })
    ));
    let r = MlpClassifier::params()
        .class_weight(ClassWeight::Explicit(vec![1.0, -1.0]))
        .fit(x.view(), &y);
    assert!(matches!(
        r,
        Err(Error::InvalidHyperparameter {
            name: "class_weight",
            ..
        })
    ));
    let r = MlpClassifier::params()
        .class_weight(ClassWeight::Explicit(vec![1.0, 1.0, 1.0]))
        .fit(x.view(), &y);
    assert!(
        matches!(
            r,
            Err(Error::ShapeMismatch {
                context: "class_weight",
                ..
            })
        ),
        "{r:?}"
    );
    let t = array![1.0f64, 2.0, 3.0, 4.0];
    let r = LinearRegression::params().fit_weighted(x.view(), &t, array![1.0, 1.0, 1.0].view());
    assert!(matches!(r, Err(Error::ShapeMismatch { .. })));
    #[cfg(feature = "linalg")]
    {
        use ndnet::estimator::Solver;
        let r = LinearRegression::params()
            .solver(Solver::Newton)
            .fit_weighted(x.view(), &t, Array1::ones(4).view());
        assert!(matches!(
            r,
            Err(Error::InvalidHyperparameter { name: "solver", .. })
        ));
        let r = BinarySoftmaxClassifier::params()
            .solver(Solver::Newton)
            .class_weight(ClassWeight::Balanced)
            .fit(x.view(), &y);
        assert!(matches!(
            r,
            Err(Error::InvalidHyperparameter { name: "solver", .. })
        ));
    }
}
