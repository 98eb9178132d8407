//! What the picture examples (`activations`, `spiral`, `function_approximation`) and their test
//! share: the command line, and PNG drawing with plotters' bitmap backend. Text is rendered
//! with the DejaVu Sans font shipped in `examples/assets/` (through plotters' `ab_glyph`
//! feature), so no system font library is needed.
#![allow(dead_code)]

pub mod activations;
pub mod approximation;
pub mod spiral;

use std::path::PathBuf;
use std::process::exit;
use std::sync::OnceLock;

use plotters::style::{register_font, FontStyle, RGBColor};

/// Errors of the drawing code: plotters', ndnet's, or the file system's.
pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// DejaVu Sans (Bitstream Vera license, see `examples/assets/DejaVuSans-LICENSE.txt`).
static FONT: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");

/// Matplotlib's first colours: blue for a function, orange for its derivative.
pub const BLUE: RGBColor = RGBColor(31, 119, 180);
pub const ORANGE: RGBColor = RGBColor(255, 127, 14);

/// Registers the embedded font as plotters' `sans-serif`, once; every drawing function calls
/// this first.
pub fn use_embedded_font() -> Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok =
        *REGISTERED.get_or_init(|| register_font("sans-serif", FontStyle::Normal, FONT).is_ok());
    if ok {
        Ok(())
    } else {
        Err("the embedded DejaVu Sans font could not be parsed".into())
    }
}

/// The picture examples' options.
#[derive(Debug)]
pub struct Cli {
    /// Output folder, `target/plots` (relative to the current directory) by default.
    pub out: PathBuf,
    /// Seed of the data and the initialisation, 0 by default.
    pub seed: u64,
    /// Upper bound on the MLP's full-batch iterations, 10000 by default.
    pub iterations: usize,
}

/// Prints `error: …` and exits with code 2.
pub fn fail(message: impl std::fmt::Display) -> ! {
    eprintln!("error: {message}");
    exit(2)
}

/// Parses the command line; `usage` is printed for `--help`. `--seed` and `--iterations` are
/// accepted only when `training`.
pub fn parse_cli(usage: &str, training: bool) -> Cli {
    use lexopt::Arg::Long;
    let mut cli = Cli {
        out: PathBuf::from("target/plots"),
        seed: 0,
        iterations: 10_000,
    };
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().unwrap_or_else(|e| fail(e)) {
        match arg {
            Long("out") => cli.out = value::<String>(&mut parser, "--out").into(),
            Long("seed") if training => cli.seed = value(&mut parser, "--seed"),
            Long("iterations") if training => {
                cli.iterations = value(&mut parser, "--iterations");
                if cli.iterations == 0 {
                    fail("--iterations: must be at least 1");
                }
            }
            Long("help") => {
                println!("{usage}");
                exit(0);
            }
            other => fail(other.unexpected()),
        }
    }
    cli
}

/// The value of the option `name` just read, parsed; a missing or bad one ends the program
/// through [`fail`].
pub fn value<T: std::str::FromStr>(parser: &mut lexopt::Parser, name: &str) -> T {
    let raw = parser
        .value()
        .unwrap_or_else(|e| fail(e))
        .into_string()
        .unwrap_or_else(|_| fail(format!("{name}: not valid UTF-8")));
    raw.parse()
        .unwrap_or_else(|_| fail(format!("{name}: cannot read `{raw}` as a value")))
}
