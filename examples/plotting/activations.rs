//! Every [`Activation`], and the activation layers (PReLU, Dice, maxout, softmax), with their
//! derivatives on `z ∈ [−5, 5]`, drawn as the source articles show them: one panel per
//! activation with `f(z)` and `f′(z)` as two coloured curves.

use std::path::{Path, PathBuf};

use ndarray::{array, Array1, Array2};
use ndnet::layer::{Dense, Dice, Layer, Maxout, Mode, PRelu, Softmax};
use ndnet::Activation;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::{use_embedded_font, Result, BLUE, ORANGE};

/// Points per curve on `[−5, 5]` (a step of 0.025, so `z = 0` is a sample; more points make
/// plotters' wide lines jagged).
const SAMPLES: usize = 401;
/// Panels per row of the grid image.
const COLUMNS: usize = 4;
/// One panel's size in the grid, in pixels.
const PANEL: (u32, u32) = (420, 320);
/// Height of the grid image's title bar, in pixels.
const HEADER: u32 = 56;

/// One activation sampled on `[−5, 5]`: `f(z)` and `f′(z)`.
#[derive(Debug, Clone)]
pub struct Curve {
    /// The panel title, starting with [`Activation::name`].
    pub title: String,
    /// File name stem of the panel's own PNG, e.g. `activation_relu`.
    pub stem: String,
    /// `(z, f(z))`.
    pub f: Vec<(f64, f64)>,
    /// `(z, f′(z))`.
    pub df: Vec<(f64, f64)>,
}

/// The sample points `z`, from −5 to 5.
fn zs() -> Array1<f64> {
    Array1::linspace(-5.0, 5.0, SAMPLES)
}

/// A curve from the activation's own `eval` and `derivative` on one value.
fn elementwise(activation: Activation, detail: &str) -> Curve {
    let z = zs();
    let title = if detail.is_empty() {
        activation.name().to_string()
    } else {
        format!("{} {detail}", activation.name())
    };
    Curve {
        title,
        stem: format!("activation_{}", activation.name()),
        f: z.iter().map(|&z| (z, activation.eval(z))).collect(),
        df: z.iter().map(|&z| (z, activation.derivative(z))).collect(),
    }
}

/// A curve through a stack of layers on a scalar input: `f` is the last layer's first output,
/// `f′ = ∂f/∂z` comes from the layers' own backward passes, chained from the last to the first.
fn through_layers(layers: &[&dyn Layer<f64>], name: &str, title: &str) -> Result<Curve> {
    let z = zs();
    let mut inputs = vec![z.clone().insert_axis(ndarray::Axis(1))];
    for layer in layers {
        let next = layer.evaluate(inputs[inputs.len() - 1].view(), Mode::Training)?;
        inputs.push(next);
    }
    let out = &inputs[layers.len()];
    let mut grad = Array2::zeros(out.raw_dim());
    grad.column_mut(0).fill(1.0);
    for (layer, input) in layers.iter().zip(&inputs).rev() {
        grad = layer
            .differentiate(input.view(), grad.view())?
            .input()
            .to_owned();
    }
    Ok(Curve {
        title: title.to_string(),
        stem: format!("activation_{name}"),
        f: z.iter().zip(out.column(0)).map(|(&z, &f)| (z, f)).collect(),
        df: z
            .iter()
            .zip(grad.column(0))
            .map(|(&z, &d)| (z, d))
            .collect(),
    })
}

/// Dice on one value in isolation (fresh running statistics: mean 0, variance 1; `α = 0`):
/// `f(z) = z·σ(z/√(1 + ε))`, from the layer in inference mode, with its derivative
/// `p + z·p(1 − p)/√(1 + ε)`, `p = σ(z/√(1 + ε))`. (In training, Dice standardises with the
/// batch's statistics, so its derivative is not a function of one value.)
fn dice_in_isolation() -> Result<Curve> {
    let z = zs();
    let dice = Dice::new(1)?;
    let f = dice.evaluate(z.view().insert_axis(ndarray::Axis(1)), Mode::Inference)?;
    let sd = (1.0 + Dice::<f64>::DEFAULT_EPSILON).sqrt();
    let sigmoid = |v: f64| 1.0 / (1.0 + (-v).exp());
    let df = |z: f64| {
        let p = sigmoid(z / sd);
        p + z * p * (1.0 - p) / sd
    };
    Ok(Curve {
        title: "dice in isolation: z·σ(z)".into(),
        stem: "activation_dice".into(),
        f: z.iter().zip(f.column(0)).map(|(&z, &f)| (z, f)).collect(),
        df: z.iter().map(|&z| (z, df(z))).collect(),
    })
}

/// Every activation of the crate, in the order of the [`Activation`] docs, then the
/// activation layers.
///
/// # Errors
/// Only if one of the fixed layers were rejected by its constructor.
pub fn curves() -> Result<Vec<Curve>> {
    let mut curves = vec![
        elementwise(Activation::Identity, ""),
        elementwise(Activation::Linear { slope: 0.5 }, "(c = 0.5)"),
        elementwise(Activation::Step, "(f′ = 0)"),
        elementwise(Activation::Sigmoid, ""),
        elementwise(Activation::Tanh, ""),
        elementwise(Activation::Relu, ""),
        elementwise(Activation::LeakyRelu { alpha: 0.1 }, "(α = 0.1)"),
        elementwise(Activation::elu(), "(α = 1)"),
        elementwise(Activation::Selu, ""),
        elementwise(Activation::Softplus, ""),
    ];
    let prelu = PRelu::new(1, 0.25)?;
    curves.push(through_layers(
        &[&prelu],
        "prelu",
        "prelu (initial slope 0.25)",
    )?);
    curves.push(dice_in_isolation()?);
    // Maxout of one piece is the identity; draw a unit of three fixed pieces −z, z/2 and
    // z − 1 on a scalar input instead.
    let pieces = Dense::new(
        array![[-1.0], [0.5], [1.0]],
        array![0.0, 0.0, -1.0],
        Activation::Identity,
    )?;
    let maxout = Maxout::new(1, 3)?;
    let title = "maxout: max(−z, z/2, z − 1)";
    curves.push(through_layers(&[&pieces, &maxout], "maxout", title)?);
    // Softmax over one class is the constant 1; draw the first of two classes with scores [z, 0].
    let scores = Dense::new(array![[1.0], [0.0]], array![0.0, 0.0], Activation::Identity)?;
    let softmax = Softmax::new(2)?;
    let title = "softmax([z, 0])₁ = σ(z)";
    curves.push(through_layers(&[&scores, &softmax], "softmax", title)?);
    Ok(curves)
}

/// `[min, max]` of both curves, padded by 10 % (at least 0.1).
fn y_range(curve: &Curve) -> (f64, f64) {
    let (lo, hi) = curve
        .f
        .iter()
        .chain(&curve.df)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(_, y)| {
            (lo.min(y), hi.max(y))
        });
    let pad = ((hi - lo) * 0.1).max(0.1);
    (lo - pad, hi + pad)
}

/// The corner of the plot whose quarter-width, quarter-height box holds the fewest curve points,
/// for the legend.
fn legend_corner(curve: &Curve, (y0, y1): (f64, f64)) -> SeriesLabelPosition {
    let corners = [
        (SeriesLabelPosition::UpperLeft, -5.0, y1),
        (SeriesLabelPosition::UpperRight, 5.0, y1),
        (SeriesLabelPosition::LowerRight, 5.0, y0),
        (SeriesLabelPosition::LowerLeft, -5.0, y0),
    ];
    let near = |(z, y): (f64, f64), cz: f64, cy: f64| {
        (z - cz).abs() < 2.7 && (y - cy).abs() < 0.27 * (y1 - y0)
    };
    corners
        .into_iter()
        .min_by_key(|&(_, cz, cy)| {
            curve
                .f
                .iter()
                .chain(&curve.df)
                .filter(|&&p| near(p, cz, cy))
                .count()
        })
        .map_or(SeriesLabelPosition::UpperLeft, |(corner, _, _)| corner)
}

/// A tick label: no decimals for whole numbers, one otherwise, and a true minus sign.
pub(super) fn tick(v: &f64) -> String {
    let text = if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    };
    text.replace('-', "−")
}

/// Draws one activation into `area`: title, axes with a light grid, the zero lines, `f` in blue
/// and `f′` in orange, and a legend. `scale` multiplies the font sizes.
fn draw_panel(
    area: &DrawingArea<BitMapBackend<'_>, Shift>,
    curve: &Curve,
    scale: f64,
) -> Result<()> {
    let (y0, y1) = y_range(curve);
    let px = |size: f64| (size * scale).round() as u32;
    let mut chart = ChartBuilder::on(area)
        .caption(&curve.title, ("sans-serif", px(20.0)))
        .margin(px(8.0))
        .x_label_area_size(px(26.0))
        .y_label_area_size(px(40.0))
        .build_cartesian_2d(-5.0..5.0, y0..y1)?;
    chart
        .configure_mesh()
        .light_line_style(RGBColor(242, 242, 242))
        .bold_line_style(RGBColor(215, 215, 215))
        .max_light_lines(2)
        .x_labels(11)
        .y_labels(6)
        .label_style(("sans-serif", px(13.0)))
        .x_label_formatter(&tick)
        .y_label_formatter(&tick)
        .draw()?;
    let axis = RGBColor(120, 120, 120);
    chart.draw_series(LineSeries::new([(-5.0, 0.0), (5.0, 0.0)], axis))?;
    if y0 < 0.0 && y1 > 0.0 {
        chart.draw_series(LineSeries::new([(0.0, y0), (0.0, y1)], axis))?;
    }
    chart
        .draw_series(LineSeries::new(
            curve.f.iter().copied(),
            BLUE.stroke_width(px(2.5)),
        ))?
        .label("f(z)")
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], BLUE.stroke_width(3)));
    chart
        .draw_series(LineSeries::new(
            curve.df.iter().copied(),
            ORANGE.stroke_width(px(2.0)),
        ))?
        .label("df/dz")
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], ORANGE.stroke_width(3)));
    chart
        .configure_series_labels()
        .position(legend_corner(curve, (y0, y1)))
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(190, 190, 190))
        .label_font(("sans-serif", px(14.0)))
        .draw()?;
    Ok(())
}

/// Draws the grid of all activations into `dir/activations.png`, and each activation into its
/// own `dir/activation_<name>.png`; creates `dir`. Returns the files written, grid first.
///
/// # Errors
/// A folder or file that cannot be written, or a drawing error.
pub fn draw_all(dir: &Path) -> Result<Vec<PathBuf>> {
    use_embedded_font()?;
    std::fs::create_dir_all(dir)?;
    let curves = curves()?;
    let mut written = Vec::with_capacity(curves.len() + 1);

    let rows = curves.len().div_ceil(COLUMNS);
    let grid_path = dir.join("activations.png");
    let size = (PANEL.0 * COLUMNS as u32, PANEL.1 * rows as u32 + HEADER);
    {
        let root = BitMapBackend::new(&grid_path, size).into_drawing_area();
        root.fill(&WHITE)?;
        let (header, body) = root.split_vertically(HEADER);
        header.draw(&Text::new(
            "Activations f(z) (blue) and their derivatives f′(z) (orange) on z ∈ [−5, 5]",
            (16, 14),
            ("sans-serif", 28).into_font(),
        ))?;
        for (panel, curve) in body.split_evenly((rows, COLUMNS)).iter().zip(&curves) {
            draw_panel(panel, curve, 1.0)?;
        }
        root.present()?;
    }
    written.push(grid_path);

    for curve in &curves {
        let path = dir.join(format!("{}.png", curve.stem));
        {
            let root = BitMapBackend::new(&path, (640, 480)).into_drawing_area();
            root.fill(&WHITE)?;
            draw_panel(&root, curve, 1.4)?;
            root.present()?;
        }
        written.push(path);
    }
    Ok(written)
}
