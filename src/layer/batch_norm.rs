//! Batch normalisation over features (Ioffe & Szegedy 2015), as PyTorch's `nn.BatchNorm1d`.
//!
//! Training-mode scratch layout (`(batch + 3)·units`): the normalised input `x̂`
//! `(batch, units)`, then per unit the batch mean, the biased batch variance and
//! `1/√(var + ε)`. Inference-mode scratch (`2·units`): per unit the scale `γ/√(running_var + ε)`
//! and the shift `β − running_mean·scale`.

use ndarray::{Array1, ArrayView1, Zip};

use super::running::RunningStats;
use super::{
    flat, flat_mut, front, BackwardPass, ForwardPass, Layer, Mode, Role, Settings, TensorMut,
    TensorRef,
};
use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;

/// Batch normalisation: `y = γ_j·(x − E[x_j])/√(Var[x_j] + ε) + β_j` per feature `j`, with `γ`
/// and `β` learned (starting at 1 and 0, exempt from weight penalties).
///
/// In training, `E` and `Var` are the batch mean and biased variance and the gradient flows
/// through them; afterwards the running estimates move towards them,
/// `running ← (1 − momentum)·running + momentum·batch`, the variance with Bessel's correction
/// `n/(n − 1)`. In inference the running estimates are used. Defaults are PyTorch's: `ε = 1e-5`,
/// momentum `0.1`, running mean 0 and variance 1. A training batch needs at least 2 samples.
///
/// Its tensors are PyTorch's: `weight` (γ), `bias` (β), `running_mean`, `running_var` and
/// `num_batches_tracked` (a count, saved as `I64`), so a file saved from a network with this
/// layer loads into an `nn.Sequential` with `nn.BatchNorm1d` at the same index.
///
/// ```
/// use ndarray::array;
/// use ndnet::layer::{BatchNorm, Layer, Mode};
///
/// let bn = BatchNorm::<f64>::new(1)?;
/// let y = bn.evaluate(array![[1.0], [3.0]].view(), Mode::Training)?;
/// // Mean 2, biased variance 1: (x − 2)/√(1 + 1e-5).
/// assert!((y[[1, 0]] - 1.0 / (1.0f64 + 1e-5).sqrt()).abs() < 1e-15);
/// assert!(bn.evaluate(array![[1.0]].view(), Mode::Training).is_err());
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BatchNorm<F: Float> {
    weight: Array1<F>,
    bias: Array1<F>,
    running: RunningStats<F>,
    num_batches_tracked: Array1<F>,
    eps: f64,
}

impl<F: Float> BatchNorm<F> {
    /// PyTorch's `ε`.
    pub const DEFAULT_EPS: f64 = 1e-5;
    /// PyTorch's momentum of the running estimates.
    pub const DEFAULT_MOMENTUM: f64 = 0.1;

    /// Batch normalisation of `units` features with PyTorch's `ε` and momentum.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for zero units.
    pub fn new(units: usize) -> Result<Self> {
        Self::with_settings(units, Self::DEFAULT_EPS, Self::DEFAULT_MOMENTUM)
    }

    /// Batch normalisation with `eps` (finite, `> 0`) and the weight of each batch in the
    /// running estimates, `momentum` in `(0, 1]`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for zero units; [`Error::InvalidHyperparameter`] for a bad
    /// `eps` or `momentum`.
    pub fn with_settings(units: usize, eps: f64, momentum: f64) -> Result<Self> {
        let running = RunningStats::new("BatchNorm units", units, momentum)?;
        check::positive_in::<F>("eps", eps)?;
        Ok(BatchNorm {
            weight: Array1::ones(units),
            bias: Array1::zeros(units),
            running,
            num_batches_tracked: Array1::zeros(1),
            eps,
        })
    }

    /// From the settings [`Layer::settings`] writes.
    pub(crate) fn from_settings(inputs: usize, settings: &Settings) -> Result<Self> {
        let eps = settings.get_number("eps")?;
        Self::with_settings(inputs, eps, settings.get_number("momentum")?)
    }

    /// `γ`, one per feature.
    pub fn weight(&self) -> ArrayView1<'_, F> {
        self.weight.view()
    }

    /// `β`, one per feature.
    pub fn bias(&self) -> ArrayView1<'_, F> {
        self.bias.view()
    }

    /// The running mean of each feature, used in inference.
    pub fn running_mean(&self) -> ArrayView1<'_, F> {
        self.running.mean()
    }

    /// The running (unbiased) variance of each feature, used in inference.
    pub fn running_var(&self) -> ArrayView1<'_, F> {
        self.running.var()
    }

    /// The training batches seen.
    pub fn num_batches_tracked(&self) -> u64 {
        self.num_batches_tracked
            .first()
            .map_or(0, |n| n.to_f64_lossless() as u64)
    }

    fn units(&self) -> usize {
        self.weight.len()
    }

    /// Training: the batch statistics into `stats` (`[mean | var | inv_std]`), `x̂` into
    /// `x_hat`, `y = γ·x̂ + β` into the output.
    fn normalise_batch(&self, pass: ForwardPass<'_, F>) -> Result<()> {
        let units = self.units();
        let (x, mut y) = (pass.input, pass.output);
        let batch = x.nrows();
        if batch < 2 {
            return Err(Error::ShapeMismatch {
                context: "batch norm in training",
                expected: "a batch of at least 2 samples (the variance of 1 is undefined)".into(),
                actual: format!("{batch} sample"),
            });
        }
        let n = F::from_usize(batch).unwrap_or_else(F::one);
        let eps = F::from_f64_lossy(self.eps);
        let (x_hat, stats) = front(pass.scratch, (batch + 3) * units)?.split_at_mut(batch * units);
        let (mean, rest) = stats.split_at_mut(units);
        let (var, inv_std) = rest.split_at_mut(units);
        mean.fill(F::zero());
        var.fill(F::zero());
        for row in x.rows() {
            Zip::from(&mut *mean).and(row).for_each(|m, &v| *m += v);
        }
        mean.iter_mut().for_each(|m| *m /= n);
        for row in x.rows() {
            for ((q, &v), &m) in var.iter_mut().zip(row).zip(mean.iter()) {
                *q += (v - m) * (v - m);
            }
        }
        for (q, s) in var.iter_mut().zip(inv_std.iter_mut()) {
            *q /= n;
            *s = F::one() / (*q + eps).sqrt();
        }
        let (gamma, beta) = (flat(&self.weight), flat(&self.bias));
        let rows = x.rows().into_iter().zip(y.rows_mut());
        for ((xr, mut yr), xh) in rows.zip(x_hat.chunks_exact_mut(units)) {
            let per_unit = mean.iter().zip(&*inv_std).zip(gamma.iter().zip(beta));
            let values = xr.iter().zip(yr.iter_mut()).zip(xh.iter_mut());
            for (((&x, y), xh), ((&m, &s), (&g, &b))) in values.zip(per_unit) {
                *xh = (x - m) * s;
                *y = *xh * g + b;
            }
        }
        Ok(())
    }
}

impl<F: Float> Layer<F> for BatchNorm<F> {
    fn kind(&self) -> &'static str {
        "batch_norm"
    }

    fn inputs(&self) -> usize {
        self.units()
    }

    fn outputs(&self) -> usize {
        self.units()
    }

    fn scratch_len(&self, batch: usize, mode: Mode) -> usize {
        match mode {
            Mode::Training => (batch + 3) * self.units(),
            Mode::Inference => 2 * self.units(),
        }
    }

    fn min_training_batch(&self) -> usize {
        2
    }

    /// # Errors
    /// [`Error::ShapeMismatch`] for a training batch of fewer than 2 samples.
    fn forward(&self, pass: ForwardPass<'_, F>) -> Result<()> {
        if pass.mode == Mode::Training {
            return self.normalise_batch(pass);
        }
        let units = self.units();
        let (x, mut y) = (pass.input, pass.output);
        let (scale, shift) = front(pass.scratch, 2 * units)?.split_at_mut(units);
        let eps = F::from_f64_lossy(self.eps);
        let (mean, var) = (self.running.mean(), self.running.var());
        let stats = mean.iter().zip(var.iter());
        let params = self.weight.iter().zip(&self.bias);
        for ((s, t), ((&m, &v), (&g, &b))) in scale
            .iter_mut()
            .zip(shift.iter_mut())
            .zip(stats.zip(params))
        {
            *s = g / (v + eps).sqrt();
            *t = b - m * *s;
        }
        for (xr, mut yr) in x.rows().into_iter().zip(y.rows_mut()) {
            for (((o, &v), &s), &t) in yr.iter_mut().zip(xr).zip(&*scale).zip(&*shift) {
                *o = v * s + t;
            }
        }
        Ok(())
    }

    /// `dβ = Σ dy`, `dγ = Σ dy·x̂`, `dx = γ·inv_std·(dy − dβ/n − x̂·dγ/n)`.
    fn backward(&self, pass: BackwardPass<'_, F>) -> Result<()> {
        let units = self.units();
        let dy = pass.d_output;
        let batch = dy.nrows();
        let [d_gamma, d_beta] = pass.gradients else {
            return Err(Error::ShapeMismatch {
                context: "BatchNorm::backward gradients",
                expected: "2 buffers (weight, bias)".into(),
                actual: "another number".into(),
            });
        };
        check::one_per_row("BatchNorm weight gradient", "values", units, d_gamma.len())?;
        check::one_per_row("BatchNorm bias gradient", "values", units, d_beta.len())?;
        let (x_hat, stats) = front(pass.scratch, (batch + 3) * units)?.split_at_mut(batch * units);
        let inv_std = stats.get(2 * units..).unwrap_or_default();
        d_gamma.fill(F::zero());
        d_beta.fill(F::zero());
        for (dyr, xh) in dy.rows().into_iter().zip(x_hat.chunks_exact(units)) {
            let sums = d_beta.iter_mut().zip(d_gamma.iter_mut());
            for ((&d, &xh), (db, dg)) in dyr.iter().zip(xh).zip(sums) {
                *db += d;
                *dg += d * xh;
            }
        }
        let Some(mut dx) = pass.d_input else {
            return Ok(());
        };
        let inv_n = F::one() / F::from_usize(batch).unwrap_or_else(F::one);
        let gamma = flat(&self.weight);
        let rows = dx.rows_mut().into_iter().zip(dy.rows());
        let per_unit = || {
            gamma
                .iter()
                .zip(inv_std)
                .zip(d_beta.iter().zip(d_gamma.iter()))
        };
        for ((mut dxr, dyr), xh) in rows.zip(x_hat.chunks_exact(units)) {
            let values = dxr.iter_mut().zip(dyr).zip(xh);
            for (((dx, &d), &xh), ((&g, &s), (&db, &dg))) in values.zip(per_unit()) {
                let centred = d - db * inv_n - xh * dg * inv_n;
                *dx = g * s * centred;
            }
        }
        Ok(())
    }

    /// Moves the running estimates towards this batch's and counts it.
    fn update_statistics(&mut self, batch: usize, scratch: &[F]) {
        let units = self.units();
        let Some(stats) = scratch.get(batch * units..(batch + 2) * units) else {
            return;
        };
        let (mean, var) = stats.split_at(units);
        self.running.update(batch, mean, var);
        self.num_batches_tracked
            .iter_mut()
            .for_each(|n| *n += F::one());
    }

    fn check_tensor(&self, name: &str, values: &[F]) -> std::result::Result<(), &'static str> {
        RunningStats::check_tensor(name, values)
    }

    fn tensors<'s>(&'s self, visit: &mut dyn FnMut(TensorRef<'s, F>)) {
        for (name, t) in [("weight", &self.weight), ("bias", &self.bias)] {
            visit(TensorRef {
                name,
                role: Role::Unpenalized,
                shape: t.shape(),
                values: flat(t),
            });
        }
        self.running.tensors(visit);
        visit(TensorRef {
            name: "num_batches_tracked",
            role: Role::Count,
            shape: &[],
            values: flat(&self.num_batches_tracked),
        });
    }

    fn tensors_mut<'s>(&'s mut self, visit: &mut dyn FnMut(TensorMut<'s, F>)) {
        for (name, t) in [("weight", &mut self.weight), ("bias", &mut self.bias)] {
            visit(TensorMut {
                name,
                role: Role::Unpenalized,
                values: flat_mut(t),
            });
        }
        self.running.tensors_mut(visit);
        visit(TensorMut {
            name: "num_batches_tracked",
            role: Role::Count,
            values: flat_mut(&mut self.num_batches_tracked),
        });
    }

    fn settings(&self) -> Settings {
        Settings::new()
            .number("eps", self.eps)
            .number("momentum", self.running.momentum())
    }
}
