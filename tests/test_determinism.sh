#!/usr/bin/env bash
# tests/test_determinism.sh -- the same scenario and seed give the same
# summary.csv, groups.csv and replications.csv bytes, whatever the thread count, and
# from one run to the next.
# Usage (from the repository root): bash tests/test_determinism.sh path/to/fundsim
set -u
FUNDSIM=${1:?usage: test_determinism.sh path/to/fundsim}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
cd "$(dirname "$0")/.."

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_det.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
SMALL=tests/cli/small.yaml
if [ -f scenarios/wenshui-2023.yaml ]; then
    SMALL=scenarios/wenshui-2023.yaml
fi
ARGS=(--reps 20 --years 3 --seed 987654321 --keep-reps --quiet)
fails=0

run() { # run NAME extra-args...
    local name=$1
    shift
    if ! "$FUNDSIM" run "$SMALL" "${ARGS[@]}" --out "$TMP/$name" "$@"; then
        echo "FAIL: run $name exited $?"
        exit 1
    fi
}

run t1 --threads 1
run t2 --threads 2
run t1b --threads 1
run t3 --threads 3
run tall

for other in t2 t1b t3 tall; do
    for f in summary.csv groups.csv replications.csv; do
        if ! cmp "$TMP/t1/$f" "$TMP/$other/$f"; then
            echo "FAIL: $f differs between --threads 1 and $other"
            fails=$((fails + 1))
        fi
    done
done

# A different seed must change the numbers (the seed is used at all).
run s2 --threads 2 --seed 1
if cmp -s "$TMP/t1/replications.csv" "$TMP/s2/replications.csv"; then
    echo "FAIL: --seed 1 gives the same replications as --seed 987654321"
    fails=$((fails + 1))
fi
grep -q '"seed": 1,' "$TMP/s2/run.json" || { echo "FAIL: run.json does not record --seed 1"; fails=$((fails + 1)); }

echo "test_determinism: $fails failures"
[ "$fails" -eq 0 ]
