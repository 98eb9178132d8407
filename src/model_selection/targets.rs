//! What cross-validation needs of a kind of target: picking out the targets of some rows.

use ndarray::{Array1, Array2, ArrayView1, Axis};

use crate::error::{Error, Result};
use crate::estimator::{Labels, RealTargets, TargetKind, Values};
use crate::float::Float;

/// A [`TargetKind`] whose targets can be taken row by row: class [`Labels`] and real
/// [`Values`]. [`cross_val_score`](super::cross_val_score) and
/// [`GridSearch`](super::GridSearch) pick each fold's targets with it, so one function serves
/// classifiers and regressors.
pub trait SelectRows<F: Float>: TargetKind {
    /// The targets of picked rows, owned: `Array1<usize>` for labels, `Array2<F>`
    /// `(rows, outputs)` for values. `Send + Sync`, so folds can be fitted on other threads.
    type Rows: Send + Sync;

    /// The number of samples in `y`.
    fn n_rows(y: &Self::View<'_, F>) -> usize;

    /// The targets of `rows` of `y`, in that order.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] if a row is `>= n_rows(y)`.
    fn select(y: &Self::View<'_, F>, rows: &[usize]) -> Result<Self::Rows>;

    /// A view of picked targets, to fit or score on.
    fn view(rows: &Self::Rows) -> Self::View<'_, F>;
}

impl<F: Float> SelectRows<F> for Labels {
    type Rows = Array1<usize>;

    fn n_rows(y: &ArrayView1<'_, usize>) -> usize {
        y.len()
    }

    fn select(y: &ArrayView1<'_, usize>, rows: &[usize]) -> Result<Array1<usize>> {
        in_range(rows, y.len())?;
        Ok(y.select(Axis(0), rows))
    }

    fn view(rows: &Array1<usize>) -> ArrayView1<'_, usize> {
        rows.view()
    }
}

impl<F: Float> SelectRows<F> for Values {
    type Rows = Array2<F>;

    fn n_rows(y: &RealTargets<'_, F>) -> usize {
        y.len()
    }

    fn select(y: &RealTargets<'_, F>, rows: &[usize]) -> Result<Array2<F>> {
        in_range(rows, y.len())?;
        Ok(y.values().select(Axis(0), rows))
    }

    fn view(rows: &Array2<F>) -> RealTargets<'_, F> {
        rows.into()
    }
}

/// Every row index must be below `n`.
fn in_range(rows: &[usize], n: usize) -> Result<()> {
    match rows.iter().enumerate().find(|(_, &row)| row >= n) {
        None => Ok(()),
        Some((position, row)) => Err(Error::ShapeMismatch {
            context: "selected target rows",
            expected: format!("row indices in 0..{n}"),
            actual: format!("index {row} at position {position}"),
        }),
    }
}
