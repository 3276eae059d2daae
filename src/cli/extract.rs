//! `breachlint extract`: what breachlint reads out of a notice (dates with
//! their roles, counts, phone numbers, addresses, data types), so users can
//! see why a rule fired.

use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;

use super::EXIT_OK;
use crate::document::{DocFormat, Document};
use crate::error::Error;
use crate::extract::{Extracted, extract_document};
use crate::span::Span;

#[derive(Serialize)]
struct DateOut {
    date: String,
    role: &'static str,
    approximate: bool,
    line: usize,
    column: usize,
    text: String,
}

#[derive(Serialize)]
struct CountOut {
    value: u64,
    approximate: bool,
    qualifier: Option<String>,
    noun: String,
    line: usize,
    column: usize,
    text: String,
}

#[derive(Serialize)]
struct PhoneOut {
    number: String,
    toll_free: bool,
    tty: bool,
    line: usize,
    column: usize,
    text: String,
}

#[derive(Serialize)]
struct ValueOut {
    value: String,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct DataTypeOut {
    #[serde(rename = "type")]
    kind: &'static str,
    negated: bool,
    advice: bool,
    line: usize,
    column: usize,
    text: String,
}

#[derive(Serialize)]
struct DelayOut {
    line: usize,
    column: usize,
    text: String,
    until: Option<String>,
    until_notice: bool,
}

/// Everything found in one file, positions in the file's own lines and columns.
#[derive(Serialize)]
struct FileOut {
    path: String,
    dates: Vec<DateOut>,
    counts: Vec<CountOut>,
    phones: Vec<PhoneOut>,
    emails: Vec<ValueOut>,
    urls: Vec<ValueOut>,
    addresses: Vec<ValueOut>,
    data_types: Vec<DataTypeOut>,
    law_enforcement_delay: Option<DelayOut>,
    discovery: Vec<DiscoveryOut>,
}

#[derive(Serialize)]
struct DiscoveryOut {
    date: String,
    basis: crate::extract::Basis,
    chosen: bool,
    line: usize,
    column: usize,
}

fn file_out(doc: &Document, x: &Extracted) -> FileOut {
    let values = |v: &[crate::extract::Mention]| {
        v.iter()
            .map(|m| {
                let (line, column, _) = place(doc, m.span);
                ValueOut {
                    value: m.value.clone(),
                    line,
                    column,
                }
            })
            .collect()
    };
    FileOut {
        path: doc.source.name(),
        dates: x.dates.iter().map(|d| date_out(doc, d)).collect(),
        counts: x.counts.iter().map(|c| count_out(doc, c)).collect(),
        phones: x.phones.iter().map(|p| phone_out(doc, p)).collect(),
        emails: values(&x.emails),
        urls: values(&x.urls),
        addresses: values(&x.addresses),
        data_types: x.data_types.iter().map(|d| data_type_out(doc, d)).collect(),
        discovery: discovery_out(doc, x),
        law_enforcement_delay: x.law_enforcement_delay.as_ref().map(|d| {
            let (line, column, text) = place(doc, d.span);
            DelayOut {
                line,
                column,
                text,
                until: d.until.map(|u| u.to_string()),
                until_notice: d.until_notice,
            }
        }),
    }
}

/// Line, column and text (whitespace collapsed) of a plain-text span, in
/// the file's own source.
fn place(doc: &Document, s: Span) -> (usize, usize, String) {
    let src = &doc.source;
    let span = doc.to_source(s);
    let lc = src.line_col(span.start);
    (
        lc.line,
        lc.column,
        src.slice(span)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// A date found, for output.
fn date_out(doc: &Document, d: &crate::extract::DateMention) -> DateOut {
    let (line, column, text) = place(doc, d.span);
    DateOut {
        date: d.date.to_string(),
        role: d.role.as_str(),
        approximate: d.approximate,
        line,
        column,
        text,
    }
}

/// A count found, for output.
fn count_out(doc: &Document, c: &crate::extract::CountMention) -> CountOut {
    let (line, column, text) = place(doc, c.span);
    CountOut {
        value: c.value,
        approximate: c.approximate,
        qualifier: c.qualifier.clone(),
        noun: c.noun.clone(),
        line,
        column,
        text,
    }
}

/// A phone number found, for output.
fn phone_out(doc: &Document, p: &crate::extract::PhoneMention) -> PhoneOut {
    let (line, column, text) = place(doc, p.span);
    PhoneOut {
        number: p.number.clone(),
        toll_free: p.toll_free,
        tty: p.tty,
        line,
        column,
        text,
    }
}

/// A data type named, for output.
fn data_type_out(doc: &Document, d: &crate::extract::DataTypeMention) -> DataTypeOut {
    let (line, column, text) = place(doc, d.span);
    DataTypeOut {
        kind: d.data_type.as_str(),
        negated: d.negated,
        advice: d.advice,
        line,
        column,
        text,
    }
}

/// The discovery candidates, marking the one deadlines count from.
fn discovery_out(doc: &Document, x: &Extracted) -> Vec<DiscoveryOut> {
    let chosen = crate::extract::choose_discovery(&x.discovery);
    x.discovery
        .iter()
        .map(|c| {
            let (line, column, _) = place(doc, c.span);
            DiscoveryOut {
                date: c.date.to_string(),
                basis: c.basis,
                chosen: chosen.is_some_and(|k| k.span == c.span),
                line,
                column,
            }
        })
        .collect()
}

fn write_text(f: &FileOut, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", f.path)?;
    let value_row = |v: &ValueOut| format!("{:>4}:{:<3} {}", v.line, v.column, v.value);
    section(out, "dates", f.dates.iter().map(date_row).collect())?;
    section(out, "counts", f.counts.iter().map(count_row).collect())?;
    section(out, "phones", f.phones.iter().map(phone_row).collect())?;
    section(out, "emails", f.emails.iter().map(value_row).collect())?;
    section(out, "urls", f.urls.iter().map(value_row).collect())?;
    section(
        out,
        "addresses",
        f.addresses.iter().map(value_row).collect(),
    )?;
    section(
        out,
        "data types",
        f.data_types.iter().map(data_type_row).collect(),
    )?;
    section(
        out,
        "discovery candidates",
        f.discovery.iter().map(discovery_row).collect(),
    )?;
    section(
        out,
        "law-enforcement delay",
        f.law_enforcement_delay.iter().map(delay_row).collect(),
    )
}

/// Writes one titled section of the text output, or says none was found.
fn section(out: &mut dyn Write, title: &str, rows: Vec<String>) -> io::Result<()> {
    if rows.is_empty() {
        writeln!(out, "  {title}: none found")
    } else {
        writeln!(out, "  {title}:")?;
        rows.iter().try_for_each(|r| writeln!(out, "    {r}"))
    }
}

/// A date's line in the text output.
fn date_row(d: &DateOut) -> String {
    format!(
        "{:>4}:{:<3} {}  {:<12} {}\"{}\"",
        d.line,
        d.column,
        d.date,
        d.role,
        if d.approximate { "about " } else { "" },
        d.text
    )
}

/// A count's line in the text output.
fn count_row(c: &CountOut) -> String {
    format!(
        "{:>4}:{:<3} {}{}  \"{}\"",
        c.line,
        c.column,
        c.value,
        if c.approximate { " (approximate)" } else { "" },
        c.text
    )
}

/// A phone number's line in the text output.
fn phone_row(p: &PhoneOut) -> String {
    format!(
        "{:>4}:{:<3} {}{}{}  \"{}\"",
        p.line,
        p.column,
        p.number,
        if p.toll_free { " toll-free" } else { "" },
        if p.tty { " TTY" } else { "" },
        p.text
    )
}

/// A data type's line in the text output.
fn data_type_row(d: &DataTypeOut) -> String {
    format!(
        "{:>4}:{:<3} {}{}  \"{}\"",
        d.line,
        d.column,
        d.kind,
        if d.negated {
            " (NOT involved)"
        } else if d.advice {
            " (advice only)"
        } else {
            ""
        },
        d.text
    )
}

/// A discovery candidate's line in the text output.
fn discovery_row(c: &DiscoveryOut) -> String {
    format!(
        "{:>4}:{:<3} {}  {}{}",
        c.line,
        c.column,
        c.date,
        c.basis.describe(),
        if c.chosen { "  (counted from)" } else { "" }
    )
}

/// The law-enforcement delay's line in the text output.
fn delay_row(d: &DelayOut) -> String {
    let until = match (&d.until, d.until_notice) {
        (Some(u), _) => format!("until {u}"),
        (None, true) => "until the notice".to_string(),
        (None, false) => "end not stated".to_string(),
    };
    format!("{:>4}:{:<3} {until}  \"{}\"", d.line, d.column, d.text)
}

/// Runs `extract`.
pub fn run(files: &[PathBuf], json: bool) -> Result<i32, Error> {
    let mut results = Vec::new();
    for path in files {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let doc = crate::document::load(path, bytes, DocFormat::from_path(path)).map_err(|e| {
            Error::Usage(format!(
                "{}: {}",
                crate::source::display_path(path),
                e.message
            ))
        })?;
        let x = extract_document(&doc);
        results.push(file_out(&doc, &x));
    }
    let mut out = io::stdout().lock();
    let w = |e| Error::io("<stdout>", e);
    if json {
        serde_json::to_writer_pretty(&mut out, &results)
            .map_err(|e| Error::io("<stdout>", e.into()))?;
        writeln!(out).map_err(w)?;
    } else {
        for (i, f) in results.iter().enumerate() {
            if i > 0 {
                writeln!(out).map_err(w)?;
            }
            write_text(f, &mut out).map_err(w)?;
        }
    }
    Ok(EXIT_OK)
}
