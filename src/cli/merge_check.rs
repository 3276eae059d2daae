//! `breachlint merge-check`: every rendered letter of a mailing against the
//! mail merge's recipients' list.

use super::MergeCheckArgs;
use super::check::ReportWriter;
use crate::error::Error;
use crate::lint::LintContext;
use crate::merge::{MergeIndex, Options, Recipients, Tally};
use crate::report::FileReport;
use crate::walk;

pub(super) fn run(args: MergeCheckArgs) -> Result<i32, Error> {
    let recipients = Recipients::read(
        &args.recipients,
        &Options {
            key: args.key.clone(),
            fields: args.fields.clone(),
            name: args.name.clone(),
        },
    )?;
    let index = MergeIndex::new(recipients)?;
    let (letters, missing) = walk::collect(&args.letters);
    let cx = LintContext {
        max_bytes: args.max_file_size.saturating_mul(1_000_000),
        ..LintContext::today()
    };

    // Every letter file is checked, named or found in a folder: the batch is
    // what the mailing will send. The list itself is not a letter.
    let list = std::path::absolute(&args.recipients).ok();
    let items: Vec<walk::Listed> = walk::report_order(&letters, &missing)
        .filter(|item| match *item {
            walk::Listed::File(i) => {
                list.is_none() || std::path::absolute(letters.path(i)).ok() != list
            }
            walk::Listed::Missing(_) => true,
        })
        .collect();

    let rules = crate::merge::rules::infos();
    let opts = args.report.render_options(Vec::new());
    let mut out = ReportWriter::open(&args.report, opts, rules, !args.show_values)?;
    let mut tally = Tally::new(&index);
    // Redaction hides what the letter says; the finding's own words about
    // it stay.
    let keep = |f: &FileReport, r: &mut FileReport| crate::merge::keep_own_words(f, r);
    // Letters are checked a slice at a time on every thread and each is
    // written as soon as every earlier one is, so memory does not grow with
    // the mailing.
    crate::ordered::run(
        &items,
        LETTERS_PER_SLICE,
        |slice| {
            slice
                .iter()
                .map(|item| match *item {
                    walk::Listed::File(i) => Ok(index.check_path(&letters.path(i), &cx)),
                    walk::Listed::Missing(m) => Err(missing[m].report()),
                })
                .collect::<Vec<_>>()
        },
        |results| {
            for result in results {
                let report = match result {
                    Ok(r) => {
                        tally.add(&r);
                        r.report
                    }
                    Err(failed) => failed,
                };
                if !out.write(report, keep)? {
                    return Ok(false);
                }
            }
            Ok::<_, Error>(true)
        },
    )?;
    // Whose letter is missing or doubled is known only once every letter
    // was read; a report cut short by its reader says nothing of it.
    if out.is_open() {
        out.write(tally.finish(&index), keep)?;
    }
    out.finish(&args.report)
}

/// Letters one thread checks before it takes the next slice: a few, so the
/// threads share the last ones of a mailing evenly.
const LETTERS_PER_SLICE: usize = 16;
