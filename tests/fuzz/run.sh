#!/usr/bin/env bash
# tests/fuzz/run.sh -- runs the libFuzzer target over the scenario loader
# (tests/fuzz/fuzz_load.c) for SECONDS (default 60) on the kept corpus,
# tests/fuzz/corpus, plus the bundled scenarios and the bad-input corpus as
# seeds.  New inputs go to a scratch directory (the tree is not modified;
# to grow the kept corpus, see tests/fuzz/README.md).  Fails on any crash,
# leak, sanitizer report, contract breach (abort), timeout (10 s per input)
# or out-of-memory (2 GiB), leaving the offending input in the scratch
# directory's artefacts, printed.
# Usage (from anywhere): bash tests/fuzz/run.sh path/to/fuzz_load [SECONDS]
set -euo pipefail
FUZZ=${1:?usage: run.sh path/to/fuzz_load [SECONDS]}
FUZZ=$(cd "$(dirname "$FUZZ")" && pwd)/$(basename "$FUZZ")
SECS=${2:-60}
cd "$(dirname "$0")/../.."
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_fuzz.XXXXXX")
keep=0
trap '[ "$keep" = 1 ] || rm -rf "$TMP"' EXIT
mkdir -p "$TMP/new" "$TMP/seeds" "$TMP/artefacts"
cp scenarios/*.yaml docs/scenario-syntax.yaml "$TMP/seeds/"
for f in tests/scenarios/bad/*; do
    [ -f "$f" ] && cp "$f" "$TMP/seeds/bad_$(basename "$f")"
done
export FUNDSIM_FUZZ_BASE=$PWD/scenarios
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
echo "fuzz: $(ls tests/fuzz/corpus | wc -l) corpus inputs, $(ls "$TMP/seeds" | wc -l) seeds, ${SECS} s"
if ! "$FUZZ" "$TMP/new" tests/fuzz/corpus "$TMP/seeds" -dict=tests/fuzz/yaml.dict \
        -max_len=65536 -timeout=10 -rss_limit_mb=2048 -max_total_time="$SECS" \
        -print_final_stats=1 -artifact_prefix="$TMP/artefacts/" >"$TMP/log" 2>&1; then
    keep=1
    tail -60 "$TMP/log"
    echo "FAIL: the fuzzer found a problem; input(s) kept in $TMP/artefacts/: $(ls "$TMP/artefacts")"
    exit 1
fi
grep -E '^stat::number_of_executed_units|^stat::new_units_added|^stat::peak_rss_mb' "$TMP/log" || true
grep -E '^#[0-9]+.*DONE' "$TMP/log" | tail -1 || true
echo "fuzz: ok"
