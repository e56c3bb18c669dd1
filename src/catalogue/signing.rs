//! Finds the signing or effective date of a contract, which decides the catalogue edition
//! under `--as-of signing`.
//!
//! A date counts only next to a cue: before it "dated (as of)", "made (on|as of)",
//! "entered into (on|as of)", "Effective Date", "effective as of", "signed on",
//! "executed on", "签订日期", "签署日期", "签约日期", "生效日期", or a block that starts with
//! "Date:" / "日期：" (signature blocks); after it, within a few characters, "签订",
//! "签署", "签字", "订立" or "生效" ("本合同于2025年4月8日在北京签订"). Date forms: "March 14,
//! 2025", "14 March 2025", "the 14th day of March, 2025", "2025-03-14", "2025/3/14",
//! "2025年4月8日" (spaces allowed; traditional characters and full-width digits are folded
//! first). The first cued date in document order wins.
//!
//! Signature blocks get two more chances, because many contracts carry their date only
//! there: inside a block with a signature label ("By:", "Name:", "Title:", "Signature",
//! "签字", "盖章", "授权代表" …) a "Date:" / "日期：" label anywhere before the date counts
//! ("Title: CEO  Date: 12 March 2021"); and when no cued date is found at all, a *bare*
//! date — a block that is nothing but a date ("12 March 2021", "2021年3月12日") — within a
//! few blocks after a signature label is taken as the signing date. This module reads
//! text; it never decides which edition applies.

use super::edition::is_valid_date;
use crate::extract::normalize::{is_cjk, normalize};
use crate::fold::fold;

/// A date found in a contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningDate {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The text the date was read from, as written (`dated as of March 14, 2025`).
    pub evidence: String,
}

/// Cues that precede a signing or effective date (lowercase; matched in the 40 bytes
/// before the date).
const BEFORE: &[&str] = &[
    "dated as of",
    "dated",
    "made on",
    "made as of",
    "made this",
    "entered into this",
    "entered into on",
    "entered into as of",
    "effective date",
    "effective as of",
    "signed on",
    "executed on",
    "date of signing",
    "signing date",
    "签订日期",
    "签署日期",
    "签约日期",
    "签订时间",
    "签署时间",
    "生效日期",
];

/// Cues that follow a date in Chinese ("于2025年4月8日在北京签订").
const AFTER: &[&str] = &["签订", "签署", "签字", "订立", "生效"];

/// Block openings that make the first date of the block a signing date.
const LEADING: &[&str] = &["date:", "date of signature:", "日期:", "签字日期:"];

/// Labels that mark a signature block (matched in the lowercased, folded block).
const SIGNATURE_LABELS: &[&str] = &[
    "by:",
    "name:",
    "title:",
    "signature",
    "signed:",
    "for and on behalf of",
    "in witness whereof",
    "authorized representative",
    "authorised representative",
    "签字",
    "签名",
    "签章",
    "盖章",
    "授权代表",
    "法定代表人",
];

/// Date labels that count anywhere before a date inside a signature block.
const SIGNATURE_DATE_LABELS: &[&str] = &["date:", "dated:", "日期:"];

/// How many blocks after a signature label a bare date line still belongs to the block.
const SIGNATURE_REACH: usize = 6;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Finds the first cued signing or effective date in the texts (blocks in document order);
/// failing that, the first bare date line of a signature block.
pub fn find_signing_date<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<SigningDate> {
    let mut bare: Option<SigningDate> = None;
    // Blocks since the last signature label (`None`: no signature block seen yet).
    let mut since_signature: Option<usize> = None;
    for text in texts {
        let text = fold(&normalize(text)).into_owned();
        let lower = lowercase(&text);
        let signature = SIGNATURE_LABELS.iter().any(|l| lower.contains(l));
        if let Some(found) = find_in_block(&text, &lower, signature) {
            return Some(found);
        }
        since_signature = if signature {
            Some(0)
        } else {
            since_signature.map(|n| n + 1)
        };
        if bare.is_none() && since_signature.is_some_and(|n| n <= SIGNATURE_REACH) {
            bare = bare_date(&text);
        }
    }
    bare
}

/// Lowercase with unchanged byte offsets (`to_lowercase` can change byte lengths outside
/// ASCII; ASCII folding is used then).
fn lowercase(text: &str) -> String {
    let lower = text.to_lowercase();
    if lower.len() == text.len() {
        lower
    } else {
        text.to_ascii_lowercase()
    }
}

/// A block that is nothing but a date (with at most a trailing period).
fn bare_date(text: &str) -> Option<SigningDate> {
    let tokens = tokenize(text);
    let (date, end) = date_at(&tokens, 0)?;
    let rest = text[tokens[end].end..].trim_matches(|c: char| c.is_whitespace() || c == '.');
    let head = text[..tokens[0].start].trim_matches(|c: char| c.is_whitespace());
    (rest.is_empty() && head.is_empty()).then(|| SigningDate {
        date,
        evidence: text.trim().to_owned(),
    })
}

fn find_in_block(text: &str, lower: &str, signature: bool) -> Option<SigningDate> {
    let leading = {
        let start = lower.trim_start();
        LEADING.iter().any(|c| start.starts_with(c))
    };
    let tokens = tokenize(text);
    for (n, _) in tokens.iter().enumerate() {
        let Some((date, end)) = date_at(&tokens, n) else {
            continue;
        };
        let start = tokens[n].start;
        let before = window_before(lower, start, 40);
        let after = window_after(text, tokens[end].end, 12);
        let cued = leading
            || BEFORE.iter().any(|c| before.contains(c))
            || (signature && SIGNATURE_DATE_LABELS.iter().any(|c| before.contains(c)))
            || AFTER.iter().any(|c| after.contains(c));
        if cued {
            let from = floor_char(text, start.saturating_sub(before.len()));
            return Some(SigningDate {
                date,
                evidence: text[from..tokens[end].end].trim().to_owned(),
            });
        }
        if leading {
            break;
        }
    }
    None
}

/// A token: a run of ASCII letters and digits, or one CJK character.
struct Token<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut run: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_ascii_alphanumeric() {
            run.get_or_insert(i);
            continue;
        }
        if let Some(s) = run.take() {
            out.push(Token {
                text: &text[s..i],
                start: s,
                end: i,
            });
        }
        if is_cjk(c) {
            out.push(Token {
                text: &text[i..i + c.len_utf8()],
                start: i,
                end: i + c.len_utf8(),
            });
        }
    }
    if let Some(s) = run {
        out.push(Token {
            text: &text[s..],
            start: s,
            end: text.len(),
        });
    }
    out
}

/// A date starting at token `n`: (`YYYY-MM-DD`, index of its last token).
#[allow(clippy::many_single_char_names)]
fn date_at(tokens: &[Token<'_>], n: usize) -> Option<(String, usize)> {
    let t = |k: usize| tokens.get(n + k).map(|t| t.text.to_ascii_lowercase());
    let ymd = |y: u32, m: u32, d: u32, last: usize| {
        let date = format!("{y:04}-{m:02}-{d:02}");
        ((1980..=2100).contains(&y) && is_valid_date(&date)).then_some((date, n + last))
    };
    let first = t(0)?;
    // 2025年4月8日
    if let (Some(y), Some("年"), Some(m), Some("月"), Some(d), Some("日")) = (
        year(&first),
        t(1).as_deref(),
        number(&t(2)?),
        t(3).as_deref(),
        t(4).and_then(|d| number(&d)),
        t(5).as_deref(),
    ) {
        return ymd(y, m, d, 5);
    }
    // March 14, 2025
    if let Some(m) = month(&first) {
        let d = day(&t(1)?)?;
        let y = year(&t(2)?)?;
        return ymd(y, m, d, 2);
    }
    // 2025-03-14, 2025/3/14
    if let Some(y) = year(&first) {
        let m = number(&t(1)?)?;
        let d = number(&t(2)?)?;
        return ymd(y, m, d, 2);
    }
    // 14 March 2025, the 14th day of March, 2025
    let d = day(&first)?;
    let mut k = 1;
    if t(1).as_deref() == Some("day") && t(2).as_deref() == Some("of") {
        k = 3;
    }
    let m = month(&t(k)?)?;
    let y = year(&t(k + 1)?)?;
    ymd(y, m, d, k + 1)
}

fn number(t: &str) -> Option<u32> {
    (t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

fn year(t: &str) -> Option<u32> {
    (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

fn day(t: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| t.strip_suffix(s))
        .unwrap_or(t);
    number(digits).filter(|d| (1..=31).contains(d))
}

fn month(t: &str) -> Option<u32> {
    let t = t.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|m| *m == t || ((t.len() == 3 || t == "sept") && m.starts_with(t)))
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn window_before(text: &str, end: usize, bytes: usize) -> &str {
    let end = floor_char(text, end.min(text.len()));
    let start = floor_char(text, end.saturating_sub(bytes));
    &text[start..end]
}

fn window_after(text: &str, start: usize, chars: usize) -> &str {
    let start = floor_char(text, start.min(text.len()));
    let end = text[start..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| start + i);
    &text[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signing_dates_are_found_in_english_and_chinese() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "This Licence Agreement is dated as of March 14, 2025 between A and B.",
                Some("2025-03-14"),
            ),
            (
                "This Agreement is made on 14 March 2025 by and between",
                Some("2025-03-14"),
            ),
            (
                "made and entered into this 3rd day of July, 2019",
                Some("2019-07-03"),
            ),
            (
                "entered into as of the 3rd day of July, 2019 by",
                Some("2019-07-03"),
            ),
            ("Effective Date: 1 April 2021", Some("2021-04-01")),
            ("\"Effective Date\" means 2023-12-20.", Some("2023-12-20")),
            ("签订日期：2025年4月8日", Some("2025-04-08")),
            ("簽訂日期：２０２３年１２月２１日", Some("2023-12-21")),
            ("本合同于 2025 年 4 月 8 日在北京签订。", Some("2025-04-08")),
            ("日期：2020 年 8 月 27 日", Some("2020-08-27")),
            ("Date: Sept. 5, 2022", Some("2022-09-05")),
            (
                "The Licensee shall pay within 30 days after March 14, 2025.",
                None,
            ),
            ("专利申请日为2019年1月1日。", None),
            ("dated as of February 30, 2025", None),
        ];
        for (text, want) in cases {
            let got = find_signing_date([*text]).map(|d| d.date);
            assert_eq!(got.as_deref(), *want, "text: {text}");
        }
    }

    #[test]
    fn signature_block_dates_are_found() {
        // (blocks in document order, expected date)
        let cases: &[(&[&str], Option<&str>)] = &[
            (
                &["By: ______", "Name: Li Wei", "Title: CEO", "12 March 2021"],
                Some("2021-03-12"),
            ),
            (
                &["Name: Li Wei   Title: CEO   Date: 12 March 2021"],
                Some("2021-03-12"),
            ),
            (
                &[
                    "甲方（盖章）：深圳示例科技有限公司",
                    "授权代表（签字）：",
                    "2021年3月12日",
                ],
                Some("2021-03-12"),
            ),
            (
                &["乙方授权代表（签字）：张三 日期：2021年3月12日"],
                Some("2021-03-12"),
            ),
            (&["签订日期：2021年3月12日"], Some("2021-03-12")),
            (
                &["This Agreement shall be effective as of 1 July 2020."],
                Some("2020-07-01"),
            ),
            // A bare date line far from any signature label, or a delivery date in a
            // body clause, is not a signing date.
            (&["Schedule 2", "12 March 2021"], None),
            (&["Delivery date: 12 March 2021"], None),
            (
                &[
                    "IN WITNESS WHEREOF",
                    "a",
                    "b",
                    "c",
                    "d",
                    "e",
                    "f",
                    "g",
                    "12 March 2021",
                ],
                None,
            ),
            // A cued date anywhere beats a bare date line of a signature block.
            (
                &["By: ____", "1 May 2020", "Effective Date: 2 June 2020"],
                Some("2020-06-02"),
            ),
        ];
        for (blocks, want) in cases {
            let got = find_signing_date(blocks.iter().copied()).map(|d| d.date);
            assert_eq!(got.as_deref(), *want, "blocks: {blocks:?}");
        }
    }

    #[test]
    fn the_first_cued_date_in_document_order_wins_with_its_evidence() {
        let found = find_signing_date([
            "Patent filed on 2 May 2018.",
            "This Agreement is made on 14 March 2025.",
            "签订日期：2021年4月8日",
        ]);
        assert_eq!(
            found,
            Some(SigningDate {
                date: "2025-03-14".to_owned(),
                evidence: "This Agreement is made on 14 March 2025".to_owned(),
            })
        );
    }
}
