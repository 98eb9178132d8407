//! Reading numeric CSV files into a [`Dataset`].

use std::path::{Path, PathBuf};

use ndarray::{Array1, Array2};

use super::Dataset;
use crate::error::{Error, Result};
use crate::float::Float;

/// Reads a numeric CSV file with a header row whose **last** column is the label.
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

/// How to read a CSV file: which column is the label, and the field delimiter.
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
    label_column: Option<String>,
    delimiter: u8,
}

impl Default for CsvOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl CsvOptions {
    /// The defaults: label in the last column, comma-separated.
    pub fn new() -> Self {
        Self {
            label_column: None,
            delimiter: b',',
        }
    }

    /// Takes the label from the column with this header name; the other columns, in file
    /// order, are the features. Defaults to the last column.
    pub fn label_column(mut self, name: impl Into<String>) -> Self {
        self.label_column = Some(name.into());
        self
    }

    /// The field delimiter. Defaults to `b','`.
    pub fn delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = delimiter;
        self
    }

    /// Reads the file at `path`.
    ///
    /// The format: a header row of column names, then one row per sample, every row with
    /// as many fields as the header. Feature cells are finite decimal numbers (surrounding
    /// spaces allowed); the label cell is a non-negative integer class id, written `1` or
    /// `1.0`. Blank lines are skipped.
    ///
    /// # Errors
    ///
    /// - [`Error::Io`] naming `path` if the file cannot be opened or read.
    /// - [`Error::Parse`] naming `path`, the 1-based line (the header is line 1) and, for a
    ///   bad cell, the 1-based column: an empty file, a header with no data rows or with
    ///   fewer than two columns, a repeated column name, a missing label column, a row with
    ///   the wrong number of fields, a feature that is not a finite number (`abc`, `nan`,
    ///   `inf`, or out of range for `F`), a label that is not a non-negative integer.
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
        let rows = read_rows::<F>(&mut rdr, &mut cursor, &header)?;
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
    fn read_header(&self, rdr: &mut ::csv::Reader<&[u8]>, c: &mut Cursor<'_>) -> Result<Header> {
        if !next_record(rdr, &mut c.record, c.path)? {
            let msg = "empty file: expected a header row".into();
            return Err(parse_error(c.path, 1, None, msg));
        }
        let line = c.lines.line_of(&c.record);
        let names = c
            .record
            .iter()
            .enumerate()
            .map(|(i, field)| cell_text(field, c.path, line, i))
            .collect::<Result<Vec<String>>>()?;
        if names.len() < 2 {
            let msg = format!(
                "the header has {} column(s); need at least one feature and the label",
                names.len()
            );
            return Err(parse_error(c.path, line, None, msg));
        }
        for (i, name) in names.iter().enumerate() {
            if names[..i].contains(name) {
                let msg = format!("repeated column name `{name}`");
                return Err(parse_error(c.path, line, Some(i + 1), msg));
            }
        }
        let label_col = match &self.label_column {
            None => names.len() - 1,
            Some(wanted) => names.iter().position(|n| n == wanted).ok_or_else(|| {
                let msg = format!("no column named `{wanted}` in the header");
                parse_error(c.path, line, None, msg)
            })?,
        };
        Ok(Header {
            names,
            label_col,
            line,
        })
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
    line: u64,
}

/// The data rows, read: features row by row, labels, and the last line seen.
struct Rows<F> {
    values: Vec<F>,
    labels: Vec<usize>,
    last_line: u64,
}

/// Reads every data row after the header, checking its width and cells.
fn read_rows<F: Float>(
    rdr: &mut ::csv::Reader<&[u8]>,
    c: &mut Cursor<'_>,
    header: &Header,
) -> Result<Rows<F>> {
    let n_fields = header.names.len();
    let mut rows = Rows {
        values: Vec::new(),
        labels: Vec::new(),
        last_line: header.line,
    };
    while next_record(rdr, &mut c.record, c.path)? {
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
                    let msg = format!("label `{text}` is not a non-negative integer");
                    parse_error(c.path, line, Some(i + 1), msg)
                })?;
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

/// An [`Error::Parse`] at `line` (1-based) and `column`.
fn parse_error(path: &Path, line: u64, column: Option<usize>, message: String) -> Error {
    Error::Parse {
        path: path.to_path_buf(),
        line: usize::try_from(line).ok(),
        column,
        message,
    }
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

/// Finds the 1-based line on which each record starts, scanning the input once.
struct LineCounter<'a> {
    bytes: &'a [u8],
    scanned: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            scanned: 0,
            line: 1,
        }
    }

    /// The line of the record's first byte. The record's byte position is where the parser
    /// began (before any blank lines it skipped), so skip line ends from there.
    fn line_of(&mut self, record: &::csv::ByteRecord) -> u64 {
        let from = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(self.scanned)
            .max(self.scanned);
        let rest = self.bytes.get(from..).unwrap_or_default();
        let start = from
            + rest
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .count();
        let newlines = self.bytes.get(self.scanned..start).unwrap_or_default();
        self.line += newlines.iter().filter(|&&b| b == b'\n').count() as u64;
        self.scanned = start;
        self.line
    }
}

/// The field as UTF-8 text, or a parse error at 0-based field `index`.
fn cell_text(field: &[u8], path: &Path, line: u64, index: usize) -> Result<String> {
    std::str::from_utf8(field)
        .map(str::to_owned)
        .map_err(|_| Error::Parse {
            path: path.to_path_buf(),
            line: usize::try_from(line).ok(),
            column: Some(index + 1),
            message: format!("`{}` is not valid UTF-8", String::from_utf8_lossy(field)),
        })
}

/// A finite value of `F`, or `None` (not a number, NaN, infinite, or overflowing `F`).
fn parse_feature<F: Float>(text: &str) -> Option<F> {
    let x: f64 = text.trim().parse().ok()?;
    let v = F::from_f64_lossy(x);
    v.is_finite().then_some(v)
}

/// A class id written as a non-negative integer (`3`, `3.0`), or `None`.
fn parse_label(text: &str) -> Option<usize> {
    let t = text.trim();
    if let Ok(v) = t.parse::<usize>() {
        return Some(v);
    }
    let x: f64 = t.parse().ok()?;
    // Integral, non-negative and exactly representable (below 2^53).
    if x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x < 9_007_199_254_740_992.0 {
        usize::try_from(x as u64).ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
