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
          "error of the mean (se), sd and percentiles across replications (with one\n"
          "replication se and sd are undefined: empty); docs/model.md states the\n"
          "equations.\n"
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
          "tier, with the same statistics as `summary.csv`.  Every claim is counted in the\n"
          "group and tier of the person who makes it, weighted like the fund's totals in\n"
          "sample mode.  In every replication and year, summed over groups and tiers,\n"
          "`enrollees`, `income_individual`, `income_individual_subsidy`, the four\n"
          "`benefits_*` lines, `benefits_critical` and `benefits_assist` equal the metrics\n"
          "`enrollees`, `income_individual`, `income_individual_subsidy`,\n"
          "`spend_outpatient`, `spend_chronic`, `spend_inpatient`, `spend_maternity`,\n"
          "`ci_benefits` and `assist_benefits`, and `out_of_pocket` equals `oop_mean` x\n"
          "`enrollees`; within each group and tier `benefits_basic` and `cost_total` add\n"
          "up as defined below.  A run checks these identities (a violation is an error)\n"
          "with a relative tolerance: |lhs - sum| <= 1e-9 x the largest of |lhs| and the\n"
          "|terms|, since sums in double taken in another order differ in the last bits.\n"
          "\n"
          "The two ratios (`combined_ratio`, `inpatient_combined_ratio`) are held per\n"
          "replication as numerator / denominator (0 when the denominator is 0).  Their\n"
          "summary is a ratio of means: `mean` = (sum over replications of the\n"
          "numerator) / (sum of the denominator), the mean sums' ratio, and `se` the\n"
          "delta method's, sqrt(sum_r (num_r - mean x den_r)^2 / (n (n - 1))) /\n"
          "mean(den); `sd` and the percentiles are those of the per-replication ratios.\n"
          "Maternity is a lump sum without a cost, so it is out of both ratios.  The\n"
          "inpatient ratio gives each person's critical-illness and assistance benefit\n"
          "to the inpatient line pro rata to the inpatient part of that layer's base.\n"
          "\n"
          "| quantity | 中文 | English | unit | definition |\n"
          "|---|---|---|---|---|\n",
          f);
    for (int k = 0; k < (int)FS_GQ_COUNT; k++) {
        fs_group_quantity q = (fs_group_quantity)k;
        fprintf(f, "| `%s` | ", fs_group_quantity_name(q));
        cell(f, fs_group_quantity_label_zh(q));
        fputs(" | ", f);
        cell(f, fs_group_quantity_label_en(q));
        fprintf(f, " | %s | ", fs_unit_name(fs_group_quantity_unit(q)));
        cell(f, fs_group_quantity_definition(q));
        fputs(" |\n", f);
    }
    fputs("| `enrollees_age_A-B` | " FS_OUT_AGE_BAND_ZH " | " FS_OUT_AGE_BAND_EN
          " | persons | see below |\n"
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
