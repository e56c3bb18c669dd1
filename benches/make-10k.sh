#!/usr/bin/env bash
# Generates a corpus of N documents (default 10,000) from the agreements in samples/, every
# one with different content, so content hashes differ and nothing is served from a cache:
#
#   - DOCX: the sample with its body text varied — a numbered party name and an execution
#     date are written into word/document.xml (the zip is rebuilt, other members kept);
#   - PDF:  the sample's bytes unchanged, then a PDF comment line `%variant N` appended
#     after %%EOF (readers ignore it; the content hash changes);
#   - text: the DOCX variant's paragraphs as plain text, with the same varied name and date.
#
# Files are spread over folders of 500 (`d000/`, `d001/`, ...), as data rooms are.
#
# Usage: benches/make-10k.sh OUT_DIR [N]
# Then measure, e.g.:
#   /usr/bin/time -v target/release/techscan scan --no-cache --quiet --format jsonl OUT_DIR >/dev/null
#   /usr/bin/time -v target/release/techscan scan --no-cache --quiet --format json  OUT_DIR >/dev/null
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:?usage: benches/make-10k.sh OUT_DIR [N]}"
n="${2:-10000}"
mkdir -p "$out"

python3 - "$out" "$n" samples <<'EOF'
import io, os, re, sys, zipfile, html

out, n, samples = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sources = sorted(
    os.path.join(samples, f)
    for f in os.listdir(samples)
    if f.endswith((".pdf", ".docx"))
)
docx = {p: open(p, "rb").read() for p in sources if p.endswith(".docx")}
pdf = {p: open(p, "rb").read() for p in sources if p.endswith(".pdf")}
months = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]

def docx_variant(data, i):
    """The DOCX with a paragraph naming a varied party and date prepended to the body."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "word/document.xml":
                note = (f"Data-room copy {i}: prepared for Reviewer Holdings No. {i} Limited "
                        f"on {1 + i % 28} {months[i % 12]} {2020 + i % 6}.")
                para = f'<w:p><w:r><w:t>{html.escape(note)}</w:t></w:r></w:p>'.encode()
                body = re.sub(rb"(<w:body[^>]*>)", lambda m: m.group(1) + para, body, count=1)
            dst.writestr(info, body)
    return buf.getvalue()

def docx_text(data):
    """The paragraphs of a DOCX as plain text (good enough for a text variant)."""
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    paras = []
    for p in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
        text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p))
        if text.strip():
            paras.append(html.unescape(text))
    return "\n\n".join(paras)

texts = {p: docx_text(d) for p, d in docx.items()}
kinds = [("docx", p) for p in docx] + [("pdf", p) for p in pdf] + [("txt", p) for p in docx]
for i in range(n):
    kind, src = kinds[i % len(kinds)]
    folder = os.path.join(out, f"d{i // 500:03d}")
    os.makedirs(folder, exist_ok=True)
    stem = os.path.splitext(os.path.basename(src))[0]
    name = os.path.join(folder, f"{i:05d}-{stem}.{kind}")
    if kind == "docx":
        data = docx_variant(docx[src], i)
    elif kind == "pdf":
        data = pdf[src] + f"\n%variant {i}\n".encode()
    else:
        note = (f"Data-room copy {i}: prepared for Reviewer Holdings No. {i} Limited "
                f"on {1 + i % 28} {months[i % 12]} {2020 + i % 6}.")
        data = (note + "\n\n" + texts[src] + "\n").encode("utf-8")
    with open(name, "wb") as f:
        f.write(data)
print(f"{n} documents in {out} ({len(kinds)} kinds of variant from {len(sources)} samples)")
EOF
