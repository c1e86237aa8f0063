/* sim/views.c -- what a loaded scenario shows: the resolved parameters of
 * `fundsim show` with their origin, where each dated parameter was written
 * (for the engine's messages), and the reference tables of
 * docs/scenario.md rendered from the schema. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader_int.h"

void fsi_views_free(fsi_views *w)
{
    if (w == NULL)
        return;
    fsi_arena_free(w->a);
    free(w->v);
    free(w->rec);
    free(w->sha256);
    for (size_t i = 0; i < w->nsets; i++)
        free(w->sets[i]);
    free(w->sets);
    free(w);
}

/* Orders views by top-level section as in the schema (stable within one). */
static size_t view_rank(const view *v)
{
    size_t len = strcspn(v->path, ".[");
    for (size_t i = 0; fsi_schema_root[i].key; i++)
        if (strlen(fsi_schema_root[i].key) == len &&
            strncmp(fsi_schema_root[i].key, v->path, len) == 0)
            return i;
    return 99;
}

void fsi_views_sort(fsi_views *w)
{
    /* insertion sort: stable, and n is a few hundred */
    for (size_t i = 1; i < w->n; i++) {
        view x = w->v[i];
        size_t rx = view_rank(&x), j = i;
        while (j > 0 && view_rank(&w->v[j - 1]) > rx) {
            w->v[j] = w->v[j - 1];
            j--;
        }
        w->v[j] = x;
    }
}

const char *fsi_origin_of(fsi_loader *c, const fsy_node *n)
{
    if (n == NULL || n->file == NULL)
        return "default";
    const char *s;
    if (n->file == c->mainfile || strncmp(n->file, "--set ", 6) == 0)
        s = fsi_arena_printf(c->vw->a, "%s:%ld:%ld", n->file, n->line, n->col);
    else
        s = fsi_arena_printf(c->vw->a, "extends %s:%ld:%ld", n->file, n->line, n->col);
    if (s == NULL)
        c->oom = 1;
    return s ? s : "";
}

view *fsi_view_add(fsi_loader *c, const char *path, view_kind kind, const void *ptr,
                   const char *unit, const fsy_node *n)
{
    fsi_views *w = c->vw;
    if (w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 128;
        view *v = realloc(w->v, cap * sizeof *v);
        if (v == NULL) {
            c->oom = 1;
            return NULL;
        }
        w->v = v;
        w->cap = cap;
    }
    view *v = &w->v[w->n];
    memset(v, 0, sizeof *v);
    v->path = fsi_arena_strndup(w->a, path, strlen(path));
    v->kind = kind;
    v->ptr = ptr;
    v->unit = unit ? unit : "";
    v->text = "";
    v->origin = fsi_origin_of(c, n);
    if (v->path == NULL) {
        c->oom = 1;
        return NULL;
    }
    w->n++;
    return v;
}

void fsi_view_drop(fsi_loader *c, const char *path)
{
    fsi_views *w = c->vw;
    size_t k = 0;
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->v[i].path, path) != 0)
            w->v[k++] = w->v[i];
    w->n = k;
}

void fsi_view_text(fsi_loader *c, const char *path, const char *text, const fsy_node *n)
{
    view *v = fsi_view_add(c, path, V_TEXT, NULL, "", n);
    if (v) {
        v->text = fsi_arena_strndup(c->vw->a, text, strlen(text));
        if (v->text == NULL)
            c->oom = 1;
    }
}

void fsi_param_rec_add(fsi_loader *c, const fs_param *p, const char *path, const fsy_node *n)
{
    fsi_views *w = c->vw;
    if (w->nrec == w->caprec) {
        size_t cap = w->caprec ? 2 * w->caprec : 128;
        fsi_param_rec *r = realloc(w->rec, cap * sizeof *r);
        if (r == NULL) {
            c->oom = 1;
            return;
        }
        w->rec = r;
        w->caprec = cap;
    }
    fsi_param_rec *r = &w->rec[w->nrec];
    r->p = p;
    r->path = fsi_arena_strndup(w->a, path, strlen(path));
    r->origin = fsi_origin_of(c, n);
    if (r->path == NULL) {
        c->oom = 1;
        return;
    }
    w->nrec++;
}

const char *fsi_param_where(const fs_scenario *sc, const fs_param *p, char *buf, size_t n)
{
    const fsi_views *w = sc ? sc->views : NULL;
    if (n == 0)
        return buf;
    buf[0] = '\0';
    for (size_t i = 0; w && i < w->nrec; i++) {
        const fsi_param_rec *r = &w->rec[i];
        if (r->p != p)
            continue;
        if (strcmp(r->origin, "default") == 0)
            snprintf(buf, n, "%s (default)", r->path);
        else
            snprintf(buf, n, "%s: %s", r->origin, r->path);
        break;
    }
    return buf;
}

/* The schema row of a key path as views and diagnostics spell it
 * ("groups[1].subsidy.amount"); a path inside a compound value (a cost's
 * mean, an age range's [0]) gives the row of the value.  NULL if none. */
static const sch *schema_lookup(const char *path)
{
    const sch *kids = fsi_schema_root, *row = NULL;
    const char *p = path;
    while (*p && kids) {
        size_t len = strcspn(p, ".[");
        const sch *e = kids;
        while (e->key && !(strlen(e->key) == len && strncmp(e->key, p, len) == 0))
            e++;
        if (!e->key)
            break;
        row = e;
        kids = e->kids;
        p += len;
        while (*p == '[') {
            const char *q = strchr(p, ']');
            if (!q)
                return row;
            p = q + 1;
        }
        if (*p == '.')
            p++;
    }
    return row;
}

size_t fs_scenario_param_count(const fs_scenario *sc)
{
    const fsi_views *w = sc ? sc->views : NULL;
    return w ? w->n : 0;
}

int fs_scenario_param_get(const fs_scenario *sc, size_t i, int year, fs_param_view *out)
{
    const fsi_views *w = sc ? sc->views : NULL;
    if (w == NULL || out == NULL || i >= w->n)
        return FS_EUSAGE;
    const view *v = &w->v[i];
    memset(out, 0, sizeof *out);
    out->path = v->path;
    out->unit = v->unit;
    out->ref = "";
    out->text = "";
    out->origin = v->origin;
    const sch *row = schema_lookup(v->path);
    out->label_zh = row && row->zh ? row->zh : "";
    out->label_en = row && row->en ? row->en : "";
    switch (v->kind) {
    case V_PARAM: {
        const fs_param *p = v->ptr;
        out->unit = p->unit;
        out->ref = p->ref;
        return fsi_param_at(p, year, &out->value);
    }
    case V_NUM:
        out->value = v->ptr ? *(const double *)v->ptr : v->value;
        return FS_OK;
    case V_INT:
        out->value = *(const int *)v->ptr;
        return FS_OK;
    case V_U64:
        out->value = (double)*(const uint64_t *)v->ptr;
        return FS_OK;
    case V_TEXT:
        out->is_text = 1;
        out->text = v->text;
        return FS_OK;
    case V_DBOOL: {
        const fs_param *p = v->ptr;
        double b;
        out->ref = p->ref;
        out->is_text = 1;
        int rc = fsi_param_at(p, year, &b);
        out->text = rc == FS_OK ? (b != 0.0 ? "true" : "false") : "";
        return rc;
    }
    }
    return FS_EINTERNAL;
}

/* ------------------------------------------------------------------ */
/* Reference tables for docs/scenario.md, rendered from the schema so that
 * defaults are documented in one place (a test checks the doc holds them). */

static const char *type_name(const sch *e)
{
    switch (e->type) {
    case T_MAP: return "mapping";
    case T_LIST: return "list of mappings";
    case T_STR: return "text";
    case T_INT: return e->cons == C_YEAR ? "year" : "integer";
    case T_U64: return "integer >= 0";
    case T_NUM:
        return e->cons == C_SHARE ? "share" : e->cons == C_NONNEG ? "number >= 0"
                                          : e->cons == C_POS      ? "number > 0"
                                          : e->cons == C_SIGNED   ? "number in [-1,1]"
                                                                  : "number";
    case T_BOOL: return "true/false";
    case T_DBOOL: return "dated true/false";
    case T_ENUM:
    case T_SENUM: return "choice";
    case T_DATED:
        return e->cons == C_SHARE         ? "dated share"
               : e->cons == C_NONNEG      ? "dated >= 0"
               : e->cons == C_LIMIT       ? "dated >= 0 or .inf"
               : e->cons == C_SHARE_LIMIT ? "dated share or .inf"
                                          : "dated";
    case T_AGES:
    case T_AGES2: return "ages";
    case T_COST: return "cost";
    case T_AGERANGE: return "[min, max]";
    case T_DATEDSEQ: return "list of dated";
    case T_TEXTS: return "list of texts";
    case T_SET: return "list of choices";
    }
    return "";
}

/* The type column: type_name, with the plausible range when there is one. */
static const char *type_text(const sch *e, char *buf, size_t n)
{
    const char *t = type_name(e);
    if (!(e->cons > C_NONE && e->cons < C_NCONS && fsi_ranges[e->cons].what))
        return t;
    const fsi_range *r = &fsi_ranges[e->cons];
    char lo[32], hi[32];
    const char *base = e->type == T_DATED ? "dated" : e->type == T_DATEDSEQ ? "list of dated"
                     : e->type == T_AGES || e->type == T_AGES2 ? "ages" : t;
    snprintf(buf, n, "%s %s%s..%s%s", base, r->lo_open ? "&gt;" : "", fsi_bound_text(r->lo, lo, sizeof lo),
             fsi_bound_text(r->hi, hi, sizeof hi),
             r->inf_ok && e->type != T_NUM ? " or .inf" : ""); /* bind_num: finite */
    return buf;
}

static void doc_append(char *buf, size_t n, size_t *k, const char *fmt, ...) FSI_PRINTF(4, 5);
static void doc_append(char *buf, size_t n, size_t *k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(*k < n ? buf + *k : NULL, *k < n ? n - *k : 0, fmt, ap);
    va_end(ap);
    if (w > 0)
        *k += (size_t)w;
}

static void doc_table(char *buf, size_t n, size_t *k, const sch *kids, const char *path)
{
    doc_append(buf, n, k,
               "\n### `%s`\n\n| key | 名称 / label | type | default | meaning |\n"
               "|---|---|---|---|---|\n",
               path);
    for (const sch *e = kids; e->key; e++) {
        const char *def = (e->flags & F_REQ)   ? "**required**"
                          : e->def && !e->def[0] ? "empty"
                          : e->def               ? e->def
                          : e->type == T_MAP     ? ((e->flags & F_OPT) ? "absent = off"
                                                                       : "its keys' defaults")
                          : e->type == T_LIST    ? "empty list"
                                                 : "unset";
        int quote = e->def && e->def[0] && !(e->flags & (F_CALC | F_REQ));
        char doc[400];
        size_t q = 0;
        for (const char *p = e->doc; *p && q + 3 < sizeof doc; p++) {
            if (*p == '|')
                doc[q++] = '\\';
            doc[q++] = *p;
        }
        doc[q] = '\0';
        char enums[160] = "";
        if (e->enums) {
            size_t qe = 0;
            for (size_t i = 0; e->enums[i]; i++)
                doc_append(enums, sizeof enums, &qe, "%s%s", i ? " \\| " : ": ", e->enums[i]);
        }
        char tt[96];
        doc_append(buf, n, k, "| `%s` | %s / %s | %s%s%s%s | %s%s%s | %s%s%s |\n", e->key,
                   e->zh ? e->zh : "", e->en ? e->en : "", type_text(e, tt, sizeof tt), enums,
                   e->unit && e->unit[0] ? ", " : "", e->unit ? e->unit : "",
                   quote ? "`" : "", def, quote ? "`" : "", doc,
                   e->type == T_MAP || e->type == T_LIST ? " (see below)" : "", "");
    }
    for (const sch *e = kids; e->key; e++) {
        if (e->type != T_MAP && e->type != T_LIST)
            continue;
        char sub[128];
        snprintf(sub, sizeof sub, "%s%s%s%s", path[0] && strcmp(path, "(top level)") ? path : "",
                 path[0] && strcmp(path, "(top level)") ? "." : "", e->key,
                 e->type == T_LIST ? "[]" : "");
        doc_table(buf, n, k, e->kids, sub);
    }
}

/* The plausible ranges (fsi_ranges), and what they apply to beyond keys. */
static void doc_ranges(char *buf, size_t n, size_t *k)
{
    char r1[96], r2[96];
    doc_append(buf, n, k,
               "\n### Plausible ranges\n\n"
               "Every rate, count, amount, CV and growth has a range (the type column below "
               "shows it); a value outside is an error with its position and the range, e.g. "
               "`x.yaml:9:21: benefits.inpatient.admission_rate: 1e15 is outside the plausible "
               "range 0..50 (admissions per person-year)`.  A dated value's growth rule is "
               "checked too: N%% a year at most +%g%%, and every value it gives in the years "
               "simulated must lie in the key's range.  A cost's `mean` and a tail's `above` are "
               "yuan (%s), its `cv` %s.\n\n"
               "| range | lowest | highest | .inf |\n|---|---|---|---|\n",
               100.0 * FSI_GROWTH_MUL_MAX, fsi_range_text(C_YUAN, r1, sizeof r1),
               fsi_range_text(C_CV, r2, sizeof r2));
    for (int c = 0; c < C_NCONS; c++) {
        const fsi_range *r = &fsi_ranges[c];
        char lo[32], hi[32];
        if (!r->what)
            continue;
        doc_append(buf, n, k, "| %s | %s%s | %s | %s |\n", r->what, r->lo_open ? "above " : "",
                   fsi_bound_text(r->lo, lo, sizeof lo), fsi_bound_text(r->hi, hi, sizeof hi),
                   r->inf_ok ? "no limit" : "no");
    }
}

/* Renders the reference tables as Markdown into buf (truncated to n);
 * returns the full length. */
size_t fsi_schema_doc(char *buf, size_t n)
{
    size_t k = 0;
    if (n)
        buf[0] = '\0';
    doc_ranges(buf, n, &k);
    doc_table(buf, n, &k, fsi_schema_root, "(top level)");
    return k;
}
