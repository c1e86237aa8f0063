/* cli/checkpoint.c -- saving finished replications and resuming from them
 * (checkpoint.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkpoint.h"
#include "estimate.h"
#include "progress.h"
#include "provenance.h"
#include "signals.h"

#define CKPT_MAGIC "FSCKPT01"
#define CKPT_REC_MAGIC "FSCKREC1"
#define CKPT_ID_MAX (1u << 20) /* identity text: at most 1 MiB */
#define CKPT_REC_HEAD 32       /* magic + 6 int32 */

typedef struct ckpt {
    const char *path;
    char *id;      /* this run's identity text */
    size_t idlen;
    int fd;        /* open for reading, then appending; -1 */
    off_t end;     /* end of the header / the last whole record */
    int exists;    /* the file was there */
} ckpt;

/* ---------------------------------------------------------------- */
/* The identity of a run: one "key value" line per input. */

static int identity(const fs_scenario *sc, const cli_run_args *a, const fs_estimate *e, ckpt *c)
{
    fs_file_list fl;
    char *buf = NULL;
    size_t len = 0;
    FILE *f;
    const uint16_t one = 1;

    if (cli_file_list_of(sc, &fl) != FS_OK || !(f = open_memstream(&buf, &len))) {
        cli_file_list_free(&fl);
        return FS_ENOMEM;
    }
    fprintf(f, "format fundsim-checkpoint 1\nfundsim_version %s\ngenerator %s\n"
               "stream_table_version %d\nbyte_order %s-endian, %zu-byte doubles\nscenario %s\n",
            FS_VERSION, fs_generator_name(), fs_stream_table_version(),
            *(const unsigned char *)&one ? "little" : "big", sizeof(double),
            fs_scenario_name(sc));
    for (size_t i = 0; i < fl.count; i++)
        fprintf(f, "scenario_file %s %s\n", fl.sha256[i] ? fl.sha256[i] : "-", fl.files[i]);
    for (size_t i = 0; i < fl.set_count; i++) {
        fputs("override ", f);
        for (const char *p = fl.sets[i]; *p; p++) /* one line each */
            fputs(*p == '\n' ? "\\n" : (char[2]){*p, 0}, f);
        fputc('\n', f);
    }
    fprintf(f, "seed %llu\nreplications %d\nyears %d\nmode %s\n",
            (unsigned long long)(a->has_seed ? a->seed : fs_scenario_seed(sc)), e->replications,
            e->years, fs_mode_name(a->mode != FS_MODE_AUTO ? a->mode : fs_scenario_mode(sc)));
    int bad = ferror(f);
    fclose(f);
    cli_file_list_free(&fl);
    if (bad || !buf) {
        free(buf);
        return FS_ENOMEM;
    }
    c->id = buf;
    c->idlen = len;
    return FS_OK;
}

/* The value of a line as compared: a scenario file by its SHA-256 only
 * (the same file named by another path is the same input). */
static size_t cmp_len(const char *key, size_t keylen, const char *val, size_t vlen)
{
    if (keylen == 13 && !strncmp(key, "scenario_file", 13)) {
        const char *sp = memchr(val, ' ', vlen);
        return sp ? (size_t)(sp - val) : vlen;
    }
    return vlen;
}

/* All values of `key` in text, joined by "; ", into buf (compared part
 * only when cmp) -- for the message. */
static void values_of(const char *text, const char *key, size_t keylen, int cmp, char *buf,
                      size_t n)
{
    size_t k = 0;
    buf[0] = '\0';
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n'), *e = nl ? nl : p + strlen(p);
        const char *sp = memchr(p, ' ', (size_t)(e - p));
        if (sp && (size_t)(sp - p) == keylen && !strncmp(p, key, keylen)) {
            size_t vl = (size_t)(e - sp - 1);
            if (cmp)
                vl = cmp_len(key, keylen, sp + 1, vl);
            if (k + 3 < n)
                k += (size_t)snprintf(buf + k, n - k, "%s%.*s", k ? "; " : "", (int)vl, sp + 1);
        }
        p = nl ? nl + 1 : e;
    }
    if (!buf[0])
        snprintf(buf, n, "(none)");
}

/* Whether a line of text before `upto` has the key key[0..kl). */
static int has_key_before(const char *text, const char *upto, const char *key, size_t kl)
{
    for (const char *q = text; *q && q < upto;) {
        const char *qn = strchr(q, '\n');
        if (!strncmp(q, key, kl) && (q[kl] == ' ' || q[kl] == '\n' || q[kl] == '\0'))
            return 1;
        q = qn ? qn + 1 : q + strlen(q);
    }
    return 0;
}

/* FS_OK when the texts describe the same inputs; else FS_EUSAGE with the
 * keys that differ, each with its value there and here. */
static int same_identity(const ckpt *c, const char *old, char *err, size_t errlen)
{
    const char *old_end = old + strlen(old);
    size_t k = 0;
    err[0] = '\0';
    for (int pass = 0; pass < 2; pass++) { /* every key of either text, once */
        const char *t = pass ? c->id : old;
        for (const char *p = t; *p;) {
            const char *nl = strchr(p, '\n'), *e = nl ? nl : p + strlen(p);
            const char *sp = memchr(p, ' ', (size_t)(e - p));
            size_t kl = sp ? (size_t)(sp - p) : (size_t)(e - p);
            int seen = pass ? has_key_before(old, old_end, p, kl) || has_key_before(t, p, p, kl)
                            : has_key_before(t, p, p, kl);
            if (!seen && kl < 64) {
                char key[64], a1[600], a2[600];
                snprintf(key, sizeof key, "%.*s", (int)kl, p);
                values_of(old, key, kl, 1, a1, sizeof a1);
                values_of(c->id, key, kl, 1, a2, sizeof a2);
                if (strcmp(a1, a2) != 0 && k + 8 < errlen) {
                    values_of(old, key, kl, 0, a1, sizeof a1);
                    values_of(c->id, key, kl, 0, a2, sizeof a2);
                    int w = snprintf(err + k, errlen - k, "%s%s %s in the checkpoint, %s now",
                                     k ? "; " : "", key, a1, a2);
                    k = w > 0 && (size_t)w < errlen - k ? k + (size_t)w : errlen - 1;
                }
            }
            p = nl ? nl + 1 : e;
        }
    }
    return k ? FS_EUSAGE : FS_OK;
}

/* ---------------------------------------------------------------- */
/* The file. */

static int read_all(int fd, void *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, (char *)buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}

static int write_all(int fd, const void *buf, size_t n)
{
    size_t put = 0;
    while (put < n) {
        ssize_t w = write(fd, (const char *)buf + put, n - put);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        put += (size_t)w;
    }
    return 0;
}

/* Opens an existing FILE and checks its header against this run's
 * identity: FS_OK (c->exists: 1 with c->end after the header, or 0 when
 * there is no FILE), FS_EUSAGE (another run's checkpoint, or not a
 * checkpoint) or FS_EIO, with a message. */
static int open_existing(ckpt *c, char *err, size_t errlen)
{
    char magic[8];
    uint32_t L = 0;
    unsigned char sha[32], want[32];
    char *old = NULL;
    int rc = FS_OK;
    struct stat sb;

    c->fd = open(c->path, O_RDWR | O_CLOEXEC);
    if (c->fd < 0) {
        if (errno == ENOENT)
            return FS_OK;
        cli_msgf(err, errlen, "cannot open the checkpoint %s: %s", c->path, strerror(errno));
        return FS_EIO;
    }
    if (fstat(c->fd, &sb) != 0 || !S_ISREG(sb.st_mode) || read_all(c->fd, magic, 8) != 0 ||
        memcmp(magic, CKPT_MAGIC, 8) != 0 || read_all(c->fd, &L, 4) != 0 || L > CKPT_ID_MAX ||
        !(old = malloc((size_t)L + 1)) || read_all(c->fd, old, L) != 0 ||
        read_all(c->fd, sha, 32) != 0) {
        cli_msgf(err, errlen,
                 "%s exists and is not a fundsim checkpoint (or its header is damaged); "
                 "refusing to use or replace it",
                 c->path);
        rc = FS_EUSAGE;
    }
    if (rc == FS_OK) {
        old[L] = '\0';
        fs_sha256(old, L, want);
        if (memcmp(sha, want, 32) != 0 || strlen(old) != L) {
            cli_msgf(err, errlen, "the checkpoint %s has a damaged header; refusing to use it",
                     c->path);
            rc = FS_EUSAGE;
        }
    }
    if (rc == FS_OK) {
        char diff[1200];
        rc = same_identity(c, old, diff, sizeof diff);
        if (rc != FS_OK)
            cli_msgf(err, errlen,
                     "the checkpoint %s is of another run (%s); use another --checkpoint file, "
                     "or delete it to start afresh",
                     c->path, diff);
    }
    free(old);
    c->exists = 1;
    c->end = (off_t)(12 + L + 32);
    return rc;
}

/* Creates FILE holding only the header: a temporary beside it, fsync'ed,
 * renamed into place, the directory fsync'ed; then opened for appending. */
static int create(ckpt *c, char *err, size_t errlen)
{
    size_t n = strlen(c->path);
    char *tmp = malloc(n + 16), *dir = malloc(n + 2);
    unsigned char sha[32];
    uint32_t L = (uint32_t)c->idlen;
    int fd = -1, rc = FS_EIO;

    if (!tmp || !dir) {
        free(tmp);
        free(dir);
        cli_msgf(err, errlen, "%s", fs_strerror(FS_ENOMEM));
        return FS_ENOMEM;
    }
    snprintf(tmp, n + 16, "%s.tmp.XXXXXX", c->path);
    fs_sha256(c->id, c->idlen, sha);
    fd = mkstemp(tmp);
    if (fd >= 0 && write_all(fd, CKPT_MAGIC, 8) == 0 && write_all(fd, &L, 4) == 0 &&
        write_all(fd, c->id, c->idlen) == 0 && write_all(fd, sha, 32) == 0 && fsync(fd) == 0 &&
        close(fd) == 0) {
        fd = -1;
        if (rename(tmp, c->path) == 0)
            rc = FS_OK;
    }
    if (rc != FS_OK) {
        cli_msgf(err, errlen, "cannot create the checkpoint %s: %s", c->path, strerror(errno));
        if (fd >= 0)
            close(fd);
        unlink(tmp);
    } else {
        const char *slash = strrchr(c->path, '/');
        snprintf(dir, n + 2, "%.*s", slash ? (int)(slash - c->path) + 1 : 1,
                 slash ? c->path : ".");
        int dfd = open(dir, O_RDONLY | O_CLOEXEC);
        if (dfd >= 0) {
            fsync(dfd); /* the rename itself reaches the disk */
            close(dfd);
        }
        c->fd = open(c->path, O_RDWR | O_CLOEXEC);
        c->end = (off_t)(12 + c->idlen + 32);
        if (c->fd < 0) {
            cli_msgf(err, errlen, "cannot open the checkpoint %s: %s", c->path, strerror(errno));
            rc = FS_EIO;
        }
    }
    free(tmp);
    free(dir);
    return rc;
}

/* Locks FILE for this process (a POSIX record lock, released when the
 * process ends): two runs resuming one checkpoint at once would overwrite
 * each other's records.  FS_OK or FS_EIO with a message. */
static int lock(ckpt *c, char *err, size_t errlen)
{
    struct flock l;
    memset(&l, 0, sizeof l);
    l.l_type = F_WRLCK;
    l.l_whence = SEEK_SET;
    if (fcntl(c->fd, F_SETLK, &l) == 0)
        return FS_OK;
    if (errno == EACCES || errno == EAGAIN)
        cli_msgf(err, errlen, "the checkpoint %s is in use by another fundsim run", c->path);
    else
        cli_msgf(err, errlen, "cannot lock the checkpoint %s: %s", c->path, strerror(errno));
    return FS_EIO;
}

/* Reads the whole records after the header into all (replications from
 * 0 on, contiguous), their totals into tot and the largest thread count
 * into *threads; *done = replications loaded.  A record cut short or
 * damaged ends the reading (and is truncated away before the next
 * append).  FS_OK, or FS_ENOMEM. */
static int load_records(ckpt *c, fs_results *all, double *tot, int *threads, int *done,
                        int *dropped)
{
    const size_t nv = (size_t)all->years * FS_M_COUNT, ng = fs_results_gper_rep(all);
    *done = 0;
    *dropped = 0;
    if (lseek(c->fd, c->end, SEEK_SET) != c->end)
        return FS_OK;
    for (;;) {
        unsigned char head[CKPT_REC_HEAD], sha[32], want[32];
        int32_t h[6];
        if (read_all(c->fd, head, sizeof head) != 0)
            break; /* the end (or a header cut short) */
        memcpy(h, head + 8, sizeof h);
        if (memcmp(head, CKPT_REC_MAGIC, 8) != 0 || h[0] != *done || h[1] < 1 ||
            h[1] > all->rep_count - *done || h[3] != (int32_t)nv || h[4] != (int32_t)ng) {
            *dropped = 1;
            break;
        }
        size_t cnt = (size_t)h[1], bytes = sizeof head + cnt * (2 + nv + ng) * sizeof(double);
        unsigned char *rec = malloc(bytes);
        if (!rec)
            return FS_ENOMEM;
        memcpy(rec, head, sizeof head);
        if (read_all(c->fd, rec + sizeof head, bytes - sizeof head) != 0 ||
            read_all(c->fd, sha, 32) != 0) {
            free(rec);
            *dropped = 1;
            break;
        }
        fs_sha256(rec, bytes, want);
        if (memcmp(sha, want, 32) != 0) {
            free(rec);
            *dropped = 1;
            break;
        }
        const unsigned char *p = rec + sizeof head;
        memcpy(tot + 2 * (size_t)*done, p, 2 * cnt * sizeof(double));
        p += 2 * cnt * sizeof(double);
        memcpy(all->values + (size_t)*done * nv, p, cnt * nv * sizeof(double));
        p += cnt * nv * sizeof(double);
        memcpy(all->gvalues + (size_t)*done * ng, p, cnt * ng * sizeof(double));
        free(rec);
        if (h[2] > *threads)
            *threads = h[2];
        *done += (int)cnt;
        c->end += (off_t)(bytes + 32);
    }
    return FS_OK;
}

/* Appends the chunk [first, first+count) of all (threads: the chunk's)
 * as one record and fsyncs it.  FS_OK or FS_EIO with a message. */
static int append(ckpt *c, const fs_results *all, const double *tot, int first, int count,
                  int threads, char *err, size_t errlen)
{
    const size_t nv = (size_t)all->years * FS_M_COUNT, ng = fs_results_gper_rep(all);
    size_t cnt = (size_t)count, bytes = CKPT_REC_HEAD + cnt * (2 + nv + ng) * sizeof(double);
    unsigned char *rec = malloc(bytes + 32);
    int32_t h[6] = {first, count, threads, (int32_t)nv, (int32_t)ng, 0};

    if (!rec) {
        cli_msgf(err, errlen, "%s", fs_strerror(FS_ENOMEM));
        return FS_ENOMEM;
    }
    memcpy(rec, CKPT_REC_MAGIC, 8);
    memcpy(rec + 8, h, sizeof h);
    unsigned char *p = rec + CKPT_REC_HEAD;
    memcpy(p, tot + 2 * (size_t)first, 2 * cnt * sizeof(double));
    p += 2 * cnt * sizeof(double);
    memcpy(p, all->values + (size_t)first * nv, cnt * nv * sizeof(double));
    p += cnt * nv * sizeof(double);
    memcpy(p, all->gvalues + (size_t)first * ng, cnt * ng * sizeof(double));
    fs_sha256(rec, bytes, rec + bytes);
    /* Write at the end of the last whole record (a record cut short by an
     * earlier kill is overwritten and cut off). */
    int ok = lseek(c->fd, c->end, SEEK_SET) == c->end && write_all(c->fd, rec, bytes + 32) == 0 &&
             ftruncate(c->fd, c->end + (off_t)(bytes + 32)) == 0 && fsync(c->fd) == 0;
    free(rec);
    if (!ok) {
        cli_msgf(err, errlen, "cannot write the checkpoint %s: %s", c->path, strerror(errno));
        return FS_EIO;
    }
    c->end += (off_t)(bytes + 32);
    return FS_OK;
}

/* ---------------------------------------------------------------- */
/* The chunked run. */

typedef struct chunk_progress {
    cli_progress *pr;
    int base, total;
} chunk_progress;

static void chunk_cb(int done, int total, void *ctx)
{
    chunk_progress *cp = ctx;
    (void)total;
    cli_progress_cb(cp->base + done, cp->total, cp->pr);
}

/* Runs [first, first+count) into all (and tot); *threads: the chunk's. */
static int run_chunk(const fs_scenario *sc, const fs_run_options *base, fs_results *all,
                     double *tot, int first, int count, chunk_progress *cp, int *threads,
                     fs_results **keep, char *err, size_t errlen)
{
    fs_run_options o = *base;
    fs_results *r = NULL;
    o.first_rep = first;
    o.rep_count = count;
    o.rep_totals = tot + 2 * (size_t)first;
    o.progress = cp ? chunk_cb : NULL;
    o.progress_ctx = cp;
    if (cp)
        cp->base = first;
    int st = fs_run(sc, &o, &r, err, errlen);
    if (st != FS_OK)
        return st;
    *threads = r->threads;
    if (all) {
        size_t nv = (size_t)all->years * FS_M_COUNT, ng = fs_results_gper_rep(all);
        memcpy(all->values + (size_t)first * nv, r->values, (size_t)count * nv * sizeof(double));
        memcpy(all->gvalues + (size_t)first * ng, r->gvalues, (size_t)count * ng * sizeof(double));
    }
    if (keep)
        *keep = r;
    else
        fs_results_free(r);
    return FS_OK;
}

/* The whole run's totals, summed in replication order as fs_run does. */
static void finish(fs_results *all, const double *tot, int threads)
{
    all->enrollee_years = 0.0;
    all->sampling_rel_se = 0.0;
    for (int i = 0; i < all->rep_count; i++) {
        all->enrollee_years += tot[2 * (size_t)i];
        all->sampling_rel_se += tot[2 * (size_t)i + 1];
    }
    all->sampling_rel_se /= (double)all->rep_count * (double)all->years;
    all->threads = threads;
    all->first_rep = 0;
    all->replications = all->rep_count;
}

/* Replication 0, run again (the probe that gives the run's shape), must
 * equal the checkpoint's: the same inputs on another build could differ. */
static int same_rep0(const fs_results *all, const fs_results *r0, const double *tot,
                     const double *tot0)
{
    size_t nv = (size_t)all->years * FS_M_COUNT, ng = fs_results_gper_rep(all);
    return memcmp(all->values, r0->values, nv * sizeof(double)) == 0 &&
           memcmp(all->gvalues, r0->gvalues, ng * sizeof(double)) == 0 &&
           memcmp(tot, tot0, 2 * sizeof(double)) == 0;
}

/* The checkpointed run proper; FS_* status with a message in err. */
static int simulate(ckpt *c, const fs_scenario *sc, const cli_run_args *a, const fs_run_options *o,
                    int total, cli_progress *pr, fs_results **out, char *err, size_t errlen)
{
    fs_results *r0 = NULL, *all = NULL;
    double *tot = calloc(2 * (size_t)total, sizeof *tot), tot0[2];
    int threads = 0, th, done = 0, dropped = 0, st;
    chunk_progress cp = {pr, 0, total};

    if (!tot)
        return FS_ENOMEM;
    /* The probe: replication 0 alone gives the run's shape and info. */
    st = run_chunk(sc, o, NULL, tot0, 0, 1, &cp, &th, &r0, err, errlen);
    if (st == FS_OK && fs_results_alloc_aged(r0->years, total, r0->ngroups_out, r0->ntiers_out,
                                             r0->nage_bands, r0->age_band_lo, &all) != FS_OK)
        st = FS_ENOMEM;
    if (st == FS_OK) {
        fs_results_copy_info(all, r0);
        if (c->exists)
            st = load_records(c, all, tot, &threads, &done, &dropped);
        if (st == FS_OK && done > 0 && !same_rep0(all, r0, tot, tot0)) {
            cli_msgf(err, errlen,
                     "the checkpoint %s holds other values for replication 0 than this fundsim "
                     "computes (another build?); delete it to start afresh",
                     c->path);
            st = FS_EUSAGE;
        }
        if (st == FS_OK && !a->quiet && c->exists)
            fprintf(stderr, "fundsim run: resuming from %s: %d of %d replications done%s\n",
                    c->path, done, total,
                    dropped ? " (an incomplete last record, from an interrupted write, dropped)"
                            : "");
    }
    if (st == FS_OK && done == 0) { /* the probe is the first chunk */
        size_t nv = (size_t)all->years * FS_M_COUNT, ng = fs_results_gper_rep(all);
        memcpy(all->values, r0->values, nv * sizeof(double));
        memcpy(all->gvalues, r0->gvalues, ng * sizeof(double));
        memcpy(tot, tot0, sizeof tot0);
        threads = th;
        st = append(c, all, tot, 0, 1, th, err, errlen);
        done = 1;
    }
    fs_results_free(r0);
    /* The rest, in chunks of about a->ckpt_every seconds. */
    double every = a->ckpt_every > 0.0 ? a->ckpt_every : CLI_CKPT_EVERY;
    long ncpu = a->has_threads && a->threads > 0 ? a->threads : sysconf(_SC_NPROCESSORS_ONLN);
    int chunk = ncpu > 0 && ncpu < 4096 ? (int)ncpu : 1;
    while (st == FS_OK && done < total) {
        int count = chunk < total - done ? chunk : total - done;
        double t = cli_now();
        st = run_chunk(sc, o, all, tot, done, count, &cp, &th, NULL, err, errlen);
        if (st == FS_OK) {
            st = append(c, all, tot, done, count, th, err, errlen);
            threads = th > threads ? th : threads;
            done += count;
            double per = (cli_now() - t) / count; /* seconds per replication */
            double want = per > 0.0 ? every / per : 1e9;
            chunk = want > 1e6 ? 1000000 : want < 1.0 ? 1 : (int)want;
            if (ncpu > 1 && chunk % ncpu) /* whole rounds of the threads */
                chunk += (int)(ncpu - chunk % ncpu);
        } else if (st == FS_ECANCELED) {
            cli_msgf(err, errlen,
                     "interrupted by %s: %d of %d replications saved in %s; run the same command "
                     "to resume",
                     cli_signal_received() == SIGTERM ? "SIGTERM" : "SIGINT", done, total, c->path);
        }
    }
    if (st == FS_OK) {
        finish(all, tot, threads);
        *out = all;
    } else
        fs_results_free(all);
    free(tot);
    return st;
}

int cli_simulate_checkpointed(const char *cmd, const char *path, const fs_scenario *sc,
                              const cli_run_args *a, int total, cli_sim *sim)
{
    ckpt c = {a->checkpoint, NULL, 0, -1, 0, 0};
    fs_run_options opt;
    fs_estimate e;
    char msg[2048], err[1600];
    int st;

    memset(sim, 0, sizeof *sim);
    cli_run_options(a, total, &opt);
    msg[0] = err[0] = '\0';
    st = cli_estimate_check(cmd, sc, &opt, a, 1, &e, err, sizeof err);
    if (st == FS_OK)
        st = identity(sc, a, &e, &c) == FS_OK ? FS_OK : FS_ENOMEM;
    if (st == FS_OK)
        st = open_existing(&c, err, sizeof err);
    if (st == FS_OK && !c.exists)
        st = create(&c, err, sizeof err);
    if (st == FS_OK)
        st = lock(&c, err, sizeof err);
    if (st == FS_OK) {
        cli_progress pr;
        char label[160];
        const char *base = strrchr(path, '/');
        snprintf(label, sizeof label, "fundsim %s: %s", cmd, base ? base + 1 : path);
        cli_progress_start(&pr, cli_progress_wanted(stderr, a->quiet) ? stderr : NULL, label,
                           total);
        st = simulate(&c, sc, a, &opt, total, &pr, &sim->mine, err, sizeof err);
        cli_progress_end(&pr);
    }
    if (c.fd >= 0)
        close(c.fd);
    free(c.id);
    if (st != FS_OK)
        cli_msgf(msg, sizeof msg, "%s: %s%s%s", path,
                 st == FS_EUSAGE || st == FS_EIO || st == FS_ECANCELED ? "" : fs_strerror(st),
                 st == FS_EUSAGE || st == FS_EIO || st == FS_ECANCELED || !err[0] ? "" : ": ",
                 err);
    int code = cli_agree(cmd, cli_exit_code(st), msg);
    if (code != CLI_OK)
        return code;
    /* Accounting identities, as cli_simulate checks them. */
    st = fs_results_check_identities(sim->mine, err, sizeof err);
    if (st != FS_OK)
        cli_msgf(msg, sizeof msg, "%s: accounting identity violated (a bug): %s", path, err);
    code = cli_agree(cmd, st == FS_OK ? CLI_OK : CLI_FAIL, msg);
    sim->res = sim->mine;
    return code;
}

int cli_checkpoint_done(const cli_run_args *a, char *err, size_t errlen)
{
    if (!a->checkpoint || a->ckpt_keep)
        return FS_OK;
    if (unlink(a->checkpoint) != 0 && errno != ENOENT) {
        cli_msgf(err, errlen, "cannot remove the checkpoint %s: %s", a->checkpoint,
                 strerror(errno));
        return FS_EIO;
    }
    return FS_OK;
}
