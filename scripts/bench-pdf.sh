#!/bin/sh
# Pages per second of the whole jxcheck scan of the fixture PDFs against
# poppler's `pdftotext -layout` on the same files, measured in one run: the
# typeset fixtures (fixtures/pdf) and the producers' PDFs (fixtures/producers/out).
# Usage: scripts/bench-pdf.sh [ROUNDS]   (needs poppler-utils: apt-get install poppler-utils)
# JXCHECK_BIN=path measures that binary instead of building target/release/jxcheck
# (to compare two builds in the same conditions).
set -eu
rounds=${1:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v pdftotext >/dev/null || { echo "pdftotext not found: apt-get install poppler-utils" >&2; exit 1; }
if [ -n "${JXCHECK_BIN:-}" ]; then
  bin=$JXCHECK_BIN
else
  cargo build --release --quiet
  bin=target/release/jxcheck
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
measure() {
rm -rf "$tmp/in" "$tmp/out"
mkdir "$tmp/in"
cp "$1"/*.pdf "$tmp/in/"
echo "== $1"
files=$(ls "$tmp"/in/*.pdf | wc -l)
pages=0
for f in "$tmp"/in/*.pdf; do
  n=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')
  pages=$((pages + n))
done
now() { date +%s%N; }
# warm the page cache and both programs
for f in "$tmp"/in/*.pdf; do pdftotext -layout "$f" /dev/null 2>/dev/null; done
"$bin" scan "$tmp/in" --out "$tmp/out" --quiet -j 1
# rounds alternate, pdftotext's then jxcheck's, each timed on its own: the
# ratio of each pair is taken and the median printed (the machine's speed
# drifts over a run; a pair shares its conditions)
: > "$tmp/pairs"
i=0
while [ $i -lt "$rounds" ]; do
  t0=$(now)
  for f in "$tmp"/in/*.pdf; do pdftotext -layout "$f" /dev/null 2>/dev/null; done
  t1=$(now)
  "$bin" scan "$tmp/in" --out "$tmp/out" --quiet -j 1
  t2=$(now)
  echo "$((t1 - t0)) $((t2 - t1))" >> "$tmp/pairs"
  i=$((i + 1))
done
awk '{ printf "%.6f\n", $1 / $2 }' "$tmp/pairs" | sort -g > "$tmp/ratios"
awk -v p="$pages" -v f="$files" -v r="$rounds" '
  NR == FNR { q[++n] = $1; next }
  { a += $1; b += $2 }
  END {
    med = (n % 2) ? q[(n + 1) / 2] : (q[n / 2] + q[n / 2 + 1]) / 2;
    pp = p * r / (a / 1e9); jx = p * r / (b / 1e9);
    printf "%d PDFs, %d pages, %d rounds, one thread each\n", f, p, r;
    printf "pdftotext -layout : %8.0f pages/s  (%.1f ms per round)\n", pp, a / 1e6 / r;
    printf "jxcheck scan -j 1 : %8.0f pages/s  (%.1f ms per round)\n", jx, b / 1e6 / r;
    printf "ratio             : %8.2fx pdftotext (all rounds)\n", jx / pp;
    printf "median pair ratio : %8.2fx pdftotext (lowest %.2fx, highest %.2fx)\n", med, q[1], q[n];
  }' "$tmp/ratios" "$tmp/pairs"
}
measure fixtures/pdf
measure fixtures/producers/out
