//! An optimizer's state by name, as checkpoints store it.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::float::Float;
use crate::network::Network;

/// What an optimizer carries from step to step: for each learned tensor it keeps state for,
/// buffers named `{tensor}.{buffer}` as long as the tensor (PyTorch's buffer names, e.g.
/// `0.weight.momentum_buffer`, `0.weight.exp_avg`), and named scalars (e.g. the step count).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OptimizerState<F> {
    /// Per-tensor buffers by `{tensor}.{buffer}`, flat in the tensor's order.
    pub buffers: BTreeMap<String, Vec<F>>,
    /// Scalars by name.
    pub scalars: BTreeMap<String, f64>,
}

/// One buffer per learned tensor of a network, in the order of its gradients.
pub(crate) type PerTensor<F> = Vec<Vec<F>>;

impl<F: Float> OptimizerState<F> {
    /// Whether there is nothing in it.
    pub fn is_empty(&self) -> bool {
        self.buffers.is_empty() && self.scalars.is_empty()
    }

    /// The names in it, for error messages.
    pub(crate) fn describe(&self) -> String {
        let names: Vec<&str> = self
            .buffers
            .keys()
            .chain(self.scalars.keys())
            .map(String::as_str)
            .collect();
        format!("[{}]", names.join(", "))
    }

    /// Removes buffer `buffer` of every learned tensor of `net` from the state and returns
    /// them in order, or `None` when no tensor has it.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] if some tensors have the buffer and others do not, or
    /// a buffer's length differs from its tensor's.
    pub(crate) fn take_per_tensor(
        &mut self,
        net: &Network<F>,
        buffer: &str,
    ) -> Result<Option<PerTensor<F>>> {
        let learned: Vec<(String, usize)> = net
            .tensors()
            .into_iter()
            .filter(|(_, t)| t.role.is_learned())
            .map(|(name, t)| (format!("{name}.{buffer}"), t.values.len()))
            .collect();
        if !learned
            .iter()
            .any(|(key, _)| self.buffers.contains_key(key))
        {
            return Ok(None);
        }
        let mut out = Vec::with_capacity(learned.len());
        for (key, len) in learned {
            match self.buffers.remove(&key) {
                Some(v) if v.len() == len => out.push(v),
                Some(_) => return Err(bad(key, "its length differs from the tensor's")),
                None => return Err(bad(key, "missing")),
            }
        }
        Ok(Some(out))
    }

    /// Removes the scalar `name`, which must be a whole number, if it is there.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a negative or fractional value.
    pub(crate) fn take_count(&mut self, name: &'static str) -> Result<Option<usize>> {
        self.scalars
            .remove(name)
            .map(|v| super::rate::whole(name, v))
            .transpose()
    }

    /// Checks that everything has been taken: the state held nothing this optimizer does not
    /// keep for this network.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] naming what is left.
    pub(crate) fn finish(self) -> Result<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(bad(
                self.describe(),
                "holds more than this optimizer keeps for this network",
            ))
        }
    }

    /// Adds buffer `buffer` for every learned tensor of `net`, from `values` in tensor order.
    pub(crate) fn put_per_tensor(&mut self, net: &Network<F>, buffer: &str, values: &[Vec<F>]) {
        let names = net
            .tensors()
            .into_iter()
            .filter(|(_, t)| t.role.is_learned())
            .map(|(name, _)| name);
        for (name, v) in names.zip(values) {
            self.buffers.insert(format!("{name}.{buffer}"), v.clone());
        }
    }
}

pub(crate) fn bad(value: String, reason: &'static str) -> Error {
    Error::InvalidHyperparameter {
        name: "optimizer state",
        value,
        reason,
    }
}
