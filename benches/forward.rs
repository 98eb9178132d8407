//! Inference throughput on the allocation-free public path, `Network::forward_into`.
//!
//! Group `forward`: whole networks (784-128-10 ReLU, 784-256-256-10 ReLU, one sigmoid unit on
//! 30 inputs). Group `matmul_only`: the two bare matrix products of the 784-128-10 forward,
//! through ndarray's `general_mat_mul` (matrixmultiply) and through the `gemm` crate called
//! exactly as `src/matmul.rs` calls it, so that `forward / gemm` reads off what ndnet adds on
//! top of the products (input checks, bias, activation, copying the scores out).
//!
//! Run: `cargo bench --bench forward` (and with `RAYON_NUM_THREADS=1` for one thread).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, ArrayView2, ArrayViewMut2};
use ndnet::{Activation, Network, Workspace};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

const SEED: u64 = 0x5eed;

/// `(rows, cols)` uniform values in `[0, 1)` from `rng`.
fn uniform(rows: usize, cols: usize, rng: &mut Xoshiro256PlusPlus) -> Array2<f32> {
    Array2::from_shape_simple_fn((rows, cols), || rng.random::<f32>())
}

/// `(rows, cols)` values in `[-scale, scale)` from `rng`.
fn weights(rows: usize, cols: usize, scale: f32, rng: &mut Xoshiro256PlusPlus) -> Array2<f32> {
    Array2::from_shape_simple_fn((rows, cols), || scale * (2.0 * rng.random::<f32>() - 1.0))
}

/// Benchmarks `net.forward_into` on `(batch, inputs)` inputs for each batch size.
fn bench_network(
    c: &mut Criterion,
    group_name: &str,
    name: &str,
    net: &Network<f32>,
    batches: &[usize],
) {
    let mut group = c.benchmark_group(group_name);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED);
    for &batch in batches {
        let x = uniform(batch, net.inputs(), &mut rng);
        let mut out = Array2::<f32>::zeros((batch, net.outputs()));
        let mut ws = Workspace::new();
        // Size the workspace outside the timed loop.
        net.forward_into(x.view(), &mut ws, out.view_mut())
            .expect("forward");
        group.throughput(Throughput::Elements(batch as u64));
        group.bench_function(BenchmarkId::new(name, batch), |b| {
            b.iter(|| {
                net.forward_into(black_box(x.view()), &mut ws, black_box(out.view_mut()))
                    .expect("forward");
            });
        });
    }
    group.finish();
}

fn forward(c: &mut Criterion) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED);
    let mlp = Network::<f32>::builder(784)
        .dense(128, Activation::Relu)
        .dense(10, Activation::Identity)
        .build(&mut rng)
        .expect("784-128-10");
    let deep = Network::<f32>::builder(784)
        .dense(256, Activation::Relu)
        .dense(256, Activation::Relu)
        .dense(10, Activation::Identity)
        .build(&mut rng)
        .expect("784-256-256-10");
    let neuron = Network::<f32>::builder(30)
        .dense(1, Activation::Sigmoid)
        .build(&mut rng)
        .expect("30-1");
    let g = "forward";
    bench_network(
        c,
        g,
        "mlp_784_128_10_f32",
        &mlp,
        &[1, 16, 64, 256, 1024, 8192],
    );
    bench_network(c, g, "mlp_784_256_256_10_f32", &deep, &[1, 64, 1024]);
    bench_network(c, g, "neuron_30_1_f32", &neuron, &[1, 64, 1024]);
}

/// Products with at least this many multiply-adds go to rayon: the rule of `src/matmul.rs`.
const PARALLEL_THRESHOLD: usize = 1 << 24;

/// `c ← a·b` through the `gemm` crate, with the call convention and threading rule of
/// `src/matmul.rs`.
fn gemm_crate(a: ArrayView2<'_, f32>, b: ArrayView2<'_, f32>, c: &mut ArrayViewMut2<'_, f32>) {
    let (m, k) = a.dim();
    let n = b.ncols();
    assert!(b.nrows() == k && c.dim() == (m, n));
    let parallelism = if m * n * k >= PARALLEL_THRESHOLD {
        gemm::Parallelism::Rayon(0)
    } else {
        gemm::Parallelism::None
    };
    // SAFETY: pointers and strides describe the three views (shapes checked above) and `c` is a
    // unique mutable view; with `read_dst = false` the old content of `c` is not read.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            c.as_mut_ptr(),
            c.strides()[1],
            c.strides()[0],
            false,
            a.as_ptr(),
            a.strides()[1],
            a.strides()[0],
            b.as_ptr(),
            b.strides()[1],
            b.strides()[0],
            0.0,
            1.0,
            false,
            false,
            false,
            parallelism,
        );
    }
}

fn matmul_only(c: &mut Criterion) {
    let mut group = c.benchmark_group("matmul_only");
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED);
    let w1 = weights(128, 784, 0.05, &mut rng);
    let w2 = weights(10, 128, 0.1, &mut rng);
    for batch in [1, 64, 1024] {
        let x = uniform(batch, 784, &mut rng);
        let mut h = Array2::<f32>::zeros((batch, 128));
        let mut out = Array2::<f32>::zeros((batch, 10));
        group.throughput(Throughput::Elements(batch as u64));
        group.bench_function(
            BenchmarkId::new("matrixmultiply_784_128_10_f32", batch),
            |b| {
                b.iter(|| {
                    general_mat_mul(1.0, &black_box(x.view()), &w1.t(), 0.0, &mut h);
                    general_mat_mul(1.0, &h, &w2.t(), 0.0, &mut out);
                    black_box(&mut out);
                });
            },
        );
        group.bench_function(BenchmarkId::new("gemm_784_128_10_f32", batch), |b| {
            b.iter(|| {
                gemm_crate(black_box(x.view()), w1.t(), &mut h.view_mut());
                gemm_crate(h.view(), w2.t(), &mut out.view_mut());
                black_box(&mut out);
            });
        });
    }
    group.finish();
}

fn config() -> Criterion {
    // 18 benchmarks; short windows keep one run near a minute and a half.
    Criterion::default()
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = forward, matmul_only
}
criterion_main!(benches);
