/* sim/fundsim.h -- the one public header of the fundsim engine library.
 *
 * fundsim projects a Chinese resident medical-insurance pooled fund
 * (城乡居民基本医疗保险统筹基金) year by year with Monte Carlo uncertainty.
 * The library knows nothing of output formats: it loads and validates a
 * scenario, runs replications into an in-memory results structure, and
 * summarises them.  Writers (output/) and the command line (sim/cli/) are
 * written against this header only.
 *
 * Conventions: every function returning int returns FS_OK (0) or an
 * FS_E* code.  Objects are opaque and freed by their *_free function,
 * which accepts NULL.  Money is in yuan (元) as double.
 */
#ifndef FUNDSIM_H
#define FUNDSIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define FS_NODISCARD __attribute__((warn_unused_result))
#else
#define FS_NODISCARD
#endif

#define FS_VERSION "0.1.0"

/* Status codes.  The CLI maps FS_ESCENARIO/FS_EUSAGE to exit code 2 and
 * everything else that is not FS_OK to exit code 1. */
enum {
    FS_OK = 0,
    FS_ENOMEM = 1,    /* out of memory */
    FS_EIO = 2,       /* a file could not be read or written */
    FS_ESCENARIO = 3, /* the scenario is invalid (see the diagnostics) */
    FS_ENUMERIC = 4,  /* a numerical failure during the run */
    FS_EUSAGE = 5,    /* bad arguments to a function or command */
    FS_EINTERNAL = 6  /* a broken invariant: a bug */
};

/* Returns a short English name of a status code ("scenario error", ...). */
const char *fs_strerror(int code);

/* Call once at start-up: turns GSL's abort-on-error handler off for the
 * whole process (GSL's handler is process-wide). */
void fs_init(void);

/* ------------------------------------------------------------------ */
/* Diagnostics: errors and warnings with a position in a scenario file. */

typedef enum { FS_DIAG_ERROR = 0, FS_DIAG_WARNING = 1, FS_DIAG_NOTE = 2 } fs_diag_kind;

typedef struct fs_diag {
    fs_diag_kind kind;
    char file[512];   /* scenario path as given ("" if none) */
    long line, column; /* 1-based; 0 = unknown */
    char path[256];   /* key path, e.g. benefits.inpatient.levels[1].ratio */
    char msg[512];    /* the message, without position or key path */
} fs_diag;

typedef struct fs_diags fs_diags; /* an append-only list of fs_diag */

fs_diags *fs_diags_alloc(void);
void fs_diags_free(fs_diags *d);
size_t fs_diags_count(const fs_diags *d);
size_t fs_diags_errors(const fs_diags *d);
const fs_diag *fs_diags_get(const fs_diags *d, size_t i);
/* Formats a diagnostic as one line, compiler-style, without newline:
 *   errors:   FILE:LINE:COL: PATH: MSG
 *   warnings: FILE:LINE:COL: warning: PATH: MSG
 *   notes:    FILE:LINE:COL: note: PATH: MSG
 * e.g. "scenarios/x.yaml:14:9: benefits.inpatient.levels[1].ratio: 1.7 is
 * not a share in [0,1]".  Parts that are unknown are left out.  Returns buf. */
char *fs_diag_format(const fs_diag *g, char *buf, size_t n);

/* ------------------------------------------------------------------ */
/* Scenarios. */

typedef struct fs_scenario fs_scenario;

/* Loads a scenario file, follows `extends:`, applies defaults, validates
 * every key and binds the values.  All problems in the file are appended
 * to diags (errors and warnings).  Returns FS_OK with *out set, or
 * FS_ESCENARIO (invalid), FS_EIO (cannot read), FS_ENOMEM; on failure
 * *out is NULL.  Thread-safe for distinct arguments. */
FS_NODISCARD int fs_scenario_load(const char *path, fs_scenario **out, fs_diags *diags);

/* Same, from a string in memory; `name` is used as the file name in
 * diagnostics and `extends:` is resolved relative to base_dir (may be NULL
 * for the working directory). */
FS_NODISCARD int fs_scenario_load_string(const char *name, const char *text, size_t len,
                                         const char *base_dir, fs_scenario **out,
                                         fs_diags *diags);

void fs_scenario_free(fs_scenario *sc);

const char *fs_scenario_name(const fs_scenario *sc);
int fs_scenario_start_year(const fs_scenario *sc);
int fs_scenario_years(const fs_scenario *sc);        /* default horizon */
int fs_scenario_replications(const fs_scenario *sc); /* default replications */
uint64_t fs_scenario_seed(const fs_scenario *sc);    /* default seed */
/* Files the scenario was built from (itself first, then what it extends,
 * then data files it reads), for provenance records. */
size_t fs_scenario_file_count(const fs_scenario *sc);
const char *fs_scenario_file(const fs_scenario *sc, size_t i);
/* SHA-256 (64 hex digits) of file i's bytes as the loader read them (for a
 * scenario loaded from a string: of the string); NULL if out of range. */
const char *fs_scenario_file_sha256(const fs_scenario *sc, size_t i);

/* One resolved parameter for `fundsim show`: its key path, its value for
 * the year asked (or, for non-numeric keys, its text), unit and source. */
typedef struct fs_param_view {
    const char *path;   /* e.g. financing.fiscal_subsidy */
    int is_text;        /* 1: value is in `text`; 0: in `value` */
    double value;
    const char *text;
    const char *unit;   /* "" if none */
    const char *ref;    /* "" if none: the notice and clause it came from */
    const char *origin; /* "file.yaml:12:5", "extends base.yaml:3:7" or "default" */
} fs_param_view;

/* Number of resolved parameters (after extends and defaults). */
size_t fs_scenario_param_count(const fs_scenario *sc);
/* Resolves parameter i for policy year `year`.  Returns FS_OK, or
 * FS_EUSAGE if year lies before the parameter's first dated value. */
FS_NODISCARD int fs_scenario_param_get(const fs_scenario *sc, size_t i, int year,
                                       fs_param_view *out);

/* ------------------------------------------------------------------ */
/* Runs and results. */

/* Metrics recorded per replication and year.  Append only: the order is
 * the order of rows in summary.csv.  Money in yuan, counts in persons. */
#define FS_METRICS(X)                                                        \
    X(ENROLLEES, "enrollees", "参保人数")                                    \
    X(INCOME_TOTAL, "income_total", "基金收入合计")                          \
    X(INCOME_INDIVIDUAL, "income_individual", "个人缴费")                    \
    X(INCOME_INDIVIDUAL_RESIDENT, "income_individual_resident", "个人实缴")  \
    X(INCOME_INDIVIDUAL_SUBSIDY, "income_individual_subsidy", "资助参保")    \
    X(INCOME_FISCAL, "income_fiscal", "财政补助")                            \
    X(INCOME_FISCAL_CENTRAL, "income_fiscal_central", "中央财政")            \
    X(INCOME_FISCAL_PROVINCIAL, "income_fiscal_provincial", "省级财政")      \
    X(INCOME_FISCAL_CITY, "income_fiscal_city", "市级财政")                  \
    X(INCOME_FISCAL_COUNTY, "income_fiscal_county", "县级财政")              \
    X(INCOME_INTEREST, "income_interest", "利息收入")                        \
    X(INCOME_OTHER, "income_other", "其他收入")                              \
    X(INCOME_TOPUP, "income_topup", "财政兜底")                              \
    X(SPEND_TOTAL, "spend_total", "基金支出合计")                            \
    X(SPEND_OUTPATIENT, "spend_outpatient", "普通门诊统筹")                  \
    X(SPEND_CHRONIC, "spend_chronic", "门诊慢特病")                          \
    X(SPEND_INPATIENT, "spend_inpatient", "住院")                            \
    X(SPEND_MATERNITY, "spend_maternity", "生育医疗费用")                    \
    X(SPEND_CRITICAL_PREMIUM, "spend_critical_premium", "大病保险保费")      \
    X(SURPLUS, "surplus", "当期结余")                                        \
    X(SURPLUS_RATE, "surplus_rate", "当期结余率")                            \
    X(BALANCE, "balance", "累计结余")                                        \
    X(MONTHS_COVERED, "months_covered", "可支付月数")                        \
    X(PROB_DEFICIT, "prob_deficit", "当期赤字概率")                          \
    X(PROB_DEPLETION, "prob_depletion", "累计结余耗尽概率")                  \
    X(PROB_RESERVE_LOW, "prob_reserve_low", "结余不足概率")                  \
    X(PROB_RESERVE_HIGH, "prob_reserve_high", "结余过多概率")                \
    X(OUTPATIENT_ACCOUNT_BOUND, "outpatient_account_bound", "门诊统筹限额触发") \
    X(CI_BENEFITS, "ci_benefits", "大病保险赔付")                            \
    X(CI_LOSS_RATIO, "ci_loss_ratio", "大病保险赔付率")                      \
    X(CI_CORRIDOR, "ci_corridor", "大病保险风险调节(入基金为正)")            \
    X(ASSIST_CONTRIB_SUBSIDY, "assist_contrib_subsidy", "医疗救助资助参保")  \
    X(ASSIST_BENEFITS, "assist_benefits", "医疗救助待遇")                    \
    X(ASSIST_TOTAL, "assist_total", "医疗救助合计")                          \
    X(OTHER_CONTRIB_SUBSIDY, "other_contrib_subsidy", "其他资金资助参保")    \
    X(PERSONS_AT_RISK, "persons_at_risk", "因病返贫致贫风险人数")            \
    X(OOP_MEAN, "oop_mean", "人均个人自付")                                  \
    X(EFFECTIVE_RATIO_INPATIENT, "effective_ratio_inpatient", "住院政策范围内实际报销比") \
    X(PER_CAPITA_INCOME, "per_capita_income", "人均筹资")                    \
    X(PER_CAPITA_SPEND, "per_capita_spend", "人均基金支出")

typedef enum {
#define FS_METRIC_ENUM(id, name, zh) FS_M_##id,
    FS_METRICS(FS_METRIC_ENUM)
#undef FS_METRIC_ENUM
    FS_M_COUNT
} fs_metric;

const char *fs_metric_name(fs_metric m);    /* "income_total" */
const char *fs_metric_label_zh(fs_metric m); /* "基金收入合计" */

/* How large populations are simulated. */
typedef enum {
    FS_MODE_AUTO = 0,  /* exact below the scenario's threshold, else sampled */
    FS_MODE_EXACT = 1, /* every enrollee-year simulated */
    FS_MODE_SAMPLE = 2 /* a weighted sample of persons per cell */
} fs_mode;

/* The mode the scenario asks for (simulation.mode). */
fs_mode fs_scenario_mode(const fs_scenario *sc);
/* "auto", "exact" or "sample" (the scenario language's words); "" if out
 * of range. */
const char *fs_mode_name(fs_mode m);

typedef struct fs_run_options {
    int replications; /* 0 = the scenario's */
    int years;        /* 0 = the scenario's */
    uint64_t seed;    /* used when has_seed */
    int has_seed;
    int threads;      /* 0 = all cores */
    fs_mode mode;
    int first_rep;    /* replications [first_rep, first_rep+rep_count) are */
    int rep_count;    /* computed; rep_count 0 = all (for MPI splitting)   */
} fs_run_options;

void fs_run_options_init(fs_run_options *o);

/* Quantities of the per-group-and-tier table (groups.csv), in column
 * order.  Append only. */
#define FS_GROUP_QUANTITIES(Q)                                               \
    Q(ENROLLEES, "enrollees")                                                \
    Q(INCOME_INDIVIDUAL, "income_individual")                                \
    Q(INCOME_INDIVIDUAL_SUBSIDY, "income_individual_subsidy")

typedef enum {
#define FS_GQ_ENUM(id, name) FS_GQ_##id,
    FS_GROUP_QUANTITIES(FS_GQ_ENUM)
#undef FS_GQ_ENUM
    FS_GQ_COUNT
} fs_group_quantity;

const char *fs_group_quantity_name(fs_group_quantity q); /* "enrollees"; "" if out of range */

/* Most groups of the table: the scenario's (at most 16) plus the implicit
 * ordinary residents; most tiers. */
#define FS_RESULTS_MAX_GROUPS 17
#define FS_RESULTS_MAX_TIERS 4
/* The name of the implicit ordinary-resident group in the table. */
#define FS_ORDINARY_GROUP_NAME "普通居民 ordinary"

/* The results of a run: one value per (replication, year, metric), plus
 * what the run was.  Transparent: writers read it directly. */
typedef struct fs_results {
    char scenario[128];
    int start_year;
    int years;
    int replications;   /* total replications of the run */
    int first_rep;      /* the slice held here (MPI): [first_rep, first_rep+rep_count) */
    int rep_count;
    uint64_t seed;
    fs_mode mode;       /* the mode actually used (never FS_MODE_AUTO) */
    double enrollee_years; /* simulated enrollee-years (for benchmarks) */
    double *values;     /* rep_count * years * FS_M_COUNT, index
                           ((r * years) + y) * FS_M_COUNT + m            */
    double sampling_rel_se; /* sample mode: mean over replication-years of the
                               estimated sampling sd of the fund's benefit
                               spending (outpatient + chronic + inpatient +
                               maternity) over that spending; 0 in exact mode
                               (docs/model.md §13).  The MPI driver averages the
                               ranks' values weighted by replications. */
    double initial_balance; /* the fund's balance at the start of start_year
                               (fund.initial_balance), yuan: the identity check
                               starts the balance recursion from it */
    /* Per group and tier (DOMAIN §7): groups 0..ngroups_out-1 are the
     * scenario's groups in order, then the ordinary residents
     * (FS_ORDINARY_GROUP_NAME); tiers are the scenario's.  gvalues holds
     * rep_count * years * ngroups_out * ntiers_out * FS_GQ_COUNT values, index
     * (((r * years + y) * ngroups_out + g) * ntiers_out + t) * FS_GQ_COUNT + k
     * (fs_results_gat).  Summed over groups and tiers, enrollees, income and
     * subsidy equal the metrics ENROLLEES, INCOME_INDIVIDUAL and
     * INCOME_INDIVIDUAL_SUBSIDY.  gvalues NULL and ngroups_out = ntiers_out = 0:
     * no table (e.g. a difference of runs with different groups or tiers). */
    int ngroups_out;
    int ntiers_out;
    char group_names[FS_RESULTS_MAX_GROUPS][64];
    char tier_names[FS_RESULTS_MAX_TIERS][64];
    double *gvalues;
} fs_results;

/* Values of the group table per replication (years * groups * tiers * K). */
static inline size_t fs_results_gper_rep(const fs_results *res)
{
    return (size_t)res->years * (size_t)res->ngroups_out * (size_t)res->ntiers_out * FS_GQ_COUNT;
}

static inline double *fs_results_gat(const fs_results *res, int rep, int year_index, int g, int t,
                                     fs_group_quantity k)
{
    return &res->gvalues[(((size_t)rep * (size_t)res->years + (size_t)year_index) *
                              (size_t)res->ngroups_out +
                          (size_t)g) *
                             (size_t)res->ntiers_out * FS_GQ_COUNT +
                         (size_t)t * FS_GQ_COUNT + (size_t)k];
}

static inline double *fs_results_at(const fs_results *res, int rep, int year_index, fs_metric m)
{
    return &res->values[((size_t)rep * (size_t)res->years + (size_t)year_index) * FS_M_COUNT +
                        (size_t)m];
}

/* Runs the scenario.  On success *out holds the results (free with
 * fs_results_free).  Errors: FS_EUSAGE (bad options, err filled),
 * FS_ESCENARIO (a dated parameter has no value for a simulated year; err
 * names it), FS_ENUMERIC, FS_ENOMEM.  `err` (may be NULL) receives a
 * message.  Thread-safe for distinct results; the replications run on
 * opt->threads OpenMP threads and the values do not depend on that number. */
FS_NODISCARD int fs_run(const fs_scenario *sc, const fs_run_options *opt, fs_results **out,
                        char *err, size_t errlen);

void fs_results_free(fs_results *res);

/* Version of the table of random-stream purposes (docs/model.md): results
 * with the same seed are comparable only under the same version. */
int fs_stream_table_version(void);

/* Summary across replications of one (year, metric). */
typedef struct fs_stat {
    double mean, se, sd, p05, p25, p50, p75, p95;
} fs_stat;

/* Computes the summary of every (year, metric) from the stored
 * per-replication values: mean, Monte Carlo standard error of the mean
 * (sd / sqrt(n)), sample sd, and percentiles (linear interpolation between
 * order statistics, GSL's gsl_stats_quantile_from_sorted_data).
 * stats must hold years * FS_M_COUNT entries, index y * FS_M_COUNT + m. */
FS_NODISCARD int fs_results_summarize(const fs_results *res, fs_stat *stats);

/* The same statistics for the group table: stats must hold
 * years * ngroups_out * ntiers_out * FS_GQ_COUNT entries, index
 * ((y * ngroups_out + g) * ntiers_out + t) * FS_GQ_COUNT + k.  FS_EUSAGE
 * if res has no group table. */
FS_NODISCARD int fs_results_summarize_groups(const fs_results *res, fs_stat *stats);

/* Paired difference of two runs made on common random numbers (the same
 * seed): *out gets, for every (replication, year, metric), the value of
 * alt minus the value of base, so fs_results_summarize on it gives the
 * distribution of the per-replication difference (its se, sd / sqrt(n),
 * is small when the runs share their random numbers).  Both must have the
 * same shape: years, rep_count, first_rep and start_year; otherwise
 * FS_EUSAGE with a message in err (may be NULL).  The result's scenario is
 * "ALT - BASE" (truncated to fit), its replications, seed and mode are
 * base's, and enrollee_years and sampling_rel_se are 0 (they describe a
 * run, not a difference).  The group table is differenced too when both
 * runs have one with the same groups and tiers (names included); otherwise
 * the difference has none (gvalues NULL).  A NaN in either run gives NaN.  Free *out with
 * fs_results_free.  Returns FS_OK, FS_EUSAGE or FS_ENOMEM (*out NULL on
 * failure). */
FS_NODISCARD int fs_results_diff(const fs_results *base, const fs_results *alt, fs_results **out,
                                 char *err, size_t errlen);

/* Checks the accounting identities in every replication and year
 * (income_total = sum of sources; spend_total = sum of lines; surplus;
 * balance recursion; individual = resident + subsidy; fiscal = sum of
 * levels; with a group table, enrollees, income_individual and
 * income_individual_subsidy = their sums over groups and tiers).  Returns FS_OK or FS_EINTERNAL with a message naming the first
 * failure.  Relative tolerance 1e-9. */
FS_NODISCARD int fs_results_check_identities(const fs_results *res, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif /* FUNDSIM_H */
