/* output/params_diff.c -- what changed between scenarios: the table of
 * `fundsim diff` and params_diff.csv of `fundsim compare`. */
#include <stdlib.h>
#include <string.h>

#include "fs_output.h"

/* The value of one side of a change ("" when absent there). */
static void side_value(const fs_param_change *c, int b, char *buf, size_t n)
{
    const fs_param_view *v = b ? &c->b : &c->a;
    if (!(b ? c->in_b : c->in_a)) {
        snprintf(buf, n, "(absent)");
        return;
    }
    fs_out_param_value(v, FS_OK, c->year, buf, n);
}

static const char *unit_of(const fs_param_change *c)
{
    return c->in_a ? c->a.unit : c->b.unit;
}

enum { D_PATH, D_LABEL, D_YEAR, D_A, D_B, D_UNIT, D_REFA, D_REFB, ND };

int fs_out_params_diff(FILE *f, const char *a, const char *b, const fs_param_change *ch, size_t n)
{
    static const char *const head[ND] = {"PATH", "名称", "YEAR", "A", "B", "UNIT", "A REF", "B REF"};
    static const size_t cap[ND] = {56, 28, 6, 28, 28, 16, 40, 40};
    char (*buf)[3][FS_OUT_NUMBUF] = calloc(n ? n : 1, sizeof *buf);
    const char **cells = calloc(n ? n * ND : 1, sizeof *cells);
    int rc = buf && cells ? FS_OK : FS_ENOMEM;

    for (size_t i = 0; i < n && rc == FS_OK; i++) {
        const char **row = cells + i * ND;
        snprintf(buf[i][0], sizeof buf[i][0], "%d", ch[i].year);
        side_value(&ch[i], 0, buf[i][1], sizeof buf[i][1]);
        side_value(&ch[i], 1, buf[i][2], sizeof buf[i][2]);
        row[D_PATH] = ch[i].path;
        row[D_LABEL] = ch[i].label_zh ? ch[i].label_zh : "";
        row[D_YEAR] = buf[i][0];
        row[D_A] = buf[i][1];
        row[D_B] = buf[i][2];
        row[D_UNIT] = unit_of(&ch[i]);
        row[D_REFA] = ch[i].in_a ? ch[i].a.ref : "";
        row[D_REFB] = ch[i].in_b ? ch[i].b.ref : "";
    }
    if (rc == FS_OK) {
        fprintf(f, "# A = %s, B = %s: %zu parameter%s (YEAR: the first year they do)\n", a, b,
                n, n == 1 ? " differs" : "s differ");
        if (n)
            rc = fs_out_table(f, head, ND, cap, cells, n);
    }
    free(buf);
    free(cells);
    return rc == FS_OK && ferror(f) ? FS_EIO : rc;
}

int fs_out_params_diff_csv(FILE *f, const fs_params_diff_set *sets, size_t nsets)
{
    char va[FS_OUT_NUMBUF], vb[FS_OUT_NUMBUF];

    if (!f || (nsets && !sets))
        return FS_EUSAGE;
    fputs(FS_OUT_PARAMS_DIFF_HEADER "\n", f);
    for (size_t s = 0; s < nsets; s++)
        for (size_t i = 0; i < sets[s].n; i++) {
            const fs_param_change *c = &sets[s].ch[i];
            side_value(c, 0, va, sizeof va);
            side_value(c, 1, vb, sizeof vb);
            const char *fields[] = {sets[s].base, sets[s].alt, c->path,
                                    c->label_zh ? c->label_zh : ""};
            for (size_t k = 0; k < 4; k++) {
                fs_out_csv_field(f, fields[k]);
                putc(',', f);
            }
            fprintf(f, "%d,", c->year);
            fs_out_csv_field(f, va);
            putc(',', f);
            fs_out_csv_field(f, vb);
            putc(',', f);
            fs_out_csv_field(f, unit_of(c));
            putc(',', f);
            fs_out_csv_field(f, c->in_a ? c->a.ref : "");
            putc(',', f);
            fs_out_csv_field(f, c->in_b ? c->b.ref : "");
            putc('\n', f);
        }
    return ferror(f) ? FS_EIO : FS_OK;
}
