//! **ndnet**: neural networks and linear models on [`ndarray`], with exact gradients.
//!
//! # The model
//! A neuron weighs its inputs and fires through an activation: `y = a(w·x + b)`. The bias
//! `b = −θ` is the negated firing threshold: with the [step](Activation::Step) activation the
//! neuron fires exactly when `w·x ≥ θ`, the perceptron of McCulloch–Pitts and Rosenblatt.
//! Smooth activations ([sigmoid](Activation::Sigmoid), [ReLU](Activation::Relu), …) make the
//! output differentiable, so the weights can be learned by gradient descent.
//!
//! A layer is many neurons reading the same inputs: unit `j` has its own weight row `w_j` and
//! bias `b_j`. Stacking a batch of samples as the rows of `X`, the whole layer on the whole
//! batch is one matrix product, `A = f(X Wᵀ + b)`, with `W` of shape `(out, in)` as in PyTorch's
//! `nn.Linear` ([`Dense`](layer::Dense)). A [`Network`] stacks [layers](layer); its last layer
//! conventionally has the identity activation and emits scores (logits), which a [loss] turns
//! into a number to minimise and a gradient to backpropagate. [Regularizers](regularization)
//! penalise large weights, and an [optimizer](optim) (SGD with momentum) takes the steps.
//!
//! # A complete example
//! ```
//! use ndarray::{Array1, Array2};
//! use ndnet::loss::SoftmaxCrossEntropy;
//! use ndnet::optim::{Optimizer, Sgd};
//! use ndnet::regularization::L2;
//! use ndnet::{Activation, Network};
//! use rand::SeedableRng;
//! use rand_xoshiro::Xoshiro256PlusPlus;
//!
//! let mut rng = Xoshiro256PlusPlus::seed_from_u64(42);
//! let mut net = Network::<f64>::builder(784)
//!     .dense(128, Activation::Relu)
//!     .dense(10, Activation::Identity)       // output layer: scores, no activation
//!     .build(&mut rng)?;
//! let x = Array2::from_shape_fn((64, 784), |(i, j)| ((i * 31 + j * 7) % 17) as f64 / 17.0);
//! let y = Array1::from_shape_fn(64, |i| i % 10);
//!
//! let scores = net.forward(x.view())?;        // (batch, 784) -> (batch, 10)
//! assert_eq!(scores.dim(), (64, 10));
//!
//! let mut sgd = Sgd::builder().learning_rate(0.05).momentum(0.9).build()?;
//! let (first, grads) = net.loss_and_gradients(x.view(), y.view(), &SoftmaxCrossEntropy, &L2::new(1e-4))?;
//! sgd.step(&mut net, &grads)?;
//! // In a loop, reuse the gradients: compute_gradients overwrites them without allocating.
//! let mut grads = grads;
//! for _ in 0..20 {
//!     net.compute_gradients(x.view(), y.view(), &SoftmaxCrossEntropy, &L2::new(1e-4), &mut grads)?;
//!     sgd.step(&mut net, &grads)?;
//! }
//! let last = net.loss(x.view(), y.view(), &SoftmaxCrossEntropy, &L2::new(1e-4))?;
//! assert!(last < first);
//! # Ok::<(), ndnet::Error>(())
//! ```
//!
//! For the usual tasks there are ready-made [classifiers](classifier) (logistic regression and
//! a linear SVM, for two classes or K, a multilayer perceptron) and [regressors](regressor)
//! (linear regression, ridge, robust losses, an MLP regressor) with the [fit/predict
//! traits](estimator), sample and class weights ([`FitWeighted`](estimator::FitWeighted),
//! [`ClassWeight`](estimator::ClassWeight)), a [training loop](train) with validation, early
//! stopping and checkpoints, [data] loading, splitting and scaling, [metrics] for both, and
//! [model selection](model_selection): k-fold and stratified folds, cross-validated scores
//! and a grid search.
//!
//! # Conventions
//! - Rows are samples; shapes are written `(batch, features)`.
//! - Generic over `f32` and `f64` ([`Float`]).
//! - All randomness comes from a generator or seed the caller gives (the examples use
//!   `Xoshiro256PlusPlus`); the same seed trains the same model bit for bit.
//! - Nothing a caller passes makes the library panic: bad shapes, values, labels and settings
//!   are [`Error`]s. The library never prints.
//! - Hot paths allocate nothing per batch: layer buffers live in a [`Workspace`] that is reused.
//!
//! # Cargo features
//! The default build is pure Rust and needs no system library. Optional, off by default:
//!
//! - **`linalg`**: factorizations from LAPACK through [`ndarray-linalg`], linked to the
//!   system OpenBLAS (on Debian/Ubuntu: `apt-get install libopenblas-dev`). It adds
//!   `preprocessing` (`Pca`, and PCA/ZCA `Whitening`), the exact solvers in [`solver`]
//!   (`NewtonLogistic`, `RidgeRegression`, and `Solver::Newton` for
//!   [`BinarySoftmaxClassifier`](classifier::BinarySoftmaxClassifier) and two-class
//!   [`LogisticRegression`](classifier::LogisticRegression)), and
//!   `init::orthogonal`.
//! - **`blas`**: matrix products through ndarray's BLAS backend on the system OpenBLAS (same
//!   install) instead of the pure-Rust `gemm` crate. OpenBLAS picks its own threads
//!   (`OPENBLAS_NUM_THREADS`); `BENCHMARKS.md` compares the two.
//!
//! - **`serde`**: `Serialize`/`Deserialize` for networks, activations, the
//!   classifiers' hyperparameters and fitted models, [`StandardScaler`](data::StandardScaler),
//!   training settings and histories, so a whole fitted classifier can be saved as JSON (see
//!   [`io`]). Networks are saved without this feature too, as safetensors.
//!
//! # How the crate is built
//! The modules in layers, top to bottom. A module may use the modules to its right on its own
//! line and every module on the lines below, never one above or to its left, so the graph has
//! no cycle. `tests/module_graph.rs` reads this picture and every `crate::…` path in `src/`,
//! and fails on an arrow the picture does not allow.
//!
//! ```text
//! estimators   model_selection regressor classifier estimator
//! diagnostics  diagnostics
//! train        train
//! optim/io     optim io
//! nn           network workspace layer init activation
//! objective    loss regularization
//! leaves       data metrics preprocessing solver
//! core         check ops matmul simd float error
//! ```
//!
//! - `core`: the element type, errors, every input check and the shared maths (sigmoid,
//!   softplus, row softmax, argmax), the one private matrix product, and the run-time choice
//!   of vector instructions for elementwise loops.
//! - `leaves` use only `core`: data files and scaling, metrics, PCA, exact solvers (which return
//!   plain arrays; the classifiers turn them into networks).
//! - `objective`: losses and penalties on plain arrays.
//! - `nn`: stateless activations; layers behind one [`Layer`](layer::Layer) trait, each
//!   naming its tensors; the network, which combines them with an objective.
//! - `optim` updates a network's named tensors; `io` maps networks to files and knows nothing
//!   of training; `train` runs epochs, early stopping and checkpoints over all of them.
//! - `estimators`: the fit/predict traits, the classifiers and regressors built on everything
//!   below, and model selection (folds, cross-validation, grid search) written once against
//!   the traits.
//!
//! **Paths.** Each public item has one path. The few types every program names live at the
//! root ([`Error`], [`Result`], [`Float`], [`Activation`], [`Network`], [`NetworkBuilder`],
//! [`Gradients`], [`Workspace`]) and their modules are private; everything else is reached
//! through its public module (`ndnet::layer::Dense`, `ndnet::loss::SoftmaxCrossEntropy`, …),
//! and nothing of those is re-exported at the root.
//!
//! [`ndarray-linalg`]: https://docs.rs/ndarray-linalg

// Nothing a caller passes may make the library panic: no unwrap, expect, panic or unchecked
// indexing outside the unit tests. Where a bound is proven on the spot, an `#[allow]` says so.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

#[cfg(feature = "blas")]
extern crate blas_src;

// core
mod check;
mod error;
mod float;
mod matmul;
mod ops;
mod simd;

// leaves
pub mod data;
pub mod metrics;
#[cfg(feature = "linalg")]
pub mod preprocessing;
pub mod solver;

// objective
pub mod loss;
pub mod regularization;

// nn
mod activation;
pub mod init;
pub mod layer;
mod network;
mod workspace;

pub mod io;
pub mod optim;

pub mod train;

pub mod diagnostics;

// estimators
pub mod classifier;
pub mod estimator;
pub mod model_selection;
pub mod regressor;

pub use activation::Activation;
pub use error::{Error, Result};
pub use float::Float;
pub use network::{Gradients, Network, NetworkBuilder};
pub use workspace::Workspace;

#[cfg(test)]
mod tests;

/// The README's code blocks, compiled and run as doctests so they stay true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
