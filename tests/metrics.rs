//! Integration tests of `ndnet::metrics` against scikit-learn 1.9.1 golden values.
//!
//! The goldens were computed in a throwaway venv (`pip install scikit-learn`, 1.9.1, numpy
//! 2.4.6) with the Python lines quoted next to each value.

use ndarray::{array, Array1};
use ndnet::metrics::{
    accuracy, f1_score, log_loss, log_loss_multiclass, precision, recall, roc_auc, ConfusionMatrix,
};

// y = np.array([0, 1, 1, 0, 1, 0, 1, 1, 0, 0])
// s = np.array([0.1, 0.9, 0.4, 0.4, 0.65, 0.2, 0.4, 0.8, 0.7, 0.3])   # note the tie at 0.4
// yp = (s >= 0.5).astype(int)   # [0, 1, 0, 0, 1, 0, 0, 1, 1, 0]
fn binary_case() -> (Array1<usize>, Array1<f64>, Array1<usize>) {
    let y = array![0, 1, 1, 0, 1, 0, 1, 1, 0, 0];
    let s = array![0.1, 0.9, 0.4, 0.4, 0.65, 0.2, 0.4, 0.8, 0.7, 0.3];
    let yp = s.mapv(|v| usize::from(v >= 0.5));
    (y, s, yp)
}

fn assert_close(actual: f64, expected: f64, tol: f64) {
    assert!(
        (actual - expected).abs() <= tol,
        "expected {expected}, got {actual}"
    );
}

#[test]
fn binary_classification_metrics() {
    let (y, _, yp) = binary_case();
    assert_eq!(yp, array![0, 1, 0, 0, 1, 0, 0, 1, 1, 0]);
    // accuracy_score(y, yp) == 0.7
    assert_close(accuracy(y.view(), yp.view()).unwrap(), 0.7, 1e-15);
    // precision_score(y, yp) == 0.75
    assert_close(precision(y.view(), yp.view()).unwrap(), 0.75, 1e-15);
    // recall_score(y, yp) == 0.6
    assert_close(recall(y.view(), yp.view()).unwrap(), 0.6, 1e-15);
    // f1_score(y, yp) == 0.6666666666666666
    assert_close(
        f1_score(y.view(), yp.view()).unwrap(),
        0.6666666666666666,
        1e-15,
    );
}

#[test]
fn roc_auc_with_tied_scores() {
    let (y, s, _) = binary_case();
    // roc_auc_score(y, s) == 0.8400000000000001
    assert_close(roc_auc(y.view(), s.view()).unwrap(), 0.84, 1e-12);
    // Same in f32 (the scores are exactly comparable after rounding).
    let s32 = s.mapv(|v| v as f32);
    assert_close(roc_auc(y.view(), s32.view()).unwrap(), 0.84, 1e-12);
    // Negating the scores flips the AUC: roc_auc_score(y, -s) == 0.16
    assert_close(
        roc_auc(y.view(), s.mapv(|v| -v).view()).unwrap(),
        0.16,
        1e-12,
    );
}

#[test]
fn log_losses() {
    let (y, s, _) = binary_case();
    // log_loss(y, s) == 0.4991845885815495
    assert_close(
        log_loss(y.view(), s.view()).unwrap(),
        0.4991845885815495,
        1e-14,
    );
    // ym = [0, 2, 1, 2, 0]
    // P = [[.7, .2, .1], [.1, .3, .6], [.25, .5, .25], [.3, .4, .3], [.5, .25, .25]]
    // log_loss(ym, P) == 0.6915535466301099
    let ym = array![0, 2, 1, 2, 0];
    let p = array![
        [0.7, 0.2, 0.1],
        [0.1, 0.3, 0.6],
        [0.25, 0.5, 0.25],
        [0.3, 0.4, 0.3],
        [0.5, 0.25, 0.25]
    ];
    let loss = log_loss_multiclass(ym.view(), p.view()).unwrap();
    assert_close(loss, 0.6915535466301099, 1e-14);
    let loss32 = log_loss_multiclass(ym.view(), p.mapv(|v| v as f32).view()).unwrap();
    assert_close(loss32, 0.6915535466301099, 1e-6);
}

#[test]
fn confusion_matrix_matches_scikit_learn() {
    // confusion_matrix([0, 2, 1, 2, 0, 1, 1], [0, 1, 1, 2, 2, 1, 0])
    // == [[1, 0, 1], [1, 2, 0], [0, 1, 1]]
    let cm = ConfusionMatrix::from_labels(
        array![0, 2, 1, 2, 0, 1, 1].view(),
        array![0, 1, 1, 2, 2, 1, 0].view(),
        3,
    )
    .unwrap();
    assert_eq!(cm.counts(), array![[1, 0, 1], [1, 2, 0], [0, 1, 1]]);
    assert_close(cm.accuracy(), 4.0 / 7.0, 1e-15);
    let table = "true\\pred 0 1 2\n        0 1 0 1\n        1 1 2 0\n        2 0 1 1\n";
    assert_eq!(cm.to_string(), table);
}
