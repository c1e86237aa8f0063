#!/usr/bin/env bash
# bench/solve.sh -- the goal-seek benchmark (issue 9): `fundsim solve` on
# Wenshui 2023, 200 replications x 5 years (all threads), for
#   1. the level of the individual contribution (+= on every dated value)
#      that keeps the expected surplus rate >= 0 in every year 2023..2027;
#   2. the growth of the contribution after 2023 (from 350 元) that makes
#      略有结余 (the surplus rate in fund.target_band) at least 45% likely in
#      every year 2023..2027, the smallest and (--max) the largest.
# Prints a Markdown report: the answer, the runs the search made and the
# wall time of each (target for the level: under 120 s on 2 cores).
#     bash bench/solve.sh
# A benchmark, not a test: nothing is asserted.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${BENCH_BUILD:-$ROOT/build-bench}
REPS=${BENCH_REPS:-200}
cmake -S "$ROOT" -B "$B" -DCMAKE_BUILD_TYPE=Release -DFUNDSIM_WERROR=ON -DFUNDSIM_TESTS=OFF >/dev/null
cmake --build "$B" -j"$(nproc)" --target fundsim >/dev/null
FS=$B/fundsim
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_bench_solve.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
cd "$ROOT"
W=scenarios/wenshui-2023.yaml

json_num() { sed -n "s/^  \"$2\": \\([^,]*\\),\$/\\1/p" "$1"; }
json_str() { sed -n "s/^  \"$2\": \"\\(.*\\)\",\$/\\1/p" "$1"; }

echo "# fundsim solve benchmark"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- machine: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(nproc) cores"
echo "- git $(git describe --always --dirty 2>/dev/null || echo unknown); Wenshui 2023, $REPS replications x 5 years, all threads"
echo
echo "| question | target | answer | target at the answer (se), worst year | bracket | runs | wall s | s/run | load before |"
echo "|---|---|---|---|---|---|---|---|---|"
case_() { # name target vary [options]
    local name=$1 target=$2 vary=$3
    shift 3
    local l t0 t1 js=$TMP/$name/solve.json
    l=$(cut -d' ' -f1 /proc/loadavg)
    t0=$(date +%s.%N)
    "$FS" solve "$W" -r "$REPS" -y 5 --vary "$vary" --target "$target" --quiet --out "$TMP/$name" "$@"
    t1=$(date +%s.%N)
    local runs wall at
    runs=$(json_num "$js" runs)
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
    at=$(sed -n 's/^  "at_answer": {"x": [^,]*, "value": \([^,]*\), "se": \([^,]*\), "year": \([0-9]*\).*/\1 \2 \3/p' "$js" |
        awk '{ printf "%.4g (%.2g), %s", $1, $2, $3 }')
    local br
    br=$(sed -n 's/^  "bracket": \[\(.*\), \(.*\)\],$/\1 \2/p' "$js" | awk '{ printf "[%.6g, %.6g]", $1, $2 }')
    printf '| %s | `%s` | `%s` | %s | %s | %s | %s | %.1f | %s |\n' "$name" "$target" \
        "$(json_str "$js" override)" "$at" "$br" "$runs" \
        "$wall" "$(awk -v w="$wall" -v r="$runs" 'BEGIN { print w / r }')" "$l"
}
case_ level 'surplus_rate@2023..2027 >= 0' 'tiers[0].contribution+=0:300' --tol 1
PATH350='tiers[0].contribution={2023: 350, growth: 20/year}'
case_ growth-min 'prob_small_surplus@2023..2027 >= 0.45' 'tiers[0].contribution.growth=0:120' \
    --tol 1 --set "$PATH350"
case_ growth-max 'prob_small_surplus@2023..2027 >= 0.45' 'tiers[0].contribution.growth=0:120' \
    --tol 1 --set "$PATH350" --max
echo
echo '(runs: the runs the search made, solve.json'"'"'s "runs")'
