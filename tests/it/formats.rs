//! Every report format: snapshots over `samples/`, JSON Lines streaming, several formats in
//! one run, SARIF against the official 2.1.0 schema, a hostile document that every
//! format neutralises, a Chinese (`--lang zh`) report, and the HTML report rendered by
//! headless Chromium.

use std::path::Path;

use crate::util::{repo, techscan};

/// Every format with the file name `--output-dir` gives it.
const FORMATS: [(&str, &str); 7] = [
    ("terminal", "techscan-report.txt"),
    ("json", "techscan-report.json"),
    ("jsonl", "techscan-report.jsonl"),
    ("csv", "techscan-report.csv"),
    ("html", "techscan-report.html"),
    ("sarif", "techscan-report.sarif"),
    ("markdown", "techscan-report.md"),
];

/// Runs one scan writing every format into `dir`; returns the exit code.
fn scan_all_formats(dir: &Path, inputs: &[&Path]) -> Option<i32> {
    let formats: Vec<&str> = FORMATS.iter().map(|f| f.0).collect();
    let out = techscan()
        .args([
            "scan",
            "--quiet",
            "--format",
            &formats.join(","),
            "--output-dir",
        ])
        .arg(dir)
        .args(inputs)
        .output()
        .unwrap();
    assert!(out.stdout.is_empty(), "everything goes to --output-dir");
    out.status.code()
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn redact_version(text: &str) -> String {
    text.replace(env!("CARGO_PKG_VERSION"), "[version]")
}

#[test]
fn every_format_over_the_samples_matches_its_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        scan_all_formats(dir.path(), &[Path::new("samples")]),
        Some(1)
    );
    for (format, file) in FORMATS {
        let text = redact_version(&read(dir.path(), file));
        insta::assert_snapshot!(format!("samples_{format}"), text);
    }
}

#[test]
fn jsonl_streams_one_document_per_line_then_a_summary() {
    let out = techscan()
        .args(["scan", "--quiet", "--format", "jsonl", "samples"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (summary, docs) = lines.split_last().unwrap();
    assert_eq!(summary["summary"]["documents"], docs.len());
    assert!(
        docs.iter()
            .all(|d| d["path"].is_string() && d["status"].is_string())
    );
    let paths: Vec<&str> = docs.iter().map(|d| d["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted, "documents in input order");
}

#[test]
fn several_formats_go_to_their_own_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let (csv, md) = (dir.path().join("r.csv"), dir.path().join("r.md"));
    let out = techscan()
        .args([
            "scan", "--quiet", "--format", "csv", "--format", "markdown", "-o",
        ])
        .arg(&csv)
        .arg("-o")
        .arg(&md)
        .arg("samples/05-nda-defines-know-how.pdf")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(read(dir.path(), "r.csv").starts_with("path,status,risk,"));
    assert!(read(dir.path(), "r.md").starts_with("## techscan report"));

    let mismatch = techscan()
        .args(["scan", "--format", "csv,html", "-o"])
        .arg(&csv)
        .arg("samples")
        .output()
        .unwrap();
    assert_eq!(mismatch.status.code(), Some(2));
    let err = String::from_utf8(mismatch.stderr).unwrap();
    assert!(err.contains("one --output per format"), "{err}");
}

/// Validates `sarif` against `../shared/schemas/sarif-schema-2.1.0.json`. Without the schema
/// (cfg `has_sarif_schema` unset by `build.rs`) this part of a test is left out; the test
/// that exists only for it, `sarif_is_valid_against_the_official_schema`, is then ignored.
pub fn assert_valid_sarif(sarif: &serde_json::Value) {
    if cfg!(not(has_sarif_schema)) {
        return;
    }
    let schema_path = repo("../shared/schemas/sarif-schema-2.1.0.json");
    let schema = std::fs::read_to_string(&schema_path).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&schema).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF schema errors:\n{}",
        errors.join("\n")
    );
}

#[test]
#[cfg_attr(
    not(has_sarif_schema),
    ignore = "../shared/schemas/sarif-schema-2.1.0.json absent"
)]
fn sarif_is_valid_against_the_official_schema() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.pdf"), "not a pdf").unwrap();
    let out = techscan()
        .args(["scan", "--quiet", "--format", "sarif", "samples"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a failed input exits 2");
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid_sarif(&sarif);
    let run = &sarif["runs"][0];
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(notes.iter().any(|n| {
        n["level"] == "error"
            && n["message"]["text"]
                .as_str()
                .unwrap()
                .contains("broken.pdf")
    }));
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.starts_with("samples/"), "relative URI: {uri}");
        let fp = r["partialFingerprints"]["techscanFinding/v1"]
            .as_str()
            .unwrap();
        assert_eq!(fp.len(), 16);
    }
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| {
        r["id"] == "TS201"
            && r["defaultConfiguration"]["level"] == "error"
            && r["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("Legal basis")
    }));
}

const HOSTILE: &str = "TECHNOLOGY TRANSFER AGREEMENT\n\nThis Agreement is made between:\n\n\
(1) Huaxin \u{202E}evil\u{202C} <script>alert(1)</script> Technology Co., Ltd., a company incorporated under the laws of the People's Republic of China, with its registered office in Shanghai, China (\"Party A\"); and\n\n\
(2) Northwind Example Inc., a Delaware corporation with its principal office in New York, USA (\"Party B\").\n\n\
=HYPERLINK(\"http://evil.example/x\",\"click\") Party A shall disclose and deliver to Party B the Know-How <script>alert(1)</script>, including all technical information and drawings \u{1b}[31mfor the\u{1b}[0m manufacturing process \u{202E}gnp.exe.\n\n\
+cmd|' /C calc'!A0 Party A shall provide technical services and training to Party B and shall dispatch engineers to Party B's plant <img src=x onerror=alert(2)>.\n";

#[test]
fn a_hostile_document_is_neutralised_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let contract = dir.path().join("hostile.txt");
    std::fs::write(&contract, HOSTILE).unwrap();
    let out_dir = dir.path().join("out");
    scan_all_formats(&out_dir, &[&contract]);
    assert_valid_sarif(&serde_json::from_str(&read(&out_dir, "techscan-report.sarif")).unwrap());
    let json: serde_json::Value =
        serde_json::from_str(&read(&out_dir, "techscan-report.json")).unwrap();
    let findings = json["documents"][0]["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["evidence"].as_str().unwrap().contains("<script>")),
        "the hostile clauses are findings, so their text reaches every format: {findings:?}"
    );
    for (format, file) in FORMATS {
        let text = read(&out_dir, file);
        assert!(!text.contains('\u{1b}'), "{format}: raw ESC");
        assert!(!text.contains('\u{202E}'), "{format}: raw bidi override");
        match format {
            "html" | "markdown" => {
                assert!(!text.contains("<script"), "{format}: live script tag");
                assert!(!text.contains("<img"), "{format}: live img tag");
                assert!(
                    text.contains("&lt;script&gt;"),
                    "{format}: escaped tag shown"
                );
            }
            "csv" => {
                for line in text.lines() {
                    for cell_start in line.split(',').map(|c| c.trim_start_matches('"')) {
                        assert!(
                            !cell_start.starts_with(['=', '+', '-', '@', '\t', '\r']),
                            "csv: formula-leading cell in {line}"
                        );
                    }
                }
                assert!(
                    text.contains("'=HYPERLINK"),
                    "csv: guarded formula kept as text"
                );
            }
            // JSON, JSON Lines, SARIF: data, valid JSON, no raw ESC or bidi (checked above).
            _ => {}
        }
    }
    let md = read(&out_dir, "techscan-report.md");
    for line in md.lines().filter(|l| l.starts_with("| ")) {
        assert_eq!(
            line.matches(" | ").count() + 2,
            line.matches('|').count() - line.matches("\\|").count(),
            "markdown: a table row keeps its columns: {line}"
        );
    }
}

/// The paragraphs of a DOCX's main document, one per line (text of its `w:t` runs).
fn docx_paragraphs(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut out = String::new();
    for para in xml.split("</w:p>") {
        let mut line = String::new();
        for piece in para.split("<w:t").skip(1) {
            // `<w:t>` or `<w:t xml:space=…>`, not `<w:tbl…>`.
            if !piece.starts_with(['>', ' ']) {
                continue;
            }
            let Some(start) = piece.find('>') else {
                continue;
            };
            let body = &piece[start + 1..];
            let end = body.find("</w:t>").unwrap_or(body.len());
            line.push_str(&body[..end]);
        }
        if !line.is_empty() {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn docx_memo_over_the_samples_matches_its_snapshot_and_escapes_hostile_text() {
    let dir = tempfile::tempdir().unwrap();
    let memo = dir.path().join("memo.docx");
    let out = techscan()
        .args(["scan", "--quiet", "--format", "docx", "-o"])
        .arg(&memo)
        .arg("samples")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let bytes = std::fs::read(&memo).unwrap();
    insta::assert_snapshot!("samples_docx", redact_version(&docx_paragraphs(&bytes)));
    // techscan reads its own memo back.
    let text = techscan().arg("text").arg(&memo).output().unwrap();
    assert!(text.status.success());

    let contract = dir.path().join("hostile.txt");
    std::fs::write(&contract, HOSTILE).unwrap();
    let hostile_memo = dir.path().join("hostile.docx");
    techscan()
        .args(["scan", "--quiet", "--format", "docx", "-o"])
        .arg(&hostile_memo)
        .arg(&contract)
        .output()
        .unwrap();
    let bytes = std::fs::read(&hostile_memo).unwrap();
    let paragraphs = docx_paragraphs(&bytes);
    assert!(paragraphs.contains("&lt;script&gt;"), "{paragraphs}");
    assert!(!paragraphs.contains("<script") && !paragraphs.contains('\u{1b}'));
    assert!(!paragraphs.contains('\u{202E}'));
}

/// Every format, `docx` included, with the file name `--output-dir` gives it.
const ALL_FORMATS: [(&str, &str); 8] = [
    ("terminal", "techscan-report.txt"),
    ("json", "techscan-report.json"),
    ("jsonl", "techscan-report.jsonl"),
    ("csv", "techscan-report.csv"),
    ("html", "techscan-report.html"),
    ("sarif", "techscan-report.sarif"),
    ("markdown", "techscan-report.md"),
    ("docx", "techscan-report.docx"),
];

#[test]
fn every_input_scanned_skipped_or_failed_is_in_every_format_and_failures_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let files: [(&str, &[u8]); 7] = [
        (
            "licence.txt",
            b"1.1 The Licensor grants the Licensee a licence to use the Know-How.\n",
        ),
        ("memo.txt", b"Lunch is at noon.\n"),
        ("photo.png", b"\x89PNG\r\n\x1a\n"),
        ("empty.txt", b""),
        ("broken.pdf", b"not a pdf at all"),
        (
            "cut.pdf",
            b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R",
        ),
        ("broken.docx", b"PK\x03\x04 not really a zip"),
    ];
    for (name, bytes) in files {
        std::fs::write(inputs.join(name), bytes).unwrap();
    }
    let formats: Vec<&str> = ALL_FORMATS.iter().map(|f| f.0).collect();
    let out = techscan()
        .current_dir(dir.path())
        .args([
            "scan",
            "--quiet",
            "--fail-on",
            "none",
            "--format",
            &formats.join(","),
            "--output-dir",
            "out",
            "in",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "failed inputs exit 2 even with --fail-on none: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_str(&read(&dir.path().join("out"), "techscan-report.json")).unwrap();
    let statuses: Vec<(&str, &str)> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("in/broken.docx", "failed"),
            ("in/broken.pdf", "failed"),
            ("in/cut.pdf", "failed"),
            ("in/empty.txt", "failed"),
            ("in/licence.txt", "scanned"),
            ("in/memo.txt", "scanned"),
            ("in/photo.png", "failed"), // a png is a scan, and this one has no image
        ]
    );
    for (format, file) in ALL_FORMATS {
        let text = if format == "docx" {
            docx_paragraphs(&std::fs::read(dir.path().join("out").join(file)).unwrap())
        } else {
            // HTML offers line breaks inside paths (`in/<wbr>cut.pdf`).
            read(&dir.path().join("out"), file).replace("<wbr>", "")
        };
        for (name, _) in files {
            assert!(
                text.contains(&format!("in/{name}")),
                "{format}: in/{name} is missing from the report"
            );
        }
        assert!(
            text.to_lowercase().contains("failed"),
            "{format}: failed inputs are called failed"
        );
    }
}

#[test]
fn chinese_report_over_two_samples_matches_its_snapshot() {
    let out = techscan()
        .args(["scan", "--quiet", "--lang", "zh", "--format", "markdown"])
        .args([
            "samples/01-inbound-licence-grant-back.pdf",
            "samples/07-rare-earth-know-how-licence.pdf",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = redact_version(&String::from_utf8(out.stdout).unwrap());
    assert!(text.contains("信息处理技术 — 人工智能交互界面技术"));
    insta::assert_snapshot!("samples_markdown_zh", text);

    // SARIF in Chinese is still valid and carries the Chinese rule documentation.
    let out = techscan()
        .args(["scan", "--quiet", "--lang", "zh", "--format", "sarif"])
        .arg("samples/01-inbound-licence-grant-back.pdf")
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid_sarif(&sarif);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.iter().any(|r| {
        r["id"] == "TS201"
            && r["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("**法律依据** 《中华人民共和国技术进出口管理条例》")
    }));
}

/// `chromium` on PATH (the test that calls it is ignored without it).
fn chromium() -> std::path::PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|d| d.join("chromium"))
        .find(|p| p.is_file())
        .expect("chromium on PATH")
}

/// Runs headless Chromium over a local file with the flags that keep it off the network.
fn headless(chromium: &Path, profile: &Path, extra: &[&str], page: &Path) -> std::process::Output {
    std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap()
}

/// The HTML report of the samples and of the hostile document, rendered by a real browser:
/// the DOM after rendering has every section and no element a document smuggled in, and a
/// screenshot is produced (look at it with `TECHSCAN_KEEP_SCREENSHOT=path`).
#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not installed (apt-get install chromium)"
)]
fn html_report_renders_in_headless_chromium() {
    let chromium = chromium();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hostile.txt"), HOSTILE).unwrap();
    let page = dir.path().join("report.html");
    techscan()
        .args(["scan", "--quiet", "--format", "html", "-o"])
        .arg(&page)
        .arg("samples")
        .arg(dir.path().join("hostile.txt"))
        .output()
        .unwrap();
    let profile = tempfile::tempdir().unwrap();
    let dom = headless(&chromium, profile.path(), &["--dump-dom"], &page);
    let dom = String::from_utf8_lossy(&dom.stdout);
    for part in [
        "Technology export review",
        "Summary",
        "Documents",
        "Not scanned",
        "samples/07-rare-earth-know-how-licence.pdf",
        "包头示例稀土新材料有限公司",
        "<mark>",
    ] {
        assert!(dom.contains(part), "rendered DOM lacks {part:?}");
    }
    for smuggled in ["<script", "<img"] {
        assert!(
            !dom.contains(smuggled),
            "rendered DOM has an element {smuggled}"
        );
    }
    assert!(
        dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the hostile markup is shown as text"
    );
    let png = dir.path().join("report.png");
    let shot = format!("--screenshot={}", png.display());
    headless(
        &chromium,
        profile.path(),
        &[&shot, "--window-size=1280,2000"],
        &page,
    );
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000);
    if let Some(keep) = std::env::var_os("TECHSCAN_KEEP_SCREENSHOT") {
        std::fs::copy(&png, keep).unwrap();
    }
}

#[test]
fn terminal_colour_only_when_asked_and_never_under_no_color() {
    let sample = "samples/03-technical-services-uav.pdf";
    let run = |args: &[&str]| {
        let out = techscan()
            .args(["scan", "--quiet"])
            .args(args)
            .arg(sample)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let coloured = run(&["--color", "always"]);
    assert!(coloured.contains("\u{1b}["), "--color always paints");
    // The matched keyword is highlighted (bold, underlined) inside the quoted evidence.
    assert!(
        coloured.contains("inspection \u{1b}[1;4mUAV\u{1b}[0m fleet"),
        "{coloured}"
    );
    // `techscan()` sets NO_COLOR=1; `auto` (the default) and `never` stay plain.
    for args in [&[][..], &["--color", "never"], &["--color", "auto"]] {
        let plain = run(args);
        assert!(!plain.contains('\u{1b}'), "{args:?}");
        assert!(plain.contains("Summary"));
    }
}

/// The GitHub Actions workflow and the pre-commit hook in the README run commands that
/// techscan accepts (flags exist, formats and output names are right).
#[test]
fn readme_ci_examples_are_real_commands() {
    let readme = std::fs::read_to_string(repo("README.md")).unwrap();
    let workflow = readme
        .split("# .github/workflows/techscan.yml")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("README has the GitHub Actions workflow");
    assert!(workflow.contains("github/codeql-action/upload-sarif"));
    assert!(workflow.contains("security-events: write"));
    let hook = readme
        .split("# .pre-commit-config.yaml")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("README has the pre-commit configuration");
    assert!(hook.contains("id: techscan") && hook.contains("language: system"));

    let dir = tempfile::tempdir().unwrap();
    // `run: techscan scan templates/ …` from the workflow, over the samples.
    let run = workflow
        .lines()
        .find_map(|l| l.trim().strip_prefix("- run: techscan "))
        .expect("a `run: techscan …` step");
    let args: Vec<String> = run
        .split_whitespace()
        .map(|a| match a {
            "templates/" => "samples/".to_owned(),
            "techscan-out" => dir.path().join("techscan-out").display().to_string(),
            other => other.to_owned(),
        })
        .collect();
    let out = techscan().args(&args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "findings at or above high: exit 1"
    );
    let sarif_name = workflow
        .split("sarif_file: techscan-out/")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("techscan-out").join(sarif_name)).unwrap(),
    )
    .unwrap();
    assert_valid_sarif(&sarif);
    assert!(dir.path().join("techscan-out/techscan-report.md").is_file());

    // `entry:` of the hook, with the staged files pre-commit passes.
    let entry = hook
        .lines()
        .find_map(|l| l.trim().strip_prefix("entry: techscan "))
        .expect("an `entry: techscan …` line");
    let out = techscan()
        .args(entry.split_whitespace())
        .args([
            "samples/05-nda-defines-know-how.pdf",
            "samples/06-supply-anti-assignment.docx",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "clean templates pass the hook");
}

/// Issue 19 item 4: no report of the samples, in any format and either language, holds a
/// placeholder or a research note, and an unverified catalogue entry (the rare-earth entries
/// of sample 07) is named with the one plain notice.
#[test]
fn no_report_holds_a_placeholder_or_research_note() {
    let markers = [
        "placeholder",
        "recollection",
        "recalled",
        "not captured",
        "[inferred",
        "inferred]",
        "[name ",
        "unverified]",
        "[unverified",
    ];
    let mut formats: Vec<&str> = ALL_FORMATS.iter().map(|f| f.0).collect();
    formats.sort_unstable();
    for lang in ["en", "zh"] {
        let dir = tempfile::tempdir().unwrap();
        let out = techscan()
            .args([
                "scan",
                "--quiet",
                "--lang",
                lang,
                "--format",
                &formats.join(","),
                "--output-dir",
            ])
            .arg(dir.path())
            .arg("samples")
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for (format, file) in ALL_FORMATS {
            let text = if format == "docx" {
                docx_paragraphs(&std::fs::read(dir.path().join(file)).unwrap())
            } else {
                read(dir.path(), file)
            };
            let lower = text.to_lowercase();
            for m in markers {
                assert!(!lower.contains(m), "{lang} {format}: {m:?} in the report");
            }
            let notice = if lang == "en" {
                "unverified — confirm against the official catalogue (source: http"
            } else {
                "未经核实——请以官方目录为准；来源：http"
            };
            // Whitespace aside: the terminal report wraps the notice over lines.
            let squeeze = |t: &str| t.split_whitespace().collect::<String>();
            assert!(
                squeeze(&text).contains(&squeeze(notice)),
                "{lang} {format}: the unverified notice"
            );
        }
    }
}

/// Issue 19 item 5: the terminal report of the samples (not on a terminal) fits 100 columns,
/// breaking no word; a document's transfer clauses are grouped by kind with counts and at most
/// three locations; no row repeats; Chinese seats read in English with the Chinese in brackets.
#[test]
fn the_terminal_report_is_wrapped_grouped_and_free_of_repeats() {
    let out = techscan()
        .args(["scan", "--quiet", "--no-cache", "samples"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        let width = textwrap::core::display_width(line);
        assert!(width <= 100, "{width} columns: {line}");
    }
    // Words are whole: every word of a finding's message in the JSON report is a word of the
    // terminal report (wrapping only moved the spaces).
    let json = techscan()
        .args([
            "scan",
            "--quiet",
            "--no-cache",
            "--format",
            "json",
            "samples",
        ])
        .output()
        .unwrap();
    let report = crate::util::json(&json);
    let words: std::collections::BTreeSet<&str> = text.split_whitespace().collect();
    for doc in report["documents"].as_array().unwrap() {
        for f in doc["findings"].as_array().unwrap() {
            for word in f["message"].as_str().unwrap().split_whitespace() {
                let cjk = word.chars().any(|c| ('\u{3400}'..='\u{9FFF}').contains(&c));
                if !cjk && word.chars().count() < 60 {
                    assert!(words.contains(word), "{word:?} was broken");
                }
            }
        }
    }
    for section in text.split("\n\n") {
        let mut finding_rows = std::collections::BTreeSet::new();
        let lines: Vec<&str> = section.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let head = line.trim_start();
            if ["CRITICAL ", "HIGH ", "MEDIUM ", "LOW "]
                .iter()
                .any(|s| head.starts_with(s))
                && line.starts_with("  ")
            {
                let body: Vec<&str> = lines[i + 1..]
                    .iter()
                    .take_while(|l| l.starts_with("    "))
                    .copied()
                    .collect();
                let row = format!("{head} {}", body.join(" "));
                assert!(finding_rows.insert(row.clone()), "repeated row: {row}");
            }
        }
        if let Some(at) = lines.iter().position(|l| l.trim() == "transfer clauses:") {
            // A kind's row, its wrapped continuation lines joined back.
            let mut kinds: Vec<String> = Vec::new();
            for l in &lines[at + 1..] {
                if l.starts_with("      ") {
                    if let Some(last) = kinds.last_mut() {
                        last.push(' ');
                        last.push_str(l.trim());
                    }
                } else if l.starts_with("    ") {
                    kinds.push(l.trim().to_owned());
                } else {
                    break;
                }
            }
            assert!(!kinds.is_empty());
            for k in kinds {
                let (kind, rest) = k.split_once(": ").unwrap();
                let n: usize = kind.rsplit(' ').next().unwrap().parse().unwrap();
                assert!(n >= 1, "{k}");
                assert!(
                    rest.matches(" [").count() <= 3,
                    "at most three locations: {k}"
                );
                let locations: Vec<&str> = rest
                    .split("; ")
                    .filter(|l| !l.starts_with("and "))
                    .collect();
                let unique: std::collections::BTreeSet<&&str> = locations.iter().collect();
                assert_eq!(unique.len(), locations.len(), "a location repeats: {k}");
                if n > 3 {
                    assert!(rest.contains(&format!("and {} more", n - 3)), "{k}");
                }
            }
        }
    }
    // The party table: seats in English, each with the words it was read from.
    assert!(
        text.contains(
            "江苏示例传动机械股份有限公司 · 甲方 · company (股份有限公司) · Changzhou, Jiangsu,"
        ),
        "{text}"
    );
    assert!(
        text.contains("羽衣热工株式会社 · 乙方 · company (株式会社) · Japan (foreign)"),
        "{text}"
    );
    assert!(
        text.contains("seat evidence: laws-of “系依照日本国法律设立的股份公司”"),
        "{text}"
    );
}
