//! The fitted linear classifier behind [`LogisticRegression`](super::LogisticRegression) and
//! [`LinearSvc`](super::LinearSvc): one score per class, `s = W x + b`.

use ndarray::{concatenate, Array1, Array2, ArrayView1, ArrayView2, Axis};

use super::{check_predict, classes_of};
use crate::activation::Activation;
use crate::error::{Error, Result};
use crate::estimator::{accuracy_score, DecisionFunction, Predict, Score};
use crate::float::Float;
use crate::layer::{Dense, Layer};
use crate::network::Network;
use crate::train::History;

/// The settings of a linear classifier, [`LogisticRegression`](super::LogisticRegression) or
/// [`LinearSvc`](super::LinearSvc): what a [`FittedLinear`] keeps of how it was fitted. Sealed:
/// only those two implement it.
pub trait LinearSettings: Clone + PartialEq + std::fmt::Debug + sealed::Sealed {
    /// Checks every setting, and that a model of `n_classes` classes can have been fitted with
    /// them (as a file that holds both must be).
    ///
    /// # Errors
    /// [`Error::InvalidHyperparameter`] for a bad setting or one that refuses `n_classes`
    /// classes; [`Error::ShapeMismatch`] if the settings fix another class count.
    fn check_fitted(&self, n_classes: usize) -> Result<()>;
}

pub(super) mod sealed {
    /// Keeps [`LinearSettings`](super::LinearSettings) to this crate's settings types.
    pub trait Sealed {}
}

/// A fitted linear classifier of settings `P`: K scores `s = W x + b` per sample (logits or
/// margins), one per class, and the class of the largest.
///
/// `W` is `(K, features)` and `b` is `(K,)`, [`coefficients`](Self::coefficients) and
/// [`intercept`](Self::intercept), also with two classes (scikit-learn's binary models keep one
/// row instead; here the two rows are the binary model's `−w` and `w`, up to a scale that the
/// settings type states).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "serde_repr::Linear<F, P>",
        bound(
            serialize = "P: serde::Serialize",
            deserialize = "P: serde::de::DeserializeOwned + LinearSettings"
        )
    )
)]
pub struct FittedLinear<F: Float, P> {
    params: P,
    network: Network<F>,
    history: History,
}

impl<F: Float, P: LinearSettings> FittedLinear<F, P> {
    /// A fitted linear classifier from its parts, checked: `network` is one dense layer of at
    /// least 2 identity units, and `params` could have fitted that many classes.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for another network; the errors of
    /// [`LinearSettings::check_fitted`].
    pub(super) fn new(params: P, network: Network<F>, history: History) -> Result<Self> {
        let Some(layer) = linear_layer(&network).filter(|d| d.units() >= 2) else {
            return Err(Error::ShapeMismatch {
                context: "fitted linear classifier",
                expected: "one dense layer of at least 2 identity units, one per class".into(),
                actual: format!(
                    "{} layers, {} outputs",
                    network.layers().len(),
                    network.outputs()
                ),
            });
        };
        params.check_fitted(layer.units())?;
        Ok(FittedLinear {
            params,
            network,
            history,
        })
    }
}

impl<F: Float, P> FittedLinear<F, P> {
    /// Number of classes K.
    pub fn n_classes(&self) -> usize {
        self.network.outputs()
    }

    /// Number of features it takes.
    pub fn n_features(&self) -> usize {
        self.network.inputs()
    }

    /// The weights `W` `(K, features)`: row `k` scores class `k`.
    pub fn coefficients(&self) -> Array2<F> {
        linear_layer(&self.network).map_or_else(
            || Array2::zeros((0, self.n_features())),
            |d| d.weight().to_owned(),
        )
    }

    /// The intercepts `b` `(K,)`, one per class.
    pub fn intercept(&self) -> Array1<F> {
        linear_layer(&self.network).map_or_else(|| Array1::zeros(0), |d| d.bias().to_owned())
    }

    /// The settings it was fitted with.
    pub fn params(&self) -> &P {
        &self.params
    }

    /// The one-layer network of K identity outputs (it emits the scores).
    pub fn network(&self) -> &Network<F> {
        &self.network
    }

    /// The training history (empty for an exact solver).
    pub fn history(&self) -> &History {
        &self.history
    }
}

/// The network's one dense identity layer, if that is what it is.
pub(super) fn linear_layer<F: Float>(network: &Network<F>) -> Option<&Dense<F>> {
    match network.layers() {
        [layer] => layer
            .downcast_ref::<Dense<F>>()
            .filter(|d| d.activation() == Activation::Identity),
        _ => None,
    }
}

/// A class count the settings fix (their `n_classes`), if any, must be the model's.
///
/// # Errors
/// [`Error::ShapeMismatch`] if it is not.
pub(super) fn check_class_setting(setting: Option<usize>, n_classes: usize) -> Result<()> {
    match setting {
        Some(k) if k != n_classes => Err(Error::ShapeMismatch {
            context: "fitted linear classifier",
            expected: format!("{k} outputs, one per class as n_classes says"),
            actual: format!("{n_classes} outputs"),
        }),
        _ => Ok(()),
    }
}

/// The two class scores `(−scale·s, scale·s)` of a binary model `s = w·x + b` (a one-neuron
/// network): row 0 of the weights is `−scale·w`, row 1 is `scale·w`, and so for the biases.
pub(super) fn both_classes<F: Float>(binary: &Network<F>, scale: F) -> Result<Network<F>> {
    let (w, b) = linear_layer(binary)
        .filter(|d| d.units() == 1)
        .map(|d| (d.weight(), d.bias()))
        .ok_or_else(|| Error::ShapeMismatch {
            context: "binary linear model",
            expected: "one dense identity unit".into(),
            actual: format!("{} outputs", binary.outputs()),
        })?;
    let weights = concatenate![Axis(0), w.mapv(|v| -scale * v), w.mapv(|v| scale * v)];
    let biases = concatenate![Axis(0), b.mapv(|v| -scale * v), b.mapv(|v| scale * v)];
    let neurons = Dense::new(weights, biases, Activation::Identity)?;
    Network::from_layers(vec![neurons.boxed()])
}

impl<F: Float, P> DecisionFunction<F> for FittedLinear<F, P> {
    /// The scores `W x + b` `(samples, K)`: logits for logistic regression, margins for the SVM.
    type Output = Array2<F>;

    fn decision_function(&self, x: ArrayView2<'_, F>) -> Result<Array2<F>> {
        check_predict(x, self.n_features())?;
        self.network.forward(x)
    }
}

impl<F: Float, P> Predict<F> for FittedLinear<F, P> {
    /// The class of the largest score per sample (the first on a tie).
    type Output = Array1<usize>;

    fn predict(&self, x: ArrayView2<'_, F>) -> Result<Array1<usize>> {
        Ok(classes_of(self.decision_function(x)?.view()))
    }
}

impl<F: Float, P> Score<F> for FittedLinear<F, P> {
    fn score<'y>(&self, x: ArrayView2<'_, F>, y: impl Into<ArrayView1<'y, usize>>) -> Result<f64>
    where
        F: 'y,
    {
        accuracy_score(self, x, y.into())
    }
}

#[cfg(feature = "serde")]
mod serde_repr {
    use super::*;

    /// A fitted linear classifier as documents store it, checked by [`FittedLinear::new`] on
    /// the way in.
    #[derive(serde::Deserialize)]
    #[serde(bound(deserialize = "P: serde::de::DeserializeOwned"))]
    pub struct Linear<F: Float, P> {
        params: P,
        network: Network<F>,
        history: History,
    }

    impl<F: Float, P: LinearSettings> TryFrom<Linear<F, P>> for FittedLinear<F, P> {
        type Error = Error;
        fn try_from(m: Linear<F, P>) -> Result<Self> {
            FittedLinear::new(m.params, m.network, m.history)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classifier::LinearSvc;
    use ndarray::array;

    fn dense(weight: Array2<f64>, bias: Array1<f64>) -> Network<f64> {
        let layer = Dense::new(weight, bias, Activation::Identity).unwrap();
        Network::from_layers(vec![layer.boxed()]).unwrap()
    }

    #[test]
    fn a_fitted_linear_classifier_is_one_identity_layer_of_two_or_more_units() {
        let svm = LinearSvc::params();
        let k3 = dense(Array2::zeros((3, 2)), Array1::zeros(3));
        let fitted = FittedLinear::new(svm, k3.clone(), History::default()).unwrap();
        assert_eq!((fitted.n_classes(), fitted.n_features()), (3, 2));
        assert!(FittedLinear::new(svm.n_classes(4), k3, History::default()).is_err());
        let one = dense(Array2::zeros((1, 2)), Array1::zeros(1));
        assert!(FittedLinear::new(svm, one, History::default()).is_err());
        let relu = Dense::<f64>::new(Array2::zeros((3, 2)), Array1::zeros(3), Activation::Relu);
        let relu = relu.unwrap();
        let relu = Network::from_layers(vec![relu.boxed()]).unwrap();
        assert!(FittedLinear::new(svm, relu, History::default()).is_err());
    }

    #[test]
    fn both_classes_mirrors_a_binary_model_and_refuses_anything_else() {
        let binary = dense(array![[1.0, -2.0]], array![0.5]);
        let two = both_classes(&binary, 0.5).unwrap();
        let x = array![[1.0, 1.0], [0.0, 3.0]];
        let s = binary.forward(x.view()).unwrap();
        let both = two.forward(x.view()).unwrap();
        assert_eq!(both.column(1), &s.column(0) / 2.0);
        assert_eq!(both.column(0), -&s.column(0) / 2.0);
        assert!(both_classes(&two, 1.0).is_err());
    }
}
