#!/usr/bin/env bash
# tests/test_notebook.sh -- runs notebooks/fan_chart.ipynb headless on a small
# run's summary.csv; fails if any cell fails (its identity checks included)
# or no PNG is written.  Skips (exit 0, says so) where jupyter is absent.
# Usage (from the repository root): bash tests/test_notebook.sh path/to/fundsim
set -euo pipefail
FUNDSIM=${1:?usage: test_notebook.sh path/to/fundsim}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
cd "$(dirname "$0")/.."
JUPYTER=/usr/bin/jupyter
if [ ! -x "$JUPYTER" ]; then
    echo "SKIP: $JUPYTER not installed (scripts/setup-deps.sh installs it)"
    exit 0
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_nb.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
"$FUNDSIM" run scenarios/wenshui-2023.yaml --reps 8 --years 4 --seed 11 --quiet --out "$TMP/run"
cp notebooks/fan_chart.ipynb "$TMP/"
FUNDSIM_SUMMARY="$TMP/run/summary.csv" FUNDSIM_PLOT_DIR="$TMP/plots" \
PYDEVD_DISABLE_FILE_VALIDATION=1 MPLBACKEND=Agg \
  "$JUPYTER" nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 \
  --ExecutePreprocessor.kernel_name=python3 --output-dir="$TMP/nbout" "$TMP/fan_chart.ipynb" 2>"$TMP/err" \
  || { cat "$TMP/err"; echo "FAIL: notebook did not run"; exit 1; }
if [ ! -s "$TMP/plots/wenshui-2023-fan.png" ]; then
    echo "FAIL: no fan chart written"; exit 1
fi
echo "notebook ok: $(ls "$TMP/plots")"
