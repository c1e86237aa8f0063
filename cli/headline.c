/* cli/headline.c -- run's closing headline (headline.h). */
#include "headline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The value of dated parameter `path` in `year`; NAN when absent. */
static double param(const fs_scenario *sc, const char *path, int year)
{
    for (size_t i = 0; i < fs_scenario_param_count(sc); i++) {
        fs_param_view v;
        if (fs_scenario_param_get(sc, i, year, &v) == FS_OK && strcmp(v.path, path) == 0)
            return v.is_text ? NAN : v.value;
    }
    return NAN;
}

/* "3.5%" (or "-" for an undefined rate) and the verdict on the band. */
static void rate_text(const fs_scenario *sc, int year, double rate, int ledger, int en, char *buf,
                      size_t n)
{
    double lo = param(sc, "fund.target_band.min_surplus_rate", year);
    double hi = param(sc, "fund.target_band.max_surplus_rate", year);
    int k;

    if (!isfinite(rate)) {
        snprintf(buf, n, en ? "%d: undefined (no income)" : "%d 年 无（无收入）", year);
        return;
    }
    k = snprintf(buf, n, en ? "%d: %.1f%%" : "%d 年 %.1f%%", year, 100.0 * rate);
    if (ledger || !isfinite(lo) || !isfinite(hi) || k < 0 || (size_t)k >= n)
        return;
    const char *where = rate < lo   ? (en ? "below" : "低于")
                        : rate > hi ? (en ? "above" : "高于")
                                    : (en ? "inside" : "处于");
    snprintf(buf + k, n - (size_t)k,
             en ? " (%s the small-surplus band 略有结余 %g%%..%g%%)" : "（%s略有结余区间 %g%%～%g%%）",
             where, 100.0 * lo, 100.0 * hi);
}

int cli_headline(FILE *f, const fs_scenario *sc, const fs_results *res, const char *dir,
                 const char *files, double secs, int en)
{
    const int Y = res->years, y0 = res->start_year, y1 = res->start_year + res->years - 1;
    fs_stat *st = malloc((size_t)Y * FS_M_COUNT * sizeof *st);
    char r0[160], r1[160];

    if (!st || fs_results_summarize(res, st) != FS_OK) {
        free(st);
        return FS_ENOMEM;
    }
#define MEAN(y, m) (st[(size_t)(y) * FS_M_COUNT + (m)].mean)
    if (en)
        fprintf(f, "fundsim: %s: %d replications x %d years in %.1f s\n", fs_scenario_name(sc),
                res->replications, Y, secs);
    else
        fprintf(f, "fundsim: %s：%d 次模拟 × %d 年，用时 %.1f 秒\n", fs_scenario_name(sc),
                res->replications, Y, secs);
    rate_text(sc, y0, MEAN(0, FS_M_SURPLUS_RATE), res->pooling_ledger, en, r0, sizeof r0);
    rate_text(sc, y1, MEAN(Y - 1, FS_M_SURPLUS_RATE), res->pooling_ledger, en, r1, sizeof r1);
    if (Y > 1)
        fprintf(f, en ? "  surplus rate (mean) %s; %s\n" : "  当期结余率（均值）%s；%s\n", r0, r1);
    else
        fprintf(f, en ? "  surplus rate (mean) %s\n" : "  当期结余率（均值）%s\n", r0);
    if (res->pooling_ledger) {
        double t = MEAN(Y - 1, FS_M_POOL_NET_TRANSFER_CUM);
        if (en)
            fprintf(f,
                    "  county ledger of a municipal pool (fund.pooling: ledger): no balance of "
                    "its own; net transfer to the pool %d-%d (mean): %.2f million yuan\n",
                    y0, y1, t / 1e6);
        else
            fprintf(f,
                    "  市级统筹下的县级账户（fund.pooling: ledger）：无自身累计结余；"
                    "%d—%d 年累计向统筹基金净上解（均值）%.1f 万元\n",
                    y0, y1, t / 1e4);
    } else {
        double p = MEAN(Y - 1, FS_M_PROB_DEPLETED_BY);
        fprintf(f, en ? "  P(depleted by %d): %.1f%%\n" : "  截至 %d 年累计结余耗尽概率：%.1f%%\n",
                y1, 100.0 * p);
    }
    fprintf(f, en ? "  files: %s/ (%s)\n" : "  结果文件：%s/（%s）\n", dir, files);
#undef MEAN
    free(st);
    return FS_OK;
}
