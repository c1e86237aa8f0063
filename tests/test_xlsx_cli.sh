#!/usr/bin/env bash
# tests/test_xlsx_cli.sh -- `fundsim run --xlsx` and `fundsim compare --xlsx`:
# the workbooks appear (zip files) through the all-or-nothing staging, are
# byte-identical for one seed whatever the thread count, are listed in
# run.json/compare.json, and a failing workbook leaves no file behind.
# Usage (from the repository root): bash tests/test_xlsx_cli.sh path/to/fundsim
set -u
FUNDSIM=${1:?usage: test_xlsx_cli.sh path/to/fundsim}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
cd "$(dirname "$0")/.."

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_xlsx.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fails=0
checks=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { checks=$((checks + 1)); }

SMALL=tests/cli/small.yaml
ARGS=(--reps 5 --years 3 --quiet)

is_zip() { [ "$(head -c 2 "$1" 2>/dev/null)" = "PK" ]; }

# --- help ---------------------------------------------------------------
for cmd in run compare; do
    "$FUNDSIM" "$cmd" --help >"$TMP/help" 2>&1
    grep -q -- '--xlsx' "$TMP/help" && ok || fail "$cmd --help does not list --xlsx"
done

# --- run --xlsx ------------------------------------------------------------
"$FUNDSIM" run "$SMALL" "${ARGS[@]}" --xlsx --out "$TMP/a" || fail "run --xlsx: exit $?"
if is_zip "$TMP/a/summary.xlsx"; then ok; else fail "run --xlsx: no summary.xlsx (zip) in DIR"; fi
[ -s "$TMP/a/summary.csv" ] && [ -s "$TMP/a/run.json" ] && ok || fail "run --xlsx: csv/json missing"
grep -q '"summary.xlsx"' "$TMP/a/run.json" && ok || fail "run.json does not list summary.xlsx"
ls -A "$TMP/a" | grep -q '\.tmp\.' && fail "run --xlsx left temporaries: $(ls -A "$TMP/a")" || ok

"$FUNDSIM" run "$SMALL" "${ARGS[@]}" --xlsx --out "$TMP/b" || fail "second run: exit $?"
cmp -s "$TMP/a/summary.xlsx" "$TMP/b/summary.xlsx" && ok || fail "two runs, one seed: summary.xlsx differs"

"$FUNDSIM" run "$SMALL" "${ARGS[@]}" --xlsx --threads 1 --out "$TMP/t1" || fail "--threads 1: exit $?"
"$FUNDSIM" run "$SMALL" "${ARGS[@]}" --xlsx --threads 2 --out "$TMP/t2" || fail "--threads 2: exit $?"
cmp -s "$TMP/t1/summary.xlsx" "$TMP/t2/summary.xlsx" && ok || fail "--threads 1 vs 2: summary.xlsx differs"
cmp -s "$TMP/a/summary.xlsx" "$TMP/t1/summary.xlsx" && ok || fail "default threads vs 1: summary.xlsx differs"

# Another seed gives another workbook (the numbers are really in it).
"$FUNDSIM" run "$SMALL" "${ARGS[@]}" --xlsx --seed 99 --out "$TMP/s99" || fail "--seed 99: exit $?"
cmp -s "$TMP/a/summary.xlsx" "$TMP/s99/summary.xlsx" && fail "another seed gives the same summary.xlsx" || ok

# Without --xlsx: no workbook, run.json does not list one.
"$FUNDSIM" run "$SMALL" "${ARGS[@]}" --out "$TMP/plain" || fail "run without --xlsx: exit $?"
[ -e "$TMP/plain/summary.xlsx" ] && fail "run without --xlsx wrote summary.xlsx" || ok
grep -q '"summary.xlsx"' "$TMP/plain/run.json" && fail "run.json lists an xlsx without --xlsx" || ok
cmp -s "$TMP/a/summary.csv" "$TMP/plain/summary.csv" && ok || fail "--xlsx changed summary.csv"
# A workbook of an earlier run in DIR is removed by a run without --xlsx.
"$FUNDSIM" run "$SMALL" "${ARGS[@]}" --out "$TMP/b" || fail "rerun without --xlsx: exit $?"
[ -e "$TMP/b/summary.xlsx" ] && fail "stale summary.xlsx kept by a run without --xlsx" || ok

# The workbook's private temporary lives in the output folder (hidden,
# removed with the leftovers of a killed run), not in $TMPDIR: a $TMPDIR
# that does not exist does not matter, and nothing hidden stays.  Not in
# an MPI build: Open MPI's initialisation replaces a TMPDIR that does not
# exist.
if "$FUNDSIM" --version | grep -q '^mpi: yes$'; then
    echo "note: MPI build; the missing-TMPDIR check is skipped"
else
    TMPDIR="$TMP/does-not-exist" "$FUNDSIM" run "$SMALL" "${ARGS[@]}" --xlsx --out "$TMP/fail" \
        2>"$TMP/err"
    rc=$?
    [ "$rc" -eq 0 ] && ok || fail "missing TMPDIR: exit $rc, want 0: $(cat "$TMP/err")"
    cmp -s "$TMP/fail/summary.xlsx" "$TMP/a/summary.xlsx" && ok \
        || fail "missing TMPDIR: summary.xlsx differs from the first run's"
    [ -z "$(ls -A "$TMP/fail" | grep '^\.')" ] && ok \
        || fail "missing TMPDIR: hidden files left: $(ls -A "$TMP/fail")"
fi

# MPI build: two ranks write the same workbook as one process.
MPIRUN=$(command -v mpirun || true)
if [ -n "$MPIRUN" ] && "$FUNDSIM" --version | grep -q '^mpi: yes$'; then
    if "$MPIRUN" --allow-run-as-root --oversubscribe --bind-to none -np 2 "$FUNDSIM" run "$SMALL" \
        "${ARGS[@]}" --xlsx --threads 1 --out "$TMP/np2"; then
        cmp -s "$TMP/t1/summary.xlsx" "$TMP/np2/summary.xlsx" && ok \
            || fail "mpirun -np 2: summary.xlsx differs from one process"
    else
        fail "mpirun -np 2 run --xlsx: exit non-zero"
    fi
fi

# --- compare --xlsx --------------------------------------------------------
BASE=scenarios/wenshui-2023.yaml
ALT=scenarios/wenshui-2023-contribution.yaml
if [ -f "$BASE" ] && [ -f "$ALT" ]; then
    CARGS=(--reps 4 --years 2 --seed 5 --quiet)
    "$FUNDSIM" compare "$BASE" "$ALT" "${CARGS[@]}" --xlsx --out "$TMP/c1" || fail "compare --xlsx: exit $?"
    for f in diff.xlsx base/summary.xlsx alt/summary.xlsx; do
        is_zip "$TMP/c1/$f" && ok || fail "compare --xlsx: no $f"
    done
    grep -q '"diff.xlsx"' "$TMP/c1/compare.json" && grep -q '"base/summary.xlsx"' "$TMP/c1/compare.json" \
        && ok || fail "compare.json does not list the workbooks"
    "$FUNDSIM" compare "$BASE" "$ALT" "${CARGS[@]}" --xlsx --threads 1 --out "$TMP/c2" || fail "compare again: exit $?"
    for f in diff.xlsx base/summary.xlsx alt/summary.xlsx; do
        cmp -s "$TMP/c1/$f" "$TMP/c2/$f" && ok || fail "compare --xlsx twice: $f differs"
    done
    # base/summary.xlsx is what `run --xlsx` writes for the base scenario.
    "$FUNDSIM" run "$BASE" "${CARGS[@]}" --xlsx --out "$TMP/rb" || fail "run base: exit $?"
    cmp -s "$TMP/c1/base/summary.xlsx" "$TMP/rb/summary.xlsx" && ok \
        || fail "compare's base/summary.xlsx differs from run's"
    "$FUNDSIM" compare "$BASE" "$ALT" "${CARGS[@]}" --out "$TMP/c3" || fail "compare: exit $?"
    [ -e "$TMP/c3/diff.xlsx" ] || [ -e "$TMP/c3/base/summary.xlsx" ] \
        && fail "compare without --xlsx wrote a workbook" || ok
    "$FUNDSIM" compare "$BASE" "$ALT" "${CARGS[@]}" --out "$TMP/c2" || fail "compare over c2: exit $?"
    [ -e "$TMP/c2/diff.xlsx" ] || [ -e "$TMP/c2/alt/summary.xlsx" ] \
        && fail "stale workbooks kept by compare without --xlsx" || ok
else
    echo "note: $BASE or $ALT missing; compare --xlsx not tested"
fi

# --- sweep --xlsx of a county ledger (fund.pooling: ledger) -----------------
# Its balance-based metrics are empty: the sheet's key columns are the surplus
# rate and the transfer to the pool, every cell of them a number.
"$FUNDSIM" sweep "$SMALL" --set fund.pooling=ledger --set fund.initial_balance=0 --reps 3 \
    --years 2 --quiet --vary 'tiers[0].contribution+=0:20:10' --xlsx --out "$TMP/sl" \
    || fail "sweep --xlsx of a ledger: exit $?"
if [ -x /usr/bin/python3 ]; then
    /usr/bin/python3 - "$TMP/sl/sweep.xlsx" >"$TMP/sl.txt" 2>&1 <<'PY' && ok || fail "ledger sweep.xlsx: $(cat "$TMP/sl.txt")"
import sys
import openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["扫描 sweep"]
heads = [ws.cell(2, c).value for c in range(2, 14)]
years = [ws.cell(1, c).value for c in range(2, 14)]
assert years == ["2023年"] * 6 + ["2024年"] * 6, years
assert not any("累计结余" in h or "可支付月数" in h for h in heads), heads
assert any(h.startswith("累计向统筹基金净上解 P05") and "(万元)" in h for h in heads), heads
assert ws.cell(2, 2).value.endswith("(%)"), heads
rows = list(ws.iter_rows(min_row=3, values_only=True))
assert len(rows) == 3, len(rows)
for r in rows:
    assert all(isinstance(v, (int, float)) for v in r[:13]), r
    assert r[13:] == () or all(v is None for v in r[13:]), r
PY
fi

echo "test_xlsx_cli: $checks checks passed, $fails failed"
[ "$fails" -eq 0 ]
