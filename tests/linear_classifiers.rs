//! The K-class linear classifiers, `LogisticRegression` and `LinearSvc`: scikit-learn's test
//! accuracies on the shipped splits, the binary models they are for two classes, one-vs-rest
//! as K binary SVMs, reproducibility, and the documented errors for bad input.
//!
//! scikit-learn's figures come from scikit-learn 1.9.1 with its default settings, features
//! standardized with the training rows' statistics:
//!
//! ```python
//! import json, numpy as np
//! from sklearn.linear_model import LogisticRegression
//! from sklearn.svm import LinearSVC
//! from sklearn.preprocessing import StandardScaler
//! for name in ["iris", "wine", "digits", "breast_cancer"]:
//!     d = np.loadtxt(f"data/{name}.csv", delimiter=",", skiprows=1)
//!     X, y = d[:, :-1], d[:, -1].astype(int)
//!     s = json.load(open(f"data/splits/{name}.json")); tr, te = s["train"], s["test"]
//!     sc = StandardScaler().fit(X[tr]); Xtr, Xte = sc.transform(X[tr]), sc.transform(X[te])
//!     for model in [LogisticRegression(), LinearSVC()]:
//!         print(name, type(model).__name__, (model.fit(Xtr, y[tr]).predict(Xte) == y[te]).sum())
//! ```

mod common;

use common::standardized;

use ndarray::{array, s, Array1, Array2};
use ndnet::classifier::{
    BinarySoftmaxClassifier, BinarySvm, LinearSvc, LogisticRegression, MultiClass, MAX_CLASSES,
};
use ndnet::estimator::{DecisionFunction, Fit, Predict, PredictProba, Score};
use ndnet::Error;

/// Test rows scikit-learn classifies correctly: (data set, test rows, LogisticRegression,
/// LinearSVC), from the Python above (accuracies 0.967, 1.000, 0.967, 0.982 and 0.967, 1.000,
/// 0.961, 0.974).
const SCIKIT_LEARN: [(&str, usize, usize, usize); 4] = [
    ("iris", 30, 29, 29),
    ("wine", 36, 36, 36),
    ("digits", 360, 348, 346),
    ("breast_cancer", 114, 112, 111),
];

/// Correct predictions on the test rows of `name` of a model fitted with `settings`.
fn correct<E>(settings: &E, name: &str) -> usize
where
    E: Fit<f32>,
    E::Fitted: Predict<f32, Output = Array1<usize>>,
{
    let (train, test) = standardized::<f32>(name);
    let model = settings.fit(train.features(), train.labels()).unwrap();
    let predicted = model.predict(test.features()).unwrap();
    predicted
        .iter()
        .zip(test.labels())
        .filter(|(p, y)| p == y)
        .count()
}

#[test]
fn logistic_regression_is_within_one_test_sample_of_scikit_learn_on_every_split() {
    for (name, rows, sklearn, _) in SCIKIT_LEARN {
        let ours = correct(&LogisticRegression::params(), name);
        assert!(ours + 1 >= sklearn, "{name}: {ours}/{rows} vs {sklearn}");
    }
}

#[test]
fn linear_svc_is_within_one_test_sample_of_scikit_learn_on_every_split() {
    for (name, rows, _, sklearn) in SCIKIT_LEARN {
        let ours = correct(&LinearSvc::params(), name);
        assert!(ours + 1 >= sklearn, "{name}: {ours}/{rows} vs {sklearn}");
    }
}

#[test]
fn two_class_logistic_regression_is_the_binary_softmax_classifier() {
    let (train, test) = standardized::<f64>("breast_cancer");
    let (x, y) = (train.features(), train.labels());
    let multi = LogisticRegression::params().fit(x, y).unwrap();
    // The same settings train the same neuron, reported as the logits (−s/2, s/2).
    let settings = *LogisticRegression::params().training_settings();
    let binary = BinarySoftmaxClassifier::params()
        .with_training_settings(settings)
        .fit(x, y)
        .unwrap();
    let w = binary.weights().to_owned();
    assert_eq!(multi.coefficients().row(1), &w / 2.0);
    assert_eq!(multi.coefficients().row(0), -&w / 2.0);
    assert_eq!(
        multi.intercept(),
        array![-binary.bias() / 2.0, binary.bias() / 2.0]
    );
    let p = multi.predict_proba(test.features()).unwrap();
    let q = binary.predict_proba(test.features()).unwrap();
    for (row, &q) in p.rows().into_iter().zip(&q) {
        assert!((row[1] - q).abs() < 1e-12 && (row[0] - (1.0 - q)).abs() < 1e-12);
    }
    assert_eq!(
        multi.predict(test.features()).unwrap(),
        binary.predict(test.features()).unwrap()
    );
    // Each with its own defaults (other learning rates and schedules), near the same optimum.
    let own = BinarySoftmaxClassifier::params().fit(x, y).unwrap();
    let q = own.predict_proba(test.features()).unwrap();
    let gap = p
        .column(1)
        .iter()
        .zip(&q)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    assert!(gap < 0.05, "largest probability gap {gap}");
}

#[test]
fn two_class_linear_svc_is_the_binary_svm() {
    let (train, test) = standardized::<f64>("breast_cancer");
    let (x, y) = (train.features(), train.labels());
    let settings = *LinearSvc::params().training_settings();
    let binary = BinarySvm::params()
        .with_training_settings(settings)
        .fit(x, y)
        .unwrap();
    for rule in [MultiClass::WestonWatkins, MultiClass::OneVsRest] {
        let multi = LinearSvc::params().multi_class(rule).fit(x, y).unwrap();
        let w = binary.weights().to_owned();
        assert_eq!(
            multi.coefficients(),
            ndarray::stack![ndarray::Axis(0), -&w, w]
        );
        let s = multi.decision_function(test.features()).unwrap();
        let t = binary.decision_function(test.features()).unwrap();
        for (row, &t) in s.rows().into_iter().zip(&t) {
            assert!((row[1] - t).abs() < 1e-12 && (row[0] + t).abs() < 1e-12);
        }
        assert_eq!(
            multi.predict(test.features()).unwrap(),
            binary.predict(test.features()).unwrap()
        );
    }
}

#[test]
fn one_vs_rest_is_k_binary_svms() {
    let (train, _) = standardized::<f64>("iris");
    let (x, y) = (train.features(), train.labels());
    let settings = LinearSvc::params().multi_class(MultiClass::OneVsRest);
    let ovr = settings.fit(x, y).unwrap();
    for k in 0..3 {
        let rest = y.mapv(|label| usize::from(label == k));
        let binary = BinarySvm::params()
            .with_training_settings(*settings.training_settings())
            .fit(x, rest.view())
            .unwrap();
        let w = ovr.coefficients().row(k).to_owned();
        let gap = (&w - &binary.weights())
            .mapv(f64::abs)
            .fold(0.0, |m: f64, &v| m.max(v));
        assert!(gap < 1e-9, "class {k}: weights differ by {gap}");
        assert!((ovr.intercept()[k] - binary.bias()).abs() < 1e-9);
    }
}

/// Three clusters in the plane, 20 points each, separable by lines with room to spare.
fn three_clusters() -> (Array2<f64>, Array1<usize>) {
    let centres = [[0.0, 3.0], [-3.0, -2.0], [3.0, -2.0]];
    let x = Array2::from_shape_fn((60, 2), |(i, j)| {
        let t = i as f64 * 0.7;
        centres[i % 3][j] + 0.6 * if j == 0 { t.sin() } else { t.cos() }
    });
    (x, Array1::from_shape_fn(60, |i| i % 3))
}

#[test]
fn both_multiclass_rules_and_logistic_regression_separate_three_clusters() {
    let (x, y) = three_clusters();
    for rule in [MultiClass::WestonWatkins, MultiClass::OneVsRest] {
        let svm = LinearSvc::params()
            .multi_class(rule)
            .fit(x.view(), y.view())
            .unwrap();
        assert_eq!(svm.predict(x.view()).unwrap(), y, "{rule:?}");
        assert_eq!(svm.score(x.view(), y.view()).unwrap(), 1.0);
        let s = svm.decision_function(x.view()).unwrap();
        assert_eq!(s.dim(), (60, 3));
        assert_eq!(
            (svm.coefficients().dim(), svm.intercept().len()),
            ((3, 2), 3)
        );
    }
    let lr = LogisticRegression::params()
        .fit(x.view(), y.view())
        .unwrap();
    assert_eq!(lr.predict(x.view()).unwrap(), y);
    let p = lr.predict_proba(x.view()).unwrap();
    assert!(p.rows().into_iter().all(|r| (r.sum() - 1.0).abs() < 1e-12));
    // From a zero start SGD keeps the K rows of weights summing to zero.
    let sums = lr.coefficients().sum_axis(ndarray::Axis(0));
    assert!(sums.iter().all(|s| s.abs() < 1e-9), "{sums}");
}

#[test]
fn same_seed_same_model_bit_for_bit() {
    let (train, _) = standardized::<f32>("wine");
    let (x, y) = (train.features(), train.labels());
    let lr = |seed| {
        LogisticRegression::params()
            .epochs(5)
            .seed(seed)
            .fit(x, y)
            .unwrap()
    };
    assert_eq!(lr(3).coefficients(), lr(3).coefficients());
    assert_ne!(lr(3).coefficients(), lr(4).coefficients());
    for rule in [MultiClass::WestonWatkins, MultiClass::OneVsRest] {
        let svm = |seed| {
            let settings = LinearSvc::params().multi_class(rule).epochs(5).seed(seed);
            settings.fit(x, y).unwrap()
        };
        assert_eq!(svm(3).network(), svm(3).network());
        assert_ne!(svm(3).coefficients(), svm(4).coefficients());
    }
}

#[test]
fn bad_input_gives_the_documented_errors() {
    let (x, y) = three_clusters();
    let lr = LogisticRegression::params();
    let svm = LinearSvc::params();

    let mut bad = y.clone();
    bad[7] = 5;
    match lr.n_classes(3).fit(x.view(), bad.view()) {
        Err(Error::InvalidLabel { row: 7, value, .. }) => assert_eq!(value, "5"),
        other => panic!("expected InvalidLabel at row 7, got {other:?}"),
    }
    bad[7] = MAX_CLASSES;
    assert!(matches!(
        svm.fit(x.view(), bad.view()),
        Err(Error::InvalidLabel { row: 7, .. })
    ));

    let one_class = Array1::<usize>::zeros(60);
    for r in [
        lr.fit(x.view(), one_class.view()).map(|_| ()),
        svm.fit(x.view(), one_class.view()).map(|_| ()),
        lr.n_classes(1).fit(x.view(), y.view()).map(|_| ()),
        svm.n_classes(1).fit(x.view(), y.view()).map(|_| ()),
    ] {
        assert!(matches!(
            r,
            Err(Error::InvalidHyperparameter {
                name: "n_classes",
                ..
            })
        ));
    }

    let mut nan = x.clone();
    nan[[4, 1]] = f64::NAN;
    for r in [
        lr.fit(nan.view(), y.view()).map(|_| ()),
        svm.fit(nan.view(), y.view()).map(|_| ()),
    ] {
        assert!(matches!(
            r,
            Err(Error::NonFinite {
                row: 4,
                column: 1,
                ..
            })
        ));
    }

    let short = y.slice(s![..59]);
    assert!(matches!(
        lr.fit(x.view(), short),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        svm.fit(x.view(), short),
        Err(Error::ShapeMismatch { .. })
    ));
    let (empty, none) = (Array2::<f64>::zeros((0, 2)), Array1::<usize>::zeros(0));
    assert!(matches!(
        lr.fit(empty.view(), none.view()),
        Err(Error::EmptyData(_))
    ));

    let fitted = svm.fit(x.view(), y.view()).unwrap();
    let wide = Array2::<f64>::zeros((2, 3));
    assert!(matches!(
        fitted.predict(wide.view()),
        Err(Error::ShapeMismatch { .. })
    ));
    let fitted = lr.fit(x.view(), y.view()).unwrap();
    assert!(matches!(
        fitted.predict_proba(wide.view()),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        fitted.decision_function(nan.view()),
        Err(Error::NonFinite { row: 4, .. })
    ));

    let bad_setting = |r: ndnet::Result<()>, want: &str| match r {
        Err(Error::InvalidHyperparameter { name, .. }) => assert_eq!(name, want),
        other => panic!("expected a bad {want}, got {other:?}"),
    };
    bad_setting(lr.epochs(0).fit(x.view(), y.view()).map(|_| ()), "epochs");
    bad_setting(lr.l2(-1.0).fit(x.view(), y.view()).map(|_| ()), "l2");
    bad_setting(svm.learning_rate(f64::NAN).validate(), "learning_rate");
    bad_setting(
        svm.momentum(1.0).fit(x.view(), y.view()).map(|_| ()),
        "momentum",
    );
    bad_setting(lr.n_classes(MAX_CLASSES + 1).validate(), "n_classes");
}

#[cfg(feature = "linalg")]
mod exact {
    use super::*;
    use ndarray::Axis;
    use ndnet::classifier::Solver;
    use ndnet::loss::{BinaryCrossEntropy, Loss};
    use ndnet::solver::NewtonLogistic;

    #[test]
    fn newton_gives_both_two_class_logistic_models_the_same_optimum() {
        let (train, test) = standardized::<f64>("breast_cancer");
        let (x, y) = (train.features(), train.labels());
        let multi = LogisticRegression::params()
            .solver(Solver::Newton)
            .fit(x, y)
            .unwrap();
        let binary = BinarySoftmaxClassifier::params()
            .solver(Solver::Newton)
            .fit(x, y)
            .unwrap();
        let p = multi.predict_proba(test.features()).unwrap();
        let q = binary.predict_proba(test.features()).unwrap();
        let gap = p
            .column(1)
            .iter()
            .zip(&q)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        assert!(gap < 1e-12, "Newton probabilities differ by {gap}");
        assert_eq!(multi.coefficients().row(1), &binary.weights() / 2.0);
        assert!(multi.history().epochs().is_empty());
        // SGD with the defaults ends within 1 % of the optimum's objective (0.5 % as it
        // stands): the mean binary cross-entropy of s = s₁ − s₀, plus λ/2 ‖w‖² with w = 2·W₁.
        let sgd = LogisticRegression::params().fit(x, y).unwrap();
        let s = sgd.decision_function(x).unwrap();
        let logit = (&s.column(1) - &s.column(0)).insert_axis(Axis(1));
        let w = sgd.coefficients().row(1).mapv(|v| 2.0 * v);
        let l2 = sgd.params().training_settings().l2;
        let objective =
            BinaryCrossEntropy.loss(logit.view(), y.into()).unwrap() + l2 / 2.0 * w.dot(&w);
        let optimum = NewtonLogistic::params().l2(l2).fit(x, y).unwrap().objective;
        assert!(
            optimum <= objective + 1e-12 && objective < 1.01 * optimum,
            "SGD objective {objective}, optimum {optimum}"
        );
    }

    #[test]
    fn newton_is_refused_for_more_than_two_classes() {
        let (x, y) = three_clusters();
        let newton = LogisticRegression::params().solver(Solver::Newton);
        for r in [
            newton.fit(x.view(), y.view()).map(|_| ()),
            newton.n_classes(3).validate(),
        ] {
            match r {
                Err(Error::InvalidHyperparameter { name, reason, .. }) => {
                    assert_eq!(name, "solver");
                    assert!(reason.contains("2 classes only"), "{reason}");
                }
                other => panic!("expected a refused solver, got {other:?}"),
            }
        }
    }
}
