/* output/html.c -- report.html of a run: one self-contained page (no
 * script, no network: inline CSS and SVG, the system's CJK fonts) with the
 * headline, fan charts of the balance and of months covered, income by
 * payer and spending by line, a table per year, the resolved parameters
 * with their sources and the provenance; printable on A4.  Like
 * summary.json it holds only what depends on the scenario, the seed and
 * the sizes, so equal runs give equal bytes. */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html_report.h"

/* The report being written. */
typedef struct rep {
    FILE *f;
    const fs_results *res;
    const fs_stat *st;
    const fs_scenario *sc;
    int en;
    double div;            /* yuan per money unit */
    const char *mu;        /* the money unit's name */
} rep;

#define L(zh, en_) (r->en ? (en_) : (zh))

static const fs_stat *S(const rep *r, int y, fs_metric m)
{
    return &r->st[(size_t)y * FS_M_COUNT + (size_t)m];
}

static const char *mlabel(const rep *r, fs_metric m)
{
    const fs_metric_info *mi = fs_metric_info_of(m);
    return mi ? (r->en ? mi->label_en : mi->label_zh) : "";
}

void fsh_page_head(FILE *f, const char *lang, const char *title)
{
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", lang);
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
    fsh_text(f, title);
    fputs("</title>\n<style>\n"
          "@page { size: A4; margin: 14mm 12mm; }\n"
          "body { font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"Microsoft YaHei\","
          " \"PingFang SC\", sans-serif; color: #1d2733; background: #fff; max-width: 186mm;"
          " margin: 0 auto; padding: 18px 22px; font-size: 14px; line-height: 1.55; }\n"
          "header { border-bottom: 3px solid #1f4e79; padding-bottom: 8px; margin-bottom: 14px; }\n"
          "h1 { font-size: 24px; margin: 0 0 4px; color: #1f4e79; }\n"
          "h2 { font-size: 17px; margin: 22px 0 6px; color: #1f4e79;"
          " border-left: 4px solid #1f4e79; padding-left: 8px; }\n"
          "h2 .en, h1 .en { font-weight: normal; color: #6b7785; font-size: 0.72em; margin-left: 6px; }\n"
          ".meta { color: #55606e; font-size: 13px; margin: 0; }\n"
          ".cards { display: grid; grid-template-columns: repeat(2, 1fr); gap: 10px; }\n"
          ".card { border: 1px solid #d5dde6; border-radius: 6px; padding: 8px 12px; background: #f7f9fb; }\n"
          ".card .k { font-size: 13px; color: #55606e; }\n"
          ".card .v { font-size: 22px; font-weight: 700; color: #1d2733; }\n"
          ".card .d { font-size: 12.5px; color: #3b4654; }\n"
          ".ok { color: #2e7d32; font-weight: 700; } .bad { color: #c62828; font-weight: 700; }\n"
          "figure { margin: 12px 0 4px; }\n"
          "figcaption { font-weight: 700; font-size: 14px; margin-bottom: 2px; }\n"
          "figcaption .note, p.note { font-weight: normal; color: #55606e; font-size: 12px; }\n"
          "svg.chart { width: 100%; height: auto; display: block; font-size: 12px; }\n"
          "svg .grid line { stroke: #e4e8ed; } svg .yt { text-anchor: end; fill: #4a5563; }\n"
          "svg .xt text { text-anchor: middle; fill: #1d2733; } svg .unit { text-anchor: end;"
          " fill: #1d2733; font-weight: 700; }\n"
          "svg .lg { fill: #1d2733; } svg .axis { stroke: #8a96a3; } svg .zero { stroke: #3b4654;"
          " stroke-width: 1.2; }\n"
          "svg .outer { fill: #c9daec; } svg .inner { fill: #7fa7cf; } svg .ref { fill: #dcefd6; }\n"
          "svg .refedge { stroke: #5c9c4c; stroke-width: 1.4; stroke-dasharray: 5 3; fill: none; }\n"
          "svg .median { fill: none; stroke: #1f4e79; stroke-width: 2.5; } svg .dot { fill: #1f4e79; }\n"
          "svg .total { stroke: #1d2733; stroke-width: 2.5; }\n"
          "table { border-collapse: collapse; width: 100%; font-size: 12px; margin: 6px 0; }\n"
          "th, td { border-bottom: 1px solid #e1e6ec; padding: 3px 5px; vertical-align: top; }\n"
          "th { background: #eef3f8; text-align: left; font-weight: 700; }\n"
          "td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; } td.n { white-space: nowrap; }\n"
          ".rng { display: block; color: #6b7785; font-size: 10.5px; }\n"
          "table.params { font-size: 10.5px; } table.params td { word-break: break-all; }\n"
          "td.ref { color: #3b4654; } .mono { font-family: \"DejaVu Sans Mono\", monospace;"
          " font-size: 10.5px; word-break: break-all; }\n"
          "footer { margin-top: 18px; color: #6b7785; font-size: 11.5px; }\n"
          "figure, .card, tr, section.headline, section.prov { break-inside: avoid;"
          " page-break-inside: avoid; }\n"
          "h2 { break-after: avoid; page-break-after: avoid; }\n"
          "table.years, table.diff { font-size: 11.5px; } table.years td, table.years th,"
          " table.diff td, table.diff th { padding: 3px 4px; }\n"
          "table.params { table-layout: fixed; } table.params td.n { white-space: normal; }\n"
          "table.params col.c1 { width: 30%; } table.params col.c2 { width: 17%; }"
          " table.params col.c3 { width: 15%; } table.params col.c4 { width: 8%; }\n"
          "@media print { body { max-width: none; padding: 0; font-size: 10pt; }"
          " a { color: inherit; text-decoration: none; }"
          " table.years, table.diff { font-size: 8pt; }"
          " table.params { font-size: 7.5pt; } table.params .mono { font-size: 7pt; }"
          " table.params td, table.params th { padding: 1px 3px; } }\n"
          "</style>\n</head>\n<body>\n",
          f);
}

/* h2 with the other language beside it. */
static void h2(const rep *r, const char *zh, const char *en)
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

/* The value of numeric parameter `path` in `year`; NAN when absent. */
static double param(const fs_scenario *sc, const char *path, int year)
{
    size_t n = sc ? fs_scenario_param_count(sc) : 0;
    for (size_t i = 0; i < n; i++) {
        fs_param_view v;
        if (fs_scenario_param_get(sc, i, year, &v) == FS_OK && strcmp(v.path, path) == 0)
            return v.is_text ? NAN : v.value;
    }
    return NAN;
}

/* Money in the report's unit. */
static const char *money(const rep *r, double yuan, char *buf, size_t n)
{
    return fsh_num(yuan / r->div, r->div >= 1e8 ? 2 : 1, buf, n);
}

/* ------------------------------------------------------------------ */
/* Headline. */

static void card_open(const rep *r, const char *k)
{
    fputs("<div class=\"card\"><div class=\"k\">", r->f);
    fsh_text(r->f, k);
    fputs("</div>", r->f);
}

/* The surplus-rate card: first and last year against the target band. */
static void card_surplus(const rep *r)
{
    FILE *f = r->f;
    const int Y = r->res->years, y0 = r->res->start_year;
    char a[64], b[64], lo_s[64], hi_s[64];
    double ra = S(r, 0, FS_M_SURPLUS_RATE)->mean, rb = S(r, Y - 1, FS_M_SURPLUS_RATE)->mean;
    double lo = param(r->sc, "fund.target_band.min_surplus_rate", y0 + Y - 1);
    double hi = param(r->sc, "fund.target_band.max_surplus_rate", y0 + Y - 1);

    card_open(r, L("当期结余率（均值）", "Surplus rate (mean)"));
    fprintf(f, "<div class=\"v\">%s", fsh_pct(ra, a, sizeof a));
    if (Y > 1)
        fprintf(f, " \xe2\x86\x92 %s", fsh_pct(rb, b, sizeof b));
    fprintf(f, "</div><div class=\"d\">%d\xe2\x80\x93%d", y0, y0 + Y - 1);
    if (!r->res->pooling_ledger && isfinite(lo) && isfinite(hi)) {
        int in = isfinite(rb) && rb >= lo && rb <= hi;
        fprintf(f, L("；略有结余区间 %s～%s：%d 年<span class=\"%s\">%s</span>",
                     "; small-surplus band %s to %s: %d <span class=\"%s\">%s</span>"),
                fsh_pct(lo, lo_s, sizeof lo_s), fsh_pct(hi, hi_s, sizeof hi_s), y0 + Y - 1,
                in ? "ok" : "bad",
                in ? L("处于区间内（略有结余）", "inside (略有结余)")
                   : !isfinite(rb) ? L("无法判断", "undefined")
                   : rb < lo       ? L("低于区间（赤字）", "below the band")
                                   : L("高于区间（结余过多）", "above the band"));
        fprintf(f, L("；略有结余概率 %s \xe2\x86\x92 %s", "; P(small surplus) %s \xe2\x86\x92 %s"),
                fsh_pct(S(r, 0, FS_M_PROB_SMALL_SURPLUS)->mean, a, sizeof a),
                fsh_pct(S(r, Y - 1, FS_M_PROB_SMALL_SURPLUS)->mean, b, sizeof b));
    }
    fputs("</div></div>\n", f);
}

/* The first year index at which prob_reserve_low + prob_reserve_high
 * exceeds share; -1 if none. */
static int first_out_of_band(const rep *r, double share)
{
    for (int y = 0; y < r->res->years; y++) {
        double p = S(r, y, FS_M_PROB_RESERVE_LOW)->mean + S(r, y, FS_M_PROB_RESERVE_HIGH)->mean;
        if (isfinite(p) && p > share)
            return y;
    }
    return -1;
}

/* The reserve card: months covered (median) and the first years the
 * reserve leaves its band in 5% and in most of the replications. */
static void card_reserve(const rep *r)
{
    FILE *f = r->f;
    const int Y = r->res->years, y0 = r->res->start_year;
    char a[64], b[64], lo_s[64], hi_s[64];
    double lo = param(r->sc, "fund.reserve_band.min_months", y0);
    double hi = param(r->sc, "fund.reserve_band.max_months", y0);
    int y5 = first_out_of_band(r, 0.05), y50 = first_out_of_band(r, 0.5);

    card_open(r, L("可支付月数（中位数）", "Months of spending covered (median)"));
    fprintf(f, "<div class=\"v\">%s", fsh_num(S(r, 0, FS_M_MONTHS_COVERED)->p50, 1, a, sizeof a));
    if (Y > 1)
        fprintf(f, " \xe2\x86\x92 %s", fsh_num(S(r, Y - 1, FS_M_MONTHS_COVERED)->p50, 1, b, sizeof b));
    fputs(L(" 个月", " months"), f);
    fprintf(f, L("</div><div class=\"d\">合理区间 %s～%s 个月；", "</div><div class=\"d\">band %s to %s months; "),
            fsh_num(lo, 0, lo_s, sizeof lo_s), fsh_num(hi, 0, hi_s, sizeof hi_s));
    if (y5 < 0)
        fprintf(f, L("至 %d 年 95%% 以上情形保持在区间内", "through %d at least 95%% of runs stay inside"),
                y0 + Y - 1);
    else
        fprintf(f, L("<span class=\"bad\">%d 年</span>起超过 5%% 的情形离开区间",
                     "from <span class=\"bad\">%d</span> more than 5%% of runs leave it"),
                y0 + y5);
    if (y50 >= 0)
        fprintf(f, L("；%d 年起多数情形离开区间", "; from %d most runs are outside"), y0 + y50);
    fputs("</div></div>\n", f);
}

/* Each budget's p95 of the shortfall to date at the horizon, and the first
 * year a shortfall appears in 5% of the runs. */
static void shortfall_line(const rep *r)
{
    static const fs_metric cum[] = {FS_M_SHORTFALL_CUM_CENTRAL, FS_M_SHORTFALL_CUM_PROVINCIAL,
                                    FS_M_SHORTFALL_CUM_CITY, FS_M_SHORTFALL_CUM_COUNTY,
                                    FS_M_SHORTFALL_CUM_OTHER};
    FILE *f = r->f;
    const int Y = r->res->years, y0 = r->res->start_year;
    char a[64];
    int first = -1;

    for (int y = 0; y < Y && first < 0; y++)
        if (S(r, y, FS_M_SHORTFALL)->p95 > 0.0)
            first = y;
    fputs("<p class=\"short\">", f);
    if (first < 0) {
        fprintf(f, L("<b>基金缺口：</b>至 %d 年 95%% 的情形无需财政补缺口（p95 为 0）。",
                     "<b>Shortfall:</b> through %d, 95%% of runs need no budget to cover a gap (p95 is 0)."),
                y0 + Y - 1);
    } else {
        fprintf(f, L("<b>基金缺口：</b>%d 年起出现（p95 &gt; 0）；至 %d 年累计缺口 p95（%s）：",
                     "<b>Shortfall:</b> appears from %d (p95 &gt; 0); shortfall to %d, p95 (%s): "),
                y0 + first, y0 + Y - 1, r->mu);
        for (size_t i = 0; i < sizeof cum / sizeof cum[0]; i++) {
            const char *lab = mlabel(r, cum[i]);
            fprintf(f, "%s", i ? L("；", "; ") : "");
            fsh_text(f, lab);
            fprintf(f, " %s", money(r, S(r, Y - 1, cum[i])->p95, a, sizeof a));
        }
        fputs(L("。", "."), f);
    }
    fputs("</p>\n", f);
}

/* The ledger card: what the county adds to the municipal pool. */
static void card_ledger(const rep *r)
{
    const int Y = r->res->years, y0 = r->res->start_year;
    const fs_stat *t = S(r, Y - 1, FS_M_POOL_NET_TRANSFER_CUM);
    char a[64], b[64], c[64];

    card_open(r, L("累计向统筹基金净上解", "Net transfer to the pool to date"));
    fprintf(r->f, "<div class=\"v\">%s %s</div><div class=\"d\">", money(r, t->mean, a, sizeof a),
            r->mu);
    fprintf(r->f,
            L("%d\xe2\x80\x93%d 年，均值；5%%～95%% 情形 %s～%s。市级统筹下的县级账户（fund.pooling: "
              "ledger）无自身累计结余，累计结余类指标不适用（表中记为 \xe2\x80\x94）。",
              "%d\xe2\x80\x93%d, mean; 5%% to 95%% of runs %s to %s.  A county ledger inside a "
              "municipal pool (fund.pooling: ledger) has no balance of its own: the balance "
              "metrics do not apply (shown as \xe2\x80\x94)."),
            y0, y0 + Y - 1, money(r, t->p05, b, sizeof b), money(r, t->p95, c, sizeof c));
    fputs("</div></div>\n", r->f);
}

static void headline(const rep *r)
{
    const int Y = r->res->years, y1 = r->res->start_year + Y - 1;
    char a[64];

    fputs("<section class=\"headline\">\n", r->f);
    h2(r, "要点", "Headline");
    fputs("<div class=\"cards\">\n", r->f);
    card_surplus(r);
    if (r->res->pooling_ledger) {
        card_ledger(r);
    } else {
        card_open(r, L("截至期末累计结余耗尽概率", "Probability of depletion by the horizon"));
        fprintf(r->f, "<div class=\"v\">%s</div><div class=\"d\">",
                fsh_pct(S(r, Y - 1, FS_M_PROB_DEPLETED_BY)->mean, a, sizeof a));
        fprintf(r->f, L("截至 %d 年，累计结余曾低于 0 的情形占比", "share of runs whose balance fell below 0 by %d"),
                y1);
        fputs("</div></div>\n", r->f);
        card_reserve(r);
        card_open(r, L("期末累计结余（中位数）", "Balance at the horizon (median)"));
        fprintf(r->f, "<div class=\"v\">%s %s</div>",
                money(r, S(r, Y - 1, FS_M_BALANCE)->p50, a, sizeof a), r->mu);
        fprintf(r->f, L("<div class=\"d\">%d 年末；5%%～95%% 情形 ", "<div class=\"d\">end of %d; 5%% to 95%% of runs "),
                y1);
        fprintf(r->f, "%s\xef\xbd\x9e", money(r, S(r, Y - 1, FS_M_BALANCE)->p05, a, sizeof a));
        fprintf(r->f, "%s %s</div></div>\n", money(r, S(r, Y - 1, FS_M_BALANCE)->p95, a, sizeof a),
                r->mu);
    }
    fputs("</div>\n", r->f);
    if (!r->res->pooling_ledger)
        shortfall_line(r);
    fputs("</section>\n", r->f);
}

/* ------------------------------------------------------------------ */
/* Charts. */

/* 1 if metric m has a finite median in some year. */
static int any_finite(const rep *r, fs_metric m)
{
    for (int y = 0; y < r->res->years; y++)
        if (isfinite(S(r, y, m)->p50))
            return 1;
    return 0;
}

static void figure_open(const rep *r, int *k, const char *zh, const char *en, const char *note)
{
    fprintf(r->f, r->en ? "<figure>\n<figcaption>Figure %d  " : "<figure>\n<figcaption>图 %d  ", (*k)++);
    fsh_text(r->f, r->en ? en : zh);
    if (note) {
        fputs(" <span class=\"note\">", r->f);
        fsh_text(r->f, note);
        fputs("</span>", r->f);
    }
    fputs("</figcaption>\n", r->f);
}

/* A fan chart of metric m divided by div (band: the reserve band). */
static void fan_of(const rep *r, fs_metric m, double div, const char *unit, int band)
{
    const int Y = r->res->years;
    double *v = calloc((size_t)Y * 7, sizeof *v);
    fsh_fan c;

    if (!v)
        return;
    for (int y = 0; y < Y; y++) {
        const fs_stat *s = S(r, y, m);
        v[y] = s->p05 / div, v[Y + y] = s->p25 / div, v[2 * Y + y] = s->p50 / div;
        v[3 * Y + y] = s->p75 / div, v[4 * Y + y] = s->p95 / div;
        v[5 * Y + y] = param(r->sc, "fund.reserve_band.min_months", r->res->start_year + y);
        v[6 * Y + y] = param(r->sc, "fund.reserve_band.max_months", r->res->start_year + y);
    }
    memset(&c, 0, sizeof c);
    c.title = mlabel(r, m);
    c.unit = unit;
    c.x0 = r->res->start_year;
    c.n = Y;
    c.p05 = v, c.p25 = v + Y, c.p50 = v + 2 * Y, c.p75 = v + 3 * Y, c.p95 = v + 4 * Y;
    if (band) {
        c.band_lo = v + 5 * Y, c.band_hi = v + 6 * Y;
        c.band_label = L("合理区间", "reserve band");
    }
    c.l_outer = L("5%～95% 情形", "5th to 95th percentile");
    c.l_inner = L("25%～75% 情形", "25th to 75th percentile");
    c.l_median = L("中位数", "median");
    fsh_svg_fan(r->f, &c);
    free(v);
}

/* Stacked bars of the means of ms[] in the money unit, with total. */
static void stack_of(const rep *r, const char *title, const fs_metric *ms, int k, fs_metric total)
{
    const int Y = r->res->years;
    double *v = calloc((size_t)Y * (size_t)(k + 1), sizeof *v);
    fsh_stack c;

    if (!v)
        return;
    memset(&c, 0, sizeof c);
    for (int s = 0; s < k; s++) {
        c.labels[s] = mlabel(r, ms[s]);
        for (int y = 0; y < Y; y++)
            v[(size_t)s * (size_t)Y + (size_t)y] = S(r, y, ms[s])->mean / r->div;
    }
    for (int y = 0; y < Y; y++)
        v[(size_t)k * (size_t)Y + (size_t)y] = S(r, y, total)->mean / r->div;
    c.title = title;
    c.unit = r->mu;
    c.x0 = r->res->start_year;
    c.n = Y;
    c.nseries = k;
    c.v = v;
    c.total = v + (size_t)k * (size_t)Y;
    c.total_label = mlabel(r, total);
    fsh_svg_stack(r->f, &c);
    free(v);
}

static void charts(const rep *r)
{
    static const fs_metric income[] = {
        FS_M_INCOME_INDIVIDUAL_RESIDENT, FS_M_INCOME_INDIVIDUAL_SUBSIDY, FS_M_INCOME_FISCAL_CENTRAL,
        FS_M_INCOME_FISCAL_PROVINCIAL,   FS_M_INCOME_FISCAL_CITY,        FS_M_INCOME_FISCAL_COUNTY,
        FS_M_INCOME_INTEREST,            FS_M_INCOME_OTHER,              FS_M_INCOME_TOPUP};
    static const fs_metric spend[] = {FS_M_SPEND_INPATIENT, FS_M_SPEND_OUTPATIENT,
                                      FS_M_SPEND_CHRONIC, FS_M_SPEND_MATERNITY,
                                      FS_M_SPEND_CRITICAL_PREMIUM};
    const char *months = L("月", "months");
    int k = 1;

    fputs("<section class=\"charts\">\n", r->f);
    h2(r, "基金运行", "The fund");
    if (any_finite(r, FS_M_BALANCE)) {
        figure_open(r, &k, "累计结余（年末）", "Accumulated balance (end of year)",
                    L("阴影：各模拟情形的分布", "shaded: spread over the runs"));
        fan_of(r, FS_M_BALANCE, r->div, r->mu, 0);
        fputs("</figure>\n", r->f);
    } else {
        figure_open(r, &k, "累计向统筹基金净上解", "Net transfer to the pool to date",
                    L("本基金无自身累计结余（fund.pooling: ledger）", "no balance of its own (fund.pooling: ledger)"));
        fan_of(r, FS_M_POOL_NET_TRANSFER_CUM, r->div, r->mu, 0);
        fputs("</figure>\n", r->f);
    }
    if (any_finite(r, FS_M_MONTHS_COVERED)) {
        figure_open(r, &k, "累计结余可支付月数", "Months of spending covered",
                    L("绿色：合理区间 fund.reserve_band", "green: fund.reserve_band"));
        fan_of(r, FS_M_MONTHS_COVERED, 1.0, months, 1);
        fputs("</figure>\n", r->f);
    }
    figure_open(r, &k, "基金收入构成（均值）", "Income by payer (mean)",
                L("横线：基金收入合计", "bar: total income"));
    stack_of(r, L("基金收入构成", "Income by payer"), income, (int)(sizeof income / sizeof income[0]),
             FS_M_INCOME_TOTAL);
    fputs("</figure>\n", r->f);
    figure_open(r, &k, "基金支出构成（均值）", "Spending by line (mean)",
                L("横线：基金支出合计", "bar: total spending"));
    stack_of(r, L("基金支出构成", "Spending by line"), spend, (int)(sizeof spend / sizeof spend[0]),
             FS_M_SPEND_TOTAL);
    fputs("</figure>\n</section>\n", r->f);
}

/* ------------------------------------------------------------------ */
/* The table per year. */

typedef enum { C_MEAN, C_MEAN_RANGE, C_PCT, C_PCT_RANGE, C_P95 } col_kind;

typedef struct col {
    fs_metric m;
    col_kind kind;
} col;

static void cell(const rep *r, const col *c, int y)
{
    const fs_stat *s = S(r, y, c->m);
    const fs_metric_info *mi = fs_metric_info_of(c->m);
    char a[64], b[64];
    int pct = c->kind == C_PCT || c->kind == C_PCT_RANGE;
    int money_ = mi->unit == FS_UNIT_YUAN;
#define FMT(x, buf) \
    (pct ? fsh_pct(x, buf, sizeof buf) \
         : money_ ? money(r, x, buf, sizeof buf) \
                  : fsh_num(x, mi->unit == FS_UNIT_PERSONS ? 0 : 1, buf, sizeof buf))

    fprintf(r->f, "<td class=\"n\">%s", FMT(c->kind == C_P95 ? s->p95 : s->mean, a));
    if ((c->kind == C_MEAN_RANGE || c->kind == C_PCT_RANGE) && isfinite(s->p05))
        fprintf(r->f, "<span class=\"rng\">%s\xef\xbd\x9e%s</span>", FMT(s->p05, a), FMT(s->p95, b));
#undef FMT
    fputs("</td>", r->f);
}

static void year_table(const rep *r)
{
    static const col own[] = {
        {FS_M_ENROLLEES, C_MEAN},         {FS_M_INCOME_TOTAL, C_MEAN},
        {FS_M_SPEND_TOTAL, C_MEAN},       {FS_M_SURPLUS, C_MEAN},
        {FS_M_SURPLUS_RATE, C_PCT_RANGE}, {FS_M_BALANCE, C_MEAN_RANGE},
        {FS_M_MONTHS_COVERED, C_MEAN_RANGE}, {FS_M_PROB_DEFICIT, C_PCT},
        {FS_M_PROB_DEPLETED_BY, C_PCT},   {FS_M_PROB_SMALL_SURPLUS, C_PCT},
        {FS_M_SHORTFALL, C_P95}};
    static const col ledger[] = {
        {FS_M_ENROLLEES, C_MEAN},          {FS_M_INCOME_TOTAL, C_MEAN},
        {FS_M_SPEND_TOTAL, C_MEAN},        {FS_M_SURPLUS, C_MEAN_RANGE},
        {FS_M_SURPLUS_RATE, C_PCT_RANGE},  {FS_M_POOL_NET_TRANSFER_CUM, C_MEAN_RANGE},
        {FS_M_PER_CAPITA_INCOME, C_MEAN},  {FS_M_PER_CAPITA_SPEND, C_MEAN}};
    const col *cols = r->res->pooling_ledger ? ledger : own;
    size_t nc = r->res->pooling_ledger ? sizeof ledger / sizeof ledger[0] : sizeof own / sizeof own[0];
    FILE *f = r->f;

    fputs("<section class=\"years\">\n", f);
    h2(r, "分年度主要指标", "Key figures by year");
    fprintf(f, L("<p class=\"note\">金额单位：%s；均值，小字为 5%%～95%% 情形范围；缺口为 p95。</p>\n",
                 "<p class=\"note\">Money in %s; means, with the 5th to 95th percentile below; "
                 "shortfall: p95.</p>\n"),
            r->mu);
    fputs("<table class=\"years\">\n<thead><tr><th>", f);
    fputs(L("年度", "Year"), f);
    fputs("</th>", f);
    for (size_t i = 0; i < nc; i++) {
        const fs_metric_info *mi = fs_metric_info_of(cols[i].m);
        fputs("<th class=\"n\">", f);
        fsh_text(f, mlabel(r, cols[i].m));
        if (cols[i].kind == C_P95)
            fputs(" p95", f);
        if (mi->unit == FS_UNIT_PERSONS)
            fputs(L("（人）", " (persons)"), f);
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (int y = 0; y < r->res->years; y++) {
        fprintf(f, "<tr><td>%d</td>", r->res->start_year + y);
        for (size_t i = 0; i < nc; i++)
            cell(r, &cols[i], y);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n</section>\n", f);
}

/* ------------------------------------------------------------------ */
/* Parameters and provenance. */

static void param_value(const fs_param_view *v, int rc, char *buf, size_t n)
{
    if (rc != FS_OK)
        snprintf(buf, n, "%s", FSH_NA);
    else if (!v->is_text && !isfinite(v->value))
        snprintf(buf, n, "%s", FSH_NA);
    else
        fs_out_param_value(v, rc, 0, buf, n);
}

static void params_table(const rep *r)
{
    FILE *f = r->f;
    const int y0 = r->res->start_year, y1 = y0 + r->res->years - 1;
    size_t n = r->sc ? fs_scenario_param_count(r->sc) : 0;

    if (!n)
        return;
    fputs("<section class=\"params\">\n", f);
    h2(r, "情景参数", "Scenario parameters");
    fprintf(f, L("<p class=\"note\">解析后的全部参数（同 <code>fundsim show</code>），%d 年取值；"
                 "%d 年不同时以 \xe2\x86\x92 标出。来源 ref 为政策文件及条款。本次运行的模拟次数、年数与种子以"
                 "“运行信息”为准（命令行可覆盖 simulation.*）。</p>\n",
                 "<p class=\"note\">Every resolved parameter (as <code>fundsim show</code>), value in "
                 "%d; a different value in %d follows \xe2\x86\x92.  ref: the notice and clause.  The "
                 "replications, years and seed of this run are under Provenance (the command line "
                 "may override simulation.*).</p>\n"),
            y0, y1);
    fputs("<table class=\"params\"><colgroup><col class=\"c1\"><col class=\"c2\"><col class=\"c3\">"
          "<col class=\"c4\"><col></colgroup><thead><tr>", f);
    fputs(L("<th>参数</th><th>名称</th><th class=\"n\">取值</th><th>单位</th><th>来源 ref</th>",
            "<th>Parameter</th><th>Name</th><th class=\"n\">Value</th><th>Unit</th><th>ref</th>"),
          f);
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < n; i++) {
        fs_param_view a, b;
        char va[FS_OUT_NUMBUF], vb[FS_OUT_NUMBUF];
        int ra = fs_scenario_param_get(r->sc, i, y0, &a);
        param_value(&a, ra, va, sizeof va);
        fputs("<tr><td class=\"mono\">", f);
        fsh_text(f, a.path);
        fputs("</td><td>", f);
        fsh_text(f, r->en ? a.label_en : a.label_zh);
        fputs("</td><td class=\"n\">", f);
        fsh_text(f, va);
        int rb = fs_scenario_param_get(r->sc, i, y1, &b);
        param_value(&b, rb, vb, sizeof vb);
        if (strcmp(va, vb) != 0) {
            fputs(" \xe2\x86\x92 ", f);
            fsh_text(f, vb);
        }
        fputs("</td><td>", f);
        fsh_text(f, ra == FS_OK ? a.unit : "");
        fputs("</td><td class=\"ref\">", f);
        fsh_text(f, ra == FS_OK ? a.ref : "");
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table>\n</section>\n", f);
}

/* A row of the provenance table. */
static void prow(FILE *f, const char *k, const char *v, int mono)
{
    fputs("<tr><th>", f);
    fsh_text(f, k);
    fputs(mono ? "</th><td class=\"mono\">" : "</th><td>", f);
    fsh_text(f, v);
    fputs("</td></tr>\n", f);
}

void fsh_files_rows(FILE *f, const fs_file_list *fl, int en)
{
    for (size_t i = 0; i < fl->count; i++) {
        fputs("<tr><th>", f);
        fputs(i == 0 ? (en ? "Files (SHA-256)" : "文件 (SHA-256)") : "", f);
        fputs("</th><td class=\"mono\">", f);
        fsh_text(f, fl->files[i]);
        fputs("<br>", f);
        fsh_text(f, fl->sha256 && fl->sha256[i] ? fl->sha256[i] : FSH_NA);
        fputs("</td></tr>\n", f);
    }
    for (size_t i = 0; i < fl->set_count; i++)
        prow(f, i == 0 ? (en ? "Overrides (--set)" : "覆盖参数 --set") : "", fl->sets[i], 1);
    for (size_t i = 0; i < fl->calib_count; i++) {
        char v[FS_OUT_NUMBUF + 300];
        snprintf(v, sizeof v, "%s = %.10g (calibrate.year %d)", fl->calib[i].path,
                 fl->calib[i].value, fl->calib_year);
        prow(f, i == 0 ? (en ? "Calibration" : "校准因子") : "", v, 1);
    }
}

void fsh_run_rows(FILE *f, const fs_results *res, const char *git, int en)
{
    char v[128];

    prow(f, en ? "fundsim version" : "fundsim 版本", FS_VERSION, 0);
    prow(f, "git", git ? git : "unknown", 1);
    snprintf(v, sizeof v, "%" PRIu64, res->seed);
    prow(f, en ? "Seed" : "随机种子 seed", v, 1);
    snprintf(v, sizeof v, "%d", res->replications);
    prow(f, en ? "Replications" : "模拟次数 replications", v, 0);
    snprintf(v, sizeof v, "%d (%d\xe2\x80\x93%d)", res->years, res->start_year,
             res->start_year + res->years - 1);
    prow(f, en ? "Years" : "年数 years", v, 0);
    snprintf(v, sizeof v, "%s (%s %s)", fs_mode_name(res->mode), en ? "requested" : "请求",
             fs_mode_name(res->mode_requested));
    prow(f, en ? "Mode" : "模式 mode", v, 0);
    snprintf(v, sizeof v, "%s, stream table %d", fs_generator_name(), fs_stream_table_version());
    prow(f, en ? "Generator" : "随机数发生器", v, 0);
}

static void provenance(const rep *r, const fs_run_info *info)
{
    FILE *f = r->f;

    fputs("<section class=\"prov\">\n", f);
    h2(r, "运行信息", "Provenance");
    fputs("<table class=\"prov\"><tbody>\n", f);
    prow(f, L("情景", "Scenario"), info && info->scenario_name ? info->scenario_name : r->res->scenario, 0);
    prow(f, L("统筹方式 fund.pooling", "fund.pooling"), r->res->pooling_ledger ? "ledger" : "own", 0);
    fsh_run_rows(f, r->res, info ? info->git : NULL, r->en);
    if (info)
        fsh_files_rows(f, &info->files, r->en);
    fputs("</tbody></table>\n", f);
    fputs(L("<p class=\"note\">均值为各模拟情形的平均；p05、p25、p50（中位数）、p75、p95 为分位数。"
            "同一情景与种子得到逐字节相同的报告（不含运行时间与线程数，见 run.json）。</p>\n",
            "<p class=\"note\">Means are over the replications; p05 to p95 are percentiles (p50: "
            "median).  The same scenario and seed give the same bytes (wall time and threads are "
            "in run.json).</p>\n"),
          f);
    fputs("</section>\n", f);
}

int fs_out_report_html(FILE *f, const fs_results *res, const fs_stat *stats,
                       const fs_scenario *sc, const fs_run_info *info, int en)
{
    rep rr = {f, res, stats, sc, en, 1e4, "万元"}, *r = &rr;
    const char *name = info && info->scenario_name ? info->scenario_name : res ? res->scenario : "";
    const char *uzh, *uen;
    double maxabs = 0.0;
    char title[400];

    if (!f || !res || !stats || res->years < 1)
        return FS_EUSAGE;
    for (int y = 0; y < res->years; y++)
        if (isfinite(S(r, y, FS_M_INCOME_TOTAL)->mean))
            maxabs = fmax(maxabs, fabs(S(r, y, FS_M_INCOME_TOTAL)->mean));
    fsh_money_unit(maxabs, &rr.div, &uzh, &uen);
    rr.mu = en ? uen : uzh;
    snprintf(title, sizeof title, "%s %s", name, L("基金运行模拟报告", "fund simulation report"));
    fsh_page_head(f, en ? "en" : "zh-CN", title);
    fputs("<header>\n<h1>", f);
    fsh_text(f, name);
    fputs(L(" 基金运行模拟报告<span class=\"en\">Fund simulation report</span>",
            " fund simulation report"), f);
    fprintf(f, L("</h1>\n<p class=\"meta\">城乡居民基本医疗保险统筹基金 · %d\xe2\x80\x93%d 年 · %d 次蒙特卡罗模拟 · "
                 "种子 %" PRIu64 " · 金额单位：%s</p>\n</header>\n",
                 "</h1>\n<p class=\"meta\">Resident medical insurance pooled fund · %d\xe2\x80\x93%d · "
                 "%d Monte Carlo replications · seed %" PRIu64 " · money in %s</p>\n</header>\n"),
            res->start_year, res->start_year + res->years - 1, res->replications, res->seed, rr.mu);
    headline(r);
    charts(r);
    year_table(r);
    params_table(r);
    provenance(r, info);
    fputs("<footer>fundsim " FS_VERSION "</footer>\n</body>\n</html>\n", f);
    return ferror(f) ? FS_EIO : FS_OK;
}
