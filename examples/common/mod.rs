//! What the classifier and regression examples share: command-line options, loading and splitting a CSV,
//! standardizing, and printing a report. Errors end the program with one line and exit code 2.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::exit;

use ndarray::{Array1, Array2, ArrayView1};
use ndnet::classifier::TrainingSettings;
use ndnet::data::{
    read_split, train_test_split, CsvOptions, Dataset, DatasetTargets, StandardScaler,
};
use ndnet::metrics::{accuracy, f1_score, precision, recall, ConfusionMatrix};
use ndnet::train::History;

/// Options every classifier example accepts.
#[derive(Debug, Default)]
pub struct Options {
    pub data: Option<PathBuf>,
    pub split: Option<PathBuf>,
    pub test_fraction: Option<f64>,
    pub seed: Option<u64>,
    pub epochs: Option<usize>,
    pub lr: Option<f64>,
    pub l2: Option<f64>,
    pub batch_size: Option<usize>,
    pub hidden: Option<Vec<usize>>,
    pub csv: CsvOptions,
}

/// The options of the CSV reader, which every classifier example accepts.
pub const CSV_USAGE: &str =
    "  --label NAME|INDEX     the label column, by header name or 0-based index (default: the
                         column named label, target, class or y, else the last)
  --delimiter C          the field delimiter, one character or `tab` (default `,`)
  --no-header            the first row is data, not column names
  -h, --help             this text";

/// Prints `error: …` and exits with code 2.
pub fn fail(message: impl std::fmt::Display) -> ! {
    eprintln!("error: {message}");
    exit(2)
}

fn value<T: std::str::FromStr>(parser: &mut lexopt::Parser, name: &str) -> T {
    let raw = parser
        .value()
        .unwrap_or_else(|e| fail(e))
        .into_string()
        .unwrap_or_else(|_| fail(format!("{name}: not valid UTF-8")));
    raw.parse()
        .unwrap_or_else(|_| fail(format!("{name}: cannot read `{raw}` as a value")))
}

/// Parses the command line; `usage` is printed for `--help`. `--hidden` only when `with_hidden`.
pub fn parse(usage: &str, with_hidden: bool) -> Options {
    use lexopt::Arg::Long;
    let mut parser = lexopt::Parser::from_env();
    let mut o = Options::default();
    while let Some(arg) = parser.next().unwrap_or_else(|e| fail(e)) {
        match arg {
            Long("data") => o.data = Some(value::<String>(&mut parser, "--data").into()),
            Long("split") => o.split = Some(value::<String>(&mut parser, "--split").into()),
            Long("test-fraction") => o.test_fraction = Some(value(&mut parser, "--test-fraction")),
            Long("seed") => o.seed = Some(value(&mut parser, "--seed")),
            Long("epochs") => o.epochs = Some(value(&mut parser, "--epochs")),
            Long("lr") => o.lr = Some(value(&mut parser, "--lr")),
            Long("l2") => o.l2 = Some(value(&mut parser, "--l2")),
            Long("batch-size") => o.batch_size = Some(value(&mut parser, "--batch-size")),
            Long("hidden") if with_hidden => {
                let raw: String = value(&mut parser, "--hidden");
                let sizes = raw
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(|s| s.trim().parse::<usize>())
                    .collect::<Result<Vec<_>, _>>()
                    .unwrap_or_else(|_| fail(format!("--hidden: `{raw}` is not like 100,50")));
                o.hidden = Some(sizes);
            }
            Long("label") => {
                let raw: String = value(&mut parser, "--label");
                o.csv = match raw.parse::<usize>() {
                    Ok(index) => o.csv.label_index(index),
                    Err(_) => o.csv.label_column(raw),
                };
            }
            Long("delimiter") => {
                let raw: String = value(&mut parser, "--delimiter");
                let byte = match raw.as_str() {
                    "tab" | "\\t" => b'\t',
                    one if one.len() == 1 => one.as_bytes()[0],
                    _ => fail(format!(
                        "--delimiter: `{raw}` is not one ASCII character or `tab`"
                    )),
                };
                o.csv = o.csv.delimiter(byte);
            }
            Long("no-header") => o.csv = o.csv.has_header(false),
            Long("help") | lexopt::Arg::Short('h') => {
                println!("{usage}\n{CSV_USAGE}");
                exit(0);
            }
            other => fail(other.unexpected()),
        }
    }
    if o.split.is_some() && o.test_fraction.is_some() {
        fail("give either --split or --test-fraction, not both");
    }
    o
}

/// The path of a file shipped in the repository's `data/` folder.
pub fn shipped(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Standardized train and test sets, plus a description of where they came from. `T` is
/// the targets: class labels, or real values `(samples, outputs)` for regression.
pub struct Prepared<T = Array1<usize>> {
    pub train: Dataset<f32, T>,
    pub test: Dataset<f32, T>,
    pub source: String,
}

/// Loads the data the options name (or the shipped default with its fixed split), splits it
/// and standardizes both parts with the training rows' mean and deviation.
pub fn prepare(o: &Options, default_csv: &str, default_split: &str) -> Prepared {
    prepare_classes(o, default_csv, default_split, None)
}

/// As [`prepare`], for a model of `n_classes` classes: a label outside them is reported at
/// its line of the file.
pub fn prepare_classes(
    o: &Options,
    default_csv: &str,
    default_split: &str,
    n_classes: Option<usize>,
) -> Prepared {
    let (csv, split) = sources(o, default_csv, default_split);
    let reader = match n_classes {
        Some(k) => o.csv.clone().classes(k),
        None => o.csv.clone(),
    };
    let data: Dataset<f32> = reader.read(&csv).unwrap_or_else(|e| fail(e));
    split_and_standardize(o, data, &csv, split, "stratified split")
}

/// As [`prepare`], for regression: the targets are real values.
pub fn prepare_values(
    o: &Options,
    default_csv: &str,
    default_split: &str,
) -> Prepared<Array2<f32>> {
    let (csv, split) = sources(o, default_csv, default_split);
    let data = o
        .csv
        .read_regression::<f32>(&csv)
        .unwrap_or_else(|e| fail(e));
    split_and_standardize(o, data, &csv, split, "random split")
}

/// The CSV file and the split file (if any) the options name, or the shipped defaults.
fn sources(o: &Options, default_csv: &str, default_split: &str) -> (PathBuf, Option<PathBuf>) {
    match &o.data {
        Some(path) => (path.clone(), o.split.clone()),
        None => (
            shipped(default_csv),
            o.split
                .clone()
                .or_else(|| o.test_fraction.is_none().then(|| shipped(default_split))),
        ),
    }
}

/// Splits `data` (by the split file, else at random) and standardizes both parts with the
/// training rows' mean and deviation.
fn split_and_standardize<T: DatasetTargets>(
    o: &Options,
    data: Dataset<f32, T>,
    csv: &Path,
    split: Option<PathBuf>,
    random: &str,
) -> Prepared<T> {
    let (train, test, how) = match split {
        Some(path) => {
            let split = read_split(&path).unwrap_or_else(|e| fail(e));
            let (tr, te) = split.apply(&data).unwrap_or_else(|e| fail(e));
            (tr, te, format!("fixed split {}", path.display()))
        }
        None => {
            let fraction = o.test_fraction.unwrap_or(0.2);
            let seed = o.seed.unwrap_or(0);
            let (tr, te) = train_test_split(&data, fraction, seed).unwrap_or_else(|e| fail(e));
            let how = format!("{random}, test fraction {fraction}, seed {seed}");
            (tr, te, how)
        }
    };
    let (mut train, mut test) = (train, test);
    let scaler = StandardScaler::fit(train.features()).unwrap_or_else(|e| fail(e));
    scaler
        .transform_inplace(train.features_mut())
        .unwrap_or_else(|e| fail(e));
    scaler
        .transform_inplace(test.features_mut())
        .unwrap_or_else(|e| fail(e));
    let source = format!(
        "{}: {} train / {} test rows, {} features ({how})",
        csv.display(),
        train.n_samples(),
        test.n_samples(),
        train.n_features()
    );
    Prepared {
        train,
        test,
        source,
    }
}

/// The classifier's training settings with the command line's overrides applied.
pub fn overrides(o: &Options, mut t: TrainingSettings) -> TrainingSettings {
    t.epochs = o.epochs.unwrap_or(t.epochs);
    t.learning_rate = o.lr.unwrap_or(t.learning_rate);
    t.l2 = o.l2.unwrap_or(t.l2);
    t.batch_size = o.batch_size.unwrap_or(t.batch_size);
    t.seed = o.seed.unwrap_or(t.seed);
    t
}

/// Prints a few points of the training curve.
pub fn print_curve(history: &History) {
    let epochs = history.epochs();
    println!("training curve (epoch: mean training loss):");
    let step = (epochs.len() / 8).max(1);
    for record in epochs
        .iter()
        .filter(|r| r.epoch % step == 0 || r.epoch + 1 == epochs.len())
    {
        println!("  {:>4}: {:.5}", record.epoch + 1, record.train_loss);
    }
}

/// Prints accuracy, precision/recall/F1 (binary only), the confusion matrix and, last, the
/// machine-readable `test_accuracy=` line.
pub fn report(y_true: ArrayView1<usize>, y_pred: ArrayView1<usize>, n_classes: usize) {
    let acc = accuracy(y_true, y_pred).unwrap_or_else(|e| fail(e));
    println!("test accuracy: {acc:.4}");
    if n_classes == 2 {
        let p = precision(y_true, y_pred).unwrap_or_else(|e| fail(e));
        let r = recall(y_true, y_pred).unwrap_or_else(|e| fail(e));
        let f = f1_score(y_true, y_pred).unwrap_or_else(|e| fail(e));
        println!("precision {p:.4}  recall {r:.4}  F1 {f:.4}  (positive class: 1)");
    }
    let cm = ConfusionMatrix::from_labels(y_true, y_pred, n_classes).unwrap_or_else(|e| fail(e));
    println!("confusion matrix (rows: true class, columns: predicted):\n{cm}");
    println!("test_accuracy={acc:.4}");
}
