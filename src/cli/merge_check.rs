//! `breachlint merge-check`: every rendered letter of a mailing against the
//! mail merge's recipients' list.

use std::path::PathBuf;

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
    let mut items: Vec<(String, Item)> = letters
        .iter()
        .filter(|(path, _)| list.is_none() || std::path::absolute(path).ok() != list)
        .map(|(path, _)| {
            (
                crate::source::display_path(path),
                Item::Letter(path.to_path_buf()),
            )
        })
        .chain(missing.iter().map(|m| {
            let (name, failed) = m.report();
            (name, Item::Failed(failed))
        }))
        .collect();
    items.sort_by(|a, b| a.0.cmp(&b.0));

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
            .map(|(_, item)| match item {
                Item::Letter(path) => Some(index.check_path(path, &cx)),
                Item::Failed(_) => None,
            })
            .collect();
        for (result, (_, item)) in results.into_iter().zip(chunk) {
            let report = match (result, item) {
                (Some(r), _) => {
                    tally.add(&r);
                    r.report
                }
                (None, Item::Failed(f)) => f.clone(),
                (None, Item::Letter(_)) => unreachable!("every letter is checked"),
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

/// A letter to check, or a path argument that named nothing.
enum Item {
    Letter(PathBuf),
    Failed(FileReport),
}
