//! How a single-neuron model is fitted: by SGD, or (with the `linalg` feature) exactly.
//!
//! The convex single-neuron models have exact optima that LAPACK finds in milliseconds. They
//! are solvers a user can pick, and oracles that tell how close SGD gets:
//!
//! | model | objective (mean over `n` samples, bias not penalised) | exact solver |
//! |---|---|---|
//! | logistic regression ([`BinarySoftmaxClassifier`](crate::classifier::BinarySoftmaxClassifier)) | `1/n Σ [softplus(zᵢ) − yᵢ zᵢ] + λ/2 ‖w‖²`, `zᵢ = w·xᵢ + b` | `NewtonLogistic`: Newton's method (IRLS), Cholesky solves |
//! | linear regression (one identity neuron, [`SquaredError`](crate::loss::SquaredError)) | `1/2n Σ (zᵢ − tᵢ)² + λ/2 ‖w‖²` | `RidgeRegression`: closed form, one Cholesky solve |
//!
//! These are exactly what ndnet's SGD minimises with the [`L2`](crate::regularization::L2)
//! regularizer at strength `λ`, so the optimum's objective is a lower bound for any SGD run.
//! (scikit-learn's `LogisticRegression(C=…)` and `Ridge(alpha=…)` minimise the same functions
//! scaled by `n`: `C = 1/(nλ)`, `alpha = nλ`.)
//!
//! The hinge-loss SVM ([`BinarySvm`](crate::classifier::BinarySvm)) has no smooth objective
//! and no closed form; it has no exact solver here.
//!
//! Everything is computed in `f64`, whatever the element type of the data. `NewtonLogistic`,
//! `RidgeRegression` and `ExactSolution` exist only with the `linalg` feature.
//!
//! The solvers return solutions as plain arrays and depend on nothing above the crate's core;
//! [`Solver::Newton`](crate::classifier::Solver) is how a classifier is fitted with one.

#[cfg(feature = "linalg")]
mod newton;
#[cfg(feature = "linalg")]
mod ridge;

#[cfg(feature = "linalg")]
pub use newton::NewtonLogistic;
#[cfg(feature = "linalg")]
pub use ridge::RidgeRegression;

/// The exact optimum of a convex single-neuron objective, in `f64`.
#[cfg(feature = "linalg")]
#[derive(Debug, Clone, PartialEq)]
pub struct ExactSolution {
    /// The weights `w`, one per feature.
    pub weights: ndarray::Array1<f64>,
    /// The bias `b` (not penalised).
    pub bias: f64,
    /// The objective (mean loss plus `λ/2 ‖w‖²`) at the optimum.
    pub objective: f64,
    /// Euclidean norm of the objective's gradient with respect to `(w, b)` at the optimum.
    pub gradient_norm: f64,
    /// Newton iterations taken (`1` for the closed form).
    pub iterations: usize,
}

/// `x` widened to `f64`.
#[cfg(feature = "linalg")]
pub(crate) fn to_f64<F: crate::Float>(x: ndarray::ArrayView2<'_, F>) -> ndarray::Array2<f64> {
    x.mapv(F::to_f64_lossless)
}

/// Solves `a·v = b` for symmetric positive definite `a` by Cholesky.
#[cfg(feature = "linalg")]
pub(crate) fn solve_spd(
    a: &ndarray::Array2<f64>,
    b: &ndarray::Array1<f64>,
    operation: &'static str,
) -> crate::Result<ndarray::Array1<f64>> {
    use ndarray_linalg::{FactorizeC, SolveC, UPLO};
    a.factorizec(UPLO::Lower)
        .and_then(|c| c.solvec(b))
        .map_err(|e| crate::Error::Linalg {
            operation,
            message: format!(
                "{e}; the matrix is not positive definite (use l2 > 0 or drop collinear features)"
            ),
        })
}
