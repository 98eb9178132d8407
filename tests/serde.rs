//! The `serde` feature: a whole fitted classifier (network, scaler, hyperparameters) as JSON.
#![cfg(feature = "serde")]

use ndnet::classifier::{FittedMlp, MlpClassifier};
use ndnet::data::{read_csv, read_split, StandardScaler};
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
        .activation(Activation::prelu())
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
            .activation(Activation::prelu())
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
    let bad = json.replacen("\"prelu\"", "\"swish\"", 1);
    assert!(serde_json::from_str::<Saved>(&bad)
        .unwrap_err()
        .to_string()
        .contains("unknown activation"));
    let bad = json.replacen("\"dim\":[6,4]", "\"dim\":[6,5]", 1);
    assert!(serde_json::from_str::<Saved>(&bad).is_err());
}
