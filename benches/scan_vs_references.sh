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
# (<= 0.1), 1-job / 2-job time (>= 1.8), cold / warm cache (>= 20).
#
# Usage: benches/scan_vs_references.sh [DIR]
#   DIR defaults to ../shared/corpus/contracts (the corpus contracts, PDF + DOCX + text).
#
# References (Debian): apt-get install poppler-utils pandoc   # pdftotext; rga's docx adapter
#                      cargo install --locked ripgrep_all     # rga; compiles for several
#                                                             # minutes: nice cargo install ...
# rga is optional: without it the rga lines say so and the other measurements still run.
set -euo pipefail
cd "$(dirname "$0")/.."

dir="${1:-../shared/corpus/contracts}"
[ -d "$dir" ] || { echo "no folder $dir" >&2; exit 1; }
command -v pdftotext >/dev/null || { echo "pdftotext not installed (apt-get install poppler-utils)" >&2; exit 1; }

cargo build --release --quiet --bin techscan --example pdf_bench
target="${CARGO_TARGET_DIR:-target}/release"
techscan="$target/techscan"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mapfile -t pdfs < <(find "$dir" -type f -iname '*.pdf' | sort)
files=$(find "$dir" -type f | wc -l)
bytes=$(find "$dir" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "input: $dir — $files files, $((bytes / 1024)) KiB, ${#pdfs[@]} PDFs; $(nproc) cores"

# Warm the page cache so every tool reads from memory.
find "$dir" -type f -exec cat {} + >/dev/null

now() { date +%s.%N; }
# seconds COMMAND...: runs the command (stdout discarded) and prints its wall time.
seconds() {
    local start end
    start=$(now)
    "$@" >/dev/null 2>"$work/stderr" || true
    end=$(now)
    echo "$end - $start" | bc -l
}
ratio() { echo "$1 / $2" | bc -l; }

scan=("$techscan" scan --quiet --format jsonl)
t2=$(seconds "${scan[@]}" --no-cache --jobs 2 "$dir")
t1=$(seconds "${scan[@]}" --no-cache --jobs 1 "$dir")
cold=$(seconds "${scan[@]}" --cache-dir "$work/cache" --jobs 2 "$dir")
warm=$(seconds "${scan[@]}" --cache-dir "$work/cache" --jobs 2 "$dir")
printf 'techscan scan, no cache, 2 jobs: %8.3f s\n' "$t2"
printf 'techscan scan, no cache, 1 job:  %8.3f s\n' "$t1"
printf 'techscan scan, cold cache:       %8.3f s\n' "$cold"
printf 'techscan scan, warm cache:       %8.3f s\n' "$warm"

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

if command -v rga >/dev/null; then
    rga_cold=$(seconds rga --rga-cache-path="$work/rga-cache" -j 2 -i -c -F -f "$work/keywords.txt" "$dir")
    rga_warm=$(seconds rga --rga-cache-path="$work/rga-cache" -j 2 -i -c -F -f "$work/keywords.txt" "$dir")
    printf 'rga, cold cache, 2 threads:      %8.3f s\n' "$rga_cold"
    printf 'rga, warm cache, 2 threads:      %8.3f s\n' "$rga_warm"
else
    echo "rga: not installed (cargo install --locked ripgrep_all); rga ratios skipped"
fi

ptt=$(seconds bash -c 'for f in "$@"; do pdftotext -q -enc UTF-8 "$f" /dev/null || true; done' _ "${pdfs[@]}")
pdf_scan=$(seconds "${scan[@]}" --no-cache --jobs 1 "${pdfs[@]}")
pdf_extract=$("$target/examples/pdf_bench" --jobs 1 "${pdfs[@]}" | tail -1)
pdf_extract_s=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$pdf_extract")
printf 'pdftotext over the PDFs, 1 job:  %8.3f s\n' "$ptt"
printf 'techscan scan of the PDFs, 1 job:%8.3f s (extract + analyse + report)\n' "$pdf_scan"
echo "techscan PDF extraction only: $pdf_extract"

echo
echo "ratios"
if [ -n "${rga_cold:-}" ]; then
    printf '  techscan full scan (2 jobs) / rga cold:   %7.3f   (bar <= 0.1)\n' "$(ratio "$t2" "$rga_cold")"
fi
printf '  2-core speed-up (1 job / 2 jobs):         %7.2f   (bar >= 1.8)\n' "$(ratio "$t1" "$t2")"
printf '  cache cold / warm:                        %7.1f   (bar >= 20)\n' "$(ratio "$cold" "$warm")"
printf '  techscan scan of the PDFs / pdftotext:    %7.3f\n' "$(ratio "$pdf_scan" "$ptt")"
printf '  techscan PDF extraction / pdftotext:      %7.3f\n' "$(ratio "$pdf_extract_s" "$ptt")"
