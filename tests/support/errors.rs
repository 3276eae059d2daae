//! Reading a JSON report's per-file errors, shared by the input tests.

use std::collections::BTreeMap;
use std::path::Path;

/// The `errors` of a `--format json` report, by file name (without its
/// folder): the message each file was refused with.
pub fn by_file(report: &serde_json::Value) -> BTreeMap<String, String> {
    report["errors"]
        .as_array()
        .expect("the report lists errors")
        .iter()
        .map(|e| {
            (
                Path::new(e["path"].as_str().expect("an error names its file"))
                    .file_name()
                    .expect("a file name")
                    .to_string_lossy()
                    .into_owned(),
                e["message"]
                    .as_str()
                    .expect("an error has a message")
                    .to_string(),
            )
        })
        .collect()
}

/// How many files of a `--format json` report were linted.
pub fn linted(report: &serde_json::Value) -> usize {
    report["files"]
        .as_array()
        .expect("the report lists files")
        .iter()
        .filter(|f| f["linted"] == true)
        .count()
}
