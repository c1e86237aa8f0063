/* sim/mgmt.c -- management rules (fund.management, docs/model.md §9): how
 * the fund reacts to its own results, one small type per rule, indexed by
 * fs_mgmt_rule (the way GSL's root solvers are a table of types).  A rule
 * sees only earlier years of its own replication, so replications stay
 * independent and thread-safe.
 *
 * To add a rule: a value in fs_mgmt_rule (scenario_int.h), its name in the
 * schema's list (schema.c), its parameters under fund.rule (schema.c and
 * fsi_year in plan_int.h), a type below, and a test in
 * tests/unit/test_engine.c. */
#include <math.h>

#include "engine_int.h"

void fsi_mgmt_init(fsi_mgmt_state *st)
{
    st->kfac = 1.0;
    st->cadj = 0.0;
}

/* fixed and topup: the plan as written. */
static const fsi_year *adjust_none(const fsi_run *R, int yi, const double *vals,
                                   fsi_mgmt_state *st, fsi_year *scratch)
{
    (void)vals;
    (void)st;
    (void)scratch;
    return &R->yr[yi];
}

/* topup: the budget covers any deficit. */
static double topup_deficit(double income, double spend)
{
    return income - spend < 0.0 ? spend - income : 0.0;
}

/* benefit_ratio: every ratio times k_y, k_y = k_{y-1} (1 + gain (S/I of
 * y-1 - target)) within [min_factor, max_factor], ratios at most 1. */
static const fsi_year *adjust_benefit_ratio(const fsi_run *R, int yi, const double *vals,
                                            fsi_mgmt_state *st, fsi_year *scratch)
{
    const fsi_year *Y = &R->yr[yi];
    const fs_scenario *sc = R->sc;
    if (yi >= 1) {
        const double *pv = vals + (size_t)(yi - 1) * FS_M_COUNT;
        double k = st->kfac * (1.0 + Y->m_gain * (pv[FS_M_SURPLUS_RATE] - Y->m_target));
        st->kfac = k < Y->m_kmin ? Y->m_kmin : (k > Y->m_kmax ? Y->m_kmax : k);
    }
    if (st->kfac == 1.0)
        return Y;
    *scratch = *Y;
    for (int t = 0; t < R->nt; t++)
        scratch->op_ratio[t] = fmin(1.0, st->kfac * Y->op_ratio[t]);
    for (int c = 0; c < sc->nchronic; c++)
        scratch->ch_ratio[c] = fmin(1.0, st->kfac * Y->ch_ratio[c]);
    for (int k = 0; k < sc->inpatient.nlevels; k++)
        scratch->lv_ratio[k] = fmin(1.0, st->kfac * Y->lv_ratio[k]);
    return scratch;
}

/* contribution: decided in year y-1 on the reserve at the end of y-2 and
 * collected for y (one collection cycle): every standard moves by `step`
 * when months covered left the band [min_months, max_months], never below
 * the plan's; subsidies and enrollment follow the new standards. */
static const fsi_year *adjust_contribution(const fsi_run *R, int yi, const double *vals,
                                           fsi_mgmt_state *st, fsi_year *scratch)
{
    const fsi_year *Y = &R->yr[yi];
    if (yi >= 2) {
        double m = vals[(size_t)(yi - 2) * FS_M_COUNT + FS_M_MONTHS_COVERED];
        const fsi_year *Yo = &R->yr[yi - 2];
        if (m < Yo->res_min)
            st->cadj += R->yr[yi - 1].m_step;
        else if (m > Yo->res_max)
            st->cadj -= R->yr[yi - 1].m_step;
        if (st->cadj < 0.0)
            st->cadj = 0.0;
    }
    if (st->cadj == 0.0)
        return Y;
    *scratch = *Y;
    for (int g = 0; g < R->ng_all; g++) {
        for (int t = 0; t < R->nt; t++)
            scratch->stdc[g][t] = Y->stdc[g][t] + st->cadj;
        fsi_price_group(R->sc, scratch, g);
    }
    return scratch;
}

static const fsi_rule_type rule_fixed = {adjust_none, NULL};
static const fsi_rule_type rule_topup = {adjust_none, topup_deficit};
static const fsi_rule_type rule_benefit_ratio = {adjust_benefit_ratio, NULL};
static const fsi_rule_type rule_contribution = {adjust_contribution, NULL};

static const fsi_rule_type *const rules[] = {
    [FS_RULE_FIXED] = &rule_fixed,
    [FS_RULE_TOPUP] = &rule_topup,
    [FS_RULE_BENEFIT_RATIO] = &rule_benefit_ratio,
    [FS_RULE_CONTRIBUTION] = &rule_contribution,
};

const fsi_rule_type *fsi_rule(fs_mgmt_rule r)
{
    return (unsigned)r < sizeof rules / sizeof rules[0] ? rules[r] : &rule_fixed;
}
