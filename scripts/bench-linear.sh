#!/usr/bin/env bash
# Doubling benchmark (issue 20): runs the criterion group `doubling`
# (benches/stages.rs) and prints, for each input kind, the mean time at each
# size and its ratio to the size before (≈ 2 when linear, ≈ 4 when
# quadratic); then the peak RSS of `jxcheck scan` on the same inputs (files
# written by examples/linear_input.rs) and its ratio to the input size.
#
# Usage: scripts/bench-linear.sh [MAX_MB]   (default 16; sizes 1 2 4 8 16 MB)
# Needs: GNU time (apt-get install time)
set -euo pipefail
cd "$(dirname "$0")/.."
MAX_MB=${1:-16}
DOUBLING_MAX_MB=$MAX_MB cargo bench --bench stages -- doubling >&2
est() { # mean seconds of target/criterion/doubling/NAME
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["mean"]["point_estimate"]/1e9)' \
        "target/criterion/doubling/${1//\//_}/new/estimates.json"
}
sizes=()
for mb in 1 2 4 8 16; do [ "$mb" -le "$MAX_MB" ] && sizes+=("${mb}MB"); done
echo "| input | size | mean s | × previous size |"
echo "|---|---:|---:|---:|"
table() {
    local kind=$1; shift
    local prev=""
    for s in "$@"; do
        t=$(est "$kind/$s")
        r=$([ -n "$prev" ] && awk -v a="$t" -v b="$prev" 'BEGIN { printf "%.2f", a / b }' || echo "—")
        printf '| %s | %s | %.3f | %s |\n' "$kind" "$s" "$t" "$r"
        prev=$t
    done
}
table mix "${sizes[@]}"
table typical "${sizes[@]}"
table row 12500 25000 50000 100000

cargo build --release --quiet --example linear_input
JX=target/release/jxcheck
cargo build --release --quiet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo
echo "| input | MB | peak RSS MB | RSS ÷ input |"
echo "|---|---:|---:|---:|"
for kind in mix typical short; do
    for mb in 1 4 16; do
        [ "$mb" -le "$MAX_MB" ] || continue
        f=$dir/$kind-$mb.txt
        target/release/examples/linear_input "$kind" $((mb << 20)) "$f"
        /usr/bin/time -f %M -o "$dir/rss" "$JX" scan "$f" --out "$dir/out" -q --file-timeout 0 >/dev/null 2>&1 || true
        rm -rf "$dir/out"
        rss=$(awk '{ printf "%.0f", $1 / 1024 }' "$dir/rss")
        printf '| %s | %s | %s | %.0f× |\n' "$kind" "$mb" "$rss" "$(awk -v a="$rss" -v b="$mb" 'BEGIN { print a / b }')"
    done
done
f=$dir/row.txt
target/release/examples/linear_input row 100000 "$f"
/usr/bin/time -f %M -o "$dir/rss" "$JX" scan "$f" --out "$dir/out" -q --file-timeout 0 >/dev/null 2>&1 || true
echo "| row of 100,000 cells | $(du -m "$f" | cut -f1) | $(awk '{ printf "%.0f", $1 / 1024 }' "$dir/rss") | |"
