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

/* Inpatient stays (model.md §6).  The deductible of a person's n-th stay of
 * the year (n = 0: the first, counted over every level): the level's
 * deductible, x repeat_factor from the second stay on (第二次及以后住院起付线
 * 减半: 0.5).  A stay's benefit is fsi_basic_benefit(in-scope cost, that
 * deductible, ratio, the level's stay_cap); the annual cap applies to the sum. */
static inline double fsi_stay_deductible(double deductible, double repeat_factor, unsigned n)
{
    return n ? deductible * repeat_factor : deductible;
}

/* A person's inpatient year of n stays: stay i at level level[i] with
 * in-scope cost in_scope[i]; per level the deductible, repeat factor, ratio
 * and stay cap.  Returns min(annual_cap, sum of the stays' benefits). */
double fsi_inpatient_year(unsigned n, const double *in_scope, const int *level,
                          const double *deductible, const double *repeat_factor,
                          const double *ratio, const double *stay_cap, double annual_cap);

/* Contribution subsidy (资助参保) of one enrollee of group g (NULL =
 * ordinary residents: none) in tier `tier` whose own standard is std_own,
 * with the group's tier-1 standard std_tier1, for policy year `year`
 * (model.md §4): full, fixed or percent of a base, never more than the
 * standard; tiers >= 2 may have their own percent of the tier-1 standard. */
double fsi_subsidy(const fs_group *g, int tier, double std_own, double std_tier1, int year);

/* Price response of enrollment (model.md §3): the factor
 * min(1, exp(elasticity x (net - ref) / ref)) on the base rate (a net price
 * below the reference does not lift a rate above its base), 1 when the
 * group is not price sensitive, the elasticity is 0 or there is no
 * reference price. */
double fsi_price_factor(double elasticity, int price_sensitive, double net, double ref);

/* An enrollment rate r in [0, 1] under the year's relative shock
 * (shock = 1 + sd z, model.md §3): r x shock, limited to the interval
 * symmetric about r that stays in [0, 1] -- [2r - 1, 1] when r >= 1/2,
 * [0, 2r] below -- so that the mean over a symmetric z stays r (a rate of 1
 * stays 1).  Where the limits do not bind it is r x shock to the bit. */
static inline double fsi_rate_shocked(double r, double shock)
{
    double v = r * shock;
    double lo = r >= 0.5 ? 2.0 * r - 1.0 : 0.0, hi = r >= 0.5 ? 1.0 : 2.0 * r;
    return v > hi ? hi : (v < lo ? lo : v);
}

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

/* A person's in-scope self-paid cost after basic insurance, by line of care
 * (model.md §8): inpatient, every chronic programme, the chronic programmes
 * that count for critical illness, general outpatient. */
typedef struct fsi_selfpaid {
    double in, ch, ch_ci, op;
} fsi_selfpaid;

/* The assistance base of a rule covering `lines` (FS_LINE_* bits): the
 * self-paid cost of those lines, minus the part of the critical-illness
 * benefit cib that falls on them -- cib pro rata to their share of the CI
 * base (inpatient + counting chronic); all of cib when the lines hold the
 * whole CI base. */
static inline double fsi_assist_base(const fsi_selfpaid *p, unsigned lines, double cib)
{
    double b = 0.0, ci_l = 0.0;
    if (lines & FS_LINE_CHRONIC) {
        b += p->ch;
        ci_l += p->ch_ci;
    }
    if (lines & FS_LINE_INPATIENT) {
        b += p->in;
        ci_l += p->in;
    }
    if (lines & FS_LINE_OUTPATIENT)
        b += p->op;
    if (cib > 0.0) {
        double ci_all = p->ch_ci + p->in;
        b -= ci_l >= ci_all ? cib : cib * (ci_l / ci_all);
    }
    return b;
}

/* One year's assistance rule for a person (plan.c resolves it per group):
 * eligible when the base exceeds `line` (-HUGE_VAL for a group's members);
 * a first layer min(cap, ratio (base - thr)+); with a tilt (倾斜救助), a
 * second layer on what the first leaves, min(t_cap, t_ratio (left -
 * t_thr)+), with its own cap. */
typedef struct fsi_assist_rule_y {
    double ratio, thr, cap, line;
    unsigned lines;
    int tilt;
    double t_ratio, t_thr, t_cap;
} fsi_assist_rule_y;

static inline double fsi_assist_layers(double base, const fsi_assist_rule_y *r)
{
    if (!(base > r->line))
        return 0.0;
    double a = fsi_assist_benefit(base, r->thr, r->ratio, r->cap);
    if (r->tilt)
        a += fsi_assist_benefit(base - a, r->t_thr, r->t_ratio, r->t_cap);
    return a;
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
