//! The confusion matrix.

use std::fmt;

use ndarray::{Array2, ArrayView1, ArrayView2};

use super::check_lengths;
use crate::check;
use crate::error::Result;

/// Counts of (true class, predicted class) pairs: `counts[[t, p]]` is the number of samples of
/// true class `t` predicted as `p`. Rows are true classes, columns predicted classes, as in
/// scikit-learn's `confusion_matrix`.
///
/// ```
/// use ndarray::array;
/// use ndnet::metrics::ConfusionMatrix;
///
/// let cm = ConfusionMatrix::from_labels(array![0, 1, 2, 2].view(), array![0, 2, 2, 1].view(), 3)?;
/// assert_eq!(cm.counts(), array![[1, 0, 0], [0, 0, 1], [0, 1, 1]]);
/// let table = "true\\pred 0 1 2\n        0 1 0 0\n        1 0 0 1\n        2 0 1 1\n";
/// assert_eq!(cm.to_string(), table);
/// println!("{cm}");
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfusionMatrix {
    counts: Array2<usize>,
}

impl ConfusionMatrix {
    /// Counts the pairs `(y_true[i], y_pred[i])` for classes `0..n_classes`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) if `n_classes` is 0; [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) if the
    /// lengths differ; [`Error::EmptyData`](crate::Error::EmptyData) if they are 0; [`Error::InvalidLabel`](crate::Error::InvalidLabel) (naming the
    /// row) for a label `>= n_classes` in either input.
    pub fn from_labels(
        y_true: ArrayView1<'_, usize>,
        y_pred: ArrayView1<'_, usize>,
        n_classes: usize,
    ) -> Result<Self> {
        check::at_least_one("n_classes", n_classes)?;
        check::elements("ConfusionMatrix counts", &[n_classes, n_classes])?;
        check_lengths("ConfusionMatrix::from_labels", y_true.len(), y_pred.len())?;
        check::labels(y_true, n_classes)?;
        check::labels(y_pred, n_classes)?;
        let mut counts = Array2::zeros((n_classes, n_classes));
        for (&t, &p) in y_true.iter().zip(&y_pred) {
            if let Some(cell) = counts.get_mut((t, p)) {
                *cell += 1;
            }
        }
        Ok(Self { counts })
    }

    /// The counts, `(n_classes, n_classes)`: rows true classes, columns predicted classes.
    pub fn counts(&self) -> ArrayView2<'_, usize> {
        self.counts.view()
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.counts.nrows()
    }

    /// Total number of samples counted.
    pub fn total(&self) -> usize {
        self.counts.sum()
    }

    /// Fraction of samples on the diagonal (correctly classified).
    pub fn accuracy(&self) -> f64 {
        let correct: usize = self.counts.diag().sum();
        match self.total() {
            0 => 0.0,
            total => correct as f64 / total as f64,
        }
    }
}

/// A right-aligned table: a header row of predicted classes, then one row per true class,
/// each line ending in `\n`.
impl fmt::Display for ConfusionMatrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const CORNER: &str = "true\\pred";
        let n = self.n_classes();
        let widest = |m: usize| m.to_string().len();
        let cell = self
            .counts
            .iter()
            .map(|&c| widest(c))
            .chain(std::iter::once(widest(n.saturating_sub(1))))
            .max()
            .unwrap_or(1);
        let label = CORNER.len().max(widest(n.saturating_sub(1)));
        write!(f, "{CORNER:>label$}")?;
        for class in 0..n {
            write!(f, " {class:>cell$}")?;
        }
        writeln!(f)?;
        for (class, row) in self.counts.rows().into_iter().enumerate() {
            write!(f, "{class:>label$}")?;
            for c in row {
                write!(f, " {c:>cell$}")?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}
