/* sim/overrides.c -- overrides of scenario keys, KEY.PATH=VALUE: applied to
 * the scenario's tree after extends: and before validation, so an override
 * is validated exactly like the file (the same diagnostics, naming the
 * override as their file: "--set KEY.PATH:1:COL").  VALUE is YAML: a
 * number, a text, a flow mapping ({2023: 380, growth: 30/year}) or
 * sequence.  KEY.PATH is a key path as diagnostics print them
 * (benefits.inpatient.levels[1].ratio); a mapping key that is absent is
 * added, a list index must exist.  The tree is copied along the path
 * (nodes may be shared by extends: and aliases), never changed in place.
 * A relative data-file path in VALUE is read from the working directory.
 *
 * KEY.PATH+=X and KEY.PATH*=X shift or scale the value already there:
 * a number, every year's value of a dated parameter (its `value:` too, and
 * with *= an additive growth such as 30/year), every entry of a list. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader_int.h"

/* A new scalar key node for an added mapping key. */
static fsy_node *key_node(fsi_loader *c, const char *file, const char *key, size_t len,
                          long col)
{
    fsy_node *k = fsi_arena_alloc(c->a, sizeof *k);
    char *text = fsi_arena_strndup(c->a, key, len);
    if (!k || !text) {
        c->oom = 1;
        return NULL;
    }
    k->kind = FSY_SCALAR;
    k->file = file;
    k->line = 1;
    k->col = col;
    k->text = text;
    k->len = len;
    k->weight = 1;
    return k;
}

/* What an override does at the end of its path. */
typedef struct setop {
    fsy_node *val; /* =: the new value */
    char op;       /* 0, '+' or '*' */
    double x;      /* += / *=: the operand */
    const char *file;
} setop;

/* The shortest decimal that reads back as v (without an exponent if one
 * will do). */
static char *num_text(fsi_loader *c, double v)
{
    char buf[64];
    /* no exponent (5e+01) unless the number needs one: 50, 0.25 */
    for (int pass = 0, done = 0; pass < 2 && !done; pass++)
        for (int prec = 1; prec <= 17 && !done; prec++) {
            snprintf(buf, sizeof buf, "%.*g", prec, v);
            done = strtod(buf, NULL) == v && (pass || !strchr(buf, 'e'));
        }
    char *s = fsi_arena_strndup(c->a, buf, strlen(buf));
    if (!s)
        c->oom = 1;
    return s;
}

/* A copy of scalar n holding `text` (NULL: out of memory), marked as the
 * override's (file, line 1, col) when file is given. */
static fsy_node *with_text(fsi_loader *c, const fsy_node *n, char *text, const char *file,
                           long col)
{
    fsy_node *s = text ? fsi_arena_alloc(c->a, sizeof *s) : NULL;
    if (!s) {
        c->oom = 1;
        return NULL;
    }
    *s = *n;
    if (file) {
        s->file = file;
        s->line = 1;
        s->col = col;
    }
    s->text = text;
    s->len = strlen(text);
    return s;
}

/* A new scalar holding op applied to the number of scalar n. */
static fsy_node *shift_scalar(fsi_loader *c, const fsy_node *n, const setop *so, long col)
{
    double v;
    if (n->quoted || fsi_scan_number(n->text, &v) != 0) {
        fsi_diag_add(c->d, FS_DIAG_ERROR, so->file, 1, col, NULL,
                     "cannot shift or scale %s: not a number", fsi_got_what(c, n));
        return NULL;
    }
    return with_text(c, n, num_text(c, so->op == '+' ? v + so->x : v * so->x), so->file, col);
}

/* An additive growth "N/year" scaled by *=; other growth rules unchanged. */
static fsy_node *scale_growth(fsi_loader *c, const fsy_node *g, const setop *so, long col)
{
    size_t len = g->len;
    if (so->op != '*' || g->kind != FSY_SCALAR || len <= 5 || strcmp(g->text + len - 5, "/year"))
        return (fsy_node *)g;
    char num[64];
    double v;
    if (len - 5 >= sizeof num)
        return (fsy_node *)g;
    memcpy(num, g->text, len - 5);
    num[len - 5] = '\0';
    if (fsi_scan_number(num, &v) != 0)
        return (fsy_node *)g;
    char *n = num_text(c, v * so->x);
    return with_text(c, g, n ? fsi_arena_printf(c->a, "%s/year", n) : NULL, so->file, col);
}

static fsy_node *copy_node(fsi_loader *c, const fsy_node *n, size_t extra_pairs);

/* A plain number given for a growth rule ("30/year", "4%") keeps the rule's
 * form: 45 -> "45/year", so `--vary ...growth=20:60` reads naturally. */
static fsy_node *keep_growth_form(fsi_loader *c, const fsy_node *old, fsy_node *val)
{
    double v;
    const char *suffix = NULL;
    if (!old || old->kind != FSY_SCALAR || old->quoted || val->kind != FSY_SCALAR ||
        val->quoted || fsi_scan_number(val->text, &v) != 0)
        return val;
    if (old->len > 5 && strcmp(old->text + old->len - 5, "/year") == 0)
        suffix = "/year";
    else if (old->len > 1 && old->text[old->len - 1] == '%')
        suffix = "%";
    if (!suffix)
        return val;
    return with_text(c, val, fsi_arena_printf(c->a, "%s%s", val->text, suffix), NULL, 0);
}

/* n with every number shifted or scaled (see the top of the file). */
static fsy_node *shift_node(fsi_loader *c, const fsy_node *n, const setop *so, long col)
{
    if (!n || fsi_yaml_is_null(n)) {
        fsi_diag_add(c->d, FS_DIAG_ERROR, so->file, 1, col, NULL,
                     "nothing to shift or scale here: give KEY.PATH=VALUE");
        return NULL;
    }
    if (n->kind == FSY_SCALAR)
        return shift_scalar(c, n, so, col);
    fsy_node *m = copy_node(c, n, 0);
    if (!m)
        return NULL;
    for (size_t i = 0; i < m->n; i++) {
        if (m->kind == FSY_SEQ) {
            m->items[i] = shift_node(c, m->items[i], so, col);
            if (!m->items[i])
                return NULL;
            continue;
        }
        const char *k = m->pairs[i].key->text;
        long year;
        fsy_node *v = m->pairs[i].val;
        if (!strcmp(k, "value") || (!m->pairs[i].key->quoted && fsi_scan_long(k, &year) == 0))
            v = shift_scalar(c, v, so, col);
        else if (!strcmp(k, "growth"))
            v = scale_growth(c, v, so, col);
        if (!v)
            return NULL;
        m->pairs[i].val = v;
    }
    return m;
}

/* A copy of node n (NULL: a new empty mapping) with its pairs or items. */
static fsy_node *copy_node(fsi_loader *c, const fsy_node *n, size_t extra_pairs)
{
    fsy_node *m = fsi_arena_alloc(c->a, sizeof *m);
    if (!m) {
        c->oom = 1;
        return NULL;
    }
    if (n)
        *m = *n;
    else
        m->kind = FSY_MAP;
    if (m->kind == FSY_MAP) {
        m->pairs = fsi_arena_alloc(c->a, (m->n + extra_pairs + 1) * sizeof *m->pairs);
        if (!m->pairs) {
            c->oom = 1;
            return NULL;
        }
        if (n && n->n)
            memcpy(m->pairs, n->pairs, n->n * sizeof *m->pairs);
    } else if (m->kind == FSY_SEQ) {
        m->items = fsi_arena_alloc(c->a, (m->n + 1) * sizeof *m->items);
        if (!m->items) {
            c->oom = 1;
            return NULL;
        }
        if (n->n)
            memcpy(m->items, n->items, n->n * sizeof *m->items);
    }
    return m;
}

/* Node n with the value at path p (the rest of the override's path, which
 * starts at column col of `set`) replaced by val; NULL after an error. */
static fsy_node *set_at(fsi_loader *c, const fsy_node *n, const char *set, const char *file,
                        const char *p, const setop *so)
{
    long col = (long)(p - set) + 1;
    if (*p == '=')
        return keep_growth_form(c, n, so->val);
    if ((*p == '+' || *p == '*') && p[1] == '=')
        return shift_node(c, n, so, col);
    if (*p == '[') {
        char *end;
        long i = strtol(p + 1, &end, 10);
        if (end == p + 1 || *end != ']' || i < 0) {
            fsi_diag_add(c->d, FS_DIAG_ERROR, file, 1, col, NULL, "expected [INDEX] in '%s'", set);
            return NULL;
        }
        if (!n || n->kind != FSY_SEQ || (size_t)i >= n->n) {
            fsi_diag_add(c->d, FS_DIAG_ERROR, file, 1, col, NULL,
                         "no entry [%ld] here (the list has %zu)", i,
                         n && n->kind == FSY_SEQ ? n->n : 0);
            return NULL;
        }
        const char *rest = end + 1;
        if (*rest == '.')
            rest++;
        else if (*rest != '[' && *rest != '=' && *rest != '+' && *rest != '*') {
            fsi_diag_add(c->d, FS_DIAG_ERROR, file, 1, col, NULL, "expected . or [ after ] in '%s'",
                         set);
            return NULL;
        }
        fsy_node *item = set_at(c, n->items[i], set, file, rest, so);
        fsy_node *m = item ? copy_node(c, n, 0) : NULL;
        if (m)
            m->items[i] = item;
        return m;
    }
    size_t len = strcspn(p, ".[=+*");
    if (len == 0) {
        fsi_diag_add(c->d, FS_DIAG_ERROR, file, 1, col, NULL, "expected a key in '%s'", set);
        return NULL;
    }
    if (n && n->kind != FSY_MAP && !fsi_yaml_is_null(n)) {
        fsi_diag_add(c->d, FS_DIAG_ERROR, file, 1, col, NULL, "'%.*s' is set inside %s",
                     (int)len, p, fsi_yaml_kind_name(n));
        return NULL;
    }
    if (n && n->kind != FSY_MAP)
        n = NULL; /* a null value: a new mapping */
    const char *rest = p + len;
    if (*rest == '.' && (rest[1] == '.' || rest[1] == '[' || rest[1] == '=')) {
        fsi_diag_add(c->d, FS_DIAG_ERROR, file, 1, col + (long)len + 1, NULL,
                     "expected a key in '%s'", set);
        return NULL;
    }
    if (*rest == '.')
        rest++;
    size_t at = n ? n->n : 0;
    for (size_t i = 0; n && i < n->n; i++)
        if (n->pairs[i].key->len == len && memcmp(n->pairs[i].key->text, p, len) == 0)
            at = i;
    fsy_node *child = set_at(c, at < (n ? n->n : 0) ? n->pairs[at].val : NULL, set, file, rest,
                             so);
    fsy_node *m = child ? copy_node(c, n, 1) : NULL;
    if (!m)
        return NULL;
    if (at == m->n) {
        m->pairs[at].key = key_node(c, file, p, len, col);
        if (!m->pairs[at].key)
            return NULL;
        m->n++;
    }
    m->pairs[at].val = child;
    return m;
}

fsy_node *fsi_apply_set(fsi_loader *c, fsy_node *root, const char *set, const char *label)
{
    const char *eq = strchr(set, '=');
    const char *path_end = eq && eq > set && (eq[-1] == '+' || eq[-1] == '*') ? eq - 1 : eq;
    setop so = {NULL, 0, 0.0, NULL};
    if (!path_end)
        path_end = set + strlen(set);
    so.file = label ? label : fsi_arena_printf(c->a, "--set %.*s", (int)(path_end - set), set);
    if (!so.file) {
        c->oom = 1;
        return NULL;
    }
    if (!eq || path_end == set) {
        fsi_diag_add(c->d, FS_DIAG_ERROR, so.file, 1, 1, NULL,
                     "expected KEY.PATH=VALUE, KEY.PATH+=X or KEY.PATH*=X, got '%s'", set);
        return NULL;
    }
    if (path_end != eq) {
        so.op = *path_end;
        if (fsi_scan_number(eq + 1, &so.x) != 0 || !isfinite(so.x)) {
            fsi_diag_add(c->d, FS_DIAG_ERROR, so.file, 1, (long)(eq + 1 - set) + 1, NULL,
                         "expected a number after %c=, got '%s'", so.op, eq + 1);
            return NULL;
        }
        return set_at(c, root, set, so.file, set, &so);
    }
    /* The value, parsed as the value of a one-key document whose marks
     * count from the start of the override: "_:" and spaces up to it. */
    int pad = (int)(eq + 1 - set) - 2;
    char *text = fsi_arena_printf(c->a, "_:%*s%s", pad > 1 ? pad : 1, "", eq + 1);
    if (!text) {
        c->oom = 1;
        return NULL;
    }
    fsy_node *doc = fsi_yaml_parse(c->a, so.file, text, strlen(text), c->d);
    so.val = doc ? fsi_yaml_get(doc, "_") : NULL;
    if (!so.val)
        return NULL;
    return set_at(c, root, set, so.file, set, &so);
}

fsy_node *fsi_apply_file_sets(fsi_loader *c, fsy_node *tree, const fsy_node *own)
{
    const fsy_node *list = fsi_yaml_get(own, "overrides");
    if (!list || fsi_yaml_is_null(list))
        return tree;
    if (list->kind != FSY_SEQ) {
        fsi_ld_error(c, list, "overrides", "expected a sequence of texts KEY.PATH=VALUE, got %s",
                     fsi_got_what(c, list));
        return NULL;
    }
    for (size_t i = 0; i < list->n && tree; i++) {
        const fsy_node *it = list->items[i];
        if (it->kind != FSY_SCALAR) {
            char path[32];
            snprintf(path, sizeof path, "overrides[%zu]", i);
            fsi_ld_error(c, it, path, "expected a text KEY.PATH=VALUE, got %s",
                         fsi_got_what(c, it));
            return NULL;
        }
        const char *label = fsi_arena_printf(c->a, "overrides[%zu] (%s line %ld)", i, it->file,
                                             it->line);
        if (!label) {
            c->oom = 1;
            return NULL;
        }
        tree = fsi_apply_set(c, tree, it->text, label);
    }
    return tree;
}
