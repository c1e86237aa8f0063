#!/usr/bin/env bash
# tests/test_cli.sh -- the fundsim command line: help, version, exit codes,
# `check` on the example scenarios and the bad corpus, `show`, and `run`
# writing a complete output directory.
# Usage (from the repository root): bash tests/test_cli.sh path/to/fundsim
set -u
FUNDSIM=${1:?usage: test_cli.sh path/to/fundsim}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
cd "$(dirname "$0")/.."

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_cli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fails=0
checks=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { checks=$((checks + 1)); }

# expect_exit WANT DESCRIPTION -- cmd...: runs cmd, stdout/stderr to $TMP/out, $TMP/err.
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

# Small scenario: the bundled default if it exists, else our fixture.
SMALL=tests/cli/small.yaml
if [ -f scenarios/wenshui-2023.yaml ]; then
    SMALL=scenarios/wenshui-2023.yaml
fi
RUNARGS=(--reps 20 --years 3)
# Metrics in fundsim.h's FS_METRICS list.
NMETRICS=$(grep -cE '^[[:space:]]*X\([A-Z_]+, "' include/fundsim.h)

# --- help and version ------------------------------------------------------
expect_exit 0 "--help" -- "$FUNDSIM" --help
grep -q '^usage: fundsim' "$TMP/out" || fail "--help does not print usage on stdout"
[ -s "$TMP/err" ] && fail "--help writes to stderr"
expect_exit 0 "-h" -- "$FUNDSIM" -h
expect_exit 0 "--version" -- "$FUNDSIM" --version
grep -Eq '^fundsim [0-9]+\.[0-9]+\.[0-9]+ \(git .+\)$' "$TMP/out" || fail "--version: $(head -1 "$TMP/out")"
grep -Eq '^mpi: (yes|no)$' "$TMP/out" || fail "--version has no mpi: line"
for cmd in check show run; do
    expect_exit 0 "$cmd --help" -- "$FUNDSIM" "$cmd" --help
    grep -q "^usage: fundsim $cmd" "$TMP/out" || fail "$cmd --help does not print its usage"
    expect_exit 0 "help $cmd" -- "$FUNDSIM" help "$cmd"
done

# --- misuse: exit 2, message on stderr, nothing on stdout ------------------
expect_exit 2 "no arguments" -- "$FUNDSIM"
grep -q 'usage' "$TMP/err" || fail "no arguments: no usage on stderr"
expect_exit 2 "unknown command" -- "$FUNDSIM" frobnicate
grep -q "unknown command 'frobnicate'" "$TMP/err" || fail "unknown command: message: $(cat "$TMP/err")"
[ -s "$TMP/out" ] && fail "unknown command writes to stdout"
expect_exit 2 "unknown global option" -- "$FUNDSIM" --frobnicate
expect_exit 2 "check without files" -- "$FUNDSIM" check
expect_exit 2 "run without scenario" -- "$FUNDSIM" run
expect_exit 2 "run unknown option" -- "$FUNDSIM" run "$SMALL" --frobnicate
expect_exit 2 "run option without value" -- "$FUNDSIM" run "$SMALL" --reps
for bad in 0 -1 abc 1x "" " 5" 99999999999999999999 +3; do
    expect_exit 2 "--reps '$bad'" -- "$FUNDSIM" run "$SMALL" --reps "$bad" --out "$TMP/never"
    grep -q -- '--reps' "$TMP/err" || fail "--reps '$bad': message does not name the option"
done
expect_exit 2 "--seed -1" -- "$FUNDSIM" run "$SMALL" --seed -1 --out "$TMP/never"
expect_exit 2 "--seed 2^64" -- "$FUNDSIM" run "$SMALL" --seed 18446744073709551616 --out "$TMP/never"
expect_exit 2 "--years 0" -- "$FUNDSIM" run "$SMALL" --years 0 --out "$TMP/never"
expect_exit 2 "--threads -2" -- "$FUNDSIM" run "$SMALL" --threads -2 --out "$TMP/never"
expect_exit 2 "--mode fast" -- "$FUNDSIM" run "$SMALL" --mode fast --out "$TMP/never"
expect_exit 2 "show --year 12" -- "$FUNDSIM" show "$SMALL" --year 12
[ -e "$TMP/never" ] && fail "a rejected run created its output directory"

# --- check: the example scenarios are valid --------------------------------
shopt -s nullglob
examples=(scenarios/*.yaml)
[ ${#examples[@]} -eq 0 ] && echo "note: no scenarios/*.yaml yet"
for f in "${examples[@]}" "$SMALL"; do
    expect_exit 0 "check $f" -- "$FUNDSIM" check "$f"
    grep -qx "$f: ok.*" "$TMP/out" || fail "check $f: stdout is '$(cat "$TMP/out")'"
done
if [ ${#examples[@]} -gt 0 ]; then
    expect_exit 0 "check all examples at once" -- "$FUNDSIM" check "${examples[@]}"
    [ "$(wc -l <"$TMP/out")" -eq ${#examples[@]} ] || fail "check of ${#examples[@]} files: $(wc -l <"$TMP/out") ok lines"
fi

# --- check: the bad corpus, each with its expected first diagnostic -------
# First line `# expect: LINE:COL: PATH: MSG` (an error: exit 2) or
# `# expect: LINE:COL: warning: PATH: MSG` (a warning only: exit 0, `ok`).
# stderr must contain that line prefixed with the file's path; `# expect: @FILE:LINE:...`
# names the file the diagnostic is in (a data file), relative to tests/scenarios/bad.
bad=(tests/scenarios/bad/*.yaml)
[ ${#bad[@]} -eq 0 ] && echo "note: no tests/scenarios/bad/*.yaml yet"
pending=0
for f in "${bad[@]}"; do
    expect=$(sed -n '1s/^# expect: //p' "$f")
    if [ -z "$expect" ]; then
        fail "$f: first line is not '# expect: ...'"
        continue
    fi
    if [ "$expect" = TBD ]; then
        pending=$((pending + 1))
        continue
    fi
    case "$expect" in
    *": warning: "*) want=0 ;;
    *"cannot read"*) want=1 ;; # a missing extends:/data file is an I/O error (FS_EIO)
    *) want=2 ;;
    esac
    expect_exit $want "check $f" -- "$FUNDSIM" check "$f"
    case "$expect" in
    @*) where="tests/scenarios/bad/${expect#@}" ;;
    *) where="$f:$expect" ;;
    esac
    if ! grep -qF -- "$where" "$TMP/err"; then
        fail "check $f: stderr lacks '$where'; got:"
        sed 's/^/    /' "$TMP/err" | head -5
    fi
    if [ $want -ne 0 ]; then
        grep -q ': ok' "$TMP/out" && fail "check $f printed ok"
        expect_exit $want "run $f" -- "$FUNDSIM" run "$f" --reps 2 --out "$TMP/bad-run"
        [ -e "$TMP/bad-run" ] && fail "run $f created its output directory"
    else
        grep -qx "$f: ok (.*warning.*)" "$TMP/out" || fail "check $f: stdout '$(cat "$TMP/out")'"
    fi
done
[ $pending -gt 0 ] && echo "note: $pending corpus files still say '# expect: TBD' (skipped)"
if [ ${#bad[@]} -gt 0 ] && [ ${#examples[@]} -gt 0 ]; then
    # Mixed: invalid wins over valid (2); an unreadable file wins over both (1).
    badone=""
    for f in "${bad[@]}"; do
        case "$(head -1 "$f")" in *TBD* | *": warning: "* | *"cannot read"*) ;; *) badone=$f; break ;; esac
    done
    if [ -n "$badone" ]; then
        expect_exit 2 "check valid + invalid" -- "$FUNDSIM" check tests/cli/small.yaml "$badone"
        grep -qx "tests/cli/small.yaml: ok.*" "$TMP/out" || fail "check valid + invalid: valid file not reported ok"
        expect_exit 1 "check invalid + missing" -- "$FUNDSIM" check "$badone" "$TMP/missing.yaml"
    fi
fi

# --- missing / unreadable files: exit 1 -------------------------------------
expect_exit 1 "check missing file" -- "$FUNDSIM" check "$TMP/missing.yaml"
grep -qF "$TMP/missing.yaml" "$TMP/err" || fail "check missing file: stderr does not name it"
expect_exit 1 "show missing file" -- "$FUNDSIM" show "$TMP/missing.yaml"
expect_exit 1 "run missing file" -- "$FUNDSIM" run "$TMP/missing.yaml" --out "$TMP/never2"
[ -e "$TMP/never2" ] && fail "run of a missing file created its output directory"

# --- show -------------------------------------------------------------------
expect_exit 0 "show $SMALL" -- "$FUNDSIM" show "$SMALL"
grep -Eq '^PATH +名称 +VALUE +UNIT +REF +ORIGIN$' "$TMP/out" || fail "show: no table header"
# Each key's Chinese label from the schema, and "no limit" shown as a default .inf.
grep -Eq '^financing\.fiscal_subsidy +财政补助标准 ' "$TMP/out" || fail "show: no label for fiscal_subsidy"
grep -Eq '^assistance\.alert_line +因病返贫致贫风险预警线 +inf +元 +default$' "$TMP/out" ||
    fail "show: alert_line is not shown as its default .inf"
[ "$(wc -l <"$TMP/out")" -gt 5 ] || fail "show: fewer than 4 parameters"
grep -q '2023' "$TMP/out" || fail "show: default year is not named"
expect_exit 0 "show --year 2025" -- "$FUNDSIM" show "$SMALL" --year 2025
grep -q 'policy year 2025' "$TMP/out" || fail "show --year 2025: year not shown"

# --- run --------------------------------------------------------------------
OUT="$TMP/run/nested/dir"
expect_exit 0 "run $SMALL" -- "$FUNDSIM" run "$SMALL" "${RUNARGS[@]}" --out "$OUT"
grep -qF "$OUT" "$TMP/out" || fail "run does not say where the results are"
if [ -f "$OUT/summary.csv" ]; then
    [ "$(head -1 "$OUT/summary.csv")" = "scenario,year,metric,mean,se,sd,p05,p25,p50,p75,p95" ] ||
        fail "summary.csv header: $(head -1 "$OUT/summary.csv")"
    rows=$(wc -l <"$OUT/summary.csv")
    [ "$rows" -eq $((3 * NMETRICS + 1)) ] || fail "summary.csv: $rows lines, want $((3 * NMETRICS + 1))"
    # Years outer, metrics in enum order: the first rows are year 1's.
    sed -n '2p' "$OUT/summary.csv" | grep -q ',enrollees,' || fail "summary.csv: first row is not enrollees"
    awk -F, 'NR > 1 && NF != 11 { bad = 1 } END { exit bad }' "$OUT/summary.csv" ||
        fail "summary.csv: a row has not 11 fields"
    grep -Eq '[0-9][eE][-+]?[0-9]' "$OUT/summary.csv" && fail "summary.csv: exponent notation"
    grep -qi 'nan\|inf' "$OUT/summary.csv" && fail "summary.csv: nan/inf printed"
else
    fail "run wrote no summary.csv"
fi
# groups.csv: years x (the scenario's groups + the ordinary residents) x
# tiers x 18 quantities (fs_group_quantity), groups and tiers counted from `show`.
"$FUNDSIM" show "$SMALL" >"$TMP/show" 2>/dev/null || fail "show $SMALL for the group count"
NGROUPS=$(grep -cE '^groups\[[0-9]+\]\.name ' "$TMP/show")
NTIERS=$(grep -cE '^tiers\[[0-9]+\]\.name ' "$TMP/show")
[ "$NTIERS" -ge 1 ] || NTIERS=1
NGQ=18
if [ -f "$OUT/groups.csv" ]; then
    [ "$(head -1 "$OUT/groups.csv")" = "scenario,year,group_id,group,tier_id,tier,quantity,mean,se,sd,p05,p25,p50,p75,p95" ] ||
        fail "groups.csv header: $(head -1 "$OUT/groups.csv")"
    rows=$(wc -l <"$OUT/groups.csv")
    want=$((3 * (NGROUPS + 1) * NTIERS * NGQ + 1))
    [ "$rows" -eq "$want" ] ||
        fail "groups.csv: $rows lines, want $want ($NGROUPS groups + ordinary, $NTIERS tiers)"
    sed -n '2p' "$OUT/groups.csv" | grep -q ',enrollees,' || fail "groups.csv: first row is not enrollees"
    grep -q ',ordinary,普通居民 ordinary,tier1,' "$OUT/groups.csv" || fail "groups.csv: no ordinary group"
    awk -F, 'NR > 1 && NF != 15 { bad = 1 } END { exit bad }' "$OUT/groups.csv" ||
        fail "groups.csv: a row has not 15 fields"
    grep -Eq '[0-9][eE][-+]?[0-9]' "$OUT/groups.csv" && fail "groups.csv: exponent notation"
    grep -qi 'nan\|inf' "$OUT/groups.csv" && fail "groups.csv: nan/inf printed"
    # The means of enrollees over groups and tiers add up to summary.csv's.
    for y in 1 2 3; do
        yr=$(awk -F, -v n=$((y + 1)) 'NR == n { print $2 }' "$OUT/summary.csv")
        s=$(awk -F, -v yr="$yr" '$2 == yr && $7 == "enrollees" { s += $8 } END { printf "%.6f", s }' "$OUT/groups.csv")
        e=$(awk -F, -v yr="$yr" '$2 == yr && $3 == "enrollees" { printf "%.6f", $4 }' "$OUT/summary.csv")
        awk -v a="$s" -v b="$e" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-6 * (b > 0 ? b : 1)) }' ||
            fail "groups.csv: enrollees of $yr add up to $s, summary.csv says $e"
    done
    grep -q '"groups.csv"' "$OUT/run.json" || fail "run.json does not list groups.csv"
else
    fail "run wrote no groups.csv"
fi
[ -f "$OUT/run.json" ] || fail "run wrote no run.json"
[ -e "$OUT/replications.csv" ] && fail "replications.csv without --keep-reps"
ls -A "$OUT" | grep -q '\.tmp\.' && fail "temporaries left in $OUT"
if [ -f "$OUT/run.json" ] && command -v python3 >/dev/null; then
    python3 - "$OUT/run.json" "$SMALL" <<'EOF' || fail "run.json content"
import hashlib, json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
for k in ("fundsim_version", "git", "scenario", "files", "seed", "replications", "years",
          "start_year", "mode", "threads", "ranks", "wall_seconds", "enrollee_years", "generator"):
    assert k in j, "missing " + k
assert j["replications"] == 20 and j["years"] == 3, (j["replications"], j["years"])
assert j["generator"] == "philox4x32-10"
assert j["mode"] in ("exact", "sample")
assert j["files"], "no files"
first = j["files"][0]
assert first["path"].endswith(sys.argv[2].split("/")[-1]), first
for f in j["files"]:
    want = hashlib.sha256(open(f["path"], "rb").read()).hexdigest()
    assert f["sha256"] == want, (f, want)
EOF
fi

# run.json records what ran, from the library: the threads used (never more
# than the replications), the mode the scenario asked for when --mode is not
# given, and the output files from the one table of outputs.
expect_exit 0 "run --reps 2 --threads 8" -- "$FUNDSIM" run tests/cli/small.yaml --reps 2 --years 1 \
    --threads 8 --quiet --out "$TMP/thr"
if [ -f "$TMP/thr/run.json" ]; then
    grep -q '"threads": 2,' "$TMP/thr/run.json" || fail "run.json: $(grep '"threads"' "$TMP/thr/run.json"), want 2"
    grep -q '"mode_requested": "exact",' "$TMP/thr/run.json" ||
        fail "run.json: mode_requested is not the scenario's simulation.mode (exact)"
    grep -q '"outputs": \["summary.csv", "groups.csv", "metrics.csv", "run.json"\],' "$TMP/thr/run.json" ||
        fail "run.json: outputs list"
    ok
fi

# --keep-reps, and a re-run into the same directory replaces the files.
expect_exit 0 "run --keep-reps" -- "$FUNDSIM" run "$SMALL" "${RUNARGS[@]}" --keep-reps --quiet --out "$OUT"
[ -s "$TMP/out" ] && fail "--quiet printed: $(cat "$TMP/out")"
if [ -f "$OUT/replications.csv" ]; then
    [ "$(head -1 "$OUT/replications.csv")" = "scenario,rep,year,metric,value" ] || fail "replications.csv header"
    rows=$(wc -l <"$OUT/replications.csv")
    [ "$rows" -eq $((20 * 3 * NMETRICS + 1)) ] || fail "replications.csv: $rows lines, want $((20 * 3 * NMETRICS + 1))"
    sed -n '2p' "$OUT/replications.csv" | grep -q '^[^,]*,0,' || fail "replications.csv: reps not numbered from 0"
else
    fail "--keep-reps wrote no replications.csv"
fi
expect_exit 0 "run again without --keep-reps" -- "$FUNDSIM" run "$SMALL" "${RUNARGS[@]}" --quiet --out "$OUT"
[ -e "$OUT/replications.csv" ] && fail "a stale replications.csv survived a run without --keep-reps"

# Default directory: results/<scenario name>, relative to the working dir.
mkdir -p "$TMP/cwd"
abs_small=$(pwd)/$SMALL
(cd "$TMP/cwd" && "$FUNDSIM" run "$abs_small" --reps 2 --years 1 --quiet) >"$TMP/out" 2>"$TMP/err" ||
    fail "run with the default directory: $(cat "$TMP/err")"
ls "$TMP"/cwd/results/*/summary.csv >/dev/null 2>&1 || fail "default directory results/<name> not used"

# A county ledger of a municipal pool (fund.pooling: ledger, Pengshui): the status line and
# run.json say so; the balance-based metrics are empty fields (never "nan"); the net
# transfer to the pool is there.
expect_exit 0 "run a county ledger" -- "$FUNDSIM" run scenarios/pengshui-2023.yaml --reps 3 --years 2 --mode sample --out "$TMP/ledger"
grep -q "fund.pooling: ledger" "$TMP/out" || fail "ledger: no headline line"
grep -q '"pooling": "ledger"' "$TMP/ledger/run.json" || fail "ledger: run.json lacks pooling"
grep -q ',2024,balance,,,,,,,,$' "$TMP/ledger/summary.csv" || fail "ledger: balance is not empty"
grep -q ',2024,pool_net_transfer_cum,-\?[0-9]' "$TMP/ledger/summary.csv" || fail "ledger: no net transfer"
grep -qi 'nan' "$TMP/ledger/summary.csv" && fail "ledger: nan in summary.csv"
ok

# Unwritable output: exit 1, and nothing half-written.
touch "$TMP/plainfile"
expect_exit 1 "run --out under a file" -- "$FUNDSIM" run "$SMALL" --reps 2 --years 1 --out "$TMP/plainfile/sub"
if [ "$(id -u)" -ne 0 ]; then
    mkdir -p "$TMP/ro" && chmod 555 "$TMP/ro"
    expect_exit 1 "run --out read-only" -- "$FUNDSIM" run "$SMALL" --reps 2 --years 1 --out "$TMP/ro"
    [ -z "$(ls -A "$TMP/ro")" ] || fail "read-only dir got files"
fi
if [ -w /dev/full ]; then
    expect_exit 1 "show to a full disk" -- sh -c "'$FUNDSIM' show '$SMALL' >/dev/full"
fi

echo "test_cli: $checks checks passed, $fails failed"
[ "$fails" -eq 0 ]
