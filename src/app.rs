//! Orchestration of the commands: the only code (with `main.rs`) that writes to stdout,
//! stderr or report files.

mod catalogue_cmd;

use std::fs::File;
use std::io::{self, BufWriter, Write};

use anyhow::{Context, Result, bail};

use crate::analyze::Analyzer;
use crate::catalogue::{Catalogue, EditionChoice};
use crate::cli::{Cli, Command, ExplainArgs, TextArgs};
use crate::discover::{self, Input};
use crate::extract::ExtractOptions;
use crate::model::{DocumentReport, Status};
use crate::pipeline::{self, Engine};
use crate::progress::{NoProgress, Progress};
use crate::progress_bar::Bar;
use crate::report::{self, CatalogueInfo, Report, Style};
use crate::risk::rules;
use crate::settings::ScanSettings;

/// How a run ended, mapped to the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: every input scanned, no finding at or above the threshold.
    Success,
    /// 1: a finding at or above `--fail-on`.
    Failure,
    /// 2: an input failed, or a fatal error.
    Error,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        }
    }

    /// 2 if any document failed; else 1 if any finding reaches `fail_on`; else 0.
    pub fn of(documents: &[DocumentReport], fail_on: Option<crate::model::Severity>) -> ExitStatus {
        if documents.iter().any(|d| d.status == Status::Failed) {
            return ExitStatus::Error;
        }
        let hit = fail_on.is_some_and(|t| {
            documents
                .iter()
                .flat_map(|d| &d.findings)
                .any(|f| f.severity >= t)
        });
        if hit {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        }
    }
}

/// Runs one command.
///
/// # Errors
/// Fatal errors only (bad arguments, unwritable output, broken shipped dictionaries).
pub fn run(cli: Cli) -> Result<ExitStatus> {
    match cli.command {
        Command::Scan(args) => scan(&ScanSettings::resolve(args)),
        Command::Text(args) => text(&args),
        Command::Explain(args) => explain(&args),
        Command::Catalogue(command) => catalogue_cmd::run(&command),
    }
}

fn scan(settings: &ScanSettings) -> Result<ExitStatus> {
    let mut engine = Engine::builtin(settings.extract.clone())
        .context("loading built-in dictionaries (a bug in techscan)")?;
    engine.edition = settings.edition;
    if !settings.dictionaries.is_empty() {
        let user = catalogue_cmd::read_sources(&settings.dictionaries)?;
        engine.catalogue = if settings.no_builtin_catalogue {
            Catalogue::from_sources(&user)
        } else {
            Catalogue::builtin_with(&user)
        }
        .context("loading the --dictionary file(s)")?;
    }
    let inputs = discover::discover(&settings.paths);
    if inputs.is_empty() {
        bail!("no files found under the given path(s)");
    }
    // Open the output before the scan, so a bad path fails fast.
    let mut file = match &settings.output {
        Some(path) => {
            Some(BufWriter::new(File::create(path).with_context(|| {
                format!("cannot create {}", path.display())
            })?))
        }
        None => None,
    };
    let bar;
    let progress: &dyn Progress = if settings.progress {
        bar = Bar::new();
        &bar
    } else {
        &NoProgress
    };
    let mut documents = Vec::with_capacity(inputs.len());
    pipeline::run(&engine, &inputs, settings.jobs, progress, &mut |d| {
        documents.push(d);
    })?;
    let status = ExitStatus::of(&documents, settings.fail_on);
    let catalogue = CatalogueInfo {
        id: engine.catalogue.id.clone(),
        edition: edition_label(settings.edition),
        coverage: match settings.edition {
            EditionChoice::Fixed(edition) => engine.catalogue.coverage_in(edition),
            EditionChoice::Signing => engine.catalogue.coverage(),
        },
    };
    let report = Report::new(catalogue, settings.fail_on.unwrap_or_default(), documents);
    let style = Style {
        color: settings.color,
    };
    if let Some(f) = file.as_mut() {
        report::write(settings.format, &report, style, f)?;
        f.flush()?;
    } else {
        let stdout = io::stdout();
        let mut lock = stdout.lock();
        report::write(settings.format, &report, style, &mut lock)?;
        lock.flush()?;
    }
    if !settings.quiet {
        let s = &report.summary;
        let mut err = io::stderr().lock();
        writeln!(
            err,
            "techscan: {} document(s): {} scanned, {} skipped, {} failed; highest risk {}{}",
            s.documents,
            s.scanned,
            s.skipped,
            s.failed,
            s.max_risk.as_str(),
            settings
                .output
                .as_ref()
                .map_or_else(String::new, |p| format!(
                    "; report written to {}",
                    p.display()
                ))
        )?;
    }
    Ok(status)
}

/// The report's `catalogue.edition`: the edition and its instrument, or how it was chosen
/// per document.
fn edition_label(choice: EditionChoice) -> String {
    match choice {
        EditionChoice::Fixed(edition) => edition.label(),
        EditionChoice::Signing => "per document (--as-of signing): the edition in force on each contract's signing or effective date, see catalogue_edition".to_owned(),
    }
}

fn text(args: &TextArgs) -> Result<ExitStatus> {
    let options = ExtractOptions {
        password: args.password.clone(),
        ..ExtractOptions::default()
    };
    let input = Input {
        path: args.file.clone(),
        walk_error: None,
        excluded: None,
    };
    let (format, extracted) = match pipeline::load(&input, &options) {
        Ok(loaded) => loaded,
        Err(report) => {
            let (kind, message) = report
                .error
                .as_ref()
                .map_or(("unknown", ""), |e| (e.kind.as_str(), e.message.as_str()));
            bail!("{}: {} ({kind})", input.display(), message);
        }
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    writeln!(
        out,
        "# {} · {} · {} · {} block(s)",
        report::sanitize::terminal_text(&input.display()),
        format.as_str(),
        extracted
            .pages
            .map_or_else(|| "pages unknown".to_owned(), |n| format!("{n} page(s)")),
        extracted.blocks.len()
    )?;
    for w in &extracted.warnings {
        writeln!(out, "# warning: {w}")?;
    }
    if args.raw {
        let mut page = None;
        for b in &extracted.blocks {
            if b.page != page && b.page.is_some() {
                page = b.page;
                writeln!(out, "\n=== page {} ===", b.page.unwrap_or_default())?;
            }
            let label = b
                .label
                .as_deref()
                .map_or_else(String::new, |l| format!(" label={l}"));
            writeln!(out, "[¶ {} {}{label}]", b.paragraph, b.kind.as_str())?;
            writeln!(out, "{}", b.text)?;
        }
    } else {
        let analyzer =
            Analyzer::builtin().context("loading built-in dictionaries (a bug in techscan)")?;
        let analysis = analyzer.analyze(&extracted);
        let mut page = None;
        for s in &analysis.segments {
            if s.location.page != page && s.location.page.is_some() {
                page = s.location.page;
                writeln!(
                    out,
                    "\n=== page {} ===",
                    s.location.page.unwrap_or_default()
                )?;
            }
            let heading = if s.heading { " heading" } else { "" };
            writeln!(
                out,
                "[{} · {}{heading}] {}",
                s.location.display(),
                s.kind.as_str(),
                s.text
            )?;
        }
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}

fn explain(args: &ExplainArgs) -> Result<ExitStatus> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match &args.code {
        None => {
            for r in rules::RULES {
                writeln!(out, "{}  {:8}  {}", r.code, r.severity.as_str(), r.name)?;
            }
        }
        Some(code) => {
            let Some(r) = rules::rule(code) else {
                bail!("unknown rule code {code:?}; run `techscan explain` for the list");
            };
            writeln!(out, "{} {} ({})\n", r.code, r.name, r.severity.as_str())?;
            writeln!(out, "What it detects\n  {}\n", r.what_it_detects)?;
            writeln!(out, "Why it matters\n  {}\n", r.why_it_matters)?;
            writeln!(out, "Example\n  {}\n", r.example)?;
            writeln!(out, "Legal basis\n  {}\n", r.legal_basis)?;
            writeln!(out, "What to do\n  {}", r.action)?;
        }
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}
