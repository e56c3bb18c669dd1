//! CI mode: `techscan.toml` discovery (threshold, exclude globs, baseline) and baselines
//! that silence known findings, fail on new ones and report stale entries.

use std::path::Path;

use crate::util::{json, techscan};

const PARTIES: &str = "LICENCE AGREEMENT\n\nThis Agreement is made between:\n\n(1) Huaxin Example Technology Co., Ltd., a company incorporated under the laws of the People's Republic of China, with its registered office in Shanghai, China (\"Party A\"); and\n\n(2) Northwind Example Inc., a Delaware corporation with its principal office in New York, USA (\"Party B\").\n\n";

const KNOW_HOW: &str = "2.1 Party A shall disclose and deliver to Party B the Know-How, including all technical information, drawings and process specifications for the manufacturing process.";

const SERVICES: &str = "2.1 Party A shall provide technical services and training to Party B and shall dispatch engineers to Party B's plant to provide technical assistance.";

fn contract(dir: &Path, name: &str, clause: &str) {
    std::fs::write(dir.join(name), format!("{PARTIES}{clause}\n")).unwrap();
}

#[test]
fn baseline_silences_known_findings_fails_on_new_ones_and_reports_stale_entries() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("templates");
    std::fs::create_dir_all(dir.join("drafts")).unwrap();
    std::fs::write(
        root.path().join("techscan.toml"),
        "fail_on = \"medium\"\nexclude = [\"templates/drafts/*\"]\n",
    )
    .unwrap();
    contract(&dir, "a.txt", KNOW_HOW);
    contract(&dir.join("drafts"), "wip.txt", SERVICES);
    let baseline = root.path().join("baseline.toml");

    // The config's threshold (medium) fails the run on the outbound know-how (TS302).
    let first = techscan()
        .args(["scan", "--quiet", "--format", "json", "--write-baseline"])
        .arg(&baseline)
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(
        first.status.code(),
        Some(1),
        "medium finding fails under fail_on = medium"
    );
    let report = json(&first);
    let docs = report["documents"].as_array().unwrap();
    let draft = docs
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with("wip.txt"))
        .unwrap();
    assert_eq!(draft["status"], "skipped");
    assert!(
        draft["error"]["message"]
            .as_str()
            .unwrap()
            .contains("templates/drafts/*")
    );
    let written = std::fs::read_to_string(&baseline).unwrap();
    assert!(
        written.contains("rule = \"TS302\"") && written.contains("fingerprint = "),
        "{written}"
    );

    // With the baseline, the known finding is silenced.
    let known = techscan()
        .args(["scan", "--format", "json", "--baseline"])
        .arg(&baseline)
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(
        known.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&known.stderr)
    );
    assert_eq!(json(&known)["summary"]["findings"], 0);
    assert!(
        String::from_utf8(known.stderr)
            .unwrap()
            .contains("silenced by the baseline")
    );

    // A new finding fails the run, and the entry for a removed clause is stale.
    contract(
        &dir,
        "a.txt",
        "2.1 The parties shall cooperate in good faith.",
    );
    contract(&dir, "b.txt", SERVICES);
    let changed = techscan()
        .args(["scan", "--quiet", "--format", "json", "--baseline"])
        .arg(&baseline)
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(changed.status.code(), Some(1), "new finding fails");
    let stderr = String::from_utf8(changed.stderr).unwrap();
    assert!(
        stderr.contains("stale baseline entry") && stderr.contains("TS302"),
        "{stderr}"
    );
    assert!(
        stderr.contains("a.txt"),
        "the stale entry names its file: {stderr}"
    );

    // --fail-on on the command line wins over the config file.
    let lenient = techscan()
        .args(["scan", "--quiet", "--fail-on", "high", "--baseline"])
        .arg(&baseline)
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(lenient.status.code(), Some(0));
}

#[test]
fn broken_config_is_a_fatal_error_with_its_path() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(
        root.path().join(".techscan.toml"),
        "fail_on = \"medium\"\nfoo = 1\n",
    )
    .unwrap();
    contract(root.path(), "a.txt", KNOW_HOW);
    let out = techscan().arg("scan").arg(root.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(".techscan.toml") && err.contains("foo"),
        "{err}"
    );
    let ignored = techscan()
        .args(["scan", "--quiet", "--no-config"])
        .arg(root.path())
        .output()
        .unwrap();
    assert_eq!(
        ignored.status.code(),
        Some(0),
        "TS302 is medium, below the default high"
    );
}

#[test]
fn inline_waiver_accepts_the_rules_it_names_with_its_reason() {
    let root = tempfile::tempdir().unwrap();
    contract(
        root.path(),
        "waived.txt",
        &format!("{KNOW_HOW}\n\ntechscan:allow TS302 — export contract registered 2026-03"),
    );
    let out_dir = root.path().join("out");
    let out = techscan()
        .args(["scan", "--quiet", "--no-config", "--fail-on", "medium"])
        .args(["--format", "json,sarif,markdown,csv", "--output-dir"])
        .arg(&out_dir)
        .arg(root.path().join("waived.txt"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "the waived finding does not fail the run"
    );
    let read = |name: &str| std::fs::read_to_string(out_dir.join(name)).unwrap();
    let report: serde_json::Value = serde_json::from_str(&read("techscan-report.json")).unwrap();
    let doc = &report["documents"][0];
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0);
    assert_eq!(doc["risk"], "none");
    assert_eq!(doc["waived"][0]["finding"]["rule"], "TS302");
    assert_eq!(
        doc["waived"][0]["reason"],
        "export contract registered 2026-03"
    );
    let sarif: serde_json::Value = serde_json::from_str(&read("techscan-report.sarif")).unwrap();
    crate::formats::assert_valid_sarif(&sarif);
    assert_eq!(
        sarif["runs"][0]["results"][0]["suppressions"][0]["kind"],
        "inSource"
    );
    assert!(read("techscan-report.md").contains("waived: **TS302**"));
    assert!(read("techscan-report.csv").contains(",waived,export contract registered 2026-03"));

    // A waiver for another rule leaves the finding in place.
    contract(
        root.path(),
        "other.txt",
        &format!("{KNOW_HOW}\n\ntechscan:allow TS201 — not this one"),
    );
    let other = techscan()
        .args(["scan", "--quiet", "--no-config", "--fail-on", "medium"])
        .arg(root.path().join("other.txt"))
        .output()
        .unwrap();
    assert_eq!(other.status.code(), Some(1));
}

#[test]
fn include_patterns_limit_what_is_scanned() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(
        root.path().join("techscan.toml"),
        "include = [\"contracts/*.txt\"]\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.path().join("contracts")).unwrap();
    contract(&root.path().join("contracts"), "a.txt", KNOW_HOW);
    contract(root.path(), "notes.txt", KNOW_HOW);
    let out = techscan()
        .args(["scan", "--quiet", "--format", "json"])
        .arg(root.path())
        .output()
        .unwrap();
    let report = json(&out);
    let status = |name: &str| {
        report["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"].as_str().unwrap().ends_with(name))
            .map(|d| d["status"].as_str().unwrap().to_owned())
    };
    assert_eq!(status("a.txt").as_deref(), Some("scanned"));
    assert_eq!(status("notes.txt").as_deref(), Some("skipped"));
    assert_eq!(status("techscan.toml").as_deref(), Some("skipped"));
}

#[test]
fn config_sets_edition_dictionaries_and_lang_with_options_winning() {
    let root = tempfile::tempdir().unwrap();
    let templates = root.path().join("templates");
    std::fs::create_dir_all(root.path().join("dicts")).unwrap();
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::copy(
        crate::util::repo("dictionaries/examples/us-ear-ccl-example.toml"),
        root.path().join("dicts/ear.toml"),
    )
    .unwrap();
    // Relative paths are resolved against the config file's folder, not the current one.
    std::fs::write(
        root.path().join("techscan.toml"),
        "catalogue = \"2020\"\ndictionaries = [\"dicts/ear.toml\"]\nlang = \"zh\"\n",
    )
    .unwrap();
    contract(
        &templates,
        "a.txt",
        "2.1 Party A shall disclose to Party B its EUV lithography know-how and its speech synthesis know-how.",
    );
    let scan = |extra: &[&str]| {
        let out = techscan()
            .args(["scan", "--format", "json"])
            .args(extra)
            .arg(&templates)
            .output()
            .unwrap();
        json(&out)
    };
    let report = scan(&[]);
    assert!(
        report["catalogue"]["edition"]
            .as_str()
            .unwrap()
            .starts_with("2020 ")
    );
    let doc = &report["documents"][0];
    let items: Vec<&str> = doc["technology"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["item"].as_str().unwrap())
        .collect();
    assert_eq!(items, ["086501X", "us-ear-ccl:3E001"]);
    assert_eq!(doc["technology"][0]["name"], "信息处理技术 — 语音合成技术");
    assert_eq!(doc["technology"][0]["edition_code"], "056101X");
    let message = doc["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("限制出口技术"), "{message}");
    assert!(
        doc["findings"][0]["legal_basis"]
            .as_str()
            .unwrap()
            .starts_with("《中华人民共和国技术进出口管理条例》")
    );

    // Options win: --catalogue, --lang and --dictionary replace the config's values.
    let other = root.path().join("other.toml");
    std::fs::write(
        &other,
        "[[item]]\nid = \"x\"\nregime = \"demo\"\nstatus = \"restricted\"\nverification = \"unverified\"\nname_en = \"Demo\"\nkeywords_en = [\"speech synthesis\"]\n",
    )
    .unwrap();
    let report = scan(&[
        "--catalogue",
        "2008",
        "--lang",
        "en",
        "--dictionary",
        other.to_str().unwrap(),
    ]);
    let doc = &report["documents"][0];
    let items: Vec<&str> = doc["technology"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["item"].as_str().unwrap())
        .collect();
    assert_eq!(
        items,
        ["demo:uncoded:x"],
        "2008 has no speech synthesis point; EAR not loaded"
    );
    assert!(
        doc["findings"][0]["legal_basis"]
            .as_str()
            .unwrap()
            .starts_with("Regulations")
    );
}

#[test]
fn config_errors_name_the_file_and_line() {
    let root = tempfile::tempdir().unwrap();
    contract(root.path(), "a.txt", KNOW_HOW);
    for (text, line) in [
        ("fail_on = \"medium\"\n\ncatalog = \"2023\"\n", 3),
        ("lang = \"en\"\ncatalogue = \"2019\"\n", 2),
        ("as_of = \"yesterday\"\n", 1),
    ] {
        std::fs::write(root.path().join("techscan.toml"), text).unwrap();
        let out = techscan().arg("scan").arg(root.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{text}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains(&format!("techscan.toml:{line}: ")),
            "{text}: {err}"
        );
    }
    std::fs::write(
        root.path().join("techscan.toml"),
        "dictionaries = [\"missing.toml\"]\n",
    )
    .unwrap();
    let out = techscan().arg("scan").arg(root.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("missing.toml"), "{err}");
}
