//! The documents of one incident, checked against each other.
//!
//! `incident.toml` lists them with `[[document]]` (`path`, `role`): the
//! letter, the web and media notices, the regulator's copy, the call-centre
//! script. Each is read and extracted like any notice ([`crate::extract`]),
//! and what they say is compared: the number of affected people (within the
//! approximation a document states), the breach and discovery dates, the
//! toll-free and TTY numbers, the organization's name, and data types named
//! as involved in one and denied in another. Each disagreement is one
//! finding, `bundle/<what>`, on one of the documents being checked, with a
//! label in every document involved.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;

use crate::diagnostic::{Diagnostic, Label};
use crate::document::{DocFormat, Document};
use crate::error::{Error, SpannedError};
use crate::extract::Bound;
use crate::extract::DataType;
use crate::facts::{DocumentRole, Facts};
use crate::incident::{Incident, Inputs, LetterCount, Origin, Stance};
use crate::source::SourceFile;
use crate::span::Span;

pub mod rules;

/// How far an approximate count ("about 1,200") may be from another
/// document's figure and still agree: the same 10% the built-in count
/// rules allow against the facts file.
pub const APPROXIMATION: f64 = 0.1;

/// Most documents' labels on one finding besides its own.
const MAX_LABELS: usize = 8;

/// One document of the incident, read.
#[derive(Debug)]
pub struct Member {
    /// What it is.
    pub role: DocumentRole,
    /// Where it was read from.
    pub path: PathBuf,
    /// Its text.
    pub source: Arc<SourceFile>,
    says: Says,
}

/// What one document says, each with its place in the document.
#[derive(Debug, Default)]
struct Says {
    /// The largest count of affected people (smaller ones are subgroups).
    count: Option<LetterCount>,
    /// First and last day of the breach.
    breach: Option<(Date, Date, Span)>,
    discovery: Option<(Date, Span)>,
    toll_free: Vec<(String, Span)>,
    tty: Vec<(String, Span)>,
    /// Where the facts file's organization name is written, if it is.
    organization: Option<Span>,
    data_types: Vec<(DataType, Stance, Span)>,
}

/// An incident's documents, read and extracted.
#[derive(Debug)]
pub struct Bundle {
    /// The documents in the order `incident.toml` lists them.
    pub members: Vec<Member>,
    facts_source: Arc<SourceFile>,
    /// `organization` and where the facts file writes it.
    organization: Option<(String, Span)>,
}

impl Bundle {
    /// Reads every `[[document]]` of `facts`. A document that cannot be read
    /// is an error pointing at its `path` in the facts file.
    pub fn read(facts: &Facts, max_bytes: u64) -> Result<Bundle, Error> {
        let facts_source = Arc::new(SourceFile::new(facts.path(), facts.source()));
        let organization = facts
            .organization_located()
            .map(|o| (o.value.clone(), o.span));
        let mut members = Vec::new();
        for d in facts.documents() {
            let path = facts.document_path(d);
            let fail = |msg: String, help: &str| -> Error {
                SpannedError::new(facts.path(), facts.source(), Some(d.path.span), msg)
                    .with_label("this document")
                    .with_help(help)
                    .into()
            };
            let unreadable = |why: &dyn std::fmt::Display| {
                fail(
                    format!(
                        "cannot read the {} `{}`: {why}",
                        role_noun(d.role.value),
                        path.display()
                    ),
                    "paths in `[[document]]` are relative to the folder of incident.toml",
                )
            };
            let meta = std::fs::metadata(&path).map_err(|e| unreadable(&e))?;
            if meta.len() > max_bytes {
                return Err(fail(
                    format!("`{}` is larger than --max-file-size", path.display()),
                    "list the document's text, not an export with images",
                ));
            }
            let bytes = std::fs::read(&path).map_err(|e| unreadable(&e))?;
            // Through the reader of its format, as `check` reads it: a Word
            // or HTML document is compared by its text, not its markup.
            let doc = crate::document::load(&path, bytes, DocFormat::from_path(&path))
                .map_err(|e| unreadable(&e.message))?;
            let source = doc.source.clone();
            let says = read_says(&doc, organization.as_ref().map(|o| o.0.as_str()));
            members.push(Member {
                role: d.role.value,
                path,
                source,
                says,
            });
        }
        Ok(Bundle {
            members,
            facts_source,
            organization,
        })
    }

    /// The disagreements among the documents, each as (the document it is
    /// reported on, the finding). A finding is reported on the first
    /// document involved for which `in_run` holds; one that involves no
    /// document of the run is not reported.
    pub fn check(&self, in_run: &dyn Fn(&Path) -> bool) -> Vec<(PathBuf, Diagnostic)> {
        let mut out = Vec::new();
        let run: Vec<bool> = self.members.iter().map(|m| in_run(&m.path)).collect();
        self.affected_counts(&run, &mut out);
        self.dates(&run, &mut out);
        self.phone_numbers(&run, &mut out);
        self.organization(&run, &mut out);
        self.data_types(&run, &mut out);
        out
    }

    /// Compares the numbers of affected people the members state.
    fn affected_counts(&self, run: &[bool], out: &mut Vec<(PathBuf, Diagnostic)>) {
        let counts: Vec<Option<Stated<&LetterCount>>> = self
            .members
            .iter()
            .map(|m| {
                m.says
                    .count
                    .as_ref()
                    .map(|c| Stated::new(c, c.span, format!("{} were affected", c.says())))
            })
            .collect();
        self.compare(
            rules::AFFECTED_COUNT,
            "",
            &counts,
            &|a, b| counts_agree(a, b),
            run,
            out,
        );
    }

    /// Compares the breach and discovery dates the members state.
    fn dates(&self, run: &[bool], out: &mut Vec<(PathBuf, Diagnostic)>) {
        let breach: Vec<Option<Stated<(Date, Date)>>> = self
            .members
            .iter()
            .map(|m| {
                m.says.breach.map(|(s, e, span)| {
                    let shown = if s == e {
                        s.to_string()
                    } else {
                        format!("{s} to {e}")
                    };
                    Stated::new((s, e), span, shown)
                })
            })
            .collect();
        self.compare(
            rules::BREACH_DATE,
            "the breach was",
            &breach,
            &|a, b| a == b,
            run,
            out,
        );
        let discovery: Vec<Option<Stated<Date>>> = self
            .members
            .iter()
            .map(|m| {
                m.says
                    .discovery
                    .map(|(d, span)| Stated::new(d, span, d.to_string()))
            })
            .collect();
        self.compare(
            rules::DISCOVERY_DATE,
            "it was discovered",
            &discovery,
            &|a, b| a == b,
            run,
            out,
        );
    }

    /// Compares the toll-free and TTY numbers the members give: two members
    /// agree when they share a number.
    fn phone_numbers(&self, run: &[bool], out: &mut Vec<(PathBuf, Diagnostic)>) {
        for (id, pick) in [
            (
                rules::TOLL_FREE,
                (|s: &Says| &s.toll_free) as fn(&Says) -> &Vec<(String, Span)>,
            ),
            (rules::TTY, |s: &Says| &s.tty),
        ] {
            let numbers: Vec<Option<Stated<Vec<String>>>> = self
                .members
                .iter()
                .map(|m| {
                    let list = pick(&m.says);
                    let first = list.first()?;
                    let mut nums: Vec<String> = list.iter().map(|n| n.0.clone()).collect();
                    nums.sort();
                    nums.dedup();
                    let shown = nums
                        .iter()
                        .map(|n| show_phone(n))
                        .collect::<Vec<_>>()
                        .join(", ");
                    Some(Stated::new(nums, first.1, shown))
                })
                .collect();
            let what = if id == rules::TTY {
                "the TTY number is"
            } else {
                "the toll-free number is"
            };
            self.compare(
                id,
                what,
                &numbers,
                &|a, b| a.iter().any(|n| b.contains(n)),
                run,
                out,
            );
        }
    }

    /// One finding when documents state values of one fact that do not all
    /// agree: on the first document of the run that disagrees with another,
    /// naming the documents that disagree with it.
    fn compare<V>(
        &self,
        id: &str,
        what: &str,
        values: &[Option<Stated<V>>],
        same: &dyn Fn(&V, &V) -> bool,
        run: &[bool],
        out: &mut Vec<(PathBuf, Diagnostic)>,
    ) {
        let stating: Vec<usize> = (0..values.len()).filter(|&i| values[i].is_some()).collect();
        let value = |i: usize| values[i].as_ref().expect("stating");
        let disagreeing = |i: usize| -> Vec<usize> {
            stating
                .iter()
                .copied()
                .filter(|&j| j != i && !same(&value(i).value, &value(j).value))
                .collect()
        };
        let Some((host, others)) = stating
            .iter()
            .filter(|&&i| run[i])
            .map(|&i| (i, disagreeing(i)))
            .find(|(_, d)| !d.is_empty())
        else {
            return;
        };
        let h = value(host);
        let say = |shown: &str| {
            if what.is_empty() {
                shown.to_string()
            } else {
                format!("{what} {shown}")
            }
        };
        let named: Vec<String> = others
            .iter()
            .map(|&j| format!("{} says {}", self.name(j), value(j).shown))
            .collect();
        let mut d = self.finding(
            id,
            format!(
                "this {} says {}, but {}",
                role_noun(self.members[host].role),
                say(&h.shown),
                join_names(&named)
            ),
            Label::new(h.span, say(&h.shown)),
        );
        for &j in stating.iter().filter(|&&j| j != host).take(MAX_LABELS) {
            let v = value(j);
            let agrees = !others.contains(&j);
            d = d.with_external(
                &self.members[j].source,
                v.span,
                format!(
                    "the {} says {}{}",
                    role_noun(self.members[j].role),
                    say(&v.shown),
                    if agrees { " (agrees)" } else { "" }
                ),
            );
        }
        out.push((self.members[host].path.clone(), d));
    }

    /// `bundle/organization`: a document of the run that does not write the
    /// facts file's organization name while another document does.
    fn organization(&self, run: &[bool], out: &mut Vec<(PathBuf, Diagnostic)>) {
        let Some((name, span)) = &self.organization else {
            return;
        };
        let naming: Vec<usize> = (0..self.members.len())
            .filter(|&i| self.members[i].says.organization.is_some())
            .collect();
        if naming.is_empty() {
            return;
        }
        for (i, m) in self.members.iter().enumerate() {
            if !run[i] || m.says.organization.is_some() {
                continue;
            }
            let mut d = self.finding(
                rules::ORGANIZATION,
                format!(
                    "this {} does not name the organization as incident.toml writes it, unlike {}",
                    role_noun(m.role),
                    join_names(
                        &naming
                            .iter()
                            .take(MAX_LABELS)
                            .map(|&j| self.name(j))
                            .collect::<Vec<_>>()
                    )
                ),
                Label::new(
                    Span::point(m.source.content_start()),
                    format!("no mention of {name}"),
                ),
            )
            .with_external(&self.facts_source, *span, "organization");
            for &j in naming.iter().take(MAX_LABELS) {
                if let Some(at) = self.members[j].says.organization {
                    d = d.with_external(
                        &self.members[j].source,
                        at,
                        format!("the {} names it", role_noun(self.members[j].role)),
                    );
                }
            }
            out.push((m.path.clone(), d));
        }
    }

    /// `bundle/data-types`: a kind of data named as involved in one document
    /// and denied in another, one finding per kind.
    fn data_types(&self, run: &[bool], out: &mut Vec<(PathBuf, Diagnostic)>) {
        let mut kinds: Vec<DataType> = Vec::new();
        for m in &self.members {
            for (t, stance, _) in &m.says.data_types {
                if *stance == Stance::Denied && !kinds.contains(t) {
                    kinds.push(*t);
                }
            }
        }
        for t in kinds {
            out.extend(self.data_type_conflict(t, run));
        }
    }

    /// The finding when some members deny data type `t` and others name it
    /// as involved, on the first such member in the run.
    fn data_type_conflict(&self, t: DataType, run: &[bool]) -> Option<(PathBuf, Diagnostic)> {
        let first = |i: usize, st: Stance| {
            self.members[i]
                .says
                .data_types
                .iter()
                .find(|(k, s, _)| *k == t && *s == st)
                .map(|x| x.2)
        };
        let denied: Vec<(usize, Span)> = (0..self.members.len())
            .filter_map(|i| first(i, Stance::Denied).map(|s| (i, s)))
            .collect();
        let involved: Vec<(usize, Span)> = (0..self.members.len())
            .filter(|i| !denied.iter().any(|d| d.0 == *i))
            .filter_map(|i| first(i, Stance::Involved).map(|s| (i, s)))
            .collect();
        if involved.is_empty() {
            return None;
        }
        let &(host, at) = denied.iter().chain(&involved).find(|(i, _)| run[*i])?;
        let host_denies = denied.iter().any(|d| d.0 == host);
        let list = |v: &[(usize, Span)]| {
            let names: Vec<String> = v
                .iter()
                .filter(|x| x.0 != host)
                .map(|x| self.name(x.0))
                .collect();
            (names.len(), join_names(&names))
        };
        let message = if host_denies {
            let (n, names) = list(&involved);
            format!(
                "this {} says {} were not involved, but {names} {} them as involved",
                role_noun(self.members[host].role),
                t.noun(),
                if n == 1 { "names" } else { "name" }
            )
        } else {
            let (n, names) = list(&denied);
            format!(
                "this {} names {} as involved, but {names} {} they were not",
                role_noun(self.members[host].role),
                t.noun(),
                if n == 1 { "says" } else { "say" }
            )
        };
        let mut d = self.finding(
            rules::DATA_TYPES,
            message,
            Label::new(
                at,
                if host_denies {
                    "denied here"
                } else {
                    "named as involved here"
                },
            ),
        );
        for &(j, span) in denied
            .iter()
            .chain(&involved)
            .filter(|x| x.0 != host)
            .take(MAX_LABELS)
        {
            let denies = denied.iter().any(|x| x.0 == j);
            d = d.with_external(
                &self.members[j].source,
                span,
                format!(
                    "the {} {}",
                    role_noun(self.members[j].role),
                    if denies {
                        "denies it"
                    } else {
                        "names it as involved"
                    }
                ),
            );
        }
        Some((self.members[host].path.clone(), d))
    }

    /// "the web notice (web-notice.md)".
    fn name(&self, i: usize) -> String {
        let m = &self.members[i];
        format!("the {} ({})", role_noun(m.role), m.source.name())
    }

    fn finding(&self, id: &str, message: String, primary: Label) -> Diagnostic {
        let (severity, help) = rules::lookup(id);
        Diagnostic::new(id, severity, message, primary).with_help(help)
    }
}

/// A fact as one document states it.
struct Stated<V> {
    value: V,
    span: Span,
    shown: String,
}

impl<V> Stated<V> {
    fn new(value: V, span: Span, shown: String) -> Self {
        Stated { value, span, shown }
    }
}

/// "a", "a and b", "a, b and c".
fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "web notice" for `web-notice`.
pub fn role_noun(role: DocumentRole) -> String {
    role.as_str().replace('-', " ")
}

/// Reads what one document says.
fn read_says(doc: &Document, organization: Option<&str>) -> Says {
    let source = &doc.source;
    let extracted = crate::extract::extract_document(doc);
    let incident = Incident::build(Inputs {
        doc,
        extracted: &extracted,
        facts: None,
        today: Date::constant(2000, 1, 1),
        notice_override: None,
    });
    let from_letter = |s: &Option<crate::incident::Sourced<Date>>| match s {
        Some(v) => match v.origin {
            Origin::Letter(span) => Some((v.value, span)),
            _ => None,
        },
        None => None,
    };
    let breach = match (
        from_letter(&incident.breach_start),
        from_letter(&incident.breach_end),
    ) {
        (Some((s, span)), Some((e, _))) => Some((s, e, span)),
        (Some((s, span)), None) => Some((s, s, span)),
        _ => None,
    };
    let mut toll_free = Vec::new();
    let mut tty = Vec::new();
    for p in &extracted.phones {
        let span = doc.to_source(p.span);
        if p.tty {
            tty.push((p.number.clone(), span));
        } else if p.toll_free {
            toll_free.push((p.number.clone(), span));
        }
    }
    let organization = organization.and_then(|name| {
        let wanted = crate::merge::normalize::normalize(name);
        if wanted.is_empty() {
            return None;
        }
        let text = crate::merge::normalize::normalize_mapped(&source.text);
        let mut from = 0;
        while let Some(at) = text.text[from..].find(&wanted) {
            let (s, e) = (from + at, from + at + wanted.len());
            if text.is_whole_words(s, e) {
                return Some(text.source_span(s, e));
            }
            from = s + 1;
            while !text.text.is_char_boundary(from) {
                from += 1;
            }
        }
        None
    });
    Says {
        count: incident
            .letter_counts
            .iter()
            .max_by_key(|c| c.value)
            .cloned(),
        breach,
        discovery: from_letter(&incident.discovery),
        toll_free,
        tty,
        organization,
        data_types: incident
            .letter_data_types
            .iter()
            .map(|t| (t.data_type, t.stance, t.span))
            .collect(),
    }
}

/// The figures a count allows: exact, or within [`APPROXIMATION`] in the
/// direction its wording points ("more than 1,000": 1,000 to 1,100).
fn count_range(c: &LetterCount) -> (f64, f64) {
    let v = c.value as f64;
    match c.bound() {
        Bound::Exact => (v, v),
        Bound::AtLeast => (v, v * (1.0 + APPROXIMATION)),
        Bound::AtMost => (v * (1.0 - APPROXIMATION), v),
        Bound::About => (v * (1.0 - APPROXIMATION), v * (1.0 + APPROXIMATION)),
    }
}

/// Whether two documents' counts can both be true.
fn counts_agree(a: &&LetterCount, b: &&LetterCount) -> bool {
    let (a0, a1) = count_range(a);
    let (b0, b1) = count_range(b);
    a0 <= b1 && b0 <= a1
}

/// "1-800-555-0142" for "8005550142"; other numbers as read.
fn show_phone(digits: &str) -> String {
    if digits.len() == 10 && digits.bytes().all(|b| b.is_ascii_digit()) {
        format!("1-{}-{}-{}", &digits[..3], &digits[3..6], &digits[6..])
    } else {
        digits.to_string()
    }
}

#[cfg(test)]
mod tests;
