//! The registry of risk rules: stable codes, severities and the documentation that feeds
//! `techscan explain`, the reports and (later) SARIF rule metadata.
//!
//! Codes are never reused. `TS1xx` prohibited technology flowing outbound, `TS2xx`
//! restricted technology outbound, `TS3xx` outbound or listed technology needing a closer
//! look, `TS4xx` informational, `TS9xx` input that could not be fully read.
//!
//! Article numbers follow the consolidated 2020 text of the Regulations on the
//! Administration of Technology Import and Export; many translations still use the 2002
//! numbering, which the legal basis notes where it differs.

use crate::model::{Lang, Severity};

/// The documentation of a rule in one language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleText {
    pub what_it_detects: &'static str,
    pub why_it_matters: &'static str,
    pub example: &'static str,
    pub legal_basis: &'static str,
    pub action: &'static str,
}

/// One risk rule and its documentation (English in the fields, Chinese in `zh`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub what_it_detects: &'static str,
    pub why_it_matters: &'static str,
    pub example: &'static str,
    pub legal_basis: &'static str,
    pub action: &'static str,
    /// The same documentation in Chinese (`--lang zh`).
    pub zh: RuleText,
}

impl Rule {
    /// The rule's documentation in `lang`.
    pub fn text(&self, lang: Lang) -> RuleText {
        match lang {
            Lang::En => RuleText {
                what_it_detects: self.what_it_detects,
                why_it_matters: self.why_it_matters,
                example: self.example,
                legal_basis: self.legal_basis,
                action: self.action,
            },
            Lang::Zh => self.zh,
        }
    }
}

/// Headings of `techscan explain`: what it detects, why it matters, example, legal basis,
/// what to do.
pub fn headings(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::En => [
            "What it detects",
            "Why it matters",
            "Example",
            "Legal basis",
            "What to do",
        ],
        Lang::Zh => ["检测内容", "为何重要", "示例", "法律依据", "处理建议"],
    }
}

pub const PROHIBITED_OUTBOUND: &str = "TS101";
pub const RESTRICTED_OUTBOUND: &str = "TS201";
pub const LISTED_DIRECTION_UNCLEAR: &str = "TS301";
pub const OUTBOUND_UNLISTED: &str = "TS302";
pub const TRANSFER_NOT_OUTBOUND: &str = "TS401";
pub const CATALOGUE_TERM_IN_PASSING: &str = "TS402";
pub const PARTLY_UNREADABLE: &str = "TS901";

/// Every rule, ordered by code.
pub const RULES: &[Rule] = &[
    Rule {
        code: PROHIBITED_OUTBOUND,
        name: "prohibited-technology-outbound",
        severity: Severity::Critical,
        what_it_detects: "A transfer clause (assignment, licence, grant-back, know-how, technical services or JV contribution) by which a mainland party gives a party outside the mainland technology that a prohibited (J) entry of the Catalogue of Technologies Prohibited or Restricted from Export covers.",
        why_it_matters: "Prohibited technology may not be exported at all. Exporting it can lead to criminal liability (smuggling, illegal business operation, leaking state secrets) or confiscation and fines of 1-5 times the illegal gains, and a Chinese patent assignment of such technology cannot be recorded.",
        example: "甲方同意将其稀土分离提纯工艺技术秘密许可乙方（越南）使用 — a mainland company licenses rare-earth separation know-how to a Vietnamese company.",
        legal_basis: "Regulations on the Administration of Technology Import and Export (2020 text) Art. 2 (transfer modes), Art. 28 (catalogue), Art. 29 (prohibited technology may not be exported; Art. 32 in the 2002 numbering), Art. 43 (liability); Catalogue of Technologies Prohibited or Restricted from Export (2023, as amended 2025)",
        action: "Do not export. Remove the technology or the transfer from the agreement, or restructure so that the technology does not leave the mainland; obtain PRC export-control counsel's advice before signing.",
        zh: RuleText {
            what_it_detects: "转让条款（专利权或专利申请权转让、专利实施许可、回授、技术秘密转让、技术服务或合资出资）使中国境内一方向境外一方提供《中国禁止出口限制出口技术目录》禁止出口类（编号以J结尾）条目所列的技术。",
            why_it_matters: "禁止出口的技术不得出口。违法出口的，可能以走私罪、非法经营罪、泄露国家秘密罪等追究刑事责任；尚不构成犯罪的，给予警告，没收违法所得，并处违法所得1倍以上5倍以下的罚款；涉及此类技术的中国专利权向境外转让亦不予办理登记。",
            example: "甲方同意将其稀土分离提纯工艺技术秘密许可乙方（越南）使用——中国境内公司将稀土分离技术秘密许可越南公司使用。",
            legal_basis: "《中华人民共和国技术进出口管理条例》（2020年修订文本）第二条（技术进出口的方式）、第二十八条（禁止、限制出口技术目录）、第二十九条（禁止出口的技术不得出口；2002年文本为第三十二条）、第四十三条（法律责任）；《中国禁止出口限制出口技术目录》（2023年版，2025年调整）",
            action: "不得出口。应从协议中删除该技术或相关转让安排，或调整交易结构，使该技术不转移出境；签署前应征询中国出口管制律师的意见。",
        },
    },
    Rule {
        code: RESTRICTED_OUTBOUND,
        name: "restricted-technology-outbound",
        severity: Severity::High,
        what_it_detects: "A transfer clause by which a mainland party gives a party outside the mainland technology that a restricted (X) entry of the Catalogue covers, including a grant-back of improvements by a Chinese licensee under an inbound licence and technical services performed by a mainland party for a foreign one.",
        why_it_matters: "Restricted technology may be exported only under a MOFCOM licence: substantive negotiation needs a letter of intent first, and the contract takes effect only on the day the licence issues. A grant-back clause in an inbound licence is the export that reviewers most often miss.",
        example: "Licensee shall grant to Licensor an exclusive, royalty-free licence to all Improvements to the far-field speech recognition technology — the Chinese licensee grants back speech-recognition improvements (086501X control point 18).",
        legal_basis: "Regulations on the Administration of Technology Import and Export (2020 text) Art. 2, Art. 30 (licence management), Art. 31 (application), Art. 32 (30-working-day review), Art. 33 (letter of intent before substantive negotiation), Art. 34-35 (licence; the contract takes effect when the licence issues); Arts. 33-36 and following in the 2002 numbering; Measures for the Administration of Technologies Prohibited or Restricted from Export (2009) Arts. 3-7",
        action: "Apply to the provincial commerce department for a technology-export licence (letter of intent) before substantive negotiation; make signing and effectiveness conditional on the licence, which is when the contract takes effect; if the technology is a state secret, a secrecy review comes first.",
        zh: RuleText {
            what_it_detects: "转让条款使中国境内一方向境外一方提供目录限制出口类（编号以X结尾）条目所列的技术，包括技术进口许可合同中境内被许可方将改进技术回授境外许可方，以及境内一方为境外一方提供技术服务。",
            why_it_matters: "限制出口的技术实行许可证管理：须先取得技术出口许可意向书方可进行实质性谈判，技术出口合同自技术出口许可证颁发之日起生效。技术进口许可合同中的改进技术回授条款本身即构成技术出口，是审查中最易遗漏的情形。",
            example: "Licensee shall grant to Licensor an exclusive, royalty-free licence to all Improvements to the far-field speech recognition technology——中国被许可方将远场语音识别技术的改进回授给境外许可方（086501X 控制要点18）。",
            legal_basis: "《中华人民共和国技术进出口管理条例》（2020年修订文本）第二条、第三十条（许可证管理）、第三十一条（申请）、第三十二条（30个工作日内审查）、第三十三条（许可意向书；取得后方可进行实质性谈判）、第三十四条至第三十五条（技术出口许可证；合同自许可证颁发之日起生效）；2002年文本为第三十三条至第三十六条及其后各条；《禁止出口限制出口技术管理办法》（2009年）第三条至第七条",
            action: "在进行实质性谈判前，向省级商务主管部门申请技术出口许可（许可意向书）；将合同的签署和生效以取得技术出口许可证为条件，合同自许可证颁发之日起生效；该技术属于国家秘密技术的，应先办理保密审查。",
        },
    },
    Rule {
        code: LISTED_DIRECTION_UNCLEAR,
        name: "listed-technology-direction-unclear",
        severity: Severity::Medium,
        what_it_detects: "A transfer clause that concerns technology on the Catalogue, where techscan could not establish who gives the technology to whom or where a party is established.",
        why_it_matters: "If the giver is a mainland party and the receiver is outside the mainland, the transfer is an export of prohibited or restricted technology; the direction decides everything.",
        example: "The Company shall provide the Technical Documentation for the LiDAR system to the Purchaser — with the parties' jurisdictions not stated in the preamble.",
        legal_basis: "Regulations on the Administration of Technology Import and Export (2020 text) Art. 2 (technology export is a transfer out of the PRC), Arts. 29-30",
        action: "Establish each party's place of incorporation and which party provides the technology; if a mainland party provides it to a party outside the mainland, treat the clause as TS101 (prohibited) or TS201 (restricted).",
        zh: RuleText {
            what_it_detects: "转让条款涉及目录所列技术，但techscan无法确定由哪一方向哪一方提供技术，或无法确定某一当事方的设立地。",
            why_it_matters: "提供方为中国境内一方、接受方在境外的，该转让即构成禁止或限制出口技术的出口；转让方向是判断的关键。",
            example: "The Company shall provide the Technical Documentation for the LiDAR system to the Purchaser——序言未载明各方的设立地。",
            legal_basis: "《中华人民共和国技术进出口管理条例》（2020年修订文本）第二条（技术出口是指从中华人民共和国境内向境外转移技术）、第二十九条至第三十条",
            action: "核实各方的设立地以及由哪一方提供技术；如系中国境内一方向境外一方提供，按TS101（禁止）或TS201（限制）处理。",
        },
    },
    Rule {
        code: OUTBOUND_UNLISTED,
        name: "outbound-transfer-unlisted-technology",
        severity: Severity::Medium,
        what_it_detects: "A transfer clause by which a mainland party gives technology to a party outside the mainland, where the technology did not match any catalogue entry techscan knows.",
        why_it_matters: "Technology that is not prohibited or restricted may be exported freely, but the export contract must be registered; and techscan's catalogue data is incomplete (see the coverage line of the report), so the technology must still be checked against the official catalogue.",
        example: "Party A shall dispatch engineers to provide commissioning services at the Purchaser's plant in Malaysia.",
        legal_basis: "Regulations on the Administration of Technology Import and Export (2020 text) Art. 2, Art. 36 (contract registration of freely exportable technology), Arts. 37-38 (filings, registration certificate), Art. 40 (changes)",
        action: "Check the technology against the official catalogue (and the dual-use export-control list); if it is not listed, register the technology-export contract with the commerce department (registration is not a condition of validity but is needed for foreign exchange, tax and customs).",
        zh: RuleText {
            what_it_detects: "转让条款使中国境内一方向境外一方提供技术，但该技术未与techscan所掌握的任何目录条目匹配。",
            why_it_matters: "不属于禁止或限制出口的技术可以自由出口，但技术出口合同应当办理登记；techscan的目录数据并不完整（见报告中的覆盖率说明），仍须对照官方目录核查该技术。",
            example: "甲方应派遣工程师在买方位于马来西亚的工厂提供调试服务。",
            legal_basis: "《中华人民共和国技术进出口管理条例》（2020年修订文本）第二条、第三十六条（自由出口的技术实行合同登记管理）、第三十七条至第三十八条（登记材料、登记证书）、第四十条（合同变更）",
            action: "对照官方目录（以及两用物项出口管制清单）核查该技术；未列入目录的，向商务主管部门办理技术出口合同登记（登记不是合同生效的条件，但办理外汇、银行、税务和海关手续时需要登记证书）。",
        },
    },
    Rule {
        code: TRANSFER_NOT_OUTBOUND,
        name: "transfer-without-outbound-flow",
        severity: Severity::Low,
        what_it_detects: "Technology transfer clauses whose technology flows into the mainland, stays within it, or never touches it.",
        why_it_matters: "No export under Art. 2 follows from these clauses as written; amendments that add a grant-back, services by the mainland party or a transfer to an offshore affiliate would change that.",
        example: "Licensor (Germany) hereby grants to Licensee (Shenzhen) a non-exclusive licence under the Licensed Patents.",
        legal_basis: "Regulations on the Administration of Technology Import and Export (2020 text) Art. 2",
        action: "No export formality. Inbound transfers may need technology-import contract registration; re-check if the agreement is amended.",
        zh: RuleText {
            what_it_detects: "技术流入中国境内、在境内转移或与中国境内无关的技术转让条款。",
            why_it_matters: "按现有文本，这些条款不构成《条例》第二条所称的技术出口；如日后修订增加回授条款、由境内一方提供技术服务或向境外关联方转让，结论将随之改变。",
            example: "Licensor (Germany) hereby grants to Licensee (Shenzhen) a non-exclusive licence under the Licensed Patents——德国许可方向深圳被许可方授予专利普通许可。",
            legal_basis: "《中华人民共和国技术进出口管理条例》（2020年修订文本）第二条",
            action: "无需办理技术出口手续。技术进口合同可能需要办理技术进口合同登记；协议修订时应重新审查。",
        },
    },
    Rule {
        code: CATALOGUE_TERM_IN_PASSING,
        name: "catalogue-term-in-passing",
        severity: Severity::Low,
        what_it_detects: "Catalogue technology named in the agreement outside any outbound transfer clause (recitals, descriptions of the business, inbound transfers).",
        why_it_matters: "The technology is in the deal's subject matter; a later clause, side letter or service arrangement that moves it out of the mainland would need a licence or be prohibited.",
        example: "WHEREAS, the Company develops speech synthesis products for the Chinese market.",
        legal_basis: "Catalogue of Technologies Prohibited or Restricted from Export (2023, as amended 2025)",
        action: "Confirm that no other document of the transaction moves this technology out of the mainland.",
        zh: RuleText {
            what_it_detects: "协议在出境转让条款以外（鉴于条款、业务描述、技术进口条款）提及目录所列技术。",
            why_it_matters: "该技术属于交易标的；之后如有条款、附函或服务安排将其转移出境，则须取得许可，或属于禁止出口。",
            example: "WHEREAS, the Company develops speech synthesis products for the Chinese market——鉴于条款提及语音合成产品。",
            legal_basis: "《中国禁止出口限制出口技术目录》（2023年版，2025年调整）",
            action: "确认本交易的其他文件均未将该技术转移出境。",
        },
    },
    Rule {
        code: PARTLY_UNREADABLE,
        name: "partly-unreadable-document",
        severity: Severity::Medium,
        what_it_detects: "Pages or parts of a document that techscan could not read as text (scanned images, fonts without a Unicode mapping).",
        why_it_matters: "A transfer clause on an unreadable page cannot be found; the document cannot be cleared on techscan's word alone.",
        example: "page 7: no text layer (scanned image?)",
        legal_basis: "-",
        action: "Review the listed pages by hand or run OCR and scan the result again.",
        zh: RuleText {
            what_it_detects: "文件中techscan无法作为文本读取的页面或部分（扫描图像、缺少Unicode映射的字体）。",
            why_it_matters: "位于无法读取页面上的转让条款无法被发现；不能仅凭techscan的结果认定该文件无风险。",
            example: "第7页：没有文本层（扫描图像？）",
            legal_basis: "-",
            action: "人工审阅所列页面，或进行OCR识别后重新扫描。",
        },
    },
];

/// Looks a rule up by code (case-insensitive).
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_well_formed() {
        let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
        for r in RULES {
            assert!(r.code.len() == 5 && r.code.starts_with("TS"), "{}", r.code);
            assert!(!r.action.is_empty() && !r.why_it_matters.is_empty());
        }
    }

    #[test]
    fn every_rule_is_documented_in_chinese_with_the_same_articles() {
        for r in RULES {
            let zh = r.text(Lang::Zh);
            for text in [zh.what_it_detects, zh.why_it_matters, zh.action] {
                assert!(
                    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{}: {text}",
                    r.code
                );
            }
            // The same instruments are cited in both languages.
            for (en, zh_name) in [
                (
                    "Regulations on the Administration of Technology Import and Export",
                    "《中华人民共和国技术进出口管理条例》",
                ),
                (
                    "Catalogue of Technologies Prohibited or Restricted from Export",
                    "《中国禁止出口限制出口技术目录》",
                ),
                (
                    "Measures for the Administration",
                    "《禁止出口限制出口技术管理办法》",
                ),
            ] {
                assert_eq!(
                    r.legal_basis.contains(en),
                    zh.legal_basis.contains(zh_name),
                    "{}: {zh_name}",
                    r.code
                );
            }
        }
        assert!(rule("TS101").is_some_and(|r| {
            r.zh.legal_basis
                .contains("第二十九条（禁止出口的技术不得出口；2002年文本为第三十二条）")
        }));
        assert!(rule("TS201").is_some_and(|r| r.zh.legal_basis.contains("第三十四条至第三十五条")));
        assert!(rule("TS302").is_some_and(|r| r.zh.legal_basis.contains("第三十六条")));
    }

    #[test]
    fn lookup_is_case_insensitive() {
        assert_eq!(rule("ts201").map(|r| r.severity), Some(Severity::High));
        assert!(rule("TS999").is_none());
    }
}
