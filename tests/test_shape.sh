#!/usr/bin/env bash
# tests/test_shape.sh -- the shape of the code (see tests/shape.py): no C
# file over 900 lines but generated data, no function over 120 lines but the
# per-person hot loop, no include circle in the command line, and no
# internal (*_int.h) or command-line header included across the boundaries.
# Usage (from anywhere): bash tests/test_shape.sh [path/to/fundsim]
# The fundsim argument (given by ctest) is accepted and not used.
# For the longest functions and files:  /usr/bin/python3 tests/shape.py --report
set -u
cd "$(dirname "$0")/.."

PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
fails=0
checks=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { checks=$((checks + 1)); }

for check in selftest files functions cycles boundaries; do
    if "$PY" tests/shape.py --only "$check"; then
        ok
    else
        fail "shape check '$check' (details above)"
    fi
done

echo "test_shape: $checks checks passed, $fails failed"
[ "$fails" -eq 0 ]
