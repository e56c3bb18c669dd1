//! End-to-end tests of the analysis stage: documents built in code, and (when the shared
//! corpus is present) a document-level precision/recall table over the real contracts.

use super::*;
use crate::model::{Block, ClauseKind, Direction, ExportFlow, Extracted, Region};

fn doc(paragraphs: &[&str]) -> Extracted {
    Extracted {
        ocr: Vec::new(),
        pages: None,
        blocks: paragraphs
            .iter()
            .enumerate()
            .map(|(i, t)| Block {
                text: (*t).to_owned(),
                paragraph: i as u32 + 1,
                ..Block::default()
            })
            .collect(),
        warnings: Vec::new(),
    }
}

fn analyze(paragraphs: &[&str]) -> Analysis {
    Analyzer::builtin().unwrap().analyze(&doc(paragraphs))
}

fn kinds(a: &Analysis) -> Vec<(ClauseKind, Direction)> {
    let mut v: Vec<_> = a.clauses.iter().map(|c| (c.kind, c.direction)).collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn grant_back_in_inbound_licence_is_outbound() {
    let a = analyze(&[
        "This Licence Agreement is made between Acme GmbH, a German company (the \"Licensor\"), and Shanghai Huaxin Technology Co., Ltd., a company organized under the laws of the People's Republic of China (the \"Licensee\").",
        "3. Licence",
        "3.1 Licensor hereby grants to Licensee a non-exclusive licence under the Licensed Patents and the Know-How.",
        "3.2 Licensee shall grant back to Licensor a royalty-free licence to all Improvements made by Licensee.",
    ]);
    assert_eq!(a.parties.len(), 2, "{:?}", a.parties);
    assert_eq!(
        a.export_flow,
        ExportFlow::Outbound,
        "{}",
        a.export_flow_reason
    );
    let gb = a
        .clauses
        .iter()
        .find(|c| c.kind == ClauseKind::GrantBack)
        .unwrap();
    assert_eq!(gb.location.section.as_deref(), Some("3.2"));
    assert!(gb.outbound);
    assert_eq!(
        gb.giver.as_deref(),
        Some("Shanghai Huaxin Technology Co., Ltd.")
    );
    assert!(
        a.export_flow_reason.starts_with("clause 3.2: "),
        "{}",
        a.export_flow_reason
    );
    let lic = a
        .clauses
        .iter()
        .find(|c| c.kind == ClauseKind::Licence)
        .unwrap();
    assert_eq!(lic.direction, Direction::Inbound);
}

#[test]
fn a_licence_back_by_the_licensee_is_a_grant_back_whatever_it_covers() {
    let a = analyze(&[
        "This Licence Agreement is made between Acme GmbH, a German company (the \"Licensor\"), and Shanghai Huaxin Technology Co., Ltd., a company organized under the laws of the People's Republic of China (the \"Licensee\").",
        "3.1 Licensor hereby grants to Licensee a non-exclusive licence under the Licensed Patents.",
        "3.4 Licensee hereby grants to Licensor a royalty-free, worldwide licence under the Licensee Patents to make and sell Products.",
    ]);
    let gb = a
        .clauses
        .iter()
        .find(|c| c.kind == ClauseKind::GrantBack)
        .unwrap();
    assert_eq!(gb.location.section.as_deref(), Some("3.4"), "{gb:?}");
    assert!(gb.outbound, "{gb:?}");
    assert!(gb.rules.iter().any(|r| r == super::LICENCE_BACK), "{gb:?}");
    assert_eq!(a.export_flow, ExportFlow::Outbound);
    // The main licence itself is no licence-back.
    assert_eq!(
        a.clauses
            .iter()
            .filter(|c| c.kind == ClauseKind::GrantBack)
            .count(),
        1,
        "{:?}",
        a.clauses
    );
}

#[test]
fn chinese_grant_back_by_mainland_licensee_is_outbound() {
    let a = analyze(&[
        "技术许可合同",
        "甲方：Acme GmbH",
        "住所：德国慕尼黑",
        "乙方：上海某某有限公司",
        "住所：上海市徐汇区",
        "第一条 甲方许可乙方在中国境内使用合同技术生产合同产品。",
        "第二条 乙方对合同技术的后续改进应及时提供给甲方。",
    ]);
    assert_eq!(a.language, "zh");
    assert_eq!(
        a.export_flow,
        ExportFlow::Outbound,
        "{} {:?}",
        a.export_flow_reason,
        a.clauses
    );
    let gb = a
        .clauses
        .iter()
        .find(|c| c.kind == ClauseKind::GrantBack)
        .unwrap();
    assert_eq!(gb.location.section.as_deref(), Some("第二条"));
    assert_eq!(gb.giver.as_deref(), Some("上海某某有限公司"));
}

#[test]
fn improvements_passed_forward_by_the_licensor_are_not_grant_back() {
    let a = analyze(&[
        "甲方：北京某某有限公司",
        "乙方：上海某某有限公司",
        "一、甲方将合同技术转让给乙方，乙方使用该项技术生产产品。",
        "二、甲方在合同执行期间对转让给乙方的技术如有后续改进，应及时提供给乙方。",
    ]);
    assert!(
        !a.clauses.iter().any(|c| c.kind == ClauseKind::GrantBack),
        "{:?}",
        a.clauses
    );
    assert_eq!(
        a.export_flow,
        ExportFlow::Domestic,
        "{}",
        a.export_flow_reason
    );
}

#[test]
fn technical_services_by_chinese_firm_for_foreign_client_is_outbound() {
    let a = analyze(&[
        "This Service Agreement is entered into by and between PC Financial Services Private Limited, a India company (\"PC Financial\"), and Mobimagic Co., Ltd., a company incorporated under the laws of the People's Republic of China (\"Mobimagic\").",
        "2.1 Mobimagic shall provide technical support and engineering services to PC Financial for the App.",
    ]);
    assert_eq!(
        a.export_flow,
        ExportFlow::Outbound,
        "{} {:?} {:?}",
        a.export_flow_reason,
        a.parties,
        a.clauses
    );
    assert_eq!(
        kinds(&a),
        vec![(ClauseKind::TechnicalServices, Direction::Outbound)]
    );
}

#[test]
fn jv_capital_contribution_in_kind_is_detected() {
    let a = analyze(&[
        "中外合资经营企业合同",
        "甲方：中国某某有限公司",
        "乙方：Acme AG",
        "第九条 乙方以专有技术作价出资，作为对合营公司的投资。",
    ]);
    let jv = a
        .clauses
        .iter()
        .find(|c| c.kind == ClauseKind::JvContribution)
        .unwrap();
    assert_eq!(jv.giver.as_deref(), Some("Acme AG"), "{:?}", a.parties);
    assert_eq!(jv.direction, Direction::Inbound, "{:?}", a.parties);
    assert_eq!(a.export_flow, ExportFlow::InboundOnly);

    let en = analyze(&[
        "This Agreement is made between Acme Inc., a Delaware corporation (\"Acme\"), and Beijing Hua Co., Ltd., a company organized under the laws of the PRC (\"Hua\").",
        "4.1 Hua shall contribute its patented technology to the Joint Venture Company as a capital contribution in kind; the joint venture company shall be established in Beijing, China.",
    ]);
    let jv = en
        .clauses
        .iter()
        .find(|c| c.kind == ClauseKind::JvContribution)
        .unwrap();
    assert_eq!(jv.direction, Direction::Domestic, "{jv:?}");
}

#[test]
fn hong_kong_party_is_not_mainland() {
    let a = analyze(&[
        "This Agreement is made between VGrab Asia Ltd. (hereinafter called as the \"VAL\"), located at 397 Hennessy Road, Hong Kong, and Shenzhen Dev Co., Ltd., a company registered in Shenzhen, China (\"Developer\").",
        "2. Developer shall provide development services and shall deliver the source code to VAL.",
        "3. All results and source code created by Developer shall be owned by VAL.",
    ]);
    assert_eq!(a.parties[0].region, Region::HongKong, "{:?}", a.parties);
    assert_eq!(a.parties[1].region, Region::Mainland);
    assert_eq!(
        a.export_flow,
        ExportFlow::Outbound,
        "{}",
        a.export_flow_reason
    );
    assert!(
        a.clauses
            .iter()
            .any(|c| c.kind == ClauseKind::Assignment && c.outbound),
        "{:?}",
        a.clauses
    );
}

#[test]
fn anti_assignment_boilerplate_is_not_assignment() {
    let a = analyze(&[
        "9.8 Neither Party may assign its rights or delegate any obligations under this Agreement without the prior written consent of the other Party.",
        "未经对方书面同意，任何一方不得将本合同项下的权利义务转让给第三方。",
    ]);
    assert!(a.clauses.is_empty(), "{:?}", a.clauses);
}

#[test]
fn nda_defining_know_how_grants_nothing() {
    let a = analyze(&[
        "MUTUAL NON-DISCLOSURE AGREEMENT",
        "1. \"Confidential Information\" means any information disclosed by a party, including know-how, technical data, software and inventions.",
        "2. The Recipient shall not disclose Confidential Information and may use it solely to evaluate the Purpose.",
        "3. No license is granted to any patent, know-how or other intellectual property.",
    ]);
    assert!(a.clauses.is_empty(), "{:?}", a.clauses);
}

#[test]
fn trademark_only_licence_is_not_technology_licence() {
    let a = analyze(&[
        "2.1 Licensor hereby grants to Licensee a non-exclusive license to use the Licensed Marks, trade names and logos in connection with its technology business.",
    ]);
    assert!(a.clauses.is_empty(), "{:?}", a.clauses);
}

#[test]
fn business_licence_营业执照_is_not_licence() {
    let a = analyze(&["第三条 乙方应向甲方提供营业执照及技术服务资质许可使用证明。"]);
    assert!(
        !a.clauses.iter().any(|c| c.kind == ClauseKind::Licence),
        "{:?}",
        a.clauses
    );
}

#[test]
fn definitions_used_by_clauses_join_the_transfer_context() {
    let a = analyze(&[
        "1.1 \"Licensed Technology\" means speech synthesis software and related know-how.",
        "1.2 \"Territory\" means the world.",
        "2.1 Licensor hereby grants to Licensee a licence to use the Licensed Technology in the Territory.",
    ]);
    let lic = a
        .clauses
        .iter()
        .find(|c| c.kind == ClauseKind::Licence)
        .unwrap();
    assert_eq!(
        lic.defined_terms,
        vec!["Licensed Technology".to_owned(), "Territory".to_owned()]
    );
    assert_eq!(a.transfer_context, [0, 1, 2].into_iter().collect());
    assert_eq!(a.definitions.get("Licensed Technology"), Some(&0));
}

#[test]
fn clause_evidence_names_rule_ids() {
    let a = analyze(&["3.1 Licensor hereby grants to Licensee a licence under the Patents."]);
    assert!(
        a.clauses[0]
            .rules
            .contains(&"en.licence.hereby-grants".to_owned())
    );
    assert!(a.clauses[0].confidence > 0.0 && a.clauses[0].confidence <= 1.0);
}

#[test]
fn without_clauses_the_parties_decide_the_flow() {
    let a = analyze(&[
        "This Supply Agreement is made between Acme Inc., a Delaware corporation, and Beta LLC, a Texas limited liability company.",
        "1. Beta shall buy widgets.",
    ]);
    assert_eq!(
        a.export_flow,
        ExportFlow::NoMainland,
        "{} {:?}",
        a.export_flow_reason,
        a.parties
    );
}

// ---------------------------------------------------------------------------------------
// Corpus evaluation.

/// The corpus folder `build.rs` probed (cfg `has_corpus`).
const CORPUS: &str = env!("TECHSCAN_TEST_CORPUS");

#[derive(Default)]
struct Tally {
    tp: usize,
    fp: usize,
    fn_: usize,
}

#[test]
#[allow(clippy::print_stdout)]
#[cfg_attr(not(has_corpus), ignore = "../shared/corpus absent")]
fn corpus_document_precision_and_recall() {
    let root = std::path::Path::new(CORPUS);
    let labels = std::fs::read_to_string(root.join("labels.tsv")).expect("corpus labels.tsv");
    let analyzer = Analyzer::builtin().unwrap();
    let mut lines = labels.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (c_dir, c_types, c_flow) = (
        col("contract_dir"),
        col("transfer_types"),
        col("export_flow"),
    );
    let mut tallies: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let (mut docs, mut flow_ok) = (0usize, 0usize);
    let mut rows = Vec::new();
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        let dir = root.join(f[c_dir]);
        let Some(txt) = std::fs::read_dir(&dir).ok().and_then(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|x| x == "txt"))
        }) else {
            continue;
        };
        let bytes = std::fs::read(&txt).unwrap();
        let extracted = crate::extract::text::extract(&bytes).unwrap();
        let a = analyzer.analyze(&extracted);
        docs += 1;
        let labelled: BTreeSet<&str> = f[c_types].split(';').filter(|k| *k != "none").collect();
        let predicted: BTreeSet<&str> = a.clauses.iter().map(|c| c.kind.as_str()).collect();
        for kind in ClauseKind::ALL {
            let k = kind.as_str();
            let t = tallies.entry(k).or_default();
            match (predicted.contains(k), labelled.contains(k)) {
                (true, true) => t.tp += 1,
                (true, false) => t.fp += 1,
                (false, true) => t.fn_ += 1,
                (false, false) => {}
            }
        }
        let ok = a.export_flow.as_str() == f[c_flow];
        flow_ok += usize::from(ok);
        rows.push(format!(
            "{} {:<55} want {:<12} got {:<12} {}",
            if ok { " " } else { "x" },
            f[c_dir].rsplit('/').next().unwrap_or(""),
            f[c_flow],
            a.export_flow.as_str(),
            a.export_flow_reason
        ));
    }
    println!("corpus: {docs} documents");
    println!(
        "{:<20} {:>4} {:>4} {:>4} {:>9} {:>7}",
        "kind", "tp", "fp", "fn", "precision", "recall"
    );
    let mut micro = Tally::default();
    for (k, t) in &tallies {
        let p = t.tp as f64 / (t.tp + t.fp).max(1) as f64;
        let r = t.tp as f64 / (t.tp + t.fn_).max(1) as f64;
        println!(
            "{k:<20} {:>4} {:>4} {:>4} {p:>9.2} {r:>7.2}",
            t.tp, t.fp, t.fn_
        );
        micro.tp += t.tp;
        micro.fp += t.fp;
        micro.fn_ += t.fn_;
    }
    let p = micro.tp as f64 / (micro.tp + micro.fp).max(1) as f64;
    let r = micro.tp as f64 / (micro.tp + micro.fn_).max(1) as f64;
    let acc = flow_ok as f64 / docs.max(1) as f64;
    println!(
        "{:<20} {:>4} {:>4} {:>4} {p:>9.2} {r:>7.2}",
        "all (micro)", micro.tp, micro.fp, micro.fn_
    );
    println!("export_flow accuracy: {flow_ok}/{docs} = {acc:.2}");
    for row in rows {
        println!("{row}");
    }
    assert!(docs >= 40, "only {docs} corpus documents read");
    assert!(
        p >= 0.5 && r >= 0.5,
        "micro precision {p:.2} / recall {r:.2} below the floor"
    );
    assert!(acc >= 0.3, "export_flow accuracy {acc:.2} below the floor");
}

#[test]
fn unresolved_clause_in_an_agreement_that_never_names_china_is_no_mainland() {
    let a = analyze(&[
        "LICENSE AGREEMENT",
        "2.1 The Company hereby grants a non-exclusive license under the Patents to make the Products.",
    ]);
    assert_eq!(kinds(&a), [(ClauseKind::Licence, Direction::NoMainland)]);
    let b = analyze(&[
        "LICENSE AGREEMENT",
        "The Purchaser is established in Shanghai.",
        "2.1 The Company hereby grants a non-exclusive license under the Patents to make the Products.",
    ]);
    assert_eq!(kinds(&b), [(ClauseKind::Licence, Direction::Unclear)]);
}

#[test]
fn a_defined_term_counts_as_an_object_only_by_what_it_is() {
    // "Products" mentions drawings only as a detail: delivering Products is no know-how.
    let supply = analyze(&[
        "This Supply Agreement is made between Ningbo Example Motor Co., Ltd., a company organized under the laws of the People's Republic of China (\"Seller\"), and Northmere Appliances Limited, a company incorporated in England (\"Buyer\").",
        "1.1 \"Products\" means the electric motors manufactured by Seller in accordance with the specifications and drawings agreed by the parties from time to time.",
        "5.1 Seller shall deliver the Products FOB Ningbo within forty-five days after acceptance of the Order.",
    ]);
    assert!(
        !supply.clauses.iter().any(|c| c.kind == ClauseKind::KnowHow),
        "{:?}",
        supply.clauses
    );
    // "Background Information" *is* technical information: making it available is.
    let know_how = analyze(&[
        "This Agreement is made between Ningbo Example Motor Co., Ltd., a company organized under the laws of the People's Republic of China, and Northmere Appliances Limited, a company incorporated in England.",
        "1.1 \"Background Information\" means technical information, know-how and data owned by a party before the Effective Date.",
        "4.2 Ningbo Example Motor Co., Ltd. will make available its Background Information to Northmere Appliances Limited.",
    ]);
    let c = know_how
        .clauses
        .iter()
        .find(|c| c.kind == ClauseKind::KnowHow)
        .unwrap();
    assert_eq!(c.direction, Direction::Outbound);
}

#[test]
fn an_operative_word_inside_a_defined_name_is_not_an_act() {
    let a = analyze(&[
        "转让方(甲方):北京示例科技有限公司 住所:中华人民共和国北京市",
        "受让方(乙方):SAMPLE VOICE PTE. LTD. 住所:新加坡",
        "1.4 “转让标的”:指本专利的专利权和本专利申请的专利申请权。",
        "5.1 甲方保证其是转让标的的合法权利人,转让标的不存在质押、查封或其他权利负担。",
    ]);
    assert!(
        !a.clauses
            .iter()
            .any(|c| c.location.section.as_deref() == Some("5.1")),
        "{:?}",
        a.clauses
    );
}

#[test]
fn technology_for_a_sino_foreign_joint_venture_flows_in_from_the_foreign_party() {
    let a = analyze(&[
        "设立中外合资经营企业合同",
        "本合同以＿＿＿＿＿（以下简称甲方）为一方，以＿＿＿＿＿（以下简称乙方）为另一方，根据《中华人民共和国中外合资经营企业法》的规定签订本合同。",
        "合营公司的名称为＿＿＿＿＿有限公司（以下简称合营公司）。",
        "第七条 乙方应将所有的技术资料提供给合营公司。",
        "第八条 根据合营公司的要求，乙方应派遣技术人员到合营公司进行技术指导。",
    ]);
    let roles: Vec<(Option<&str>, Region)> = a
        .parties
        .iter()
        .map(|p| (p.role.as_deref(), p.region))
        .collect();
    assert!(
        roles.contains(&(Some("甲方"), Region::Mainland)),
        "{roles:?}"
    );
    assert!(
        roles.contains(&(Some("乙方"), Region::Foreign)),
        "{roles:?}"
    );
    assert_eq!(
        a.export_flow,
        ExportFlow::InboundOnly,
        "{}",
        a.export_flow_reason
    );
    // The joint venture (`＿＿有限公司（以下简称合营公司）`) receives; 甲方 is not involved.
    for c in &a.clauses {
        assert_eq!(c.giver.as_deref(), Some("乙方"), "{c:?}");
        assert_eq!(c.direction, Direction::Inbound, "{c:?}");
    }
}

#[test]
fn parties_are_read_after_a_table_of_contents() {
    let mut paragraphs = vec!["技术转让合同", "目录"];
    paragraphs.extend(
        [
            "（１）总则",
            "（２）资本",
            "（３）技术转让",
            "（４）保密",
            "（５）争议",
            "（６）生效",
        ]
        .iter()
        .copied(),
    );
    paragraphs.extend(std::iter::repeat_n("本页空白。", 16).chain([
        "转让方(甲方):北京示例科技有限公司 住所:中华人民共和国北京市",
        "受让方(乙方):SAMPLE VOICE PTE. LTD. 住所:新加坡",
    ]));
    let a = analyze(&paragraphs);
    let names: Vec<&str> = a.parties.iter().map(|p| p.name.as_str()).collect();
    assert!(names.contains(&"北京示例科技有限公司"), "{names:?}");
}

#[test]
fn bilingual_versions_of_one_clause_are_one_clause_and_a_grant_back_in_one_version_is_reported() {
    let a = analyze(&[
        "This Licence Agreement is made between Acme GmbH, a company incorporated in Germany (the \"Licensor\"), and Shanghai Huaxin Technology Co., Ltd., a company organized under the laws of the People's Republic of China (the \"Licensee\").",
        "本许可协议由Acme GmbH(德国公司,“许可方”)与上海华新科技有限公司(中华人民共和国公司,“被许可方”)签订。",
        "1. Licence",
        "第一条 许可",
        "1.1 Licensor hereby grants to Licensee a non-exclusive licence under the Licensed Patents.",
        "1.1 许可方特此授予被许可方在许可专利项下的非独占许可。",
        "2. Improvements",
        "第二条 改进",
        "2.1 Each party shall keep its own improvements confidential.",
        "2.1 被许可方应将其对许可技术所作的全部改进无偿提供给许可方使用。",
        "3. Term",
        "第三条 期限",
        "3.1 This Agreement runs for five years from the Effective Date.",
        "3.1 本协议自生效日起有效期五年。",
    ]);
    let licences: Vec<&Clause> = a
        .clauses
        .iter()
        .filter(|c| {
            c.kind == ClauseKind::Licence
                && c.location
                    .section
                    .as_deref()
                    .is_some_and(|s| s.ends_with("1.1"))
        })
        .collect();
    assert_eq!(licences.len(), 1, "{licences:#?}");
    let parallel = licences[0].parallel.as_ref().unwrap();
    assert!(parallel.text.contains("许可方特此授予"), "{parallel:?}");
    assert!(
        a.warnings
            .iter()
            .any(|w| w.contains("grant-back found only in the Chinese text")),
        "{:?}",
        a.warnings
    );
}

#[test]
fn a_monolingual_contract_has_no_language_warnings() {
    let a = analyze(&[
        "This Licence Agreement is made between Acme GmbH, a company incorporated in Germany (the \"Licensor\"), and Shanghai Huaxin Technology Co., Ltd., a company organized under the laws of the People's Republic of China (the \"Licensee\").",
        "1.1 Licensor hereby grants to Licensee a non-exclusive licence under the Licensed Patents.",
        "2.1 Licensee shall grant back to Licensor a licence to all Improvements.",
    ]);
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    assert!(a.clauses.iter().all(|c| c.parallel.is_none()));
}

#[test]
fn who_owns_what_it_made_receives_nothing() {
    let a = analyze(&[
        "委托方：北京甲科技有限公司（以下简称委托方）",
        "服务方：上海乙技术有限公司（以下简称服务方）",
        "第十二条 服务方利用委托方提供的技术资料和工作条件所完成的新的技术成果，属于服务方；委托方利用服务方的工作成果所完成的新技术成果，属于委托方。",
    ]);
    assert_no(&a, ClauseKind::Assignment);
    // Made by one party, owned by the other: that is a transfer.
    let a = analyze(&[
        "委托方：北京甲科技有限公司（以下简称委托方）",
        "服务方：上海乙技术有限公司（以下简称服务方）",
        "第十二条 服务方利用委托方提供的技术资料所完成的技术成果，归委托方所有。",
    ]);
    let c = a
        .clauses
        .iter()
        .find(|c| c.kind == ClauseKind::Assignment)
        .unwrap();
    assert_eq!(c.giver.as_deref(), Some("上海乙技术有限公司"), "{c:?}");
    assert_eq!(c.receiver.as_deref(), Some("北京甲科技有限公司"), "{c:?}");
}

#[test]
fn ownership_allocated_to_a_blank_is_no_assignment() {
    let a = analyze(&[
        "委托方：北京甲科技有限公司（以下简称甲方）",
        "研究开发方：上海乙技术有限公司（以下简称乙方）",
        "八、履行本合同所完成的研究开发成果的专利权归_____方所有。",
    ]);
    assert_no(&a, ClauseKind::Assignment);
}

#[test]
fn a_term_defined_as_an_act_is_no_technology() {
    let a = analyze(&[
        "This Agreement is made between Alpha Ltd, a company incorporated in England (\"Alpha\"), and Beta Inc., a Delaware corporation (\"Beta\").",
        "\"USE\" means to load, execute, store, process information or display the Software.",
        "5.1 Beta shall pay Alpha a fee for each USE provided to its customers.",
    ]);
    assert_no(&a, ClauseKind::KnowHow);
}

#[test]
fn an_owner_of_what_the_other_party_creates_receives_it() {
    let parties = [
        "Party A: Alpha Technology (ShenZhen) Co., Ltd., a wholly foreign-owned enterprise incorporated under the laws of the PRC",
        "Party B: Beta Software Inc., a Delaware corporation",
    ];
    let a = analyze(&[
        parties[0],
        parties[1],
        "1.1 Party A hereby grants to Party B a non-exclusive license to use the software in the PRC.",
        "1.2 Party A owns the sole and exclusive right of the software, including any improvement, upgrades and derived products, no matter whether such products are created by Party A or Party B.",
    ]);
    for kind in [ClauseKind::Assignment, ClauseKind::GrantBack] {
        let c = a.clauses.iter().find(|c| c.kind == kind).unwrap();
        assert_eq!(c.giver.as_deref(), Some("Beta Software Inc."), "{c:?}");
        assert_eq!(
            c.receiver.as_deref(),
            Some("Alpha Technology (ShenZhen) Co., Ltd."),
            "{c:?}"
        );
    }
    // Keeping what it already had moves nothing.
    let a = analyze(&[
        parties[0],
        parties[1],
        "1.2 Party A shall remain the sole and exclusive owner of all software and improvements that exist as of the Effective Date.",
    ]);
    assert_no(&a, ClauseKind::Assignment);
    assert_no(&a, ClauseKind::GrantBack);
}

#[test]
fn an_assignment_qualified_to_the_extent_assignable_is_an_assignment() {
    let a = analyze(&[
        "(v) Green Cross shall assign and promptly transfer to MacroGenics all of Green Cross' right, title and interest in and to all regulatory filings and clinical trial agreements (to the extent assignable and not cancelled) and all clinical data.",
    ]);
    assert!(
        a.clauses.iter().any(|c| c.kind == ClauseKind::Assignment),
        "{:?}",
        a.clauses
    );
}

#[test]
fn a_reference_to_a_licence_granted_elsewhere_stands_in_only_for_a_missing_grant() {
    let reference = "2.7 The Company shall indemnify the Supplier for products manufactured by or on behalf of the Company under the license granted in this Section 2.6.";
    let a = analyze(&["2.6 [***] shall [***] to the Company.", reference]);
    let c = a
        .clauses
        .iter()
        .find(|c| c.kind == ClauseKind::Licence)
        .unwrap();
    assert_eq!((c.giver.as_deref(), c.receiver.as_deref()), (None, None));
    let a = analyze(&[
        "2.6 The Supplier hereby grants to the Company a non-exclusive license under its patents to manufacture the products.",
        reference,
    ]);
    let licences: Vec<_> = a
        .clauses
        .iter()
        .filter(|c| c.kind == ClauseKind::Licence)
        .collect();
    assert_eq!(licences.len(), 1, "{licences:?}");
    assert!(licences[0].text.contains("hereby grants"), "{licences:?}");
}

#[test]
fn a_lead_in_takes_its_object_from_the_list_after_it() {
    let a = analyze(&[
        "甲方：北京甲科技有限公司",
        "乙方：上海乙技术有限公司",
        "四、标的技术的内容、形式：",
        "提交开发成果可采取下列形式：",
        "1.产品设计、工艺规程、材料配方和其他图纸、论文、报告等技术文件；",
        "2.磁盘、磁带、计算机软件；",
    ]);
    let c = a
        .clauses
        .iter()
        .find(|c| c.kind == ClauseKind::KnowHow)
        .unwrap();
    // The quote shows the lead-in and the item that names the object.
    assert!(
        c.text.starts_with("提交开发成果可采取下列形式") && c.text.contains("技术文件"),
        "{c:?}"
    );
    // A colon that announces no list (a template heading with a blank) takes nothing.
    let a = analyze(&[
        "二、实施许可的范围、期限和方式：",
        "三、技术情报和资料的交付：",
        "1.技术文件；",
    ]);
    assert_no(&a, ClauseKind::Licence);
    // Nor does a payment schedule whose lead-in merely mentions the transfer it pays for.
    let a = analyze(&[
        "3.1 In consideration for providing the technology transfer contemplated herein, the Company shall pay the Supplier, which shall be paid as follows:",
        "a) Detailed design drawings of the pilot plant;",
    ]);
    assert_no(&a, ClauseKind::KnowHow);
}

#[test]
fn acknowledged_ownership_is_no_transfer_but_executed_patent_assignments_are() {
    let a = analyze(&[
        "5.01 The Party receiving the license hereunder acknowledges and agrees that the Party granting the license is the sole and exclusive owner of the Intellectual Property Rights so licensed.",
        "1.4 CC-Pharming hereby expressly acknowledges the validity and highly confidential and proprietary nature of iBio's Technology and technical information.",
    ]);
    assert!(a.clauses.is_empty(), "{:?}", a.clauses);
    let a = analyze(&[
        "2.01 The Parties shall execute intellectual property assignments in a form substantially similar to Exhibit A1 (the \"Patent Assignment Agreement\") and Exhibit A2 (the \"Trademark Assignment Agreement\").",
    ]);
    assert!(
        a.clauses.iter().any(|c| c.kind == ClauseKind::Assignment),
        "{:?}",
        a.clauses
    );
}

#[test]
fn a_chinese_definition_is_what_its_head_noun_says() {
    // 合同产品 is a product made with the know-how, not know-how.
    let a = analyze(&[
        "合同产品系指受方根据本合同使用供方所转让的专有技术制造和销售的产品。",
        "3.4 受让方应向出让方提交上一年度合同产品的销售数量和净销售额。",
    ]);
    assert!(
        a.clauses
            .iter()
            .all(|c| c.location.section.as_deref() != Some("3.4")),
        "{:?}",
        a.clauses
    );
    // An enumerating definition keeps its list: 技术 includes 专有技术.
    let a = analyze(&[
        "“技术”是指甲方的专利，专有技术，版权，以及制造合同产品所需的技术资料。",
        "5.1 甲方应向合营公司提供技术。",
    ]);
    assert!(
        a.clauses
            .iter()
            .any(|c| c.kind == ClauseKind::KnowHow && c.location.section.as_deref() == Some("5.1")),
        "{:?}",
        a.clauses
    );
}

#[test]
fn the_operative_nearest_the_object_decides_the_giver() {
    let a = analyze(&[
        "This Agreement is made between Alpha Ltd, a company incorporated in England (\"Alpha\"), and Beta Inc., a Delaware corporation (\"Beta\").",
        "8.02 To the extent not already granted pursuant to the License Agreement, Alpha grants Beta a worldwide, non-exclusive license to practice the Alpha Patents.",
    ]);
    let c = a
        .clauses
        .iter()
        .find(|c| c.kind == ClauseKind::Licence)
        .unwrap();
    assert_eq!(c.giver.as_deref(), Some("Alpha Ltd"), "{c:?}");
}

#[test]
fn chinese_logistics_costs_hosting_and_tests_around_a_transfer_transfer_nothing() {
    for text in [
        "5.7 交付技术资料应具有适于长途运输、多次搬运、防雨、防潮的坚固包装。",
        "5.2 ____机场空运提单的印戳日期为技术资料的实际交付日期。",
        "供方协助受方消除缺陷派遣技术人员的交通和食宿费用由受方负担。",
        "应向供方支付的合同总价为____万美元，其中：技术使用费____元；资料费____元；技术服务费____元。",
        "乙方应为甲方派出的技术人员提供工作和生活方便。",
        "7.1 为了验证按乙方提供的技术资料制造的合同产品可靠性，由甲、乙双方共同在合同工厂进行考核。",
    ] {
        let a = analyze(&[text]);
        assert!(a.clauses.is_empty(), "{text}: {:?}", a.clauses);
    }
    // The delivery itself and the installation guidance are transfers.
    let a = analyze(&["1.2 乙方负责向甲方提供制造合同产品的专有技术和其它所有有关技术资料。"]);
    assert!(
        a.clauses.iter().any(|c| c.kind == ClauseKind::KnowHow),
        "{:?}",
        a.clauses
    );
    let a = analyze(&["甲方派技术人员到乙方单位，指导乙方安装设备和产品试制工作。"]);
    assert!(
        a.clauses
            .iter()
            .any(|c| c.kind == ClauseKind::TechnicalServices),
        "{:?}",
        a.clauses
    );
}

#[test]
fn a_party_whose_country_the_template_asks_for_is_foreign() {
    let a = analyze(&[
        "在____注册成立的____公司(以下简称甲方)和中国____公司(以下简称乙方)签订本技术服务合同:",
        "1.应甲方邀请,乙方同意派遣____名工程师组成的中国技术服务组,赴____(甲方国名)提供技术服务。",
        "2.所折成的美元应电汇至中国银行营业部____公司(即乙方公司)____号帐户。",
    ]);
    assert_eq!(a.export_flow, ExportFlow::Outbound, "{:?}", a.parties);
    assert!(
        a.parties.iter().all(|p| !p.name.contains("即")),
        "{:?}",
        a.parties
    );
}

/// The analysis found no clause of `kind`.
fn assert_no(a: &Analysis, kind: ClauseKind) {
    assert!(a.clauses.iter().all(|c| c.kind != kind), "{:?}", a.clauses);
}

#[test]
fn a_grant_is_not_read_inside_the_granting_partys_role_name() {
    // `许可方授予被许可方…许可`: the `许可` of `许可方` is the party's name; the grant is
    // `授予`, and its subject, the licensor, gives.
    let a = analyze(&[
        "许可方：德国示例光电有限公司，一家依照德意志联邦共和国法律设立的有限责任公司（以下简称“许可方”）",
        "被许可方：苏州示例激光设备有限公司，住所为江苏省苏州市工业园区（以下简称“被许可方”）",
        "2.1 许可方授予被许可方在中国大陆地区实施许可专利、制造和销售合同产品的独占许可。",
    ]);
    let licence = a
        .clauses
        .iter()
        .find(|c| c.kind == ClauseKind::Licence)
        .unwrap();
    assert_eq!(licence.giver.as_deref(), Some("德国示例光电有限公司"));
    assert_eq!(
        licence.receiver.as_deref(),
        Some("苏州示例激光设备有限公司")
    );
    assert_eq!(licence.direction, Direction::Inbound);
}

#[test]
fn a_right_to_use_granted_to_a_named_recipient_comes_from_the_grantor() {
    // `乙方授予公司…有权使用`: the right holder is the recipient `公司`, not the subject.
    let a = analyze(&[
        "甲方：上海示例电子有限公司，住所为上海市浦东新区",
        "乙方：Example Systems Inc.，一家依照美国特拉华州法律设立的公司",
        "第一条 乙方授予甲方在中国境内有权使用该项技术制造合同产品。",
    ]);
    let licence = a
        .clauses
        .iter()
        .find(|c| c.kind == ClauseKind::Licence)
        .unwrap();
    assert_eq!(licence.giver.as_deref(), Some("Example Systems Inc."));
    assert_eq!(licence.receiver.as_deref(), Some("上海示例电子有限公司"));
}

#[test]
fn a_clause_naming_neither_side_takes_the_sides_the_parties_roles_name() {
    // The English clause says "Developer" and "Client", the preamble defines only 委托方 /
    // 受托方: the commissioned party (受托方) gives, the commissioning one receives.
    let a = analyze(&[
        "委托方（甲方）：Example Audio, Inc.，一家依照美国特拉华州法律设立的公司",
        "受托方（乙方）：合肥示例智能科技有限公司，住所为安徽省合肥市高新区",
        "3.2 The Developer shall deliver all source code and technical documentation to the Client.",
    ]);
    let kh = a
        .clauses
        .iter()
        .find(|c| c.kind == ClauseKind::KnowHow)
        .unwrap();
    assert_eq!(kh.giver.as_deref(), Some("合肥示例智能科技有限公司"));
    assert_eq!(kh.receiver.as_deref(), Some("Example Audio, Inc."));
    assert_eq!(kh.direction, Direction::Outbound);
}

#[test]
fn ownership_that_stays_with_the_provider_is_no_assignment() {
    let preamble = "This Licence Agreement is made between Hangzhou Example Software Co., Ltd., a company established under the laws of the People's Republic of China (the \"Licensor\"), and Example GmbH, a German company (the \"Licensee\").";
    let a = analyze(&[
        preamble,
        "2.1 The Licensor hereby grants to the Licensee a non-exclusive licence to use the Software.",
        "2.2 The Licensor shall deliver the source code and the technical documentation to the Licensee.",
        "2.3 The Software and all intellectual property in it shall be the sole and exclusive property of the Licensor.",
    ]);
    assert_no(&a, ClauseKind::Assignment);
    // Ownership that vests in the recipient is an assignment.
    let a = analyze(&[
        preamble,
        "2.1 The Licensor hereby grants to the Licensee a non-exclusive licence to use the Software.",
        "2.2 The Licensor shall deliver the source code and the technical documentation to the Licensee.",
        "2.3 All customisations of the Software and all intellectual property in them shall be the sole and exclusive property of the Licensee.",
    ]);
    let c = a
        .clauses
        .iter()
        .find(|c| c.kind == ClauseKind::Assignment)
        .unwrap();
    assert_eq!(c.receiver.as_deref(), Some("Example GmbH"), "{c:?}");
}

#[test]
fn a_chinese_statement_that_nothing_moves_is_no_transfer() {
    let a = analyze(&[
        "甲方：美国云帆数据服务公司（“提供方”）",
        "乙方：北京华拓医疗器械有限公司（“订阅方”）",
        "一、提供方不向订阅方交付、安装或许可任何软件副本或源代码。",
        "二、本协议不向订阅方转让任何知识产权。",
        "三、甲方保证本专利转让前未许可任何第三方实施。",
    ]);
    assert!(a.clauses.is_empty(), "{:?}", a.clauses);
    // The same verbs without the negation are transfers.
    let b = analyze(&[
        "甲方：美国云帆数据服务公司（“提供方”）",
        "乙方：北京华拓医疗器械有限公司（“订阅方”）",
        "一、提供方向订阅方交付软件的源代码。",
    ]);
    assert_eq!(b.clauses.len(), 1, "{:?}", b.clauses);
}

#[test]
fn title_to_goods_passing_with_the_risk_is_no_assignment() {
    let a = analyze(&[
        "第二条 货物的所有权及风险自货物在上海港越过船舷时由卖方转移至买方。",
        "4.2 Title and risk of loss in the Products shall pass to the Buyer upon delivery.",
    ]);
    assert!(
        !a.clauses.iter().any(|c| c.kind == ClauseKind::Assignment),
        "{:?}",
        a.clauses
    );
}

#[test]
fn ownership_staying_with_the_seller_moves_nothing() {
    // No clause of its own makes the seller the provider; its role (卖方) does.
    let a = analyze(&[
        "卖方：无锡锡达数控机床有限公司",
        "买方：Delta Machinery Trading LLC，一家根据阿联酋法律设立的公司",
        "第六条 车床的设计、制造技术及相关专利均归卖方所有。",
    ]);
    assert!(
        !a.clauses.iter().any(|c| c.kind == ClauseKind::Assignment),
        "{:?}",
        a.clauses
    );
}

#[test]
fn a_partner_service_without_a_receiver_goes_to_the_joint_venture() {
    let a = analyze(&[
        "This Joint Venture Contract is made between Zibo Huaxing Rare Metals Co., Ltd., a company incorporated in the People's Republic of China (\"Huaxing\"), and Odisha Alumina Private Limited, a company incorporated in India (\"OAPL\").",
        "2.1 The Parties shall establish KalingaGa Private Limited, a joint venture company to be incorporated in India (the \"JV Company\").",
        "5.1 Huaxing shall provide technical assistance and training during commissioning of the gallium recovery plant.",
    ]);
    let service = a
        .clauses
        .iter()
        .find(|c| c.kind == ClauseKind::TechnicalServices)
        .unwrap_or_else(|| panic!("{:?}", a.clauses));
    assert_eq!(
        service.giver.as_deref(),
        Some("Zibo Huaxing Rare Metals Co., Ltd.")
    );
    assert!(
        service
            .receiver
            .as_deref()
            .is_some_and(|r| r.contains("KalingaGa")),
        "{:?} ({:?})",
        service.receiver,
        a.parties
    );
}

#[test]
fn a_right_to_use_held_by_the_recipient_is_a_licence() {
    for text in [
        "乙方可在其越南工厂使用该专有技术，不得转让给第三方。",
        "甲方仅可在其北江工厂使用工艺包。",
        "The Buyer shall be free to practise the Seller's know-how for its own production.",
    ] {
        let a = analyze(&[text]);
        assert!(
            a.clauses.iter().any(|c| c.kind == ClauseKind::Licence),
            "{text}: {:?}",
            a.clauses
        );
    }
}

#[test]
fn an_object_word_inside_a_party_role_is_the_party() {
    let preamble = [
        "委托方：广州岭南本草制药有限公司，住所地：广州市",
        "咨询方：澳门濠江大学，住所地：澳门",
    ];
    let client_inputs = analyze(&[
        preamble[0],
        preamble[1],
        "委托方应向咨询方提供产品样品二十批，供咨询方为本合同目的使用。",
    ]);
    assert!(
        client_inputs.clauses.is_empty(),
        "{:?}",
        client_inputs.clauses
    );
    let advice = analyze(&[preamble[0], preamble[1], "咨询方应向委托方提供咨询意见。"]);
    assert!(
        advice
            .clauses
            .iter()
            .any(|c| c.kind == ClauseKind::TechnicalServices),
        "{:?}",
        advice.clauses
    );
}
