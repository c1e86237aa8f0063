#!/usr/bin/env bash
# tests/test_store.sh -- the run store: `fundsim run --store FILE` appends a
# record of each run to an SQLite file; `fundsim runs FILE` lists the runs
# and `--show ID` prints a run's summary.csv again, byte for byte; a file
# that is not a store is refused (exit 2) before anything is simulated; the
# run's own files are the same bytes with or without --store; and the store
# reads with Python's sqlite3 (and the sqlite3 shell when installed).
# Usage (from the repository root): bash tests/test_store.sh path/to/fundsim
set -u
FUNDSIM=${1:?usage: test_store.sh path/to/fundsim}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
cd "$(dirname "$0")/.."
export LC_ALL=C

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_store.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fails=0
checks=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if "$@"; then checks=$((checks + 1)); else fail "${what:-check}: $*"; fi; }

SC=scenarios/wenshui-2023.yaml
ARGS="--reps 20 --years 3 --threads 2"
DB=$TMP/runs.sqlite

# 1. Two runs, two seeds (the second with an override), into a new store.
what="run 1"
check "$FUNDSIM" run $SC $ARGS --seed 1 --out "$TMP/a" --store "$DB" >"$TMP/a.out"
check grep -q "run store: $DB, run 1" "$TMP/a.out"
what="run 2"
check "$FUNDSIM" run $SC $ARGS --seed 2 --set 'tiers[0].contribution+=30' --out "$TMP/b" \
    --store "$DB" --lang en >"$TMP/b.out"
check grep -q "run store: $DB, run 2" "$TMP/b.out"

# 2. The same run without --store: the same bytes in every file but run.json
#    (wall time, command line).
what="determinism"
check "$FUNDSIM" run $SC $ARGS --seed 1 --out "$TMP/a0" --quiet
for f in summary.csv groups.csv metrics.csv; do
    check cmp "$TMP/a/$f" "$TMP/a0/$f"
done

# 3. `fundsim runs` lists both: ids 1 and 2, their seeds and sizes.
what="runs"
"$FUNDSIM" runs "$DB" >"$TMP/list.txt"
check test "$?" -eq 0
check test "$(wc -l <"$TMP/list.txt")" -eq 3
check grep -qE '^1 +[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z +wenshui-2023 +1 +20 +3 +0\.[0-9]{4}$' "$TMP/list.txt"
check grep -qE '^2 +[0-9T:Z-]+ +wenshui-2023\+set-[0-9a-f]+ +2 +20 +3 +0\.[0-9]{4}$' "$TMP/list.txt"

# 4. --show reproduces each run's summary.csv byte for byte.
what="show"
"$FUNDSIM" runs "$DB" --show 1 >"$TMP/show1.csv"
check cmp "$TMP/show1.csv" "$TMP/a/summary.csv"
"$FUNDSIM" runs "$DB" --show 2 >"$TMP/show2.csv"
check cmp "$TMP/show2.csv" "$TMP/b/summary.csv"
"$FUNDSIM" runs "$DB" --show 3 >/dev/null 2>"$TMP/err"
check test "$?" -eq 2
check grep -q "no run with id 3" "$TMP/err"

# 5. A file that is not a store: refused with exit 2, before simulating (no
#    output directory), and left as it was; `runs` refuses it too.
what="not a store"
echo "not a database" >"$TMP/notes.txt"
cp "$TMP/notes.txt" "$TMP/notes.orig"
"$FUNDSIM" run $SC $ARGS --seed 3 --out "$TMP/c" --store "$TMP/notes.txt" >/dev/null 2>"$TMP/err"
check test "$?" -eq 2
check grep -q "not a fundsim run store" "$TMP/err"
check test ! -e "$TMP/c"
check cmp "$TMP/notes.txt" "$TMP/notes.orig"
"$FUNDSIM" runs "$TMP/notes.txt" >/dev/null 2>&1
check test "$?" -eq 2
# An SQLite database of something else is not a store either.
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table t(x)'); c.commit()" "$TMP/other.sqlite"
"$FUNDSIM" run $SC $ARGS --seed 3 --out "$TMP/c" --store "$TMP/other.sqlite" >/dev/null 2>"$TMP/err"
check test "$?" -eq 2
check grep -q "not a fundsim run store" "$TMP/err"
"$FUNDSIM" runs "$TMP/missing.sqlite" >/dev/null 2>&1
check test "$?" -eq 2
what="--store on another command"
"$FUNDSIM" compare $SC $SC --reps 2 --out "$TMP/cmp" --store "$DB" >/dev/null 2>&1
check test "$?" -eq 2

# 6. SQL: the store reads with Python's sqlite3 (stdlib).
what="python sqlite3"
python3 - "$DB" "$TMP/a/summary.csv" "$TMP/a/run.json" <<'PY' >"$TMP/py.txt" 2>&1
import csv, json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
q = lambda sql, *a: db.execute(sql, a).fetchall()
assert q("SELECT count(*) FROM runs") == [(2,)], q("SELECT * FROM runs")
assert q("SELECT value FROM meta WHERE key='schema_version'") == [("2",)]
# The resolved parameters of each policy year: run 2 has the override.
p = lambda rid, path, y: q("SELECT value, unit FROM run_params WHERE run_id=? AND path=? AND year=?", rid, path, y)
assert p(1, "financing.fiscal_subsidy", 2023) == [(640.0, "元/人")], p(1, "financing.fiscal_subsidy", 2023)
assert p(1, "tiers[0].contribution", 2023) == [(350.0, "元/人")], p(1, "tiers[0].contribution", 2023)
assert p(2, "tiers[0].contribution", 2023) == [(380.0, "元/人")], p(2, "tiers[0].contribution", 2023)
assert p(2, "tiers[0].contribution", 2024) == [(410.0, "元/人")], p(2, "tiers[0].contribution", 2024)
assert q("SELECT DISTINCT year FROM run_params WHERE run_id=1 ORDER BY year") == [(2023,), (2024,), (2025,)]
n1 = q("SELECT count(DISTINCT path) FROM run_params WHERE run_id=1")[0][0]
assert n1 > 200, n1
ref = q("SELECT ref FROM run_params WHERE run_id=1 AND path='tiers[0].contribution' AND year=2023")[0][0]
assert "文医保发[2022]10号" in ref, ref
assert q("SELECT text FROM run_params WHERE run_id=1 AND path='scenario.name' AND year=2023") == [("wenshui-2023",)]
assert q("SELECT seed, replications, years FROM runs ORDER BY id") == [("1", 20, 3), ("2", 20, 3)]
assert q("SELECT run_id, override FROM run_overrides") == [(2, "tiers[0].contribution+=30")]
run = json.load(open(sys.argv[3]))
files = q("SELECT path, sha256 FROM run_files WHERE run_id = 1 ORDER BY ord")
want = [(f["path"], f["sha256"]) for f in run["files"]]
assert files == want, (files, want)
assert q("SELECT fundsim_version FROM runs WHERE id = 1")[0][0] == run["fundsim_version"]
rows = list(csv.DictReader(open(sys.argv[2])))
got = q("SELECT year, metric, mean, p95 FROM summary WHERE run_id = 1 ORDER BY ord")
assert len(got) == len(rows)
for r, (y, m, mean, p95) in zip(rows, got):
    assert int(r["year"]) == y and r["metric"] == m
    assert (r["mean"] == "" and mean is None) or float(r["mean"]) == mean, (r, mean)
    assert (r["p95"] == "" and p95 is None) or float(r["p95"]) == p95, (r, p95)
assert q("SELECT scenario, git FROM runs WHERE id = 1") == [(run["scenario"], run["git"])]
print("ok")
PY
check test "$(cat "$TMP/py.txt")" = ok || cat "$TMP/py.txt"
# 7. A store of schema version 1 (before the parameters were kept) is
#    upgraded in place by the next run appended; its old run stays listed.
what="upgrade v1"
V1=$TMP/v1.sqlite
python3 - "$DB" "$V1" <<'PY'
import sqlite3, sys
src, dst = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
for (sql,) in src.execute("SELECT sql FROM sqlite_master WHERE type='table' AND name != 'run_params'"):
    dst.execute(sql)
for t in ("meta", "runs", "run_files", "run_overrides", "summary"):
    rows = src.execute("SELECT * FROM " + t).fetchall()
    if rows:
        dst.executemany("INSERT INTO %s VALUES(%s)" % (t, ",".join("?" * len(rows[0]))), rows)
dst.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
dst.commit()
PY
check "$FUNDSIM" run $SC $ARGS --seed 3 --out "$TMP/v1run" --store "$V1" -q
check test "$(python3 -c "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); print(d.execute(\"SELECT value FROM meta WHERE key='schema_version'\").fetchone()[0], d.execute('SELECT count(*) FROM runs').fetchone()[0], d.execute('SELECT count(DISTINCT run_id) FROM run_params').fetchone()[0])" "$V1")" = "2 3 1"
check sh -c "'$FUNDSIM' runs '$V1' | grep -c wenshui-2023 | grep -qx 3"

if command -v sqlite3 >/dev/null 2>&1; then
    what="sqlite3 shell"
    check test "$(sqlite3 "$DB" 'SELECT count(*) FROM runs')" = 2
fi

echo "test_store: $checks checks, $fails failures"
[ "$fails" -eq 0 ]
