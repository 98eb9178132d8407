//! Logistic regression (the binary softmax classifier: one sigmoid neuron) on a CSV.
//!
//! With no arguments it trains on `data/breast_cancer.csv` with its fixed split; see `--help`.

mod common;

use ndnet::classifier::BinarySoftmaxClassifier;
use ndnet::estimator::{Fit, Predict};

const USAGE: &str = "\
binary_softmax: logistic regression (one sigmoid neuron) on a CSV with a 0/1 label last.

Options:
  --data FILE.csv        data (default: data/breast_cancer.csv with data/splits/breast_cancer.json)
  --split FILE.json      fixed split {\"train\": [...], \"test\": [...]} (0-based data rows)
  --test-fraction F      stratified random split instead (default 0.2 with --data)
  --seed S               seed for the split, initialisation and shuffling (default 0)
  --epochs N  --lr X  --l2 X  --batch-size N   override the classifier's defaults";

fn main() {
    let o = common::parse(USAGE, false);
    let data = common::prepare_classes(
        &o,
        "data/breast_cancer.csv",
        "data/splits/breast_cancer.json",
        Some(2),
    );
    println!("{}", data.source);

    let params = BinarySoftmaxClassifier::params();
    let settings = common::overrides(&o, *params.training_settings());
    let params = params.with_training_settings(settings);
    let model = params
        .fit(data.train.features(), data.train.labels())
        .unwrap_or_else(|e| common::fail(e));
    common::print_curve(model.history());
    let predicted = model
        .predict(data.test.features())
        .unwrap_or_else(|e| common::fail(e));
    common::report(data.test.labels(), predicted.view(), 2);
}
