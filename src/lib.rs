//! ndnet (crate docs are written in full once the core lands).

pub mod data;
// Temporary, for `cargo clippy -- -D warnings` on this branch: `error.rs` and `float.rs` are
// frozen, `check_positive`/`check_non_negative` have no caller until the layers land, and
// `check_finite` writes `sum = sum + ...` (clippy::assign_op_pattern). Remove when fixed there.
#[allow(dead_code)]
pub mod error;
#[allow(clippy::assign_op_pattern)]
pub mod float;
pub mod metrics;

pub use error::{Error, Result};
pub use float::Float;
