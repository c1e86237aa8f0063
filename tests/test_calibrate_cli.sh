#!/usr/bin/env bash
# tests/test_calibrate_cli.sh -- `fundsim calibrate` on scenarios/national-2021.yaml:
#   1. from factors reset to their defaults, the fit reproduces every
#      published 2021 figure it targets within calibrate.tolerance (and the
#      checked cost per stay within 1%), and finds the factors written in the
#      scenario again;
#   2. `run` on calibrated.yaml gives the fitted means to the bit in 2021
#      (same seed and replications), and `run` of the bundled scenario with
#      another seed is within 1% of the published figures and within 4
#      standard errors (of the two runs' means) of them;
#   3. run.json records the factors;
#   4. errors: two targets on one factor, a target whose factor moves
#      nothing, an unreachable target, nothing to fit, a base year outside
#      the horizon -- each names the target, writes nothing, exit 1 or 2.
# Usage (from the repository root): bash tests/test_calibrate_cli.sh path/to/fundsim
set -u
FUNDSIM=${1:?usage: test_calibrate_cli.sh path/to/fundsim}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
cd "$(dirname "$0")/.."

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_calibrate.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fails=0
checks=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { checks=$((checks + 1)); }
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
expect_err() { # expect_err WHAT TEXT: stderr names it
    if grep -qF -- "$2" "$TMP/err"; then ok; else
        fail "$1: stderr lacks '$2'"
        sed 's/^/    stderr: /' "$TMP/err" | head -5
    fi
}

NAT=scenarios/national-2021.yaml
RESET=(--set calibrate.factors.population=1 --set calibrate.factors.other_income=0
       --set calibrate.factors.outpatient_use=1 --set calibrate.factors.admissions=1
       --set calibrate.factors.inpatient_ratio=0)

# --- 1. the fit from the defaults -----------------------------------------
expect_exit 0 "calibrate national from defaults" -- \
    "$FUNDSIM" calibrate "$NAT" "${RESET[@]}" --quiet --out "$TMP/cal"
[ -s "$TMP/cal/calibration.json" ] && [ -s "$TMP/cal/calibrated.yaml" ] && ok ||
    fail "calibration.json or calibrated.yaml missing"
python3 - "$TMP/cal/calibration.json" "$NAT" <<'EOF' || fail "calibration.json checks (above)"
import json, re, sys
c = json.load(open(sys.argv[1]))
bad = 0
def no(msg):
    global bad
    print("  " + msg); bad += 1
published = {"enrollees": 1008660000, "income_total": 972448000000, "spend_total": 929637000000,
             "admission_rate": 0.152, "effective_ratio_inpatient": 0.693, "cost_per_admission": 8023,
             "levels[0].cost_per_admission": 3623, "levels[1].cost_per_admission": 6626,
             "levels[2].cost_per_admission": 13942}
seen = {t["target"]: t for t in c["targets"]}
if set(seen) != set(published):
    no("targets %s, want %s" % (sorted(seen), sorted(published)))
for k, v in published.items():
    t = seen.get(k)
    if not t:
        continue
    if t["observed"] != v:
        no("%s observed %r, want %r" % (k, t["observed"], v))
    if abs(t["fitted"] / v - 1) > 0.01:
        no("%s fitted %r: more than 1%% from %r" % (k, t["fitted"], v))
    if t["factor"] != "none" and abs(t["residual"]) > c["tolerance"]:
        no("%s residual %r above the tolerance %r" % (k, t["residual"], c["tolerance"]))
    if abs(t["residual"] - (t["fitted"] / v - 1)) > 1e-12:
        no("%s residual is not fitted/observed - 1" % k)
if c["max_residual"] > c["tolerance"] or c["year"] != 2021 or c["runs"] < 2:
    no("max_residual %r, year %r, runs %r" % (c["max_residual"], c["year"], c["runs"]))
# The factors written in the scenario are found again (a fit from elsewhere lands on
# the same root, to well within the tolerance's reach on the factors).
text = open(sys.argv[2], encoding="utf-8").read()
block = text[text.index("  factors:\n"):]
written = dict((m.group(1), float(m.group(2)))
               for m in re.finditer(r"^    (\w+): (\S+)$", block, re.M))
fitted = {f["path"][len("factors."):]: f["value"] for f in c["factors"]
          if f["fitted"] and f["path"].startswith("factors.")}
if set(written) != set(fitted):
    no("fitted factors %s, scenario has %s" % (sorted(fitted), sorted(written)))
for k, v in written.items():
    f = fitted.get(k)
    scale = abs(v) if k != "inpatient_ratio" else 1.0
    if f is None or abs(f - v) > 2e-3 * scale:
        no("factor %s: fitted %r, scenario %r" % (k, f, v))
sys.exit(1 if bad else 0)
EOF
ok

# --- 2. run reproduces the fit --------------------------------------------
mean_of() { awk -F, -v y="$2" -v m="$3" '$2 == y && $3 == m { print $4 }' "$1"; }
se_of() { awk -F, -v y="$2" -v m="$3" '$2 == y && $3 == m { print $5 }' "$1"; }
expect_exit 0 "run calibrated.yaml" -- "$FUNDSIM" run "$TMP/cal/calibrated.yaml" -y 2 --quiet \
    --out "$TMP/run1"
python3 - "$TMP/cal/calibration.json" "$TMP/run1/summary.csv" <<'EOF' || fail "run of calibrated.yaml != the fit"
import csv, json, sys
c = json.load(open(sys.argv[1]))
rows = {r["metric"]: r for r in csv.DictReader(open(sys.argv[2])) if r["year"] == "2021"}
bad = 0
for t in c["targets"]:
    if t["target"] in rows and float(rows[t["target"]]["mean"]) != t["fitted"]:
        print("  %s: run %s, fit %r" % (t["target"], rows[t["target"]]["mean"], t["fitted"]))
        bad += 1
sys.exit(1 if bad else 0)
EOF
ok
grep -q '"calibration": {"year": 2021, "factors": {"factors.population": ' "$TMP/run1/run.json" &&
    ok || fail "run.json does not record the calibration factors"

# The bundled scenario (its written factors) with another seed: the base year is
# within 1% of the published figures and within 4 se of them.
expect_exit 0 "run national, seed 7" -- "$FUNDSIM" run "$NAT" -y 1 --seed 7 --quiet \
    --out "$TMP/run7"
for pair in enrollees:1008660000 income_total:972448000000 spend_total:929637000000 \
    admission_rate:0.152 effective_ratio_inpatient:0.693; do
    m=${pair%%:*}
    want=${pair#*:}
    got=$(mean_of "$TMP/run7/summary.csv" 2021 "$m")
    se7=$(se_of "$TMP/run7/summary.csv" 2021 "$m")
    se0=$(python3 -c "import json,sys; print(next(t['se'] for t in json.load(open('$TMP/cal/calibration.json'))['targets'] if t['target']=='$m'))")
    if python3 -c "import sys,math; g,w,a,b=map(float,sys.argv[1:]); d=abs(g-w); sys.exit(0 if d<=0.01*w and d<=4*math.hypot(a,b) else 1)" \
        "$got" "$want" "$se7" "$se0"; then ok; else
        fail "seed 7: $m = $got, published $want (se $se7 and $se0)"
    fi
done

# --- 4. errors --------------------------------------------------------------
SMALL=tests/cli/small.yaml
expect_exit 2 "two targets on one factor" -- "$FUNDSIM" calibrate "$NAT" \
    --set 'calibrate.targets.spend_outpatient=100000000000' --quiet --out "$TMP/e1"
expect_err "two targets on one factor" "targets spend_total and spend_outpatient both fit the factor outpatient_use"
expect_exit 1 "a factor that moves nothing" -- "$FUNDSIM" calibrate "$NAT" \
    --set 'calibrate.targets.spend_maternity=1000' \
    --set 'benefits.maternity.benefit=0' --reps 20 --quiet --out "$TMP/e2"
expect_err "a factor that moves nothing" "target spend_maternity cannot be fitted: its factor maternity moves no target"
expect_exit 1 "unreachable" -- "$FUNDSIM" calibrate "$NAT" "${RESET[@]}" \
    --set 'calibrate.targets.effective_ratio_inpatient=0.999' --reps 20 --quiet --out "$TMP/e3"
expect_err "unreachable" "target effective_ratio_inpatient = 0.999 gives"
expect_exit 2 "nothing to fit" -- "$FUNDSIM" calibrate "$SMALL" --quiet --out "$TMP/e4"
expect_err "nothing to fit" "nothing to fit"
expect_exit 2 "base year outside the horizon" -- "$FUNDSIM" calibrate "$NAT" \
    --set 'calibrate.year=2035' --set 'calibrate.levels=[]' --quiet --out "$TMP/e5"
expect_err "base year outside the horizon" "calibrate.year 2035 is not simulated (2021..2030)"
expect_exit 2 "a level count that is not the levels'" -- "$FUNDSIM" calibrate "$NAT" \
    --set 'calibrate.levels=[{cost_per_admission: 3623}]' --quiet --out "$TMP/e6"
expect_err "a level count" "1 entries, but benefits.inpatient.levels has 3"
for d in e1 e2 e3 e4 e5 e6; do
    [ -e "$TMP/$d" ] && fail "a failed calibrate left $d/" || ok
done

echo "test_calibrate_cli: $checks checks passed, $fails failed"
[ "$fails" -eq 0 ]
