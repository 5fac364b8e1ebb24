#!/usr/bin/env bash
# Whole-run benchmark on synthesised corpora (`jxcheck synth`): for each size
# N, text reports and PDFs, at 1 and 2 threads — reports/s, MB/s, pages/s and
# peak RSS of `jxcheck scan`, beside two references measured in the same run
# on the same files:
#   rg -c '万元'        reading and searching the bytes: the floor for text
#   pdftotext -layout  poppler's text extraction, one process per PDF
#                      (run with xargs -P THREADS)
# Prints a markdown table (the README's "Performance" section comes from it).
#
# Usage: scripts/bench.sh [N...]      (default: 100 1000 10000)
# Env:   BENCH_DIR  where corpora are kept between runs (default target/bench)
#        PDF_MAX    largest N for which PDFs are made and timed (default 10000)
# Needs: ripgrep, poppler-utils, GNU time (apt-get install ripgrep poppler-utils time)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("${@:-100 1000 10000}")
read -r -a SIZES <<<"${SIZES[*]}"
BENCH_DIR=${BENCH_DIR:-target/bench}
PDF_MAX=${PDF_MAX:-10000}
for tool in rg pdftotext /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench.sh: $tool is missing (apt-get install ripgrep poppler-utils time)" >&2; exit 1; }
done
cargo build --release --quiet
JX=$PWD/target/release/jxcheck
mkdir -p "$BENCH_DIR"

# run CMD...: sets SECS (wall, ns resolution) and RSS_MB (peak, from GNU time)
run() {
    local t0 t1 tf
    tf=$(mktemp)
    t0=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$tf" "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    RSS_MB=$(awk '{ printf "%.0f", $1 / 1024 }' "$tf")
    rm -f "$tf"
}
div() { awk -v a="$1" -v b="$2" -v f="${3:-%.0f}" 'BEGIN { printf f, (b > 0 ? a / b : 0) }'; }

echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB; $(rustc --version | cut -d' ' -f1-2); $(rg --version | head -1); pdftotext $(pdftotext -v 2>&1 | head -1 | awk '{ print $3 }')"
echo
echo "| input | N | threads | jxcheck s | reports/s | MB/s | pages/s | peak RSS MB | reference s | jxcheck ÷ reference | 2 threads ÷ 1 |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${SIZES[@]}"; do
    dir=$BENCH_DIR/syn-$n
    if [ ! -f "$dir/manifest.csv" ]; then
        rm -rf "$dir"
        fmt=both; [ "$n" -gt "$PDF_MAX" ] && fmt=text
        "$JX" synth --from corpus --count "$n" --out "$dir" --format "$fmt" 2>/dev/null
    fi
    for kind in txt pdf; do
        [ -d "$dir/$kind" ] || continue
        files=$dir/$kind
        mb=$(du -sb "$files" | awk '{ printf "%.3f", $1 / 1048576 }')
        one=""
        for t in 1 2; do
            out=$(mktemp -d)
            run "$JX" scan "$files" --out "$out" -j "$t" -q
            js=$SECS; rss=$RSS_MB
            pages=$(awk -F, 'NR > 1 && $5 ~ /^[0-9]+$/ { s += $5 } END { print s + 0 }' "$out/reports.csv")
            rows=$(($(wc -l <"$out/reports.csv") - 1))
            rm -rf "$out"
            if [ "$kind" = txt ]; then
                run rg -j "$t" -c '万元' "$files"
                ref="rg ${SECS}"
                ratio="$(div "$js" "$SECS" "%.1f")× rg's time"
                pps="—"
            else
                run sh -c "find '$files' -name '*.pdf' -print0 | xargs -0 -P $t -I{} pdftotext -layout {} /dev/null"
                ref="pdftotext ${SECS}"
                ratio="$(div "$SECS" "$js" "%.2f")× pdftotext's pages/s"
                pps=$(div "$pages" "$js")
            fi
            if [ "$t" = 1 ]; then one=$js; speed="—"; else speed="$(div "$one" "$js" "%.2f")×"; fi
            echo "| $kind | $rows | $t | $js | $(div "$rows" "$js") | $(div "$mb" "$js" "%.1f") | $pps | $rss | $ref | $ratio | $speed |"
        done
    done
done
