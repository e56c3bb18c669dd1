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

/// Fewest CJK unified ideographs before their mix is judged.
const MIN_HAN: usize = 40;

/// About 500 of the most frequent Chinese characters (plus contract words: 甲乙方款协),
/// sorted by code point. They make up 69–82 % of the ideographs of every Chinese corpus
/// contract, but about 7 % of ideographs drawn at random from Adobe-GB1 — what a CID font
/// read through the wrong collection or glyph order yields.
const COMMON_HAN: &str = concat!(
    "一七万三上下不与专且世业东两个中为主么义之乐乙九也书了争事二于五些交产京亲人什今",
    "从他代令以们件任众会传似但位住体何作你使便保信倒候做像儿元先光克党入全八公六共关",
    "兵其内再写军决冷准几出分切则利别到制前剑力办功加务动包化北区十千半华协单南即却历",
    "原去又及友双反发取受变口只叫可台史司吃各合同名后向听告员呢周命和品哪商喜四回因团",
    "国在地场坐城域基士声处外多大天太夫失头女她好如始委子字学孩它安完官定宝实家容对导",
    "将小少就尽局展山工己已市布师带常干平年并广应府度建开式弟张强当形影往很得微德心必",
    "志快怎怕思性总息情想意感成我或战房所手才打找技把报拉拿持指据接提收改放政教数文斯",
    "新方无日早时明是更曾最月有服望期未本术机杀权李条来极林果校样根格次款正此步武死段",
    "母每比毛民气水求江没治法活派流济海深清满火点然爱父片版物特王现理甚生用由甲电界留",
    "白百的目直相看真眼着知石研示社神离种科程究空立站笑第等算管精系红约级组终经结给统",
    "编网美老者而联能脸自至色花若英落虽行表被西要见观视觉解言计认让议记讲许论设识话该",
    "语说请读谁调谈象资走起越跟路身车转轻边达过运近还这进远连通造道那部都里重量金钱长",
    "门问间队际院随难集青非面革音领题风飞首香马高黄黑",
);

/// Whether a CJK unified ideograph of the Basic Multilingual Plane is in [`COMMON_HAN`].
fn is_common_han(ch: char) -> bool {
    let mut buf = [0u8; 4];
    let key = ch.encode_utf8(&mut buf).as_bytes();
    // Every entry is three UTF-8 bytes, and UTF-8 sorts as code points do.
    let table = COMMON_HAN.as_bytes();
    let (mut lo, mut hi) = (0, table.len() / 3);
    while lo < hi {
        let mid = usize::midpoint(lo, hi);
        match table.get(mid * 3..mid * 3 + 3).map(|e| e.cmp(key)) {
            Some(std::cmp::Ordering::Less) => lo = mid + 1,
            Some(std::cmp::Ordering::Greater) => hi = mid,
            Some(std::cmp::Ordering::Equal) => return true,
            None => return false,
        }
    }
    false
}

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
    /// CJK unified ideographs (U+4E00–U+9FFF), and how many of them are common ones.
    pub(super) han: usize,
    pub(super) common_han: usize,
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
                '\u{4E00}'..='\u{9FFF}' => {
                    c.han += 1;
                    c.common_han += usize::from(is_common_han(ch));
                }
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
        // Chinese read through the wrong CID order is valid ideographs in a random mix. The
        // bar sits well below real text (Traditional Chinese and Japanese share fewer of
        // these simplified forms) and well above chance (2–7 %).
        if self.han >= MIN_HAN && self.common_han * 100 < self.han * 15 {
            reasons.push(format!(
                "implausible character mix: {} of {} ideographs are common ones",
                self.common_han, self.han
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
    fn random_ideographs_are_an_implausible_mix() {
        // Ideographs from the middle of the GB 2312 order: valid characters, no text.
        let random: String = "蜗蹦鞠棺赂囤撵燎舔褂拴嗓磺窑滓棚敖琼鳖蚪蛾搪苟帚".repeat(2);
        let verdict = Counts::of(&random).verdict();
        assert!(
            verdict
                .as_deref()
                .is_some_and(|v| v.contains("ideographs are common ones")),
            "{verdict:?}"
        );
        let text = "甲方同意将其拥有的专利技术许可乙方使用，乙方应按本合同的约定向甲方支付许可\
                    费用，双方在技术服务期间的权利和义务由本合同条款规定。";
        assert_eq!(Counts::of(text).verdict(), None);
    }

    #[test]
    fn traditional_chinese_and_japanese_contracts_are_plausible() {
        // The common-character list is simplified Chinese; traditional and Japanese text
        // still shares most of its frequent characters (62 % and 55 % here).
        let traditional = "甲方同意將其擁有的專利技術許可乙方使用，乙方應按本合同的約定向甲方支付許可\
                           費用，雙方在技術服務期間的權利和義務由本合同條款規定。本協議受中華民國法律\
                           管轄，雙方因本協議所生之爭議，應以臺灣臺北地方法院為第一審管轄法院。";
        let japanese = "本契約は、甲と乙との間において、技術情報の開示及びライセンスの許諾に関する条件\
                        を定めるものとする。乙は、本契約に基づき開示された技術を第三者に移転してはな\
                        らない。本契約は、日本法に準拠し、東京地方裁判所を専属的合意管轄裁判所とする。";
        for text in [traditional, japanese] {
            assert!(Counts::of(text).han >= MIN_HAN, "{text}");
            assert_eq!(Counts::of(text).verdict(), None, "{text}");
        }
    }

    #[test]
    fn common_han_table_is_sorted_and_three_bytes_each() {
        let chars: Vec<char> = COMMON_HAN.chars().collect();
        assert!(chars.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(COMMON_HAN.len(), chars.len() * 3);
        assert!(is_common_han('的') && is_common_han('一') && !is_common_han('蜗'));
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
