/* sim/target.c -- targets of `fundsim solve`: "METRIC[_STAT]@Y[..Y2] OP V",
 * e.g. prob_small_surplus@2023..2027 >= 0.8, shortfall_cum_p95@2027 <= 0,
 * months_covered@2030 >= 6.  STAT is mean (default), sd, p05, p25, p50, p75
 * or p95; over a range of years the target must hold in every year, so its
 * margin is the worst year's. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fundsim.h"

static const char *const stat_names[] = {"mean", "sd", "p05", "p25", "p50", "p75", "p95"};

static double stat_value(const fs_stat *st, int stat)
{
    switch (stat) {
    case 1: return st->sd;
    case 2: return st->p05;
    case 3: return st->p25;
    case 4: return st->p50;
    case 5: return st->p75;
    case 6: return st->p95;
    default: return st->mean;
    }
}

/* The metric (and statistic) named by the n bytes at s; 0 if none. */
static int find_metric(const char *s, size_t n, fs_target *t)
{
    for (int m = 0; m < (int)FS_M_COUNT; m++) {
        const char *id = fs_metric_name((fs_metric)m);
        size_t len = strlen(id);
        if (n == len && strncmp(s, id, n) == 0) {
            t->metric = (fs_metric)m;
            t->stat = 0;
            return 1;
        }
        for (int k = 0; k < 7; k++) {
            size_t sl = strlen(stat_names[k]);
            if (n == len + 1 + sl && strncmp(s, id, len) == 0 && s[len] == '_' &&
                strncmp(s + len + 1, stat_names[k], sl) == 0) {
                t->metric = (fs_metric)m;
                t->stat = k;
                return 1;
            }
        }
    }
    return 0;
}

int fs_target_parse(const char *text, fs_target *t, char *err, size_t errlen)
{
    const char *at = strchr(text, '@');
    memset(t, 0, sizeof *t);
    if (!at || !find_metric(text, (size_t)(at - text), t)) {
        snprintf(err, errlen,
                 "target '%s': expected METRIC[_STAT]@YEAR[..YEAR] OP VALUE with METRIC a "
                 "metric id (docs/metrics.md) and STAT mean, sd, p05, p25, p50, p75 or p95",
                 text);
        return FS_EUSAGE;
    }
    char *end;
    long y0 = strtol(at + 1, &end, 10), y1 = y0;
    if (end == at + 1) {
        snprintf(err, errlen, "target '%s': expected a year after @", text);
        return FS_EUSAGE;
    }
    if (strncmp(end, "..", 2) == 0) {
        const char *p = end + 2;
        y1 = strtol(p, &end, 10);
        if (end == p) {
            snprintf(err, errlen, "target '%s': expected a year after ..", text);
            return FS_EUSAGE;
        }
    }
    while (*end == ' ')
        end++;
    if (strncmp(end, ">=", 2) == 0)
        t->op = FS_TARGET_GE;
    else if (strncmp(end, "<=", 2) == 0)
        t->op = FS_TARGET_LE;
    else {
        snprintf(err, errlen, "target '%s': expected >= or <= after the years", text);
        return FS_EUSAGE;
    }
    const char *v = end + 2;
    t->value = strtod(v, &end);
    int none = end == v;
    while (*end == ' ')
        end++;
    if (none || *end != '\0' || !isfinite(t->value)) {
        snprintf(err, errlen, "target '%s': expected a number after the operator", text);
        return FS_EUSAGE;
    }
    if (y0 < FS_YEAR_MIN || y1 < y0 || y1 > FS_YEAR_MAX + FS_MAX_YEARS) {
        snprintf(err, errlen, "target '%s': years %ld..%ld out of order or range", text, y0, y1);
        return FS_EUSAGE;
    }
    t->year_from = (int)y0;
    t->year_to = (int)y1;
    return FS_OK;
}

int fs_target_eval(const fs_target *t, const fs_results *res, const fs_stat *stats,
                   fs_target_value *out, char *err, size_t errlen)
{
    int first = t->year_from - res->start_year, last = t->year_to - res->start_year;
    if (first < 0 || last >= res->years) {
        snprintf(err, errlen, "the target's years %d..%d are not all simulated (%d..%d)",
                 t->year_from, t->year_to, res->start_year, res->start_year + res->years - 1);
        return FS_EUSAGE;
    }
    if (res->pooling_ledger && fs_metric_ledger_na(t->metric)) {
        snprintf(err, errlen,
                 "the target's metric %s is empty for a county ledger of a municipal pool "
                 "(fund.pooling: ledger): it has no balance of its own; target surplus_rate, "
                 "surplus or pool_net_transfer_cum instead",
                 fs_metric_name(t->metric));
        return FS_EUSAGE;
    }
    out->margin = HUGE_VAL;
    for (int y = first; y <= last; y++) {
        const fs_stat *st = &stats[(size_t)y * FS_M_COUNT + (size_t)t->metric];
        double v = stat_value(st, t->stat);
        double m = t->op == FS_TARGET_GE ? v - t->value : t->value - v;
        if (isnan(out->margin))
            break; /* an undefined year already: the worst there is */
        if (y == first || isnan(m) || m < out->margin) { /* the worst year; NaN: worst */
            out->margin = m;
            out->value = v;
            out->se = t->stat == 0 ? st->se : NAN;
            out->year = res->start_year + y;
        }
    }
    out->met = out->margin >= 0.0;
    return FS_OK;
}

const char *fs_target_stat_name(int stat)
{
    return stat >= 0 && stat < 7 ? stat_names[stat] : "";
}
