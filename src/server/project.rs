//! What each open notice is checked against, found as `check` finds it
//! (the closest `breachlint.toml`, front matter or the closest
//! `incident.toml`), except that a configuration or facts file open in the
//! editor is read from its buffer rather than from disk. Settings, facts and
//! compiled rule sets are cached until a file they come from changes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;

use crate::config::{RuleSetRef, Settings, find_config};
use crate::document::DocFormat;
use crate::engine::Engine;
use crate::error::Error;
use crate::facts::Facts;
use crate::lint::LintContext;
use crate::plan::{IncidentOptions, Planner, RuleSource};
use crate::report::FileReport;
use crate::source::SourceFile;

/// The text of files open in the editor, by absolute path.
pub type Overlay<'a> = &'a dyn Fn(&Path) -> Option<String>;

/// What one lint of a notice produced.
pub struct Outcome {
    /// The report, when the configuration and facts could be loaded.
    pub report: Result<FileReport, Error>,
    /// The engine used, for explanations and for checking fixes.
    pub engine: Option<Arc<Engine>>,
    /// The context used.
    pub cx: Option<LintContext>,
    /// Absolute paths of the TOML files the result depends on.
    pub deps: Vec<PathBuf>,
}

/// Settings, facts and engines for every notice in the workspace.
pub struct Project {
    source: RuleSource,
    today_override: Option<Date>,
    today: Date,
    planner: Planner,
    settings: HashMap<Option<PathBuf>, Arc<Settings>>,
    facts: HashMap<PathBuf, Arc<Facts>>,
}

impl Project {
    /// A project whose rule sets come from `source`, judged on `today` (the
    /// system date when `None`, read again at each lint).
    pub fn new(source: RuleSource, today: Option<Date>) -> Project {
        let day = today.unwrap_or_else(crate::calendar::today);
        Project {
            planner: Planner::new(Self::options(day), source.rulesets.clone()),
            source,
            today_override: today,
            today: day,
            settings: HashMap::new(),
            facts: HashMap::new(),
        }
    }

    fn options(today: Date) -> IncidentOptions {
        IncidentOptions {
            facts: None,
            notice_date: None,
            today,
        }
    }

    /// Forgets everything loaded: a configuration or rule set changed.
    pub fn reset(&mut self) {
        self.planner = Planner::new(Self::options(self.today), self.source.rulesets.clone());
        self.settings.clear();
        self.facts.clear();
    }

    /// Forgets the facts file at `path` (absolute), which changed.
    pub fn forget_facts(&mut self, path: &Path) {
        self.facts.remove(path);
        self.planner.forget_facts(path);
    }

    /// The settings for notices in `dir`, and the configuration file they come from.
    fn settings_for(
        &mut self,
        dir: &Path,
        overlay: Overlay<'_>,
    ) -> (Option<PathBuf>, Result<Arc<Settings>, Error>) {
        let config = if let Some(path) = &self.source.config {
            Some(std::path::absolute(path).unwrap_or(path.clone()))
        } else if self.source.isolated {
            None
        } else {
            find_config(dir)
        };
        if let Some(s) = self.settings.get(&config) {
            return (config, Ok(s.clone()));
        }
        let loaded = match &config {
            None => Ok(Settings::defaults()),
            Some(path) => match overlay(path) {
                Some(text) => Settings::parse(path, &text),
                None => Settings::load(path),
            },
        };
        match loaded {
            Ok(s) => {
                let s = Arc::new(s);
                self.settings.insert(config.clone(), s.clone());
                (config, Ok(s))
            }
            Err(e) => (config, Err(e)),
        }
    }

    /// The facts for `notice` (whose text is `text`), and the facts file
    /// they come from.
    fn facts_for(
        &mut self,
        notice: &Path,
        text: &str,
        format: DocFormat,
        overlay: Overlay<'_>,
    ) -> (Option<PathBuf>, Result<Option<Arc<Facts>>, Error>) {
        if format == DocFormat::Markdown
            && (crate::facts::split_front_matter(text).is_some()
                || crate::facts::unclosed_front_matter(text).is_some())
        {
            // Front matter changes with the buffer: what was chosen for its
            // previous facts no longer holds.
            self.planner.forget_facts(notice);
            let facts = crate::facts::for_notice(notice, text, None).map(|f| f.map(Arc::new));
            return (None, facts);
        }
        let Some(found) = crate::facts::find_facts_file(notice) else {
            return (None, Ok(None));
        };
        let path = std::path::absolute(&found).unwrap_or(found);
        if let Some(f) = self.facts.get(&path) {
            return (Some(path), Ok(Some(f.clone())));
        }
        let loaded = match overlay(&path) {
            Some(text) => crate::facts::parse(&path, &text).map_err(Error::from),
            None => crate::facts::load(&path),
        };
        match loaded {
            Ok(f) => {
                let f = Arc::new(f);
                self.facts.insert(path.clone(), f.clone());
                (Some(path), Ok(Some(f)))
            }
            Err(e) => (Some(path), Err(e)),
        }
    }

    /// Lints the notice at `path` (absolute) whose text is `text`.
    pub fn lint(
        &mut self,
        path: &Path,
        text: &str,
        format: DocFormat,
        overlay: Overlay<'_>,
    ) -> Outcome {
        let day = self.today_override.unwrap_or_else(crate::calendar::today);
        if day != self.today {
            // A server runs for days: deadlines are judged on the new date.
            self.today = day;
            self.reset();
        }
        let dir = path.parent().unwrap_or(Path::new("/"));
        let mut deps = Vec::new();
        let (config, settings) = self.settings_for(dir, overlay);
        deps.extend(config);
        let (facts_file, facts) = self.facts_for(path, text, format, overlay);
        deps.extend(facts_file);
        let failed = |e, deps| Outcome {
            report: Err(e),
            engine: None,
            cx: None,
            deps,
        };
        let settings = match settings {
            Ok(s) => s,
            Err(e) => return failed(e, deps),
        };
        let cwd = std::env::current_dir().unwrap_or_default();
        let named = self
            .source
            .rulesets
            .iter()
            .map(|r| RuleSetRef::parse(r, &cwd));
        for r in named.chain(crate::plan::candidates(&settings)) {
            if let RuleSetRef::File(p) = r {
                deps.push(std::path::absolute(&p).unwrap_or(p));
            }
        }
        let facts = match facts {
            Ok(f) => f,
            Err(e) => return failed(e, deps),
        };
        let engine = match self.planner.engine_for(&settings, facts.as_deref()) {
            Ok((engine, _)) => engine,
            Err(e) => return failed(e, deps),
        };
        let cx = LintContext {
            facts,
            today: self.today,
            notice_date: None,
            max_bytes: crate::lint::DEFAULT_MAX_MB * 1_000_000,
        };
        let report = if text.trim_start_matches('\u{feff}').trim().is_empty() {
            // A new, empty buffer: nothing to say yet.
            FileReport {
                path: crate::source::display_path(path),
                source: None,
                diagnostics: Vec::new(),
                error: None,
            }
        } else {
            let source = Arc::new(SourceFile::new(path, text));
            crate::lint::lint_source(&engine, source, format, &cx)
        };
        Outcome {
            report: Ok(report),
            engine: Some(engine),
            cx: Some(cx),
            deps,
        }
    }
}

/// Whether a change to the file at `changed` (absolute) can change what a
/// notice at `notice` that depended on `deps` is checked against: it is one
/// of them, or a configuration or facts file that could now be found first.
pub fn affects(changed: &Path, notice: &Path, deps: &[PathBuf]) -> bool {
    if deps.iter().any(|d| d == changed) {
        return true;
    }
    let name = changed.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let found_by_search =
        crate::config::CONFIG_NAMES.contains(&name) || name == crate::facts::FILE_NAME;
    found_by_search && changed.parent().is_some_and(|dir| notice.starts_with(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependents_are_the_files_used_and_those_that_could_be_found_first() {
        let notice = Path::new("/w/notices/a/n.md");
        let deps = [
            PathBuf::from("/w/breachlint.toml"),
            PathBuf::from("/w/sets/x.toml"),
        ];
        assert!(affects(Path::new("/w/sets/x.toml"), notice, &deps));
        assert!(affects(
            Path::new("/w/notices/incident.toml"),
            notice,
            &deps
        ));
        assert!(affects(
            Path::new("/w/notices/a/breachlint.toml"),
            notice,
            &deps
        ));
        assert!(!affects(Path::new("/w/other/incident.toml"), notice, &deps));
        assert!(!affects(
            Path::new("/w/notices/a/other.toml"),
            notice,
            &deps
        ));
    }
}
