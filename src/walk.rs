//! Turning command-line paths into the list of notices to lint.
//!
//! Files named explicitly are always linted. Folders are walked (respecting
//! `.gitignore` and skipping hidden entries, like ripgrep) for `*.md`,
//! `*.markdown`, `*.txt`, `*.html`, `*.htm`, `*.docx` and `*.pdf`, filtered by the
//! applicable config's include/exclude globs. Arguments with glob characters that name no
//! existing file are expanded as globs.

use std::path::{Path, PathBuf};

use crate::source::display_name;

/// Extensions picked up by folder walks.
pub const NOTICE_EXTENSIONS: &[&str] = &["md", "markdown", "txt", "html", "htm", "docx", "pdf"];

/// The files to lint, in report order (by the name a report gives them),
/// each once.
///
/// A run over a folder of 100,000 notices holds every path until the last
/// is linted, so the paths share one buffer: about 12 bytes per file
/// besides the path's own bytes, where a `PathBuf` per file (and its
/// report name) cost about 200.
#[derive(Debug, Default)]
pub struct Files {
    /// The UTF-8 paths, back to back.
    text: String,
    /// The paths that are not UTF-8 (rare).
    other: Vec<PathBuf>,
    entries: Vec<Entry>,
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    /// Start in `text`, or index in `other`.
    start: u32,
    /// Length in `text`; `u32::MAX` for a path in `other`.
    len: u32,
    explicit: bool,
}

impl Files {
    fn push(&mut self, path: &Path, explicit: bool) {
        let start = u32::try_from(self.text.len()).ok();
        let entry = match (path.to_str(), start) {
            (Some(s), Some(start)) if s.len() < u32::MAX as usize => {
                self.text.push_str(s);
                Entry {
                    start,
                    len: s.len() as u32,
                    explicit,
                }
            }
            // Not UTF-8, or past 4 GiB of paths.
            _ => {
                self.other.push(path.to_path_buf());
                Entry {
                    start: (self.other.len() - 1) as u32,
                    len: u32::MAX,
                    explicit,
                }
            }
        };
        self.entries.push(entry);
    }

    fn entry_path(&self, e: Entry) -> &Path {
        let start = e.start as usize;
        if e.len == u32::MAX {
            &self.other[start]
        } else {
            Path::new(&self.text[start..start + e.len as usize])
        }
    }

    /// Sorts by report name, and drops repeats of a path (keeping the copy
    /// found by a walk, which the config's excludes apply to).
    fn finish(&mut self) {
        let mut entries = std::mem::take(&mut self.entries);
        entries.sort_by(|&a, &b| {
            let (pa, pb) = (self.entry_path(a), self.entry_path(b));
            display_name(pa)
                .cmp(&display_name(pb))
                .then_with(|| pa.cmp(pb))
                .then(a.explicit.cmp(&b.explicit))
        });
        entries.dedup_by(|b, a| self.entry_path(*a) == self.entry_path(*b));
        entries.shrink_to_fit();
        self.entries = entries;
    }

    /// One file named on the command line, as given.
    pub fn one(path: &Path) -> Files {
        let mut files = Files::default();
        files.push(path, true);
        files
    }

    /// The number of files.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The `i`th file.
    pub fn path(&self, i: usize) -> &Path {
        self.entry_path(self.entries[i])
    }

    /// Whether the `i`th file was named on the command line (not found by a
    /// walk or glob).
    pub fn explicit(&self, i: usize) -> bool {
        self.entries[i].explicit
    }
}

/// One entry of a report: a file (its index in [`Files`]) or an argument
/// that named nothing (its index among the [`Missing`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listed {
    /// The `i`th file.
    File(usize),
    /// The `i`th missing argument.
    Missing(usize),
}

/// What [`collect`] found, files and missing arguments merged in report
/// order (both are in that order already; on a tie the file comes first).
pub fn report_order<'a>(
    files: &'a Files,
    missing: &'a [Missing],
) -> impl Iterator<Item = Listed> + 'a {
    let mut missing = missing.iter().enumerate().peekable();
    let mut i = 0;
    std::iter::from_fn(move || {
        if i < files.len() {
            let name = display_name(files.path(i));
            if let Some((m, _)) = missing.next_if(|(_, m)| display_name(&m.arg) < name) {
                return Some(Listed::Missing(m));
            }
            i += 1;
            return Some(Listed::File(i - 1));
        }
        missing.next().map(|(m, _)| Listed::Missing(m))
    })
}

/// A path argument that matched nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    /// The argument as given.
    pub arg: PathBuf,
    /// Why nothing was found.
    pub reason: String,
}

impl Missing {
    /// The report's error for the argument, under the name a report gives it.
    pub fn report(&self) -> crate::report::FileReport {
        let name = crate::source::display_path(&self.arg);
        crate::report::FileReport::failed(name, "io", self.reason.clone())
    }
}

fn is_notice(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| NOTICE_EXTENSIONS.iter().any(|n| n.eq_ignore_ascii_case(e)))
}

/// Expands `args` into files. Paths that do not exist are returned separately.
pub fn collect(args: &[PathBuf]) -> (Files, Vec<Missing>) {
    let mut out = Files::default();
    let mut missing = Vec::new();
    for arg in args {
        if arg.is_file() {
            out.push(arg, true);
        } else if arg.is_dir() {
            let walker = ignore::WalkBuilder::new(arg)
                .hidden(true)
                .git_ignore(true)
                .require_git(false)
                .build();
            for entry in walker.flatten() {
                let p = entry.path();
                if entry.file_type().is_some_and(|t| t.is_file()) && is_notice(p) {
                    out.push(p, false);
                }
            }
        } else {
            let s = arg.to_string_lossy();
            if s.contains(['*', '?', '[']) {
                match glob::glob(&s) {
                    Ok(paths) => {
                        let before = out.entries.len();
                        for path in paths.flatten().filter(|p| p.is_file()) {
                            out.push(&path, false);
                        }
                        if out.entries.len() == before {
                            missing.push(Missing {
                                arg: arg.clone(),
                                reason: "the glob matched no files".into(),
                            });
                        }
                    }
                    Err(e) => missing.push(Missing {
                        arg: arg.clone(),
                        reason: format!("invalid glob: {}", e.msg),
                    }),
                }
            } else {
                missing.push(Missing {
                    arg: arg.clone(),
                    reason: "no such file or folder".into(),
                });
            }
        }
    }
    out.finish();
    missing.sort_by(|a, b| display_name(&a.arg).cmp(&display_name(&b.arg)));
    (out, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_folders_for_notices_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::create_dir(dir.path().join(".hidden")).unwrap();
        for f in [
            "a.md",
            "sub/b.txt",
            "sub/c.rs",
            ".hidden/d.md",
            "e.MARKDOWN",
            "f.html",
            "sub/g.HTM",
            "sub/h.docx",
            "i.pdf",
            "j.doc",
            "k.css",
        ] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        let (found, missing) = collect(&[dir.path().to_path_buf(), dir.path().join("nope.md")]);
        let names: Vec<_> = (0..found.len())
            .map(|i| {
                found
                    .path(i)
                    .strip_prefix(dir.path())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        assert_eq!(
            names,
            [
                "a.md",
                "e.MARKDOWN",
                "f.html",
                "i.pdf",
                "sub/b.txt",
                "sub/g.HTM",
                "sub/h.docx"
            ]
        );
        assert_eq!(missing.len(), 1);
    }

    #[test]
    fn globs_expand() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.md"), "x").unwrap();
        std::fs::write(dir.path().join("y.txt"), "x").unwrap();
        let pattern = dir.path().join("*.md");
        let (found, _) = collect(&[pattern]);
        assert_eq!(found.len(), 1);
        assert!(!found.explicit(0));
    }

    /// A path that is not UTF-8 is kept apart from the shared buffer and
    /// comes back unchanged.
    #[cfg(unix)]
    #[test]
    fn paths_that_are_not_utf8_come_back_unchanged() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let odd = dir.path().join(std::ffi::OsStr::from_bytes(b"b\xff.md"));
        let fine = dir.path().join("a.md");
        let mut files = Files::default();
        files.push(&odd, true);
        files.push(&fine, false);
        files.finish();
        assert_eq!(files.len(), 2);
        assert_eq!((files.path(0), files.explicit(0)), (fine.as_path(), false));
        assert_eq!((files.path(1), files.explicit(1)), (odd.as_path(), true));
        assert!(display_name(files.path(1)).ends_with("b\u{fffd}.md"));
    }

    #[test]
    fn report_order_is_by_name_and_each_path_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("b")).unwrap();
        for f in ["b.md", "b/c.md", "a.md"] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        // Named and found by the walk: listed once, as found by the walk.
        let (found, missing_args) = collect(&[
            dir.path().join("a.md"),
            dir.path().to_path_buf(),
            dir.path().join("zz.md"),
            dir.path().join("aa.md"),
        ]);
        let names: Vec<_> = (0..found.len())
            .map(|i| {
                let name = found.path(i).strip_prefix(dir.path()).unwrap();
                (name.to_string_lossy().replace('\\', "/"), found.explicit(i))
            })
            .collect();
        // A report is in name order: "b.md" sorts before "b/c.md" ('.'
        // before '/'), unlike a walk of the folders.
        assert_eq!(
            names,
            [
                ("a.md".to_string(), false),
                ("b.md".to_string(), false),
                ("b/c.md".to_string(), false)
            ]
        );
        let missing: Vec<_> = missing_args
            .iter()
            .map(|m| m.arg.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(missing, ["aa.md", "zz.md"]);
        // Missing arguments take their place by name among the files.
        let order: Vec<_> = report_order(&found, &missing_args).collect();
        assert_eq!(
            order,
            [
                Listed::File(0),
                Listed::Missing(0),
                Listed::File(1),
                Listed::File(2),
                Listed::Missing(1)
            ]
        );
        assert_eq!(display_name(Path::new("./x/y.md")), "x/y.md");
    }
}
