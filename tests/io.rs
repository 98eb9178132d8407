//! Saving and loading: IDX files, safetensors models (with PyTorch), checkpoints.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use ndarray::{Array1, Array2};
use ndnet::data::{read_idx, read_idx_images, read_idx_labels};
use ndnet::io::{load_safetensors, save_safetensors};
use ndnet::layer::Dense;
use ndnet::loss::SoftmaxCrossEntropy;
use ndnet::optim::Sgd;
use ndnet::regularization::L2;
use ndnet::train::{Checkpoint, EarlyStopping, Trainer};
use ndnet::{Activation, Error, Network};

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn idx(magic: u32, dims: &[u32], data: &[u8]) -> Vec<u8> {
    let mut v = magic.to_be_bytes().to_vec();
    for d in dims {
        v.extend(d.to_be_bytes());
    }
    v.extend(data);
    v
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn invalid_message<T: std::fmt::Debug>(r: ndnet::Result<T>, path: &Path) -> String {
    match r {
        Err(Error::InvalidFile {
            path: p, message, ..
        }) => {
            assert_eq!(p, path, "the error must name the file");
            message
        }
        other => panic!("expected InvalidFile, got {other:?}"),
    }
}

#[test]
fn idx_images_and_labels_gzipped_or_not() {
    let dir = temp_dir();
    let pixels = [0u8, 255, 51, 102, 1, 2, 3, 4];
    let images = idx(0x0803, &[2, 2, 2], &pixels);
    let labels = idx(0x0801, &[2], &[7, 3]);
    for (suffix, wrap) in [("", false), (".gz", true)] {
        let enc = |b: &[u8]| if wrap { gzip(b) } else { b.to_vec() };
        let xi = write(dir.path(), &format!("img{suffix}"), &enc(&images));
        let yi = write(dir.path(), &format!("lbl{suffix}"), &enc(&labels));
        let x = read_idx_images::<f32>(&xi).unwrap();
        assert_eq!(x.dim(), (2, 4));
        // Pixels are b / 255 rounded once: 51 / 255 = 0.2 exactly as f32 rounding of 0.2.
        assert_eq!(x[[0, 1]], 1.0);
        assert_eq!(x[[0, 2]], 0.2f32);
        assert_eq!(read_idx_labels(&yi).unwrap(), Array1::from(vec![7, 3]));
        let ds = read_idx::<f64>(&xi, &yi).unwrap();
        assert_eq!((ds.n_samples(), ds.n_features()), (2, 4));
        assert_eq!(ds.features()[[1, 3]], 4.0 / 255.0);
    }
}

#[test]
fn corrupt_idx_files_are_errors_naming_the_file() {
    let dir = temp_dir();
    let images = idx(0x0803, &[2, 2, 2], &[1; 8]);
    let p = write(dir.path(), "short.idx", &images[..images.len() - 3]);
    let m = invalid_message(read_idx_images::<f32>(&p), &p);
    assert!(m.starts_with("truncated"), "{m}");

    let gz = gzip(&images);
    let p = write(dir.path(), "cut.gz", &gz[..gz.len() / 2]);
    let m = invalid_message(read_idx_images::<f32>(&p), &p);
    assert!(m.contains("gzip"), "{m}");

    let p = write(dir.path(), "labels-as-images", &idx(0x0801, &[2], &[0, 1]));
    let m = invalid_message(read_idx_images::<f32>(&p), &p);
    assert!(m.contains("magic number 0x00000801"), "{m}");

    let xi = write(dir.path(), "x", &images);
    let yi = write(dir.path(), "y", &idx(0x0801, &[3], &[0, 1, 2]));
    let m = invalid_message(read_idx::<f32>(&xi, &yi), &yi);
    assert!(m.contains("3 labels"), "{m}");

    let missing = dir.path().join("nope");
    assert!(matches!(read_idx_labels(&missing), Err(Error::Io { path, .. }) if path == missing));
}

fn small_net<F: ndnet::Float>(seed: u64) -> Network<F> {
    Network::builder(5)
        .dense(7, Activation::LeakyRelu { alpha: 0.2 })
        .dense(4, Activation::Identity)
        .prelu()
        .dense(3, Activation::Identity)
        .build(&mut common::rng(seed))
        .unwrap()
}

#[test]
fn safetensors_round_trip_f32_and_f64() {
    let dir = temp_dir();
    let path = dir.path().join("m.safetensors");
    let net = small_net::<f32>(1);
    save_safetensors(&net, &path).unwrap();
    assert_eq!(load_safetensors::<f32>(&path).unwrap(), net);
    // An f32 file widens exactly to f64.
    let wide = load_safetensors::<f64>(&path).unwrap();
    assert_eq!(
        wide.tensor("2.weight").unwrap()[[2, 3]],
        f64::from(net.tensor("2.weight").unwrap()[[2, 3]])
    );

    let net = small_net::<f64>(2);
    save_safetensors(&net, &path).unwrap();
    assert_eq!(load_safetensors::<f64>(&path).unwrap(), net);
    assert!(matches!(
        load_safetensors::<f32>(&path),
        Err(Error::Incompatible { .. })
    ));
    // Nothing but the target is left in the directory.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn dice_maxout_and_softmax_layers_round_trip_with_their_running_statistics() {
    let dir = temp_dir();
    let path = dir.path().join("m.safetensors");
    let mut net = Network::<f64>::builder(4)
        .dense(6, Activation::Identity)
        .dice()
        .maxout(3, 3)
        .dense(2, Activation::Identity)
        .softmax()
        .build(&mut common::rng(9))
        .unwrap();
    // Train a little so that Dice's α and running statistics leave their initial values.
    let x = common::normal(16, 4, 10);
    let t = common::normal(16, 2, 11);
    let mut grads = net.zero_gradients();
    let mut sgd = sgd();
    for _ in 0..5 {
        net.compute_gradients(
            x.view(),
            t.view(),
            &ndnet::loss::SquaredError,
            &ndnet::regularization::NoPenalty,
            &mut grads,
        )
        .unwrap();
        ndnet::optim::Optimizer::step(&mut sgd, &mut net, &grads).unwrap();
    }
    assert_ne!(net.tensor("1.running_mean").unwrap()[0], 0.0);
    save_safetensors(&net, &path).unwrap();
    let back = load_safetensors::<f64>(&path).unwrap();
    assert_eq!(back, net);
    assert_eq!(
        back.forward(x.view()).unwrap(),
        net.forward(x.view()).unwrap()
    );
}

#[test]
fn corrupt_or_mismatched_models_are_typed_errors() {
    let dir = temp_dir();
    let path = dir.path().join("m.safetensors");
    save_safetensors(&small_net::<f32>(3), &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();

    for cut in [0, 5, 100, bytes.len() - 1] {
        let p = write(dir.path(), "cut.safetensors", &bytes[..cut]);
        invalid_message(load_safetensors::<f32>(&p), &p);
    }
    let edit = |from: &str, to: &str| {
        // Same length, so the header offsets stay valid.
        assert_eq!(from.len(), to.len());
        let at = bytes
            .windows(from.len())
            .position(|w| w == from.as_bytes())
            .unwrap_or_else(|| panic!("{from} not in the header"));
        let mut edited = bytes.clone();
        edited[at..at + to.len()].copy_from_slice(to.as_bytes());
        let p = write(dir.path(), "edited.safetensors", &edited);
        invalid_message(load_safetensors::<f32>(&p), &p)
    };
    let m = edit(
        r#"\"activation\":\"leaky_relu\""#,
        r#"\"activation\":\"leaky_relX\""#,
    );
    assert!(m.contains("unknown activation name"), "{m}");
    let m = edit(r#"\"units\":7"#, r#"\"units\":6"#);
    assert!(m.contains("shape"), "{m}");
    let m = edit("ndnet.architecture", "ndnet.architectur_");
    assert!(m.contains("ndnet.architecture"), "{m}");

    // A failed save leaves the old file untouched and no temporary file behind.
    let before = std::fs::read(&path).unwrap();
    let blocked = dir.path().join("no-such-dir").join("m.safetensors");
    assert!(matches!(
        save_safetensors(&small_net::<f32>(4), &blocked),
        Err(Error::Io { .. })
    ));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn matrix(v: &serde_json::Value) -> Array2<f64> {
    let rows: Vec<Vec<f64>> = serde_json::from_value(v.clone()).unwrap();
    let cols = rows[0].len();
    Array2::from_shape_vec((rows.len(), cols), rows.concat()).unwrap()
}

/// A 4-8-6-5-3 MLP (ReLU, Tanh, PReLU) saved by PyTorch's `state_dict()`: made by
/// `python tests/fixtures/torch_mlp.py make` (torch 2.15, seed 20240607), which also wrote the
/// inputs and PyTorch's outputs to torch_mlp.json.
#[test]
fn torch_state_dict_loads_with_equal_outputs() {
    let cases: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("torch_mlp.json")).unwrap()).unwrap();
    let (x, expected) = (matrix(&cases["inputs"]), matrix(&cases["outputs"]));

    let net = load_safetensors::<f32>(fixture("torch_mlp.safetensors")).unwrap();
    let kinds: Vec<_> = net.layers().iter().map(|l| l.kind()).collect();
    assert_eq!(kinds, ["dense", "dense", "dense", "prelu", "dense"]);
    let activations: Vec<_> = net
        .layers()
        .iter()
        .filter_map(|l| l.downcast_ref::<Dense<f32>>())
        .map(|d| d.activation().name())
        .collect();
    assert_eq!(activations, ["relu", "tanh", "identity", "identity"]);
    let y = net.forward(x.mapv(|v| v as f32).view()).unwrap();
    let diff = (&y.mapv(f64::from) - &expected).mapv(f64::abs);
    assert!(diff.iter().all(|&d| d <= 1e-6), "max diff {diff}");

    // In f64 the weights are the same numbers; outputs agree to f32 rounding.
    let net = load_safetensors::<f64>(fixture("torch_mlp.safetensors")).unwrap();
    let y = net.forward(x.view()).unwrap();
    assert!((&y - &expected).iter().all(|d| d.abs() <= 1e-6));
}

/// The reverse direction: a model saved here loads into PyTorch with equal outputs. Runs the
/// fixture script's `check` when `NDNET_TORCH_PYTHON` names a Python with torch installed.
#[test]
fn saved_model_loads_into_torch() {
    let dir = temp_dir();
    let model = dir.path().join("rust_mlp.safetensors");
    let cases = dir.path().join("rust_mlp.json");
    let net = Network::<f32>::builder(6)
        .dense(9, Activation::Relu)
        .dense(5, Activation::LeakyRelu { alpha: 0.1 })
        .dense(4, Activation::Sigmoid)
        .dense(4, Activation::Identity)
        .prelu_with(-0.3, false)
        .dense(3, Activation::Identity)
        .softmax()
        .build(&mut common::rng(11))
        .unwrap();
    save_safetensors(&net, &model).unwrap();
    let x = common::normal(5, 6, 12).mapv(|v| v as f32);
    let y = net.forward(x.view()).unwrap();
    let rows =
        |a: &Array2<f32>| -> Vec<Vec<f32>> { a.rows().into_iter().map(|r| r.to_vec()).collect() };
    let json = serde_json::json!({ "inputs": rows(&x), "outputs": rows(&y) });
    std::fs::write(&cases, json.to_string()).unwrap();

    let Ok(python) = std::env::var("NDNET_TORCH_PYTHON") else {
        eprintln!("NDNET_TORCH_PYTHON unset: not running PyTorch on the saved model");
        return;
    };
    let status = std::process::Command::new(python)
        .arg(fixture("torch_mlp.py"))
        .arg("check")
        .arg(&model)
        .arg(&cases)
        .status()
        .unwrap();
    assert!(
        status.success(),
        "PyTorch disagrees with ndnet on the saved model"
    );
}

fn toy_data() -> (Array2<f64>, Array1<usize>) {
    let x = common::normal(90, 5, 21);
    let y = x
        .rows()
        .into_iter()
        .map(|r| usize::from(r[0] + r[1] > 0.0) + usize::from(r[2] > 0.8))
        .collect();
    (x, y)
}

fn sgd() -> Sgd<f64> {
    Sgd::builder()
        .learning_rate(0.05)
        .momentum(0.9)
        .nesterov(true)
        .build()
        .unwrap()
}

#[test]
fn resuming_a_checkpoint_gives_bit_identical_weights() {
    let (x, y) = toy_data();
    let (xv, yv) = (x.slice(ndarray::s![..20, ..]), y.slice(ndarray::s![..20]));
    let dir = temp_dir();
    let path = dir.path().join("run.ckpt");
    let trainer = || {
        Trainer::new()
            .batch_size(16)
            .seed(5)
            .validation(xv, yv)
            .early_stopping(EarlyStopping {
                patience: 50,
                ..EarlyStopping::default()
            })
    };
    let fit = |t: Trainer<'_, f64>, net: &mut Network<f64>, opt: &mut Sgd<f64>| {
        t.fit(
            net,
            opt,
            &SoftmaxCrossEntropy,
            &L2::new(1e-3),
            x.view(),
            y.view(),
        )
        .unwrap()
    };

    let mut whole = small_net::<f64>(9);
    let full = fit(trainer().epochs(9), &mut whole, &mut sgd());

    let mut first = small_net::<f64>(9);
    fit(
        trainer().epochs(4).checkpoint_every(2, &path),
        &mut first,
        &mut sgd(),
    );
    let checkpoint = Checkpoint::<f64>::load(&path).unwrap();
    assert_eq!(checkpoint.epochs_done(), 4);
    assert_eq!(checkpoint.network(), &first);

    // A fresh network and optimizer: everything comes from the checkpoint.
    let mut resumed = small_net::<f64>(123);
    let history = fit(
        trainer().epochs(9).resume(checkpoint),
        &mut resumed,
        &mut sgd(),
    );
    assert_eq!(resumed, whole, "weights must be bit-identical");
    assert_eq!(history.epochs().len(), 9);
    assert_eq!(history.best_epoch(), full.best_epoch());
    for (a, b) in history.epochs().iter().zip(full.epochs()) {
        assert_eq!(
            (a.train_loss, a.validation_loss),
            (b.train_loss, b.validation_loss)
        );
    }
}

#[test]
fn resume_checks_its_settings_and_files() {
    let (x, y) = toy_data();
    let dir = temp_dir();
    let path = dir.path().join("run.ckpt");
    let mut net = small_net::<f64>(1);
    Trainer::new()
        .epochs(2)
        .seed(3)
        .checkpoint_every(1, &path)
        .fit(
            &mut net,
            &mut sgd(),
            &SoftmaxCrossEntropy,
            &L2::new(0.0),
            x.view(),
            y.view(),
        )
        .unwrap();
    let run = |t: Trainer<'_, f64>, net: &mut Network<f64>| {
        t.fit(
            net,
            &mut sgd(),
            &SoftmaxCrossEntropy,
            &L2::new(0.0),
            x.view(),
            y.view(),
        )
    };
    let load = || Checkpoint::<f64>::load(&path).unwrap();
    let e = run(
        Trainer::new().epochs(5).seed(4).resume(load()),
        &mut small_net(1),
    );
    assert!(matches!(
        e,
        Err(Error::InvalidHyperparameter { name: "seed", .. })
    ));
    let e = run(
        Trainer::new().epochs(1).seed(3).resume(load()),
        &mut small_net(1),
    );
    assert!(matches!(
        e,
        Err(Error::InvalidHyperparameter { name: "epochs", .. })
    ));
    let mut other = Network::<f64>::new(&[5, 3], Activation::Relu, &mut common::rng(0)).unwrap();
    let e = run(Trainer::new().epochs(5).seed(3).resume(load()), &mut other);
    assert!(matches!(e, Err(Error::ShapeMismatch { .. })));
    let e = run(
        Trainer::new().epochs(5).checkpoint_every(0, &path),
        &mut small_net(1),
    );
    assert!(matches!(
        e,
        Err(Error::InvalidHyperparameter {
            name: "checkpoint_every",
            ..
        })
    ));

    let bytes = std::fs::read(&path).unwrap();
    let p = write(dir.path(), "cut.ckpt", &bytes[..bytes.len() - 8]);
    invalid_message(Checkpoint::<f64>::load(&p), &p);
    let model = dir.path().join("model.safetensors");
    save_safetensors(&net, &model).unwrap();
    let m = invalid_message(Checkpoint::<f64>::load(&model), &model);
    assert!(m.contains("ndnet.checkpoint"), "{m}");
}
