/* output/stage.c -- the all-or-nothing output directory: write every file
 * to a hidden temporary, fsync it, and rename them into place only when
 * all of them were written. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "fs_output.h"

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

void fs_out_stage_init(fs_out_stage *st, const char *dir)
{
    memset(st, 0, sizeof *st);
    snprintf(st->dir, sizeof st->dir, "%s", dir);
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

FILE *fs_out_stage_open(fs_out_stage *st, const char *name, char *err, size_t errlen)
{
    size_t i = st->n;
    char suffix[48];

    if (i >= FS_OUT_STAGE_MAX) {
        snprintf(err, errlen, "too many output files");
        return NULL;
    }
    snprintf(suffix, sizeof suffix, ".tmp.%ld", (long)getpid());
    if (join4(st->file[i].final, sizeof st->file[i].final, st->dir, "/", name, "") != 0 ||
        join4(st->file[i].tmp, sizeof st->file[i].tmp, st->dir, "/.", name, suffix) != 0) {
        snprintf(err, errlen, "%s/%s: path too long", st->dir, name);
        return NULL;
    }
    /* "x": fail rather than clobber a temporary someone else owns. */
    st->file[i].f = fopen(st->file[i].tmp, "wx");
    if (!st->file[i].f) {
        snprintf(err, errlen, "cannot create %s: %s", st->file[i].tmp, strerror(errno));
        return NULL;
    }
    st->file[i].ok = 0;
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

int fs_out_stage_commit(fs_out_stage *st, char *err, size_t errlen)
{
    int fd;

    for (size_t i = 0; i < st->n; i++)
        if (st->file[i].f || !st->file[i].ok) {
            snprintf(err, errlen, "%s was not written completely", st->file[i].final);
            fs_out_stage_abort(st);
            return FS_EIO;
        }
    for (size_t i = 0; i < st->n; i++) {
        if (rename(st->file[i].tmp, st->file[i].final) != 0) {
            snprintf(err, errlen, "cannot rename %s to %s: %s", st->file[i].tmp,
                     st->file[i].final, strerror(errno));
            fs_out_stage_abort(st); /* removes the temporaries not yet renamed */
            return FS_EIO;
        }
        st->file[i].tmp[0] = '\0';
    }
    /* Make the renames durable. */
    fd = open(st->dir, O_RDONLY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    st->n = 0;
    return FS_OK;
}
