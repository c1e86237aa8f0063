/* tests/fuzz/fuzz_load.c -- libFuzzer target over the scenario loader.
 *
 * Each input is a scenario text, loaded from memory with `extends:` and
 * data files resolved against FUNDSIM_FUZZ_BASE (default "scenarios", so a
 * mutated seed can still extend the bundled scenarios and read their data).
 * Every diagnostic is formatted, and on success every resolved parameter is
 * read for the first three policy years.  The loader's contract is checked
 * and a breach aborts (libFuzzer keeps the input as a crash):
 *   - FS_OK comes with a scenario, no error diagnostic and a horizon >= 1;
 *   - a failure comes with no scenario, one of FS_ESCENARIO / FS_EIO /
 *     FS_ENOMEM, and (unless out of memory) at least one error;
 *   - every error names a file;
 *   - fs_scenario_param_get answers FS_OK or FS_EUSAGE only.
 * Crashes, leaks, undefined behaviour and hangs (-timeout) are libFuzzer's
 * and the sanitizers' to report.  Run by scripts/test-all.sh for 60 s over
 * tests/fuzz/corpus (tests/fuzz/run.sh). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fundsim.h"

static void breach(const char *what)
{
    fprintf(stderr, "fuzz_load: contract broken: %s\n", what);
    abort();
}

static void check_diags(const fs_diags *d)
{
    char line[2048];
    for (size_t i = 0; i < fs_diags_count(d); i++) {
        const fs_diag *g = fs_diags_get(d, i);
        fs_diag_format(g, line, sizeof line);
        if (g->kind == FS_DIAG_ERROR && g->file[0] == '\0')
            breach("an error without a file");
    }
}

static void check_params(const fs_scenario *sc)
{
    const int y0 = fs_scenario_start_year(sc), ny = fs_scenario_years(sc);
    if (ny < 1)
        breach("a horizon below one year accepted");
    for (size_t i = 0; i < fs_scenario_param_count(sc); i++)
        for (int y = y0; y < y0 + (ny < 3 ? ny : 3); y++) {
            fs_param_view v;
            int rc = fs_scenario_param_get(sc, i, y, &v);
            if (rc != FS_OK && rc != FS_EUSAGE)
                breach("fs_scenario_param_get: an unexpected status");
            if (rc == FS_OK && !v.path)
                breach("a parameter without a path");
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *base;
    fs_scenario *sc = NULL;
    fs_diags *d;
    int rc;

    if (!base) {
        fs_init();
        base = getenv("FUNDSIM_FUZZ_BASE");
        if (!base)
            base = "scenarios";
    }
    d = fs_diags_alloc();
    if (!d)
        return 0;
    rc = fs_scenario_load_string("fuzz.yaml", (const char *)data, size, base, &sc, d);
    check_diags(d);
    if (rc == FS_OK) {
        if (!sc || fs_diags_errors(d) > 0)
            breach("FS_OK without a scenario, or with errors");
        check_params(sc);
    } else {
        if (sc)
            breach("a failure with a scenario");
        if (rc != FS_ESCENARIO && rc != FS_EIO && rc != FS_ENOMEM)
            breach("an unexpected status");
        if (rc != FS_ENOMEM && fs_diags_errors(d) == 0)
            breach("a failure without an error");
    }
    fs_scenario_free(sc);
    fs_diags_free(d);
    return 0;
}
