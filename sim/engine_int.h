/* sim/engine_int.h -- internals of the engine, one file per section of
 * docs/model.md (its opening table maps sections to functions):
 *
 *   population.c  §2    cohort-component projection, groups
 *   plan.c        §1-9  every parameter resolved per policy year (plan_int.h)
 *   rules.c       §4-8  benefit, subsidy and premium rules, pure (rules_int.h)
 *   persons.c     §3,6  enrollment by cell, persons and their claims (the hot loop)
 *   accounts.c    §4-9  income, spending, balance: one metrics row per year
 *   mgmt.c        §9    management rules, a table of types
 *   run.c         §5,10 systemic paths, replications, threads: fs_run
 *
 * Shared with the unit tests and bench/floor.c; not installed. */
#ifndef FUNDSIM_ENGINE_INT_H
#define FUNDSIM_ENGINE_INT_H

#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "plan_int.h"
#include "rng_int.h"
#include "rules_int.h"
#include "scenario_int.h"

_Static_assert(FSI_MAX_G <= FS_RESULTS_MAX_GROUPS && FS_MAX_TIERS <= FS_RESULTS_MAX_TIERS &&
                   FS_NAME_MAX <= 64,
               "fs_results' group table cannot hold the scenario's groups and tiers");

/* ---------------------------------------------------------------- */
/* Population (population.c), model.md §2. */

/* One projection step from the residents P of policy year y to those of
 * y + 1 (cohort-component): survivors of P age one year with
 *   q_y(x) = min(1, q(x) (1 - improvement)^t qmult),  t = y - start_year,
 * age 100 is open; births B = sum_a P_f(a) asfr(a) (or crude_birth_rate x
 * total P) enter age 0, split males B s/(100+s), s = sex_ratio_at_birth;
 * then net migration adds net_rate x the new population, cell by cell
 * (spread by the current age structure).  births/deaths may be NULL. */
void fsi_pop_step(const fs_scenario *sc, const double P[2][FS_NAGES], int t, double qmult,
                  double net_rate, double out[2][FS_NAGES], double *births, double *deaths);

/* Births during a year to the residents P at its start (model.md §2):
 * out[0] males, out[1] females; returns their sum.  fsi_pop_step puts
 * exactly these at age 0 of the next year (before migration). */
double fsi_pop_births(const fs_scenario *sc, const double P[2][FS_NAGES], double out[2]);

/* Projects `years` years: pop[0] = sc->pop, pop[i+1] = step(pop[i]).
 * net_rate[i] is the migration rate of year start+i.  qmult is the
 * replication's mortality multiplier (1 without shocks). */
void fsi_pop_project(const fs_scenario *sc, const double *net_rate, int years, double qmult,
                     double (*pop)[2][FS_NAGES]);

/* v, or the whole number within 1e-7 of it: a product of a whole count
 * and a share of it that floating point left a hair off (a roster's cells). */
static inline double fsi_near_whole(double v)
{
    double w = floor(v + 0.5);
    return fabs(v - w) <= 1e-7 ? w : v;
}

/* Splits n residents of one (sex, age) cell into the scenario's groups:
 * out[g] = gshare[g] x n for groups whose age range holds `age`, the
 * implicit ordinary residents (out[ngroups]) get the rest (at least 0).
 * With a roster, out[g] = its share of the cell (sex, age) x n instead. */
void fsi_pop_groups(const fs_scenario *sc, const double *gshare, int sex, int age, double n,
                    double out[FSI_MAX_G]);

/* ---------------------------------------------------------------- */
/* A run. */

/* A cost distribution in base-year yuan, ready to draw (persons.c). */
typedef struct fsi_dist {
    int gamma;           /* 1 gamma, 0 lognormal */
    double mean;
    double mu, sigma;    /* lognormal (with a tail: its body, mu solved for the mean) */
    double shape, scale; /* gamma; shape 0 = the constant mean */
    double tail_u;       /* > 0: a Pareto tail beyond tail_u (base-year yuan) */
    double tail_z;       /* (ln tail_u - mu) / sigma: the normal draw where it starts */
    double tail_q;       /* P(Z > tail_z) */
    double tail_inv;     /* -1 / alpha */
} fsi_dist;
void fsi_dist_init(fsi_dist *d, const fs_costdist *c);
/* E[X^2] of a cost distribution (any kind): mean^2 (1 + cv^2), or the
 * tail's closed form. */
double fsi_dist_m2(const fs_costdist *c);
/* c with every cost x f: mean and tail threshold (calibration, §14). */
fs_costdist fsi_cost_scaled(const fs_costdist *c, double f);

/* The base-year cost of a lognormal draw z ~ N(0, 1): exp(mu + sigma z),
 * or beyond the tail's threshold u, u (Q(z) / Q(z_u))^(-1/alpha) -- the
 * normal's own tail probability, uniform given z > z_u, turned into a
 * Pareto draw, so a tail costs no extra random number and the draws below
 * u are the lognormal's. */
static inline double fsi_dist_lognormal_at(const fsi_dist *d, double z)
{
    if (d->tail_u > 0.0 && z > d->tail_z)
        return d->tail_u * pow(gsl_cdf_ugaussian_Q(z) / d->tail_q, d->tail_inv);
    return exp(d->mu + d->sigma * z);
}

/* What every replication of a run shares (read-only during the run). */
typedef struct fsi_run {
    const fs_scenario *sc;
    int start, years;
    int ng_all;    /* scenario groups + the ordinary residents */
    int nt;        /* tiers */
    int nq;        /* quantities per group and tier of the group table: FS_GQ_COUNT, then
                      the enrollees of each age band of a roster */
    int band_of[FS_NAGES]; /* the age band of each age (with a roster) */
    uint64_t seed;
    int sample;    /* 1: sample mode (model.md §13) */
    int spc;       /* sample mode: persons per non-empty cell */
    int sys_first; /* first year of the inflation path */
    int sys_last;  /* last year of the inflation path: max(last simulated year, base year) */
    double m2_op, m2_ch[FS_MAX_CHRONIC], m2_lv[FS_MAX_LEVELS]; /* E[X^2] of the costs, base year */
    fsi_year *yr;  /* the plan, one per simulated year */
    fsi_dist op_cost, ch_cost[FS_MAX_CHRONIC], lv_cost[FS_MAX_LEVELS];
    int (*cancel)(void *ctx); /* fs_run_options.cancel (may be NULL) */
    void *cancel_ctx;
} fsi_run;

/* Whether the caller asked the run to stop (fs_run_options.cancel). */
static inline int fsi_cancelled(const fsi_run *R)
{
    return R->cancel && R->cancel(R->cancel_ctx);
}

/* Sums over one replication-year's persons (weighted in sample mode). */
typedef struct fsi_acc {
    double enrollees, indiv, sub_assist, sub_other, simulated;
    double out, chronic, inpat, inpat_scope, mat, ci, assist, risk, oop;
    double adm, adm_cost; /* admissions and their whole cost */
    double draws;    /* cost draws with a block of their own (one Philox block + one
                        normal or gamma) */
    double draws_w3; /* lognormal outpatient costs: one normal whose first word is word 3
                        of the person-event block */
    double samp_var; /* sample mode: estimated sampling variance of the fund's spending */
} fsi_acc;

/* Values the hot loop needs for one cell (sex, age, group, tier) and year. */
typedef struct fsi_cellp {
    uint64_t t_out, t_birth;           /* fsi_bern_threshold of the probabilities */
    double ch_inv[FS_MAX_CHRONIC];     /* fsi_skip_inv of the chronic prevalences */
    double lam, elam;
    uint64_t t_adm; /* lam <= 50: fsi_u01(w) > elam iff w >= t_adm (2^32: never);
                       lam > 50: 0 */
    int any_ch, nch;
    double op_ratio, op_cap, op_ded;
    double lv_ratio[FS_MAX_LEVELS];
    double ci_ded, ci_add, ci_cap;
    int assist;                        /* a group rule or assistance.by_expense applies */
    fsi_assist_rule_y as;
    double alert, I;
    uint32_t cell;  /* fsi_cell_id */
    int g, t;       /* group (0 .. ng_all - 1) and tier: the cell's row of the group table */
    double n;       /* enrollees */
    double sd;      /* sample mode: proxy of the sd of one person's spending (allocation) */
    uint32_t m;     /* persons simulated */
} fsi_cellp;

/* Newborns in their birth year (enrollment.newborn_cover: birth_year) are
 * cells of their own, one per birth month: cell-id ages FSI_NEWBORN_AGE_ID
 * + month (0..11), beyond the ages 0..100 of the residents. */
#define FSI_NEWBORN_MONTHS 12
#define FSI_NEWBORN_AGE_ID (FS_MAX_AGE + 1)
/* The late enrollees of a cell (enrollment.late_share) are a cell of their
 * own: its id with this bit (fsi_cell_id uses 15 bits). */
#define FSI_LATE_CELL 0x8000u
/* A group's graduates (groups[].graduation) covered less than the year are
 * cells of their own too: FSI_LATE_CELL with the cell-id age
 * FSI_NEWBORN_AGE_ID + (age - the group's first age), at most
 * FSI_GRAD_MAX_SPAN + 1 ages (101..127). */
/* Most cells of one replication-year: 2 sexes x (ages + birth months) x
 * groups x tiers, and the residents' cells twice more (late enrollees,
 * graduates). */
#define FSI_MAX_CELLS (2 * (3 * FS_NAGES + FSI_NEWBORN_MONTHS) * FSI_MAX_G * FS_MAX_TIERS)

/* Per-thread workspace, allocated once per thread (run.c). */
typedef struct fsi_ws {
    gsl_rng *r;
    double (*pop)[2][FS_NAGES];
    double *I, *U, *zen, *rint, *mig;
    double *g;        /* inflation path scratch */
    fsi_cellp *cells; /* FSI_MAX_CELLS */
    fsi_year yadj;    /* a year's plan after the management rule's adjustment */
} fsi_ws;

/* ---------------------------------------------------------------- */
/* Persons and claims (persons.c), model.md §3 and §6. */

/* Enrollment of replication-year yi (§3): every (sex, age, group, tier)
 * cell's enrollees, rounded on the cell's own stream, their contributions
 * and subsidies into acc and the group table gv (ng_all x nt x R->nq,
 * added to), and the cell's parameters into W->cells.
 * Returns the number of non-empty cells. */
int fsi_enroll_cells(const fsi_run *R, const fsi_year *Y, fsi_ws *W, uint32_t rep, int yi,
                     double *gv, fsi_acc *acc);

/* Simulates the persons of the ncell cells in W->cells (sample mode:
 * allocates the sample first) into acc and each cell's benefits, costs and
 * out-of-pocket into its row of the group table gv (added to, weighted
 * like acc).  FS_OK, or FS_EUSAGE with a message when a cell is too large
 * for exact mode. */
int fsi_simulate_cells(const fsi_run *R, const fsi_year *Y, fsi_ws *W, uint32_t rep, int ncell,
                       fsi_acc *acc, double *gv, char *err, size_t errlen);


/* ---------------------------------------------------------------- */
/* Management rules (mgmt.c), model.md §9: a table of types, indexed by
 * fs_mgmt_rule, like GSL's root solvers. */

typedef struct fsi_mgmt_state {
    double kfac; /* benefit_ratio: the factor on every ratio */
    double cadj; /* contribution: the change of every standard, yuan */
} fsi_mgmt_state;

typedef struct fsi_rule_type {
    /* The year's plan as the rule has it, from the earlier years' metrics
     * rows vals[0..yi-1] (FS_M_COUNT each) and the rule's state: &R->yr[yi]
     * itself, or an adjusted copy in *scratch. */
    const fsi_year *(*adjust)(const fsi_run *R, int yi, const double *vals, fsi_mgmt_state *st,
                              fsi_year *scratch);
    /* The finance top-up (兜底) of a year with income before it and
     * spending; NULL: none. */
    double (*topup)(double income, double spend);
} fsi_rule_type;

/* The rule type of fs_mgmt_rule r, and a fresh state. */
const fsi_rule_type *fsi_rule(fs_mgmt_rule r);
void fsi_mgmt_init(fsi_mgmt_state *st);

/* ---------------------------------------------------------------- */
/* Accounts (accounts.c), model.md §4-9. */

/* The balances carried from one year to the next (§9): the whole fund's
 * (for a county ledger of a municipal pool, fund.pooling: ledger, its net
 * transfer to the pool to date), and the part of it in the separate
 * outpatient account (§6; 0 without one). */
typedef struct fsi_balances {
    double fund;
    double op_account;
} fsi_balances;

/* Closes replication-year yi: income by source and payer, the critical-
 * illness premium and corridor, the outpatient account (its limit, or the
 * separate account's allocation, payments and balance), spending, the
 * rule's top-up, surplus and the balances *bal (carried over), months
 * covered and the flags, the risks by the year and the shortfall, into the
 * metrics row v (FS_M_COUNT values); prev is the previous year's row (NULL
 * in the first).  rint is the year's interest rate.  FS_OK, or FS_ENUMERIC
 * with a message. */
int fsi_close_year(const fsi_run *R, const fsi_year *Y, const fsi_rule_type *rule,
                   const fsi_acc *acc, double rint, uint32_t rep, fsi_balances *bal,
                   const double *prev, double *v, char *err, size_t errlen);

/* After the last year of a replication: the first year of depletion, in
 * every year's row of vals. */
void fsi_close_replication(const fsi_run *R, double *vals);

/* ---------------------------------------------------------------- */
/* fs_run with the benchmark's counter (bench/floor.c): cost_draws (may be
 * NULL) gets the numbers of cost draws made: [0] those with a Philox block
 * of their own (one block, one normal or gamma variate), [1] the lognormal
 * outpatient costs (one fsi_normal_w whose first word is word 3 of the
 * person-event block); the person-event blocks are res->enrollee_years. */
typedef struct fsi_run_options {
    fs_run_options pub;
    double *cost_draws; /* double[2], added to; NULL: not counted */
} fsi_run_options;

int fsi_run_with(const fs_scenario *sc, const fsi_run_options *opt, fs_results **out, char *err,
            size_t errlen);

#endif /* FUNDSIM_ENGINE_INT_H */
