use super::*;
use ndarray::array;

#[test]
fn population_std_by_hand() {
    // Column 0: [1, 2, 4, 5]: mean 3, squared deviations 4 + 1 + 1 + 4 = 10, var 10/4 = 2.5.
    // Column 1: [10, 10, 10, 14]: mean 11, deviations 1 + 1 + 1 + 9 = 12, var 3.
    let x = array![[1.0f64, 10.0], [2.0, 10.0], [4.0, 10.0], [5.0, 14.0]];
    let s = StandardScaler::fit(x.view()).unwrap();
    assert_eq!(s.mean(), array![3.0, 11.0]);
    assert!((s.scale()[0] - 2.5f64.sqrt()).abs() < 1e-15);
    assert!((s.scale()[1] - 3.0f64.sqrt()).abs() < 1e-15);
}

#[test]
fn constant_columns_get_scale_one() {
    // 0.1 is not exact in binary, so a naive variance of [0.1; 3] can be a tiny nonzero.
    let x = array![[0.1f32, 1e6], [0.1, 1e6], [0.1, 1e6]];
    let s = StandardScaler::fit(x.view()).unwrap();
    assert_eq!(s.scale(), array![1.0f32, 1.0]);
    assert_eq!(s.transform(x.view()).unwrap(), Array2::<f32>::zeros((3, 2)));
    assert!(is_constant(0.0, 5.0, 3.0));
    assert!(!is_constant(1e-10, 1.0, 3.0));
}

#[test]
fn transform_and_inverse_round_trip() {
    let x = array![[1.0f64, -2.0], [3.0, 0.5], [8.0, 4.0]];
    let s = StandardScaler::fit(x.view()).unwrap();
    let z = s.transform(x.view()).unwrap();
    for col in z.columns() {
        assert!(col.mean().unwrap().abs() < 1e-12);
        assert!((col.mapv(|v| v * v).mean().unwrap() - 1.0).abs() < 1e-12);
    }
    let back = s.inverse_transform(z.view()).unwrap();
    assert!(back.iter().zip(&x).all(|(a, b)| (a - b).abs() < 1e-12));
    let mut y = x.clone();
    s.transform_inplace(y.view_mut()).unwrap();
    assert_eq!(y, z);
}

#[test]
fn errors() {
    let empty = Array2::<f64>::zeros((0, 3));
    assert!(matches!(
        StandardScaler::fit(empty.view()),
        Err(Error::EmptyData(_))
    ));
    let no_cols = Array2::<f64>::zeros((3, 0));
    assert!(matches!(
        StandardScaler::fit(no_cols.view()),
        Err(Error::EmptyData(_))
    ));
    let nan = array![[1.0f64, 2.0], [f64::NAN, 3.0]];
    assert!(matches!(
        StandardScaler::fit(nan.view()),
        Err(Error::NonFinite {
            row: 1,
            column: 0,
            ..
        })
    ));
    let s = StandardScaler::fit(array![[1.0f64, 2.0]].view()).unwrap();
    let wrong = array![[1.0f64, 2.0, 3.0]];
    assert!(matches!(
        s.transform(wrong.view()),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        s.inverse_transform(wrong.view()),
        Err(Error::ShapeMismatch { .. })
    ));
    let mut w = wrong.clone();
    assert!(s.transform_inplace(w.view_mut()).is_err());
    assert_eq!(w, wrong, "a failed transform must not touch the data");
}

#[test]
fn from_parts_validates() {
    assert!(StandardScaler::from_parts(array![0.0f32, 1.0], array![1.0f32, 2.0]).is_ok());
    assert!(StandardScaler::from_parts(array![0.0f32], array![1.0f32, 2.0]).is_err());
    assert!(StandardScaler::from_parts(array![0.0f32], array![0.0f32]).is_err());
    assert!(StandardScaler::from_parts(array![f32::NAN], array![1.0f32]).is_err());
}
