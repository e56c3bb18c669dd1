//! Report destinations: standard output, or a file that is only ever replaced whole.
//!
//! A report file is written to a temporary file beside its destination (same folder, so the
//! rename cannot cross file systems) and renamed over the destination only once the report is
//! complete and flushed to disk. Until then the previous report, if any, is untouched; a run
//! that fails or is interrupted drops the temporary file, which deletes it. (A second Ctrl-C
//! ends the process at once and may leave a `.techscan-*.tmp` file behind, never a truncated
//! report.)

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use tempfile::NamedTempFile;

use crate::report::Format;
use crate::settings::OutputTarget;

/// Where one report goes.
pub enum Sink {
    Stdout(BufWriter<io::StdoutLock<'static>>),
    File {
        writer: BufWriter<NamedTempFile>,
        path: PathBuf,
    },
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::File { writer, .. } => writer.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File { writer, .. } => writer.flush(),
        }
    }
}

impl Sink {
    /// Opens the temporary file of a report destined for `path` (creating its folder).
    ///
    /// # Errors
    /// The folder cannot be created or written to.
    pub fn file(path: &Path) -> Result<Sink> {
        let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(dir) => {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
                dir
            }
            None => Path::new("."),
        };
        let temp = temp_beside(dir).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(Sink::File {
            writer: BufWriter::new(temp),
            path: path.to_path_buf(),
        })
    }

    /// Finishes the report: flushes standard output, or syncs the temporary file and renames
    /// it over the destination.
    ///
    /// # Errors
    /// Writing, syncing or renaming failed; the destination is then unchanged.
    pub fn commit(self) -> Result<()> {
        match self {
            Sink::Stdout(mut w) => Ok(w.flush()?),
            Sink::File { writer, path } => {
                let temp = writer
                    .into_inner()
                    .map_err(io::IntoInnerError::into_error)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                temp.as_file()
                    .sync_all()
                    .with_context(|| format!("cannot write {}", path.display()))?;
                temp.persist(&path)
                    .map_err(|e| e.error)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                Ok(())
            }
        }
    }
}

/// A temporary file in `dir`, readable as a newly created file would be (mode 0666 less the
/// umask on Unix, not the 0600 of a temporary file).
fn temp_beside(dir: &Path) -> io::Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".techscan-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Opens every output of a run: a file's temporary file, or standard output.
///
/// # Errors
/// A destination's folder cannot be created or written to.
pub fn open(outputs: &[OutputTarget]) -> Result<Vec<(Format, Sink)>> {
    outputs
        .iter()
        .map(|target| {
            let sink = match &target.path {
                Some(path) => Sink::file(path)?,
                None => Sink::Stdout(BufWriter::new(io::stdout().lock())),
            };
            Ok((target.format, sink))
        })
        .collect()
}

/// Commits every output, in order.
///
/// # Errors
/// The first output that could not be committed; those after it are dropped (deleted).
pub fn commit(sinks: Vec<(Format, Sink)>) -> Result<()> {
    for (_, sink) in sinks {
        sink.commit()?;
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file beside it, so `path` is replaced whole.
///
/// # Errors
/// As [`Sink::file`] and [`Sink::commit`].
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut sink = Sink::file(path)?;
    sink.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    sink.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_replaces_the_previous_one_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        std::fs::write(&path, "previous").unwrap();
        let mut sink = Sink::file(&path).unwrap();
        sink.write_all(b"new report, half written").unwrap();
        sink.flush().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "previous");
        drop(sink);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "previous");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "the dropped temporary file is deleted");

        let mut sink = Sink::file(&path).unwrap();
        sink.write_all(b"complete").unwrap();
        sink.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "complete");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_ne!(
                mode & 0o044,
                0,
                "readable by others as a new file is: {mode:o}"
            );
        }
        write_whole(&dir.path().join("sub/b.toml"), b"x").unwrap();
        assert_eq!(std::fs::read(dir.path().join("sub/b.toml")).unwrap(), b"x");
    }
}
