//! L2-regularized logistic regression by Newton's method (IRLS).

use ndarray::{concatenate, s, Array1, Array2, ArrayView1, ArrayView2, Axis};

use super::{solve_spd, to_f64, ExactSolution};
use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;
use crate::ops::{sigmoid, softplus};

/// The exact minimiser of L2-regularized logistic regression,
/// `f(w, b) = 1/n Σ [softplus(zᵢ) − yᵢ zᵢ] + λ/2 ‖w‖²` with `zᵢ = w·xᵢ + b` and labels
/// `yᵢ ∈ {0, 1}`: the objective ndnet's SGD minimises for
/// [`BinarySoftmaxClassifier`](crate::classifier::BinarySoftmaxClassifier).
///
/// Newton's method on `(w, b)` from zero: each step solves `H·Δ = ∇f` by Cholesky, with
/// `H = 1/n X̃ᵀ diag(pᵢ(1 − pᵢ)) X̃ + λ diag(1, …, 1, 0)` (`X̃` is `X` with a column of ones),
/// and halves the step until the objective decreases enough (Armijo), which makes it converge
/// from any start. The iteration is the IRLS of statistics textbooks. Near the optimum the
/// convergence is quadratic: the digits of precision double each step. Computed in `f64`.
///
/// ```
/// use ndarray::array;
/// use ndnet::solver::NewtonLogistic;
///
/// let x = array![[-2.0f64], [-1.0], [1.5], [0.5], [1.0], [2.0]];
/// let y = array![0usize, 0, 0, 1, 1, 1];
/// let opt = NewtonLogistic::params().l2(0.1).fit(x.view(), y.view())?;
/// assert!(opt.gradient_norm <= 1e-12);
/// assert!(opt.iterations < 10);
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewtonLogistic {
    l2: f64,
    tolerance: f64,
    max_iterations: usize,
}

impl Default for NewtonLogistic {
    fn default() -> Self {
        NewtonLogistic {
            l2: 1e-3,
            tolerance: 1e-12,
            max_iterations: 100,
        }
    }
}

impl NewtonLogistic {
    /// The parameters with their defaults.
    pub fn params() -> Self {
        Self::default()
    }

    /// L2 strength `λ` on the weights (bias exempt), `≥ 0`; defaults to `1e-3`, as
    /// [`BinarySoftmaxClassifier`](crate::classifier::BinarySoftmaxClassifier).
    pub fn l2(mut self, l2: f64) -> Self {
        self.l2 = l2;
        self
    }

    /// Stop when the gradient's Euclidean norm is at most this, `> 0`; defaults to `1e-12`.
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Give up after this many Newton steps, `≥ 1`; defaults to `100`.
    pub fn max_iterations(mut self, max_iterations: usize) -> Self {
        self.max_iterations = max_iterations;
        self
    }

    /// Minimises the objective on features `x` `(samples, features)` and labels `y` in `{0, 1}`.
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a bad setting (checked first);
    /// [`Error::EmptyData`], [`Error::ShapeMismatch`], [`Error::NonFinite`] and
    /// [`Error::InvalidLabel`] for bad data; [`Error::Linalg`] if the Hessian is singular
    /// (possible only with `l2 = 0`); [`Error::NotConverged`] if the tolerance is not met in
    /// `max_iterations` steps (with `l2 = 0` on separable data the optimum is at infinity).
    pub fn fit<F: Float>(
        &self,
        x: ArrayView2<'_, F>,
        y: ArrayView1<'_, usize>,
    ) -> Result<ExactSolution> {
        self.validate()?;
        check::fit_data(x, y, 2)?;
        let (n, d) = x.dim();
        // X̃ = [X | 1]: the bias is the last parameter.
        let xt = concatenate![Axis(1), to_f64(x), Array2::<f64>::ones((n, 1))];
        let y = y.mapv(|label| label as f64);
        let objective = Objective {
            x: xt.view(),
            y: y.view(),
            l2: self.l2,
        };
        let mut theta = Array1::<f64>::zeros(d + 1);
        let mut iterations = 0;
        loop {
            let (grad, weights_of_hessian) = objective.gradient(theta.view());
            let gradient_norm = grad.dot(&grad).sqrt();
            if gradient_norm <= self.tolerance || iterations == self.max_iterations {
                if gradient_norm > self.tolerance {
                    return Err(Error::NotConverged {
                        solver: "Newton",
                        iterations,
                        gradient_norm,
                    });
                }
                return Ok(ExactSolution {
                    weights: theta.slice(s![..d]).to_owned(),
                    bias: theta.get(d).copied().unwrap_or(0.0),
                    objective: objective.value(theta.view()),
                    gradient_norm,
                    iterations,
                });
            }
            let step = solve_spd(
                &objective.hessian(&weights_of_hessian),
                &grad,
                "Cholesky of the logistic-regression Hessian",
            )?;
            // Backtracking (Armijo): the full step is almost always taken.
            let (f0, slope) = (objective.value(theta.view()), grad.dot(&step));
            let mut t = 1.0;
            let mut next = &theta - &step;
            while objective.value(next.view()) > f0 - 1e-4 * t * slope && t > 1e-12 {
                t *= 0.5;
                next = &theta - &(&step * t);
            }
            theta = next;
            iterations += 1;
        }
    }

    fn validate(&self) -> Result<()> {
        check::non_negative("l2", self.l2)?;
        check::positive("tolerance", self.tolerance)?;
        check::at_least_one("max_iterations", self.max_iterations)
    }
}

/// The regularized logistic objective on `X̃ = [X | 1]`.
struct Objective<'a> {
    x: ArrayView2<'a, f64>,
    y: ArrayView1<'a, f64>,
    l2: f64,
}

impl Objective<'_> {
    fn penalty(&self, theta: ArrayView1<'_, f64>) -> f64 {
        let w = theta.slice(s![..theta.len() - 1]);
        0.5 * self.l2 * w.dot(&w)
    }

    fn value(&self, theta: ArrayView1<'_, f64>) -> f64 {
        let z = self.x.dot(&theta);
        let n = z.len() as f64;
        let loss: f64 = z
            .iter()
            .zip(self.y)
            .map(|(&z, &y)| softplus(z) - y * z)
            .sum();
        loss / n + self.penalty(theta)
    }

    /// The gradient and the per-sample Hessian weights `pᵢ(1 − pᵢ)`.
    fn gradient(&self, theta: ArrayView1<'_, f64>) -> (Array1<f64>, Array1<f64>) {
        let z = self.x.dot(&theta);
        let n = z.len() as f64;
        let p = z.mapv(sigmoid);
        let residual = (&p - &self.y) / n;
        let mut grad = self.x.t().dot(&residual);
        let d = theta.len() - 1;
        grad.slice_mut(s![..d])
            .scaled_add(self.l2, &theta.slice(s![..d]));
        (grad, p.mapv(|p| p * (1.0 - p)))
    }

    fn hessian(&self, weights: &Array1<f64>) -> Array2<f64> {
        let n = weights.len() as f64;
        let weighted = &self.x * &(weights / n).insert_axis(Axis(1));
        let mut h = self.x.t().dot(&weighted);
        // Every weight is penalised, the bias (last) is not.
        let d = h.nrows().saturating_sub(1);
        h.diag_mut().iter_mut().take(d).for_each(|v| *v += self.l2);
        h
    }
}
