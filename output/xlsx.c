/* output/xlsx.c -- summary.xlsx, diff.xlsx and sweep.xlsx (libxlsxwriter).
 *
 * Written against fundsim.h and fs_output.h only: the workbook is built
 * from the results structure and the summary statistics, nothing else.
 * libxlsxwriter 1.1.4 can only write to a named file, so the workbook is
 * written to a private temporary (mkstemp in the output directory, see
 * fs_out_xlsx_temp_dir, or else in $TMPDIR or /tmp) and copied
 * into the caller's stream, which keeps the FILE* convention of the other
 * writers (and so the all-or-nothing staging of the output directory).
 *
 * Reproducible bytes: the document's creation time is fixed at
 * 2000-01-01T00:00:00Z (it also dates the zip members), and nothing in
 * the workbook depends on the time, the paths, the thread count or the
 * MPI ranks.  Non-finite values are left as empty cells. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "fs_output.h"

#define XLSX_CREATED ((time_t)946684800) /* 2000-01-01T00:00:00Z */

#define SHEET_SUMMARY "summary"
#define SHEET_DIFF "diff"
#define SHEET_FISCAL "财政配套 fiscal"
#define SHEET_FUND "fund 基金"
#define SHEET_ABOUT "about"
#define SHEET_SWEEP "扫描 sweep"
#define SHEET_GROUPS "人群 groups"

const char *fs_out_xlsx_num_format(int m)
{
    const fs_metric_info *mi = fs_metric_info_of((fs_metric)m);

    switch (mi ? mi->unit : FS_UNIT_YUAN) {
    case FS_UNIT_SHARE:
    case FS_UNIT_PROBABILITY: return "0.0000";
    case FS_UNIT_MONTHS: return "0.00";
    case FS_UNIT_YEAR: return "0";
    case FS_UNIT_YUAN:
    case FS_UNIT_PERSONS:
    case FS_UNIT_CASES: break;
    }
    return "#,##0";
}

/* The workbook being built, with its formats and a sticky error. */
typedef struct book {
    lxw_workbook *wb;
    lxw_format *bold, *wrap, *bwrap, *year, *money, *rate, *months;
    int bad;
} book;

static void chk(book *b, lxw_error e)
{
    if (e != LXW_NO_ERROR)
        b->bad = 1;
}

static lxw_format *metric_format(const book *b, int m)
{
    const char *f = fs_out_xlsx_num_format(m);

    if (!strcmp(f, "0.0000"))
        return b->rate;
    if (!strcmp(f, "0.00"))
        return b->months;
    if (!strcmp(f, "0"))
        return b->year;
    return b->money;
}

/* A finite number, or nothing (an empty cell, as the CSV's empty field). */
static void num(book *b, lxw_worksheet *ws, int row, int col, double x, lxw_format *fmt)
{
    if (isfinite(x))
        chk(b, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, x, fmt));
}

static void str(book *b, lxw_worksheet *ws, int row, int col, const char *s, lxw_format *fmt)
{
    chk(b, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s ? s : "", fmt));
}

static int book_open(book *b, const char *path, const char *title)
{
    char title_buf[256], subject[] = "fundsim results", author[] = "fundsim " FS_VERSION;
    lxw_doc_properties props;

    memset(b, 0, sizeof *b);
    b->wb = workbook_new(path);
    if (!b->wb)
        return FS_EIO;
    snprintf(title_buf, sizeof title_buf, "%s", title);
    memset(&props, 0, sizeof props);
    props.title = title_buf;
    props.subject = subject;
    props.author = author;
    props.created = XLSX_CREATED;
    chk(b, workbook_set_properties(b->wb, &props));
    b->bold = workbook_add_format(b->wb);
    b->wrap = workbook_add_format(b->wb);
    b->bwrap = workbook_add_format(b->wb);
    b->year = workbook_add_format(b->wb);
    b->money = workbook_add_format(b->wb);
    b->rate = workbook_add_format(b->wb);
    b->months = workbook_add_format(b->wb);
    if (!b->bold || !b->wrap || !b->bwrap || !b->year || !b->money || !b->rate || !b->months) {
        b->bad = 1;
        return FS_OK;
    }
    format_set_bold(b->bold);
    format_set_text_wrap(b->wrap);
    format_set_align(b->wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_bold(b->bwrap);
    format_set_text_wrap(b->bwrap);
    format_set_align(b->bwrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_num_format(b->year, "0");
    format_set_num_format(b->money, "#,##0");
    format_set_num_format(b->rate, "0.0000");
    format_set_num_format(b->months, "0.00");
    return FS_OK;
}

static lxw_worksheet *sheet(book *b, const char *name)
{
    lxw_worksheet *ws = b->bad ? NULL : workbook_add_worksheet(b->wb, name);

    if (!ws)
        b->bad = 1;
    return ws;
}

/* The statistics table of summary.csv / diff.csv, with a Chinese label
 * column after `metric`.  `pre` names the leading text columns (the
 * scenario, or base and alt) and `pre_val` their values. */
static void stats_sheet(book *b, const char *name, const fs_results *res, const fs_stat *stats,
                        int npre, const char *const *pre, const char *const *pre_val)
{
    static const char *const cols[] = {"year", "metric", "label_zh", "mean", "se", "sd",
                                       "p05",  "p25",    "p50",      "p75",  "p95"};
    const int ncols = npre + (int)(sizeof cols / sizeof cols[0]);
    lxw_worksheet *ws = sheet(b, name);
    int row = 1;

    if (!ws)
        return;
    for (int c = 0; c < npre; c++)
        str(b, ws, 0, c, pre[c], b->bold);
    for (int c = 0; c < (int)(sizeof cols / sizeof cols[0]); c++)
        str(b, ws, 0, npre + c, cols[c], b->bold);
    for (int y = 0; y < res->years; y++)
        for (int m = 0; m < (int)FS_M_COUNT; m++, row++) {
            const fs_stat *st = &stats[(size_t)y * FS_M_COUNT + (size_t)m];
            const double v[8] = {st->mean, st->se,  st->sd,  st->p05,
                                 st->p25,  st->p50, st->p75, st->p95};
            lxw_format *fmt = metric_format(b, m);
            for (int c = 0; c < npre; c++)
                str(b, ws, row, c, pre_val[c], NULL);
            num(b, ws, row, npre, (double)(res->start_year + y), b->year);
            str(b, ws, row, npre + 1, fs_metric_name((fs_metric)m), NULL);
            str(b, ws, row, npre + 2, fs_metric_label_zh((fs_metric)m), NULL);
            for (int k = 0; k < 8; k++)
                num(b, ws, row, npre + 3 + k, v[k], fmt);
        }
    for (int c = 0; c < npre; c++)
        chk(b, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, 22, NULL));
    chk(b, worksheet_set_column(ws, (lxw_col_t)npre, (lxw_col_t)npre, 7, NULL));
    chk(b, worksheet_set_column(ws, (lxw_col_t)(npre + 1), (lxw_col_t)(npre + 1), 28, NULL));
    chk(b, worksheet_set_column(ws, (lxw_col_t)(npre + 2), (lxw_col_t)(npre + 2), 30, NULL));
    chk(b, worksheet_set_column(ws, (lxw_col_t)(npre + 3), (lxw_col_t)(ncols - 1), 16, NULL));
    worksheet_freeze_panes(ws, 1, 0);
    chk(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)(row > 1 ? row - 1 : 1),
                                (lxw_col_t)(ncols - 1)));
}

/* One column of a per-year sheet: a statistic of a metric. */
enum { S_MEAN, S_P05, S_P50, S_P95 };
typedef struct ycol {
    fs_metric m;
    int stat;
} ycol;

static double stat_of(const fs_stat *st, int stat)
{
    switch (stat) {
    case S_P05: return st->p05;
    case S_P50: return st->p50;
    case S_P95: return st->p95;
    default: return st->mean;
    }
}

static const char *stat_en(int stat)
{
    static const char *const n[] = {"mean", "p05", "p50", "p95"};
    return n[stat];
}

static const char *stat_zh(int stat)
{
    static const char *const n[] = {"均值", "P05", "P50(中位数)", "P95"};
    return n[stat];
}

/* A sheet with one row per policy year: row 1 "metric stat" (English),
 * row 2 "中文 统计量", then the years; the two header rows are frozen. */
static lxw_worksheet *year_sheet(book *b, const char *name, const fs_results *res,
                                 const fs_stat *stats, const ycol *cols, int ncols)
{
    lxw_worksheet *ws = sheet(b, name);
    char h[256];

    if (!ws)
        return NULL;
    str(b, ws, 0, 0, "year", b->bold);
    str(b, ws, 1, 0, "年度", b->bold);
    for (int c = 0; c < ncols; c++) {
        snprintf(h, sizeof h, "%s %s", fs_metric_name(cols[c].m), stat_en(cols[c].stat));
        str(b, ws, 0, c + 1, h, b->bold);
        snprintf(h, sizeof h, "%s %s", fs_metric_label_zh(cols[c].m), stat_zh(cols[c].stat));
        str(b, ws, 1, c + 1, h, b->bold);
    }
    for (int y = 0; y < res->years; y++) {
        num(b, ws, 2 + y, 0, (double)(res->start_year + y), b->year);
        for (int c = 0; c < ncols; c++) {
            const fs_stat *st = &stats[(size_t)y * FS_M_COUNT + (size_t)cols[c].m];
            num(b, ws, 2 + y, c + 1, stat_of(st, cols[c].stat), metric_format(b, (int)cols[c].m));
        }
    }
    chk(b, worksheet_set_column(ws, 0, 0, 8, NULL));
    chk(b, worksheet_set_column(ws, 1, (lxw_col_t)ncols, 26, NULL));
    worksheet_freeze_panes(ws, 2, 1);
    return ws;
}

/* The group table for people: one row per (year, group, tier), one column
 * per quantity of fs_group_quantity (its mean over replications; a
 * ratio's is the ratio of the mean sums); row 1 the Chinese labels, row 2
 * the ids of groups.csv.  Nothing without a group table.  FS_ENOMEM if
 * the summary cannot be allocated. */
static int groups_sheet(book *b, const fs_results *res)
{
    size_t per = res->gvalues && res->ngroups_out > 0 && res->ntiers_out > 0 && res->rep_count > 0
                     ? fs_results_gper_rep(res)
                     : 0;
    if (per == 0)
        return FS_OK;
    fs_stat *gs = malloc(per * sizeof *gs);
    if (!gs)
        return FS_ENOMEM;
    if (fs_results_summarize_groups(res, gs) != FS_OK) {
        free(gs);
        return FS_OK;
    }
    lxw_worksheet *ws = sheet(b, SHEET_GROUPS);
    static const char *const zh[] = {"年度", "人群", "档次"}, *const en[] = {"year", "group", "tier"};
    const size_t K = fs_results_gq(res);
    int row = 2;
    if (ws) {
        for (int c = 0; c < 3; c++) {
            str(b, ws, 0, c, zh[c], b->bwrap);
            str(b, ws, 1, c, en[c], b->bold);
        }
        for (int k = 0; k < FS_GQ_COUNT; k++) {
            str(b, ws, 0, 3 + k, fs_group_quantity_label_zh((fs_group_quantity)k), b->bwrap);
            str(b, ws, 1, 3 + k, fs_group_quantity_name((fs_group_quantity)k), b->bold);
        }
        for (int y = 0; y < res->years; y++)
            for (int g = 0; g < res->ngroups_out; g++)
                for (int t = 0; t < res->ntiers_out; t++, row++) {
                    const fs_stat *st =
                        &gs[(((size_t)y * (size_t)res->ngroups_out + (size_t)g) *
                                 (size_t)res->ntiers_out +
                             (size_t)t) *
                            K];
                    num(b, ws, row, 0, (double)(res->start_year + y), b->year);
                    str(b, ws, row, 1, res->group_names[g], NULL);
                    str(b, ws, row, 2, res->tier_names[t], NULL);
                    for (int k = 0; k < FS_GQ_COUNT; k++)
                        num(b, ws, row, 3 + k, st[k].mean,
                            fs_group_quantity_unit((fs_group_quantity)k) == FS_UNIT_SHARE
                                ? b->rate
                                : b->money);
                }
        chk(b, worksheet_set_column(ws, 0, 0, 7, NULL));
        chk(b, worksheet_set_column(ws, 1, 2, 24, NULL));
        chk(b, worksheet_set_column(ws, 3, (lxw_col_t)(2 + FS_GQ_COUNT), 16, NULL));
        worksheet_freeze_panes(ws, 2, 3);
    }
    free(gs);
    return FS_OK;
}

static void fiscal_sheet(book *b, const fs_results *res, const fs_stat *stats)
{
    static const fs_metric ms[] = {FS_M_INCOME_FISCAL,         FS_M_INCOME_FISCAL_CENTRAL,
                                   FS_M_INCOME_FISCAL_PROVINCIAL, FS_M_INCOME_FISCAL_CITY,
                                   FS_M_INCOME_FISCAL_COUNTY,  FS_M_ASSIST_CONTRIB_SUBSIDY,
                                   FS_M_ASSIST_BENEFITS,       FS_M_INCOME_TOPUP};
    enum { N = (int)(sizeof ms / sizeof ms[0]) };
    ycol cols[2 * N];

    for (int i = 0; i < N; i++) {
        cols[i].m = ms[i];
        cols[i].stat = S_MEAN;
        cols[N + i].m = ms[i];
        cols[N + i].stat = S_P95;
    }
    (void)year_sheet(b, SHEET_FISCAL, res, stats, cols, 2 * N);
}

/* The fund by year with a chart of its balance; for a county ledger of a
 * municipal pool (no balance of its own), of its net transfer to the pool. */
static void fund_sheet(book *b, const fs_results *res, const fs_stat *stats)
{
    static const ycol own[] = {
        {FS_M_INCOME_TOTAL, S_MEAN},    {FS_M_SPEND_TOTAL, S_MEAN},
        {FS_M_SURPLUS, S_MEAN},         {FS_M_SURPLUS_RATE, S_MEAN},
        {FS_M_BALANCE, S_P05},          {FS_M_BALANCE, S_P50},
        {FS_M_BALANCE, S_P95},          {FS_M_MONTHS_COVERED, S_MEAN},
        {FS_M_PROB_DEFICIT, S_MEAN},    {FS_M_PROB_DEPLETION, S_MEAN},
        {FS_M_PROB_RESERVE_LOW, S_MEAN}};
    static const ycol ledger[] = {
        {FS_M_INCOME_TOTAL, S_MEAN},          {FS_M_SPEND_TOTAL, S_MEAN},
        {FS_M_POOL_NET_TRANSFER, S_MEAN},     {FS_M_SURPLUS_RATE, S_MEAN},
        {FS_M_POOL_NET_TRANSFER_CUM, S_P05},  {FS_M_POOL_NET_TRANSFER_CUM, S_P50},
        {FS_M_POOL_NET_TRANSFER_CUM, S_P95}};
    enum { BAL = 5 /* column of the charted p05 */ };
    const ycol *cols = res->pooling_ledger ? ledger : own;
    int n = res->pooling_ledger ? (int)(sizeof ledger / sizeof ledger[0])
                                : (int)(sizeof own / sizeof own[0]);
    lxw_worksheet *ws = year_sheet(b, SHEET_FUND, res, stats, cols, n);
    lxw_chart *ch;

    if (!ws || res->years < 1)
        return;
    ch = workbook_add_chart(b->wb, LXW_CHART_LINE);
    if (!ch) {
        b->bad = 1;
        return;
    }
    for (int k = 0; k < 3; k++) {
        lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
        if (!s) {
            b->bad = 1;
            return;
        }
        chart_series_set_categories(s, SHEET_FUND, 2, 0, (lxw_row_t)(1 + res->years), 0);
        chart_series_set_values(s, SHEET_FUND, 2, (lxw_col_t)(BAL + k),
                                (lxw_row_t)(1 + res->years), (lxw_col_t)(BAL + k));
        chart_series_set_name_range(s, SHEET_FUND, 0, (lxw_col_t)(BAL + k));
    }
    chart_title_set_name(ch, res->pooling_ledger
                                 ? "累计向统筹基金净上解 net transfer to the municipal pool to date: "
                                   "p05 / p50 / p95"
                                 : "累计结余 balance: p05 / p50 / p95");
    chart_axis_set_name(ch->x_axis, "year 年度");
    chart_axis_set_name(ch->y_axis, "yuan 元");
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    chk(b, worksheet_insert_chart(ws, (lxw_row_t)(3 + res->years), 1, ch));
}

static void about_row(book *b, lxw_worksheet *ws, int *row, const char *k, const char *v)
{
    str(b, ws, *row, 0, k, b->bold);
    str(b, ws, *row, 1, v, NULL);
    (*row)++;
}

static void about_num(book *b, lxw_worksheet *ws, int *row, const char *k, double v)
{
    str(b, ws, *row, 0, k, b->bold);
    num(b, ws, *row, 1, v, b->year);
    (*row)++;
}

static const char ABOUT_NOTE[] =
    "Money is in yuan (元); counts are persons.  For each policy year and metric, mean is the "
    "average over the Monte Carlo replications, se is the Monte Carlo standard error of that "
    "mean (sd / sqrt(replications)), sd is the standard deviation across replications, and "
    "p05-p95 are percentiles across replications (p95 of a cost: a bad year, exceeded in one "
    "replication in twenty).  prob_* metrics are probabilities (their mean is the share of "
    "replications in which the event happened).  Values are exact doubles, shown with a "
    "display format (#,##0 for money and counts, 0.0000 for rates, ratios and probabilities); "
    "an empty cell is an undefined value (e.g. surplus_rate with no income).";

static const char DIFF_NOTE[] =
    "Every value is a statistic of the PAIRED per-replication difference alt - base, from two "
    "runs on common random numbers (one seed): mean is the mean difference, se its Monte Carlo "
    "standard error (sd / sqrt(replications)), p05-p95 percentiles of the difference across "
    "replications.  Money is in yuan (元).";

/* The about sheet of a run (sets NULL) or of a comparison (its base and
 * each alternative). */
static void about_sheet(book *b, const fs_results *res, const fs_diff_set *sets, size_t nsets)
{
    lxw_worksheet *ws = sheet(b, SHEET_ABOUT);
    const char *base = sets ? sets[0].base : NULL;
    char seed[32], key[32];
    int row = 0;

    if (!ws)
        return;
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)res->seed);
    if (sets) {
        about_row(b, ws, &row, "base", base);
        for (size_t k = 0; k < nsets; k++) {
            if (k == 0)
                snprintf(key, sizeof key, "alt");
            else
                snprintf(key, sizeof key, "alt %zu", k + 1);
            about_row(b, ws, &row, key, sets[k].alt);
        }
    } else {
        about_row(b, ws, &row, "scenario", res->scenario);
    }
    about_row(b, ws, &row, "seed", seed);
    about_num(b, ws, &row, "replications", (double)res->replications);
    about_num(b, ws, &row, "years", (double)res->years);
    about_num(b, ws, &row, "start_year", (double)res->start_year);
    about_row(b, ws, &row, "mode", fs_mode_name(res->mode));
    about_row(b, ws, &row, "fundsim_version", FS_VERSION);
    about_row(b, ws, &row, "generator", fs_generator_name());
    about_num(b, ws, &row, "stream_table_version", (double)fs_stream_table_version());
    if (res->pooling_ledger)
        about_row(b, ws, &row, "pooling",
                  "a county ledger of a municipal pool (fund.pooling: ledger): the fund is the "
                  "municipal pool; the county has no balance of its own, so balance, months "
                  "covered, deficit, depletion, reserve and shortfall metrics are empty, and "
                  "pool_net_transfer is its net contribution to the pool");
    row++;
    str(b, ws, row, 0, "note", b->bold);
    str(b, ws, row, 1, base ? DIFF_NOTE : ABOUT_NOTE, b->wrap);
    chk(b, worksheet_set_row(ws, (lxw_row_t)row, base ? 75 : 150, NULL));
    chk(b, worksheet_set_column(ws, 0, 0, 22, NULL));
    chk(b, worksheet_set_column(ws, 1, 1, 90, NULL));
}

/* The output directory being written (fs_out_xlsx_temp_dir), "" if none. */
static char temp_dir[FS_OUT_PATH_MAX];

void fs_out_xlsx_temp_dir(const char *dir)
{
    snprintf(temp_dir, sizeof temp_dir, "%s", dir ? dir : "");
}

/* Creates an empty private temporary file; its name is in path.  In the
 * output directory when one is set (hidden, and removed with the other
 * leftovers of a killed command), else in $TMPDIR or /tmp. */
static int make_temp(char *path, size_t n)
{
    const char *dir = getenv("TMPDIR");
    int fd;

    if (!dir || !dir[0])
        dir = "/tmp";
    if (temp_dir[0]) {
        if ((size_t)snprintf(path, n, "%s/.fundsim-xlsx.tmp.XXXXXX", temp_dir) >= n)
            return FS_EIO;
    } else if ((size_t)snprintf(path, n, "%s/fundsim-xlsx.XXXXXX", dir) >= n)
        return FS_EIO;
    fd = mkstemp(path);
    if (fd < 0)
        return FS_EIO;
    close(fd);
    return FS_OK;
}

/* Copies the file at path into f. */
static int copy_into(const char *path, FILE *f)
{
    char buf[65536];
    FILE *in = fopen(path, "rb");
    size_t k;
    int rc = FS_OK;

    if (!in)
        return FS_EIO;
    while ((k = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, k, f) != k) {
            rc = FS_EIO;
            break;
        }
    if (ferror(in))
        rc = FS_EIO;
    fclose(in);
    return rc;
}

/* Closes the workbook (which writes the file) and copies it into f. */
static int book_finish(book *b, const char *path, FILE *f)
{
    lxw_error e = workbook_close(b->wb);
    int rc = (e != LXW_NO_ERROR || b->bad) ? FS_EIO : FS_OK;

    if (rc == FS_OK)
        rc = copy_into(path, f);
    if (rc == FS_OK && ferror(f))
        rc = FS_EIO;
    return rc;
}

int fs_out_summary_xlsx(FILE *f, const fs_results *res, const fs_stat *stats)
{
    static const char *const pre[] = {"scenario"};
    char path[FS_OUT_PATH_MAX], title[256];
    const char *pre_val[1];
    book b;
    int rc;

    if (!f || !res || !stats || res->years < 0)
        return FS_EUSAGE;
    if (make_temp(path, sizeof path) != FS_OK)
        return FS_EIO;
    snprintf(title, sizeof title, "fundsim summary: %s", res->scenario);
    rc = book_open(&b, path, title);
    if (rc == FS_OK) {
        pre_val[0] = res->scenario;
        stats_sheet(&b, SHEET_SUMMARY, res, stats, 1, pre, pre_val);
        fiscal_sheet(&b, res, stats);
        fund_sheet(&b, res, stats);
        int grc = groups_sheet(&b, res);
        about_sheet(&b, res, NULL, 0);
        rc = book_finish(&b, path, f);
        if (grc != FS_OK)
            rc = grc;
    }
    unlink(path);
    return rc;
}

int fs_out_diff_xlsx(FILE *f, const fs_diff_set *sets, size_t nsets)
{
    static const char *const pre[] = {"base", "alt"};
    char path[FS_OUT_PATH_MAX], title[300], name[32];
    book b;
    int rc;

    if (!f || !sets || nsets == 0 || nsets > 99)
        return FS_EUSAGE;
    for (size_t k = 0; k < nsets; k++)
        if (!sets[k].base || !sets[k].alt || !sets[k].diff || !sets[k].stats ||
            sets[k].diff->years < 0)
            return FS_EUSAGE;
    if (make_temp(path, sizeof path) != FS_OK)
        return FS_EIO;
    snprintf(title, sizeof title, "fundsim diff: %.120s - %.120s%s", sets[0].alt, sets[0].base,
             nsets > 1 ? " ..." : "");
    rc = book_open(&b, path, title);
    if (rc == FS_OK) {
        for (size_t k = 0; k < nsets; k++) {
            const char *pre_val[2] = {sets[k].base, sets[k].alt};
            if (k == 0)
                snprintf(name, sizeof name, "%s", SHEET_DIFF);
            else
                snprintf(name, sizeof name, "%s %zu", SHEET_DIFF, k + 1);
            stats_sheet(&b, name, sets[k].diff, sets[k].stats, 2, pre, pre_val);
        }
        about_sheet(&b, sets[0].diff, sets, nsets);
        rc = book_finish(&b, path, f);
    }
    unlink(path);
    return rc;
}

/* The key metrics of the sweep sheet, per year; for a county ledger of a
 * municipal pool (whose balance-based metrics are empty), its surplus rate
 * and net transfer to the pool.  Both lists are NSWEEP_COLS long. */
static const ycol sweep_cols_own[] = {
    {FS_M_SURPLUS_RATE, S_MEAN},      {FS_M_PROB_SMALL_SURPLUS, S_MEAN},
    {FS_M_PROB_DEPLETED_BY, S_MEAN},  {FS_M_BALANCE, S_P05},
    {FS_M_MONTHS_COVERED, S_MEAN},    {FS_M_SHORTFALL_CUM, S_P95}};
static const ycol sweep_cols_ledger[] = {
    {FS_M_SURPLUS_RATE, S_MEAN},           {FS_M_SURPLUS_RATE, S_P05},
    {FS_M_POOL_NET_TRANSFER, S_MEAN},      {FS_M_POOL_NET_TRANSFER, S_P05},
    {FS_M_POOL_NET_TRANSFER_CUM, S_MEAN},  {FS_M_POOL_NET_TRANSFER_CUM, S_P05}};
#define NSWEEP_COLS ((int)(sizeof sweep_cols_own / sizeof sweep_cols_own[0]))
_Static_assert(sizeof sweep_cols_own == sizeof sweep_cols_ledger, "sweep columns");

/* One row per point: the varied values, then for each year the key
 * metrics; row 1 in English ("2023 surplus_rate mean"), row 2 in Chinese. */
static void sweep_sheet(book *b, const fs_sweep_info *sw)
{
    lxw_worksheet *ws = sheet(b, SHEET_SWEEP);
    const int nv = (int)sw->nvary, years = sw->res->years;
    const ycol *sweep_cols = sw->res->pooling_ledger ? sweep_cols_ledger : sweep_cols_own;
    char h[300];

    if (!ws)
        return;
    for (int k = 0; k < nv; k++) {
        fs_out_vary_column(&sw->vary[k], h, sizeof h);
        str(b, ws, 0, k, h, b->bwrap);
        snprintf(h, sizeof h, "%s%s", sw->vary[k].label_zh ? sw->vary[k].label_zh : "",
                 !strcmp(sw->vary[k].op, "+=")   ? " 增加"
                 : !strcmp(sw->vary[k].op, "*=") ? " 倍数"
                                                 : "");
        str(b, ws, 1, k, h, b->bwrap);
    }
    for (int y = 0; y < years; y++)
        for (int c = 0; c < NSWEEP_COLS; c++) {
            int col = nv + y * NSWEEP_COLS + c;
            snprintf(h, sizeof h, "%d %s %s", sw->res->start_year + y,
                     fs_metric_name(sweep_cols[c].m), stat_en(sweep_cols[c].stat));
            str(b, ws, 0, col, h, b->bwrap);
            snprintf(h, sizeof h, "%d年 %s %s", sw->res->start_year + y,
                     fs_metric_label_zh(sweep_cols[c].m), stat_zh(sweep_cols[c].stat));
            str(b, ws, 1, col, h, b->bwrap);
        }
    for (size_t i = 0; i < sw->npoints; i++) {
        const fs_sweep_point *p = &sw->points[i];
        for (int k = 0; k < nv; k++)
            num(b, ws, 2 + (int)i, k, p->x[k], NULL);
        for (int y = 0; y < years; y++)
            for (int c = 0; c < NSWEEP_COLS; c++) {
                const fs_stat *st = &p->stats[(size_t)y * FS_M_COUNT + (size_t)sweep_cols[c].m];
                num(b, ws, 2 + (int)i, nv + y * NSWEEP_COLS + c, stat_of(st, sweep_cols[c].stat),
                    metric_format(b, (int)sweep_cols[c].m));
            }
    }
    chk(b, worksheet_set_column(ws, 0, (lxw_col_t)(nv - 1), 30, NULL));
    chk(b, worksheet_set_column(ws, (lxw_col_t)nv, (lxw_col_t)(nv + years * NSWEEP_COLS - 1), 16,
                                NULL));
    chk(b, worksheet_set_row(ws, 0, 48, NULL));
    chk(b, worksheet_set_row(ws, 1, 48, NULL));
    worksheet_freeze_panes(ws, 2, (lxw_col_t)nv);
    /* printed: landscape, the headers and the varied values on every page */
    worksheet_set_landscape(ws);
    chk(b, worksheet_repeat_rows(ws, 0, 1));
    chk(b, worksheet_repeat_columns(ws, 0, (lxw_col_t)(nv - 1)));
}

static const char SWEEP_NOTE[] =
    "One row per point of the sweep: the varied parameter's value (with +=, the amount added to "
    "every dated value; with *=, the factor), then for each policy year the mean surplus rate, "
    "the probability that the surplus rate is in the 略有结余 band (fund.target_band), the "
    "probability that the fund has been depleted by that year, the balance's p05, the mean "
    "months of spending covered and the p95 of the cumulative shortfall (yuan).  Every point "
    "runs on common random numbers (one seed), so differences between rows are the "
    "parameter's, not sampling noise.  sweep.csv holds every metric and statistic.";

static const char SWEEP_NOTE_LEDGER[] =
    "One row per point of the sweep: the varied parameter's value (with +=, the amount added to "
    "every dated value; with *=, the factor), then for each policy year the surplus rate (mean "
    "and p05), the net transfer to the municipal pool (income - spending; mean and p05) and its "
    "sum to date (mean and p05), in yuan.  The scenario is a county ledger of a municipal pool "
    "(fund.pooling: ledger): it has no balance of its own, so the balance-based metrics are "
    "empty.  Every point runs on common random numbers (one seed), so differences between rows "
    "are the parameter's, not sampling noise.  sweep.csv holds every metric and statistic.";

static void sweep_about(book *b, const fs_sweep_info *sw)
{
    lxw_worksheet *ws = sheet(b, SHEET_ABOUT);
    char seed[32], v[1600], from[FS_OUT_NUMBUF], to[FS_OUT_NUMBUF], step[FS_OUT_NUMBUF];
    int row = 0;

    if (!ws)
        return;
    about_row(b, ws, &row, "scenario", sw->scenario);
    for (size_t i = 0; i < sw->files.set_count; i++)
        about_row(b, ws, &row, "override", sw->files.sets[i]);
    for (size_t k = 0; k < sw->nvary; k++) {
        const fs_vary_info *vi = &sw->vary[k];
        fs_out_format_double(vi->from, from, sizeof from);
        fs_out_format_double(vi->to, to, sizeof to);
        fs_out_format_double(vi->step, step, sizeof step);
        snprintf(v, sizeof v, "%s%s%s:%s:%s", vi->path, vi->op, from, to, step);
        about_row(b, ws, &row, "vary", v);
    }
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)sw->res->seed);
    about_row(b, ws, &row, "seed", seed);
    about_num(b, ws, &row, "points", (double)sw->npoints);
    about_num(b, ws, &row, "replications", (double)sw->res->replications);
    about_num(b, ws, &row, "years", (double)sw->res->years);
    about_num(b, ws, &row, "start_year", (double)sw->res->start_year);
    about_row(b, ws, &row, "mode", fs_mode_name(sw->res->mode));
    about_row(b, ws, &row, "fundsim_version", FS_VERSION);
    about_row(b, ws, &row, "generator", fs_generator_name());
    row++;
    str(b, ws, row, 0, "note", b->bold);
    str(b, ws, row, 1, sw->res->pooling_ledger ? SWEEP_NOTE_LEDGER : SWEEP_NOTE, b->wrap);
    chk(b, worksheet_set_row(ws, (lxw_row_t)row, 120, NULL));
    chk(b, worksheet_set_column(ws, 0, 0, 22, NULL));
    chk(b, worksheet_set_column(ws, 1, 1, 90, NULL));
}

int fs_out_sweep_xlsx(FILE *f, const fs_sweep_info *sw)
{
    char path[FS_OUT_PATH_MAX], title[300];
    book b;
    int rc;

    if (!f || !sw || !sw->res || sw->nvary < 1 || sw->nvary > 2 || (sw->npoints && !sw->points) ||
        sw->nvary + (size_t)sw->res->years * NSWEEP_COLS > 16000 || sw->npoints > 1000000)
        return FS_EUSAGE;
    if (make_temp(path, sizeof path) != FS_OK)
        return FS_EIO;
    snprintf(title, sizeof title, "fundsim sweep: %.200s", sw->scenario ? sw->scenario : "");
    rc = book_open(&b, path, title);
    if (rc == FS_OK) {
        sweep_sheet(&b, sw);
        sweep_about(&b, sw);
        rc = book_finish(&b, path, f);
    }
    unlink(path);
    return rc;
}
