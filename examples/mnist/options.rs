//! The command line: usage, options and their parsing.

use std::path::PathBuf;
use std::process::exit;

use crate::common::fail;

pub const USAGE: &str = "\
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
  --deep                 784-512-512-10, ReLU, dropout 0.3 after each hidden layer, Adam with
                         learning rate 1e-3 annealed by a cosine to 1e-5 over 30 epochs,
                         batch 128, no L2, no early stopping (other options apply on top);
                         test accuracy 0.9862 in about 95 s on 2 cores
  --optimizer NAME       sgd (default), adam, adamw, rmsprop or adagrad; all but sgd anneal
                         their rate by a cosine to 1e-5 (default rate 1e-3, adagrad 1e-2)
  --dropout P            dropout after every hidden layer (default 0: none)
  --batch-norm           batch normalisation in every hidden layer, before the activation
  --hidden 128,64        hidden layer sizes
  --epochs N  --lr X  --l2 X  --batch-size N  --seed S
  --train-limit N        train on the first N training images only (before the split)
  --test-limit N         test on the first N test images only
  --validation N         images held out from the training set (0: none)
  --save PATH            save the trained network (safetensors, PyTorch names)
  --load PATH            evaluate a saved network on the test set, no training
  --checkpoint PATH      write a checkpoint after every epoch
  --resume PATH          continue the run saved in a checkpoint";

/// The optimizers `--optimizer` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Sgd,
    Adam,
    AdamW,
    RmsProp,
    Adagrad,
}

fn choice(name: &str) -> Choice {
    match name {
        "sgd" => Choice::Sgd,
        "adam" => Choice::Adam,
        "adamw" => Choice::AdamW,
        "rmsprop" => Choice::RmsProp,
        "adagrad" => Choice::Adagrad,
        other => fail(format!(
            "--optimizer: `{other}` is not sgd, adam, adamw, rmsprop or adagrad"
        )),
    }
}

#[derive(Debug, Default)]
pub struct Options {
    pub dir: Option<PathBuf>,
    pub nielsen: bool,
    pub hidden: Option<Vec<usize>>,
    pub epochs: Option<usize>,
    pub lr: Option<f64>,
    pub l2: Option<f64>,
    pub batch_size: Option<usize>,
    pub seed: Option<u64>,
    pub train_limit: Option<usize>,
    pub test_limit: Option<usize>,
    pub validation: Option<usize>,
    pub save: Option<PathBuf>,
    pub load: Option<PathBuf>,
    pub checkpoint: Option<PathBuf>,
    pub resume: Option<PathBuf>,
    pub deep: bool,
    pub optimizer: Option<Choice>,
    pub dropout: Option<f64>,
    pub batch_norm: bool,
}

pub fn parse() -> Options {
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
            Long("deep") => o.deep = true,
            Long("batch-norm") => o.batch_norm = true,
            Long("dropout") => o.dropout = num(&mut p, "dropout"),
            Long("optimizer") => o.optimizer = Some(choice(&text(&mut p, "optimizer"))),
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
    if o.nielsen && (o.deep || o.batch_norm || o.dropout.is_some() || o.optimizer.is_some()) {
        fail("--nielsen is network.py's setup: it takes no --deep, --optimizer, --dropout or --batch-norm");
    }
    o
}
