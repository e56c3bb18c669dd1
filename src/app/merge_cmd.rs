//! `techscan merge FILE...`: reads shard reports (JSON Lines), checks that they add up,
//! and writes the merged report in every requested format. The parsing and checks live in
//! `merge.rs`; this file only opens files and writes.

use std::fs::File;
use std::io::{self, BufReader, Write};

use anyhow::{Context, Result};

use super::{ExitStatus, RunOutcome, output};
use crate::merge::Merger;
use crate::model::Severity;
use crate::report::{self, Style};
use crate::settings::MergeSettings;

/// Runs `merge`. The exit status follows `scan`'s rules over the merged documents.
///
/// # Errors
/// An unreadable input, inputs that do not add up to one run, or an unwritable output.
pub fn run(settings: &MergeSettings) -> Result<ExitStatus> {
    let mut sinks = output::open(&settings.outputs)?;
    let mut merger = Merger::new();
    for path in &settings.files {
        let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        merger.add(&path.display().to_string(), &mut BufReader::new(file))?;
    }
    let report = merger
        .finish(settings.fail_on.map(Option::unwrap_or_default))
        .context("cannot merge the reports")?;
    let fail_on = match settings.fail_on {
        Some(threshold) => threshold,
        None => Some(report.fail_on).filter(|&t| t != Severity::None),
    };
    let mut outcome = RunOutcome::default();
    for d in &report.documents {
        let d = d.context("reading the merged documents back")?;
        outcome.add(&d);
    }
    let style = Style {
        color: settings.color,
        lang: settings.lang,
        width: settings.width,
    };
    for (format, writer) in &mut sinks {
        report::write(*format, &report, style, writer)?;
        writer.flush()?;
    }
    output::commit(sinks)?;
    if !settings.quiet {
        let s = &report.summary;
        let counts = format!(
            "{} document(s): {} scanned, {} skipped, {} failed",
            s.documents, s.scanned, s.skipped, s.failed
        );
        writeln!(
            io::stderr().lock(),
            "techscan: merged {} report(s): {}",
            settings.files.len(),
            if s.failed > 0 {
                format!("{}; {counts}", s.verdict())
            } else {
                format!("{counts}; {}", s.verdict())
            }
        )?;
    }
    Ok(outcome.status(fail_on))
}
