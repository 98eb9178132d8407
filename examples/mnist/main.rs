//! MNIST as a user runs it: read the IDX files, train with a held-out validation set and a
//! progress bar, report the test accuracy, and save or load the model as safetensors.
//!
//! ```sh
//! cargo run --release --example mnist -- --mnist-dir ../shared/data/mnist
//! cargo run --release --example mnist -- --nielsen          # Nielsen's network.py
//! cargo run --release --example mnist -- --deep             # two wide layers, dropout, Adam
//! ```

#[path = "../common/mod.rs"]
mod common;
mod options;
mod progress;

use std::cell::RefCell;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::rc::Rc;

use ndnet::data::{read_mnist, Dataset, Split, MNIST_FILES};
use ndnet::init::Init;
use ndnet::io::{load_safetensors, save_safetensors};
use ndnet::loss::{Loss, SoftmaxCrossEntropy, SquaredError};
use ndnet::metrics::{accuracy, ConfusionMatrix};
use ndnet::optim::{Adagrad, Adam, AdamW, Optimizer, RmsProp, Schedule, Sgd};
use ndnet::regularization::L2;
use ndnet::train::{Checkpoint, EarlyStopping, Trainer};
use ndnet::{Activation, Network};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

use common::fail;
use options::{Choice, Options};
use progress::Progress;

/// The data directory, after checking that the four files are there.
fn mnist_dir(o: &Options) -> PathBuf {
    let dir = o
        .dir
        .clone()
        .or_else(|| std::env::var_os("NDNET_MNIST_DIR").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("data/mnist"));
    let missing: Vec<&str> = MNIST_FILES
        .iter()
        .copied()
        .filter(|name| !dir.join(format!("{name}.gz")).is_file() && !dir.join(name).is_file())
        .collect();
    if !missing.is_empty() {
        fail(format!(
            "MNIST not found in {}: missing {} (each as NAME.gz or NAME); the four files are \
             published on Yann LeCun's MNIST page and its mirrors; give their folder with \
             --mnist-dir DIR or NDNET_MNIST_DIR",
            dir.display(),
            missing.join(", ")
        ));
    }
    dir
}

fn first(ds: Dataset<f32>, limit: Option<usize>) -> Dataset<f32> {
    match limit {
        Some(n) if n < ds.n_samples() => {
            let rows: Vec<usize> = (0..n).collect();
            ds.select(&rows).unwrap_or_else(|e| fail(e))
        }
        _ => ds,
    }
}

/// Test accuracy, confusion matrix, and the machine-readable last line.
fn report(net: &Network<f32>, test: &Dataset<f32>) {
    let predicted = net
        .predict_classes(test.features())
        .unwrap_or_else(|e| fail(e));
    let acc = accuracy(test.labels(), predicted.view()).unwrap_or_else(|e| fail(e));
    let cm = ConfusionMatrix::from_labels(test.labels(), predicted.view(), net.outputs())
        .unwrap_or_else(|e| fail(e));
    println!("confusion matrix (rows: true digit, columns: predicted):\n{cm}");
    println!("test_accuracy={acc:.4}");
}

/// The run's settings after the presets: `--nielsen`, `--deep`, or the default.
struct Setup {
    hidden: Vec<usize>,
    epochs: usize,
    batch_size: usize,
    lr: f64,
    l2: f64,
    validation: usize,
    optimizer: Choice,
    dropout: f64,
}

fn setup(o: &Options) -> Setup {
    let (nielsen, deep) = (o.nielsen, o.deep);
    let optimizer = o.optimizer.unwrap_or(match deep {
        true => Choice::Adam,
        false => Choice::Sgd,
    });
    let default_hidden = match (nielsen, deep) {
        (true, _) => vec![30],
        (_, true) => vec![512, 512],
        _ => vec![128],
    };
    Setup {
        hidden: o.hidden.clone().unwrap_or(default_hidden),
        epochs: o.epochs.unwrap_or(match (nielsen, deep) {
            (true, _) => 30,
            (_, true) => 30,
            _ => 20,
        }),
        batch_size: o.batch_size.unwrap_or(match (nielsen, deep) {
            (true, _) => 10,
            (_, true) => 128,
            _ => 64,
        }),
        lr: o.lr.unwrap_or(match (nielsen, optimizer) {
            (true, _) => 3.0,
            (_, Choice::Sgd) => 0.1,
            (_, Choice::Adagrad) => 1e-2,
            _ => 1e-3,
        }),
        l2: o.l2.unwrap_or(match (nielsen, deep) {
            (false, false) => 5e-4,
            _ => 0.0,
        }),
        validation: o.validation.unwrap_or(if nielsen { 10_000 } else { 5_000 }),
        optimizer,
        dropout: o.dropout.unwrap_or(if deep { 0.3 } else { 0.0 }),
    }
}

/// The network the options describe.
fn network(o: &Options, s: &Setup, inputs: usize, rng: &mut Xoshiro256PlusPlus) -> Network<f32> {
    let mut builder = Network::<f32>::builder(inputs);
    let (hidden, output) = match o.nielsen {
        true => {
            builder = builder.init(Init::StandardNormal);
            (Activation::Sigmoid, Activation::Sigmoid)
        }
        false => (Activation::Relu, Activation::Identity),
    };
    for &units in &s.hidden {
        builder = match o.batch_norm {
            true => builder
                .dense(units, Activation::Identity)
                .batch_norm()
                .activation(hidden),
            false => builder.dense(units, hidden),
        };
        if s.dropout > 0.0 {
            builder = builder.dropout(s.dropout);
        }
    }
    builder
        .dense(10, output)
        .build(rng)
        .unwrap_or_else(|e| fail(e))
}

/// The optimizer and a description of it.
fn optimizer(o: &Options, s: &Setup) -> (Box<dyn Optimizer<f32>>, &'static str) {
    fn boxed(o: impl Optimizer<f32> + 'static) -> Box<dyn Optimizer<f32>> {
        Box::new(o)
    }
    let cosine = Schedule::Cosine {
        epochs: s.epochs,
        min_rate: 1e-5,
    };
    let made = match (o.nielsen, s.optimizer) {
        (true, _) => Sgd::new(s.lr).map(boxed),
        (_, Choice::Sgd) => Sgd::builder()
            .learning_rate(s.lr)
            .momentum(0.9)
            .nesterov(true)
            .schedule(Schedule::StepDecay {
                every: 5,
                factor: 0.5,
            })
            .build()
            .map(boxed),
        (_, Choice::Adam) => Adam::builder()
            .learning_rate(s.lr)
            .schedule(cosine)
            .build()
            .map(boxed),
        (_, Choice::AdamW) => AdamW::builder()
            .learning_rate(s.lr)
            .schedule(cosine)
            .build()
            .map(boxed),
        (_, Choice::RmsProp) => RmsProp::builder()
            .learning_rate(s.lr)
            .schedule(cosine)
            .build()
            .map(boxed),
        (_, Choice::Adagrad) => Adagrad::builder()
            .learning_rate(s.lr)
            .schedule(cosine)
            .build()
            .map(boxed),
    };
    let described = match (o.nielsen, s.optimizer) {
        (true, _) => "plain SGD",
        (_, Choice::Sgd) => "SGD + Nesterov momentum 0.9",
        (_, Choice::Adam) => "Adam, cosine to 1e-5",
        (_, Choice::AdamW) => "AdamW (decay 0.01), cosine to 1e-5",
        (_, Choice::RmsProp) => "RMSProp, cosine to 1e-5",
        (_, Choice::Adagrad) => "Adagrad, cosine to 1e-5",
    };
    (made.unwrap_or_else(|e| fail(e)), described)
}

fn load_and_report(path: &PathBuf, test: &Dataset<f32>, dir: &std::path::Path) {
    let net = load_safetensors::<f32>(path).unwrap_or_else(|e| fail(e));
    if net.inputs() != test.n_features() {
        fail(format!(
            "{} reads {} inputs, MNIST images have {}",
            path.display(),
            net.inputs(),
            test.n_features()
        ));
    }
    println!(
        "loaded {} ({} parameters); testing on {} images from {}",
        path.display(),
        net.n_parameters(),
        test.n_samples(),
        dir.display()
    );
    report(&net, test);
}

fn main() {
    let o = options::parse();
    let dir = mnist_dir(&o);
    let (train, test) = read_mnist::<f32>(&dir).unwrap_or_else(|e| fail(e));
    let test = first(test, o.test_limit);
    if let Some(path) = &o.load {
        return load_and_report(path, &test, &dir);
    }
    let s = setup(&o);
    let seed = o.seed.unwrap_or(0);
    let train = first(train, o.train_limit);
    let (train, validation) = if s.validation == 0 {
        (train, None)
    } else {
        let fraction = s.validation as f64 / train.n_samples() as f64;
        let split = Split::stratified(train.labels(), fraction, seed).unwrap_or_else(|e| fail(e));
        let (t, v) = split.apply(&train).unwrap_or_else(|e| fail(e));
        (t, Some(v))
    };
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut net = network(&o, &s, train.n_features(), &mut rng);
    let (mut optimizer, described) = optimizer(&o, &s);
    let loss: &dyn Loss<f32> = if o.nielsen {
        &SquaredError
    } else {
        &SoftmaxCrossEntropy
    };
    describe(
        &o,
        &s,
        &dir,
        [&train, &test],
        validation.as_ref(),
        seed,
        described,
    );

    let progress = Rc::new(Progress {
        bar: RefCell::new(None),
        terminal: std::io::stderr().is_terminal(),
        epochs: s.epochs,
    });
    let n_train = train.n_samples();
    let (pb, pe) = (Rc::clone(&progress), Rc::clone(&progress));
    let mut trainer = Trainer::new()
        .epochs(s.epochs)
        .batch_size(s.batch_size)
        .seed(seed)
        .on_batch(move |p| pb.batch(p))
        .on_epoch(move |r| pe.epoch(r, n_train));
    if let Some(v) = &validation {
        trainer = trainer.validation(v.features(), v.labels());
        // --deep anneals to the end; its validation loss rises while its accuracy still does.
        if !o.nielsen && !o.deep {
            trainer = trainer.early_stopping(EarlyStopping {
                patience: 5,
                ..EarlyStopping::default()
            });
        }
    }
    if let Some(path) = &o.checkpoint {
        trainer = trainer.checkpoint_every(1, path);
    }
    if let Some(path) = &o.resume {
        let checkpoint = Checkpoint::load(path).unwrap_or_else(|e| fail(e));
        println!("resuming after epoch {}", checkpoint.epochs_done());
        trainer = trainer.resume(checkpoint);
    }
    let history = trainer
        .fit(
            &mut net,
            optimizer.as_mut(),
            loss,
            &L2::new(s.l2),
            train.features(),
            train.labels(),
        )
        .unwrap_or_else(|e| fail(e));

    let records = history.epochs();
    let mean = records
        .iter()
        .map(|r| r.duration.as_secs_f64())
        .sum::<f64>()
        / records.len().max(1) as f64;
    println!(
        "trained {} epochs, {mean:.2} s per epoch on average (training + validation)",
        records.len()
    );
    if let Some(best) = history.best_epoch() {
        println!(
            "kept the weights of epoch {} (best validation loss)",
            best + 1
        );
    }
    if let Some(path) = &o.save {
        save_safetensors(&net, path).unwrap_or_else(|e| fail(e));
        println!("saved the network to {}", path.display());
    }
    report(&net, &test);
}

/// The lines that say what is about to be trained.
fn describe(
    o: &Options,
    s: &Setup,
    dir: &std::path::Path,
    [train, test]: [&Dataset<f32>; 2],
    validation: Option<&Dataset<f32>>,
    seed: u64,
    optimizer: &str,
) {
    let sizes: Vec<String> = std::iter::once(train.n_features())
        .chain(s.hidden.iter().copied())
        .chain([10])
        .map(|s| s.to_string())
        .collect();
    println!(
        "MNIST from {}: {} train / {} validation / {} test images",
        dir.display(),
        train.n_samples(),
        validation.map_or(0, Dataset::n_samples),
        test.n_samples()
    );
    let (hidden, output, loss) = match o.nielsen {
        true => ("sigmoid", "sigmoid", "quadratic cost"),
        false => ("relu", "identity", "softmax cross-entropy"),
    };
    let extras = match (o.batch_norm, s.dropout > 0.0) {
        (true, true) => format!(", batch norm, dropout {}", s.dropout),
        (true, false) => ", batch norm".into(),
        (false, true) => format!(", dropout {}", s.dropout),
        (false, false) => String::new(),
    };
    println!(
        "model {} ({hidden}, {output} output{extras}), {loss}, {optimizer}, batch {}, lr {}, \
         L2 {}, up to {} epochs, seed {seed}",
        sizes.join("-"),
        s.batch_size,
        s.lr,
        s.l2,
        s.epochs
    );
}
