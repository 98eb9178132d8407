//! The buffers an optimizer keeps for every learned tensor, and its step count.

use super::state::{OptimizerState, PerTensor};
use crate::error::Result;
use crate::float::Float;
use crate::network::{Gradients, Network};

/// The name of the step count in an [`OptimizerState`] (PyTorch keeps one per parameter;
/// every tensor steps together here, so there is one).
const STEP: &str = "step";

/// Named per-tensor buffers (all made together, filled with `init`) and the number of steps
/// taken with them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Slots<F> {
    names: Vec<&'static str>,
    init: F,
    buffers: Option<Vec<PerTensor<F>>>,
    steps: u64,
}

impl<F: Float> Slots<F> {
    /// Slots for the buffers `names`, each starting at `init` everywhere.
    pub fn new(names: Vec<&'static str>, init: F) -> Self {
        Slots {
            names,
            init,
            buffers: None,
            steps: 0,
        }
    }

    /// Counts a step and returns its number (1 for the first) with the buffers, shaped like
    /// `grads`: kept from the last step if they fit, otherwise new (and the count restarts).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) if new buffers are needed and
    /// `grads` were not made by `net`: only this network's gradients may shape the state.
    pub fn step(
        &mut self,
        net: &Network<F>,
        grads: &Gradients<F>,
    ) -> Result<(u64, &mut [PerTensor<F>])> {
        let fits = |b: &Vec<PerTensor<F>>| {
            b.iter().all(|v| {
                v.len() == grads.len()
                    && grads.iter().zip(v).all(|((_, _, g), v)| g.len() == v.len())
            })
        };
        if !self.buffers.as_ref().is_some_and(fits) {
            grads.check_matches(net)?;
            let init = self.init;
            let zeros = || grads.iter().map(|(_, _, g)| vec![init; g.len()]).collect();
            self.buffers = Some(self.names.iter().map(|_| zeros()).collect());
            self.steps = 0;
        }
        self.steps += 1;
        let buffers = self.buffers.get_or_insert_with(Vec::new);
        Ok((self.steps, buffers.as_mut_slice()))
    }

    /// Adds the buffers (once there are any) and the step count to `state`.
    pub fn save(&self, net: &Network<F>, state: &mut OptimizerState<F>) {
        if let Some(buffers) = &self.buffers {
            for (name, values) in self.names.iter().zip(buffers) {
                state.put_per_tensor(net, name, values);
            }
            state.scalars.insert(STEP.into(), self.steps as f64);
        }
    }

    /// Takes back what [`save`](Slots::save) wrote, removing it from `state`. A state without
    /// these buffers means no step taken yet.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) if only some
    /// buffers are there, or they do not fit `net`.
    pub fn load(&mut self, net: &Network<F>, state: &mut OptimizerState<F>) -> Result<()> {
        let mut found = Vec::new();
        for name in &self.names {
            found.push(state.take_per_tensor(net, name)?);
        }
        let steps = state.take_count(STEP)?.unwrap_or(0) as u64;
        let present = found.iter().filter(|f| f.is_some()).count();
        if present != 0 && present != found.len() {
            let names = self.names.join(", ");
            return Err(super::state::bad(
                names,
                "only some of these buffers are saved",
            ));
        }
        self.buffers = found.into_iter().collect::<Option<Vec<_>>>();
        self.steps = if self.buffers.is_some() { steps } else { 0 };
        Ok(())
    }
}
