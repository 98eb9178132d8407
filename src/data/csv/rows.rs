//! The data rows of a CSV file: feature cells become numbers, target cells go to a sink that
//! knows what a target is (a class id, or a real value).

use std::marker::PhantomData;

use ndarray::{Array1, Array2};

use super::cells::{cell_text, parse_error, parse_feature, parse_label};
use super::header::Header;
use super::Cursor;
use crate::error::{Error, Result};
use crate::float::Float;

/// Where the target cells go, and what they must be.
pub(super) trait TargetCells {
    /// The targets of the whole file.
    type Targets;

    /// Takes one target cell; `why` says how its column was chosen. `Err` is the message.
    fn push(&mut self, text: &str, why: &str) -> std::result::Result<(), String>;

    /// The targets of `rows` rows of `outputs` target columns each.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) if fewer or more cells came.
    fn finish(self, rows: usize, outputs: usize) -> Result<Self::Targets>;
}

/// Class ids: non-negative integers, optionally below a class count.
pub(super) struct ClassIds {
    pub classes: Option<usize>,
    pub labels: Vec<usize>,
}

impl TargetCells for ClassIds {
    type Targets = Array1<usize>;

    fn push(&mut self, text: &str, why: &str) -> std::result::Result<(), String> {
        let label = parse_label(text).ok_or_else(|| {
            format!(
                "label `{text}` is not a non-negative integer class id; the label was taken \
                 from {why}. Name the label column with CsvOptions::label_column or \
                 label_index (the examples: --label)"
            )
        })?;
        if let Some(k) = self.classes.filter(|&k| label >= k) {
            return Err(format!(
                "label {label} is outside 0..{k}, the classes this reader was told to accept; \
                 the label was taken from {why}"
            ));
        }
        self.labels.push(label);
        Ok(())
    }

    fn finish(self, _rows: usize, _outputs: usize) -> Result<Array1<usize>> {
        Ok(Array1::from(self.labels))
    }
}

/// Real values, finite in `F`.
pub(super) struct RealValues<F> {
    pub values: Vec<F>,
    pub float: PhantomData<F>,
}

impl<F: Float> TargetCells for RealValues<F> {
    type Targets = Array2<F>;

    fn push(&mut self, text: &str, why: &str) -> std::result::Result<(), String> {
        let value = parse_feature::<F>(text).ok_or_else(|| {
            format!(
                "target `{text}` is not a finite {} number; the target was taken from {why}. \
                 Name the target column with CsvOptions::label_column, label_index or \
                 target_columns (the examples: --label)",
                F::NAME
            )
        })?;
        self.values.push(value);
        Ok(())
    }

    fn finish(self, rows: usize, outputs: usize) -> Result<Array2<F>> {
        let cells = self.values.len();
        Array2::from_shape_vec((rows, outputs), self.values).map_err(|_| Error::ShapeMismatch {
            context: "CSV target cells",
            expected: format!("{rows} rows of {outputs}"),
            actual: format!("{cells} cells"),
        })
    }
}

/// The data rows, read: features row by row, and the last line seen.
pub(super) struct Rows<F> {
    pub values: Vec<F>,
    pub count: usize,
    pub last_line: u64,
}

/// Reads every data row after the header (and the row in `c.record` first if
/// `first_is_data`), checking its width and cells; target cells go to `targets`.
pub(super) fn read_rows<F: Float, T: TargetCells>(
    rdr: &mut ::csv::Reader<&[u8]>,
    c: &mut Cursor<'_>,
    header: &Header,
    mut first_is_data: bool,
    targets: &mut T,
) -> Result<Rows<F>> {
    let n_fields = header.names.len();
    let mut rows = Rows {
        values: Vec::new(),
        count: 0,
        last_line: header.line,
    };
    // Each target cell's place among the targets, by column (`None` for a feature).
    let slots: Vec<Option<usize>> = (0..n_fields)
        .map(|i| header.targets.iter().position(|&t| t == i))
        .collect();
    let mut row_targets: Vec<Option<String>> = vec![None; header.targets.len()];
    while std::mem::take(&mut first_is_data) || super::next_record(rdr, &mut c.record, c.path)? {
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
        for ((i, field), slot) in c.record.iter().enumerate().zip(&slots) {
            let text = cell_text(field, c.path, line, i)?;
            match slot.and_then(|k| row_targets.get_mut(k)) {
                Some(cell) => *cell = Some(text),
                None => {
                    let value = parse_feature::<F>(&text).ok_or_else(|| {
                        let msg = format!("`{text}` is not a finite {} number", F::NAME);
                        parse_error(c.path, line, Some(i + 1), msg)
                    })?;
                    rows.values.push(value);
                }
            }
        }
        // In target order (which may differ from file order), each at its own column.
        for (cell, &column) in row_targets.iter_mut().zip(&header.targets) {
            let text = cell.take().unwrap_or_default();
            targets
                .push(&text, &header.why)
                .map_err(|msg| parse_error(c.path, line, Some(column + 1), msg))?;
        }
        rows.count += 1;
    }
    Ok(rows)
}
