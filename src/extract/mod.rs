//! Text extraction: bytes of one document in, located [`Block`]s out.
//!
//! One submodule per format; this is the only place that names lopdf (`pdf/`) and cfb
//! (`doc/`), and the only place that parses DOCX (`docx/`), RTF (`rtf.rs`) and
//! OpenDocument (`odt.rs`). `package.rs` is the zip layer DOCX and ODT share, with its
//! decompression and XML budgets. Extractors never print, never panic on document
//! data, and report failure as an [`ExtractError`] with a kind.

pub mod doc;
pub mod docx;
pub mod image;
pub mod normalize;
pub mod ocr;
pub mod odt;
mod package;
pub mod pdf;
mod resample;
pub mod rtf;
pub mod text;

use crate::error::ExtractError;
use crate::model::{DocFormat, Extracted};
use ocr::{OcrMode, OcrPage, Script};

/// Per-document options and budgets for extraction.
#[derive(Clone, Debug)]
pub struct ExtractOptions {
    /// User password for encrypted PDFs (the empty password is always tried first).
    pub password: Option<String>,
    /// Maximum bytes any one stream or archive member may decompress to.
    pub max_decompressed_bytes: u64,
    /// Maximum nesting depth (Form XObjects, XML elements).
    pub max_depth: usize,
    /// Maximum XML elements over all parts of one DOCX package.
    pub max_xml_elements: u64,
    /// Time one document's extraction may take (checked between pages and every few
    /// thousand operators); `None` for no limit. On expiry the pages read so far are kept
    /// with a warning, or the document fails as `limit-exceeded` when none were.
    pub timeout: Option<std::time::Duration>,
    /// Which pages are read by OCR (`--ocr`).
    pub ocr: OcrMode,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            password: None,
            max_decompressed_bytes: 512 * 1024 * 1024,
            max_depth: 64,
            max_xml_elements: 20_000_000,
            timeout: Some(std::time::Duration::from_secs(60)),
            ocr: OcrMode::Auto,
        }
    }
}

/// The message of a document that ran out of its time budget: such a result depends on
/// the machine's load, not only on the document.
pub const TIME_BUDGET_EXCEEDED: &str = pdf::TIME_BUDGET_EXCEEDED;

/// Whether extraction stopped early on the time budget (a warning names it).
pub fn hit_time_budget(warnings: &[String]) -> bool {
    warnings.iter().any(|w| w.contains(TIME_BUDGET_EXCEEDED))
}

/// Extracts the text of one document of a known format.
///
/// # Errors
/// Returns an [`ExtractError`] whose kind says why the document could not be read.
pub fn extract(
    format: DocFormat,
    bytes: &[u8],
    options: &ExtractOptions,
) -> Result<Extracted, ExtractError> {
    match format {
        DocFormat::Pdf => pdf::extract(bytes, options),
        DocFormat::Docx => docx::extract(bytes, options),
        DocFormat::Text => text::extract(bytes),
        DocFormat::Doc => doc::extract(bytes, options),
        DocFormat::Rtf => rtf::extract(bytes, options),
        DocFormat::Odt => odt::extract(bytes, options),
        DocFormat::Image => image::extract(bytes, options, &Sequential),
    }
}

/// What one OCR task gives: the pages of one image.
pub type OcrResult = Result<Vec<OcrPage>, ExtractError>;

/// Runs OCR tasks `0..n`, in parallel where it can, results in task order. The pipeline
/// implements it on its pool; [`Sequential`] runs them one after another.
pub trait PageMap: Sync {
    fn map(&self, n: usize, task: &(dyn Fn(usize) -> OcrResult + Sync)) -> Vec<OcrResult>;
}

/// Runs OCR tasks one after another on the calling thread.
#[derive(Clone, Copy, Debug)]
pub struct Sequential;

impl PageMap for Sequential {
    fn map(&self, n: usize, task: &(dyn Fn(usize) -> OcrResult + Sync)) -> Vec<OcrResult> {
        (0..n).map(task).collect()
    }
}

/// Reads `n` scanned images (`read(k, scripts)`) by OCR, choosing the language packs.
///
/// The language is the text layer's (`hint`) when the document has one. Otherwise the
/// first image that reads is OCR'd with `eng` and with `chi_sim` at once (two tasks on
/// the pool) and the result with the higher mean word confidence wins (`eng` on a tie);
/// text read as simplified that shows traditional forms is read again with `chi_tra`
/// when that pack is installed. The other images are then read with the winner, in
/// parallel, and an image read with low confidence (below [`DOUBTFUL_CONFIDENCE`]) is read
/// again in the other language (as is a page read as Chinese that is mostly not Chinese),
/// keeping the more confident reading. Measured on sample scans (300 dpi), one pack per
/// page beats `eng+chi_sim`: 1.4–1.6 times faster at the same or better accuracy.
pub fn read_scans(
    n: usize,
    hint: Option<Script>,
    read: &(dyn Fn(usize, &[Script]) -> OcrResult + Sync),
    pool: &dyn PageMap,
) -> Vec<OcrResult> {
    if n == 0 {
        return Vec::new();
    }
    let engine = match ocr::engine_for(hint) {
        Ok(engine) => engine,
        Err(e) => return vec![Err(e); n],
    };
    let mut results: Vec<OcrResult> = Vec::with_capacity(n);
    let chosen = if let Some(script) = hint {
        if !engine.has(script) {
            let e = ExtractError::unsupported(ocr::Tesseract::missing_pack(script));
            return vec![Err(e); n];
        }
        script
    } else {
        let candidates: Vec<Script> = [Script::Latin, Script::Simplified]
            .into_iter()
            .filter(|s| engine.has(*s))
            .collect();
        if let [only] = candidates.as_slice() {
            *only
        } else {
            loop {
                let k = results.len();
                if k == n {
                    return results;
                }
                let tries = pool.map(candidates.len(), &|c| {
                    read(k, std::slice::from_ref(&candidates[c]))
                });
                // Chinese wins only with more confidence and text that is mostly Chinese
                // (a graph or a stamp reads as a few ideographs at low confidence).
                let plausible = |script: Script, pages: &[OcrPage]| {
                    script == Script::Latin || ocr::han_share(pages) >= 0.3
                };
                let best = candidates
                    .iter()
                    .zip(tries)
                    .reduce(|a, b| match (&a.1, &b.1) {
                        (Ok(x), Ok(y))
                            if ocr::mean_confidence(y) > ocr::mean_confidence(x)
                                && plausible(*b.0, y) =>
                        {
                            b
                        }
                        (Err(_), Ok(_)) => b,
                        _ => a,
                    });
                let Some((script, result)) = best else {
                    return results;
                };
                match result {
                    Ok(pages) => {
                        if *script == Script::Simplified
                            && engine.has(Script::Traditional)
                            && ocr::looks_traditional(&pages)
                        {
                            results.push(read(k, &[Script::Traditional]));
                            break Script::Traditional;
                        }
                        results.push(Ok(pages));
                        break *script;
                    }
                    Err(e) => {
                        let stop = e.kind == crate::model::ErrorKind::LimitExceeded;
                        results.push(Err(e.clone()));
                        if stop {
                            results.resize(n, Err(e));
                            return results;
                        }
                    }
                }
            }
        }
    };
    let start = results.len();
    results.extend(pool.map(n - start, &|k| read(start + k, &[chosen])));
    // A page that reads poorly in the document's language may be in the other one (a
    // Chinese annex to an English contract): it is read again with the other pack and the
    // more confident reading kept.
    let other = match chosen {
        Script::Latin => Script::Simplified,
        Script::Simplified | Script::Traditional => Script::Latin,
    };
    if !engine.has(other) {
        return results;
    }
    let doubtful: Vec<usize> = results
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.as_ref().is_ok_and(|pages| {
                ocr::mean_confidence(pages) < DOUBTFUL_CONFIDENCE
                    || (other == Script::Latin && ocr::han_share(pages) < 0.3)
            })
        })
        .map(|(k, _)| k)
        .collect();
    let again = pool.map(doubtful.len(), &|i| read(doubtful[i], &[other]));
    for (k, retry) in doubtful.into_iter().zip(again) {
        let (Ok(second), Some(Ok(first))) = (retry, results.get(k)) else {
            continue;
        };
        let plausible = other == Script::Latin || ocr::han_share(&second) >= 0.3;
        if plausible && ocr::mean_confidence(&second) > ocr::mean_confidence(first) {
            results[k] = Ok(second);
        }
    }
    results
}

/// A page read with a mean word confidence below this is read again in the other language
/// (pages in the right language score 0.85–0.96 on the samples; English read as Chinese
/// 0.87, Chinese read as English 0.31).
const DOUBTFUL_CONFIDENCE: f32 = 0.7;

#[cfg(test)]
mod damaged_input_tests {
    //! Damaged copies of the sample agreements (truncated at many offsets, bytes flipped):
    //! every extractor returns a result or an error, never a panic.

    use super::*;

    /// A small deterministic generator (xorshift64), so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    fn variants(bytes: &[u8], seed: u64) -> Vec<Vec<u8>> {
        let mut rng = Rng(seed);
        let mut out = Vec::new();
        for i in 1..=12 {
            out.push(bytes[..bytes.len() * i / 13].to_vec());
        }
        for _ in 0..12 {
            let mut v = bytes.to_vec();
            for _ in 0..8 {
                let at = (rng.next() % v.len() as u64) as usize;
                v[at] ^= (rng.next() % 255 + 1) as u8;
            }
            out.push(v);
        }
        out
    }

    #[test]
    fn damaged_samples_never_panic() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "pdf" || e == "docx"))
            .collect();
        files.sort();
        assert!(files.len() >= 12, "samples present");
        let options = ExtractOptions::default();
        let (mut ok, mut err) = (0, 0);
        for (n, path) in files.iter().enumerate() {
            let bytes = std::fs::read(path).unwrap();
            let format = if path.extension().is_some_and(|e| e == "pdf") {
                DocFormat::Pdf
            } else {
                DocFormat::Docx
            };
            for (i, v) in variants(&bytes, 0x9E37_79B9_7F4A_7C15 ^ n as u64)
                .iter()
                .enumerate()
            {
                let result = std::panic::catch_unwind(|| extract(format, v, &options));
                assert!(result.is_ok(), "{}: variant {i} panicked", path.display());
                if matches!(result, Ok(Ok(_))) {
                    ok += 1;
                } else {
                    err += 1;
                }
            }
        }
        assert_eq!(ok + err, files.len() * 24);
    }
}
