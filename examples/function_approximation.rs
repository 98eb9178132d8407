//! The universal approximation theorem, shown: one hidden layer is enough to approximate any
//! continuous function on an interval, given enough units. Networks `1 → W → 1` (tanh hidden
//! units, identity output) of width W = 1, 2, 4, …, 64 are fitted by squared error (Adam) to
//! `sin(2πx)`, `|x|` and the unit step on `[−1, 1]`, from 256 random training points. The
//! example prints each one's RMSE on a grid of 1000 other points, draws the fits of a few
//! widths to `function_approximation.png`, and ends with a machine-readable line:
//!
//! ```text
//! cargo run --release --example function_approximation -- --out target/plots
//! ...
//! widest_rmse sin=0.0070 abs=0.0076 step=0.0625
//! ```
//!
//! The error of the two continuous functions falls with the width; the step's does not vanish,
//! as no continuous function follows a jump. If the widest network misses the RMSE target on
//! `sin` or `|x|`, the example says so in one line and exits with code 1, so CI can run it as a
//! check. See `--help`.

mod plotting;

use std::path::PathBuf;
use std::process::exit;
use std::time::Instant;

use plotting::approximation::{self, Settings, Study, FUNCTIONS, WIDTHS};

const USAGE: &str = "\
function_approximation: fits networks with one hidden layer of 1, 2, 4, ..., 64 tanh units to
sin(2 pi x), |x| and the unit step on [-1, 1] (256 random training points, squared error, Adam
from 0.01 with a cosine schedule, batch 32), prints each one's RMSE on a grid of 1000 test
points and draws the fits to function_approximation.png. The last line is machine-readable:
widest_rmse sin=... abs=... step=... (the 64-unit networks). Exit code 1 if the widest network's
RMSE on sin or |x| is above 0.05; 2 for a bad option or a failed run.

Options:
  --seed S          seed of the training points, the weights and the shuffling (default 0)
  --epochs N        passes over the training points (default 1000)
  --out DIR         output folder, created if needed (default: target/plots)
  -h, --help        this text";

/// The widest network must reach this RMSE on the continuous functions.
const TARGET_RMSE: f64 = 0.05;
/// The step's error is also measured this far from its jump and further.
const AWAY_FROM_JUMP: f64 = 0.1;

/// The options: output folder and training settings.
struct Options {
    out: PathBuf,
    settings: Settings,
}

fn parse() -> Options {
    use lexopt::Arg::{Long, Short};
    let mut o = Options {
        out: PathBuf::from("target/plots"),
        settings: Settings::default(),
    };
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().unwrap_or_else(|e| plotting::fail(e)) {
        match arg {
            Long("out") => o.out = plotting::value::<String>(&mut parser, "--out").into(),
            Long("seed") => o.settings.seed = plotting::value(&mut parser, "--seed"),
            Long("epochs") => {
                o.settings.epochs = plotting::value(&mut parser, "--epochs");
                if o.settings.epochs == 0 {
                    plotting::fail("--epochs: must be at least 1");
                }
            }
            Long("help") | Short('h') => {
                println!("{USAGE}");
                exit(0);
            }
            other => plotting::fail(other.unexpected()),
        }
    }
    o
}

/// Prints the RMSE table: a row per function, a column per width, and for the step a second
/// row measured away from its jump.
fn print_table(studies: &[Study]) {
    print!("{:<20}", "RMSE \\ hidden units");
    for width in WIDTHS {
        print!("{width:>8}");
    }
    println!();
    for study in studies {
        print!("{:<20}", study.function.label);
        for fit in &study.fits {
            print!("{:>8.4}", fit.rmse);
        }
        println!();
        if study.function.name == "step" {
            print!("{:<20}", format!("  only |x| ≥ {AWAY_FROM_JUMP}"));
            for fit in &study.fits {
                let away = approximation::rmse_where(
                    study.test_x.view(),
                    fit.prediction.view(),
                    study.test_y.view(),
                    |x| x.abs() >= AWAY_FROM_JUMP,
                );
                print!("{away:>8.4}");
            }
            println!();
        }
    }
}

fn main() {
    let o = parse();
    let s = &o.settings;
    println!(
        "function approximation: 1-W-1 networks (tanh, then identity) on [-1, 1]\n\
         training: {} random points (seed {}), squared error, Adam from {} (cosine to {}), \
         batch {}, {} epochs\ntest: RMSE on {} evenly spaced points",
        s.points,
        s.seed,
        s.learning_rate,
        s.min_rate,
        s.batch_size,
        s.epochs,
        approximation::TEST_POINTS
    );
    let started = Instant::now();
    let studies: Vec<Study> = FUNCTIONS
        .iter()
        .map(|&f| approximation::study(f, &WIDTHS, s).unwrap_or_else(|e| plotting::fail(e)))
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "trained {} networks in {seconds:.1} s\n",
        studies.len() * WIDTHS.len()
    );
    print_table(&studies);
    println!(
        "\nThe step is discontinuous and a network of tanh units is not: its fit has to climb \
         from 0 to 1\nsomewhere between the training points nearest x = 0, so its error stays \
         around the jump\nwhatever the width (above), while away from the jump it is small.\n"
    );

    let path = o.out.join("function_approximation.png");
    approximation::draw(&studies, &path).unwrap_or_else(|e| plotting::fail(e));
    println!("wrote {}", path.display());

    let widest: Vec<(&str, f64)> = studies
        .iter()
        .map(|st| {
            (
                st.function.name,
                st.widest().map_or(f64::NAN, |fit| fit.rmse),
            )
        })
        .collect();
    let line: Vec<String> = widest
        .iter()
        .map(|(name, rmse)| format!("{name}={rmse:.4}"))
        .collect();
    println!("widest_rmse {}", line.join(" "));
    for (name, rmse) in widest {
        // A NaN error fails too.
        if name != "step" && (rmse.is_nan() || rmse > TARGET_RMSE) {
            eprintln!(
                "FAIL: the widest network's RMSE on {name} is {rmse:.4}, above the target {TARGET_RMSE}"
            );
            exit(1);
        }
    }
}
