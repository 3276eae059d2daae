//! The mail merge's data source: a CSV file with a header row, one recipient
//! per record, and the values in it that identify one person.
//!
//! A value identifies its row when, normalised ([`super::normalize`]), it
//! appears in no other row and has at least [`MIN_CHARS`] letters and
//! digits, or when it is the row's full name. The key column identifies its
//! row whatever its length, and must be filled and unique. A value shared by
//! two rows (a city, a surname, a two-letter state) says nothing about
//! which of them a letter was meant for, and a short one ("Apt 4", a first
//! name) turns up in letters by chance.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::normalize::{normalize, word_chars};
use crate::error::{Error, SpannedError, did_you_mean};
use crate::source::SourceFile;
use crate::span::Span;

/// Fewest letters and digits in a value that identifies a row.
pub const MIN_CHARS: usize = 6;

/// Headers (normalised) of a column holding a whole name.
const FULL_NAME_HEADERS: &[&str] = &[
    "name",
    "full name",
    "fullname",
    "recipient",
    "recipient name",
    "member name",
    "patient name",
    "customer name",
];
/// Headers (normalised) of a column holding a given name.
const FIRST_NAME_HEADERS: &[&str] = &["first name", "firstname", "first", "given name"];
/// Headers (normalised) of a column holding a family name.
const LAST_NAME_HEADERS: &[&str] = &["last name", "lastname", "last", "surname", "family name"];

/// Which columns to read and how.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The column that identifies a recipient.
    pub key: String,
    /// Columns whose values identify a person; `None`: every column.
    pub fields: Option<Vec<String>>,
    /// Columns that together make the full name; `None`: found from the
    /// headers (`name`, or `first_name` and `last_name`).
    pub name: Option<Vec<String>>,
}

/// Where an identifying value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// A column, by index.
    Column(usize),
    /// The full name, made of the name columns.
    FullName,
}

/// One identifying value.
#[derive(Clone, Debug)]
pub struct Value {
    /// The row it identifies (0-based data record).
    pub row: u32,
    /// Its column.
    pub field: Field,
    /// Whether it is the row's key.
    pub is_key: bool,
    /// The value, normalised.
    pub text: String,
}

/// One recipient's place in the file.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    /// The record's first line, without its line break.
    pub span: Span,
    /// 1-based line of the record in the file.
    pub line: usize,
}

/// The recipients' list, read and indexed.
#[derive(Debug)]
pub struct Recipients {
    /// The file (for labels that point into it).
    pub source: Arc<SourceFile>,
    /// Header names as written.
    pub columns: Vec<String>,
    /// Index of the key column.
    pub key: usize,
    /// Name columns, if known.
    pub name: Vec<usize>,
    /// Every data record, in file order.
    pub rows: Vec<Row>,
    /// Every identifying value.
    pub values: Vec<Value>,
}

impl Recipients {
    /// Reads the CSV file at `path`.
    pub fn read(path: &Path, options: &Options) -> Result<Recipients, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Self::parse(SourceFile::from_vec(path, bytes), options)
    }

    /// Reads the CSV text of `source`.
    pub fn parse(source: SourceFile, options: &Options) -> Result<Recipients, Error> {
        let source = Arc::new(source);
        if let Some(at) = source.invalid_utf8_at {
            return Err(error_at(
                &source,
                Some(Span::point(at)),
                "the recipients' list is not valid UTF-8".into(),
            )
            .with_label("first invalid byte")
            .with_help("save the list as CSV UTF-8 (spreadsheets offer it under \"Save as\")")
            .into());
        }
        let base = source.content_start();
        let body = &source.text[base..];
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(body.as_bytes());
        let header = reader
            .headers()
            .map_err(|e| csv_error(&source, base, e))?
            .clone();
        let columns: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
        let header_span = Some(source.line_span(source.line_index(base)));
        if columns.iter().all(|c| c.is_empty()) {
            return Err(error_at(
                &source,
                header_span,
                "the recipients' list has no header row".into(),
            )
            .into());
        }
        let find = |name: &str, what: &str| find_column(&source, &columns, header_span, name, what);
        let key = find(&options.key, "--key")?;
        let fields: Vec<usize> = match &options.fields {
            None => (0..columns.len()).collect(),
            Some(f) => f
                .iter()
                .map(|c| find(c, "--fields names"))
                .collect::<Result<_, _>>()?,
        };
        let name: Vec<usize> = match &options.name {
            Some(n) => n
                .iter()
                .map(|c| find(c, "--name names"))
                .collect::<Result<_, _>>()?,
            None => name_columns(&columns),
        };
        let layout = Layout {
            columns: &columns,
            key,
            fields: &fields,
            name: &name,
        };
        let (rows, cells) = read_rows(&mut reader, &source, base, &layout)?;
        let values = identifying_values(cells);
        Ok(Recipients {
            source,
            columns,
            key,
            name,
            rows,
            values,
        })
    }

    /// The column's name for messages: the header, or the name columns
    /// joined for the full name.
    pub fn field_name(&self, field: Field) -> String {
        match field {
            Field::Column(c) => self.columns[c].clone(),
            Field::FullName if self.name.len() == 1 => self.columns[self.name[0]].clone(),
            Field::FullName => self
                .name
                .iter()
                .map(|&c| self.columns[c].as_str())
                .collect::<Vec<_>>()
                .join(" + "),
        }
    }

    /// The key column's name.
    pub fn key_name(&self) -> &str {
        &self.columns[self.key]
    }
}

/// An error at `span` of the recipients' list.
fn error_at(source: &SourceFile, span: Option<Span>, msg: String) -> SpannedError {
    SpannedError::new(&source.path, source.text.as_str(), span, msg)
}

/// The CSV reader's error `e`, pointed at its line (the body starts at
/// `base` of the source).
fn csv_error(source: &SourceFile, base: usize, e: csv::Error) -> Error {
    let (span, msg) = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            pos: Some(pos),
            expected_len,
            len,
        } => (
            Some(line_span(source, base + pos.byte() as usize)),
            format!("this record has {len} fields, the header has {expected_len}"),
        ),
        _ => (
            e.position()
                .map(|p| line_span(source, base + p.byte() as usize)),
            format!("the recipients' list is not valid CSV: {e}"),
        ),
    };
    error_at(source, span, msg).into()
}

/// The index of the column `name` (exact, else ignoring case), or an error
/// naming the option (`what`) that asked for it.
fn find_column(
    source: &SourceFile,
    columns: &[String],
    header_span: Option<Span>,
    name: &str,
    what: &str,
) -> Result<usize, Error> {
    let wanted = name.trim();
    columns
        .iter()
        .position(|c| c == wanted)
        .or_else(|| columns.iter().position(|c| c.eq_ignore_ascii_case(wanted)))
        .ok_or_else(|| {
            let mut e = error_at(
                source,
                header_span,
                format!("{what} `{wanted}` is not a column of the recipients' list"),
            )
            .with_label("the header row");
            if let Some(near) = did_you_mean(wanted, columns.iter().map(String::as_str)) {
                e = e.with_help(format!("did you mean `{near}`?"));
            }
            e.into()
        })
}

/// The columns chosen to read: headers, key, identifying and name columns.
struct Layout<'a> {
    columns: &'a [String],
    key: usize,
    fields: &'a [usize],
    name: &'a [usize],
}

/// A candidate identifying value: row, field, whether it is the key, and
/// the normalised text.
type Cell = (u32, Field, bool, String);

/// Every non-blank record's place in the file and its candidate values, or
/// the first record that breaks the CSV or has an empty or repeated key.
fn read_rows(
    reader: &mut csv::Reader<&[u8]>,
    source: &SourceFile,
    base: usize,
    layout: &Layout<'_>,
) -> Result<(Vec<Row>, Vec<Cell>), Error> {
    let mut rows = Vec::new();
    let mut cells: Vec<Cell> = Vec::new();
    let mut keys: HashMap<String, u32> = HashMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(source, base, e)),
        }
        let start = record.position().map_or(base, |p| base + p.byte() as usize);
        let line = source.line_index(start);
        let row = Row {
            span: Span::new(start, source.line_span(line).end.max(start)),
            line: line + 1,
        };
        let index = rows.len() as u32;
        // A blank line in a spreadsheet export is no recipient.
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let key_value = normalize(record.get(layout.key).unwrap_or(""));
        check_key(source, layout, &row, &key_value, &keys, &rows)?;
        keys.insert(key_value.clone(), index);
        cells.push((index, Field::Column(layout.key), true, key_value));
        push_cells(layout, &record, index, &mut cells);
        rows.push(row);
    }
    Ok((rows, cells))
}

/// An error when `row`'s key is empty or was already seen in `keys`.
fn check_key(
    source: &SourceFile,
    layout: &Layout<'_>,
    row: &Row,
    key_value: &str,
    keys: &HashMap<String, u32>,
    rows: &[Row],
) -> Result<(), Error> {
    let key_column = &layout.columns[layout.key];
    if key_value.is_empty() {
        return Err(error_at(
            source,
            Some(row.span),
            format!("this recipient has no `{key_column}`"),
        )
        .with_label("empty key")
        .with_help("every recipient needs a key to be matched with a letter")
        .into());
    }
    if let Some(&other) = keys.get(key_value) {
        let first: &Row = &rows[other as usize];
        return Err(error_at(
            source,
            Some(row.span),
            format!(
                "this recipient has the same `{}` as row {} (line {})",
                key_column,
                other + 1,
                first.line
            ),
        )
        .with_label("repeated key")
        .with_help(
            "a key must identify one recipient; remove the duplicate row or choose another --key",
        )
        .into());
    }
    Ok(())
}

/// Adds the record's non-key values and its full name to `cells`.
fn push_cells(layout: &Layout<'_>, record: &csv::StringRecord, index: u32, cells: &mut Vec<Cell>) {
    let name = layout.name;
    for &f in layout.fields {
        // A single name column is the full name, reported as such.
        if f == layout.key || (name.len() == 1 && name[0] == f) {
            continue;
        }
        let v = normalize(record.get(f).unwrap_or(""));
        if !v.is_empty() {
            cells.push((index, Field::Column(f), false, v));
        }
    }
    if !name.is_empty() {
        let full: Vec<&str> = name.iter().filter_map(|&c| record.get(c)).collect();
        let v = normalize(&full.join(" "));
        if !v.is_empty() {
            cells.push((index, Field::FullName, false, v));
        }
    }
}

/// The cells that identify their row: keys, and values found in no other
/// row that are full names or long enough.
fn identifying_values(cells: Vec<Cell>) -> Vec<Value> {
    // Which row each value is found in; `u32::MAX` once in two.
    let mut owner: HashMap<&str, u32> = HashMap::with_capacity(cells.len());
    for (row, _, _, v) in &cells {
        owner
            .entry(v.as_str())
            .and_modify(|o| {
                if *o != *row {
                    *o = u32::MAX
                }
            })
            .or_insert(*row);
    }
    let keep: Vec<bool> = cells
        .iter()
        .map(|(row, field, is_key, v)| {
            *is_key
                || (owner[v.as_str()] == *row
                    && (*field == Field::FullName || word_chars(v) >= MIN_CHARS))
        })
        .collect();
    drop(owner);
    cells
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|((row, field, is_key, text), _)| Value {
            row,
            field,
            is_key,
            text,
        })
        .collect()
}

/// The span of the line holding `offset`.
fn line_span(source: &SourceFile, offset: usize) -> Span {
    source.line_span(source.line_index(source.clamp(offset)))
}

/// The full-name columns the headers suggest: one name column, or a first
/// and a last name column.
fn name_columns(columns: &[String]) -> Vec<usize> {
    let norm: Vec<String> = columns.iter().map(|c| normalize(c)).collect();
    let find = |names: &[&str]| norm.iter().position(|c| names.contains(&c.as_str()));
    if let Some(c) = find(FULL_NAME_HEADERS) {
        return vec![c];
    }
    match (find(FIRST_NAME_HEADERS), find(LAST_NAME_HEADERS)) {
        (Some(f), Some(l)) => vec![f, l],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, key: &str) -> Result<Recipients, Error> {
        Recipients::parse(
            SourceFile::new("r.csv", text),
            &Options {
                key: key.into(),
                ..Options::default()
            },
        )
    }

    fn values(r: &Recipients) -> Vec<(u32, String, String)> {
        r.values
            .iter()
            .map(|v| (v.row, r.field_name(v.field), v.text.clone()))
            .collect()
    }

    #[test]
    fn short_shared_and_partial_values_do_not_identify() {
        let csv = "\u{feff}member_id,first_name,last_name,street,state\n\
                   M100,Jordan,Rivera,12 Elm Street,IL\n\
                   M200,Jordan,Okafor,\"9 Oak Avenue, Apt 4\",IL\n\
                   \n";
        let r = read(csv, "member_id").unwrap();
        assert_eq!(r.rows.len(), 2);
        assert_eq!(r.rows[1].line, 3);
        assert_eq!(
            values(&r),
            [
                (0, "member_id".into(), "m100".into()),
                (0, "last_name".into(), "rivera".into()),
                (0, "street".into(), "12 elm street".into()),
                (0, "first_name + last_name".into(), "jordan rivera".into()),
                (1, "member_id".into(), "m200".into()),
                (1, "last_name".into(), "okafor".into()),
                (1, "street".into(), "9 oak avenue apt 4".into()),
                (1, "first_name + last_name".into(), "jordan okafor".into()),
            ]
        );
    }

    #[test]
    fn repeated_or_empty_keys_and_unknown_columns_are_errors() {
        let e = read("id,name\nA1,Al Li\nA1,Bo Ma\n", "id").unwrap_err();
        let Error::Spanned(e) = e else { panic!() };
        assert_eq!(
            e.message,
            "this recipient has the same `id` as row 1 (line 2)"
        );
        assert_eq!(e.span, Some(Span::new(17, 25)));
        let Error::Spanned(e) = read("id,name\n,Al Li\n", "id").unwrap_err() else {
            panic!()
        };
        assert_eq!(e.message, "this recipient has no `id`");
        let Error::Spanned(e) = read("id,name\nA1,Al Li\n", "idd").unwrap_err() else {
            panic!()
        };
        assert_eq!(e.help.as_deref(), Some("did you mean `id`?"));
        let Error::Spanned(e) = read("id,name\nA1\n", "id").unwrap_err() else {
            panic!()
        };
        assert_eq!(e.message, "this record has 1 fields, the header has 2");
        assert_eq!(e.span, Some(Span::new(8, 10)));
    }
}
