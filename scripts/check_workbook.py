#!/usr/bin/env python3
"""Checks a `jxcheck report` workbook against the CSV files it was made from:
every sheet opens with openpyxl and with LibreOffice (headless, each sheet
exported back to CSV) and holds the CSV's header and as many rows.

    scripts/check_workbook.py DIR        (DIR holds the CSVs and report.xlsx)

Needs python3-openpyxl and LibreOffice (soffice). Exit status 1 on a mismatch.
"""
import csv, glob, os, subprocess, sys, tempfile

import openpyxl

SHEETS = ["reports", "discrepancies", "figures", "scores", "indicators", "projects"]


def csv_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def main():
    d = sys.argv[1]
    xlsx = os.path.join(d, "report.xlsx")
    want = {s: csv_rows(os.path.join(d, s + ".csv")) for s in SHEETS if os.path.exists(os.path.join(d, s + ".csv"))}
    bad = 0
    wb = openpyxl.load_workbook(xlsx, read_only=True)
    for s, rows in want.items():
        ws = wb[s]
        got = list(ws.iter_rows(values_only=True))
        header = [c for c in got[0]] if got else []
        ok = len(got) == len(rows) and header == rows[0]
        bad += not ok
        print(f"openpyxl     {s:14} {len(got) - 1:>8} rows, csv {len(rows) - 1:>8}  {'ok' if ok else 'MISMATCH'}")
    with tempfile.TempDir() if False else tempfile.TemporaryDirectory() as tmp:
        # -1: every sheet to its own file, <name>-<sheet>.csv
        filt = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", filt, "--outdir", tmp, xlsx],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for s, rows in want.items():
            path = glob.glob(os.path.join(tmp, f"report-{s}.csv"))
            got = csv_rows(path[0]) if path else []
            got = [r for r in got if any(c != "" for c in r)]
            expect = len([r for r in rows if any(c != "" for c in r)])
            ok = len(got) == expect and got[:1] == rows[:1]
            bad += not ok
            print(f"libreoffice  {s:14} {len(got) - 1:>8} rows, csv {len(rows) - 1:>8}  {'ok' if ok else 'MISMATCH'}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
