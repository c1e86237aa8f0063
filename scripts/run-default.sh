#!/usr/bin/env bash
# scripts/run-default.sh -- install dependencies, build fundsim (Release) and
# run the bundled default scenario, Wenshui 2023 (文水县), with its own
# replications, horizon and seed.  Extra arguments go to `fundsim run`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DFUNDSIM_WERROR=OFF >/dev/null
cmake --build build/release -j "$(nproc 2>/dev/null || echo 2)" --target fundsim
./build/release/fundsim run scenarios/wenshui-2023.yaml --out results/wenshui-2023 "$@"
