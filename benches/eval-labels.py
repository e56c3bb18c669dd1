#!/usr/bin/env python3
"""Scores a techscan JSON report against ../shared/corpus/labels.tsv.

Usage:
  techscan scan --quiet --format json ../shared/corpus > /tmp/corpus.json
  python3 benches/eval-labels.py /tmp/corpus.json pdf   # or docx; -v lists disagreements

Prints per-kind document precision/recall of transfer kinds, export-flow and risk agreement,
and how many contracts are flagged medium or worse against how many the labels expect.
"""
import json, csv, sys, collections
labels = {}
with open(__import__('os').path.join(__import__('os').path.dirname(__file__), '..', '..', 'shared', 'corpus', 'labels.tsv')) as f:
    for row in csv.DictReader(f, delimiter='\t'):
        labels[row['contract_dir']] = row
r = json.load(open(sys.argv[1]))
ext = sys.argv[2] if len(sys.argv) > 2 else 'pdf'
kinds = ['assignment','licence','grant-back','know-how','technical-services','jv-contribution']
stats = {k: [0,0,0] for k in kinds}
flow_ok = risk_ok = n = 0
conf = collections.Counter()
rows=[]
for d in r['documents']:
    p = d['path']
    if not p.endswith('.'+ext) or '/contracts/' not in p or '/derived/' in p: continue
    key = p.split('corpus/')[1].rsplit('/',1)[0]
    if key not in labels or d['status']!='scanned': continue
    lab = labels[key]; n += 1
    exp = set(x for x in lab['transfer_types'].split(';') if x and x!='none')
    got = set(c['kind'] for c in d['clauses'])
    for k in kinds:
        if k in exp and k in got: stats[k][0]+=1
        elif k in got: stats[k][1]+=1
        elif k in exp: stats[k][2]+=1
    flow_ok += d['export_flow']==lab['export_flow']
    risk_ok += d['risk']==lab['expected_risk']
    conf[(lab['expected_risk'], d['risk'])]+=1
    rows.append((key, lab['export_flow'], d['export_flow'], lab['expected_risk'], d['risk']))
print(f"{ext}: {n} labelled contracts scanned")
tp=fp=fn=0
for k,(a,b,c) in stats.items():
    tp+=a;fp+=b;fn+=c
    print(f"  {k:20s} tp {a:2d} fp {b:2d} fn {c:2d}  P {a/(a+b) if a+b else 0:.2f} R {a/(a+c) if a+c else 0:.2f}")
print(f"  micro P {tp/(tp+fp):.2f} R {tp/(tp+fn):.2f}")
print(f"  export_flow accuracy {flow_ok}/{n}; risk exact {risk_ok}/{n}")
print("  risk confusion (expected -> got):", dict(sorted(conf.items(), key=str)))
# flagged = risk medium+ ; relevant = expected medium+
flag = sum(v for (e,g),v in conf.items() if g in ('medium','high','critical'))
rel = sum(v for (e,g),v in conf.items() if e in ('medium','high','critical'))
hit = sum(v for (e,g),v in conf.items() if e in ('medium','high','critical') and g in ('medium','high','critical'))
print(f"  flagged medium+: {flag}/{n}; expected medium+: {rel}; both: {hit}")
if '-v' in sys.argv:
    for row in rows:
        if row[1]!=row[2] or row[3]!=row[4]: print('   ', row)
