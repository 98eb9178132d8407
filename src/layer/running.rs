//! The running mean and variance that batch normalisation and Dice keep for inference.

use ndarray::{Array1, ArrayView1, Zip};

use super::{flat, flat_mut, Role, TensorMut, TensorRef};
use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;

/// Per-unit running estimates of a layer input's mean and (unbiased) variance, starting at 0
/// and 1, moved towards each training batch's by `momentum`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RunningStats<F: Float> {
    mean: Array1<F>,
    var: Array1<F>,
    momentum: f64,
}

impl<F: Float> RunningStats<F> {
    /// Fresh estimates for `units` units.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for zero units (named after `layer`);
    /// [`Error::InvalidHyperparameter`] unless `momentum` is in `(0, 1]`.
    pub(super) fn new(layer: &'static str, units: usize, momentum: f64) -> Result<Self> {
        check::units(layer, units)?;
        if !(momentum > 0.0 && momentum <= 1.0) {
            return Err(Error::InvalidHyperparameter {
                name: "momentum",
                value: momentum.to_string(),
                reason: "must be in (0, 1]",
            });
        }
        Ok(RunningStats {
            mean: Array1::zeros(units),
            var: Array1::ones(units),
            momentum,
        })
    }

    /// The weight of each new batch.
    pub(super) fn momentum(&self) -> f64 {
        self.momentum
    }

    /// The running mean, `(units)`.
    pub(super) fn mean(&self) -> ArrayView1<'_, F> {
        self.mean.view()
    }

    /// The running unbiased variance, `(units)`.
    pub(super) fn var(&self) -> ArrayView1<'_, F> {
        self.var.view()
    }

    /// `running ← (1 − momentum)·running + momentum·batch` for a batch of `batch` samples with
    /// per-unit `mean` and biased variance `var`; the variance gets Bessel's correction
    /// `n/(n − 1)` first, as in PyTorch.
    pub(super) fn update(&mut self, batch: usize, mean: &[F], var: &[F]) {
        let m = F::from_f64_lossy(self.momentum);
        let keep = F::from_f64_lossy(1.0 - self.momentum);
        let bessel = F::from_f64_lossy(batch as f64 / (batch as f64 - 1.0).max(1.0));
        Zip::from(&mut self.mean)
            .and(mean)
            .for_each(|r, &b| *r = m * b + keep * *r);
        Zip::from(&mut self.var)
            .and(var)
            .for_each(|r, &b| *r = m * (b * bessel) + keep * *r);
    }

    /// Checks values read for one of its tensors: a variance cannot be negative.
    pub(super) fn check_tensor(name: &str, values: &[F]) -> std::result::Result<(), &'static str> {
        match name == "running_var" && values.iter().any(|&v| v < F::zero()) {
            true => Err("holds a negative variance"),
            false => Ok(()),
        }
    }

    /// Visits `running_mean` and `running_var`.
    pub(super) fn tensors<'s>(&'s self, visit: &mut dyn FnMut(TensorRef<'s, F>)) {
        for (name, t) in [("running_mean", &self.mean), ("running_var", &self.var)] {
            visit(TensorRef {
                name,
                role: Role::Statistic,
                shape: t.shape(),
                values: flat(t),
            });
        }
    }

    /// Visits `running_mean` and `running_var` for writing.
    pub(super) fn tensors_mut<'s>(&'s mut self, visit: &mut dyn FnMut(TensorMut<'s, F>)) {
        for (name, t) in [
            ("running_mean", &mut self.mean),
            ("running_var", &mut self.var),
        ] {
            visit(TensorMut {
                name,
                role: Role::Statistic,
                values: flat_mut(t),
            });
        }
    }
}
