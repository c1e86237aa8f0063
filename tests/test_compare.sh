#!/usr/bin/env bash
# tests/test_compare.sh -- `fundsim compare BASE [ALT ...]`: the output directory,
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
grep -q '^usage: fundsim compare BASE \[ALT ...\]' "$TMP/out" || fail "compare --help: no usage"
expect_exit 0 "help compare" -- "$FUNDSIM" help compare
expect_exit 0 "--help" -- "$FUNDSIM" --help
grep -q '^  compare BASE \[ALT ...\]' "$TMP/out" || fail "fundsim --help does not list compare"

# --- the comparison -----------------------------------------------------------
OUT="$TMP/cmp"
expect_exit 0 "compare" -- "$FUNDSIM" compare "$BASE" "$ALT" "${ARGS[@]}" --out "$OUT"
for f in diff.csv params_diff.csv compare.json base/summary.csv base/groups.csv base/run.json alt/summary.csv alt/groups.csv alt/run.json; do
    [ -f "$OUT/$f" ] || fail "compare wrote no $f"
done
[ -e "$OUT/base/replications.csv" ] && fail "replications.csv without --keep-reps"
find "$OUT" -name '.*.tmp.*' | grep -q . && fail "temporaries left in $OUT"
D="$OUT/diff.csv"
if [ -f "$D" ]; then
    [ "$(head -1 "$D")" = "base,alt,year,metric,mean,se,sd,p05,p25,p50,p75,p95,base_mean,alt_mean,ratio,pct,prob_higher" ] ||
        fail "diff.csv header: $(head -1 "$D")"
    rows=$(wc -l <"$D")
    [ "$rows" -eq $((YEARS * NMETRICS + 1)) ] || fail "diff.csv: $rows lines, want $((YEARS * NMETRICS + 1))"
    sed -n '2p' "$D" | grep -q '^wenshui-2023,wenshui-2023-contribution,2023,enrollees,' ||
        fail "diff.csv first row: $(sed -n 2p "$D")"
    # Common random numbers: the rule acts on the balance at the end of year
    # y in benefit year y+2, so 2023 and 2024 are the same policy, the same
    # draws, and every difference is exactly 0 (not merely small) -- except
    # depletion_year, a property of the whole horizon (the same in every year
    # of a replication, docs/metrics.md): the rule may move a depletion after
    # 2024, so its difference need not be 0, but it is the same in every year.
    n0=$(awk -F, '$4 == "depletion_year" { next } ($3 == 2023 || $3 == 2024) { n++; if ($5 != "0" || $6 != "0" || $7 != "0" || $8 != "0" || $12 != "0") bad++ } END { print n + 0, bad + 0 }' "$D")
    [ "$n0" = "$((2 * (NMETRICS - 1))) 0" ] || fail "2023/2024 differences not all exactly 0 (rows, nonzero: $n0)"
    nd=$(awk -F, '$4 == "depletion_year" { sub(/^[^,]*,[^,]*,[^,]*,/, ""); print }' "$D" | sort -u | wc -l)
    [ "$nd" -eq 1 ] || fail "depletion_year differences vary by year ($nd distinct rows)"
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

# compare A A: every difference exactly 0, prob_higher 0, no parameter changed.
expect_exit 0 "compare A A" -- "$FUNDSIM" compare "$BASE" "$BASE" --reps 5 --years 3 --quiet --out "$TMP/aa"
if [ -f "$TMP/aa/diff.csv" ]; then
    bad=$(awk -F, 'NR > 1 { for (i = 5; i <= 12; i++) if ($i != "0" && $i != "") n++; if ($17 != "0") n++ } END { print n + 0 }' "$TMP/aa/diff.csv")
    [ "$bad" = 0 ] && ok || fail "compare A A: $bad non-zero differences"
    [ "$(wc -l <"$TMP/aa/params_diff.csv")" -eq 1 ] && ok || fail "compare A A: params_diff.csv lists changes"
fi

# One flag: BASE with --set is the alternative; a two-parameter change is
# two rows of params_diff.csv, and the alternative is named apart.
expect_exit 0 "compare --set" -- "$FUNDSIM" compare "$BASE" --set 'tiers[0].contribution+=30' \
    --set enrollment.base_rate=0.96 --reps 5 --years 3 --quiet --out "$TMP/set"
if [ -f "$TMP/set/params_diff.csv" ]; then
    [ "$(wc -l <"$TMP/set/params_diff.csv")" -eq 3 ] && ok ||
        fail "params_diff.csv: $(cat "$TMP/set/params_diff.csv")"
    grep -q '^wenshui-2023,wenshui-2023+set-[0-9a-f]\{8\},tiers\[0\].contribution,' "$TMP/set/params_diff.csv" &&
        grep -q ',enrollment.base_rate,基础参保率,2023,0.95,0.96,' "$TMP/set/params_diff.csv" && ok ||
        fail "params_diff.csv rows: $(cat "$TMP/set/params_diff.csv")"
    grep -q '"overrides": \["tiers\[0\].contribution+=30", "enrollment.base_rate=0.96"\]' \
        "$TMP/set/alt/run.json" && ok || fail "alt/run.json does not record the overrides"
fi

# `fundsim diff`: exactly the changed paths (a two-parameter change: two rows).
expect_exit 0 "diff --set" -- "$FUNDSIM" diff "$BASE" --set 'tiers[0].contribution+=30' \
    --set enrollment.base_rate=0.96
[ "$(grep -c '^[a-z]' "$TMP/out")" -eq 2 ] && ok || fail "diff: $(cat "$TMP/out")"
grep -q '^tiers\[0\].contribution  *个人缴费标准  *2023  *350  *380 ' "$TMP/out" && ok ||
    fail "diff: no contribution row: $(cat "$TMP/out")"
expect_exit 0 "diff A A" -- "$FUNDSIM" diff "$BASE" "$BASE"
grep -q ': 0 parameters differ' "$TMP/out" && [ "$(wc -l <"$TMP/out")" -eq 1 ] && ok ||
    fail "diff A A: $(cat "$TMP/out")"
expect_exit 0 "diff two files" -- "$FUNDSIM" diff "$BASE" "$ALT" --year 2025
grep -q '^fund.management .* 2025  *fixed  *contribution' "$TMP/out" && ok || fail "diff files: $(cat "$TMP/out")"
expect_exit 2 "diff one file" -- "$FUNDSIM" diff "$BASE"

# Several alternatives: one diff.csv with an alt column, a directory each.
expect_exit 0 "compare three alternatives" -- "$FUNDSIM" compare "$BASE" "$ALT" "$ALT" "$BASE" \
    --reps 4 --years 2 --quiet --out "$TMP/three"
if [ -f "$TMP/three/diff.csv" ]; then
    for d in base alt1 alt2 alt3; do [ -f "$TMP/three/$d/summary.csv" ] || fail "no $d/summary.csv"; done
    rows=$(wc -l <"$TMP/three/diff.csv")
    [ "$rows" -eq $((3 * 2 * NMETRICS + 1)) ] && ok || fail "three alternatives: diff.csv has $rows lines"
    [ "$(cut -d, -f2 "$TMP/three/diff.csv" | sort -u | wc -l)" -eq 3 ] && ok || fail "alt column"
fi

# A folder written by another scenario is not overwritten silently.
expect_exit 2 "run into another scenario's folder" -- "$FUNDSIM" run "$ALT" --reps 2 --years 1 --quiet --out "$TMP/run"
grep -q 'holds the results of another scenario' "$TMP/err" || fail "overwrite: $(cat "$TMP/err")"
cmp -s "$TMP/run/summary.csv" "$OUT/base/summary.csv" || fail "the refused run changed the folder"
expect_exit 0 "run --force" -- "$FUNDSIM" run "$ALT" --reps 2 --years 1 --quiet --force --out "$TMP/run"

# --- misuse -------------------------------------------------------------------
expect_exit 2 "different start years" -- "$FUNDSIM" compare "$BASE" scenarios/anhui-2024.yaml --reps 2 --years 1 --out "$TMP/never"
grep -q 'start_year' "$TMP/err" || fail "different start years: message: $(cat "$TMP/err")"
expect_exit 1 "missing file" -- "$FUNDSIM" compare "$BASE" "$TMP/missing.yaml" --reps 2 --years 1 --out "$TMP/never"
grep -qF "$TMP/missing.yaml" "$TMP/err" || fail "missing file: stderr does not name it"
expect_exit 2 "one scenario, no --set" -- "$FUNDSIM" compare "$BASE" --out "$TMP/never"
expect_exit 2 "a bad --set" -- "$FUNDSIM" compare "$BASE" --set financing.fiscal_subsidyy=1 --out "$TMP/never"
grep -q '^--set financing.fiscal_subsidyy:1:11: financing.fiscal_subsidyy: unknown key; did you mean' "$TMP/err" ||
    fail "a bad --set: stderr: $(head -3 "$TMP/err")"
expect_exit 2 "bad --reps" -- "$FUNDSIM" compare "$BASE" "$ALT" --reps 0 --out "$TMP/never"
[ -e "$TMP/never" ] && fail "a rejected compare created its output directory"

echo "test_compare: $checks checks passed, $fails failed"
[ "$fails" -eq 0 ]
