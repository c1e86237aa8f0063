/* sim/diag.c -- status names, start-up, and the list of diagnostics. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "fundsim.h"
#include "yaml_tree_int.h"

struct fs_diags {
    fs_diag *v;
    size_t n, cap;
    size_t nerr;
    int oom;
};

const char *fs_strerror(int code)
{
    switch (code) {
    case FS_OK: return "success";
    case FS_ENOMEM: return "out of memory";
    case FS_EIO: return "input/output error";
    case FS_ESCENARIO: return "scenario error";
    case FS_ENUMERIC: return "numerical error";
    case FS_EUSAGE: return "usage error";
    case FS_EINTERNAL: return "internal error";
    case FS_ECANCELED: return "interrupted";
    default: return "unknown error";
    }
}

void fs_init(void)
{
    gsl_set_error_handler_off();
}

fs_diags *fs_diags_alloc(void)
{
    return calloc(1, sizeof(fs_diags));
}

void fs_diags_free(fs_diags *d)
{
    if (d == NULL)
        return;
    free(d->v);
    free(d);
}

size_t fs_diags_count(const fs_diags *d)
{
    return d ? d->n : 0;
}

size_t fs_diags_errors(const fs_diags *d)
{
    return d ? d->nerr : 0;
}

const fs_diag *fs_diags_get(const fs_diags *d, size_t i)
{
    if (d == NULL || i >= d->n)
        return NULL;
    return &d->v[i];
}

int fsi_diags_oom(const fs_diags *d)
{
    return d ? d->oom : 0;
}

void fsi_diag_add(fs_diags *d, fs_diag_kind kind, const char *file, long line, long col,
                  const char *path, const char *fmt, ...)
{
    if (d == NULL)
        return;
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        fs_diag *v = realloc(d->v, cap * sizeof *v);
        if (v == NULL) {
            d->oom = 1;
            if (kind == FS_DIAG_ERROR)
                d->nerr++;
            return;
        }
        d->v = v;
        d->cap = cap;
    }
    fs_diag *g = &d->v[d->n];
    memset(g, 0, sizeof *g);
    g->kind = kind;
    snprintf(g->file, sizeof g->file, "%s", file ? file : "");
    g->line = line;
    g->column = col;
    snprintf(g->path, sizeof g->path, "%s", path ? path : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g->msg, sizeof g->msg, fmt, ap);
    va_end(ap);
    d->n++;
    if (kind == FS_DIAG_ERROR)
        d->nerr++;
}

char *fs_diag_format(const fs_diag *g, char *buf, size_t n)
{
    if (buf == NULL || n == 0)
        return buf;
    buf[0] = '\0';
    if (g == NULL)
        return buf;
    char pos[48] = "";
    if (g->file[0] != '\0' && g->line > 0) {
        if (g->column > 0)
            snprintf(pos, sizeof pos, "%ld:%ld:", g->line, g->column);
        else
            snprintf(pos, sizeof pos, "%ld:", g->line);
    }
    const char *kind = g->kind == FS_DIAG_WARNING ? "warning: "
                       : g->kind == FS_DIAG_NOTE  ? "note: "
                                                  : "";
    snprintf(buf, n, "%s%s%s%s%s%s%s", g->file, g->file[0] ? ":" : "", pos,
             g->file[0] ? " " : "", kind, g->path, g->path[0] ? ": " : "");
    size_t k = strlen(buf);
    if (k + 1 < n)
        snprintf(buf + k, n - k, "%s", g->msg);
    return buf;
}
