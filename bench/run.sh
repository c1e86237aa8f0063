#!/usr/bin/env bash
# bench/run.sh -- fundsim benchmarks (issue #5).  One command, from anywhere:
#     bash bench/run.sh            # full workloads (several minutes on 2 cores)
#     BENCH_REPS=100 bash bench/run.sh   # quicker, fewer replications
# Builds Release into build-bench/, then prints a Markdown report:
#   1. per-core rate and the random-number floor (bench/floor.c, 1 thread);
#   2. wall time and peak memory of the standard workloads (all threads):
#      Wenshui 2023, 10 years x 1000 replications, exact mode;
#      Anhui 2024 (~50M residents), 10 years x 1000 replications, large-population
#      (sample) mode, chosen automatically;
#   3. thread scaling: the same Wenshui run with 1 and with 2 threads.
# A benchmark, not a test: nothing is asserted.  The VM is shared: the load
# average is printed next to each timing.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${BENCH_BUILD:-$ROOT/build-bench}
REPS=${BENCH_REPS:-1000}
PROBE=${BENCH_PROBE_REPS:-10}
SCALE_REPS=${BENCH_SCALE_REPS:-100}
THREADS=${BENCH_THREADS:-$(nproc)}
cmake -S "$ROOT" -B "$B" -DCMAKE_BUILD_TYPE=Release -DFUNDSIM_WERROR=ON -DFUNDSIM_TESTS=OFF >/dev/null
cmake --build "$B" -j"$(nproc)" --target fundsim fs_floor >/dev/null
FS=$B/fundsim
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
cd "$ROOT"
W=scenarios/wenshui-2023.yaml
A=scenarios/anhui-2024.yaml

load() { cut -d' ' -f1 /proc/loadavg; }
kv() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }

echo "# fundsim benchmark"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- machine: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "- compiler: $(cc --version | head -1); git $(git describe --always --dirty 2>/dev/null || echo unknown)"
echo "- replications: $REPS (floor probe $PROBE, scaling $SCALE_REPS); threads $THREADS"
echo
echo "## 1. Per core (1 thread) and the random-number floor"
echo
echo "| workload | mode | enrollee-years | engine M ey/s/core | floor M ey/s | engine/floor | cost draws/ey | sampling rel. se | load |"
echo "|---|---|---|---|---|---|---|---|---|"
for wl in "wenshui-2023 $W exact" "anhui-2024 $A auto"; do
    set -- $wl
    l=$(load)
    out=$("$B/fs_floor" "$2" "$PROBE" 10 "$3")
    printf '| %s | %s | %s | %.1f | %.1f | %s | %s | %s | %s |\n' "$1" "$(kv "$out" mode)" \
        "$(kv "$out" enrollee_years)" "$(awk "BEGIN{print $(kv "$out" engine_eyps)/1e6}")" \
        "$(awk "BEGIN{print $(kv "$out" floor_eyps)/1e6}")" "$(kv "$out" ratio)" \
        "$(kv "$out" cost_draws_per_ey)" "$(kv "$out" sampling_rel_se)" "$l"
done
echo
echo "## 2. Standard workloads ($THREADS threads, 10 years x $REPS replications)"
echo
echo "| workload | mode | wall s | peak RSS MiB | enrollee-years simulated | M ey/s/core | load before |"
echo "|---|---|---|---|---|---|---|"
full() { # name scenario mode threads reps
    local l
    l=$(load)
    /usr/bin/time -f '%e %M' -o "$TMP/time" "$FS" run "$2" --reps "$5" --years 10 --threads "$4" \
        --mode "$3" --out "$TMP/out" --quiet
    read -r wall rss <"$TMP/time"
    ey=$(sed -n 's/.*"enrollee_years": \([0-9.e+]*\).*/\1/p' "$TMP/out/run.json")
    mode=$(sed -n 's/.*"mode": "\([a-z]*\)".*/\1/p' "$TMP/out/run.json")
    printf '| %s | %s | %s | %.0f | %s | %.1f | %s |\n' "$1" "$mode" "$wall" \
        "$(awk "BEGIN{print $rss/1024}")" "$ey" "$(awk "BEGIN{print $ey/$wall/$4/1e6}")" "$l"
    echo "$wall" >"$TMP/wall"
}
full wenshui-2023 "$W" exact "$THREADS" "$REPS"
full anhui-2024 "$A" auto "$THREADS" "$REPS"
echo
echo "## 3. Thread scaling (Wenshui, exact, 10 years x $SCALE_REPS replications)"
echo
echo "| threads | mode | wall s | peak RSS MiB | enrollee-years simulated | M ey/s/core | load before |"
echo "|---|---|---|---|---|---|---|"
full "1" "$W" exact 1 "$SCALE_REPS"
t1=$(cat "$TMP/wall")
full "$THREADS" "$W" exact "$THREADS" "$SCALE_REPS"
tn=$(cat "$TMP/wall")
echo
echo "Speed-up $THREADS threads vs 1: $(awk "BEGIN{printf \"%.2f\", $t1/$tn}")x"
