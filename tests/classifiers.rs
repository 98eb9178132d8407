//! The classifiers: separable data, the regularized optimum, real data against scikit-learn's
//! figures, reproducibility, and the documented errors for bad input.

mod common;

use common::standardized;

use ndarray::{array, Array1, Array2};
use ndnet::classifier::{BinarySoftmaxClassifier, BinarySvm, MlpClassifier};
use ndnet::estimator::{DecisionFunction, Fit, Predict, PredictProba};
use ndnet::loss::BinaryCrossEntropy;
use ndnet::metrics::accuracy;
use ndnet::regularization::L2;
use ndnet::Error;

/// Two clouds separated by the line x0 + x1 = 0 with a gap of at least 0.5 on each side.
fn separable() -> (Array2<f64>, Array1<usize>) {
    let x = Array2::from_shape_fn((40, 2), |(i, j)| {
        let t = i as f64 * 0.37;
        let side = if i % 2 == 0 { 1.0 } else { -1.0 };
        let base = if j == 0 { t.sin() } else { t.cos() };
        base * 0.4 + side * 1.0
    });
    let y = Array1::from_shape_fn(40, |i| usize::from(i % 2 == 0));
    (x, y)
}

#[test]
fn every_classifier_separates_a_linearly_separable_set() {
    let (x, y) = separable();
    let lr = BinarySoftmaxClassifier::params()
        .fit(x.view(), y.view())
        .unwrap();
    assert_eq!(lr.predict(x.view()).unwrap(), y);
    let svm = BinarySvm::params().fit(x.view(), y.view()).unwrap();
    assert_eq!(svm.predict(x.view()).unwrap(), y);
    // Margins: every training point ends up on its side of the hinge's margin or close to it.
    let scores = svm.decision_function(x.view()).unwrap();
    assert!(scores.iter().zip(&y).all(|(&s, &c)| (s > 0.0) == (c == 1)));
    let mlp = MlpClassifier::params()
        .hidden_layers(&[8])
        .fit(x.view(), y.view())
        .unwrap();
    assert_eq!(mlp.predict(x.view()).unwrap(), y);
    let p = mlp.predict_proba(x.view()).unwrap();
    assert!(p.rows().into_iter().all(|r| (r.sum() - 1.0).abs() < 1e-12));
}

#[test]
fn logistic_regression_reaches_the_regularized_optimum() {
    // Reference optimum of mean BCE + λ/2‖w‖² (bias not penalized), λ = 0.1, found by Newton's
    // method in numpy 2.4 to a gradient norm of 3e-17:
    //   X = np.array([[0.5,1.2],[-1.0,0.3],[1.5,-0.7],[0.2,0.9],[-0.8,-1.1],[1.1,0.4],
    //                 [-1.6,0.8],[0.3,-0.2],[0.9,1.7],[-0.4,-0.6],[1.3,-1.4],[-1.2,1.5]])
    //   y = np.array([1,0,1,1,0,1,0,0,1,0,1,0]); lam = 0.1
    //   obj = lambda w, b: np.mean(np.logaddexp(0, X@w + b) - y*(X@w + b)) + lam/2*w@w
    //   (Newton on [w, b] from zeros, 50 iterations)
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
    let model = BinarySoftmaxClassifier::params()
        .l2(0.1)
        .batch_size(12)
        .learning_rate(0.5)
        .epochs(500)
        .fit(x.view(), y.view())
        .unwrap();
    let objective: f64 = model
        .network()
        .loss(x.view(), y.view(), &BinaryCrossEntropy, &L2::new(0.1))
        .unwrap();
    assert!(
        (objective - 0.3938516081064281).abs() < 1e-4,
        "objective {objective}"
    );
    assert!((model.weights()[0] - 1.4510441).abs() < 1e-3);
    assert!((model.bias() + 0.2311552889175099).abs() < 1e-3);
}

#[test]
fn breast_cancer_reaches_the_scikit_learn_targets_with_default_settings() {
    // scikit-learn 1.9.1 on the same split: LogisticRegression 0.982, LinearSVC 0.974.
    let (train, test) = standardized::<f32>("breast_cancer");
    let lr = BinarySoftmaxClassifier::params()
        .fit(train.features(), train.labels())
        .unwrap();
    let acc = accuracy(test.labels(), lr.predict(test.features()).unwrap().view()).unwrap();
    assert!(acc >= 0.97, "logistic regression test accuracy {acc}");
    let svm = BinarySvm::params()
        .fit(train.features(), train.labels())
        .unwrap();
    let acc = accuracy(test.labels(), svm.predict(test.features()).unwrap().view()).unwrap();
    assert!(acc >= 0.97, "SVM test accuracy {acc}");
}

#[test]
fn digits_mlp_reaches_the_scikit_learn_target_with_default_settings() {
    // scikit-learn 1.9.1 MLPClassifier(100) on the same split: 0.975.
    let (train, test) = standardized::<f32>("digits");
    let mlp = MlpClassifier::params()
        .n_classes(10)
        .fit(train.features(), train.labels())
        .unwrap();
    let acc = accuracy(test.labels(), mlp.predict(test.features()).unwrap().view()).unwrap();
    assert!(acc >= 0.97, "MLP test accuracy {acc}");
}

#[test]
fn same_seed_same_model_bit_for_bit() {
    let (train, _) = standardized::<f32>("breast_cancer");
    let fit = |seed| {
        MlpClassifier::params()
            .hidden_layers(&[16])
            .epochs(5)
            .seed(seed)
            .fit(train.features(), train.labels())
            .unwrap()
    };
    let a = fit(3);
    assert_eq!(a.network(), fit(3).network());
    assert_ne!(a.network(), fit(4).network());
}

#[test]
fn bad_input_gives_the_documented_errors() {
    let (x, y) = separable();
    let params = BinarySoftmaxClassifier::params();

    let mut nan = x.clone();
    nan[[3, 1]] = f64::NAN;
    assert!(matches!(
        params.fit(nan.view(), y.view()),
        Err(Error::NonFinite {
            row: 3,
            column: 1,
            ..
        })
    ));

    let mut bad = y.clone();
    bad[7] = 2;
    match BinarySvm::params().fit(x.view(), bad.view()) {
        Err(Error::InvalidLabel { row: 7, value, .. }) => assert_eq!(value, "2"),
        other => panic!("expected InvalidLabel at row 7, got {other:?}"),
    }

    let short = y.slice(ndarray::s![..39]);
    assert!(matches!(
        params.fit(x.view(), short),
        Err(Error::ShapeMismatch { .. })
    ));

    let empty = Array2::<f64>::zeros((0, 2));
    let none = Array1::<usize>::zeros(0);
    assert!(matches!(
        params.fit(empty.view(), none.view()),
        Err(Error::EmptyData(_))
    ));

    assert!(matches!(
        params.clone().epochs(0).fit(x.view(), y.view()),
        Err(Error::InvalidHyperparameter { name: "epochs", .. })
    ));
    for t in [-0.1, 1.5, f64::NAN] {
        assert!(matches!(
            params.clone().threshold(t).fit(x.view(), y.view()),
            Err(Error::InvalidHyperparameter {
                name: "threshold",
                ..
            })
        ));
    }
    let fitted = params.fit(x.view(), y.view()).unwrap();
    assert!(matches!(
        fitted.clone().with_threshold(2.0),
        Err(Error::InvalidHyperparameter { .. })
    ));
    assert!(matches!(
        fitted.predict(Array2::<f64>::zeros((2, 3)).view()),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        params.clone().learning_rate(-1.0).fit(x.view(), y.view()),
        Err(Error::InvalidHyperparameter {
            name: "learning_rate",
            ..
        })
    ));
    assert!(matches!(
        MlpClassifier::params()
            .hidden_layers(&[0])
            .fit(x.view(), y.view()),
        Err(Error::InvalidHyperparameter {
            name: "hidden_layers",
            ..
        })
    ));
}

#[test]
fn a_diverging_run_names_the_epoch_and_suggests_a_smaller_learning_rate() {
    let (x, y) = separable();
    let big = x.mapv(|v| v * 1e30);
    let err = MlpClassifier::params()
        .learning_rate(1e6)
        .hidden_layers(&[4])
        .fit(big.view(), y.view())
        .unwrap_err();
    let Error::NonFiniteLoss { epoch, .. } = err else {
        panic!("expected NonFiniteLoss, got {err:?}");
    };
    assert!(epoch < 100);
    let message = err.to_string();
    assert!(message.contains(&format!("epoch {epoch}")), "{message}");
    assert!(message.contains("smaller learning rate"), "{message}");
}
