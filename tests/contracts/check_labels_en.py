#!/usr/bin/env python3
"""Consistency check for the English held-out labels (labels.toml, en/) (python3 >= 3.11, no dependencies).

Run: python3 tests/contracts/check_labels_en.py   (the Chinese set has check_labels_zh.py)
Checks that each labels file parses as TOML, that every labelled file exists and is labelled once
(a file outside 40-150 lines is only a warning), that every field takes an allowed value, that every party name, alias, seat
evidence, transfer quote and trap quote is an exact substring of its contract, that every giver and
receiver is a name or alias of a listed party, and that quotes are long enough (>= 6 words, or >= 8
CJK characters). Prints the distributions. Exit status 1 on any error.
"""
import os
import re
import sys
import tomllib
from collections import Counter

BASE = os.path.dirname(os.path.abspath(__file__))
FLOWS = {"outbound", "inbound-only", "domestic", "no-mainland", "unclear"}
RISKS = {"critical", "high", "medium", "low", "none"}
KINDS = {"assignment", "licence", "grant-back", "know-how", "technical-services", "jv-contribution"}
PARTY_KINDS = {"company", "institute", "university", "government", "individual", "jv-to-be-formed"}
REGIONS = {"mainland", "hong-kong", "macau", "taiwan", "foreign", "unknown"}
CJK = re.compile(r"[\u3400-\u9fff]")


def long_enough(q):
    return len(q.split()) >= 6 or len(CJK.findall(q)) >= 8


def check(labels_name, folder):
    path = os.path.join(BASE, labels_name)
    if not os.path.exists(path):
        return 0, None
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    errors = []
    seen = set()
    contracts = data.get("contract", [])
    for c in contracts:
        f = c["file"]
        if f in seen:
            errors.append(f"{f}: labelled twice")
        seen.add(f)
        p = os.path.join(BASE, f)
        if not os.path.exists(p):
            errors.append(f"{f}: file missing")
            continue
        text = open(p, encoding="utf-8").read()
        lines = text.count("\n")
        if not 40 <= lines <= 150:
            print(f"warning: {f}: {lines} lines (the brief asked for 40-150)")
        for key in ("language", "style", "export_flow", "expected_risk", "catalogue", "notes"):
            if key not in c:
                errors.append(f"{f}: missing {key}")
        if c.get("export_flow") not in FLOWS:
            errors.append(f"{f}: export_flow {c.get('export_flow')!r}")
        if c.get("expected_risk") not in RISKS:
            errors.append(f"{f}: expected_risk {c.get('expected_risk')!r}")
        names = set()
        for pt in c.get("party", []):
            if pt["kind"] not in PARTY_KINDS:
                errors.append(f"{f}: party kind {pt['kind']!r}")
            if pt["region"] not in REGIONS:
                errors.append(f"{f}: region {pt['region']!r}")
            for s in [pt["name"], *pt["aliases"]] + ([pt["seat_evidence"]] if pt["seat_evidence"] else []):
                if s not in text:
                    errors.append(f"{f}: not in file: {s!r}")
            names.update([pt["name"], *pt["aliases"]])
        for tr in c.get("transfer", []):
            if tr["kind"] not in KINDS:
                errors.append(f"{f}: transfer kind {tr['kind']!r}")
            for role in ("giver", "receiver"):
                if tr[role] not in names:
                    errors.append(f"{f}: {role} {tr[role]!r} is no party name or alias")
            if tr["quote"] not in text:
                errors.append(f"{f}: quote not in file: {tr['quote']!r}")
            if not long_enough(tr["quote"]):
                errors.append(f"{f}: quote too short: {tr['quote']!r}")
        for tp in c.get("trap", []):
            if tp["quote"] not in text:
                errors.append(f"{f}: trap not in file: {tp['quote']!r}")
    folder_path = os.path.join(BASE, folder)
    if os.path.isdir(folder_path):
        for name in sorted(os.listdir(folder_path)):
            if f"{folder}/{name}" not in seen:
                errors.append(f"{folder}/{name}: not labelled")
    for e in errors:
        print(e)
    print(f"{labels_name}: {len(contracts)} contracts, {len(errors)} errors")
    print("  export_flow  ", dict(sorted(Counter(c["export_flow"] for c in contracts).items())))
    print("  expected_risk", dict(sorted(Counter(c["expected_risk"] for c in contracts).items())))
    print("  transfers    ", dict(sorted(Counter(t["kind"] for c in contracts for t in c.get("transfer", [])).items())))
    return len(errors), len(contracts)


def main():
    total = 0
    n, _ = check("labels.toml", "en")
    total += n
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
