//! K-fold cross-validation splits: every row in exactly one test fold.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::data::Split;
use crate::error::{Error, Result};

/// K-fold splits of `n` rows, as scikit-learn's `KFold`: the rows (in order, or shuffled by
/// the seed) are cut into `n_splits` consecutive folds, the first `n % n_splits` of them one
/// row larger than the others; each fold is the test set of one [`Split`] and the other rows
/// are its training set.
///
/// Within each split both lists are in ascending row order, as scikit-learn returns them.
/// Without shuffling the folds are scikit-learn's exactly: fold `i` is a run of consecutive
/// rows. With [`shuffle`](Self::shuffle) the rows are first permuted by
/// `Xoshiro256PlusPlus::seed_from_u64(seed)`, so the fold sizes are scikit-learn's but the rows
/// in them are not (the random streams differ); the same seed gives the same folds.
///
/// ```
/// use ndnet::model_selection::KFold;
///
/// let folds = KFold::new(3).split(11)?;
/// assert_eq!(folds[0].test, [0, 1, 2, 3]);
/// assert_eq!(folds[0].train, [4, 5, 6, 7, 8, 9, 10]);
/// assert_eq!(folds[2].test, [8, 9, 10]);
///
/// let shuffled = KFold::new(3).shuffle(true).seed(7).split(11)?;
/// let sizes: Vec<usize> = shuffled.iter().map(|s| s.test.len()).collect();
/// assert_eq!(sizes, [4, 4, 3]);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KFold {
    n_splits: usize,
    shuffle: bool,
    seed: u64,
}

impl Default for KFold {
    fn default() -> Self {
        KFold::new(KFold::DEFAULT_N_SPLITS)
    }
}

impl KFold {
    /// The fold count of [`KFold::default`] and [`StratifiedKFold::default`](super::StratifiedKFold):
    /// scikit-learn's `5`.
    pub const DEFAULT_N_SPLITS: usize = 5;

    /// `n_splits` folds (at least 2, checked by [`split`](Self::split)), not shuffled, seed 0.
    pub fn new(n_splits: usize) -> Self {
        KFold {
            n_splits,
            shuffle: false,
            seed: 0,
        }
    }

    /// Whether to shuffle the rows before cutting them into folds; defaults to `false`.
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

    /// The `n_splits` splits of `n_rows` rows, in fold order.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] (named `n_splits`) if `n_splits < 2`, or if it is
    /// larger than `n_rows` (a fold would be empty).
    pub fn split(&self, n_rows: usize) -> Result<Vec<Split>> {
        check_n_splits(self.n_splits, n_rows)?;
        let mut order: Vec<usize> = (0..n_rows).collect();
        if self.shuffle {
            order.shuffle(&mut Xoshiro256PlusPlus::seed_from_u64(self.seed));
        }
        // Position p of `order` goes to the fold that holds p in the cut into consecutive runs.
        let mut fold_of = vec![0; n_rows];
        for (&row, fold) in order.iter().zip(consecutive_folds(n_rows, self.n_splits)) {
            if let Some(slot) = fold_of.get_mut(row) {
                *slot = fold;
            }
        }
        Ok(splits_from_folds(&fold_of, self.n_splits))
    }
}

/// `n_splits` must be at least 2 and at most `n_rows`.
pub(super) fn check_n_splits(n_splits: usize, n_rows: usize) -> Result<()> {
    if n_splits < 2 {
        return Err(Error::InvalidHyperparameter {
            name: "n_splits",
            value: n_splits.to_string(),
            reason: "cross-validation needs at least 2 folds",
        });
    }
    if n_splits > n_rows {
        return Err(Error::InvalidHyperparameter {
            name: "n_splits",
            value: format!("{n_splits} for {n_rows} rows"),
            reason: "must not exceed the number of rows: a fold would have no test rows",
        });
    }
    Ok(())
}

/// The fold of each of `n_rows` positions cut into `n_splits` consecutive runs, the first
/// `n_rows % n_splits` runs one longer: `0, 0, …, 1, 1, …`.
pub(super) fn consecutive_folds(n_rows: usize, n_splits: usize) -> impl Iterator<Item = usize> {
    let (size, larger) = (n_rows / n_splits.max(1), n_rows % n_splits.max(1));
    (0..n_splits).flat_map(move |fold| std::iter::repeat_n(fold, size + usize::from(fold < larger)))
}

/// The splits that `fold_of` (the test fold of each row, each `< n_splits`) describes: split
/// `i` tests on the rows of fold `i` and trains on the others, both in ascending order.
pub(super) fn splits_from_folds(fold_of: &[usize], n_splits: usize) -> Vec<Split> {
    let mut splits = vec![Split::default(); n_splits];
    for (row, &fold) in fold_of.iter().enumerate() {
        for (i, split) in splits.iter_mut().enumerate() {
            if i == fold {
                split.test.push(row);
            } else {
                split.train.push(row);
            }
        }
    }
    splits
}
