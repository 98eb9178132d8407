//! Gathering each batch's rows into buffers reused for the whole run.

use ndarray::{s, Array1, Array2, ArrayView2};

use crate::float::Float;
use crate::loss::Targets;

/// Reused buffers into which each batch's rows are gathered, so that the data is never
/// copied per epoch.
pub(crate) struct Batches<F> {
    x: Array2<F>,
    classes: Array1<usize>,
    values: Array2<F>,
}

impl<F: Float> Batches<F> {
    /// Buffers for batches of up to `batch` rows of `features` columns and targets like `y`.
    pub fn new(batch: usize, features: usize, y: &Targets<'_, F>) -> Self {
        let (classes, values) = match y {
            Targets::Classes(_) => (Array1::zeros(batch), Array2::zeros((0, 0))),
            Targets::Values(v) => (Array1::zeros(0), Array2::zeros((batch, v.ncols()))),
        };
        Batches {
            x: Array2::zeros((batch, features)),
            classes,
            values,
        }
    }

    /// The rows `rows` of `x` and `y`, copied into the buffers.
    pub fn gather<'b>(
        &'b mut self,
        x: ArrayView2<'_, F>,
        y: &Targets<'_, F>,
        rows: &[usize],
    ) -> (ArrayView2<'b, F>, Targets<'b, F>) {
        let n = rows.len();
        for (i, &r) in rows.iter().enumerate() {
            self.x.row_mut(i).assign(&x.row(r));
        }
        let targets = match y {
            Targets::Classes(c) => {
                for (slot, &r) in self.classes.iter_mut().zip(rows) {
                    *slot = c.get(r).copied().unwrap_or_default();
                }
                Targets::Classes(self.classes.slice(s![..n]))
            }
            Targets::Values(v) => {
                for (i, &r) in rows.iter().enumerate() {
                    self.values.row_mut(i).assign(&v.row(r));
                }
                Targets::Values(self.values.slice(s![..n, ..]))
            }
        };
        (self.x.slice(s![..n, ..]), targets)
    }
}
