/* tests/unit/test_run_cancel.c -- fs_run_options.cancel (a run stops with
 * FS_ECANCELED and no results, from before the first replication or in the
 * middle of one, on any thread count), fs_run_options.rep_totals (their sums
 * in replication order are the run's enrollee_years and sampling_rel_se, bit
 * for bit, so slices re-summed equal the whole: cli/checkpoint.c relies on
 * it) and fs_run_estimate (sizes exact, persons those of the run). */
#include "engine_fixtures.h"

#include <gsl/gsl_errno.h>
#include <stdatomic.h>

static int setup(void **state)
{
    (void)state;
    if (fx_setup_dir() != 0)
        return -1;
    fx_write_cell("male40.csv", 0, 40, 1.0);
    return 0;
}

static fs_scenario *sc_small(const char *mode)
{
    char y[1024];
    snprintf(y, sizeof y,
             "extends: quiet.yaml\n"
             "scenario: {name: test, start_year: 2023, years: 3}\n"
             "simulation: {replications: 23, mode: %s, sample_per_cell: 50}\n"
             "population: {total: 3000, structure: male40.csv}\n"
             "costs:\n"
             "  inflation: {mean: 0.03, sd: 0.02}\n"
             "benefits:\n"
             "  inpatient:\n"
             "    admission_rate: {0: 0, 40: 0.2, 41: 0}\n"
             "    levels: [{name: 县级医院, share: 1.0,\n"
             "              cost: {dist: lognormal, mean: 5000, cv: 1.0},\n"
             "              in_scope: 0.8, deductible: 500, ratio: 0.6}]\n",
             mode);
    return fx_load("%s", y);
}

/* Says stop once it has been asked `after` times. */
static atomic_int asked;
static int after;
static int cancel_after(void *ctx)
{
    (void)ctx;
    return atomic_fetch_add(&asked, 1) >= after;
}

static void test_cancel(void **state)
{
    (void)state;
    fs_scenario *sc = sc_small("exact");
    static const int threads[] = {1, 2, 4};
    static const int afters[] = {0, 1, 5, 40};
    for (size_t k = 0; k < sizeof threads / sizeof threads[0]; k++)
        for (size_t j = 0; j < sizeof afters / sizeof afters[0]; j++) {
            fs_run_options o;
            fs_results *res = (fs_results *)&o; /* must come back NULL */
            char err[256] = "";
            fs_run_options_init(&o);
            assert_null(o.cancel); /* off by default */
            o.threads = threads[k];
            o.cancel = cancel_after;
            atomic_store(&asked, 0);
            after = afters[j];
            assert_int_equal(fs_run(sc, &o, &res, err, sizeof err), FS_ECANCELED);
            assert_null(res);
            assert_non_null(strstr(err, "stopped"));
        }
    assert_string_equal(fs_strerror(FS_ECANCELED), "interrupted");
    fs_scenario_free(sc);
}

static void test_rep_totals(void **state)
{
    (void)state;
    static const char *const modes[] = {"exact", "sample"};
    for (size_t m = 0; m < 2; m++) {
        fs_scenario *sc = sc_small(modes[m]);
        fs_run_options o;
        fs_results *all = NULL, *part = NULL;
        double tot[2 * 23], sum_e = 0.0, sum_s = 0.0;
        char err[256];
        fs_run_options_init(&o);
        o.threads = 2;
        assert_int_equal(fs_run(sc, &o, &all, err, sizeof err), FS_OK);
        /* in slices of 1, 7 and 15, as a checkpointed run makes them */
        static const int first[] = {0, 1, 8}, count[] = {1, 7, 15};
        for (int s = 0; s < 3; s++) {
            o.first_rep = first[s];
            o.rep_count = count[s];
            o.rep_totals = tot + 2 * first[s];
            assert_int_equal(fs_run(sc, &o, &part, err, sizeof err), FS_OK);
            assert_memory_equal(part->values, fs_results_at(all, first[s], 0, 0),
                                (size_t)count[s] * 3 * FS_M_COUNT * sizeof(double));
            fs_results_free(part);
        }
        for (int i = 0; i < 23; i++) {
            sum_e += tot[2 * i];
            sum_s += tot[2 * i + 1];
        }
        sum_s /= 23.0 * 3.0;
        assert_memory_equal(&sum_e, &all->enrollee_years, sizeof sum_e); /* bit for bit */
        assert_memory_equal(&sum_s, &all->sampling_rel_se, sizeof sum_s);
        if (m == 1)
            assert_true(sum_s > 0.0);

        /* The estimate: the run's sizes exactly, its persons roughly. */
        fs_estimate e;
        fs_run_options_init(&o);
        assert_int_equal(fs_run_estimate(sc, &o, &e, err, sizeof err), FS_OK);
        assert_int_equal(e.replications, 23);
        assert_int_equal(e.years, 3);
        assert_int_equal(e.mode, m ? FS_MODE_SAMPLE : FS_MODE_EXACT);
        double per = 8.0 * (3.0 * FS_M_COUNT + (double)fs_results_gper_rep(all));
        assert_true(e.bytes_per_rep >= per && e.bytes_per_rep < per + 1024.0);
        assert_true(e.bytes >= 23.0 * per);
        double simulated = all->enrollee_years / (23.0 * 3.0);
        assert_true(e.persons > 0.5 * simulated && e.persons < 2.0 * simulated);
        assert_true(e.cpu_seconds > 0.0);
        o.replications = 2000000; /* what fs_run would refuse, refused alike */
        assert_int_equal(fs_run_estimate(sc, &o, &e, err, sizeof err), FS_EUSAGE);
        fs_results_free(all);
        fs_scenario_free(sc);
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_cancel),
                                       cmocka_unit_test(test_rep_totals)};
    return cmocka_run_group_tests(tests, setup, fx_group_teardown);
}
