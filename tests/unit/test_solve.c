/* tests/unit/test_solve.c -- the targets of `fundsim solve` (parsing, and
 * evaluation on results built by hand: the worst year, the statistic, the
 * se) and the search fs_solve on functions whose answer is known: a
 * straight line (smallest and largest), a step function with plateaus of
 * exact zeros, a band met only inside the range, a target nothing meets,
 * a run that fails, and the answer put on the tolerance's decimal grid
 * (never a step beyond the boundary). */
#include <stdlib.h>
#include <string.h>

#include "fs_test.h"
#include "fundsim.h"

/* ---- targets ---- */

static void test_target_parse(void **state)
{
    (void)state;
    fs_target t;
    char err[256];
    assert_int_equal(fs_target_parse("prob_small_surplus@2023..2027 >= 0.8", &t, err, sizeof err),
                     FS_OK);
    assert_int_equal(t.metric, FS_M_PROB_SMALL_SURPLUS);
    assert_int_equal(t.stat, 0);
    assert_int_equal(t.year_from, 2023);
    assert_int_equal(t.year_to, 2027);
    assert_int_equal(t.op, FS_TARGET_GE);
    assert_close(t.value, 0.8, 0, 0);

    assert_int_equal(fs_target_parse("shortfall_cum_p95@2027<=0", &t, err, sizeof err), FS_OK);
    assert_int_equal(t.metric, FS_M_SHORTFALL_CUM);
    assert_int_equal(t.stat, 6);
    assert_string_equal(fs_target_stat_name(t.stat), "p95");
    assert_int_equal(t.year_from, 2027);
    assert_int_equal(t.year_to, 2027);
    assert_int_equal(t.op, FS_TARGET_LE);

    /* a metric whose id ends like a statistic is still the metric */
    assert_int_equal(fs_target_parse("months_covered@2030 >= 6", &t, err, sizeof err), FS_OK);
    assert_int_equal(t.metric, FS_M_MONTHS_COVERED);
    assert_int_equal(t.stat, 0);

    static const char *const bad[] = {
        "no_such_metric@2025 >= 1", "surplus_rate >= 0",     "surplus_rate@ >= 0",
        "surplus_rate@2025 > 0",    "surplus_rate@2025 >= ", "surplus_rate@2025 >= 0x",
        "surplus_rate@2027..2025 >= 0", "surplus_rate_p99@2025 >= 0", "surplus_rate@2025..x >= 0"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        if (fs_target_parse(bad[i], &t, err, sizeof err) != FS_EUSAGE)
            fail_msg("'%s' was accepted", bad[i]);
        assert_non_null(strstr(err, "target '"));
    }
}

/* Results of 3 years x 4 replications where metric m in year y of
 * replication r is v[y][r]. */
static fs_results *made(fs_metric m, const double v[3][4])
{
    fs_results *res = NULL;
    assert_int_equal(fs_results_alloc(3, 4, 0, 0, &res), FS_OK);
    res->start_year = 2025;
    res->replications = 4;
    for (int r = 0; r < 4; r++)
        for (int y = 0; y < 3; y++)
            *fs_results_at(res, r, y, m) = v[y][r];
    return res;
}

static void test_target_eval(void **state)
{
    (void)state;
    static const double v[3][4] = {{0.1, 0.2, 0.3, 0.4}, {0, 0, 0.1, 0.1}, {0.5, 0.5, 0.5, 0.5}};
    fs_results *res = made(FS_M_SURPLUS_RATE, v);
    fs_stat *st = calloc(3 * FS_M_COUNT, sizeof *st);
    fs_target t;
    fs_target_value tv;
    char err[256];
    assert_non_null(st);
    assert_int_equal(fs_results_summarize(res, st), FS_OK);

    /* the mean over 2025..2027 is 0.25, 0.05, 0.5: the worst year is 2026 */
    assert_int_equal(fs_target_parse("surplus_rate@2025..2027 >= 0.1", &t, err, sizeof err), FS_OK);
    assert_int_equal(fs_target_eval(&t, res, st, &tv, err, sizeof err), FS_OK);
    assert_int_equal(tv.year, 2026);
    assert_close(tv.value, 0.05, 1e-15, 0);
    assert_close(tv.margin, -0.05, 1e-12, 1e-15);
    assert_false(tv.met);
    /* se of the mean: sd / sqrt(4) with sd = sqrt(1/3) * 0.1 (sample sd of 0,0,.1,.1) */
    assert_close(tv.se, sqrt(0.01 / 3.0) / 2.0, 1e-12, 0);

    /* <=: the worst year is the largest, 2027 */
    assert_int_equal(fs_target_parse("surplus_rate@2025..2027 <= 0.5", &t, err, sizeof err), FS_OK);
    assert_int_equal(fs_target_eval(&t, res, st, &tv, err, sizeof err), FS_OK);
    assert_int_equal(tv.year, 2027);
    assert_close(tv.margin, 0.0, 0, 1e-15);
    assert_true(tv.met);

    /* a percentile has no se */
    assert_int_equal(fs_target_parse("surplus_rate_p50@2025 >= 0.2", &t, err, sizeof err), FS_OK);
    assert_int_equal(fs_target_eval(&t, res, st, &tv, err, sizeof err), FS_OK);
    assert_close(tv.value, st[0 * FS_M_COUNT + FS_M_SURPLUS_RATE].p50, 0, 0);
    assert_true(isnan(tv.se));

    /* an undefined year is the worst, whatever comes after it */
    static const double w[3][4] = {{NAN, NAN, NAN, NAN}, {0.5, 0.5, 0.5, 0.5}, {0.5, 0.5, 0.5, 0.5}};
    fs_results *res2 = made(FS_M_SURPLUS_RATE, w);
    fs_stat *st2 = calloc(3 * FS_M_COUNT, sizeof *st2);
    assert_non_null(st2);
    assert_int_equal(fs_results_summarize(res2, st2), FS_OK);
    assert_int_equal(fs_target_parse("surplus_rate@2025..2027 >= 0.1", &t, err, sizeof err), FS_OK);
    assert_int_equal(fs_target_eval(&t, res2, st2, &tv, err, sizeof err), FS_OK);
    assert_true(isnan(tv.margin));
    assert_int_equal(tv.year, 2025);
    assert_false(tv.met);
    free(st2);
    fs_results_free(res2);

    /* a county ledger (fund.pooling: ledger): a metric it leaves empty is no
     * target (an error naming it, not a search of NaN); one it keeps is */
    static const double b[3][4] = {{NAN, NAN, NAN, NAN}, {NAN, NAN, NAN, NAN}, {NAN, NAN, NAN, NAN}};
    fs_results *res3 = made(FS_M_BALANCE, b);
    fs_stat *st3 = calloc(3 * FS_M_COUNT, sizeof *st3);
    assert_non_null(st3);
    res3->pooling_ledger = 1;
    assert_int_equal(fs_results_summarize(res3, st3), FS_OK);
    assert_int_equal(fs_target_parse("balance@2025 >= 0", &t, err, sizeof err), FS_OK);
    assert_int_equal(fs_target_eval(&t, res3, st3, &tv, err, sizeof err), FS_EUSAGE);
    assert_non_null(strstr(err, "balance"));
    assert_non_null(strstr(err, "fund.pooling: ledger"));
    assert_int_equal(fs_target_parse("surplus_rate@2025 >= 0", &t, err, sizeof err), FS_OK);
    assert_int_equal(fs_target_eval(&t, res3, st3, &tv, err, sizeof err), FS_OK);
    free(st3);
    fs_results_free(res3);

    /* years outside the run */
    assert_int_equal(fs_target_parse("surplus_rate@2026..2028 >= 0", &t, err, sizeof err), FS_OK);
    assert_int_equal(fs_target_eval(&t, res, st, &tv, err, sizeof err), FS_EUSAGE);
    assert_non_null(strstr(err, "2025..2027"));
    free(st);
    fs_results_free(res);
}

/* ---- the search ---- */

typedef struct fn_ctx {
    int kind;
    double c;
    int calls, fail_at;
} fn_ctx;

static int fn(double x, void *p, double *g)
{
    fn_ctx *c = p;
    c->calls++;
    if (c->fail_at && c->calls == c->fail_at)
        return FS_EIO;
    switch (c->kind) {
    case 0: *g = x - c->c; break;                        /* met from c up */
    case 1: *g = c->c - x; break;                        /* met up to c */
    case 2: *g = floor(x * 10.0) / 10.0 - c->c; break;   /* plateaus, exact zeros */
    case 3: *g = 1.0 - fabs(x - c->c); break;            /* a band [c-1, c+1] */
    case 5: *g = x < 3.0 ? NAN : x - c->c; break;        /* undefined below 3 */
    case 6: *g = x < 3.0 ? -INFINITY : x > 9.0 ? INFINITY : x - c->c; break;
    default: *g = -1.0 - x * x; break;                   /* never met */
    }
    return FS_OK;
}

static void test_solve_line(void **state)
{
    (void)state;
    fs_solve_result r;
    char err[256];
    fn_ctx c = {0, 3.3, 0, 0};
    assert_int_equal(fs_solve(0, 10, 0.01, 0, fn, &c, &r, err, sizeof err), FS_OK);
    assert_true(r.found);
    assert_true(r.x >= 3.3 && r.x <= 3.3 + 0.01);
    assert_true(r.bracket_lo <= 3.3 && r.bracket_hi == r.x);
    assert_true(r.bracket_hi - r.bracket_lo <= 0.01);
    assert_true(r.monotone);
    assert_false(r.band);
    assert_int_equal(r.runs, c.calls);
    assert_true(r.margin >= 0.0);

    c = (fn_ctx){1, 3.3, 0, 0};
    assert_int_equal(fs_solve(0, 10, 0.01, 1, fn, &c, &r, err, sizeof err), FS_OK);
    assert_true(r.x <= 3.3 && r.x >= 3.3 - 0.01);
    assert_true(r.monotone);

    /* the near end already meets: the answer is that end, two runs */
    c = (fn_ctx){0, -1.0, 0, 0};
    assert_int_equal(fs_solve(0, 10, 0.01, 0, fn, &c, &r, err, sizeof err), FS_OK);
    assert_close(r.x, 0.0, 0, 0);
    assert_int_equal(r.runs, 2);
    assert_true(r.monotone);
}

/* A margin that is not a number (or infinite) is a run that fails (or
 * meets), never an answer; a smooth margin takes few runs. */
static void test_solve_nonfinite(void **state)
{
    (void)state;
    fs_solve_result r;
    char err[256];
    fn_ctx c = {5, 5.0, 0, 0};
    assert_int_equal(fs_solve(0, 10, 0.01, 0, fn, &c, &r, err, sizeof err), FS_OK);
    assert_true(r.x >= 5.0 && r.x <= 5.01);
    assert_true(r.margin >= 0.0);
    c = (fn_ctx){6, 5.0, 0, 0};
    assert_int_equal(fs_solve(0, 10, 0.01, 0, fn, &c, &r, err, sizeof err), FS_OK);
    assert_true(r.x >= 5.0 && r.x <= 5.01);
    /* a line to 1e-6 of a range of 10: Brent, one probe across, the grid */
    c = (fn_ctx){0, 3.3, 0, 0};
    assert_int_equal(fs_solve(0, 10, 1e-6, 0, fn, &c, &r, err, sizeof err), FS_OK);
    assert_true(r.x >= 3.3 && r.x <= 3.3 + 1e-6);
    if (r.runs > 10)
        fail_msg("%d runs for a straight line", r.runs);
}

static void test_solve_steps(void **state)
{
    (void)state;
    fs_solve_result r;
    char err[256];
    /* g is 0 on [0.5, 0.6): the smallest x that meets is exactly 0.5 */
    fn_ctx c = {2, 0.5, 0, 0};
    assert_int_equal(fs_solve(0, 1, 0.001, 0, fn, &c, &r, err, sizeof err), FS_OK);
    assert_true(r.x >= 0.5 && r.x <= 0.501);
    assert_true(r.bracket_lo < 0.5 && r.bracket_lo >= 0.499);
    assert_true(r.monotone);
}

static void test_solve_band(void **state)
{
    (void)state;
    fs_solve_result r;
    char err[256];
    /* met on [4, 6] only: neither end of [0, 10] meets */
    fn_ctx c = {3, 5.0, 0, 0};
    assert_int_equal(fs_solve(0, 10, 0.01, 0, fn, &c, &r, err, sizeof err), FS_OK);
    assert_true(r.x >= 4.0 && r.x <= 4.01);
    assert_false(r.monotone);
    assert_true(r.band);
    c = (fn_ctx){3, 5.0, 0, 0};
    assert_int_equal(fs_solve(0, 10, 0.01, 1, fn, &c, &r, err, sizeof err), FS_OK);
    assert_true(r.x <= 6.0 && r.x >= 5.99);
    assert_true(r.band);
}

static void test_solve_none(void **state)
{
    (void)state;
    fs_solve_result r;
    char err[256] = "";
    fn_ctx c = {4, 0, 0, 0};
    assert_int_equal(fs_solve(-1, 2, 0.01, 0, fn, &c, &r, err, sizeof err), FS_ENUMERIC);
    assert_false(r.found);
    assert_int_equal(r.runs, 9); /* both ends and the 7 interior points of the grid */
    /* the best tried is the grid point nearest 0: -1 + 3/8 = -0.625 .. 0.125 */
    assert_close(r.best_x, 0.125, 0, 1e-15);
    assert_close(r.best_margin, -1.015625, 1e-15, 0);
    assert_non_null(strstr(err, "no value in [-1, 2] meets the target"));
}

static void test_solve_errors(void **state)
{
    (void)state;
    fs_solve_result r;
    char err[256];
    fn_ctx c = {0, 3.3, 0, 4}; /* the fourth run fails */
    assert_int_equal(fs_solve(0, 10, 0.01, 0, fn, &c, &r, err, sizeof err), FS_EIO);
    assert_int_equal(c.calls, 4);
    assert_int_equal(fs_solve(1, 1, 0.01, 0, fn, &c, &r, err, sizeof err), FS_EUSAGE);
    assert_int_equal(fs_solve(0, 1, 0, 0, fn, &c, &r, err, sizeof err), FS_EUSAGE);
}

static void test_solve_rounds(void **state)
{
    (void)state;
    fs_solve_result r;
    char err[256];
    /* tol 0.5: the answer is rounded up to the tenth, 3.34 -> 3.4, and meets */
    fn_ctx c = {0, 3.34, 0, 0};
    assert_int_equal(fs_solve(0, 10, 0.5, 0, fn, &c, &r, err, sizeof err), FS_OK);
    assert_close(r.x, 3.4, 0, 0);
    assert_true(r.margin >= 0.0);
    assert_true(r.bracket_lo <= 3.34 && r.bracket_hi == 3.4);
    /* the largest: rounded down */
    c = (fn_ctx){1, 3.34, 0, 0};
    assert_int_equal(fs_solve(0, 10, 0.5, 1, fn, &c, &r, err, sizeof err), FS_OK);
    assert_close(r.x, 3.3, 0, 0);
    /* tol 20: to the ten, 33.4 -> 40 */
    c = (fn_ctx){0, 33.4, 0, 0};
    assert_int_equal(fs_solve(0, 100, 20, 0, fn, &c, &r, err, sizeof err), FS_OK);
    assert_close(r.x, 40.0, 0, 0);
    /* tol 1: the nearest whole number that meets, never one step beyond:
     * 31.6 -> 32, within tol of the boundary, bracket one step wide */
    for (double at = 31.05; at < 32.0; at += 0.1) {
        c = (fn_ctx){0, at, 0, 0};
        assert_int_equal(fs_solve(0, 120, 1, 0, fn, &c, &r, err, sizeof err), FS_OK);
        assert_close(r.x, 32.0, 0, 0);
        assert_true(r.bracket_hi - r.bracket_lo <= 1.0 && r.bracket_lo < at);
        c = (fn_ctx){1, at, 0, 0};
        assert_int_equal(fs_solve(0, 120, 1, 1, fn, &c, &r, err, sizeof err), FS_OK);
        assert_close(r.x, 31.0, 0, 0);
        assert_true(r.bracket_hi - r.bracket_lo <= 1.0 && r.bracket_hi > at);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_target_parse), cmocka_unit_test(test_target_eval),
        cmocka_unit_test(test_solve_line),   cmocka_unit_test(test_solve_nonfinite),
        cmocka_unit_test(test_solve_steps),
        cmocka_unit_test(test_solve_band),   cmocka_unit_test(test_solve_none),
        cmocka_unit_test(test_solve_errors), cmocka_unit_test(test_solve_rounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
