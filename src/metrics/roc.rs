//! Area under the ROC curve.

use ndarray::ArrayView1;

use super::{check_binary, check_lengths};
use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;

/// Area under the ROC curve of `scores` (higher = more likely class 1) for binary labels
/// `y_true` (0 or 1), equal to scikit-learn's `roc_auc_score(y_true, scores)`.
///
/// Computed as the Mann-Whitney U statistic: the probability that a random positive scores
/// higher than a random negative, a tie counting one half. Tied scores get the average of
/// their ranks, which gives exactly the trapezoidal area under scikit-learn's ROC curve.
///
/// ```
/// use ndarray::array;
/// use ndnet::metrics::roc_auc;
///
/// // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
/// let auc = roc_auc(array![0, 0, 1, 1].view(), array![0.1f32, 0.4, 0.35, 0.8].view())?;
/// assert_eq!(auc, 0.75);
/// # Ok::<(), ndnet::Error>(())
/// ```
///
/// # Errors
///
/// - [`Error::ShapeMismatch`] if the lengths differ; [`Error::EmptyData`] if they are 0.
/// - [`Error::InvalidLabel`] (naming the row) for a label other than 0 or 1.
/// - [`Error::NonFinite`] for a NaN or infinite score.
/// - [`Error::EmptyData`] if only one class is present (the AUC is then undefined).
pub fn roc_auc<F: Float>(y_true: ArrayView1<'_, usize>, scores: ArrayView1<'_, F>) -> Result<f64> {
    check_lengths("roc_auc", y_true.len(), scores.len())?;
    check_binary(y_true)?;
    check::finite_vector("roc_auc scores", scores)?;
    let n_pos = y_true.iter().filter(|&&y| y == 1).count();
    let n_neg = y_true.len() - n_pos;
    if n_pos == 0 || n_neg == 0 {
        let only = if n_pos == 0 { 0 } else { 1 };
        return Err(Error::EmptyData(format!(
            "roc_auc needs samples of both classes 0 and 1, but y_true has only class {only}"
        )));
    }

    let mut order: Vec<(f64, usize)> = scores
        .iter()
        .zip(&y_true)
        .map(|(&s, &y)| (s.to_f64_lossless(), y))
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0));

    // Sum of the (1-based, tie-averaged) ranks of the positives.
    let mut rank_sum_pos = 0.0;
    let mut start = 0;
    while start < order.len() {
        let score = order.get(start).map_or(0.0, |e| e.0);
        let tied = order
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|e| e.0 == score)
            .count()
            .max(1);
        let end = start + tied;
        let positives = order
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .filter(|e| e.1 == 1)
            .count();
        // Ranks start+1 ..= end, averaged.
        let average_rank = (start + 1 + end) as f64 / 2.0;
        rank_sum_pos += average_rank * positives as f64;
        start = end;
    }
    let (p, n) = (n_pos as f64, n_neg as f64);
    let u = rank_sum_pos - p * (p + 1.0) / 2.0;
    Ok(u / (p * n))
}
