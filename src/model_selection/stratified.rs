//! Stratified k-fold splits: every fold keeps the class proportions of the whole.

use std::collections::HashMap;

use ndarray::ArrayView1;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

use super::kfold::{check_n_splits, splits_from_folds, KFold};
use crate::data::Split;
use crate::error::{Error, Result};

/// K-fold splits stratified by class, as scikit-learn's `StratifiedKFold`: each test fold
/// holds about `1 / n_splits` of every class, and the folds have scikit-learn's sizes, the
/// first `n % n_splits` one row larger than the others.
///
/// **How rows are assigned** (scikit-learn's algorithm since 0.22):
/// 1. The classes are taken in order of first appearance in `labels`.
/// 2. Sort the rows by class in that order and deal them out to the folds in turn
///    (position `p` of the sorted list to fold `p % n_splits`). This fixes how many rows of
///    each class each fold gets; the dealing is why fold sizes differ by at most one and
///    per-class counts by at most one.
/// 3. Within each class, its rows in their original order take those fold numbers in
///    ascending order (the first rows of a class go to fold 0, the next to fold 1, ...), or,
///    with [`shuffle`](Self::shuffle), in an order shuffled by one
///    `Xoshiro256PlusPlus::seed_from_u64(seed)` (class by class, in the order of step 1).
///
/// Without shuffling the folds are therefore scikit-learn's exactly. With shuffling the fold
/// sizes and per-class counts are still scikit-learn's (steps 1 and 2 use no randomness), only
/// the rows differ; the same seed gives the same folds. Within each split both lists are in
/// ascending row order.
///
/// ```
/// use ndarray::array;
/// use ndnet::model_selection::StratifiedKFold;
///
/// let labels = array![0usize, 0, 0, 0, 1, 1, 1, 1, 1, 1];
/// let folds = StratifiedKFold::new(2).shuffle(true).seed(3).split(labels.view())?;
/// for fold in &folds {
///     let ones = fold.test.iter().filter(|&&row| labels[row] == 1).count();
///     assert_eq!((fold.test.len(), ones), (5, 3)); // 2 of class 0, 3 of class 1
/// }
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StratifiedKFold {
    n_splits: usize,
    shuffle: bool,
    seed: u64,
}

impl Default for StratifiedKFold {
    fn default() -> Self {
        StratifiedKFold::new(KFold::DEFAULT_N_SPLITS)
    }
}

impl StratifiedKFold {
    /// `n_splits` folds (at least 2, checked by [`split`](Self::split)), not shuffled, seed 0.
    pub fn new(n_splits: usize) -> Self {
        StratifiedKFold {
            n_splits,
            shuffle: false,
            seed: 0,
        }
    }

    /// Whether to shuffle which rows of each class go to which fold; defaults to `false`.
    pub fn shuffle(mut self, shuffle: bool) -> Self {
        self.shuffle = shuffle;
        self
    }

    /// Seed of the shuffle (used only with [`shuffle`](Self::shuffle)); defaults to `0`.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The number of folds.
    pub fn n_splits(&self) -> usize {
        self.n_splits
    }

    /// The `n_splits` splits of the rows of `labels` `(samples,)`, in fold order. Labels may
    /// be any `usize`; they need not be `0..K`.
    ///
    /// # Errors
    /// - [`Error::InvalidHyperparameter`] (named `n_splits`) if `n_splits < 2` or it exceeds
    ///   the number of rows.
    /// - [`Error::ClassTooSmall`] naming the smallest class (the smaller label on a tie) and
    ///   its row count if it has fewer rows than `n_splits`: some fold would miss it.
    ///   (scikit-learn warns and goes on; stratification would then not hold.)
    pub fn split(&self, labels: ArrayView1<'_, usize>) -> Result<Vec<Split>> {
        check_n_splits(self.n_splits, labels.len())?;
        let classes = Classes::of(labels);
        classes.check_sizes(self.n_splits)?;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(self.seed);
        let mut fold_of = vec![0; labels.len()];
        for (class_rows, mut folds) in classes.rows.iter().zip(classes.dealt_folds(self.n_splits)) {
            if self.shuffle {
                folds.shuffle(&mut rng);
            }
            for (&row, fold) in class_rows.iter().zip(folds) {
                if let Some(slot) = fold_of.get_mut(row) {
                    *slot = fold;
                }
            }
        }
        Ok(splits_from_folds(&fold_of, self.n_splits))
    }
}

/// The rows of each class, classes in order of first appearance.
struct Classes {
    labels: Vec<usize>,
    rows: Vec<Vec<usize>>,
}

impl Classes {
    fn of(labels: ArrayView1<'_, usize>) -> Self {
        let mut index: HashMap<usize, usize> = HashMap::new();
        let mut classes = Classes {
            labels: Vec::new(),
            rows: Vec::new(),
        };
        for (row, &label) in labels.iter().enumerate() {
            let class = *index.entry(label).or_insert_with(|| {
                classes.labels.push(label);
                classes.rows.push(Vec::new());
                classes.rows.len() - 1
            });
            if let Some(rows) = classes.rows.get_mut(class) {
                rows.push(row);
            }
        }
        classes
    }

    /// Every class must have at least `n_splits` rows.
    fn check_sizes(&self, n_splits: usize) -> Result<()> {
        let smallest = self
            .labels
            .iter()
            .zip(&self.rows)
            .map(|(&label, rows)| (rows.len(), label))
            .min();
        match smallest {
            Some((count, class)) if count < n_splits => Err(Error::ClassTooSmall {
                context: "StratifiedKFold",
                class,
                count,
                needed: n_splits,
            }),
            _ => Ok(()),
        }
    }

    /// For each class, the folds its rows go to, ascending: the rows sorted by class and
    /// dealt out in turn, position `p` to fold `p % n_splits`.
    fn dealt_folds(&self, n_splits: usize) -> Vec<Vec<usize>> {
        let mut start = 0;
        self.rows
            .iter()
            .map(|rows| {
                let mut folds: Vec<usize> =
                    (start..start + rows.len()).map(|p| p % n_splits).collect();
                folds.sort_unstable();
                start += rows.len();
                folds
            })
            .collect()
    }
}
