//! Network construction, inference, error handling and reproducibility.

mod common;

use ndarray::{array, Array2};
use ndnet::init::Init;
use ndnet::layer::{Dense, Layer};
use ndnet::loss::SoftmaxCrossEntropy;
use ndnet::optim::{Optimizer, Sgd};
use ndnet::regularization::L2;
use ndnet::{Activation, Error, Network, Workspace};

#[test]
fn builder_makes_the_requested_shapes() {
    let net = Network::<f64>::builder(784)
        .dense(128, Activation::Relu)
        .dense(10, Activation::Identity)
        .build(&mut common::rng(42))
        .unwrap();
    assert_eq!((net.inputs(), net.outputs()), (784, 10));
    assert_eq!(net.tensor("0.weight").unwrap().shape(), &[128, 784]);
    assert_eq!(net.n_parameters(), 784 * 128 + 128 + 128 * 10 + 10);
    // Any layer can be added from the width before it; running statistics are not parameters.
    let custom = Network::<f64>::builder(3)
        .dense(4, Activation::Identity)
        .layer(|units| ndnet::layer::PRelu::shared(units, 0.1))
        .dense(4, Activation::Identity)
        .dice()
        .build(&mut common::rng(42))
        .unwrap();
    let kinds: Vec<_> = custom.layers().iter().map(|l| l.kind()).collect();
    assert_eq!(kinds, ["dense", "prelu", "dense", "dice"]);
    assert_eq!(custom.n_parameters(), (3 * 4 + 4) + 1 + (4 * 4 + 4) + 4);
    let names: Vec<_> = custom.tensors().into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "0.weight",
            "0.bias",
            "1.weight",
            "2.weight",
            "2.bias",
            "3.alpha",
            "3.running_mean",
            "3.running_var"
        ]
    );
    let scores = net.forward(Array2::zeros((5, 784)).view()).unwrap();
    assert_eq!(scores.dim(), (5, 10));
}

#[test]
fn network_new_follows_network_py_sizes() {
    let net =
        Network::<f32>::new(&[784, 30, 10], Activation::Sigmoid, &mut common::rng(1)).unwrap();
    let acts: Vec<_> = net
        .layers()
        .iter()
        .map(|l| l.downcast_ref::<Dense<f32>>().unwrap().activation())
        .collect();
    assert_eq!(acts, vec![Activation::Sigmoid, Activation::Identity]);
    assert!(matches!(
        Network::<f32>::new(&[], Activation::Relu, &mut common::rng(1)),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        Network::<f32>::new(&[4, 0, 2], Activation::Relu, &mut common::rng(1)),
        Err(Error::ShapeMismatch { .. })
    ));
}

#[test]
fn forward_computes_f_of_x_w_transpose_plus_b() {
    // Hand-computed: z = [1*1 + 2*(-1) + 0.5, 1*0.5 + 2*0.5 - 1] = [-0.5, 0.5]; sigmoid then
    // identity with weights [2, -2] and bias 0.1: 2σ(-0.5) - 2σ(0.5) + 0.1.
    let l1 = Dense::new(
        array![[1.0, -1.0], [0.5, 0.5]],
        array![0.5, -1.0],
        Activation::Sigmoid,
    )
    .unwrap();
    let l2 = Dense::new(array![[2.0, -2.0]], array![0.1], Activation::Identity).unwrap();
    let net = Network::from_layers(vec![l1.boxed(), l2.boxed()]).unwrap();
    let out = net.forward(array![[1.0, 2.0]].view()).unwrap();
    let s = |z: f64| 1.0 / (1.0 + (-z).exp());
    let want = 2.0 * s(-0.5) - 2.0 * s(0.5) + 0.1;
    assert!((out[[0, 0]] - want).abs() < 1e-15);
}

#[test]
fn forward_with_and_forward_into_agree_with_forward_across_batch_sizes() {
    let net = Network::<f32>::new(&[6, 8, 3], Activation::Tanh, &mut common::rng(2)).unwrap();
    let mut ws = Workspace::new();
    for batch in [7, 1, 4, 7] {
        let x = common::normal(batch, 6, batch as u64).mapv(|v| v as f32);
        let want = net.forward(x.view()).unwrap();
        assert_eq!(net.forward_with(x.view(), &mut ws).unwrap(), want);
        let mut out = Array2::zeros((batch, 3));
        net.forward_into(x.view(), &mut ws, out.view_mut()).unwrap();
        assert_eq!(out, want);
    }
}

#[test]
fn f32_and_f64_networks_from_one_seed_agree() {
    let n64 = Network::<f64>::new(&[5, 7, 2], Activation::Relu, &mut common::rng(3)).unwrap();
    let n32 = Network::<f32>::new(&[5, 7, 2], Activation::Relu, &mut common::rng(3)).unwrap();
    let x = common::normal(4, 5, 9);
    let a = n64.forward(x.view()).unwrap();
    let b = n32.forward(x.mapv(|v| v as f32).view()).unwrap();
    for (a, b) in a.iter().zip(b.iter()) {
        assert!((a - f64::from(*b)).abs() < 1e-5, "{a} vs {b}");
    }
}

#[test]
fn bad_inputs_give_documented_errors() {
    let mut net = Network::<f64>::new(&[3, 4, 2], Activation::Relu, &mut common::rng(4)).unwrap();
    let x = Array2::<f64>::zeros((2, 4));
    match net.forward(x.view()) {
        Err(Error::ShapeMismatch {
            expected, actual, ..
        }) => {
            assert_eq!(expected, "(batch, 3)");
            assert_eq!(actual, "(2, 4)");
        }
        other => panic!("expected ShapeMismatch, got {other:?}"),
    }
    let mut x = Array2::<f64>::zeros((2, 3));
    x[[1, 2]] = f64::NAN;
    match net.forward(x.view()) {
        Err(Error::NonFinite { row, column, .. }) => assert_eq!((row, column), (1, 2)),
        other => panic!("expected NonFinite, got {other:?}"),
    }
    let empty = Array2::<f64>::zeros((0, 3));
    assert!(matches!(
        net.forward(empty.view()),
        Err(Error::EmptyData(_))
    ));

    let x = Array2::<f64>::zeros((3, 3));
    let y = array![0usize, 1];
    let r = net.loss_and_gradients(x.view(), y.view(), &SoftmaxCrossEntropy, &L2::new(0.0));
    assert!(matches!(r, Err(Error::ShapeMismatch { .. })), "{r:?}");
    let y = array![0usize, 1, 2];
    let r = net.loss_and_gradients(x.view(), y.view(), &SoftmaxCrossEntropy, &L2::new(0.0));
    assert!(
        matches!(r, Err(Error::InvalidLabel { row: 2, .. })),
        "{r:?}"
    );
    let y = array![0usize, 1, 1];
    let r = net.loss_and_gradients(x.view(), y.view(), &SoftmaxCrossEntropy, &L2::new(-1.0));
    assert!(
        matches!(r, Err(Error::InvalidHyperparameter { name: "l2", .. })),
        "{r:?}"
    );

    assert!(matches!(
        Dense::new(array![[1.0, 2.0]], array![0.0, 1.0], Activation::Relu),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        Dense::new(array![[f64::INFINITY]], array![0.0], Activation::Relu),
        Err(Error::NonFinite { .. })
    ));
    assert!(matches!(
        Dense::new(
            array![[1.0]],
            array![0.0],
            Activation::LeakyRelu { alpha: f64::NAN }
        ),
        Err(Error::InvalidHyperparameter { .. })
    ));
    let l1 = Dense::<f64>::random(3, 4, Activation::Relu, Init::He, &mut common::rng(5)).unwrap();
    let l2 = Dense::<f64>::random(5, 2, Activation::Relu, Init::He, &mut common::rng(5)).unwrap();
    assert!(matches!(
        Network::from_layers(vec![l1.boxed(), l2.boxed()]),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        Network::<f64>::from_layers(vec![]),
        Err(Error::EmptyData(_))
    ));
}

/// Trains a 2-2-1 network on XOR with full-batch SGD and returns it.
fn train_xor(seed: u64) -> Network<f64> {
    use ndnet::loss::BinaryCrossEntropy;
    let x = array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
    let y = array![0usize, 1, 1, 0];
    let mut net = Network::<f64>::builder(2)
        .dense(2, Activation::Tanh)
        .dense(1, Activation::Identity)
        .build(&mut common::rng(seed))
        .unwrap();
    let mut sgd = Sgd::builder()
        .learning_rate(0.5)
        .momentum(0.9)
        .build()
        .unwrap();
    let mut grads = net.zero_gradients();
    for _ in 0..500 {
        net.compute_gradients(
            x.view(),
            y.view(),
            &BinaryCrossEntropy,
            &L2::new(0.0),
            &mut grads,
        )
        .unwrap();
        sgd.step(&mut net, &grads).unwrap();
    }
    net
}

#[test]
fn a_hidden_layer_learns_xor_and_the_same_seed_gives_the_same_weights() {
    let net = train_xor(7);
    let x = array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
    let logits = net.forward(x.view()).unwrap();
    let predicted: Vec<bool> = logits.iter().map(|&s| s > 0.0).collect();
    assert_eq!(predicted, vec![false, true, true, false], "logits {logits}");
    assert_eq!(
        train_xor(7),
        net,
        "same seed must give bit-identical weights"
    );
    assert_ne!(train_xor(8), net);
}

#[test]
fn non_finite_features_are_caught_in_training_before_any_state_changes() {
    // Dice keeps running statistics: a rejected batch must not move them.
    let mut net = Network::<f64>::builder(3)
        .dense(4, Activation::Identity)
        .dice()
        .dense(2, Activation::Identity)
        .build(&mut common::rng(12))
        .unwrap();
    // Zero weights on the bad column: NaN·0 and inf·0 are still NaN, so the check still fires.
    net.tensor_mut("0.weight")
        .unwrap()
        .index_axis_mut(ndarray::Axis(1), 1)
        .fill(0.0);
    let before = net.clone();
    let y = array![0usize, 1, 0];
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let mut x = Array2::<f64>::ones((3, 3));
        x[[2, 1]] = bad;
        let r = net.loss_and_gradients(x.view(), y.view(), &SoftmaxCrossEntropy, &L2::new(0.0));
        assert!(
            matches!(
                r,
                Err(Error::NonFinite {
                    row: 2,
                    column: 1,
                    ..
                })
            ),
            "{bad}: {r:?}"
        );
        assert!(matches!(
            net.forward(x.view()),
            Err(Error::NonFinite {
                row: 2,
                column: 1,
                ..
            })
        ));
    }
    assert_eq!(net, before);
    for name in ["1.running_mean", "1.running_var"] {
        assert_eq!(net.tensor(name), before.tensor(name));
    }
}
