//! Turning command-line paths into the list of notices to lint.
//!
//! Files named explicitly are always linted. Folders are walked (respecting
//! `.gitignore` and skipping hidden entries, like ripgrep) for `*.md`,
//! `*.markdown`, `*.txt`, `*.html`, `*.htm`, `*.docx` and `*.pdf`, filtered by the
//! applicable config's include/exclude globs. Arguments with glob characters that name no
//! existing file are expanded as globs.

use std::path::{Path, PathBuf};

/// Extensions picked up by folder walks.
pub const NOTICE_EXTENSIONS: &[&str] = &["md", "markdown", "txt", "html", "htm", "docx", "pdf"];

/// A file to lint.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// The file.
    pub path: PathBuf,
    /// Named on the command line (not found by a walk or glob).
    pub explicit: bool,
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
    /// The argument's name in a report, and the report's error for it.
    pub fn report(&self) -> (String, crate::report::FileReport) {
        let name = crate::source::display_path(&self.arg);
        let failed = crate::report::FileReport::failed(name.clone(), "io", self.reason.clone());
        (name, failed)
    }
}

fn is_notice(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| NOTICE_EXTENSIONS.iter().any(|n| n.eq_ignore_ascii_case(e)))
}

/// Expands `args` into files. Paths that do not exist are returned separately.
pub fn collect(args: &[PathBuf]) -> (Vec<Candidate>, Vec<Missing>) {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for arg in args {
        if arg.is_file() {
            out.push(Candidate {
                path: arg.clone(),
                explicit: true,
            });
        } else if arg.is_dir() {
            let walker = ignore::WalkBuilder::new(arg)
                .hidden(true)
                .git_ignore(true)
                .require_git(false)
                .build();
            for entry in walker.flatten() {
                let p = entry.path();
                if entry.file_type().is_some_and(|t| t.is_file()) && is_notice(p) {
                    out.push(Candidate {
                        path: p.to_path_buf(),
                        explicit: false,
                    });
                }
            }
        } else {
            let s = arg.to_string_lossy();
            if s.contains(['*', '?', '[']) {
                match glob::glob(&s) {
                    Ok(paths) => {
                        let before = out.len();
                        out.extend(
                            paths
                                .flatten()
                                .filter(|p| p.is_file())
                                .map(|path| Candidate {
                                    path,
                                    explicit: false,
                                }),
                        );
                        if out.len() == before {
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
    out.sort();
    out.dedup_by(|a, b| a.path == b.path);
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
        let names: Vec<_> = found
            .iter()
            .map(|c| {
                c.path
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
        assert!(!found[0].explicit);
    }
}
