//! Deciding, for each notice, which configuration, facts and compiled rule
//! sets apply, and which rule sets an incident's obligations come from.
//! Everything is loaded and compiled once and shared. `check`, `deadlines`
//! and `rules` use it, and so can an editor server.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;

use crate::config::{RuleSetRef, Settings, find_config};
use crate::engine::Engine;
use crate::error::Error;
use crate::facts::Facts;
use crate::incident::{Incident, Truth};

/// Where rule sets come from, as the command line says.
#[derive(Clone, Debug, Default)]
pub struct RuleSource {
    /// Rule sets named with `--ruleset` (names or paths); they replace the
    /// configured or default ones and `applies-when` is not consulted.
    pub rulesets: Vec<String>,
    /// A configuration file to use instead of searching for `breachlint.toml`.
    pub config: Option<PathBuf>,
    /// Ignore configuration files.
    pub isolated: bool,
}

/// What the incident facts of a run come from.
#[derive(Clone, Debug)]
pub struct IncidentOptions {
    /// `--facts`: one facts file for every notice.
    pub facts: Option<PathBuf>,
    /// `--notice-date`.
    pub notice_date: Option<Date>,
    /// The day deadlines are judged on.
    pub today: Date,
}

/// The rule sets to choose from when a facts file decides: those the
/// configuration names, or every built-in one.
pub fn candidates(settings: &Settings) -> Vec<RuleSetRef> {
    if settings.explicit_rulesets {
        settings.rulesets.clone()
    } else {
        crate::rules::builtin::names()
            .map(|n| RuleSetRef::Builtin(n.into()))
            .collect()
    }
}

/// Settings for each notice, found once per folder.
pub struct Resolver {
    fixed: Option<Arc<Settings>>,
    by_config: HashMap<Option<PathBuf>, Arc<Settings>>,
    by_dir: HashMap<PathBuf, Arc<Settings>>,
}

impl Resolver {
    /// A resolver for rule sources `args`.
    pub fn new(args: &RuleSource) -> Result<Resolver, Error> {
        let fixed = if let Some(path) = &args.config {
            Some(Arc::new(Settings::load(path)?))
        } else if args.isolated {
            Some(Arc::new(Settings::defaults()))
        } else {
            None
        };
        Ok(Resolver {
            fixed,
            by_config: HashMap::new(),
            by_dir: HashMap::new(),
        })
    }

    /// The settings for notices in `dir`: the closest `breachlint.toml`.
    pub fn for_dir(&mut self, dir: &Path) -> Result<Arc<Settings>, Error> {
        if let Some(s) = &self.fixed {
            return Ok(s.clone());
        }
        if let Some(s) = self.by_dir.get(dir) {
            return Ok(s.clone());
        }
        let config = find_config(dir);
        let settings = match self.by_config.get(&config) {
            Some(s) => s.clone(),
            None => {
                let s = Arc::new(match &config {
                    Some(p) => Settings::load(p)?,
                    None => Settings::defaults(),
                });
                self.by_config.insert(config, s.clone());
                s
            }
        };
        self.by_dir.insert(dir.to_path_buf(), settings.clone());
        Ok(settings)
    }
}

/// Whether the file begins with a `+++` line (after an optional byte order mark).
fn starts_with_front_matter(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 6];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let head = &head[..n];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    head.starts_with(b"+++")
}

/// The rule sets chosen for a notice, and a sentence saying why.
type Choice = (Vec<RuleSetRef>, String);

/// What a choice depends on: the configuration file, and the facts file with
/// the places of a variant of the letter (`variant-for`).
type ChoiceKey = (
    Option<PathBuf>,
    Option<(PathBuf, Vec<crate::facts::Region>)>,
);

/// Decides, per notice, which facts and which compiled rule sets apply.
/// Everything is loaded and compiled once and shared.
pub struct Planner {
    args: IncidentOptions,
    cli_rulesets: Vec<String>,
    facts_files: HashMap<PathBuf, Arc<Facts>>,
    facts_by_dir: HashMap<PathBuf, Option<PathBuf>>,
    sets: HashMap<RuleSetRef, crate::rules::RuleSet>,
    /// Engines per (configuration file, rule sets).
    engines: HashMap<(Option<PathBuf>, Vec<RuleSetRef>), Arc<Engine>>,
    /// Rule sets chosen per (configuration file, facts file): many notices
    /// share one configuration and one incident.toml.
    choices: HashMap<ChoiceKey, Choice>,
}

impl Planner {
    /// A planner for incidents described by `args`; `cli_rulesets` are the
    /// rule sets named on the command line, if any.
    pub fn new(args: IncidentOptions, cli_rulesets: Vec<String>) -> Self {
        Planner {
            args,
            cli_rulesets,
            facts_files: HashMap::new(),
            facts_by_dir: HashMap::new(),
            sets: HashMap::new(),
            engines: HashMap::new(),
            choices: HashMap::new(),
        }
    }

    fn load_facts_file(&mut self, path: &Path) -> Result<Arc<Facts>, Error> {
        if let Some(f) = self.facts_files.get(path) {
            return Ok(f.clone());
        }
        let f = Arc::new(crate::facts::load(path)?);
        self.facts_files.insert(path.to_path_buf(), f.clone());
        Ok(f)
    }

    /// `--facts`, else the notice's front matter, else an incident.toml beside or above it.
    pub fn facts_for(&mut self, notice: &Path) -> Result<Option<Arc<Facts>>, Error> {
        if let Some(f) = self.args.facts.clone() {
            return self.load_facts_file(&f).map(Some);
        }
        // Only Markdown notices carry front matter; a peek at the first bytes
        // decides whether to read the whole file here.
        if crate::document::DocFormat::from_path(notice) == crate::document::DocFormat::Markdown
            && starts_with_front_matter(notice)
        {
            if let Ok(bytes) = std::fs::read(notice) {
                let text = String::from_utf8_lossy(&bytes);
                return Ok(crate::facts::for_notice(notice, &text, None)?.map(Arc::new));
            }
        }
        self.facts_beside(notice)
    }

    /// Like [`Planner::facts_for`], for a notice whose text is at hand
    /// (standard input, an editor's buffer) rather than on disk at `notice`.
    pub fn facts_for_text(
        &mut self,
        notice: &Path,
        text: &str,
    ) -> Result<Option<Arc<Facts>>, Error> {
        if let Some(f) = self.args.facts.clone() {
            return self.load_facts_file(&f).map(Some);
        }
        if crate::document::DocFormat::from_path(notice) == crate::document::DocFormat::Markdown
            && text.trim_start_matches('\u{feff}').starts_with("+++")
        {
            return Ok(crate::facts::for_notice(notice, text, None)?.map(Arc::new));
        }
        self.facts_beside(notice)
    }

    /// The incident.toml beside or above `notice`.
    fn facts_beside(&mut self, notice: &Path) -> Result<Option<Arc<Facts>>, Error> {
        let dir = notice.parent().unwrap_or(Path::new(".")).to_path_buf();
        let found = match self.facts_by_dir.get(&dir) {
            Some(f) => f.clone(),
            None => {
                let f = crate::facts::find_facts_file(notice);
                self.facts_by_dir.insert(dir, f.clone());
                f
            }
        };
        match found {
            Some(p) => self.load_facts_file(&p).map(Some),
            None => Ok(None),
        }
    }

    /// Forgets which rule sets were chosen with the facts in `facts` (a facts
    /// file, or a notice with front matter), for when those facts have changed
    /// since: an editor's buffer changes under the same path. Compiled rule
    /// sets are kept.
    pub fn forget_facts(&mut self, facts: &Path) {
        self.choices
            .retain(|(_, f), _| f.as_ref().map(|(p, _)| p.as_path()) != Some(facts));
        self.facts_files.remove(facts);
    }

    /// Every engine built so far.
    pub fn engines(&self) -> impl Iterator<Item = &Arc<Engine>> {
        self.engines.values()
    }

    /// Rule set `r`, its patterns checked.
    fn load_set(&mut self, r: &RuleSetRef) -> Result<crate::rules::RuleSet, Error> {
        let mut s = self.peek_set(r)?;
        if !s.is_validated() {
            s.validate()?;
            self.sets.insert(r.clone(), s.clone());
        }
        Ok(s)
    }

    /// Rule set `r`, perhaps with its patterns not yet checked: enough to
    /// decide whether it applies, so a rule set that does not apply costs
    /// only its reading.
    fn peek_set(&mut self, r: &RuleSetRef) -> Result<crate::rules::RuleSet, Error> {
        if let Some(s) = self.sets.get(r) {
            return Ok(s.clone());
        }
        let s = r.load_deferred()?;
        self.sets.insert(r.clone(), s.clone());
        Ok(s)
    }

    /// The engine for a notice under `settings` with `facts`, and a sentence
    /// saying which rule sets apply and why.
    pub fn engine_for(
        &mut self,
        settings: &Arc<Settings>,
        facts: Option<&Facts>,
    ) -> Result<(Arc<Engine>, String), Error> {
        // Settings are identified by their configuration file (none: the
        // defaults) and facts by theirs (the notice itself for front matter).
        // A variant of a letter shares its incident.toml but not its places.
        let choice_key = (
            settings.path.clone(),
            facts.map(|f| (f.path().to_path_buf(), f.variant_for().collect::<Vec<_>>())),
        );
        let (refs, why) = match self.choices.get(&choice_key) {
            Some(c) => c.clone(),
            None => {
                let c = self.choose(settings, facts)?;
                self.choices.insert(choice_key, c.clone());
                c
            }
        };
        let key = (settings.path.clone(), refs.clone());
        if let Some(e) = self.engines.get(&key) {
            return Ok((e.clone(), why));
        }
        let sets = refs
            .iter()
            .map(|r| self.load_set(r))
            .collect::<Result<Vec<_>, _>>()?;
        let engine =
            Arc::new(Engine::new(sets, &settings.overrides).map_err(|e| Error::Usage(e.0))?);
        self.engines.insert(key, engine.clone());
        Ok((engine, why))
    }

    /// Which rule sets apply under `settings` with `facts`, and a sentence saying why.
    fn choose(
        &mut self,
        settings: &Arc<Settings>,
        facts: Option<&Facts>,
    ) -> Result<(Vec<RuleSetRef>, String), Error> {
        Ok(if !self.cli_rulesets.is_empty() {
            let cwd = PathBuf::from(".");
            let refs: Vec<RuleSetRef> = self
                .cli_rulesets
                .iter()
                .map(|r| RuleSetRef::parse(r, &cwd))
                .collect();
            (refs, "rule sets named with --ruleset".into())
        } else if let Some(facts) = facts {
            // With facts, every candidate rule set is checked for whether it applies.
            let candidates = candidates(settings);
            let incident = Incident::from_facts(facts, self.args.today, self.args.notice_date);
            let mut chosen = Vec::new();
            let mut reasons = Vec::new();
            for r in candidates {
                let set = self.peek_set(&r)?;
                match set.applies_to(&incident) {
                    Truth::Yes if set.applies_when.is_none() => {
                        reasons.push(format!("{} (always applies)", set.id));
                        chosen.push(r);
                    }
                    Truth::Yes => {
                        reasons.push(format!("{} (its conditions hold)", set.id));
                        chosen.push(r);
                    }
                    Truth::Unknown(missing) => {
                        reasons.push(format!(
                            "{} (applied because the facts do not give {missing})",
                            set.id
                        ));
                        chosen.push(r);
                    }
                    Truth::No => {
                        reasons.push(format!("not {} (its conditions do not hold)", set.id))
                    }
                }
            }
            (chosen, format!("rule sets: {}", reasons.join(", ")))
        } else {
            let names: Vec<String> = settings
                .rulesets
                .iter()
                .map(|r| match r {
                    RuleSetRef::Builtin(n) => n.clone(),
                    RuleSetRef::File(p) => p.display().to_string(),
                })
                .collect();
            let from = if settings.path.is_some() {
                "the configuration"
            } else {
                "the defaults"
            };
            (
                settings.rulesets.clone(),
                format!("rule sets from {from}: {}", names.join(", ")),
            )
        })
    }
}
