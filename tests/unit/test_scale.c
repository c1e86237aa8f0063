/* tests/unit/test_scale.c -- the large-population (sample) mode agrees with
 * exact mode on a mid-size region, and is deterministic across threads.
 *
 * Region: scenarios/wenshui-2023.yaml scaled to ~200,000 residents.  Both
 * modes run with the same seed, so replication r shares its systemic paths
 * and its first persons in every cell (common random numbers).  Sample mode
 * is unbiased given the systemic paths (docs/model.md §13), so for every
 * replication-year the difference d = sample - exact has mean 0; the test
 * asks |mean d| <= 4 se(d) (paired), and also the unpaired
 * |mean_e - mean_s| <= 4 sqrt(se_e^2 + se_s^2) of issue #5, for income,
 * every spending line, surplus, critical illness and assistance.  It also
 * checks that the reported sampling error (sampling_rel_se) matches the
 * observed spread of d for spend_total within a factor of 2. */
#include "engine_fixtures.h"

#define REPS 24
#define YEARS 2

/* The region at ~200,000 residents: scenarios/wenshui-2023.yaml with its
 * age structure scaled to a total of 200,000, and ~24k persons per year
 * simulated in sample mode for ~200k enrollees. */
static fs_scenario *load_region(void)
{
    return fx_load_in(FS_SOURCE_DIR "/scenarios", "extends: wenshui-2023.yaml\n"
                                                  "population: {total: 200000}\n"
                                                  "simulation: {sample_per_cell: 24}\n");
}

static fs_results *run_mode(const fs_scenario *sc, fs_mode mode, int threads)
{
    fs_run_options o;
    fs_results *res = NULL;
    char err[256] = "";
    fs_run_options_init(&o);
    o.replications = REPS;
    o.years = YEARS;
    o.threads = threads;
    o.mode = mode;
    if (fs_run(sc, &o, &res, err, sizeof err) != FS_OK)
        fail_msg("fs_run: %s", err);
    char ierr[512] = "";
    if (fs_results_check_identities(res, ierr, sizeof ierr) != FS_OK)
        fail_msg("identities: %s", ierr);
    assert_int_equal(res->mode, mode);
    return res;
}

static void mean_se(const double *x, int n, double *mean, double *se)
{
    double m = 0.0, v = 0.0;
    for (int i = 0; i < n; i++)
        m += x[i];
    m /= n;
    for (int i = 0; i < n; i++)
        v += (x[i] - m) * (x[i] - m);
    *mean = m;
    *se = sqrt(v / (n - 1) / n);
}

static void test_sample_agrees_with_exact(void **state)
{
    (void)state;
    fs_scenario *sc = load_region();
    fs_results *ex = run_mode(sc, FS_MODE_EXACT, 0);
    fs_results *sa = run_mode(sc, FS_MODE_SAMPLE, 0);
    const fs_metric ms[] = {FS_M_INCOME_TOTAL,   FS_M_SPEND_TOTAL,    FS_M_SPEND_OUTPATIENT,
                            FS_M_SPEND_CHRONIC,  FS_M_SPEND_INPATIENT, FS_M_SPEND_MATERNITY,
                            FS_M_SURPLUS,        FS_M_CI_BENEFITS,    FS_M_ASSIST_BENEFITS,
                            FS_M_OOP_MEAN};
    double e[REPS], s[REPS], d[REPS];

    /* Sample mode really samples: far fewer persons than exact mode. */
    assert_true(sa->enrollee_years < 0.3 * ex->enrollee_years);
    assert_true(sa->sampling_rel_se > 0.0);
    assert_true(ex->sampling_rel_se == 0.0);

    for (int y = 0; y < YEARS; y++) {
        for (size_t j = 0; j < sizeof ms / sizeof ms[0]; j++) {
            double me, se_e, msa, se_s, md, se_d;
            for (int r = 0; r < REPS; r++) {
                e[r] = *fs_results_at(ex, r, y, ms[j]);
                s[r] = *fs_results_at(sa, r, y, ms[j]);
                d[r] = s[r] - e[r];
            }
            mean_se(e, REPS, &me, &se_e);
            mean_se(s, REPS, &msa, &se_s);
            mean_se(d, REPS, &md, &se_d);
            double tol = 4.0 * sqrt(se_e * se_e + se_s * se_s);
            if (getenv("FS_SCALE_VERBOSE"))
                printf("year %d %-22s exact %14.6g sample %14.6g  %.2f se (unpaired) %.2f se "
                       "(paired)\n",
                       y, fs_metric_name(ms[j]), me, msa, (msa - me) / (tol / 4.0),
                       se_d > 0.0 ? md / se_d : 0.0);
            if (!(fabs(me - msa) <= tol))
                fail_msg("year %d %s: exact %.8g, sample %.8g, tolerance %.3g", y,
                         fs_metric_name(ms[j]), me, msa, tol);
            if (!(fabs(md) <= 4.0 * se_d + 1e-9 * fabs(me)))
                fail_msg("year %d %s: paired difference %.4g, se %.3g (%.2f se)", y,
                         fs_metric_name(ms[j]), md, se_d, md / se_d);
            if (ms[j] == FS_M_SPEND_TOTAL) {
                /* Observed relative sd of sample - exact vs the reported error. */
                double sd = se_d * sqrt((double)REPS) / me;
                if (getenv("FS_SCALE_VERBOSE"))
                    printf("year %d relative sd of sample - exact %.4g, reported %.4g\n", y, sd,
                           sa->sampling_rel_se);
                if (!(sd < 2.0 * sa->sampling_rel_se && sd > 0.5 * sa->sampling_rel_se))
                    fail_msg("year %d: observed relative sampling sd %.4g, reported %.4g", y, sd,
                             sa->sampling_rel_se);
            }
        }
    }
    /* Income does not depend on the persons simulated: equal in year 0. */
    for (int r = 0; r < REPS; r++)
        assert_true(*fs_results_at(ex, r, 0, FS_M_INCOME_INDIVIDUAL) ==
                    *fs_results_at(sa, r, 0, FS_M_INCOME_INDIVIDUAL));
    fs_results_free(ex);
    fs_results_free(sa);
    fs_scenario_free(sc);
}

/* Sample mode: the same bytes with 1 and 2 threads. */
static void test_sample_threads(void **state)
{
    (void)state;
    fs_scenario *sc = load_region();
    fs_results *a = run_mode(sc, FS_MODE_SAMPLE, 1);
    fs_results *b = run_mode(sc, FS_MODE_SAMPLE, 2);
    size_t n = (size_t)REPS * YEARS * FS_M_COUNT;
    assert_memory_equal(a->values, b->values, n * sizeof(double));
    assert_true(a->enrollee_years == b->enrollee_years);
    assert_true(a->sampling_rel_se == b->sampling_rel_se);
    fs_results_free(a);
    fs_results_free(b);
    fs_scenario_free(sc);
}

int main(void)
{
    fs_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_agrees_with_exact),
        cmocka_unit_test(test_sample_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
