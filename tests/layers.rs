//! Batch normalisation, dropout and the activation layer: PyTorch's values, central-difference
//! gradients in f64 (batch norm in training mode, dropout with a fixed mask), files PyTorch
//! wrote, and the errors of bad settings.

mod common;

use common::{assert_gradients_close, check_layer_gradients, labels, normal, numeric_gradient};
use ndarray::{Array1, Array2, ArrayView2};
use ndnet::io::{load_safetensors, save_safetensors};
use ndnet::layer::{Activate, BatchNorm, Dropout, Layer, Mode};
use ndnet::loss::{SoftmaxCrossEntropy, SquaredError};
use ndnet::regularization::{NoPenalty, L2};
use ndnet::{Activation, Error, Network};

const TOL: f64 = 1e-6;

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn cases() -> serde_json::Value {
    let text = std::fs::read_to_string(fixture("torch_layers.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn matrix(v: &serde_json::Value) -> Array2<f64> {
    let rows: Vec<Vec<f64>> = serde_json::from_value(v.clone()).unwrap();
    let cols = rows[0].len();
    Array2::from_shape_vec((rows.len(), cols), rows.concat()).unwrap()
}

fn vector(v: &serde_json::Value) -> Vec<f64> {
    serde_json::from_value(v.clone()).unwrap()
}

fn assert_all_close(what: &str, got: &[f64], want: &[f64], tol: f64) {
    assert_eq!(got.len(), want.len(), "{what}: lengths");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!((g - w).abs() <= tol, "{what}[{i}]: {g} vs {w}");
    }
}

/// A network of one batch norm with the fixture's tensors.
fn fixture_batch_norm(case: &serde_json::Value) -> Network<f64> {
    let mut net = Network::from_layers(vec![BatchNorm::new(4).unwrap().boxed()]).unwrap();
    for (name, key) in [
        ("0.weight", "weight"),
        ("0.bias", "bias"),
        ("0.running_mean", "running_mean_before"),
        ("0.running_var", "running_var_before"),
    ] {
        let values = Array1::from(vector(&case[key])).into_dyn();
        net.tensor_mut(name).unwrap().assign(&values);
    }
    net
}

// Values from `python tests/fixtures/torch_layers.py` (torch 2.15, float64): see its docstring.
#[test]
fn batch_norm_matches_pytorch_in_training_and_inference() {
    let case = &cases()["batch_norm"];
    let mut net = fixture_batch_norm(case);
    let (x, upstream) = (matrix(&case["input"]), matrix(&case["upstream"]));
    let layer = net.layers()[0].clone();
    let y = layer.evaluate(x.view(), Mode::Training).unwrap();
    assert_all_close(
        "output",
        y.as_slice().unwrap(),
        matrix(&case["output"]).as_slice().unwrap(),
        1e-12,
    );
    let grads = layer.differentiate(x.view(), upstream.view()).unwrap();
    let d_input = matrix(&case["d_input"]);
    assert_all_close(
        "d_input",
        grads.input().as_slice().unwrap(),
        d_input.as_slice().unwrap(),
        1e-12,
    );
    assert_all_close(
        "d_weight",
        grads.tensor("weight").unwrap(),
        &vector(&case["d_weight"]),
        1e-12,
    );
    assert_all_close(
        "d_bias",
        grads.tensor("bias").unwrap(),
        &vector(&case["d_bias"]),
        1e-12,
    );

    // One training step of the network moves the running statistics as PyTorch's did.
    let targets = Array2::<f64>::zeros((5, 4));
    net.loss_and_gradients(x.view(), targets.view(), &SquaredError, &NoPenalty)
        .unwrap();
    let running = |name: &str| {
        net.tensor(name)
            .unwrap()
            .iter()
            .copied()
            .collect::<Vec<_>>()
    };
    assert_all_close(
        "running_mean",
        &running("0.running_mean"),
        &vector(&case["running_mean"]),
        1e-12,
    );
    assert_all_close(
        "running_var",
        &running("0.running_var"),
        &vector(&case["running_var"]),
        1e-12,
    );
    assert_eq!(running("0.num_batches_tracked"), [1.0]);
    let y_eval = net.forward(matrix(&case["eval_input"]).view()).unwrap();
    let want = matrix(&case["eval_output"]);
    assert_all_close(
        "eval output",
        y_eval.as_slice().unwrap(),
        want.as_slice().unwrap(),
        1e-12,
    );
}

#[test]
fn a_pytorch_sequential_with_batch_norm_and_dropout_loads_with_equal_outputs() {
    let case = &cases()["sequential"];
    let net = load_safetensors::<f32>(fixture("torch_bn.safetensors")).unwrap();
    let kinds: Vec<_> = net.layers().iter().map(|l| l.kind()).collect();
    assert_eq!(
        kinds,
        ["dense", "batch_norm", "activation", "dropout", "dense"]
    );
    let bn = net.layers()[1].downcast_ref::<BatchNorm<f32>>().unwrap();
    assert_eq!(
        bn.num_batches_tracked(),
        case["num_batches_tracked"].as_u64().unwrap()
    );
    let x = matrix(&case["inputs"]).mapv(|v| v as f32);
    let y = net.forward(x.view()).unwrap().mapv(f64::from);
    let want = matrix(&case["outputs"]);
    assert_all_close(
        "outputs",
        y.as_slice().unwrap(),
        want.as_slice().unwrap(),
        1e-6,
    );

    // Saved again, the file has PyTorch's names, dtypes and shapes, and loads back equal.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bn.safetensors");
    save_safetensors(&net, &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let file = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    let count = file.tensor("1.num_batches_tracked").unwrap();
    assert_eq!(count.dtype(), safetensors::Dtype::I64);
    assert_eq!(count.shape(), &[] as &[usize]);
    assert_eq!(count.data(), 5i64.to_le_bytes());
    for name in ["1.weight", "1.bias", "1.running_mean", "1.running_var"] {
        assert_eq!(file.tensor(name).unwrap().shape(), [4], "{name}");
    }
    assert_eq!(load_safetensors::<f32>(&path).unwrap(), net);
}

#[test]
fn batch_norm_dropout_and_activation_layers_have_exact_gradients() {
    let x = normal(6, 4, 31) * 1.5;
    let mut bn = BatchNorm::<f64>::new(4).unwrap();
    bn.tensors_mut(&mut |t| {
        for (i, v) in t.values.iter_mut().enumerate() {
            match t.name {
                "weight" => *v = 0.5 + 0.3 * i as f64,
                "bias" => *v = 0.1 * i as f64 - 0.2,
                _ => {}
            }
        }
    });
    check_layer_gradients("batch norm", &bn, &x);
    check_layer_gradients("dropout", &Dropout::new(4, 0.4).unwrap(), &x);
    check_layer_gradients(
        "softplus",
        &Activate::new(4, Activation::Softplus).unwrap(),
        &x,
    );
    check_layer_gradients(
        "elu",
        &Activate::new(4, Activation::Elu { alpha: 0.7 }).unwrap(),
        &x,
    );
}

/// The training loss of `net` with its dropout generator at seed 5 (the same mask every time).
fn masked_loss(net: &Network<f64>, x: ArrayView2<'_, f64>, y: &Array1<usize>) -> f64 {
    let mut probe = net.clone();
    probe.seed_noise(5);
    let loss = probe.loss_and_gradients(x, y.view(), &SoftmaxCrossEntropy, &L2::new(0.01));
    loss.unwrap().0
}

#[test]
fn a_network_with_batch_norm_and_dropout_has_exact_gradients() {
    let mut net = Network::<f64>::builder(5)
        .dense(6, Activation::Identity)
        .batch_norm()
        .activation(Activation::Tanh)
        .dropout(0.3)
        .dense(4, Activation::Sigmoid)
        .batch_norm()
        .dense(3, Activation::Identity)
        .build(&mut common::rng(40))
        .unwrap();
    let (x, y) = (normal(8, 5, 41), labels(8, 3, 42));
    net.seed_noise(5);
    let (_, grads) = net
        .loss_and_gradients(x.view(), y.view(), &SoftmaxCrossEntropy, &L2::new(0.01))
        .unwrap();
    let names: Vec<&str> = grads.iter().map(|(n, _, _)| n).collect();
    assert_eq!(
        names,
        [
            "0.weight", "0.bias", "1.weight", "1.bias", "4.weight", "4.bias", "6.weight", "6.bias",
            "7.weight", "7.bias"
        ]
    );
    for (name, _, analytic) in grads.iter() {
        let mut values: Vec<f64> = net.tensor(name).unwrap().iter().copied().collect();
        let mut probe = net.clone();
        let numeric = numeric_gradient(&mut values, |p| {
            let mut t = probe.tensor_mut(name).unwrap();
            t.as_slice_mut().unwrap().copy_from_slice(p);
            masked_loss(&probe, x.view(), &y)
        });
        assert_gradients_close(name, analytic, &numeric, TOL);
    }
}

#[test]
fn dropout_keeps_one_minus_p_scaled_and_follows_the_seed() {
    let mut net = Network::<f64>::builder(50)
        .dropout(0.3)
        .dense(1, Activation::Identity)
        .build(&mut common::rng(1))
        .unwrap();
    let x = Array2::<f64>::ones((200, 50));
    assert_eq!(
        net.layer_outputs(x.view()).unwrap()[0],
        x,
        "inference is the identity"
    );
    let dropped = |net: &mut Network<f64>, seed| {
        net.seed_noise(seed);
        let target = Array2::<f64>::zeros((200, 1));
        let dx = net
            .input_gradient(x.view(), target.view(), &SquaredError)
            .unwrap();
        dx.mapv(|v| v == 0.0)
    };
    let (a, b, c) = (
        dropped(&mut net, 3),
        dropped(&mut net, 3),
        dropped(&mut net, 4),
    );
    assert_eq!(a, b, "the same seed drops the same values");
    assert_ne!(a, c, "another seed drops others");
    let fraction = a.iter().filter(|&&d| d).count() as f64 / a.len() as f64;
    assert!((fraction - 0.3).abs() < 0.02, "dropped {fraction}");
}

#[test]
fn bad_settings_and_a_batch_of_one_are_typed_errors() {
    for p in [-0.1, 1.0, f64::NAN] {
        assert!(
            matches!(Dropout::new(3, p), Err(Error::InvalidHyperparameter { .. })),
            "{p}"
        );
    }
    assert!(matches!(
        BatchNorm::<f32>::with_settings(3, 0.0, 0.1),
        Err(Error::InvalidHyperparameter { .. })
    ));
    assert!(matches!(
        BatchNorm::<f32>::with_settings(3, 1e-5, 0.0),
        Err(Error::InvalidHyperparameter { .. })
    ));
    assert!(matches!(
        BatchNorm::<f32>::new(0),
        Err(Error::ShapeMismatch { .. })
    ));
    let bn = BatchNorm::<f64>::new(2).unwrap();
    let one = Array2::<f64>::ones((1, 2));
    assert!(matches!(
        bn.evaluate(one.view(), Mode::Training),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(bn.evaluate(one.view(), Mode::Inference).is_ok());
}
