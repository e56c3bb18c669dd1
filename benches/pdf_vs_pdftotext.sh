#!/usr/bin/env bash
# PDF extraction speed: techscan's extractor against pdftotext (poppler) over the same files,
# in the same run, single-threaded (and techscan on 2 threads, files split across them).
#
# Usage: benches/pdf_vs_pdftotext.sh [DIR_OR_FILE...]
#   default input: every PDF under ../shared/corpus/contracts (en, zh, derived excluded)
# Needs pdftotext (apt-get install poppler-utils). Builds the pdf_bench example in release.
set -euo pipefail
cd "$(dirname "$0")/.."

inputs=("$@")
if [ ${#inputs[@]} -eq 0 ]; then
    inputs=(../shared/corpus/contracts/en ../shared/corpus/contracts/zh)
fi
mapfile -t files < <(find "${inputs[@]}" -type f -iname '*.pdf' | sort)
if [ ${#files[@]} -eq 0 ]; then
    echo "no PDF files found in ${inputs[*]}" >&2
    exit 1
fi
command -v pdftotext >/dev/null || { echo "pdftotext not installed" >&2; exit 1; }

cargo build --release --quiet --example pdf_bench
bench="${CARGO_TARGET_DIR:-target}/release/examples/pdf_bench"

# Warm the page cache so both tools read from memory.
cat "${files[@]}" >/dev/null

one=$("$bench" --jobs 1 "${files[@]}" | tail -1)
two=$("$bench" --jobs 2 "${files[@]}" | tail -1)
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }
pages=$(field pages "$one")

start=$(date +%s.%N)
for f in "${files[@]}"; do
    pdftotext -q -enc UTF-8 "$f" /dev/null || true
done
end=$(date +%s.%N)

ts1=$(field seconds "$one")
ts2=$(field seconds "$two")
pt=$(echo "$end - $start" | bc -l)
printf '%s\n' "$one" "$two"
printf 'pdftotext jobs=1 files=%d pages=%s seconds=%.3f pages_per_s=%.0f\n' \
    "${#files[@]}" "$pages" "$pt" "$(echo "$pages / $pt" | bc -l)"
printf 'ratio techscan/pdftotext (1 thread): %.4f  (%.1fx faster)\n' \
    "$(echo "$ts1 / $pt" | bc -l)" "$(echo "$pt / $ts1" | bc -l)"
printf 'ratio techscan on 2 threads / pdftotext on 1: %.4f\n' "$(echo "$ts2 / $pt" | bc -l)"
