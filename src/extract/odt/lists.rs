//! OpenDocument list numbers: list styles (`text:list-style` with its
//! `text:list-level-style-number` and `-bullet` levels, from `styles.xml` and the automatic
//! styles of `content.xml`) and running counters, turned into the labels a word processor
//! prints (`第一条`, `（一）`, `3.2`, `•`).
//!
//! The content reader tells this module when a `text:list` opens (with its style, `xml:id`
//! and whether it continues an earlier list) and closes, and when a list item's first
//! paragraph opens, which gets [`Lists::item`]'s label (an item that holds only a nested
//! list is not counted, as in ODF). A list without
//! `text:continue-numbering` or `text:continue-list` starts its counters afresh; nested
//! lists count within their outer list. Numbers are printed with the DOCX reader's
//! formatter (`docx::numbering`), by `loext:num-list-format` (`第%1%条`) when the writer
//! gave one, else prefix, the last `text:display-levels` numbers joined by `.`, suffix.

use std::collections::HashMap;

use quick_xml::events::BytesStart;

use crate::extract::docx::numbering::{bullet_look_alike, format_counter};
use crate::extract::package::attr;

const LEVELS: usize = 10;

#[derive(Clone, Debug, Default)]
struct Level {
    format: &'static str,
    prefix: String,
    suffix: String,
    display: usize,
    start: u32,
    /// `loext:num-list-format`: the whole label with `%N%` placeholders.
    template: Option<String>,
    bullet: Option<String>,
}

/// An open `text:list`: which counters it uses and at which level.
#[derive(Clone, Debug)]
struct Open {
    style: Option<String>,
    chain: usize,
    level: usize,
}

/// List styles, open lists and running counters of one document.
#[derive(Debug, Default)]
pub(super) struct Lists {
    styles: HashMap<String, [Option<Level>; LEVELS]>,
    /// The list style being read: its name.
    reading: Option<String>,
    open: Vec<Open>,
    /// Counters per chain of continued lists.
    chains: Vec<[Option<u32>; LEVELS]>,
    /// The chain each `xml:id` and each style's latest list used.
    by_id: HashMap<String, usize>,
    by_style: HashMap<String, usize>,
}

impl Lists {
    /// Reads a style element (`text:list-style` and its levels); ignores others.
    pub fn style_element(&mut self, e: &BytesStart<'_>) {
        match e.local_name().as_ref() {
            "list-style" => self.reading = attr(e, "name"),
            "list-level-style-number" | "list-level-style-bullet" => {
                let Some(name) = self.reading.clone() else {
                    return;
                };
                let Some(i) = attr(e, "level")
                    .and_then(|l| l.trim().parse::<usize>().ok())
                    .and_then(|l| l.checked_sub(1))
                    .filter(|&i| i < LEVELS)
                else {
                    return;
                };
                let bullet = e.local_name().as_ref() == "list-level-style-bullet";
                let level = Level {
                    format: format_name(attr(e, "num-format").as_deref().unwrap_or("")),
                    prefix: attr(e, "num-prefix").unwrap_or_default(),
                    suffix: attr(e, "num-suffix").unwrap_or_default(),
                    display: attr(e, "display-levels")
                        .and_then(|d| d.trim().parse().ok())
                        .unwrap_or(1usize)
                        .clamp(1, LEVELS),
                    start: attr(e, "start-value")
                        .and_then(|d| d.trim().parse().ok())
                        .unwrap_or(1),
                    template: attr(e, "num-list-format"),
                    bullet: bullet.then(|| {
                        attr(e, "bullet-char")
                            .unwrap_or_else(|| "•".to_owned())
                            .chars()
                            .map(bullet_look_alike)
                            .collect()
                    }),
                };
                let levels = self.styles.entry(name).or_default();
                if let Some(slot) = levels.get_mut(i) {
                    *slot = Some(level);
                }
            }
            _ => {}
        }
    }

    /// The end of a style element.
    pub fn style_end(&mut self, local: &str) {
        if local == "list-style" {
            self.reading = None;
        }
    }

    /// A `text:list` opens.
    pub fn open(&mut self, e: &BytesStart<'_>) {
        let style =
            attr(e, "style-name").or_else(|| self.open.last().and_then(|o| o.style.clone()));
        let chain = if let Some(outer) = self.open.last() {
            outer.chain
        } else if let Some(chain) = attr(e, "continue-list").and_then(|id| self.by_id.get(&id)) {
            *chain
        } else if attr(e, "continue-numbering").as_deref() == Some("true")
            && let Some(chain) = style.as_ref().and_then(|s| self.by_style.get(s))
        {
            *chain
        } else {
            self.chains.push([None; LEVELS]);
            self.chains.len() - 1
        };
        if let Some(id) = attr(e, "id") {
            self.by_id.insert(id, chain);
        }
        if let Some(s) = &style {
            self.by_style.insert(s.clone(), chain);
        }
        let level = self.open.len().min(LEVELS - 1);
        self.open.push(Open {
            style,
            chain,
            level,
        });
    }

    /// A `text:list` closes.
    pub fn close(&mut self) {
        self.open.pop();
    }

    /// A list item's first paragraph opens (`start` is the item's `text:start-value`):
    /// counts the item and returns the paragraph's label.
    pub fn item(&mut self, start: Option<u32>) -> Option<String> {
        let open = self.open.last()?;
        let levels = self.styles.get(open.style.as_deref()?)?;
        let level = levels.get(open.level)?.as_ref()?;
        let counters = self.chains.get_mut(open.chain)?;
        let value = match (start, counters.get(open.level).copied().flatten()) {
            (Some(s), _) => s,
            (None, Some(n)) => n.saturating_add(1),
            (None, None) => level.start,
        };
        if let Some(c) = counters.get_mut(open.level) {
            *c = Some(value);
        }
        for c in counters.iter_mut().skip(open.level + 1) {
            *c = None;
        }
        if let Some(bullet) = &level.bullet {
            return Some(bullet.clone()).filter(|b| !b.trim().is_empty());
        }
        let number = |k: usize| {
            let of = levels.get(k).and_then(Option::as_ref);
            let n = counters
                .get(k)
                .copied()
                .flatten()
                .unwrap_or_else(|| of.map_or(1, |l| l.start).saturating_sub(1));
            format_counter(n, of.map_or("decimal", |l| l.format))
        };
        let label = if let Some(template) = &level.template {
            let mut out = String::new();
            let mut rest = template.as_str();
            while let Some(at) = rest.find('%') {
                out.push_str(&rest[..at]);
                let after = &rest[at + 1..];
                match after
                    .find('%')
                    .map(|end| (after[..end].parse::<usize>(), end))
                {
                    Some((Ok(k), end)) if (1..=LEVELS).contains(&k) => {
                        out.push_str(&number(k - 1));
                        rest = &after[end + 1..];
                    }
                    _ => {
                        out.push('%');
                        rest = after;
                    }
                }
            }
            out.push_str(rest);
            out
        } else {
            let first = (open.level + 1).saturating_sub(level.display);
            let numbers: Vec<String> = (first..=open.level).map(number).collect();
            format!("{}{}{}", level.prefix, numbers.join("."), level.suffix)
        };
        let label = label.trim().to_owned();
        (!label.is_empty()).then_some(label)
    }
}

/// The `ST_NumberFormat` name of an OpenDocument `style:num-format`.
fn format_name(format: &str) -> &'static str {
    match format.trim() {
        "" => "none",
        "a" => "lowerLetter",
        "A" => "upperLetter",
        "i" => "lowerRoman",
        "I" => "upperRoman",
        f if f.starts_with('一') => "chineseCounting",
        f if f.starts_with('壹') => "chineseLegalSimplified",
        f if f.starts_with('①') => "decimalEnclosedCircle",
        f if f.starts_with('甲') => "ideographTraditional",
        f if f.starts_with('子') => "ideographZodiac",
        f if f.starts_with('１') => "decimalFullWidth",
        _ => "decimal",
    }
}
