//! Clause-rule dictionary: the serde schema of `dictionaries/clauses.toml`, its validation
//! (every problem at once, with file and line) and the compiled, read-only form the
//! classifier uses.
//!
//! This module owns the rule *data*; it does not look at documents. Matching lives in
//! `terms.rs` (the term automaton) and `clauses.rs` (sentences and vetoes). The schema is
//! documented in `dictionaries/README.md` under "Clause rules".

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{DictionaryError, DictionaryProblem};
use crate::model::ClauseKind;

use super::terms::{Term, TermSet};

/// The shipped clause rules, embedded at build time.
pub const BUILTIN_CLAUSES: &str = include_str!("../../dictionaries/clauses.toml");
/// Name used for the shipped file in problems.
pub const BUILTIN_CLAUSES_NAME: &str = "dictionaries/clauses.toml";

/// Which party the subject of a rule's operative element is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Actor {
    /// The subject gives the technology ("Licensor hereby grants").
    #[default]
    Giver,
    /// The subject receives it ("Licensee shall be entitled to use", "乙方有权使用").
    Receiver,
    /// The party named at or after the operative element receives it ("shall be owned by
    /// the Client", "归甲方所有"); a subject before it is the giver.
    Owner,
    /// The subject owns ("Party A owns the sole and exclusive right … whether created by
    /// Party A or Party B"); the giver is the other creator named with `by` after it.
    Holder,
}

/// A whole clause-rule file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    /// Named term lists, referenced from patterns as `@name`.
    #[serde(default)]
    terms: BTreeMap<String, Spanned<Vec<String>>>,
    #[serde(default)]
    rule: Vec<Spanned<RuleDef>>,
    #[serde(default)]
    exclusion: Vec<Spanned<ExclusionDef>>,
}

/// One `[[rule]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDef {
    id: String,
    kind: ClauseKind,
    lang: String,
    /// Any one of these marks the operative act (grant, assign, provide, contribute).
    operative: Vec<String>,
    /// Any one of these marks the object (patents, know-how, software, services).
    object: Vec<String>,
    confidence: f32,
    /// Maximum distance in words (CJK characters count one each) between the operative
    /// and the object element; unlimited within the sentence when absent.
    #[serde(default)]
    within: Option<usize>,
    #[serde(default)]
    actor: Actor,
    /// The operative element may be found in the heading of the section the sentence is
    /// under (`3.2 Grant Back by Purchaser`), provided another rule finds a licence or an
    /// assignment in the sentence itself.
    #[serde(default)]
    heading: bool,
    /// The rule finds a *reference* to a transfer made elsewhere in the agreement ("the
    /// license granted in this Section 2.6"): its clauses are reported only when no other
    /// rule finds a clause of the same kind in the document.
    #[serde(default)]
    fallback: bool,
    #[serde(default)]
    note: Option<String>,
}

/// One `[[exclusion]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExclusionDef {
    id: String,
    lang: String,
    /// Kinds this exclusion vetoes; all kinds when absent.
    #[serde(default)]
    kinds: Vec<ClauseKind>,
    /// Any one of these in a sentence triggers the exclusion...
    terms: Vec<String>,
    /// ...provided one of these is present too (when given)...
    #[serde(default)]
    with: Vec<String>,
    /// ...and none of these is present.
    #[serde(default)]
    unless: Vec<String>,
    /// What the exclusion speaks about: the clause an operative word stands in (default),
    /// the whole sentence, or what the operative word takes (see [`Scope`]).
    #[serde(default)]
    scope: Scope,
    #[serde(default)]
    note: Option<String>,
}

/// How far an exclusion reaches.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// The clause of the sentence the operative word stands in (between `;`, `；`, a
    /// Chinese comma, or `, provided that` / `and shall`): "Developer hereby assigns the
    /// Developed IP and shall procure that its employees assign their rights" keeps its
    /// assignment although "employees assign" is no transfer of rights.
    #[default]
    Clause,
    /// The whole sentence: exclusions that say what kind of text the sentence is (a recital,
    /// a definition of confidential information, a signature block, a template's note).
    Sentence,
    /// What the operative word takes: the exclusion vetoes an operative word only when one of
    /// its terms stands at least as near to it as the nearest object of the rule. "Neither
    /// party may assign its rights under this Agreement" assigns the contract; "hereby assigns
    /// … all Intellectual Property Rights which arise in performing his obligations under
    /// this Agreement" assigns the intellectual property, which is named first.
    Object,
}

/// A compiled classification rule.
#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub kind: ClauseKind,
    pub lang: String,
    pub operative: Vec<Term>,
    pub object: Vec<Term>,
    pub confidence: f32,
    pub within: Option<usize>,
    pub actor: Actor,
    /// See `RuleDef::heading`.
    pub heading: bool,
    /// See `RuleDef::fallback`.
    pub fallback: bool,
}

/// A compiled exclusion (veto).
#[derive(Clone, Debug)]
pub struct Exclusion {
    pub id: String,
    pub kinds: Vec<ClauseKind>,
    pub scope: Scope,
    pub terms: Vec<Term>,
    pub with: Vec<Term>,
    pub unless: Vec<Term>,
}

impl Exclusion {
    /// Whether this exclusion vetoes `kind`.
    pub fn vetoes(&self, kind: ClauseKind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }
}

/// All clause rules, compiled into one term automaton.
#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub exclusions: Vec<Exclusion>,
    pub terms: TermSet,
}

impl RuleSet {
    /// Whether every rule of `ids` is a fallback rule (see `RuleDef::fallback`).
    pub fn only_fallback(&self, ids: &[String]) -> bool {
        ids.iter().all(|id| {
            self.rules
                .iter()
                .find(|r| &r.id == id)
                .is_some_and(|r| r.fallback)
        })
    }

    /// Loads the shipped rules.
    ///
    /// # Errors
    /// Every problem in the shipped file (a bug in techscan).
    pub fn builtin() -> Result<RuleSet, DictionaryError> {
        RuleSet::parse(BUILTIN_CLAUSES, BUILTIN_CLAUSES_NAME)
    }

    /// Parses and validates a clause-rule file.
    ///
    /// # Errors
    /// Every problem found, each with `file` and 1-based line.
    pub fn parse(source: &str, file: &str) -> Result<RuleSet, DictionaryError> {
        let problem = |span: Option<std::ops::Range<usize>>, message: String| DictionaryProblem {
            file: file.to_owned(),
            line: span.map_or(0, |s| line_of(source, s.start)),
            message,
        };
        let parsed: RuleFile = toml::from_str(source)
            .map_err(|e| DictionaryError(vec![problem(e.span(), one_line(e.message()))]))?;

        let mut problems = Vec::new();
        let mut builder = TermSet::builder();
        let mut lists: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, list) in &parsed.terms {
            let at = Some(list.span());
            if list.get_ref().is_empty() {
                problems.push(problem(at.clone(), format!("term list `{name}` is empty")));
            }
            for t in list.get_ref() {
                if let Some(msg) = term_problem(t) {
                    problems.push(problem(at.clone(), format!("term list `{name}`: {msg}")));
                }
                if t.starts_with('@') {
                    problems.push(problem(
                        at.clone(),
                        format!("term list `{name}`: lists cannot reference lists (`{t}`)"),
                    ));
                }
            }
            lists.insert(name.clone(), list.get_ref().clone());
        }

        let mut seen = BTreeSet::new();
        let expand = |field: &str,
                      id: &str,
                      raw: &[String],
                      at: &std::ops::Range<usize>,
                      problems: &mut Vec<DictionaryProblem>,
                      builder: &mut super::terms::TermSetBuilder|
         -> Vec<Term> {
            let mut out = Vec::new();
            for t in raw {
                if let Some(name) = t.strip_prefix('@') {
                    match lists.get(name) {
                        Some(list) => out.extend(list.iter().map(|s| builder.term(s))),
                        None => problems.push(problem(
                            Some(at.clone()),
                            format!("{id}: {field} references unknown term list `@{name}`"),
                        )),
                    }
                } else {
                    if let Some(msg) = term_problem(t) {
                        problems.push(problem(Some(at.clone()), format!("{id}: {field}: {msg}")));
                    }
                    out.push(builder.term(t));
                }
            }
            out
        };

        let mut rules = Vec::new();
        for spanned in &parsed.rule {
            let at = spanned.span();
            let def = spanned.get_ref();
            check_id(&def.id, &def.lang, Some(def.kind), &mut seen, |m| {
                problems.push(problem(Some(at.clone()), m));
            });
            if def.operative.is_empty() || def.object.is_empty() {
                problems.push(problem(
                    Some(at.clone()),
                    format!("{}: operative and object must both be non-empty", def.id),
                ));
            }
            if !(0.0..=1.0).contains(&def.confidence) || def.confidence == 0.0 {
                problems.push(problem(
                    Some(at.clone()),
                    format!("{}: confidence {} is not in (0, 1]", def.id, def.confidence),
                ));
            }
            let _ = &def.note;
            let operative = expand(
                "operative",
                &def.id,
                &def.operative,
                &at,
                &mut problems,
                &mut builder,
            );
            let object = expand(
                "object",
                &def.id,
                &def.object,
                &at,
                &mut problems,
                &mut builder,
            );
            rules.push(Rule {
                id: def.id.clone(),
                kind: def.kind,
                lang: def.lang.clone(),
                operative,
                object,
                confidence: def.confidence,
                within: def.within,
                actor: def.actor,
                heading: def.heading,
                fallback: def.fallback,
            });
        }

        let mut exclusions = Vec::new();
        for spanned in &parsed.exclusion {
            let at = spanned.span();
            let def = spanned.get_ref();
            check_id(&def.id, &def.lang, None, &mut seen, |m| {
                problems.push(problem(Some(at.clone()), m));
            });
            if def.terms.is_empty() {
                problems.push(problem(
                    Some(at.clone()),
                    format!("{}: terms must be non-empty", def.id),
                ));
            }
            let _ = &def.note;
            let terms = expand(
                "terms",
                &def.id,
                &def.terms,
                &at,
                &mut problems,
                &mut builder,
            );
            let with = expand("with", &def.id, &def.with, &at, &mut problems, &mut builder);
            let unless = expand(
                "unless",
                &def.id,
                &def.unless,
                &at,
                &mut problems,
                &mut builder,
            );
            exclusions.push(Exclusion {
                id: def.id.clone(),
                kinds: def.kinds.clone(),
                scope: def.scope,
                terms,
                with,
                unless,
            });
        }

        if !problems.is_empty() {
            return Err(DictionaryError(problems));
        }
        let terms = builder.build().map_err(|e| {
            DictionaryError(vec![problem(
                None,
                format!("cannot build term matcher: {e}"),
            )])
        })?;
        Ok(RuleSet {
            rules,
            exclusions,
            terms,
        })
    }
}

/// Checks an id's shape (`lang.kind.name` or `lang.exclude.name`) and uniqueness.
fn check_id(
    id: &str,
    lang: &str,
    kind: Option<ClauseKind>,
    seen: &mut BTreeSet<String>,
    mut report: impl FnMut(String),
) {
    if !matches!(lang, "en" | "zh") {
        report(format!("{id}: lang `{lang}` is not `en` or `zh`"));
    }
    let parts: Vec<&str> = id.split('.').collect();
    let middle = kind.map_or("exclude", ClauseKind::as_str);
    if parts.len() != 3
        || parts[0] != lang
        || parts[1] != middle
        || parts[2].is_empty()
        || !parts[2]
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        report(format!(
            "{id}: id must be `{lang}.{middle}.<lowercase-name>`"
        ));
    }
    if !seen.insert(id.to_owned()) {
        report(format!("{id}: duplicate id"));
    }
}

/// Why a literal term is unusable, if it is.
fn term_problem(t: &str) -> Option<String> {
    if t.trim().is_empty() {
        return Some("empty term".to_owned());
    }
    if t.chars().any(|c| c.is_ascii_uppercase()) {
        return Some(format!(
            "term `{t}` must be lowercase (matching ignores ASCII case)"
        ));
    }
    if t != t.trim() {
        return Some(format!("term `{t}` has leading or trailing spaces"));
    }
    if t.split("...")
        .any(|p| p.trim().trim_end_matches('*').is_empty())
    {
        return Some(format!("term `{t}` has an empty piece around `...`"));
    }
    if t.split("...")
        .any(|p| p.trim().trim_end_matches('*').contains('*'))
    {
        return Some(format!(
            "term `{t}`: `*` may only end a piece (`licens*`, `grant* ... licen*`)"
        ));
    }
    None
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// 1-based line of a byte offset.
fn line_of(source: &str, offset: usize) -> usize {
    source
        .get(..offset.min(source.len()))
        .map_or(0, |s| s.bytes().filter(|&b| b == b'\n').count() + 1)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load() {
        let set = RuleSet::builtin().unwrap();
        assert!(set.rules.len() >= 20, "{} rules", set.rules.len());
        for kind in ClauseKind::ALL {
            for lang in ["en", "zh"] {
                assert!(
                    set.rules.iter().any(|r| r.kind == kind && r.lang == lang),
                    "no {lang} rule for {}",
                    kind.as_str()
                );
            }
        }
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let src = "[terms]\nobj = [\"patent\"]\n\n[[rule]]\nid = \"en.licence.x\"\nkind = \"licence\"\nlang = \"en\"\noperative = [\"Grant\", \"licen* granted\"]\nobject = [\"@nope\"]\nconfidence = 2.0\n\n[[exclusion]]\nid = \"en.licence.y\"\nlang = \"fr\"\nterms = []\n";
        let err = RuleSet::parse(src, "x.toml").unwrap_err();
        let text = err.to_string();
        for needle in [
            "x.toml:4: en.licence.x: operative: term `Grant` must be lowercase",
            "x.toml:4: en.licence.x: operative: term `licen* granted`: `*` may only end a piece",
            "x.toml:4: en.licence.x: object references unknown term list `@nope`",
            "x.toml:4: en.licence.x: confidence 2 is not in (0, 1]",
            "x.toml:12: en.licence.y: lang `fr`",
            "x.toml:12: en.licence.y: id must be",
            "x.toml:12: en.licence.y: terms must be non-empty",
        ] {
            assert!(text.contains(needle), "missing `{needle}` in:\n{text}");
        }
    }

    #[test]
    fn unknown_fields_are_rejected_with_a_line() {
        let src = "[[rule]]\nid = \"en.licence.x\"\nkind = \"licence\"\nlang = \"en\"\noperative = [\"grant\"]\nobject = [\"patent\"]\nconfidence = 0.5\ncolour = \"red\"\n";
        let err = RuleSet::parse(src, "x.toml").unwrap_err();
        assert_eq!(err.0.len(), 1);
        assert_eq!(err.0[0].line, 8, "{err}");
        assert!(err.0[0].message.contains("colour"), "{err}");
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let rule = "[[rule]]\nid = \"en.licence.x\"\nkind = \"licence\"\nlang = \"en\"\noperative = [\"grant\"]\nobject = [\"patent\"]\nconfidence = 0.5\n";
        let err = RuleSet::parse(&format!("{rule}{rule}"), "x.toml").unwrap_err();
        assert!(err.to_string().contains("duplicate id"), "{err}");
    }

    /// The shipped file stays canonical: rules sorted by id, exclusions sorted by id,
    /// every term list sorted and free of duplicates.
    #[test]
    fn shipped_clause_rules_are_canonical() {
        let parsed: RuleFile = toml::from_str(BUILTIN_CLAUSES).unwrap();
        let mut problems = Vec::new();
        let ids: Vec<&str> = parsed
            .rule
            .iter()
            .map(|r| r.get_ref().id.as_str())
            .collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        if ids != sorted {
            problems.push(format!(
                "rules not sorted by id:\n  have {ids:?}\n  want {sorted:?}"
            ));
        }
        let ids: Vec<&str> = parsed
            .exclusion
            .iter()
            .map(|r| r.get_ref().id.as_str())
            .collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        if ids != sorted {
            problems.push(format!(
                "exclusions not sorted by id:\n  have {ids:?}\n  want {sorted:?}"
            ));
        }
        for (name, list) in &parsed.terms {
            let list = list.get_ref();
            let mut want = list.clone();
            want.sort();
            want.dedup();
            if *list != want {
                problems.push(format!(
                    "term list `{name}`:\n  have {list:?}\n  want {want:?}"
                ));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
