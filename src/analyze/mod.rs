//! Analysis of extracted text: segmentation (sections, numbering, headings), defined terms,
//! parties and their jurisdictions, transfer-clause classification and the direction of
//! each transfer across the mainland border.
//!
//! Rules are data (`dictionaries/clauses.toml`, `dictionaries/parties.toml`), loaded and
//! validated once into an [`Analyzer`] that is shared read-only across threads. This
//! module never looks at the catalogue and never decides risk.

mod bilingual;
mod clauses;
mod definitions;
mod direction;
mod parties;
mod party_table;
mod rules;
pub mod scorer;
mod segment;
mod terms;
mod venture;
mod world;

use std::collections::{BTreeMap, BTreeSet};

use crate::error::DictionaryError;
use crate::extract::normalize::detect_language;
use crate::model::{Clause, Direction, ExportFlow, Extracted, Party, Region, Segment};

pub use rules::{BUILTIN_CLAUSES, RuleSet};
pub use world::{World, shared as world_data};

/// Confidence factor for a clause whose giver or receiver had to be inferred.
const INFERRED_FACTOR: f32 = 0.85;
/// Confidence factor for a clause whose direction stayed unclear.
const UNCLEAR_FACTOR: f32 = 0.7;

/// Everything analysis learns about one document.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// Normalised, located paragraphs in reading order.
    pub segments: Vec<Segment>,
    /// `en`, `zh` or `und`.
    pub language: String,
    pub parties: Vec<Party>,
    /// Party-like mentions in transfer clauses that bind to no party.
    pub unresolved_mentions: Vec<crate::model::UnresolvedMention>,
    /// Transfer clauses, sorted by location then kind.
    pub clauses: Vec<Clause>,
    /// Defined term (as written) → index of the segment that defines it.
    pub definitions: BTreeMap<String, usize>,
    /// Segments where catalogue keywords count as "in a transfer clause": the clauses'
    /// own segments plus the definitions those clauses use.
    pub transfer_context: BTreeSet<usize>,
    pub export_flow: ExportFlow,
    /// Why the export flow is what it is, one line.
    pub export_flow_reason: String,
    /// Problems the analysis found in the document itself (language versions that differ).
    pub warnings: Vec<String>,
}

/// Compiled clause and party rules, built once per run.
#[derive(Debug)]
pub struct Analyzer {
    rules: RuleSet,
    cues: parties::PartyCues,
}

/// The text of the built-in clause and party rules, in load order (a result depends on
/// them: the cache key includes them).
pub const BUILTIN_DICTIONARIES: [&str; 3] = [
    rules::BUILTIN_CLAUSES,
    parties::BUILTIN_PARTIES,
    world::BUILTIN_WORLD,
];

impl Analyzer {
    /// Loads and validates the built-in rules in `dictionaries/clauses.toml` and
    /// `dictionaries/parties.toml`.
    ///
    /// # Errors
    /// Every problem in the rules, with file and line.
    pub fn builtin() -> Result<Analyzer, DictionaryError> {
        Analyzer::combine(RuleSet::builtin(), parties::PartyCues::builtin())
    }

    /// Loads and validates clause rules and party cues from `(file name, TOML text)` pairs,
    /// with the same validation as the built-in files (used by the dictionary fuzz target).
    ///
    /// # Errors
    /// Every problem in both files, each with file and line.
    pub fn parse(
        clauses: (&str, &str),
        parties: (&str, &str),
    ) -> Result<Analyzer, DictionaryError> {
        Analyzer::combine(
            RuleSet::parse(clauses.1, clauses.0),
            parties::PartyCues::parse(parties.1, parties.0),
        )
    }

    fn combine(
        rules: Result<RuleSet, DictionaryError>,
        cues: Result<parties::PartyCues, DictionaryError>,
    ) -> Result<Analyzer, DictionaryError> {
        let cues = cues.and_then(|c| c.with_world(world::shared()?));
        match (rules, cues) {
            (Ok(rules), Ok(cues)) => Ok(Analyzer { rules, cues }),
            (r, c) => {
                let mut all = Vec::new();
                all.extend(r.err().map(|e| e.0).unwrap_or_default());
                all.extend(c.err().map(|e| e.0).unwrap_or_default());
                Err(DictionaryError(all))
            }
        }
    }

    /// Number of clause rules and exclusions loaded.
    pub fn rule_counts(&self) -> (usize, usize) {
        (self.rules.rules.len(), self.rules.exclusions.len())
    }

    /// Analyses one extracted document.
    pub fn analyze(&self, extracted: &Extracted) -> Analysis {
        let segments = segment::segment(&extracted.blocks);
        let language = detect_language(segments.iter().map(|s| s.text.as_str())).to_owned();
        let definitions = definitions::find(&segments);
        let mut parties = parties::find(&segments, &self.cues, &language);
        parties::bind_short_names(&mut parties, &segments);
        // The joint venture the contract sets up, when the party table has it as a row: it
        // is where the contract places it (a Chinese contract may set one up abroad).
        let venture = parties
            .iter()
            .position(|p| p.kind == crate::model::PartyKind::JvToBeFormed);
        let jv_mainland = match venture.map(|i| parties[i].region) {
            Some(r) if r != Region::Unknown => r == Region::Mainland,
            _ => jv_in_mainland(&segments, &language, &self.cues),
        };
        // Directions see the joint venture as a party of its own: in a Sino-foreign JV
        // contract the technology goes from the foreign party to the company (合营公司),
        // not to the Chinese partner. The venture's row answers to the usual names of a
        // venture too.
        let mut flow_parties = parties.clone();
        match venture {
            // A Chinese contract calls its venture 合资公司 or 合营公司 whether it defines the
            // word or not; an English one by the names it defines.
            Some(i) if language == "zh" => {
                let row = &mut flow_parties[i];
                for a in joint_venture(&segments, &language).aliases {
                    if !row.aliases.contains(&a) {
                        row.aliases.push(a);
                    }
                }
            }
            None if jv_mainland => flow_parties.push(joint_venture(&segments, &language)),
            Some(_) | None => {}
        }
        let ctx = direction::Context {
            parties: &flow_parties,
            sides: Some(&self.cues.sides),
            jv_in_mainland: jv_mainland,
        };
        let party_words: BTreeSet<String> = parties
            .iter()
            .flat_map(|p| std::iter::once(&p.name).chain(&p.aliases).chain(&p.role))
            .cloned()
            .collect();

        let party_forms: Vec<String> = parties.iter().flat_map(direction::forms).collect();
        let texts: Vec<&str> = segments.iter().map(|s| s.text.as_str()).collect();
        let heading_of = headings(&segments);
        let sections: Vec<Option<&str>> = segments
            .iter()
            .map(|s| s.location.section.as_deref())
            .collect();
        let candidates = clauses::classify_in(
            &texts,
            clauses::Context {
                heading_of: &heading_of,
                definitions: Some(&definitions),
                sections: &sections,
                party_forms: &party_forms,
            },
            &self.rules,
        );
        let mut resolved: Vec<direction::Resolved> = candidates
            .iter()
            .map(|c| direction::resolve(&segments[c.segment].text, c, &ctx))
            .map(|r| into_venture(r, venture.map(|i| &parties[i]), &parties))
            .collect();
        direction::complete_sides(&mut resolved, &flow_parties);
        let giver_roles: BTreeSet<&str> = flow_parties
            .iter()
            .filter(|p| {
                p.role.iter().chain(&p.aliases).any(|r| {
                    self.cues
                        .sides
                        .giver
                        .iter()
                        .any(|w| w.eq_ignore_ascii_case(r.trim()))
                })
            })
            .map(|p| p.name.as_str())
            .collect();
        let keep = transfers_that_flow(&candidates, &resolved, &giver_roles);
        let term_finder = definitions::TermFinder::new(
            definitions
                .keys()
                .filter(|t| !party_words.contains(*t))
                .map(String::as_str),
        );
        let mut clauses: Vec<Clause> = candidates
            .iter()
            .zip(resolved)
            .zip(keep)
            .filter(|((_, r), keep)| *keep && !r.blank_owner)
            // A transfer needs two different parties: `其知识产权归合营公司所有` said of the
            // venture's own improvements moves nothing.
            .filter(|((_, r), _)| !matches!((&r.giver, &r.receiver), (Some(g), Some(r)) if g == r))
            // A heading (`4. Improvements and Grant-Back`, `第六章 技术出资与技术服务`) names a
            // topic; the operative clauses under it are found on their own.
            .filter(|((c, _), _)| !segments[c.segment].heading)
            .map(|((c, resolved), _)| {
                let seg = &segments[c.segment];
                let mut location = seg.location.clone();
                if c.sentence.start > 0 {
                    if let Some(s) = segment::inline_section(&seg.text, c.sentence.start + 1) {
                        location.section = Some(s);
                    }
                }
                let mut text = clauses::evidence(&seg.text, &c.sentence, &c.anchor);
                // A lead-in quotes the list item that names its object too.
                if let Some(item) = c.list_item.and_then(|j| segments.get(j)) {
                    text.push(' ');
                    text.push_str(&clauses::evidence(
                        &item.text,
                        &(0..item.text.len()),
                        &(0..0),
                    ));
                }
                let mut used: Vec<usize> = term_finder
                    .find(&text)
                    .into_iter()
                    .map(|(i, _, _)| i)
                    .collect();
                used.sort_unstable();
                used.dedup();
                let defined_terms: Vec<String> = used
                    .into_iter()
                    .filter_map(|i| term_finder.terms().get(i).map(|t| (*t).to_owned()))
                    .collect();
                let factor = match resolved.direction {
                    Direction::Unclear => UNCLEAR_FACTOR,
                    _ if !resolved.explicit => INFERRED_FACTOR,
                    _ => 1.0,
                };
                Clause {
                    ocr: None,
                    segment: c.segment,
                    kind: c.kind,
                    text,
                    location,
                    outbound: resolved.direction == Direction::Outbound,
                    direction: resolved.direction,
                    giver: resolved.giver,
                    receiver: resolved.receiver,
                    confidence: (c.confidence * factor * 100.0).round() / 100.0,
                    rules: c.rules.clone(),
                    defined_terms,
                    parallel: None,
                }
            })
            .collect();
        // A reference to a grant made elsewhere ("the license granted in this Section")
        // stands in for the grant only when the grant itself was not found.
        // Such a reference names the parties of whatever it says (`manufactured by the
        // Company under the license granted …`), not the grant's sides: it claims none.
        let fallback: Vec<bool> = clauses
            .iter()
            .map(|c| self.rules.only_fallback(&c.rules))
            .collect();
        let direct: BTreeSet<crate::model::ClauseKind> = clauses
            .iter()
            .zip(&fallback)
            .filter(|(_, f)| !**f)
            .map(|(c, _)| c.kind)
            .collect();
        let mut fallback = fallback.into_iter();
        clauses.retain_mut(|c| {
            if !fallback.next().unwrap_or(false) {
                return true;
            }
            c.giver = None;
            c.receiver = None;
            c.direction = Direction::Unclear;
            c.outbound = false;
            !direct.contains(&c.kind)
        });
        clauses.sort_by_key(|c| (c.segment, c.kind));
        inherit_from_lead_in(&mut clauses, &parties);
        licences_back(&mut clauses);
        // Written in Chinese counts as naming the mainland: the language itself is the
        // strongest hint that a party may be there, so silence is not evidence of absence.
        let mentions_mainland = language == "zh"
            || segments.iter().any(|s| {
                self.cues
                    .region_in(&s.text)
                    .is_some_and(|(r, _)| r == crate::model::Region::Mainland)
            });
        if !mentions_mainland {
            // An agreement that names no place, party or law of mainland China anywhere
            // cannot move technology out of it: its unresolved clauses are not "unclear".
            for c in clauses
                .iter_mut()
                .filter(|c| c.direction == Direction::Unclear)
            {
                c.direction = Direction::NoMainland;
            }
        }
        clauses.sort_by(|a, b| {
            (&a.location, a.segment, a.kind).cmp(&(&b.location, b.segment, b.kind))
        });
        let warnings = bilingual::pair(&mut clauses, &segments);

        let mut transfer_context = BTreeSet::new();
        for c in &clauses {
            transfer_context.insert(c.segment);
            for t in &c.defined_terms {
                if let Some(&i) = definitions.get(t) {
                    transfer_context.insert(i);
                }
            }
        }
        let summary: Vec<_> = clauses
            .iter()
            .map(|c| {
                let loc = c
                    .location
                    .section
                    .as_ref()
                    .map_or_else(|| c.location.display(), |s| format!("clause {s}"));
                (
                    loc,
                    c.kind,
                    c.direction,
                    c.giver.clone(),
                    c.receiver.clone(),
                )
            })
            .collect();
        let (export_flow, export_flow_reason) =
            direction::export_flow(&summary, &parties, mentions_mainland);
        // Reported, not used: a role word in a clause that no party answers to.
        let unresolved_mentions = parties::unresolved_mentions(&clauses, &flow_parties, &self.cues);
        Analysis {
            segments,
            language,
            parties,
            unresolved_mentions,
            clauses,
            definitions,
            transfer_context,
            export_flow,
            export_flow_reason,
            warnings,
        }
    }
}

/// Sub-items take their parties from the clause that introduces them: in `第十二条 乙方应提供以下
/// 技术服务：` followed by `（一）派遣工程师到合营公司现场…`, the item's giver is 乙方. A lead-in
/// that ends with a colon gives both sides to its items; any other enclosing clause of the
/// same kind fills only the sides an item leaves open. `clauses` must be in document order.
fn inherit_from_lead_in(clauses: &mut [Clause], parties: &[Party]) {
    let region = |name: &str| -> Region {
        parties.iter().find(|p| p.name == name).map_or_else(
            || {
                if name == JV_IN_CHINA {
                    Region::Mainland
                } else {
                    Region::Unknown
                }
            },
            |p| p.region,
        )
    };
    for i in 0..clauses.len() {
        let Some(section) = clauses[i].location.section.clone() else {
            continue;
        };
        let parent = (0..i).rev().find(|&j| {
            let p = &clauses[j];
            p.kind == clauses[i].kind
                && p.giver.is_some()
                && p.receiver.is_some()
                && p.location
                    .section
                    .as_ref()
                    .is_some_and(|s| section.len() > s.len() && section.starts_with(s.as_str()))
        });
        let Some(j) = parent else { continue };
        let lead_in = clauses[j].text.trim_end().ends_with([':', '：']);
        let (giver, receiver) = (clauses[j].giver.clone(), clauses[j].receiver.clone());
        let c = &mut clauses[i];
        if lead_in || c.giver.is_none() {
            c.giver = giver;
        }
        if lead_in || c.receiver.is_none() {
            c.receiver = receiver;
        }
        if let (Some(g), Some(r)) = (&c.giver, &c.receiver) {
            let dir = if g == r {
                Direction::Unclear
            } else {
                direction::direction(region(g), region(r))
            };
            if c.direction == Direction::Unclear && dir != Direction::Unclear {
                c.confidence = (c.confidence / UNCLEAR_FACTOR * INFERRED_FACTOR).min(1.0);
                c.confidence = (c.confidence * 100.0).round() / 100.0;
            }
            c.direction = dir;
            c.outbound = dir == Direction::Outbound;
        }
    }
}

/// Which candidates move technology, judged against the contract's *provider* — the party
/// that mostly gives its main-technology clauses (licence, know-how, assignment, services).
/// A party whose role names the giver's side (`Licensor`, `受托方`, `Seller`; `[sides]` in
/// parties.toml) is a provider too, so that a contract with no transfer of its own still
/// reads `…的知识产权归卖方所有` as the seller keeping what it has. One misread clause
/// naming the provider as a recipient does not make it a recipient:
/// - a grant-back flows back to the provider: improvements the provider passes forward are
///   no grant-back;
/// - ownership that vests in (or stays with) the provider (`shall be the property of`,
///   `归…所有`; not "Party A owns …, whether created by Party A or Party B", whose giver is
///   the other creator) is no assignment: `工艺包的著作权归
///   受托方`, `知识产权属于许可人` say the provider keeps what it provides; and an assignment to
///   the provider in a sentence that states a grant-back (`乙方的改进…归甲方所有，乙方同意将
///   改进的全部权利转让给甲方`) is that grant-back, reported once.
fn transfers_that_flow(
    candidates: &[clauses::Candidate],
    resolved: &[direction::Resolved],
    giver_roles: &BTreeSet<&str>,
) -> Vec<bool> {
    use crate::model::ClauseKind;
    use rules::Actor;
    let vests = |c: &clauses::Candidate| c.actor == Actor::Owner;
    let main = |c: &clauses::Candidate| {
        matches!(
            c.kind,
            ClauseKind::Licence | ClauseKind::KnowHow | ClauseKind::TechnicalServices
        ) || (c.kind == ClauseKind::Assignment && !vests(c))
    };
    // Per party: how many main-technology clauses it gives and receives.
    let mut given: BTreeMap<&str, usize> = BTreeMap::new();
    let mut received: BTreeMap<&str, usize> = BTreeMap::new();
    for (c, r) in candidates.iter().zip(resolved) {
        if main(c) && !r.mutual && r.direction != Direction::Unclear {
            if let Some(g) = &r.giver {
                *given.entry(g).or_default() += 1;
            }
            if let Some(x) = &r.receiver {
                *received.entry(x).or_default() += 1;
            }
        }
    }
    let provider = |p: Option<&str>| {
        p.is_some_and(|p| {
            giver_roles.contains(p)
                || given.get(p).copied().unwrap_or(0) > 2 * received.get(p).copied().unwrap_or(0)
        })
    };
    let grant_back = |r: &direction::Resolved| r.mutual || !provider(r.giver.as_deref());
    let stated: BTreeSet<(usize, usize)> = candidates
        .iter()
        .zip(resolved)
        .filter(|(c, r)| c.kind == ClauseKind::GrantBack && grant_back(r))
        .map(|(c, _)| (c.segment, c.sentence.start))
        .collect();
    candidates
        .iter()
        .zip(resolved)
        .map(|(c, r)| match c.kind {
            ClauseKind::GrantBack => grant_back(r),
            ClauseKind::Assignment if !r.mutual && provider(r.receiver.as_deref()) => {
                !vests(c) && !stated.contains(&(c.segment, c.sentence.start))
            }
            _ => true,
        })
        .collect()
}

/// Id in `Clause.rules` of a grant-back found by the roles of a licence, not by its words.
pub const LICENCE_BACK: &str = "derived.grant-back.licence-back";
/// The rules that find a licence granted in so many words ("hereby grants … a license",
/// "甲方许可乙方使用").
const GRANTS: [&str; 2] = ["en.licence.hereby-grants", "zh.licence.permit-use"];

/// A licence from the main licence's licensee back to its licensor is a licence-back: a
/// grant-back, whatever it covers (`10.3 License to MacroGenics. Green Cross hereby grants
/// to MacroGenics a royalty-free, worldwide license … under the Green Cross Licensed
/// Patents`, after MacroGenics licensed Green Cross in 10.1). The main licence is the
/// first one granted in so many words, with both sides resolved, in a sentence that
/// neither defines a term nor states a grant-back. Each licence-back is
/// also reported as a grant-back, with the licence's evidence and the id [`LICENCE_BACK`]
/// added to its rules. `clauses` must be in document order.
fn licences_back(clauses: &mut Vec<Clause>) {
    use crate::model::ClauseKind;
    // Only a licence granted in so many words, with both sides named in it, counts on
    // either side: a weaker reading would turn its own errors into grant-backs.
    let granted = |c: &Clause| {
        c.kind == ClauseKind::Licence
            && c.rules.iter().any(|r| GRANTS.contains(&r.as_str()))
            && c.confidence >= 0.8
            && c.direction != Direction::Unclear
            && c.giver.is_some()
            && c.receiver.is_some()
            && c.giver != c.receiver
    };
    let stated: BTreeSet<usize> = clauses
        .iter()
        .filter(|c| c.kind == ClauseKind::GrantBack)
        .map(|c| c.segment)
        .collect();
    let main = clauses.iter().find(|c| {
        granted(c) && !stated.contains(&c.segment) && definitions::defined_in(&c.text).is_empty()
    });
    let Some((licensor, licensee)) = main.map(|c| (c.giver.clone(), c.receiver.clone())) else {
        return;
    };
    let backs: Vec<Clause> = clauses
        .iter()
        .filter(|c| {
            granted(c)
                && c.giver == licensee
                && c.receiver == licensor
                && !stated.contains(&c.segment)
        })
        .map(|c| {
            let mut rules = c.rules.clone();
            rules.push(LICENCE_BACK.to_owned());
            Clause {
                kind: ClauseKind::GrantBack,
                rules,
                confidence: (c.confidence * 0.9 * 100.0).round() / 100.0,
                ..c.clone()
            }
        })
        .collect();
    if !backs.is_empty() {
        clauses.extend(backs);
        clauses.sort_by_key(|c| (c.segment, c.kind));
    }
}

/// For each segment, the nearest heading before it whose section (when both have one)
/// contains the segment's section: `3.2 Grant Back by Purchaser` governs the paragraphs of
/// § 3.2 that follow it.
fn headings(segments: &[Segment]) -> Vec<Option<usize>> {
    let mut last: Option<usize> = None;
    segments
        .iter()
        .enumerate()
        .map(|(i, seg)| {
            if seg.heading {
                last = Some(i);
                return None;
            }
            last.filter(
                |&h| match (&segments[h].location.section, &seg.location.section) {
                    (Some(hs), Some(ss)) => ss.starts_with(hs.as_str()),
                    _ => true,
                },
            )
        })
        .collect()
}

/// A contribution resolved to "the joint venture" goes to the venture's row of the party
/// table, where the contract sets it up.
fn into_venture(
    mut r: direction::Resolved,
    venture: Option<&Party>,
    parties: &[Party],
) -> direction::Resolved {
    let Some(v) = venture else { return r };
    if !matches!(
        r.receiver.as_deref(),
        Some(JV_IN_CHINA | "the joint venture")
    ) {
        return r;
    }
    let giver = r
        .giver
        .as_ref()
        .and_then(|g| parties.iter().find(|p| &p.name == g))
        .map_or(Region::Unknown, |p| p.region);
    r.receiver = Some(v.name.clone());
    // What the venture gives itself stays as direction finding left it.
    if v.region != Region::Unknown && r.giver.as_deref() != Some(v.name.as_str()) {
        r.direction = direction::direction(giver, v.region);
    }
    r
}

/// The name directions give a joint venture established in the mainland.
pub const JV_IN_CHINA: &str = "the joint venture (in China)";

/// The joint venture as a party for direction finding, with the names the contract calls it.
/// Plain `公司` counts only where the contract defines it as its short name (`简称"公司"`).
fn joint_venture(segments: &[Segment], language: &str) -> Party {
    const ZH_SHORT_NAME: [&str; 5] = [
        "简称\"公司\"",
        "简称“公司”",
        "简称公司",
        "简称为“公司”",
        "简称为\"公司\"",
    ];
    let mut aliases: Vec<String> = if language == "zh" {
        parties::ZH_JV_NAMES.map(str::to_owned).to_vec()
    } else {
        [
            "Joint Venture Company",
            "JV Company",
            "JVC",
            "Joint Venture",
            "JV",
        ]
        .map(str::to_owned)
        .to_vec()
    };
    let short_name = segments
        .iter()
        .any(|s| ZH_SHORT_NAME.iter().any(|m| s.text.contains(m)));
    if language == "zh" && short_name {
        aliases.push("公司".to_owned());
    }
    Party {
        name: JV_IN_CHINA.to_owned(),
        jurisdiction: Some("mainland (joint venture established in China)".to_owned()),
        region: Region::Mainland,
        role: None,
        aliases,
        evidence: String::new(),
        location: crate::model::Location::default(),
        ..Party::default()
    }
}

/// Whether a joint venture in the document is (to be) established in the mainland.
fn jv_in_mainland(segments: &[Segment], language: &str, cues: &parties::PartyCues) -> bool {
    const ZH_JV: [&str; 5] = ["合营公司", "合资公司", "合资经营", "合营企业", "合作经营"];
    segments.iter().any(|s| {
        if language == "zh" {
            ZH_JV.iter().any(|m| s.text.contains(m))
        } else {
            let lower = s.text.to_ascii_lowercase();
            (lower.contains("joint venture") || lower.contains("business venture"))
                && cues
                    .region_in(&s.text)
                    .is_some_and(|(r, _)| r == crate::model::Region::Mainland)
        }
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
