//! ndnet (crate docs are written in full once the core lands).

pub mod activation;
pub mod data;
pub mod dense;
pub mod error;
pub mod float;
pub mod init;
pub mod loss;
mod matmul;
pub mod metrics;
pub mod network;
pub mod optim;
pub mod regularization;
pub mod workspace;

pub use activation::Activation;
pub use dense::{Dense, DenseGradients};
pub use error::{Error, Result};
pub use float::Float;
pub use init::Init;
pub use network::{Gradients, Network, NetworkBuilder};
pub use workspace::Workspace;

#[doc(hidden)]
pub use matmul::in_matrix_backend;
