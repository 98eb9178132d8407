//! Training throughput on the public API: `compute_gradients` (forward, softmax cross-entropy,
//! backward, L2) followed by an `Sgd` momentum step, with reused `Gradients`.
//!
//! Group `train_step`: one step of a 784-128-10 ReLU network at several batch sizes;
//! `train_step_adam`: the same with `Adam` (lr 1e-3) instead of SGD momentum.
//! `epoch_mnist_shape`: one whole epoch over 60,000 synthetic MNIST-shaped samples at batch 64.
//!
//! Run: `cargo bench --bench train` (and with `RAYON_NUM_THREADS=1` for one thread).

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use ndarray::{s, Array1, Array2, Axis};
use ndnet::loss::SoftmaxCrossEntropy;
use ndnet::optim::{Adam, Optimizer, Sgd};
use ndnet::regularization::L2;
use ndnet::{Activation, Network};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

const SEED: u64 = 0x5eed;
const FEATURES: usize = 784;
const CLASSES: usize = 10;

fn mlp(rng: &mut Xoshiro256PlusPlus) -> Network<f32> {
    Network::<f32>::builder(FEATURES)
        .dense(128, Activation::Relu)
        .dense(CLASSES, Activation::Identity)
        .build(rng)
        .expect("784-128-10")
}

fn sgd() -> Sgd<f32> {
    Sgd::builder()
        .learning_rate(0.01)
        .momentum(0.9)
        .build()
        .expect("sgd settings")
}

/// `n` samples: features uniform in `[0, 1)`, labels uniform in `0..CLASSES`.
fn synthetic(n: usize, rng: &mut Xoshiro256PlusPlus) -> (Array2<f32>, Array1<usize>) {
    let x = Array2::from_shape_simple_fn((n, FEATURES), || rng.random::<f32>());
    let y = Array1::from_shape_simple_fn(n, || rng.random_range(0..CLASSES));
    (x, y)
}

fn adam() -> Adam<f32> {
    Adam::new(1e-3).expect("adam settings")
}

/// One training step (forward, loss, backward, L2, the optimizer's update) per iteration, at
/// each batch size, under `group`'s name.
fn train_steps<O: Optimizer<f32>>(c: &mut Criterion, group: &str, make: fn() -> O) {
    let mut group = c.benchmark_group(group);
    let loss = SoftmaxCrossEntropy;
    let l2 = L2::new(1e-4);
    for batch in [16, 64, 256, 1024] {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED);
        let mut net = mlp(&mut rng);
        let mut opt = make();
        let mut grads = net.zero_gradients();
        let (x, y) = synthetic(batch, &mut rng);
        // One step outside the timed loop sizes the network's buffers and the optimizer state.
        net.compute_gradients(x.view(), y.view(), &loss, &l2, &mut grads)
            .expect("gradients");
        opt.step(&mut net, &grads).expect("step");
        group.throughput(Throughput::Elements(batch as u64));
        group.bench_function(BenchmarkId::new("mlp_784_128_10_f32", batch), |b| {
            b.iter(|| {
                let value = net
                    .compute_gradients(black_box(x.view()), y.view(), &loss, &l2, &mut grads)
                    .expect("gradients");
                opt.step(&mut net, &grads).expect("step");
                black_box(value)
            });
        });
    }
    group.finish();
}

/// SGD with momentum 0.9.
fn train_step(c: &mut Criterion) {
    train_steps(c, "train_step", sgd);
}

/// Adam with PyTorch's defaults: the step should cost at most 10 % more than with SGD.
fn train_step_adam(c: &mut Criterion) {
    train_steps(c, "train_step_adam", adam);
}

fn epoch_mnist_shape(c: &mut Criterion) {
    const SAMPLES: usize = 60_000;
    const BATCH: usize = 64;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED);
    let mut net = mlp(&mut rng);
    let mut opt = sgd();
    let mut grads = net.zero_gradients();
    let loss = SoftmaxCrossEntropy;
    let l2 = L2::new(1e-4);
    let (x, y) = synthetic(SAMPLES, &mut rng);
    // Shuffle once, outside the timing, so that each batch is a contiguous slice.
    let mut order: Vec<usize> = (0..SAMPLES).collect();
    order.shuffle(&mut rng);
    let x = x.select(Axis(0), &order);
    let y = y.select(Axis(0), &order);

    let mut group = c.benchmark_group("epoch_mnist_shape");
    // One epoch takes ~0.4 s: ten flat samples of one epoch each keep this near 6 s.
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(SAMPLES as u64));
    group.bench_function(BenchmarkId::new("mlp_784_128_10_f32", BATCH), |b| {
        b.iter(|| {
            let mut total = 0.0f32;
            for start in (0..SAMPLES).step_by(BATCH) {
                let end = (start + BATCH).min(SAMPLES);
                let xb = x.slice(s![start..end, ..]);
                let yb = y.slice(s![start..end]);
                total += net
                    .compute_gradients(xb, yb, &loss, &l2, &mut grads)
                    .expect("gradients");
                opt.step(&mut net, &grads).expect("step");
            }
            black_box(total)
        });
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
}

criterion_group! {
    name = benches;
    config = config();
    targets = train_step, train_step_adam, epoch_mnist_shape
}
criterion_main!(benches);
