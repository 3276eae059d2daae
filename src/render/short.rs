//! The `short` format: exactly one line per finding,
//! `PATH:LINE:COL: SEVERITY[RULE-ID]: MESSAGE`, for editors' error formats
//! and grep. Files that could not be linted get one line at 1:1.

use std::borrow::Cow;
use std::io::{self, Write};

use super::RenderOptions;
use crate::report::{FileReport, Report};

/// Writes `report` one finding per line.
pub fn render(report: &Report, _opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.files {
        file(f, out)?;
    }
    Ok(())
}

/// Writes the lines of one file.
pub fn file(f: &FileReport, out: &mut dyn Write) -> io::Result<()> {
    if let Some(err) = &f.error {
        return writeln!(
            out,
            "{}:1:1: error[breachlint/{}]: {}",
            f.path,
            err.kind,
            one_line(&err.message)
        );
    }
    let Some(source) = &f.source else {
        return Ok(());
    };
    for d in &f.diagnostics {
        let at = source.line_col(d.primary.span.start);
        writeln!(
            out,
            "{}:{}:{}: {}[{}]: {}",
            f.path,
            at.line,
            at.column,
            d.severity,
            d.rule,
            one_line(&d.message)
        )?;
    }
    Ok(())
}

/// `s` with each run of whitespace made one space and none at either end.
/// Nearly every message is written so already and is borrowed as it is:
/// splitting and joining each took more time than formatting its line.
fn one_line(s: &str) -> Cow<'_, str> {
    if is_one_line(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// Whether `s` has no whitespace but single spaces between words.
fn is_one_line(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' => return false,
            // The lead bytes of every whitespace character outside ASCII
            // (U+0085, U+00A0, U+1680, U+2000 to U+205F, U+3000); most
            // characters they begin, such as curly quotes, are not spaces.
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                if s[i..].chars().next().is_some_and(char::is_whitespace) {
                    return false;
                }
                after_space = false;
            }
            _ => after_space = false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_borrows_only_what_splitting_and_joining_would_keep() {
        for s in [
            "",
            " ",
            "plain words",
            "two  spaces",
            " lead",
            "trail ",
            "tab\there",
            "line\nbreak",
            "carriage\r\nreturn",
            "no\u{a0}break",
            "next\u{85}line",
            "ogham\u{1680}space",
            "thin\u{2009}space",
            "line\u{2028}separator",
            "narrow\u{202f}space",
            "ideographic\u{3000}space",
            "we\u{2019}ll \u{201c}quote\u{201d} \u{2014} dash \u{e9}t\u{e9}",
            "\u{a9} \u{1e9e} \u{3042}",
        ] {
            let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
            let got = one_line(s);
            assert_eq!(got, joined, "{s:?}");
            assert_eq!(matches!(got, Cow::Borrowed(_)), s == joined, "{s:?}");
        }
    }
}
