//! Helpers: a `techscan` command isolated from the user's environment, and paths.

use std::path::PathBuf;

use assert_cmd::Command;

/// The built binary with a clean environment: no colour, no inherited techscan settings.
pub fn techscan() -> Command {
    let mut cmd = Command::cargo_bin("techscan").expect("binary built");
    cmd.env_clear()
        .env("NO_COLOR", "1")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
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
