//! Reading numeric CSV files into a [`Dataset`].

use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use ndarray::Array2;

use self::cells::{parse_error, LineCounter};
use self::header::Header;
use self::rows::{read_rows, ClassIds, RealValues, TargetCells};
use super::Dataset;
use crate::error::{Error, Result};
use crate::float::Float;

mod cells;
mod header;
mod rows;

/// The header names a column is taken as the label for, by default (any case).
const LABEL_NAMES: [&str; 4] = ["label", "target", "class", "y"];

/// Reads a numeric CSV file with a header row; the label is the column named `label`,
/// `target`, `class` or `y` (any case), else the **last** column.
///
/// Shorthand for [`CsvOptions::new().read(path)`](CsvOptions::read); see there for the format.
///
/// ```
/// use ndnet::data::read_csv;
///
/// let ds = read_csv::<f32>("data/iris.csv")?;
/// assert_eq!((ds.n_samples(), ds.n_features(), ds.n_classes()), (150, 4, 3));
/// assert_eq!(ds.feature_names()[0], "sepal_length_cm");
/// assert_eq!(ds.features()[[0, 0]], 5.1);
/// # Ok::<(), ndnet::Error>(())
/// ```
///
/// # Errors
///
/// As [`CsvOptions::read`].
pub fn read_csv<F: Float>(path: impl AsRef<Path>) -> Result<Dataset<F>> {
    CsvOptions::new().read(path)
}

/// How to read a CSV file: whether it has a header row, which column is the label, and the
/// field delimiter.
///
/// ```
/// use ndnet::data::CsvOptions;
///
/// let ds = CsvOptions::new().label_column("label").read::<f64>("data/wine.csv")?;
/// assert_eq!((ds.n_samples(), ds.n_features()), (178, 13));
/// # Ok::<(), ndnet::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvOptions {
    label: Label,
    delimiter: u8,
    header: bool,
    classes: Option<usize>,
}

/// Where the label is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Label {
    /// The column named like a label, else the last.
    Guess,
    Name(String),
    /// Several target columns, by name (regression).
    Names(Vec<String>),
    /// 0-based.
    Index(usize),
}

impl Default for CsvOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl CsvOptions {
    /// The defaults: a header row, the label in the column named `label`, `target`, `class`
    /// or `y` (any case; exactly one such) or else the last column, comma-separated.
    pub fn new() -> Self {
        Self {
            label: Label::Guess,
            delimiter: b',',
            header: true,
            classes: None,
        }
    }

    /// Accepts only labels in `0..n_classes` (2: a binary model's `0` and `1`), so a label the
    /// model would refuse is reported at its line of the file. Default: any class id.
    pub fn classes(mut self, n_classes: usize) -> Self {
        self.classes = Some(n_classes);
        self
    }

    /// Takes the label from the column with this header name; the other columns, in file
    /// order, are the features.
    pub fn label_column(mut self, name: impl Into<String>) -> Self {
        self.label = Label::Name(name.into());
        self
    }

    /// Takes several real-valued targets from the columns with these header names, in this
    /// order (for [`read_regression`](Self::read_regression); a classifier's data has one
    /// label column).
    pub fn target_columns<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.label = Label::Names(names.into_iter().map(Into::into).collect());
        self
    }

    /// Takes the label from the column at this 0-based index.
    pub fn label_index(mut self, index: usize) -> Self {
        self.label = Label::Index(index);
        self
    }

    /// Whether the first row is a header of column names. Default `true`; without one, the
    /// columns are named `column_1`, `column_2`, … and the label is the last column unless
    /// [`label_index`](Self::label_index) says otherwise.
    pub fn has_header(mut self, header: bool) -> Self {
        self.header = header;
        self
    }

    /// The field delimiter. Defaults to `b','`.
    pub fn delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = delimiter;
        self
    }

    /// Reads the file at `path`.
    ///
    /// The format: a header row of column names (unless [`has_header`](Self::has_header) is
    /// off), then one row per sample, every row with as many fields as the first. Feature cells are finite decimal numbers (surrounding
    /// spaces allowed); the label cell is a non-negative integer class id, written `1` or
    /// `1.0`. Blank lines are skipped.
    ///
    /// # Errors
    ///
    /// - [`Error::Io`] naming `path` if the file cannot be opened or read.
    /// - [`Error::Parse`] naming `path`, the 1-based line (the header is line 1) and, for a
    ///   bad cell, the 1-based column: an empty file, a header with no data rows or with
    ///   fewer than two columns, a header whose every field is a number (the file has no
    ///   header row: say so with [`has_header`](Self::has_header)), a repeated column name,
    ///   a missing label column, a row with the wrong number of fields, a feature that is not
    ///   a finite number (`abc`, `nan`, `inf`, or out of range for `F`), a label that is not
    ///   a non-negative integer (the message says which column was taken as the label, and
    ///   why).
    pub fn read<F: Float>(&self, path: impl AsRef<Path>) -> Result<Dataset<F>> {
        let path = path.as_ref();
        self.read_from(&read_bytes(path)?, path)
    }

    /// Reads a CSV file for regression: as [`read`](Self::read), except that the target
    /// cells are real numbers, finite in `F`, and there may be several target columns
    /// ([`target_columns`](Self::target_columns)). The targets are `(samples, outputs)`.
    ///
    /// ```
    /// use ndnet::data::CsvOptions;
    ///
    /// let ds = CsvOptions::new().read_regression::<f64>("data/diabetes.csv")?;
    /// assert_eq!((ds.n_samples(), ds.n_features(), ds.n_outputs()), (442, 10, 1));
    /// assert_eq!(ds.values()[[0, 0]], 151.0);
    /// # Ok::<(), ndnet::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`read`](Self::read), with a target cell that is not a finite number in place of
    /// a bad label.
    pub fn read_regression<F: Float>(
        &self,
        path: impl AsRef<Path>,
    ) -> Result<Dataset<F, Array2<F>>> {
        let path = path.as_ref();
        self.read_regression_from(&read_bytes(path)?, path)
    }

    /// Parses CSV text held in memory; `path` is only used in error messages.
    pub(crate) fn read_from<F: Float>(&self, bytes: &[u8], path: &Path) -> Result<Dataset<F>> {
        let labels = ClassIds {
            classes: self.classes,
            labels: Vec::new(),
        };
        let (features, labels, names) = self.parse(bytes, path, labels, "a label")?;
        Dataset::new(features, labels, names)
    }

    /// As [`read_from`](Self::read_from), for regression.
    pub(crate) fn read_regression_from<F: Float>(
        &self,
        bytes: &[u8],
        path: &Path,
    ) -> Result<Dataset<F, Array2<F>>> {
        let values = RealValues {
            values: Vec::new(),
            float: PhantomData,
        };
        let (features, values, names) = self.parse(bytes, path, values, "")?;
        Dataset::regression(features, values, names)
    }

    /// Reads the header and the rows: features, the targets from `sink`, feature names.
    /// `single` names the kind of target that must come from exactly one column (a label),
    /// or is empty when several are allowed.
    fn parse<F: Float, T: TargetCells>(
        &self,
        bytes: &[u8],
        path: &Path,
        mut sink: T,
        single: &str,
    ) -> Result<(Array2<F>, T::Targets, Vec<String>)> {
        let mut rdr = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(self.delimiter)
            .from_reader(bytes);
        // The csv crate's own line numbers skip blank lines and CRLF ends; count them here.
        let mut cursor = Cursor {
            lines: LineCounter::new(bytes),
            record: ::csv::ByteRecord::new(),
            path,
        };
        let header = Header::read(self, &mut rdr, &mut cursor)?;
        if !single.is_empty() && header.targets.len() != 1 {
            let msg = format!("{single} comes from one column, not from {}", header.why);
            return Err(parse_error(path, header.line, None, msg));
        }
        let rows = read_rows::<F, T>(&mut rdr, &mut cursor, &header, !self.header, &mut sink)?;
        if rows.count == 0 {
            let msg = "the header has no data rows".into();
            return Err(parse_error(path, rows.last_line + 1, None, msg));
        }
        let feature_names = header.feature_names();
        let shape = (rows.count, feature_names.len());
        let features = Array2::from_shape_vec(shape, rows.values).map_err(|e| {
            let msg = format!("internal shape error: {e}");
            parse_error(path, rows.last_line, None, msg)
        })?;
        let targets = sink.finish(rows.count, header.targets.len())?;
        Ok((features, targets, feature_names))
    }
}

/// Where the reader is: the line count, the record buffer, the file's name for errors.
struct Cursor<'p> {
    lines: LineCounter<'p>,
    record: ::csv::ByteRecord,
    path: &'p Path,
}

/// The whole file at `path`.
fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads the next record; `Ok(false)` at the end of the input.
fn next_record(
    rdr: &mut ::csv::Reader<&[u8]>,
    record: &mut ::csv::ByteRecord,
    path: &Path,
) -> Result<bool> {
    rdr.read_byte_record(record).map_err(|e| csv_error(e, path))
}

fn csv_error(e: ::csv::Error, path: &Path) -> Error {
    let line = e.position().and_then(|p| usize::try_from(p.line()).ok());
    match e.into_kind() {
        ::csv::ErrorKind::Io(source) => Error::Io {
            path: path.to_path_buf(),
            source,
        },
        other => Error::Parse {
            path: PathBuf::from(path),
            line,
            column: None,
            message: format!("{other:?}"),
        },
    }
}

#[cfg(test)]
mod tests;
