//! Input checks shared by every part of the crate: one copy of each, one message each.
//!
//! Each returns the typed [`Error`] a user can act on, naming the value and where it is.

use ndarray::{ArrayView1, ArrayView2};

use crate::error::{Error, Result};
use crate::float::Float;
use crate::ops::all_finite;

/// Formats a 2-D shape the way error messages show it: `(rows, cols)`.
pub(crate) fn shape2(rows: usize, cols: usize) -> String {
    format!("({rows}, {cols})")
}

/// `x` must have `columns` columns; `rows` names what the rows are (`"batch"`, `"samples"`).
pub(crate) fn columns<F>(
    context: &'static str,
    rows: &str,
    x: ArrayView2<'_, F>,
    columns: usize,
) -> Result<()> {
    if x.ncols() == columns {
        Ok(())
    } else {
        Err(Error::ShapeMismatch {
            context,
            expected: format!("({rows}, {columns})"),
            actual: shape2(x.nrows(), x.ncols()),
        })
    }
}

/// `x` must have at least one row.
pub(crate) fn not_empty<F>(what: &str, x: ArrayView2<'_, F>) -> Result<()> {
    if x.nrows() == 0 {
        Err(Error::EmptyData(format!("{what} has no samples")))
    } else {
        Ok(())
    }
}

/// `n` targets or labels must come with `rows` rows of features.
pub(crate) fn one_per_row(context: &'static str, what: &str, rows: usize, n: usize) -> Result<()> {
    if n == rows {
        Ok(())
    } else {
        Err(Error::ShapeMismatch {
            context,
            expected: format!("{rows} {what}, one per row"),
            actual: format!("{n} {what}"),
        })
    }
}

/// Features and labels before a fit: rows and columns, one label per row, finite features,
/// labels below `n_classes`.
pub(crate) fn fit_data<F: Float>(
    x: ArrayView2<'_, F>,
    y: ArrayView1<'_, usize>,
    n_classes: usize,
) -> Result<()> {
    if x.nrows() == 0 || x.ncols() == 0 {
        return Err(Error::EmptyData(format!(
            "cannot fit on {} samples with {} features",
            x.nrows(),
            x.ncols()
        )));
    }
    one_per_row("fit labels", "labels", x.nrows(), y.len())?;
    finite("features", x)?;
    labels(y, n_classes)
}

/// Features and real targets before a fit: rows and columns, one row of targets per row of
/// features, at least one target column, everything finite.
pub(crate) fn fit_values<F: Float>(x: ArrayView2<'_, F>, y: ArrayView2<'_, F>) -> Result<()> {
    if x.nrows() == 0 || x.ncols() == 0 || y.ncols() == 0 {
        return Err(Error::EmptyData(format!(
            "cannot fit on {} samples with {} features and {} targets each",
            x.nrows(),
            x.ncols(),
            y.ncols()
        )));
    }
    one_per_row("fit targets", "target rows", x.nrows(), y.nrows())?;
    finite("features", x)?;
    finite("targets", y)
}

/// Per-sample weights: one per sample, finite, non-negative, not all 0; `context` names them
/// in errors.
pub(crate) fn sample_weights<F: Float>(
    context: &'static str,
    weights: ArrayView1<'_, F>,
    samples: usize,
) -> Result<()> {
    if weights.len() != samples {
        return Err(Error::ShapeMismatch {
            context,
            expected: format!("({samples},), one weight per sample"),
            actual: format!("({},)", weights.len()),
        });
    }
    finite_vector(context, weights)?;
    if let Some((row, w)) = weights.iter().enumerate().find(|(_, &w)| w < F::zero()) {
        return Err(Error::InvalidHyperparameter {
            name: "sample_weight",
            value: format!("{w} at row {row}"),
            reason: "weights must be >= 0",
        });
    }
    if weights.iter().all(|&w| w == F::zero()) {
        return Err(Error::InvalidHyperparameter {
            name: "sample_weight",
            value: "0 for every sample".into(),
            reason: "weights must have a positive sum",
        });
    }
    Ok(())
}

/// Every label must be a class id below `n_classes`.
pub(crate) fn labels(y: ArrayView1<'_, usize>, n_classes: usize) -> Result<()> {
    match y.iter().position(|&label| label >= n_classes) {
        None => Ok(()),
        Some(row) => Err(Error::InvalidLabel {
            row,
            value: y.get(row).map_or_else(String::new, ToString::to_string),
            expected: if n_classes == 2 {
                "0 or 1".into()
            } else {
                format!("a class id in 0..{n_classes}")
            },
        }),
    }
}

/// An [`Error::NonFinite`] for the first NaN or infinite value in `x`, if any.
pub(crate) fn finite<F: Float>(context: &'static str, x: ArrayView2<'_, F>) -> Result<()> {
    let ok = match x.as_slice_memory_order() {
        Some(all) => all_finite(all),
        None => x.rows().into_iter().all(|row| match row.as_slice() {
            Some(row) => all_finite(row),
            None => row.iter().all(|v| v.is_finite()),
        }),
    };
    if ok {
        return Ok(());
    }
    match x.indexed_iter().find(|(_, v)| !v.is_finite()) {
        Some(((row, column), &v)) => Err(Error::NonFinite {
            context,
            row,
            column,
            value: v.to_f64_lossless(),
        }),
        None => Ok(()),
    }
}

/// As [`finite`], for a vector (reported as column 0 of each row).
pub(crate) fn finite_vector<F: Float>(context: &'static str, x: ArrayView1<'_, F>) -> Result<()> {
    finite(context, x.insert_axis(ndarray::Axis(1)))
}

/// The most elements one tensor may have: 2³⁰ (4 GiB of `f32`). Sizes come from callers and
/// files; checking them against a stated bound turns a mistaken `usize::MAX` into an error
/// instead of an overflow or an allocation that cannot succeed.
pub(crate) const MAX_ELEMENTS: usize = 1 << 30;

/// A layer needs at least one unit and at most [`MAX_ELEMENTS`]; `context` names it
/// (`"Dropout units"`).
pub(crate) fn units(context: &'static str, units: usize) -> Result<()> {
    if units == 0 || units > MAX_ELEMENTS {
        return Err(Error::ShapeMismatch {
            context,
            expected: format!("at least 1 unit and at most {MAX_ELEMENTS}"),
            actual: units.to_string(),
        });
    }
    Ok(())
}

/// The number of elements of a tensor of shape `dims`, which must be at most
/// [`MAX_ELEMENTS`] (checked without overflow).
pub(crate) fn elements(context: &'static str, dims: &[usize]) -> Result<usize> {
    dims.iter()
        .try_fold(1usize, |n, &d| n.checked_mul(d))
        .filter(|&n| n <= MAX_ELEMENTS)
        .ok_or_else(|| Error::ShapeMismatch {
            context,
            expected: format!("at most {MAX_ELEMENTS} elements"),
            actual: format!("shape {dims:?}"),
        })
}

/// A count setting must be at least 1.
pub(crate) fn at_least_one(name: &'static str, value: usize) -> Result<()> {
    if value == 0 {
        Err(Error::InvalidHyperparameter {
            name,
            value: "0".into(),
            reason: "must be at least 1",
        })
    } else {
        Ok(())
    }
}

/// A real setting must be finite and strictly positive.
pub(crate) fn positive(name: &'static str, value: f64) -> Result<()> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(Error::InvalidHyperparameter {
            name,
            value: value.to_string(),
            reason: "must be finite and > 0",
        })
    }
}

/// A real setting used in arithmetic of type `F` must be finite and `> 0` there too (`1e-60`
/// is `0` in `f32`).
pub(crate) fn positive_in<F: Float>(name: &'static str, value: f64) -> Result<()> {
    positive(name, value)?;
    let rounded = F::from_f64_lossy(value);
    if rounded > F::zero() && rounded.is_finite() {
        return Ok(());
    }
    Err(Error::InvalidHyperparameter {
        name,
        value: value.to_string(),
        reason: "is 0 or infinite in the network's float type",
    })
}

/// A real setting must be finite and not negative.
pub(crate) fn non_negative(name: &'static str, value: f64) -> Result<()> {
    if value.is_finite() && value >= 0.0 {
        Ok(())
    } else {
        Err(Error::InvalidHyperparameter {
            name,
            value: value.to_string(),
            reason: "must be finite and >= 0",
        })
    }
}

/// A fraction such as a momentum or a drop probability must be finite and in `[0, 1)`.
pub(crate) fn fraction(name: &'static str, value: f64) -> Result<()> {
    if value.is_finite() && (0.0..1.0).contains(&value) {
        Ok(())
    } else {
        Err(Error::InvalidHyperparameter {
            name,
            value: value.to_string(),
            reason: "must be in [0, 1)",
        })
    }
}

/// `Serialize` and `Deserialize` for a settings type `$t`, through `$mirror`: a private copy
/// of its fields whose derive carries `#[serde(remote = "$t")]` (so the compiler checks that
/// the two list the same fields). Deserializing runs `$t::validate()`, so a document can hold
/// nothing the setters' checks refuse: a bad value is an error where it is read, not later at
/// `fit`, and no public way to skip the check exists.
macro_rules! validated_serde {
    ($t:ty, $mirror:ty) => {
        #[cfg(feature = "serde")]
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(
                &self,
                s: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                <$mirror>::serialize(self, s)
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(
                d: D,
            ) -> std::result::Result<Self, D::Error> {
                let value = <$mirror>::deserialize(d)?;
                value
                    .validate()
                    .map_err(<D::Error as serde::de::Error>::custom)?;
                Ok(value)
            }
        }
    };
}
pub(crate) use validated_serde;

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn finite_finds_the_position_in_strided_views_too() {
        let mut a = ndarray::Array2::<f64>::zeros((4, 6));
        a[[2, 4]] = f64::NAN;
        match finite("x", a.t()) {
            Err(Error::NonFinite { row, column, .. }) => assert_eq!((row, column), (4, 2)),
            other => panic!("expected NonFinite, got {other:?}"),
        }
        assert!(finite("x", a.slice(ndarray::s![.., ..3])).is_ok());
    }

    #[test]
    fn finite_finds_the_position() {
        let ok = array![[1.0f32, 2.0], [3.0, 4.0]];
        assert!(finite("x", ok.view()).is_ok());
        let bad = array![[1.0f64, 2.0], [f64::INFINITY, 4.0]];
        match finite("x", bad.view()) {
            Err(Error::NonFinite { row, column, .. }) => assert_eq!((row, column), (1, 0)),
            other => panic!("expected NonFinite, got {other:?}"),
        }
    }

    #[test]
    fn hyperparameter_checks() {
        assert!(positive("learning_rate", 0.1).is_ok());
        assert!(positive("learning_rate", 0.0).is_err());
        assert!(positive("learning_rate", f64::NAN).is_err());
        assert!(non_negative("l2", 0.0).is_ok());
        assert!(non_negative("l2", -1e-9).is_err());
        assert!(non_negative("l2", f64::INFINITY).is_err());
        assert!(at_least_one("epochs", 1).is_ok());
        assert!(matches!(
            at_least_one("epochs", 0),
            Err(Error::InvalidHyperparameter { name: "epochs", .. })
        ));
    }

    #[test]
    fn labels_name_the_row_and_the_accepted_set() {
        let y = array![0usize, 1, 2];
        assert!(labels(y.view(), 3).is_ok());
        match labels(y.view(), 2) {
            Err(Error::InvalidLabel {
                row,
                value,
                expected,
            }) => assert_eq!((row, value.as_str(), expected.as_str()), (2, "2", "0 or 1")),
            other => panic!("expected InvalidLabel, got {other:?}"),
        }
        let e = labels(array![4usize].view(), 3).unwrap_err().to_string();
        assert!(e.contains("a class id in 0..3"), "{e}");
    }
}
