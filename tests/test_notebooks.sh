#!/usr/bin/env bash
# tests/test_notebooks.sh -- executes the researcher notebooks headless on the
# outputs of the real fundsim (20 replications x 5 years, seed 11):
#   fan_chart.ipynb     the base/ and alt/ runs of a compare (the alternative
#                       cuts the contribution by 100, so some replications
#                       deplete and months covered is clipped at 0)
#   compare.ipynb       that compare's diff.csv and a sweep's sweep.csv
#   replications.ipynb  the compare's two replications.csv, stacked
#   run_store.ipynb     a store holding two runs
# Each notebook checks itself (a failed assertion fails its cell): the font
# Noto Sans CJK SC found by matplotlib and no missing-glyph warning, its
# inputs' columns, identities, replications == summary.csv, the Excel
# pivot read back, two runs in the store.  This test fails if any cell fails,
# if an expected PNG (or the pivot workbook) is missing, or if jupyter is not
# installed (scripts/setup-deps.sh installs it).  notebooks/backtest.ipynb has
# its own test (tests/test_backtest.sh).  The PNGs and the executed notebooks
# are kept in BUILD/test-artefacts/notebooks/ when the build directory is given.
# Usage (from the repository root): bash tests/test_notebooks.sh path/to/fundsim [BUILD]
set -euo pipefail
FUNDSIM=${1:?usage: test_notebooks.sh path/to/fundsim [BUILD]}
ART=${2:+$2/test-artefacts/notebooks}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
cd "$(dirname "$0")/.."
JUPYTER=/usr/bin/jupyter
if [ ! -x "$JUPYTER" ]; then
    echo "FAIL: $JUPYTER not installed (bash scripts/setup-deps.sh installs jupyter-nbconvert)"
    exit 1
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_nbs.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
SC=scenarios/wenshui-2023.yaml
SMALL=(--reps 20 --years 5 --seed 11 --quiet)

# The inputs.
"$FUNDSIM" compare "$SC" --set 'tiers[0].contribution+=-100' "${SMALL[@]}" --keep-reps --out "$TMP/cmp"
"$FUNDSIM" sweep "$SC" --vary 'tiers[0].contribution+=-80:40:60' "${SMALL[@]}" --out "$TMP/sweep"
"$FUNDSIM" run "$SC" "${SMALL[@]}" --store "$TMP/runs.sqlite" --out "$TMP/run1"
"$FUNDSIM" run "$SC" "${SMALL[@]}" --set 'tiers[0].contribution+=30' --store "$TMP/runs.sqlite" --out "$TMP/run2"

# run_nb NAME VAR=VALUE...: executes notebooks/NAME.ipynb in notebooks/ (it imports
# fundsim_nb.py from there) into $TMP/nb/NAME.ipynb, its outputs in $TMP/NAME/.
run_nb() {
    local name=$1; shift
    env "$@" FUNDSIM_PLOT_DIR="$TMP/$name" FUNDSIM_FONT_DIR="$TMP/font" \
        PYDEVD_DISABLE_FILE_VALIDATION=1 MPLBACKEND=Agg \
        "$JUPYTER" nbconvert --to notebook --execute --ExecutePreprocessor.timeout=120 \
        --ExecutePreprocessor.kernel_name=python3 --output-dir="$TMP/nb" \
        "notebooks/$name.ipynb" >"$TMP/$name.log" 2>&1 \
        || { tail -40 "$TMP/$name.log"; echo "FAIL: notebooks/$name.ipynb: a cell failed"; exit 1; }
}
# expect NAME FILE...: each file was written by the notebook (a PNG must be one).
expect() {
    local name=$1 f; shift
    for f in "$@"; do
        [ -s "$TMP/$name/$f" ] || { echo "FAIL: notebooks/$name.ipynb wrote no $f"; exit 1; }
        case $f in
            *.png) [ "$(head -c 4 "$TMP/$name/$f" | tail -c 3)" = PNG ] \
                       || { echo "FAIL: $name/$f is not a PNG"; exit 1; } ;;
        esac
    done
}

# The font is extracted once (fan_chart), then the other three run two at a time.
run_nb fan_chart FUNDSIM_SUMMARY="$TMP/cmp" FUNDSIM_RESERVE_BAND=6,15
expect fan_chart fan.png fan_overlay.png fan_points.csv
run_nb compare FUNDSIM_DIFF="$TMP/cmp" FUNDSIM_SWEEP="$TMP/sweep/sweep.csv" &
pid=$!
run_nb replications FUNDSIM_REPLICATIONS="$TMP/cmp/base/replications.csv:$TMP/cmp/alt"
wait "$pid" || exit 1
run_nb run_store FUNDSIM_STORE="$TMP/runs.sqlite"
expect compare compare_diff.png compare_sweep.png compare_table.csv sweep_table.csv
expect replications replications.png replications_pivot.xlsx
expect run_store run_store.png run_store_compare.csv

# The two runs of fan_chart, and the clipping of months covered exercised: some
# year of the alternative has depleted replications, drawn at 0 months.
/usr/bin/python3 - "$TMP/fan_chart/fan_points.csv" <<'EOF'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding='utf-8'))]
runs = {r['run'] for r in rows}
if len(runs) != 2:
    sys.exit(f'FAIL: fan_points.csv has runs {sorted(runs)}, expected base and alt')
clipped = [r for r in rows if r['quantity'].startswith('months_covered') and float(r['prob_depletion']) > 0]
if not clipped or any(float(r['p05']) != 0.0 or r['mean'] != '' for r in clipped):
    sys.exit('FAIL: fan_points.csv: no depleted year drawn at 0 months without a mean (clipping not exercised)')
if any(float(r[q]) < 0 for r in rows if r['quantity'].startswith('months_covered')
       for q in ('p05', 'p25', 'p50', 'p75', 'p95')):
    sys.exit('FAIL: fan_points.csv: months covered below 0')
EOF
if [ -n "$ART" ]; then
    rm -rf "$ART" && mkdir -p "$ART"
    cp "$TMP"/*/*.png "$TMP"/nb/*.ipynb "$TMP/replications/replications_pivot.xlsx" "$ART/"
fi
echo "notebooks ok${ART:+ (artefacts in $ART)}: $(cd "$TMP" && ls fan_chart/*.png compare/*.png replications/*.png run_store/*.png | tr '\n' ' ')"
