//! Draws every activation of the crate and its derivative on z in [−5, 5] into PNG files:
//! `activations.png` (a grid with a panel each) and `activation_<name>.png`. See `--help`.

mod plotting;

const USAGE: &str = "\
activations: draws every activation f(z) and its derivative f'(z) on z in [-5, 5] as PNGs:
activations.png (all of them in a grid) and activation_<name>.png (one each).

Options:
  --out DIR    output folder, created if needed (default: target/plots)";

fn main() {
    let cli = plotting::parse_cli(USAGE, false);
    let written = plotting::activations::draw_all(&cli.out).unwrap_or_else(|e| plotting::fail(e));
    for path in &written {
        println!("wrote {}", path.display());
    }
}
