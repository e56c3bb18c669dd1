//! Archive members in the pipeline: the bytes of a listed member, and nested archives,
//! which one worker lists and scans member by member (`a.zip!/b.zip!/c.docx`), holding
//! one nested archive per level and one member at a time in memory. Listing, caps and
//! reading are `archive.rs`'s; this file turns them into document reports.

use super::{Engine, failed, options_for, scan_bytes};
use crate::archive::{self, IgnoreRule, Limits, Member, MemberKind};
use crate::model::{DocumentReport, Status};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

/// The bytes of a listed member, or its finished report when the listing already decided
/// it (skipped, failed) or reading it fails.
pub(super) fn member_bytes(path: &str, member: &Member) -> Result<Vec<u8>, Box<DocumentReport>> {
    match &member.kind {
        MemberKind::Document => archive::read_member(member, &Limits::default())
            .map_err(|e| Box::new(failed(path.to_owned(), None, &e))),
        MemberKind::Skipped { kind, reason } => Err(Box::new(DocumentReport::not_scanned(
            path.to_owned(),
            Status::Skipped,
            kind,
            reason.clone(),
        ))),
        MemberKind::Failed { kind, message } => Err(Box::new(DocumentReport::not_scanned(
            path.to_owned(),
            Status::Failed,
            kind.as_str(),
            message.clone(),
        ))),
        MemberKind::Archive { .. } => Err(Box::new(DocumentReport::not_scanned(
            path.to_owned(),
            Status::Skipped,
            "unsupported",
            "nested zip archive: `techscan scan` reads its members as documents".to_owned(),
        ))),
    }
}

/// Reads the nested archive `member` (shown as `display`) and scans its members.
pub(super) fn scan_nested(
    engine: &Engine,
    display: &str,
    member: &Member,
    ignore: &[IgnoreRule],
) -> Vec<DocumentReport> {
    let limits = Limits::default();
    match archive::read_member(member, &limits) {
        Ok(bytes) => scan_archive(engine, display, &member.chain, bytes, ignore, &limits),
        Err(e) => vec![failed(display.to_owned(), None, &e)],
    }
}

/// Scans the members of an archive held in `bytes`, reached through `chain`.
pub(super) fn scan_archive(
    engine: &Engine,
    display: &str,
    chain: &[String],
    bytes: Vec<u8>,
    ignore: &[IgnoreRule],
    limits: &Limits,
) -> Vec<DocumentReport> {
    if archive::is_word_package(&bytes) {
        // A Word document whose name ends in .zip.
        return vec![document(engine, display, bytes)];
    }
    let mut zip = match archive::open_bytes(bytes) {
        Ok(zip) => zip,
        Err(e) => return vec![failed(display.to_owned(), None, &e)],
    };
    let mut reports = Vec::new();
    for listed in archive::list(&mut zip, display, chain, ignore, limits) {
        let path = listed.display;
        let name = listed.chain.last().map_or("", String::as_str);
        match listed.kind {
            MemberKind::Document => {
                let report = match archive::read_entry(&mut zip, name, limits) {
                    Ok(bytes) => catch_unwind(AssertUnwindSafe(|| document(engine, &path, bytes)))
                        .unwrap_or_else(|panic| super::panic_report(path.clone(), panic.as_ref())),
                    Err(e) => failed(path, None, &e),
                };
                reports.push(report);
            }
            MemberKind::Archive { ignore } => match archive::read_entry(&mut zip, name, limits) {
                Ok(bytes) => reports.extend(scan_archive(
                    engine,
                    &path,
                    &listed.chain,
                    bytes,
                    &ignore,
                    limits,
                )),
                Err(e) => reports.push(failed(path, None, &e)),
            },
            MemberKind::Skipped { kind, reason } => reports.push(DocumentReport::not_scanned(
                path,
                Status::Skipped,
                kind,
                reason,
            )),
            MemberKind::Failed { kind, message } => reports.push(DocumentReport::not_scanned(
                path,
                Status::Failed,
                kind.as_str(),
                message,
            )),
        }
    }
    reports
}

/// Scans one member read into memory (through the cache, as a file is).
fn document(engine: &Engine, path: &str, bytes: Vec<u8>) -> DocumentReport {
    let name = Path::new(path);
    let options = options_for(engine, name);
    scan_bytes(engine, path.to_owned(), name, bytes, &options)
}
