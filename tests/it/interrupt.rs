//! Ctrl-C and SIGTERM (issue 19 item 3), with real signals to a running `techscan scan`:
//! the scan stops, exits 130, says how far it got, and a previous report is left byte for
//! byte as it was (no truncated, empty or half-written report, no temporary file left).

#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A folder of `n` small agreements: enough that one worker needs many seconds for them.
fn many_documents(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        std::fs::write(
            dir.join(format!("{i:05}.txt")),
            format!(
                "TECHNOLOGY LICENCE AGREEMENT No. {i}\n\n1.1 Shenzhen Alpha Co., Ltd. (a company \
                 incorporated in the People's Republic of China) grants Beta GmbH (Germany) a \
                 licence to use the Know-How for rare earth separation.\n\n2.1 The Licensor shall \
                 provide technical services and training.\n"
            ),
        )
        .unwrap();
    }
}

/// `techscan scan` started as users start it, one worker, with these arguments.
fn spawn(cwd: &Path, args: &[&str]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("techscan"))
        .env_clear()
        .env("NO_COLOR", "1")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TECHSCAN_CACHE_DIR", crate::util::fresh_cache_dir())
        .current_dir(cwd)
        .arg("scan")
        .args(["--jobs", "1", "--no-cache"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([format!("-{name}"), child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -{name}");
}

/// Waits until `ready` holds (the scan is under way), at most 60 s.
fn wait_until(mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the scan never got going"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The temporary report files `techscan` writes beside a destination.
fn temporaries(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".techscan-")
        })
        .collect()
}

fn interrupted_scan_keeps_the_previous_reports(signal_name: &str) {
    let dir = tempfile::tempdir().unwrap();
    many_documents(&dir.path().join("room"), 3000);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let previous_json = b"{\"previous\": \"report\"}\n".to_vec();
    let previous_jsonl = b"{\"previous\": 1}\n".to_vec();
    std::fs::write(out.join("report.json"), &previous_json).unwrap();
    std::fs::write(out.join("stream.jsonl"), &previous_jsonl).unwrap();

    let child = spawn(
        dir.path(),
        &[
            "--format",
            "json,jsonl",
            "-o",
            "out/report.json",
            "-o",
            "out/stream.jsonl",
            "room",
        ],
    );
    // The JSON Lines report streams into its temporary file: once that has a document, the
    // scan is under way.
    wait_until(|| {
        temporaries(&out)
            .iter()
            .any(|p| std::fs::metadata(p).is_ok_and(|m| m.len() > 0))
    });
    signal(&child, signal_name);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert_eq!(
        std::fs::read(out.join("report.json")).unwrap(),
        previous_json
    );
    assert_eq!(
        std::fs::read(out.join("stream.jsonl")).unwrap(),
        previous_jsonl
    );
    assert_eq!(temporaries(&out), Vec::<std::path::PathBuf>::new());
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("techscan: interrupted: ")
            && last.contains(" of 3000 document(s) read; no report was written (out/report.json, out/stream.jsonl left as it was)"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("documents ("),
        "the progress bar is gone: {stderr}"
    );
}

#[test]
fn ctrl_c_during_a_scan_leaves_the_previous_report_untouched_and_exits_130() {
    interrupted_scan_keeps_the_previous_reports("INT");
}

#[test]
fn sigterm_during_a_scan_leaves_the_previous_report_untouched_and_exits_130() {
    interrupted_scan_keeps_the_previous_reports("TERM");
}

#[test]
fn ctrl_c_during_a_json_lines_stream_says_where_the_stream_ends() {
    let dir = tempfile::tempdir().unwrap();
    many_documents(&dir.path().join("room"), 3000);
    let mut child = spawn(dir.path(), &["--format", "jsonl", "room"]);
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    lines.push(std::mem::take(&mut line));
    signal(&child, "INT");
    while stdout.read_line(&mut line).unwrap() > 0 {
        lines.push(std::mem::take(&mut line));
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    for l in &lines {
        let v: serde_json::Value = serde_json::from_str(l).expect("whole JSON lines only");
        assert!(
            v.get("summary").is_none(),
            "no summary line after an interrupt"
        );
    }
    assert!(lines.len() < 3000);
    let last = stderr.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        format!(
            "techscan: interrupted: {n} of 3000 document(s) read; the JSON Lines stream on stdout ends after document {n} without its summary line",
            n = lines.len()
        ),
        "{stderr}"
    );
}
