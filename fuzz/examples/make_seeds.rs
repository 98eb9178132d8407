//! Writes the seed corpora under `fuzz/corpus/<target>/`: small valid inputs for every
//! target, made with ndnet's own savers or copied (cut short where large) from the shipped
//! data and test fixtures.
//!
//! ```text
//! cargo run --manifest-path fuzz/Cargo.toml --no-default-features --example make_seeds -- \
//!     [--corpus fuzz/corpus] [--mnist-dir ../shared/data/mnist]
//! ```
//!
//! Paths default to those relative to the main crate's root (run it from there). Without the
//! MNIST files, the IDX seeds are synthetic images of the same shape. Every seed is checked to
//! load (through the same function as its fuzz target) and to be under 20 KB.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use ndarray::{Array1, Array2};
use ndnet::classifier::{BinarySoftmaxClassifier, BinarySvm, MlpClassifier, Solver};
use ndnet::data::{read_csv, StandardScaler};
use ndnet::estimator::Fit;
use ndnet::io::save_safetensors;
use ndnet::loss::SoftmaxCrossEntropy;
use ndnet::optim::{Adagrad, Adam, Optimizer, RmsProp, Sgd};
use ndnet::regularization::L2;
use ndnet::train::{EarlyStopping, Trainer};
use ndnet::{Activation, Float, Network};
use ndnet_fuzz::{idx_file, SERDE_TYPES};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

const MAX_SEED: usize = 20 * 1024;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> Res<()> {
    let mut corpus = PathBuf::from("fuzz/corpus");
    let mut mnist = PathBuf::from("../shared/data/mnist");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--corpus" => corpus = args.next().ok_or("--corpus needs a path")?.into(),
            "--mnist-dir" => mnist = args.next().ok_or("--mnist-dir needs a path")?.into(),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    if !Path::new("data/iris.csv").is_file() {
        return Err("run from the main crate's root (data/iris.csv not found)".into());
    }
    let mut seeds = Seeds::new(corpus);
    csv(&mut seeds)?;
    idx(&mut seeds, &mnist)?;
    let scratch = std::env::temp_dir().join(format!("ndnet-make-seeds-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    safetensors(&mut seeds, &scratch)?;
    checkpoint(&mut seeds, &scratch)?;
    std::fs::remove_dir_all(&scratch)?;
    split(&mut seeds)?;
    serde(&mut seeds)?;
    seeds.check()?;
    Ok(())
}

/// The seeds written so far, by target.
struct Seeds {
    root: PathBuf,
    written: BTreeMap<&'static str, Vec<PathBuf>>,
}

impl Seeds {
    fn new(root: PathBuf) -> Self {
        Seeds {
            root,
            written: BTreeMap::new(),
        }
    }

    fn add(&mut self, target: &'static str, name: &str, bytes: &[u8]) -> Res<()> {
        if bytes.len() > MAX_SEED {
            return Err(format!("seed {target}/{name} is {} bytes", bytes.len()).into());
        }
        let dir = self.root.join(target);
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(name);
        std::fs::write(&path, bytes)?;
        self.written.entry(target).or_default().push(path);
        Ok(())
    }

    /// Runs every seed through its target (a panic aborts with the seed's name), requires
    /// each to load, and prints a summary.
    fn check(&self) -> Res<()> {
        let mut total = 0;
        for (target, paths) in &self.written {
            let run = ndnet_fuzz::target(target).ok_or("unknown target")?;
            let mut bytes = 0;
            for p in paths {
                let data = std::fs::read(p)?;
                bytes += data.len();
                if !run(&data) {
                    return Err(format!("seed {} does not load", p.display()).into());
                }
            }
            total += bytes;
            println!("{target}: {} seeds, {bytes} bytes", paths.len());
        }
        ndnet_fuzz::remove_scratch();
        println!("total: {total} bytes");
        Ok(())
    }
}

fn gzip(bytes: &[u8]) -> Res<Vec<u8>> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes)?;
    Ok(enc.finish()?)
}

/// The first `lines` lines of a text file.
fn head(path: &str, lines: usize) -> Res<String> {
    let text = std::fs::read_to_string(path)?;
    Ok(text.lines().take(lines).map(|l| format!("{l}\n")).collect())
}

fn prefixed(prefix: u8, body: &[u8]) -> Vec<u8> {
    let mut v = vec![prefix];
    v.extend(body);
    v
}

fn csv(s: &mut Seeds) -> Res<()> {
    // Option byte: see ndnet_fuzz::csv (bits 0-2 delimiter, 3 label column `label`, 4 f64).
    s.add(
        "csv",
        "iris-read_csv.csv",
        &prefixed(0x00, &std::fs::read("data/iris.csv")?),
    )?;
    s.add(
        "csv",
        "wine-label-column.csv",
        &prefixed(0x08, &std::fs::read("data/wine.csv")?),
    )?;
    let bc = head("data/breast_cancer.csv", 30)?;
    s.add(
        "csv",
        "breast_cancer-head-f64.csv",
        &prefixed(0x10, bc.as_bytes()),
    )?;
    let digits = head("data/digits.csv", 12)?.replace(',', ";");
    s.add(
        "csv",
        "digits-head-semicolon.csv",
        &prefixed(0x01, digits.as_bytes()),
    )?;
    let iris_tab = head("data/iris.csv", 20)?.replace(',', "\t");
    s.add(
        "csv",
        "iris-head-tab-f64.csv",
        &prefixed(0x12, iris_tab.as_bytes()),
    )?;
    let odd = "a, b ,\"label\"\r\n\r\n1.5,-2e3,0\r\n\"3\", 4 ,1.0\r\n\r\n+0.25,1e-7,2\r\n";
    s.add(
        "csv",
        "quotes-crlf-blank-lines.csv",
        &prefixed(0x08, odd.as_bytes()),
    )?;
    Ok(())
}

/// The first `n` items (each `item` bytes) of a gzipped MNIST file, or `None` without it.
fn mnist_head(dir: &Path, name: &str, header: usize, n: usize, item: usize) -> Option<Vec<u8>> {
    let raw = std::fs::read(dir.join(format!("{name}.gz"))).ok()?;
    let mut out = vec![0; header + n * item];
    GzDecoder::new(raw.as_slice()).read_exact(&mut out).ok()?;
    Some(out[header..].to_vec())
}

fn idx(s: &mut Seeds, mnist: &Path) -> Res<()> {
    let pixels = mnist_head(mnist, "t10k-images-idx3-ubyte", 16, 3, 784).unwrap_or_else(|| {
        eprintln!("no MNIST in {}: synthetic images", mnist.display());
        (0..3 * 784).map(|i| ((i * 37) % 256) as u8).collect()
    });
    let labels =
        mnist_head(mnist, "t10k-labels-idx1-ubyte", 8, 5, 1).unwrap_or_else(|| vec![7, 2, 1, 0, 4]);
    let images = idx_file(0x0803, &[3, 28, 28], &pixels);
    let labels = idx_file(0x0801, &[5], &labels);
    s.add("idx", "mnist-3-images", &images)?;
    s.add("idx", "mnist-3-images.gz", &gzip(&images)?)?;
    s.add("idx", "mnist-5-labels", &labels)?;
    s.add("idx", "mnist-5-labels.gz", &gzip(&labels)?)?;
    s.add(
        "idx",
        "tiny-2x1x2-images",
        &idx_file(0x0803, &[2, 1, 2], &[0, 255, 51, 102]),
    )?;
    s.add("idx", "no-labels", &idx_file(0x0801, &[0], &[]))?;
    Ok(())
}

fn rng(seed: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed)
}

/// Small networks of every layer kind.
fn networks<F: Float>() -> Res<Vec<(&'static str, Network<F>)>> {
    Ok(vec![
        (
            "dense-relu",
            Network::builder(4)
                .dense(3, Activation::Relu)
                .dense(2, Activation::Identity)
                .build(&mut rng(1))?,
        ),
        (
            "prelu-dice-maxout-softmax",
            Network::builder(4)
                .dense(6, Activation::Identity)
                .prelu()
                .dense(6, Activation::Identity)
                .dice()
                .maxout(3, 2)
                .dense(2, Activation::Identity)
                .softmax()
                .build(&mut rng(2))?,
        ),
        (
            "batchnorm-dropout",
            Network::builder(3)
                .dense(4, Activation::Identity)
                .batch_norm()
                .activation(Activation::Tanh)
                .dropout(0.2)
                .dense(2, Activation::LeakyRelu { alpha: 0.1 })
                .build(&mut rng(3))?,
        ),
        (
            "elu-sigmoid",
            Network::builder(2)
                .dense(3, Activation::Elu { alpha: 1.0 })
                .prelu_with(0.25, true)
                .dense(1, Activation::Sigmoid)
                .build(&mut rng(4))?,
        ),
    ])
}

fn safetensors(s: &mut Seeds, scratch: &Path) -> Res<()> {
    let path = scratch.join("net.safetensors");
    for (name, net) in networks::<f32>()? {
        save_safetensors(&net, &path)?;
        s.add(
            "safetensors",
            &format!("{name}-f32.safetensors"),
            &canonical_safetensors(&std::fs::read(&path)?)?,
        )?;
    }
    for (name, net) in networks::<f64>()?.into_iter().skip(1).take(2) {
        save_safetensors(&net, &path)?;
        s.add(
            "safetensors",
            &format!("{name}-f64.safetensors"),
            &canonical_safetensors(&std::fs::read(&path)?)?,
        )?;
    }
    for fixture in [
        "tests/fixtures/torch_mlp.safetensors",
        "tests/fixtures/torch_bn.safetensors",
        "tests/fixtures/legacy/every_kind_v1.safetensors",
        "tests/fixtures/legacy/run_v1_final.safetensors",
    ] {
        let name = Path::new(fixture)
            .file_name()
            .ok_or("name")?
            .to_string_lossy();
        s.add(
            "safetensors",
            &format!("fixture-{name}"),
            &std::fs::read(fixture)?,
        )?;
    }
    Ok(())
}

/// A two-class problem of 12 samples and 3 features.
fn toy<F: Float>() -> (Array2<F>, Array1<usize>) {
    let x = Array2::from_shape_fn((12, 3), |(i, j)| {
        F::from_f64_lossy(((i * 5 + j * 3) % 7) as f64 / 3.0 - 1.0)
    });
    let y = Array1::from_shape_fn(12, |i| usize::from(x[[i, 0]] + x[[i, 1]] > F::zero()));
    (x, y)
}

fn train_checkpoint<F: Float>(
    path: &Path,
    net: &mut Network<F>,
    optimizer: &mut dyn Optimizer<F>,
    early: bool,
) -> Res<Vec<u8>> {
    let (x, y) = toy::<F>();
    let (xv, yv) = (x.slice(ndarray::s![..4, ..]), y.slice(ndarray::s![..4]));
    let mut trainer = Trainer::new()
        .epochs(2)
        .batch_size(4)
        .seed(9)
        .checkpoint_every(1, path);
    if early {
        trainer = trainer.validation(xv, yv).early_stopping(EarlyStopping {
            patience: 5,
            ..EarlyStopping::default()
        });
    }
    trainer.fit(
        net,
        optimizer,
        &SoftmaxCrossEntropy,
        &L2::new(1e-3),
        x.view(),
        y.view(),
    )?;
    canonical_safetensors(&std::fs::read(path)?)
}

fn checkpoint(s: &mut Seeds, scratch: &Path) -> Res<()> {
    let path = scratch.join("run.ckpt");
    let net = |seed| -> Res<Network<f32>> {
        Ok(Network::builder(3)
            .dense(4, Activation::Relu)
            .dense(2, Activation::Identity)
            .build(&mut rng(seed))?)
    };
    let mut sgd = Sgd::builder().learning_rate(0.1).momentum(0.9).build()?;
    let bytes = train_checkpoint(&path, &mut net(5)?, &mut sgd, false)?;
    s.add("checkpoint", "sgd-momentum-f32.ckpt", &bytes)?;
    let mut rms = RmsProp::builder().momentum(0.5).build()?;
    let bytes = train_checkpoint(&path, &mut net(6)?, &mut rms, false)?;
    s.add("checkpoint", "rmsprop-f32.ckpt", &bytes)?;
    let mut adagrad = Adagrad::builder().build()?;
    let bytes = train_checkpoint(&path, &mut net(7)?, &mut adagrad, false)?;
    s.add("checkpoint", "adagrad-f32.ckpt", &bytes)?;
    let mut deep = Network::<f64>::builder(3)
        .dense(4, Activation::Identity)
        .batch_norm()
        .activation(Activation::Relu)
        .dropout(0.1)
        .dense(2, Activation::Identity)
        .build(&mut rng(8))?;
    let mut adam = Adam::new(0.01)?;
    let bytes = train_checkpoint(&path, &mut deep, &mut adam, true)?;
    s.add(
        "checkpoint",
        "adam-early-stopping-batchnorm-f64.ckpt",
        &bytes,
    )?;
    s.add(
        "checkpoint",
        "fixture-run_v1.ckpt",
        &std::fs::read("tests/fixtures/legacy/run_v1.ckpt")?,
    )?;
    Ok(())
}

fn split(s: &mut Seeds) -> Res<()> {
    for name in ["iris", "wine", "breast_cancer", "digits"] {
        let bytes = std::fs::read(format!("data/splits/{name}.json"))?;
        s.add("split", &format!("{name}.json"), &bytes)?;
    }
    s.add(
        "split",
        "no-n_rows.json",
        br#"{"train": [0, 2, 3], "test": [1]}"#,
    )?;
    Ok(())
}

/// One seed per type of `SERDE_TYPES`: its index byte, then a real document of that type.
fn serde(s: &mut Seeds) -> Res<()> {
    let iris = read_csv::<f64>("data/iris.csv")?;
    let scaler64 = StandardScaler::fit(iris.features())?;
    let scaler32 = StandardScaler::fit(iris.features().mapv(|v| v as f32).view())?;
    let nets32 = networks::<f32>()?;
    let nets64 = networks::<f64>()?;
    let mlp = MlpClassifier::params()
        .hidden_layers(&[5])
        .activation(Activation::LeakyRelu { alpha: 0.2 })
        .solver(Solver::Adam)
        .learning_rate(0.01)
        .dropout(0.1)
        .batch_norm(true)
        .epochs(3)
        .batch_size(4)
        .early_stopping(EarlyStopping::default());
    let plain_mlp = MlpClassifier::params()
        .hidden_layers(&[4])
        .epochs(3)
        .batch_size(4);
    let (x64, y) = toy::<f64>();
    let (x32, _) = toy::<f32>();
    let fitted_mlp32 = Fit::<f32>::fit(&plain_mlp, x32.view(), y.view())?;
    let fitted_mlp64 = Fit::<f64>::fit(
        &mlp.clone().early_stopping(EarlyStopping::default()),
        x64.view(),
        y.view(),
    )?;
    let softmax = BinarySoftmaxClassifier::params().threshold(0.3).epochs(3);
    let adam = BinarySoftmaxClassifier::params()
        .solver(Solver::Adam)
        .learning_rate(0.01)
        .epochs(3);
    let svm = BinarySvm::params().epochs(3).l2(0.01);
    let fitted_softmax32 = Fit::<f32>::fit(&softmax, x32.view(), y.view())?;
    let fitted_softmax64 = Fit::<f64>::fit(&adam, x64.view(), y.view())?;
    let fitted_svm32 = Fit::<f32>::fit(&svm, x32.view(), y.view())?;
    let fitted_svm64 = Fit::<f64>::fit(&svm, x64.view(), y.view())?;
    let history = fitted_mlp32.history().clone();
    let record = history.epochs().first().ok_or("no epochs")?.clone();

    let docs: Vec<(&str, String)> = vec![
        ("StandardScaler<f32>", serde_json::to_string(&scaler32)?),
        ("StandardScaler<f64>", serde_json::to_string(&scaler64)?),
        ("Network<f32>", serde_json::to_string(&nets32[1].1)?),
        ("Network<f32>", serde_json::to_string(&nets32[3].1)?),
        ("Network<f64>", serde_json::to_string(&nets64[2].1)?),
        (
            "Network<f64>",
            std::fs::read_to_string("tests/fixtures/legacy/every_kind_v1.serde.json")?,
        ),
        ("MlpClassifier", serde_json::to_string(&mlp)?),
        ("FittedMlp<f32>", serde_json::to_string(&fitted_mlp32)?),
        ("FittedMlp<f64>", serde_json::to_string(&fitted_mlp64)?),
        ("BinarySoftmaxClassifier", serde_json::to_string(&softmax)?),
        ("BinarySoftmaxClassifier", serde_json::to_string(&adam)?),
        ("BinarySvm", serde_json::to_string(&svm)?),
        (
            "FittedBinarySoftmax<f32>",
            serde_json::to_string(&fitted_softmax32)?,
        ),
        (
            "FittedBinarySoftmax<f64>",
            serde_json::to_string(&fitted_softmax64)?,
        ),
        (
            "FittedBinarySvm<f32>",
            serde_json::to_string(&fitted_svm32)?,
        ),
        (
            "FittedBinarySvm<f64>",
            serde_json::to_string(&fitted_svm64)?,
        ),
        (
            "Activation",
            serde_json::to_string(&Activation::LeakyRelu { alpha: 0.2 })?,
        ),
        ("Activation", "\"relu\"".to_string()),
        (
            "Activation",
            serde_json::to_string(&Activation::Linear { slope: -2.0 })?,
        ),
        ("History", serde_json::to_string(&history)?),
        ("EpochRecord", serde_json::to_string(&record)?),
        (
            "EarlyStopping",
            serde_json::to_string(&EarlyStopping::default())?,
        ),
        (
            "TrainingSettings",
            serde_json::to_string(mlp.training_settings())?,
        ),
        ("Solver", serde_json::to_string(&Solver::Adam)?),
        ("Solver", serde_json::to_string(&Solver::Sgd)?),
        ("Logistic", r#"{"threshold":0.3}"#.to_string()),
        ("Margin", "{}".to_string()),
    ];
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for (ty, doc) in docs {
        let index = SERDE_TYPES
            .iter()
            .position(|t| *t == ty)
            .ok_or_else(|| format!("{ty} is not in SERDE_TYPES"))?;
        let n = count.entry(ty).or_default();
        *n += 1;
        let file = ty
            .replace(['<', '>'], "-")
            .trim_end_matches('-')
            .to_lowercase();
        let name = format!("{index:02}-{file}-{n}.json");
        let doc = canonical_json(&doc)?;
        s.add("serde_json", &name, &prefixed(index as u8, doc.as_bytes()))?;
    }
    Ok(())
}

/// The same JSON with sorted keys and every epoch's wall time fixed (`duration` and
/// `seconds`), so that running this program again writes the same bytes.
fn canonical_json(doc: &str) -> Res<String> {
    fn fix(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(d) = map.get_mut("duration") {
                    *d = serde_json::json!({"secs": 0, "nanos": 250_000});
                }
                if map.contains_key("train_loss") {
                    if let Some(secs) = map.get_mut("seconds") {
                        *secs = serde_json::json!(0.00025);
                    }
                }
                map.values_mut().for_each(fix);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(fix),
            _ => {}
        }
    }
    let mut value: serde_json::Value = serde_json::from_str(doc)?;
    fix(&mut value);
    Ok(serde_json::to_string(&value)?)
}

/// A safetensors file with its header made canonical: sorted keys (the metadata is a hash
/// map when saved) and fixed epoch times in a checkpoint's state. The tensor bytes are kept;
/// their offsets are relative to the end of the header, so they stay right.
fn canonical_safetensors(bytes: &[u8]) -> Res<Vec<u8>> {
    let (len, rest) = bytes.split_first_chunk::<8>().ok_or("no header length")?;
    let len = usize::try_from(u64::from_le_bytes(*len))?;
    let (header, data) = rest.split_at_checked(len).ok_or("short header")?;
    let mut header: serde_json::Value = serde_json::from_slice(header)?;
    if let Some(state) = header["__metadata__"]["ndnet.checkpoint"].as_str() {
        let state = canonical_json(state)?;
        header["__metadata__"]["ndnet.checkpoint"] = serde_json::Value::String(state);
    }
    let mut header = serde_json::to_string(&header)?.into_bytes();
    // As the safetensors crate writes it: padded with spaces to a multiple of 8 bytes.
    header.resize(header.len().div_ceil(8) * 8, b' ');
    let mut out = (header.len() as u64).to_le_bytes().to_vec();
    out.extend(header);
    out.extend(data);
    Ok(out)
}
