/* output/metrics_md.c -- docs/metrics.md: the dictionary of every metric
 * fundsim writes, rendered from the library's metric table (fundsim.h,
 * FS_METRICS) so that it cannot drift from what the files hold.
 * tests/unit/test_metrics.c checks that docs/metrics.md is this text. */
#include "fs_output.h"

/* A Markdown table cell: '|' escaped. */
static void cell(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            putc('\\', f);
        putc(*s, f);
    }
}

int fs_out_metrics_md(FILE *f)
{
    if (!f)
        return FS_EUSAGE;
    fputs("# Metrics\n"
          "\n"
          "Every metric fundsim records per replication and policy year, in the order of\n"
          "the rows of `summary.csv` (and `replications.csv`, `diff.csv`).  The `metric`\n"
          "column of those files holds the id; the workbooks show the Chinese label\n"
          "beside it.  Units: money in yuan (元); `share` and `probability` are in\n"
          "[0, 1] (a probability's `mean` is the share of replications where the event\n"
          "happens); `months` are months of spending.  Kinds: a `flow` is an amount over\n"
          "the policy year (flows add up over years), a `stock` a level at the end of the\n"
          "year or a count within it, a `rate` a ratio, per-enrollee amount or\n"
          "probability.  `summary.csv` gives each metric's mean, Monte Carlo standard\n"
          "error of the mean (se), sd and percentiles across replications; docs/model.md\n"
          "states the equations.\n"
          "\n"
          "This page is generated from the metric table in `include/fundsim.h`\n"
          "(`FS_METRICS`); `tests/unit/test_metrics.c` fails when they differ, and\n"
          "`FUNDSIM_REGEN_DOCS=1 build/release/test_metrics` (from the repository root)\n"
          "rewrites it.\n"
          "\n"
          "| id | 中文 | English | unit | kind | definition |\n"
          "|---|---|---|---|---|---|\n",
          f);
    for (int m = 0; m < (int)FS_M_COUNT; m++) {
        const fs_metric_info *mi = fs_metric_info_of((fs_metric)m);
        fprintf(f, "| `%s` | ", mi->id);
        cell(f, mi->label_zh);
        fputs(" | ", f);
        cell(f, mi->label_en);
        fprintf(f, " | %s | %s | ", fs_unit_name(mi->unit), fs_metric_kind_name(mi->kind));
        cell(f, mi->definition);
        fputs(" |\n", f);
    }
    fputs("\n## A county ledger of a municipal pool\n"
          "\n"
          "A scenario with `fund.pooling: ledger` is a county inside a municipal pool: it\n"
          "holds no reserve of its own, so these metrics do not apply to it and are empty\n"
          "fields in its outputs (docs/model.md §9); `pool_net_transfer` and\n"
          "`pool_net_transfer_cum` report what it adds to or draws on the pool:\n"
          "\n",
          f);
    for (int m = 0, k = 0; m < (int)FS_M_COUNT; m++)
        if (fs_metric_ledger_na((fs_metric)m))
            fprintf(f, "%s`%s`", k++ ? ", " : "", fs_metric_name((fs_metric)m));
    fputs(".\n", f);
    fputs("\n## Group table (groups.csv)\n"
          "\n"
          "Per policy year, group (the scenario's groups, then the ordinary residents) and\n"
          "tier, with the same statistics as `summary.csv`; summed over groups and tiers\n"
          "each equals the metric of the same id.\n"
          "\n"
          "| quantity | unit |\n"
          "|---|---|\n",
          f);
    for (int k = 0; k < (int)FS_GQ_COUNT; k++)
        fprintf(f, "| `%s` | %s |\n", fs_group_quantity_name((fs_group_quantity)k),
                fs_unit_name(fs_group_quantity_unit((fs_group_quantity)k)));
    fputs("| `enrollees_age_A-B` | persons |\n"
          "\n"
          "The `enrollees_age_*` rows come only from a run whose scenario has a\n"
          "`population.roster`: after the quantities above, the enrollees of each age\n"
          "band (`enrollees_age_60-64`, `enrollees_age_65` for one age,\n"
          "`enrollees_age_85+` for a last band up to 100 and over).  The bands are the\n"
          "coarsest partition of ages 0..100 of which every age or band written in the\n"
          "roster is a union; summed over them they equal the group and tier's\n"
          "`enrollees` (checked).\n",
          f);
    return ferror(f) ? FS_EIO : FS_OK;
}
