//! Writes the stored rule-set trees that `super` reads. Compiled twice: into
//! `build.rs`, which stores the built-in sets, and into the crate, whose
//! tests write small files with it; both have [`crate::varint`].
//!
//! Format (numbers as [`crate::varint`] writes them): the magic `BLRS1`,
//! the number of sets, then per set its name and the length of its tree,
//! then the trees.
//! A value is a tag, its span's start and end, then: a string's bytes
//! (length first); nothing for `true` and `false`; an integer's, float's or
//! date's source text (length first), parsed again when read; an array's
//! length and values; a table's length and, per entry, the key's span, the
//! key and the value.

// The crate reads the constants and only its tests write.
#![allow(dead_code)]

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::varint::{write as var, write_bytes as bytes};

/// The first bytes of a stored file, naming its format.
pub const MAGIC: &[u8] = b"BLRS1";
/// A string value.
pub const TAG_STRING: u8 = 0;
/// `false`.
pub const TAG_FALSE: u8 = 1;
/// `true`.
pub const TAG_TRUE: u8 = 2;
/// An integer, float or date, kept as its source text.
pub const TAG_SCALAR: u8 = 3;
/// An array.
pub const TAG_ARRAY: u8 = 4;
/// A table.
pub const TAG_TABLE: u8 = 5;

/// The stored file of `sets` (name, TOML text); a set whose text does not
/// parse is left out, to be parsed (and its error reported) when loaded.
pub fn sets(sets: &[(&str, &str)]) -> Vec<u8> {
    let mut trees: Vec<(&str, Vec<u8>)> = Vec::new();
    for (name, text) in sets {
        let Ok(root) = DeTable::parse(text) else {
            continue;
        };
        let mut tree = Vec::new();
        table(&mut tree, text, root.span(), root.get_ref());
        trees.push((name, tree));
    }
    let mut out = MAGIC.to_vec();
    var(&mut out, trees.len());
    for (name, tree) in &trees {
        bytes(&mut out, name.as_bytes());
        var(&mut out, tree.len());
    }
    for (_, tree) in &trees {
        out.extend_from_slice(tree);
    }
    out
}

fn head(out: &mut Vec<u8>, tag: u8, span: &Range<usize>) {
    out.push(tag);
    var(out, span.start);
    var(out, span.end);
}

fn table(out: &mut Vec<u8>, text: &str, span: Range<usize>, t: &DeTable<'_>) {
    head(out, TAG_TABLE, &span);
    var(out, t.len());
    for (key, item) in t.iter() {
        var(out, key.span().start);
        var(out, key.span().end);
        bytes(out, key.get_ref().as_bytes());
        value(out, text, item.span(), item.get_ref());
    }
}

fn value(out: &mut Vec<u8>, text: &str, span: Range<usize>, v: &DeValue<'_>) {
    match v {
        DeValue::String(s) => {
            head(out, TAG_STRING, &span);
            bytes(out, s.as_bytes());
        }
        DeValue::Boolean(b) => head(out, if *b { TAG_TRUE } else { TAG_FALSE }, &span),
        DeValue::Integer(_) | DeValue::Float(_) | DeValue::Datetime(_) => {
            head(out, TAG_SCALAR, &span);
            bytes(out, text[span].as_bytes());
        }
        DeValue::Array(items) => {
            head(out, TAG_ARRAY, &span);
            var(out, items.len());
            for item in items.iter() {
                value(out, text, item.span(), item.get_ref());
            }
        }
        DeValue::Table(t) => table(out, text, span, t),
    }
}
