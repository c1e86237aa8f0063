/* sim/yaml_tree_int.h -- YAML node trees with marks, arenas and diagnostics (loader-internal). */
#ifndef FUNDSIM_YAML_TREE_INT_H
#define FUNDSIM_YAML_TREE_INT_H

#include <stddef.h>

#include "fundsim.h"

/* Limits that make alias bombs and deep nesting fail fast. */
#define FSY_MAX_NODES 100000 /* nodes after expanding aliases */
#define FSY_MAX_DEPTH 64     /* nesting of mappings and sequences */

/* ---- diagnostics (sim/diag.c) ---- */
#if defined(__GNUC__)
#define FSI_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define FSI_PRINTF(a, b)
#endif

/* Appends a diagnostic; file/path may be NULL.  Out of memory is recorded
 * in the list (fsi_diags_oom) and the diagnostic dropped. */
void fsi_diag_add(fs_diags *d, fs_diag_kind kind, const char *file, long line, long col,
                  const char *path, const char *fmt, ...) FSI_PRINTF(7, 8);
int fsi_diags_oom(const fs_diags *d);

/* ---- arena: everything of one load, freed at once ---- */
typedef struct fsi_arena fsi_arena;
fsi_arena *fsi_arena_new(void);
void fsi_arena_free(fsi_arena *a);
void *fsi_arena_alloc(fsi_arena *a, size_t n); /* zeroed, aligned; NULL on OOM */
char *fsi_arena_strndup(fsi_arena *a, const char *s, size_t n);
char *fsi_arena_printf(fsi_arena *a, const char *fmt, ...) FSI_PRINTF(2, 3);

/* ---- node tree ---- */
typedef enum { FSY_SCALAR = 0, FSY_MAP = 1, FSY_SEQ = 2 } fsy_kind;

typedef struct fsy_node fsy_node;
typedef struct fsy_pair {
    fsy_node *key; /* always a scalar */
    fsy_node *val;
} fsy_pair;

struct fsy_node {
    fsy_kind kind;
    int quoted;       /* scalar written quoted or as a block scalar: a string */
    const char *file; /* file the node was read from (display name) */
    long line, col;   /* 1-based start mark */
    const char *text; /* scalar text, NUL-terminated */
    size_t len;
    size_t n;         /* pairs (map) or items (seq) */
    fsy_pair *pairs;
    fsy_node **items;
    size_t weight;    /* nodes in this subtree, counting alias expansion */
};

/* Parses one YAML document.  `file` (kept by pointer: it must outlive the
 * arena's use) names the text in diagnostics.  Checks UTF-8 first.  Returns
 * the root node, or NULL after appending errors to d. */
fsy_node *fsi_yaml_parse(fsi_arena *a, const char *file, const char *text, size_t len,
                         fs_diags *d);

/* Value of key in map node m, or NULL (also when m is not a map). */
fsy_node *fsi_yaml_get(const fsy_node *m, const char *key);
/* The pair of key in m, or NULL. */
const fsy_pair *fsi_yaml_pair(const fsy_node *m, const char *key);
/* Deep merge for `extends:`: maps merge key by key (over wins), anything
 * else is replaced by `over`.  Nodes are shared, not copied.  NULL on OOM. */
fsy_node *fsi_yaml_merge(fsi_arena *a, fsy_node *base, fsy_node *over);
/* "a mapping", "a sequence", "a string" or "null" for messages. */
const char *fsi_yaml_kind_name(const fsy_node *n);
/* 1 if the scalar is a YAML null (~, null, empty, plain). */
int fsi_yaml_is_null(const fsy_node *n);

#endif
