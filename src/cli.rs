//! The command-line interface. `main.rs` only calls [`main`].
//!
//! Findings go to stdout (or `--output`), errors and logs to stderr. Exit
//! codes: 0 nothing at or above the fail level, 1 findings, 2 usage,
//! configuration or I/O errors.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::{RuleSetRef, Settings, find_config};
use crate::diagnostic::Severity;
use crate::engine::Engine;
use crate::error::{Error, SpannedError};
use crate::facts::Facts;
use crate::incident::{Incident, Truth};
use crate::lint::LintContext;
use crate::render::{self, Format, RenderOptions};
use crate::report::{FileReport, Report};
use crate::walk;

mod deadlines;
mod explain;
mod extract;
mod verify;

/// Exit code: nothing at or above the fail level.
pub const EXIT_OK: i32 = 0;
/// Exit code: findings at or above the fail level.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: usage, configuration or I/O error.
pub const EXIT_ERROR: i32 = 2;

/// Lint data-breach notification letters against the law.
#[derive(Debug, Parser)]
#[command(name = "breachlint", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check notices (files, folders or globs; default: the current folder).
    Check(CheckArgs),
    /// List the rules of the loaded rule sets.
    Rules(RulesArgs),
    /// Explain a rule: what it checks, why, the citation, how to fix it.
    Explain {
        /// Rule id, e.g. `california/heading-order`.
        rule: String,
        /// Also look in these rule sets (built-in names or .toml paths).
        #[arg(long = "ruleset", value_name = "NAME|PATH")]
        rulesets: Vec<String>,
    },
    /// Show what breachlint reads from notices: dates and their roles, counts, phone numbers, data types.
    Extract {
        /// Notice files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
    },
    /// List every notification obligation for an incident, with its deadline and status.
    Deadlines(DeadlinesArgs),
    /// Run the inline tests ([[rule.test]]) of rule sets.
    Verify {
        /// Built-in names or .toml paths (default: every built-in rule set).
        rulesets: Vec<String>,
    },
}

/// Output of the listing commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    /// A readable listing.
    Text,
    /// JSON.
    Json,
}

#[derive(Debug, Args)]
struct DeadlinesArgs {
    /// The incident facts file (default: incident.toml in this folder or above).
    #[arg(long, value_name = "FILE")]
    facts: Option<PathBuf>,
    /// Use these rule sets (default: the configured or built-in ones that apply).
    #[arg(long = "ruleset", value_name = "NAME|PATH")]
    rulesets: Vec<String>,
    /// Evaluate as of this date instead of today.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    today: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: ListFormat,
}

/// When to use colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Args)]
struct SharedRuleArgs {
    /// Rule set to use, by built-in name or path to a TOML file (repeatable). Replaces the configured or default rule sets.
    #[arg(long = "ruleset", value_name = "NAME|PATH")]
    rulesets: Vec<String>,
    /// Use this configuration file instead of searching for breachlint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore all configuration files.
    #[arg(long)]
    isolated: bool,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Files, folders (walked for *.md, *.markdown, *.txt) or globs.
    #[arg(value_name = "PATHS")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    rules: SharedRuleArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "human", env = "BREACHLINT_FORMAT")]
    format: Format,
    /// When to use colour (human format).
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_name = "LEVEL", default_value = "error", value_parser = parse_severity)]
    fail_on: Severity,
    /// Exit 0 even when there are findings (still 2 on errors).
    #[arg(long)]
    exit_zero: bool,
    /// Print findings only: no summary line.
    #[arg(short, long)]
    quiet: bool,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Print the number of findings per rule after the report.
    #[arg(long)]
    statistics: bool,
    /// Keep the notice's text out of every output: snippets and quotes are masked.
    #[arg(long)]
    redact: bool,
    /// Apply the config's include/exclude globs to files named explicitly too (for pre-commit).
    #[arg(long)]
    force_exclude: bool,
    #[command(flatten)]
    incident: IncidentArgs,
    /// Say which rule sets apply to each notice, and why.
    #[arg(short, long)]
    verbose: bool,
}

#[derive(Debug, Args)]
struct IncidentArgs {
    /// Incident facts file (default: front matter, or incident.toml beside or above the notice).
    #[arg(long, value_name = "FILE")]
    facts: Option<PathBuf>,
    /// The date the notice will be published (default: the facts file's notice-date, the letter's date, or today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    notice_date: Option<Date>,
    /// Evaluate deadlines as of this date instead of today.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    today: Option<Date>,
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>()
        .map_err(|_| format!("`{s}` is not a date; write YYYY-MM-DD"))
}

impl IncidentArgs {
    fn today(&self) -> Date {
        self.today
            .unwrap_or_else(|| jiff::ZonedDateTime::now().date())
    }
}

#[derive(Debug, Args)]
struct RulesArgs {
    #[command(flatten)]
    rules: SharedRuleArgs,
    /// List every built-in rule set, not only the configured ones.
    #[arg(long)]
    all: bool,
    /// Output as JSON.
    #[arg(long)]
    json: bool,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
}

/// Runs the command line and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(args) => rules(args),
        Command::Explain { rule, rulesets } => explain::run(&rule, &rulesets),
        Command::Verify { rulesets } => verify::run(&rulesets),
        Command::Extract { files, format } => extract::run(&files, format == ListFormat::Json),
        Command::Deadlines(args) => deadlines::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            print_error(&e);
            EXIT_ERROR
        }
    }
}

fn stderr_color() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints an error to stderr; located errors are drawn like compiler errors.
pub fn print_error(e: &Error) {
    let mut err = io::stderr().lock();
    match e {
        Error::Spanned(s) => {
            let _ = render_spanned(s, stderr_color(), &mut err);
        }
        other => {
            let _ = writeln!(err, "error: {other}");
        }
    }
}

/// Renders a located error in a TOML file with codespan.
pub fn render_spanned(s: &SpannedError, color: bool, out: &mut dyn Write) -> io::Result<()> {
    use codespan_reporting::diagnostic::{Diagnostic, Label};
    use codespan_reporting::files::SimpleFiles;
    use codespan_reporting::term::{self, Config, termcolor::Ansi};
    let mut files = SimpleFiles::new();
    let id = files.add(s.path.display().to_string(), s.source.as_str());
    let mut d = Diagnostic::error().with_message(&s.message);
    if let Some(span) = s.span {
        let end = span.end.min(s.source.len());
        let start = span.start.min(end);
        d = d.with_labels(vec![
            Label::primary(id, start..end).with_message(s.label.clone().unwrap_or_default()),
        ]);
    } else {
        d = d.with_notes(vec![format!("in {}", s.path.display())]);
    }
    if let Some(h) = &s.help {
        d.notes.push(format!("help: {h}"));
    }
    let config = Config::default();
    let r = if color {
        term::emit_to_write_style(&mut Ansi::new(&mut *out), &config, &files, &d)
    } else {
        term::emit_to_io_write(out, &config, &files, &d)
    };
    r.map_err(|e| io::Error::other(e.to_string()))
}

/// Settings for each notice, found once per folder.
struct Resolver {
    fixed: Option<Arc<Settings>>,
    by_config: HashMap<Option<PathBuf>, Arc<Settings>>,
    by_dir: HashMap<PathBuf, Arc<Settings>>,
}

impl Resolver {
    fn new(args: &SharedRuleArgs) -> Result<Resolver, Error> {
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

    fn for_dir(&mut self, dir: &Path) -> Result<Arc<Settings>, Error> {
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

/// Decides, per notice, which facts and which compiled rule sets apply.
/// Everything is loaded and compiled once and shared.
struct Planner<'a> {
    args: &'a IncidentArgs,
    cli_rulesets: &'a [String],
    facts_files: HashMap<PathBuf, Arc<Facts>>,
    facts_by_dir: HashMap<PathBuf, Option<PathBuf>>,
    sets: HashMap<RuleSetRef, crate::rules::RuleSet>,
    engines: HashMap<(usize, Vec<RuleSetRef>), Arc<Engine>>,
}

impl<'a> Planner<'a> {
    fn new(args: &'a IncidentArgs, cli_rulesets: &'a [String]) -> Self {
        Planner {
            args,
            cli_rulesets,
            facts_files: HashMap::new(),
            facts_by_dir: HashMap::new(),
            sets: HashMap::new(),
            engines: HashMap::new(),
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
    fn facts_for(&mut self, notice: &Path) -> Result<Option<Arc<Facts>>, Error> {
        if let Some(f) = &self.args.facts {
            return self.load_facts_file(f).map(Some);
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

    fn load_set(&mut self, r: &RuleSetRef) -> Result<crate::rules::RuleSet, Error> {
        if let Some(s) = self.sets.get(r) {
            return Ok(s.clone());
        }
        let s = r.load()?;
        self.sets.insert(r.clone(), s.clone());
        Ok(s)
    }

    /// The engine for a notice under `settings` with `facts`, and a sentence
    /// saying which rule sets apply and why.
    fn engine_for(
        &mut self,
        settings: &Arc<Settings>,
        facts: Option<&Facts>,
    ) -> Result<(Arc<Engine>, String), Error> {
        let (refs, why): (Vec<RuleSetRef>, String) = if !self.cli_rulesets.is_empty() {
            let cwd = PathBuf::from(".");
            let refs: Vec<RuleSetRef> = self
                .cli_rulesets
                .iter()
                .map(|r| RuleSetRef::parse(r, &cwd))
                .collect();
            (refs, "rule sets named with --ruleset".into())
        } else if let Some(facts) = facts {
            // With facts, every candidate rule set is checked for whether it applies.
            let candidates: Vec<RuleSetRef> = if settings.explicit_rulesets {
                settings.rulesets.clone()
            } else {
                crate::rules::builtin::names()
                    .map(|n| RuleSetRef::Builtin(n.into()))
                    .collect()
            };
            let incident = Incident::from_facts(facts, self.args.today(), self.args.notice_date);
            let mut chosen = Vec::new();
            let mut reasons = Vec::new();
            for r in candidates {
                let set = self.load_set(&r)?;
                match set.applies_when.as_ref().map(|c| incident.eval(c)) {
                    None => {
                        reasons.push(format!("{} (always applies)", set.id));
                        chosen.push(r);
                    }
                    Some(Truth::Yes) => {
                        reasons.push(format!("{} (its conditions hold)", set.id));
                        chosen.push(r);
                    }
                    Some(Truth::Unknown(missing)) => {
                        reasons.push(format!(
                            "{} (applied because the facts do not give {missing})",
                            set.id
                        ));
                        chosen.push(r);
                    }
                    Some(Truth::No) => {
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
        };
        let key = (Arc::as_ptr(settings) as usize, refs.clone());
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
}

fn check(args: CheckArgs) -> Result<i32, Error> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (candidates, missing) = walk::collect(&paths);
    let mut resolver = Resolver::new(&args.rules)?;
    let mut planner = Planner::new(&args.incident, &args.rules.rulesets);
    let mut jobs: Vec<(PathBuf, Arc<Engine>, LintContext)> = Vec::new();
    for c in candidates {
        let dir = c.path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let settings = resolver.for_dir(&dir)?;
        let abs = std::path::absolute(&c.path).unwrap_or(c.path.clone());
        let selected = if c.explicit && !args.force_exclude {
            true
        } else {
            settings.selects(&abs)
        };
        if !selected {
            continue;
        }
        let facts = planner.facts_for(&c.path)?;
        let (engine, why) = planner.engine_for(&settings, facts.as_deref())?;
        if args.verbose {
            let source = match &facts {
                Some(f) => format!("facts from {}", f.path().display()),
                None => "no facts file".to_string(),
            };
            eprintln!("{}: {source}; {why}", crate::source::display_path(&c.path));
        }
        let cx = LintContext {
            facts,
            today: args.incident.today(),
            notice_date: args.incident.notice_date,
        };
        jobs.push((c.path, engine, cx));
    }
    // Rule sets must load even when there is nothing to lint, so a broken config is noticed.
    if jobs.is_empty() {
        let settings = resolver.for_dir(Path::new("."))?;
        planner.engine_for(&settings, None)?;
    }

    let mut files: Vec<FileReport> = jobs
        .par_iter()
        .map(|(path, engine, cx)| crate::lint::lint_path(engine, path, cx))
        .collect();
    for m in &missing {
        files.push(FileReport::failed(
            crate::source::display_path(&m.arg),
            "io",
            m.reason.clone(),
        ));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut rules = std::collections::BTreeMap::new();
    for e in planner.engines.values() {
        rules.extend(e.rule_infos());
    }
    let mut report = Report { files, rules };
    if args.redact {
        report = crate::redact::redact(&report);
    }

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none()
                && io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let opts = RenderOptions {
        color: color && args.format == Format::Human,
        output_path: args.output.as_ref().map(|p| p.display().to_string()),
        quiet: args.quiet,
    };
    let mut buf = Vec::new();
    render::render(args.format, &report, &opts, &mut buf)
        .map_err(|e| Error::Usage(format!("cannot render the report: {e}")))?;
    if args.statistics {
        write_statistics(&report, &mut buf).map_err(|e| Error::io("<stdout>", e))?;
    }
    match &args.output {
        Some(path) => write_atomically(path, &buf)?,
        None => {
            let mut out = io::stdout().lock();
            // A closed pipe (e.g. `| head`) is not an error worth reporting.
            if let Err(e) = out.write_all(&buf).and_then(|_| out.flush()) {
                if e.kind() != io::ErrorKind::BrokenPipe {
                    return Err(Error::io("<stdout>", e));
                }
            }
        }
    }

    if report.files.iter().any(|f| f.error.is_some()) {
        return Ok(EXIT_ERROR);
    }
    if !args.exit_zero && report.has_findings_at(args.fail_on) {
        return Ok(EXIT_FINDINGS);
    }
    Ok(EXIT_OK)
}

fn write_statistics(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let stats = report.statistics();
    if stats.is_empty() {
        return Ok(());
    }
    let width = stats.iter().map(|s| s.0.len()).max().unwrap_or(0);
    writeln!(out)?;
    for (rule, sev, n) in stats {
        let msg = report
            .rules
            .get(&rule)
            .map(|r| r.message.as_str())
            .unwrap_or("");
        writeln!(out, "{n:>5}  {rule:<width$}  {:<7}  {msg}", sev.as_str())?;
    }
    Ok(())
}

/// Writes `data` to `path` through a temporary file in the same folder, so
/// readers never see a half-written report.
pub fn write_atomically(path: &Path, data: &[u8]) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    tmp.write_all(data).map_err(|e| Error::io(path, e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// Loads the rule sets named on the command line, or else the configured ones.
fn load_sets(args: &SharedRuleArgs, all: bool) -> Result<Vec<crate::rules::RuleSet>, Error> {
    let refs: Vec<RuleSetRef> = if all {
        crate::rules::builtin::names()
            .map(|n| RuleSetRef::Builtin(n.into()))
            .collect()
    } else if !args.rulesets.is_empty() {
        args.rulesets
            .iter()
            .map(|r| RuleSetRef::parse(r, Path::new(".")))
            .collect()
    } else {
        Resolver::new(args)?
            .for_dir(Path::new("."))?
            .rulesets
            .clone()
    };
    refs.iter().map(RuleSetRef::load).collect()
}

fn rules(args: RulesArgs) -> Result<i32, Error> {
    let sets = load_sets(&args.rules, args.all)?;
    let mut out = io::stdout().lock();
    let w = |e| Error::io("<stdout>", e);
    if args.json {
        let list: Vec<_> = sets
            .iter()
            .flat_map(|s| s.rules.iter().map(|r| &r.info))
            .collect();
        serde_json::to_writer_pretty(&mut out, &list)
            .map_err(|e| Error::io("<stdout>", e.into()))?;
        writeln!(out).map_err(w)?;
        return Ok(EXIT_OK);
    }
    let id_w = sets
        .iter()
        .flat_map(|s| &s.rules)
        .map(|r| r.info.id.len())
        .max()
        .unwrap_or(2)
        .max(2);
    let cite_w = sets
        .iter()
        .flat_map(|s| &s.rules)
        .map(|r| r.info.cite.chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, 36);
    writeln!(
        out,
        "{:<id_w$}  {:<8} {:<cite_w$}  TITLE",
        "ID", "SEVERITY", "CITE"
    )
    .map_err(w)?;
    let mut unverified = false;
    for s in &sets {
        for r in &s.rules {
            let mark = if r.info.verified { " " } else { "*" };
            unverified |= !r.info.verified;
            let cite: String = r.info.cite.chars().take(cite_w).collect();
            writeln!(
                out,
                "{:<id_w$}  {:<8} {:<cite_w$} {mark}{}",
                r.info.id,
                r.info.severity.as_str(),
                cite,
                r.info.title
            )
            .map_err(w)?;
        }
    }
    if unverified {
        writeln!(out, "\n* rests on secondary or unverified sources; have counsel confirm before relying on it").map_err(w)?;
    }
    Ok(EXIT_OK)
}
