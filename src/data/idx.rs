//! Reading IDX files, the format of MNIST, gzip-compressed or not.
//!
//! An IDX file is a big-endian header, `0x00 0x00 <type> <ndim>` then `ndim` 32-bit sizes,
//! followed by the values in row-major order. MNIST uses unsigned bytes (type `0x08`): images
//! are `0x00000803` (count, rows, cols), labels `0x00000801` (count). A file that starts with
//! gzip's magic bytes `1f 8b` is decompressed first, so the `.gz` files from the MNIST page are
//! read as they are.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
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
    let (dims, data) = read_values(path, 3, "images")?;
    let &[count, rows, cols] = dims.as_slice() else {
        return Err(invalid(
            path,
            format!("{} dimensions, 3 expected", dims.len()),
        ));
    };
    // 0 images of 2^17 x 2^24 pixels hold no values but would name 2^41 columns.
    let pixels = crate::check::elements("IDX image", &[rows, cols]).map_err(|_| {
        invalid(
            path,
            format!("images of {rows} x {cols} pixels are too large"),
        )
    })?;
    // `b / 255` correctly rounded to `F`, as numpy's `pixels / 255` then `astype`.
    let table: Vec<F> = (0..=255u8)
        .map(|b| F::from_f64_lossy(f64::from(b) / 255.0))
        .collect();
    let values = data
        .iter()
        .map(|&b| table.get(usize::from(b)).copied().unwrap_or_else(F::zero));
    Array2::from_shape_vec((count, pixels), values.collect()).map_err(|e| invalid(path, e))
}

/// Reads an IDX label file (magic `0x00000801`): one class id (`0..=255`) per sample.
///
/// # Errors
/// As [`read_idx_images`].
pub fn read_idx_labels(path: impl AsRef<Path>) -> Result<Array1<usize>> {
    let path = path.as_ref();
    let (_, data) = read_values(path, 1, "labels")?;
    Ok(data.iter().map(|&b| usize::from(b)).collect())
}

/// Reads an image file and its label file into a [`Dataset`] (features named `pixel_<i>`).
///
/// # Errors
/// As [`read_idx_images`], and [`Error::InvalidFile`] if the images file holds no image or
/// the two files hold different numbers of samples.
pub fn read_idx<F: Float>(
    images: impl AsRef<Path>,
    labels: impl AsRef<Path>,
) -> Result<Dataset<F>> {
    let x = read_idx_images(images.as_ref())?;
    if x.nrows() == 0 {
        // Also keeps a 16-byte header that claims huge images from costing a name per pixel.
        return Err(invalid(
            images.as_ref(),
            "the header says 0 images: no data",
        ));
    }
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

/// The dimensions and values of the unsigned-byte IDX file at `path`, decompressed on the way
/// if it starts with gzip's magic number.
fn read_values(path: &Path, ndim: usize, kind: &str) -> Result<(Vec<usize>, Vec<u8>)> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut reader = BufReader::new(File::open(path).map_err(io)?);
    let gzip = reader.fill_buf().map_err(io)?.starts_with(&[0x1f, 0x8b]);
    match gzip {
        true => parse(path, GzDecoder::new(reader), ndim, kind, true),
        false => parse(path, reader, ndim, kind, false),
    }
}

/// Reads the header of an unsigned-byte IDX stream of `ndim` dimensions, checks it, then reads
/// exactly the values it announces: never more than one byte beyond them, so neither a header
/// that claims more than the file holds nor a stream that inflates far beyond its header
/// costs more memory than the values actually present.
fn parse(
    path: &Path,
    mut stream: impl Read,
    ndim: usize,
    kind: &str,
    gzip: bool,
) -> Result<(Vec<usize>, Vec<u8>)> {
    let failed = |e: std::io::Error| match gzip {
        true => invalid(path, format!("corrupt or truncated gzip stream ({e})")),
        false => Error::Io {
            path: path.to_path_buf(),
            source: e,
        },
    };
    let header_len = 4 + 4 * ndim;
    let mut header = Vec::with_capacity(header_len);
    (&mut stream)
        .take(header_len as u64)
        .read_to_end(&mut header)
        .map_err(failed)?;
    let (dims, expected_len) = check_header(path, &header, ndim, kind)?;
    let mut data = Vec::new();
    (&mut stream)
        .take(expected_len as u64 + 1)
        .read_to_end(&mut data)
        .map_err(failed)?;
    if data.len() != expected_len {
        let (what, found) = match data.len() < expected_len {
            true => ("truncated", data.len().to_string()),
            false => ("trailing bytes", "more".to_string()),
        };
        return Err(invalid(
            path,
            format!("{what}: the header {dims:?} needs {expected_len} value bytes, the file has {found}"),
        ));
    }
    Ok((dims, data))
}

/// Checks an IDX header of `ndim` dimensions (as many bytes of it as there are) and returns
/// the dimensions and the number of value bytes they announce.
fn check_header(path: &Path, bytes: &[u8], ndim: usize, kind: &str) -> Result<(Vec<usize>, usize)> {
    let Some(magic) = bytes.first_chunk::<4>().copied().map(u32::from_be_bytes) else {
        return Err(invalid(
            path,
            format!("{} bytes, too short for a header", bytes.len()),
        ));
    };
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
    let header = 4 + 4 * ndim;
    let Some(sizes) = bytes.get(4..header) else {
        return Err(invalid(
            path,
            format!("truncated header: {} bytes, {header} needed", bytes.len()),
        ));
    };
    let dims: Vec<usize> = sizes
        .chunks_exact(4)
        .filter_map(|c| c.first_chunk::<4>().copied())
        .map(|c| u32::from_be_bytes(c) as usize)
        .collect();
    if let Some(i) = dims.iter().skip(1).position(|&d| d == 0) {
        return Err(invalid(path, format!("dimension {} is 0", i + 1)));
    }
    let expected_len = dims
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .ok_or_else(|| invalid(path, format!("dimensions {dims:?} overflow")))?;
    Ok((dims, expected_len))
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
        let (dims, data) = parse(p, &ok[..], 3, "images", false).unwrap();
        assert_eq!((dims, data), (vec![2, 1, 2], vec![0u8, 255, 51, 102]));

        let message = |bytes: &[u8], ndim| match parse(p, bytes, ndim, "images", false) {
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
        assert!(parse(p, &header(0x0801, &[0])[..], 1, "labels", false).is_ok());
    }

    /// A stream that inflates without end: only what the header announces, plus one byte, is
    /// ever read from it.
    #[test]
    fn huge_images_of_an_empty_file_are_refused() {
        let dir = std::env::temp_dir().join(format!("ndnet-idx-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("images");
        std::fs::write(&path, header(0x0803, &[0, 131_074, 16_724_582])).unwrap();
        let r = read_idx_images::<f32>(&path);
        assert!(
            matches!(r, Err(Error::InvalidFile { ref message, .. }) if message.contains("too large"))
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn reads_no_more_than_the_header_announces() {
        struct Endless(usize);
        impl Read for Endless {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                self.0 += buf.len();
                buf.fill(0);
                Ok(buf.len())
            }
        }
        let mut counted = Endless(0);
        let labels = header(0x0801, &[10]);
        let stream = labels.as_slice().chain(&mut counted);
        let r = parse(Path::new("x"), stream, 1, "labels", true);
        assert!(
            matches!(r, Err(Error::InvalidFile { ref message, .. }) if message.starts_with("trailing bytes"))
        );
        assert!(counted.0 < 1 << 16, "read {} bytes", counted.0);
        // A header that claims 2^32 − 1 images of 784 pixels over a short stream allocates
        // about what the stream holds.
        let mut huge = header(0x0803, &[u32::MAX, 28, 28]);
        huge.extend([0u8; 100]);
        let r = parse(Path::new("x"), &huge[..], 3, "images", false);
        assert!(
            matches!(r, Err(Error::InvalidFile { ref message, .. }) if message.starts_with("truncated"))
        );
    }
}
