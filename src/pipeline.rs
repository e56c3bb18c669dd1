//! The scan pipeline: discover → extract → normalize → segment → analyze → match
//! catalogue → assess → report.
//!
//! [`Engine`] holds everything built once per run (clause rules, catalogue automata) and
//! is shared read-only. [`scan_one`] is plain sequential code for one input and never
//! fails: every input ends as a [`DocumentReport`] that is scanned, skipped (with reason)
//! or failed (with kind and message); a panic becomes an `internal` failure of that
//! document. [`run`] is the only code that uses rayon: it scans in a local pool and hands
//! results to the caller's sink in input order as soon as they are ready, so output is
//! deterministic and memory does not grow with document texts.
//!
//! When the engine has a [`Cache`], every readable document (a file or an archive member)
//! is looked up by its content (see `cache.rs`) after sniffing its format: a hit skips
//! extraction and analysis and only puts the document's own path back; a miss stores the
//! finished result.

mod nested;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

use rayon::prelude::*;

use crate::analyze::{Analysis, Analyzer};
use crate::archive::{Member, MemberKind};
use crate::cache::Cache;
use crate::catalogue::{Catalogue, Edition, EditionChoice, find_signing_date, today};
use crate::discover::{self, Detected, Input};
use crate::error::{DictionaryError, ExtractError};
use crate::extract::ocr::OcrMode;
use crate::extract::{self, ExtractOptions};
use crate::extract::{OcrResult, PageMap};
use crate::model::{
    Clause, DocFormat, DocumentReport, ErrorKind, Extracted, Finding, Lang, OcrInfo, Status,
    ocr_confidence,
};
use crate::progress::Progress;
use crate::risk;

/// Read-only state shared by all workers of a run.
#[derive(Debug)]
pub struct Engine {
    pub analyzer: Analyzer,
    pub catalogue: Catalogue,
    pub extract_options: ExtractOptions,
    /// Which catalogue edition each document is checked against.
    pub edition: EditionChoice,
    /// Per-document passwords (`--password-file`), keyed by the path as discovered and by
    /// its canonical form.
    pub passwords: BTreeMap<PathBuf, String>,
    /// Language of finding messages and catalogue names (`--lang`).
    pub lang: Lang,
    /// Results of earlier runs (`--no-cache`: `None`).
    pub cache: Option<Cache>,
}

impl Engine {
    /// Builds the engine from the built-in dictionaries.
    ///
    /// # Errors
    /// A problem in the shipped dictionaries (a bug in techscan).
    pub fn builtin(extract_options: ExtractOptions) -> Result<Engine, DictionaryError> {
        Ok(Engine {
            analyzer: Analyzer::builtin()?,
            catalogue: Catalogue::builtin()?,
            extract_options,
            edition: EditionChoice::default(),
            passwords: BTreeMap::new(),
            lang: Lang::default(),
            cache: None,
        })
    }

    /// The edition a document is checked against, with a warning for the document when
    /// it had to be guessed (`--as-of signing` without a date found, or a date before the
    /// 2008 catalogue took effect).
    pub fn edition_for(&self, extracted: &Extracted) -> (&'static Edition, Option<String>) {
        if let EditionChoice::Fixed(edition) = self.edition {
            return (edition, None);
        }
        let found = find_signing_date(extracted.blocks.iter().map(|b| b.text.as_str()));
        let Some(d) = found else {
            let today = today();
            let edition = Edition::in_force_on(&today).unwrap_or(Edition::latest());
            return (
                edition,
                Some(format!(
                    "no signing or effective date found; checked against the edition in force today ({today}): {}",
                    edition.id
                )),
            );
        };
        match Edition::in_force_on(&d.date) {
            Some(edition) => (edition, None),
            None => (
                Edition::earliest(),
                Some(format!(
                    "signing date {} (\"{}\") is before the 2008 catalogue took effect (2008-11-01); checked against the 2008 edition, the earliest techscan has",
                    d.date, d.evidence
                )),
            ),
        }
    }
}

/// Errors that stop a whole run (never a single document's problem).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("cannot start {jobs} worker thread(s)")]
    ThreadPool {
        jobs: usize,
        #[source]
        source: rayon::ThreadPoolBuildError,
    },
}

/// Scans one input. Never panics and never returns an error: the outcome is in the report.
pub fn scan_one(engine: &Engine, input: &Input) -> DocumentReport {
    let path = input.display();
    catch_unwind(AssertUnwindSafe(|| scan_unguarded(engine, input)))
        .unwrap_or_else(|panic| panic_report(path, panic.as_ref()))
}

/// Scans one input into its reports: one, or one per member for a nested zip archive
/// (`archive.rs`), which one worker reads member by member. Never panics.
pub fn scan_input(engine: &Engine, input: &Input) -> Vec<DocumentReport> {
    match &input.member {
        Some(
            member @ Member {
                kind: MemberKind::Archive { ignore },
                ..
            },
        ) if input.excluded.is_none() => catch_unwind(AssertUnwindSafe(|| {
            nested::scan_nested(engine, &input.display(), member, ignore)
        }))
        .unwrap_or_else(|panic| vec![panic_report(input.display(), panic.as_ref())]),
        _ => vec![scan_one(engine, input)],
    }
}

/// The `internal` failure of a document whose scan panicked.
fn panic_report(path: String, panic: &(dyn std::any::Any + Send)) -> DocumentReport {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    DocumentReport::not_scanned(
        path,
        Status::Failed,
        ErrorKind::Internal.as_str(),
        format!("bug in techscan: panic while scanning: {detail}"),
    )
}

/// The extraction options for the document at `path`: its own `--password-file` entry
/// when it has one.
fn options_for<'a>(engine: &'a Engine, path: &Path) -> Cow<'a, ExtractOptions> {
    let own_password = engine.passwords.get(path).or_else(|| {
        if engine.passwords.is_empty() {
            return None;
        }
        std::fs::canonicalize(path)
            .ok()
            .and_then(|p| engine.passwords.get(&p))
    });
    match own_password {
        Some(pw) => Cow::Owned(ExtractOptions {
            password: Some(pw.clone()),
            ..engine.extract_options.clone()
        }),
        None => Cow::Borrowed(&engine.extract_options),
    }
}

fn scan_unguarded(engine: &Engine, input: &Input) -> DocumentReport {
    let options = options_for(engine, &input.path);
    match read_input(input) {
        Ok(bytes) => scan_bytes(engine, input.display(), &input.path, bytes, &options),
        Err(report) => *report,
    }
}

/// Scans a document read into memory (`name` gives the extension): sniffs it, then takes
/// its result from the cache or extracts, assesses and stores it.
fn scan_bytes(
    engine: &Engine,
    path: String,
    name: &Path,
    bytes: Vec<u8>,
    options: &ExtractOptions,
) -> DocumentReport {
    let format = match sniff_format(&path, name, &bytes) {
        Ok(format) => format,
        Err(report) => return *report,
    };
    let cached = engine.cache.as_ref().map(|cache| {
        let key = cache.key(&bytes, format, options.password.as_deref());
        (cache, key)
    });
    if let Some((cache, key)) = &cached {
        if let Some(mut hit) = cache.get(key) {
            hit.path = path;
            return hit;
        }
    }
    let extracted = extract_read(path.clone(), format, &bytes, options);
    drop(bytes);
    let report = match extracted {
        Ok(extracted) => assess_document(engine, path, format, extracted),
        Err(report) => *report,
    };
    if let Some((cache, key)) = cached {
        cache.put(key, &report);
    }
    report
}

/// Parses a password file: one `PATH<TAB>PASSWORD` per line, `#` comments and blank lines
/// ignored. Paths are keyed as written and, when the file exists, canonically.
///
/// # Errors
/// The 1-based number of the first line without a tab or with an empty path.
pub fn parse_password_file(text: &str) -> Result<BTreeMap<PathBuf, String>, usize> {
    let mut map = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let Some((path, password)) = line.split_once('\t') else {
            return Err(i + 1);
        };
        let path = PathBuf::from(path.trim());
        if path.as_os_str().is_empty() {
            return Err(i + 1);
        }
        if let Ok(canonical) = std::fs::canonicalize(&path) {
            map.insert(canonical, password.to_owned());
        }
        map.insert(path, password.to_owned());
    }
    Ok(map)
}

/// Reads, sniffs and extracts one input. A document that cannot be scanned comes back as
/// its finished (skipped or failed) report.
pub fn load(
    input: &Input,
    options: &ExtractOptions,
) -> Result<(DocFormat, Extracted), Box<DocumentReport>> {
    let bytes = read_input(input)?;
    // In a pool of all cores, so the pages of a scan are read by OCR in parallel.
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(|| load_bytes(input.display(), &input.path, &bytes, options)),
        Err(_) => load_bytes(input.display(), &input.path, &bytes, options),
    }
}

/// Reads one input's bytes: a file, or an archive member. An input that cannot be read,
/// or that discovery or the archive listing already decided, comes back as its finished
/// (skipped or failed) report.
fn read_input(input: &Input) -> Result<Vec<u8>, Box<DocumentReport>> {
    let path = input.display();
    if let Some(err) = &input.walk_error {
        return Err(Box::new(DocumentReport::not_scanned(
            path,
            Status::Failed,
            ErrorKind::Io.as_str(),
            err.clone(),
        )));
    }
    if let Some(reason) = &input.excluded {
        return Err(Box::new(DocumentReport::not_scanned(
            path,
            Status::Skipped,
            "excluded",
            reason.clone(),
        )));
    }
    let bytes = match &input.member {
        None => std::fs::read(&input.path).map_err(|e| {
            Box::new(DocumentReport::not_scanned(
                path.clone(),
                Status::Failed,
                ErrorKind::Io.as_str(),
                format!("cannot read file: {}", e.to_string().to_lowercase()),
            ))
        })?,
        Some(member) => nested::member_bytes(&path, member)?,
    };
    Ok(bytes)
}

/// Sniffs and extracts a document already read into memory (`name` gives the extension).
/// A document that cannot be scanned comes back as its finished report.
pub fn load_bytes(
    path: String,
    name: &Path,
    bytes: &[u8],
    options: &ExtractOptions,
) -> Result<(DocFormat, Extracted), Box<DocumentReport>> {
    let format = sniff_format(&path, name, bytes)?;
    let extracted = extract_read(path, format, bytes, options)?;
    Ok((format, extracted))
}

/// The format of a document read into memory, decided by [`discover::detect`]: a document
/// techscan has no reader for, or cannot open, comes back as its finished failed report;
/// only what is clearly no document comes back skipped.
fn sniff_format(path: &str, name: &Path, bytes: &[u8]) -> Result<DocFormat, Box<DocumentReport>> {
    let (status, kind, message) = match discover::detect(name, bytes) {
        Detected::Document(kind) => match kind.format() {
            Some(format) => return Ok(format),
            None => (
                Status::Failed,
                ErrorKind::Unsupported.as_str(),
                kind.unread_reason(),
            ),
        },
        Detected::Encrypted(reason) => (
            Status::Failed,
            ErrorKind::Encrypted.as_str(),
            reason.to_owned(),
        ),
        Detected::Broken(reason) => (Status::Failed, ErrorKind::Malformed.as_str(), reason),
        Detected::Empty => (
            Status::Failed,
            ErrorKind::Malformed.as_str(),
            "empty file (0 bytes)".to_owned(),
        ),
        Detected::NotDocument(reason) => (Status::Skipped, "not-a-document", reason),
    };
    Err(Box::new(DocumentReport::not_scanned(
        path.to_owned(),
        status,
        kind,
        message,
    )))
}

/// Extracts the text of a sniffed document. A document without any text comes back as
/// its finished (failed) report.
fn extract_read(
    path: String,
    format: DocFormat,
    bytes: &[u8],
    options: &ExtractOptions,
) -> Result<Extracted, Box<DocumentReport>> {
    let extracted = extract_document(format, bytes, options)
        .map_err(|e| Box::new(failed(path.clone(), Some(format), &e)))?;
    if !extracted.blocks.iter().any(|b| !b.text.trim().is_empty()) {
        let mut message = "no text found".to_owned();
        if format == DocFormat::Pdf {
            message.push_str(if options.ocr == OcrMode::Never {
                " (scanned pdf without a text layer? --ocr never turned ocr off)"
            } else {
                " (scanned pdf without a text layer or a page image ocr could read)"
            });
        } else if format == DocFormat::Image {
            message.push_str(" (ocr read no text in the image)");
        }
        if let Some(w) = extracted.warnings.first() {
            message.push_str(": ");
            message.push_str(w);
        }
        let mut report = failed(path, Some(format), &ExtractError::unsupported(message));
        report.pages = extracted.pages;
        report.warnings = extracted.warnings;
        return Err(Box::new(report));
    }
    Ok(extracted)
}

/// PDFs with more pages than this are split into page ranges when scanned in a pool.
const SPLIT_PAGES: usize = 32;

/// Extracts one document. Inside a pool of two or more threads, a PDF of more than
/// [`SPLIT_PAGES`] pages is read as page ranges in parallel (about four per thread, at
/// least half of [`SPLIT_PAGES`] pages each), so one long document does not set a run's
/// time; the ranges share the document's budgets and assemble into exactly the text a
/// sequential read gives. Outside a pool (a direct [`scan_one`]) it is sequential.
fn extract_document(
    format: DocFormat,
    bytes: &[u8],
    options: &ExtractOptions,
) -> Result<Extracted, ExtractError> {
    let threads = rayon::current_num_threads();
    if rayon::current_thread_index().is_none() || threads < 2 {
        return extract::extract(format, bytes, options);
    }
    if format == DocFormat::Image {
        return extract::image::extract(bytes, options, &Pool);
    }
    if format != DocFormat::Pdf {
        return extract::extract(format, bytes, options);
    }
    let doc = extract::pdf::PdfDocument::open(bytes, options)?;
    let pages = doc.page_count();
    let size = pages.div_ceil(threads * 4).max(SPLIT_PAGES / 2);
    let ranges: Vec<std::ops::Range<usize>> = if pages > SPLIT_PAGES {
        (0..pages)
            .step_by(size)
            .map(|start| start..(start + size).min(pages))
            .collect()
    } else {
        std::iter::once(0..pages).collect()
    };
    let read: Vec<_> = ranges
        .into_par_iter()
        .map(|range| doc.extract_pages(range))
        .collect();
    let scans = doc.ocr(&read, options.ocr, &Pool);
    doc.finish_with_ocr(read, scans)
}

/// OCR tasks on the current rayon pool, one task per split (pages take seconds each).
struct Pool;

impl PageMap for Pool {
    fn map(&self, n: usize, task: &(dyn Fn(usize) -> OcrResult + Sync)) -> Vec<OcrResult> {
        (0..n).into_par_iter().with_max_len(1).map(task).collect()
    }
}

/// Extracts documents already in memory on `jobs` threads, long PDFs split into page
/// ranges as in [`run`]; results in input order. For benchmarks of the extraction stage.
///
/// # Errors
/// Only when the worker pool cannot start.
pub fn extract_all(
    docs: &[(DocFormat, &[u8])],
    jobs: usize,
    options: &ExtractOptions,
) -> Result<Vec<Result<Extracted, ExtractError>>, RunError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|source| RunError::ThreadPool { jobs, source })?;
    Ok(pool.install(|| {
        docs.par_iter()
            .with_max_len(1)
            .map(|(format, bytes)| extract_document(*format, bytes, options))
            .collect()
    }))
}

/// Runs the analysis stages on extracted text and assembles the document's report.
pub fn assess_document(
    engine: &Engine,
    path: String,
    format: DocFormat,
    extracted: Extracted,
) -> DocumentReport {
    let analysis: Analysis = engine.analyzer.analyze(&extracted);
    let (edition, edition_warning) = engine.edition_for(&extracted);
    let mut technology = engine
        .catalogue
        .for_edition(edition)
        .find(&analysis.segments, &analysis.transfer_context);
    if engine.lang == Lang::Zh {
        for m in &mut technology {
            m.name = std::mem::take(&mut m.name_zh);
        }
    }
    let mut assessment =
        risk::assess::assess_in(&analysis, &technology, &extracted.warnings, engine.lang);
    let waived = risk::waivers::apply(
        &risk::waivers::parse(&extracted.blocks),
        &mut assessment.findings,
    );
    if !waived.is_empty() {
        assessment.risk = risk::waivers::risk_of(&assessment.findings);
    }
    let mut clauses = analysis.clauses;
    mark_ocr(&extracted.ocr, &mut clauses, &mut assessment.findings);
    for m in &mut technology {
        m.ocr = ocr_confidence(&extracted.ocr, &m.location);
    }
    let mut warnings = extracted.warnings;
    warnings.extend(edition_warning);
    warnings.extend(analysis.warnings);
    DocumentReport {
        path,
        status: Status::Scanned,
        error: None,
        format: Some(format),
        language: Some(analysis.language.clone()),
        pages: extracted.pages,
        risk: Some(assessment.risk),
        export_flow: Some(analysis.export_flow),
        export_flow_reason: Some(analysis.export_flow_reason),
        parties: analysis.parties,
        unresolved_mentions: analysis.unresolved_mentions,
        clauses,
        technology,
        findings: assessment.findings,
        warnings,
        catalogue_edition: Some(edition.id.to_owned()),
        waived,
        ocr: extracted.ocr,
    }
}

/// Marks the clauses and findings on pages read by OCR with the page's mean word
/// confidence and scales their confidence by it. Risk is assessed before (on the text as
/// read), so a scan gets the severities its text version gets.
fn mark_ocr(ocr: &[OcrInfo], clauses: &mut [Clause], findings: &mut [Finding]) {
    if ocr.is_empty() {
        return;
    }
    let scale = |confidence: &mut f32, page: f32| {
        *confidence = (*confidence * page * 100.0).round() / 100.0;
    };
    for c in clauses {
        c.ocr = ocr_confidence(ocr, &c.location);
        if let Some(page) = c.ocr {
            scale(&mut c.confidence, page);
        }
    }
    for f in findings {
        f.ocr = ocr_confidence(ocr, &f.location);
        if let Some(page) = f.ocr {
            scale(&mut f.confidence, page);
        }
    }
}

fn failed(path: String, format: Option<DocFormat>, e: &ExtractError) -> DocumentReport {
    let mut report =
        DocumentReport::not_scanned(path, Status::Failed, e.kind.as_str(), e.message.clone());
    report.format = format;
    report
}

/// How far (in inputs, per job) a worker may run ahead of the oldest input whose report
/// has not been emitted yet: finished reports wait for their turn in memory, so this
/// bounds that memory whatever the number of inputs.
const WINDOW_PER_JOB: usize = 32;

/// Blocks until input `i` lies within `window` of the inputs emitted so far, or `stop` is
/// set. The input the sink waits for is never blocked (it lies below the window's end), so
/// this cannot deadlock; once `stop` is set an input may be abandoned, so the wait looks at
/// `stop` every [`STOP_POLL`] rather than waiting for an emission that may never come.
fn wait_for_window(emitted: &(Mutex<usize>, Condvar), i: usize, window: usize, stop: &AtomicBool) {
    let (count, wake) = emitted;
    let Ok(mut count) = count.lock() else { return };
    while i >= count.saturating_add(window) && !stop.load(Ordering::Relaxed) {
        count = match wake.wait_timeout(count, STOP_POLL) {
            Ok((c, _)) => c,
            Err(_) => return,
        };
    }
}

/// How often a worker waiting for its turn looks whether the run was stopped.
const STOP_POLL: std::time::Duration = std::time::Duration::from_millis(50);

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finished {
    /// Every input was scanned and emitted.
    All,
    /// The stop flag was set: no input was handed out after it, the documents in progress
    /// were finished, and the sink had every document before the first one left unfinished
    /// (in input order), none after it.
    Stopped,
}

/// Scans `inputs` on `jobs` threads and calls `sink` once per document, in input order
/// (once per input, except a nested zip archive: once per member).
///
/// Inputs are handed to the workers in order and a worker never runs more than
/// [`WINDOW_PER_JOB`] × `jobs` inputs ahead of the sink, so the reports waiting to be
/// emitted in order stay few however large the run (rayon's own splitting would give the
/// second worker the second half of the inputs, whose reports would all wait).
///
/// # Errors
/// Only when the worker pool cannot start; per-document problems are in the reports.
pub fn run(
    engine: &Engine,
    inputs: &[Input],
    jobs: usize,
    progress: &dyn Progress,
    sink: &mut dyn FnMut(DocumentReport),
) -> Result<(), RunError> {
    run_until(
        engine,
        inputs,
        jobs,
        progress,
        &AtomicBool::new(false),
        sink,
    )
    .map(|_| ())
}

/// [`run`] that stops handing out inputs once `stop` is set (by a signal handler, say):
/// the documents in progress finish, the sink receives the documents in input order up to
/// the first unfinished one, and the result says [`Finished::Stopped`].
///
/// # Errors
/// Only when the worker pool cannot start.
pub fn run_until(
    engine: &Engine,
    inputs: &[Input],
    jobs: usize,
    progress: &dyn Progress,
    stop: &AtomicBool,
    sink: &mut dyn FnMut(DocumentReport),
) -> Result<Finished, RunError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("techscan-worker-{i}"))
        .build()
        .map_err(|source| RunError::ThreadPool { jobs, source })?;
    progress.start(inputs.len() as u64);
    let (tx, rx) = mpsc::channel::<(usize, Vec<DocumentReport>)>();
    let window = jobs.max(1) * WINDOW_PER_JOB;
    // Inputs are handed out strictly in order; `emitted` is how many the sink has had.
    let handed = AtomicUsize::new(0);
    let emitted = (Mutex::new(0usize), Condvar::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            let tx = tx.clone();
            let (handed, emitted, pool) = (&handed, &emitted, &pool);
            scope.spawn(move || {
                loop {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let i = handed.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(i) else { break };
                    wait_for_window(emitted, i, window, stop);
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    // In the pool, so a long PDF's page ranges spread over idle workers.
                    let reports = pool.install(|| scan_input(engine, input));
                    progress.advance(&input.display());
                    // The receiver lives until every sender is dropped.
                    let _ = tx.send((i, reports));
                }
            });
        }
        drop(tx);
        // Reorder: hold finished reports until all earlier ones have been emitted. The
        // window bounds how many wait here, whatever the number of inputs.
        let mut pending: BTreeMap<usize, Vec<DocumentReport>> = BTreeMap::new();
        let mut next = 0usize;
        for (i, reports) in rx {
            pending.insert(i, reports);
            let before = next;
            while let Some(reports) = pending.remove(&next) {
                for report in reports {
                    sink(report);
                }
                next += 1;
            }
            if next != before {
                let (count, wake) = &emitted;
                if let Ok(mut count) = count.lock() {
                    *count = next;
                }
                wake.notify_all();
            }
        }
    });
    if let Some(cache) = &engine.cache {
        cache.flush();
    }
    progress.finish();
    // Every input emitted means the run finished, even if `stop` came after the last one.
    let emitted = emitted.0.lock().map_or(0, |n| *n);
    Ok(if emitted < inputs.len() && stop.load(Ordering::Relaxed) {
        Finished::Stopped
    } else {
        Finished::All
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A zip package in memory with these members (stored, in order).
    fn package(members: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write as _;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, text) in members {
            zip.start_file(*name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// (name, bytes, status and error kind, or `None` when a reader reads it).
    type Case<'a> = (&'a str, &'a [u8], Option<(Status, &'a str)>);

    #[test]
    fn nothing_unread_passes_as_skipped() {
        let odt = package(&[
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("content.xml", "<office:document-content/>"),
        ]);
        let ods = package(&[("mimetype", "application/vnd.oasis.opendocument.spreadsheet")]);
        let xlsx = package(&[("xl/workbook.xml", "<workbook/>")]);
        let docx = package(&[("word/document.xml", "<w:document/>")]);
        let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
        // (name, bytes, status, error kind) — None: read by a reader.
        let cases: Vec<Case> = vec![
            ("a.pdf", b"%PDF-1.7\n", None),
            ("a.docx", &docx, None),
            ("renamed.zip", &docx, None),
            ("a.TXT", b"hello", None),
            ("contract.doc", &doc, None),
            ("contract.docx", &doc, None),
            ("contract.odt", &odt, None),
            ("contract.zip", &odt, None),
            ("contract.rtf", b"{\\rtf1 x}", None),
            (
                "scan.png",
                b"\x89PNG\r\n\x1a\n",
                None, // a scan, read by OCR
            ),
            (
                "photo.gif",
                b"GIF89a",
                Some((Status::Failed, "unsupported")),
            ),
            ("empty.pdf", b"", Some((Status::Failed, "malformed"))),
            ("x.pdf", b"hello", Some((Status::Failed, "malformed"))),
            ("sheet.ods", &ods, Some((Status::Skipped, "not-a-document"))),
            (
                "sheet.xlsx",
                &xlsx,
                Some((Status::Skipped, "not-a-document")),
            ),
            (
                "data.json",
                b"{}",
                Some((Status::Skipped, "not-a-document")),
            ),
        ];
        for (name, bytes, want) in cases {
            let got = sniff_format(name, Path::new(name), bytes)
                .err()
                .map(|r| (r.status, r.error.map(|e| e.kind).unwrap_or_default()));
            let want = want.map(|(s, k)| (s, k.to_owned()));
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn signing_dates_pick_the_edition_and_guesses_are_warned() {
        let mut engine = Engine::builtin(ExtractOptions::default()).unwrap();
        let doc = |text: &str| Extracted {
            blocks: vec![crate::model::Block {
                text: text.into(),
                paragraph: 1,
                ..crate::model::Block::default()
            }],
            ..Extracted::default()
        };
        assert_eq!(
            engine.edition_for(&doc("dated as of May 1, 2005")).0.id,
            "2025"
        );
        engine.edition = EditionChoice::Signing;
        let cases: &[(&str, &str, Option<&str>)] = &[
            (
                "This Agreement is dated as of August 27, 2020.",
                "2008",
                None,
            ),
            (
                "This Agreement is dated as of August 28, 2020.",
                "2020",
                None,
            ),
            ("签订日期：2025年7月14日", "2023", None),
            ("签订日期：2025年7月15日", "2025", None),
            (
                "dated as of May 1, 2005",
                "2008",
                Some("before the 2008 catalogue"),
            ),
            (
                "no date here",
                "2025",
                Some("no signing or effective date found"),
            ),
        ];
        for (text, edition, warning) in cases {
            let (got, warned) = engine.edition_for(&doc(text));
            assert_eq!(got.id, *edition, "{text}");
            assert_eq!(
                warned
                    .as_deref()
                    .map(|w| warning.is_some_and(|f| w.contains(f))),
                warning.map(|_| true),
                "{text}: {warned:?}"
            );
        }
    }

    #[test]
    fn password_files_map_paths_and_report_bad_lines() {
        let map = parse_password_file("# data room\n\na/b.pdf\tsecret\tx\nc.pdf\t\n").unwrap();
        assert_eq!(
            map.get(Path::new("a/b.pdf")).map(String::as_str),
            Some("secret\tx")
        );
        assert_eq!(map.get(Path::new("c.pdf")).map(String::as_str), Some(""));
        assert_eq!(parse_password_file("ok.pdf\tpw\nno tab here\n"), Err(2));
        assert_eq!(parse_password_file("\tpw\n"), Err(1));
    }

    #[test]
    fn long_pdfs_split_across_the_pool_read_as_one_sequential_pass() {
        let bytes = crate::extract::pdf::tests::long_document(300);
        let options = ExtractOptions::default();
        let sequential = extract::extract(DocFormat::Pdf, &bytes, &options).unwrap();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let split = pool.install(|| extract_document(DocFormat::Pdf, &bytes, &options));
        assert_eq!(split.unwrap(), sequential);
        assert_eq!(sequential.pages, Some(300));
        assert!(sequential.blocks.iter().any(|b| b.page == Some(300)));
    }

    #[test]
    fn run_emits_every_input_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut inputs = Vec::new();
        for (i, name) in ["a.txt", "b.png", "c.pdf", "d.txt"].iter().enumerate() {
            let p = dir.path().join(name);
            std::fs::write(&p, format!("document {i}\n")).unwrap();
            inputs.push(Input::file(p));
        }
        inputs.push(Input {
            walk_error: Some("not found".into()),
            ..Input::file(PathBuf::from("/missing"))
        });
        let engine = Engine::builtin(ExtractOptions::default()).unwrap();
        let mut seen = Vec::new();
        run(
            &engine,
            &inputs,
            2,
            &crate::progress::NoProgress,
            &mut |r| seen.push((r.path, r.status)),
        )
        .unwrap();
        let statuses: Vec<Status> = seen.iter().map(|(_, s)| *s).collect();
        assert_eq!(
            statuses,
            [
                Status::Scanned,
                Status::Skipped,
                Status::Failed,
                Status::Scanned,
                Status::Failed
            ]
        );
        assert!(seen[0].0.ends_with("a.txt") && seen[4].0 == "/missing");
    }

    #[test]
    fn a_stopped_run_hands_out_nothing_more_and_emits_an_unbroken_prefix() {
        let dir = tempfile::tempdir().unwrap();
        let inputs: Vec<Input> = (0..400)
            .map(|i| {
                let p = dir.path().join(format!("{i:03}.txt"));
                std::fs::write(&p, format!("The parties agree ({i}).\n")).unwrap();
                Input::file(p)
            })
            .collect();
        let engine = Engine::builtin(ExtractOptions::default()).unwrap();
        let never = AtomicBool::new(true);
        let mut seen = 0;
        let finished = run_until(
            &engine,
            &inputs,
            2,
            &crate::progress::NoProgress,
            &never,
            &mut |_| seen += 1,
        )
        .unwrap();
        assert_eq!((finished, seen), (Finished::Stopped, 0));

        let stop = AtomicBool::new(false);
        let mut paths = Vec::new();
        let finished = run_until(
            &engine,
            &inputs,
            2,
            &crate::progress::NoProgress,
            &stop,
            &mut |r| {
                paths.push(r.path);
                if paths.len() == 5 {
                    stop.store(true, Ordering::Relaxed);
                }
            },
        )
        .unwrap();
        assert_eq!(finished, Finished::Stopped);
        assert!(paths.len() >= 5 && paths.len() < 400, "{}", paths.len());
        let want: Vec<String> = inputs[..paths.len()].iter().map(Input::display).collect();
        assert_eq!(
            paths, want,
            "the documents emitted are the first ones, in order"
        );
    }

    #[test]
    fn runs_longer_than_the_window_emit_every_input_once_in_order() {
        // More inputs than WINDOW_PER_JOB × jobs, some slower than others (longer texts),
        // so workers reach the window's end and wait for the sink.
        let dir = tempfile::tempdir().unwrap();
        let jobs = 3;
        let n = WINDOW_PER_JOB * jobs * 3 + 7;
        let inputs: Vec<Input> = (0..n)
            .map(|i| {
                let p = dir.path().join(format!("{i:04}.txt"));
                let body =
                    "The Licensor grants a licence. ".repeat(if i % 17 == 0 { 400 } else { 1 });
                std::fs::write(&p, body).unwrap();
                Input::file(p)
            })
            .collect();
        let engine = Engine::builtin(ExtractOptions::default()).unwrap();
        let mut seen = Vec::new();
        run(
            &engine,
            &inputs,
            jobs,
            &crate::progress::NoProgress,
            &mut |r| {
                seen.push(r.path);
            },
        )
        .unwrap();
        let want: Vec<String> = inputs.iter().map(Input::display).collect();
        assert_eq!(seen, want);
    }
}
