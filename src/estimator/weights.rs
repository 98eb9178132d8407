//! Weights on samples and classes: scikit-learn's `sample_weight` and `class_weight`.

use ndarray::{Array1, ArrayView1, ArrayView2};

use super::{Fit, TargetKind};
use crate::check;
use crate::error::{Error, Result};
use crate::float::Float;

/// How much each class counts in a classifier's loss (scikit-learn's `class_weight`). A
/// sample of class `c` weighs `w_c` (times its own sample weight, if any), and every batch's
/// loss is the weighted mean `Σ wᵢ ℓᵢ / Σ wᵢ`, as PyTorch's `CrossEntropyLoss(weight=…)`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ClassWeight {
    /// `w_c = n_samples / (n_classes · count_c)` over the training labels, scikit-learn's
    /// `'balanced'`: every class weighs as much in total. A class without training samples
    /// gets weight 0 (it has nothing to weigh).
    Balanced,
    /// One weight per class id `0..K`, finite and `≥ 0`, not all 0.
    Explicit(Vec<f64>),
}

impl ClassWeight {
    /// Checks an explicit list's values (its length is checked against the classes at fit).
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] (`class_weight`) for a NaN, infinite or negative
    /// weight, or all weights 0.
    pub fn validate(&self) -> Result<()> {
        let ClassWeight::Explicit(weights) = self else {
            return Ok(());
        };
        let bad = |value: String, reason| Error::InvalidHyperparameter {
            name: "class_weight",
            value,
            reason,
        };
        if let Some((c, w)) = weights
            .iter()
            .enumerate()
            .find(|(_, w)| !(w.is_finite() && **w >= 0.0))
        {
            return Err(bad(format!("{w} for class {c}"), "must be finite and >= 0"));
        }
        if weights.iter().all(|&w| w == 0.0) {
            return Err(bad(format!("{weights:?}"), "must not all be 0"));
        }
        Ok(())
    }

    /// The weight of each class `0..n_classes` for labels `y`.
    fn per_class(&self, y: ArrayView1<'_, usize>, n_classes: usize) -> Result<Vec<f64>> {
        match self {
            ClassWeight::Explicit(weights) if weights.len() == n_classes => Ok(weights.clone()),
            ClassWeight::Explicit(weights) => Err(Error::ShapeMismatch {
                context: "class_weight",
                expected: format!("{n_classes} weights, one per class"),
                actual: format!("{} weights", weights.len()),
            }),
            ClassWeight::Balanced => {
                let mut counts = vec![0usize; n_classes];
                for &label in y {
                    if let Some(c) = counts.get_mut(label) {
                        *c += 1;
                    }
                }
                let n = y.len() as f64;
                Ok(counts
                    .iter()
                    .map(|&c| match c {
                        0 => 0.0,
                        c => n / (n_classes as f64 * c as f64),
                    })
                    .collect())
            }
        }
    }
}

/// The per-sample weights a classifier trains with: class weights times sample weights,
/// either of which may be absent (`None` when both are). Labels must already be checked
/// against `n_classes`.
///
/// # Errors
/// The weights' errors ([`check::sample_weights`]); [`Error::ShapeMismatch`] for an explicit
/// class weight list that is not one per class.
pub(crate) fn classifier_weights<F: Float>(
    class_weight: Option<&ClassWeight>,
    y: ArrayView1<'_, usize>,
    n_classes: usize,
    sample_weight: Option<ArrayView1<'_, F>>,
) -> Result<Option<Array1<F>>> {
    if let Some(w) = sample_weight {
        check::sample_weights("sample_weight", w, y.len())?;
    }
    let Some(class_weight) = class_weight else {
        return Ok(sample_weight.map(|w| w.to_owned()));
    };
    class_weight.validate()?;
    let per_class = class_weight.per_class(y, n_classes)?;
    let mut weights: Array1<F> =
        y.mapv(|label| F::from_f64_lossy(per_class.get(label).copied().unwrap_or(0.0)));
    if let Some(w) = sample_weight {
        weights.zip_mut_with(&w, |a, &b| *a *= b);
    }
    check::sample_weights("class_weight × sample_weight", weights.view(), y.len())?;
    Ok(Some(weights))
}

/// Settings that also fit with a weight per sample (scikit-learn's `fit(X, y,
/// sample_weight)`): each batch's loss is the weighted mean `Σ wᵢ ℓᵢ / Σ wᵢ`, so a weight of
/// 2 counts a sample twice and 0 leaves it out.
pub trait FitWeighted<F: Float, Y: TargetKind = super::Labels>: Fit<F, Y> {
    /// Fits as [`Fit::fit`] does, with `sample_weight` `(samples,)`.
    ///
    /// # Errors
    /// As [`Fit::fit`], and for the weights: [`Error::ShapeMismatch`] if there is not one
    /// per sample, [`Error::NonFinite`] for a NaN or infinite weight,
    /// [`Error::InvalidHyperparameter`] (`sample_weight`) for a negative weight or all 0;
    /// for the exact solvers (`Solver::Newton`), which do not take weights.
    fn fit_weighted<'y>(
        &self,
        x: ArrayView2<'_, F>,
        y: impl Into<Y::View<'y, F>>,
        sample_weight: ArrayView1<'_, F>,
    ) -> Result<Self::Fitted>
    where
        F: 'y;
}

/// The exact solvers take no weights: refuse them rather than ignore them.
#[cfg(feature = "linalg")]
pub(crate) fn refuse_weights(weighted: bool) -> Result<()> {
    match weighted {
        false => Ok(()),
        true => Err(Error::InvalidHyperparameter {
            name: "solver",
            value: "Newton".into(),
            reason: "the exact solvers take no class or sample weights; use Sgd or Adam",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn balanced_class_weights_are_scikit_learns() {
        // python: compute_class_weight('balanced', classes=np.array([0, 1, 2]),
        //                              y=np.array([0, 0, 0, 1, 2, 2]))
        //   -> [0.6666666666666666, 2.0, 1.0]
        let y = array![0usize, 0, 0, 1, 2, 2];
        let w = ClassWeight::Balanced.per_class(y.view(), 3).unwrap();
        assert_eq!(w, vec![0.6666666666666666, 2.0, 1.0]);
        // A class absent from the labels weighs 0.
        let w = ClassWeight::Balanced.per_class(y.view(), 4).unwrap();
        assert_eq!(w, vec![0.5, 1.5, 0.75, 0.0]);
    }

    #[test]
    fn class_and_sample_weights_multiply() {
        let y = array![0usize, 1, 1];
        let s = array![1.0f64, 2.0, 0.5];
        let class = ClassWeight::Explicit(vec![3.0, 1.0]);
        let w = classifier_weights(Some(&class), y.view(), 2, Some(s.view())).unwrap();
        assert_eq!(w, Some(array![3.0, 2.0, 0.5]));
        assert_eq!(
            classifier_weights::<f64>(None, y.view(), 2, None).unwrap(),
            None
        );
        let wrong = ClassWeight::Explicit(vec![1.0]);
        assert!(matches!(
            classifier_weights::<f64>(Some(&wrong), y.view(), 2, None),
            Err(Error::ShapeMismatch { .. })
        ));
        // Class weights can zero out every sample: that is refused, not trained on.
        let zero_for_present = ClassWeight::Explicit(vec![1.0, 0.0]);
        let only_ones = array![1usize, 1];
        assert!(
            classifier_weights::<f64>(Some(&zero_for_present), only_ones.view(), 2, None).is_err()
        );
    }
}
