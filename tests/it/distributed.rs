//! Beyond one machine: `scan --shard K/N` partitions the inputs, `merge` puts the shards'
//! JSON Lines back together into exactly the report of one run, and `--files-from -`
//! reads the paths a pipe (Spark's `RDD.pipe`) writes.

use std::path::{Path, PathBuf};

use crate::util::techscan;

/// Every format a merge can write, with the name `--output-dir` gives it.
const FORMATS: [(&str, &str); 8] = [
    ("terminal", "techscan-report.txt"),
    ("json", "techscan-report.json"),
    ("jsonl", "techscan-report.jsonl"),
    ("csv", "techscan-report.csv"),
    ("html", "techscan-report.html"),
    ("sarif", "techscan-report.sarif"),
    ("markdown", "techscan-report.md"),
    ("docx", "techscan-report.docx"),
];

fn all_formats() -> String {
    FORMATS.map(|f| f.0).join(",")
}

/// Scans `samples/` as shard `k` of `n` into `dir/shard-k.jsonl`; returns the file.
fn scan_shard(dir: &Path, k: u32, n: u32) -> PathBuf {
    let file = dir.join(format!("shard-{k}.jsonl"));
    let out = techscan()
        .args(["scan", "samples", "--quiet", "--format", "jsonl", "--shard"])
        .arg(format!("{k}/{n}"))
        .arg("-o")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    file
}

#[test]
fn three_shards_merged_equal_one_run_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let single = dir.path().join("single");
    let merged = dir.path().join("merged");
    let direct = techscan()
        .args(["scan", "samples", "--quiet", "--format", &all_formats()])
        .arg("--output-dir")
        .arg(&single)
        .output()
        .unwrap();
    assert_eq!(direct.status.code(), Some(1));
    let shards: Vec<PathBuf> = (1..=3).map(|k| scan_shard(dir.path(), k, 3)).collect();
    // Every shard holds some documents, and none holds them all.
    let lines: Vec<usize> = shards
        .iter()
        .map(|s| std::fs::read_to_string(s).unwrap().lines().count() - 1)
        .collect();
    assert!(lines.iter().all(|&n| n > 0 && n < 16), "{lines:?}");
    assert_eq!(lines.iter().sum::<usize>(), 16);
    // Shards given in any order.
    let out = techscan()
        .args(["merge", "--quiet", "--format", &all_formats()])
        .arg("--output-dir")
        .arg(&merged)
        .args([&shards[2], &shards[0], &shards[1]])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "same exit code as the single run"
    );
    for (format, file) in FORMATS {
        let a = std::fs::read(single.join(file)).unwrap();
        let b = std::fs::read(merged.join(file)).unwrap();
        assert!(!a.is_empty(), "{format}");
        assert!(
            a == b,
            "{format}: merged report differs from the single run"
        );
    }
}

#[test]
fn merge_refuses_a_missing_shard_and_follows_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    let s1 = scan_shard(dir.path(), 1, 2);
    let s2 = scan_shard(dir.path(), 2, 2);
    let out = techscan()
        .args(["merge", "--format", "json"])
        .arg(&s1)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("missing shard(s) 2/2"), "{err}");
    let out = techscan()
        .args(["merge", "--quiet", "--format", "json", "--fail-on", "none"])
        .args([&s1, &s2])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["fail_on"], "none");
    assert_eq!(report["summary"]["documents"], 16);
    assert!(report.get("shard").is_none(), "a merged report is whole");
}

#[test]
fn merge_exits_2_when_a_shard_had_a_failed_document() {
    let dir = tempfile::tempdir().unwrap();
    let room = dir.path().join("room");
    std::fs::create_dir(&room).unwrap();
    std::fs::write(room.join("broken.pdf"), b"not a pdf").unwrap();
    std::fs::write(room.join("memo.txt"), b"Minutes of the board meeting.\n").unwrap();
    let mut parts = Vec::new();
    for k in 1..=2 {
        let file = dir.path().join(format!("{k}.jsonl"));
        techscan()
            .args(["scan", "--quiet", "--no-config", "--format", "jsonl"])
            .arg("--shard")
            .arg(format!("{k}/2"))
            .arg("-o")
            .arg(&file)
            .arg(&room)
            .output()
            .unwrap();
        parts.push(file);
    }
    let out = techscan()
        .args(["merge", "--quiet", "--format", "csv"])
        .args(&parts)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(
        csv.contains("broken.pdf") && csv.contains("memo.txt"),
        "{csv}"
    );
}

#[test]
fn paths_from_standard_input_are_scanned_like_arguments() {
    let list = "samples/03-technical-services-uav.docx\n\nsamples/06-supply-anti-assignment.pdf\n";
    let out = techscan()
        .args(["scan", "--files-from", "-", "--quiet", "--no-config"])
        .args(["--format", "jsonl", "--fail-on", "none"])
        .write_stdin(list)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let paths: Vec<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["path"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        paths,
        [
            "samples/03-technical-services-uav.docx",
            "samples/06-supply-anti-assignment.pdf"
        ]
    );
}

#[test]
fn shards_scanned_in_chinese_merge_into_the_chinese_single_run() {
    let dir = tempfile::tempdir().unwrap();
    let single = techscan()
        .args([
            "scan",
            "samples",
            "--quiet",
            "--lang",
            "zh",
            "--format",
            "json,sarif",
        ])
        .arg("--output-dir")
        .arg(dir.path().join("single"))
        .output()
        .unwrap();
    assert_eq!(single.status.code(), Some(1));
    let mut shards = Vec::new();
    for k in 1..=2 {
        let file = dir.path().join(format!("zh-{k}.jsonl"));
        let out = techscan()
            .args([
                "scan", "samples", "--quiet", "--lang", "zh", "--format", "jsonl",
            ])
            .args(["--shard", &format!("{k}/2"), "-o"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.code().is_some_and(|c| c < 2), "{out:?}");
        shards.push(file);
    }
    let out = techscan()
        .args(["merge", "--quiet", "--lang", "zh", "--format", "json,sarif"])
        .arg("--output-dir")
        .arg(dir.path().join("merged"))
        .args(&shards)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    for name in ["techscan-report.json", "techscan-report.sarif"] {
        let a = std::fs::read(dir.path().join("single").join(name)).unwrap();
        let b = std::fs::read(dir.path().join("merged").join(name)).unwrap();
        assert!(a == b, "{name}: merged differs from the single run");
    }
    // The rule documentation in SARIF has the Chinese headings, not the English ones.
    let sarif = std::fs::read_to_string(dir.path().join("merged/techscan-report.sarif")).unwrap();
    assert!(sarif.contains("法律依据") && !sarif.contains("Legal basis"));
}

/// Runs `examples/distributed/techscan-shard.sh` (the script docs/distributed.md uses) in
/// `dir` with the built binary first on PATH; `k8s_index` sets `JOB_COMPLETION_INDEX`,
/// `stdin` is what RDD.pipe would write.
fn shard_script(
    dir: &Path,
    k8s_index: Option<u32>,
    stdin: &str,
    args: &[&str],
) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("techscan");
    let mut path = std::ffi::OsString::from(bin.parent().unwrap());
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    let mut cmd = assert_cmd::Command::new("sh");
    cmd.env_clear()
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("TECHSCAN_CACHE_DIR", crate::util::fresh_cache_dir())
        .current_dir(dir)
        .arg(crate::util::repo("examples/distributed/techscan-shard.sh"))
        .args(args)
        .write_stdin(stdin);
    if let Some(i) = k8s_index {
        cmd.env("JOB_COMPLETION_INDEX", i.to_string());
    }
    cmd.output().unwrap()
}

#[test]
fn the_documented_shard_script_works_as_an_indexed_job_and_as_a_spark_pipe() {
    // sh, mktemp, grep and tail are part of every Debian base system: their absence is a
    // broken machine, not a reason to skip.
    assert!(
        std::process::Command::new("sh")
            .args(["-c", "command -v mktemp grep tail"])
            .output()
            .is_ok_and(|o| o.status.success()),
        "sh, mktemp, grep or tail not available"
    );
    // A data room with the samples and one document that cannot be read (exit 2).
    let dir = tempfile::tempdir().unwrap();
    let room = dir.path().join("room");
    std::fs::create_dir(&room).unwrap();
    for entry in std::fs::read_dir(crate::util::repo("samples")).unwrap() {
        let from = entry.unwrap().path();
        std::fs::copy(&from, room.join(from.file_name().unwrap())).unwrap();
    }
    std::fs::write(room.join("broken.pdf"), b"not a pdf at all").unwrap();
    let single = techscan()
        .current_dir(dir.path())
        .args(["scan", "room", "--quiet", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(single.status.code(), Some(2));
    let merge = |files: &[PathBuf]| {
        techscan()
            .current_dir(dir.path())
            .args(["merge", "--quiet", "--fail-on", "high", "--format", "json"])
            .args(files)
            .output()
            .unwrap()
    };
    // Kubernetes: three pods, JOB_COMPLETION_INDEX 0..2, each writes its file; the pod
    // whose shard holds the broken PDF still succeeds (the failure is in its report).
    let files: Vec<PathBuf> = (0..3)
        .map(|i| {
            let file = dir.path().join(format!("out/shard-{}.jsonl", i + 1));
            let out = shard_script(
                dir.path(),
                Some(i),
                "",
                &["room", "3", file.to_str().unwrap()],
            );
            assert_eq!(out.status.code(), Some(0), "{out:?}");
            file
        })
        .collect();
    let merged = merge(&files);
    assert_eq!(merged.status.code(), Some(2));
    assert!(merged.stdout == single.stdout, "k8s merge differs");
    // Spark: RDD.pipe writes each partition's element (the shard number) to stdin and
    // keeps stdout; the part files are concatenated. An empty partition writes nothing.
    let mut all = Vec::new();
    for stdin in ["1\n", "", "2\n", "3\n"] {
        let out = shard_script(dir.path(), None, stdin, &["room", "3", "-"]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert_eq!(stdin.is_empty(), out.stdout.is_empty());
        all.extend(out.stdout);
    }
    let joined = dir.path().join("part-all.jsonl");
    std::fs::write(&joined, all).unwrap();
    let merged = merge(std::slice::from_ref(&joined));
    assert!(merged.stdout == single.stdout, "spark merge differs");
    // A run that cannot complete (a bad option) fails the task, so the scheduler retries.
    let out = shard_script(
        dir.path(),
        Some(0),
        "",
        &["room", "3", "-", "--no-such-option"],
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

/// Copies the files under `from` (recursively) to `to`.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs `examples/distributed/techscan_spark.py` (the PySpark job docs/distributed.md
/// describes) in local mode on two cores over `dir/room`, split `by` shards or paths into
/// `n` partitions, with the built binary; it writes `dir/OUT/parts/` and
/// `dir/OUT/merged/` in every format. Prints the job's wall time (seen with `--nocapture`;
/// docs/distributed.md quotes it).
#[allow(clippy::print_stderr)]
fn spark_job(dir: &Path, by: &str, n: u32, out: &str) -> std::process::Output {
    let started = std::time::Instant::now();
    let output = std::process::Command::new("python3")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("TECHSCAN_CACHE_DIR", crate::util::fresh_cache_dir())
        .arg(crate::util::repo("examples/distributed/techscan_spark.py"))
        .args(["--master", "local[2]", "--by", by, "-n", &n.to_string()])
        .arg("--techscan")
        .arg(assert_cmd::cargo::cargo_bin("techscan"))
        .args(["--format", &all_formats(), "room", out])
        .args(["--", "--no-config", "--no-cache"])
        .output()
        .unwrap();
    eprintln!(
        "spark job --by {by} -n {n}: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    output
}

/// The part files of a Spark job's `saveAsTextFile`, in name order.
fn part_files(out: &Path) -> Vec<PathBuf> {
    let mut parts: Vec<PathBuf> = std::fs::read_dir(out.join("parts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("part-")
        })
        .collect();
    parts.sort();
    parts
}

#[test]
#[cfg_attr(
    not(has_pyspark),
    ignore = "pyspark or java not installed (pip install pyspark; apt-get install default-jre-headless)"
)]
fn spark_rdd_pipe_in_local_mode_merges_into_the_single_run_in_every_format() {
    // The data room: the corpus contracts when present, else the samples, plus one document
    // that cannot be read (techscan exits 2 for it; the task must not fail for that).
    let dir = tempfile::tempdir().unwrap();
    let source = if cfg!(has_corpus) {
        crate::util::corpus().join("contracts")
    } else {
        crate::util::repo("samples")
    };
    copy_tree(&source, &dir.path().join("room"));
    std::fs::write(dir.path().join("room/broken.pdf"), b"not a pdf at all").unwrap();
    let single = |inputs: &[&str], out: &str| {
        let run = techscan()
            .current_dir(dir.path())
            .args(["scan", "--quiet", "--no-config", "--no-cache"])
            .args(inputs)
            .args(["--format", &all_formats(), "--output-dir", out])
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "{run:?}");
        let json = std::fs::read(dir.path().join(out).join("techscan-report.json")).unwrap();
        let report: serde_json::Value = serde_json::from_slice(&json).unwrap();
        report["summary"]["documents"].as_u64().unwrap()
    };
    let documents = single(&["room"], "single");
    assert!(documents > 10, "{documents}");
    for (by, n) in [("shards", 3), ("paths", 4)] {
        let out = dir.path().join(format!("spark-{by}"));
        let job = spark_job(dir.path(), by, n, out.to_str().unwrap());
        assert_eq!(
            job.status.code(),
            Some(2),
            "--by {by}: the merge's exit code is the single run's\n{}",
            String::from_utf8_lossy(&job.stderr)
        );
        // One part file per partition, each a whole run (merge checked the summaries).
        let parts = part_files(&out);
        assert_eq!(parts.len(), n as usize, "--by {by}: {parts:?}");
        let mut lines = 0;
        for part in &parts {
            let text = std::fs::read_to_string(part).unwrap();
            assert!(
                text.lines().last().unwrap().starts_with(r#"{"summary""#),
                "--by {by}: {}",
                part.display()
            );
            lines += text.lines().count() - 1;
        }
        assert_eq!(lines as u64, documents, "--by {by}: documents in the parts");
        // By shards, the merge is `scan room`; by paths, `scan --files-from` the driver's
        // listing (files named explicitly are never excluded by .techscanignore).
        let reference = if by == "shards" {
            "single".to_owned()
        } else {
            let list = out.join("paths.txt");
            let listed = single(&["--files-from", list.to_str().unwrap()], "single-paths");
            assert_eq!(listed, documents, "the driver lists the files a walk finds");
            "single-paths".to_owned()
        };
        for (format, file) in FORMATS {
            let a = std::fs::read(dir.path().join(&reference).join(file)).unwrap();
            let b = std::fs::read(out.join("merged").join(file)).unwrap();
            assert!(!a.is_empty(), "{format}");
            assert!(
                a == b,
                "--by {by}, {format}: Spark's merged report differs from the single run"
            );
        }
    }
}
