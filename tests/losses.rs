//! Loss values against numpy, stability at extreme logits, and the errors bad targets give.

use ndarray::{array, Array2};
use ndnet::loss::{
    BinaryCrossEntropy, Hinge, Loss, MulticlassHinge, SoftmaxCrossEntropy, SquaredError,
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
