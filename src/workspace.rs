//! Reusable buffers for the forward and backward passes.

use ndarray::{ArrayView2, ArrayViewMut2};

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
    &mut buf[..n]
}

/// A `(rows, cols)` mutable view of the front of `buf`, growing it if needed.
pub(crate) fn view_mut<F: Float>(
    buf: &mut Vec<F>,
    rows: usize,
    cols: usize,
) -> ArrayViewMut2<'_, F> {
    let front = grown(buf, rows * cols);
    ArrayViewMut2::from_shape((rows, cols), front)
        .expect("the front of the buffer holds rows * cols elements")
}

/// A `(rows, cols)` view of the front of `buf`, which must already hold that many elements.
pub(crate) fn view<F: Float>(buf: &[F], rows: usize, cols: usize) -> ArrayView2<'_, F> {
    ArrayView2::from_shape((rows, cols), &buf[..rows * cols])
        .expect("buffer was sized by the forward pass")
}
