#!/usr/bin/env bash
# tests/test_backtest.sh -- runs notebooks/backtest.ipynb headless: the national
# scenario (scenarios/national-2021.yaml) against the published figures in
# data/national_actuals.csv.  Fails if any cell fails (its own checks included:
# the calibrated 2021 enrollees, income and spending within 1% of the published
# ones, every projected year drawn, one table row per shared (metric, year)),
# if backtest.png is missing, or if backtest_errors.csv does not hold exactly
# the published (metric, year) pairs of the projection years.  A second run adds
# invented 2022 and 2023 rows (test fixtures, not published figures) and checks
# they come back as out-of-sample years; a third gives an unknown metric id and
# must fail.  Fails where jupyter is absent (scripts/setup-deps.sh installs it).
#
# data/national_actuals.csv: header year,metric,value,unit,source,confidence;
# metric is a fundsim metric id (enrollees in persons; income_total,
# spend_total, balance in yuan: 1万人 = 1e4 persons, 1亿元 = 1e8 yuan); source
# and confidence are copied from data/urrbmi_national_2018_2021.csv.  Users add
# the rows of later bulletins (2022, 2023, ...); this test keeps passing.
#
# Usage (from the repository root): bash tests/test_backtest.sh path/to/fundsim
# FUNDSIM_BACKTEST_REPS sets the replications (default 40; the notebook's own
# default is 200).
set -euo pipefail
FUNDSIM=${1:?usage: test_backtest.sh path/to/fundsim}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
cd "$(dirname "$0")/.."
ROOT=$PWD
JUPYTER=/usr/bin/jupyter
PY=/usr/bin/python3
if [ ! -x "$JUPYTER" ]; then
    echo "FAIL: $JUPYTER not installed (bash scripts/setup-deps.sh installs jupyter-nbconvert)"
    exit 1
fi
REPS=${FUNDSIM_BACKTEST_REPS:-40}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_backtest.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
cp notebooks/backtest.ipynb "$TMP/"

# run_nb NAME VAR=VALUE...: executes the notebook into $TMP/NAME.ipynb, plots in $TMP/NAME/.
run_nb() {
    local name=$1; shift
    env "$@" FUNDSIM="$FUNDSIM" FUNDSIM_ROOT="$ROOT" FUNDSIM_PLOT_DIR="$TMP/$name" \
        PYDEVD_DISABLE_FILE_VALIDATION=1 MPLBACKEND=Agg \
        "$JUPYTER" nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 \
        --ExecutePreprocessor.kernel_name=python3 --output-dir="$TMP" --output="$name" \
        "$TMP/backtest.ipynb" 2>"$TMP/$name.err"
}

# check_errors NAME ACTUALS: backtest_errors.csv holds one row per published (metric, year) of the
# projection's years; the fitted year is not out of sample, every later year is.  Prints the years.
check_errors() {
    "$PY" - "$TMP/$1/backtest_errors.csv" "$2" "$TMP/run/summary.csv" <<'EOF'
import csv, sys
errors, actuals, summary = sys.argv[1:4]
rows = list(csv.DictReader(open(errors, encoding='utf-8')))
proj = {(r['metric'], int(r['year'])) for r in csv.DictReader(open(summary, encoding='utf-8'))}
pub = [(r['metric'], int(r['year'])) for r in csv.DictReader(open(actuals, encoding='utf-8'))]
want = set(pub) & proj
got = [(r['metric'], int(r['year'])) for r in rows]
if len(got) != len(set(got)) or set(got) != want:
    sys.exit(f'FAIL: {errors}: rows {sorted(got)}, expected {sorted(want)}')
start = min(y for _, y in proj)
for r in rows:
    y = int(r['year'])
    fitted, oos = r['fitted'] == 'True', r['out_of_sample'] == 'True'
    if (y == start) != fitted or (y > start) != oos:
        sys.exit(f'FAIL: {errors}: {r["metric"]} {y}: fitted={r["fitted"]} out_of_sample={r["out_of_sample"]}')
    inside = float(r['p05']) <= float(r['actual']) <= float(r['p95'])
    if inside != (r['in_band_5_95'] == 'True'):
        sys.exit(f'FAIL: {errors}: {r["metric"]} {y}: in_band_5_95 is {r["in_band_5_95"]}')
    err = float(r['p50']) / float(r['actual']) - 1
    if abs(err - float(r['error'])) > 1e-12:
        sys.exit(f'FAIL: {errors}: {r["metric"]} {y}: error {r["error"]}, median/actual - 1 = {err}')
print(' '.join(str(y) for y in sorted({y for _, y in got})))
EOF
}

check_png() {
    if [ ! -s "$TMP/$1/backtest.png" ] || [ "$(head -c 4 "$TMP/$1/backtest.png" | tail -c 3)" != PNG ]; then
        echo "FAIL: $1: no backtest.png written"; exit 1
    fi
}

# 1. The shipped figures; the notebook runs fundsim itself (into $TMP/run, reused below).
run_nb base FUNDSIM_REPS="$REPS" FUNDSIM_RUN_DIR="$TMP/run" \
    || { cat "$TMP/base.err"; echo "FAIL: notebook did not run"; exit 1; }
check_png base
years=$(check_errors base data/national_actuals.csv)
echo "base: backtest_errors.csv years: $years"
if ! awk -F, 'NR > 1 && $1 > 2021 { found = 1 } END { exit !found }' data/national_actuals.csv; then
    "$PY" -c 'import json, sys
print("".join("".join(o.get("text", "")) for c in json.load(open(sys.argv[1]))["cells"] for o in c.get("outputs", [])))' \
        "$TMP/base.ipynb" | grep 'No out-of-sample year is available yet' >/dev/null \
        || { echo "FAIL: the notebook does not say that no out-of-sample year is available"; exit 1; }
fi

# 2. TEST FIXTURES: invented 2022 and 2023 figures (not published values; any real rows for
#    those years are replaced) on the same run, read through FUNDSIM_SUMMARY.
FIX="$TMP/actuals_fixture.csv"
awk -F, 'NR == 1 || ($1 != 2022 && $1 != 2023)' data/national_actuals.csv > "$FIX"
cat >> "$FIX" <<'EOF'
2022,enrollees,985000000,persons,test fixture (invented; not a published figure),test-fixture
2022,income_total,1000000000000,yuan,test fixture (invented; not a published figure),test-fixture
2022,spend_total,950000000000,yuan,test fixture (invented; not a published figure),test-fixture
2022,balance,710000000000,yuan,test fixture (invented; not a published figure),test-fixture
2023,enrollees,962000000,persons,test fixture (invented; not a published figure),test-fixture
2023,income_total,1060000000000,yuan,test fixture (invented; not a published figure),test-fixture
2023,spend_total,1030000000000,yuan,test fixture (invented; not a published figure),test-fixture
2023,balance,760000000000,yuan,test fixture (invented; not a published figure),test-fixture
EOF
run_nb fixture FUNDSIM_SUMMARY="$TMP/run/summary.csv" FUNDSIM_ACTUALS="$FIX" \
    || { cat "$TMP/fixture.err"; echo "FAIL: notebook did not run with the 2022-2023 fixture rows"; exit 1; }
check_png fixture
years=$(check_errors fixture "$FIX")
case " $years " in
    *" 2022 2023 "*) ;;
    *) echo "FAIL: fixture: 2022 and 2023 not in backtest_errors.csv (years: $years)"; exit 1 ;;
esac
n=$(awk -F, '($2 == 2022 || $2 == 2023) && $10 == "True"' "$TMP/fixture/backtest_errors.csv" | wc -l)
[ "$n" -eq 8 ] || { echo "FAIL: fixture: $n of 8 fixture rows out of sample"; exit 1; }
echo "fixture: backtest_errors.csv years: $years (2022-2023 out of sample)"

# 3. A metric id that fundsim does not know must stop the notebook.
BAD="$TMP/actuals_bad.csv"
{ cat data/national_actuals.csv; echo '2021,fund_income,972448000000,yuan,test fixture (bad metric id),test-fixture'; } > "$BAD"
if run_nb bad FUNDSIM_SUMMARY="$TMP/run/summary.csv" FUNDSIM_ACTUALS="$BAD"; then
    echo "FAIL: the notebook accepted an unknown metric id"; exit 1
fi
grep -q 'not fundsim metric ids' "$TMP/bad.err" \
    || { cat "$TMP/bad.err"; echo "FAIL: the unknown metric is not named"; exit 1; }
echo "backtest notebook ok ($REPS replications)"
