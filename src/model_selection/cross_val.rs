//! Cross-validated scores: fit on each fold's training rows, score on its test rows.

use ndarray::{ArrayView2, Axis};

use super::parallel::{default_threads, map_in_order};
use super::targets::SelectRows;
use crate::check;
use crate::data::Split;
use crate::error::{Error, Result};
use crate::estimator::{Fit, Score};
use crate::float::Float;

/// The score of `estimator` on each fold, in fold order, as scikit-learn's
/// `cross_val_score`: for each [`Split`], the settings are fitted on the rows `split.train`
/// of `x` `(samples, features)` and `y` and the fitted model [scored](Score) on the rows
/// `split.test`: the accuracy for a classifier, R² for a regressor.
///
/// `y` is whatever the estimator learns from: class labels `(samples,)` for a classifier,
/// real targets `(samples,)` or `(samples, outputs)` for a regressor (a view or a reference,
/// as its `fit` takes them). The folds come from [`KFold`](super::KFold),
/// [`StratifiedKFold`](super::StratifiedKFold) or anywhere else (e.g.
/// [`read_split`](crate::data::read_split)). For classifiers prefer stratified folds: with
/// plain ones a class can be missing from a fold's training rows, and an
/// [`MlpClassifier`](crate::classifier::MlpClassifier) that infers its class count from them
/// then cannot predict it (unless `n_classes` is set).
///
/// The fits are independent, so they run on up to
/// [`available_parallelism`](std::thread::available_parallelism) threads (one fit per thread
/// at a time, never more threads than folds; [`cross_val_score_with_threads`] sets the
/// count). Every fit is seeded by its settings, so the scores are the same bit for bit, and
/// in fold order, whatever the number of threads.
///
/// ```
/// use ndnet::classifier::BinarySoftmaxClassifier;
/// use ndnet::data::{read_csv, StandardScaler};
/// use ndnet::model_selection::{cross_val_score, StratifiedKFold};
///
/// let mut data = read_csv::<f64>("data/breast_cancer.csv")?;
/// // Scaled on all rows for brevity; strictly, fit the scaler on each fold's training rows.
/// let scaler = StandardScaler::fit(data.features())?;
/// scaler.transform_inplace(data.features_mut())?;
///
/// let folds = StratifiedKFold::new(5).shuffle(true).seed(0).split(data.labels())?;
/// let model = BinarySoftmaxClassifier::params().epochs(20);
/// let scores = cross_val_score(&model, data.features(), data.labels(), &folds)?;
/// assert_eq!(scores.len(), 5);
/// assert!(scores.iter().all(|&accuracy| accuracy > 0.9));
/// # Ok::<(), ndnet::Error>(())
/// ```
///
/// # Errors
/// - [`Error::InvalidHyperparameter`] (named `folds`) if `folds` is empty;
///   [`Error::ShapeMismatch`] if `y` has not one entry per row of `x`; for a fold whose
///   indices do not fit the data, the errors of [`Split::apply`]; [`Error::EmptyData`] for a
///   fold without training or test rows. All checked before any fit.
/// - Then the errors of the estimator's `fit` and `score` (a bad setting, say, or a
///   diverging fit); with several, that of the first fold in fold order.
pub fn cross_val_score<'y, F, Y, E>(
    estimator: &E,
    x: ArrayView2<'_, F>,
    y: impl Into<Y::View<'y, F>>,
    folds: &[Split],
) -> Result<Vec<f64>>
where
    F: Float,
    Y: SelectRows<F>,
    E: Fit<F, Y> + Sync,
    E::Fitted: Score<F, Y>,
{
    cross_val_score_with_threads(estimator, x, y, folds, default_threads())
}

/// [`cross_val_score`] on at most `threads` threads (1: every fit on the calling thread, as
/// when the caller runs several cross-validations in parallel itself). The scores do not
/// depend on the count.
///
/// # Errors
/// [`Error::InvalidHyperparameter`] (named `threads`) if `threads` is 0; then as
/// [`cross_val_score`].
pub fn cross_val_score_with_threads<'y, F, Y, E>(
    estimator: &E,
    x: ArrayView2<'_, F>,
    y: impl Into<Y::View<'y, F>>,
    folds: &[Split],
    threads: usize,
) -> Result<Vec<f64>>
where
    F: Float,
    Y: SelectRows<F>,
    E: Fit<F, Y> + Sync,
    E::Fitted: Score<F, Y>,
{
    check::at_least_one("threads", threads)?;
    let candidates = std::slice::from_ref(estimator);
    let mut scores = scores_by_candidate(candidates, x, &y.into(), folds, threads)?;
    Ok(scores.pop().unwrap_or_default())
}

/// The fold scores of each candidate: `[candidate][fold]`, all `candidates.len() ×
/// folds.len()` fits on up to `threads` threads.
///
/// # Errors
/// As [`cross_val_score`].
pub(super) fn scores_by_candidate<F, Y, E>(
    candidates: &[E],
    x: ArrayView2<'_, F>,
    y: &Y::View<'_, F>,
    folds: &[Split],
    threads: usize,
) -> Result<Vec<Vec<f64>>>
where
    F: Float,
    Y: SelectRows<F>,
    E: Fit<F, Y> + Sync,
    E::Fitted: Score<F, Y>,
{
    check::one_per_row(
        "cross-validation targets",
        "targets",
        x.nrows(),
        Y::n_rows(y),
    )?;
    check_folds(folds, x.nrows())?;
    let fold_targets = folds
        .iter()
        .map(|fold| FoldTargets::<F, Y>::of(y, fold))
        .collect::<Result<Vec<_>>>()?;
    // Candidate-major, so the flat results cut into one row per candidate.
    let jobs: Vec<(&E, &FoldTargets<'_, F, Y>)> = candidates
        .iter()
        .flat_map(|candidate| fold_targets.iter().map(move |fold| (candidate, fold)))
        .collect();
    let flat = map_in_order(&jobs, threads, |&(candidate, fold)| {
        fold.fit_and_score(candidate, x)
    })?;
    Ok(flat
        .chunks(folds.len().max(1))
        .map(<[f64]>::to_vec)
        .collect())
}

/// Checks the folds against data of `n_rows` rows: at least one fold, each with training and
/// test rows that fit the data and do not overlap.
fn check_folds(folds: &[Split], n_rows: usize) -> Result<()> {
    if folds.is_empty() {
        return Err(Error::InvalidHyperparameter {
            name: "folds",
            value: "no folds".into(),
            reason: "cross-validation needs at least one split",
        });
    }
    for (i, fold) in folds.iter().enumerate() {
        fold.check_rows(n_rows)?;
        for (list, what) in [(&fold.train, "training"), (&fold.test, "test")] {
            if list.is_empty() {
                return Err(Error::EmptyData(format!("fold {i} has no {what} rows")));
            }
        }
    }
    Ok(())
}

/// One fold: its rows and their targets, picked once and shared by every candidate.
struct FoldTargets<'a, F: Float, Y: SelectRows<F>> {
    fold: &'a Split,
    train: Y::Rows,
    test: Y::Rows,
}

impl<'a, F: Float, Y: SelectRows<F>> FoldTargets<'a, F, Y> {
    fn of(y: &Y::View<'_, F>, fold: &'a Split) -> Result<Self> {
        Ok(FoldTargets {
            fold,
            train: Y::select(y, &fold.train)?,
            test: Y::select(y, &fold.test)?,
        })
    }

    /// Fits `estimator` on the fold's training rows of `x` and scores it on its test rows.
    /// The rows of `x` are copied here, on the thread that fits, so only the threads at work
    /// hold a copy.
    fn fit_and_score<E>(&self, estimator: &E, x: ArrayView2<'_, F>) -> Result<f64>
    where
        E: Fit<F, Y>,
        E::Fitted: Score<F, Y>,
    {
        // The indices were checked against x's rows by `check_folds`.
        let x_train = x.select(Axis(0), &self.fold.train);
        let model = estimator.fit(x_train.view(), Y::view(&self.train))?;
        drop(x_train);
        let x_test = x.select(Axis(0), &self.fold.test);
        model.score(x_test.view(), Y::view(&self.test))
    }
}
