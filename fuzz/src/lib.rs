//! The fuzz targets' logic, one function per target, shared by the libFuzzer entry points
//! (`fuzz_targets/*.rs`, nightly) and the `replay` binary (any toolchain).
//!
//! Every function takes the raw fuzz input and returns whether ndnet accepted it (loaded it
//! without an error), which `replay` reports and `make_seeds` requires of every seed. Most of ndnet's loaders take a path, so the input
//! is written to a scratch file first (one directory per process, reused every iteration).
//! Any `Err` from ndnet is fine; a panic, an abort, running out of memory or time is a
//! finding. After a successful load each target also *uses* the value a little (a forward
//! pass, a transform, a training step, a save and reload), because a loader that skips a
//! constructor's check typically returns `Ok` and lets the first use panic.
//!
//! The work done with a loaded value is capped (`MAX_WIDTH`, `MAX_ROWS`), so that a
//! legitimately huge but valid document does not make the harness itself allocate or spin;
//! ndnet's own work on the input is never capped.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ndarray::{Array1, Array2};
use ndnet::classifier::{
    BinarySoftmaxClassifier, BinarySvm, FittedBinarySoftmax, FittedBinarySvm, FittedMlp, Logistic,
    Margin, MlpClassifier, Solver, TrainingSettings,
};
use ndnet::data::{
    read_csv, read_idx, read_idx_images, read_idx_labels, read_split, train_test_split, CsvOptions,
    Dataset, StandardScaler,
};
use ndnet::estimator::{DecisionFunction, Fit, Predict, PredictProba};
use ndnet::io::{load_safetensors, save_safetensors};
use ndnet::loss::SquaredError;
use ndnet::optim::{Adagrad, Adam, Optimizer, RmsProp, Sgd};
use ndnet::regularization::L2;
use ndnet::train::{Checkpoint, EarlyStopping, EpochRecord, History, Trainer};
use ndnet::{Activation, Float, Network};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// A target's function: takes the fuzz input, returns whether ndnet accepted it.
pub type Target = fn(&[u8]) -> bool;

/// The fuzz targets by name, as `cargo fuzz run <name>` and `replay <name> <dir>` call them.
pub const TARGETS: &[(&str, Target)] = &[
    ("csv", csv),
    ("idx", idx),
    ("safetensors", safetensors),
    ("checkpoint", checkpoint),
    ("split", split),
    ("serde_json", serde_json),
];

/// The target function called `name`, if there is one.
pub fn target(name: &str) -> Option<Target> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|&(_, f)| f)
}

/// Widest layer (inputs or outputs) the harness runs a network on.
const MAX_WIDTH: usize = 1 << 12;
/// Most rows the harness builds a data set of (for a split, a resumed checkpoint).
const MAX_ROWS: usize = 1 << 14;

// ---------------------------------------------------------------------------------------
// Scratch files

/// This process's scratch directory (removed by [`remove_scratch`]; libFuzzer exits without
/// running destructors, so a fuzzing process leaves it behind in the temp dir).
fn scratch_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("ndnet-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create the scratch directory");
        dir
    })
}

/// Writes `bytes` to the scratch file `name` and returns its path.
fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let path = scratch_dir().join(name);
    std::fs::write(&path, bytes).expect("write a scratch file");
    path
}

/// Removes this process's scratch directory.
pub fn remove_scratch() {
    let _ = std::fs::remove_dir_all(scratch_dir());
}

// ---------------------------------------------------------------------------------------
// csv

/// `csv`: `read_csv` and `CsvOptions::read`.
///
/// Input: one option byte, then the file. Option bits: 0–2 the delimiter (`,` `;` tab space
/// `|` `:` `"` NUL), 3 the label column named `label` instead of the last, 4 `f64` instead of
/// `f32`. Option byte `0` calls the `read_csv` shorthand. A data set read is then checked
/// (names per column, labels per row), standardized and split.
pub fn csv(data: &[u8]) -> bool {
    let Some((&opts, file)) = data.split_first() else {
        return false;
    };
    let path = scratch("input.csv", file);
    if opts & 0x10 == 0 {
        let ds = if opts == 0 {
            read_csv::<f32>(&path)
        } else {
            csv_options(opts).read::<f32>(&path)
        };
        ds.map(|ds| use_dataset(&ds)).is_ok()
    } else {
        let ds = csv_options(opts).read::<f64>(&path);
        ds.map(|ds| use_dataset(&ds)).is_ok()
    }
}

fn csv_options(opts: u8) -> CsvOptions {
    const DELIMITERS: [u8; 8] = [b',', b';', b'\t', b' ', b'|', b':', b'"', 0];
    let options = CsvOptions::new().delimiter(DELIMITERS[usize::from(opts & 7)]);
    match opts & 8 {
        0 => options,
        _ => options.label_column("label"),
    }
}

fn use_dataset<F: Float>(ds: &Dataset<F>) {
    let (n, d) = (ds.n_samples(), ds.n_features());
    assert_eq!(ds.feature_names().len(), d, "one feature name per column");
    assert_eq!(ds.labels().len(), n, "one label per row");
    assert!(
        ds.features().iter().all(|v| v.is_finite()),
        "a loaded feature is not finite"
    );
    let _ = ds.n_classes();
    if let Ok(scaler) = StandardScaler::fit(ds.features()) {
        let _ = scaler.transform(ds.features());
    }
    let _ = train_test_split(ds, 0.25, 7);
    let _ = ds.select(&[0, n.saturating_sub(1), n]);
}

// ---------------------------------------------------------------------------------------
// idx

/// `idx`: `read_idx_images` (as `f32` and `f64`), `read_idx_labels` and `read_idx`, raw or
/// gzipped.
///
/// The input is one IDX file, read as images and as labels. If it reads as `n` images, it is
/// paired with a made-up label file of `n` labels (`read_idx` must then succeed) and one of
/// `n + 1` (it must fail); if it reads as `n` labels, with a made-up file of `n` 1×1 images.
pub fn idx(data: &[u8]) -> bool {
    let path = scratch("input.idx", data);
    let images = read_idx_images::<f32>(&path);
    let accepted = images.is_ok();
    if let Ok(x) = images {
        assert!(
            x.iter().all(|&v| (0.0..=1.0).contains(&v)),
            "pixels must be in [0, 1]"
        );
        let n = x.nrows();
        if n <= MAX_ROWS {
            let labels = scratch("labels.idx", &idx_file(0x0801, &[n], &vec![1; n]));
            let ds = read_idx::<f32>(&path, &labels);
            // No images is no data set (and must be refused before naming the pixels).
            assert!(
                ds.is_ok() == (n > 0),
                "{n} images and {n} labels: read_idx gave {:?}",
                ds.err()
            );
            let labels = scratch("labels.idx", &idx_file(0x0801, &[n + 1], &vec![1; n + 1]));
            assert!(read_idx::<f32>(&path, &labels).is_err());
        }
    }
    let _ = read_idx_images::<f64>(&path);
    let labels = read_idx_labels(&path);
    let accepted = accepted || labels.is_ok();
    if let Ok(y) = labels {
        let n = y.len();
        if n <= MAX_ROWS {
            let images = scratch("images.idx", &idx_file(0x0803, &[n, 1, 1], &vec![9; n]));
            let ds = read_idx::<f64>(&images, &path);
            assert!(
                ds.is_ok() == (n > 0),
                "{n} images and {n} labels: read_idx gave {:?}",
                ds.err()
            );
        }
    }
    accepted
}

/// An unsigned-byte IDX file: magic, big-endian sizes, values.
pub fn idx_file(magic: u32, dims: &[usize], values: &[u8]) -> Vec<u8> {
    let mut bytes = magic.to_be_bytes().to_vec();
    for &d in dims {
        bytes.extend(u32::try_from(d).unwrap_or(u32::MAX).to_be_bytes());
    }
    bytes.extend(values);
    bytes
}

// ---------------------------------------------------------------------------------------
// safetensors

/// `safetensors`: `load_safetensors::<f32>` and `::<f64>`. A network loaded is run, trained
/// one step, saved with `save_safetensors` and loaded again (it must come back equal).
pub fn safetensors(data: &[u8]) -> bool {
    let path = scratch("input.safetensors", data);
    let f32_net = load_safetensors::<f32>(&path).map(|net| {
        use_network(&net);
        round_trip_safetensors(&net);
    });
    let f64_net = load_safetensors::<f64>(&path).map(|net| {
        use_network(&net);
        round_trip_safetensors(&net);
    });
    f32_net.is_ok() || f64_net.is_ok()
}

fn round_trip_safetensors<F: Float>(net: &Network<F>) {
    let path = scratch_dir().join("saved.safetensors");
    if let Err(e) = save_safetensors(net, &path) {
        panic!("a loaded network does not save: {e}");
    }
    match load_safetensors::<F>(&path) {
        Ok(back) => assert!(back == *net, "a saved network loads back different"),
        Err(e) => panic!("a loaded network, saved, does not load again: {e}"),
    }
}

// ---------------------------------------------------------------------------------------
// checkpoint

/// `checkpoint`: `Checkpoint::<f32>::load` and `::<f64>::load`. A checkpoint loaded has its
/// network run and trained, then is resumed by a `Trainer` for one more epoch on made-up data
/// of the checkpoint's size (with the optimizer whose buffers it holds).
pub fn checkpoint(data: &[u8]) -> bool {
    let path = scratch("input.ckpt", data);
    let f32_ck = Checkpoint::<f32>::load(&path).map(|ck| use_checkpoint(ck, data));
    let f64_ck = Checkpoint::<f64>::load(&path).map(|ck| use_checkpoint(ck, data));
    f32_ck.is_ok() || f64_ck.is_ok()
}

fn use_checkpoint<F: Float>(ck: Checkpoint<F>, file: &[u8]) {
    let _ = format!("{ck:?}");
    let _ = (ck.seed(), ck.batch_size(), ck.history().epochs().len());
    assert_eq!(ck.history().epochs().len(), ck.epochs_done());
    let net = ck.network().clone();
    use_network(&net);
    let Some(rows) = order_len(file) else { return };
    if rows == 0 || rows > MAX_ROWS || !small(&net) || ck.epochs_done() > 1000 {
        return;
    }
    let buffers: Vec<String> = ck.optimizer_state().buffers.keys().cloned().collect();
    let has = |b: &str| buffers.iter().any(|k| k.ends_with(b));
    let mut optimizer: Box<dyn Optimizer<F>> = if has(".exp_avg") {
        Box::new(Adam::new(1e-3).expect("Adam"))
    } else if has(".square_avg") {
        let momentum = if has(".momentum_buffer") { 0.9 } else { 0.0 };
        Box::new(
            RmsProp::builder()
                .momentum(momentum)
                .build()
                .expect("RmsProp"),
        )
    } else if has(".sum") {
        Box::new(Adagrad::builder().build().expect("Adagrad"))
    } else {
        let sgd = Sgd::builder().learning_rate(0.01).momentum(0.9).build();
        Box::new(sgd.expect("Sgd"))
    };
    let x = Array2::from_elem((rows, net.inputs()), F::from_f64_lossy(0.5));
    let y = Array2::<F>::zeros((rows, net.outputs()));
    let (epochs, batch, seed) = (ck.epochs_done() + 1, ck.batch_size(), ck.seed());
    let mut resumed = net;
    let _ = Trainer::new()
        .epochs(epochs)
        .batch_size(batch)
        .seed(seed)
        .resume(ck)
        .fit(
            &mut resumed,
            optimizer.as_mut(),
            &SquaredError,
            &L2::new(1e-4),
            x.view(),
            y.view(),
        );
}

/// The length of the checkpoint's `order` tensor (its number of training samples), read from
/// the safetensors header: `Checkpoint` does not expose it.
fn order_len(file: &[u8]) -> Option<usize> {
    let (len, rest) = file.split_first_chunk::<8>()?;
    let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
    let header: ::serde_json::Value = ::serde_json::from_slice(rest.get(..len)?).ok()?;
    usize::try_from(header["order"]["shape"][0].as_u64()?).ok()
}

// ---------------------------------------------------------------------------------------
// split

/// `split`: `read_split`. A split read is applied to a data set just long enough for its
/// largest index, and to one a row shorter (which must fail).
pub fn split(data: &[u8]) -> bool {
    let path = scratch("input.json", data);
    let Ok(split) = read_split(&path) else {
        return false;
    };
    let Some(&max) = split.train.iter().chain(&split.test).max() else {
        return true;
    };
    if max >= MAX_ROWS {
        return true;
    }
    let rows = max + 1;
    let ds = dataset::<f32>(rows, 2, 3);
    let _ = split.apply(&ds);
    let short = dataset::<f32>(max, 2, 3);
    assert!(
        split.apply(&short).is_err(),
        "index {max} applied to {max} rows"
    );
    true
}

// ---------------------------------------------------------------------------------------
// serde_json

/// The types `serde_json` deserializes, by the input's first byte (modulo their number).
pub const SERDE_TYPES: &[&str] = &[
    "StandardScaler<f32>",
    "StandardScaler<f64>",
    "Network<f32>",
    "Network<f64>",
    "MlpClassifier",
    "FittedMlp<f32>",
    "FittedMlp<f64>",
    "BinarySoftmaxClassifier",
    "BinarySvm",
    "FittedBinarySoftmax<f32>",
    "FittedBinarySoftmax<f64>",
    "FittedBinarySvm<f32>",
    "FittedBinarySvm<f64>",
    "Activation",
    "History",
    "EpochRecord",
    "EarlyStopping",
    "TrainingSettings",
    "Solver",
    "Logistic",
    "Margin",
];

/// `serde_json`: `serde_json::from_slice` into each public `Deserialize` type of ndnet
/// (feature `serde`), chosen by the first byte (an index into [`SERDE_TYPES`], modulo its
/// length); the rest is the JSON document. A value deserialized is used (transform, forward
/// pass, training step, predictions, a short fit with its settings) and must serialize and
/// deserialize back to itself.
pub fn serde_json(data: &[u8]) -> bool {
    let Some((&kind, doc)) = data.split_first() else {
        return false;
    };
    match usize::from(kind) % SERDE_TYPES.len() {
        0 => with::<StandardScaler<f32>>(doc, use_scaler),
        1 => with::<StandardScaler<f64>>(doc, use_scaler),
        2 => with::<Network<f32>>(doc, use_network),
        3 => with::<Network<f64>>(doc, use_network),
        4 => with::<MlpClassifier>(doc, use_mlp_params),
        5 => with::<FittedMlp<f32>>(doc, use_fitted_mlp),
        6 => with::<FittedMlp<f64>>(doc, use_fitted_mlp),
        7 => with::<BinarySoftmaxClassifier>(doc, |p| {
            let p = p.clone();
            let epochs = p.training_settings().epochs.min(3);
            fit_binary(&p.epochs(epochs));
        }),
        8 => with::<BinarySvm>(doc, |p| {
            let p = p.clone();
            let epochs = p.training_settings().epochs.min(3);
            fit_binary(&p.epochs(epochs));
        }),
        9 => with::<FittedBinarySoftmax<f32>>(doc, use_fitted_softmax),
        10 => with::<FittedBinarySoftmax<f64>>(doc, use_fitted_softmax),
        11 => with::<FittedBinarySvm<f32>>(doc, use_fitted_svm),
        12 => with::<FittedBinarySvm<f64>>(doc, use_fitted_svm),
        13 => with::<Activation>(doc, use_activation),
        14 => with::<History>(doc, |h| {
            let _ = (
                h.epochs().len(),
                h.best_epoch(),
                h.stopped_early(),
                h.last(),
            );
        }),
        15 => with::<EpochRecord>(doc, |_| {}),
        16 => with::<EarlyStopping>(doc, use_early_stopping),
        17 => with::<TrainingSettings>(doc, |t| {
            let valid = t.validate().is_ok();
            let mut t = *t;
            t.epochs = t.epochs.min(3);
            let fitted = Fit::<f64>::fit(
                &mlp_params(MlpClassifier::params().with_training_settings(t)),
                x3().view(),
                y3().view(),
            );
            assert!(valid || fitted.is_err(), "invalid training settings fitted");
        }),
        18 => with::<Solver>(doc, |&s| {
            fit_binary(&BinarySoftmaxClassifier::params().solver(s).epochs(2));
            let _ = Fit::<f64>::fit(
                &mlp_params(MlpClassifier::params().solver(s).epochs(2)),
                x3().view(),
                y3().view(),
            );
        }),
        19 => with::<Logistic>(doc, |_| {}),
        _ => with::<Margin>(doc, |_| {}),
    }
}

/// Deserializes `doc` as `T`; if that works, calls `exercise`, checks that the value
/// survives a JSON round trip unchanged and returns `true`.
fn with<T>(doc: &[u8], exercise: impl FnOnce(&T)) -> bool
where
    T: ::serde::Serialize + ::serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let Ok(value) = ::serde_json::from_slice::<T>(doc) else {
        return false;
    };
    exercise(&value);
    let json = match ::serde_json::to_vec(&value) {
        Ok(json) => json,
        Err(e) => panic!(
            "a deserialized {} does not serialize: {e}",
            std::any::type_name::<T>()
        ),
    };
    match ::serde_json::from_slice::<T>(&json) {
        Ok(back) => assert!(
            back == value,
            "a {} changes in a JSON round trip: {value:?} became {back:?}",
            std::any::type_name::<T>()
        ),
        Err(e) => panic!(
            "a deserialized {}, serialized, does not deserialize: {e}: {}",
            std::any::type_name::<T>(),
            String::from_utf8_lossy(&json)
        ),
    }
    true
}

fn use_scaler<F: Float>(s: &StandardScaler<F>) {
    let n = s.n_features();
    assert_eq!(s.mean().len(), n);
    assert_eq!(s.scale().len(), n, "mean and scale lengths differ");
    if n > MAX_WIDTH {
        return;
    }
    let x = Array2::from_elem((3, n), F::from_f64_lossy(1.5));
    let t = s.transform(x.view()).expect("transform of matching width");
    let _ = s
        .inverse_transform(t.view())
        .expect("inverse_transform of matching width");
    let mut y = x.clone();
    s.transform_inplace(y.view_mut())
        .expect("transform_inplace of matching width");
    let wrong = Array2::<F>::zeros((2, n + 1));
    assert!(
        s.transform(wrong.view()).is_err(),
        "transform of the wrong width"
    );
}

/// Whether the harness may run `net`: every width at most [`MAX_WIDTH`].
fn small<F: Float>(net: &Network<F>) -> bool {
    net.inputs() <= MAX_WIDTH
        && net
            .layers()
            .iter()
            .all(|l| l.inputs() <= MAX_WIDTH && l.outputs() <= MAX_WIDTH)
}

/// Runs `net` forward (a zeros batch and a batch of ones), per layer, as classes, and trains
/// it one epoch of squared error towards zeros (one batch of its smallest training size, and
/// one of 4 samples).
fn use_network<F: Float>(net: &Network<F>) {
    let _ = (net.n_parameters(), net.tensors().len(), net.outputs());
    if !small(net) {
        return;
    }
    let d = net.inputs();
    let zeros = Array2::<F>::zeros((2, d));
    if let Ok(out) = net.forward(zeros.view()) {
        assert_eq!(out.dim(), (2, net.outputs()), "forward's output shape");
    }
    let ones = Array2::<F>::ones((3, d));
    let _ = net.layer_outputs(ones.view());
    let _ = net.predict_classes(ones.view());
    let rows = net.min_training_batch().max(4);
    if rows > 64 {
        return;
    }
    let x = Array2::from_elem((rows, d), F::from_f64_lossy(0.25));
    let y = Array2::<F>::zeros((rows, net.outputs()));
    let mut trained = net.clone();
    let mut sgd = Sgd::builder()
        .learning_rate(0.01)
        .momentum(0.9)
        .build()
        .expect("Sgd");
    let _ = Trainer::new().epochs(1).batch_size(rows).seed(1).fit(
        &mut trained,
        &mut sgd,
        &SquaredError,
        &L2::new(1e-4),
        x.view(),
        y.view(),
    );
    let _ = trained.forward(x.view());
}

/// 12 samples of 3 features, labels 0, 1, 2 (for the MLP).
fn x3() -> Array2<f64> {
    Array2::from_shape_fn((12, 3), |(i, j)| ((i * 7 + j * 3) % 5) as f64 - 2.0)
}
fn y3() -> Array1<usize> {
    Array1::from_shape_fn(12, |i| i % 3)
}

/// The MLP settings, made cheap enough to fit: hidden layers and classes bounded, at most 3
/// epochs. Settings beyond those bounds are left for `validate` alone.
fn mlp_params(p: MlpClassifier) -> MlpClassifier {
    let epochs = p.training_settings().epochs.min(3);
    p.epochs(epochs)
}

fn cheap_mlp(p: &MlpClassifier) -> bool {
    // The public getters do not show the hidden sizes or the class count; the JSON does.
    let Ok(json) = ::serde_json::to_value(p) else {
        return false;
    };
    let hidden_ok = json["hidden"]
        .as_array()
        .is_some_and(|h| h.len() <= 4 && h.iter().all(|u| u.as_u64().is_some_and(|u| u <= 64)));
    let classes_ok = json["n_classes"].as_u64().is_none_or(|k| k <= 64);
    hidden_ok && classes_ok
}

fn use_mlp_params(p: &MlpClassifier) {
    let valid = p.validate().is_ok();
    if !cheap_mlp(p) {
        return;
    }
    let p = mlp_params(p.clone());
    let fitted = Fit::<f64>::fit(&p, x3().view(), y3().view());
    assert!(valid || fitted.is_err(), "invalid MLP settings fitted");
    if let Ok(m) = fitted {
        let _ = m.predict(x3().view());
    }
    let x = x3().mapv(|v| v as f32);
    let _ = Fit::<f32>::fit(&p, x.view(), y3().view());
}

fn use_fitted_mlp<F: Float>(m: &FittedMlp<F>) {
    assert!(
        m.params().validate().is_ok(),
        "a fitted MLP with invalid settings"
    );
    let _ = (m.n_classes(), m.history().epochs().len());
    use_network(m.network());
    if !small(m.network()) {
        return;
    }
    let x = Array2::from_elem((3, m.network().inputs()), F::from_f64_lossy(0.5));
    if let Ok(p) = m.predict_proba(x.view()) {
        assert_eq!(p.dim(), (3, m.n_classes()), "predict_proba's shape");
    }
    let _ = m.predict(x.view());
    let _ = m.decision_function(x.view());
}

/// 8 samples of 2 features, labels 0 and 1.
fn fit_binary<P>(p: &P)
where
    P: Fit<f64, Fitted: Predict<f64>> + Fit<f32, Fitted: Predict<f32>>,
{
    let x = Array2::from_shape_fn((8, 2), |(i, j)| (i as f64) - 3.5 + j as f64);
    let y = Array1::from_shape_fn(8, |i| usize::from(i >= 4));
    if let Ok(m) = Fit::<f64>::fit(p, x.view(), y.view()) {
        let _ = m.predict(x.view());
    }
    let xf = x.mapv(|v| v as f32);
    if let Ok(m) = Fit::<f32>::fit(p, xf.view(), y.view()) {
        let _ = m.predict(xf.view());
    }
}

fn use_fitted_softmax<F: Float>(m: &FittedBinarySoftmax<F>) {
    assert!(
        (0.0..=1.0).contains(&m.threshold()),
        "threshold outside [0, 1]"
    );
    use_neuron(m);
    if let Some(x) = neuron_input(m.network()) {
        let _ = m.predict_proba(x.view());
    }
    let _ = m.clone().with_threshold(0.25);
}

fn use_fitted_svm<F: Float>(m: &FittedBinarySvm<F>) {
    use_neuron(m);
}

fn neuron_input<F: Float>(net: &Network<F>) -> Option<Array2<F>> {
    small(net).then(|| Array2::from_elem((3, net.inputs()), F::from_f64_lossy(-0.5)))
}

fn use_neuron<F: Float, R: ndnet::classifier::DecisionRule>(
    m: &ndnet::classifier::FittedNeuron<F, R>,
) {
    assert_eq!(m.weights().len(), m.network().inputs());
    let _ = (m.bias(), m.history().epochs().len());
    use_network(m.network());
    if let Some(x) = neuron_input(m.network()) {
        let _ = m.decision_function(x.view());
        let _ = m.predict(x.view());
    }
}

fn use_activation(a: &Activation) {
    let valid = a.validate().is_ok();
    let _ = (a.name(), a.setting());
    for z in [-1e30, -3.0, -0.5, 0.0, 0.5, 3.0, 1e30] {
        let _ = (
            a.eval(z),
            a.derivative(z),
            a.eval(z as f32),
            a.derivative(z as f32),
        );
    }
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(0);
    let net = Network::<f32>::builder(3).dense(2, *a).build(&mut rng);
    assert!(
        valid || net.is_err(),
        "a network built with an invalid activation"
    );
    if let Ok(net) = net {
        use_network(&net);
    }
}

fn use_early_stopping(stop: &EarlyStopping) {
    let valid = stop.validate().is_ok();
    let x = x3();
    let y = Array2::<f64>::zeros((12, 2));
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(0);
    let mut net = Network::<f64>::builder(3)
        .dense(2, Activation::Identity)
        .build(&mut rng)
        .expect("a small network");
    let mut sgd = Sgd::new(0.01).expect("Sgd");
    let fitted = Trainer::new()
        .epochs(3)
        .batch_size(4)
        .early_stopping(*stop)
        .validation(x.view(), y.view())
        .fit(
            &mut net,
            &mut sgd,
            &SquaredError,
            &L2::new(0.0),
            x.view(),
            y.view(),
        );
    assert!(
        valid || fitted.is_err(),
        "trained with invalid early stopping"
    );
}

/// A data set of `rows` rows, `cols` features, labels cycling through `classes`.
fn dataset<F: Float>(rows: usize, cols: usize, classes: usize) -> Dataset<F> {
    let x = Array2::from_shape_fn((rows, cols), |(i, j)| F::from_f64_lossy((i + j) as f64));
    let y = Array1::from_shape_fn(rows, |i| i % classes);
    let names = (0..cols).map(|j| format!("x{j}")).collect();
    Dataset::new(x, y, names).expect("a consistent data set")
}
