//! The incremental cache: per-document results kept between runs, so an unchanged data
//! room rescans without extracting or analysing anything again.
//!
//! A result is stored under a SHA-256 key of everything that decides it:
//!
//! - the document's bytes and the format they were sniffed as (never its path: the same
//!   content under two names is one entry, and the pipeline puts the path back on a hit);
//! - the tool: its version, the cache schema and the size and modification time of the
//!   running executable, so any rebuild starts afresh;
//! - the dictionaries: the built-in clause and party rules and every catalogue source that
//!   was loaded (built-in files unless `--no-builtin`, then each `--dictionary`), by content;
//! - the options that change results: the edition choice (`--catalogue`, `--as-of`; with
//!   `--as-of signing` also today's date, which an undated contract's warning names), the
//!   language of messages (`--lang`), the extraction budgets, `--ocr` and, unless it is
//!   `never`, the OCR engine's version and language packs (or its absence), and the
//!   document's password, hashed (never stored in clear).
//!
//! Options that only change how results are reported or gated (`--format`, `--output`,
//! `--fail-on`, `--baseline`, `--jobs`, `--shard`, colour, progress) are not part of the
//! key: changing them keeps every result.
//!
//! Results that depend on the machine rather than the document are never stored: failures
//! of kind `io`, `internal` (a caught panic) and `limit-exceeded`, and documents whose
//! extraction ran out of its time budget. Skipped and failed documents whose outcome is
//! decided before extraction (excluded, unsupported type) never reach the cache.
//!
//! The store is one [redb](https://docs.rs/redb) file, `cache.redb`, in the cache folder
//! ([`default_dir`]). A cache that cannot be used — a corrupt or locked file, a read-only
//! folder, a full disk — never fails a scan: [`Cache::open`] returns an error the caller
//! reports once, and a problem during the run disables the cache for the rest of it and
//! is kept in [`Cache::problem`]. This module never prints.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use redb::{Database, Durability, TableDefinition};
use sha2::{Digest, Sha256};

use crate::catalogue::EditionChoice;
use crate::extract::ExtractOptions;
use crate::extract::ocr::OcrMode;
use crate::model::{DocFormat, DocumentReport, ErrorKind, Lang, Status};

/// File name of the store inside the cache folder.
pub const FILE_NAME: &str = "cache.redb";

/// Bumped when the stored value format changes; part of every key.
const SCHEMA: &str = "techscan-cache-1";

/// Document key (32 bytes) → `DocumentReport` as JSON with an empty `path`.
const DOCUMENTS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("documents");

/// Results are written in batches of this many documents (one transaction each).
const BATCH: usize = 64;

/// Why the cache could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("cannot create the cache folder {}", path.display())]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot open the cache {}", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: redb::DatabaseError,
    },
}

/// The part of every key that is the same for all documents of a run: tool, dictionaries
/// and options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunKey([u8; 32]);

impl RunKey {
    /// The key of a run over `dictionaries` (the text of every dictionary that decides
    /// results, in load order) with the given edition choice and extraction options. The
    /// per-document password is not part of it (see [`Cache::key`]).
    pub fn new(
        dictionaries: &[&str],
        edition: EditionChoice,
        lang: Lang,
        extract: &ExtractOptions,
    ) -> RunKey {
        let mut h = Sha256::new();
        field(&mut h, SCHEMA.as_bytes());
        field(&mut h, env!("CARGO_PKG_VERSION").as_bytes());
        field(&mut h, build_id().as_bytes());
        field(&mut h, &(dictionaries.len() as u64).to_le_bytes());
        for text in dictionaries {
            field(&mut h, text.as_bytes());
        }
        let edition = match edition {
            EditionChoice::Fixed(e) => format!("fixed {}", e.id),
            EditionChoice::Signing => format!("signing, today {}", crate::catalogue::today()),
        };
        field(&mut h, edition.as_bytes());
        field(&mut h, lang.as_str().as_bytes());
        field(&mut h, &extract.max_decompressed_bytes.to_le_bytes());
        field(&mut h, &(extract.max_depth as u64).to_le_bytes());
        field(&mut h, extract.ocr.as_str().as_bytes());
        if extract.ocr != OcrMode::Never {
            field(&mut h, crate::extract::ocr::identity().as_bytes());
        }
        RunKey(h.finalize().into())
    }
}

/// Hashes one length-prefixed field, so that fields cannot run into each other.
fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// Identifies the running build: any rebuild of the binary changes it, so results of an
/// older build (whose rules may differ under the same version number) are not reused.
fn build_id() -> String {
    std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{} bytes, modified {modified}", m.len())
        })
        .unwrap_or_default()
}

/// The key of one document's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocKey([u8; 32]);

/// Counts of one run, for the status line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Documents whose result came from the cache.
    pub hits: usize,
    /// Documents looked up and not found.
    pub misses: usize,
    /// Results written.
    pub stored: usize,
}

/// An open cache, shared by the workers of a run.
pub struct Cache {
    db: Database,
    path: PathBuf,
    run: RunKey,
    pending: Mutex<Vec<(DocKey, Vec<u8>)>>,
    problem: Mutex<Option<String>>,
    disabled: AtomicBool,
    /// A batch was committed without durability since the last durable commit.
    unsynced: AtomicBool,
    hits: AtomicUsize,
    misses: AtomicUsize,
    stored: AtomicUsize,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache")
            .field("path", &self.path)
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

impl Cache {
    /// Opens (or creates) the store in `dir`, creating the folder when needed.
    ///
    /// # Errors
    /// The folder cannot be created, or the store cannot be opened (corrupt, locked by
    /// another run, not writable). The caller warns and scans without the cache.
    pub fn open(dir: &Path, run: RunKey) -> Result<Cache, CacheError> {
        std::fs::create_dir_all(dir).map_err(|source| CacheError::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join(FILE_NAME);
        let db = Database::create(&path).map_err(|source| CacheError::Open {
            path: path.clone(),
            source,
        })?;
        Ok(Cache {
            db,
            path,
            run,
            pending: Mutex::new(Vec::new()),
            problem: Mutex::new(None),
            disabled: AtomicBool::new(false),
            unsynced: AtomicBool::new(false),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
            stored: AtomicUsize::new(0),
        })
    }

    /// The store's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The key of a document with these bytes, read as `format`, with this password.
    pub fn key(&self, bytes: &[u8], format: DocFormat, password: Option<&str>) -> DocKey {
        let mut h = Sha256::new();
        h.update(self.run.0);
        field(&mut h, format.as_str().as_bytes());
        match password {
            Some(pw) => {
                h.update([1]);
                h.update(Sha256::digest(pw.as_bytes()));
            }
            None => h.update([0]),
        }
        field(&mut h, bytes);
        DocKey(h.finalize().into())
    }

    /// The stored result for `key`, with an empty `path` for the caller to fill in.
    pub fn get(&self, key: &DocKey) -> Option<DocumentReport> {
        if self.disabled.load(Ordering::Relaxed) {
            return None;
        }
        let found = match self.lookup(key) {
            Ok(found) => found,
            Err(problem) => {
                self.fail(problem);
                return None;
            }
        };
        // A value that no longer parses is a miss, not a problem: it is overwritten.
        let report = found.and_then(|v| serde_json::from_slice::<DocumentReport>(&v).ok());
        let counter = if report.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        report
    }

    fn lookup(&self, key: &DocKey) -> Result<Option<Vec<u8>>, String> {
        let txn = self.db.begin_read().map_err(|e| e.to_string())?;
        let table = match txn.open_table(DOCUMENTS) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        let value = table.get(key.0.as_slice()).map_err(|e| e.to_string())?;
        Ok(value.map(|v| v.value().to_vec()))
    }

    /// Stores `report` under `key` when it is [`cacheable`]; writes happen in batches.
    /// The report's `path` is not stored.
    pub fn put(&self, key: DocKey, report: &DocumentReport) {
        if self.disabled.load(Ordering::Relaxed) || !cacheable(report) {
            return;
        }
        let value = match serde_json::to_vec(&PathFree(report)) {
            Ok(v) => v,
            Err(e) => {
                self.fail(format!("cannot serialise a result: {e}"));
                return;
            }
        };
        let batch = {
            let Ok(mut pending) = self.pending.lock() else {
                return;
            };
            pending.push((key, value));
            if pending.len() < BATCH {
                return;
            }
            std::mem::take(&mut *pending)
        };
        self.write(&batch, Durability::None);
        self.unsynced.store(true, Ordering::Relaxed);
    }

    /// Writes every pending result and makes the store durable. Call once at the end of
    /// a run.
    pub fn flush(&self) {
        let batch = match self.pending.lock() {
            Ok(mut pending) => std::mem::take(&mut *pending),
            Err(_) => return,
        };
        // A warm run that stored nothing commits nothing (no fsync).
        if batch.is_empty() && !self.unsynced.load(Ordering::Relaxed) {
            return;
        }
        self.write(&batch, Durability::Immediate);
        self.unsynced.store(false, Ordering::Relaxed);
    }

    fn write(&self, batch: &[(DocKey, Vec<u8>)], durability: Durability) {
        if self.disabled.load(Ordering::Relaxed) {
            return;
        }
        let n = batch.len();
        let result = (|| -> Result<(), String> {
            let mut txn = self.db.begin_write().map_err(|e| e.to_string())?;
            txn.set_durability(durability);
            {
                let mut table = txn.open_table(DOCUMENTS).map_err(|e| e.to_string())?;
                for (key, value) in batch {
                    table
                        .insert(key.0.as_slice(), value.as_slice())
                        .map_err(|e| e.to_string())?;
                }
            }
            txn.commit().map_err(|e| e.to_string())
        })();
        match result {
            Ok(()) => {
                self.stored.fetch_add(n, Ordering::Relaxed);
            }
            Err(problem) => self.fail(problem),
        }
    }

    /// Disables the cache for the rest of the run and keeps the first problem.
    fn fail(&self, problem: String) {
        self.disabled.store(true, Ordering::Relaxed);
        if let Ok(mut slot) = self.problem.lock() {
            slot.get_or_insert(problem);
        }
    }

    /// The first problem met while reading or writing, after which the cache was not
    /// used any more.
    pub fn problem(&self) -> Option<String> {
        self.problem.lock().ok().and_then(|p| p.clone())
    }

    /// Hits, misses and results written so far.
    pub fn stats(&self) -> Stats {
        Stats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            stored: self.stored.load(Ordering::Relaxed),
        }
    }
}

/// Serialises a report with an empty `path`, without cloning it.
struct PathFree<'a>(&'a DocumentReport);

impl serde::Serialize for PathFree<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut value = serde_json::to_value(self.0).map_err(serde::ser::Error::custom)?;
        if let Some(path) = value.get_mut("path") {
            *path = serde_json::Value::String(String::new());
        }
        value.serialize(s)
    }
}

/// Whether a result depends only on the document and the run's key: not on the machine
/// (its load, a time budget, a disk error) and not on a bug.
pub fn cacheable(report: &DocumentReport) -> bool {
    let machine_dependent = [ErrorKind::Io, ErrorKind::Internal, ErrorKind::LimitExceeded];
    match report.status {
        Status::Scanned => !crate::extract::hit_time_budget(&report.warnings),
        Status::Failed | Status::Skipped => report.error.as_ref().is_some_and(|e| {
            !machine_dependent.iter().any(|k| k.as_str() == e.kind)
                && !crate::extract::hit_time_budget(&report.warnings)
        }),
    }
}

/// The default cache folder from the environment: `TECHSCAN_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/techscan`, else `$HOME/.cache/techscan`, else
/// `%LOCALAPPDATA%\techscan`; `None` when none of them is set. `env` reads a variable.
pub fn default_dir(env: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    let set = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = set("TECHSCAN_CACHE_DIR") {
        return Some(dir);
    }
    if let Some(xdg) = set("XDG_CACHE_HOME").filter(|p| p.is_absolute()) {
        return Some(xdg.join("techscan"));
    }
    if let Some(home) = set("HOME") {
        return Some(home.join(".cache").join("techscan"));
    }
    set("LOCALAPPDATA").map(|d| d.join("techscan"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Edition;
    use crate::model::DocError;

    fn run_key() -> RunKey {
        RunKey::new(
            &["rules", "catalogue"],
            EditionChoice::default(),
            Lang::En,
            &ExtractOptions::default(),
        )
    }

    fn scanned(pages: u32) -> DocumentReport {
        let mut r = DocumentReport::not_scanned("x".into(), Status::Scanned, "", String::new());
        r.error = None;
        r.pages = Some(pages);
        r
    }

    fn failed(kind: ErrorKind) -> DocumentReport {
        DocumentReport::not_scanned("x".into(), Status::Failed, kind.as_str(), "m".into())
    }

    #[test]
    fn keys_change_with_every_input_that_decides_a_result() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), run_key()).unwrap();
        let base = cache.key(b"abc", DocFormat::Text, None);
        assert_eq!(base, cache.key(b"abc", DocFormat::Text, None));
        for other in [
            cache.key(b"abd", DocFormat::Text, None),
            cache.key(b"abc", DocFormat::Pdf, None),
            cache.key(b"abc", DocFormat::Text, Some("")),
            cache.key(b"abc", DocFormat::Text, Some("pw")),
        ] {
            assert_ne!(base, other);
        }
        let opts = ExtractOptions::default();
        let runs = [
            RunKey::new(
                &["rules", "catalogue"],
                EditionChoice::default(),
                Lang::En,
                &opts,
            ),
            RunKey::new(
                &["rules", "catalogue", "user"],
                EditionChoice::default(),
                Lang::En,
                &opts,
            ),
            RunKey::new(
                &["rulescatalogue"],
                EditionChoice::default(),
                Lang::En,
                &opts,
            ),
            RunKey::new(
                &["rules", "catalogue"],
                EditionChoice::Fixed(Edition::earliest()),
                Lang::En,
                &opts,
            ),
            RunKey::new(
                &["rules", "catalogue"],
                EditionChoice::Signing,
                Lang::En,
                &opts,
            ),
            RunKey::new(
                &["rules", "catalogue"],
                EditionChoice::default(),
                Lang::En,
                &ExtractOptions {
                    max_depth: 3,
                    ..ExtractOptions::default()
                },
            ),
            RunKey::new(
                &["rules", "catalogue"],
                EditionChoice::default(),
                Lang::En,
                &ExtractOptions {
                    ocr: OcrMode::Never,
                    ..ExtractOptions::default()
                },
            ),
            RunKey::new(
                &["rules", "catalogue"],
                EditionChoice::default(),
                Lang::En,
                &ExtractOptions {
                    ocr: OcrMode::Always,
                    ..ExtractOptions::default()
                },
            ),
            RunKey::new(
                &["rules", "catalogue"],
                EditionChoice::default(),
                Lang::Zh,
                &opts,
            ),
        ];
        for (i, a) in runs.iter().enumerate() {
            for b in &runs[i + 1..] {
                assert_ne!(a, b);
            }
        }
        // A password is a key input, not a run input: the run key ignores it.
        let with_pw = ExtractOptions {
            password: Some("secret".into()),
            ..ExtractOptions::default()
        };
        assert_eq!(
            runs[0],
            RunKey::new(
                &["rules", "catalogue"],
                EditionChoice::default(),
                Lang::En,
                &with_pw
            )
        );
    }

    #[test]
    fn results_round_trip_without_their_path() {
        let dir = tempfile::tempdir().unwrap();
        let key;
        {
            let cache = Cache::open(dir.path(), run_key()).unwrap();
            key = cache.key(b"contract", DocFormat::Text, None);
            assert_eq!(cache.get(&key), None);
            let mut report = scanned(3);
            report.path = "secret/name.txt".into();
            cache.put(key, &report);
            cache.flush();
            assert_eq!(
                cache.stats(),
                Stats {
                    hits: 0,
                    misses: 1,
                    stored: 1
                }
            );
        }
        let cache = Cache::open(dir.path(), run_key()).unwrap();
        let got = cache.get(&key).unwrap();
        assert_eq!(got.path, "");
        assert_eq!(got.pages, Some(3));
        assert_eq!(cache.stats().hits, 1);
        let bytes = std::fs::read(dir.path().join(FILE_NAME)).unwrap();
        assert!(!bytes.windows(6).any(|w| w == b"secret"));
    }

    #[test]
    fn machine_dependent_results_are_not_cacheable() {
        assert!(cacheable(&scanned(1)));
        assert!(cacheable(&failed(ErrorKind::Encrypted)));
        assert!(cacheable(&failed(ErrorKind::Malformed)));
        assert!(cacheable(&failed(ErrorKind::Unsupported)));
        assert!(!cacheable(&failed(ErrorKind::LimitExceeded)));
        assert!(!cacheable(&failed(ErrorKind::Internal)));
        assert!(!cacheable(&failed(ErrorKind::Io)));
        let mut partial = scanned(9);
        partial.warnings.push(format!(
            "page 3: unreadable, {} (7 of 9 pages not read)",
            crate::extract::TIME_BUDGET_EXCEEDED
        ));
        assert!(!cacheable(&partial));
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), run_key()).unwrap();
        let key = cache.key(b"slow", DocFormat::Pdf, None);
        cache.put(key, &partial);
        cache.flush();
        assert_eq!(cache.get(&key), None);
        assert_eq!(cache.stats().stored, 0);
    }

    #[test]
    fn an_unusable_store_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE_NAME),
            b"not a redb file at all, just junk",
        )
        .unwrap();
        assert!(matches!(
            Cache::open(dir.path(), run_key()),
            Err(CacheError::Open { .. })
        ));
        let file = dir.path().join("a-file");
        std::fs::write(&file, b"x").unwrap();
        assert!(matches!(
            Cache::open(&file.join("sub"), run_key()),
            Err(CacheError::CreateDir { .. })
        ));
        // A second open of the same store while the first is in use is refused.
        let other = tempfile::tempdir().unwrap();
        let _first = Cache::open(other.path(), run_key()).unwrap();
        assert!(Cache::open(other.path(), run_key()).is_err());
    }

    /// Environment variables of one case.
    type Vars = &'static [(&'static str, &'static str)];

    #[test]
    fn default_dir_follows_the_environment() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| OsString::from(v))
            }
        };
        let cases: &[(Vars, Option<&str>)] = &[
            (&[("TECHSCAN_CACHE_DIR", "/c"), ("HOME", "/h")], Some("/c")),
            (
                &[("XDG_CACHE_HOME", "/x"), ("HOME", "/h")],
                Some("/x/techscan"),
            ),
            (
                &[("XDG_CACHE_HOME", "relative"), ("HOME", "/h")],
                Some("/h/.cache/techscan"),
            ),
            (&[("HOME", "/h")], Some("/h/.cache/techscan")),
            (&[("TECHSCAN_CACHE_DIR", "")], None),
            (&[], None),
        ];
        for (vars, want) in cases {
            assert_eq!(default_dir(env(vars)), want.map(PathBuf::from), "{vars:?}");
        }
    }

    #[test]
    fn failure_reports_keep_their_error() {
        let mut r = failed(ErrorKind::Encrypted);
        r.error = Some(DocError {
            kind: "encrypted".into(),
            message: "needs a password".into(),
        });
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), run_key()).unwrap();
        let key = cache.key(b"%PDF-enc", DocFormat::Pdf, Some("wrong"));
        cache.put(key, &r);
        cache.flush();
        let got = cache.get(&key).unwrap();
        assert_eq!(got.error, r.error);
        assert_eq!(got.status, Status::Failed);
    }
}
