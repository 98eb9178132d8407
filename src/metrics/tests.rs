use super::*;
use ndarray::{array, Array1, Array2};

#[test]
fn length_and_emptiness_checks() {
    let a = array![0usize, 1];
    let b = array![0usize];
    let e = Array1::<usize>::zeros(0);
    assert!(matches!(
        accuracy(a.view(), b.view()),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        accuracy(e.view(), e.view()),
        Err(Error::EmptyData(_))
    ));
    assert!(matches!(
        precision(a.view(), b.view()),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        log_loss(a.view(), array![0.5f64].view()),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        log_loss_multiclass(a.view(), Array2::<f32>::zeros((3, 2)).view()),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        log_loss_multiclass(e.view(), Array2::<f32>::zeros((0, 2)).view()),
        Err(Error::EmptyData(_))
    ));
}

#[test]
fn binary_metrics_reject_other_labels_with_their_row() {
    let y_true = array![0usize, 1, 1];
    let y_pred = array![0usize, 2, 1];
    match recall(y_true.view(), y_pred.view()) {
        Err(Error::InvalidLabel { row, value, .. }) => assert_eq!((row, value.as_str()), (1, "2")),
        other => panic!("expected InvalidLabel, got {other:?}"),
    }
    let y3 = array![3usize, 0];
    assert!(matches!(
        log_loss(y3.view(), array![0.5f32, 0.5].view()),
        Err(Error::InvalidLabel { row: 0, .. })
    ));
}

#[test]
fn zero_division_is_zero() {
    let negatives = array![0usize, 0, 0];
    assert_eq!(precision(negatives.view(), negatives.view()).unwrap(), 0.0);
    assert_eq!(recall(negatives.view(), negatives.view()).unwrap(), 0.0);
    assert_eq!(f1_score(negatives.view(), negatives.view()).unwrap(), 0.0);
    // Positives exist but none predicted: precision 0/0 -> 0, recall 0/2 = 0.
    let y_true = array![1usize, 1, 0];
    assert_eq!(precision(y_true.view(), negatives.view()).unwrap(), 0.0);
}

#[test]
fn log_loss_clips_certain_mistakes() {
    // A confident wrong answer costs -ln(1e-15) = 34.538776394910684, not infinity.
    let l = log_loss(array![1usize].view(), array![0.0f64].view()).unwrap();
    assert!((l - 34.538776394910684).abs() < 1e-9, "{l}");
    let l = log_loss(array![0usize].view(), array![1.0f64].view()).unwrap();
    assert!((l - 34.538776394910684).abs() < 1e-3, "{l}");
    let m = log_loss_multiclass(array![2usize].view(), array![[0.5f32, 0.5, 0.0]].view());
    assert!((m.unwrap() - 34.538776394910684).abs() < 1e-9);
    assert!(matches!(
        log_loss(array![1usize].view(), array![f64::NAN].view()),
        Err(Error::NonFinite { row: 0, .. })
    ));
}

#[test]
fn multiclass_log_loss_checks_labels_against_columns() {
    let proba = array![[0.2f64, 0.8], [0.6, 0.4]];
    match log_loss_multiclass(array![1usize, 2].view(), proba.view()) {
        Err(Error::InvalidLabel { row, value, .. }) => assert_eq!((row, value.as_str()), (1, "2")),
        other => panic!("expected InvalidLabel, got {other:?}"),
    }
    let l = log_loss_multiclass(array![1usize, 0].view(), proba.view()).unwrap();
    assert!((l - (-(0.8f64.ln() + 0.6f64.ln()) / 2.0)).abs() < 1e-15);
}

#[test]
fn confusion_matrix_counts_and_errors() {
    let cm =
        ConfusionMatrix::from_labels(array![1usize, 1, 0].view(), array![1usize, 0, 0].view(), 2)
            .unwrap();
    assert_eq!(cm.counts(), array![[1, 0], [1, 1]]);
    assert_eq!((cm.n_classes(), cm.total()), (2, 3));
    assert!((cm.accuracy() - 2.0 / 3.0).abs() < 1e-15);
    let bad = ConfusionMatrix::from_labels(array![0usize, 1].view(), array![0usize, 5].view(), 2);
    assert!(matches!(bad, Err(Error::InvalidLabel { row: 1, .. })));
    let zero = ConfusionMatrix::from_labels(array![0usize].view(), array![0usize].view(), 0);
    assert!(matches!(zero, Err(Error::InvalidHyperparameter { .. })));
}

#[test]
fn confusion_matrix_display_aligns_wide_counts() {
    let y_true = Array1::from(vec![0usize; 1234]);
    let cm = ConfusionMatrix::from_labels(y_true.view(), y_true.view(), 2).unwrap();
    let expected = "true\\pred    0    1\n        0 1234    0\n        1    0    0\n";
    assert_eq!(cm.to_string(), expected);
}

#[test]
fn roc_auc_edge_cases() {
    let one_class = array![1usize, 1];
    assert!(matches!(
        roc_auc(one_class.view(), array![0.1f64, 0.2].view()),
        Err(Error::EmptyData(_))
    ));
    assert!(matches!(
        roc_auc(array![0usize, 2].view(), array![0.1f64, 0.2].view()),
        Err(Error::InvalidLabel { row: 1, .. })
    ));
    assert!(matches!(
        roc_auc(array![0usize, 1].view(), array![0.1f64].view()),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        roc_auc(
            Array1::<usize>::zeros(0).view(),
            Array1::<f32>::zeros(0).view()
        ),
        Err(Error::EmptyData(_))
    ));
    assert!(matches!(
        roc_auc(
            array![0usize, 1].view(),
            array![0.1f64, f64::INFINITY].view()
        ),
        Err(Error::NonFinite { row: 1, .. })
    ));
    // All scores tied: every pair counts one half.
    let auc = roc_auc(
        array![0usize, 1, 0, 1].view(),
        Array1::from_elem(4, 3.0f32).view(),
    )
    .unwrap();
    assert_eq!(auc, 0.5);
    // Perfectly reversed ranking; -0.0 and 0.0 are the same score (a tie).
    let auc = roc_auc(
        array![1usize, 0, 0].view(),
        array![-1.0f64, -0.0, 0.0].view(),
    )
    .unwrap();
    assert_eq!(auc, 0.0);
    let auc = roc_auc(array![0usize, 1].view(), array![-0.0f64, 0.0].view()).unwrap();
    assert_eq!(auc, 0.5);
}
