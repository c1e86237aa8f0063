#!/usr/bin/env bash
# tests/test_install.sh -- `cmake --install` into a temporary prefix puts the
# command, the static and shared library, fundsim.h, fundsim.pc, the man page,
# the bundled scenarios and data in their places; a tiny C program built with
# `pkg-config --cflags --libs fundsim` (and nothing else) loads an installed
# scenario and runs one replication; the shared library exports the public
# API only; the installed command runs an installed scenario.
# Usage (from the repository root): bash tests/test_install.sh path/to/fundsim BUILD_DIR
set -u
FUNDSIM=${1:?usage: test_install.sh path/to/fundsim BUILD_DIR}
BUILD=${2:-$(dirname "$FUNDSIM")}
BUILD=$(cd "$BUILD" && pwd)
cd "$(dirname "$0")/.."

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_install.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fails=0
checks=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { checks=$((checks + 1)); }

# The build's compiler and sanitizers: a program linked against a sanitized
# library needs the same runtime.
cache() { sed -n "s/^$1:[A-Z]*=//p" "$BUILD/CMakeCache.txt"; }
CC=$(cache CMAKE_C_COMPILER)
CC=${CC:-cc}
SAN=$(cache FUNDSIM_SANITIZE)
SANFLAGS=${SAN:+-fsanitize=$SAN}

P=$TMP/prefix
if ! cmake --install "$BUILD" --prefix "$P" >"$TMP/install.log" 2>&1; then
    cat "$TMP/install.log"
    echo "FAIL: cmake --install"
    exit 1
fi
LIBDIR=$(cd "$P" && ls -d lib* | head -1)
PCDIR=$(dirname "$(find "$P" -name fundsim.pc | head -1)")
LIBPATH=$(dirname "$(find "$P" -name 'libfundsim.so' | head -1)")

for f in bin/fundsim include/fundsim.h share/man/man1/fundsim.1 \
         share/fundsim/scenarios/wenshui-2023.yaml share/fundsim/data/structures/shanxi-county.csv \
         share/doc/fundsim/metrics.md; do
    [ -e "$P/$f" ] && ok || fail "not installed: $f"
done
for f in libfundsim.a libfundsim.so "libfundsim.so.0"; do
    [ -e "$LIBPATH/$f" ] && ok || fail "not installed: $LIBPATH/$f"
done
[ -f "$PCDIR/fundsim.pc" ] && ok || fail "no fundsim.pc"
# Only the public header is installed.
n=$(find "$P/include" -name '*.h' | wc -l)
[ "$n" -eq 1 ] && ok || fail "installed $n headers, want only fundsim.h"

# The shared library exports fs_* and nothing of the inside.
if command -v nm >/dev/null; then
    bad=$(nm -D --defined-only "$LIBPATH/libfundsim.so" | awk '{print $3}' | sed 's/@.*//' |
          grep -v '^fs_' | grep -v '^FUNDSIM_0$' | head -5)
    [ -z "$bad" ] && ok || fail "the shared library exports internal symbols: $bad"
    nm -D --defined-only "$LIBPATH/libfundsim.so" | grep -q ' fs_run@' && ok ||
        fail "the shared library does not export fs_run"
fi

# A program against the installed library through pkg-config only.
export PKG_CONFIG_PATH=$PCDIR
cflags=$(pkg-config --cflags fundsim) || fail "pkg-config --cflags fundsim"
libs=$(pkg-config --libs fundsim) || fail "pkg-config --libs fundsim"
[ "$(pkg-config --modversion fundsim)" = "$("$FUNDSIM" --version | sed -n '1s/^fundsim \([0-9.]*\) .*/\1/p')" ] &&
    ok || fail "fundsim.pc version differs from fundsim --version"
cat >"$TMP/hello.c" <<'EOF'
/* Loads a scenario, runs one replication of one year, prints income_total. */
#include <stdio.h>
#include <fundsim.h>

int main(int argc, char **argv)
{
    fs_scenario *sc = NULL;
    fs_results *res = NULL;
    fs_run_options o;
    char err[512] = "";
    fs_init();
    if (argc < 2 || fs_scenario_load(argv[1], &sc, NULL) != FS_OK)
        return 2;
    fs_run_options_init(&o);
    o.replications = 1;
    o.years = 1;
    o.threads = 1;
    int rc = fs_run(sc, &o, &res, err, sizeof err);
    if (rc != FS_OK) {
        fprintf(stderr, "fs_run: %s\n", err);
        return 1;
    }
    printf("%s %d %s %.0f\n", fs_scenario_name(sc), res->start_year,
           fs_metric_name(FS_M_INCOME_TOTAL), *fs_results_at(res, 0, 0, FS_M_INCOME_TOTAL));
    fs_results_free(res);
    fs_scenario_free(sc);
    return 0;
}
EOF
# shellcheck disable=SC2086 # pkg-config's words are meant to split
if "$CC" -std=c11 -Wall -Werror $SANFLAGS $cflags -o "$TMP/hello" "$TMP/hello.c" $libs \
    2>"$TMP/cc.err"; then
    ok
    if LD_LIBRARY_PATH=$LIBPATH "$TMP/hello" "$P/share/fundsim/scenarios/wenshui-2023.yaml" \
        >"$TMP/hello.out" 2>&1; then
        read -r name year metric value <"$TMP/hello.out"
        [ "$name $year $metric" = "wenshui-2023 2023 income_total" ] && ok ||
            fail "hello printed: $(cat "$TMP/hello.out")"
        awk -v v="$value" 'BEGIN { exit !(v > 1e8) }' && ok || fail "income_total $value too small"
        # It runs against the installed shared library, not a static copy.
        LD_LIBRARY_PATH=$LIBPATH ldd "$TMP/hello" | grep -q "$LIBPATH/libfundsim.so.0" && ok ||
            fail "hello is not linked to the installed libfundsim.so.0"
    else
        fail "hello failed: $(cat "$TMP/hello.out")"
    fi
else
    fail "cannot compile against the installed library: $(cat "$TMP/cc.err")"
fi
# Static linking works too (pkg-config --static).
# shellcheck disable=SC2086
"$CC" -std=c11 $SANFLAGS $cflags -o "$TMP/hello_static" "$TMP/hello.c" "$LIBPATH/libfundsim.a" \
    $(pkg-config --static --libs-only-other --libs-only-l fundsim | sed 's/-lfundsim//') \
    2>"$TMP/cc2.err" && ok || fail "static link failed: $(cat "$TMP/cc2.err")"

# The installed command runs an installed scenario (its ../data paths hold).
"$P/bin/fundsim" run "$P/share/fundsim/scenarios/chongqing-2023.yaml" --reps 2 --years 1 \
    --mode sample --out "$TMP/out" --quiet && ok || fail "installed fundsim cannot run an installed scenario"
[ -s "$TMP/out/summary.csv" ] && ok || fail "no summary.csv from the installed command"

# The installed man page renders.
if command -v man >/dev/null; then
    MANWIDTH=80 man -l "$P/share/man/man1/fundsim.1" 2>"$TMP/man.err" | grep -q "compare" && ok ||
        fail "man -l does not render the installed page: $(cat "$TMP/man.err")"
fi

echo "test_install: $checks checks passed, $fails failed"
[ "$fails" -eq 0 ]
