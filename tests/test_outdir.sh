#!/usr/bin/env bash
# tests/test_outdir.sh -- the output directory as one unit (issue 13,
# defects 1, 2, 3, 7's first half and 10's last clause):
#   1. a second fundsim writing to a folder in use is refused at once
#      (run into run's folder, run into a compare's base/), and fifty
#      concurrent pairs of runs into one folder never leave a mixed set;
#   2. a commit that cannot put one file in place changes nothing (run.json
#      and compare.json made directories); a stale file that is not ours
#      does not fail a run;
#   3. leftover temporaries of an interrupted run (same PID: a PID
#      namespace) are removed, and the workbook's temporary is not in $TMPDIR;
#   4. a bad --out is reported before simulating, for every command;
#   5. `check > /dev/full` exits 1.
# Usage (from the repository root): bash tests/test_outdir.sh path/to/fundsim
set -u
FUNDSIM=${1:?usage: test_outdir.sh path/to/fundsim}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
cd "$(dirname "$0")/.."

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_outdir.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fails=0
checks=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { checks=$((checks + 1)); }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
# The hidden entries of a folder (none may stay after a command).
hidden() { ls -A "$1" 2>/dev/null | grep '^\.' | tr '\n' ' '; }

# A tiny county (200 residents): each run takes a fraction of a second.
TINY=$TMP/tiny.yaml
sed 's/total: 20000/total: 200/' tests/cli/small.yaml >"$TINY"
A=("$TINY" --reps 20 --years 3 --keep-reps --threads 1 -q)
SETS=(summary.csv groups.csv replications.csv metrics.csv)
seed_of() { sed -n 's/^  "seed": "\{0,1\}\([0-9]*\)"\{0,1\},$/\1/p' "$1" | head -1; }

# --- 1a. a second writer is refused at once ----------------------------------
# A long run holds OUT; a run started meanwhile into OUT fails within a
# second with "in use by another fundsim (pid N)" while the first goes on.
LONG=("$TINY" --reps 2000 --years 10 --threads 1 -q)
"$FUNDSIM" run "${LONG[@]}" --seed 5 --out "$TMP/held" 2>"$TMP/held.err" &
pid=$!
for _ in $(seq 1 100); do [ -e "$TMP/held/.fundsim.lock" ] && break; sleep 0.02; done
t0=$(now)
"$FUNDSIM" run "${A[@]}" --seed 6 --out "$TMP/held" 2>"$TMP/second.err"
rc=$?
dt=$(elapsed "$t0")
echo "second writer: exit $rc after $dt s"
[ "$rc" -eq 1 ] && ok || fail "a second run into a folder in use: exit $rc, want 1"
grep -q "held is in use by another fundsim (pid $pid)" "$TMP/second.err" && ok \
    || fail "second writer: message: $(cat "$TMP/second.err")"
awk -v t="$dt" 'BEGIN { exit !(t < 1.0) }' && ok || fail "second writer refused after $dt s (>= 1 s)"
kill -0 "$pid" 2>/dev/null && ok || fail "the first run ended before the second was refused (make LONG longer)"
wait "$pid"
rc=$?
[ "$rc" -eq 0 ] && ok || fail "the first run: exit $rc: $(cat "$TMP/held.err")"
[ "$(seed_of "$TMP/held/run.json")" = 5 ] && ok || fail "held: run.json is not the first run's"
[ -z "$(hidden "$TMP/held")" ] && ok || fail "held: hidden files left: $(hidden "$TMP/held")"

# A compare holds its top folder and base/ and alt/: a run into its base/
# is refused too.
"$FUNDSIM" compare "$TINY" --reps 800 --years 10 --threads 1 -q --set enrollment.base_rate=0.9 --out "$TMP/cmp" \
    2>"$TMP/cmp.err" &
pid=$!
for _ in $(seq 1 100); do [ -e "$TMP/cmp/base/.fundsim.lock" ] && break; sleep 0.02; done
"$FUNDSIM" run "${A[@]}" --out "$TMP/cmp/base" 2>"$TMP/second.err"
rc=$?
[ "$rc" -eq 1 ] && grep -q "in use by another fundsim (pid $pid)" "$TMP/second.err" && ok \
    || fail "a run into a running compare's base/: exit $rc: $(cat "$TMP/second.err")"
wait "$pid" && ok || fail "the compare: exit $?: $(cat "$TMP/cmp.err")"
[ -z "$(hidden "$TMP/cmp")$(hidden "$TMP/cmp/base")$(hidden "$TMP/cmp/alt")" ] && ok \
    || fail "compare: hidden files left"

# --- 1b. fifty concurrent pairs never leave a mixed set -----------------------
for s in 11 22; do
    "$FUNDSIM" run "${A[@]}" --seed $s --out "$TMP/ref$s" || fail "reference run seed $s"
done
mixed=0
refused=0
both=0
for i in $(seq 1 50); do
    OUT=$TMP/pair
    rm -rf "$OUT"
    "$FUNDSIM" run "${A[@]}" --seed 11 --out "$OUT" 2>"$TMP/e11" &
    p1=$!
    "$FUNDSIM" run "${A[@]}" --seed 22 --out "$OUT" 2>"$TMP/e22" &
    p2=$!
    wait $p1
    r11=$?
    wait $p2
    r22=$?
    winner=
    for s in 11 22; do
        eval "r=\$r$s"
        if [ "$r" -eq 0 ]; then
            winner=$s
        elif [ "$r" -eq 1 ] && grep -q 'is in use by another fundsim' "$TMP/e$s"; then
            refused=$((refused + 1))
        else
            fail "pair $i: seed $s: exit $r: $(cat "$TMP/e$s")"
        fi
    done
    [ "$r11" -eq 0 ] && [ "$r22" -eq 0 ] && both=$((both + 1)) && winner=
    # One complete set, every file from one run, run.json of that run.
    S=$(seed_of "$OUT/run.json")
    bad=
    [ -n "$winner" ] && [ "$S" != "$winner" ] && bad="run.json is seed $S, the successful run $winner"
    for f in "${SETS[@]}"; do
        cmp -s "$OUT/$f" "$TMP/ref$S/$f" 2>/dev/null || bad="$bad $f is not seed ${S:-?}'s"
    done
    [ -n "$(hidden "$OUT")" ] && bad="$bad hidden files left: $(hidden "$OUT")"
    if [ -n "$bad" ]; then
        mixed=$((mixed + 1))
        fail "pair $i: mixed or incomplete set: $bad"
    fi
done
echo "50 concurrent pairs: $mixed mixed, $refused refused, $both with both runs done one after the other"
[ "$mixed" -eq 0 ] && ok

# --- 2. all or nothing --------------------------------------------------------
# run: the last file's final name is a directory: exit 1, every old file
# byte-identical, nothing hidden left.
OUT=$TMP/d4
"$FUNDSIM" run "${A[@]}" --seed 1 --out "$OUT" || fail "d4: first run"
rm "$OUT/run.json" && mkdir -p "$OUT/run.json/x"
cp -a "$OUT" "$TMP/d4.before"
"$FUNDSIM" run "${A[@]}" --seed 2 --out "$OUT" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 1 ] && ok || fail "d4: exit $rc, want 1"
grep -q 'run.json: it is a directory' "$TMP/err" && ok || fail "d4: message: $(cat "$TMP/err")"
diff -r "$TMP/d4.before" "$OUT" >/dev/null && ok || fail "d4: old files replaced: $(diff -rq "$TMP/d4.before" "$OUT")"

# compare: compare.json a directory: base/, alt/ and the top unchanged.
OUT=$TMP/d4c
CMPA=("$TINY" --set enrollment.base_rate=0.9 --reps 5 --years 2 -q)
"$FUNDSIM" compare "${CMPA[@]}" --seed 1 --out "$OUT" || fail "d4c: first compare"
rm "$OUT/compare.json" && mkdir -p "$OUT/compare.json/x"
cp -a "$OUT" "$TMP/d4c.before"
"$FUNDSIM" compare "${CMPA[@]}" --seed 2 --out "$OUT" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 1 ] && ok || fail "d4c: exit $rc, want 1"
diff -r "$TMP/d4c.before" "$OUT" >/dev/null && ok \
    || fail "d4c: old files replaced: $(diff -rq "$TMP/d4c.before" "$OUT")"

# A stale name held by something that is not a file of ours (a directory
# summary.xlsx, a run without --xlsx): left alone, the run succeeds.
OUT=$TMP/stale
mkdir -p "$OUT/summary.xlsx/x"
"$FUNDSIM" run "${A[@]}" --out "$OUT" 2>"$TMP/err" && ok \
    || fail "a directory at a stale name failed the run: $(cat "$TMP/err")"
[ -s "$OUT/run.json" ] && [ -d "$OUT/summary.xlsx/x" ] && ok || fail "stale: files"

# Killed (SIGTERM) at a random moment, 12 times, with two threads, over an
# earlier result: the folder holds the old set or the new one, never a
# mix; the next run into it succeeds and leaves no hidden file.
KA=("$TINY" --reps 200 --years 5 --keep-reps --threads 2 -q)
"$FUNDSIM" run "${KA[@]}" --seed 1 --out "$TMP/k1" || fail "kill: reference 1"
"$FUNDSIM" run "${KA[@]}" --seed 2 --out "$TMP/k2" || fail "kill: reference 2"
t0=$(now)
"$FUNDSIM" run "${KA[@]}" --seed 2 --out "$TMP/ktime"
ms=$(awk -v t="$(elapsed "$t0")" 'BEGIN { printf "%d", t * 1000 }')
kinds=
for i in $(seq 1 12); do
    OUT=$TMP/kill
    rm -rf "$OUT"
    cp -a "$TMP/k1" "$OUT"
    "$FUNDSIM" run "${KA[@]}" --seed 2 --out "$OUT" 2>/dev/null &
    pid=$!
    sleep "$(awk -v ms="$ms" -v r="$RANDOM" 'BEGIN { printf "%.3f", ms * (0.5 + r / 32768) / 1000 }')"
    kill -TERM "$pid" 2>/dev/null
    wait "$pid"
    S=$(seed_of "$OUT/run.json")
    for f in summary.csv groups.csv replications.csv; do
        cmp -s "$OUT/$f" "$TMP/k$S/$f" 2>/dev/null || fail "kill $i: $f is not seed ${S:-?}'s (run.json)"
    done
    kinds="$kinds$S"
    "$FUNDSIM" run "${KA[@]}" --seed 2 --out "$OUT" 2>"$TMP/err" || fail "kill $i: next run: $(cat "$TMP/err")"
    [ -z "$(hidden "$OUT")" ] || fail "kill $i: the next run left hidden files: $(hidden "$OUT")"
done
echo "killed runs: old set kept $(echo "$kinds" | tr -cd 1 | wc -c) times, new set complete $(echo "$kinds" | tr -cd 2 | wc -c) times"
ok

# --- 3. leftovers ---------------------------------------------------------------
# An interrupted run's temporaries, named by PID 1 (fundsim in a container):
# a run in a PID namespace (PID 1 again) succeeds and removes them.
OUT=$TMP/pid1
mkdir -p "$OUT"
printf 'half' >"$OUT/.summary.csv.tmp.1"
printf 'half' >"$OUT/.replications.csv.tmp.1"
printf 'book' >"$OUT/.fundsim-xlsx.tmp.AbC123"
if [ "$(id -u)" -eq 0 ] && unshare -fp true 2>/dev/null; then
    unshare -fp "$FUNDSIM" run "${A[@]}" --out "$OUT" 2>"$TMP/err"
    rc=$?
    [ "$rc" -eq 0 ] && ok || fail "a run as PID 1 with a leftover .summary.csv.tmp.1: exit $rc: $(cat "$TMP/err")"
else
    echo "note: not root or no unshare: the leftovers are removed by a plain run"
    "$FUNDSIM" run "${A[@]}" --out "$OUT" 2>"$TMP/err" || fail "leftovers: run failed: $(cat "$TMP/err")"
fi
[ -z "$(hidden "$OUT")" ] && ok || fail "leftovers not removed: $(hidden "$OUT")"
[ -s "$OUT/summary.csv" ] && ok || fail "pid1: no summary.csv"

# The workbook's temporary lives in the output folder, not in $TMPDIR: a
# $TMPDIR that does not exist does not matter, and nothing is left.
TMPDIR="$TMP/no-such-dir" "$FUNDSIM" run "${A[@]}" --xlsx --out "$TMP/book" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 0 ] && [ -s "$TMP/book/summary.xlsx" ] && ok \
    || fail "run --xlsx with a missing \$TMPDIR: exit $rc: $(cat "$TMP/err")"
[ -z "$(hidden "$TMP/book")" ] && ok || fail "xlsx: hidden files left: $(hidden "$TMP/book")"

# --- 4. a bad --out fails before simulating ------------------------------------
# Each command would compute for many seconds; a regular file in the way of
# its folder is reported at once.
echo x >"$TMP/afile"
W=scenarios/wenshui-2023.yaml
HEAVY=(--reps 40 --years 30 --threads 1 -q)
bad_out() { # NAME -- command...
    local name=$1
    shift 2
    local t0 rc dt
    t0=$(now)
    "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    dt=$(elapsed "$t0")
    echo "bad --out: $name: exit $rc after $dt s"
    [ "$rc" -eq 1 ] && ok || fail "bad --out: $name: exit $rc, want 1"
    grep -q 'afile' "$TMP/err" && ok || fail "bad --out: $name: message: $(cat "$TMP/err")"
    awk -v t="$dt" 'BEGIN { exit !(t < 1.0) }' && ok || fail "bad --out: $name: reported after $dt s (>= 1 s)"
}
bad_out run -- "$FUNDSIM" run "$W" "${HEAVY[@]}" --out "$TMP/afile"
bad_out "run below a file" -- "$FUNDSIM" run "$W" "${HEAVY[@]}" --out "$TMP/afile/sub"
bad_out compare -- "$FUNDSIM" compare "$W" --set enrollment.base_rate=0.9 "${HEAVY[@]}" \
    --out "$TMP/afile"
bad_out sweep -- "$FUNDSIM" sweep "$W" --vary 'tiers[0].contribution+=0:40:10' "${HEAVY[@]}" \
    --out "$TMP/afile"
bad_out solve -- "$FUNDSIM" solve "$W" --vary 'tiers[0].contribution+=0:400' \
    --target 'surplus_rate@2024 >= 0.05' "${HEAVY[@]}" --out "$TMP/afile"
bad_out calibrate -- "$FUNDSIM" calibrate scenarios/national-2021.yaml --reps 400 --threads 1 -q \
    --out "$TMP/afile"
[ "$(cat "$TMP/afile")" = x ] && ok || fail "the file in the way was changed"

# --- 5. check's own output ------------------------------------------------------
if [ -w /dev/full ]; then
    sh -c "'$FUNDSIM' check '$TINY' >/dev/full" 2>"$TMP/err"
    rc=$?
    [ "$rc" -eq 1 ] && ok || fail "check >/dev/full: exit $rc, want 1"
fi

echo "test_outdir: $checks passed, $fails failed"
[ "$fails" -eq 0 ]
