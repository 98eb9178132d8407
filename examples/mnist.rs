//! MNIST as a user runs it: read the IDX files, train with a held-out validation set and a
//! progress bar, report the test accuracy, and save or load the model as safetensors.
//!
//! ```sh
//! cargo run --release --example mnist -- --mnist-dir ../shared/data/mnist
//! cargo run --release --example mnist -- --nielsen          # Nielsen's network.py
//! ```

mod common;

use std::cell::RefCell;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::exit;
use std::rc::Rc;

use indicatif::{ProgressBar, ProgressStyle};
use ndnet::data::{read_mnist, Dataset, Split, MNIST_FILES};
use ndnet::init::Init;
use ndnet::io::{load_safetensors, save_safetensors};
use ndnet::loss::{Loss, SoftmaxCrossEntropy, SquaredError};
use ndnet::metrics::{accuracy, ConfusionMatrix};
use ndnet::optim::{Schedule, Sgd};
use ndnet::regularization::L2;
use ndnet::train::{Checkpoint, EarlyStopping, EpochRecord, Trainer};
use ndnet::{Activation, Network};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

use common::fail;

const USAGE: &str = "\
mnist: a multilayer perceptron on MNIST (784 pixels in [0, 1], 10 classes).

Default model: 784-128-10, ReLU, softmax cross-entropy + L2 5e-4, SGD with Nesterov
momentum 0.9, learning rate 0.1 halved every 5 epochs, mini-batch 64, at most 20 epochs with
early stopping on 5,000 training images held out for validation (best epoch restored).

Options:
  --mnist-dir DIR        the four IDX files, gzipped or not (default: $NDNET_MNIST_DIR, else
                         data/mnist)
  --nielsen              Nielsen's network.py: [784, 30, 10], sigmoid everywhere, quadratic
                         cost, N(0,1) init, plain SGD with eta 3.0, batch 10, 30 epochs,
                         10,000 validation images
  --hidden 128,64        hidden layer sizes
  --epochs N  --lr X  --l2 X  --batch-size N  --seed S
  --train-limit N        train on the first N training images only (before the split)
  --test-limit N         test on the first N test images only
  --validation N         images held out from the training set (0: none)
  --save PATH            save the trained network (safetensors, PyTorch names)
  --load PATH            evaluate a saved network on the test set, no training
  --checkpoint PATH      write a checkpoint after every epoch
  --resume PATH          continue the run saved in a checkpoint";

#[derive(Debug, Default)]
struct Options {
    dir: Option<PathBuf>,
    nielsen: bool,
    hidden: Option<Vec<usize>>,
    epochs: Option<usize>,
    lr: Option<f64>,
    l2: Option<f64>,
    batch_size: Option<usize>,
    seed: Option<u64>,
    train_limit: Option<usize>,
    test_limit: Option<usize>,
    validation: Option<usize>,
    save: Option<PathBuf>,
    load: Option<PathBuf>,
    checkpoint: Option<PathBuf>,
    resume: Option<PathBuf>,
}

fn parse() -> Options {
    use lexopt::Arg::Long;
    let mut p = lexopt::Parser::from_env();
    let mut o = Options::default();
    fn text(p: &mut lexopt::Parser, name: &str) -> String {
        p.value()
            .unwrap_or_else(|e| fail(e))
            .into_string()
            .unwrap_or_else(|_| fail(format!("--{name}: not valid UTF-8")))
    }
    fn num<T: std::str::FromStr>(p: &mut lexopt::Parser, name: &str) -> Option<T> {
        let raw = text(p, name);
        Some(
            raw.parse()
                .unwrap_or_else(|_| fail(format!("--{name}: cannot read `{raw}` as a number"))),
        )
    }
    while let Some(arg) = p.next().unwrap_or_else(|e| fail(e)) {
        match arg {
            Long("mnist-dir") => o.dir = Some(text(&mut p, "mnist-dir").into()),
            Long("nielsen") => o.nielsen = true,
            Long("hidden") => {
                let raw = text(&mut p, "hidden");
                let sizes = raw
                    .split(',')
                    .map(|s| s.trim().parse::<usize>())
                    .collect::<Result<Vec<_>, _>>()
                    .unwrap_or_else(|_| fail(format!("--hidden: `{raw}` is not like 128,64")));
                o.hidden = Some(sizes);
            }
            Long("epochs") => o.epochs = num(&mut p, "epochs"),
            Long("lr") => o.lr = num(&mut p, "lr"),
            Long("l2") => o.l2 = num(&mut p, "l2"),
            Long("batch-size") => o.batch_size = num(&mut p, "batch-size"),
            Long("seed") => o.seed = num(&mut p, "seed"),
            Long("train-limit") => o.train_limit = num(&mut p, "train-limit"),
            Long("test-limit") => o.test_limit = num(&mut p, "test-limit"),
            Long("validation") => o.validation = num(&mut p, "validation"),
            Long("save") => o.save = Some(text(&mut p, "save").into()),
            Long("load") => o.load = Some(text(&mut p, "load").into()),
            Long("checkpoint") => o.checkpoint = Some(text(&mut p, "checkpoint").into()),
            Long("resume") => o.resume = Some(text(&mut p, "resume").into()),
            Long("help") => {
                println!("{USAGE}");
                exit(0);
            }
            other => fail(other.unexpected()),
        }
    }
    o
}

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

/// Draws a progress bar per epoch on a terminal; otherwise prints one line per epoch.
struct Progress {
    bar: RefCell<Option<ProgressBar>>,
    terminal: bool,
    epochs: usize,
}

impl Progress {
    fn batch(&self, p: &ndnet::train::BatchProgress) {
        if !self.terminal {
            return;
        }
        let mut slot = self.bar.borrow_mut();
        let bar = slot.get_or_insert_with(|| {
            let bar = ProgressBar::new(p.samples_total as u64);
            let style =
                ProgressStyle::with_template("epoch {prefix} [{bar:25}] {pos:>6}/{len} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> ");
            bar.set_style(style);
            bar.set_prefix(format!("{}/{}", p.epoch + 1, self.epochs));
            bar
        });
        bar.set_position(p.samples_done as u64);
        let rate = p.samples_done as f64 / bar.elapsed().as_secs_f64().max(1e-9);
        bar.set_message(format!("{rate:>7.0} samples/s  loss {:.4}", p.running_loss));
    }

    fn epoch(&self, r: &EpochRecord, samples: usize) {
        let secs = r.duration.as_secs_f64();
        let validation = match (r.validation_loss, r.validation_accuracy) {
            (Some(l), Some(a)) => format!("  val_loss {l:.4}  val_acc {a:.4}"),
            _ => String::new(),
        };
        let line = format!(
            "epoch {:>2}/{}  loss {:.4}{validation}  lr {:.4}  {secs:.2} s  ({:.0} samples/s)",
            r.epoch + 1,
            self.epochs,
            r.train_loss,
            r.learning_rate,
            samples as f64 / secs
        );
        if let Some(bar) = self.bar.borrow_mut().take() {
            bar.finish_and_clear();
        }
        println!("{line}");
    }
}

fn main() {
    let o = parse();
    let dir = mnist_dir(&o);
    let (train, test) = read_mnist::<f32>(&dir).unwrap_or_else(|e| fail(e));
    let test = first(test, o.test_limit);

    if let Some(path) = &o.load {
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
        report(&net, &test);
        return;
    }

    let nielsen = o.nielsen;
    let seed = o.seed.unwrap_or(0);
    let hidden = o
        .hidden
        .clone()
        .unwrap_or_else(|| vec![if nielsen { 30 } else { 128 }]);
    let epochs = o.epochs.unwrap_or(if nielsen { 30 } else { 20 });
    let batch_size = o.batch_size.unwrap_or(if nielsen { 10 } else { 64 });
    let lr = o.lr.unwrap_or(if nielsen { 3.0 } else { 0.1 });
    let l2 = o.l2.unwrap_or(if nielsen { 0.0 } else { 5e-4 });
    let n_validation = o.validation.unwrap_or(if nielsen { 10_000 } else { 5_000 });

    let train = first(train, o.train_limit);
    let (train, validation) = if n_validation == 0 {
        (train, None)
    } else {
        let fraction = n_validation as f64 / train.n_samples() as f64;
        let split = Split::stratified(train.labels(), fraction, seed).unwrap_or_else(|e| fail(e));
        let (t, v) = split.apply(&train).unwrap_or_else(|e| fail(e));
        (t, Some(v))
    };

    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut builder = Network::<f32>::builder(train.n_features());
    let (hidden_activation, output, init) = if nielsen {
        (
            Activation::Sigmoid,
            Activation::Sigmoid,
            Some(Init::StandardNormal),
        )
    } else {
        (Activation::Relu, Activation::Identity, None)
    };
    if let Some(init) = init {
        builder = builder.init(init);
    }
    for &units in &hidden {
        builder = builder.dense(units, hidden_activation);
    }
    let mut net = builder
        .dense(10, output)
        .build(&mut rng)
        .unwrap_or_else(|e| fail(e));
    let mut sgd = if nielsen {
        Sgd::builder().learning_rate(lr).build()
    } else {
        Sgd::builder()
            .learning_rate(lr)
            .momentum(0.9)
            .nesterov(true)
            .schedule(Schedule::StepDecay {
                every: 5,
                factor: 0.5,
            })
            .build()
    }
    .unwrap_or_else(|e| fail(e));
    let loss: &dyn Loss<f32> = if nielsen {
        &SquaredError
    } else {
        &SoftmaxCrossEntropy
    };

    let sizes: Vec<String> = std::iter::once(train.n_features())
        .chain(hidden.iter().copied())
        .chain([10])
        .map(|s| s.to_string())
        .collect();
    println!(
        "MNIST from {}: {} train / {} validation / {} test images",
        dir.display(),
        train.n_samples(),
        validation.as_ref().map_or(0, Dataset::n_samples),
        test.n_samples()
    );
    println!(
        "model {} ({}, {} output), {}, batch {batch_size}, lr {lr}, L2 {l2}, up to {epochs} \
         epochs, seed {seed}",
        sizes.join("-"),
        hidden_activation.name(),
        output.name(),
        if nielsen {
            "quadratic cost, plain SGD"
        } else {
            "softmax cross-entropy, SGD + Nesterov momentum 0.9"
        }
    );

    let progress = Rc::new(Progress {
        bar: RefCell::new(None),
        terminal: std::io::stderr().is_terminal(),
        epochs,
    });
    let n_train = train.n_samples();
    let (pb, pe) = (Rc::clone(&progress), Rc::clone(&progress));
    let mut trainer = Trainer::new()
        .epochs(epochs)
        .batch_size(batch_size)
        .seed(seed)
        .on_batch(move |p| pb.batch(p))
        .on_epoch(move |r| pe.epoch(r, n_train));
    if let Some(v) = &validation {
        trainer = trainer.validation(v.features(), v.labels());
        if !nielsen {
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
            &mut sgd,
            loss,
            &L2::new(l2),
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
