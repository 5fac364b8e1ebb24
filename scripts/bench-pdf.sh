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
t0=$(now)
i=0
while [ $i -lt "$rounds" ]; do
  for f in "$tmp"/in/*.pdf; do pdftotext -layout "$f" /dev/null 2>/dev/null; done
  i=$((i + 1))
done
t1=$(now)
i=0
while [ $i -lt "$rounds" ]; do
  "$bin" scan "$tmp/in" --out "$tmp/out" --quiet -j 1
  i=$((i + 1))
done
t2=$(now)
awk -v p="$pages" -v f="$files" -v r="$rounds" -v a="$((t1 - t0))" -v b="$((t2 - t1))" 'BEGIN {
  pp = p * r / (a / 1e9); jx = p * r / (b / 1e9);
  printf "%d PDFs, %d pages, %d rounds, one thread each\n", f, p, r;
  printf "pdftotext -layout : %8.0f pages/s  (%.1f ms per round)\n", pp, a / 1e6 / r;
  printf "jxcheck scan -j 1 : %8.0f pages/s  (%.1f ms per round)\n", jx, b / 1e6 / r;
  printf "ratio             : %8.2fx pdftotext\n", jx / pp;
}'
}
measure fixtures/pdf
measure fixtures/producers/out
