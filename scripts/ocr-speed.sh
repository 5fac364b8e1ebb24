#!/bin/sh
# Times a 20-page scan through `jxcheck scan` (release build) against
# Tesseract's own CLI on the same page images, two at a time (2 cores).
# The 20 pages: fixtures/scans/out/003.scan200.pdf (11) + 000s.scan300.pdf (4)
# + 000s.scan150.pdf (4) + the first page of 000s.g4.pdf, joined with pdfunite.
# Run from the repository root; needs poppler-utils and tesseract-ocr-chi-sim.
set -eu
s=fixtures/scans/out
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pdfseparate -f 1 -l 1 "$s/000s.g4.pdf" "$tmp/g4-%d.pdf"
mkdir "$tmp/in"
pdfunite "$s/003.scan200.pdf" "$s/000s.scan300.pdf" "$s/000s.scan150.pdf" "$tmp/g4-1.pdf" "$tmp/in/scan20.pdf"
pdfinfo "$tmp/in/scan20.pdf" | grep Pages
# JXCHECK names another build (the debug one: OCR time is the engine's)
if [ -z "${JXCHECK:-}" ]; then cargo build --release -q; JXCHECK=./target/release/jxcheck; fi
start=$(date +%s.%N)
"$JXCHECK" scan "$tmp/in" --out "$tmp/out" --quiet --threads 2 --file-timeout 0
end=$(date +%s.%N)
echo "jxcheck scan: $(echo "$end - $start" | bc) s; ocr_pages $(tail -1 "$tmp/out/reports.csv" | awk -F, '{print $NF}')"
# PNG: the CCITT page as an image tesseract reads (-all would give it raw .ccitt)
pdfimages -png "$tmp/in/scan20.pdf" "$tmp/img"
start=$(date +%s.%N)
ls "$tmp"/img-* | xargs -P 2 -I{} env OMP_THREAD_LIMIT=1 tesseract {} stdout -l chi_sim --psm 6 tsv >/dev/null 2>&1
end=$(date +%s.%N)
echo "tesseract CLI alone (same images, 2 at a time): $(echo "$end - $start" | bc) s"
