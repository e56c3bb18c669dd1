//! Discovery: command-line paths → a sorted, de-duplicated list of inputs.
//!
//! Folders are walked recursively in byte order of their paths; symbolic links are not
//! followed; folders whose name starts with `.` (such as `.git`) are not entered. Every
//! file found is an input, whatever its type: the pipeline decides whether to scan or
//! skip it, so nothing is dropped silently. A path that cannot be walked becomes an input
//! that carries its error.
//!
//! A `.techscanignore` file in a folder lists file-name patterns (`*` and `?` wildcards,
//! `#` comments) for files in that folder and below that are documentation rather than
//! agreements (`README.md`, `*.toml`). They are still inputs: the report lists them as
//! skipped with the pattern that excluded them. Files named on the command line are never
//! excluded.
//!
//! A zip data room (see `archive.rs`) is not one input but one per member, listed from its
//! central directory without reading member data: `room.zip!/folder/contract.pdf`. The
//! `.techscanignore` patterns of the folders that hold it apply to its members' names.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::archive::{self, IgnoreRule, Limits, Member, MemberKind};

/// One file to scan.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub path: PathBuf,
    /// Set when the file could not even be listed (permission denied, missing path).
    pub walk_error: Option<String>,
    /// Set when a `.techscanignore` pattern excludes the file: the reason to report.
    pub excluded: Option<String>,
    /// Set for a member of a zip archive: where it is read from (`path` is then the
    /// path reports show, `room.zip!/a.pdf`, not a file on disk).
    pub member: Option<Member>,
}

/// Name of the per-folder exclusion file.
pub const IGNORE_FILE: &str = ".techscanignore";

impl Input {
    /// A file on disk.
    pub fn file(path: PathBuf) -> Input {
        Input {
            path,
            walk_error: None,
            excluded: None,
            member: None,
        }
    }

    /// The path as shown in reports.
    pub fn display(&self) -> String {
        self.path.display().to_string()
    }
}

/// Expands files and folders into inputs, sorted by path and de-duplicated.
pub fn discover(paths: &[PathBuf]) -> Vec<Input> {
    let mut inputs = Vec::new();
    for root in paths {
        walk(root, &mut inputs);
    }
    inputs.sort_by(|a, b| a.path.as_os_str().cmp(b.path.as_os_str()));
    inputs.dedup_by(|a, b| a.path == b.path);
    inputs
}

fn walk(root: &Path, inputs: &mut Vec<Input>) {
    let mut ignores: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden_dir(e));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && e.depth() > 0 && e.file_name() == IGNORE_FILE => {}
            Ok(e) if e.file_type().is_file() => {
                let excluded = if e.depth() == 0 {
                    None
                } else {
                    excluded_by(root, e.path(), &mut ignores)
                };
                if excluded.is_none() && archive::is_data_room(e.path()) {
                    let rules = if e.depth() == 0 {
                        Vec::new()
                    } else {
                        rules_for(root, e.path(), &mut ignores)
                    };
                    expand(e.path(), &rules, inputs);
                    continue;
                }
                inputs.push(Input {
                    path: e.into_path(),
                    walk_error: None,
                    excluded,
                    member: None,
                });
            }
            Ok(e) if e.depth() == 0 && e.file_type().is_symlink() => {
                // A symlink named explicitly on the command line is followed: to a
                // folder, the walk goes on into it (walkdir follows root links); to a
                // file, it is an input.
                if e.path().is_dir() {
                    continue;
                }
                if archive::is_data_room(e.path()) {
                    expand(e.path(), &[], inputs);
                    continue;
                }
                inputs.push(Input::file(e.into_path()));
            }
            Ok(_) => {}
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                let message = match err.io_error() {
                    Some(io) => io.to_string().to_lowercase(),
                    None => err.to_string(),
                };
                inputs.push(Input {
                    path,
                    walk_error: Some(message),
                    excluded: None,
                    member: None,
                });
            }
        }
    }
}

/// The exclusion reason for `file` from the `.techscanignore` files of its folders
/// between `root` and itself, if any pattern matches its name.
fn excluded_by(
    root: &Path,
    file: &Path,
    cache: &mut BTreeMap<PathBuf, Vec<String>>,
) -> Option<String> {
    let name = file.file_name()?.to_string_lossy().into_owned();
    let mut dir = file.parent();
    while let Some(d) = dir {
        let patterns = cache
            .entry(d.to_path_buf())
            .or_insert_with(|| read_ignore(d));
        if let Some(p) = patterns.iter().find(|p| glob_match(p, &name)) {
            return Some(format!(
                "excluded by {} (pattern {p})",
                d.join(IGNORE_FILE).display()
            ));
        }
        if d == root {
            break;
        }
        dir = d.parent();
    }
    None
}

/// The `.techscanignore` rules of the folders between `root` and `file`, nearest first.
fn rules_for(
    root: &Path,
    file: &Path,
    cache: &mut BTreeMap<PathBuf, Vec<String>>,
) -> Vec<IgnoreRule> {
    let mut rules = Vec::new();
    let mut dir = file.parent();
    while let Some(d) = dir {
        let patterns = cache
            .entry(d.to_path_buf())
            .or_insert_with(|| read_ignore(d));
        let source = d.join(IGNORE_FILE).display().to_string();
        rules.extend(patterns.iter().map(|p| IgnoreRule {
            pattern: p.clone(),
            file: source.clone(),
        }));
        if d == root {
            break;
        }
        dir = d.parent();
    }
    rules
}

/// One input per member of the archive at `path` (or one failed input for the archive).
fn expand(path: &Path, rules: &[IgnoreRule], inputs: &mut Vec<Input>) {
    let display = path.display().to_string();
    for listed in archive::list_file(path, &display, rules, &Limits::default()) {
        inputs.push(Input {
            path: PathBuf::from(&listed.display),
            walk_error: None,
            excluded: match &listed.kind {
                MemberKind::Skipped {
                    kind: "excluded",
                    reason,
                } => Some(reason.clone()),
                _ => None,
            },
            member: Some(Member {
                archive: path.to_path_buf(),
                chain: listed.chain,
                kind: listed.kind,
            }),
        });
    }
}

fn read_ignore(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join(IGNORE_FILE))
        .map(|text| {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Matches a file name (or a relative path: `*` also matches `/`) against a pattern with
/// `*` (any run) and `?` (one character).
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ni;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ni = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

fn is_hidden_dir(entry: &walkdir::DirEntry) -> bool {
    entry.file_type().is_dir() && entry.file_name().to_string_lossy().starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_walked_in_sorted_order_without_hidden_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/.git")).unwrap();
        std::fs::write(root.join("b/z.pdf"), b"").unwrap();
        std::fs::write(root.join("b/.git/config"), b"").unwrap();
        std::fs::write(root.join("a.docx"), b"").unwrap();
        std::fs::write(root.join("b/a.txt"), b"").unwrap();
        let found: Vec<String> = discover(&[root.to_path_buf(), root.join("a.docx")])
            .iter()
            .map(|i| i.path.strip_prefix(root).unwrap().display().to_string())
            .collect();
        assert_eq!(found, ["a.docx", "b/a.txt", "b/z.pdf"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_to_a_folder_named_on_the_command_line_is_walked_not_read_as_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("real")).unwrap();
        std::fs::write(root.join("real/a.txt"), b"x").unwrap();
        std::os::unix::fs::symlink(root.join("real"), root.join("link")).unwrap();
        std::os::unix::fs::symlink(root.join("real/a.txt"), root.join("file-link")).unwrap();
        let found: Vec<(String, bool)> = discover(&[root.join("link"), root.join("file-link")])
            .iter()
            .map(|i| {
                (
                    i.path.strip_prefix(root).unwrap().display().to_string(),
                    i.walk_error.is_none(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("file-link".to_owned(), true),
                ("link/a.txt".to_owned(), true)
            ]
        );
    }

    #[test]
    fn techscanignore_patterns_mark_files_excluded_but_keep_them_listed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join(IGNORE_FILE), "# docs\nREADME.md\n*.toml\n").unwrap();
        std::fs::write(root.join("README.md"), b"x").unwrap();
        std::fs::write(root.join("sub/expected.toml"), b"x").unwrap();
        std::fs::write(root.join("a.pdf"), b"x").unwrap();
        let found = discover(&[root.to_path_buf(), root.join("README.md")]);
        let names: Vec<(String, bool)> = found
            .iter()
            .map(|i| {
                (
                    i.path.strip_prefix(root).unwrap().display().to_string(),
                    i.excluded.is_some(),
                )
            })
            .collect();
        // README.md appears twice before dedup: the walk excludes it, the explicit path does not;
        // dedup keeps the first (sorted: identical paths, walk entry first).
        assert!(names.contains(&("a.pdf".to_owned(), false)));
        assert!(names.contains(&("sub/expected.toml".to_owned(), true)));
        assert!(!names.iter().any(|(n, _)| n == IGNORE_FILE));
    }

    #[test]
    fn glob_patterns_match_names() {
        for (p, n, want) in [
            ("*.toml", "a.toml", true),
            ("README*", "README.md", true),
            ("a?c", "abc", true),
            ("*.md", "a.txt", false),
            ("x", "xy", false),
        ] {
            assert_eq!(glob_match(p, n), want, "{p} {n}");
        }
    }

    #[test]
    fn missing_path_is_an_input_with_its_error() {
        let found = discover(&[PathBuf::from("/no/such/techscan/path")]);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .walk_error
                .as_deref()
                .unwrap()
                .contains("no such file")
        );
    }
}
