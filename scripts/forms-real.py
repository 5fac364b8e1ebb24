#!/usr/bin/env python3
"""usage: scripts/forms-real.py OUTDIR [REAL_DIR]

Issue 16's measure on ../shared/real: of the form documents (key.csv `kind`
naming a 自评表 or a 得分表), how many labelled money figures (元, 万元, 亿元 and
their OCR misreadings) and score figures (分) are found in the scan's
figures.csv, matched the way ../shared/eval/check_real.py matches them (the raw
text or value of any figure of that file, commas ignored). Run it on the
output folder of ../shared/eval/real.sh (default target/eval-real).
Prints per-file counts, each missed figure and the ratio."""
import csv, pathlib, re, sys

out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/eval-real")
real = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else pathlib.Path(__file__).resolve().parents[1] / "../shared/real")
MONEY = {"元", "万元", "亿元", "万兀", "万"}
SCORE = {"分"}


def nums(s):
    s = (s or "").replace(",", "").replace("，", "")
    try:
        return {round(float(s), 6)}
    except ValueError:
        return set()


figs = {}
for r in csv.DictReader(open(out / "figures.csv", encoding="utf-8-sig")):
    f = figs.setdefault(pathlib.PurePath(r["file"]).name, set())
    f |= nums(r.get("raw")) | nums(r.get("value"))
    for m in re.findall(r"-?\d+(?:\.\d+)?", (r.get("raw") or "").replace(",", "")):
        f.add(round(float(m), 6))

per, missed = {}, []
for k in csv.DictReader(open(real / "key.csv", encoding="utf-8")):
    if not ("自评表" in k["kind"] or "得分表" in k["kind"]):
        continue
    if k["unit"] not in MONEY | SCORE or not nums(k["value"]):
        continue
    hit = bool(nums(k["value"]) & figs.get(k["file"], set()))
    p = per.setdefault(k["file"], [0, 0])
    p[0] += hit
    p[1] += 1
    if not hit:
        missed.append(f"  {k['file']} {k['label']} = {k['value']} {k['unit']}")
for f, (a, b) in sorted(per.items()):
    print(f"{f}: {a}/{b}")
print("missed:")
print("\n".join(missed))
found, total = sum(a for a, _ in per.values()), sum(b for _, b in per.values())
print(f"forms: {found}/{total} labelled money and score figures found ({100 * found / max(total, 1):.1f}%) in {len(per)} form documents")
