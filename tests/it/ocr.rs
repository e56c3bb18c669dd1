//! Scans (issue 18): sample agreements rendered to grayscale JPEG pages with `pdftoppm` and
//! wrapped as image-only PDFs (or written as image files) here, then read by OCR. A scan
//! must read like its text version: the same words, and the same risk, export flow, clause
//! kinds and catalogue items. Without the engine a scan fails with the packages to install.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::util::{corpus, json, repo, techscan};
use crate::{jbig2_writer, pdf_writer};

/// A fresh folder for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("ocr")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The pages of a PDF rendered by `pdftoppm -r DPI -gray` in `format` (`jpeg`, `png`),
/// in page order.
fn render(pdf: &Path, dpi: u32, format: &str, dir: &Path) -> Vec<Vec<u8>> {
    let prefix = dir.join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-gray", &format!("-{format}")])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success(), "pdftoppm failed on {}", pdf.display());
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("page"))
        .collect();
    pages.sort();
    pages.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// An image-only copy of a sample, at 300 dpi.
fn scanned_sample(sample: &str) -> PathBuf {
    let dir = scratch(sample);
    let jpegs = render(&repo(&format!("samples/{sample}.pdf")), 300, "jpeg", &dir);
    let out = dir.join(format!("{sample}-scan.pdf"));
    std::fs::write(&out, pdf_writer::scanned(&jpegs, 300.0)).unwrap();
    out
}

/// `techscan scan --format json` of one file: its document.
fn scan(path: &Path, extra: &[&str]) -> Value {
    let out = techscan()
        .args([
            "scan",
            "--no-cache",
            "--format",
            "json",
            "--fail-on",
            "none",
        ])
        .args(extra)
        .arg(path)
        .output()
        .unwrap();
    json(&out)["documents"][0].clone()
}

/// What a scan must share with its text version.
fn conclusions(doc: &Value) -> (String, String, Vec<String>, Vec<String>) {
    let set = |items: &Value, key: &str, keep: &dyn Fn(&Value) -> bool| -> Vec<String> {
        let mut v: Vec<String> = items
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| keep(x))
            .map(|x| x[key].as_str().unwrap().to_owned())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    (
        doc["risk"].as_str().unwrap_or("not scanned").to_owned(),
        doc["export_flow"].as_str().unwrap_or("none").to_owned(),
        set(&doc["clauses"], "kind", &|_| true),
        set(&doc["technology"], "item", &|t| t["in_clause"] == true),
    )
}

#[test]
#[cfg_attr(
    not(all(has_tesseract, has_pdftoppm)),
    ignore = "tesseract or pdftoppm not installed (apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim poppler-utils)"
)]
fn scanned_samples_conclude_as_their_text_versions_and_say_they_were_ocred() {
    // 07: critical rare-earth know-how licence (zh); 02: high patent assignment (zh);
    // 03: high technical services (en).
    for sample in [
        "07-rare-earth-know-how-licence",
        "02-outbound-patent-assignment-tts",
        "03-technical-services-uav",
    ] {
        let text = scan(&repo(&format!("samples/{sample}.pdf")), &[]);
        let scanned = scan(&scanned_sample(sample), &[]);
        assert_eq!(scanned["status"], "scanned", "{sample}: {scanned}");
        assert_eq!(conclusions(&scanned), conclusions(&text), "{sample}");
        assert!(
            matches!(conclusions(&text).0.as_str(), "critical" | "high"),
            "{sample}"
        );
        let pages = scanned["ocr"].as_array().unwrap();
        assert_eq!(pages.len() as u64, scanned["pages"].as_u64().unwrap());
        let want = if sample.starts_with("03") {
            "eng"
        } else {
            "chi_sim"
        };
        for page in pages {
            assert_eq!(page["language"], want, "{sample}");
            let c = page["confidence"].as_f64().unwrap();
            assert!(c > 0.7 && c <= 1.0, "{sample}: {page}");
        }
        assert!(text.get("ocr").is_none(), "text pages are not OCR'd");
        // Every clause, finding and technology match says it was read by OCR, with its
        // page's confidence.
        for item in scanned["clauses"]
            .as_array()
            .unwrap()
            .iter()
            .chain(scanned["findings"].as_array().unwrap())
            .chain(scanned["technology"].as_array().unwrap())
        {
            let page = item["location"]["page"].as_u64().unwrap();
            let conf = pages.iter().find(|p| p["page"] == page).unwrap()["confidence"].clone();
            assert_eq!(item["ocr"], conf, "{sample}: {item}");
        }
    }
}

/// Word (or, for `chars`, CJK character) bags of `techscan text --raw` output.
fn bag(text: &str, chars: bool) -> BTreeMap<String, usize> {
    let mut bag = BTreeMap::new();
    for line in text.lines().filter(|l| {
        !(l.starts_with('#') || l.starts_with("[¶") || l.starts_with("===") || l.is_empty())
    }) {
        if chars {
            for c in line
                .chars()
                .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
            {
                *bag.entry(c.to_string()).or_default() += 1;
            }
        } else {
            for w in line.split_whitespace() {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                if !w.is_empty() {
                    *bag.entry(w.to_owned()).or_default() += 1;
                }
            }
        }
    }
    bag
}

fn f1(got: &BTreeMap<String, usize>, want: &BTreeMap<String, usize>) -> f64 {
    let common: usize = got
        .iter()
        .map(|(k, n)| (*n).min(want.get(k).copied().unwrap_or(0)))
        .sum();
    let (g, w) = (got.values().sum::<usize>(), want.values().sum::<usize>());
    2.0 * common as f64 / (g + w).max(1) as f64
}

fn text_of(path: &Path) -> String {
    let out = techscan()
        .args(["text", "--raw"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
#[cfg_attr(
    not(all(has_tesseract, has_pdftoppm)),
    ignore = "tesseract or pdftoppm not installed (apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim poppler-utils)"
)]
fn text_shows_ocred_words_as_the_text_layer_has_them() {
    for (sample, chars, floor) in [
        ("03-technical-services-uav", false, 0.97),
        ("07-rare-earth-know-how-licence", true, 0.96),
    ] {
        let want = text_of(&repo(&format!("samples/{sample}.pdf")));
        let got = text_of(&scanned_sample(sample));
        assert!(got.contains("read by ocr"), "{got}");
        let score = f1(&bag(&got, chars), &bag(&want, chars));
        println!("{sample}: bag F1 {score:.4}");
        assert!(score >= floor, "{sample}: F1 {score:.4} < {floor}");
    }
}

#[test]
#[cfg_attr(
    not(all(has_tesseract, has_pdftoppm)),
    ignore = "tesseract or pdftoppm not installed (apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim poppler-utils)"
)]
fn image_files_are_scans_and_ocr_never_fails_them() {
    let dir = scratch("image-files");
    let pngs = render(
        &repo("samples/07-rare-earth-know-how-licence.pdf"),
        300,
        "png",
        &dir,
    );
    let png = dir.join("page-1-of-07.png");
    std::fs::write(&png, &pngs[0]).unwrap();
    let doc = scan(&png, &[]);
    assert_eq!(doc["status"], "scanned", "{doc}");
    assert_eq!(doc["format"], "image");
    assert_eq!(doc["language"], "zh");
    assert_eq!(doc["ocr"][0]["language"], "chi_sim");
    assert!(!doc["clauses"].as_array().unwrap().is_empty(), "{doc}");

    let off = scan(&png, &["--ocr", "never"]);
    assert_eq!(off["status"], "failed");
    assert!(
        off["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--ocr never"),
        "{off}"
    );
}

#[test]
fn without_the_engine_a_scan_fails_naming_the_packages_to_install() {
    let dir = scratch("no-engine");
    // The engine is looked for before the image is decoded: any JPEG-looking bytes do.
    let jpeg = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xFF\xC0\0\x0B\x08\0\x10\0\x10\x01\x01\x11\0\xFF\xD9".to_vec();
    let pdf = dir.join("scan.pdf");
    std::fs::write(
        &pdf,
        pdf_writer::scanned(&[jpeg.clone(), jpeg.clone()], 300.0),
    )
    .unwrap();
    let img = dir.join("scan.jpg");
    std::fs::write(&img, &jpeg).unwrap();
    for path in [&pdf, &img] {
        let out = techscan()
            .env("TECHSCAN_TESSERACT", dir.join("no-such-tesseract"))
            .args(["scan", "--no-cache", "--format", "json"])
            .arg(path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "a failed document exits 2");
        let doc = json(&out)["documents"][0].clone();
        assert_eq!(doc["status"], "failed", "{doc}");
        let message = doc["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(
                "install the debian packages tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim"
            ),
            "{message}"
        );
    }
    // With OCR off, the PDF fails as unread and says why.
    let out = techscan()
        .args(["scan", "--no-cache", "--format", "json", "--ocr", "never"])
        .arg(&pdf)
        .output()
        .unwrap();
    let doc = json(&out)["documents"][0].clone();
    assert_eq!(doc["status"], "failed");
    assert!(
        doc["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--ocr never"),
        "{doc}"
    );
}

/// A fake `tesseract` that runs and lists only the given language packs (it never reads).
fn tesseract_with_packs(dir: &Path, packs: &[&str]) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let program = dir.join("tesseract-with-few-packs");
    let script = format!(
        "#!/bin/sh\ncase \"$1\" in\n--version) echo 'tesseract 5.3.0' ;;\n\
         --list-langs) printf 'List of available languages in \"/x/\" ({}):\\n{}\\n' ;;\n\
         *) exit 1 ;;\nesac\n",
        packs.len(),
        packs.join("\\n")
    );
    std::fs::write(&program, script).unwrap();
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    program
}

#[test]
fn a_mixed_document_without_the_engine_fails_unless_ocr_is_turned_off() {
    // A contract's text page and a scanned signature page. With `--ocr auto` or `always`
    // the user asked for the scan to be read: without the engine (or the pack the text
    // layer's language needs) the document is not assessed, and says what to install.
    let dir = scratch("mixed-no-engine");
    let jpeg = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xFF\xC0\0\x0B\x08\0\x10\0\x10\x01\x01\x11\0\xFF\xD9".to_vec();
    let pdf = dir.join("signed.pdf");
    let text = "1.1 The Licensor grants the Licensee a licence of the Patents and the Know-how.";
    std::fs::write(&pdf, pdf_writer::mixed(&[text], &[jpeg], 300.0)).unwrap();
    let no_program = dir.join("no-such-tesseract");
    let eng_missing = tesseract_with_packs(&dir, &["chi_sim", "osd"]);
    let cases: [(&Path, &str, &str); 3] = [
        (
            &no_program,
            "auto",
            "page 2 of 2 needs ocr: ocr engine not available (cannot run ",
        ),
        (&no_program, "always", "page 2 of 2 needs ocr: ocr engine"),
        (
            &eng_missing,
            "auto",
            "page 2 of 2 needs ocr: tesseract has no eng language pack: \
             install the debian package tesseract-ocr-eng (or --ocr never to read the text pages only)",
        ),
    ];
    for (program, mode, want) in cases {
        let out = techscan()
            .env("TECHSCAN_TESSERACT", program)
            .args(["scan", "--no-cache", "--format", "json", "--ocr", mode])
            .arg(&pdf)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "a failed document exits 2");
        let doc = json(&out)["documents"][0].clone();
        assert_eq!(doc["status"], "failed", "{mode}: {doc}");
        assert_eq!(doc["error"]["kind"], "unsupported", "{doc}");
        let message = doc["error"]["message"].as_str().unwrap();
        assert!(message.starts_with(want), "{message}");
        assert!(!message.contains('\n'), "one line: {message}");
        if program == no_program {
            // The text layer is English: the engine and the English pack, nothing else.
            assert!(
                message.ends_with(
                    "install the debian packages tesseract-ocr tesseract-ocr-eng \
                     (or --ocr never to read the text pages only)"
                ),
                "{message}"
            );
        }
    }
    // `--ocr never` is the user's choice not to read scans: the text page is assessed and
    // the scanned one is reported unreadable.
    let never = scan(&pdf, &["--ocr", "never"]);
    assert_eq!(never["status"], "scanned", "{never}");
    let warnings = never["warnings"].to_string();
    assert!(warnings.contains("page 2: no text layer"), "{never}");
    assert!(
        never["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "TS901"),
        "{never}"
    );
}

#[test]
#[cfg_attr(
    not(all(has_tesseract, has_pdftoppm)),
    ignore = "tesseract or pdftoppm not installed (apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim poppler-utils)"
)]
fn every_report_format_marks_findings_read_by_ocr() {
    let scan = scanned_sample("03-technical-services-uav");
    let dir = scan.parent().unwrap().join("reports");
    let out = techscan()
        .args([
            "scan",
            "--no-cache",
            "--fail-on",
            "none",
            "--format",
            "terminal,json,jsonl,csv,html,sarif,markdown,docx",
            "--output-dir",
        ])
        .arg(&dir)
        .arg(&scan)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for ext in ["txt", "json", "jsonl", "csv", "html", "sarif", "md", "docx"] {
        let path = dir.join(format!("techscan-report.{ext}"));
        let text = if ext == "docx" {
            let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
                .unwrap();
            xml
        } else {
            std::fs::read_to_string(&path).unwrap()
        };
        let marker = if matches!(ext, "json" | "jsonl") {
            "\"ocr\":"
        } else {
            "read by OCR (page confidence 0."
        };
        assert!(text.contains(marker), "{ext}: no OCR marker");
    }
}

#[test]
#[cfg_attr(
    not(all(has_tesseract, has_pdftoppm)),
    ignore = "tesseract or pdftoppm not installed (apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim poppler-utils)"
)]
fn a_mixed_document_reads_only_its_scanned_page_by_ocr() {
    let dir = scratch("mixed");
    let jpegs = render(
        &repo("samples/03-technical-services-uav.pdf"),
        300,
        "jpeg",
        &dir,
    );
    let pdf = dir.join("mixed.pdf");
    let text = "Schedule 9. The Parties have signed this Agreement on the signature page.";
    std::fs::write(&pdf, pdf_writer::mixed(&[text], &jpegs[..1], 300.0)).unwrap();
    let auto = text_of(&pdf);
    assert!(auto.contains(text), "{auto}");
    assert!(auto.contains("# ocr: page 2 read by ocr (eng"), "{auto}");
    assert!(!auto.contains("# ocr: page 1 "), "{auto}");
    assert!(auto.contains("TECHNICAL SERVICES AGREEMENT"), "{auto}");
    let never = techscan()
        .args(["text", "--raw", "--ocr", "never"])
        .arg(&pdf)
        .output()
        .unwrap();
    let never = String::from_utf8(never.stdout).unwrap();
    assert!(never.contains("page 2: no text layer"), "{never}");
    assert!(!never.contains("TECHNICAL SERVICES"), "{never}");
}

/// A multi-page TIFF of uncompressed 8-bit gray frames, from PGM files (`P5`, maxval 255).
fn multi_page_tiff(pgms: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"II*\0\0\0\0\0".to_vec();
    let mut next_pointer = 4;
    for pgm in pgms {
        // Header: P5, width, height, maxval, each followed by one whitespace byte.
        let mut fields = Vec::new();
        let mut at = 0;
        while fields.len() < 4 {
            let end = at + pgm[at..].iter().position(u8::is_ascii_whitespace).unwrap();
            fields.push(String::from_utf8(pgm[at..end].to_vec()).unwrap());
            at = end + 1;
        }
        let (w, h): (u32, u32) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
        let data = &pgm[at..];
        let offset = out.len() as u32;
        out.extend_from_slice(data);
        if out.len() % 2 == 1 {
            out.push(0);
        }
        let ifd = out.len() as u32;
        out[next_pointer..next_pointer + 4].copy_from_slice(&ifd.to_le_bytes());
        let entries: [(u16, u16, u32); 9] = [
            (256, 4, w),
            (257, 4, h),
            (258, 3, 8),
            (259, 3, 1),
            (262, 3, 1),
            (273, 4, offset),
            (277, 3, 1),
            (278, 4, h),
            (279, 4, data.len() as u32),
        ];
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        for (tag, kind, value) in entries {
            out.extend_from_slice(&tag.to_le_bytes());
            out.extend_from_slice(&kind.to_le_bytes());
            out.extend_from_slice(&1u32.to_le_bytes());
            out.extend_from_slice(&value.to_le_bytes());
        }
        next_pointer = out.len();
        out.extend_from_slice(&0u32.to_le_bytes());
    }
    out
}

#[test]
#[cfg_attr(
    not(all(has_tesseract, has_pdftoppm)),
    ignore = "tesseract or pdftoppm not installed (apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim poppler-utils)"
)]
fn each_frame_of_a_multi_page_tiff_is_a_page_checked_for_orientation() {
    let dir = scratch("tiff");
    let sample = "03-technical-services-uav";
    let prefix = dir.join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", "200", "-gray", "-f", "1", "-l", "2"])
        .arg(repo(&format!("samples/{sample}.pdf")))
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let mut pgms: Vec<Vec<u8>> = ["page-1.pgm", "page-2.pgm"]
        .iter()
        .map(|n| std::fs::read(dir.join(n)).unwrap())
        .collect();
    // The second frame lies upside down: its samples in reverse order.
    let (w, h, samples) = pgm_samples(&pgms[1]);
    let mut turned = format!("P5\n{w} {h}\n255\n").into_bytes();
    turned.extend(samples.iter().rev());
    pgms[1] = turned;
    let tiff = dir.join("two-pages.tiff");
    std::fs::write(&tiff, multi_page_tiff(&pgms)).unwrap();

    // Each frame is read on its own, and only the turned one is checked for orientation
    // (--psm 0) and read again turned (--psm 1), as a PDF page image is.
    let (program, log) = logged_tesseract(&dir);
    let out = techscan()
        .env("TECHSCAN_TESSERACT", &program)
        .args(["text", "--raw"])
        .arg(&tiff)
        .output()
        .unwrap();
    assert!(out.status.success());
    let got = String::from_utf8(out.stdout).unwrap();
    assert!(
        got.contains("page 2: the scan lies upside down: read after turning it 180° clockwise"),
        "{got}"
    );
    assert!(!got.contains("page 1: the scan lies"), "{got}");
    let runs = std::fs::read_to_string(&log).unwrap();
    let count = |what: &str, frame: &str| {
        runs.lines()
            .filter(|r| r.contains(&format!("{what} ")) && r.contains(frame))
            .count()
    };
    let (first, second) = ("tessedit_page_number=0", "tessedit_page_number=1");
    // The first frame is tried in English and Chinese to choose the language (its Chinese
    // reading is doubtful enough to ask its orientation); it is never read turned.
    assert_eq!(
        (count("-l eng --psm 4", first), count("--psm 1", first)),
        (1, 0),
        "{runs}"
    );
    assert_eq!(
        (
            count("-l eng --psm 4", second),
            count("--psm 0", second),
            count("-l eng --psm 1", second),
            count("-l chi_sim", second)
        ),
        (1, 1, 1, 0),
        "{runs}"
    );
    for n in [1, 2] {
        let score = f1(
            &bag(&page_text(&got, n), false),
            &sample_page_bag(sample, n),
        );
        println!("frame {n}: word-bag F1 {score:.4}");
        assert!(score >= 0.95, "page {n}: F1 {score:.4}\n{got}");
    }
    let two = page_text(&got, 2);
    let at = |heading: &str| {
        two.find(heading)
            .unwrap_or_else(|| panic!("{heading}: {two}"))
    };
    assert!(at("Client Responsibilities") < at("Acceptance"), "{two}");

    let doc = scan(&tiff, &[]);
    assert_eq!(doc["status"], "scanned", "{doc}");
    assert_eq!(doc["format"], "image");
    assert_eq!(doc["pages"], 2);
    let pages: Vec<u64> = doc["ocr"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["page"].as_u64().unwrap())
        .collect();
    assert_eq!(pages, [1, 2]);
    assert_eq!(doc["language"], "en");
}

#[test]
#[cfg_attr(
    not(all(has_tesseract, has_pdftoppm)),
    ignore = "tesseract or pdftoppm not installed (apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim poppler-utils)"
)]
fn the_time_budget_covers_ocr() {
    let pdf = scanned_sample("01-inbound-licence-grant-back");
    let started = std::time::Instant::now();
    let doc = scan(&pdf, &["--timeout", "1"]);
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert_eq!(doc["status"], "failed", "{doc}");
    assert_eq!(doc["error"]["kind"], "limit-exceeded", "{doc}");
}

#[test]
#[cfg_attr(
    not(all(has_tesseract, has_pdftoppm)),
    ignore = "tesseract or pdftoppm not installed (apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim poppler-utils)"
)]
fn a_chinese_scan_in_an_english_document_is_read_as_chinese() {
    let dir = scratch("annex");
    let jpegs = render(
        &repo("samples/07-rare-earth-know-how-licence.pdf"),
        300,
        "jpeg",
        &dir,
    );
    let pdf = dir.join("annex.pdf");
    let text = "Annex 3. The Licensor and the Licensee attach the Chinese licence contract below as \
                signed by both parties, which prevails over this English summary of its terms.";
    std::fs::write(&pdf, pdf_writer::mixed(&[text], &jpegs[..1], 300.0)).unwrap();
    let got = text_of(&pdf);
    assert!(got.contains("# ocr: page 2 read by ocr (chi_sim"), "{got}");
    assert!(got.contains("技术秘密许可"), "{got}");
}

/// Page `page` of a sample rendered by `pdftoppm -r DPI` with `args` (`-gray -jpeg`,
/// `-mono`): the file's bytes.
fn render_page(sample: &str, page: u32, dpi: u32, args: &[&str], dir: &Path) -> Vec<u8> {
    let prefix = dir.join(format!("p{page}"));
    let n = page.to_string();
    let status = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-f", &n, "-l", &n])
        .args(args)
        .arg(repo(&format!("samples/{sample}.pdf")))
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let file = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("p{page}-"))
        })
        .unwrap();
    std::fs::read(file).unwrap()
}

#[test]
#[cfg_attr(
    not(all(has_tesseract, has_pdftoppm)),
    ignore = "tesseract or pdftoppm not installed (apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim poppler-utils)"
)]
fn inline_and_jbig2_scans_are_read_and_an_undecodable_image_is_named() {
    // A text page; page 1 of a sample as a JPEG inline image (BI … ID … EI); page 2 as a
    // 1-bit JBIG2 image; and an image whose filter nobody decodes.
    let dir = scratch("image-kinds");
    let sample = "03-technical-services-uav";
    let dpi = 200.0;
    let size = |w: u32, h: u32| (w as f32 * 72.0 / dpi, h as f32 * 72.0 / dpi);
    let jpeg = render_page(sample, 1, 200, &["-gray", "-jpeg"], &dir);
    let (w, h, components) = pdf_writer::jpeg_size(&jpeg).unwrap();
    let (pw, ph) = size(w, h);
    let cs = if components == 1 { "G" } else { "RGB" };
    let mut inline =
        format!("q {pw:.2} 0 0 {ph:.2} 0 0 cm BI /W {w} /H {h} /CS /{cs} /BPC 8 /F /DCT ID ")
            .into_bytes();
    inline.extend_from_slice(&jpeg);
    inline.extend_from_slice(b"\nEI Q");

    let pbm = render_page(sample, 2, 200, &["-mono"], &dir);
    // P4 header: magic, width, height, each followed by one white-space byte.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 3 {
        let end = at + pbm[at..].iter().position(u8::is_ascii_whitespace).unwrap();
        fields.push(String::from_utf8(pbm[at..end].to_vec()).unwrap());
        at = end + 1;
    }
    assert_eq!(fields[0], "P4");
    let (bw, bh): (u32, u32) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let jbig2 = jbig2_writer::generic_region(bw, bh, &pbm[at..]);
    let (bpw, bph) = size(bw, bh);

    let text = "1.1 The Supplier shall provide the Services described in the attached pages.";
    let pdf = dir.join("image-kinds.pdf");
    let letter = (612.0, 792.0);
    let draw = |(w, h): (f32, f32)| format!("q {w:.2} 0 0 {h:.2} 0 0 cm /Im0 Do Q").into_bytes();
    std::fs::write(
        &pdf,
        pdf_writer::pages(&[
            pdf_writer::Page {
                size: letter,
                content: format!("BT /F1 11 Tf 72 720 Td ({text}) Tj ET").into_bytes(),
                images: vec![],
            },
            pdf_writer::Page {
                size: (pw, ph),
                content: inline,
                images: vec![],
            },
            pdf_writer::Page {
                size: (bpw, bph),
                content: draw((bpw, bph)),
                images: vec![(
                    format!(
                        "/Width {bw} /Height {bh} /ColorSpace /DeviceGray /BitsPerComponent 1 \
                         /Filter /JBIG2Decode"
                    ),
                    jbig2,
                )],
            },
            pdf_writer::Page {
                size: letter,
                content: draw(letter),
                images: vec![(
                    "/Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /Foo"
                        .to_owned(),
                    vec![0; 64],
                )],
            },
        ]),
    )
    .unwrap();
    let got = text_of(&pdf);
    assert!(got.contains("# ocr: page 2 read by ocr (eng"), "{got}");
    assert!(got.contains("# ocr: page 3 read by ocr (eng"), "{got}");
    assert!(got.contains("TECHNICAL SERVICES AGREEMENT"), "{got}");
    assert!(got.contains("Client Responsibilities"), "{got}");
    assert!(
        got.contains("page 4: not read by ocr: image filter /Foo is not decoded"),
        "{got}"
    );
    // The JBIG2 page reads as its text layer does.
    let want = Command::new("pdftotext")
        .args(["-f", "2", "-l", "2"])
        .arg(repo(&format!("samples/{sample}.pdf")))
        .arg("-")
        .output()
        .unwrap();
    let want = bag(&String::from_utf8(want.stdout).unwrap(), false);
    let page3: String = got
        .split("=== page 3")
        .nth(1)
        .and_then(|rest| rest.split("=== page 4").next())
        .unwrap_or_default()
        .to_owned();
    let score = f1(&bag(&page3, false), &want);
    println!("jbig2 page: word-bag F1 {score:.4}");
    assert!(score >= 0.95, "F1 {score:.4}: {page3}");
}

/// A PGM file (`P5`, maxval 255) as width, height and samples.
fn pgm_samples(pgm: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        let end = at + pgm[at..].iter().position(u8::is_ascii_whitespace).unwrap();
        fields.push(String::from_utf8(pgm[at..end].to_vec()).unwrap());
        at = end + 1;
    }
    assert_eq!(fields[0], "P5");
    (
        fields[1].parse().unwrap(),
        fields[2].parse().unwrap(),
        pgm[at..].to_vec(),
    )
}

/// A `tesseract` that logs the arguments of every reading (not `--version` or
/// `--list-langs`) to the returned log file, then runs the real one.
fn logged_tesseract(dir: &Path) -> (PathBuf, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let log = dir.join("runs.log");
    let program = dir.join("tesseract-logged");
    std::fs::write(
        &program,
        format!(
            "#!/bin/sh\ncase \"$1\" in stdin) echo \"$*\" >> '{}' ;; esac\nexec tesseract \"$@\"\n",
            log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    (program, log)
}

/// The text `techscan text --raw` shows for page `n` (up to the next page's header).
fn page_text(text: &str, n: u32) -> String {
    text.split(&format!("=== page {n}"))
        .nth(1)
        .and_then(|rest| rest.split("=== page").next())
        .unwrap_or_default()
        .to_owned()
}

/// The word bag of page `page` of a sample's text layer (`pdftotext`).
fn sample_page_bag(sample: &str, page: u32) -> BTreeMap<String, usize> {
    let want = Command::new("pdftotext")
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(repo(&format!("samples/{sample}.pdf")))
        .arg("-")
        .output()
        .unwrap();
    bag(&String::from_utf8(want.stdout).unwrap(), false)
}

#[test]
#[cfg_attr(
    not(all(has_tesseract, has_pdftoppm)),
    ignore = "tesseract or pdftoppm not installed (apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim poppler-utils)"
)]
fn pages_scanned_upside_down_or_sideways_are_read_upright() {
    let dir = scratch("turned");
    let sample = "03-technical-services-uav";
    // Page 2 of the sample upside down, page 1 turned a quarter clockwise, as 200 dpi gray
    // Flate images.
    let (w, h, upright) = pgm_samples(&render_page(sample, 2, 200, &["-gray"], &dir));
    let upside_down: Vec<u8> = upright.iter().rev().copied().collect();
    let (w1, h1, first) = pgm_samples(&render_page(sample, 1, 200, &["-gray"], &dir));
    let (w1, h1) = (w1 as usize, h1 as usize);
    let mut sideways = vec![0u8; w1 * h1];
    for y in 0..h1 {
        for x in 0..w1 {
            // (x, y) goes to (h1 - 1 - y, x) in an h1-wide image.
            sideways[x * h1 + (h1 - 1 - y)] = first[y * w1 + x];
        }
    }
    let image = |w: usize, h: usize, samples: Vec<u8>| {
        let mut s = lopdf::Stream::new(lopdf::Dictionary::new(), samples);
        s.compress().unwrap();
        let (pw, ph) = (w as f32 * 72.0 / 200.0, h as f32 * 72.0 / 200.0);
        pdf_writer::Page {
            size: (pw, ph),
            content: format!("q {pw:.2} 0 0 {ph:.2} 0 0 cm /Im0 Do Q").into_bytes(),
            images: vec![(
                format!(
                    "/Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 \
                     /Filter /FlateDecode"
                ),
                s.content,
            )],
        }
    };
    let text = "1.1 The Supplier shall provide the Services described in the attached pages.";
    let pdf = dir.join("turned.pdf");
    std::fs::write(
        &pdf,
        pdf_writer::pages(&[
            pdf_writer::Page {
                size: (612.0, 792.0),
                content: format!("BT /F1 11 Tf 72 720 Td ({text}) Tj ET").into_bytes(),
                images: vec![],
            },
            image(w as usize, h as usize, upside_down),
            image(h1, w1, sideways),
        ]),
    )
    .unwrap();
    // Every engine run is logged, to show which pages paid for the orientation check.
    let (program, log) = logged_tesseract(&dir);
    let out = techscan()
        .env("TECHSCAN_TESSERACT", &program)
        .args(["text", "--raw"])
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(out.status.success());
    let got = String::from_utf8(out.stdout).unwrap();
    assert!(
        got.contains("page 2: the scan lies upside down: read after turning it 180° clockwise"),
        "{got}"
    );
    assert!(
        got.contains("page 3: the scan lies sideways: read after turning it 270° clockwise"),
        "{got}"
    );
    let runs = std::fs::read_to_string(&log).unwrap();
    let psm = |n: &str| runs.matches(&format!("--psm {n}")).count();
    // Both pages are read once as one column (--psm 4), which reads the upside-down page
    // poorly and the sideways one not at all; so both are checked for orientation (--psm 0),
    // turned upright and read again as one column (never with Tesseract's own turning,
    // --psm 1, which segments into blocks). The text page costs no run.
    assert_eq!((psm("4"), psm("0"), psm("1")), (4, 2, 0), "{runs}");
    let page = |n: u32| page_text(&got, n);
    for (n, original) in [(2, 2), (3, 1)] {
        let score = f1(&bag(&page(n), false), &sample_page_bag(sample, original));
        println!("page {n}: word-bag F1 {score:.4}");
        assert!(score >= 0.95, "page {n}: F1 {score:.4}\n{}", page(n));
    }
    // Reading order as upright: the headings in turn, the title first.
    let two = page(2);
    let at = |heading: &str| {
        two.find(heading)
            .unwrap_or_else(|| panic!("{heading}: {two}"))
    };
    assert!(at("Client Responsibilities") < at("Acceptance"), "{two}");
    assert!(at("Acceptance") < at("Fees and Payment"), "{two}");
    // Read as one column, a clause number stays on its clause's line.
    assert!(
        two.lines()
            .any(|l| l.starts_with("3.1") && l.contains("The Client shall make available")),
        "{two}"
    );
    let three = page(3);
    let first_line = three
        .lines()
        .find(|l| !(l.trim().is_empty() || l.starts_with("[¶") || l.ends_with("===")));
    assert_eq!(first_line, Some("TECHNICAL SERVICES AGREEMENT"), "{three}");
}

#[test]
#[cfg_attr(
    not(all(has_tesseract, has_pdftoppm, has_corpus)),
    ignore = "tesseract, pdftoppm or ../shared/corpus absent (apt-get install tesseract-ocr tesseract-ocr-eng poppler-utils)"
)]
fn a_scanned_table_of_contents_keeps_its_rows_and_page_numbers() {
    // Page 2 of a CUAD agreement: a table of contents whose page-number column Tesseract's
    // block segmentation cut off and misread (`nn`, `ul`); read as one column, each row
    // keeps its number, and `ll` read in that column is 11.
    let dir = scratch("toc");
    let source = corpus().join("contracts/en/cuad/004_cerence-nuance-ip/cerence-nuance-ip.pdf");
    let prefix = dir.join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", "300", "-gray", "-jpeg", "-f", "2", "-l", "2"])
        .arg(&source)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let jpeg = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "jpg"))
        .unwrap();
    let pdf = dir.join("toc.pdf");
    std::fs::write(
        &pdf,
        pdf_writer::scanned(&[std::fs::read(jpeg).unwrap()], 300.0),
    )
    .unwrap();
    let got = text_of(&pdf);
    for row in [
        "Section 1.01. Definitions 1",
        "Section 3.02. Other Covenants 7",
        "Section 5.06. Group Members 10",
        "Section 6.02. Disclosure of Confidential Technical Information 11",
    ] {
        assert!(got.contains(row), "{row}: {got}");
    }
    let want = Command::new("pdftotext")
        .args(["-f", "2", "-l", "2"])
        .arg(&source)
        .arg("-")
        .output()
        .unwrap();
    let score = f1(
        &bag(&got, false),
        &bag(&String::from_utf8(want.stdout).unwrap(), false),
    );
    println!("table of contents: word-bag F1 {score:.4}");
    assert!(score >= 0.98, "F1 {score:.4}: {got}");
}

#[test]
#[cfg_attr(
    not(all(has_tesseract, has_pdftoppm)),
    ignore = "tesseract or pdftoppm not installed (apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim poppler-utils)"
)]
fn a_low_resolution_scan_is_read_enlarged_in_english_and_as_it_is_in_chinese() {
    // An English text page, then 200 dpi grayscale JPEG scans of an English page and of a
    // Chinese annex page.
    let dir = scratch("enlarged");
    let english = render_page(
        "03-technical-services-uav",
        1,
        200,
        &["-gray", "-jpeg"],
        &dir,
    );
    let chinese = render_page(
        "07-rare-earth-know-how-licence",
        1,
        200,
        &["-gray", "-jpeg"],
        &dir,
    );
    let text = "Schedule 9. The Parties attach the scanned pages below as signed by both of them.";
    let pdf = dir.join("low-resolution.pdf");
    std::fs::write(
        &pdf,
        pdf_writer::mixed(&[text], &[english.clone(), chinese], 200.0),
    )
    .unwrap();
    // The English page as a JPEG file, whose header says 200 dpi: read enlarged as well.
    let jpeg = dir.join("low-resolution.jpg");
    std::fs::write(&jpeg, &english).unwrap();
    let (program, log) = logged_tesseract(&dir);
    let out = techscan()
        .env("TECHSCAN_TESSERACT", &program)
        .args(["text", "--raw"])
        .arg(&jpeg)
        .output()
        .unwrap();
    assert!(out.status.success());
    let got = String::from_utf8(out.stdout).unwrap();
    assert!(got.contains("# ocr: page 1 read by ocr (eng"), "{got}");
    let runs = std::fs::read_to_string(&log).unwrap();
    assert!(
        runs.lines().any(|r| r.contains("-l eng --psm 4 --dpi 300")),
        "{runs}"
    );
    std::fs::remove_file(&log).unwrap();

    let out = techscan()
        .env("TECHSCAN_TESSERACT", &program)
        .args(["text", "--raw"])
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(out.status.success());
    let got = String::from_utf8(out.stdout).unwrap();
    // Every English reading is of the page enlarged to 300 dpi; every Chinese one of the
    // scan at its own 200 dpi.
    let runs = std::fs::read_to_string(&log).unwrap();
    let english_runs: Vec<&str> = runs.lines().filter(|r| r.contains("-l eng ")).collect();
    let chinese_runs: Vec<&str> = runs.lines().filter(|r| r.contains("-l chi_sim ")).collect();
    assert!(
        !english_runs.is_empty() && english_runs.iter().all(|r| r.contains("--dpi 300")),
        "{runs}"
    );
    assert!(
        !chinese_runs.is_empty() && chinese_runs.iter().all(|r| r.contains("--dpi 200")),
        "{runs}"
    );
    assert!(got.contains("# ocr: page 2 read by ocr (eng"), "{got}");
    assert!(got.contains("# ocr: page 3 read by ocr (chi_sim"), "{got}");
    assert!(page_text(&got, 3).contains("技术秘密许可"), "{got}");
    // The enlarged page's lines are laid out in the page's own coordinates: the title comes
    // first and the words are those of the text layer.
    let two = page_text(&got, 2);
    let first_line = two
        .lines()
        .find(|l| !(l.trim().is_empty() || l.starts_with("[¶") || l.ends_with("===")));
    assert_eq!(first_line, Some("TECHNICAL SERVICES AGREEMENT"), "{two}");
    let score = f1(
        &bag(&two, false),
        &sample_page_bag("03-technical-services-uav", 1),
    );
    println!("enlarged english page: word-bag F1 {score:.4}");
    assert!(score >= 0.97, "F1 {score:.4}: {two}");
}
