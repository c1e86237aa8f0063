#!/usr/bin/env bash
# tests/test_compare.sh -- `fundsim compare BASE ALT`: the output directory,
# diff.csv's shape, common random numbers (the contribution rule cannot act
# before year 3, so the first years' differences are exactly 0), base/
# byte-identical to a plain `run`, and the exit codes of mismatched or
# missing scenarios.
# Usage (from the repository root): bash tests/test_compare.sh path/to/fundsim
set -u
FUNDSIM=${1:?usage: test_compare.sh path/to/fundsim}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
cd "$(dirname "$0")/.."

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_compare.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fails=0
checks=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { checks=$((checks + 1)); }
expect_exit() {
    local want=$1 what=$2
    shift 3
    "$@" >"$TMP/out" 2>"$TMP/err"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        fail "$what: exit $got, want $want"
        sed 's/^/    stderr: /' "$TMP/err" | head -20
    else
        ok
    fi
}

BASE=scenarios/wenshui-2023.yaml
ALT=scenarios/wenshui-2023-contribution.yaml
YEARS=6
ARGS=(--reps 20 --years $YEARS --seed 11 --quiet)
NMETRICS=$(grep -cE '^[[:space:]]*X\([A-Z_]+, "' include/fundsim.h)

# --- help -------------------------------------------------------------------
expect_exit 0 "compare --help" -- "$FUNDSIM" compare --help
grep -q '^usage: fundsim compare BASE ALT' "$TMP/out" || fail "compare --help: no usage"
expect_exit 0 "help compare" -- "$FUNDSIM" help compare
expect_exit 0 "--help" -- "$FUNDSIM" --help
grep -q '^  compare BASE ALT' "$TMP/out" || fail "fundsim --help does not list compare"

# --- the comparison -----------------------------------------------------------
OUT="$TMP/cmp"
expect_exit 0 "compare" -- "$FUNDSIM" compare "$BASE" "$ALT" "${ARGS[@]}" --out "$OUT"
for f in diff.csv compare.json base/summary.csv base/groups.csv base/run.json alt/summary.csv alt/groups.csv alt/run.json; do
    [ -f "$OUT/$f" ] || fail "compare wrote no $f"
done
[ -e "$OUT/base/replications.csv" ] && fail "replications.csv without --keep-reps"
find "$OUT" -name '.*.tmp.*' | grep -q . && fail "temporaries left in $OUT"
D="$OUT/diff.csv"
if [ -f "$D" ]; then
    [ "$(head -1 "$D")" = "base,alt,year,metric,mean,se,sd,p05,p25,p50,p75,p95" ] ||
        fail "diff.csv header: $(head -1 "$D")"
    rows=$(wc -l <"$D")
    [ "$rows" -eq $((YEARS * NMETRICS + 1)) ] || fail "diff.csv: $rows lines, want $((YEARS * NMETRICS + 1))"
    sed -n '2p' "$D" | grep -q '^wenshui-2023,wenshui-2023-contribution,2023,enrollees,' ||
        fail "diff.csv first row: $(sed -n 2p "$D")"
    # Common random numbers: the rule acts on the balance at the end of year
    # y in benefit year y+2, so 2023 and 2024 are the same policy, the same
    # draws, and every difference is exactly 0 (not merely small).
    n0=$(awk -F, '($3 == 2023 || $3 == 2024) { n++; if ($5 != "0" || $6 != "0" || $7 != "0" || $8 != "0" || $12 != "0") bad++ } END { print n + 0, bad + 0 }' "$D")
    [ "$n0" = "$((2 * NMETRICS)) 0" ] || fail "2023/2024 differences not all exactly 0 (rows, nonzero: $n0)"
    # Later the rule raises the individual contribution somewhere.
    awk -F, '$3 >= 2025 && $4 == "income_individual" && $5 > 0 { found = 1 } END { exit !found }' "$D" ||
        fail "no positive mean difference of income_individual after 2024"
    grep -Eq '[0-9][eE][-+]?[0-9]' "$D" && fail "diff.csv: exponent notation"
fi
if command -v python3 >/dev/null && [ -f "$OUT/compare.json" ]; then
    python3 - "$OUT/compare.json" <<'PY' || fail "compare.json content"
import hashlib, json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
assert j["base"]["name"] == "wenshui-2023" and j["alt"]["name"] == "wenshui-2023-contribution"
assert j["seed"] == 11 and j["replications"] == 20 and j["years"] == 6, j
assert "wall_seconds" in j and j["base"]["mode"] in ("exact", "sample")
assert "base/groups.csv" in j["outputs"] and "alt/groups.csv" in j["outputs"], j["outputs"]
for side in ("base", "alt"):
    assert j[side]["files"]
    for f in j[side]["files"]:
        assert f["sha256"] == hashlib.sha256(open(f["path"], "rb").read()).hexdigest(), f
PY
fi

# base/ is what a plain run writes, byte for byte.
expect_exit 0 "run base" -- "$FUNDSIM" run "$BASE" "${ARGS[@]}" --out "$TMP/run"
cmp -s "$TMP/run/summary.csv" "$OUT/base/summary.csv" || fail "base/summary.csv differs from run's"
cmp -s "$TMP/run/groups.csv" "$OUT/base/groups.csv" || fail "base/groups.csv differs from run's"

# Default seed is BASE's: with the scenario seed given explicitly the bytes agree.
seed=$(sed -n 's/^ *seed: *\([0-9][0-9]*\).*/\1/p' "$BASE" | head -1)
expect_exit 0 "compare default seed" -- "$FUNDSIM" compare "$BASE" "$ALT" --reps 3 --years 2 --quiet --keep-reps --out "$TMP/d1"
expect_exit 0 "compare explicit seed" -- "$FUNDSIM" compare "$BASE" "$ALT" --reps 3 --years 2 --quiet --keep-reps --seed "$seed" --out "$TMP/d2"
cmp -s "$TMP/d1/diff.csv" "$TMP/d2/diff.csv" || fail "default seed is not BASE's ($seed)"
[ -f "$TMP/d1/alt/replications.csv" ] || fail "--keep-reps wrote no alt/replications.csv"

# With mode auto, ALT runs in the mode BASE got: a variant whose own size
# threshold would put it in sample mode still runs exact beside an exact BASE.
printf 'extends: %s\nscenario:\n  name: sampled-variant\nsimulation:\n  exact_max_enrollees: 1\n' \
    "$(cd "$(dirname "$BASE")" && pwd)/$(basename "$BASE")" > "$TMP/sampled.yaml"
expect_exit 0 "variant alone runs sampled" -- "$FUNDSIM" run "$TMP/sampled.yaml" --reps 2 --years 1 --quiet --out "$TMP/sv"
grep -q '"mode": "sample"' "$TMP/sv/run.json" || fail "the variant alone did not run in sample mode"
expect_exit 0 "compare exact base vs sampled variant" -- "$FUNDSIM" compare "$BASE" "$TMP/sampled.yaml" --reps 2 --years 1 --quiet --out "$TMP/mm"
grep -q '"mode": "exact"' "$TMP/mm/base/run.json" || fail "base not exact"
grep -q '"mode": "exact"' "$TMP/mm/alt/run.json" || fail "alt did not take BASE's mode"

# --- misuse -------------------------------------------------------------------
expect_exit 2 "different start years" -- "$FUNDSIM" compare "$BASE" scenarios/anhui-2024.yaml --reps 2 --years 1 --out "$TMP/never"
grep -q 'start_year' "$TMP/err" || fail "different start years: message: $(cat "$TMP/err")"
expect_exit 1 "missing file" -- "$FUNDSIM" compare "$BASE" "$TMP/missing.yaml" --reps 2 --years 1 --out "$TMP/never"
grep -qF "$TMP/missing.yaml" "$TMP/err" || fail "missing file: stderr does not name it"
expect_exit 2 "one scenario" -- "$FUNDSIM" compare "$BASE" --out "$TMP/never"
expect_exit 2 "three scenarios" -- "$FUNDSIM" compare "$BASE" "$ALT" "$ALT" --out "$TMP/never"
expect_exit 2 "bad --reps" -- "$FUNDSIM" compare "$BASE" "$ALT" --reps 0 --out "$TMP/never"
[ -e "$TMP/never" ] && fail "a rejected compare created its output directory"

echo "test_compare: $checks checks passed, $fails failed"
[ "$fails" -eq 0 ]
