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

/// Nesting deeper than this is not read (no stored formula comes near;
/// the bound keeps a damaged entry from exhausting the stack).
const MAX_DEPTH: usize = 200;

/// A pattern cut into atoms: the atoms in the order they were first met,
/// and the cut with its atoms numbered by that order.
pub(super) type LocalCut = (Vec<String>, Split);

/// Writes `cut` as [`read_cut`] reads it.
pub(super) fn write_cut((atoms, split): &LocalCut) -> Vec<u8> {
    let mut out = Vec::new();
    var(&mut out, atoms.len());
    for a in atoms {
        bytes(&mut out, a.as_bytes());
    }
    formula(&mut out, &split.formula);
    out.push(u8::from(split.exact));
    numbers(&mut out, split.lead.as_deref());
    out
}

/// A cut as [`write_cut`] wrote it, if the whole entry reads as one whose
/// atom numbers are all in range.
pub(super) fn read_cut(entry: &[u8]) -> Option<LocalCut> {
    let mut r = Reader {
        bytes: entry,
        at: 0,
    };
    let count = r.var()?;
    let atoms = (0..count)
        .map(|_| String::from_utf8(r.bytes()?.to_vec()).ok())
        .collect::<Option<Vec<String>>>()?;
    let formula = r.formula(count, 0)?;
    let exact = match r.u8()? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let lead = r.numbers(count)?;
    (r.at == entry.len()).then_some((
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
            var(&mut out, list.len());
            for l in list {
                bytes(&mut out, l);
            }
        }
    }
    out
}

/// Leading literals as [`write_literals`] wrote them, if the whole entry
/// reads.
pub(super) fn read_literals(entry: &[u8]) -> Option<Option<Vec<Vec<u8>>>> {
    let mut r = Reader {
        bytes: entry,
        at: 0,
    };
    let literals = match r.u8()? {
        0 => None,
        1 => {
            let count = r.var()?;
            Some(
                (0..count)
                    .map(|_| r.bytes().map(<[u8]>::to_vec))
                    .collect::<Option<Vec<Vec<u8>>>>()?,
            )
        }
        _ => return None,
    };
    (r.at == entry.len()).then_some(literals)
}

fn var(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n & 0x7F) as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn bytes(out: &mut Vec<u8>, b: &[u8]) {
    var(out, b.len());
    out.extend_from_slice(b);
}

fn numbers(out: &mut Vec<u8>, list: Option<&[usize]>) {
    match list {
        None => out.push(0),
        Some(list) => {
            out.push(1);
            var(out, list.len());
            list.iter().for_each(|&n| var(out, n));
        }
    }
}

fn formula(out: &mut Vec<u8>, f: &Formula) {
    match f {
        Formula::True => out.push(0),
        Formula::Atom(a) => {
            out.push(1);
            var(out, *a);
        }
        Formula::All(parts) | Formula::Any(parts) => {
            out.push(if matches!(f, Formula::All(_)) { 2 } else { 3 });
            var(out, parts.len());
            parts.iter().for_each(|p| formula(out, p));
        }
    }
}

/// A cursor over a stored entry; every read is checked.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn u8(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn var(&mut self) -> Option<usize> {
        let mut n: usize = 0;
        for shift in (0..usize::BITS).step_by(7) {
            let b = self.u8()?;
            n |= usize::from(b & 0x7F).checked_shl(shift)?;
            if b < 0x80 {
                // No count or number in an entry exceeds its own length.
                return (n <= self.bytes.len()).then_some(n);
            }
        }
        None
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let len = self.var()?;
        let b = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        Some(b)
    }

    /// A list of atom numbers below `atoms`, or `None` inside for none.
    fn numbers(&mut self, atoms: usize) -> Option<Option<Vec<usize>>> {
        match self.u8()? {
            0 => Some(None),
            1 => {
                let count = self.var()?;
                let list = (0..count)
                    .map(|_| self.var().filter(|&n| n < atoms))
                    .collect::<Option<Vec<usize>>>()?;
                Some(Some(list))
            }
            _ => None,
        }
    }

    fn formula(&mut self, atoms: usize, depth: usize) -> Option<Formula> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match self.u8()? {
            0 => Formula::True,
            1 => Formula::Atom(self.var().filter(|&n| n < atoms)?),
            tag @ (2 | 3) => {
                let count = self.var()?;
                let parts = (0..count)
                    .map(|_| self.formula(atoms, depth + 1))
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
