//! breachlint: a linter for data-breach notification letters.
//!
//! Data flows one way: a notice file is read into a [`source::SourceFile`],
//! parsed into a document model (text, headings, sections, byte spans),
//! what it says is read from it ([`extract`]) and merged with the incident
//! facts file ([`incident`]), compiled rule sets
//! ([`rules`]) are applied by the engine, and the resulting
//! [`diagnostic::Diagnostic`]s are printed by one renderer per output format
//! ([`render`]).

// Located errors carry the offending file's text so they can be drawn like
// compiler errors; they are rare and end the run, so their size is no cost.
#![allow(clippy::result_large_err)]
#![deny(missing_docs)]

pub mod bundle;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod error;
pub mod explain;
pub mod extract;
pub mod facts;
#[cfg(test)]
mod fixtures;
pub mod incident;
pub mod lint;
pub mod merge;
pub mod obligations;
mod ordered;
mod parallel;
pub mod pattern;
pub mod plan;
pub mod redact;
pub mod render;
pub mod report;
pub mod rules;
pub mod server;
pub mod source;
pub mod span;
pub mod suppress;
mod varint;
pub mod walk;
