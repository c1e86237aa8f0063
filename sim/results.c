/* sim/results.c -- run options, metric names, summaries and accounting identities. */
#include "fundsim.h"
#include "rng_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

static const fs_metric_info metrics[FS_M_COUNT] = {
#define FS_METRIC_ROW(id, name, unit, kind, zh, en, def) \
    {name, FS_UNIT_##unit, FS_KIND_##kind, zh, en, def},
    FS_METRICS(FS_METRIC_ROW)
#undef FS_METRIC_ROW
};

static const struct {
    const char *name;
    fs_unit unit;
    const char *zh, *en, *def;
} gq[FS_GQ_COUNT] = {
#define FS_GQ_ROW(id, name, unit, zh, en, def) {name, FS_UNIT_##unit, zh, en, def},
    FS_GROUP_QUANTITIES(FS_GQ_ROW)
#undef FS_GQ_ROW
};

const char *fs_group_quantity_name(fs_group_quantity q)
{
    return (unsigned)q < FS_GQ_COUNT ? gq[q].name : "";
}

fs_unit fs_group_quantity_unit(fs_group_quantity q)
{
    return (unsigned)q < FS_GQ_COUNT ? gq[q].unit : FS_UNIT_YUAN;
}

const char *fs_group_quantity_label_zh(fs_group_quantity q)
{
    return (unsigned)q < FS_GQ_COUNT ? gq[q].zh : "";
}

const char *fs_group_quantity_label_en(fs_group_quantity q)
{
    return (unsigned)q < FS_GQ_COUNT ? gq[q].en : "";
}

const char *fs_group_quantity_definition(fs_group_quantity q)
{
    return (unsigned)q < FS_GQ_COUNT ? gq[q].def : "";
}

int fs_group_quantity_ratio(fs_group_quantity q, fs_group_quantity num[4], double sign[4],
                            int *nterms, fs_group_quantity *den)
{
    static const fs_group_quantity all[4] = {FS_GQ_BENEFITS_BASIC, FS_GQ_BENEFITS_MATERNITY,
                                             FS_GQ_BENEFITS_CRITICAL, FS_GQ_BENEFITS_ASSIST},
                                   inp[3] = {FS_GQ_BENEFITS_INPATIENT,
                                             FS_GQ_INPATIENT_BENEFITS_CRITICAL,
                                             FS_GQ_INPATIENT_BENEFITS_ASSIST};
    static const double sall[4] = {1.0, -1.0, 1.0, 1.0};
    if (q == FS_GQ_COMBINED_RATIO) {
        *nterms = 4;
        for (int i = 0; i < 4; i++) {
            num[i] = all[i];
            sign[i] = sall[i];
        }
        *den = FS_GQ_COST_IN_SCOPE;
        return 1;
    }
    if (q == FS_GQ_INPATIENT_COMBINED_RATIO) {
        *nterms = 3;
        for (int i = 0; i < 3; i++) {
            num[i] = inp[i];
            sign[i] = 1.0;
        }
        *den = FS_GQ_INPATIENT_COST_IN_SCOPE;
        return 1;
    }
    return 0;
}

const fs_metric_info *fs_metric_info_of(fs_metric m)
{
    return (unsigned)m < FS_M_COUNT ? &metrics[m] : NULL;
}

const char *fs_metric_name(fs_metric m)
{
    return (unsigned)m < FS_M_COUNT ? metrics[m].id : "";
}

int fs_metric_ledger_na(fs_metric m)
{
    switch (m) {
    case FS_M_BALANCE:
    case FS_M_MONTHS_COVERED:
    case FS_M_PROB_DEFICIT:
    case FS_M_PROB_DEPLETION:
    case FS_M_PROB_RESERVE_LOW:
    case FS_M_PROB_RESERVE_HIGH:
    case FS_M_PROB_DEFICIT_BY:
    case FS_M_PROB_DEPLETED_BY:
    case FS_M_DEPLETION_YEAR:
    case FS_M_PROB_SMALL_SURPLUS:
    case FS_M_SHORTFALL:
    case FS_M_SHORTFALL_CUM:
    case FS_M_SHORTFALL_CENTRAL:
    case FS_M_SHORTFALL_PROVINCIAL:
    case FS_M_SHORTFALL_CITY:
    case FS_M_SHORTFALL_COUNTY:
    case FS_M_SHORTFALL_OTHER:
    case FS_M_SHORTFALL_CUM_CENTRAL:
    case FS_M_SHORTFALL_CUM_PROVINCIAL:
    case FS_M_SHORTFALL_CUM_CITY:
    case FS_M_SHORTFALL_CUM_COUNTY:
    case FS_M_SHORTFALL_CUM_OTHER:
    case FS_M_MAIN_FUND_BALANCE:
        return 1;
    default:
        return 0;
    }
}

const char *fs_metric_label_zh(fs_metric m)
{
    return (unsigned)m < FS_M_COUNT ? metrics[m].label_zh : "";
}

const char *fs_unit_name(fs_unit u)
{
    static const char *const names[] = {"yuan", "persons", "share", "probability", "months", "year",
                                         "cases"};
    return (unsigned)u < sizeof names / sizeof names[0] ? names[u] : "";
}

const char *fs_unit_label_zh(fs_unit u)
{
    static const char *const names[] = {"元", "人", "比例", "概率", "月", "年", "人次"};
    return (unsigned)u < sizeof names / sizeof names[0] ? names[u] : "";
}

const char *fs_metric_kind_name(fs_metric_kind k)
{
    static const char *const names[] = {"flow", "stock", "rate"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "";
}

void fs_run_options_init(fs_run_options *o)
{
    if (o)
        memset(o, 0, sizeof *o);
}

void fs_results_free(fs_results *res)
{
    if (!res)
        return;
    free(res->values);
    free(res->gvalues);
    free(res);
}

int fs_results_alloc(int years, int rep_count, int ngroups, int ntiers, fs_results **out)
{
    return fs_results_alloc_aged(years, rep_count, ngroups, ntiers, 0, NULL, out);
}

int fs_results_alloc_aged(int years, int rep_count, int ngroups, int ntiers, int nage_bands,
                          const int *band_lo, fs_results **out)
{
    if (!out)
        return FS_EUSAGE;
    *out = NULL;
    if (years <= 0 || rep_count < 0 || ngroups < 0 || ngroups > FS_RESULTS_MAX_GROUPS ||
        ntiers < 0 || ntiers > FS_RESULTS_MAX_TIERS || (ngroups == 0) != (ntiers == 0) ||
        nage_bands < 0 || nage_bands > FS_RESULTS_MAX_AGE_BANDS ||
        (nage_bands > 0 && (ngroups == 0 || !band_lo || band_lo[0] != 0)))
        return FS_EUSAGE;
    for (int b = 1; b < nage_bands; b++)
        if (band_lo[b] <= band_lo[b - 1] || band_lo[b] > FS_RESULTS_MAX_AGE_BANDS - 1)
            return FS_EUSAGE;
    fs_results *res = calloc(1, sizeof *res);
    if (!res)
        return FS_ENOMEM;
    res->years = years;
    res->rep_count = rep_count;
    res->ngroups_out = ngroups;
    res->ntiers_out = ntiers;
    res->nage_bands = nage_bands;
    for (int b = 0; b < nage_bands; b++)
        res->age_band_lo[b] = band_lo[b];
    size_t n = (size_t)rep_count * (size_t)years * FS_M_COUNT;
    res->values = calloc(n ? n : 1, sizeof(double));
    size_t gn = (size_t)rep_count * fs_results_gper_rep(res);
    if (ngroups > 0)
        res->gvalues = calloc(gn ? gn : 1, sizeof(double));
    if (!res->values || (ngroups > 0 && !res->gvalues)) {
        fs_results_free(res);
        return FS_ENOMEM;
    }
    *out = res;
    return FS_OK;
}

const char *fs_results_gq_name(const fs_results *res, size_t k, char *buf, size_t n)
{
    if (!buf || n == 0)
        return buf;
    buf[0] = '\0';
    if (!res)
        return buf;
    if (k < FS_GQ_COUNT) {
        snprintf(buf, n, "%s", fs_group_quantity_name((fs_group_quantity)k));
    } else if (k < fs_results_gq(res)) {
        int b = (int)(k - FS_GQ_COUNT), lo = res->age_band_lo[b];
        int hi = b + 1 < res->nage_bands ? res->age_band_lo[b + 1] - 1
                                         : FS_RESULTS_MAX_AGE_BANDS - 1;
        if (hi == FS_RESULTS_MAX_AGE_BANDS - 1)
            snprintf(buf, n, "enrollees_age_%d+", lo);
        else if (hi == lo)
            snprintf(buf, n, "enrollees_age_%d", lo);
        else
            snprintf(buf, n, "enrollees_age_%d-%d", lo, hi);
    }
    return buf;
}

void fs_results_copy_info(fs_results *dst, const fs_results *src)
{
    memcpy(dst->scenario, src->scenario, sizeof dst->scenario);
    dst->start_year = src->start_year;
    dst->replications = src->replications;
    dst->seed = src->seed;
    dst->mode = src->mode;
    dst->mode_requested = src->mode_requested;
    dst->threads = src->threads;
    dst->initial_balance = src->initial_balance;
    dst->pooling_ledger = src->pooling_ledger;
    dst->outpatient_account_initial_balance = src->outpatient_account_initial_balance;
    memcpy(dst->group_names, src->group_names, sizeof dst->group_names);
    memcpy(dst->tier_names, src->tier_names, sizeof dst->tier_names);
    memcpy(dst->group_ids, src->group_ids, sizeof dst->group_ids);
    memcpy(dst->tier_ids, src->tier_ids, sizeof dst->tier_ids);
}

/* The statistics of x[0..n-1] (sorts x). */
static void stat_of(double *x, size_t n, fs_stat *st)
{
    for (size_t i = 0; i < n; i++)
        if (isnan(x[i])) { /* not applicable (a county ledger): every statistic too */
            st->mean = st->sd = st->se = st->p05 = st->p25 = st->p50 = st->p75 = st->p95 = NAN;
            return;
        }
    st->mean = gsl_stats_mean(x, 1, n);
    /* One replication has no spread to estimate: sd and se are undefined
     * (NaN: empty in the CSVs, null in JSON), not 0 (docs/model.md §13). */
    st->sd = n > 1 ? gsl_stats_sd_m(x, 1, n, st->mean) : NAN;
    st->se = st->sd / sqrt((double)n);
    gsl_sort(x, 1, n);
    st->p05 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.05);
    st->p25 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.25);
    st->p50 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.50);
    st->p75 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.75);
    st->p95 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.95);
}

int fs_results_summarize(const fs_results *res, fs_stat *stats)
{
    if (!res || !stats || res->rep_count <= 0 || res->years <= 0)
        return FS_EUSAGE;
    size_t n = (size_t)res->rep_count;
    double *x = malloc(n * sizeof *x);
    if (!x)
        return FS_ENOMEM;
    for (int y = 0; y < res->years; y++) {
        for (int m = 0; m < FS_M_COUNT; m++) {
            for (size_t r = 0; r < n; r++)
                x[r] = *fs_results_at(res, (int)r, y, (fs_metric)m);
            stat_of(x, n, &stats[(size_t)y * FS_M_COUNT + (size_t)m]);
        }
    }
    free(x);
    return FS_OK;
}

/* A ratio of the group table (fs_group_quantity_ratio): its mean is the
 * ratio of the mean sums, sum_r num_r / sum_r den_r (0 when the
 * denominators sum to 0), and its se the delta method's,
 * sqrt(sum_r (num_r - mean den_r)^2 / (n (n - 1))) / mean(den); sd and
 * percentiles stay those of the per-replication ratios. */
static void ratio_of_means(const fs_results *res, int y, int g, int t, fs_group_quantity k,
                           fs_stat *st)
{
    fs_group_quantity num[4], den;
    double sign[4], sn = 0.0, sd = 0.0, ss = 0.0;
    int nt;
    const int n = res->rep_count;
    if (!fs_group_quantity_ratio(k, num, sign, &nt, &den))
        return;
    for (int pass = 0; pass < 2; pass++)
        for (int r = 0; r < n; r++) {
            double a = 0.0, b = *fs_results_gat(res, r, y, g, t, den);
            for (int j = 0; j < nt; j++)
                a += sign[j] * *fs_results_gat(res, r, y, g, t, num[j]);
            if (pass == 0) {
                sn += a;
                sd += b;
            } else {
                double e = a - st->mean * b;
                ss += e * e;
            }
            if (pass == 0 && r == n - 1)
                st->mean = sd > 0.0 ? sn / sd : 0.0;
        }
    st->se = n < 2      ? NAN /* undefined with one replication */
             : sd > 0.0 ? sqrt(ss / ((double)n * (double)(n - 1))) / (sd / (double)n)
                        : 0.0;
}

int fs_results_summarize_groups(const fs_results *res, fs_stat *stats)
{
    if (!res || !stats || res->rep_count <= 0 || res->years <= 0 || !res->gvalues ||
        res->ngroups_out <= 0 || res->ntiers_out <= 0)
        return FS_EUSAGE;
    size_t n = (size_t)res->rep_count, i = 0;
    double *x = malloc(n * sizeof *x);
    if (!x)
        return FS_ENOMEM;
    for (int y = 0; y < res->years; y++)
        for (int g = 0; g < res->ngroups_out; g++)
            for (int t = 0; t < res->ntiers_out; t++)
                for (size_t k = 0; k < fs_results_gq(res); k++) {
                    for (size_t r = 0; r < n; r++)
                        x[r] = *fs_results_gatk(res, (int)r, y, g, t, k);
                    stat_of(x, n, &stats[i]);
                    if (k < FS_GQ_COUNT)
                        ratio_of_means(res, y, g, t, (fs_group_quantity)k, &stats[i]);
                    i++;
                }
    free(x);
    return FS_OK;
}

/* Same groups, tiers and age bands, names included. */
static int same_groups(const fs_results *a, const fs_results *b)
{
    if (!a->gvalues || !b->gvalues || a->ngroups_out != b->ngroups_out ||
        a->ntiers_out != b->ntiers_out || a->ngroups_out <= 0 || a->ntiers_out <= 0 ||
        a->nage_bands != b->nage_bands)
        return 0;
    for (int k = 0; k < a->nage_bands; k++)
        if (a->age_band_lo[k] != b->age_band_lo[k])
            return 0;
    for (int g = 0; g < a->ngroups_out; g++)
        if (strcmp(a->group_names[g], b->group_names[g]) != 0 ||
            strcmp(a->group_ids[g], b->group_ids[g]) != 0)
            return 0;
    for (int t = 0; t < a->ntiers_out; t++)
        if (strcmp(a->tier_names[t], b->tier_names[t]) != 0)
            return 0;
    return 1;
}

int fs_results_diff(const fs_results *base, const fs_results *alt, fs_results **out, char *err,
                    size_t errlen)
{
    fs_results *d;
    size_t n;

    if (out)
        *out = NULL;
    if (!base || !alt || !out || !base->values || !alt->values || base->years <= 0 ||
        base->rep_count <= 0) {
        if (err && errlen)
            snprintf(err, errlen, "fs_results_diff: missing or empty results");
        return FS_EUSAGE;
    }
    if (base->years != alt->years || base->rep_count != alt->rep_count ||
        base->first_rep != alt->first_rep || base->start_year != alt->start_year) {
        if (err && errlen)
            snprintf(err, errlen,
                     "results of different shape: base has %d years from %d, replications "
                     "[%d, %d); alt has %d years from %d, replications [%d, %d)",
                     base->years, base->start_year, base->first_rep,
                     base->first_rep + base->rep_count, alt->years, alt->start_year,
                     alt->first_rep, alt->first_rep + alt->rep_count);
        return FS_EUSAGE;
    }
    int groups = same_groups(base, alt);
    int rc = fs_results_alloc_aged(base->years, base->rep_count, groups ? base->ngroups_out : 0,
                                   groups ? base->ntiers_out : 0, groups ? base->nage_bands : 0,
                                   base->age_band_lo, &d);
    if (rc != FS_OK) {
        if (err && errlen)
            snprintf(err, errlen, "fs_results_diff: %s", fs_strerror(rc));
        return rc;
    }
    fs_results_copy_info(d, base);
    d->first_rep = base->first_rep;
    n = (size_t)base->rep_count * (size_t)base->years * FS_M_COUNT;
    for (size_t i = 0; i < n; i++)
        d->values[i] = alt->values[i] - base->values[i];
    if (groups) {
        size_t gn = (size_t)base->rep_count * fs_results_gper_rep(base);
        for (size_t i = 0; i < gn; i++)
            d->gvalues[i] = alt->gvalues[i] - base->gvalues[i];
    } else {
        memset(d->group_names, 0, sizeof d->group_names);
        memset(d->tier_names, 0, sizeof d->tier_names);
        memset(d->group_ids, 0, sizeof d->group_ids);
        memset(d->tier_ids, 0, sizeof d->tier_ids);
    }
    snprintf(d->scenario, sizeof d->scenario, "%.63s - %.60s", alt->scenario, base->scenario);
    d->enrollee_years = 0.0;
    d->sampling_rel_se = 0.0;
    d->initial_balance = alt->initial_balance - base->initial_balance;
    d->outpatient_account_initial_balance =
        alt->outpatient_account_initial_balance - base->outpatient_account_initial_balance;
    d->pooling_ledger = base->pooling_ledger || alt->pooling_ledger;
    *out = d;
    return FS_OK;
}

double fs_results_share_positive(const fs_results *res, int y, fs_metric m)
{
    int k = 0;
    if (!res || res->rep_count <= 0 || y < 0 || y >= res->years || (unsigned)m >= FS_M_COUNT)
        return 0.0;
    for (int r = 0; r < res->rep_count; r++) {
        double x = *fs_results_at(res, r, y, m);
        if (isnan(x))
            return NAN; /* not applicable (a county ledger) */
        k += x > 0.0;
    }
    return (double)k / (double)res->rep_count;
}

/* One identity: lhs = sum of terms, relative to the largest magnitude. */
static int ident(const fs_results *res, int r, int y, const char *what, double lhs,
                 const double *terms, int nterms, char *err, size_t errlen)
{
    double sum = 0.0, scale = fabs(lhs);
    for (int i = 0; i < nterms; i++) {
        sum += terms[i];
        if (fabs(terms[i]) > scale)
            scale = fabs(terms[i]);
    }
    if (!(fabs(lhs - sum) <= 1e-9 * scale) && !(scale == 0.0 && lhs == sum)) {
        if (err && errlen)
            snprintf(err, errlen, "replication %d, year %d: %s: %.17g != %.17g",
                     res->first_rep + r, res->start_year + y, what, lhs, sum);
        return FS_EINTERNAL;
    }
    return FS_OK;
}

#define V(m) (*fs_results_at(res, r, y, FS_M_##m))

/* The flags "by the year" are 0/1, never fall, hold the year's own flag;
 * the first year of depletion agrees with them; no shortfall is negative. */
static int risks_inconsistent(const fs_results *res, int r, int y)
{
    double pdef = y > 0 ? *fs_results_at(res, r, y - 1, FS_M_PROB_DEFICIT_BY) : 0.0;
    double pdep = y > 0 ? *fs_results_at(res, r, y - 1, FS_M_PROB_DEPLETED_BY) : 0.0;
    double by = V(PROB_DEPLETED_BY), year = (double)(res->start_year + y);
    return (V(PROB_DEFICIT_BY) != 0.0 && V(PROB_DEFICIT_BY) != 1.0) || (by != 0.0 && by != 1.0) ||
           V(PROB_DEFICIT_BY) < pdef || by < pdep || V(PROB_DEFICIT_BY) < V(PROB_DEFICIT) ||
           by < V(PROB_DEPLETION) || (by == 1.0) != (V(DEPLETION_YEAR) <= year) ||
           V(SHORTFALL) < 0.0 || V(SHORTFALL_CUM) < 0.0;
}
/* Within group g, tier t of replication r, year y: benefits_basic and
 * cost_total add up, each ratio x its denominator is its numerator, and
 * the enrollees sum over the age bands. */
static int group_cell_identities(const fs_results *res, int r, int y, int g, int t, char *err,
                                 size_t errlen)
{
#define GQ(k) (*fs_results_gat(res, r, y, g, t, FS_GQ_##k))
    const double basic[] = {GQ(BENEFITS_OUTPATIENT), GQ(BENEFITS_CHRONIC), GQ(BENEFITS_INPATIENT),
                            GQ(BENEFITS_MATERNITY)};
    const double cost[] = {GQ(BENEFITS_BASIC), -GQ(BENEFITS_MATERNITY), GQ(BENEFITS_CRITICAL),
                           GQ(BENEFITS_ASSIST), GQ(OUT_OF_POCKET)};
    char what[320]; /* two names of up to 63 bytes and the longest identity */
    snprintf(what, sizeof what, "%s / %s: benefits_basic = the four spending lines",
             res->group_names[g], res->tier_names[t]);
    if (ident(res, r, y, what, GQ(BENEFITS_BASIC), basic, 4, err, errlen) != FS_OK)
        return FS_EINTERNAL;
    snprintf(what, sizeof what,
             "%s / %s: cost_total = benefits_basic - benefits_maternity + benefits_critical + "
             "benefits_assist + out_of_pocket",
             res->group_names[g], res->tier_names[t]);
    if (ident(res, r, y, what, GQ(COST_TOTAL), cost, 5, err, errlen) != FS_OK)
        return FS_EINTERNAL;
#undef GQ
    for (int k = 0; k < FS_GQ_COUNT; k++) {
        fs_group_quantity num[4], den;
        double sign[4], terms[4];
        int nt;
        if (!fs_group_quantity_ratio((fs_group_quantity)k, num, sign, &nt, &den))
            continue;
        for (int j = 0; j < nt; j++)
            terms[j] = sign[j] * *fs_results_gat(res, r, y, g, t, num[j]);
        snprintf(what, sizeof what, "%s / %s: %s x %s = its numerator", res->group_names[g],
                 res->tier_names[t], fs_group_quantity_name((fs_group_quantity)k),
                 fs_group_quantity_name(den));
        if (ident(res, r, y, what,
                  *fs_results_gat(res, r, y, g, t, (fs_group_quantity)k) *
                      *fs_results_gat(res, r, y, g, t, den),
                  terms, nt, err, errlen) != FS_OK)
            return FS_EINTERNAL;
    }
    if (res->nage_bands > 0) {
        double bands[FS_RESULTS_MAX_AGE_BANDS];
        for (int b = 0; b < res->nage_bands; b++)
            bands[b] = *fs_results_gat_age(res, r, y, g, t, b);
        if (ident(res, r, y, "a group and tier's enrollees = sum over its age bands",
                  *fs_results_gat(res, r, y, g, t, FS_GQ_ENROLLEES), bands, res->nage_bands, err,
                  errlen) != FS_OK)
            return FS_EINTERNAL;
    }
    return FS_OK;
}

/* The group table of replication r, year y: finite; summing over groups
 * and tiers to the metrics (enrollees, income, every spending line, the
 * critical-illness and assistance benefits, out-of-pocket); within each
 * group and tier, benefits_basic and cost_total add up and each ratio x
 * its denominator is its numerator; each group and tier's enrollees sum
 * over its age bands.  Tolerance: ident's, 1e-9 x the largest term. */
/* The inputs a metric that overflows most likely comes from. */
static const char *likely_input(const char *metric)
{
    static const struct {
        const char *prefix, *input;
    } k[] = {
        {"enrollees", "population (total, table, roster) or its growth"},
        {"admission", "benefits.inpatient.admission_rate or costs.utilization"},
        {"income", "contributions, fiscal_subsidy, other_income or their growth"},
        {"balance", "fund.initial_balance, financing.interest or the flows' growth"},
        {"months", "fund.initial_balance, financing.interest or the flows' growth"},
    };
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
        if (strncmp(metric, k[i].prefix, strlen(k[i].prefix)) == 0)
            return k[i].input;
    return "a cost's mean or cv, costs.inflation, or the population";
}

/* A value this large has a square that overflows: its sd and se could not
 * be computed (they would be empty).  Far beyond the plausible ranges. */
#define FSI_VALUE_MAX 1e150

/* Every value of the group table of replication r, year y is finite and
 * within FSI_VALUE_MAX (FS_ENUMERIC otherwise: an input too large). */
static int group_values_defined(const fs_results *res, int r, int y, char *err, size_t errlen)
{
    if (res->ngroups_out <= 0 || res->ntiers_out <= 0)
        return FS_OK; /* group_identities reports the shape */
    for (size_t k = 0; k < fs_results_gq(res); k++)
        for (int g = 0; g < res->ngroups_out; g++)
            for (int t = 0; t < res->ntiers_out; t++)
                if (!(fabs(*fs_results_gatk(res, r, y, g, t, k)) <= FSI_VALUE_MAX)) {
                    char name[64];
                    fs_results_gq_name(res, k, name, sizeof name);
                    if (err && errlen)
                        snprintf(err, errlen,
                                 "replication %d, year %d: group table %s is not finite or beyond "
                                 "1e150; the scenario's values are too large for the arithmetic: "
                                 "look at %s",
                                 res->first_rep + r, res->start_year + y, name, likely_input(name));
                    return FS_ENUMERIC;
                }
    return FS_OK;
}

static int group_identities(const fs_results *res, int r, int y, char *err, size_t errlen)
{
    static const struct {
        fs_group_quantity q;
        fs_metric m;
        const char *what;
    } sums[] = {
        {FS_GQ_ENROLLEES, FS_M_ENROLLEES, "enrollees = sum over groups and tiers"},
        {FS_GQ_INCOME_INDIVIDUAL, FS_M_INCOME_INDIVIDUAL,
         "income_individual = sum over groups and tiers"},
        {FS_GQ_INCOME_INDIVIDUAL_SUBSIDY, FS_M_INCOME_INDIVIDUAL_SUBSIDY,
         "income_individual_subsidy = sum over groups and tiers"},
        {FS_GQ_BENEFITS_OUTPATIENT, FS_M_SPEND_OUTPATIENT,
         "spend_outpatient = sum over groups and tiers of benefits_outpatient"},
        {FS_GQ_BENEFITS_CHRONIC, FS_M_SPEND_CHRONIC,
         "spend_chronic = sum over groups and tiers of benefits_chronic"},
        {FS_GQ_BENEFITS_INPATIENT, FS_M_SPEND_INPATIENT,
         "spend_inpatient = sum over groups and tiers of benefits_inpatient"},
        {FS_GQ_BENEFITS_MATERNITY, FS_M_SPEND_MATERNITY,
         "spend_maternity = sum over groups and tiers of benefits_maternity"},
        {FS_GQ_BENEFITS_CRITICAL, FS_M_CI_BENEFITS,
         "ci_benefits = sum over groups and tiers of benefits_critical"},
        {FS_GQ_BENEFITS_ASSIST, FS_M_ASSIST_BENEFITS,
         "assist_benefits = sum over groups and tiers of benefits_assist"},
        {FS_GQ_OUT_OF_POCKET, FS_M_OOP_MEAN,
         "oop_mean x enrollees = sum over groups and tiers of out_of_pocket"},
    };
    double terms[FS_RESULTS_MAX_GROUPS * FS_RESULTS_MAX_TIERS];
    int nterm = res->ngroups_out * res->ntiers_out;
    if (res->ngroups_out <= 0 || res->ntiers_out <= 0 ||
        res->ngroups_out > FS_RESULTS_MAX_GROUPS || res->ntiers_out > FS_RESULTS_MAX_TIERS ||
        res->nage_bands < 0 || res->nage_bands > FS_RESULTS_MAX_AGE_BANDS) {
        if (err && errlen)
            snprintf(err, errlen, "group table of %d groups x %d tiers x %d age bands",
                     res->ngroups_out, res->ntiers_out, res->nage_bands);
        return FS_EINTERNAL;
    }
    for (size_t k = 0; k < sizeof sums / sizeof sums[0]; k++) {
        int i = 0;
        double lhs = *fs_results_at(res, r, y, sums[k].m);
        if (sums[k].m == FS_M_OOP_MEAN)
            lhs *= *fs_results_at(res, r, y, FS_M_ENROLLEES);
        for (int g = 0; g < res->ngroups_out; g++)
            for (int t = 0; t < res->ntiers_out; t++)
                terms[i++] = *fs_results_gat(res, r, y, g, t, sums[k].q);
        if (ident(res, r, y, sums[k].what, lhs, terms, nterm, err, errlen) != FS_OK)
            return FS_EINTERNAL;
    }
    for (int g = 0; g < res->ngroups_out; g++)
        for (int t = 0; t < res->ntiers_out; t++)
            if (group_cell_identities(res, r, y, g, t, err, errlen) != FS_OK)
                return FS_EINTERNAL;
    return FS_OK;
}

#define CHECK(what, lhs, ...)                                                                \
    do {                                                                                     \
        const double t_[] = {__VA_ARGS__};                                                   \
        if (ident(res, r, y, what, lhs, t_, (int)(sizeof t_ / sizeof t_[0]), err, errlen) != \
            FS_OK)                                                                           \
            return FS_EINTERNAL;                                                             \
    } while (0)

/* The separate outpatient account (docs/model.md §6, §9): its balance
 * recursion, its part of outpatient spending, and the fund's balance as
 * the account's plus the rest's; the account never owes. */
static int outpatient_account_identities(const fs_results *res, int r, int y, char *err,
                                         size_t errlen)
{
    double prev = y > 0 ? *fs_results_at(res, r, y - 1, FS_M_OUTPATIENT_ACCOUNT_BALANCE)
                        : res->outpatient_account_initial_balance;
    CHECK("outpatient_account_balance = previous (account.initial_balance in the first year) + "
          "outpatient_account_income - outpatient_account_spend",
          V(OUTPATIENT_ACCOUNT_BALANCE), prev, V(OUTPATIENT_ACCOUNT_INCOME),
          -V(OUTPATIENT_ACCOUNT_SPEND));
    CHECK("spend_outpatient = outpatient_account_spend + outpatient_main_spend",
          V(SPEND_OUTPATIENT), V(OUTPATIENT_ACCOUNT_SPEND), V(OUTPATIENT_MAIN_SPEND));
    if (!res->pooling_ledger) /* a county ledger has no balance to split */
        CHECK("balance = main_fund_balance + outpatient_account_balance", V(BALANCE),
              V(MAIN_FUND_BALANCE), V(OUTPATIENT_ACCOUNT_BALANCE));
    if (V(OUTPATIENT_ACCOUNT_BALANCE) < 0.0 || V(OUTPATIENT_ACCOUNT_SPEND) < 0.0 ||
        V(OUTPATIENT_MAIN_SPEND) < 0.0) {
        if (err && errlen)
            snprintf(err, errlen,
                     "replication %d, year %d: the outpatient account owes or pays a negative "
                     "amount",
                     res->first_rep + r, res->start_year + y);
        return FS_EINTERNAL;
    }
    return FS_OK;
}

/* Every value finite, but for a county ledger (fund.pooling: ledger) the
 * metrics that do not apply to it, which are NaN. */
static int values_defined(const fs_results *res, int r, int y, char *err, size_t errlen)
{
    for (int m = 0; m < FS_M_COUNT; m++) {
        double x = *fs_results_at(res, r, y, (fs_metric)m);
        int na = res->pooling_ledger && fs_metric_ledger_na((fs_metric)m);
        if (na && !isnan(x)) {
            if (err && errlen)
                snprintf(err, errlen, "replication %d, year %d: %s is set for a county ledger "
                         "(not applicable)", res->first_rep + r, res->start_year + y,
                         fs_metric_name((fs_metric)m));
            return FS_EINTERNAL;
        }
        if (!na && !(fabs(x) <= FSI_VALUE_MAX)) { /* an input problem, not a bug */
            const char *name = fs_metric_name((fs_metric)m);
            if (err && errlen)
                snprintf(err, errlen, "replication %d, year %d: %s is %s; the scenario's values "
                         "are too large for the arithmetic: look at %s",
                         res->first_rep + r, res->start_year + y, name,
                         isfinite(x) ? "beyond 1e150" : "not finite", likely_input(name));
            return FS_ENUMERIC;
        }
    }
    return FS_OK;
}

/* The net transfer to a municipal pool: income - spending and its sum to
 * date for a county ledger, 0 for a fund of its own. */
static int pool_identities(const fs_results *res, int r, int y, char *err, size_t errlen)
{
    if (res->pooling_ledger) {
        double prev = y > 0 ? *fs_results_at(res, r, y - 1, FS_M_POOL_NET_TRANSFER_CUM) : 0.0;
        CHECK("pool_net_transfer = income_total - spend_total", V(POOL_NET_TRANSFER),
              V(INCOME_TOTAL), -V(SPEND_TOTAL));
        CHECK("pool_net_transfer_cum = previous pool_net_transfer_cum + pool_net_transfer",
              V(POOL_NET_TRANSFER_CUM), prev, V(POOL_NET_TRANSFER));
        CHECK("a county ledger earns no interest (the pool does)", V(INCOME_INTEREST), 0.0);
    } else if (V(POOL_NET_TRANSFER) != 0.0 || V(POOL_NET_TRANSFER_CUM) != 0.0) {
        if (err && errlen)
            snprintf(err, errlen, "replication %d, year %d: a fund of its own has a net transfer "
                     "to a pool", res->first_rep + r, res->start_year + y);
        return FS_EINTERNAL;
    }
    return FS_OK;
}

/* What rests on the balance (not for a county ledger): its recursion,
 * months covered, the shortfall, the flags. */
static int balance_identities(const fs_results *res, int r, int y, char *err, size_t errlen)
{
    double prev = y > 0 ? *fs_results_at(res, r, y - 1, FS_M_BALANCE) : res->initial_balance;
    CHECK("balance = previous balance (initial balance in the first year) + surplus", V(BALANCE),
          prev, V(SURPLUS));
    if (V(SPEND_TOTAL) > 0.0)
        CHECK("months_covered x spend_total / 12 = balance",
              V(MONTHS_COVERED) * V(SPEND_TOTAL) / 12.0, V(BALANCE));
    CHECK("shortfall = sum over the budgets of fund.deficit_shares", V(SHORTFALL),
          V(SHORTFALL_CENTRAL), V(SHORTFALL_PROVINCIAL), V(SHORTFALL_CITY), V(SHORTFALL_COUNTY),
          V(SHORTFALL_OTHER));
    CHECK("shortfall_cum = sum over the budgets of fund.deficit_shares", V(SHORTFALL_CUM),
          V(SHORTFALL_CUM_CENTRAL), V(SHORTFALL_CUM_PROVINCIAL), V(SHORTFALL_CUM_CITY),
          V(SHORTFALL_CUM_COUNTY), V(SHORTFALL_CUM_OTHER));
    prev = y > 0 ? *fs_results_at(res, r, y - 1, FS_M_SHORTFALL_CUM) : 0.0;
    CHECK("shortfall_cum = previous shortfall_cum + shortfall", V(SHORTFALL_CUM), prev,
          V(SHORTFALL));
    if (risks_inconsistent(res, r, y)) {
        if (err && errlen)
            snprintf(err, errlen,
                     "replication %d, year %d: the risks by the year (prob_deficit_by, "
                     "prob_depleted_by, depletion_year, shortfall) are inconsistent",
                     res->first_rep + r, res->start_year + y);
        return FS_EINTERNAL;
    }
    if (V(PROB_DEFICIT) != (V(SURPLUS) < 0.0) || V(PROB_DEPLETION) != (V(BALANCE) < 0.0)) {
        if (err && errlen)
            snprintf(err, errlen, "replication %d, year %d: deficit/depletion flags inconsistent",
                     res->first_rep + r, res->start_year + y);
        return FS_EINTERNAL;
    }
    return FS_OK;
}

/* The flows of replication r, year y. */
static int flow_identities(const fs_results *res, int r, int y, char *err, size_t errlen)
{
    CHECK("income_total = individual + fiscal + interest + other + topup", V(INCOME_TOTAL),
          V(INCOME_INDIVIDUAL), V(INCOME_FISCAL), V(INCOME_INTEREST), V(INCOME_OTHER),
          V(INCOME_TOPUP));
    CHECK("income_individual = resident + subsidy", V(INCOME_INDIVIDUAL),
          V(INCOME_INDIVIDUAL_RESIDENT), V(INCOME_INDIVIDUAL_SUBSIDY));
    CHECK("income_individual_subsidy = assist_contrib_subsidy + other_contrib_subsidy",
          V(INCOME_INDIVIDUAL_SUBSIDY), V(ASSIST_CONTRIB_SUBSIDY), V(OTHER_CONTRIB_SUBSIDY));
    CHECK("income_fiscal = central + provincial + city + county", V(INCOME_FISCAL),
          V(INCOME_FISCAL_CENTRAL), V(INCOME_FISCAL_PROVINCIAL), V(INCOME_FISCAL_CITY),
          V(INCOME_FISCAL_COUNTY));
    CHECK("spend_total = outpatient + chronic + inpatient + maternity + critical_premium",
          V(SPEND_TOTAL), V(SPEND_OUTPATIENT), V(SPEND_CHRONIC), V(SPEND_INPATIENT),
          V(SPEND_MATERNITY), V(SPEND_CRITICAL_PREMIUM));
    CHECK("surplus = income_total - spend_total", V(SURPLUS), V(INCOME_TOTAL), -V(SPEND_TOTAL));
    CHECK("assist_total = assist_contrib_subsidy + assist_benefits", V(ASSIST_TOTAL),
          V(ASSIST_CONTRIB_SUBSIDY), V(ASSIST_BENEFITS));
    if (V(INCOME_TOTAL) != 0.0)
        CHECK("surplus_rate x income_total = surplus", V(SURPLUS_RATE) * V(INCOME_TOTAL),
              V(SURPLUS));
    if (V(ENROLLEES) > 0.0) {
        CHECK("per_capita_income x enrollees = income_total", V(PER_CAPITA_INCOME) * V(ENROLLEES),
              V(INCOME_TOTAL));
        CHECK("per_capita_spend x enrollees = spend_total", V(PER_CAPITA_SPEND) * V(ENROLLEES),
              V(SPEND_TOTAL));
        CHECK("admission_rate x enrollees = admissions", V(ADMISSION_RATE) * V(ENROLLEES),
              V(ADMISSIONS));
    }
    if (V(ADMISSIONS) > 0.0)
        CHECK("cost_per_admission x admissions = inpatient_cost",
              V(COST_PER_ADMISSION) * V(ADMISSIONS), V(INPATIENT_COST));
    if (V(INCOME_TOPUP) < 0.0) {
        if (err && errlen)
            snprintf(err, errlen, "replication %d, year %d: negative top-up",
                     res->first_rep + r, res->start_year + y);
        return FS_EINTERNAL;
    }
    return FS_OK;
}

int fs_results_check_identities(const fs_results *res, char *err, size_t errlen)
{
    if (!res || !res->values)
        return FS_EUSAGE;
    for (int r = 0; r < res->rep_count; r++)
        for (int y = 0; y < res->years; y++) {
            int rc = values_defined(res, r, y, err, errlen);
            if (rc != FS_OK)
                return rc; /* FS_ENUMERIC: an input too large, named */
            if (res->gvalues && (rc = group_values_defined(res, r, y, err, errlen)) != FS_OK)
                return rc;
            if (flow_identities(res, r, y, err, errlen) != FS_OK ||
                pool_identities(res, r, y, err, errlen) != FS_OK ||
                outpatient_account_identities(res, r, y, err, errlen) != FS_OK ||
                (!res->pooling_ledger && balance_identities(res, r, y, err, errlen) != FS_OK) ||
                (res->gvalues && group_identities(res, r, y, err, errlen) != FS_OK))
                return FS_EINTERNAL;
        }
    return FS_OK;
}

int fs_stream_table_version(void)
{
    return FS_STREAM_TABLE_VERSION;
}

const char *fs_generator_name(void)
{
    return FS_RNG_NAME;
}
