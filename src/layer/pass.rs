//! What a layer is given for one pass over a batch: its input, its output buffer, its scratch.

use ndarray::{Array2, ArrayView2, ArrayViewMut2};
use rand_xoshiro::Xoshiro256PlusPlus;

/// Whether a forward pass is part of training (batch statistics, a cache for the backward pass)
/// or inference (running statistics; nothing changes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Training: batch statistics; running statistics are updated afterwards.
    Training,
    /// Inference: running statistics; nothing changes.
    Inference,
}

/// One forward pass of a layer over a batch, in buffers the caller owns.
///
/// The network sizes `output` to `(batch, outputs)` and `scratch` to
/// [`scratch_len`](super::Layer::scratch_len) values; whatever the layer leaves in `scratch`
/// comes back to its [`backward`](super::Layer::backward) pass.
#[derive(Debug)]
#[non_exhaustive]
pub struct ForwardPass<'a, F> {
    /// Training or inference.
    pub mode: Mode,
    /// The input, `(batch, inputs)`.
    pub input: ArrayView2<'a, F>,
    /// Where the output goes, `(batch, outputs)`; its old content is garbage.
    pub output: ArrayViewMut2<'a, F>,
    /// This layer's scratch for the pass.
    pub scratch: &'a mut [F],
    /// In training, the generator of the network's randomness (dropout masks), seeded from
    /// the training seed and saved in checkpoints; `None` in inference.
    pub noise: Option<&'a mut Xoshiro256PlusPlus>,
}

/// One backward pass of a layer, after a training-mode forward pass on the same input.
#[derive(Debug)]
#[non_exhaustive]
pub struct BackwardPass<'a, F> {
    /// The forward pass's input, `(batch, inputs)`.
    pub input: ArrayView2<'a, F>,
    /// The forward pass's output, `(batch, outputs)`.
    pub output: ArrayView2<'a, F>,
    /// `dL/d output`, `(batch, outputs)`.
    pub d_output: ArrayView2<'a, F>,
    /// The scratch as the forward pass left it; the backward pass may overwrite it.
    pub scratch: &'a mut [F],
    /// One buffer per learnable tensor, in the order of [`tensors`](super::Layer::tensors),
    /// each as long as its tensor: the pass overwrites them with `dL/d tensor`.
    pub gradients: &'a mut [Vec<F>],
    /// Where `dL/d input` goes, `(batch, inputs)`, when it is wanted (it is not for the first
    /// layer of a network).
    pub d_input: Option<ArrayViewMut2<'a, F>>,
}

/// The gradients of one layer for one batch, from
/// [`Layer::differentiate`](super::Layer::differentiate).
#[derive(Debug, Clone, PartialEq)]
pub struct LayerGradients<F> {
    pub(crate) names: Vec<&'static str>,
    pub(crate) tensors: Vec<Vec<F>>,
    pub(crate) input: Array2<F>,
}

impl<F> LayerGradients<F> {
    /// `dL/d tensor` for the learnable tensor called `name` (e.g. `"weight"`), flat in
    /// row-major order.
    pub fn tensor(&self, name: &str) -> Option<&[F]> {
        let i = self.names.iter().position(|&n| n == name)?;
        self.tensors.get(i).map(Vec::as_slice)
    }

    /// `dL/d input`, `(batch, inputs)`.
    pub fn input(&self) -> ArrayView2<'_, F> {
        self.input.view()
    }
}
