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

/// Regression metrics. Python lines assume
/// `import numpy as np` and
/// `from sklearn.metrics import mean_squared_error as mse, root_mean_squared_error as rmse,
/// mean_absolute_error as mae, r2_score as r2`.
mod regression {
    use super::assert_close;
    use ndarray::{array, Array1, Array2, ArrayView, ArrayView1};
    use ndnet::metrics::{
        mean_absolute_error, mean_absolute_error_weighted, mean_squared_error,
        mean_squared_error_weighted, r2_score, r2_score_weighted, root_mean_squared_error,
        root_mean_squared_error_weighted, TargetDim,
    };
    use ndnet::{Error, Float, Result};

    type Metric<F, D> = fn(ArrayView<'_, F, D>, ArrayView<'_, F, D>) -> Result<f64>;
    type Weighted<F, D> =
        fn(ArrayView<'_, F, D>, ArrayView<'_, F, D>, ArrayView1<'_, F>) -> Result<f64>;

    /// MSE, RMSE, MAE and R², in that order.
    fn all<F: Float, D: TargetDim>() -> [(&'static str, Metric<F, D>); 4] {
        [
            ("mse", mean_squared_error),
            ("rmse", root_mean_squared_error),
            ("mae", mean_absolute_error),
            ("r2", r2_score),
        ]
    }

    /// The weighted MSE, RMSE, MAE and R², in that order.
    fn all_weighted<F: Float, D: TargetDim>() -> [(&'static str, Weighted<F, D>); 4] {
        [
            ("mse", mean_squared_error_weighted),
            ("rmse", root_mean_squared_error_weighted),
            ("mae", mean_absolute_error_weighted),
            ("r2", r2_score_weighted),
        ]
    }

    fn check<F: Float, D: TargetDim>(
        y_true: ArrayView<'_, F, D>,
        y_pred: ArrayView<'_, F, D>,
        expected: [f64; 4],
        tol: f64,
    ) {
        for ((name, metric), want) in all::<F, D>().into_iter().zip(expected) {
            let got = metric(y_true.view(), y_pred.view()).unwrap();
            assert!(
                (got - want).abs() <= tol,
                "{name}: expected {want}, got {got}"
            );
        }
    }

    fn check_weighted<F: Float, D: TargetDim>(
        y_true: ArrayView<'_, F, D>,
        y_pred: ArrayView<'_, F, D>,
        weights: ArrayView1<'_, F>,
        expected: [f64; 4],
        tol: f64,
    ) {
        for ((name, metric), want) in all_weighted::<F, D>().into_iter().zip(expected) {
            let got = metric(y_true.view(), y_pred.view(), weights).unwrap();
            assert!(
                (got - want).abs() <= tol,
                "{name}: expected {want}, got {got}"
            );
        }
    }

    #[test]
    fn one_output_f64() {
        // a = [3, -0.5, 2, 7]; b = [2.5, 0.0, 2, 8]
        // [f(a, b) for f in (mse, rmse, mae, r2)]
        // -> [0.375, 0.6123724356957945, 0.5, 0.9486081370449679]
        let a = array![3.0, -0.5, 2.0, 7.0];
        let b = array![2.5, 0.0, 2.0, 8.0];
        let expected = [0.375, 0.6123724356957945, 0.5, 0.9486081370449679];
        check(a.view(), b.view(), expected, 1e-12);
    }

    #[test]
    fn several_outputs_are_averaged_uniformly() {
        // A = [[0.5, 1], [-1, 1], [7, -6]]; B = [[0, 2], [-1, 2], [8, -5]]
        // [f(A, B) for f in (mse, rmse, mae, r2)]
        // -> [0.7083333333333334, 0.8227486121839513, 0.75, 0.9368005266622779]
        let a = array![[0.5, 1.0], [-1.0, 1.0], [7.0, -6.0]];
        let b = array![[0.0, 2.0], [-1.0, 2.0], [8.0, -5.0]];
        let expected = [
            0.7083333333333334,
            0.8227486121839513,
            0.75,
            0.9368005266622779,
        ];
        check(a.view(), b.view(), expected, 1e-12);
        // RMSE averages the per-output roots, not the root of the averaged MSE:
        // np.sqrt(mse(A, B)) -> 0.8416254115301732
        let rmse = root_mean_squared_error(a.view(), b.view()).unwrap();
        assert!((rmse - 0.8416254115301732).abs() > 1e-3);
    }

    #[test]
    fn weighted_one_output() {
        // a = [3, -0.5, 2, 7]; b = [2.5, 0.0, 2, 8]; w = [1, 2, 0.5, 3]
        // [f(a, b, sample_weight=w) for f in (mse, rmse, mae, r2)]
        // -> [0.5769230769230769, 0.7595545253127499, 0.6923076923076923, 0.9463401210787011]
        let a = array![3.0, -0.5, 2.0, 7.0];
        let b = array![2.5, 0.0, 2.0, 8.0];
        let w = array![1.0, 2.0, 0.5, 3.0];
        let expected = [
            0.5769230769230769,
            0.7595545253127499,
            0.6923076923076923,
            0.9463401210787011,
        ];
        check_weighted(a.view(), b.view(), w.view(), expected, 1e-12);
        // Weights of 0 leave samples out: mse(a, b, sample_weight=[1, 0, 0, 1]) -> 0.625
        let mse =
            mean_squared_error_weighted(a.view(), b.view(), array![1.0, 0.0, 0.0, 1.0].view());
        assert_close(mse.unwrap(), 0.625, 1e-12);
    }

    #[test]
    fn weighted_several_outputs() {
        // A = [[0.5, 1], [-1, 1], [7, -6]]; B = [[0, 2], [-1, 2], [8, -5]]; W = [0.3, 0.7, 1.5]
        // [f(A, B, sample_weight=W) for f in (mse, rmse, mae, r2)]
        // -> [0.815, 0.8968626966596887, 0.83, 0.9347714514080421]
        let a = array![[0.5, 1.0], [-1.0, 1.0], [7.0, -6.0]];
        let b = array![[0.0, 2.0], [-1.0, 2.0], [8.0, -5.0]];
        let w = array![0.3, 0.7, 1.5];
        let expected = [0.815, 0.8968626966596887, 0.83, 0.9347714514080421];
        check_weighted(a.view(), b.view(), w.view(), expected, 1e-12);
    }

    #[test]
    fn f32_one_output() {
        // t = np.array([0.1, 0.7, -1.3, 2.9, 4.4], np.float32)
        // p = np.array([0.3, 0.5, -1.0, 3.1, 4.0], np.float32)
        // [float(f(t, p)) for f in (mse, rmse, mae, r2)]
        // -> [0.07399998605251312, 0.2720293700695038, 0.25999996066093445, 0.9821359515190125]
        let t = array![0.1f32, 0.7, -1.3, 2.9, 4.4];
        let p = array![0.3f32, 0.5, -1.0, 3.1, 4.0];
        let sklearn_f32 = [
            0.07399998605251312,
            0.2720293700695038,
            0.25999996066093445,
            0.9821359515190125,
        ];
        check(t.view(), p.view(), sklearn_f32, 1e-5);
        // The sums are taken in f64: the same f32 values widened to f64,
        // [f(t.astype(np.float64), p.astype(np.float64)) for f in (mse, rmse, mae, r2)]
        // -> [0.07399999415875441, 0.27202939943828575, 0.2599999710917473, 0.9821359617851466]
        let widened = [
            0.07399999415875441,
            0.27202939943828575,
            0.2599999710917473,
            0.9821359617851466,
        ];
        check(t.view(), p.view(), widened, 1e-12);
    }

    #[test]
    fn f32_weighted_several_outputs() {
        // T = np.array([[0.1, 10.0], [0.7, 12.5], [-1.3, 9.0], [2.9, 11.0]], np.float32)
        // P = np.array([[0.2, 10.5], [0.4, 12.0], [-1.1, 9.9], [3.3, 10.0]], np.float32)
        // W = np.array([0.5, 1.25, 2.0, 0.75], np.float32)
        // [float(f(T, P, sample_weight=W)) for f in (mse, rmse, mae, r2)]
        // -> [0.3472220301628113, 0.5277445316314697, 0.5055554509162903, 0.8409970998764038]
        let t = array![[0.1f32, 10.0], [0.7, 12.5], [-1.3, 9.0], [2.9, 11.0]];
        let p = array![[0.2f32, 10.5], [0.4, 12.0], [-1.1, 9.9], [3.3, 10.0]];
        let w = array![0.5f32, 1.25, 2.0, 0.75];
        let sklearn_f32 = [
            0.3472220301628113,
            0.5277445316314697,
            0.5055554509162903,
            0.8409970998764038,
        ];
        check_weighted(t.view(), p.view(), w.view(), sklearn_f32, 1e-5);
        // Widened to f64 first (T.astype(float), ...):
        // -> [0.3472220522662356, 0.5277445365058565, 0.5055554405682616, 0.8409970566274482]
        let widened = [
            0.3472220522662356,
            0.5277445365058565,
            0.5055554405682616,
            0.8409970566274482,
        ];
        check_weighted(t.view(), p.view(), w.view(), widened, 1e-12);
    }

    #[test]
    fn r2_of_constant_true_values() {
        // r2([2, 2, 2], [2, 2, 2]) -> 1.0; r2([2, 2, 2], [2, 2, 3]) -> 0.0
        let c = array![2.0, 2.0, 2.0];
        assert_eq!(r2_score(c.view(), c.view()).unwrap(), 1.0);
        assert_eq!(
            r2_score(c.view(), array![2.0, 2.0, 3.0].view()).unwrap(),
            0.0
        );
        let c32 = c.mapv(|v| v as f32);
        assert_eq!(r2_score(c32.view(), c32.view()).unwrap(), 1.0);
        assert_eq!(
            r2_score(c32.view(), array![2.0f32, 2.0, 3.0].view()).unwrap(),
            0.0
        );

        // A constant output next to an ordinary one, perfect then imperfect:
        // r2([[2, 1], [2, 3], [2, 4]], [[2, 1.5], [2, 3], [2, 3.5]]) -> 0.9464285714285714
        // r2([[2, 1], [2, 3], [2, 4]], [[2.5, 1.5], [2, 3], [2, 3.5]]) -> 0.4464285714285714
        let t = array![[2.0, 1.0], [2.0, 3.0], [2.0, 4.0]];
        let perfect = array![[2.0, 1.5], [2.0, 3.0], [2.0, 3.5]];
        let imperfect = array![[2.5, 1.5], [2.0, 3.0], [2.0, 3.5]];
        let r = r2_score(t.view(), perfect.view()).unwrap();
        assert_close(r, 0.9464285714285714, 1e-12);
        let r = r2_score(t.view(), imperfect.view()).unwrap();
        assert_close(r, 0.4464285714285714, 1e-12);

        // Weighted, sample_weight=[1, 2, 3]: -> 0.9268292682926829 and 0.4268292682926829
        let w = array![1.0, 2.0, 3.0];
        let r = r2_score_weighted(t.view(), perfect.view(), w.view()).unwrap();
        assert_close(r, 0.9268292682926829, 1e-12);
        let r = r2_score_weighted(t.view(), imperfect.view(), w.view()).unwrap();
        assert_close(r, 0.4268292682926829, 1e-12);

        // Constant among the samples that have weight:
        // r2([1, 5, 1], [1, 0, 1], sample_weight=[1, 0, 2]) -> 1.0
        // r2([1, 5, 1], [1, 5, 2], sample_weight=[1, 0, 2]) -> 0.0
        let t = array![1.0, 5.0, 1.0];
        let w = array![1.0, 0.0, 2.0];
        let r = r2_score_weighted(t.view(), array![1.0, 0.0, 1.0].view(), w.view()).unwrap();
        assert_eq!(r, 1.0);
        let r = r2_score_weighted(t.view(), array![1.0, 5.0, 2.0].view(), w.view()).unwrap();
        assert_eq!(r, 0.0);
    }

    /// Every metric, plain and weighted (with weights of 1), on one input pair.
    fn errors<D: TargetDim>(
        y_true: ArrayView<'_, f64, D>,
        y_pred: ArrayView<'_, f64, D>,
    ) -> Vec<(&'static str, Result<f64>)> {
        let ones = Array1::ones(y_true.shape().first().copied().unwrap_or(0));
        let mut out = Vec::new();
        for (name, metric) in all::<f64, D>() {
            out.push((name, metric(y_true.view(), y_pred.view())));
        }
        for (name, metric) in all_weighted::<f64, D>() {
            out.push((name, metric(y_true.view(), y_pred.view(), ones.view())));
        }
        out
    }

    #[test]
    fn different_shapes_are_shape_mismatch() {
        let three = array![1.0, 2.0, 3.0];
        let two = array![1.0, 2.0];
        for (name, r) in errors(three.view(), two.view()) {
            assert!(
                matches!(r, Err(Error::ShapeMismatch { .. })),
                "{name}: {r:?}"
            );
        }
        let wide = Array2::<f64>::zeros((3, 2));
        let narrow = Array2::<f64>::zeros((3, 1));
        for (name, r) in errors(wide.view(), narrow.view()) {
            assert!(
                matches!(r, Err(Error::ShapeMismatch { .. })),
                "{name}: {r:?}"
            );
        }
    }

    #[test]
    fn no_samples_is_empty_data() {
        let none = Array1::<f64>::zeros(0);
        for (name, r) in errors(none.view(), none.view()) {
            assert!(matches!(r, Err(Error::EmptyData(_))), "{name}: {r:?}");
        }
        let none = Array2::<f64>::zeros((0, 2));
        for (name, r) in errors(none.view(), none.view()) {
            assert!(matches!(r, Err(Error::EmptyData(_))), "{name}: {r:?}");
        }
    }

    #[test]
    fn r2_of_one_sample_is_empty_data() {
        // scikit-learn: r2([1.0], [2.0]) -> nan, with "R^2 score is not well-defined with
        // less than two samples."
        let one = array![1.0];
        let r = r2_score(one.view(), array![2.0].view());
        assert!(matches!(r, Err(Error::EmptyData(_))), "{r:?}");
        let r = r2_score_weighted(one.view(), one.view(), one.view());
        assert!(matches!(r, Err(Error::EmptyData(_))), "{r:?}");
        // The other metrics are defined for one sample.
        assert_eq!(
            mean_squared_error(one.view(), array![3.0].view()).unwrap(),
            4.0
        );
    }

    #[test]
    fn non_finite_targets_and_predictions_are_non_finite() {
        let ok = array![[1.0, 2.0], [3.0, 4.0]];
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let mut with_bad = ok.clone();
            with_bad[[1, 0]] = bad;
            for (y_true, y_pred) in [(&with_bad, &ok), (&ok, &with_bad)] {
                for (name, r) in errors(y_true.view(), y_pred.view()) {
                    assert!(
                        matches!(
                            r,
                            Err(Error::NonFinite {
                                row: 1,
                                column: 0,
                                ..
                            })
                        ),
                        "{name} with {bad}: {r:?}"
                    );
                }
            }
        }
        let r = mean_squared_error(array![1.0f32, f32::NAN].view(), array![1.0f32, 2.0].view());
        assert!(matches!(r, Err(Error::NonFinite { row: 1, .. })), "{r:?}");
    }

    /// Every weighted metric on a valid input pair of 3 samples with weights `w`.
    fn weighted_errors(w: ArrayView1<'_, f64>) -> Vec<(&'static str, Result<f64>)> {
        let t = array![1.0, 2.0, 4.0];
        let p = array![1.5, 2.0, 3.0];
        all_weighted::<f64, ndarray::Ix1>()
            .into_iter()
            .map(|(name, metric)| (name, metric(t.view(), p.view(), w)))
            .collect()
    }

    #[test]
    fn bad_weights_are_errors() {
        for w in [array![1.0, 1.0], array![1.0, 1.0, 1.0, 1.0]] {
            for (name, r) in weighted_errors(w.view()) {
                assert!(
                    matches!(r, Err(Error::ShapeMismatch { .. })),
                    "{name}: {r:?}"
                );
            }
        }
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            for (name, r) in weighted_errors(array![1.0, bad, 1.0].view()) {
                assert!(
                    matches!(r, Err(Error::NonFinite { row: 1, .. })),
                    "{name} with {bad}: {r:?}"
                );
            }
        }
        for w in [array![1.0, -0.5, 1.0], array![0.0, 0.0, 0.0]] {
            for (name, r) in weighted_errors(w.view()) {
                assert!(
                    matches!(
                        r,
                        Err(Error::InvalidHyperparameter {
                            name: "sample_weight",
                            ..
                        })
                    ),
                    "{name} with {w}: {r:?}"
                );
            }
        }
    }
}
