/* output/html_report.h -- shared by the HTML report's files
 * (output/html.c, output/html_compare.c, output/svg.c): text escaping,
 * human number formats and the inline SVG charts.  Private to output/
 * (not installed); the writers themselves are in fs_output.h. */
#ifndef FS_OUTPUT_HTML_REPORT_H
#define FS_OUTPUT_HTML_REPORT_H

#include <stdio.h>

#include "fs_output.h"

/* What a non-finite value shows as in the report (an em dash). */
#define FSH_NA "\xe2\x80\x94"

/* Writes s escaped for HTML text and attribute values (& < > " ');
 * control characters other than tab and newline become spaces, and bytes
 * that are not valid UTF-8 become U+FFFD, so the page is always valid. */
void fsh_text(FILE *f, const char *s);

/* x with `dec` decimals and thousands separators ("35,532.3", "-1,204");
 * FSH_NA when x is not finite.  Returns buf. */
const char *fsh_num(double x, int dec, char *buf, size_t n);

/* 100 x with one decimal and "%" ("6.4%"); FSH_NA when not finite. */
const char *fsh_pct(double x, char *buf, size_t n);

/* ------------------------------------------------------------------ */
/* Charts: inline <svg class="chart"> drawn on a slot per policy year
 * (years written below the plot), the y axis with round ticks and its
 * unit as the axis title.  Non-finite values are skipped: a line or band
 * breaks there.  Values are passed already in the display unit. */

#define FSH_MAX_SERIES 12

typedef struct fsh_fan {
    const char *title;            /* the chart's accessible name */
    const char *unit;             /* y-axis title ("万元", "月") */
    int x0, n;                    /* first year, number of years */
    const double *p05, *p25, *p50, *p75, *p95; /* n values each */
    const double *band_lo, *band_hi; /* NULL, or a shaded reference band per year */
    const char *band_label;
    const char *l_outer, *l_inner, *l_median; /* legend: 5-95, 25-75, median */
    int dec;                      /* decimals of the tick labels at least */
} fsh_fan;

/* A fan chart: the 5-95 and 25-75 bands shaded in one hue, the median as a
 * line with markers, the zero line when 0 is in range. */
void fsh_svg_fan(FILE *f, const fsh_fan *c);

typedef struct fsh_stack {
    const char *title, *unit;
    int x0, n;
    int nseries;                  /* at most FSH_MAX_SERIES */
    const char *labels[FSH_MAX_SERIES];
    const double *v;              /* nseries * n, series after series */
    const double *total;          /* NULL, or n values marked as a dot */
    const char *total_label;
} fsh_stack;

/* Stacked bars per year: positive parts upwards from 0, negative parts
 * downwards; series that are 0 (or not finite) in every year are left out
 * of the legend. */
void fsh_svg_stack(FILE *f, const fsh_stack *c);

/* The money unit of a report: 万元 (1e4 yuan), or 亿元 (1e8 yuan) when
 * the largest amount `maxabs` (yuan) reaches 1e10 (100 亿元, a provincial
 * fund); *div gets the divisor and the label its Chinese name, *en the
 * English one. */
void fsh_money_unit(double maxabs, double *div, const char **zh, const char **en);

/* The page's <head> with the style sheet (screen and A4 print), and the
 * opening <body>; `lang` "zh-CN" or "en". */
void fsh_page_head(FILE *f, const char *lang, const char *title);

/* Rows of a provenance table: the files with their SHA-256, the overrides
 * and calibration factors of fl; the version, git, seed, sizes, mode and
 * generator of res. */
void fsh_files_rows(FILE *f, const fs_file_list *fl, int en);
void fsh_run_rows(FILE *f, const fs_results *res, const char *git, int en);

#endif /* FS_OUTPUT_HTML_REPORT_H */
