//! Adam, AdamW, RMSProp and Adagrad trajectories and the schedules against PyTorch's own
//! values; checkpointed state; the errors of invalid settings; clipping.

use ndarray::array;
use ndnet::layer::{Dense, Layer};
use ndnet::optim::{
    clip_grad_norm, clip_grad_value, Adagrad, Adam, AdamW, LearningRate, Optimizer, RmsProp,
    Schedule, Sgd, Warmup,
};
use ndnet::{Activation, Error, Network};

/// A one-layer network with parameters p = [w0, w1, b] = [1, -2, 0.5].
fn tiny_net() -> Network<f64> {
    let layer = Dense::new(array![[1.0, -2.0]], array![0.5], Activation::Identity).unwrap();
    Network::from_layers(vec![layer.boxed()]).unwrap()
}

fn params(net: &Network<f64>) -> [f64; 3] {
    let (w, b) = (
        net.tensor("0.weight").unwrap(),
        net.tensor("0.bias").unwrap(),
    );
    [w[[0, 0]], w[[0, 1]], b[0]]
}

/// Steps `optimizer` on the gradient of ½(w0² + 3·w1² + 2·b²), g = [w0, 3·w1, 2·b].
fn run(optimizer: &mut dyn Optimizer<f64>, net: &mut Network<f64>, steps: usize) -> [f64; 3] {
    let mut grads = net.zero_gradients();
    for _ in 0..steps {
        let [w0, w1, b] = params(net);
        let mut gw = grads.get_mut("0.weight").unwrap();
        gw[[0, 0]] = w0;
        gw[[0, 1]] = 3.0 * w1;
        grads.get_mut("0.bias").unwrap()[0] = 2.0 * b;
        optimizer.step(net, &grads).unwrap();
    }
    params(net)
}

fn five_steps(mut optimizer: impl Optimizer<f64>) -> [f64; 3] {
    run(&mut optimizer, &mut tiny_net(), 5)
}

fn assert_close(got: [f64; 3], want: [f64; 3]) {
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < 1e-12, "{got:?} vs {want:?}");
    }
}

// The reference values, from torch 2.15 in float64 (five steps on the problem above):
//   def run(make, steps=5):
//       w = torch.tensor([[1.0, -2.0]], requires_grad=True); b = torch.tensor([0.5], requires_grad=True)
//       c = torch.tensor([[1.0, 3.0]]); opt = make([w, b])
//       for _ in range(steps):
//           w.grad = (c * w).detach().clone(); b.grad = (2.0 * b).detach().clone(); opt.step()
//       return [w[0,0].item(), w[0,1].item(), b[0].item()]
//   O = torch.optim
//   "adam": O.Adam(p, lr=0.1)
//   "adam_amsgrad_decay": O.Adam(p, lr=0.1, amsgrad=True, weight_decay=0.1, betas=(0.8, 0.9))
//   "adamw": O.AdamW(p, lr=0.1, weight_decay=0.1)
//   "adamw_exempt": O.AdamW([{"params": [w]}, {"params": [b], "weight_decay": 0.0}], lr=0.1, weight_decay=0.1)
//   "rmsprop": O.RMSprop(p, lr=0.01)
//   "rmsprop_centered_momentum": O.RMSprop(p, lr=0.01, momentum=0.9, centered=True, weight_decay=0.1)
//   "adagrad": O.Adagrad(p, lr=0.1, lr_decay=0.01, weight_decay=0.1, initial_accumulator_value=0.1)
#[test]
fn adam_follows_pytorch() {
    let adam = Adam::new(0.1).unwrap();
    assert_close(
        five_steps(adam),
        [0.507963661927221, -1.5029557808623537, 0.02781445137060952],
    );
}

#[test]
fn amsgrad_with_coupled_decay_follows_pytorch() {
    let adam = Adam::builder()
        .learning_rate(0.1)
        .amsgrad(true)
        .weight_decay(0.1)
        .betas(0.8, 0.9)
        .build()
        .unwrap();
    assert_close(
        five_steps(adam),
        [0.5086522888156706, -1.503219390036004, 0.034011691512533554],
    );
}

#[test]
fn adamw_follows_pytorch_and_can_spare_the_biases() {
    let adamw = AdamW::builder().learning_rate(0.1).weight_decay(0.1);
    assert_close(
        five_steps(adamw.build().unwrap()),
        [
            0.4699526596188067,
            -1.4155664795181184,
            0.015330359408832886,
        ],
    );
    // With the bias exempt it moves as under plain Adam, the weights as under AdamW.
    assert_close(
        five_steps(adamw.exempt_biases(true).build().unwrap()),
        [0.4699526596188067, -1.4155664795181184, 0.02781445137060952],
    );
}

#[test]
fn rmsprop_follows_pytorch() {
    assert_close(
        five_steps(RmsProp::builder().build().unwrap()),
        [0.696465799281033, -1.685481581109753, 0.2215710000520894],
    );
    let centered = RmsProp::builder()
        .momentum(0.9)
        .centered(true)
        .weight_decay(0.1)
        .build()
        .unwrap();
    assert_close(
        five_steps(centered),
        [
            0.13470194393157414,
            -1.0819235382423569,
            -0.23398495269322234,
        ],
    );
}

#[test]
fn adagrad_follows_pytorch() {
    let adagrad = Adagrad::builder()
        .learning_rate(0.1)
        .lr_decay(0.01)
        .weight_decay(0.1)
        .initial_accumulator_value(0.1)
        .build()
        .unwrap();
    assert_close(
        five_steps(adagrad),
        [0.7085175585952629, -1.691640191688328, 0.23237636982876803],
    );
}

/// Rates per epoch from a schedule, feeding `losses` to reduce-on-plateau.
fn rates(mut rate: LearningRate, epochs: usize, losses: &[f64]) -> Vec<f64> {
    (0..epochs)
        .map(|e| {
            rate.set_epoch(e);
            let r = rate.rate();
            if let Some(&loss) = losses.get(e) {
                rate.observe(loss);
            }
            r
        })
        .collect()
}

fn assert_rates(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < 1e-15, "{got:?} vs {want:?}");
    }
}

// From torch 2.15, with SGD(lr=1.0) and `opt.param_groups[0]["lr"]` read before each epoch:
//   CosineAnnealingLR(o, T_max=4, eta_min=0.1)                       -> 5 epochs
//   SequentialLR(o, [LinearLR(o, start_factor=0.25, total_iters=3),
//                    CosineAnnealingLR(o, T_max=4, eta_min=0.0)], milestones=[3])  -> 8 epochs
//   ReduceLROnPlateau(o, factor=0.5, patience=2, threshold=0.01, min_lr=0.2), s.step(loss)
#[test]
fn schedules_follow_pytorch() {
    let none = Warmup::NONE;
    let cosine = Schedule::Cosine {
        epochs: 4,
        min_rate: 0.1,
    };
    assert_rates(
        &rates(LearningRate::new(1.0, cosine, none).unwrap(), 5, &[]),
        &[1.0, 0.8681980515339464, 0.55, 0.23180194846605368, 0.1],
    );
    let warm = Warmup {
        epochs: 3,
        start_factor: 0.25,
    };
    let cosine = Schedule::Cosine {
        epochs: 4,
        min_rate: 0.0,
    };
    assert_rates(
        &rates(LearningRate::new(1.0, cosine, warm).unwrap(), 8, &[]),
        &[
            0.25,
            0.5,
            0.75,
            1.0,
            0.8535533905932737,
            0.5,
            0.14644660940672627,
            0.0,
        ],
    );
    let plateau = Schedule::ReduceOnPlateau {
        factor: 0.5,
        patience: 2,
        threshold: 0.01,
        min_rate: 0.2,
    };
    let losses = [
        1.0, 0.9, 0.9, 0.9, 0.895, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85,
    ];
    let got = rates(LearningRate::new(1.0, plateau, none).unwrap(), 13, &losses);
    let want = [
        1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.2,
    ];
    assert_rates(&got, &want);
}

type MakeOptimizer = dyn Fn() -> Box<dyn Optimizer<f64>>;

#[test]
fn every_optimizer_takes_its_state_back_and_continues_the_same_way() {
    let plateau = Schedule::ReduceOnPlateau {
        factor: 0.5,
        patience: 0,
        threshold: 0.0,
        min_rate: 0.0,
    };
    let makers: Vec<Box<MakeOptimizer>> = vec![
        Box::new(|| Box::new(Sgd::builder().momentum(0.9).build().unwrap())),
        Box::new(move || {
            Box::new(
                Adam::builder()
                    .amsgrad(true)
                    .schedule(plateau)
                    .build()
                    .unwrap(),
            )
        }),
        Box::new(|| Box::new(AdamW::with_learning_rate(0.05).unwrap())),
        Box::new(|| {
            Box::new(
                RmsProp::builder()
                    .momentum(0.5)
                    .centered(true)
                    .build()
                    .unwrap(),
            )
        }),
        Box::new(|| Box::new(Adagrad::builder().build().unwrap())),
    ];
    for make in makers {
        let (mut whole, mut net) = (make(), tiny_net());
        run(whole.as_mut(), &mut net, 3);
        whole.observe(1.0);
        whole.observe(2.0);
        let state = whole.state(&net);
        let expected = run(whole.as_mut(), &mut net.clone(), 4);
        let mut resumed = make();
        resumed.load_state(&net, &state).unwrap();
        assert_eq!(resumed.learning_rate(), whole.learning_rate());
        assert_eq!(run(resumed.as_mut(), &mut net, 4), expected);
        // Another optimizer's state is refused by name.
        let mut other = Adagrad::<f64>::builder().build().unwrap();
        if !state.buffers.keys().any(|k| k.ends_with(".sum")) {
            assert!(other.load_state(&net, &state).is_err());
        }
    }
}

#[test]
fn invalid_settings_name_the_setting() {
    let name = |e: Error| match e {
        Error::InvalidHyperparameter { name, .. } => name,
        other => panic!("expected InvalidHyperparameter, got {other:?}"),
    };
    let adam = || Adam::<f32>::builder();
    assert_eq!(
        name(adam().learning_rate(-1.0).build().unwrap_err()),
        "learning_rate"
    );
    assert_eq!(name(adam().betas(1.0, 0.999).build().unwrap_err()), "beta1");
    assert_eq!(name(adam().betas(0.9, -0.1).build().unwrap_err()), "beta2");
    assert_eq!(name(adam().eps(0.0).build().unwrap_err()), "eps");
    assert_eq!(
        name(adam().weight_decay(f64::NAN).build().unwrap_err()),
        "weight_decay"
    );
    let rms = || RmsProp::<f32>::builder();
    assert_eq!(name(rms().alpha(1.0).build().unwrap_err()), "alpha");
    assert_eq!(name(rms().momentum(1.5).build().unwrap_err()), "momentum");
    let adagrad = Adagrad::<f32>::builder()
        .lr_decay(-1.0)
        .build()
        .unwrap_err();
    assert_eq!(name(adagrad), "lr_decay");
    let warm = adam().warmup(2, 0.0).build().unwrap_err();
    assert_eq!(name(warm), "warmup start_factor");
    let cosine = Schedule::Cosine {
        epochs: 0,
        min_rate: 0.0,
    };
    assert_eq!(name(adam().schedule(cosine).build().unwrap_err()), "epochs");
    let plateau = Schedule::ReduceOnPlateau {
        factor: 1.0,
        patience: 1,
        threshold: 0.0,
        min_rate: 0.0,
    };
    assert_eq!(
        name(adam().schedule(plateau).build().unwrap_err()),
        "factor"
    );
}

// torch.nn.utils.clip_grad_norm_ on grads [3, 4] (weight) and [12] (bias), max_norm 6.5:
// returns 13.0 and scales by 6.5 / (13 + 1e-6).
#[test]
fn clipping_by_norm_and_by_value() {
    let net = Network::<f64>::builder(2)
        .dense(1, Activation::Identity)
        .build(&mut <rand_xoshiro::Xoshiro256PlusPlus as rand::SeedableRng>::seed_from_u64(0))
        .unwrap();
    let mut grads = net.zero_gradients();
    grads
        .get_mut("0.weight")
        .unwrap()
        .assign(&array![[3.0, 4.0]].into_dyn());
    grads.get_mut("0.bias").unwrap().fill(12.0);
    assert_eq!(clip_grad_norm(&mut grads, 6.5), 13.0);
    let scale = 6.5 / (13.0 + 1e-6);
    assert!((grads.get("0.bias").unwrap()[[0]] - 12.0 * scale).abs() < 1e-15);
    assert!((grads.get("0.weight").unwrap()[[0, 1]] - 4.0 * scale).abs() < 1e-15);
    // Below the bound nothing changes.
    let before = grads.clone();
    assert!(clip_grad_norm(&mut grads, 100.0) < 6.5 + 1e-9);
    assert_eq!(grads, before);
    grads
        .get_mut("0.weight")
        .unwrap()
        .assign(&array![[-3.0, 0.5]].into_dyn());
    clip_grad_value(&mut grads, 1.0);
    assert_eq!(
        grads.get("0.weight").unwrap(),
        array![[-1.0, 0.5]].into_dyn()
    );
    assert_eq!(grads.get("0.bias").unwrap()[[0]], 1.0);
}
