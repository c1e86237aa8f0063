/* output/xlsx_book.c -- the sheets of summary.xlsx for its readers: the
 * fund (with fan charts), the fiscal budgets, enrollment by group and
 * tier, the parameters and the provenance (fs_output.h describes them;
 * output/xlsx.c holds the book, tables and charts they are drawn with). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlsx_parts.h"

/* The statistic of a column of the fund and fiscal sheets. */
enum { ST_MEAN, ST_P05, ST_P25, ST_P50, ST_P75, ST_P95 };

typedef struct mcol {
    fs_metric m;
    int stat;
    const char *zh, *en; /* NULL: the metric's labels */
    int sum;
} mcol;

static double stat_of(const fs_stat *st, int stat)
{
    switch (stat) {
    case ST_P05: return st->p05;
    case ST_P25: return st->p25;
    case ST_P50: return st->p50;
    case ST_P75: return st->p75;
    case ST_P95: return st->p95;
    default: return st->mean;
    }
}

/* A table of years from metric columns; v (years x n) is filled. */
static int metric_table(book *b, lxw_worksheet *ws, int row, const fs_results *res,
                        const fs_stat *stats, const mcol *mc, int n, const char *zh,
                        const char *en, int total, double *v, xcol *cols)
{
    for (int c = 0; c < n; c++) {
        cols[c].zh = mc[c].zh ? mc[c].zh : fs_metric_label_zh(mc[c].m);
        cols[c].en = mc[c].en ? mc[c].en : xb_metric_en(mc[c].m);
        cols[c].u = xb_metric_unit(mc[c].m);
        cols[c].sum = mc[c].sum;
        for (int y = 0; y < res->years; y++)
            v[(size_t)y * (size_t)n + (size_t)c] =
                stat_of(&stats[(size_t)y * FS_M_COUNT + (size_t)mc[c].m], mc[c].stat);
    }
    xtable t = {zh, en, "年度", "year", n, cols, res->years, NULL, res->start_year, v, total, 0};
    return xb_table(b, ws, row, &t, NULL);
}

static void sheet_title(book *b, lxw_worksheet *ws, const fs_results *res, const char *zh,
                        const char *en)
{
    char t[700];
    int k = snprintf(t, sizeof t, "%s · %s · %d–%d", xb_label(b, zh, en, NULL), res->scenario,
                     res->start_year, res->start_year + res->years - 1);
    if (k > 0 && (size_t)k < sizeof t && strcmp(en, "Resolved parameters and their sources"))
        snprintf(t + k, sizeof t - (size_t)k, " · %s",
                 xb_label(b, "金额单位", "money in", xb_unit_text(b, U_MONEY)));
    xb_str(b, ws, 0, 0, t, b->title);
    xb_chk(b, worksheet_set_row(ws, 0, 22, NULL));
}

/* Fills p (years x 5) with the shown percentiles of metric m. */
static void percentiles(const book *b, const fs_results *res, const fs_stat *stats, fs_metric m,
                        double *p)
{
    xunit u = xb_metric_unit(m);
    for (int y = 0; y < res->years; y++) {
        const fs_stat *st = &stats[(size_t)y * FS_M_COUNT + (size_t)m];
        const double q[5] = {st->p05, st->p25, st->p50, st->p75, st->p95};
        for (int k = 0; k < 5; k++)
            p[(size_t)y * 5 + (size_t)k] = xb_scaled(b, u, q[k]);
    }
}

static const mcol fund_own[] = {
    {FS_M_INCOME_TOTAL, ST_MEAN, "基金收入", "Fund income", 1},
    {FS_M_SPEND_TOTAL, ST_MEAN, "基金支出", "Fund spending", 1},
    {FS_M_SURPLUS, ST_MEAN, NULL, NULL, 1},
    {FS_M_SURPLUS_RATE, ST_MEAN, NULL, NULL, 0},
    {FS_M_BALANCE, ST_P05, "累计结余 P05", "Balance, P05", 0},
    {FS_M_BALANCE, ST_P25, "累计结余 P25", "Balance, P25", 0},
    {FS_M_BALANCE, ST_P50, "累计结余 中位数", "Balance, median", 0},
    {FS_M_BALANCE, ST_P75, "累计结余 P75", "Balance, P75", 0},
    {FS_M_BALANCE, ST_P95, "累计结余 P95", "Balance, P95", 0},
    {FS_M_MONTHS_COVERED, ST_MEAN, NULL, NULL, 0},
    {FS_M_PROB_DEFICIT, ST_MEAN, NULL, NULL, 0},
    {FS_M_PROB_DEPLETED_BY, ST_MEAN, "截至当年耗尽概率", "P(depleted by the year)", 0},
    {FS_M_PROB_SMALL_SURPLUS, ST_MEAN, NULL, NULL, 0},
    {FS_M_PROB_RESERVE_LOW, ST_MEAN, NULL, NULL, 0}};
static const mcol fund_ledger[] = {
    {FS_M_INCOME_TOTAL, ST_MEAN, "基金收入", "Fund income", 1},
    {FS_M_SPEND_TOTAL, ST_MEAN, "基金支出", "Fund spending", 1},
    {FS_M_POOL_NET_TRANSFER, ST_MEAN, "净上解", "Net transfer", 1},
    {FS_M_SURPLUS_RATE, ST_MEAN, NULL, NULL, 0},
    {FS_M_POOL_NET_TRANSFER_CUM, ST_P05, "累计净上解 P05", "Transfer to date, P05", 0},
    {FS_M_POOL_NET_TRANSFER_CUM, ST_P25, "累计净上解 P25", "Transfer to date, P25", 0},
    {FS_M_POOL_NET_TRANSFER_CUM, ST_P50, "累计净上解 中位数", "Transfer to date, median", 0},
    {FS_M_POOL_NET_TRANSFER_CUM, ST_P75, "累计净上解 P75", "Transfer to date, P75", 0},
    {FS_M_POOL_NET_TRANSFER_CUM, ST_P95, "累计净上解 P95", "Transfer to date, P95", 0}};
#define NFUND_MAX ((int)(sizeof fund_own / sizeof fund_own[0]))

/* The fund by year; on the next page the fan charts of the balance (or,
 * for a county ledger of a municipal pool, of its net transfer to the
 * pool to date) and of the months covered. */
static int fund_sheet(book *b, const fs_results *res, const fs_stat *stats)
{
    const int ledger = res->pooling_ledger, Y = res->years;
    const mcol *mc = ledger ? fund_ledger : fund_own;
    const int n = ledger ? (int)(sizeof fund_ledger / sizeof fund_ledger[0]) : NFUND_MAX;
    const int hcol = n + 2, fanh = 400, fanw = 61 + n * 78 - 8;
    char sname[80];
    xcol cols[NFUND_MAX];
    double *v = calloc((size_t)(Y > 0 ? Y : 1) * (size_t)n, sizeof *v);
    double *p = calloc((size_t)(Y > 0 ? Y : 1) * 5, sizeof *p);
    lxw_worksheet *ws = v && p ? xb_sheet(b, "基金", "fund") : NULL;
    int row, last;

    if (!v || !p) {
        free(v);
        free(p);
        return FS_ENOMEM;
    }
    if (!ws) {
        free(v);
        free(p);
        return FS_OK;
    }
    snprintf(sname, sizeof sname, "%s", xb_label(b, "基金", "fund", NULL));
    sheet_title(b, ws, res, "基金收支与累计结余", "Fund income, spending and balance");
    row = metric_table(b, ws, 1, res, stats, mc, n, NULL, NULL, 1, v, cols);
    last = row;
    if (Y > 0) {
        lxw_row_t brk[] = {(lxw_row_t)row, 0};
        xfan fan = {sname, 1, hcol, Y, res->start_year, p, b->fmt[U_MONEY],
                    ledger ? "累计向统筹基金净上解" : "累计结余",
                    ledger ? "Net transfer to the municipal pool to date" : "Fund balance",
                    xb_unit_text(b, U_MONEY), b->money.div >= 1e8 ? "#,##0.0" : "#,##0",
                    row + 1, 0, fanw, fanh};
        percentiles(b, res, stats, ledger ? FS_M_POOL_NET_TRANSFER_CUM : FS_M_BALANCE, p);
        xb_fan_chart(b, ws, &fan);
        last = row + 1 + fanh / 20;
        if (!ledger) {
            percentiles(b, res, stats, FS_M_MONTHS_COVERED, p);
            fan.hcol = hcol + 9;
            fan.fmt = b->fmt[U_MONTHS];
            fan.title_zh = "可支付月数";
            fan.title_en = "Months of spending covered";
            fan.axis_unit = xb_unit_text(b, U_MONTHS);
            fan.num_format = "0";
            fan.at_row = last + 1;
            xb_fan_chart(b, ws, &fan);
            last = fan.at_row + fanh / 20;
        }
        xb_chk(b, worksheet_set_h_pagebreaks(ws, brk));
    }
    xb_chk(b, worksheet_set_column(ws, 0, 0, 8, NULL));
    xb_chk(b, worksheet_set_column(ws, 1, (lxw_col_t)n, 10.5, NULL));
    xb_chk(b, worksheet_set_column(ws, (lxw_col_t)hcol, (lxw_col_t)(hcol + 17), 11, NULL));
    worksheet_freeze_panes(ws, 2, 1);
    /* A fixed scale, not fit-to-width: Excel and LibreOffice ignore manual
     * page breaks when fitting, and the charts must start a page. */
    xb_print_setup(b, ws, 2, last, n, n >= 14 ? 62 : 85);
    free(v);
    free(p);
    return FS_OK;
}

/* Each level's share of the fiscal subsidy, and the subsidy per enrollee. */
static void fiscal_derived(const fs_results *res, const fs_stat *stats, double *per, double *share)
{
    static const fs_metric lv[] = {FS_M_INCOME_FISCAL, FS_M_INCOME_FISCAL_CENTRAL,
                                   FS_M_INCOME_FISCAL_PROVINCIAL, FS_M_INCOME_FISCAL_CITY,
                                   FS_M_INCOME_FISCAL_COUNTY};
    for (int y = 0; y < res->years; y++) {
        const fs_stat *s = &stats[(size_t)y * FS_M_COUNT];
        double tot = s[FS_M_INCOME_FISCAL].mean, enr = s[FS_M_ENROLLEES].mean;
        per[(size_t)y * 6] = enr;
        for (int k = 0; k < 5; k++) {
            double x = s[lv[k]].mean;
            per[(size_t)y * 6 + 1 + (size_t)k] = enr > 0 ? x / enr : NAN;
            if (k > 0)
                share[(size_t)y * 4 + (size_t)k - 1] = tot != 0 ? x / tot : NAN;
        }
    }
}

static const mcol fiscal_levels[] = {
    {FS_M_INCOME_FISCAL, ST_MEAN, "财政补助合计", "Fiscal subsidy, total", 1},
    {FS_M_INCOME_FISCAL_CENTRAL, ST_MEAN, "中央", "Central", 1},
    {FS_M_INCOME_FISCAL_PROVINCIAL, ST_MEAN, "省级", "Provincial", 1},
    {FS_M_INCOME_FISCAL_CITY, ST_MEAN, "市级", "City", 1},
    {FS_M_INCOME_FISCAL_COUNTY, ST_MEAN, "县级", "County", 1},
    {FS_M_ASSIST_CONTRIB_SUBSIDY, ST_MEAN, "医疗救助资助参保", "Assistance subsidies", 1}};
static const mcol fiscal_gap[] = {
    {FS_M_INCOME_TOPUP, ST_MEAN, "财政兜底 均值", "Top-up, mean", 1},
    {FS_M_INCOME_TOPUP, ST_P95, "财政兜底 P95", "Top-up, P95", 0},
    {FS_M_SHORTFALL, ST_P95, "当年基金缺口 P95", "Shortfall, P95", 0},
    {FS_M_SHORTFALL_CENTRAL, ST_P95, "缺口中央承担 P95", "Central budget, P95", 0},
    {FS_M_SHORTFALL_PROVINCIAL, ST_P95, "缺口省级承担 P95", "Provincial budget, P95", 0},
    {FS_M_SHORTFALL_CITY, ST_P95, "缺口市级承担 P95", "City budget, P95", 0},
    {FS_M_SHORTFALL_COUNTY, ST_P95, "缺口县级承担 P95", "County budget, P95", 0},
    {FS_M_SHORTFALL_OTHER, ST_P95, "缺口其他资金承担 P95", "Other funds, P95", 0},
    {FS_M_SHORTFALL_CUM, ST_P95, "累计基金缺口 P95", "Shortfall to date, P95", 0}};

/* The fiscal budgets: the subsidy by level, per enrollee, each level's
 * share, the top-up and each budget's shortfall. */
static int fiscal_sheet(book *b, const fs_results *res, const fs_stat *stats)
{
    static const xcol per_cols[6] = {
        {"参保人数", "Enrollees", U_PERSONS, 0},   {"人均财政补助", "Subsidy per enrollee", U_YUAN, 0},
        {"中央", "Central", U_YUAN, 0},            {"省级", "Provincial", U_YUAN, 0},
        {"市级", "City", U_YUAN, 0},               {"县级", "County", U_YUAN, 0}};
    static const xcol share_cols[4] = {{"中央", "Central", U_PCT, 0},
                                       {"省级", "Provincial", U_PCT, 0},
                                       {"市级", "City", U_PCT, 0},
                                       {"县级", "County", U_PCT, 0}};
    const int Y = res->years > 0 ? res->years : 1;
    double *v = calloc((size_t)Y * 9, sizeof *v), *per = calloc((size_t)Y * 6, sizeof *per),
           *share = calloc((size_t)Y * 4, sizeof *share);
    lxw_worksheet *ws = v && per && share ? xb_sheet(b, "财政", "fiscal") : NULL;
    xcol cols[9];
    int row = 2;

    if (ws) {
        sheet_title(b, ws, res, "各级财政补助与兜底", "Fiscal subsidy and top-up by level");
        row = metric_table(b, ws, row, res, stats, fiscal_levels, 6, "各级财政补助（均值）",
                           "Fiscal subsidy by level (mean)", 1, v, cols) + 1;
        fiscal_derived(res, stats, per, share);
        xtable tp = {"人均财政补助（各级补助均值 ÷ 参保人数均值）",
                     "Subsidy per enrollee (mean subsidy / mean enrollees)", "年度", "year", 6,
                     per_cols, res->years, NULL, res->start_year, per, 0, 0};
        row = xb_table(b, ws, row, &tp, NULL) + 1;
        if (res->years <= 12) { /* the shares and the shortfall on a page of their own */
            lxw_row_t brk[] = {(lxw_row_t)row, 0};
            xb_chk(b, worksheet_set_h_pagebreaks(ws, brk));
        }
        xtable ts = {"各级分担比例（模拟结果：各级补助 ÷ 合计）",
                     "Each level's share of the subsidy (from the results)", "年度", "year", 4,
                     share_cols, res->years, NULL, res->start_year, share, 0, 0};
        row = xb_table(b, ws, row, &ts, NULL) + 1;
        row = metric_table(b, ws, row, res, stats, fiscal_gap, 9,
                           "财政兜底与基金缺口（各级预算按 fund.deficit_shares 分担）",
                           "Top-up and shortfall by budget (fund.deficit_shares)", 1, v, cols);
        xb_chk(b, worksheet_set_column(ws, 0, 0, 8, NULL));
        xb_chk(b, worksheet_set_column(ws, 1, 9, 13, NULL));
        worksheet_freeze_panes(ws, 1, 1);
        xb_print_setup(b, ws, 1, row, 9, 72); /* fixed: its page break holds */
    }
    free(v);
    free(per);
    free(share);
    return v && per && share ? FS_OK : FS_ENOMEM;
}

/* One table of the enrollment sheet: quantity k per (group, tier) by year,
 * with a total row. */
static int group_table(book *b, lxw_worksheet *ws, int row, const fs_results *res,
                       const fs_stat *gs, fs_group_quantity k, xunit u, const char *const *lab,
                       xcol *cols, double *v)
{
    const int G = res->ngroups_out, T = res->ntiers_out, Y = res->years;
    const size_t K = fs_results_gq(res);

    for (int y = 0; y < Y; y++) {
        cols[y].u = u;
        cols[y].sum = 1;
    }
    for (int g = 0; g < G; g++)
        for (int t = 0; t < T; t++)
            for (int y = 0; y < Y; y++)
                v[((size_t)g * (size_t)T + (size_t)t) * (size_t)Y + (size_t)y] =
                    gs[(((size_t)y * (size_t)G + (size_t)g) * (size_t)T + (size_t)t) * K +
                       (size_t)k]
                        .mean;
    xtable tb = {fs_group_quantity_label_zh(k), fs_group_quantity_label_en(k), "人群 · 档次",
                 "group · tier", Y, cols, G * T, lab, res->start_year, v, 1, 0};
    return xb_table(b, ws, row, &tb, NULL) + 1;
}

/* Enrollment by group and tier (from the group table). */
static int groups_sheet(book *b, const fs_results *res, const fs_stat *gstats)
{
    const int G = res->ngroups_out, T = res->ntiers_out, Y = res->years;
    size_t per = res->gvalues && G > 0 && T > 0 && res->rep_count > 0 && Y > 0
                     ? fs_results_gper_rep(res)
                     : 0;
    if (per == 0)
        return FS_OK;
    fs_stat *own = gstats ? NULL : malloc(per * sizeof *own);
    char(*lab)[160] = calloc((size_t)(G * T), sizeof *lab);
    char(*yl)[2][16] = calloc((size_t)Y, sizeof *yl);
    const char **labp = calloc((size_t)(G * T), sizeof *labp);
    xcol *cols = calloc((size_t)Y, sizeof *cols);
    double *v = calloc((size_t)(G * T * Y), sizeof *v);
    int rc = (!gstats && !own) || !lab || !yl || !labp || !cols || !v ? FS_ENOMEM : FS_OK;
    if (rc == FS_OK && !gstats && fs_results_summarize_groups(res, own) != FS_OK)
        rc = -1; /* no table to show */
    lxw_worksheet *ws = rc == FS_OK ? xb_sheet(b, "参保", "enrollees") : NULL;
    if (ws) {
        const fs_stat *gs = gstats ? gstats : own;
        int row = 2;
        for (int g = 0; g < G; g++)
            for (int t = 0; t < T; t++) {
                snprintf(lab[g * T + t], sizeof lab[0], T > 1 ? "%s · %s" : "%s",
                         res->group_names[g], res->tier_names[t]);
                labp[g * T + t] = lab[g * T + t];
            }
        for (int y = 0; y < Y; y++) {
            snprintf(yl[y][0], sizeof yl[y][0], "%d年", res->start_year + y);
            snprintf(yl[y][1], sizeof yl[y][1], "%d", res->start_year + y);
            cols[y].zh = b->lang_en ? "" : yl[y][0];
            cols[y].en = b->lang_en ? yl[y][1] : "";
        }
        sheet_title(b, ws, res, "参保人数与基金支付（按人群、档次）",
                    "Enrollment and benefits by group and tier");
        row = group_table(b, ws, row, res, gs, FS_GQ_ENROLLEES, U_PERSONS, labp, cols, v);
        row = group_table(b, ws, row, res, gs, FS_GQ_INCOME_INDIVIDUAL, U_MONEY, labp, cols, v);
        row = group_table(b, ws, row, res, gs, FS_GQ_BENEFITS_BASIC, U_MONEY, labp, cols, v);
        xb_chk(b, worksheet_set_column(ws, 0, 0, 30, NULL));
        xb_chk(b, worksheet_set_column(ws, 1, (lxw_col_t)Y, 12, NULL));
        worksheet_freeze_panes(ws, 1, 1);
        xb_print_setup(b, ws, 1, row, Y, 0);
    }
    free(own);
    free(lab);
    free(yl);
    free(labp);
    free(cols);
    free(v);
    return rc == FS_ENOMEM ? FS_ENOMEM : FS_OK;
}

/* The value of parameter i in year y: a number, or text. */
static void param_cell(book *b, lxw_worksheet *ws, int row, int col, const fs_scenario *sc,
                       size_t i, int year)
{
    fs_param_view v;
    char buf[FS_OUT_NUMBUF];
    int rc;

    memset(&v, 0, sizeof v);
    rc = fs_scenario_param_get(sc, i, year, &v);
    if (rc == FS_OK && !v.is_text && isfinite(v.value)) {
        xb_num(b, ws, row, col, v.value, NULL);
        return;
    }
    fs_out_param_value(&v, rc, year, buf, sizeof buf);
    xb_str(b, ws, row, col, buf, b->fmt[U_TEXT]);
}

/* Every resolved parameter, as `fundsim show`, in the first and last year. */
static void params_sheet(book *b, const fs_results *res, const fs_scenario *sc)
{
    static const char *const hz[] = {"参数路径", "名称", NULL, NULL, "单位", "出处", "定义位置"};
    static const char *const he[] = {"key path", "label", NULL, NULL, "unit", "ref", "origin"};
    const int y0 = res->start_year, y1 = res->start_year + (res->years > 0 ? res->years - 1 : 0);
    size_t n = fs_scenario_param_count(sc);
    lxw_worksheet *ws = xb_sheet(b, "参数", "parameters");
    char zh[32], en[32];

    if (!ws)
        return;
    sheet_title(b, ws, res, "参数（解析后）及出处", "Resolved parameters and their sources");
    for (int c = 0; c < 7; c++) {
        if (c == 2 || c == 3) {
            snprintf(zh, sizeof zh, "%d年取值", c == 2 ? y0 : y1);
            snprintf(en, sizeof en, "value %d", c == 2 ? y0 : y1);
            xb_str(b, ws, 1, c, xb_label(b, zh, en, NULL), b->head);
        } else {
            xb_str(b, ws, 1, c, xb_label(b, hz[c], he[c], NULL), b->head);
        }
    }
    for (size_t i = 0; i < n; i++) {
        fs_param_view v;
        int row = 2 + (int)i;
        memset(&v, 0, sizeof v);
        if (fs_scenario_param_get(sc, i, y0, &v) != FS_OK)
            memset(&v, 0, sizeof v); /* its texts stay empty; the value cell says why */
        xb_str(b, ws, row, 0, v.path, b->fmt[U_TEXT]);
        xb_str(b, ws, row, 1, xb_label(b, v.label_zh, v.label_en, NULL), b->wrap);
        xb_str(b, ws, row, 4, v.unit, b->fmt[U_TEXT]);
        xb_str(b, ws, row, 5, v.ref, b->wrap);
        xb_str(b, ws, row, 6, v.origin, b->fmt[U_TEXT]);
        param_cell(b, ws, row, 2, sc, i, y0);
        param_cell(b, ws, row, 3, sc, i, y1);
        size_t wl = fs_out_display_width(xb_label(b, v.label_zh, v.label_en, NULL)) / 46 + 1,
               wr = fs_out_display_width(v.ref) / 52 + 1;
        if (wl > 1 || wr > 1)
            xb_chk(b, worksheet_set_row(ws, (lxw_row_t)row, 15.0 * (double)(wl > wr ? wl : wr),
                                        NULL));
    }
    xb_chk(b, worksheet_set_row(ws, 1, 32, NULL));
    xb_chk(b, worksheet_set_column(ws, 0, 0, 40, NULL));
    xb_chk(b, worksheet_set_column(ws, 1, 1, 46, NULL));
    xb_chk(b, worksheet_set_column(ws, 2, 3, 14, NULL));
    xb_chk(b, worksheet_set_column(ws, 4, 4, 12, NULL));
    xb_chk(b, worksheet_set_column(ws, 5, 5, 52, NULL));
    xb_chk(b, worksheet_set_column(ws, 6, 6, 30, NULL));
    worksheet_freeze_panes(ws, 2, 1);
    xb_print_setup(b, ws, 2, 1 + (int)n, 6, 0);
}

static const char UNITS_ZH[] =
    "金额以万元（省级基金为亿元）计，表头注明单位；单元格为数值（元 ÷ 10⁴ 或 10⁸），可直接计算。人均金额以元计。"
    "比率和概率以百分数显示，单元格内为 0–1 的比例。均值为各次蒙特卡洛模拟的平均；P05…P95 为各次模拟间的分位数"
    "（如成本的 P95：二十次模拟中仅一次超过的坏年份）。概率为事件发生的模拟次数占比。空单元格表示无定义"
    "（如无收入时的结余率）。隐藏表“数据 data”（格式 > 工作表 > 显示）为 summary.csv 的原始数值（元），供研究者使用，不打印。";
static const char UNITS_EN[] =
    "Money is in 10k yuan (万元; 100m yuan, 亿元, for a provincial fund), named in every header; "
    "cells hold numbers (yuan / 1e4 or 1e8), so they can be computed with.  Per-capita amounts are "
    "in yuan.  Rates and probabilities are shown as percentages; the cells hold shares in 0-1.  "
    "Mean is the average over the Monte Carlo replications; P05..P95 are percentiles across "
    "replications (P95 of a cost: a bad year, exceeded in one replication in twenty).  A "
    "probability is the share of replications in which the event happened.  An empty cell is "
    "undefined (e.g. the surplus rate without income).  The hidden sheet data (Format > Sheet > "
    "Show) holds summary.csv's raw values (yuan) for researchers; it is not printed.";

/* Provenance: what was run, from which files, and how to read it. */
static void about_sheet(book *b, const fs_results *res, const fs_xlsx_opts *opt)
{
    lxw_worksheet *ws = xb_sheet(b, "说明", "about");
    const fs_run_info *info = opt->info;
    char line[600];
    int row = 0;

    if (!ws)
        return;
    xb_about_row(b, ws, &row, "方案", "scenario", res->scenario);
    if (info && info->git)
        xb_about_row(b, ws, &row, "代码版本", "git", info->git);
    for (size_t i = 0; info && i < info->files.count; i++) {
        snprintf(line, sizeof line, "%s  sha256 %s", info->files.files[i],
                 info->files.sha256 && info->files.sha256[i] ? info->files.sha256[i] : "-");
        xb_about_row(b, ws, &row, "文件", "file", line);
    }
    for (size_t i = 0; info && i < info->files.set_count; i++)
        xb_about_row(b, ws, &row, "覆盖参数", "override", info->files.sets[i]);
    xb_about_run(b, ws, &row, res);
    xb_about_row(b, ws, &row, "金额单位", "money unit", xb_unit_text(b, U_MONEY));
    if (res->pooling_ledger)
        xb_about_row(b, ws, &row, "统筹方式", "pooling",
                     b->lang_en ? "a county ledger of a municipal pool (fund.pooling: ledger): "
                                  "no balance of its own; the net transfer to the pool is shown"
                                : "市级统筹下的县级核算（fund.pooling: ledger）：无独立累计结余，"
                                  "显示向统筹基金的净上解");
    row++;
    xb_about_note(b, ws, &row, "阅读说明", "how to read", UNITS_ZH, UNITS_EN, 110);
    xb_chk(b, worksheet_set_column(ws, 0, 0, 24, NULL));
    xb_chk(b, worksheet_set_column(ws, 1, 1, 110, NULL));
    xb_print_setup(b, ws, 0, row, 1, 0);
}

int xb_summary_sheets(book *b, const fs_results *res, const fs_stat *stats,
                      const fs_xlsx_opts *opt)
{
    int rc = fund_sheet(b, res, stats);
    if (rc == FS_OK)
        rc = fiscal_sheet(b, res, stats);
    if (rc == FS_OK)
        rc = groups_sheet(b, res, opt->gstats);
    if (rc == FS_OK && opt->sc)
        params_sheet(b, res, opt->sc);
    if (rc == FS_OK)
        about_sheet(b, res, opt);
    return rc;
}
