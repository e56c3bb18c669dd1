//! Segmentation, definitions, parties, clause classification, direction, catalogue match
//! and risk assessment over arbitrary text: bytes are read as a `.txt` document and go
//! through `pipeline::assess_document` with the built-in engine, exactly as a scan does.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use techscan::extract::{ExtractOptions, text};
use techscan::model::DocFormat;
use techscan::pipeline::{Engine, assess_document};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::builtin(ExtractOptions::default()).expect("built-in dictionaries are valid")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(extracted) = text::extract(data) else {
        return;
    };
    let _ = assess_document(engine(), "fuzz.txt".into(), DocFormat::Text, extracted);
});
