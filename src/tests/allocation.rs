//! Steady-state training steps and `forward_into` allocate nothing in ndnet's own code: checked
//! with a counting global allocator (in the library's own test binary).
//!
//! The allocator counts only on a thread that has asked it to, so other tests running at the
//! same time do not disturb the count. The matrix backend (the `gemm` crate, like ndarray's
//! `matrixmultiply`) may allocate a packing buffer inside a product; those allocations are
//! counted apart, using the flag `matmul` sets around each product in test builds, and
//! reported rather than asserted.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use ndarray::{Array1, Array2};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::loss::SoftmaxCrossEntropy;
use crate::matmul::in_matrix_backend;
use crate::optim::{clip_grad_norm, Adam, Optimizer, Sgd};
use crate::regularization::L2;
use crate::{Activation, Network, Workspace};

struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static BACKEND_ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    // `try_with`: the allocator also runs while thread-locals are torn down.
    if COUNTING.try_with(Cell::get).unwrap_or(false) {
        let counter = if in_matrix_backend() {
            &BACKEND_ALLOCATIONS
        } else {
            &ALLOCATIONS
        };
        let _ = counter.try_with(|c| c.set(c.get() + 1));
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// ndnet's own allocations on this thread while `f` runs.
fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    COUNTING.with(|c| c.set(true));
    f();
    COUNTING.with(|c| c.set(false));
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn training_steps_and_forward_into_do_not_allocate() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(0);
    let mut net = Network::<f32>::builder(20)
        .dense(16, Activation::Relu)
        .dense(8, Activation::Identity)
        .prelu()
        .dense(4, Activation::Identity)
        .build(&mut rng)
        .unwrap();
    let x = Array2::from_shape_fn((32, 20), |(i, j)| ((i * 7 + j * 3) % 11) as f32 / 11.0);
    let y = Array1::from_shape_fn(32, |i| i % 4);
    let mut sgd = Sgd::builder()
        .learning_rate(0.05)
        .momentum(0.9)
        .build()
        .unwrap();
    let mut grads = net.zero_gradients();
    let l2 = L2::new(1e-4);
    let mut step = |net: &mut Network<f32>, rows: usize| {
        let (xb, yb) = (
            x.slice(ndarray::s![..rows, ..]),
            y.slice(ndarray::s![..rows]),
        );
        net.compute_gradients(xb, yb, &SoftmaxCrossEntropy, &l2, &mut grads)
            .unwrap();
        sgd.step(net, &grads).unwrap();
    };
    // Warm-up at the largest batch sizes the buffers and the velocities.
    step(&mut net, 32);
    let n = allocations_during(|| {
        for rows in [32, 32, 5, 32, 17] {
            step(&mut net, rows);
        }
    });
    assert_eq!(n, 0, "training steps allocated {n} times");
    println!(
        "matrix backend allocations while counting: {}",
        BACKEND_ALLOCATIONS.with(Cell::get)
    );

    let mut ws = Workspace::new();
    let mut out = Array2::zeros((1, 4));
    let one = x.slice(ndarray::s![..1, ..]);
    net.forward_into(one, &mut ws, out.view_mut()).unwrap();
    let n = allocations_during(|| {
        for _ in 0..10 {
            net.forward_into(one, &mut ws, out.view_mut()).unwrap();
        }
    });
    assert_eq!(n, 0, "forward_into allocated {n} times");
}

#[test]
fn adam_dropout_and_batch_norm_steps_do_not_allocate() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let mut net = Network::<f32>::builder(20)
        .dense(16, Activation::Identity)
        .batch_norm()
        .activation(Activation::Relu)
        .dropout(0.3)
        .dense(4, Activation::Identity)
        .build(&mut rng)
        .unwrap();
    let x = Array2::from_shape_fn((32, 20), |(i, j)| ((i * 5 + j * 3) % 13) as f32 / 13.0);
    let y = Array1::from_shape_fn(32, |i| i % 4);
    let mut adam = Adam::builder().amsgrad(true).build().unwrap();
    let mut grads = net.zero_gradients();
    let l2 = L2::new(1e-4);
    let mut step = |net: &mut Network<f32>, rows: usize| {
        let (xb, yb) = (
            x.slice(ndarray::s![..rows, ..]),
            y.slice(ndarray::s![..rows]),
        );
        net.compute_gradients(xb, yb, &SoftmaxCrossEntropy, &l2, &mut grads)
            .unwrap();
        clip_grad_norm(&mut grads, 1.0);
        adam.step(net, &grads).unwrap();
    };
    step(&mut net, 32);
    let n = allocations_during(|| {
        for rows in [32, 5, 32, 17] {
            step(&mut net, rows);
        }
    });
    assert_eq!(n, 0, "training steps allocated {n} times");
    let mut ws = Workspace::new();
    let mut out = Array2::zeros((3, 4));
    let three = x.slice(ndarray::s![..3, ..]);
    net.forward_into(three, &mut ws, out.view_mut()).unwrap();
    let n = allocations_during(|| net.forward_into(three, &mut ws, out.view_mut()).unwrap());
    assert_eq!(n, 0, "forward_into allocated {n} times");
}
