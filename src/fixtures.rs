//! The repository's own texts, for tests that hold a fast reading to a
//! plain one on real wording: the notices and facts files under
//! `examples/` and `tests/fixtures/`.

use std::path::PathBuf;

/// Every file under the two folders that reads as UTF-8 text, as (path,
/// text), in path order.
pub(crate) fn files() -> Vec<(PathBuf, String)> {
    let mut paths: Vec<PathBuf> = ["examples", "tests/fixtures"]
        .iter()
        .flat_map(|dir| ignore::WalkBuilder::new(dir).build().flatten())
        .map(ignore::DirEntry::into_path)
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(&p).ok().map(|text| (p, text)))
        .collect()
}

/// The Markdown and plain-text notices among [`files`].
pub(crate) fn notices() -> Vec<(PathBuf, String)> {
    files()
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "md" || e == "txt"))
        .collect()
}
