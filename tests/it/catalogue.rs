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
