/* sim/engine.c -- fs_run: replications, enrollment, income, microsimulated
 * spending, critical illness, assistance and the fund's accounts.
 * docs/model.md states every equation; DOMAIN.md §2-6 is the model. */
#include "engine_int.h"
#include "rng_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#if defined(_OPENMP)
#include <omp.h>
#endif

/* ---------------------------------------------------------------- */
/* Pure rules. */

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

/* ---------------------------------------------------------------- */
/* Cost distributions, base-year yuan. */

typedef struct fsi_dist {
    int gamma;          /* 1 gamma, 0 lognormal */
    double mean;
    double mu, sigma;   /* lognormal */
    double shape, scale; /* gamma; shape 0 = the constant mean */
} fsi_dist;

static void dist_init(fsi_dist *d, const fs_costdist *c)
{
    memset(d, 0, sizeof *d);
    d->mean = c->mean > 0.0 ? c->mean : 0.0;
    if (c->kind == FS_DIST_GAMMA) {
        d->gamma = 1;
        if (c->cv > 0.0 && d->mean > 0.0) {
            d->shape = 1.0 / (c->cv * c->cv);
            d->scale = d->mean * c->cv * c->cv;
        }
    } else if (d->mean > 0.0) {
        fsi_lognormal_params(d->mean, c->cv > 0.0 ? c->cv : 0.0, &d->mu, &d->sigma);
    }
}

/* E[X^2] of a cost distribution (either kind): mean^2 (1 + cv^2). */
static double dist_m2(const fs_costdist *c)
{
    double m = c->mean > 0.0 ? c->mean : 0.0, cv = c->cv > 0.0 ? c->cv : 0.0;
    return m * m * (1.0 + cv * cv);
}

/* One cost in yuan of the year whose price index is I (r seeked; the
 * lognormal reads the Philox words of r's state directly). */
static inline double dist_draw(gsl_rng *r, const fsi_dist *d, double I)
{
    if (d->mean <= 0.0)
        return 0.0;
    if (d->gamma)
        return d->shape > 0.0 ? gsl_ran_gamma(r, d->shape, d->scale) * I : d->mean * I;
    return exp(d->mu + d->sigma * fsi_normal((fsi_philox *)r->state)) * I;
}

/* Points the state s (key already set) at the stream of counter template c
 * (fsi_rng_ctr with entity 0, sub 0) for person k, sub `sub`. */
static inline void seek_person(fsi_philox *s, philox4x32_ctr_t c, uint32_t k, uint32_t sub)
{
    c.v[1] = k | (sub << 24);
    s->ctr = c;
    s->idx = 4;
}

/* ---------------------------------------------------------------- */
/* The run: scenario values resolved per policy year. */

typedef struct fsi_year {
    int year;
    double gshare[FS_MAX_GROUPS];
    double stdc[FSI_MAX_G][FS_MAX_TIERS]; /* individual standard */
    double sub[FSI_MAX_G][FS_MAX_TIERS];  /* contribution subsidy */
    double tcum[FSI_MAX_G][FS_MAX_TIERS]; /* cumulative tier shares */
    double rate[FSI_MAX_G];               /* enrollment rate before the shock */
    double rate0[FSI_MAX_G];              /* same for newborns (age 0) */
    double expo[FSI_MAX_G];               /* benefit exposure (waiting period) */
    double fiscal, fshare[4], other, disp, net_mig, init_balance;
    double op_ded, op_ratio[FS_MAX_TIERS], op_cap[FS_MAX_TIERS], op_acct;
    double ch_in[FS_MAX_CHRONIC], ch_ded[FS_MAX_CHRONIC], ch_ratio[FS_MAX_CHRONIC],
        ch_cap[FS_MAX_CHRONIC];
    double lv_cum[FS_MAX_LEVELS], lv_in[FS_MAX_LEVELS], lv_ded[FS_MAX_LEVELS],
        lv_ratio[FS_MAX_LEVELS];
    double ip_cap, mat;
    double ci_prem, ci_prem_share, ci_ded, ci_cap; /* ci_prem_share < 0: per enrollee */
    double ci_upto[FS_MAX_BANDS], ci_ratio[FS_MAX_BANDS], ci_corr_share, ci_corr_band;
    double ci_dedf[FSI_MAX_G], ci_add[FSI_MAX_G]; /* group CI modifiers (ordinary: 1, 0) */
    double ip_add_g[FSI_MAX_G], ip_add_t[FS_MAX_TIERS]; /* inpatient ratio points added */
    double res_min, res_max; /* reserve band, months */
    double tsn[FSI_MAX_G][FS_MAX_TIERS];  /* normalised tier shares */
    double gbase[FSI_MAX_G], newborn[FSI_MAX_G], ref; /* enrollment before the price response */
    double m_target, m_gain, m_kmin, m_kmax, m_step; /* fund.rule */
    double as_ratio[FS_MAX_GROUPS], as_thr[FS_MAX_GROUPS], as_cap[FS_MAX_GROUPS];
    double alert;
} fsi_year;

typedef struct fsi_run {
    const fs_scenario *sc;
    int start, years, ng, nt;
    uint64_t seed;
    int sample, spc;
    int sys_first; /* first year of the inflation path */
    int sys_last;  /* last year of the inflation path: max(last simulated year, base year) */
    double m2_op, m2_ch[FS_MAX_CHRONIC], m2_lv[FS_MAX_LEVELS]; /* E[X^2] of the costs, base year */
    fsi_year *yr;
    fsi_dist op_cost, ch_cost[FS_MAX_CHRONIC], lv_cost[FS_MAX_LEVELS];
    int payer_assist[FSI_MAX_G];
    char err[256];
} fsi_run;

typedef struct fsi_acc {
    double enrollees, indiv, sub_assist, sub_other, simulated;
    double out, chronic, inpat, inpat_scope, mat, ci, assist, risk, oop;
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
    int assist;
    double as_ratio, as_thr, as_cap;
    double alert, I;
    uint32_t cell;  /* fsi_cell_id */
    double n;       /* enrollees */
    double sd;      /* sample mode: proxy of the sd of one person's spending (allocation) */
    uint32_t m;     /* persons simulated */
} fsi_cellp;

_Static_assert(FSI_MAX_G <= FS_RESULTS_MAX_GROUPS && FS_MAX_TIERS <= FS_RESULTS_MAX_TIERS &&
                   FS_NAME_MAX <= 64,
               "fs_results' group table cannot hold the scenario's groups and tiers");

/* Most cells of one replication-year: 2 sexes x ages x groups x tiers. */
#define FSI_MAX_CELLS (2 * FS_NAGES * FSI_MAX_G * FS_MAX_TIERS)

/* Per-thread workspace, allocated once per thread. */
typedef struct fsi_ws {
    gsl_rng *r;
    double (*pop)[2][FS_NAGES];
    double *I, *U, *zen, *rint, *mig;
    double *g; /* inflation path scratch */
    fsi_cellp *cells; /* FSI_MAX_CELLS */
} fsi_ws;

static int pget(fsi_run *R, const fs_param *p, int year, double dflt, double *out,
                const char *what)
{
    if (!fsi_param_set(p)) {
        *out = dflt;
        return FS_OK;
    }
    if (fsi_param_at(p, year, out) != FS_OK) {
        snprintf(R->err, sizeof R->err, "%s has no value for policy year %d", what, year);
        return FS_ESCENARIO;
    }
    return FS_OK;
}

#define PGET(p, year, dflt, out, what)                                                        \
    do {                                                                                      \
        int rc_ = pget(R, (p), (year), (dflt), (out), (what));                                \
        if (rc_ != FS_OK)                                                                     \
            return rc_;                                                                       \
    } while (0)

static double clamp01(double x)
{
    return x < 0.0 ? 0.0 : (x > 1.0 ? 1.0 : x);
}

/* Subsidies, net price and enrollment rates of group g (ngroups = the
 * ordinary residents) from the year's standards Y->stdc[g] (§2-3).  Called
 * by plan_year and, with adjusted standards, by the contribution rule. */
static void price_group(const fsi_run *R, fsi_year *Y, int g)
{
    const fs_scenario *sc = R->sc;
    const fs_group *G = g < sc->ngroups ? &sc->group[g] : NULL;
    double net = 0.0, e = sc->enroll_elasticity, ref = Y->ref;
    for (int t = 0; t < R->nt; t++) {
        Y->sub[g][t] = fsi_subsidy(G, t, Y->stdc[g][t], Y->stdc[g][0], Y->year);
        net += Y->tsn[g][t] * (Y->stdc[g][t] - Y->sub[g][t]);
    }
    double f = 1.0;
    if ((!G || G->price_sensitive) && e != 0.0 && ref > 0.0)
        f = exp(e * (net - ref) / ref);
    Y->rate[g] = clamp01(Y->gbase[g] * f);
    Y->rate0[g] = clamp01(Y->newborn[g] * f);
}

static int plan_year(fsi_run *R, fsi_year *Y, int year)
{
    const fs_scenario *sc = R->sc;
    int ng = sc->ngroups, nt = R->nt;
    double tier1, base, late, wait;

    memset(Y, 0, sizeof *Y);
    Y->year = year;
    for (int g = 0; g < ng; g++)
        PGET(&sc->group[g].share, year, 0.0, &Y->gshare[g], "groups[].share");

    /* Standards, subsidies, tier shares, enrollment rates (§2-3). */
    PGET(&sc->tier[0].contribution, year, 0.0, &tier1, "tiers[0].contribution");
    PGET(&sc->enroll_reference_price, year, tier1, &Y->ref, "enrollment.reference_price");
    PGET(&sc->enroll_base_rate, year, 0.95, &base, "enrollment.base_rate");
    PGET(&sc->late_share, year, 0.0, &late, "enrollment.late_share");
    PGET(&sc->waiting_months, year, 3.0, &wait, "enrollment.waiting_months");
    for (int t = 0; t < nt; t++)
        PGET(&sc->tier[t].inpatient_ratio_add, year, 0.0, &Y->ip_add_t[t],
             "tiers[].inpatient_ratio_add");
    for (int g = 0; g <= ng; g++) {
        const fs_group *G = g < ng ? &sc->group[g] : NULL;
        double gbase = base, newborn, sum = 0.0, ts[FS_MAX_TIERS];
        for (int t = 0; t < nt; t++) {
            PGET(&sc->tier[t].contribution, year, 0.0, &Y->stdc[g][t], "tiers[].contribution");
            if (G && fsi_param_set(&G->contribution[t]))
                PGET(&G->contribution[t], year, 0.0, &Y->stdc[g][t], "groups[].contribution");
            if (G && fsi_param_set(&G->tier_share[t]))
                PGET(&G->tier_share[t], year, 0.0, &ts[t], "groups[].tier_shares");
            else
                PGET(&sc->tier[t].choice_share, year, t == 0 ? 1.0 : 0.0, &ts[t],
                     "tiers[].choice_share");
            if (ts[t] < 0.0)
                ts[t] = 0.0;
            sum += ts[t];
        }
        for (int t = 0; t < nt; t++) {
            ts[t] = sum > 0.0 ? ts[t] / sum : (t == 0);
            Y->tsn[g][t] = ts[t];
            Y->tcum[g][t] = (t ? Y->tcum[g][t - 1] : 0.0) + ts[t];
        }
        Y->tcum[g][nt - 1] = 1.0;
        if (G)
            PGET(&G->enrollment_rate, year, base, &gbase, "groups[].enrollment_rate");
        if (G && fsi_param_set(&G->enrollment_rate))
            newborn = gbase; /* a group's own rate holds for its newborns (应保尽保) */
        else
            PGET(&sc->newborn_rate, year, gbase, &newborn, "enrollment.newborn_rate");
        Y->gbase[g] = gbase;
        Y->newborn[g] = newborn;
        price_group(R, Y, g);
        Y->expo[g] = (G && G->waiting_exempt != 0.0) ? 1.0 : clamp01(1.0 - late * wait / 12.0);
        Y->ip_add_g[g] = 0.0;
        Y->ci_dedf[g] = 1.0;
        Y->ci_add[g] = 0.0;
        if (G) {
            PGET(&G->inpatient_ratio_add, year, 0.0, &Y->ip_add_g[g],
                 "groups[].inpatient_ratio_add");
            PGET(&G->ci.deductible_factor, year, 1.0, &Y->ci_dedf[g],
                 "groups[].critical_illness.deductible_factor");
            PGET(&G->ci.ratio_add, year, 0.0, &Y->ci_add[g], "groups[].critical_illness.ratio_add");
        }
        /* The payer follows the group's rule even when only tiers >= 2 are
         * subsidised (type none + upper_tier_percent). */
        R->payer_assist[g] = G && strcmp(G->subsidy.payer, "other") != 0;
    }

    /* Financing. */
    PGET(&sc->fiscal_subsidy, year, 0.0, &Y->fiscal, "financing.fiscal_subsidy");
    {
        double s = 0.0;
        for (int i = 0; i < 4; i++)
            s += sc->fiscal_share[i] > 0.0 ? sc->fiscal_share[i] : 0.0;
        for (int i = 0; i < 4; i++)
            Y->fshare[i] = s > 0.0 ? (sc->fiscal_share[i] > 0.0 ? sc->fiscal_share[i] / s : 0.0)
                                   : (i == 3);
    }
    PGET(&sc->other_income, year, 0.0, &Y->other, "financing.other_income");
    PGET(&sc->disposable_income, year, 0.0, &Y->disp, "financing.disposable_income");
    PGET(&sc->net_migration_rate, year, 0.0, &Y->net_mig, "population.migration.net_rate");
    PGET(&sc->initial_balance, year, 0.0, &Y->init_balance, "fund.initial_balance");
    PGET(&sc->reserve_min_months, year, 6.0, &Y->res_min, "fund.reserve_band.min_months");
    PGET(&sc->reserve_max_months, year, 15.0, &Y->res_max, "fund.reserve_band.max_months");
    PGET(&sc->mrule.target_surplus_rate, year, 0.03, &Y->m_target,
         "fund.rule.target_surplus_rate");
    PGET(&sc->mrule.gain, year, 1.0, &Y->m_gain, "fund.rule.gain");
    PGET(&sc->mrule.min_factor, year, 0.8, &Y->m_kmin, "fund.rule.min_factor");
    PGET(&sc->mrule.max_factor, year, 1.1, &Y->m_kmax, "fund.rule.max_factor");
    PGET(&sc->mrule.step, year, 30.0, &Y->m_step, "fund.rule.step");

    /* Outpatient. */
    {
        double ratio = 0.0, cap;
        PGET(&sc->outpatient.deductible, year, 0.0, &Y->op_ded, "benefits.outpatient.deductible");
        if (sc->outpatient.nclasses > 0) {
            for (int c = 0; c < sc->outpatient.nclasses; c++) {
                double rc;
                PGET(&sc->outpatient.class_ratio[c], year, 0.0, &rc,
                     "benefits.outpatient.item_classes[].ratio");
                ratio += sc->outpatient.class_share[c] * rc;
            }
        } else {
            PGET(&sc->outpatient.ratio, year, 0.0, &ratio, "benefits.outpatient.ratio");
        }
        PGET(&sc->outpatient.cap, year, HUGE_VAL, &cap, "benefits.outpatient.cap");
        for (int t = 0; t < nt; t++) {
            PGET(&sc->tier[t].outpatient_ratio, year, ratio, &Y->op_ratio[t],
                 "tiers[].outpatient_ratio");
            PGET(&sc->tier[t].outpatient_cap, year, cap, &Y->op_cap[t], "tiers[].outpatient_cap");
        }
        PGET(&sc->outpatient.account_share_cap, year, -1.0, &Y->op_acct,
             "benefits.outpatient.account_share_cap");
    }
    /* Chronic programmes. */
    for (int c = 0; c < sc->nchronic; c++) {
        const fs_chronic *C = &sc->chronic[c];
        PGET(&C->in_scope, year, 1.0, &Y->ch_in[c], "benefits.chronic[].in_scope");
        PGET(&C->deductible, year, 0.0, &Y->ch_ded[c], "benefits.chronic[].deductible");
        PGET(&C->ratio, year, 0.0, &Y->ch_ratio[c], "benefits.chronic[].ratio");
        PGET(&C->cap, year, HUGE_VAL, &Y->ch_cap[c], "benefits.chronic[].cap");
    }
    /* Inpatient. */
    {
        double sum = 0.0, sh[FS_MAX_LEVELS];
        int nl = sc->inpatient.nlevels;
        for (int k = 0; k < nl; k++) {
            const fs_level *L = &sc->inpatient.level[k];
            PGET(&L->share, year, 0.0, &sh[k], "benefits.inpatient.levels[].share");
            if (sh[k] < 0.0)
                sh[k] = 0.0;
            sum += sh[k];
            PGET(&L->in_scope, year, 1.0, &Y->lv_in[k], "benefits.inpatient.levels[].in_scope");
            PGET(&L->deductible, year, 0.0, &Y->lv_ded[k],
                 "benefits.inpatient.levels[].deductible");
            PGET(&L->ratio, year, 0.0, &Y->lv_ratio[k], "benefits.inpatient.levels[].ratio");
        }
        for (int k = 0; k < nl; k++)
            Y->lv_cum[k] = (k ? Y->lv_cum[k - 1] : 0.0) + (sum > 0.0 ? sh[k] / sum : 1.0 / nl);
        if (nl > 0)
            Y->lv_cum[nl - 1] = 1.0;
        PGET(&sc->inpatient.annual_cap, year, HUGE_VAL, &Y->ip_cap,
             "benefits.inpatient.annual_cap");
    }
    PGET(&sc->maternity.benefit, year, 0.0, &Y->mat, "benefits.maternity.benefit");

    /* Critical illness. */
    Y->ci_prem_share = -1.0;
    if (sc->ci.enabled) {
        double share;
        if (fsi_param_set(&sc->ci.premium)) {
            PGET(&sc->ci.premium, year, 0.0, &Y->ci_prem, "critical_illness.premium");
        } else {
            PGET(&sc->ci.premium_income_share, year, 0.0, &share,
                 "critical_illness.premium_income_share");
            Y->ci_prem_share = share;
        }
        if (fsi_param_set(&sc->ci.deductible)) {
            PGET(&sc->ci.deductible, year, 0.0, &Y->ci_ded, "critical_illness.deductible");
        } else {
            PGET(&sc->ci.deductible_income_share, year, 0.0, &share,
                 "critical_illness.deductible_income_share");
            Y->ci_ded = share * Y->disp;
        }
        PGET(&sc->ci.cap, year, HUGE_VAL, &Y->ci_cap, "critical_illness.cap");
        for (int b = 0; b < sc->ci.nbands && b < FS_MAX_BANDS; b++) {
            PGET(&sc->ci.band[b].upto, year, HUGE_VAL, &Y->ci_upto[b],
                 "critical_illness.bands[].upto");
            PGET(&sc->ci.band[b].ratio, year, 0.0, &Y->ci_ratio[b],
                 "critical_illness.bands[].ratio");
        }
        PGET(&sc->ci.corridor_share, year, 0.0, &Y->ci_corr_share,
             "critical_illness.corridor.share");
        PGET(&sc->ci.corridor_band, year, 0.0, &Y->ci_corr_band, "critical_illness.corridor.band");
    }
    /* Assistance. */
    for (int g = 0; g < ng; g++) {
        const fs_group *G = &sc->group[g];
        if (!G->assist.eligible)
            continue;
        PGET(&G->assist.ratio, year, 0.0, &Y->as_ratio[g], "groups[].assistance.ratio");
        if (fsi_param_set(&G->assist.threshold)) {
            PGET(&G->assist.threshold, year, 0.0, &Y->as_thr[g], "groups[].assistance.threshold");
        } else {
            double share;
            PGET(&G->assist.threshold_income_share, year, 0.0, &share,
                 "groups[].assistance.threshold_income_share");
            Y->as_thr[g] = share * Y->disp;
        }
        PGET(&G->assist.cap, year, HUGE_VAL, &Y->as_cap[g], "groups[].assistance.cap");
    }
    PGET(&sc->assist.alert_line, year, HUGE_VAL, &Y->alert, "assistance.alert_line");
    return FS_OK;
}

/* ---------------------------------------------------------------- */
/* Systemic paths of one replication (§6). */

static double sys_normal(const fsi_run *R, gsl_rng *r, fs_stream s, uint32_t rep, int year)
{
    fsi_rng_seek(r, R->seed, s, rep, year, 0, 0, 0);
    return fsi_rng_normal(r);
}

static double systemic(const fsi_run *R, fsi_ws *W, uint32_t rep)
{
    const fs_scenario *sc = R->sc;
    int base = sc->base_year ? sc->base_year : R->start;
    int first = R->sys_first, last = R->sys_last;
    int n = last - first + 1;
    double dev = 0.0, qmult = 1.0;

    /* Inflation: g_y = mean + ar (g_{y-1} - mean) + sd z_y, I_base = 1. */
    for (int i = 0; i < n; i++) {
        double z = sc->inflation_sd != 0.0
                       ? sys_normal(R, W->r, FS_STREAM_INFLATION, rep, first + i)
                       : 0.0;
        dev = sc->inflation_ar * dev + sc->inflation_sd * z;
        W->g[i] = sc->inflation_mean + dev;
    }
    for (int yi = 0; yi < R->years; yi++) {
        int y = R->start + yi;
        double I = 1.0;
        for (int s = base + 1; s <= y; s++)
            I *= 1.0 + W->g[s - first];
        for (int s = y + 1; s <= base; s++)
            I /= 1.0 + W->g[s - first];
        W->I[yi] = I;
    }
    dev = 0.0;
    for (int yi = 0; yi < R->years; yi++) {
        int y = R->start + yi;
        double su = sc->utilization_shock_sd, z;
        z = su != 0.0 ? sys_normal(R, W->r, FS_STREAM_UTILIZATION, rep, y) : 0.0;
        W->U[yi] = pow(1.0 + sc->utilization_trend, (double)(y - base)) * exp(su * z - 0.5 * su * su);
        W->zen[yi] = sc->enroll_shock_sd != 0.0
                         ? sys_normal(R, W->r, FS_STREAM_ENROLL_SHOCK, rep, y)
                         : 0.0;
        z = sc->interest_sd != 0.0 ? sys_normal(R, W->r, FS_STREAM_INTEREST, rep, y) : 0.0;
        dev = sc->interest_ar * dev + sc->interest_sd * z;
        W->rint[yi] = sc->interest_mean + dev;
    }
    if (sc->mortality_shock_sd != 0.0)
        qmult = exp(sc->mortality_shock_sd *
                    sys_normal(R, W->r, FS_STREAM_MORTALITY_SHOCK, rep, 1900));
    return qmult;
}

/* ---------------------------------------------------------------- */
/* The hot loop: m persons of one cell, each drawn from its own streams.
 * Chronic statuses come from one skip stream per (cell, programme): the
 * next holder's index, so a person costs one Philox block plus one per
 * cost drawn. */

static void sim_cell(const fsi_run *R, const fsi_year *Y, gsl_rng *r, const fsi_cellp *C,
                     uint32_t rep, fsi_acc *acc)
{
    const fs_scenario *sc = R->sc;
    const int year = Y->year;
    const philox4x32_key_t key = fsi_rng_key(R->seed);
    const uint32_t cell = C->cell, m = C->m;
    philox4x32_ctr_t ce = fsi_rng_ctr(FS_STREAM_PERSON_EVENTS, rep, year, cell, 0, 0);
    const int nl = sc->inpatient.nlevels, ci_on = sc->ci.enabled, nch = C->any_ch ? C->nch : 0;
    const double I = C->I;
    double s_out = 0, s_ch = 0, s_in = 0, s_scope = 0, s_mat = 0, s_ci = 0, s_as = 0, s_risk = 0,
           s_oop = 0, s_y = 0, s_yy = 0;
    uint32_t ndraw = 0, ndraw3 = 0;
    fsi_philox *s = (fsi_philox *)r->state;
    const philox4x32_ctr_t c_ch = fsi_rng_ctr(FS_STREAM_CHRONIC_COST, rep, year, cell, 0, 0),
                           c_op = fsi_rng_ctr(FS_STREAM_OUTPATIENT_COST, rep, year, cell, 0, 0),
                           c_ip = fsi_rng_ctr(FS_STREAM_INPATIENT_ADMISSION, rep, year, cell, 0, 0);
    const fsi_dist *opd = &R->op_cost;
    const int op_w3 = !opd->gamma && opd->mean > 0.0; /* lognormal: first word from the block */
    fsi_philox skip[FS_MAX_CHRONIC];

    s->key = key;
    uint64_t next[FS_MAX_CHRONIC];

    for (int c = 0; c < nch; c++) {
        skip[c].key = key;
        skip[c].ctr = fsi_rng_ctr(FS_STREAM_CHRONIC_SKIP, rep, year, cell, 0, (uint32_t)c);
        skip[c].idx = 4;
        next[c] = fsi_skip_gap(&skip[c], C->ch_inv[c]);
    }
    uint64_t nmin = FS_SKIP_NEVER; /* the next holder of any programme */
    for (int c = 0; c < nch; c++)
        nmin = next[c] < nmin ? next[c] : nmin;

    for (uint32_t k = 0; k < m; k++) {
        double cost = 0.0, basic = 0.0, ci_base = 0.0, as_base = 0.0, fund = 0.0;
        int excl = 0;
        philox4x32_ctr_t ev;

        ce.v[1] = k;
        ev = philox4x32(ce, key);

        /* Chronic programmes: status, annual cost, benefit. */
        for (int c = 0; k == nmin && c < nch; c++) {
            if (next[c] != k)
                continue;
            next[c] += 1 + fsi_skip_gap(&skip[c], C->ch_inv[c]);
            ndraw++;
            seek_person(s, c_ch, k, (uint32_t)c);
            double x = dist_draw(r, &R->ch_cost[c], I);
            double in = x * Y->ch_in[c];
            double b = Y->ch_ratio[c] * (in - Y->ch_ded[c]);
            b = b > 0.0 ? (b < Y->ch_cap[c] ? b : Y->ch_cap[c]) : 0.0;
            s_ch += b;
            cost += x;
            basic += b;
            as_base += in - b;
            if (sc->chronic[c].counts_for_ci)
                ci_base += in - b;
            excl |= sc->chronic[c].excludes_outpatient;
        }
        if (k == nmin) {
            nmin = FS_SKIP_NEVER;
            for (int c = 0; c < nch; c++)
                nmin = next[c] < nmin ? next[c] : nmin;
        }

        /* General outpatient pooling. */
        if (!excl && (uint64_t)ev.v[0] < C->t_out) {
            double x;
            seek_person(s, c_op, k, 0);
            if (op_w3) {
                ndraw3++;
                x = exp(opd->mu + opd->sigma * fsi_normal_w(ev.v[3], s)) * I;
            } else {
                ndraw++;
                x = dist_draw(r, opd, I);
            }
            double b = C->op_ratio * (x - C->op_ded);
            b = b > 0.0 ? (b < C->op_cap ? b : C->op_cap) : 0.0;
            s_out += b;
            cost += x;
            basic += b;
        }

        /* Inpatient admissions: N = 0 unless u > e^-lambda (inversion). */
        if ((uint64_t)ev.v[1] >= C->t_adm) {
            unsigned N = 0;
            double u = fsi_u01(ev.v[1]);
            if (C->lam > 50.0) {
                seek_person(s, c_ip, k, FS_RNG_MAX_SUB);
                N = gsl_ran_poisson(r, C->lam);
            } else if (u > C->elam) {
                N = fsi_poisson_inv(u, C->lam, C->elam);
            }
            if (N > FS_RNG_MAX_SUB)
                N = FS_RNG_MAX_SUB;
            if (N > 0) {
                double sb = 0.0, sin = 0.0;
                ndraw += N;
                for (unsigned i = 0; i < N; i++) {
                    seek_person(s, c_ip, k, i);
                    double ul = fsi_u01(fsi_philox_word(s));
                    int lv = 0;
                    while (lv < nl - 1 && ul >= Y->lv_cum[lv])
                        lv++;
                    double x = dist_draw(r, &R->lv_cost[lv], I);
                    double in = x * Y->lv_in[lv];
                    double b = in - Y->lv_ded[lv];
                    if (b > 0.0)
                        sb += C->lv_ratio[lv] * b;
                    sin += in;
                    cost += x;
                }
                if (sb > Y->ip_cap)
                    sb = Y->ip_cap;
                s_in += sb;
                s_scope += sin;
                basic += sb;
                ci_base += sin - sb;
                as_base += sin - sb;
            }
        }

        /* Maternity. */
        fund = basic;
        if ((uint64_t)ev.v[2] < C->t_birth) {
            s_mat += Y->mat;
            fund += Y->mat;
        }
        s_y += fund;
        s_yy += fund * fund;
        if (cost == 0.0 && !(0.0 > C->alert))
            continue; /* no cost: no CI, assistance or out-of-pocket */

        /* Critical illness, then assistance, then what is left. */
        double cib = 0.0, ab = 0.0;
        if (ci_on && ci_base > C->ci_ded) {
            cib = fsi_ci_benefit(ci_base, C->ci_ded, Y->ci_upto, Y->ci_ratio, sc->ci.nbands,
                                 C->ci_add, C->ci_cap);
            s_ci += cib;
        }
        if (C->assist && as_base - cib > C->as_thr) {
            ab = fsi_assist_benefit(as_base - cib, C->as_thr, C->as_ratio, C->as_cap);
            s_as += ab;
        }
        double oop = cost - basic - cib - ab;
        s_oop += oop;
        if (oop > C->alert)
            s_risk += 1.0;
    }
    const double w = C->n / (double)m;
    acc->out += w * s_out;
    acc->chronic += w * s_ch;
    acc->inpat += w * s_in;
    acc->inpat_scope += w * s_scope;
    acc->mat += w * s_mat;
    acc->ci += w * s_ci;
    acc->assist += w * s_as;
    acc->risk += w * s_risk;
    acc->oop += w * s_oop;
    acc->simulated += (double)m;
    acc->draws += (double)ndraw;
    acc->draws_w3 += (double)ndraw3;
    /* Sampling variance of n x (sample mean) beyond the n persons' own
     * variance: n (n - m) / m x s^2 (0 when m = n). */
    if (m >= 2 && C->n > (double)m) {
        double mean = s_y / (double)m;
        double s2 = (s_yy - s_y * mean) / (double)(m - 1);
        if (s2 > 0.0)
            acc->samp_var += C->n * (C->n - (double)m) / (double)m * s2;
    }
}

/* Parameters of cell (s, a, g, t) with nn enrollees in year Y (U, I: the
 * replication's utilization and price index). */
static void cell_setup(const fsi_run *R, const fsi_year *Y, fsi_cellp *C, int s, int a, int g,
                       int gi, int t, double U, double I, const double *asfr, double nn)
{
    const fs_scenario *sc = R->sc;
    const fs_group *G = g < R->ng - 1 ? &sc->group[g] : NULL;
    double ex = Y->expo[g] * U, p, var = 0.0;

    C->I = I;
    C->cell = fsi_cell_id(s, a, gi, t);
    C->n = nn;
    C->m = 0;
    p = sc->outpatient.enabled ? sc->outpatient.use_rate.v[a] * ex : 0.0;
    C->t_out = fsi_bern_threshold(p);
    var += clamp01(p) * R->m2_op;
    C->lam = sc->inpatient.nlevels > 0 ? sc->inpatient.admission_rate[s].v[a] * ex : 0.0;
    C->elam = exp(-C->lam);
    if (!(C->lam > 0.0)) {
        C->t_adm = (uint64_t)1 << 32;
    } else if (C->lam > 50.0) {
        C->t_adm = 0;
    } else {
        uint64_t th = (uint64_t)(C->elam * 0x1.0p32);
        while (th > 0 && fsi_u01((uint32_t)(th - 1)) > C->elam)
            th--;
        while (th < ((uint64_t)1 << 32) && !(fsi_u01((uint32_t)th) > C->elam))
            th++;
        C->t_adm = th;
    }
    for (int k = 0; k < sc->inpatient.nlevels; k++)
        var += C->lam * (Y->lv_cum[k] - (k ? Y->lv_cum[k - 1] : 0.0)) * R->m2_lv[k];
    C->t_birth = (s == 1 && Y->mat != 0.0) ? fsi_bern_threshold(asfr[a] * Y->expo[g]) : 0;
    C->nch = sc->nchronic;
    C->any_ch = 0;
    for (int ch = 0; ch < sc->nchronic; ch++) {
        p = sc->chronic[ch].prevalence.v[a] * ex;
        C->ch_inv[ch] = fsi_skip_inv(p);
        if (p > 0.0)
            C->any_ch = 1;
        var += clamp01(p) * R->m2_ch[ch];
    }
    C->sd = sqrt(var) * I;
    C->op_ratio = Y->op_ratio[t];
    C->op_cap = Y->op_cap[t];
    C->op_ded = Y->op_ded;
    for (int k = 0; k < sc->inpatient.nlevels; k++) {
        double rr = Y->lv_ratio[k] + Y->ip_add_t[t] + Y->ip_add_g[g];
        C->lv_ratio[k] = clamp01(rr);
    }
    C->ci_ded = Y->ci_ded * Y->ci_dedf[g]; /* 0 = no deductible */
    C->ci_add = Y->ci_add[g];
    C->ci_cap = (G && G->ci.no_cap) ? HUGE_VAL : Y->ci_cap;
    C->assist = G && G->assist.eligible;
    C->as_ratio = G ? Y->as_ratio[g] : 0.0;
    C->as_thr = G ? Y->as_thr[g] : 0.0;
    C->as_cap = G ? Y->as_cap[g] : 0.0;
    C->alert = Y->alert;
}

/* Sample mode: a budget of spc x (non-empty cells) persons, shared by
 * Neyman allocation m_c ~ n_c sd_c (sd_c: the cost-based proxy of
 * cell_setup), rounded to nearest, at least min(n_c, FSI_MIN_SAMPLE) and
 * at most n_c.  Deterministic in the cells, so thread-independent. */
#define FSI_MIN_SAMPLE 8.0
static void allocate(const fsi_run *R, fsi_cellp *cells, int ncell)
{
    double tot = 0.0, sdmax = 0.0, budget = (double)R->spc * (double)ncell;
    for (int i = 0; i < ncell; i++)
        if (cells[i].sd > sdmax)
            sdmax = cells[i].sd;
    /* Cells without modelled cost risk still get a small weight. */
    double floor_sd = sdmax > 0.0 ? 1e-3 * sdmax : 1.0;
    for (int i = 0; i < ncell; i++)
        tot += cells[i].n * (cells[i].sd > floor_sd ? cells[i].sd : floor_sd);
    for (int i = 0; i < ncell; i++) {
        fsi_cellp *C = &cells[i];
        double sd = C->sd > floor_sd ? C->sd : floor_sd;
        double m = floor(budget * C->n * sd / tot + 0.5);
        double lo = C->n < FSI_MIN_SAMPLE ? C->n : FSI_MIN_SAMPLE;
        if (m < lo)
            m = lo;
        if (m > C->n)
            m = C->n;
        if (m > (double)FS_RNG_MAX_ENTITY + 1.0)
            m = (double)FS_RNG_MAX_ENTITY + 1.0;
        C->m = (uint32_t)m;
    }
}

/* ---------------------------------------------------------------- */
/* One replication: all years, values written to vals[years][FS_M_COUNT]
 * and the group table to gvals[years][ng][nt][FS_GQ_COUNT] (zeroed). */

static int run_rep(const fsi_run *R, fsi_ws *W, uint32_t rep, double *vals, double *gvals,
                   double *simulated,
                   double *samp_rel, double draws[2], char *err, size_t errlen)
{
    const fs_scenario *sc = R->sc;
    const philox4x32_key_t key = fsi_rng_key(R->seed);
    const int ng = R->ng, nt = R->nt;
    double qmult = systemic(R, W, rep);
    double balance = R->yr[0].init_balance;
    double sim_total = 0.0, samp_var_rel = 0.0, draw_total = 0.0, draw_w3 = 0.0;
    double kfac = 1.0, cadj = 0.0; /* management rules: benefit factor, contribution change */
    fsi_year Yadj;                 /* the year's values after the rule's adjustment */

    for (int yi = 0; yi < R->years; yi++)
        W->mig[yi] = R->yr[yi].net_mig;
    fsi_pop_project(sc, W->mig, R->years, qmult, W->pop);

    for (int yi = 0; yi < R->years; yi++) {
        const fsi_year *Y = &R->yr[yi];
        const int year = Y->year;
        /* Management rules (§9): per-replication state from earlier years only. */
        if (sc->rule == FS_RULE_BENEFIT_RATIO && yi >= 1) {
            const double *pv = vals + (size_t)(yi - 1) * FS_M_COUNT;
            kfac *= 1.0 + Y->m_gain * (pv[FS_M_SURPLUS_RATE] - Y->m_target);
            kfac = kfac < Y->m_kmin ? Y->m_kmin : (kfac > Y->m_kmax ? Y->m_kmax : kfac);
        } else if (sc->rule == FS_RULE_CONTRIBUTION && yi >= 2) {
            /* Decided in year y-1 on the reserve at the end of y-2, collected for y. */
            double m = vals[(size_t)(yi - 2) * FS_M_COUNT + FS_M_MONTHS_COVERED];
            const fsi_year *Yo = &R->yr[yi - 2];
            if (m < Yo->res_min)
                cadj += R->yr[yi - 1].m_step;
            else if (m > Yo->res_max)
                cadj -= R->yr[yi - 1].m_step;
            if (cadj < 0.0)
                cadj = 0.0;
        }
        if (kfac != 1.0 || cadj != 0.0) {
            Yadj = *Y;
            for (int t = 0; t < nt; t++)
                Yadj.op_ratio[t] = fmin(1.0, kfac * Y->op_ratio[t]);
            for (int c = 0; c < sc->nchronic; c++)
                Yadj.ch_ratio[c] = fmin(1.0, kfac * Y->ch_ratio[c]);
            for (int k = 0; k < sc->inpatient.nlevels; k++)
                Yadj.lv_ratio[k] = fmin(1.0, kfac * Y->lv_ratio[k]);
            if (cadj != 0.0) {
                for (int g = 0; g < ng; g++) {
                    for (int t = 0; t < nt; t++)
                        Yadj.stdc[g][t] = Y->stdc[g][t] + cadj;
                    price_group(R, &Yadj, g);
                }
            }
            Y = &Yadj;
        }
        double (*P)[FS_NAGES] = W->pop[yi];
        double shock = 1.0 + sc->enroll_shock_sd * W->zen[yi];
        double I = W->I[yi], U = W->U[yi];
        double asfr[FS_NAGES];
        fsi_acc acc;
        memset(&acc, 0, sizeof acc);

        /* Maternity probabilities: asfr, or the crude rate spread over women 15-49. */
        for (int a = 0; a < FS_NAGES; a++)
            asfr[a] = (a >= 15 && a <= 49) ? sc->fertility_asfr[a] : 0.0;
        if (sc->crude_birth_rate > 0.0) {
            double tot = 0.0, f = 0.0;
            for (int a = 0; a < FS_NAGES; a++) {
                tot += P[0][a] + P[1][a];
                if (a >= 15 && a <= 49)
                    f += P[1][a];
            }
            for (int a = 15; a <= 49; a++)
                asfr[a] = f > 0.0 ? sc->crude_birth_rate * tot / f : 0.0;
        }

        /* Pass 1: enrollees and parameters of every non-empty cell. */
        int ncell = 0;
        for (int s = 0; s < 2; s++) {
            for (int a = 0; a < FS_NAGES; a++) {
                double gp[FSI_MAX_G];
                if (!(P[s][a] > 0.0))
                    continue;
                fsi_pop_groups(sc, Y->gshare, a, P[s][a], gp);
                for (int g = 0; g < ng; g++) {
                    int gi = g < ng - 1 ? g + 1 : 0; /* stream id: ordinary = 0 */
                    double rate = clamp01((a == 0 ? Y->rate0[g] : Y->rate[g]) * shock);
                    double x = gp[g] * rate;
                    if (!(x > 0.0))
                        continue;
                    philox4x32_ctr_t c = fsi_rng_ctr(FS_STREAM_ENROLL_ROUND, rep, year,
                                                     fsi_cell_id(s, a, gi, 0), 0, 0);
                    philox4x32_ctr_t u = philox4x32(c, key);
                    double n = floor(x + fsi_u01(u.v[0]));
                    if (n <= 0.0)
                        continue;
                    double ut = fsi_u01(u.v[1]), prev = 0.0;
                    for (int t = 0; t < nt; t++) {
                        double cum = t == nt - 1 ? n : floor(n * Y->tcum[g][t] + ut);
                        double nn = cum - prev;
                        prev = cum;
                        if (nn <= 0.0)
                            continue;
                        /* Income of the cell. */
                        double *gv = gvals + (((size_t)yi * (size_t)ng + (size_t)g) *
                                                  (size_t)nt +
                                              (size_t)t) *
                                                 FS_GQ_COUNT;
                        gv[FS_GQ_ENROLLEES] += nn;
                        gv[FS_GQ_INCOME_INDIVIDUAL] += nn * Y->stdc[g][t];
                        gv[FS_GQ_INCOME_INDIVIDUAL_SUBSIDY] += nn * Y->sub[g][t];
                        acc.enrollees += nn;
                        acc.indiv += nn * Y->stdc[g][t];
                        if (R->payer_assist[g])
                            acc.sub_assist += nn * Y->sub[g][t];
                        else
                            acc.sub_other += nn * Y->sub[g][t];
                        cell_setup(R, Y, &W->cells[ncell++], s, a, g, gi, t, U, I, asfr, nn);
                    }
                }
            }
        }

        /* Pass 2: persons simulated per cell (sample mode: allocation). */
        if (R->sample)
            allocate(R, W->cells, ncell);
        for (int i = 0; i < ncell; i++) {
            fsi_cellp *C = &W->cells[i];
            if (!R->sample)
                C->m = C->n > (double)FS_RNG_MAX_ENTITY + 1.0 ? 0 : (uint32_t)C->n;
            if (C->m == 0) {
                snprintf(err, errlen,
                         "replication %u, year %d: a cell holds %.0f enrollees, more "
                         "than exact mode can address (%u); use sample mode",
                         rep, year, C->n, FS_RNG_MAX_ENTITY + 1u);
                return FS_EUSAGE;
            }
            sim_cell(R, Y, W->r, C, rep, &acc);
        }
        sim_total += acc.simulated;
        draw_total += acc.draws;
        draw_w3 += acc.draws_w3;
        samp_var_rel += acc.out + acc.chronic + acc.inpat + acc.mat > 0.0
                            ? sqrt(acc.samp_var) / (acc.out + acc.chronic + acc.inpat + acc.mat)
                            : 0.0;

        /* Accounts (§3, §5). */
        double *v = vals + (size_t)yi * FS_M_COUNT;
        double E = acc.enrollees;
        double subsidy = acc.sub_assist + acc.sub_other;
        double fiscal = E * Y->fiscal;
        double fl[4];
        for (int i = 0; i < 4; i++)
            fl[i] = fiscal * Y->fshare[i];
        fiscal = fl[0] + fl[1] + fl[2] + fl[3];
        double interest = (balance > 0.0 ? balance : 0.0) * W->rint[yi];
        double other = Y->other;
        double income_pre = acc.indiv + fiscal + interest + other;

        /* Critical illness premium and corridor. */
        double prem = 0.0, corridor = 0.0, loss = 0.0;
        if (sc->ci.enabled) {
            prem = Y->ci_prem_share >= 0.0 ? Y->ci_prem_share * income_pre : Y->ci_prem * E;
            loss = prem > 0.0 ? acc.ci / prem : 0.0;
            double band = Y->ci_corr_band, sh = Y->ci_corr_share;
            if (sh != 0.0 && prem > 0.0) {
                if (loss < 1.0 - band)
                    corridor = sh * ((1.0 - band) * prem - acc.ci);
                else if (loss > 1.0 + band)
                    corridor = -sh * (acc.ci - (1.0 + band) * prem);
            }
        }
        other += corridor;
        income_pre += corridor;

        /* Outpatient account cap. */
        double out = acc.out, bound = 0.0, oop = acc.oop;
        if (Y->op_acct >= 0.0 && out > Y->op_acct * income_pre) {
            double capv = Y->op_acct * income_pre;
            if (capv < 0.0)
                capv = 0.0;
            oop += out - capv;
            out = capv;
            bound = 1.0;
        }
        double spend = out + acc.chronic + acc.inpat + acc.mat + prem;
        double topup = 0.0;
        if (sc->rule == FS_RULE_TOPUP && income_pre - spend < 0.0)
            topup = spend - income_pre;
        double income = acc.indiv + fiscal + interest + other + topup;
        double surplus = income - spend;
        if (topup > 0.0 && surplus < 0.0)
            surplus = 0.0; /* rounding: the top-up covers the deficit exactly */
        balance += surplus;
        double months = spend > 0.0 ? balance / (spend / 12.0) : 0.0;

        if (!isfinite(income) || !isfinite(spend) || !isfinite(balance)) {
            snprintf(err, errlen, "replication %u, year %d: non-finite income or spending", rep,
                     year);
            return FS_ENUMERIC;
        }

        v[FS_M_ENROLLEES] = E;
        v[FS_M_INCOME_TOTAL] = income;
        v[FS_M_INCOME_INDIVIDUAL] = acc.indiv;
        v[FS_M_INCOME_INDIVIDUAL_RESIDENT] = acc.indiv - subsidy;
        v[FS_M_INCOME_INDIVIDUAL_SUBSIDY] = subsidy;
        v[FS_M_INCOME_FISCAL] = fiscal;
        v[FS_M_INCOME_FISCAL_CENTRAL] = fl[0];
        v[FS_M_INCOME_FISCAL_PROVINCIAL] = fl[1];
        v[FS_M_INCOME_FISCAL_CITY] = fl[2];
        v[FS_M_INCOME_FISCAL_COUNTY] = fl[3];
        v[FS_M_INCOME_INTEREST] = interest;
        v[FS_M_INCOME_OTHER] = other;
        v[FS_M_INCOME_TOPUP] = topup;
        v[FS_M_SPEND_TOTAL] = spend;
        v[FS_M_SPEND_OUTPATIENT] = out;
        v[FS_M_SPEND_CHRONIC] = acc.chronic;
        v[FS_M_SPEND_INPATIENT] = acc.inpat;
        v[FS_M_SPEND_MATERNITY] = acc.mat;
        v[FS_M_SPEND_CRITICAL_PREMIUM] = prem;
        v[FS_M_SURPLUS] = surplus;
        v[FS_M_SURPLUS_RATE] = income != 0.0 ? surplus / income : 0.0;
        v[FS_M_BALANCE] = balance;
        v[FS_M_MONTHS_COVERED] = months;
        v[FS_M_PROB_DEFICIT] = surplus < 0.0;
        v[FS_M_PROB_DEPLETION] = balance < 0.0;
        v[FS_M_PROB_RESERVE_LOW] = months < Y->res_min;
        v[FS_M_PROB_RESERVE_HIGH] = months > Y->res_max;
        v[FS_M_OUTPATIENT_ACCOUNT_BOUND] = bound;
        v[FS_M_CI_BENEFITS] = acc.ci;
        v[FS_M_CI_LOSS_RATIO] = loss;
        v[FS_M_CI_CORRIDOR] = corridor;
        v[FS_M_ASSIST_CONTRIB_SUBSIDY] = acc.sub_assist;
        v[FS_M_ASSIST_BENEFITS] = acc.assist;
        v[FS_M_ASSIST_TOTAL] = acc.sub_assist + acc.assist;
        v[FS_M_OTHER_CONTRIB_SUBSIDY] = acc.sub_other;
        v[FS_M_PERSONS_AT_RISK] = acc.risk;
        v[FS_M_OOP_MEAN] = E > 0.0 ? oop / E : 0.0;
        v[FS_M_EFFECTIVE_RATIO_INPATIENT] = acc.inpat_scope > 0.0 ? acc.inpat / acc.inpat_scope : 0.0;
        v[FS_M_PER_CAPITA_INCOME] = E > 0.0 ? income / E : 0.0;
        v[FS_M_PER_CAPITA_SPEND] = E > 0.0 ? spend / E : 0.0;
    }
    *simulated = sim_total;
    *samp_rel = samp_var_rel;
    draws[0] = draw_total;
    draws[1] = draw_w3;
    return FS_OK;
}

/* ---------------------------------------------------------------- */

static void ws_free(fsi_ws *W)
{
    if (!W)
        return;
    gsl_rng_free(W->r);
    free(W->pop);
    free(W->I);
    free(W->cells);
    free(W);
}

static fsi_ws *ws_alloc(const fsi_run *R)
{
    fsi_ws *W = calloc(1, sizeof *W);
    int n = R->years, ng = R->sys_last - R->sys_first + 1;
    if (!W)
        return NULL;
    W->r = gsl_rng_alloc(fsi_rng_philox);
    W->pop = malloc((size_t)n * sizeof *W->pop);
    W->I = malloc((size_t)(5 * n + ng) * sizeof(double));
    W->cells = malloc(FSI_MAX_CELLS * sizeof *W->cells);
    if (!W->r || !W->pop || !W->I || !W->cells) {
        ws_free(W);
        return NULL;
    }
    W->U = W->I + n;
    W->zen = W->U + n;
    W->rint = W->zen + n;
    W->mig = W->rint + n;
    W->g = W->mig + n;
    return W;
}

/* Expected enrollees of the first year without shocks or rounding. */
static double expected_enrollees(const fsi_run *R)
{
    const fs_scenario *sc = R->sc;
    const fsi_year *Y = &R->yr[0];
    double E = 0.0;
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < FS_NAGES; a++) {
            double gp[FSI_MAX_G];
            fsi_pop_groups(sc, Y->gshare, a, sc->pop[s][a], gp);
            for (int g = 0; g < R->ng; g++)
                E += gp[g] * (a == 0 ? Y->rate0[g] : Y->rate[g]);
        }
    return E;
}

static void set_err(char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
}

int fs_run(const fs_scenario *sc, const fs_run_options *opt, fs_results **out, char *err,
           size_t errlen)
{
    return fsi_run_counted(sc, opt, out, NULL, err, errlen);
}

int fsi_run_counted(const fs_scenario *sc, const fs_run_options *opt, fs_results **out,
                    double cost_draws[2], char *err, size_t errlen)
{
    fs_run_options o;
    fsi_run R;
    fs_results *res = NULL;
    int rc = FS_OK;

    if (out)
        *out = NULL;
    if (!sc || !out) {
        set_err(err, errlen, "fs_run: NULL scenario or result pointer");
        return FS_EUSAGE;
    }
    if (opt)
        o = *opt;
    else
        fs_run_options_init(&o);

    memset(&R, 0, sizeof R);
    R.sc = sc;
    R.start = sc->start_year;
    R.years = o.years > 0 ? o.years : sc->years;
    R.ng = sc->ngroups + 1;
    R.nt = sc->ntiers > 0 ? sc->ntiers : 1;
    R.seed = o.has_seed ? o.seed : sc->seed;
    R.spc = sc->sample_per_cell > 0 ? sc->sample_per_cell : 200;
    int reps = o.replications > 0 ? o.replications : sc->replications;
    int first = o.first_rep, count = o.rep_count > 0 ? o.rep_count : reps - o.first_rep;
    if (R.years <= 0 || R.years > 4000 || reps <= 0 || first < 0 || count <= 0 ||
        (long)first + count > reps || (unsigned)reps > FS_RNG_MAX_REP + 1u ||
        sc->ngroups < 0 || sc->ngroups > FS_MAX_GROUPS || R.nt > FS_MAX_TIERS ||
        sc->nchronic < 0 || sc->nchronic > FS_MAX_CHRONIC || sc->inpatient.nlevels < 0 ||
        sc->inpatient.nlevels > FS_MAX_LEVELS || o.threads < 0) {
        char msg[256];
        snprintf(msg, sizeof msg,
                 "fs_run: bad options (years %d, replications %d, first %d, count %d; at "
                 "most %u replications)",
                 R.years, reps, first, count, FS_RNG_MAX_REP + 1u);
        set_err(err, errlen, msg);
        return FS_EUSAGE;
    }
    if (R.start - 1900 < 0 || R.start + R.years - 1 - 1900 > 4095) {
        set_err(err, errlen, "fs_run: policy years must lie in 1900..5995");
        return FS_EUSAGE;
    }
    int base = sc->base_year ? sc->base_year : R.start;
    R.sys_first = base < R.start ? base : R.start;
    /* A base year after the horizon (a scenario priced in a later year, or a
     * run shortened with --years) still needs the path up to the base year,
     * so that year y's index does not depend on the horizon. */
    R.sys_last = base > R.start + R.years - 1 ? base : R.start + R.years - 1;
    if (R.sys_last > 5995) {
        set_err(err, errlen, "fs_run: costs.base_year after 5995");
        return FS_EUSAGE;
    }
    if (R.sys_first < 1900) {
        set_err(err, errlen, "fs_run: costs.base_year before 1900");
        return FS_EUSAGE;
    }

    R.yr = calloc((size_t)R.years, sizeof *R.yr);
    if (!R.yr) {
        set_err(err, errlen, "out of memory");
        return FS_ENOMEM;
    }
    for (int yi = 0; yi < R.years && rc == FS_OK; yi++)
        rc = plan_year(&R, &R.yr[yi], R.start + yi);
    if (rc != FS_OK) {
        set_err(err, errlen, R.err);
        free(R.yr);
        return rc;
    }
    dist_init(&R.op_cost, &sc->outpatient.cost);
    for (int c = 0; c < sc->nchronic; c++)
        dist_init(&R.ch_cost[c], &sc->chronic[c].cost);
    for (int k = 0; k < sc->inpatient.nlevels; k++)
        dist_init(&R.lv_cost[k], &sc->inpatient.level[k].cost);
    R.m2_op = dist_m2(&sc->outpatient.cost);
    for (int c = 0; c < sc->nchronic; c++)
        R.m2_ch[c] = dist_m2(&sc->chronic[c].cost);
    for (int k = 0; k < sc->inpatient.nlevels; k++)
        R.m2_lv[k] = dist_m2(&sc->inpatient.level[k].cost);

    fs_mode mode = o.mode != FS_MODE_AUTO ? o.mode : sc->mode;
    if (mode == FS_MODE_AUTO) {
        double lim = sc->exact_max_enrollees > 0.0 ? sc->exact_max_enrollees : 2e6;
        mode = expected_enrollees(&R) <= lim ? FS_MODE_EXACT : FS_MODE_SAMPLE;
    }
    R.sample = mode == FS_MODE_SAMPLE;

    res = calloc(1, sizeof *res);
    double *sim = calloc((size_t)count * 4, sizeof *sim);
    int *rcs = calloc((size_t)count, sizeof *rcs);
    char(*errs)[256] = calloc((size_t)count, sizeof *errs);
    size_t gper = (size_t)R.years * (size_t)R.ng * (size_t)R.nt * FS_GQ_COUNT;
    if (res) {
        res->values = calloc((size_t)count * (size_t)R.years * FS_M_COUNT, sizeof(double));
        res->gvalues = calloc((size_t)count * gper, sizeof(double));
    }
    if (!res || !res->values || !res->gvalues || !sim || !rcs || !errs) {
        fs_results_free(res);
        free(sim);
        free(rcs);
        free(errs);
        free(R.yr);
        set_err(err, errlen, "out of memory");
        return FS_ENOMEM;
    }
    snprintf(res->scenario, sizeof res->scenario, "%s", sc->name);
    res->start_year = R.start;
    res->years = R.years;
    res->replications = reps;
    res->first_rep = first;
    res->rep_count = count;
    res->seed = R.seed;
    res->mode = mode;
    res->initial_balance = R.yr[0].init_balance;
    res->ngroups_out = R.ng;
    res->ntiers_out = R.nt;
    for (int g = 0; g < R.ng; g++)
        snprintf(res->group_names[g], sizeof res->group_names[g], "%s",
                 g < sc->ngroups ? sc->group[g].name : FS_ORDINARY_GROUP_NAME);
    for (int t = 0; t < R.nt; t++)
        snprintf(res->tier_names[t], sizeof res->tier_names[t], "%s",
                 t < sc->ntiers ? sc->tier[t].name : "一档");

    int nthreads = o.threads;
#if defined(_OPENMP)
    if (nthreads <= 0)
        nthreads = omp_get_max_threads();
#else
    nthreads = 1;
#endif
    if (nthreads > count)
        nthreads = count;
    int nomem = 0;

#if defined(_OPENMP)
#pragma omp parallel num_threads(nthreads) default(none)                                      \
    shared(R, res, sim, rcs, errs, count, first, nomem, gper)
#endif
    {
        fsi_ws *W = ws_alloc(&R);
        if (!W) {
#if defined(_OPENMP)
#pragma omp atomic write
#endif
            nomem = 1;
        }
#if defined(_OPENMP)
#pragma omp for schedule(dynamic)
#endif
        for (int i = 0; i < count; i++) {
            if (!W) {
                rcs[i] = FS_ENOMEM;
                continue;
            }
            rcs[i] = run_rep(&R, W, (uint32_t)(first + i),
                             res->values + (size_t)i * (size_t)R.years * FS_M_COUNT,
                             res->gvalues + (size_t)i * gper, &sim[i],
                             &sim[count + i], &sim[2 * (size_t)count + 2 * (size_t)i], errs[i],
                             sizeof errs[i]);
        }
        ws_free(W);
    }
    (void)nomem;

    for (int i = 0; i < count; i++) {
        if (rcs[i] != FS_OK) {
            rc = rcs[i];
            set_err(err, errlen, rc == FS_ENOMEM ? "out of memory" : errs[i]);
            break;
        }
        res->enrollee_years += sim[i];
        res->sampling_rel_se += sim[count + i];
        if (cost_draws) {
            cost_draws[0] += sim[2 * (size_t)count + 2 * (size_t)i];
            cost_draws[1] += sim[2 * (size_t)count + 2 * (size_t)i + 1];
        }
    }
    res->sampling_rel_se /= (double)count * (double)R.years;
    free(sim);
    free(rcs);
    free(errs);
    free(R.yr);
    if (rc != FS_OK) {
        fs_results_free(res);
        return rc;
    }
    *out = res;
    return FS_OK;
}
