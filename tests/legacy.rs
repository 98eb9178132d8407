//! Files written by ndnet before the layer abstraction (commit 46ff293, "v1") still load,
//! predict the same and resume bit for bit. The fixtures and the program that made them are in
//! `tests/fixtures/legacy/` (`make_v1.rs`).

use std::path::{Path, PathBuf};

use ndarray::{Array1, Array2};
use ndnet::io::{load_safetensors, save_safetensors};
use ndnet::loss::SoftmaxCrossEntropy;
use ndnet::optim::Sgd;
use ndnet::regularization::L2;
use ndnet::train::{Checkpoint, EarlyStopping, Trainer};
use ndnet::{Activation, Network};
use rand::SeedableRng;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/legacy")
        .join(name)
}

fn json(name: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(fixture(name)).unwrap()).unwrap()
}

fn matrix(v: &serde_json::Value) -> Array2<f64> {
    let rows: Vec<Vec<f64>> = serde_json::from_value(v.clone()).unwrap();
    let cols = rows[0].len();
    Array2::from_shape_vec((rows.len(), cols), rows.concat()).unwrap()
}

/// `make_v1.rs`'s data: `(rows, cols)` values in [-0.5, 0.5) from a formula.
fn data(rows: usize, cols: usize, salt: usize) -> Array2<f64> {
    Array2::from_shape_fn((rows, cols), |(i, j)| {
        ((i * 31 + j * 17 + salt * 7) % 23) as f64 / 23.0 - 0.5
    })
}

fn labels(rows: usize, classes: usize, salt: usize) -> Array1<usize> {
    Array1::from_shape_fn(rows, |i| (i * 7 + salt) % classes)
}

/// Bit-identical with the default matrix backend (the v1 files were made with it, and the
/// arithmetic has not changed); with the `blas` feature OpenBLAS sums the products in another
/// order, so there the values agree to rounding.
fn assert_same(got: &Array2<f64>, want: &Array2<f64>, what: &str) {
    if cfg!(feature = "blas") {
        let close = got
            .iter()
            .zip(want)
            .all(|(a, b)| (a - b).abs() <= 1e-12 * b.abs().max(1.0));
        assert!(close && got.dim() == want.dim(), "{what}: {got} vs {want}");
    } else {
        assert_eq!(got, want, "{what} must be bit-identical");
    }
}

#[test]
fn a_v1_model_of_every_layer_kind_loads_and_predicts_exactly_as_before() {
    let net = load_safetensors::<f64>(fixture("every_kind_v1.safetensors")).unwrap();
    let kinds: Vec<_> = net.layers().iter().map(|l| l.kind()).collect();
    assert_eq!(
        kinds,
        [
            "dense", "dense", "prelu", "dense", "prelu", "dense", "dice", "dense", "maxout",
            "dense", "dense", "softmax"
        ]
    );
    // The trained PReLU slopes, Dice's α and running statistics came with it.
    assert_eq!(net.tensor("3.weight").unwrap().len(), 6);
    assert_eq!(net.tensor("5.weight").unwrap().len(), 1);
    assert!(net
        .tensor("7.running_var")
        .unwrap()
        .iter()
        .all(|&v| v != 1.0));
    let cases = json("every_kind_v1.json");
    let y = net.forward(matrix(&cases["inputs"]).view()).unwrap();
    assert_same(&y, &matrix(&cases["outputs"]), "outputs");

    // Saved again, it comes back the same, in the current format.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("again.safetensors");
    save_safetensors(&net, &path).unwrap();
    assert_eq!(load_safetensors::<f64>(&path).unwrap(), net);
    // An F64 file does not load as f32.
    let narrow = load_safetensors::<f32>(fixture("every_kind_v1.safetensors"));
    assert!(matches!(narrow, Err(ndnet::Error::Incompatible { .. })));
}

#[cfg(feature = "serde")]
#[test]
fn a_v1_serde_document_loads_as_the_same_network() {
    let text = std::fs::read_to_string(fixture("every_kind_v1.serde.json")).unwrap();
    let from_json: Network<f64> = serde_json::from_str(&text).unwrap();
    let from_file = load_safetensors::<f64>(fixture("every_kind_v1.safetensors")).unwrap();
    assert_eq!(from_json, from_file);
}

fn small_net() -> Network<f64> {
    Network::builder(5)
        .dense(8, Activation::Identity)
        .prelu()
        .dense(6, Activation::Identity)
        .dice()
        .dense(3, Activation::Identity)
        .build(&mut rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(99))
        .unwrap()
}

/// `make_v1.rs` trained 3 epochs with a checkpoint, then, separately, 6 epochs without
/// interruption. Resuming its checkpoint here must land on the same weights and losses.
#[test]
fn a_v1_checkpoint_resumes_to_the_uninterrupted_v1_run_bit_for_bit() {
    let checkpoint = Checkpoint::<f64>::load(fixture("run_v1.ckpt")).unwrap();
    assert_eq!(checkpoint.epochs_done(), 3);
    let names: Vec<_> = checkpoint
        .optimizer_state()
        .buffers
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        names,
        [
            "0.bias.momentum_buffer",
            "0.weight.momentum_buffer",
            "1.weight.momentum_buffer",
            "2.bias.momentum_buffer",
            "2.weight.momentum_buffer",
            "3.alpha.momentum_buffer",
            "4.bias.momentum_buffer",
            "4.weight.momentum_buffer",
        ]
    );
    let (x, y) = (data(60, 5, 4), labels(60, 3, 5));
    let (xv, yv) = (data(20, 5, 6), labels(20, 3, 7));
    let mut net = small_net();
    let mut sgd = Sgd::builder()
        .learning_rate(0.05)
        .momentum(0.9)
        .nesterov(true)
        .build()
        .unwrap();
    let history = Trainer::new()
        .batch_size(16)
        .seed(5)
        .epochs(6)
        .validation(xv.view(), yv.view())
        .early_stopping(EarlyStopping {
            patience: 50,
            restore_best: false,
            ..EarlyStopping::default()
        })
        .resume(checkpoint)
        .fit(
            &mut net,
            &mut sgd,
            &SoftmaxCrossEntropy,
            &L2::new(1e-3),
            x.view(),
            y.view(),
        )
        .unwrap();
    let whole = load_safetensors::<f64>(fixture("run_v1_final.safetensors")).unwrap();
    for ((name, got), (_, want)) in net.tensors().iter().zip(whole.tensors().iter()) {
        let got = Array1::from(got.values.to_vec()).insert_axis(ndarray::Axis(0));
        let want = Array1::from(want.values.to_vec()).insert_axis(ndarray::Axis(0));
        assert_same(&got, &want, name);
    }
    if !cfg!(feature = "blas") {
        assert_eq!(net, whole);
    }
    let want = json("run_v1_final.json");
    let losses: Vec<(f64, Option<f64>)> = history
        .epochs()
        .iter()
        .map(|r| (r.train_loss, r.validation_loss))
        .collect();
    let want_losses: Vec<(f64, Option<f64>)> =
        serde_json::from_value(want["losses"].clone()).unwrap();
    if cfg!(feature = "blas") {
        for ((a, va), (b, vb)) in losses.iter().zip(&want_losses) {
            assert!((a - b).abs() < 1e-12 && (va.unwrap() - vb.unwrap()).abs() < 1e-12);
        }
    } else {
        assert_eq!(losses, want_losses);
    }
    assert_eq!(
        history.best_epoch(),
        want["best_epoch"].as_u64().map(|e| e as usize)
    );
}
