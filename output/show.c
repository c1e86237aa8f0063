/* output/show.c -- `fundsim show`: the resolved parameters of a scenario
 * for one policy year, as an aligned table a policy officer can audit. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fs_output.h"

/* Prints s with control characters shown as spaces (one line per row),
 * then pads it to width w plus a two-space gutter (at least one space
 * after an overflowing cell; no padding when last). */
static void cell(FILE *f, const char *s, size_t w, int last)
{
    size_t have;

    s = s ? s : "";
    for (const char *p = s; *p; p++)
        putc((unsigned char)*p < 0x20 ? ' ' : *p, f);
    if (last) {
        putc('\n', f);
        return;
    }
    have = fs_out_display_width(s);
    if (have >= w) {
        fputs("  ", f);
        return;
    }
    for (; have < w + 2; have++)
        putc(' ', f);
}


/* A copy of s (the views may point into per-call buffers). */
static char *dup(const char *s)
{
    size_t len = strlen(s ? s : "");
    char *d = malloc(len + 1);

    if (d)
        memcpy(d, s ? s : "", len + 1);
    return d;
}

void fs_out_param_value(const fs_param_view *v, int rc, int year, char *buf, size_t n)
{
    if (rc != FS_OK)
        snprintf(buf, n, "(none in %d)", year);
    else if (v->is_text)
        snprintf(buf, n, "%s", v->text ? v->text : "");
    else if (!fs_out_format_double(v->value, buf, n))
        snprintf(buf, n, "%s", isnan(v->value) ? "nan" : v->value > 0 ? "inf" : "-inf");
}

int fs_out_table(FILE *f, const char *const *head, size_t ncol, const size_t *cap,
                 const char *const *cells, size_t nrows)
{
    size_t w[16];

    if (ncol > 16)
        return FS_EUSAGE;
    for (size_t c = 0; c < ncol; c++)
        w[c] = strlen(head[c]);
    /* A cell wider than its column's cap overflows on its own row rather
     * than widening the whole column. */
    for (size_t i = 0; i < nrows; i++)
        for (size_t c = 0; c < ncol; c++) {
            size_t cw = fs_out_display_width(cells[i * ncol + c]);
            if (cw > w[c] && cw <= cap[c])
                w[c] = cw;
        }
    for (size_t c = 0; c < ncol; c++)
        cell(f, head[c], w[c], c == ncol - 1);
    for (size_t i = 0; i < nrows; i++)
        for (size_t c = 0; c < ncol; c++)
            cell(f, cells[i * ncol + c], w[c], c == ncol - 1);
    return ferror(f) ? FS_EIO : FS_OK;
}

enum { COL_PATH, COL_LABEL, COL_VALUE, COL_UNIT, COL_REF, COL_ORIGIN, NCOL };

int fs_out_show(FILE *f, const fs_scenario *sc, int year)
{
    static const char *const head[NCOL] = {"PATH", "名称", "VALUE", "UNIT", "REF", "ORIGIN"};
    static const size_t cap[NCOL] = {56, 28, 32, 24, 40, 80};
    size_t n = fs_scenario_param_count(sc);
    char **cells = calloc(n ? n * NCOL : 1, sizeof *cells);
    int status = cells ? FS_OK : FS_ENOMEM;

    for (size_t i = 0; i < n && status == FS_OK; i++) {
        char val[FS_OUT_NUMBUF];
        fs_param_view v;

        memset(&v, 0, sizeof v);
        fs_out_param_value(&v, fs_scenario_param_get(sc, i, year, &v), year, val, sizeof val);
        char **row = cells + i * NCOL;
        row[COL_PATH] = dup(v.path ? v.path : "?");
        row[COL_LABEL] = dup(v.label_zh);
        row[COL_VALUE] = dup(val);
        row[COL_UNIT] = dup(v.unit);
        row[COL_REF] = dup(v.ref);
        row[COL_ORIGIN] = dup(v.origin);
        for (size_t c = 0; c < NCOL; c++)
            if (!row[c])
                status = FS_ENOMEM;
    }
    if (status == FS_OK) {
        fprintf(f, "# scenario %s, policy year %d, %zu parameters\n", fs_scenario_name(sc), year,
                n);
        status = fs_out_table(f, head, NCOL, cap, (const char *const *)cells, n);
    }
    for (size_t i = 0; cells && i < n * NCOL; i++)
        free(cells[i]);
    free(cells);
    return status;
}
