//! The built-in rule sets' TOML value trees, parsed when breachlint is built
//! (`build.rs`, with the writer in [`write`], which documents the format).
//!
//! Lexing the four default rule sets' 180 KB of TOML took about 12 million
//! instructions on the main thread at every start, before any notice could
//! be linted. The stored trees are TOML's own values with their spans,
//! borrowing their strings from the binary, and the `toml` crate
//! deserialises the rule-set model from them as from a parse: the same
//! spans, defaults and errors. A tree that does not read back (it never
//! should) is treated as absent and the text is parsed instead.

use std::borrow::Cow;
use std::ops::Range;

use serde_spanned::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use crate::varint::Reader;

static STORED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin-rules.bin"));

mod write;

use write::{MAGIC, TAG_ARRAY, TAG_FALSE, TAG_SCALAR, TAG_STRING, TAG_TABLE, TAG_TRUE};

/// Deeper than any rule set nests; a damaged file cannot recurse further.
const MAX_DEPTH: usize = 32;

/// The value tree of built-in rule set `name` as parsed at build time, if
/// it was stored and reads back whole.
pub(crate) fn tree(name: &str) -> Option<Spanned<DeTable<'static>>> {
    tree_in(STORED, name)
}

/// The tree of rule set `name` in the stored file `file`.
fn tree_in<'a>(file: &'a [u8], name: &str) -> Option<Spanned<DeTable<'a>>> {
    let mut r = Reader::new(file);
    if r.take(MAGIC.len())? != MAGIC {
        return None;
    }
    let count = r.count()?;
    let mut offset = 0usize;
    let mut found = None;
    for _ in 0..count {
        let set = r.str()?;
        let len = r.count()?;
        if set == name && found.is_none() {
            found = Some(offset..offset.checked_add(len)?);
        }
        offset = offset.checked_add(len)?;
    }
    let found = found?;
    let trees = r.at();
    let mut r =
        Reader::new(file.get(trees.checked_add(found.start)?..trees.checked_add(found.end)?)?);
    let (span, value) = read_value(&mut r, 0)?;
    match value {
        DeValue::Table(table) if r.is_done() => Some(Spanned::new(span, table)),
        _ => None,
    }
}

fn read_value<'a>(r: &mut Reader<'a>, depth: usize) -> Option<(Range<usize>, DeValue<'a>)> {
    if depth > MAX_DEPTH {
        return None;
    }
    let tag = r.u8()?;
    let span = read_span(r)?;
    let value = match tag {
        TAG_STRING => DeValue::String(Cow::Borrowed(r.str()?)),
        TAG_FALSE => DeValue::Boolean(false),
        TAG_TRUE => DeValue::Boolean(true),
        TAG_SCALAR => match DeValue::parse(r.str()?).ok()?.into_inner() {
            v @ (DeValue::Integer(_) | DeValue::Float(_) | DeValue::Datetime(_)) => v,
            _ => return None,
        },
        TAG_ARRAY => {
            let mut array = DeArray::new();
            for _ in 0..r.count()? {
                let (span, value) = read_value(r, depth + 1)?;
                array.push(Spanned::new(span, value));
            }
            DeValue::Array(array)
        }
        TAG_TABLE => {
            let mut table = DeTable::new();
            for _ in 0..r.count()? {
                let key_span = read_span(r)?;
                let key = r.str()?;
                let (span, value) = read_value(r, depth + 1)?;
                let key = Spanned::new(key_span, Cow::Borrowed(key));
                if table.insert(key, Spanned::new(span, value)).is_some() {
                    return None;
                }
            }
            DeValue::Table(table)
        }
        _ => return None,
    };
    Some((span, value))
}

/// A span as the writer stores it: start, then end.
fn read_span(r: &mut Reader<'_>) -> Option<Range<usize>> {
    let start = r.var()?;
    let end = r.var()?;
    (start <= end).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::builtin::BUILTIN;

    /// Every built-in set is stored, and its tree is the one a parse of its
    /// text gives: same keys, values and spans.
    #[test]
    fn every_builtin_set_is_stored_as_its_text_parses() {
        for (name, text) in BUILTIN {
            let stored = tree(name).unwrap_or_else(|| panic!("{name} is not stored"));
            let parsed = DeTable::parse(text).unwrap();
            assert_eq!(stored.span(), parsed.span(), "{name}");
            assert_eq!(
                format!("{:?}", stored.get_ref()),
                format!("{:?}", parsed.get_ref()),
                "{name}"
            );
        }
    }

    #[test]
    fn an_unknown_set_is_not_stored() {
        assert!(tree("no-such-set").is_none());
    }

    /// A damaged file is never trusted and never panics: every cut-short
    /// file and every one-byte change of a small one.
    #[test]
    fn a_damaged_file_is_never_trusted() {
        let whole = write::sets(&[("s", "[t]\na = 'x'\nb = [1, 2.5, true]\nc = 2024-01-31\n")]);
        assert!(tree_in(&whole, "s").is_some());
        for len in 0..whole.len() {
            assert!(tree_in(&whole[..len], "s").is_none(), "cut at {len}");
        }
        for i in 0..whole.len() {
            for b in [0u8, 1, 0x7f, 0x80, 0xff] {
                let mut damaged = whole.clone();
                damaged[i] = b;
                let _ = tree_in(&damaged, "s");
            }
        }
    }

    #[test]
    fn a_tree_nested_too_deep_is_refused() {
        // A table holding arrays in arrays, one level past the limit.
        let mut tree = vec![TAG_TABLE, 0, 0, 1, 0, 0, 1, b'k'];
        for _ in 0..=MAX_DEPTH {
            tree.extend_from_slice(&[TAG_ARRAY, 0, 0, 1]);
        }
        tree.extend_from_slice(&[TAG_TRUE, 0, 0]);
        let mut file = MAGIC.to_vec();
        file.extend_from_slice(&[1, 1, b's']);
        crate::varint::write(&mut file, tree.len());
        file.extend_from_slice(&tree);
        assert!(tree_in(&file, "s").is_none());
    }
}
