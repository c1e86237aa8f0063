/* tests/unit/engine_fixtures.h -- scenarios from YAML text for the engine suites
 * (test_engine*.c, test_population.c).
 *
 * Tests state every scenario they run as YAML and load it with the public
 * loader (fs_scenario_load_string); they never write a field of struct
 * fs_scenario, so defaults live only in the loader's schema.  Data a
 * scenario cannot state inline (population tables, age structures,
 * mortality tables) are CSV files the suite writes into a temporary
 * directory (fx_dir), which is also the base directory of every scenario:
 * `structure: male40.csv` and `extends: quiet.yaml` name files there.
 *
 * A suite passes fx_group_setup (or its own setup calling fx_setup_dir) and
 * fx_group_teardown to cmocka_run_group_tests (fx_load_in loads from another
 * directory and needs neither).  The setup writes
 *   quiet.yaml          FX_QUIET_YAML, the base most tests extend;
 *   zero_mortality.csv  q(x) = 0 at every age.
 * Results are read through the public API only (fs_run, fs_results_*). */
#ifndef FS_ENGINE_FIXTURES_H
#define FS_ENGINE_FIXTURES_H

#include "fs_test.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine_int.h"

#if defined(__GNUC__)
#define FX_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define FX_PRINTF(f, a)
#endif

/* The quiet base: no systemic randomness (inflation, utilization,
 * enrollment shocks, interest all 0), one tier of 350, everyone enrolled
 * (base rate 1), nobody dies, no fiscal subsidy (provincial budget only),
 * no inpatient admissions (the one level is required by the schema), 1
 * year, 100 replications, exact mode.  No population size: a test adds
 * `population: {total: N, structure: F}` or `population: {table: F}`.
 * Fertility is left at its default (tfr 1): births enter the population
 * the next year, and maternity spending needs a benefit, so it only
 * matters to tests of several years with women 15-49, which set it. */
static const char FX_QUIET_YAML[] =
    "# quiet.yaml -- written by tests/unit/engine_fixtures.h\n"
    "scenario: {name: test, start_year: 2023, years: 1}\n"
    "simulation: {replications: 100, seed: 20230101, mode: exact}\n"
    "population:\n"
    "  mortality: {table: zero_mortality.csv, improvement: 0}\n"
    "tiers:\n"
    "  - {contribution: 350}\n"
    "enrollment: {base_rate: 1.0, shock_sd: 0}\n"
    "financing:\n"
    "  fiscal_subsidy: 0\n"
    "  fiscal_shares: {provincial: 1.0}\n"
    "  interest: {mean: 0, sd: 0}\n"
    "costs:\n"
    "  inflation: {mean: 0, sd: 0}\n"
    "  utilization: {trend: 0, shock_sd: 0}\n"
    "benefits:\n"
    "  inpatient:\n"
    "    admission_rate: 0\n"
    "    levels: [{name: 县级医院, share: 1.0, cost: {dist: lognormal, mean: 5000, cv: 1.0},\n"
    "              ratio: 0.7}]\n";

/* The suite's temporary directory (empty before setup). */
static char fx_dir[512];

/* Writes `text` to fx_dir/name (fails the test on error). */
static inline void fx_write(const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", fx_dir, name);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        fail_msg("cannot write %s", path);
    fputs(text, f);
    if (fclose(f) != 0)
        fail_msg("cannot write %s", path);
}

/* Writes fx_dir/name as a CSV age,male,female with one row per age 0..100
 * (v[0] male, v[1] female), values printed exactly (%.17g). */
static inline void fx_write_table(const char *name, double v[2][FS_NAGES])
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", fx_dir, name);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        fail_msg("cannot write %s", path);
    fprintf(f, "age,male,female\n");
    for (int a = 0; a < FS_NAGES; a++)
        fprintf(f, "%d,%.17g,%.17g\n", a, v[0][a], v[1][a]);
    if (fclose(f) != 0)
        fail_msg("cannot write %s", path);
}

/* Writes a CSV with the value x in cell (sex, age) and 0 elsewhere: as a
 * population.structure, `total: N` puts exactly N persons in that cell. */
static inline void fx_write_cell(const char *name, int sex, int age, double x)
{
    double v[2][FS_NAGES];
    memset(v, 0, sizeof v);
    v[sex][age] = x;
    fx_write_table(name, v);
}

/* Creates fx_dir and writes quiet.yaml and zero_mortality.csv. */
static inline int fx_setup_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(fx_dir, sizeof fx_dir, "%s/fundsim-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (mkdtemp(fx_dir) == NULL) {
        fprintf(stderr, "mkdtemp %s failed\n", fx_dir);
        fx_dir[0] = '\0';
        return -1;
    }
    double zero[2][FS_NAGES];
    memset(zero, 0, sizeof zero);
    fx_write("quiet.yaml", FX_QUIET_YAML);
    fx_write_table("zero_mortality.csv", zero);
    return 0;
}

static inline int fx_group_setup(void **state)
{
    (void)state;
    return fx_setup_dir();
}

/* fx_group_setup, plus male50.csv: one man aged 50 (a population.structure). */
static inline int fx_group_setup_male50(void **state)
{
    (void)state;
    if (fx_setup_dir() != 0)
        return -1;
    fx_write_cell("male50.csv", 0, 50, 1.0);
    return 0;
}

/* Removes the files of fx_dir and the directory. */
static inline int fx_group_teardown(void **state)
{
    (void)state;
    if (fx_dir[0] == '\0')
        return 0;
    DIR *d = opendir(fx_dir);
    if (d != NULL) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", fx_dir, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    int rc = rmdir(fx_dir);
    fx_dir[0] = '\0';
    return rc;
}

/* Prints the scenario text with line numbers and its diagnostics. */
static inline void fx_print_diags(const char *text, const fs_diags *d)
{
    char buf[1600];
    int line = 1;
    printf("%4d| ", line);
    for (const char *p = text; *p; p++) {
        putchar(*p);
        if (*p == '\n' && p[1])
            printf("%4d| ", ++line);
    }
    for (size_t i = 0; i < fs_diags_count(d); i++)
        printf("  %s\n", fs_diag_format(fs_diags_get(d, i), buf, sizeof buf));
}

/* Loads the scenario whose YAML text is the printf-style fmt with the
 * arguments ap, as scenario.yaml in base_dir (which `extends:` and data
 * files are relative to); on failure prints the text and the diagnostics
 * and fails the test.  Free with fs_scenario_free. */
static inline FX_PRINTF(2, 0) fs_scenario *fx_vload(const char *base_dir, const char *fmt,
                                                    va_list ap)
{
    static char text[16384];
    int n = vsnprintf(text, sizeof text, fmt, ap);
    if (n < 0 || (size_t)n >= sizeof text)
        fail_msg("scenario text too long (%d bytes)", n);
    fs_diags *d = fs_diags_alloc();
    assert_non_null(d);
    fs_scenario *sc = NULL;
    int rc = fs_scenario_load_string("scenario.yaml", text, (size_t)n, base_dir, &sc, d);
    if (rc != FS_OK || sc == NULL) {
        fx_print_diags(text, d);
        fs_diags_free(d);
        fail_msg("cannot load the scenario: %s", fs_strerror(rc));
    }
    fs_diags_free(d);
    return sc;
}

/* fx_vload in the suite's directory fx_dir. */
static inline FX_PRINTF(1, 2) fs_scenario *fx_load(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fs_scenario *sc = fx_vload(fx_dir, fmt, ap);
    va_end(ap);
    return sc;
}

/* fx_vload in base_dir. */
static inline FX_PRINTF(2, 3) fs_scenario *fx_load_in(const char *base_dir, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fs_scenario *sc = fx_vload(base_dir, fmt, ap);
    va_end(ap);
    return sc;
}

/* The group table adds up, in every replication and year, to the
 * whole-fund enrollees, individual contribution income and subsidy, each
 * spending line, the critical-illness and assistance benefits and the
 * out-of-pocket (rel 1e-9), independently of fs_results_check_identities;
 * no quantity is negative. */
static inline void fx_check_group_sums(const fs_results *res)
{
    static const struct {
        fs_group_quantity q;
        fs_metric m;
    } gm[] = {{FS_GQ_ENROLLEES, FS_M_ENROLLEES},
              {FS_GQ_INCOME_INDIVIDUAL, FS_M_INCOME_INDIVIDUAL},
              {FS_GQ_INCOME_INDIVIDUAL_SUBSIDY, FS_M_INCOME_INDIVIDUAL_SUBSIDY},
              {FS_GQ_BENEFITS_OUTPATIENT, FS_M_SPEND_OUTPATIENT},
              {FS_GQ_BENEFITS_CHRONIC, FS_M_SPEND_CHRONIC},
              {FS_GQ_BENEFITS_INPATIENT, FS_M_SPEND_INPATIENT},
              {FS_GQ_BENEFITS_MATERNITY, FS_M_SPEND_MATERNITY},
              {FS_GQ_BENEFITS_CRITICAL, FS_M_CI_BENEFITS},
              {FS_GQ_BENEFITS_ASSIST, FS_M_ASSIST_BENEFITS},
              {FS_GQ_OUT_OF_POCKET, FS_M_OOP_MEAN}};
    assert_non_null(res->gvalues);
    assert_true(res->ngroups_out >= 1 && res->ngroups_out <= FS_RESULTS_MAX_GROUPS);
    assert_true(res->ntiers_out >= 1 && res->ntiers_out <= FS_RESULTS_MAX_TIERS);
    assert_string_equal(res->group_names[res->ngroups_out - 1], FS_ORDINARY_GROUP_NAME);
    for (int r = 0; r < res->rep_count; r++)
        for (int y = 0; y < res->years; y++) {
            for (int k = 0; k < FS_GQ_COUNT; k++)
                for (int g = 0; g < res->ngroups_out; g++)
                    for (int t = 0; t < res->ntiers_out; t++)
                        assert_true(*fs_results_gat(res, r, y, g, t, (fs_group_quantity)k) >=
                                    0.0);
            for (size_t k = 0; k < sizeof gm / sizeof gm[0]; k++) {
                double sum = 0.0, want = *fs_results_at(res, r, y, gm[k].m);
                for (int g = 0; g < res->ngroups_out; g++)
                    for (int t = 0; t < res->ntiers_out; t++)
                        sum += *fs_results_gat(res, r, y, g, t, gm[k].q);
                if (gm[k].m == FS_M_OOP_MEAN)
                    want *= *fs_results_at(res, r, y, FS_M_ENROLLEES);
                assert_close(sum, want, 1e-9, 0);
            }
        }
}

/* Runs sc with its own replications and horizon on `threads` threads (0 =
 * all), then checks the accounting identities and the group table. */
static inline fs_results *fx_run(const fs_scenario *sc, int threads)
{
    fs_run_options o;
    fs_results *res = NULL;
    char err[256] = "";
    fs_run_options_init(&o);
    o.threads = threads;
    int rc = fs_run(sc, &o, &res, err, sizeof err);
    if (rc != FS_OK)
        fail_msg("fs_run: %d %s", rc, err);
    char ierr[512] = "";
    if (fs_results_check_identities(res, ierr, sizeof ierr) != FS_OK)
        fail_msg("identities: %s", ierr);
    fx_check_group_sums(res);
    return res;
}

/* Loads the YAML text, runs it (fx_run) and frees the scenario. */
#define FX_RUN_YAML(threads, ...)                                                              \
    fx_run_free(fx_load(__VA_ARGS__), (threads))
static inline fs_results *fx_run_free(fs_scenario *sc, int threads)
{
    fs_results *res = fx_run(sc, threads);
    fs_scenario_free(sc);
    return res;
}

/* Mean and standard error over replications of one (year, metric). */
static inline void fx_mean_se(const fs_results *res, int y, fs_metric m, double *mean, double *se)
{
    fs_stat *st = calloc((size_t)res->years * FS_M_COUNT, sizeof *st);
    assert_non_null(st);
    assert_int_equal(fs_results_summarize(res, st), FS_OK);
    *mean = st[y * FS_M_COUNT + m].mean;
    *se = st[y * FS_M_COUNT + m].se;
    free(st);
}

/* The first year's mean of m lies within k standard errors of want, and
 * the standard error is positive (the check is not vacuous). */
static inline void fx_assert_within_se(const fs_results *res, fs_metric m, double want, double k)
{
    double mean, se;
    fx_mean_se(res, 0, m, &mean, &se);
    if (!(fabs(mean - want) <= k * se))
        fail_msg("%s: mean %.10g, want %.10g, se %.4g (%.2f se)", fs_metric_name(m), mean, want, se,
                 (mean - want) / se);
    assert_true(se > 0.0);
}

#endif
