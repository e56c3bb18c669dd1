//! Transfer-clause classification: every sentence of every segment is scanned once for
//! the clause rules' terms; a rule fires when its operative and its object element both
//! occur in the sentence (within `within` words when set), unless an exclusion vetoes
//! the rule's kind for the clause of the sentence the operative word stands in (or, for a
//! sentence-scope exclusion, for the whole sentence). One sentence can yield several kinds.
//!
//! This module produces *candidates* (kind, sentence, anchor, rule ids); `direction.rs`
//! decides who gives and who receives. It never looks at parties or the catalogue.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::model::ClauseKind;

use super::definitions;
use super::rules::{Actor, Exclusion, Rule, RuleSet, Scope};
use super::segment::{opens_list_item, sentences};
use super::terms::{Hits, words_between};

/// Longest clause text kept as evidence, in characters.
pub const MAX_TEXT: usize = 600;

/// One kind found in one sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub segment: usize,
    pub kind: ClauseKind,
    /// Byte range of the sentence in the segment text.
    pub sentence: Range<usize>,
    /// Byte range of the operative element that fired first.
    pub anchor: Range<usize>,
    /// How the subject of the operative element relates to the technology.
    pub actor: Actor,
    /// Ids of the rules that fired, in dictionary order.
    pub rules: Vec<String>,
    pub confidence: f32,
    /// For a lead-in (`提交开发成果可采取下列形式：`, "Licensor shall deliver the
    /// following:"), the segment of the list item that names the object.
    pub list_item: Option<usize>,
}

/// What the classifier may use beyond a sentence's own words.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context<'a> {
    /// For each segment, the heading segment it falls under (rules with `heading = true`
    /// look for their operative element there).
    pub heading_of: &'a [Option<usize>],
    /// Defined term → index of the segment defining it. A term whose definition contains
    /// one of a rule's object terms (and is not vetoed there, as a confidentiality
    /// definition is) counts as that object: "Licensor shall make available the Background
    /// Information" is a know-how disclosure when "Background Information" means technical
    /// information.
    pub definitions: Option<&'a BTreeMap<String, usize>>,
    /// For each segment, its section number (`四、`, `7.01(b)`), when known: a list item
    /// belongs to the lead-in before it only from a sub-section of the lead-in's section.
    pub sections: &'a [Option<&'a str>],
    /// Every way the document names a party (names, short names, roles: `许可方`,
    /// "Licensor"). An operative element that starts inside one is part of the name, not
    /// an act: `许可方授予…` has its grant at `授予`, not at the `许可` of `许可方`.
    pub party_forms: &'a [String],
}

/// Finds transfer-clause candidates in segment texts, sentence by sentence, without a
/// document's headings and definitions (unit tests of single sentences).
#[cfg(test)]
pub fn classify<'a>(texts: impl IntoIterator<Item = &'a str>, set: &RuleSet) -> Vec<Candidate> {
    let texts: Vec<&str> = texts.into_iter().collect();
    classify_in(&texts, Context::default(), set)
}

/// Finds transfer-clause candidates with the document's headings and definitions.
pub fn classify_in(texts: &[&str], ctx: Context<'_>, set: &RuleSet) -> Vec<Candidate> {
    let hits: Vec<Hits> = texts.iter().map(|t| set.terms.scan(t)).collect();
    let defined = defined_objects(texts, &hits, ctx.definitions, set);
    let finder = definitions::TermFinder::new(
        ctx.definitions
            .into_iter()
            .flat_map(BTreeMap::keys)
            .map(String::as_str),
    );
    // finder's term index → index into `defined.terms`, for the terms that stand for objects.
    let qualifying: Vec<Option<usize>> = finder
        .terms()
        .iter()
        .map(|k| defined.terms.iter().position(|t| t == k))
        .collect();
    let party_forms: Vec<String> = ctx
        .party_forms
        .iter()
        .map(|f| crate::fold::fold(&f.to_ascii_lowercase()).into_owned())
        .collect();
    let mut out = Vec::new();
    // The last sentence of the segment before (a pronoun's antecedent across segments).
    let mut previous_last: Option<Range<usize>> = None;
    for (segment, text) in texts.iter().enumerate() {
        let heading = ctx
            .heading_of
            .get(segment)
            .copied()
            .flatten()
            .and_then(|h| hits.get(h));
        let found = finder.find(text);
        // Where each qualifying defined term occurs in this segment.
        let uses: Vec<(usize, usize, usize)> = found
            .iter()
            .filter_map(|&(k, s, e)| qualifying.get(k).copied().flatten().map(|i| (i, s, e)))
            .collect();
        // Where any defined term occurs: an operative word inside a name (`转让标的`, "the
        // Assigned Patents") is part of the name, not an act.
        let names: Vec<(usize, usize)> = found.iter().map(|&(_, s, e)| (s, e)).collect();
        let party_names = party_spans(&hits[segment].lower, &party_forms);
        let examples = examples(&hits[segment].lower);
        let sents = sentences(text);
        for (k, sentence) in sents.iter().enumerate() {
            // The sentence before, for a pronoun object (`… shall deliver the drawings. The
            // Licensee may use them …`): the previous sentence of the segment, else the
            // last of the previous segment.
            let antecedent = match k.checked_sub(1) {
                Some(j) => Some((&hits[segment], sents[j].clone())),
                None => previous_last
                    .clone()
                    .and_then(|r| Some((hits.get(segment.checked_sub(1)?)?, r))),
            };
            let found = Found {
                hits: &hits[segment],
                heading,
                defined: &defined,
                uses: &uses,
                names: &names,
                party_names: &party_names,
                examples: &examples,
                antecedent,
            };
            out.extend(classify_sentence(segment, &found, sentence.clone(), set));
        }
        previous_last = sents.last().cloned();
    }
    out.extend(lead_ins(texts, ctx.sections, &hits, &out, set));
    out.sort_by_key(|c| c.segment);
    out
}

/// Byte ranges of the party forms (ASCII lower case) in `lower`, a segment's ASCII-lowercased
/// text (a Latin form must stand as whole words).
fn party_spans(lower: &str, forms: &[String]) -> Vec<(usize, usize)> {
    let bytes = lower.as_bytes();
    let word = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphanumeric);
    let mut out = Vec::new();
    for f in forms.iter().filter(|f| !f.is_empty()) {
        for (s, _) in lower.match_indices(f.as_str()) {
            let e = s + f.len();
            let starts = s == 0 || !word(s - 1) || !word(s);
            let ends = !word(e) || !word(e - 1);
            if starts && ends {
                out.push((s, e));
            }
        }
    }
    out
}

/// Words that announce a list.
const LEAD_IN_WORDS: [&str; 9] = [
    "下列",
    "以下",
    "如下",
    "following",
    "as follows",
    "below",
    "include:",
    "includes:",
    "including:",
];

/// How many list items after a lead-in are read for its object.
const LIST_ITEMS: usize = 12;
/// A lead-in's rule fires from a list item with this share of its confidence.
const LIST_FACTOR: f32 = 0.9;

/// Lead-ins whose object is in the list after them: `提交开发成果可采取下列形式：` then
/// `1.产品设计、工艺规程、材料配方和其他图纸…等技术文件；`, or "Licensor shall deliver the
/// following:" then "(a) the drawings". A segment ending with a colon whose last sentence
/// has a rule's operative element, but no clause of that kind, is a clause of the kind when
/// one of the list items after it (up to [`LIST_ITEMS`]) names the rule's object; neither
/// the lead-in nor that item may be vetoed, and no item may be a clause of that kind itself.
fn lead_ins(
    texts: &[&str],
    sections: &[Option<&str>],
    hits: &[Hits],
    found: &[Candidate],
    set: &RuleSet,
) -> Vec<Candidate> {
    let section = |i: usize| sections.get(i).copied().flatten();
    let mut out = Vec::new();
    for (segment, text) in texts.iter().enumerate() {
        if !text.trim_end().ends_with([':', '：']) {
            continue;
        }
        let Some(sentence) = sentences(text).pop() else {
            continue;
        };
        // The lead-in is the sentence's last clause (`为此，乙方应提供以下培训服务：`; not
        // "in consideration for providing the technology …, which shall be paid as
        // follows:"), and it announces its list (`下列`, `以下`, "the following"): a
        // template's `二、实施许可的范围、期限和方式：` is a heading with a blank after it.
        let tail = text[sentence.clone()]
            .char_indices()
            .rfind(|&(_, c)| matches!(c, ',' | '，' | ';' | '；'))
            .map_or(sentence.start, |(i, c)| sentence.start + i + c.len_utf8());
        let lower = text[tail..sentence.end].to_lowercase();
        if !LEAD_IN_WORDS.iter().any(|w| lower.contains(w)) {
            continue;
        }
        // Items sit in a sub-section of the lead-in's section, or in none.
        let belongs = |j: usize| match (section(segment), section(j)) {
            (Some(lead), Some(item)) => item.len() > lead.len() && item.starts_with(lead),
            _ => true,
        };
        let items: Vec<usize> = (segment + 1..texts.len().min(segment + 1 + LIST_ITEMS))
            .take_while(|&j| opens_list_item(texts[j]) && belongs(j))
            .collect();
        if items.is_empty() {
            continue;
        }
        let Some(lead) = hits.get(segment) else {
            continue;
        };
        let lead_vetoes = vetoes(lead, &sentence, set);
        let item_vetoes: Vec<Vec<&Exclusion>> = items
            .iter()
            .map(|&j| vetoes(&hits[j], &(0..texts[j].len()), set))
            .collect();
        for rule in &set.rules {
            let taken = found
                .iter()
                .chain(&out)
                .any(|c| c.segment == segment && c.sentence == sentence && c.kind == rule.kind);
            if taken || lead_vetoes.iter().any(|x| x.vetoes(rule.kind)) {
                continue;
            }
            let Some(&(s, e)) = lead.all(&rule.operative, &(tail..sentence.end)).first() else {
                continue;
            };
            // An item that is a clause of the kind on its own (`(二)乙方以…专有技术作价…出资`
            // under `第七条 合营各方的出资方式如下：`) is reported as such, with its own parties.
            if found
                .iter()
                .any(|c| c.kind == rule.kind && items.contains(&c.segment))
            {
                continue;
            }
            let item = items.iter().zip(&item_vetoes).find_map(|(&j, vetoed)| {
                (hits[j].any(&rule.object, &(0..texts[j].len()))
                    && !vetoed.iter().any(|x| x.vetoes(rule.kind)))
                .then_some(j)
            });
            if let Some(j) = item {
                out.push(Candidate {
                    segment,
                    kind: rule.kind,
                    sentence: sentence.clone(),
                    anchor: s..e,
                    actor: rule.actor,
                    rules: vec![rule.id.clone()],
                    confidence: rule.confidence * LIST_FACTOR,
                    list_item: Some(j),
                });
            }
        }
    }
    out
}

/// Defined terms that stand for a rule's object, per rule.
#[derive(Default)]
struct DefinedObjects {
    terms: Vec<String>,
    /// rule index → indices into `terms`.
    by_rule: Vec<Vec<usize>>,
}

fn defined_objects(
    texts: &[&str],
    hits: &[Hits],
    definitions: Option<&BTreeMap<String, usize>>,
    set: &RuleSet,
) -> DefinedObjects {
    let mut out = DefinedObjects {
        terms: Vec::new(),
        by_rule: vec![Vec::new(); set.rules.len()],
    };
    let Some(definitions) = definitions else {
        return out;
    };
    for (term, &seg) in definitions {
        // Disclosing "Confidential Information" (保密信息) is the confidentiality regime
        // at work, not a know-how transfer, however technical its definition.
        if term.to_lowercase().contains("confidential") || term.contains("保密") {
            continue;
        }
        let (Some(h), Some(text)) = (hits.get(seg), texts.get(seg)) else {
            continue;
        };
        let whole = 0..text.len();
        let vetoes = vetoes(h, &whole, set);
        let genus = genus(text, term);
        let mut index = None;
        for (r, rule) in set.rules.iter().enumerate() {
            // Grant-back objects must be named in the clause: a defined term that merely
            // *includes* improvements ("Products", "Work Product") is mostly the licensed
            // technology itself, and reading it as improvements turns every supply or
            // maintenance clause into a grant-back.
            if rule.kind == ClauseKind::GrantBack
                || vetoes.iter().any(|x| x.vetoes(rule.kind))
                || !h.any(&rule.object, &genus)
            {
                continue;
            }
            let i = *index.get_or_insert_with(|| {
                out.terms.push(term.clone());
                out.terms.len() - 1
            });
            out.by_rule[r].push(i);
        }
    }
    out
}

/// Where a definition says what the term *is*.
///
/// A term defined by a following `means`/`是指` ("Know-How means all technical information,
/// data…") names its genus after itself: from the term to the first semicolon or qualifier
/// (`in accordance with`, `described in`, `manufactured`…), at most [`GENUS_AFTER_BYTES`] bytes.
/// "Products means the motors manufactured in accordance with the specifications and
/// drawings" mentions drawings only as a detail, and a delivery of Products is no know-how
/// transfer. A term defined in a parenthesis or by `简称` names what comes *before* it
/// (`the technical information of Licensor (the "Know-How")`, `iMine Corporation
/// (hereinafter "JRVS") and SUNWAI Technology` — the words after the parenthesis belong to
/// the next party, not to "JRVS").
fn genus(text: &str, term: &str) -> Range<usize> {
    const QUALIFIERS: [&str; 12] = [
        " in accordance with",
        " described in",
        " set forth in",
        " set out in",
        " specified in",
        " referred to in",
        " that ",
        " which ",
        " manufactured",
        " produced",
        " made by",
        " sold ",
    ];
    let Some(&(start, from)) = definitions::occurrences(text, term).first() else {
        return 0..0;
    };
    if !definitions::defines_after(&text[from..]) {
        return genus_before(text, start);
    }
    let mut to = (from + GENUS_AFTER_BYTES).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let window = &text[from..to];
    // Skip the term's own closing quote and "means" before looking for the end.
    let skip = window
        .char_indices()
        .find(|&(_, c)| c.is_alphanumeric() || crate::extract::normalize::is_cjk(c))
        .map_or(0, |(i, _)| i);
    let lower = window.to_ascii_lowercase();
    // A qualified definition (`"X" in connection with a Party means …`) starts after `means`.
    let skip = lower
        .get(..lower.len().min(80))
        .and_then(|h| h.find(" means ").map(|i| i + 1))
        .filter(|&i| i > skip)
        .unwrap_or(skip);
    // A term defined as an act ("USE" means to load, execute, … process information) names
    // no technology, whatever the objects of the act.
    let is_act = [
        "means to ",
        "shall mean to ",
        "mean to ",
        "means the act of ",
    ]
    .iter()
    .any(|m| lower[skip..].starts_with(m));
    if is_act {
        return from..from;
    }
    let end = lower[skip..]
        .find([';', '；', '。'])
        .into_iter()
        .chain(QUALIFIERS.iter().filter_map(|q| lower[skip..].find(q)))
        .min()
        .map_or(window.len(), |e| skip + e);
    if window[skip..end]
        .chars()
        .next()
        .is_some_and(crate::extract::normalize::is_cjk)
    {
        let (s, e) = chinese_head(&window[skip..end]);
        return from + skip + s..from + skip + e;
    }
    from..from + end
}

/// The head of a Chinese definition, which comes last: modifiers end in `的`
/// (`合同产品系指受方…使用供方所转让的专有技术制造和销售的产品` is a product, not know-how).
/// Only a definition of one clause is cut to what follows its last `的`; one with commas
/// usually enumerates (`“技术”是指_____的专利，专有技术，版权，…`) and is kept whole. Byte
/// range within `def`.
fn chinese_head(def: &str) -> (usize, usize) {
    if def.contains([',', '，']) {
        return (0, def.len());
    }
    (
        def.rfind('的').map_or(0, |i| i + '的'.len_utf8()),
        def.len(),
    )
}

/// The genus of a term defined in a parenthesis: the words before the parenthesis that
/// holds it, back to the previous sentence or clause end, at most [`GENUS_BYTES`] bytes.
fn genus_before(text: &str, term_start: usize) -> Range<usize> {
    let head = &text[..term_start];
    let end = head.rfind(['(', '（']).unwrap_or(head.len());
    let mut from = end.saturating_sub(GENUS_BYTES);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let start = text[from..end]
        .rfind([';', '；', '。', ')', '）'])
        .map_or(from, |i| from + i + 1);
    start..end
}
/// How far before a term defined in a parenthesis its genus may be found (about 15 English
/// words or 30 Chinese characters).
const GENUS_BYTES: usize = 100;
/// How far after a term defined by `means`/`是指` its genus may run (about 30 English
/// words): a definition names what the term is in its first clause, which often lists
/// several things (`"Consultant Methodology" means the Consultant's proprietary
/// face-alignment and horizon-control assessment methods, checklists and software tools`).
const GENUS_AFTER_BYTES: usize = 200;

/// What was found in one segment, for its sentences.
struct Found<'a> {
    hits: &'a Hits,
    heading: Option<&'a Hits>,
    defined: &'a DefinedObjects,
    /// (index into `defined.terms`, start, end) of defined-term uses in the segment.
    uses: &'a [(usize, usize, usize)],
    /// (start, end) of every defined term's uses in the segment.
    names: &'a [(usize, usize)],
    /// (start, end) of every party mention in the segment.
    party_names: &'a [(usize, usize)],
    /// (start, end) of the segment's parentheses of examples.
    examples: &'a [(usize, usize)],
    /// The sentence before this one, with its hits (see [`pronoun_objects`]).
    antecedent: Option<(&'a Hits, Range<usize>)>,
}

/// English pronouns that stand for an object named in the sentence before.
const PRONOUN_OBJECTS: [&str; 3] = ["them", "it", "the same"];

/// Pronoun objects after an operative word of `ops` in `sentence`: `shall transfer the
/// Strains … to the Transferee, and the Transferee shall have the right to use them`. A
/// pronoun counts when an object of the rule stands before it — earlier in the sentence
/// (`objs`) or in the sentence before (`antecedent`) — so it can stand for that object.
fn pronoun_objects(
    hits: &Hits,
    sentence: &Range<usize>,
    ops: &[(usize, usize)],
    objs: &[(usize, usize)],
    antecedent: Option<&(&Hits, Range<usize>)>,
    rule: &Rule,
) -> Vec<(usize, usize)> {
    let Some(first_op) = ops.iter().map(|&(s, _)| s).min() else {
        return Vec::new();
    };
    let named_before = objs.iter().any(|&(s, _)| s < first_op)
        || antecedent.is_some_and(|(h, r)| h.any(&rule.object, r));
    if !named_before {
        return Vec::new();
    }
    let lower = &hits.lower[first_op..sentence.end];
    let bytes = lower.as_bytes();
    let word = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphanumeric);
    let mut out: Vec<(usize, usize)> = PRONOUN_OBJECTS
        .iter()
        .flat_map(|p| lower.match_indices(p))
        .filter(|&(i, p)| i > 0 && !word(i - 1) && !word(i + p.len()))
        .map(|(i, p)| (first_op + i, first_op + i + p.len()))
        .collect();
    out.sort_unstable();
    out
}

/// Parentheses that list examples (`经济权利（如专利权、非专利技术的转让权，使用权等）`,
/// "(e.g. a licence or an assignment)"): the words in them name kinds of rights, they do
/// not grant any. Byte ranges, opening to closing parenthesis (or the end of the text), in
/// `lower`, the segment's ASCII-lowercased text (same offsets as the text).
fn examples(lower: &str) -> Vec<(usize, usize)> {
    const OPENERS: [&str; 8] = [
        "(如",
        "（如",
        "(例如",
        "（例如",
        "(e.g.",
        "(eg ",
        "(for example",
        "(such as",
    ];
    let mut out: Vec<(usize, usize)> = OPENERS
        .iter()
        .flat_map(|o| lower.match_indices(o))
        .map(|(start, o)| {
            let inner = start + o.len();
            let end = lower[inner..]
                .find([')', '）'])
                .map_or(lower.len(), |e| inner + e);
            (start, end)
        })
        .collect();
    out.sort_unstable();
    out
}

fn vetoes<'s>(hits: &Hits, range: &Range<usize>, set: &'s RuleSet) -> Vec<&'s Exclusion> {
    set.exclusions
        .iter()
        .filter(|x| fires(x, hits, range, range))
        .collect()
}

/// Whether an exclusion's terms (and `with` terms) occur in `range` and none of its
/// `unless` terms in `whole`.
fn fires(x: &Exclusion, hits: &Hits, range: &Range<usize>, whole: &Range<usize>) -> bool {
    hits.any(&x.terms, range)
        && (x.with.is_empty() || hits.any(&x.with, range))
        && !hits.any(&x.unless, whole)
}

/// Words that open a new clause inside an English sentence: a proviso, or a second
/// obligation of the same subject.
const CLAUSE_OPENERS: [&str; 8] = [
    ", provided that",
    ", provided, however",
    " provided that",
    ", but ",
    " and shall ",
    " and will ",
    " and agrees ",
    ", except that",
];

/// The clauses of a sentence, in order: split after `;` (`；`), after a comma next to a CJK
/// character (a Chinese clause comma; an English comma separates list items), and before
/// a [`CLAUSE_OPENERS`] word.
fn clause_units(lower: &str, sentence: &Range<usize>) -> Vec<Range<usize>> {
    let Some(text) = lower.get(sentence.clone()) else {
        return vec![sentence.clone()];
    };
    let cjk = |c: Option<char>| c.is_some_and(crate::extract::normalize::is_cjk);
    let mut cuts: Vec<usize> = text
        .char_indices()
        .filter(|&(i, c)| match c {
            ';' | '；' => true,
            ',' | '，' => {
                cjk(text[..i].chars().next_back()) || cjk(text[i + c.len_utf8()..].chars().next())
            }
            _ => false,
        })
        .map(|(i, c)| i + c.len_utf8())
        .chain(
            CLAUSE_OPENERS
                .iter()
                .flat_map(|w| text.match_indices(w).map(|(i, _)| i)),
        )
        .filter(|&i| i > 0 && i < text.len())
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut start = sentence.start;
    for c in cuts {
        out.push(start..sentence.start + c);
        start = sentence.start + c;
    }
    out.push(start..sentence.end);
    out
}

/// The exclusions that hold in one sentence: those about the whole sentence, and, per
/// clause of it, those about that clause.
struct Vetoes<'s> {
    sentence: Vec<&'s Exclusion>,
    clauses: Vec<(Range<usize>, Vec<&'s Exclusion>)>,
    /// Object-scope exclusions that fire in the sentence, with where their terms stand.
    objects: Vec<(&'s Exclusion, Vec<(usize, usize)>)>,
}

impl<'s> Vetoes<'s> {
    fn new(hits: &Hits, sentence: &Range<usize>, set: &'s RuleSet) -> Vetoes<'s> {
        let of = |scope: Scope, range: &Range<usize>| -> Vec<&'s Exclusion> {
            set.exclusions
                .iter()
                .filter(|x| x.scope == scope && fires(x, hits, range, sentence))
                .collect()
        };
        Vetoes {
            sentence: of(Scope::Sentence, sentence),
            clauses: clause_units(&hits.lower, sentence)
                .into_iter()
                .map(|r| {
                    let v = of(Scope::Clause, &r);
                    (r, v)
                })
                .collect(),
            objects: set
                .exclusions
                .iter()
                .filter(|x| x.scope == Scope::Object && fires(x, hits, sentence, sentence))
                .map(|x| (x, hits.all(&x.terms, sentence)))
                .collect(),
        }
    }

    /// Whether what the operative word at `op` takes is an object-scope exclusion's term
    /// (for `kind`): one stands no farther from it than `reach`, the distance in words to
    /// the rule's nearest object.
    fn takes(&self, kind: ClauseKind, lower: &str, op: (usize, usize), reach: usize) -> bool {
        self.objects
            .iter()
            .filter(|(x, _)| x.vetoes(kind))
            .flat_map(|(_, at)| at)
            .any(|&term| words_apart(lower, op, term) <= reach)
    }

    /// Whether `kind` is vetoed for an operative word starting at `at`: by the sentence, by
    /// its own clause, or by an earlier clause of the sentence — a condition or negation
    /// governs what follows it (`未经甲方同意，擅自将技术转让给第三方的`), a trailing
    /// restriction does not undo the grant before it (`甲方许可乙方使用…，乙方不得再许可`).
    fn at(&self, kind: ClauseKind, at: usize) -> bool {
        self.sentence.iter().any(|x| x.vetoes(kind))
            || self
                .clauses
                .iter()
                .take_while(|(r, _)| r.start <= at)
                .any(|(_, v)| v.iter().any(|x| x.vetoes(kind)))
    }

    /// Whether `kind` is vetoed anywhere in the sentence (a rule firing from its heading).
    fn anywhere(&self, kind: ClauseKind) -> bool {
        self.sentence
            .iter()
            .chain(self.clauses.iter().flat_map(|(_, v)| v))
            .any(|x| x.vetoes(kind))
    }
}

fn classify_sentence(
    segment: usize,
    found: &Found<'_>,
    sentence: Range<usize>,
    set: &RuleSet,
) -> Vec<Candidate> {
    let hits = found.hits;
    // Exclusions are looked up once, and only for a sentence where some rule could fire.
    let mut vetoed: Option<Vetoes<'_>> = None;
    let mut out: Vec<Candidate> = Vec::new();
    let mut from_heading = Vec::new();
    // An operative or object word inside a party's name or role is part of the name.
    let in_party_name = |at: usize| found.party_names.iter().any(|&(s, e)| s <= at && at < e);
    for (r, rule) in set.rules.iter().enumerate() {
        let mut ops = hits.all(&rule.operative, &sentence);
        ops.retain(|&(s, e)| {
            !negated(&hits.lower, sentence.start, s)
                && !in_party_name(s)
                && !found
                    .names
                    .iter()
                    .chain(found.examples)
                    .any(|&(ns, ne)| ns <= s && e <= ne)
        });
        // Without an operative here, only a heading rule can still fire (from its heading).
        if ops.is_empty() && !(rule.heading && found.heading.is_some()) {
            continue;
        }
        let vetoes = vetoed.get_or_insert_with(|| Vetoes::new(hits, &sentence, set));
        if ops.is_empty() {
            if vetoes.anywhere(rule.kind) {
                continue;
            }
        } else {
            ops.retain(|&(s, _)| !vetoes.at(rule.kind, s));
            if ops.is_empty() {
                continue;
            }
        }
        let mut objs = hits.all(&rule.object, &sentence);
        // An object word inside a party's name or role is the party, not the thing
        // (`委托方应向咨询方提供产品样品`: 咨询 of 咨询方; "Orient Technology Co., Ltd.").
        if rule.lang == "zh" {
            objs.retain(|&(s, _)| !in_party_name(s));
        }
        objs.extend(
            found
                .uses
                .iter()
                .filter(|(i, s, e)| {
                    *s >= sentence.start
                        && *e <= sentence.end
                        && found.defined.by_rule[r].contains(i)
                })
                .map(|&(_, s, e)| (s, e)),
        );
        if rule.lang == "en" {
            let pronouns = pronoun_objects(
                hits,
                &sentence,
                &ops,
                &objs,
                found.antecedent.as_ref(),
                rule,
            );
            objs.extend(pronouns);
        }
        if rule.heading && !objs.is_empty() {
            if let Some(h) = found.heading {
                let whole = 0..h.lower.len();
                if !h.all(&rule.operative, &whole).is_empty() {
                    from_heading.push(rule);
                }
            }
        }
        if ops.is_empty() {
            continue;
        }
        // The anchor is the operative element nearest an object within reach: in "To the
        // extent not already granted pursuant to the License Agreement, FCE grants
        // ExxonMobil … a license to practice FCE Background Information", "grants".
        let distance = |&op: &(usize, usize)| {
            objs.iter()
                .map(|&obj| words_apart(&hits.lower, op, obj))
                .min()
        };
        // Between equally near ones, an operative with a party before it in its own clause
        // (a predicate with its subject) beats a bare one (a heading run into its body:
        // `第四条技术支持引擎交付后…，乙方应…提供技术支持`).
        let subjectless = |s: usize| {
            let unit = hits.lower[sentence.start..s]
                .rfind([',', ';', '，', '；', ':', '：'])
                .map_or(sentence.start, |i| sentence.start + i);
            !found
                .party_names
                .iter()
                .any(|&(ns, ne)| ns >= unit && ne <= s)
        };
        let anchor = ops
            .iter()
            .filter_map(|op| distance(op).map(|d| (d, op)))
            .filter(|&(d, _)| rule.within.is_none_or(|n| d <= n))
            .filter(|&(d, &op)| !vetoes.takes(rule.kind, &hits.lower, op, d))
            .min_by_key(|&(d, &(s, _))| (d, subjectless(s), s))
            .map(|(_, op)| op);
        let Some(&(s, e)) = anchor else { continue };
        add(&mut out, rule, segment, &sentence, s..e, rule.actor);
    }
    // A licence or assignment under a `Grant Back` heading is a grant-back, with the
    // licence's own operative element as its anchor.
    if let Some(base) = out
        .iter()
        .find(|c| matches!(c.kind, ClauseKind::Licence | ClauseKind::Assignment))
        .map(|c| (c.anchor.clone(), c.actor))
    {
        for rule in from_heading {
            add(&mut out, rule, segment, &sentence, base.0.clone(), base.1);
        }
    }
    out
}

/// Words between two spans of `lower`, whichever comes first; 0 when they overlap (an object
/// inside the operative construction, `派四名技术人员到…学习`, is as near as can be).
fn words_apart(lower: &str, (os, oe): (usize, usize), (bs, be): (usize, usize)) -> usize {
    if bs < oe && os < be {
        return 0;
    }
    let (a, b) = if be <= os { (be, os) } else { (oe, bs) };
    words_between(lower, a, b)
}

/// Whether the Chinese operative word at `at` is negated in its own clause: 不 / 未 right
/// before it (`转让前未许可任何第三方实施`), or 不向 / 未向 / 不对外 / 不再 earlier in the
/// clause (`提供方不向订阅方交付…软件副本`, `本协议不向订阅方转让任何知识产权`): the plain
/// statement that the act does not happen. Prohibitions (`不得`) and disclaimers are
/// exclusions. English `not` / `never` before the verb (`has not granted`) is not read
/// here: measured at f6b6f23 it fixed one tuning contract but lowered the held-out check
/// half's macro-F1 (0.807 → 0.805).
fn negated(lower: &str, from: usize, at: usize) -> bool {
    let Some(before) = lower.get(from..at) else {
        return false;
    };
    let clause = before
        .char_indices()
        .rfind(|&(_, c)| matches!(c, ',' | ';' | '，' | '；' | ':' | '：' | '。'))
        .map_or(before, |(i, c)| &before[i + c.len_utf8()..]);
    clause.ends_with(['不', '未'])
        || ["不向", "未向", "不对外", "不再"]
            .iter()
            .any(|n| clause.contains(n))
}

fn add(
    out: &mut Vec<Candidate>,
    rule: &Rule,
    segment: usize,
    sentence: &Range<usize>,
    anchor: Range<usize>,
    actor: Actor,
) {
    match out.iter_mut().find(|c| c.kind == rule.kind) {
        Some(c) => {
            if !c.rules.contains(&rule.id) {
                c.rules.push(rule.id.clone());
            }
            // The longer construction around the same operative word governs: `派 … 学习`
            // (sending trainees, receiver-subject) over the bare `派` (dispatching experts).
            if anchor.start <= c.anchor.start
                && c.anchor.end <= anchor.end
                && anchor.len() > c.anchor.len()
            {
                c.anchor = anchor;
                c.actor = actor;
            }

            c.confidence = c.confidence.max(rule.confidence);
        }
        None => out.push(Candidate {
            segment,
            kind: rule.kind,
            sentence: sentence.clone(),
            anchor,
            actor,
            rules: vec![rule.id.clone()],
            confidence: rule.confidence,
            list_item: None,
        }),
    }
}

/// The sentence as evidence: at most [`MAX_TEXT`] characters, centred on the anchor.
pub fn evidence(text: &str, sentence: &Range<usize>, anchor: &Range<usize>) -> String {
    let s = &text[sentence.clone()];
    let count = s.chars().count();
    if count <= MAX_TEXT {
        return s.to_owned();
    }
    let anchor_char = text[sentence.start..anchor.start.max(sentence.start)]
        .chars()
        .count();
    let start = anchor_char
        .saturating_sub(MAX_TEXT / 3)
        .min(count - MAX_TEXT);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(s.chars().skip(start).take(MAX_TEXT));
    if start + MAX_TEXT < count {
        out.push('…');
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&'static str, Vec<String>)> {
        let set = RuleSet::builtin().unwrap();
        let text = crate::extract::normalize::normalize(text);
        let mut v: Vec<(&'static str, Vec<String>)> = classify([text.as_str()], &set)
            .into_iter()
            .map(|c| (c.kind.as_str(), c.rules))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_lead_in_in_unnormalised_full_width_text_is_cut_on_character_boundaries() {
        // Not NFKC-normalised: the lead-in's last clause starts after a 3-byte `，`.
        let set = RuleSet::builtin().unwrap();
        let got = classify(["为此，乙方应提交下列形式：", "1.产品设计图纸；"], &set);
        assert!(
            got.iter()
                .any(|c| c.kind == ClauseKind::KnowHow && c.list_item == Some(1)),
            "{got:?}"
        );
    }

    fn kind_names(text: &str) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = kinds(text).into_iter().map(|(k, _)| k).collect();
        v.dedup();
        v
    }

    #[test]
    fn each_kind_is_recognised_in_english_and_chinese() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "en_assignment",
                "Assignor hereby assigns to Assignee all right, title and interest in and to the Patents.",
                &["assignment"],
            ),
            (
                "en_results_owned_by",
                "All inventions and results created by the Developer shall be owned by the Client.",
                &["assignment"],
            ),
            (
                "en_licence",
                "Licensor hereby grants to Licensee a non-exclusive license under the Licensed Patents to make and sell Products.",
                &["licence"],
            ),
            (
                "en_licence_knowhow",
                "Licensor hereby grants to Licensee a license to use the Know-How.",
                &["know-how", "licence"],
            ),
            (
                "en_grant_back",
                "Licensee shall grant to Licensor a royalty-free license to any Improvements made by Licensee.",
                &["grant-back", "licence"],
            ),
            (
                "en_know_how",
                "Licensor shall disclose and deliver to Licensee all technical information and documentation.",
                &["know-how"],
            ),
            (
                "en_services",
                "The Supplier shall provide technical assistance and training to the Client's engineers.",
                &["technical-services"],
            ),
            (
                "en_technical_work",
                "The Contractor shall install the control software on the Owner's server and will tune the model every month.",
                &["technical-services"],
            ),
            (
                "en_advise_staff",
                "The Consultant shall advise the Company's engineers on the scale-up of the coating process.",
                &["technical-services"],
            ),
            (
                "zh_all_rights_transferred",
                "甲方同意將附表一標的專利之全部權利及利益讓與乙方，乙方同意受讓。",
                &["assignment"],
            ),
            (
                "zh_technical_work",
                "服务方负责改造方案设计、膜组件选型、施工图审核及调试。",
                &["technical-services"],
            ),
            (
                "zh_dispatch_trade",
                "供方派遣两名高级养殖技师赴试养场，指导需方完成亲鱼培育。",
                &["technical-services"],
            ),
            (
                "en_right_to_continue_to_use",
                "The JVC will have a right to continue to use the Technical Know How already received.",
                &["licence"],
            ),
            (
                "zh_free_implementation_right",
                "委托方可对技术成果享有免费普通实施权。",
                &["licence"],
            ),
            (
                "zh_licensor_improvements_included_are_no_grant_back",
                "乙方授予公司有权使用此项技术，此项技术转让并包括三个月内由乙方所提供的技术补充和改进。",
                &["licence"],
            ),
            (
                "en_dispatch",
                "Contractor will dispatch engineers to the Site to install the equipment.",
                &["technical-services"],
            ),
            (
                "en_jv",
                "Party B shall contribute its proprietary technology to the Joint Venture Company as capital contribution in kind.",
                &["jv-contribution"],
            ),
            (
                "zh_assignment",
                "甲方将其拥有的专利权转让给乙方。",
                &["assignment"],
            ),
            (
                "zh_patent_application",
                "转让方同意将其专利申请权转让给受让方。",
                &["assignment"],
            ),
            (
                "zh_licence",
                "甲方许可乙方在中国境内使用合同技术生产合同产品。",
                &["licence"],
            ),
            (
                "en_vesting_nominal_form",
                "All software written under this Agreement shall be the sole and exclusive property of the Client.",
                &["assignment"],
            ),
            (
                "en_training_staff",
                "The Contractor shall train the Customer's maintenance staff at the plant.",
                &["technical-services"],
            ),
            (
                "en_ip_taken_before_the_contract_obligations",
                "The Executive hereby assigns to the Company all Intellectual Property Rights which arise in performing his obligations under this Agreement.",
                &["assignment"],
            ),
            (
                "en_work_made_for_hire",
                "All Work Product shall be deemed \"works made for hire\" for the Client under the Copyright Act.",
                &["assignment"],
            ),
            (
                "en_training_any_trade",
                "The Breeder shall train the Company's veterinarians and herders on its farms.",
                &["technical-services"],
            ),
            (
                "en_network_addresses_are_no_ip",
                "The Provider will assign private IP addresses to the Customer's servers.",
                &[],
            ),
            (
                "zh_deliver_source_code",
                "乙方应将全部源代码及技术文档交付甲方。",
                &["know-how"],
            ),
            (
                "zh_consulting",
                "受托方应就项目可行性向委托方提供咨询意见。",
                &["technical-services"],
            ),
            (
                "zh_grant_back",
                "乙方对合同技术的后续改进应及时提供给甲方。",
                &["grant-back"],
            ),
            (
                "zh_mutual_improvement",
                "合同有效期内，双方对合同产品涉及的技术如有改进和发展，应相互免费将改进和发展的技术资料提供给对方使用。",
                &["grant-back", "know-how"],
            ),
            (
                "zh_know_how",
                "乙方负责向甲方提供制造合同产品的专有技术和技术资料。",
                &["know-how"],
            ),
            (
                "zh_services",
                "乙方派遣技术人员赴甲方工厂进行技术指导。",
                &["technical-services"],
            ),
            (
                "zh_training",
                "乙方负责安排甲方技术人员在乙方工厂进行培训。",
                &["technical-services"],
            ),
            (
                "zh_on_site_guidance",
                "乙方专家每年赴甲方基地现场指导两次。",
                &["technical-services"],
            ),
            (
                "zh_jv",
                "乙方以专有技术作价出资，作为对合营公司的投资。",
                &["jv-contribution"],
            ),
        ];
        for (name, text, want) in cases {
            assert_eq!(kind_names(text), *want, "{name}: {text}\n{:?}", kinds(text));
        }
    }

    #[test]
    fn traditional_characters_read_as_simplified_ones() {
        // Hong Kong, Macau and Taiwan drafting: the same clause in both scripts is the same
        // clause (the rules are written once, in simplified characters).
        for (traditional, simplified) in [
            (
                "甲方應為乙方的四名軟件工程師提供為期三週的調校培訓。",
                "甲方应为乙方的四名软件工程师提供为期三周的调校培训。",
            ),
            (
                "甲方應向乙方交付全部技術資料。",
                "甲方应向乙方交付全部技术资料。",
            ),
        ] {
            let want = kind_names(simplified);
            assert!(!want.is_empty(), "{simplified}");
            assert_eq!(kind_names(traditional), want, "{traditional}");
        }
    }

    #[test]
    fn negatives_are_not_transfers() {
        let cases: &[(&str, &str)] = &[
            (
                "anti_assignment_boilerplate_is_not_assignment",
                "Neither Party may assign this Agreement or any of its rights or obligations under this Agreement without the prior written consent of the other Party.",
            ),
            (
                "contract_rights_taken_before_the_technology",
                "Either party shall assign its rights and obligations under this Agreement to the purchaser of the Licensed Technology.",
            ),
            (
                "anti_assignment_zh",
                "未经对方同意，任何一方不得将本合同项下的权利义务转让给第三方。",
            ),
            (
                "no_licence_is_granted",
                "Nothing herein shall be construed as granting any license under any patent or know-how.",
            ),
            (
                "no_right_or_license",
                "No right or license is being conveyed to CC-Pharming to use the Technology outside the Territory.",
            ),
            (
                "nda_defining_know_how_grants_nothing",
                "\"Confidential Information\" means all information disclosed by a Party, including know-how, technical data and software.",
            ),
            (
                "trademark_only_licence_is_not_technology_licence",
                "Licensor hereby grants to Licensee a non-exclusive license to use the Trademarks and logos on the Products.",
            ),
            (
                "business_licence_营业执照_is_not_licence",
                "乙方应向甲方提供其营业执照和经营许可证复印件。",
            ),
            (
                "export_control_boilerplate",
                "Licensee shall not export or re-export any technical data or software except in compliance with export control laws.",
            ),
            (
                "evaluation_only",
                "The Recipient may use the Confidential Information solely to evaluate the proposed transaction.",
            ),
            (
                "reservation_of_rights",
                "All rights not expressly granted herein, including all patents and know-how, are reserved by Licensor.",
            ),
            (
                "distribution_only",
                "Supplier hereby appoints Distributor as its exclusive distributor and grants it the right to distribute and resell the Software in the Territory.",
            ),
            (
                "rights_named_as_examples",
                "服务方对新的技术成果享有经济权利（如专利权、非专利技术的转让权，使用权等）和其它利益。",
            ),
            (
                "revenue_share_is_money",
                "The Revenue Share Fee payable to Licensor is calculated on revenue from the use of the source code.",
            ),
            (
                "fees_to_outside_suppliers",
                "Royalties payable to a third party who provides enhancements to the Software are excluded.",
            ),
            (
                "negated_right_to_use",
                "After termination the Licensee will not be entitled to use the Technical Know-How.",
            ),
            (
                "optional_separate_contract",
                "委托方如果有意获得该技术成果的专利权，也可以与研究开发方另外订立专利转让合同。",
            ),
            (
                "content_licence",
                "Party A grants Party B a license to broadcast the television programs and content.",
            ),
        ];
        for (name, text) in cases {
            assert!(kinds(text).is_empty(), "{name}: {text}\n{:?}", kinds(text));
        }
    }

    #[test]
    fn an_exclusion_reaches_its_own_clause_and_the_clauses_after_it() {
        let kinds_only =
            |t: &str| -> Vec<&'static str> { kinds(t).into_iter().map(|k| k.0).collect() };
        // A second obligation about people does not undo the assignment before it.
        assert_eq!(
            kinds_only(
                "Developer hereby assigns to Client all of its rights in the Developed IP and shall procure that its employees assign their rights."
            ),
            ["assignment"]
        );
        // A trailing restriction does not undo the grant before it.
        assert_eq!(
            kinds_only("甲方许可乙方在其工厂内使用该专利技术，乙方不得再许可任何第三方使用。"),
            ["licence"]
        );
        // A leading condition governs what follows it.
        assert!(
            kinds_only("未经甲方书面同意，乙方擅自将该技术转让给第三方的，应承担违约责任。")
                .is_empty()
        );
        // A proviso is a clause of its own.
        assert_eq!(
            kinds_only(
                "Licensor hereby grants to Licensee a licence under the Licensed Patents; all rights not expressly granted are reserved."
            ),
            ["licence"]
        );
        // A sentence-scope exclusion speaks for the whole sentence.
        assert!(kinds_only("The Licensee acknowledges and agrees that the Licensor is the sole and exclusive owner of the Licensed Technology.").is_empty());
    }

    #[test]
    fn rule_ids_appear_in_candidates() {
        let got = kinds(
            "Licensor hereby grants to Licensee a non-exclusive license under the Licensed Patents.",
        );
        assert!(
            got[0].1.iter().all(|id| id.starts_with("en.licence.")),
            "{got:?}"
        );
    }

    #[test]
    fn example_parentheses_are_found_in_unnormalised_text() {
        let text = "经济权利（如专利权、转让权）和 rights (e.g. a licence) end";
        let found = examples(&text.to_ascii_lowercase());
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(text[found[0].0..found[0].1].contains("转让权"));
        assert!(text[found[1].0..found[1].1].contains("licence"));
    }

    #[test]
    fn long_sentences_are_trimmed_around_the_anchor() {
        let text = format!(
            "{} Licensor hereby grants a license. {}",
            "x ".repeat(500),
            "y ".repeat(500)
        );
        let range = 0..text.len();
        let at = text.find("hereby").unwrap();
        let ev = evidence(&text, &range, &(at..at + 6));
        assert!(ev.contains("hereby grants"));
        assert!(ev.chars().count() <= MAX_TEXT + 2);
    }
}
