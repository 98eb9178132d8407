//! Central-difference gradient checks in f64: every activation, every layer, every loss, L1
//! and L2, and all tensors and inputs of 3-layer networks.

mod common;

use common::{
    assert_gradients_close, central_difference, check_layer_gradients, labels, normal,
    numeric_gradient,
};
use ndarray::{Array2, ArrayView2};
use ndnet::layer::{Dense, Dice, Layer, Maxout, Mode, PRelu, Softmax};
use ndnet::loss::{
    BinaryCrossEntropy, Hinge, Loss, MulticlassHinge, OneVsRestHinge, SoftmaxCrossEntropy,
    SquaredError, Targets,
};
use ndnet::regularization::{NoPenalty, Regularizer, L1, L2};
use ndnet::{Activation, Network};

/// Largest accepted relative error between analytic and numeric gradients.
const TOL: f64 = 1e-6;

fn all_activations() -> Vec<Activation> {
    vec![
        Activation::Identity,
        Activation::Linear { slope: -1.7 },
        Activation::Step,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::leaky_relu(),
        Activation::LeakyRelu { alpha: 0.3 },
        Activation::elu(),
        Activation::Elu { alpha: 0.5 },
        Activation::Selu,
        Activation::Softplus,
    ]
}

/// Points away from the kink at 0, both sides, and into the saturated ends.
const POINTS: [f64; 8] = [-6.0, -2.5, -1.0, -0.3, 0.2, 0.7, 1.9, 4.0];

#[test]
fn every_activation_derivative_matches_central_differences() {
    for act in all_activations() {
        let analytic: Vec<f64> = POINTS.iter().map(|&z| act.derivative(z)).collect();
        let numeric: Vec<f64> = POINTS
            .iter()
            .map(|&z| central_difference(z, |v| act.eval(v)))
            .collect();
        assert_gradients_close(act.name(), &analytic, &numeric, TOL);
    }
}

/// The layers that act on each value alone, as functions of one value: PReLU with its initial
/// slopes, maxout of one piece (the identity) and softmax over one class (the constant 1). Their
/// backward pass on a column of points is the derivative at each point.
#[test]
fn elementwise_layers_derivatives_match_central_differences() {
    let layers: Vec<(&str, Box<dyn Layer<f64>>)> = vec![
        ("prelu", PRelu::new(1, 0.25).unwrap().boxed()),
        ("prelu shared", PRelu::shared(1, -0.1).unwrap().boxed()),
        ("maxout of 1 piece", Maxout::new(1, 1).unwrap().boxed()),
        ("softmax of 1 class", Softmax::new(1).unwrap().boxed()),
    ];
    let x = Array2::from_shape_vec((POINTS.len(), 1), POINTS.to_vec()).unwrap();
    let ones = Array2::ones((POINTS.len(), 1));
    for (name, layer) in layers {
        let grads = layer.differentiate(x.view(), ones.view()).unwrap();
        let numeric: Vec<f64> = POINTS
            .iter()
            .map(|&z| {
                central_difference(z, |v| {
                    let y = layer.evaluate(ndarray::array![[v]].view(), Mode::Training);
                    y.unwrap()[[0, 0]]
                })
            })
            .collect();
        let analytic = grads.input().to_owned().into_raw_vec_and_offset().0;
        assert_gradients_close(name, &analytic, &numeric, TOL);
    }
}

#[test]
fn selu_uses_the_published_constants() {
    // Klambauer et al. 2017: λ ≈ 1.0507, α ≈ 1.67326; f(1) = λ, f(−∞) → −λα.
    assert!((Activation::Selu.eval(1.0f64) - 1.050_700_987_355_480_5).abs() < 1e-15);
    let floor = -1.050_700_987_355_480_5 * 1.673_263_242_354_377_3;
    assert!((Activation::Selu.eval(-50.0f64) - floor).abs() < 1e-12);
}

fn check_loss<L: Loss<f64>>(loss: &L, scores: Array2<f64>, targets: Targets<'_, f64>) {
    let mut grad = Array2::zeros(scores.raw_dim());
    loss.loss_and_gradient(scores.view(), targets, grad.view_mut())
        .unwrap();
    let shape = scores.raw_dim();
    let mut flat = scores.into_raw_vec_and_offset().0;
    let numeric = numeric_gradient(&mut flat, |s| {
        let s = ArrayView2::from_shape(shape, s).unwrap();
        loss.loss(s, targets).unwrap()
    });
    assert_gradients_close(loss.name(), grad.as_slice().unwrap(), &numeric, TOL);
}

#[test]
fn every_loss_gradient_matches_central_differences() {
    let y2 = labels(8, 2, 1);
    let y4 = labels(8, 4, 2);
    check_loss(&BinaryCrossEntropy, normal(8, 1, 3) * 3.0, y2.view().into());
    check_loss(
        &SoftmaxCrossEntropy,
        normal(8, 4, 4) * 3.0,
        y4.view().into(),
    );
    check_loss(&Hinge, normal(8, 1, 5) * 3.0, y2.view().into());
    check_loss(&MulticlassHinge, normal(8, 4, 6) * 3.0, y4.view().into());
    check_loss(&OneVsRestHinge, normal(8, 4, 11) * 3.0, y4.view().into());
    let t = normal(8, 3, 7);
    check_loss(&SquaredError, normal(8, 3, 8), t.view().into());
    check_loss(&SquaredError, normal(8, 4, 9), y4.view().into());
    check_loss(&SquaredError, normal(8, 1, 10), y2.view().into());
}

#[test]
fn l1_and_l2_gradients_match_central_differences() {
    let w = normal(4, 5, 11);
    let regs: [(&str, &dyn Regularizer<f64>); 2] = [("L2", &L2::new(0.3)), ("L1", &L1::new(0.2))];
    for (name, reg) in regs {
        let mut grad = Array2::zeros(w.raw_dim());
        reg.add_gradient(w.as_slice().unwrap(), grad.as_slice_mut().unwrap());
        let mut flat = w.clone().into_raw_vec_and_offset().0;
        let numeric = numeric_gradient(&mut flat, |p| reg.penalty(p));
        assert_gradients_close(name, grad.as_slice().unwrap(), &numeric, TOL);
    }
}

#[test]
fn dense_layer_backward_matches_central_differences_for_every_activation() {
    let x = normal(6, 5, 12);
    for act in all_activations() {
        let mut layer = Dense::random(
            5,
            3,
            act,
            ndnet::init::Init::XavierNormal,
            &mut common::rng(14),
        )
        .unwrap();
        layer
            .bias_mut()
            .assign(&(normal(1, 3, 15).row(0).to_owned() * 0.5));
        check_layer_gradients(act.name(), &layer, &x);
    }
}

#[test]
fn prelu_dice_maxout_and_softmax_backward_match_central_differences() {
    let x = normal(6, 3, 12) * 2.0;
    // Slopes away from their initial values (Dice's α starts at 0), so every term counts.
    let away = |layer: &mut dyn Layer<f64>| {
        let p = normal(1, 3, 16).row(0).mapv(|v| 0.3 * v);
        layer.tensors_mut(&mut |t| {
            if t.role.is_learned() {
                let n = t.values.len();
                t.values.copy_from_slice(&p.as_slice().unwrap()[..n]);
            }
        });
    };
    let mut layers: Vec<(&str, Box<dyn Layer<f64>>)> = vec![
        ("prelu", PRelu::new(3, 0.25).unwrap().boxed()),
        ("prelu shared", PRelu::shared(3, -0.1).unwrap().boxed()),
        ("dice", Dice::new(3).unwrap().boxed()),
        (
            "dice eps 1e-3",
            Dice::with_settings(3, 1e-3, 0.5).unwrap().boxed(),
        ),
        ("softmax", Softmax::new(3).unwrap().boxed()),
    ];
    for (name, layer) in &mut layers {
        away(layer.as_mut());
        check_layer_gradients(name, layer.as_ref(), &x);
    }
    check_layer_gradients(
        "maxout",
        &Maxout::new(3, 3).unwrap(),
        &(normal(6, 9, 17) * 2.0),
    );
}

/// The objective that training differentiates: the loss in training mode (batch statistics
/// for Dice), computed on a copy so that running statistics stay untouched.
fn training_loss<L: Loss<f64>, R: Regularizer<f64>>(
    net: &Network<f64>,
    x: ArrayView2<'_, f64>,
    targets: Targets<'_, f64>,
    loss: &L,
    reg: &R,
) -> f64 {
    net.clone()
        .loss_and_gradients(x, targets, loss, reg)
        .unwrap()
        .0
}

/// Every parameter and every input of a 3-layer network, under a loss plus a penalty.
fn check_network<L: Loss<f64>, R: Regularizer<f64>>(
    mut net: Network<f64>,
    x: Array2<f64>,
    targets: Targets<'_, f64>,
    loss: &L,
    reg: &R,
) {
    let (_, grads) = net
        .loss_and_gradients(x.view(), targets, loss, reg)
        .unwrap();
    for (name, _, analytic) in grads.iter() {
        let mut values = net
            .tensor(name)
            .unwrap()
            .iter()
            .copied()
            .collect::<Vec<_>>();
        let mut probe = net.clone();
        let numeric = numeric_gradient(&mut values, |p| {
            let mut t = probe.tensor_mut(name).unwrap();
            t.as_slice_mut().unwrap().copy_from_slice(p);
            training_loss(&probe, x.view(), targets, loss, reg)
        });
        assert_gradients_close(name, analytic, &numeric, TOL);
    }
    let dx = net.input_gradient(x.view(), targets, loss).unwrap();
    let shape = x.raw_dim();
    let mut flat = x.clone().into_raw_vec_and_offset().0;
    let numeric = numeric_gradient(&mut flat, |p| {
        let xv = ArrayView2::from_shape(shape, p).unwrap();
        training_loss(&net, xv, targets, loss, &NoPenalty)
    });
    assert_gradients_close("input", dx.as_slice().unwrap(), &numeric, TOL);
}

#[test]
fn three_layer_network_gradients_match_for_all_parameters_and_inputs() {
    let mut rng = common::rng(20);
    let net = Network::<f64>::builder(4)
        .dense(6, Activation::Tanh)
        .dense(5, Activation::Identity)
        .prelu()
        .dense(3, Activation::Identity)
        .build(&mut rng)
        .unwrap();
    let x = normal(7, 4, 21);
    let y = labels(7, 3, 22);
    check_network(
        net,
        x,
        y.view().into(),
        &SoftmaxCrossEntropy,
        &L2::new(0.05),
    );
}

#[test]
fn network_gradients_match_with_other_losses_and_l1() {
    let mut rng = common::rng(30);
    let net = Network::<f64>::builder(3)
        .dense(5, Activation::Sigmoid)
        .dense(4, Activation::elu())
        .dense(1, Activation::Identity)
        .build(&mut rng)
        .unwrap();
    let x = normal(6, 3, 31);
    let y = labels(6, 2, 32);
    check_network(
        net.clone(),
        x.clone(),
        y.view().into(),
        &BinaryCrossEntropy,
        &L1::new(0.01),
    );
    check_network(net, x, y.view().into(), &Hinge, &L2::new(0.1));

    let net = Network::<f64>::builder(3)
        .dense(4, Activation::Selu)
        .dense(4, Activation::Softplus)
        .dense(2, Activation::Identity)
        .build(&mut rng)
        .unwrap();
    let t = normal(6, 2, 33);
    check_network(
        net.clone(),
        normal(6, 3, 34),
        t.view().into(),
        &SquaredError,
        &L2::new(0.01),
    );
    let y = labels(6, 2, 35);
    check_network(
        net,
        normal(6, 3, 36),
        y.view().into(),
        &MulticlassHinge,
        &NoPenalty,
    );
}

#[test]
fn networks_with_dice_maxout_and_softmax_have_exact_gradients() {
    let mut rng = common::rng(40);
    let net = Network::<f64>::builder(4)
        .dense(5, Activation::Identity)
        .dice()
        .maxout(3, 2)
        .dense(3, Activation::Identity)
        .build(&mut rng)
        .unwrap();
    let y = labels(9, 3, 41);
    check_network(
        net,
        normal(9, 4, 42),
        y.view().into(),
        &SoftmaxCrossEntropy,
        &L2::new(0.02),
    );

    // Softmax as an output activation, trained with squared error towards one-hot targets.
    let net = Network::<f64>::builder(3)
        .dense(4, Activation::Tanh)
        .dense(3, Activation::Identity)
        .softmax()
        .build(&mut rng)
        .unwrap();
    let y = labels(6, 3, 43);
    check_network(
        net,
        normal(6, 3, 44),
        y.view().into(),
        &SquaredError,
        &NoPenalty,
    );
}
