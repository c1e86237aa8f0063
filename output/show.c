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

enum { COL_PATH, COL_LABEL, COL_VALUE, COL_UNIT, COL_REF, COL_ORIGIN, NCOL };

/* A copy of s (the views may point into per-call buffers). */
static char *dup(const char *s)
{
    size_t len = strlen(s ? s : "");
    char *d = malloc(len + 1);

    if (d)
        memcpy(d, s ? s : "", len + 1);
    return d;
}

int fs_out_show(FILE *f, const fs_scenario *sc, int year)
{
    static const char *const head[NCOL] = {"PATH", "名称", "VALUE", "UNIT", "REF", "ORIGIN"};
    /* A cell wider than its column's cap (long age profiles, references)
     * overflows on its own row rather than widening the whole column. */
    static const size_t cap[NCOL] = {56, 28, 32, 24, 40, 80};
    size_t n = fs_scenario_param_count(sc), i, c, w[NCOL];
    char *(*cells)[NCOL];
    int status = FS_OK;

    cells = calloc(n ? n : 1, sizeof *cells);
    if (!cells)
        return FS_ENOMEM;
    for (c = 0; c < NCOL; c++)
        w[c] = strlen(head[c]);
    for (i = 0; i < n && status == FS_OK; i++) {
        char val[FS_OUT_NUMBUF];
        fs_param_view v;
        int rc;

        memset(&v, 0, sizeof v);
        rc = fs_scenario_param_get(sc, i, year, &v);
        if (rc != FS_OK)
            snprintf(val, sizeof val, "(none in %d)", year);
        else if (v.is_text)
            snprintf(val, sizeof val, "%s", v.text ? v.text : "");
        else if (!fs_out_format_double(v.value, val, sizeof val))
            snprintf(val, sizeof val, "%s", isnan(v.value) ? "nan" : v.value > 0 ? "inf" : "-inf");
        cells[i][COL_PATH] = dup(v.path ? v.path : "?");
        cells[i][COL_LABEL] = dup(v.label_zh);
        cells[i][COL_VALUE] = dup(val);
        cells[i][COL_UNIT] = dup(v.unit);
        cells[i][COL_REF] = dup(v.ref);
        cells[i][COL_ORIGIN] = dup(v.origin);
        for (c = 0; c < NCOL; c++) {
            size_t cw;
            if (!cells[i][c]) {
                status = FS_ENOMEM;
                break;
            }
            cw = fs_out_display_width(cells[i][c]);
            if (cw > w[c] && cw <= cap[c])
                w[c] = cw;
        }
    }
    if (status == FS_OK) {
        fprintf(f, "# scenario %s, policy year %d, %zu parameters\n", fs_scenario_name(sc), year,
                n);
        for (c = 0; c < NCOL; c++)
            cell(f, head[c], w[c], c == NCOL - 1);
        for (i = 0; i < n; i++)
            for (c = 0; c < NCOL; c++)
                cell(f, cells[i][c], w[c], c == NCOL - 1);
        if (ferror(f))
            status = FS_EIO;
    }
    for (i = 0; i < n; i++)
        for (c = 0; c < NCOL; c++)
            free(cells[i][c]);
    free(cells);
    return status;
}
