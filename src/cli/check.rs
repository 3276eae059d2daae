//! `breachlint check`: lint notices and print the report.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::plan::{Planner, Resolver};
use super::{CheckArgs, ColorChoice, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::engine::Engine;
use crate::error::Error;
use crate::lint::LintContext;
use crate::render::{self, Format, RenderOptions};
use crate::report::{FileReport, Report};
use crate::walk;

pub(super) fn run(args: CheckArgs) -> Result<i32, Error> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (candidates, missing) = walk::collect(&paths);
    let mut resolver = Resolver::new(&args.rules)?;
    let mut planner = Planner::new(&args.incident, &args.rules.rulesets);
    let mut jobs: Vec<(PathBuf, Arc<Engine>, LintContext)> = Vec::new();
    // One date for the whole run, so every notice is judged on the same day.
    let today = args.incident.today();
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
            today,
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
