//! `breachlint check`: lint notices and print the report.

use std::collections::{HashMap, HashSet};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::CheckArgs;
use crate::engine::Engine;
use crate::error::Error;
use crate::lint::LintContext;
use crate::plan::{Planner, Resolver};
use crate::render::{Format, Stream};
use crate::report::{FileReport, Report, Statistics};
use crate::source::same_file;
use crate::walk;

pub(super) fn run(args: CheckArgs, hooks: super::Hooks) -> Result<i32, Error> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let stdin = read_stdin(&args)?;
    let (files, missing) = match &stdin {
        Some((name, _)) => (walk::Files::one(name), Vec::new()),
        None => walk::collect(&paths),
    };
    // Before anything is allocated, so that all of it is returned alike.
    if is_long_run(&files, stdin.as_ref().map(|(_, b)| b.as_slice())) {
        (hooks.long_run)();
    }
    if !files.is_empty() {
        // The extraction patterns compile on the other core while the rule
        // sets load.
        crate::extract::warm_up_in_background();
    }
    let mut resolver = Resolver::new(&args.rules.source())?;
    let incident = args.incident.options();
    // One date for the whole run, so every notice is judged on the same day.
    let today = incident.today;
    let mut planner = Planner::new(incident, args.rules.rulesets.clone());
    // What to report, in name order: each file to lint, as its index in
    // `files` and in `groups` (most files share an engine and facts, so a
    // job is two numbers), and the arguments that named nothing.
    let mut order: Vec<Slot> = Vec::with_capacity(files.len() + missing.len());
    let mut linted = 0usize;
    let mut groups: Vec<(Arc<Engine>, LintContext)> = Vec::new();
    let mut group_of: HashMap<(*const Engine, *const crate::facts::Facts), u32> = HashMap::new();
    // Facts files that list the incident's documents, once each.
    let mut bundles: Vec<Arc<crate::facts::Facts>> = Vec::new();
    // Each incident's facts and rule sets, once each, for the html timeline.
    let mut incidents: Vec<(Arc<crate::facts::Facts>, Arc<Engine>)> = Vec::new();
    for listed in walk::report_order(&files, &missing) {
        let i = match listed {
            walk::Listed::File(i) => i,
            walk::Listed::Missing(m) => {
                order.push(Slot::Failed(m as u32));
                continue;
            }
        };
        let (path, explicit) = (files.path(i), files.explicit(i));
        let path: &Path = &path;
        let dir = path.parent().unwrap_or(Path::new("."));
        let settings = resolver.for_dir(dir)?;
        let selected = if explicit && !args.force_exclude {
            true
        } else {
            let abs = std::path::absolute(path).unwrap_or(path.to_path_buf());
            settings.selects(&abs)
        };
        if !selected {
            continue;
        }
        let facts = match &stdin {
            Some((_, bytes)) => planner.facts_for_text(path, &String::from_utf8_lossy(bytes))?,
            None => planner.facts_for(path)?,
        };
        if let Some(f) = &facts {
            if !f.documents().is_empty() && !bundles.iter().any(|b| b.path() == f.path()) {
                bundles.push(f.clone());
            }
        }
        let (engine, why) = planner.engine_for(&settings, facts.as_deref())?;
        if let Some(f) = &facts {
            if !incidents.iter().any(|(i, _)| i.path() == f.path()) {
                incidents.push((f.clone(), engine.clone()));
            }
        }
        if args.verbose {
            let source = match &facts {
                Some(f) => {
                    let variant: Vec<&str> = f.variant_for().map(|r| r.code()).collect();
                    if variant.is_empty() {
                        format!("facts from {}", f.path().display())
                    } else {
                        format!(
                            "facts from {}, residents narrowed to {} by variant-for",
                            f.path().display(),
                            variant.join(", ")
                        )
                    }
                }
                None => "no facts file".to_string(),
            };
            eprintln!("{}: {source}; {why}", crate::source::display_path(path));
        }
        let key = (
            Arc::as_ptr(&engine),
            facts.as_ref().map_or(std::ptr::null(), Arc::as_ptr),
        );
        let group = *group_of.entry(key).or_insert_with(|| {
            groups.push((
                engine,
                LintContext {
                    facts,
                    today,
                    notice_date: args.incident.notice_date,
                    max_bytes: args.max_file_size.saturating_mul(1_000_000),
                },
            ));
            (groups.len() - 1) as u32
        });
        order.push(Slot::Lint(Job::new(i, group)));
        linted += 1;
    }
    // Rule sets must load even when there is nothing to lint, so a broken config is noticed.
    if linted == 0 {
        let settings = resolver.for_dir(Path::new("."))?;
        planner.engine_for(&settings, None)?;
    }

    match warm_up(linted, rayon::current_num_threads()) {
        WarmUp::Nothing => {}
        WarmUp::Scans => planner.engines().for_each(Engine::build_scan_in_background),
        WarmUp::Patterns => planner.engines().for_each(Engine::warm_up_in_background),
    }
    let mut rules = std::collections::BTreeMap::new();
    for e in planner.engines() {
        rules.extend(e.rule_infos());
    }
    let bundle_findings = bundle_findings(&bundles, &files, &order, args.max_file_size)?;
    if !bundles.is_empty() {
        rules.extend(crate::bundle::rules::infos());
    }
    let timelines = if args.report.format == Format::Html {
        incidents
            .iter()
            .map(|(f, e)| {
                crate::obligations::timeline(
                    f,
                    e.rulesets(),
                    today,
                    args.incident.notice_date,
                    args.redact,
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let opts = args.report.render_options(timelines);

    // Files are reported in name order, each as soon as every earlier one
    // is written, so memory does not grow with the number of files. Each
    // thread lints a few files at a time (see `lint::LINTED_TOGETHER`).
    let stdin_bytes = stdin.map(|(_, bytes)| bytes);
    let mut out = ReportWriter::open(&args.report, opts, rules, args.redact)?;
    let linter = Linter {
        files: &files,
        missing: &missing,
        groups: &groups,
        stdin: stdin_bytes.as_deref(),
        bundle_findings: &bundle_findings,
    };
    crate::ordered::run(
        &order,
        crate::lint::LINTED_TOGETHER,
        |slots| linter.lint(slots),
        |reports| {
            for f in reports {
                if !out.write(f, |_, _| {})? {
                    return Ok(false);
                }
            }
            Ok::<_, Error>(true)
        },
    )?;
    let code = out.finish(&args.report);
    // The process exits next. Freeing the compiled rule sets block by
    // block took about a millisecond of a lone notice's run, and the
    // system takes the memory back at exit anyway.
    std::mem::forget((planner, groups, incidents));
    code
}

/// What a run compiles ahead of its first notice, on a thread of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WarmUp {
    /// Nothing: every thread lints.
    Nothing,
    /// Each engine's literal scan ([`Engine::build_scan_in_background`]).
    Scans,
    /// Each engine's literal scan, then the patterns the first notice can
    /// need ([`Engine::warm_up_in_background`]).
    Patterns,
}

/// What a run linting `linted` notices on `threads` threads warms up.
///
/// The extraction patterns compile on a thread of their own from the
/// start of the run, and each notice's lint compiles the rule patterns it
/// reaches. With fewer notices than threads a core is idle once the
/// extraction's patterns are compiled: the literal scan is built there
/// meanwhile. One 3 KB notice on two cores: 26 ms instead of 28 (first
/// quartile of 60 runs), when its facts were extracted before its scan
/// ran. Now that a lone notice runs them side by side
/// (`lint::lint_documents`), leaving the scan to be built by the lint was
/// no faster (medians 15.8 and 16.0 ms of 100 runs). Compiling the
/// patterns the first notice can need as well pays only with a core left
/// beyond the lint and the extraction's warm-up: on two cores it cost
/// that notice 4 ms of CPU time and its run no time, and made a 10 MB
/// notice 5 % slower.
fn warm_up(linted: usize, threads: usize) -> WarmUp {
    if linted == 0 || linted >= threads {
        WarmUp::Nothing
    } else if linted + 1 < threads {
        WarmUp::Patterns
    } else {
        WarmUp::Scans
    }
}

/// Writes the end of the report (the summary, and the statistics when
/// asked for).
pub(super) fn finish(
    stream: &mut Stream,
    sink: &mut Sink,
    statistics: bool,
) -> Result<bool, Error> {
    sink.write(|out| {
        stream.finish(out)?;
        if statistics {
            write_statistics(stream.statistics(), stream.rules(), out)?;
        }
        Ok(())
    })
}

/// A run's report as it is written: each file's report, redacted when
/// asked, counted for the exit code and streamed to the sink in order.
/// `check` and `merge-check` write through it alike.
pub(super) struct ReportWriter {
    sink: Sink,
    stream: Stream,
    redactor: Option<crate::redact::Redactor>,
    failed: bool,
    worst: Option<crate::diagnostic::Severity>,
    /// False once the reader closed standard output: nothing more is written.
    open: bool,
}

impl ReportWriter {
    /// Opens the output `args` names for a report in its format.
    pub(super) fn open(
        args: &super::ReportArgs,
        opts: crate::render::RenderOptions,
        rules: std::collections::BTreeMap<String, crate::report::RuleInfo>,
        redact: bool,
    ) -> Result<ReportWriter, Error> {
        Ok(ReportWriter {
            sink: Sink::open(args.output.as_deref())?,
            stream: Stream::new(
                args.format,
                opts,
                Report {
                    files: Vec::new(),
                    rules,
                },
            ),
            redactor: redact.then(crate::redact::Redactor::default),
            failed: false,
            worst: None,
            open: true,
        })
    }

    /// Writes one file's report; `keep` may put back words of the file
    /// that redaction hid (it gets the report as found and as redacted).
    /// Returns false once the output is closed.
    pub(super) fn write(
        &mut self,
        f: FileReport,
        keep: impl FnOnce(&FileReport, &mut FileReport),
    ) -> Result<bool, Error> {
        self.failed |= f.error.is_some();
        self.worst = f
            .diagnostics
            .iter()
            .map(|d| d.severity)
            .chain(self.worst)
            .max();
        let f = match &mut self.redactor {
            Some(redactor) => {
                let mut r = redactor.file(self.stream.rules(), &f);
                keep(&f, &mut r);
                r
            }
            None => f,
        };
        let stream = &mut self.stream;
        self.open = self.open && self.sink.write(|out| stream.file(f, out))?;
        Ok(self.open)
    }

    /// Whether the output is still open.
    pub(super) fn is_open(&self) -> bool {
        self.open
    }

    /// Ends the report (unless the output was closed) and gives the run's
    /// exit code.
    pub(super) fn finish(mut self, args: &super::ReportArgs) -> Result<i32, Error> {
        if self.open {
            finish(&mut self.stream, &mut self.sink, args.statistics)?;
        }
        self.sink.close()?;
        Ok(args.exit_code(self.failed, self.worst))
    }
}

/// From this much text to lint a run is a long one (see
/// [`super::Hooks::long_run`]): about 300 notices, or one big file.
const LONG_RUN_BYTES: u64 = 1 << 20;

/// Beyond this many files a run is taken to be long without adding up
/// their sizes (a `stat` each).
const LONG_RUN_FILES: usize = 256;

/// Whether the files found (or standard input) hold a long run's text.
/// Files the configuration then excludes still count: this only tunes
/// memory, and is decided before the configuration loads.
fn is_long_run(files: &walk::Files, stdin: Option<&[u8]>) -> bool {
    if let Some(bytes) = stdin {
        return bytes.len() as u64 >= LONG_RUN_BYTES;
    }
    if files.len() > LONG_RUN_FILES {
        return true;
    }
    let mut total = 0u64;
    (0..files.len()).any(|i| {
        total += std::fs::metadata(&*files.path(i)).map_or(0, |m| m.len());
        total >= LONG_RUN_BYTES
    })
}

/// With `-` among the paths: the name standard input is linted under and
/// its bytes. `--stdin-filename` alone implies `-`, as it does for ruff.
fn read_stdin(args: &CheckArgs) -> Result<Option<(PathBuf, Vec<u8>)>, Error> {
    let dash = Path::new("-");
    let wants_stdin = args.paths.iter().any(|p| p == dash);
    if !wants_stdin && args.stdin_filename.is_none() {
        return Ok(None);
    }
    if args.paths.iter().any(|p| p != dash) {
        return Err(Error::Usage(if wants_stdin {
            "`-` (standard input) cannot be combined with other paths".into()
        } else {
            "--stdin-filename names the notice read from standard input; it cannot be combined with paths (give `-` or nothing)".into()
        }));
    }
    let name = args.stdin_filename.clone().unwrap_or_else(|| dash.into());
    // One byte past the limit is enough to know the notice is too large.
    let limit = args
        .max_file_size
        .saturating_mul(1_000_000)
        .saturating_add(1);
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("<stdin>", e))?;
    Ok(Some((name, bytes)))
}

/// The cross-document findings of every incident whose facts list its
/// documents, by the document (of this run) they are reported on.
fn bundle_findings(
    bundles: &[Arc<crate::facts::Facts>],
    files: &walk::Files,
    order: &[Slot],
    max_mb: u64,
) -> Result<HashMap<PathBuf, Vec<crate::diagnostic::Diagnostic>>, Error> {
    let mut out: HashMap<PathBuf, Vec<crate::diagnostic::Diagnostic>> = HashMap::new();
    if bundles.is_empty() {
        return Ok(out);
    }
    let in_run: HashSet<PathBuf> = order
        .iter()
        .filter_map(|slot| match slot {
            Slot::Lint(job) => Some(same_file(&files.path(job.file as usize))),
            Slot::Failed(_) => None,
        })
        .collect();
    for facts in bundles {
        let bundle = crate::bundle::Bundle::read(facts, max_mb.saturating_mul(1_000_000))?;
        for (path, d) in bundle.check(&|p: &Path| in_run.contains(&same_file(p))) {
            out.entry(same_file(&path)).or_default().push(d);
        }
    }
    Ok(out)
}

/// What linting a run's files needs, besides the files' own slots.
struct Linter<'a> {
    files: &'a walk::Files,
    missing: &'a [walk::Missing],
    groups: &'a [(Arc<Engine>, LintContext)],
    /// Standard input's bytes, when it is the one file.
    stdin: Option<&'a [u8]>,
    bundle_findings: &'a HashMap<PathBuf, Vec<crate::diagnostic::Diagnostic>>,
}

impl Linter<'_> {
    /// The reports of `slots`, in order. Consecutive notices checked alike
    /// are read, then linted together (see
    /// [`crate::lint::lint_documents`]); a file that cannot be read is
    /// reported in its place.
    fn lint(&self, slots: &[Slot]) -> Vec<FileReport> {
        let mut reports: Vec<Option<FileReport>> = Vec::with_capacity(slots.len());
        let mut paths: Vec<Option<PathBuf>> = Vec::with_capacity(slots.len());
        let mut pending = Pending::default();
        for slot in slots {
            // A notice read waits, its report `None` until it is linted.
            let place = reports.len();
            let mut read_from = None;
            let report = match *slot {
                Slot::Lint(job) => {
                    let path = self.files.path(job.file as usize);
                    let (engine, cx) = &self.groups[job.group()];
                    if let Some(bytes) = self.stdin {
                        Some(lint_stdin(engine, &path, bytes, cx))
                    } else {
                        let read = crate::lint::load_path(&path, cx);
                        read_from = Some(path.into_owned());
                        match read {
                            Ok(doc) => {
                                pending.add(self.groups, job.group(), place, doc, &mut reports);
                                None
                            }
                            Err(failed) => Some(failed),
                        }
                    }
                }
                Slot::Failed(i) => Some(self.missing[i as usize].report()),
            };
            reports.push(report);
            paths.push(read_from);
        }
        pending.lint(self.groups, &mut reports);
        reports
            .into_iter()
            .zip(paths)
            .map(|(f, path)| {
                let mut f = f.expect("every notice read is linted before the reports are taken");
                // Only a run with bundles pays for resolving each path.
                let extra = (!self.bundle_findings.is_empty())
                    .then(|| path.and_then(|p| self.bundle_findings.get(&same_file(&p))))
                    .flatten();
                if let (Some(extra), None) = (extra, &f.error) {
                    f.diagnostics.extend(extra.iter().cloned());
                    f.diagnostics
                        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
                }
                f
            })
            .collect()
    }
}

/// Notices read and waiting to be linted together: all checked alike (one
/// engine and context group), each with its place among the reports.
#[derive(Default)]
struct Pending {
    group: Option<usize>,
    docs: Vec<(usize, crate::document::Document)>,
    /// The length of their texts.
    bytes: usize,
}

impl Pending {
    /// Adds `doc`, whose report goes at `place`, first linting those
    /// waiting when they are checked otherwise or fill the cache already.
    fn add(
        &mut self,
        groups: &[(Arc<Engine>, LintContext)],
        group: usize,
        place: usize,
        doc: crate::document::Document,
        reports: &mut [Option<FileReport>],
    ) {
        if self.group != Some(group) || self.bytes >= crate::lint::LINTED_TOGETHER_BYTES {
            self.lint(groups, reports);
            self.group = Some(group);
        }
        self.bytes += doc.plain.len();
        self.docs.push((place, doc));
    }

    /// Lints the notices waiting and puts their reports in their places.
    fn lint(&mut self, groups: &[(Arc<Engine>, LintContext)], reports: &mut [Option<FileReport>]) {
        let Some(group) = self.group else {
            return;
        };
        let (engine, cx) = &groups[group];
        self.bytes = 0;
        let (places, docs): (Vec<usize>, Vec<_>) =
            std::mem::take(&mut self.docs).into_iter().unzip();
        for (place, report) in places
            .into_iter()
            .zip(crate::lint::lint_documents(engine, docs, cx))
        {
            reports[place] = Some(report);
        }
    }
}

/// A file to lint: its index in the run's files and in its engine and
/// context groups.
#[derive(Clone, Copy)]
struct Job {
    file: u32,
    /// The group's index plus one, which lets a [`Slot`] fit in 8 bytes
    /// (a run over 100,000 files holds one per file).
    group: std::num::NonZeroU32,
}

impl Job {
    fn new(file: usize, group: u32) -> Job {
        Job {
            file: file as u32,
            group: std::num::NonZeroU32::MIN.saturating_add(group),
        }
    }

    /// The index in the run's engine and context groups.
    fn group(self) -> usize {
        self.group.get() as usize - 1
    }
}

/// A file to report: one to lint, or an argument that named nothing (by
/// its index among the missing).
#[derive(Clone, Copy)]
enum Slot {
    Lint(Job),
    Failed(u32),
}

/// Lints standard input as the file `path`.
fn lint_stdin(engine: &Engine, path: &Path, bytes: &[u8], cx: &LintContext) -> FileReport {
    if bytes.len() as u64 > cx.max_bytes {
        let name = crate::source::display_path(path);
        crate::lint::too_large(name, bytes.len() as u64, cx.max_bytes)
    } else {
        let format = crate::document::DocFormat::from_path(path);
        crate::lint::lint_bytes(engine, path, bytes, format, cx)
    }
}

/// Where the report goes: standard output, or a temporary file beside
/// `--output` that replaces it only once the report is complete.
pub(super) enum Sink {
    Stdout(io::BufWriter<io::Stdout>),
    File {
        path: PathBuf,
        tmp: io::BufWriter<tempfile::NamedTempFile>,
    },
}

impl Sink {
    pub(super) fn open(output: Option<&Path>) -> Result<Sink, Error> {
        Ok(match output {
            None => Sink::Stdout(io::BufWriter::new(io::stdout())),
            Some(path) => {
                let dir = match path.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
                Sink::File {
                    path: path.to_path_buf(),
                    tmp: io::BufWriter::new(tmp),
                }
            }
        })
    }

    /// Runs `f` on the output. Returns false when standard output was closed
    /// by its reader (e.g. `| head`): not an error, but nothing more to write.
    pub(super) fn write(
        &mut self,
        f: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<bool, Error> {
        match self {
            Sink::Stdout(out) => match f(out) {
                Ok(()) => Ok(true),
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
                Err(e) => Err(Error::io("<stdout>", e)),
            },
            Sink::File { path, tmp } => f(tmp).map(|()| true).map_err(|e| Error::io(&*path, e)),
        }
    }

    pub(super) fn close(self) -> Result<(), Error> {
        match self {
            Sink::Stdout(mut out) => match out.flush() {
                Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::io("<stdout>", e)),
                _ => Ok(()),
            },
            Sink::File { path, tmp } => {
                let tmp = tmp
                    .into_inner()
                    .map_err(|e| Error::io(&path, e.into_error()))?;
                tmp.as_file().sync_all().map_err(|e| Error::io(&path, e))?;
                tmp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
                Ok(())
            }
        }
    }
}

pub(super) fn write_statistics(
    statistics: &Statistics,
    rules: &std::collections::BTreeMap<String, crate::report::RuleInfo>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let stats = statistics.rows();
    if stats.is_empty() {
        return Ok(());
    }
    let width = stats.iter().map(|s| s.0.len()).max().unwrap_or(0);
    writeln!(out)?;
    for (rule, sev, n) in stats {
        let msg = rules.get(&rule).map(|r| r.message.as_str()).unwrap_or("");
        writeln!(out, "{n:>5}  {rule:<width$}  {:<7}  {msg}", sev.as_str())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_keeps_its_group_and_a_slot_is_eight_bytes() {
        assert_eq!(Job::new(7, 0).group(), 0);
        assert_eq!(Job::new(7, 41).group(), 41);
        assert_eq!(Job::new(7, 41).file, 7);
        assert_eq!(std::mem::size_of::<Slot>(), 8);
    }

    #[test]
    fn patterns_warm_up_only_on_a_core_of_their_own() {
        assert_eq!(warm_up(0, 8), WarmUp::Nothing);
        assert_eq!(warm_up(1, 1), WarmUp::Nothing);
        assert_eq!(warm_up(1, 2), WarmUp::Scans);
        assert_eq!(warm_up(1, 3), WarmUp::Patterns);
        assert_eq!(warm_up(2, 4), WarmUp::Patterns);
        assert_eq!(warm_up(3, 4), WarmUp::Scans);
        assert_eq!(warm_up(4, 4), WarmUp::Nothing);
    }

    #[test]
    fn a_run_is_long_from_a_megabyte_of_text_or_many_files() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small.md");
        std::fs::write(&small, "# Notice of Data Breach\n").unwrap();
        assert!(!is_long_run(&walk::Files::one(&small), None));
        let big = dir.path().join("big.md");
        std::fs::write(&big, vec![b'a'; LONG_RUN_BYTES as usize]).unwrap();
        assert!(is_long_run(&walk::Files::one(&big), None));
        // A path that cannot be read counts as empty.
        let gone = dir.path().join("gone.md");
        assert!(!is_long_run(&walk::Files::one(&gone), None));

        for i in 0..=LONG_RUN_FILES {
            std::fs::write(dir.path().join(format!("n{i:03}.md")), "x").unwrap();
        }
        let (many, _) = walk::collect(&[dir.path().to_path_buf()]);
        assert!(many.len() > LONG_RUN_FILES);
        assert!(is_long_run(&many, None));

        assert!(!is_long_run(&walk::Files::one(&small), Some(b"text")));
        let lots = vec![b' '; LONG_RUN_BYTES as usize];
        assert!(is_long_run(&walk::Files::one(&small), Some(&lots)));
    }
}
