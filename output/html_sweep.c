/* output/html_sweep.c -- report.html of `fundsim sweep`: what was varied,
 * the headline over the points (the range of the first year's surplus rate,
 * how many points are likely inside the 略有结余 band, the range of
 * P(depleted by) the horizon), fan charts of the first year's surplus rate
 * and of the balance at the horizon against the varied value (one per
 * value of a second varied parameter, at most SW_MAX_PANELS), a table per
 * point and the provenance.  Self-contained and deterministic like
 * output/html.c; it sees only fs_sweep_info. */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html_report.h"

#define SW_MAX_PANELS 6

typedef struct srep {
    FILE *f;
    const fs_sweep_info *sw;
    int en;
    double div;
    const char *mu;
} srep;

#define L(zh, en_) (r->en ? (en_) : (zh))

static const fs_stat *at(const srep *r, size_t p, int y, fs_metric m)
{
    return &r->sw->points[p].stats[(size_t)y * FS_M_COUNT + (size_t)m];
}

static void h2(const srep *r, const char *zh, const char *en)
{
    fputs("<h2>", r->f);
    fsh_text(r->f, r->en ? en : zh);
    if (!r->en) {
        fputs("<span class=\"en\">", r->f);
        fsh_text(r->f, en);
        fputs("</span>", r->f);
    }
    fputs("</h2>\n", r->f);
}

/* "tiers[0].contribution += 30" (the op as written; "=" for a set). */
static void point_text(const fs_vary_info *v, double x, char *buf, size_t n)
{
    char num[FS_OUT_NUMBUF];
    snprintf(buf, n, "%.200s %.3s %.40s", v->path, v->op,
             fs_out_format_double(x, num, sizeof num) ? num : "");
}

static void vary_list(const srep *r)
{
    FILE *f = r->f;
    char a[FS_OUT_NUMBUF], b[FS_OUT_NUMBUF], s[FS_OUT_NUMBUF];

    fputs("<ul class=\"vary\">\n", f);
    for (size_t k = 0; k < r->sw->nvary; k++) {
        const fs_vary_info *v = &r->sw->vary[k];
        fputs("<li><code>", f);
        fsh_text(f, v->path);
        fputs(" ", f);
        fsh_text(f, v->op);
        fputs("</code> ", f);
        if (v->label_zh && v->label_zh[0] && !r->en) {
            fsh_text(f, v->label_zh);
            fputs(" ", f);
        }
        fs_out_format_double(v->from, a, sizeof a);
        fs_out_format_double(v->to, b, sizeof b);
        fs_out_format_double(v->step, s, sizeof s);
        fprintf(f, L("%s 至 %s，步长 %s", "%s to %s in steps of %s"), a, b, s);
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
}

static void card(const srep *r, const char *k, const char *v, const char *d)
{
    fputs("<div class=\"card\"><div class=\"k\">", r->f);
    fsh_text(r->f, k);
    fputs("</div><div class=\"v\">", r->f);
    fsh_text(r->f, v);
    fputs("</div><div class=\"d\">", r->f);
    fsh_text(r->f, d);
    fputs("</div></div>\n", r->f);
}

/* The smallest and largest finite mean of metric m in year index y over
 * the points, and where. */
static void range_of(const srep *r, int y, fs_metric m, double *lo, size_t *ilo, double *hi,
                     size_t *ihi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    *ilo = *ihi = 0;
    for (size_t p = 0; p < r->sw->npoints; p++) {
        double v = at(r, p, y, m)->mean;
        if (!isfinite(v))
            continue;
        if (v < *lo)
            *lo = v, *ilo = p;
        if (v > *hi)
            *hi = v, *ihi = p;
    }
}

static void headline(const srep *r)
{
    const fs_results *res = r->sw->res;
    const int Y = res->years, y1 = res->start_year + Y - 1;
    char v[160], d[1200], a[64], b[64], pa[260], pb[260];
    double lo, hi;
    size_t ilo, ihi, likely = 0;

    fputs("<section class=\"headline\">\n", r->f);
    h2(r, "要点", "Headline");
    fputs("<div class=\"cards\">\n", r->f);
    range_of(r, 0, FS_M_SURPLUS_RATE, &lo, &ilo, &hi, &ihi);
    point_text(&r->sw->vary[0], r->sw->points[ilo].x[0], pa, sizeof pa);
    point_text(&r->sw->vary[0], r->sw->points[ihi].x[0], pb, sizeof pb);
    snprintf(v, sizeof v, "%s \xe2\x80\x93 %s", fsh_pct(lo, a, sizeof a), fsh_pct(hi, b, sizeof b));
    snprintf(d, sizeof d, L("%d 年；最低：%s；最高：%s", "%d; lowest: %s; highest: %s"),
             res->start_year, pa, pb);
    card(r, L("首年当期结余率（均值）", "First year's surplus rate (mean)"), v, d);
    for (size_t p = 0; p < r->sw->npoints; p++)
        likely += at(r, p, 0, FS_M_PROB_SMALL_SURPLUS)->mean >= 0.5;
    snprintf(v, sizeof v, "%zu / %zu", likely, r->sw->npoints);
    snprintf(d, sizeof d,
             L("%d 年略有结余概率不低于 50%% 的取值点", "points whose P(small surplus) in %d is 50%% or more"),
             res->start_year);
    card(r, L("略有结余的取值点", "Points with a small surplus"), v, d);
    if (!res->pooling_ledger) {
        range_of(r, Y - 1, FS_M_PROB_DEPLETED_BY, &lo, &ilo, &hi, &ihi);
        snprintf(v, sizeof v, "%s \xe2\x80\x93 %s", fsh_pct(lo, a, sizeof a),
                 fsh_pct(hi, b, sizeof b));
        snprintf(d, sizeof d, L("截至 %d 年，各取值点之间", "by %d, across the points"), y1);
        card(r, L("累计结余耗尽概率", "P(reserve depleted)"), v, d);
    }
    fputs("</div>\n</section>\n", r->f);
}

/* One fan of metric m in year index y against the first varied value, for
 * the points of panel `panel` (second value index; 0 with one parameter). */
static void fan(const srep *r, int *fig, int y, fs_metric m, int pct, size_t n0, size_t panel)
{
    const fs_sweep_info *sw = r->sw;
    const size_t n1 = sw->npoints / n0;
    double *v = calloc(5 * n0, sizeof *v);
    char **lab = calloc(n0, sizeof *lab), num[FS_OUT_NUMBUF], cap[600];
    const double scale = pct ? 100.0 : 1.0 / r->div;
    fsh_fan c;

    for (size_t i = 0; v && lab && i < n0; i++) {
        const fs_stat *st = at(r, i * n1 + panel, y, m);
        const double q[5] = {st->p05, st->p25, st->p50, st->p75, st->p95};
        for (int k = 0; k < 5; k++)
            v[(size_t)k * n0 + i] = q[k] * scale;
        lab[i] = strdup(fs_out_format_double(sw->points[i * n1].x[0], num, sizeof num) ? num : "");
    }
    if (v && lab) {
        const fs_metric_info *mi = fs_metric_info_of(m);
        snprintf(cap, sizeof cap, "%s %d", r->en ? mi->label_en : mi->label_zh,
                 sw->res->start_year + y);
        memset(&c, 0, sizeof c);
        c.title = cap;
        c.unit = pct ? "%" : r->mu;
        c.x0 = 0;
        c.n = (int)n0;
        c.p05 = v, c.p25 = v + n0, c.p50 = v + 2 * n0, c.p75 = v + 3 * n0, c.p95 = v + 4 * n0;
        c.l_outer = L("5%～95% 情形", "5-95%");
        c.l_inner = L("25%～75% 情形", "25-75%");
        c.l_median = L("中位数", "median");
        c.dec = pct ? 1 : 0;
        c.xlabels = (const char *const *)lab;
        fprintf(r->f, L("<figure>\n<figcaption>图 %d  ", "<figure>\n<figcaption>Figure %d  "),
                (*fig)++);
        fsh_text(r->f, cap);
        fputs(L(" 随 ", " against "), r->f);
        fsh_text(r->f, sw->vary[0].path);
        if (sw->nvary == 2) {
            point_text(&sw->vary[1], sw->points[panel].x[1], cap, sizeof cap);
            fputs("<span class=\"note\"> (", r->f);
            fsh_text(r->f, cap);
            fputs(")</span>", r->f);
        }
        fputs("</figcaption>\n", r->f);
        fsh_svg_fan(r->f, &c);
        fputs("</figure>\n", r->f);
    }
    for (size_t i = 0; lab && i < n0; i++)
        free(lab[i]);
    free(lab);
    free(v);
}

static void charts(const srep *r)
{
    const fs_sweep_info *sw = r->sw;
    size_t n1 = 1;
    int fig = 1;

    for (size_t i = 1; sw->nvary == 2 && i < sw->npoints && sw->points[i].x[0] == sw->points[0].x[0]; i++)
        n1++;
    fputs("<section class=\"charts\">\n", r->f);
    h2(r, "随参数变化", "Against the varied value");
    for (size_t p = 0; p < n1 && p < SW_MAX_PANELS; p++)
        fan(r, &fig, 0, FS_M_SURPLUS_RATE, 1, sw->npoints / n1, p);
    if (!sw->res->pooling_ledger)
        for (size_t p = 0; p < n1 && p < SW_MAX_PANELS; p++)
            fan(r, &fig, sw->res->years - 1, FS_M_BALANCE, 0, sw->npoints / n1, p);
    if (n1 > SW_MAX_PANELS)
        fprintf(r->f, L("<p class=\"note\">只画出第二个参数的前 %d 个取值；全部取值见下表与 sweep.csv。</p>\n",
                        "<p class=\"note\">Only the first %d values of the second parameter are "
                        "drawn; the table below and sweep.csv have them all.</p>\n"),
                SW_MAX_PANELS);
    fputs("</section>\n", r->f);
}

static void points_table(const srep *r)
{
    const fs_sweep_info *sw = r->sw;
    const int Y = sw->res->years, y0 = sw->res->start_year, y1 = y0 + Y - 1;
    FILE *f = r->f;
    char a[64], b[64], c[64];

    fputs("<section class=\"years\">\n", f);
    h2(r, "各取值点", "Every point");
    fprintf(f, L("<p class=\"note\">金额单位：%s；均值，小字为 5%%～95%% 情形范围。</p>\n",
                 "<p class=\"note\">Money in %s; means, with the 5th to 95th percentile below.</p>\n"),
            r->mu);
    fputs("<table class=\"years\">\n<thead><tr>", f);
    for (size_t k = 0; k < sw->nvary; k++) {
        fputs("<th>", f);
        fsh_text(f, sw->vary[k].path);
        fsh_text(f, strcmp(sw->vary[k].op, "=") ? sw->vary[k].op : "");
        fputs("</th>", f);
    }
    fprintf(f, L("<th class=\"n\">%d 年当期结余率</th><th class=\"n\">%d 年当期结余率</th>"
                 "<th class=\"n\">%d 年略有结余概率</th>",
                 "<th class=\"n\">Surplus rate %d</th><th class=\"n\">Surplus rate %d</th>"
                 "<th class=\"n\">P(small surplus) %d</th>"),
            y0, y1, y0);
    if (!sw->res->pooling_ledger)
        fprintf(f, L("<th class=\"n\">截至 %d 年耗尽概率</th><th class=\"n\">%d 年末累计结余</th>"
                     "<th class=\"n\">%d 年可支付月数</th>",
                     "<th class=\"n\">P(depleted by %d)</th><th class=\"n\">Balance %d</th>"
                     "<th class=\"n\">Months covered %d</th>"),
                y1, y1, y1);
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t p = 0; p < sw->npoints; p++) {
        const fs_stat *r0 = at(r, p, 0, FS_M_SURPLUS_RATE), *bal = at(r, p, Y - 1, FS_M_BALANCE);
        fputs("<tr>", f);
        for (size_t k = 0; k < sw->nvary; k++)
            fprintf(f, "<td>%s</td>",
                    fs_out_format_double(sw->points[p].x[k], a, sizeof a) ? a : FSH_NA);
        fprintf(f, "<td class=\"n\">%s<br><small>%s\xef\xbd\x9e%s</small></td>",
                fsh_pct(r0->mean, a, sizeof a), fsh_pct(r0->p05, b, sizeof b),
                fsh_pct(r0->p95, c, sizeof c));
        fprintf(f, "<td class=\"n\">%s</td><td class=\"n\">%s</td>",
                fsh_pct(at(r, p, Y - 1, FS_M_SURPLUS_RATE)->mean, a, sizeof a),
                fsh_pct(at(r, p, 0, FS_M_PROB_SMALL_SURPLUS)->mean, b, sizeof b));
        if (!sw->res->pooling_ledger) {
            char m0[64], m1[64], m2[64];
            fprintf(f, "<td class=\"n\">%s</td>",
                    fsh_pct(at(r, p, Y - 1, FS_M_PROB_DEPLETED_BY)->mean, a, sizeof a));
            fprintf(f, "<td class=\"n\">%s<br><small>%s\xef\xbd\x9e%s</small></td>",
                    fsh_num(bal->mean / r->div, 1, m0, sizeof m0),
                    fsh_num(bal->p05 / r->div, 1, m1, sizeof m1),
                    fsh_num(bal->p95 / r->div, 1, m2, sizeof m2));
            fprintf(f, "<td class=\"n\">%s</td>",
                    fsh_num(at(r, p, Y - 1, FS_M_MONTHS_COVERED)->mean, 1, a, sizeof a));
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n</section>\n", f);
}

static void provenance(const srep *r)
{
    FILE *f = r->f;

    fputs("<section class=\"prov\">\n", f);
    h2(r, "运行信息", "Provenance");
    fputs("<table class=\"prov\"><tbody>\n", f);
    fsh_run_rows(f, r->sw->res, r->sw->git, r->en);
    fsh_files_rows(f, &r->sw->files, r->en);
    fputs("</tbody></table>\n", f);
    fputs(L("<p class=\"note\">每个取值点用同一种子（共同随机数），点与点之间的差别来自参数，而非抽样。"
            "均值为各模拟情形的平均；p05～p95 为分位数。同一情景与种子得到逐字节相同的报告。</p>\n",
            "<p class=\"note\">Every point runs on the same seed (common random numbers): "
            "differences between points come from the parameter, not from sampling.  Means are "
            "over the replications; p05 to p95 are percentiles.  The same scenario and seed give "
            "the same bytes.</p>\n"),
          f);
    fputs("</section>\n", f);
}

int fs_out_sweep_html(FILE *f, const fs_sweep_info *sw, int en)
{
    srep rr = {f, sw, en, 1e4, "万元"}, *r = &rr;
    fs_out_money mu;
    char title[400];

    if (!f || !sw || !sw->res || sw->npoints < 1 || !sw->points || sw->nvary < 1 ||
        sw->nvary > 2 || sw->res->years < 1)
        return FS_EUSAGE;
    mu = fs_out_money_unit(sw->res, sw->points[0].stats);
    rr.div = mu.div;
    rr.mu = en ? mu.en : mu.zh;
    snprintf(title, sizeof title, "%s %s", sw->scenario, L("参数扫描报告", "sweep report"));
    fsh_page_head(f, en ? "en" : "zh-CN", title);
    fputs("<header>\n<h1>", f);
    fsh_text(f, sw->scenario);
    fputs(L(" 参数扫描报告<span class=\"en\">Sweep report</span>", " sweep report"), f);
    fprintf(f, L("</h1>\n<p class=\"meta\">%zu 个取值点 · %d\xe2\x80\x93%d 年 · 每点 %d 次模拟（共同随机数）· "
                 "种子 %" PRIu64 " · 金额单位：%s</p>\n</header>\n",
                 "</h1>\n<p class=\"meta\">%zu points · %d\xe2\x80\x93%d · %d replications each "
                 "(common random numbers) · seed %" PRIu64 " · money in %s</p>\n</header>\n"),
            sw->npoints, sw->res->start_year, sw->res->start_year + sw->res->years - 1,
            sw->res->replications, sw->res->seed, rr.mu);
    vary_list(r);
    headline(r);
    charts(r);
    points_table(r);
    provenance(r);
    fputs("<footer>fundsim " FS_VERSION "</footer>\n</body>\n</html>\n", f);
    return ferror(f) ? FS_EIO : FS_OK;
}
