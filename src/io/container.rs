//! The safetensors container: named tensors and string metadata, read and written with the
//! `safetensors` crate. Nothing here knows what the tensors mean.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use safetensors::tensor::{Dtype, TensorView};
use safetensors::SafeTensors;

use crate::error::{Error, Result};
use crate::float::Float;

/// A tensor to write: name, dtype, shape, little-endian bytes.
pub(crate) struct Owned {
    pub name: String,
    pub dtype: Dtype,
    pub shape: Vec<usize>,
    pub bytes: Vec<u8>,
}

impl Owned {
    /// A float tensor in `F`'s width (`F32` or `F64`).
    pub fn floats<F: Float>(name: String, shape: Vec<usize>, values: &[F]) -> Self {
        let wide = F::NAME == "f64";
        let mut bytes = Vec::with_capacity(values.len() * if wide { 8 } else { 4 });
        for v in values {
            let x = v.to_f64_lossless();
            if wide {
                bytes.extend(x.to_le_bytes());
            } else {
                bytes.extend((x as f32).to_le_bytes());
            }
        }
        let dtype = if wide { Dtype::F64 } else { Dtype::F32 };
        Owned {
            name,
            dtype,
            shape,
            bytes,
        }
    }

    /// An `I64` tensor of whole-number values in `F` (counts such as batch norm's
    /// `num_batches_tracked`, which PyTorch keeps as `int64`).
    pub fn counts<F: Float>(name: String, shape: Vec<usize>, values: &[F]) -> Self {
        let bytes = values
            .iter()
            .flat_map(|v| (v.to_f64_lossless() as i64).to_le_bytes())
            .collect();
        Owned {
            name,
            dtype: Dtype::I64,
            shape,
            bytes,
        }
    }

    /// A 1-D `U64` tensor.
    pub fn u64s(name: String, values: impl ExactSizeIterator<Item = u64>) -> Self {
        let shape = vec![values.len()];
        Owned {
            name,
            dtype: Dtype::U64,
            shape,
            bytes: values.flat_map(u64::to_le_bytes).collect(),
        }
    }
}

/// Serializes tensors and metadata into safetensors bytes.
pub(crate) fn serialize(
    path: &Path,
    format: &'static str,
    tensors: &[Owned],
    metadata: HashMap<String, String>,
) -> Result<Vec<u8>> {
    let mut views = BTreeMap::new();
    for t in tensors {
        let view = TensorView::new(t.dtype, t.shape.clone(), &t.bytes)
            .map_err(|e| invalid(path, format, e))?;
        views.insert(t.name.clone(), view);
    }
    safetensors::serialize(views, Some(metadata)).map_err(|e| invalid(path, format, e))
}

/// An [`Error::InvalidFile`] for `path` read as `format`.
pub(crate) fn invalid(path: &Path, format: &'static str, message: impl ToString) -> Error {
    Error::InvalidFile {
        path: path.to_path_buf(),
        format,
        message: message.to_string(),
    }
}

/// A safetensors file that was read: its tensors and metadata, and the name and format to
/// blame in errors.
pub(crate) struct Container<'b> {
    tensors: SafeTensors<'b>,
    metadata: HashMap<String, String>,
    path: PathBuf,
    format: &'static str,
}

impl<'b> Container<'b> {
    /// Parses `bytes`, read from `path`, as a safetensors file of the given `format`.
    ///
    /// # Errors
    /// [`Error::InvalidFile`] if the header claims sizes or offsets the bytes do not hold, or
    /// the `safetensors` crate refuses the file.
    pub fn parse(path: &Path, bytes: &'b [u8], format: &'static str) -> Result<Self> {
        super::header::check(path, bytes, format)?;
        let tensors = SafeTensors::deserialize(bytes).map_err(|e| invalid(path, format, e))?;
        let (_, meta) = SafeTensors::read_metadata(bytes).map_err(|e| invalid(path, format, e))?;
        Ok(Container {
            tensors,
            metadata: meta.metadata().clone().unwrap_or_default(),
            path: path.to_path_buf(),
            format,
        })
    }

    /// An [`Error::InvalidFile`] about this file.
    pub fn invalid(&self, message: impl ToString) -> Error {
        invalid(&self.path, self.format, message)
    }

    /// The metadata entry `key`, if present.
    pub fn metadata(&self, key: &str) -> Option<&str> {
        self.metadata.get(key).map(String::as_str)
    }

    /// The metadata entry `key`, which must be present.
    pub fn required_metadata(&self, key: &str) -> Result<&str> {
        self.metadata(key)
            .ok_or_else(|| self.invalid(format!("no `{key}` entry in the metadata")))
    }

    /// Number of tensors in the file.
    pub fn len(&self) -> usize {
        self.tensors.len()
    }

    /// The elements of all tensors together (bounded by the file's size: the header was
    /// checked against it).
    pub fn elements(&self) -> usize {
        self.tensors
            .iter()
            .map(|(_, t)| t.shape().iter().product::<usize>())
            .sum()
    }

    /// The tensors' names, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.tensors.names().into_iter().map(String::from).collect();
        names.sort();
        names
    }

    /// Whether a tensor called `name` exists.
    pub fn contains(&self, name: &str) -> bool {
        self.tensors.tensor(name).is_ok()
    }

    /// The length of the 1-D tensor `name`.
    pub fn vector_len(&self, name: &str) -> Result<usize> {
        let t = self
            .tensors
            .tensor(name)
            .map_err(|_| self.invalid(format!("tensor `{name}` is missing")))?;
        match t.shape() {
            &[len] => Ok(len),
            other => Err(self.invalid(format!("tensor `{name}` has shape {other:?}, not 1-D"))),
        }
    }

    /// Tensor `name` as `F` values, which must have the given shape.
    ///
    /// # Errors
    /// [`Error::InvalidFile`] for a missing or wrongly shaped tensor or another element type
    /// than `F32`/`F64`/`I64`; [`Error::Incompatible`] for an `F64` tensor read as `f32`.
    pub fn floats<F: Float>(&self, name: &str, shape: &[usize]) -> Result<Vec<F>> {
        let t = self
            .tensors
            .tensor(name)
            .map_err(|_| self.invalid(format!("tensor `{name}` is missing")))?;
        if t.shape() != shape {
            return Err(self.invalid(format!(
                "tensor `{name}` has shape {:?}, the architecture needs {shape:?}",
                t.shape()
            )));
        }
        let data = t.data();
        match t.dtype() {
            Dtype::F32 => Ok(data
                .chunks_exact(4)
                .filter_map(|c| c.first_chunk::<4>().copied())
                .map(|c| F::from_f64_lossy(f64::from(f32::from_le_bytes(c))))
                .collect()),
            Dtype::F64 if F::NAME == "f64" => Ok(data
                .chunks_exact(8)
                .map(|c| {
                    let mut b = [0u8; 8];
                    b.copy_from_slice(c);
                    F::from_f64_lossy(f64::from_le_bytes(b))
                })
                .collect()),
            Dtype::F64 => Err(Error::Incompatible {
                path: self.path.clone(),
                message: format!(
                    "tensor `{name}` is F64; load the file as f64, not {}",
                    F::NAME
                ),
            }),
            // Counts (`num_batches_tracked`), as PyTorch writes them.
            Dtype::I64 => Ok(data
                .chunks_exact(8)
                .map(|c| {
                    let mut b = [0u8; 8];
                    b.copy_from_slice(c);
                    F::from_f64_lossy(i64::from_le_bytes(b) as f64)
                })
                .collect()),
            other => Err(self.invalid(format!(
                "tensor `{name}` has element type {other:?}; F32, F64 or (for counts) I64 needed"
            ))),
        }
    }

    /// The 1-D `U64` tensor `name`.
    pub fn u64s(&self, name: &str) -> Result<Vec<u64>> {
        let t = self
            .tensors
            .tensor(name)
            .map_err(|_| self.invalid(format!("tensor `{name}` is missing")))?;
        if t.dtype() != Dtype::U64 || t.shape().len() != 1 {
            return Err(self.invalid(format!("tensor `{name}` must be 1-D U64")));
        }
        Ok(t.data()
            .chunks_exact(8)
            .map(|c| {
                let mut b = [0u8; 8];
                b.copy_from_slice(c);
                u64::from_le_bytes(b)
            })
            .collect())
    }
}
