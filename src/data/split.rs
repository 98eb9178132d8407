//! Dividing a [`Dataset`] into training and test rows: fixed splits read from JSON files, and
//! seeded random splits (stratified by class for labels).

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use ndarray::ArrayView1;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::Deserialize;

use super::{Dataset, DatasetTargets};
use crate::error::{Error, Result};

/// Which rows of a data set are for training and which for testing (0-based row indices).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Split {
    /// Training rows, in the order they should be used.
    pub train: Vec<usize>,
    /// Test rows.
    pub test: Vec<usize>,
}

/// The on-disk form; other keys (`dataset`, `definition`, ...) are ignored.
#[derive(Deserialize)]
struct SplitFile {
    n_rows: Option<usize>,
    train: Vec<usize>,
    test: Vec<usize>,
}

/// Reads a split file such as `data/splits/iris.json`:
/// `{"dataset": ..., "n_rows": ..., "train": [...], "test": [...]}` with 0-based data-row
/// indices (the CSV header is not counted). `n_rows` is optional; other keys are ignored.
///
/// ```
/// use ndnet::data::{read_csv, read_split};
///
/// let ds = read_csv::<f32>("data/iris.csv")?;
/// let split = read_split("data/splits/iris.json")?;
/// let (train, test) = split.apply(&ds)?;
/// assert_eq!((train.n_samples(), test.n_samples()), (120, 30));
/// # Ok::<(), ndnet::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Io`] if the file cannot be read; [`Error::Parse`] (with line and column where
/// serde_json gives one) if it is not JSON of that form, or if an index is `>= n_rows`.
pub fn read_split(path: impl AsRef<Path>) -> Result<Split> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let file: SplitFile = serde_json::from_str(&text).map_err(|e| Error::Parse {
        path: path.to_path_buf(),
        line: (e.line() > 0).then_some(e.line()),
        column: (e.line() > 0).then_some(e.column()),
        message: e.to_string(),
    })?;
    if let Some(n) = file.n_rows {
        if let Some(&bad) = file.train.iter().chain(&file.test).find(|&&i| i >= n) {
            return Err(Error::Parse {
                path: path.to_path_buf(),
                line: None,
                column: None,
                message: format!("row index {bad} is out of range for n_rows = {n}"),
            });
        }
    }
    Ok(Split {
        train: file.train,
        test: file.test,
    })
}

impl Split {
    /// Builds a split from training and test row indices.
    pub fn new(train: Vec<usize>, test: Vec<usize>) -> Self {
        Self { train, test }
    }

    /// A seeded split stratified by `labels`: every class is divided between train and test
    /// in proportion, like scikit-learn's `train_test_split(..., stratify=labels)`. The rows
    /// chosen differ from scikit-learn's (the random streams differ), and so, rarely, do the
    /// per-class sizes: where two classes tie for a leftover row, scikit-learn picks one at
    /// random and this function the smaller class id.
    ///
    /// The test set gets `ceil(test_fraction * n)` rows. Each class first gets the floor of
    /// its proportional share of them; the rows left over go to the classes with the largest
    /// remainders (ties to the smaller class id). Within each class the rows are shuffled with
    /// `Xoshiro256PlusPlus::seed_from_u64(seed)`, and both lists are shuffled at the end so
    /// the classes are interleaved. The same seed and labels always give the same split.
    ///
    /// # Errors
    ///
    /// - [`Error::EmptyData`] if `labels` has fewer than 2 rows.
    /// - [`Error::InvalidHyperparameter`] if `test_fraction` is not in the open interval
    ///   `(0, 1)`, or leaves no training row.
    pub fn stratified(
        labels: ArrayView1<'_, usize>,
        test_fraction: f64,
        seed: u64,
    ) -> Result<Self> {
        let n = labels.len();
        let n_test = test_size(n, test_fraction)?;

        // A map, not a vector indexed by label: labels can be sparse and arbitrarily large.
        let mut classes: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (row, &label) in labels.iter().enumerate() {
            classes.entry(label).or_default().push(row);
        }
        let by_class: Vec<Vec<usize>> = classes.into_values().collect();
        let quotas = allocate(&by_class, n_test, n);

        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut split = Split::default();
        for (mut rows, quota) in by_class.into_iter().zip(quotas) {
            rows.shuffle(&mut rng);
            let train_rows = rows.split_off(quota.min(rows.len()));
            split.test.extend(rows);
            split.train.extend(train_rows);
        }
        split.train.shuffle(&mut rng);
        split.test.shuffle(&mut rng);
        Ok(split)
    }

    /// A seeded split of `n` rows, not stratified: the rows are shuffled with
    /// `Xoshiro256PlusPlus::seed_from_u64(seed)` and the first `ceil(test_fraction * n)` go
    /// to the test set (scikit-learn's `train_test_split` without `stratify`; the rows chosen
    /// differ from its). For real-valued targets, where classes do not exist.
    ///
    /// # Errors
    ///
    /// As [`Split::stratified`].
    pub fn shuffled(n: usize, test_fraction: f64, seed: u64) -> Result<Self> {
        let n_test = test_size(n, test_fraction)?;
        let mut rows: Vec<usize> = (0..n).collect();
        rows.shuffle(&mut Xoshiro256PlusPlus::seed_from_u64(seed));
        let train = rows.split_off(n_test);
        Ok(Split { train, test: rows })
    }

    /// Checks that the split fits data of `n` rows: every index `< n`, none repeated within a
    /// list, no row in both lists.
    ///
    /// # Errors
    /// As [`apply`](Self::apply).
    pub(crate) fn check_rows(&self, n: usize) -> Result<()> {
        let mut train_rows = HashSet::with_capacity(self.train.len());
        let mut test_rows = HashSet::with_capacity(self.test.len());
        for (name, list, seen) in [
            ("split.train", &self.train, &mut train_rows),
            ("split.test", &self.test, &mut test_rows),
        ] {
            for &i in list.iter() {
                if !seen.insert(i) {
                    return Err(Error::InvalidHyperparameter {
                        name,
                        value: format!("row {i} listed twice"),
                        reason: "row indices must be distinct",
                    });
                }
            }
        }
        for (name, list) in [("split.train", &self.train), ("split.test", &self.test)] {
            if let Some(&i) = list.iter().find(|&&i| i >= n) {
                return Err(Error::ShapeMismatch {
                    context: "split row indices",
                    expected: format!("0-based data rows in 0..{n} (the data has {n} rows)"),
                    actual: format!("row {i} in {name}: the split was made for other data"),
                });
            }
        }
        if let Some(&i) = self.test.iter().find(|i| train_rows.contains(i)) {
            return Err(Error::InvalidHyperparameter {
                name: "split.test",
                value: format!("row {i} also in split.train"),
                reason: "train and test must not share rows",
            });
        }
        Ok(())
    }

    /// Splits `dataset` into `(train, test)` data sets, in the order of the index lists.
    ///
    /// # Errors
    ///
    /// - [`Error::ShapeMismatch`] if an index is `>= dataset.n_samples()` (the split was made
    ///   for other data).
    /// - [`Error::InvalidHyperparameter`] (named `split.train` or `split.test`) if an index
    ///   is repeated within a list, or a row is in both lists.
    pub fn apply<F: Clone, T: DatasetTargets>(
        &self,
        dataset: &Dataset<F, T>,
    ) -> Result<(Dataset<F, T>, Dataset<F, T>)> {
        self.check_rows(dataset.n_samples())?;
        Ok((dataset.select(&self.train)?, dataset.select(&self.test)?))
    }
}

/// The test set's size for `n` rows: `ceil(test_fraction * n)`, as scikit-learn rounds it.
fn test_size(n: usize, test_fraction: f64) -> Result<usize> {
    if n < 2 {
        return Err(Error::EmptyData(format!(
            "the data has {n} row(s): a train/test split needs at least 2"
        )));
    }
    let bad = |reason| Error::InvalidHyperparameter {
        name: "test_fraction",
        value: test_fraction.to_string(),
        reason,
    };
    if !(test_fraction > 0.0 && test_fraction < 1.0) {
        return Err(bad("must be in the open interval (0, 1)"));
    }
    // test_fraction < 1, so this is in 1..=n.
    let n_test = ((test_fraction * n as f64).ceil() as usize).clamp(1, n);
    if n_test >= n {
        return Err(bad("must leave at least one training row"));
    }
    Ok(n_test)
}

/// How many of each class's rows go to the test set: `n_test` rows divided in proportion to
/// the class sizes, largest remainders first (exact integer arithmetic).
fn allocate(by_class: &[Vec<usize>], n_test: usize, n: usize) -> Vec<usize> {
    let mut quotas = Vec::with_capacity(by_class.len());
    let mut remainders = Vec::with_capacity(by_class.len());
    for (class, rows) in by_class.iter().enumerate() {
        // rows.len() * n_test <= n * n, far below usize::MAX for any data set in memory.
        let exact = rows.len().saturating_mul(n_test);
        quotas.push(exact / n);
        remainders.push((exact % n, class));
    }
    let given: usize = quotas.iter().sum();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, class) in remainders.iter().take(n_test.saturating_sub(given)) {
        if let Some(q) = quotas.get_mut(class) {
            *q += 1;
        }
    }
    quotas
}

/// Splits `dataset` at random into `(train, test)`, seeded: stratified by label for class
/// labels (see [`Split::stratified`] for how the rows are chosen), shuffled for real targets
/// (see [`Split::shuffled`]).
///
/// ```
/// use ndnet::data::{read_csv, train_test_split};
///
/// let ds = read_csv::<f64>("data/iris.csv")?;
/// let (train, test) = train_test_split(&ds, 0.2, 42)?;
/// assert_eq!((train.n_samples(), test.n_samples()), (120, 30));
/// // 10 of each of the three classes in the test set.
/// assert_eq!(test.labels().iter().filter(|&&y| y == 2).count(), 10);
/// # Ok::<(), ndnet::Error>(())
/// ```
///
/// # Errors
///
/// As [`Split::stratified`].
pub fn train_test_split<F: Clone, T: DatasetTargets>(
    dataset: &Dataset<F, T>,
    test_fraction: f64,
    seed: u64,
) -> Result<(Dataset<F, T>, Dataset<F, T>)> {
    dataset.targets().split(test_fraction, seed)?.apply(dataset)
}

#[cfg(test)]
mod tests;
