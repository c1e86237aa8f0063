/* cli/common.c -- what every fundsim command shares (common.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "signals.h"
#include "fs_git.h" /* generated at build time: FUNDSIM_GIT */

int cli_rank = 0, cli_ranks = 1;

int cli_exit_code(int fs_status)
{
    switch (fs_status) {
    case FS_OK: return CLI_OK;
    case FS_ESCENARIO:
    case FS_EUSAGE: return CLI_USAGE;
    case FS_ECANCELED: return cli_signal_exit_code(); /* 130 SIGINT, 143 SIGTERM */
    default: return CLI_FAIL;
    }
}

int cli_parse_long(const char *s, long min, long max, long *out)
{
    char *end;
    long v;

    if (!s || !*s || isspace((unsigned char)*s) || *s == '+')
        return -1;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int cli_parse_u64(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if (!s || !isdigit((unsigned char)*s)) /* strtoull accepts "-1" */
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0')
        return -1;
    *out = (uint64_t)v;
    return 0;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    if (cli_rank != 0)
        return CLI_USAGE;
    fprintf(stderr, "fundsim%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'fundsim %s%s--help' for more information.\n", cmd ? cmd : "",
            cmd ? " " : "");
    return CLI_USAGE;
}

void cli_msgf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, n, fmt, ap);
    va_end(ap);
}

void cli_print_diags(const fs_diags *d)
{
    char line[2048];
    size_t n = d ? fs_diags_count(d) : 0;

    for (size_t i = 0; i < n; i++) {
        const fs_diag *g = fs_diags_get(d, i);
        if (g)
            fprintf(stderr, "%s\n", fs_diag_format(g, line, sizeof line));
    }
}

int cli_load_scenario(const char *path, const char *const *sets, size_t nsets, fs_scenario **sc,
                      fs_diags **d, char *msg, size_t n)
{
    int st;

    *sc = NULL;
    *d = fs_diags_alloc();
    if (!*d) {
        cli_msgf(msg, n, "%s: %s", path, fs_strerror(FS_ENOMEM));
        return FS_ENOMEM;
    }
    st = fs_scenario_load_with(path, sets, nsets, sc, *d);
    if (cli_rank == 0)
        cli_print_diags(*d);
    if (st == FS_OK && fs_diags_errors(*d) > 0) { /* the loader broke its contract */
        fs_scenario_free(*sc);
        *sc = NULL;
        st = FS_ESCENARIO;
    }
    if (st != FS_OK)
        cli_msgf(msg, n, "%s: %s", path, st == FS_ESCENARIO ? "invalid scenario" : fs_strerror(st));
    return st;
}

double cli_now(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* results/<name>, with characters that would leave results/ or confuse
 * a shell replaced by '_'. */
void cli_default_dir(const char *name, char *dir, size_t n)
{
    size_t k;

    snprintf(dir, n, "results/%s", name && name[0] ? name : "_");
    for (k = strlen("results/"); dir[k]; k++)
        if (dir[k] == '/' || dir[k] == '\\' || (unsigned char)dir[k] < 0x20)
            dir[k] = '_';
    if (!strcmp(dir, "results/.") || !strcmp(dir, "results/.."))
        snprintf(dir, n, "results/_");
}

const char *cli_git(void)
{
    return FUNDSIM_GIT;
}

/* The path of `file` relative to the directory `dir` (both must exist),
 * for the extends: of solved.yaml and calibrated.yaml; the absolute path
 * if either cannot be resolved. */
void cli_relative_to(const char *file, const char *dir, char *buf, size_t n)
{
    char *f = realpath(file, NULL), *d = realpath(dir, NULL);
    if (!f || !d) {
        snprintf(buf, n, "%s", f ? f : file);
        free(f);
        free(d);
        return;
    }
    /* common: the '/' ending the longest directory prefix of both */
    size_t common = 0, ups = 0, k = 0;
    for (size_t i = 0;; i++) {
        if (d[i] == '\0') {
            if (f[i] == '/')
                common = i;
            break;
        }
        if (f[i] != d[i])
            break;
        if (d[i] == '/')
            common = i;
    }
    for (size_t i = common; d[i] && d[1]; i++) /* d[1]: "/" has no component */
        ups += d[i] == '/';
    buf[0] = '\0';
    for (size_t i = 0; i < ups && k + 4 < n; i++)
        k += (size_t)snprintf(buf + k, n - k, "../");
    snprintf(buf + k, n - k, "%s", f + common + 1);
    free(f);
    free(d);
}
