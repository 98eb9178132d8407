//! A multilayer perceptron on a CSV with class labels 0..K−1 in the last column.
//!
//! With no arguments it trains on `data/digits.csv` (8×8 handwritten digits) with its fixed
//! split; see `--help`.

mod common;

use ndnet::classifier::MlpClassifier;
use ndnet::estimator::{Fit, Predict};

const USAGE: &str = "\
mlp_classifier: a multilayer perceptron (ReLU hidden layers, softmax output) on a CSV with
class labels 0..K-1 last.

Options:
  --data FILE.csv        data (default: data/digits.csv with data/splits/digits.json)
  --split FILE.json      fixed split {\"train\": [...], \"test\": [...]} (0-based data rows)
  --test-fraction F      stratified random split instead (default 0.2 with --data)
  --hidden 100,50        hidden layer sizes (default 100)
  --seed S               seed for the split, initialisation and shuffling (default 0)
  --epochs N  --lr X  --l2 X  --batch-size N   override the classifier's defaults";

fn main() {
    let o = common::parse(USAGE, true);
    let data = common::prepare(&o, "data/digits.csv", "data/splits/digits.json");
    println!("{}", data.source);

    let mut params = MlpClassifier::params();
    if let Some(v) = &o.hidden {
        params = params.hidden_layers(v);
    }
    let settings = common::overrides(&o, *params.training_settings());
    params = params.with_training_settings(settings);
    let n_classes = data.train.n_classes().max(data.test.n_classes());
    let model = params
        .n_classes(n_classes)
        .fit(data.train.features(), data.train.labels())
        .unwrap_or_else(|e| common::fail(e));
    common::print_curve(model.history());
    let predicted = model
        .predict(data.test.features())
        .unwrap_or_else(|e| common::fail(e));
    common::report(data.test.labels(), predicted.view(), n_classes);
}
