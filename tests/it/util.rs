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

/// `../shared/corpus`, or `None` (with a printed skip message) when absent.
pub fn corpus(test: &str) -> Option<PathBuf> {
    let dir = repo("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipping {test}: ../shared/corpus is absent");
        None
    }
}

/// Parses stdout as JSON.
pub fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}
