//! MNIST end to end on a subset: the real IDX files, a small network, a few epochs.
//!
//! The data directory is `$NDNET_MNIST_DIR`, else `../shared/data/mnist` beside the crate.
//! Missing files fail the test (they are not a reason to skip it).

use std::path::PathBuf;

use ndarray::s;
use ndnet::data::{read_mnist, MNIST_FILES};
use ndnet::loss::SoftmaxCrossEntropy;
use ndnet::metrics::accuracy;
use ndnet::optim::Sgd;
use ndnet::regularization::L2;
use ndnet::train::Trainer;
use ndnet::{Activation, Network};
use rand::SeedableRng;

fn mnist_dir() -> PathBuf {
    let dir = match std::env::var_os("NDNET_MNIST_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/mnist"),
    };
    for name in MNIST_FILES {
        let found = dir.join(format!("{name}.gz")).is_file() || dir.join(name).is_file();
        assert!(
            found,
            "MNIST file {name}.gz (or {name}) not found in {}: set NDNET_MNIST_DIR to the folder \
             holding the four IDX files",
            dir.display()
        );
    }
    dir
}

#[test]
fn mnist_subset_trains_to_ninety_percent() {
    let (train, test) = read_mnist::<f32>(mnist_dir()).unwrap();

    // Sizes, class balance and mean pixel as published in shared/data/README.md (pixels / 255).
    assert_eq!((train.n_samples(), train.n_features()), (60_000, 784));
    assert_eq!(test.n_samples(), 10_000);
    let mut counts = [0usize; 10];
    for &y in train.labels() {
        counts[y] += 1;
    }
    assert_eq!(
        counts,
        [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    );
    let mean = train.features().iter().map(|&v| f64::from(v)).sum::<f64>() / (60_000.0 * 784.0);
    assert!((mean - 0.130660).abs() < 5e-7, "mean pixel {mean}");

    let (x, y) = (train.features(), train.labels());
    let (x, y) = (x.slice(s![..5000, ..]), y.slice(s![..5000]));
    let (xt, yt) = (test.features(), test.labels());
    let (xt, yt) = (xt.slice(s![..1000, ..]), yt.slice(s![..1000]));

    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(0);
    let mut net = Network::<f32>::builder(784)
        .dense(64, Activation::Relu)
        .dense(10, Activation::Identity)
        .build(&mut rng)
        .unwrap();
    let mut sgd = Sgd::builder()
        .learning_rate(0.1)
        .momentum(0.9)
        .nesterov(true)
        .build()
        .unwrap();
    Trainer::new()
        .epochs(4)
        .batch_size(64)
        .fit(
            &mut net,
            &mut sgd,
            &SoftmaxCrossEntropy,
            &L2::new(1e-4),
            x,
            y,
        )
        .unwrap();
    let predicted = net.predict_classes(xt).unwrap();
    let acc = accuracy(yt, predicted.view()).unwrap();
    assert!(
        acc >= 0.90,
        "test accuracy {acc} < 0.90 on 5,000 / 1,000 images"
    );
}
