//! Zip data rooms: listing the members of `.zip` archives (nested ones included) as
//! inputs, within caps, and reading one member's bytes when its turn comes.
//!
//! A member is shown as `dataroom.zip!/folder/contract.pdf`; a member of a nested archive
//! as `a.zip!/b.zip!/c.docx` ([`SEPARATOR`] between the levels). A file is a data room
//! when its name ends in `.zip` or it has no extension, it starts like a zip, and it is not
//! a Word package (no `word/document.xml`): DOCX files are zips too and stay DOCX.
//!
//! Listing reads only the central directory, never member data, and applies the caps of
//! [`Limits`] to the sizes it declares: more entries than `max_entries` fails the whole
//! archive; a member larger than `max_member_bytes`, or above `ratio_floor_bytes` with a
//! compression ratio over `max_ratio`, fails on its own; once the declared sizes of an
//! archive's members pass `max_total_bytes` in total, that member and the rest fail; an
//! archive nested deeper than `max_depth` levels fails. An encrypted member fails as
//! `encrypted` (techscan does not decrypt zip members). Reading a member never yields more
//! than its declared size (a member whose data inflates past it fails), so the caps hold
//! whatever the headers claim; a damaged member fails as `malformed` and the others are
//! still read. Every such problem is one member's outcome; nothing here aborts a run.
//!
//! Folders whose name starts with `.` and `__MACOSX` (macOS resource forks) are not
//! entered, as hidden folders on disk are not. A `.techscanignore` inside the archive
//! applies to the members in its folder and below; the `.techscanignore` files of the
//! folders on disk that hold the archive (and, for a nested archive, those of the outer
//! archive's folders) apply to member file names as well.
//!
//! This module reads bytes; it knows nothing of formats beyond the zip container, and
//! it does not build reports.

use std::cell::RefCell;
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek};
use std::path::{Path, PathBuf};

use zip::ZipArchive;
use zip::result::ZipError;

use crate::discover::{IGNORE_FILE, glob_match};
use crate::error::ExtractError;
use crate::model::ErrorKind;

/// Between an archive's path and a member's name in the paths reports show.
pub const SEPARATOR: &str = "!/";

/// Caps that bound what an archive may cost (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Entries (files and folders) in one archive: 100,000.
    pub max_entries: usize,
    /// Declared decompressed bytes of one archive's members together: 16 GiB.
    pub max_total_bytes: u64,
    /// Decompressed bytes of one member: 256 MiB.
    pub max_member_bytes: u64,
    /// Decompressed : compressed size of one member: 100 …
    pub max_ratio: u64,
    /// … for members that decompress to more than this: 1 MiB.
    pub ratio_floor_bytes: u64,
    /// Archives in one chain, the outermost counting 1: 3 (`a.zip!/b.zip!/c.zip!/d.pdf`).
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 100_000,
            max_total_bytes: 16 << 30,
            max_member_bytes: 256 << 20,
            max_ratio: 100,
            ratio_floor_bytes: 1 << 20,
            max_depth: 3,
        }
    }
}

/// One `.techscanignore` pattern and the file it came from (for the skip reason).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct IgnoreRule {
    pub pattern: String,
    /// The ignore file as reports show it (`room/.techscanignore`,
    /// `room.zip!/docs/.techscanignore`).
    pub file: String,
}

impl IgnoreRule {
    /// The first of `rules` whose pattern matches `name`, as a skip reason.
    pub fn excludes(rules: &[IgnoreRule], name: &str) -> Option<String> {
        rules
            .iter()
            .find(|r| glob_match(&r.pattern, name))
            .map(|r| format!("excluded by {} (pattern {})", r.file, r.pattern))
    }
}

/// Where an archive member lives and what is to be done with it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Member {
    /// The outermost archive, on disk.
    pub archive: PathBuf,
    /// Entry names from the outermost archive inwards; the last names the member.
    pub chain: Vec<String>,
    pub kind: MemberKind,
}

/// What a listed member is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MemberKind {
    /// A document to read and scan.
    Document,
    /// A nested archive: its members are listed and scanned when its turn comes, under
    /// these ignore rules.
    Archive { ignore: Vec<IgnoreRule> },
    /// Not read: skipped with this error kind (`excluded`, `unsupported`) and reason.
    Skipped { kind: &'static str, reason: String },
    /// Not read: a cap, encryption or damage found in the listing.
    Failed { kind: ErrorKind, message: String },
}

/// One listed entry: the path reports show and the member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub display: String,
    pub chain: Vec<String>,
    pub kind: MemberKind,
}

/// Whether the file at `path` is a zip data room (see the module documentation).
pub fn is_data_room(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext != "zip" && !ext.is_empty() {
        return false;
    }
    let Ok(file) = File::open(path) else {
        return ext == "zip";
    };
    let mut magic = [0u8; 4];
    let starts_like_zip = BufReader::new(file).read_exact(&mut magic).is_ok() && is_zip(&magic);
    if !starts_like_zip {
        // A `.zip` that is not one is listed as a broken archive; anything else is not ours.
        return ext == "zip";
    }
    match File::open(path).map(BufReader::new).map(ZipArchive::new) {
        Ok(Ok(zip)) => !is_word(&zip),
        _ => ext == "zip",
    }
}

/// Whether `bytes` (a member read into memory) is a Word package rather than an archive.
pub fn is_word_package(bytes: &[u8]) -> bool {
    ZipArchive::new(Cursor::new(bytes)).is_ok_and(|zip| is_word(&zip))
}

/// What a zip package holds, by its parts (for [`crate::discover::detect`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackageKind {
    /// An Office Open XML word-processing package (`word/document.xml`).
    Word,
    /// An OpenDocument package, with the `mimetype` it declares.
    OpenDocument(String),
    /// An Office Open XML workbook (`xl/workbook.xml`).
    Spreadsheet,
    /// An Office Open XML presentation (`ppt/presentation.xml`).
    Presentation,
    /// Any other zip.
    Other,
    /// Not readable as a zip: the reason.
    Unreadable(String),
}

/// Longest OpenDocument `mimetype` member read.
const MAX_MIMETYPE: u64 = 256;

/// Tells a zip package in memory by its parts. Reads the central directory and, for an
/// OpenDocument package, at most [`MAX_MIMETYPE`] bytes of its `mimetype` member.
pub fn package_kind(bytes: &[u8]) -> PackageKind {
    let mut zip = match ZipArchive::new(Cursor::new(bytes)) {
        Ok(zip) => zip,
        Err(e) => return PackageKind::Unreadable(e.to_string().to_lowercase()),
    };
    if is_word(&zip) {
        return PackageKind::Word;
    }
    if zip.index_for_name("xl/workbook.xml").is_some() {
        return PackageKind::Spreadsheet;
    }
    if zip.index_for_name("ppt/presentation.xml").is_some() {
        return PackageKind::Presentation;
    }
    if let Ok(member) = zip.by_name("mimetype") {
        let mut mimetype = String::new();
        if member
            .take(MAX_MIMETYPE)
            .read_to_string(&mut mimetype)
            .is_ok()
            && mimetype.starts_with("application/vnd.oasis.opendocument.")
        {
            return PackageKind::OpenDocument(mimetype.trim().to_owned());
        }
    }
    PackageKind::Other
}

fn is_word<R: Read + Seek>(zip: &ZipArchive<R>) -> bool {
    zip.index_for_name("word/document.xml").is_some()
}

fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

/// Whether a member name is an archive techscan opens.
fn is_archive_name(name: &str) -> bool {
    name.rsplit('/')
        .next()
        .is_some_and(|n| n.to_lowercase().ends_with(".zip"))
}

/// Lists the archive on disk at `path` (shown as `display`) under the ignore rules of its
/// folders.
pub fn list_file(
    path: &Path,
    display: &str,
    inherited: &[IgnoreRule],
    limits: &Limits,
) -> Vec<Listed> {
    let opened = File::open(path)
        .map_err(|e| {
            ExtractError::new(
                ErrorKind::Io,
                format!("cannot read file: {}", e.to_string().to_lowercase()),
            )
        })
        .and_then(|f| ZipArchive::new(BufReader::new(f)).map_err(|e| not_a_zip(&e)));
    match opened {
        Ok(mut zip) => list(&mut zip, display, &[], inherited, limits),
        Err(e) => vec![whole(display, &[], e)],
    }
}

fn not_a_zip(e: &ZipError) -> ExtractError {
    ExtractError::malformed(format!("not a readable zip archive: {e}"))
}

fn whole(display: &str, chain: &[String], e: ExtractError) -> Listed {
    Listed {
        display: display.to_owned(),
        chain: chain.to_vec(),
        kind: MemberKind::Failed {
            kind: e.kind,
            message: e.message,
        },
    }
}

/// Lists the members of an open archive shown as `display`, reached through `chain`
/// (empty for an archive on disk).
pub fn list<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    display: &str,
    chain: &[String],
    inherited: &[IgnoreRule],
    limits: &Limits,
) -> Vec<Listed> {
    if zip.len() > limits.max_entries {
        return vec![whole(
            display,
            chain,
            ExtractError::limit(format!(
                "the archive has {} entries, more than the cap of {}; none of its members was read",
                zip.len(),
                limits.max_entries
            )),
        )];
    }
    let mut entries: Vec<Entry> = Vec::new();
    let mut broken: Vec<Listed> = Vec::new();
    let mut rules_by_folder: Vec<(String, IgnoreRule)> = Vec::new();
    for i in 0..zip.len() {
        let data = match zip.by_index_data(i) {
            Ok(d) => d,
            Err(e) => {
                broken.push(member_failed(
                    display,
                    chain,
                    &format!("entry #{}", i + 1),
                    ExtractError::malformed(format!("unreadable entry header: {e}")),
                ));
                continue;
            }
        };
        let name = match data.name() {
            Ok(n) => n
                .trim_start_matches('/')
                .trim_start_matches("./")
                .to_owned(),
            Err(e) => {
                broken.push(member_failed(
                    display,
                    chain,
                    &format!("entry #{}", i + 1),
                    ExtractError::malformed(format!("unreadable entry name: {e}")),
                ));
                continue;
            }
        };
        if data.is_dir() || name.is_empty() || name.ends_with('/') {
            continue;
        }
        let (folder, file) = name.rsplit_once('/').unwrap_or(("", name.as_str()));
        if folder
            .split('/')
            .any(|d| d.starts_with('.') || d == "__MACOSX")
        {
            continue;
        }
        if file == IGNORE_FILE {
            let source = format!("{display}{SEPARATOR}{name}");
            for pattern in read_ignore(zip, i) {
                rules_by_folder.push((
                    folder.to_owned(),
                    IgnoreRule {
                        pattern,
                        file: source.clone(),
                    },
                ));
            }
            continue;
        }
        entries.push(Entry {
            size: data.size(),
            compressed: data.compressed_size(),
            encrypted: data.encrypted(),
            symlink: data.is_symlink(),
            name,
        });
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    entries.dedup_by(|a, b| a.name == b.name);
    // Nearest folder first, as on disk.
    rules_by_folder.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    let depth = chain.len() + 1;
    let mut total: u64 = 0;
    let mut listed = broken;
    for e in entries {
        let mut member_chain = chain.to_vec();
        member_chain.push(e.name.clone());
        let rules: Vec<IgnoreRule> = rules_by_folder
            .iter()
            .filter(|(folder, _)| folder.is_empty() || e.name.starts_with(&format!("{folder}/")))
            .map(|(_, r)| r.clone())
            .chain(inherited.iter().cloned())
            .collect();
        let file_name = e.name.rsplit('/').next().unwrap_or(&e.name);
        let failed = |kind, message: String| MemberKind::Failed { kind, message };
        // Counts a member's declared size only once it passed the checks before it.
        let mut over_total = |size: u64| {
            total = total.saturating_add(size);
            total > limits.max_total_bytes
        };
        let kind = if let Some(reason) = IgnoreRule::excludes(&rules, file_name) {
            MemberKind::Skipped {
                kind: "excluded",
                reason,
            }
        } else if e.symlink {
            MemberKind::Skipped {
                kind: "unsupported",
                reason: "symbolic link inside an archive".to_owned(),
            }
        } else if e.encrypted {
            failed(
                ErrorKind::Encrypted,
                "the archive member is encrypted (zip password); techscan does not decrypt archive members: extract it and scan the file".to_owned(),
            )
        } else if e.size > limits.max_member_bytes {
            failed(
                ErrorKind::LimitExceeded,
                format!(
                    "the member declares {} decompressed bytes, more than the cap of {} per member",
                    e.size, limits.max_member_bytes
                ),
            )
        } else if e.size > limits.ratio_floor_bytes
            && e.size > e.compressed.saturating_mul(limits.max_ratio)
        {
            failed(
                ErrorKind::LimitExceeded,
                format!(
                    "the member would inflate {} compressed bytes to {} (ratio over the cap of {}:1): a zip bomb?",
                    e.compressed, e.size, limits.max_ratio
                ),
            )
        } else if over_total(e.size) {
            failed(
                ErrorKind::LimitExceeded,
                format!(
                    "the archive's members pass the cap of {} decompressed bytes in total here; this member and the ones after it are not read",
                    limits.max_total_bytes
                ),
            )
        } else if is_archive_name(&e.name) {
            if depth + 1 > limits.max_depth {
                failed(
                    ErrorKind::LimitExceeded,
                    format!(
                        "archive nested {} levels deep, more than the cap of {}",
                        depth + 1,
                        limits.max_depth
                    ),
                )
            } else {
                MemberKind::Archive { ignore: rules }
            }
        } else {
            MemberKind::Document
        };
        listed.push(Listed {
            display: format!("{display}{SEPARATOR}{}", e.name),
            chain: member_chain,
            kind,
        });
    }
    listed
}

/// One file entry of an archive's central directory, as listing sees it.
struct Entry {
    name: String,
    size: u64,
    compressed: u64,
    encrypted: bool,
    symlink: bool,
}

fn member_failed(display: &str, chain: &[String], name: &str, e: ExtractError) -> Listed {
    let mut member_chain = chain.to_vec();
    member_chain.push(name.to_owned());
    Listed {
        display: format!("{display}{SEPARATOR}{name}"),
        chain: member_chain,
        kind: MemberKind::Failed {
            kind: e.kind,
            message: e.message,
        },
    }
}

/// The patterns of a `.techscanignore` entry (at most 64 KiB of it).
fn read_ignore<R: Read + Seek>(zip: &mut ZipArchive<R>, index: usize) -> Vec<String> {
    let mut text = String::new();
    if let Ok(entry) = zip.by_index(index) {
        let _ = entry.take(64 << 10).read_to_string(&mut text);
    }
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// Reads the member named `name` of an open archive, never more than its declared size
/// or `limits.max_member_bytes`.
///
/// # Errors
/// `encrypted` for a password-protected member, `limit-exceeded` for a member over the cap
/// or inflating past its declared size, `malformed` for damaged data.
pub fn read_entry<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    name: &str,
    limits: &Limits,
) -> Result<Vec<u8>, ExtractError> {
    let index = zip
        .index_for_name(name)
        .ok_or_else(|| ExtractError::malformed(format!("no member named {name} in the archive")))?;
    let entry = zip.by_index(index).map_err(|e| match e {
        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) | ZipError::InvalidPassword => {
            ExtractError::encrypted("the archive member is encrypted (zip password); techscan does not decrypt archive members: extract it and scan the file")
        }
        other => ExtractError::malformed(format!("cannot open the archive member: {other}")),
    })?;
    let declared = entry.size();
    if declared > limits.max_member_bytes {
        return Err(ExtractError::limit(format!(
            "the member declares {declared} decompressed bytes, more than the cap of {} per member",
            limits.max_member_bytes
        )));
    }
    let mut bytes = Vec::with_capacity(declared.min(16 << 20) as usize);
    entry
        .take(declared + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            ExtractError::malformed(format!(
                "damaged archive member: {}",
                e.to_string().to_lowercase()
            ))
        })?;
    if bytes.len() as u64 > declared {
        return Err(ExtractError::limit(format!(
            "the member inflates past its declared {declared} bytes: a zip bomb or a damaged archive"
        )));
    }
    Ok(bytes)
}

/// Opens an archive read into memory.
///
/// # Errors
/// `malformed` when the bytes are not a zip archive.
pub fn open_bytes(bytes: Vec<u8>) -> Result<ZipArchive<Cursor<Vec<u8>>>, ExtractError> {
    ZipArchive::new(Cursor::new(bytes)).map_err(|e| not_a_zip(&e))
}

thread_local! {
    /// The archive on disk this thread read from last: members of one archive come in a
    /// row, so its central directory is parsed once per thread, not once per member.
    static LAST: RefCell<Option<(PathBuf, ZipArchive<BufReader<File>>)>> = const { RefCell::new(None) };
}

/// Reads a member's bytes: from the archive on disk, through each nested archive of its
/// chain (each read into memory in turn, within the caps).
///
/// # Errors
/// As [`read_entry`]; `io` when the archive on disk cannot be read.
pub fn read_member(member: &Member, limits: &Limits) -> Result<Vec<u8>, ExtractError> {
    let Some((first, rest)) = member.chain.split_first() else {
        return Err(ExtractError::malformed("empty member chain"));
    };
    let mut bytes = LAST.with(|last| {
        let mut last = last.borrow_mut();
        if last.as_ref().is_none_or(|(p, _)| p != &member.archive) {
            let file = File::open(&member.archive).map_err(|e| {
                ExtractError::new(
                    ErrorKind::Io,
                    format!("cannot read the archive: {}", e.to_string().to_lowercase()),
                )
            })?;
            let zip = ZipArchive::new(BufReader::new(file)).map_err(|e| not_a_zip(&e))?;
            *last = Some((member.archive.clone(), zip));
        }
        match last.as_mut() {
            Some((_, zip)) => read_entry(zip, first, limits),
            None => Err(ExtractError::malformed("archive not open")),
        }
    })?;
    for name in rest {
        let mut zip = open_bytes(bytes)?;
        bytes = read_entry(&mut zip, name, limits)?;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests;
