//! Turning command-line paths into the list of notices to lint.
//!
//! Files named explicitly are always linted. Folders are walked (respecting
//! `.gitignore` and skipping hidden entries, like ripgrep) for `*.md`,
//! `*.markdown`, `*.txt`, `*.html`, `*.htm`, `*.docx` and `*.pdf`, filtered by the
//! applicable config's include/exclude globs. Arguments with glob characters that name no
//! existing file are expanded as globs.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::source::display_name;

/// Extensions picked up by folder walks.
pub const NOTICE_EXTENSIONS: &[&str] = &["md", "markdown", "txt", "html", "htm", "docx", "pdf"];

/// The files to lint, in report order (by the name a report gives them),
/// each once.
///
/// A run over a folder of 100,000 notices holds every path until the last
/// is linted, so a path found under a folder keeps only what follows the
/// folder's name, in blocks that are filled and never moved: about 8 bytes
/// per file besides those. Growing one buffer by doubling left as much
/// again freed but still resident, and a `PathBuf` per file (with its
/// report name) cost about 200 bytes.
#[derive(Debug, Default)]
pub struct Files {
    /// The folders walked, as given; a found path is one of them followed
    /// by its stored text.
    roots: Vec<String>,
    /// UTF-8 text, in blocks of at most [`BLOCK`] bytes that never grow.
    blocks: Vec<String>,
    /// The paths that are not UTF-8 or too long for a block (rare).
    other: Vec<PathBuf>,
    entries: Vec<Entry>,
}

/// The size of a text block of [`Files`].
const BLOCK: usize = 32 << 10;
/// [`Entry::root`] of a path named on the command line, stored whole.
const NAMED: u16 = u16::MAX;
/// [`Entry::root`] of a path found by a glob or walk, stored whole.
const WHOLE: u16 = u16::MAX - 1;
/// [`Entry::len`] of a path kept in [`Files::other`].
const OTHER: u16 = u16::MAX;

#[derive(Clone, Copy, Debug)]
struct Entry {
    /// Block number times [`BLOCK`] plus the start in that block, or the
    /// index in `other`.
    start: u32,
    /// Length of the stored text, or [`OTHER`].
    len: u16,
    /// Index in `roots`, or [`NAMED`] or [`WHOLE`].
    root: u16,
}

impl Files {
    /// Adds a path named on the command line (`root` is `None`), found by
    /// a glob, or found under a walked folder (`root` is that folder's
    /// index in `roots`).
    fn push(&mut self, path: &Path, explicit: bool, root: Option<u16>) {
        let text = path.to_str();
        // Under its folder, only what follows the folder's name is kept.
        let (root, rest) = match (root, text) {
            (Some(r), Some(s)) if s.starts_with(self.roots[r as usize].as_str()) => {
                (r, &s[self.roots[r as usize].len()..])
            }
            (_, text) => (
                if explicit { NAMED } else { WHOLE },
                text.unwrap_or_default(),
            ),
        };
        let start = if text.is_some() {
            self.place(rest)
        } else {
            None
        };
        let entry = match start {
            Some(start) => Entry {
                start,
                len: rest.len() as u16,
                root,
            },
            None => {
                self.other.push(path.to_path_buf());
                Entry {
                    start: (self.other.len() - 1) as u32,
                    len: OTHER,
                    root: if explicit { NAMED } else { WHOLE },
                }
            }
        };
        self.entries.push(entry);
    }

    /// Copies `text` into the last block, or a new one when it does not
    /// fit; `None` past 4 GiB of paths or when `text` is longer than a block.
    fn place(&mut self, text: &str) -> Option<u32> {
        if text.len() > BLOCK {
            return None;
        }
        if self
            .blocks
            .last()
            .is_none_or(|b| b.len() + text.len() > BLOCK)
        {
            if self.blocks.len() >= (u32::MAX as usize) / BLOCK {
                return None;
            }
            self.blocks.push(String::with_capacity(BLOCK));
        }
        let n = self.blocks.len() - 1;
        let block = &mut self.blocks[n];
        let start = n * BLOCK + block.len();
        block.push_str(text);
        Some(start as u32)
    }

    /// The stored text of `e` (after its root, if any); `None` for a path
    /// in `other`.
    fn stored(&self, e: Entry) -> Option<&str> {
        if e.len == OTHER {
            return None;
        }
        let (block, at) = (e.start as usize / BLOCK, e.start as usize % BLOCK);
        Some(&self.blocks[block][at..at + e.len as usize])
    }

    /// The root of `e`, or "" when it is stored whole.
    fn root_of(&self, e: Entry) -> &str {
        match e.root {
            NAMED | WHOLE => "",
            r => &self.roots[r as usize],
        }
    }

    fn entry_path(&self, e: Entry) -> Cow<'_, Path> {
        match self.stored(e) {
            None => Cow::Borrowed(&self.other[e.start as usize]),
            Some(rest) => match self.root_of(e) {
                "" => Cow::Borrowed(Path::new(rest)),
                root => Cow::Owned(PathBuf::from(format!("{root}{rest}"))),
            },
        }
    }

    /// The report name of `e` in two pieces (as [`display_name`] gives it
    /// for the whole path), so that names compare without a copy.
    fn name_parts(&self, e: Entry) -> (Cow<'_, str>, Cow<'_, str>) {
        let Some(rest) = self.stored(e) else {
            let whole = display_name(&self.other[e.start as usize]);
            return (whole, Cow::Borrowed(""));
        };
        let root = self.root_of(e);
        // display_name drops a leading "./", which may span both pieces.
        let dot_slash = match root.len() {
            0 => rest.starts_with("./"),
            1 => root == "." && rest.starts_with('/'),
            _ => root.starts_with("./"),
        };
        let skip = if dot_slash { 2 } else { 0 };
        let from_root = skip.min(root.len());
        (
            Cow::Borrowed(&root[from_root..]),
            Cow::Borrowed(&rest[skip - from_root..]),
        )
    }

    /// Compares the report names of `a` and `b`.
    fn cmp_names(&self, a: Entry, b: Entry) -> std::cmp::Ordering {
        let (na, nb) = (self.name_parts(a), self.name_parts(b));
        if na.0 == nb.0 {
            // Most often: two paths under the same folder.
            return na.1.cmp(&nb.1);
        }
        let a = na.0.bytes().chain(na.1.bytes());
        a.cmp(nb.0.bytes().chain(nb.1.bytes()))
    }

    /// Sorts by report name, and drops repeats of a path (keeping the copy
    /// found by a walk, which the config's excludes apply to).
    fn finish(&mut self) {
        let mut entries = std::mem::take(&mut self.entries);
        // Entries that compare equal are the same path found alike, so an
        // unstable sort (which needs no buffer) orders them all the same.
        entries.sort_unstable_by(|&a, &b| {
            self.cmp_names(a, b)
                .then_with(|| self.entry_path(a).cmp(&self.entry_path(b)))
                .then((a.root == NAMED).cmp(&(b.root == NAMED)))
        });
        entries.dedup_by(|b, a| self.entry_path(*a) == self.entry_path(*b));
        entries.shrink_to_fit();
        self.entries = entries;
    }

    /// One file named on the command line, as given.
    pub fn one(path: &Path) -> Files {
        let mut files = Files::default();
        files.push(path, true, None);
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
    pub fn path(&self, i: usize) -> Cow<'_, Path> {
        self.entry_path(self.entries[i])
    }

    /// The `i`th file's report name, as [`display_name`] gives it.
    pub fn name(&self, i: usize) -> Cow<'_, str> {
        match self.name_parts(self.entries[i]) {
            (a, b) if b.is_empty() => a,
            (a, b) if a.is_empty() => b,
            (a, b) => Cow::Owned(format!("{a}{b}")),
        }
    }

    /// Whether the `i`th file was named on the command line (not found by a
    /// walk or glob).
    pub fn explicit(&self, i: usize) -> bool {
        self.entries[i].root == NAMED
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
            if missing.peek().is_some() {
                let name = files.name(i);
                if let Some((m, _)) = missing.next_if(|(_, m)| display_name(&m.arg) < name) {
                    return Some(Listed::Missing(m));
                }
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
            out.push(arg, true, None);
        } else if arg.is_dir() {
            // Past 65,533 folders, paths are stored whole.
            let root = match (arg.to_str(), u16::try_from(out.roots.len())) {
                (Some(s), Ok(n)) if n < WHOLE => {
                    out.roots.push(s.to_string());
                    Some(n)
                }
                _ => None,
            };
            let walker = ignore::WalkBuilder::new(arg)
                .hidden(true)
                .git_ignore(true)
                .require_git(false)
                .build();
            for entry in walker.flatten() {
                let p = entry.path();
                if entry.file_type().is_some_and(|t| t.is_file()) && is_notice(p) {
                    out.push(p, false, root);
                }
            }
        } else {
            let s = arg.to_string_lossy();
            if s.contains(['*', '?', '[']) {
                match glob::glob(&s) {
                    Ok(paths) => {
                        let before = out.entries.len();
                        for path in paths.flatten().filter(|p| p.is_file()) {
                            out.push(&path, false, None);
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
        files.push(&odd, true, None);
        files.push(&fine, false, None);
        files.finish();
        assert_eq!(files.len(), 2);
        assert_eq!(
            (&*files.path(0), files.explicit(0)),
            (fine.as_path(), false)
        );
        assert_eq!((&*files.path(1), files.explicit(1)), (odd.as_path(), true));
        assert!(files.name(1).ends_with("b\u{fffd}.md"));
    }

    /// A path found under a folder is stored without the folder's name and
    /// comes back whole, with the name a report gives it, however the
    /// folder was written.
    #[test]
    fn found_paths_come_back_whole_under_any_spelling_of_their_folder() {
        let mut files = Files::default();
        for root in [".", "./notices", "notices/", "/abs/notices", "x"] {
            files.roots.push(root.to_string());
        }
        let found = [
            (0, "./a.md"),
            (1, "./notices/b.md"),
            (2, "notices/c.md"),
            (3, "/abs/notices/d.md"),
            // Not under its folder's name as written: kept whole.
            (4, "y/e.md"),
        ];
        for (root, path) in found {
            files.push(Path::new(path), false, Some(root));
        }
        files.push(Path::new("./f.md"), true, None);
        files.push(Path::new("g.md"), false, None);
        files.finish();
        let listed: Vec<_> = (0..files.len())
            .map(|i| {
                let path = files.path(i).to_string_lossy().into_owned();
                (path, files.name(i).into_owned(), files.explicit(i))
            })
            .collect();
        let want = [
            ("/abs/notices/d.md", "/abs/notices/d.md", false),
            ("./a.md", "a.md", false),
            ("./f.md", "f.md", true),
            ("g.md", "g.md", false),
            ("./notices/b.md", "notices/b.md", false),
            ("notices/c.md", "notices/c.md", false),
            ("y/e.md", "y/e.md", false),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|&(p, n, e)| (p.to_string(), n.to_string(), e))
            .collect();
        assert_eq!(listed, want);
        // Names are compared whole, whichever piece they are stored in.
        for i in 1..files.len() {
            assert!(files.name(i - 1) < files.name(i));
            assert_eq!(files.name(i), display_name(&files.path(i)));
        }
    }

    /// Paths fill blocks that never move; one that does not fit the last
    /// block starts the next, and one longer than a block is kept apart.
    #[test]
    fn paths_fill_blocks_and_a_longer_one_is_kept_apart() {
        let mut files = Files::default();
        let long = "d/".repeat(BLOCK);
        let names: Vec<String> = (0..5000)
            .map(|i| format!("folder/notice-{i:05}.md"))
            .collect();
        for name in &names {
            files.push(Path::new(name), false, None);
        }
        files.push(Path::new(&long), true, None);
        files.finish();
        assert!(files.blocks.len() > 1);
        assert!(files.blocks.iter().all(|b| b.capacity() == BLOCK));
        assert_eq!(files.other.len(), 1);
        assert_eq!(files.len(), 5001);
        assert_eq!(&*files.path(0), Path::new(&long));
        assert!(files.explicit(0));
        for (i, name) in names.iter().enumerate() {
            assert_eq!(&*files.path(i + 1), Path::new(name));
        }
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
                let path = found.path(i);
                let name = path.strip_prefix(dir.path()).unwrap();
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
