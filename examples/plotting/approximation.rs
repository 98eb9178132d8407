//! The universal approximation theorem, by experiment: networks with one hidden layer of `W`
//! tanh units (`1 → W → 1`, identity output) fitted by least squares to functions on
//! `[−1, 1]`, their error on a dense test grid, and a picture of the fits.

use std::path::Path;

use ndarray::{Array1, Array2, ArrayView2};
use ndnet::init::Init;
use ndnet::loss::SquaredError;
use ndnet::optim::{Adam, Schedule};
use ndnet::regularization::NoPenalty;
use ndnet::train::Trainer;
use ndnet::{Activation, Network};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::activations::tick;
use super::{use_embedded_font, Result, BLUE, ORANGE};

/// A function to approximate on `[−1, 1]`.
#[derive(Debug, Clone, Copy)]
pub struct Function {
    /// Short name, for the machine-readable line: `sin`, `abs`, `step`.
    pub name: &'static str,
    /// How the table and the picture write it.
    pub label: &'static str,
    /// The function itself.
    pub f: fn(f64) -> f64,
}

/// `sin(2πx)` (one full period), `|x|` (a kink at 0) and the unit step (a jump at 0).
pub const FUNCTIONS: [Function; 3] = [
    Function {
        name: "sin",
        label: "sin(2πx)",
        f: |x| (2.0 * std::f64::consts::PI * x).sin(),
    },
    Function {
        name: "abs",
        label: "|x|",
        f: f64::abs,
    },
    Function {
        name: "step",
        label: "step (x ≥ 0)",
        f: |x| if x >= 0.0 { 1.0 } else { 0.0 },
    },
];

/// The hidden widths compared.
pub const WIDTHS: [usize; 7] = [1, 2, 4, 8, 16, 32, 64];
/// Points of the test grid, evenly spaced from −1 to 1 (none of them is a training point).
pub const TEST_POINTS: usize = 1000;

/// How the networks are trained. [`Settings::default`] is what the example runs.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Training points, drawn uniformly from `[−1, 1]`.
    pub points: usize,
    /// Passes over the training points.
    pub epochs: usize,
    /// Samples per Adam step.
    pub batch_size: usize,
    /// Adam's first learning rate; a cosine schedule takes it to `min_rate` at the last epoch.
    pub learning_rate: f64,
    /// The learning rate at the end of the cosine schedule.
    pub min_rate: f64,
    /// Seed of the training points, the initial weights and the shuffling.
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            points: 256,
            epochs: 1000,
            batch_size: 32,
            learning_rate: 0.01,
            min_rate: 1e-4,
            seed: 0,
        }
    }
}

/// The training inputs: `points` values drawn uniformly from `[−1, 1]`, as a `(points, 1)`
/// column.
pub fn training_inputs(points: usize, seed: u64) -> Array2<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    Array2::from_shape_simple_fn((points, 1), || rng.random_range(-1.0..=1.0))
}

/// The test grid: [`TEST_POINTS`] evenly spaced values from −1 to 1, as a column.
pub fn test_grid() -> Array2<f64> {
    Array1::linspace(-1.0, 1.0, TEST_POINTS).insert_axis(ndarray::Axis(1))
}

/// Root-mean-square difference of the rows of `prediction` and `target` for which `keep(x)`
/// holds (`x` the input of the row).
pub fn rmse_where(
    x: ArrayView2<'_, f64>,
    prediction: ArrayView2<'_, f64>,
    target: ArrayView2<'_, f64>,
    keep: impl Fn(f64) -> bool,
) -> f64 {
    let (sum, count) = x
        .iter()
        .zip(prediction.iter().zip(target))
        .filter(|(&x, _)| keep(x))
        .fold((0.0, 0usize), |(sum, n), (_, (p, t))| {
            (sum + (p - t) * (p - t), n + 1)
        });
    (sum / count.max(1) as f64).sqrt()
}

/// Fits a `1 → width → 1` network (tanh, then identity) to `(x, y)` by squared error with Adam
/// under a cosine schedule, and returns it.
///
/// The hidden layer starts from `N(0, 1)` weights and biases, which puts the units' centres
/// `−b/w` all over the interval. (The default for tanh, Xavier uniform with zero biases, gives
/// one input and many units weights of about ±0.3 all centred at 0: nearly linear units that
/// Adam takes far longer to spread out; a 64-unit network then fits sin(2πx) no better than a
/// straight line in this budget.)
pub fn train(
    width: usize,
    x: ArrayView2<'_, f64>,
    y: ArrayView2<'_, f64>,
    settings: &Settings,
) -> Result<Network<f64>> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(settings.seed);
    let mut net = Network::builder(1)
        .dense_with_init(width, Activation::Tanh, Init::StandardNormal)
        .dense(1, Activation::Identity)
        .build(&mut rng)?;
    let mut adam = Adam::builder()
        .learning_rate(settings.learning_rate)
        .schedule(Schedule::Cosine {
            epochs: settings.epochs,
            min_rate: settings.min_rate,
        })
        .build()?;
    Trainer::new()
        .epochs(settings.epochs)
        .batch_size(settings.batch_size)
        .seed(settings.seed)
        .fit(&mut net, &mut adam, &SquaredError, &NoPenalty, x, y)?;
    Ok(net)
}

/// One network's fit: its width, its predictions on the test grid and their RMSE.
#[derive(Debug, Clone)]
pub struct Fit {
    /// Hidden units.
    pub width: usize,
    /// The network's output at each point of the test grid.
    pub prediction: Array2<f64>,
    /// RMSE against the function on the whole test grid.
    pub rmse: f64,
}

/// A function with its training points and one fit per width.
#[derive(Debug, Clone)]
pub struct Study {
    /// The function fitted.
    pub function: Function,
    /// The training set, `(points, 1)` inputs and targets.
    pub train_x: Array2<f64>,
    pub train_y: Array2<f64>,
    /// The test grid and the function on it.
    pub test_x: Array2<f64>,
    pub test_y: Array2<f64>,
    /// One fit per width, in the order given.
    pub fits: Vec<Fit>,
}

impl Study {
    /// The fit of the widest network.
    pub fn widest(&self) -> Option<&Fit> {
        self.fits.iter().max_by_key(|fit| fit.width)
    }
}

/// Trains one network per width on `function` and measures each on the test grid.
///
/// # Errors
/// An invalid setting (zero epochs, points or batch size, a bad rate), or a diverged run.
pub fn study(function: Function, widths: &[usize], settings: &Settings) -> Result<Study> {
    let train_x = training_inputs(settings.points, settings.seed);
    let train_y = train_x.mapv(function.f);
    let test_x = test_grid();
    let test_y = test_x.mapv(function.f);
    let mut fits = Vec::with_capacity(widths.len());
    for &width in widths {
        let net = train(width, train_x.view(), train_y.view(), settings)?;
        let prediction = net.forward(test_x.view())?;
        let rmse = rmse_where(test_x.view(), prediction.view(), test_y.view(), |_| true);
        fits.push(Fit {
            width,
            prediction,
            rmse,
        });
    }
    Ok(Study {
        function,
        train_x,
        train_y,
        test_x,
        test_y,
        fits,
    })
}

/// The widths drawn in the picture (those of them that were fitted).
pub const DRAWN: [usize; 4] = [1, 4, 16, 64];
/// One panel's size, in pixels.
const PANEL: (u32, u32) = (560, 500);
/// Height of the title bar, in pixels.
const HEADER: u32 = 56;
/// Colours of the drawn widths, after blue and orange: matplotlib's green and red.
const FIT_COLORS: [RGBColor; 4] = [BLUE, ORANGE, RGBColor(44, 160, 44), RGBColor(214, 39, 40)];

/// Every how many test points a curve is drawn (plotters' wide lines turn jagged when the
/// points are closer than a pixel or two).
const DRAW_EVERY: usize = 3;

/// `(x, y)` pairs of two columns, every [`DRAW_EVERY`]th row and the last.
fn curve<'a>(x: &'a Array2<f64>, y: &'a Array2<f64>) -> impl Iterator<Item = (f64, f64)> + 'a {
    let last = x.nrows().saturating_sub(1);
    let pairs = x.iter().copied().zip(y.iter().copied()).enumerate();
    pairs
        .filter(move |&(i, _)| i % DRAW_EVERY == 0 || i == last)
        .map(|(_, p)| p)
}

/// Height of the legend strip under each chart, in pixels: two columns of three rows.
const LEGEND: u32 = 72;

/// Draws `entries` (label, colour) into `area`, down two columns, each after a short line.
fn draw_legend(
    area: &DrawingArea<BitMapBackend<'_>, Shift>,
    entries: &[(String, RGBColor)],
) -> Result<()> {
    let column = (area.dim_in_pixel().0 as i32 - 60) / 2;
    for (i, (label, color)) in entries.iter().enumerate() {
        let (x, y) = (50 + column * (i as i32 / 3), 12 + 22 * (i as i32 % 3));
        area.draw(&PathElement::new(
            [(x, y), (x + 24, y)],
            color.stroke_width(3),
        ))?;
        let font =
            TextStyle::from(("sans-serif", 15).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
        area.draw(&Text::new(label.as_str(), (x + 32, y), font))?;
    }
    Ok(())
}

/// Draws one study: the function in black, the fits of the [`DRAWN`] widths in colour, the
/// training inputs as grey ticks along the bottom, and below the chart a legend giving each
/// fit's RMSE.
fn draw_panel(area: &DrawingArea<BitMapBackend<'_>, Shift>, study: &Study) -> Result<()> {
    let (lo, hi) = study
        .test_y
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &y| {
            (lo.min(y), hi.max(y))
        });
    let pad = 0.15 * (hi - lo);
    let (upper, legend) = area.split_vertically(area.dim_in_pixel().1 - LEGEND);
    let mut chart = ChartBuilder::on(&upper)
        .caption(study.function.label, ("sans-serif", 22))
        .margin(10)
        .x_label_area_size(28)
        .y_label_area_size(40)
        .build_cartesian_2d(-1.0..1.0, (lo - pad)..(hi + pad))?;
    chart
        .configure_mesh()
        .light_line_style(RGBColor(242, 242, 242))
        .bold_line_style(RGBColor(215, 215, 215))
        .max_light_lines(1)
        .x_labels(5)
        .y_labels(6)
        .label_style(("sans-serif", 14))
        .x_label_formatter(&tick)
        .y_label_formatter(&tick)
        .draw()?;
    let (bottom, rug) = (lo - pad, 0.04 * (hi - lo));
    let grey = RGBColor(150, 150, 150);
    chart.draw_series(
        study
            .train_x
            .iter()
            .map(|&x| PathElement::new([(x, bottom), (x, bottom + rug)], grey.stroke_width(1))),
    )?;
    let target = curve(&study.test_x, &study.test_y);
    chart.draw_series(LineSeries::new(target, BLACK.stroke_width(3)))?;
    let mut entries = vec![("target".to_string(), BLACK)];
    let drawn = study.fits.iter().filter(|fit| DRAWN.contains(&fit.width));
    for (fit, &color) in drawn.zip(FIT_COLORS.iter().cycle()) {
        let line = curve(&study.test_x, &fit.prediction);
        chart.draw_series(LineSeries::new(line, color.stroke_width(2)))?;
        let units = if fit.width == 1 { "unit" } else { "units" };
        entries.push((
            format!("{} {units}: RMSE {:.3}", fit.width, fit.rmse),
            color,
        ));
    }
    draw_legend(&legend, &entries)
}

/// Draws the studies side by side, one panel each, under a title, into a PNG at `path`;
/// creates its folder.
///
/// # Errors
/// A folder or file that cannot be written, or a drawing error.
pub fn draw(studies: &[Study], path: &Path) -> Result<()> {
    use_embedded_font()?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let columns = studies.len().max(1);
    let size = (PANEL.0 * columns as u32, PANEL.1 + HEADER);
    let root = BitMapBackend::new(path, size).into_drawing_area();
    root.fill(&WHITE)?;
    let (header, body) = root.split_vertically(HEADER);
    header.draw(&Text::new(
        "One hidden layer of tanh units fitted on [−1, 1] (grey ticks: the training inputs)",
        (16, 14),
        ("sans-serif", 28).into_font(),
    ))?;
    for (panel, study) in body.split_evenly((1, columns)).iter().zip(studies) {
        draw_panel(panel, study)?;
    }
    root.present()?;
    Ok(())
}
