//! Dictionary loading over arbitrary TOML: the first byte picks the file kind (clause
//! rules, party cues, catalogue data), the rest is the file's text. Loading must return
//! the dictionary or a list of problems, never panic; a dictionary that loads is then
//! used on a small fixed contract so the compiled rules and automata run too.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use techscan::analyze::{Analysis, Analyzer, BUILTIN_CLAUSES};
use techscan::catalogue::{Catalogue, Edition};
use techscan::extract::text;
use techscan::model::Extracted;

const BUILTIN_PARTIES: &str = include_str!("../../dictionaries/parties.toml");

const CONTRACT: &str = "TECHNOLOGY LICENCE AGREEMENT\n\n\
This Agreement is made between Shenzhen Example Technology Co., Ltd. (the \"Licensor\"), \
a company incorporated in the People's Republic of China, and Example GmbH (the \
\"Licensee\"), a company incorporated in Germany.\n\n\
1.1 \"Know-How\" means the rare earth extraction and microphone array technology.\n\n\
2.1 The Licensor hereby grants to the Licensee an exclusive licence to use the Know-How.\n\n\
3.1 The Licensee shall license every Improvement back to the Licensor.\n\n\
第二条 甲方许可乙方使用技术秘密。";

fn contract() -> &'static Extracted {
    static DOC: OnceLock<Extracted> = OnceLock::new();
    DOC.get_or_init(|| text::extract(CONTRACT.as_bytes()).expect("text never fails"))
}

fn analysis() -> &'static Analysis {
    static ANALYSIS: OnceLock<Analysis> = OnceLock::new();
    ANALYSIS.get_or_init(|| {
        Analyzer::builtin()
            .expect("built-in dictionaries are valid")
            .analyze(contract())
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let Ok(source) = std::str::from_utf8(rest) else {
        return;
    };
    match kind % 3 {
        0 => {
            if let Ok(analyzer) =
                Analyzer::parse(("fuzz/clauses.toml", source), ("parties.toml", BUILTIN_PARTIES))
            {
                let _ = analyzer.analyze(contract());
            }
        }
        1 => {
            if let Ok(analyzer) =
                Analyzer::parse(("clauses.toml", BUILTIN_CLAUSES), ("fuzz/parties.toml", source))
            {
                let _ = analyzer.analyze(contract());
            }
        }
        _ => {
            if let Ok(catalogue) =
                Catalogue::from_sources(&[("fuzz/catalogue.toml".to_owned(), source.to_owned())])
            {
                let analysis = analysis();
                let _ = catalogue
                    .for_edition(Edition::latest())
                    .find(&analysis.segments, &analysis.transfer_context);
            }
        }
    }
});
