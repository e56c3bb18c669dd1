//! Catalogue editions on the command line (`--catalogue`, `--as-of`) and the
//! `techscan catalogue` subcommands.

use crate::util::{json, techscan};

const PREAMBLE: &str = "TECHNOLOGY TRANSFER AGREEMENT\n\n{DATE}Shanghai Huaxin Pharma Co., Ltd., a company established in Shanghai, China (\"Licensor\"), and Rhein Chemie GmbH, a company established in Germany (\"Licensee\").\n\n1. Licensor hereby transfers to Licensee its caffeine synthesis know-how and technical documentation.\n";

fn contract(dir: &std::path::Path, name: &str, date_line: &str) {
    std::fs::write(dir.join(name), PREAMBLE.replace("{DATE}", date_line)).unwrap();
}

#[test]
fn as_of_signing_checks_each_contract_against_its_own_edition() {
    let dir = tempfile::tempdir().unwrap();
    contract(
        dir.path(),
        "a-2019.txt",
        "This Agreement is dated as of March 14, 2019 between ",
    );
    contract(
        dir.path(),
        "b-2021.txt",
        "签订日期：2021年4月8日\n\nBetween ",
    );
    contract(dir.path(), "c-undated.txt", "Between ");
    let out = techscan()
        .args(["scan", "--format", "json", "--as-of", "signing"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report = json(&out);
    assert!(
        report["catalogue"]["edition"]
            .as_str()
            .unwrap()
            .contains("--as-of signing")
    );
    let docs = report["documents"].as_array().unwrap();
    let editions: Vec<&str> = docs
        .iter()
        .map(|d| d["catalogue_edition"].as_str().unwrap())
        .collect();
    assert_eq!(editions, ["2008", "2020", "2025"]);
    let items: Vec<usize> = docs
        .iter()
        .map(|d| d["technology"].as_array().unwrap().len())
        .collect();
    assert_eq!(
        items,
        [1, 0, 0],
        "caffeine (052701J) matches only under 2008"
    );
    assert_eq!(docs[0]["technology"][0]["item"], "052701J");
    let warning = docs[2]["warnings"][0].as_str().unwrap();
    assert!(
        warning.starts_with("no signing or effective date found"),
        "{warning}"
    );
}

#[test]
fn as_of_signing_reads_the_date_line_of_a_signature_block() {
    let dir = tempfile::tempdir().unwrap();
    let signed = |date: &str| {
        format!(
            "{}\nIN WITNESS WHEREOF the parties have signed this Agreement.\n\nBy: ____________\n\nName: Li Wei\n\nTitle: General Manager\n\n{date}\n",
            PREAMBLE.replace("{DATE}", "Between ")
        )
    };
    std::fs::write(
        dir.path().join("a-signed-2019.txt"),
        signed("12 March 2019"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b-signed-2021.txt"),
        signed("2021年3月12日"),
    )
    .unwrap();
    let out = techscan()
        .args(["scan", "--format", "json", "--as-of", "signing"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report = json(&out);
    let docs = report["documents"].as_array().unwrap();
    let editions: Vec<&str> = docs
        .iter()
        .map(|d| d["catalogue_edition"].as_str().unwrap())
        .collect();
    assert_eq!(editions, ["2008", "2020"]);
    assert_eq!(docs[0]["technology"][0]["item"], "052701J");
    assert!(docs[1]["technology"].as_array().unwrap().is_empty());
    for doc in docs {
        assert!(
            doc["warnings"].as_array().unwrap().is_empty(),
            "a date was found, so no fallback warning: {doc}"
        );
    }
}

#[test]
fn catalogue_and_as_of_select_the_edition_named_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    contract(dir.path(), "a.txt", "Between ");
    let cases: &[(&[&str], &str, usize)] = &[
        (
            &["--catalogue", "2008"],
            "2008 (MOFCOM–MOST Order 2008 No. 12",
            1,
        ),
        (
            &["--catalogue", "latest"],
            "2025 (MOFCOM–MOST Announcement 2025 No. 28",
            0,
        ),
        (&["--as-of", "2020-08-27"], "2008 (", 1),
        (
            &["--as-of", "2020-08-28"],
            "2020 (MOFCOM–MOST Announcement 2020 No. 38",
            0,
        ),
        (&[], "2025 (", 0),
    ];
    for (args, edition, matches) in cases {
        let out = techscan()
            .args(["scan", "--format", "json"])
            .args(*args)
            .arg(dir.path())
            .output()
            .unwrap();
        let report = json(&out);
        let got = report["catalogue"]["edition"].as_str().unwrap();
        assert!(got.starts_with(edition), "{args:?}: {got}");
        let doc = &report["documents"][0];
        assert_eq!(
            doc["technology"].as_array().unwrap().len(),
            *matches,
            "{args:?}"
        );
        assert_eq!(doc["catalogue_edition"].as_str(), Some(&got[..4]));
    }
}

#[test]
fn bad_editions_and_dates_exit_2() {
    for args in [
        &["--as-of", "2008-10-31"][..],
        &["--as-of", "2025-02-30"],
        &["--catalogue", "2019"],
        &["--catalogue", "2008", "--as-of", "2020-01-01"],
    ] {
        techscan()
            .arg("scan")
            .args(args)
            .arg("samples")
            .assert()
            .code(2);
    }
}

#[test]
fn catalogue_list_json_lists_every_entry_with_its_verification() {
    let out = techscan()
        .args(["catalogue", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc = json(&out);
    let items = doc["items"].as_array().unwrap();
    assert_eq!(items.len(), 75);
    assert!(items.iter().all(|i| {
        ["official", "secondary", "unverified"].contains(&i["verification"].as_str().unwrap())
    }));
    let out = techscan()
        .args(["catalogue", "list", "--edition", "2008"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("052701J") && !text.contains("252604X"),
        "{text}"
    );
}

#[test]
fn catalogue_show_search_and_diff() {
    let out = techscan()
        .args(["catalogue", "show", "252604X"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("电池正极材料制备技术") && text.contains("in force in   2025"));
    techscan()
        .args(["catalogue", "show", "999999X"])
        .assert()
        .code(2);

    let out = techscan()
        .args([
            "catalogue",
            "search",
            "licensed LiDAR and 語音合成 know-how",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("uncoded:lidar-system"), "{text}");

    let out = techscan()
        .args(["catalogue", "diff", "2023", "2025"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "added (1)",
        "252604X",
        "removed (3)",
        "085001J",
        "085001X",
        "085002X",
        "Announcement 2025 No. 28",
    ] {
        assert!(text.contains(want), "missing {want}:\n{text}");
    }
}

#[test]
fn catalogue_validate_reports_every_problem_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[[item]]\nid = \"x\"\nstatus = \"restricted\"\nverification = \"secondary\"\nname_en = \"X\"\nbogus = 1\n\n[[item]]\nid = \"y\"\nstatus = \"restricted\"\nverification = \"secondary\"\nname_en = \"Y\"\nkeywords_en = [\"LiDAR\"]\n",
    )
    .unwrap();
    let out = techscan()
        .args(["catalogue", "validate"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad.toml:6: unknown field `bogus`"), "{err}");
    assert!(
        err.contains("bad.toml:13:") && err.contains("also a keyword of item `lidar-system`"),
        "{err}"
    );

    let good = dir.path().join("good.toml");
    std::fs::write(
        &good,
        "[[item]]\nid = \"x\"\nstatus = \"restricted\"\nverification = \"secondary\"\nname_en = \"X\"\nkeywords_en = [\"widget forging\"]\n",
    )
    .unwrap();
    techscan()
        .args(["catalogue", "validate"])
        .arg(&good)
        .assert()
        .code(0);
}

#[test]
fn catalogue_import_turns_csv_into_valid_toml() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("table.csv");
    std::fs::write(
        &csv,
        "code,status,sector_zh,sector_en,name_zh,name_en,control_point,control_point_text_zh,control_point_text_en,keywords_zh,keywords_en\n\
         123401X,restricted,,,示例技术,Example technology,,,,示例,example widget\n\
         123401X,restricted,,,,,1,要点一,Point one,,widget forging\n",
    )
    .unwrap();
    let out = techscan()
        .args(["catalogue", "import"])
        .arg(&csv)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let toml = String::from_utf8(out.stdout).unwrap();
    assert!(toml.contains("code = \"123401X\"") && toml.contains("verification = \"unverified\""));
    let generated = dir.path().join("generated.toml");
    std::fs::write(&generated, toml).unwrap();
    techscan()
        .args(["catalogue", "validate"])
        .arg(&generated)
        .assert()
        .code(0);
}

#[test]
fn scan_with_a_user_dictionary_reports_its_regime() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("licence.txt"),
        "TECHNOLOGY LICENCE AGREEMENT\n\nBetween Shanghai Huaxin Semiconductor Co., Ltd., a company established in Shanghai, China (\"Licensor\"), and Silicon Valley Fab Inc., a company established in California, USA (\"Licensee\").\n\n1. Licensor hereby grants to Licensee a licence of its EUV lithography know-how.\n",
    )
    .unwrap();
    let out = techscan()
        .args(["scan", "--format", "json", "--dictionary"])
        .arg("dictionaries/examples/us-ear-ccl-example.toml")
        .arg(dir.path())
        .output()
        .unwrap();
    let report = json(&out);
    let tech = &report["documents"][0]["technology"][0];
    assert_eq!(tech["item"], "us-ear-ccl:3E001");
    assert!(tech["name"].as_str().unwrap().starts_with("[us-ear-ccl] "));
    assert_eq!(tech["verification"], "unverified");
    assert_eq!(
        report["documents"][0]["findings"][0]["item"],
        "us-ear-ccl:3E001"
    );

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[[item]]\nid = \"Bad Id\"\n").unwrap();
    let out = techscan()
        .args(["scan", "--dictionary"])
        .arg(&bad)
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad.toml:"), "{err}");
}

#[test]
fn an_imported_full_table_replaces_the_built_in_data() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("official.csv");
    std::fs::write(
        &csv,
        "code,status,sector_zh,sector_en,name_zh,name_en,control_point,control_point_text_zh,control_point_text_en,keywords_zh,keywords_en\n\
         086501X,restricted,,,信息处理技术,Information processing technology,,,,,speech synthesis\n",
    )
    .unwrap();
    let out = techscan()
        .args(["catalogue", "import", "--verification", "official"])
        .arg(&csv)
        .output()
        .unwrap();
    assert!(out.status.success());
    let toml = dir.path().join("official.toml");
    std::fs::write(&toml, out.stdout).unwrap();
    // With the built-in data, code and keyword clash; alone, the file is valid.
    let out = techscan()
        .args(["catalogue", "validate"])
        .arg(&toml)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("duplicate code `086501X`")
    );
    techscan()
        .args(["catalogue", "validate", "--no-builtin"])
        .arg(&toml)
        .assert()
        .code(0);

    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(
        docs.join("a.txt"),
        "Licensor, a company in Shanghai, China, hereby licenses to Licensee, a company in Germany, its speech synthesis and LiDAR know-how.\n",
    )
    .unwrap();
    let out = techscan()
        .args(["scan", "--format", "json", "--no-builtin", "--dictionary"])
        .arg(&toml)
        .arg(&docs)
        .output()
        .unwrap();
    let report = json(&out);
    let items: Vec<&str> = report["documents"][0]["technology"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["item"].as_str().unwrap())
        .collect();
    assert_eq!(items, ["086501X"], "LiDAR is not in the imported table");
    assert_eq!(
        report["documents"][0]["technology"][0]["verification"],
        "official"
    );
}

#[test]
fn the_2020_ai_points_match_from_2020_on_and_carry_the_old_code_056101x() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("grant-back.txt"),
        "LICENCE AGREEMENT\n\nShenzhen Echo Audio Co., Ltd., a company established in Shenzhen, China (\"Licensee\"), and Zyphora Akustik GmbH, a company established in Germany (\"Licensor\").\n\n4.2 The Licensee hereby grants to the Licensor a worldwide, royalty-free licence to use every improvement to its far-field speech recognition technology.\n",
    )
    .unwrap();
    let scan = |edition: &str| {
        let out = techscan()
            .args(["scan", "--format", "json", "--catalogue", edition])
            .arg(dir.path())
            .output()
            .unwrap();
        json(&out)["documents"][0].clone()
    };
    let doc_2008 = scan("2008");
    assert!(
        doc_2008["technology"].as_array().unwrap().is_empty(),
        "control point 18 came with the 2020 amendment: {doc_2008}"
    );
    let doc_2020 = scan("2020");
    let tech = &doc_2020["technology"][0];
    assert_eq!(tech["item"], "086501X");
    assert_eq!(tech["control_point"], 18);
    assert_eq!(tech["edition_code"], "056101X");
    let finding = &doc_2020["findings"][0];
    assert_eq!(finding["rule"], "TS201");
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("086501X, numbered 056101X in the edition applied, control point 18"),
        "{finding}"
    );
    let doc_2025 = scan("2025");
    assert_eq!(doc_2025["technology"][0]["item"], "086501X");
    assert!(doc_2025["technology"][0].get("edition_code").is_none());

    let out = techscan()
        .args(["catalogue", "show", "056101X"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("086501X  Information processing technology"),
        "{text}"
    );
    assert!(
        text.contains("former code   056101X (2008 numbering, in the editions before 2023-12-21)")
    );
    assert!(text.contains("history: 2020-08-28 added by Announcement 2020 No. 38"));
}

#[test]
fn catalogue_show_lists_thresholds_with_their_verification() {
    let out = techscan()
        .args(["catalogue", "show", "252604X"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("threshold: powder compaction density >= 2.58 g/cm3 (at 220 MPa) — official"),
        "{text}"
    );
    assert!(text.contains("threshold: mean discharge voltage >= 3.85 V — secondary"));
    let out = techscan()
        .args(["catalogue", "show", "lidar-system"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("threshold     laser power (value not confirmed) — unverified — confirm against the official catalogue (source: "),
        "{text}"
    );
}

/// `catalogue list` is a table: a header, a rule, and every column starting at the same place
/// in every row however long the codes are.
#[test]
fn catalogue_list_is_a_table_with_a_header() {
    let out = techscan().args(["catalogue", "list"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("CODE "), "{text}");
    assert!(lines[1].starts_with("----"), "{text}");
    let status_at = lines[0].find("STATUS").unwrap();
    let name_at = lines[0].find("NAME").unwrap();
    let rows = &lines[2..lines.len() - 1];
    assert!(rows.len() > 50);
    for row in rows {
        let chars: Vec<char> = row.chars().collect();
        assert_eq!(chars[status_at - 1], ' ', "{row}");
        assert_ne!(chars[status_at], ' ', "{row}");
        assert_eq!(chars[name_at - 1], ' ', "{row}");
        assert_ne!(chars[name_at], ' ', "{row}");
    }
}
