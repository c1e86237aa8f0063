#!/usr/bin/env bash
# tests/test_researcher_files.sh -- the files researchers load (issue 12,
# item 6), checked with Debian's python3 only (no pandas):
#   --excel-csv: every CSV of run, compare and sweep starts with the UTF-8 BOM,
#     and is otherwise byte-identical to the run without it (which has none);
#   every CSV parses, every row as wide as its header;
#   groups.csv: group_id/group and tier_id/tier match the scenario's
#     groups[].id/.name (plus ordinary) and tiers (tier1.. and names);
#   metrics.csv: every metric id of summary.csv and every quantity of
#     groups.csv, with non-empty Chinese and English labels and a unit;
#   replications.csv: its first column is the scenario, as in summary.csv.
# Usage (from anywhere): bash tests/test_researcher_files.sh path/to/fundsim
set -u
FUNDSIM=${1:?usage: test_researcher_files.sh path/to/fundsim}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
cd "$(dirname "$0")/.."

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_files.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fails=0
checks=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { checks=$((checks + 1)); }
run() { # what, command...
    local what=$1
    shift
    if "$@" >"$TMP/out" 2>"$TMP/err"; then ok; else
        fail "$what: exit $?"
        sed 's/^/    stderr: /' "$TMP/err" | head -10
    fi
}

SC=scenarios/wenshui-2023.yaml
ALT=scenarios/wenshui-2023-contribution.yaml
ARGS=(--reps 3 --years 2 --seed 5 --quiet --keep-reps)

run "run" "$FUNDSIM" run "$SC" "${ARGS[@]}" --out "$TMP/plain"
run "run --excel-csv" "$FUNDSIM" run "$SC" "${ARGS[@]}" --excel-csv --out "$TMP/bom"
run "compare --excel-csv" "$FUNDSIM" compare "$SC" "$ALT" --reps 3 --years 2 --seed 5 --quiet \
    --excel-csv --out "$TMP/cmp"
run "compare" "$FUNDSIM" compare "$SC" "$ALT" --reps 3 --years 2 --seed 5 --quiet --out "$TMP/cmp0"
run "sweep --excel-csv" "$FUNDSIM" sweep "$SC" --vary 'tiers[0].contribution+=0:20:20' --reps 2 \
    --years 1 --seed 5 --quiet --excel-csv --out "$TMP/sweep"
"$FUNDSIM" show "$SC" >"$TMP/show" 2>/dev/null || fail "show $SC"

for f in summary.csv groups.csv metrics.csv replications.csv; do
    [ -f "$TMP/plain/$f" ] || fail "run wrote no $f"
done

python3 - "$TMP" <<'EOF' || fail "python checks"
import csv, io, json, os, re, sys

tmp = sys.argv[1]
BOM = b"\xef\xbb\xbf"
bad = []

def csvs(d):
    out = []
    for root, _, names in os.walk(d):
        out += [os.path.join(root, n) for n in names if n.endswith(".csv")]
    return sorted(out)

# BOM only with the flag; otherwise the same bytes.
pairs = [("bom", "plain"), ("cmp", "cmp0")]
for withb, without in pairs:
    files = csvs(os.path.join(tmp, withb))
    assert files, "no CSVs in " + withb
    for p in files:
        b = open(p, "rb").read()
        q = p.replace(os.sep + withb + os.sep, os.sep + without + os.sep)
        c = open(q, "rb").read()
        if not b.startswith(BOM):
            bad.append("no BOM with --excel-csv: " + p)
        if c.startswith(BOM):
            bad.append("a BOM without --excel-csv: " + q)
        if b[len(BOM):] != c:
            bad.append("%s differs from %s beyond the BOM" % (p, q))
for p in csvs(os.path.join(tmp, "sweep")):
    if not open(p, "rb").read().startswith(BOM):
        bad.append("no BOM with sweep --excel-csv: " + p)
print("csv files checked:", len(csvs(tmp)))

def rows(p):
    # utf-8-sig reads both (the BOM is not part of the first column's name).
    with open(p, encoding="utf-8-sig", newline="") as f:
        r = list(csv.reader(f))
    head = r[0]
    for i, row in enumerate(r[1:], 2):
        if len(row) != len(head):
            bad.append("%s:%d: %d fields, header has %d" % (p, i, len(row), len(head)))
            break
    return [dict(zip(head, row)) for row in r[1:]], head

# Every CSV parses.
for p in csvs(tmp):
    rows(p)

d = os.path.join(tmp, "plain")
summary, sh = rows(os.path.join(d, "summary.csv"))
groups, gh = rows(os.path.join(d, "groups.csv"))
reps, rh = rows(os.path.join(d, "replications.csv"))
dic, dh = rows(os.path.join(d, "metrics.csv"))
run = json.load(open(os.path.join(d, "run.json"), encoding="utf-8"))

# groups.csv: ids first, then labels, matching the scenario.
if gh[:7] != ["scenario", "year", "group_id", "group", "tier_id", "tier", "quantity"]:
    bad.append("groups.csv header " + ",".join(gh))
show = open(os.path.join(tmp, "show"), encoding="utf-8").read()
gid = dict((int(m.group(1)), m.group(2)) for m in re.finditer(r"^groups\[(\d+)\]\.id\s+\S+\s+(\S+)", show, re.M))
gname = dict((int(m.group(1)), m.group(2)) for m in re.finditer(r"^groups\[(\d+)\]\.name\s+\S+\s+(\S.*?)\s{2,}", show, re.M))
tname = dict((int(m.group(1)), m.group(2)) for m in re.finditer(r"^tiers\[(\d+)\]\.name\s+\S+\s+(\S.*?)\s{2,}", show, re.M))
assert gid and gname and tname, (gid, gname, tname)
want_g = [(gid[i], gname[i]) for i in sorted(gid)] + [("ordinary", "普通居民 ordinary")]
want_t = [("tier%d" % (i + 1), tname[i]) for i in sorted(tname)]
got_g, got_t = [], []
for r in groups:
    g, t = (r["group_id"], r["group"]), (r["tier_id"], r["tier"])
    if g not in got_g:
        got_g.append(g)
    if t not in got_t:
        got_t.append(t)
    if not re.fullmatch(r"[a-z][a-z0-9_]*", r["group_id"]) or not re.fullmatch(r"tier[1-4]", r["tier_id"]):
        bad.append("groups.csv: not snake_case ids: %s %s" % (r["group_id"], r["tier_id"]))
        break
if got_g != want_g:
    bad.append("groups.csv groups %s, the scenario's %s" % (got_g, want_g))
if got_t != want_t:
    bad.append("groups.csv tiers %s, the scenario's %s" % (got_t, want_t))

# metrics.csv: every id used, with labels.
if dh != ["table", "id", "label_zh", "label_en", "unit", "unit_zh", "kind", "definition"]:
    bad.append("metrics.csv header " + ",".join(dh))
entry = dict(((r["table"], r["id"]), r) for r in dic)
for table, ids in (("metrics", {r["metric"] for r in summary}),
                   ("groups", {r["quantity"] for r in groups})):
    for i in sorted(ids):
        e = entry.get((table, i))
        if not e:
            bad.append("metrics.csv has no %s %s" % (table, i))
        elif not (e["label_zh"].strip() and e["label_en"].strip() and e["unit"] and e["definition"]):
            bad.append("metrics.csv: empty label, unit or definition for " + i)
        elif not re.search(r"[\u4e00-\u9fff]", e["label_zh"]):
            bad.append("metrics.csv: label_zh of %s has no Chinese: %s" % (i, e["label_zh"]))
if [r["id"] for r in dic if r["table"] == "metrics"] != run["metrics"]:
    bad.append("metrics.csv's metrics are not run.json's, in order")

# replications.csv: the scenario first, like summary.csv.
if rh[:2] != ["scenario", "rep"] or sh[0] != "scenario":
    bad.append("replications.csv header " + ",".join(rh))
names = {r["scenario"] for r in reps}
if names != {run["scenario"]} or names != {r["scenario"] for r in summary}:
    bad.append("replications.csv scenarios %s, run.json %s" % (names, run["scenario"]))

# compare: base/ and alt/ each carry the scenario of their run.
for side in ("base", "alt"):
    s, _ = rows(os.path.join(tmp, "cmp0", side, "summary.csv"))
    g, _ = rows(os.path.join(tmp, "cmp0", side, "groups.csv"))
    if {r["scenario"] for r in s} != {r["scenario"] for r in g}:
        bad.append("compare %s: groups.csv and summary.csv name other scenarios" % side)

for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
EOF
[ $? -eq 0 ] && ok

# A scenario whose group has no id: its id is its name (groups[].id's default).
cat >"$TMP/noid.yaml" <<EOF
extends: $(pwd)/tests/cli/small.yaml
scenario: {name: noid}
groups:
  - name: 低保对象
    share: 0.05
    subsidy: {type: fixed, amount: 100}
EOF
run "run a group without id" "$FUNDSIM" run "$TMP/noid.yaml" --reps 2 --years 1 --quiet --out "$TMP/noid"
if [ -f "$TMP/noid/groups.csv" ]; then
    grep -q '^noid,2023,低保对象,低保对象,tier1,一档,enrollees,' "$TMP/noid/groups.csv" && ok ||
        fail "groups.csv of a group without id: $(sed -n 2p "$TMP/noid/groups.csv")"
fi

echo "test_researcher_files: $checks checks, $fails failures"
[ "$fails" -eq 0 ]
