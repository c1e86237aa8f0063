/* sim/scenario_rules.c -- after the schema walk: computed defaults and the
 * rules between keys (either/or, sums to 1, order, resolution for every
 * simulated year), each a named check with its message.  The order of the
 * checks is the order of the messages a user sees. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "loader_int.h"

const fsy_node *fsi_node_at(const fsy_node *root, const char *a, const char *b, const char *c3)
{
    const fsy_node *n = fsi_yaml_get(root, a);
    if (n && b)
        n = fsi_yaml_get(n, b);
    if (n && c3)
        n = fsi_yaml_get(n, c3);
    return n;
}

const fsy_node *fsi_item_at(const fsy_node *seq, int i)
{
    if (seq == NULL || seq->kind != FSY_SEQ || i < 0 || (size_t)i >= seq->n)
        return NULL;
    return seq->items[i];
}

/* A default that is another parameter's value (dst = src), shown and
 * recorded under its own key path. */
static void copy_param(fsi_loader *c, const char *path, fs_param *dst, const fs_param *src)
{
    *dst = *src;
    fsi_view_add(c, path, V_PARAM, dst, NULL, NULL);
    fsi_param_rec_add(c, dst, path, NULL);
}

/* "give either A or B, not both" / "missing required key 'A' (or 'B')" for
 * the keys a and b of map m. */
static void either_or(fsi_loader *c, const fsy_node *m, const char *path, const char *a,
                      const char *b)
{
    const fsy_node *x = fsi_yaml_get(m, a), *y = fsi_yaml_get(m, b);
    if (x && y)
        fsi_ld_error(c, y, path, "give either %s or %s, not both", a, b);
    else if (!x && !y)
        fsi_ld_error(c, m, path, "missing required key '%s' (or '%s')", a, b);
}

/* ------------------------------------------------------------------ */
/* Computed defaults and rules between keys. */

/* Tiers: at least one; default names; one tier chooses itself. */
static void rule_tiers(fsi_loader *c, const fsy_node *root)
{
    fs_scenario *sc = c->sc;
    static const char *const tier_names[FS_MAX_TIERS] = {"一档", "二档", "三档", "四档"};
    const fsy_node *tiers = fsi_yaml_get(root, "tiers");
    if (sc->ntiers == 0 && (tiers == NULL || fsi_yaml_is_null(tiers)))
        fsi_ld_error(c, root, "tiers",
                     "missing required key 'tiers': the tier-1 contribution has no default");
    else if (sc->ntiers == 0 && tiers->kind == FSY_SEQ)
        fsi_ld_error(c, tiers, "tiers", "no tiers: give at least one with its contribution");
    for (int t = 0; t < sc->ntiers; t++) {
        const fsy_node *tn = fsi_item_at(tiers, t);
        pathbuf tp = fsi_path_idx("tiers", (size_t)t);
        if (fsi_yaml_get(tn, "name") == NULL) {
            snprintf(sc->tier[t].name, sizeof sc->tier[t].name, "%s", tier_names[t]);
            fsi_view_text(c, fsi_path_key(tp.s, "name").s, tier_names[t], NULL);
        }
        if (fsi_yaml_get(tn, "choice_share") != NULL)
            continue;
        if (sc->ntiers == 1) {
            pathbuf np = fsi_path_key(tp.s, "choice_share");
            fsi_param_scalar(&sc->tier[t].choice_share, 1.0);
            fsi_view_add(c, np.s, V_PARAM, &sc->tier[t].choice_share, NULL, NULL);
            fsi_param_rec_add(c, &sc->tier[t].choice_share, np.s, NULL);
        } else if (tn && !fsi_node_at(root, "population", "roster", NULL)) {
            fsi_ld_error(c, tn, tp.s,
                         "missing required key 'choice_share' (there are %d tiers; or give "
                         "population.roster)",
                         sc->ntiers);
        }
    }
}

/* Defaults that are other keys' values. */
static void rule_computed_defaults(fsi_loader *c, const fsy_node *root)
{
    fs_scenario *sc = c->sc;
    double ref;
    if (fsi_node_at(root, "enrollment", "reference_price", NULL) == NULL && sc->ntiers > 0 &&
        fsi_param_set(&sc->tier[0].contribution)) {
        /* the start year's tier-1 standard, fixed in yuan: later rises move
         * the rate through the elasticity (model.md §3) */
        if (fsi_param_at(&sc->tier[0].contribution, sc->start_year, &ref) == FS_OK) {
            fsi_param_scalar(&sc->enroll_reference_price, ref);
            fsi_view_add(c, "enrollment.reference_price", V_PARAM, &sc->enroll_reference_price,
                         NULL, NULL);
            fsi_param_rec_add(c, &sc->enroll_reference_price, "enrollment.reference_price", NULL);
        } else { /* no start-year value: reported on the contribution itself */
            copy_param(c, "enrollment.reference_price", &sc->enroll_reference_price,
                       &sc->tier[0].contribution);
        }
    }
    if (fsi_node_at(root, "enrollment", "newborn_rate", NULL) == NULL &&
        fsi_param_set(&sc->enroll_base_rate))
        copy_param(c, "enrollment.newborn_rate", &sc->newborn_rate, &sc->enroll_base_rate);
    if (fsi_node_at(root, "financing", "assistance_income", NULL) == NULL &&
        fsi_param_set(&sc->disposable_income))
        copy_param(c, "financing.assistance_income", &sc->assistance_income,
                   &sc->disposable_income);
    if (fsi_node_at(root, "fund", "deficit_shares", NULL) == NULL) /* who pays the subsidy */
        for (int i = 0; i < 4; i++)
            sc->deficit_share[i] = sc->fiscal_share[i];
    if (fsi_node_at(root, "costs", "base_year", NULL) == NULL) {
        sc->base_year = sc->start_year;
        fsi_view_add(c, "costs.base_year", V_INT, &sc->base_year, "", NULL);
    }
}

/* An assistance rule's threshold (or a by_expense line): in yuan or as a
 * share of the assistance income, one of the two. */
static void assist_amount(fsi_loader *c, const fsy_node *root, const fsy_node *m,
                          const char *path, const char *a, int required)
{
    char b[64];
    snprintf(b, sizeof b, "%s_income_share", a);
    const fsy_node *x = fsi_yaml_get(m, a), *y = fsi_yaml_get(m, b);
    if (x && y)
        fsi_ld_error(c, y, path, "give either %s or %s, not both", a, b);
    else if (!x && !y && required)
        fsi_ld_error(c, m, path, "missing required key '%s' (or '%s')", a, b);
    else if (y && !fsi_node_at(root, "financing", "assistance_income", NULL) &&
             !fsi_node_at(root, "financing", "disposable_income", NULL))
        fsi_ld_error(c, y, path,
                     "%s needs financing.assistance_income (or financing.disposable_income)", b);
}

/* An assistance rule (a group's, or assistance.by_expense at `path`): its
 * threshold, its tilt's, and a by_expense line. */
static void rule_assist_map(fsi_loader *c, const fsy_node *root, const fsy_node *as,
                            const char *path, int by_expense)
{
    if (!as || as->kind != FSY_MAP)
        return;
    assist_amount(c, root, as, path, "threshold", 1);
    if (by_expense)
        assist_amount(c, root, as, path, "line", 1);
    const fsy_node *tl = fsi_yaml_get(as, "tilt");
    if (tl && tl->kind == FSY_MAP)
        assist_amount(c, root, tl, fsi_path_key(path, "tilt").s, "threshold", 1);
}

/* A group's assistance rule. */
static void rule_group_assistance(fsi_loader *c, const fsy_node *root, const fsy_node *gn,
                                  const char *gpath)
{
    rule_assist_map(c, root, fsi_yaml_get(gn, "assistance"),
                    fsi_path_key(gpath, "assistance").s, 0);
}

/* Groups: default id, the subsidy's amount, assistance, one value per tier. */
static void rule_groups(fsi_loader *c, const fsy_node *root)
{
    fs_scenario *sc = c->sc;
    const fsy_node *groups = fsi_yaml_get(root, "groups");
    for (int g = 0; g < sc->ngroups; g++) {
        fs_group *gr = &sc->group[g];
        const fsy_node *gn = fsi_item_at(groups, g);
        pathbuf gp = fsi_path_idx("groups", (size_t)g);
        if (fsi_yaml_get(gn, "id") == NULL) {
            /* memcpy, not snprintf: gcc's -Wrestrict misreads two fields of one struct. */
            size_t idlen = strnlen(gr->name, sizeof gr->id - 1);
            memcpy(gr->id, gr->name, idlen);
            gr->id[idlen] = '\0';
            fsi_view_text(c, fsi_path_key(gp.s, "id").s, gr->id, NULL);
        }
        if (gn && !fsi_yaml_get(gn, "share") && !fsi_node_at(root, "population", "roster", NULL))
            fsi_ld_error(c, gn, gp.s, "missing required key 'share' (or give population.roster)");
        const fsy_node *sub = fsi_yaml_get(gn, "subsidy");
        pathbuf sp = fsi_path_key(gp.s, "subsidy");
        if (gr->subsidy.kind == FS_SUBSIDY_FIXED && !fsi_yaml_get(sub, "amount"))
            fsi_ld_error(c, sub, sp.s, "missing required key 'amount' (type fixed)");
        if (gr->subsidy.kind == FS_SUBSIDY_PERCENT && !fsi_yaml_get(sub, "percent"))
            fsi_ld_error(c, sub, sp.s, "missing required key 'percent' (type percent)");
        rule_group_assistance(c, root, gn, gp.s);
        const fsy_node *cn = fsi_yaml_get(gn, "contribution");
        if (cn && cn->kind == FSY_SEQ && sc->ntiers > 0 && cn->n > (size_t)sc->ntiers)
            fsi_ld_error(c, cn, fsi_path_key(gp.s, "contribution").s,
                         "expected at most one value per tier (%d), got %zu", sc->ntiers, cn->n);
        const fsy_node *la = fsi_yaml_get(gn, "inpatient_level_ratio_add");
        if (la && la->kind == FSY_SEQ && la->n != (size_t)sc->inpatient.nlevels)
            fsi_ld_error(c, la, fsi_path_key(gp.s, "inpatient_level_ratio_add").s,
                         "expected one value per hospital level (%d), got %zu",
                         sc->inpatient.nlevels, la->n);
        const fsy_node *ts = fsi_yaml_get(gn, "tier_shares");
        if (ts && ts->kind == FSY_SEQ && sc->ntiers > 0 && ts->n != (size_t)sc->ntiers)
            fsi_ld_error(c, ts, fsi_path_key(gp.s, "tier_shares").s,
                         "expected one value per tier (%d), got %zu", sc->ntiers, ts->n);
        /* Graduates are cells of their own, one cell-id age per age of the group. */
        const fsy_node *grn = fsi_yaml_get(gn, "graduation");
        if (grn && gr->age_max - gr->age_min > FSI_GRAD_MAX_SPAN)
            fsi_ld_error(c, grn, fsi_path_key(gp.s, "graduation").s,
                         "a group with graduation spans at most %d ages (ages: [%d, %d])",
                         FSI_GRAD_MAX_SPAN + 1, gr->age_min, gr->age_max);
        /* Warning: a fully subsidised group pays nothing, so price does not matter. */
        if (gr->subsidy.kind == FS_SUBSIDY_FULL && gr->price_sensitive) {
            const fsy_node *ps = fsi_yaml_get(gn, "price_sensitive");
            fsi_ld_warn(c, ps ? ps : fsi_yaml_get(sub, "type"),
                        fsi_path_key(gp.s, "price_sensitive").s,
                        "the group is fully subsidised but price_sensitive; its net price is 0");
        }
    }
}

/* General outpatient pooling: one ratio, or ratios by item class. */
static void rule_outpatient(fsi_loader *c, const fsy_node *root)
{
    const fs_scenario *sc = c->sc;
    const fsy_node *op = fsi_node_at(root, "benefits", "outpatient", NULL);
    if (!sc->outpatient.enabled || !op)
        return;
    if (!fsi_yaml_get(op, "ratio") && !fsi_yaml_get(op, "item_classes"))
        fsi_ld_error(c, op, "benefits.outpatient",
                     "missing required key 'ratio' (or 'item_classes')");
    /* The engine uses item_classes when there are any, so a ratio beside them
     * (perhaps inherited through extends) would be shown but never applied. */
    if (fsi_yaml_get(op, "ratio") && sc->outpatient.nclasses > 0)
        fsi_ld_error(c, fsi_yaml_get(op, "ratio"), "benefits.outpatient.ratio",
                     "give either ratio or item_classes, not both (item_classes: [] removes "
                     "inherited classes)");
    /* The separate account is credited by one rule: a share of income or an
     * amount per enrollee. */
    const fsy_node *acct = fsi_yaml_get(op, "account");
    if (sc->outpatient.account.enabled && acct && acct->kind == FSY_MAP)
        either_or(c, acct, "benefits.outpatient.account", "income_share", "per_enrollee");
}

/* Critical illness: the three either/or pairs, a single ratio as one band,
 * an unbounded last band. */
static void rule_critical_illness(fsi_loader *c, const fsy_node *root)
{
    fs_scenario *sc = c->sc;
    const fsy_node *ci = fsi_yaml_get(root, "critical_illness");
    if (!sc->ci.enabled || !ci || ci->kind != FSY_MAP)
        return;
    either_or(c, ci, "critical_illness", "premium", "premium_income_share");
    either_or(c, ci, "critical_illness", "deductible", "deductible_income_share");
    either_or(c, ci, "critical_illness", "bands", "ratio");
    if (fsi_yaml_get(ci, "deductible_income_share") &&
        !fsi_node_at(root, "financing", "disposable_income", NULL))
        fsi_ld_error(c, fsi_yaml_get(ci, "deductible_income_share"), "critical_illness",
                     "deductible_income_share needs financing.disposable_income");
    if (fsi_yaml_get(ci, "ratio") && !fsi_yaml_get(ci, "bands") &&
        fsi_param_set(&sc->ci.band[0].ratio)) {
        sc->ci.nbands = 1;
        fsi_param_scalar(&sc->ci.band[0].upto, HUGE_VAL);
        fsi_view_add(c, "critical_illness.ratio", V_PARAM, &sc->ci.band[0].ratio, NULL,
                     fsi_yaml_get(ci, "ratio"));
        fsi_param_rec_add(c, &sc->ci.band[0].upto, "critical_illness.bands[0].upto", NULL);
    }
    /* The last band is unbounded in every year (band order: fsi_year_checks). */
    const fsy_node *bands = fsi_yaml_get(ci, "bands");
    if (bands && sc->ci.nbands > 0) {
        const fs_param *up = &sc->ci.band[sc->ci.nbands - 1].upto;
        int inf = up->n > 0;
        for (int i = 0; i < up->n; i++)
            inf &= isinf(up->value[i]) && up->value[i] > 0.0;
        if (up->n > 0 && !inf) {
            const fsy_node *bn = fsi_item_at(bands, sc->ci.nbands - 1);
            fsi_ld_error(c, fsi_yaml_get(bn, "upto"),
                         fsi_path_idx("critical_illness.bands", (size_t)sc->ci.nbands - 1).s,
                         "the last band must have upto: .inf");
        }
    }
}

/* calibrate: the base year defaults to the first year; one factor per
 * target fitted; the levels list matches the inpatient levels; a level's
 * observed cost is in the cost means' prices (docs/model.md §14). */
static void rule_calibrate(fsi_loader *c, const fsy_node *root)
{
    fs_scenario *sc = c->sc;
    const fsy_node *cal = fsi_yaml_get(root, "calibrate");
    if (fsi_node_at(root, "calibrate", "year", NULL) == NULL) {
        sc->cal_year = sc->start_year;
        fsi_view_add(c, "calibrate.year", V_INT, &sc->cal_year, "", NULL);
    }
    if (!cal || cal->kind != FSY_MAP)
        return;
    const fsy_node *tg = fsi_yaml_get(cal, "targets");
    static const char *const names[] = {
#define CT_NAME(metric, name, factor) name,
        FSI_CAL_TARGETS(CT_NAME)
#undef CT_NAME
    };
    for (int i = 0; i < FSI_CT_COUNT; i++) {
        if (!sc->cal_target_set[i] || sc->cal_fit[i] == FSI_CF_NONE)
            continue;
        for (int j = 0; j < i; j++)
            if (sc->cal_target_set[j] && sc->cal_fit[j] == sc->cal_fit[i])
                fsi_ld_error(c, fsi_yaml_get(tg, names[i]), "calibrate.targets",
                             "targets %s and %s both fit the factor %s: give one of them "
                             "another (calibrate.fit.%s: FACTOR) or none (checked only)",
                             names[j], names[i], fsi_cal_factor_names[sc->cal_fit[i]],
                             names[i]);
    }
    const fsy_node *lv = fsi_yaml_get(cal, "levels");
    if (lv && sc->cal_nlevels > 0 && sc->cal_nlevels != sc->inpatient.nlevels)
        fsi_ld_error(c, lv, "calibrate.levels",
                     "%d entries, but benefits.inpatient.levels has %d: one per level, in order",
                     sc->cal_nlevels, sc->inpatient.nlevels);
    const fsy_node *gr = fsi_yaml_get(cal, "groups");
    if (gr && sc->cal_ngroups > 0 && sc->cal_ngroups != sc->ngroups)
        fsi_ld_error(c, gr, "calibrate.groups",
                     "%d entries, but groups has %d: one per group, in order", sc->cal_ngroups,
                     sc->ngroups);
    if (gr && sc->cal_ngroups > 0 && sc->roster)
        fsi_ld_error(c, gr, "calibrate.groups",
                     "the groups' enrollees come from population.roster: nothing to fit");
    for (int k = 0; k < sc->cal_nlevels; k++)
        if (sc->cal_level[k].cost_set && sc->cal_year != sc->base_year)
            fsi_ld_error(c, fsi_item_at(lv, (size_t)k),
                         fsi_path_idx("calibrate.levels", (size_t)k).s,
                         "cost_per_admission is compared with the level's cost mean, in "
                         "costs.base_year's prices: calibrate.year (%d) must be "
                         "costs.base_year (%d)",
                         sc->cal_year, sc->base_year);
}

/* assistance.by_expense: threshold and line, each in yuan or as a share. */
static void rule_by_expense(fsi_loader *c, const fsy_node *root)
{
    rule_assist_map(c, root, fsi_node_at(root, "assistance", "by_expense", NULL),
                    "assistance.by_expense", 1);
}

void fsi_scenario_rules(fsi_loader *c, const fsy_node *root)
{
    rule_tiers(c, root);
    rule_computed_defaults(c, root);
    rule_groups(c, root);
    rule_outpatient(c, root);
    rule_critical_illness(c, root);
    rule_by_expense(c, root);
    rule_calibrate(c, root);
}

/* ------------------------------------------------------------------ */
/* Checks over the simulated policy years y0..y1. */

/* Sum of dated shares over a list, for one year (FS_YEAR_ALWAYS: plain
 * numbers); 1 if it is 1. */
static int sum_check(fsi_loader *c, const fsy_node *n, const char *path, const char *what,
                     double sum, int year)
{
    if (fabs(sum - 1.0) <= FSI_SUM_TOL)
        return 1;
    if (year == FS_YEAR_ALWAYS)
        fsi_ld_error(c, n, path, "%s sum to %.10g, not 1", what, sum);
    else
        fsi_ld_error(c, n, path, "%s sum to %.10g in %d, not 1", what, sum, year);
    return 0;
}

/* n dated shares, stride bytes apart from p0, sum to 1 in every year;
 * the first year that fails is reported. */
static void shares_sum(fsi_loader *c, const fs_param *p0, size_t stride, int n, int y0, int y1,
                       const fsy_node *node, const char *path, const char *what)
{
    for (int y = y0; y <= y1; y++) {
        double sum = 0.0, v = 0.0;
        int ok = 1;
        for (int i = 0; i < n; i++) {
            const fs_param *p = (const fs_param *)(const void *)((const char *)p0 + i * stride);
            if (fsi_param_at(p, y, &v) != FS_OK)
                ok = 0;
            sum += v;
        }
        if (ok && !sum_check(c, node, path, what, sum, y))
            return;
    }
}

/* Every dated parameter resolves for every year the engine reads it (the
 * simulated years y0..y1; for the fiscal subsidy the budget years that fund
 * them, fsi_fiscal_budget_year) and, when it grows, stays within its
 * constraint.  Returns 1 if some parameter does not resolve. */
static int check_resolution(fsi_loader *c, int y0, int y1)
{
    int unresolved = 0;
    for (size_t i = 0; i < c->ndr; i++) {
        const dated_rec *r = &c->dr[i];
        const fs_param *p = r->p;
        if (p->n == 0)
            continue;
        int lo = y0, hi = y1;
        if (p == &c->sc->fiscal_subsidy) {
            lo = fsi_fiscal_budget_year(c->sc, y0);
            hi = fsi_fiscal_budget_year(c->sc, y1);
        }
        if (p->year[0] != FS_YEAR_ALWAYS && p->year[0] > lo) {
            if (lo == y0)
                fsi_ld_error(c, r->node, r->path, "no value for %d: first value is for %d", y0,
                             p->year[0]);
            else
                fsi_ld_error(c, r->node, r->path,
                             "no value for %d: first value is for %d (fiscal_alignment: "
                             "previous_year funds benefit year %d from budget year %d)",
                             lo, p->year[0], y0, lo);
            unresolved = 1;
            continue;
        }
        if (p->growth_kind == FS_GROWTH_NONE || r->cons == C_NONE)
            continue;
        for (int y = lo; y <= hi; y++) {
            double v;
            char txt[64];
            if (fsi_param_at(p, y, &v) != FS_OK)
                continue;
            snprintf(txt, sizeof txt, "%.10g (in %d)", v, y);
            if (!fsi_check_cons(c, r->node, r->path, r->cons, v, txt))
                break;
        }
    }
    return unresolved;
}

/* Shares that sum to 1: tier choices, each group's tier shares, hospital
 * levels; then item classes and fiscal shares (plain numbers). */
static void check_sums(fsi_loader *c, const fsy_node *root, int y0, int y1)
{
    const fs_scenario *sc = c->sc;
    int roster = fsi_node_at(root, "population", "roster", NULL) != NULL; /* replaces them */
    if (sc->ntiers > 1 && !roster)
        shares_sum(c, &sc->tier[0].choice_share, sizeof(fs_tier), sc->ntiers, y0, y1,
                   fsi_yaml_get(root, "tiers"), "tiers", "tiers[].choice_share values");
    const fsy_node *groups = fsi_yaml_get(root, "groups");
    for (int g = 0; g < sc->ngroups; g++) {
        const fs_group *gr = &sc->group[g];
        if (!fsi_param_set(&gr->tier_share[0]) || roster)
            continue;
        pathbuf tp = fsi_path_key(fsi_path_idx("groups", (size_t)g).s, "tier_shares");
        shares_sum(c, &gr->tier_share[0], sizeof(fs_param), sc->ntiers, y0, y1,
                   fsi_yaml_get(fsi_item_at(groups, g), "tier_shares"), tp.s, "tier_shares");
    }
    if (sc->inpatient.nlevels > 0)
        shares_sum(c, &sc->inpatient.level[0].share, sizeof(fs_level), sc->inpatient.nlevels, y0,
                   y1, fsi_node_at(root, "benefits", "inpatient", "levels"),
                   "benefits.inpatient.levels", "levels[].share values");
}

/* Critical-illness band limits increase in every year. */
static void check_band_order(fsi_loader *c, const fsy_node *root, int y0, int y1)
{
    const fs_scenario *sc = c->sc;
    if (!sc->ci.enabled || sc->ci.nbands <= 1)
        return;
    const fsy_node *bands = fsi_node_at(root, "critical_illness", "bands", NULL);
    for (int y = y0; y <= y1; y++) {
        for (int b = 1; b < sc->ci.nbands; b++) {
            double lo, hi;
            if (fsi_param_at(&sc->ci.band[b - 1].upto, y, &lo) != FS_OK ||
                fsi_param_at(&sc->ci.band[b].upto, y, &hi) != FS_OK)
                continue;
            if (!(hi > lo)) {
                fsi_ld_error(c, fsi_yaml_get(fsi_item_at(bands, b), "upto"),
                             fsi_path_idx("critical_illness.bands", (size_t)b).s,
                             "band limits out of order: %g after %g in %d", hi, lo, y);
                return;
            }
        }
    }
}

/* lo <= hi in every year (the first failure is reported). */
static void check_le(fsi_loader *c, const fs_param *lo_p, const fs_param *hi_p, int y0, int y1,
                     const fsy_node *node, const char *path, const char *lo_key,
                     const char *hi_key)
{
    for (int y = y0; y <= y1; y++) {
        double lo, hi;
        if (fsi_param_at(lo_p, y, &lo) != FS_OK || fsi_param_at(hi_p, y, &hi) != FS_OK)
            continue;
        if (hi < lo) {
            fsi_ld_error(c, node, path, "%s %g is below %s %g in %d", hi_key, hi, lo_key, lo, y);
            return;
        }
    }
}

/* Groups overlapping in age hold at most all of an age's residents. */
static void check_group_overlap(fsi_loader *c, const fsy_node *root, int y0, int y1)
{
    const fs_scenario *sc = c->sc;
    for (int y = y0; y <= y1 && sc->ngroups > 1; y++) {
        for (int a = 0; a <= FS_MAX_AGE; a++) {
            double sum = 0.0, v;
            int ncov = 0;
            for (int g = 0; g < sc->ngroups; g++) {
                const fs_group *gr = &sc->group[g];
                if (a < gr->age_min || a > gr->age_max)
                    continue;
                if (fsi_param_at(&gr->share, y, &v) == FS_OK) {
                    sum += v;
                    ncov++;
                }
            }
            if (ncov > 1 && sum > 1.0 + FSI_SUM_TOL) {
                fsi_ld_error(c, fsi_yaml_get(root, "groups"), "groups",
                             "shares of the groups covering age %d sum to %.10g in %d, more "
                             "than 1",
                             a, sum, y);
                return;
            }
        }
    }
}

/* Warnings: a falling contribution, an inpatient ratio above 95%. */
static void check_warnings(fsi_loader *c, const fsy_node *root, int y0, int y1)
{
    const fs_scenario *sc = c->sc;
    const fsy_node *tiers = fsi_yaml_get(root, "tiers");
    double v;
    for (int t = 0; t < sc->ntiers; t++) {
        const fs_param *p = &sc->tier[t].contribution;
        double prev = 0.0;
        for (int y = y0; y <= y1; y++) {
            if (fsi_param_at(p, y, &v) != FS_OK)
                break;
            if (y > y0 && v < prev - 1e-9) {
                pathbuf cp = fsi_path_key(fsi_path_idx("tiers", (size_t)t).s, "contribution");
                fsi_ld_warn(c, fsi_yaml_get(fsi_item_at(tiers, t), "contribution"), cp.s,
                            "the contribution decreases from %.10g in %d to %.10g in %d", prev,
                            y - 1, v, y);
                break;
            }
            prev = v;
        }
    }
    const fsy_node *levels = fsi_node_at(root, "benefits", "inpatient", "levels");
    for (int k = 0; k < sc->inpatient.nlevels; k++) {
        for (int y = y0; y <= y1; y++) {
            if (fsi_param_at(&sc->inpatient.level[k].ratio, y, &v) != FS_OK)
                break;
            if (v > 0.95) {
                pathbuf rp =
                    fsi_path_key(fsi_path_idx("benefits.inpatient.levels", (size_t)k).s, "ratio");
                fsi_ld_warn(c, fsi_yaml_get(fsi_item_at(levels, k), "ratio"), rp.s,
                            "an inpatient ratio of %.10g (in %d) is above 0.95", v, y);
                break;
            }
        }
    }
}

/* A county ledger inside a municipal pool (fund.pooling: ledger) holds no
 * money: no opening balance, no management rule, no separate account.  Each
 * error points at the key that gives one (or at fund.pooling). */
static void check_pooling(fsi_loader *c, const fsy_node *root, int y0)
{
    const fs_scenario *sc = c->sc;
    const fsy_node *fund = fsi_yaml_get(root, "fund");
    const fsy_node *pool = fund ? fsi_yaml_get(fund, "pooling") : NULL, *n;
    double b = 0.0;
    if (sc->pooling != 1)
        return;
    if (!pool)
        pool = fund ? fund : root;
    n = fund ? fsi_yaml_get(fund, "initial_balance") : NULL;
    if (fsi_param_at(&sc->initial_balance, y0, &b) == FS_OK && b != 0.0)
        fsi_ld_error(c, n ? n : pool, "fund.initial_balance",
                     "a county ledger of a municipal pool (fund.pooling: ledger) has no reserve "
                     "of its own: must be 0 (it is %.10g in %d)",
                     b, y0);
    n = fund ? fsi_yaml_get(fund, "management") : NULL;
    if (sc->rule != FS_RULE_FIXED)
        fsi_ld_error(c, n ? n : pool, "fund.management",
                     "a county ledger of a municipal pool (fund.pooling: ledger) has no "
                     "management rule of its own: must be fixed");
    n = fsi_node_at(root, "benefits", "outpatient", "account");
    if (sc->outpatient.enabled && sc->outpatient.account.enabled)
        fsi_ld_error(c, n ? n : pool, "benefits.outpatient.account",
                     "a county ledger of a municipal pool (fund.pooling: ledger) keeps no "
                     "balance, so no separate outpatient account either");
}

void fsi_year_checks(fsi_loader *c, const fsy_node *root)
{
    const fs_scenario *sc = c->sc;
    int y0 = sc->start_year, y1 = sc->start_year + sc->years - 1;
    int unresolved = check_resolution(c, y0, y1);
    /* Sums over unresolvable values would only repeat errors. */
    if (unresolved && (fsi_diags_oom(c->d) || fs_diags_errors(c->d) > 0))
        return;
    check_sums(c, root, y0, y1);
    check_band_order(c, root, y0, y1);
    check_le(c, &sc->reserve_min_months, &sc->reserve_max_months, y0, y1,
             fsi_node_at(root, "fund", "reserve_band", NULL), "fund.reserve_band", "min_months",
             "max_months");
    check_le(c, &sc->mrule.min_factor, &sc->mrule.max_factor, y0, y1,
             fsi_node_at(root, "fund", "rule", NULL), "fund.rule", "min_factor", "max_factor");
    if (sc->outpatient.enabled && sc->outpatient.nclasses > 0) {
        double sum = 0.0;
        for (int k = 0; k < sc->outpatient.nclasses; k++)
            sum += sc->outpatient.class_share[k];
        sum_check(c, fsi_node_at(root, "benefits", "outpatient", "item_classes"),
                  "benefits.outpatient.item_classes", "item_classes[].share values", sum,
                  FS_YEAR_ALWAYS);
    }
    const fsy_node *fs = fsi_node_at(root, "financing", "fiscal_shares", NULL);
    if (fs && fs->kind == FSY_MAP)
        sum_check(c, fs, "financing.fiscal_shares", "fiscal_shares",
                  sc->fiscal_share[0] + sc->fiscal_share[1] + sc->fiscal_share[2] +
                      sc->fiscal_share[3],
                  FS_YEAR_ALWAYS);
    const fsy_node *ds = fsi_node_at(root, "fund", "deficit_shares", NULL);
    if (ds && ds->kind == FSY_MAP) {
        double sum = 0.0;
        for (int i = 0; i < 5; i++)
            sum += sc->deficit_share[i];
        sum_check(c, ds, "fund.deficit_shares", "deficit_shares", sum, FS_YEAR_ALWAYS);
    }
    check_le(c, &sc->band_min, &sc->band_max, y0, y1,
             fsi_node_at(root, "fund", "target_band", NULL), "fund.target_band", "min_surplus_rate",
             "max_surplus_rate");
    if (!fsi_node_at(root, "population", "roster", NULL)) /* the roster replaces the shares */
        check_group_overlap(c, root, y0, y1);
    check_pooling(c, root, y0);
    check_warnings(c, root, y0, y1);
}
