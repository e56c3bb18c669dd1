//! Assessment: combines the transfer clauses and their direction (from `analyze`) with the
//! catalogue matches (from `catalogue`) into findings with evidence, legal basis and
//! action, and derives the document's risk as the highest finding severity.
//!
//! A catalogue match is *direct* evidence for a clause when it lies in the clause itself or
//! in a definition the clause uses; otherwise, if the agreement names the technology
//! elsewhere, the match still supports the finding at lower confidence, because a lawyer
//! would rather check one extra clause than miss a restricted export.

use std::collections::BTreeSet;

use crate::analyze::Analysis;
use crate::model::{
    Clause, ClauseKind, Direction, Finding, ItemStatus, Lang, Location, Severity, TechMatch,
};

use super::rules::{self, Rule};

/// Findings for one document and the risk they add up to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Assessment {
    pub findings: Vec<Finding>,
    pub risk: Severity,
}

/// Confidence factor for technology named elsewhere in the agreement rather than in the
/// clause or a definition it uses.
const INDIRECT_FACTOR: f32 = 0.6;
/// Confidence factor for catalogue data not verified against an official text.
const UNVERIFIED_FACTOR: f32 = 0.8;
/// Confidence factor for a generic keyword ("laser", "检测").
const GENERIC_FACTOR: f32 = 0.7;

/// Clauses of the same kind-agnostic evidence: one sentence, one direction, all the
/// transfer kinds found in it (a licence to know-how is a licence and know-how).
struct ClauseGroup<'a> {
    clauses: Vec<&'a Clause>,
    kinds: BTreeSet<ClauseKind>,
}

impl ClauseGroup<'_> {
    fn first(&self) -> &Clause {
        self.clauses[0]
    }

    fn confidence(&self) -> f32 {
        self.clauses
            .iter()
            .map(|c| c.confidence)
            .fold(0.0, f32::max)
    }

    fn kinds_phrase(&self, lang: Lang) -> String {
        self.kinds
            .iter()
            .map(|k| kind_word(*k, lang))
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

fn group_clauses(clauses: &[Clause]) -> Vec<ClauseGroup<'_>> {
    let mut groups: Vec<ClauseGroup<'_>> = Vec::new();
    for clause in clauses {
        let existing = groups.iter_mut().find(|g| {
            let f = g.first();
            f.segment == clause.segment && f.text == clause.text && f.direction == clause.direction
        });
        match existing {
            Some(g) => {
                g.clauses.push(clause);
                g.kinds.insert(clause.kind);
            }
            None => groups.push(ClauseGroup {
                clauses: vec![clause],
                kinds: BTreeSet::from([clause.kind]),
            }),
        }
    }
    groups
}

/// How a catalogue match relates to a clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tie {
    /// The keyword is in the quoted clause text.
    InClause,
    /// The keyword is in the definition of a term the clause uses.
    InDefinition,
    /// The keyword is elsewhere in the agreement.
    Elsewhere,
}

fn tie(analysis: &Analysis, group: &ClauseGroup<'_>, m: &TechMatch) -> Tie {
    let first = group.first();
    if m.segment == first.segment && first.text.contains(m.matched.as_str()) {
        return Tie::InClause;
    }
    let defined = group
        .clauses
        .iter()
        .flat_map(|c| &c.defined_terms)
        .filter_map(|t| analysis.definitions.get(t))
        .any(|&seg| seg == m.segment);
    if defined {
        Tie::InDefinition
    } else {
        Tie::Elsewhere
    }
}

/// Assesses one analysed document, with messages in English.
pub fn assess(analysis: &Analysis, technology: &[TechMatch], warnings: &[String]) -> Assessment {
    assess_in(analysis, technology, warnings, Lang::En)
}

/// Assesses one analysed document, with messages, legal basis and actions in `lang`.
/// Technology names are taken from the matches as they are (the caller picks their
/// language).
#[allow(clippy::too_many_lines)]
pub fn assess_in(
    analysis: &Analysis,
    technology: &[TechMatch],
    warnings: &[String],
    lang: Lang,
) -> Assessment {
    let mut findings = Vec::new();
    let mut used_matches: BTreeSet<usize> = BTreeSet::new();
    // Kinds of outbound clause that already have a catalogue-backed finding.
    let mut outbound_with_tech: BTreeSet<ClauseKind> = BTreeSet::new();
    let groups = group_clauses(&analysis.clauses);

    for group in &groups {
        let direction = group.first().direction;
        if !matches!(direction, Direction::Outbound | Direction::Unclear) {
            continue;
        }
        let ties: Vec<(usize, Tie)> = technology
            .iter()
            .enumerate()
            .map(|(i, m)| (i, tie(analysis, group, m)))
            .collect();
        let has_direct = ties.iter().any(|(_, t)| *t != Tie::Elsewhere);
        let mut seen = BTreeSet::new();
        for (i, t) in ties {
            let m = &technology[i];
            // Technology named elsewhere supports an outbound clause only when the clause
            // names none itself, and only through item-specific keywords.
            let relevant = match t {
                Tie::InClause | Tie::InDefinition => true,
                Tie::Elsewhere => direction == Direction::Outbound && !has_direct && !m.generic,
            };
            if !relevant || !seen.insert((m.item.clone(), m.control_point)) {
                continue;
            }
            used_matches.insert(i);
            let rule = match (direction, m.status) {
                (Direction::Outbound, ItemStatus::Prohibited) => rules::PROHIBITED_OUTBOUND,
                (Direction::Outbound, ItemStatus::Restricted) => rules::RESTRICTED_OUTBOUND,
                _ => rules::LISTED_DIRECTION_UNCLEAR,
            };
            if direction == Direction::Outbound {
                outbound_with_tech.extend(group.kinds.iter().copied());
            }
            findings.push(tech_finding(rule, group, m, t, lang));
        }
    }

    // Outbound transfers whose technology matched nothing: one finding per clause kind.
    let mut kinds_reported = BTreeSet::new();
    for group in groups.iter().filter(|g| g.first().outbound) {
        let new_kinds: Vec<ClauseKind> = group
            .kinds
            .iter()
            .copied()
            .filter(|k| !outbound_with_tech.contains(k) && !kinds_reported.contains(k))
            .collect();
        if new_kinds.is_empty() {
            continue;
        }
        kinds_reported.extend(new_kinds);
        let rule = rule_doc(rules::OUTBOUND_UNLISTED);
        let doc = rule.text(lang);
        let clause = group.first();
        let message = match lang {
            Lang::En => format!(
                "outbound {} {}: no catalogue technology matched; check the official catalogue and register the export contract",
                group.kinds_phrase(lang),
                parties_phrase(clause, lang)
            ),
            Lang::Zh => format!(
                "出境{}{}：未匹配到目录所列技术；请对照官方目录核查，并办理技术出口合同登记",
                group.kinds_phrase(lang),
                parties_phrase(clause, lang)
            ),
        };
        findings.push(Finding {
            ocr: None,
            rule: rule.code.to_owned(),
            severity: rule.severity,
            message,
            location: clause.location.clone(),
            evidence: clause.text.clone(),
            item: None,
            control_point: None,
            legal_basis: doc.legal_basis.to_owned(),
            action: doc.action.to_owned(),
            confidence: round2(group.confidence()),
        });
    }

    // Transfers of which none leaves the mainland: one informational finding.
    if !analysis.clauses.iter().any(|c| c.outbound) {
        if let Some(first) = analysis.clauses.first() {
            let rule = rule_doc(rules::TRANSFER_NOT_OUTBOUND);
            let doc = rule.text(lang);
            let kinds: BTreeSet<&str> = analysis
                .clauses
                .iter()
                .map(|c| kind_word(c.kind, lang))
                .collect();
            let kinds: Vec<&str> = kinds.into_iter().collect();
            let message = match lang {
                Lang::En => format!(
                    "technology transfer ({}) without outbound flow: {}",
                    kinds.join(", "),
                    analysis.export_flow_reason
                ),
                Lang::Zh => format!(
                    "技术转让（{}）不涉及技术出境（分析依据：{}）",
                    kinds.join("、"),
                    analysis.export_flow_reason
                ),
            };
            findings.push(Finding {
                ocr: None,
                rule: rule.code.to_owned(),
                severity: rule.severity,
                message,
                location: first.location.clone(),
                evidence: first.text.clone(),
                item: None,
                control_point: None,
                legal_basis: doc.legal_basis.to_owned(),
                action: doc.action.to_owned(),
                confidence: round2(first.confidence),
            });
        }
    }

    // Specific catalogue technology that no finding used: once per item and control point.
    let mut passing = BTreeSet::new();
    for (i, m) in technology.iter().enumerate() {
        if m.generic
            || used_matches.contains(&i)
            || !passing.insert((m.item.clone(), m.control_point))
        {
            continue;
        }
        let rule = rule_doc(rules::CATALOGUE_TERM_IN_PASSING);
        let doc = rule.text(lang);
        let message = match lang {
            Lang::En => format!(
                "{} technology named outside an outbound transfer clause: {} ({}) via \"{}\"",
                status_word(m.status, lang),
                m.name,
                item_ref(m, lang),
                m.matched
            ),
            Lang::Zh => format!(
                "在出境转让条款以外提及{}技术“{}”（{}），匹配词“{}”",
                status_word(m.status, lang),
                m.name,
                item_ref(m, lang),
                m.matched
            ),
        };
        findings.push(Finding {
            ocr: None,
            rule: rule.code.to_owned(),
            severity: rule.severity,
            message,
            location: m.location.clone(),
            evidence: m.matched.clone(),
            item: Some(m.item.clone()),
            control_point: m.control_point,
            legal_basis: doc.legal_basis.to_owned(),
            action: doc.action.to_owned(),
            confidence: 0.5,
        });
    }

    for warning in warnings.iter().filter(|w| is_unreadable_warning(w)) {
        let rule = rule_doc(rules::PARTLY_UNREADABLE);
        let doc = rule.text(lang);
        findings.push(Finding {
            ocr: None,
            rule: rule.code.to_owned(),
            severity: rule.severity,
            message: match lang {
                Lang::En => warning.clone(),
                Lang::Zh => format!("文件部分内容无法读取：{warning}"),
            },
            location: Location {
                page: warning_page(warning),
                section: None,
                paragraph: None,
            },
            evidence: String::new(),
            item: None,
            control_point: None,
            legal_basis: doc.legal_basis.to_owned(),
            action: doc.action.to_owned(),
            confidence: 1.0,
        });
    }

    findings.sort_by(|a, b| {
        (&a.location, &a.rule, &a.item, a.control_point)
            .cmp(&(&b.location, &b.rule, &b.item, b.control_point))
            .then_with(|| a.evidence.cmp(&b.evidence))
    });
    let risk = findings
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or_default();
    Assessment { findings, risk }
}

fn tech_finding(
    code: &str,
    group: &ClauseGroup<'_>,
    m: &TechMatch,
    tie: Tie,
    lang: Lang,
) -> Finding {
    let rule = rule_doc(code);
    let doc = rule.text(lang);
    let clause = group.first();
    let mut confidence = group.confidence();
    if tie == Tie::Elsewhere {
        confidence *= INDIRECT_FACTOR;
    }
    if m.generic {
        confidence *= GENERIC_FACTOR;
    }
    if m.verification == "unverified" {
        confidence *= UNVERIFIED_FACTOR;
    }
    let where_named = match (tie, lang) {
        (Tie::InClause, Lang::En) => "named in the clause".to_owned(),
        (Tie::InDefinition, Lang::En) => format!(
            "named in a definition the clause uses ({})",
            m.location.display()
        ),
        (Tie::Elsewhere, Lang::En) => format!(
            "named elsewhere in the agreement ({})",
            m.location.display()
        ),
        (Tie::InClause, Lang::Zh) => "见于该条款".to_owned(),
        (Tie::InDefinition, Lang::Zh) => {
            format!("见于该条款所使用的定义（{}）", m.location.display())
        }
        (Tie::Elsewhere, Lang::Zh) => {
            format!("见于协议其他部分（{}）", m.location.display())
        }
    };
    let message = match (code == rules::LISTED_DIRECTION_UNCLEAR, lang) {
        (true, Lang::En) => format!(
            "{} of {} technology {} ({}), direction unclear: {} via \"{}\"",
            group.kinds_phrase(lang),
            status_word(m.status, lang),
            m.name,
            item_ref(m, lang),
            where_named,
            m.matched
        ),
        (true, Lang::Zh) => format!(
            "{}涉及{}技术“{}”（{}），转让方向不明：{}，匹配词“{}”",
            group.kinds_phrase(lang),
            status_word(m.status, lang),
            m.name,
            item_ref(m, lang),
            where_named,
            m.matched
        ),
        (false, Lang::En) => {
            let what: Vec<&str> = group
                .kinds
                .iter()
                .map(|k| outbound_phrase(*k, lang))
                .collect();
            format!(
                "{} {}: {} technology {} ({}) {} via \"{}\"",
                what.join("; "),
                parties_phrase(clause, lang),
                status_word(m.status, lang),
                m.name,
                item_ref(m, lang),
                where_named,
                m.matched
            )
        }
        (false, Lang::Zh) => {
            let what: Vec<&str> = group
                .kinds
                .iter()
                .map(|k| outbound_phrase(*k, lang))
                .collect();
            format!(
                "{}{}：{}技术“{}”（{}），{}，匹配词“{}”",
                what.join("；"),
                parties_phrase(clause, lang),
                status_word(m.status, lang),
                m.name,
                item_ref(m, lang),
                where_named,
                m.matched
            )
        }
    };
    let message = match (&m.corroboration, lang) {
        (Some(c), Lang::En) => format!("{message}; generic term, counted {}", c.describe(lang)),
        (Some(c), Lang::Zh) => format!("{message}；通用术语，因{}而计入", c.describe(lang)),
        (None, _) => message,
    };
    Finding {
        ocr: None,
        rule: rule.code.to_owned(),
        severity: rule.severity,
        message,
        location: clause.location.clone(),
        evidence: clause.text.clone(),
        item: Some(m.item.clone()),
        control_point: m.control_point,
        legal_basis: doc.legal_basis.to_owned(),
        action: doc.action.to_owned(),
        confidence: round2(confidence),
    }
}

fn round2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

fn outbound_phrase(kind: ClauseKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (ClauseKind::Assignment, Lang::En) => "outbound assignment",
        (ClauseKind::Licence, Lang::En) => "outbound licence",
        (ClauseKind::GrantBack, Lang::En) => {
            "grant-back of improvements out of the mainland (itself an export)"
        }
        (ClauseKind::KnowHow, Lang::En) => "outbound know-how transfer",
        (ClauseKind::TechnicalServices, Lang::En) => {
            "technical services performed for a party outside the mainland"
        }
        (ClauseKind::JvContribution, Lang::En) => {
            "technology contributed to a venture outside the mainland"
        }
        (ClauseKind::Assignment, Lang::Zh) => "向境外转让",
        (ClauseKind::Licence, Lang::Zh) => "向境外许可",
        (ClauseKind::GrantBack, Lang::Zh) => "将改进技术回授至境外（回授本身即构成技术出口）",
        (ClauseKind::KnowHow, Lang::Zh) => "向境外转让技术秘密",
        (ClauseKind::TechnicalServices, Lang::Zh) => "为境外一方提供技术服务",
        (ClauseKind::JvContribution, Lang::Zh) => "以技术向境外企业出资",
    }
}

/// The transfer mode in a message: `licence`, `grant-back` … or 许可、回授 ….
fn kind_word(kind: ClauseKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (_, Lang::En) => kind.as_str(),
        (ClauseKind::Assignment, Lang::Zh) => "转让",
        (ClauseKind::Licence, Lang::Zh) => "许可",
        (ClauseKind::GrantBack, Lang::Zh) => "改进技术回授",
        (ClauseKind::KnowHow, Lang::Zh) => "技术秘密转让",
        (ClauseKind::TechnicalServices, Lang::Zh) => "技术服务",
        (ClauseKind::JvContribution, Lang::Zh) => "技术出资",
    }
}

fn parties_phrase(clause: &Clause, lang: Lang) -> String {
    match (&clause.giver, &clause.receiver, lang) {
        (Some(g), Some(r), Lang::En) => format!("by {g} to {r}"),
        (Some(g), None, Lang::En) => format!("by {g}"),
        (None, Some(r), Lang::En) => format!("to {r}"),
        (Some(g), Some(r), Lang::Zh) => format!("，由{g}向{r}"),
        (Some(g), None, Lang::Zh) => format!("，由{g}"),
        (None, Some(r), Lang::Zh) => format!("，向{r}"),
        (None, None, _) => String::new(),
    }
}

fn status_word(status: ItemStatus, lang: Lang) -> &'static str {
    match (status, lang) {
        (ItemStatus::Prohibited, Lang::En) => "prohibited",
        (ItemStatus::Restricted, Lang::En) => "restricted",
        (ItemStatus::Prohibited, Lang::Zh) => "禁止出口",
        (ItemStatus::Restricted, Lang::Zh) => "限制出口",
    }
}

fn item_ref(m: &TechMatch, lang: Lang) -> String {
    let code = match (&m.numbering, &m.edition_code, lang) {
        (Some(edition), _, Lang::En) => format!("{}, {edition} numbering", m.item),
        (None, Some(then), Lang::En) => {
            format!("{}, numbered {then} in the edition applied", m.item)
        }
        (Some(edition), _, Lang::Zh) => format!("{}，{edition}年版编号", m.item),
        (None, Some(then), Lang::Zh) => format!("{}，所适用版本中编号为{then}", m.item),
        (None, None, _) => m.item.clone(),
    };
    match (m.control_point, lang) {
        (Some(cp), Lang::En) => format!("{code}, control point {cp}"),
        (Some(cp), Lang::Zh) => format!("{code}，控制要点{cp}"),
        (None, _) => code,
    }
}

fn rule_doc(code: &str) -> &'static Rule {
    // Every code used here is a constant of the registry; the registry test keeps them in step.
    rules::rule(code).unwrap_or(&rules::RULES[0])
}

/// Extractor warnings that mean text may be missing (as opposed to cosmetic ones).
fn is_unreadable_warning(w: &str) -> bool {
    w.contains("no text layer") || w.contains("not supported") || w.contains("unreadable")
}

fn warning_page(w: &str) -> Option<u32> {
    let rest = w.strip_prefix("page ")?;
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ExportFlow, Segment};

    fn clause(kind: ClauseKind, direction: Direction, segment: usize) -> Clause {
        Clause {
            ocr: None,
            segment,
            kind,
            text: "Licensee shall grant back all Improvements in speech recognition to Licensor"
                .to_owned(),
            location: Location {
                page: Some(1),
                section: Some("3.2".into()),
                paragraph: Some(segment as u32 + 1),
            },
            outbound: direction == Direction::Outbound,
            direction,
            giver: Some("Shenzhen Echo Co., Ltd.".into()),
            receiver: Some("Acme GmbH".into()),
            confidence: 0.9,
            rules: vec!["en.grant-back.improvements".into()],
            defined_terms: vec!["Improvements".into()],
            parallel: None,
        }
    }

    fn analysis(clauses: Vec<Clause>) -> Analysis {
        let segments = (0..4)
            .map(|i| Segment {
                text: format!("segment {i}"),
                location: Location {
                    page: Some(1),
                    section: Some("3.2".into()),
                    paragraph: Some(i + 1),
                },
                ..Segment::default()
            })
            .collect();
        Analysis {
            segments,
            clauses,
            export_flow: ExportFlow::Outbound,
            definitions: [("Improvements".to_owned(), 0usize)].into_iter().collect(),
            ..Analysis::default()
        }
    }

    fn tech(status: ItemStatus, paragraph: u32) -> TechMatch {
        TechMatch {
            ocr: None,
            segment: paragraph as usize - 1,
            numbering: None,
            edition_code: None,
            generic: false,
            item: "086501X".into(),
            control_point: Some(18),
            name: "AI interactive interface".into(),
            name_zh: "人工智能交互界面技术".into(),
            status,
            keyword: "speech recognition".into(),
            matched: "speech recognition".into(),
            location: Location {
                page: Some(1),
                section: Some("3.2".into()),
                paragraph: Some(paragraph),
            },
            in_clause: true,
            corroborated: true,
            corroboration: None,
            verification: "secondary".into(),
        }
    }

    #[test]
    fn grant_back_of_restricted_technology_defined_elsewhere_is_high() {
        let a = analysis(vec![clause(ClauseKind::GrantBack, Direction::Outbound, 2)]);
        let out = assess(&a, &[tech(ItemStatus::Restricted, 1)], &[]);
        assert_eq!(out.risk, Severity::High);
        assert_eq!(out.findings[0].rule, "TS201");
        assert!(
            out.findings[0]
                .message
                .contains("definition the clause uses")
        );
        assert!((out.findings[0].confidence - 0.9).abs() < 1e-6);
    }

    #[test]
    fn prohibited_technology_outbound_is_critical() {
        let a = analysis(vec![clause(ClauseKind::KnowHow, Direction::Outbound, 2)]);
        let out = assess(&a, &[tech(ItemStatus::Prohibited, 3)], &[]);
        assert_eq!(out.risk, Severity::Critical);
        assert_eq!(out.findings[0].rule, "TS101");
    }

    #[test]
    fn technology_named_elsewhere_lowers_confidence() {
        let a = analysis(vec![clause(ClauseKind::Licence, Direction::Outbound, 2)]);
        let out = assess(&a, &[tech(ItemStatus::Restricted, 4)], &[]);
        assert_eq!(out.findings[0].rule, "TS201");
        assert!(out.findings[0].confidence < 0.6);
        assert!(out.findings[0].message.contains("elsewhere"));
    }

    #[test]
    fn outbound_without_catalogue_match_is_medium() {
        let a = analysis(vec![clause(
            ClauseKind::TechnicalServices,
            Direction::Outbound,
            2,
        )]);
        let out = assess(&a, &[], &[]);
        assert_eq!(out.risk, Severity::Medium);
        assert_eq!(out.findings[0].rule, "TS302");
    }

    #[test]
    fn inbound_transfer_is_low_and_catalogue_term_in_passing_reported() {
        let a = analysis(vec![clause(ClauseKind::Licence, Direction::Inbound, 2)]);
        let out = assess(&a, &[tech(ItemStatus::Restricted, 4)], &[]);
        let rules: Vec<&str> = out.findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, ["TS401", "TS402"]);
        assert_eq!(out.risk, Severity::Low);
    }

    #[test]
    fn unclear_direction_with_listed_technology_is_medium() {
        let a = analysis(vec![clause(ClauseKind::Assignment, Direction::Unclear, 2)]);
        let out = assess(&a, &[tech(ItemStatus::Prohibited, 3)], &[]);
        assert_eq!(out.findings[0].rule, "TS301");
        assert_eq!(out.risk, Severity::Medium);
    }

    #[test]
    fn no_clauses_and_no_technology_is_no_risk() {
        let out = assess(&analysis(vec![]), &[], &[]);
        assert!(out.findings.is_empty());
        assert_eq!(out.risk, Severity::None);
    }

    #[test]
    fn chinese_messages_legal_basis_and_actions() {
        let a = analysis(vec![clause(ClauseKind::GrantBack, Direction::Outbound, 2)]);
        let mut m = tech(ItemStatus::Restricted, 1);
        m.name = "信息处理技术 — 人工智能交互界面技术".into();
        let out = assess_in(&a, &[m], &[], Lang::Zh);
        let f = &out.findings[0];
        assert_eq!(f.rule, "TS201");
        assert_eq!(
            f.message,
            "将改进技术回授至境外（回授本身即构成技术出口），由Shenzhen Echo Co., Ltd.向Acme GmbH：限制出口技术“信息处理技术 — 人工智能交互界面技术”（086501X，控制要点18），见于该条款所使用的定义（p. 1, § 3.2, ¶ 1），匹配词“speech recognition”"
        );
        assert!(
            f.legal_basis
                .starts_with("《中华人民共和国技术进出口管理条例》")
        );
        assert!(f.action.contains("技术出口许可证"));
        // The decision does not depend on the language.
        let en = assess(&a, &[tech(ItemStatus::Restricted, 1)], &[]);
        assert_eq!(
            (en.risk, en.findings.len(), en.findings[0].confidence),
            (out.risk, out.findings.len(), f.confidence)
        );
    }

    #[test]
    fn a_generic_term_finding_says_what_corroborated_it() {
        let a = analysis(vec![clause(ClauseKind::Licence, Direction::Outbound, 2)]);
        let mut m = tech(ItemStatus::Restricted, 1);
        m.generic = true;
        m.corroboration = Some(crate::model::Corroboration {
            by: Some("LiDAR".into()),
            location: Some(Location {
                page: Some(1),
                section: None,
                paragraph: Some(2),
            }),
        });
        let out = assess(&a, std::slice::from_ref(&m), &[]);
        assert!(
            out.findings[0].message.ends_with(
                "; generic term, counted with the specific term \"LiDAR\" nearby (p. 1, ¶ 2)"
            ),
            "{}",
            out.findings[0].message
        );
        let zh = assess_in(&a, &[m], &[], Lang::Zh);
        assert!(
            zh.findings[0]
                .message
                .ends_with("；通用术语，因附近有特定术语“LiDAR”（p. 1, ¶ 2）而计入")
        );
    }

    #[test]
    fn unreadable_page_warning_becomes_a_finding_with_its_page() {
        let out = assess(
            &analysis(vec![]),
            &[],
            &["page 7: no text layer (scanned image?)".to_owned()],
        );
        assert_eq!(out.findings[0].rule, "TS901");
        assert_eq!(out.findings[0].location.page, Some(7));
    }
}
