//! Errors in what the user gave breachlint: rule sets, configuration, facts
//! files, command-line arguments. All of them end the run with exit code 2.
//!
//! Errors in a TOML file carry the file's text and a byte span so they can be
//! rendered like a compiler error, pointing at the offending key or value.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::span::Span;

/// An error located in a text file the user wrote (rule set, config, facts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpannedError {
    /// The file, as it should be shown (`<built-in: hipaa>` for embedded rule sets).
    pub path: PathBuf,
    /// The file's full text, for rendering the snippet. Shared: a file can
    /// have many errors and warnings, and front matter's file is the whole
    /// notice, which a copy per warning multiplied.
    pub source: Arc<str>,
    /// Where in the file, if known.
    pub span: Option<Span>,
    /// What is wrong, one line.
    pub message: String,
    /// Short text under the caret.
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
}

impl SpannedError {
    /// An error in `path` (whose text is `source`) at `span`.
    pub fn new(
        path: impl Into<PathBuf>,
        source: impl Into<Arc<str>>,
        span: Option<Span>,
        message: impl Into<String>,
    ) -> Self {
        SpannedError {
            path: path.into(),
            source: source.into(),
            span,
            message: message.into(),
            label: None,
            help: None,
        }
    }

    /// Sets the text under the caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Sets the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Turns a `toml` parse or deserialisation error into a spanned error.
    pub fn from_toml(path: &Path, source: &str, err: &toml::de::Error) -> Self {
        let span = err.span().map(Span::from);
        // The toml crate's message repeats the snippet; keep its first line only,
        // codespan draws the snippet itself.
        let message = err
            .message()
            .lines()
            .next()
            .unwrap_or("invalid TOML")
            .trim();
        let mut e = SpannedError::new(path, source, span, message.to_string());
        if let Some(rest) = message.strip_prefix("unknown field ") {
            e = e.with_label("unknown key").with_help(format!(
                "remove {rest}, or check its spelling against the documented keys"
            ));
        }
        e
    }
}

/// Anything that stops breachlint from doing what it was asked (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A problem inside a TOML file, with its place.
    #[error("{}: {}", .0.path.display(), .0.message)]
    Spanned(Box<SpannedError>),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A wrong combination of arguments, or an unknown name.
    #[error("{0}")]
    Usage(String),
}

impl From<SpannedError> for Error {
    fn from(e: SpannedError) -> Self {
        Error::Spanned(Box::new(e))
    }
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// The closest candidate to `wanted`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a, I>(wanted: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wanted, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let ids = ["hipaa/contact", "hipaa/what-happened", "california/title"];
        assert_eq!(did_you_mean("hipaa/contacts", ids), Some("hipaa/contact"));
        assert_eq!(
            did_you_mean("california/titel", ids),
            Some("california/title")
        );
        assert_eq!(did_you_mean("zzz", ids), None);
    }

    #[test]
    fn toml_errors_keep_their_span() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            a: u32,
        }
        let src = "a = 1\nb = 2\n";
        let err = toml::from_str::<T>(src).unwrap_err();
        let e = SpannedError::from_toml(Path::new("x.toml"), src, &err);
        let span = e.span.unwrap();
        assert_eq!(&src[span.range()], "b");
        assert!(e.help.is_some());
    }
}
