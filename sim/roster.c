/* sim/roster.c -- population.roster: a fund's own enrollees of the first
 * policy year, counted by age (single years, bands A-B, or A+), sex, group
 * and tier, as a medical-insurance information system exports them.  The
 * loader turns the file into the starting residents sc->pop and the group
 * and tier splits of sc->roster (docs/model.md §2-3; the columns:
 * docs/scenario.md).  Errors name the file, line, column and the
 * offending field, never more of the file. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader_int.h"

#define NG_ALL (FS_MAX_GROUPS + 1)
#define KEYPATH "population.roster"

enum { COL_AGE, COL_SEX, COL_GROUP, COL_TIER, COL_COUNT, NCOLS };

static const char *const col_names[NCOLS][2] = {
    {"age", "年龄"}, {"sex", "性别"}, {"group", "人群"}, {"tier", "档次"}, {"count", "人数"}};

/* Counts being read: by sex, age, group (ordinary last), tier. */
typedef struct roster_acc {
    double n[2][FS_NAGES][NG_ALL][FS_MAX_TIERS];
    int cut[FS_NAGES + 1]; /* 1 where an age or band of the file starts or ends */
    long rows;
} roster_acc;

/* The file being read and where its columns are. */
typedef struct roster_rd {
    fsi_loader *c;
    fsi_csv f;
    int pos[NCOLS]; /* field index of each column; -1: absent */
    int nfields;    /* fields of the header */
} roster_rd;

static void rerr(roster_rd *r, long col, const char *fmt, ...) FSI_PRINTF(3, 4);
static void rerr(roster_rd *r, long col, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fsi_diag_add(r->c->d, FS_DIAG_ERROR, r->f.path, r->f.line, col, KEYPATH, "%s", msg);
}

static int ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

/* The header: each column named once, in any order. */
static int read_header(roster_rd *r, char *line, int ntiers)
{
    char *fld[8], tb[80];
    long col[8];
    int nf = fsi_csv_split(line, fld, col, 8);
    for (int k = 0; k < NCOLS; k++)
        r->pos[k] = -1;
    int known = 0; /* a line naming fewer than 4 columns is no header: nothing of it quoted */
    for (int i = 0; i < nf && i < 8; i++)
        for (int k = 0; k < NCOLS; k++)
            known += ascii_ieq(fld[i], col_names[k][0]) || strcmp(fld[i], col_names[k][1]) == 0;
    if (nf > 8 || known < 4) {
        rerr(r, 1, "expected the header age,sex,group,tier,count as the first line that is not "
                   "blank or a comment (nothing of the file is shown)");
        return 0;
    }
    for (int i = 0; i < nf; i++) {
        int k = 0;
        while (k < NCOLS && !ascii_ieq(fld[i], col_names[k][0]) &&
               strcmp(fld[i], col_names[k][1]) != 0)
            k++;
        if (k == NCOLS) {
            rerr(r, col[i], "unknown column %s in the header; expected age, sex, group, tier, count",
                 fsi_csv_token(fld[i], tb, sizeof tb));
            return 0;
        }
        if (r->pos[k] >= 0) {
            rerr(r, col[i], "column '%s' appears twice in the header", col_names[k][0]);
            return 0;
        }
        r->pos[k] = i;
    }
    for (int k = 0; k < NCOLS; k++) {
        if (r->pos[k] >= 0 || (k == COL_TIER && ntiers == 1))
            continue;
        if (k == COL_TIER)
            rerr(r, 1, "missing column 'tier' in the header (the scenario has %d tiers)", ntiers);
        else
            rerr(r, 1, "missing column '%s' in the header age,sex,group,tier,count",
                 col_names[k][0]);
        return 0;
    }
    r->nfields = nf;
    return 1;
}

/* "N", "A-B" or "A+" (100 is 100 and over) into [*lo, *hi]: 0, or 1 if it
 * is none of them, 2 if an age is out of 0..100, 3 if B < A. */
static int parse_age(const char *t, int *lo, int *hi)
{
    long a, b;
    char buf[32];
    size_t len = strlen(t);
    if (len == 0 || len >= sizeof buf || !isdigit((unsigned char)t[0]))
        return 1;
    memcpy(buf, t, len + 1);
    char *dash = strchr(buf, '-');
    if (buf[len - 1] == '+') {
        buf[len - 1] = '\0';
        if (fsi_scan_long(buf, &a) != 0)
            return 1;
        b = FS_MAX_AGE;
    } else if (dash) {
        *dash = '\0';
        if (fsi_scan_long(buf, &a) != 0 || !isdigit((unsigned char)dash[1]) ||
            fsi_scan_long(dash + 1, &b) != 0)
            return 1;
    } else {
        if (fsi_scan_long(buf, &a) != 0)
            return 1;
        b = a;
    }
    if (a > FS_MAX_AGE || b > FS_MAX_AGE)
        return 2;
    if (b < a)
        return 3;
    *lo = (int)a;
    *hi = (int)b;
    return 0;
}

/* male / female (m/f, 男/女, 1/2) as 0 / 1; -1 if none. */
static int parse_sex(const char *t)
{
    if (ascii_ieq(t, "male") || ascii_ieq(t, "m") || strcmp(t, "男") == 0 || strcmp(t, "1") == 0)
        return 0;
    if (ascii_ieq(t, "female") || ascii_ieq(t, "f") || strcmp(t, "女") == 0 ||
        strcmp(t, "2") == 0)
        return 1;
    return -1;
}

/* A group id or name, or the ordinary residents (ngroups); -1 if none. */
static int parse_group(const fs_scenario *sc, const char *t)
{
    for (int g = 0; g < sc->ngroups; g++)
        if (strcmp(t, sc->group[g].id) == 0)
            return g;
    for (int g = 0; g < sc->ngroups; g++)
        if (strcmp(t, sc->group[g].name) == 0)
            return g;
    if (ascii_ieq(t, "ordinary") || strcmp(t, "普通居民") == 0 ||
        strcmp(t, FS_ORDINARY_GROUP_NAME) == 0)
        return sc->ngroups;
    return -1;
}

/* A tier name or its 1-based index; -1 if none. */
static int parse_tier(const fs_scenario *sc, const char *t)
{
    long k;
    for (int i = 0; i < sc->ntiers; i++)
        if (strcmp(t, sc->tier[i].name) == 0)
            return i;
    if (fsi_scan_long(t, &k) == 0 && k >= 1 && k <= sc->ntiers)
        return (int)k - 1;
    return -1;
}

/* "a, b, c" of the group ids (for messages; cut short with "...") */
static void group_list(const fs_scenario *sc, char *buf, size_t n)
{
    size_t k = 0;
    buf[0] = '\0';
    for (int g = 0; g < sc->ngroups; g++) {
        int w = snprintf(buf + k, n - k, "%s%s", g ? ", " : "", sc->group[g].id);
        if (w < 0 || (size_t)w >= n - k) {
            snprintf(buf + (k < n - 4 ? k : n - 4), 4, "...");
            return;
        }
        k += (size_t)w;
    }
}

/* Adds `count` persons of band [lo, hi] (already within the group's ages)
 * to the cells: whole persons when the count is whole (ages get
 * floor(C (i+1)/k) - floor(C i/k)), else C/k each. */
static void spread(roster_acc *acc, int s, int lo, int hi, int g, int t, double count)
{
    int k = hi - lo + 1;
    if (count == floor(count) && count < 9007199254740992.0) {
        unsigned long long C = (unsigned long long)count, prev = 0;
        for (int i = 0; i < k; i++) {
            unsigned long long cum = C * (unsigned long long)(i + 1) / (unsigned long long)k;
            acc->n[s][lo + i][g][t] += (double)(cum - prev);
            prev = cum;
        }
    } else {
        for (int i = 0; i < k; i++)
            acc->n[s][lo + i][g][t] += count / k;
    }
}

/* One data row into acc; 0 after an error. */
static int read_row(roster_rd *r, char *line, roster_acc *acc)
{
    const fs_scenario *sc = r->c->sc;
    char *fld[8], tb[80], list[200];
    long col[8];
    int nf = fsi_csv_split(line, fld, col, 8);
    if (nf != r->nfields) {
        rerr(r, nf > r->nfields && r->nfields < 8 ? col[r->nfields] : 1,
             "expected %d fields as in the header, got %d", r->nfields, nf);
        return 0;
    }
    int lo, hi, t = 0;
    const char *at = fld[r->pos[COL_AGE]];
    int e = parse_age(at, &lo, &hi);
    if (e) {
        fsi_csv_token(at, tb, sizeof tb);
        if (e == 1)
            rerr(r, col[r->pos[COL_AGE]], "expected an age N, a band A-B or A+, got %s", tb);
        else if (e == 2)
            rerr(r, col[r->pos[COL_AGE]], "ages run 0..%d (%d is %d and over), got %s",
                 FS_MAX_AGE, FS_MAX_AGE, FS_MAX_AGE, tb);
        else
            rerr(r, col[r->pos[COL_AGE]], "the band %s ends before it starts", tb);
        return 0;
    }
    int s = parse_sex(fld[r->pos[COL_SEX]]);
    if (s < 0) {
        rerr(r, col[r->pos[COL_SEX]], "expected male or female (m/f, 男/女, 1/2), got %s",
             fsi_csv_token(fld[r->pos[COL_SEX]], tb, sizeof tb));
        return 0;
    }
    int g = parse_group(sc, fld[r->pos[COL_GROUP]]);
    if (g < 0) {
        group_list(sc, list, sizeof list);
        rerr(r, col[r->pos[COL_GROUP]], "unknown group %s; expected %s%s%sordinary",
             fsi_csv_token(fld[r->pos[COL_GROUP]], tb, sizeof tb), list[0] ? "a group id (" : "",
             list, list[0] ? ") or " : "");
        return 0;
    }
    if (r->pos[COL_TIER] >= 0 && (t = parse_tier(sc, fld[r->pos[COL_TIER]])) < 0) {
        size_t k = 0;
        list[0] = '\0';
        for (int i = 0; i < sc->ntiers && k < sizeof list; i++) {
            int w = snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "", sc->tier[i].name);
            k += w > 0 ? (size_t)w : 0;
        }
        rerr(r, col[r->pos[COL_TIER]], "unknown tier %s; expected a tier name (%s) or 1..%d",
             fsi_csv_token(fld[r->pos[COL_TIER]], tb, sizeof tb), list, sc->ntiers);
        return 0;
    }
    double count;
    const char *ct = fld[r->pos[COL_COUNT]];
    if (fsi_scan_number(ct, &count) != 0 || !isfinite(count) || count < 0.0) {
        rerr(r, col[r->pos[COL_COUNT]], "expected a count (a number >= 0), got %s",
             fsi_csv_token(ct, tb, sizeof tb));
        return 0;
    }
    acc->cut[lo] = acc->cut[hi + 1] = 1;
    if (g < sc->ngroups) { /* a group holds only its own ages */
        const fs_group *G = &sc->group[g];
        if (hi < G->age_min || lo > G->age_max) {
            rerr(r, col[r->pos[COL_AGE]], "group '%s' holds ages %d..%d, not %s", G->id,
                 G->age_min, G->age_max, fsi_csv_token(at, tb, sizeof tb));
            return 0;
        }
        lo = lo > G->age_min ? lo : G->age_min;
        hi = hi < G->age_max ? hi : G->age_max;
    }
    spread(acc, s, lo, hi, g, t, count);
    acc->rows++;
    return 1;
}

/* Reads the whole file into acc; 1 if valid. */
static int read_roster(fsi_loader *c, const fsy_node *node, roster_acc *acc)
{
    roster_rd r;
    memset(&r, 0, sizeof r);
    r.c = c;
    if (!fsi_csv_open(c, node, KEYPATH, c->raw.roster, &r.f))
        return 0;
    char *line = fsi_csv_next(&r.f);
    int ok = 1;
    if (line == NULL) {
        fsi_diag_add(c->d, FS_DIAG_ERROR, r.f.path, 0, 0, KEYPATH,
                     "the roster is empty; expected the header age,sex,group,tier,count");
        ok = 0;
    } else {
        ok = read_header(&r, line, c->sc->ntiers);
    }
    while (ok && (line = fsi_csv_next(&r.f)) != NULL)
        ok = read_row(&r, line, acc);
    if (ok && acc->rows == 0) {
        fsi_diag_add(c->d, FS_DIAG_ERROR, r.f.path, r.f.line, 0, KEYPATH,
                     "the roster has no rows after its header");
        ok = 0;
    }
    fsi_csv_close(&r.f);
    return ok;
}

/* Group and tier shares of the cell (s, a) from its counts; 0 if empty. */
static int cell_shares(const fs_scenario *sc, const roster_acc *acc, fs_roster *R, int s, int a)
{
    int ng = sc->ngroups, nt = sc->ntiers;
    double tot = 0.0, gn[NG_ALL] = {0};
    for (int g = 0; g <= ng; g++) {
        for (int t = 0; t < nt; t++)
            gn[g] += acc->n[s][a][g][t];
        tot += gn[g];
    }
    if (!(tot > 0.0))
        return 0;
    for (int g = 0; g <= ng; g++) {
        double cum = 0.0;
        R->gshare[s][a][g] = gn[g] / tot;
        for (int t = 0; t < nt; t++) {
            cum += gn[g] > 0.0 ? acc->n[s][a][g][t] / gn[g] : R->tshare[g][t];
            R->tcum[s][a][g][t] = cum;
        }
        R->tcum[s][a][g][nt - 1] = 1.0;
    }
    return 1;
}

/* A cell with nobody in the roster (filled later by ageing or births)
 * takes the shares of the nearest age of the same sex holding someone (the
 * younger on a tie; else the other sex's), minus the groups whose ages
 * exclude it, whose share goes to the ordinary residents. */
static void fill_empty(const fs_scenario *sc, fs_roster *R, int full[2][FS_NAGES], int s, int a)
{
    int from_s = -1, from_a = -1;
    for (int k = 0; k < 2 && from_s < 0; k++) {
        int ss = k == 0 ? s : 1 - s;
        for (int d = 0; d <= FS_MAX_AGE && from_s < 0; d++) {
            int younger = a - d >= 0 && full[ss][a - d];
            if (younger || (a + d <= FS_MAX_AGE && full[ss][a + d])) {
                from_s = ss;
                from_a = younger ? a - d : a + d;
            }
        }
    }
    if (from_s < 0)
        return;
    memcpy(R->gshare[s][a], R->gshare[from_s][from_a], sizeof R->gshare[s][a]);
    memcpy(R->tcum[s][a], R->tcum[from_s][from_a], sizeof R->tcum[s][a]);
    for (int g = 0; g < sc->ngroups; g++) {
        if (a >= sc->group[g].age_min && a <= sc->group[g].age_max)
            continue;
        R->gshare[s][a][sc->ngroups] += R->gshare[s][a][g];
        R->gshare[s][a][g] = 0.0;
    }
}

/* The starting residents and the splits of R from the counts. */
static void build(fs_scenario *sc, const roster_acc *acc, fs_roster *R, double gtot[NG_ALL])
{
    int ng = sc->ngroups, nt = sc->ntiers, full[2][FS_NAGES];
    for (int g = 0; g <= ng; g++) {
        double sum = 0.0, gt[FS_MAX_TIERS] = {0};
        for (int s = 0; s < 2; s++)
            for (int a = 0; a < FS_NAGES; a++)
                for (int t = 0; t < nt; t++)
                    gt[t] += acc->n[s][a][g][t];
        for (int t = 0; t < nt; t++)
            sum += gt[t];
        for (int t = 0; t < nt; t++)
            R->tshare[g][t] = sum > 0.0 ? gt[t] / sum : (t == 0);
        gtot[g] = sum;
    }
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < FS_NAGES; a++) {
            sc->pop[s][a] = 0.0;
            for (int g = 0; g <= ng; g++)
                for (int t = 0; t < nt; t++)
                    sc->pop[s][a] += acc->n[s][a][g][t];
            full[s][a] = cell_shares(sc, acc, R, s, a);
        }
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < FS_NAGES; a++)
            if (!full[s][a])
                fill_empty(sc, R, full, s, a);
    R->nbands = 0;
    for (int a = 0; a < FS_NAGES; a++)
        if (a == 0 || acc->cut[a])
            R->band_lo[R->nbands++] = a;
}

/* With a roster, the keys it replaces are not used: one warning. */
static void warn_replaced(fsi_loader *c, const fsy_node *root, const fsy_node *node,
                          const double gtot[NG_ALL])
{
    const fs_scenario *sc = c->sc;
    const fsy_node *groups = fsi_yaml_get(root, "groups"), *tiers = fsi_yaml_get(root, "tiers");
    int given = 0;
    for (int g = 0; g < sc->ngroups; g++) {
        const fsy_node *gn = fsi_item_at(groups, g);
        given += fsi_yaml_get(gn, "share") != NULL;
        given += fsi_yaml_get(gn, "tier_shares") != NULL;
    }
    for (int t = 0; t < sc->ntiers; t++)
        given += fsi_yaml_get(fsi_item_at(tiers, t), "choice_share") != NULL;
    if (given)
        fsi_ld_warn(c, node, KEYPATH,
                    "the roster gives the group and tier split; %d value%s of groups[].share, "
                    "groups[].tier_shares or tiers[].choice_share %s not used",
                    given, given == 1 ? "" : "s", given == 1 ? "is" : "are");
    for (int g = 0; g < sc->ngroups; g++)
        if (!(gtot[g] > 0.0))
            fsi_ld_warn(c, node, KEYPATH, "group '%s' has nobody in the roster", sc->group[g].id);
}

void fsi_build_roster(fsi_loader *c, const fsy_node *root)
{
    fs_scenario *sc = c->sc;
    const fsy_node *node = fsi_node_at(root, "population", "roster", NULL);
    if (node == NULL || node->kind != FSY_SCALAR || sc->ntiers < 1 ||
        sc->ntiers > FS_MAX_TIERS || sc->ngroups < 0 || sc->ngroups > FS_MAX_GROUPS)
        return;
    roster_acc *acc = calloc(1, sizeof *acc);
    fs_roster *R = calloc(1, sizeof *R);
    if (acc == NULL || R == NULL) {
        free(acc);
        free(R);
        c->oom = 1;
        return;
    }
    if (read_roster(c, node, acc)) {
        double gtot[NG_ALL];
        build(sc, acc, R, gtot);
        double total = 0.0;
        for (int s = 0; s < 2; s++)
            for (int a = 0; a < FS_NAGES; a++)
                total += sc->pop[s][a];
        if (!(total > 0.0)) {
            fsi_ld_error(c, node, KEYPATH, "the roster's counts sum to 0");
        } else {
            sc->roster = R;
            R = NULL;
            warn_replaced(c, root, node, gtot);
        }
    }
    free(R);
    free(acc);
}
