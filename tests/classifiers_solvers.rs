//! The MLP classifier with Adam, dropout and batch norm, and the logistic neuron with Adam.

mod common;

use common::standardized;

use ndnet::classifier::{BinarySoftmaxClassifier, MlpClassifier, Solver};
use ndnet::estimator::{Fit, Predict};
use ndnet::metrics::accuracy;
use ndnet::Error;

#[test]
fn digits_mlp_with_adam_dropout_and_batch_norm_reaches_the_scikit_learn_target() {
    // scikit-learn 1.9.1 MLPClassifier(100) (solver='adam') on the same split: 0.975.
    let (train, test) = standardized::<f32>("digits");
    let mlp = MlpClassifier::params()
        .n_classes(10)
        .solver(Solver::Adam)
        .learning_rate(1e-3)
        .dropout(0.2)
        .batch_norm(true)
        .epochs(60)
        .fit(train.features(), train.labels())
        .unwrap();
    let kinds: Vec<_> = mlp.network().layers().iter().map(|l| l.kind()).collect();
    assert_eq!(
        kinds,
        ["dense", "batch_norm", "activation", "dropout", "dense"]
    );
    let acc = accuracy(test.labels(), mlp.predict(test.features()).unwrap().view()).unwrap();
    assert!(acc >= 0.97, "MLP test accuracy {acc}");
    let again = MlpClassifier::params()
        .n_classes(10)
        .solver(Solver::Adam)
        .learning_rate(1e-3)
        .dropout(0.2)
        .batch_norm(true)
        .epochs(60)
        .fit(train.features(), train.labels())
        .unwrap();
    assert_eq!(
        again.network(),
        mlp.network(),
        "the same seed trains the same model"
    );
}

#[test]
fn the_logistic_neuron_fits_with_adam_too() {
    let (train, test) = standardized::<f32>("breast_cancer");
    let lr = BinarySoftmaxClassifier::params()
        .solver(Solver::Adam)
        .learning_rate(0.01)
        .fit(train.features(), train.labels())
        .unwrap();
    let acc = accuracy(test.labels(), lr.predict(test.features()).unwrap().view()).unwrap();
    assert!(acc >= 0.97, "logistic regression with Adam: {acc}");
}

#[test]
fn bad_mlp_settings_are_typed_errors_before_any_work() {
    let (train, _) = standardized::<f32>("digits");
    let fit = |mlp: MlpClassifier| mlp.fit(train.features(), train.labels()).unwrap_err();
    for p in [-0.5, 1.0] {
        let e = fit(MlpClassifier::params().dropout(p));
        assert!(
            matches!(
                e,
                Error::InvalidHyperparameter {
                    name: "dropout",
                    ..
                }
            ),
            "{e}"
        );
    }
    // 1,437 training rows: a batch of 2 leaves 1 for the last batch, which batch norm refuses.
    let n = train.n_samples();
    assert_eq!(n % 2, 1);
    let e = fit(MlpClassifier::params()
        .batch_norm(true)
        .batch_size(2)
        .epochs(1));
    assert!(
        matches!(
            e,
            Error::InvalidHyperparameter {
                name: "batch_size",
                ..
            }
        ),
        "{e}"
    );
}
