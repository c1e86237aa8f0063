/* output/stage.c -- the output directory as one unit (fs_output.h): a lock
 * that refuses a second writer, the clean-up of an interrupted command's
 * leftovers, files staged under hidden temporaries, and a commit of one or
 * more directories that puts every old file back if any step fails. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "fs_output.h"

#define LOCK_NAME ".fundsim.lock"
#define COMMIT_PREFIX ".fundsim.commit."

int fs_out_mkdir_p(const char *dir, char *err, size_t errlen)
{
    char p[FS_OUT_PATH_MAX];
    size_t len;
    struct stat sb;

    if (!dir || !dir[0]) {
        snprintf(err, errlen, "empty output directory name");
        return FS_EUSAGE;
    }
    len = strlen(dir);
    if (len >= sizeof p) {
        snprintf(err, errlen, "%s: path too long", dir);
        return FS_EIO;
    }
    memcpy(p, dir, len + 1);
    /* Create each prefix ending before a '/', then the whole path. */
    for (size_t i = 1; i <= len; i++) {
        if (i < len && p[i] != '/')
            continue;
        if (i < len && p[i - 1] == '/')
            continue; /* "a//b" */
        p[i] = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            snprintf(err, errlen, "cannot create directory %s: %s", p, strerror(errno));
            return FS_EIO;
        }
        if (i < len)
            p[i] = '/';
    }
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        snprintf(err, errlen, "%s: not a directory", dir);
        return FS_EIO;
    }
    return FS_OK;
}

/* dst = a b c d (any may be ""); 0, or -1 if it does not fit. */
static int join4(char *dst, size_t n, const char *a, const char *b, const char *c, const char *d)
{
    const char *parts[4] = {a, b, c, d};
    size_t k = 0;

    for (int i = 0; i < 4; i++) {
        size_t len = strlen(parts[i]);
        if (k + len >= n)
            return -1;
        memcpy(dst + k, parts[i], len);
        k += len;
    }
    dst[k] = '\0';
    return 0;
}

/* A name no other process (not even one with the same PID, as PID 1 in
 * every container) picks: "PID-RANDOM". */
static void new_token(char *buf, size_t n)
{
    static unsigned counter;
    unsigned r = 0;
    struct timespec ts;

    if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        clock_gettime(CLOCK_REALTIME, &ts);
        r = (unsigned)ts.tv_nsec ^ ((unsigned)ts.tv_sec << 11);
    }
    r ^= ++counter * 0x9e3779b9u;
    snprintf(buf, n, "%ld-%08x", (long)getpid(), r);
}

/* ------------------------------------------------------------------ */
/* The lock. */

/* The length of the shortest prefix of dir (ending before a '/' or at
 * the end) that does not exist, or 0 if dir exists. */
static int first_missing(const char *dir)
{
    char p[FS_OUT_PATH_MAX];
    size_t len = dir ? strlen(dir) : 0;
    struct stat sb;

    if (len == 0 || len >= sizeof p || stat(dir, &sb) == 0)
        return 0;
    memcpy(p, dir, len + 1);
    for (size_t i = 1; i < len; i++) {
        if (p[i] != '/' || p[i - 1] == '/')
            continue;
        p[i] = '\0';
        int missing = stat(p, &sb) != 0 && errno == ENOENT;
        p[i] = '/';
        if (missing)
            return (int)i;
    }
    return (int)len;
}

int fs_out_dir_lock(fs_out_lock *lk, const char *dir, char *err, size_t errlen)
{
    struct stat a, b;
    char pid[32];
    int rc;

    memset(lk, 0, sizeof *lk);
    lk->fd = -1;
    lk->made = first_missing(dir);
    rc = fs_out_mkdir_p(dir, err, errlen);
    if (rc != FS_OK)
        return rc;
    snprintf(lk->dir, sizeof lk->dir, "%s", dir);
    if (join4(lk->path, sizeof lk->path, dir, "/", LOCK_NAME, "") != 0) {
        snprintf(err, errlen, "%s: path too long", dir);
        return FS_EIO;
    }
    /* The holder removes the file before it unlocks: a lock taken on a
     * file that is no longer the one at the path is retried. */
    for (int tries = 0; tries < 100; tries++) {
        int fd = open(lk->path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
        if (fd < 0) {
            snprintf(err, errlen, "cannot create %s: %s", lk->path, strerror(errno));
            return FS_EIO;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            if (e == ENOLCK || e == EOPNOTSUPP || e == ENOSYS || e == EINVAL) {
                lk->fd = fd; /* a file system without locks: used unlocked */
                break;
            }
            if (e == EWOULDBLOCK) {
                ssize_t k = pread(fd, pid, sizeof pid - 1, 0);
                pid[k > 0 ? k : 0] = '\0';
                pid[strcspn(pid, "\n")] = '\0';
                snprintf(err, errlen,
                         "%s is in use by another fundsim%s%s%s: wait for it to finish, or "
                         "choose another --out",
                         dir, pid[0] ? " (pid " : "", pid, pid[0] ? ")" : "");
            } else {
                snprintf(err, errlen, "cannot lock %s: %s", lk->path, strerror(e));
            }
            close(fd);
            return FS_EIO;
        }
        if (fstat(fd, &a) == 0 && stat(lk->path, &b) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino) {
            lk->fd = fd;
            break;
        }
        close(fd);
    }
    if (lk->fd < 0) {
        snprintf(err, errlen, "cannot lock %s: the lock file keeps changing", lk->path);
        return FS_EIO;
    }
    snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(lk->fd, 0) != 0 || pwrite(lk->fd, pid, strlen(pid), 0) < 0) {
        snprintf(err, errlen, "cannot write %s: %s", lk->path, strerror(errno));
        fs_out_dir_unlock(lk, 1);
        return FS_EIO;
    }
    return FS_OK;
}

void fs_out_dir_unlock(fs_out_lock *lk, int failed)
{
    if (lk->fd < 0)
        return;
    unlink(lk->path); /* still locked: nobody takes the old file meanwhile */
    close(lk->fd);
    lk->fd = -1;
    /* Undo the mkdir -p: each directory it created, while empty. */
    for (size_t len = strlen(lk->dir); failed && lk->made > 0 && len >= (size_t)lk->made;) {
        if (rmdir(lk->dir) != 0)
            break;
        while (len > 0 && lk->dir[len - 1] != '/')
            len--;
        while (len > 0 && lk->dir[len - 1] == '/')
            len--;
        lk->dir[len] = '\0';
    }
}

/* ------------------------------------------------------------------ */
/* Leftovers of an interrupted command. */

/* Splits a hidden ".NAME.KIND.TOKEN" (KIND tmp, bak or new; TOKEN letters,
 * digits and '-'): 1 with 't', 'b' or 'n' in *kind, NAME in name and
 * TOKEN in *token; 0 if it is not one of ours. */
static int leftover(const char *ent, char *kind, char *name, size_t namen, const char **token)
{
    const char *dot = strrchr(ent, '.'), *k;
    size_t len;

    if (ent[0] != '.' || !dot || dot - ent < 6)
        return 0;
    k = dot - 4;
    if (k[0] != '.')
        return 0;
    if (memcmp(k + 1, "tmp", 3) == 0)
        *kind = 't';
    else if (memcmp(k + 1, "bak", 3) == 0)
        *kind = 'b';
    else if (memcmp(k + 1, "new", 3) == 0)
        *kind = 'n';
    else
        return 0;
    *token = dot + 1;
    if (!**token)
        return 0;
    for (const char *t = *token; *t; t++)
        if (!isalnum((unsigned char)*t) && *t != '-')
            return 0;
    len = (size_t)(k - ent - 1);
    if (len >= namen)
        return 0;
    memcpy(name, ent + 1, len);
    name[len] = '\0';
    return 1;
}

/* 1 if dir/.fundsim.commit.TOKEN exists. */
static int commit_open(const char *dir, const char *token)
{
    char p[FS_OUT_PATH_MAX];
    struct stat sb;
    return join4(p, sizeof p, dir, "/" COMMIT_PREFIX, token, "") == 0 && lstat(p, &sb) == 0;
}

int fs_out_dir_recover(const char *dir, const char *top, char *err, size_t errlen)
{
    char name[FS_OUT_PATH_MAX], p[FS_OUT_PATH_MAX], q[FS_OUT_PATH_MAX];
    const char *token;
    struct dirent *e;
    char kind;
    int rc = FS_OK;
    DIR *d = opendir(dir);

    if (!d) {
        snprintf(err, errlen, "cannot read %s: %s", dir, strerror(errno));
        return FS_EIO;
    }
    while ((e = readdir(d)) != NULL) {
        if (!leftover(e->d_name, &kind, name, sizeof name, &token))
            continue;
        if (join4(p, sizeof p, dir, "/", e->d_name, "") != 0 ||
            join4(q, sizeof q, dir, "/", name, "") != 0)
            continue;
        if (kind != 't' && commit_open(top ? top : dir, token)) { /* roll back */
            if (kind == 'b') {
                if (rename(p, q) != 0) {
                    snprintf(err, errlen, "cannot restore %s from %s: %s", q, p,
                             strerror(errno));
                    rc = FS_EIO;
                }
                continue;
            }
            if (kind == 'n' && unlink(q) != 0 && errno != ENOENT) {
                snprintf(err, errlen, "cannot remove %s: %s", q, strerror(errno));
                rc = FS_EIO;
                continue;
            }
        }
        if (unlink(p) != 0 && errno != ENOENT) {
            snprintf(err, errlen, "cannot remove the leftover %s: %s", p, strerror(errno));
            rc = FS_EIO;
        }
    }
    closedir(d);
    if (rc != FS_OK)
        return rc;
    /* Then the commit markers (the top's decided the others'). */
    d = opendir(dir);
    while (d && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, COMMIT_PREFIX, strlen(COMMIT_PREFIX)) != 0 ||
            join4(p, sizeof p, dir, "/", e->d_name, "") != 0)
            continue;
        if (unlink(p) != 0 && errno != ENOENT) {
            snprintf(err, errlen, "cannot remove the leftover %s: %s", p, strerror(errno));
            rc = FS_EIO;
        }
    }
    if (d)
        closedir(d);
    return rc;
}

/* Creates a new file dir/.name.tmp.TOKEN (O_EXCL, a fresh token on a
 * collision); its path in path. */
static int create_temp(const char *dir, const char *name, char *path, size_t n, int *fd,
                       char *err, size_t errlen)
{
    char token[48];
    for (int tries = 0; tries < 100; tries++) {
        new_token(token, sizeof token);
        if (join4(path, n, dir, "/.", name, ".tmp.") != 0 || strlen(path) + strlen(token) >= n) {
            snprintf(err, errlen, "%s/%s: path too long", dir, name);
            return FS_EIO;
        }
        strcat(path, token);
        /* O_EXCL|O_NOFOLLOW: never write through what someone planted. */
        *fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (*fd >= 0)
            return FS_OK;
        if (errno != EEXIST)
            break;
    }
    snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
    return FS_EIO;
}

int fs_out_dir_probe(const char *dir, char *err, size_t errlen)
{
    char path[FS_OUT_PATH_MAX];
    int fd, rc = create_temp(dir, "fundsim-probe", path, sizeof path, &fd, err, errlen);

    if (rc != FS_OK)
        return rc;
    if (write(fd, "\n", 1) != 1) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        rc = FS_EIO;
    }
    close(fd);
    if (unlink(path) != 0 && rc == FS_OK) {
        snprintf(err, errlen, "cannot remove %s: %s", path, strerror(errno));
        rc = FS_EIO;
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* Staging. */

static char temp_dir[FS_OUT_PATH_MAX];

void fs_out_set_temp_dir(const char *dir)
{
    snprintf(temp_dir, sizeof temp_dir, "%s", dir ? dir : "");
}

const char *fs_out_temp_dir(void)
{
    return temp_dir;
}

void fs_out_stage_init(fs_out_stage *st, const char *dir)
{
    memset(st, 0, sizeof *st);
    snprintf(st->dir, sizeof st->dir, "%s", dir);
}

FILE *fs_out_stage_open(fs_out_stage *st, const char *name, char *err, size_t errlen)
{
    size_t i = st->n;
    int fd;

    if (i >= FS_OUT_STAGE_MAX) {
        snprintf(err, errlen, "too many output files");
        return NULL;
    }
    if (join4(st->file[i].final, sizeof st->file[i].final, st->dir, "/", name, "") != 0) {
        snprintf(err, errlen, "%s/%s: path too long", st->dir, name);
        return NULL;
    }
    if (create_temp(st->dir, name, st->file[i].tmp, sizeof st->file[i].tmp, &fd, err, errlen) !=
        FS_OK)
        return NULL;
    st->file[i].f = fdopen(fd, "w");
    if (!st->file[i].f) {
        snprintf(err, errlen, "cannot open %s: %s", st->file[i].tmp, strerror(errno));
        close(fd);
        unlink(st->file[i].tmp);
        return NULL;
    }
    st->file[i].ok = 0;
    st->file[i].state = 0;
    st->n++;
    return st->file[i].f;
}

int fs_out_stage_close(fs_out_stage *st, FILE *f, char *err, size_t errlen)
{
    for (size_t i = 0; i < st->n; i++) {
        int bad = 0, e = 0;
        if (st->file[i].f != f || !f)
            continue;
        if (fflush(f) != 0 || ferror(f)) {
            bad = 1;
            e = errno;
        } else if (fsync(fileno(f)) != 0) {
            bad = 1;
            e = errno;
        }
        if (fclose(f) != 0 && !bad) {
            bad = 1;
            e = errno;
        }
        st->file[i].f = NULL;
        if (bad) {
            snprintf(err, errlen, "cannot write %s: %s", st->file[i].tmp,
                     e ? strerror(e) : "write error");
            return FS_EIO;
        }
        st->file[i].ok = 1;
        return FS_OK;
    }
    snprintf(err, errlen, "internal: stream not staged");
    return FS_EINTERNAL;
}

int fs_out_stage_remove(fs_out_stage *st, const char *name, char *err, size_t errlen)
{
    size_t i = st->n;
    if (i >= FS_OUT_STAGE_MAX) {
        snprintf(err, errlen, "too many output files");
        return FS_EINTERNAL;
    }
    if (join4(st->file[i].final, sizeof st->file[i].final, st->dir, "/", name, "") != 0) {
        snprintf(err, errlen, "%s/%s: path too long", st->dir, name);
        return FS_EIO;
    }
    st->file[i].tmp[0] = '\0';
    st->file[i].f = NULL;
    st->file[i].ok = 1;
    st->file[i].state = 0;
    st->n++;
    return FS_OK;
}

void fs_out_stage_abort(fs_out_stage *st)
{
    for (size_t i = 0; i < st->n; i++) {
        if (st->file[i].f) {
            fclose(st->file[i].f);
            st->file[i].f = NULL;
        }
        if (st->file[i].tmp[0])
            unlink(st->file[i].tmp);
        st->file[i].tmp[0] = '\0';
    }
    st->n = 0;
}

/* ------------------------------------------------------------------ */
/* The commit. */

enum { ASIDE = 1, NEWMARK = 2, IN = 4 }; /* file[].state bits */

static void fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* Phase 1 for one file: moves the old final aside (or marks the name as
 * new).  FS_OK or FS_EIO with a message. */
static int move_aside(fs_out_stage *st, size_t j, const char *token, char *err, size_t errlen)
{
    const char *final = st->file[j].final;
    const char *name = strrchr(final, '/') + 1;
    const char *kind = ".bak.";
    struct stat sb;
    int removal = !st->file[j].tmp[0];

    if (lstat(final, &sb) != 0) {
        if (errno != ENOENT) {
            snprintf(err, errlen, "cannot replace %s: %s", final, strerror(errno));
            return FS_EIO;
        }
        if (removal)
            return FS_OK;
        kind = ".new.";
    } else if (!S_ISREG(sb.st_mode) && !S_ISLNK(sb.st_mode)) {
        if (removal) /* not a file of ours: left alone */
            return FS_OK;
        snprintf(err, errlen, "cannot replace %s: it is %s", final,
                 S_ISDIR(sb.st_mode) ? "a directory" : "not a regular file");
        return FS_EIO;
    }
    if (join4(st->file[j].aside, sizeof st->file[j].aside, st->dir, "/.", name, kind) != 0 ||
        strlen(st->file[j].aside) + strlen(token) >= sizeof st->file[j].aside) {
        snprintf(err, errlen, "%s: path too long", final);
        return FS_EIO;
    }
    strcat(st->file[j].aside, token);
    if (kind[1] == 'n') {
        int fd = open(st->file[j].aside, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0) {
            snprintf(err, errlen, "cannot create %s: %s", st->file[j].aside, strerror(errno));
            return FS_EIO;
        }
        close(fd);
        st->file[j].state |= NEWMARK;
    } else {
        if (rename(final, st->file[j].aside) != 0) {
            snprintf(err, errlen, "cannot move %s aside: %s", final, strerror(errno));
            return FS_EIO;
        }
        st->file[j].state |= ASIDE;
    }
    return FS_OK;
}

/* Undoes phases 1 and 2 of every file; 0, or -1 if something could not
 * be put back (the commit markers then stay for the next recovery). */
static int roll_back(fs_out_stage *st, size_t n)
{
    int bad = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < st[i].n; j++) {
            int s = st[i].file[j].state;
            if ((s & ASIDE) && rename(st[i].file[j].aside, st[i].file[j].final) != 0)
                bad = 1; /* the new file (if IN) stays; the marker decides later */
            if ((s & NEWMARK) && (s & IN) && unlink(st[i].file[j].final) != 0 && errno != ENOENT)
                bad = 1; /* the marker stays: the next recovery removes the file */
            else if ((s & NEWMARK) && unlink(st[i].file[j].aside) != 0 && errno != ENOENT)
                bad = 1;
            st[i].file[j].state = 0;
        }
    return bad ? -1 : 0;
}

/* Creates (make) or removes the commit markers of st[0..n-1]. */
static int markers(fs_out_stage *st, size_t n, const char *token, int make, char *err,
                   size_t errlen)
{
    char p[FS_OUT_PATH_MAX];
    for (size_t k = n; k-- > 0;) { /* removing: the last (the commit point) first */
        size_t i = make ? n - 1 - k : k;
        if (join4(p, sizeof p, st[i].dir, "/" COMMIT_PREFIX, token, "") != 0) {
            snprintf(err, errlen, "%s: path too long", st[i].dir);
            return FS_EIO;
        }
        if (!make) {
            (void)unlink(p);
            continue;
        }
        int fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0) {
            snprintf(err, errlen, "cannot create %s: %s", p, strerror(errno));
            return FS_EIO;
        }
        close(fd);
        fsync_dir(st[i].dir);
    }
    return FS_OK;
}

/* Signals that would end the process between two renames.  Blocking
 * them (pthread_sigmask) covers the calling thread only: a process-
 * directed signal then goes to another thread (an idle OpenMP worker),
 * whose default action would end the process all the same.  So for the
 * commit each gets a handler that only records it (process-wide); the
 * old dispositions are restored after, and a recorded signal raised. */
static const int held_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define NHELD (sizeof held_signals / sizeof held_signals[0])
static volatile sig_atomic_t deferred_signal;

static void defer_signal(int sig)
{
    deferred_signal = sig;
}

static void hold_signals(sigset_t *oldmask, struct sigaction *oldact)
{
    struct sigaction sa;
    sigset_t block;

    sigemptyset(&block);
    for (size_t i = 0; i < NHELD; i++)
        sigaddset(&block, held_signals[i]);
    pthread_sigmask(SIG_BLOCK, &block, oldmask);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = defer_signal;
    sigfillset(&sa.sa_mask);
    deferred_signal = 0;
    for (size_t i = 0; i < NHELD; i++) {
        sigaction(held_signals[i], NULL, &oldact[i]);
        if (oldact[i].sa_handler != SIG_IGN) /* an ignored signal stays ignored */
            sigaction(held_signals[i], &sa, NULL);
    }
}

static void release_signals(const sigset_t *oldmask, const struct sigaction *oldact)
{
    int sig;
    for (size_t i = 0; i < NHELD; i++)
        sigaction(held_signals[i], &oldact[i], NULL);
    sig = deferred_signal;
    deferred_signal = 0;
    pthread_sigmask(SIG_SETMASK, oldmask, NULL); /* a pending one arrives now */
    if (sig)
        raise(sig);
}

int fs_out_commit(fs_out_stage *st, size_t n, char *err, size_t errlen)
{
    char token[48];
    sigset_t oldmask;
    struct sigaction oldact[NHELD];
    int rc = FS_OK, made = 0;

    if (n == 0)
        return FS_OK;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < st[i].n; j++)
            if (st[i].file[j].f || !st[i].file[j].ok) {
                snprintf(err, errlen, "%s was not written completely", st[i].file[j].final);
                rc = FS_EIO;
            }
    new_token(token, sizeof token);
    /* No SIGINT/SIGTERM/SIGHUP between two renames: they wait until the
     * commit is whole (or undone). */
    hold_signals(&oldmask, oldact);
    if (rc == FS_OK) {
        rc = markers(st, n, token, 1, err, errlen);
        made = 1;
    }
    for (size_t i = 0; i < n && rc == FS_OK; i++)
        for (size_t j = 0; j < st[i].n && rc == FS_OK; j++)
            rc = move_aside(&st[i], j, token, err, errlen);
    for (size_t i = 0; i < n && rc == FS_OK; i++)
        for (size_t j = 0; j < st[i].n && rc == FS_OK; j++) {
            if (!st[i].file[j].tmp[0])
                continue;
            if (rename(st[i].file[j].tmp, st[i].file[j].final) != 0) {
                snprintf(err, errlen, "cannot rename %s to %s: %s", st[i].file[j].tmp,
                         st[i].file[j].final, strerror(errno));
                rc = FS_EIO;
                break;
            }
            st[i].file[j].tmp[0] = '\0';
            st[i].file[j].state |= IN;
        }
    if (rc == FS_OK) {
        for (size_t i = 0; i < n; i++)
            fsync_dir(st[i].dir);
        (void)markers(st, n, token, 0, err, errlen); /* the commit point */
        fsync_dir(st[n - 1].dir);
    } else if (roll_back(st, n) == 0 && made) {
        (void)markers(st, n, token, 0, err, errlen);
    } else if (made) {
        size_t k = strlen(err);
        snprintf(err + k, errlen - k,
                 "; not every old file could be put back: the next fundsim writing to %s "
                 "restores them",
                 st[n - 1].dir);
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < st[i].n && rc == FS_OK; j++)
            if (st[i].file[j].state & (ASIDE | NEWMARK))
                (void)unlink(st[i].file[j].aside); /* else the next recovery does it */
        fs_out_stage_abort(&st[i]); /* the temporaries not renamed */
    }
    release_signals(&oldmask, oldact);
    return rc;
}

int fs_out_stage_commit(fs_out_stage *st, char *err, size_t errlen)
{
    return fs_out_commit(st, 1, err, errlen);
}
