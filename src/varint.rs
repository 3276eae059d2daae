//! The byte format of the engine's stored cuts and literals and of the
//! built-in rule sets' stored trees:
//! numbers in 7-bit groups, low first, the high bit of each byte saying
//! another follows (LEB128: most numbers stored are below 128), and a
//! cursor that reads them back with every read checked, so a damaged file
//! gives `None`, never a panic. Also compiled into `build.rs`, which
//! writes the rule-set trees. `pattern/prebuilt.rs` keeps its own reader
//! of the same numbers as `u32`s: it reads hundreds of thousands of them
//! at every start, and through this one it ran 2 % more instructions.

/// Appends `n` in 7-bit groups, as [`Reader::var`] reads it.
pub fn write(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n & 0x7F) as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Appends `b` after its length, as [`Reader::bytes`] reads it.
pub fn write_bytes(out: &mut Vec<u8>, b: &[u8]) {
    write(out, b.len());
    out.extend_from_slice(b);
}

/// A cursor over stored bytes; every read checks its bounds.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// A cursor at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    /// Where the cursor is, from the start.
    pub fn at(&self) -> usize {
        self.at
    }

    /// Whether every byte has been read.
    pub fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let out = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(out)
    }

    /// The next byte.
    pub fn u8(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    /// A number as [`write`] writes it.
    pub fn var(&mut self) -> Option<usize> {
        let mut n: usize = 0;
        for shift in (0..usize::BITS).step_by(7) {
            let b = self.u8()?;
            n |= usize::from(b & 0x7F).checked_shl(shift)?;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    /// A count or index that cannot exceed the length of what is read: a
    /// damaged one would otherwise ask for a huge allocation.
    pub fn count(&mut self) -> Option<usize> {
        self.var().filter(|&n| n <= self.bytes.len())
    }

    /// Bytes as [`write_bytes`] writes them.
    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let len = self.var()?;
        self.take(len)
    }

    /// A string as [`write_bytes`] writes its UTF-8.
    pub fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_bytes_read_back_as_written() {
        let numbers = [
            0,
            1,
            0x7F,
            0x80,
            0x3FFF,
            0x4000,
            u32::MAX as usize,
            usize::MAX,
        ];
        let mut out = Vec::new();
        for &n in &numbers {
            write(&mut out, n);
        }
        write_bytes(&mut out, "décès".as_bytes());
        let mut r = Reader::new(&out);
        for &n in &numbers {
            assert_eq!(r.var(), Some(n));
        }
        assert_eq!(r.str(), Some("décès"));
        assert!(r.is_done());
        assert_eq!(r.u8(), None);
    }

    #[test]
    fn short_overlong_and_oversized_numbers_are_refused() {
        assert_eq!(Reader::new(&[0x80]).var(), None);
        assert_eq!(Reader::new(&[0xFF; 11]).var(), None);
        assert_eq!(Reader::new(&[5]).count(), None);
        assert_eq!(Reader::new(&[1]).count(), Some(1));
        assert_eq!(Reader::new(&[3, b'a']).bytes(), None);
        assert_eq!(Reader::new(&[1, 0xFF]).str(), None);
    }
}
