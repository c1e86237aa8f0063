#!/usr/bin/env bash
# scripts/test-all.sh -- install dependencies, then build and run every test:
#   1. clang, warnings as errors (build + tests)
#   2. gcc + AddressSanitizer + UndefinedBehaviorSanitizer (build + tests)
#   3. gcc with OpenMPI (build + the MPI determinism test)
#   4. gcc, warnings as errors, the main build: every test
#   5. the Debian package of that build: built, installed with dpkg -i, run,
#      removed (tests/deb-package.sh), then the closing summary
# The golden answers and the notebooks (label "slow") run in builds 1 and 4, not under the
# sanitizers, where they would take minutes.
# Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-deps.sh
JOBS=$(nproc 2>/dev/null || echo 2)

echo "== clang -Werror =="
cmake -S . -B build/clang -DCMAKE_C_COMPILER=clang -DFUNDSIM_WERROR=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build/clang -j "$JOBS"
(cd build/clang && ctest --output-on-failure -j "$JOBS")

echo "== gcc ASan+UBSan =="
cmake -S . -B build/asan -DCMAKE_C_COMPILER=gcc -DFUNDSIM_WERROR=ON -DCMAKE_BUILD_TYPE=Debug \
      -DFUNDSIM_SANITIZE=address,undefined >/dev/null
cmake --build build/asan -j "$JOBS"
(cd build/asan && ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
   ctest --output-on-failure -j "$JOBS" -LE slow)

echo "== gcc + OpenMPI =="
cmake -S . -B build/mpi -DCMAKE_C_COMPILER=gcc -DFUNDSIM_WERROR=ON -DFUNDSIM_MPI=ON \
      -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/mpi -j "$JOBS"
(cd build/mpi && ctest --output-on-failure -R 'mpi|determinism')

echo "== gcc -Werror, Release: all tests =="
cmake -S . -B build/release -DCMAKE_C_COMPILER=gcc -DFUNDSIM_WERROR=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j "$JOBS"
(cd build/release && ctest --output-on-failure -j "$JOBS" | tee ctest.log)

echo "== Debian package =="
bash tests/deb-package.sh build/release

echo "== summary =="
grep -E "tests passed|tests failed" build/release/ctest.log
