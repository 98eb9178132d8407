//! Reading numeric CSV files into a [`Dataset`].

use std::path::{Path, PathBuf};

use ndarray::{Array1, Array2};

use self::cells::{cell_text, parse_error, parse_feature, parse_label, LineCounter};
use super::Dataset;
use crate::error::{Error, Result};
use crate::float::Float;

mod cells;

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
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        self.read_from(&bytes, path)
    }

    /// Parses CSV text held in memory; `path` is only used in error messages.
    pub(crate) fn read_from<F: Float>(&self, bytes: &[u8], path: &Path) -> Result<Dataset<F>> {
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
        let header = self.read_header(&mut rdr, &mut cursor)?;
        let rows = read_rows::<F>(&mut rdr, &mut cursor, &header, !self.header)?;
        if rows.labels.is_empty() {
            let msg = "the header has no data rows".into();
            return Err(parse_error(path, rows.last_line + 1, None, msg));
        }
        let feature_names: Vec<String> = header
            .names
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != header.label_col)
            .map(|(_, n)| n.clone())
            .collect();
        let shape = (rows.labels.len(), feature_names.len());
        let features = Array2::from_shape_vec(shape, rows.values).map_err(|e| {
            parse_error(
                path,
                rows.last_line,
                None,
                format!("internal shape error: {e}"),
            )
        })?;
        Dataset::new(features, Array1::from(rows.labels), feature_names)
    }

    /// The header row: column names, all distinct, at least two, and where the label is.
    /// Without a header, the first row's width, with generated names (the row stays in
    /// `c.record`, to be read as data).
    fn read_header(&self, rdr: &mut ::csv::Reader<&[u8]>, c: &mut Cursor<'_>) -> Result<Header> {
        if !next_record(rdr, &mut c.record, c.path)? {
            let msg = "empty file: expected a header row".into();
            return Err(parse_error(c.path, 1, None, msg));
        }
        let line = c.lines.line_of(&c.record);
        let names = match self.header {
            true => c
                .record
                .iter()
                .enumerate()
                .map(|(i, field)| cell_text(field, c.path, line, i))
                .collect::<Result<Vec<String>>>()?,
            false => (1..=c.record.len())
                .map(|i| format!("column_{i}"))
                .collect(),
        };
        if names.len() < 2 {
            let msg = format!(
                "the first row has {} column(s); need at least one feature and the label",
                names.len()
            );
            return Err(parse_error(c.path, line, None, msg));
        }
        if self.header && names.iter().all(|n| parse_feature::<f64>(n).is_some()) {
            let msg = "this looks like a row of data, not a header: every field is a number. \
                       If the file has no header row, say so (CsvOptions::has_header(false); \
                       in the examples, --no-header)"
                .into();
            return Err(parse_error(c.path, line, None, msg));
        }
        for (i, name) in names.iter().enumerate() {
            if names.iter().take(i).any(|n| n == name) {
                let msg = format!("repeated column name `{name}`");
                return Err(parse_error(c.path, line, Some(i + 1), msg));
            }
        }
        let (label_col, label_why) = self.find_label(&names, c.path, line)?;
        Ok(Header {
            names,
            label_col,
            label_why,
            classes: self.classes,
            line: if self.header { line } else { line - 1 },
        })
    }

    /// The label's 0-based column and why it was chosen.
    fn find_label(&self, names: &[String], path: &Path, line: u64) -> Result<(usize, String)> {
        let last = names.len() - 1;
        match &self.label {
            Label::Name(wanted) => match names.iter().position(|n| n == wanted) {
                Some(i) => Ok((i, format!("the column named `{wanted}`"))),
                None => {
                    let msg = format!("no column named `{wanted}` in the header");
                    Err(parse_error(path, line, None, msg))
                }
            },
            Label::Index(i) if *i <= last => Ok((*i, format!("column {} as asked", i + 1))),
            Label::Index(i) => {
                let msg = format!(
                    "label column index {i} (0-based), but the rows have {} fields",
                    names.len()
                );
                Err(parse_error(path, line, None, msg))
            }
            Label::Guess => {
                let named: Vec<usize> = (0..names.len())
                    .filter(|&i| {
                        LABEL_NAMES.iter().any(|l| {
                            names
                                .get(i)
                                .is_some_and(|n| n.trim().eq_ignore_ascii_case(l))
                        })
                    })
                    .collect();
                match named[..] {
                    [i] => Ok((
                        i,
                        format!("the column named `{}`", names.get(i).map_or("", |n| n)),
                    )),
                    _ => Ok((
                        last,
                        format!(
                        "the last column, `{}`, since no single column is named label, target, \
                         class or y",
                        names.last().map_or("", |n| n)
                    ),
                    )),
                }
            }
        }
    }
}

/// Where the reader is: the line count, the record buffer, the file's name for errors.
struct Cursor<'p> {
    lines: LineCounter<'p>,
    record: ::csv::ByteRecord,
    path: &'p Path,
}

/// What the header said.
struct Header {
    names: Vec<String>,
    label_col: usize,
    /// Why that column, for error messages.
    label_why: String,
    /// The accepted labels are `0..classes`, if set.
    classes: Option<usize>,
    /// The line before the first data row.
    line: u64,
}

/// The data rows, read: features row by row, labels, and the last line seen.
struct Rows<F> {
    values: Vec<F>,
    labels: Vec<usize>,
    last_line: u64,
}

/// Reads every data row after the header (and the row in `c.record` first if
/// `first_is_data`), checking its width and cells.
fn read_rows<F: Float>(
    rdr: &mut ::csv::Reader<&[u8]>,
    c: &mut Cursor<'_>,
    header: &Header,
    mut first_is_data: bool,
) -> Result<Rows<F>> {
    let n_fields = header.names.len();
    let mut rows = Rows {
        values: Vec::new(),
        labels: Vec::new(),
        last_line: header.line,
    };
    while std::mem::take(&mut first_is_data) || next_record(rdr, &mut c.record, c.path)? {
        // Idempotent: the first row of a header-less file was located already.
        let line = c.lines.line_of(&c.record);
        rows.last_line = line;
        if c.record.len() != n_fields {
            // Point at the first missing field, or at the first extra one.
            let column = c.record.len().min(n_fields) + 1;
            let msg = format!(
                "expected {n_fields} fields (as in the header), found {}",
                c.record.len()
            );
            return Err(parse_error(c.path, line, Some(column), msg));
        }
        for (i, field) in c.record.iter().enumerate() {
            let text = cell_text(field, c.path, line, i)?;
            if i == header.label_col {
                let label = parse_label(&text).ok_or_else(|| {
                    let msg = format!(
                        "label `{text}` is not a non-negative integer class id; the label was \
                         taken from {}. Name the label column with \
                         CsvOptions::label_column or label_index (the examples: --label)",
                        header.label_why
                    );
                    parse_error(c.path, line, Some(i + 1), msg)
                })?;
                if let Some(k) = header.classes.filter(|&k| label >= k) {
                    let msg = format!(
                        "label {label} is outside 0..{k}, the classes this reader was told to \
                         accept; the label was taken from {}",
                        header.label_why
                    );
                    return Err(parse_error(c.path, line, Some(i + 1), msg));
                }
                rows.labels.push(label);
            } else {
                let value = parse_feature::<F>(&text).ok_or_else(|| {
                    let msg = format!("`{text}` is not a finite {} number", F::NAME);
                    parse_error(c.path, line, Some(i + 1), msg)
                })?;
                rows.values.push(value);
            }
        }
    }
    Ok(rows)
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
