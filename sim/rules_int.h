/* sim/rules_int.h -- the benefit, subsidy and premium rules of docs/model.md
 * as pure functions: no state, no randomness, no scenario file.  This is
 * where a new benefit rule goes: a function here (inline when the
 * per-person loop calls it), its parameters resolved per year in plan.c,
 * a hand-worked test in tests/unit/test_rules.c.
 *
 * Money in yuan.  "cap" arguments take HUGE_VAL for "no limit" (the
 * schema's default .inf). */
#ifndef FUNDSIM_RULES_INT_H
#define FUNDSIM_RULES_INT_H

#include <math.h>

#include "scenario_int.h"

static inline double fsi_clamp01(double x)
{
    return x < 0.0 ? 0.0 : (x > 1.0 ? 1.0 : x);
}

/* Basic insurance on one amount (model.md §6): the fund pays
 * ratio x (cost - deductible), at least 0 and at most cap.  Outpatient and
 * chronic programmes apply it to a year's cost; inpatient care to each
 * admission's in-scope cost without a cap (fsi_basic_benefit_uncapped), the
 * annual cap on the sum. */
static inline double fsi_basic_benefit_uncapped(double cost, double deductible, double ratio)
{
    double b = ratio * (cost - deductible);
    return b > 0.0 ? b : 0.0;
}

static inline double fsi_basic_benefit(double cost, double deductible, double ratio, double cap)
{
    double b = fsi_basic_benefit_uncapped(cost, deductible, ratio);
    return b < cap ? b : cap;
}

/* Contribution subsidy (资助参保) of one enrollee of group g (NULL =
 * ordinary residents: none) in tier `tier` whose own standard is std_own,
 * with the group's tier-1 standard std_tier1, for policy year `year`
 * (model.md §4): full, fixed or percent of a base, never more than the
 * standard; tiers >= 2 may have their own percent of the tier-1 standard. */
double fsi_subsidy(const fs_group *g, int tier, double std_own, double std_tier1, int year);

/* Price response of enrollment (model.md §3): the factor
 * exp(elasticity x (net - ref) / ref) on the base rate, 1 when the group is
 * not price sensitive, the elasticity is 0 or there is no reference price. */
double fsi_price_factor(double elasticity, int price_sensitive, double net, double ref);

/* Critical-illness benefit (大病保险, model.md §7) on an annual self-paid
 * in-scope amount `base`: banded ratios (+ ratio_add, at most 1) on
 * base - deductible, limited by cap; upto[b], ratio[b] are band b's values
 * for the year (the last band is unbounded).  With no bands it is 0. */
double fsi_ci_benefit(double base, double deductible, const double *upto, const double *ratio,
                      int nbands, double ratio_add, double cap);

/* Medical-assistance benefit (医疗救助, model.md §8):
 * min(cap, ratio x max(0, base - threshold)). */
static inline double fsi_assist_benefit(double base, double threshold, double ratio, double cap)
{
    double x = base - threshold;
    if (x <= 0.0)
        return 0.0;
    x *= ratio;
    return x < cap ? x : cap;
}

/* The critical-illness premium the fund pays for a year (model.md §7):
 * income_share x income when income_share >= 0, else per_enrollee x
 * enrollees. */
static inline double fsi_ci_premium(double per_enrollee, double income_share, double enrollees,
                                    double income)
{
    return income_share >= 0.0 ? income_share * income : per_enrollee * enrollees;
}

/* The risk corridor of critical-illness insurance (model.md §7): with loss
 * ratio L = benefits / premium outside [1 - band, 1 + band], `share` of the
 * insurer's surplus beyond the band returns to the fund (positive) or of its
 * loss beyond the band is paid by the fund (negative); 0 otherwise. */
double fsi_ci_corridor(double premium, double benefits, double share, double band);

/* The outpatient pooling account (Hebei's 8%, model.md §6): outpatient
 * spending at most share x income (share HUGE_VAL: no limit).  Returns the
 * fund's outpatient spending; *bound is 1 when the limit binds. */
static inline double fsi_account_limit(double spend, double share, double income, int *bound)
{
    *bound = 0;
    if (!isfinite(share) || !(spend > share * income))
        return spend;
    double lim = share * income;
    *bound = 1;
    return lim < 0.0 ? 0.0 : lim;
}

/* The separate outpatient account (单独核算, model.md §6): outpatient
 * benefits b against what the account holds, avail (its opening balance,
 * allocation and interest).  The account pays min(b, avail), at least 0,
 * into *from_account; what it cannot pay is cut (cover 0: the residents pay
 * it) or paid by the rest of the fund (cover 1).  Returns the fund's
 * outpatient spending (the account's part plus the rest's); *bound is 1
 * when the account cannot pay b. */
static inline double fsi_outpatient_account(double b, double avail, int cover,
                                            double *from_account, int *bound)
{
    double paid = b < avail ? b : avail;
    if (!(paid > 0.0))
        paid = 0.0;
    *from_account = paid;
    *bound = b > paid;
    return cover ? b : paid;
}

/* The account's allocation of a year (model.md §6): share x income, or
 * per x enrollees when share < 0; at most ceiling x income (ceiling
 * HUGE_VAL: none); never negative. */
static inline double fsi_account_allocation(double share, double per, double enrollees,
                                            double ceiling, double income)
{
    double a = share >= 0.0 ? share * income : per * enrollees;
    if (isfinite(ceiling) && a > ceiling * income)
        a = ceiling * income;
    return a > 0.0 ? a : 0.0;
}

/* Lognormal parameters from (mean, cv): sigma^2 = ln(1 + cv^2),
 * mu = ln(mean) - sigma^2/2. */
void fsi_lognormal_params(double mean, double cv, double *mu, double *sigma);

/* Limited expected value E[min(X, d)] of a lognormal(mu, sigma). */
double fsi_lognormal_lev(double mu, double sigma, double d);

/* The lognormal with a Pareto tail (severity.c, docs/model.md §6.1):
 * X = exp(mu + sigma Z) up to u, and u V beyond u with V Pareto(alpha) on
 * [1, inf), the tail keeping the lognormal's probability of exceeding u.
 * alpha > 2 (a finite variance).  E[X] and E[X^2]: */
void fsi_lnpareto_moments(double mu, double sigma, double u, double alpha, double *m1, double *m2);
/* E[(X - d)+], the expected cost above d (a layer is a difference of two). */
double fsi_lnpareto_excess(double mu, double sigma, double u, double alpha, double d);
/* The mu that gives E[X] = mean (sigma, u, alpha given). */
double fsi_lnpareto_mu(double mean, double sigma, double u, double alpha);

#endif /* FUNDSIM_RULES_INT_H */
