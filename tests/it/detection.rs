//! End-to-end detection through the CLI: every transfer kind of Art. 2 in English and in
//! Chinese, with its direction, and the two classic negatives (an NDA that defines
//! know-how, anti-assignment boilerplate) in both languages. Each case is a small
//! agreement written here so the clause text is visible in the test.

use crate::util::{json, techscan};

const EN_PARTIES: &str = "LICENCE AGREEMENT\n\nThis Agreement is made between:\n\n(1) Huaxin Example Technology Co., Ltd., a company incorporated under the laws of the People's Republic of China, with its registered office in Shanghai, China (\"Party A\"); and\n\n(2) Northwind Example Inc., a Delaware corporation with its principal office in New York, USA (\"Party B\").\n\n";

const ZH_PARTIES: &str = "技术合同\n\n甲方：华信示例科技有限公司\n住所：中华人民共和国上海市示例路1号\n\n乙方：NORTHWIND EXAMPLE INC.\n注册地：美国特拉华州\n\n";

/// (name, language, clause text, expected kind, expected outbound)
const CASES: &[(&str, &str, &str, &str, bool)] = &[
    (
        "en-assignment",
        "en",
        "2.1 Party A hereby assigns to Party B all right, title and interest in and to the Patents and the patent applications listed in Schedule 1.",
        "assignment",
        true,
    ),
    (
        "en-licence",
        "en",
        "2.1 Party B hereby grants to Party A a non-exclusive licence under the Licensed Patents to make and sell the Products in China.",
        "licence",
        false,
    ),
    (
        "en-grant-back",
        "en",
        "2.1 Party B grants Party A a licence under the Licensed Patents. 2.2 Party A shall grant back to Party B a royalty-free licence to all Improvements made by Party A to the licensed technology.",
        "grant-back",
        true,
    ),
    (
        "en-know-how",
        "en",
        "2.1 Party A shall disclose and deliver to Party B the Know-How, including all technical information, drawings and process specifications for the manufacturing process.",
        "know-how",
        true,
    ),
    (
        "en-technical-services",
        "en",
        "2.1 Party A shall provide technical services and training to Party B and shall dispatch engineers to Party B's plant to provide technical assistance.",
        "technical-services",
        true,
    ),
    (
        "en-jv-contribution",
        "en",
        "2.1 Party B shall contribute its proprietary technology as capital contribution to the registered capital of the Joint Venture Company to be established in Shanghai, China.",
        "jv-contribution",
        false,
    ),
    (
        "zh-assignment",
        "zh",
        "第二条 甲方同意将其拥有的专利权及专利申请权转让给乙方。",
        "assignment",
        true,
    ),
    (
        "zh-licence",
        "zh",
        "第二条 乙方许可甲方在中国境内使用其专利技术生产合同产品。",
        "licence",
        false,
    ),
    (
        "zh-grant-back",
        "zh",
        "第二条 乙方许可甲方使用其专利技术。第三条 甲方对合同技术的改进，应无偿提供给乙方使用。",
        "grant-back",
        true,
    ),
    (
        "zh-know-how",
        "zh",
        "第二条 甲方应向乙方提供技术秘密及全部技术资料。",
        "know-how",
        true,
    ),
    (
        "zh-technical-services",
        "zh",
        "第二条 甲方应派遣技术人员为乙方提供技术服务和技术培训。",
        "technical-services",
        true,
    ),
    (
        "zh-jv-contribution",
        "zh",
        "第二条 乙方以其专有技术作价出资，投入在中国上海设立的合营公司。",
        "jv-contribution",
        false,
    ),
];

fn scan(dir: &std::path::Path) -> serde_json::Value {
    let out = techscan()
        .args(["scan", "--quiet", "--format", "json"])
        .arg(dir)
        .output()
        .unwrap();
    json(&out)
}

#[test]
fn every_transfer_kind_is_found_with_its_direction_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    for (name, lang, clause, _, _) in CASES {
        let parties = if *lang == "en" {
            EN_PARTIES
        } else {
            ZH_PARTIES
        };
        std::fs::write(
            dir.path().join(format!("{name}.txt")),
            format!("{parties}{clause}\n"),
        )
        .unwrap();
    }
    let report = scan(dir.path());
    let mut failures = Vec::new();
    let docs = report["documents"].as_array().unwrap();
    for (name, lang, _, kind, outbound) in CASES {
        let doc = docs
            .iter()
            .find(|d| {
                d["path"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("/{name}.txt"))
            })
            .unwrap();
        let found: Vec<(&str, bool)> = doc["clauses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["kind"].as_str().unwrap(),
                    c["outbound"].as_bool().unwrap(),
                )
            })
            .collect();
        if doc["language"] != *lang {
            failures.push(format!("{name}: language {}", doc["language"]));
        }
        if !found.iter().any(|(k, o)| k == kind && o == outbound) {
            failures.push(format!(
                "{name}: want {kind} outbound={outbound}, got {found:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn negatives_find_no_transfer_in_either_language() {
    let cases = [
        (
            "en-nda",
            format!(
                "{EN_PARTIES}1.1 \"Confidential Information\" means all know-how, technical data, source code and trade secrets disclosed by a Party.\n\n3.1 No licence under any patent, copyright or other intellectual property right is granted by this Agreement.\n"
            ),
        ),
        (
            "en-anti-assignment",
            format!(
                "{EN_PARTIES}10.1 Neither Party may assign or transfer this Agreement or any of its rights or obligations under this Agreement without the prior written consent of the other Party.\n"
            ),
        ),
        (
            "zh-nda",
            format!(
                "{ZH_PARTIES}第一条 本协议所称保密信息，是指一方披露的技术秘密、专有技术、技术资料及源代码。\n\n第三条 本协议不授予任何一方任何专利或技术的许可。\n"
            ),
        ),
        (
            "zh-anti-assignment",
            format!(
                "{ZH_PARTIES}第十条 未经对方书面同意，任何一方不得将本合同项下的权利义务转让给第三方。\n"
            ),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in &cases {
        std::fs::write(dir.path().join(format!("{name}.txt")), text).unwrap();
    }
    let report = scan(dir.path());
    for doc in report["documents"].as_array().unwrap() {
        assert_eq!(
            doc["clauses"].as_array().unwrap().len(),
            0,
            "{}: {:?}",
            doc["path"],
            doc["clauses"]
        );
        assert_eq!(doc["risk"], "none", "{}", doc["path"]);
    }
}
