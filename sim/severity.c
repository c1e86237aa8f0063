/* sim/severity.c -- the lognormal cost with a Pareto tail (docs/model.md
 * §6.1): X = L when L = exp(mu + sigma Z) <= u, and u V beyond it, V
 * Pareto(alpha) on [1, inf), with the tail's probability S = P(L > u)
 * kept.  Its moments and layers in closed form, and the mu that gives a
 * wanted mean.  Pure functions of their arguments (rules_int.h). */
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

#include "rules_int.h"

/* E[L^k; a < L <= b] of the lognormal, k = 0, 1, 2 (a, b in (0, inf]). */
static double partial(double mu, double sigma, int k, double a, double b)
{
    double sh = k * sigma; /* the k-th moment tilts the normal by k sigma */
    double za = a > 0.0 ? (log(a) - mu) / sigma - sh : -INFINITY;
    double zb = isfinite(b) ? (log(b) - mu) / sigma - sh : INFINITY;
    double mass = zb > 0.0 ? gsl_cdf_ugaussian_Q(za) - gsl_cdf_ugaussian_Q(zb)
                           : gsl_cdf_ugaussian_P(zb) - gsl_cdf_ugaussian_P(za);
    return exp(k * mu + 0.5 * k * k * sigma * sigma) * mass;
}

void fsi_lnpareto_moments(double mu, double sigma, double u, double alpha, double *m1, double *m2)
{
    double S = gsl_cdf_ugaussian_Q((log(u) - mu) / sigma);
    *m1 = partial(mu, sigma, 1, 0.0, u) + S * u * alpha / (alpha - 1.0);
    *m2 = partial(mu, sigma, 2, 0.0, u) + S * u * u * alpha / (alpha - 2.0);
}

double fsi_lnpareto_excess(double mu, double sigma, double u, double alpha, double d)
{
    double S = gsl_cdf_ugaussian_Q((log(u) - mu) / sigma);
    if (d <= 0.0) {
        double m1, m2;
        fsi_lnpareto_moments(mu, sigma, u, alpha, &m1, &m2);
        return m1 - d;
    }
    if (d >= u) /* E[(uV - d)+] = u^alpha d^(1-alpha) / (alpha - 1) */
        return S * pow(u / d, alpha) * d / (alpha - 1.0);
    /* the body between d and u, then the whole tail */
    return partial(mu, sigma, 1, d, u) - d * partial(mu, sigma, 0, d, u) +
           S * (u * alpha / (alpha - 1.0) - d);
}

typedef struct mean_at {
    double sigma, u, alpha, target;
} mean_at;

static double mean_gap(double mu, void *p)
{
    const mean_at *m = p;
    double m1, m2;
    fsi_lnpareto_moments(mu, m->sigma, m->u, m->alpha, &m1, &m2);
    return log(m1) - log(m->target);
}

double fsi_lnpareto_mu(double mean, double sigma, double u, double alpha)
{
    /* The mean rises with mu from 0 (all mass far below u) to infinity;
     * the lognormal's own mu is a start, the tail only adds to the mean. */
    mean_at m = {sigma, u, alpha, mean};
    double lo = log(mean) - 0.5 * sigma * sigma, hi = lo;
    gsl_function F = {mean_gap, &m};
    while (mean_gap(lo, &m) > 0.0)
        lo -= 1.0;
    while (mean_gap(hi, &m) < 0.0)
        hi += 1.0;
    if (lo == hi)
        return lo;
    gsl_root_fsolver *r = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!r)
        return NAN;
    double x = lo;
    if (gsl_root_fsolver_set(r, &F, lo, hi) == GSL_SUCCESS)
        for (int it = 0; it < 200; it++) {
            if (gsl_root_fsolver_iterate(r) != GSL_SUCCESS)
                break;
            x = gsl_root_fsolver_root(r);
            if (gsl_root_test_interval(gsl_root_fsolver_x_lower(r), gsl_root_fsolver_x_upper(r),
                                       1e-13, 1e-15) == GSL_SUCCESS)
                break;
        }
    gsl_root_fsolver_free(r);
    return x;
}
