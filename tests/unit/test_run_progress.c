/* tests/unit/test_run_progress.c -- fs_run_options.progress: one call per
 * replication, done = 1..total in order (serialised across the threads),
 * the last with done = total, whatever the thread count or slice; and the
 * callback changes no result. */
#include "engine_fixtures.h"

#include <gsl/gsl_errno.h>

typedef struct {
    int calls, last, total, ordered;
} counter;

static void count_cb(int done, int total, void *ctx)
{
    counter *c = ctx;
    c->calls++;
    if (done != c->last + 1 || (c->total && total != c->total))
        c->ordered = 0;
    c->last = done;
    c->total = total;
}

static int setup(void **state)
{
    (void)state;
    if (fx_setup_dir() != 0)
        return -1;
    fx_write_cell("male40.csv", 0, 40, 1.0);
    return 0;
}

static fs_scenario *sc_small(void)
{
    return fx_load("extends: quiet.yaml\n"
                   "scenario: {name: test, start_year: 2023, years: 3}\n"
                   "simulation: {replications: 37}\n"
                   "population: {total: 300, structure: male40.csv}\n"
                   "costs:\n"
                   "  inflation: {mean: 0.03, sd: 0.02}\n"
                   "benefits:\n"
                   "  inpatient:\n"
                   "    admission_rate: {0: 0, 40: 0.2, 41: 0}\n"
                   "    levels: [{name: 县级医院, share: 1.0,\n"
                   "              cost: {dist: lognormal, mean: 5000, cv: 1.0},\n"
                   "              in_scope: 0.8, deductible: 500, ratio: 0.6}]\n");
}

static fs_results *run(const fs_scenario *sc, int threads, int first, int count, counter *c)
{
    fs_run_options o;
    fs_results *res = NULL;
    char err[256];
    fs_run_options_init(&o);
    assert_null(o.progress); /* off by default */
    o.threads = threads;
    o.first_rep = first;
    o.rep_count = count;
    if (c) {
        memset(c, 0, sizeof *c);
        c->ordered = 1;
        o.progress = count_cb;
        o.progress_ctx = c;
    }
    assert_int_equal(fs_run(sc, &o, &res, err, sizeof err), FS_OK);
    return res;
}

static void test_progress_count(void **state)
{
    (void)state;
    fs_scenario *sc = sc_small();
    fs_results *ref = run(sc, 1, 0, 0, NULL);
    size_t n = (size_t)ref->rep_count * (size_t)ref->years * FS_M_COUNT;
    static const int threads[] = {1, 2, 4, 64};

    for (size_t k = 0; k < sizeof threads / sizeof threads[0]; k++) {
        counter c;
        fs_results *res = run(sc, threads[k], 0, 0, &c);
        assert_int_equal(c.calls, 37); /* one per replication */
        assert_int_equal(c.last, 37);  /* the last with done = total */
        assert_int_equal(c.total, 37);
        assert_true(c.ordered); /* 1, 2, ..., 37: serialised and monotone */
        assert_memory_equal(res->values, ref->values, n * sizeof(double));
        fs_results_free(res);
    }

    /* A slice (an MPI rank's share) counts its own replications. */
    counter c;
    fs_results *s = run(sc, 2, 30, 7, &c);
    assert_int_equal(c.calls, 7);
    assert_int_equal(c.last, 7);
    assert_int_equal(c.total, 7);
    assert_true(c.ordered);
    assert_memory_equal(s->values, fs_results_at(ref, 30, 0, 0),
                        7 * (size_t)ref->years * FS_M_COUNT * sizeof(double));
    fs_results_free(s);
    fs_results_free(ref);
    fs_scenario_free(sc);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_progress_count)};
    return cmocka_run_group_tests(tests, setup, fx_group_teardown);
}
