//! Dice (Zhou et al. 2018, "Deep Interest Network for Click-Through Rate Prediction"): a
//! PReLU whose switch point adapts to the data.
//!
//! `f(s) = p(s)·s + (1 − p(s))·α·s` with `p(s) = σ((s − E[s]) / √(Var[s] + ε))`: per unit, the
//! input is standardised and a sigmoid decides smoothly between the identity and the slope
//! `α`, which is learned per unit (initialised to 0, as in the paper's reference
//! implementation). In training, `E[s]` and `Var[s]` are the batch mean and (biased) variance,
//! and the gradient flows through them as in batch normalisation; in inference, running
//! averages are used, updated after each training batch as
//! `running ← (1 − momentum)·running + momentum·batch` (the variance with Bessel's correction,
//! as PyTorch's batch norm does).
//!
//! Scratch layout (`4·units`): batch mean, batch variance, then two per-unit sums used by the
//! backward pass.

use ndarray::{Array1, ArrayView1, Zip};

use super::running::RunningStats;
use super::{
    flat, flat_mut, front, BackwardPass, ForwardPass, Layer, Mode, Role, Settings, TensorMut,
    TensorRef,
};
use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;
use crate::ops::sigmoid;

/// Dice: `p(s)·s + (1 − p(s))·α_j·s` with `p(s) = σ((s − E[s]) / √(Var[s] + ε))`, `α_j` learned
/// per unit and `E`, `Var` the batch statistics in training and running averages in
/// inference. Its tensors are `alpha` (learned, not penalised), `running_mean` and
/// `running_var` (statistics, starting at 0 and 1).
///
/// ```
/// use ndarray::array;
/// use ndnet::layer::{Dice, Layer, Mode};
///
/// let dice = Dice::<f64>::new(1)?;   // ε = 1e-8, momentum 0.1
/// // Fresh running statistics (mean 0, variance 1) and α = 0: f(s) = s·σ(s/√(1 + ε)).
/// let y = dice.evaluate(array![[2.0]].view(), Mode::Inference)?;
/// assert!((y[[0, 0]] - 2.0 / (1.0 + (-2.0f64 / (1.0f64 + 1e-8).sqrt()).exp())).abs() < 1e-15);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Dice<F: Float> {
    alpha: Array1<F>,
    running: RunningStats<F>,
    epsilon: f64,
}

impl<F: Float> Dice<F> {
    /// The paper's `ε = 1e-8`, running-average momentum 0.1.
    pub const DEFAULT_EPSILON: f64 = 1e-8;
    /// The running-average momentum of [`Dice::new`].
    pub const DEFAULT_MOMENTUM: f64 = 0.1;

    /// Dice over `units` units with the paper's `ε` and momentum.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for zero units.
    pub fn new(units: usize) -> Result<Self> {
        Self::with_settings(units, Self::DEFAULT_EPSILON, Self::DEFAULT_MOMENTUM)
    }

    /// Dice over `units` units with `ε` (finite, `> 0`) and the weight of each new batch in
    /// the running averages, `momentum` in `(0, 1]`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for zero units; [`Error::InvalidHyperparameter`] for a bad
    /// `epsilon` or `momentum`.
    pub fn with_settings(units: usize, epsilon: f64, momentum: f64) -> Result<Self> {
        let running = RunningStats::new("Dice units", units, momentum)?;
        check::positive_in::<F>("epsilon", epsilon)?;
        Ok(Dice {
            alpha: Array1::zeros(units),
            running,
            epsilon,
        })
    }

    /// From the settings [`Layer::settings`] writes.
    pub(crate) fn from_settings(inputs: usize, settings: &Settings) -> Result<Self> {
        let epsilon = settings.get_number("epsilon")?;
        Self::with_settings(inputs, epsilon, settings.get_number("momentum")?)
    }

    /// The learned slopes `α`, one per unit.
    pub fn alpha(&self) -> ArrayView1<'_, F> {
        self.alpha.view()
    }

    /// The running mean of each unit's input, used in inference.
    pub fn running_mean(&self) -> ArrayView1<'_, F> {
        self.running.mean()
    }

    /// The running (unbiased) variance of each unit's input, used in inference.
    pub fn running_var(&self) -> ArrayView1<'_, F> {
        self.running.var()
    }

    fn units(&self) -> usize {
        self.alpha.len()
    }
}

impl<F: Float> Layer<F> for Dice<F> {
    fn kind(&self) -> &'static str {
        "dice"
    }

    fn inputs(&self) -> usize {
        self.units()
    }

    fn outputs(&self) -> usize {
        self.units()
    }

    fn scratch_len(&self, _batch: usize, _mode: Mode) -> usize {
        4 * self.units()
    }

    /// The per-unit mean and variance of this pass go to `scratch[..2·units]`: the batch's
    /// (training) or the running averages (inference).
    fn forward(&self, pass: ForwardPass<'_, F>) -> Result<()> {
        let units = self.units();
        let (s, mut out) = (pass.input, pass.output);
        let n = F::from_usize(s.nrows()).unwrap_or_else(F::one);
        let (mean, var) = front(pass.scratch, 2 * units)?.split_at_mut(units);
        match pass.mode {
            Mode::Training => {
                mean.fill(F::zero());
                var.fill(F::zero());
                for row in s.rows() {
                    for (m, &v) in mean.iter_mut().zip(row) {
                        *m += v;
                    }
                }
                mean.iter_mut().for_each(|m| *m /= n);
                for row in s.rows() {
                    for ((q, &v), &m) in var.iter_mut().zip(row).zip(mean.iter()) {
                        *q += (v - m) * (v - m);
                    }
                }
                var.iter_mut().for_each(|q| *q /= n);
            }
            Mode::Inference => {
                for (dst, src) in [
                    (&mut *mean, self.running.mean()),
                    (&mut *var, self.running.var()),
                ] {
                    dst.iter_mut().zip(src).for_each(|(d, &s)| *d = s);
                }
            }
        }
        let eps = F::from_f64_lossy(self.epsilon);
        let (mean, var, alpha) = (&*mean, &*var, &self.alpha);
        Zip::from(s.rows())
            .and(out.rows_mut())
            .for_each(|sr, mut ar| {
                let per_unit = mean.iter().zip(var).zip(alpha);
                for ((a, &s), ((&m, &v), &al)) in ar.iter_mut().zip(sr).zip(per_unit) {
                    let p = sigmoid((s - m) / (v + eps).sqrt());
                    *a = s * (al + (F::one() - al) * p);
                }
            });
        Ok(())
    }

    /// Backward through a training-mode pass, including the paths through the batch mean and
    /// variance; `dα ← Σ_batch dL/df · s·(1 − p)`.
    fn backward(&self, pass: BackwardPass<'_, F>) -> Result<()> {
        let units = self.units();
        let (s, g) = (pass.input, pass.d_output);
        let [d_alpha] = pass.gradients else {
            return Err(Error::ShapeMismatch {
                context: "Dice::backward gradients",
                expected: "1 buffer (alpha)".into(),
                actual: "another number".into(),
            });
        };
        check::one_per_row("Dice alpha gradient", "values", units, d_alpha.len())?;
        let n = F::from_usize(s.nrows()).unwrap_or_else(F::one);
        let eps = F::from_f64_lossy(self.epsilon);
        let (mean, rest) = front(pass.scratch, 4 * units)?.split_at_mut(units);
        let (var, rest) = rest.split_at_mut(units);
        let (mean_q, mean_qx) = rest.split_at_mut(units);
        mean_q.fill(F::zero());
        mean_qx.fill(F::zero());
        d_alpha.fill(F::zero());
        let (one, alpha) = (F::one(), &self.alpha);
        // q = dL/dx̂ where x̂ is the standardised input; first pass: its per-unit means.
        for (sr, gr) in s.rows().into_iter().zip(g.rows()) {
            let per_unit = mean.iter().zip(var.iter()).zip(alpha);
            let sums = mean_q
                .iter_mut()
                .zip(mean_qx.iter_mut())
                .zip(d_alpha.iter_mut());
            let values = sr.iter().zip(gr).zip(per_unit);
            for (((&s, &g), ((&m, &v), &a)), ((mq, mqx), da)) in values.zip(sums) {
                let x = (s - m) / (v + eps).sqrt();
                let p = sigmoid(x);
                let q = g * (one - a) * s * p * (one - p);
                *mq += q;
                *mqx += q * x;
                *da += g * s * (one - p);
            }
        }
        mean_q.iter_mut().for_each(|v| *v /= n);
        mean_qx.iter_mut().for_each(|v| *v /= n);
        if let Some(mut dx) = pass.d_input {
            Zip::from(dx.rows_mut())
                .and(s.rows())
                .and(g.rows())
                .for_each(|mut dxr, sr, gr| {
                    let stats = mean.iter().zip(var.iter()).zip(alpha);
                    let per_unit = stats.zip(mean_q.iter().zip(mean_qx.iter()));
                    let values = dxr.iter_mut().zip(sr).zip(gr);
                    for (((dx, &s), &g), (((&m, &v), &a), (&mq, &mqx))) in values.zip(per_unit) {
                        let sd = (v + eps).sqrt();
                        let x = (s - m) / sd;
                        let p = sigmoid(x);
                        let q = g * (one - a) * s * p * (one - p);
                        let direct = g * (a + (one - a) * p);
                        *dx = direct + (q - mq - x * mqx) / sd;
                    }
                });
        }
        Ok(())
    }

    /// Moves the running mean and variance towards this batch's (`scratch[..2·units]`).
    fn update_statistics(&mut self, batch: usize, scratch: &[F]) {
        let units = self.units();
        let Some(stats) = scratch.get(..2 * units) else {
            return;
        };
        let (mean, var) = stats.split_at(units);
        self.running.update(batch, mean, var);
    }

    fn check_tensor(&self, name: &str, values: &[F]) -> std::result::Result<(), &'static str> {
        RunningStats::check_tensor(name, values)
    }

    fn tensors<'s>(&'s self, visit: &mut dyn FnMut(TensorRef<'s, F>)) {
        visit(TensorRef {
            name: "alpha",
            role: Role::Unpenalized,
            shape: self.alpha.shape(),
            values: flat(&self.alpha),
        });
        self.running.tensors(visit);
    }

    fn tensors_mut<'s>(&'s mut self, visit: &mut dyn FnMut(TensorMut<'s, F>)) {
        visit(TensorMut {
            name: "alpha",
            role: Role::Unpenalized,
            values: flat_mut(&mut self.alpha),
        });
        self.running.tensors_mut(visit);
    }

    fn settings(&self) -> Settings {
        Settings::new()
            .number("epsilon", self.epsilon)
            .number("momentum", self.running.momentum())
    }
}
