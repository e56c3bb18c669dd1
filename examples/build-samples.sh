#!/usr/bin/env bash
# Regenerates the sample agreements: examples/sample-sources/*.md -> samples/*.docx -> samples/*.pdf.
# Needs LibreOffice (libreoffice-writer-nogui), fonts-noto-cjk and fonts-liberation2;
# poppler-utils (pdftotext, pdffonts) for the checks at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/tmp/target-samples}"

cargo run --quiet --example make_samples

# A private LibreOffice profile avoids clashing with a running instance.
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
libreoffice -env:UserInstallation="file://$profile" --headless \
    --convert-to pdf --outdir samples samples/*.docx >/dev/null

# Checks: every PDF has text, embeds all its fonts and maps them to Unicode.
status=0
for pdf in samples/*.pdf; do
    chars=$(pdftotext -layout "$pdf" - | wc -m)
    bad=$(pdffonts "$pdf" | awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-2) != "yes")' | wc -l)
    printf '%-48s %6d chars, %d font(s) not embedded or without ToUnicode\n' "$pdf" "$chars" "$bad"
    if [ "$chars" -lt 1000 ] || [ "$bad" -ne 0 ]; then status=1; fi
done
exit "$status"
