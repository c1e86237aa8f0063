/* sim/yaml_tree.c -- YAML text to a node tree with marks (libyaml event API). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "yaml_tree_int.h"

/* ------------------------------------------------------------------ */
/* Arena. */

typedef struct fsi_block {
    struct fsi_block *next;
    size_t used, size;
    max_align_t data[]; /* flexible member, aligned for anything */
} fsi_block;

struct fsi_arena {
    fsi_block *head;
};

fsi_arena *fsi_arena_new(void)
{
    return calloc(1, sizeof(fsi_arena));
}

void fsi_arena_free(fsi_arena *a)
{
    if (a == NULL)
        return;
    fsi_block *b = a->head;
    while (b) {
        fsi_block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

void *fsi_arena_alloc(fsi_arena *a, size_t n)
{
    const size_t al = sizeof(max_align_t);
    n = (n + al - 1) / al * al;
    if (n == 0)
        n = al;
    fsi_block *b = a->head;
    if (b == NULL || b->size - b->used < n) {
        size_t size = n > 16384 ? n : 16384;
        b = malloc(sizeof(fsi_block) + size);
        if (b == NULL)
            return NULL;
        b->used = 0;
        b->size = size;
        b->next = a->head;
        a->head = b;
    }
    char *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *fsi_arena_strndup(fsi_arena *a, const char *s, size_t n)
{
    char *p = fsi_arena_alloc(a, n + 1);
    if (p == NULL)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *fsi_arena_printf(fsi_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0)
        return NULL;
    char *p = fsi_arena_alloc(a, (size_t)k + 1);
    if (p == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)k + 1, fmt, ap);
    va_end(ap);
    return p;
}

/* ------------------------------------------------------------------ */
/* Queries. */

const fsy_pair *fsi_yaml_pair(const fsy_node *m, const char *key)
{
    if (m == NULL || m->kind != FSY_MAP)
        return NULL;
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->pairs[i].key->text, key) == 0)
            return &m->pairs[i];
    return NULL;
}

fsy_node *fsi_yaml_get(const fsy_node *m, const char *key)
{
    const fsy_pair *p = fsi_yaml_pair(m, key);
    return p ? p->val : NULL;
}

int fsi_yaml_is_null(const fsy_node *n)
{
    if (n == NULL)
        return 1;
    if (n->kind != FSY_SCALAR || n->quoted)
        return 0;
    return n->len == 0 || strcmp(n->text, "~") == 0 || strcmp(n->text, "null") == 0 ||
           strcmp(n->text, "Null") == 0 || strcmp(n->text, "NULL") == 0;
}

const char *fsi_yaml_kind_name(const fsy_node *n)
{
    if (n == NULL)
        return "nothing";
    switch (n->kind) {
    case FSY_MAP: return "a mapping";
    case FSY_SEQ: return "a sequence";
    default: return fsi_yaml_is_null(n) ? "null" : "a string";
    }
}

/* A map of years or ages to values (or {value: ...}) is one value: the
 * child's replaces the parent's whole instead of merging year by year. */
static int is_value_map(const fsy_node *m)
{
    for (size_t i = 0; i < m->n; i++) {
        const char *t = m->pairs[i].key->text;
        if (strcmp(t, "value") == 0)
            return 1;
        if (*t == '\0' || m->pairs[i].key->quoted)
            continue;
        const char *p = t;
        while (*p >= '0' && *p <= '9')
            p++;
        if (*p == '\0')
            return 1;
    }
    return 0;
}

fsy_node *fsi_yaml_merge(fsi_arena *a, fsy_node *base, fsy_node *over)
{
    if (base == NULL)
        return over;
    if (over == NULL)
        return base;
    if (base->kind != FSY_MAP || over->kind != FSY_MAP || is_value_map(over) ||
        is_value_map(base))
        return over;
    fsy_node *m = fsi_arena_alloc(a, sizeof *m);
    if (m == NULL)
        return NULL;
    *m = *over;
    m->pairs = fsi_arena_alloc(a, (base->n + over->n) * sizeof(fsy_pair));
    if (m->pairs == NULL)
        return NULL;
    m->n = 0;
    m->weight = 1;
    for (size_t i = 0; i < base->n; i++) {
        fsy_pair p = base->pairs[i];
        const fsy_pair *o = fsi_yaml_pair(over, p.key->text);
        if (o) {
            p.key = o->key;
            p.val = fsi_yaml_merge(a, p.val, o->val);
            if (p.val == NULL)
                return NULL;
        }
        m->pairs[m->n++] = p;
        m->weight += 1 + p.val->weight;
    }
    for (size_t i = 0; i < over->n; i++) {
        if (fsi_yaml_pair(base, over->pairs[i].key->text))
            continue;
        m->pairs[m->n++] = over->pairs[i];
        m->weight += 1 + over->pairs[i].val->weight;
    }
    return m;
}

/* ------------------------------------------------------------------ */
/* UTF-8 check: returns 1 if valid, else 0 with the 1-based position and
 * the offending byte. */
static int utf8_check(const unsigned char *s, size_t len, long *line, long *col,
                      unsigned *bad)
{
    long ln = 1, cl = 1;
    size_t i = 0;
    unsigned c = 0;
    while (i < len) {
        c = s[i];
        size_t k;
        uint32_t cp;
        if (c < 0x80) {
            k = 1;
            cp = c;
        } else if (c >= 0xC2 && c <= 0xDF) {
            k = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            k = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            k = 4;
            cp = c & 0x07;
        } else {
            goto bad_byte;
        }
        if (i + k > len)
            goto bad_byte;
        for (size_t j = 1; j < k; j++) {
            unsigned cc = s[i + j];
            if ((cc & 0xC0) != 0x80)
                goto bad_byte;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((k == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            goto bad_byte;
        if (c == '\n') {
            ln++;
            cl = 1;
        } else {
            cl++;
        }
        i += k;
    }
    return 1;
bad_byte:
    *line = ln;
    *col = cl;
    *bad = c;
    return 0;
}

/* Line and column (1-based, in characters) of a byte offset. */
static void offset_pos(const char *text, size_t len, size_t off, long *line, long *col)
{
    long ln = 1, cl = 1;
    for (size_t i = 0; i < off && i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            ln++;
            cl = 1;
        } else if ((c & 0xC0) != 0x80) {
            cl++;
        }
    }
    *line = ln;
    *col = cl;
}

/* ------------------------------------------------------------------ */
/* Tree building. */

typedef struct frame {
    fsy_node *node;
    fsy_node **kids; /* items, or key,value,key,value... for maps */
    size_t n, cap;
} frame;

typedef struct anchor {
    char *name;
    fsy_node *node;
} anchor;

typedef struct builder {
    fsi_arena *a;
    const char *file;
    fs_diags *d;
    frame stack[FSY_MAX_DEPTH + 1];
    int depth;
    anchor *anchors;
    size_t nanchors, capanchors;
    size_t total; /* expanded nodes */
    fsy_node *root;
    int failed;
} builder;

static void builder_path(const builder *b, char *buf, size_t n)
{
    size_t k = 0;
    buf[0] = '\0';
    for (int i = 0; i < b->depth && k < n; i++) {
        const frame *f = &b->stack[i];
        int w = 0;
        if (f->node->kind == FSY_SEQ) {
            w = snprintf(buf + k, n - k, "[%zu]", f->n);
        } else if (f->n % 2 == 1) {
            w = snprintf(buf + k, n - k, "%s%s", k ? "." : "", f->kids[f->n - 1]->text);
        }
        if (w > 0)
            k += (size_t)w < n - k ? (size_t)w : n - k - 1;
    }
}

static void berr(builder *b, long line, long col, const char *fmt, ...) FSI_PRINTF(4, 5);
static void berr(builder *b, long line, long col, const char *fmt, ...)
{
    char path[256], msg[512];
    builder_path(b, path, sizeof path);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fsi_diag_add(b->d, FS_DIAG_ERROR, b->file, line, col, path, "%s", msg);
    b->failed = 1;
}

static fsy_node *new_node(builder *b, fsy_kind kind, const yaml_mark_t *m)
{
    fsy_node *n = fsi_arena_alloc(b->a, sizeof *n);
    if (n == NULL) {
        b->failed = 1;
        return NULL;
    }
    n->kind = kind;
    n->file = b->file;
    n->line = (long)m->line + 1;
    n->col = (long)m->column + 1;
    n->text = "";
    n->weight = 1;
    return n;
}

static int add_anchor(builder *b, const yaml_char_t *name, fsy_node *n)
{
    if (name == NULL)
        return 1;
    for (size_t i = 0; i < b->nanchors; i++) {
        if (strcmp(b->anchors[i].name, (const char *)name) == 0) {
            b->anchors[i].node = n; /* YAML: a redefined anchor hides the old one */
            return 1;
        }
    }
    if (b->nanchors == b->capanchors) {
        size_t cap = b->capanchors ? 2 * b->capanchors : 8;
        anchor *v = realloc(b->anchors, cap * sizeof *v);
        if (v == NULL)
            return 0;
        b->anchors = v;
        b->capanchors = cap;
    }
    char *s = fsi_arena_strndup(b->a, (const char *)name, strlen((const char *)name));
    if (s == NULL)
        return 0;
    b->anchors[b->nanchors].name = s;
    b->anchors[b->nanchors].node = n;
    b->nanchors++;
    return 1;
}

/* Attaches a finished node to the open container (or makes it the root). */
static void attach(builder *b, fsy_node *n, const yaml_mark_t *m)
{
    if (b->failed)
        return;
    if (b->depth == 0) {
        b->root = n;
        return;
    }
    frame *f = &b->stack[b->depth - 1];
    if (f->node->kind == FSY_MAP && f->n % 2 == 0) {
        if (n->kind != FSY_SCALAR) {
            berr(b, (long)m->line + 1, (long)m->column + 1,
                 "mapping keys must be scalars, got %s", fsi_yaml_kind_name(n));
            return;
        }
        for (size_t i = 0; i < f->n; i += 2) {
            if (strcmp(f->kids[i]->text, n->text) == 0) {
                berr(b, n->line, n->col, "duplicate key '%s' (first at %ld:%ld)", n->text,
                     f->kids[i]->line, f->kids[i]->col);
                return;
            }
        }
    }
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 8;
        fsy_node **v = realloc(f->kids, cap * sizeof *v);
        if (v == NULL) {
            b->failed = 1;
            return;
        }
        f->kids = v;
        f->cap = cap;
    }
    f->kids[f->n++] = n;
}

static int push(builder *b, fsy_node *n, const yaml_mark_t *m)
{
    if (b->depth >= FSY_MAX_DEPTH) {
        fsi_diag_add(b->d, FS_DIAG_ERROR, b->file, (long)m->line + 1, (long)m->column + 1, NULL,
                     "nesting deeper than %d levels", FSY_MAX_DEPTH);
        b->failed = 1;
        return 0;
    }
    frame *f = &b->stack[b->depth++];
    memset(f, 0, sizeof *f);
    f->node = n;
    return 1;
}

static void pop(builder *b, const yaml_mark_t *m)
{
    frame *f = &b->stack[b->depth - 1];
    fsy_node *n = f->node;
    if (!b->failed) {
        size_t w = 1;
        if (n->kind == FSY_MAP) {
            n->n = f->n / 2;
            n->pairs = fsi_arena_alloc(b->a, (n->n ? n->n : 1) * sizeof(fsy_pair));
            if (n->pairs == NULL)
                b->failed = 1;
            else
                for (size_t i = 0; i < n->n; i++) {
                    n->pairs[i].key = f->kids[2 * i];
                    n->pairs[i].val = f->kids[2 * i + 1];
                    w += 1 + n->pairs[i].val->weight;
                }
        } else {
            n->n = f->n;
            n->items = fsi_arena_alloc(b->a, (n->n ? n->n : 1) * sizeof(fsy_node *));
            if (n->items == NULL)
                b->failed = 1;
            else
                for (size_t i = 0; i < n->n; i++) {
                    n->items[i] = f->kids[i];
                    w += n->items[i]->weight;
                }
        }
        n->weight = w;
    }
    free(f->kids);
    f->kids = NULL;
    b->depth--;
    attach(b, n, m);
}

/* libyaml's error as a diagnostic. */
static void parse_error(builder *b, const yaml_parser_t *parser, const char *text, size_t len)
{
    long line, col;
    if (parser->error == YAML_READER_ERROR) {
        offset_pos(text, len, parser->problem_offset, &line, &col);
        berr(b, line, col, "%s", parser->problem ? parser->problem : "read error");
    } else if (parser->error == YAML_MEMORY_ERROR) {
        berr(b, 0, 0, "out of memory");
    } else if (parser->context) {
        berr(b, (long)parser->problem_mark.line + 1, (long)parser->problem_mark.column + 1,
             "YAML syntax error: %s (%s at %ld:%ld)", parser->problem ? parser->problem : "error",
             parser->context, (long)parser->context_mark.line + 1,
             (long)parser->context_mark.column + 1);
    } else {
        berr(b, (long)parser->problem_mark.line + 1, (long)parser->problem_mark.column + 1,
             "YAML syntax error: %s", parser->problem ? parser->problem : "error");
    }
}

static void on_scalar(builder *b, const yaml_event_t *ev)
{
    const yaml_mark_t *m = &ev->start_mark;
    fsy_node *n = new_node(b, FSY_SCALAR, m);
    if (n == NULL)
        return;
    n->text = fsi_arena_strndup(b->a, (const char *)ev->data.scalar.value, ev->data.scalar.length);
    if (n->text == NULL) {
        b->failed = 1;
        return;
    }
    n->len = ev->data.scalar.length;
    n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
                (ev->data.scalar.tag &&
                 strcmp((const char *)ev->data.scalar.tag, YAML_STR_TAG) == 0);
    if (++b->total > FSY_MAX_NODES) {
        berr(b, n->line, n->col, "more than %d nodes", FSY_MAX_NODES);
        return;
    }
    if (!add_anchor(b, ev->data.scalar.anchor, n))
        b->failed = 1;
    attach(b, n, m);
}

static void on_start(builder *b, const yaml_event_t *ev)
{
    const yaml_mark_t *m = &ev->start_mark;
    int seq = ev->type == YAML_SEQUENCE_START_EVENT;
    fsy_node *n = new_node(b, seq ? FSY_SEQ : FSY_MAP, m);
    if (n == NULL)
        return;
    if (++b->total > FSY_MAX_NODES) {
        berr(b, n->line, n->col, "more than %d nodes", FSY_MAX_NODES);
        return;
    }
    if (!push(b, n, m))
        return;
    if (!add_anchor(b, seq ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor, n))
        b->failed = 1;
}

static void on_alias(builder *b, const yaml_event_t *ev)
{
    const yaml_mark_t *m = &ev->start_mark;
    fsy_node *t = NULL;
    for (size_t i = 0; i < b->nanchors; i++)
        if (strcmp(b->anchors[i].name, (const char *)ev->data.alias.anchor) == 0)
            t = b->anchors[i].node;
    if (t == NULL) {
        berr(b, (long)m->line + 1, (long)m->column + 1, "unknown anchor '%s'",
             (const char *)ev->data.alias.anchor);
        return;
    }
    if (t->kind != FSY_SCALAR && t->n == 0 && t->weight == 1 && t->pairs == NULL &&
        t->items == NULL) {
        /* the anchored container is still open: a recursive alias */
        berr(b, (long)m->line + 1, (long)m->column + 1, "alias '%s' refers to a node that contains it",
             (const char *)ev->data.alias.anchor);
        return;
    }
    b->total += t->weight;
    if (b->total > FSY_MAX_NODES) {
        berr(b, (long)m->line + 1, (long)m->column + 1, "aliases expand to more than %d nodes",
             FSY_MAX_NODES);
        return;
    }
    attach(b, t, m);
}

/* Builds b->root from the parser's events (b->failed on an error). */
static void build(builder *b, yaml_parser_t *parser, const char *text, size_t len)
{
    int ndocs = 0, done = 0;
    while (!done && !b->failed) {
        yaml_event_t ev;
        if (!yaml_parser_parse(parser, &ev)) {
            parse_error(b, parser, text, len);
            break;
        }
        const yaml_mark_t *m = &ev.start_mark;
        switch (ev.type) {
        case YAML_DOCUMENT_START_EVENT:
            if (++ndocs > 1)
                berr(b, (long)m->line + 1, (long)m->column + 1,
                     "a scenario file holds one YAML document, found a second");
            break;
        case YAML_STREAM_END_EVENT: done = 1; break;
        case YAML_SCALAR_EVENT: on_scalar(b, &ev); break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: on_start(b, &ev); break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: pop(b, m); break;
        case YAML_ALIAS_EVENT: on_alias(b, &ev); break;
        default: break;
        }
        yaml_event_delete(&ev);
    }
    while (b->depth > 0) {
        free(b->stack[b->depth - 1].kids);
        b->depth--;
    }
}

fsy_node *fsi_yaml_parse(fsi_arena *a, const char *file, const char *text, size_t len,
                         fs_diags *d)
{
    long line, col;
    unsigned bad;
    if (!utf8_check((const unsigned char *)text, len, &line, &col, &bad)) {
        fsi_diag_add(d, FS_DIAG_ERROR, file, line, col, NULL,
                     "invalid UTF-8 byte 0x%02x: scenario files must be UTF-8", bad);
        return NULL;
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fsi_diag_add(d, FS_DIAG_ERROR, file, 0, 0, NULL, "out of memory");
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    builder *b = calloc(1, sizeof *b);
    if (b == NULL) {
        yaml_parser_delete(&parser);
        fsi_diag_add(d, FS_DIAG_ERROR, file, 0, 0, NULL, "out of memory");
        return NULL;
    }
    b->a = a;
    b->file = file;
    b->d = d;
    build(b, &parser, text, len);
    free(b->anchors);
    fsy_node *root = b->failed ? NULL : b->root;
    int failed = b->failed;
    free(b);
    yaml_parser_delete(&parser);
    if (failed)
        return NULL;
    if (root == NULL || fsi_yaml_is_null(root)) {
        fsi_diag_add(d, FS_DIAG_ERROR, file, root ? root->line : 1, root ? root->col : 1, NULL,
                     "empty scenario: the file holds no YAML document");
        return NULL;
    }
    if (root->kind != FSY_MAP) {
        fsi_diag_add(d, FS_DIAG_ERROR, file, root->line, root->col, NULL,
                     "expected a mapping at the top level, got %s", fsi_yaml_kind_name(root));
        return NULL;
    }
    return root;
}
