//! Rule sets embedded in the binary from `rules/*.toml`.

use std::path::PathBuf;

use super::load::{Origin, RuleSet};
use crate::error::SpannedError;

/// Name and text of every built-in rule set.
pub const BUILTIN: &[(&str, &str)] = &[
    ("hipaa", include_str!("../../rules/hipaa.toml")),
    ("california", include_str!("../../rules/california.toml")),
    (
        "accessibility",
        include_str!("../../rules/accessibility.toml"),
    ),
    ("hygiene", include_str!("../../rules/hygiene.toml")),
    ("new-york", include_str!("../../rules/new-york.toml")),
    ("illinois", include_str!("../../rules/illinois.toml")),
    (
        "massachusetts",
        include_str!("../../rules/massachusetts.toml"),
    ),
    ("texas", include_str!("../../rules/texas.toml")),
    (
        "rhode-island",
        include_str!("../../rules/rhode-island.toml"),
    ),
    ("florida", include_str!("../../rules/florida.toml")),
    ("colorado", include_str!("../../rules/colorado.toml")),
    ("washington", include_str!("../../rules/washington.toml")),
    (
        "north-carolina",
        include_str!("../../rules/north-carolina.toml"),
    ),
    ("maryland", include_str!("../../rules/maryland.toml")),
    ("virginia", include_str!("../../rules/virginia.toml")),
    ("michigan", include_str!("../../rules/michigan.toml")),
    ("connecticut", include_str!("../../rules/connecticut.toml")),
    ("arizona", include_str!("../../rules/arizona.toml")),
    ("ftc-hbnr", include_str!("../../rules/ftc-hbnr.toml")),
    ("gdpr", include_str!("../../rules/gdpr.toml")),
    ("uk-gdpr", include_str!("../../rules/uk-gdpr.toml")),
];

/// The rule sets used when neither the command line nor a config file names any.
pub const DEFAULT: &[&str] = &["hipaa", "accessibility", "hygiene"];

/// Names of all built-in rule sets.
pub fn names() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(n, _)| *n)
}

/// The display path of a built-in rule set, used in error messages.
pub fn display_path(name: &str) -> PathBuf {
    PathBuf::from(format!("<built-in>/rules/{name}.toml"))
}

/// Loads the built-in rule set `name`, if there is one.
pub fn load(name: &str) -> Option<Result<RuleSet, SpannedError>> {
    let (n, text) = BUILTIN.iter().find(|(n, _)| *n == name)?;
    let path = display_path(n);
    // `RuleSet::validate` has nothing to check in a built-in set (its
    // patterns are checked by this module's tests), so the set from the
    // stored tree is the one `RuleSet::parse` would give.
    if let Some(set) = RuleSet::from_stored(n, &path, text) {
        return Some(Ok(set));
    }
    Some(RuleSet::parse(Origin::Builtin(n), &path, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The set loaded from its stored tree is the set its text parses to,
    /// down to every span (`Debug` prints them all).
    #[test]
    fn stored_sets_load_as_their_text_parses() {
        for (name, text) in BUILTIN {
            let path = display_path(name);
            let stored = RuleSet::from_stored(name, &path, text)
                .unwrap_or_else(|| panic!("{name} does not load from its stored tree"));
            let parsed = RuleSet::parse(Origin::Builtin(name), &path, text).unwrap();
            assert_eq!(format!("{stored:?}"), format!("{parsed:?}"), "{name}");
        }
    }

    /// Built-in sets skip pattern validation when they load; loading each
    /// as if it were a user's file validates every pattern here instead.
    #[test]
    fn builtin_patterns_are_valid() {
        for (name, text) in BUILTIN {
            let path = display_path(name);
            if let Err(e) = RuleSet::parse(Origin::File(path.clone()), &path, text) {
                panic!("{name}: {}", e.message);
            }
        }
    }
}
