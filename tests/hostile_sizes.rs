//! A file whose header claims huge sizes is refused before anything allocates them: the peak
//! of the bytes live on the loading thread stays within a small multiple of the file's real
//! size. Measured with a counting global allocator (this test binary's own).
//!
//! The allocator counts per thread, so tests running side by side do not disturb each other.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;
use ndnet::data::{read_idx, read_idx_images, read_idx_labels};
use ndnet::io::load_safetensors;
use ndnet::train::Checkpoint;
use ndnet::Error;

struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn grow(bytes: usize) {
    // `try_with`: the allocator also runs while thread-locals are torn down.
    let _ = LIVE.try_with(|live| {
        live.set(live.get() + bytes as isize);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(live.get())));
    });
}

fn shrink(bytes: usize) {
    let _ = LIVE.try_with(|live| live.set(live.get() - bytes as isize));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrink(layout.size());
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Counted as the new block arriving before the old one leaves, as a moving realloc does.
        grow(new_size);
        shrink(layout.size());
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// What `f` returns, and the most bytes live on this thread at once while it ran, above what
/// was live when it started.
fn peak_during<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let start = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(start));
    let out = f();
    (out, (PEAK.with(Cell::get) - start).max(0) as usize)
}

/// The bound every load below must keep: 256 KiB of bookkeeping (a gzip decoder's window and
/// tables take about 80 KiB), plus 16 bytes for each byte of the file (its bytes read whole,
/// values widened to `f64`, a buffer doubling once).
fn allowed(path: &Path) -> usize {
    let len = std::fs::metadata(path).unwrap().len() as usize;
    (256 << 10) + 16 * len
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

fn idx_header(magic: u32, dims: &[u32]) -> Vec<u8> {
    let mut bytes = magic.to_be_bytes().to_vec();
    for d in dims {
        bytes.extend(d.to_be_bytes());
    }
    bytes
}

/// Asserts `load` fails with `InvalidFile` naming `path`, within [`allowed`] bytes.
fn refused_within_bound<T: std::fmt::Debug>(path: &Path, load: impl FnOnce() -> ndnet::Result<T>) {
    let (result, peak) = peak_during(load);
    match result {
        Err(Error::InvalidFile { path: p, .. }) => assert_eq!(p, path),
        other => panic!("{}: expected InvalidFile, got {other:?}", path.display()),
    }
    let bound = allowed(path);
    assert!(
        peak <= bound,
        "{}: {peak} bytes live at the peak, more than {bound}",
        path.display()
    );
}

#[test]
fn the_counter_sees_an_allocation_that_a_loader_would_make() {
    // The measurement itself can fail: a loader that allocated what a header claims would.
    let (v, peak) = peak_during(|| vec![0u8; 10 << 20]);
    assert!(peak >= 10 << 20, "{peak}");
    drop(v);
}

#[test]
fn idx_headers_claiming_billions_of_values_are_refused_within_the_files_size() {
    let dir = tempfile::tempdir().unwrap();
    let images = idx_header(0x0803, &[u32::MAX, 28, 28]);
    let mut some_images = idx_header(0x0803, &[60_000, 28, 28]);
    some_images.resize(some_images.len() + 10 * 784, 7);
    let labels = idx_header(0x0801, &[u32::MAX]);
    let mut some_labels = idx_header(0x0801, &[60_000]);
    some_labels.resize(some_labels.len() + 10, 1);
    let files = [
        write(dir.path(), "images", &images),
        write(dir.path(), "images.gz", &gzip(&images)),
        write(dir.path(), "truncated-images.gz", &gzip(&some_images)),
        write(dir.path(), "labels", &labels),
        write(dir.path(), "labels.gz", &gzip(&labels)),
        write(dir.path(), "truncated-labels", &some_labels),
    ];
    for path in &files[..3] {
        refused_within_bound(path, || read_idx_images::<f64>(path));
    }
    for path in &files[3..] {
        refused_within_bound(path, || read_idx_labels(path));
    }
    refused_within_bound(&files[0], || read_idx::<f32>(&files[0], &files[3]));
    // No images of 2^20 × 2 pixels: nothing to read, and no 2 million pixel names either
    // (found by the idx fuzz target, which timed out naming them).
    let none = write(dir.path(), "none", &idx_header(0x0803, &[0, 1 << 20, 2]));
    let labels = write(dir.path(), "no-labels", &idx_header(0x0801, &[0]));
    refused_within_bound(&none, || read_idx::<f32>(&none, &labels));
}

#[test]
fn a_gzip_stream_inflating_far_beyond_its_header_costs_only_what_the_header_announces() {
    // 10 labels, then 256 MiB of zeros: about 256 KiB compressed.
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    let mut header = idx_header(0x0801, &[10]);
    header.resize(header.len() + 10, 3);
    gz.write_all(&header).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..256 {
        gz.write_all(&zeros).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bomb.gz", &gz.finish().unwrap());
    refused_within_bound(&path, || read_idx_labels(&path));
}

/// A safetensors file: the 8-byte header length, the header, then `data` zero bytes.
fn safetensors_bytes(header: &str, data: usize) -> Vec<u8> {
    let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
    bytes.extend(header.as_bytes());
    bytes.resize(bytes.len() + data, 0);
    bytes
}

/// A network file whose architecture is `layers` (JSON records) on `inputs` columns, holding
/// only a 2×2 `0.weight` and a 2-element `0.bias`.
fn network_claiming(inputs: usize, layers: &str) -> Vec<u8> {
    let architecture = format!(r#"{{"version": 2, "inputs": {inputs}, "layers": [{layers}]}}"#)
        .replace('"', "\\\"");
    let header = format!(
        r#"{{"__metadata__":{{"format":"pt","ndnet.architecture":"{architecture}"}},"0.bias":{{"dtype":"F32","shape":[2],"data_offsets":[0,8]}},"0.weight":{{"dtype":"F32","shape":[2,2],"data_offsets":[8,24]}}}}"#
    );
    safetensors_bytes(&header, 24)
}

#[test]
fn a_network_file_claiming_layers_its_tensors_do_not_hold_is_refused_before_building_them() {
    let dir = tempfile::tempdir().unwrap();
    let dense = |units: usize| {
        format!(r#"{{"kind": "dense", "module": 0, "units": {units}, "activation": "relu"}}"#)
    };
    let claims = [
        // The loadable 2-2 network, as a check that the file itself is well made.
        (2, dense(2)),
        // 2^15 × 2^15 weights: 4 GiB in f32, 8 GiB in f64, within the element cap.
        (1 << 15, dense(1 << 15)),
        (1 << 28, dense(2)),
        (
            1 << 28,
            r#"{"kind": "batch_norm", "module": 0, "eps": 1e-5, "momentum": 0.1}"#.into(),
        ),
        (
            1 << 28,
            r#"{"kind": "dice", "module": 0, "epsilon": 1e-8, "momentum": 0.01}"#.into(),
        ),
        (
            1 << 28,
            r#"{"kind": "prelu", "module": 0, "shared": false}"#.into(),
        ),
    ];
    for (i, (inputs, layer)) in claims.iter().enumerate() {
        let path = write(
            dir.path(),
            &format!("claim{i}.safetensors"),
            &network_claiming(*inputs, layer),
        );
        if i == 0 {
            let (net, peak) = peak_during(|| load_safetensors::<f64>(&path));
            assert_eq!(net.unwrap().inputs(), 2);
            assert!(peak <= allowed(&path), "{peak}");
            continue;
        }
        refused_within_bound(&path, || load_safetensors::<f64>(&path));
        refused_within_bound(&path, || load_safetensors::<f32>(&path));
        refused_within_bound(&path, || Checkpoint::<f64>::load(&path));
    }
}

#[test]
fn a_safetensors_header_claiming_huge_lengths_is_refused_within_the_files_size() {
    let dir = tempfile::tempdir().unwrap();
    let mut huge_length = (u64::MAX - 7).to_le_bytes().to_vec();
    huge_length.extend(b"{}");
    let huge_shape = safetensors_bytes(
        r#"{"0.weight":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}}"#,
        0,
    );
    let huge_order = safetensors_bytes(
        r#"{"order":{"dtype":"U64","shape":[1099511627776],"data_offsets":[0,8796093022208]}}"#,
        64,
    );
    for (name, bytes) in [
        ("length", huge_length),
        ("shape", huge_shape),
        ("order", huge_order),
    ] {
        let path = write(dir.path(), name, &bytes);
        refused_within_bound(&path, || load_safetensors::<f32>(&path));
        refused_within_bound(&path, || Checkpoint::<f32>::load(&path));
    }
}
