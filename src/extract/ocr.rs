//! Optical character recognition of page images with the Tesseract program.
//!
//! It owns finding the engine (`tesseract` on `PATH`, or the program `TECHSCAN_TESSERACT`
//! names), running it on one image under the document's deadline (one thread per process,
//! `OMP_THREAD_LIMIT=1`: pages run in parallel on the pipeline's pool instead), reading its
//! `tsv` output into positioned lines with word confidences (turned upright when the page
//! lies turned, checked with Tesseract's orientation detection when a page reads poorly),
//! choosing a language from a first pass, and the small image containers (PGM/PPM, TIFF around CCITT fax data) that
//! hand decoded samples to it. It knows nothing of PDF objects (`pdf/images.rs` takes the
//! images out of a page) and never prints.
//!
//! Why the program and not libtesseract: a `-sys` binding needs the C++ headers and a
//! compiler toolchain for leptonica and tesseract at build time, and it would put a
//! crashing or hanging engine inside techscan's process; a child process is killed at the
//! deadline and a crash is one page's warning. The cost of the process (about 0.1 s to
//! start and load a language model) is small against 2–6 s of recognition per page.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::error::ExtractError;

/// The Debian package of the engine itself.
const ENGINE_PACKAGE: &str = "tesseract-ocr";

/// Words every error that asks for a package to be installed carries, so that callers can
/// tell a machine without the engine from a page the engine could not read.
const INSTALL: &str = "install the debian package";

/// Whether `e` says that the engine or a language pack is missing (and names the Debian
/// packages to install), as opposed to a page that could not be read.
pub fn is_missing_engine(e: &ExtractError) -> bool {
    e.kind == crate::model::ErrorKind::Unsupported && e.message.contains(INSTALL)
}

/// The Debian packages to install for `scripts` (both `eng` and `chi_sim` when none is
/// known), with the engine's own package when `engine` is true.
fn packages(engine: bool, scripts: &[Script]) -> String {
    let scripts: &[Script] = if scripts.is_empty() {
        &[Script::Latin, Script::Simplified]
    } else {
        scripts
    };
    let names: Vec<&str> = engine
        .then_some(ENGINE_PACKAGE)
        .into_iter()
        .chain(scripts.iter().map(|s| s.package()))
        .collect();
    let plural = if names.len() == 1 { "" } else { "s" };
    format!("{INSTALL}{plural} {}", names.join(" "))
}

/// When pages are read by OCR (`--ocr`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OcrMode {
    /// Only pages without a usable text layer, when the engine is installed.
    #[default]
    Auto,
    /// Every page that carries an image, replacing its text layer.
    Always,
    /// Never: pages without text are reported unreadable.
    Never,
}

impl OcrMode {
    pub fn as_str(self) -> &'static str {
        match self {
            OcrMode::Auto => "auto",
            OcrMode::Always => "always",
            OcrMode::Never => "never",
        }
    }
}

/// A Tesseract language pack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Script {
    /// `eng`
    Latin,
    /// `chi_sim`
    Simplified,
    /// `chi_tra`
    Traditional,
}

impl Script {
    /// The language pack's name.
    pub fn pack(self) -> &'static str {
        match self {
            Script::Latin => "eng",
            Script::Simplified => "chi_sim",
            Script::Traditional => "chi_tra",
        }
    }

    /// The Debian package that installs the pack.
    fn package(self) -> &'static str {
        match self {
            Script::Latin => "tesseract-ocr-eng",
            Script::Simplified => "tesseract-ocr-chi-sim",
            Script::Traditional => "tesseract-ocr-chi-tra",
        }
    }
}

/// An image file's bytes as Tesseract reads them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// Shared: each frame of a multi-page TIFF is read from the same bytes.
    pub bytes: std::sync::Arc<[u8]>,
    /// Resolution to tell the engine when the file does not say (PDF page images: pixels
    /// over the page's width in inches).
    pub dpi: Option<u32>,
    /// The one frame (from 0) of a multi-page TIFF to read; `None` reads every frame.
    pub frame: Option<u32>,
}

impl Image {
    /// Tells the engine what the bytes do not: the resolution, and the frame to read.
    fn describe(&self, command: &mut Command) {
        if let Some(dpi) = self.dpi {
            command.args(["--dpi", &dpi.clamp(70, 1200).to_string()]);
        }
        if let Some(frame) = self.frame {
            command.args(["-c", &format!("tessedit_page_number={frame}")]);
        }
    }
}

/// The resolution Latin text is read at: a page image of a known lower resolution is
/// enlarged to it first. Tesseract reads small Latin print better with more pixels a
/// letter; measured with `benches/ocr_vs_pipeline.sh` at 200 dpi (see the README's OCR
/// section). Chinese is read at the scan's own resolution: enlarging 200 dpi Chinese scans
/// to 300 dpi lowered CJK-character-bag F1 on all three corpus contracts of the bench
/// (0.9971 to 0.9880, 0.9967 to 0.9934, 0.9854 to 0.9778; Lanczos, Tesseract alone).
pub const LATIN_DPI: u32 = 300;

/// At most this many times larger a side: a page image of under 100 dpi is enlarged to
/// three times its size, not to [`LATIN_DPI`].
const MAX_ENLARGEMENT: u32 = 3;

impl Image {
    /// The image enlarged (bicubic) to `dpi`, as an 8-bit gray PGM of the same frame; `None`
    /// when its resolution is unknown or at least `dpi` (within 5 %), or it does not
    /// decode (see [`super::resample`]), and it is read as it is.
    pub fn enlarged_to(&self, dpi: u32) -> Option<Image> {
        let own = self.dpi.filter(|d| *d > 0 && d * 105 < dpi * 100)?;
        if self.frame.is_some() {
            return None;
        }
        let target = dpi.min(own * MAX_ENLARGEMENT);
        let gray = super::resample::Gray::decode(&self.bytes)?;
        let scale = |n: usize| (n as u64 * u64::from(target) / u64::from(own)) as usize;
        let big = gray.enlarged(scale(gray.width), scale(gray.height));
        Some(Image {
            bytes: big.pgm().into(),
            dpi: Some((own as usize * big.width / gray.width.max(1)) as u32),
            frame: None,
        })
    }

    /// The image turned `degrees` clockwise, as an 8-bit gray PGM of the same resolution;
    /// `None` for a frame of a multi-page TIFF or an image that does not decode (see
    /// [`super::resample`]).
    fn turned(&self, degrees: u16) -> Option<Image> {
        if self.frame.is_some() {
            return None;
        }
        let gray = super::resample::Gray::decode(&self.bytes)?;
        Some(Image {
            bytes: gray.turned(degrees).pgm().into(),
            dpi: self.dpi,
            frame: None,
        })
    }
}

/// The most frames of a multi-page TIFF counted (and read): more is the time budget's
/// business long before.
const MAX_FRAMES: usize = 100_000;

/// How many frames (image file directories) a TIFF file chains, following each
/// directory's link to the next until a link is 0, points outside the file or back to a
/// directory already seen, or the next directory is cut off; `None` when `bytes` are not a
/// classic TIFF.
pub fn tiff_frames(bytes: &[u8]) -> Option<usize> {
    let little = match bytes.get(..4)? {
        b"II*\0" => true,
        b"MM\0*" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<usize> {
        let b: [u8; 2] = bytes.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(usize::from(if little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        }))
    };
    let u32_at = |at: usize| -> Option<usize> {
        let b: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
        let v = if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        };
        usize::try_from(v).ok()
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut next = u32_at(4)?;
    while next != 0 && seen.len() < MAX_FRAMES && seen.insert(next) {
        let Some(link) = u16_at(next)
            .and_then(|entries| next.checked_add(2 + entries * 12))
            .and_then(u32_at)
        else {
            seen.remove(&next);
            break;
        };
        next = link;
    }
    Some(seen.len())
}

/// One line read by OCR, in image coordinates scaled to points (72 per inch) with `y`
/// growing upwards, as the PDF layout expects.
#[derive(Clone, Debug, PartialEq)]
pub struct OcrLine {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    /// Bottom of the line's box.
    pub y: f32,
    /// Height of the line's box.
    pub size: f32,
    /// Tesseract's paragraph of the line (block and paragraph number): a change is a
    /// paragraph break.
    pub paragraph: (u32, u32),
}

/// One page (image, or frame of a multi-page TIFF) read by OCR.
#[derive(Clone, Debug, PartialEq)]
pub struct OcrPage {
    pub lines: Vec<OcrLine>,
    /// Words read, and their mean confidence (0–1); 0 words: `confidence` 0.
    pub words: u32,
    pub confidence: f32,
    /// The language pack(s) used, `+`-joined.
    pub language: String,
    /// Degrees the image had to be turned clockwise to read upright (0, 90, 180, 270):
    /// lines are given in the upright page's coordinates.
    pub turned: u16,
}

impl OcrPage {
    /// A page with nothing read (a frame the engine failed on keeps its page number).
    pub fn empty() -> OcrPage {
        OcrPage {
            lines: Vec::new(),
            words: 0,
            confidence: 0.0,
            language: String::new(),
            turned: 0,
        }
    }

    /// Characters read (not counting spaces).
    pub fn chars(&self) -> usize {
        self.lines
            .iter()
            .map(|l| l.text.chars().filter(|c| !c.is_whitespace()).count())
            .sum()
    }
}

/// The Tesseract program and the language packs it has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tesseract {
    program: PathBuf,
    /// First line of `tesseract --version`.
    version: String,
    packs: Vec<String>,
}

/// The environment variable that names the Tesseract program (tests point it at a missing
/// one).
pub const PROGRAM_ENV: &str = "TECHSCAN_TESSERACT";

/// Why the engine found on this machine cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Absent {
    why: String,
    /// Whether the program runs (only its language packs are missing).
    program_runs: bool,
}

impl Absent {
    /// The error for a document in `script` (either pack when unknown): why, and exactly
    /// the Debian packages to install.
    fn error(&self, script: Option<Script>) -> ExtractError {
        ExtractError::unsupported(format!(
            "ocr engine not available ({}): {}",
            self.why,
            packages(!self.program_runs, script.as_slice())
        ))
    }
}

/// The engine found on this machine, looked up once per process.
///
/// # Errors
/// `unsupported`, naming the Debian packages to install, when the program cannot be run
/// or has neither the English nor the simplified Chinese pack.
pub fn engine() -> Result<&'static Tesseract, ExtractError> {
    engine_for(None)
}

/// [`engine`] for a document whose language is `script` when known: its error names the
/// engine's package (when the program is missing) and that script's pack only.
///
/// # Errors
/// As [`engine`].
pub fn engine_for(script: Option<Script>) -> Result<&'static Tesseract, ExtractError> {
    static FOUND: OnceLock<Result<Tesseract, Absent>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            let program = std::env::var_os(PROGRAM_ENV)
                .filter(|p| !p.is_empty())
                .map_or_else(|| PathBuf::from("tesseract"), PathBuf::from);
            Tesseract::probe(program)
        })
        .as_ref()
        .map_err(|absent| absent.error(script))
}

/// What decides OCR results on this machine, for the cache key: the engine's version and
/// language packs, or `absent`.
pub fn identity() -> String {
    match engine() {
        Ok(t) => format!("{} [{}]", t.version, t.packs.join(",")),
        Err(e) => format!("absent: {}", e.message),
    }
}

impl Tesseract {
    fn probe(program: PathBuf) -> Result<Tesseract, Absent> {
        let missing = |why: String| Absent {
            why,
            program_runs: false,
        };
        let run = |arg: &str| {
            Command::new(&program)
                .arg(arg)
                .stdin(Stdio::null())
                .env("OMP_THREAD_LIMIT", "1")
                .output()
        };
        let version = run("--version").map_err(|e| {
            missing(format!(
                "cannot run {}: {}",
                program.display(),
                e.to_string().to_lowercase()
            ))
        })?;
        let text = String::from_utf8_lossy(&version.stdout).into_owned()
            + &String::from_utf8_lossy(&version.stderr);
        let version = text
            .lines()
            .find(|l| l.starts_with("tesseract"))
            .ok_or_else(|| missing(format!("{} is not tesseract", program.display())))?
            .trim()
            .to_owned();
        let listed = run("--list-langs").map_err(|e| missing(e.to_string().to_lowercase()))?;
        let mut packs: Vec<String> = String::from_utf8_lossy(&listed.stdout)
            .lines()
            .skip_while(|l| !l.starts_with("List of available languages"))
            .skip(1)
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect();
        packs.sort();
        let t = Tesseract {
            program,
            version,
            packs,
        };
        if !t.has(Script::Latin) && !t.has(Script::Simplified) {
            return Err(Absent {
                why: "tesseract has no eng or chi_sim language pack".to_owned(),
                program_runs: true,
            });
        }
        Ok(t)
    }

    /// Whether the language pack for `script` is installed.
    pub fn has(&self, script: Script) -> bool {
        self.packs.iter().any(|p| p == script.pack())
    }

    /// The error for a page that needs a pack the engine lacks.
    pub fn missing_pack(script: Script) -> String {
        format!(
            "tesseract has no {} language pack: {}",
            script.pack(),
            packages(false, &[script])
        )
    }

    /// Reads `image` with the given packs (`+`-joined by Tesseract), one result per page
    /// of the image (several for a multi-page TIFF). The process is killed at `deadline`.
    ///
    /// Read in English alone, a page image of a known resolution below [`LATIN_DPI`] is
    /// read enlarged to it (see [`Image::enlarged_to`]).
    ///
    /// The page is read as one column of text lines of varying sizes ([`SEGMENTATION`]).
    /// A single page read with low confidence (below [`ORIENTATION_CHECK`]) or almost no
    /// words may lie sideways or upside down: Tesseract's orientation detection (`--psm 0`,
    /// the `osd` pack) is asked, and when it says the page is turned the image is turned
    /// upright and read again as one column, keeping the more confident reading; an image
    /// techscan cannot decode to turn it (TIFF, PNG, JPEG 2000) is read again with
    /// `--psm 1` instead (detection, turning and recognition in one run, segmented into
    /// blocks). Pages read with normal confidence pay nothing.
    ///
    /// # Errors
    /// `limit` when the deadline passes; `malformed` when the engine fails on the image
    /// (its last message in the error).
    pub fn read(
        &self,
        image: &Image,
        scripts: &[Script],
        deadline: Option<Instant>,
    ) -> Result<Vec<OcrPage>, ExtractError> {
        let language = scripts
            .iter()
            .map(|s| s.pack())
            .collect::<Vec<_>>()
            .join("+");
        let enlarged = (scripts == [Script::Latin])
            .then(|| image.enlarged_to(LATIN_DPI))
            .flatten();
        let image = enlarged.as_ref().unwrap_or(image);
        let pages = self.recognise(image, &language, SEGMENTATION, deadline)?;
        let doubtful = matches!(pages.as_slice(),
            [page] if page.words < MIN_WORDS || page.confidence < ORIENTATION_CHECK);
        if !doubtful || !self.packs.iter().any(|p| p == "osd") {
            return Ok(pages);
        }
        let turn = match self.orientation(image, deadline) {
            Ok(Some(turn)) if turn != 0 => turn,
            Err(e) if e.kind == crate::model::ErrorKind::LimitExceeded => return Err(e),
            _ => return Ok(pages),
        };
        let again = match image.turned(turn) {
            Some(upright) => self
                .recognise(&upright, &language, SEGMENTATION, deadline)
                .map(|mut read| {
                    for page in &mut read {
                        page.turned = turn;
                    }
                    read
                }),
            None => self.recognise(image, &language, 1, deadline),
        };
        match again {
            Ok(turned) if mean_confidence(&turned) > mean_confidence(&pages) => Ok(turned),
            Err(e) if e.kind == crate::model::ErrorKind::LimitExceeded => Err(e),
            _ => Ok(pages),
        }
    }

    /// One run of the engine with page segmentation mode `psm`, read from its `tsv`.
    fn recognise(
        &self,
        image: &Image,
        language: &str,
        psm: u8,
        deadline: Option<Instant>,
    ) -> Result<Vec<OcrPage>, ExtractError> {
        let mut command = Command::new(&self.program);
        command.args(["stdin", "stdout", "-l", language, "--psm", &psm.to_string()]);
        image.describe(&mut command);
        command.arg("tsv");
        let out = Self::run(command, image, deadline)?;
        Ok(parse_tsv(
            &String::from_utf8_lossy(&out.stdout),
            image.dpi,
            language,
        ))
    }

    /// The degrees Tesseract's orientation detection says the image must be turned
    /// clockwise to stand upright; `None` when it cannot tell (too little text).
    fn orientation(
        &self,
        image: &Image,
        deadline: Option<Instant>,
    ) -> Result<Option<u16>, ExtractError> {
        let mut command = Command::new(&self.program);
        command.args(["stdin", "stdout", "-l", "osd", "--psm", "0"]);
        image.describe(&mut command);
        let out = Self::run(command, image, deadline)?;
        Ok(parse_osd(&String::from_utf8_lossy(&out.stdout)))
    }

    /// Runs the engine on `image` (one thread, killed at `deadline`).
    ///
    /// # Errors
    /// As [`Tesseract::read`].
    fn run(
        mut command: Command,
        image: &Image,
        deadline: Option<Instant>,
    ) -> Result<Finished, ExtractError> {
        command
            .env("OMP_THREAD_LIMIT", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let out = run_until(command, &image.bytes, deadline)?;
        if !out.status_ok {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let last = stderr
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("no message");
            return Err(ExtractError::malformed(format!(
                "ocr failed: tesseract: {}",
                last.trim().trim_end_matches('.').to_lowercase()
            )));
        }
        Ok(out)
    }
}

/// A single page read with a mean word confidence below this may lie turned: its
/// orientation is checked. Upright pages in the right language read at 0.85–0.96 on the
/// samples, an upside-down page at 0.37, a Chinese page read as English at 0.31.
pub const ORIENTATION_CHECK: f32 = 0.6;

/// A page read with fewer words than this may lie sideways (read as one column, a
/// sideways page gives no words at all): its orientation is checked. A blank page or a
/// photograph costs that check (Tesseract gives up on it quickly).
const MIN_WORDS: u32 = 10;

/// Tesseract's page segmentation mode for the first reading: 4, one column of text lines of
/// varying sizes, rather than its default 3 (automatic segmentation into blocks). Contract
/// pages are one column; mode 3 cuts off columns of short items into blocks of their own and
/// misreads or drops them — the page numbers of a table of contents, a column of clause
/// numbers — and reads them out of their rows. Measured with `benches/ocr_vs_pipeline.sh`
/// (first 3 pages of 3 English and 3 Chinese corpus contracts, 300 dpi): word-bag F1 on the
/// contract with two table-of-contents pages 0.959 with mode 3, 0.985 with mode 4; the others
/// within ±0.003; the same time per page. A multi-column page is read line by line across
/// its columns, as its text layer is.
const SEGMENTATION: u8 = 4;

/// The warning for page `n`, read off an image lying turned.
pub fn turned_warning(n: usize, turned: u16) -> String {
    let how = match turned {
        180 => "upside down",
        _ => "sideways",
    };
    format!("page {n}: the scan lies {how}: read after turning it {turned}° clockwise")
}

/// The `Rotate:` degrees of Tesseract's `--psm 0` report.
fn parse_osd(report: &str) -> Option<u16> {
    report
        .lines()
        .find_map(|l| l.strip_prefix("Rotate:"))
        .and_then(|v| v.trim().parse::<u16>().ok())
        .filter(|d| matches!(d, 0 | 90 | 180 | 270))
}

struct Finished {
    status_ok: bool,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Runs `command` with `input` on its standard input, collecting its output, and kills it
/// when `deadline` passes.
fn run_until(
    mut command: Command,
    input: &[u8],
    deadline: Option<Instant>,
) -> Result<Finished, ExtractError> {
    if deadline.is_some_and(|d| Instant::now() >= d) {
        return Err(ExtractError::limit(super::TIME_BUDGET_EXCEEDED));
    }
    let mut child = command.spawn().map_err(|e| {
        ExtractError::unsupported(format!(
            "cannot run tesseract: {}: {}",
            e.to_string().to_lowercase(),
            packages(true, &[])
        ))
    })?;
    let (Some(mut stdin), Some(mut stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(ExtractError::malformed("ocr failed: no pipes to tesseract"));
    };
    std::thread::scope(|scope| {
        // A broken pipe (the engine refused the image early) shows in its exit status.
        scope.spawn(move || {
            let _ = stdin.write_all(input);
        });
        let out = scope.spawn(move || {
            let mut buf = Vec::new();
            let _ = stdout.read_to_end(&mut buf);
            buf
        });
        let err = scope.spawn(move || {
            let mut buf = Vec::new();
            let _ = stderr.read_to_end(&mut buf);
            buf
        });
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Ok(status),
                Ok(None) => {}
                Err(e) => break Err(e.to_string()),
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ExtractError::limit(super::TIME_BUDGET_EXCEEDED));
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let stdout = out.join().unwrap_or_default();
        let stderr = err.join().unwrap_or_default();
        match status {
            Ok(status) => Ok(Finished {
                status_ok: status.success(),
                stdout,
                stderr,
            }),
            Err(e) => Err(ExtractError::malformed(format!(
                "ocr failed: waiting for tesseract: {e}"
            ))),
        }
    })
}

/// Whether `ch` is written without spaces around it (CJK ideographs, kana, full-width
/// punctuation).
fn is_cjk(ch: char) -> bool {
    matches!(ch as u32,
        0x3000..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
}

/// The words of one line as text. CJK text is written without spaces, and in a line with
/// CJK characters punctuation belongs to the words beside it (Tesseract splits `(一)` and
/// `“技术秘密”:` into words). The simplified and traditional models read a full-width
/// parenthesis as an angle bracket (`〈甲方)`), which contracts do not use: it is read as
/// a parenthesis.
fn join_words(words: &[String]) -> String {
    let cjk_line = words.iter().any(|w| w.chars().any(is_cjk));
    let punct = |c: char| !c.is_alphanumeric() && !c.is_whitespace();
    let mut out = String::new();
    for word in words {
        let word: String = if cjk_line {
            word.chars()
                .map(|c| match c {
                    '〈' => '(',
                    '〉' => ')',
                    other => other,
                })
                .collect()
        } else {
            word.clone()
        };
        if let (Some(a), Some(b)) = (out.chars().next_back(), word.chars().next()) {
            let tight = |c: char| is_cjk(c) || (cjk_line && punct(c));
            if !(tight(a) && tight(b)) {
                out.push(' ');
            }
        }
        out.push_str(&word);
    }
    out
}

/// One word of Tesseract's `tsv` output: its line (page, block, paragraph, line number),
/// box in pixels (left, top, width, height) and text.
struct Word {
    line: (u32, u32, u32, u32),
    bbox: [f32; 4],
    text: String,
}

/// The turn (degrees clockwise) that makes a page upright, from the way its words run
/// along their lines: left to right 0, right to left 180, downwards 270 (the page lies
/// turned a quarter clockwise), upwards 90. Most pairs of neighbouring words decide; too
/// few (under 3), or no majority, is 0.
fn reading_turn(words: &[&Word]) -> u16 {
    let mut votes = [0usize; 4];
    for pair in words.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.line != b.line {
            continue;
        }
        let centre = |w: &Word| (w.bbox[0] + w.bbox[2] / 2.0, w.bbox[1] + w.bbox[3] / 2.0);
        let ((ax, ay), (bx, by)) = (centre(a), centre(b));
        let (dx, dy) = (bx - ax, by - ay);
        let turn = if dx.abs() >= dy.abs() {
            if dx >= 0.0 { 0 } else { 2 }
        } else if dy > 0.0 {
            3
        } else {
            1
        };
        votes[turn] += 1;
    }
    let total: usize = votes.iter().sum();
    let (best, n) = votes
        .iter()
        .enumerate()
        .max_by_key(|(_, n)| **n)
        .map_or((0, 0), |(i, n)| (i, *n));
    if total < 3 || n * 2 <= total {
        0
    } else {
        best as u16 * 90
    }
}

/// `bbox` (left, top, width, height) on an image of `size` (width, height) after turning
/// the image `turn` degrees clockwise.
fn turn_box(bbox: [f32; 4], size: (f32, f32), turn: u16) -> [f32; 4] {
    let [x, y, w, h] = bbox;
    let (width, height) = size;
    match turn {
        90 => [height - y - h, x, h, w],
        180 => [width - x - w, height - y - h, w, h],
        270 => [y, width - x - w, h, w],
        _ => bbox,
    }
}

/// Reads Tesseract's `tsv` output: words (level 5) grouped into lines by page, block,
/// paragraph and line number, in the engine's reading order. Words of CJK text are joined
/// without a space. A page whose words run other than left to right (read off an image
/// lying turned) gets its boxes turned upright, and says so in `turned`.
pub fn parse_tsv(tsv: &str, dpi: Option<u32>, language: &str) -> Vec<OcrPage> {
    // Tesseract reports boxes in pixels at the image's resolution (300 when unknown).
    let scale = 72.0 / dpi.unwrap_or(300).max(1) as f32;
    let mut pages: Vec<OcrPage> = Vec::new();
    let mut sizes: Vec<(f32, f32)> = Vec::new();
    let mut conf_sum = Vec::<f64>::new();
    let mut words: Vec<Word> = Vec::new();
    for row in tsv.lines() {
        let cols: Vec<&str> = row.split('\t').collect();
        let [
            level,
            page,
            block,
            par,
            line_no,
            _word,
            left,
            top,
            width,
            height,
            conf,
            text,
        ] = cols.as_slice()
        else {
            continue;
        };
        let num = |s: &str| s.trim().parse::<f32>().ok();
        let (Some(level), Some(page)) = (num(level), num(page)) else {
            continue; // the header row
        };
        let page = (page.max(1.0)) as u32;
        while pages.len() < page as usize {
            pages.push(OcrPage {
                lines: Vec::new(),
                words: 0,
                confidence: 0.0,
                language: language.to_owned(),
                turned: 0,
            });
            sizes.push((0.0, 0.0));
            conf_sum.push(0.0);
        }
        let (Some(left), Some(top), Some(width), Some(height)) =
            (num(left), num(top), num(width), num(height))
        else {
            continue;
        };
        if level as u32 == 1 {
            if let Some(size) = sizes.get_mut(page as usize - 1) {
                *size = (left + width, top + height);
            }
            continue;
        }
        if level as u32 != 5 {
            continue;
        }
        let word = text.trim();
        if word.is_empty() {
            continue;
        }
        words.push(Word {
            line: (
                page,
                num(block).unwrap_or(0.0) as u32,
                num(par).unwrap_or(0.0) as u32,
                num(line_no).unwrap_or(0.0) as u32,
            ),
            bbox: [left, top, width, height],
            text: word.to_owned(),
        });
        if let (Some(out), Some(c), Some(sum)) = (
            pages.get_mut(page as usize - 1),
            num(conf),
            conf_sum.get_mut(page as usize - 1),
        ) {
            if c >= 0.0 {
                out.words += 1;
                *sum += f64::from(c);
            }
        }
    }
    for (index, out) in pages.iter_mut().enumerate() {
        let n = index as u32 + 1;
        let on_page: Vec<&Word> = words.iter().filter(|w| w.line.0 == n).collect();
        let turn = reading_turn(&on_page);
        let size = sizes.get(index).copied().unwrap_or_default();
        let upright_height = if turn % 180 == 90 { size.0 } else { size.1 };
        out.turned = turn;
        // (words, left, top, right, bottom) of each line, in reading order.
        for line in on_page.chunk_by(|a, b| a.line == b.line) {
            let Some(first) = line.first() else { continue };
            let boxes: Vec<[f32; 4]> = line.iter().map(|w| turn_box(w.bbox, size, turn)).collect();
            let left = boxes.iter().map(|b| b[0]).fold(f32::INFINITY, f32::min);
            let top = boxes.iter().map(|b| b[1]).fold(f32::INFINITY, f32::min);
            let right = boxes
                .iter()
                .map(|b| b[0] + b[2])
                .fold(f32::NEG_INFINITY, f32::max);
            let bottom = boxes
                .iter()
                .map(|b| b[1] + b[3])
                .fold(f32::NEG_INFINITY, f32::max);
            let texts: Vec<String> = line.iter().map(|w| w.text.clone()).collect();
            let image_height = if upright_height > 0.0 {
                upright_height
            } else {
                bottom
            };
            out.lines.push(OcrLine {
                text: join_words(&texts),
                x0: left * scale,
                x1: right * scale,
                y: (image_height - bottom) * scale,
                size: ((bottom - top) * scale).max(1.0),
                paragraph: (first.line.1, first.line.2),
            });
        }
    }
    for page in &mut pages {
        page_number_column(&mut page.lines);
    }
    for (page, sum) in pages.iter_mut().zip(conf_sum) {
        if page.words > 0 {
            page.confidence = ((sum / f64::from(page.words)) / 100.0).clamp(0.0, 1.0) as f32;
        }
    }
    pages
}

/// On a page whose lines end in page numbers (a table of contents: at least 3 lines end
/// in a number), a last word made of `l`, `I` and `|` with at least one `l` or `|` is a
/// page number Tesseract read as letters (`ll` for 11, `l` for 1): its letters become `1`.
/// `I`, `II` and `III` (article numbers) are left alone. Such a word alone on its line is
/// a page number only where the page's numbers were read apart from their rows, as a
/// column of their own (at least 3 lines are a number alone).
fn page_number_column(lines: &mut [OcrLine]) {
    let last_word = |l: &OcrLine| l.text.rsplit(' ').next().unwrap_or_default().to_owned();
    let number = |w: &str| !w.is_empty() && w.len() <= 4 && w.chars().all(|c| c.is_ascii_digit());
    let numbered = lines.iter().filter(|l| number(&last_word(l))).count();
    if numbered < 3 {
        return;
    }
    let column = lines.iter().filter(|l| number(&l.text)).count() >= 3;
    for line in lines.iter_mut() {
        let word = last_word(line);
        let misread = !word.is_empty()
            && (column || word.len() < line.text.len())
            && word.len() <= 4
            && word.chars().all(|c| matches!(c, 'l' | 'I' | '|'))
            && word.chars().any(|c| matches!(c, 'l' | '|'));
        if misread {
            let keep = line.text.len() - word.len();
            line.text.truncate(keep);
            line.text.push_str(&"1".repeat(word.len()));
        }
    }
}

/// Characters common in traditional Chinese text that simplified text writes otherwise.
const TRADITIONAL: &str = "與個們來於會係協傳價備優關內則動區員國專將對應據條業權歸爲為無產發當經義術設許說請讀議資轉這進運過還開間約術讓";

/// Whether text read with the simplified pack looks traditional: at least 3 % of its
/// ideographs are traditional-only forms.
pub fn looks_traditional(pages: &[OcrPage]) -> bool {
    let (mut han, mut trad) = (0usize, 0usize);
    for ch in pages
        .iter()
        .flat_map(|p| p.lines.iter())
        .flat_map(|l| l.text.chars())
    {
        if ('\u{4E00}'..='\u{9FFF}').contains(&ch) {
            han += 1;
            if TRADITIONAL.contains(ch) {
                trad += 1;
            }
        }
    }
    han >= 20 && trad * 100 >= han * 3
}

/// The share of CJK ideographs among the non-space characters read.
pub fn han_share(pages: &[OcrPage]) -> f32 {
    let (mut han, mut all) = (0usize, 0usize);
    for ch in pages
        .iter()
        .flat_map(|p| p.lines.iter())
        .flat_map(|l| l.text.chars())
        .filter(|c| !c.is_whitespace())
    {
        all += 1;
        if ('\u{4E00}'..='\u{9FFF}').contains(&ch) {
            han += 1;
        }
    }
    if all == 0 {
        0.0
    } else {
        han as f32 / all as f32
    }
}

/// Mean word confidence over pages, weighted by words.
pub fn mean_confidence(pages: &[OcrPage]) -> f32 {
    let words: u32 = pages.iter().map(|p| p.words).sum();
    if words == 0 {
        return 0.0;
    }
    pages
        .iter()
        .map(|p| p.confidence * p.words as f32)
        .sum::<f32>()
        / words as f32
}

/// The script of text read from a text layer: Han when at least a fifth of its letters are
/// CJK ideographs.
pub fn script_of_text(text: &str) -> Option<Script> {
    let (mut han, mut latin) = (0usize, 0usize);
    for ch in text.chars() {
        if ('\u{4E00}'..='\u{9FFF}').contains(&ch) {
            han += 1;
        } else if ch.is_alphabetic() {
            latin += 1;
        }
    }
    if han + latin < 20 {
        None
    } else if han * 5 >= han + latin {
        Some(Script::Simplified)
    } else {
        Some(Script::Latin)
    }
}

/// A PGM (grey, `channels` 1) or PPM (RGB, `channels` 3) file of 8-bit samples.
pub fn netpbm(width: u32, height: u32, channels: u8, samples: &[u8]) -> Vec<u8> {
    let magic = if channels == 3 { "P6" } else { "P5" };
    let mut out = format!("{magic}\n{width} {height}\n255\n").into_bytes();
    out.extend_from_slice(samples);
    out
}

/// A one-strip TIFF around CCITT fax data: `k` < 0 is Group 4, otherwise Group 3 (2-D
/// when `k` > 0). `black_is_1` inverts the photometric interpretation.
pub fn ccitt_tiff(width: u32, height: u32, k: i64, black_is_1: bool, data: &[u8]) -> Vec<u8> {
    let (compression, t_options): (u16, Option<(u16, u32)>) = if k < 0 {
        (4, Some((293, 0)))
    } else {
        (3, Some((292, u32::from(k > 0))))
    };
    // Entries: (tag, type, value); type 3 SHORT, 4 LONG.
    let mut entries: Vec<(u16, u16, u32)> = vec![
        (256, 4, width),
        (257, 4, height),
        (258, 3, 1),
        (259, 3, u32::from(compression)),
        (262, 3, u32::from(black_is_1)),
        (273, 4, 0), // strip offset, set below
        (277, 3, 1),
        (278, 4, height),
        (279, 4, data.len() as u32),
    ];
    if let Some((tag, value)) = t_options {
        entries.push((tag, 4, value));
    }
    entries.sort_by_key(|e| e.0);
    let ifd_len = 2 + entries.len() * 12 + 4;
    let data_offset = (8 + ifd_len) as u32;
    let mut out = Vec::with_capacity(data_offset as usize + data.len());
    out.extend_from_slice(b"II*\0");
    out.extend_from_slice(&8u32.to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    for (tag, kind, value) in entries {
        let value = if tag == 273 { data_offset } else { value };
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
        if kind == 3 {
            out.extend_from_slice(&(value as u16).to_le_bytes());
            out.extend_from_slice(&[0, 0]);
        } else {
            out.extend_from_slice(&value.to_le_bytes());
        }
    }
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(data);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t
4\t1\t1\t1\t1\t0\t300\t300\t900\t40\t-1\t
5\t1\t1\t1\t1\t1\t300\t300\t400\t40\t96.5\tThe
5\t1\t1\t1\t1\t2\t720\t300\t480\t40\t91.5\tLicensor
5\t1\t1\t1\t2\t1\t300\t360\t100\t40\t90\t许可
5\t1\t1\t1\t2\t2\t400\t360\t100\t40\t80\t方
5\t1\t1\t1\t2\t3\t500\t360\t100\t40\t82\t
5\t1\t1\t1\t2\t4\t600\t360\t100\t40\t85\t〈甲方)
5\t1\t1\t1\t2\t5\t700\t360\t100\t40\t85\t(a)
5\t1\t2\t1\t1\t1\t300\t500\t100\t40\t-1\t
1\t2\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t
5\t2\t1\t1\t1\t1\t300\t300\t100\t40\t50\tTwo
";

    #[test]
    fn tsv_words_become_lines_with_confidence_per_page() {
        let pages = parse_tsv(TSV, Some(300), "eng");
        assert_eq!(pages.len(), 2);
        let texts: Vec<&str> = pages[0].lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["The Licensor", "许可方(甲方)(a)"]);
        assert_eq!(pages[0].words, 6);
        assert!((pages[0].confidence - 0.88).abs() < 1e-3);
        let first = &pages[0].lines[0];
        assert!((first.x0 - 72.0).abs() < 1e-3 && (first.x1 - 288.0).abs() < 1e-3);
        assert!((first.y - (3300.0 - 340.0) * 0.24).abs() < 1e-2);
        assert!(pages[0].lines[1].y < first.y, "y grows upwards");
        assert_eq!(pages[1].lines[0].text, "Two");
        assert!((mean_confidence(&pages) - (0.88 * 6.0 + 0.5) / 7.0).abs() < 1e-3);
    }

    #[test]
    fn garbage_tsv_reads_as_nothing() {
        for tsv in [
            "",
            "x\ty\n",
            "5\t1\t1\t1\t1\t1\tx\ty\tz\tw\t9\tword\n\t\t\t",
        ] {
            assert!(
                parse_tsv(tsv, None, "eng")
                    .iter()
                    .all(|p| p.lines.is_empty())
            );
        }
    }

    #[test]
    fn scripts_of_text_layers_and_traditional_forms() {
        assert_eq!(
            script_of_text("The Licensor grants a licence of the patents."),
            Some(Script::Latin)
        );
        assert_eq!(
            script_of_text("甲方同意向乙方转让本合同项下的专利权 and the Patent"),
            Some(Script::Simplified)
        );
        assert_eq!(script_of_text("p. 3"), None);
        let page = |text: &str| OcrPage {
            lines: vec![OcrLine {
                text: text.to_owned(),
                x0: 0.0,
                x1: 1.0,
                y: 0.0,
                size: 1.0,
                paragraph: (1, 1),
            }],
            words: 1,
            confidence: 0.9,
            language: "chi_sim".into(),
            turned: 0,
        };
        assert!(looks_traditional(&[page(
            "本協議經雙方簽署後生效，技術轉讓的範圍與條件如下所述。"
        )]));
        assert!(!looks_traditional(&[page(
            "本协议经双方签署后生效，技术转让的范围与条件如下所述。"
        )]));
    }

    #[test]
    fn image_containers_are_well_formed() {
        let pgm = netpbm(2, 1, 1, &[0, 255]);
        assert_eq!(pgm, b"P5\n2 1\n255\n\x00\xff");
        let tiff = ccitt_tiff(1728, 10, -1, false, &[1, 2, 3]);
        assert!(tiff.starts_with(b"II*\0\x08\0\0\0"));
        assert!(tiff.ends_with(&[1, 2, 3]));
        let entries = u16::from_le_bytes([tiff[8], tiff[9]]);
        assert_eq!(entries, 10);
        let tags: Vec<u16> = (0..entries as usize)
            .map(|i| u16::from_le_bytes([tiff[10 + i * 12], tiff[11 + i * 12]]))
            .collect();
        assert!(
            tags.windows(2).all(|w| w[0] < w[1]),
            "tags sorted: {tags:?}"
        );
    }

    #[test]
    fn tiff_frames_are_counted_along_their_chain() {
        // A header, then directories of one entry each (2 + 12 + 4 bytes) at `at`, each
        // linking to the next offset given.
        let tiff = |little: bool, first: u32, dirs: &[(usize, u32)]| {
            let mut out = if little {
                b"II*\0".to_vec()
            } else {
                b"MM\0*".to_vec()
            };
            let u32b = |v: u32| {
                if little {
                    v.to_le_bytes()
                } else {
                    v.to_be_bytes()
                }
            };
            out.extend_from_slice(&u32b(first));
            for &(at, next) in dirs {
                out.resize(at, 0);
                out.extend_from_slice(&if little {
                    1u16.to_le_bytes()
                } else {
                    1u16.to_be_bytes()
                });
                out.extend_from_slice(&[0; 12]);
                out.extend_from_slice(&u32b(next));
            }
            out
        };
        assert_eq!(tiff_frames(&ccitt_tiff(8, 8, -1, false, &[0])), Some(1));
        assert_eq!(tiff_frames(&tiff(true, 8, &[(8, 28), (28, 0)])), Some(2));
        assert_eq!(
            tiff_frames(&tiff(false, 8, &[(8, 28), (28, 48), (48, 0)])),
            Some(3)
        );
        // A link back to a directory already seen ends the chain.
        assert_eq!(tiff_frames(&tiff(true, 8, &[(8, 28), (28, 8)])), Some(2));
        // A link outside the file, or a directory cut off, is no frame.
        assert_eq!(tiff_frames(&tiff(true, 8, &[(8, 9999)])), Some(1));
        let mut cut = tiff(true, 8, &[(8, 28), (28, 0)]);
        cut.truncate(40);
        assert_eq!(tiff_frames(&cut), Some(1));
        assert_eq!(tiff_frames(b"II*\0"), None);
        assert_eq!(tiff_frames(b"\x89PNG\r\n\x1a\n"), None);
    }

    #[test]
    fn a_missing_program_is_an_error_naming_the_packages() {
        let absent = Tesseract::probe(PathBuf::from("/nonexistent/tesseract")).unwrap_err();
        assert!(!absent.program_runs);
        let e = absent.error(None);
        assert_eq!(e.kind, crate::model::ErrorKind::Unsupported);
        assert!(is_missing_engine(&e));
        assert!(
            e.message.ends_with(
                ": install the debian packages tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim"
            ),
            "{e}"
        );
        assert!(
            absent
                .error(Some(Script::Simplified))
                .message
                .ends_with(": install the debian packages tesseract-ocr tesseract-ocr-chi-sim")
        );
        let packs = Absent {
            why: "tesseract has no eng or chi_sim language pack".into(),
            program_runs: true,
        };
        assert!(
            packs
                .error(Some(Script::Latin))
                .message
                .ends_with("pack): install the debian package tesseract-ocr-eng")
        );
        let pack = ExtractError::unsupported(Tesseract::missing_pack(Script::Traditional));
        assert!(is_missing_engine(&pack));
        assert!(
            pack.message
                .ends_with("install the debian package tesseract-ocr-chi-tra")
        );
        assert!(!is_missing_engine(&ExtractError::unsupported(
            "jbig2 image data is not decoded"
        )));
    }

    #[test]
    fn words_running_backwards_or_down_are_turned_upright() {
        // A 1000 × 2000 image turned upside down: the words run right to left.
        let upside_down = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t1000\t2000\t-1\t
5\t1\t1\t1\t1\t1\t800\t1900\t100\t40\t95\tThe
5\t1\t1\t1\t1\t2\t600\t1900\t150\t40\t95\tLicensor
5\t1\t1\t1\t1\t3\t450\t1900\t100\t40\t95\tshall
5\t1\t1\t1\t2\t1\t800\t1800\t100\t40\t95\tpay
5\t1\t1\t1\t2\t2\t600\t1800\t100\t40\t95\tfees
";
        let pages = parse_tsv(upside_down, Some(300), "eng");
        assert_eq!(pages[0].turned, 180);
        let first = &pages[0].lines[0];
        assert_eq!(first.text, "The Licensor shall");
        // Upright, the first line is near the top (y grows upwards, its bottom 100 pixels
        // down) and starts 100 pixels in.
        assert!((first.x0 - 100.0 * 0.24).abs() < 1e-3, "{first:?}");
        assert!(
            (first.y - (2000.0 - 100.0) * 0.24).abs() < 1e-2,
            "{first:?}"
        );
        assert!(pages[0].lines[1].y < first.y);
        // Turned a quarter clockwise (a 2000 × 1000 image): the words run downwards.
        let sideways = "1\t1\t0\t0\t0\t0\t0\t0\t2000\t1000\t-1\t
5\t1\t1\t1\t1\t1\t1900\t0\t40\t100\t95\tThe
5\t1\t1\t1\t1\t2\t1900\t200\t40\t150\t95\tLicensor
5\t1\t1\t1\t1\t3\t1900\t400\t40\t100\t95\tshall
5\t1\t1\t1\t1\t4\t1900\t520\t40\t80\t95\tpay
";
        let pages = parse_tsv(sideways, Some(300), "eng");
        assert_eq!(pages[0].turned, 270);
        let line = &pages[0].lines[0];
        assert_eq!(line.text, "The Licensor shall pay");
        assert!(
            (line.x0 - 0.0).abs() < 1e-3 && (line.x1 - 600.0 * 0.24).abs() < 1e-2,
            "{line:?}"
        );
        assert!((line.size - 40.0 * 0.24).abs() < 1e-2, "{line:?}");
        assert!((line.y - (2000.0 - 100.0) * 0.24).abs() < 1e-2, "{line:?}");
        // Upright text, and too few words to tell, are left as they are.
        assert_eq!(parse_tsv(TSV, Some(300), "eng")[0].turned, 0);
    }

    #[test]
    fn orientation_reports_are_read() {
        let report = "Page number: 0\nOrientation in degrees: 180\nRotate: 180\n\
                      Orientation confidence: 16.64\nScript: Latin\n";
        assert_eq!(parse_osd(report), Some(180));
        assert_eq!(parse_osd("Rotate: 45\n"), None);
        assert_eq!(parse_osd("Too few characters. Skipping this page\n"), None);
        assert_eq!(
            turned_warning(3, 180),
            "page 3: the scan lies upside down: read after turning it 180° clockwise"
        );
    }

    #[test]
    fn page_numbers_read_as_letters_in_a_table_of_contents_are_digits() {
        let line = |text: &str| OcrLine {
            text: text.to_owned(),
            x0: 0.0,
            x1: 1.0,
            y: 0.0,
            size: 1.0,
            paragraph: (1, 1),
        };
        let mut toc = vec![
            line("ARTICLE III"),
            line("Section 1.01. Definitions l"),
            line("Section 5.01. Ownership 10"),
            line("Section 5.02. Assignments 10"),
            line("Section 6.02. Disclosure ll"),
            line("Section 6.03. Notices Il"),
            line("Section 7.01. Limitation 12"),
            line("ll"),
        ];
        page_number_column(&mut toc);
        let texts: Vec<&str> = toc.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "ARTICLE III",
                "Section 1.01. Definitions 1",
                "Section 5.01. Ownership 10",
                "Section 5.02. Assignments 10",
                "Section 6.02. Disclosure 11",
                "Section 6.03. Notices 11",
                "Section 7.01. Limitation 12",
                "ll"
            ]
        );
        // Page numbers read apart from their rows, as a column of their own.
        let mut column: Vec<OcrLine> = ["Section 7.01. Limitation", "ARTICLE II", "ll", "Il"]
            .into_iter()
            .chain(["12", "12", "13"])
            .map(line)
            .collect();
        page_number_column(&mut column);
        let texts: Vec<&str> = column.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Section 7.01. Limitation",
                "ARTICLE II",
                "11",
                "11",
                "12",
                "12",
                "13"
            ]
        );
        // Prose is not a table of contents.
        let mut prose = vec![line("the word ll"), line("clause 10"), line("clause 11")];
        page_number_column(&mut prose);
        assert_eq!(prose[0].text, "the word ll");
    }
}
