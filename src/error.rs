//! The crate's error type.
//!
//! Every fallible function in ndnet returns [`Result<T>`](Result). Nothing that a user can pass
//! (shapes, values, labels, hyperparameters, files) makes the library panic: it comes back as
//! one of these variants, with the offending value in the message.

use std::path::PathBuf;

/// Everything that can go wrong in ndnet.
///
/// The enum is `#[non_exhaustive]`: later versions may add variants, so match with a
/// wildcard arm.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An array does not have the shape the operation needs.
    #[error("shape mismatch in {context}: expected {expected}, got {actual}")]
    ShapeMismatch {
        /// What was being checked, e.g. `"Dense::new bias"` or `"forward input"`.
        context: &'static str,
        /// The shape that was needed, e.g. `"(batch, 784)"`.
        expected: String,
        /// The shape that was passed, e.g. `"(32, 783)"`.
        actual: String,
    },

    /// A NaN or infinite value where finite numbers are required.
    #[error("non-finite value {value} in {context} at row {row}, column {column}")]
    NonFinite {
        /// Which input held the value, e.g. `"features"`.
        context: &'static str,
        /// 0-based row of the value.
        row: usize,
        /// 0-based column of the value.
        column: usize,
        /// The value itself (NaN, inf or -inf).
        value: f64,
    },

    /// A label outside the set the model or loss accepts.
    #[error("invalid label {value} at row {row}: expected {expected}")]
    InvalidLabel {
        /// 0-based row of the label.
        row: usize,
        /// The label as it was given.
        value: String,
        /// The accepted set, e.g. `"0 or 1"` or `"a class id in 0..10"`.
        expected: String,
    },

    /// A class has fewer rows than an operation needs of each class: stratified folds, for
    /// instance, need at least one row of every class in every fold.
    #[error("class {class} has {count} row(s): {context} needs at least {needed} of each class")]
    ClassTooSmall {
        /// What needs the rows, e.g. `"StratifiedKFold"`.
        context: &'static str,
        /// The class label.
        class: usize,
        /// How many rows of that class there are.
        count: usize,
        /// How many rows of each class are needed (for stratified folds, the fold count).
        needed: usize,
    },

    /// The data has no rows (or no columns) where some are needed.
    #[error("empty data: {0}")]
    EmptyData(String),

    /// A hyperparameter outside its valid range.
    #[error("invalid hyperparameter `{name}` = {value}: {reason}")]
    InvalidHyperparameter {
        /// The name of the setting, as its builder method is named.
        name: &'static str,
        /// The value that was given.
        value: String,
        /// What the value must be, e.g. `"must be finite and > 0"`.
        reason: &'static str,
    },

    /// A loss was given targets of a kind it does not accept (class ids vs. real values).
    #[error("{loss} expects {expected} targets")]
    TargetKind {
        /// The loss, e.g. `"SoftmaxCrossEntropy"`.
        loss: &'static str,
        /// The accepted kind, e.g. `"class-label"`.
        expected: &'static str,
    },

    /// Training produced a NaN or infinite loss.
    #[error(
        "training diverged in epoch {epoch}: the loss became {loss}; \
         try a smaller learning rate (it was {learning_rate})"
    )]
    NonFiniteLoss {
        /// The epoch (0-based) in which the loss stopped being finite.
        epoch: usize,
        /// The loss value (NaN or ±inf).
        loss: f64,
        /// The learning rate in force in that epoch.
        learning_rate: f64,
    },

    /// A matrix factorization (LAPACK, with the `linalg` feature) failed: the matrix is
    /// singular or not positive definite where it must be, or the routine did not converge.
    #[error("{operation} failed: {message}")]
    Linalg {
        /// What was being factorized, e.g. `"Cholesky of the ridge normal equations"`.
        operation: &'static str,
        /// The cause, with a hint where there is one.
        message: String,
    },

    /// An iterative solver stopped at its iteration limit before meeting its tolerance (for
    /// logistic regression without L2 on separable data, the optimum is at infinity).
    #[error(
        "{solver} did not converge in {iterations} iterations: the gradient norm is \
         {gradient_norm:e}"
    )]
    NotConverged {
        /// The solver, e.g. `"Newton"`.
        solver: &'static str,
        /// Iterations run.
        iterations: usize,
        /// Euclidean norm of the objective's gradient at the last iterate.
        gradient_norm: f64,
    },

    /// A file could not be opened, read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },

    /// A file was read but its content is not valid.
    #[error("{}{}: {message}", path.display(), location(*line, *column))]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line number, when the problem has one.
        line: Option<usize>,
        /// 1-based column (field) number, when the problem has one.
        column: Option<usize>,
        /// What is wrong.
        message: String,
    },

    /// A file's content breaks its format: truncated, corrupt, or a file of another kind.
    #[error("{}: not a valid {format} file: {message}", path.display())]
    InvalidFile {
        /// The file.
        path: PathBuf,
        /// The format it was read as, e.g. `"IDX"`, `"safetensors model"`, `"checkpoint"`.
        format: &'static str,
        /// What is wrong, e.g. `"truncated: 7840 pixel bytes expected, 7000 present"`.
        message: String,
    },

    /// A valid model or checkpoint file that does not fit what it is loaded into (another
    /// element type, architecture or data size).
    #[error("{}: {message}", path.display())]
    Incompatible {
        /// The file.
        path: PathBuf,
        /// What does not fit, e.g. `"saved as f64, cannot be loaded as f32"`.
        message: String,
    },
}

fn location(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

/// `std::result::Result` with ndnet's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_error_names_file_line_and_column() {
        let e = Error::Parse {
            path: "data/x.csv".into(),
            line: Some(3),
            column: Some(2),
            message: "`abc` is not a number".into(),
        };
        assert_eq!(e.to_string(), "data/x.csv:3:2: `abc` is not a number");
    }
}
