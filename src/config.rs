//! `breachlint.toml`: which rule sets to use, per-rule severity overrides,
//! and include/exclude globs for folder walks.
//!
//! Like ruff, the closest configuration file to a notice applies: it is
//! searched from the notice's folder upward. There is no implicit merging of
//! several files.
//!
//! ```toml
//! rulesets = ["hipaa", "california", "rules/new-york.toml"]
//! include = ["notices/**/*.md"]
//! exclude = ["notices/archive/**"]
//!
//! [rules]
//! "hipaa/toll-free" = "error"
//! "accessibility/language-assistance" = "off"
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_spanned::Spanned;

use crate::diagnostic::Severity;
use crate::engine::Overrides;
use crate::error::{Error, SpannedError, did_you_mean};
use crate::rules::{Origin, RuleSet, builtin};

/// File names searched for, in order, in each folder.
pub const CONFIG_NAMES: &[&str] = &["breachlint.toml", ".breachlint.toml"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    rulesets: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    include: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// A rule set named by configuration or on the command line.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RuleSetRef {
    /// A built-in rule set by name.
    Builtin(String),
    /// A rule-set file.
    File(PathBuf),
}

impl RuleSetRef {
    /// Interprets a name from the command line: built-in names stay names, anything
    /// with a path separator or a `.toml` ending is a file (relative to `base`).
    pub fn parse(name: &str, base: &Path) -> RuleSetRef {
        if name.contains('/') || name.contains('\\') || name.ends_with(".toml") {
            let p = Path::new(name);
            RuleSetRef::File(if p.is_absolute() {
                p.to_path_buf()
            } else {
                base.join(p)
            })
        } else {
            RuleSetRef::Builtin(name.to_string())
        }
    }

    /// Loads the rule set.
    pub fn load(&self) -> Result<RuleSet, Error> {
        let mut set = self.load_deferred()?;
        set.validate()?;
        Ok(set)
    }

    /// Loads the rule set, leaving its patterns to [`RuleSet::validate`]
    /// (for rule sets that may turn out not to apply).
    pub fn load_deferred(&self) -> Result<RuleSet, Error> {
        match self {
            RuleSetRef::Builtin(name) => match builtin::load(name) {
                Some(r) => r.map_err(Error::from),
                None => {
                    let mut msg = format!("unknown rule set `{name}`");
                    if let Some(near) = did_you_mean(name, builtin::names()) {
                        msg.push_str(&format!("; did you mean `{near}`?"));
                    }
                    msg.push_str(&format!(
                        " (built-in rule sets: {}; or give a path to a .toml file)",
                        builtin::names().collect::<Vec<_>>().join(", ")
                    ));
                    Err(Error::Usage(msg))
                }
            },
            RuleSetRef::File(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
                RuleSet::parse_deferred(Origin::File(path.clone()), path, &text)
                    .map_err(Error::from)
            }
        }
    }
}

/// Settings that apply to a notice.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// The config file these came from, if any.
    pub path: Option<PathBuf>,
    /// Rule sets to load.
    pub rulesets: Vec<RuleSetRef>,
    /// Whether the config file named its rule sets (otherwise the defaults apply,
    /// and with a facts file every built-in rule set that applies is used).
    pub explicit_rulesets: bool,
    /// Severity overrides by rule id.
    pub overrides: Overrides,
    /// Globs a file found by a folder walk must match (relative to the config's folder).
    pub include: Vec<glob::Pattern>,
    /// Globs that exclude files found by a folder walk.
    pub exclude: Vec<glob::Pattern>,
}

impl Settings {
    /// Settings with no configuration file: the default rule sets.
    pub fn defaults() -> Settings {
        Settings {
            rulesets: builtin::DEFAULT
                .iter()
                .map(|n| RuleSetRef::Builtin(n.to_string()))
                .collect(),
            ..Settings::default()
        }
    }

    /// The folder relative to which globs are matched.
    pub fn root(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }

    /// Whether a file found by walking a folder should be linted.
    pub fn selects(&self, file: &Path) -> bool {
        let rel = match self.root() {
            Some(root) => file.strip_prefix(root).unwrap_or(file),
            None => file,
        };
        let rel = rel.strip_prefix(".").unwrap_or(rel);
        let opts = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: false,
            require_literal_leading_dot: false,
        };
        (self.include.is_empty() || self.include.iter().any(|p| p.matches_path_with(rel, opts)))
            && !self.exclude.iter().any(|p| p.matches_path_with(rel, opts))
    }

    /// Parses a config file's text.
    pub fn parse(path: &Path, text: &str) -> Result<Settings, Error> {
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| SpannedError::from_toml(path, text, &e))?;
        let base = path.parent().unwrap_or(Path::new("."));
        let at = ConfigText { path, text };
        let rulesets = match &raw.rulesets {
            None => builtin::DEFAULT
                .iter()
                .map(|n| RuleSetRef::Builtin(n.to_string()))
                .collect(),
            Some(list) => list
                .iter()
                .map(|r| at.ruleset(r, base))
                .collect::<Result<Vec<_>, _>>()?,
        };
        let include = at.globs(&raw.include)?;
        let exclude = at.globs(&raw.exclude)?;
        let overrides = at.overrides(&raw.rules, &rulesets)?;
        Ok(Settings {
            path: Some(path.to_path_buf()),
            explicit_rulesets: raw.rulesets.is_some(),
            rulesets,
            overrides,
            include,
            exclude,
        })
    }

    /// Reads and parses a config file.
    pub fn load(path: &Path) -> Result<Settings, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Settings::parse(path, &text)
    }
}

/// A configuration file's path and text, to point errors into it.
struct ConfigText<'a> {
    path: &'a Path,
    text: &'a str,
}

impl ConfigText<'_> {
    /// An error at `span` of the file.
    fn error(&self, span: std::ops::Range<usize>, msg: String) -> SpannedError {
        SpannedError::new(self.path, self.text, Some(span.into()), msg)
    }

    /// The rule set `r` names, or an error if no such rule set exists.
    fn ruleset(&self, r: &Spanned<String>, base: &Path) -> Result<RuleSetRef, Error> {
        let rr = RuleSetRef::parse(r.get_ref(), base);
        match &rr {
            RuleSetRef::Builtin(name) if builtin::load(name).is_none() => {
                let mut e = self
                    .error(r.span(), format!("unknown rule set `{name}`"))
                    .with_label("not a built-in rule set");
                e = match did_you_mean(name, builtin::names()) {
                    Some(near) => e.with_help(format!("did you mean `{near}`?")),
                    None => e.with_help(format!(
                        "built-in rule sets are {}; a custom rule set is a path ending in .toml",
                        builtin::names().collect::<Vec<_>>().join(", ")
                    )),
                };
                return Err(e.into());
            }
            RuleSetRef::File(p) if !p.is_file() => {
                return Err(self
                    .error(
                        r.span(),
                        format!("rule-set file `{}` does not exist", p.display()),
                    )
                    .with_label("no such file")
                    .with_help("paths are relative to the folder holding this config file")
                    .into());
            }
            _ => {}
        }
        Ok(rr)
    }

    /// The glob patterns in `list`, or an error at the first invalid one.
    fn globs(&self, list: &[Spanned<String>]) -> Result<Vec<glob::Pattern>, Error> {
        list.iter()
            .map(|g| {
                glob::Pattern::new(g.get_ref()).map_err(|e| {
                    Error::from(
                        self.error(g.span(), format!("invalid glob: {}", e.msg))
                            .with_label("here"),
                    )
                })
            })
            .collect()
    }

    /// The `[rules]` severity overrides, or an error at the first unknown
    /// rule id or setting.
    fn overrides(
        &self,
        rules: &BTreeMap<Spanned<String>, Spanned<String>>,
        rulesets: &[RuleSetRef],
    ) -> Result<Overrides, Error> {
        // Override ids are checked against every rule breachlint knows of:
        // the built-in sets and the sets this file loads. Reading them is
        // only needed when there are overrides, and their patterns are
        // checked only when a set is used.
        let mut known: Vec<String> = Vec::new();
        if !rules.is_empty() {
            for name in builtin::names() {
                if let Some(Ok(set)) = builtin::load(name) {
                    known.extend(set.rules.iter().map(|r| r.info.id.clone()));
                }
            }
            for r in rulesets {
                if let RuleSetRef::File(_) = r {
                    let set = r.load_deferred()?;
                    known.extend(set.rules.iter().map(|r| r.info.id.clone()));
                }
            }
        }
        let mut overrides = HashMap::new();
        for (id, value) in rules {
            if !known.iter().any(|k| k == id.get_ref()) {
                let mut e = self
                    .error(id.span(), format!("unknown rule `{}`", id.get_ref()))
                    .with_label("no rule has this id");
                e = match did_you_mean(id.get_ref(), known.iter().map(String::as_str)) {
                    Some(near) => e.with_help(format!("did you mean `{near}`?")),
                    None => e.with_help("run `breachlint rules` to list rule ids"),
                };
                return Err(e.into());
            }
            let level = match value.get_ref().as_str() {
                "off" => None,
                other => match other.parse::<Severity>() {
                    Ok(s) => Some(s),
                    Err(_) => {
                        return Err(self
                            .error(
                                value.span(),
                                format!("unknown setting `{other}` for rule `{}`", id.get_ref()),
                            )
                            .with_label("expected error, warning, info or off")
                            .into());
                    }
                },
            };
            overrides.insert(id.get_ref().clone(), level);
        }
        Ok(overrides)
    }
}

/// The closest config file at or above `dir`.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    let start = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let abs = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    abs.ancestors()
        .flat_map(|d| CONFIG_NAMES.iter().map(move |n| d.join(n)))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Settings, Error> {
        Settings::parse(Path::new("/tmp/cfg/breachlint.toml"), text)
    }

    fn spanned(e: Error) -> SpannedError {
        match e {
            Error::Spanned(s) => *s,
            other => panic!("expected a located error, got {other}"),
        }
    }

    #[test]
    fn rulesets_and_overrides() {
        let s = parse("rulesets = [\"hipaa\"]\n").unwrap();
        assert_eq!(s.rulesets, [RuleSetRef::Builtin("hipaa".into())]);
    }

    #[test]
    fn unknown_ruleset_is_located_with_suggestion() {
        let e = spanned(parse("rulesets = [\"hipa\"]\n").unwrap_err());
        assert_eq!(&e.source[e.span.unwrap().range()], "\"hipa\"");
        assert_eq!(e.help.as_deref(), Some("did you mean `hipaa`?"));
    }

    #[test]
    fn unknown_key_is_located() {
        let e = spanned(parse("rule-sets = [\"hipaa\"]\n").unwrap_err());
        assert_eq!(&e.source[e.span.unwrap().range()], "rule-sets");
    }

    #[test]
    fn bad_glob_is_located() {
        let e = spanned(parse("include = [\"a/***\"]\n").unwrap_err());
        assert_eq!(&e.source[e.span.unwrap().range()], "\"a/***\"");
    }

    #[test]
    fn include_and_exclude() {
        let s = parse("include = [\"notices/**/*.md\"]\nexclude = [\"notices/old/**\"]\n").unwrap();
        assert!(s.selects(Path::new("/tmp/cfg/notices/a.md")));
        assert!(s.selects(Path::new("/tmp/cfg/notices/x/b.md")));
        assert!(!s.selects(Path::new("/tmp/cfg/notices/old/c.md")));
        assert!(!s.selects(Path::new("/tmp/cfg/other/d.md")));
    }
}
