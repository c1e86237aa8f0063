/* sim/paramdiff.c -- what changed between two scenarios: the resolved
 * parameters (`show`'s views) whose values differ in a range of policy
 * years, the way reform tools show a reform.  The scenario's name is its
 * identity, not a policy, and is left out. */
#include <stdlib.h>
#include <string.h>

#include "loader_int.h"

/* Index of the view with path in sc, or -1. */
static long find(const fs_scenario *sc, const char *path)
{
    size_t n = fs_scenario_param_count(sc);
    for (size_t i = 0; i < n; i++)
        if (strcmp(sc->views->v[i].path, path) == 0)
            return (long)i;
    return -1;
}

/* 1 if the two views hold the same value in year y (both unresolved counts
 * as the same). */
static int same(const fs_param_view *a, int ra, const fs_param_view *b, int rb)
{
    if (ra != FS_OK || rb != FS_OK)
        return ra == rb;
    if (a->is_text != b->is_text)
        return 0;
    if (a->is_text)
        return strcmp(a->text, b->text) == 0;
    return a->value == b->value || (a->value != a->value && b->value != b->value);
}

/* Adds the change of path (a's index ia, b's ib, -1 if absent) if the values
 * differ in some year of [y0, y1]: the first such year. */
static int add_change(const fs_scenario *a, long ia, const fs_scenario *b, long ib, int y0,
                      int y1, fs_param_change **v, size_t *n, size_t *cap)
{
    for (int y = y0; y <= y1; y++) {
        fs_param_change ch;
        memset(&ch, 0, sizeof ch);
        int ra = ia >= 0 ? fs_scenario_param_get(a, (size_t)ia, y, &ch.a) : FS_EUSAGE;
        int rb = ib >= 0 ? fs_scenario_param_get(b, (size_t)ib, y, &ch.b) : FS_EUSAGE;
        if ((ia >= 0 && ib >= 0) && same(&ch.a, ra, &ch.b, rb))
            continue;
        ch.path = ia >= 0 ? ch.a.path : ch.b.path;
        ch.label_zh = ia >= 0 ? ch.a.label_zh : ch.b.label_zh;
        ch.year = y;
        ch.in_a = ia >= 0 && ra == FS_OK;
        ch.in_b = ib >= 0 && rb == FS_OK;
        if (*n == *cap) {
            size_t nc = *cap ? 2 * *cap : 16;
            fs_param_change *nv = realloc(*v, nc * sizeof *nv);
            if (!nv)
                return FS_ENOMEM;
            *v = nv;
            *cap = nc;
        }
        (*v)[(*n)++] = ch;
        return FS_OK;
    }
    return FS_OK;
}

int fs_scenario_diff(const fs_scenario *a, const fs_scenario *b, int year_from, int year_to,
                     fs_param_change **out, size_t *nout)
{
    fs_param_change *v = NULL;
    size_t n = 0, cap = 0, na, nb;
    int rc = FS_OK;

    if (!out || !nout)
        return FS_EUSAGE;
    *out = NULL;
    *nout = 0;
    if (!a || !b || year_to < year_from)
        return FS_EUSAGE;
    na = fs_scenario_param_count(a);
    nb = fs_scenario_param_count(b);
    for (size_t i = 0; i < na && rc == FS_OK; i++) {
        const char *path = a->views->v[i].path;
        if (strcmp(path, "scenario.name") == 0)
            continue;
        rc = add_change(a, (long)i, b, find(b, path), year_from, year_to, &v, &n, &cap);
    }
    for (size_t i = 0; i < nb && rc == FS_OK; i++) { /* only in b */
        const char *path = b->views->v[i].path;
        if (find(a, path) < 0)
            rc = add_change(a, -1, b, (long)i, year_from, year_to, &v, &n, &cap);
    }
    if (rc != FS_OK) {
        free(v);
        return rc;
    }
    *out = v;
    *nout = n;
    return FS_OK;
}

void fs_param_changes_free(fs_param_change *c)
{
    free(c);
}
