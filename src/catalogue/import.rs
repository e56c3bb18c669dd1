//! `techscan catalogue import`: a CSV table of catalogue entries (for example transcribed
//! from the official PDF) turned into dictionary TOML in the schema of
//! `dictionaries/README.md`, validated before it is returned.
//!
//! Columns (header row required, any order): `code`, `status`, `sector_zh`, `sector_en`,
//! `name_zh`, `name_en`, `control_point`, `control_point_text_zh`, `control_point_text_en`,
//! `keywords_zh`, `keywords_en`. One row per entry and/or per control point: rows that share
//! a `code` make one entry; a row with an empty `control_point` carries the entry's own
//! keywords, a row with a number adds that control point (its texts and keywords).
//! Keyword cells hold several keywords separated by `;` or `|`. This module converts and
//! validates; it reads no files and prints nothing.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::item::Verification;
use super::load;
use crate::error::{DictionaryError, DictionaryProblem};

/// The columns an import table must have.
pub const COLUMNS: [&str; 11] = [
    "code",
    "status",
    "sector_zh",
    "sector_en",
    "name_zh",
    "name_en",
    "control_point",
    "control_point_text_zh",
    "control_point_text_en",
    "keywords_zh",
    "keywords_en",
];

/// One CSV record with the 1-based line it starts on.
struct Record {
    line: usize,
    fields: Vec<String>,
}

/// Splits CSV text (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes).
fn parse_csv(text: &str) -> Vec<Record> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                fields.push(std::mem::take(&mut field));
                records.push(Record {
                    line: start,
                    fields: std::mem::take(&mut fields),
                });
                line += 1;
                start = line;
                any = false;
            }
            (_, c) => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
        }
    }
    if any {
        fields.push(field);
        records.push(Record {
            line: start,
            fields,
        });
    }
    records
        .into_iter()
        .filter(|r| r.fields.iter().any(|f| !f.trim().is_empty()))
        .collect()
}

#[derive(Default)]
struct Entry {
    line: usize,
    code: String,
    status: String,
    sector_zh: String,
    sector_en: String,
    name_zh: String,
    name_en: String,
    keywords_zh: Vec<String>,
    keywords_en: Vec<String>,
    points: BTreeMap<u32, Point>,
}

#[derive(Default)]
struct Point {
    text_zh: String,
    text_en: String,
    keywords_zh: Vec<String>,
    keywords_en: Vec<String>,
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn toml_list(list: &[String]) -> String {
    let items: Vec<String> = list.iter().map(|k| toml_str(k)).collect();
    format!("[{}]", items.join(", "))
}

fn keywords(cell: &str, into: &mut Vec<String>) {
    for k in cell
        .split([';', '|'])
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        if !into.iter().any(|x| x == k) {
            into.push(k.to_owned());
        }
    }
}

/// Converts a CSV table into catalogue TOML, validated like any dictionary file.
///
/// # Errors
/// Every problem at once: missing or unknown columns, bad codes or statuses, conflicting
/// rows, and anything the dictionary validation rejects, each with `file:line` of the CSV.
pub fn import_csv(
    file: &str,
    text: &str,
    verification: Verification,
) -> Result<String, DictionaryError> {
    let mut problems = Vec::new();
    let mut problem = |line: usize, message: String| {
        problems.push(DictionaryProblem {
            file: file.to_owned(),
            line,
            message,
        });
    };
    let records = parse_csv(text);
    let Some((header, rows)) = records.split_first() else {
        problem(1, "empty table: a header row is required".to_owned());
        return Err(DictionaryError(problems));
    };
    let names: Vec<String> = header
        .fields
        .iter()
        .map(|f| f.trim().to_lowercase())
        .collect();
    for n in &names {
        if !COLUMNS.contains(&n.as_str()) {
            problem(header.line, format!("unknown column `{n}`"));
        }
    }
    let mut index = BTreeMap::new();
    for c in COLUMNS {
        match names.iter().position(|n| n == c) {
            Some(i) => {
                index.insert(c, i);
            }
            None => problem(header.line, format!("missing column `{c}`")),
        }
    }
    if index.len() != COLUMNS.len() {
        return Err(DictionaryError(problems));
    }

    let mut entries: Vec<Entry> = Vec::new();
    for row in rows {
        let get = |c: &str| -> String {
            index
                .get(c)
                .and_then(|&i| row.fields.get(i))
                .map_or_else(String::new, |f| f.trim().to_owned())
        };
        let code = get("code").to_uppercase();
        let status = match get("status").to_lowercase().as_str() {
            "prohibited" | "禁止" | "禁止出口" => "prohibited".to_owned(),
            "restricted" | "限制" | "限制出口" => "restricted".to_owned(),
            other => {
                problem(
                    row.line,
                    format!("status `{other}` is not prohibited or restricted"),
                );
                String::new()
            }
        };
        let well_formed = code.len() == 7
            && code[..6].bytes().all(|b| b.is_ascii_digit())
            && (code.ends_with('J') || code.ends_with('X'));
        if !well_formed {
            problem(
                row.line,
                format!("code `{code}` is not six digits followed by J or X"),
            );
            continue;
        }
        let pos = if let Some(p) = entries.iter().position(|e| e.code == code) {
            p
        } else {
            entries.push(Entry {
                line: row.line,
                code: code.clone(),
                ..Entry::default()
            });
            entries.len() - 1
        };
        let entry = &mut entries[pos];
        for (column, slot) in [
            ("status", &mut entry.status),
            ("sector_zh", &mut entry.sector_zh),
            ("sector_en", &mut entry.sector_en),
            ("name_zh", &mut entry.name_zh),
            ("name_en", &mut entry.name_en),
        ] {
            let value = if column == "status" {
                status.clone()
            } else {
                get(column)
            };
            if value.is_empty() {
                continue;
            }
            if slot.is_empty() {
                *slot = value;
            } else if *slot != value {
                problem(
                    row.line,
                    format!(
                        "{column} `{value}` of {code} differs from `{slot}` (line {})",
                        entry.line
                    ),
                );
            }
        }
        let point = get("control_point");
        if point.is_empty() {
            keywords(&get("keywords_zh"), &mut entry.keywords_zh);
            keywords(&get("keywords_en"), &mut entry.keywords_en);
            continue;
        }
        let Ok(number) = point.parse::<u32>() else {
            problem(row.line, format!("control_point `{point}` is not a number"));
            continue;
        };
        let p = entry.points.entry(number).or_default();
        for (column, slot) in [
            ("control_point_text_zh", &mut p.text_zh),
            ("control_point_text_en", &mut p.text_en),
        ] {
            let value = get(column);
            if !value.is_empty() {
                if !slot.is_empty() && *slot != value {
                    problem(
                        row.line,
                        format!("{column} of {code} point {number} given twice"),
                    );
                }
                *slot = value;
            }
        }
        keywords(&get("keywords_zh"), &mut p.keywords_zh);
        keywords(&get("keywords_en"), &mut p.keywords_en);
    }
    if !problems.is_empty() {
        return Err(DictionaryError(problems));
    }

    entries.sort_by(|a, b| a.code.cmp(&b.code));
    let mut out = format!(
        "# Generated by `techscan catalogue import` from {file}.\n# Schema: dictionaries/README.md.\n"
    );
    // (first generated line of the entry, CSV line)
    let mut lines: Vec<(usize, usize)> = Vec::new();
    for e in &entries {
        out.push('\n');
        lines.push((out.matches('\n').count() + 1, e.line));
        // Writing to a String cannot fail.
        let _ = writeln!(out, "[[item]]");
        let _ = writeln!(out, "id = {}", toml_str(&e.code.to_lowercase()));
        let _ = writeln!(out, "code = {}", toml_str(&e.code));
        let _ = writeln!(out, "status = {}", toml_str(&e.status));
        let _ = writeln!(out, "verification = {}", toml_str(verification.as_str()));
        for (key, value) in [
            ("sector_zh", &e.sector_zh),
            ("sector_en", &e.sector_en),
            ("name_zh", &e.name_zh),
        ] {
            if !value.is_empty() {
                let _ = writeln!(out, "{key} = {}", toml_str(value));
            }
        }
        let name_en = if e.name_en.is_empty() {
            format!("[no English name in the source] {}", e.name_zh)
        } else {
            e.name_en.clone()
        };
        let _ = writeln!(out, "name_en = {}", toml_str(name_en.trim()));
        if !e.keywords_en.is_empty() {
            let _ = writeln!(out, "keywords_en = {}", toml_list(&e.keywords_en));
        }
        if !e.keywords_zh.is_empty() {
            let _ = writeln!(out, "keywords_zh = {}", toml_list(&e.keywords_zh));
        }
        for (n, p) in &e.points {
            let _ = writeln!(out, "\n[[item.control_points]]\nnumber = {n}");
            let _ = writeln!(out, "name_en = {}", toml_str(&format!("Control point {n}")));
            for (key, value) in [("text_zh", &p.text_zh), ("text_en", &p.text_en)] {
                if !value.is_empty() {
                    let _ = writeln!(out, "{key} = {}", toml_str(value));
                }
            }
            if !p.keywords_en.is_empty() {
                let _ = writeln!(out, "keywords_en = {}", toml_list(&p.keywords_en));
            }
            if !p.keywords_zh.is_empty() {
                let _ = writeln!(out, "keywords_zh = {}", toml_list(&p.keywords_zh));
            }
        }
    }
    match load::load(&[(file.to_owned(), out.clone())]) {
        Ok(_) => Ok(out),
        Err(e) => Err(DictionaryError(
            e.0.into_iter()
                .map(|p| {
                    let line = lines
                        .iter()
                        .rev()
                        .find(|(g, _)| *g <= p.line)
                        .map_or(1, |(_, csv)| *csv);
                    DictionaryProblem {
                        file: file.to_owned(),
                        line,
                        message: p.message,
                    }
                })
                .collect(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "code,status,sector_zh,sector_en,name_zh,name_en,control_point,control_point_text_zh,control_point_text_en,keywords_zh,keywords_en\n";

    #[test]
    fn a_table_becomes_validated_toml_with_control_points() {
        let csv = format!(
            "{HEADER}086501X,限制,软件和信息技术服务业,Software and IT services,信息处理技术,Information processing technology,,,,,\n\
             086501X,restricted,,,,,17,语音合成技术,\"Speech synthesis, incl. \"\"TTS\"\"\",语音合成,speech synthesis;TTS\n\
             252604X,restricted,,,电池正极材料制备技术,,1,,,磷酸铁锂,\n"
        );
        let toml = match import_csv("t.csv", &csv, Verification::Official) {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        };
        let items = match load::load(&[("t.toml".to_owned(), toml.clone())]) {
            Ok(items) => items,
            Err(e) => panic!("{e}\n{toml}"),
        };
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].code.as_deref(), Some("086501X"));
        assert_eq!(items[0].control_points[0].number, Some(17));
        assert_eq!(
            items[0].control_points[0].text_en.as_deref(),
            Some("Speech synthesis, incl. \"TTS\"")
        );
        assert_eq!(
            items[0].control_points[0].keywords.en,
            ["speech synthesis", "TTS"]
        );
        assert_eq!(
            items[1].name_en,
            "[no English name in the source] 电池正极材料制备技术"
        );
        assert_eq!(items[1].verification, Verification::Official);
    }

    #[test]
    fn import_problems_name_the_csv_line() {
        let cases: &[(&str, &str, usize)] = &[
            ("code,status\n", "missing column `sector_zh`", 1),
            ("086501J,restricted,,,,X,,,,,\n", "does not end in X", 2),
            ("86501X,restricted,,,,X,,,,,\n", "not six digits", 2),
            ("086501X,banned,,,,X,,,,,\n", "status `banned`", 2),
            (
                "086501X,restricted,,,,X,,,,,\n086501X,restricted,,,,Y,,,,,\n",
                "name_en `Y` of 086501X differs",
                3,
            ),
            ("086501X,restricted,,,,X,,,,ok;TTS,\n", "has no Chinese", 2),
        ];
        for (body, fragment, line) in cases {
            let csv = if body.starts_with("code") {
                (*body).to_owned()
            } else {
                format!("{HEADER}{body}")
            };
            let problems = match import_csv("t.csv", &csv, Verification::Unverified) {
                Ok(t) => panic!("expected `{fragment}`, got\n{t}"),
                Err(e) => e.0,
            };
            assert!(
                problems
                    .iter()
                    .any(|p| p.message.contains(fragment) && p.line == *line && p.file == "t.csv"),
                "expected `{fragment}` at line {line}: {problems:#?}"
            );
        }
    }
}
