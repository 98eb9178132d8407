//! Saves survive a kill: a child process saves a large network and a checkpoint in a loop and
//! is killed with SIGKILL at random moments; each file always loads (the old or the new
//! content) and at most one temporary file per target is ever left, which the next save
//! reuses.
#![cfg(unix)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use ndnet::io::{load_safetensors, save_safetensors};
use ndnet::loss::SoftmaxCrossEntropy;
use ndnet::optim::Sgd;
use ndnet::regularization::L2;
use ndnet::train::{Checkpoint, Trainer};
use ndnet::{Activation, Network};
use rand::{Rng, SeedableRng};

const CHILD_DIR: &str = "NDNET_KILLED_SAVER_DIR";

/// 784-512-512-10: about 2.7 MB per save.
fn big_network(seed: u64) -> Network<f32> {
    Network::<f32>::builder(784)
        .dense(512, Activation::Relu)
        .dense(512, Activation::Relu)
        .dense(10, Activation::Identity)
        .build(&mut common::rng(seed))
        .unwrap()
}

/// The child: saves a network and writes a checkpoint (through a one-epoch fit) until killed.
/// It runs only when the parent test starts this binary with `CHILD_DIR` set.
#[test]
fn killed_saver_child() {
    let Ok(dir) = std::env::var(CHILD_DIR) else {
        return;
    };
    let dir = Path::new(&dir);
    let x = common::normal(8, 784, 1).mapv(|v| v as f32);
    let y = ndarray::Array1::from_iter((0..8).map(|i| i % 10));
    for seed in 0.. {
        let mut net = big_network(seed % 3);
        save_safetensors(&net, dir.join("net.safetensors")).unwrap();
        let mut sgd = Sgd::new(0.01).unwrap();
        Trainer::new()
            .epochs(1)
            .batch_size(8)
            .checkpoint_every(1, dir.join("run.ckpt"))
            .fit(
                &mut net,
                &mut sgd,
                &SoftmaxCrossEntropy,
                &L2::new(0.0),
                x.view(),
                y.view(),
            )
            .unwrap();
        println!("saved");
    }
}

#[test]
fn files_saved_by_a_killed_process_always_load_and_leave_one_temporary_at_most() {
    let dir = tempfile::tempdir().unwrap();
    let (net_path, ckpt_path) = (
        dir.path().join("net.safetensors"),
        dir.path().join("run.ckpt"),
    );
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
    let exe = std::env::current_exe().unwrap();
    let mut interrupted = 0;
    for kill in 0..50 {
        let mut child = Command::new(&exe)
            .args(["--exact", "killed_saver_child", "--nocapture"])
            .env(CHILD_DIR, dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until this child has written both files once, then kill it at a random moment
        // of its loop.
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        while !lines
            .next()
            .is_some_and(|l| l.is_ok_and(|l| l.ends_with("saved")))
        {}
        std::thread::sleep(Duration::from_micros(rng.random_range(0..40_000)));
        child.kill().unwrap();
        child.wait().unwrap();
        let net = load_safetensors::<f32>(&net_path)
            .unwrap_or_else(|e| panic!("kill {kill}: the network does not load: {e}"));
        assert!(
            (0..3).any(|seed| net == big_network(seed)),
            "kill {kill}: foreign content"
        );
        Checkpoint::<f32>::load(&ckpt_path)
            .unwrap_or_else(|e| panic!("kill {kill}: the checkpoint does not load: {e}"));
        let others: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "net.safetensors" && n != "run.ckpt")
            .collect();
        let allowed = [".net.safetensors.tmp", ".run.ckpt.tmp"];
        interrupted += usize::from(!others.is_empty());
        assert!(
            others.iter().all(|n| allowed.contains(&n.as_str())),
            "kill {kill}: stray files {others:?}"
        );
    }
    // The kills did land in the middle of saves, not only between them.
    assert!(interrupted > 0, "no kill interrupted a save");
    // A later save goes through whatever the kills left behind.
    save_safetensors(&big_network(0), &net_path).unwrap();
    assert!(!dir.path().join(".net.safetensors.tmp").exists());
}
