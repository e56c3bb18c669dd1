//! Orchestration of the commands: the only code (with `main.rs`) that writes to stdout,
//! stderr or report files.

mod catalogue_cmd;
mod merge_cmd;
mod output;

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result, bail};

use crate::analyze::{self, Analyzer};
use crate::baseline::{self, Baseline};
use crate::cache::{Cache, RunKey};
use crate::catalogue::{self, Catalogue, EditionChoice};
use crate::cli::{Cli, Command, ExplainArgs, TextArgs};
use crate::discover::{self, Input};
use crate::extract::ExtractOptions;
use crate::model::{DocumentReport, Severity, Status};
use crate::pipeline::{self, Engine};
use crate::progress::{NoProgress, Progress};
use crate::progress_bar::Bar;
use crate::report::{self, CatalogueInfo, Format, Report, SpoolWriter, Style, Summary};
use crate::risk::rules;
use crate::settings::{CacheSetting, Config, MergeSettings, ScanSettings};

/// How a run ended, mapped to the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: every input scanned, no finding at or above the threshold.
    Success,
    /// 1: a finding at or above `--fail-on`.
    Failure,
    /// 2: an input failed, or a fatal error.
    Error,
    /// 130: interrupted by Ctrl-C (SIGINT) or SIGTERM; no report was written.
    Interrupted,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
            ExitStatus::Interrupted => 130,
        }
    }
}

/// Runs one command.
///
/// # Errors
/// Fatal errors only (bad arguments, unwritable output, broken shipped dictionaries).
pub fn run(cli: Cli) -> Result<ExitStatus> {
    match cli.command {
        Command::Scan(args) => scan(&ScanSettings::resolve(*args)?),
        Command::Text(args) => text(&args),
        Command::Explain(args) => explain(&args),
        Command::Merge(args) => merge_cmd::run(&MergeSettings::resolve(args)?),
        Command::Catalogue(command) => catalogue_cmd::run(&command),
        Command::Completions(args) => {
            let mut out = io::stdout().lock();
            out.write_all(&crate::cli::completions(&args))?;
            out.flush()?;
            Ok(ExitStatus::Success)
        }
        Command::Man(args) => {
            let mut out = io::stdout().lock();
            crate::cli::write_man_page(&args, &mut out).context("writing the manual page")?;
            out.flush()?;
            Ok(ExitStatus::Success)
        }
    }
}

fn scan(settings: &ScanSettings) -> Result<ExitStatus> {
    let mut engine = Engine::builtin(settings.extract.clone())
        .context("loading built-in dictionaries (a bug in techscan)")?;
    engine.edition = settings.edition;
    engine.lang = settings.lang;
    if let Some(file) = &settings.password_file {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read password file {}", file.display()))?;
        engine.passwords = pipeline::parse_password_file(&text).map_err(|line| {
            anyhow::anyhow!("{}:{line}: expected PATH<TAB>PASSWORD", file.display())
        })?;
    }
    let mut user_dictionaries = Vec::new();
    if !settings.dictionaries.is_empty() {
        let user = catalogue_cmd::read_sources(&settings.dictionaries)?;
        engine.catalogue = if settings.no_builtin_catalogue {
            Catalogue::from_sources(&user)
        } else {
            Catalogue::builtin_with(&user)
        }
        .context("loading the --dictionary file(s)")?;
        user_dictionaries = user;
    }
    let cache_warning = attach_cache(settings, &mut engine, &user_dictionaries);
    if let Some(warning) = &cache_warning {
        writeln!(io::stderr().lock(), "techscan: warning: {warning}")?;
    }
    let mut paths = settings.paths.clone();
    if let Some(list) = &settings.files_from {
        paths.extend(read_path_list(list)?);
    }
    let mut inputs = discover::discover(&paths);
    if inputs.is_empty() {
        bail!("no files found under the given path(s)");
    }
    if let Some(config) = &settings.config {
        exclude_by_config(config, &mut inputs);
    }
    if let Some(shard) = settings.shard {
        inputs.retain(|i| shard.contains(&i.display()));
    }
    let mut baseline = match &settings.baseline {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read baseline {}", path.display()))?;
            Some(
                Baseline::parse(&text)
                    .with_context(|| format!("invalid baseline {}", path.display()))?,
            )
        }
        None => None,
    };
    let mut new_baseline: Vec<baseline::Entry> = Vec::new();
    let mut silenced = 0usize;
    // Open every output before the scan, so a bad path fails fast. A file output is a
    // temporary file until the report is complete (see `output.rs`).
    let interrupted = on_interrupt()?;
    let mut sinks = output::open(&settings.outputs)?;
    let bar;
    let progress: &dyn Progress = if settings.progress {
        bar = Bar::new();
        &bar
    } else {
        &NoProgress
    };
    // JSON Lines is written as each document finishes. Other formats need the whole run in
    // path order: the documents go to a spool (a temporary file) and are read back one at a
    // time, so memory stays flat however many there are.
    let mut spool = settings
        .outputs
        .iter()
        .any(|o| o.format != Format::Jsonl)
        .then(SpoolWriter::new);
    let mut spool_error: Option<io::Error> = None;
    let mut summary = Summary::empty();
    let mut outcome = RunOutcome::default();
    let mut stream_error: Option<io::Error> = None;
    let finished = pipeline::run_until(
        &engine,
        &inputs,
        settings.jobs,
        progress,
        &interrupted,
        &mut |mut d| {
            if settings.write_baseline.is_some() {
                new_baseline.extend(baseline::entries_for(&d));
            }
            if let Some(b) = baseline.as_mut() {
                silenced += b.apply(&mut d);
            }
            summary.add(&d);
            outcome.add(&d);
            for (format, writer) in &mut sinks {
                if *format == Format::Jsonl && stream_error.is_none() {
                    stream_error = report::jsonl::write_document(&d, writer)
                        .and_then(|()| writer.flush())
                        .err();
                }
            }
            if let Some(spool) = spool.as_mut().filter(|_| spool_error.is_none()) {
                spool_error = spool.push(&d).err();
            }
        },
    )?;
    if finished == pipeline::Finished::Stopped || interrupted.load(Ordering::Relaxed) {
        return Ok(stopped(settings, &summary, inputs.len(), sinks)?);
    }
    if let Some(e) = stream_error {
        return Err(e).context("writing the JSON Lines report");
    }
    if let Some(e) = spool_error {
        return Err(e).context("keeping the documents in a temporary file until the report");
    }
    if let Some(cache) = &engine.cache {
        if let Some(problem) = cache.problem() {
            writeln!(
                io::stderr().lock(),
                "techscan: warning: cache {}: {problem}; the rest of the run did not use it",
                cache.path().display()
            )?;
        }
    }
    let status = outcome.status(settings.fail_on);
    let catalogue = CatalogueInfo {
        id: engine.catalogue.id.clone(),
        edition: edition_label(settings.edition),
        coverage: match settings.edition {
            EditionChoice::Fixed(edition) => engine.catalogue.coverage_in(edition),
            EditionChoice::Signing => engine.catalogue.coverage(),
        },
    };
    // Path order, as `techscan merge` sorts: the same report from one run or from shards.
    let documents = match spool {
        Some(spool) => spool
            .finish()
            .context("keeping the documents in a temporary file until the report")?,
        None => Vec::new().into(),
    };
    let mut report = Report::with_summary(
        catalogue,
        settings.fail_on.unwrap_or_default(),
        documents,
        summary,
    );
    report.shard = settings.shard;
    let style = Style {
        color: settings.color,
        lang: settings.lang,
        width: settings.width,
    };
    for (format, writer) in &mut sinks {
        if *format == Format::Jsonl {
            report::jsonl::write_summary(&report, writer)?;
        } else {
            report::write(*format, &report, style, writer)?;
        }
        writer.flush()?;
    }
    // Ctrl-C while the reports were rendered: no report file replaces a previous one (what
    // went to stdout is complete already).
    if interrupted.load(Ordering::Relaxed) && settings.outputs.iter().any(|o| o.path.is_some()) {
        return Ok(stopped(settings, &report.summary, inputs.len(), sinks)?);
    }
    output::commit(sinks)?;
    if let Some(path) = &settings.write_baseline {
        if let Some(old) = &baseline {
            for e in &mut new_baseline {
                if let Some(reason) = old.reason_for(e) {
                    e.reason = reason.to_owned();
                }
            }
        }
        let text = baseline::to_toml(&new_baseline).context("writing the baseline")?;
        output::write_whole(path, text.as_bytes())
            .with_context(|| format!("cannot write baseline {}", path.display()))?;
    }
    if let Some(b) = &baseline {
        let mut err = io::stderr().lock();
        // A sharded run answers only for the entries whose path falls in its shard.
        for e in b
            .stale()
            .filter(|e| settings.shard.is_none_or(|s| s.contains(&e.path)))
        {
            writeln!(
                err,
                "techscan: stale baseline entry (matches no finding): {} {} {} — {}",
                e.rule,
                report::sanitize::terminal_text(&e.path),
                e.fingerprint,
                report::sanitize::terminal_text(&e.reason)
            )?;
        }
    }
    if !settings.quiet {
        let s = &report.summary;
        let files: Vec<String> = settings
            .outputs
            .iter()
            .filter_map(|o| o.path.as_ref().map(|p| p.display().to_string()))
            .collect();
        let mut err = io::stderr().lock();
        let counts = format!(
            "{} document(s): {} scanned, {} skipped, {} failed",
            s.documents, s.scanned, s.skipped, s.failed
        );
        writeln!(
            err,
            "techscan: {}{}{}{}{}",
            settings
                .shard
                .map_or_else(String::new, |s| format!("shard {s}: ")),
            // Documents not assessed come first: an unread contract is never clean.
            if s.failed > 0 {
                format!("{}; {counts}", s.verdict())
            } else {
                format!("{counts}; {}", s.verdict())
            },
            if silenced > 0 {
                format!("; {silenced} finding(s) silenced by the baseline")
            } else {
                String::new()
            },
            match engine.cache.as_ref().map(Cache::stats) {
                Some(stats) if stats.hits > 0 => format!("; {} from the cache", stats.hits),
                _ => String::new(),
            },
            if files.is_empty() {
                String::new()
            } else {
                format!("; report written to {}", files.join(", "))
            }
        )?;
    }
    Ok(status)
}

/// Opens the cache the settings ask for and gives it to the engine. Returns the warning
/// to print when there is a cache to use and it cannot be used: the scan then runs
/// without it.
fn attach_cache(
    settings: &ScanSettings,
    engine: &mut Engine,
    user_dictionaries: &[(String, String)],
) -> Option<String> {
    let dir = match &settings.cache {
        CacheSetting::Off => return None,
        CacheSetting::NoLocation => {
            return Some(
                "no cache folder (give --cache-dir, or set TECHSCAN_CACHE_DIR, XDG_CACHE_HOME or HOME); scanning without the cache"
                    .to_owned(),
            );
        }
        CacheSetting::Dir(dir) => dir,
    };
    let mut dictionaries: Vec<&str> = analyze::BUILTIN_DICTIONARIES.to_vec();
    if !settings.no_builtin_catalogue {
        dictionaries.extend(catalogue::builtin_sources().iter().map(|(_, text)| *text));
    }
    dictionaries.extend(user_dictionaries.iter().map(|(_, text)| text.as_str()));
    let key = RunKey::new(
        &dictionaries,
        settings.edition,
        settings.lang,
        &settings.extract,
    );
    match Cache::open(dir, key) {
        Ok(cache) => {
            engine.cache = Some(cache);
            None
        }
        Err(e) => {
            let cause = std::error::Error::source(&e)
                .map(|c| format!(": {c}"))
                .unwrap_or_default();
            Some(format!("{e}{cause}; scanning without the cache"))
        }
    }
}

/// Opens every report destination (creating folders), so a bad path fails before the work.
/// A flag that Ctrl-C (SIGINT) and SIGTERM set, so the scan stops handing out documents and
/// ends without a report; a second signal ends the process at once with 130.
///
/// `signal-hook` rather than `ctrlc`: it sets an atomic flag from the handler itself, which
/// is all the pipeline needs to stop between documents, with no handler thread.
fn on_interrupt() -> Result<Arc<AtomicBool>> {
    let flag = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // Registered first, so it sees the flag as it was before this signal: a second
        // signal exits at once.
        signal_hook::flag::register_conditional_shutdown(signal, 130, Arc::clone(&flag))
            .context("cannot install the Ctrl-C handler")?;
        signal_hook::flag::register(signal, Arc::clone(&flag))
            .context("cannot install the Ctrl-C handler")?;
    }
    Ok(flag)
}

/// The end of an interrupted scan: every output is dropped (a report file's temporary file is
/// deleted, so a previous report stays as it was), and stderr says how far the scan got.
fn stopped(
    settings: &ScanSettings,
    summary: &Summary,
    inputs: usize,
    sinks: Vec<(Format, output::Sink)>,
) -> io::Result<ExitStatus> {
    let mut streamed_to_stdout = false;
    for (format, sink) in sinks {
        if let output::Sink::Stdout(mut w) = sink {
            streamed_to_stdout |= format == Format::Jsonl;
            // What was streamed so far stays a whole number of lines.
            let _ = w.flush();
        }
    }
    let files: Vec<String> = settings
        .outputs
        .iter()
        .filter_map(|o| o.path.as_ref().map(|p| p.display().to_string()))
        .collect();
    let mut what = Vec::new();
    if streamed_to_stdout {
        what.push(format!(
            "the JSON Lines stream on stdout ends after document {} without its summary line",
            summary.documents
        ));
    }
    if !files.is_empty() {
        what.push(format!(
            "no report was written ({} left as it was)",
            files.join(", ")
        ));
    } else if !streamed_to_stdout {
        what.push("no report was written".to_owned());
    }
    writeln!(
        io::stderr().lock(),
        "techscan: interrupted: {} of {inputs} document(s) read; {}",
        summary.documents,
        what.join("; ")
    )?;
    Ok(ExitStatus::Interrupted)
}

/// Marks inputs that an `exclude` pattern of the configuration matches, or that no
/// `include` pattern matches when there are some (paths relative to the configuration's
/// folder, with `/`); they are reported as skipped with the reason.
fn exclude_by_config(config: &Config, inputs: &mut [Input]) {
    if config.exclude.is_empty() && config.include.is_empty() {
        return;
    }
    for input in inputs.iter_mut().filter(|i| i.excluded.is_none()) {
        let on_disk = input.member.as_ref().map_or(&input.path, |m| &m.archive);
        let Ok(abs) = std::fs::canonicalize(on_disk) else {
            continue;
        };
        let Ok(rel) = abs.strip_prefix(&config.dir) else {
            continue;
        };
        let mut rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        // An archive member: `room.zip!/folder/a.pdf`, as reports show it.
        for name in input.member.iter().flat_map(|m| &m.chain) {
            rel.push_str(crate::archive::SEPARATOR);
            rel.push_str(name);
        }
        if let Some(p) = config
            .exclude
            .iter()
            .find(|p| discover::glob_match(p, &rel))
        {
            input.excluded = Some(format!(
                "excluded by {} (pattern {p})",
                config.path.display()
            ));
        } else if !config.include.is_empty()
            && !config.include.iter().any(|p| discover::glob_match(p, &rel))
        {
            input.excluded = Some(format!(
                "not matched by the include patterns of {}",
                config.path.display()
            ));
        }
    }
}

/// Paths listed one per line in `list` (`-`: standard input); blank lines are ignored.
fn read_path_list(list: &std::path::Path) -> Result<Vec<std::path::PathBuf>> {
    let text = if list.as_os_str() == "-" {
        io::read_to_string(io::stdin().lock()).context("cannot read paths from standard input")?
    } else {
        std::fs::read_to_string(list)
            .with_context(|| format!("cannot read path list {}", list.display()))?
    };
    Ok(text
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty())
        .map(std::path::PathBuf::from)
        .collect())
}

/// What decides the exit status, counted as documents stream past.
#[derive(Default)]
struct RunOutcome {
    failed: bool,
    max_finding: Option<Severity>,
}

impl RunOutcome {
    fn add(&mut self, d: &DocumentReport) {
        self.failed |= d.status == Status::Failed;
        for f in &d.findings {
            self.max_finding = self.max_finding.max(Some(f.severity));
        }
    }

    /// 2 if any document failed; else 1 if any finding reaches `fail_on`; else 0.
    fn status(&self, fail_on: Option<Severity>) -> ExitStatus {
        if self.failed {
            ExitStatus::Error
        } else if fail_on.is_some_and(|t| self.max_finding.is_some_and(|m| m >= t)) {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        }
    }
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
        ocr: crate::settings::ocr_mode(args.ocr),
        ..ExtractOptions::default()
    };
    let input = Input::file(args.file.clone());
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
    for o in &extracted.ocr {
        writeln!(
            out,
            "# ocr: page {} read by ocr ({}, mean word confidence {:.2}, {} words)",
            o.page, o.language, o.confidence, o.words
        )?;
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
        write_party_table(&mut out, &analysis)?;
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

/// The party table as `# party:` lines above the text, so that `techscan text` shows why a
/// party is (or is not) a mainland party.
fn write_party_table(out: &mut dyn Write, analysis: &crate::analyze::Analysis) -> io::Result<()> {
    use report::sanitize::terminal_text;
    for row in report::party_rows::rows(&analysis.parties) {
        let mut head = vec![terminal_text(&row.name)];
        if !row.roles.is_empty() {
            head.push(terminal_text(&row.roles));
        }
        head.push(terminal_text(&row.kind));
        head.push(terminal_text(&row.seat));
        writeln!(out, "# party: {}", head.join(" · "))?;
        for e in &row.evidence {
            writeln!(out, "#   seat evidence: {}", terminal_text(e))?;
        }
    }
    for m in report::party_rows::unresolved(&analysis.unresolved_mentions) {
        writeln!(out, "# mention bound to no party: {}", terminal_text(&m))?;
    }
    Ok(())
}

fn explain(args: &ExplainArgs) -> Result<ExitStatus> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let lang = crate::settings::lang(args.lang);
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
            let text = r.text(lang);
            let [what, why, example, basis, action] = rules::headings(lang);
            writeln!(out, "{} {} ({})\n", r.code, r.name, r.severity.as_str())?;
            writeln!(out, "{what}\n  {}\n", text.what_it_detects)?;
            writeln!(out, "{why}\n  {}\n", text.why_it_matters)?;
            writeln!(out, "{example}\n  {}\n", text.example)?;
            writeln!(out, "{basis}\n  {}\n", text.legal_basis)?;
            writeln!(out, "{action}\n  {}", text.action)?;
        }
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}
