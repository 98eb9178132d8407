//! Tabular data sets: loading, splitting and scaling.
//!
//! A [`Dataset`] holds a feature matrix `(n_samples, n_features)` and one target per row: a
//! class id, or (for regression) a row of real values. [`read_csv`] and [`CsvOptions`] load
//! one from a numeric CSV file, [`read_idx`] and [`read_mnist`] from IDX
//! files (MNIST's format, gzipped or not), [`read_split`] and [`train_test_split`]
//! divide it into training and test rows, and [`StandardScaler`] standardises its features.
//!
//! ```
//! use ndarray::array;
//! use ndnet::data::Dataset;
//!
//! let ds = Dataset::new(
//!     array![[1.0f64, 2.0], [3.0, 4.0], [5.0, 6.0]],
//!     array![0, 2, 1],
//!     vec!["a".into(), "b".into()],
//! )?;
//! assert_eq!((ds.n_samples(), ds.n_features(), ds.n_classes()), (3, 2, 3));
//! let picked = ds.select(&[2, 0])?;
//! assert_eq!(picked.features(), array![[5.0, 6.0], [1.0, 2.0]]);
//! assert_eq!(picked.labels(), array![1, 0]);
//! # Ok::<(), ndnet::Error>(())
//! ```

mod csv;
mod idx;
mod scale;
mod split;

pub use self::csv::{read_csv, CsvOptions};
pub use self::idx::{read_idx, read_idx_images, read_idx_labels, read_mnist, MNIST_FILES};
pub use self::scale::StandardScaler;
pub use self::split::{read_split, train_test_split, Split};

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, ArrayViewMut2, Axis};

use crate::error::{Error, Result};

/// A feature matrix with one target per row: a class label (`T = Array1<usize>`, the
/// default, for classification) or a row of real values (`T = Array2<F>`, for regression).
///
/// Rows are samples, columns are features; labels are 0-based class ids.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset<F, T = Array1<usize>> {
    features: Array2<F>,
    targets: T,
    feature_names: Vec<String>,
}

/// What a [`Dataset`] can hold as targets, one entry or row per sample: class labels
/// `Array1<usize>` or real values `Array2<F>` `(samples, outputs)`. Sealed: ndnet's own two.
pub trait DatasetTargets: Clone + sealed::Sealed {
    /// Number of samples.
    fn n_rows(&self) -> usize;

    /// The entries at `indices`, all `< n_rows()` (checked by the caller).
    fn select_rows(&self, indices: &[usize]) -> Self;

    /// A seeded train/test split of these targets' rows: stratified by class for labels,
    /// plain shuffled for real values.
    ///
    /// # Errors
    /// As [`Split::stratified`] and [`Split::shuffled`].
    fn split(&self, test_fraction: f64, seed: u64) -> Result<Split>;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for ndarray::Array1<usize> {}
    impl<F> Sealed for ndarray::Array2<F> {}
}

impl DatasetTargets for Array1<usize> {
    fn n_rows(&self) -> usize {
        self.len()
    }
    fn select_rows(&self, indices: &[usize]) -> Self {
        self.select(Axis(0), indices)
    }
    fn split(&self, test_fraction: f64, seed: u64) -> Result<Split> {
        Split::stratified(self.view(), test_fraction, seed)
    }
}

impl<F: Clone> DatasetTargets for Array2<F> {
    fn n_rows(&self) -> usize {
        self.nrows()
    }
    fn select_rows(&self, indices: &[usize]) -> Self {
        self.select(Axis(0), indices)
    }
    fn split(&self, test_fraction: f64, seed: u64) -> Result<Split> {
        Split::shuffled(self.nrows(), test_fraction, seed)
    }
}

impl<F: Clone> Dataset<F> {
    /// Builds a data set from features `(n_samples, n_features)`, labels `(n_samples,)` and
    /// one name per feature column.
    ///
    /// # Errors
    ///
    /// [`Error::ShapeMismatch`] if `labels` does not have one entry per row of `features`, or
    /// `feature_names` does not have one entry per column.
    pub fn new(
        features: Array2<F>,
        labels: Array1<usize>,
        feature_names: Vec<String>,
    ) -> Result<Self> {
        Self::with_targets(features, labels, feature_names)
    }

    /// The class labels, `(n_samples,)`.
    pub fn labels(&self) -> ArrayView1<'_, usize> {
        self.targets.view()
    }

    /// Number of classes, taken as the largest label + 1 (0 for an empty data set).
    pub fn n_classes(&self) -> usize {
        self.targets
            .iter()
            .max()
            .map_or(0, |&m| m.saturating_add(1))
    }
}

impl<F: Clone> Dataset<F, Array2<F>> {
    /// Builds a regression data set from features `(n_samples, n_features)`, real targets
    /// `(n_samples, n_outputs)` (a 1-D target `y` is `y.insert_axis(Axis(1))`) and one name
    /// per feature column.
    ///
    /// # Errors
    ///
    /// [`Error::ShapeMismatch`] if `targets` does not have one row per row of `features`, or
    /// `feature_names` does not have one entry per column.
    pub fn regression(
        features: Array2<F>,
        targets: Array2<F>,
        feature_names: Vec<String>,
    ) -> Result<Self> {
        Self::with_targets(features, targets, feature_names)
    }

    /// The real targets, `(n_samples, n_outputs)`.
    pub fn values(&self) -> ArrayView2<'_, F> {
        self.targets.view()
    }

    /// Number of target values per sample.
    pub fn n_outputs(&self) -> usize {
        self.targets.ncols()
    }
}

impl<F: Clone, T: DatasetTargets> Dataset<F, T> {
    /// Builds a data set from features `(n_samples, n_features)`, targets (one entry or row
    /// per sample) and one name per feature column.
    ///
    /// # Errors
    ///
    /// As [`Dataset::new`].
    pub fn with_targets(
        features: Array2<F>,
        targets: T,
        feature_names: Vec<String>,
    ) -> Result<Self> {
        let (rows, cols) = features.dim();
        if targets.n_rows() != rows {
            return Err(Error::ShapeMismatch {
                context: "Dataset targets",
                expected: format!("one per row: {rows}"),
                actual: format!("{}", targets.n_rows()),
            });
        }
        if feature_names.len() != cols {
            return Err(Error::ShapeMismatch {
                context: "Dataset::new feature_names",
                expected: format!("{cols} names"),
                actual: format!("{} names", feature_names.len()),
            });
        }
        Ok(Self {
            features,
            targets,
            feature_names,
        })
    }

    /// The feature matrix, `(n_samples, n_features)`.
    pub fn features(&self) -> ArrayView2<'_, F> {
        self.features.view()
    }

    /// The feature matrix, mutably (e.g. to standardise it in place); its shape is fixed.
    pub fn features_mut(&mut self) -> ArrayViewMut2<'_, F> {
        self.features.view_mut()
    }

    /// The targets: labels `(n_samples,)` or values `(n_samples, n_outputs)`.
    pub fn targets(&self) -> &T {
        &self.targets
    }

    /// The feature names, one per column (from the CSV header when read from a file).
    pub fn feature_names(&self) -> &[String] {
        &self.feature_names
    }

    /// Takes the data set apart into `(features, targets, feature_names)`.
    pub fn into_parts(self) -> (Array2<F>, T, Vec<String>) {
        (self.features, self.targets, self.feature_names)
    }

    /// Number of samples (rows).
    pub fn n_samples(&self) -> usize {
        self.features.nrows()
    }

    /// Number of features (columns).
    pub fn n_features(&self) -> usize {
        self.features.ncols()
    }

    /// A new data set made of the rows at `indices`, in that order (repeats allowed).
    ///
    /// # Errors
    ///
    /// [`Error::ShapeMismatch`] if an index is `>= n_samples()`; the message names the index
    /// and its position in `indices`.
    pub fn select(&self, indices: &[usize]) -> Result<Self> {
        let n = self.n_samples();
        if let Some((pos, &bad)) = indices.iter().enumerate().find(|(_, &i)| i >= n) {
            return Err(Error::ShapeMismatch {
                context: "Dataset::select indices",
                expected: format!("row indices in 0..{n}"),
                actual: format!("index {bad} at position {pos}"),
            });
        }
        // In range (checked above), so `select` cannot panic; empty `indices` give 0 rows.
        Ok(Self {
            features: self.features.select(Axis(0), indices),
            targets: self.targets.select_rows(indices),
            feature_names: self.feature_names.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn small() -> Dataset<f32> {
        Dataset::new(
            array![[1.0f32, 2.0], [3.0, 4.0], [5.0, 6.0]],
            array![0, 1, 1],
            vec!["x".into(), "y".into()],
        )
        .unwrap()
    }

    #[test]
    fn new_checks_label_and_name_counts() {
        let e = Dataset::new(array![[1.0f64], [2.0]], array![0], vec!["a".into()]);
        assert!(matches!(e, Err(Error::ShapeMismatch { .. })));
        let e = Dataset::new(array![[1.0f64], [2.0]], array![0, 1], vec![]);
        assert!(matches!(e, Err(Error::ShapeMismatch { .. })));
    }

    #[test]
    fn select_rows_and_reject_out_of_range() {
        let ds = small();
        let s = ds.select(&[1, 1, 0]).unwrap();
        assert_eq!(s.features(), array![[3.0f32, 4.0], [3.0, 4.0], [1.0, 2.0]]);
        assert_eq!(s.labels(), array![1, 1, 0]);
        assert_eq!(s.feature_names(), ["x", "y"]);
        match ds.select(&[0, 3]) {
            Err(Error::ShapeMismatch { actual, .. }) => {
                assert_eq!(actual, "index 3 at position 1");
            }
            other => panic!("expected ShapeMismatch, got {other:?}"),
        }
    }

    #[test]
    fn select_nothing_gives_an_empty_data_set() {
        let s = small().select(&[]).unwrap();
        assert_eq!((s.n_samples(), s.n_features(), s.n_classes()), (0, 2, 0));
    }
}
