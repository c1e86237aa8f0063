/* cli/args.c -- the options of the commands that run a scenario (args.h). */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "signals.h"

/* --mode: the names the library owns (fs_mode_name). */
static int parse_mode(const char *s, fs_mode *m)
{
    for (int i = FS_MODE_AUTO; i <= FS_MODE_SAMPLE; i++)
        if (strcmp(s, fs_mode_name((fs_mode)i)) == 0) {
            *m = (fs_mode)i;
            return 0;
        }
    return -1;
}

enum { CLI_FMT_CSV = 1, CLI_FMT_XLSX = 2, CLI_FMT_JSON = 4, CLI_FMT_HTML = 8 };

/* --format LIST: a comma-separated subset of csv, xlsx, json, html (repeatable:
 * the union).  CLI_OK or CLI_USAGE (printed). */
static int parse_format(const char *cmd, const char *arg, cli_run_args *a)
{
    static const struct {
        const char *name;
        unsigned bit;
    } fmts[] = {{"csv", CLI_FMT_CSV},
                {"xlsx", CLI_FMT_XLSX},
                {"json", CLI_FMT_JSON},
                {"html", CLI_FMT_HTML}};
    const char *p = arg;

    for (;;) {
        size_t n = strcspn(p, ",");
        size_t i = 0;
        while (i < sizeof fmts / sizeof fmts[0] &&
               !(strlen(fmts[i].name) == n && strncmp(p, fmts[i].name, n) == 0))
            i++;
        if (i == sizeof fmts / sizeof fmts[0]) {
            return cli_usage_error(cmd,
                                   "--format takes a comma-separated list of csv, xlsx, json, "
                                   "html; got '%s'",
                                   arg);
        }
        a->formats |= fmts[i].bit;
        if (!p[n])
            break;
        p += n + 1;
    }
    a->has_format = 1;
    return CLI_OK;
}

/* One option c with its argument; CLI_OK or CLI_USAGE (printed). */
static int parse_option(const char *cmd, int c, const char *arg, cli_run_args *a)
{
    switch (c) {
    case 'r':
        if (cli_parse_long(arg, 1, INT_MAX, &a->reps) != 0)
            return cli_usage_error(cmd, "--reps must be a whole number >= 1, got '%s'", arg);
        a->has_reps = 1;
        return CLI_OK;
    case 's':
        if (cli_parse_u64(arg, &a->seed) != 0)
            return cli_usage_error(
                cmd, "--seed must be a whole number in 0..18446744073709551615, got '%s'", arg);
        a->has_seed = 1;
        return CLI_OK;
    case 'y':
        if (cli_parse_long(arg, 1, FS_MAX_YEARS, &a->years) != 0)
            return cli_usage_error(cmd, "--years must be a whole number in 1..%d, got '%s'",
                                   FS_MAX_YEARS, arg);
        a->has_years = 1;
        return CLI_OK;
    case 'o':
        if (!arg[0])
            return cli_usage_error(cmd, "--out needs a directory name");
        a->out = arg;
        return CLI_OK;
    case 't':
        if (cli_parse_long(arg, 0, 4096, &a->threads) != 0)
            return cli_usage_error(
                cmd, "--threads must be a whole number in 0..4096 (0 = all cores), got '%s'", arg);
        a->has_threads = 1;
        return CLI_OK;
    case 'm':
        if (parse_mode(arg, &a->mode) != 0)
            return cli_usage_error(cmd, "--mode must be auto, exact or sample, got '%s'", arg);
        return CLI_OK;
    case 'S': a->sets[a->nsets++] = arg; return CLI_OK;
    case 'F': a->force = 1; return CLI_OK;
    case 'M': a->maximize = 1; return CLI_OK;
    case 'L': {
        char *end;
        a->tol = strtod(arg, &end);
        if (end == arg || *end || !(a->tol > 0.0) || !isfinite(a->tol))
            return cli_usage_error(cmd, "--tol must be a number > 0, got '%s'", arg);
        a->has_tol = 1;
        return CLI_OK;
    }
    case 'T': a->target = arg; return CLI_OK;
    case 'V':
        if (a->nvary >= 2)
            return cli_usage_error(cmd, "at most two --vary");
        a->vary[a->nvary++] = arg;
        return CLI_OK;
    case 'k': a->keep_reps = 1; return CLI_OK;
    case 'q': a->quiet = 1; return CLI_OK;
    case 'X': a->xlsx = 1; return CLI_OK;
    case 'E': a->excel_csv = 1; return CLI_OK;
    case 'f': return parse_format(cmd, arg, a);
    case 'D':
        if (!arg[0])
            return cli_usage_error(cmd, "--store needs a file name");
        a->store = arg;
        return CLI_OK;
    case 'C':
        if (!arg[0])
            return cli_usage_error(cmd, "--checkpoint needs a file name");
        a->checkpoint = arg;
        return CLI_OK;
    case 'I': {
        char *end;
        a->ckpt_every = strtod(arg, &end);
        if (end == arg || *end || !(a->ckpt_every > 0.0) || !(a->ckpt_every <= 86400.0))
            return cli_usage_error(cmd, "--checkpoint-every must be seconds in (0, 86400], got '%s'",
                                   arg);
        return CLI_OK;
    }
    case 'K': a->ckpt_keep = 1; return CLI_OK;
    case 'G':
        if (strcmp(arg, "zh") != 0 && strcmp(arg, "en") != 0)
            return cli_usage_error(cmd, "--lang must be zh or en, got '%s'", arg);
        a->lang_en = arg[0] == 'e';
        a->has_lang = 1;
        return CLI_OK;
    }
    return CLI_USAGE;
}

/* The positional arguments and what spec allows; CLI_OK or CLI_USAGE. */
static int check_args(const char *cmd, const cli_argspec *spec, int argc, char **argv,
                      cli_run_args *a)
{
    int n = argc - optind;
    if (n < spec->min_pos)
        return n == 0 ? cli_usage_error(cmd, "no scenario file given")
                      : cli_usage_error(cmd, "expected at least %d scenario files, got %d",
                                        spec->min_pos, n);
    if (spec->max_pos && n > spec->max_pos)
        return spec->max_pos == 1
                   ? cli_usage_error(cmd, "expected one scenario file, got %d arguments", n)
                   : cli_usage_error(cmd, "expected at most %d scenario files, got %d",
                                     spec->max_pos, n);
    if (a->nvary > spec->max_vary)
        return spec->max_vary ? cli_usage_error(cmd, "at most %d --vary", spec->max_vary)
                              : cli_usage_error(cmd, "--vary is an option of sweep and solve");
    if (!spec->target && (a->target || a->maximize || a->has_tol))
        return cli_usage_error(cmd, "--target, --max and --tol are options of solve");
    /* --format: csv only when listed; --xlsx adds xlsx; the default is csv. */
    a->csv = !a->has_format || (a->formats & CLI_FMT_CSV);
    a->xlsx = a->xlsx || (a->formats & CLI_FMT_XLSX);
    a->json = (a->formats & CLI_FMT_JSON) != 0;
    a->html = (a->formats & CLI_FMT_HTML) != 0;
    if (spec->no_json == 2 && (a->has_format || a->excel_csv))
        return cli_usage_error(cmd, "--format and --excel-csv are options of run, compare, "
                                    "sweep and solve");
    if (a->store && strcmp(cmd, "run") != 0)
        return cli_usage_error(cmd, "--store (the run store) is an option of run");
    if ((a->checkpoint || a->ckpt_every > 0.0 || a->ckpt_keep) && strcmp(cmd, "run") != 0)
        return cli_usage_error(cmd, "--checkpoint, --checkpoint-every and --checkpoint-keep are "
                                    "options of run");
    if ((a->ckpt_every > 0.0 || a->ckpt_keep) && !a->checkpoint)
        return cli_usage_error(cmd, "--checkpoint-every and --checkpoint-keep need --checkpoint FILE");
    if (a->has_lang && spec->no_json == 2)
        return cli_usage_error(cmd, "--lang (the language of the headline, report.html and the "
                                    "workbooks) is an option of run, compare, sweep and solve");
    a->paths = (const char **)(argv + optind);
    a->npaths = n;
    a->scenario = n > 0 ? argv[optind] : NULL;
    return CLI_OK;
}

int cli_parse_run_args(const char *cmd, const cli_argspec *spec, void (*usage)(FILE *), int argc,
                       char **argv, int full_argc, char **full_argv, cli_run_args *a)
{
    static const struct option opts[] = {
        {"reps", required_argument, NULL, 'r'},   {"seed", required_argument, NULL, 's'},
        {"years", required_argument, NULL, 'y'},  {"out", required_argument, NULL, 'o'},
        {"threads", required_argument, NULL, 't'}, {"mode", required_argument, NULL, 'm'},
        {"keep-reps", no_argument, NULL, 'k'},    {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},         {"xlsx", no_argument, NULL, 'X'},
        {"set", required_argument, NULL, 'S'},    {"force", no_argument, NULL, 'F'},
        {"vary", required_argument, NULL, 'V'},   {"target", required_argument, NULL, 'T'},
        {"max", no_argument, NULL, 'M'},          {"tol", required_argument, NULL, 'L'},
        {"excel-csv", no_argument, NULL, 'E'},    {"format", required_argument, NULL, 'f'},
        {"lang", required_argument, NULL, 'G'},   {"store", required_argument, NULL, 'D'},
        {"checkpoint", required_argument, NULL, 'C'},
        {"checkpoint-every", required_argument, NULL, 'I'},
        {"checkpoint-keep", no_argument, NULL, 'K'},
        {NULL, 0, NULL, 0}};
    int c;

    memset(a, 0, sizeof *a);
    a->mode = FS_MODE_AUTO;
    cli_signals_install(); /* every command that parses these options simulates */
    a->cmdline = malloc(((size_t)full_argc + 1) * sizeof *a->cmdline);
    a->sets = malloc(((size_t)argc + 1) * sizeof *a->sets);
    if (!a->cmdline || !a->sets) {
        fprintf(stderr, "fundsim %s: %s\n", cmd, fs_strerror(FS_ENOMEM));
        return CLI_FAIL;
    }
    memcpy(a->cmdline, full_argv, ((size_t)full_argc + 1) * sizeof *a->cmdline);
    a->cmdline_argc = full_argc;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":r:s:y:o:t:m:kqh", opts, NULL)) != -1) {
        if (c == 'h') {
            if (cli_rank == 0)
                usage(stdout);
            return -1;
        }
        if (c == ':')
            return cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
        if (c == '?')
            return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        if (parse_option(cmd, c, optarg, a) != CLI_OK)
            return CLI_USAGE;
    }
    return check_args(cmd, spec, argc, argv, a);
}

void cli_run_args_free(cli_run_args *a)
{
    free(a->cmdline);
    free(a->sets);
    a->cmdline = NULL;
    a->sets = NULL;
}

void cli_run_options(const cli_run_args *a, int total, fs_run_options *o)
{
    fs_run_options_init(o);
    o->replications = total;
    if (a->has_years)
        o->years = (int)a->years;
    if (a->has_seed) {
        o->seed = a->seed;
        o->has_seed = 1;
    }
    o->threads = a->has_threads ? (int)a->threads : 0;
    o->mode = a->mode;
    o->cancel = cli_cancel; /* SIGINT, SIGTERM (signals.h) */
}

/* The decimals of the number at s..end ("0.25": 2), -1 with an exponent. */
static int decimals_of(const char *s, const char *end)
{
    const char *dot = NULL;
    for (const char *p = s; p < end; p++) {
        if (*p == 'e' || *p == 'E')
            return -1;
        if (*p == '.')
            dot = p;
    }
    return dot ? (int)(end - dot - 1) : 0;
}

static void note_decimals(cli_vary *v, const char *s, const char *end)
{
    int d = decimals_of(s, end);
    if (d < 0 || v->decimals < 0)
        v->decimals = -1;
    else if (d > v->decimals)
        v->decimals = d > 15 ? 15 : d;
}

int cli_parse_vary(const char *cmd, const char *text, int with_step, cli_vary *v)
{
    const char *eq = strchr(text, '=');
    memset(v, 0, sizeof *v);
    v->op = "=";
    size_t plen = eq ? (size_t)(eq - text) : 0;
    if (eq && plen > 0 && (eq[-1] == '+' || eq[-1] == '*')) {
        v->op = eq[-1] == '+' ? "+=" : "*=";
        plen--;
    }
    if (!eq || plen == 0 || plen >= sizeof v->path)
        return cli_usage_error(cmd, "--vary must be PATH=FROM:TO%s (or PATH+= / PATH*=), got '%s'",
                               with_step ? ":STEP" : "", text);
    memcpy(v->path, text, plen);
    v->path[plen] = '\0';
    char *end;
    const char *p = eq + 1;
    v->from = strtod(p, &end);
    note_decimals(v, p, end);
    int ok = end != p && *end == ':';
    if (ok) {
        p = end + 1;
        v->to = strtod(p, &end);
        note_decimals(v, p, end);
        ok = end != p && (with_step ? *end == ':' : *end == '\0');
    }
    if (ok && with_step) {
        p = end + 1;
        v->step = strtod(p, &end);
        note_decimals(v, p, end);
        ok = end != p && *end == '\0' && v->step > 0 && isfinite(v->step);
    }
    if (!ok || !isfinite(v->from) || !isfinite(v->to) || v->to < v->from ||
        !isfinite(v->to - v->from))
        return cli_usage_error(cmd, "--vary must be PATH=FROM:TO%s with FROM <= TO%s, got '%s'",
                               with_step ? ":STEP" : "", with_step ? " and STEP > 0" : "", text);
    /* every point shares the horizon, the seed and the replications */
    if (!strncmp(v->path, "scenario.", 9) || !strncmp(v->path, "simulation.", 11) ||
        !strcmp(v->path, "scenario") || !strcmp(v->path, "simulation"))
        return cli_usage_error(cmd,
                               "--vary %s: scenario.* and simulation.* cannot vary (every run "
                               "shares the years, seed and replications: see --years, --seed, "
                               "--reps)",
                               v->path);
    return CLI_OK;
}

void cli_vary_set(const cli_vary *v, double x, char *buf, size_t n)
{
    char num[40];
    /* no exponent (5e+01) unless the number needs one: 50, 0.25 */
    for (int pass = 0, done = 0; pass < 2 && !done; pass++)
        for (int prec = 1; prec <= 17 && !done; prec++) {
            snprintf(num, sizeof num, "%.*g", prec, x);
            done = strtod(num, NULL) == x && (pass || !strchr(num, 'e'));
        }
    snprintf(buf, n, "%s%s%s", v->path, v->op, num);
}
