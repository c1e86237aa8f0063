/* sim/bind.c -- the generic binder: validates a YAML tree against the
 * schema (schema.c) and stores each value in struct fs_scenario, with
 * compiler-style diagnostics (file:line:col, key path, did-you-mean).  It
 * knows value shapes (numbers, dated parameters, age profiles, costs), not
 * the domain: no key of the scenario language is written here. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader_int.h"

static const char *const dated_meta[] = {"value", "growth", "ref", "unit", "note", NULL};
static const char *const ages_meta[] = {"ref", "unit", "note", NULL};
static const char *const cost_keys[] = {"dist", "mean", "cv", "tail", NULL};
static const char *const tail_keys[] = {"above", "alpha", NULL};
static const char *const sex_keys[] = {"male", "female", NULL};


void fsi_add_dated_rec(fsi_loader *c, fs_param *p, const fsy_node *n, const char *path,
                       sch_cons cons)
{
    if (c->ndr == c->capdr) {
        size_t cap = c->capdr ? 2 * c->capdr : 64;
        dated_rec *v = realloc(c->dr, cap * sizeof *v);
        if (v == NULL) {
            c->oom = 1;
            return;
        }
        c->dr = v;
        c->capdr = cap;
    }
    char *ps = fsi_arena_strndup(c->a, path, strlen(path));
    if (ps == NULL) {
        c->oom = 1;
        return;
    }
    c->dr[c->ndr].p = p;
    c->dr[c->ndr].node = n;
    c->dr[c->ndr].path = ps;
    c->dr[c->ndr].cons = cons;
    c->ndr++;
    fsi_param_rec_add(c, p, path, n);
}

static int parse_growth(fsi_loader *c, const fsy_node *n, const char *path, fs_param *p)
{
    char buf[64];
    if (n->kind != FSY_SCALAR || n->quoted || n->len == 0 || n->len >= sizeof buf) {
        fsi_ld_error(c, n, path, "expected a growth rule such as 30/year or 4%%, got %s",
            fsi_got_what(c, n));
        return 0;
    }
    memcpy(buf, n->text, n->len + 1);
    size_t len = n->len;
    int per_year = 0, pct = 0;
    if (len > 5 && strcmp(buf + len - 5, "/year") == 0) {
        per_year = 1;
        len -= 5;
        buf[len] = '\0';
    }
    if (len > 1 && buf[len - 1] == '%') {
        pct = 1;
        buf[--len] = '\0';
    }
    double v;
    if ((!per_year && !pct) || fsi_scan_number(buf, &v) != 0 || !isfinite(v)) {
        fsi_ld_error(c, n, path, "expected a growth rule such as 30/year or 4%%, got %s",
            fsi_got_what(c, n));
        return 0;
    }
    if (pct) {
        p->growth_kind = FS_GROWTH_MUL;
        p->growth = v / 100.0;
        if (p->growth <= -1.0) {
            fsi_ld_error(c, n, path, "growth %s would make the value negative", n->text);
            return 0;
        }
        if (p->growth > FSI_GROWTH_MUL_MAX) {
            fsi_ld_error(c, n, path, "growth %s is outside the plausible range above -100%% to "
                                     "%g%% a year", n->text, 100.0 * FSI_GROWTH_MUL_MAX);
            return 0;
        }
    } else {
        p->growth_kind = FS_GROWTH_ADD;
        p->growth = v;
    }
    return 1;
}

/* Parses a dated parameter (see docs/scenario-syntax.yaml).  Returns 1 if valid. */
static int parse_dated(fsi_loader *c, const fsy_node *n, const char *path, sch_cons cons,
                       const char *unit, fs_param *p)
{
    memset(p, 0, sizeof *p);
    double v;
    if (n->kind == FSY_SCALAR) {
        if (!fsi_get_number(c, n, path, &v) || !fsi_check_cons(c, n, path, cons, v, n->text))
            return 0;
        fsi_param_scalar(p, v);
        snprintf(p->unit, sizeof p->unit, "%s", unit ? unit : "");
        if (n->file)
            fsi_add_dated_rec(c, p, n, path, cons);
        else
            fsi_param_rec_add(c, p, path, NULL); /* a default */
        return 1;
    }
    if (n->kind != FSY_MAP) {
        fsi_ld_error(c, n, path, "expected a number or a mapping of years to numbers, got %s",
            fsi_yaml_kind_name(n));
        return 0;
    }
    int ok = 1, have_value = 0, have_unit = 0;
    const fsy_node *growth = NULL, *value = NULL;
    int last_year = 0;
    for (size_t i = 0; i < n->n; i++) {
        const fsy_node *k = n->pairs[i].key, *val = n->pairs[i].val;
        const char *kt = k->text;
        if (!strcmp(kt, "value")) {
            value = val;
            if (fsi_get_number(c, val, path, &v) && fsi_check_cons(c, val, path, cons, v, val->text)) {
                have_value = 1;
                p->value[0] = v;
            } else {
                ok = 0;
            }
        } else if (!strcmp(kt, "growth")) {
            growth = k;
            if (!parse_growth(c, val, path, p))
                ok = 0;
        } else if (!strcmp(kt, "ref")) {
            ok &= fsi_get_text(c, val, path, p->ref, sizeof p->ref);
        } else if (!strcmp(kt, "unit")) {
            have_unit = 1;
            ok &= fsi_get_text(c, val, path, p->unit, sizeof p->unit);
        } else if (!strcmp(kt, "note")) {
            /* free text */
        } else {
            long y;
            if (k->quoted || fsi_scan_long(kt, &y) != 0) {
                pathbuf kp = fsi_path_key(path, kt);
                fsi_unknown_key(c, k, kp.s, dated_meta, "a year or one of ");
                ok = 0;
                continue;
            }
            if (y < FS_YEAR_MIN || y > FS_YEAR_MAX) {
                fsi_ld_error(c, k, path, "year %ld is out of range %d..%d", y,
                             FS_YEAR_MIN, FS_YEAR_MAX);
                ok = 0;
                continue;
            }
            if (p->n > 0 && y <= last_year) {
                fsi_ld_error(c, k, path, "years out of order: %ld after %d", y, last_year);
                ok = 0;
                continue;
            }
            if (p->n >= FS_PARAM_MAXPTS) {
                fsi_ld_error(c, k, path, "more than %d dated values", FS_PARAM_MAXPTS);
                ok = 0;
                continue;
            }
            last_year = (int)y;
            if (fsi_get_number(c, val, path, &v) && fsi_check_cons(c, val, path, cons, v, val->text)) {
                p->year[p->n] = (int)y;
                p->value[p->n] = v;
                p->n++;
            } else {
                ok = 0;
                /* keep the year so that resolution checks do not cascade */
                p->year[p->n] = (int)y;
                p->value[p->n] = 0.0;
                p->n++;
            }
        }
    }
    if (!have_unit)
        snprintf(p->unit, sizeof p->unit, "%s", unit ? unit : "");
    if (have_value && p->n > 0) {
        fsi_ld_error(c, value, path, "give either value: or years, not both");
        ok = 0;
    } else if (have_value) {
        if (growth) {
            fsi_ld_error(c, growth, path, "growth needs a dated value (a year) to grow from");
            ok = 0;
        }
        fsi_param_scalar(p, p->value[0]);
    } else if (p->n == 0 && ok) {
        if (growth)
            fsi_ld_error(c, growth, path, "growth needs a dated value (a year) to grow from");
        else
            fsi_ld_error(c, n, path, "no value: give a number, years, or value:");
        ok = 0;
    }
    if (!ok) {
        p->n = 0;
        return 0;
    }
    fsi_add_dated_rec(c, p, n, path, cons);
    return 1;
}

/* A dated switch into p (values 0/1): true/false, or a mapping of years to
 * true/false (each holds until the next year given; before the first,
 * unresolved), with optional ref: and note:. */
static int parse_dbool(fsi_loader *c, const fsy_node *n, const char *path, fs_param *p)
{
    static const char *const meta[] = {"ref", "note", NULL};
    int b, ok = 1, last_year = 0;
    memset(p, 0, sizeof *p);
    if (n->kind == FSY_SCALAR) {
        if (!fsi_get_bool(c, n, path, &b))
            return 0;
        fsi_param_scalar(p, (double)b);
        if (n->file)
            fsi_add_dated_rec(c, p, n, path, C_NONE);
        else
            fsi_param_rec_add(c, p, path, NULL); /* a default */
        return 1;
    }
    if (n->kind != FSY_MAP) {
        fsi_ld_error(c, n, path, "expected true, false or a mapping of years to true/false, got %s",
                     fsi_yaml_kind_name(n));
        return 0;
    }
    for (size_t i = 0; i < n->n; i++) {
        const fsy_node *k = n->pairs[i].key, *val = n->pairs[i].val;
        long y;
        if (!strcmp(k->text, "ref")) {
            ok &= fsi_get_text(c, val, path, p->ref, sizeof p->ref);
            continue;
        }
        if (!strcmp(k->text, "note"))
            continue;
        if (k->quoted || fsi_scan_long(k->text, &y) != 0) {
            pathbuf kp = fsi_path_key(path, k->text);
            fsi_unknown_key(c, k, kp.s, meta, "a year or one of ");
            ok = 0;
        } else if (y < FS_YEAR_MIN || y > FS_YEAR_MAX) {
            fsi_ld_error(c, k, path, "year %ld is out of range %d..%d", y, FS_YEAR_MIN,
                         FS_YEAR_MAX);
            ok = 0;
        } else if (p->n > 0 && y <= last_year) {
            fsi_ld_error(c, k, path, "years out of order: %ld after %d", y, last_year);
            ok = 0;
        } else if (p->n >= FS_PARAM_MAXPTS) {
            fsi_ld_error(c, k, path, "more than %d dated values", FS_PARAM_MAXPTS);
            ok = 0;
        } else if (fsi_get_bool(c, val, path, &b)) {
            last_year = (int)y;
            p->year[p->n] = (int)y;
            p->value[p->n++] = (double)b;
        } else {
            ok = 0;
        }
    }
    if (ok && p->n == 0) {
        fsi_ld_error(c, n, path, "no value: give true, false, or years");
        ok = 0;
    }
    if (!ok) {
        p->n = 0;
        return 0;
    }
    fsi_add_dated_rec(c, p, n, path, C_NONE);
    return 1;
}

/* An age profile map (or a single number for all ages). */
static int parse_ages(fsi_loader *c, const fsy_node *n, const char *path, sch_cons cons,
                      fs_ageprof *ap)
{
    double v;
    if (n->kind == FSY_SCALAR) {
        if (!fsi_get_number(c, n, path, &v) || !fsi_check_cons(c, n, path, cons, v, n->text))
            return 0;
        for (int a = 0; a < FS_NAGES; a++)
            ap->v[a] = v;
        return 1;
    }
    if (n->kind != FSY_MAP) {
        fsi_ld_error(c, n, path, "expected a mapping of ages to numbers, got %s", fsi_yaml_kind_name(n));
        return 0;
    }
    int ok = 1, nages = 0;
    long prev = -1;
    double prev_v = 0.0;
    for (size_t i = 0; i < n->n; i++) {
        const fsy_node *k = n->pairs[i].key, *val = n->pairs[i].val;
        if (!strcmp(k->text, "ref")) {
            ok &= fsi_get_text(c, val, path, ap->ref, sizeof ap->ref);
            continue;
        }
        if (!strcmp(k->text, "unit") || !strcmp(k->text, "note"))
            continue;
        long age;
        if (k->quoted || fsi_scan_long(k->text, &age) != 0) {
            pathbuf kp = fsi_path_key(path, k->text);
            fsi_unknown_key(c, k, kp.s, ages_meta, "an age or one of ");
            ok = 0;
            continue;
        }
        if (age < 0 || age > FS_MAX_AGE) {
            fsi_ld_error(c, k, path, "age %ld is out of range 0..%d", age, FS_MAX_AGE);
            ok = 0;
            continue;
        }
        if (nages == 0 && age != 0) {
            fsi_ld_error(c, k, path, "first age must be 0, got %ld", age);
            ok = 0;
        } else if (nages > 0 && age <= prev) {
            fsi_ld_error(c, k, path, "ages out of order: %ld after %ld", age, prev);
            ok = 0;
            continue;
        }
        if (!fsi_get_number(c, val, path, &v) || !fsi_check_cons(c, val, path, cons, v, val->text)) {
            ok = 0;
            v = 0.0;
        }
        if (nages > 0)
            for (long a = prev; a < age; a++)
                ap->v[a] = prev_v;
        prev = age;
        prev_v = v;
        nages++;
    }
    if (nages == 0 && ok) {
        fsi_ld_error(c, n, path, "no ages: expected a mapping such as {0: 0.1, 60: 0.3}");
        return 0;
    }
    for (long a = prev < 0 ? 0 : prev; a <= FS_MAX_AGE; a++)
        ap->v[a] = prev_v;
    return ok;
}

/* tail: {above: YUAN, alpha: A}: a Pareto tail beyond `above`, alpha > 2. */
static int parse_tail(fsi_loader *c, const fsy_node *n, const char *path, fs_costdist *cd)
{
    int ok = 1, have[2] = {0, 0};
    if (n->kind != FSY_MAP) {
        fsi_ld_error(c, n, path, "expected a mapping {above, alpha}, got %s", fsi_got_what(c, n));
        return 0;
    }
    for (size_t i = 0; i < n->n; i++) {
        const fsy_node *k = n->pairs[i].key, *val = n->pairs[i].val;
        pathbuf kp = fsi_path_key(path, k->text);
        int which = !strcmp(k->text, "above") ? 0 : !strcmp(k->text, "alpha") ? 1 : -1;
        double v;
        if (which < 0) {
            fsi_unknown_key(c, k, kp.s, tail_keys, "one of ");
            ok = 0;
            continue;
        }
        have[which] = 1;
        if (!fsi_get_number(c, val, kp.s, &v) || !isfinite(v)) {
            ok = 0;
        } else if (which == 0 && !(v > 0.0)) {
            fsi_ld_error(c, val, kp.s, "expected a cost > 0 (yuan), got %s", val->text);
            ok = 0;
        } else if (which == 0 && !fsi_check_cons(c, val, kp.s, C_YUAN, v, val->text)) {
            ok = 0;
        } else if (which == 1 && !(v > 2.0)) {
            fsi_ld_error(c, val, kp.s,
                         "expected a tail index > 2 (a finite variance), got %s", val->text);
            ok = 0;
        } else if (which == 0) {
            cd->tail_above = v;
        } else {
            cd->tail_alpha = v;
        }
    }
    for (int w = 0; w < 2; w++)
        if (!have[w]) {
            fsi_ld_error(c, n, path, "missing required key '%s'", tail_keys[w]);
            ok = 0;
        }
    return ok;
}

static int parse_cost(fsi_loader *c, const fsy_node *n, const char *path, fs_costdist *cd)
{
    if (n->kind != FSY_MAP) {
        fsi_ld_error(c, n, path, "expected a mapping {dist, mean, cv[, tail]}, got %s", fsi_yaml_kind_name(n));
        return 0;
    }
    int ok = 1, have_mean = 0, have_cv = 0;
    cd->kind = FS_DIST_LOGNORMAL;
    for (size_t i = 0; i < n->n; i++) {
        const fsy_node *k = n->pairs[i].key, *val = n->pairs[i].val;
        pathbuf kp = fsi_path_key(path, k->text);
        double v;
        if (!strcmp(k->text, "dist")) {
            int idx;
            if (fsi_get_enum(c, val, kp.s, fsi_dist_names, &idx))
                cd->kind = (fs_dist_kind)idx;
            else
                ok = 0;
        } else if (!strcmp(k->text, "tail")) {
            ok &= parse_tail(c, val, kp.s, cd);
        } else if (!strcmp(k->text, "mean") || !strcmp(k->text, "cv")) {
            int is_mean = k->text[0] == 'm';
            if (fsi_get_number(c, val, kp.s, &v) &&
                fsi_check_cons(c, val, kp.s, is_mean ? C_YUAN : C_CV, v, val->text) &&
                fsi_check_cons(c, val, kp.s, C_NONE, v, val->text)) {
                if (is_mean) {
                    cd->mean = v;
                    have_mean = 1;
                } else {
                    cd->cv = v;
                    have_cv = 1;
                }
            } else {
                ok = 0;
                have_mean |= is_mean;
                have_cv |= !is_mean;
            }
        } else {
            fsi_unknown_key(c, k, kp.s, cost_keys, "one of ");
            ok = 0;
        }
    }
    if (!have_mean) {
        fsi_ld_error(c, n, path, "missing required key 'mean'");
        ok = 0;
    }
    if (!have_cv) {
        fsi_ld_error(c, n, path, "missing required key 'cv'");
        ok = 0;
    }
    if (ok && cd->tail_above > 0.0 && cd->kind != FS_DIST_LOGNORMAL) {
        fsi_ld_error(c, fsi_yaml_get(n, "tail"), path, "a tail: needs dist: lognormal");
        ok = 0;
    }
    return ok;
}

static int parse_agerange(fsi_loader *c, const fsy_node *n, const char *path, int *lo, int *hi)
{
    if (n->kind != FSY_SEQ || n->n != 2) {
        fsi_ld_error(c, n, path, "expected [min, max] ages, got %s",
            n->kind == FSY_SEQ ? "a sequence of another length" : fsi_got_what(c, n));
        return 0;
    }
    long a, b;
    if (!fsi_get_int(c, n->items[0], path, &a) || !fsi_get_int(c, n->items[1], path, &b))
        return 0;
    if (!fsi_check_cons(c, n->items[0], path, C_AGE, (double)a, n->items[0]->text) ||
        !fsi_check_cons(c, n->items[1], path, C_AGE, (double)b, n->items[1]->text))
        return 0;
    if (a > b) {
        fsi_ld_error(c, n, path, "age range [%ld, %ld] is reversed", a, b);
        return 0;
    }
    *lo = (int)a;
    *hi = (int)b;
    return 1;
}

/* ------------------------------------------------------------------ */
/* The schema walk: validates a mapping against its table and binds. */

static void *field(fsi_loader *c, const sch *e, size_t idx)
{
    char *base = (e->flags & F_RAW) ? (char *)&c->raw : (char *)c->sc;
    return base + e->off + idx * e->stride;
}

static void walk_list(fsi_loader *c, const sch *e, const fsy_node *n, const char *path)
{
    int *count = (int *)(void *)((char *)c->sc + e->cnt);
    *count = 0;
    if (n->kind != FSY_SEQ) {
        fsi_ld_error(c, n, path, "expected a sequence, got %s", fsi_got_what(c, n));
        return;
    }
    if (n->n > e->aux) {
        fsi_ld_error(c, n, path, "too many entries (%zu, at most %zu)", n->n, e->aux);
        return;
    }
    for (size_t i = 0; i < n->n; i++) {
        pathbuf ip = fsi_path_idx(path, i);
        if (n->items[i]->kind != FSY_MAP) {
            fsi_ld_error(c, n->items[i], ip.s, "expected a mapping, got %s", fsi_got_what(c, n->items[i]));
            continue;
        }
        fsi_walk_map(c, e->kids, n->items[i], ip.s, i);
    }
    *count = (int)n->n;
}

static void ages_text(fsi_loader *c, const char *path, const fsy_node *n)
{
    /* `show` lists an age profile as the text of its map. */
    char buf[512];
    size_t k = 0;
    buf[0] = '\0';
    if (n->kind == FSY_SCALAR) {
        snprintf(buf, sizeof buf, "%s", n->text);
    } else {
        for (size_t i = 0; i < n->n && k < sizeof buf; i++) {
            if (n->pairs[i].val->kind != FSY_SCALAR)
                continue;
            int w = snprintf(buf + k, sizeof buf - k, "%s%s: %s", k ? ", " : "{",
                             n->pairs[i].key->text, n->pairs[i].val->text);
            if (w > 0)
                k += (size_t)w < sizeof buf - k ? (size_t)w : sizeof buf - k - 1;
        }
        if (k + 1 < sizeof buf)
            snprintf(buf + k, sizeof buf - k, "}");
    }
    fsi_view_text(c, path, buf, n);
}

/* Validates and binds one value; n may be a fake node holding a default. */
static void bind_u64(fsi_loader *c, const sch *e, const fsy_node *n, const char *path, void *f,
                     int showv)
{
    int okn = n->kind == FSY_SCALAR && !n->quoted && n->len > 0 && n->len < 21;
    for (size_t i = 0; okn && i < n->len; i++)
        okn = n->text[i] >= '0' && n->text[i] <= '9';
    if (!okn) {
        fsi_ld_error(c, n, path, "expected a non-negative integer, got %s", fsi_got_what(c, n));
        return;
    }
    errno = 0;
    char *end;
    unsigned long long u = strtoull(n->text, &end, 10);
    if (errno == ERANGE || *end != '\0') {
        fsi_ld_error(c, n, path, "%s is out of range", n->text);
        return;
    }
    *(uint64_t *)f = (uint64_t)u;
    if (showv)
        fsi_view_add(c, path, V_U64, f, e->unit, n);
}

static void bind_num(fsi_loader *c, const sch *e, const fsy_node *n, const char *path, void *f,
                     int showv)
{
    double v;
    if (!fsi_get_number(c, n, path, &v) || !fsi_check_cons(c, n, path, e->cons, v, n->text))
        return;
    if (!isfinite(v) && !(e->cons == C_POS && v > 0)) {
        fsi_ld_error(c, n, path, "%s is not a finite number", n->text);
        return;
    }
    *(double *)f = v;
    if (showv) {
        view *w = fsi_view_add(c, path, V_NUM, (e->flags & F_RAW) ? NULL : f, e->unit, n);
        if (w)
            w->value = v;
    }
}

/* An age profile per sex: one map for both, or {male: ..., female: ...}. */
static void bind_ages2(fsi_loader *c, const sch *e, const fsy_node *n, const char *path,
                       fs_ageprof ap[2], int showv)
{
    const fsy_node *male = fsi_yaml_get(n, "male"), *female = fsi_yaml_get(n, "female");
    if (n->kind == FSY_MAP && (male || female)) {
        for (size_t i = 0; i < n->n; i++) {
            const fsy_node *key = n->pairs[i].key;
            pathbuf kp = fsi_path_key(path, key->text);
            if (strcmp(key->text, "male") && strcmp(key->text, "female"))
                fsi_unknown_key(c, key, kp.s, sex_keys, "one of ");
        }
        if (!male || !female) {
            fsi_ld_error(c, n, path, "missing required key '%s'", male ? "female" : "male");
            return;
        }
        pathbuf mp = fsi_path_key(path, "male"), fp = fsi_path_key(path, "female");
        if (parse_ages(c, male, mp.s, e->cons, &ap[0]) && showv)
            ages_text(c, mp.s, male);
        if (parse_ages(c, female, fp.s, e->cons, &ap[1]) && showv)
            ages_text(c, fp.s, female);
    } else if (parse_ages(c, n, path, e->cons, &ap[0])) {
        ap[1] = ap[0];
        if (showv)
            ages_text(c, path, n);
    }
}

static void bind_cost(fsi_loader *c, const sch *e, const fsy_node *n, const char *path,
                      fs_costdist *cd, int showv)
{
    if (!parse_cost(c, n, path, cd) || !showv)
        return;
    pathbuf p1 = fsi_path_key(path, "dist"), p2 = fsi_path_key(path, "mean"),
            p3 = fsi_path_key(path, "cv");
    fsi_view_text(c, p1.s, fsi_dist_names[cd->kind], fsi_yaml_get(n, "dist"));
    fsi_view_add(c, p2.s, V_NUM, &cd->mean, e->unit, fsi_yaml_get(n, "mean"));
    fsi_view_add(c, p3.s, V_NUM, &cd->cv, "", fsi_yaml_get(n, "cv"));
    if (cd->tail_above > 0.0) {
        const fsy_node *t = fsi_yaml_get(n, "tail");
        pathbuf p4 = fsi_path_key(path, "tail.above"), p5 = fsi_path_key(path, "tail.alpha");
        fsi_view_add(c, p4.s, V_NUM, &cd->tail_above, e->unit, fsi_yaml_get(t, "above"));
        fsi_view_add(c, p5.s, V_NUM, &cd->tail_alpha, "", fsi_yaml_get(t, "alpha"));
    }
}

static void bind_agerange(fsi_loader *c, const fsy_node *n, const char *path, int lohi[2],
                          int showv)
{
    int lo, hi;
    if (!parse_agerange(c, n, path, &lo, &hi))
        return;
    lohi[0] = lo;
    lohi[1] = hi;
    if (showv) {
        pathbuf p1 = fsi_path_idx(path, 0), p2 = fsi_path_idx(path, 1);
        fsi_view_add(c, p1.s, V_INT, &lohi[0], "years", n);
        fsi_view_add(c, p2.s, V_INT, &lohi[1], "years", n);
    }
}

/* A sequence of dated values, one per tier. */
static void bind_datedseq(fsi_loader *c, const sch *e, const fsy_node *n, const char *path,
                          fs_param *ps, int showv)
{
    if (n->kind != FSY_SEQ) {
        fsi_ld_error(c, n, path, "expected a sequence (one value per %s), got %s",
                     e->aux == FS_MAX_LEVELS ? "level" : "tier",
                     fsi_got_what(c, n));
        return;
    }
    if (n->n > e->aux) {
        fsi_ld_error(c, n, path, "too many entries (%zu, at most %zu)", n->n, e->aux);
        return;
    }
    for (size_t i = 0; i < n->n; i++) {
        pathbuf ip = fsi_path_idx(path, i);
        if (parse_dated(c, n->items[i], ip.s, e->cons, e->unit, &ps[i]) && showv)
            fsi_view_add(c, ip.s, V_PARAM, &ps[i], NULL, n->items[i]);
    }
}

/* A set of names (T_SET): a sequence of names from e->enums, or the
 * schema's default text "[a, b]" (a fake scalar node), stored as the bits
 * 1 << index.  At least one name; none twice. */
static void bind_set(fsi_loader *c, const sch *e, const fsy_node *n, const char *path, void *f,
                     int showv)
{
    unsigned bits = 0;
    char shown[200] = "";
    size_t k = 0;
    size_t cnt = n->kind == FSY_SEQ ? n->n : 0;
    if (n->kind == FSY_SCALAR && !n->quoted && n->text[0] == '[') { /* a default */
        const char *p = n->text + 1;
        while (*p && *p != ']') {
            char name[FS_NAME_MAX];
            size_t j = 0;
            while (*p == ' ' || *p == ',')
                p++;
            while (*p && *p != ',' && *p != ']' && *p != ' ' && j + 1 < sizeof name)
                name[j++] = *p++;
            name[j] = '\0';
            while (*p == ' ')
                p++;
            for (int i = 0; j && e->enums[i]; i++)
                if (strcmp(name, e->enums[i]) == 0)
                    bits |= 1u << i;
        }
    } else if (n->kind != FSY_SEQ) {
        fsi_ld_error(c, n, path, "expected a sequence of names, got %s", fsi_got_what(c, n));
        return;
    } else if (cnt == 0) {
        fsi_ld_error(c, n, path, "expected at least one name");
        return;
    }
    for (size_t i = 0; i < cnt; i++) {
        pathbuf ip = fsi_path_idx(path, i);
        int idx;
        if (!fsi_get_enum(c, n->items[i], ip.s, e->enums, &idx))
            return;
        if (bits & (1u << idx)) {
            fsi_ld_error(c, n->items[i], ip.s, "'%s' is listed twice", e->enums[idx]);
            return;
        }
        bits |= 1u << idx;
    }
    *(unsigned *)f = bits;
    if (!showv)
        return;
    for (int i = 0; e->enums[i]; i++)
        if (bits & (1u << i)) {
            int w = snprintf(shown + k, sizeof shown - k, "%s%s", k ? ", " : "", e->enums[i]);
            if (w > 0)
                k += (size_t)w < sizeof shown - k ? (size_t)w : sizeof shown - k - 1;
        }
    fsi_view_text(c, path, shown, n);
}

/* Validates and binds one value; n may be a fake node holding a default. */
static void walk_value(fsi_loader *c, const sch *e, const fsy_node *n, const char *path,
                       size_t idx)
{
    void *f = field(c, e, idx);
    int showv = !(e->flags & F_NOVIEW);
    long l;
    int b, k;
    switch (e->type) {
    case T_MAP:
        if (n->kind != FSY_MAP) {
            fsi_ld_error(c, n, path, "expected a mapping, got %s", fsi_got_what(c, n));
            return;
        }
        if (e->flags & F_PRES)
            *(int *)(void *)((char *)c->sc + e->pres + idx * e->stride) = 1;
        fsi_walk_map(c, e->kids, n, path, idx);
        return;
    case T_LIST:
        walk_list(c, e, n, path);
        return;
    case T_STR:
        if (fsi_get_text(c, n, path, f, e->aux) && showv)
            fsi_view_text(c, path, (const char *)f, n);
        return;
    case T_SENUM:
        if (fsi_get_enum(c, n, path, e->enums, &k)) {
            snprintf(f, e->aux, "%s", e->enums[k]);
            if (showv)
                fsi_view_text(c, path, e->enums[k], n);
        }
        return;
    case T_ENUM:
        if (fsi_get_enum(c, n, path, e->enums, &k)) {
            memcpy(f, &k, sizeof k); /* enums are int-sized */
            if (showv)
                fsi_view_text(c, path, e->enums[k], n);
        }
        return;
    case T_INT:
        if (fsi_get_int(c, n, path, &l) &&
            fsi_check_cons(c, n, path, e->cons, (double)l, n->text)) {
            *(int *)f = (int)l;
            if (showv)
                fsi_view_add(c, path, V_INT, f, e->unit, n);
        }
        return;
    case T_U64: bind_u64(c, e, n, path, f, showv); return;
    case T_NUM: bind_num(c, e, n, path, f, showv); return;
    case T_BOOL:
        if (fsi_get_bool(c, n, path, &b)) {
            *(int *)f = b;
            if (showv)
                fsi_view_text(c, path, b ? "true" : "false", n);
        }
        return;
    case T_DATED:
        if (parse_dated(c, n, path, e->cons, e->unit, f) && showv)
            fsi_view_add(c, path, V_PARAM, f, NULL, n);
        return;
    case T_DBOOL:
        if (parse_dbool(c, n, path, f) && showv)
            fsi_view_add(c, path, V_DBOOL, f, NULL, n);
        return;
    case T_AGES:
        if (parse_ages(c, n, path, e->cons, f) && showv)
            ages_text(c, path, n);
        return;
    case T_AGES2: bind_ages2(c, e, n, path, f, showv); return;
    case T_COST: bind_cost(c, e, n, path, f, showv); return;
    case T_AGERANGE: bind_agerange(c, n, path, f, showv); return;
    case T_DATEDSEQ: bind_datedseq(c, e, n, path, f, showv); return;
    case T_TEXTS: return; /* checked and applied by the loader, file by file */
    case T_SET: bind_set(c, e, n, path, f, showv); return;
    }
}

static void apply_default(fsi_loader *c, const sch *e, const char *path, size_t idx)
{
    if (e->type == T_AGERANGE) {
        int *lohi = field(c, e, idx);
        lohi[0] = 0;
        lohi[1] = FS_MAX_AGE;
        if (!(e->flags & F_NOVIEW)) {
            pathbuf p1 = fsi_path_idx(path, 0), p2 = fsi_path_idx(path, 1);
            fsi_view_add(c, p1.s, V_INT, &lohi[0], "years", NULL);
            fsi_view_add(c, p2.s, V_INT, &lohi[1], "years", NULL);
        }
        return;
    }
    fsy_node fake;
    memset(&fake, 0, sizeof fake);
    fake.kind = FSY_SCALAR;
    fake.text = e->def;
    fake.len = strlen(e->def);
    fake.quoted = e->type == T_STR;
    walk_value(c, e, &fake, path, idx);
}

void fsi_walk_map(fsi_loader *c, const sch *kids, const fsy_node *m, const char *path,
                     size_t idx)
{
    const char *names[40];
    size_t nk = 0;
    for (const sch *e = kids; e->key && nk + 1 < sizeof names / sizeof names[0]; e++)
        names[nk++] = e->key;
    names[nk] = NULL;
    if (m) {
        for (size_t i = 0; i < m->n; i++) {
            const fsy_node *k = m->pairs[i].key;
            pathbuf kp = fsi_path_key(path, k->text);
            const sch *e = kids;
            while (e->key && strcmp(e->key, k->text) != 0)
                e++;
            if (e->key == NULL) {
                fsi_unknown_key(c, k, kp.s, names, "one of ");
                continue;
            }
            if (fsi_yaml_is_null(m->pairs[i].val) && e->type != T_STR) {
                /* `key:` with nothing: treated as absent below. */
                if (e->type == T_MAP || e->type == T_LIST)
                    continue;
            }
            walk_value(c, e, m->pairs[i].val, kp.s, idx);
            if ((e->flags & F_PRES) && e->type != T_MAP) /* a map sets it when valid */
                *(int *)(void *)((char *)c->sc + e->pres + idx * e->stride) = 1;
        }
    }
    for (const sch *e = kids; e->key; e++) {
        const fsy_pair *pr = m ? fsi_yaml_pair(m, e->key) : NULL;
        if (pr && !(fsi_yaml_is_null(pr->val) && (e->type == T_MAP || e->type == T_LIST)))
            continue;
        pathbuf kp = fsi_path_key(path, e->key);
        if (e->flags & F_REQ) {
            fsi_ld_error(c, m, path, "missing required key '%s'", e->key);
        } else if (e->type == T_MAP && !(e->flags & F_OPT)) {
            fsi_walk_map(c, e->kids, NULL, kp.s, idx);
        } else if (e->def && !(e->flags & F_CALC)) {
            apply_default(c, e, kp.s, idx);
        }
    }
}

