#!/usr/bin/env bash
# tests/test_sweep_solve.sh -- `fundsim sweep` and `fundsim solve` on the small
# scenario: the solve for the contribution's growth and for its level
# returns a value whose rerun with --set meets the target (and solved.yaml
# reruns it to the same numbers), a fine sweep over the range brackets the
# same answer, sweep.csv/sweep.json have their shape, a target nothing
# meets is exit 1 with no file written, and bad options are exit 2.
# Usage (from the repository root): bash tests/test_sweep_solve.sh path/to/fundsim
set -u
FUNDSIM=${1:?usage: test_sweep_solve.sh path/to/fundsim}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
cd "$(dirname "$0")/.."

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_solve.XXXXXX")
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

SMALL=tests/cli/small.yaml
# The small county's subsidy cut so that its surplus rate is a few per cent.
SUB='financing.fiscal_subsidy={2023: 250, growth: 10/year}'
ARGS=(--reps 20 --quiet)
NMETRICS=$(grep -cE '^[[:space:]]*X\([A-Z_]+, "' include/fundsim.h)

# A summary.csv's mean of METRIC in YEAR.
mean_of() { awk -F, -v y="$2" -v m="$3" '$2 == y && $3 == m { print $4 }' "$1"; }
# A JSON number member of solve.json.
json_num() { sed -n "s/^  \"$2\": \\([^,]*\\),\$/\\1/p" "$1"; }
json_str() { sed -n "s/^  \"$2\": \"\\(.*\\)\",\$/\\1/p" "$1"; }

# --- help -------------------------------------------------------------------
expect_exit 0 "sweep --help" -- "$FUNDSIM" sweep --help
grep -q '^usage: fundsim sweep SCENARIO --vary PATH=FROM:TO:STEP' "$TMP/out" || fail "sweep --help"
expect_exit 0 "solve --help" -- "$FUNDSIM" solve --help
grep -q '^usage: fundsim solve SCENARIO --vary PATH=LO:HI --target EXPR' "$TMP/out" \
    || fail "solve --help"

# check_answer NAME VARY TARGET_YEARS METRIC OP VALUE [solve options...]:
# solves, reruns the answer with --set and through solved.yaml, and sweeps
# the bracket finely; the sweep's first point meeting the target must be
# the answer's neighbour (within the tolerance).
check_answer() {
    local name=$1 vary=$2 years=$3 metric=$4 op=$5 value=$6 sweep_step=$7
    shift 7
    local path=${vary%%=*}
    local target="$metric@$years $op $value"
    expect_exit 0 "$name: solve" -- "$FUNDSIM" solve "$SMALL" --set "$SUB" --vary "$vary" \
        --target "$target" "${ARGS[@]}" "$@" --out "$TMP/$name"
    local js=$TMP/$name/solve.json
    [ -s "$js" ] && [ -s "$TMP/$name/solved.yaml" ] && [ -s "$TMP/$name/summary.csv" ] && ok \
        || { fail "$name: files missing: $(ls "$TMP/$name")"; return; }
    local x set tol runs
    x=$(json_num "$js" value)
    set=$(json_str "$js" override)
    tol=$(json_num "$js" tolerance)
    runs=$(json_num "$js" runs)
    [ "$set" = "${path}=$x" ] || [ "$set" = "${path%+}+=$x" ] && ok \
        || fail "$name: override '$set' does not set $path to $x"
    grep -q '"monotone": true' "$js" && ok || fail "$name: not monotone: $(grep evaluations -A20 "$js")"
    [ "$runs" -ge 3 ] && [ "$runs" -le 40 ] && ok || fail "$name: $runs runs"
    [ "$(grep -c '"x": ' "$js")" -eq $((runs + 1)) ] && ok \
        || fail "$name: evaluations listed do not match $runs runs"

    # The rerun with --set meets the target in every year of the range.
    expect_exit 0 "$name: rerun" -- "$FUNDSIM" run "$SMALL" --set "$SUB" --set "$set" \
        "${ARGS[@]}" --out "$TMP/$name-rerun"
    local y0=${years%%..*} y1=${years##*..} y
    for y in $(seq "$y0" "$y1"); do
        local v
        v=$(mean_of "$TMP/$name-rerun/summary.csv" "$y" "$metric")
        awk -v v="$v" -v t="$value" -v op="$op" 'BEGIN { exit !(op == ">=" ? v >= t : v <= t) }' \
            && ok || fail "$name: rerun $metric in $y = $v, not $op $value"
    done
    # The same numbers as the solve's summary.csv and as solved.yaml's run.
    cmp -s <(cut -d, -f2- "$TMP/$name-rerun/summary.csv") <(cut -d, -f2- "$TMP/$name/summary.csv") \
        && ok || fail "$name: the rerun differs from the answer's summary.csv"
    expect_exit 0 "$name: run solved.yaml" -- "$FUNDSIM" run "$TMP/$name/solved.yaml" --quiet \
        --out "$TMP/$name-yaml"
    cmp -s <(cut -d, -f2- "$TMP/$name-rerun/summary.csv") <(cut -d, -f2- "$TMP/$name-yaml/summary.csv") \
        && ok || fail "$name: solved.yaml reruns to other numbers"

    # A fine sweep around the answer: every point below x - tol fails, every
    # point from x on meets (the smallest value, monotone).
    local from to
    from=$(awk -v x="$x" -v s="$sweep_step" 'BEGIN { printf "%.10g", x - 6 * s }')
    to=$(awk -v x="$x" -v s="$sweep_step" 'BEGIN { printf "%.10g", x + 6 * s }')
    local op_v=${vary#"$path"}
    op_v=${op_v%%[-0-9]*}
    expect_exit 0 "$name: sweep" -- "$FUNDSIM" sweep "$SMALL" --set "$SUB" \
        --vary "${path}${op_v}${from}:${to}:${sweep_step}" "${ARGS[@]}" --out "$TMP/$name-sweep"
    awk -F, -v x="$x" -v tol="$tol" -v y0="$y0" -v y1="$y1" -v m="$metric" -v op="$op" \
        -v t="$value" '
        NR > 1 && $4 == m && $3 >= y0 && $3 <= y1 {
            met = (op == ">=") ? ($5 >= t) : ($5 <= t)
            if (!($1 in all)) all[$1] = 1
            if (!met) all[$1] = 0
        }
        END {
            bad = 0; n = 0
            for (p in all) {
                n++
                if (p + 0 >= x + 0 && !all[p]) { print "point " p " >= answer fails"; bad = 1 }
                if (p + 0 < x - tol && all[p]) { print "point " p " < answer - tol meets"; bad = 1 }
            }
            if (n != 13) { print n " sweep points, want 13"; bad = 1 }
            exit bad
        }' "$TMP/$name-sweep/sweep.csv" >"$TMP/why" && ok \
        || fail "$name: the sweep does not bracket $x: $(cat "$TMP/why")"
}

# The contribution's growth (a plain number keeps the rule's N/year form)
# and its level (+= shifts every dated value).
check_answer growth 'tiers[0].contribution.growth=0:100' 2023..2025 surplus_rate '>=' 0.05 0.1
check_answer level 'tiers[0].contribution+=-100:200' 2023..2025 surplus_rate '>=' 0.04 0.5 \
    --tol 0.5
check_answer depleted 'tiers[0].contribution+=-200:100' 2023..2025 prob_deficit '<=' 0.1 0.5 \
    --tol 0.5
grep -q '^  - "financing.fiscal_subsidy={2023: 250, growth: 10/year}"$' "$TMP/growth/solved.yaml" \
    && ok || fail "solved.yaml does not repeat the --set: $(cat "$TMP/growth/solved.yaml")"
grep -q '^  - "tiers\[0\].contribution.growth=' "$TMP/growth/solved.yaml" && ok \
    || fail "solved.yaml does not set the answer"

# --- sweep's files ----------------------------------------------------------
expect_exit 0 "sweep two parameters" -- "$FUNDSIM" sweep "$SMALL" --set "$SUB" \
    --vary 'tiers[0].contribution+=0:20:10' --vary 'enrollment.base_rate=0.9:0.95:0.05' \
    "${ARGS[@]}" --xlsx --out "$TMP/sw2"
head -1 "$TMP/sw2/sweep.csv" | grep -qx \
    'tiers\[0\].contribution+=,enrollment.base_rate,scenario,year,metric,mean,se,sd,p05,p25,p50,p75,p95' \
    && ok || fail "sweep.csv header: $(head -1 "$TMP/sw2/sweep.csv")"
rows=$(($(wc -l <"$TMP/sw2/sweep.csv") - 1))
[ "$rows" -eq $((6 * 3 * NMETRICS)) ] && ok || fail "sweep.csv: $rows rows, want $((6 * 3 * NMETRICS))"
[ "$(cut -d, -f1,2 "$TMP/sw2/sweep.csv" | sed 1d | uniq | tr '\n' ' ')" = \
    "0,0.9 0,0.95 10,0.9 10,0.95 20,0.9 20,0.95 " ] && ok \
    || fail "sweep.csv points: $(cut -d, -f1,2 "$TMP/sw2/sweep.csv" | sed 1d | uniq | tr '\n' ' ')"
[ "$(grep -c '"values": ' "$TMP/sw2/sweep.json")" -eq 6 ] && ok || fail "sweep.json: not 6 points"
grep -q '"outputs": \["sweep.csv", "metrics.csv", "sweep.xlsx", "sweep.json"\]' "$TMP/sw2/sweep.json" && ok \
    || fail "sweep.json outputs"
[ "$(head -c 2 "$TMP/sw2/sweep.xlsx")" = PK ] && ok || fail "sweep.xlsx is not a zip"
# Each point is the run of its overrides: point (10, 0.95) equals a run with both set.
expect_exit 0 "run one point" -- "$FUNDSIM" run "$SMALL" --set "$SUB" \
    --set 'tiers[0].contribution+=10' --set 'enrollment.base_rate=0.95' "${ARGS[@]}" \
    --out "$TMP/pt"
cmp -s <(awk -F, '$1 == 10 && $2 == 0.95' "$TMP/sw2/sweep.csv" | cut -d, -f3-) \
    <(sed 1d "$TMP/pt/summary.csv") && ok || fail "sweep point (10, 0.95) differs from its run"
# The same bytes on one thread as on two.
expect_exit 0 "sweep --threads 1" -- "$FUNDSIM" sweep "$SMALL" --set "$SUB" \
    --vary 'tiers[0].contribution+=0:20:10' --vary 'enrollment.base_rate=0.9:0.95:0.05' \
    "${ARGS[@]}" --threads 1 --xlsx --out "$TMP/sw2t1"
cmp -s "$TMP/sw2/sweep.csv" "$TMP/sw2t1/sweep.csv" && cmp -s "$TMP/sw2/sweep.xlsx" \
    "$TMP/sw2t1/sweep.xlsx" && ok || fail "sweep: --threads 1 gives other bytes"

# --- a scenario with its own overrides: (applied at its level of extends:)
# solved.yaml extends it and still reruns the answer
printf 'extends: %s\nscenario: {name: withov}\noverrides: ["%s"]\n' "$PWD/$SMALL" "$SUB" \
    >"$TMP/withov.yaml"
expect_exit 0 "solve a scenario with overrides:" -- "$FUNDSIM" solve "$TMP/withov.yaml" \
    --vary 'tiers[0].contribution+=-100:200' --target 'surplus_rate@2023..2025 >= 0.05' \
    "${ARGS[@]}" --out "$TMP/ov"
expect_exit 0 "run its solved.yaml" -- "$FUNDSIM" run "$TMP/ov/solved.yaml" --quiet --out "$TMP/ovr"
cmp -s <(cut -d, -f2- "$TMP/ov/summary.csv") <(cut -d, -f2- "$TMP/ovr/summary.csv") && ok \
    || fail "solved.yaml over a scenario with overrides: reruns to other numbers"
# the same answer as with the subsidy cut given by --set
expect_exit 0 "solve with --set" -- "$FUNDSIM" solve "$SMALL" --set "$SUB" \
    --vary 'tiers[0].contribution+=-100:200' --target 'surplus_rate@2023..2025 >= 0.05' \
    "${ARGS[@]}" --out "$TMP/ovset"
[ "$(json_num "$TMP/ov/solve.json" value)" = "$(json_num "$TMP/ovset/solve.json" value)" ] && ok \
    || fail "overrides: and --set give other answers: $(json_num "$TMP/ov/solve.json" value) vs $(json_num "$TMP/ovset/solve.json" value)"

# --- a county ledger (fund.pooling: ledger) leaves balance-based metrics empty:
# a target on one is exit 2 naming it after the first run (not a search of
# "nan"); one on the surplus rate, which it keeps, is searched -------------
LEDGER=(--set fund.pooling=ledger --set fund.initial_balance=0)
expect_exit 2 "solve a ledger for its balance" -- "$FUNDSIM" solve "$SMALL" "${LEDGER[@]}" \
    --vary 'tiers[0].contribution+=0:100' --target 'months_covered@2023 >= 6' --reps 2 \
    --years 1 --out "$TMP/ledger_na"
grep -q 'months_covered is empty for a county ledger' "$TMP/err" && ok \
    || fail "ledger target: $(cat "$TMP/err")"
grep -qi 'nan' "$TMP/out" "$TMP/err" && fail "ledger target printed nan" || ok
[ ! -e "$TMP/ledger_na" ] && ok || fail "ledger target: a folder was written"
expect_exit 0 "solve a ledger for its surplus rate" -- "$FUNDSIM" solve "$SMALL" "${LEDGER[@]}" \
    --vary 'tiers[0].contribution+=0:100' --target 'surplus_rate@2023 >= -1' --reps 2 \
    --years 1 --out "$TMP/ledger_sr"
grep -qi 'nan' "$TMP/out" "$TMP/ledger_sr/solve.json" "$TMP/ledger_sr/summary.csv" \
    && fail "ledger solve wrote nan" || ok

# --- owners: a solve or sweep never writes into another command's folder --
expect_exit 0 "run" -- "$FUNDSIM" run "$SMALL" "${ARGS[@]}" --out "$TMP/own"
expect_exit 2 "solve into a run's folder" -- "$FUNDSIM" solve "$SMALL" \
    --vary 'tiers[0].contribution+=0:1' --target 'surplus_rate@2023 >= 0' "${ARGS[@]}" --out "$TMP/own"
grep -q 'holds the results of another command (its run.json)' "$TMP/err" && ok \
    || fail "owner: $(cat "$TMP/err")"
expect_exit 2 "sweep into a solve's folder" -- "$FUNDSIM" sweep "$SMALL" \
    --vary 'tiers[0].contribution+=0:1:1' "${ARGS[@]}" --out "$TMP/growth"
expect_exit 2 "solve another scenario into a solve's folder" -- "$FUNDSIM" solve "$SMALL" \
    --vary 'tiers[0].contribution+=0:1' --target 'surplus_rate@2023 >= 0' "${ARGS[@]}" \
    --out "$TMP/growth"
expect_exit 0 "solve --force" -- "$FUNDSIM" solve "$SMALL" --vary 'tiers[0].contribution+=0:1' \
    --target 'surplus_rate@2023 >= 0' "${ARGS[@]}" --out "$TMP/own" --force

# --- grid values as written; keys that cannot vary; ends checked first ----
expect_exit 0 "sweep 0.1 steps" -- "$FUNDSIM" sweep "$SMALL" --vary 'enrollment.base_rate=0.1:0.9:0.1' \
    --reps 2 --years 1 --quiet --out "$TMP/tenths"
[ "$(cut -d, -f1 "$TMP/tenths/sweep.csv" | sed 1d | uniq | tr '\n' ' ')" = \
    "0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9 " ] && ok \
    || fail "grid values: $(cut -d, -f1 "$TMP/tenths/sweep.csv" | sed 1d | uniq | tr '\n' ' ')"
expect_exit 2 "sweep scenario.start_year" -- "$FUNDSIM" sweep "$SMALL" \
    --vary 'scenario.start_year=2023:2024:1' --out "$TMP/sy"
expect_exit 2 "sweep past a share" -- "$FUNDSIM" sweep "$SMALL" \
    --vary 'enrollment.base_rate=0.9:1.1:0.1' --out "$TMP/share"
[ -e "$TMP/share" ] && fail "a sweep with a bad end wrote $TMP/share" || ok
grep -q 'fundsim sweep: point' "$TMP/out" && fail "a sweep with a bad end ran a point first" || ok

# --- a target nothing in the range meets ---------------------------------
expect_exit 1 "solve: unreachable" -- "$FUNDSIM" solve "$SMALL" --vary 'tiers[0].contribution+=0:50' \
    --target 'surplus_rate@2023..2025 <= 0' "${ARGS[@]}" --out "$TMP/none"
grep -q 'no value in \[0, 50\] meets surplus_rate@2023..2025 <= 0: the best reached, at tiers\[0\].contribution+=0, is surplus_rate_mean = ' "$TMP/err" \
    && ok || fail "unreachable: message: $(cat "$TMP/err")"
[ -z "$(ls -A "$TMP/none" 2>/dev/null)" ] && ok || fail "unreachable: files written: $(ls -A "$TMP/none")"

# --- bad options: exit 2, naming what is wrong ---------------------------
expect_exit 2 "sweep without --vary" -- "$FUNDSIM" sweep "$SMALL" "${ARGS[@]}"
grep -q -- '--vary PATH=FROM:TO:STEP is required' "$TMP/err" || fail "sweep no --vary: $(cat "$TMP/err")"
expect_exit 2 "sweep bad step" -- "$FUNDSIM" sweep "$SMALL" --vary 'tiers[0].contribution=1:2:0'
expect_exit 2 "sweep three --vary" -- "$FUNDSIM" sweep "$SMALL" --vary a=1:2:1 --vary b=1:2:1 \
    --vary c=1:2:1
expect_exit 2 "sweep unknown key" -- "$FUNDSIM" sweep "$SMALL" --vary 'tiers[0].contribtion=1:2:1' \
    "${ARGS[@]}" --out "$TMP/bad1"
grep -q -- '--set tiers\[0\].contribtion' "$TMP/err" && ok || fail "unknown key: $(cat "$TMP/err")"
[ -e "$TMP/bad1" ] && fail "sweep unknown key: wrote $TMP/bad1" || ok
expect_exit 2 "solve without --target" -- "$FUNDSIM" solve "$SMALL" --vary 'tiers[0].contribution+=0:1'
expect_exit 2 "solve bad target" -- "$FUNDSIM" solve "$SMALL" --vary 'tiers[0].contribution+=0:1' \
    --target 'surplus@2023 > 0'
grep -q "target 'surplus@2023 > 0'" "$TMP/err" && ok || fail "bad target: $(cat "$TMP/err")"
expect_exit 2 "solve target years" -- "$FUNDSIM" solve "$SMALL" --vary 'tiers[0].contribution+=0:1' \
    --target 'surplus_rate@2030 >= 0'
grep -q 'not all simulated (2023..2025' "$TMP/err" && ok || fail "target years: $(cat "$TMP/err")"
expect_exit 2 "solve empty range" -- "$FUNDSIM" solve "$SMALL" --vary 'tiers[0].contribution+=1:1' \
    --target 'surplus_rate@2023 >= 0'
expect_exit 2 "solve --tol 0" -- "$FUNDSIM" solve "$SMALL" --vary 'tiers[0].contribution+=0:1' \
    --target 'surplus_rate@2023 >= 0' --tol 0
expect_exit 2 "run --target" -- "$FUNDSIM" run "$SMALL" --target 'surplus_rate@2023 >= 0'
expect_exit 2 "run --vary" -- "$FUNDSIM" run "$SMALL" --vary 'a=1:2:1'

echo "test_sweep_solve: $checks checks passed, $fails failed"
[ "$fails" -eq 0 ]
