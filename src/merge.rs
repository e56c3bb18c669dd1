//! `techscan merge`: JSON Lines reports of several runs (shards of one scan, or the
//! partitions of a Spark job) back into the one report a single run would have written.
//!
//! Each input is read line by line (`report/jsonl.rs` documents the lines): document lines
//! are collected, and a summary line closes a run, so one file may hold several runs one
//! after the other (`cat part-*`). Every run must end with its summary line (a run cut
//! short has none), its summary must equal the counts of its own document lines, and all
//! runs must agree on schema, tool version, catalogue and `fail_on`. When the runs carry
//! shard headers (`--shard K/N`), they must all be shards of the same N and together be
//! exactly 1…N. A path may appear only once. The merged documents are sorted by path
//! (the order of a single run) and the summary is recounted from them, so every format
//! written from the merge is byte for byte the one a single run writes.
//!
//! Documents go to a spool (a temporary file, see `report/spool.rs`) as they are read; only
//! their paths and the counts stay in memory, so a merge of any size runs in flat memory.
//!
//! This module parses and checks; it writes no report (the caller renders it).

use std::collections::BTreeMap;
use std::io::BufRead;

use crate::model::{DocumentReport, Severity};
use crate::report::{CatalogueInfo, Report, SCHEMA_VERSION, SpoolWriter, Summary, Tool};
use crate::shard::Shard;

/// Why inputs cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("{name}:{line}: {message}")]
    Line {
        name: String,
        line: usize,
        message: String,
    },
    #[error("{name}: cannot read: {source}")]
    Read {
        name: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{name}: {documents} document line(s) after the last summary line: the run was cut short (no summary line)"
    )]
    Truncated { name: String, documents: usize },
    #[error(
        "{name}:{line}: the summary line does not match the run's {documents} document line(s): {detail}"
    )]
    Counts {
        name: String,
        line: usize,
        documents: usize,
        detail: String,
    },
    #[error("{name}:{line}: {what} is {got}, but {first} has {want}")]
    Mismatch {
        name: String,
        line: usize,
        what: &'static str,
        got: String,
        want: String,
        first: String,
    },
    #[error("{path} is in more than one input ({first} and {second})")]
    Duplicate {
        path: String,
        first: String,
        second: String,
    },
    #[error("shards do not add up: {0}")]
    Shards(String),
    #[error("no runs to merge: the inputs hold no summary line")]
    Empty,
    #[error("cannot keep the merged documents in a temporary file: {0}")]
    Spool(#[source] std::io::Error),
}

/// What every run of one merge must share, from its summary line.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
struct Header {
    schema_version: String,
    tool: Tool,
    catalogue: CatalogueInfo,
    fail_on: Severity,
}

#[derive(serde::Deserialize)]
struct SummaryLine {
    summary: Summary,
    #[serde(flatten)]
    header: Header,
    #[serde(default)]
    shard: Option<Shard>,
}

/// Collects runs from JSON Lines inputs; [`Merger::finish`] makes the report. After an
/// error the merger holds part of a run: drop it.
#[derive(Debug)]
pub struct Merger {
    /// Every document read so far.
    documents: SpoolWriter,
    /// The counts over every document read so far.
    summary: Summary,
    /// Where each path came from (an index into `runs`), to name both inputs of a
    /// duplicate.
    origin: BTreeMap<String, usize>,
    /// Where each closed run's summary line is (`name:line`).
    runs: Vec<String>,
    /// The first run's header and where it came from.
    header: Option<(Header, String)>,
    /// Every run's shard (`None`: not sharded) and where it came from.
    shards: Vec<(Option<Shard>, String)>,
}

impl Default for Merger {
    fn default() -> Merger {
        Merger::new()
    }
}

impl Merger {
    pub fn new() -> Merger {
        Merger {
            documents: SpoolWriter::new(),
            summary: Summary::empty(),
            origin: BTreeMap::new(),
            runs: Vec::new(),
            header: None,
            shards: Vec::new(),
        }
    }

    /// Reads every run in `input` (named `name` in errors).
    ///
    /// # Errors
    /// A line that is not a document or summary, a run without summary line, a summary
    /// that does not match its documents, a header that differs from an earlier run's, or
    /// a path seen before.
    pub fn add(&mut self, name: &str, input: &mut dyn BufRead) -> Result<(), MergeError> {
        let mut run = Run::default();
        let mut text = String::new();
        let mut line_no = 0usize;
        loop {
            text.clear();
            let n = input
                .read_line(&mut text)
                .map_err(|source| MergeError::Read {
                    name: name.to_owned(),
                    source,
                })?;
            if n == 0 {
                break;
            }
            line_no += 1;
            let line = text.trim_end_matches(['\n', '\r']);
            if line.trim().is_empty() {
                continue;
            }
            let bad = |message: String| MergeError::Line {
                name: name.to_owned(),
                line: line_no,
                message,
            };
            if line.starts_with("{\"summary\"") {
                let summary: SummaryLine = serde_json::from_str(line)
                    .map_err(|e| bad(format!("not a techscan summary line: {e}")))?;
                self.close_run(name, line_no, summary, std::mem::take(&mut run))?;
            } else if line.starts_with("{\"path\"") {
                let doc: DocumentReport = serde_json::from_str(line)
                    .map_err(|e| bad(format!("not a techscan document line: {e}")))?;
                self.documents.push(&doc).map_err(MergeError::Spool)?;
                self.summary.add(&doc);
                run.add(doc);
            } else {
                return Err(bad(
                    "neither a document nor a summary line of `techscan scan --format jsonl`"
                        .to_owned(),
                ));
            }
        }
        if run.paths.is_empty() {
            Ok(())
        } else {
            Err(MergeError::Truncated {
                name: name.to_owned(),
                documents: run.paths.len(),
            })
        }
    }

    fn close_run(
        &mut self,
        name: &str,
        line: usize,
        summary: SummaryLine,
        run: Run,
    ) -> Result<(), MergeError> {
        let counted = run.summary;
        if counted != summary.summary {
            return Err(MergeError::Counts {
                name: name.to_owned(),
                line,
                documents: run.paths.len(),
                detail: format!(
                    "it says {} document(s), {} finding(s); the lines hold {} document(s), {} finding(s)",
                    summary.summary.documents,
                    summary.summary.findings,
                    counted.documents,
                    counted.findings
                ),
            });
        }
        let here = format!("{name}:{line}");
        let header = summary.header;
        if header.schema_version != SCHEMA_VERSION {
            return Err(MergeError::Line {
                name: name.to_owned(),
                line,
                message: format!(
                    "schema_version {} is not the {SCHEMA_VERSION} this techscan writes",
                    header.schema_version
                ),
            });
        }
        if header.tool.version != env!("CARGO_PKG_VERSION") {
            return Err(MergeError::Line {
                name: name.to_owned(),
                line,
                message: format!(
                    "written by techscan {}; merge with the same version (this is {})",
                    header.tool.version,
                    env!("CARGO_PKG_VERSION")
                ),
            });
        }
        if let Some((first, first_at)) = &self.header {
            let mismatch = |what, got: String, want: String| MergeError::Mismatch {
                name: name.to_owned(),
                line,
                what,
                got,
                want,
                first: first_at.clone(),
            };
            if header.catalogue != first.catalogue {
                return Err(mismatch(
                    "the catalogue",
                    catalogue_label(&header.catalogue),
                    catalogue_label(&first.catalogue),
                ));
            }
            if header.fail_on != first.fail_on {
                return Err(mismatch(
                    "fail_on",
                    header.fail_on.as_str().to_owned(),
                    first.fail_on.as_str().to_owned(),
                ));
            }
        } else {
            self.header = Some((header, here.clone()));
        }
        self.shards.push((summary.shard, here.clone()));
        let this = self.runs.len();
        self.runs.push(here);
        for path in run.paths {
            if let Some(&first) = self.origin.get(&path) {
                return Err(MergeError::Duplicate {
                    path,
                    first: self.runs[first].clone(),
                    second: self.runs[this].clone(),
                });
            }
            self.origin.insert(path, this);
        }
        Ok(())
    }

    /// The merged report: documents in path order, summary recounted. `fail_on` replaces
    /// the runs' threshold when given.
    ///
    /// # Errors
    /// No run at all, or shard headers that are not exactly 1…N of one N.
    pub fn finish(mut self, fail_on: Option<Severity>) -> Result<Report, MergeError> {
        let Some((header, _)) = self.header.take() else {
            return Err(MergeError::Empty);
        };
        check_shards(&self.shards)?;
        let documents = self.documents.finish().map_err(MergeError::Spool)?;
        let mut report = Report::with_summary(
            header.catalogue,
            fail_on.unwrap_or(header.fail_on),
            documents,
            self.summary,
        );
        report.tool = header.tool;
        Ok(report)
    }
}

/// The run being read: its paths (for the duplicate check) and counts (for the check
/// against its summary line); the documents themselves are already spooled.
struct Run {
    paths: Vec<String>,
    summary: Summary,
}

impl Default for Run {
    fn default() -> Run {
        Run {
            paths: Vec::new(),
            summary: Summary::empty(),
        }
    }
}

impl Run {
    fn add(&mut self, doc: DocumentReport) {
        self.summary.add(&doc);
        self.paths.push(doc.path);
    }
}

fn catalogue_label(c: &CatalogueInfo) -> String {
    format!("{} edition {}", c.id, c.edition)
}

/// Either no run is a shard, or the runs are shards 1…N of one N, each once.
fn check_shards(shards: &[(Option<Shard>, String)]) -> Result<(), MergeError> {
    let sharded: Vec<(Shard, &String)> = shards
        .iter()
        .filter_map(|(s, at)| s.map(|s| (s, at)))
        .collect();
    if sharded.is_empty() {
        return Ok(());
    }
    if let Some((_, at)) = shards.iter().find(|(s, _)| s.is_none()) {
        return Err(MergeError::Shards(format!(
            "the run at {at} is not a shard, the run at {} is",
            sharded[0].1
        )));
    }
    let count = sharded[0].0.count;
    let mut seen: BTreeMap<u32, &String> = BTreeMap::new();
    for (shard, at) in &sharded {
        if shard.count != count {
            return Err(MergeError::Shards(format!(
                "shard {shard} at {at} is not one of {count} (as {} is)",
                sharded[0].1
            )));
        }
        if let Some(first) = seen.insert(shard.index, at) {
            return Err(MergeError::Shards(format!(
                "shard {shard} appears twice ({first} and {at})"
            )));
        }
    }
    let missing: Vec<String> = (1..=count)
        .filter(|k| !seen.contains_key(k))
        .map(|k| format!("{k}/{count}"))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(MergeError::Shards(format!(
            "missing shard(s) {}",
            missing.join(", ")
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;
    use crate::report::jsonl;

    fn doc(path: &str) -> DocumentReport {
        DocumentReport::not_scanned(
            path.to_owned(),
            Status::Skipped,
            "unsupported",
            "unsupported file type .png".to_owned(),
        )
    }

    fn run(paths: &[&str], shard: Option<Shard>) -> Vec<u8> {
        let catalogue = CatalogueInfo {
            id: "cn".into(),
            edition: "2025".into(),
            coverage: crate::catalogue::Coverage::default(),
        };
        let mut report = Report::new(
            catalogue,
            Severity::High,
            paths.iter().map(|p| doc(p)).collect(),
        );
        report.shard = shard;
        let mut out = Vec::new();
        jsonl::write(&report, &mut out).unwrap();
        out
    }

    fn merge(inputs: &[Vec<u8>]) -> Result<Report, MergeError> {
        let mut m = Merger::new();
        for (i, bytes) in inputs.iter().enumerate() {
            m.add(&format!("part{i}"), &mut bytes.as_slice())?;
        }
        m.finish(None)
    }

    fn shard(index: u32, count: u32) -> Option<Shard> {
        Shard::parse(&format!("{index}/{count}")).ok()
    }

    #[test]
    fn shards_merge_in_path_order_with_a_recounted_summary() {
        let merged = merge(&[
            run(&["b.png", "d.png"], shard(2, 2)),
            run(&["a.png", "c.png"], shard(1, 2)),
        ])
        .unwrap();
        let paths: Vec<String> = merged
            .documents
            .iter()
            .map(|d| d.unwrap().path.clone())
            .collect();
        assert_eq!(paths, ["a.png", "b.png", "c.png", "d.png"]);
        assert_eq!(merged.summary.skipped, 4);
        assert_eq!(merged.shard, None);
    }

    #[test]
    fn several_runs_in_one_file_are_read_one_after_the_other() {
        let mut both = run(&["x.png"], None);
        both.extend(run(&["y.png"], None));
        assert_eq!(merge(&[both]).unwrap().summary.documents, 2);
    }

    #[test]
    fn incomplete_or_inconsistent_inputs_are_refused_with_the_reason() {
        let cut = {
            let mut r = run(&["a.png"], None);
            r.extend(b"{\"path\":\"b.png\",\"status\":\"skipped\"}\n");
            r
        };
        let mut doctored = run(&["a.png", "b.png"], None);
        let first_newline = doctored.iter().position(|&b| b == b'\n').unwrap();
        doctored.drain(..=first_newline);
        let cases: Vec<(Vec<Vec<u8>>, &str)> = vec![
            (vec![cut], "part0:3: not a techscan document line"),
            (vec![run(&["a.png"], None)[..20].to_vec()], "part0:1"),
            (
                vec![doctored],
                "does not match the run's 1 document line(s)",
            ),
            (
                vec![run(&["a.png"], None), run(&["a.png"], None)],
                "a.png is in more than one input (part0:2 and part1:2)",
            ),
            (
                vec![run(&["a.png"], shard(1, 3)), run(&["b.png"], shard(3, 3))],
                "missing shard(s) 2/3",
            ),
            (
                vec![run(&["a.png"], shard(1, 2)), run(&["b.png"], shard(1, 2))],
                "shard 1/2 appears twice",
            ),
            (
                vec![run(&["a.png"], shard(1, 2)), run(&["b.png"], None)],
                "is not a shard",
            ),
            (
                vec![b"hello\n".to_vec()],
                "neither a document nor a summary",
            ),
            (vec![Vec::new()], "no runs to merge"),
        ];
        for (inputs, want) in cases {
            let err = merge(&inputs).map(|_| ()).unwrap_err().to_string();
            assert!(err.contains(want), "{err:?} should contain {want:?}");
        }
    }

    #[test]
    fn a_document_line_without_its_summary_line_is_a_cut_short_run() {
        let mut r = run(&["a.png"], None);
        let line = r.iter().position(|&b| b == b'\n').unwrap();
        r.truncate(line + 1);
        let err = merge(&[r]).unwrap_err();
        assert!(
            matches!(err, MergeError::Truncated { documents: 1, .. }),
            "{err}"
        );
    }
}
