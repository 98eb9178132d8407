use super::*;
use ndarray::{array, Array2};

#[test]
fn shapes_are_formatted_as_tuples() {
    assert_eq!(shape(&[4]), "(4,)");
    assert_eq!(shape(&[4, 2]), "(4, 2)");
}

#[test]
fn a_vector_is_one_output() {
    let t = array![3.0, -0.5, 2.0, 7.0];
    let p = array![2.5, 0.0, 2.0, 8.0];
    let t2 = t.clone().insert_axis(ndarray::Axis(1));
    let p2 = p.clone().insert_axis(ndarray::Axis(1));
    assert_eq!(
        r2_score(t.view(), p.view()).unwrap(),
        r2_score(t2.view(), p2.view()).unwrap()
    );
    assert_eq!(
        mean_absolute_error(t.view(), p.view()).unwrap(),
        mean_absolute_error(t2.view(), p2.view()).unwrap()
    );
}

#[test]
fn constant_is_decided_on_the_values_not_on_a_rounded_mean() {
    // The f64 mean of [0.1, 0.1, 0.1] is 0.10000000000000002: scikit-learn 1.9.1 returns
    // -1.7307656195116095e+31 here; the true values are constant, so R² is 0.
    let t = array![0.1, 0.1, 0.1];
    let p = array![0.1, 0.1, 0.2];
    assert_eq!(r2_score(t.view(), p.view()).unwrap(), 0.0);
    assert_eq!(r2_score(t.view(), t.view()).unwrap(), 1.0);
}

#[test]
fn samples_of_weight_zero_do_not_make_an_output_vary() {
    let t = array![1.0, 5.0, 1.0];
    let w = array![1.0, 0.0, 2.0];
    let r = r2_score_weighted(t.view(), array![1.0, 5.0, 2.0].view(), w.view()).unwrap();
    assert_eq!(r, 0.0);
    let r = r2_score_weighted(t.view(), array![1.0, 0.0, 1.0].view(), w.view()).unwrap();
    assert_eq!(r, 1.0);
}

#[test]
fn weights_are_scaled_so_extreme_ones_still_work() {
    let t = array![3.0, -0.5, 2.0, 7.0];
    let p = array![2.5, 0.0, 2.0, 8.0];
    let plain = mean_squared_error(t.view(), p.view()).unwrap();
    for w in [1e308, 1e-310] {
        let weights = Array1::from_elem(4, w);
        let weighted = mean_squared_error_weighted(t.view(), p.view(), weights.view()).unwrap();
        assert_eq!(weighted, plain, "weights {w}");
    }
}

#[test]
fn no_outputs_is_empty_data() {
    let e = Array2::<f64>::zeros((3, 0));
    assert!(matches!(
        mean_squared_error(e.view(), e.view()),
        Err(Error::EmptyData(_))
    ));
}

#[test]
fn errors_name_the_metric_and_the_input() {
    let err = r2_score(array![1.0, f64::NAN].view(), array![1.0, 2.0].view()).unwrap_err();
    assert!(matches!(
        err,
        Error::NonFinite {
            context: "r2_score y_true",
            row: 1,
            column: 0,
            ..
        }
    ));
    let err = mean_absolute_error(array![[1.0f32, 2.0]].view(), array![[1.0f32]].view())
        .unwrap_err()
        .to_string();
    assert!(err.contains("mean_absolute_error y_pred"), "{err}");
    assert!(
        err.contains("expected (1, 2), the shape of y_true, got (1, 1)"),
        "{err}"
    );
    let err = root_mean_squared_error_weighted(
        array![1.0, 2.0].view(),
        array![1.0, 2.0].view(),
        array![1.0, -0.5].view(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("-0.5 at row 1"), "{err}");
}
