#!/usr/bin/env bash
# bench/calibrate.sh -- the calibration benchmark (issue 10): `fundsim
# calibrate` on scenarios/national-2021.yaml (sample mode, ~1 billion
# enrollees) from every factor at its default, at 50, 200 and 1000
# replications (all threads).  Prints a Markdown table: runs, Newton steps,
# largest residual, wall time, seconds per run, and the fitted factors.
#     bash bench/calibrate.sh
# A benchmark, not a test: nothing is asserted.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${BENCH_BUILD:-$ROOT/build-bench}
cmake -S "$ROOT" -B "$B" -DCMAKE_BUILD_TYPE=Release -DFUNDSIM_WERROR=ON -DFUNDSIM_TESTS=OFF >/dev/null
cmake --build "$B" -j"$(nproc)" --target fundsim >/dev/null
FS=$B/fundsim
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_bench_cal.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
cd "$ROOT"
RESET=(--set calibrate.factors.population=1 --set calibrate.factors.other_income=0
       --set calibrate.factors.outpatient_use=1 --set calibrate.factors.admissions=1
       --set calibrate.factors.inpatient_ratio=0)

echo "# fundsim calibrate benchmark"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- machine: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(nproc) cores"
echo "- git $(git describe --always --dirty 2>/dev/null || echo unknown); national-2021, base year 2021, from default factors"
echo
echo "| replications | runs | Newton steps | largest residual | wall s | s/run | population | other_income 亿元 | outpatient_use | admissions | inpatient_ratio |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for R in 50 200 1000; do
    t0=$(date +%s.%N)
    "$FS" calibrate scenarios/national-2021.yaml "${RESET[@]}" --reps "$R" --quiet --out "$TMP/r$R"
    t1=$(date +%s.%N)
    python3 - "$TMP/r$R/calibration.json" "$R" "$t0" "$t1" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
w = float(sys.argv[4]) - float(sys.argv[3])
f = {x["path"]: x["value"] for x in c["factors"]}
print("| %s | %d | %d | %.2g%% | %.1f | %.2f | %.5f | %.1f | %.4f | %.5f | %.4f |" % (
    sys.argv[2], c["runs"], c["iterations"], 100 * c["max_residual"], w, w / c["runs"],
    f["factors.population"], f["factors.other_income"] / 1e8, f["factors.outpatient_use"],
    f["factors.admissions"], f["factors.inpatient_ratio"]))
PY
done
