//! CS231n's spiral (three classes of 100 points): a softmax linear classifier against a
//! two-layer network of 100 ReLU units, with each decision boundary drawn to a PNG.
//! See `--help`.

mod plotting;

use plotting::spiral::{self, LINEAR_ITERATIONS, MLP_TARGET, REG, STEP};

const USAGE: &str = "\
spiral: CS231n's three-arm spiral (100 points per class); trains a softmax linear classifier
and a 2-100-3 ReLU network (full-batch SGD, step 1.0, L2 1e-3) and draws each decision
boundary to spiral_linear.png and spiral_mlp.png. The last line is machine-readable:
linear_accuracy=... mlp_accuracy=... (training accuracy).

Options:
  --seed S          seed of the data and the initialisation (default 0)
  --iterations N    at most N full-batch iterations for the network (default 10000; it stops
                    once its training accuracy reaches 0.98)
  --out DIR         output folder, created if needed (default: target/plots)";

const CLASSES: usize = 3;
const POINTS: usize = 100;

fn main() {
    let cli = plotting::parse_cli(USAGE, true);
    let data = spiral::spiral(POINTS, CLASSES, cli.seed);
    println!(
        "spiral: {CLASSES} classes x {POINTS} points, seed {}; full-batch SGD, step {STEP}, L2 {REG}",
        cli.seed
    );

    let linear = spiral::train_linear(&data, CLASSES, LINEAR_ITERATIONS, cli.seed)
        .unwrap_or_else(|e| plotting::fail(e));
    let linear_acc = spiral::train_accuracy(&linear, data.x.view(), data.y.view())
        .unwrap_or_else(|e| plotting::fail(e));
    println!("softmax linear classifier, {LINEAR_ITERATIONS} iterations: training accuracy {linear_acc:.4}");

    let (mlp, iterations) = spiral::train_mlp(&data, CLASSES, cli.iterations, cli.seed)
        .unwrap_or_else(|e| plotting::fail(e));
    let mlp_acc = spiral::train_accuracy(&mlp, data.x.view(), data.y.view())
        .unwrap_or_else(|e| plotting::fail(e));
    println!(
        "2-layer network (100 ReLU), {iterations} iterations (stops at {MLP_TARGET}): training accuracy {mlp_acc:.4}"
    );

    for (net, acc, name, what) in [
        (
            &linear,
            linear_acc,
            "spiral_linear.png",
            "softmax linear classifier",
        ),
        (&mlp, mlp_acc, "spiral_mlp.png", "2-layer network, 100 ReLU"),
    ] {
        let path = cli.out.join(name);
        let title = format!("{what}: training accuracy {:.0} %", 100.0 * acc);
        spiral::draw_boundary(net, &data, &title, &path).unwrap_or_else(|e| plotting::fail(e));
        println!("wrote {}", path.display());
    }
    println!("linear_accuracy={linear_acc:.2} mlp_accuracy={mlp_acc:.2}");
}
