/* sim/scenario_io.c -- the loader's files: reading (hashed as read), the
 * extends: chain, CSV data files (lines and fields; the age,male,female
 * tables) and the starting population built from them (a roster:
 * roster.c). */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data_int.h"
#include "loader_int.h"
#include "sha256_int.h"

/* ------------------------------------------------------------------ */
/* Files. */

/* Opens path for reading only if it is a regular file: opened with
 * O_NONBLOCK (a FIFO or a device must not block the open) and refused by
 * fstat before a byte is read.  Returns the stream, or NULL with *err set
 * (FSI_ENOTREG for a FIFO, device, socket or directory). */
static FILE *open_regular(const char *path, int *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        *err = errno ? errno : EIO;
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        *err = S_ISDIR(st.st_mode) ? EISDIR : FSI_ENOTREG;
        close(fd);
        return NULL;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "rb");
    if (f == NULL) {
        *err = errno ? errno : EIO;
        close(fd);
    }
    return f;
}

/* Reads a whole regular file (and its SHA-256 into hex, unless NULL).
 * Returns 0, or an errno value (FSI_ENOTREG: not a regular file). */
int fsi_read_file(const char *path, char **buf, size_t *len, char hex[65])
{
    *buf = NULL;
    *len = 0;
    int oe = 0;
    FILE *f = open_regular(path, &oe);
    if (f == NULL)
        return oe;
    size_t cap = 4096, n = 0;
    char *b = malloc(cap + 1);
    if (b == NULL) {
        fclose(f);
        return ENOMEM;
    }
    for (;;) {
        if (n == cap) {
            if (cap >= FSI_FILE_MAX) {
                free(b);
                fclose(f);
                return EFBIG;
            }
            cap *= 2;
            char *nb = realloc(b, cap + 1);
            if (nb == NULL) {
                free(b);
                fclose(f);
                return ENOMEM;
            }
            b = nb;
        }
        size_t k = fread(b + n, 1, cap - n, f);
        n += k;
        if (k == 0) {
            if (ferror(f)) {
                int e = errno ? errno : EIO;
                free(b);
                fclose(f);
                return e;
            }
            break;
        }
    }
    fclose(f);
    b[n] = '\0';
    *buf = b;
    *len = n;
    if (hex)
        fsi_sha256_hex(b, n, hex);
    return 0;
}

const char *fsi_errno_text(int e, char *buf, size_t n)
{
    if (e == FSI_ENOTREG) {
        snprintf(buf, n, "not a regular file (a FIFO, device or socket is refused)");
        return buf;
    }
    if (e == EISDIR) {
        snprintf(buf, n, "is a directory, not a file");
        return buf;
    }
    if (strerror_r(e, buf, n) != 0)
        snprintf(buf, n, "error %d", e);
    return buf;
}

/* dir + "/" + rel, or rel when it is absolute or dir is empty. */
static char *join_path(fsi_arena *a, const char *dir, const char *rel)
{
    if (rel[0] == '/' || dir == NULL || dir[0] == '\0')
        return fsi_arena_strndup(a, rel, strlen(rel));
    return fsi_arena_printf(a, "%s/%s", dir, rel);
}

static char *dir_of(fsi_arena *a, const char *path)
{
    const char *s = strrchr(path, '/');
    if (s == NULL)
        return fsi_arena_strndup(a, "", 0);
    if (s == path)
        return fsi_arena_strndup(a, "/", 1);
    return fsi_arena_strndup(a, path, (size_t)(s - path));
}

static const char *dir_of_node(fsi_loader *c, const fsy_node *n)
{
    for (size_t i = 0; i < c->nfiles; i++)
        if (c->files[i].name == n->file)
            return c->files[i].dir;
    return "";
}

/* Records a file the scenario was built from, with the SHA-256 of the
 * bytes read (provenance). */
static int add_file(fsi_loader *c, const char *name, const char *hex)
{
    fs_scenario *sc = c->sc;
    for (size_t i = 0; i < sc->nfiles; i++)
        if (strcmp(sc->files[i], name) == 0)
            return 1;
    char **v = realloc(sc->files, (sc->nfiles + 1) * sizeof *v);
    if (v == NULL)
        return 0;
    sc->files = v;
    char(*h)[65] = realloc(c->vw->sha256, (sc->nfiles + 1) * sizeof *h);
    if (h == NULL)
        return 0;
    c->vw->sha256 = h;
    size_t len = strlen(name);
    char *s = malloc(len + 1);
    if (s == NULL)
        return 0;
    memcpy(s, name, len + 1);
    snprintf(h[sc->nfiles], sizeof h[sc->nfiles], "%s", hex ? hex : "");
    sc->files[sc->nfiles++] = s;
    return 1;
}

/* A file is a scenario when its top level is a mapping with at least one
 * key of the scenario language (fsi_schema_root); anything else is refused
 * whole, without quoting it (a path may name any file: docs/scenario.md). */
static int is_scenario(const fsy_node *root)
{
    if (root->kind != FSY_MAP)
        return 0;
    for (size_t i = 0; i < root->n; i++) {
        const fsy_node *k = root->pairs[i].key;
        if (k->kind != FSY_SCALAR)
            continue;
        for (const sch *e = fsi_schema_root; e->key; e++)
            if (strcmp(e->key, k->text) == 0)
                return 1;
    }
    return 0;
}

/* For a file that does not parse: does a line begin with a top-level key
 * of the scenario language and a colon?  If not, only the parser's messages
 * that quote nothing of it are shown, without their key paths. */
static int reads_like_scenario(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && text[i - 1] != '\n')
            continue;
        for (const sch *e = fsi_schema_root; e->key; e++) {
            size_t k = strlen(e->key), j = i + k;
            if (j > len || strncmp(text + i, e->key, k) != 0)
                continue;
            while (j < len && (text[j] == ' ' || text[j] == '\t'))
                j++;
            if (j < len && text[j] == ':')
                return 1;
        }
    }
    return 0;
}

/* The parser's messages that quote a key, anchor or alias of the file
 * (sim/yaml_tree.c); its others are fixed words and positions. */
static int quotes_the_file(const char *msg)
{
    return strncmp(msg, "duplicate key", 13) == 0 || strncmp(msg, "unknown anchor", 14) == 0 ||
           strncmp(msg, "alias ", 6) == 0;
}

/* extends: names a scenario file: its name ends in .yaml or .yml (any case). */
static int yaml_name(const char *s)
{
    size_t n = strlen(s);
    return (n > 5 && strcasecmp(s + n - 5, ".yaml") == 0) ||
           (n > 4 && strcasecmp(s + n - 4, ".yml") == 0);
}

/* Parses `text` as file `name` and follows its extends: chain, applying
 * each file's overrides: list at its level.  `chain` holds the canonical
 * paths seen so far for cycle detection.  Returns the merged tree or NULL. */
fsy_node *fsi_load_tree(fsi_loader *c, const char *name, const char *dir, const char *text,
                        size_t len, const char *hex, char **chain, size_t depth)
{
    if (c->nfiles >= sizeof c->files / sizeof c->files[0])
        return NULL;
    c->files[c->nfiles].name = name;
    c->files[c->nfiles].dir = dir;
    c->nfiles++;
    if (!add_file(c, name, hex)) {
        c->oom = 1;
        return NULL;
    }
    /* The parser's own messages may quote keys of the file: they are kept
     * only when the file is a scenario (or at least reads like one). */
    fs_diags *pd = fs_diags_alloc();
    if (pd == NULL) {
        c->oom = 1;
        return NULL;
    }
    fsy_node *root = fsi_yaml_parse(c->a, name, text, len, pd);
    int shown = root ? is_scenario(root) : reads_like_scenario(text, len), hidden = root != NULL;
    for (size_t i = 0; i < fs_diags_count(pd); i++) {
        const fs_diag *g = fs_diags_get(pd, i);
        if (shown) /* a scenario's own diagnostics, key paths and quotes included */
            fsi_diag_add(c->d, g->kind, g->file, g->line, g->column, g->path[0] ? g->path : NULL,
                         "%s", g->msg);
        else if (root == NULL && !quotes_the_file(g->msg)) /* the parser's fixed words */
            fsi_diag_add(c->d, g->kind, g->file, g->line, g->column, NULL, "%s", g->msg);
        else
            hidden = 1;
    }
    fs_diags_free(pd);
    if (!shown && hidden) {
        /* Not one word of it is quoted: it may be any file (/etc/shadow). */
        fsi_diag_add(c->d, FS_DIAG_ERROR, name, 1, 1, NULL,
                     "not a fundsim scenario: its top level is not a mapping with a key of the "
                     "scenario language (extends, overrides, scenario, population, financing, "
                     "benefits, ...); nothing of the file is shown");
        return NULL;
    }
    if (root == NULL)
        return NULL;
    const fsy_pair *ext = fsi_yaml_pair(root, "extends");
    if (ext == NULL)
        return fsi_apply_file_sets(c, root, root);
    const fsy_node *ev = ext->val;
    if (ev->kind != FSY_SCALAR || ev->len == 0) {
        fsi_ld_error(c, ev, "extends", "expected a file name, got %s", fsi_got_what(c, ev));
        return NULL;
    }
    if (depth + 1 >= FSI_MAX_EXTENDS) {
        fsi_ld_error(c, ev, "extends", "more than %d levels of extends", FSI_MAX_EXTENDS);
        return NULL;
    }
    if (!yaml_name(ev->text)) {
        fsi_ld_error(c, ev, "extends", "expected the name of a scenario file ending in .yaml or "
                                       ".yml");
        return NULL;
    }
    char *pname = join_path(c->a, dir, ev->text);
    char *pdir = pname ? dir_of(c->a, pname) : NULL;
    if (pname == NULL || pdir == NULL) {
        c->oom = 1;
        return NULL;
    }
    char *canon = realpath(pname, NULL);
    if (canon == NULL) {
        char eb[128];
        fsi_ld_error(c, ev, "extends", "cannot read '%s': %s", pname, fsi_errno_text(errno, eb, sizeof eb));
        c->io_error = 1;
        return NULL;
    }
    for (size_t i = 0; i < depth; i++) {
        if (chain[i] && strcmp(chain[i], canon) == 0) {
            char msg[400];
            size_t k = 0;
            msg[0] = '\0';
            for (size_t j = 0; j < c->nfiles && k < sizeof msg; j++) {
                int w = snprintf(msg + k, sizeof msg - k, "%s -> ", c->files[j].name);
                if (w > 0)
                    k += (size_t)w < sizeof msg - k ? (size_t)w : sizeof msg - k - 1;
            }
            fsi_ld_error(c, ev, "extends", "extends cycle: %s%s", msg, pname);
            free(canon);
            return NULL;
        }
    }
    chain[depth] = canon;
    char *buf, bhex[65];
    size_t blen;
    int e = fsi_read_file(pname, &buf, &blen, bhex);
    if (e) {
        char eb[128];
        fsi_ld_error(c, ev, "extends", "cannot read '%s': %s", pname, fsi_errno_text(e, eb, sizeof eb));
        c->io_error = e != FSI_ENOTREG; /* a FIFO or device named: a scenario error (exit 2) */
        return NULL;
    }
    fsy_node *base = fsi_load_tree(c, pname, pdir, buf, blen, bhex, chain, depth + 1);
    free(buf);
    if (base == NULL)
        return NULL;
    fsy_node *m = fsi_yaml_merge(c->a, base, root);
    if (m == NULL) {
        c->oom = 1;
        return NULL;
    }
    return fsi_apply_file_sets(c, m, root);
}

/* ------------------------------------------------------------------ */
/* CSV data files. */

int fsi_csv_open(fsi_loader *c, const fsy_node *key_node, const char *keypath, const char *rel,
                 fsi_csv *f)
{
    memset(f, 0, sizeof *f);
    char *path = join_path(c->a, dir_of_node(c, key_node), rel);
    if (path == NULL) {
        c->oom = 1;
        return 0;
    }
    char hex[65];
    size_t len;
    int e = fsi_read_file(path, &f->buf, &len, hex);
    if (e) {
        char eb[128];
        fsi_ld_error(c, key_node, keypath, "cannot read '%s': %s", path,
                     fsi_errno_text(e, eb, sizeof eb));
        c->io_error = e != FSI_ENOTREG;
        return 0;
    }
    if (!add_file(c, path, hex))
        c->oom = 1;
    f->path = path;
    f->p = f->buf;
    if (len >= 3 && memcmp(f->buf, "\xEF\xBB\xBF", 3) == 0) /* a UTF-8 byte-order mark */
        f->p += 3;
    return 1;
}

char *fsi_csv_next(fsi_csv *f)
{
    while (f->p && *f->p) {
        char *p = f->p;
        f->line++;
        char *eol = strchr(p, '\n');
        f->p = eol ? eol + 1 : p + strlen(p);
        if (eol)
            *eol = '\0';
        size_t ll = strlen(p);
        if (ll && p[ll - 1] == '\r')
            p[--ll] = '\0';
        if (ll != 0 && p[0] != '#')
            return p;
    }
    return NULL;
}

void fsi_csv_close(fsi_csv *f)
{
    free(f->buf);
    memset(f, 0, sizeof *f);
}

/* Characters (UTF-8 sequences) in s[0..n). */
static long utf8_chars(const char *s, size_t n)
{
    long k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

int fsi_csv_split(char *p, char **fld, long *col, int max)
{
    int nf = 0;
    char *s = p;
    for (;;) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (nf < max) {
            fld[nf] = s;
            col[nf] = utf8_chars(p, (size_t)(s - p)) + 1;
        }
        nf++;
        char *comma = strchr(s, ',');
        char *endf = comma ? comma : s + strlen(s);
        while (endf > s && (endf[-1] == ' ' || endf[-1] == '\t'))
            endf--;
        *endf = '\0';
        if (comma == NULL)
            return nf;
        s = comma + 1;
    }
}

const char *fsi_csv_token(const char *t, char *buf, size_t n)
{
    size_t len = strlen(t), i = 0;
    while (i < len) { /* the valid UTF-8 prefix */
        unsigned char b = (unsigned char)t[i];
        size_t k = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3
                 : (b & 0xF8) == 0xF0 ? 4 : 0;
        if (k == 0 || i + k > len)
            break;
        size_t j = 1;
        while (j < k && ((unsigned char)t[i + j] & 0xC0) == 0x80)
            j++;
        if (j < k)
            break;
        i += k;
    }
    if (i < len) {
        snprintf(buf, n, "(a token that is not UTF-8: save the file as UTF-8)");
        return buf;
    }
    size_t cut = len; /* at most 40 bytes, cut at a character boundary */
    if (cut > 40) {
        cut = 40;
        while (cut > 0 && ((unsigned char)t[cut] & 0xC0) == 0x80)
            cut--;
    }
    snprintf(buf, n, "'%.*s%s'", (int)cut, t, cut < len ? "..." : "");
    return buf;
}

/* One data row "age,male,female" of a CSV file into out; 0 after an error. */
static int read_row(fsi_loader *c, const char *path, long line, const char *keypath, char *fld[4],
                    const long col[4], int nf, int seen[FS_NAGES], double out[2][FS_NAGES],
                    sch_cons cons)
{
    if (nf != 3) {
        fsi_diag_add(c->d, FS_DIAG_ERROR, path, line, 1, keypath,
                     "expected 3 fields age,male,female, got %d", nf);
        return 0;
    }
    long age;
    char tb[80];
    size_t al = strlen(fld[0]);
    if (al > 1 && fld[0][al - 1] == '+')
        fld[0][al - 1] = '\0';
    if (fsi_scan_long(fld[0], &age) != 0 || age < 0 || age > FS_MAX_AGE) {
        fsi_diag_add(c->d, FS_DIAG_ERROR, path, line, col[0], keypath,
                     "expected an age 0..%d, got %s", FS_MAX_AGE,
                     fsi_csv_token(fld[0], tb, sizeof tb));
        return 0;
    }
    if (seen[age]) {
        fsi_diag_add(c->d, FS_DIAG_ERROR, path, line, col[0], keypath, "age %ld appears twice",
                     age);
        return 0;
    }
    seen[age] = 1;
    for (int sx = 0; sx < 2; sx++) {
        double v;
        if (fsi_scan_number(fld[1 + sx], &v) != 0 || !isfinite(v)) {
            fsi_diag_add(c->d, FS_DIAG_ERROR, path, line, col[1 + sx], keypath,
                         "expected a number, got %s", fsi_csv_token(fld[1 + sx], tb, sizeof tb));
            return 0;
        }
        if ((cons == C_SHARE && !(v >= 0 && v <= 1)) || v < 0) {
            fsi_diag_add(c->d, FS_DIAG_ERROR, path, line, col[1 + sx], keypath,
                         cons == C_SHARE ? "%s is not a share in [0,1]"
                                         : "%s is negative; expected a value >= 0",
                         fsi_csv_token(fld[1 + sx], tb, sizeof tb));
            return 0;
        }
        out[sx][age] = v;
    }
    return 1;
}

/* Reads CSV file `rel` (relative to the file of key_node) into out: the
 * header age,male,female, then one row per age 0..100 (100 may be 100+);
 * blank lines and lines starting with # are skipped.  Errors carry the
 * CSV file's own line and column.  Returns 1 if valid. */
static int read_csv(fsi_loader *c, const fsy_node *key_node, const char *keypath, const char *rel,
                    double out[2][FS_NAGES], sch_cons cons)
{
    fsi_csv f;
    if (!fsi_csv_open(c, key_node, keypath, rel, &f))
        return 0;
    int seen[FS_NAGES] = {0};
    int ok = 1, header = 0;
    char *p;
    while (ok && (p = fsi_csv_next(&f)) != NULL) {
        char *fld[4];
        long col[4];
        int nf = fsi_csv_split(p, fld, col, 4);
        if (!header) { /* the first line that is not blank or a comment; nothing of it quoted */
            if (nf != 3 || strcmp(fld[0], "age") || strcmp(fld[1], "male") ||
                strcmp(fld[2], "female")) {
                fsi_diag_add(c->d, FS_DIAG_ERROR, f.path, f.line, 1, keypath,
                             "expected the header age,male,female as the first line that is "
                             "not blank or a comment (nothing of the file is shown)");
                ok = 0;
            }
            header = 1;
        } else {
            ok = read_row(c, f.path, f.line, keypath, fld, col, nf, seen, out, cons);
        }
    }
    for (int a = 0; ok && a < FS_NAGES; a++) {
        if (!seen[a]) {
            fsi_diag_add(c->d, FS_DIAG_ERROR, f.path, f.line, 0, keypath, "no row for age %d", a);
            ok = 0;
        }
    }
    fsi_csv_close(&f);
    return ok;
}

void fsi_build_population(fsi_loader *c, const fsy_node *root)
{
    fs_scenario *sc = c->sc;
    const fsy_node *pop = fsi_yaml_get(root, "population");
    if (pop == NULL || pop->kind != FSY_MAP)
        return;
    const fsy_node *total = fsi_yaml_get(pop, "total"), *table = fsi_yaml_get(pop, "table");
    const fsy_node *structure = fsi_yaml_get(pop, "structure");
    const fsy_node *roster = fsi_yaml_get(pop, "roster");
    if ((roster || table) && !structure) /* its default is not used: not shown */
        fsi_view_drop(c, "population.structure");
    if (roster) {
        /* Read after the groups and tiers are bound (fsi_build_roster). */
        const fsy_node *on = total ? total : structure ? structure : table;
        if (on) {
            const char *other = total ? "total" : structure ? "structure" : "table";
            fsi_ld_error(c, on, fsi_path_key("population", other).s,
                         "give either %s or roster, not both", other);
        }
    } else if (table && (total || structure)) {
        fsi_ld_error(c, table, "population.table", "give either table or total and structure, not both");
        return;
    } else if (table) {
        if (table->kind == FSY_SCALAR)
            read_csv(c, table, "population.table", c->raw.table, sc->pop, C_NONNEG);
    } else if (total == NULL) {
        fsi_ld_error(c, pop, "population",
                     "missing required key 'total' (or 'table', or 'roster')");
    } else {
        double shape[2][FS_NAGES];
        int ok = 1;
        if (strcmp(c->raw.structure, "china-2020") == 0) {
            memcpy(shape, fsi_china_pop2020, sizeof shape);
        } else if (structure && structure->kind == FSY_SCALAR) {
            ok = read_csv(c, structure, "population.structure", c->raw.structure, shape,
                          C_NONNEG);
        } else {
            ok = 0;
        }
        if (ok) {
            double sum = 0.0;
            for (int s = 0; s < 2; s++)
                for (int a = 0; a < FS_NAGES; a++)
                    sum += shape[s][a];
            if (!(sum > 0.0)) {
                fsi_ld_error(c, structure, "population.structure", "the age structure sums to 0");
            } else {
                for (int s = 0; s < 2; s++)
                    for (int a = 0; a < FS_NAGES; a++)
                        sc->pop[s][a] = c->raw.total * shape[s][a] / sum;
            }
        }
    }
    const fsy_node *mt = fsi_node_at(root, "population", "mortality", "table");
    if (strcmp(c->raw.mort_table, "china-wpp2024") == 0)
        memcpy(sc->mortality_q, fsi_china_qx, sizeof sc->mortality_q);
    else if (mt && mt->kind == FSY_SCALAR)
        read_csv(c, mt, "population.mortality.table", c->raw.mort_table, sc->mortality_q,
                 C_SHARE);
    const fsy_node *tfr = fsi_node_at(root, "population", "fertility", "tfr");
    const fsy_node *cbr = fsi_node_at(root, "population", "fertility", "crude_birth_rate");
    if (tfr && cbr) {
        fsi_ld_error(c, cbr, "population.fertility.crude_birth_rate",
            "give either tfr or crude_birth_rate, not both");
    }
    if (sc->crude_birth_rate > 0.0) {
        memset(sc->fertility_asfr, 0, sizeof sc->fertility_asfr);
    } else {
        for (int a = 0; a < FS_NAGES; a++)
            sc->fertility_asfr[a] = fsi_china_asfr_shape[a] * c->raw.tfr;
    }
}

