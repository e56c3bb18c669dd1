#!/bin/sh
# Fills fuzz/corpus/<target>/ (git-ignored) with seed inputs: the repository's own samples,
# sample sources and dictionaries, plus the small parser test files of ../shared/corpus
# when it is present. Nothing from ../shared is ever committed.
#
#   cd fuzz && ./seed.sh && RUSTC_BOOTSTRAP=1 cargo fuzz run pdf -- -max_total_time=600 (see README.md)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
shared=$root/../shared/corpus
corpus=$here/corpus
mkdir -p "$corpus/pdf" "$corpus/docx" "$corpus/analyze" "$corpus/dictionary" \
    "$corpus/doc" "$corpus/rtf" "$corpus/odt"

cp "$root"/samples/*.pdf "$corpus/pdf/"
# DOCX inputs: first byte 0 = the file as is, 1 = document.xml NUL numbering.xml NUL
# styles.xml (the target packs them into a zip; see fuzz_targets/docx.rs).
docx_seed() {
    { printf '\000'; cat "$1"; } > "$corpus/docx/$(basename "$1")"
    if command -v unzip > /dev/null; then
        {
            printf '\001'
            unzip -p "$1" word/document.xml 2> /dev/null || true
            printf '\000'
            unzip -p "$1" word/numbering.xml 2> /dev/null || true
            printf '\000'
            unzip -p "$1" word/styles.xml 2> /dev/null || true
        } > "$corpus/docx/$(basename "$1").xml"
    fi
}
for f in "$root"/samples/*.docx; do docx_seed "$f"; done
cp "$root"/examples/sample-sources/*.md "$corpus/analyze/"
# .doc, .rtf and .odt inputs: the samples saved by LibreOffice when it is installed. doc and
# odt seeds start with byte 0 (the file as is); odt also gets byte 1 + content.xml NUL
# styles.xml (see fuzz_targets/odt.rs).
if command -v soffice > /dev/null; then
    tmp=$(mktemp -d)
    for ext in doc rtf odt; do
        soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to "$ext" \
            --outdir "$tmp/$ext" "$root"/samples/*.docx > /dev/null 2>&1 || true
    done
    for f in "$tmp"/doc/*.doc; do { printf '\000'; cat "$f"; } > "$corpus/doc/$(basename "$f")"; done
    cp "$tmp"/rtf/*.rtf "$corpus/rtf/" 2> /dev/null || true
    for f in "$tmp"/odt/*.odt; do
        { printf '\000'; cat "$f"; } > "$corpus/odt/$(basename "$f")"
        {
            printf '\001'
            unzip -p "$f" content.xml 2> /dev/null || true
            printf '\000'
            unzip -p "$f" styles.xml 2> /dev/null || true
        } > "$corpus/odt/$(basename "$f").xml"
    done
    rm -rf "$tmp"
else
    echo "seed.sh: soffice not found; no doc/rtf/odt seeds (apt-get install libreoffice-writer-nogui)" >&2
fi
# Dictionary inputs: first byte 0 = clause rules, 1 = party cues, 2 = catalogue data.
{ printf '\000'; cat "$root/dictionaries/clauses.toml"; } > "$corpus/dictionary/clauses.toml"
{ printf '\001'; cat "$root/dictionaries/parties.toml"; } > "$corpus/dictionary/parties.toml"
for f in "$root"/dictionaries/catalogue/*.toml "$root"/dictionaries/examples/*.toml; do
    { printf '\002'; cat "$f"; } > "$corpus/dictionary/catalogue-$(basename "$f")"
done

if [ -d "$shared/parser-tests" ]; then
    # Only files under 128 KiB: libFuzzer mutates small inputs far faster.
    find "$shared/parser-tests" "$shared/contracts/derived" -type f -name '*.pdf' -size -128k \
        -exec cp {} "$corpus/pdf/" \;
    find "$shared/parser-tests" -type f -name '*.docx' -size -128k | sort |
        while IFS= read -r f; do docx_seed "$f"; done
    find "$shared/parser-tests" -type f \( -name '*.txt' -o -name '*.native' \) -size -64k \
        -exec cp {} "$corpus/analyze/" \;
    for f in $(find "$shared/contracts" -name '*.txt' -size -48k | sort | head -20); do
        cp "$f" "$corpus/analyze/"
    done
else
    echo "seed.sh: $shared not found; seeding from the repository only" >&2
fi
for t in pdf docx analyze dictionary doc rtf odt; do
    echo "$t: $(ls "$corpus/$t" | wc -l) seed file(s)"
done
