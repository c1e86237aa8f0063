#!/usr/bin/env bash
# tests/test_summary_json.sh -- `--format` and summary.json (issue 12, item 4):
#   --format json writes summary.json and run.json only; csv,xlsx,json all
#     three; --xlsx adds xlsx; unknown values are usage errors (exit 2)
#     naming the accepted values (html: tests/test_html_report.sh); sweep
#     writes sweep_summary.json (each point's summary), solve the answer's
#     summary.json, calibrate refuses --format;
#   summary.json validates against docs/summary.schema.json (Debian's
#     python3-jsonschema), and corrupted copies do not;
#   its numbers are the very text of summary.csv (null where the CSV field
#     is empty), its dictionary is metrics.csv's, its provenance run.json's;
#   the same scenario and seed give the same bytes on 1 and 2 threads.
# Usage (from anywhere): bash tests/test_summary_json.sh path/to/fundsim
set -u
FUNDSIM=${1:?usage: test_summary_json.sh path/to/fundsim}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
cd "$(dirname "$0")/.."

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_sjson.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fails=0
checks=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { checks=$((checks + 1)); }
expect_exit() { # want what -- command...
    local want=$1 what=$2
    shift 3
    "$@" >"$TMP/out" 2>"$TMP/err"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        fail "$what: exit $got, want $want"
        sed 's/^/    stderr: /' "$TMP/err" | head -10
    else
        ok
    fi
}
files_are() { # dir want...
    local dir=$1
    shift
    local got want
    got=$(cd "$dir" && ls -A | sort | tr '\n' ' ')
    want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
    [ "$got" = "$want" ] && ok || fail "$dir holds '$got', want '$want'"
}

# The Debian python3 has python3-jsonschema (.ci: scripts/setup-deps.sh).
PY=python3
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import jsonschema' 2>/dev/null; then PY=$p; break; fi
done
"$PY" -c 'import jsonschema' 2>/dev/null ||
    fail "python3-jsonschema is not installed (apt-get install python3-jsonschema)"

SC=scenarios/pengshui-2023.yaml  # a county ledger: its balance-based metrics are null
ARGS=(--reps 4 --years 3 --seed 9 --quiet)

expect_exit 0 "run --format json" -- "$FUNDSIM" run "$SC" "${ARGS[@]}" --format json --out "$TMP/j"
files_are "$TMP/j" summary.json run.json
expect_exit 0 "run --format csv,json -t 1" -- "$FUNDSIM" run "$SC" "${ARGS[@]}" --format csv,json \
    --threads 1 --out "$TMP/cj1"
files_are "$TMP/cj1" summary.csv groups.csv metrics.csv summary.json run.json
expect_exit 0 "run --format csv --format json -t 2" -- "$FUNDSIM" run "$SC" "${ARGS[@]}" \
    --format csv --format json --threads 2 --out "$TMP/cj2"
cmp -s "$TMP/cj1/summary.json" "$TMP/cj2/summary.json" && ok ||
    fail "summary.json differs between 1 and 2 threads"
cmp -s "$TMP/j/summary.json" "$TMP/cj1/summary.json" && ok ||
    fail "summary.json of --format json differs from that of csv,json"
expect_exit 0 "run --format xlsx" -- "$FUNDSIM" run "$SC" "${ARGS[@]}" --format xlsx --out "$TMP/x"
files_are "$TMP/x" summary.xlsx run.json
expect_exit 0 "run --format json --xlsx" -- "$FUNDSIM" run "$SC" "${ARGS[@]}" --format json --xlsx \
    --out "$TMP/jx"
files_are "$TMP/jx" summary.json summary.xlsx run.json
expect_exit 0 "run --format csv,xlsx,json" -- "$FUNDSIM" run "$SC" "${ARGS[@]}" \
    --format csv,xlsx,json --out "$TMP/all"
files_are "$TMP/all" summary.csv groups.csv metrics.csv summary.xlsx summary.json run.json
# The same directory, now json only: the CSVs and workbook of before go.
expect_exit 0 "rerun --format json" -- "$FUNDSIM" run "$SC" "${ARGS[@]}" --format json --out "$TMP/all"
files_are "$TMP/all" summary.json run.json

# Usage errors.
for bad in htm csv,pdf pdf "" csv,,json; do
    expect_exit 2 "--format '$bad'" -- "$FUNDSIM" run "$SC" "${ARGS[@]}" --format "$bad" --out "$TMP/bad"
    grep -q 'csv, xlsx, json, html' "$TMP/err" && ok || fail "--format '$bad': message does not name csv, xlsx, json, html: $(cat "$TMP/err")"
done
[ -e "$TMP/bad" ] && fail "a usage error created $TMP/bad"
# sweep: sweep_summary.json, every point's summary (two varied parameters).
expect_exit 0 "sweep --format csv,json" -- "$FUNDSIM" sweep scenarios/wenshui-2023.yaml \
    --vary 'tiers[0].contribution+=0:20:20' --vary 'enrollment.floor=0.9:0.95:0.05' --reps 3 \
    --years 2 --seed 9 --quiet --format csv,json --out "$TMP/sw"
files_are "$TMP/sw" sweep.csv metrics.csv sweep_summary.json sweep.json
expect_exit 2 "calibrate --format json" -- "$FUNDSIM" calibrate scenarios/national-2021.yaml \
    --format json --out "$TMP/bad"
# solve: summary.json of the answer's run (its scenario name and overrides).
expect_exit 0 "solve --format json" -- "$FUNDSIM" solve scenarios/wenshui-2023.yaml \
    --vary 'tiers[0].contribution+=-60:100' --target 'surplus_rate@2023 >= 0.05' --reps 4 --years 2 \
    --seed 9 --quiet --format json --out "$TMP/sv"
files_are "$TMP/sv" summary.json solved.yaml solve.json

# compare: summary.json in each run directory.
expect_exit 0 "compare --format json" -- "$FUNDSIM" compare scenarios/wenshui-2023.yaml scenarios/wenshui-2023-contribution.yaml \
    --reps 2 --years 2 --seed 9 --quiet --format json --out "$TMP/cmp"
files_are "$TMP/cmp" base alt compare.json
files_are "$TMP/cmp/base" summary.json run.json

"$PY" - "$TMP" docs/summary.schema.json <<'PYEOF' || fail "summary.json checks"
import copy, csv, json, sys
import jsonschema

tmp, schema_path = sys.argv[1], sys.argv[2]
schema = json.load(open(schema_path, encoding="utf-8"))
V = jsonschema.validators.validator_for(schema)
V.check_schema(schema)
val = V(schema)
bad = []

def check(path):
    doc = json.load(open(path, encoding="utf-8"))
    errs = sorted(val.iter_errors(doc), key=str)
    if errs:
        bad.append("%s does not validate: %s" % (path, errs[0].message))
    return doc

docs = [check(tmp + "/" + p) for p in ("j/summary.json", "cj1/summary.json", "cmp/base/summary.json",
                                        "cmp/alt/summary.json", "sv/summary.json")]
sw = check(tmp + "/sw/sweep_summary.json")
if sw["format"] != "fundsim-sweep-summary" or [v["path"] for v in sw["vary"]] != ["tiers[0].contribution", "enrollment.floor"]:
    bad.append("sweep_summary.json: format or vary")
rawsw = json.load(open(tmp + "/sw/sweep_summary.json", encoding="utf-8"), parse_float=str, parse_int=str)
pts = {(p["values"][0], p["values"][1]): {int(y["year"]): y["values"] for y in p["years"]} for p in rawsw["points"]}
nsw = 0
with open(tmp + "/sw/sweep.csv", encoding="utf-8", newline="") as f:
    for r in csv.DictReader(f):
        js = pts[(r["tiers[0].contribution+="], r["enrollment.floor"])][int(r["year"])][r["metric"]]
        for st in rawsw["statistics"]:
            nsw += 1
            if js[st] != (None if r[st] == "" else r[st]):
                bad.append("sweep point %s %s %s: json %r, csv %r" % (r["scenario"], r["metric"], st, js[st], r[st]))
if len(pts) != 4 or nsw == 0:
    bad.append("sweep_summary.json: %d points, %d values checked" % (len(pts), nsw))
d = copy.deepcopy(sw); d["points"][0]["values"] = ["x"]
if val.is_valid(d):
    bad.append("a sweep point with a text value validates")
sv, svj = docs[4], json.load(open(tmp + "/sv/solve.json", encoding="utf-8"))
if sv["scenario"] != svj["answer_scenario"] or sv["provenance"]["overrides"][-1:] != [svj["override"]]:
    bad.append("solve's summary.json is not the answer's run: %r %r, answer %r %r"
               % (sv["scenario"], sv["provenance"]["overrides"], svj["answer_scenario"], svj["override"]))
doc = docs[1]

# Negative checks: each corruption must fail.
def corrupt(name, f):
    d = copy.deepcopy(doc)
    f(d)
    if val.is_valid(d):
        bad.append("a corrupted summary.json validates: " + name)
y0 = doc["years"][0]["values"]
first = next(iter(y0))
corrupt("mean as a string", lambda d: d["years"][0]["values"][first].__setitem__("mean", "12"))
corrupt("no seed", lambda d: d["provenance"].pop("seed"))
corrupt("a stat missing", lambda d: d["years"][0]["values"][first].pop("p95"))
corrupt("a bad metric id", lambda d: d["years"][0]["values"].__setitem__("Bad Id", y0[first]))
corrupt("an unknown unit", lambda d: d["metrics"][0].__setitem__("unit", "dollars"))
corrupt("sha256 not hex", lambda d: d["provenance"]["files"][0].__setitem__("sha256", "xyz"))
corrupt("wall time added", lambda d: d["provenance"].__setitem__("wall_seconds", 1.5))
corrupt("format_version 2", lambda d: d.__setitem__("format_version", 2))
corrupt("seed_text a number", lambda d: d["provenance"].__setitem__("seed_text", 9))
if doc["provenance"]["seed_text"] != str(doc["provenance"]["seed"]):
    bad.append("provenance seed_text %r is not the seed %r" % (doc["provenance"]["seed_text"],
                                                             doc["provenance"]["seed"]))

# The numbers are summary.csv's text; empty fields are null.
raw = json.load(open(tmp + "/cj1/summary.json", encoding="utf-8"), parse_float=str, parse_int=str)
byyear = {int(y["year"]): y["values"] for y in raw["years"]}
n = nulls = 0
with open(tmp + "/cj1/summary.csv", encoding="utf-8", newline="") as f:
    for r in csv.DictReader(f):
        js = byyear[int(r["year"])][r["metric"]]
        for s in raw["statistics"]:
            want = None if r[s] == "" else r[s]
            n += 1
            nulls += want is None
            if js[s] != want:
                bad.append("%s %s %s: json %r, csv %r" % (r["year"], r["metric"], s, js[s], want))
if n == 0 or nulls == 0:
    bad.append("checked %d values, %d null: the scenario should have both" % (n, nulls))
order = [m["id"] for m in doc["metrics"]]
if list(doc["years"][0]["values"]) != order:
    bad.append("years[0].values is not in the dictionary's order")

# The dictionary is metrics.csv's; the provenance run.json's.
with open(tmp + "/cj1/metrics.csv", encoding="utf-8", newline="") as f:
    mc = [r for r in csv.DictReader(f) if r["table"] == "metrics"]
for a, b in zip(doc["metrics"], mc):
    if any(a[k] != b[k] for k in a):
        bad.append("metric %s: summary.json and metrics.csv differ" % a["id"])
        break
if len(mc) != len(doc["metrics"]):
    bad.append("summary.json has %d metrics, metrics.csv %d" % (len(doc["metrics"]), len(mc)))
run = json.load(open(tmp + "/cj1/run.json", encoding="utf-8"))
for k, v in doc["provenance"].items():
    if run.get(k) != v:
        bad.append("provenance %s: %r, run.json %r" % (k, v, run.get(k)))
if doc["scenario"] != run["scenario"] or "summary.json" not in run["outputs"]:
    bad.append("run.json: scenario or outputs")
print("summary.json: %d values against summary.csv (%d null), %d corruptions refused" % (n, nulls, 9))
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
PYEOF
[ $? -eq 0 ] && ok

echo "test_summary_json: $checks checks, $fails failures"
[ "$fails" -eq 0 ]
