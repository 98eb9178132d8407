//! The picture examples' drawing code, run into a scratch folder: every PNG must exist, decode,
//! have its size, and show a picture (many colours, much non-white). Accuracy targets are
//! checked on the release runs of the examples in `.ci/run`; here the network trains briefly.

#[path = "../examples/plotting/mod.rs"]
mod plotting;

use std::collections::HashSet;
use std::fs::File;
use std::path::{Path, PathBuf};

/// A fresh folder under cargo's scratch directory for integration tests.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// What a decoded PNG looks like.
struct Summary {
    size: (u32, u32),
    colours: usize,
    non_white: f64,
}

fn summarise(path: &Path) -> Summary {
    let file = File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = png::Decoder::new(file).read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG pixels");
    assert_eq!(info.bit_depth, png::BitDepth::Eight, "{}", path.display());
    let channels = info.color_type.samples();
    assert!(channels >= 3, "{}: {:?}", path.display(), info.color_type);
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|p| &p[..3])
        .collect();
    let colours = pixels.iter().collect::<HashSet<_>>().len();
    let white = pixels
        .iter()
        .filter(|p| p.iter().all(|&c| c == 255))
        .count();
    Summary {
        size: (info.width, info.height),
        colours,
        non_white: 1.0 - white as f64 / pixels.len() as f64,
    }
}

#[test]
fn activations_grid_and_panels_are_pictures() {
    let dir = scratch("activations");
    let written = plotting::activations::draw_all(&dir).expect("drawing succeeds");
    // The grid, then one file per activation: 14 activations, names unique.
    assert_eq!(written.len(), 15);
    assert_eq!(written[0], dir.join("activations.png"));
    assert_eq!(written.iter().collect::<HashSet<_>>().len(), 15);
    assert!(written.contains(&dir.join("activation_prelu.png")));
    assert!(written.contains(&dir.join("activation_maxout.png")));

    let grid = summarise(&written[0]);
    assert_eq!(grid.size, (4 * 420, 4 * 320 + 56));
    assert!(grid.colours > 50, "{} colours", grid.colours);
    assert!(grid.non_white > 0.05, "{} non-white", grid.non_white);
    for path in &written[1..] {
        let panel = summarise(path);
        assert_eq!(panel.size, (640, 480), "{}", path.display());
        assert!(
            panel.colours > 20,
            "{}: {} colours",
            path.display(),
            panel.colours
        );
        assert!(
            panel.non_white > 0.03,
            "{}: {}",
            path.display(),
            panel.non_white
        );
    }
}

#[test]
fn activation_curves_follow_the_crate() {
    let curves = plotting::activations::curves().expect("fixed layers are valid");
    assert_eq!(curves.len(), 14);
    let at = |title: &str, z: f64| {
        let c = curves.iter().find(|c| c.title.starts_with(title)).unwrap();
        let i = c.f.iter().position(|&(x, _)| (x - z).abs() < 1e-9).unwrap();
        (c.f[i].1, c.df[i].1)
    };
    assert_eq!(at("prelu", -2.0), (-0.5, 0.25));
    // max(−z, z/2, z − 1) and the slope of the winning piece.
    assert_eq!(at("maxout", -2.0), (2.0, -1.0));
    assert_eq!(at("maxout", 1.0), (0.5, 0.5));
    assert_eq!(at("maxout", 4.0), (3.0, 1.0));
    // softmax([z, 0])₁ is the sigmoid, with derivative σ(1 − σ).
    let (s, ds) = at("softmax", 1.0);
    let sigmoid = 1.0 / (1.0 + (-1.0f64).exp());
    assert!((s - sigmoid).abs() < 1e-12 && (ds - sigmoid * (1.0 - sigmoid)).abs() < 1e-12);
}

#[test]
fn spiral_boundaries_are_pictures() {
    let dir = scratch("spiral");
    let data = plotting::spiral::spiral(100, 3, 0);
    assert_eq!(data.x.dim(), (300, 2));
    assert!(data.x.iter().all(|v| v.abs() <= 1.0));
    let linear = plotting::spiral::train_linear(&data, 3, 200, 0).expect("training");
    let (mlp, iterations) = plotting::spiral::train_mlp(&data, 3, 300, 0).expect("training");
    assert_eq!(iterations, 300);
    for (net, name) in [(&linear, "spiral_linear.png"), (&mlp, "spiral_mlp.png")] {
        let path = dir.join(name);
        plotting::spiral::draw_boundary(net, &data, "test", &path).expect("drawing succeeds");
        let png = summarise(&path);
        assert_eq!(png.size, (640, 680));
        assert!(png.colours > 20, "{name}: {} colours", png.colours);
        // The coloured decision regions fill most of the image.
        assert!(png.non_white > 0.5, "{name}: {} non-white", png.non_white);
    }
}

#[test]
fn function_approximation_fits_are_a_picture() {
    use plotting::approximation::{self, Settings, FUNCTIONS};
    let dir = scratch("function_approximation");
    let settings = Settings {
        points: 64,
        epochs: 20,
        ..Settings::default()
    };
    let studies: Vec<_> = FUNCTIONS
        .iter()
        .map(|&f| approximation::study(f, &[1, 4], &settings).expect("training"))
        .collect();
    for study in &studies {
        assert_eq!(study.train_x.dim(), (64, 1));
        assert!(study.train_x.iter().all(|x| x.abs() <= 1.0));
        assert_eq!(study.test_x.dim(), (approximation::TEST_POINTS, 1));
        assert_eq!(study.widest().map(|fit| fit.width), Some(4));
        for fit in &study.fits {
            assert_eq!(fit.prediction.dim(), (approximation::TEST_POINTS, 1));
            assert!(
                fit.rmse.is_finite(),
                "{}: {}",
                study.function.name,
                fit.rmse
            );
        }
    }
    // The RMSE of the constant 0 against the step is √(fraction of test points ≥ 0) = √½.
    let step = &studies[2];
    let zero = step.test_y.mapv(|_| 0.0);
    let rmse =
        approximation::rmse_where(step.test_x.view(), zero.view(), step.test_y.view(), |_| {
            true
        });
    assert!((rmse - 0.5f64.sqrt()).abs() < 1e-12, "{rmse}");

    let path = dir.join("function_approximation.png");
    approximation::draw(&studies, &path).expect("drawing succeeds");
    let png = summarise(&path);
    assert_eq!(png.size, (3 * 560, 500 + 56));
    assert!(png.colours > 20, "{} colours", png.colours);
    assert!(png.non_white > 0.03, "{} non-white", png.non_white);
}
