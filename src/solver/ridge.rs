//! Linear regression with L2 (ridge) in closed form.

use ndarray::{Array1, ArrayView1, ArrayView2, Axis};

use super::{solve_spd, to_f64, ExactSolution};
use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;

/// The exact minimiser of ridge regression,
/// `f(w, b) = 1/2n Σ (w·xᵢ + b − tᵢ)² + λ/2 ‖w‖²`: the objective ndnet's SGD minimises for
/// one identity neuron with [`SquaredError`](crate::loss::SquaredError) and
/// [`L2`](crate::regularization::L2) (bias exempt).
///
/// With the columns centred (`x̄`, `t̄` the means), the optimum is
/// `w = (X̄ᵀX̄/n + λI)⁻¹ X̄ᵀ(t − t̄)/n` and `b = t̄ − x̄·w`, found with one Cholesky solve in `f64`.
/// It equals scikit-learn's `Ridge(alpha = n·λ)`.
///
/// ```
/// use ndarray::array;
/// use ndnet::solver::RidgeRegression;
///
/// // t = 2x + 1 exactly: without L2 the fit is exact.
/// let x = array![[0.0f64], [1.0], [2.0], [3.0]];
/// let t = array![1.0, 3.0, 5.0, 7.0];
/// let opt = RidgeRegression::params().l2(0.0).fit(x.view(), t.view())?;
/// assert!((opt.weights[0] - 2.0).abs() < 1e-12 && (opt.bias - 1.0).abs() < 1e-12);
/// // With L2 the slope shrinks towards zero.
/// let opt = RidgeRegression::params().l2(1.0).fit(x.view(), t.view())?;
/// assert!(opt.weights[0] < 2.0);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RidgeRegression {
    l2: f64,
}

impl Default for RidgeRegression {
    fn default() -> Self {
        RidgeRegression { l2: 1e-3 }
    }
}

impl RidgeRegression {
    /// The parameters with their defaults.
    pub fn params() -> Self {
        Self::default()
    }

    /// L2 strength `λ` on the weights (bias exempt), `≥ 0`; defaults to `1e-3`.
    pub fn l2(mut self, l2: f64) -> Self {
        self.l2 = l2;
        self
    }

    /// Solves on features `x` `(samples, features)` and real targets `t` `(samples)`.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a negative or non-finite `l2`;
    /// [`Error::EmptyData`], [`Error::ShapeMismatch`] and [`Error::NonFinite`] for bad data;
    /// [`Error::Linalg`] if `l2 = 0` and the centred features are collinear.
    pub fn fit<F: Float>(
        &self,
        x: ArrayView2<'_, F>,
        t: ArrayView1<'_, F>,
    ) -> Result<ExactSolution> {
        check::non_negative("l2", self.l2)?;
        let (n, d) = x.dim();
        if n == 0 || d == 0 {
            return Err(Error::EmptyData(format!(
                "cannot fit on {n} samples with {d} features"
            )));
        }
        if t.len() != n {
            return Err(Error::ShapeMismatch {
                context: "ridge targets",
                expected: format!("{n} targets (one per row of features)"),
                actual: format!("{} targets", t.len()),
            });
        }
        check::finite("features", x)?;
        check::finite_vector("targets", t)?;
        let (x, t) = (to_f64(x), t.mapv(F::to_f64_lossless));
        let nf = n as f64;
        let (x_mean, t_mean) = (x.sum_axis(Axis(0)) / nf, t.sum() / nf);
        let xc = &x - &x_mean;
        let tc = &t - t_mean;
        let mut gram = xc.t().dot(&xc) / nf;
        gram.diag_mut()
            .iter_mut()
            .take(d)
            .for_each(|v| *v += self.l2);
        let rhs = xc.t().dot(&tc) / nf;
        let w = solve_spd(&gram, &rhs, "Cholesky of the ridge normal equations")?;
        let b = t_mean - x_mean.dot(&w);

        let residual: Array1<f64> = x.dot(&w) + b - &t;
        let objective = 0.5 * residual.dot(&residual) / nf + 0.5 * self.l2 * w.dot(&w);
        let mut grad_w = x.t().dot(&residual) / nf;
        grad_w.scaled_add(self.l2, &w);
        let grad_b = residual.sum() / nf;
        Ok(ExactSolution {
            gradient_norm: (grad_w.dot(&grad_w) + grad_b * grad_b).sqrt(),
            weights: w,
            bias: b,
            objective,
            iterations: 1,
        })
    }
}
