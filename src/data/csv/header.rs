//! The header row of a CSV file: the column names, and which columns hold the targets.

use std::path::Path;

use super::cells::{cell_text, parse_error, parse_feature};
use super::{CsvOptions, Cursor, Label, LABEL_NAMES};
use crate::error::Result;

/// What the header said.
pub(super) struct Header {
    pub names: Vec<String>,
    /// The 0-based columns of the targets, in the order the targets are stored.
    pub targets: Vec<usize>,
    /// Why those columns, for error messages.
    pub why: String,
    /// The line before the first data row.
    pub line: u64,
}

impl Header {
    /// Reads the header row: column names, all distinct, at least two, and where the targets
    /// are. Without a header, the first row's width, with generated names (the row stays in
    /// `c.record`, to be read as data).
    pub fn read(
        options: &CsvOptions,
        rdr: &mut ::csv::Reader<&[u8]>,
        c: &mut Cursor<'_>,
    ) -> Result<Header> {
        if !super::next_record(rdr, &mut c.record, c.path)? {
            let msg = "empty file: expected a header row".into();
            return Err(parse_error(c.path, 1, None, msg));
        }
        let line = c.lines.line_of(&c.record);
        let names = match options.header {
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
        if options.header && names.iter().all(|n| parse_feature::<f64>(n).is_some()) {
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
        let (targets, why) = find_targets(&options.label, &names, c.path, line)?;
        if targets.len() >= names.len() {
            let msg = format!(
                "all {} columns are targets: no feature is left",
                names.len()
            );
            return Err(parse_error(c.path, line, None, msg));
        }
        Ok(Header {
            names,
            targets,
            why,
            line: if options.header { line } else { line - 1 },
        })
    }

    /// The names of the columns that are not targets, in file order.
    pub fn feature_names(&self) -> Vec<String> {
        self.names
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.targets.contains(i))
            .map(|(_, n)| n.clone())
            .collect()
    }
}

/// The targets' 0-based columns and why they were chosen.
fn find_targets(
    label: &Label,
    names: &[String],
    path: &Path,
    line: u64,
) -> Result<(Vec<usize>, String)> {
    let named = |wanted: &str| {
        names.iter().position(|n| n == wanted).ok_or_else(|| {
            let msg = format!("no column named `{wanted}` in the header");
            parse_error(path, line, None, msg)
        })
    };
    let last = names.len() - 1;
    match label {
        Label::Name(wanted) => Ok((vec![named(wanted)?], format!("the column named `{wanted}`"))),
        Label::Names(wanted) => {
            let columns = wanted
                .iter()
                .map(|w| named(w))
                .collect::<Result<Vec<usize>>>()?;
            Ok((columns, format!("the columns named {wanted:?}")))
        }
        Label::Index(i) if *i <= last => Ok((vec![*i], format!("column {} as asked", i + 1))),
        Label::Index(i) => {
            let msg = format!(
                "label column index {i} (0-based), but the rows have {} fields",
                names.len()
            );
            Err(parse_error(path, line, None, msg))
        }
        Label::Guess => Ok(guess(names)),
    }
}

/// The one column named like a label (any case), else the last.
fn guess(names: &[String]) -> (Vec<usize>, String) {
    let like_a_label = |n: &String| LABEL_NAMES.iter().any(|l| n.trim().eq_ignore_ascii_case(l));
    let named: Vec<usize> = (0..names.len())
        .filter(|&i| names.get(i).is_some_and(like_a_label))
        .collect();
    match named[..] {
        [i] => (
            vec![i],
            format!("the column named `{}`", names.get(i).map_or("", |n| n)),
        ),
        _ => (
            vec![names.len() - 1],
            format!(
                "the last column, `{}`, since no single column is named label, target, class \
                 or y",
                names.last().map_or("", |n| n)
            ),
        ),
    }
}
