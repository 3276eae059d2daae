//! The stored form of what the engine derives from a pattern.
//!
//! Cutting a rule pattern into atoms ([`super::prefilter`]) and finding
//! the literals an atom begins with ([`super::literals`]) parse the
//! pattern, and for the built-in rule sets gave the same answer at every
//! start: about a sixth of a lone notice's instructions, on the thread the
//! notice's lint waits for. Both answers are stored with the crate's
//! parsed patterns (see [`crate::pattern::derived`]) in the forms below
//! and read back here. Reading never panics: an entry that does not read
//! whole is made afresh.

use super::prefilter::{Formula, Split};
use crate::varint::{self, Reader};

/// Nesting deeper than this is not read (no stored formula comes near;
/// the bound keeps a damaged entry from exhausting the stack).
const MAX_DEPTH: usize = 200;

/// A pattern cut into atoms: the atoms in the order they were first met,
/// and the cut with its atoms numbered by that order.
pub(super) type LocalCut = (Vec<String>, Split);

/// Writes `cut` as [`read_cut`] reads it.
pub(super) fn write_cut((atoms, split): &LocalCut) -> Vec<u8> {
    let mut out = Vec::new();
    varint::write(&mut out, atoms.len());
    for a in atoms {
        varint::write_bytes(&mut out, a.as_bytes());
    }
    formula(&mut out, &split.formula);
    out.push(u8::from(split.exact));
    numbers(&mut out, split.lead.as_deref());
    out
}

/// A cut as [`write_cut`] wrote it, if the whole entry reads as one whose
/// atom numbers are all in range.
pub(super) fn read_cut(entry: &[u8]) -> Option<LocalCut> {
    let mut r = Reader::new(entry);
    let count = r.count()?;
    let atoms = (0..count)
        .map(|_| String::from_utf8(r.bytes()?.to_vec()).ok())
        .collect::<Option<Vec<String>>>()?;
    let formula = read_formula(&mut r, count, 0)?;
    let exact = match r.u8()? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let lead = read_numbers(&mut r, count)?;
    r.is_done().then_some((
        atoms,
        Split {
            formula,
            exact,
            lead,
        },
    ))
}

/// Writes an atom's leading literals as [`read_literals`] reads them.
pub(super) fn write_literals(literals: &Option<Vec<Vec<u8>>>) -> Vec<u8> {
    let mut out = Vec::new();
    match literals {
        None => out.push(0),
        Some(list) => {
            out.push(1);
            varint::write(&mut out, list.len());
            for l in list {
                varint::write_bytes(&mut out, l);
            }
        }
    }
    out
}

/// Leading literals as [`write_literals`] wrote them, if the whole entry
/// reads.
pub(super) fn read_literals(entry: &[u8]) -> Option<Option<Vec<Vec<u8>>>> {
    let mut r = Reader::new(entry);
    let literals = match r.u8()? {
        0 => None,
        1 => {
            let count = r.count()?;
            Some(
                (0..count)
                    .map(|_| r.bytes().map(<[u8]>::to_vec))
                    .collect::<Option<Vec<Vec<u8>>>>()?,
            )
        }
        _ => return None,
    };
    r.is_done().then_some(literals)
}

fn numbers(out: &mut Vec<u8>, list: Option<&[usize]>) {
    match list {
        None => out.push(0),
        Some(list) => {
            out.push(1);
            varint::write(out, list.len());
            list.iter().for_each(|&n| varint::write(out, n));
        }
    }
}

fn formula(out: &mut Vec<u8>, f: &Formula) {
    match f {
        Formula::True => out.push(0),
        Formula::Atom(a) => {
            out.push(1);
            varint::write(out, *a);
        }
        Formula::All(parts) | Formula::Any(parts) => {
            out.push(if matches!(f, Formula::All(_)) { 2 } else { 3 });
            varint::write(out, parts.len());
            parts.iter().for_each(|p| formula(out, p));
        }
    }
}

/// A list of atom numbers below `atoms`, or `None` inside for none.
fn read_numbers(r: &mut Reader<'_>, atoms: usize) -> Option<Option<Vec<usize>>> {
    match r.u8()? {
        0 => Some(None),
        1 => {
            let count = r.count()?;
            let list = (0..count)
                .map(|_| r.var().filter(|&n| n < atoms))
                .collect::<Option<Vec<usize>>>()?;
            Some(Some(list))
        }
        _ => None,
    }
}

fn read_formula(r: &mut Reader<'_>, atoms: usize, depth: usize) -> Option<Formula> {
    if depth > MAX_DEPTH {
        return None;
    }
    Some(match r.u8()? {
        0 => Formula::True,
        1 => Formula::Atom(r.var().filter(|&n| n < atoms)?),
        tag @ (2 | 3) => {
            let count = r.count()?;
            let parts = (0..count)
                .map(|_| read_formula(r, atoms, depth + 1))
                .collect::<Option<Vec<Formula>>>()?;
            if tag == 2 {
                Formula::All(parts)
            } else {
                Formula::Any(parts)
            }
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cuts() -> Vec<LocalCut> {
        let patterns = [
            r"(?i)\bbreach\b",
            r"(?i)notice(?:[^.?!])*?breach|(?:a|b)[^.]{0,200}c",
            r"(?i)(?:x|y)?z[^.?!]*(?-i:W)",
            r"[^a]*",
        ];
        patterns
            .iter()
            .map(|p| super::super::prefilter::cut_alone(p))
            .collect()
    }

    #[test]
    fn cuts_and_literals_read_back_as_written() {
        for cut in cuts() {
            assert_eq!(read_cut(&write_cut(&cut)), Some(cut.clone()));
        }
        let lists = [
            None,
            Some(vec![]),
            Some(vec![
                b"breach".to_vec(),
                vec![0xC3, 0xA9, b'x'],
                vec![b'a'; 300],
            ]),
        ];
        for literals in lists {
            assert_eq!(read_literals(&write_literals(&literals)), Some(literals));
        }
    }

    /// Cut short anywhere, or any byte changed, an entry reads as something
    /// or nothing, never a panic nor an atom number out of range.
    #[test]
    fn a_damaged_entry_is_never_trusted() {
        for cut in cuts() {
            let entry = write_cut(&cut);
            let check = |e: &[u8]| {
                if let Some((atoms, split)) = read_cut(e) {
                    let mut seen = Vec::new();
                    collect(&split.formula, &mut seen);
                    seen.extend(split.lead.into_iter().flatten());
                    assert!(seen.iter().all(|&a| a < atoms.len()));
                }
            };
            for n in 0..entry.len() {
                assert_eq!(read_cut(&entry[..n]), None);
            }
            for i in 0..entry.len() {
                for b in [0u8, 1, 2, 3, 4, 0x7F, 0x80, 0xFF] {
                    let mut damaged = entry.clone();
                    damaged[i] = b;
                    check(&damaged);
                }
            }
        }
        let entry = write_literals(&Some(vec![b"tty".to_vec()]));
        for n in 0..entry.len() {
            assert_eq!(read_literals(&entry[..n]), None);
        }
        assert_eq!(read_literals(&[2]), None);
        assert_eq!(read_literals(&[0, 0]), None);
    }

    fn collect(f: &Formula, out: &mut Vec<usize>) {
        match f {
            Formula::True => {}
            Formula::Atom(a) => out.push(*a),
            Formula::All(v) | Formula::Any(v) => v.iter().for_each(|p| collect(p, out)),
        }
    }
}
