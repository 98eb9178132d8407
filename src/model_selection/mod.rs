//! Model selection, as scikit-learn's `model_selection`: cross-validation folds,
//! cross-validated scores, and a grid search over settings.
//!
//! | item | scikit-learn | what it does |
//! |---|---|---|
//! | [`KFold`] | `KFold` | `k` consecutive (or shuffled) folds of the rows |
//! | [`StratifiedKFold`] | `StratifiedKFold` | folds that keep each class's share of the rows |
//! | [`cross_val_score`] | `cross_val_score` | the score of an estimator on each fold |
//! | [`GridSearch`] | `GridSearchCV` | the candidate settings with the best mean score, refitted |
//!
//! Folds are plain [`Split`](crate::data::Split)s (training and test row indices), so
//! [`cross_val_score`] and [`GridSearch`] take any list of them. Both work through the
//! [`estimator`](crate::estimator) traits, for classifiers (class labels) and regressors (real
//! targets) alike ([`SelectRows`] picks each fold's targets), and fit the folds on several
//! threads with results identical to a sequential run. All randomness is the folds' shuffle,
//! from a seed the caller sets, and the estimators' own seeds.
//!
//! **Threads.** One pool of at most
//! [`available_parallelism`](std::thread::available_parallelism) threads runs every fit of a
//! call (for a grid search, all `candidates × folds` of them), one fit per thread at a time.
//! Inside a fit only matrix products of at least 2²⁴ multiply-adds use more threads (rayon's
//! global pool, one per core), so the two together stay within twice the core count. Calling
//! [`cross_val_score`] from threads of your own multiplies the count: use
//! [`cross_val_score_with_threads`] or [`GridSearch::threads`] with 1 there.
//!
//! **Scaling.** Preprocessing fitted on all the rows (a [`StandardScaler`], say) has seen each
//! fold's test rows, which makes cross-validated scores slightly optimistic. To avoid it, wrap
//! the estimator in one whose `fit` fits the scaler on the training rows it is given (the
//! traits allow it; `tests/model_selection.rs` has one such wrapper).
//!
//! ```
//! use ndnet::classifier::MlpClassifier;
//! use ndnet::data::{read_csv, StandardScaler};
//! use ndnet::model_selection::{GridSearch, StratifiedKFold};
//!
//! let mut iris = read_csv::<f64>("data/iris.csv")?;
//! let scaler = StandardScaler::fit(iris.features())?;
//! scaler.transform_inplace(iris.features_mut())?;
//!
//! let folds = StratifiedKFold::new(5).shuffle(true).seed(0).split(iris.labels())?;
//! let candidates = vec![
//!     MlpClassifier::params().hidden_layers(&[]).epochs(40),   // multinomial logistic
//!     MlpClassifier::params().hidden_layers(&[16]).epochs(40),
//! ];
//! let search = GridSearch::new(candidates).fit(iris.features(), iris.labels(), &folds)?;
//! for (i, scores) in search.scores().iter().enumerate() {
//!     println!("candidate {i}: accuracy {scores}"); // mean ± std over the 5 folds
//! }
//! assert!(search.best_scores().mean() > 0.9);
//! let model = search.best_model(); // the winner, refitted on all 150 rows
//! # Ok::<(), ndnet::Error>(())
//! ```
//!
//! [`StandardScaler`]: crate::data::StandardScaler

mod cross_val;
mod grid_search;
mod kfold;
mod parallel;
mod scores;
mod stratified;
mod targets;

pub use cross_val::{cross_val_score, cross_val_score_with_threads};
pub use grid_search::{FittedGridSearch, GridSearch};
pub use kfold::KFold;
pub use scores::FoldScores;
pub use stratified::StratifiedKFold;
pub use targets::SelectRows;

#[cfg(test)]
mod tests;
