//! Training with Adam, dropout and batch norm: a checkpointed run resumes bit for bit, the same
//! seed trains the same model, clipping and reduce-on-plateau act inside the trainer, and a
//! batch norm never meets a batch of one.

mod common;

use std::cell::RefCell;

use ndarray::{Array1, Array2};
use ndnet::loss::SoftmaxCrossEntropy;
use ndnet::optim::{Adam, Clip, Optimizer, Schedule};
use ndnet::regularization::L2;
use ndnet::train::{Checkpoint, History, Trainer};
use ndnet::{Activation, Error, Network};

fn data() -> (Array2<f64>, Array1<usize>) {
    let x = common::normal(61, 4, 7);
    let y = x
        .rows()
        .into_iter()
        .map(|r| usize::from(r[0] + r[1] > 0.0) + usize::from(r[2] > 1.0))
        .collect();
    (x, y)
}

fn net() -> Network<f64> {
    Network::builder(4)
        .dense(16, Activation::Identity)
        .batch_norm()
        .activation(Activation::Relu)
        .dropout(0.2)
        .dense(8, Activation::Relu)
        .dropout(0.1)
        .dense(3, Activation::Identity)
        .build(&mut common::rng(8))
        .unwrap()
}

fn adam() -> Adam<f64> {
    Adam::builder()
        .learning_rate(0.01)
        .schedule(Schedule::ReduceOnPlateau {
            factor: 0.5,
            patience: 0,
            threshold: 0.0,
            min_rate: 0.0,
        })
        .warmup(2, 0.5)
        .build()
        .unwrap()
}

fn fit(trainer: Trainer<'_, f64>, net: &mut Network<f64>, adam: &mut Adam<f64>) -> History {
    let (x, y) = data();
    trainer
        .batch_size(8)
        .seed(9)
        .clip(Clip::Norm(1.0))
        .fit(
            net,
            adam,
            &SoftmaxCrossEntropy,
            &L2::new(1e-3),
            x.view(),
            y.view(),
        )
        .unwrap()
}

#[test]
fn an_adam_dropout_batch_norm_run_resumes_bit_for_bit() {
    let (mut whole, mut opt) = (net(), adam());
    let history = fit(Trainer::new().epochs(8), &mut whole, &mut opt);
    let rates: Vec<f64> = history.epochs().iter().map(|r| r.learning_rate).collect();
    assert_eq!(
        &rates[..3],
        &[0.005, 0.0075, 0.01],
        "warm-up, then the plateau schedule"
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.ckpt");
    let (mut first, mut opt) = (net(), adam());
    fit(
        Trainer::new().epochs(5).checkpoint_every(5, &path),
        &mut first,
        &mut opt,
    );
    let checkpoint = Checkpoint::<f64>::load(&path).unwrap();
    let saved = checkpoint.optimizer_state();
    assert!(saved.buffers.contains_key("7.weight.exp_avg_sq"));
    assert!(saved.scalars.contains_key("step"));
    let (mut resumed, mut opt) = (net(), adam());
    let rest = fit(
        Trainer::new().epochs(8).resume(checkpoint),
        &mut resumed,
        &mut opt,
    );
    assert_eq!(
        resumed, whole,
        "weights and running statistics, bit for bit"
    );
    let resumed_rates: Vec<f64> = rest.epochs().iter().map(|r| r.learning_rate).collect();
    assert_eq!(resumed_rates, rates);

    // The same seed trains the same model; another seed drops other units.
    let (mut again, mut opt) = (net(), adam());
    fit(Trainer::new().epochs(8), &mut again, &mut opt);
    assert_eq!(again, whole);
    let (x, y) = data();
    let mut other = net();
    Trainer::new()
        .epochs(8)
        .batch_size(8)
        .seed(10)
        .clip(Clip::Norm(1.0))
        .fit(
            &mut other,
            &mut adam(),
            &SoftmaxCrossEntropy,
            &L2::new(1e-3),
            x.view(),
            y.view(),
        )
        .unwrap();
    assert_ne!(other, whole);
}

/// Adam whose steps record the global norm of the gradients they are given.
struct Spy<'a> {
    inner: Adam<f64>,
    norms: &'a RefCell<Vec<f64>>,
}

impl Optimizer<f64> for Spy<'_> {
    fn step(&mut self, net: &mut Network<f64>, grads: &ndnet::Gradients<f64>) -> ndnet::Result<()> {
        let sq: f64 = grads
            .iter()
            .flat_map(|(_, _, g)| g.iter().map(|v| v * v))
            .sum();
        self.norms.borrow_mut().push(sq.sqrt());
        self.inner.step(net, grads)
    }
    fn set_epoch(&mut self, epoch: usize) {
        self.inner.set_epoch(epoch);
    }
    fn learning_rate(&self) -> f64 {
        self.inner.learning_rate()
    }
}

#[test]
fn the_trainer_clips_before_every_step() {
    let (x, y) = data();
    let norms = RefCell::new(Vec::new());
    let mut spy = Spy {
        inner: Adam::new(0.01).unwrap(),
        norms: &norms,
    };
    Trainer::new()
        .epochs(2)
        .batch_size(8)
        .clip(Clip::Norm(0.05))
        .fit(
            &mut net(),
            &mut spy,
            &SoftmaxCrossEntropy,
            &L2::new(0.0),
            x.view(),
            y.view(),
        )
        .unwrap();
    let norms = norms.into_inner();
    assert_eq!(norms.len(), 2 * 61usize.div_ceil(8));
    assert!(norms.iter().all(|&n| n <= 0.05 + 1e-9), "{norms:?}");
    let bad = Trainer::<f64>::new().clip(Clip::Value(-1.0)).fit(
        &mut net(),
        &mut adam(),
        &SoftmaxCrossEntropy,
        &L2::new(0.0),
        x.view(),
        y.view(),
    );
    assert!(matches!(
        bad,
        Err(Error::InvalidHyperparameter {
            name: "clip value",
            ..
        })
    ));
}

#[test]
fn batch_norm_refuses_a_batch_size_that_leaves_one_sample() {
    let (x, y) = data();
    let run = |batch_size| {
        Trainer::<f64>::new().epochs(1).batch_size(batch_size).fit(
            &mut net(),
            &mut adam(),
            &SoftmaxCrossEntropy,
            &L2::new(0.0),
            x.view(),
            y.view(),
        )
    };
    // 61 = 6·10 + 1 and 61 = 1·60 + 1: the last batch would hold one sample.
    for bad in [10, 60, 1] {
        assert!(
            matches!(
                run(bad),
                Err(Error::InvalidHyperparameter {
                    name: "batch_size",
                    ..
                })
            ),
            "{bad}"
        );
    }
    for good in [8, 61, 100] {
        assert!(run(good).is_ok(), "{good}");
    }
}
