/* cli/outdir.c -- the output directories of a command (outdir.h). */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "outdir.h"
#include "outputs.h"

int cli_outdir_open(cli_outdir *o, const char *const *dirs, size_t n, char *err, size_t errlen)
{
    int rc = FS_OK;

    memset(o, 0, sizeof *o);
    if (n == 0)
        return FS_OK;
    o->lk = calloc(n, sizeof *o->lk);
    if (!o->lk) {
        cli_msgf(err, errlen, "%s", fs_strerror(FS_ENOMEM));
        return FS_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        o->lk[i].fd = -1;
    /* The top first: it holds the others. */
    for (size_t i = 0; i < n && rc == FS_OK; i++) {
        rc = fs_out_dir_lock(&o->lk[i], dirs[(n - 1 + i) % n], err, errlen);
        o->n = i + 1;
    }
    /* The top's commit markers decide for every directory: the others
     * are recovered before the top's markers go. */
    for (size_t i = 1; i < n && rc == FS_OK; i++)
        rc = fs_out_dir_recover(o->lk[i].dir, o->lk[0].dir, err, errlen);
    if (rc == FS_OK)
        rc = fs_out_dir_recover(o->lk[0].dir, NULL, err, errlen);
    for (size_t i = 0; i < n && rc == FS_OK; i++)
        rc = fs_out_dir_probe(o->lk[i].dir, err, errlen);
    if (rc != FS_OK) {
        cli_outdir_close(o, 1);
        return rc;
    }
    fs_out_set_temp_dir(o->lk[0].dir);
    return FS_OK;
}

void cli_outdir_close(cli_outdir *o, int failed)
{
    if (!o->lk)
        return;
    fs_out_set_temp_dir(NULL);
    for (size_t i = o->n; i-- > 0;)
        fs_out_dir_unlock(&o->lk[i], failed);
    free(o->lk);
    o->lk = NULL;
    o->n = 0;
}

int cli_outdir_open_one(cli_outdir *o, const char *out, const char *kind, const char *scenario,
                        const char *record, int force, char *dir, size_t dirn, char *err,
                        size_t errlen)
{
    const char *dirs[1] = {dir};
    char name[200];
    int rc;

    if (out) {
        snprintf(dir, dirn, "%s", out);
    } else {
        snprintf(name, sizeof name, "%.16s-%.180s", kind, scenario);
        cli_default_dir(name, dir, dirn);
    }
    rc = cli_outdir_open(o, dirs, 1, err, errlen);
    if (rc == FS_OK)
        rc = cli_check_owner(dir, scenario, record, force, err, errlen);
    if (rc != FS_OK)
        cli_outdir_close(o, 1);
    return rc;
}
