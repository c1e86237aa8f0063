#!/usr/bin/env bash
# scripts/test-all.sh -- install dependencies, then build and run every test:
#   1. clang, warnings as errors (build + tests)
#   2. gcc + AddressSanitizer + UndefinedBehaviorSanitizer (build + tests)
#   3. gcc with OpenMPI (build + the MPI tests: run, compare, sweep, solve and
#      the workbooks under mpirun, and the determinism test)
#   4. clang ThreadSanitizer (with libomp's Archer tool): the threaded tests
#   5. clang libFuzzer + ASan + UBSan over the scenario loader, 60 s
#      (tests/fuzz/run.sh, corpus in tests/fuzz/corpus)
#   6. gcc, warnings as errors, the main build: every test
#   7. the Debian package of that build: built, installed with dpkg -i, run,
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
(cd build/mpi && ctest --output-on-failure -R 'mpi|determinism|compare|xlsx')

echo "== clang ThreadSanitizer: the threaded tests =="
# Archer (libomp-14-dev) tells TSan about OpenMP's synchronisation; without it
# the runtime's own barriers read as races.
cmake -S . -B build/tsan -DCMAKE_C_COMPILER=clang -DFUNDSIM_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DFUNDSIM_SANITIZE=thread >/dev/null
cmake --build build/tsan -j "$JOBS"
ARCHER=$(ls /usr/lib/llvm-*/lib/libarcher.so | head -1)
(cd build/tsan && OMP_TOOL_LIBRARIES=$ARCHER \
   TSAN_OPTIONS="halt_on_error=1 ignore_noninstrumented_modules=1 second_deadlock_stack=1" \
   ctest --output-on-failure -j "$JOBS" -R "$(cat ../../tests/tsan-tests.txt | paste -sd'|')")

echo "== clang libFuzzer: the scenario loader, 60 s =="
cmake -S . -B build/fuzz -DCMAKE_C_COMPILER=clang -DFUNDSIM_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DFUNDSIM_FUZZ=ON -DFUNDSIM_SANITIZE=address,undefined -DFUNDSIM_TESTS=OFF >/dev/null
cmake --build build/fuzz -j "$JOBS" --target fuzz_load
bash tests/fuzz/run.sh build/fuzz/fuzz_load 60

echo "== gcc -Werror, Release: all tests =="
cmake -S . -B build/release -DCMAKE_C_COMPILER=gcc -DFUNDSIM_WERROR=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j "$JOBS"
(cd build/release && ctest --output-on-failure -j "$JOBS" | tee ctest.log)

echo "== Debian package =="
bash tests/deb-package.sh build/release

echo "== summary =="
grep -E "tests passed|tests failed" build/release/ctest.log
