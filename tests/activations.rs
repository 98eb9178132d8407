//! Behaviour of the parametric and structural layers beyond their gradients: Dice in training
//! vs inference, maxout's layout, softmax outputs, PReLU training, and the diagnostics.

mod common;

use ndarray::{array, Array1, Array2};
use ndnet::diagnostics::{dead_unit_fraction, mean_abs_gradients};
use ndnet::layer::{Dense, Dice, Layer, Maxout, Mode, PRelu, Softmax};
use ndnet::loss::SoftmaxCrossEntropy;
use ndnet::optim::{Optimizer, Sgd};
use ndnet::regularization::{NoPenalty, L2};
use ndnet::{Activation, Error, Network};

/// A dense layer and Dice after it, as one function of `x` in `mode`.
fn dense_dice(
    dense: &Dense<f64>,
    dice: &Dice<f64>,
    x: ndarray::ArrayView2<f64>,
    mode: Mode,
) -> Array2<f64> {
    let z = dense.evaluate(x, mode).unwrap();
    dice.evaluate(z.view(), mode).unwrap()
}

#[test]
fn dice_uses_batch_statistics_in_training_and_running_averages_in_inference() {
    let dense = Dense::new(array![[1.0], [2.0]], array![0.0, 1.0], Activation::Identity).unwrap();
    let dice = Dice::new(2).unwrap();
    // Running statistics start at mean 0, variance 1 for each unit.
    assert_eq!(dice.running_mean().to_vec(), vec![0.0, 0.0]);
    assert_eq!(dice.running_var().to_vec(), vec![1.0, 1.0]);
    assert_eq!(
        dice.alpha().to_vec(),
        vec![0.0, 0.0],
        "α starts at 0, as in the paper"
    );
    let x = array![[1.0], [2.0], [3.0], [6.0]];
    let train = dense_dice(&dense, &dice, x.view(), Mode::Training);
    let infer = dense_dice(&dense, &dice, x.view(), Mode::Inference);
    assert_ne!(train, infer);
    // Hand check, unit 0 in training: s = [1, 2, 3, 6], mean 3, biased var 3.5, α = 0:
    // f(s) = s·σ((s − 3)/√(3.5 + 1e-8)).
    let sd = (3.5f64 + 1e-8).sqrt();
    let f = |s: f64| s / (1.0 + (-(s - 3.0) / sd).exp());
    for (i, s) in [1.0, 2.0, 3.0, 6.0].into_iter().enumerate() {
        assert!((train[[i, 0]] - f(s)).abs() < 1e-12);
    }
    // In inference (mean 0, var 1): f(s) = s·σ(s/√(1 + 1e-8)).
    let g = |s: f64| s / (1.0 + (-s / (1.0f64 + 1e-8).sqrt()).exp());
    assert!((infer[[3, 0]] - g(6.0)).abs() < 1e-12);

    // Training updates the running averages towards the data: after 200 batches (momentum 0.1,
    // so 0.9^200 ≈ 7e-10 of the start remains) they match
    // the batch mean and the unbiased variance.
    let mut net = Network::from_layers(vec![
        dense.boxed(),
        dice.boxed(),
        Dense::new(array![[1.0, 1.0]], array![0.0], Activation::Identity)
            .unwrap()
            .boxed(),
    ])
    .unwrap();
    let targets = Array2::<f64>::zeros((4, 1));
    let mut grads = net.zero_gradients();
    for _ in 0..200 {
        net.compute_gradients(
            x.view(),
            targets.view(),
            &ndnet::loss::SquaredError,
            &NoPenalty,
            &mut grads,
        )
        .unwrap();
    }
    let mean = net.tensor("1.running_mean").unwrap();
    let var = net.tensor("1.running_var").unwrap();
    // unit 0: mean 3, unbiased variance 14/3; unit 1 (2s + 1): mean 7, variance 4·14/3.
    assert!((mean[0] - 3.0).abs() < 1e-6, "{mean}");
    assert!((mean[1] - 7.0).abs() < 1e-6, "{mean}");
    assert!((var[0] - 14.0 / 3.0).abs() < 1e-6, "{var}");
    assert!((var[1] - 56.0 / 3.0).abs() < 1e-6, "{var}");
    // Inference on a single sample works with the running statistics (a batch of 1 has no
    // variance of its own).
    let one = net.forward(array![[2.5]].view()).unwrap();
    assert!(one[[0, 0]].is_finite());
}

#[test]
fn maxout_takes_the_largest_piece_per_unit() {
    // Two units, two pieces each: unit 0 = max(x, −x) = |x|, unit 1 = max(x − 1, 0.5).
    let w = array![[1.0], [-1.0], [1.0], [0.0]];
    let b = array![0.0, 0.0, -1.0, 0.5];
    let net = Network::from_layers(vec![
        Dense::new(w, b, Activation::Identity).unwrap().boxed(),
        Maxout::new(2, 2).unwrap().boxed(),
    ])
    .unwrap();
    assert_eq!((net.layers()[1].inputs(), net.outputs()), (4, 2));
    let out = net.forward(array![[-3.0], [0.5], [4.0]].view()).unwrap();
    assert_eq!(out, array![[3.0, 0.5], [0.5, 0.5], [4.0, 3.0]]);
    // Gradient only through the arg-max piece: at x = 4, pieces 0 and 2 win.
    let dense = net.layers()[0].downcast_ref::<Dense<f64>>().unwrap();
    let x = array![[4.0]];
    let z = dense.evaluate(x.view(), Mode::Training).unwrap();
    let dz = net.layers()[1]
        .differentiate(z.view(), array![[1.0, 1.0]].view())
        .unwrap();
    let grads = dense.differentiate(x.view(), dz.input()).unwrap();
    assert_eq!(grads.tensor("bias").unwrap(), &[1.0, 0.0, 1.0, 0.0]);
    // The inputs must be units·pieces.
    let maxout_after_3 = Network::from_layers(vec![
        Dense::new(
            array![[1.0], [2.0], [3.0]],
            array![0.0, 0.0, 0.0],
            Activation::Identity,
        )
        .unwrap()
        .boxed(),
        Maxout::new(2, 2).unwrap().boxed(),
    ]);
    assert!(matches!(maxout_after_3, Err(Error::ShapeMismatch { .. })));
    assert!(matches!(
        Maxout::new(1, 0),
        Err(Error::InvalidHyperparameter { .. })
    ));
    // A network of maxout layers builds with the right shapes.
    let net = Network::<f32>::builder(6)
        .maxout(4, 3)
        .dense(2, Activation::Identity)
        .build(&mut common::rng(1))
        .unwrap();
    assert_eq!(net.tensor("0.weight").unwrap().shape(), &[12, 6]);
    let maxout = net.layers()[1].downcast_ref::<Maxout>().unwrap();
    assert_eq!((maxout.pieces(), Layer::<f32>::outputs(maxout)), (3, 4));
    assert_eq!(
        net.forward(Array2::zeros((5, 6)).view()).unwrap().dim(),
        (5, 2)
    );
}

#[test]
fn softmax_output_rows_are_probabilities_even_at_extreme_scores() {
    let net = Network::from_layers(vec![
        Dense::<f64>::new(
            array![[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]],
            array![0.0, 0.0, 0.0],
            Activation::Identity,
        )
        .unwrap()
        .boxed(),
        Softmax::new(3).unwrap().boxed(),
    ])
    .unwrap();
    let p = net.forward(array![[1e4, -1e4], [0.0, 0.0]].view()).unwrap();
    for row in p.rows() {
        assert!((row.sum() - 1.0).abs() < 1e-12);
        assert!(row.iter().all(|&v| (0.0..=1.0).contains(&v)));
    }
    assert_eq!(p[[0, 0]], 1.0);
    assert!((p[[1, 0]] - 1.0 / 3.0).abs() < 1e-12);
}

#[test]
fn prelu_slopes_are_learned_and_not_regularized() {
    let x = common::normal(64, 3, 2);
    let y = Array1::from_shape_fn(64, |i| usize::from(x[[i, 0]] - x[[i, 1]] > 0.0));
    let mut net = Network::<f64>::builder(3)
        .dense(8, Activation::Identity)
        .prelu()
        .dense(2, Activation::Identity)
        .build(&mut common::rng(3))
        .unwrap();
    let before = net.tensor("1.weight").unwrap().to_owned();
    assert!(before.iter().all(|&a| a == 0.25));
    let prelu = net.layers()[1].downcast_ref::<PRelu<f64>>().unwrap();
    assert_eq!((prelu.slopes().len(), prelu.is_shared()), (8, false));
    assert!(PRelu::<f64>::shared(8, 0.25).unwrap().is_shared());
    let mut sgd = Sgd::builder()
        .learning_rate(0.1)
        .momentum(0.9)
        .build()
        .unwrap();
    let mut grads = net.zero_gradients();
    // A huge L2 would shrink any regularized parameter towards 0 at once; the slopes must only
    // follow their data gradient, which is the same with or without the penalty.
    net.compute_gradients(
        x.view(),
        y.view(),
        &SoftmaxCrossEntropy,
        &L2::new(100.0),
        &mut grads,
    )
    .unwrap();
    let with_l2 = grads.get("1.weight").unwrap().to_owned();
    net.compute_gradients(
        x.view(),
        y.view(),
        &SoftmaxCrossEntropy,
        &NoPenalty,
        &mut grads,
    )
    .unwrap();
    assert_eq!(with_l2, grads.get("1.weight").unwrap());
    for _ in 0..50 {
        net.compute_gradients(
            x.view(),
            y.view(),
            &SoftmaxCrossEntropy,
            &NoPenalty,
            &mut grads,
        )
        .unwrap();
        sgd.step(&mut net, &grads).unwrap();
    }
    assert_ne!(net.tensor("1.weight").unwrap(), before.view());
}

/// A deep stack of 8 hidden layers of 16 units, all with `act`, Xavier-initialised.
fn deep(act: Activation) -> Network<f64> {
    let mut b = Network::<f64>::builder(10);
    for _ in 0..8 {
        b = b.dense_with_init(16, act, ndnet::init::Init::XavierNormal);
    }
    b.dense_with_init(3, Activation::Identity, ndnet::init::Init::XavierNormal)
        .build(&mut common::rng(4))
        .unwrap()
}

#[test]
fn a_deep_sigmoid_stack_shows_vanishing_gradients_and_a_relu_stack_does_not() {
    let x = common::normal(128, 10, 5);
    let y = Array1::from_shape_fn(128, |i| i % 3);
    let ratio = |act| {
        let mut net = deep(act);
        let (_, grads) = net
            .loss_and_gradients(x.view(), y.view(), &SoftmaxCrossEntropy, &NoPenalty)
            .unwrap();
        let g = mean_abs_gradients(&grads);
        g[0] / g[g.len() - 1]
    };
    let sigmoid = ratio(Activation::Sigmoid);
    let relu = ratio(Activation::Relu);
    // Each sigmoid layer scales the gradient by at most 1/4 (times the weights): over 8 layers
    // the first layer's gradient is orders of magnitude below the last one's.
    assert!(
        sigmoid < 1e-3,
        "sigmoid first/last gradient ratio {sigmoid:e}"
    );
    assert!(relu > 1e-2, "ReLU first/last gradient ratio {relu:e}");
}

#[test]
fn dead_relu_units_are_counted() {
    // Unit 0 always fires, unit 1 never does (negative weight on non-negative input), unit 2
    // sometimes.
    let layer = Dense::new(
        array![[1.0], [-1.0], [1.0]],
        array![1.0, -0.5, -2.0],
        Activation::Relu,
    )
    .unwrap();
    let out = Dense::new(array![[1.0, 1.0, 1.0]], array![0.0], Activation::Identity).unwrap();
    let net = Network::from_layers(vec![layer.boxed(), out.boxed()]).unwrap();
    let x = array![[0.0], [1.0], [3.0]];
    assert!((dead_unit_fraction(&net, x.view(), 0).unwrap() - 1.0 / 3.0).abs() < 1e-15);
    assert!(matches!(
        dead_unit_fraction(&net, x.view(), 2),
        Err(Error::ShapeMismatch { .. })
    ));
}
