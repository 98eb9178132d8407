//! Saving and loading networks: file formats only.
//!
//! - [`save_safetensors`] / [`load_safetensors`]: a [`Network`](crate::Network) in the
//!   [safetensors](https://github.com/huggingface/safetensors) format with PyTorch's names, so
//!   the file loads into a `torch.nn.Sequential` and back. See [`save_safetensors`] for the
//!   layout.
//! - Training checkpoints are a [`train`](crate::train) matter
//!   ([`Checkpoint`](crate::train::Checkpoint)); they use the same container and names.
//! - With the `serde` feature, networks, the fitted classifiers,
//!   [`StandardScaler`](crate::data::StandardScaler), hyperparameters and histories implement
//!   `Serialize`/`Deserialize` (e.g. JSON with `serde_json`).
//!
//! Every save is atomic: the bytes go to a temporary file beside the target, which is flushed
//! to disk and then renamed over the target, so an interrupted save never leaves a partial
//! file under the target's name. Loading checks everything (format, names, shapes, element
//! types, layer kinds and settings) and reports a fault as
//! [`Error::InvalidFile`](crate::Error::InvalidFile) or
//! [`Error::Incompatible`](crate::Error::Incompatible), never a panic.

mod atomic;
mod container;
mod header;
mod legacy;
mod network;
mod safetensors;
#[cfg(feature = "serde")]
mod serde_impls;

pub use self::safetensors::{load_safetensors, save_safetensors};

pub(crate) use self::atomic::{read_file, write_atomically};
pub(crate) use self::container::{invalid, serialize, Container, Owned};
pub(crate) use self::legacy::parameter_names as legacy_parameter_names;
pub(crate) use self::network::{decode as decode_network, encode as encode_network};
pub(crate) use self::safetensors::ARCHITECTURE_KEY;
