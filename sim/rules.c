/* sim/rules.c -- the pure rules of sim/rules_int.h that are not inline. */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "rules_int.h"

double fsi_inpatient_year(unsigned n, const double *in_scope, const int *level,
                          const double *deductible, const double *repeat_factor,
                          const double *ratio, const double *stay_cap, double annual_cap)
{
    double sum = 0.0;
    for (unsigned i = 0; i < n; i++) {
        int k = level[i];
        double d = fsi_stay_deductible(deductible[k], repeat_factor[k], i);
        sum += fsi_basic_benefit(in_scope[i], d, ratio[k], stay_cap[k]);
    }
    return sum < annual_cap ? sum : annual_cap;
}

double fsi_subsidy(const fs_group *g, int tier, double std_own, double std_tier1, int year)
{
    double v = 0.0, x;
    if (!g)
        return 0.0;
    if (tier >= 1 && fsi_param_set(&g->subsidy.upper_tier_percent)) {
        if (fsi_param_at(&g->subsidy.upper_tier_percent, year, &x) != FS_OK)
            x = 0.0;
        v = x * std_tier1;
        return v < std_own ? v : std_own;
    }
    switch (g->subsidy.kind) {
    case FS_SUBSIDY_FULL:
        v = std_own;
        break;
    case FS_SUBSIDY_FIXED:
        if (fsi_param_set(&g->subsidy.amount) && fsi_param_at(&g->subsidy.amount, year, &x) == FS_OK)
            v = x;
        break;
    case FS_SUBSIDY_PERCENT:
        if (fsi_param_set(&g->subsidy.percent) &&
            fsi_param_at(&g->subsidy.percent, year, &x) == FS_OK)
            v = x * (g->subsidy.base == FS_SUBSIDY_BASE_OWN ? std_own : std_tier1);
        break;
    case FS_SUBSIDY_NONE:
    default:
        v = 0.0;
        break;
    }
    if (v > std_own)
        v = std_own;
    return v > 0.0 ? v : 0.0;
}

double fsi_price_factor(double elasticity, int price_sensitive, double net, double ref)
{
    if (!price_sensitive || elasticity == 0.0 || !(ref > 0.0))
        return 1.0;
    double f = exp(elasticity * (net - ref) / ref);
    return f < 1.0 ? f : 1.0; /* the base rate is the rate at the reference price or below */
}

double fsi_ci_benefit(double base, double deductible, const double *upto, const double *ratio,
                      int nbands, double ratio_add, double cap)
{
    double x = base - deductible, b = 0.0, lo = 0.0;
    if (x <= 0.0)
        return 0.0;
    for (int i = 0; i < nbands; i++) {
        double hi = i == nbands - 1 ? HUGE_VAL : upto[i];
        double seg = (x < hi ? x : hi) - lo;
        if (seg <= 0.0)
            break;
        double r = ratio[i] + ratio_add;
        b += (r > 1.0 ? 1.0 : r) * seg;
        lo = hi;
    }
    return b < cap ? b : cap;
}

double fsi_ci_corridor(double premium, double benefits, double share, double band)
{
    if (share == 0.0 || !(premium > 0.0))
        return 0.0;
    double loss = benefits / premium;
    if (loss < 1.0 - band)
        return share * ((1.0 - band) * premium - benefits);
    if (loss > 1.0 + band)
        return -share * (benefits - (1.0 + band) * premium);
    return 0.0;
}

void fsi_lognormal_params(double mean, double cv, double *mu, double *sigma)
{
    double s2 = log1p(cv * cv);
    *sigma = sqrt(s2);
    *mu = log(mean) - 0.5 * s2;
}

double fsi_lognormal_lev(double mu, double sigma, double d)
{
    if (d <= 0.0)
        return 0.0;
    if (sigma <= 0.0) {
        double x = exp(mu);
        return x < d ? x : d;
    }
    double m = exp(mu + 0.5 * sigma * sigma);
    double z = (log(d) - mu) / sigma;
    return m * gsl_cdf_ugaussian_P(z - sigma) + d * gsl_cdf_ugaussian_Q(z);
}
