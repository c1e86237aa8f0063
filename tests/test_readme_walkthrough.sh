#!/usr/bin/env bash
# tests/test_readme_walkthrough.sh -- runs the README's walkthrough (the
# shell blocks between <!-- walkthrough:begin --> and <!-- walkthrough:end -->)
# as a reader would paste them, in a scratch directory holding the
# repository's scenarios/ and data/ and the fundsim under test as
# build/release/fundsim; only --reps 200 becomes --reps 20.  Then checks that
# what the README promises is there: report.html (and the other formats) of
# the reader's scenario, under its own name, with the changed subsidy.
# Usage (from anywhere): bash tests/test_readme_walkthrough.sh path/to/fundsim
set -euo pipefail
FUNDSIM=${1:?usage: test_readme_walkthrough.sh path/to/fundsim}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_readme.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# The blocks: ```sh ... ``` inside the markers, the README's indentation removed.
awk '/<!-- walkthrough:begin -->/ { on = 1; next } /<!-- walkthrough:end -->/ { on = 0 }
     on && /^ *```sh$/ { code = 1; next } on && /^ *```$/ { code = 0; next }
     on && code { sub(/^   /, ""); print }' "$ROOT/README.md" >"$TMP/steps.sh"
[ -s "$TMP/steps.sh" ] || fail "no walkthrough blocks in README.md"
grep -q -- '--format csv,xlsx,json,html' "$TMP/steps.sh" || fail "the walkthrough does not ask for every format"
sed -i 's/--reps 200/--reps 20/' "$TMP/steps.sh"

mkdir -p "$TMP/w/build/release"
ln -s "$ROOT/scenarios" "$TMP/w/scenarios"
ln -s "$ROOT/data" "$TMP/w/data"
ln -s "$FUNDSIM" "$TMP/w/build/release/fundsim"
(cd "$TMP/w" && bash -euo pipefail "$TMP/steps.sh") >"$TMP/out" 2>&1 ||
    { cat "$TMP/out"; fail "the walkthrough's commands failed"; }

R=$TMP/w/results/my-county
for f in report.html summary.xlsx summary.json summary.csv run.json; do
    [ -s "$R/$f" ] || fail "the walkthrough wrote no $f"
done
grep -q '"scenario": "my-county-2024"' "$R/run.json" || fail "run.json does not name my-county-2024"
grep -q 'my-county-2024' "$R/report.html" || fail "report.html does not name the scenario"
grep -q 'financing.fiscal_subsidy' "$TMP/out" || fail "diff did not show the changed subsidy"
grep -q '本县通知' "$R/report.html" || fail "report.html does not show the changed parameter's ref"
echo "test_readme_walkthrough: ok ($(wc -l <"$TMP/steps.sh") lines of the README run; $(ls "$R" | tr '\n' ' '))"
