//! Loss values against numpy and PyTorch, stability at extreme logits, and the errors bad
//! targets give.

mod common;

use common::{assert_gradients_close, normal, numeric_gradient};
use ndarray::{array, Array2, ArrayView2};
use ndnet::loss::{
    AbsoluteError, BinaryCrossEntropy, Hinge, Huber, Loss, MulticlassHinge, OneVsRestHinge,
    SoftmaxCrossEntropy, SquaredError,
};
use ndnet::Error;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

fn value_and_grad<L: Loss<f64>>(
    loss: &L,
    s: &Array2<f64>,
    t: ndnet::loss::Targets<'_, f64>,
) -> (f64, Array2<f64>) {
    let mut g = Array2::zeros(s.raw_dim());
    let v = loss.loss_and_gradient(s.view(), t, g.view_mut()).unwrap();
    (v, g)
}

#[test]
fn binary_cross_entropy_matches_numpy() {
    // s = np.array([-2.0, 0.5, 3.0, -0.25]); y = np.array([0, 1, 0, 1])
    // np.mean(np.logaddexp(0, s) - y*s)          -> 1.118882941668916
    // (1/(1+np.exp(-s)) - y) / 4                  -> [0.02980073050552939, -0.09438516719953635,
    //                                                  0.23814353170560834, -0.14054412522144952]
    let s = array![[-2.0], [0.5], [3.0], [-0.25]];
    let y = array![0usize, 1, 0, 1];
    let (v, g) = value_and_grad(&BinaryCrossEntropy, &s, y.view().into());
    assert!(close(v, 1.118882941668916), "{v}");
    let want = [
        0.02980073050552939,
        -0.09438516719953635,
        0.23814353170560834,
        -0.14054412522144952,
    ];
    for (got, want) in g.iter().zip(want) {
        assert!(close(*got, want), "{got} vs {want}");
    }
}

#[test]
fn softmax_cross_entropy_matches_numpy() {
    // S = np.array([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]]); Y = np.array([2, 0])
    // lse = np.log(np.exp(S).sum(1)); np.mean(lse - S[np.arange(2), Y])   -> 3.015126343932687
    // P = np.exp(S - lse[:, None]); P[np.arange(2), Y] -= 1; P / 2
    let s = array![[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]];
    let y = array![2usize, 0];
    let (v, g) = value_and_grad(&SoftmaxCrossEntropy, &s, y.view().into());
    assert!(close(v, 3.015126343932687), "{v}");
    let want = array![
        [
            0.11561194881107455,
            0.31426585960588127,
            -0.4298778084169558
        ],
        [-0.4914260872272398, 0.02330631128898695, 0.4681197759382528]
    ];
    for (got, want) in g.iter().zip(want.iter()) {
        assert!(close(*got, *want), "{got} vs {want}");
    }
}

#[test]
fn hinge_losses_match_numpy_and_cs231n() {
    // s = np.array([0.3, -2.0, 1.5, 0.9]); t = 2*np.array([1, 0, 0, 1]) - 1
    // np.mean(np.maximum(0, 1 - t*s))   -> 0.8250000000000001
    let s = array![[0.3], [-2.0], [1.5], [0.9]];
    let y = array![1usize, 0, 0, 1];
    let (v, g) = value_and_grad(&Hinge, &s, y.view().into());
    assert!(close(v, 0.825), "{v}");
    assert_eq!(g.column(0).to_vec(), vec![-0.25, 0.0, 0.25, -0.25]);

    // CS231n's cat/car/frog example: per-sample losses 2.9, 0, 12.9, mean 5.266666666666667
    // S = np.array([[3.2,5.1,-1.7],[1.3,4.9,2.0],[2.2,2.5,-3.1]]); Y = np.array([0,1,2])
    // m = np.maximum(0, S - S[np.arange(3), Y][:, None] + 1); m[np.arange(3), Y] = 0; m.sum(1).mean()
    let s = array![[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]];
    let y = array![0usize, 1, 2];
    let (v, g) = value_and_grad(&MulticlassHinge, &s, y.view().into());
    assert!(close(v, 5.266666666666667), "{v}");
    let third = 1.0 / 3.0;
    assert_eq!(g.row(0).to_vec(), vec![-third, third, 0.0]);
    assert_eq!(g.row(1).to_vec(), vec![0.0, 0.0, 0.0]);
    assert_eq!(g.row(2).to_vec(), vec![third, third, -2.0 * third]);

    // S = np.array([[0.5, 0.2, -2.0], [-0.3, 1.4, 0.9]]); Y = np.array([0, 2])
    // T = -np.ones_like(S); T[np.arange(2), Y] = 1
    // np.maximum(0, 1 - T*S).sum(1).mean()   -> 2.4499999999999997
    // np.where(1 - T*S > 0, -T, 0) / 2       -> [[-0.5, 0.5, 0], [0.5, 0.5, -0.5]]
    let s = array![[0.5, 0.2, -2.0], [-0.3, 1.4, 0.9]];
    let y = array![0usize, 2];
    let (v, g) = value_and_grad(&OneVsRestHinge, &s, y.view().into());
    assert!(close(v, 2.45), "{v}");
    assert_eq!(g, array![[-0.5, 0.5, 0.0], [0.5, 0.5, -0.5]]);
}

#[test]
fn squared_error_matches_numpy() {
    // S = np.array([[0.5,-1.0],[2.0,0.0]]); T = np.array([[1.0,1.0],[0.0,-0.5]])
    // np.mean(0.5*((S-T)**2).sum(1))   -> 2.125
    let s = array![[0.5, -1.0], [2.0, 0.0]];
    let t = array![[1.0, 1.0], [0.0, -0.5]];
    let (v, g) = value_and_grad(&SquaredError, &s, t.view().into());
    assert!(close(v, 2.125), "{v}");
    assert_eq!(g, (&s - &t) / 2.0);
}

fn assert_finite_everywhere<L: Loss<f32> + Loss<f64>>(loss: &L, k: usize) {
    for &mag in &[1e4, -1e4, 1e30, -1e30] {
        let labels: Vec<usize> = (0..k.max(2)).map(|i| i % k.max(2)).collect();
        let y = ndarray::Array1::from(labels.clone());
        let cols = if k == 1 { 1 } else { k };
        // Rows with the extreme value on each column, and one with all columns extreme.
        let s64 = Array2::from_shape_fn((labels.len(), cols), |(i, j)| {
            if i % cols == j || i == 0 {
                mag
            } else {
                -mag / 2.0
            }
        });
        let s32 = s64.mapv(|v| v as f32);
        let mut g64 = Array2::<f64>::zeros(s64.raw_dim());
        let mut g32 = Array2::<f32>::zeros(s32.raw_dim());
        let v64: f64 = loss
            .loss_and_gradient(s64.view(), y.view().into(), g64.view_mut())
            .unwrap();
        let v32: f32 = loss
            .loss_and_gradient(s32.view(), y.view().into(), g32.view_mut())
            .unwrap();
        let name = Loss::<f64>::name(loss);
        assert!(
            v64.is_finite() && v32.is_finite(),
            "{name} at {mag}: {v64} / {v32}"
        );
        assert!(
            g64.iter().all(|g| g.is_finite()),
            "{name} f64 gradient at {mag}"
        );
        assert!(
            g32.iter().all(|g| g.is_finite()),
            "{name} f32 gradient at {mag}"
        );
    }
}

#[test]
fn losses_and_gradients_stay_finite_at_extreme_logits() {
    assert_finite_everywhere(&BinaryCrossEntropy, 1);
    assert_finite_everywhere(&SoftmaxCrossEntropy, 4);
    assert_finite_everywhere(&Hinge, 1);
    assert_finite_everywhere(&MulticlassHinge, 4);
    assert_finite_everywhere(&OneVsRestHinge, 4);
}

#[test]
fn cross_entropy_at_extreme_logits_has_the_exact_value() {
    // A confidently wrong logit of 1e4 costs exactly 1e4 nats; a right one costs 0.
    let s = array![[1e4f32], [-1e4]];
    let v: f32 = BinaryCrossEntropy
        .loss(s.view(), array![0usize, 1].view().into())
        .unwrap();
    assert_eq!(v, 1e4);
    let v: f32 = BinaryCrossEntropy
        .loss(s.view(), array![1usize, 0].view().into())
        .unwrap();
    assert_eq!(v, 0.0);
    let s = array![[1e4f64, -1e4, 0.0]];
    let v: f64 = SoftmaxCrossEntropy
        .loss(s.view(), array![1usize].view().into())
        .unwrap();
    assert_eq!(v, 2e4);
}

#[test]
fn bad_targets_give_typed_errors() {
    let s = array![[0.1f64], [0.2]];
    match BinaryCrossEntropy.loss(s.view(), array![0usize, 2].view().into()) {
        Err(Error::InvalidLabel { row: 1, value, .. }) => assert_eq!(value, "2"),
        other => panic!("expected InvalidLabel, got {other:?}"),
    }
    match Hinge.loss(s.view(), array![0usize].view().into()) {
        Err(Error::ShapeMismatch { .. }) => {}
        other => panic!("expected ShapeMismatch, got {other:?}"),
    }
    let s3 = array![[0.1f64, 0.2, 0.3]];
    match SoftmaxCrossEntropy.loss(s3.view(), array![3usize].view().into()) {
        Err(Error::InvalidLabel { row: 0, .. }) => {}
        other => panic!("expected InvalidLabel, got {other:?}"),
    }
    match BinaryCrossEntropy.loss(s3.view(), array![1usize].view().into()) {
        Err(Error::ShapeMismatch { .. }) => {}
        other => panic!("expected ShapeMismatch for 3 logits, got {other:?}"),
    }
    match SoftmaxCrossEntropy.loss(s3.view(), s3.view().into()) {
        Err(Error::TargetKind { .. }) => {}
        other => panic!("expected TargetKind, got {other:?}"),
    }
    let empty = Array2::<f64>::zeros((0, 3));
    match SoftmaxCrossEntropy.loss(
        empty.view(),
        ndarray::Array1::<usize>::zeros(0).view().into(),
    ) {
        Err(Error::EmptyData(_)) => {}
        other => panic!("expected EmptyData, got {other:?}"),
    }
    let t = array![[f64::NAN, 0.0, 0.0]];
    match SquaredError.loss(s3.view(), t.view().into()) {
        Err(Error::NonFinite { .. }) => {}
        other => panic!("expected NonFinite, got {other:?}"),
    }
}

/// A batch whose differences `s − t` are 0 (twice, once exactly), on both sides of `δ = 0.5`
/// and `δ = 1`, and exactly at `δ = 0.5`:
/// `[[0, −1, 1.5], [0.5, −1.25, −0.25], [0.2, −1.1, 0]]`.
fn regression_batch() -> (Array2<f64>, Array2<f64>) {
    let s = array![[0.25, -1.0, 2.0], [1.5, 0.5, -0.75], [0.3, -0.7, 2.2]];
    let t = array![[0.25, 0.0, 0.5], [1.0, 1.75, -0.5], [0.1, 0.4, 2.2]];
    (s, t)
}

fn assert_all_close(what: &str, got: &Array2<f64>, want: &Array2<f64>) {
    assert_eq!(got.dim(), want.dim(), "{what}");
    for (g, w) in got.iter().zip(want) {
        assert!(close(*g, *w), "{what}: {got} vs {want}");
    }
}

// The values below come from PyTorch 2.15 in float64, summed over outputs and divided by the
// batch size (ndnet's convention), gradients by autograd:
//   S = torch.tensor([[0.25, -1.0, 2.0], [1.5, 0.5, -0.75], [0.3, -0.7, 2.2]],
//                    dtype=torch.float64, requires_grad=True)
//   T = torch.tensor([[0.25, 0.0, 0.5], [1.0, 1.75, -0.5], [0.1, 0.4, 2.2]], dtype=torch.float64)
//   v = torch.nn.HuberLoss(reduction='sum', delta=0.5)(S, T) / 3; v.backward(); v, S.grad
//   (and again with torch.nn.HuberLoss(reduction='sum'), the default delta = 1.0,
//    and with torch.nn.L1Loss(reduction='sum'))

#[test]
fn huber_matches_pytorch() {
    let (s, t) = regression_batch();
    let (v, g) = value_and_grad(&Huber::new(0.5).unwrap(), &s, t.view().into());
    assert!(close(v, 0.7004166666666668), "{v}");
    let third = 0.16666666666666666;
    let want = array![
        [0.0, -third, third],
        [third, -third, -0.08333333333333333],
        [0.06666666666666665, -third, 0.0]
    ];
    assert_all_close("Huber(0.5) gradient", &g, &want);

    let (v, g) = value_and_grad(&Huber::default(), &s, t.view().into());
    assert!(close(v, 1.00875), "{v}");
    let third = 0.3333333333333333;
    let want = array![
        [0.0, -third, third],
        [0.16666666666666666, -third, -0.08333333333333333],
        [0.06666666666666665, -third, 0.0]
    ];
    assert_all_close("Huber(1) gradient", &g, &want);
}

#[test]
fn absolute_error_matches_pytorch() {
    let (s, t) = regression_batch();
    let (v, g) = value_and_grad(&AbsoluteError, &s, t.view().into());
    assert!(close(v, 1.9333333333333336), "{v}");
    let third = 0.3333333333333333;
    let want = array![
        [0.0, -third, third],
        [third, -third, -third],
        [third, -third, 0.0]
    ];
    assert_all_close("AbsoluteError gradient", &g, &want);
}

/// Central differences of the batch loss in the scores, with targets placed so that every
/// difference `s − t` is at least 0.1 from the kinks (0 and `±kink`).
fn check_regression_gradient<L: Loss<f64>>(loss: &L, kink: f64, seed: u64) {
    let scores = normal(8, 3, seed) * 3.0;
    let d = normal(8, 3, seed + 1).mapv(|d| {
        let near = |k: f64| (d - k).abs() < 0.1;
        if near(0.0) || near(kink) || near(-kink) {
            d + 0.25
        } else {
            d
        }
    });
    assert!(d
        .iter()
        .all(|&d| [0.0, kink, -kink].iter().all(|k| (d - k).abs() >= 0.1)));
    let targets = &scores - &d;
    let (_, grad) = value_and_grad(loss, &scores, targets.view().into());
    let shape = scores.raw_dim();
    let mut flat = scores.into_raw_vec_and_offset().0;
    let numeric = numeric_gradient(&mut flat, |s| {
        let s = ArrayView2::from_shape(shape, s).unwrap();
        loss.loss(s, targets.view().into()).unwrap()
    });
    assert_gradients_close(loss.name(), grad.as_slice().unwrap(), &numeric, 1e-6);
}

#[test]
fn regression_gradients_match_central_differences() {
    for (i, &delta) in [0.5, 1.0, 2.0].iter().enumerate() {
        check_regression_gradient(&Huber::new(delta).unwrap(), delta, 30 + 2 * i as u64);
    }
    check_regression_gradient(&AbsoluteError, 0.0, 40);
}

/// Loss and gradient are finite, and have their exact values, for scores of ±1e4 against
/// targets of 0 and 1 in both float types.
fn assert_regression_finite<F, L>(loss: &L, per_element: impl Fn(f64) -> f64, slope: f64)
where
    F: ndnet::Float,
    L: Loss<F>,
{
    let s = array![[1e4, -1e4], [-1e4, 1e4]].mapv(F::from_f64_lossy);
    let t = array![[0.0, 1.0], [1.0, 0.0]].mapv(F::from_f64_lossy);
    let mut g = Array2::<F>::zeros(s.raw_dim());
    let v = loss
        .loss_and_gradient(s.view(), t.view().into(), g.view_mut())
        .unwrap()
        .to_f64_lossless();
    let name = loss.name();
    let want = (2.0 * per_element(1e4) + 2.0 * per_element(1e4 + 1.0)) / 2.0;
    assert!(
        v.is_finite() && (v - want).abs() <= 1e-6 * want,
        "{name} {}: {v} vs {want}",
        F::NAME
    );
    let g = g.mapv(|g| g.to_f64_lossless());
    let half = slope / 2.0;
    assert_eq!(
        g,
        array![[half, -half], [-half, half]],
        "{name} {}",
        F::NAME
    );
}

#[test]
fn regression_losses_stay_finite_at_extreme_scores() {
    let huber = |delta: f64| move |d: f64| delta * (d - delta / 2.0);
    for delta in [0.5, 1.0] {
        let loss = Huber::new(delta).unwrap();
        assert_regression_finite::<f32, _>(&loss, huber(delta), delta);
        assert_regression_finite::<f64, _>(&loss, huber(delta), delta);
    }
    assert_regression_finite::<f32, _>(&AbsoluteError, |d| d, 1.0);
    assert_regression_finite::<f64, _>(&AbsoluteError, |d| d, 1.0);
}

#[test]
fn huber_refuses_a_delta_that_is_not_finite_and_positive() {
    for delta in [0.0, -0.0, -1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        match Huber::new(delta) {
            Err(Error::InvalidHyperparameter {
                name: "delta",
                value,
                ..
            }) => {
                assert_eq!(value, delta.to_string())
            }
            other => panic!("expected InvalidHyperparameter for {delta}, got {other:?}"),
        }
    }
    assert_eq!(Huber::new(1e-3).unwrap().delta(), 1e-3);
    assert_eq!(Huber::default(), Huber::new(1.0).unwrap());
}

#[test]
fn regression_losses_refuse_class_targets_and_bad_shapes() {
    let huber = Huber::default();
    let losses: [&dyn Loss<f64>; 2] = [&huber, &AbsoluteError];
    let s = array![[0.1f64, 0.2], [0.3, 0.4]];
    for loss in losses {
        let name = loss.name();
        match loss.loss(s.view(), array![0usize, 1].view().into()) {
            Err(e @ Error::TargetKind { .. }) => {
                assert_eq!(e.to_string(), format!("{name} expects real-valued targets"))
            }
            other => panic!("{name}: expected TargetKind, got {other:?}"),
        }
        // One column too few, one row too few, and a gradient buffer of the wrong shape.
        let narrow = array![[0.0f64], [0.0]];
        let short = array![[0.0f64, 0.0]];
        for t in [narrow.view(), short.view()] {
            match loss.loss(s.view(), t.into()) {
                Err(Error::ShapeMismatch { .. }) => {}
                other => panic!("{name}: expected ShapeMismatch for {t:?}, got {other:?}"),
            }
        }
        let mut g = Array2::<f64>::zeros((2, 3));
        match loss.loss_and_gradient(s.view(), s.view().into(), g.view_mut()) {
            Err(Error::ShapeMismatch { .. }) => {}
            other => panic!("{name}: expected ShapeMismatch for the buffer, got {other:?}"),
        }
        let t = array![[0.0, f64::INFINITY], [0.0, 0.0]];
        match loss.loss(s.view(), t.view().into()) {
            Err(Error::NonFinite {
                row: 0, column: 1, ..
            }) => {}
            other => panic!("{name}: expected NonFinite, got {other:?}"),
        }
        let empty = Array2::<f64>::zeros((0, 2));
        match loss.loss(empty.view(), empty.view().into()) {
            Err(Error::EmptyData(_)) => {}
            other => panic!("{name}: expected EmptyData, got {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Weighted batch means.

#[test]
fn class_weights_normalise_as_pytorchs_cross_entropy_weight() {
    // python (torch 2.15, float64):
    //   s = torch.tensor([[1.0, -2.0, 0.5], [0.3, 0.1, -1.2], [2.0, 1.0, 0.0],
    //                     [-0.5, 0.25, 3.0]], dtype=torch.float64, requires_grad=True)
    //   y = torch.tensor([0, 2, 1, 2]); w = torch.tensor([0.2, 1.0, 3.0], dtype=torch.float64)
    //   l = torch.nn.CrossEntropyLoss(weight=w)(s, y); l.backward()
    //   l.item(), s.grad.tolist()
    let s = ndarray::array![
        [1.0f64, -2.0, 0.5],
        [0.3, 0.1, -1.2],
        [2.0, 1.0, 0.0],
        [-0.5, 0.25, 3.0]
    ];
    let y = ndarray::array![0usize, 2, 1, 2];
    let class_weight = [0.2, 1.0, 3.0];
    let w = y.mapv(|c| class_weight[c]);
    let mut grad = ndarray::Array2::zeros((4, 3));
    let value = SoftmaxCrossEntropy
        .weighted_loss_and_gradient(s.view(), y.view().into(), w.view(), grad.view_mut())
        .unwrap();
    assert!((value - 1.1694410694589104).abs() < 1e-14, "{value}");
    let torch = [
        [
            -0.011006975106982618,
            0.000834969099154834,
            0.010172006007827784,
        ],
        [0.20406221793446155, 0.167072013364245, -0.3711342312987065],
        [
            0.09239457719094747,
            -0.10489882346461145,
            0.01250424627366395,
        ],
        [
            0.011499819745863591,
            0.024345118593035987,
            -0.03584493833889961,
        ],
    ];
    for (g, t) in grad.iter().zip(torch.iter().flatten()) {
        assert!((g - t).abs() < 1e-14, "{g} vs {t}");
    }
}

#[test]
fn an_integer_weight_is_a_repeated_row_for_every_loss() {
    // Weights [2, 0, 1] on rows (a, b, c) give the plain mean over (a, a, c).
    let s = ndarray::array![[0.3f64, -1.0], [2.0, 0.5], [-0.7, 0.2]];
    let repeated = ndarray::array![[0.3f64, -1.0], [0.3, -1.0], [-0.7, 0.2]];
    let values = ndarray::array![[1.0f64, 0.0], [0.5, 0.5], [-1.0, 2.0]];
    let values_repeated = ndarray::array![[1.0f64, 0.0], [1.0, 0.0], [-1.0, 2.0]];
    let w = ndarray::array![2.0f64, 0.0, 1.0];
    let losses: Vec<(&str, Box<dyn Loss<f64>>)> = vec![
        ("squared", Box::new(SquaredError)),
        ("huber", Box::new(ndnet::loss::Huber::new(0.5).unwrap())),
        ("absolute", Box::new(ndnet::loss::AbsoluteError)),
    ];
    for (name, loss) in &losses {
        let mut g = ndarray::Array2::zeros((3, 2));
        let weighted = loss
            .weighted_loss_and_gradient(s.view(), values.view().into(), w.view(), g.view_mut())
            .unwrap();
        let mut gr = ndarray::Array2::zeros((3, 2));
        let plain = loss
            .loss_and_gradient(
                repeated.view(),
                values_repeated.view().into(),
                gr.view_mut(),
            )
            .unwrap();
        assert!(
            (weighted - plain).abs() < 1e-15,
            "{name}: {weighted} vs {plain}"
        );
        // Row a's gradient is the two copies' together; row b weighs nothing.
        for j in 0..2 {
            assert!(
                (g[[0, j]] - (gr[[0, j]] + gr[[1, j]])).abs() < 1e-15,
                "{name}"
            );
            assert_eq!(g[[1, j]], 0.0, "{name}");
            assert!((g[[2, j]] - gr[[2, j]]).abs() < 1e-15, "{name}");
        }
    }
    let labels = ndarray::array![1usize, 0, 1];
    let labels_repeated = ndarray::array![1usize, 1, 1];
    let class_losses: Vec<(&str, Box<dyn Loss<f64>>)> = vec![
        ("softmax", Box::new(SoftmaxCrossEntropy)),
        ("multiclass hinge", Box::new(ndnet::loss::MulticlassHinge)),
    ];
    for (name, loss) in &class_losses {
        let mut g = ndarray::Array2::zeros((3, 2));
        let weighted = loss
            .weighted_loss_and_gradient(s.view(), labels.view().into(), w.view(), g.view_mut())
            .unwrap();
        let mut gr = ndarray::Array2::zeros((3, 2));
        let plain = loss
            .loss_and_gradient(
                repeated.view(),
                labels_repeated.view().into(),
                gr.view_mut(),
            )
            .unwrap();
        assert!(
            (weighted - plain).abs() < 1e-15,
            "{name}: {weighted} vs {plain}"
        );
    }
}

#[test]
fn weighted_gradients_match_central_differences() {
    let s = common::normal(5, 3, 11);
    let y = ndarray::array![0usize, 2, 1, 1, 0];
    let w = ndarray::array![0.5f64, 2.0, 0.0, 1.5, 3.0];
    let mut grad = ndarray::Array2::zeros((5, 3));
    SoftmaxCrossEntropy
        .weighted_loss_and_gradient(s.view(), y.view().into(), w.view(), grad.view_mut())
        .unwrap();
    let mut flat: Vec<f64> = s.iter().copied().collect();
    let numeric = common::numeric_gradient(&mut flat, |p| {
        let scores = ndarray::Array2::from_shape_vec((5, 3), p.to_vec()).unwrap();
        let mut g = ndarray::Array2::zeros((5, 3));
        SoftmaxCrossEntropy
            .weighted_loss_and_gradient(scores.view(), y.view().into(), w.view(), g.view_mut())
            .unwrap()
    });
    let analytic: Vec<f64> = grad.iter().copied().collect();
    common::assert_gradients_close("weighted softmax", &analytic, &numeric, 1e-7);
}

#[test]
fn bad_weights_are_typed_errors_and_a_weightless_batch_is_no_push() {
    let s = ndarray::array![[0.3f64], [0.5]];
    let t = ndarray::array![[1.0f64], [0.0]];
    let mut g = ndarray::Array2::zeros((2, 1));
    let mut run = |w: ndarray::Array1<f64>| {
        SquaredError.weighted_loss_and_gradient(s.view(), t.view().into(), w.view(), g.view_mut())
    };
    assert!(matches!(
        run(ndarray::array![1.0]),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        run(ndarray::array![1.0, f64::NAN]),
        Err(Error::NonFinite { row: 1, .. })
    ));
    assert!(matches!(
        run(ndarray::array![1.0, -1.0]),
        Err(Error::InvalidHyperparameter {
            name: "sample_weight",
            ..
        })
    ));
    assert_eq!(run(ndarray::array![0.0, 0.0]).unwrap(), 0.0);
    assert!(g.iter().all(|&v| v == 0.0));
}

#[test]
fn a_huber_delta_that_vanishes_in_f32_is_refused_in_f32_only() {
    let huber = ndnet::loss::Huber::new(1e-50).unwrap();
    let (s, t) = (array![[0.5f32]], array![[0.0f32]]);
    let r = huber.loss(s.view(), t.view().into());
    assert!(
        matches!(r, Err(Error::InvalidHyperparameter { name: "delta", .. })),
        "{r:?}"
    );
    let (s, t) = (array![[0.5f64]], array![[0.0f64]]);
    assert!(huber.loss(s.view(), t.view().into()).is_ok());
}
