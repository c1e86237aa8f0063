#!/usr/bin/env bash
# tests/test_interrupt.sh -- interruption and resumption (issue 13, defects 7
# and 8, and "Checkpoint and resume"):
#  1. a run started in the background by this non-interactive script (`&`
#     without job control: it inherits SIGINT *ignored*, POSIX) stops on
#     SIGINT within a second with exit 130, writing nothing (no summary.csv,
#     no run.json, no temporary);
#     While the files are being written, SIGINT publishes nothing either: the
#     older result in the folder stays byte-identical, no temporary is left
#     (the stop comes after the file being written: no time bound there);
#  2. the same with SIGTERM: exit 143; and compare and sweep stop on SIGINT;
#  3. as PID 1 of a PID namespace (unshare -fp, a container without --init),
#     SIGTERM stops it;
#  4. a run with --checkpoint killed part way (SIGTERM), its checkpoint's
#     last record then cut short (a kill in the middle of a write), resumed
#     with the same command: summary.csv, groups.csv, replications.csv,
#     metrics.csv and run.json (but its wall_seconds and command) are the
#     same bytes as an uninterrupted run's; the checkpoint is removed after;
#  5. a checkpoint of another seed or scenario, or a file that is not a
#     checkpoint, is refused with exit 2 naming the difference;
#  6. a run that cannot fit in memory is refused before it starts, exit 2,
#     with the estimate;
#  7. a long run prints its estimate of memory and time on stderr when that
#     is a terminal (util-linux script), and not into a file.
# The time bound of 1-3 is the issue's: 1 s from the signal to the exit
# (measured with bash's EPOCHREALTIME around kill and the exit, printed); a run stops in
# tens of milliseconds, so load on the machine leaves a wide margin.
# The signal is sent once the process shows SIGINT and SIGTERM as caught in
# /proc/PID/status (SigCgt), or after 10 s if it never does (the old code).
# Usage (from the repository root): bash tests/test_interrupt.sh path/to/fundsim
set -u
FUNDSIM=${1:?usage: test_interrupt.sh path/to/fundsim}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
cd "$(dirname "$0")/.."
export LC_ALL=C

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_interrupt.XXXXXX")
PIDS=""
cleanup() { for p in $PIDS; do kill -9 "$p" 2>/dev/null; done; rm -rf "$TMP"; }
trap cleanup EXIT
fails=0
checks=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if "$@"; then checks=$((checks + 1)); else fail "${what:-check}: $*"; fi; }

SC=tests/cli/small.yaml
LONG="--reps 5000 --years 30 --threads 2 -q" # a minute or more: only a signal ends it in time

# Time in microseconds without a fork (bash 5: EPOCHREALTIME).
now_us() { NOW=${EPOCHREALTIME/./}; NOW=${NOW/,/}; }
# alive PID: running and not a zombie.
alive() {
    local st
    { read -r st <"/proc/$1/stat"; } 2>/dev/null || return 1
    st=${st##*) }
    [ "${st%% *}" != Z ]
}
# caught PID: whether PID catches SIGINT (bit 1) and SIGTERM (bit 14).
caught() {
    local line
    { exec 3<"/proc/$1/status"; } 2>/dev/null || return 1
    while read -r line <&3; do
        case $line in SigCgt:*) exec 3<&-; (( (0x${line#SigCgt:$'\t'} & 0x4002) == 0x4002 )); return ;; esac
    done
    exec 3<&-
    return 1
}
# wait_caught PID: up to 10 s for the handlers.
wait_caught() {
    local t0
    now_us; t0=$NOW
    while ! caught "$1"; do
        now_us; [ $((NOW - t0)) -lt 10000000 ] || return 0
        sleep 0.05
    done
}
# stop PID SIG [LIMIT]: sends SIG, waits up to LIMIT seconds (default 10) for
# the exit; sets RC (the exit status, or "none" when still running: then it
# is killed) and MS (ms from the signal to the exit).
stop() {
    local pid=$1 sig=$2 limit=${3:-10} t0
    now_us; t0=$NOW
    kill -s "$sig" "$pid"
    while alive "$pid"; do
        now_us; [ $((NOW - t0)) -lt $((limit * 1000000)) ] || break
        sleep 0.01
    done
    now_us
    MS=$(( (NOW - t0) / 1000 ))
    if alive "$pid"; then
        RC=none
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    else
        wait "$pid"
        RC=$?
    fi
}
# nothing_written DIR: no file at all in DIR (or no DIR).
nothing_written() { [ ! -e "$1" ] || [ -z "$(ls -A "$1")" ]; }

# ---- 1, 2: background jobs of this script (no job control: SIGINT ignored on entry)
case_bg() { # NAME SIG WANT CMD...
    local name=$1 sig=$2 want=$3
    shift 3
    "$@" 2>"$TMP/$name.err" &
    local pid=$!
    PIDS="$PIDS $pid"
    wait_caught "$pid"
    sleep 1 # well into the simulation
    stop "$pid" "$sig"
    echo "$name: SIG$sig -> exit $RC after $MS ms (bound 1000 ms)"
    what="$name exit status" check [ "$RC" = "$want" ]
    what="$name stops within a second of the signal" check [ "$MS" -lt 1000 ]
}
case_bg run-int INT 130 "$FUNDSIM" run $SC $LONG --out "$TMP/o1"
what="run-int writes nothing" check nothing_written "$TMP/o1"
case_bg run-term TERM 143 "$FUNDSIM" run $SC $LONG --keep-reps --out "$TMP/o2"
what="run-term writes nothing" check nothing_written "$TMP/o2"
case_bg compare-int INT 130 "$FUNDSIM" compare $SC --set fund.initial_balance=0 $LONG \
    --out "$TMP/o3"
what="compare-int writes nothing" check nothing_written "$TMP/o3"
case_bg sweep-int INT 130 "$FUNDSIM" sweep $SC --vary fund.initial_balance=0:1e8:5e7 $LONG \
    --out "$TMP/o4"
what="sweep-int writes nothing" check nothing_written "$TMP/o4"
what="the message says interrupted" check grep -q "interrupted" "$TMP/run-int.err"

# ---- 1b: SIGINT while the files are written: the older result stays, no temporary
"$FUNDSIM" run $SC --reps 20 --years 2 --keep-reps -q --out "$TMP/w" || fail "the older result"
(cd "$TMP/w" && md5sum -- * >"$TMP/w.md5")
"$FUNDSIM" run $SC --reps 1000 --years 10 --threads 2 --keep-reps -q --out "$TMP/w" \
    2>"$TMP/w.err" &
pid=$!
PIDS="$PIDS $pid"
now_us; t0=$NOW
until ls -a "$TMP/w" | grep -q '^\.replications\.csv\.tmp'; do
    now_us; [ $((NOW - t0)) -lt 120000000 ] || break
    alive "$pid" || break
    sleep 0.02
done
stop "$pid" INT 300 # the file being written is finished first: seconds under load
echo "writing: SIGINT while replications.csv is staged -> exit $RC after $MS ms (the file being written is finished first)"
what="writing: exit 130" check [ "$RC" = 130 ]
what="writing: the older result intact" check bash -c "cd '$TMP/w' && md5sum --quiet -c '$TMP/w.md5'"
what="writing: no temporary left" check [ -z "$(ls -A "$TMP/w" | grep '^\.')" ]

# ---- 3: PID 1 of a PID namespace
if unshare -fp true 2>/dev/null; then
    unshare -fp "$FUNDSIM" run $SC $LONG --out "$TMP/o5" 2>"$TMP/pid1.err" &
    upid=$!
    PIDS="$PIDS $upid"
    child=""
    for _ in $(seq 1 200); do
        child=$(pgrep -P "$upid" | head -1)
        [ -n "$child" ] && break
        sleep 0.05
    done
    if [ -z "$child" ]; then
        fail "pid1: no child of unshare"
    else
        what="pid1: fundsim is PID 1 of its namespace" \
            check grep -q '^NSpid:.*[[:space:]]1$' "/proc/$child/status"
        wait_caught "$child"
        sleep 1
        now_us; t0=$NOW
        kill -TERM "$child"
        while alive "$child"; do
            now_us; [ $((NOW - t0)) -lt 10000000 ] || break
            sleep 0.01
        done
        now_us
        MS=$(( (NOW - t0) / 1000 ))
        still=0
        if alive "$child"; then
            still=1
            kill -9 "$child" 2>/dev/null
        fi
        wait "$upid"
        RC=$?
        [ "$still" = 0 ] || RC=none
        echo "pid1: SIGTERM to PID 1 -> unshare exit $RC after $MS ms (bound 1000 ms)"
        what="pid1: SIGTERM stops PID 1 (unshare passes on 143)" check [ "$RC" = 143 ]
        what="pid1: within a second" check [ "$MS" -lt 1000 ]
        what="pid1 writes nothing" check nothing_written "$TMP/o5"
    fi
    RC=""
else
    echo "SKIP pid1: unshare -fp is not permitted here"
fi

# ---- 4: kill a checkpointed run part way, cut its last record, resume, compare
CK="$TMP/ck.bin"
RUN4="run $SC --reps 600 --years 5 --threads 2 --keep-reps --checkpoint $CK --checkpoint-every 0.2"
"$FUNDSIM" run $SC --reps 600 --years 5 --threads 2 --keep-reps -q --out "$TMP/ref" \
    || fail "the uninterrupted run"
"$FUNDSIM" $RUN4 --out "$TMP/res" >/dev/null 2>"$TMP/ck1.err" &
pid=$!
PIDS="$PIDS $pid"
# wait for at least four records (each begins with FSCKREC1), at most 120 s
now_us; t0=$NOW
while [ "$(grep -ao FSCKREC1 "$CK" 2>/dev/null | wc -l)" -lt 4 ]; do
    now_us; [ $((NOW - t0)) -lt 120000000 ] || break
    alive "$pid" || break
    sleep 0.05
done
stop "$pid" TERM
echo "checkpoint: SIGTERM -> exit $RC after $MS ms; checkpoint $(stat -c %s "$CK" 2>/dev/null) bytes"
what="checkpointed run: exit 143" check [ "$RC" = 143 ]
what="checkpointed run: no result yet" check nothing_written "$TMP/res"
what="checkpointed run: the message says how to resume" check grep -q "saved in .*resume" "$TMP/ck1.err"
what="the checkpoint is there" check [ -s "$CK" ]
truncate -s -100 "$CK" 2>/dev/null # the last record cut short, as by a kill mid-write
"$FUNDSIM" $RUN4 --out "$TMP/res" >/dev/null 2>"$TMP/ck2.err"
rc=$?
cat "$TMP/ck2.err"
what="resumed run: exit 0" check [ "$rc" = 0 ]
done_reps=$(sed -n 's/.*resuming from .*: \([0-9]*\) of 600 replications done.*/\1/p' "$TMP/ck2.err")
what="resumed part way (0 < done < 600)" check [ -n "$done_reps" ] && \
    check [ "$done_reps" -gt 0 ] && check [ "$done_reps" -lt 600 ]
what="the cut record was dropped" check grep -q "incomplete last record" "$TMP/ck2.err"
for f in summary.csv groups.csv replications.csv metrics.csv; do
    what="resumed $f equals the uninterrupted run's" check cmp "$TMP/ref/$f" "$TMP/res/$f"
done
strip() { grep -v '"wall_seconds"\|"command"' "$1"; }
what="run.json equal but wall time and command" \
    check cmp <(strip "$TMP/ref/run.json") <(strip "$TMP/res/run.json")
what="the checkpoint is removed after a successful run" check [ ! -e "$CK" ]
what="no checkpoint temporary left" check [ -z "$(ls -A "$TMP" | grep 'ck.bin.tmp')" ]

# ---- 5: a checkpoint of other inputs, or not a checkpoint, is refused
K2="$TMP/k2.bin"
"$FUNDSIM" run $SC --reps 4 --years 2 --seed 11 -q --out "$TMP/k" --checkpoint "$K2" \
    --checkpoint-keep 2>/dev/null
what="--checkpoint-keep keeps it" check [ -s "$K2" ]
"$FUNDSIM" run $SC --reps 4 --years 2 --seed 22 -q --out "$TMP/k" --checkpoint "$K2" \
    2>"$TMP/r1.err"
rc=$?
cat "$TMP/r1.err"
what="another seed: exit 2" check [ "$rc" = 2 ]
what="another seed: named" check grep -q "seed 11 in the checkpoint, 22 now" "$TMP/r1.err"
sed 's/total: 20000/total: 20001/' $SC >"$TMP/other.yaml"
cp -r tests/cli/. "$TMP/" 2>/dev/null # whatever small.yaml refers to beside it
"$FUNDSIM" run "$TMP/other.yaml" --reps 4 --years 2 --seed 11 -q --out "$TMP/k" \
    --checkpoint "$K2" 2>"$TMP/r2.err"
rc=$?
cat "$TMP/r2.err"
what="another scenario: exit 2" check [ "$rc" = 2 ]
what="another scenario: the file named" check grep -q "scenario_file.*other.yaml" "$TMP/r2.err"
"$FUNDSIM" run $SC --reps 5 --years 2 --seed 11 -q --out "$TMP/k" --checkpoint "$K2" \
    2>"$TMP/r3.err"
what="other replications: exit 2, named" check grep -q "replications 4 in the checkpoint, 5 now" "$TMP/r3.err"
echo "not a checkpoint" >"$TMP/notck"
"$FUNDSIM" run $SC --reps 4 --years 2 -q --out "$TMP/k" --checkpoint "$TMP/notck" 2>"$TMP/r4.err"
rc=$?
cat "$TMP/r4.err"
what="not a checkpoint: exit 2" check [ "$rc" = 2 ]
what="not a checkpoint: said" check grep -q "not a fundsim checkpoint" "$TMP/r4.err"
what="not a checkpoint: left alone" check [ "$(cat "$TMP/notck")" = "not a checkpoint" ]

# ---- 6: a run that cannot fit in memory is refused at once, with the estimate
now_us; t0=$NOW
"$FUNDSIM" run $SC --reps 1048576 --years 1000 -q --out "$TMP/big" 2>"$TMP/big.err"
rc=$?
now_us
ms=$(( (NOW - t0) / 1000 ))
cat "$TMP/big.err"
what="too big: exit 2" check [ "$rc" = 2 ]
what="too big: the estimate in the message" \
    check grep -q "1048576 replications x 1000 years need about [0-9.]* [GT]B of memory" "$TMP/big.err"
what="too big: refused before simulating (${ms} ms)" check [ "$ms" -lt 10000 ]
what="too big: nothing written" check nothing_written "$TMP/big"

# ---- 7: a long run's estimate on stderr: on a terminal only (util-linux script)
what="no estimate when stderr is a file" check bash -c "! grep -q estimate '$TMP/run-int.err'"
if command -v script >/dev/null && command -v timeout >/dev/null; then
    SHELL=/bin/sh script -qfec "timeout -s INT 5 '$FUNDSIM' run $SC --reps 5000 --years 30 \
        --out '$TMP/tty'" /dev/null </dev/null >"$TMP/tty.txt" 2>&1
    tr '\r' '\n' <"$TMP/tty.txt" | grep estimate | head -1
    what="the estimate on a terminal" \
        check grep -q "estimate: 5000 replications x 30 years (exact mode, [0-9]* persons a year), about [0-9.]* [kMG]B in memory, about .* on [0-9]* threads" "$TMP/tty.txt"
else
    echo "SKIP estimate on a terminal: no script(1) or timeout(1)"
fi

echo "test_interrupt: $checks checks, $fails failures"
[ "$fails" = 0 ]
