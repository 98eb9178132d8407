//! Steady-state training steps and `forward_into` allocate nothing in ndnet's own code: checked
//! with a counting global allocator.
//!
//! The matrix backend (the `gemm` crate, like ndarray's `matrixmultiply`) may allocate a packing
//! buffer inside a product; those allocations are counted apart, using the backend flag ndnet
//! sets around each product, and reported rather than asserted.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use ndarray::{Array1, Array2};
use ndnet::loss::SoftmaxCrossEntropy;
use ndnet::optim::{Optimizer, Sgd};
use ndnet::regularization::L2;
use ndnet::{Activation, Network, Workspace};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static BACKEND_ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

fn count() {
    if ndnet::in_matrix_backend() {
        BACKEND_ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
    } else {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
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

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    f();
    ALLOCATIONS.load(Ordering::SeqCst) - before
}

// One test function so that no other test thread allocates while we count.
#[test]
fn training_steps_and_forward_into_do_not_allocate() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(0);
    let mut net = Network::<f32>::builder(20)
        .dense(16, Activation::Relu)
        .dense(8, Activation::prelu())
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
        "matrix backend allocations so far: {}",
        BACKEND_ALLOCATIONS.load(Ordering::SeqCst)
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
