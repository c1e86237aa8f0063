/* tests/unit/test_severity.c -- the lognormal cost with a Pareto tail
 * (docs/model.md §6.1): its closed-form mean, second moment and excess
 * E[(X - d)+] against GSL numerical integration of its density (to 1e-7),
 * and against draws of the engine's own sampler (fsi_dist_lognormal_at)
 * within 4 standard errors computed from the draws; the tail keeps the
 * lognormal's draws below the threshold; and the scenario keys: a tail
 * loads, shows in `show`, and bad tails are errors naming file, line,
 * column and key. */
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fs_test.h"
#include "engine_int.h"

typedef struct tailcase {
    double mean, cv, u, alpha;
} tailcase;

/* Inpatient-like costs: a county hospital, a hospital outside the county,
 * a township clinic with a light tail, an outpatient visit. */
static const tailcase cases[] = {
    {13942, 1.2, 50000, 2.5}, {6626, 1.0, 20000, 3.0}, {3623, 0.8, 10000, 2.2}, {400, 1.2, 2000, 4.5}};
#define NCASES (sizeof cases / sizeof cases[0])

static void dist_of(const tailcase *t, fsi_dist *d, fs_costdist *c)
{
    memset(c, 0, sizeof *c);
    c->kind = FS_DIST_LOGNORMAL;
    c->mean = t->mean;
    c->cv = t->cv;
    c->tail_above = t->u;
    c->tail_alpha = t->alpha;
    fsi_dist_init(d, c);
}

/* The density and what is integrated against it. */
typedef struct integrand {
    const fsi_dist *d;
    double alpha, S, d0;
    int what; /* 0: 1, 1: x, 2: x^2, 3: (x - d0)+ */
} integrand;

static double density(const integrand *g, double x)
{
    const fsi_dist *d = g->d;
    if (x <= 0.0)
        return 0.0;
    if (x <= d->tail_u) {
        double z = (log(x) - d->mu) / d->sigma;
        return exp(-0.5 * z * z) / (x * d->sigma * sqrt(2.0 * M_PI));
    }
    return g->S * g->alpha * pow(d->tail_u, g->alpha) * pow(x, -g->alpha - 1.0);
}

static double f_int(double x, void *p)
{
    const integrand *g = p;
    double w = g->what == 0   ? 1.0
               : g->what == 1 ? x
               : g->what == 2 ? x * x
                              : (x > g->d0 ? x - g->d0 : 0.0);
    return w * density(g, x);
}

/* The tail's integrand after t = (u/x)^alpha, under which the tail's
 * probability element S alpha u^alpha x^(-alpha-1) dx is S dt on (0, 1]. */
static double f_tail(double t, void *p)
{
    const integrand *g = p;
    double x = g->d->tail_u * pow(t, -1.0 / g->alpha);
    double w = g->what == 0   ? 1.0
               : g->what == 1 ? x
               : g->what == 2 ? x * x
                              : (x > g->d0 ? x - g->d0 : 0.0);
    return g->S * w;
}

static double qags(gsl_function *F, double a, double b, gsl_integration_workspace *w)
{
    double r, e;
    int st = gsl_integration_qags(F, a, b, 0.0, 1e-10, 2000, w, &r, &e);
    /* round-off may stop short of 1e-10: the error estimate must still be tiny */
    if (st != GSL_SUCCESS && !(st == GSL_EROUND && e <= 1e-9 * fabs(r) + 1e-300))
        fail_msg("qags on [%g, %g]: %s (error %g of %g)", a, b, gsl_strerror(st), e, r);
    return r;
}

/* The integral over (0, inf): the body's density on (0, u] (split at d0
 * when it lies inside), the tail on (u, inf) through t (split where x =
 * d0 when d0 lies beyond u). */
static double integral(integrand *g)
{
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(2000);
    gsl_function F = {f_int, g}, T = {f_tail, g};
    double total = 0.0, u = g->d->tail_u;
    double cut = g->what == 3 && g->d0 > 0.0 && g->d0 < u ? g->d0 : u;
    total += qags(&F, 0.0, cut, w);
    if (cut < u)
        total += qags(&F, cut, u, w);
    double tc = g->what == 3 && g->d0 > u ? pow(u / g->d0, g->alpha) : 1.0;
    total += qags(&T, 0.0, tc, w);
    if (tc < 1.0)
        total += qags(&T, tc, 1.0, w);
    gsl_integration_workspace_free(w);
    return total;
}

static void test_closed_forms(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    for (size_t i = 0; i < NCASES; i++) {
        fsi_dist d;
        fs_costdist c;
        dist_of(&cases[i], &d, &c);
        double m1, m2, S = gsl_cdf_ugaussian_Q(d.tail_z);
        fsi_lnpareto_moments(d.mu, d.sigma, d.tail_u, cases[i].alpha, &m1, &m2);
        /* mu was solved for the whole mean */
        assert_close(m1, cases[i].mean, 1e-10, 0);
        assert_close(fsi_dist_m2(&c), m2, 1e-12, 0);
        integrand g = {&d, cases[i].alpha, S, 0.0, 0};
        assert_close(integral(&g), 1.0, 1e-8, 0);
        g.what = 1;
        assert_close(integral(&g), m1, 1e-7, 0);
        g.what = 2;
        assert_close(integral(&g), m2, 1e-7, 0);
        g.what = 3;
        const double ds[] = {0.0, 0.3 * d.tail_u, d.tail_u, 2.5 * d.tail_u};
        for (size_t k = 0; k < 4; k++) {
            g.d0 = ds[k];
            assert_close(integral(&g), fsi_lnpareto_excess(d.mu, d.sigma, d.tail_u,
                                                           cases[i].alpha, ds[k]),
                         1e-7, 1e-9);
        }
        /* a tail of index <= 3 puts more cost far out than the lognormal of
         * the same mean and cv */
        if (cases[i].alpha > 3.0)
            continue;
        fsi_dist ln;
        fsi_lognormal_params(cases[i].mean, cases[i].cv, &ln.mu, &ln.sigma);
        double ln_excess = cases[i].mean - fsi_lognormal_lev(ln.mu, ln.sigma, 2.5 * d.tail_u);
        assert_true(fsi_lnpareto_excess(d.mu, d.sigma, d.tail_u, cases[i].alpha,
                                        2.5 * d.tail_u) > ln_excess);
    }
}

/* Draws of the engine's sampler: the mean, P(X > u) and the excess over
 * three thresholds, and (alpha > 4: a finite fourth moment) the variance,
 * each within 4 se of the closed form. */
static void test_draws(void **state)
{
    (void)state;
    enum { N = 400000 };
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(r);
    for (size_t i = 0; i < NCASES; i++) {
        fsi_dist d;
        fs_costdist c;
        dist_of(&cases[i], &d, &c);
        gsl_rng_set(r, 20261130 + i);
        double m1, m2, S = gsl_cdf_ugaussian_Q(d.tail_z);
        fsi_lnpareto_moments(d.mu, d.sigma, d.tail_u, cases[i].alpha, &m1, &m2);
        const double ds[3] = {0.3 * d.tail_u, d.tail_u, 2.5 * d.tail_u};
        double s1 = 0, s2 = 0, sv = 0, sv2 = 0, st = 0, se1[3] = {0}, se2[3] = {0};
        for (int n = 0; n < N; n++) {
            double z = gsl_ran_gaussian_ziggurat(r, 1.0), x = fsi_dist_lognormal_at(&d, z);
            if (z <= d.tail_z) /* below the threshold: the lognormal's own draw */
                assert_true(x == exp(d.mu + d.sigma * z));
            else
                assert_true(x > d.tail_u * (1.0 - 1e-12));
            s1 += x;
            s2 += x * x;
            double v = (x - m1) * (x - m1);
            sv += v;
            sv2 += v * v;
            st += x > d.tail_u;
            for (int k = 0; k < 3; k++) {
                double e = x > ds[k] ? x - ds[k] : 0.0;
                se1[k] += e;
                se2[k] += e * e;
            }
        }
        double mean = s1 / N, sd = sqrt(s2 / N - mean * mean);
        if (fabs(mean - m1) > 4.0 * sd / sqrt(N))
            fail_msg("case %zu: mean of draws %.6g, closed form %.6g (se %.3g)", i, mean, m1,
                     sd / sqrt(N));
        double pt = st / N;
        assert_true(fabs(pt - S) <= 4.0 * sqrt(S * (1.0 - S) / N));
        for (int k = 0; k < 3; k++) {
            double em = se1[k] / N, esd = sqrt(se2[k] / N - em * em);
            double want = fsi_lnpareto_excess(d.mu, d.sigma, d.tail_u, cases[i].alpha, ds[k]);
            if (fabs(em - want) > 4.0 * esd / sqrt(N))
                fail_msg("case %zu: excess over %.6g: draws %.6g, closed form %.6g (se %.3g)", i,
                         ds[k], em, want, esd / sqrt(N));
        }
        if (cases[i].alpha > 4.0) {
            double var = sv / N, vsd = sqrt(sv2 / N - var * var);
            if (fabs(var - (m2 - m1 * m1)) > 4.0 * vsd / sqrt(N))
                fail_msg("case %zu: variance of draws %.6g, closed form %.6g (se %.3g)", i, var,
                         m2 - m1 * m1, vsd / sqrt(N));
        }
    }
    gsl_rng_free(r);
}

/* The scenario keys, on the small county with one inpatient level. */
static int load_tail(const char *tail, fs_scenario **sc, fs_diags **d, char *yaml, size_t n)
{
    int k = snprintf(yaml, n,
                     "extends: %s/tests/cli/small.yaml\n"
                     "scenario: {name: t}\n"
                     "benefits:\n"
                     "  inpatient:\n"
                     "    levels: [{name: x, share: 1, cost: {mean: 9000, cv: 1.1%s}, ratio: 0.7}]\n",
                     FS_SOURCE_DIR, tail);
    assert_true(k > 0 && (size_t)k < n);
    *d = fs_diags_alloc();
    assert_non_null(*d);
    return fs_scenario_load_string("t.yaml", yaml, (size_t)k, NULL, sc, *d);
}

static void test_scenario_keys(void **state)
{
    (void)state;
    fs_scenario *sc = NULL;
    fs_diags *d = NULL;
    char yaml[4096], line[1024];
    assert_int_equal(load_tail(", tail: {above: 40000, alpha: 2.5}", &sc, &d, yaml, sizeof yaml),
                     FS_OK);
    const fs_costdist *c = &sc->inpatient.level[0].cost;
    assert_close(c->tail_above, 40000, 0, 0);
    assert_close(c->tail_alpha, 2.5, 0, 0);
    int seen = 0;
    for (size_t i = 0; i < fs_scenario_param_count(sc); i++) {
        fs_param_view v;
        if (fs_scenario_param_get(sc, i, 2023, &v) == FS_OK &&
            !strcmp(v.path, "benefits.inpatient.levels[0].cost.tail.alpha"))
            seen = v.value == 2.5;
    }
    assert_true(seen);
    fs_scenario_free(sc);
    fs_diags_free(d);

    static const struct {
        const char *tail, *at, *want;
    } bad[] = {
        {", tail: {above: 40000, alpha: 1.5}", "1.5",
         "benefits.inpatient.levels[0].cost.tail.alpha: expected a tail index > 2"},
        {", tail: {above: 0, alpha: 3}", "0, alpha",
         "benefits.inpatient.levels[0].cost.tail.above: expected a cost > 0"},
        {", tail: {alpha: 3}", NULL,
         "benefits.inpatient.levels[0].cost.tail: missing required key 'above'"},
        {", tail: {above: 5, alpha: 3, beta: 1}", "beta",
         "benefits.inpatient.levels[0].cost.tail.beta: unknown key"},
        {", dist: gamma, tail: {above: 5, alpha: 3}", NULL, "a tail: needs dist: lognormal"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sc = NULL;
        assert_int_equal(load_tail(bad[i].tail, &sc, &d, yaml, sizeof yaml), FS_ESCENARIO);
        /* file:line:column of the value at fault, then the key path and message */
        char want[512];
        const char *l5 = strstr(yaml, "    levels:");
        if (bad[i].at)
            snprintf(want, sizeof want, "t.yaml:5:%d: %s",
                     (int)(strstr(l5, bad[i].at) - l5) + 1, bad[i].want);
        else
            snprintf(want, sizeof want, "%s", bad[i].want);
        int found = 0;
        for (size_t k = 0; k < fs_diags_count(d); k++)
            found |= strstr(fs_diag_format(fs_diags_get(d, k), line, sizeof line), want) != NULL;
        if (!found)
            fail_msg("tail '%s': no diagnostic '%s'; first: %s", bad[i].tail, want,
                     fs_diag_format(fs_diags_get(d, 0), line, sizeof line));
        fs_diags_free(d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_forms),
        cmocka_unit_test(test_draws),
        cmocka_unit_test(test_scenario_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
