#!/usr/bin/env python3
"""Check tests/contracts/labels-zh.toml against the files in tests/contracts/zh/.

Every quote / seat_evidence must be an exact substring of its file, every giver and receiver must be
the name or an alias of a listed party, enums must be in the schema, and every .txt has one label.
Run from anywhere: python3 tests/contracts/check_labels_zh.py
"""
import pathlib
import re
import sys
import tomllib

HERE = pathlib.Path(__file__).resolve().parent
FLOWS = {"outbound", "inbound-only", "domestic", "no-mainland", "unclear"}
RISKS = {"critical", "high", "medium", "low", "none"}
KINDS = {"assignment", "licence", "grant-back", "know-how", "technical-services", "jv-contribution"}
PKINDS = {"company", "institute", "university", "government", "individual", "jv-to-be-formed"}
REGIONS = {"mainland", "hong-kong", "macau", "taiwan", "foreign", "unknown"}
LANGS = {"en", "zh", "bilingual"}
CJK = re.compile(r"[\u3400-\u9fff]")


def long_enough(q: str) -> bool:
    return len(CJK.findall(q)) >= 8 or len(q.split()) >= 6


def main() -> int:
    data = tomllib.load(open(HERE / "labels-zh.toml", "rb"))
    errs = []
    seen = set()
    for c in data["contract"]:
        f = c["file"]
        if f in seen:
            errs.append(f"{f}: labelled twice")
        seen.add(f)
        path = HERE / f
        if not path.is_file():
            errs.append(f"{f}: file missing")
            continue
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        if not 30 <= lines <= 120:
            errs.append(f"{f}: {lines} lines (want 30-120)")
        for key, allowed in (("export_flow", FLOWS), ("expected_risk", RISKS), ("language", LANGS)):
            if c.get(key) not in allowed:
                errs.append(f"{f}: {key}={c.get(key)!r}")
        for key in ("style", "catalogue", "notes"):
            if not c.get(key):
                errs.append(f"{f}: {key} empty")
        names = set()
        for p in c.get("party", []):
            names.add(p["name"])
            names.update(p.get("aliases", []))
            if p["name"] not in text:
                errs.append(f"{f}: party name not in file: {p['name']}")
            for a in p.get("aliases", []):
                if a not in text:
                    errs.append(f"{f}: alias not in file: {a}")
            if p.get("kind") not in PKINDS:
                errs.append(f"{f}: party kind {p.get('kind')!r}")
            if p.get("region") not in REGIONS:
                errs.append(f"{f}: region {p.get('region')!r}")
            if not p.get("country"):
                errs.append(f"{f}: country empty for {p['name']}")
            ev = p.get("seat_evidence", "")
            if ev and ev not in text:
                errs.append(f"{f}: seat_evidence not in file: {ev}")
        for t in c.get("transfer", []):
            if t.get("kind") not in KINDS:
                errs.append(f"{f}: transfer kind {t.get('kind')!r}")
            for role in ("giver", "receiver"):
                if t.get(role) not in names:
                    errs.append(f"{f}: {role} {t.get(role)!r} is no party name/alias")
            if t["quote"] not in text:
                errs.append(f"{f}: transfer quote not in file: {t['quote']}")
            if not long_enough(t["quote"]):
                errs.append(f"{f}: transfer quote too short: {t['quote']}")
        for t in c.get("trap", []):
            if t["quote"] not in text:
                errs.append(f"{f}: trap quote not in file: {t['quote']}")
            if not t.get("why"):
                errs.append(f"{f}: trap without why")
        if c["expected_risk"] in ("critical", "high") and c["export_flow"] != "outbound":
            errs.append(f"{f}: risk {c['expected_risk']} without outbound flow")
        if c["expected_risk"] == "medium" and c["export_flow"] not in ("outbound", "unclear"):
            errs.append(f"{f}: risk {c['expected_risk']} without outbound flow")
        if c["expected_risk"] == "none" and c.get("transfer"):
            errs.append(f"{f}: risk none but transfers listed")
    for p in sorted((HERE / "zh").glob("*.txt")):
        rel = f"zh/{p.name}"
        if rel not in seen:
            errs.append(f"{rel}: no label")
    for e in errs:
        print(e)
    print(f"{len(data['contract'])} contracts, {len(errs)} problem(s)")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
