//! SGD trajectories against hand-computed values in PyTorch's convention, schedules, and the
//! errors invalid settings give.

use ndarray::array;
use ndnet::layer::{Dense, Layer};
use ndnet::optim::{Optimizer, Schedule, Sgd};
use ndnet::{Activation, Error, Gradients, Network};

/// A one-layer network with parameters p = [w0, w1, b] = [1, -2, 0.5].
fn tiny_net() -> Network<f64> {
    let layer = Dense::new(array![[1.0, -2.0]], array![0.5], Activation::Identity).unwrap();
    Network::from_layers(vec![layer.boxed()]).unwrap()
}

/// Gradient of the quadratic ½(1·w0² + 3·w1² + 2·b²): g = [w0, 3·w1, 2·b].
fn quadratic_gradient(net: &Network<f64>, grads: &mut Gradients<f64>) {
    let [w0, w1, b] = params(net);
    let mut gw = grads.get_mut("0.weight").unwrap();
    gw[[0, 0]] = w0;
    gw[[0, 1]] = 3.0 * w1;
    grads.get_mut("0.bias").unwrap()[0] = 2.0 * b;
}

/// `[w0, w1, b]`.
fn params(net: &Network<f64>) -> [f64; 3] {
    let (w, b) = (
        net.tensor("0.weight").unwrap(),
        net.tensor("0.bias").unwrap(),
    );
    [w[[0, 0]], w[[0, 1]], b[0]]
}

fn run(mut sgd: Sgd<f64>, steps: usize) -> [f64; 3] {
    let mut net = tiny_net();
    let mut grads = net.zero_gradients();
    for _ in 0..steps {
        quadratic_gradient(&net, &mut grads);
        sgd.step(&mut net, &grads).unwrap();
    }
    params(&net)
}

fn assert_close(got: [f64; 3], want: [f64; 3]) {
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < 1e-12, "{got:?} vs {want:?}");
    }
}

// Reference, PyTorch's torch.optim.SGD convention (v = μv + g; p -= ηv; Nesterov: p -= η(g + μv)),
// computed with numpy:
//   def run(nesterov, mu=0.9, lr=0.1, steps=3):
//       p = np.array([1.0, -2.0, 0.5]); c = np.array([1.0, 3.0, 2.0]); v = np.zeros(3)
//       for _ in range(steps):
//           g = c*p; v = mu*v + g; p = p - lr*(g + mu*v if nesterov else v)
//       return p
//   run(False) -> [0.486, 0.556, 0.031]
//   run(True)  -> [0.327321, 0.696346, -0.054176]
//   run(False, mu=0.0) -> [0.729, -0.686, 0.256]
#[test]
fn momentum_trajectory_matches_pytorch_convention() {
    let sgd = Sgd::<f64>::builder()
        .learning_rate(0.1)
        .momentum(0.9)
        .build()
        .unwrap();
    assert_close(run(sgd, 3), [0.486, 0.556, 0.031]);
}

#[test]
fn nesterov_trajectory_matches_pytorch_convention() {
    let sgd = Sgd::<f64>::builder()
        .learning_rate(0.1)
        .momentum(0.9)
        .nesterov(true)
        .build()
        .unwrap();
    assert_close(run(sgd, 3), [0.327321, 0.696346, -0.054176]);
}

#[test]
fn plain_sgd_trajectory() {
    assert_close(run(Sgd::new(0.1).unwrap(), 3), [0.729, -0.686, 0.256]);
}

#[test]
fn schedules_set_the_learning_rate_per_epoch() {
    let mut sgd = Sgd::<f64>::builder()
        .learning_rate(0.2)
        .schedule(Schedule::Exponential { factor: 0.5 })
        .build()
        .unwrap();
    assert_eq!(sgd.learning_rate(), 0.2);
    sgd.set_epoch(2);
    assert_eq!(sgd.learning_rate(), 0.05);
    assert_eq!(Schedule::Constant.rate(0.3, 100), 0.3);
    let step = Schedule::StepDecay {
        every: 3,
        factor: 0.1,
    };
    assert_eq!(step.rate(1.0, 2), 1.0);
    assert!((step.rate(1.0, 3) - 0.1).abs() < 1e-15);
    assert!((step.rate(1.0, 6) - 0.01).abs() < 1e-15);
    assert_eq!(Schedule::InverseTime { decay: 0.5 }.rate(1.0, 2), 0.5);
}

#[test]
fn invalid_settings_are_typed_errors() {
    let bad = [
        Sgd::<f32>::builder().learning_rate(0.0).build(),
        Sgd::<f32>::builder().learning_rate(f64::NAN).build(),
        Sgd::<f32>::builder().momentum(1.0).build(),
        Sgd::<f32>::builder().momentum(-0.1).build(),
        Sgd::<f32>::builder().nesterov(true).build(),
        Sgd::<f32>::builder()
            .schedule(Schedule::StepDecay {
                every: 0,
                factor: 0.5,
            })
            .build(),
        Sgd::<f32>::builder()
            .schedule(Schedule::Exponential { factor: 1.5 })
            .build(),
        Sgd::<f32>::builder()
            .schedule(Schedule::InverseTime { decay: -1.0 })
            .build(),
    ];
    for result in bad {
        assert!(
            matches!(result, Err(Error::InvalidHyperparameter { .. })),
            "{result:?}"
        );
    }
}

#[test]
fn gradients_of_another_network_are_rejected() {
    let mut net = tiny_net();
    let other = Network::<f64>::new(&[3, 2], Activation::Relu, &mut rand::rng_from_seed()).unwrap();
    let mut sgd = Sgd::new(0.1).unwrap();
    assert!(matches!(
        sgd.step(&mut net, &other.zero_gradients()),
        Err(Error::ShapeMismatch { .. })
    ));
}

mod rand {
    use rand_xoshiro::rand_core::SeedableRng;
    pub fn rng_from_seed() -> rand_xoshiro::Xoshiro256PlusPlus {
        rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(0)
    }
}

#[test]
fn sgd_state_is_named_like_pytorch_and_a_restored_state_continues_exactly() {
    let sgd = || {
        Sgd::<f64>::builder()
            .learning_rate(0.1)
            .momentum(0.9)
            .build()
            .unwrap()
    };
    let mut first = sgd();
    let mut net = tiny_net();
    let mut grads = net.zero_gradients();
    assert!(
        first.state(&net).is_empty(),
        "no velocity before the first step"
    );
    for _ in 0..2 {
        quadratic_gradient(&net, &mut grads);
        first.step(&mut net, &grads).unwrap();
    }
    let state = first.state(&net);
    let names: Vec<&str> = state.buffers.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["0.bias.momentum_buffer", "0.weight.momentum_buffer"]
    );

    // A fresh optimizer with the state takes the third step the first one would have.
    let mut second = sgd();
    second.load_state(&net, &state).unwrap();
    quadratic_gradient(&net, &mut grads);
    second.step(&mut net, &grads).unwrap();
    assert_close(params(&net), [0.486, 0.556, 0.031]);

    let mut short = state.clone();
    short
        .buffers
        .insert("0.bias.momentum_buffer".into(), vec![0.0, 0.0]);
    let mut missing = state.clone();
    missing.buffers.remove("0.weight.momentum_buffer");
    let mut extra = state.clone();
    extra.scalars.insert("beta1".into(), 0.9);
    for bad in [short, missing, extra] {
        assert!(
            matches!(
                sgd().load_state(&net, &bad),
                Err(Error::InvalidHyperparameter { .. })
            ),
            "{bad:?}"
        );
    }
}
