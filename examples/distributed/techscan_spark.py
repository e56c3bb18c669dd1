#!/usr/bin/env python3
"""Scans a data room with techscan on Spark (RDD.pipe) and merges the result into the
report one `techscan scan` run writes (docs/distributed.md, "Spark: RDD.pipe").

    python3 techscan_spark.py [OPTIONS] ROOT OUT [-- SCAN OPTION...]
    spark-submit techscan_spark.py [OPTIONS] ROOT OUT [-- SCAN OPTION...]

Two ways to split the work (--by):
  shards  (default) an RDD of the shard numbers 1..N, one per partition, piped through
          `techscan-shard.sh ROOT N -`: each task lists ROOT and scans its shard
          (`techscan scan ROOT --shard K/N`). The merge is the report of `techscan scan ROOT`.
  paths   the driver lists ROOT (sorted; folders starting with '.' and .techscanignore
          files left out) into OUT/paths.txt, splits the list into N partitions and pipes
          each through `techscan-paths.sh` (`techscan scan --files-from -`). The merge is
          the report of `techscan scan --files-from OUT/paths.txt`.

OUT, a new folder that the driver and every executor see at the same path (in local mode:
any folder), receives parts/ (the job's `saveAsTextFile`: one JSON Lines run per non-empty
partition) and merged/techscan-report.* (`techscan merge parts/part-* --format FORMATS`).
Every task changes to the driver's current folder (--workdir) before it scans, so reports
show ROOT's paths as written here; techscan and the two worker scripts beside this file
must be at the same paths on every executor.

Exit code: that of `techscan merge` (0; 1 at or above --fail-on; 2 when a document failed
or the merge refused its input), or 2 when the Spark job failed.
"""

import argparse
import glob
import os
import shlex
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# Passed on to the piped command: PySpark's RDD.pipe runs it with an EMPTY environment
# unless it is given one (not even PATH).
WORKER_ENV = ("PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "XDG_CACHE_HOME", "TECHSCAN_CACHE_DIR")


def parse_args(argv):
    scan_args = []
    if "--" in argv:
        cut = argv.index("--")
        argv, scan_args = argv[:cut], argv[cut + 1 :]
    p = argparse.ArgumentParser(
        prog="techscan_spark.py",
        description="Scan ROOT with techscan on Spark (RDD.pipe) and merge the parts.",
        epilog="Options after -- go to every `techscan scan` (e.g. -- --no-cache --no-config).",
    )
    p.add_argument("root", metavar="ROOT", help="folder (or zip) to scan, as reports show it")
    p.add_argument("out", metavar="OUT", help="new folder for parts/ and merged/")
    p.add_argument(
        "--by", choices=("shards", "paths"), default="shards",
        help="partition the shard numbers (scan ROOT --shard K/N) or the listed paths",
    )
    p.add_argument(
        "-n", "--partitions", type=int, default=0,
        help="number of shards or path partitions (default: Spark's default parallelism)",
    )
    p.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's)")
    p.add_argument("--techscan", default="techscan", help="techscan binary (default: on PATH)")
    p.add_argument("--workdir", default=os.getcwd(), help="folder tasks scan from (default: here)")
    p.add_argument("--format", default="json", help="merge formats, comma-separated (json)")
    p.add_argument(
        "--fail-on", default="high", choices=("none", "low", "medium", "high", "critical"),
        help="exit 1 when a finding is at or above this (default: high, as scan)",
    )
    p.add_argument("--lang", choices=("en", "zh"), help="report language, for scan and merge")
    args = p.parse_args(argv)
    args.scan_args = scan_args + (["--lang", args.lang] if args.lang else [])
    return args


def list_paths(root):
    """The files under root in byte order of their paths, as `techscan scan ROOT` walks them
    (folders starting with '.' not entered, .techscanignore files not inputs)."""
    if not os.path.isdir(root):
        return [root]
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [os.path.join(folder, f) for f in files if f != ".techscanignore"]
    return sorted(found, key=os.fsencode)


def pipe_command(workdir, script, args):
    """`sh -c 'cd WORKDIR && exec sh SCRIPT ARGS'`, quoted for the shlex.split of RDD.pipe."""
    argv = ["sh", "-c", 'cd "$1" && shift && exec sh "$@"', "sh", workdir, script, *args]
    return " ".join(shlex.quote(a) for a in argv)


def reason(err):
    """The line of a failed job's error that says why: a worker's exit code when it has one."""
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    for marker in ("[PIPE_FUNCTION_EXITED]", "Job aborted"):
        for line in lines:
            if marker in line:
                return line[line.index(marker) :]
    return lines[0] if lines else type(err).__name__


def main(argv):
    args = parse_args(argv)
    binary = shutil.which(args.techscan)
    if binary is None:
        sys.exit(f"techscan_spark.py: techscan binary not found: {args.techscan}")
    binary = os.path.abspath(binary)
    if args.partitions < 0:
        sys.exit("techscan_spark.py: --partitions must be at least 1")
    workdir = os.path.abspath(args.workdir)
    out = os.path.abspath(args.out)
    if os.path.exists(out) and os.listdir(out):
        sys.exit(f"techscan_spark.py: {out} exists and is not empty")
    os.makedirs(out, exist_ok=True)
    os.chdir(workdir)
    env = {k: os.environ[k] for k in WORKER_ENV if k in os.environ}
    env["PATH"] = os.pathsep.join([os.path.dirname(binary), env.get("PATH", os.defpath)])
    # The Python workers run the interpreter that runs this script.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("techscan")
    if args.master:
        builder = builder.master(args.master)
        if args.master.startswith("local"):
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
            builder = builder.config("spark.driver.bindAddress", "127.0.0.1").config(
                "spark.driver.host", "127.0.0.1"
            )
    spark = builder.config("spark.ui.enabled", "false").config(
        "spark.ui.showConsoleProgress", "false"
    ).getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("ERROR")
    n = args.partitions or sc.defaultParallelism
    if args.by == "shards":
        # One shard number per partition: techscan-shard.sh reads only the first line.
        items = sc.parallelize([str(k) for k in range(1, n + 1)], n)
        script = os.path.join(HERE, "techscan-shard.sh")
        command = pipe_command(workdir, script, [args.root, str(n), "-", *args.scan_args])
    else:
        paths = list_paths(args.root)
        if any("\n" in p or "\r" in p for p in paths):
            spark.stop()
            sys.exit("techscan_spark.py: a path holds a line break; RDD.pipe passes one per line")
        with open(os.path.join(out, "paths.txt"), "w", encoding="utf-8") as f:
            f.writelines(p + "\n" for p in paths)
        items = sc.parallelize(paths, n)
        script = os.path.join(HERE, "techscan-paths.sh")
        command = pipe_command(workdir, script, args.scan_args)
    parts = os.path.join(out, "parts")
    try:
        # checkCode: a run that did not complete fails the task (on a cluster Spark retries it;
        # local mode does not retry unless the master says so, as local[2,3]).
        items.pipe(command, env=env, checkCode=True).saveAsTextFile("file://" + parts)
    except Exception as err:  # Py4JJavaError and PySpark's errors: one line, exit 2
        print(f"techscan_spark.py: the Spark job failed: {reason(err)}", file=sys.stderr)
        return 2
    finally:
        spark.stop()
    merge = [binary, "merge", "--quiet", "--format", args.format, "--fail-on", args.fail_on]
    merge += ["--output-dir", os.path.join(out, "merged")]
    if args.lang:
        merge += ["--lang", args.lang]
    merge += sorted(glob.glob(os.path.join(glob.escape(parts), "part-*")))
    return subprocess.run(merge, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
