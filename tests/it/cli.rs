//! CLI behaviour: help, exit codes, every input accounted for, determinism.

use crate::util::{json, techscan};

#[test]
fn help_lists_commands_examples_and_exit_codes() {
    let out = techscan().arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!("help", text);
    let scan = techscan().args(["scan", "--help"]).output().unwrap();
    insta::assert_snapshot!("scan_help", String::from_utf8(scan.stdout).unwrap());
}

#[test]
fn version_is_printed() {
    let out = techscan().arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        format!("techscan {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn explain_documents_a_rule_and_rejects_unknown_codes() {
    let out = techscan().args(["explain", "ts201"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("TS201 restricted-technology-outbound (high)"));
    assert!(text.contains("Legal basis"));
    let bad = techscan().args(["explain", "TS999"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8(bad.stderr)
            .unwrap()
            .contains("unknown rule code")
    );
}

#[test]
fn every_input_is_accounted_for_and_failures_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "SERVICES AGREEMENT\n\nThe parties agree.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("b.pdf"), "this is not a pdf").unwrap();
    std::fs::write(dir.path().join("c.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    std::fs::write(dir.path().join("d.docx"), "PK\u{3}\u{4}broken").unwrap();
    std::fs::write(dir.path().join("e.txt"), "").unwrap();
    std::fs::write(dir.path().join("f.csv"), "a,b\n1,2\n").unwrap();
    let out = techscan()
        .args(["scan", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a failed file must exit 2");
    let report = json(&out);
    let docs = report["documents"].as_array().unwrap();
    let statuses: Vec<(String, String)> = docs
        .iter()
        .map(|d| {
            let name = d["path"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_owned();
            (name, d["status"].as_str().unwrap().to_owned())
        })
        .collect();
    let expect = [
        ("a.txt", "scanned"),
        ("b.pdf", "failed"),
        ("c.png", "failed"), // a scan whose png holds no image
        ("d.docx", "failed"),
        ("e.txt", "failed"),
        ("f.csv", "skipped"),
    ];
    assert_eq!(statuses, expect.map(|(a, b)| (a.to_owned(), b.to_owned())));
    assert_eq!(docs[1]["error"]["kind"], "malformed");
    assert!(
        docs[1]["risk"].is_null(),
        "an unread document is never 'no risk'"
    );
    assert_eq!(report["summary"]["failed"], 4);
    assert_eq!(report["summary"]["skipped"], 1);

    let terminal = techscan().arg("scan").arg(dir.path()).output().unwrap();
    let text = String::from_utf8(terminal.stdout).unwrap();
    for name in ["b.pdf", "c.png", "d.docx", "e.txt", "f.csv"] {
        assert!(text.contains(name), "terminal report lists {name}");
    }
}

#[test]
fn clean_folder_exits_0_and_output_file_is_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("lease.txt"),
        "LEASE\n\nThe tenant shall pay rent monthly.\n",
    )
    .unwrap();
    let report = dir.path().join("out.json");
    let out = techscan()
        .args(["scan", "--quiet", "--format", "json", "--output"])
        .arg(&report)
        .arg(dir.path().join("lease.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.is_empty() && out.stderr.is_empty(),
        "--quiet and --output leave stdout and stderr empty"
    );
    let value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(value["schema_version"], "1.0");
    assert_eq!(value["documents"][0]["risk"], "none");
}

#[test]
fn same_input_gives_same_bytes() {
    let run = || {
        techscan()
            .args(["scan", "--format", "json", "--jobs", "2", "samples"])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run(), run());
}

#[test]
fn terminal_output_strips_control_characters_from_documents() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("evil.txt"),
        "\u{1b}[2J\u{1b}]0;pwned\u{7}AGREEMENT\n",
    )
    .unwrap();
    let out = techscan().arg("scan").arg(dir.path()).output().unwrap();
    assert!(
        !out.stdout.contains(&0x1b),
        "no escape byte reaches the terminal"
    );
}

#[test]
fn text_command_prints_located_paragraphs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.txt");
    std::fs::write(&file, "1. Grant\n\nLicensor grants a licence.\n").unwrap();
    let out = techscan().arg("text").arg(&file).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("¶ 2"), "{text}");
    assert!(text.contains("Licensor grants a licence."));
    let missing = techscan()
        .args(["text", "/no/such/file.pdf"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn text_command_shows_the_party_table_with_seat_evidence_and_unbound_mentions() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.txt");
    std::fs::write(
        &file,
        "This Agreement is made between Acme Inc., a Delaware corporation (the \"Licensor\"), \
         and Shenzhen Example Co., Ltd., a company organized under the laws of the People's \
         Republic of China (the \"Licensee\").\n\n\
         1. Grant\n\n\
         1.1 The Licensor hereby grants to the Distributor a licence under the Licensed Patents.\n",
    )
    .unwrap();
    let out = techscan().arg("text").arg(&file).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "# party: Acme Inc. · Licensor · company (Inc.) · Delaware, United States (foreign)",
        "#   seat evidence: incorporation-adjective “a Delaware corporation”",
        "# party: Shenzhen Example Co., Ltd. · Licensee · company (Co., Ltd.) · China (mainland)",
        "#   seat evidence: laws-of “a company organized under the laws of the People's Republic of China”",
        "# mention bound to no party: “Distributor”",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
}

#[test]
#[cfg_attr(not(has_corpus), ignore = "../shared/corpus absent")]
fn password_file_opens_an_encrypted_pdf_and_bad_lines_are_fatal() {
    let corpus = crate::util::corpus();
    let pdf = corpus.join("parser-tests/pdf/pdfminer/encryption/rc4-40.pdf");
    let without = techscan()
        .args(["scan", "--quiet", "--format", "json"])
        .arg(&pdf)
        .output()
        .unwrap();
    assert_eq!(json(&without)["documents"][0]["error"]["kind"], "encrypted");
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("passwords.tsv");
    // pdfminer's rc4-40.pdf: user password "baz" (the corpus README has user and owner swapped).
    std::fs::write(&list, format!("# test\n{}\tbaz\n", pdf.display())).unwrap();
    let with = techscan()
        .args(["scan", "--quiet", "--format", "json", "--password-file"])
        .arg(&list)
        .arg(&pdf)
        .output()
        .unwrap();
    assert_eq!(
        json(&with)["documents"][0]["status"],
        "scanned",
        "{}",
        String::from_utf8_lossy(&with.stdout)
    );
    std::fs::write(&list, "no tab on this line\n").unwrap();
    let bad = techscan()
        .args(["scan", "--quiet", "--password-file"])
        .arg(&list)
        .arg(&pdf)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains(":1: expected PATH<TAB>PASSWORD"));
}

#[test]
fn explain_in_chinese_gives_the_articles_of_the_current_text() {
    let out = techscan()
        .args(["explain", "TS201", "--lang", "zh"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for part in [
        "TS201 restricted-technology-outbound (high)",
        "检测内容\n",
        "法律依据\n  《中华人民共和国技术进出口管理条例》（2020年修订文本）",
        "第三十三条（许可意向书；取得后方可进行实质性谈判）",
        "处理建议\n  在进行实质性谈判前，向省级商务主管部门申请技术出口许可",
    ] {
        assert!(text.contains(part), "missing {part:?} in\n{text}");
    }
    let en = techscan().args(["explain", "TS201"]).output().unwrap();
    assert!(
        String::from_utf8(en.stdout)
            .unwrap()
            .contains("Legal basis\n  Regulations")
    );
}

/// A zip package with these members, stored.
fn package(members: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write as _;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in members {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Issue 19's bar for item 1: a folder of what a data room holds besides PDF and DOCX. Every
/// document that was not read fails (exit 2 even with `--fail-on low`, whatever its name), is
/// listed before any read document, and the summary and the last stderr line say how many
/// were not assessed before any risk; only what is clearly no document is skipped.
#[test]
fn nothing_unread_passes_in_a_mixed_data_room() {
    let dir = tempfile::tempdir().unwrap();
    let room = dir.path();
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend([0u8; 504]);
    let word_ole = [
        ole.clone(),
        "WordDocument"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect(),
    ]
    .concat();
    let files: Vec<(&str, Vec<u8>)> = vec![
        (
            "agreement.txt",
            b"SERVICES AGREEMENT\n\nThe parties agree.\n".to_vec(),
        ),
        ("legacy.doc", word_ole.clone()),
        ("legacy-renamed.pdf", word_ole),
        (
            "works.wps",
            [
                ole,
                "CONTENTS"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect(),
            ]
            .concat(),
        ),
        ("letter.rtf", b"{\\rtf1\\ansi Licence agreement}".to_vec()),
        (
            "letter-as.doc",
            b"{\\rtf1\\ansi Licence agreement}".to_vec(),
        ),
        (
            "contract.odt",
            package(&[
                ("mimetype", b"application/vnd.oasis.opendocument.text"),
                ("content.xml", b"<office:document-content/>"),
            ]),
        ),
        ("scan.jpg", b"\xFF\xD8\xFF\xE0\0\x10JFIF".to_vec()),
        ("scan.tiff", b"II*\0\x08\0\0\0".to_vec()),
        ("empty.pdf", Vec::new()),
        ("broken.docx", b"PK\x03\x04 cut".to_vec()),
        (
            "figures.xlsx",
            package(&[("xl/workbook.xml", b"<workbook/>")]),
        ),
        ("data.csv", b"a,b\n1,2\n".to_vec()),
    ];
    for (name, bytes) in &files {
        std::fs::write(room.join(name), bytes).unwrap();
    }
    let out = techscan()
        .args(["scan", "--format", "json", "--fail-on", "low", "-q"])
        .arg(room)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "unread documents exit 2");
    let report = json(&out);
    let status = |name: &str| {
        report["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"].as_str().unwrap().ends_with(&format!("/{name}")))
            .map(|d| {
                (
                    d["status"].as_str().unwrap().to_owned(),
                    d["error"]["kind"].as_str().unwrap_or("").to_owned(),
                )
            })
            .unwrap()
    };
    for (name, _) in &files {
        let (status, kind) = status(name);
        let want = match *name {
            "agreement.txt" | "letter.rtf" | "letter-as.doc" => ("scanned", ""),
            "figures.xlsx" | "data.csv" => ("skipped", "not-a-document"),
            // A compound-file header with nothing behind it is a broken .doc.
            // Scans (read by OCR) that hold no image are as broken as the rest.
            "empty.pdf" | "broken.docx" | "legacy.doc" | "legacy-renamed.pdf" | "scan.jpg"
            | "scan.tiff" => ("failed", "malformed"),
            _ => ("failed", "unsupported"),
        };
        assert_eq!((status.as_str(), kind.as_str()), want, "{name}");
    }
    assert!(
        report["documents"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["status"] != "failed" || d["risk"].is_null())
    );

    let terminal = techscan()
        .args(["scan", "--fail-on", "low"])
        .arg(room)
        .output()
        .unwrap();
    assert_eq!(terminal.status.code(), Some(2));
    let text = String::from_utf8(terminal.stdout).unwrap();
    let first_read = text.find("agreement.txt").unwrap();
    for (name, _) in &files {
        let (status, _) = status(name);
        if status == "failed" {
            let at = text
                .find(&format!("/{name} "))
                .unwrap_or_else(|| panic!("{name} listed"));
            assert!(
                at < first_read,
                "{name} is listed before the documents read"
            );
        }
    }
    assert!(
        text.contains("microsoft works document (.wps) not read"),
        "{text}"
    );
    assert!(
        text.contains(
            "8 document(s) NOT ASSESSED (could not be read); highest risk among the 3 read: none"
        ),
        "{text}"
    );
    let stderr = String::from_utf8(terminal.stderr).unwrap();
    let last = stderr.lines().last().unwrap();
    assert!(
        last.starts_with("techscan: 8 document(s) NOT ASSESSED (could not be read)"),
        "{last}"
    );
    assert!(!stderr.contains("highest risk none"), "{stderr}");
}

/// Issue 19 item 6: `-h` is a summary, `--help` the full text.
#[test]
fn short_help_is_a_summary_and_long_help_the_full_text() {
    for args in [&[][..], &["scan"][..]] {
        let short = techscan().args(args).arg("-h").output().unwrap();
        let long = techscan().args(args).arg("--help").output().unwrap();
        let (short, long) = (
            String::from_utf8(short.stdout).unwrap(),
            String::from_utf8(long.stdout).unwrap(),
        );
        assert!(short.len() < long.len(), "{args:?}");
        assert!(short.contains("Run with --help for examples"), "{short}");
        assert!(!short.contains("Exit codes:"), "{short}");
        assert!(
            long.contains("Exit codes:") && long.contains("130"),
            "{long}"
        );
    }
}

/// Completion scripts for the four shells; the bash one loads in bash and completes techscan.
#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _techscan"),
        ("zsh", "#compdef techscan"),
        ("fish", "complete -c techscan"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = techscan().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains(marker), "{shell}: {marker}");
        for command in ["scan", "catalogue", "merge", "completions", "man"] {
            assert!(script.contains(command), "{shell} completes {command}");
        }
    }
    let script = techscan()
        .args(["completions", "bash"])
        .output()
        .unwrap()
        .stdout;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("techscan.bash");
    std::fs::write(&path, script).unwrap();
    let loaded = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source {} && complete -p techscan && COMP_WORDS=(techscan sc) && COMP_CWORD=1 && _techscan techscan sc techscan && printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            path.display()
        ))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&loaded.stdout);
    assert!(
        loaded.status.success(),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    assert!(stdout.contains("-F _techscan techscan"), "{stdout}");
    assert!(
        stdout.lines().any(|l| l == "scan"),
        "completes `techscan sc` to scan: {stdout}"
    );
}

/// The manual pages: one for techscan (with the examples and exit codes of `--help`) and one
/// per command; an unknown command is an error.
#[test]
fn man_pages_are_generated() {
    let out = techscan().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH techscan 1"), "{page}");
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH SUBCOMMANDS",
        "techscan\\-scan(1)",
        "Exit codes:",
    ] {
        assert!(page.contains(section), "{section}");
    }
    let scan = techscan().args(["man", "scan"]).output().unwrap();
    let scan = String::from_utf8(scan.stdout).unwrap();
    assert!(scan.contains(".TH techscan-scan 1"), "{scan}");
    assert!(scan.contains("\\-\\-fail\\-on"), "{scan}");
    let unknown = techscan().args(["man", "nope"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no command `nope`"));
}
