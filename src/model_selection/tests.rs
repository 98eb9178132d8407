//! The folds against scikit-learn 1.9.1 (exactly, where no randomness is involved; sizes and
//! per-class counts otherwise), the partition they make, their seeds, and their errors.
//!
//! The reference lines below ran with
//! `import numpy as np; from sklearn.model_selection import KFold, StratifiedKFold`.

use ndarray::{array, Array1};

use super::*;
use crate::data::{read_csv, Split};
use crate::error::Error;

fn tests(splits: &[Split]) -> Vec<Vec<usize>> {
    splits.iter().map(|s| s.test.clone()).collect()
}

/// Per fold, the number of test rows of each class `0..k`.
fn class_counts(splits: &[Split], labels: &[usize], k: usize) -> Vec<Vec<usize>> {
    splits
        .iter()
        .map(|s| {
            let mut counts = vec![0; k];
            s.test.iter().for_each(|&row| counts[labels[row]] += 1);
            counts
        })
        .collect()
}

/// Every row is in exactly one test fold, and each split trains on all the other rows, both
/// lists ascending.
fn assert_partition(splits: &[Split], n: usize) {
    let mut seen = vec![0; n];
    for s in splits {
        assert!(s.test.windows(2).all(|w| w[0] < w[1]), "test ascending");
        assert!(s.train.windows(2).all(|w| w[0] < w[1]), "train ascending");
        assert_eq!(s.train.len() + s.test.len(), n);
        assert!(s.train.iter().all(|r| s.test.binary_search(r).is_err()));
        s.test.iter().for_each(|&row| seen[row] += 1);
    }
    assert!(seen.iter().all(|&c| c == 1), "{seen:?}");
}

#[test]
fn kfold_without_shuffle_gives_scikit_learns_folds() {
    // [t.tolist() for _, t in KFold(3).split(np.zeros(11))]
    //   -> [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10]]
    // [tr.tolist() for tr, _ in KFold(3).split(np.zeros(11))][0] -> [4, 5, 6, 7, 8, 9, 10]
    let folds = KFold::new(3).split(11).unwrap();
    assert_eq!(
        tests(&folds),
        [vec![0, 1, 2, 3], vec![4, 5, 6, 7], vec![8, 9, 10]]
    );
    assert_eq!(folds[0].train, [4, 5, 6, 7, 8, 9, 10]);
    // [(t[0], t[-1], len(t)) for _, t in KFold(5).split(np.zeros(1797))]
    //   -> (0, 359, 360), (360, 719, 360), (720, 1078, 359), (1079, 1437, 359), (1438, 1796, 359)
    let folds = KFold::default().split(1797).unwrap();
    let runs: Vec<(usize, usize, usize)> = folds
        .iter()
        .map(|s| (s.test[0], *s.test.last().unwrap(), s.test.len()))
        .collect();
    assert_eq!(
        runs,
        [
            (0, 359, 360),
            (360, 719, 360),
            (720, 1078, 359),
            (1079, 1437, 359),
            (1438, 1796, 359)
        ]
    );
}

#[test]
fn stratified_kfold_without_shuffle_gives_scikit_learns_folds() {
    // y = np.array([2,0,1,0,2,2,1,0,0,2,1,0,2,0,1,2,0])
    // [t.tolist() for _, t in StratifiedKFold(3).split(np.zeros(len(y)), y)]
    let y = [2, 0, 1, 0, 2, 2, 1, 0, 0, 2, 1, 0, 2, 0, 1, 2, 0];
    let folds = StratifiedKFold::new(3)
        .split(Array1::from(y.to_vec()).view())
        .unwrap();
    assert_eq!(
        tests(&folds),
        [
            vec![0, 1, 2, 3, 4, 7],
            vec![5, 6, 8, 9, 10, 11],
            vec![12, 13, 14, 15, 16]
        ]
    );
    // Classes in order of first appearance (3, 0, 1, 2) decide the dealing:
    // z = np.array([3]*6 + [0]*7 + [1]*5 + [2]*9)
    // [t.tolist() for _, t in StratifiedKFold(5).split(np.zeros(len(z)), z)]
    let z: Vec<usize> = [(3, 6), (0, 7), (1, 5), (2, 9)]
        .iter()
        .flat_map(|&(class, n)| std::iter::repeat_n(class, n))
        .collect();
    let folds = StratifiedKFold::new(5)
        .split(Array1::from(z).view())
        .unwrap();
    assert_eq!(
        tests(&folds),
        [
            vec![0, 1, 6, 13, 18, 19],
            vec![2, 7, 8, 14, 20, 21],
            vec![3, 9, 10, 15, 22],
            vec![4, 11, 16, 23, 24],
            vec![5, 12, 17, 25, 26]
        ]
    );
}

#[test]
fn shuffled_stratified_folds_have_scikit_learns_class_counts() {
    // [np.bincount(y[t], minlength=3).tolist()
    //  for _, t in StratifiedKFold(3, shuffle=True, random_state=0).split(np.zeros(len(y)), y)]
    let y = vec![2, 0, 1, 0, 2, 2, 1, 0, 0, 2, 1, 0, 2, 0, 1, 2, 0];
    let folds = StratifiedKFold::new(3)
        .shuffle(true)
        .seed(0)
        .split(Array1::from(y.clone()).view())
        .unwrap();
    assert_eq!(
        class_counts(&folds, &y, 3),
        [[3, 1, 2], [2, 2, 2], [2, 1, 2]]
    );
    assert_partition(&folds, y.len());
    // The same for digits' labels, StratifiedKFold(5, shuffle=True, random_state=0); any seed
    // gives these counts, since they are dealt before the shuffle:
    // d = np.loadtxt("data/digits.csv", delimiter=",", skiprows=1)[:, -1].astype(int)
    // [np.bincount(d[t], minlength=10).tolist() for _, t in ...split(np.zeros(len(d)), d)]
    let digits = read_csv::<f32>("data/digits.csv").unwrap();
    let labels = digits.labels().to_vec();
    let folds = StratifiedKFold::new(5)
        .shuffle(true)
        .seed(42)
        .split(digits.labels())
        .unwrap();
    assert_eq!(
        class_counts(&folds, &labels, 10),
        [
            [36, 36, 36, 36, 37, 36, 36, 36, 35, 36],
            [36, 36, 36, 36, 36, 37, 36, 36, 35, 36],
            [36, 36, 35, 37, 36, 37, 36, 36, 34, 36],
            [35, 37, 35, 37, 36, 36, 37, 35, 35, 36],
            [35, 37, 35, 37, 36, 36, 36, 36, 35, 36]
        ]
    );
    assert_partition(&folds, labels.len());
}

#[test]
fn folds_partition_the_rows_in_sizes_differing_by_at_most_one() {
    for n in [2, 3, 10, 11, 57, 100] {
        for k in [2, 3, 5, 10] {
            if k > n {
                continue;
            }
            for shuffle in [false, true] {
                let folds = KFold::new(k).shuffle(shuffle).seed(9).split(n).unwrap();
                assert_eq!(folds.len(), k);
                assert_partition(&folds, n);
                let sizes: Vec<usize> = folds.iter().map(|s| s.test.len()).collect();
                let expected: Vec<usize> = (0..k).map(|i| n / k + usize::from(i < n % k)).collect();
                assert_eq!(sizes, expected, "n {n}, k {k}");
            }
        }
    }
    // Stratified on uneven classes: the same sizes, and per class counts within one.
    let labels: Vec<usize> = (0..61).map(|i| (i * i + 3 * i) % 7 % 4).collect();
    for k in [2, 3, 5] {
        let folds = StratifiedKFold::new(k)
            .shuffle(true)
            .seed(5)
            .split(Array1::from(labels.clone()).view())
            .unwrap();
        assert_partition(&folds, labels.len());
        let sizes: Vec<usize> = folds.iter().map(|s| s.test.len()).collect();
        let expected: Vec<usize> = (0..k).map(|i| 61 / k + usize::from(i < 61 % k)).collect();
        assert_eq!(sizes, expected);
        let counts = class_counts(&folds, &labels, 4);
        for class in 0..4 {
            let per_fold: Vec<usize> = counts.iter().map(|c| c[class]).collect();
            let (lo, hi) = (per_fold.iter().min(), per_fold.iter().max());
            assert!(
                hi.unwrap() - lo.unwrap() <= 1,
                "class {class}: {per_fold:?}"
            );
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_folds() {
    let labels = Array1::from_shape_fn(50, |i| i % 3);
    let strat = |seed| {
        StratifiedKFold::new(4)
            .shuffle(true)
            .seed(seed)
            .split(labels.view())
            .unwrap()
    };
    assert_eq!(strat(1), strat(1));
    assert_ne!(strat(1), strat(2));
    let plain = |seed| KFold::new(4).shuffle(true).seed(seed).split(50).unwrap();
    assert_eq!(plain(1), plain(1));
    assert_ne!(plain(1), plain(2));
    // Without shuffling the seed is not used.
    assert_eq!(
        KFold::new(4).seed(1).split(50).unwrap(),
        KFold::new(4).seed(2).split(50).unwrap()
    );
}

#[test]
fn bad_fold_counts_are_typed_errors() {
    for k in [0, 1] {
        assert!(matches!(
            KFold::new(k).split(10),
            Err(Error::InvalidHyperparameter {
                name: "n_splits",
                ..
            })
        ));
    }
    match KFold::new(5).split(4) {
        Err(Error::InvalidHyperparameter { name, value, .. }) => {
            assert_eq!((name, value.as_str()), ("n_splits", "5 for 4 rows"));
        }
        other => panic!("{other:?}"),
    }
    assert!(KFold::new(2).split(0).is_err());
    let empty = Array1::<usize>::zeros(0);
    assert!(StratifiedKFold::new(2).split(empty.view()).is_err());
    assert!(StratifiedKFold::new(1).split(array![0, 1].view()).is_err());
}

#[test]
fn a_class_smaller_than_the_fold_count_is_named_with_its_count() {
    // Class 7 has 2 rows, class 4 has 3: 3 folds fail on class 7 (scikit-learn only warns).
    let labels = array![4usize, 4, 7, 4, 9, 9, 9, 7, 9];
    let e = StratifiedKFold::new(3).split(labels.view()).unwrap_err();
    match &e {
        Error::ClassTooSmall {
            class,
            count,
            needed,
            ..
        } => assert_eq!((*class, *count, *needed), (7, 2, 3)),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        e.to_string(),
        "class 7 has 2 row(s): StratifiedKFold needs at least 3 of each class"
    );
    // On a tie, the smaller label is named.
    let e = StratifiedKFold::new(3).split(array![5usize, 5, 1, 1, 0, 0, 0].view());
    assert!(matches!(e, Err(Error::ClassTooSmall { class: 1, .. })));
    assert!(StratifiedKFold::new(2).split(labels.view()).is_ok());
}

#[test]
fn fold_scores_summarise_with_the_population_std() {
    let s = FoldScores::new(vec![1.0, 3.0]).unwrap();
    assert_eq!(
        (s.mean(), s.std(), s.per_fold()),
        (2.0, 1.0, &[1.0, 3.0][..])
    );
    assert_eq!(format!("{s:.1}"), "2.0 ± 1.0");
    assert!(matches!(FoldScores::new(vec![]), Err(Error::EmptyData(_))));
}
