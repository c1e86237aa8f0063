#!/usr/bin/env bash
# tests/test_progress.sh -- what a person at a terminal sees while and after
# `fundsim run` (and compare, calibrate) simulates: the progress line on stderr, drawn
# only when stderr is a terminal (tested under util-linux `script`, which
# gives the command a pseudo-terminal) and never into a file or a pipe or
# with --quiet, and no change to any output file; then the headline, whose
# figures are those of summary.csv (parsed here and compared).
# Usage (from the repository root): bash tests/test_progress.sh path/to/fundsim
set -u
FUNDSIM=${1:?usage: test_progress.sh path/to/fundsim}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
cd "$(dirname "$0")/.."
export LC_ALL=C SHELL=/bin/sh

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_progress.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fails=0
checks=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if "$@"; then checks=$((checks + 1)); else fail "${what:-check}: $*"; fi; }

command -v script >/dev/null || { echo "FAIL: util-linux script (Debian bsdutils) not found"; exit 1; }

# on_tty CMD: runs the shell command CMD with a pseudo-terminal as its stdin,
# stdout and stderr; prints what the terminal received.
on_tty() { script -qfec "$1" /dev/null </dev/null; }

SC=scenarios/national-2021.yaml
ARGS="--reps 30 --years 4 --seed 11 --threads 1"

# 1. On a terminal: the line is drawn (\r, "N/30 reps"), redrawn with a rate
#    and an ETA at least once (30 replications on one thread take > 0.25 s),
#    ends at most at 29/30 and is erased (blanks, \r) before the headline.
what="terminal"
on_tty "$FUNDSIM run $SC $ARGS --out $TMP/tty" >"$TMP/tty.txt"
check grep -aq $'\rfundsim run: national-2021.yaml: 0/30 reps' "$TMP/tty.txt"
check grep -aqE 'fundsim run: national-2021.yaml: [0-9]+/30 reps, [0-9.]+ reps/s, ETA [0-9]+ s' "$TMP/tty.txt"
check grep -aqE $'\r +\rfundsim: national-2021' "$TMP/tty.txt"
check grep -aq "结果文件：$TMP/tty/" "$TMP/tty.txt"
[ -f "$TMP/tty/summary.csv" ] || fail "terminal: no summary.csv"

# 2. stderr to a file: not one byte of progress there or on the terminal.
what="stderr to a file"
on_tty "$FUNDSIM run $SC $ARGS --out $TMP/file 2>$TMP/err.txt" >"$TMP/file.txt"
check test ! -s "$TMP/err.txt"
check grep -aq "截至 2024 年累计结余耗尽概率" "$TMP/file.txt"
check sh -c "! grep -aq reps '$TMP/file.txt'"

# 3. stderr (and stdout) into a pipe: no progress bytes.
what="pipe"
on_tty "$FUNDSIM run $SC $ARGS --out $TMP/pipe 2>&1 | cat >$TMP/pipe.txt" >/dev/null
check grep -aq "fundsim: national-2021" "$TMP/pipe.txt"
check sh -c "! grep -aq reps '$TMP/pipe.txt'"
check sh -c "! grep -aq \$(printf '\\r') '$TMP/pipe.txt'"
"$FUNDSIM" run $SC $ARGS --out "$TMP/plain" >"$TMP/plain.out" 2>"$TMP/plain.err"
check test ! -s "$TMP/plain.err"

# 4. --quiet on a terminal: nothing at all.
what="--quiet"
on_tty "$FUNDSIM run $SC $ARGS --out $TMP/quiet --quiet" >"$TMP/quiet.txt"
check test ! -s "$TMP/quiet.txt"

# 5. The progress line changes no output file: same bytes with and without a terminal.
what="same files"
for f in summary.csv groups.csv; do
    for d in file pipe plain quiet; do
        check cmp -s "$TMP/tty/$f" "$TMP/$d/$f"
    done
done

# 6. The headline's figures are summary.csv's: the mean surplus rate of the
#    first and last year (in %, one decimal), their verdict on fund.target_band
#    (0..10% in national-2021) and P(depleted by) the horizon.
mean() { awk -F, -v y="$2" -v m="$3" '$2 == y && $3 == m { print $4 }' "$1/summary.csv"; }
pct() { awk -v x="$1" 'BEGIN { printf "%.1f", 100 * x }'; }
verdict() { awk -v x="$1" -v zh="$2" 'BEGIN { w = x < 0 ? "below" : x > 0.1 ? "above" : "inside";
    if (zh) w = (w == "below" ? "低于" : w == "above" ? "高于" : "处于"); print w }'; }
S=$TMP/plain
r0=$(mean "$S" 2021 surplus_rate); r1=$(mean "$S" 2024 surplus_rate); p=$(mean "$S" 2024 prob_depleted_by)
what="headline zh"
check grep -q "^fundsim: national-2021：30 次模拟 × 4 年，用时 [0-9.]* 秒$" "$TMP/plain.out"
check grep -qF "当期结余率（均值）2021 年 $(pct "$r0")%（$(verdict "$r0" 1)略有结余区间 0%～10%）；2024 年 $(pct "$r1")%（$(verdict "$r1" 1)略有结余区间 0%～10%）" "$TMP/plain.out"
check grep -qF "截至 2024 年累计结余耗尽概率：$(pct "$p")%" "$TMP/plain.out"
check grep -qF "结果文件：$TMP/plain/（summary.csv, groups.csv, metrics.csv, run.json）" "$TMP/plain.out"
check test "$(wc -l <"$TMP/plain.out")" -eq 4
what="headline en"
"$FUNDSIM" run $SC $ARGS --out "$TMP/en" --lang en >"$TMP/en.out" 2>&1
check grep -q "^fundsim: national-2021: 30 replications x 4 years in [0-9.]* s$" "$TMP/en.out"
check grep -qF "surplus rate (mean) 2021: $(pct "$r0")% ($(verdict "$r0" 0) the small-surplus band 略有结余 0%..10%); 2024: $(pct "$r1")% ($(verdict "$r1" 0) the small-surplus band" "$TMP/en.out"
check grep -qF "P(depleted by 2024): $(pct "$p")%" "$TMP/en.out"
check grep -qF "files: $TMP/en/ (summary.csv, groups.csv, metrics.csv, run.json)" "$TMP/en.out"
what="--lang"
"$FUNDSIM" run $SC --lang fr --out "$TMP/fr" >/dev/null 2>"$TMP/fr.err"
check test $? -eq 2
check grep -q "lang must be zh or en" "$TMP/fr.err"
"$FUNDSIM" calibrate $SC --lang en --out "$TMP/fr" >/dev/null 2>"$TMP/fr.err"
check test $? -eq 2
check grep -q "option of run, compare, sweep and solve" "$TMP/fr.err"

# 7. A county ledger (fund.pooling: ledger): no depletion figure (empty in
#    summary.csv) but the net transfer to the pool over the horizon.
what="headline ledger"
L=$TMP/ledger
"$FUNDSIM" run scenarios/pengshui-2023.yaml --reps 3 --years 2 --mode sample --out "$L" >"$TMP/l.out" 2>&1
"$FUNDSIM" run scenarios/pengshui-2023.yaml --reps 3 --years 2 --mode sample --out "$L" --lang en >"$TMP/l_en.out" 2>&1
t=$(mean "$L" 2024 pool_net_transfer_cum)
check test -z "$(mean "$L" 2024 prob_depleted_by)"
check grep -qF "2023—2024 年累计向统筹基金净上解（均值）$(awk -v x="$t" 'BEGIN { printf "%.1f", x / 1e4 }') 万元" "$TMP/l.out"
check grep -qF "net transfer to the pool 2023-2024 (mean): $(awk -v x="$t" 'BEGIN { printf "%.2f", x / 1e6 }') million yuan" "$TMP/l_en.out"
check sh -c "! grep -q 耗尽 '$TMP/l.out'"
check grep -qF "2023 年 $(pct "$(mean "$L" 2023 surplus_rate)")%；2024 年 $(pct "$(mean "$L" 2024 surplus_rate)")%" "$TMP/l.out"

# 8. compare draws a line per scenario it simulates, on a terminal only.
what="compare"
on_tty "$FUNDSIM compare $SC scenarios/national-2021.yaml --reps 4 --years 2 --out $TMP/cmp --set financing.fiscal_subsidy+=10" >"$TMP/cmp.txt" 2>&1
check grep -aq $'\rfundsim compare: national-2021.yaml: 0/4 reps' "$TMP/cmp.txt"
"$FUNDSIM" compare $SC $SC --reps 4 --years 2 --out "$TMP/cmp2" >/dev/null 2>"$TMP/cmp.err"
check sh -c "! grep -aq reps '$TMP/cmp.err'"

# 9. calibrate: the line of its runs is erased before each of its stdout lines.
what="calibrate"
on_tty "$FUNDSIM calibrate $SC --reps 10 --out $TMP/cal" >"$TMP/cal.txt"
check grep -aq $'\rfundsim calibrate: national-2021.yaml: 0/10 reps' "$TMP/cal.txt"
check grep -aqE $'\r +\rfundsim calibrate: run 1:' "$TMP/cal.txt"
"$FUNDSIM" calibrate $SC --reps 10 --out "$TMP/cal2" >/dev/null 2>"$TMP/cal.err"
check test ! -s "$TMP/cal.err"

# 10. compare, sweep and solve close with a headline in the chosen language
#     whose figures are those of their files.
what="compare headline"
C=$TMP/cmph
"$FUNDSIM" compare $SC --set financing.fiscal_subsidy+=10 --reps 6 --years 3 --out "$C" >"$TMP/ch.out" 2>&1
"$FUNDSIM" compare $SC --set financing.fiscal_subsidy+=10 --reps 6 --years 3 --out "$C" --lang en >"$TMP/ch_en.out" 2>&1
dcol() { awk -F, -v y="$2" -v m="$3" -v c="$4" '$3 == y && $4 == m { print $c }' "$1/diff.csv"; }
for y in 2021 2023; do
    b=$(pct "$(mean "$C/base" $y surplus_rate)"); a=$(pct "$(mean "$C/alt" $y surplus_rate)")
    d=$(awk -v x="$(dcol "$C" $y surplus_rate 5)" 'BEGIN { printf "%+.2f", 100 * x }')
    se=$(awk -v x="$(dcol "$C" $y surplus_rate 6)" 'BEGIN { printf "%.2f", 100 * x }')
    check grep -qF "$y 年当期结余率（均值）：基准 $b%，方案 $a%，差 $d 个百分点（标准误 $se）" "$TMP/ch.out"
    check grep -qF "surplus rate (mean) $y: base $b%, alternative $a%, difference $d points (se $se)" "$TMP/ch_en.out"
done
check grep -qF "截至 2023 年累计结余耗尽概率：基准 $(pct "$(mean "$C/base" 2023 prob_depleted_by)")%" "$TMP/ch.out"
check grep -qF "结果文件：$C/（diff.csv, params_diff.csv, metrics.csv, compare.json，以及每个方案一个子目录）" "$TMP/ch.out"
what="sweep headline"
W=$TMP/swh
"$FUNDSIM" sweep $SC --vary 'financing.fiscal_subsidy+=0:40:20' --reps 4 --years 2 --out "$W" >"$TMP/sh.out" 2>&1
lo=$(awk -F, '$3 == 2021 && $4 == "surplus_rate" { print $5 }' "$W/sweep.csv" | sort -g | head -1)
hi=$(awk -F, '$3 == 2021 && $4 == "surplus_rate" { print $5 }' "$W/sweep.csv" | sort -g | tail -1)
check grep -qF "2021 年当期结余率（均值）：从 $(pct "$lo")%（financing.fiscal_subsidy += 0）到 $(pct "$hi")%（financing.fiscal_subsidy += 40）" "$TMP/sh.out"
check grep -qE "^  [0-3] / 3 个取值点在 2021 年处于略有结余区间 0%～10%$" "$TMP/sh.out"
what="solve headline"
V=$TMP/svh
"$FUNDSIM" solve $SC --vary 'financing.fiscal_subsidy+=-100:100' --target 'surplus_rate@2021 >= 0.05' --reps 4 --years 1 --out "$V" >"$TMP/vh.out" 2>&1
ov=$(sed -n 's/^  "override": "\(.*\)",$/\1/p' "$V/solve.json")
check test -n "$ov"
check grep -qF "满足 surplus_rate@2021 >= 0.05 的最小值为 $ov（区间 [-100, 100]" "$TMP/vh.out"
check grep -qF "结果文件：$V/（summary.csv, metrics.csv, solved.yaml, solve.json）" "$TMP/vh.out"

echo "test_progress: $checks checks, $fails failures"
[ "$fails" -eq 0 ]
