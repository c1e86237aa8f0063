#!/usr/bin/env bash
# tests/test_html_report.sh -- report.html in a real browser.  One small
# `fundsim run ... --format csv,xlsx,json,html` must write all four formats;
# its report.html, a compare's report.html (and base/, alt/ reports) and a
# county ledger's (pengshui-2023, fund.pooling: ledger: NaN balance metrics)
# are loaded in headless Chromium by tests/html_check.py, which asserts no
# console errors or exceptions, no request but the file itself, every
# <svg class="chart"> drawn, the CJK font present and no "NaN" in the text,
# and prints each page to PDF.  Here: the PDFs are A4 with a sane page
# count, a second run gives the same bytes, the ledger report shows "—"
# and never nan, a scenario name with < & " is escaped, and sweep refuses
# html (solve writes the answer's report).  Screenshots and PDFs are kept in BUILD/test-artefacts/ (printed at
# the end).  FAILS (not skips) when chromium, python3 or pdfinfo is missing:
# scripts/setup-deps.sh installs them.
# Usage (from the repository root): bash tests/test_html_report.sh path/to/fundsim [BUILD]
set -uo pipefail
FUNDSIM=${1:?usage: test_html_report.sh path/to/fundsim [BUILD]}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
BUILD=${2:-$(dirname "$FUNDSIM")}
cd "$(dirname "$0")/.." || exit 1
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
PY=/usr/bin/python3
ART="$BUILD/test-artefacts"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

for tool in "$CHROMIUM" "$PY" /usr/bin/pdfinfo; do
    if [ ! -x "$tool" ]; then
        echo "FAIL: $tool is not installed (scripts/setup-deps.sh installs chromium, python3, poppler-utils)"
        exit 1
    fi
done
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_html.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$ART"
SMALL=(--reps 24 --years 5 --seed 20230101 --quiet)

# check REPORT NAME MIN_CHARTS MIN_PAGES MAX_PAGES: the browser checks, then the PDF.
check() {
    local report=$1 name=$2 min=$3 lo=$4 hi=$5 out pages size
    out=$("$PY" tests/html_check.py "$CHROMIUM" "$report" "$ART/$name" "$min" 2>"$TMP/$name.err")
    local rc=$?
    echo "$name: $out"
    [ $rc -eq 0 ] || { cat "$TMP/$name.err"; fail "$name: the browser check failed"; return; }
    pages=$(pdfinfo "$ART/$name.pdf" | awk '/^Pages:/ {print $2}')
    size=$(pdfinfo "$ART/$name.pdf" | grep '^Page size:')
    case "$size" in *"(A4)"*) ;; *) fail "$name.pdf is not A4: $size" ;; esac
    if [ -z "$pages" ] || [ "$pages" -lt "$lo" ] || [ "$pages" -gt "$hi" ]; then
        fail "$name.pdf has ${pages:-no} pages, expected $lo..$hi"
    fi
    echo "$name: $pages A4 pages"
}

# --- one run, four formats --------------------------------------------------
"$FUNDSIM" run scenarios/wenshui-2023.yaml "${SMALL[@]}" --format csv,xlsx,json,html \
    --out "$TMP/run" || fail "run --format csv,xlsx,json,html failed"
for f in summary.csv summary.xlsx summary.json report.html run.json; do
    [ -s "$TMP/run/$f" ] || fail "run: $f not written"
done
grep -q '"report.html"' "$TMP/run/run.json" || fail "run.json does not list report.html"
check "$TMP/run/report.html" report 4 3 12

# Same scenario and seed: the same bytes (threads differ).
"$FUNDSIM" run scenarios/wenshui-2023.yaml "${SMALL[@]}" --threads 1 --format html \
    --out "$TMP/run2" || fail "second run failed"
cmp -s "$TMP/run/report.html" "$TMP/run2/report.html" || fail "report.html differs between equal runs"
[ -e "$TMP/run2/summary.csv" ] && fail "--format html alone also wrote summary.csv"

# --lang en: English headings
"$FUNDSIM" run scenarios/wenshui-2023.yaml "${SMALL[@]}" --format html --lang en \
    --out "$TMP/run_en" || fail "run --lang en failed"
grep -q -i 'fund simulation report' "$TMP/run_en/report.html" || fail "--lang en: no English title"
grep -q 'lang="en"' "$TMP/run_en/report.html" || fail "--lang en: html lang is not en"

# --- compare: the differences, and a report per run -------------------------
"$FUNDSIM" compare scenarios/wenshui-2023.yaml --set 'tiers[0].contribution+=40' \
    "${SMALL[@]}" --format html --out "$TMP/cmp" || fail "compare --format html failed"
for f in report.html base/report.html alt/report.html; do
    [ -s "$TMP/cmp/$f" ] || fail "compare: $f not written"
done
grep -q 'tiers\[0\].contribution' "$TMP/cmp/report.html" || fail "compare report: the changed parameter is missing"
check "$TMP/cmp/report.html" compare 2 1 6
"$FUNDSIM" compare scenarios/wenshui-2023.yaml --set 'tiers[0].contribution+=40' \
    --reps 4 --years 2 --quiet --format html --lang en --out "$TMP/cmp_en" || fail "compare --lang en failed"
grep -q 'Comparison report' "$TMP/cmp_en/report.html" || fail "compare --lang en: no English title"
grep -q -i 'fund simulation report' "$TMP/cmp_en/alt/report.html" || fail "compare --lang en: alt/ report not English"

# --- a county ledger: NaN balance metrics -----------------------------------
"$FUNDSIM" run scenarios/pengshui-2023.yaml "${SMALL[@]}" --format html \
    --out "$TMP/ledger" || fail "ledger run failed"
if grep -q -i -E '>[^<]*\b(nan|inf)\b' "$TMP/ledger/report.html"; then
    fail "ledger report shows nan/inf: $(grep -o -i -E '>[^<]*\b(nan|inf)\b' "$TMP/ledger/report.html" | head -3)"
fi
grep -q '—' "$TMP/ledger/report.html" || fail "ledger report: no — for the metrics that do not apply"
check "$TMP/ledger/report.html" ledger 3 3 14

# --- escaping -----------------------------------------------------------------
"$FUNDSIM" run scenarios/wenshui-2023.yaml --reps 4 --years 2 --quiet --format html \
    --set 'scenario.name=a<b>&"c"' --out "$TMP/esc" || fail "run with a strange name failed"
grep -q 'a&lt;b&gt;&amp;&quot;c&quot;' "$TMP/esc/report.html" || fail "scenario name not escaped"
grep -q 'a<b>' "$TMP/esc/report.html" && fail "raw < in the report"

# --- sweep refuses html with a message; solve writes one --------------------
if "$FUNDSIM" sweep scenarios/wenshui-2023.yaml --vary financing.fiscal_subsidy+=0:10:10 \
    --format html --reps 2 --years 1 --out "$TMP/sw" 2>"$TMP/sw.err"; then
    fail "sweep --format html was accepted"
fi
grep -q 'sweep writes no report.html' "$TMP/sw.err" || fail "sweep: no clear message: $(cat "$TMP/sw.err")"

if "$FUNDSIM" solve scenarios/wenshui-2023.yaml --vary 'tiers[0].contribution+=0:200' \
    --target 'surplus_rate@2023 >= 0.02' --reps 4 --years 2 --quiet --format html \
    --out "$TMP/solve" 2>"$TMP/solve.err"; then
    [ -s "$TMP/solve/report.html" ] || fail "solve --format html wrote no report.html"
    [ -e "$TMP/solve/summary.csv" ] && fail "solve --format html also wrote summary.csv"
    grep -q 'tiers\[0\].contribution' "$TMP/solve/report.html" || fail "solve report: no parameters"
else
    fail "solve --format html failed: $(cat "$TMP/solve.err")"
fi

if [ "$fails" -eq 0 ]; then
    echo "test_html_report: ok; screenshots and PDFs in $ART/ (report.png, report-full.png, report.pdf, compare*, ledger*)"
    exit 0
fi
echo "test_html_report: $fails failure(s); artefacts in $ART/"
exit 1
