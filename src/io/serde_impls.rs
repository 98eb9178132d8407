//! serde support (feature `serde`).
