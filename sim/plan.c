/* sim/plan.c -- the per-year parameter plan (plan_int.h): one resolver per
 * section of docs/model.md.  No defaults and no key paths here: the loader
 * gives every parameter read unconditionally a value (the schema's
 * default), and knows where each came from for the messages.  A parameter
 * read only when set is an override of another (a group's own rate, a
 * tier's own outpatient cap) or one of an either/or pair. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plan_int.h"
#include "rules_int.h"

/* One plan being built: the first error is kept. */
typedef struct plan {
    const fs_scenario *sc;
    int year;
    int rc;
    char *err;
    size_t errlen;
} plan;

/* The value of p for `year`, the plan's policy year or another year read
 * for it (0 after recording an error). */
static double at_year(plan *pl, const fs_param *p, int year)
{
    double v = 0.0;
    if (fsi_param_at(p, year, &v) == FS_OK)
        return v;
    if (pl->rc == FS_OK) {
        char where[400], when[64];
        fsi_param_where(pl->sc, p, where, sizeof where);
        if (year == pl->year)
            snprintf(when, sizeof when, "policy year %d", year);
        else
            snprintf(when, sizeof when, "%d (read for policy year %d)", year, pl->year);
        pl->rc = FS_ESCENARIO;
        if (pl->err && pl->errlen)
            snprintf(pl->err, pl->errlen, "%s: %s for %s", where[0] ? where : "a parameter",
                     fsi_param_set(p) ? "no value" : "not set (a bug: the loader sets it)", when);
    }
    return 0.0;
}

/* The value of p for the plan's year (0 after recording an error). */
static double at(plan *pl, const fs_param *p)
{
    return at_year(pl, p, pl->year);
}

/* An override: p's value when it is set, else `fallback`. */
static double at_or(plan *pl, const fs_param *p, double fallback)
{
    return fsi_param_set(p) ? at(pl, p) : fallback;
}

void fsi_price_group(const fs_scenario *sc, fsi_year *Y, int g)
{
    const fs_group *G = g < sc->ngroups ? &sc->group[g] : NULL;
    double net = 0.0;
    for (int t = 0; t < sc->ntiers; t++) {
        Y->sub[g][t] = fsi_subsidy(G, t, Y->stdc[g][t], Y->stdc[g][0], Y->year);
        net += Y->tsn[g][t] * (Y->stdc[g][t] - Y->sub[g][t]);
    }
    double f = fsi_price_factor(sc->enroll_elasticity, !G || G->price_sensitive, net, Y->ref);
    Y->rate[g] = fsi_clamp01(Y->gbase[g] * f);
    if (Y->rate[g] < Y->floor) /* the binding target holds the rate (model.md §3) */
        Y->rate[g] = Y->floor;
    Y->rate0[g] = fsi_clamp01(Y->newborn[g] * f);
}

/* Standards and tier choice of group g (a group's own values override the
 * tiers'; a roster's shares replace both); shares normalised, their
 * cumulative sums end at 1. */
static void plan_tiers(plan *pl, fsi_year *Y, int g)
{
    const fs_scenario *sc = pl->sc;
    const fs_group *G = g < sc->ngroups ? &sc->group[g] : NULL;
    int nt = sc->ntiers;
    double sum = 0.0, ts[FS_MAX_TIERS];
    for (int t = 0; t < nt; t++) {
        Y->stdc[g][t] = at(pl, &sc->tier[t].contribution);
        if (G)
            Y->stdc[g][t] = at_or(pl, &G->contribution[t], Y->stdc[g][t]);
        if (sc->roster) /* the roster's tier shares of the group (model.md §3) */
            ts[t] = sc->roster->tshare[g][t];
        else if (G && fsi_param_set(&G->tier_share[t]))
            ts[t] = at(pl, &G->tier_share[t]);
        else
            ts[t] = at(pl, &sc->tier[t].choice_share);
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
}

/* Enrollment (§3) and contributions (§4) of every group and the ordinary
 * residents, with the groups' benefit modifiers. */
static void plan_enrollment(plan *pl, fsi_year *Y)
{
    const fs_scenario *sc = pl->sc;
    int ng = sc->ngroups;
    for (int g = 0; g < ng && !sc->roster; g++) /* a roster gives the split itself */
        Y->gshare[g] = at(pl, &sc->group[g].share);
    Y->ref = at(pl, &sc->enroll_reference_price);
    Y->floor = at_or(pl, &sc->enroll_floor, 0.0);
    double base = at(pl, &sc->enroll_base_rate);
    double late = at(pl, &sc->late_share), wait = at(pl, &sc->waiting_months);
    Y->late_cover = fsi_clamp01(1.0 - wait / 12.0); /* no benefits for `wait` months */
    for (int t = 0; t < sc->ntiers; t++)
        Y->ip_add_t[t] = at(pl, &sc->tier[t].inpatient_ratio_add);
    for (int g = 0; g <= ng; g++) {
        const fs_group *G = g < ng ? &sc->group[g] : NULL;
        plan_tiers(pl, Y, g);
        if (G && fsi_param_set(&G->enrollment_rate)) {
            /* a group's own rate holds for its newborns (应保尽保) */
            Y->gbase[g] = Y->newborn[g] = at(pl, &G->enrollment_rate);
        } else {
            Y->gbase[g] = base;
            Y->newborn[g] = at(pl, &sc->newborn_rate);
        }
        fsi_price_group(sc, Y, g);
        Y->late[g] = (G && G->waiting_exempt) ? 0.0 : late;
        Y->grad[g] = G ? at(pl, &G->grad.share) : 0.0;
        Y->grad_cover[g] = G ? fsi_clamp01(at(pl, &G->grad.cover_months) / 12.0) : 1.0;
        Y->ip_add_g[g] = G ? at(pl, &G->inpatient_ratio_add) : 0.0;
        /* The payer follows the group's rule even when only tiers >= 2 are
         * subsidised (type none + upper_tier_percent). */
        Y->payer_assist[g] = G && strcmp(G->subsidy.payer, "other") != 0;
    }
}

/* Financing (§4): the fiscal subsidy of the budget year that funds this
 * benefit year (financing.fiscal_alignment) and its split, other income. */
static void plan_financing(plan *pl, fsi_year *Y)
{
    const fs_scenario *sc = pl->sc;
    double s = 0.0;
    Y->fiscal = at_year(pl, &sc->fiscal_subsidy, fsi_fiscal_budget_year(sc, pl->year));
    for (int i = 0; i < 4; i++)
        s += sc->fiscal_share[i] > 0.0 ? sc->fiscal_share[i] : 0.0;
    for (int i = 0; i < 4; i++)
        Y->fshare[i] = s > 0.0 ? (sc->fiscal_share[i] > 0.0 ? sc->fiscal_share[i] / s : 0.0)
                               : (i == 3);
    Y->other = at(pl, &sc->other_income);
    if (fsi_param_set(&sc->disposable_income)) /* read by *_income_share thresholds only */
        Y->disp = at(pl, &sc->disposable_income);
    if (fsi_param_set(&sc->assistance_income)) /* the loader copies disposable_income here */
        Y->as_inc = at(pl, &sc->assistance_income);
    Y->net_mig = at(pl, &sc->net_migration_rate);
}

/* The fund (§9): opening balance, reserve band, the management rule. */
static void plan_fund(plan *pl, fsi_year *Y)
{
    const fs_scenario *sc = pl->sc;
    Y->init_balance = at(pl, &sc->initial_balance);
    Y->res_min = at(pl, &sc->reserve_min_months);
    Y->res_max = at(pl, &sc->reserve_max_months);
    Y->band_min = at(pl, &sc->band_min);
    Y->band_max = at(pl, &sc->band_max);
    double s = 0.0;
    for (int i = 0; i < 5; i++)
        s += sc->deficit_share[i];
    for (int i = 0; i < 5; i++) /* the loader checked the sum; no rounding reaches the split */
        Y->dshare[i] = s > 0.0 ? sc->deficit_share[i] / s : (i == 3);
    Y->m_target = at(pl, &sc->mrule.target_surplus_rate);
    Y->m_gain = at(pl, &sc->mrule.gain);
    Y->m_kmin = at(pl, &sc->mrule.min_factor);
    Y->m_kmax = at(pl, &sc->mrule.max_factor);
    Y->m_step = at(pl, &sc->mrule.step);
}

/* General outpatient pooling (§6): one ratio or the item classes' mix;
 * tiers may override ratio and cap.  Nothing when it is off. */
static void plan_outpatient(plan *pl, fsi_year *Y)
{
    const fs_scenario *sc = pl->sc;
    double ratio = 0.0;
    if (!sc->outpatient.enabled)
        return;
    Y->op_ded = at(pl, &sc->outpatient.deductible);
    if (sc->outpatient.nclasses > 0) {
        for (int c = 0; c < sc->outpatient.nclasses; c++)
            ratio += sc->outpatient.class_share[c] * at(pl, &sc->outpatient.class_ratio[c]);
    } else {
        ratio = at(pl, &sc->outpatient.ratio);
    }
    double cap = at(pl, &sc->outpatient.cap);
    for (int t = 0; t < sc->ntiers; t++) {
        Y->op_ratio[t] = at_or(pl, &sc->tier[t].outpatient_ratio, ratio);
        Y->op_cap[t] = at_or(pl, &sc->tier[t].outpatient_cap, cap);
    }
    Y->op_acct = at(pl, &sc->outpatient.account_share_cap);
    if (sc->outpatient.account.enabled) {
        Y->oa_on = 1;
        Y->oa_share = at_or(pl, &sc->outpatient.account.income_share, -1.0);
        Y->oa_per = at_or(pl, &sc->outpatient.account.per_enrollee, 0.0);
        Y->oa_cover = sc->outpatient.account.when_short == 1;
        Y->oa_init = sc->outpatient.account.initial_balance;
    }
}

/* Chronic programmes (§6). */
static void plan_chronic(plan *pl, fsi_year *Y)
{
    const fs_scenario *sc = pl->sc;
    for (int c = 0; c < sc->nchronic; c++) {
        const fs_chronic *C = &sc->chronic[c];
        Y->ch_in[c] = at(pl, &C->in_scope);
        Y->ch_ded[c] = at(pl, &C->deductible);
        Y->ch_ratio[c] = at(pl, &C->ratio);
        Y->ch_cap[c] = at(pl, &C->cap);
        Y->ch_prev[c] = at(pl, &C->prevalence_scale);
        Y->ch_excl[c] = at(pl, &C->excludes_outpatient) != 0.0;
        Y->ch_ci[c] = at(pl, &C->counts_for_ci) != 0.0;
    }
}

/* Inpatient care (§6) by hospital level, and maternity. */
static void plan_inpatient(plan *pl, fsi_year *Y)
{
    const fs_scenario *sc = pl->sc;
    double sum = 0.0, sh[FS_MAX_LEVELS];
    int nl = sc->inpatient.nlevels;
    for (int k = 0; k < nl; k++) {
        const fs_level *L = &sc->inpatient.level[k];
        sh[k] = at(pl, &L->share);
        if (sh[k] < 0.0)
            sh[k] = 0.0;
        sum += sh[k];
        Y->lv_in[k] = at(pl, &L->in_scope);
        Y->lv_ded[k] = at(pl, &L->deductible);
        Y->lv_ratio[k] = at(pl, &L->ratio);
        Y->lv_ded2[k] = fsi_stay_deductible(Y->lv_ded[k], at(pl, &L->repeat_factor), 1);
        Y->lv_scap[k] = at(pl, &L->stay_cap);
    }
    for (int k = 0; k < nl; k++)
        Y->lv_cum[k] = (k ? Y->lv_cum[k - 1] : 0.0) + (sum > 0.0 ? sh[k] / sum : 1.0 / nl);
    if (nl > 0)
        Y->lv_cum[nl - 1] = 1.0;
    for (int g = 0; g <= sc->ngroups; g++)
        for (int k = 0; k < nl; k++) {
            const fs_param *a = g < sc->ngroups ? &sc->group[g].inpatient_level_ratio_add[k] : NULL;
            Y->ip_lv_add[g][k] = a && fsi_param_set(a) ? at(pl, a) : 0.0;
        }
    Y->ip_cap = at(pl, &sc->inpatient.annual_cap);
    Y->mat = at(pl, &sc->maternity.benefit);
}

/* Critical-illness insurance (§7): premium and deductible each in yuan or
 * as a share (of income, of disposable income); bands; corridor; what a
 * member of each group gets (deductible factor, added points, no cap). */
static void plan_ci(plan *pl, fsi_year *Y)
{
    const fs_scenario *sc = pl->sc;
    Y->ci_prem_share = -1.0;
    if (!sc->ci.enabled)
        return;
    if (fsi_param_set(&sc->ci.premium))
        Y->ci_prem = at(pl, &sc->ci.premium);
    else
        Y->ci_prem_share = at(pl, &sc->ci.premium_income_share);
    if (fsi_param_set(&sc->ci.deductible))
        Y->ci_ded = at(pl, &sc->ci.deductible);
    else
        Y->ci_ded = at(pl, &sc->ci.deductible_income_share) * Y->disp;
    Y->ci_cap = at(pl, &sc->ci.cap);
    for (int b = 0; b < sc->ci.nbands; b++) {
        Y->ci_upto[b] = at(pl, &sc->ci.band[b].upto);
        Y->ci_ratio[b] = at(pl, &sc->ci.band[b].ratio);
    }
    Y->ci_corr_share = at(pl, &sc->ci.corridor_share);
    Y->ci_corr_band = at(pl, &sc->ci.corridor_band);
    for (int g = 0; g <= sc->ngroups; g++) {
        const fs_group *G = g < sc->ngroups ? &sc->group[g] : NULL;
        Y->ci_ded_g[g] = Y->ci_ded * (G ? at(pl, &G->ci.deductible_factor) : 1.0); /* 0: none */
        Y->ci_add[g] = G ? at(pl, &G->ci.ratio_add) : 0.0;
        Y->ci_cap_g[g] = (G && at(pl, &G->ci.no_cap) != 0.0) ? HUGE_VAL : Y->ci_cap;
    }
}

/* An amount in yuan (a) or as a share (sh) of income. */
static double amount_or_share(plan *pl, const fs_param *a, const fs_param *sh, double income)
{
    return fsi_param_set(a) ? at(pl, a) : at(pl, sh) * income;
}

/* One assistance rule for the members of group g; line: the base a person
 * must exceed (-HUGE_VAL: none). */
static void plan_assist_rule(plan *pl, fsi_year *Y, int g, const fs_assist_rule *A, double line)
{
    fsi_assist_rule_y *r = &Y->as[g];
    Y->as_on[g] = 1;
    r->ratio = at(pl, &A->ratio);
    r->thr = amount_or_share(pl, &A->threshold, &A->threshold_income_share, Y->as_inc);
    r->cap = at(pl, &A->cap);
    r->line = line;
    r->lines = A->lines;
    r->tilt = A->tilt.enabled;
    if (!r->tilt)
        return;
    r->t_ratio = at(pl, &A->tilt.ratio);
    r->t_thr = amount_or_share(pl, &A->tilt.threshold, &A->tilt.threshold_income_share,
                               Y->as_inc);
    r->t_cap = at(pl, &A->tilt.cap);
}

/* Medical assistance (§8): the eligible groups' rules; everybody else
 * (other groups, the ordinary residents) under assistance.by_expense when
 * it is given; the alert line. */
static void plan_assist(plan *pl, fsi_year *Y)
{
    const fs_scenario *sc = pl->sc;
    const fs_assist_rule *bx = &sc->assist.by_expense;
    double line = bx->eligible ? amount_or_share(pl, &bx->line, &bx->line_income_share, Y->as_inc)
                               : HUGE_VAL;
    for (int g = 0; g <= sc->ngroups; g++) {
        const fs_group *G = g < sc->ngroups ? &sc->group[g] : NULL;
        if (G && G->assist.eligible)
            plan_assist_rule(pl, Y, g, &G->assist, -HUGE_VAL);
        else if (bx->eligible)
            plan_assist_rule(pl, Y, g, bx, line);
    }
    Y->alert = at(pl, &sc->assist.alert_line);
}

/* Calibration (§14): the factors fitted by `fundsim calibrate`, applied to
 * the resolved values before any management rule sees them.  Defaults (1,
 * 0) leave every value as it is, to the bit. */
static void plan_calibration(plan *pl, fsi_year *Y)
{
    const fs_scenario *sc = pl->sc;
    const double *f = sc->cal_factor;
    if (f[FSI_CF_CONTRIBUTION] != 1.0)
        for (int g = 0; g <= sc->ngroups; g++) {
            for (int t = 0; t < sc->ntiers; t++)
                Y->stdc[g][t] *= f[FSI_CF_CONTRIBUTION];
            fsi_price_group(sc, Y, g); /* subsidies and the price response follow */
        }
    for (int g = 0; g < sc->ngroups; g++)
        Y->gshare[g] *= fsi_cal_group_factor(sc, g);
    Y->fiscal *= f[FSI_CF_FISCAL_SUBSIDY];
    Y->other += f[FSI_CF_OTHER_INCOME];
    Y->f_op_use = f[FSI_CF_OUTPATIENT_USE];
    Y->f_prev = f[FSI_CF_CHRONIC_PREVALENCE];
    Y->f_adm = f[FSI_CF_ADMISSIONS];
    for (int k = 0; k < sc->inpatient.nlevels; k++)
        Y->lv_ratio[k] = fsi_clamp01(Y->lv_ratio[k] + f[FSI_CF_INPATIENT_RATIO]);
    Y->mat *= f[FSI_CF_MATERNITY];
    Y->ci_prem *= f[FSI_CF_CI_PREMIUM];
    if (Y->ci_prem_share >= 0.0)
        Y->ci_prem_share *= f[FSI_CF_CI_PREMIUM];
    for (int b = 0; b < sc->ci.nbands; b++)
        Y->ci_ratio[b] = fsi_clamp01(Y->ci_ratio[b] * f[FSI_CF_CI_RATIO]);
    for (int g = 0; g <= sc->ngroups; g++)
        Y->as[g].ratio = fsi_clamp01(Y->as[g].ratio * f[FSI_CF_ASSIST_RATIO]);
}

int fsi_plan_year(const fs_scenario *sc, int year, fsi_year *Y, char *err, size_t errlen)
{
    plan pl = {sc, year, FS_OK, err, errlen};
    memset(Y, 0, sizeof *Y);
    Y->year = year;
    plan_enrollment(&pl, Y);
    plan_financing(&pl, Y);
    plan_fund(&pl, Y);
    plan_outpatient(&pl, Y);
    plan_chronic(&pl, Y);
    plan_inpatient(&pl, Y);
    plan_ci(&pl, Y);
    plan_assist(&pl, Y);
    plan_calibration(&pl, Y);
    return pl.rc;
}
