//! The joint venture a contract sets up, as a row of the party table: read from the
//! sentence that establishes it (`The Parties shall establish X Co., Ltd. (the "Joint
//! Venture Company") as a limited liability company under the laws of …`, `同意依照津巴布韦
//! 法律在津巴布韦马绍纳兰西省设立合资公司`), its name (named there or in `合资公司的名称为“…”`),
//! the short names the contract gives it, and the words that place it — the establishing
//! clause and the naming sentence's registered seat (`注册地为匈牙利德布勒森市`).
//!
//! The place of the venture is the place the contract sets it up in, whatever language the
//! contract is written in: a Chinese contract for a venture in Hungary sets up a foreign
//! company. This module finds the sentences and hands the party stage a descriptor to read
//! the seat from; it decides no region and no direction itself.

use crate::extract::normalize::is_cjk;
use crate::model::Segment;

/// How many leading segments may establish the venture.
const REACH: usize = 60;

/// English words that set a company up (lower case).
const EN_ESTABLISH: [&str; 12] = [
    "shall establish",
    "shall form",
    "shall incorporate",
    "shall set up",
    "agree to establish",
    "agree to form",
    "agree to incorporate",
    "hereby establish",
    "to be established",
    "to be formed",
    "to be incorporated",
    "to be set up",
];

/// Chinese words that set a company up.
const ZH_ESTABLISH: [&str; 4] = ["设立", "成立", "组建", "建立"];

/// Chinese nouns for a joint venture, longest first.
const ZH_VENTURE: [&str; 9] = [
    "中外合资经营企业",
    "中外合作经营企业",
    "合资经营公司",
    "合资经营企业",
    "合作经营企业",
    "合营公司",
    "合营企业",
    "合资公司",
    "合资企业",
];

/// Words that introduce the venture's name (`合资公司的名称为“…”`, `名称为“…”`).
const ZH_NAMED: [&str; 3] = ["名称为", "名称是", "名为"];

/// The venture as the party stage reads it.
#[derive(Debug, Default, PartialEq)]
pub struct Venture {
    /// Its name as written, when the contract gives one.
    pub name: Option<String>,
    /// Its name in the other script (`Duna-Jinneng Battery Materials Kft.`).
    pub other_name: Option<String>,
    /// Where the party stage reads it from: the establishing clause (the place it is set up
    /// in) and the naming sentence.
    pub descriptor: String,
    /// The words that establish it (`shall establish`, `设立`), the kind's evidence.
    pub established_by: String,
    /// The establishing sentence from the venture's noun or name on, where its short names
    /// are defined (`（…，以下简称“合资公司”）`, `(the "Joint Venture Company")`).
    pub defining: String,
    /// The segment of the establishing sentence.
    pub segment: usize,
}

/// The venture the contract establishes, if it establishes one. `company_names` gives the
/// byte spans of the company names in a text (the party stage's own reader).
pub fn find(
    segments: &[Segment],
    company_names: &dyn Fn(&str) -> Vec<(usize, usize)>,
) -> Option<Venture> {
    segments.iter().enumerate().take(REACH).find_map(|(i, s)| {
        let text = s.text.as_str();
        let found = if text.chars().any(is_cjk) {
            chinese(text, segments)
        } else {
            english(text, company_names)
        };
        found.map(|v| Venture { segment: i, ..v })
    })
}

/// `… shall establish X Co., Ltd. (the "Joint Venture Company") as a limited liability
/// company under the laws of …`, `X, a joint venture company to be established in Changzhou
/// by …`, `… shall establish a limited liability partnership under the laws of Y named X`.
fn english(text: &str, company_names: &dyn Fn(&str) -> Vec<(usize, usize)>) -> Option<Venture> {
    let lower = text.to_ascii_lowercase();
    for sentence in sentences(text) {
        let s = &lower[sentence.clone()];
        let Some((at, verb)) = EN_ESTABLISH
            .iter()
            .filter_map(|v| s.find(v).map(|i| (i, *v)))
            .min()
        else {
            continue;
        };
        let sentence_text = &text[sentence.clone()];
        let verb_end = at + verb.len();
        // `… to be incorporated herein by reference`: a document taken into the contract,
        // not a company set up.
        let after = s[verb_end..].trim_start();
        if ["herein", "by reference", "into"]
            .iter()
            .any(|w| after.starts_with(w))
        {
            continue;
        }
        let names = company_names(sentence_text);
        // `to be established` follows the name it describes; `shall establish` comes before
        // the name it creates.
        let passive = verb.starts_with("to be");
        let name = if passive {
            names.iter().rev().find(|&&(_, e)| e <= at).copied()
        } else {
            names.iter().find(|&&(st, _)| st >= verb_end).copied()
        };
        let venture_words = s.contains("joint venture") || s.contains("company");
        let Some((ns, ne)) = name.filter(|_| venture_words || !names.is_empty()) else {
            continue;
        };
        // The place it is set up in: the words after the verb (and, for a name that comes
        // after the verb, the words between them).
        let descriptor = if passive {
            sentence_text[at..].to_owned()
        } else {
            let mut d = sentence_text[verb_end..ns].to_owned();
            d.push(' ');
            d.push_str(&sentence_text[ne..]);
            d
        };
        return Some(Venture {
            name: Some(sentence_text[ns..ne].trim().to_owned()),
            other_name: None,
            descriptor: descriptor.trim().to_owned(),
            established_by: sentence_text[at..verb_end].to_owned(),
            defining: sentence_text[ns..].to_owned(),
            segment: 0,
        });
    }
    None
}

/// `同意在匈牙利共同投资设立合资经营公司（以下简称“合资公司”）`, with the name from the same
/// sentence (`设立合资经营企业“佛山…有限公司”`, `设立合资公司，名称为“…”`) or a later one
/// (`合资公司的名称为“…”（…Kft.），注册地为…`).
fn chinese(text: &str, segments: &[Segment]) -> Option<Venture> {
    for sentence in sentences(text) {
        let s = &text[sentence.clone()];
        // The first verb with a venture noun right after it (`设立合资公司`, `共同投资设立合资
        // 经营企业`; not `一家在香港注册成立的有限公司`).
        let mut verbs: Vec<(usize, &str)> = ZH_ESTABLISH
            .iter()
            .flat_map(|v| s.match_indices(v).map(|(i, _)| (i, *v)))
            .collect();
        verbs.sort_unstable();
        let Some((vi, verb, noun)) = verbs.into_iter().find_map(|(vi, verb)| {
            let after_verb = &s[vi + verb.len()..];
            ZH_VENTURE
                .iter()
                .find(|n| after_verb.starts_with(*n))
                .map(|n| (vi, verb, *n))
        }) else {
            continue;
        };
        // The establishing clause: from the last comma before the verb to the end of the
        // noun and the bracket or quoted name right after it.
        let clause_start = s[..vi]
            .rfind(['，', ',', '：', ':'])
            .map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8));
        let noun_end = vi + verb.len() + noun.len();
        let clause_end = s[noun_end..]
            .find(['，', ',', '。', '；'])
            .map_or(s.len(), |i| noun_end + i);
        let clause = s[clause_start..clause_end].trim();
        let quoted = quoted_at(&s[noun_end..]);
        let (name, naming) = match quoted {
            Some(q) => (Some(q), String::new()),
            None => named_in(&s[noun_end..])
                .map(|n| (Some(n), String::new()))
                .or_else(|| named_later(segments))
                .unwrap_or((None, String::new())),
        };
        let other_name = name.as_deref().and_then(|n| {
            std::iter::once(text)
                .chain(segments.iter().take(REACH).map(|s| s.text.as_str()))
                .find_map(|t| other_name_after(t, n))
        });
        let mut descriptor = clause.to_owned();
        if !naming.is_empty() {
            descriptor.push(' ');
            descriptor.push_str(&naming);
        }
        return Some(Venture {
            name,
            other_name,
            descriptor,
            established_by: (*verb).to_owned(),
            defining: s[noun_end..].to_owned(),
            segment: 0,
        });
    }
    None
}

/// The byte ranges of the sentences of `text` (ending at `.`+space, `。`, `；`).
fn sentences(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let stop = matches!(c, '。' | '；')
            || (c == '.' && text[end..].starts_with(' ') && {
                // `Co., Ltd. (the …)`, `No. 8`: a dot after an abbreviation ends no sentence.
                let word = text[..i].rsplit(' ').next().unwrap_or("");
                word.chars().count() > 3 && !word.contains('.')
            });
        if stop {
            out.push(start..end);
            start = end;
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// A quoted name that opens `text` (`“佛山…有限公司”（以下简称…）`).
fn quoted_at(text: &str) -> Option<String> {
    let rest = text.strip_prefix('“').or_else(|| text.strip_prefix('"'))?;
    let end = rest.find(['”', '"'])?;
    let name = rest[..end].trim();
    (name.chars().count() >= 4).then(|| name.to_owned())
}

/// `…，名称为“X”` in the rest of the establishing sentence.
fn named_in(text: &str) -> Option<String> {
    ZH_NAMED.iter().find_map(|w| {
        let i = text.find(w)?;
        quoted_at(text[i + w.len()..].trim_start_matches([' ', '：', ':']))
    })
}

/// `合资公司的名称为“X”（…），注册地为…` in a later segment: the name and the sentence.
fn named_later(segments: &[Segment]) -> Option<(Option<String>, String)> {
    segments.iter().take(REACH).find_map(|s| {
        let text = s.text.as_str();
        ZH_VENTURE.iter().find_map(|n| {
            ZH_NAMED.iter().find_map(|w| {
                let pattern = format!("{n}的{w}");
                let i = text.find(&pattern)?;
                let name = quoted_at(text[i + pattern.len()..].trim_start_matches([' ', '：']))?;
                let end = text[i..].find('。').map_or(text.len(), |e| i + e);
                Some((Some(name), text[i..end].to_owned()))
            })
        })
    })
}

/// The bracketed name in the other script right after `name` (`“多瑙…有限公司”（Duna-Jinneng
/// Battery Materials Kft.）`), up to its first comma-like stop.
fn other_name_after(text: &str, name: &str) -> Option<String> {
    let i = text.find(name)? + name.len();
    let rest = text[i..].trim_start_matches(['”', '"']);
    let rest = rest.strip_prefix('（').or_else(|| rest.strip_prefix('('))?;
    let end = rest.find(['）', ')', '，', ','])?;
    let inner = rest[..end].trim();
    // `(Zambezi Minjiang Lithium (Private) Limited，以下简称…`: the bracket in a name.
    let inner = if rest[end..].starts_with(')') && inner.contains('(') {
        let close = rest[end + 1..]
            .find(['）', ')', '，', ','])
            .map_or(rest.len(), |e| end + 1 + e);
        rest[..close].trim()
    } else {
        inner
    };
    let latin = inner.chars().filter(char::is_ascii_alphabetic).count() >= 4;
    (latin && !inner.chars().any(is_cjk)).then(|| inner.to_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn segs(texts: &[&str]) -> Vec<Segment> {
        texts
            .iter()
            .map(|t| Segment {
                text: (*t).to_owned(),
                ..Segment::default()
            })
            .collect()
    }

    #[test]
    fn chinese_ventures_are_named_and_placed_by_the_clause_that_sets_them_up() {
        let none = |_: &str| Vec::new();
        for (texts, name, other, descriptor) in [
            (
                &[
                    "第1条 甲方（以下简称“中方”）；与乙方，根据匈牙利有关法律，经友好协商，同意在匈牙利共同投资设立合资经营公司（以下简称“合资公司”），特订立本合同。",
                    "第2条 合资公司的名称为“多瑙示例电池材料有限公司”（Duna Example Battery Materials Kft.），注册地为匈牙利德布勒森市。合资公司为有限责任公司。",
                ][..],
                Some("多瑙示例电池材料有限公司"),
                Some("Duna Example Battery Materials Kft."),
                "同意在匈牙利共同投资设立合资经营公司（以下简称“合资公司”） 合资公司的名称为“多瑙示例电池材料有限公司”（Duna Example Battery Materials Kft.），注册地为匈牙利德布勒森市",
            ),
            (
                &[
                    "第一条 甲乙双方同意依照津巴布韦法律在津巴布韦马绍纳兰西省设立合资公司，名称为“赞比西示例锂业有限公司”（Zambezi Example Lithium (Private) Limited，以下简称“合资公司”）。",
                ][..],
                Some("赞比西示例锂业有限公司"),
                Some("Zambezi Example Lithium (Private) Limited"),
                "第一条 甲乙双方同意依照津巴布韦法律在津巴布韦马绍纳兰西省设立合资公司",
            ),
            (
                &[
                    "双方根据《中华人民共和国外商投资法》，同意在广东省佛山市共同投资设立合资经营企业“佛山示例大和热泵技术有限公司”（以下简称“合资公司”）。",
                ][..],
                Some("佛山示例大和热泵技术有限公司"),
                None,
                "同意在广东省佛山市共同投资设立合资经营企业“佛山示例大和热泵技术有限公司”（以下简称“合资公司”）",
            ),
        ] {
            let v = find(&segs(texts), &none).unwrap();
            assert_eq!(v.name.as_deref(), name);
            assert_eq!(v.other_name.as_deref(), other);
            assert_eq!(v.descriptor, descriptor);
        }
        assert_eq!(find(&segs(&["甲方向乙方提供技术资料。"]), &none), None);
    }

    #[test]
    fn english_ventures_are_read_from_the_sentence_that_establishes_them() {
        let names = |text: &str| -> Vec<(usize, usize)> {
            [
                "Example Tianrhone Membrane Co., Ltd.",
                "KazExample Light Alloys LLP",
            ]
            .iter()
            .filter_map(|n| text.find(n).map(|i| (i, i + n.len())))
            .collect()
        };
        let v = find(
            &segs(&[
                "Article 1.2 The Parties shall establish Example Tianrhone Membrane Co., Ltd. (the \"Joint Venture Company\") as a limited liability company under the laws of the People's Republic of China, with its legal address in the Chengdu Hi-tech Zone.",
            ]),
            &names,
        )
        .unwrap();
        assert_eq!(
            v.name.as_deref(),
            Some("Example Tianrhone Membrane Co., Ltd.")
        );
        assert!(
            v.descriptor
                .starts_with("(the \"Joint Venture Company\") as a limited")
        );
        let v = find(
            &segs(&[
                "1.1 The Founders shall establish a limited liability partnership under the laws of the Republic of Kazakhstan named KazExample Light Alloys LLP (hereinafter \"the Company\").",
            ]),
            &names,
        )
        .unwrap();
        assert_eq!(v.name.as_deref(), Some("KazExample Light Alloys LLP"));
        assert!(v.descriptor.starts_with(
            "a limited liability partnership under the laws of the Republic of Kazakhstan named"
        ));
        // A document taken into the contract sets no company up.
        let by_reference = |text: &str| -> Vec<(usize, usize)> {
            let n = "Independent Contractor/No Agency";
            text.find(n).map(|i| (i, i + n.len())).into_iter().collect()
        };
        assert_eq!(
            find(
                &segs(&[
                    "8. Independent Contractor/No Agency. Schedule B is deemed to be incorporated herein by reference as if set forth in this Agreement.",
                ]),
                &by_reference,
            ),
            None
        );
    }
}
