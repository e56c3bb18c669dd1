#!/usr/bin/env bash
# OCR of scans: techscan against the plain pipeline `pdftoppm -r 300 | tesseract`, run page
# by page, on the same scanned pages and the same cores; and the text fidelity of techscan's
# OCR against each contract's text layer.
#
# Usage: benches/ocr_vs_pipeline.sh [PAGES_PER_DOC] [DPI...]
#   default: the first 3 pages of 3 English (CUAD) and 3 Chinese (TD2000 model contracts)
#   corpus contracts, scanned at 200 and 300 dpi.
# The Chinese corpus PDFs embed a font poppler draws blank, so their .docx is converted to
# PDF with LibreOffice first (soffice). Each contract's pages are rendered with
# `pdftoppm -r DPI -gray -jpeg` and wrapped as an image-only PDF (examples/scanned_pdf.rs).
# Then, per DPI:
#   - fidelity: `techscan text --raw` of the scan against `pdftotext` of the original pages;
#     word-bag F1 for English, CJK-character-bag F1 for Chinese (punctuation and spacing
#     ignored); the same for the plain pipeline's output;
#   - speed: `techscan scan --jobs 2 --no-cache --timeout 0` over all scans, against the plain
#     pipeline run page by page over the same scans (`pdftoppm -r 300 -gray -png -f N -l N
#     scan.pdf | tesseract stdin stdout -l LANG`, LANG the contract's language given as an
#     oracle, tesseract's own threading as installed), timed while it produces the fidelity
#     text; the ratio is the pipeline's time over techscan's (pages per second ratio).
# OCR_BENCH_KEEP=DIR keeps the scans and every text in DIR (DPI/CONTRACT/) to compare.
# Needs tesseract (eng, chi_sim), pdftoppm/pdftotext, soffice and python3 (for the bags).
set -euo pipefail
cd "$(dirname "$0")/.."

pages=${1:-3}
shift || true
dpis=("$@")
[ ${#dpis[@]} -eq 0 ] && dpis=(200 300)
corpus=../shared/corpus/contracts
en=("$corpus"/en/cuad/002_*/*.pdf "$corpus"/en/cuad/004_*/*.pdf "$corpus"/en/cuad/010_*/*.pdf)
zh_docx=("$corpus"/zh/td2000-templates/004_*/*.docx "$corpus"/zh/td2000-templates/008_*/*.docx
    "$corpus"/zh/td2000-templates/016_*/*.docx)
for tool in tesseract pdftoppm pdftotext python3 soffice bc; do
    command -v "$tool" >/dev/null || { echo "$tool not installed" >&2; exit 1; }
done

cargo build --release --quiet --bin techscan --example scanned_pdf
bin="${CARGO_TARGET_DIR:-target}/release"
if [ -n "${OCR_BENCH_KEEP:-}" ]; then
    work=$OCR_BENCH_KEEP # scans, texts and references are kept there to look at
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
soffice --headless --convert-to pdf --outdir "$work/zh" "${zh_docx[@]}" >/dev/null 2>&1
zh=("$work"/zh/*.pdf)

f1() { # f1 LANG REFERENCE HYPOTHESIS
    python3 - "$@" <<'PY'
import collections, sys, unicodedata
lang, ref, hyp = sys.argv[1], open(sys.argv[2], encoding="utf-8").read(), open(sys.argv[3], encoding="utf-8").read()
def bag(text):
    text = unicodedata.normalize("NFKC", text)
    if lang == "zh":
        return collections.Counter(c for c in text if "\u4e00" <= c <= "\u9fff")
    words = (w.strip("".join(c for c in set(w) if not c.isalnum())) for w in text.split())
    return collections.Counter(w for w in words if w)
a, b = bag(ref), bag(hyp)
common = sum((a & b).values())
print(f"{2 * common / max(1, sum(a.values()) + sum(b.values())):.4f}")
PY
}

echo "pages per contract: $pages; cores: $(nproc); $(tesseract --version 2>&1 | head -1)"
for dpi in "${dpis[@]}"; do
    scans=()
    total=0
    pp=0
    printf '\n== %s dpi\n%-40s %5s %10s %10s\n' "$dpi" contract pages techscan pipeline
    for lang in en zh; do
        if [ "$lang" = en ]; then docs=("${en[@]}"); pack=eng; else docs=("${zh[@]}"); pack=chi_sim; fi
        for doc in "${docs[@]}"; do
            name=$(basename "$doc" .pdf)
            dir="$work/$dpi/$name"
            mkdir -p "$dir"
            pdftoppm -r "$dpi" -gray -jpeg -f 1 -l "$pages" "$doc" "$dir/page"
            RUST_BACKTRACE=0 "$bin/examples/scanned_pdf" "$dir/scan.pdf" "$dpi" "$dir"/page-*.jpg
            n=$(ls "$dir"/page-*.jpg | wc -l)
            total=$((total + n))
            scans+=("$dir/scan.pdf")
            echo "$pack" >"$dir/lang"
            pdftotext -q -enc UTF-8 -f 1 -l "$pages" "$doc" "$dir/reference.txt"
            "$bin/techscan" text --raw "$dir/scan.pdf" | grep -v '^#\|^\[¶\|^===' >"$dir/techscan.txt"
            start=$(date +%s.%N)
            for ((p = 1; p <= n; p++)); do
                pdftoppm -r 300 -gray -png -f "$p" -l "$p" "$dir/scan.pdf" |
                    tesseract stdin stdout -l "$pack" 2>/dev/null
            done >"$dir/pipeline.txt"
            pp=$(echo "$pp + $(date +%s.%N) - $start" | bc -l)
            printf '%-40s %5s %10s %10s\n' "${name:0:40}" "$n" \
                "$(f1 "$lang" "$dir/reference.txt" "$dir/techscan.txt")" \
                "$(f1 "$lang" "$dir/reference.txt" "$dir/pipeline.txt")"
        done
    done

    # Speed, on the same scans (the pipeline was timed above).
    cat "${scans[@]}" >/dev/null
    start=$(date +%s.%N)
    "$bin/techscan" scan --jobs 2 --no-cache --timeout 0 --quiet --format json -o /dev/null "${scans[@]}" || true
    ts=$(echo "$(date +%s.%N) - $start" | bc -l)
    printf 'speed: %d pages; techscan %.1f s (%.2f pages/s), pipeline %.1f s (%.2f pages/s); ratio %.2f\n' \
        "$total" "$ts" "$(echo "$total / $ts" | bc -l)" "$pp" "$(echo "$total / $pp" | bc -l)" \
        "$(echo "$pp / $ts" | bc -l)"
done
