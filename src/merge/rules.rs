//! The findings of `breachlint merge-check` and what they mean.
//!
//! They check a mailing, not what a notice must say, so no rule set defines
//! them and none cites a statute: they are the mechanics of getting each
//! letter to its own recipient.

use std::collections::BTreeMap;

use crate::diagnostic::Severity;
use crate::report::RuleInfo;

/// No recipient's key in the letter.
pub const NO_RECIPIENT: &str = "merge/no-recipient";
/// Another recipient's name, address or id in the letter.
pub const OTHER_RECIPIENT: &str = "merge/other-recipient";
/// The keys of two or more recipients in one letter.
pub const SEVERAL_RECIPIENTS: &str = "merge/several-recipients";
/// A merge field or placeholder left in the letter.
pub const UNFILLED_FIELD: &str = "merge/unfilled-field";
/// A recipient without a letter.
pub const MISSING_LETTER: &str = "merge/missing-letter";
/// A recipient with two or more letters.
pub const DUPLICATE_LETTER: &str = "merge/duplicate-letter";

/// (id, message, why, help) of each finding.
const RULES: &[(&str, &str, &str, &str)] = &[
    (
        NO_RECIPIENT,
        "no recipient's key appears in this letter",
        "Every letter of a mailing is made for one row of the data source, and carries that row's key \
         (a member or account number). A letter without one cannot be traced to its recipient: it \
         may be a page of another letter, a template that was never merged, or a letter for someone \
         not in the list.",
        "check that the letter was merged from this data source and prints the key column; if the \
         key is printed differently (with spaces or a prefix), the key column must hold it the same way",
    ),
    (
        OTHER_RECIPIENT,
        "this letter carries another recipient's data",
        "A letter that shows one person the name, address or account number of another discloses \
         that person's information, which is itself a breach to report. It happens when a print \
         run shifts by a page or a merge reads the wrong row.",
        "pull the letter from the mailing, find where the pages or rows were shifted, and merge and \
         print the affected letters again",
    ),
    (
        SEVERAL_RECIPIENTS,
        "this letter carries the keys of several recipients",
        "A letter carries the key of exactly one recipient. Two keys in one letter mean pages of \
         two letters were put together, or the merge ran two rows into one letter; either way one \
         recipient is shown another's data.",
        "split the letter, or merge it again, so that each letter carries one recipient's key",
    ),
    (
        UNFILLED_FIELD,
        "a merge field or placeholder was left in this letter",
        "A field that the merge did not fill leaves a template marker (<<Greeting>>, [DATE]) or an \
         empty place where the recipient's data belongs; the letter goes out unfinished.",
        "fill the missing value in the data source, or fix the template's field name, and merge again",
    ),
    (
        MISSING_LETTER,
        "no letter was found for this recipient",
        "Every recipient in the data source is owed a letter; one without a letter is not notified. \
         Letters that carry no key or several keys are not counted for anyone.",
        "merge and print the letter for this recipient, or remove the recipient from the list if \
         they are not to be notified",
    ),
    (
        DUPLICATE_LETTER,
        "this recipient has more than one letter",
        "Two letters for one recipient mean the batch was merged or printed twice for that row, or \
         another recipient's letter carries this recipient's key.",
        "keep one letter for this recipient and check the others for the recipient they were meant for",
    ),
];

/// The metadata of every merge finding, as renderers and `--redact` need it.
pub fn infos() -> BTreeMap<String, RuleInfo> {
    RULES
        .iter()
        .map(|&(id, message, why, help)| {
            let info = RuleInfo::without_statute("merge", id, Severity::Error, message, why, help);
            (id.to_string(), info)
        })
        .collect()
}

/// The help text of `id`.
pub fn help(id: &str) -> &'static str {
    RULES
        .iter()
        .find(|r| r.0 == id)
        .map(|r| r.3)
        .unwrap_or_default()
}
