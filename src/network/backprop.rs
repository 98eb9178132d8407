//! Training: forward in training mode, the loss, backward through every layer, penalties.

use ndarray::{Array2, ArrayView1, ArrayView2, ArrayViewMut2};

use super::{Gradients, Network};
use crate::error::Result;
use crate::float::Float;
use crate::layer::{BackwardPass, Role};
use crate::loss::{Loss, Targets};
use crate::regularization::{NoPenalty, Regularizer};
use crate::workspace::{view, view_mut};

impl<F: Float> Network<F> {
    /// Zero gradients shaped like this network's learned tensors, to pass to
    /// [`compute_gradients`](Network::compute_gradients).
    pub fn zero_gradients(&self) -> Gradients<F> {
        Gradients::zeros_like(self)
    }

    /// Forward and backward on a batch: returns the batch-mean loss plus the penalty, and
    /// overwrites `grads` with its gradient. Training buffers live in the network and are
    /// reused, so this allocates nothing once it has seen the batch size. Running statistics
    /// (Dice's) move towards the batch's.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) for inconsistent shapes
    /// (features, targets, `grads`), [`Error::NonFinite`](crate::Error::NonFinite) for a bad
    /// feature, the loss's errors for bad targets, and
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) for an invalid
    /// regularizer.
    pub fn compute_gradients<'t, L, R>(
        &mut self,
        x: ArrayView2<'_, F>,
        targets: impl Into<Targets<'t, F>>,
        loss: &L,
        regularizer: &R,
        grads: &mut Gradients<F>,
    ) -> Result<F>
    where
        F: 't,
        L: Loss<F> + ?Sized,
        R: Regularizer<F> + ?Sized,
    {
        self.check_features(x)?;
        regularizer.validate()?;
        grads.check_matches(self)?;
        self.gradients_unchecked(x, (targets.into(), None), loss, regularizer, grads, None)
    }

    /// Like [`compute_gradients`](Network::compute_gradients), allocating new gradients.
    ///
    /// # Errors
    /// As [`compute_gradients`](Network::compute_gradients).
    pub fn loss_and_gradients<'t, L, R>(
        &mut self,
        x: ArrayView2<'_, F>,
        targets: impl Into<Targets<'t, F>>,
        loss: &L,
        regularizer: &R,
    ) -> Result<(F, Gradients<F>)>
    where
        F: 't,
        L: Loss<F> + ?Sized,
        R: Regularizer<F> + ?Sized,
    {
        let mut grads = self.zero_gradients();
        let value = self.compute_gradients(x, targets, loss, regularizer, &mut grads)?;
        Ok((value, grads))
    }

    /// The batch-mean loss plus the penalty, without gradients (inference mode).
    ///
    /// # Errors
    /// As [`compute_gradients`](Network::compute_gradients).
    pub fn loss<'t, L, R>(
        &self,
        x: ArrayView2<'_, F>,
        targets: impl Into<Targets<'t, F>>,
        loss: &L,
        regularizer: &R,
    ) -> Result<F>
    where
        F: 't,
        L: Loss<F> + ?Sized,
        R: Regularizer<F> + ?Sized,
    {
        regularizer.validate()?;
        let scores = self.forward(x)?;
        let data_loss = loss.loss(scores.view(), targets.into())?;
        Ok(data_loss + self.penalty(regularizer))
    }

    /// `dL/dX`, the gradient of the batch-mean loss with respect to the input features
    /// (`(batch, inputs)`): which features the loss is sensitive to.
    ///
    /// # Errors
    /// As [`compute_gradients`](Network::compute_gradients).
    pub fn input_gradient<'t, L>(
        &mut self,
        x: ArrayView2<'_, F>,
        targets: impl Into<Targets<'t, F>>,
        loss: &L,
    ) -> Result<Array2<F>>
    where
        F: 't,
        L: Loss<F> + ?Sized,
    {
        self.check_features(x)?;
        let mut grads = self.zero_gradients();
        let mut dx = Array2::zeros(x.raw_dim());
        let input = Some(dx.view_mut());
        self.gradients_unchecked(
            x,
            (targets.into(), None),
            loss,
            &NoPenalty,
            &mut grads,
            input,
        )?;
        Ok(dx)
    }

    /// The regularizer's penalty summed over every weight (the tensors of role
    /// [`Role::Weight`]).
    pub fn penalty<R: Regularizer<F> + ?Sized>(&self, regularizer: &R) -> F {
        let mut total = F::zero();
        for layer in &self.layers {
            layer.tensors(&mut |t| {
                if t.role == Role::Weight {
                    total += regularizer.penalty(t.values);
                }
            });
        }
        total
    }

    /// Calls `update(i, values, gradient)` for every learned tensor `i` in order, with its
    /// values and its gradient in `grads`: the step of an [`Optimizer`](crate::optim::Optimizer).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) if `grads` was not made by this
    /// network (or one shaped like it).
    pub fn update_parameters(
        &mut self,
        grads: &Gradients<F>,
        mut update: impl FnMut(usize, &mut [F], &[F]),
    ) -> Result<()> {
        grads.check_matches(self)?;
        let mut k = 0;
        for layer in &mut self.layers {
            layer.tensors_mut(&mut |t| {
                if t.role.is_learned() {
                    update(k, t.values, grads.values(k));
                    k += 1;
                }
            });
        }
        Ok(())
    }

    /// The training step's arithmetic, with the inputs already validated: `x`, its targets
    /// and, for a weighted batch mean, its weights.
    pub(crate) fn gradients_unchecked<L, R>(
        &mut self,
        x: ArrayView2<'_, F>,
        (targets, weights): (Targets<'_, F>, Option<ArrayView1<'_, F>>),
        loss: &L,
        regularizer: &R,
        grads: &mut Gradients<F>,
        mut input_grad: Option<ArrayViewMut2<'_, F>>,
    ) -> Result<F>
    where
        L: Loss<F> + ?Sized,
        R: Regularizer<F> + ?Sized,
    {
        let batch = x.nrows();
        super::forward::run_forward(
            &self.layers,
            &self.widths,
            &mut self.workspace,
            x,
            Some(&mut self.noise),
        )?;
        for (layer, buf) in self.layers.iter_mut().zip(&self.workspace.layers) {
            layer.update_statistics(batch, &buf.scratch);
        }

        // The loss writes dL/dscores into the last layer's `d_output`.
        let outputs = self.outputs();
        let last = self.layers.len().checked_sub(1);
        let mut value = match last.and_then(|i| self.workspace.layers.get_mut(i)) {
            Some(last) => {
                let scores = view(&last.output, batch, outputs)?;
                let d_scores = view_mut(&mut last.d_output, batch, outputs)?;
                match weights {
                    Some(w) => loss.weighted_loss_and_gradient(scores, targets, w, d_scores)?,
                    None => loss.loss_and_gradient(scores, targets, d_scores)?,
                }
            }
            None => F::zero(),
        };

        let shapes = self.layers.iter().zip(self.widths.windows(2));
        for (i, (layer, io)) in shapes.enumerate().rev() {
            let &[inputs, outputs] = io else {
                continue;
            };
            let (before, rest) = self.workspace.layers.split_at_mut(i);
            let Some(buf) = rest.first_mut() else {
                continue;
            };
            let (input, d_input) = match before.last_mut() {
                Some(prev) => {
                    let d_input = view_mut(&mut prev.d_output, batch, inputs)?;
                    (view(&prev.output, batch, inputs)?, Some(d_input))
                }
                None => (x, input_grad.take()),
            };
            layer.backward(BackwardPass {
                input,
                output: view(&buf.output, batch, outputs)?,
                d_output: view(&buf.d_output, batch, outputs)?,
                scratch: &mut buf.scratch,
                gradients: grads.layer_mut(i),
                d_input,
            })?;
        }
        self.add_penalty_gradients(regularizer, grads, &mut value);
        Ok(value)
    }

    /// Adds the penalty's gradient into the gradient of every weight, and each weight's
    /// penalty to `total`, one after the other.
    fn add_penalty_gradients<R: Regularizer<F> + ?Sized>(
        &self,
        regularizer: &R,
        grads: &mut Gradients<F>,
        total: &mut F,
    ) {
        for (i, layer) in self.layers.iter().enumerate() {
            let mut slots = grads.layer_mut(i).iter_mut();
            layer.tensors(&mut |t| {
                if !t.role.is_learned() {
                    return;
                }
                if let Some(g) = slots.next() {
                    if t.role == Role::Weight {
                        *total += regularizer.add_penalty_gradient(t.values, g);
                    }
                }
            });
        }
    }
}
