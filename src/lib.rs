//! ndnet (crate docs are written in full once the core lands).

pub mod error;
pub mod float;

pub use error::{Error, Result};
pub use float::Float;
