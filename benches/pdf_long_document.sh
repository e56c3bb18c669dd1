#!/usr/bin/env bash
# One long PDF alone: techscan's extractor on 1 and 2 threads (on 2, the document is split
# into page ranges across the threads) and pdftotext, in the same run.
#
# Usage: benches/pdf_long_document.sh [PDF]
#   default input: the five longest corpus contracts joined with pdfunite (about 300 pages),
#   written to a temporary file that is removed afterwards (nothing is copied into the repo).
# Needs pdftotext, pdfinfo and pdfunite (apt-get install poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in pdftotext pdfinfo pdfunite; do
    command -v "$tool" >/dev/null || { echo "$tool not installed" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ $# -ge 1 ]; then
    pdf=$1
else
    mapfile -t longest < <(
        find ../shared/corpus/contracts/en ../shared/corpus/contracts/zh -type f -iname '*.pdf' |
            while read -r f; do
                printf '%s\t%s\n' "$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/{print $2}')" "$f"
            done | sort -rn | head -5 | cut -f2
    )
    [ ${#longest[@]} -gt 0 ] || { echo "no corpus PDFs found" >&2; exit 1; }
    pdf=$tmp/long.pdf
    pdfunite "${longest[@]}" "$pdf"
fi
pages=$(pdfinfo "$pdf" | awk '/^Pages:/{print $2}')
echo "document: $pdf ($pages pages, $(stat -c %s "$pdf") bytes)"

cargo build --release --quiet --example pdf_bench
bench="${CARGO_TARGET_DIR:-target}/release/examples/pdf_bench"
cat "$pdf" >/dev/null

best() { # best of 5 runs of the bench with --jobs $1
    for _ in 1 2 3 4 5; do "$bench" --jobs "$1" "$pdf" | tail -1; done |
        sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' | sort -n | head -1
}
one=$(best 1)
two=$(best 2)
start=$(date +%s.%N)
pdftotext -q -enc UTF-8 "$pdf" /dev/null || true
end=$(date +%s.%N)
pt=$(echo "$end - $start" | bc -l)
printf 'techscan jobs=1 seconds=%.4f pages_per_s=%.0f (best of 5)\n' "$one" "$(echo "$pages / $one" | bc -l)"
printf 'techscan jobs=2 seconds=%.4f pages_per_s=%.0f (best of 5)\n' "$two" "$(echo "$pages / $two" | bc -l)"
printf 'pdftotext seconds=%.4f pages_per_s=%.0f\n' "$pt" "$(echo "$pages / $pt" | bc -l)"
printf 'speed-up 2 threads / 1 thread: %.2fx\n' "$(echo "$one / $two" | bc -l)"
