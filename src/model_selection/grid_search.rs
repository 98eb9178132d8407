//! Choosing settings by cross-validation: score every candidate, refit the best.

use ndarray::ArrayView2;

use super::cross_val::scores_by_candidate;
use super::parallel::default_threads;
use super::scores::FoldScores;
use super::targets::SelectRows;
use crate::check;
use crate::data::Split;
use crate::error::{Error, Result};
use crate::estimator::{Fit, Score};
use crate::float::Float;

/// A search over candidate settings, as scikit-learn's `GridSearchCV`: each candidate is
/// cross-validated on the same folds (see [`cross_val_score`](super::cross_val_score)), the
/// one with the highest mean score wins, and it is refitted on all the rows.
///
/// The candidates are settings values the caller builds, e.g. one per point of a grid, so
/// the search is generic over every estimator without naming its settings. **Ties go to the
/// first candidate** in the list; a candidate whose mean is NaN never wins over one whose
/// mean is a number.
///
/// ```
/// use ndarray::{Array1, Array2};
/// use ndnet::estimator::Score;
/// use ndnet::model_selection::{GridSearch, KFold};
/// use ndnet::regressor::LinearRegression;
///
/// // y = 3x₀ − x₁ + noise: a strong L2 penalty can only hurt.
/// let x = Array2::from_shape_fn((60, 2), |(i, j)| ((i * 7 + j * 3) % 11) as f64 / 5.0 - 1.0);
/// let y = Array1::from_shape_fn(60, |i| {
///     3.0 * x[[i, 0]] - x[[i, 1]] + 0.1 * ((i * 13 % 7) as f64 - 3.0)
/// });
/// let candidates: Vec<LinearRegression> = [1.0, 0.1, 0.0]
///     .into_iter()
///     .map(|l2| LinearRegression::params().l2(l2).learning_rate(0.01).epochs(60))
///     .collect();
/// let folds = KFold::new(4).shuffle(true).seed(1).split(x.nrows())?;
/// let search = GridSearch::new(candidates).fit(x.view(), &y, &folds)?;
///
/// assert_eq!(search.best_index(), 2);
/// assert_eq!(search.best_params().training_settings().l2, 0.0);
/// let table = search.scores(); // one row per candidate: mean, std, per-fold scores
/// assert_eq!((table.len(), table[0].per_fold().len()), (3, 4));
/// assert!(table[2].mean() > table[0].mean());
/// // The winner, refitted on all 60 rows.
/// assert!(search.best_model().score(x.view(), &y)? > 0.95);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GridSearch<E> {
    candidates: Vec<E>,
    threads: Option<usize>,
}

impl<E> GridSearch<E> {
    /// A search over `candidates` (at least one, checked by [`fit`](Self::fit)).
    pub fn new(candidates: Vec<E>) -> Self {
        GridSearch {
            candidates,
            threads: None,
        }
    }

    /// The most threads to fit on (at least 1; 1 fits everything on the calling thread);
    /// defaults to [`available_parallelism`](std::thread::available_parallelism). All
    /// `candidates × folds` fits share them, one fit per thread at a time, and the results
    /// are the same bit for bit whatever the count.
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = Some(threads);
        self
    }

    /// The candidate settings, in order.
    pub fn candidates(&self) -> &[E] {
        &self.candidates
    }

    /// Cross-validates every candidate on `folds` of `x` `(samples, features)` and `y`
    /// (labels or real targets, as the candidates' `fit` takes them), then refits the best
    /// on all the rows.
    ///
    /// # Errors
    /// - [`Error::InvalidHyperparameter`] (named `candidates` or `threads`) for an empty
    ///   candidate list or 0 threads, before any work.
    /// - The errors of [`cross_val_score`](super::cross_val_score), for the first candidate
    ///   and fold (in that order) that has one, and those of the refit.
    pub fn fit<'y, F, Y>(
        &self,
        x: ArrayView2<'_, F>,
        y: impl Into<Y::View<'y, F>>,
        folds: &[Split],
    ) -> Result<FittedGridSearch<E, E::Fitted>>
    where
        F: Float,
        Y: SelectRows<F>,
        E: Fit<F, Y> + Sync + Clone,
        E::Fitted: Score<F, Y>,
    {
        if self.candidates.is_empty() {
            return Err(Error::InvalidHyperparameter {
                name: "candidates",
                value: "none".into(),
                reason: "a grid search needs at least one candidate",
            });
        }
        let threads = self.threads.unwrap_or_else(default_threads);
        check::at_least_one("threads", threads)?;
        let y = y.into();
        let table = scores_by_candidate(&self.candidates, x, &y, folds, threads)?
            .into_iter()
            .map(FoldScores::new)
            .collect::<Result<Vec<_>>>()?;
        let best_index = best(&table);
        let Some(best_params) = self.candidates.get(best_index).cloned() else {
            return Err(Error::EmptyData("no candidate was scored".into()));
        };
        let best_model = best_params.fit(x, y)?;
        Ok(FittedGridSearch {
            best_index,
            best_params,
            best_model,
            scores: table,
        })
    }
}

/// The index of the highest mean, the first on a tie; NaN means lose to any number.
fn best(table: &[FoldScores]) -> usize {
    let mut best: Option<(usize, f64)> = None;
    for (i, mean) in table.iter().map(FoldScores::mean).enumerate() {
        let better = match best {
            None => true,
            Some((_, top)) => mean > top || (top.is_nan() && !mean.is_nan()),
        };
        if better {
            best = Some((i, mean));
        }
    }
    best.map_or(0, |(i, _)| i)
}

/// The outcome of a [`GridSearch`]: the winning settings `E`, the model `M` they fitted on
/// all the rows, and every candidate's cross-validated scores.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedGridSearch<E, M> {
    best_index: usize,
    best_params: E,
    best_model: M,
    scores: Vec<FoldScores>,
}

impl<E, M> FittedGridSearch<E, M> {
    /// The position of the winning candidate in the list given to [`GridSearch::new`].
    pub fn best_index(&self) -> usize {
        self.best_index
    }

    /// The winning settings.
    pub fn best_params(&self) -> &E {
        &self.best_params
    }

    /// The winning settings fitted on all the rows.
    pub fn best_model(&self) -> &M {
        &self.best_model
    }

    /// The model fitted with the winning settings, owned.
    pub fn into_best_model(self) -> M {
        self.best_model
    }

    /// The winner's cross-validated scores.
    pub fn best_scores(&self) -> &FoldScores {
        // `best_index` is a position in `scores`, set together with it.
        #[allow(clippy::indexing_slicing)]
        &self.scores[self.best_index]
    }

    /// One row per candidate, in candidate order: the scores on each fold, their mean and
    /// standard deviation.
    pub fn scores(&self) -> &[FoldScores] {
        &self.scores
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_best_mean_wins_ties_go_first_and_nan_loses() {
        let table = |means: &[f64]| -> Vec<FoldScores> {
            means
                .iter()
                .map(|&m| FoldScores::new(vec![m]).unwrap())
                .collect()
        };
        assert_eq!(best(&table(&[0.5, 0.9, 0.7])), 1);
        assert_eq!(best(&table(&[0.9, 0.5, 0.9])), 0);
        assert_eq!(best(&table(&[f64::NAN, 0.1, f64::NAN, 0.1])), 1);
        assert_eq!(best(&table(&[f64::NAN, f64::NAN])), 0);
    }
}
