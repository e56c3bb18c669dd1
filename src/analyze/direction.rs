//! Direction of each transfer clause and of the document: who gives the technology, who
//! receives it, and whether that crosses the mainland border.
//!
//! The giver is the subject of the operative element: the nearest party mention before
//! it that is not marked as a recipient (`to`, `for`, `向`, `给`, `为`, `对`), unless a
//! mention is marked as the source (`by`, `from`, `由`, `从`). A Chinese comma clause with
//! no party of its own continues the sentence's subject; an operative word before every
//! party (a heading run into its clause) takes the first party after it that carries a
//! modal verb. The receiver is a
//! recipient-marked mention, else the first other party after the operative element.
//! Rules with `actor = "receiver"` swap the two. An operative that only modifies a noun
//! (`需方有权使用供方提供的技术资料`, `the Know-How provided by the Supplier`) takes its giver
//! from its relative clause when the sentence's subject uses or receives the thing; the
//! subject of a verb of receiving (`乙方应接受甲方的技术培训`) receives. `each party` / `双方` / `相互` as the subject
//! makes the clause mutual (both orientations count). With exactly two parties, one
//! resolved side implies the other; with more, [`complete_sides`] fills an open side with
//! the party the named one gives to (or receives from) in the document's other clauses.
//! A JV contribution goes to the joint venture, which is a mainland party when the venture
//! is to be established in China.
//!
//! This module reads parties and candidates; it never classifies text.

use crate::model::{ClauseKind, Direction, ExportFlow, Party, Region};

use super::clauses::Candidate;
use super::rules::Actor;

/// One resolved clause as the document-level flow sees it: (where, kind, direction,
/// giver, receiver).
pub type ClauseSummary = (
    String,
    ClauseKind,
    Direction,
    Option<String>,
    Option<String>,
);

const RECIPIENT_MARKERS: [&str; 26] = [
    "to",
    "for",
    "向",
    "给",
    "为",
    "对",
    "予",
    "为使",
    // Where the service goes: `派专家赴委托方工厂`, `到甲方现场`.
    "赴",
    "到",
    "前往",
    // Where people are stationed or a right is registered: `驻甲方中试基地`, `过户至乙方名下`.
    "驻",
    "至",
    // English double-object verbs: the party right after them receives
    // (`grants Licensee a licence`, `providing CC-Pharming with a license`).
    "grant",
    "grants",
    "granting",
    "provide",
    "provides",
    "providing",
    "give",
    "gives",
    "giving",
    "supply",
    "supplies",
    "furnish",
    "furnishes",
];
/// Words that may stand between a marker and the party it marks (`to the Licensee`).
const DETERMINERS: [&str; 5] = ["the", "said", "such", "each", "its"];
const SOURCE_MARKERS: [&str; 4] = ["by", "from", "由", "从"];
/// Words right after the acting party (`乙方应`, `Licensor shall`).
const MODALS: [&str; 17] = [
    "shall ",
    "will ",
    "agrees ",
    "hereby ",
    "undertakes ",
    "应",
    "将",
    "须",
    "必须",
    "同意",
    "保证",
    "负责",
    "承诺",
    "愿意",
    "可以",
    "有权",
    "应当",
];
/// A party named after these neither acts nor receives: it asks, agrees or signs
/// (`根据合营公司要求…乙方`, `乙方与合营公司签订`, `at the request of Licensee, Licensor`,
/// `upon request by Eutectix, Liquidmetal shall provide`).
const NEUTRAL_MARKERS: [&str; 16] = [
    "request of",
    "request by",
    "requested by",
    "request from",
    "according to",
    "根据",
    "按照",
    "应",
    "经",
    "与",
    "接受",
    "征得",
    // Verbs ending in 到 that are no motion towards the party (`收到甲方…`).
    "收到",
    "得到",
    "受到",
    "达到",
];
const MUTUAL: [&str; 11] = [
    "each party",
    "either party",
    "both parties",
    "the parties",
    "each of the parties",
    "mutually",
    "双方",
    "各方",
    "相互",
    "互相",
    "互惠",
];

/// Who is on each side of one clause.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    pub direction: Direction,
    pub giver: Option<String>,
    pub receiver: Option<String>,
    /// Whether both sides were found in the clause itself (not inferred).
    pub explicit: bool,
    /// Whether both parties give to each other (`each party shall`, `双方相互`).
    pub mutual: bool,
    /// Whether the clause allocates ownership to a blank (`归_____方所有`): a template not
    /// yet filled in, which transfers nothing to anyone.
    pub blank_owner: bool,
}

/// What the direction stage knows about the document.
#[derive(Debug)]
pub struct Context<'a> {
    pub parties: &'a [Party],
    /// Role words by the side they name (see `parties::Sides`).
    pub sides: Option<&'a super::parties::Sides>,
    /// Whether a joint venture in the contract is (to be) established in the mainland.
    pub jv_in_mainland: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Party(usize),
    Mutual,
}

/// Resolves giver, receiver and direction of one candidate in `text` (its segment).
pub fn resolve(text: &str, c: &Candidate, ctx: &Context<'_>) -> Resolved {
    let sentence = &text[c.sentence.clone()];
    let anchor = c.anchor.start - c.sentence.start;
    let staff = ctx.sides.map_or(&[][..], |s| s.staff.as_slice());
    let spans = mentions(sentence, ctx.parties, staff);
    let mentions: Vec<(usize, Who)> = spans.iter().map(|&(s, _, w)| (s, w)).collect();

    let marked = |pos: usize, markers: &[&str]| -> bool {
        let mut before = sentence[..pos].trim_end();
        if let Some((head, last)) = before.rsplit_once(' ') {
            if DETERMINERS.contains(&last.to_ascii_lowercase().as_str()) {
                before = head.trim_end();
            }
        }
        let lower = before.to_ascii_lowercase();
        markers.iter().any(|m| {
            lower.ends_with(m)
                // `Article 1 Grant Party A authorises …`: a capitalised verb is a heading run
                // into the clause, not the verb whose object the party is.
                && !(m.is_ascii()
                    && m.len() > 3
                    && RECIPIENT_MARKERS.contains(m)
                    && before[before.len() - m.len()..].starts_with(|c: char| c.is_uppercase()))
                && (m.chars().any(crate::extract::normalize::is_cjk)
                    || lower[..lower.len() - m.len()]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !c.is_alphanumeric()))
        })
    };
    // `to train the Client's engineers`: a party's people named with no verb of their own
    // are the object of the verb before them, so the party receives (unlike `the Licensor's
    // engineers shall train`).
    let people = |s: usize, e: usize| {
        ["'s ", "’s ", "s' ", "s’ "]
            .iter()
            .any(|p| sentence[s..e].contains(p))
    };
    let people_as_object = |s: usize, e: usize| {
        let rest = sentence[e..].trim_start().to_ascii_lowercase();
        people(s, e) && !MODALS.iter().any(|m| rest.starts_with(m))
    };
    // `under the supervision of the Consultant's site team`: people after a preposition
    // neither act nor receive.
    let after_preposition = |s: usize| {
        marked(
            s,
            &[
                "of",
                "under",
                "with",
                "at",
                "in",
                "on",
                "through",
                "via",
                "among",
                "including",
            ],
        )
    };
    let mut subject = None;
    let mut source = None;
    let mut recipient_before = None;
    for &(s, e, who) in spans.iter().filter(|(s, _, _)| *s < anchor) {
        if marked(s, &NEUTRAL_MARKERS) || (people(s, e) && after_preposition(s)) {
            continue;
        }
        if marked(s, &SOURCE_MARKERS) {
            source = Some(who);
        } else if marked(s, &RECIPIENT_MARKERS) || people_as_object(s, e) {
            recipient_before = Some(who);
        } else {
            subject = Some(who);
        }
    }
    let cjk = sentence.chars().any(crate::extract::normalize::is_cjk);
    // The party that carries the modal verb is the subject, whatever comes before it
    // (`在公司严格按照…时，乙方应保证提供…`, `Upon Licensee's request, Licensor shall provide`).
    if let Some(&(_, _, who)) = spans
        .iter()
        .filter(|&&(s, e, _)| e <= anchor && !marked(s, &NEUTRAL_MARKERS))
        .rfind(|&&(_, e, _)| {
            let rest = sentence[e..].trim_start().to_ascii_lowercase();
            // A Chinese subject governs its own comma clause (`双方同意可以续约，…公司提供培训`).
            let between = &sentence[e..anchor];
            MODALS.iter().any(|m| rest.starts_with(m))
                && !(cjk && between.contains([',', '，', ';', '；']))
        })
    {
        if !matches!(source, Some(w) if w == who) {
            subject = Some(who);
        }
    }
    // `…, if the Company will using the [***], Suppliers will provide …`: the verb's own
    // subject ("Suppliers") is named and is no party, so no earlier party is its subject.
    if !cjk && own_subject_is_no_party(sentence, anchor, &spans) {
        subject = None;
    }
    let unmarked = |s: usize| {
        !marked(s, &NEUTRAL_MARKERS)
            && !marked(s, &SOURCE_MARKERS)
            && !marked(s, &RECIPIENT_MARKERS)
    };
    // A Chinese comma clause without a subject of its own (`乙方应将改进通知甲方，并提供…`,
    // `甲方派遣技术人员赴乙方牧场，指导…`) continues the sentence's subject: its first
    // unmarked party, not the object of the clause before.
    if cjk {
        let clause_start = sentence[..anchor]
            .rfind([',', '，', ';', '；'])
            .map_or(0, |i| i + 1);
        let own = spans
            .iter()
            .any(|&(s, e, _)| s >= clause_start && e <= anchor && unmarked(s));
        if !own {
            if let Some(&(_, _, who)) = spans
                .iter()
                .find(|&&(s, e, _)| e <= clause_start && unmarked(s))
            {
                if !matches!(source, Some(w) if w == who) {
                    subject = Some(who);
                }
            }
        }
    }
    // The operative word came before any party (a heading run into its clause: `第三条资料
    // 交付甲方应…交付乙方`, `4. TECHNICAL GUIDANCE 4.1 The Licensor shall send`, `第二条许可
    // 锦光许可莱茵上海`): the first party after it that carries a modal verb or repeats the
    // operative word, in the same clause, is the subject.
    if subject.is_none() && source.is_none() && recipient_before.is_none() {
        let operative = &text[c.anchor.clone()];
        subject = spans
            .iter()
            .filter(|&&(s, _, _)| s >= anchor)
            .take_while(|&&(s, _, _)| !sentence[anchor..s].contains([',', '，', ';', '；', '。']))
            .find(|&&(s, e, _)| {
                let rest = sentence[e..].trim_start().to_ascii_lowercase();
                unmarked(s)
                    && (MODALS.iter().any(|m| rest.starts_with(m))
                        || (!operative.is_empty()
                            && rest.starts_with(&operative.to_ascii_lowercase())))
            })
            .map(|&(_, _, w)| w);
    }
    let after: Vec<(usize, Who)> = mentions
        .iter()
        .copied()
        .filter(|(s, _)| *s >= anchor)
        .collect();
    let source_before = source;
    // `Skyward Shenzhen shall carry out the work … approved by Parent`: after an active verb
    // with a subject of its own, a later `by` phrase names who does something else; only a
    // passive operative (`shall be handed over to the Purchaser by the Assignor`) takes its
    // giver from there.
    let is_passive = !cjk && passive(sentence, anchor..c.anchor.end - c.sentence.start);
    let active_with_subject = !cjk && subject.is_some() && !is_passive;
    if source.is_none() && !active_with_subject {
        source = after
            .iter()
            .find(|(s, _)| marked(*s, &SOURCE_MARKERS))
            .map(|&(_, w)| w);
    }
    // `乙方有权使用甲方提供的技术资料`, `the Know-How provided by the Supplier`: an operative
    // verb that only modifies a noun names its giver inside that relative clause, and the
    // main clause's subject is the one who has what it gives.
    // (In a grant-back the relative clause names the technology improved, not what moves.)
    // When the sentence has a subject of its own, the relative clause decides only if that
    // subject uses or receives what it names (`需方有权使用供方提供的技术资料`); a subject
    // that acts (`乙方应按甲方提供的规格交付…`) keeps its act.
    let subject_uses = |giver_at: usize| {
        let Some(sub) = subject else { return true };
        let Some(&(_, e, _)) = spans
            .iter()
            .rev()
            .find(|&&(s, _, w)| w == sub && s < giver_at)
        else {
            return true;
        };
        let between = sentence[e.min(giver_at)..giver_at].to_ascii_lowercase();
        USE_VERBS.iter().any(|v| between.contains(v))
    };
    let relative = (c.kind != ClauseKind::GrantBack)
        .then(|| {
            relative_clause(
                sentence,
                anchor..c.anchor.end - c.sentence.start,
                &spans,
                cjk,
                is_passive,
                &marked,
                staff,
            )
        })
        .flatten()
        .filter(|&(g, _, at)| Some(g) == subject || subject_uses(at))
        .map(|(g, r, _)| (g, r));
    // `乙方应接受甲方的技术培训`: the subject of a verb of receiving whose object is the
    // operative receives it, from the party that qualifies the object, if any.
    let received = if cjk && c.actor == Actor::Giver && relative.is_none() {
        received_from(sentence, anchor, &spans, &unmarked)
    } else {
        None
    };
    let (mut giver, mut receiver) = match c.actor {
        Actor::Giver if received.is_some() => {
            let (to, from) = received.unwrap_or((Who::Mutual, None));
            (from.filter(|&g| g != to), Some(to))
        }
        Actor::Giver if relative.is_some() => {
            let (g, r) = relative.unwrap_or((Who::Mutual, None));
            (
                Some(g),
                r.or(subject.filter(|&s| s != g && s != Who::Mutual)),
            )
        }
        // `the Client's operators shall be trained`, `the Company is granted a licence`: the
        // subject of a passive verb receives; its giver is the `by` phrase, if any (a party
        // never gives to itself: `… manufactured by the Company` names something else).
        Actor::Giver if is_passive && subject.is_some() => {
            (source.filter(|&g| Some(g) != subject), subject)
        }
        Actor::Giver => (source.or(subject), recipient_before),
        // The holder of a right to use receives (`乙方有权使用`), unless the sentence
        // names the recipient itself (`乙方授予公司…有权使用`): then the subject grants.
        Actor::Receiver => match recipient_before {
            Some(r) => (source.or(subject).filter(|&g| g != r), Some(r)),
            None => (source.filter(|&g| Some(g) != subject), subject),
        },
        Actor::Owner => {
            // The owner is the party named after the operative; the one it comes from is
            // the creator: `developed by X` (a source marker), else the first party named
            // in the clause (`服务方利用委托方提供的资料所完成的成果，属于服务方` — the service
            // provider keeps what it made, and nothing moves).
            let clause_start = sentence[..anchor].rfind([';', '；']).map_or(0, |i| i + 1);
            let creator = mentions
                .iter()
                .find(|&&(s, _)| s >= clause_start && s < anchor && !marked(s, &NEUTRAL_MARKERS))
                .map(|&(_, w)| w);
            let owner = after.first().copied();
            // `双方共同完成的技术成果，归甲方所有`: what both parties made and one party owns
            // comes from the other; their joint work makes the clause no mutual exchange.
            let creator = creator
                .filter(|&w| !(w == Who::Mutual && matches!(owner, Some((_, Who::Party(_))))));
            // `专利权归_____方所有`: the owner is a blank in a template, so nothing is
            // allocated to anyone yet.
            let owner_at = owner.map_or(sentence.len().min(anchor + 40), |(s, _)| s);
            let mut to = owner_at.max(anchor);
            while !sentence.is_char_boundary(to) {
                to -= 1;
            }
            if sentence[anchor..to].contains("___") {
                return Resolved {
                    direction: Direction::Unclear,
                    giver: None,
                    receiver: None,
                    explicit: false,
                    mutual: false,
                    blank_owner: true,
                };
            }
            (source_before.or(creator), owner.map(|(_, w)| w))
        }
        Actor::Holder => {
            // The creators are the parties of the `by` phrase after the operative (`created
            // by Party A or Party B`); the one that is not the owner gives. A holder that
            // keeps what it made itself, or that remains the owner of what it had (`Green
            // Cross shall remain the sole and exclusive owner of …`), receives nothing:
            // giver = owner, dropped later. With no creator named (`the Company shall be
            // the exclusive owner of the Work Product`) the giver is inferred as usual.
            let owner = subject.or(recipient_before);
            let mut creators: Vec<Who> = Vec::new();
            let mut last_end: Option<usize> = None;
            for &(s, e, who) in spans.iter().filter(|&&(s, _, _)| s >= anchor) {
                let joined = last_end.is_some_and(|end| {
                    let between = sentence
                        .get(end..s)
                        .unwrap_or("-")
                        .trim()
                        .to_ascii_lowercase();
                    ["or", "and", "and/or", ",", "或", "和", "、", "或者"]
                        .contains(&between.as_str())
                });
                if marked(s, &SOURCE_MARKERS) || joined {
                    creators.push(who);
                    last_end = Some(e);
                } else {
                    last_end = None;
                }
            }
            let creator = creators
                .iter()
                .copied()
                .find(|&w| Some(w) != owner)
                .or(creators.first().copied());
            let lead_in = sentence[..anchor].to_ascii_lowercase();
            let lead_in = lead_in.rsplit([',', ';']).next().unwrap_or_default();
            let keeps = ["remain", "retain", "continue to be"]
                .iter()
                .any(|w| lead_in.contains(w));
            (creator.or(owner.filter(|_| keeps)), owner)
        }
    };
    if receiver.is_none() {
        receiver = after
            .iter()
            .map(|&(_, w)| w)
            .find(|&w| Some(w) != giver && w != Who::Mutual);
    }
    if giver.is_none() && c.actor != Actor::Giver {
        giver = after
            .iter()
            .map(|&(_, w)| w)
            .find(|&w| Some(w) != receiver && w != Who::Mutual);
    }
    // A right to use (`合营公司…有权…使用出资技术` after `乙方以技术作价出资后`) comes from
    // the other party the sentence names, wherever it stands.
    if giver.is_none() && c.actor == Actor::Receiver {
        giver = mentions
            .iter()
            .map(|&(_, w)| w)
            .find(|&w| Some(w) != receiver && w != Who::Mutual);
    }
    let mutual = giver == Some(Who::Mutual)
        || (c.kind == ClauseKind::GrantBack
            && ["相互", "互相", "mutual", "each party", "either party"]
                .iter()
                .any(|m| sentence.to_ascii_lowercase().contains(m)));
    if mutual {
        return mutual_direction(ctx.parties);
    }

    let mut explicit = giver.is_some() && receiver.is_some();
    if c.kind == ClauseKind::JvContribution {
        let g = giver.and_then(|w| party(ctx.parties, w));
        let jv_region = if ctx.jv_in_mainland {
            Region::Mainland
        } else {
            Region::Unknown
        };
        let jv_name = if ctx.jv_in_mainland {
            super::JV_IN_CHINA
        } else {
            "the joint venture"
        };
        return Resolved {
            direction: direction(g.map_or(Region::Unknown, |p| p.region), jv_region),
            giver: g.map(|p| p.name.clone()),
            receiver: Some(jv_name.to_owned()),
            explicit: g.is_some(),
            mutual: false,
            blank_owner: false,
        };
    }
    // Two-party contracts: one side implies the other.
    if ctx.parties.len() == 2 {
        let other = |w: Option<Who>| match w {
            Some(Who::Party(i)) => Some(Who::Party(1 - i)),
            _ => None,
        };
        if giver.is_none() && receiver.is_some() {
            giver = other(receiver);
            explicit = false;
        } else if receiver.is_none() && giver.is_some() {
            receiver = other(giver);
            explicit = false;
        }
    }
    // A contract that sets up a joint venture: what a partner gives without naming a
    // receiver (`Huaxing shall provide technical assistance during commissioning`) goes to
    // the venture, the one party that exists to receive the partners' contributions. (A
    // grant-back runs the other way: from the venture or licensee back to a partner.)
    if receiver.is_none() && c.kind != ClauseKind::GrantBack {
        let venture = |p: &Party| p.kind == crate::model::PartyKind::JvToBeFormed;
        let from_partner = matches!(giver, Some(Who::Party(g))
            if ctx.parties.get(g).is_some_and(|p| !venture(p)));
        if from_partner {
            let mut ventures = ctx.parties.iter().enumerate().filter(|&(_, p)| venture(p));
            if let (Some((v, _)), None) = (ventures.next(), ventures.next()) {
                receiver = Some(Who::Party(v));
                explicit = false;
            }
        }
    }
    // Neither side named in the clause (`The Developer shall deliver…` where only 甲方/乙方
    // are defined): the parties' roles decide, when exactly one party's role names the
    // giver's side and another's the receiver's.
    if giver.is_none() && receiver.is_none() {
        if let Some((g, r)) = ctx.sides.and_then(|s| by_role(ctx.parties, s)) {
            let (g, r) = if c.kind == ClauseKind::GrantBack {
                (r, g)
            } else {
                (g, r)
            };
            giver = Some(Who::Party(g));
            receiver = Some(Who::Party(r));
            explicit = false;
        }
    }
    let g = giver.and_then(|w| party(ctx.parties, w));
    let r = receiver.and_then(|w| party(ctx.parties, w));
    let dir = match (g, r) {
        (Some(g), Some(r)) if g.name != r.name => direction(g.region, r.region),
        _ => Direction::Unclear,
    };
    Resolved {
        direction: dir,
        giver: g.map(|p| p.name.clone()),
        receiver: r.map(|p| p.name.clone()),
        explicit,
        mutual: false,
        blank_owner: false,
    }
}

/// Fills the side a clause leaves open with its named side's *counterpart*: the party the
/// document's other clauses pair it with most often (both sides named in the clause
/// itself, not mutual), when one party leads. In a two-party contract that is the other
/// party; among three or more (a guarantor, a parent, a university that employs the
/// consultant) it is the party the named one actually deals with. `resolved` holds every
/// candidate of the document; only the open sides change, and their clauses stay inferred.
pub fn complete_sides(resolved: &mut [Resolved], parties: &[Party]) {
    let mut pairs: std::collections::BTreeMap<(&str, &str), usize> =
        std::collections::BTreeMap::new();
    for r in resolved.iter() {
        if let (Some(g), Some(x), true, false) = (&r.giver, &r.receiver, r.explicit, r.mutual) {
            if g != x {
                *pairs.entry((g.as_str(), x.as_str())).or_default() += 1;
            }
        }
    }
    // The party `name` gives to most often (`gives`), or receives from most often.
    let partner = |name: &str, gives: bool| -> Option<String> {
        let mut count: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for (&(g, x), &n) in &pairs {
            if gives && g == name {
                *count.entry(x).or_default() += n;
            } else if !gives && x == name {
                *count.entry(g).or_default() += n;
            }
        }
        let best = count.values().copied().max()?;
        let mut top = count.iter().filter(|&(_, &n)| n == best);
        match (top.next(), top.next()) {
            (Some((p, _)), None) => Some((*p).to_owned()),
            _ => None,
        }
    };
    let filled: Vec<(usize, Option<String>, Option<String>)> = resolved
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.mutual && !r.blank_owner)
        .filter_map(|(i, r)| match (&r.giver, &r.receiver) {
            (Some(g), None) => Some((i, None, partner(g, true))),
            (None, Some(x)) => Some((i, partner(x, false), None)),
            _ => None,
        })
        .filter(|(_, g, x)| g.is_some() || x.is_some())
        .collect();
    let region = |n: &str| {
        parties
            .iter()
            .find(|p| p.name == n)
            .map_or(Region::Unknown, |p| p.region)
    };
    for (i, g, x) in filled {
        let r = &mut resolved[i];
        if g.is_some() {
            r.giver = g;
        }
        if x.is_some() {
            r.receiver = x;
        }
        r.explicit = false;
        if let (Some(g), Some(x)) = (&r.giver, &r.receiver) {
            r.direction = if g == x {
                Direction::Unclear
            } else {
                direction(region(g), region(x))
            };
        }
    }
}

/// Whether the operative `sentence[op]` is a passive verb: it opens with a form of `be`, or
/// one stands right before it, adverbs apart (`shall be handed over`, `is hereby granted`,
/// `will be promptly delivered`; not `shall be responsible for providing`).
fn passive(sentence: &str, op: std::ops::Range<usize>) -> bool {
    const BE: [&str; 7] = ["be", "is", "are", "was", "were", "been", "being"];
    const ADVERBS: [&str; 6] = ["hereby", "also", "further", "thereby", "then", "not"];
    let is_be = |w: &str| BE.contains(&w.to_ascii_lowercase().as_str());
    if sentence
        .get(op.clone())
        .and_then(|o| o.split_whitespace().next())
        .is_some_and(is_be)
    {
        return true;
    }
    sentence[..op.start]
        .split_whitespace()
        .rev()
        .take(4)
        .find(|w| {
            let w = w.to_ascii_lowercase();
            !(w.ends_with("ly") || ADVERBS.contains(&w.as_str()))
        })
        .is_some_and(is_be)
}

/// Verbs whose subject uses or receives what a relative clause after them names
/// (`需方有权使用供方提供的技术资料`, `may use the Know-How provided by`).
const USE_VERBS: [&str; 12] = [
    "使用", "实施", "有权", "接受", "获得", "取得", "得到", "use", "receive", "obtain", "acquire",
    "right to",
];

/// Verbs whose subject receives their object (`接受培训`, `获得…指导`).
const RECEIVE_VERBS: [&str; 4] = ["接受", "获得", "取得", "得到"];

/// When the operative at `anchor` is the object of a verb of receiving (`乙方应接受甲方的技术
/// 培训`, `乙方获得技术指导`): the receiver (the party before the verb, in its clause) and the
/// giver (the party that qualifies the object, if one does). `None` when no such verb
/// governs the operative or no party stands before it.
fn received_from(
    sentence: &str,
    anchor: usize,
    spans: &[(usize, usize, Who)],
    unmarked: &dyn Fn(usize) -> bool,
) -> Option<(Who, Option<Who>)> {
    let mut head = anchor;
    let mut from = None;
    if let Some(&(s, e, who)) = spans.iter().rev().find(|&&(_, e, _)| e <= anchor) {
        if matches!(&sentence[e..anchor], "" | "的" | "方面的") {
            head = s;
            from = Some(who);
        }
    }
    let before = sentence[..head].trim_end();
    let verb = RECEIVE_VERBS.iter().find(|v| before.ends_with(*v))?;
    let verb_at = before.len() - verb.len();
    let clause_start = sentence[..verb_at]
        .rfind([',', '，', ';', '；', '。'])
        .map_or(0, |i| i + 1);
    let &(_, _, to) = spans
        .iter()
        .rev()
        .find(|&&(s, e, w)| s >= clause_start && e <= verb_at && w != Who::Mutual && unmarked(s))?;
    Some((to, from))
}

/// Where a clause ends inside a sentence, for relative clauses.
const BREAKS: [char; 8] = [',', '，', ';', '；', '。', ':', '：', '、'];
/// Irregular English participles that open a reduced relative clause.
const IRREGULAR: [&str; 6] = ["given", "made", "sent", "taught", "shown", "lent"];
/// Words before a participle that make it a verb of its own (not a reduced relative).
const AUX: [&str; 16] = [
    "shall", "will", "may", "must", "should", "has", "have", "had", "hereby", "to", "and", "or",
    "would", "can", "it", "who",
];

/// The giver (and receiver, when the relative clause names one) of an operative verb that
/// modifies a noun rather than stating an act: Chinese `X提供的资料`, `X向Y交付的文件`, and
/// English reduced relatives `the Know-How provided by X`, `disclosed to it by X`. The giver
/// of a Chinese relative is the party right before the verb (a recipient-marked one apart);
/// of an English one, the `by` party after it. `None` when the verb states an act.
fn relative_clause(
    sentence: &str,
    op: std::ops::Range<usize>,
    spans: &[(usize, usize, Who)],
    cjk: bool,
    is_passive: bool,
    marked: &dyn Fn(usize, &[&str]) -> bool,
    staff: &[String],
) -> Option<(Who, Option<Who>, usize)> {
    let after = &sentence[op.end..];
    if cjk {
        // `甲方选派的十二名制图人员`: a relative clause about people names who sends them,
        // not what is given.
        let head = after.split(BREAKS).next().unwrap_or_default();
        let head: String = head.chars().take(12).collect();
        if staff
            .iter()
            .any(|w| !w.is_ascii() && head.contains(w.as_str()))
        {
            return None;
        }
        // What follows the verb: `的` at once, or one party (the recipient) and then `的`.
        let mut to = None;
        if !after.starts_with('的') {
            let &(s, e, who) = spans.iter().find(|&&(s, _, _)| s >= op.end)?;
            let gap = &sentence[op.end..s];
            if !(gap.is_empty() || gap == "给" || gap == "予") || !sentence[e..].starts_with('的')
            {
                return None;
            }
            to = Some(who);
        }
        let clause_start = sentence[..op.start].rfind(BREAKS).map_or(0, |i| i + 1);
        let mut giver: Option<(Who, usize)> = None;
        for &(s, e, who) in spans
            .iter()
            .rev()
            .filter(|&&(s, e, _)| s >= clause_start && e <= op.start)
        {
            // The giver stands right before the verb (`按照甲方提供的`, `甲方所提供的`,
            // `甲方按合同约定提供的`), not several phrases away.
            let gap = sentence[e..op.start].chars().count();
            if gap <= 1 {
                giver = Some((who, s));
                break;
            }
            if marked(s, &NEUTRAL_MARKERS) || gap > 10 {
                return None;
            }
            if marked(s, &RECIPIENT_MARKERS) && !marked(s, &SOURCE_MARKERS) {
                to = to.or(Some(who));
                continue;
            }
            giver = Some((who, s));
            break;
        }
        let (giver, at) = giver.filter(|&(g, _)| g != Who::Mutual)?;
        return Some((giver, to.filter(|&t| t != giver), at));
    }
    if is_passive {
        return None;
    }
    // English: a participle right after a noun (not after a modal, `to`, `be`, `have`, or a
    // party that would be its subject), with a `by` party before the clause ends.
    // The operative may be a stem (`disclose` in `disclosed`): read the whole word.
    let op_word: String = sentence[op.start..]
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase();
    let op = op.start..op.start + op_word.len();
    let after = &sentence[op.end..];
    if !(op_word.ends_with("ed") || IRREGULAR.contains(&op_word.as_str())) {
        return None;
    }
    let before = sentence[..op.start].trim_end();
    let prev = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if prev.is_empty()
        || AUX.contains(&prev.as_str())
        || !prev.chars().next().is_some_and(char::is_alphanumeric)
        || spans
            .iter()
            .any(|&(_, e, _)| e <= op.start && sentence[e..op.start].trim().is_empty())
    {
        return None;
    }
    let end = after.find(BREAKS).map_or(sentence.len(), |i| op.end + i);
    let mut to = None;
    for &(s, _, who) in spans.iter().filter(|&&(s, _, _)| s >= op.end && s < end) {
        if sentence[op.end..s].split_whitespace().count() > 8 {
            break;
        }
        if marked(s, &SOURCE_MARKERS) {
            return Some((who, to.filter(|&t| t != who), s));
        }
        if marked(s, &RECIPIENT_MARKERS) {
            to = Some(who);
        }
    }
    None
}

/// Whether the operative verb at `anchor` has a modal of its own (`shall`, `will`, at most
/// three words before it) whose subject is a capitalised word that no party mention covers
/// (`Suppliers will provide`).
fn own_subject_is_no_party(sentence: &str, anchor: usize, spans: &[(usize, usize, Who)]) -> bool {
    let before = &sentence[..anchor];
    let Some(m) = [" shall ", " will "]
        .iter()
        .filter_map(|w| before.rfind(w))
        .max()
    else {
        return false;
    };
    let modal_end = before[m + 1..]
        .find(' ')
        .map_or(before.len(), |i| m + 1 + i);
    if before[modal_end..].split_whitespace().count() > 3 {
        return false;
    }
    let word_start = before[..m].rfind([' ', ',', '(', ';']).map_or(0, |i| i + 1);
    let word = &before[word_start..m];
    word.starts_with(|c: char| c.is_uppercase())
        && !spans.iter().any(|&(s, e, _)| s <= word_start && m <= e)
}

/// The one party whose role names the giver's side and the one whose role names the
/// receiver's, when each is unique.
fn by_role(parties: &[Party], sides: &super::parties::Sides) -> Option<(usize, usize)> {
    let with = |list: &[String]| -> Option<usize> {
        let mut found = parties.iter().enumerate().filter(|(_, p)| {
            p.role
                .as_deref()
                .is_some_and(|r| list.iter().any(|w| w.eq_ignore_ascii_case(r.trim())))
        });
        let first = found.next().map(|(i, _)| i);
        if found.next().is_some() {
            return None;
        }
        first
    };
    let (g, r) = (with(&sides.giver)?, with(&sides.receiver)?);
    (g != r).then_some((g, r))
}

fn party(parties: &[Party], w: Who) -> Option<&Party> {
    match w {
        Who::Party(i) => parties.get(i),
        Who::Mutual => None,
    }
}

/// Both orientations between every pair of parties.
fn mutual_direction(parties: &[Party]) -> Resolved {
    let mut best: Option<(Direction, usize, usize)> = None;
    for (i, a) in parties.iter().enumerate() {
        for (j, b) in parties.iter().enumerate() {
            if i == j {
                continue;
            }
            let d = direction(a.region, b.region);
            if best.is_none_or(|(bd, _, _)| d < bd) {
                best = Some((d, i, j));
            }
        }
    }
    match best {
        Some((d, i, j)) => Resolved {
            direction: d,
            giver: Some(parties[i].name.clone()),
            receiver: Some(parties[j].name.clone()),
            explicit: true,
            mutual: true,
            blank_owner: false,
        },
        None => Resolved {
            direction: Direction::Unclear,
            giver: None,
            receiver: None,
            explicit: false,
            mutual: true,
            blank_owner: false,
        },
    }
}

/// The border test for one giver and one receiver.
pub fn direction(giver: Region, receiver: Region) -> Direction {
    match (giver.is_mainland(), receiver.is_mainland()) {
        (Some(true), Some(false)) => Direction::Outbound,
        (Some(false), Some(true)) => Direction::Inbound,
        (Some(true), Some(true)) => Direction::Domestic,
        (Some(false), Some(false)) => Direction::NoMainland,
        _ => Direction::Unclear,
    }
}

/// Party mentions in a sentence: (start, end, who), in order, longest match first at
/// each position. A possessive mention counts only when it names the party's people
/// (`staff`: `the Buyer's chief technologist`).
fn mentions(sentence: &str, parties: &[Party], staff: &[String]) -> Vec<(usize, usize, Who)> {
    let lower = sentence.to_ascii_lowercase();
    let mut found: Vec<(usize, usize, Who)> = Vec::new();
    for (i, p) in parties.iter().enumerate() {
        for form in forms(p) {
            let f = form.to_ascii_lowercase();
            for (pos, _) in lower.match_indices(&f) {
                if bounded(&lower, pos, pos + f.len()) {
                    found.push((pos, f.len(), Who::Party(i)));
                }
            }
        }
    }
    for m in MUTUAL {
        for (pos, _) in lower.match_indices(m) {
            if bounded(&lower, pos, pos + m.len()) {
                found.push((pos, m.len(), Who::Mutual));
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out: Vec<(usize, usize, Who)> = Vec::new();
    let mut covered = 0;
    for (pos, len, who) in found {
        if pos < covered {
            continue;
        }
        covered = pos + len;
        // `at the Licensor's written request`: a possessive names no actor, unless what it
        // qualifies is the party's people (`trained by the Assignor's senior engineers`).
        let rest = &sentence[pos + len..];
        let possessive = ["'s", "’s", "s'", "s’"]
            .iter()
            .find_map(|p| rest.strip_prefix(p));
        let mut end = pos + len;
        if let Some(head) = possessive {
            // The mention runs to the end of the staff noun, so that what follows it (a
            // modal verb or not) is read as for any other mention.
            let mut at = sentence.len() - head.len();
            let mut people = None;
            for w in head.split_inclusive(char::is_whitespace).take(3) {
                let word = w
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                let word_end = at + w.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
                at += w.len();
                if staff.contains(&word) {
                    people = Some(word_end);
                    break;
                }
            }
            let Some(people) = people else {
                continue;
            };
            end = people;
        }
        out.push((pos, end, who));
    }
    out
}

/// Words too common to name a party on their own.
fn is_function_word(s: &str) -> bool {
    const WORDS: [&str; 8] = ["the", "and", "for", "with", "from", "its", "this", "that"];
    WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
}

fn bounded(text: &str, s: usize, e: usize) -> bool {
    let b = text.as_bytes();
    let w = |c: u8| c.is_ascii_alphanumeric();
    (s == 0 || !w(b[s]) || !w(b[s - 1])) && (e >= b.len() || !w(b[e - 1]) || !w(b[e]))
}

/// The ways a clause may name a party: its name, the name without a leading article,
/// the name without its last word (a corporate suffix), its aliases and role. A short form
/// that is only a function word ("The University" → "The") names nobody and is dropped.
pub(super) fn forms(p: &Party) -> Vec<String> {
    let mut v = vec![p.name.clone()];
    let name = p.name.trim_end_matches(|c: char| !c.is_alphanumeric());
    let bare = ["The ", "the "]
        .iter()
        .find_map(|a| name.strip_prefix(a))
        .unwrap_or(name);
    if bare != name {
        v.push(bare.to_owned());
    }
    let short = bare
        .rsplit_once(' ')
        .map(|(head, _)| head.trim_end_matches(',').trim().to_owned());
    if let Some(short) = short.filter(|s| s.chars().count() >= 3 && !is_function_word(s)) {
        v.push(short);
    }
    v.extend(p.aliases.iter().cloned());
    v.extend(p.role.iter().cloned());
    v.retain(|s| !s.trim().is_empty() && s.chars().any(char::is_alphanumeric));
    v
}

/// The document-level flow from the clauses' directions and the parties.
///
/// Any outbound clause makes the document outbound; else any inbound clause makes it
/// inbound-only; else domestic when some clause is domestic and none unclear; else
/// no-mainland when no party is mainland and either the parties' regions are known or the
/// document names no mainland place at all (`mentions_mainland` false). Without clauses
/// the parties decide: all mainland → domestic, none mainland → no-mainland, otherwise
/// unclear ("no transfer clause found").
pub fn export_flow(
    clauses: &[ClauseSummary],
    parties: &[Party],
    mentions_mainland: bool,
) -> (ExportFlow, String) {
    let describe = |(loc, kind, _, g, r): &ClauseSummary| {
        let name = |n: &Option<String>| -> String {
            n.as_ref().map_or("?".to_owned(), |n| {
                let region = parties
                    .iter()
                    .find(|p| p.name == *n)
                    .map_or("", |p| region_word(p.region));
                if region.is_empty() {
                    n.clone()
                } else {
                    format!("{n} ({region})")
                }
            })
        };
        format!("{loc}: {} by {} to {}", kind.as_str(), name(g), name(r))
    };
    let first = |d: Direction| clauses.iter().find(|c| c.2 == d);
    if let Some(c) = first(Direction::Outbound) {
        return (ExportFlow::Outbound, describe(c));
    }
    if let Some(c) = first(Direction::Inbound) {
        return (ExportFlow::InboundOnly, describe(c));
    }
    let known = !parties.is_empty() && parties.iter().all(|p| p.region != Region::Unknown);
    // A document that names no mainland place or party at all has no mainland party.
    let none_mainland = !parties.is_empty()
        && (known || !mentions_mainland)
        && !parties.iter().any(|p| p.region == Region::Mainland);
    let all_mainland = known && parties.iter().all(|p| p.region == Region::Mainland);
    if !clauses.is_empty() {
        let unclear = clauses.iter().any(|c| c.2 == Direction::Unclear);
        if let Some(c) = first(Direction::Domestic).filter(|_| !unclear || all_mainland) {
            return (ExportFlow::Domestic, describe(c));
        }
        if none_mainland {
            return (
                ExportFlow::NoMainland,
                format!("no mainland party among {} parties", parties.len()),
            );
        }
        if all_mainland {
            return (
                ExportFlow::Domestic,
                "all parties are mainland parties".to_owned(),
            );
        }
        let c = first(Direction::Unclear).unwrap_or(&clauses[0]);
        return (
            ExportFlow::Unclear,
            format!("{}: direction could not be established", c.0),
        );
    }
    if parties.is_empty() {
        return (
            ExportFlow::Unclear,
            "no transfer clause and no party found".to_owned(),
        );
    }
    if all_mainland {
        return (
            ExportFlow::Domestic,
            "no transfer clause found; all parties mainland".to_owned(),
        );
    }
    if none_mainland {
        return (
            ExportFlow::NoMainland,
            "no transfer clause found; no mainland party".to_owned(),
        );
    }
    (ExportFlow::Unclear, "no transfer clause found".to_owned())
}

fn region_word(r: Region) -> &'static str {
    match r {
        Region::Mainland => "mainland",
        Region::HongKong => "Hong Kong",
        Region::Macau => "Macau",
        Region::Taiwan => "Taiwan",
        Region::Foreign => "foreign",
        Region::Unknown => "",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::Location;

    fn party(name: &str, role: &str, region: Region) -> Party {
        Party {
            name: name.to_owned(),
            jurisdiction: None,
            region,
            role: Some(role.to_owned()),
            aliases: Vec::new(),
            evidence: String::new(),
            location: Location::default(),
            ..Party::default()
        }
    }

    fn cand(text: &str, anchor: &str, kind: ClauseKind, actor: Actor) -> Candidate {
        let at = text.find(anchor).unwrap();
        Candidate {
            segment: 0,
            kind,
            sentence: 0..text.len(),
            anchor: at..at + anchor.len(),
            actor,
            rules: Vec::new(),
            confidence: 0.8,
            list_item: None,
        }
    }

    #[test]
    fn directions_are_resolved() {
        // (name, parties, sentence, operative, kind, actor, want direction, want giver)
        type Case<'a> = (
            &'a str,
            &'a [Party],
            &'a str,
            &'a str,
            ClauseKind,
            Actor,
            Direction,
            Option<&'a str>,
        );
        let cn_de = [
            party("上海某某有限公司", "甲方", Region::Mainland),
            party("Acme GmbH", "乙方", Region::Foreign),
        ];
        let us_cn = [
            party("Acme Inc.", "Licensor", Region::Foreign),
            party("Beijing X Co., Ltd.", "Licensee", Region::Mainland),
        ];
        let cases: &[Case] = &[
            (
                "licensor_grants_to_licensee",
                &us_cn,
                "Licensor hereby grants to Licensee a license.",
                "hereby grants",
                ClauseKind::Licence,
                Actor::Giver,
                Direction::Inbound,
                Some("Acme Inc."),
            ),
            (
                "grant_back_in_inbound_licence_is_outbound",
                &us_cn,
                "Licensee shall grant back to Licensor a license to all Improvements.",
                "grant back",
                ClauseKind::GrantBack,
                Actor::Giver,
                Direction::Outbound,
                Some("Beijing X Co., Ltd."),
            ),
            (
                "zh_giver_before_xiang",
                &cn_de,
                "甲方向乙方提供技术资料。",
                "提供",
                ClauseKind::KnowHow,
                Actor::Giver,
                Direction::Outbound,
                Some("上海某某有限公司"),
            ),
            (
                "zh_jiang_gei",
                &cn_de,
                "乙方将其专利转让给甲方。",
                "转让",
                ClauseKind::Assignment,
                Actor::Giver,
                Direction::Inbound,
                Some("Acme GmbH"),
            ),
            (
                "technical_services_by_chinese_firm_for_foreign_client_is_outbound",
                &cn_de,
                "甲方为乙方提供技术服务。",
                "提供技术服务",
                ClauseKind::TechnicalServices,
                Actor::Giver,
                Direction::Outbound,
                Some("上海某某有限公司"),
            ),
            (
                "owned_by_receiver",
                &us_cn,
                "All results shall be owned by Licensee.",
                "owned by",
                ClauseKind::Assignment,
                Actor::Owner,
                Direction::Inbound,
                Some("Acme Inc."),
            ),
            (
                "holder_owns_what_the_other_party_creates",
                &us_cn,
                "Licensor owns the sole and exclusive right of the Software, including any improvement, no matter whether created by Licensor or Licensee.",
                "owns the sole and exclusive",
                ClauseKind::GrantBack,
                Actor::Holder,
                Direction::Outbound,
                Some("Beijing X Co., Ltd."),
            ),
            (
                "holder_keeps_what_it_creates",
                &us_cn,
                "Licensor is the sole and exclusive owner of all Improvements created by Licensor.",
                "sole and exclusive owner",
                ClauseKind::GrantBack,
                Actor::Holder,
                Direction::Unclear,
                Some("Acme Inc."),
            ),
            (
                "holder_without_a_creator_keeps_its_own",
                &us_cn,
                "Licensor shall remain the sole and exclusive owner of the Licensed Patents.",
                "sole and exclusive owner",
                ClauseKind::Assignment,
                Actor::Holder,
                Direction::Unclear,
                Some("Acme Inc."),
            ),
            (
                "a_named_non_party_subject_is_not_replaced_by_an_earlier_party",
                &us_cn,
                "At the request of the Licensee, if the Licensee will use the Product, Suppliers will provide the Licensee with all information necessary to enable it to manufacture the Product.",
                "provide",
                ClauseKind::KnowHow,
                Actor::Giver,
                Direction::Inbound,
                Some("Acme Inc."),
            ),
            (
                "zh_mutual_exchange_is_outbound",
                &cn_de,
                "双方应相互免费将改进的技术资料提供给对方。",
                "提供",
                ClauseKind::GrantBack,
                Actor::Giver,
                Direction::Outbound,
                Some("上海某某有限公司"),
            ),
            (
                "zh_comma_clause_without_subject_continues_the_sentence_subject",
                &cn_de,
                "乙方应将改进通知甲方，并提供实施改进所需的技术资料。",
                "提供",
                ClauseKind::KnowHow,
                Actor::Giver,
                Direction::Inbound,
                Some("Acme GmbH"),
            ),
            (
                "zh_party_sent_to_the_other_acts_in_the_next_clause",
                &cn_de,
                "甲方派遣技术人员赴乙方牧场，指导人工授精。",
                "指导",
                ClauseKind::TechnicalServices,
                Actor::Giver,
                Direction::Outbound,
                Some("上海某某有限公司"),
            ),
            (
                "zh_heading_run_into_its_clause",
                &cn_de,
                "第三条资料交付甲方应在三十日内将技术资料交付乙方。",
                "交付",
                ClauseKind::KnowHow,
                Actor::Giver,
                Direction::Outbound,
                Some("上海某某有限公司"),
            ),
            (
                "heading_run_into_its_clause",
                &us_cn,
                "3. SUPPLY OF STRAINS 3.1 The Licensor shall deliver to the Licensee the Strains.",
                "SUPPLY",
                ClauseKind::KnowHow,
                Actor::Giver,
                Direction::Inbound,
                Some("Acme Inc."),
            ),
            (
                "one_side_implies_the_other",
                &us_cn,
                "Licensor shall provide technical assistance.",
                "provide",
                ClauseKind::TechnicalServices,
                Actor::Giver,
                Direction::Inbound,
                Some("Acme Inc."),
            ),
        ];
        for (name, parties, text, anchor, kind, actor, want, giver) in cases {
            let ctx = Context {
                sides: None,
                parties,
                jv_in_mainland: false,
            };
            let got = resolve(text, &cand(text, anchor, *kind, *actor), &ctx);
            assert_eq!(got.direction, *want, "{name}: {got:?}");
            assert_eq!(got.giver.as_deref(), *giver, "{name}: {got:?}");
        }
    }

    #[test]
    fn a_relative_clause_or_a_verb_of_receiving_names_the_giver() {
        type Case<'a> = (&'a [Party], &'a str, &'a str, ClauseKind, Option<&'a str>);
        // (sentence, operative, kind, actor, want giver); 甲方/Supplier mainland, 乙方/Customer
        // foreign.
        let zh = [
            party("上海某某有限公司", "甲方", Region::Mainland),
            party("Acme AB", "乙方", Region::Foreign),
        ];
        let en = [
            party("Shanghai X Co., Ltd.", "Supplier", Region::Mainland),
            party("Acme AB", "Customer", Region::Foreign),
        ];
        let cases: &[Case] = &[
            (
                &zh,
                "乙方有权使用甲方提供的技术资料。",
                "提供",
                ClauseKind::KnowHow,
                Some("上海某某有限公司"),
            ),
            (
                &zh,
                "甲方提供的技术资料仅供乙方使用。",
                "提供",
                ClauseKind::KnowHow,
                Some("上海某某有限公司"),
            ),
            (
                &zh,
                "乙方应接受甲方的技术培训。",
                "技术培训",
                ClauseKind::TechnicalServices,
                Some("上海某某有限公司"),
            ),
            // A subject that acts keeps its act; the relative clause names an input.
            (
                &zh,
                "乙方应按照甲方提供的规格向甲方交付软件。",
                "提供",
                ClauseKind::KnowHow,
                Some("Acme AB"),
            ),
            // People chosen by a party are sent, not given.
            (
                &zh,
                "乙方负责对甲方选派的人员进行培训。",
                "选派",
                ClauseKind::TechnicalServices,
                Some("Acme AB"),
            ),
            (
                &en,
                "The Customer shall have the right to use the Know-How disclosed to it by the Supplier.",
                "disclose",
                ClauseKind::KnowHow,
                Some("Shanghai X Co., Ltd."),
            ),
            (
                &en,
                "The Customer may use the Know-How provided by the Supplier.",
                "provide",
                ClauseKind::KnowHow,
                Some("Shanghai X Co., Ltd."),
            ),
            (
                &en,
                "The Supplier shall provide the Know-How to the Customer.",
                "provide",
                ClauseKind::KnowHow,
                Some("Shanghai X Co., Ltd."),
            ),
        ];
        for (parties, text, anchor, kind, giver) in cases {
            let sides = super::super::parties::Sides {
                staff: vec!["人员".to_owned()],
                ..Default::default()
            };
            let ctx = Context {
                sides: Some(&sides),
                parties,
                jv_in_mainland: false,
            };
            let got = resolve(text, &cand(text, anchor, *kind, Actor::Giver), &ctx);
            assert_eq!(got.giver.as_deref(), *giver, "{text}: {got:?}");
        }
    }

    #[test]
    fn the_clause_grammar_names_both_sides_among_three_parties() {
        // Three parties, no roles on the sides list: nothing is inferred, the words decide.
        let parties = [
            party("Acme Inc.", "Licensor", Region::Foreign),
            party("Beijing X Co., Ltd.", "Licensee", Region::Mainland),
            party("Third Bank Ltd.", "Guarantor", Region::Foreign),
        ];
        let sides = super::super::parties::Sides {
            giver: Vec::new(),
            receiver: Vec::new(),
            staff: vec![
                "engineers".to_owned(),
                "operators".to_owned(),
                "team".to_owned(),
            ],
        };
        let ctx = Context {
            sides: Some(&sides),
            parties: &parties,
            jv_in_mainland: false,
        };
        // (sentence, operative, want giver, want receiver)
        let cases: &[(&str, &str, Option<&str>, Option<&str>)] = &[
            // A party's people after the verb are its object: the party receives.
            (
                "The Licensor shall train the Licensee's engineers at the plant.",
                "train",
                Some("Acme Inc."),
                Some("Beijing X Co., Ltd."),
            ),
            // The subject of a passive verb receives; the `by` phrase gives.
            (
                "The Licensee's engineers shall be trained by the Licensor's senior engineers.",
                "trained",
                Some("Acme Inc."),
                Some("Beijing X Co., Ltd."),
            ),
            (
                "The Licensee is hereby granted a licence under the Patents.",
                "granted",
                None,
                Some("Beijing X Co., Ltd."),
            ),
            // A heading word run into the clause (`1. Grant`) is no verb marking a recipient.
            (
                "1. Grant The Licensor authorises the Licensee to use the Patents.",
                "authorises",
                Some("Acme Inc."),
                Some("Beijing X Co., Ltd."),
            ),
            // After an active verb, a later `by` phrase belongs to something else.
            (
                "The Licensor shall carry out the development work approved by the Licensee.",
                "carry out",
                Some("Acme Inc."),
                Some("Beijing X Co., Ltd."),
            ),
            // People after a preposition neither act nor receive; the other possessive
            // (`at the Licensor's request`) names no one.
            (
                "Under the supervision of the Licensor's site team, the Licensee's operators shall be trained.",
                "trained",
                None,
                Some("Beijing X Co., Ltd."),
            ),
        ];
        for (text, anchor, giver, receiver) in cases {
            let got = resolve(
                text,
                &cand(text, anchor, ClauseKind::TechnicalServices, Actor::Giver),
                &ctx,
            );
            assert_eq!(got.giver.as_deref(), *giver, "{text}: {got:?}");
            assert_eq!(got.receiver.as_deref(), *receiver, "{text}: {got:?}");
        }
    }

    #[test]
    fn an_open_side_is_the_named_partys_counterpart_among_three_parties() {
        let parties = [
            party("Wuhan University", "Employer", Region::Mainland),
            party("Dr. Liu", "Consultant", Region::Mainland),
            party("Aqua LLC", "Company", Region::Foreign),
        ];
        let side = |g: Option<&str>, r: Option<&str>, explicit: bool| Resolved {
            direction: Direction::Unclear,
            giver: g.map(str::to_owned),
            receiver: r.map(str::to_owned),
            explicit,
            mutual: false,
            blank_owner: false,
        };
        let mut resolved = vec![
            side(Some("Dr. Liu"), Some("Aqua LLC"), true),
            side(Some("Dr. Liu"), Some("Aqua LLC"), true),
            side(Some("Wuhan University"), Some("Dr. Liu"), true),
            // `Consultant agrees to provide consulting services`: gives to whom it gives.
            side(Some("Dr. Liu"), None, false),
            // `the Company is granted a licence`: receives from whom it receives.
            side(None, Some("Aqua LLC"), false),
            // A party that never gives in so many words gets no receiver.
            side(Some("Aqua LLC"), None, false),
        ];
        complete_sides(&mut resolved, &parties);
        let got: Vec<(Option<&str>, Option<&str>, Direction)> = resolved[3..]
            .iter()
            .map(|r| (r.giver.as_deref(), r.receiver.as_deref(), r.direction))
            .collect();
        assert_eq!(
            got,
            [
                (Some("Dr. Liu"), Some("Aqua LLC"), Direction::Outbound),
                (Some("Dr. Liu"), Some("Aqua LLC"), Direction::Outbound),
                (Some("Aqua LLC"), None, Direction::Unclear),
            ]
        );
        assert!(!resolved[3].explicit);
    }

    #[test]
    fn what_both_parties_made_and_one_owns_comes_from_the_other() {
        let parties = [
            party("合肥某某材料有限公司", "甲方", Region::Mainland),
            party("南京某某大学", "乙方", Region::Mainland),
        ];
        let ctx = Context {
            sides: None,
            parties: &parties,
            jv_in_mainland: false,
        };
        let text = "双方在中试阶段共同完成的技术成果，归甲方所有，乙方享有署名权。";
        let got = resolve(
            text,
            &cand(text, "归", ClauseKind::Assignment, Actor::Owner),
            &ctx,
        );
        assert!(!got.mutual, "{got:?}");
        assert_eq!(got.giver.as_deref(), Some("南京某某大学"));
        assert_eq!(got.receiver.as_deref(), Some("合肥某某材料有限公司"));
    }

    #[test]
    fn jv_contribution_goes_to_a_mainland_venture() {
        let parties = [
            party("中国某某公司", "甲方", Region::Mainland),
            party("Acme AG", "乙方", Region::Foreign),
        ];
        let text = "乙方以专有技术作价出资。";
        let ctx = Context {
            sides: None,
            parties: &parties,
            jv_in_mainland: true,
        };
        let got = resolve(
            text,
            &cand(text, "作价", ClauseKind::JvContribution, Actor::Giver),
            &ctx,
        );
        assert_eq!(got.direction, Direction::Inbound);
        assert_eq!(got.giver.as_deref(), Some("Acme AG"));
    }

    #[test]
    fn document_flow_follows_the_clauses_then_the_parties() {
        let cn = party("甲", "甲方", Region::Mainland);
        let de = party("Acme GmbH", "乙方", Region::Foreign);
        let us = party("Acme Inc.", "Licensor", Region::Foreign);
        let c = |d: Direction| {
            (
                "3.2".to_owned(),
                ClauseKind::GrantBack,
                d,
                Some("甲".to_owned()),
                Some("Acme GmbH".to_owned()),
            )
        };
        let cases: Vec<(Vec<_>, Vec<Party>, ExportFlow)> = vec![
            (
                vec![c(Direction::Inbound), c(Direction::Outbound)],
                vec![cn.clone(), de.clone()],
                ExportFlow::Outbound,
            ),
            (
                vec![c(Direction::Inbound), c(Direction::Unclear)],
                vec![cn.clone(), de.clone()],
                ExportFlow::InboundOnly,
            ),
            (
                vec![c(Direction::Domestic)],
                vec![cn.clone()],
                ExportFlow::Domestic,
            ),
            (
                vec![c(Direction::Unclear)],
                vec![de.clone(), us.clone()],
                ExportFlow::NoMainland,
            ),
            (vec![], vec![cn.clone()], ExportFlow::Domestic),
            (vec![], vec![de.clone(), us.clone()], ExportFlow::NoMainland),
            (vec![], vec![cn.clone(), de.clone()], ExportFlow::Unclear),
            (vec![], vec![], ExportFlow::Unclear),
        ];
        for (clauses, parties, want) in cases {
            let (got, reason) = export_flow(&clauses, &parties, true);
            assert_eq!(got, want, "{reason}");
        }
        let (_, reason) = export_flow(&[c(Direction::Outbound)], &[cn, de], true);
        assert_eq!(
            reason,
            "3.2: grant-back by 甲 (mainland) to Acme GmbH (foreign)"
        );
    }

    #[test]
    fn an_article_is_not_a_party_name() {
        let u = party("The University", "x", Region::Unknown);
        let a = party("ArTara, Inc.", "y", Region::Foreign);
        let t = "the Project which is invented by the University shall be the property of ArTara.";
        let found: Vec<&str> = mentions(t, &[u, a], &[])
            .iter()
            .map(|m| &t[m.0..m.1])
            .collect();
        assert_eq!(found, ["the University", "ArTara"]);
    }
}
