//! List numbering: paragraph styles (`styles.xml`) and numbering definitions
//! (`numbering.xml`) turned into the labels a word processor prints (`3.2`, `第一条`,
//! `（一）`, `(a)`).
//!
//! [`Lists`] owns the definitions and the running counters. The body parser asks it for a
//! label once per paragraph, in document order; this module never sees paragraph text.
//! Counters follow Word: they belong to the abstract definition, so several `w:num`
//! instances of one abstract list continue each other, unless a `w:num` carries a
//! `w:lvlOverride`, which makes it a list of its own that starts at its override. A level
//! that was never used prints as its start value minus one (Word's familiar `0.1`).
//! Bullets get the bullet character as their label (Symbol-font private-use characters are
//! mapped to `•`, `▪`, ...).

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use crate::extract::package::{XmlBudget, XmlFailure, attr, xml_reader};

const LEVELS: usize = 9;
/// Letters repeat (`aa`, `bbb`); beyond this many repetitions decimal is printed instead.
const MAX_LETTER_REPEAT: u32 = 30;
/// Longest `w:lvlText` kept (Word's own limit).
const MAX_LEVEL_TEXT: usize = 255;

/// How a level's counter is printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Format {
    #[default]
    Decimal,
    DecimalZero,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    Ordinal,
    Bullet,
    None,
    /// 一、二、十一 (`chineseCounting`, `chineseCountingThousand`, `japaneseCounting`).
    ChineseLower,
    /// Traditional-script 萬 for ten thousands (`taiwaneseCounting*`).
    TaiwaneseLower,
    /// 壹、贰、壹拾 (`chineseLegalSimplified`).
    ChineseLegal,
    /// 壹、貳、壹拾 (`ideographLegalTraditional`).
    ChineseLegalTraditional,
    /// Digit by digit: 一〇 (`ideographDigital`, `japaneseDigitalTenThousand`).
    IdeographDigital,
    /// 甲乙丙丁 (`ideographTraditional`).
    HeavenlyStems,
    /// 子丑寅卯 (`ideographZodiac`).
    EarthlyBranches,
    /// ① ② (`decimalEnclosedCircle`, `decimalEnclosedCircleChinese`, `ideographEnclosedCircle`).
    EnclosedCircle,
    /// ⑴ ⑵ (`decimalEnclosedParen`).
    EnclosedParen,
    /// ⒈ ⒉ (`decimalEnclosedFullstop`).
    EnclosedFullstop,
    /// １２ (`decimalFullWidth`, `decimalFullWidth2`).
    FullWidth,
}

impl Format {
    /// Maps an `ST_NumberFormat` value; `None` for values that keep the previous format
    /// (`custom`, whose `mc:Fallback` carries a standard one).
    fn parse(value: &str) -> Option<Format> {
        Some(match value {
            "decimalZero" => Format::DecimalZero,
            "lowerLetter" => Format::LowerLetter,
            "upperLetter" => Format::UpperLetter,
            "lowerRoman" => Format::LowerRoman,
            "upperRoman" => Format::UpperRoman,
            "ordinal" => Format::Ordinal,
            "bullet" => Format::Bullet,
            "none" => Format::None,
            "chineseCounting" | "chineseCountingThousand" | "japaneseCounting" => {
                Format::ChineseLower
            }
            "taiwaneseCounting" | "taiwaneseCountingThousand" => Format::TaiwaneseLower,
            "chineseLegalSimplified" => Format::ChineseLegal,
            "ideographLegalTraditional" | "japaneseLegal" => Format::ChineseLegalTraditional,
            "ideographDigital" | "japaneseDigitalTenThousand" | "taiwaneseDigital" => {
                Format::IdeographDigital
            }
            "ideographTraditional" => Format::HeavenlyStems,
            "ideographZodiac" | "ideographZodiacTraditional" => Format::EarthlyBranches,
            "decimalEnclosedCircle"
            | "decimalEnclosedCircleChinese"
            | "ideographEnclosedCircle" => Format::EnclosedCircle,
            "decimalEnclosedParen" => Format::EnclosedParen,
            "decimalEnclosedFullstop" => Format::EnclosedFullstop,
            "decimalFullWidth" | "decimalFullWidth2" => Format::FullWidth,
            "custom" => return None,
            _ => Format::Decimal,
        })
    }
}

/// One level (`w:lvl`) of a list definition.
#[derive(Clone, Debug, Default)]
struct Level {
    start: u32,
    format: Format,
    text: String,
    legal: bool,
    /// `w:lvlRestart`: 0 never restarts; n restarts after a use of level n (1-based).
    restart: Option<u32>,
    style: Option<String>,
}

#[derive(Clone, Debug, Default)]
struct AbstractNum {
    levels: [Option<Level>; LEVELS],
    /// `w:numStyleLink`: the definition lives in the numbering style of this id.
    style_link: Option<String>,
}

#[derive(Clone, Debug, Default)]
struct LevelOverride {
    start: Option<u32>,
    level: Option<Level>,
}

#[derive(Clone, Debug, Default)]
struct Num {
    abstract_id: String,
    overrides: [Option<LevelOverride>; LEVELS],
}

/// A paragraph style as far as numbering is concerned.
#[derive(Clone, Debug, Default)]
struct Style {
    based_on: Option<String>,
    num_id: Option<u32>,
    ilvl: Option<u8>,
}

/// Running counters: per abstract definition, or per `w:num` that overrides levels.
#[derive(Debug, Default)]
struct Counters {
    by_abstract: HashMap<String, [Option<u32>; LEVELS]>,
    by_num: HashMap<u32, [Option<u32>; LEVELS]>,
}

/// Numbering definitions, paragraph styles and running list counters of one document.
#[derive(Debug, Default)]
pub(super) struct Lists {
    styles: HashMap<String, Style>,
    default_style: Option<String>,
    abstracts: HashMap<String, AbstractNum>,
    nums: HashMap<u32, Num>,
    counters: Counters,
}

/// The numbering a paragraph asks for directly (`w:pPr/w:pStyle`, `w:pPr/w:numPr`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct ParagraphNumbering {
    pub style: Option<String>,
    pub num_id: Option<u32>,
    pub ilvl: Option<u8>,
}

impl Lists {
    /// Reads `styles.xml`; malformed XML keeps what was read before the error.
    pub fn read_styles(&mut self, data: &[u8], budget: &mut XmlBudget) -> Result<(), XmlFailure> {
        let mut reader = xml_reader(data);
        let mut buf = Vec::new();
        let mut depth = 0usize;
        let mut current: Option<(String, Style)> = None;
        let mut skip = 0usize;
        loop {
            let event = reader
                .read_event_into(&mut buf)
                .map_err(|e| XmlFailure::syntax(&reader, &e))?;
            match event {
                Event::Start(e) => {
                    depth += 1;
                    if depth > budget.max_depth {
                        return Err(XmlFailure::TooDeep(budget.max_depth));
                    }
                    budget.element()?;
                    if skip > 0 || e.local_name().as_ref().ends_with("Change") {
                        skip += 1;
                        continue;
                    }
                    self.style_element(&e, &mut current);
                }
                Event::Empty(e) => {
                    budget.element()?;
                    if skip == 0 {
                        self.style_element(&e, &mut current);
                    }
                }
                Event::End(e) => {
                    depth = depth.saturating_sub(1);
                    if skip > 0 {
                        skip -= 1;
                    } else if e.local_name().as_ref() == "style"
                        && let Some((id, style)) = current.take()
                    {
                        self.styles.insert(id, style);
                    }
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
            buf.clear();
        }
    }

    fn style_element(&mut self, e: &BytesStart<'_>, current: &mut Option<(String, Style)>) {
        match e.local_name().as_ref() {
            "style" => {
                let id = attr(e, "styleId").unwrap_or_default();
                let paragraph = attr(e, "type").is_none_or(|t| t == "paragraph");
                if paragraph && attr(e, "default").is_some_and(|d| on(&d)) {
                    self.default_style = Some(id.clone());
                }
                *current = Some((id, Style::default()));
            }
            "basedOn" => {
                if let Some((_, style)) = current {
                    style.based_on = attr(e, "val");
                }
            }
            "numId" => {
                if let Some((_, style)) = current {
                    style.num_id = attr(e, "val").and_then(|v| v.trim().parse().ok());
                }
            }
            "ilvl" => {
                if let Some((_, style)) = current {
                    style.ilvl = attr(e, "val").and_then(|v| v.trim().parse().ok());
                }
            }
            _ => {}
        }
    }

    /// Reads `numbering.xml`; malformed XML keeps what was read before the error.
    pub fn read_numbering(
        &mut self,
        data: &[u8],
        budget: &mut XmlBudget,
    ) -> Result<(), XmlFailure> {
        let mut reader = xml_reader(data);
        let mut buf = Vec::new();
        let mut depth = 0usize;
        let mut parser = NumberingParser::default();
        loop {
            let event = reader
                .read_event_into(&mut buf)
                .map_err(|e| XmlFailure::syntax(&reader, &e))?;
            match event {
                Event::Start(e) => {
                    depth += 1;
                    if depth > budget.max_depth {
                        return Err(XmlFailure::TooDeep(budget.max_depth));
                    }
                    budget.element()?;
                    parser.element(&e);
                }
                Event::Empty(e) => {
                    budget.element()?;
                    parser.element(&e);
                    parser.end(e.local_name().as_ref(), self);
                }
                Event::End(e) => {
                    depth = depth.saturating_sub(1);
                    parser.end(e.local_name().as_ref(), self);
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
            buf.clear();
        }
    }

    /// Advances the counters for one paragraph and returns its rendered label, if the
    /// paragraph (directly or through its style) is numbered.
    pub fn label(&mut self, para: &ParagraphNumbering) -> Option<String> {
        let Lists {
            styles,
            default_style,
            abstracts,
            nums,
            counters,
        } = self;
        let style = para.style.as_deref().or(default_style.as_deref());
        let (style_num, style_ilvl, holder) = style_numbering(styles, style);
        let num_id = para.num_id.or(style_num).filter(|&n| n != 0)?;
        let abstract_id = resolve_num(styles, abstracts, nums, num_id)?;
        let num = nums.get(&num_id)?;
        let abs = abstracts.get(abstract_id)?;
        let ilvl = para
            .ilvl
            .or(style_ilvl)
            .map(usize::from)
            .or_else(|| {
                // The level whose w:pStyle names the paragraph's style, else the style
                // that carries the numbering.
                [para.style.as_deref(), holder]
                    .into_iter()
                    .flatten()
                    .find_map(|id| {
                        abs.levels
                            .iter()
                            .position(|l| l.as_ref().and_then(|l| l.style.as_deref()) == Some(id))
                    })
            })
            .unwrap_or(0)
            .min(LEVELS - 1);
        let levels: [Option<&Level>; LEVELS] = std::array::from_fn(|i| {
            num.overrides
                .get(i)
                .and_then(|o| o.as_ref()?.level.as_ref())
                .or(abs.levels.get(i)?.as_ref())
        });
        let starts: [u32; LEVELS] = std::array::from_fn(|i| {
            num.overrides
                .get(i)
                .and_then(|o| o.as_ref()?.start)
                .or(levels.get(i).copied().flatten().map(|l| l.start))
                .unwrap_or(0)
        });
        let level = levels.get(ilvl).copied().flatten()?;
        let counters = if num.overrides.iter().any(Option::is_some) {
            counters.by_num.entry(num_id).or_default()
        } else {
            if !counters.by_abstract.contains_key(abstract_id) {
                counters
                    .by_abstract
                    .insert(abstract_id.to_owned(), [None; LEVELS]);
            }
            counters.by_abstract.get_mut(abstract_id)?
        };
        let value = match counters.get(ilvl).copied().flatten() {
            Some(v) => v.saturating_add(1),
            None => starts.get(ilvl).copied().unwrap_or(0),
        };
        if let Some(slot) = counters.get_mut(ilvl) {
            *slot = Some(value);
        }
        for deeper in ilvl + 1..LEVELS {
            let restart = levels
                .get(deeper)
                .copied()
                .flatten()
                .and_then(|l| l.restart);
            let keep = match restart {
                Some(0) => true,
                Some(after) => ilvl >= after as usize,
                None => false,
            };
            if !keep && let Some(slot) = counters.get_mut(deeper) {
                *slot = None;
            }
        }
        let label = render(level, counters, &starts, &levels);
        let label = label.trim();
        (!label.is_empty()).then(|| label.to_owned())
    }
}

/// Numbering inherited through the paragraph style chain: (numId, ilvl, the id of the
/// style that carries the numId).
fn style_numbering<'s>(
    styles: &'s HashMap<String, Style>,
    style: Option<&'s str>,
) -> (Option<u32>, Option<u8>, Option<&'s str>) {
    let mut id = style;
    let (mut num, mut ilvl, mut holder) = (None, None, None);
    for _ in 0..16 {
        let Some(current) = id else { break };
        let Some(def) = styles.get(current) else {
            break;
        };
        if ilvl.is_none() {
            ilvl = def.ilvl;
        }
        if num.is_none() && def.num_id.is_some() {
            num = def.num_id;
            holder = Some(current);
        }
        if num.is_some() && ilvl.is_some() {
            break;
        }
        id = def.based_on.as_deref();
    }
    (num, ilvl, holder)
}

/// The abstract definition id of `num_id`, following `w:numStyleLink`.
fn resolve_num<'a>(
    styles: &HashMap<String, Style>,
    abstracts: &'a HashMap<String, AbstractNum>,
    nums: &'a HashMap<u32, Num>,
    num_id: u32,
) -> Option<&'a str> {
    let mut abstract_id = nums.get(&num_id)?.abstract_id.as_str();
    for _ in 0..4 {
        let abs = abstracts.get(abstract_id)?;
        let Some(link) = abs.style_link.as_deref() else {
            break;
        };
        if abs.levels.iter().any(Option::is_some) {
            break;
        }
        let linked = styles.get(link)?.num_id?;
        abstract_id = nums.get(&linked)?.abstract_id.as_str();
    }
    Some(abstract_id)
}

/// Builds definitions while `numbering.xml` streams past.
#[derive(Default)]
struct NumberingParser {
    abstract_num: Option<(String, AbstractNum)>,
    num: Option<(u32, Num)>,
    override_ilvl: Option<usize>,
    override_start: Option<u32>,
    level: Option<(usize, Level)>,
}

impl NumberingParser {
    fn element(&mut self, e: &BytesStart<'_>) {
        let val = || attr(e, "val");
        let number = || val().and_then(|v| v.trim().parse::<i64>().ok());
        match e.local_name().as_ref() {
            "abstractNum" => {
                let id = attr(e, "abstractNumId").unwrap_or_default();
                self.abstract_num = Some((id, AbstractNum::default()));
            }
            "num" => {
                let id = attr(e, "numId").and_then(|v| v.trim().parse().ok());
                self.num = id.map(|id| (id, Num::default()));
            }
            "abstractNumId" => {
                if let Some((_, num)) = &mut self.num {
                    num.abstract_id = val().unwrap_or_default();
                }
            }
            "lvlOverride" => {
                self.override_ilvl = attr(e, "ilvl").and_then(|v| v.trim().parse().ok());
                self.override_start = None;
            }
            "startOverride" => self.override_start = number().map(clamp_u32),
            "lvl" => {
                let ilvl = attr(e, "ilvl")
                    .and_then(|v| v.trim().parse().ok())
                    .or(self.override_ilvl)
                    .unwrap_or(0);
                self.level = Some((ilvl, Level::default()));
            }
            "numStyleLink" => {
                if let Some((_, abs)) = &mut self.abstract_num {
                    abs.style_link = val();
                }
            }
            name => {
                let Some((_, level)) = &mut self.level else {
                    return;
                };
                match name {
                    "start" => level.start = number().map_or(0, clamp_u32),
                    "numFmt" => {
                        if let Some(format) = val().as_deref().and_then(Format::parse) {
                            level.format = format;
                        }
                    }
                    "lvlText" => {
                        // Word allows 255 characters; a longer text would be copied into
                        // every numbered paragraph's label.
                        level.text = val()
                            .unwrap_or_default()
                            .chars()
                            .take(MAX_LEVEL_TEXT)
                            .collect();
                    }
                    "isLgl" => level.legal = val().is_none_or(|v| on(&v)),
                    "lvlRestart" => level.restart = number().map(clamp_u32),
                    "pStyle" => level.style = val(),
                    _ => {}
                }
            }
        }
    }

    fn end(&mut self, name: &str, lists: &mut Lists) {
        match name {
            "lvl" => {
                let Some((ilvl, level)) = self.level.take() else {
                    return;
                };
                if let (Some(over), Some((_, num))) = (self.override_ilvl, &mut self.num) {
                    if let Some(slot) = num.overrides.get_mut(over) {
                        slot.get_or_insert_with(LevelOverride::default).level = Some(level);
                    }
                } else if let Some((_, abs)) = &mut self.abstract_num
                    && let Some(slot) = abs.levels.get_mut(ilvl)
                {
                    *slot = Some(level);
                }
            }
            "lvlOverride" => {
                if let (Some(ilvl), Some((_, num))) = (self.override_ilvl.take(), &mut self.num)
                    && let Some(slot) = num.overrides.get_mut(ilvl)
                {
                    slot.get_or_insert_with(LevelOverride::default).start = self.override_start;
                }
            }
            "abstractNum" => {
                if let Some((id, abs)) = self.abstract_num.take() {
                    lists.abstracts.insert(id, abs);
                }
            }
            "num" => {
                if let Some((id, num)) = self.num.take() {
                    lists.nums.insert(id, num);
                }
            }
            _ => {}
        }
    }
}

fn clamp_u32(n: i64) -> u32 {
    n.clamp(0, i64::from(u32::MAX)) as u32
}

/// An `ST_OnOff` value.
fn on(value: &str) -> bool {
    !matches!(value, "0" | "false" | "off")
}

/// Renders `w:lvlText` (`%1.%2`, `第%1条`) with the current counters.
fn render(
    level: &Level,
    counters: &[Option<u32>; LEVELS],
    starts: &[u32; LEVELS],
    levels: &[Option<&Level>; LEVELS],
) -> String {
    if level.format == Format::Bullet {
        return level.text.chars().map(bullet_char).collect();
    }
    let mut out = String::with_capacity(level.text.len() + 8);
    let mut chars = level.text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let Some(k) = chars
            .peek()
            .and_then(|d| d.to_digit(10))
            .filter(|k| (1..=9).contains(k))
        else {
            out.push(c);
            continue;
        };
        chars.next();
        let i = k as usize - 1;
        let value = counters
            .get(i)
            .copied()
            .flatten()
            .unwrap_or_else(|| starts.get(i).copied().unwrap_or(0).saturating_sub(1));
        let format = match levels.get(i).copied().flatten() {
            _ if level.legal => Format::Decimal,
            Some(l) => l.format,
            None => Format::Decimal,
        };
        out.push_str(&format_number(value, format));
    }
    out
}

/// Maps Symbol/Wingdings private-use bullet characters to their Unicode look-alikes.
fn bullet_char(c: char) -> char {
    match c {
        '\u{F0B7}' | '\u{F06C}' => '•',
        '\u{F0A7}' | '\u{F06E}' => '▪',
        '\u{F0D8}' => '➢',
        '\u{F0FC}' => '✓',
        '\u{F076}' => '❖',
        '\u{F0A8}' => '□',
        c if ('\u{F000}'..='\u{F0FF}').contains(&c) => '•',
        c => c,
    }
}

/// Prints one counter value in the numbering format named by its `ST_NumberFormat` value
/// (`decimal`, `lowerLetter`, `chineseCounting`, …), as Word does; for the `.doc` reader,
/// whose list levels name the same formats by number.
pub(in crate::extract) fn format_counter(n: u32, format: &str) -> String {
    format_number(n, Format::parse(format).unwrap_or_default())
}

/// A Symbol/Wingdings private-use bullet character as its Unicode look-alike.
pub(in crate::extract) fn bullet_look_alike(c: char) -> char {
    bullet_char(c)
}

/// Prints one counter value in a numbering format.
fn format_number(n: u32, format: Format) -> String {
    match format {
        Format::Decimal | Format::Bullet => n.to_string(),
        Format::None => String::new(),
        Format::DecimalZero => format!("{n:02}"),
        Format::LowerLetter => letters(n).unwrap_or_else(|| n.to_string()),
        Format::UpperLetter => letters(n).map_or_else(|| n.to_string(), |s| s.to_uppercase()),
        Format::LowerRoman => roman(n).map_or_else(|| n.to_string(), |s| s.to_lowercase()),
        Format::UpperRoman => roman(n).unwrap_or_else(|| n.to_string()),
        Format::Ordinal => {
            let suffix = match (n % 10, n % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
        Format::ChineseLower => chinese(n, &CHINESE_LOWER, false),
        Format::TaiwaneseLower => chinese(n, &TAIWANESE_LOWER, false),
        Format::ChineseLegal => chinese(n, &CHINESE_LEGAL, true),
        Format::ChineseLegalTraditional => chinese(n, &CHINESE_LEGAL_TRADITIONAL, true),
        Format::IdeographDigital => n
            .to_string()
            .chars()
            .map(|d| {
                let i = d.to_digit(10).unwrap_or(0) as usize;
                IDEOGRAPH_DIGITS.get(i).copied().unwrap_or('〇')
            })
            .collect(),
        Format::HeavenlyStems => cycle(n, &HEAVENLY_STEMS),
        Format::EarthlyBranches => cycle(n, &EARTHLY_BRANCHES),
        Format::EnclosedCircle => match n {
            1..=20 => offset_char(0x2460, n - 1),
            21..=35 => offset_char(0x3251, n - 21),
            36..=50 => offset_char(0x32B1, n - 36),
            _ => n.to_string(),
        },
        Format::EnclosedParen => match n {
            1..=20 => offset_char(0x2474, n - 1),
            _ => format!("({n})"),
        },
        Format::EnclosedFullstop => match n {
            1..=20 => offset_char(0x2488, n - 1),
            _ => format!("{n}."),
        },
        Format::FullWidth => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(u32::from(d) - u32::from('0') + 0xFF10).unwrap_or(d))
            .collect(),
    }
}

fn offset_char(base: u32, offset: u32) -> String {
    char::from_u32(base + offset).map_or_else(String::new, String::from)
}

fn cycle(n: u32, symbols: &[char]) -> String {
    if n == 0 || symbols.is_empty() {
        return n.to_string();
    }
    let i = (n as usize - 1) % symbols.len();
    symbols.get(i).map_or_else(String::new, char::to_string)
}

fn letters(n: u32) -> Option<String> {
    if n == 0 || n > 26 * MAX_LETTER_REPEAT {
        return None;
    }
    let letter = char::from(b'a' + ((n - 1) % 26) as u8);
    Some(std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect())
}

fn roman(mut n: u32) -> Option<String> {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    if n == 0 || n > 3999 {
        return None;
    }
    let mut out = String::new();
    for (value, symbol) in TABLE {
        while n >= value {
            out.push_str(symbol);
            n -= value;
        }
    }
    Some(out)
}

/// Digits 0–9, then the units 十 百 千 万 亿 of one Chinese numeral style.
struct Numerals {
    digits: [char; 10],
    units: [char; 3],
    ten_thousand: char,
    hundred_million: char,
}

const CHINESE_LOWER: Numerals = Numerals {
    digits: ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'],
    units: ['十', '百', '千'],
    ten_thousand: '万',
    hundred_million: '亿',
};
const TAIWANESE_LOWER: Numerals = Numerals {
    digits: ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'],
    units: ['十', '百', '千'],
    ten_thousand: '萬',
    hundred_million: '億',
};
const CHINESE_LEGAL: Numerals = Numerals {
    digits: ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'],
    units: ['拾', '佰', '仟'],
    ten_thousand: '万',
    hundred_million: '亿',
};
const CHINESE_LEGAL_TRADITIONAL: Numerals = Numerals {
    digits: ['零', '壹', '貳', '參', '肆', '伍', '陸', '柒', '捌', '玖'],
    units: ['拾', '佰', '仟'],
    ten_thousand: '萬',
    hundred_million: '億',
};
const IDEOGRAPH_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const HEAVENLY_STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
const EARTHLY_BRANCHES: [char; 12] = [
    '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
];

/// A Chinese numeral: 十一, 二十, 一百零一, 一万零一十. Legal (financial) numerals keep the
/// leading one of the tens (壹拾).
fn chinese(n: u32, numerals: &Numerals, legal: bool) -> String {
    let digit = |d: u32| numerals.digits.get(d as usize).copied().unwrap_or('零');
    if n == 0 {
        return digit(0).to_string();
    }
    let groups = [n / 100_000_000, (n / 10_000) % 10_000, n % 10_000];
    let big = [
        Some(numerals.hundred_million),
        Some(numerals.ten_thousand),
        None,
    ];
    let mut out = String::new();
    let mut zero_pending = false;
    for (group, unit) in groups.into_iter().zip(big) {
        if group == 0 {
            zero_pending = !out.is_empty();
            continue;
        }
        if !out.is_empty() && group < 1000 {
            zero_pending = true;
        }
        let digits = [
            group / 1000,
            (group / 100) % 10,
            (group / 10) % 10,
            group % 10,
        ];
        for (pos, d) in digits.into_iter().enumerate() {
            if d == 0 {
                zero_pending = zero_pending || !out.is_empty();
                continue;
            }
            if zero_pending && !out.is_empty() {
                out.push(digit(0));
            }
            zero_pending = false;
            let unit_char = numerals.units.get(2usize.wrapping_sub(pos)).copied();
            let omit_one = !legal && d == 1 && pos == 2 && out.is_empty();
            if !omit_one {
                out.push(digit(d));
            }
            if pos < 3
                && let Some(u) = unit_char
            {
                out.push(u);
            }
        }
        if let Some(u) = unit {
            out.push(u);
        }
        zero_pending = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counting_renders_colloquial_numerals() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (21, "二十一"),
            (100, "一百"),
            (101, "一百零一"),
            (110, "一百一十"),
            (1001, "一千零一"),
            (10_010, "一万零一十"),
            (100_000, "十万"),
        ];
        for (n, expected) in cases {
            assert_eq!(format_number(n, Format::ChineseLower), expected, "{n}");
        }
    }

    #[test]
    fn legal_numerals_keep_the_leading_one() {
        assert_eq!(format_number(10, Format::ChineseLegal), "壹拾");
        assert_eq!(format_number(23, Format::ChineseLegal), "贰拾叁");
    }

    #[test]
    fn western_formats_render_like_word() {
        let cases = [
            (4, Format::LowerRoman, "iv"),
            (1994, Format::UpperRoman, "MCMXCIV"),
            (27, Format::LowerLetter, "aa"),
            (3, Format::UpperLetter, "C"),
            (7, Format::DecimalZero, "07"),
            (12, Format::FullWidth, "１２"),
            (3, Format::EnclosedCircle, "③"),
            (2, Format::HeavenlyStems, "乙"),
            (22, Format::Ordinal, "22nd"),
            (10, Format::IdeographDigital, "一〇"),
        ];
        for (n, format, expected) in cases {
            assert_eq!(format_number(n, format), expected, "{n} {format:?}");
        }
    }

    #[test]
    fn absurd_counters_fall_back_to_decimal() {
        assert_eq!(
            format_number(u32::MAX, Format::LowerLetter),
            u32::MAX.to_string()
        );
        assert_eq!(format_number(5000, Format::UpperRoman), "5000");
    }

    fn lists(numbering: &str) -> Lists {
        let mut lists = Lists::default();
        lists
            .read_numbering(numbering.as_bytes(), &mut XmlBudget::new(100, 10_000))
            .ok();
        lists
    }

    fn numbered(num_id: u32, ilvl: u8) -> ParagraphNumbering {
        ParagraphNumbering {
            style: None,
            num_id: Some(num_id),
            ilvl: Some(ilvl),
        }
    }

    const OUTLINE: &str = r#"<w:numbering xmlns:w="w">
        <w:abstractNum w:abstractNumId="0">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
          <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/></w:lvl>
        </w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
        <w:num w:numId="2"><w:abstractNumId w:val="0"/>
          <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
        </w:numbering>"#;

    #[test]
    fn deeper_levels_restart_after_a_shallower_one() {
        let mut l = lists(OUTLINE);
        let got: Vec<_> = [0, 1, 2, 1, 1, 2, 0, 1]
            .into_iter()
            .map(|ilvl| l.label(&numbered(1, ilvl)).unwrap_or_default())
            .collect();
        let want = ["1.", "1.1", "(a)", "1.2", "1.3", "(a)", "2.", "2.1"];
        assert_eq!(got, want);
    }

    #[test]
    fn start_override_makes_a_separate_list() {
        let mut l = lists(OUTLINE);
        assert_eq!(l.label(&numbered(1, 0)).as_deref(), Some("1."));
        assert_eq!(l.label(&numbered(2, 0)).as_deref(), Some("5."));
        assert_eq!(l.label(&numbered(2, 0)).as_deref(), Some("6."));
        assert_eq!(l.label(&numbered(1, 0)).as_deref(), Some("2."));
    }

    #[test]
    fn oversized_level_text_is_cut_to_words_limit() {
        let long = "x".repeat(100_000);
        let mut l = lists(&format!(
            r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:lvlText w:val="{long}%1"/></w:lvl>
              </w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
        ));
        let label = l.label(&numbered(1, 0)).unwrap_or_default();
        assert_eq!(label.chars().count(), MAX_LEVEL_TEXT);
    }

    #[test]
    fn numbering_id_zero_switches_numbering_off() {
        let mut l = lists(OUTLINE);
        assert_eq!(l.label(&numbered(0, 0)), None);
        assert_eq!(l.label(&numbered(99, 0)), None);
    }

    #[test]
    fn unused_upper_levels_print_as_zero() {
        let mut l = lists(OUTLINE);
        assert_eq!(l.label(&numbered(1, 1)).as_deref(), Some("0.1"));
    }

    #[test]
    fn legal_numbering_prints_every_level_in_decimal() {
        let mut l = lists(
            r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="3">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1"/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/><w:lvlText w:val="%1.%2"/></w:lvl>
              </w:abstractNum><w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num></w:numbering>"#,
        );
        assert_eq!(l.label(&numbered(4, 0)).as_deref(), Some("I"));
        assert_eq!(l.label(&numbered(4, 0)).as_deref(), Some("II"));
        assert_eq!(l.label(&numbered(4, 1)).as_deref(), Some("2.1"));
    }

    #[test]
    fn style_numbering_applies_through_based_on_and_level_style() {
        let mut l = lists(
            r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Article"/><w:lvlText w:val="第%1条"/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Item"/><w:lvlText w:val="（%2）"/></w:lvl>
              </w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#,
        );
        l.read_styles(
            br#"<w:styles xmlns:w="w">
              <w:style w:type="paragraph" w:styleId="Article"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>
              <w:style w:type="paragraph" w:styleId="Item"><w:basedOn w:val="Article"/></w:style>
              <w:style w:type="paragraph" w:styleId="ArticleBold"><w:basedOn w:val="Article"/></w:style>
              </w:styles>"#,
            &mut XmlBudget::new(100, 10_000),
        )
        .ok();
        let para = |s: &str| ParagraphNumbering {
            style: Some(s.to_owned()),
            ..ParagraphNumbering::default()
        };
        assert_eq!(l.label(&para("Article")).as_deref(), Some("第一条"));
        assert_eq!(l.label(&para("ArticleBold")).as_deref(), Some("第二条"));
        // "Item" inherits numId 7 from Article; its level comes from the level's pStyle.
        assert_eq!(l.label(&para("Item")).as_deref(), Some("（一）"));
        assert_eq!(l.label(&para("Item")).as_deref(), Some("（二）"));
    }
}
