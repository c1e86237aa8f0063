/* sim/overrides.c -- overrides of scenario keys, KEY.PATH=VALUE: applied to
 * the scenario's tree after extends: and before validation, so an override
 * is validated exactly like the file (the same diagnostics, naming the
 * override as their file: "--set KEY.PATH:1:COL").  VALUE is YAML: a
 * number, a text, a flow mapping ({2023: 380, growth: 30/year}) or
 * sequence.  KEY.PATH is a key path as diagnostics print them
 * (benefits.inpatient.levels[1].ratio); a mapping key that is absent is
 * added, a list index must exist.  The tree is copied along the path
 * (nodes may be shared by extends: and aliases), never changed in place.
 * A relative data-file path in VALUE is read from the working directory. */
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
                        const char *p, fsy_node *val)
{
    long col = (long)(p - set) + 1;
    if (*p == '=')
        return val;
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
        else if (*rest != '[' && *rest != '=') {
            fsi_diag_add(c->d, FS_DIAG_ERROR, file, 1, col, NULL, "expected . or [ after ] in '%s'",
                         set);
            return NULL;
        }
        fsy_node *item = set_at(c, n->items[i], set, file, rest, val);
        fsy_node *m = item ? copy_node(c, n, 0) : NULL;
        if (m)
            m->items[i] = item;
        return m;
    }
    size_t len = strcspn(p, ".[=");
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
                             val);
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

fsy_node *fsi_apply_set(fsi_loader *c, fsy_node *root, const char *set)
{
    const char *eq = strchr(set, '=');
    const char *path_end = eq ? eq : set + strlen(set);
    char *file = fsi_arena_printf(c->a, "--set %.*s", (int)(path_end - set), set);
    if (!file) {
        c->oom = 1;
        return NULL;
    }
    if (!eq || eq == set) {
        fsi_diag_add(c->d, FS_DIAG_ERROR, file, 1, 1, NULL,
                     "expected KEY.PATH=VALUE, got '%s'", set);
        return NULL;
    }
    /* The value, parsed as the value of a one-key document whose marks
     * count from the start of the override: "_:" and spaces up to it. */
    int pad = (int)(eq + 1 - set) - 2;
    char *text = fsi_arena_printf(c->a, "_:%*s%s", pad > 1 ? pad : 1, "", eq + 1);
    if (!text) {
        c->oom = 1;
        return NULL;
    }
    fsy_node *doc = fsi_yaml_parse(c->a, file, text, strlen(text), c->d);
    fsy_node *val = doc ? fsi_yaml_get(doc, "_") : NULL;
    if (!val)
        return NULL;
    return set_at(c, root, set, file, set, val);
}
