//! The training loop: epochs visit every sample once, history, early stopping, callbacks,
//! reproducibility and errors.

mod common;

use std::cell::RefCell;

use ndarray::{Array1, Array2, ArrayView2, ArrayViewMut2};
use ndnet::loss::{Loss, SoftmaxCrossEntropy, Targets};
use ndnet::optim::Sgd;
use ndnet::regularization::{NoPenalty, L2};
use ndnet::train::{EarlyStopping, Trainer};
use ndnet::{Activation, Error, Network};

/// Softmax cross-entropy that records the labels of every batch it sees.
struct Recording<'a> {
    seen: &'a RefCell<Vec<Vec<usize>>>,
}

impl Loss<f64> for Recording<'_> {
    fn name(&self) -> &'static str {
        "Recording"
    }
    fn loss_and_gradient(
        &self,
        scores: ArrayView2<'_, f64>,
        targets: Targets<'_, f64>,
        grad: ArrayViewMut2<'_, f64>,
    ) -> ndnet::Result<f64> {
        if let Targets::Classes(c) = targets {
            self.seen.borrow_mut().push(c.to_vec());
        }
        SoftmaxCrossEntropy.loss_and_gradient(scores, targets, grad)
    }
}

#[test]
fn each_epoch_visits_every_sample_once_in_a_seeded_order_with_the_partial_batch() {
    // Label = row index, so the recorded labels are the visited rows.
    let n = 23;
    let x = common::normal(n, 3, 1);
    let y = Array1::from_iter(0..n);
    let run = |seed| {
        let seen = RefCell::new(Vec::new());
        let mut net = Network::<f64>::new(&[3, n], Activation::Relu, &mut common::rng(2)).unwrap();
        let mut sgd = Sgd::new(0.01).unwrap();
        Trainer::new()
            .epochs(3)
            .batch_size(5)
            .seed(seed)
            .fit(
                &mut net,
                &mut sgd,
                &Recording { seen: &seen },
                &NoPenalty,
                x.view(),
                y.view(),
            )
            .unwrap();
        let mut seen = seen.into_inner();
        // First the trainer checks every label with the loss, in the given order.
        assert_eq!(seen.remove(0), (0..n).collect::<Vec<_>>());
        seen
    };
    let batches = run(9);
    assert_eq!(
        batches.len(),
        3 * 5,
        "4 full batches of 5 and one of 3 per epoch"
    );
    let sizes: Vec<usize> = batches.iter().map(Vec::len).collect();
    assert_eq!(&sizes[..5], &[5, 5, 5, 5, 3]);
    let mut epochs = Vec::new();
    for epoch in batches.chunks(5) {
        let mut rows: Vec<usize> = epoch.concat();
        epochs.push(rows.clone());
        rows.sort_unstable();
        assert_eq!(rows, (0..n).collect::<Vec<_>>());
    }
    assert_ne!(epochs[0], epochs[1], "each epoch reshuffles");
    assert_ne!(
        epochs[0],
        (0..n).collect::<Vec<_>>(),
        "the order is shuffled"
    );
    assert_eq!(run(9), batches, "same seed, same order");
    assert_ne!(run(10), batches);
}

fn blobs() -> (Array2<f64>, Array1<usize>) {
    let x = common::normal(60, 2, 5);
    let y = Array1::from_shape_fn(60, |i| i % 3);
    let centres = [[-2.0, 0.0], [2.0, 0.0], [0.0, 2.5]];
    let x = Array2::from_shape_fn((60, 2), |(i, j)| x[[i, j]] * 0.5 + centres[i % 3][j]);
    (x, y)
}

#[test]
fn history_records_each_epoch_and_the_callback_sees_them() {
    let (x, y) = blobs();
    let mut net = Network::<f64>::new(&[2, 8, 3], Activation::Tanh, &mut common::rng(3)).unwrap();
    let mut sgd = Sgd::builder()
        .learning_rate(0.1)
        .momentum(0.9)
        .build()
        .unwrap();
    let mut calls = Vec::new();
    let history = Trainer::new()
        .epochs(15)
        .batch_size(8)
        .validation(x.view(), y.view())
        .on_epoch(|r| calls.push(r.epoch))
        .fit(
            &mut net,
            &mut sgd,
            &SoftmaxCrossEntropy,
            &L2::new(1e-4),
            x.view(),
            y.view(),
        )
        .unwrap();
    assert_eq!(calls, (0..15).collect::<Vec<_>>());
    let epochs = history.epochs();
    assert_eq!(epochs.len(), 15);
    assert!(epochs[14].train_loss < epochs[0].train_loss);
    let last = history.last().unwrap();
    assert!(last.validation_loss.unwrap() < 0.3);
    assert!(last.validation_accuracy.unwrap() > 0.95);
    assert_eq!(last.learning_rate, 0.1);
    assert!(!history.stopped_early());
}

#[test]
fn early_stopping_stops_and_restores_the_best_weights() {
    let (x, y) = blobs();
    // A learning rate large enough that the validation loss wanders after its best epoch.
    let mut net = Network::<f64>::new(&[2, 16, 3], Activation::Relu, &mut common::rng(4)).unwrap();
    let mut sgd = Sgd::builder()
        .learning_rate(0.5)
        .momentum(0.9)
        .build()
        .unwrap();
    let (xv, yv) = (x.slice(ndarray::s![..20, ..]), y.slice(ndarray::s![..20]));
    let history = Trainer::new()
        .epochs(500)
        .batch_size(4)
        .validation(xv, yv)
        .early_stopping(EarlyStopping {
            patience: 5,
            min_delta: 0.0,
            restore_best: true,
        })
        .fit(
            &mut net,
            &mut sgd,
            &SoftmaxCrossEntropy,
            &NoPenalty,
            x.view(),
            y.view(),
        )
        .unwrap();
    assert!(history.stopped_early());
    let best = history.best_epoch().unwrap();
    assert_eq!(
        history.epochs().len(),
        best + 6,
        "stops 5 epochs after the best"
    );
    let best_loss = history.epochs()[best].validation_loss.unwrap();
    assert!(history
        .epochs()
        .iter()
        .all(|r| r.validation_loss.unwrap() >= best_loss));
    let restored = net.loss(xv, yv, &SoftmaxCrossEntropy, &NoPenalty).unwrap();
    assert_eq!(restored, best_loss, "the best epoch's weights are back");
}

#[test]
fn invalid_settings_and_data_are_rejected_before_training() {
    let (x, y) = blobs();
    let mut net = Network::<f64>::new(&[2, 3], Activation::Relu, &mut common::rng(6)).unwrap();
    let before = net.clone();
    let mut sgd = Sgd::new(0.1).unwrap();
    let fit = |t: Trainer<'_, f64>, net: &mut Network<f64>, sgd: &mut Sgd<f64>| {
        t.fit(
            net,
            sgd,
            &SoftmaxCrossEntropy,
            &NoPenalty,
            x.view(),
            y.view(),
        )
    };
    assert!(matches!(
        fit(Trainer::new().epochs(0), &mut net, &mut sgd),
        Err(Error::InvalidHyperparameter { name: "epochs", .. })
    ));
    assert!(matches!(
        fit(Trainer::new().batch_size(0), &mut net, &mut sgd),
        Err(Error::InvalidHyperparameter {
            name: "batch_size",
            ..
        })
    ));
    let xv = Array2::<f64>::zeros((4, 5));
    let yv = Array1::<usize>::zeros(4);
    assert!(matches!(
        fit(
            Trainer::new().validation(xv.view(), yv.view()),
            &mut net,
            &mut sgd
        ),
        Err(Error::ShapeMismatch { .. })
    ));
    let mut bad = x.clone();
    bad[[10, 0]] = f64::INFINITY;
    let r = Trainer::new().fit(
        &mut net,
        &mut sgd,
        &SoftmaxCrossEntropy,
        &NoPenalty,
        bad.view(),
        y.view(),
    );
    assert!(matches!(
        r,
        Err(Error::NonFinite {
            row: 10,
            column: 0,
            ..
        })
    ));
    assert_eq!(net, before, "nothing was trained");
}
