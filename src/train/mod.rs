//! The training loop: mini-batch SGD over epochs, with validation, history and early stopping.
//!
//! Each epoch visits every training sample exactly once, in an order shuffled from the seed
//! (the last, partial batch is used, not dropped). Batches are gathered into buffers that are
//! reused for the whole run, so the dataset is never copied per epoch. The same seed, data and
//! settings train the same weights bit for bit.
//!
//! ```
//! use ndarray::array;
//! use ndnet::loss::BinaryCrossEntropy;
//! use ndnet::optim::Sgd;
//! use ndnet::regularization::L2;
//! use ndnet::train::Trainer;
//! use ndnet::{Activation, Network};
//! use rand::SeedableRng;
//!
//! let x = array![[0.0f64, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
//! let y = array![0usize, 0, 0, 1];                                 // logical AND
//! let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(1);
//! let mut net = Network::builder(2).dense(1, Activation::Identity).build(&mut rng)?;
//! let mut sgd = Sgd::builder().learning_rate(0.5).build()?;
//! let history = Trainer::new()
//!     .epochs(200)
//!     .batch_size(4)
//!     .seed(7)
//!     .fit(&mut net, &mut sgd, &BinaryCrossEntropy, &L2::new(0.0), x.view(), y.view())?;
//! assert_eq!(history.epochs().len(), 200);
//! let logits = net.forward(x.view())?;
//! assert!(logits[[3, 0]] > 0.0 && logits[[2, 0]] < 0.0);
//! # Ok::<(), ndnet::Error>(())
//! ```

mod batches;
mod checkpoint;
mod early_stopping;
mod history;
mod trainer;

pub use checkpoint::Checkpoint;
pub use early_stopping::EarlyStopping;
pub use history::{EpochRecord, History};
pub use trainer::{BatchProgress, Trainer};
