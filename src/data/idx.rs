//! Reading IDX files, the format of MNIST, gzip-compressed or not.
//!
//! An IDX file is a big-endian header, `0x00 0x00 <type> <ndim>` then `ndim` 32-bit sizes,
//! followed by the values in row-major order. MNIST uses unsigned bytes (type `0x08`): images
//! are `0x00000803` (count, rows, cols), labels `0x00000801` (count). A file that starts with
//! gzip's magic bytes `1f 8b` is decompressed first, so the `.gz` files from the MNIST page are
//! read as they are.

use std::io::Read;
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;
use ndarray::{Array1, Array2};

use super::Dataset;
use crate::error::{Error, Result};
use crate::float::Float;

/// The four MNIST file names, as published: `(train images, train labels, test images, test
/// labels)`. [`read_mnist`] looks for each with `.gz` appended, then without.
pub const MNIST_FILES: [&str; 4] = [
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
];

/// Reads an IDX image file (magic `0x00000803`): one row per image, `rows·cols` pixels
/// row-major, scaled from `0..=255` to `[0, 1]`.
///
/// # Errors
/// [`Error::Io`] if the file cannot be read; [`Error::InvalidFile`] naming the file and the
/// fault for a corrupt gzip stream, a wrong magic number or value type, a zero dimension, or a
/// pixel count that differs from the header's (truncated or overlong file).
pub fn read_idx_images<F: Float>(path: impl AsRef<Path>) -> Result<Array2<F>> {
    let path = path.as_ref();
    let bytes = read_maybe_gzip(path)?;
    let (dims, data) = parse(path, &bytes, 3, "images")?;
    let (count, pixels) = (dims[0], dims[1] * dims[2]);
    // `b / 255` correctly rounded to `F`, as numpy's `pixels / 255` then `astype`.
    let table: Vec<F> = (0..=255u8)
        .map(|b| F::from_f64_lossy(f64::from(b) / 255.0))
        .collect();
    let values = data.iter().map(|&b| table[usize::from(b)]);
    Array2::from_shape_vec((count, pixels), values.collect()).map_err(|e| invalid(path, e))
}

/// Reads an IDX label file (magic `0x00000801`): one class id (`0..=255`) per sample.
///
/// # Errors
/// As [`read_idx_images`].
pub fn read_idx_labels(path: impl AsRef<Path>) -> Result<Array1<usize>> {
    let path = path.as_ref();
    let bytes = read_maybe_gzip(path)?;
    let (_, data) = parse(path, &bytes, 1, "labels")?;
    Ok(data.iter().map(|&b| usize::from(b)).collect())
}

/// Reads an image file and its label file into a [`Dataset`] (features named `pixel_<i>`).
///
/// # Errors
/// As [`read_idx_images`], and [`Error::InvalidFile`] if the two files hold different
/// numbers of samples.
pub fn read_idx<F: Float>(
    images: impl AsRef<Path>,
    labels: impl AsRef<Path>,
) -> Result<Dataset<F>> {
    let x = read_idx_images(images.as_ref())?;
    let y = read_idx_labels(labels.as_ref())?;
    if x.nrows() != y.len() {
        return Err(invalid(
            labels.as_ref(),
            format!(
                "{} labels, but {} holds {} images",
                y.len(),
                images.as_ref().display(),
                x.nrows()
            ),
        ));
    }
    let names = (0..x.ncols()).map(|i| format!("pixel_{i}")).collect();
    Dataset::new(x, y, names)
}

/// Reads MNIST's four files from `dir` and returns `(train, test)`: 60,000 and 10,000 images
/// of 784 pixels in `[0, 1]`, labels `0..=9`. Each file is looked for as
/// `<name>.gz`, then `<name>` (names in [`MNIST_FILES`]).
///
/// ```no_run
/// let (train, test) = ndnet::data::read_mnist::<f32>("data/mnist")?;
/// assert_eq!((train.n_samples(), test.n_samples()), (60_000, 10_000));
/// # Ok::<(), ndnet::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`] naming the `.gz` path if neither form of a file exists; otherwise as
/// [`read_idx`].
pub fn read_mnist<F: Float>(dir: impl AsRef<Path>) -> Result<(Dataset<F>, Dataset<F>)> {
    let paths = mnist_paths(dir.as_ref())?;
    let train = read_idx(&paths[0], &paths[1])?;
    let test = read_idx(&paths[2], &paths[3])?;
    Ok((train, test))
}

/// The paths of the four MNIST files in `dir` (`.gz` preferred), or the first missing one.
fn mnist_paths(dir: &Path) -> Result<[PathBuf; 4]> {
    let find = |name: &str| {
        let gz = dir.join(format!("{name}.gz"));
        let plain = dir.join(name);
        if gz.is_file() {
            Ok(gz)
        } else if plain.is_file() {
            Ok(plain)
        } else {
            Err(Error::Io {
                path: gz,
                source: std::io::ErrorKind::NotFound.into(),
            })
        }
    };
    Ok([
        find(MNIST_FILES[0])?,
        find(MNIST_FILES[1])?,
        find(MNIST_FILES[2])?,
        find(MNIST_FILES[3])?,
    ])
}

fn invalid(path: &Path, message: impl ToString) -> Error {
    Error::InvalidFile {
        path: path.to_path_buf(),
        format: "IDX",
        message: message.to_string(),
    }
}

/// The file's bytes, decompressed if they start with gzip's magic number.
fn read_maybe_gzip(path: &Path) -> Result<Vec<u8>> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let raw = std::fs::read(path).map_err(io)?;
    if !raw.starts_with(&[0x1f, 0x8b]) {
        return Ok(raw);
    }
    let mut out = Vec::with_capacity(raw.len().saturating_mul(4));
    GzDecoder::new(raw.as_slice())
        .read_to_end(&mut out)
        .map_err(|e| invalid(path, format!("corrupt or truncated gzip stream ({e})")))?;
    Ok(out)
}

/// Checks the header of an unsigned-byte IDX file of `ndim` dimensions and returns its
/// dimensions and its values (exactly as many as the dimensions say).
fn parse<'b>(
    path: &Path,
    bytes: &'b [u8],
    ndim: usize,
    kind: &str,
) -> Result<(Vec<usize>, &'b [u8])> {
    let header = 4 + 4 * ndim;
    if bytes.len() < 4 {
        return Err(invalid(
            path,
            format!("{} bytes, too short for a header", bytes.len()),
        ));
    }
    let magic = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    let expected = 0x0800 | ndim as u32;
    if magic != expected {
        return Err(invalid(
            path,
            format!(
                "magic number {magic:#010x}, expected {expected:#010x} (unsigned-byte {kind}, \
                 {ndim} dimension{})",
                if ndim == 1 { "" } else { "s" }
            ),
        ));
    }
    if bytes.len() < header {
        return Err(invalid(
            path,
            format!("truncated header: {} bytes, {header} needed", bytes.len()),
        ));
    }
    let dims: Vec<usize> = bytes[4..header]
        .chunks_exact(4)
        .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as usize)
        .collect();
    if let Some(i) = dims.iter().skip(1).position(|&d| d == 0) {
        return Err(invalid(path, format!("dimension {} is 0", i + 1)));
    }
    let expected_len = dims
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .ok_or_else(|| invalid(path, format!("dimensions {dims:?} overflow")))?;
    let data = &bytes[header..];
    if data.len() != expected_len {
        let what = if data.len() < expected_len {
            "truncated"
        } else {
            "trailing bytes"
        };
        return Err(invalid(
            path,
            format!(
                "{what}: the header {dims:?} needs {expected_len} value bytes, the file has {}",
                data.len()
            ),
        ));
    }
    Ok((dims, data))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(magic: u32, dims: &[u32]) -> Vec<u8> {
        let mut v = magic.to_be_bytes().to_vec();
        for d in dims {
            v.extend(d.to_be_bytes());
        }
        v
    }

    #[test]
    fn parses_and_rejects() {
        let p = Path::new("x.idx");
        let mut ok = header(0x0803, &[2, 1, 2]);
        ok.extend([0, 255, 51, 102]);
        let (dims, data) = parse(p, &ok, 3, "images").unwrap();
        assert_eq!((dims, data), (vec![2, 1, 2], &[0u8, 255, 51, 102][..]));

        let message = |bytes: &[u8], ndim| match parse(p, bytes, ndim, "images") {
            Err(Error::InvalidFile { message, .. }) => message,
            other => panic!("expected InvalidFile, got {other:?}"),
        };
        assert!(message(&ok[..ok.len() - 1], 3).starts_with("truncated: "));
        assert!(message(&[ok.as_slice(), &[7]].concat(), 3).starts_with("trailing bytes"));
        assert!(message(&ok, 1).starts_with("magic number 0x00000803, expected 0x00000801"));
        assert!(message(&ok[..9], 3).starts_with("truncated header"));
        assert!(message(&[0, 0], 3).contains("too short"));
        assert!(message(&header(0x0803, &[2, 0, 2]), 3).contains("dimension 1 is 0"));
        // A zero count is a valid, empty file.
        assert!(parse(p, &header(0x0801, &[0]), 1, "labels").is_ok());
    }
}
