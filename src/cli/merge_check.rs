//! `breachlint merge-check`: every rendered letter of a mailing against the
//! mail merge's recipients' list.

use rayon::prelude::*;

use super::MergeCheckArgs;
use super::check::{BATCH_PER_THREAD, ReportWriter};
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
    // Letters are checked a batch at a time on every thread and written
    // before the next batch, so memory does not grow with the mailing.
    let batch = rayon::current_num_threads().max(1) * BATCH_PER_THREAD;
    'batches: for chunk in items.chunks(batch) {
        let results: Vec<_> = chunk
            .par_iter()
            .map(|item| match *item {
                walk::Listed::File(i) => Ok(index.check_path(&letters.path(i), &cx)),
                walk::Listed::Missing(m) => Err(missing[m].report()),
            })
            .collect();
        for result in results {
            let report = match result {
                Ok(r) => {
                    tally.add(&r);
                    r.report
                }
                Err(failed) => failed,
            };
            if !out.write(report, keep)? {
                break 'batches;
            }
        }
    }
    // Whose letter is missing or doubled is known only once every letter
    // was read; a report cut short by its reader says nothing of it.
    if out.is_open() {
        out.write(tally.finish(&index), keep)?;
    }
    out.finish(&args.report)
}
