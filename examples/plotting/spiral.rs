//! The spiral of Stanford's CS231n notes ("Putting it together: minimal neural network case
//! study"): three interleaved arms that no linear classifier separates, a softmax linear
//! classifier and a two-layer ReLU network trained on them, and their decision boundaries.

use std::path::Path;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use ndnet::loss::SoftmaxCrossEntropy;
use ndnet::metrics::accuracy;
use ndnet::optim::Sgd;
use ndnet::regularization::L2;
use ndnet::train::Trainer;
use ndnet::{Activation, Network};
use plotters::prelude::*;
use rand::SeedableRng;
use rand_distr::{Distribution, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::{use_embedded_font, Result};

/// CS231n's settings: step size 1.0 and L2 strength 1e-3 (`0.5·reg·Σw²`), full batch.
pub const STEP: f64 = 1.0;
pub const REG: f64 = 1e-3;
/// CS231n trains the linear classifier for 200 iterations.
pub const LINEAR_ITERATIONS: usize = 200;
/// The MLP stops early once its training accuracy reaches this.
pub const MLP_TARGET: f64 = 0.98;
/// The MLP's accuracy is checked every this many iterations.
const CHECK_EVERY: usize = 500;

/// A labelled data set of 2-d points.
#[derive(Debug)]
pub struct Spiral {
    /// `(classes·points, 2)` coordinates.
    pub x: Array2<f64>,
    /// Class of each row, `0..classes`.
    pub y: Array1<usize>,
}

/// CS231n's spiral: for class `j`, radius `r = linspace(0, 1, points)` and angle
/// `t = linspace(4j, 4(j + 1), points) + 0.2·N(0, 1)`, point `(r sin t, r cos t)`.
pub fn spiral(points: usize, classes: usize, seed: u64) -> Spiral {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut x = Array2::zeros((points * classes, 2));
    let mut y = Array1::zeros(points * classes);
    let r = Array1::linspace(0.0, 1.0, points);
    for j in 0..classes {
        let t = Array1::linspace(4.0 * j as f64, 4.0 * (j + 1) as f64, points);
        for i in 0..points {
            let noise: f64 = StandardNormal.sample(&mut rng);
            let t = t[i] + 0.2 * noise;
            let row = j * points + i;
            x[[row, 0]] = r[i] * t.sin();
            x[[row, 1]] = r[i] * t.cos();
            y[row] = j;
        }
    }
    Spiral { x, y }
}

/// Training accuracy of a network whose last layer emits class scores.
pub fn train_accuracy(
    net: &Network<f64>,
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
) -> Result<f64> {
    let predicted = net.predict_classes(x)?;
    Ok(accuracy(y, predicted.view())?)
}

/// `iterations` full-batch SGD steps (step [`STEP`], L2 [`REG`]) with softmax cross-entropy.
fn train(net: &mut Network<f64>, data: &Spiral, iterations: usize, seed: u64) -> Result<()> {
    let mut sgd = Sgd::new(STEP)?;
    Trainer::new()
        .epochs(iterations)
        .batch_size(data.x.nrows())
        .seed(seed)
        .fit(
            net,
            &mut sgd,
            &SoftmaxCrossEntropy,
            &L2::new(REG),
            data.x.view(),
            data.y.view(),
        )?;
    Ok(())
}

/// A softmax linear classifier (no hidden layer), trained for `iterations` full-batch steps.
pub fn train_linear(
    data: &Spiral,
    classes: usize,
    iterations: usize,
    seed: u64,
) -> Result<Network<f64>> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut net = Network::builder(2)
        .dense(classes, Activation::Identity)
        .build(&mut rng)?;
    train(&mut net, data, iterations, seed)?;
    Ok(net)
}

/// A 2-100-`classes` ReLU network, trained full batch until its training accuracy reaches
/// [`MLP_TARGET`] (checked every 500 iterations) or after `max_iterations`. Returns the network
/// and the iterations it ran.
pub fn train_mlp(
    data: &Spiral,
    classes: usize,
    max_iterations: usize,
    seed: u64,
) -> Result<(Network<f64>, usize)> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut net = Network::builder(2)
        .dense(100, Activation::Relu)
        .dense(classes, Activation::Identity)
        .build(&mut rng)?;
    let mut done = 0;
    while done < max_iterations {
        let chunk = CHECK_EVERY.min(max_iterations - done);
        train(&mut net, data, chunk, seed)?;
        done += chunk;
        if train_accuracy(&net, data.x.view(), data.y.view())? >= MLP_TARGET {
            break;
        }
    }
    Ok((net, done))
}

/// Class colours: CS231n's plots use a red, a yellow and a blue.
const CLASS_COLORS: [RGBColor; 3] = [
    RGBColor(215, 48, 39),
    RGBColor(240, 190, 40),
    RGBColor(49, 104, 190),
];

fn class_color(class: usize) -> RGBColor {
    CLASS_COLORS[class % CLASS_COLORS.len()]
}

/// The plotted square, `[−LIMIT, LIMIT]²`.
const LIMIT: f64 = 1.25;
/// Grid cells per side of the decision-region background.
const CELLS: usize = 250;

/// Draws `net`'s decision regions over `[−1.25, 1.25]²` (a light-coloured grid of predicted
/// classes) with the data points on top, into a 640 × 680 PNG at `path`.
///
/// # Errors
/// A file that cannot be written, or a drawing error.
pub fn draw_boundary(net: &Network<f64>, data: &Spiral, title: &str, path: &Path) -> Result<()> {
    use_embedded_font()?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let h = 2.0 * LIMIT / CELLS as f64;
    let centre = |i: usize| -LIMIT + (i as f64 + 0.5) * h;
    let grid = Array2::from_shape_fn((CELLS * CELLS, 2), |(k, c)| {
        if c == 0 {
            centre(k % CELLS)
        } else {
            centre(k / CELLS)
        }
    });
    let predicted = net.predict_classes(grid.view())?;

    let root = BitMapBackend::new(path, (640, 680)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 22))
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(40)
        .build_cartesian_2d(-LIMIT..LIMIT, -LIMIT..LIMIT)?;
    chart.draw_series(predicted.iter().enumerate().map(|(k, &class)| {
        let (x, y) = (centre(k % CELLS), centre(k / CELLS));
        let fill = class_color(class).mix(0.35).filled();
        Rectangle::new(
            [(x - h / 2.0, y - h / 2.0), (x + h / 2.0, y + h / 2.0)],
            fill,
        )
    }))?;
    chart
        .configure_mesh()
        .disable_mesh()
        .label_style(("sans-serif", 15))
        .x_label_formatter(&|v| format!("{v:.1}").replace('-', "−"))
        .y_label_formatter(&|v| format!("{v:.1}").replace('-', "−"))
        .draw()?;
    for class in 0..data.y.iter().max().map_or(0, |&m| m + 1) {
        let points = data
            .x
            .rows()
            .into_iter()
            .zip(&data.y)
            .filter(|(_, &y)| y == class)
            .map(|(row, _)| (row[0], row[1]));
        chart
            .draw_series(points.map(|p| {
                EmptyElement::at(p)
                    + Circle::new((0, 0), 5, class_color(class).filled())
                    + Circle::new((0, 0), 5, BLACK.stroke_width(1))
            }))?
            .label(format!("class {class}"))
            .legend(move |(x, y)| Circle::new((x + 8, y), 5, class_color(class).filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(150, 150, 150))
        .label_font(("sans-serif", 17))
        .draw()?;
    root.present()?;
    Ok(())
}
