/* sim/bind_scalar.c -- the binder's scalars: numbers, integers, booleans,
 * text and choices with their constraints; diagnostics with did-you-mean;
 * key paths.  Part of the generic binder (bind.c): no domain words. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader_int.h"
#include "rng_int.h"

/* One diagnostic at node n (NULL: the main file, no position). */
static void diag(fsi_loader *c, fs_diag_kind kind, const fsy_node *n, const char *path,
                 const char *fmt, va_list ap) FSI_PRINTF(5, 0);
static void diag(fsi_loader *c, fs_diag_kind kind, const fsy_node *n, const char *path,
                 const char *fmt, va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    fsi_diag_add(c->d, kind, n ? n->file : c->mainfile, n ? n->line : 0, n ? n->col : 0, path,
                 "%s", msg);
}

void fsi_ld_error(fsi_loader *c, const fsy_node *n, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag(c, FS_DIAG_ERROR, n, path, fmt, ap);
    va_end(ap);
}

void fsi_ld_warn(fsi_loader *c, const fsy_node *n, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag(c, FS_DIAG_WARNING, n, path, fmt, ap);
    va_end(ap);
}

pathbuf fsi_path_key(const char *parent, const char *key)
{
    pathbuf p;
    int w;
    if (parent[0])
        w = snprintf(p.s, sizeof p.s, "%s.%s", parent, key);
    else
        w = snprintf(p.s, sizeof p.s, "%s", key);
    if (w < 0)
        p.s[0] = '\0';
    return p;
}

pathbuf fsi_path_idx(const char *parent, size_t i)
{
    pathbuf p;
    if (snprintf(p.s, sizeof p.s, "%s[%zu]", parent, i) < 0)
        p.s[0] = '\0';
    return p;
}

/* ------------------------------------------------------------------ */
/* Scalars. */

/* Edit distance for did-you-mean (optimal string alignment: insertions,
 * deletions, substitutions and transpositions of neighbours cost 1). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    size_t d[64][64];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

/* Best candidate within distance 2 (1 for short keys), or NULL. */
static const char *suggest(const char *key, const char *const *cands)
{
    size_t best = 99;
    const char *out = NULL;
    size_t len = strlen(key);
    size_t limit = len >= 5 ? 2 : 1;
    for (size_t i = 0; cands[i]; i++) {
        size_t dist = edit_distance(key, cands[i]);
        if (dist < best) {
            best = dist;
            out = cands[i];
        }
    }
    return best <= limit ? out : NULL;
}

void fsi_unknown_key(fsi_loader *c, const fsy_node *key, const char *path,
                        const char *const *cands, const char *what)
{
    const char *s = suggest(key->text, cands);
    if (s) {
        fsi_ld_error(c, key, path, "unknown key; did you mean '%s'?", s);
        return;
    }
    char list[400];
    size_t k = 0;
    list[0] = '\0';
    for (size_t i = 0; cands[i] && k < sizeof list; i++) {
        int w = snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "", cands[i]);
        if (w > 0)
            k += (size_t)w < sizeof list - k ? (size_t)w : sizeof list - k - 1;
    }
    fsi_ld_error(c, key, path, "unknown key; expected %s%s", what, list);
}

static int is_inf_text(const char *t, double *v)
{
    const char *s = t;
    double sign = 1.0;
    if (*s == '+' || *s == '-') {
        sign = *s == '-' ? -1.0 : 1.0;
        s++;
    }
    if (strcmp(s, ".inf") == 0 || strcmp(s, ".Inf") == 0 || strcmp(s, ".INF") == 0) {
        *v = sign * HUGE_VAL;
        return 1;
    }
    return 0;
}

/* 0: ok; 1: not a number (message in why); 2: out of range. */
int fsi_scan_number(const char *t, double *v)
{
    if (is_inf_text(t, v))
        return 0;
    if (*t == '\0')
        return 1;
    for (const char *p = t; *p; p++)
        if (!strchr("0123456789+-.eE", *p))
            return 1;
    if (!(t[0] == '+' || t[0] == '-' || t[0] == '.' || (t[0] >= '0' && t[0] <= '9')))
        return 1;
    char *end;
    errno = 0;
    double x = strtod(t, &end);
    if (end == t || *end != '\0')
        return 1;
    if (errno == ERANGE && fabs(x) > 1.0)
        return 2;
    *v = x;
    return 0;
}

/* Describes a node that is not what was expected. */
const char *fsi_got_what(fsi_loader *c, const fsy_node *n)
{
    if (n->kind != FSY_SCALAR)
        return fsi_yaml_kind_name(n);
    if (fsi_yaml_is_null(n))
        return "null";
    if (n->quoted) {
        const char *s = fsi_arena_printf(c->a, "the string \"%s\"", n->text);
        return s ? s : "a string";
    }
    const char *s = fsi_arena_printf(c->a, "'%s'", n->text);
    return s ? s : "?";
}

int fsi_get_number(fsi_loader *c, const fsy_node *n, const char *path, double *v)
{
    if (n->kind != FSY_SCALAR || fsi_yaml_is_null(n) || n->quoted) {
        fsi_ld_error(c, n, path, "expected a number, got %s", fsi_got_what(c, n));
        return 0;
    }
    int r = fsi_scan_number(n->text, v);
    if (r == 1) {
        fsi_ld_error(c, n, path, "expected a number, got %s", fsi_got_what(c, n));
        return 0;
    }
    if (r == 2) {
        fsi_ld_error(c, n, path, "%s is out of range", n->text);
        return 0;
    }
    return 1;
}

int fsi_scan_long(const char *t, long *v)
{
    if (*t == '\0')
        return 1;
    const char *p = t;
    if (*p == '+' || *p == '-')
        p++;
    if (*p == '\0')
        return 1;
    for (; *p; p++)
        if (*p < '0' || *p > '9')
            return 1;
    char *end;
    errno = 0;
    long x = strtol(t, &end, 10);
    if (*end != '\0')
        return 1;
    if (errno == ERANGE || x > INT_MAX || x < INT_MIN)
        return 2;
    *v = x;
    return 0;
}

int fsi_get_int(fsi_loader *c, const fsy_node *n, const char *path, long *v)
{
    if (n->kind != FSY_SCALAR || fsi_yaml_is_null(n) || n->quoted) {
        fsi_ld_error(c, n, path, "expected an integer, got %s", fsi_got_what(c, n));
        return 0;
    }
    int r = fsi_scan_long(n->text, v);
    if (r == 1) {
        fsi_ld_error(c, n, path, "expected an integer, got %s", fsi_got_what(c, n));
        return 0;
    }
    if (r == 2) {
        fsi_ld_error(c, n, path, "%s is out of range", n->text);
        return 0;
    }
    return 1;
}

/* Checks a constraint; `text` is the value as written. */
/* The plausible ranges, one home for each bound: the schema's rows
 * (schema.c) choose one as their .cons, fsi_check_cons below refuses a
 * value outside, docs/scenario.md lists them (views.c), and the engine
 * relies on them (no overflow, no stalled
 * sampler: an admission rate of 1e15 made GSL's Poisson sampler loop).
 * Each is wide: about 100 times the largest value any Chinese resident
 * fund has had, so no real scenario meets a bound. */
const fsi_range fsi_ranges[C_NCONS] = {
    [C_RATE] = {0, 50, 0, 0, "admissions per person-year"},
    [C_YUAN] = {0, 1e9, 0, 0, "yuan per person, admission or birth"},
    [C_YUAN_LIMIT] = {0, 1e9, 0, 1, "yuan per person, admission or stay"},
    [C_YUAN_POS] = {0, 1e9, 1, 1, "yuan"},
    [C_FUND] = {-1e14, 1e14, 0, 0, "yuan of the whole fund"},
    [C_FUND_NONNEG] = {0, 1e14, 0, 0, "yuan of the whole fund"},
    [C_POP] = {0, 2e9, 0, 0, "persons"},
    [C_CV] = {0, 100, 1, 0, "coefficient of variation of a cost"},
    [C_FACTOR] = {0, 100, 0, 0, "multiplier or share of an income"},
    [C_FACTOR_POS] = {0, 100, 1, 0, "multiplier"},
    [C_MONTHS] = {0, 1200, 0, 0, "months"},
    [C_SD] = {0, 1, 0, 0, "standard deviation of a yearly rate or log shock"},
    [C_YEARLY] = {-0.5, 0.5, 0, 0, "rate per year"},
    [C_ELAST] = {-100, 100, 0, 0, "semi-elasticity"},
    [C_TFR] = {0, 10, 0, 0, "births per woman"},
    [C_SEXRATIO] = {50, 200, 0, 0, "males per 100 females"},
    [C_REPS] = {1, FS_RNG_MAX_REP + 1.0, 0, 0, "replications"},
    [C_YEARS] = {1, FS_MAX_YEARS, 0, 0, "years"},
    [C_SAMPLE] = {1, 1e6, 0, 0, "persons per cell"},
    [C_TARGET] = {0, 1e15, 0, 0, "observed value of a metric"},
};

int fsi_in_range(sch_cons cons, double v)
{
    const fsi_range *r = &fsi_ranges[cons];
    if (isinf(v) && v > 0.0 && r->inf_ok)
        return 1;
    return (r->lo_open ? v > r->lo : v >= r->lo) && v <= r->hi;
}

const char *fsi_bound_text(double v, char *buf, size_t n)
{
    char t[40];
    snprintf(t, sizeof t, "%g", v); /* 1e+09; 1048576 needs more digits */
    if (strtod(t, NULL) != v)
        snprintf(t, sizeof t, "%.17g", v);
    size_t k = 0;
    for (const char *p = t; *p && k + 1 < n; p++) {
        if (p[0] == '+' && p > t && p[-1] == 'e')
            continue; /* e+09 -> e09 */
        if (p[0] == '0' && p > t + 1 && (p[-1] == '+' || p[-1] == '-') && p[-2] == 'e')
            continue; /* e09 -> e9, e-05 -> e-5 */
        buf[k++] = *p;
    }
    if (n)
        buf[k] = '\0';
    return buf;
}

char *fsi_range_text(sch_cons cons, char *buf, size_t n)
{
    const fsi_range *r = &fsi_ranges[cons];
    char lo[32], hi[32];
    snprintf(buf, n, "%s%s..%s%s (%s)", r->lo_open ? "above " : "",
             fsi_bound_text(r->lo, lo, sizeof lo), fsi_bound_text(r->hi, hi, sizeof hi),
             r->inf_ok ? " or .inf" : "", r->what);
    return buf;
}

int fsi_check_cons(fsi_loader *c, const fsy_node *n, const char *path, sch_cons cons, double v,
                   const char *text)
{
    char buf[64];
    if (text == NULL) {
        snprintf(buf, sizeof buf, "%g", v);
        text = buf;
    }
    switch (cons) {
    case C_SHARE:
        if (!(v >= 0.0 && v <= 1.0)) {
            fsi_ld_error(c, n, path, "%s is not a share in [0,1]", text);
            return 0;
        }
        break;
    case C_SHARE_LIMIT:
        if (!(v >= 0.0 && v <= 1.0) && !(isinf(v) && v > 0.0)) {
            fsi_ld_error(c, n, path, "%s is not a share in [0,1] or .inf (no limit)", text);
            return 0;
        }
        break;
    case C_NONNEG:
    case C_LIMIT:
        if (!(v >= 0.0)) {
            fsi_ld_error(c, n, path, "%s is negative; expected a value >= 0", text);
            return 0;
        }
        break;
    case C_POS:
        if (!(v > 0.0)) {
            fsi_ld_error(c, n, path, "%s is not positive; expected a value > 0", text);
            return 0;
        }
        break;
    case C_SIGNED:
        if (!(v >= -1.0 && v <= 1.0)) {
            fsi_ld_error(c, n, path, "%s is not in [-1,1]", text);
            return 0;
        }
        break;
    case C_YEAR:
        if (!(v >= FS_YEAR_MIN && v <= FS_YEAR_MAX)) {
            fsi_ld_error(c, n, path, "year %s is out of range %d..%d", text, FS_YEAR_MIN,
                         FS_YEAR_MAX);
            return 0;
        }
        break;
    case C_GE1:
        if (!(v >= 1)) {
            fsi_ld_error(c, n, path, "%s is less than 1", text);
            return 0;
        }
        break;
    case C_AGE:
        if (!(v >= 0 && v <= FS_MAX_AGE)) {
            fsi_ld_error(c, n, path, "age %s is out of range 0..%d", text, FS_MAX_AGE);
            return 0;
        }
        break;
    default:
        if (cons > C_NONE && cons < C_NCONS && fsi_ranges[cons].what &&
            !fsi_in_range(cons, v)) {
            const fsi_range *r = &fsi_ranges[cons];
            char range[96];
            fsi_range_text(cons, range, sizeof range);
            if (v < r->hi && r->lo == 0.0 && !r->lo_open) /* the words of C_NONNEG */
                fsi_ld_error(c, n, path, "%s is negative; expected a value >= 0", text);
            else if (v < r->hi && r->lo == 0.0) /* C_POS's */
                fsi_ld_error(c, n, path, "%s is not positive; expected a value > 0", text);
            else if (v < r->hi && r->lo == 1.0) /* C_GE1's */
                fsi_ld_error(c, n, path, "%s is less than 1", text);
            else
                fsi_ld_error(c, n, path, "%s is outside the plausible range %s", text, range);
            return 0;
        }
        break;
    }
    int inf_ok = cons == C_POS || cons == C_LIMIT || cons == C_SHARE_LIMIT ||
                 (cons > C_NONE && cons < C_NCONS && fsi_ranges[cons].inf_ok);
    if (isnan(v) || (isinf(v) && !inf_ok)) {
        fsi_ld_error(c, n, path, "%s is not a finite number", text);
        return 0;
    }
    return 1;
}

int fsi_get_bool(fsi_loader *c, const fsy_node *n, const char *path, int *v)
{
    if (n->kind == FSY_SCALAR && !n->quoted) {
        const char *t = n->text;
        if (!strcmp(t, "true") || !strcmp(t, "True") || !strcmp(t, "TRUE")) {
            *v = 1;
            return 1;
        }
        if (!strcmp(t, "false") || !strcmp(t, "False") || !strcmp(t, "FALSE")) {
            *v = 0;
            return 1;
        }
    }
    fsi_ld_error(c, n, path, "expected true or false, got %s", fsi_got_what(c, n));
    return 0;
}

int fsi_get_text(fsi_loader *c, const fsy_node *n, const char *path, char *buf, size_t size)
{
    if (n->kind != FSY_SCALAR || (fsi_yaml_is_null(n) && n->file != NULL)) {
        fsi_ld_error(c, n, path, "expected a string, got %s", fsi_got_what(c, n));
        return 0;
    }
    if (n->len >= size) {
        fsi_ld_error(c, n, path, "text is too long (%zu bytes, at most %zu)", n->len, size - 1);
        return 0;
    }
    memcpy(buf, n->text, n->len + 1);
    return 1;
}

int fsi_get_enum(fsi_loader *c, const fsy_node *n, const char *path, const char *const *names,
                    int *idx)
{
    if (n->kind == FSY_SCALAR) {
        for (int i = 0; names[i]; i++) {
            if (strcmp(n->text, names[i]) == 0) {
                *idx = i;
                return 1;
            }
        }
    }
    char list[200];
    size_t k = 0;
    list[0] = '\0';
    for (size_t i = 0; names[i] && k < sizeof list; i++) {
        int w = snprintf(list + k, sizeof list - k, "%s%s", i ? " | " : "", names[i]);
        if (w > 0)
            k += (size_t)w < sizeof list - k ? (size_t)w : sizeof list - k - 1;
    }
    const char *s = n->kind == FSY_SCALAR ? suggest(n->text, names) : NULL;
    if (s)
        fsi_ld_error(c, n, path, "expected %s, got %s; did you mean '%s'?", list, fsi_got_what(c, n), s);
    else
        fsi_ld_error(c, n, path, "expected %s, got %s", list, fsi_got_what(c, n));
    return 0;
}

/* ------------------------------------------------------------------ */
/* Compound values. */
