#!/usr/bin/env bash
# tests/test_roster_cli.sh -- a fund's own roster drives a run (issue 10, item 3):
# `fundsim run tests/scenarios/roster/roster.yaml` (enrollment rate 1, no
# shock, no elasticity) gives, in groups.csv, first-year enrollees by age band
# equal to the roster's counts for every group, tier and age or band of the
# file, in every replication (sd 0); the total is the roster's; later years
# add up.  A bad roster is an error at its file:line:col with exit code 2.
# The expected counts are read from the CSV here, independently of the
# loader.  Usage (from the repository root): bash tests/test_roster_cli.sh path/to/fundsim
set -u
FUNDSIM=${1:?usage: test_roster_cli.sh path/to/fundsim}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
cd "$(dirname "$0")/.."

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_roster.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

SC=tests/scenarios/roster/roster.yaml
"$FUNDSIM" check "$SC" >"$TMP/out" 2>"$TMP/err" || fail "check $SC: $(cat "$TMP/err")"
grep -qx "$SC: ok" "$TMP/out" || fail "check $SC: '$(cat "$TMP/out")' (a warning?)"
if ! "$FUNDSIM" run "$SC" --reps 4 --years 3 --quiet --out "$TMP/run" 2>"$TMP/err"; then
    fail "run $SC: $(cat "$TMP/err")"
    exit 1
fi

python3 - "$TMP/run" tests/scenarios/roster/roster.csv <<'EOF' || fails=$((fails + 1))
import csv, sys
out, roster = sys.argv[1], sys.argv[2]
GROUPS = {"tekun": "特困人员", "特困人员": "特困人员", "dibao": "低保对象", "低保对象": "低保对象",
          "xuesheng": "学生", "学生": "学生", "ordinary": "普通居民 ordinary"}
TIERS = {"一档": "一档", "1": "一档", "二档": "二档", "2": "二档"}
AGES = {"xuesheng": (3, 24), "学生": (3, 24)}  # the scenario's groups[].ages

def band(tok):
    if tok.endswith("+"):
        return int(tok[:-1]), 100
    if "-" in tok:
        a, b = tok.split("-")
        return int(a), int(b)
    return int(tok), int(tok)

rows = []  # (group, tier, lo, hi, count) as written
with open(roster, encoding="utf-8") as f:
    lines = [l for l in f if l.strip() and not l.startswith("#")]
for r in csv.DictReader(lines):
    lo, hi = band(r["age"])
    rows.append((GROUPS[r["group"]], TIERS[r["tier"]], lo, hi, float(r["count"]),
                 AGES.get(r["group"])))

# groups.csv of the first year: enrollees by age band, per group and tier.
got, total, bands = {}, {}, set()
with open(out + "/groups.csv", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        if r["year"] != "2023":
            continue
        q = r["quantity"]
        if q == "enrollees":
            total[(r["group"], r["tier"])] = float(r["mean"])
        if not q.startswith("enrollees_age_"):
            continue
        lo, hi = band(q[len("enrollees_age_"):])
        bands.add((lo, hi))
        if float(r["sd"]) != 0.0:
            print("FAIL: %s %s %s varies across replications (sd %s)" % (r["group"], r["tier"], q, r["sd"]))
            sys.exit(1)
        got[(r["group"], r["tier"], lo, hi)] = float(r["mean"])

bad = 0
# The bands partition 0..100, and every age or band of the roster is a union of them.
edges = sorted(bands)
if edges[0][0] != 0 or edges[-1][1] != 100 or any(a[1] + 1 != b[0] for a, b in zip(edges, edges[1:])):
    print("FAIL: the age bands of groups.csv do not partition 0..100:", edges)
    sys.exit(1)
starts = {lo for lo, _ in edges}
for g, t, lo, hi, c, ages in rows:
    if lo not in starts or (hi < 100 and hi + 1 not in starts):
        print("FAIL: roster band %d-%d is not a union of the output bands" % (lo, hi))
        bad += 1

checked = 0
for g, t, lo, hi, _, _ in rows:
    # Rows of the same group and tier inside [lo, hi] add up; one that only
    # overlaps it would make the comparison ambiguous (the example has none).
    inside = [x for x in rows if x[0] == g and x[1] == t and lo <= x[2] and x[3] <= hi]
    partly = [x for x in rows if x[0] == g and x[1] == t and x not in inside
              and not (x[3] < lo or x[2] > hi)]
    if partly:
        print("FAIL: the example roster has overlapping bands for %s %s %d-%d" % (g, t, lo, hi))
        bad += 1
        continue
    want = sum(x[4] for x in inside)
    have = sum(v for (gg, tt, a, b), v in got.items() if gg == g and tt == t and lo <= a and b <= hi)
    checked += 1
    if have != want:
        print("FAIL: %s %s ages %d-%d: groups.csv has %g enrollees, the roster %g" % (g, t, lo, hi, have, want))
        bad += 1

# Each group and tier's enrollees are the sum of its bands, and the roster's total.
for (g, t), v in total.items():
    s = sum(x for (gg, tt, _, _), x in got.items() if gg == g and tt == t)
    w = sum(x[4] for x in rows if x[0] == g and x[1] == t)
    if s != v or v != w:
        print("FAIL: %s %s: enrollees %g, sum of its bands %g, roster %g" % (g, t, v, s, w))
        bad += 1
with open(out + "/summary.csv", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        if r["metric"] == "enrollees" and r["year"] == "2023":
            if float(r["mean"]) != sum(x[4] for x in rows):
                print("FAIL: summary.csv enrollees %s, roster total %g" % (r["mean"], sum(x[4] for x in rows)))
                bad += 1
# Later years: every group and tier's bands still add up to its enrollees.
later = {}
with open(out + "/groups.csv", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        if r["year"] == "2023":
            continue
        k = (r["year"], r["group"], r["tier"])
        e = later.setdefault(k, [0.0, 0.0])
        if r["quantity"] == "enrollees":
            e[0] += float(r["mean"])
        elif r["quantity"].startswith("enrollees_age_"):
            e[1] += float(r["mean"])
for k, (e, s) in later.items():
    if abs(e - s) > 1e-6 * max(1.0, e):
        print("FAIL: %s: enrollees %g, its bands %g" % (k, e, s))
        bad += 1
if checked < len(rows) or not later:
    print("FAIL: checked %d of %d roster rows, %d later cells" % (checked, len(rows), len(later)))
    bad += 1
print("test_roster_cli: %d roster rows against groups.csv, %d bands" % (checked, len(edges)))
sys.exit(1 if bad else 0)
EOF

# Bad rosters: exit 2, the roster's own file:line:col and the offending field.
BAD=tests/scenarios/bad
"$FUNDSIM" check "$BAD/roster_unknown_group.yaml" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 2 ] || fail "check a bad roster: exit $rc, want 2"
grep -qF "$BAD/roster/unknown_group.csv:3:11: population.roster: unknown group 'nobody'" "$TMP/err" ||
    fail "check a bad roster: stderr '$(cat "$TMP/err")'"
"$FUNDSIM" run "$BAD/roster_negative_count.yaml" --out "$TMP/never" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 2 ] || fail "run a bad roster: exit $rc, want 2"
grep -qF "$BAD/roster/negative_count.csv:2:23: population.roster: expected a count (a number >= 0), got '-5'" "$TMP/err" ||
    fail "run a bad roster: stderr '$(cat "$TMP/err")'"
[ -e "$TMP/never" ] && fail "a run with a bad roster created its output directory"
# Nothing of the file but the offending field is echoed.
"$FUNDSIM" check "$BAD/roster_long_token.yaml" >"$TMP/out" 2>"$TMP/err"
grep -q 'x\{41\}' "$TMP/err" && fail "a long field is echoed whole"
grep -q "$(printf '\xcc\xd8')" < <("$FUNDSIM" check "$BAD/roster_not_utf8.yaml" 2>&1) &&
    fail "bytes that are not UTF-8 are echoed"

if [ $fails -gt 0 ]; then
    echo "test_roster_cli: $fails failed"
    exit 1
fi
echo "test_roster_cli: ok"
