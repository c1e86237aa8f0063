/* sim/loader_int.h -- the scenario loader's pieces, shared by its files:
 *
 *   schema.c          the schema: one row per scenario key (the only place a
 *                     key path, its type, default, unit and labels are written)
 *   bind.c            the generic binder: walks a YAML tree against the schema,
 *                     validates every value and stores it (no domain words)
 *   scenario_io.c     files: reading (with SHA-256), the extends: chain, CSV
 *                     data files, the population built from them
 *   roster.c          population.roster: a fund's enrollees by age, sex, group
 *                     and tier
 *   scenario_rules.c  computed defaults and the cross-field rules, one named
 *                     check each
 *   views.c           what `show` lists, where each parameter came from, and
 *                     the reference tables of docs/scenario.md
 *   scenario.c        the entry points (fs_scenario_load...) and accessors
 *
 * Internal to the library (not installed).  The engine never includes it.
 */
#ifndef FUNDSIM_LOADER_INT_H
#define FUNDSIM_LOADER_INT_H

#include <stddef.h>

#include "scenario_int.h"
#include "yaml_tree_int.h"

#define FSI_SUM_TOL 1e-6              /* shares that must sum to 1 */
#define FSI_MAX_EXTENDS 16            /* depth of the extends: chain */
#define FSI_FILE_MAX (64 * 1024 * 1024) /* largest file read */
#define FSI_ENOTREG (-2)                /* fsi_read_file: not a regular file */

/* ------------------------------------------------------------------ */
/* The schema (schema.c). */

typedef enum {
    T_MAP,      /* a mapping of keys (kids) */
    T_LIST,     /* a sequence of mappings (kids), count stored at cnt */
    T_STR,      /* text, buffer of aux bytes */
    T_INT,      /* int */
    T_U64,      /* uint64_t */
    T_NUM,      /* double */
    T_BOOL,     /* int 0/1 */
    T_ENUM,     /* int index into enums */
    T_SENUM,    /* text from enums, buffer of aux bytes */
    T_DATED,    /* fs_param */
    T_AGES,     /* fs_ageprof */
    T_AGES2,    /* fs_ageprof[2]: one map or {male:, female:} */
    T_COST,     /* fs_costdist */
    T_AGERANGE, /* [min, max] into two ints at off and off + sizeof(int) */
    T_DATEDSEQ, /* fs_param[aux]: a sequence of dated values */
    T_TEXTS,    /* a sequence of texts the loader uses itself (not stored) */
    T_SET,      /* a sequence of names from enums, stored as an unsigned of bits 1 << index */
    T_DBOOL     /* fs_param of 0/1: true/false, or a mapping of years to true/false */
} sch_type;

typedef enum {
    C_NONE,
    C_SHARE,  /* [0, 1] */
    C_NONNEG, /* >= 0 */
    C_POS,    /* > 0 (.inf allowed) */
    C_SIGNED, /* [-1, 1] */
    C_YEAR,   /* FS_YEAR_MIN..FS_YEAR_MAX */
    C_GE1,    /* >= 1 */
    C_AGE,    /* 0..100 */
    C_LIMIT,  /* >= 0, or .inf: no limit */
    C_SHARE_LIMIT, /* [0, 1], or .inf: no limit */
    /* Plausible ranges (fsi_ranges in bind_scalar.c: bounds, words, docs).  A
     * value outside is refused with its position and the range: absurd
     * values would otherwise overflow or stall the engine (docs/scenario.md,
     * "Plausible ranges"). */
    C_RATE,        /* admissions per person-year */
    C_YUAN,        /* yuan per person, per admission or per year of a person */
    C_YUAN_LIMIT,  /* the same, or .inf: no limit */
    C_YUAN_POS,    /* the same, > 0 (or .inf) */
    C_FUND,        /* yuan of the whole fund, signed */
    C_FUND_NONNEG, /* yuan of the whole fund, >= 0 */
    C_POP,         /* persons */
    C_CV,          /* coefficient of variation of a cost */
    C_FACTOR,      /* a multiplier or a share of an income */
    C_FACTOR_POS,  /* the same, > 0 */
    C_MONTHS,      /* months */
    C_SD,          /* sd of a yearly rate or a log shock */
    C_YEARLY,      /* a yearly rate: interest, inflation, utilization trend */
    C_ELAST,       /* a semi-elasticity */
    C_TFR,         /* births per woman */
    C_SEXRATIO,    /* males per 100 females */
    C_REPS,        /* Monte Carlo replications */
    C_YEARS,       /* years simulated */
    C_SAMPLE,      /* persons sampled per cell */
    C_TARGET,      /* an observed figure of a calibration target */
    C_NCONS
} sch_cons;

/* A plausible range: lo..hi (lo excluded when lo_open), .inf accepted when
 * inf_ok; `what` names the quantity in messages and in docs/scenario.md. */
typedef struct fsi_range {
    double lo, hi;
    int lo_open, inf_ok;
    const char *what;
} fsi_range;
/* Indexed by sch_cons; what == NULL for the kinds that are not ranges. */
extern const fsi_range fsi_ranges[C_NCONS];
/* 1 if v lies in the range of cons (a range kind); its bounds as text,
 * e.g. "0..50 (admissions per person-year)". */
int fsi_in_range(sch_cons cons, double v);
char *fsi_range_text(sch_cons cons, char *buf, size_t n);
/* A bound as the docs and messages write it: 1e9, not 1e+09. */
const char *fsi_bound_text(double v, char *buf, size_t n);
/* The largest yearly growth rule (N% or N%/year) of a dated value, as a
 * fraction (1 = +100%). */
#define FSI_GROWTH_MUL_MAX 1.0

enum {
    F_REQ = 1,     /* required (when the parent is given) */
    F_RAW = 2,     /* off is into struct fsi_raw, not the scenario */
    F_PRES = 4,    /* pres: an int set to 1 when the key is given */
    F_OPT = 8,     /* a map not descended when absent (its defaults do not apply) */
    F_NOVIEW = 16, /* not listed by `show` */
    F_CALC = 32    /* default computed by the loader (def describes it) */
};

typedef struct sch {
    const char *key;
    sch_type type;
    sch_cons cons;
    unsigned flags;
    const char *def;  /* default as YAML text; NULL: none */
    const char *unit; /* "" if none */
    const char *zh;   /* short Chinese label */
    const char *en;   /* short English label */
    const char *doc;  /* one line of documentation */
    size_t off, stride;
    const struct sch *kids;
    const char *const *enums;
    size_t aux; /* T_STR/T_SENUM: buffer size; T_LIST/T_DATEDSEQ: max entries */
    size_t cnt; /* T_LIST: offset of the int count */
    size_t pres;
} sch;

/* The top-level table, and the value names the binder needs itself. */
extern const sch fsi_schema_root[];
extern const char *const fsi_dist_names[];   /* dist: of a cost */
extern const char *const fsi_mode_names[];   /* simulation.mode, in fs_mode order */
extern const char *const fsi_cal_factor_names[]; /* calibrate.factors keys, then "none" */

/* Loader-only values (no field in struct fs_scenario). */
struct fsi_raw {
    char extends[512];
    double total;
    char structure[512];
    char table[512];
    char roster[512];
    char mort_table[512];
    double tfr;
};

/* ------------------------------------------------------------------ */
/* What a loaded scenario keeps of its load (views.c): the `show` views and
 * where every dated parameter came from.  Owned by the scenario. */

typedef enum { V_PARAM, V_NUM, V_INT, V_U64, V_TEXT, V_DBOOL } view_kind;

typedef struct view {
    const char *path;
    view_kind kind;
    const void *ptr; /* V_PARAM, V_DBOOL, V_NUM, V_INT, V_U64 */
    double value;    /* V_NUM when ptr is NULL */
    const char *text;
    const char *unit;
    const char *origin;
} view;

/* A dated parameter bound by the loader: its key path and origin
 * ("file:line:col" or "default"), kept for the engine's messages. */
typedef struct fsi_param_rec {
    const fs_param *p;
    const char *path;
    const char *origin;
} fsi_param_rec;

typedef struct fsi_views {
    fsi_arena *a;
    view *v;
    size_t n, cap;
    fsi_param_rec *rec;
    size_t nrec, caprec;
    char (*sha256)[65]; /* per scenario file, parallel to sc->files */
    char **sets;        /* the overrides applied (KEY.PATH=VALUE), in order */
    size_t nsets;
} fsi_views;

void fsi_views_free(fsi_views *w);
/* Orders views by top-level section as in the schema (stable within one). */
void fsi_views_sort(fsi_views *w);

/* ------------------------------------------------------------------ */
/* One load. */

typedef struct dated_rec {
    fs_param *p;
    const fsy_node *node; /* NULL for a default; valid during the load only */
    const char *path;
    sch_cons cons;
} dated_rec;

typedef struct fileinfo {
    const char *name; /* display name (interned in the arena) */
    const char *dir;  /* directory for relative paths ("" = working dir) */
} fileinfo;

typedef struct fsi_loader {
    fs_scenario *sc;
    struct fsi_raw raw;
    fs_diags *d;
    fsi_arena *a; /* trees, names, paths of this load */
    fsi_views *vw;
    const char *mainfile;
    fileinfo files[FSI_MAX_EXTENDS + 2];
    size_t nfiles;
    dated_rec *dr;
    size_t ndr, capdr;
    int io_error, oom;
} fsi_loader;

/* Diagnostics at node n (NULL: the main file, no position). */
void fsi_ld_error(fsi_loader *c, const fsy_node *n, const char *path, const char *fmt, ...)
    FSI_PRINTF(4, 5);
void fsi_ld_warn(fsi_loader *c, const fsy_node *n, const char *path, const char *fmt, ...)
    FSI_PRINTF(4, 5);

/* Key paths: all fit in 256 bytes like fs_diag.path. */
typedef struct pathbuf {
    char s[256];
} pathbuf;
pathbuf fsi_path_key(const char *parent, const char *key); /* parent.key */
pathbuf fsi_path_idx(const char *parent, size_t i);        /* parent[i] */

/* ---- bind_scalar.c ---- */
/* Each reads scalar n into *v (or buf), or reports why it cannot: 1 if ok. */
int fsi_get_number(fsi_loader *c, const fsy_node *n, const char *path, double *v);
int fsi_get_int(fsi_loader *c, const fsy_node *n, const char *path, long *v);
int fsi_get_bool(fsi_loader *c, const fsy_node *n, const char *path, int *v);
int fsi_get_text(fsi_loader *c, const fsy_node *n, const char *path, char *buf, size_t size);
/* One of names (NULL-terminated), as its index. */
int fsi_get_enum(fsi_loader *c, const fsy_node *n, const char *path, const char *const *names,
                 int *idx);
/* "unknown key; did you mean 'x'?" or "...; expected WHAT<cands>". */
void fsi_unknown_key(fsi_loader *c, const fsy_node *key, const char *path,
                     const char *const *cands, const char *what);

/* ---- bind.c ---- */
/* Validates mapping m (NULL: absent, defaults only) against kids and binds
 * the values; idx is the index of the list entry being bound. */
void fsi_walk_map(fsi_loader *c, const sch *kids, const fsy_node *m, const char *path,
                  size_t idx);
/* 0: ok; 1: not a number; 2: out of range. */
int fsi_scan_number(const char *t, double *v);
int fsi_scan_long(const char *t, long *v);
/* Checks constraint cons on v; `text` is the value as written (NULL: %g of v). */
int fsi_check_cons(fsi_loader *c, const fsy_node *n, const char *path, sch_cons cons, double v,
                   const char *text);
/* "null", "'abc'", "a mapping" ... for messages. */
const char *fsi_got_what(fsi_loader *c, const fsy_node *n);
/* Records a dated parameter bound at node n (NULL: a default or computed
 * value) for the resolution checks and the engine's messages. */
void fsi_add_dated_rec(fsi_loader *c, fs_param *p, const fsy_node *n, const char *path,
                       sch_cons cons);

/* ---- views.c ---- */
view *fsi_view_add(fsi_loader *c, const char *path, view_kind kind, const void *ptr,
                   const char *unit, const fsy_node *n);
void fsi_view_text(fsi_loader *c, const char *path, const char *text, const fsy_node *n);
/* Removes the views of key `path` (a default that does not apply). */
void fsi_view_drop(fsi_loader *c, const char *path);
/* Records that dated parameter p was bound for key `path` at node n (NULL:
 * a default or computed value), for fsi_param_where. */
void fsi_param_rec_add(fsi_loader *c, const fs_param *p, const char *path, const fsy_node *n);
/* "file:line:col", "extends file:line:col" or "default". */
const char *fsi_origin_of(fsi_loader *c, const fsy_node *n);
/* Renders the reference tables of docs/scenario.md as Markdown into buf
 * (truncated to n); returns the full length. */
size_t fsi_schema_doc(char *buf, size_t n);

/* ---- scenario_io.c ---- */
/* Reads a whole file; also its SHA-256 when hex is not NULL.  0 or an errno. */
int fsi_read_file(const char *path, char **buf, size_t *len, char hex[65]);
const char *fsi_errno_text(int e, char *buf, size_t n);
/* Parses `text` as file `name` and follows its extends: chain; `chain` holds
 * the canonical paths seen so far.  Returns the merged tree or NULL. */
fsy_node *fsi_load_tree(fsi_loader *c, const char *name, const char *dir, const char *text,
                        size_t len, const char *hex, char **chain, size_t depth);
/* The starting population, mortality and fertility from population: and the
 * bundled or CSV data it names (a roster is read later: fsi_build_roster). */
void fsi_build_population(fsi_loader *c, const fsy_node *root);

/* A CSV data file read line by line; lines are cut in place. */
typedef struct fsi_csv {
    const char *path; /* as diagnostics name it (interned in the arena) */
    char *buf;        /* the whole file */
    char *p;          /* the next line */
    long line;        /* the current line's number, 1-based */
} fsi_csv;
/* Reads CSV file `rel` (relative to the file of key_node) and records it
 * among the scenario's files with its SHA-256.  1, or 0 after a diagnostic
 * at key_node (io_error set). */
int fsi_csv_open(fsi_loader *c, const fsy_node *key_node, const char *keypath, const char *rel,
                 fsi_csv *f);
/* The next line that is neither blank nor a # comment, without its line
 * end (nor a UTF-8 byte-order mark); NULL at the end. */
char *fsi_csv_next(fsi_csv *f);
void fsi_csv_close(fsi_csv *f);
/* Splits line p at commas into trimmed fields: the first `max` into fld,
 * with their 1-based columns in characters; returns the number of fields
 * of the line (which may exceed max). */
int fsi_csv_split(char *p, char **fld, long *col, int max);
/* A field as messages quote it: 'text' (at most 40 bytes, then ...), or a
 * note that it is not UTF-8; never more of the file.  Returns buf. */
const char *fsi_csv_token(const char *t, char *buf, size_t n);

/* ---- roster.c ---- */
/* population.roster: reads the roster into sc->pop and sc->roster (after
 * the groups and tiers are bound and named). */
void fsi_build_roster(fsi_loader *c, const fsy_node *root);

/* ---- overrides.c ---- */
/* root with the override `set` ("KEY.PATH=VALUE") applied; NULL after a
 * diagnostic (or out of memory).  `label` names it in diagnostics (NULL:
 * "--set KEY.PATH"). */
fsy_node *fsi_apply_set(fsi_loader *c, fsy_node *root, const char *set, const char *label);
/* tree (a file merged over what it extends) with the file's own
 * `overrides:` list (in own, its parsed tree) applied in order: each file
 * of an extends: chain applies its list at its own level, before a file
 * that extends it merges over the result.  NULL after a diagnostic. */
fsy_node *fsi_apply_file_sets(fsi_loader *c, fsy_node *tree, const fsy_node *own);

/* ---- scenario_rules.c ---- */
/* Computed defaults and cross-field rules after the walk. */
void fsi_scenario_rules(fsi_loader *c, const fsy_node *root);
/* Checks over the simulated policy years (resolution, sums, order). */
void fsi_year_checks(fsi_loader *c, const fsy_node *root);
const fsy_node *fsi_node_at(const fsy_node *root, const char *a, const char *b, const char *c3);
const fsy_node *fsi_item_at(const fsy_node *seq, int i);

#endif /* FUNDSIM_LOADER_INT_H */
