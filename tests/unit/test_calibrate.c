/* tests/unit/test_calibrate.c -- calibration (docs/model.md §14): the
 * target table names metrics; each factor changes what it says, exactly
 * where the model is linear (the fiscal subsidy and contributions per
 * enrollee, other income, the cost of a stay) and within 4 se where it is
 * a frequency; fs_calibrate on a small county reaches its targets within
 * the tolerance, leaves the factors in the scenario so that a fresh run
 * gives the same means, and reports what it cannot do. */
#include <stdlib.h>
#include <string.h>

#include "fs_test.h"
#include "scenario_int.h"

#define SMALL "tests/cli/small.yaml"

static fs_scenario *load(const char *const *sets, size_t n)
{
    fs_scenario *sc = NULL;
    fs_diags *d = fs_diags_alloc();
    assert_non_null(d);
    int rc = fs_scenario_load_with(SMALL, sets, n, &sc, d);
    if (rc != FS_OK)
        for (size_t i = 0; i < fs_diags_count(d); i++) {
            char buf[512];
            printf("%s\n", fs_diag_format(fs_diags_get(d, i), buf, sizeof buf));
        }
    assert_int_equal(rc, FS_OK);
    fs_diags_free(d);
    return sc;
}

static fs_results *run(const fs_scenario *sc, int reps, int years)
{
    fs_run_options o;
    fs_results *res = NULL;
    char err[256];
    fs_run_options_init(&o);
    o.replications = reps;
    o.years = years;
    o.threads = 1;
    assert_int_equal(fs_run(sc, &o, &res, err, sizeof err), FS_OK);
    return res;
}

static double at(const fs_results *r, int rep, fs_metric m) { return *fs_results_at(r, rep, 0, m); }

static void test_targets_are_metrics(void **state)
{
    (void)state;
    static const struct {
        fs_metric m;
        const char *name;
    } t[] = {
#define ROW(metric, name, factor) {FS_M_##metric, name},
        FSI_CAL_TARGETS(ROW)
#undef ROW
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        assert_string_equal(fs_metric_name(t[i].m), t[i].name);
    assert_string_equal(fsi_cal_factor_name(FSI_CF_ADMISSIONS), "admissions");
    assert_string_equal(fsi_cal_factor_name(FSI_CF_NONE), "none");
}

/* Linear factors change their line exactly, replication by replication
 * (common random numbers: the same persons). */
static void test_linear_factors(void **state)
{
    (void)state;
    fs_scenario *sc = load(NULL, 0);
    fs_results *a = run(sc, 4, 1);
    sc->cal_factor[FSI_CF_FISCAL_SUBSIDY] = 1.25;
    sc->cal_factor[FSI_CF_OTHER_INCOME] = 12345.0;
    fs_results *b = run(sc, 4, 1);
    sc->cal_factor[FSI_CF_FISCAL_SUBSIDY] = 1.0;
    sc->cal_factor[FSI_CF_OTHER_INCOME] = 0.0;
    sc->cal_factor[FSI_CF_INPATIENT_COST] = 1.5; /* every level's costs x 1.5 */
    fs_results *c = run(sc, 4, 1);
    for (int r = 0; r < 4; r++) {
        assert_close(at(b, r, FS_M_ENROLLEES), at(a, r, FS_M_ENROLLEES), 0, 0);
        assert_close(at(b, r, FS_M_INCOME_FISCAL), 1.25 * at(a, r, FS_M_INCOME_FISCAL), 1e-12, 0);
        assert_close(at(b, r, FS_M_INCOME_OTHER), at(a, r, FS_M_INCOME_OTHER) + 12345.0, 1e-12, 0);
        assert_close(at(b, r, FS_M_SPEND_TOTAL), at(a, r, FS_M_SPEND_TOTAL), 0, 0);
        /* the same stays, each costing 1.5 times as much */
        assert_close(at(c, r, FS_M_ADMISSIONS), at(a, r, FS_M_ADMISSIONS), 0, 0);
        assert_close(at(c, r, FS_M_INPATIENT_COST), 1.5 * at(a, r, FS_M_INPATIENT_COST), 1e-12, 0);
        assert_close(at(c, r, FS_M_COST_PER_ADMISSION), 1.5 * at(a, r, FS_M_COST_PER_ADMISSION),
                     1e-12, 0);
    }
    fs_results_free(a);
    fs_results_free(b);
    fs_results_free(c);
    fs_scenario_free(sc);
}

/* The admission factor scales the expected admissions: the mean ratio is
 * 1.3 within 4 se of the two runs' means. */
static void test_frequency_factor(void **state)
{
    (void)state;
    fs_scenario *sc = load(NULL, 0);
    const int R = 40;
    fs_results *a = run(sc, R, 1);
    sc->cal_factor[FSI_CF_ADMISSIONS] = 1.3;
    fs_results *b = run(sc, R, 1);
    fs_stat sa[FS_M_COUNT], sb[FS_M_COUNT];
    assert_int_equal(fs_results_summarize(a, sa), FS_OK);
    assert_int_equal(fs_results_summarize(b, sb), FS_OK);
    double ma = sa[FS_M_ADMISSION_RATE].mean, mb = sb[FS_M_ADMISSION_RATE].mean;
    double se = sqrt(pow(1.3 * sa[FS_M_ADMISSION_RATE].se, 2) + pow(sb[FS_M_ADMISSION_RATE].se, 2));
    assert_close(mb, 1.3 * ma, 0, 4.0 * se);
    assert_true(mb > 1.2 * ma);
    fs_results_free(a);
    fs_results_free(b);
    fs_scenario_free(sc);
}

/* A small county fitted to round figures: within the tolerance, factors
 * left in the scenario, and a fresh run gives the fitted means. */
static void test_fit_small(void **state)
{
    (void)state;
    const char *sets[] = {
        ("calibrate.targets={enrollees: 18000, admission_rate: 0.14, spend_inpatient: 7000000, "
         "income_total: 20000000}"),
        "calibrate.tolerance=0.00001"};
    fs_scenario *sc = load(sets, 2);
    fs_run_options o;
    fs_calibration *cal = calloc(1, sizeof *cal);
    char err[512];
    fs_run_options_init(&o);
    o.replications = 20;
    o.threads = 1;
    assert_int_equal(fs_calibrate(sc, &o, cal, NULL, NULL, err, sizeof err), FS_OK);
    assert_int_equal(cal->ntargets, 4);
    assert_true(cal->max_residual <= 1e-5);
    assert_true(cal->runs >= 5); /* the first run, four differences, a step */
    for (int i = 0; i < cal->ntargets; i++)
        assert_close(cal->target[i].residual, 0.0, 0, 1e-5);
    assert_true(sc->cal_factor[FSI_CF_POPULATION] != 1.0);
    assert_true(sc->cal_factor[FSI_CF_INPATIENT_COST] != 1.0);
    fs_results *r = run(sc, 20, 2);
    fs_stat st[2 * FS_M_COUNT];
    assert_int_equal(fs_results_summarize(r, st), FS_OK);
    assert_close(st[FS_M_ENROLLEES].mean, cal->target[0].fitted, 0, 0);
    assert_close(st[FS_M_ADMISSION_RATE].mean / 0.14, 1.0, 0, 1e-5);
    size_t n = fs_scenario_calibration(sc, NULL, cal->factor, FS_CALIB_MAX);
    assert_int_equal(n, 4); /* population, other income, admissions, inpatient cost */
    fs_results_free(r);
    free(cal);
    fs_scenario_free(sc);
}

/* A group's observed enrollees fit its share: groups.csv gives them back. */
static void test_fit_group(void **state)
{
    (void)state;
    const char *sets[] = {
        ("groups=[{name: 低保, id: dibao, share: 0.05, subsidy: {type: full}}, "
         "{name: 学生, id: xs, share: 0.1, ages: [6, 22]}]"),
        "calibrate.groups=[{enrollees: 1200}, {}]", "calibrate.targets={enrollees: 18500}"};
    fs_scenario *sc = load(sets, 3);
    fs_run_options o;
    fs_calibration *cal = calloc(1, sizeof *cal);
    char err[512];
    fs_run_options_init(&o);
    o.replications = 20;
    o.threads = 1;
    assert_int_equal(fs_calibrate(sc, &o, cal, NULL, NULL, err, sizeof err), FS_OK);
    assert_int_equal(cal->ntargets, 2);
    assert_string_equal(cal->target[1].target, "groups[0].enrollees");
    assert_close(cal->target[1].residual, 0.0, 0, 1e-4);
    assert_true(sc->cal_group[0].share_factor > 1.1); /* 5% of ~20,000 is about 1,000 */
    assert_close(sc->cal_group[1].share_factor, 1.0, 0, 0);
    fs_results *r = run(sc, 20, 1);
    double sum = 0.0;
    for (int k = 0; k < 20; k++)
        sum += *fs_results_gat(r, k, 0, 0, 0, FS_GQ_ENROLLEES);
    assert_close(sum / 20.0, cal->target[1].fitted, 1e-12, 0);
    fs_results_free(r);
    free(cal);
    fs_scenario_free(sc);
}

static void test_fit_errors(void **state)
{
    (void)state;
    fs_run_options o;
    fs_calibration *cal = calloc(1, sizeof *cal);
    char err[512];
    fs_run_options_init(&o);
    o.replications = 5;
    o.threads = 1;
    /* nothing to fit */
    fs_scenario *sc = load(NULL, 0);
    assert_int_equal(fs_calibrate(sc, &o, cal, NULL, NULL, err, sizeof err), FS_EUSAGE);
    assert_non_null(strstr(err, "nothing to fit"));
    fs_scenario_free(sc);
    /* a target <= 0 */
    const char *zero[] = {"calibrate.targets={spend_inpatient: 0}"};
    sc = load(zero, 1);
    assert_int_equal(fs_calibrate(sc, &o, cal, NULL, NULL, err, sizeof err), FS_EUSAGE);
    assert_non_null(strstr(err, "target spend_inpatient is 0"));
    fs_scenario_free(sc);
    /* no chronic programme: its prevalence moves nothing */
    const char *none[] = {"calibrate.targets={spend_chronic: 1000}", "benefits.chronic=[]"};
    sc = load(none, 2);
    assert_int_equal(fs_calibrate(sc, &o, cal, NULL, NULL, err, sizeof err), FS_ENUMERIC);
    assert_non_null(strstr(err, "target spend_chronic cannot be fitted"));
    fs_scenario_free(sc);
    free(cal);
}

int main(void)
{
    fs_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_targets_are_metrics), cmocka_unit_test(test_linear_factors),
        cmocka_unit_test(test_frequency_factor),    cmocka_unit_test(test_fit_small),
        cmocka_unit_test(test_fit_group),           cmocka_unit_test(test_fit_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
