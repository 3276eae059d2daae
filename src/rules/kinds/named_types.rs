//! `data-types-named`: every kind of information the facts file lists under
//! `data-types` must be named in the letter as involved. A letter that
//! names it only to deny it ("did not include Social Security numbers") or
//! only in advice ("you will need your Social Security number to place a
//! freeze") does not tell readers it was exposed.
//!
//! Example: `data-types = ["ssn", "medical"]` against a letter that names
//! only the name and address.

use super::shared::{facts_name, top};
use super::{BuildCx, CompileCx, Eval};
use crate::diagnostic::Label;
use crate::engine::EngineError;
use crate::error::SpannedError;
use crate::facts::DataType;
use crate::incident::{LetterDataType, Origin, Stance};

/// Keys a `data-types-named` rule takes.
pub const KEYS: &[&str] = &[];

/// A validated `data-types-named` rule (it has no settings).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spec;

pub(super) fn build(_: &BuildCx<'_>) -> Result<Spec, SpannedError> {
    Ok(Spec)
}

pub(super) fn describe(_: &Spec) -> String {
    "Every data type listed under `data-types` in the facts file must be named in the letter as involved; naming it only to say it was not involved, or only in advice to the reader, does not count. Without `data-types` in the facts file the rule cannot be checked and says so.".to_string()
}

/// Nothing to compile: the rule reads the incident.
#[derive(Debug)]
pub(crate) struct Compiled;

pub(super) fn compile(_: &Spec, _: &mut CompileCx<'_>) -> Result<Compiled, EngineError> {
    Ok(Compiled)
}

/// Whether the letter's `named` tells readers that `listed` was involved.
/// A password named with its e-mail address or with its user name is the
/// same exposure, however the facts file files it.
fn names(named: DataType, listed: DataType) -> bool {
    use DataType::{EmailCredentials, LoginCredentials};
    named == listed
        || matches!(
            (named, listed),
            (EmailCredentials, LoginCredentials) | (LoginCredentials, EmailCredentials)
        )
}

pub(super) fn run(_: &Compiled, ev: &mut Eval<'_>) {
    let incident = ev.incident;
    let listed: Vec<(DataType, Option<crate::span::Span>)> = incident
        .data_types
        .iter()
        .filter_map(|d| match d.origin {
            Origin::Facts(span) => Some((d.value, span)),
            _ => None,
        })
        .collect();
    if listed.is_empty() {
        ev.unchecked.push((
            ev.rule().info.id.clone(),
            "the data types involved (`data-types`)".into(),
        ));
        return;
    }
    let name = facts_name(incident);
    for (t, facts_span) in listed {
        let mentions: Vec<&LetterDataType> = incident
            .letter_data_types
            .iter()
            .filter(|m| names(m.data_type, t))
            .collect();
        if mentions.iter().any(|m| m.stance == Stance::Involved) {
            continue;
        }
        let denied = mentions.iter().find(|m| m.stance == Stance::Denied);
        let mut d = match denied {
            Some(m) => ev.finding(
                format!(
                    "{name} lists `{}` as involved, but the letter says {} were not",
                    t.as_str(),
                    t.noun()
                ),
                Label::new(m.span, "the letter denies it here"),
            ),
            None => ev.finding(
                format!(
                    "{name} lists `{}` as involved, but the letter does not name {}",
                    t.as_str(),
                    t.noun()
                ),
                Label::new(top(ev.cx, incident), format!("{} not named", t.noun())),
            ),
        };
        for m in mentions.iter().filter(|m| m.stance == Stance::Advice) {
            d = d.with_secondary(Label::new(m.span, "named here only in advice to the reader"));
        }
        if let (Some(file), Some(span)) = (&incident.facts_file, facts_span) {
            d = d.with_external(file, span, format!("`{}` listed here", t.as_str()));
        }
        d = d.with_note(
            "a reader protects only what the letter says was exposed".to_string(),
        );
        ev.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_one_exposure() {
        assert!(names(DataType::EmailCredentials, DataType::LoginCredentials));
        assert!(names(DataType::Ssn, DataType::Ssn));
        assert!(!names(DataType::Name, DataType::Ssn));
    }
}
