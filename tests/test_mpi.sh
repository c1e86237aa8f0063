#!/usr/bin/env bash
# tests/test_mpi.sh -- `mpirun -np K fundsim run` writes the same
# summary.csv, groups.csv and replications.csv bytes as one process, for K = 1, 2, 3
# (3 > cores: oversubscribed; 7 replications: uneven slices), a roster's
# run (K = 2), sweep and solve too (K = 2), compare (K = 2: diff.csv, each
# run's CSVs, and the workbooks summary.xlsx and diff.xlsx, byte for byte),
# run's summary.xlsx (K = 2), and a rank failure makes mpirun fail.  Skips (exit 0) when fundsim has no MPI.
# Usage (from the repository root): bash tests/test_mpi.sh path/to/fundsim
set -u
FUNDSIM=${1:?usage: test_mpi.sh path/to/fundsim}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
cd "$(dirname "$0")/.."

if ! "$FUNDSIM" --version | grep -qx 'mpi: yes'; then
    echo "test_mpi: SKIP: $FUNDSIM was built without MPI (-DFUNDSIM_MPI=ON)"
    exit 0
fi
MPIRUN=$(command -v mpirun || command -v mpiexec || true)
if [ -z "$MPIRUN" ]; then
    echo "test_mpi: SKIP: no mpirun on PATH"
    exit 0
fi
# Root in containers needs these; harmless otherwise (Open MPI refuses root without them).
MPIFLAGS=(--allow-run-as-root --oversubscribe --bind-to none)

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_mpi.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
SMALL=tests/cli/small.yaml
if [ -f scenarios/wenshui-2023.yaml ]; then
    SMALL=scenarios/wenshui-2023.yaml
fi
ARGS=(--reps 7 --years 3 --seed 4242 --keep-reps --quiet --threads 1)
fails=0

"$FUNDSIM" run "$SMALL" "${ARGS[@]}" --out "$TMP/single" || { echo "FAIL: single process"; exit 1; }
for np in 1 2 3; do
    if ! "$MPIRUN" "${MPIFLAGS[@]}" -np "$np" "$FUNDSIM" run "$SMALL" "${ARGS[@]}" --out "$TMP/np$np"; then
        echo "FAIL: mpirun -np $np exited non-zero"
        fails=$((fails + 1))
        continue
    fi
    for f in summary.csv groups.csv replications.csv; do
        cmp "$TMP/single/$f" "$TMP/np$np/$f" || { echo "FAIL: $f differs for -np $np"; fails=$((fails + 1)); }
    done
    grep -q "\"ranks\": $np," "$TMP/np$np/run.json" || { echo "FAIL: run.json ranks for -np $np"; fails=$((fails + 1)); }
    ls -A "$TMP/np$np" | grep -q '\.tmp\.' && { echo "FAIL: temporaries left for -np $np"; fails=$((fails + 1)); }
done

# A roster's run: its group table has age bands (more values per replication).
R=tests/scenarios/roster/roster.yaml
"$FUNDSIM" run "$R" "${ARGS[@]}" --out "$TMP/roster1" || { echo "FAIL: roster, one process"; fails=$((fails + 1)); }
if "$MPIRUN" "${MPIFLAGS[@]}" -np 2 "$FUNDSIM" run "$R" "${ARGS[@]}" --out "$TMP/roster2"; then
    for f in summary.csv groups.csv replications.csv; do
        cmp "$TMP/roster1/$f" "$TMP/roster2/$f" || { echo "FAIL: roster $f differs for -np 2"; fails=$((fails + 1)); }
    done
else
    echo "FAIL: mpirun -np 2 on the roster exited non-zero"; fails=$((fails + 1))
fi

# sweep and solve (on the small county): every point split across the
# ranks, the same bytes.
SWEEP=(--vary 'tiers[0].contribution+=0:20:10' --reps 7 --years 2 --seed 4242 --quiet --threads 1)
SOLVE=(--vary 'tiers[0].contribution+=-300:300' --target 'surplus_rate@2023..2024 >= 0.45'
       --reps 7 --years 2 --seed 4242 --quiet --threads 1)
"$FUNDSIM" sweep tests/cli/small.yaml "${SWEEP[@]}" --out "$TMP/sw1" || { echo "FAIL: sweep, one process"; fails=$((fails + 1)); }
"$FUNDSIM" solve tests/cli/small.yaml "${SOLVE[@]}" --out "$TMP/sv1" || { echo "FAIL: solve, one process"; fails=$((fails + 1)); }
if "$MPIRUN" "${MPIFLAGS[@]}" -np 2 "$FUNDSIM" sweep tests/cli/small.yaml "${SWEEP[@]}" --out "$TMP/sw2"; then
    cmp "$TMP/sw1/sweep.csv" "$TMP/sw2/sweep.csv" || { echo "FAIL: sweep.csv differs for -np 2"; fails=$((fails + 1)); }
else
    echo "FAIL: mpirun -np 2 sweep exited non-zero"; fails=$((fails + 1))
fi
if "$MPIRUN" "${MPIFLAGS[@]}" -np 2 "$FUNDSIM" solve tests/cli/small.yaml "${SOLVE[@]}" --out "$TMP/sv2"; then
    for f in summary.csv solved.yaml; do
        cmp "$TMP/sv1/$f" "$TMP/sv2/$f" || { echo "FAIL: solve's $f differs for -np 2"; fails=$((fails + 1)); }
    done
    diff <(grep -v -e wall_seconds -e '"ranks"' -e '"command"' "$TMP/sv1/solve.json") \
         <(grep -v -e wall_seconds -e '"ranks"' -e '"command"' "$TMP/sv2/solve.json") \
        || { echo "FAIL: solve.json differs for -np 2"; fails=$((fails + 1)); }
else
    echo "FAIL: mpirun -np 2 solve exited non-zero"; fails=$((fails + 1))
fi

# compare, with its workbooks, and run's workbook: the same bytes under -np 2.
CMP=(scenarios/wenshui-2023.yaml --set 'tiers[0].contribution+=30' --reps 7 --years 2 --seed 4242
     --quiet --threads 1 --xlsx)
"$FUNDSIM" compare "${CMP[@]}" --out "$TMP/cmp1" || { echo "FAIL: compare, one process"; fails=$((fails + 1)); }
if "$MPIRUN" "${MPIFLAGS[@]}" -np 2 "$FUNDSIM" compare "${CMP[@]}" --out "$TMP/cmp2"; then
    for f in diff.csv diff.xlsx params_diff.csv base/summary.csv base/summary.xlsx alt/summary.csv \
             alt/groups.csv alt/summary.xlsx; do
        cmp "$TMP/cmp1/$f" "$TMP/cmp2/$f" || { echo "FAIL: compare's $f differs for -np 2"; fails=$((fails + 1)); }
    done
else
    echo "FAIL: mpirun -np 2 compare exited non-zero"; fails=$((fails + 1))
fi
"$FUNDSIM" run "$SMALL" "${ARGS[@]}" --xlsx --out "$TMP/x1" || { echo "FAIL: run --xlsx, one process"; fails=$((fails + 1)); }
if "$MPIRUN" "${MPIFLAGS[@]}" -np 2 "$FUNDSIM" run "$SMALL" "${ARGS[@]}" --xlsx --out "$TMP/x2"; then
    cmp "$TMP/x1/summary.xlsx" "$TMP/x2/summary.xlsx" || { echo "FAIL: summary.xlsx differs for -np 2"; fails=$((fails + 1)); }
else
    echo "FAIL: mpirun -np 2 run --xlsx exited non-zero"; fails=$((fails + 1))
fi

# More ranks than replications: idle ranks still agree.
if ! "$MPIRUN" "${MPIFLAGS[@]}" -np 3 "$FUNDSIM" run "$SMALL" --reps 2 --years 2 --quiet --out "$TMP/few"; then
    echo "FAIL: -np 3 with 2 replications"
    fails=$((fails + 1))
fi

# Errors: every rank exits non-zero, nothing is written.
"$MPIRUN" "${MPIFLAGS[@]}" -np 2 "$FUNDSIM" run "$TMP/missing.yaml" --out "$TMP/err1" >/dev/null 2>&1 &&
    { echo "FAIL: missing scenario under MPI exited 0"; fails=$((fails + 1)); }
"$MPIRUN" "${MPIFLAGS[@]}" -np 2 "$FUNDSIM" run "$SMALL" --reps 0 --out "$TMP/err2" >/dev/null 2>&1 &&
    { echo "FAIL: --reps 0 under MPI exited 0"; fails=$((fails + 1)); }
[ -e "$TMP/err1" ] || [ -e "$TMP/err2" ] && { echo "FAIL: a failed MPI run wrote output"; fails=$((fails + 1)); }

echo "test_mpi: $fails failures"
[ "$fails" -eq 0 ]
