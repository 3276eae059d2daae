//! The command-line interface. `main.rs` only calls [`main_with`].
//!
//! Findings go to stdout (or `--output`), errors and logs to stderr. Exit
//! codes: 0 nothing at or above the fail level, 1 findings, 2 usage,
//! configuration or I/O errors.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;

use crate::diagnostic::Severity;
use crate::error::{Error, SpannedError};
use crate::render::Format;

mod check;
mod deadlines;
mod explain;
mod extract;
mod jurisdictions;
mod merge_check;
mod rules;
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
    /// Run a language server on standard input and output, for editors.
    Server(ServerArgs),
    /// Check a mailing's rendered letters against the mail merge's recipients' list.
    MergeCheck(MergeCheckArgs),
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
    #[arg(long, env = "BREACHLINT_TODAY", value_name = "YYYY-MM-DD", value_parser = parse_date)]
    today: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: DeadlinesFormat,
}

/// Output of `deadlines`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum DeadlinesFormat {
    /// A readable listing.
    Text,
    /// JSON.
    Json,
    /// An iCalendar file: one all-day event per deadline, with its citation.
    Ics,
}

#[derive(Debug, Args)]
struct ServerArgs {
    #[command(flatten)]
    rules: SharedRuleArgs,
    /// Evaluate deadlines as of this date instead of today.
    #[arg(long, env = "BREACHLINT_TODAY", value_name = "YYYY-MM-DD", value_parser = parse_date)]
    today: Option<Date>,
    /// Accepted for editor clients that always pass it; standard input and output are the only transport.
    #[arg(long, hide = true)]
    stdio: bool,
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
    /// Files, folders (walked for *.md, *.markdown, *.txt) or globs; `-` reads one notice from standard input.
    #[arg(value_name = "PATHS")]
    paths: Vec<PathBuf>,
    /// Read the notice from standard input as if it were the file PATH: its format, configuration, facts and name in the output come from PATH.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    #[command(flatten)]
    rules: SharedRuleArgs,
    #[command(flatten)]
    report: ReportArgs,
    /// Largest notice to read, in megabytes; larger files are reported as errors.
    #[arg(long, value_name = "MB", default_value_t = crate::lint::DEFAULT_MAX_MB)]
    max_file_size: u64,
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
struct MergeCheckArgs {
    /// Rendered letters: files, folders (walked for *.md, *.markdown, *.txt) or globs; one letter per file.
    #[arg(value_name = "LETTERS", required = true)]
    letters: Vec<PathBuf>,
    /// The mail merge's data source: CSV with a header row.
    #[arg(long, value_name = "FILE")]
    recipients: PathBuf,
    /// The column that identifies a recipient (a member or account number).
    #[arg(long, value_name = "COLUMN")]
    key: String,
    /// Columns whose values identify a person (default: every column).
    #[arg(long, value_name = "COLUMNS", value_delimiter = ',')]
    fields: Option<Vec<String>>,
    /// Columns that make the full name, in order (default: a `name` column, or `first_name` and `last_name`).
    #[arg(long, value_name = "COLUMNS", value_delimiter = ',')]
    name: Option<Vec<String>>,
    #[command(flatten)]
    report: ReportArgs,
    /// Largest letter to read, in megabytes; larger files are reported as errors.
    #[arg(long, value_name = "MB", default_value_t = crate::lint::DEFAULT_MAX_MB)]
    max_file_size: u64,
    /// Keep letters' and recipients' text out of the report (the default here).
    #[arg(long, conflicts_with = "show_values")]
    redact: bool,
    /// Show letters' and recipients' text in the report: names, addresses, ids. Only on a trusted machine.
    #[arg(long)]
    show_values: bool,
}

/// How `check` and `merge-check` write their report and choose their exit code.
#[derive(Debug, Args)]
struct ReportArgs {
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
}

impl ReportArgs {
    /// The renderers' settings: colour only for the human format on a
    /// terminal, unless `--color` or `NO_COLOR` says otherwise.
    fn render_options(
        &self,
        timelines: Vec<crate::render::Timeline>,
    ) -> crate::render::RenderOptions {
        let color = match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                self.output.is_none()
                    && io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        crate::render::RenderOptions {
            color: color && self.format == Format::Human,
            output_path: self.output.as_ref().map(|p| p.display().to_string()),
            quiet: self.quiet,
            timelines,
        }
    }

    /// The exit code of a run: an unreadable file first, then findings at
    /// or above `--fail-on` unless `--exit-zero`.
    fn exit_code(&self, failed: bool, worst: Option<Severity>) -> i32 {
        if failed {
            EXIT_ERROR
        } else if !self.exit_zero && worst.is_some_and(|w| w >= self.fail_on) {
            EXIT_FINDINGS
        } else {
            EXIT_OK
        }
    }
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
    #[arg(long, env = "BREACHLINT_TODAY", value_name = "YYYY-MM-DD", value_parser = parse_date)]
    today: Option<Date>,
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>()
        .map_err(|_| format!("`{s}` is not a date; write YYYY-MM-DD"))
}

impl IncidentArgs {
    /// The incident options of a run; "today" is read once, here.
    fn options(&self) -> crate::plan::IncidentOptions {
        crate::plan::IncidentOptions {
            facts: self.facts.clone(),
            notice_date: self.notice_date,
            today: self.today.unwrap_or_else(crate::calendar::today),
        }
    }
}

impl SharedRuleArgs {
    fn source(&self) -> crate::plan::RuleSource {
        crate::plan::RuleSource {
            rulesets: self.rulesets.clone(),
            config: self.config.clone(),
            isolated: self.isolated,
        }
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
    /// Output one Markdown table of the rule sets: deadlines, reports,
    /// required and forbidden content, verification (docs/jurisdictions.md).
    #[arg(long, conflicts_with = "json")]
    markdown: bool,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
}

/// What the program around the library tunes in its own process, told
/// when a run turns out to need it.
///
/// The library does not know the allocator the binary runs on; the binary
/// knows nothing of a run until its arguments are read. These calls join
/// the two.
#[derive(Debug, Clone, Copy)]
pub struct Hooks {
    /// Called once, before linting, when `check` is about to lint a
    /// megabyte or more of text, or more than 256 files: a run that
    /// frees and allocates a notice's worth at a time for long enough that
    /// memory is better returned to the system at once. A lone notice
    /// is over in tens of milliseconds, too soon for that to pay.
    pub long_run: fn(),
}

impl Default for Hooks {
    fn default() -> Hooks {
        Hooks { long_run: || {} }
    }
}

/// Runs the command line and returns the exit code. The process is meant
/// to exit next: `check` leaves what it compiled for the exit to free.
pub fn main() -> i32 {
    main_with(Hooks::default())
}

/// [`main`], with the binary's [`Hooks`].
pub fn main_with(hooks: Hooks) -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Command::Check(args) => check::run(args, hooks),
        Command::Rules(args) => rules::run(args),
        Command::Explain { rule, rulesets } => explain::run(&rule, &rulesets),
        Command::Verify { rulesets } => verify::run(&rulesets),
        Command::Extract { files, format } => extract::run(&files, format == ListFormat::Json),
        Command::Deadlines(args) => deadlines::run(args),
        Command::Server(args) => Ok(crate::server::run_stdio(crate::server::Options {
            rules: args.rules.source(),
            today: args.today,
            ..crate::server::Options::default()
        })),
        Command::MergeCheck(args) => merge_check::run(args),
    };
    match result {
        Ok(code) => code,
        // The reader of our output went away (`breachlint … | head`): like
        // other Unix tools, stop quietly; nobody is left to read an error.
        Err(Error::Io { source, .. }) if source.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
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
    let id = files.add(s.path.display().to_string(), &*s.source);
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

// The renderers know nothing of the command line; this is how clap reads
// and lists their formats.
impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Format::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()).help(self.summary()))
    }
}
