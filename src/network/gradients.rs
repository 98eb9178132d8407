//! The gradient of a loss with respect to every learned tensor of a network.

use ndarray::{ArrayViewD, ArrayViewMutD, IxDyn};

use super::Network;
use crate::error::{Error, Result};
use crate::float::Float;
use crate::layer::Role;

/// The gradient of a loss with respect to every learned tensor of a [`Network`], named as the
/// tensors are (`0.weight`, `0.bias`, …) and in their order.
///
/// Make one with [`Network::zero_gradients`] and reuse it: [`Network::compute_gradients`]
/// overwrites it.
#[derive(Debug, Clone, PartialEq)]
pub struct Gradients<F> {
    names: Vec<String>,
    roles: Vec<Role>,
    shapes: Vec<Vec<usize>>,
    values: Vec<Vec<F>>,
    /// Layer `i`'s tensors are `values[starts[i]..starts[i + 1]]`.
    starts: Vec<usize>,
}

impl<F: Float> Gradients<F> {
    /// Zeros shaped like `net`'s learned tensors.
    pub(crate) fn zeros_like(net: &Network<F>) -> Self {
        let mut g = Gradients {
            names: Vec::new(),
            roles: Vec::new(),
            shapes: Vec::new(),
            values: Vec::new(),
            starts: vec![0],
        };
        for (module, layer) in net.modules() {
            layer.tensors(&mut |t| {
                if t.role.is_learned() {
                    g.names.push(format!("{module}.{}", t.name));
                    g.roles.push(t.role);
                    g.shapes.push(t.shape.to_vec());
                    g.values.push(vec![F::zero(); t.values.len()]);
                }
            });
            g.starts.push(g.values.len());
        }
        g
    }

    /// Each gradient with its tensor's name and role, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Role, &[F])> {
        self.names
            .iter()
            .zip(&self.roles)
            .zip(&self.values)
            .map(|((n, &r), v)| (n.as_str(), r, v.as_slice()))
    }

    /// Each gradient with its tensor's name and role, mutably (for clipping or noise).
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&str, Role, &mut [F])> {
        self.names
            .iter()
            .zip(&self.roles)
            .zip(&mut self.values)
            .map(|((n, &r), v)| (n.as_str(), r, v.as_mut_slice()))
    }

    /// The role of learned tensor `i`.
    pub(crate) fn role(&self, i: usize) -> Role {
        self.roles.get(i).copied().unwrap_or(Role::Weight)
    }

    /// The gradient of the tensor called `name`, with its shape.
    pub fn get(&self, name: &str) -> Option<ArrayViewD<'_, F>> {
        let i = self.names.iter().position(|n| n == name)?;
        ArrayViewD::from_shape(IxDyn(self.shapes.get(i)?), self.values.get(i)?).ok()
    }

    /// The gradient of the tensor called `name`, mutably.
    pub fn get_mut(&mut self, name: &str) -> Option<ArrayViewMutD<'_, F>> {
        let i = self.names.iter().position(|n| n == name)?;
        let shape = IxDyn(self.shapes.get(i)?);
        ArrayViewMutD::from_shape(shape, self.values.get_mut(i)?).ok()
    }

    /// Number of learned tensors.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The flat gradient of learned tensor `i`, in order.
    pub(crate) fn values(&self, i: usize) -> &[F] {
        self.values.get(i).map_or(&[], Vec::as_slice)
    }

    /// The buffers of layer `i`'s learned tensors.
    pub(crate) fn layer_mut(&mut self, i: usize) -> &mut [Vec<F>] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.values.get_mut(a..b).unwrap_or_default(),
            _ => &mut [],
        }
    }

    /// Checks that these gradients have the shapes of `net`'s learned tensors.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] if they do not.
    pub fn check_matches(&self, net: &Network<F>) -> Result<()> {
        let mut same = self.starts.len() == net.layers().len() + 1;
        let mut k = 0;
        for (i, layer) in net.layers().iter().enumerate() {
            layer.tensors(&mut |t| {
                if t.role.is_learned() {
                    same &= self.values.get(k).map(Vec::len) == Some(t.values.len());
                    k += 1;
                }
            });
            same &= self.starts.get(i + 1) == Some(&k);
        }
        if same && k == self.values.len() {
            Ok(())
        } else {
            Err(Error::ShapeMismatch {
                context: "gradients",
                expected: "gradients made by this network's zero_gradients()".into(),
                actual: "gradients of a differently shaped network".into(),
            })
        }
    }
}
