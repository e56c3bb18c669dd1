//! Probes, once per build, for the test data and external tools that some tests need, and
//! tells the compiler what it found as cfg flags, so that a test whose data or tool is absent
//! is marked ignored with its reason (`cargo test` lists it as `ignored, <reason>`) instead of
//! passing without having run:
//!
//! | cfg                | true when                                                              |
//! |--------------------|------------------------------------------------------------------------|
//! | `has_corpus`       | the folder `../shared/corpus` (or `$TECHSCAN_TEST_CORPUS_DIR`) exists   |
//! | `has_sarif_schema` | `../shared/schemas/sarif-schema-2.1.0.json` exists                       |
//! | `has_tesseract`    | `tesseract --list-langs` lists `eng` and `chi_sim`                      |
//! | `has_libreoffice`  | `soffice` or `libreoffice` is on `PATH`                                 |
//! | `has_pdftoppm`     | `pdftoppm` is on `PATH`                                                 |
//! | `has_poppler_data` | poppler-data's CMaps are in `/usr/share/poppler/cMap`                   |
//! | `has_chromium`     | `chromium` is on `PATH`                                                 |
//! | `has_pyspark`      | `python3 -c "import pyspark"` succeeds and `java -version` runs         |
//!
//! A test uses them as
//! `#[cfg_attr(not(has_tesseract), ignore = "tesseract not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)")]`.
//! The corpus path the probe looked at is passed on as the compile-time variable
//! `TECHSCAN_TEST_CORPUS` (`env!("TECHSCAN_TEST_CORPUS")`), so tests read the folder that was probed.
//!
//! Environment (each one re-runs the probe when it changes; nothing else does, so the probe
//! never forces a rebuild — after installing a tool, `touch build.rs`):
//! - `TECHSCAN_TEST_CORPUS_DIR`: look for the corpus there instead of `../shared/corpus`.
//! - `TECHSCAN_TEST_WITHOUT=corpus,tesseract,…`: act as if these were absent (to check that the
//!   tests which need them are ignored, not passed).
//! - `TECHSCAN_TEST_REQUIRE=corpus,tesseract,…`: fail the build, naming what is missing and how to
//!   install it, when one of these is absent. `.ci/run` sets it to everything it installs, so
//!   on CI (`CI=true`) a missing tool or data set is a red build, never a quietly ignored test.
//!   Under `CI=true` without this variable, `corpus` is required (CI always has `../shared`).

#![allow(
    clippy::print_stderr,
    reason = "a build script tells cargo why it failed on stderr"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A probe: its cfg name without `has_`, what installs it (for the messages), and the check,
/// given the corpus folder.
type Probe = (&'static str, &'static str, fn(&Path) -> bool);

/// Every probe.
const PROBES: &[Probe] = &[
    (
        "corpus",
        "the read-only corpus beside the repository (../shared/corpus)",
        |c| c.is_dir(),
    ),
    (
        "sarif_schema",
        "../shared/schemas/sarif-schema-2.1.0.json beside the repository",
        |_| shared().join("schemas/sarif-schema-2.1.0.json").is_file(),
    ),
    (
        "tesseract",
        "apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim",
        |_| tesseract_has_languages(),
    ),
    (
        "libreoffice",
        "apt-get install libreoffice-writer-nogui",
        |_| on_path("soffice") || on_path("libreoffice"),
    ),
    ("pdftoppm", "apt-get install poppler-utils", |_| {
        on_path("pdftoppm")
    }),
    ("poppler_data", "apt-get install poppler-data", |_| {
        Path::new("/usr/share/poppler/cMap/Adobe-GB1/GBT-H").is_file()
    }),
    ("chromium", "apt-get install chromium", |_| {
        on_path("chromium")
    }),
    (
        "pyspark",
        "apt-get install default-jre-headless && pip install pyspark",
        |_| runs("python3", &["-c", "import pyspark"]) && runs("java", &["-version"]),
    ),
];

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    for var in [
        "PATH",
        "CI",
        "TECHSCAN_TEST_CORPUS_DIR",
        "TECHSCAN_TEST_WITHOUT",
        "TECHSCAN_TEST_REQUIRE",
    ] {
        println!("cargo::rerun-if-env-changed={var}");
    }

    let corpus = std::env::var_os("TECHSCAN_TEST_CORPUS_DIR")
        .map_or_else(|| shared().join("corpus"), PathBuf::from);
    println!("cargo::rustc-env=TECHSCAN_TEST_CORPUS={}", corpus.display());

    let without = list("TECHSCAN_TEST_WITHOUT");
    let mut require = list("TECHSCAN_TEST_REQUIRE");
    if std::env::var("CI").as_deref() == Ok("true")
        && std::env::var_os("TECHSCAN_TEST_REQUIRE").is_none()
    {
        require.push("corpus".to_owned());
    }
    for name in without.iter().chain(&require) {
        assert!(
            PROBES.iter().any(|(probe, _, _)| probe == name),
            "build.rs: unknown test requirement `{name}` in TECHSCAN_TEST_WITHOUT/TECHSCAN_TEST_REQUIRE \
             (known: {})",
            PROBES
                .iter()
                .map(|(p, _, _)| *p)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }

    let mut missing = Vec::new();
    for (name, install, probe) in PROBES {
        println!("cargo::rustc-check-cfg=cfg(has_{name})");
        let present = !without.iter().any(|w| w == name) && probe(&corpus);
        if present {
            println!("cargo::rustc-cfg=has_{name}");
        } else if require.iter().any(|r| r == name) {
            missing.push(format!("  {name}: {install}"));
        }
    }
    assert!(
        missing.is_empty(),
        "tests must run here (TECHSCAN_TEST_REQUIRE / CI=true) but these are missing:\n{}",
        missing.join("\n")
    );
}

/// `../shared` beside the repository.
fn shared() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default()).join("../shared")
}

/// A comma-separated list from the environment.
fn list(var: &str) -> Vec<String> {
    std::env::var(var)
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// Whether `program args` starts and exits with success (output discarded).
fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Whether `tesseract --list-langs` names both `eng` and `chi_sim` (older versions print the
/// list on stderr).
fn tesseract_has_languages() -> bool {
    let Ok(out) = Command::new("tesseract")
        .arg("--list-langs")
        .stdin(Stdio::null())
        .output()
    else {
        return false;
    };
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let has = |lang: &str| text.lines().any(|l| l.trim() == lang);
    out.status.success() && has("eng") && has("chi_sim")
}
