//! The `serde` feature: a whole fitted classifier (network, scaler, hyperparameters) as JSON.
#![cfg(feature = "serde")]

use ndnet::classifier::{FittedMlp, MlpClassifier};
use ndnet::data::{read_csv, read_split, StandardScaler};
use ndnet::estimator::{Fit, PredictProba};
use ndnet::Activation;

#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Saved {
    scaler: StandardScaler<f64>,
    model: FittedMlp<f64>,
}

#[test]
fn fitted_mlp_and_scaler_round_trip_through_json() {
    let data = read_csv::<f64>("data/iris.csv").unwrap();
    let (mut train, test) = read_split("data/splits/iris.json")
        .unwrap()
        .apply(&data)
        .unwrap();
    let scaler = StandardScaler::fit(train.features()).unwrap();
    scaler.transform_inplace(train.features_mut()).unwrap();
    let model = MlpClassifier::params()
        .hidden_layers(&[6])
        .activation(Activation::LeakyRelu { alpha: 0.2 })
        .epochs(20)
        .fit(train.features(), train.labels())
        .unwrap();

    // serde_json's `float_roundtrip` (enabled by ndnet) makes every f64 come back exactly.
    let saved = Saved { scaler, model };
    let json = serde_json::to_string(&saved).unwrap();
    let back: Saved = serde_json::from_str(&json).unwrap();
    assert_eq!(back.model.params().training_settings().epochs, 20);
    assert_eq!(
        back.model.params(),
        &MlpClassifier::params()
            .hidden_layers(&[6])
            .activation(Activation::LeakyRelu { alpha: 0.2 })
            .epochs(20)
    );
    assert_eq!(back.scaler, saved.scaler);
    assert_eq!(back.model, saved.model);
    let x = back.scaler.transform(test.features()).unwrap();
    assert_eq!(
        back.model.predict_proba(x.view()).unwrap(),
        saved.model.predict_proba(x.view()).unwrap()
    );
    assert_eq!(
        serde_json::to_string(&back).unwrap(),
        json,
        "a second round trip changes nothing"
    );

    // Bad documents are errors, not bad models.
    let bad = json.replacen("\"leaky_relu\"", "\"swish\"", 1);
    assert!(serde_json::from_str::<Saved>(&bad)
        .unwrap_err()
        .to_string()
        .contains("unknown activation"));
    let bad = json.replacen("\"dim\":[6,4]", "\"dim\":[6,5]", 1);
    assert!(serde_json::from_str::<Saved>(&bad).is_err());
}

#[test]
fn fitted_linear_classifiers_round_trip_and_their_documents_are_checked() {
    use ndnet::classifier::{
        FittedLinearSvc, FittedLogisticRegression, LinearSvc, LogisticRegression, MultiClass,
    };
    use ndnet::estimator::DecisionFunction;
    let x = ndarray::array![
        [0.0f64, 3.0],
        [-3.0, -2.0],
        [3.0, -2.0],
        [0.2, 2.8],
        [-2.8, -2.2]
    ];
    let y = ndarray::array![0usize, 1, 2, 0, 1];

    let lr = LogisticRegression::params()
        .n_classes(3)
        .epochs(5)
        .fit(x.view(), y.view())
        .unwrap();
    let json = serde_json::to_string(&lr).unwrap();
    let back: FittedLogisticRegression<f64> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, lr);
    assert_eq!(
        back.predict_proba(x.view()).unwrap(),
        lr.predict_proba(x.view()).unwrap()
    );

    let svm = LinearSvc::params()
        .multi_class(MultiClass::OneVsRest)
        .epochs(5)
        .fit(x.view(), y.view())
        .unwrap();
    let doc = serde_json::to_value(&svm).unwrap();
    let back: FittedLinearSvc<f64> = serde_json::from_value(doc.clone()).unwrap();
    assert_eq!(back.params(), svm.params());
    assert_eq!(
        back.decision_function(x.view()).unwrap(),
        svm.decision_function(x.view()).unwrap()
    );

    // Settings that could not have fitted the network, or could not fit at all, do not load.
    let mut wrong = doc.clone();
    wrong["params"]["n_classes"] = serde_json::json!(4);
    let message = serde_json::from_value::<FittedLinearSvc<f64>>(wrong)
        .expect_err("a 3-class network loaded as 4 classes")
        .to_string();
    assert!(message.contains("4 outputs"), "{message}");
    let mut wrong = doc;
    wrong["params"]["training"]["epochs"] = serde_json::json!(0);
    let r = serde_json::from_value::<FittedLinearSvc<f64>>(wrong);
    assert!(r
        .expect_err("epochs 0 loaded")
        .to_string()
        .contains("epochs"));
}

#[test]
fn networks_with_every_layer_kind_round_trip_through_json() {
    use ndnet::Network;
    use rand::SeedableRng;
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
    let net = Network::<f32>::builder(4)
        .dense(6, Activation::Identity)
        .prelu()
        .dense(6, Activation::Identity)
        .dice()
        .maxout(3, 2)
        .dense(2, Activation::Identity)
        .softmax()
        .build(&mut rng)
        .unwrap();
    let json = serde_json::to_string(&net).unwrap();
    let back: Network<f32> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, net);
    // A tensor of the wrong shape, or an unknown kind, is an error naming it.
    let bad = json.replacen("\"dim\":[6,4]", "\"dim\":[6,5]", 1);
    let e = serde_json::from_str::<Network<f32>>(&bad)
        .unwrap_err()
        .to_string();
    assert!(e.contains("layer 0"), "{e}");
    let bad = json.replacen("\"dice\"", "\"conv\"", 1);
    let e = serde_json::from_str::<Network<f32>>(&bad)
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown layer kind"), "{e}");
}

#[test]
fn documents_holding_values_the_constructors_refuse_do_not_load() {
    use ndnet::classifier::{BinarySoftmaxClassifier, FittedBinarySoftmax};
    // ndarray's own format, {"v": 1, "dim": [n], "data": [...]}, with values from_parts refuses.
    let array = |data: &[f64]| serde_json::json!({"v": 1, "dim": [data.len()], "data": data});
    let scaler = |mean: &[f64], scale: &[f64]| {
        serde_json::from_value::<StandardScaler<f64>>(
            serde_json::json!({"mean": array(mean), "scale": array(scale)}),
        )
    };
    assert!(scaler(&[1.0, 2.0], &[0.5, 2.0]).is_ok());
    for (mean, scale) in [(&[1.0][..], &[][..]), (&[1.0, 2.0], &[0.0, -2.0])] {
        let r = scaler(mean, scale);
        assert!(r.is_err(), "mean {mean:?}, scale {scale:?} loaded: {r:?}");
    }

    let x = ndarray::array![[0.0f64], [1.0], [2.0], [3.0]];
    let y = ndarray::array![0usize, 0, 1, 1];
    let model = BinarySoftmaxClassifier::params()
        .epochs(5)
        .fit(x.view(), y.view())
        .unwrap();
    let mut doc = serde_json::to_value(&model).unwrap();
    assert!(serde_json::from_value::<FittedBinarySoftmax<f64>>(doc.clone()).is_ok());
    doc["threshold"] = serde_json::json!(5.0);
    let r = serde_json::from_value::<FittedBinarySoftmax<f64>>(doc);
    let message = r.expect_err("threshold 5 loaded").to_string();
    assert!(message.contains("threshold"), "{message}");

    let mlp = MlpClassifier::params()
        .hidden_layers(&[3])
        .epochs(2)
        .fit(x.view(), y.view())
        .unwrap();
    let mut doc = serde_json::to_value(&mlp).unwrap();
    doc["params"]["n_classes"] = serde_json::json!(5);
    let r = serde_json::from_value::<FittedMlp<f64>>(doc);
    assert!(r.is_err(), "an MLP of 2 outputs loaded as 5 classes");
}

#[test]
fn a_network_document_claiming_layers_it_does_not_hold_is_refused_before_building_them() {
    use ndnet::Network;
    // A 2^15 × 2^15 dense layer (8 GiB in f64) with no tensors, in the current format and in
    // the first one (which the 2 × 2 weight of the legacy document bounds).
    let current = serde_json::json!({"inputs": 32768, "layers": [
        {"kind": "dense", "units": 32768, "activation": "relu", "tensors": {}}]});
    let legacy = serde_json::json!({"layers": [{
        "weight": {"v": 1, "dim": [2, 2], "data": [1.0, 2.0, 3.0, 4.0]},
        "bias": {"v": 1, "dim": [2], "data": [0.0, 0.0]},
        "activation": {"name": "dice", "epsilon": 1e-8, "momentum": 0.01}}]});
    let r = serde_json::from_value::<Network<f64>>(current);
    let message = r.expect_err("a huge layer loaded").to_string();
    assert!(
        message.contains("0 tensor elements stored with it"),
        "{message}"
    );
    // The legacy layer is loadable except for its missing Dice tensors: refused by those, not
    // by a size it does not claim.
    let message = serde_json::from_value::<Network<f64>>(legacy)
        .expect_err("a Dice layer without slopes loaded")
        .to_string();
    assert!(!message.contains("stored with it"), "{message}");
}

#[test]
fn settings_documents_are_checked_where_they_are_read() {
    use ndnet::classifier::{
        BinarySoftmaxClassifier, BinarySvm, LinearSvc, LogisticRegression, TrainingSettings,
    };
    use ndnet::train::EarlyStopping;
    use serde::de::DeserializeOwned;
    use serde_json::{json, Value};

    /// The defaults of `T` load back; with `path` set to `bad` they are refused, naming `name`.
    fn refused<T: serde::Serialize + DeserializeOwned + std::fmt::Debug>(
        good: &T,
        path: &[&str],
        bad: Value,
        name: &str,
    ) {
        let mut doc = serde_json::to_value(good).unwrap();
        assert!(serde_json::from_value::<T>(doc.clone()).is_ok());
        let (last, parents) = path.split_last().unwrap();
        let mut at = &mut doc;
        for key in parents {
            at = &mut at[*key];
        }
        at[*last] = bad.clone();
        let message = serde_json::from_value::<T>(doc)
            .expect_err(&format!("{path:?} = {bad} loaded"))
            .to_string();
        assert!(message.contains(name), "{path:?} = {bad}: {message}");
    }
    let settings: TrainingSettings = serde_json::from_value(
        serde_json::to_value(MlpClassifier::params()).unwrap()["training"].clone(),
    )
    .unwrap();
    refused(&settings, &["epochs"], json!(0), "epochs");
    refused(&settings, &["learning_rate"], json!(-1.0), "learning_rate");
    refused(
        &EarlyStopping::default(),
        &["patience"],
        json!(0),
        "patience",
    );
    refused(
        &MlpClassifier::params(),
        &["dropout"],
        json!(1.5),
        "dropout",
    );
    refused(
        &MlpClassifier::params(),
        &["training", "batch_size"],
        json!(0),
        "batch_size",
    );
    refused(
        &BinarySoftmaxClassifier::params(),
        &["threshold"],
        json!(5.0),
        "threshold",
    );
    refused(&BinarySvm::params(), &["training", "l2"], json!(-1.0), "l2");
    refused(
        &LogisticRegression::params(),
        &["n_classes"],
        json!(1),
        "n_classes",
    );
    refused(
        &LinearSvc::params(),
        &["training", "momentum"],
        json!(1.0),
        "momentum",
    );
    refused(
        &LinearSvc::params(),
        &["multi_class"],
        json!("Crammer"),
        "variant",
    );

    // Documents written before the rate decay existed load with the constant rate.
    let mut doc = serde_json::to_value(MlpClassifier::params()).unwrap();
    let training = doc["training"].as_object_mut().unwrap();
    assert_eq!(training.remove("rate_decay"), Some(json!("Constant")));
    let old: MlpClassifier = serde_json::from_value(doc).unwrap();
    assert_eq!(old, MlpClassifier::params());
}
