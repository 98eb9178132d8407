//! Inference: the forward pass through every layer, in a workspace.

use ndarray::{Array1, Array2, ArrayView2, ArrayViewMut2};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::Network;
use crate::activation::Activation;
use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;
use crate::layer::{Dense, ForwardPass, Layer, Mode};
use crate::ops::{all_finite, argmax};
use crate::workspace::{grown, view, view_mut, Workspace};

impl<F: Float> Network<F> {
    /// Inference: the scores for a batch, `(batch, inputs) -> (batch, outputs)`.
    ///
    /// Allocates its result and intermediates; for repeated calls use
    /// [`forward_with`](Network::forward_with).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for the wrong number of columns; [`Error::NonFinite`] for a NaN
    /// or infinite feature, or for a non-finite score from finite features (an overflow).
    pub fn forward(&self, x: ArrayView2<'_, F>) -> Result<Array2<F>> {
        let mut ws = Workspace::new();
        Ok(self.forward_with(x, &mut ws)?.to_owned())
    }

    /// Inference into a caller-kept [`Workspace`]: returns a view of the scores inside it.
    /// After the first call with the largest batch, this allocates nothing.
    ///
    /// # Errors
    /// As [`forward`](Network::forward), including [`Error::NonFinite`] for scores that
    /// overflow although the features are finite.
    pub fn forward_with<'w>(
        &self,
        x: ArrayView2<'_, F>,
        ws: &'w mut Workspace<F>,
    ) -> Result<ArrayView2<'w, F>> {
        self.check_features(x)?;
        run_forward(&self.layers, &self.widths, ws, x, None)?;
        let last = self.layers.len().checked_sub(1);
        let last = last.and_then(|i| ws.layers.get(i)).ok_or_else(no_layers)?;
        let scores = view(&last.output, x.nrows(), self.outputs())?;
        // Finite features can still overflow on the way (f32 values near 3e38): say so rather
        // than hand back NaN probabilities.
        check::finite(OVERFLOW, scores)?;
        Ok(scores)
    }

    /// Inference writing the scores into `out` (`(batch, outputs)`), using `ws` for
    /// intermediates: no allocation once `ws` has seen the batch size.
    ///
    /// # Errors
    /// As [`forward`](Network::forward), and [`Error::ShapeMismatch`] for a wrongly shaped `out`.
    pub fn forward_into(
        &self,
        x: ArrayView2<'_, F>,
        ws: &mut Workspace<F>,
        mut out: ArrayViewMut2<'_, F>,
    ) -> Result<()> {
        if out.dim() != (x.nrows(), self.outputs()) {
            return Err(Error::ShapeMismatch {
                context: "forward_into output",
                expected: check::shape2(x.nrows(), self.outputs()),
                actual: check::shape2(out.nrows(), out.ncols()),
            });
        }
        let scores = self.forward_with(x, ws)?;
        out.assign(&scores);
        Ok(())
    }

    /// Inference keeping every layer's output: element `i` is layer `i`'s output
    /// `(batch, outputs_i)`, the last one being the scores. For inspecting hidden layers (see
    /// [`diagnostics`](crate::diagnostics)).
    ///
    /// # Errors
    /// As [`forward`](Network::forward).
    pub fn layer_outputs(&self, x: ArrayView2<'_, F>) -> Result<Vec<Array2<F>>> {
        self.check_features(x)?;
        let mut ws = Workspace::new();
        run_forward(&self.layers, &self.widths, &mut ws, x, None)?;
        self.layers
            .iter()
            .zip(&ws.layers)
            .zip(self.widths.iter().skip(1))
            .map(|((_, buf), &cols)| Ok(view(&buf.output, x.nrows(), cols)?.to_owned()))
            .collect()
    }

    /// The predicted class of each sample: the arg-max of the scores, or for a single output,
    /// class 1 where the score passes the threshold of the output activation (0.5 after a
    /// sigmoid or step, whose outputs are in `[0, 1]`; 0 for logits and margins).
    ///
    /// # Errors
    /// As [`forward`](Network::forward).
    pub fn predict_classes(&self, x: ArrayView2<'_, F>) -> Result<Array1<usize>> {
        let scores = self.forward(x)?;
        if scores.ncols() == 1 {
            let threshold = match self.output_activation() {
                Some(Activation::Sigmoid | Activation::Step) => F::from_f64_lossy(0.5),
                _ => F::zero(),
            };
            Ok(scores.column(0).mapv(|s| usize::from(s > threshold)))
        } else {
            Ok(scores.rows().into_iter().map(argmax).collect())
        }
    }

    /// The activation of the last layer, if it is a dense layer.
    fn output_activation(&self) -> Option<Activation> {
        let last = self.layers.last()?;
        last.downcast_ref::<Dense<F>>().map(Dense::activation)
    }
}

/// The context of an error for scores that overflowed although the features are finite.
const OVERFLOW: &str = "the scores (the features are finite, but the forward pass overflowed: \
                        scale the features, e.g. with StandardScaler)";

fn no_layers() -> Error {
    Error::EmptyData("a network needs at least one layer".into())
}

/// Runs every layer on `x`, leaving each layer's output and scratch in `ws`: in training mode
/// with the generator `noise`, in inference mode without one.
///
/// The first layer's pass doubles as the check that `x` is finite: where the layer offers a
/// witness (a dense layer's pre-activations), only those are scanned, and `x` itself only if
/// they are not all finite; if `x` is finite after all, the non-finite values are an honest
/// overflow and are left to the caller.
#[inline]
pub(super) fn run_forward<F: Float>(
    layers: &[Box<dyn Layer<F>>],
    widths: &[usize],
    ws: &mut Workspace<F>,
    x: ArrayView2<'_, F>,
    mut noise: Option<&mut Xoshiro256PlusPlus>,
) -> Result<()> {
    let batch = x.nrows();
    let mode = match noise {
        Some(_) => Mode::Training,
        None => Mode::Inference,
    };
    ws.ensure_layers(layers.len());
    for (i, (layer, io)) in layers.iter().zip(widths.windows(2)).enumerate() {
        let &[inputs, outputs] = io else {
            continue;
        };
        let (before, rest) = ws.layers.split_at_mut(i);
        let input = match before.last() {
            Some(prev) => view(&prev.output, batch, inputs)?,
            None => x,
        };
        let buf = rest.first_mut().ok_or_else(no_layers)?;
        let scratch = grown(&mut buf.scratch, layer.scratch_len(batch, mode));
        layer.forward(ForwardPass {
            mode,
            input,
            output: view_mut(&mut buf.output, batch, outputs)?,
            scratch,
            noise: noise.as_deref_mut(),
        })?;
        if i == 0 {
            match layer.input_witness(&buf.scratch, batch) {
                Some(witness) if all_finite(witness) => {}
                _ => check::finite("features", x)?,
            }
        }
    }
    Ok(())
}
