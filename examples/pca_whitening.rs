//! PCA and whitening on the digits (8x8 images, 10 classes), as in CS231n's preprocessing
//! notes: how much variance the leading components hold, and how whitening the inputs changes
//! the training of a softmax classifier (multinomial logistic regression) by SGD.
//!
//! ```sh
//! cargo run --release --features linalg --example pca_whitening [-- --epochs 30 --epsilon 0.1 --out DIR]
//! ```
//!
//! Trains the same linear softmax classifier, from the same seed, on three versions of the
//! fixed training split: standardized pixels, PCA-whitened and ZCA-whitened (both fitted on the
//! training rows), and prints per run the test accuracy after each epoch and how many epochs
//! it took to reach 95 %. Writes a scatter of the training images on the first two principal
//! components, one colour per digit, to `DIR/pca_digits.png` (default `target/plots`).
//! The last line is `test_accuracy=…` of the whitened (PCA) run.

mod common;

use std::path::PathBuf;

use common::{fail, shipped};
use ndarray::{Array2, ArrayView1, ArrayView2};
use ndnet::data::{read_csv, read_split, Dataset, StandardScaler};
use ndnet::loss::SoftmaxCrossEntropy;
use ndnet::metrics::accuracy;
use ndnet::optim::Sgd;
use ndnet::preprocessing::{NComponents, Pca, Whitening};
use ndnet::regularization::L2;
use ndnet::train::Trainer;
use ndnet::{Activation, Network};
use plotters::prelude::*;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

const USAGE: &str =
    "usage: pca_whitening [--epochs N] [--epsilon E] [--lr R] [--seed S] [--out DIR]";
const TARGET: f64 = 0.95;

struct Options {
    epochs: usize,
    epsilon: f64,
    lr: f64,
    seed: u64,
    out: PathBuf,
}

fn parse() -> Options {
    use lexopt::Arg::Long;
    let mut o = Options {
        epochs: 30,
        epsilon: 0.1,
        lr: 0.01,
        seed: 0,
        out: PathBuf::from("target/plots"),
    };
    let mut parser = lexopt::Parser::from_env();
    let value = |parser: &mut lexopt::Parser, name: &str| -> String {
        parser
            .value()
            .unwrap_or_else(|e| fail(e))
            .into_string()
            .unwrap_or_else(|_| fail(format!("{name}: not valid UTF-8")))
    };
    fn number<T: std::str::FromStr>(raw: String, name: &str) -> T {
        raw.parse()
            .unwrap_or_else(|_| fail(format!("{name}: cannot read `{raw}` as a value")))
    }
    while let Some(arg) = parser.next().unwrap_or_else(|e| fail(e)) {
        match arg {
            Long("epochs") => o.epochs = number(value(&mut parser, "--epochs"), "--epochs"),
            Long("epsilon") => o.epsilon = number(value(&mut parser, "--epsilon"), "--epsilon"),
            Long("lr") => o.lr = number(value(&mut parser, "--lr"), "--lr"),
            Long("seed") => o.seed = number(value(&mut parser, "--seed"), "--seed"),
            Long("out") => o.out = value(&mut parser, "--out").into(),
            Long("help") => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => fail(other.unexpected()),
        }
    }
    o
}

/// What one training run reached.
struct Run {
    name: &'static str,
    accuracy: Vec<f64>,
    /// Mean training objective (loss + penalty) of each epoch.
    train_loss: Vec<f64>,
}

impl Run {
    fn epochs_to(&self, target: f64) -> Option<usize> {
        self.accuracy
            .iter()
            .position(|&a| a >= target)
            .map(|e| e + 1)
    }
}

/// Trains a 64→10 softmax classifier epoch by epoch, recording the test accuracy.
fn train(
    name: &'static str,
    o: &Options,
    (x, y): (ArrayView2<'_, f32>, ArrayView1<'_, usize>),
    (xt, yt): (ArrayView2<'_, f32>, ArrayView1<'_, usize>),
) -> Run {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(o.seed);
    let mut net = Network::<f32>::builder(x.ncols())
        .dense(10, Activation::Identity)
        .build(&mut rng)
        .unwrap_or_else(|e| fail(e));
    let mut sgd = Sgd::builder()
        .learning_rate(o.lr)
        .momentum(0.9)
        .build()
        .unwrap_or_else(|e| fail(e));
    let mut accuracy_per_epoch = Vec::with_capacity(o.epochs);
    let mut train_loss = Vec::with_capacity(o.epochs);
    for epoch in 0..o.epochs {
        let history = Trainer::new()
            .epochs(1)
            .batch_size(32)
            .seed(o.seed.wrapping_add(epoch as u64))
            .fit(
                &mut net,
                &mut sgd,
                &SoftmaxCrossEntropy,
                &L2::new(1e-4),
                x,
                y,
            )
            .unwrap_or_else(|e| fail(e));
        train_loss.push(history.last().map_or(f64::NAN, |r| r.train_loss));
        let predicted = net.predict_classes(xt).unwrap_or_else(|e| fail(e));
        accuracy_per_epoch.push(accuracy(yt, predicted.view()).unwrap_or_else(|e| fail(e)));
    }
    Run {
        name,
        accuracy: accuracy_per_epoch,
        train_loss,
    }
}

/// The training images on the first two components, one colour per digit, without text.
fn scatter(points: &Array2<f32>, labels: ArrayView1<'_, usize>, path: &std::path::Path) {
    const COLOURS: [RGBColor; 10] = [
        RGBColor(31, 119, 180),
        RGBColor(255, 127, 14),
        RGBColor(44, 160, 44),
        RGBColor(214, 39, 40),
        RGBColor(148, 103, 189),
        RGBColor(140, 86, 75),
        RGBColor(227, 119, 194),
        RGBColor(127, 127, 127),
        RGBColor(188, 189, 34),
        RGBColor(23, 190, 207),
    ];
    let range = |c: usize| {
        let v = points.column(c);
        let (lo, hi) = v
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(l, h), &x| {
                (l.min(x), h.max(x))
            });
        let pad = 0.05 * (hi - lo).max(1e-6);
        (lo - pad)..(hi + pad)
    };
    let draw = || -> Result<(), Box<dyn std::error::Error>> {
        let root = BitMapBackend::new(path, (800, 800)).into_drawing_area();
        root.fill(&WHITE)?;
        let (xr, yr) = (range(0), range(1));
        let mut chart = ChartBuilder::on(&root)
            .margin(20)
            .build_cartesian_2d(xr.clone(), yr.clone())?;
        let axis = BLACK.mix(0.4);
        chart.draw_series(LineSeries::new([(xr.start, 0.0), (xr.end, 0.0)], axis))?;
        chart.draw_series(LineSeries::new([(0.0, yr.start), (0.0, yr.end)], axis))?;
        chart.draw_series(points.rows().into_iter().zip(labels).map(|(p, &label)| {
            Circle::new((p[0], p[1]), 3, COLOURS[label % 10].mix(0.8).filled())
        }))?;
        root.present()?;
        Ok(())
    };
    draw().unwrap_or_else(|e| fail(format!("{}: {e}", path.display())));
}

fn main() {
    let o = parse();
    let data: Dataset<f32> = read_csv(shipped("data/digits.csv")).unwrap_or_else(|e| fail(e));
    let split = read_split(shipped("data/splits/digits.json")).unwrap_or_else(|e| fail(e));
    let (mut train_set, mut test_set) = split.apply(&data).unwrap_or_else(|e| fail(e));
    let scaler = StandardScaler::fit(train_set.features()).unwrap_or_else(|e| fail(e));
    scaler
        .transform_inplace(train_set.features_mut())
        .unwrap_or_else(|e| fail(e));
    scaler
        .transform_inplace(test_set.features_mut())
        .unwrap_or_else(|e| fail(e));
    let (x, y) = (train_set.features(), train_set.labels());
    let (xt, yt) = (test_set.features(), test_set.labels());
    println!(
        "digits: {} train / {} test images, {} pixels, standardized with the training rows",
        x.nrows(),
        xt.nrows(),
        x.ncols()
    );

    let pca = Pca::params().fit(x).unwrap_or_else(|e| fail(e));
    let ratio = pca.explained_variance_ratio();
    let cumulative = |k: usize| ratio.iter().take(k).sum::<f32>();
    println!(
        "PCA: the first 2 components hold {:.1} % of the variance, 10 hold {:.1} %, 30 hold {:.1} %",
        100.0 * cumulative(2),
        100.0 * cumulative(10),
        100.0 * cumulative(30)
    );
    for fraction in [0.9, 0.95, 0.99] {
        let k = Pca::params()
            .n_components(NComponents::VarianceFraction(fraction))
            .fit(x)
            .unwrap_or_else(|e| fail(e))
            .n_components();
        println!("  {k} components explain {:.0} %", 100.0 * fraction);
    }

    let mut runs = vec![train("standardized", &o, (x, y), (xt, yt))];
    for (name, white) in [
        ("PCA-whitened", Whitening::pca()),
        ("ZCA-whitened", Whitening::zca()),
    ] {
        let fitted = white.epsilon(o.epsilon).fit(x).unwrap_or_else(|e| fail(e));
        let (xw, xtw) = (
            fitted.transform(x).unwrap_or_else(|e| fail(e)),
            fitted.transform(xt).unwrap_or_else(|e| fail(e)),
        );
        runs.push(train(name, &o, (xw.view(), y), (xtw.view(), yt)));
    }
    println!(
        "\nsoftmax classifier 64→10, SGD lr {} momentum 0.9, batch 32, L2 1e-4, whitening ε = {}\n\
         (test accuracy after the epoch; mean training objective in the last epoch):",
        o.lr, o.epsilon
    );
    println!(
        "  {:<14} {:>8} {:>8} {:>8} {:>8} {:>11}   epochs to {:.0} %",
        "inputs",
        "epoch 1",
        "epoch 5",
        "best",
        "last",
        "train loss",
        100.0 * TARGET
    );
    for run in &runs {
        let at = |e: usize| run.accuracy.get(e - 1).copied().unwrap_or(f64::NAN);
        let best = run.accuracy.iter().copied().fold(0.0, f64::max);
        let reached = run
            .epochs_to(TARGET)
            .map_or_else(|| "not reached".to_string(), |e| e.to_string());
        println!(
            "  {:<14} {:>8.4} {:>8.4} {:>8.4} {:>8.4} {:>11.4}   {reached}",
            run.name,
            at(1),
            at(5.min(o.epochs)),
            best,
            at(o.epochs),
            run.train_loss.last().copied().unwrap_or(f64::NAN)
        );
    }

    std::fs::create_dir_all(&o.out).unwrap_or_else(|e| fail(format!("{}: {e}", o.out.display())));
    let path = o.out.join("pca_digits.png");
    let two = Pca::params()
        .n_components(NComponents::Count(2))
        .fit(x)
        .unwrap_or_else(|e| fail(e));
    scatter(&two.transform(x).unwrap_or_else(|e| fail(e)), y, &path);
    println!(
        "\nscatter of the training images on components 1 (x) and 2 (y): {}\n  colours: \
         0 blue, 1 orange, 2 green, 3 red, 4 purple, 5 brown, 6 pink, 7 grey, 8 olive, 9 cyan",
        path.display()
    );
    println!(
        "test_accuracy={:.4}",
        runs[1].accuracy.last().copied().unwrap_or(0.0)
    );
}
