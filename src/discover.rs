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
//!
//! Once a worker has read an input's bytes, [`detect`] says what it is **by content**
//! (magic bytes, package contents), the name only breaking ties that content cannot (plain
//! text has no magic). Every document kind is a [`Kind`]; [`Kind::format`] names the reader
//! techscan has for it, and a kind without one yet (Works, Word 2003 XML, HTML, images)
//! fails with `unsupported` instead of passing as skipped. A reader plugs in by returning its
//! [`DocFormat`] there. Only content that is clearly no document (a spreadsheet, an
//! executable, text of a data format) is skipped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::archive::{self, IgnoreRule, Limits, Member, MemberKind, PackageKind};
use crate::model::DocFormat;

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

/// A kind of document, as its content shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    /// An Office Open XML word-processing package (`.docx`, `.docm`, `.dotx`).
    Docx,
    /// Plain text (`.txt`, `.md`): no magic bytes, so known by name.
    Text,
    /// Word 97–2003: an OLE compound file with a `WordDocument` stream (`.doc`, `.dot`, and
    /// Kingsoft `.wps`, which is the same format).
    LegacyWord,
    /// Microsoft Works word processor: an OLE compound file with a `CONTENTS` stream (`.wps`).
    Works,
    /// Rich Text Format (`{\rtf`).
    Rtf,
    /// OpenDocument text (`.odt`, `.ott`): a zip whose `mimetype` is
    /// `application/vnd.oasis.opendocument.text`.
    Odt,
    /// Word 2003 XML or flat OpenDocument text (`.xml`, `.fodt`).
    WordXml,
    /// An HTML page (`<!DOCTYPE html`, `<html`).
    Html,
    /// A picture: a scanned page, perhaps.
    Image(Image),
}

/// Picture formats told by their signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Image {
    Png,
    Jpeg,
    Tiff,
    Gif,
    Bmp,
    Webp,
}

impl Kind {
    /// The reader techscan has for this kind, or `None`: such a document fails as
    /// `unsupported` with [`Kind::unread_reason`]. A new reader plugs in here.
    pub fn format(self) -> Option<DocFormat> {
        match self {
            Kind::Pdf => Some(DocFormat::Pdf),
            Kind::Docx => Some(DocFormat::Docx),
            Kind::Text => Some(DocFormat::Text),
            Kind::LegacyWord => Some(DocFormat::Doc),
            Kind::Rtf => Some(DocFormat::Rtf),
            Kind::Odt => Some(DocFormat::Odt),
            // Scans, read by OCR (extract/image.rs).
            Kind::Image(Image::Png | Image::Jpeg | Image::Tiff) => Some(DocFormat::Image),
            Kind::Works | Kind::WordXml | Kind::Html | Kind::Image(_) => None,
        }
    }

    /// What the document is, in a report's words.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Docx => "word document (docx)",
            Kind::Text => "plain text",
            Kind::LegacyWord => "legacy word 97-2003 document (.doc/.wps)",
            Kind::Works => "microsoft works document (.wps)",
            Kind::Rtf => "rich text document (.rtf)",
            Kind::Odt => "opendocument text (.odt)",
            Kind::WordXml => "word 2003 xml or flat opendocument text",
            Kind::Html => "html page",
            Kind::Image(Image::Png) => "image (png)",
            Kind::Image(Image::Jpeg) => "image (jpeg)",
            Kind::Image(Image::Tiff) => "image (tiff)",
            Kind::Image(Image::Gif) => "image (gif)",
            Kind::Image(Image::Bmp) => "image (bmp)",
            Kind::Image(Image::Webp) => "image (webp)",
        }
    }

    /// Why a document of a kind without a reader was not read, and what to do.
    pub fn unread_reason(self) -> String {
        let advice = match self {
            Kind::Image(_) => {
                "techscan reads scans as png, jpeg or tiff only: convert it to one of those"
            }
            _ => "techscan cannot read this format yet: save it as .docx or pdf",
        };
        format!("{} not read: {advice}", self.describe())
    }
}

/// What [`detect`] found an input to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detected {
    /// A document, of this kind (read when the kind has a reader, else failed).
    Document(Kind),
    /// A password-protected document that cannot be opened: failed `encrypted`.
    Encrypted(&'static str),
    /// Named as a document, but its content is not one: failed `malformed`.
    Broken(String),
    /// No bytes at all: failed, since nothing can tell it is no document.
    Empty,
    /// Clearly no document (by content; or text of a data format by name): skipped.
    NotDocument(String),
}

/// Extensions of document formats: a file with one whose content is not recognised is
/// broken, not skipped.
const DOCUMENT_EXTENSIONS: &[&str] = &[
    "pdf", "docx", "docm", "dotx", "dotm", "doc", "dot", "wps", "wpd", "rtf", "odt", "ott", "fodt",
    "pages", "txt", "text",
];

/// Extensions read as plain text.
const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "text", "markdown"];

/// Says what an input read into memory is, by its content; `name` (its path) only decides
/// for plain text, and whether unrecognised bytes are a broken document.
pub fn detect(name: &Path, bytes: &[u8]) -> Detected {
    let ext = name
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if bytes.is_empty() {
        return Detected::Empty;
    }
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Detected::Document(Kind::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return detect_package(&ext, bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return detect_ole(&ext, bytes);
    }
    if let Some(image) = image_signature(bytes) {
        return Detected::Document(Kind::Image(image));
    }
    let text_start = trim_text_start(head);
    if text_start.starts_with(b"{\\rtf") {
        return Detected::Document(Kind::Rtf);
    }
    if TEXT_EXTENSIONS.contains(&ext.as_str()) {
        return Detected::Document(Kind::Text);
    }
    let lower = String::from_utf8_lossy(text_start).to_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return Detected::Document(Kind::Html);
    }
    if lower.starts_with("<?xml")
        && (lower.contains("progid=\"word.document\"")
            || lower.contains("application/vnd.oasis.opendocument.text"))
    {
        return Detected::Document(Kind::WordXml);
    }
    let shown = if ext.is_empty() {
        "no extension".to_owned()
    } else {
        format!(".{ext}")
    };
    if DOCUMENT_EXTENSIONS.contains(&ext.as_str()) {
        return Detected::Broken(format!(
            "named {shown} but its content is no document format techscan knows"
        ));
    }
    if looks_like_text(head) {
        Detected::NotDocument(format!(
            "text file ({shown}), not a document format: name it .txt to scan it"
        ))
    } else {
        Detected::NotDocument(format!(
            "not a document: unrecognised binary file ({shown})"
        ))
    }
}

/// A zip package: Word, OpenDocument, another office format, or an archive.
fn detect_package(ext: &str, bytes: &[u8]) -> Detected {
    match archive::package_kind(bytes) {
        PackageKind::Word => Detected::Document(Kind::Docx),
        PackageKind::OpenDocument(mimetype) => {
            if mimetype.starts_with("application/vnd.oasis.opendocument.text") {
                Detected::Document(Kind::Odt)
            } else {
                Detected::NotDocument(format!(
                    "not a text document: opendocument {}",
                    mimetype.trim_start_matches("application/vnd.oasis.opendocument.")
                ))
            }
        }
        PackageKind::Spreadsheet => {
            Detected::NotDocument("not a text document: spreadsheet (xlsx)".to_owned())
        }
        PackageKind::Presentation => {
            Detected::NotDocument("not a text document: presentation (pptx)".to_owned())
        }
        PackageKind::Other if matches!(ext, "docx" | "docm" | "dotx" | "dotm") => {
            // The docx reader says precisely what is missing.
            Detected::Document(Kind::Docx)
        }
        PackageKind::Other if DOCUMENT_EXTENSIONS.contains(&ext) => Detected::Broken(format!(
            "named .{ext} but it is a zip archive of no document format"
        )),
        PackageKind::Other => Detected::NotDocument(
            "zip archive: `techscan scan` reads its members as documents".to_owned(),
        ),
        PackageKind::Unreadable(e) => Detected::Broken(format!("damaged zip package: {e}")),
    }
}

/// An OLE compound file, told by the stream names in its directory (UTF-16LE): an
/// encrypted Office Open XML package, legacy Word, Works, or another Office file.
fn detect_ole(ext: &str, bytes: &[u8]) -> Detected {
    let has = |name: &str| {
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes.windows(utf16.len()).any(|w| w == utf16.as_slice())
    };
    if has("EncryptedPackage") {
        Detected::Encrypted(
            "password-protected office document: remove the password or save it as pdf",
        )
    } else if has("WordDocument") {
        Detected::Document(Kind::LegacyWord)
    } else if has("Workbook") || has("Book") {
        Detected::NotDocument("not a text document: spreadsheet (xls)".to_owned())
    } else if has("PowerPoint Document") {
        Detected::NotDocument("not a text document: presentation (ppt)".to_owned())
    } else if has("__substg1.0_") {
        Detected::NotDocument("not a contract document: outlook message (.msg)".to_owned())
    } else if has("CONTENTS") {
        Detected::Document(Kind::Works)
    } else if DOCUMENT_EXTENSIONS.contains(&ext) {
        Detected::Broken(format!(
            "named .{ext} but it is an ole compound file without a word document stream"
        ))
    } else {
        Detected::NotDocument("not a document: ole compound file of no document kind".to_owned())
    }
}

/// The picture format of a signature, if any.
fn image_signature(bytes: &[u8]) -> Option<Image> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Image::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Image::Jpeg)
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some(Image::Tiff)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(Image::Gif)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some(Image::Webp)
    } else if is_bmp(bytes) {
        Some(Image::Bmp)
    } else {
        None
    }
}

/// `BM`, then a DIB header of one of the sizes Windows and OS/2 define: two letters alone
/// would take a text beginning "BM" for a picture.
fn is_bmp(bytes: &[u8]) -> bool {
    bytes.len() >= 18
        && bytes.starts_with(b"BM")
        && matches!(
            u32::from_le_bytes([bytes[14], bytes[15], bytes[16], bytes[17]]),
            12 | 16 | 40 | 52 | 56 | 64 | 108 | 124
        )
}

/// The start of a text with a byte-order mark and leading whitespace removed.
fn trim_text_start(head: &[u8]) -> &[u8] {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    &head[start..]
}

/// Whether the first bytes read as text: no NUL, valid UTF-8 (a sequence cut at the end of
/// the sample aside) or a UTF-16 byte-order mark.
fn looks_like_text(head: &[u8]) -> bool {
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return true;
    }
    if head.contains(&0) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
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
    fn detection_goes_by_content_whatever_the_name() {
        let ole = |stream: &str| {
            let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
            b.extend([0u8; 56]);
            b.extend(stream.encode_utf16().flat_map(u16::to_le_bytes));
            b
        };
        let bmp = {
            let mut b = b"BM".to_vec();
            b.extend([0u8; 12]);
            b.extend(40u32.to_le_bytes());
            b
        };
        let doc = Detected::Document;
        let cases: Vec<(&str, Vec<u8>, Detected)> = vec![
            ("a.pdf", b"%PDF-1.7\n".to_vec(), doc(Kind::Pdf)),
            ("a.bin", b"junk\n%PDF-1.4".to_vec(), doc(Kind::Pdf)),
            ("a.TXT", b"hello".to_vec(), doc(Kind::Text)),
            ("contract.doc", ole("WordDocument"), doc(Kind::LegacyWord)),
            ("contract.docx", ole("WordDocument"), doc(Kind::LegacyWord)),
            ("contract.pdf", ole("WordDocument"), doc(Kind::LegacyWord)),
            ("contract.wps", ole("WordDocument"), doc(Kind::LegacyWord)),
            ("works.wps", ole("CONTENTS"), doc(Kind::Works)),
            (
                "locked.docx",
                ole("EncryptedPackage"),
                Detected::Encrypted(
                    "password-protected office document: remove the password or save it as pdf",
                ),
            ),
            (
                "numbers.xls",
                ole("Workbook"),
                Detected::NotDocument("not a text document: spreadsheet (xls)".into()),
            ),
            (
                "Thumbs.db",
                ole("Catalog"),
                Detected::NotDocument(
                    "not a document: ole compound file of no document kind".into(),
                ),
            ),
            (
                "odd.doc",
                ole("Catalog"),
                Detected::Broken(
                    "named .doc but it is an ole compound file without a word document stream"
                        .into(),
                ),
            ),
            ("a.doc", b"{\\rtf1\\ansi hello}".to_vec(), doc(Kind::Rtf)),
            ("a.rtf", b"\xEF\xBB\xBF {\\rtf1}".to_vec(), doc(Kind::Rtf)),
            (
                "scan.pdf",
                b"\x89PNG\r\n\x1a\nrest".to_vec(),
                doc(Kind::Image(Image::Png)),
            ),
            (
                "a.jpg",
                b"\xFF\xD8\xFF\xE0".to_vec(),
                doc(Kind::Image(Image::Jpeg)),
            ),
            (
                "a.tif",
                b"II*\0rest".to_vec(),
                doc(Kind::Image(Image::Tiff)),
            ),
            ("a.gif", b"GIF89a".to_vec(), doc(Kind::Image(Image::Gif))),
            ("a.bmp", bmp, doc(Kind::Image(Image::Bmp))),
            (
                "a.webp",
                b"RIFF\0\0\0\0WEBPVP8 ".to_vec(),
                doc(Kind::Image(Image::Webp)),
            ),
            ("BM.txt", b"BMW supply agreement".to_vec(), doc(Kind::Text)),
            (
                "page.htm",
                b"<!DOCTYPE html><html>".to_vec(),
                doc(Kind::Html),
            ),
            ("a.doc", b"<html><body>".to_vec(), doc(Kind::Html)),
            (
                "a.xml",
                b"<?xml version=\"1.0\"?><?mso-application progid=\"Word.Document\"?>".to_vec(),
                doc(Kind::WordXml),
            ),
            ("a.txt", Vec::new(), Detected::Empty),
            (
                "a.pdf",
                b"hello".to_vec(),
                Detected::Broken(
                    "named .pdf but its content is no document format techscan knows".into(),
                ),
            ),
            (
                "a.doc",
                b"\x00\x01\x02".to_vec(),
                Detected::Broken(
                    "named .doc but its content is no document format techscan knows".into(),
                ),
            ),
            (
                "data.csv",
                b"a,b\n1,2\n".to_vec(),
                Detected::NotDocument(
                    "text file (.csv), not a document format: name it .txt to scan it".into(),
                ),
            ),
            (
                "tool.exe",
                b"MZ\x90\x00\x03".to_vec(),
                Detected::NotDocument("not a document: unrecognised binary file (.exe)".into()),
            ),
        ];
        for (name, bytes, want) in cases {
            assert_eq!(detect(Path::new(name), &bytes), want, "{name}");
        }
    }

    #[test]
    fn kinds_without_a_reader_fail_with_what_they_are() {
        assert_eq!(Kind::Works.format(), None);
        assert_eq!(
            Kind::Works.unread_reason(),
            "microsoft works document (.wps) not read: techscan cannot read this format yet: save it as .docx or pdf"
        );
        assert_eq!(Kind::LegacyWord.format(), Some(DocFormat::Doc));
        assert_eq!(Kind::Rtf.format(), Some(DocFormat::Rtf));
        assert_eq!(Kind::Odt.format(), Some(DocFormat::Odt));
        assert!(
            Kind::Image(Image::Gif)
                .unread_reason()
                .contains("png, jpeg or tiff")
        );
        assert_eq!(Kind::Image(Image::Tiff).format(), Some(DocFormat::Image));
        assert_eq!(Kind::Docx.format(), Some(DocFormat::Docx));
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
