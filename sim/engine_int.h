/* sim/engine_int.h -- internals of the engine shared by engine.c,
 * population.c, results.c and the unit tests (docs/model.md explains the
 * equations). */
#ifndef FUNDSIM_ENGINE_INT_H
#define FUNDSIM_ENGINE_INT_H

#include "scenario_int.h"

/* Scenario groups 0..ngroups-1, then the implicit ordinary residents. */
#define FSI_MAX_G (FS_MAX_GROUPS + 1)

/* ---------------------------------------------------------------- */
/* Population (sim/population.c), DOMAIN.md §2. */

/* One projection step from the residents P of policy year y to those of
 * y + 1 (cohort-component): survivors of P age one year with
 *   q_y(x) = min(1, q(x) (1 - improvement)^t qmult),  t = y - start_year,
 * age 100 is open; births B = sum_a P_f(a) asfr(a) (or crude_birth_rate x
 * total P) enter age 0, split males B s/(100+s), s = sex_ratio_at_birth;
 * then net migration adds net_rate x the new population, cell by cell
 * (spread by the current age structure).  births/deaths may be NULL. */
void fsi_pop_step(const fs_scenario *sc, const double P[2][FS_NAGES], int t, double qmult,
                  double net_rate, double out[2][FS_NAGES], double *births, double *deaths);

/* Projects `years` years: pop[0] = sc->pop, pop[i+1] = step(pop[i]).
 * net_rate[i] is the migration rate of year start+i.  qmult is the
 * replication's mortality multiplier (1 without shocks). */
void fsi_pop_project(const fs_scenario *sc, const double *net_rate, int years, double qmult,
                     double (*pop)[2][FS_NAGES]);

/* Splits n residents of one (sex, age) cell into the scenario's groups:
 * out[g] = gshare[g] x n for groups whose age range holds `age`, the
 * implicit ordinary residents (out[ngroups]) get the rest (at least 0). */
void fsi_pop_groups(const fs_scenario *sc, const double *gshare, int age, double n,
                    double out[FSI_MAX_G]);

/* ---------------------------------------------------------------- */
/* Benefit and subsidy rules (sim/engine.c), pure functions. */

/* Contribution subsidy of one enrollee of group g (NULL = ordinary) in
 * tier `tier` whose own standard is std_own, with group tier-1 standard
 * std_tier1, for policy year `year`.  DOMAIN.md §3. */
double fsi_subsidy(const fs_group *g, int tier, double std_own, double std_tier1, int year);

/* Critical-illness benefit on an annual self-paid in-scope amount `base`:
 * banded ratios (+ ratio_add, at most 1) on base - deductible, limited by
 * cap (HUGE_VAL = none); upto[b], ratio[b] are band b's values resolved
 * for the year (the last band is unbounded).  With no bands the benefit is 0. */
double fsi_ci_benefit(double base, double deductible, const double *upto, const double *ratio,
                      int nbands, double ratio_add, double cap);

/* Medical-assistance benefit: min(cap, ratio x max(0, base - threshold)). */
static inline double fsi_assist_benefit(double base, double threshold, double ratio, double cap)
{
    double x = base - threshold;
    if (x <= 0.0)
        return 0.0;
    x *= ratio;
    return x < cap ? x : cap;
}

/* Lognormal parameters from (mean, cv): sigma^2 = ln(1 + cv^2),
 * mu = ln(mean) - sigma^2/2. */
void fsi_lognormal_params(double mean, double cv, double *mu, double *sigma);

/* Limited expected value E[min(X, d)] of a lognormal(mu, sigma). */
double fsi_lognormal_lev(double mu, double sigma, double d);

/* fs_run that also adds to cost_draws (may be NULL) the numbers of cost
 * draws made: cost_draws[0] those with a Philox block of their own (one
 * block, one normal or gamma variate), cost_draws[1] the lognormal
 * outpatient costs (one fsi_normal_w whose first word is word 3 of the
 * person-event block); the person-event blocks are res->enrollee_years.
 * For bench/floor.c. */
int fsi_run_counted(const fs_scenario *sc, const fs_run_options *opt, fs_results **out,
                    double cost_draws[2], char *err, size_t errlen);

#endif /* FUNDSIM_ENGINE_INT_H */
