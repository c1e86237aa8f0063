/* cli/estimate.c -- memory and time of a run before it runs (estimate.h). */
#include "estimate.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "progress.h"

void cli_bytes_text(double b, char *buf, size_t n)
{
    static const char *const unit[] = {"bytes", "kB", "MB", "GB", "TB", "PB"};
    int u = 0;
    while (b >= 1000.0 && u < 5) {
        b /= 1000.0;
        u++;
    }
    snprintf(buf, n, u == 0 ? "%.0f %s" : "%.1f %s", b, unit[u]);
}

/* Bytes of memory available to this process; 0 if unknown. */
static double available(void)
{
    double avail = 0.0;
    FILE *f = fopen("/proc/meminfo", "r");
    char line[256];
    while (f && fgets(line, sizeof line, f)) {
        unsigned long long kb;
        if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1) {
            avail = (double)kb * 1024.0;
            break;
        }
    }
    if (f)
        fclose(f);
    if (avail <= 0.0) {
        long pages = sysconf(_SC_AVPHYS_PAGES), size = sysconf(_SC_PAGESIZE);
        if (pages > 0 && size > 0)
            avail = (double)pages * (double)size;
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        (avail <= 0.0 || (double)rl.rlim_cur < avail))
        avail = (double)rl.rlim_cur;
    return avail;
}

static void duration(double s, char *buf, size_t n)
{
    if (s < 90)
        snprintf(buf, n, "%.0f s", s < 1 ? 1.0 : s);
    else if (s < 5400)
        snprintf(buf, n, "%.0f min", s / 60);
    else
        snprintf(buf, n, "%.1f h", s / 3600);
}

int cli_estimate_check(const char *cmd, const fs_scenario *sc, const fs_run_options *o,
                       const cli_run_args *a, int show, fs_estimate *e, char *err, size_t errlen)
{
    char mem[32], avl[32], csv[64] = "", tm[32];
    int st = fs_run_estimate(sc, o, e, err, errlen);
    if (st != FS_OK)
        return st;
    long ncpu = a->has_threads && a->threads > 0 ? a->threads : sysconf(_SC_NPROCESSORS_ONLN);
    double threads = (double)(ncpu > 0 ? ncpu : 1) * (cli_ranks > 0 ? cli_ranks : 1);
    if (threads > e->replications)
        threads = e->replications;
    double wall = e->cpu_seconds / threads, avail = available();
    cli_bytes_text(e->bytes, mem, sizeof mem);
    duration(wall, tm, sizeof tm);
    if (a->keep_reps) { /* scenario,rep,year,metric,value: about 50 bytes a row */
        char b[32];
        cli_bytes_text((double)e->replications * e->years * FS_M_COUNT *
                           (50.0 + (double)strlen(fs_scenario_name(sc))),
                       b, sizeof b);
        snprintf(csv, sizeof csv, ", replications.csv about %s", b);
    }
    if (avail > 0.0 && e->bytes > avail) {
        cli_bytes_text(avail, avl, sizeof avl);
        cli_msgf(err, errlen,
                 "%d replications x %d years need about %s of memory for their results, more "
                 "than the %s available (%.0f bytes per replication%s; about %s of computing on "
                 "%.0f threads); use fewer --reps or --years",
                 e->replications, e->years, mem, avl, e->bytes_per_rep, csv, tm, threads);
        return FS_EUSAGE;
    }
    if (show && (wall > CLI_ESTIMATE_SHOW || e->bytes > 1e9) &&
        cli_progress_wanted(stderr, a->quiet))
        fprintf(stderr,
                "fundsim %s: estimate: %d replications x %d years (%s mode, %.0f persons a "
                "year), about %s in memory%s, about %s on %.0f threads\n",
                cmd, e->replications, e->years, fs_mode_name(e->mode), e->persons, mem, csv, tm,
                threads);
    return FS_OK;
}
