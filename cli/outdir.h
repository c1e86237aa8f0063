/* cli/outdir.h -- the output directories of a command, held from before
 * the simulation until after the commit (output/stage.c): created,
 * locked against a second fundsim, cleaned of an interrupted command's
 * leftovers and probed for writing, so that a bad --out fails at once. */
#ifndef FS_CLI_OUTDIR_H
#define FS_CLI_OUTDIR_H

#include <stddef.h>

#include "fs_output.h"

typedef struct cli_outdir {
    size_t n;
    fs_out_lock *lk; /* n locks, the top's first */
} cli_outdir;

/* Takes dirs[0..n-1], dirs[n-1] being the top (compare's folder around
 * base/ and alt/; for the other commands n is 1): each is created and
 * locked (the top first), the leftovers are removed (an interrupted
 * commit is rolled back or finished as the top's commit marker says), a
 * probe file is written and removed, and the workbook writers' temporary
 * goes into the top.  FS_OK, or FS_EIO / FS_EUSAGE / FS_ENOMEM with a
 * message in err and nothing held. */
int cli_outdir_open(cli_outdir *o, const char *const *dirs, size_t n, char *err, size_t errlen);

/* The one directory of sweep, solve or calibrate: `out` (--out) or
 * results/KIND-SCENARIO (cli_default_dir) into dir, opened as above and
 * not holding another scenario's results (`record` names them: its
 * "scenario") unless force.  On failure nothing is held. */
int cli_outdir_open_one(cli_outdir *o, const char *out, const char *kind, const char *scenario,
                        const char *record, int force, char *dir, size_t dirn, char *err,
                        size_t errlen);

/* Releases what cli_outdir_open took (safe when it failed or was never
 * called on a zeroed o); with `failed`, directories it created and that
 * are still empty are removed. */
void cli_outdir_close(cli_outdir *o, int failed);

#endif /* FS_CLI_OUTDIR_H */
