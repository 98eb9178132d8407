//! An optimizer's state by name, as checkpoints store it.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::float::Float;
use crate::network::Network;

/// What an optimizer carries from step to step: for each learned tensor it keeps state for,
/// buffers named `{tensor}.{buffer}` as long as the tensor (PyTorch's buffer names, e.g.
/// `0.weight.momentum_buffer`), and named scalars (e.g. a step count).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OptimizerState<F> {
    /// Per-tensor buffers by `{tensor}.{buffer}`, flat in the tensor's order.
    pub buffers: BTreeMap<String, Vec<F>>,
    /// Scalars by name.
    pub scalars: BTreeMap<String, f64>,
}

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

    /// The buffer `buffer` of every learned tensor of `net`, in order (`None` when the state has
    /// none at all): what an optimizer with one buffer per tensor loads.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] if some tensors have the buffer and others do not, a
    /// buffer's length differs from its tensor's, or the state holds anything else.
    pub(crate) fn per_tensor(&self, net: &Network<F>, buffer: &str) -> Result<Option<Vec<Vec<F>>>> {
        if self.is_empty() {
            return Ok(None);
        }
        let bad = |value: String, reason| Error::InvalidHyperparameter {
            name: "optimizer state",
            value,
            reason,
        };
        let mut out = Vec::new();
        for (name, t) in net.tensors() {
            if !t.role.is_learned() {
                continue;
            }
            let key = format!("{name}.{buffer}");
            match self.buffers.get(&key) {
                Some(v) if v.len() == t.values.len() => out.push(v.clone()),
                Some(_) => return Err(bad(key, "its length differs from the tensor's")),
                None => return Err(bad(key, "missing")),
            }
        }
        if out.len() != self.buffers.len() || !self.scalars.is_empty() {
            return Err(bad(
                self.describe(),
                "holds more than this optimizer keeps for this network",
            ));
        }
        Ok(Some(out))
    }

    /// The state with buffer `buffer` for every learned tensor of `net`, from `values` in
    /// tensor order.
    pub(crate) fn from_per_tensor(net: &Network<F>, buffer: &str, values: &[Vec<F>]) -> Self {
        let names = net
            .tensors()
            .into_iter()
            .filter(|(_, t)| t.role.is_learned())
            .map(|(name, _)| name);
        OptimizerState {
            buffers: names
                .zip(values)
                .map(|(name, v)| (format!("{name}.{buffer}"), v.clone()))
                .collect(),
            scalars: BTreeMap::new(),
        }
    }
}
