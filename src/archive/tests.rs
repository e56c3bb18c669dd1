use std::io::Write;

use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use super::*;

/// A zip of `(name, content, deflated?)` entries, built in memory.
pub(crate) fn zip_of(entries: &[(&str, &[u8], bool)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content, deflated) in entries {
        let method = if *deflated {
            CompressionMethod::Deflated
        } else {
            CompressionMethod::Stored
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .large_file(content.len() > (1 << 30));
        zip.start_file(*name, options).unwrap();
        zip.write_all(content).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Offsets of the local and central headers of entry `name`.
fn headers(bytes: &[u8], name: &str) -> (usize, usize) {
    let find = |sig: &[u8], name_at: usize| {
        (0..bytes.len() - name_at)
            .find(|&i| {
                bytes[i..].starts_with(sig) && bytes[i + name_at..].starts_with(name.as_bytes())
            })
            .unwrap()
    };
    (find(b"PK\x03\x04", 30), find(b"PK\x01\x02", 46))
}

/// Sets the "encrypted" flag of entry `name`, as a password-protected zip has it.
pub(crate) fn mark_encrypted(bytes: &mut [u8], name: &str) {
    let (local, central) = headers(bytes, name);
    bytes[local + 6] |= 1;
    bytes[central + 8] |= 1;
}

/// Writes a false decompressed size into the central (and local) header of `name`.
fn declare_size(bytes: &mut [u8], name: &str, size: u32) {
    let (local, central) = headers(bytes, name);
    bytes[local + 22..local + 26].copy_from_slice(&size.to_le_bytes());
    bytes[central + 24..central + 28].copy_from_slice(&size.to_le_bytes());
}

/// Flips the bytes of `needle` (stored content) so its checksum no longer matches.
pub(crate) fn corrupt(bytes: &mut [u8], needle: &[u8]) {
    let at = (0..bytes.len())
        .find(|&i| bytes[i..].starts_with(needle))
        .unwrap();
    for b in &mut bytes[at..at + needle.len()] {
        *b ^= 0x55;
    }
}

fn listed(bytes: &[u8], limits: &Limits) -> Vec<(String, MemberKind)> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
    list(&mut zip, "room.zip", &[], &[], limits)
        .into_iter()
        .map(|l| (l.display, l.kind))
        .collect()
}

fn failed_kind(kind: &MemberKind) -> Option<ErrorKind> {
    match kind {
        MemberKind::Failed { kind, .. } => Some(*kind),
        _ => None,
    }
}

#[test]
fn members_are_listed_sorted_with_hidden_folders_and_ignore_files_applied() {
    let bytes = zip_of(&[
        ("b/contract.txt", b"licence", true),
        ("a.txt", b"memo", false),
        ("__MACOSX/b/._contract.txt", b"fork", false),
        (".git/config", b"x", false),
        ("b/.techscanignore", b"# docs\nREADME*\n", false),
        ("b/README.md", b"read me", false),
        ("README.md", b"top", false),
        ("inner.zip", &zip_of(&[("c.txt", b"c", false)]), false),
    ]);
    let got = listed(&bytes, &Limits::default());
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "room.zip!/README.md",
            "room.zip!/a.txt",
            "room.zip!/b/README.md",
            "room.zip!/b/contract.txt",
            "room.zip!/inner.zip"
        ]
    );
    assert_eq!(got[0].1, MemberKind::Document, "the rule is b/'s only");
    assert_eq!(
        got[2].1,
        MemberKind::Skipped {
            kind: "excluded",
            reason: "excluded by room.zip!/b/.techscanignore (pattern README*)".to_owned()
        }
    );
    assert!(matches!(got[4].1, MemberKind::Archive { .. }));
}

#[test]
fn inherited_rules_from_the_folders_on_disk_apply_to_member_names() {
    let bytes = zip_of(&[("notes/expected.toml", b"x", false), ("a.txt", b"y", false)]);
    let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
    let rules = [IgnoreRule {
        pattern: "*.toml".into(),
        file: "samples/.techscanignore".into(),
    }];
    let got = list(&mut zip, "room.zip", &[], &rules, &Limits::default());
    assert!(matches!(got[0].kind, MemberKind::Document));
    assert!(
        matches!(&got[1].kind, MemberKind::Skipped { kind: "excluded", reason } if reason.contains("samples/.techscanignore"))
    );
}

#[test]
fn zip_bombs_are_refused_from_their_headers_and_never_inflated_past_the_declared_size() {
    let zeros = vec![0u8; 4 << 20];
    let mut bytes = zip_of(&[
        ("bomb.txt", &zeros, true),
        ("huge.txt", b"small really", false),
        ("liar.txt", &zeros, true),
        ("ok.txt", b"fine", false),
    ]);
    declare_size(&mut bytes, "huge.txt", 0xFFFF_0000);
    declare_size(&mut bytes, "liar.txt", 10);
    let limits = Limits::default();
    let got = listed(&bytes, &limits);
    let kinds: Vec<Option<ErrorKind>> = got.iter().map(|(_, k)| failed_kind(k)).collect();
    assert_eq!(
        kinds,
        [
            Some(ErrorKind::LimitExceeded), // ratio about 1000:1
            Some(ErrorKind::LimitExceeded), // declares 4 GiB, over the member cap
            None,                           // declares 10 bytes: listed …
            None,
        ]
    );
    assert!(
        matches!(&got[0].1, MemberKind::Failed { message, .. } if message.contains("ratio over the cap of 100:1"))
    );
    // … but reading it stops at 11 bytes and fails: the 4 MiB are never held.
    let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
    let err = read_entry(&mut zip, "liar.txt", &limits).unwrap_err();
    assert!(
        matches!(err.kind, ErrorKind::LimitExceeded | ErrorKind::Malformed),
        "{err:?}"
    );
    assert_eq!(read_entry(&mut zip, "ok.txt", &limits).unwrap(), b"fine");
}

#[test]
fn the_total_cap_fails_the_member_that_passes_it_and_the_rest() {
    let bytes = zip_of(&[
        ("a.txt", &[b'a'; 600], false),
        ("b.txt", &[b'b'; 600], false),
        ("c.txt", &[b'c'; 10], false),
    ]);
    let limits = Limits {
        max_total_bytes: 1000,
        ..Limits::default()
    };
    let kinds: Vec<Option<ErrorKind>> = listed(&bytes, &limits)
        .iter()
        .map(|(_, k)| failed_kind(k))
        .collect();
    assert_eq!(
        kinds,
        [
            None,
            Some(ErrorKind::LimitExceeded),
            Some(ErrorKind::LimitExceeded)
        ]
    );
}

#[test]
fn too_many_entries_fail_the_whole_archive_with_the_reason() {
    let bytes = zip_of(&[("a.txt", b"a", false), ("b.txt", b"b", false)]);
    let limits = Limits {
        max_entries: 1,
        ..Limits::default()
    };
    let got = listed(&bytes, &limits);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "room.zip");
    assert!(
        matches!(&got[0].1, MemberKind::Failed { kind: ErrorKind::LimitExceeded, message } if message.contains("2 entries, more than the cap of 1"))
    );
}

#[test]
fn an_encrypted_member_is_reported_alone() {
    let mut bytes = zip_of(&[
        ("a.txt", b"open text", false),
        ("secret.txt", b"locked text", false),
    ]);
    mark_encrypted(&mut bytes, "secret.txt");
    let got = listed(&bytes, &Limits::default());
    assert_eq!(got[0].1, MemberKind::Document);
    assert_eq!(failed_kind(&got[1].1), Some(ErrorKind::Encrypted));
    let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
    let err = read_entry(&mut zip, "secret.txt", &Limits::default()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Encrypted);
    assert_eq!(
        read_entry(&mut zip, "a.txt", &Limits::default()).unwrap(),
        b"open text"
    );
}

#[test]
fn a_damaged_member_fails_as_malformed_and_its_neighbours_read() {
    let mut bytes = zip_of(&[
        ("a.txt", b"first member text", false),
        ("b.txt", b"DAMAGED MEMBER CONTENT", false),
        ("c.txt", b"third member text", false),
    ]);
    corrupt(&mut bytes, b"DAMAGED MEMBER CONTENT");
    let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
    let limits = Limits::default();
    let err = read_entry(&mut zip, "b.txt", &limits).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Malformed, "{err:?}");
    assert_eq!(
        read_entry(&mut zip, "a.txt", &limits).unwrap(),
        b"first member text"
    );
    assert_eq!(
        read_entry(&mut zip, "c.txt", &limits).unwrap(),
        b"third member text"
    );
}

#[test]
fn archives_nested_past_the_depth_cap_fail() {
    let bytes = zip_of(&[("deeper.zip", &zip_of(&[("x.txt", b"x", false)]), false)]);
    let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
    // Listed as the third level: a fourth is one too many.
    let chain = ["b.zip".to_owned(), "c.zip".to_owned()];
    let got = list(
        &mut zip,
        "a.zip!/b.zip!/c.zip",
        &chain,
        &[],
        &Limits::default(),
    );
    assert_eq!(got[0].display, "a.zip!/b.zip!/c.zip!/deeper.zip");
    assert!(
        matches!(&got[0].kind, MemberKind::Failed { kind: ErrorKind::LimitExceeded, message } if message.contains("4 levels deep, more than the cap of 3"))
    );
    let mut zip = ZipArchive::new(Cursor::new(zip_of(&[("d.zip", b"PK", false)]))).unwrap();
    let got = list(
        &mut zip,
        "a.zip!/b.zip",
        &chain[..1],
        &[],
        &Limits::default(),
    );
    assert!(matches!(got[0].kind, MemberKind::Archive { .. }));
}

#[test]
fn data_rooms_are_zips_that_are_not_word_packages() {
    let dir = tempfile::tempdir().unwrap();
    let room = zip_of(&[("a.txt", b"a", false)]);
    let word = zip_of(&[("word/document.xml", b"<w:document/>", false)]);
    let cases: &[(&str, &[u8], bool)] = &[
        ("room.zip", &room, true),
        ("room", &room, true),
        ("room.ZIP", &room, true),
        ("letter.zip", &word, false),
        ("letter.docx", &word, false),
        ("broken.zip", b"not a zip at all", true),
        ("notes", b"plain text", false),
        ("sheet.xlsx", &room, false),
    ];
    for (name, bytes, want) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        assert_eq!(is_data_room(&path), *want, "{name}");
    }
    let broken = list_file(
        &dir.path().join("broken.zip"),
        "broken.zip",
        &[],
        &Limits::default(),
    );
    assert_eq!(broken.len(), 1);
    assert_eq!(failed_kind(&broken[0].kind), Some(ErrorKind::Malformed));
    assert!(is_word_package(&word) && !is_word_package(&room));
}
