//! Helpers: a `techscan` command isolated from the user's environment, and paths.

use std::path::PathBuf;

use assert_cmd::Command;

/// The built binary with a clean environment: no colour, no inherited techscan settings,
/// and a cache folder of its own that no other command shares (never the user's cache).
pub fn techscan() -> Command {
    let mut cmd = Command::cargo_bin("techscan").expect("binary built");
    cmd.env_clear()
        .env("NO_COLOR", "1")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TECHSCAN_CACHE_DIR", fresh_cache_dir())
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// A new, empty folder under `target/tmp/it-cache/`; the folders of earlier test runs are
/// removed when the first one is made.
pub fn fresh_cache_dir() -> PathBuf {
    static RUN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let root = RUN.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("it-cache");
        let _ = std::fs::remove_dir_all(&root);
        root
    });
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    root.join(n.to_string())
}

pub fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The corpus folder that `build.rs` probed (`../shared/corpus` unless
/// `TECHSCAN_TEST_CORPUS_DIR` said otherwise). Tests that call it carry
/// `#[cfg_attr(not(has_corpus), ignore = "../shared/corpus absent")]`, so they never run, let
/// alone pass, without it; run with `--ignored` anyway and this panics with the path.
pub fn corpus() -> PathBuf {
    let dir = PathBuf::from(env!("TECHSCAN_TEST_CORPUS"));
    assert!(dir.is_dir(), "the corpus is absent: {}", dir.display());
    dir
}

/// Parses stdout as JSON.
pub fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}
