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

/* The mean of metric m in year index y of a summary. */
static double mean_of(const fs_stat *st, int y, int m)
{
    return st[(size_t)y * FS_M_COUNT + m].mean;
}

/* "5.6%" or "—" (undefined). */
static void pct(double x, char *buf, size_t n)
{
    if (isfinite(x))
        snprintf(buf, n, "%.1f%%", 100.0 * x);
    else
        snprintf(buf, n, "—");
}

/* One alternative's lines: the surplus rate of base and alt in year index
 * y with the paired difference (its se), for the first and last year; and
 * P(depleted by) the horizon (not for a ledger). */
static void compare_lines(FILE *f, const fs_stat *sb, const fs_stat *sa, const fs_stat *sd,
                          const fs_results *rb, int ledger, int en)
{
    const int Y = rb->years, ys[2] = {0, Y - 1};
    char b[32], a[32];

    for (int i = 0; i < (Y > 1 ? 2 : 1); i++) {
        int y = ys[i];
        const fs_stat *d = &sd[(size_t)y * FS_M_COUNT + FS_M_SURPLUS_RATE];
        pct(mean_of(sb, y, FS_M_SURPLUS_RATE), b, sizeof b);
        pct(mean_of(sa, y, FS_M_SURPLUS_RATE), a, sizeof a);
        if (en)
            fprintf(f, "    surplus rate (mean) %d: base %s, alternative %s", rb->start_year + y,
                    b, a);
        else
            fprintf(f, "    %d 年当期结余率（均值）：基准 %s，方案 %s", rb->start_year + y, b, a);
        if (isfinite(d->mean) && isfinite(d->se))
            fprintf(f, en ? ", difference %+.2f points (se %.2f)\n" : "，差 %+.2f 个百分点（标准误 %.2f）\n",
                    100.0 * d->mean, 100.0 * d->se);
        else if (isfinite(d->mean)) /* one replication: no se */
            fprintf(f, en ? ", difference %+.2f points\n" : "，差 %+.2f 个百分点\n",
                    100.0 * d->mean);
        else
            fputs("\n", f);
    }
    if (!ledger) {
        pct(mean_of(sb, Y - 1, FS_M_PROB_DEPLETED_BY), b, sizeof b);
        pct(mean_of(sa, Y - 1, FS_M_PROB_DEPLETED_BY), a, sizeof a);
        fprintf(f, en ? "    P(depleted by %d): base %s, alternative %s\n"
                      : "    截至 %d 年累计结余耗尽概率：基准 %s，方案 %s\n",
                rb->start_year + Y - 1, b, a);
    }
}

int cli_headline_compare(FILE *f, const fs_scenario *const *sc, const fs_results *const *res,
                         int n, const char *dir, const char *files, double secs, int en)
{
    const fs_results *rb = res[0];
    const size_t cells = (size_t)rb->years * FS_M_COUNT;
    fs_stat *sb = malloc(cells * sizeof *sb), *sa = malloc(cells * sizeof *sa);
    fs_stat *sd = malloc(cells * sizeof *sd);
    int rc = sb && sa && sd ? fs_results_summarize(rb, sb) : FS_ENOMEM;

    if (rc == FS_OK && en)
        fprintf(f, "fundsim compare: base %s: %d replications x %d years on common random numbers "
                   "(seed %llu) in %.1f s\n",
                fs_scenario_name(sc[0]), rb->replications, rb->years,
                (unsigned long long)rb->seed, secs);
    else if (rc == FS_OK)
        fprintf(f, "fundsim compare：基准 %s，共同随机数 %d 次模拟 × %d 年（种子 %llu），用时 %.1f 秒\n",
                fs_scenario_name(sc[0]), rb->replications, rb->years,
                (unsigned long long)rb->seed, secs);
    for (int k = 1; rc == FS_OK && k < n; k++) {
        fs_results *d = NULL;
        rc = fs_results_summarize(res[k], sa);
        if (rc == FS_OK)
            rc = fs_results_diff(rb, res[k], &d, NULL, 0);
        if (rc == FS_OK)
            rc = fs_results_summarize(d, sd);
        fs_results_free(d);
        if (rc != FS_OK)
            break;
        fprintf(f, en ? "  alternative %s:\n" : "  方案 %s：\n", fs_scenario_name(sc[k]));
        compare_lines(f, sb, sa, sd, rb, rb->pooling_ledger || res[k]->pooling_ledger, en);
    }
    if (rc == FS_OK)
        fprintf(f, en ? "  files: %s/ (%s, and a directory per run)\n"
                      : "  结果文件：%s/（%s，以及每个方案一个子目录）\n",
                dir, files);
    free(sb);
    free(sa);
    free(sd);
    return rc;
}

int cli_headline_sweep(FILE *f, const fs_scenario *sc, const fs_sweep_info *sw, const char *dir,
                       const char *files, double secs, int en)
{
    const fs_results *r = sw->res;
    const int y0 = r->start_year, Y = r->years;
    double lo = param(sc, "fund.target_band.min_surplus_rate", y0);
    double hi = param(sc, "fund.target_band.max_surplus_rate", y0);
    double rmin = INFINITY, rmax = -INFINITY;
    size_t imin = 0, imax = 0, inband = 0;
    char col[2][320], a[32], b[32];

    for (size_t i = 0; i < sw->npoints; i++) {
        double x = mean_of(sw->points[i].stats, 0, FS_M_SURPLUS_RATE);
        if (!isfinite(x))
            continue;
        if (x < rmin)
            rmin = x, imin = i;
        if (x > rmax)
            rmax = x, imax = i;
        inband += isfinite(lo) && isfinite(hi) && x >= lo && x <= hi;
    }
    for (size_t k = 0; k < sw->nvary; k++)
        snprintf(col[k], sizeof col[k], "%s %s", sw->vary[k].path,
                 strcmp(sw->vary[k].op, "=") ? sw->vary[k].op : "=");
    if (en)
        fprintf(f, "fundsim sweep: %s: %zu points x %d replications x %d years on common random "
                   "numbers (seed %llu) in %.1f s\n",
                sw->scenario, sw->npoints, r->replications, Y, (unsigned long long)r->seed, secs);
    else
        fprintf(f, "fundsim sweep：%s：%zu 个取值点 × %d 次模拟 × %d 年，共同随机数（种子 %llu），用时 %.1f 秒\n",
                sw->scenario, sw->npoints, r->replications, Y, (unsigned long long)r->seed, secs);
    if (isfinite(rmin)) {
        pct(rmin, a, sizeof a);
        pct(rmax, b, sizeof b);
        fprintf(f, en ? "  surplus rate (mean) %d: from %s (%s %g) to %s (%s %g)\n"
                      : "  %d 年当期结余率（均值）：从 %s（%s %g）到 %s（%s %g）\n",
                y0, a, col[0], sw->points[imin].x[0], b, col[0], sw->points[imax].x[0]);
        if (sw->nvary == 2)
            fprintf(f, en ? "    (at %s %g and %g)\n" : "    （%s %g 和 %g）\n", col[1],
                    sw->points[imin].x[1], sw->points[imax].x[1]);
        if (isfinite(lo) && isfinite(hi) && en)
            fprintf(f, "  %zu of %zu points inside the small-surplus band 略有结余 %g%%..%g%% in %d\n",
                    inband, sw->npoints, 100.0 * lo, 100.0 * hi, y0);
        else if (isfinite(lo) && isfinite(hi))
            fprintf(f, "  %zu / %zu 个取值点在 %d 年处于略有结余区间 %g%%～%g%%\n", inband,
                    sw->npoints, y0, 100.0 * lo, 100.0 * hi);
    }
    fprintf(f, en ? "  files: %s/ (%s)\n" : "  结果文件：%s/（%s）\n", dir, files);
    return FS_OK;
}

void cli_headline_solve(FILE *f, const fs_solve_info *sv, const char *set, double tol,
                        const char *dir, const char *files, double secs, int en)
{
    const fs_solve_result *r = sv->result;
    const char *m = fs_metric_name(sv->tgt->metric), *s = fs_target_stat_name(sv->tgt->stat);
    const int runs = r->runs + sv->reruns;

    if (en)
        fprintf(f, "fundsim: %s: %s is the %s value in [%.10g, %.10g] (to %.4g) that meets %s: "
                   "%s_%s = %.6g", sv->scenario, set, sv->maximize ? "largest" : "smallest",
                sv->vary.from, sv->vary.to, tol, sv->target, m, s, sv->at.value);
    else
        fprintf(f, "fundsim solve：%s：满足 %s 的%s值为 %s（区间 [%.10g, %.10g]，精度 %.4g）；此时 %s_%s = %.6g",
                sv->scenario, sv->target, sv->maximize ? "最大" : "最小", set, sv->vary.from,
                sv->vary.to, tol, m, s, sv->at.value);
    if (isfinite(sv->at.se))
        fprintf(f, en ? " (se %.3g)" : "（标准误 %.3g）", sv->at.se);
    if (en)
        fprintf(f, " in %d; bracket [%.10g, %.10g]; %d runs in %.1f s; results in %s/ (%s)\n",
                sv->at.year, r->bracket_lo, r->bracket_hi, runs, secs, dir, files);
    else
        fprintf(f, "（%d 年）；最后的包围区间 [%.10g, %.10g]；共 %d 次运行，用时 %.1f 秒\n  结果文件：%s/（%s）\n",
                sv->at.year, r->bracket_lo, r->bracket_hi, runs, secs, dir, files);
    if (r->at_end)
        fputs(en ? "fundsim solve: note: the answer is the end of the range; widen --vary to "
                   "look beyond it\n"
                 : "  注意：答案是取值区间的端点；放宽 --vary 的范围可看区间之外\n",
              f);
    else if (r->band && en)
        fprintf(f, "fundsim solve: note: values %s the answer fail again (see evaluations in "
                   "solve.json): the target holds in a band; %s gives its other edge\n",
                sv->maximize ? "below" : "above", sv->maximize ? "solving without --max" : "--max");
    else if (r->band)
        fprintf(f, "  注意：%s答案的取值又不满足目标（见 solve.json 的 evaluations）：目标只在一个区间内成立，%s给出另一端\n",
                sv->maximize ? "小于" : "大于", sv->maximize ? "去掉 --max " : "加 --max ");
    else if (!r->monotone && en)
        fprintf(f, "fundsim solve: warning: the target is not monotone in %s over the runs made "
                   "(see evaluations in solve.json): a value %s the answer also met it\n",
                sv->vary.path, sv->maximize ? "above" : "below");
    else if (!r->monotone)
        fprintf(f, "  警告：目标对 %s 不单调（见 solve.json 的 evaluations）：%s答案的某个取值也满足目标\n",
                sv->vary.path, sv->maximize ? "大于" : "小于");
}
