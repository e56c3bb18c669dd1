//! CID → Unicode for Adobe's character collections, for CID fonts that carry no
//! `ToUnicode`: a font encoded `Identity-H`/`-V` (codes are CIDs), through an embedded
//! CMap or a shipped predefined one (codes → CIDs), whose `/CIDSystemInfo` names
//! Adobe-GB1 (Simplified Chinese), Adobe-CNS1 (Traditional Chinese), Adobe-Japan1 or
//! Adobe-Korea1.
//!
//! The data is Adobe's (BSD-3-Clause, notice in each generated file), generated from
//! poppler-data's `cidToUnicode/<collection>` into one `u16` per CID: the code point for
//! the Basic Multilingual Plane, `0xD800 + i` for the `i`-th entry of a small table of
//! supplementary-plane code points (surrogates never occur as data), 0 for unmapped. A test
//! regenerates every table when poppler-data is installed and fails on any difference
//! (`TECHSCAN_BLESS=1` rewrites them). Pure lookups; no document access.

#[rustfmt::skip]
#[allow(clippy::unreadable_literal, reason = "generated data")]
mod adobe_cns1;
#[rustfmt::skip]
#[allow(clippy::unreadable_literal, reason = "generated data")]
mod adobe_gb1;
#[rustfmt::skip]
#[allow(clippy::unreadable_literal, reason = "generated data")]
mod adobe_japan1;
#[rustfmt::skip]
#[allow(clippy::unreadable_literal, reason = "generated data")]
mod adobe_korea1;

/// A character collection whose CIDs techscan can turn into text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Collection {
    /// Adobe-GB1 (Simplified Chinese, supplements 0–5).
    AdobeGb1,
    /// Adobe-CNS1 (Traditional Chinese: Taiwan, Hong Kong; supplements 0–7).
    AdobeCns1,
    /// Adobe-Japan1 (supplements 0–7).
    AdobeJapan1,
    /// Adobe-Korea1 (supplements 0–2).
    AdobeKorea1,
}

/// First `u16` value that stands for a supplementary-plane code point.
const SUPPLEMENTARY_BASE: u16 = 0xD800;

impl Collection {
    /// The collection named by a `/CIDSystemInfo`'s registry and ordering.
    pub(super) fn from_info(registry: &[u8], ordering: &[u8]) -> Option<Collection> {
        if registry != b"Adobe" {
            return None;
        }
        match ordering {
            b"GB1" => Some(Collection::AdobeGb1),
            b"CNS1" => Some(Collection::AdobeCns1),
            b"Japan1" => Some(Collection::AdobeJapan1),
            b"Korea1" => Some(Collection::AdobeKorea1),
            _ => None,
        }
    }

    fn table(self) -> (&'static [u16], &'static [u32]) {
        match self {
            Collection::AdobeGb1 => (&adobe_gb1::CODES, &adobe_gb1::SUPPLEMENTARY),
            Collection::AdobeCns1 => (&adobe_cns1::CODES, &adobe_cns1::SUPPLEMENTARY),
            Collection::AdobeJapan1 => (&adobe_japan1::CODES, &adobe_japan1::SUPPLEMENTARY),
            Collection::AdobeKorea1 => (&adobe_korea1::CODES, &adobe_korea1::SUPPLEMENTARY),
        }
    }

    /// The character of a CID, `None` for unmapped CIDs (0 is `.notdef`).
    pub(super) fn char(self, cid: u32) -> Option<char> {
        let (codes, supplementary) = self.table();
        let code = *codes.get(usize::try_from(cid).ok()?)?;
        if cid == 0 || code == 0 {
            return None;
        }
        if !(SUPPLEMENTARY_BASE..=0xDFFF).contains(&code) {
            return char::from_u32(u32::from(code));
        }
        char::from_u32(*supplementary.get(usize::from(code - SUPPLEMENTARY_BASE))?)
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::print_stderr,
        reason = "the codegen test reports a skip on stderr"
    )]

    use super::*;
    use std::fmt::Write as _;

    const COLLECTIONS: [(&str, &str, Collection); 4] = [
        ("Adobe-GB1", "adobe_gb1", Collection::AdobeGb1),
        ("Adobe-CNS1", "adobe_cns1", Collection::AdobeCns1),
        ("Adobe-Japan1", "adobe_japan1", Collection::AdobeJapan1),
        ("Adobe-Korea1", "adobe_korea1", Collection::AdobeKorea1),
    ];
    const SOURCE_DIR: &str = "/usr/share/poppler/cidToUnicode";

    fn generated_path(module: &str) -> String {
        format!(
            "{}/src/extract/pdf/cid_unicode/{module}.rs",
            env!("CARGO_MANIFEST_DIR")
        )
    }

    /// The generated module for a poppler `cidToUnicode` file: one hex code point per line,
    /// line N for CID N (0 = unmapped).
    fn generate(collection: &str, source: &str) -> String {
        let codes: Vec<u32> = source
            .split_whitespace()
            .map(|h| u32::from_str_radix(h, 16).expect("hex code point in cidToUnicode"))
            .collect();
        let mut supplementary: Vec<u32> = Vec::new();
        let dense: Vec<u16> = codes
            .iter()
            .map(|&u| {
                assert!(!(0xD800..=0xDFFF).contains(&u), "surrogate {u:04X} in data");
                u16::try_from(u).unwrap_or_else(|_| {
                    supplementary.push(u);
                    SUPPLEMENTARY_BASE + u16::try_from(supplementary.len() - 1).expect("index")
                })
            })
            .collect();
        assert!(
            supplementary.len() <= 0x800,
            "supplementary table overflows"
        );
        let mut out = format!(
            "//! {collection} CID → Unicode: `CODES[cid]` is the code point, or `0xD800 + i` for\n\
             //! `SUPPLEMENTARY[i]`, or 0 when unmapped. Generated by\n\
             //! `cid_unicode::tests::tables_match_poppler_data` from poppler-data's\n\
             //! `cidToUnicode/{collection}`; do not edit.\n\
             //\n",
        );
        for line in LICENCE.lines() {
            out.push_str("//");
            if !line.is_empty() {
                out.push(' ');
                out.push_str(line);
            }
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "\n/// Code point (or supplementary index) per CID.\npub(super) static CODES: [u16; {}] = [",
            dense.len()
        );
        for chunk in dense.chunks(12) {
            out.push_str("    ");
            let items: Vec<String> = chunk.iter().map(|u| format!("0x{u:04X},")).collect();
            out.push_str(&items.join(" "));
            out.push('\n');
        }
        out.push_str("];\n");
        let _ = writeln!(
            out,
            "\n/// Supplementary-plane code points.\npub(super) static SUPPLEMENTARY: [u32; {}] = [",
            supplementary.len()
        );
        for chunk in supplementary.chunks(8) {
            out.push_str("    ");
            let items: Vec<String> = chunk.iter().map(|u| format!("0x{u:05X},")).collect();
            out.push_str(&items.join(" "));
            out.push('\n');
        }
        out.push_str("];\n");
        out
    }

    const LICENCE: &str = "\
Copyright 1990-2018 Adobe Systems Incorporated. All rights reserved.

Redistribution and use in source and binary forms, with or without modification, are
permitted provided that the following conditions are met:

Redistributions of source code must retain the above copyright notice, this list of
conditions and the following disclaimer.

Redistributions in binary form must reproduce the above copyright notice, this list of
conditions and the following disclaimer in the documentation and/or other materials
provided with the distribution.

Neither the name of Adobe Systems Incorporated nor the names of its contributors may be
used to endorse or promote products derived from this software without specific prior
written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS \"AS IS\" AND ANY
EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF
MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE
COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL,
EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF
SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION)
HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR
TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.";

    #[test]
    #[cfg_attr(
        not(has_poppler_data),
        ignore = "poppler-data not installed (apt-get install poppler-data)"
    )]
    fn tables_match_poppler_data() {
        for (collection, module, _) in COLLECTIONS {
            let source = format!("{SOURCE_DIR}/{collection}");
            let text = std::fs::read_to_string(&source)
                .unwrap_or_else(|e| panic!("{source}: {e} (apt-get install poppler-data)"));
            let want = generate(collection, &text);
            let path = generated_path(module);
            let have = std::fs::read_to_string(&path).unwrap_or_default();
            if have != want {
                if std::env::var_os("TECHSCAN_BLESS").is_some() {
                    std::fs::write(&path, &want).expect("write generated table");
                } else {
                    panic!(
                        "{path} is stale: rerun with TECHSCAN_BLESS=1 to regenerate it from {source}"
                    );
                }
            }
        }
    }

    #[test]
    #[cfg_attr(
        not(has_poppler_data),
        ignore = "poppler-data not installed (apt-get install poppler-data)"
    )]
    fn tables_agree_with_poppler_data_cid_by_cid() {
        for (collection, _, c) in COLLECTIONS {
            let source = format!("{SOURCE_DIR}/{collection}");
            let text = std::fs::read_to_string(&source)
                .unwrap_or_else(|e| panic!("{source}: {e} (apt-get install poppler-data)"));
            for (cid, hex) in text.split_whitespace().enumerate() {
                let u = u32::from_str_radix(hex, 16).expect("hex");
                let want = char::from_u32(u).filter(|_| u != 0 && cid != 0);
                assert_eq!(c.char(cid as u32), want, "{collection} CID {cid}");
            }
        }
    }

    #[test]
    fn collection_cids_map_to_cjk_and_ascii() {
        let gb1 = Collection::AdobeGb1;
        assert_eq!(gb1.char(0), None);
        assert_eq!(gb1.char(34), Some('A'));
        // GB 2312 row 16 starts at CID 940 with 啊.
        assert_eq!(gb1.char(940), Some('啊'));
        assert_eq!(gb1.char(2095), Some('技'));
        assert_eq!(gb1.char(4559), Some('中'));
        assert_eq!(gb1.char(30_284), None);
        let cns1 = Collection::AdobeCns1;
        assert_eq!(cns1.char(34), Some('A'));
        assert_eq!(Collection::from_info(b"Adobe", b"CNS1"), Some(cns1));
        assert_eq!(
            Collection::from_info(b"Adobe", b"Japan1"),
            Some(Collection::AdobeJapan1)
        );
        assert_eq!(
            Collection::from_info(b"Adobe", b"Korea1"),
            Some(Collection::AdobeKorea1)
        );
        assert_eq!((cns1.char(1190), cns1.char(2964)), (Some('技'), Some('術')));
        assert_eq!(cns1.char(14_000), Some('\u{200CC}'));
        let japan1 = Collection::AdobeJapan1;
        assert_eq!(
            (japan1.char(34), japan1.char(1621)),
            (Some('A'), Some('技'))
        );
        assert_eq!(japan1.char(7641), Some('\u{28CDD}'));
        let korea1 = Collection::AdobeKorea1;
        assert_eq!(
            (korea1.char(34), korea1.char(1245)),
            (Some('A'), Some('기'))
        );
        assert_eq!(cns1.char(u32::MAX), None);
        assert_eq!(
            Collection::from_info(b"Adobe", b"GB1"),
            Some(Collection::AdobeGb1)
        );
        assert_eq!(Collection::from_info(b"Adobe", b"Identity"), None);
    }
}
