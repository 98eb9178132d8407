//! Gathering each batch's rows into buffers reused for the whole run.

use ndarray::{s, Array1, Array2, ArrayView1, ArrayView2};

use crate::float::Float;
use crate::loss::Targets;

/// Reused buffers into which each batch's rows are gathered, so that the data is never
/// copied per epoch.
pub(crate) struct Batches<F> {
    x: Array2<F>,
    classes: Array1<usize>,
    values: Array2<F>,
    weights: Array1<F>,
}

/// One gathered batch: features, targets, and weights if the run has them.
pub(crate) struct Batch<'b, F> {
    pub x: ArrayView2<'b, F>,
    pub targets: Targets<'b, F>,
    pub weights: Option<ArrayView1<'b, F>>,
}

impl<F: Float> Batches<F> {
    /// Buffers for batches of up to `batch` rows of `features` columns, targets like `y`, and
    /// weights if `weighted`.
    pub fn new(batch: usize, features: usize, y: &Targets<'_, F>, weighted: bool) -> Self {
        let (classes, values) = match y {
            Targets::Classes(_) => (Array1::zeros(batch), Array2::zeros((0, 0))),
            Targets::Values(v) => (Array1::zeros(0), Array2::zeros((batch, v.ncols()))),
        };
        Batches {
            x: Array2::zeros((batch, features)),
            classes,
            values,
            weights: Array1::zeros(if weighted { batch } else { 0 }),
        }
    }

    /// The rows `rows` of `x`, `y` and `weights`, copied into the buffers.
    pub fn gather<'b>(
        &'b mut self,
        x: ArrayView2<'_, F>,
        y: &Targets<'_, F>,
        weights: Option<ArrayView1<'_, F>>,
        rows: &[usize],
    ) -> Batch<'b, F> {
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
        let weights = weights.map(|w| {
            for (slot, &r) in self.weights.iter_mut().zip(rows) {
                *slot = w.get(r).copied().unwrap_or_else(F::zero);
            }
            self.weights.slice(s![..n])
        });
        Batch {
            x: self.x.slice(s![..n, ..]),
            targets,
            weights,
        }
    }
}
