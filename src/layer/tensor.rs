//! A layer's tensors as the rest of the crate sees them: named, flat, with their role.

/// What a tensor of a layer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Learned, and weight penalties ([`L2`](crate::regularization::L2),
    /// [`L1`](crate::regularization::L1)) apply to it: a dense layer's weight.
    Weight,
    /// Learned, but exempt from weight penalties: biases, PReLU slopes, Dice's `α`.
    Unpenalized,
    /// Not learned: running statistics that training passes update (Dice's running mean and
    /// variance). Saved and loaded with the learned tensors.
    Statistic,
    /// Not learned: a count that training passes increase (batch norm's
    /// `num_batches_tracked`). Saved as a 64-bit integer, as PyTorch saves it.
    Count,
}

impl Role {
    /// Whether gradients and optimizers see this tensor ([`Weight`](Role::Weight) and
    /// [`Unpenalized`](Role::Unpenalized)).
    pub fn is_learned(self) -> bool {
        matches!(self, Role::Weight | Role::Unpenalized)
    }
}

/// A read-only view of one tensor of a layer.
#[derive(Debug, Clone, Copy)]
pub struct TensorRef<'a, F> {
    /// The tensor's name within its layer, as PyTorch's modules name it (`"weight"`, `"bias"`,
    /// `"running_mean"`, …).
    pub name: &'static str,
    /// What it is for.
    pub role: Role,
    /// Its shape, e.g. `[units, inputs]` for a dense weight.
    pub shape: &'a [usize],
    /// Its values, flat in row-major order.
    pub values: &'a [F],
}

/// A mutable view of one tensor of a layer: its values can change, its shape cannot.
#[derive(Debug)]
pub struct TensorMut<'a, F> {
    /// The tensor's name within its layer.
    pub name: &'static str,
    /// What it is for.
    pub role: Role,
    /// Its values, flat in row-major order.
    pub values: &'a mut [F],
}
