//! The documents of a report: held in memory, or spooled to an anonymous temporary file so
//! that a run over any number of documents renders every format in flat memory.
//!
//! [`SpoolWriter`] takes each finished [`DocumentReport`] as the pipeline (or `techscan
//! merge`) produces it and appends it, serialised as compact JSON, to a temporary file that
//! `tempfile` creates already unlinked (in `$TMPDIR`): the operating system frees it when
//! the file is closed, however the process ends. Memory keeps one small index entry per
//! document (path, offset, length, whether it was scanned). [`SpoolWriter::finish`] sorts
//! the index by path, the order every report uses, and gives [`Documents`], which emitters
//! iterate as many times as they need, one document deserialised at a time.
//!
//! Reading back is fallible: an iteration yields `io::Result`, and a failed read ends it
//! with that error — never a panic, never a document silently left out. When the reader is
//! serde (the JSON and SARIF emitters serialise straight from the spool), the error is kept
//! and [`Documents::serde_error`] gives it back in place of serde's copy.
//!
//! This module stores and reads back; it does not format (the emitters do).

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};

use crate::model::{DocumentReport, Status};

/// The documents of a report, in the order emitters write them (path order for a run or a
/// merge). Iterate with [`Documents::iter`]; build a small one with `From<Vec<_>>`.
pub struct Documents {
    store: Store,
    /// The first read error met while serde was iterating (see [`Documents::serde_error`]).
    error: Cell<Option<io::Error>>,
}

enum Store {
    /// In memory, in the order given.
    Memory(Vec<DocumentReport>),
    /// In a temporary file, in path order.
    Spooled(Spooled),
}

struct Spooled {
    file: File,
    index: Vec<Entry>,
}

/// Where one document's record lies in the spool file.
struct Entry {
    path: Box<str>,
    offset: u64,
    len: usize,
    /// Whether the document was scanned, so that a pass over the others (a few, as a rule)
    /// reads only them.
    scanned: bool,
}

impl Documents {
    /// How many documents there are.
    pub fn len(&self) -> usize {
        match &self.store {
            Store::Memory(docs) => docs.len(),
            Store::Spooled(spool) => spool.index.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The documents in order, one at a time. Spooled documents are read back and
    /// deserialised as the iteration reaches them; a read that fails yields its error and
    /// ends the iteration. Each call starts a new pass from the first document.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            docs: self,
            next: 0,
            buf: Vec::new(),
            done: false,
            only_not_scanned: false,
        }
    }

    /// The documents that were not scanned (skipped or failed), in order, as
    /// [`Documents::iter`] gives them; spooled documents that were scanned are passed over
    /// without being read.
    pub fn not_scanned(&self) -> Iter<'_> {
        Iter {
            only_not_scanned: true,
            ..self.iter()
        }
    }

    /// The error to report for a failed serialisation of these documents: the read error
    /// that stopped it when there was one, else serde's own error.
    pub fn serde_error(&self, e: serde_json::Error) -> io::Error {
        self.error.take().unwrap_or_else(|| e.into())
    }

    /// Keeps `e` for [`Documents::serde_error`] and gives serde an error that says what
    /// happened.
    fn fail<E: serde::ser::Error>(&self, e: io::Error) -> E {
        let message = e.to_string();
        self.error.set(Some(e));
        E::custom(message)
    }

    /// A JSON array (any serde sequence) of the items that `item` makes of each document,
    /// read one document at a time. Add more passes with [`Each::then`]: their items
    /// follow those of the first pass over every document.
    pub fn each<'a, T>(&'a self, item: impl Fn(&DocumentReport) -> Vec<T> + 'a) -> Each<'a, T> {
        Each {
            docs: self,
            passes: vec![Box::new(item)],
        }
    }
}

impl<'a> IntoIterator for &'a Documents {
    type Item = io::Result<Cow<'a, DocumentReport>>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl From<Vec<DocumentReport>> for Documents {
    /// Documents held in memory, in the order given.
    fn from(docs: Vec<DocumentReport>) -> Documents {
        Documents {
            store: Store::Memory(docs),
            error: Cell::new(None),
        }
    }
}

impl fmt::Debug for Documents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.store {
            Store::Memory(docs) => f.debug_tuple("Documents::Memory").field(docs).finish(),
            Store::Spooled(spool) => f
                .debug_struct("Documents::Spooled")
                .field("documents", &spool.index.len())
                .finish_non_exhaustive(),
        }
    }
}

/// Serialises as the array of documents, read one at a time.
impl Serialize for Documents {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for doc in self {
            match doc {
                Ok(doc) => seq.serialize_element(&*doc)?,
                Err(e) => return Err(self.fail(e)),
            }
        }
        seq.end()
    }
}

/// One pass over [`Documents`]: see [`Documents::iter`].
pub struct Iter<'a> {
    docs: &'a Documents,
    next: usize,
    /// The record being read, reused from one document to the next.
    buf: Vec<u8>,
    done: bool,
    /// Pass over scanned documents (see [`Documents::not_scanned`]).
    only_not_scanned: bool,
}

impl<'a> Iterator for Iter<'a> {
    type Item = io::Result<Cow<'a, DocumentReport>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        if self.only_not_scanned {
            let scanned = |i: usize| match &self.docs.store {
                Store::Memory(docs) => docs.get(i).is_some_and(|d| d.status == Status::Scanned),
                Store::Spooled(spool) => spool.index.get(i).is_some_and(|e| e.scanned),
            };
            while scanned(self.next) {
                self.next += 1;
            }
        }
        let item = match &self.docs.store {
            Store::Memory(docs) => docs.get(self.next).map(|d| Ok(Cow::Borrowed(d))),
            Store::Spooled(spool) => spool
                .index
                .get(self.next)
                .map(|entry| spool.read(entry, &mut self.buf).map(Cow::Owned)),
        };
        self.next += 1;
        self.done = !matches!(item, Some(Ok(_)));
        item
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.done {
            (0, Some(0))
        } else {
            (0, Some(self.docs.len().saturating_sub(self.next)))
        }
    }
}

impl Spooled {
    fn read(&self, entry: &Entry, buf: &mut Vec<u8>) -> io::Result<DocumentReport> {
        let context = |e: io::Error| {
            io::Error::new(
                e.kind(),
                format!(
                    "reading {} back from the document spool (a temporary file): {e}",
                    entry.path
                ),
            )
        };
        buf.clear();
        buf.resize(entry.len, 0);
        let mut file = &self.file;
        file.seek(SeekFrom::Start(entry.offset)).map_err(context)?;
        file.read_exact(buf).map_err(context)?;
        serde_json::from_slice(buf)
            .map_err(|e| context(io::Error::new(io::ErrorKind::InvalidData, e)))
    }
}

/// A sequence serialised from [`Documents`] read one at a time: see [`Documents::each`].
pub struct Each<'a, T> {
    docs: &'a Documents,
    #[allow(clippy::type_complexity)]
    passes: Vec<Box<dyn Fn(&DocumentReport) -> Vec<T> + 'a>>,
}

impl<'a, T> Each<'a, T> {
    /// Another pass over every document; its items follow the earlier passes' items.
    #[must_use]
    pub fn then(mut self, item: impl Fn(&DocumentReport) -> Vec<T> + 'a) -> Each<'a, T> {
        self.passes.push(Box::new(item));
        self
    }
}

impl<T: Serialize> Serialize for Each<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for pass in &self.passes {
            for doc in self.docs {
                let doc = doc.map_err(|e| self.docs.fail::<S::Error>(e))?;
                for item in pass(&doc) {
                    seq.serialize_element(&item)?;
                }
            }
        }
        seq.end()
    }
}

/// Appends documents to an anonymous temporary file as they arrive; [`SpoolWriter::finish`]
/// makes them [`Documents`] in path order. The file is created at the first document, so
/// a run without documents never touches the disk.
#[derive(Default)]
pub struct SpoolWriter {
    file: Option<BufWriter<File>>,
    /// Where the next record starts.
    offset: u64,
    index: Vec<Entry>,
    /// The record being written, reused from one document to the next.
    buf: Vec<u8>,
}

impl SpoolWriter {
    pub fn new() -> SpoolWriter {
        SpoolWriter::default()
    }

    /// Appends one document.
    ///
    /// # Errors
    /// The temporary file cannot be created or written (no space left in `$TMPDIR`, …).
    pub fn push(&mut self, doc: &DocumentReport) -> io::Result<()> {
        self.buf.clear();
        serde_json::to_writer(&mut self.buf, doc)?;
        let file = match &mut self.file {
            Some(file) => file,
            None => self.file.insert(BufWriter::new(tempfile::tempfile()?)),
        };
        file.write_all(&self.buf)?;
        self.index.push(Entry {
            path: doc.path.as_str().into(),
            offset: self.offset,
            len: self.buf.len(),
            scanned: doc.status == Status::Scanned,
        });
        self.offset += self.buf.len() as u64;
        Ok(())
    }

    /// How many documents were pushed.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The pushed documents, sorted by path (a stable sort: documents with the same path
    /// keep the order they were pushed in).
    ///
    /// # Errors
    /// The last records cannot be written to the temporary file.
    pub fn finish(self) -> io::Result<Documents> {
        let Some(writer) = self.file else {
            return Ok(Documents::from(Vec::new()));
        };
        let file = writer
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        let mut index = self.index;
        index.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Documents {
            store: Store::Spooled(Spooled { file, index }),
            error: Cell::new(None),
        })
    }
}

impl fmt::Debug for SpoolWriter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SpoolWriter")
            .field("documents", &self.index.len())
            .field("bytes", &self.offset)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Finding, Location, Severity};

    fn doc(path: &str, findings: usize) -> DocumentReport {
        let mut d = DocumentReport::not_scanned(
            path.to_owned(),
            Status::Scanned,
            "none",
            format!("“{path}” \u{202E}bidi"),
        );
        d.error = None;
        d.risk = Some(Severity::High);
        d.findings = (0..findings)
            .map(|i| Finding {
                ocr: None,
                rule: "TS201".into(),
                severity: Severity::High,
                message: format!("finding {i} of {path}"),
                location: Location::default(),
                evidence: "the Licensor grants 技术 to the Licensee".into(),
                item: Some("203912X".into()),
                control_point: Some(3),
                legal_basis: String::new(),
                action: String::new(),
                confidence: 0.87,
            })
            .collect();
        d
    }

    fn spool(docs: &[DocumentReport]) -> Documents {
        let mut writer = SpoolWriter::new();
        for d in docs {
            writer.push(d).unwrap();
        }
        assert_eq!(writer.len(), docs.len());
        writer.finish().unwrap()
    }

    fn read_all(docs: &Documents) -> io::Result<Vec<DocumentReport>> {
        docs.iter().map(|d| d.map(Cow::into_owned)).collect()
    }

    #[test]
    fn spooled_documents_come_back_equal_in_path_order() {
        let pushed = vec![doc("b/2.pdf", 2), doc("a.docx", 0), doc("b/10.pdf", 1)];
        let docs = spool(&pushed);
        assert_eq!(docs.len(), 3);
        let back = read_all(&docs).unwrap();
        let mut want = pushed.clone();
        want.sort_by(|a, b| a.path.cmp(&b.path));
        assert_eq!(back, want);
    }

    #[test]
    fn documents_with_the_same_path_keep_their_order() {
        let mut first = doc("same.pdf", 1);
        first.pages = Some(1);
        let mut second = doc("same.pdf", 1);
        second.pages = Some(2);
        let back = read_all(&spool(&[second.clone(), doc("a.pdf", 0), first.clone()])).unwrap();
        let pages: Vec<Option<u32>> = back.iter().map(|d| d.pages).collect();
        assert_eq!(pages, [None, Some(2), Some(1)]);
    }

    #[test]
    fn every_pass_reads_every_document_again() {
        let docs = spool(&[doc("x", 1), doc("y", 3)]);
        let one = read_all(&docs).unwrap();
        let two = read_all(&docs).unwrap();
        assert_eq!(one, two);
        // Two passes at once (an emitter may read one document while listing others).
        let pairs: Vec<(String, String)> = docs
            .iter()
            .zip(docs.iter().skip(1))
            .map(|(a, b)| (a.unwrap().path.clone(), b.unwrap().path.clone()))
            .collect();
        assert_eq!(pairs, [("x".to_owned(), "y".to_owned())]);
    }

    #[test]
    fn a_pass_over_the_documents_not_scanned_reads_only_them() {
        let mut failed = doc("b", 0);
        failed.status = Status::Failed;
        let mut skipped = doc("d", 0);
        skipped.status = Status::Skipped;
        let pushed = vec![doc("a", 1), failed, doc("c", 1), skipped, doc("e", 0)];
        let docs = spool(&pushed);
        let Store::Spooled(spooled) = &docs.store else {
            panic!("a pushed document is spooled")
        };
        // Damage the scanned documents' records: the pass must not read them.
        let mut file = &spooled.file;
        for entry in spooled.index.iter().filter(|e| e.scanned) {
            file.seek(SeekFrom::Start(entry.offset)).unwrap();
            file.write_all(b"[").unwrap();
        }
        let paths = |docs: &Documents| -> Vec<String> {
            docs.not_scanned()
                .map(|d| d.unwrap().path.clone())
                .collect()
        };
        assert_eq!(paths(&docs), ["b", "d"]);
        assert_eq!(paths(&Documents::from(pushed)), ["b", "d"]);
    }

    #[test]
    fn a_spool_without_documents_is_empty_and_makes_no_file() {
        let writer = SpoolWriter::new();
        assert!(writer.file.is_none());
        let docs = writer.finish().unwrap();
        assert!(docs.is_empty());
        assert_eq!(docs.iter().count(), 0);
    }

    #[test]
    fn spooled_and_in_memory_documents_serialise_to_the_same_bytes() {
        let pushed = vec![doc("a", 2), doc("b", 0)];
        let spooled = serde_json::to_string_pretty(&spool(&pushed)).unwrap();
        let memory = serde_json::to_string_pretty(&Documents::from(pushed.clone())).unwrap();
        assert_eq!(spooled, memory);
        assert_eq!(spooled, serde_json::to_string_pretty(&pushed).unwrap());
        let each = Documents::from(pushed.clone());
        let paths = each
            .each(|d| vec![d.path.clone()])
            .then(|d| d.findings.iter().map(|f| f.message.clone()).collect());
        assert_eq!(
            serde_json::to_string(&paths).unwrap(),
            r#"["a","b","finding 0 of a","finding 1 of a"]"#
        );
    }

    #[test]
    fn a_read_error_is_an_error_of_the_iteration_never_a_missing_document() {
        let docs = spool(&[doc("a", 1), doc("b", 1), doc("c", 1)]);
        // The file loses its last records: the third document cannot be read back.
        let Store::Spooled(spooled) = &docs.store else {
            panic!("a pushed document is spooled")
        };
        let cut = spooled.index[2].offset + 5;
        spooled.file.set_len(cut).unwrap();
        let results: Vec<io::Result<Cow<'_, DocumentReport>>> = docs.iter().collect();
        assert_eq!(results.len(), 3, "the failed read is the last item");
        assert!(results[0].is_ok() && results[1].is_ok());
        let err = results[2].as_ref().err().unwrap();
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
        assert!(err.to_string().contains("reading c back"), "{err}");
        // Through serde, the same error comes back instead of serde's copy.
        let e = serde_json::to_vec(&docs).unwrap_err();
        assert_eq!(docs.serde_error(e).kind(), io::ErrorKind::UnexpectedEof);
        let e = serde_json::to_vec(&docs.each(|d| vec![d.path.clone()])).unwrap_err();
        assert_eq!(docs.serde_error(e).kind(), io::ErrorKind::UnexpectedEof);
    }

    #[test]
    fn every_format_fails_with_the_read_error_of_a_damaged_spool() {
        use crate::report::{self, CatalogueInfo, Format, Report, Style, Summary};

        let pushed = [doc("a", 1), doc("b", 2)];
        let docs = spool(&pushed);
        let Store::Spooled(spooled) = &docs.store else {
            panic!("a pushed document is spooled")
        };
        spooled.file.set_len(spooled.index[1].offset + 1).unwrap();
        let catalogue = CatalogueInfo {
            id: "cn".into(),
            edition: "2025".into(),
            coverage: crate::catalogue::Coverage::default(),
        };
        let report = Report::with_summary(catalogue, Severity::High, docs, Summary::of(&pushed));
        for format in Format::ALL {
            let mut out = Vec::new();
            let err = report::write(format, &report, Style::default(), &mut out).unwrap_err();
            assert_eq!(
                err.kind(),
                io::ErrorKind::UnexpectedEof,
                "{}",
                format.as_str()
            );
            assert!(err.to_string().contains("reading b back"), "{err}");
        }
    }

    /// The samples as a run scans them, plus documents that reach every branch of the
    /// emitters: failed, skipped, with warnings, with a waived finding, with bidi text.
    fn scanned_samples() -> Vec<DocumentReport> {
        use crate::discover::discover;
        use crate::pipeline::{Engine, run};
        use crate::progress::NoProgress;

        let engine = Engine::builtin(crate::extract::ExtractOptions::default()).unwrap();
        let inputs = discover(&[std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples"
        ))]);
        let mut docs = Vec::new();
        run(&engine, &inputs, 2, &NoProgress, &mut |d| docs.push(d)).unwrap();
        let with_findings = docs
            .iter()
            .find(|d| !d.findings.is_empty())
            .cloned()
            .unwrap();
        let mut waived = with_findings.clone();
        waived.path = "zz/waived \u{202E}copy.docx".into();
        waived.waived = vec![crate::model::Waived {
            finding: with_findings.findings[0].clone(),
            reason: "approved by export counsel".into(),
            waiver_location: Location::default(),
        }];
        waived.warnings = vec!["page 4: no text layer".into()];
        docs.push(waived);
        docs.push(DocumentReport::not_scanned(
            "aa/broken.pdf".into(),
            Status::Failed,
            "malformed",
            "no xref table".into(),
        ));
        docs.push(DocumentReport::not_scanned(
            "mm/photo.png".into(),
            Status::Skipped,
            "unsupported",
            "unsupported file type .png".into(),
        ));
        docs
    }

    #[test]
    fn every_format_renders_the_same_bytes_from_the_spool_as_from_memory() {
        use crate::report::{self, CatalogueInfo, Format, Report, Style, Summary};

        let mut docs = scanned_samples();
        let catalogue = CatalogueInfo {
            id: "cn".into(),
            edition: "2025".into(),
            coverage: crate::catalogue::Coverage::default(),
        };
        // Pushed in reverse: the spool sorts by path, as the run sorted its Vec.
        let mut writer = SpoolWriter::new();
        for d in docs.iter().rev() {
            writer.push(d).unwrap();
        }
        docs.sort_by(|a, b| a.path.cmp(&b.path));
        let summary = Summary::of(&docs);
        let memory = Report::new(catalogue.clone(), Severity::High, docs);
        let spooled =
            Report::with_summary(catalogue, Severity::High, writer.finish().unwrap(), summary);
        for format in Format::ALL {
            let render = |report: &Report| {
                let mut out = Vec::new();
                report::write(format, report, Style::default(), &mut out).unwrap();
                out
            };
            let (want, got) = (render(&memory), render(&spooled));
            assert!(!want.is_empty());
            assert!(want == got, "{} differs when spooled", format.as_str());
        }
    }

    #[test]
    fn a_damaged_record_is_invalid_data() {
        let docs = spool(&[doc("a", 1)]);
        let Store::Spooled(spooled) = &docs.store else {
            panic!("a pushed document is spooled")
        };
        let mut file = &spooled.file;
        file.seek(SeekFrom::Start(0)).unwrap();
        file.write_all(b"[").unwrap();
        let err = docs.iter().next().unwrap().unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }
}
