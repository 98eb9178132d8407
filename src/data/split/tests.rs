use super::*;
use ndarray::{array, Array1};

fn toy() -> Dataset<f64> {
    Dataset::new(
        array![[0.0], [1.0], [2.0], [3.0]],
        array![0, 1, 0, 1],
        vec!["x".into()],
    )
    .unwrap()
}

#[test]
fn apply_keeps_the_listed_order() {
    let (train, test) = Split::new(vec![3, 0], vec![1]).apply(&toy()).unwrap();
    assert_eq!(train.features(), array![[3.0], [0.0]]);
    assert_eq!(test.labels(), array![1]);
}

#[test]
fn apply_rejects_bad_indices() {
    let out_of_range = Split::new(vec![0, 4], vec![1]).apply(&toy());
    assert!(matches!(out_of_range, Err(Error::ShapeMismatch { .. })));
    let repeated = Split::new(vec![0, 2, 0], vec![1]).apply(&toy());
    assert!(matches!(
        repeated,
        Err(Error::InvalidHyperparameter {
            name: "split.train",
            ..
        })
    ));
    let repeated_test = Split::new(vec![0], vec![1, 1]).apply(&toy());
    assert!(matches!(
        repeated_test,
        Err(Error::InvalidHyperparameter {
            name: "split.test",
            ..
        })
    ));
    match Split::new(vec![0, 2], vec![1, 2]).apply(&toy()) {
        Err(Error::InvalidHyperparameter { value, .. }) => {
            assert_eq!(value, "row 2 also in split.train");
        }
        other => panic!("expected overlap error, got {other:?}"),
    }
}

#[test]
fn allocation_is_proportional_with_largest_remainders() {
    // 10 rows: classes of 5, 3, 2; 3 test rows -> exact shares 1.5, 0.9, 0.6.
    let by_class = vec![vec![0; 5], vec![0; 3], vec![0; 2]];
    assert_eq!(allocate(&by_class, 3, 10), vec![1, 1, 1]);
    // Ties go to the smaller class id: shares 0.5 and 0.5.
    let by_class = vec![vec![0; 2], vec![0; 2]];
    assert_eq!(allocate(&by_class, 1, 4), vec![1, 0]);
    // A missing class (empty) gets nothing.
    let by_class = vec![vec![0; 4], vec![], vec![0; 4]];
    assert_eq!(allocate(&by_class, 4, 8), vec![2, 0, 2]);
}

#[test]
fn stratified_checks_the_fraction() {
    let labels = Array1::from(vec![0usize, 1, 0, 1]);
    for f in [0.0, 1.0, -0.1, 1.5, f64::NAN] {
        assert!(matches!(
            Split::stratified(labels.view(), f, 0),
            Err(Error::InvalidHyperparameter {
                name: "test_fraction",
                ..
            })
        ));
    }
    // ceil(0.9 * 4) = 4 test rows would leave none for training.
    assert!(Split::stratified(labels.view(), 0.9, 0).is_err());
    // One row is the data's fault, not the fraction's.
    let one = Array1::from(vec![0usize]);
    assert!(matches!(
        Split::stratified(one.view(), 0.5, 0),
        Err(Error::EmptyData(m)) if m.contains("1 row")
    ));
    let none = Array1::<usize>::zeros(0);
    assert!(matches!(
        Split::stratified(none.view(), 0.5, 0),
        Err(Error::EmptyData(_))
    ));
}

#[test]
fn stratified_partitions_all_rows() {
    let labels = Array1::from_iter((0..50).map(|i| i % 3));
    let s = Split::stratified(labels.view(), 0.3, 7).unwrap();
    assert_eq!(s.test.len(), 15);
    let mut all: Vec<usize> = s.train.iter().chain(&s.test).copied().collect();
    all.sort_unstable();
    assert_eq!(all, (0..50).collect::<Vec<_>>());
    let other = Split::stratified(labels.view(), 0.3, 8).unwrap();
    assert_ne!(s, other, "different seeds should give different splits");
}

#[test]
fn stratified_handles_huge_sparse_labels() {
    let labels = Array1::from(vec![usize::MAX, 3, usize::MAX, 3]);
    let s = Split::stratified(labels.view(), 0.5, 1).unwrap();
    let mut test_labels: Vec<usize> = s.test.iter().map(|&i| labels[i]).collect();
    test_labels.sort_unstable();
    assert_eq!(test_labels, vec![3, usize::MAX]);
}

#[test]
fn a_split_made_for_other_data_says_so() {
    let x = ndarray::Array2::<f64>::zeros((3, 1));
    let data = Dataset::new(x, Array1::from(vec![0usize, 1, 0]), vec!["a".into()]).unwrap();
    let split = Split {
        train: vec![0, 1],
        test: vec![5],
    };
    match split.apply(&data) {
        Err(Error::ShapeMismatch {
            context, actual, ..
        }) => {
            assert_eq!(context, "split row indices");
            assert!(actual.contains("row 5 in split.test"), "{actual}");
        }
        other => panic!("expected ShapeMismatch, got {other:?}"),
    }
}
