/* output/csv.c -- summary.csv, replications.csv, groups.csv, metrics.csv.
 *
 * Both files contain only values that depend on the scenario, the seed and
 * the replication count (never the thread count, MPI ranks, time or
 * paths), so equal runs give equal bytes. */
#include <math.h>
#include <string.h>

#include "fs_output.h"

/* Writes ",<number>" (an empty field for a non-finite value). */
static void num_field(FILE *f, double x)
{
    char buf[FS_OUT_NUMBUF];

    fs_out_format_double(x, buf, sizeof buf);
    putc(',', f);
    fputs(buf, f);
}

/* Writes ",mean,se,sd,p05,p25,p50,p75,p95" and ends the row. */
static void stat_fields(FILE *f, const fs_stat *st)
{
    num_field(f, st->mean);
    num_field(f, st->se);
    num_field(f, st->sd);
    num_field(f, st->p05);
    num_field(f, st->p25);
    num_field(f, st->p50);
    num_field(f, st->p75);
    num_field(f, st->p95);
    putc('\n', f);
}

void fs_out_summary_row(FILE *f, const fs_results *res, const fs_stat *st, int y, int m)
{
    fs_out_csv_field(f, res->scenario);
    fprintf(f, ",%d,%s", res->start_year + y, fs_metric_name((fs_metric)m));
    stat_fields(f, st);
}

int fs_out_summary_csv(FILE *f, const fs_results *res, const fs_stat *stats)
{
    if (!f || !res || !stats || res->years < 0)
        return FS_EUSAGE;
    fputs(FS_OUT_SUMMARY_HEADER "\n", f);
    for (int y = 0; y < res->years && !ferror(f); y++)
        for (int m = 0; m < (int)FS_M_COUNT; m++)
            fs_out_summary_row(f, res, &stats[(size_t)y * FS_M_COUNT + (size_t)m], y, m);
    return ferror(f) ? FS_EIO : FS_OK;
}

int fs_out_replications_csv(FILE *f, const fs_results *res)
{
    char buf[FS_OUT_NUMBUF];

    if (!f || !res || res->years < 0 || res->rep_count < 0 || (res->rep_count > 0 && !res->values))
        return FS_EUSAGE;
    fputs(FS_OUT_REPLICATIONS_HEADER "\n", f);
    for (int r = 0; r < res->rep_count && !ferror(f); r++)
        for (int y = 0; y < res->years; y++)
            for (int m = 0; m < (int)FS_M_COUNT; m++) {
                fs_out_format_double(*fs_results_at(res, r, y, (fs_metric)m), buf, sizeof buf);
                fs_out_csv_field(f, res->scenario);
                fprintf(f, ",%d,%d,%s,%s\n", res->first_rep + r, res->start_year + y,
                        fs_metric_name((fs_metric)m), buf);
            }
    return ferror(f) ? FS_EIO : FS_OK;
}

int fs_out_groups_csv(FILE *f, const fs_results *res, const fs_stat *gstats)
{
    const fs_stat *st = gstats;

    if (!f || !res || !gstats || res->years < 0 || !res->gvalues || res->ngroups_out <= 0 ||
        res->ntiers_out <= 0 || res->ngroups_out > FS_RESULTS_MAX_GROUPS ||
        res->ntiers_out > FS_RESULTS_MAX_TIERS || res->nage_bands < 0 ||
        res->nage_bands > FS_RESULTS_MAX_AGE_BANDS)
        return FS_EUSAGE;
    fputs(FS_OUT_GROUPS_HEADER "\n", f);
    for (int y = 0; y < res->years && !ferror(f); y++)
        for (int g = 0; g < res->ngroups_out; g++)
            for (int t = 0; t < res->ntiers_out; t++)
                for (size_t k = 0; k < fs_results_gq(res); k++, st++) {
                    char name[64];
                    fs_out_csv_field(f, res->scenario);
                    fprintf(f, ",%d,", res->start_year + y);
                    fs_out_csv_field(f, res->group_ids[g]);
                    putc(',', f);
                    fs_out_csv_field(f, res->group_names[g]);
                    putc(',', f);
                    fs_out_csv_field(f, res->tier_ids[t]);
                    putc(',', f);
                    fs_out_csv_field(f, res->tier_names[t]);
                    putc(',', f);
                    fputs(fs_results_gq_name(res, k, name, sizeof name), f);
                    stat_fields(f, st);
                }
    return ferror(f) ? FS_EIO : FS_OK;
}

void fs_out_csv_bom(FILE *f)
{
    fputs("\xEF\xBB\xBF", f);
}

/* One row of metrics.csv from its fields (kind may be ""). */
static void dict_row(FILE *f, const char *table, const char *id, const char *zh, const char *en,
                     fs_unit u, const char *kind, const char *def)
{
    fprintf(f, "%s,", table);
    fs_out_csv_field(f, id);
    putc(',', f);
    fs_out_csv_field(f, zh);
    putc(',', f);
    fs_out_csv_field(f, en);
    fprintf(f, ",%s,", fs_unit_name(u));
    fs_out_csv_field(f, fs_unit_label_zh(u));
    fprintf(f, ",%s,", kind);
    fs_out_csv_field(f, def);
    putc('\n', f);
}

int fs_out_metrics_csv(FILE *f, const fs_results *res)
{
    char name[64], def[160];

    if (!f || (res && (res->nage_bands < 0 || res->nage_bands > FS_RESULTS_MAX_AGE_BANDS)))
        return FS_EUSAGE;
    fputs(FS_OUT_METRICS_HEADER "\n", f);
    for (int m = 0; m < (int)FS_M_COUNT; m++) {
        const fs_metric_info *mi = fs_metric_info_of((fs_metric)m);
        dict_row(f, "metrics", mi->id, mi->label_zh, mi->label_en, mi->unit,
                 fs_metric_kind_name(mi->kind), mi->definition);
    }
    for (int k = 0; k < (int)FS_GQ_COUNT; k++) {
        fs_group_quantity q = (fs_group_quantity)k;
        dict_row(f, "groups", fs_group_quantity_name(q), fs_group_quantity_label_zh(q),
                 fs_group_quantity_label_en(q), fs_group_quantity_unit(q), "",
                 fs_group_quantity_definition(q));
    }
    for (size_t k = FS_GQ_COUNT; res && k < fs_results_gq(res); k++) {
        fs_results_gq_name(res, k, name, sizeof name);
        snprintf(def, sizeof def, "enrollees of the group and tier in the age band of the id (%s)",
                 name + strlen("enrollees_age_"));
        dict_row(f, "groups", name, FS_OUT_AGE_BAND_ZH, FS_OUT_AGE_BAND_EN, FS_UNIT_PERSONS, "",
                 def);
    }
    return ferror(f) ? FS_EIO : FS_OK;
}

/* The rows of one alternative of diff.csv. */
static void diff_rows(FILE *f, const fs_diff_set *s)
{
    for (int y = 0; y < s->diff->years && !ferror(f); y++)
        for (int m = 0; m < (int)FS_M_COUNT; m++) {
            size_t i = (size_t)y * FS_M_COUNT + (size_t)m;
            double bm = s->base_stats[i].mean, am = s->alt_stats[i].mean;
            fs_out_csv_field(f, s->base);
            putc(',', f);
            fs_out_csv_field(f, s->alt);
            fprintf(f, ",%d,%s", s->diff->start_year + y, fs_metric_name((fs_metric)m));
            num_field(f, s->stats[i].mean);
            num_field(f, s->stats[i].se);
            num_field(f, s->stats[i].sd);
            num_field(f, s->stats[i].p05);
            num_field(f, s->stats[i].p25);
            num_field(f, s->stats[i].p50);
            num_field(f, s->stats[i].p75);
            num_field(f, s->stats[i].p95);
            num_field(f, bm);
            num_field(f, am);
            num_field(f, bm != 0.0 ? am / bm : NAN);
            num_field(f, bm != 0.0 ? 100.0 * (am - bm) / fabs(bm) : NAN);
            num_field(f, fs_results_share_positive(s->diff, y, (fs_metric)m));
            putc('\n', f);
        }
}

int fs_out_diff_csv(FILE *f, const fs_diff_set *sets, size_t nsets)
{
    if (!f || !sets)
        return FS_EUSAGE;
    for (size_t k = 0; k < nsets; k++)
        if (!sets[k].base || !sets[k].alt || !sets[k].diff || !sets[k].stats ||
            !sets[k].base_stats || !sets[k].alt_stats || sets[k].diff->years < 0)
            return FS_EUSAGE;
    fputs(FS_OUT_DIFF_HEADER "\n", f);
    for (size_t k = 0; k < nsets; k++)
        diff_rows(f, &sets[k]);
    return ferror(f) ? FS_EIO : FS_OK;
}

int fs_out_sweep_csv(FILE *f, const fs_sweep_info *sw)
{
    char col[300], num[FS_OUT_NUMBUF];
    if (!f || !sw || !sw->res || sw->nvary < 1 || sw->nvary > 2 || (sw->npoints && !sw->points))
        return FS_EUSAGE;
    for (size_t k = 0; k < sw->nvary; k++) {
        fs_out_vary_column(&sw->vary[k], col, sizeof col);
        fs_out_csv_field(f, col);
        fputc(',', f);
    }
    fputs(FS_OUT_SUMMARY_HEADER "\n", f);
    for (size_t i = 0; i < sw->npoints && !ferror(f); i++) {
        const fs_sweep_point *p = &sw->points[i];
        for (int y = 0; y < sw->res->years; y++)
            for (int m = 0; m < (int)FS_M_COUNT; m++) {
                for (size_t k = 0; k < sw->nvary; k++) {
                    fputs(fs_out_format_double(p->x[k], num, sizeof num) ? num : "", f);
                    fputc(',', f);
                }
                fs_out_csv_field(f, p->scenario ? p->scenario : sw->res->scenario);
                fprintf(f, ",%d,%s", sw->res->start_year + y, fs_metric_name((fs_metric)m));
                stat_fields(f, &p->stats[(size_t)y * FS_M_COUNT + (size_t)m]);
            }
    }
    return ferror(f) ? FS_EIO : FS_OK;
}
