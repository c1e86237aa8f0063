/* output/html_compare.c -- report.html of `fundsim compare`: for each
 * alternative, the paired difference alt - base on common random numbers
 * (fan charts of the balance and surplus-rate differences with their
 * 5-95 and 25-75 bands, a table per year), the parameters that changed,
 * links to each run's own report and the provenance.  Self-contained and
 * deterministic like output/html.c. */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html_report.h"

typedef struct crep {
    FILE *f;
    int en;
    int years, y0;
    double div;
    const char *mu;
} crep;

#define L(zh, en_) (r->en ? (en_) : (zh))

static const fs_stat *at(const crep *r, const fs_stat *st, int y, fs_metric m)
{
    (void)r;
    return &st[(size_t)y * FS_M_COUNT + (size_t)m];
}

static const char *mlabel(const crep *r, fs_metric m)
{
    const fs_metric_info *mi = fs_metric_info_of(m);
    return mi ? (r->en ? mi->label_en : mi->label_zh) : "";
}

static void h2(const crep *r, const char *zh, const char *en, const char *extra)
{
    fputs("<h2>", r->f);
    fsh_text(r->f, r->en ? en : zh);
    if (extra)
        fsh_text(r->f, extra);
    if (!r->en && !extra) {
        fputs("<span class=\"en\">", r->f);
        fsh_text(r->f, en);
        fputs("</span>", r->f);
    }
    fputs("</h2>\n", r->f);
}

static const char *money(const crep *r, double yuan, char *buf, size_t n)
{
    return fsh_num(yuan / r->div, r->div >= 1e8 ? 2 : 1, buf, n);
}

/* A signed difference: "+1,234.5". */
static const char *signed_money(const crep *r, double yuan, char *buf, size_t n)
{
    char t[40];
    money(r, yuan, t, sizeof t);
    snprintf(buf, n, "%s%s", isfinite(yuan) && yuan > 0 && strcmp(t, "0.0") != 0 ? "+" : "", t);
    return buf;
}

/* A difference of shares in percentage points: "+1.2". */
static const char *pp(double x, char *buf, size_t n)
{
    char t[40];
    fsh_num(100.0 * x, 1, t, sizeof t);
    snprintf(buf, n, "%s%s", isfinite(x) && x > 0 && strcmp(t, "0.0") != 0 ? "+" : "", t);
    return buf;
}

static void cards(const crep *r, const fs_diff_set *d)
{
    FILE *f = r->f;
    const int Y = r->years, y1 = r->y0 + Y - 1;
    const fs_stat *b = at(r, d->stats, Y - 1, FS_M_BALANCE);
    char a1[64], a2[64], a3[64];

    fputs("<div class=\"cards\">\n<div class=\"card\"><div class=\"k\">", f);
    fprintf(f, L("%d 年末累计结余差值（均值）", "Balance difference at the end of %d (mean)"), y1);
    fprintf(f, "</div><div class=\"v\">%s %s</div><div class=\"d\">",
            signed_money(r, b->mean, a1, sizeof a1), r->mu);
    fprintf(f, L("配对差值 5%%～95%%：%s～%s", "paired difference, 5th to 95th percentile: %s to %s"),
            signed_money(r, b->p05, a2, sizeof a2), signed_money(r, b->p95, a3, sizeof a3));
    fputs("</div></div>\n<div class=\"card\"><div class=\"k\">", f);
    fputs(L("当期结余率（均值）", "Surplus rate (mean)"), f);
    fprintf(f, "</div><div class=\"v\">%s \xe2\x86\x92 %s</div><div class=\"d\">",
            fsh_pct(at(r, d->base_stats, Y - 1, FS_M_SURPLUS_RATE)->mean, a1, sizeof a1),
            fsh_pct(at(r, d->alt_stats, Y - 1, FS_M_SURPLUS_RATE)->mean, a2, sizeof a2));
    fprintf(f, L("%d 年，基准 \xe2\x86\x92 方案；差值 %s 个百分点", "%d, base \xe2\x86\x92 alternative; %s points"),
            y1, pp(at(r, d->stats, Y - 1, FS_M_SURPLUS_RATE)->mean, a3, sizeof a3));
    fputs("</div></div>\n<div class=\"card\"><div class=\"k\">", f);
    fprintf(f, L("截至 %d 年累计结余耗尽概率", "Probability of depletion by %d"), y1);
    fprintf(f, "</div><div class=\"v\">%s \xe2\x86\x92 %s</div><div class=\"d\">%s</div></div>\n",
            fsh_pct(at(r, d->base_stats, Y - 1, FS_M_PROB_DEPLETED_BY)->mean, a1, sizeof a1),
            fsh_pct(at(r, d->alt_stats, Y - 1, FS_M_PROB_DEPLETED_BY)->mean, a2, sizeof a2),
            L("基准 \xe2\x86\x92 方案", "base \xe2\x86\x92 alternative"));
    fputs("<div class=\"card\"><div class=\"k\">", f);
    fprintf(f, L("%d 年累计基金缺口 p95", "Shortfall to %d, p95"), y1);
    fprintf(f, "</div><div class=\"v\">%s \xe2\x86\x92 %s %s</div><div class=\"d\">%s</div></div>\n",
            money(r, at(r, d->base_stats, Y - 1, FS_M_SHORTFALL_CUM)->p95, a1, sizeof a1),
            money(r, at(r, d->alt_stats, Y - 1, FS_M_SHORTFALL_CUM)->p95, a2, sizeof a2), r->mu,
            L("基准 \xe2\x86\x92 方案", "base \xe2\x86\x92 alternative"));
    fputs("</div>\n", f);
}

/* A fan chart of the difference of metric m (divided by div). */
static void diff_fan(const crep *r, const fs_diff_set *d, fs_metric m, double div,
                     const char *unit, int dec)
{
    const int Y = r->years;
    double *v = calloc((size_t)Y * 5, sizeof *v);
    fsh_fan c;

    if (!v)
        return;
    for (int y = 0; y < Y; y++) {
        const fs_stat *s = at(r, d->stats, y, m);
        v[y] = s->p05 / div, v[Y + y] = s->p25 / div, v[2 * Y + y] = s->p50 / div;
        v[3 * Y + y] = s->p75 / div, v[4 * Y + y] = s->p95 / div;
    }
    memset(&c, 0, sizeof c);
    c.title = mlabel(r, m);
    c.unit = unit;
    c.x0 = r->y0;
    c.n = Y;
    c.dec = dec;
    c.p05 = v, c.p25 = v + Y, c.p50 = v + 2 * Y, c.p75 = v + 3 * Y, c.p95 = v + 4 * Y;
    c.l_outer = L("差值 5%～95%", "difference, 5th to 95th percentile");
    c.l_inner = L("差值 25%～75%", "25th to 75th percentile");
    c.l_median = L("差值中位数", "median difference");
    fsh_svg_fan(r->f, &c);
    free(v);
}

/* 1 if metric m of the difference has a finite median in some year. */
static int any_finite(const crep *r, const fs_stat *st, fs_metric m)
{
    for (int y = 0; y < r->years; y++)
        if (isfinite(at(r, st, y, m)->p50))
            return 1;
    return 0;
}

static void diff_table(const crep *r, const fs_diff_set *d)
{
    static const fs_metric money_m[] = {FS_M_SURPLUS, FS_M_BALANCE};
    FILE *f = r->f;
    char a[64], b[64], c[64];

    fprintf(f, L("<p class=\"note\">金额单位：%s；基准与方案为均值，差值为配对差值（方案 \xe2\x88\x92 基准）的均值，"
                 "小字为其 5%%～95%% 范围；比率为百分点。</p>\n",
                 "<p class=\"note\">Money in %s; base and alternative: means; difference: mean of the "
                 "paired difference (alternative \xe2\x88\x92 base), its 5th to 95th percentile below; "
                 "rates in percentage points.</p>\n"),
            r->mu);
    fputs("<table class=\"diff\"><thead><tr><th>", f);
    fputs(L("年度", "Year"), f);
    fputs("</th>", f);
    for (size_t i = 0; i < sizeof money_m / sizeof money_m[0]; i++) {
        fputs("<th class=\"n\">", f);
        fsh_text(f, mlabel(r, money_m[i]));
        fputs(L("<br>基准 / 方案</th><th class=\"n\">差值</th>", "<br>base / alt</th><th class=\"n\">difference</th>"), f);
    }
    fputs("<th class=\"n\">", f);
    fsh_text(f, mlabel(r, FS_M_SURPLUS_RATE));
    fputs(L("<br>基准 / 方案</th><th class=\"n\">差值</th><th class=\"n\">",
            "<br>base / alt</th><th class=\"n\">difference</th><th class=\"n\">"), f);
    fsh_text(f, mlabel(r, FS_M_PROB_DEPLETED_BY));
    fputs(L("<br>基准 / 方案", "<br>base / alt"), f);
    fputs("</th></tr></thead>\n<tbody>\n", f);
    for (int y = 0; y < r->years; y++) {
        fprintf(f, "<tr><td>%d</td>", r->y0 + y);
        for (size_t i = 0; i < sizeof money_m / sizeof money_m[0]; i++) {
            const fs_stat *s = at(r, d->stats, y, money_m[i]);
            fprintf(f, "<td class=\"n\">%s<span class=\"rng\">%s</span></td>",
                    money(r, at(r, d->base_stats, y, money_m[i])->mean, a, sizeof a),
                    money(r, at(r, d->alt_stats, y, money_m[i])->mean, b, sizeof b));
            fprintf(f, "<td class=\"n\">%s", signed_money(r, s->mean, a, sizeof a));
            if (isfinite(s->p05))
                fprintf(f, "<span class=\"rng\">%s\xef\xbd\x9e%s</span>",
                        signed_money(r, s->p05, b, sizeof b), signed_money(r, s->p95, c, sizeof c));
            fputs("</td>", f);
        }
        const fs_stat *s = at(r, d->stats, y, FS_M_SURPLUS_RATE);
        fprintf(f, "<td class=\"n\">%s<span class=\"rng\">%s</span></td>",
                fsh_pct(at(r, d->base_stats, y, FS_M_SURPLUS_RATE)->mean, a, sizeof a),
                fsh_pct(at(r, d->alt_stats, y, FS_M_SURPLUS_RATE)->mean, b, sizeof b));
        fprintf(f, "<td class=\"n\">%s", pp(s->mean, a, sizeof a));
        if (isfinite(s->p05))
            fprintf(f, "<span class=\"rng\">%s\xef\xbd\x9e%s</span>", pp(s->p05, b, sizeof b),
                    pp(s->p95, c, sizeof c));
        fprintf(f, "</td><td class=\"n\">%s<span class=\"rng\">%s</span></td></tr>\n",
                fsh_pct(at(r, d->base_stats, y, FS_M_PROB_DEPLETED_BY)->mean, a, sizeof a),
                fsh_pct(at(r, d->alt_stats, y, FS_M_PROB_DEPLETED_BY)->mean, b, sizeof b));
    }
    fputs("</tbody></table>\n", f);
}

static void changes(const crep *r, const fs_params_diff_set *p)
{
    FILE *f = r->f;

    fputs("<h3>", f);
    fputs(L("参数变化", "What changed"), f);
    fputs("</h3>\n", f);
    if (!p || p->n == 0) {
        fputs(L("<p class=\"note\">两个情景的解析参数相同。</p>\n",
                "<p class=\"note\">The resolved parameters are the same.</p>\n"), f);
        return;
    }
    fputs("<table class=\"changes\"><thead><tr>", f);
    fputs(L("<th>参数</th><th>名称</th><th>起始年</th><th class=\"n\">基准</th><th class=\"n\">方案</th>"
            "<th>单位</th><th>来源 ref（方案）</th>",
            "<th>Parameter</th><th>Name</th><th>From</th><th class=\"n\">Base</th>"
            "<th class=\"n\">Alternative</th><th>Unit</th><th>ref (alternative)</th>"), f);
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < p->n; i++) {
        const fs_param_change *ch = &p->ch[i];
        char va[FS_OUT_NUMBUF], vb[FS_OUT_NUMBUF];
        if (ch->in_a && (ch->a.is_text || isfinite(ch->a.value)))
            fs_out_param_value(&ch->a, FS_OK, ch->year, va, sizeof va);
        else
            snprintf(va, sizeof va, "%s", FSH_NA);
        if (ch->in_b && (ch->b.is_text || isfinite(ch->b.value)))
            fs_out_param_value(&ch->b, FS_OK, ch->year, vb, sizeof vb);
        else
            snprintf(vb, sizeof vb, "%s", FSH_NA);
        fputs("<tr><td class=\"mono\">", f);
        fsh_text(f, ch->path);
        fputs("</td><td>", f);
        fsh_text(f, ch->label_zh);
        fprintf(f, "</td><td>%d</td><td class=\"n\">", ch->year);
        fsh_text(f, va);
        fputs("</td><td class=\"n\">", f);
        fsh_text(f, vb);
        fputs("</td><td>", f);
        fsh_text(f, ch->in_b ? ch->b.unit : ch->a.unit);
        fputs("</td><td class=\"ref\">", f);
        fsh_text(f, ch->in_b ? ch->b.ref : "");
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

/* The section of one alternative. */
static void alternative(const crep *r, const fs_diff_set *d, const fs_params_diff_set *p,
                        const char *base_dir, const fs_compare_side *side)
{
    FILE *f = r->f;
    char t[300];

    snprintf(t, sizeof t, "%s \xe2\x88\x92 %s", d->alt, d->base);
    fputs("<section class=\"alt\">\n", f);
    h2(r, "差值：", "Difference: ", t);
    fputs("<p class=\"meta\">", f);
    fputs(L("配对差值：同一随机数下方案与基准逐次模拟相减。", "Paired on common random numbers, replication by replication."), f);
    if (base_dir && side && side->dir) {
        fputs(L("　各自报告：<a href=\"", "  own reports: <a href=\""), f);
        fsh_text(f, base_dir);
        fputs(L("/report.html\">基准</a> · <a href=\"", "/report.html\">base</a> · <a href=\""), f);
        fsh_text(f, side->dir);
        fputs(L("/report.html\">方案</a>", "/report.html\">alternative</a>"), f);
    }
    fputs("</p>\n", f);
    cards(r, d);
    fputs("</section>\n<section class=\"alt-fig\">\n<figure>\n<figcaption>", f);
    fputs(L("累计结余差值（方案 \xe2\x88\x92 基准）", "Balance difference (alternative \xe2\x88\x92 base)"), f);
    fputs(L(" <span class=\"note\">同一随机数下的配对差值</span>",
            " <span class=\"note\">paired on common random numbers</span>"), f);
    fputs("</figcaption>\n", f);
    if (any_finite(r, d->stats, FS_M_BALANCE))
        diff_fan(r, d, FS_M_BALANCE, r->div, r->mu, 0);
    else
        fputs(L("<p class=\"note\">不适用（fund.pooling: ledger）</p>\n",
                "<p class=\"note\">Not applicable (fund.pooling: ledger)</p>\n"), f);
    fputs("</figure>\n<figure>\n<figcaption>", f);
    fputs(L("当期结余率差值（百分点）", "Surplus-rate difference (percentage points)"), f);
    fputs("</figcaption>\n", f);
    diff_fan(r, d, FS_M_SURPLUS_RATE, 0.01, L("百分点", "points"), 1);
    fputs("</figure>\n</section>\n<section class=\"alt-table\">\n", f);
    diff_table(r, d);
    changes(r, p);
    fputs("</section>\n", f);
}

static void side_rows(const crep *r, const fs_compare_side *s, const char *role)
{
    FILE *f = r->f;

    fputs("<tr><th>", f);
    fsh_text(f, role);
    fputs("</th><td>", f);
    fsh_text(f, s->res ? s->res->scenario : "");
    fputs(" (", f);
    fsh_text(f, s->dir ? s->dir : "");
    fputs("/)</td></tr>\n", f);
    fsh_files_rows(f, &s->files, r->en);
}

int fs_out_compare_html(FILE *f, const fs_diff_set *sets, size_t nsets,
                        const fs_params_diff_set *pdiffs, const fs_compare_info *info, int en)
{
    crep rr = {f, en, 0, 0, 1e4, "万元"}, *r = &rr;
    const fs_results *res;
    const char *uzh, *uen;
    double maxabs = 0.0;
    char title[400];

    if (!f || !sets || nsets == 0 || !sets[0].diff || !sets[0].stats)
        return FS_EUSAGE;
    res = sets[0].diff;
    rr.years = res->years;
    rr.y0 = res->start_year;
    if (rr.years < 1)
        return FS_EUSAGE;
    for (int y = 0; y < rr.years; y++) {
        double v = at(r, sets[0].base_stats, y, FS_M_INCOME_TOTAL)->mean;
        if (isfinite(v))
            maxabs = fmax(maxabs, fabs(v));
    }
    fsh_money_unit(maxabs, &rr.div, &uzh, &uen);
    rr.mu = en ? uen : uzh;
    snprintf(title, sizeof title, "%s: %s vs %s", L("方案对比", "Comparison"), sets[0].alt,
             sets[0].base);
    fsh_page_head(f, en ? "en" : "zh-CN", title);
    fputs("<header>\n<h1>", f);
    fputs(L("方案对比报告<span class=\"en\">Comparison report</span>", "Comparison report"), f);
    fputs("</h1>\n<p class=\"meta\">", f);
    fputs(L("基准 ", "base "), f);
    fsh_text(f, sets[0].base);
    for (size_t k = 0; k < nsets; k++) {
        fputs(k ? " · " : L(" · 方案 ", " · alternative "), f);
        fsh_text(f, sets[k].alt);
    }
    fprintf(f, L(" · %d\xe2\x80\x93%d 年 · %d 次模拟（共同随机数）· 种子 %" PRIu64 " · 金额单位：%s</p>\n</header>\n",
                 " · %d\xe2\x80\x93%d · %d replications (common random numbers) · seed %" PRIu64
                 " · money in %s</p>\n</header>\n"),
            rr.y0, rr.y0 + rr.years - 1, res->replications, res->seed, rr.mu);
    for (size_t k = 0; k < nsets; k++)
        alternative(r, &sets[k], pdiffs ? &pdiffs[k] : NULL, info ? info->base.dir : NULL,
                    info && info->alts && k < info->nalts ? &info->alts[k]
                    : info && k == 0                      ? &info->alt
                                                          : NULL);
    fputs("<section class=\"prov\">\n", f);
    h2(r, "运行信息", "Provenance", NULL);
    fputs("<table class=\"prov\"><tbody>\n", f);
    if (info) {
        side_rows(r, &info->base, L("基准", "Base"));
        for (size_t k = 0; k < info->nalts; k++)
            side_rows(r, &info->alts[k], L("方案", "Alternative"));
    }
    fsh_run_rows(f, info && info->base.res ? info->base.res : res, info ? info->git : NULL, en);
    fputs("</tbody></table>\n</section>\n", f);
    fputs("<footer>fundsim " FS_VERSION "</footer>\n</body>\n</html>\n", f);
    return ferror(f) ? FS_EIO : FS_OK;
}
