/* output/store.c -- the run store (fs_output.h): an SQLite file that keeps a
 * record of every run made with `fundsim run --store FILE`, and the two
 * readers of `fundsim runs`.
 *
 * Schema (version 2; docs in README "The run store"):
 *   meta(key, value)                 format = fundsim-store, schema_version = 2
 *   runs(id, time, fundsim_version, git, scenario, seed, replications,
 *        years, start_year, mode, mode_requested, stream_table_version)
 *   run_files(run_id, ord, path, sha256)      the scenario first (as run.json)
 *   run_overrides(run_id, ord, override)      --set, in order
 *   summary(run_id, ord, year, metric, mean, se, sd, p05, p25, p50, p75, p95)
 *        the rows of summary.csv in its order (ord); NULL where it is empty.
 *   run_params(run_id, ord, path, year, value, text, unit, ref, origin)
 *        every resolved parameter (as `fundsim show` prints it) for each
 *        policy year of the run: value (REAL) or text, NULL where the
 *        parameter has no value that year.
 * A version-1 store (no run_params) is upgraded in place by the first run
 * appended to it; its earlier runs have no parameters.  * The seed is TEXT (a uint64 does not fit SQLite's signed INTEGER).  A REAL
 * keeps the double's bits, so `runs --show` prints summary.csv again. */
#include <inttypes.h>
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fs_output.h"

#define STORE_FORMAT "fundsim-store"
#define STORE_SCHEMA_VERSION 2

#define PARAMS_SQL \
    "CREATE TABLE run_params(run_id INTEGER NOT NULL REFERENCES runs(id), ord INTEGER NOT NULL," \
    " path TEXT NOT NULL, year INTEGER NOT NULL, value REAL, text TEXT, unit TEXT, ref TEXT," \
    " origin TEXT, PRIMARY KEY(run_id, ord));"

/* Version 1 -> 2: the table of resolved parameters. */
static const char upgrade_sql[] =
    PARAMS_SQL "UPDATE meta SET value = '2' WHERE key = 'schema_version';";

static const char schema_sql[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT INTO meta VALUES('format','" STORE_FORMAT "'),('schema_version','2');"
    "CREATE TABLE runs(id INTEGER PRIMARY KEY, time TEXT NOT NULL,"
    " fundsim_version TEXT NOT NULL, git TEXT, scenario TEXT NOT NULL, seed TEXT NOT NULL,"
    " replications INTEGER NOT NULL, years INTEGER NOT NULL, start_year INTEGER NOT NULL,"
    " mode TEXT NOT NULL, mode_requested TEXT NOT NULL,"
    " stream_table_version INTEGER NOT NULL);"
    "CREATE TABLE run_files(run_id INTEGER NOT NULL REFERENCES runs(id), ord INTEGER NOT NULL,"
    " path TEXT NOT NULL, sha256 TEXT, PRIMARY KEY(run_id, ord));"
    "CREATE TABLE run_overrides(run_id INTEGER NOT NULL REFERENCES runs(id),"
    " ord INTEGER NOT NULL, override TEXT NOT NULL, PRIMARY KEY(run_id, ord));"
    "CREATE TABLE summary(run_id INTEGER NOT NULL REFERENCES runs(id), ord INTEGER NOT NULL,"
    " year INTEGER NOT NULL, metric TEXT NOT NULL, mean REAL, se REAL, sd REAL, p05 REAL,"
    " p25 REAL, p50 REAL, p75 REAL, p95 REAL, PRIMARY KEY(run_id, ord));"
    PARAMS_SQL;

static void msgf(char *err, size_t errlen, const char *path, const char *what, sqlite3 *db)
{
    if (err && errlen)
        snprintf(err, errlen, "run store %s: %s%s%s", path, what, db ? ": " : "",
                 db ? sqlite3_errmsg(db) : "");
}

/* Checks that db is a fundsim store: FS_OK; FS_EUSAGE (another file) with a
 * message; *empty = 1 for a file with no tables at all (a new store). */
static int check_store(sqlite3 *db, const char *path, int *empty, int *vers, char *err,
                       size_t errlen)
{
    sqlite3_stmt *q = NULL;
    int n = -1, version = -1, rc;

    *empty = 0;
    *vers = STORE_SCHEMA_VERSION;
    rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &q, NULL);
    if (rc == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    if (n < 0) {
        msgf(err, errlen, path, "not a fundsim run store (not an SQLite database)", NULL);
        return FS_EUSAGE;
    }
    if (n == 0) {
        *empty = 1;
        return FS_OK;
    }
    q = NULL;
    rc = sqlite3_prepare_v2(db,
                            "SELECT (SELECT value FROM meta WHERE key='format'),"
                            " (SELECT value FROM meta WHERE key='schema_version')",
                            -1, &q, NULL);
    if (rc == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW) {
        const unsigned char *fmt = sqlite3_column_text(q, 0);
        if (fmt && strcmp((const char *)fmt, STORE_FORMAT) == 0)
            version = sqlite3_column_int(q, 1);
    }
    sqlite3_finalize(q);
    if (version < 0) {
        msgf(err, errlen, path,
             "not a fundsim run store (an SQLite database without meta.format = " STORE_FORMAT
             ")",
             NULL);
        return FS_EUSAGE;
    }
    if (version != 1 && version != STORE_SCHEMA_VERSION) {
        if (err && errlen)
            snprintf(err, errlen, "run store %s: schema version %d, this fundsim reads 1 and %d",
                     path, version, STORE_SCHEMA_VERSION);
        return FS_EUSAGE;
    }
    *vers = version;
    return FS_OK;
}

/* Opens path (created when create) and checks it.  FS_OK, FS_EUSAGE or
 * FS_EIO; *db is to be closed in every case. */
static int open_store(const char *path, int create, sqlite3 **db, int *empty, char *err,
                      size_t errlen)
{
    int flags = create ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;

    int vers;

    *empty = 0;
    if (sqlite3_open_v2(path, db, flags, NULL) != SQLITE_OK) {
        msgf(err, errlen, path, "cannot open", *db);
        return create ? FS_EIO : FS_EUSAGE;
    }
    sqlite3_busy_timeout(*db, 10000);
    return create ? FS_OK : check_store(*db, path, empty, &vers, err, errlen);
}

static int exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? FS_OK : FS_EIO;
}

/* Binds x as a REAL, or NULL when it is not finite (an empty CSV field). */
static void bind_num(sqlite3_stmt *q, int i, double x)
{
    if (isfinite(x))
        sqlite3_bind_double(q, i, x);
    else
        sqlite3_bind_null(q, i);
}

/* Runs the prepared q once and resets it. */
static int step(sqlite3_stmt *q)
{
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return rc == SQLITE_DONE ? FS_OK : FS_EIO;
}

static int insert_run(sqlite3 *db, const fs_results *res, const fs_run_info *info,
                      sqlite3_int64 *id)
{
    sqlite3_stmt *q = NULL;
    char when[32], seed[32];
    time_t now = time(NULL);
    struct tm tm;
    int rc;

    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    snprintf(seed, sizeof seed, "%" PRIu64, res->seed);
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO runs(time, fundsim_version, git, scenario, seed,"
                           " replications, years, start_year, mode, mode_requested,"
                           " stream_table_version) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                           -1, &q, NULL) != SQLITE_OK)
        return FS_EIO;
    sqlite3_bind_text(q, 1, when, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, FS_VERSION, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, info->git ? info->git : "unknown", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, info->scenario_name ? info->scenario_name : res->scenario, -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(q, 5, seed, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(q, 6, res->replications);
    sqlite3_bind_int(q, 7, res->years);
    sqlite3_bind_int(q, 8, res->start_year);
    sqlite3_bind_text(q, 9, fs_mode_name(res->mode), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 10, fs_mode_name(res->mode_requested), -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 11, fs_stream_table_version());
    rc = step(q);
    sqlite3_finalize(q);
    *id = sqlite3_last_insert_rowid(db);
    return rc;
}

static int insert_files(sqlite3 *db, sqlite3_int64 id, const fs_file_list *fl)
{
    sqlite3_stmt *q = NULL;
    int rc = FS_OK;

    if (sqlite3_prepare_v2(db, "INSERT INTO run_files VALUES(?,?,?,?)", -1, &q, NULL) !=
        SQLITE_OK)
        return FS_EIO;
    for (size_t i = 0; i < fl->count && rc == FS_OK; i++) {
        sqlite3_bind_int64(q, 1, id);
        sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
        sqlite3_bind_text(q, 3, fl->files[i], -1, SQLITE_STATIC);
        if (fl->sha256 && fl->sha256[i])
            sqlite3_bind_text(q, 4, fl->sha256[i], -1, SQLITE_STATIC);
        rc = step(q);
    }
    sqlite3_finalize(q);
    q = NULL;
    if (rc != FS_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO run_overrides VALUES(?,?,?)", -1, &q, NULL) !=
            SQLITE_OK)
        return FS_EIO;
    for (size_t i = 0; i < fl->set_count && rc == FS_OK; i++) {
        sqlite3_bind_int64(q, 1, id);
        sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
        sqlite3_bind_text(q, 3, fl->sets[i], -1, SQLITE_STATIC);
        rc = step(q);
    }
    sqlite3_finalize(q);
    return rc;
}

static int insert_summary(sqlite3 *db, sqlite3_int64 id, const fs_results *res,
                          const fs_stat *stats)
{
    sqlite3_stmt *q = NULL;
    int rc = FS_OK, ord = 0;

    if (sqlite3_prepare_v2(db, "INSERT INTO summary VALUES(?,?,?,?,?,?,?,?,?,?,?,?)", -1, &q,
                           NULL) != SQLITE_OK)
        return FS_EIO;
    for (int y = 0; y < res->years && rc == FS_OK; y++)
        for (int m = 0; m < (int)FS_M_COUNT && rc == FS_OK; m++, ord++) {
            const fs_stat *st = &stats[(size_t)y * FS_M_COUNT + (size_t)m];
            sqlite3_bind_int64(q, 1, id);
            sqlite3_bind_int(q, 2, ord);
            sqlite3_bind_int(q, 3, res->start_year + y);
            sqlite3_bind_text(q, 4, fs_metric_name((fs_metric)m), -1, SQLITE_STATIC);
            bind_num(q, 5, st->mean);
            bind_num(q, 6, st->se);
            bind_num(q, 7, st->sd);
            bind_num(q, 8, st->p05);
            bind_num(q, 9, st->p25);
            bind_num(q, 10, st->p50);
            bind_num(q, 11, st->p75);
            bind_num(q, 12, st->p95);
            rc = step(q);
        }
    sqlite3_finalize(q);
    return rc;
}

/* Every resolved parameter of sc for each policy year of res. */
static int insert_params(sqlite3 *db, sqlite3_int64 id, const fs_results *res,
                         const fs_scenario *sc)
{
    sqlite3_stmt *q = NULL;
    int rc = FS_OK, ord = 0;

    if (!sc)
        return FS_OK;
    if (sqlite3_prepare_v2(db, "INSERT INTO run_params VALUES(?,?,?,?,?,?,?,?,?)", -1, &q,
                           NULL) != SQLITE_OK)
        return FS_EIO;
    for (size_t i = 0; i < fs_scenario_param_count(sc) && rc == FS_OK; i++)
        for (int y = 0; y < res->years && rc == FS_OK; y++, ord++) {
            fs_param_view v;
            int got = fs_scenario_param_get(sc, i, res->start_year + y, &v) == FS_OK;
            if (!got && fs_scenario_param_get(sc, i, res->start_year + res->years - 1, &v) != FS_OK)
                continue; /* no value in any year of the run: no path either */
            sqlite3_bind_int64(q, 1, id);
            sqlite3_bind_int(q, 2, ord);
            sqlite3_bind_text(q, 3, v.path, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(q, 4, res->start_year + y);
            if (got && v.is_text)
                sqlite3_bind_text(q, 6, v.text ? v.text : "", -1, SQLITE_TRANSIENT);
            else if (got)
                bind_num(q, 5, v.value);
            sqlite3_bind_text(q, 7, v.unit ? v.unit : "", -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(q, 8, v.ref ? v.ref : "", -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(q, 9, v.origin ? v.origin : "", -1, SQLITE_TRANSIENT);
            rc = step(q);
        }
    sqlite3_finalize(q);
    return rc;
}

int fs_out_store_check(const char *path, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    int empty, rc;
    FILE *f = fopen(path, "rb");

    if (!f)
        return FS_OK; /* created by fs_out_store_run (or it says why not) */
    fclose(f);
    rc = open_store(path, 0, &db, &empty, err, errlen);
    sqlite3_close(db);
    return rc;
}

int fs_out_store_run(const char *path, const fs_results *res, const fs_stat *stats,
                     const fs_run_info *info, long long *id, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    sqlite3_int64 rid = 0;
    int empty = 0, vers = STORE_SCHEMA_VERSION, rc;

    if (!path || !res || !stats || !info)
        return FS_EUSAGE;
    rc = open_store(path, 1, &db, &empty, err, errlen);
    if (rc == FS_OK && exec(db, "BEGIN IMMEDIATE") != FS_OK) {
        msgf(err, errlen, path, "cannot start a transaction", db);
        rc = sqlite3_errcode(db) == SQLITE_NOTADB ? FS_EUSAGE : FS_EIO;
        if (rc == FS_EUSAGE)
            msgf(err, errlen, path, "not a fundsim run store (not an SQLite database)", NULL);
        sqlite3_close(db);
        return rc;
    }
    if (rc == FS_OK)
        rc = check_store(db, path, &empty, &vers, err, errlen);
    if (rc == FS_OK && empty && exec(db, schema_sql) != FS_OK) {
        msgf(err, errlen, path, "cannot create the tables", db);
        rc = FS_EIO;
    }
    if (rc == FS_OK && !empty && vers == 1 && exec(db, upgrade_sql) != FS_OK) {
        msgf(err, errlen, path, "cannot upgrade the store to schema version 2", db);
        rc = FS_EIO;
    }
    if (rc == FS_OK) {
        rc = insert_run(db, res, info, &rid);
        if (rc == FS_OK)
            rc = insert_files(db, rid, &info->files);
        if (rc == FS_OK)
            rc = insert_summary(db, rid, res, stats);
        if (rc == FS_OK)
            rc = insert_params(db, rid, res, info->sc);
        if (rc == FS_OK)
            rc = exec(db, "COMMIT");
        if (rc != FS_OK)
            msgf(err, errlen, path, "cannot record the run", db);
    }
    if (rc != FS_OK)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    else if (id)
        *id = (long long)rid;
    sqlite3_close(db);
    return rc;
}

int fs_out_store_list(FILE *f, const char *path, char *err, size_t errlen)
{
    static const char *const head[] = {"id",   "time",  "scenario",
                                       "seed", "reps",  "years",
                                       "surplus_rate (first year, mean)"};
    static const size_t cap[] = {12, 20, 60, 20, 10, 6, 12};
    enum { NCOL = 7 };
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    char **cells = NULL;
    size_t n = 0, cellcap = 0;
    int empty, rc = open_store(path, 0, &db, &empty, err, errlen);

    if (rc == FS_OK && !empty &&
        sqlite3_prepare_v2(db,
                           "SELECT id, time, scenario, seed, replications, years,"
                           " (SELECT mean FROM summary s WHERE s.run_id = r.id AND"
                           "  s.metric = 'surplus_rate' ORDER BY s.year LIMIT 1)"
                           " FROM runs r ORDER BY id",
                           -1, &q, NULL) != SQLITE_OK) {
        msgf(err, errlen, path, "cannot read", db);
        rc = FS_EIO;
    }
    while (rc == FS_OK && q && sqlite3_step(q) == SQLITE_ROW) {
        if ((n + 1) * NCOL > cellcap) {
            size_t nc = cellcap ? 2 * cellcap : 16 * NCOL;
            char **p = realloc(cells, nc * sizeof *p);
            if (!p) {
                rc = FS_ENOMEM;
                break;
            }
            cells = p;
            cellcap = nc;
        }
        for (int c = 0; c < NCOL; c++) {
            char buf[64] = "";
            if (c == NCOL - 1) {
                if (sqlite3_column_type(q, c) != SQLITE_NULL)
                    snprintf(buf, sizeof buf, "%.4f", sqlite3_column_double(q, c));
            } else {
                const unsigned char *t = sqlite3_column_text(q, c);
                snprintf(buf, sizeof buf, "%s", t ? (const char *)t : "");
            }
            cells[n * NCOL + (size_t)c] = strdup(buf);
            if (!cells[n * NCOL + (size_t)c])
                rc = FS_ENOMEM;
        }
        n++;
    }
    sqlite3_finalize(q);
    if (rc == FS_OK)
        rc = fs_out_table(f, head, NCOL, cap, (const char *const *)cells, n);
    for (size_t i = 0; i < n * NCOL; i++)
        free(cells[i]);
    free(cells);
    sqlite3_close(db);
    return rc;
}

/* Writes ",<number>" of column c of q (empty for NULL), as summary.csv. */
static void col_field(FILE *f, sqlite3_stmt *q, int c)
{
    char buf[FS_OUT_NUMBUF] = "";

    if (sqlite3_column_type(q, c) != SQLITE_NULL)
        fs_out_format_double(sqlite3_column_double(q, c), buf, sizeof buf);
    putc(',', f);
    fputs(buf, f);
}

int fs_out_store_show(FILE *f, const char *path, long long id, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    int empty, found = 0, rc = open_store(path, 0, &db, &empty, err, errlen);

    if (rc == FS_OK && !empty &&
        sqlite3_prepare_v2(db, "SELECT scenario FROM runs WHERE id = ?", -1, &q, NULL) ==
            SQLITE_OK) {
        sqlite3_bind_int64(q, 1, id);
        found = sqlite3_step(q) == SQLITE_ROW;
    }
    if (rc == FS_OK && !found) {
        if (err && errlen)
            snprintf(err, errlen, "run store %s: no run with id %lld", path, id);
        rc = FS_EUSAGE;
    }
    if (rc == FS_OK) {
        sqlite3_stmt *s = NULL;
        const char *scen = (const char *)sqlite3_column_text(q, 0);
        if (sqlite3_prepare_v2(db,
                               "SELECT year, metric, mean, se, sd, p05, p25, p50, p75, p95"
                               " FROM summary WHERE run_id = ? ORDER BY ord",
                               -1, &s, NULL) != SQLITE_OK) {
            msgf(err, errlen, path, "cannot read", db);
            rc = FS_EIO;
        } else {
            sqlite3_bind_int64(s, 1, id);
            fputs(FS_OUT_SUMMARY_HEADER "\n", f);
            while (sqlite3_step(s) == SQLITE_ROW && !ferror(f)) {
                fs_out_csv_field(f, scen ? scen : "");
                fprintf(f, ",%d,%s", sqlite3_column_int(s, 0),
                        (const char *)sqlite3_column_text(s, 1));
                for (int c = 2; c < 10; c++)
                    col_field(f, s, c);
                putc('\n', f);
            }
            sqlite3_finalize(s);
            if (ferror(f))
                rc = FS_EIO;
        }
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    return rc;
}
