//! Text-quality check of one extracted page: does the text look like something a person
//! wrote, or like the debris of a font without a usable Unicode mapping?
//!
//! It owns the counting (replacement characters, private-use code points, `(cid:NNN)` runs
//! left by other tools, control characters, characters no contract is written in) and the
//! verdict. It never sees fonts or positions, and it does not word warnings beyond the
//! reason in parentheses: `mod.rs` prefixes the page and appends the marker the risk stage
//! looks for.

/// Fewest non-space characters before a page's character mix is judged at all.
const MIN_CHARS: usize = 12;

/// Character counts of a page's text.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Counts {
    /// Non-whitespace characters.
    pub(super) chars: usize,
    /// U+FFFD.
    pub(super) replacement: usize,
    /// Private-use code points (BMP and the supplementary private-use planes).
    pub(super) private: usize,
    /// `(cid:` runs.
    pub(super) cid_runs: usize,
    /// C0/C1 control characters other than whitespace.
    pub(super) control: usize,
    /// Characters outside the scripts and symbols contracts are written in.
    pub(super) odd: usize,
    /// Accented Latin-1 letters (À–ÿ): normal in moderation, a sign of a wrong charset in
    /// bulk.
    pub(super) accented: usize,
}

impl Counts {
    pub(super) fn of(text: &str) -> Counts {
        let mut c = Counts {
            cid_runs: text.matches("(cid:").count(),
            ..Counts::default()
        };
        for ch in text.chars().filter(|ch| !ch.is_whitespace()) {
            c.chars += 1;
            match ch {
                '\u{FFFD}' => c.replacement += 1,
                '\u{E000}'..='\u{F8FF}' | '\u{F0000}'.. => c.private += 1,
                _ if ch.is_control() => c.control += 1,
                'À'..='ÿ' if ch != '×' && ch != '÷' => c.accented += 1,
                _ if !plausible(ch) => c.odd += 1,
                _ => {}
            }
        }
        c
    }

    /// Why the page's text cannot be trusted, or `None` when it reads as text.
    pub(super) fn verdict(&self) -> Option<String> {
        // A few stray symbols are normal; a tenth of the page is not.
        let share = |n: usize| n * 10 >= self.chars.max(1);
        let mut reasons = Vec::new();
        if self.replacement > 0 && (share(self.replacement) || self.replacement >= 20) {
            reasons.push(format!("{} replacement characters", self.replacement));
        }
        if self.private > 0 && (share(self.private) || self.private >= 20) {
            reasons.push(format!("{} private-use code points", self.private));
        }
        if self.cid_runs >= 3 {
            reasons.push(format!("{} (cid:…) runs", self.cid_runs));
        }
        if self.control > 0 && share(self.control) {
            reasons.push(format!("{} control characters", self.control));
        }
        // Text decoded through the wrong charset is mostly Latin-1 accents and symbols.
        let accented = if self.accented * 4 >= self.chars {
            self.accented
        } else {
            0
        };
        let suspect = self.odd + accented;
        if self.chars >= MIN_CHARS && suspect * 10 >= self.chars * 3 {
            reasons.push(format!(
                "implausible character mix: {suspect} of {} characters",
                self.chars
            ));
        }
        (!reasons.is_empty()).then(|| reasons.join(", "))
    }
}

/// Whether a character is one contracts are written in: ASCII, general and CJK punctuation,
/// the letters of the world's major scripts (but not the Latin-1 symbols that mis-decoded
/// GBK turns into; accented Latin-1 letters are weighed by the caller), CJK ideographs,
/// kana, hangul, full-width forms, and common symbols (currency, arrows, math, box drawing,
/// enclosed numbers).
fn plausible(ch: char) -> bool {
    matches!(ch,
        ' '..='~'
        // Latin-1 signs contracts use.
        | '§' | '©' | '®' | '°' | '±' | '·' | '«' | '»' | '¶' | '×' | '÷' | '£' | '¥' | '€' | '¢'
        | '\u{A0}' | '\u{AD}'
        // Latin Extended, combining accents, Greek, Cyrillic, Hebrew, Arabic, Indic, Thai.
        | '\u{0100}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' | '\u{0300}'..='\u{036F}'
        | '\u{0370}'..='\u{04FF}' | '\u{0590}'..='\u{06FF}' | '\u{0750}'..='\u{077F}'
        | '\u{0900}'..='\u{0E7F}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'
        // Punctuation, super/subscripts, currency, letterlike, arrows, math, enclosed
        // numbers, box drawing, shapes, dingbats.
        | '\u{2000}'..='\u{20CF}' | '\u{2100}'..='\u{23FF}' | '\u{2460}'..='\u{27BF}'
        // CJK radicals to unified ideographs, hangul, compatibility ideographs, ligatures,
        // vertical and full-width forms, CJK extensions B–G.
        | '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FB00}'..='\u{FB06}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3134F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_english_and_chinese_pass() {
        for text in [
            "1.1 The Licensor grants the Licensee a non-exclusive licence — see § 3 (€ 5,000).",
            "第一条 甲方同意将其拥有的专利技术许可乙方使用，许可费为人民币伍万元。",
            "Société Générale: crédit à l'exportation, Straße, año.",
            "اتفاقية ترخيص التكنولوجيا بين الطرفين",
            "page",
        ] {
            assert_eq!(Counts::of(text).verdict(), None, "{text}");
        }
    }

    #[test]
    fn debris_of_missing_unicode_mappings_is_garbled() {
        let cases = [
            (
                "\u{FFFD}\u{FFFD}\u{FFFD} licence \u{FFFD}\u{FFFD}",
                "replacement",
            ),
            ("\u{E001}\u{E002}\u{E003}\u{E004} technology", "private-use"),
            ("(cid:12)(cid:34)(cid:56)(cid:78)", "(cid:…) runs"),
            // GBK bytes of 技术转让合同 read as WinAnsi.
            ("¼¼Êõ×ªÈÃºÏÍ¬ ¼¼Êõ×ªÈÃºÏÍ¬", "implausible character mix"),
        ];
        for (text, reason) in cases {
            let verdict = Counts::of(text).verdict();
            assert!(
                verdict.as_deref().is_some_and(|v| v.contains(reason)),
                "{text}: {verdict:?}"
            );
        }
    }

    #[test]
    fn a_stray_symbol_on_a_long_page_is_not_garbled() {
        let text = format!(
            "{} \u{FFFD} \u{E000}",
            "The Licensee shall pay. ".repeat(20)
        );
        assert_eq!(Counts::of(&text).verdict(), None);
    }
}
