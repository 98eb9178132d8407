//! Inputs that once panicked, overflowed, allocated without bound or loaded values their
//! constructors refuse: each is now a typed error.

mod common;

use ndarray::{array, Array1, Array2};
use ndnet::classifier::MlpClassifier;
use ndnet::estimator::Fit;
use ndnet::io::{load_safetensors, save_safetensors};
use ndnet::layer::Dice;
use ndnet::loss::SoftmaxCrossEntropy;
use ndnet::metrics::ConfusionMatrix;
use ndnet::optim::Sgd;
use ndnet::regularization::L2;
use ndnet::train::{Checkpoint, Trainer};
use ndnet::{Activation, Error, Network};

/// A safetensors file: the 8-byte header length, the header, then `data` zero bytes.
fn safetensors_bytes(header: &str, data: usize) -> Vec<u8> {
    let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
    bytes.extend(header.as_bytes());
    bytes.resize(bytes.len() + data, 0);
    bytes
}

#[test]
fn a_header_claiming_huge_tensors_is_refused_before_the_safetensors_crate_adds_them_up() {
    // Eight U8 tensors of 2^61 − 1 elements, contiguous offsets, no data: the sum of their
    // sizes overflowed (a panic with overflow checks, as in this test profile).
    let size = (1u64 << 61) - 1;
    let tensors: Vec<String> = (0..8)
        .map(|i| {
            let (start, end) = (i * size, (i + 1) * size);
            format!(r#""t{i}":{{"dtype":"U8","shape":[{size}],"data_offsets":[{start},{end}]}}"#)
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.safetensors");
    std::fs::write(
        &path,
        safetensors_bytes(&format!("{{{}}}", tensors.join(",")), 0),
    )
    .unwrap();
    for result in [
        load_safetensors::<f32>(&path).map(|_| ()),
        Checkpoint::<f32>::load(&path).map(|_| ()),
    ] {
        match result {
            Err(Error::InvalidFile {
                path: p, message, ..
            }) => {
                assert_eq!(p, path);
                assert!(message.contains("needs more bytes"), "{message}");
            }
            other => panic!("expected InvalidFile, got {other:?}"),
        }
    }
}

#[test]
fn sizes_from_callers_are_checked_not_overflowed_or_allocated() {
    let mut rng = common::rng(1);
    let x = Array2::<f32>::zeros((4, 2));
    for label in [usize::MAX, 4_000_000_000] {
        let y = array![0usize, 1, label, 0];
        let r = MlpClassifier::params().epochs(1).fit(x.view(), y.view());
        assert!(
            matches!(r, Err(Error::InvalidLabel { row: 2, .. })),
            "label {label}: {r:?}"
        );
    }
    let y = array![0usize, 1, 1, 0];
    let r = MlpClassifier::params()
        .hidden_layers(&[usize::MAX])
        .fit(x.view(), y.view());
    assert!(matches!(r, Err(Error::ShapeMismatch { .. })), "{r:?}");
    let r = MlpClassifier::params()
        .n_classes(usize::MAX)
        .fit(x.view(), y.view());
    assert!(
        matches!(
            r,
            Err(Error::InvalidHyperparameter {
                name: "n_classes",
                ..
            })
        ),
        "{r:?}"
    );
    let r = Network::<f32>::builder(usize::MAX)
        .dense(10, Activation::Relu)
        .build(&mut rng);
    assert!(matches!(r, Err(Error::ShapeMismatch { .. })), "{r:?}");
    let r = Network::<f32>::builder(2)
        .maxout(1, usize::MAX)
        .build(&mut rng);
    assert!(matches!(r, Err(Error::ShapeMismatch { .. })), "{r:?}");
    let labels = array![0usize, 1];
    let r = ConfusionMatrix::from_labels(labels.view(), labels.view(), usize::MAX);
    assert!(matches!(r, Err(Error::ShapeMismatch { .. })), "{r:?}");
}

#[test]
fn a_bad_label_is_reported_at_its_row_before_any_step() {
    let mut net = Network::<f64>::builder(3)
        .dense(4, Activation::Relu)
        .dense(3, Activation::Identity)
        .build(&mut common::rng(2))
        .unwrap();
    let before = net.clone();
    let x = common::normal(100, 3, 3);
    let mut y = Array1::from_shape_fn(100, |i| i % 3);
    y[57] = 3;
    let mut sgd = Sgd::new(0.1).unwrap();
    let r = Trainer::new().epochs(2).batch_size(10).fit(
        &mut net,
        &mut sgd,
        &SoftmaxCrossEntropy,
        &L2::new(0.0),
        x.view(),
        y.view(),
    );
    match r {
        Err(Error::InvalidLabel { row, value, .. }) => assert_eq!((row, value.as_str()), (57, "3")),
        other => panic!("expected InvalidLabel at row 57, got {other:?}"),
    }
    assert_eq!(net, before, "no step was taken");
}

#[test]
fn a_negative_running_variance_in_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for with_dice in [false, true] {
        let builder = Network::<f32>::builder(2).dense(3, Activation::Identity);
        let builder = match with_dice {
            true => builder.dice(),
            false => builder.batch_norm(),
        };
        let mut net = builder
            .dense(2, Activation::Identity)
            .build(&mut common::rng(4))
            .unwrap();
        net.tensor_mut("1.running_var").unwrap()[1] = -1.0;
        let path = dir.path().join(format!("dice_{with_dice}.safetensors"));
        save_safetensors(&net, &path).unwrap();
        match load_safetensors::<f32>(&path) {
            Err(Error::InvalidFile { message, .. }) => {
                assert!(
                    message.contains("1.running_var") && message.contains("negative"),
                    "{message}"
                )
            }
            other => panic!("expected InvalidFile, got {other:?}"),
        }
    }
}

#[test]
fn a_setting_that_vanishes_in_f32_is_refused_in_f32_only() {
    assert!(Dice::<f64>::with_settings(2, 1e-60, 0.1).is_ok());
    let r = Dice::<f32>::with_settings(2, 1e-60, 0.1);
    assert!(
        matches!(
            r,
            Err(Error::InvalidHyperparameter {
                name: "epsilon",
                ..
            })
        ),
        "{r:?}"
    );
}

#[test]
fn finite_features_that_overflow_the_forward_pass_are_an_error_not_nan() {
    let mut net = Network::<f32>::builder(2)
        .dense(2, Activation::Identity)
        .build(&mut common::rng(5))
        .unwrap();
    net.tensor_mut("0.weight").unwrap().fill(1.0);
    // 3e38 + 3e38 is beyond f32's largest value.
    let x = array![[3e38f32, 3e38], [0.5, 0.5]];
    match net.forward(x.view()) {
        Err(Error::NonFinite {
            context, row: 0, ..
        }) => assert!(context.contains("overflowed")),
        other => panic!("expected NonFinite in row 0, got {other:?}"),
    }
    assert!(net.forward(x.slice(ndarray::s![1.., ..])).is_ok());
}
