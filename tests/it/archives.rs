//! Zip data rooms: every member is a document of its own (`room.zip!/a/b.pdf`, nested
//! `room.zip!/inner.zip!/c.docx`), a zip bomb, an encrypted or damaged member and an
//! archive nested too deep each fail alone, and the rest of the archive is scanned.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::Path;

use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use crate::util::{repo, techscan};

/// A zip of `(name, content, deflated?)` entries.
fn zip_of(entries: &[(&str, &[u8], bool)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content, deflated) in entries {
        let method = if *deflated {
            CompressionMethod::Deflated
        } else {
            CompressionMethod::Stored
        };
        zip.start_file(
            *name,
            SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        zip.write_all(content).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn find(bytes: &[u8], sig: &[u8], name_at: usize, name: &str) -> usize {
    (0..bytes.len() - name_at)
        .find(|&i| bytes[i..].starts_with(sig) && bytes[i + name_at..].starts_with(name.as_bytes()))
        .unwrap()
}

/// Sets the "encrypted" flag of `name` in its local and central headers, as a
/// password-protected zip has it (the zip crate writes no encrypted entries here).
fn mark_encrypted(bytes: &mut [u8], name: &str) {
    let local = find(bytes, b"PK\x03\x04", 30, name);
    let central = find(bytes, b"PK\x01\x02", 46, name);
    bytes[local + 6] |= 1;
    bytes[central + 8] |= 1;
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(repo("samples").join(name)).unwrap()
}

/// A data room with documents, a nested archive, a chain of archives too deep, an
/// encrypted member, a damaged one, a zip bomb and an ignored README.
fn data_room(dir: &Path) {
    let level4 = zip_of(&[("x.txt", b"too deep to read", false)]);
    let level3 = zip_of(&[("level4.zip", &level4, false)]);
    let deeper = zip_of(&[("level3.zip", &level3, true)]);
    let nested = zip_of(&[
        (
            "02.docx",
            &sample("02-outbound-patent-assignment-tts.docx"),
            true,
        ),
        ("deeper.zip", &deeper, true),
    ]);
    let mut damaged_text = b"DAMAGED ".repeat(64);
    damaged_text.extend(b"end of the damaged member");
    let mut room = zip_of(&[
        (".techscanignore", b"README*\n", false),
        ("README.md", b"index of the data room", false),
        (
            "contracts/01.docx",
            &sample("01-inbound-licence-grant-back.docx"),
            true,
        ),
        (
            "contracts/07.pdf",
            &sample("07-rare-earth-know-how-licence.pdf"),
            true,
        ),
        ("damaged.txt", &damaged_text, false),
        ("nested.zip", &nested, false),
        (
            "secret.pdf",
            &sample("06-supply-anti-assignment.pdf"),
            false,
        ),
        ("bomb.txt", &vec![0u8; 4 << 20], true),
    ]);
    mark_encrypted(&mut room, "secret.pdf");
    let at = (0..room.len())
        .find(|&i| room[i..].starts_with(b"DAMAGED DAMAGED"))
        .unwrap();
    for b in &mut room[at + 100..at + 140] {
        *b ^= 0x5a;
    }
    std::fs::write(dir.join("room.zip"), room).unwrap();
}

/// path -> (status, error kind) from a JSON report.
fn outcomes(report: &serde_json::Value) -> BTreeMap<String, (String, String)> {
    report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                (
                    d["status"].as_str().unwrap().to_owned(),
                    d["error"]["kind"].as_str().unwrap_or("").to_owned(),
                ),
            )
        })
        .collect()
}

#[test]
fn every_member_of_a_data_room_ends_scanned_skipped_or_failed_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    data_room(dir.path());
    let out = techscan()
        .current_dir(dir.path())
        .args([
            "scan",
            "room.zip",
            "--quiet",
            "--no-config",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "failed members exit 2");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let got = outcomes(&report);
    let want: BTreeMap<String, (String, String)> = [
        ("room.zip!/README.md", "skipped", "excluded"),
        ("room.zip!/bomb.txt", "failed", "limit-exceeded"),
        ("room.zip!/contracts/01.docx", "scanned", ""),
        ("room.zip!/contracts/07.pdf", "scanned", ""),
        ("room.zip!/damaged.txt", "failed", "malformed"),
        ("room.zip!/nested.zip!/02.docx", "scanned", ""),
        (
            "room.zip!/nested.zip!/deeper.zip!/level3.zip",
            "failed",
            "limit-exceeded",
        ),
        ("room.zip!/secret.pdf", "failed", "encrypted"),
    ]
    .into_iter()
    .map(|(p, s, k)| (p.to_owned(), (s.to_owned(), k.to_owned())))
    .collect();
    assert_eq!(got, want);
    // Members are read like files: the grant-back in the zipped DOCX is found.
    let docx = &report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "room.zip!/contracts/01.docx")
        .unwrap();
    assert_eq!(docx["format"], "docx");
    assert!(
        docx["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "TS201")
    );
    let bomb = &report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "room.zip!/bomb.txt")
        .unwrap()["error"]["message"];
    assert!(bomb.as_str().unwrap().contains("zip bomb"), "{bomb}");
    // Every format lists the members.
    for format in ["csv", "sarif", "markdown", "html", "terminal"] {
        let out = techscan()
            .current_dir(dir.path())
            .args([
                "scan",
                "room.zip",
                "--quiet",
                "--no-config",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        // HTML lets long paths break after `/`, `-` and `_`.
        let text = String::from_utf8(out.stdout).unwrap().replace("<wbr>", "");
        for path in ["room.zip!/nested.zip!/02.docx", "room.zip!/secret.pdf"] {
            // SARIF artifact URIs percent-encode everything outside the unreserved set.
            let shown = if format == "sarif" {
                path.replace('!', "%21")
            } else {
                path.to_owned()
            };
            assert!(text.contains(&shown), "{format} lists {shown}");
        }
    }
}

#[test]
fn a_data_room_in_shards_merges_into_the_single_run() {
    let dir = tempfile::tempdir().unwrap();
    data_room(dir.path());
    let scan = |extra: &[&str], out: &str| {
        techscan()
            .current_dir(dir.path())
            .args(["scan", "room.zip", "--quiet", "--no-config", "-o", out])
            .args(extra)
            .output()
            .unwrap()
    };
    scan(&["--format", "json"], "single.json");
    scan(&["--format", "jsonl", "--shard", "1/2"], "1.jsonl");
    scan(&["--format", "jsonl", "--shard", "2/2"], "2.jsonl");
    let merged = techscan()
        .current_dir(dir.path())
        .args(["merge", "1.jsonl", "2.jsonl", "--quiet", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(merged.status.code(), Some(2));
    let single = std::fs::read(dir.path().join("single.json")).unwrap();
    assert!(
        single == merged.stdout,
        "merged data room differs from one run"
    );
}

#[test]
fn a_broken_zip_is_one_failed_input_and_a_docx_stays_a_document() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.zip"), b"PK\x03\x04 truncated").unwrap();
    std::fs::write(
        dir.path().join("letter.docx"),
        sample("05-nda-defines-know-how.docx"),
    )
    .unwrap();
    let out = techscan()
        .current_dir(dir.path())
        .args(["scan", ".", "--quiet", "--no-config", "--format", "json"])
        .output()
        .unwrap();
    let got = outcomes(&serde_json::from_slice(&out.stdout).unwrap());
    assert_eq!(got["./broken.zip"], ("failed".into(), "malformed".into()));
    assert_eq!(got["./letter.docx"].0, "scanned");
    assert_eq!(got.len(), 2);
}
