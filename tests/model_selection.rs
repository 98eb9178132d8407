//! Cross-validation and grid search through the estimator traits: classifiers and regressors
//! on real data (against scikit-learn where the folds are the same), results independent of
//! the thread count, and the documented errors.

use ndarray::{Array1, Array2, ArrayView2};
use ndnet::classifier::{BinarySvm, MlpClassifier};
use ndnet::data::{read_csv, CsvOptions, Split, StandardScaler};
use ndnet::estimator::{Fit, Score, TargetKind};
use ndnet::model_selection::{
    cross_val_score, cross_val_score_with_threads, FoldScores, GridSearch, KFold, StratifiedKFold,
};
use ndnet::regressor::LinearRegression;
use ndnet::{Error, Float, Result};

/// Settings `E` with a [`StandardScaler`] fitted on the rows `fit` is given: scaling learned
/// on each fold's training rows only, so no test row leaks into it.
#[derive(Debug, Clone)]
struct Standardized<E>(E);

/// A fitted [`Standardized`]: the scaler, then the model.
struct StandardizedModel<F, M> {
    scaler: StandardScaler<F>,
    model: M,
}

impl<F: Float, Y: TargetKind, E: Fit<F, Y>> Fit<F, Y> for Standardized<E> {
    type Fitted = StandardizedModel<F, E::Fitted>;

    fn fit<'y>(&self, x: ArrayView2<'_, F>, y: impl Into<Y::View<'y, F>>) -> Result<Self::Fitted>
    where
        F: 'y,
    {
        let scaler = StandardScaler::fit(x)?;
        let model = self.0.fit(scaler.transform(x)?.view(), y)?;
        Ok(StandardizedModel { scaler, model })
    }
}

impl<F: Float, Y: TargetKind, M: Score<F, Y>> Score<F, Y> for StandardizedModel<F, M> {
    fn score<'y>(&self, x: ArrayView2<'_, F>, y: impl Into<Y::View<'y, F>>) -> Result<f64>
    where
        F: 'y,
    {
        self.model.score(self.scaler.transform(x)?.view(), y)
    }
}

#[test]
fn mlp_cross_validated_accuracy_on_digits_scaled_per_fold() {
    let digits = read_csv::<f32>("data/digits.csv").unwrap();
    let folds = StratifiedKFold::new(5)
        .shuffle(true)
        .seed(0)
        .split(digits.labels())
        .unwrap();
    // Small and short, to keep the test quick; the default settings score 0.982 ± 0.006 this
    // way (the ignored test at the end).
    let mlp = Standardized(MlpClassifier::params().hidden_layers(&[32]).epochs(15));
    let scores = cross_val_score(&mlp, digits.features(), digits.labels(), &folds).unwrap();
    let summary = FoldScores::new(scores.clone()).unwrap();
    assert_eq!(scores.len(), 5);
    assert!(summary.mean() > 0.93, "accuracy {summary}");
    assert!(scores.iter().all(|&a| a > 0.9), "{scores:?}");
}

#[test]
fn linear_regression_r2_per_fold_matches_scikit_learn_on_diabetes() {
    // KFold without shuffling gives scikit-learn's folds, and OLS does not depend on the
    // features' scale, so scikit-learn 1.9.1 without scaling is the reference:
    //   d = np.loadtxt("data/diabetes.csv", delimiter=",", skiprows=1); X, y = d[:, :-1], d[:, -1]
    //   cross_val_score(LinearRegression(), X, y, cv=KFold(5))
    const SKLEARN: [f64; 5] = [
        0.42955615382583767,
        0.5225993866099363,
        0.4826805413452824,
        0.42649776111040183,
        0.5502483366517518,
    ];
    let data = CsvOptions::new()
        .read_regression::<f64>("data/diabetes.csv")
        .unwrap();
    let folds = KFold::new(5).split(data.n_samples()).unwrap();
    // Full-batch steps (one per epoch) converge to the least-squares solution: the R² agree
    // to about 3e-5 (to 1e-10 after 2000 epochs). The default mini-batches of 32 stay within
    // 0.03 of it.
    let model = Standardized(
        LinearRegression::params()
            .batch_size(512)
            .learning_rate(0.1)
            .epochs(600),
    );
    let scores = cross_val_score(&model, data.features(), data.values(), &folds).unwrap();
    for (fold, (r2, reference)) in scores.iter().zip(SKLEARN).enumerate() {
        assert!((r2 - reference).abs() < 1e-3, "fold {fold}: R² {r2}");
    }
    // A 1-D target reads the same.
    let y: Array1<f64> = data.values().column(0).to_owned();
    let again = cross_val_score(&model, data.features(), &y, &folds).unwrap();
    assert_eq!(scores, again);
}

/// Three overlapping clouds, one per class, on comparable scales: for the quick tests.
fn blobs() -> (Array2<f64>, Array1<usize>) {
    let y = Array1::from_shape_fn(90, |i| i % 3);
    let x = Array2::from_shape_fn((90, 2), |(i, j)| {
        let centre = [[0.0, 2.0], [2.0, -1.0], [-2.0, -1.0]][i % 3][j];
        centre + ((i * 37 + j * 11) % 17) as f64 / 8.0 - 1.0
    });
    (x, y)
}

#[test]
fn results_are_identical_whatever_the_thread_count() {
    let (x, y) = blobs();
    let folds = StratifiedKFold::new(5)
        .shuffle(true)
        .seed(3)
        .split(y.view())
        .unwrap();
    let candidates: Vec<MlpClassifier> = [1e-4, 1e-2, 1.0]
        .into_iter()
        .map(|l2| {
            MlpClassifier::params()
                .hidden_layers(&[8])
                .epochs(20)
                .l2(l2)
        })
        .collect();
    let search = |threads| {
        GridSearch::new(candidates.clone())
            .threads(threads)
            .fit(x.view(), y.view(), &folds)
            .unwrap()
    };
    let one = search(1);
    for threads in [2, 3, 16] {
        let many = search(threads);
        assert_eq!(many.scores(), one.scores(), "{threads} threads");
        assert_eq!(many.best_index(), one.best_index());
        assert_eq!(many.best_model().network(), one.best_model().network());
    }
    // And each candidate's row is what cross_val_score gives it, on any number of threads.
    for (candidate, row) in candidates.iter().zip(one.scores()) {
        let scores = cross_val_score(candidate, x.view(), y.view(), &folds).unwrap();
        assert_eq!(scores, row.per_fold());
        for threads in [1, 2, 7] {
            let again =
                cross_val_score_with_threads(candidate, x.view(), y.view(), &folds, threads);
            assert_eq!(again.unwrap(), scores);
        }
    }
}

#[test]
fn grid_search_picks_the_best_mean_refits_it_and_breaks_ties_to_the_first() {
    let (x, y) = blobs();
    let folds = KFold::new(3)
        .shuffle(true)
        .seed(1)
        .split(x.nrows())
        .unwrap();
    let epochs = |n| MlpClassifier::params().hidden_layers(&[]).epochs(n);
    let search = GridSearch::new(vec![epochs(1).learning_rate(1e-4), epochs(30)])
        .fit(x.view(), y.view(), &folds)
        .unwrap();
    assert_eq!(search.best_index(), 1);
    assert_eq!(search.best_params(), &epochs(30));
    assert_eq!(search.best_scores(), &search.scores()[1]);
    let refit = epochs(30).fit(x.view(), y.view()).unwrap();
    assert_eq!(search.best_model().network(), refit.network());
    // Identical candidates tie: the first wins.
    let tie = GridSearch::new(vec![BinarySvm::params(); 3]);
    let binary = y.mapv(|c| usize::from(c == 0));
    let fitted = tie.fit(x.view(), binary.view(), &folds).unwrap();
    assert_eq!(fitted.best_index(), 0);
}

#[test]
fn bad_input_is_a_typed_error_before_any_fit() {
    let (x, y) = blobs();
    let svm = BinarySvm::params();
    let binary = y.mapv(|c| usize::from(c == 0));
    let good = KFold::new(3).split(90).unwrap();
    let score = |folds: &[Split]| cross_val_score(&svm, x.view(), binary.view(), folds);
    assert!(matches!(
        score(&[]),
        Err(Error::InvalidHyperparameter { name: "folds", .. })
    ));
    let out_of_range = [Split::new(vec![0, 1], vec![90])];
    assert!(matches!(
        score(&out_of_range),
        Err(Error::ShapeMismatch { .. })
    ));
    let overlapping = [Split::new(vec![0, 1], vec![1, 2])];
    assert!(matches!(
        score(&overlapping),
        Err(Error::InvalidHyperparameter {
            name: "split.test",
            ..
        })
    ));
    match score(&[Split::new(vec![0, 1], vec![])]) {
        Err(Error::EmptyData(m)) => assert_eq!(m, "fold 0 has no test rows"),
        other => panic!("{other:?}"),
    }
    let short = binary.slice(ndarray::s![..80]);
    assert!(matches!(
        cross_val_score(&svm, x.view(), short, &good),
        Err(Error::ShapeMismatch { .. })
    ));
    // A bad setting comes back from the first fold's fit.
    assert!(matches!(
        cross_val_score(&svm.clone().l2(-1.0), x.view(), binary.view(), &good),
        Err(Error::InvalidHyperparameter { name: "l2", .. })
    ));
    assert!(matches!(
        cross_val_score_with_threads(&svm, x.view(), binary.view(), &good, 0),
        Err(Error::InvalidHyperparameter {
            name: "threads",
            ..
        })
    ));
    // Grid search: no candidates, no threads.
    let none: GridSearch<BinarySvm> = GridSearch::new(vec![]);
    assert!(matches!(
        none.fit(x.view(), binary.view(), &good),
        Err(Error::InvalidHyperparameter {
            name: "candidates",
            ..
        })
    ));
    assert!(matches!(
        GridSearch::new(vec![svm])
            .threads(0)
            .fit(x.view(), binary.view(), &good),
        Err(Error::InvalidHyperparameter {
            name: "threads",
            ..
        })
    ));
}

/// The figure for the record, not a check (slow in debug builds):
/// `cargo test --test model_selection -- --ignored --nocapture` (about 20 s).
/// scikit-learn 1.9.1 on the same standardized rows:
///   d = np.loadtxt("data/digits.csv", delimiter=",", skiprows=1)
///   X, y = StandardScaler().fit_transform(d[:, :-1]), d[:, -1].astype(int)
///   cross_val_score(MLPClassifier(random_state=0), X, y,
///                   cv=StratifiedKFold(5, shuffle=True, random_state=0))
#[test]
#[ignore]
fn digits_default_mlp_cross_validated_accuracy() {
    let raw = read_csv::<f64>("data/digits.csv").unwrap();
    let folds = StratifiedKFold::new(5)
        .shuffle(true)
        .seed(0)
        .split(raw.labels())
        .unwrap();
    let y = raw.labels();
    let scaled = StandardScaler::fit(raw.features())
        .unwrap()
        .transform(raw.features())
        .unwrap();
    let mlp = MlpClassifier::params();
    for threads in [1, 2] {
        let start = std::time::Instant::now();
        let scores = cross_val_score_with_threads(&mlp, scaled.view(), y, &folds, threads);
        let seconds = start.elapsed().as_secs_f64();
        let scores = FoldScores::new(scores.unwrap()).unwrap();
        println!(
            "scaled on all rows, {threads} thread(s): accuracy {scores} {:?} ({seconds:.1} s)",
            scores.per_fold(),
        );
    }
    let start = std::time::Instant::now();
    mlp.fit(scaled.view(), y).unwrap();
    println!(
        "one fit on all rows: {:.1} s",
        start.elapsed().as_secs_f64()
    );
    let per_fold = Standardized(mlp);
    let scores = cross_val_score(&per_fold, raw.features(), y, &folds).unwrap();
    println!(
        "scaled per fold: accuracy {}",
        FoldScores::new(scores).unwrap()
    );
}
