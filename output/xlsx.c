/* output/xlsx.c -- the workbooks' common parts (the book, its formats,
 * labels in the chosen language, tables of years, the fan chart, the
 * machine-readable data sheet, the file handling), diff.xlsx and
 * sweep.xlsx; the sheets of summary.xlsx are in output/xlsx_book.c.
 *
 * Written against fundsim.h and fs_output.h only: the workbook is built
 * from the results structure and the summary statistics, nothing else.
 * libxlsxwriter 1.1.4 can only write to a named file, so the workbook is
 * written to a private temporary (mkstemp in fs_out_temp_dir or $TMPDIR) and copied
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

#include "xlsx_parts.h"

#define XLSX_CREATED ((time_t)946684800) /* 2000-01-01T00:00:00Z */

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

void xb_chk(book *b, lxw_error e)
{
    if (e != LXW_NO_ERROR)
        b->bad = 1;
}

void xb_num(book *b, lxw_worksheet *ws, int row, int col, double x, lxw_format *fmt)
{
    if (isfinite(x))
        xb_chk(b, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, x, fmt));
}

void xb_str(book *b, lxw_worksheet *ws, int row, int col, const char *s, lxw_format *fmt)
{
    xb_chk(b, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s ? s : "", fmt));
}

const char *xb_label(book *b, const char *zh, const char *en, const char *unit)
{
    return xb_label_sep(b, zh, en, unit, " ");
}

const char *xb_label_sep(book *b, const char *zh, const char *en, const char *unit,
                         const char *sep)
{
    char *buf = b->lbuf[b->li];
    const char *first = b->lang_en ? en : zh, *second = b->lang_en ? zh : en;
    size_t n = sizeof b->lbuf[0];

    b->li = (b->li + 1) % (int)(sizeof b->lbuf / sizeof b->lbuf[0]);
    first = first ? first : "";
    second = second ? second : "";
    if (unit && unit[0])
        snprintf(buf, n, "%s%s%s (%s)", first, first[0] && second[0] ? sep : "", second, unit);
    else
        snprintf(buf, n, "%s%s%s", first, first[0] && second[0] ? sep : "", second);
    return buf;
}

const char *xb_unit_text(const book *b, xunit u)
{
    switch (u) {
    case U_MONEY: return b->lang_en ? b->money.en : b->money.zh;
    case U_YUAN: return b->lang_en ? "yuan/person" : "元/人";
    case U_PCT: return "%";
    case U_MONTHS: return b->lang_en ? "months" : "月";
    case U_PERSONS: return b->lang_en ? "persons" : "人";
    case U_YEAR:
    case U_TEXT: break;
    }
    return NULL;
}

double xb_scaled(const book *b, xunit u, double x)
{
    return u == U_MONEY ? x / b->money.div : x;
}

static lxw_format *new_format(book *b, const char *num, int bold)
{
    lxw_format *f = workbook_add_format(b->wb);

    if (!f) {
        b->bad = 1;
        return NULL;
    }
    if (num)
        format_set_num_format(f, num);
    if (bold) {
        format_set_bold(f);
        format_set_top(f, LXW_BORDER_THIN);
    }
    return f;
}

static void book_formats(book *b)
{
    const char *money = b->money.div >= 1e8 ? "#,##0.00" : "#,##0";
    static const char *const nums[U_TEXT + 1] = {NULL, "#,##0", "0.0%", "0.0", "#,##0", "0", NULL};

    b->title = new_format(b, NULL, 0);
    b->head = new_format(b, NULL, 0);
    b->text = new_format(b, NULL, 0);
    b->wrap = new_format(b, NULL, 0);
    b->bold = new_format(b, NULL, 0);
    b->year = new_format(b, "0", 0);
    b->key = new_format(b, NULL, 0);
    b->lnum = new_format(b, "0", 0);
    b->raw_money = new_format(b, "#,##0", 0);
    b->raw_rate = new_format(b, "0.0000", 0);
    b->raw_months = new_format(b, "0.00", 0);
    b->fine = new_format(b, b->money.div >= 1e8 ? "#,##0.000" : "#,##0.0", 0);
    for (int u = 0; u <= U_TEXT; u++) {
        b->fmt[u] = new_format(b, u == U_MONEY ? money : nums[u], 0);
        b->tot[u] = new_format(b, u == U_MONEY ? money : nums[u], 1);
    }
    if (b->bad)
        return;
    format_set_bold(b->title);
    format_set_font_size(b->title, 13);
    format_set_bold(b->head);
    format_set_text_wrap(b->head);
    format_set_align(b->head, LXW_ALIGN_CENTER);
    format_set_align(b->head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(b->head, 0xDDEBF7);
    format_set_border(b->head, LXW_BORDER_THIN);
    format_set_text_wrap(b->wrap);
    format_set_align(b->wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_bold(b->bold);
    format_set_bold(b->key);
    format_set_align(b->key, LXW_ALIGN_VERTICAL_TOP);
    format_set_align(b->lnum, LXW_ALIGN_LEFT);
    format_set_align(b->fmt[U_TEXT], LXW_ALIGN_LEFT);
    format_set_align(b->year, LXW_ALIGN_CENTER);
    format_set_align(b->fmt[U_YEAR], LXW_ALIGN_CENTER);
}

static int book_open(book *b, const char *path, const char *title, int lang_en,
                     fs_out_money money)
{
    char title_buf[256], subject[] = "fundsim results", author[] = "fundsim " FS_VERSION;
    lxw_doc_properties props;

    memset(b, 0, sizeof *b);
    b->lang_en = lang_en;
    b->money = money;
    b->wb = workbook_new(path);
    if (!b->wb)
        return FS_EIO;
    snprintf(title_buf, sizeof title_buf, "%s", title);
    memset(&props, 0, sizeof props);
    props.title = title_buf;
    props.subject = subject;
    props.author = author;
    props.created = XLSX_CREATED;
    xb_chk(b, workbook_set_properties(b->wb, &props));
    book_formats(b);
    return FS_OK;
}

lxw_worksheet *xb_sheet(book *b, const char *zh, const char *en)
{
    lxw_worksheet *ws = b->bad ? NULL : workbook_add_worksheet(b->wb, xb_label(b, zh, en, NULL));

    if (!ws)
        b->bad = 1;
    return ws;
}

void xb_print_setup(book *b, lxw_worksheet *ws, int nrep, int last_row, int last_col, int scale)
{
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_set_landscape(ws);
    worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
    if (scale > 0)
        worksheet_set_print_scale(ws, (uint16_t)scale);
    else
        worksheet_fit_to_pages(ws, 1, 0);
    if (nrep > 0)
        xb_chk(b, worksheet_repeat_rows(ws, 0, (lxw_row_t)(nrep - 1)));
    xb_chk(b, worksheet_print_area(ws, 0, 0, (lxw_row_t)last_row, (lxw_col_t)last_col));
    xb_chk(b, worksheet_set_footer(ws, "&C&P / &N"));
}

int xb_table(book *b, lxw_worksheet *ws, int row, const xtable *t, int *head_row)
{
    if (t->zh) {
        xb_str(b, ws, row, 0, xb_label(b, t->zh, t->en, NULL), b->bold);
        row++;
    }
    if (head_row)
        *head_row = row;
    xb_str(b, ws, row, 0, xb_label_sep(b, t->corner_zh, t->corner_en, NULL, "\n"), b->head);
    for (int c = 0; c < t->ncols; c++)
        xb_str(b, ws, row, 1 + c,
               xb_label_sep(b, t->cols[c].zh, t->cols[c].en, xb_unit_text(b, t->cols[c].u), "\n"),
               b->head);
    xb_chk(b, worksheet_set_row(ws, (lxw_row_t)row, 72, NULL));
    row++;
    for (int r = 0; r < t->nrows; r++, row++) {
        if (t->rowlab)
            xb_str(b, ws, row, 0, t->rowlab[r], b->fmt[U_TEXT]);
        else
            xb_num(b, ws, row, 0, (double)(t->start_year + r), b->year);
        for (int c = 0; c < t->ncols; c++) {
            xunit u = t->cols[c].u;
            xb_num(b, ws, row, 1 + c, xb_scaled(b, u, t->v[(size_t)r * (size_t)t->ncols + (size_t)c]),
                   t->fine && u == U_MONEY ? b->fine : b->fmt[u]);
        }
    }
    if (t->total && t->nrows > 0) {
        xb_str(b, ws, row, 0, xb_label(b, "合计", "Total", NULL), b->tot[U_TEXT]);
        for (int c = 0; c < t->ncols; c++) {
            double s = 0.0;
            int any = 0;
            if (!t->cols[c].sum) {
                xb_str(b, ws, row, 1 + c, "", b->tot[U_TEXT]);
                continue;
            }
            for (int r = 0; r < t->nrows; r++) {
                double x = t->v[(size_t)r * (size_t)t->ncols + (size_t)c];
                if (isfinite(x)) {
                    s += x;
                    any = 1;
                }
            }
            if (any)
                xb_num(b, ws, row, 1 + c, xb_scaled(b, t->cols[c].u, s), b->tot[t->cols[c].u]);
            else
                xb_str(b, ws, row, 1 + c, "", b->tot[U_TEXT]);
        }
        row++;
    }
    return row;
}

/* One series of the fan's area chart: helper column col; fill color, or
 * invisible. */
static void fan_series(book *b, lxw_chart *ch, const xfan *fan, int col, const char *name,
                       int invisible, lxw_color_t color, int outline)
{
    lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
    lxw_chart_fill fill;
    lxw_chart_line line;

    if (!s) {
        b->bad = 1;
        return;
    }
    chart_series_set_categories(s, fan->sheet_name, (lxw_row_t)(fan->hrow + 1),
                                (lxw_col_t)fan->hcol, (lxw_row_t)(fan->hrow + fan->nrows),
                                (lxw_col_t)fan->hcol);
    chart_series_set_values(s, fan->sheet_name, (lxw_row_t)(fan->hrow + 1), (lxw_col_t)col,
                            (lxw_row_t)(fan->hrow + fan->nrows), (lxw_col_t)col);
    chart_series_set_name(s, name);
    memset(&fill, 0, sizeof fill);
    memset(&line, 0, sizeof line);
    if (invisible) {
        fill.none = LXW_TRUE;
        line.none = LXW_TRUE;
        chart_series_set_line(s, &line);
    } else {
        fill.color = color;
        line.color = color; /* the bands' edges in their own colour; the median's drawn */
        line.width = outline ? 1.5 : 0.25;
        chart_series_set_line(s, &line);
    }
    chart_series_set_fill(s, &fill);
}

/* The helper table of a fan: years, p05, then the widths of the stacked
 * bands up to p95 (the median drawn as a band of width eps, outlined:
 * libxlsxwriter 1.1.4 cannot combine a line chart with an area chart),
 * then the exact median. */
static void fan_helper(book *b, lxw_worksheet *ws, const xfan *fan)
{
    static const char *const hz[] = {"年度", "P05 (底)", "P05–P25", "P25–中位数", "中位数 (线)",
                                     "中位数–P75", "P75–P95", "中位数"};
    static const char *const he[] = {"year", "P05 (base)", "P05–P25", "P25–median",
                                     "median (line)", "median–P75", "P75–P95", "median"};
    double lo = INFINITY, hi = -INFINITY, eps;

    for (int r = 0; r < fan->nrows; r++)
        for (int k = 0; k < 5; k++) {
            double x = fan->p[(size_t)r * 5 + (size_t)k];
            if (isfinite(x)) {
                lo = x < lo ? x : lo;
                hi = x > hi ? x : hi;
            }
        }
    eps = hi > lo ? 0.004 * (hi - lo) : 1e-9;
    for (int k = 0; k < 8; k++)
        xb_str(b, ws, fan->hrow, fan->hcol + k, b->lang_en ? he[k] : hz[k], b->head);
    for (int r = 0; r < fan->nrows; r++) {
        const double *p = fan->p + (size_t)r * 5;
        const double w[8] = {(double)(fan->start_year + r), p[0], p[1] - p[0],
                             p[2] - eps / 2 - p[1], eps, p[3] - p[2] - eps / 2, p[4] - p[3], p[2]};
        xb_num(b, ws, fan->hrow + 1 + r, fan->hcol, w[0], b->year);
        for (int k = 1; k < 8; k++)
            xb_num(b, ws, fan->hrow + 1 + r, fan->hcol + k, w[k], fan->fmt);
    }
}

void xb_fan_chart(book *b, lxw_worksheet *ws, const xfan *fan)
{
    lxw_chart *area = b->bad ? NULL : workbook_add_chart(b->wb, LXW_CHART_AREA_STACKED);
    int16_t hide[] = {0, 4, 5, -1};
    lxw_chart_options opt;
    lxw_chart_font tf;

    if (!area) {
        b->bad = 1;
        return;
    }
    fan_helper(b, ws, fan);
    fan_series(b, area, fan, fan->hcol + 1, "P05", 1, 0, 0);
    fan_series(b, area, fan, fan->hcol + 2, "P05–P95", 0, 0xC6DBEF, 0);
    fan_series(b, area, fan, fan->hcol + 3, "P25–P75", 0, 0x6BAED6, 0);
    fan_series(b, area, fan, fan->hcol + 4, xb_label(b, "中位数", "median", NULL), 0, 0x08306B,
               1);
    fan_series(b, area, fan, fan->hcol + 5, "P50–P75", 0, 0x6BAED6, 0);
    fan_series(b, area, fan, fan->hcol + 6, "P75–P95", 0, 0xC6DBEF, 0);
    memset(&tf, 0, sizeof tf);
    tf.size = 12;
    tf.bold = LXW_TRUE;
    chart_title_set_name(area, xb_label(b, fan->title_zh, fan->title_en, NULL));
    chart_title_set_name_font(area, &tf);
    chart_axis_set_name(area->x_axis, xb_label(b, "年度", "year", NULL));
    chart_axis_set_name(area->y_axis, fan->axis_unit);
    chart_axis_set_num_format(area->y_axis, fan->num_format);
    chart_axis_set_label_position(area->x_axis, LXW_CHART_AXIS_LABEL_POSITION_LOW);
    chart_axis_set_position(area->x_axis, LXW_CHART_AXIS_POSITION_ON_TICK);
    chart_axis_major_gridlines_set_visible(area->y_axis, LXW_TRUE);
    chart_legend_set_position(area, LXW_CHART_LEGEND_BOTTOM);
    xb_chk(b, chart_legend_delete_series(area, hide));
    memset(&opt, 0, sizeof opt);
    opt.x_scale = fan->w / 480.0;
    opt.y_scale = fan->h / 288.0;
    opt.object_position = LXW_OBJECT_DONT_MOVE_DONT_SIZE;
    xb_chk(b, worksheet_insert_chart_opt(ws, (lxw_row_t)fan->at_row, (lxw_col_t)fan->at_col, area,
                                         &opt));
}

xunit xb_metric_unit(fs_metric m)
{
    const fs_metric_info *mi = fs_metric_info_of(m);

    switch (mi ? mi->unit : FS_UNIT_YUAN) {
    case FS_UNIT_SHARE:
    case FS_UNIT_PROBABILITY: return U_PCT;
    case FS_UNIT_MONTHS: return U_MONTHS;
    case FS_UNIT_YEAR: return U_YEAR;
    case FS_UNIT_PERSONS:
    case FS_UNIT_CASES: return U_PERSONS;
    case FS_UNIT_YUAN: break;
    }
    return mi && mi->kind == FS_KIND_RATE ? U_YUAN : U_MONEY;
}

const char *xb_metric_en(fs_metric m)
{
    const fs_metric_info *mi = fs_metric_info_of(m);
    return mi ? mi->label_en : "";
}

static lxw_format *raw_format(const book *b, int m)
{
    const char *f = fs_out_xlsx_num_format(m);

    if (!strcmp(f, "0.0000"))
        return b->raw_rate;
    if (!strcmp(f, "0.00"))
        return b->raw_months;
    if (!strcmp(f, "0"))
        return b->year;
    return b->raw_money;
}

void xb_stats_sheet(book *b, const char *zh, const char *en, const fs_results *res,
                    const fs_stat *stats, int npre, const char *const *pre,
                    const char *const *pre_val)
{
    static const char *const cols[] = {"year", "metric", "label_zh", "label_en", "unit", "mean",
                                       "se",   "sd",     "p05",      "p25",      "p50",  "p75",
                                       "p95"};
    enum { NC = (int)(sizeof cols / sizeof cols[0]), NV = 8 };
    const int ncols = npre + NC;
    lxw_worksheet *ws = xb_sheet(b, zh, en);
    int row = 1;

    if (!ws)
        return;
    for (int c = 0; c < npre; c++)
        xb_str(b, ws, 0, c, pre[c], b->bold);
    for (int c = 0; c < NC; c++)
        xb_str(b, ws, 0, npre + c, cols[c], b->bold);
    for (int y = 0; y < res->years; y++)
        for (int m = 0; m < (int)FS_M_COUNT; m++, row++) {
            const fs_stat *st = &stats[(size_t)y * FS_M_COUNT + (size_t)m];
            const double v[NV] = {st->mean, st->se,  st->sd,  st->p05,
                                  st->p25,  st->p50, st->p75, st->p95};
            const fs_metric_info *mi = fs_metric_info_of((fs_metric)m);
            lxw_format *fmt = raw_format(b, m);
            for (int c = 0; c < npre; c++)
                xb_str(b, ws, row, c, pre_val[c], NULL);
            xb_num(b, ws, row, npre, (double)(res->start_year + y), b->year);
            xb_str(b, ws, row, npre + 1, fs_metric_name((fs_metric)m), NULL);
            xb_str(b, ws, row, npre + 2, fs_metric_label_zh((fs_metric)m), NULL);
            xb_str(b, ws, row, npre + 3, mi ? mi->label_en : "", NULL);
            xb_str(b, ws, row, npre + 4, mi ? fs_unit_name(mi->unit) : "", NULL);
            for (int k = 0; k < NV; k++)
                xb_num(b, ws, row, npre + 5 + k, v[k], fmt);
        }
    for (int c = 0; c < npre; c++)
        xb_chk(b, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, 22, NULL));
    xb_chk(b, worksheet_set_column(ws, (lxw_col_t)npre, (lxw_col_t)npre, 7, NULL));
    xb_chk(b, worksheet_set_column(ws, (lxw_col_t)(npre + 1), (lxw_col_t)(npre + 3), 28, NULL));
    xb_chk(b, worksheet_set_column(ws, (lxw_col_t)(npre + 4), (lxw_col_t)(npre + 4), 11, NULL));
    xb_chk(b, worksheet_set_column(ws, (lxw_col_t)(npre + 5), (lxw_col_t)(ncols - 1), 16, NULL));
    worksheet_freeze_panes(ws, 1, 0);
    xb_chk(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)(row > 1 ? row - 1 : 1),
                                   (lxw_col_t)(ncols - 1)));
    worksheet_hide(ws); /* for re-use, not for print: Format > Sheet > Show */
}

void xb_about_row(book *b, lxw_worksheet *ws, int *row, const char *zh, const char *en,
                  const char *v)
{
    xb_str(b, ws, *row, 0, xb_label(b, zh, en, NULL), b->key);
    xb_str(b, ws, *row, 1, v, b->wrap);
    (*row)++;
}

void xb_about_num(book *b, lxw_worksheet *ws, int *row, const char *zh, const char *en, double v)
{
    xb_str(b, ws, *row, 0, xb_label(b, zh, en, NULL), b->key);
    xb_num(b, ws, *row, 1, v, b->lnum);
    (*row)++;
}

/* The run's identity on an about sheet: seed, sizes, mode, version. */
void xb_about_run(book *b, lxw_worksheet *ws, int *row, const fs_results *res)
{
    char seed[32];

    snprintf(seed, sizeof seed, "%llu", (unsigned long long)res->seed);
    xb_about_row(b, ws, row, "随机种子", "seed", seed);
    xb_about_num(b, ws, row, "模拟次数", "replications", (double)res->replications);
    xb_about_num(b, ws, row, "预测年数", "years", (double)res->years);
    xb_about_num(b, ws, row, "起始年度", "start year", (double)res->start_year);
    xb_about_row(b, ws, row, "模拟方式", "mode", fs_mode_name(res->mode));
    xb_about_row(b, ws, row, "版本", "fundsim version", FS_VERSION);
    xb_about_row(b, ws, row, "随机数发生器", "generator", fs_generator_name());
    xb_about_num(b, ws, row, "随机流表版本", "stream table version",
                 (double)fs_stream_table_version());
}

/* A note paragraph (Chinese and English, in the book's order). */
void xb_about_note(book *b, lxw_worksheet *ws, int *row, const char *zh, const char *en,
                   const char *note_zh, const char *note_en, double height)
{
    xb_str(b, ws, *row, 0, xb_label(b, zh, en, NULL), b->key);
    xb_str(b, ws, *row, 1, b->lang_en ? note_en : note_zh, b->wrap);
    xb_chk(b, worksheet_set_row(ws, (lxw_row_t)*row, height, NULL));
    (*row)++;
    xb_str(b, ws, *row, 1, b->lang_en ? note_zh : note_en, b->wrap);
    xb_chk(b, worksheet_set_row(ws, (lxw_row_t)*row, height, NULL));
    (*row)++;
}
/* Creates an empty private temporary file; its name is in path: hidden in
 * the output directory being written (fs_out_temp_dir), else in $TMPDIR. */
static int make_temp(char *path, size_t n)
{
    const char *dir = getenv("TMPDIR"), *out = fs_out_temp_dir();
    int fd;

    if (!dir || !dir[0])
        dir = "/tmp";
    if ((size_t)snprintf(path, n, "%s/%s", out[0] ? out : dir,
                         out[0] ? ".fundsim-xlsx.tmp.XXXXXX" : "fundsim-xlsx.XXXXXX") >= n)
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


int fs_out_summary_xlsx(FILE *f, const fs_results *res, const fs_stat *stats,
                        const fs_xlsx_opts *opt)
{
    static const char *const pre[] = {"scenario"};
    const fs_xlsx_opts none = {0, NULL, NULL, NULL};
    char path[FS_OUT_PATH_MAX], title[256];
    const char *pre_val[1];
    book b;
    int rc;

    if (!f || !res || !stats || res->years < 0)
        return FS_EUSAGE;
    if (!opt)
        opt = &none;
    if (make_temp(path, sizeof path) != FS_OK)
        return FS_EIO;
    snprintf(title, sizeof title, "fundsim summary: %s", res->scenario);
    rc = book_open(&b, path, title, opt->lang_en, fs_out_money_unit(res, stats));
    if (rc == FS_OK) {
        int src = xb_summary_sheets(&b, res, stats, opt);
        pre_val[0] = res->scenario;
        xb_stats_sheet(&b, "数据", "data", res, stats, 1, pre, pre_val);
        rc = book_finish(&b, path, f);
        if (src != FS_OK)
            rc = src;
    }
    unlink(path);
    return rc;
}

/* The key metrics of a comparison, one table each. */
static const fs_metric diff_metrics[] = {
    FS_M_INCOME_TOTAL, FS_M_SPEND_TOTAL,     FS_M_SURPLUS,          FS_M_SURPLUS_RATE,
    FS_M_BALANCE,      FS_M_MONTHS_COVERED,  FS_M_PROB_DEPLETED_BY, FS_M_INCOME_FISCAL,
    FS_M_ENROLLEES};
#define NDIFF_METRICS ((int)(sizeof diff_metrics / sizeof diff_metrics[0]))

/* One alternative against the base: per key metric a table of years
 * (base mean, alternative mean, the paired difference's mean, se, p05 and
 * p95; no percentiles for a probability, whose difference is -1, 0 or 1
 * per replication), then the fan chart of the balance difference. */
static void diff_sheet(book *b, const fs_diff_set *ds, int k)
{
    const fs_results *res = ds->diff;
    const int Y = res->years;
    char zh[32], en[32], head[600];
    double *v = calloc((size_t)(Y > 0 ? Y : 1) * 6, sizeof *v);
    double *p = calloc((size_t)(Y > 0 ? Y : 1) * 5, sizeof *p);
    int row = 2, last = 6;

    char sname[80];
    snprintf(zh, sizeof zh, "差异");
    snprintf(en, sizeof en, "diff");
    if (k) {
        snprintf(zh, sizeof zh, "差异 %d", k + 1);
        snprintf(en, sizeof en, "diff %d", k + 1);
    }
    snprintf(sname, sizeof sname, "%s", xb_label(b, zh, en, NULL));
    lxw_worksheet *ws = v && p ? xb_sheet(b, zh, en) : NULL;
    if (!ws) {
        b->bad = 1;
        free(v);
        free(p);
        return;
    }
    snprintf(head, sizeof head, "%s − %s · %s", ds->alt, ds->base,
             xb_label(b, "金额单位", "money in", xb_unit_text(b, U_MONEY)));
    xb_str(b, ws, 0, 0, head, b->title);
    for (int i = 0; i < NDIFF_METRICS; i++) {
        fs_metric m = diff_metrics[i];
        xunit u = xb_metric_unit(m);
        const xcol cols[6] = {{"基准", "base", u, 0},
                              {"方案", "alternative", u, 0},
                              {"差异均值", "difference, mean", u, 0},
                              {"差异标准误", "difference, s.e.", u, 0},
                              {"差异 P05", "difference, P05", u, 0},
                              {"差异 P95", "difference, P95", u, 0}};
        int prob = u == U_PCT && fs_metric_info_of(m)->unit == FS_UNIT_PROBABILITY;
        for (int y = 0; y < Y; y++) {
            const size_t at = (size_t)y * FS_M_COUNT + (size_t)m;
            double *r = v + (size_t)y * 6;
            r[0] = ds->base_stats[at].mean;
            r[1] = ds->alt_stats[at].mean;
            r[2] = ds->stats[at].mean;
            r[3] = ds->stats[at].se;
            r[4] = prob ? NAN : ds->stats[at].p05;
            r[5] = prob ? NAN : ds->stats[at].p95;
        }
        xtable t = {fs_metric_label_zh(m), xb_metric_en(m), "年度", "year", 6, cols, Y,
                    NULL, res->start_year, v, 0, 1};
        row = xb_table(b, ws, row, &t, NULL) + 1;
    }
    for (int y = 0; y < Y; y++) {
        const fs_stat *st = &ds->stats[(size_t)y * FS_M_COUNT + FS_M_BALANCE];
        const double q[5] = {st->p05, st->p25, st->p50, st->p75, st->p95};
        for (int j = 0; j < 5; j++)
            p[(size_t)y * 5 + (size_t)j] = xb_scaled(b, U_MONEY, q[j]);
    }
    if (Y > 0 && !res->pooling_ledger) {
        xfan fan = {NULL, 2, 9, Y, res->start_year, p, b->fmt[U_MONEY],
                    "累计结余差异的分布", "Balance difference: distribution",
                    xb_unit_text(b, U_MONEY), b->money.div >= 1e8 ? "#,##0.0" : "#,##0",
                    row + 1, 0, 780, 420};
        lxw_row_t brk[] = {(lxw_row_t)row, 0};
        fan.sheet_name = sname;
        xb_fan_chart(b, ws, &fan);
        xb_chk(b, worksheet_set_h_pagebreaks(ws, brk));
        last = 6;
        row += 23;
    }
    xb_chk(b, worksheet_set_column(ws, 0, 0, 12, NULL));
    xb_chk(b, worksheet_set_column(ws, 1, 6, 16, NULL));
    xb_chk(b, worksheet_set_column(ws, 9, 14, 12, NULL));
    worksheet_freeze_panes(ws, 1, 1);
    xb_print_setup(b, ws, 1, row, last, 78); /* fixed: the page break holds */
    free(v);
    free(p);
}

static const char DIFF_NOTE_ZH[] =
    "每个数值都是方案减基准的逐次配对差异的统计量：两次模拟使用同一随机种子（公共随机数）。"
    "差异均值为配对差异的平均，标准误为其蒙特卡洛标准误（标准差/√模拟次数），P05、P95 为差异在各次模拟间的分位数；"
    "概率指标的差异逐次只取 −1、0、1，故不列分位数。金额单位见各表表头。“数据 data”表为 diff.csv 的原始数值（元）。";
static const char DIFF_NOTE_EN[] =
    "Every value is a statistic of the PAIRED per-replication difference alt - base, from two "
    "runs on common random numbers (one seed): the mean difference, its Monte Carlo standard "
    "error (sd / sqrt(replications)) and its percentiles across replications; a probability's "
    "difference is -1, 0 or 1 per replication, so no percentiles are shown for it.  Units are in "
    "each header.  The sheet data holds diff.csv's raw values (yuan).";

static void diff_about(book *b, const fs_diff_set *sets, size_t nsets)
{
    lxw_worksheet *ws = xb_sheet(b, "说明", "about");
    char key[48];
    int row = 0;

    if (!ws)
        return;
    xb_about_row(b, ws, &row, "基准方案", "base", sets[0].base);
    for (size_t k = 0; k < nsets; k++) {
        snprintf(key, sizeof key, "alternative");
        if (k)
            snprintf(key, sizeof key, "alternative %zu", k + 1);
        xb_about_row(b, ws, &row, "比较方案", key, sets[k].alt);
    }
    xb_about_run(b, ws, &row, sets[0].diff);
    xb_about_row(b, ws, &row, "金额单位", "money unit", xb_unit_text(b, U_MONEY));
    row++;
    xb_about_note(b, ws, &row, "说明", "note", DIFF_NOTE_ZH, DIFF_NOTE_EN, 80);
    xb_chk(b, worksheet_set_column(ws, 0, 0, 26, NULL));
    xb_chk(b, worksheet_set_column(ws, 1, 1, 100, NULL));
    xb_print_setup(b, ws, 0, row, 1, 0);
}

int fs_out_diff_xlsx(FILE *f, const fs_diff_set *sets, size_t nsets, const fs_xlsx_opts *opt)
{
    static const char *const pre[] = {"base", "alt"};
    char path[FS_OUT_PATH_MAX], title[300], zh[32], en[32];
    book b;
    int rc;

    if (!f || !sets || nsets == 0 || nsets > 99)
        return FS_EUSAGE;
    for (size_t k = 0; k < nsets; k++)
        if (!sets[k].base || !sets[k].alt || !sets[k].diff || !sets[k].stats ||
            !sets[k].base_stats || !sets[k].alt_stats || sets[k].diff->years < 0)
            return FS_EUSAGE;
    if (make_temp(path, sizeof path) != FS_OK)
        return FS_EIO;
    snprintf(title, sizeof title, "fundsim diff: %.120s - %.120s%s", sets[0].alt, sets[0].base,
             nsets > 1 ? " ..." : "");
    rc = book_open(&b, path, title, opt ? opt->lang_en : 0,
                   fs_out_money_unit(sets[0].diff, sets[0].base_stats));
    if (rc == FS_OK) {
        for (size_t k = 0; k < nsets; k++)
            diff_sheet(&b, &sets[k], (int)k);
        diff_about(&b, sets, nsets);
        for (size_t k = 0; k < nsets; k++) {
            const char *pre_val[2] = {sets[k].base, sets[k].alt};
            snprintf(zh, sizeof zh, "数据");
            snprintf(en, sizeof en, "data");
            if (k) {
                snprintf(zh, sizeof zh, "数据 %zu", k + 1);
                snprintf(en, sizeof en, "data %zu", k + 1);
            }
            xb_stats_sheet(&b, zh, en, sets[k].diff, sets[k].stats, 2, pre, pre_val);
        }
        rc = book_finish(&b, path, f);
    }
    unlink(path);
    return rc;
}

/* The key metrics of the sweep sheet, per year; for a county ledger of a
 * municipal pool (whose balance-based metrics are empty), its surplus rate
 * and net transfer to the pool.  Both lists are NSWEEP_COLS long. */
enum { S_MEAN, S_P05, S_P95 };
typedef struct ycol {
    fs_metric m;
    int stat;
} ycol;
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

static double stat_of(const fs_stat *st, int stat)
{
    return stat == S_P05 ? st->p05 : stat == S_P95 ? st->p95 : st->mean;
}

/* The header of a sweep column: "当期结余率 均值 Surplus rate, mean (%)". */
static const char *sweep_head(book *b, const ycol *c)
{
    static const char *const szh[] = {"均值", "P05", "P95"}, *const sen[] = {"mean", "P05", "P95"};
    char zh[200], en[300];
    snprintf(zh, sizeof zh, "%s %s", fs_metric_label_zh(c->m), szh[c->stat]);
    snprintf(en, sizeof en, "%s, %s", xb_metric_en(c->m), sen[c->stat]);
    return xb_label(b, zh, en, xb_unit_text(b, xb_metric_unit(c->m)));
}

/* One row per point: the varied values, then for each year the key
 * metrics; row 1 the year, row 2 the label and unit. */
static void sweep_sheet(book *b, const fs_sweep_info *sw)
{
    lxw_worksheet *ws = xb_sheet(b, "扫描", "sweep");
    const int nv = (int)sw->nvary, years = sw->res->years;
    const ycol *sweep_cols = sw->res->pooling_ledger ? sweep_cols_ledger : sweep_cols_own;
    char h[300], y[32];

    if (!ws)
        return;
    for (int k = 0; k < nv; k++) {
        fs_out_vary_column(&sw->vary[k], h, sizeof h);
        xb_str(b, ws, 0, k, xb_label(b, "扫描参数", "varied", NULL), b->head);
        xb_str(b, ws, 1, k, xb_label(b, sw->vary[k].label_zh ? sw->vary[k].label_zh : "", h,
                                     !strcmp(sw->vary[k].op, "+=")   ? (b->lang_en ? "added" : "增加")
                                     : !strcmp(sw->vary[k].op, "*=") ? (b->lang_en ? "factor" : "倍数")
                                                                     : NULL),
               b->head);
    }
    for (int yi = 0; yi < years; yi++)
        for (int c = 0; c < NSWEEP_COLS; c++) {
            int col = nv + yi * NSWEEP_COLS + c;
            snprintf(y, sizeof y, b->lang_en ? "%d" : "%d年", sw->res->start_year + yi);
            xb_str(b, ws, 0, col, y, b->head);
            xb_str(b, ws, 1, col, sweep_head(b, &sweep_cols[c]), b->head);
        }
    for (size_t i = 0; i < sw->npoints; i++) {
        const fs_sweep_point *p = &sw->points[i];
        for (int k = 0; k < nv; k++)
            xb_num(b, ws, 2 + (int)i, k, p->x[k], NULL);
        for (int yi = 0; yi < years; yi++)
            for (int c = 0; c < NSWEEP_COLS; c++) {
                const fs_stat *st = &p->stats[(size_t)yi * FS_M_COUNT + (size_t)sweep_cols[c].m];
                xunit u = xb_metric_unit(sweep_cols[c].m);
                xb_num(b, ws, 2 + (int)i, nv + yi * NSWEEP_COLS + c,
                       xb_scaled(b, u, stat_of(st, sweep_cols[c].stat)), b->fmt[u]);
            }
    }
    xb_chk(b, worksheet_set_column(ws, 0, (lxw_col_t)(nv - 1), 30, NULL));
    xb_chk(b, worksheet_set_column(ws, (lxw_col_t)nv, (lxw_col_t)(nv + years * NSWEEP_COLS - 1), 14,
                                   NULL));
    xb_chk(b, worksheet_set_row(ws, 0, 20, NULL));
    xb_chk(b, worksheet_set_row(ws, 1, 80, NULL));
    worksheet_freeze_panes(ws, 2, (lxw_col_t)nv);
    /* printed: landscape, the headers and the varied values on every page */
    worksheet_set_paper(ws, 9);
    worksheet_set_landscape(ws);
    xb_chk(b, worksheet_repeat_rows(ws, 0, 1));
    xb_chk(b, worksheet_repeat_columns(ws, 0, (lxw_col_t)(nv - 1)));
    xb_chk(b, worksheet_set_footer(ws, "&C&P / &N"));
}

static const char SWEEP_NOTE_ZH[] =
    "每行为扫描的一个取值点：所变参数的取值（+= 为在各年取值上增加的数额，*= 为倍数），然后逐年列出当期结余率均值、"
    "当期结余率落在略有结余区间（fund.target_band）的概率、截至当年累计结余耗尽的概率、累计结余的 P05、"
    "可支付月数均值和累计基金缺口的 P95（县级统筹账户则为结余率及向统筹基金净上解）。各点使用同一随机种子"
    "（公共随机数），行间差异来自参数而非抽样误差。sweep.csv 含全部指标和统计量。";
static const char SWEEP_NOTE_EN[] =
    "One row per point of the sweep: the varied parameter's value (with +=, the amount added to "
    "every dated value; with *=, the factor), then for each policy year the mean surplus rate, "
    "the probability that the surplus rate is in the 略有结余 band (fund.target_band), the "
    "probability that the fund has been depleted by that year, the balance's p05, the mean "
    "months of spending covered and the p95 of the cumulative shortfall (for a county ledger of "
    "a municipal pool: the surplus rate and the net transfer to the pool).  Every point runs on "
    "common random numbers (one seed), so differences between rows are the parameter's, not "
    "sampling noise.  sweep.csv holds every metric and statistic.";

static void sweep_about(book *b, const fs_sweep_info *sw)
{
    lxw_worksheet *ws = xb_sheet(b, "说明", "about");
    char v[1600], from[FS_OUT_NUMBUF], to[FS_OUT_NUMBUF], step[FS_OUT_NUMBUF];
    int row = 0;

    if (!ws)
        return;
    xb_about_row(b, ws, &row, "方案", "scenario", sw->scenario);
    for (size_t i = 0; i < sw->files.set_count; i++)
        xb_about_row(b, ws, &row, "覆盖参数", "override", sw->files.sets[i]);
    for (size_t k = 0; k < sw->nvary; k++) {
        const fs_vary_info *vi = &sw->vary[k];
        fs_out_format_double(vi->from, from, sizeof from);
        fs_out_format_double(vi->to, to, sizeof to);
        fs_out_format_double(vi->step, step, sizeof step);
        snprintf(v, sizeof v, "%s%s%s:%s:%s", vi->path, vi->op, from, to, step);
        xb_about_row(b, ws, &row, "扫描参数", "vary", v);
    }
    xb_about_num(b, ws, &row, "取值点数", "points", (double)sw->npoints);
    xb_about_run(b, ws, &row, sw->res);
    xb_about_row(b, ws, &row, "金额单位", "money unit", xb_unit_text(b, U_MONEY));
    row++;
    xb_about_note(b, ws, &row, "说明", "note", SWEEP_NOTE_ZH, SWEEP_NOTE_EN, 90);
    xb_chk(b, worksheet_set_column(ws, 0, 0, 26, NULL));
    xb_chk(b, worksheet_set_column(ws, 1, 1, 100, NULL));
    xb_print_setup(b, ws, 0, row, 1, 0);
}

int fs_out_sweep_xlsx(FILE *f, const fs_sweep_info *sw, const fs_xlsx_opts *opt)
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
    rc = book_open(&b, path, title, opt ? opt->lang_en : 0,
                   fs_out_money_unit(sw->res, sw->npoints ? sw->points[0].stats : NULL));
    if (rc == FS_OK) {
        sweep_sheet(&b, sw);
        sweep_about(&b, sw);
        rc = book_finish(&b, path, f);
    }
    unlink(path);
    return rc;
}
