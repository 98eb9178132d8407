//! A candidate's cross-validated scores: one per fold, their mean and spread.

use std::fmt;

use crate::error::{Error, Result};

/// The scores of one set of settings over the folds of a cross-validation, with their mean
/// and standard deviation (population, `ddof = 0`, as scikit-learn's `cv_results_`
/// `mean_test_score` and `std_test_score`).
///
/// ```
/// use ndnet::model_selection::FoldScores;
///
/// let scores = FoldScores::new(vec![0.9, 0.8, 1.0])?;
/// assert!((scores.mean() - 0.9).abs() < 1e-15);
/// assert!((scores.std() - (0.02f64 / 3.0).sqrt()).abs() < 1e-15);
/// assert_eq!(scores.to_string(), "0.9000 ± 0.0816");
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FoldScores {
    per_fold: Vec<f64>,
    mean: f64,
    std: f64,
}

impl FoldScores {
    /// Summarises the scores of each fold, in fold order (e.g. from
    /// [`cross_val_score`](super::cross_val_score)).
    ///
    /// # Errors
    /// [`Error::EmptyData`] if `per_fold` is empty.
    pub fn new(per_fold: Vec<f64>) -> Result<Self> {
        if per_fold.is_empty() {
            return Err(Error::EmptyData("no fold scores to summarise".into()));
        }
        let n = per_fold.len() as f64;
        let mean = per_fold.iter().sum::<f64>() / n;
        let variance = per_fold.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / n;
        Ok(FoldScores {
            per_fold,
            mean,
            std: variance.sqrt(),
        })
    }

    /// The score on each fold, in fold order.
    pub fn per_fold(&self) -> &[f64] {
        &self.per_fold
    }

    /// The mean score over the folds.
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// The standard deviation of the scores over the folds (population: divided by the
    /// number of folds).
    pub fn std(&self) -> f64 {
        self.std
    }
}

impl fmt::Display for FoldScores {
    /// `mean ± std`, to the precision asked for (`{:.2}`) or 4 decimals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = f.precision().unwrap_or(4);
        write!(f, "{:.digits$} ± {:.digits$}", self.mean, self.std)
    }
}
