//! `techscan catalogue …`: list, show, search, diff, validate and import catalogue data.
//! Orchestration and plain-text/JSON rendering only; the catalogue module decides what is
//! in force and what matches.

use crate::error::DictionaryError;
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use serde_json::json;

use super::ExitStatus;
use crate::catalogue::{Catalogue, Edition, HistoryEvent, Item, Verification, import_csv};
use crate::cli::{CatalogueCommand, ListFormatArg, VerificationArg};
use crate::extract::normalize::normalize;
use crate::model::{Location, Segment};
use crate::report::sanitize::terminal_text;

/// Runs one `catalogue` subcommand.
///
/// # Errors
/// Unreadable files, unknown entries, broken built-in data; validation problems of user
/// files are printed and give exit status 2.
pub fn run(command: &CatalogueCommand) -> Result<ExitStatus> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let status = match command {
        CatalogueCommand::List { edition, format } => {
            list(&builtin()?, *edition, *format, &mut out)?
        }
        CatalogueCommand::Show { key } => show(&builtin()?, key, &mut out)?,
        CatalogueCommand::Search { text, edition } => {
            search(&builtin()?, &text.join(" "), *edition, &mut out)?
        }
        CatalogueCommand::Diff { from, to } => diff(&builtin()?, from, to, &mut out)?,
        CatalogueCommand::Validate {
            files,
            no_builtin_catalogue,
        } => validate(files, *no_builtin_catalogue, &mut out)?,
        CatalogueCommand::Import { file, verification } => import(file, *verification, &mut out)?,
    };
    out.flush()?;
    Ok(status)
}

fn builtin() -> Result<Catalogue> {
    Catalogue::builtin().context("loading the built-in catalogue (a bug in techscan)")
}

/// Reads user dictionary files as `(name, text)` pairs.
///
/// # Errors
/// A file that cannot be read.
pub(crate) fn read_sources(files: &[PathBuf]) -> Result<Vec<(String, String)>> {
    files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f)
                .with_context(|| format!("cannot read {}", f.display()))?;
            Ok((f.display().to_string(), text))
        })
        .collect()
}

fn item_json(item: &Item, status: &str) -> serde_json::Value {
    json!({
        "item": item.report_code(),
        "id": item.id,
        "regime": item.regime,
        "note": item.note,
        "code": item.code,
        "numbering": item.code_edition,
        "former_codes": item.former_codes,
        "status": status,
        "verification": item.verification.as_str(),
        "sector_zh": item.sector_zh,
        "sector_en": item.sector_en,
        "name_zh": item.name_zh,
        "name_en": item.name_en,
        "control_points": item.control_points.len(),
        "file": item.file,
        "line": item.line,
    })
}

fn list(
    catalogue: &Catalogue,
    edition: Option<&'static Edition>,
    format: ListFormatArg,
    out: &mut dyn Write,
) -> Result<ExitStatus> {
    let view = edition.map(|e| catalogue.for_edition(e));
    let rows: Vec<(&Item, String)> = match &view {
        Some(v) => v
            .items()
            .into_iter()
            .map(|(i, s)| {
                let status = match s {
                    crate::model::ItemStatus::Prohibited => "prohibited",
                    crate::model::ItemStatus::Restricted => "restricted",
                };
                (i, status.to_owned())
            })
            .collect(),
        None => catalogue
            .items()
            .iter()
            .map(|i| (i, i.status.as_str().to_owned()))
            .collect(),
    };
    match format {
        ListFormatArg::Json => {
            let items: Vec<serde_json::Value> = rows.iter().map(|(i, s)| item_json(i, s)).collect();
            let doc = json!({
                "catalogue": catalogue.id,
                "edition": edition.map(Edition::label),
                "items": items,
            });
            // Serialise first, so a closed pipe stays an io::Error (exit 0 in main).
            let text = serde_json::to_string_pretty(&doc)?;
            writeln!(out, "{text}")?;
        }
        ListFormatArg::Text => {
            // A table: columns as wide as their widest cell, a header, names last.
            let cells: Vec<[String; 5]> = rows
                .iter()
                .map(|(item, status)| {
                    [
                        item.report_code(),
                        status.clone(),
                        item.verification.as_str().to_owned(),
                        item.control_points.len().to_string(),
                        format!(
                            "{}{}",
                            item.name_en,
                            item.name_zh
                                .as_deref()
                                .map_or_else(String::new, |z| format!(" · {z}"))
                        ),
                    ]
                })
                .collect();
            let header = ["CODE", "STATUS", "VERIFICATION", "POINTS", "NAME"];
            let widths: Vec<usize> = (0..4)
                .map(|c| {
                    cells
                        .iter()
                        .map(|r| r[c].chars().count())
                        .chain([header[c].len()])
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let row = |r: [&str; 5]| {
                format!(
                    "{:<w0$}  {:<w1$}  {:<w2$}  {:>w3$}  {}",
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    r[4],
                    w0 = widths[0],
                    w1 = widths[1],
                    w2 = widths[2],
                    w3 = widths[3]
                )
            };
            writeln!(out, "{}", row(header))?;
            let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            writeln!(
                out,
                "{}",
                row([&rule[0], &rule[1], &rule[2], &rule[3], "----"])
            )?;
            for r in &cells {
                writeln!(
                    out,
                    "{}",
                    row([&r[0], &r[1], &r[2], &r[3], &r[4]].map(String::as_str))
                )?;
            }
            writeln!(
                out,
                "{} entr{}{}",
                rows.len(),
                if rows.len() == 1 { "y" } else { "ies" },
                edition.map_or_else(
                    || " encoded (all statuses)".to_owned(),
                    |e| format!(" in force in edition {}", e.label())
                )
            )?;
        }
    }
    Ok(ExitStatus::Success)
}

/// A verification level as `catalogue show` prints it: `official`, `secondary`, or the plain
/// unverified notice with its source.
fn level(v: Verification, sources: &[String]) -> String {
    match v {
        Verification::Unverified => crate::catalogue::unverified_notice(sources, false),
        other => other.as_str().to_owned(),
    }
}

fn history_line(h: &HistoryEvent) -> String {
    let event = match h.event {
        crate::catalogue::EventKind::Proposed => "proposed",
        crate::catalogue::EventKind::Added => "added",
        crate::catalogue::EventKind::Amended => "amended",
        crate::catalogue::EventKind::Removed => "removed",
        crate::catalogue::EventKind::Renumbered => "renumbered",
    };
    format!(
        "{} {event} by {}{}",
        h.date,
        h.instrument,
        h.note
            .as_deref()
            .map_or_else(String::new, |n| format!(" ({n})"))
    )
}

fn show(catalogue: &Catalogue, key: &str, out: &mut dyn Write) -> Result<ExitStatus> {
    let Some(item) = catalogue.item(key).or_else(|| {
        catalogue.items().iter().find(|i| {
            i.code
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(key))
        })
    }) else {
        bail!("no catalogue entry {key:?}; `techscan catalogue list` shows them all");
    };
    writeln!(out, "{}  {}", item.report_code(), item.name_en)?;
    if let Some(z) = &item.name_zh {
        writeln!(out, "  name_zh       {z}")?;
    }
    writeln!(out, "  id            {}", item.id)?;
    if let Some(n) = &item.code_edition {
        writeln!(out, "  numbering     {n} edition")?;
    }
    if let Some(n) = &item.code_note {
        writeln!(out, "  code note     {n}")?;
    }
    for f in &item.former_codes {
        writeln!(
            out,
            "  former code   {} ({} numbering, in the editions before {}){}",
            f.code,
            f.numbering,
            f.until,
            f.note
                .as_deref()
                .map_or_else(String::new, |n| format!(": {n}"))
        )?;
    }
    writeln!(out, "  status        {}", item.status.as_str())?;
    writeln!(
        out,
        "  verification  {}",
        level(item.verification, &item.sources)
    )?;
    let editions: Vec<&str> = crate::catalogue::EDITIONS
        .iter()
        .filter(|e| item.status_in(e).is_some())
        .map(|e| e.id)
        .collect();
    writeln!(
        out,
        "  in force in   {}",
        if editions.is_empty() {
            "no edition".to_owned()
        } else {
            editions.join(", ")
        }
    )?;
    if let (Some(z), Some(e)) = (&item.sector_zh, &item.sector_en) {
        writeln!(out, "  sector        {e} · {z}")?;
    }
    if let Some(s) = &item.summary {
        writeln!(out, "  summary       {s}")?;
    }
    let kw = |list: &[String]| list.join(", ");
    let k = &item.keywords;
    for (label, list) in [
        ("keywords", &k.en),
        ("keywords_zh", &k.zh),
        ("generic", &k.generic_en),
        ("generic_zh", &k.generic_zh),
    ] {
        if !list.is_empty() {
            writeln!(out, "  {label:<13} {}", kw(list))?;
        }
    }
    for h in &item.history {
        writeln!(out, "  history       {}", history_line(h))?;
    }
    for p in &item.parameters {
        writeln!(
            out,
            "  threshold     {} — {}{}",
            p.display(),
            level(p.verification.unwrap_or(item.verification), &item.sources),
            p.note
                .as_deref()
                .map_or_else(String::new, |n| format!(" ({n})"))
        )?;
    }
    for cp in &item.control_points {
        writeln!(
            out,
            "  control point {}: {}{} — {}",
            cp.number.map_or_else(|| "-".to_owned(), |n| n.to_string()),
            cp.name_en,
            cp.name_zh
                .as_deref()
                .map_or_else(String::new, |z| format!(" · {z}")),
            level(
                cp.verification.unwrap_or(item.verification),
                if cp.verification.is_some() {
                    &cp.sources
                } else {
                    &item.sources
                }
            )
        )?;
        for text in [&cp.text_zh, &cp.text_en].into_iter().flatten() {
            writeln!(out, "      {text}")?;
        }
        for p in &cp.parameters {
            writeln!(
                out,
                "      threshold: {} — {}{}",
                p.display(),
                level(
                    p.verification
                        .or(cp.verification)
                        .unwrap_or(item.verification),
                    if cp.verification.is_some() {
                        &cp.sources
                    } else {
                        &item.sources
                    }
                ),
                p.note
                    .as_deref()
                    .map_or_else(String::new, |n| format!(" ({n})"))
            )?;
        }
        for h in &cp.history {
            writeln!(out, "      history: {}", history_line(h))?;
        }
        let words: Vec<&str> = cp.keywords.all().map(|(k, _)| k).collect();
        if !words.is_empty() {
            writeln!(out, "      keywords: {}", words.join(", "))?;
        }
    }
    for s in &item.sources {
        writeln!(out, "  source        {s}")?;
    }
    writeln!(out, "  defined at    {}:{}", item.file, item.line)?;
    Ok(ExitStatus::Success)
}

fn search(
    catalogue: &Catalogue,
    text: &str,
    edition: Option<&'static Edition>,
    out: &mut dyn Write,
) -> Result<ExitStatus> {
    let edition = edition.unwrap_or_else(Edition::latest);
    let segments: Vec<Segment> = text
        .split('\n')
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(n, l)| Segment {
            text: normalize(l),
            location: Location {
                page: None,
                section: None,
                paragraph: u32::try_from(n + 1).ok(),
            },
            ..Segment::default()
        })
        .collect();
    // Every line counts as a transfer clause, so generic keywords show too (marked).
    let context: BTreeSet<usize> = (0..segments.len()).collect();
    let found = catalogue.for_edition(edition).find(&segments, &context);
    for m in &found {
        writeln!(
            out,
            "{}{}  {}  {}  keyword {:?}{} matched {:?}",
            m.item,
            m.control_point
                .map_or_else(String::new, |c| format!(" point {c}")),
            match m.status {
                crate::model::ItemStatus::Prohibited => "prohibited",
                crate::model::ItemStatus::Restricted => "restricted",
            },
            m.name,
            m.keyword,
            if m.generic {
                " (generic: counts only in a transfer clause or with a specific term nearby)"
            } else {
                ""
            },
            terminal_text(&m.matched)
        )?;
    }
    writeln!(
        out,
        "{} match(es) in edition {}",
        found.len(),
        edition.label()
    )?;
    Ok(ExitStatus::Success)
}

fn diff(
    catalogue: &Catalogue,
    from: &'static Edition,
    to: &'static Edition,
    out: &mut dyn Write,
) -> Result<ExitStatus> {
    let d = catalogue.diff(from, to);
    writeln!(out, "from {}", from.label())?;
    writeln!(out, "to   {}", to.label())?;
    for (label, list) in [
        ("added", &d.added),
        ("removed", &d.removed),
        ("amended", &d.amended),
    ] {
        writeln!(out, "\n{label} ({}):", list.len())?;
        for (item, events) in list {
            let how: Vec<String> = events.iter().map(|h| history_line(h)).collect();
            writeln!(
                out,
                "  {:<38} {}{}",
                item.report_code(),
                item.name_en,
                if how.is_empty() {
                    String::new()
                } else {
                    format!("\n  {:<38} {}", "", how.join("; "))
                }
            )?;
        }
    }
    writeln!(
        out,
        "\nOnly entries techscan has data for are compared; the official catalogue has more (see `techscan catalogue list`)."
    )?;
    Ok(ExitStatus::Success)
}

fn validate(files: &[PathBuf], alone: bool, out: &mut dyn Write) -> Result<ExitStatus> {
    let user = read_sources(files)?;
    let loaded = if alone {
        Catalogue::from_sources(&user)
    } else {
        Catalogue::builtin_with(&user)
    };
    match loaded {
        Ok(catalogue) => {
            let names: BTreeSet<&str> = user.iter().map(|(n, _)| n.as_str()).collect();
            let count = catalogue
                .items()
                .iter()
                .filter(|i| names.contains(i.file.as_str()))
                .count();
            writeln!(
                out,
                "ok: {count} entr{} in {} file(s){}",
                if count == 1 { "y" } else { "ies" },
                files.len(),
                if alone {
                    ""
                } else {
                    ", checked together with the built-in catalogue"
                }
            )?;
            Ok(ExitStatus::Success)
        }
        Err(e) => print_problems(&e),
    }
}

/// Prints every dictionary problem (`file:line: message`) and a count on stderr; exit 2.
fn print_problems(e: &DictionaryError) -> Result<ExitStatus> {
    let mut err = io::stderr().lock();
    for p in &e.0 {
        writeln!(err, "{p}")?;
    }
    writeln!(err, "techscan: {} problem(s)", e.0.len())?;
    Ok(ExitStatus::Error)
}

fn import(
    file: &PathBuf,
    verification: VerificationArg,
    out: &mut dyn Write,
) -> Result<ExitStatus> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let verification = match verification {
        VerificationArg::Official => Verification::Official,
        VerificationArg::Secondary => Verification::Secondary,
        VerificationArg::Unverified => Verification::Unverified,
    };
    match import_csv(&file.display().to_string(), &text, verification) {
        Ok(toml) => {
            out.write_all(toml.as_bytes())?;
            Ok(ExitStatus::Success)
        }
        Err(e) => print_problems(&e),
    }
}
