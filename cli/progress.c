/* cli/progress.c -- the progress line on a terminal (progress.h). */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

int cli_progress_wanted(FILE *f, int quiet)
{
    return !quiet && f && cli_rank == 0 && isatty(fileno(f));
}

/* "5 s", "3 min 05 s", "2 h 07 min". */
static void duration(double s, char *buf, size_t n)
{
    long t = s < 0 ? 0 : (long)(s + 0.5);
    if (t < 60)
        snprintf(buf, n, "%ld s", t);
    else if (t < 3600)
        snprintf(buf, n, "%ld min %02ld s", t / 60, t % 60);
    else
        snprintf(buf, n, "%ld h %02ld min", t / 3600, t % 3600 / 60);
}

void cli_progress_text(const cli_progress *p, int done, int total, double elapsed, char *buf,
                       size_t n)
{
    int k = snprintf(buf, n, "%s: %d/%d reps%s", p->label, done, total, p->share);
    if (k < 0 || (size_t)k >= n || done <= 0 || elapsed <= 0)
        return;
    double rate = done / elapsed;
    char eta[32];
    duration((total - done) / rate, eta, sizeof eta);
    snprintf(buf + k, n - (size_t)k, ", %.*f reps/s, ETA %s", rate < 10 ? 2 : rate < 100 ? 1 : 0,
             rate, eta);
}

static void draw(cli_progress *p, int done, int total, double now)
{
    char line[256];
    cli_progress_text(p, done, total, now - p->t0, line, sizeof line);
    int w = (int)strlen(line);
    /* \r, the line, blanks over what a longer earlier line left. */
    fprintf(p->f, "\r%s%*s", line, p->width > w ? p->width - w : 0, "");
    fflush(p->f);
    if (w > p->width)
        p->width = w;
    p->last = now;
}

void cli_progress_start(cli_progress *p, FILE *f, const char *label, int total)
{
    memset(p, 0, sizeof *p);
    p->f = f;
    snprintf(p->label, sizeof p->label, "%s", label);
    if (cli_ranks > 1)
        snprintf(p->share, sizeof p->share, " (rank 0 of %d)", cli_ranks);
    p->t0 = cli_now();
    if (p->f)
        draw(p, 0, total, p->t0);
}

void cli_progress_cb(int done, int total, void *ctx)
{
    cli_progress *p = ctx;
    if (!p || !p->f)
        return;
    double now = cli_now();
    if (done >= total) {
        /* The last one: erase the line (what the command prints next starts
         * on a clean line) and time the next fs_run with this ctx from here
         * (calibrate runs the scenario several times). */
        cli_progress_end(p);
        p->t0 = p->last = now;
        return;
    }
    if (now - p->last >= CLI_PROGRESS_PERIOD)
        draw(p, done, total, now);
}

void cli_progress_end(cli_progress *p)
{
    if (!p->f || p->width == 0)
        return;
    fprintf(p->f, "\r%*s\r", p->width, "");
    fflush(p->f);
    p->width = 0;
}
