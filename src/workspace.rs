//! Reusable buffers for the forward and backward passes.

use ndarray::{ArrayView2, ArrayViewMut2};

use crate::error::{Error, Result};
use crate::float::Float;

/// Scratch memory for running a [`Network`](crate::Network): one set of buffers per layer,
/// grown to the largest batch seen and then reused, so that steady-state inference and
/// training allocate nothing.
///
/// Create one with [`Workspace::new`] (or `default()`) and pass it to
/// [`Network::forward_with`](crate::Network::forward_with) or
/// [`Network::forward_into`](crate::Network::forward_into); a network keeps its own for
/// training.
#[derive(Debug, Clone, Default)]
pub struct Workspace<F> {
    pub(crate) layers: Vec<LayerBuffers<F>>,
}

impl<F: Float> Workspace<F> {
    /// An empty workspace; buffers are sized on first use.
    pub fn new() -> Self {
        Workspace { layers: Vec::new() }
    }

    /// Makes sure there is one set of buffers per layer.
    pub(crate) fn ensure_layers(&mut self, n: usize) {
        if self.layers.len() < n {
            self.layers.resize_with(n, LayerBuffers::default);
        }
    }
}

/// The buffers of one layer: its output, the gradient of the loss with respect to it, and its
/// scratch (the layer's cache between its forward and backward passes).
#[derive(Debug, Clone, Default)]
pub(crate) struct LayerBuffers<F> {
    pub(crate) output: Vec<F>,
    pub(crate) d_output: Vec<F>,
    pub(crate) scratch: Vec<F>,
}

/// The first `n` values of `buf`, growing it if needed.
pub(crate) fn grown<F: Float>(buf: &mut Vec<F>, n: usize) -> &mut [F] {
    if buf.len() < n {
        buf.resize(n, F::zero());
    }
    buf.get_mut(..n).unwrap_or_default()
}

/// A `(rows, cols)` mutable view of the front of `buf`, growing it if needed.
///
/// # Errors
/// [`Error::ShapeMismatch`] if `rows · cols` overflows.
pub(crate) fn view_mut<F: Float>(
    buf: &mut Vec<F>,
    rows: usize,
    cols: usize,
) -> Result<ArrayViewMut2<'_, F>> {
    let n = rows
        .checked_mul(cols)
        .ok_or_else(|| too_small(rows, cols, usize::MAX))?;
    let front = grown(buf, n);
    let len = front.len();
    ArrayViewMut2::from_shape((rows, cols), front).map_err(|_| too_small(rows, cols, len))
}

/// A `(rows, cols)` view of the front of `buf`.
///
/// # Errors
/// [`Error::ShapeMismatch`] if `buf` holds fewer than `rows · cols` values.
pub(crate) fn view<F: Float>(buf: &[F], rows: usize, cols: usize) -> Result<ArrayView2<'_, F>> {
    let front = rows
        .checked_mul(cols)
        .and_then(|n| buf.get(..n))
        .ok_or_else(|| too_small(rows, cols, buf.len()))?;
    ArrayView2::from_shape((rows, cols), front).map_err(|_| too_small(rows, cols, buf.len()))
}

fn too_small(rows: usize, cols: usize, len: usize) -> Error {
    Error::ShapeMismatch {
        context: "workspace buffer",
        expected: format!("room for ({rows}, {cols})"),
        actual: format!("{len} values"),
    }
}
