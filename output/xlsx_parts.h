/* output/xlsx_parts.h -- what the workbook writers share (output/xlsx.c:
 * the book, its formats, cells, tables of years and the fan chart;
 * output/xlsx_book.c: the sheets of summary.xlsx).  Internal to output/. */
#ifndef FS_XLSX_PARTS_H
#define FS_XLSX_PARTS_H

#include <xlsxwriter.h>

#include "fs_output.h"

/* How a column is shown: money in the book's unit (万元 or 亿元: the cell
 * holds yuan / money.div), yuan per person (元), a share or probability
 * (0.0%), months (0.0), persons, a calendar year, or text. */
typedef enum { U_MONEY, U_YUAN, U_PCT, U_MONTHS, U_PERSONS, U_YEAR, U_TEXT } xunit;

/* The workbook being built, with its formats and a sticky error. */
typedef struct book {
    lxw_workbook *wb;
    int lang_en;             /* English labels first */
    fs_out_money money;      /* the money unit of the book */
    lxw_format *title, *head, *text, *wrap, *bold, *year, *key, *lnum;
    lxw_format *fmt[U_TEXT + 1];   /* a data cell of each unit */
    lxw_format *tot[U_TEXT + 1];   /* the same, bold, in a total row */
    lxw_format *fine;              /* money with one more decimal */
    lxw_format *raw_money, *raw_rate, *raw_months; /* the machine-readable sheet */
    char lbuf[8][512];       /* label() returns these in turn */
    int li;
    int bad;
} book;

void xb_chk(book *b, lxw_error e);
/* A finite number, or nothing (an empty cell, as the CSV's empty field). */
void xb_num(book *b, lxw_worksheet *ws, int row, int col, double x, lxw_format *fmt);
void xb_str(book *b, lxw_worksheet *ws, int row, int col, const char *s, lxw_format *fmt);
/* "中文 English" (or "English 中文" with lang_en); unit, when not NULL,
 * is appended in parentheses.  Valid until eight more calls. */
const char *xb_label(book *b, const char *zh, const char *en, const char *unit);
/* The same with sep between the two ("\n" in table headers). */
const char *xb_label_sep(book *b, const char *zh, const char *en, const char *unit,
                         const char *sep);
/* The unit text of a column header ("万元", "元/人", "%", ...), NULL for none. */
const char *xb_unit_text(const book *b, xunit u);
/* The value of a cell of unit u for the raw value x (money scaled). */
double xb_scaled(const book *b, xunit u, double x);
lxw_worksheet *xb_sheet(book *b, const char *zh, const char *en);
/* A4 landscape, one page wide (scale 0) or at scale percent, the first
 * nrep rows repeated on every page, print area A1 to (last_row,
 * last_col), page numbers in the footer. */
void xb_print_setup(book *b, lxw_worksheet *ws, int nrep, int last_row, int last_col, int scale);

/* A table of rows (years, or labels) by columns, at `row`: an optional
 * title row, a header row (label and unit), the rows, and an optional
 * total row (the sums of the columns marked sum).  v is nrows x ncols raw values (yuan, shares). */
typedef struct xcol {
    const char *zh, *en;
    xunit u;
    int sum; /* 1: summed in the total row (a flow, or persons over rows) */
} xcol;

typedef struct xtable {
    const char *zh, *en;            /* title; NULL: no title row */
    const char *corner_zh, *corner_en; /* the header of the first column */
    int ncols;
    const xcol *cols;
    int nrows;
    const char *const *rowlab;      /* NULL: the rows are years from start_year */
    int start_year;
    const double *v;
    int total;
    int fine;                       /* 1: money with one more decimal (differences) */
} xtable;

/* Writes t; returns the row after it.  *head_row (may be NULL) gets the
 * header's row. */
int xb_table(book *b, lxw_worksheet *ws, int row, const xtable *t, int *head_row);

/* A fan chart on sheet `sheet_name` (ws) from p, which holds per year
 * (nrows from start_year) the percentiles p05, p25, p50, p75, p95 as shown
 * (scaled).  The chart's data is a helper table at (hrow, hcol): a header
 * row, then per year the year, p05 and the stacked band widths (p25 - p05,
 * p75 - p25, p95 - p75) and the median, in format fmt.  Inserted at
 * (at_row, at_col), w x h pixels. */
typedef struct xfan {
    const char *sheet_name;
    int hrow, hcol, nrows, start_year;
    const double *p;
    lxw_format *fmt;
    const char *title_zh, *title_en;
    const char *axis_unit;          /* the y axis title */
    const char *num_format;         /* the y axis number format */
    int at_row, at_col, w, h;
} xfan;
void xb_fan_chart(book *b, lxw_worksheet *ws, const xfan *fan);

xunit xb_metric_unit(fs_metric m);
const char *xb_metric_en(fs_metric m);
/* Rows of an about sheet: label in column A, value in B. */
void xb_about_row(book *b, lxw_worksheet *ws, int *row, const char *zh, const char *en,
                  const char *v);
void xb_about_num(book *b, lxw_worksheet *ws, int *row, const char *zh, const char *en, double v);
void xb_about_run(book *b, lxw_worksheet *ws, int *row, const fs_results *res);
void xb_about_note(book *b, lxw_worksheet *ws, int *row, const char *zh, const char *en,
                   const char *note_zh, const char *note_en, double height);

/* The sheets of summary.xlsx before its data sheet (output/xlsx_book.c):
 * FS_OK or FS_ENOMEM. */
int xb_summary_sheets(book *b, const fs_results *res, const fs_stat *stats,
                      const fs_xlsx_opts *opt);
/* The machine-readable table of summary.csv / diff.csv (ids in English,
 * raw yuan) with leading text columns pre/pre_val. */
void xb_stats_sheet(book *b, const char *zh, const char *en, const fs_results *res,
                    const fs_stat *stats, int npre, const char *const *pre,
                    const char *const *pre_val);

#endif /* FS_XLSX_PARTS_H */
