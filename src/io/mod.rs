//! Saving and loading: trained networks as safetensors, training checkpoints.
//!
//! - [`save_safetensors`] / [`load_safetensors`]: a [`Network`](crate::Network) in the
//!   [safetensors](https://github.com/huggingface/safetensors) format with PyTorch's names, so
//!   the file loads into a `torch.nn.Sequential` of `nn.Linear` layers and back. See
//!   [`safetensors`](self::save_safetensors) for the layout.
//! - [`Checkpoint`]: everything a [`Trainer`](crate::train::Trainer) needs to resume a run
//!   bit for bit (weights, optimizer velocities, generator state, epoch, history).
//! - With the `serde` feature, the fitted classifiers, [`StandardScaler`](crate::data::StandardScaler),
//!   hyperparameters, networks and histories implement `Serialize`/`Deserialize` (e.g. JSON
//!   with `serde_json`).
//!
//! Every save is atomic: the bytes go to a temporary file beside the target, which is flushed
//! to disk and then renamed over the target, so an interrupted save never leaves a partial
//! file under the target's name. Loading checks everything (format, names, shapes, element
//! types, activation names) and reports a fault as [`Error::InvalidFile`] or
//! [`Error::Incompatible`], never a panic.

mod activation;
pub(crate) mod checkpoint;
#[cfg(feature = "serde")]
mod serde_impls;
mod tensors;

pub use self::activation::{activation_from_spec, activation_spec};
pub use self::checkpoint::Checkpoint;
pub use self::tensors::{load_safetensors, save_safetensors};

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, flushed and
/// synced, then renamed over `path`. On failure the temporary file is removed.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| Error::Io { path: p, source }
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.tmp-{}-{n}", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&tmp).map_err(io(&tmp))?;
        file.write_all(bytes).map_err(io(&tmp))?;
        file.flush().map_err(io(&tmp))?;
        file.sync_all().map_err(io(&tmp))?;
        std::fs::rename(&tmp, path).map_err(io(path))
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
        return written;
    }
    // Make the rename itself durable where the platform allows it; failing that is harmless.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Reads a whole file, naming it in the error.
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}
