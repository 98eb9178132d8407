//! Orthogonal initialisation (feature `linalg`).

use ndarray::{Array2, Axis};
use ndarray_linalg::QR;
use ndarray_rand::RandomExt;
use rand::Rng;
use rand_distr::StandardNormal;

use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;

/// A `(fan_out, fan_in)` weight matrix with orthonormal rows or columns (whichever are
/// fewer), times `gain`: the orthogonal initialisation of Saxe, McClelland & Ganguli (2014),
/// as PyTorch's `nn.init.orthogonal_`.
///
/// A standard-normal matrix is factorized `A = QR` and the columns of `Q` are multiplied by the
/// signs of `R`'s diagonal, which makes the result uniformly distributed over the orthogonal
/// matrices (Mezzadri 2007). An orthogonal layer preserves the norm of what passes through it,
/// so deep linear stacks neither explode nor vanish at the start of training. Use a gain of
/// `√2` before ReLU. Drawn in `f64` from `rng`, rounded to `F`.
///
/// ```
/// use ndnet::init::orthogonal;
/// use rand::SeedableRng;
/// use rand_xoshiro::Xoshiro256PlusPlus;
///
/// let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
/// let w = orthogonal::<f64, _>(3, 5, 1.0, &mut rng)?;       // 3 orthonormal rows
/// let wwt = w.dot(&w.t());
/// assert!((&wwt - &ndarray::Array2::<f64>::eye(3)).iter().all(|d| d.abs() < 1e-12));
/// # Ok::<(), ndnet::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidHyperparameter`] for a gain that is not finite and `> 0`; [`Error::Linalg`]
/// if LAPACK fails.
pub fn orthogonal<F: Float, R: Rng + ?Sized>(
    fan_out: usize,
    fan_in: usize,
    gain: f64,
    rng: &mut R,
) -> Result<Array2<F>> {
    check::positive("gain", gain)?;
    if fan_out == 0 || fan_in == 0 {
        return Ok(Array2::zeros((fan_out, fan_in)));
    }
    let (rows, cols) = (fan_out.max(fan_in), fan_out.min(fan_in));
    let a: Array2<f64> = Array2::random_using((rows, cols), StandardNormal, rng);
    let (mut q, r) = a.qr().map_err(|e| Error::Linalg {
        operation: "QR of a Gaussian matrix",
        message: e.to_string(),
    })?;
    for (j, mut column) in q.axis_iter_mut(Axis(1)).enumerate() {
        let sign = if r.get((j, j)).is_some_and(|&v| v < 0.0) {
            -gain
        } else {
            gain
        };
        column.mapv_inplace(|v| v * sign);
    }
    let w = if fan_out >= fan_in {
        q
    } else {
        q.reversed_axes()
    };
    Ok(w.mapv(F::from_f64_lossy))
}
