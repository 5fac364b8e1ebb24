#!/bin/sh
# Screenshots of a `jxcheck report` in headless Chromium, to look at the pages
# as an auditor's browser shows them (offline: no network, fresh profile).
#
#   scripts/screenshots.sh DIR [OUT] [PAGE]
#
# DIR is the folder given to `jxcheck report` (it holds report/index.html);
# OUT (default: DIR/screenshots) receives index.png and page.png, a report
# page: PAGE (e.g. r/00002.html) or the first page with findings.
# Needs chromium (apt-get install chromium).
set -eu
dir=${1:?usage: scripts/screenshots.sh DIR [OUT] [PAGE]}
out=${2:-$dir/screenshots}
page=${3:-}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "screenshots.sh: chromium not found (apt-get install chromium)" >&2; exit 1; }
report=$(cd "$dir/report" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
if [ -z "$page" ]; then
    # the first report page that shows a finding
    page=$(cd "$report" && grep -l 'class="finding' r/*.html 2>/dev/null | head -n 1 || true)
    [ -n "$page" ] || page=r/00001.html
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
shot() { # URL FILE HEIGHT
    "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars --window-size=1440,"$3" \
        --virtual-time-budget=5000 --screenshot="$2" "$1" >/dev/null 2>&1
    echo "$2"
}
shot "file://$report/index.html" "$out/index.png" 3200
shot "file://$report/$page" "$out/page.png" 2400
