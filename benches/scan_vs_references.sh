#!/usr/bin/env bash
# End-to-end speed of techscan against reference tools, all in one run on the same files:
#
#   1. techscan scan of the folder (no cache) on 2 jobs and on 1 job: the 2-core speed-up;
#   2. techscan with its cache: a cold run into an empty cache, then a warm rescan;
#   3. rga (ripgrep-all) over the same folder with a cold cache (a fresh --rga-cache-path),
#      searching the catalogue's keywords as one case-insensitive alternation;
#   4. pdftotext over the folder's PDFs (one process per file, as it is normally run), and
#      techscan's PDF extractor alone over the same PDFs (examples/pdf_bench.rs).
#
# It prints the times and the ratios the scale issue sets bars for: full scan / rga cold
# (<= 0.1), 1-job / 2-job time (>= 1.8), cold / warm cache (>= 20). Each time is the
# median of RUNS runs (default 3); every cold run (techscan's cache, rga's cache) starts
# from an empty cache folder of its own. The OS page cache is warmed first for every tool
# alike: "cold" means the tools' own caches, not the disk.
#
# Usage: [RUNS=3] benches/scan_vs_references.sh [DIR]
#   DIR defaults to ../shared/corpus/contracts (the corpus contracts, PDF + DOCX + text).
#
# References (Debian): apt-get install poppler-utils pandoc ripgrep  # pdftotext; rga's docx
#                                                                    # adapter; rg, which rga runs
#                      cargo install --locked ripgrep_all     # rga; compiles for several
#                                                             # minutes: nice cargo install ...
# rga is optional: without it the rga lines say so and the other measurements still run.
set -euo pipefail
cd "$(dirname "$0")/.."

dir="${1:-../shared/corpus/contracts}"
[ -d "$dir" ] || { echo "no folder $dir" >&2; exit 1; }
command -v pdftotext >/dev/null || { echo "pdftotext not installed (apt-get install poppler-utils)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not installed (apt-get install time)" >&2; exit 1; }

cargo build --release --quiet --bin techscan --example pdf_bench
target="${CARGO_TARGET_DIR:-target}/release"
techscan="$target/techscan"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mapfile -t pdfs < <(find "$dir" -type f -iname '*.pdf' | sort)
files=$(find "$dir" -type f | wc -l)
bytes=$(find "$dir" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "input: $dir — $files files, $((bytes / 1024)) KiB, ${#pdfs[@]} PDFs; $(nproc) cores"

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
# Warm the page cache so every tool reads from memory.
find "$dir" -type f -exec cat {} + >/dev/null

runs="${RUNS:-3}"   # each timing is the median of this many runs
# seconds COMMAND...: runs the command (stdout discarded) and prints its wall time; its
# CPU time (user + sys, children included) is appended to $work/cpu, so a reader can tell
# a slow run from a run that waited for a core other processes held.
# (GNU time writes "Command exited with non-zero status N" first when the command fails:
# its last line is the one asked for.)
seconds() {
    local start end
    start=$(date +%s.%N)
    /usr/bin/time -f '%U %S' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || true
    end=$(date +%s.%N)
    tail -n 1 "$work/time" | awk '{print $1 + $2}' >>"$work/cpu"
    echo "$end - $start" | bc -l
}
# cpu_of N: the median CPU seconds of the last N timings.
cpu_of() { median $(tail -n "$1" "$work/cpu"); }
# median N1 N2 ...
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
ratio() { echo "$1 / $2" | bc -l; }

scan=("$techscan" scan --quiet --format jsonl)
# timed LABEL COMMAND...: one run of a series; wall time to $work/wall-LABEL, CPU time to
# $work/cpu-LABEL.
timed() {
    local label=$1
    shift
    seconds "$@" >>"$work/wall-$label"
    tail -n 1 "$work/cpu" >>"$work/cpu-$label"
}
# report LABEL TEXT: prints the series' median wall time, its runs, and its median CPU time.
report() {
    local wall cpu
    wall=$(median $(cat "$work/wall-$1"))
    cpu=$(median $(cat "$work/cpu-$1"))
    printf '%-34s %8.3f s   cpu %7.3f s   (runs: %s)\n' "$2:" "$wall" "$cpu" \
        "$(awk '{printf "%.3f ", $1}' "$work/wall-$1")"
    echo "$wall" >"$work/median-$1"
}
m() { cat "$work/median-$1"; }

for i in $(seq "$runs"); do
    timed t2 "${scan[@]}" --no-cache --jobs 2 "$dir"
    timed t1 "${scan[@]}" --no-cache --jobs 1 "$dir"
    # Every cold run starts from an empty cache folder of its own.
    timed cold "${scan[@]}" --cache-dir "$work/cache-$i" --jobs 2 "$dir"
    timed warm "${scan[@]}" --cache-dir "$work/cache-$i" --jobs 2 "$dir"
done
echo "each time: median of $runs runs (wall clock; cpu = user + sys)"
report t2 "techscan scan, no cache, 2 jobs"
report t1 "techscan scan, no cache, 1 job"
report cold "techscan scan, cold cache"
report warm "techscan scan, warm cache"
t2=$(m t2) t1=$(m t1) cold=$(m cold) warm=$(m warm)
# Not timed: what the warm run took from the cache, from its status line.
echo "warm run status: $("$techscan" scan --format jsonl --cache-dir "$work/cache-1" "$dir" 2>&1 >/dev/null | tail -1)"

# The catalogue's keywords (specific and generic, English and Chinese, entries and
# control points) as fixed strings, one per line: rg -F -f makes them one alternation.
python3 - dictionaries/catalogue/*.toml >"$work/keywords.txt" <<'EOF'
import sys, tomllib
words = set()
def walk(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith(("keywords_en", "keywords_zh")) and isinstance(value, list):
                words.update(w for w in value if isinstance(w, str) and w.strip())
            else:
                walk(value)
    elif isinstance(node, list):
        for v in node:
            walk(v)
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        walk(tomllib.load(f))
print("\n".join(sorted(words)))
EOF
echo "catalogue keywords: $(wc -l <"$work/keywords.txt")"

if command -v rga >/dev/null && command -v rg >/dev/null; then
    for i in $(seq "$runs"); do
        # A fresh cache folder for every cold run: rga extracts every document again.
        rga_cmd=(rga --rga-cache-path="$work/rga-cache-$i" -j 2 -i -c -F -f "$work/keywords.txt" "$dir")
        timed rga_cold "${rga_cmd[@]}"
        timed rga_warm "${rga_cmd[@]}"
    done
    # rga exits 2 when some file could not be converted (the corpus has damaged PDFs on
    # purpose); its matches in the others are still counted.
    "${rga_cmd[@]}" >"$work/rga.out" 2>"$work/rga.err" || true
    echo "rga: $(wc -l <"$work/rga.out") files with matches; $(grep -c 'preprocessor command failed' "$work/rga.err" || true) file(s) its adapters could not convert"
    report rga_cold "rga, cold cache, 2 threads"
    report rga_warm "rga, warm cache, 2 threads"
    rga_cold=$(m rga_cold)
    echo "rga: $(rga --version | head -1); adapters used: pdftotext (poppler), pandoc for DOCX$(command -v pandoc >/dev/null || echo ' (NOT installed: DOCX not converted)')"
else
    echo "rga or rg not installed (cargo install --locked ripgrep_all; apt-get install ripgrep); rga ratios skipped"
fi

for i in $(seq "$runs"); do
    timed ptt bash -c 'for f in "$@"; do pdftotext -q -enc UTF-8 "$f" /dev/null || true; done' _ "${pdfs[@]}"
    timed pdf_scan "${scan[@]}" --no-cache --jobs 1 "${pdfs[@]}"
done
pdf_extract=$("$target/examples/pdf_bench" --jobs 1 "${pdfs[@]}" | tail -1)
pdf_extract_s=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$pdf_extract")
report ptt "pdftotext over the PDFs, 1 job"
report pdf_scan "techscan scan of the PDFs, 1 job"
ptt=$(m ptt) pdf_scan=$(m pdf_scan)
echo "techscan PDF extraction only: $pdf_extract"

cores() { echo "$(median $(cat "$work/cpu-$1")) / $(m "$1")" | bc -l; }
echo
echo "load average (1, 5, 15 min) at the start: $load_start; at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'cores techscan kept busy (cpu / wall): 1 job %.2f, 2 jobs %.2f — a 2-job run that\n' "$(cores t1)" "$(cores t2)"
echo "keeps far fewer than 2 cores busy was waiting for cores other processes held"
echo
echo "ratios"
if [ -n "${rga_cold:-}" ]; then
    printf '  techscan full scan (2 jobs) / rga cold:   %7.3f   (bar <= 0.1)\n' "$(ratio "$t2" "$rga_cold")"
fi
printf '  2-core speed-up (1 job / 2 jobs):         %7.2f   (bar >= 1.8)\n' "$(ratio "$t1" "$t2")"
printf '  cache cold / warm:                        %7.1f   (bar >= 20)\n' "$(ratio "$cold" "$warm")"
printf '  techscan scan of the PDFs / pdftotext:    %7.3f\n' "$(ratio "$pdf_scan" "$ptt")"
printf '  techscan PDF extraction / pdftotext:      %7.3f\n' "$(ratio "$pdf_extract_s" "$ptt")"
