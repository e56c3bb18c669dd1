//! Contracting parties: names, roles, aliases and where they are established, read from
//! the preamble (first segments) and the signature blocks (last segments).
//!
//! Cues live in `dictionaries/parties.toml` (roles, corporate suffixes, region cues).
//! A party's *descriptor* is the text that follows its name up to the next party
//! (`…, a company organized under the laws of the People's Republic of China`), or for a
//! Chinese role line (`甲方：…`) the line and the address lines after it. The earliest
//! region cue in the descriptor decides the region; Hong Kong, Macau and Taiwan are never
//! mainland. In a Chinese-language contract, a party whose region is not stated is
//! presumed mainland when the document shows no foreign party, and presumed foreign when
//! it is the only unresolved party of a contract that does (`中外`, `外方`, `×国`).
//!
//! This module does not decide directions.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::error::{DictionaryError, DictionaryProblem};
use crate::extract::normalize::is_cjk;
use crate::model::{BlockKind, Location, Party, Region, SeatBasis, Segment};

use super::definitions;
use super::party_table;

/// The shipped party cues.
pub const BUILTIN_PARTIES: &str = include_str!("../../dictionaries/parties.toml");
const BUILTIN_PARTIES_NAME: &str = "dictionaries/parties.toml";

/// How many leading segments form the preamble.
const PREAMBLE: usize = 20;
/// How many trailing segments may hold signature blocks.
const SIGNATURES: usize = 30;

/// Words that end a preamble paragraph's party section (`R E C I T A L S`: letter-spaced
/// as a heading).
const RECITALS: [&str; 7] = [
    "WHEREAS",
    "RECITALS",
    "R E C I T A L S",
    "NOW, THEREFORE",
    "NOW THEREFORE",
    "agree as follows",
    "鉴于",
];

/// Words that end the preamble: the operative clauses follow (a `甲方：` role line after
/// them is still read).
const PREAMBLE_ENDS: [&str; 7] = [
    "now, therefore",
    "now therefore",
    "agree as follows",
    "签订本",
    "订立本",
    "达成如下",
    "协议如下",
];

/// Words before a Chinese suffix that make a generic reference, not a name (合营公司).
const GENERIC_ZH_NAMES: [&str; 17] = [
    "股份",
    "股份有限",
    "合营",
    "合资",
    "合资经营",
    "合作",
    "本",
    "该",
    "贵",
    "子",
    "分",
    "母",
    "总",
    "外国",
    "中国",
    "有限",
    "有限责任",
];

/// Characters that open a Chinese run cut from a sentence, never a name: pronouns and
/// determiners (`其东莞工厂`, `该公司`) and modals (`须派遣…工厂`).
const ZH_PROSE_OPENERS: [char; 5] = ['其', '该', '各', '每', '须'];

/// Words before a company that a party's description names, not a party: its parent,
/// affiliate or principal, the agent it is reached through (`c/o`), the name it had before
/// (`f/k/a`, `formerly known as`), the company it succeeds or took an assignment from, and
/// the issuer of the securities a filing agreement is about (`with respect to securities
/// of X`, `Class A Common Stock, $0.001 par value per share, of X`).
const DESCRIBED_RELATIONS: [&str; 17] = [
    "subsidiary of",
    "affiliate of",
    "parent of",
    "owned by",
    "controlled by",
    "on behalf of",
    "division of",
    "branch of",
    "c/o",
    "f/k/a",
    "formerly known as",
    "successor in interest to",
    "assignee of",
    "securities of",
    "shares of",
    "stock of",
    "per share, of",
];

/// Descriptions of a foreign-invested enterprise established in China.
const ZH_FIE_MARKERS: [&str; 5] = [
    "合资经营企业",
    "合营企业",
    "外商投资企业",
    "外商独资企业",
    "中外合作经营企业",
];

/// Short names of the joint venture itself (`…有限公司（以下简称合营公司）`).
pub(super) const ZH_JV_NAMES: [&str; 4] = ["合营公司", "合资公司", "合营企业", "合资企业"];

/// Text that makes a document a Sino-foreign joint-venture contract.
const ZH_JV_CONTRACT_MARKERS: [&str; 4] = [
    "中外合资经营企业法",
    "中外合作经营企业法",
    "合资经营企业合同",
    "合营企业合同",
];

/// Words of a sentence, never of a company name: a run that holds one was cut from prose
/// (`以下简称合营公司`, `同意改变合营公司`, `第五条合营公司`, `甲方的控股子公司`, `设备提供厂`).
const ZH_NOT_NAME: [&str; 22] = [
    "简称",
    "控股子",
    "全资子",
    "关联",
    "提供",
    "有权",
    "设立",
    "同意",
    "以使",
    "按照",
    "符合",
    "改变",
    "本公司",
    "第",
    "条",
    "每月",
    "应",
    "组织形式",
    "以下",
    // `一间于中华人民共和国江苏省注册成立之有限责任公司` (之 is a classical 的).
    "成立",
    "注册",
    "须",
];

/// Markers in a Chinese contract that one side is foreign (`进口`: an import contract has a
/// seller abroad; `补偿贸易`: compensation trade pays a foreign supplier in products).
const ZH_FOREIGN_MARKERS: [&str; 10] = [
    "中外",
    "外方",
    "外国",
    "国外",
    "境外",
    "×国",
    "_国",
    "国名",
    "进口",
    "补偿贸易",
];

/// Whether `text` marks a foreign side: a foreign marker outside a conditional
/// (`甲、乙一方或双方为境外组织或个人的，…` names a case, not a party).
fn marks_foreign(text: &str) -> bool {
    // `姓名:_____国籍:_____` asks for a nationality; it marks no foreign party.
    let text = text.replace("国籍", "");
    ZH_FOREIGN_MARKERS.iter().any(|m| {
        text.match_indices(m).any(|(i, _)| {
            let after: String = text[i + m.len()..].chars().take(12).collect();
            !(after.contains("的，") || after.contains("的,"))
        })
    })
}

/// Whether a party named `name` is described as a joint venture right after its short-name
/// parenthesis (`＿＿有限公司（以下简称甲方）系中美合资经营企业`).
fn described_as_fie(segments: &[Segment], name: &str) -> Option<&'static str> {
    segments.iter().take(60).find_map(|s| {
        s.text.match_indices(name).find_map(|(i, _)| {
            let rest = s.text[i + name.len()..].trim_start_matches(['”', '"', '’', '\'']);
            let rest = rest.strip_prefix(['）', ')'])?;
            let rest = rest.strip_prefix(['系', '是', '为'])?;
            let head: String = rest.chars().take(16).collect();
            ZH_FIE_MARKERS.iter().copied().find(|m| head.contains(m))
        })
    })
}

/// Role words by the side of a transfer they name (`[sides]` in parties.toml): the giver of
/// licences, know-how, services and assignments (`Licensor`, `受托方`) and their receiver
/// (`Licensee`, `委托方`). A grant-back runs the other way.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sides {
    pub giver: Vec<String>,
    pub receiver: Vec<String>,
    /// Nouns for the people of a party (`engineers`, `staff`): `the Licensor's engineers`
    /// names the Licensor as an actor, unlike other possessives.
    #[serde(default)]
    pub staff: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CueFile {
    roles: Vec<String>,
    #[serde(default)]
    sides: Sides,
    suffixes: Vec<String>,
    zh_suffixes: Vec<String>,
    #[serde(default)]
    descriptions: Vec<String>,
    regions: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    kinds: super::party_table::KindCues,
    #[serde(default)]
    seat_basis: super::party_table::BasisCues,
}

/// Compiled party cues.
#[derive(Debug)]
pub struct PartyCues {
    roles: Vec<String>,
    /// The role words written in Latin letters (pattern i is `roles[latin_roles.1[i]]`) and
    /// in CJK characters (`cjk_roles`), each in one automaton: a segment is searched for its
    /// role words once, not once per role.
    latin_roles: (aho_corasick::AhoCorasick, Vec<usize>),
    cjk_roles: (aho_corasick::AhoCorasick, Vec<usize>),
    /// Which side of a transfer each role word names.
    pub sides: Sides,
    suffixes: Vec<String>,
    zh_suffixes: Vec<String>,
    /// Words that describe a company's kind or standing and name none (`registered`,
    /// `wholly-owned`): with a place and a legal form they make a description (`a Delaware
    /// Corporation`, `A WHOLLY-OWNED CORPORATION`), not a name.
    descriptions: Vec<String>,
    /// (cue, region), longest cues first.
    regions: Vec<(String, Region)>,
    /// All region cues in one automaton (pattern i is `regions[i]`): a document's every
    /// segment is searched for them once, not once per cue.
    region_automaton: aho_corasick::AhoCorasick,
    /// (legal form, country or "abroad") for forms used only outside greater China,
    /// longest first.
    foreign_forms: Vec<(String, String)>,
    /// All suffixes in one automaton: a preamble is searched once, not once per suffix.
    suffix_automaton: aho_corasick::AhoCorasick,
    /// Suffix (lower case) → the ways it must be written to end a name (`N.A.`, `AG`): the
    /// short legal forms, which are words or initials in any other spelling.
    exact_suffixes: BTreeMap<String, Vec<String>>,
    /// What the party table reads besides the region (kind words, legal forms, places).
    pub(super) table: super::party_table::TableCues,
}

impl PartyCues {
    /// Loads the shipped cues.
    ///
    /// # Errors
    /// Every problem in the shipped file.
    pub fn builtin() -> Result<PartyCues, DictionaryError> {
        PartyCues::parse(BUILTIN_PARTIES, BUILTIN_PARTIES_NAME)
    }

    /// Adds the world data's places as region cues (a cue of the party file keeps its
    /// region) and its foreign legal forms as seat hints.
    ///
    /// # Errors
    /// When the combined cues cannot be compiled.
    pub fn with_world(mut self, world: &super::world::World) -> Result<PartyCues, DictionaryError> {
        let known: std::collections::BTreeSet<String> =
            self.regions.iter().map(|(c, _)| c.clone()).collect();
        self.regions.extend(
            world
                .region_cues
                .iter()
                .filter(|(c, _, _)| !known.contains(c))
                .map(|(c, r, _)| (c.clone(), *r)),
        );
        self.table.seat_places.clone_from(&world.seat_places);
        self.table.legal_forms.clone_from(&world.legal_forms);
        self.regions
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        self.region_automaton = aho_corasick::AhoCorasick::new(self.regions.iter().map(|(c, _)| c))
            .map_err(|e| {
                DictionaryError(vec![DictionaryProblem {
                    file: "dictionaries/world.toml".to_owned(),
                    line: 0,
                    message: format!("region cues: {e}"),
                }])
            })?;
        self.foreign_forms.clone_from(&world.foreign_forms);
        for f in &world.name_suffixes {
            if !self.suffixes.contains(f) {
                self.suffixes.push(f.clone());
            }
        }
        for f in &world.exact_suffixes {
            let written = self
                .exact_suffixes
                .entry(f.to_ascii_lowercase())
                .or_default();
            if !written.contains(f) {
                written.push(f.clone());
            }
        }
        self.suffixes.sort_by_key(|s| std::cmp::Reverse(s.len()));
        self.suffix_automaton = aho_corasick::AhoCorasick::new(&self.suffixes).map_err(|e| {
            DictionaryError(vec![DictionaryProblem {
                file: "dictionaries/world.toml".to_owned(),
                line: 0,
                message: format!("suffixes: {e}"),
            }])
        })?;
        // Longest first: `GmbH & Co. KG` before `KG`.
        self.foreign_forms
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        Ok(self)
    }

    /// The seat a legal form at the end of `name` implies, when the form is used only
    /// outside greater China (`Pannon Cathode Kft.` → Hungary, `… GmbH` → abroad): (country
    /// or the form, the form).
    pub fn foreign_form(&self, name: &str) -> Option<(String, String)> {
        let name = name.trim_end_matches([',', ' ']);
        self.foreign_forms.iter().find_map(|(form, seat)| {
            let head = name.strip_suffix(form.as_str())?;
            if !(head.ends_with([' ', ',']) || form.starts_with('(') && !head.is_empty()) {
                return None;
            }
            let seat = if seat == "abroad" {
                format!("legal form {form}")
            } else {
                format!("{seat} (legal form {form})")
            };
            Some((seat, form.clone()))
        })
    }

    /// Parses and validates a party-cue file.
    ///
    /// # Errors
    /// Every problem found, with file and line.
    pub fn parse(source: &str, file: &str) -> Result<PartyCues, DictionaryError> {
        let problem = |line: usize, message: String| DictionaryProblem {
            file: file.to_owned(),
            line,
            message,
        };
        let parsed: CueFile = toml::from_str(source).map_err(|e| {
            let line = e.span().map_or(0, |s| {
                source[..s.start.min(source.len())].matches('\n').count() + 1
            });
            DictionaryError(vec![problem(line, e.message().replace('\n', " "))])
        })?;
        let line_of = |needle: &str| {
            source
                .find(&format!("\"{needle}\""))
                .map_or(0, |i| source[..i].matches('\n').count() + 1)
        };
        let mut problems = Vec::new();
        let mut regions = Vec::new();
        for (name, cues) in &parsed.regions {
            let region = match name.as_str() {
                "mainland" => Region::Mainland,
                "hong-kong" => Region::HongKong,
                "macau" => Region::Macau,
                "taiwan" => Region::Taiwan,
                "foreign" => Region::Foreign,
                other => {
                    problems.push(problem(
                        line_of(cues.first().map_or("", String::as_str)),
                        format!(
                            "unknown region `{other}` (mainland, hong-kong, macau, taiwan, foreign)"
                        ),
                    ));
                    continue;
                }
            };
            regions.extend(cues.iter().map(|c| (c.clone(), region)));
        }
        let all = parsed
            .roles
            .iter()
            .chain(&parsed.suffixes)
            .chain(&parsed.zh_suffixes)
            .chain(&parsed.descriptions)
            .chain(&parsed.sides.staff)
            .chain(regions.iter().map(|(c, _)| c))
            .chain(parsed.kinds.all())
            .chain(parsed.seat_basis.all());
        for cue in all {
            if cue.trim().is_empty() || cue.chars().any(|c| c.is_ascii_uppercase()) {
                problems.push(problem(
                    line_of(cue),
                    format!("cue `{cue}` must be lowercase and non-empty"),
                ));
            }
        }
        // A side word names a party's role: the party stage must read it as one
        // (`许可人：…` is a party line because `许可人` gives a licence).
        for w in parsed.sides.giver.iter().chain(&parsed.sides.receiver) {
            if !parsed.roles.contains(w) {
                problems.push(problem(
                    line_of(w),
                    format!("side word `{w}` is not in `roles`"),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(DictionaryError(problems));
        }
        regions.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let mut suffixes = parsed.suffixes;
        suffixes.sort_by_key(|s| std::cmp::Reverse(s.len()));
        let suffix_automaton = aho_corasick::AhoCorasick::new(&suffixes)
            .map_err(|e| DictionaryError(vec![problem(0, format!("suffixes: {e}"))]))?;
        let mut zh_suffixes = parsed.zh_suffixes;
        zh_suffixes.sort_by_key(|s| std::cmp::Reverse(s.len()));
        let region_automaton = aho_corasick::AhoCorasick::new(regions.iter().map(|(c, _)| c))
            .map_err(|e| DictionaryError(vec![problem(0, format!("region cues: {e}"))]))?;
        let role_automaton = |cjk: bool| {
            let ids: Vec<usize> = (0..parsed.roles.len())
                .filter(|&i| parsed.roles[i].chars().any(is_cjk) == cjk)
                .collect();
            aho_corasick::AhoCorasick::new(ids.iter().map(|&i| &parsed.roles[i]))
                .map(|a| (a, ids))
                .map_err(|e| DictionaryError(vec![problem(0, format!("roles: {e}"))]))
        };
        let latin_roles = role_automaton(false)?;
        let cjk_roles = role_automaton(true)?;
        Ok(PartyCues {
            roles: parsed.roles,
            latin_roles,
            cjk_roles,
            sides: parsed.sides,
            suffixes,
            zh_suffixes,
            descriptions: parsed.descriptions,
            regions,
            region_automaton,
            foreign_forms: Vec::new(),
            suffix_automaton,
            exact_suffixes: BTreeMap::new(),
            table: super::party_table::TableCues::new(parsed.kinds, parsed.seat_basis),
        })
    }

    /// Every occurrence of a role word in `text` as (role index, start, end), sorted: Latin
    /// role words are found in `lower` (`text` lowercased in ASCII, so the offsets agree),
    /// CJK ones in `cjk_hay` (`text` itself or `lower`). Each role's occurrences are those
    /// of `str::match_indices` (non-overlapping, leftmost first); different roles may
    /// overlap.
    fn role_hits(&self, lower: &str, cjk_hay: &str) -> Vec<(usize, usize, usize)> {
        let mut hits = Vec::new();
        for ((automaton, ids), hay) in [(&self.latin_roles, lower), (&self.cjk_roles, cjk_hay)] {
            // Matches come by end position; one role's matches (all of one length) thus come
            // by start, so skipping those that start before the role's last end keeps the
            // non-overlapping ones `match_indices` finds.
            let mut next = vec![0; ids.len()];
            for m in automaton.find_overlapping_iter(hay) {
                let p = m.pattern().as_usize();
                if m.start() >= next[p] {
                    next[p] = m.end();
                    hits.push((ids[p], m.start(), m.end()));
                }
            }
        }
        hits.sort_unstable();
        hits
    }

    /// Whether `word` is a role word ("Licensor", "甲方").
    pub fn is_role(&self, word: &str) -> bool {
        let lower = word.to_ascii_lowercase();
        self.roles.contains(&lower)
    }

    /// The earliest region cue in `text`: (region, cue as written in the text).
    pub fn region_in(&self, text: &str) -> Option<(Region, String)> {
        let (keys, at) = self.region_keys(text);
        let orig = |i: usize| at.get(i).copied().unwrap_or(i);
        keys.into_iter()
            .min()
            .and_then(|(p, std::cmp::Reverse(l), i)| {
                let region = self.regions.get(i)?.1;
                Some((region, text.get(orig(p)..orig(p + l))?.to_owned()))
            })
    }

    /// Every region cue in `text` that [`PartyCues::region_in`] would accept, earliest
    /// first (then longest, then the cue listed first); overlapping hits included.
    pub(super) fn region_hits(&self, text: &str) -> Vec<RegionHit> {
        let (mut keys, at) = self.region_keys(text);
        let orig = |i: usize| at.get(i).copied().unwrap_or(i);
        keys.sort_unstable();
        keys.into_iter()
            .filter_map(|(p, std::cmp::Reverse(l), i)| {
                let (cue, region) = self.regions.get(i)?;
                let (start, end) = (orig(p), orig(p + l));
                text.get(start..end)?;
                Some(RegionHit {
                    region: *region,
                    start,
                    end,
                    cue: cue.clone(),
                })
            })
            .collect()
    }

    /// The accepted region cues in `text` as (position, Reverse(length), cue index) in the
    /// matched text, and the map from a byte of the matched text back to `text` (empty when
    /// they are the same).
    #[allow(clippy::type_complexity)]
    fn region_keys(
        &self,
        text: &str,
    ) -> (Vec<(usize, std::cmp::Reverse<usize>, usize)>, Vec<usize>) {
        let lower = text.to_ascii_lowercase();
        // Typographic apostrophes (`People’s`, `People ‘s`) are matched as `'`; `at` maps a
        // byte of the matched text back to `text`.
        let (lower, at): (String, Vec<usize>) = if lower.contains(['’', '‘']) {
            let mut out = String::with_capacity(lower.len());
            let mut at = Vec::with_capacity(lower.len() + 1);
            for (i, c) in lower.char_indices() {
                let c = if matches!(c, '’' | '‘') { '\'' } else { c };
                out.push(c);
                at.extend(std::iter::repeat_n(i, c.len_utf8()));
            }
            at.push(lower.len());
            (out, at)
        } else {
            (lower, Vec::new())
        };
        // Earliest position, then longest cue, then the cue listed first.
        let mut keys: Vec<(usize, std::cmp::Reverse<usize>, usize)> = Vec::new();
        for m in self.region_automaton.find_overlapping_iter(&lower) {
            let (pos, end, i) = (m.start(), m.end(), m.pattern().as_usize());
            if !word_bounded(&lower, pos, end) {
                continue;
            }
            // `No. 258, Section 3, Nanjing East Road, Taipei`: a street named after a city
            // is no place of establishment.
            let rest = &lower[end..];
            if STREET_WORDS.iter().any(|w| rest.starts_with(w)) {
                continue;
            }
            // `姓名:_____国籍:_____`: a nationality field, not a blank country.
            if lower[pos..end].ends_with('国') && lower[end..].starts_with('籍') {
                continue;
            }
            keys.push((pos, std::cmp::Reverse(end - pos), i));
        }
        (keys, at)
    }
}

/// One region cue found in a text: byte span in that text, its region and the cue (lower
/// case, as listed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct RegionHit {
    pub region: Region,
    pub start: usize,
    pub end: usize,
    pub cue: String,
}

/// Head words of suffixes that name an institution, whose name may go on after them
/// (`Institute of Light Alloy Research`, `University of Oxford`).
const INSTITUTION_WORDS: [&str; 8] = [
    "academ",
    "college",
    "hochschule",
    "hospital",
    "institut",
    "laborator",
    "polytechnic",
    "univers",
];

/// For an institution's suffix, the byte length of the words that continue its name:
/// `of` or `for` and capitalised words (`and`, `of`, `&` between them), up to a comma,
/// bracket or the first other word (`Institute of Light Alloy Research, a public …`).
fn institution_tail(suffix: &str, after: &str) -> Option<usize> {
    let lower = suffix.to_lowercase();
    if !INSTITUTION_WORDS.iter().any(|w| lower.starts_with(w)) {
        return None;
    }
    let Some(rest) = after
        .strip_prefix(" of ")
        .or_else(|| after.strip_prefix(" for "))
        .or_else(|| after.strip_prefix(" OF "))
        .or_else(|| after.strip_prefix(" FOR "))
    else {
        return Some(0);
    };
    let lead = after.len() - rest.len();
    let mut end = 0;
    let mut at = 0;
    for word in rest.split(' ') {
        let bare = word.trim_end_matches([',', ';', ':', '.', ')']);
        let capital = bare.starts_with(char::is_uppercase)
            && bare
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '\'');
        let joiner = matches!(bare, "and" | "of" | "&" | "for" | "the");
        if !(capital || joiner) || bare.is_empty() {
            break;
        }
        if capital {
            end = at + bare.len();
        }
        if bare.len() != word.len() {
            break;
        }
        at += word.len() + 1;
    }
    Some(if end == 0 { 0 } else { lead + end })
}

/// What follows a suffix when it names a street (`1600 University Drive`), besides
/// [`STREET_WORDS`].
const STREET_NAME_ENDS: [&str; 6] = [
    " drive",
    " boulevard",
    " blvd",
    " parkway",
    " lane",
    " plaza",
];

/// Whether the words before a legal form only describe a company (`Delaware`, `a
/// Nevada Limited Liability`, `A WHOLLY-OWNED`, `1600`): places, description words,
/// articles and numbers, and no word of a name of its own.
fn describes_only(head: &str, cues: &PartyCues) -> bool {
    let hits = cues.region_hits(head);
    let mut at = 0;
    let mut words = 0;
    for word in head.split(' ') {
        let start = at;
        at += word.len() + 1;
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        if bare.is_empty() {
            continue;
        }
        words += 1;
        let lower = bare.to_lowercase();
        let placed = hits
            .iter()
            .any(|h| h.start <= start && start + word.len() <= h.end + 1);
        let described = matches!(lower.as_str(), "a" | "an")
            || bare.chars().all(|c| c.is_ascii_digit())
            || cues.descriptions.contains(&lower);
        if !(placed || described) {
            return false;
        }
    }
    words > 0
}

/// What follows a city's name when it names a street (`Nanjing East Road`, `Beijing Rd.`).
const STREET_WORDS: [&str; 13] = [
    " road",
    " rd",
    " street",
    " st.",
    " avenue",
    " east road",
    " west road",
    " north road",
    " south road",
    " e. rd",
    " w. rd",
    " n. rd",
    " s. rd",
];

fn word_bounded(text: &str, s: usize, e: usize) -> bool {
    let b = text.as_bytes();
    let w = |c: u8| c.is_ascii_alphanumeric();
    let left = s == 0 || !w(b[s]) || !w(b[s - 1]);
    let right = e >= b.len() || !w(b[e - 1]) || !w(b[e]);
    left && right
}

/// Role words (`the Licensor`, `乙方`) used in transfer clauses that bind to no party:
/// no party has them as name, alias or role. Latin role words count when capitalised (a
/// defined role, not the common noun) and not part of a longer word (`Sub-licensee`); a CJK
/// role inside a longer one (`许可方` in `被许可方`) is the longer one. Sorted by where each is
/// first used.
pub fn unresolved_mentions(
    clauses: &[crate::model::Clause],
    parties: &[Party],
    cues: &PartyCues,
) -> Vec<crate::model::UnresolvedMention> {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let bound: std::collections::BTreeSet<String> = parties
        .iter()
        .flat_map(|p| std::iter::once(&p.name).chain(&p.aliases).chain(&p.role))
        .map(|n| key(n))
        .collect();
    // key → (first written form, first location, clauses using it).
    let mut found: BTreeMap<String, (String, Location, u32)> = BTreeMap::new();
    for c in clauses {
        let text = c.text.as_str();
        let lower = text.to_ascii_lowercase();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for (r, i, e) in cues.role_hits(&lower, &lower) {
            let cjk = cues.roles[r].chars().any(is_cjk);
            let bounded = cjk
                || (text[..i]
                    .chars()
                    .next_back()
                    .is_none_or(|ch| !ch.is_alphanumeric() && ch != '-')
                    && text[e..]
                        .chars()
                        .next()
                        .is_none_or(|ch| !ch.is_alphanumeric())
                    && text[i..].starts_with(char::is_uppercase));
            if bounded {
                spans.push((i, e));
            }
        }
        let spans: Vec<(usize, usize)> = spans
            .iter()
            .copied()
            .filter(|&(s, e)| {
                !spans
                    .iter()
                    .any(|&(s2, e2)| (s2, e2) != (s, e) && s2 <= s && e <= e2)
            })
            .collect();
        let mut in_clause = std::collections::BTreeSet::new();
        for (s, e) in spans {
            let written = &text[s..e];
            let k = key(written);
            if bound.contains(&k) || !in_clause.insert(k.clone()) {
                continue;
            }
            let entry = found
                .entry(k)
                .or_insert_with(|| (written.to_owned(), c.location.clone(), 0));
            entry.2 += 1;
        }
    }
    let mut out: Vec<crate::model::UnresolvedMention> = found
        .into_values()
        .map(
            |(text, location, clauses)| crate::model::UnresolvedMention {
                text,
                location,
                clauses,
            },
        )
        .collect();
    out.sort_by(|a, b| (&a.location, &a.text).cmp(&(&b.location, &b.text)));
    out
}

/// A party while it is being collected.
#[derive(Debug)]
struct Found {
    name: String,
    role: Option<String>,
    aliases: Vec<String>,
    descriptor: String,
    location: Location,
    order: usize,
}

/// The terms `text` defines, a short name quoted with its article included (`(hereinafter
/// "the Institute")`, `(“the Company”)`) read as the name without it.
fn defined_terms(text: &str) -> Vec<String> {
    let mut moved = text.to_owned();
    for (quote, article) in [
        ("\"the ", "the \""),
        ("\"The ", "the \""),
        ("“the ", "the “"),
        ("“The ", "the “"),
    ] {
        moved = moved.replace(quote, article);
    }
    definitions::defined_in(&moved)
}

/// Finds the parties of a document, sorted by first appearance.
///
/// A text in traditional characters (Hong Kong, Macau, Taiwan) is read folded to
/// simplified ones, so that every cue (`简称`, `许可方`, `与`, `的`) reads it as it reads
/// simplified text; what the table reports (names, roles, quotes) is then written back in
/// the document's own characters.
pub fn find(segments: &[Segment], cues: &PartyCues, language: &str) -> Vec<Party> {
    // A few traditional forms in a simplified text (a Japanese address's 見) are names as
    // written, not a traditional text.
    let traditional = segments
        .iter()
        .flat_map(|s| s.text.chars())
        .filter(|&c| crate::fold::fold_char(c) != c)
        .take(TRADITIONAL_TEXT)
        .count();
    if traditional < TRADITIONAL_TEXT {
        return find_in(segments, cues, language);
    }
    let folded: Vec<Segment> = segments
        .iter()
        .map(|s| Segment {
            text: crate::fold::fold(&s.text).into_owned(),
            ..s.clone()
        })
        .collect();
    let mut parties = find_in(&folded, cues, language);
    let back = Unfold::new(segments);
    for p in &mut parties {
        back.apply(&mut p.name);
        back.apply(&mut p.evidence);
        for s in p
            .role
            .iter_mut()
            .chain(&mut p.aliases)
            .chain(&mut p.other_name)
            .chain(&mut p.legal_form)
            .chain(&mut p.kind_evidence)
            .chain(&mut p.jurisdiction)
        {
            back.apply(s);
        }
        for e in &mut p.seat_evidence {
            back.apply(&mut e.quote);
        }
    }
    parties
}

/// How many traditional characters make a text one to read folded.
const TRADITIONAL_TEXT: usize = 20;

/// Writes folded (simplified) characters back as the document writes them: each simplified
/// character that the document has only in traditional form maps to that form.
struct Unfold(BTreeMap<char, char>);

impl Unfold {
    fn new(segments: &[Segment]) -> Unfold {
        let mut map = BTreeMap::new();
        let mut native = BTreeSet::new();
        for s in segments {
            for c in s.text.chars() {
                let f = crate::fold::fold_char(c);
                if f == c {
                    native.insert(c);
                } else {
                    map.insert(f, c);
                }
            }
        }
        map.retain(|f, _| !native.contains(f));
        Unfold(map)
    }

    fn apply(&self, s: &mut String) {
        if s.chars().any(|c| self.0.contains_key(&c)) {
            *s = s.chars().map(|c| *self.0.get(&c).unwrap_or(&c)).collect();
        }
    }
}

fn find_in(segments: &[Segment], cues: &PartyCues, language: &str) -> Vec<Party> {
    let expanded = split_role_lines(segments, cues);
    let segments = expanded.as_slice();
    let mut found: Vec<Found> = Vec::new();
    let n = segments.len();
    let first = contents_end(segments);
    let preamble_end = (first + PREAMBLE).min(n);
    let tail_start = n.saturating_sub(SIGNATURES).max(preamble_end);
    let scan: Vec<usize> = (0..preamble_end).chain(tail_start..n).collect();
    // `NOW, THEREFORE, the Parties agree as follows` closes the preamble: a company named
    // in the clauses after it (`One (1) ESMA, Inc. E782C ultrasonic cleaning system`) is
    // not a party, however early the body starts.
    let mut body_started = false;
    // The line a role line took its party's name from.
    let mut consumed: Option<usize> = None;
    // A short paragraph repeated on three or more pages (`[Galera Therapeutics, Inc. - Joint
    // Filing Agreement]`) is a running header or footer the extraction kept in the text.
    let mut repeats: BTreeMap<&str, usize> = BTreeMap::new();
    for s in segments {
        let t = s.text.trim();
        if t.len() <= 150 {
            *repeats.entry(t).or_default() += 1;
        }
    }
    for &i in &scan {
        let seg = &segments[i];
        // Running headers and footers (`Source: VGRAB COMMUNICATIONS INC., 10-K`) name the
        // filer or the form, not a party.
        if matches!(seg.kind, BlockKind::Header | BlockKind::Footer)
            || seg.text.starts_with("Source:")
        {
            continue;
        }
        let text = cut_recitals(&seg.text);
        let in_preamble = i < preamble_end;
        if consumed == Some(i) {
            continue;
        }
        if let Some(f) = role_line(segments, i, cues) {
            // The name read from the next line is not read again as a party of its own.
            if segments.get(i + 1).is_some_and(|n| n.text.trim() == f.name) {
                consumed = Some(i + 1);
            }
            merge(&mut found, f);
            continue;
        }
        if !in_preamble || body_started {
            continue;
        }
        if repeats.get(seg.text.trim()).is_some_and(|&n| n >= 3) {
            continue;
        }
        body_started = PREAMBLE_ENDS
            .iter()
            .any(|m| seg.text.to_ascii_lowercase().contains(m));
        // `BETWEEN: VGrab Asia Ltd. (…) AND: Mr. Zheng Qing … (the "Developer")` run into
        // one paragraph: each side is read on its own.
        let mut named = Vec::new();
        let mut start = 0;
        for end in text
            .match_indices("AND:")
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
        {
            let piece = &text[start..end];
            let mut here = named_parties(piece, cues);
            if here.is_empty() {
                here.extend(hereinafter_party(piece));
            }
            here.extend(placeholder_parties(piece));
            named.extend(here.into_iter().map(|f| Found {
                order: start + f.order,
                ..f
            }));
            start = end;
        }
        // `… by and among A and B, as an amendment to that certain Joint Venture Agreement
        // dated … by and among C, D and E`: once the contract's own parties are named, the
        // parties of the agreement it refers to are not its parties.
        if let Some(p) = text.find("that certain") {
            if found.len() + named.iter().filter(|f| f.order < p).count() >= 2 {
                named.retain(|f| f.order < p);
            }
        }
        for f in named.into_iter().chain(jianchen_parties(text, cues)) {
            merge(
                &mut found,
                Found {
                    location: seg.location.clone(),
                    order: i * 100_000 + f.order,
                    ..f
                },
            );
        }
    }
    found.sort_by_key(|f| f.order);
    extend_into_following_lines(&mut found, segments, preamble_end, cues);
    drop_references_to_parties(&mut found);
    let venture = super::venture::find(segments, &|t| company_names(t, cues, false));
    let venture_name = venture
        .as_ref()
        .map(|v| absorb_venture(&mut found, v, segments));

    let mut parties: Vec<Party> = found
        .into_iter()
        .map(|f| {
            // The words around the name decide before the name's own place words
            // (`Nippon Koga Sensing (Hangzhou) Co., Ltd. Address: … Hangzhou`).
            let around = if f.name.trim().is_empty() {
                f.descriptor.clone()
            } else {
                f.descriptor.replace(f.name.as_str(), " ")
            };
            let hit = cues.region_in(&around).or_else(|| cues.region_in(&f.name));
            let (region, jurisdiction) = hit
                .map(|(r, j)| (r, Some(j)))
                .or_else(|| {
                    cues.foreign_form(&f.name)
                        .map(|(seat, _)| (Region::Foreign, Some(seat)))
                })
                .unwrap_or((Region::Unknown, None));
            let mut party = Party {
                name: f.name,
                jurisdiction,
                region,
                role: f.role,
                aliases: f.aliases,
                evidence: clip(&f.descriptor, 300),
                location: f.location,
                ..Party::default()
            };
            let source = party_table::Source {
                descriptor: &f.descriptor,
                segments,
                in_signature: f.order / 100_000 >= tail_start,
            };
            party_table::fill(&mut party, &source, cues);
            if let Some(v) = venture
                .as_ref()
                .filter(|_| venture_name.as_ref() == Some(&party.name))
            {
                party.kind = crate::model::PartyKind::JvToBeFormed;
                party.kind_evidence = Some(v.established_by.clone());
            }
            party
        })
        .collect();
    if language == "zh" {
        presume_chinese_regions(&mut parties, segments);
    }
    parties
}

/// Short names given to parties after they are introduced (`Party A is hereinafter also
/// referred to as "QuantumLink" and Party B as "FPN".`): in a paragraph that opens with a
/// party's name, role or alias, a quoted term right after `as`, `hereinafter` or `called`
/// is a further alias of the party named at most a few words before it.
pub fn bind_short_names(parties: &mut [Party], segments: &[Segment]) {
    const NAMING: [&str; 3] = [" as", "hereinafter", "called"];
    // Each party's name, aliases and role (two characters or more), kept in step with the
    // aliases this adds.
    let mut forms: Vec<Vec<String>> = parties
        .iter()
        .map(|p| {
            std::iter::once(&p.name)
                .chain(&p.aliases)
                .chain(&p.role)
                .filter(|f| f.chars().count() >= 2)
                .cloned()
                .collect()
        })
        .collect();
    for seg in segments {
        let text = seg.text.trim();
        let opens = forms
            .iter()
            .flatten()
            .any(|f| text.starts_with(f.as_str()) && word_bounded(text, 0, f.len()));
        if !opens {
            continue;
        }
        for term in definitions::defined_in(text) {
            let known = forms.iter().any(|f| f.contains(&term));
            let Some(at) = ["\"", "“"]
                .iter()
                .find_map(|q| text.find(&format!("{q}{term}")))
            else {
                continue;
            };
            let before = text[..at].trim_end();
            let before = before.strip_suffix(" the").unwrap_or(before);
            let lower = before.to_ascii_lowercase();
            if known || !NAMING.iter().any(|n| lower.ends_with(n)) {
                continue;
            }
            // The party named last before the naming word, within a few words of it.
            let near = before.len().saturating_sub(60);
            let owner = forms
                .iter()
                .enumerate()
                .filter_map(|(i, fs)| {
                    fs.iter()
                        .filter_map(|f| before.rfind(f.as_str()))
                        .filter(|&pos| pos >= near)
                        .max()
                        .map(|pos| (pos, i))
                })
                .max();
            if let Some((_, i)) = owner {
                if term.chars().count() >= 2 {
                    forms[i].push(term.clone());
                }
                parties[i].aliases.push(term);
            }
        }
    }
}

/// Makes the joint venture the contract sets up one row of the party table, read from the
/// clause that establishes it (see `venture.rs`): a party already found under its name or
/// other name becomes that row; names that are only references to it (its short names with
/// or without an article, `Venture Company` from `Joint Venture Company`, the tail of its
/// Chinese name, a Chinese run holding a venture noun such as `全部权利自合资公司`) are no
/// parties. Returns the row's name.
fn absorb_venture(
    found: &mut Vec<Found>,
    v: &super::venture::Venture,
    segments: &[Segment],
) -> String {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let mut aliases: Vec<String> = defined_terms(&format!("{} {}", v.defining, v.descriptor))
        .into_iter()
        .filter(|a| !matches!(a.as_str(), "Party" | "Parties" | "Agreement" | "Contract"))
        .collect();
    if let Some(o) = &v.other_name {
        aliases.push(o.clone());
    }
    let name = v
        .name
        .clone()
        .or_else(|| aliases.first().cloned())
        .unwrap_or_else(|| "the joint venture".to_owned());
    aliases.retain(|a| key(a) != key(&name));
    aliases.dedup();
    let names: Vec<String> = std::iter::once(&name)
        .chain(&aliases)
        .map(|n| key(n))
        .collect();
    let alias_words: Vec<Vec<String>> = aliases
        .iter()
        .map(|a| a.split_whitespace().map(str::to_lowercase).collect())
        .collect();
    let refers = |f: &Found| -> bool {
        let n = f.name.trim();
        let bare = n
            .strip_prefix("The ")
            .or_else(|| n.strip_prefix("the "))
            .or_else(|| n.strip_prefix("THE "))
            .unwrap_or(n);
        let words: Vec<String> = bare.split_whitespace().map(str::to_lowercase).collect();
        let tail_of_alias = alias_words
            .iter()
            .any(|a| a.len() > words.len() && !words.is_empty() && a.ends_with(&words));
        let cjk = n.chars().any(is_cjk);
        names.contains(&key(bare))
            || tail_of_alias
            || (cjk && n != name && name.ends_with(n))
            || (cjk && ZH_JV_NAMES.iter().any(|j| n.contains(j)) && n != name)
    };
    // The party found under the venture's own name (or other name) keeps its place.
    let own = found.iter().position(|f| names.contains(&key(&f.name)));
    let mut row = match own {
        Some(i) => found.remove(i),
        None => Found {
            name: name.clone(),
            role: None,
            aliases: Vec::new(),
            descriptor: String::new(),
            location: segments
                .get(v.segment)
                .map(|s| s.location.clone())
                .unwrap_or_default(),
            order: v.segment * 100_000 + 99_999,
        },
    };
    found.retain(|f| !refers(f));
    row.name.clone_from(&name);
    for a in aliases {
        if !row.aliases.contains(&a) {
            row.aliases.push(a);
        }
    }
    // The venture is where the contract sets it up: its own clause comes first in its
    // descriptor, what the preamble says of it after.
    if !row.descriptor.contains(&v.descriptor) {
        let joined = format!("{} {}", v.descriptor, row.descriptor);
        joined.trim().clone_into(&mut row.descriptor);
    }
    let at = found
        .iter()
        .position(|f| f.order > row.order)
        .unwrap_or(found.len());
    found.insert(at, row);
    name
}

/// A party's block runs on after its own paragraph: the lines up to the next party, the
/// recitals or the first numbered clause describe it (`| Registered office | …, Hungary |`,
/// `- hereinafter "Licensor" -`, `Referred to as "Yuanli" or the "Licensor"`). The last
/// party found in a preamble paragraph takes those lines into its descriptor, and the terms
/// they define become its aliases.
fn extend_into_following_lines(
    found: &mut [Found],
    segments: &[Segment],
    preamble_end: usize,
    cues: &PartyCues,
) {
    const MAX_LINES: usize = 8;
    let seg_of = |f: &Found| f.order / 100_000;
    let starts: Vec<usize> = found.iter().map(seg_of).collect();
    for k in 0..found.len() {
        let i = starts[k];
        let closes = |text: &str| {
            let lower = text.to_ascii_lowercase();
            PREAMBLE_ENDS.iter().any(|m| lower.contains(m))
        };
        if i >= preamble_end || starts.get(k + 1) == Some(&i) || closes(&segments[i].text) {
            continue;
        }
        let next_party = starts.get(k + 1).copied().unwrap_or(usize::MAX);
        // A line that names another party speaks of both (`Xinglan and Pinecrest wish …`).
        let others: Vec<String> = found
            .iter()
            .enumerate()
            .filter(|&(o, _)| o != k)
            .flat_map(|(_, f)| std::iter::once(&f.name).chain(&f.aliases))
            .filter(|n| n.chars().count() >= 3)
            .map(|n| n.to_lowercase())
            .collect();
        let mut extension = String::new();
        for (j, seg) in segments.iter().enumerate().skip(i + 1).take(MAX_LINES) {
            let upper = seg.text.trim_start();
            let ends = j >= next_party
                || seg.heading
                || seg.location.section.is_some()
                || RECITALS.iter().any(|r| upper.starts_with(r))
                || closes(upper)
                || role_start(upper, cues)
                || {
                    let lower = upper.to_lowercase();
                    others.iter().any(|n| lower.contains(n.as_str()))
                };
            if ends {
                break;
            }
            // A role line's descriptor already holds its address lines.
            if !found[k].descriptor.contains(seg.text.as_str()) {
                extension.push(' ');
                extension.push_str(&seg.text);
            }
        }
        if extension.trim().is_empty() {
            continue;
        }
        let f = &mut found[k];
        for a in defined_terms(&extension) {
            // A second role (`Transferee` after `Transferor`) belongs to a party the preamble
            // names in a way not read as a name: the block has run past its own party.
            if cues.is_role(&a)
                && f.aliases
                    .iter()
                    .any(|b| cues.is_role(b) && !b.eq_ignore_ascii_case(&a))
            {
                break;
            }
            if !matches!(a.as_str(), "Party" | "Parties" | "Agreement")
                && a != f.name
                && !f.aliases.contains(&a)
            {
                f.aliases.push(a);
            }
        }
        if f.role.is_none() {
            f.role = f.aliases.iter().find(|a| cues.is_role(a)).cloned();
        }
        f.descriptor.push_str(&extension);
    }
}

/// A "name" that is only a reference to a party — a role or another party's short name
/// behind an article, perhaps after a clause number (`The Company`, `3.2 The Agency` in a
/// signature block or a clause the scan read as a name) — is no party of its own.
fn drop_references_to_parties(found: &mut Vec<Found>) {
    let bare = |name: &str| -> String {
        let mut rest = name.trim();
        // A clause number such as `3.2` or `5.1.4`.
        if let Some((head, tail)) = rest.split_once(' ') {
            if head.contains('.')
                && head
                    .trim_end_matches('.')
                    .split('.')
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
            {
                rest = tail.trim_start();
            }
        }
        for article in ["The ", "the ", "THE "] {
            if let Some(r) = rest.strip_prefix(article) {
                rest = r;
            }
        }
        rest.trim_end_matches([',', '.', ';', ':']).to_lowercase()
    };
    let aliases: Vec<(usize, Vec<String>)> = found
        .iter()
        .enumerate()
        .map(|(i, f)| (i, f.aliases.iter().map(|a| a.to_lowercase()).collect()))
        .collect();
    let mut keep = Vec::with_capacity(found.len());
    for (i, f) in found.iter().enumerate() {
        let b = bare(&f.name);
        // Only a name that was an article or clause number away from a reference: a party
        // known by its role alone (`甲方`) stays.
        let reference = b != f.name.to_lowercase();
        let names_other = aliases.iter().any(|(j, a)| *j != i && a.contains(&b));
        keep.push(!(reference && names_other));
    }
    let mut keep = keep.into_iter();
    found.retain(|_| keep.next().unwrap_or(true));
}

/// Where the body starts when the document opens with a table of contents (a `目录` /
/// `Contents` heading within its first 30 segments, then short entry lines such as
/// `（１）总则`): the preamble that names the parties comes after it. 0 without one.
fn contents_end(segments: &[Segment]) -> usize {
    let heading = |t: &str| {
        let t: String = t.chars().filter(|c| c.is_alphabetic()).collect();
        let t = t.to_lowercase();
        matches!(
            t.as_str(),
            "目录" | "contents" | "tableofcontents" | "tableofcontentscontinued"
        )
    };
    // An entry: a short title line (`（１）总则`), or a line of titles ending in a page
    // number (`1.2 Asset Purchase Agreement 2 1.3 Effective Date 2`), or `Page`.
    let entry = |t: &str| {
        let t = t.trim();
        let n = t.chars().count();
        let short = n > 0
            && n <= 40
            && !t.ends_with(['。', '；', ';', ':', '：', ',', '，'])
            && !t.contains("简称");
        short || t.ends_with(|c: char| c.is_ascii_digit()) || heading(t)
    };
    let Some(h) = segments.iter().take(30).position(|s| heading(&s.text)) else {
        return 0;
    };
    h + 1
        + segments[h + 1..]
            .iter()
            .take_while(|s| entry(&s.text))
            .count()
}

/// Splits paragraphs that hold several party lines (`转让方（甲方）：A公司 住所：… 受让方（乙方）：B Ltd.`,
/// as PDF extraction often joins them) so that each party line starts a segment of its own.
fn split_role_lines(segments: &[Segment], cues: &PartyCues) -> Vec<Segment> {
    let mut out = Vec::with_capacity(segments.len());
    for seg in segments {
        let text = seg.text.as_str();
        if let Some(lines) = table_role_lines(text, cues) {
            out.extend(lines.into_iter().map(|text| Segment {
                text,
                ..seg.clone()
            }));
            continue;
        }
        // (position, length) of every role word that starts a party line: a Chinese role
        // anywhere (`…住所：… 受让方（乙方）：…`), an English one capitalised after a space and
        // before a colon (`…Taichung City Party B: Xiamen …`).
        let mut hits: Vec<(usize, usize)> = Vec::new();
        let lower = text.to_ascii_lowercase();
        for (r, p, e) in cues.role_hits(&lower, text) {
            let starts_line = if cues.roles[r].chars().any(is_cjk) {
                role_start(&text[p..], cues)
            } else {
                text[..p].ends_with(' ')
                    && text[p..].starts_with(char::is_uppercase)
                    && text[e..].trim_start().starts_with(':')
            };
            if starts_line {
                hits.push((p, e - p));
            }
        }
        for (p, c) in text.char_indices() {
            let after_break = text[..p]
                .chars()
                .next_back()
                .is_none_or(|b| matches!(b, '。' | '；' | ';' | ' ' | ')' | '）'));
            if is_cjk(c) && after_break {
                if let Some(l) = label_role_len(&text[p..], cues) {
                    hits.push((p, l));
                }
            }
        }
        // `技术受让方` also contains `受让方`: keep only hits not inside a longer one.
        let mut cuts: Vec<usize> = hits
            .iter()
            .filter(|&&(p, l)| {
                !hits
                    .iter()
                    .any(|&(q, m)| (q, m) != (p, l) && q <= p && p + l <= q + m)
            })
            .map(|&(p, _)| p)
            .filter(|&p| p > 0)
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        if cuts.is_empty() {
            out.push(seg.clone());
            continue;
        }
        let mut start = 0;
        for &c in cuts.iter().chain(std::iter::once(&text.len())) {
            let piece = text[start..c].trim();
            if !piece.is_empty() {
                out.push(Segment {
                    text: piece.to_owned(),
                    ..seg.clone()
                });
            }
            start = c;
        }
    }
    out
}

/// The party lines of a table of parties (`| Role | Name | Seat | | Transferor | Yunnan X Co.,
/// Ltd. | Chuxiong, PRC |`, `| 项目 | 许可方 | 被许可方 | | 名称 | A公司 | B公司 | | 住所 | … | … |`,
/// `| 让与人 | A研究所 | | 让与人地址 | … |`), written as role lines (`Transferor: Yunnan X Co.,
/// Ltd. Seat: Chuxiong, PRC`, `许可方：A公司 住所：…`); `None` for a text that is no such table.
fn table_role_lines(text: &str, cues: &PartyCues) -> Option<Vec<String>> {
    let text = text.trim();
    if !text.starts_with('|') {
        return None;
    }
    let rows: Vec<Vec<&str>> = text
        .split("| |")
        .map(|r| {
            r.trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect::<Vec<&str>>()
        })
        .filter(|r| r.iter().any(|c| !c.is_empty()))
        .collect();
    let role = |c: &str| cues.is_role(c);
    let sep = |label: &str| {
        if label.chars().any(is_cjk) {
            "："
        } else {
            ": "
        }
    };
    let mut lines: Vec<String> = Vec::new();
    let header = rows.first()?;
    let role_columns: Vec<usize> = (1..header.len()).filter(|&j| role(header[j])).collect();
    if role_columns.len() >= 2 {
        // A column per party; the first column labels the rows, the name row comes first.
        for &j in &role_columns {
            let mut line = format!("{}{}", header[j], sep(header[j]));
            for (k, row) in rows.iter().skip(1).enumerate() {
                let Some(value) = row.get(j).filter(|v| !v.is_empty()) else {
                    continue;
                };
                if k > 0 {
                    line.push(' ');
                    line.push_str(row[0]);
                    line.push_str(sep(row[0]));
                }
                line.push_str(value);
            }
            lines.push(line);
        }
        return Some(lines);
    }
    // A row per party under a header of field names, the role in one column.
    let role_column = (0..header.len()).find(|&j| {
        rows.iter()
            .skip(1)
            .any(|r| r.get(j).is_some_and(|c| role(c)))
    });
    if let Some(rc) = role_column.filter(|_| rows.len() >= 3 && header.len() >= 3) {
        for row in rows
            .iter()
            .skip(1)
            .filter(|r| r.get(rc).is_some_and(|c| role(c)))
        {
            let mut line = format!("{}{}", row[rc], sep(row[rc]));
            let mut first = true;
            for (j, value) in row.iter().enumerate() {
                if j == rc || value.is_empty() {
                    continue;
                }
                if !first {
                    let label = header.get(j).copied().unwrap_or("");
                    line.push(' ');
                    line.push_str(label);
                    line.push_str(sep(label));
                }
                line.push_str(value);
                first = false;
            }
            lines.push(line);
        }
        return (!lines.is_empty()).then_some(lines);
    }
    // Field and value rows: a role row opens a party, rows labelled after it describe it.
    let mut current: Option<(String, String)> = None;
    for row in rows.iter().filter(|r| r.len() == 2) {
        let (label, value) = (row[0], row[1]);
        if role(label) {
            lines.extend(current.take().map(|(_, l)| l));
            current = Some((label.to_owned(), format!("{label}{}{value}", sep(label))));
        } else if let Some((r, line)) = current.as_mut() {
            if let Some(field) = label.strip_prefix(r.as_str()).filter(|f| !f.is_empty()) {
                line.push(' ');
                line.push_str(field);
                line.push_str(sep(field));
                line.push_str(value);
            }
        }
    }
    lines.extend(current.map(|(_, l)| l));
    (!lines.is_empty()).then_some(lines)
}

/// Unstated regions in a Chinese-language contract (see the module doc).
fn presume_chinese_regions(parties: &mut [Party], segments: &[Segment]) {
    let foreign_marker = segments.iter().take(200).any(|s| marks_foreign(&s.text));
    // `（甲方国名）`: the template leaves that party's country blank, so it is foreign —
    // whatever place its descriptor happens to name (`在____注册成立的____公司（以下简称甲方）
    // 和中国____公司` names China for the next party).
    for p in parties.iter_mut() {
        let names: Vec<&String> = std::iter::once(&p.name).chain(&p.aliases).collect();
        let marked = names.iter().find_map(|n| {
            let cue = format!("{n}国名");
            segments
                .iter()
                .any(|s| s.text.contains(&cue))
                .then_some(cue)
        });
        if let Some(cue) = marked {
            p.region = Region::Foreign;
            p.jurisdiction = Some(format!("foreign (template asks for {cue})"));
            party_table::presumed(p, SeatBasis::TemplateBlank, &cue);
        }
    }
    // An enterprise set up in China under the joint-venture laws is a mainland legal person,
    // whoever owns it (`＿＿有限公司（以下简称甲方）系中美合资经营企业`).
    // The description follows the short name: in `…（以下简称甲方）系中美合资经营企业，现聘用…
    // （以下简称乙方）` the joint venture is 甲方, although the text sits before 乙方's name.
    for p in parties.iter_mut().filter(|p| p.region == Region::Unknown) {
        let described = std::iter::once(&p.name)
            .chain(&p.aliases)
            .find_map(|n| described_as_fie(segments, n));
        if let Some(m) = described {
            p.region = Region::Mainland;
            p.jurisdiction = Some(format!(
                "mainland (a joint-venture enterprise in China, {m}, is a Chinese legal person)"
            ));
            party_table::presumed(p, SeatBasis::Presumption, m);
        }
    }
    for p in parties.iter_mut().filter(|p| p.region == Region::Unknown) {
        let own_evidence = |m: &str| {
            p.evidence.match_indices(m).any(|(i, _)| {
                let before = &p.evidence[..i];
                !(before.contains('）') || before.contains(')'))
            })
        };
        if let Some(m) = ZH_FIE_MARKERS.iter().find(|m| {
            own_evidence(m)
                || p.name.contains(*m)
                || p.aliases.iter().any(|a| ZH_JV_NAMES.contains(&a.as_str()))
        }) {
            p.region = Region::Mainland;
            p.jurisdiction = Some(format!(
                "mainland (a joint-venture enterprise in China, {m}, is a Chinese legal person)"
            ));
            let quote = if own_evidence(m) || p.name.contains(*m) {
                (*m).to_owned()
            } else {
                p.aliases
                    .iter()
                    .find(|a| ZH_JV_NAMES.contains(&a.as_str()))
                    .cloned()
                    .unwrap_or_default()
            };
            party_table::presumed(p, SeatBasis::Presumption, &quote);
        }
    }
    // The model Sino-foreign joint-venture contracts call the Chinese party 甲方 and the
    // foreign party 乙方; a template that leaves both blank follows that convention.
    let jv_marker = segments
        .iter()
        .take(60)
        .find_map(|s| ZH_JV_CONTRACT_MARKERS.iter().find(|m| s.text.contains(*m)));
    let jv_contract =
        jv_marker.is_some() && !segments.iter().take(5).any(|s| s.text.contains("劳动合同"));
    if jv_contract {
        let marker = jv_marker.copied().unwrap_or_default();
        for p in parties.iter_mut().filter(|p| p.region == Region::Unknown) {
            let is = |r: &str| p.name == r || p.role.as_deref() == Some(r);
            if is("甲方") {
                p.region = Region::Mainland;
                p.jurisdiction = Some(
                    "presumed mainland (Sino-foreign joint-venture contract: 甲方 is the Chinese party)"
                        .to_owned(),
                );
                party_table::presumed(p, SeatBasis::Presumption, marker);
            } else if is("乙方") {
                p.region = Region::Foreign;
                p.jurisdiction = Some(
                    "presumed foreign (Sino-foreign joint-venture contract: 乙方 is the foreign party)"
                        .to_owned(),
                );
                party_table::presumed(p, SeatBasis::Presumption, marker);
            }
        }
    }
    let unknown = parties
        .iter()
        .filter(|p| p.region == Region::Unknown)
        .count();
    let mainland = parties
        .iter()
        .filter(|p| p.region == Region::Mainland)
        .count();
    let outside = parties
        .iter()
        .filter(|p| p.region.is_mainland() == Some(false))
        .count();
    // A labour contract with a Chinese employer is performed in China: the employee whose
    // nationality the template leaves blank is not presumed foreign.
    let labour_contract = segments.iter().take(5).any(|s| s.text.contains("劳动合同"));
    for p in parties.iter_mut().filter(|p| p.region == Region::Unknown) {
        if labour_contract && mainland >= 1 {
            p.region = Region::Mainland;
            p.jurisdiction =
                Some("presumed mainland (labour contract with an employer in China)".to_owned());
            party_table::presumed(p, SeatBasis::Presumption, "劳动合同");
        } else if !foreign_marker {
            p.region = Region::Mainland;
            p.jurisdiction =
                Some("presumed mainland (Chinese-language contract, no foreign party)".to_owned());
            party_table::presumed(p, SeatBasis::Presumption, "");
        } else if unknown == 1 && mainland >= 1 && outside == 0 {
            p.region = Region::Foreign;
            p.jurisdiction =
                Some("presumed foreign (Sino-foreign contract, other party mainland)".to_owned());
            party_table::presumed(p, SeatBasis::Presumption, "");
        }
    }
}

/// Merges a newly found party into the list (same name, alias or role).
fn merge(found: &mut Vec<Found>, f: Found) {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let fk = key(&f.name);
    let blank = fk.is_empty();
    let same = found.iter_mut().find(|g| {
        let names: Vec<String> = std::iter::once(&g.name)
            .chain(&g.aliases)
            .chain(&g.role)
            .map(|s| key(s))
            .collect();
        // `转让方（甲方）` in the preamble and `甲方` in the signature block are one side.
        let roles_differ = matches!((&g.role, &f.role), (Some(a), Some(b)) if key(a) != key(b) && !names.contains(&key(b)));
        // `委托方暨合作方（甲方）` and `合作方（乙方）`: a shared role word does not make one
        // party of two that carry different party letters.
        let letter = |x: &Found| -> Option<String> {
            x.aliases
                .iter()
                .chain(&x.role)
                .map(|a| key(a))
                .find(|a| PARTY_LETTERS.contains(&a.as_str()))
        };
        let letters_differ = matches!((letter(g), letter(&f)), (Some(a), Some(b)) if a != b);
        // `讓與人：廈門X有限公司` and `甲方：廈門X有限公司`: one full name under two role
        // words is one party.
        let same_name = !blank && key(&g.name) == fk && fk.chars().count() >= 8;
        let roles_differ = roles_differ && !same_name;
        !roles_differ
            && !letters_differ
            && ((!blank && names.contains(&fk))
                || f.aliases
                    .iter()
                    .chain(&f.role)
                    .any(|a| names.contains(&key(a))))
    });
    match same {
        Some(g) => {
            if g.role.is_none() {
                g.role.clone_from(&f.role);
            }
            for a in f.aliases.into_iter().chain(f.role) {
                if key(&a) != key(&g.name) && !g.aliases.contains(&a) {
                    g.aliases.push(a);
                }
            }
            if g.descriptor.len() < 400 {
                g.descriptor.push(' ');
                g.descriptor.push_str(&f.descriptor);
            }
        }
        None if !blank => found.push(f),
        None => {}
    }
}

/// Text of a preamble paragraph before its recitals.
fn cut_recitals(text: &str) -> &str {
    let end = RECITALS
        .iter()
        .filter_map(|r| text.find(r))
        .min()
        .unwrap_or(text.len());
    &text[..end]
}

/// `甲方：XX有限公司`, `Party A: Beijing X Co., Ltd.`, `技术受让方：（甲方）`,
/// `Party A, a wholly foreign-owned enterprise incorporated under the laws of the PRC`.
fn role_line(segments: &[Segment], i: usize, cues: &PartyCues) -> Option<Found> {
    let text = segments[i].text.trim_start_matches(|c: char| {
        c.is_ascii_digit() || c == '.' || c == ' ' || "一二三四五六七八九十、".contains(c)
    });
    let known = cues
        .roles
        .iter()
        .filter(|r| {
            text.len() >= r.len()
                && text.is_char_boundary(r.len())
                && text[..r.len()].eq_ignore_ascii_case(r)
        })
        .max_by_key(|r| r.len())
        .map(String::as_str);
    let label;
    let role = match known {
        Some(r) if label_role_len(text, cues).is_none_or(|l| l <= r.len()) => r,
        _ => {
            label = &text[..label_role_len(text, cues)?];
            label
        }
    };
    let written = &text[..role.len()];
    let mut rest = &text[role.len()..];
    let mut inner_role: Option<String> = None;
    // `甲方（盖章）：`, `Party A (Licensor):`
    if rest.starts_with(['（', '(']) {
        if let Some(close) = rest.find(['）', ')']) {
            let inner = &rest[rest.chars().next().map_or(1, char::len_utf8)..close];
            let after = &rest[close + rest[close..].chars().next().map_or(1, char::len_utf8)..];
            if after.trim_start().starts_with(['：', ':']) || inner.chars().count() <= 6 {
                rest = after;
                if cues.is_role(inner.trim()) && !key_eq(inner.trim(), role) {
                    inner_role = Some(inner.trim().to_owned());
                }
            }
        }
    }
    let sep = rest.trim_start().chars().next()?;
    if !matches!(sep, '：' | ':' | ',' | '，') && !rest.trim_start().starts_with("为") {
        return None;
    }
    let rest = rest
        .trim_start()
        .trim_start_matches(['：', ':', ',', '，', '为', ' '])
        .trim_start_matches(['：', ':', ' ']);
    // A signature line's name after its signature mark (`Party A: /s/ Beijing X Co., Ltd.`).
    let rest = rest.strip_prefix("/s/").map_or(rest, str::trim_start);
    let mut aliases: Vec<String> = inner_role.into_iter().collect();
    let mut name = company_name_at_start(rest, cues)
        .or_else(|| unsuffixed_name(rest, cues))
        .unwrap_or_default();
    if name.is_empty() && sep != ',' {
        // `技术受让方：（公章）` then `（甲方）` on the next line.
        let next = segments.get(i + 1).map(|s| s.text.trim());
        if let Some(next) = next {
            let inner = next
                .trim_start_matches(['（', '('])
                .trim_end_matches(['）', ')']);
            if inner != next && cues.is_role(inner) {
                aliases.push(inner.to_owned());
            }
            // `Party A:` alone, the name on the next line (`Beijing X Science and Technology
            // Co., Ltd.`, `北京某某有限公司`).
            if rest.trim().is_empty() {
                name = name_line(next, cues).unwrap_or_default();
            }
        }
    }
    for t in defined_terms(rest) {
        if !aliases.contains(&t) && t != name {
            aliases.push(t);
        }
    }
    // `Client shall pay Developer: 20% Deposit …`, `provided that Distributor: (i) gives …`:
    // an English role word before a colon in running text, followed by an amount, an
    // enumerator or lower-case prose, labels no party line.
    let latin = !written.chars().any(is_cjk);
    if latin
        && name.is_empty()
        && aliases.is_empty()
        && rest.starts_with(|c: char| {
            c.is_ascii_digit() || c.is_lowercase() || matches!(c, '(' | '$' | '€' | '£')
        })
    {
        return None;
    }
    if name.is_empty() {
        name = aliases
            .first()
            .cloned()
            .unwrap_or_else(|| written.to_owned());
    }
    let role_written = written.to_owned();
    if key_eq(&name, &role_written) {
        aliases.retain(|a| !key_eq(a, &role_written));
    }
    let mut descriptor = rest.to_owned();
    for s in segments.iter().skip(i + 1).take(4) {
        if role_start(&s.text, cues) || s.location.section.is_some() || s.text.chars().count() > 80
        {
            break;
        }
        descriptor.push(' ');
        descriptor.push_str(&s.text);
    }
    Some(Found {
        role: Some(role_written),
        aliases,
        descriptor,
        location: segments[i].location.clone(),
        order: i * 100_000,
        name,
    })
}

/// A line that is a company's name and nothing else: it opens with a capital (or a CJK
/// character) and its last company name ends it.
fn name_line(line: &str, cues: &PartyCues) -> Option<String> {
    let line = line.trim().trim_end_matches([',', ';', '，', '；']);
    if line.chars().count() > 120 || !line.starts_with(|c: char| c.is_uppercase() || is_cjk(c)) {
        return None;
    }
    let (_, e) = company_names(line, cues, false).last().copied()?;
    (e == line.len()).then(|| line.to_owned())
}

/// The name on a Chinese role line that ends in no corporate suffix (`咨询方：澳门濠江大学中药
/// 质量研究中心（依澳门…设立的…研究机构） 地址：…`): the CJK run up to the first bracket,
/// punctuation or field label, when it is long enough to be a name and is no template blank.
fn unsuffixed_name(rest: &str, cues: &PartyCues) -> Option<String> {
    let labels: Vec<&String> = cues
        .table
        .basis
        .all()
        .filter(|w| w.chars().any(is_cjk))
        .collect();
    let mut end = rest.len();
    for (i, c) in rest.char_indices() {
        if !is_cjk(c) || labels.iter().any(|l| rest[i..].starts_with(l.as_str())) {
            end = i;
            break;
        }
    }
    let name = &rest[..end];
    let n = name.chars().count();
    ((4..=40).contains(&n) && !cues.is_role(name)).then(|| name.to_owned())
}

fn key_eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn role_start(text: &str, cues: &PartyCues) -> bool {
    cues.roles.iter().any(|r| {
        text.len() > r.len()
            && text.is_char_boundary(r.len())
            && text[..r.len()].eq_ignore_ascii_case(r)
            && text[r.len()..]
                .trim_start()
                .starts_with(['：', ':', '（', '('])
    })
}

/// A company name that begins `text` (`Beijing X Co., Ltd. (…)`, `中国某某有限公司`).
fn company_name_at_start(text: &str, cues: &PartyCues) -> Option<String> {
    let names = company_names(text, cues, false);
    let (s, mut e) = names.iter().copied().find(|(s, _)| *s <= 2)?;
    // `洛阳…研究所有限公司`: a name that a legal form continues is the longer name.
    for &(s2, e2) in &names {
        if s2 == s
            && e2 > e
            && cues
                .table
                .legal_forms
                .iter()
                .any(|f| f.as_str() == &text[e..e2])
        {
            e = e2;
        }
    }
    Some(text[s..e].trim().to_owned())
        .filter(|n| n.chars().any(|c| c.is_alphanumeric() && c != '_'))
}

/// A Chinese party label that no role list holds (`服务提供方：`, `订阅方：`): 2 to 6 CJK
/// characters ending in 方 or 人 before a colon, other than a field label (`法定代表人：`)
/// or both sides (`双方`); its byte length.
fn label_role_len(text: &str, cues: &PartyCues) -> Option<usize> {
    // The label is at most 6 characters: a colon further on is none of its.
    let colon = text
        .char_indices()
        .take(7)
        .find(|&(_, c)| matches!(c, '：' | ':'))?
        .0;
    let head = &text[..colon];
    let n = head.chars().count();
    let labels = cues.table.basis.all();
    let field = labels.into_iter().any(|l| head.ends_with(l.as_str()));
    ((2..=6).contains(&n)
        && head.chars().all(|c| is_cjk(c) && c.is_alphabetic())
        && head.ends_with(['方', '人'])
        && !head.contains(['双', '各'])
        && !field)
        .then_some(colon)
}

/// The largest char boundary of `text` at or before byte `i`.
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Words of a name that are no name of their own: `between Company and Consultant` names
/// two roles, not two parties.
const GENERIC_NAME_WORDS: [&str; 6] = [
    "the",
    "company",
    "corporation",
    "party",
    "parties",
    "agreement",
];

/// Words of a trade that `and` joins inside a company's name (`Beijing X Science and
/// Technology Co., Ltd.`, `Y Oil and Gas Limited`, `Z Research and Development Inc.`).
const NAME_TRADE_WORDS: [&str; 22] = [
    "commerce",
    "construction",
    "consulting",
    "culture",
    "design",
    "development",
    "education",
    "electronics",
    "engineering",
    "gas",
    "import",
    "industry",
    "investment",
    "manufacturing",
    "marketing",
    "oil",
    "research",
    "science",
    "services",
    "technology",
    "trade",
    "trading",
];

/// Lower-case words that may stand inside a name (`Thrivent Financial for Lutherans`,
/// `Avions de Transport Régional`).
const NAME_CONNECTORS: [&str; 11] = [
    "of", "for", "de", "du", "des", "la", "le", "van", "von", "der", "y",
];

/// The party names the preamble's grammar places, with or without a legal form: each entry
/// of `between A … and B …` / `by and among A …, B … and C …` / `BETWEEN: (1) A … (2) B …`
/// opens with a party's name — the capitalised words before the first comma or bracket
/// (`Detto Technologies, a Washington corporation`, `Timothy Cabrera (hereinafter the
/// "Consultant"), an individual`, `Nuveen AMT-Free Municipal Credit Income Fund, a
/// closed-end investment company …`). An entry opens right after `between` / `among`, after
/// the previous entry's closing bracket or comma and `and` (`("PivX") and`, `corporation,
/// and`), after a closing bracket and a comma (`(the "Fund"), Harbor …`), after `;`, and at
/// an enumerator (`(2)`); the list ends with the sentence. A name counts when its entry describes or
/// defines it: `, a …` / `, an …` right after it, or a bracket that defines a short name
/// (`("Detto")`, `(the "Fund")`, `(hereinafter …)`, `(the Executive)`). Byte spans, in order.
fn entry_names(text: &str, cues: &PartyCues) -> Vec<(usize, usize)> {
    let lower = text.to_ascii_lowercase();
    let word_at = |i: usize, w: &str| {
        lower[i..].starts_with(w)
            && lower[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
            && lower[i + w.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    };
    // A numbered list opens at its first enumerator: `(1)` after a space, bar or colon, or
    // any `(n)` that opens the text (one entry per line).
    let enumerator = |i: usize| {
        let rest = &text[i + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        (1..=2).contains(&digits) && rest[digits..].starts_with(')')
    };
    let numbered = if text.starts_with('(') && enumerator(0) {
        Some(0)
    } else {
        text.match_indices("(1)")
            .map(|(i, _)| i)
            .find(|&i| text[..i].ends_with([' ', '|', ':']))
    };
    let Some(open) = ["between", "among"]
        .iter()
        .filter_map(|w| {
            lower
                .match_indices(w)
                .map(|(i, _)| i)
                .find(|&i| word_at(i, w))
                .map(|i| i + w.len())
        })
        .chain(numbered)
        .min()
    else {
        return Vec::new();
    };
    let limit = floor_boundary(text, open + 1500);
    // Where entries start: after the keyword, then after separators outside brackets.
    let mut starts = vec![open];
    let mut depth = 0usize;
    // Where the last outer bracket opened, and whether it defined a term.
    let (mut bracket, mut defining) = (open, false);
    let mut end = limit;
    for (rel, c) in text[open..limit].char_indices() {
        let i = open + rel;
        match c {
            '(' | '（' => {
                // `(2)`: an enumerator opens an entry; it is no bracket.
                if depth == 0 && c == '(' && enumerator(i) {
                    starts.push(i);
                } else {
                    if depth == 0 {
                        bracket = i;
                    }
                    depth += 1;
                }
            }
            ')' | '）' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    defining = text[bracket..i].contains(['"', '“']);
                }
            }
            ';' if depth == 0 => starts.push(i + 1),
            // A table's cell ends the list (`| Parties | (1) … (2) … | | NewCo | …`).
            '|' if depth == 0 && i > open => {
                end = i;
                break;
            }
            // `(the "Fund"), Harbor Advisers (the "Adviser")`: a list of entries, each closed by
            // its definition (not `Halle (Saale), Germany`).
            ',' if depth == 0 && defining && text[..i].ends_with([')', '）']) => {
                starts.push(i + 1);
            }
            // The sentence ends after a common word or a bracket (`…, an individual.
            // AGREEMENT`, `(each a "Party").`); a period after a capitalised word is an
            // abbreviation (`Inc.`, `Calif.`).
            '.' if depth == 0
                && text[i + 1..].starts_with(char::is_whitespace)
                && (text[..i].ends_with([')', '）', '"', '”'])
                    || text[..i]
                        .rsplit(|c: char| !c.is_alphanumeric())
                        .next()
                        .is_some_and(|w| w.starts_with(|c: char| c.is_lowercase()))) =>
            {
                end = i;
                break;
            }
            // After a bracket, a comma or quote, or an address's postal code (`…, FL 33701
            // and Timothy Cabrera (hereinafter the "Consultant"), an individual`).
            ' ' if depth == 0 && word_at(i + 1, "and") => {
                let before = text[..i].trim_end();
                if before.ends_with([')', ',', '”', '"'])
                    || before.ends_with(|c: char| c.is_ascii_digit())
                {
                    starts.push(i + 4);
                }
            }
            _ => {}
        }
    }
    starts.push(end);
    let mut out = Vec::new();
    for w in starts.windows(2) {
        let (from, to) = (w[0], w[1].max(w[0]));
        if let Some(span) = entry_name(text, from, to, cues) {
            out.push(span);
        }
    }
    out
}

/// The name that opens the entry `text[from..to]` (see [`entry_names`]), when the entry
/// describes or defines it.
fn entry_name(text: &str, from: usize, to: usize, cues: &PartyCues) -> Option<(usize, usize)> {
    let entry = &text[from..to];
    // Skip spaces, a colon and an enumerator (`: (1) `).
    let mut s = entry.len() - entry.trim_start_matches([' ', ':']).len();
    let rest = &entry[s..];
    if let Some(after) = rest.strip_prefix('(') {
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(')') {
            s += 1 + digits + 1;
            s += entry[s..].len() - entry[s..].trim_start().len();
        }
    }
    let mut e = s;
    let mut words = 0;
    let mut at = s;
    for word in entry[s..].split(' ') {
        let start = at;
        at += word.len() + 1;
        let bare = word.trim_end_matches([',', ';', ':']);
        let first = bare.chars().next();
        let stop = match first {
            None => false,
            Some(c) if c.is_uppercase() => bare.eq_ignore_ascii_case("and"),
            Some(c) if c.is_ascii_digit() => words == 0,
            Some(_) => words == 0 || !NAME_CONNECTORS.contains(&bare),
        } || bare.contains(['(', ')', '"', '“', '”']);
        if stop {
            break;
        }
        if !bare.is_empty() {
            words += 1;
            e = start + bare.len();
        }
        if bare.len() != word.len() {
            break;
        }
    }
    // A name does not end with a connector.
    let mut name = &entry[s..e];
    while let Some((head, last)) = name.rsplit_once(' ') {
        if !NAME_CONNECTORS.contains(&last) {
            break;
        }
        name = head;
    }
    let e = s + name.len();
    let generic = name
        .split_whitespace()
        .all(|w| GENERIC_NAME_WORDS.contains(&w.to_lowercase().as_str()) || cues.is_role(w));
    // A place alone (`Halle (Saale), Germany ("OntoChem")`) is where a party is, not one.
    if name.is_empty()
        || words > 10
        || name.len() > 100
        || generic
        || cues.is_role(name)
        || describes_only(name, cues)
    {
        return None;
    }
    let after = &entry[e..];
    let described = after.starts_with(", a ") || after.starts_with(", an ");
    let defined = after.starts_with([',', ' ', '(']) && {
        let window = &after[..floor_boundary(after, 400)];
        window.match_indices('(').any(|(o, _)| {
            let inner = &window[o + 1..];
            let inner = &inner[..inner.find(')').unwrap_or(inner.len())];
            let lower = inner.trim_start().to_ascii_lowercase();
            inner.contains(['"', '“'])
                || lower.starts_with("hereinafter")
                || (lower.starts_with("the ")
                    && inner.trim_start()[4..].starts_with(char::is_uppercase)
                    && inner.len() <= 40)
        })
    };
    (described || defined).then_some((from + s, from + e))
}

/// Parties named in a preamble paragraph: with a corporate suffix, or opening an entry of
/// the preamble's list of parties (see [`entry_names`]).
fn named_parties(text: &str, cues: &PartyCues) -> Vec<Found> {
    let mut spans = company_names(text, cues, true);
    for (s, e) in entry_names(text, cues) {
        if !spans.iter().any(|&(a, b)| a < e && s < b) {
            spans.push((s, e));
        }
    }
    spans.sort_unstable();
    // `… HARM TO THE COMPANY IF PUBLICLY DISCLOSED`: words that only name a role (`The
    // Company`) are no name; `17.E. FORMATION OF A CORPORATION.......46`: a line of a table
    // of contents (a dot leader after it) is a heading, not a name.
    spans.retain(|&(s, e)| {
        let generic = text[s..e].split_whitespace().all(|w| {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_ascii_lowercase();
            w.is_empty() || GENERIC_NAME_WORDS.contains(&w.as_str())
        });
        let dot_leader = text[e..].trim_start().starts_with("...");
        !(generic || dot_leader)
    });
    // `a wholly owned subsidiary of Meridian Instruments, Inc., a Delaware corporation`: a
    // company named as a party's parent, affiliate or principal describes that party; it is
    // no party of its own.
    let lower = text.to_ascii_lowercase();
    spans.retain(|&(s, _)| {
        let before = lower[..s].trim_end();
        !DESCRIBED_RELATIONS.iter().any(|r| before.ends_with(r))
    });
    // `匈牙利…股份有限公司（Duna Energia Ipari Zrt.，以下简称“匈方”）`: a name in the other script
    // in the bracket right after a name is that party's other name, not a party.
    // `Alpenmotion AG (Alpenmotion SA) (Alpenmotion Ltd)`: so is a name alone in a bracket
    // right after a name or its other names, in either script.
    let bracketed_other_name = |a: (usize, usize), b: (usize, usize)| {
        let between = text[a.1..b.0].trim();
        let alone = text[b.1..].trim_start().starts_with([')', '）', ',', '，']);
        let other_script = text[a.0..a.1].chars().any(is_cjk) != text[b.0..b.1].chars().any(is_cjk);
        matches!(between, "(" | "（") && (other_script || alone)
            || matches!(between, ") (" | ")(" | "）（") && alone
    };
    let mut k = 1;
    let mut last = spans.first().copied();
    while k < spans.len() {
        let prev = last.unwrap_or(spans[k - 1]);
        last = Some(spans[k]);
        if prev.1 <= spans[k].0 && bracketed_other_name(prev, spans[k]) {
            spans.remove(k);
        } else {
            k += 1;
        }
    }
    let blanks: Vec<usize> = placeholder_parties(text).iter().map(|f| f.order).collect();
    let mut out = Vec::new();
    for (k, &(s, e)) in spans.iter().enumerate() {
        let name = text[s..e].trim().to_owned();
        let name_key = name.to_ascii_lowercase();
        let next = spans[k + 1..]
            .iter()
            .find(|&&(ns, ne)| text[ns..ne].trim().to_ascii_lowercase() != name_key)
            .map_or(text.len(), |&(ns, _)| ns);
        // A template's blank for the next party's name ends this party's block too.
        let next = blanks
            .iter()
            .copied()
            .find(|&b| b > e)
            .map_or(next, |b| b.min(next));
        let cjk = name.chars().any(is_cjk);
        // Spans can overlap (`中国×××公司合同工厂：中国××公司`): never start after `s`.
        let prev_end = if k == 0 { 0 } else { spans[k - 1].1.min(s) };
        // Chinese: the jurisdiction often comes first (`在_注册成立的_公司`), after the
        // previous party's block has closed (`…（以下简称甲方）和`, `…；与`); the party's own block
        // runs from its name to the next party, a `；` or `。`, or a joining `和` / `与` / `及`.
        let (descriptor, alias_end) = if cjk {
            let next = next.max(e);
            let before = &text[prev_end..s];
            let own_start = before
                .rfind(['与', '和', '及', '；', ';', '。', '）', ')'])
                .map_or(0, |i| {
                    i + before[i..].chars().next().map_or(1, char::len_utf8)
                });
            let after = &text[e..next];
            let mut own_end = after.find(['；', ';', '。']).unwrap_or(after.len());
            for (i, c) in after.char_indices() {
                if i >= own_end {
                    break;
                }
                if matches!(c, '与' | '和' | '及')
                    && after[..i].ends_with(['，', ',', '）', ')', '、', ' '])
                {
                    own_end = i;
                    break;
                }
            }
            // Its short name is defined in the first bracket after it.
            let alias_end = after[..own_end].find(['）', ')']).map_or(own_end, |p| {
                p + after[p..].chars().next().map_or(1, char::len_utf8)
            });
            (
                format!("{}{}", &before[own_start..], &after[..own_end]),
                before.len() - own_start + alias_end,
            )
        } else {
            let window = &text[e..floor_boundary(text, next.min(e + 500)).max(e)];
            // `iMine Corporation, a Nevada corporation (“JRVS”) and SUNWAI Technology, a
            // Taiwanese company, …`: after its own defining parenthesis and `and`, the text
            // describes the next party, named or not. A bracket followed by `and` and a
            // lower-case word (`(unified social credit code …) and having its office at …
            // ("Developer")`) is still this party's description.
            let end = [") and ", "), and ", ")and "]
                .iter()
                .flat_map(|m| window.match_indices(m).map(move |(i, _)| (i, m.len())))
                .filter(|&(i, len)| !window[i + len..].starts_with(|c: char| c.is_lowercase()))
                .map(|(i, _)| i + 1)
                .min()
                .unwrap_or(window.len());
            (window[..end].to_owned(), usize::MAX)
        };
        let alias_window: String = descriptor
            .get(..alias_end.min(descriptor.len()))
            .unwrap_or(&descriptor)
            .chars()
            .take(600)
            .collect();
        let mut aliases: Vec<String> = defined_terms(&alias_window)
            .into_iter()
            .filter(|a| !matches!(a.as_str(), "Party" | "Parties" | "Agreement") && *a != name)
            .collect();
        aliases.dedup();
        let role = aliases.iter().find(|a| cues.is_role(a)).cloned();
        out.push(Found {
            name,
            role,
            aliases,
            descriptor,
            location: Location::default(),
            order: s,
        });
    }
    out
}

/// A preamble line that introduces a party with no corporate suffix by the name it will
/// go by: `Mr. Zheng Qing, Mr. Gu Xianwin and Ms. Chen Weijie (hereinafter called as the
/// "Developer"), a group of private software developers … with its operations in
/// P.R.China.` The name is what precedes the parenthesis, the descriptor what follows it.
fn hereinafter_party(text: &str) -> Option<Found> {
    const CONNECTORS: [&str; 7] = ["and", "of", "de", "van", "von", "der", "&"];
    const DETERMINERS: [&str; 9] = [
        "the", "all", "any", "such", "each", "its", "this", "these", "those",
    ];
    const NOT_PARTIES: [&str; 6] = [
        "Agreement",
        "Party",
        "Parties",
        "Contract",
        "Effective Date",
        "Project",
    ];
    let open = text
        .find("(hereinafter")
        .or_else(|| text.find("(herein "))?;
    let close = open + text[open..].find(')')?;
    let alias = defined_terms(&text[open..=close])
        .into_iter()
        .find(|a| !NOT_PARTIES.contains(&a.as_str()))?;
    let name = text[..open]
        .trim()
        .trim_start_matches("AND:")
        .trim()
        .trim_end_matches(',')
        .trim();
    // A name is capitalised word by word (`Mr. Zheng Qing and Ms. Chen Weijie`); `The
    // products manufactured under the Licensed Patents (hereinafter "Products")` names a
    // thing.
    let words: Vec<&str> = name.split_whitespace().collect();
    let named = words.iter().all(|w| {
        CONNECTORS.contains(w)
            || !w.starts_with(|c: char| c.is_alphabetic())
            || w.starts_with(char::is_uppercase)
    }) && words
        .first()
        .is_some_and(|w| !DETERMINERS.contains(&w.to_lowercase().as_str()));
    if !named || name.len() > 150 || name.contains("Agreement") {
        return None;
    }
    Some(Found {
        name: name.to_owned(),
        role: None,
        aliases: vec![alias],
        descriptor: clip(&text[close + 1..], 500),
        location: Location::default(),
        order: 0,
    })
}

/// `(2) [NAME OF CUSTOMER], a company incorporated under the laws of [JURISDICTION] … (the
/// "Customer")`: a template's blank for a party's name, where a name opens a party's entry
/// (at the start, after an enumerator, `between`, `and` or a colon), is that party; the
/// party table marks it blank in template.
fn placeholder_parties(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rel) = text[from..].find('[') {
        let open = from + rel;
        let Some(close) = text[open..].find(']').map(|c| open + c) else {
            break;
        };
        from = close + 1;
        let inner = &text[open + 1..close];
        let blank = inner.split_whitespace().any(|w| w == "NAME")
            && inner
                .chars()
                .all(|c| c.is_ascii_uppercase() || matches!(c, ' ' | '/' | '-' | '\''));
        let before = text[..open].trim_end();
        let opens_entry = before.is_empty()
            || before.ends_with([')', ':'])
            || ["between", "and", "BETWEEN", "AND"]
                .iter()
                .any(|w| before.ends_with(w));
        if !(blank && opens_entry) {
            continue;
        }
        let rest = &text[close + 1..];
        let end = [") and ", "), and ", ";"]
            .iter()
            .filter_map(|m| rest.find(m).map(|i| i + 1))
            .min()
            .unwrap_or(rest.len());
        let descriptor = floor_boundary(rest, end.min(500));
        let descriptor = &rest[..descriptor];
        let aliases: Vec<String> = defined_terms(descriptor)
            .into_iter()
            .filter(|a| !matches!(a.as_str(), "Party" | "Parties" | "Agreement"))
            .collect();
        out.push(Found {
            name: text[open..=close].to_owned(),
            role: None,
            aliases,
            descriptor: descriptor.to_owned(),
            location: Location::default(),
            order: open,
        });
    }
    out
}

/// `转让单位，____，以下简称甲方；`: a side known only by its short role name.
fn jianchen_parties(text: &str, cues: &PartyCues) -> Vec<Found> {
    let mut out = Vec::new();
    let mut prev = 0;
    for (i, m) in text.match_indices("简称") {
        let rest = text[i + m.len()..].trim_start_matches(['：', ':', ' ', '“', '"', '为']);
        let Some(role) = cues
            .roles
            .iter()
            .filter(|r| rest.starts_with(r.as_str()))
            .max_by_key(|r| r.len())
        else {
            continue;
        };
        out.push(Found {
            name: role.clone(),
            role: Some(role.clone()),
            aliases: Vec::new(),
            descriptor: text[prev..i].to_owned(),
            location: Location::default(),
            order: i,
        });
        prev = i + m.len();
    }
    out
}

/// Whether a two-letter legal form (`NV`, `PA`) followed by a five-digit postal code
/// (`Las Vegas, NV 89108`) is the state of an address, not the end of a name.
fn postal_state(form: &str, after: &str) -> bool {
    let Some(code) = after.strip_prefix(' ') else {
        return false;
    };
    let digits = code.bytes().take_while(u8::is_ascii_digit).count();
    form.len() == 2
        && form.bytes().all(|b| b.is_ascii_uppercase())
        && digits == 5
        && !code[digits..].starts_with(|c: char| c.is_alphanumeric())
}

/// Byte spans of company names in `text`, in order.
fn company_names(text: &str, cues: &PartyCues, party_line_only: bool) -> Vec<(usize, usize)> {
    let lower = text.to_ascii_lowercase();
    let mut out: Vec<(usize, usize)> = Vec::new();
    // Latin names: capitalised words before a corporate suffix. Every capitalised, whole-word
    // use of a suffix (`a Delaware corporation` is not one), earliest first and the longest
    // at one place; a name ends at the first one after the previous name.
    let mut hits: Vec<(usize, usize)> = cues
        .suffix_automaton
        .find_overlapping_iter(&lower)
        .map(|m| (m.start(), m.end() - m.start()))
        .filter(|&(i, l)| {
            word_bounded(&lower, i, i + l)
                && text[i..].starts_with(char::is_uppercase)
                && cues
                    .exact_suffixes
                    .get(&lower[i..i + l])
                    .is_none_or(|written| written.iter().any(|w| w == &text[i..i + l]))
        })
        .collect();
    hits.sort_by_key(|&(i, l)| (i, std::cmp::Reverse(l)));
    let mut pos = 0;
    for &(i, l) in &hits {
        if i < pos {
            continue;
        }
        // `Morgan Stanley & Co. Incorporated`: a form right after a form is the name's end.
        let l = hits
            .iter()
            .filter(|&&(j, _)| j == i + l + 1 && text[i + l..].starts_with(' '))
            .map(|&(j, m)| j + m - i)
            .max()
            .unwrap_or(l);
        // `1600 University Drive`: a suffix that a street word follows names a street.
        let street = STREET_WORDS
            .iter()
            .chain(&STREET_NAME_ENDS)
            .any(|w| lower[i + l..].starts_with(w))
            || postal_state(&text[i..i + l], &text[i + l..]);
        if let Some(start) = name_start(text, i).filter(|_| !street) {
            let tail = institution_tail(&text[i..i + l], &text[i + l..]);
            let end = i + l + tail.unwrap_or(0);
            // `The University of Iowa`, `Iowa State University`: an institution named after
            // its place is a name; only a legal form can be a bare description.
            let institution = tail.is_some();
            let name = &text[start..end];
            // `"KazSino Light Alloys" LLP`: a run that opens inside a quotation is a piece
            // of a quoted name, not a name.
            let unbalanced = name.matches('"').count() % 2 == 1
                || name.matches('”').count() > name.matches('“').count();
            if (institution || !describes_only(&text[start..i], cues)) && !unbalanced {
                out.push((start, end));
            }
            pos = end;
            continue;
        }
        pos = i + l;
    }
    // Individuals: a title and the capitalised words after it, up to a comma or bracket,
    // introduced as an individual in the words after the name (`Mr. Bao Tegusi, a citizen of
    // …`, `Dr. Liu Chenxi, an individual residing in …`); a representative or signatory
    // (`represented by Mr. Wang, its General Manager`) is no party.
    if party_line_only {
        for h in cues.table.kinds.individual_titles() {
            for (i, _) in lower.match_indices(h.as_str()) {
                if !word_bounded(&lower, i, i + h.len())
                    || out.iter().any(|&(s, e)| s <= i && i < e)
                {
                    continue;
                }
                let after = &text[i + h.len()..];
                let rest = after.trim_start_matches(' ');
                let mut end = i + h.len() + (after.len() - rest.len());
                let mut words = 0;
                for w in rest.split_inclusive(' ') {
                    let bare = w.trim_end_matches([' ', ',', '(']);
                    if words >= 4
                        || !bare.starts_with(char::is_uppercase)
                        || !bare
                            .chars()
                            .all(|c| c.is_alphabetic() || c == '-' || c == '.')
                    {
                        break;
                    }
                    end += w.trim_end().trim_end_matches([',', '(']).len();
                    words += 1;
                    if w.trim_end().ends_with(',') {
                        break;
                    }
                    end += w.len() - w.trim_end().len();
                }
                let end = floor_boundary(text, end.min(text.len()));
                let after = lower[end..floor_boundary(&lower, (end + 160).min(lower.len()))]
                    .split(" and ")
                    .next()
                    .unwrap_or_default();
                let introduced = cues
                    .table
                    .kinds
                    .individual_words()
                    .iter()
                    .any(|w| after.contains(w.as_str()));
                if words >= 2 && text[i..end].trim_end().len() == end - i && introduced {
                    out.push((i, end));
                }
            }
        }
    }
    // Chinese names: a run of name characters before a suffix.
    for suf in &cues.zh_suffixes {
        for (i, _) in text.match_indices(suf.as_str()) {
            let end = i + suf.len();
            if out.iter().any(|&(s, e)| s <= i && i < e) {
                continue;
            }
            let start = text[..i]
                .char_indices()
                .rev()
                .take_while(|&(_, c)| {
                    (is_cjk(c) && !"，。：；、（）“”《》「」和与及的在为是由向将对给即".contains(c))
                        || c == '×'
                        || c == '_'
                        || c.is_ascii_alphanumeric()
                })
                .last()
                .map_or(i, |(j, _)| j);
            let run = &text[start..i];
            let role_prefix = cues
                .roles
                .iter()
                .filter(|r| run.starts_with(r.as_str()))
                .map(String::len)
                .max()
                .unwrap_or(0);
            let start = start + role_prefix;
            // `第1条天津…有限公司`: the article number before a name is not part of it.
            let start = start + article_number_len(&text[start..i]);
            let head = &text[start..i];
            // A name has a head of its own (`工厂`, `驻厂` are words); a run that opens with
            // a pronoun or modal (`其东莞工厂`, `须派遣…到被许可方工厂`) or names a role in its
            // middle was cut from prose.
            let prose = head.chars().count() < 2
                || head.starts_with(ZH_PROSE_OPENERS)
                || cues
                    .roles
                    .iter()
                    .filter(|r| r.chars().any(is_cjk))
                    .any(|r| head.contains(r.as_str()));
            // `在大韩民国蔚山工厂`, `建设一座…卤水提锂工厂`: a plant (工厂) is where a party works,
            // not a legal person (a works named as one ends in 厂 alone, or 化工厂); `提供研究所需的
            // 原料`: 所 before a verb is the particle (所需, 所有), not an institute.
            let plant = suf == "厂" && head.ends_with('工') && !head.ends_with("化工");
            let particle = suf.ends_with('所') && text[end..].starts_with(ZH_SUO_VERBS);
            let generic = prose
                || plant
                || particle
                || GENERIC_ZH_NAMES.contains(&head)
                || head.chars().all(|c| c.is_ascii_digit())
                || ZH_NOT_NAME.iter().any(|w| head.contains(w));
            // A party line names a role, or gives the name a short name of its own right
            // after it (`香港维港大学（“大学”）`, `…有限公司，地址…（「特许持有人」）`).
            let short_name = text[end..]
                .split(['；', ';', '。'])
                .next()
                .is_some_and(|rest| {
                    ["（“", "(“", "（「", "(「", "（\"", "(\""]
                        .iter()
                        .any(|q| rest.contains(q))
                });
            let party_line = !party_line_only
                || text.contains("简称")
                || short_name
                || cues.roles.iter().any(|r| text.contains(r.as_str()));
            if start < i && i - start <= 90 && !generic && party_line {
                out.push((start, end));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The letters that number a contract's parties, as `merge` keys them (`甲方`, `Party B`).
const PARTY_LETTERS: [&str; 8] = [
    "甲方", "乙方", "丙方", "丁方", "partya", "partyb", "partyc", "partyd",
];

/// Verbs that follow the particle 所 (`所需`, `所有`, `所述`): after them, a name's 所 suffix
/// (`研究所`) is no suffix.
const ZH_SUO_VERBS: [char; 9] = ['需', '有', '得', '述', '称', '列', '载', '指', '用'];

/// The byte length of an article number that opens `run` (`第1条`, `第十二条`), else 0.
fn article_number_len(run: &str) -> usize {
    let Some(rest) = run.strip_prefix('第') else {
        return 0;
    };
    let digits = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || "一二三四五六七八九十百零〇".contains(c)))
        .map_or(rest.len(), |(i, _)| i);
    match rest[digits..].chars().next() {
        Some(c @ ('条' | '章' | '款' | '节')) if digits > 0 => {
            '第'.len_utf8() + digits + c.len_utf8()
        }
        _ => 0,
    }
}

/// Words that head a reference to a numbered part of a document (`Article 12`, `Section
/// 3`): a run of capitalised words holding one with its number is a heading or a table of
/// contents entry, never a name.
const PART_WORDS: [&str; 8] = [
    "article", "section", "clause", "chapter", "schedule", "exhibit", "annex", "appendix",
];

/// Words of a sentence that no company name holds: a run of capitals that reaches one
/// (`HAS BEEN OMITTED BECAUSE ARTARA THERAPEUTICS, INC.`) starts after it.
const PROSE_WORDS: [&str; 12] = [
    "are", "because", "been", "has", "have", "is", "omitted", "shall", "that", "was", "when",
    "whereby",
];

/// Whether `word` is a clause or section number (`3.2`, `13.1`, `5.1.4`): digits with dots
/// between them.
fn section_number(word: &str) -> bool {
    let parts: Vec<&str> = word.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// Walks back from a suffix over the words of a company name. `&` and an `of` between
/// capitalised words belong to the name (`Morgan Stanley & Co. Incorporated`, `Bank of
/// America, N.A.`, `The Board of Regents of Great Plains State University`); a run that
/// reaches a clause number (`3.2 The Institute`, `AUDITS 33 13.1 Company`) or a numbered
/// part (`13 Article 12 Limited`) is a heading or contents entry and names no party.
/// Lower-case particles inside Romance, Dutch and German names.
const NAME_PARTICLES: [&str; 13] = [
    "da", "das", "de", "del", "della", "der", "des", "di", "do", "dos", "du", "van", "von",
];

fn name_start(text: &str, suffix_at: usize) -> Option<usize> {
    const STOP: [&str; 15] = [
        // `For Beijing X Co., Ltd.` over a signature line.
        "for",
        "between",
        "and",
        "by",
        "with",
        "among",
        "to",
        "from",
        "this",
        "agreement",
        "party",
        "parties",
        "whereas",
        "hereby",
        "of",
    ];
    let before = &text[..suffix_at];
    let before = before
        .strip_suffix(", ")
        .or_else(|| before.strip_suffix(' '))?;
    // (word, its start), nearest the suffix first.
    let mut words: Vec<(&str, usize)> = Vec::new();
    let mut cursor = before.len();
    for word in before.rsplit(' ') {
        let word_start = cursor - word.len();
        words.push((word, word_start));
        cursor = word_start.saturating_sub(1);
    }
    let capitalised = |w: &str| {
        let bare = w.trim_matches(|c: char| c == '(' || c == ')' || c == ',');
        bare.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            || bare.chars().any(char::is_uppercase)
    };
    let mut start = None;
    let mut taken = 0;
    // `Hangzhou`, `UK`, `U.S.`
    let place_word = |w: &str| {
        (2..=20).contains(&w.len())
            && w.starts_with(|c: char| c.is_ascii_uppercase())
            && w.chars().all(|c| c.is_ascii_alphabetic() || c == '.')
    };
    for (k, &(word, word_start)) in words.iter().enumerate() {
        // `Dialog Semiconductor (UK) Ltd.`, `JingWei HengTong Technology (ShenZhen) Co.,
        // Ltd.`, `YA Global Investments II (U.S.), Ltd.`: a bracketed country code or place
        // is part of the name.
        let inner = word.strip_prefix('(').and_then(|w| w.strip_suffix(')'));
        if inner.is_some_and(place_word) {
            start = Some(word_start);
            continue;
        }
        // `法定代表人:周示例受让方(乙方):LUMORA`, `副总经理｜Sơn Hà Ceramics JSC`: the name
        // starts after the last CJK character, colon, bracket or bar glued to it.
        if let Some((i, c)) = word.char_indices().rev().find(|&(_, c)| {
            is_cjk(c) || matches!(c, ':' | '：' | '(' | ')' | '（' | '）' | '|' | '｜')
        }) {
            let tail = word_start + i + c.len_utf8();
            if tail < word_start + word.len() && text[tail..].starts_with(char::is_uppercase) {
                start = Some(tail);
            }
            break;
        }
        if section_number(word.trim_end_matches([',', ':'])) {
            return None;
        }
        if word.chars().all(|c| c.is_ascii_digit())
            && !word.is_empty()
            && words
                .get(k + 1)
                .is_some_and(|(w, _)| PART_WORDS.contains(&w.to_ascii_lowercase().as_str()))
        {
            return None;
        }
        let bare = word.trim_matches(|c: char| c == '(' || c == ')');
        let lower = bare.to_ascii_lowercase();
        // `&` joins the words of one name; `of` does when capitalised words stand on both
        // sides of it and the word before it names no relation (`a subsidiary of X`).
        // So does `and` between two words of a trade (`Science and Technology`, `Oil and
        // Gas`), which no list of parties joins.
        let trade = |w: &str| NAME_TRADE_WORDS.contains(&w.to_ascii_lowercase().as_str());
        // `Sabores do Rio`, `Banco de Portugal`, `Instituut van Oss`: a name particle
        // between two capitalised words of a name joins them.
        let particle = NAME_PARTICLES.contains(&word)
            && start.is_some()
            && words.get(k + 1).is_some_and(|(w, _)| {
                capitalised(w)
                    && !w.ends_with([',', ';', ':', '.'])
                    && !STOP.contains(&w.to_ascii_lowercase().as_str())
            });
        let joins = particle
            || word == "&"
            || (lower == "and"
                && k > 0
                && trade(words[k - 1].0)
                && words.get(k + 1).is_some_and(|(w, _)| trade(w)))
            || (lower == "of"
                && start.is_some()
                && words.get(k + 1).is_some_and(|(w, _)| {
                    capitalised(w)
                        && !w.ends_with([',', ';', ':', '.'])
                        && !STOP.contains(&w.to_ascii_lowercase().as_str())
                        && !DESCRIBED_RELATIONS
                            .iter()
                            .any(|r| r.split(' ').next() == Some(w.to_ascii_lowercase().as_str()))
                }));
        if joins {
            continue;
        }
        // `(1)`, `(a)`: the enumerator of a party list, not part of the name.
        // `(UK)`, `(HK)` are part of the name.
        let enumerator = word.starts_with('(')
            && word.ends_with(')')
            && word.len() <= 5
            && !bare.chars().all(|c| c.is_ascii_uppercase());
        // `[*Should Company`: a redaction mark (`[*]`, `***`) is no word of a name.
        let stop = enumerator
            || word.contains('*')
            || STOP.contains(&lower.as_str())
            || PROSE_WORDS.contains(&lower.as_str())
            || word.ends_with([',', ';', ':', '.'])
            || word.starts_with(['"', '“'])
            || word.is_empty();
        // `"Joint Venture Company"`, `"KazSino Light Alloys" LLP`: a run that reaches an
        // opening quote is a quoted term or a piece of one, not a name.
        if word.starts_with(['"', '“']) && word.len() > 1 && !word.ends_with(['"', '”']) {
            return None;
        }
        if stop || !capitalised(bare) || taken >= 8 {
            break;
        }
        start = Some(word_start);
        taken += 1;
        // A name opens with its article: `Government Approvals The Institute` is a heading
        // run into a reference.
        if lower == "the" {
            break;
        }
    }
    start
}

fn clip(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max).collect();
    out.push('…');
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The names of the parties found in English `texts`, with the world's legal forms.
    fn names(texts: &[&str]) -> Vec<String> {
        let cues = PartyCues::builtin()
            .unwrap()
            .with_world(super::super::world::shared().unwrap())
            .unwrap();
        find(&segs(texts), &cues, "en")
            .into_iter()
            .map(|p| p.name)
            .collect()
    }

    fn segs(texts: &[&str]) -> Vec<Segment> {
        texts
            .iter()
            .map(|t| Segment {
                text: crate::extract::normalize::normalize(t),
                ..Segment::default()
            })
            .collect()
    }

    /// The names of the parties `parties` finds.
    fn names_in(texts: &[&str], lang: &str) -> Vec<String> {
        parties(texts, lang).into_iter().map(|p| p.0).collect()
    }

    #[test]
    fn a_traditional_chinese_party_line_is_read_as_a_simplified_one_and_reported_as_written() {
        let got = parties(
            &[
                "技術及專利轉讓協議",
                "訂約方：",
                "(1) 蘇州熱敏微電子有限公司，一間於中華人民共和國江蘇省註冊成立之有限責任公司，其註冊地址為江蘇省蘇州市吳中區（「讓與人」）；及",
                "(2) 佛山示例陶瓷有限公司，地址為廣東省佛山市禪城區（簡稱「受讓人」）。",
                "1. 讓與人須於其蘇州廠房向受讓人交付技術資料。",
            ],
            "zh",
        );
        let names: Vec<&str> = got.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(
            names,
            ["蘇州熱敏微電子有限公司", "佛山示例陶瓷有限公司"],
            "{got:?}"
        );
        assert_eq!(got[0].2.as_deref(), Some("讓與人"), "{got:?}");
        assert_eq!(got[0].1, Region::Mainland, "{got:?}");
    }

    #[test]
    fn a_numbered_party_line_that_gives_its_party_a_short_name_is_a_party_line() {
        let got = names_in(
            &[
                "专利及技术特许协议",
                "本协议由下列各方订立：",
                "(1) 香港维港大学，一所依据《香港维港大学条例》成立之法定法人团体，地址为香港薄扶林道88号（“大学”）；及",
                "(2) 深圳市鹏隔新材料有限公司，地址为广东省深圳市龙华区（“特许持有人”）。",
            ],
            "zh",
        );
        assert_eq!(got, ["香港维港大学", "深圳市鹏隔新材料有限公司"]);
    }

    fn parties(texts: &[&str], lang: &str) -> Vec<(String, Region, Option<String>, Vec<String>)> {
        let cues = PartyCues::builtin().unwrap();
        find(&segs(texts), &cues, lang)
            .into_iter()
            .map(|p| (p.name, p.region, p.role, p.aliases))
            .collect()
    }

    #[test]
    fn joined_chinese_party_lines_are_split_and_longest_role_wins() {
        let got = parties(
            &[
                "许可方(甲方):包头示例稀土新材料有限公司 住所:中华人民共和国内蒙古包头市 被许可方(乙方):越南示例磁材有限责任公司 住所:越南社会主义共和国海防市",
                "被许可方(乙方):越南示例磁材有限责任公司",
            ],
            "zh",
        );
        let summary: Vec<(String, Region, Option<String>)> = got
            .into_iter()
            .map(|(n, r, role, _)| (n, r, role))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "包头示例稀土新材料有限公司".to_owned(),
                    Region::Mainland,
                    Some("许可方".to_owned())
                ),
                (
                    "越南示例磁材有限责任公司".to_owned(),
                    Region::Foreign,
                    Some("被许可方".to_owned())
                ),
            ]
        );
    }

    #[test]
    fn overlapping_company_names_do_not_panic() {
        // Regression (corpus td2000 004, 024): a span ended after the next one started.
        let _ = parties(&["甲方为:中国×××××××公司合同工厂:中国×××××公司"], "zh");
        let _ = parties(
            &[
                "中文名称:_____ 英文名称:_____ (以下合资公司简称为“公司”) 地址:_____ 1.4公司组织形式公司的组织形式为有限责任公司",
            ],
            "zh",
        );
    }

    #[test]
    fn a_thing_defined_by_hereinafter_is_not_a_party() {
        let got = parties(
            &[
                "This Agreement is made between Alpha Ltd, a company incorporated in England (\"Alpha\"), and Beta Inc., a Delaware corporation (\"Beta\").",
                "The products manufactured under the Licensed Patents (hereinafter called the \"Products\") shall be sold in the Territory.",
            ],
            "en",
        );
        let names: Vec<&str> = got.iter().map(|(n, _, _, _)| n.as_str()).collect();
        assert_eq!(names, ["Alpha Ltd", "Beta Inc."]);
    }

    #[test]
    fn a_company_named_after_the_preamble_closes_is_not_a_party() {
        let got = parties(
            &[
                "THIS AGREEMENT is made by and between Liquidmetal Technologies, Inc., a Delaware corporation (\"Liquidmetal\"), and Eutectix, LLC, a Delaware limited liability company (\"Eutectix\"). NOW, THEREFORE, the Parties agree as follows:",
                "1. TERM. The term is five years.",
                "(g) Equipment required for passivation operations, including: i. One (1) ESMA, Inc. E782C ultrasonic cleaning system.",
            ],
            "en",
        );
        let names: Vec<&str> = got.iter().map(|(n, _, _, _)| n.as_str()).collect();
        assert_eq!(names, ["Liquidmetal Technologies, Inc.", "Eutectix, LLC"]);
    }

    #[test]
    fn chinese_descriptor_window_never_splits_a_character() {
        // Regression: a 60-byte window ended inside 合 and panicked.
        let text = "(一)甲方是一家依照中华人民共和国法律设立并有效存续的有限责任公司,长期从事中文语音合成技术的研究开发,是本合同附件一所列专利的专利权人及附件二所列专利申请的申请人;";
        let _ = parties(&[text], "zh");
    }

    #[test]
    fn individuals_introduced_by_hereinafter_are_a_party_and_footers_are_not() {
        let got = parties(
            &[
                "Source: VGRAB COMMUNICATIONS INC., 10-K, 1/29/2020",
                "This Agreement is made BETWEEN: VGrab Asia Ltd. (hereinafter called as the \"VAL\"), located at 397 Hennessy Road, Hong Kong. AND: Mr. Zheng Qing and Ms. Chen Weijie (hereinafter called as the \"Developer\"), a group of private software developers with its operations in P.R.China.",
            ],
            "en",
        );
        let names: Vec<(&str, Region, &[String])> = got
            .iter()
            .map(|(n, r, _, a)| (n.as_str(), *r, a.as_slice()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("VGrab Asia Ltd.", Region::HongKong, &["VAL".to_owned()][..]),
                (
                    "Mr. Zheng Qing and Ms. Chen Weijie",
                    Region::Mainland,
                    &["Developer".to_owned()][..]
                ),
            ]
        );
    }

    #[test]
    fn a_street_named_after_a_city_and_the_next_partys_words_place_nobody() {
        let got = parties(
            &[
                "This Agreement is made between iMine Corporation, (hereinafter referred to as \"JRVS\") and SUNWAI Technology, a Taiwanese company, with its principal office at No. 258, Section 3, Nanjing East Road, Taipei (\"Distributor\").",
            ],
            "en",
        );
        // The second entry of the preamble's list names a party without a legal form, in
        // Taiwan by its own words.
        assert_eq!(
            got,
            vec![
                (
                    "iMine Corporation".to_owned(),
                    Region::Unknown,
                    None,
                    vec!["JRVS".to_owned()]
                ),
                (
                    "SUNWAI Technology".to_owned(),
                    Region::Taiwan,
                    Some("Distributor".to_owned()),
                    vec!["Distributor".to_owned()]
                )
            ]
        );
        let cues = PartyCues::builtin().unwrap();
        assert_eq!(
            cues.region_in("No. 258, Nanjing East Road, Taipei")
                .map(|(r, _)| r),
            Some(Region::Taiwan)
        );
    }

    #[test]
    fn english_preamble_parties_and_regions() {
        let got = parties(
            &[
                "This Agreement is made by and between GSI Technology, Inc., a Delaware corporation (\"PURCHASER\"), and Shanghai Acme Co., Ltd., a company organized under the laws of the People's Republic of China (the \"Licensor\"). WHEREAS Sony Electronics Inc. sold things.",
            ],
            "en",
        );
        assert_eq!(
            got,
            vec![
                (
                    "GSI Technology, Inc.".to_owned(),
                    Region::Foreign,
                    Some("PURCHASER".to_owned()),
                    vec!["PURCHASER".to_owned()]
                ),
                (
                    "Shanghai Acme Co., Ltd.".to_owned(),
                    Region::Mainland,
                    Some("Licensor".to_owned()),
                    vec!["Licensor".to_owned()]
                ),
            ]
        );
    }

    #[test]
    fn the_republic_of_china_is_taiwan_and_the_peoples_republic_the_mainland() {
        let cues = PartyCues::builtin().unwrap();
        for (text, region, jurisdiction) in [
            (
                "organized under the Company Act of the Republic of China",
                Region::Taiwan,
                "Republic of China",
            ),
            (
                "incorporated under the laws of the People ‘s Republic of China",
                Region::Mainland,
                "People ‘s Republic of China",
            ),
            (
                "formed under the People’s Republic of China",
                Region::Mainland,
                "People’s Republic of China",
            ),
        ] {
            assert_eq!(
                cues.region_in(text),
                Some((region, jurisdiction.to_owned())),
                "{text}"
            );
        }
    }

    #[test]
    fn hong_kong_party_is_not_mainland() {
        let got = parties(
            &[
                "Party A: Phoenix Satellite Television Company Limited, Hong Kong, China",
                "Party B: Beijing Acme Technology Co., Ltd., registered in Beijing",
            ],
            "en",
        );
        assert_eq!(got[0].1, Region::HongKong, "{got:?}");
        assert_eq!(got[0].2.as_deref(), Some("Party A"));
        assert_eq!(got[1].1, Region::Mainland, "{got:?}");
    }

    #[test]
    fn taiwan_and_macau_are_not_mainland() {
        let cues = PartyCues::builtin().unwrap();
        let cases: &[(&str, Region)] = &[
            (
                "a company incorporated in Hsinchu, Taiwan, Republic of China",
                Region::Taiwan,
            ),
            ("registered in Macau", Region::Macau),
            ("住所：香港九龙", Region::HongKong),
            ("注册地址：上海市浦东新区", Region::Mainland),
            ("a German GmbH", Region::Foreign),
            ("incorporated in Delaware", Region::Foreign),
            (
                "a Chinese Corporation with a location at Shunyi District, Beijing, China",
                Region::Mainland,
            ),
            ("a Chinese-language name", Region::Mainland),
            ("nothing here", Region::Unknown),
        ];
        for (text, want) in cases {
            let got = cues.region_in(text).map_or(Region::Unknown, |(r, _)| r);
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn chinese_preambles_give_each_party_its_own_block() {
        // (case, preamble lines, want (name, a role or alias it answers to, region))
        type Case<'a> = (&'a str, &'a [&'a str], &'a [(&'a str, &'a str, Region)]);
        let cues = PartyCues::builtin()
            .unwrap()
            .with_world(super::super::world::shared().unwrap())
            .unwrap();
        let cases: &[Case] = &[
            (
                "article_number_and_the_other_partys_block",
                &[
                    "第1条 北京甲乙科技股份有限公司（以下简称“中方”），一家依照中华人民共和国法律设立的股份有限公司，住所：北京市海淀区；与匈牙利多瑙示例股份有限公司（Duna Example Zrt.，以下简称“匈方”），一家依照匈牙利法律设立的股份有限公司，住所：匈牙利布达佩斯，同意在匈牙利共同投资设立合资经营公司（以下简称“合资公司”），特订立本合同。",
                ],
                &[
                    ("北京甲乙科技股份有限公司", "中方", Region::Mainland),
                    ("匈牙利多瑙示例股份有限公司", "匈方", Region::Foreign),
                    // The venture they set up in Hungary is a foreign party of its own.
                    ("合资公司", "合资公司", Region::Foreign),
                ],
            ),
            (
                "numbered_parties_joined_by_ji",
                &[
                    "(1)香港示例模具有限公司，一家在香港注册成立的有限公司（“许可方”）；及(2)东莞市示例塑胶制品有限公司，一家依照中华人民共和国法律成立的有限责任公司，住所为广东省东莞市（“被许可方”）。",
                ],
                &[
                    ("香港示例模具有限公司", "许可方", Region::HongKong),
                    ("东莞市示例塑胶制品有限公司", "被许可方", Region::Mainland),
                ],
            ),
            (
                "side_words_are_roles_and_a_name_needs_no_suffix",
                &[
                    "委托方：广州示例制药有限公司 住所：广东省广州市",
                    "咨询方：澳门示例研究中心（依澳门特别行政区法律设立的研究机构） 地址：澳门氹仔",
                ],
                &[
                    ("广州示例制药有限公司", "委托方", Region::Mainland),
                    ("澳门示例研究中心", "咨询方", Region::Macau),
                ],
            ),
            (
                "a_table_with_a_column_per_party",
                &[
                    "| 项目 | 许可方 | 被许可方 | | 名称 | 韩国示例系统株式会社 | 无锡示例计算技术有限公司 | | 住所 | 大韩民国京畿道 | 江苏省无锡市 |",
                ],
                &[
                    ("韩国示例系统株式会社", "许可方", Region::Foreign),
                    ("无锡示例计算技术有限公司", "被许可方", Region::Mainland),
                ],
            ),
            (
                "a_table_of_fields_and_values",
                &[
                    "| 合同当事人 | 内容 | | 让与人 | 内蒙古示例育种研究所 | | 让与人地址 | 内蒙古自治区鄂尔多斯市 | | 受让人 | 新疆示例牧业有限公司 | | 受让人地址 | 新疆维吾尔自治区阿克苏地区 |",
                ],
                &[
                    ("内蒙古示例育种研究所", "让与人", Region::Mainland),
                    ("新疆示例牧业有限公司", "受让人", Region::Mainland),
                ],
            ),
            (
                "labels_ending_in_fang_are_roles_and_a_legal_form_continues_a_name",
                &[
                    "服务提供方：美国示例数据服务公司，一家根据美国华盛顿州法律注册的公司。订阅方：洛阳示例轴承研究所有限公司，地址：河南省洛阳市",
                ],
                &[
                    ("美国示例数据服务公司", "服务提供方", Region::Foreign),
                    ("洛阳示例轴承研究所有限公司", "订阅方", Region::Mainland),
                ],
            ),
            (
                "prose_fragments_are_no_parties",
                &[
                    "许可人：韩国示例数据株式会社 住所：大韩民国首尔",
                    "被许可人：重庆示例制造有限公司 住所：重庆市渝北区",
                    "许可人须派遣工程师到被许可人工厂，并在其重庆工厂进行培训。",
                ],
                &[
                    ("韩国示例数据株式会社", "许可人", Region::Foreign),
                    ("重庆示例制造有限公司", "被许可人", Region::Mainland),
                ],
            ),
        ];
        for (case, texts, want) in cases {
            let got = find(&segs(texts), &cues, "zh");
            let got: Vec<(&str, bool, Region)> = got
                .iter()
                .zip(want.iter())
                .map(|(p, w)| {
                    let answers = p.name == w.1
                        || p.role.as_deref() == Some(w.1)
                        || p.aliases.iter().any(|a| a == w.1);
                    (p.name.as_str(), answers, p.region)
                })
                .collect();
            let want: Vec<(&str, bool, Region)> = want.iter().map(|w| (w.0, true, w.2)).collect();
            assert_eq!(got, want, "{case}");
            assert_eq!(find(&segs(texts), &cues, "zh").len(), want.len(), "{case}");
        }
    }

    #[test]
    fn english_party_tables_and_joined_party_lines_give_parties() {
        let cues = PartyCues::builtin()
            .unwrap()
            .with_world(super::super::world::shared().unwrap())
            .unwrap();
        for (case, texts, want) in [
            (
                "a_row_per_party",
                vec![
                    "| Role | Name | Seat | Representative | | Transferor | Yunnan Example Fungi Co., Ltd. | Chuxiong, Yunnan Province, PRC | He Yong | | Transferee | Hanbit Example Co., Ltd. | Chungju, Republic of Korea | Park Seo-jun |",
                ],
                [
                    (
                        "Yunnan Example Fungi Co., Ltd.",
                        "Transferor",
                        Region::Mainland,
                    ),
                    ("Hanbit Example Co., Ltd.", "Transferee", Region::Foreign),
                ],
            ),
            (
                "an_individual_introduced_as_one_is_a_party_a_representative_is_not",
                vec![
                    "This Agreement is made between Example Membrane LLC, a Texas limited liability company, represented by Mr. John Smith, its Manager (the \"Company\"), and Dr. Liu Example, an individual residing in Wuhan, People's Republic of China (\"Consultant\").",
                ],
                [
                    ("Example Membrane LLC", "Company", Region::Foreign),
                    ("Dr. Liu Example", "Consultant", Region::Mainland),
                ],
            ),
            (
                "a_parent_company_describes_a_party_and_the_address_decides_before_the_name",
                vec![
                    "This Agreement is made between Nippon Example Sensing (Hangzhou) Co., Ltd., a wholly owned subsidiary of Example Electric Co., Ltd., with its registered office in Hangzhou, Zhejiang (\"Licensor\"), and Beijing Example Equipment Co., Ltd., a company organized under the laws of the People's Republic of China (\"Licensee\").",
                ],
                [
                    (
                        "Nippon Example Sensing (Hangzhou) Co., Ltd.",
                        "Licensor",
                        Region::Mainland,
                    ),
                    (
                        "Beijing Example Equipment Co., Ltd.",
                        "Licensee",
                        Region::Mainland,
                    ),
                ],
            ),
            (
                "party_lines_run_together",
                vec![
                    "Party A: Taichung Example Industrial Co., Ltd., organized under the Company Act of Taiwan, Taichung City Party B: Xiamen Example Electronic Technology Co., Ltd., established in Xiamen, Fujian Province",
                ],
                [
                    (
                        "Taichung Example Industrial Co., Ltd.",
                        "Party A",
                        Region::Taiwan,
                    ),
                    (
                        "Xiamen Example Electronic Technology Co., Ltd.",
                        "Party B",
                        Region::Mainland,
                    ),
                ],
            ),
        ] {
            // The role, else the short name the party is defined by.
            let got: Vec<(String, Option<String>, Region)> = find(&segs(&texts), &cues, "en")
                .into_iter()
                .map(|p| (p.name, p.role.or(p.aliases.first().cloned()), p.region))
                .collect();
            let want: Vec<(String, Option<String>, Region)> = want
                .iter()
                .map(|(n, r, g)| ((*n).to_owned(), Some((*r).to_owned()), *g))
                .collect();
            assert_eq!(got, want, "{case}");
        }
    }

    #[test]
    fn company_names_are_names_not_descriptions_headings_or_streets() {
        let cues = PartyCues::builtin()
            .unwrap()
            .with_world(super::super::world::shared().unwrap())
            .unwrap();
        let names = |text: &str| -> Vec<String> {
            company_names(text, &cues, true)
                .into_iter()
                .map(|(s, e)| text[s..e].to_owned())
                .collect()
        };
        for (text, want) in [
            // Short legal forms end a name when written as listed.
            (
                "between EGE AYAKKABI SANAYİ VE TİCARET A.Ş., a joint stock company",
                &["EGE AYAKKABI SANAYİ VE TİCARET A.Ş."][..],
            ),
            ("and Veoneer AB, a Swedish company", &["Veoneer AB"][..]),
            (
                "and Bank of America, N.A. (\"Bank\")",
                &["Bank of America, N.A."][..],
            ),
            (
                "by Morgan Stanley & Co. Incorporated",
                &["Morgan Stanley & Co. Incorporated"][..],
            ),
            ("such as milk ab initio", &[][..]),
            // A place and a legal form describe a party; they name none.
            (
                "Acme Holdings, Inc., a Florida Corporation",
                &["Acme Holdings, Inc."][..],
            ),
            (
                "XYZ LLC, a Nevada Limited Liability Company",
                &["XYZ LLC"][..],
            ),
            (
                "ACME, INC., A WHOLLY-OWNED CORPORATION",
                &["ACME, INC."][..],
            ),
            // Institutions named after a place, and the words after an institution.
            (
                "and The University of Iowa (\"University\")",
                &["The University of Iowa"][..],
            ),
            (
                "Northwest Institute of Light Alloy Research, a public research institute",
                &["Northwest Institute of Light Alloy Research"][..],
            ),
            // Clause numbers, contents entries, streets and quoted pieces.
            // A reference after a clause number is left to the party it refers to.
            ("3.2 The Institute shall deliver", &["The Institute"][..]),
            ("3.2 Northwest Institute shall deliver", &[][..]),
            ("AUDITS 33 13.1 Company", &[][..]),
            ("13 Article 12 Limited", &[][..]),
            ("located at 1600 University Drive, Lincoln", &[][..]),
            (
                "for the establishment of \"KazSino Light Alloys\" LLP",
                &[][..],
            ),
            (
                "HAS BEEN OMITTED BECAUSE ARTARA THERAPEUTICS, INC.",
                &["ARTARA THERAPEUTICS, INC."][..],
            ),
            (
                "Government Approvals The Institute shall",
                &["The Institute"][..],
            ),
        ] {
            assert_eq!(names(text), want, "{text}");
        }
    }

    #[test]
    fn a_state_before_a_postal_code_ends_an_address_not_a_name() {
        let names = |text: &str| -> Vec<String> {
            parties(&[text], "en").into_iter().map(|p| p.0).collect()
        };
        assert_eq!(
            names(
                "This Agreement is made between Sandpiper Hosting Inc., a Nevada corporation located at 12 Desert Way, Las Vegas, NV 89108 (\"Host\"), and Wren Media Corp. (\"Client\")."
            ),
            ["Sandpiper Hosting Inc.", "Wren Media Corp."]
        );
        // A two-letter form that no postal code follows still ends a name.
        assert_eq!(
            names(
                "This Agreement is made between Oranje Holding NV (\"Oranje\") and Wren Media Corp. (\"Client\")."
            ),
            ["Oranje Holding NV", "Wren Media Corp."]
        );
    }

    #[test]
    fn a_preambles_entries_name_parties_without_a_legal_form() {
        let names = |text: &str| -> Vec<String> {
            parties(&[text], "en").into_iter().map(|p| p.0).collect()
        };
        let cases: [(&str, &[&str]); 10] = [
            (
                "This Agreement is made by and between Acme Widgets Corporation, a Delaware corporation (\"Acme\"), and Jane Q. Doe (the \"Consultant\"), an individual residing in Boston.",
                &["Acme Widgets Corporation", "Jane Q. Doe"],
            ),
            (
                "This Licence is entered into between Northgate University, a public research university (\"University\") and Blue Fin Labs Inc. (\"Licensee\").",
                &["Northgate University", "Blue Fin Labs Inc."],
            ),
            (
                "THIS AGREEMENT is dated 1 May 2020 BETWEEN: (1) Harrow Media Holdings (registered number 0123) whose registered office is at 1 High Street, London (the Company) (2) PETER GREEN (the Executive).",
                &["Harrow Media Holdings", "PETER GREEN"],
            ),
            (
                "This Agreement is made by and among Harbor Municipal Income Fund, a Massachusetts business trust (the \"Fund\"), Harbor Capital Advisers (the \"Adviser\"), and the Agent.",
                &["Harbor Municipal Income Fund", "Harbor Capital Advisers"],
            ),
            // Roles and common words are no names; the list ends with its sentence.
            (
                "This Agreement is made between Company and Consultant (each a \"Party\"). The markets are: (1) Ohio; and (2) Texas (collectively \"Markets\").",
                &[],
            ),
            (
                "This Agreement is made between Kestrel Foods (\"Kestrel\"), a Texas partnership, and Lee Wong (\"Promoter\"), an individual. The markets are (1) Ohio (the \"Region\").",
                &["Kestrel Foods", "Lee Wong"],
            ),
            // A place alone, or a clause that opens with a lowercase word, names nobody.
            (
                "This Agreement is made between Tallis Software (\"Tallis\"), for services of Ann Lee (\"Artist\"), and Blue Lake Labs, located at 1 Main Street, Halle (Saale), Germany (\"Blue Lake\").",
                &["Tallis Software", "Blue Lake Labs"],
            ),
            // A numbered entry on its own line, and numbered entries in a table's cell.
            (
                "(2) ZHOU MINGYUAN (周明远), holder of Resident Identity Card No. 4403xxxx, residing in Shenzhen (the \"Consultant\")",
                &["ZHOU MINGYUAN"],
            ),
            (
                "| Parties | (1) Lakeview Data Co., Ltd. (\"Lakeview\"); (2) Birch Hill Capital (\"Birch Hill\"), acting for its funds | | Target | Spruce Labs (\"Target\") |",
                &["Lakeview Data Co., Ltd.", "Birch Hill Capital"],
            ),
            // A name its entry neither describes nor defines is not taken.
            (
                "Disputes between Morning Star and the Licensor shall be settled by arbitration.",
                &[],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(names(text), want, "{text}");
        }
    }

    #[test]
    fn companies_a_preamble_names_beside_its_parties_are_not_parties() {
        let cases: [(&[&str], &[&str]); 7] = [
            // The agent a party is reached through, the name it had before.
            (
                &[
                    "This Agreement is made between Orla Foods, Inc., 10 Main Street, Austin (\"Company\"), and Pike Sports, Inc. c/o Talent Partners, Inc., 4 Elm Road, Cleveland (\"Licensor\").",
                ],
                &["Orla Foods, Inc.", "Pike Sports, Inc."],
            ),
            (
                &[
                    "This Agreement is made by and between Harbour Tanks, L.P. (f/k/a Quay Storage, LLC), a Delaware limited partnership (\"Owner\"), and Reed Oil, LLC, a Delaware limited liability company (\"Operator\").",
                ],
                &["Harbour Tanks, L.P.", "Reed Oil, LLC"],
            ),
            // The issuer of the securities a joint filing is about.
            (
                &[
                    "The undersigned hereby agree to the joint filing of Alder Fund I, L.P. and Alder Capital GP, LLC of any filing with respect to securities of Marlow Biosciences, Inc., a Delaware corporation.",
                ],
                &["Alder Fund I, L.P.", "Alder Capital GP, LLC"],
            ),
            // The parties of the earlier agreement this one amends.
            (
                &[
                    "This Amendment is made by and among Fjord Brakes AB, a Swedish corporation (\"Fjord\"), and Sakura Kogyo Co., Ltd., a Japanese corporation (\"Sakura\"), as an amendment to that certain Agreement dated 1 March 2016 by and among Elder Safety Inc. (\"Elder\") and Sakura.",
                ],
                &["Fjord Brakes AB", "Sakura Kogyo Co., Ltd."],
            ),
            // A disclaimer's `THE COMPANY`, a table of contents' line and a run broken by a
            // redaction mark name nobody.
            (
                &[
                    "INFORMATION MARKED [***] HAS BEEN OMITTED BECAUSE IT WOULD CAUSE HARM TO THE COMPANY IF DISCLOSED.",
                    "17.E. FORMATION OF A CORPORATION..........46",
                    "C. The fee for the Production Session [*Should Company decide not to hold it] is waived.",
                    "This Agreement is made between Birch Mills, Inc., a Utah corporation (\"Supplier\"), and Cedar Foods, LLC, an Ohio limited liability company (\"Buyer\").",
                ],
                &["Birch Mills, Inc.", "Cedar Foods, LLC"],
            ),
            // A running footer repeated on every page is no party.
            (
                &[
                    "This Agreement is made between Birch Mills, Inc., a Utah corporation (\"Supplier\"), and Cedar Foods, LLC, an Ohio limited liability company (\"Buyer\").",
                    "[Larch Holdings, Inc. - Supply Agreement]",
                    "1. Supply. Supplier shall supply the Products.",
                    "[Larch Holdings, Inc. - Supply Agreement]",
                    "2. Price. Buyer shall pay the Price.",
                    "[Larch Holdings, Inc. - Supply Agreement]",
                ],
                &["Birch Mills, Inc.", "Cedar Foods, LLC"],
            ),
            // An entry opens after the previous entry's postal code; a French economic
            // interest grouping has its own legal form.
            (
                &[
                    "This Agreement is made by and between Grove Labs, Ltd (hereinafter the \"Company\"), a Delaware corporation whose address is 5 First Ave, Tampa, FL 33701 and Maria Lopez (hereinafter the \"Consultant\"), an individual.",
                ],
                &["Grove Labs, Ltd", "Maria Lopez"],
            ),
        ];
        for (texts, want) in cases {
            assert_eq!(names(texts), want, "{texts:?}");
        }
        assert_eq!(
            names(&[
                "MAINTENANCE AGREEMENT",
                "Between",
                "AEROLINHAS SUL S/A (as Company)",
                "and",
                "AVIONS MARTIN, G.I.E. (as Repairer)",
            ]),
            ["AEROLINHAS SUL S/A", "AVIONS MARTIN, G.I.E."]
        );
    }

    #[test]
    fn a_name_on_the_line_after_its_role_and_bracketed_places_are_read_whole() {
        // The name on the line after its role; `and` inside a trade.
        assert_eq!(
            names(&[
                "COOPERATION AGREEMENT",
                "Party A:",
                "Beijing Lanting Netcom Science and Technology Co., Ltd.",
                "Address:",
                "Haidian District, Beijing",
                "Party B:",
                "Harbour Online Housing (Shenzhen) Co., Ltd.",
                "Address:",
                "Nanshan District, Shenzhen",
            ]),
            [
                "Beijing Lanting Netcom Science and Technology Co., Ltd.",
                "Harbour Online Housing (Shenzhen) Co., Ltd."
            ]
        );
        // A bracketed abbreviation is part of the name.
        assert_eq!(
            names(&[
                "This Agreement is made between Gull Investments II (U.S.), Ltd., a Cayman Islands company (\"Gull\"), and Cedar Foods, LLC, an Ohio limited liability company (\"Buyer\")."
            ]),
            ["Gull Investments II (U.S.), Ltd.", "Cedar Foods, LLC"]
        );
    }

    #[test]
    fn a_role_word_before_a_colon_in_running_text_labels_no_party() {
        let names = names_in(
            &[
                "This Agreement is made between Birch Mills, Inc., a Utah corporation (\"Supplier\"), and Cedar Foods, LLC, an Ohio limited liability company (\"Customer\").",
                "4. Fees. Customer shall pay Developer: 20% deposit at the start of the project.",
                "9.5 Supplier will defend Customer, provided that Distributor: (i) gives prompt notice; and (ii) cooperates.",
                "Party A: /s/ Lakeview Data Co., Ltd.",
            ],
            "en",
        );
        assert_eq!(
            names,
            [
                "Birch Mills, Inc.",
                "Cedar Foods, LLC",
                "Lakeview Data Co., Ltd."
            ]
        );
    }

    #[test]
    fn parties_with_different_letters_are_not_merged_by_a_shared_role() {
        let names = names_in(
            &[
                "技术开发（合作）合同",
                "委托方暨合作方（甲方）：宁波某某科技有限公司",
                "住所地：浙江省宁波市",
                "合作方（乙方）：浙江某某大学",
                "住所地：浙江省杭州市",
            ],
            "zh",
        );
        assert_eq!(names, ["宁波某某科技有限公司", "浙江某某大学"]);
    }

    #[test]
    fn a_plant_and_the_particle_suo_are_no_parties() {
        let names = names_in(
            &[
                "技术许可合同",
                "甲方：上海某某科技有限公司",
                "乙方：Acme GmbH",
                "甲方拟建设一座年产两万吨的卤水提锂工厂，乙方有权在大韩民国蔚山工厂使用许可技术。",
                "甲方向乙方提供研究所需的原料，天津化工厂为甲方供应试剂。",
            ],
            "zh",
        );
        assert_eq!(names, ["上海某某科技有限公司", "Acme GmbH", "天津化工厂"]);
    }

    #[test]
    fn a_bracket_inside_a_description_does_not_end_it() {
        // `(credit code …) and having its office at …`: the description goes on past the
        // bracket, and the short name at its end belongs to this party.
        let got = parties(
            &[
                "THIS AGREEMENT is made BETWEEN (1) Merlion Engineering Pte. Ltd., a company incorporated in Singapore (\"MCE\"); and (2) Wuxi Taihu Software Co., Ltd., a company incorporated in the People's Republic of China (unified social credit code 91320214MA1XQ7R23B) and having its office at 999 Linghu Avenue, Wuxi, Jiangsu (\"Developer\").",
            ],
            "en",
        );
        let names: Vec<(&str, &[String])> = got
            .iter()
            .map(|(n, _, _, a)| (n.as_str(), a.as_slice()))
            .collect();
        assert_eq!(
            names,
            [
                ("Merlion Engineering Pte. Ltd.", &["MCE".to_owned()][..]),
                (
                    "Wuxi Taihu Software Co., Ltd.",
                    &["Developer".to_owned()][..]
                ),
            ]
        );
    }

    #[test]
    fn a_templates_blank_for_a_partys_name_is_that_party() {
        let got = parties(
            &[
                "This Agreement is made between (1) SHENZHEN EXAMPLE CO., LTD., a company incorporated under the laws of the People's Republic of China (the \"Company\"); and (2) [NAME OF CUSTOMER], a company incorporated under the laws of [JURISDICTION], with its registered office at [ADDRESS] (the \"Customer\").",
            ],
            "en",
        );
        let names: Vec<(&str, Region, &[String])> = got
            .iter()
            .map(|(n, r, _, a)| (n.as_str(), *r, a.as_slice()))
            .collect();
        assert_eq!(
            names,
            [
                (
                    "SHENZHEN EXAMPLE CO., LTD.",
                    Region::Mainland,
                    &["Company".to_owned()][..]
                ),
                (
                    "[NAME OF CUSTOMER]",
                    Region::Unknown,
                    &["Customer".to_owned()][..]
                ),
            ]
        );
        assert!(
            placeholder_parties("governed by the laws of [JURISDICTION] and [ADDRESS]").is_empty()
        );
    }

    #[test]
    fn chinese_role_lines_give_parties() {
        let got = parties(
            &[
                "技术转让合同",
                "甲方：上海某某科技有限公司",
                "地址：上海市徐汇区",
                "乙方：Acme GmbH",
                "住所：德国慕尼黑",
            ],
            "zh",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, "上海某某科技有限公司");
        assert_eq!(got[0].1, Region::Mainland);
        assert_eq!(got[0].2.as_deref(), Some("甲方"));
        assert_eq!(got[1].0, "Acme GmbH");
        assert_eq!(got[1].1, Region::Foreign);
    }

    #[test]
    fn a_signatory_or_addressee_label_is_no_party() {
        let names = names_in(
            &[
                "技术服务合同",
                "甲方：上海某某科技有限公司",
                "乙方：Acme GmbH",
                "授权签字人：王某",
                "收件人：梁某 <liang@example.cn>",
            ],
            "zh",
        );
        assert_eq!(names, ["上海某某科技有限公司", "Acme GmbH"]);
    }

    #[test]
    fn a_name_particle_joins_a_name_and_one_name_under_two_roles_is_one_party() {
        assert_eq!(
            names(&[
                "This Agreement is made between Sabores do Rio Restauracao, Limitada (\"Franchisee\") and Orbitale Materiaux S.a r.l. (\"Company\")."
            ]),
            [
                "Sabores do Rio Restauracao, Limitada",
                "Orbitale Materiaux S.a r.l."
            ]
        );
        let got = parties(
            &[
                "專利讓與契約書",
                "讓與人：廈門示例半導體科技有限公司",
                "受讓人：新竹示例電子股份有限公司",
                "甲方：廈門示例半導體科技有限公司",
                "乙方：新竹示例電子股份有限公司",
            ],
            "zh",
        );
        let rows: Vec<(&str, Option<&str>, &[String])> = got
            .iter()
            .map(|p| (p.0.as_str(), p.2.as_deref(), p.3.as_slice()))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "廈門示例半導體科技有限公司",
                    Some("讓與人"),
                    &["甲方".to_owned()][..]
                ),
                (
                    "新竹示例電子股份有限公司",
                    Some("受讓人"),
                    &["乙方".to_owned()][..]
                ),
            ]
        );
    }

    #[test]
    fn a_short_name_given_after_the_preamble_binds_to_the_party_named_before_it() {
        let party = |name: &str, role: &str| Party {
            name: name.to_owned(),
            role: Some(role.to_owned()),
            ..Party::default()
        };
        let mut got = [
            party("Jinan Example Communication Co., Ltd.", "Party A"),
            party("Formosa Example Networks Co., Ltd.", "Party B"),
        ];
        let segments = segs(&[
            "Party A is hereinafter also referred to as \"QuantumLink\" and Party B as \"FPN\".",
            "Party A shall deliver the Documentation (the \"Package\") to Party B.",
        ]);
        bind_short_names(&mut got, &segments);
        let aliases: Vec<Vec<&str>> = got
            .iter()
            .map(|p| p.aliases.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(aliases, [vec!["QuantumLink"], vec!["FPN"]]);
    }

    #[test]
    fn a_name_starts_after_a_bar_glued_to_a_title() {
        let cues = PartyCues::builtin()
            .unwrap()
            .with_world(super::super::world::shared().unwrap())
            .unwrap();
        let text = "Trần Minh Tuấn｜副总经理｜Sơn Hà Ceramics JSC";
        let got: Vec<&str> = company_names(text, &cues, false)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(got, ["Sơn Hà Ceramics JSC"]);
        // Relations and roles in prose name no company.
        let text = "但甲方的控股子公司、全资子公司和关联公司除外，由设备提供厂负责。";
        assert!(company_names(text, &cues, false).is_empty());
    }

    #[test]
    fn a_signature_line_for_a_party_names_that_party() {
        let got = names(&[
            "This Agreement is made between Lakeview Data Co., Ltd. (\"Lakeview\") and Birch Mills, Inc. (\"Birch\").",
            "For Lakeview Data Co., Ltd.            For Birch Mills, Inc.",
        ]);
        assert_eq!(got, ["Lakeview Data Co., Ltd.", "Birch Mills, Inc."]);
    }

    #[test]
    fn chinese_template_parties_with_jianchen() {
        let got = parties(
            &[
                "在_注册成立的_公司(以下简称甲方)和中国_公司(以下简称乙方)、签订本合同",
                "1.应甲方邀请,乙方派遣工程师赴_(甲方国名)。",
            ],
            "zh",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].1, Region::Foreign, "{got:?}");
        assert_eq!(got[1].1, Region::Mainland, "{got:?}");
    }

    #[test]
    fn blank_chinese_domestic_template_is_presumed_mainland() {
        let got = parties(
            &["转让单位,_,以下简称甲方;", "受让单位,_,以下简称乙方."],
            "zh",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got.iter().all(|p| p.1 == Region::Mainland), "{got:?}");
    }

    #[test]
    fn joint_venture_description_belongs_to_the_party_before_it() {
        let got = parties(
            &[
                "__有限公司(以下简称甲方)系中美合资经营企业,现聘用__先生/女士(以下简称乙方)为合营企业职工。",
                "劳动合同",
            ],
            "zh",
        );
        let jia = got.iter().find(|p| p.2.as_deref() == Some("甲方")).unwrap();
        let yi = got.iter().find(|p| p.2.as_deref() == Some("乙方")).unwrap();
        assert_eq!(
            (jia.1, yi.1),
            (Region::Mainland, Region::Mainland),
            "{got:?}"
        );
    }

    #[test]
    fn a_conditional_foreign_case_marks_no_foreign_party() {
        assert!(!marks_foreign(
            "第十九条 甲、乙一方或双方为境外组织或个人的，本合同应经公证。"
        ));
        assert!(marks_foreign("补偿贸易设备进口合同"));
        assert!(marks_foreign("乙方：×国××公司"));
    }

    #[test]
    fn a_role_word_no_party_answers_to_is_reported() {
        let cues = PartyCues::builtin().unwrap();
        let party = |name: &str, role: &str| Party {
            name: name.to_owned(),
            role: Some(role.to_owned()),
            ..Party::default()
        };
        let clause = |text: &str, paragraph: u32| crate::model::Clause {
            segment: 0,
            kind: crate::model::ClauseKind::Licence,
            text: text.to_owned(),
            location: Location {
                paragraph: Some(paragraph),
                ..Location::default()
            },
            outbound: false,
            direction: crate::model::Direction::Unclear,
            giver: None,
            receiver: None,
            confidence: 0.5,
            rules: Vec::new(),
            defined_terms: Vec::new(),
            parallel: None,
            ocr: None,
        };
        let parties = [
            party("Acme Inc.", "Licensor"),
            party("深圳某某有限公司", "被许可方"),
        ];
        let clauses = [
            clause(
                "The Licensor grants the Distributor and any sub-licensee a licence.",
                3,
            ),
            clause(
                "许可方向被许可方提供技术资料；the Distributor shall pay.",
                5,
            ),
        ];
        let got: Vec<(String, Option<u32>, u32)> = unresolved_mentions(&clauses, &parties, &cues)
            .into_iter()
            .map(|m| (m.text, m.location.paragraph, m.clauses))
            .collect();
        assert_eq!(
            got,
            [
                ("Distributor".to_owned(), Some(3), 2),
                ("许可方".to_owned(), Some(5), 1),
            ]
        );
    }

    #[test]
    fn the_party_table_traces_kind_and_seat_to_quotes() {
        let cues = PartyCues::builtin()
            .unwrap()
            .with_world(super::super::world::shared().unwrap())
            .unwrap();
        let table = |texts: &[&str], lang: &str| -> Vec<(String, String, String, Vec<String>)> {
            find(&segs(texts), &cues, lang)
                .into_iter()
                .map(|p| {
                    let evidence = p
                        .seat_evidence
                        .iter()
                        .map(|e| format!("{} {}", e.basis.as_str(), e.quote))
                        .collect();
                    (
                        p.name,
                        p.kind.as_str().to_owned(),
                        p.seat.display(),
                        evidence,
                    )
                })
                .collect()
        };
        let row = |name: &str, kind: &str, seat: &str, evidence: &[&str]| {
            (
                name.to_owned(),
                kind.to_owned(),
                seat.to_owned(),
                evidence.iter().map(|e| (*e).to_owned()).collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            table(
                &[
                    "This Agreement is made between Beta Inc., a Delaware corporation (\"Beta\"), and Shanghai Acme Co., Ltd., a company organized under the laws of the People's Republic of China (the \"Licensor\")."
                ],
                "en"
            ),
            [
                row(
                    "Beta Inc.",
                    "company",
                    "Delaware, United States",
                    &["incorporation-adjective a Delaware corporation"]
                ),
                // The region comes from the words after the name; the city in the name is
                // not taken for the seat.
                row(
                    "Shanghai Acme Co., Ltd.",
                    "company",
                    "China",
                    &[
                        "laws-of a company organized under the laws of the People's Republic of China"
                    ]
                ),
            ]
        );
        // A template that leaves the foreign party's country blank: blank, and no country.
        let got = table(
            &[
                "在_注册成立的_公司(以下简称甲方)和中国_公司(以下简称乙方)、签订本合同",
                "1.应甲方邀请,乙方派遣工程师赴_(甲方国名)。",
            ],
            "zh",
        );
        assert_eq!(got[0].2, "blank in template", "{got:?}");
        assert_eq!(got[0].3, ["template-blank 甲方国名"], "{got:?}");
        assert_eq!(got[1].2, "blank in template (China)", "{got:?}");
    }
}
