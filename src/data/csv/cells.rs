//! The cells of a CSV file: line numbers, text, features and labels.

use std::path::Path;

use crate::error::{Error, Result};
use crate::float::Float;

/// Finds the 1-based line on which each record starts, scanning the input once.
pub(super) struct LineCounter<'a> {
    bytes: &'a [u8],
    scanned: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            scanned: 0,
            line: 1,
        }
    }

    /// The line of the record's first byte. The record's byte position is where the parser
    /// began (before any blank lines it skipped), so skip line ends from there.
    pub(super) fn line_of(&mut self, record: &::csv::ByteRecord) -> u64 {
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
pub(super) fn cell_text(field: &[u8], path: &Path, line: u64, index: usize) -> Result<String> {
    std::str::from_utf8(field).map(str::to_owned).map_err(|_| {
        let message = format!("`{}` is not valid UTF-8", String::from_utf8_lossy(field));
        parse_error(path, line, Some(index + 1), message)
    })
}

/// A finite value of `F`, or `None` (not a number, NaN, infinite, or overflowing `F`).
pub(super) fn parse_feature<F: Float>(text: &str) -> Option<F> {
    let x: f64 = text.trim().parse().ok()?;
    let v = F::from_f64_lossy(x);
    v.is_finite().then_some(v)
}

/// A class id written as a non-negative integer (`3`, `3.0`), or `None`.
pub(super) fn parse_label(text: &str) -> Option<usize> {
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

/// An [`Error::Parse`] at `line` (1-based) and `column`.
pub(super) fn parse_error(path: &Path, line: u64, column: Option<usize>, message: String) -> Error {
    Error::Parse {
        path: path.to_path_buf(),
        line: usize::try_from(line).ok(),
        column,
        message,
    }
}
