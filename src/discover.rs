//! Discovery: command-line paths → a sorted, de-duplicated list of inputs.
//!
//! Folders are walked recursively in byte order of their paths; symbolic links are not
//! followed; folders whose name starts with `.` (such as `.git`) are not entered. Every
//! file found is an input, whatever its type: the pipeline decides whether to scan or
//! skip it, so nothing is dropped silently. A path that cannot be walked becomes an input
//! that carries its error.

use std::path::{Path, PathBuf};

/// One file to scan.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub path: PathBuf,
    /// Set when the file could not even be listed (permission denied, missing path).
    pub walk_error: Option<String>,
}

impl Input {
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
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden_dir(e));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => inputs.push(Input {
                path: e.into_path(),
                walk_error: None,
            }),
            Ok(e) if e.depth() == 0 && e.file_type().is_symlink() => {
                // A symlink named explicitly on the command line is followed.
                inputs.push(Input {
                    path: e.into_path(),
                    walk_error: None,
                });
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
                });
            }
        }
    }
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
