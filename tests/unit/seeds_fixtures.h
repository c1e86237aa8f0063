/* tests/unit/seeds_fixtures.h -- helpers of the seed-scenario suites
 * (test_seeds.c, test_seeds_run.c): loading the real files, the engine's
 * plan of a year, and deterministic test beds made with overrides. */
#ifndef FS_SEEDS_FIXTURES_H
#define FS_SEEDS_FIXTURES_H

#include "fs_test.h"

#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>

#include "engine_int.h"

/* ---------------------------------------------------------------- */
/* Helpers. */

static inline fs_scenario *load(const char *file)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/%s", FS_SOURCE_DIR, file);
    fs_diags *d = fs_diags_alloc();
    fs_scenario *sc = NULL;
    assert_non_null(d);
    int rc = fs_scenario_load(path, &sc, d);
    /* `fundsim check` says "ok" without a warning for every seed scenario. */
    for (size_t i = 0; i < fs_diags_count(d); i++) {
        char buf[1400];
        fprintf(stderr, "%s\n", fs_diag_format(fs_diags_get(d, i), buf, sizeof buf));
    }
    if (rc != FS_OK || fs_diags_count(d) != 0)
        fail_msg("%s: load rc %d, %zu diagnostics", file, rc, fs_diags_count(d));
    fs_diags_free(d);
    assert_non_null(sc);
    return sc;
}

/* The value of a dated parameter for a policy year (must exist). */
static inline double at(const fs_param *p, int year)
{
    double v = 0.0;
    if (fsi_param_at(p, year, &v) != FS_OK)
        fail_msg("parameter (ref \"%s\") has no value for %d", p->ref, year);
    return v;
}

static inline int has_ref(const fs_param *p, const char *needle)
{
    return strstr(p->ref, needle) != NULL;
}

static inline fs_group *group(fs_scenario *sc, const char *id)
{
    for (int g = 0; g < sc->ngroups; g++)
        if (!strcmp(sc->group[g].id, id))
            return &sc->group[g];
    fail_msg("%s: no group with id '%s'", sc->name, id);
    return NULL;
}

static inline int group_index(const fs_scenario *sc, const char *id)
{
    for (int g = 0; g < sc->ngroups; g++)
        if (!strcmp(sc->group[g].id, id))
            return g;
    fail_msg("%s: no group with id '%s'", sc->name, id);
    return -1;
}

static inline int chronic_index(const fs_scenario *sc, const char *prefix)
{
    for (int c = 0; c < sc->nchronic; c++)
        if (!strncmp(sc->chronic[c].name, prefix, strlen(prefix)))
            return c;
    fail_msg("%s: no chronic programme named '%s...'", sc->name, prefix);
    return -1;
}

/* The engine's plan of year y (plan.c): every value below is the engine's
 * own wiring of the file's parameters, not a re-implementation of it. */
static inline fsi_year plan_of(const fs_scenario *sc, int y)
{
    fsi_year Y;
    char err[512] = "";
    if (fsi_plan_year(sc, y, &Y, err, sizeof err) != FS_OK)
        fail_msg("%s: plan %d: %s", sc->name, y, err);
    return Y;
}

/* Index of group `id` in the plan; NULL = the ordinary residents. */
static inline int gidx(const fs_scenario *sc, const char *id)
{
    return id ? group_index(sc, id) : sc->ngroups;
}

/* Subsidy of a member of group `id` (NULL = ordinary) in tier t, year y. */
static inline double subsidy(const fs_scenario *sc, const char *id, int t, int y)
{
    return plan_of(sc, y).sub[gidx(sc, id)][t];
}

/* The critical-illness deductible of a member of group `id`. */
static inline double ci_deductible(const fs_scenario *sc, const char *id, int y)
{
    return plan_of(sc, y).ci_ded_g[gidx(sc, id)];
}

/* fsi_ci_benefit with the group's modifiers as the engine applies them. */
static inline double ci_benefit(const fs_scenario *sc, const char *id, double base, int y)
{
    fsi_year Y = plan_of(sc, y);
    int g = gidx(sc, id);
    return fsi_ci_benefit(base, Y.ci_ded_g[g], Y.ci_upto, Y.ci_ratio, sc->ci.nbands, Y.ci_add[g],
                          Y.ci_cap_g[g]);
}

static inline double assist_threshold(const fs_scenario *sc, const char *id, int y)
{
    return plan_of(sc, y).as[gidx(sc, id)].thr;
}

static inline double assist_benefit(const fs_scenario *sc, const char *id, double base, int y)
{
    fsi_year Y = plan_of(sc, y);
    int g = gidx(sc, id);
    return fsi_assist_layers(base, &Y.as[g]);
}

/* The assistance of a member of group `id` with self-paid costs sp after
 * basic insurance and a critical-illness benefit cib: the base of the
 * group's lines (fsi_assist_base), then its layers, as the engine does. */
static inline double assist_person(const fs_scenario *sc, const char *id, fsi_selfpaid sp,
                                   double cib, int y)
{
    fsi_year Y = plan_of(sc, y);
    int g = gidx(sc, id);
    return fsi_assist_layers(fsi_assist_base(&sp, Y.as[g].lines, cib), &Y.as[g]);
}

/* ---------------------------------------------------------------- */
/* Deterministic test beds: the scenario file as it is, with overrides
 * (fs_scenario_load_with, KEY.PATH=VALUE) that leave n residents of one
 * (sex, age) cell, all ordinary (group shares 0), everybody enrolled, no
 * systemic randomness, costs in start-year prices, no spending line
 * switched on (unless asked) and no balance.  The rules (tiers, groups,
 * subsidies, CI, assistance, caps, ratios) stay those of the file.  A
 * constant cost is a lognormal with cv 1e-15 (relative spread ~1e-15). */

#define BED_OUTPATIENT 1 /* keep the file's outpatient rules: everybody uses it */
#define BED_CHRONIC 2    /* keep the file's chronic programmes */

typedef struct bed {
    char text[64][320];
    const char *sets[64];
    size_t n;
} bed;

static char bed_dir[] = "/tmp/fs_test_seeds_XXXXXX";

static inline void bed_set(bed *b, const char *fmt, ...) FS_TEST_PRINTF(2, 3);
static inline void bed_set(bed *b, const char *fmt, ...)
{
    va_list ap;
    assert_true(b->n < 64);
    va_start(ap, fmt);
    vsnprintf(b->text[b->n], sizeof b->text[b->n], fmt, ap);
    va_end(ap);
    b->sets[b->n] = b->text[b->n];
    b->n++;
}

/* The overrides of a bed for scenario `file` (ngroups groups). */
static inline void bed_init(bed *b, const fs_scenario *sc, int sex, int age, double n, int keep)
{
    char csv[300];
    snprintf(csv, sizeof csv, "%s/cell_%d_%d.csv", bed_dir, sex, age);
    FILE *f = fopen(csv, "w");
    assert_non_null(f);
    fputs("age,male,female\n", f);
    for (int a = 0; a <= FS_MAX_AGE; a++)
        fprintf(f, "%d,%d,%d\n", a, a == age && sex == 0, a == age && sex == 1);
    assert_int_equal(fclose(f), 0);
    b->n = 0;
    bed_set(b, "scenario.years=1");
    bed_set(b, "simulation={replications: 2, mode: exact}");
    bed_set(b, "population={total: %.17g, structure: %s, mortality: {shock_sd: 0}, "
               "fertility: {tfr: 0}, migration: {net_rate: 0}}",
            n, csv);
    bed_set(b, "enrollment={base_rate: 1, elasticity: 0, shock_sd: 0, late_share: 0}");
    bed_set(b, "costs={inflation: {mean: 0, sd: 0}, utilization: {trend: 0, shock_sd: 0}}");
    bed_set(b, "financing.interest={mean: 0, sd: 0}");
    bed_set(b, "financing.other_income=0");
    bed_set(b, "fund.initial_balance=0");
    bed_set(b, "benefits.inpatient={admission_rate: 0, levels: []}");
    bed_set(b, "benefits.maternity={benefit: 0}");
    if (keep & BED_OUTPATIENT)
        bed_set(b, "benefits.outpatient.use_rate=1");
    else
        bed_set(b, "benefits.outpatient=~");
    if (!(keep & BED_CHRONIC))
        bed_set(b, "benefits.chronic=[]");
    for (int g = 0; g < sc->ngroups; g++) {
        bed_set(b, "groups[%d].share=0", g);
        bed_set(b, "groups[%d].enrollment_rate=1", g);
    }
}

/* One chronic programme held by everybody, of constant annual cost, fully
 * in scope, no deductible, no cap. */
static inline void bed_chronic(bed *b, double cost, double ratio, int counts_for_ci)
{
    bed_set(b, "benefits.chronic=[{name: test, prevalence: 1, cost: {mean: %.17g, cv: 1e-15}, "
               "ratio: %.17g, counts_for_critical_illness: %s}]",
            cost, ratio, counts_for_ci ? "true" : "false");
}

static inline fs_scenario *bed_load(const char *file, const bed *b)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/%s", FS_SOURCE_DIR, file);
    fs_diags *d = fs_diags_alloc();
    fs_scenario *sc = NULL;
    int rc = fs_scenario_load_with(path, b->sets, b->n, &sc, d);
    if (rc != FS_OK) {
        char buf[1400];
        for (size_t i = 0; i < fs_diags_count(d); i++)
            fprintf(stderr, "%s\n", fs_diag_format(fs_diags_get(d, i), buf, sizeof buf));
        fail_msg("%s: bed load rc %d", file, rc);
    }
    fs_diags_free(d);
    return sc;
}

/* The bed of `file` with keep flags and the extra overrides. */
static inline fs_scenario *bed_of(const char *file, int sex, int age, double n, int keep,
                           const char *const *extra, size_t nextra)
{
    fs_scenario *sc = load(file);
    bed b;
    bed_init(&b, sc, sex, age, n, keep);
    fs_scenario_free(sc);
    for (size_t i = 0; i < nextra; i++)
        bed_set(&b, "%s", extra[i]);
    return bed_load(file, &b);
}

static inline fs_results *run(const fs_scenario *sc, fs_mode mode, int reps, int years)
{
    fs_run_options o;
    fs_results *res = NULL;
    char err[512] = "";
    fs_run_options_init(&o);
    o.mode = mode;
    o.replications = reps;
    o.years = years;
    int rc = fs_run(sc, &o, &res, err, sizeof err);
    if (rc != FS_OK)
        fail_msg("%s: fs_run: %d %s", sc->name, rc, err);
    char ierr[512] = "";
    if (fs_results_check_identities(res, ierr, sizeof ierr) != FS_OK)
        fail_msg("%s: identities: %s", sc->name, ierr);
    return res;
}

#define AT0(res, m) (*fs_results_at((res), 0, 0, FS_M_##m))

static inline int bed_dir_make(void **state)
{
    (void)state;
    return mkdtemp(bed_dir) ? 0 : -1;
}

static inline int bed_dir_remove(void **state)
{
    char cmd[128];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", bed_dir);
    return system(cmd) == 0 ? 0 : -1;
}


#endif
