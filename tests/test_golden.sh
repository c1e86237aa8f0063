#!/usr/bin/env bash
# tests/test_golden.sh -- golden answers: for every bundled scenario and
# tests/cli/small.yaml, `run --reps 50 --seed 7 --keep-reps` must write
# summary.csv, groups.csv and replications.csv whose SHA-256 are the ones
# pinned in tests/golden/SHA256SUMS, and small's summary.csv must equal
# tests/golden/small/summary.csv byte for byte (a readable diff when a figure
# moves).  A refactor that changes any figure fails here.
#
# Usage (from anywhere):  bash tests/test_golden.sh path/to/fundsim
# To change figures ON PURPOSE (and say why in the commit):
#     bash tests/test_golden.sh path/to/fundsim --regenerate
# The pins hold for one stream table version (fundsim --version prints it);
# a new version of the stream table means new pins.
set -u
FUNDSIM=${1:?usage: test_golden.sh path/to/fundsim [--regenerate]}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
REGEN=${2:-}
cd "$(dirname "$0")/.."
G=tests/golden
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_golden.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
FILES=(summary.csv groups.csv replications.csv)
SCEN=(scenarios/*.yaml tests/cli/small.yaml)

for f in "${SCEN[@]}"; do
    n=$(basename "$f" .yaml)
    if ! "$FUNDSIM" run "$f" --reps 50 --seed 7 --keep-reps --quiet --out "$TMP/$n"; then
        echo "FAIL: run $f exited non-zero"
        exit 1
    fi
done
(cd "$TMP" && for f in "${SCEN[@]}"; do
    n=$(basename "$f" .yaml)
    for x in "${FILES[@]}"; do sha256sum "$n/$x"; done
done) >"$TMP/SHA256SUMS"

if [ "$REGEN" = "--regenerate" ]; then
    cp "$TMP/SHA256SUMS" "$G/SHA256SUMS"
    mkdir -p "$G/small"
    cp "$TMP/small/summary.csv" "$G/small/summary.csv"
    echo "test_golden: regenerated $G/SHA256SUMS and $G/small/summary.csv"
    exit 0
fi

fails=0
if ! diff -u "$G/small/summary.csv" "$TMP/small/summary.csv" | head -40; then
    echo "FAIL: small/summary.csv differs from $G/small/summary.csv (first lines above)"
    fails=$((fails + 1))
fi
if ! diff "$G/SHA256SUMS" "$TMP/SHA256SUMS" >"$TMP/d"; then
    echo "FAIL: output bytes differ from the golden pins:"
    sed -n 's/^> [0-9a-f]*  /    now differs: /p' "$TMP/d"
    fails=$((fails + 1))
fi
if [ "$fails" -ne 0 ]; then
    echo "If the change of figures is intended, regenerate with:"
    echo "    bash tests/test_golden.sh $FUNDSIM --regenerate"
fi
echo "test_golden: $(wc -l <"$G/SHA256SUMS") pinned files, $fails failures"
[ "$fails" -eq 0 ]
