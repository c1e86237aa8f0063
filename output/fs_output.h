/* output/fs_output.h -- writers for fundsim results (CSV, JSON, Excel,
 * the `show` table) and the all-or-nothing output directory.
 *
 * The writers see only include/fundsim.h.  Each writer formats to a caller-
 * owned FILE* and returns FS_OK or FS_EIO (a write failed; the stream's
 * error flag is set).  None of them closes the stream.
 *
 * Number format (summary.csv, replications.csv, run.json).  Every finite
 * double is printed as the SHORTEST decimal that reads back as the same
 * double (tried with 1..17 significant digits), written out in plain
 * positional notation: never an exponent, never a thousands separator,
 * "-0" is printed as "0", and integral values carry no decimal point
 * ("400000", "0.35", "-1234.5").  So the text is exact (strtod gives back
 * the stored bit pattern) and depends only on the value, not on the
 * thread count or MPI ranks.  A non-finite value (NaN, e.g. surplus_rate
 * when income is 0, or +-Inf) is printed as an EMPTY field in CSV (the
 * usual "missing" marker for pandas/R/Excel) and as `null` in JSON.
 */
#ifndef FS_OUTPUT_H
#define FS_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#include "fundsim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Numbers and strings. */

/* Large enough for any double in plain notation (up to ~330 chars). */
#define FS_OUT_NUMBUF 400

/* Formats x as described above into buf (at least FS_OUT_NUMBUF bytes).
 * Non-finite values give "" and return 0; finite values return 1. */
int fs_out_format_double(double x, char *buf, size_t n);

/* Writes s as one CSV field (RFC 4180): quoted, with "" for ", only when
 * it contains a comma, quote, CR or LF.  UTF-8 passes through.  A text
 * beginning with = + - @, a tab or a CR that is not a plain number (see
 * fs_out_csv_neutralises) is written with a leading ' so that spreadsheet
 * programs show it as text, not run it as a formula (CSV injection). */
void fs_out_csv_field(FILE *f, const char *s);

/* 1 if fs_out_csv_field writes s with a leading ' (a formula-like text). */
int fs_out_csv_neutralises(const char *s);

/* Writes s as a JSON string literal with quotes.  Escapes " \ and the
 * control characters below 0x20 (\n \t ... or \u00XX) and DEL; valid
 * UTF-8 passes through unchanged, and a byte that is not part of a valid
 * UTF-8 sequence becomes \ufffd, so the output is always valid JSON. */
void fs_out_json_string(FILE *f, const char *s);


/* ------------------------------------------------------------------ */
/* CSV writers. */

/* The exact first line of summary.csv (without newline). */
#define FS_OUT_SUMMARY_HEADER "scenario,year,metric,mean,se,sd,p05,p25,p50,p75,p95"
#define FS_OUT_REPLICATIONS_HEADER "scenario,rep,year,metric,value"

/* summary.csv: the header, then one row per (year, metric), years outer
 * and metrics in enum order.  `year` is the calendar policy year
 * (start_year + year index).  stats as filled by fs_results_summarize
 * (index y * FS_M_COUNT + m). */
FS_NODISCARD int fs_out_summary_csv(FILE *f, const fs_results *res, const fs_stat *stats);

/* Writes one summary row (no header) for year index y and metric m. */
void fs_out_summary_row(FILE *f, const fs_results *res, const fs_stat *st, int y, int m);

/* replications.csv: the header, then one row per (replication, year,
 * metric), replications outer; the first column is the scenario, as in
 * summary.csv, so that files of several runs can be stacked.  `rep` is
 * the global 0-based replication
 * number (first_rep + r), the index the engine's random streams use, so
 * a row can be reproduced with first_rep/rep_count. */
FS_NODISCARD int fs_out_replications_csv(FILE *f, const fs_results *res);

/* groups.csv: the header, then one row per (year, group, tier, quantity),
 * in that nesting (years outer, quantities in fs_group_quantity order, then
 * a roster run's enrollees by age band, fs_results_gq_name), with the summary across replications of the group table (gstats as
 * filled by fs_results_summarize_groups).  `group_id` and `tier_id` are
 * the stable ids in res (groups[].id, "ordinary"; "tier1", ...), `group`
 * and `tier` the display names (CSV-quoted when needed).  FS_EUSAGE if res
 * has no group table. */
#define FS_OUT_GROUPS_HEADER \
    "scenario,year,group_id,group,tier_id,tier,quantity,mean,se,sd,p05,p25,p50,p75,p95"
FS_NODISCARD int fs_out_groups_csv(FILE *f, const fs_results *res, const fs_stat *gstats);

/* metrics.csv, the dictionary of the ids in the other files: the header,
 * then one row per metric (table "metrics": the `metric` column of
 * summary.csv, replications.csv, diff.csv, sweep.csv) in enum order, then
 * one per group quantity (table "groups": the `quantity` column of
 * groups.csv), then, when res is a roster run, one per age band of its
 * group table.  unit is fs_unit_name, unit_zh fs_unit_label_zh; kind is
 * empty for the group quantities.  res may be NULL. */
#define FS_OUT_METRICS_HEADER "table,id,label_zh,label_en,unit,unit_zh,kind,definition"
FS_NODISCARD int fs_out_metrics_csv(FILE *f, const fs_results *res);

/* The labels of the group table's enrollees_age_A-B quantities. */
#define FS_OUT_AGE_BAND_ZH "分年龄段参保人数"
#define FS_OUT_AGE_BAND_EN "Enrollees by age band"

/* Writes the UTF-8 byte order mark EF BB BF (--excel-csv: Excel then
 * reads the file as UTF-8, not the system's code page). */
void fs_out_csv_bom(FILE *f);

/* One alternative against the base, for diff.csv and diff.xlsx. */
typedef struct fs_diff_set {
    const char *base, *alt;         /* the scenario names */
    const fs_results *diff;         /* alt - base per replication (fs_results_diff) */
    const fs_stat *stats;           /* fs_results_summarize of diff */
    const fs_stat *base_stats;      /* ... of the base run */
    const fs_stat *alt_stats;       /* ... of the alternative's run */
} fs_diff_set;

/* diff.csv of `fundsim compare`: the header, then for each alternative one
 * row per (year, metric), years outer and metrics in enum order: the
 * summary of the paired per-replication difference alt - base (mean, se,
 * sd, percentiles), then base_mean and alt_mean (the runs' means), ratio =
 * alt_mean / base_mean, pct = 100 (alt_mean - base_mean) / |base_mean|
 * (empty where base_mean is 0) and prob_higher, the share of replications
 * where ALT > BASE. */
#define FS_OUT_DIFF_HEADER \
    "base,alt,year,metric,mean,se,sd,p05,p25,p50,p75,p95,base_mean,alt_mean,ratio,pct,prob_higher"
FS_NODISCARD int fs_out_diff_csv(FILE *f, const fs_diff_set *sets, size_t nsets);

/* ------------------------------------------------------------------ */
/* The money unit of the reports: 万元 (10,000 yuan) for a county or city
 * fund, 亿元 (100 million yuan) when the mean fund income of the first year
 * (income_total) is 100亿 or more (a province).  The one place this is
 * decided: the workbooks (and any other report) call it. */
typedef struct fs_out_money {
    double div;          /* 1e4 or 1e8: a cell holds yuan / div */
    const char *zh, *en; /* "万元", "10k yuan"; "亿元", "100m yuan" */
} fs_out_money;
fs_out_money fs_out_money_unit(const fs_results *res, const fs_stat *stats);

/* ------------------------------------------------------------------ */
/* Excel workbooks (output/xlsx.c, output/xlsx_book.c; libxlsxwriter).
 * Like the other writers they write to a caller-owned stream (the
 * workbook is built in a private temporary file under $TMPDIR or /tmp,
 * copied into f and removed) and return FS_OK, FS_EUSAGE (bad arguments),
 * FS_ENOMEM or FS_EIO.  The bytes depend only on the arguments: the
 * document's creation time (which also dates the zip members) is fixed at
 * 2000-01-01T00:00:00Z.  Non-finite values are left as empty cells.
 *
 * Written for a director who prints them: labels Chinese first with the
 * English beside ("基金收入 Fund income"; opt->lang_en swaps the order),
 * money in 万元 or 亿元 (fs_out_money_unit; the cells hold numbers, yuan
 * divided by 1e4 or 1e8, and every header names its unit), per-capita
 * amounts in 元, rates and probabilities as percentages (0.0%), months
 * 0.0; frozen header rows and the year column, set column widths, and a
 * print setup on every sheet (A4 landscape, one page wide, header rows
 * repeated, a print area).
 *
 * summary.xlsx (sheet names as with zh; with en "fund 基金", ...):
 *   "基金 fund"        per year: income, spending, surplus (means), surplus
 *                      rate, the balance's p05/p25/p50/p75/p95, months
 *                      covered (mean), the probabilities of a deficit, of
 *                      depletion by the year, of a small surplus (略有结余)
 *                      and of a low reserve; below the table, on a page of
 *                      their own, fan charts of the balance and of the
 *                      months covered (bands 5-95 and 25-75 and the median:
 *                      a stacked area chart over an invisible p05 base,
 *                      from helper columns right of the print area, with a
 *                      line for the median; years below the plot).  A
 *                      county ledger of a municipal pool shows its net
 *                      transfer to the pool instead of the balance.
 *   "财政 fiscal"      per year: the fiscal subsidy by level (central,
 *                      provincial, city, county; means) with a total row;
 *                      per enrollee (元/人); each level's share of the
 *                      subsidy; the top-up (财政兜底) and the shortfall p95
 *                      by budget (fund.deficit_shares) with a total row.
 *   "参保 enrollees"   from the group table (opt->gstats, or summarised
 *                      here): mean enrollees by group and tier per year,
 *                      and the fund's basic benefits by group (absent
 *                      without a group table).
 *   "参数 parameters"  when opt->sc: every resolved parameter (as
 *                      `fundsim show`): key path, label, value in the first
 *                      and the last year, unit, ref (the notice), origin.
 *   "说明 about"       provenance: scenario, version, git (opt->info),
 *                      files with SHA-256, overrides, seed (text), sizes,
 *                      mode, generator, and notes on units and statistics.
 *   "数据 data"        the summary.csv table for re-use (ids in English,
 *                      exact yuan, label and unit columns), autofilter;
 *                      hidden, so it is not printed (Format > Sheet > Show).
 * opt may be NULL (Chinese first, no parameter sheet, no git or files). */
typedef struct fs_xlsx_opts {
    int lang_en;              /* English labels first */
    const fs_scenario *sc;    /* the scenario run: the parameter sheet */
    const fs_stat *gstats;    /* fs_results_summarize_groups of res, or NULL */
    const struct fs_run_info *info; /* git and files for "说明 about", or NULL */
} fs_xlsx_opts;
FS_NODISCARD int fs_out_summary_xlsx(FILE *f, const fs_results *res, const fs_stat *stats,
                                     const fs_xlsx_opts *opt);

/* diff.xlsx of `fundsim compare`: per alternative a sheet "差异 diff"
 * ("差异 diff 2", ... with several): per year the base and alternative
 * means and the paired difference (mean, se, p05, p95) of the key
 * metrics, money in the base's unit, rates as %, with a fan chart of the
 * balance difference; then "说明 about" and the hidden "数据 data" (the
 * diff.csv statistics, raw).  Of opt only lang_en is read. */
FS_NODISCARD int fs_out_diff_xlsx(FILE *f, const fs_diff_set *sets, size_t nsets,
                                  const fs_xlsx_opts *opt);

/* The display format of metric m in the machine-readable sheets ("#,##0",
 * "0.00" or "0.0000"), from its unit. */
const char *fs_out_xlsx_num_format(int m);

/* ------------------------------------------------------------------ */
/* run.json: what was run, for provenance. */

/* The files a scenario was built from, with their SHA-256 as loaded. */
typedef struct fs_file_list {
    size_t count;
    const char *const *files;     /* the scenario first, then what it extends and reads */
    const char *const *sha256;    /* hex digests, parallel to files (NULL entries: none) */
    size_t set_count;             /* the overrides it was loaded with (KEY.PATH=VALUE) */
    const char *const *sets;
    size_t calib_count;           /* the calibration factors it applies (not defaults) */
    const fs_calib_factor *calib;
    int calib_year;               /* calibrate.year */
} fs_file_list;

typedef struct fs_run_info {
    const char *git;              /* `git describe` of the build ("unknown") */
    const char *scenario_name;    /* NULL: res->scenario */
    fs_file_list files;
    int ranks;                    /* MPI ranks (1 without MPI) */
    double wall_seconds;
    size_t output_count;          /* the files of the run's directory, in writing order */
    const char *const *outputs;
    int argc;                     /* the command line, may be 0 */
    const char *const *argv;
    const fs_scenario *sc;        /* the run store: its resolved parameters (may be NULL) */
} fs_run_info;

/* Writes run.json (one object, two-space indent, trailing newline):
 * version, git, scenario, files with sha256, overrides, calibration (calibrate.year
 * and the factors applied, or null), seed, replications, years,
 * start_year, mode used and requested and threads (from res), ranks, wall
 * time, enrollee_years, generator, metrics, the output files and the
 * command. */
FS_NODISCARD int fs_out_run_json(FILE *f, const fs_results *res, const fs_run_info *info);

/* summary.json (output/summary_json.c; docs/summary.schema.json): one
 * object, two-space indent, trailing newline: "format"
 * ("fundsim-summary"), "format_version" (1), "scenario", "provenance"
 * (fundsim_version, git, files with sha256, overrides, calibration, seed,
 * replications, years, start_year, mode, mode_requested, generator,
 * stream_table_version, pooling: what run.json holds that depends only on
 * the scenario, seed and sizes), "statistics" (the names of the statistics,
 * "mean" .. "p95"), "metrics" (the dictionary: id, label_zh, label_en,
 * unit, unit_zh, kind, definition of every metric, in enum order) and
 * "years": per policy year {"year", "values": {metric id: {mean, se, sd,
 * p05, p25, p50, p75, p95}}}, numbers as in summary.csv, null where the
 * CSV has an empty field.  Of info only git, scenario_name and files are
 * read: threads, ranks, wall time, outputs and the command stay in
 * run.json, so the same scenario and seed give the same bytes. */
FS_NODISCARD int fs_out_summary_json(FILE *f, const fs_results *res, const fs_stat *stats,
                                     const fs_run_info *info);

/* The "calibration" value of run.json and summary.json: {"year": Y,
 * "factors": {path: value, ...}}, or null when fl applies none. */
void fs_out_json_calibration(FILE *f, const fs_file_list *fl);

/* compare.json: what `fundsim compare` ran, for provenance. */
typedef struct fs_compare_side {
    const char *dir;            /* its output subdirectory ("base", "alt") */
    const fs_results *res;      /* its run: name, mode, seed, sizes */
    fs_file_list files;
} fs_compare_side;

typedef struct fs_compare_info {
    const char *git;            /* `git describe` of the build ("unknown") */
    fs_compare_side base, alt;  /* alt: the first alternative */
    size_t nalts;               /* every alternative (NULL, 0: only alt) */
    const fs_compare_side *alts;
    int ranks;
    double wall_seconds;
    size_t output_count;        /* every file of the comparison, base/ and alt/ included */
    const char *const *outputs;
    int argc;                   /* the command line, may be 0 */
    const char *const *argv;
} fs_compare_info;

/* Writes compare.json (one object, two-space indent, trailing newline):
 * version, git, base and alt (name, directory, mode, files with sha256 and
 * overrides), alternatives (every alternative, the same way),
 * seed, common_random_numbers, replications, years, start_year, the mode
 * requested, threads, ranks, wall time, generator, the output files and
 * the command.  Seed, sizes, modes and threads are base's (the runs share
 * them). */
FS_NODISCARD int fs_out_compare_json(FILE *f, const fs_compare_info *info);


/* ------------------------------------------------------------------ */
/* `fundsim sweep` and `fundsim solve` (output/sweep.c; the sweep's sheet
 * in output/xlsx.c). */

/* A varied parameter: its key path, how a value is applied ("=" sets it,
 * "+=" shifts and "*=" scales the scenario's own values) and its range
 * (step 0: solve's range). */
typedef struct fs_vary_info {
    const char *path, *op;
    const char *label_zh; /* the parameter's Chinese label, "" if none */
    double from, to, step;
} fs_vary_info;

/* The column of a varied parameter in sweep.csv: its path, followed by its
 * op when that is not "=" ("tiers[0].contribution+="). */
void fs_out_vary_column(const fs_vary_info *v, char *buf, size_t n);

/* One point of a sweep: the varied values, the run's scenario name and its
 * summaries (years x FS_M_COUNT, as fs_results_summarize fills them). */
typedef struct fs_sweep_point {
    double x[2];
    const char *scenario;
    const fs_stat *stats;
} fs_sweep_point;

typedef struct fs_sweep_info {
    const char *git;               /* `git describe` of the build */
    const char *scenario;          /* the scenario swept, with the user's overrides */
    fs_file_list files;            /* its files and those overrides */
    size_t nvary;                  /* 1 or 2 */
    fs_vary_info vary[2];
    size_t npoints;                /* the first parameter varies slowest */
    const fs_sweep_point *points;
    const fs_results *res;         /* one point's run: seed, sizes, start year, mode */
    int ranks;
    double wall_seconds;
    size_t output_count;
    const char *const *outputs;
    int argc;
    const char *const *argv;
} fs_sweep_info;

/* sweep.csv: a column per varied parameter (fs_out_vary_column), then the
 * columns of summary.csv; one row per (point, year, metric), points
 * outer. */
FS_NODISCARD int fs_out_sweep_csv(FILE *f, const fs_sweep_info *sw);

/* sweep.xlsx: "扫描 sweep", one row per point (the varied values, then for
 * each year the key metrics: surplus_rate mean, prob_small_surplus,
 * prob_depleted_by, balance p05, months_covered mean, shortfall_cum p95;
 * two header rows, the year then the label and unit, Chinese first or
 * English with opt->lang_en; money in 万元/亿元, rates as %), and
 * "说明 about".  Of opt (may be NULL) only lang_en is read. */
FS_NODISCARD int fs_out_sweep_xlsx(FILE *f, const fs_sweep_info *sw, const fs_xlsx_opts *opt);

/* sweep_summary.json (output/summary_json.c; docs/summary.schema.json):
 * summary.json's members with "format" "fundsim-sweep-summary", the
 * provenance of the scenario swept (its files and the user's overrides;
 * seed, sizes and mode of the points' runs), then "vary" (path, op,
 * label_zh, from, to, step of each varied parameter) and "points": per
 * point {"values": [its value of each varied parameter], "scenario",
 * "years"} with "years" as in summary.json.  Deterministic like it. */
FS_NODISCARD int fs_out_sweep_summary_json(FILE *f, const fs_sweep_info *sw);

/* sweep.json: what was swept, for provenance: the scenario with its files
 * and overrides, each varied parameter, every point (values, override,
 * scenario name), seed, sizes, mode, wall time, outputs, command. */
FS_NODISCARD int fs_out_sweep_json(FILE *f, const fs_sweep_info *sw);

/* report.html of `fundsim sweep` (output/html_sweep.c): what was varied,
 * a headline over the points (the first year's surplus rate from lowest to
 * highest and where, the points whose P(small surplus) in the first year
 * is 50% or more, the range of P(depleted by) the horizon), fan charts of
 * the first year's surplus rate and of the balance at the horizon against
 * the first varied value (one per value of a second, at most six), a table
 * per point and the provenance; en: English.  Self-contained and
 * deterministic like fs_out_report_html. */
FS_NODISCARD int fs_out_sweep_html(FILE *f, const fs_sweep_info *sw, int en);

/* One run of a solve: the value tried and how the target stood there. */
typedef struct fs_solve_eval {
    double x;
    fs_target_value t;
} fs_solve_eval;

typedef struct fs_solve_info {
    const char *git;
    const char *scenario;          /* the scenario solved, with the user's overrides */
    fs_file_list files;
    fs_vary_info vary;             /* the parameter and its range */
    const char *target;            /* as given */
    const fs_target *tgt;          /* as parsed */
    int maximize;                  /* --max */
    double tol;
    const fs_solve_result *result;
    const char *answer_set;        /* the override at the answer ("PATH=VALUE") */
    const char *answer_scenario;   /* the answer's scenario name */
    fs_target_value at;            /* the target at the answer */
    size_t nevals;                 /* every run of the search, in the order made */
    int reruns;                    /* runs made after the search (the answer's, again) */
    const fs_solve_eval *evals;
    const fs_results *res;         /* the answer's run: seed, sizes, mode */
    const char *extends;           /* solved.yaml: the scenario file, relative to it */
    const char *solved_name;       /* solved.yaml: its scenario name */
    const char *const *run_sets;   /* solved.yaml: the run options as overrides (seed, ...) */
    size_t nrun_sets;
    int ranks;
    double wall_seconds;
    size_t output_count;
    const char *const *outputs;
    int argc;
    const char *const *argv;
} fs_solve_info;

/* solve.json: the answer (value, override, bracket, the target's value,
 * se and worst year there, runs: every simulation made, monotone, band,
 * at_end), the target, the range and tolerance, every run of the search
 * (evaluations), and the provenance members of run.json. */
FS_NODISCARD int fs_out_solve_json(FILE *f, const fs_solve_info *sv);

/* solved.yaml: a scenario that extends the one solved and applies, in its
 * overrides: list, the user's overrides and then the answer, under its own
 * name; `fundsim run solved.yaml` reruns the answer. */
FS_NODISCARD int fs_out_solved_yaml(FILE *f, const fs_solve_info *sv);

/* ------------------------------------------------------------------ */
/* `fundsim calibrate`: calibration.json and calibrated.yaml. */

typedef struct fs_calib_info {
    const char *git;
    const char *scenario;          /* the scenario calibrated, with the user's overrides */
    fs_file_list files;
    const fs_calibration *cal;
    uint64_t seed;
    int replications;
    const char *mode;              /* the mode of the runs */
    int threads;
    double wall_seconds;
    const char *extends;           /* calibrated.yaml: the scenario file, relative to it */
    const char *calibrated_name;   /* calibrated.yaml: its scenario name */
    const char *const *run_sets;   /* calibrated.yaml: the run options as overrides */
    size_t nrun_sets;
    size_t output_count;
    const char *const *outputs;
    int argc;
    const char *const *argv;
} fs_calib_info;

/* calibration.json: the base year, tolerance, the targets (observed,
 * fitted, se, residual, factor), the factors (start and fitted value),
 * runs and iterations, and the provenance members of run.json. */
FS_NODISCARD int fs_out_calibration_json(FILE *f, const fs_calib_info *ci);

/* calibrated.yaml: a scenario extending the one calibrated that applies,
 * in its overrides: list, the user's overrides, the run options and every
 * fitted factor (calibrate.factors.KEY=VALUE); `fundsim run` on it runs the
 * calibrated scenario. */
FS_NODISCARD int fs_out_calibrated_yaml(FILE *f, const fs_calib_info *ci);

/* ------------------------------------------------------------------ */
/* docs/metrics.md: the metric dictionary (id, labels, unit, kind,
 * definition) rendered from the library's metric table. */
FS_NODISCARD int fs_out_metrics_md(FILE *f);

/* ------------------------------------------------------------------ */
/* `fundsim show`: every resolved parameter of sc for policy year `year`
 * as an aligned table (path, value, unit, ref, origin), aligned by
 * terminal display width (CJK characters count two columns).
 * Returns FS_OK, FS_ENOMEM or FS_EIO. */
FS_NODISCARD int fs_out_show(FILE *f, const fs_scenario *sc, int year);

/* An aligned table: ncol columns (at most 16) of head and nrows rows of
 * cells (row-major), each column as wide as its widest cell up to cap[c]
 * (wider cells overflow), aligned by display width, two spaces apart.
 * FS_OK, FS_EUSAGE or FS_EIO. */
FS_NODISCARD int fs_out_table(FILE *f, const char *const *head, size_t ncol, const size_t *cap,
                              const char *const *cells, size_t nrows);

/* The value of a view as `show` prints it: text, a plain number, "inf", or
 * "(none in YEAR)" when rc (of fs_scenario_param_get) is not FS_OK. */
void fs_out_param_value(const fs_param_view *v, int rc, int year, char *buf, size_t n);

/* `fundsim diff`: the changes of fs_scenario_diff as an aligned table
 * (path, label, year, A, B, unit, A's ref, B's ref) under a line naming
 * the two scenarios.  FS_OK, FS_ENOMEM or FS_EIO. */
FS_NODISCARD int fs_out_params_diff(FILE *f, const char *a, const char *b,
                                    const fs_param_change *ch, size_t n);

/* params_diff.csv of `fundsim compare`: one row per change of each
 * alternative against the base. */
#define FS_OUT_PARAMS_DIFF_HEADER "base,alt,path,label_zh,year,base_value,alt_value,unit,base_ref,alt_ref"
typedef struct fs_params_diff_set {
    const char *base, *alt;      /* the scenario names */
    const fs_param_change *ch;
    size_t n;
} fs_params_diff_set;
FS_NODISCARD int fs_out_params_diff_csv(FILE *f, const fs_params_diff_set *sets, size_t nsets);

/* ------------------------------------------------------------------ */
/* report.html (output/html.c, output/html_compare.c, charts in
 * output/svg.c): one self-contained HTML page, no script and no network
 * (inline CSS and SVG; Chinese text in the system's CJK fonts: "Noto Sans
 * CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC"),
 * printable on A4 (@page A4; charts, cards and sections do not break
 * across pages).  Labels come from the metric table (Chinese first with
 * the English heading beside it; en != 0: English).  Money is in 万元, or
 * in 亿元 when the largest mean income reaches 100 亿元; rates and
 * probabilities in %; a non-finite value shows as an em dash and the
 * charts leave it out.  Like summary.json, only what depends on the
 * scenario, the seed and the sizes goes in (of info: git, scenario_name
 * and files), so equal runs give equal bytes.  FS_OK, FS_EUSAGE or
 * FS_EIO.
 *
 * A run's report: the headline (surplus rate of the first and last year
 * against fund.target_band and P(small surplus), P(depleted by) the
 * horizon, months covered against fund.reserve_band and the first years
 * 5% and most of the runs leave it, the balance at the horizon, each
 * budget's p95 shortfall to date once a shortfall appears; a ledger
 * county: its net transfer to the pool), fan charts (5-95, 25-75, median)
 * of the balance and of months covered with the reserve band shaded,
 * income by payer and spending by line as stacked bars, a table per year,
 * every resolved parameter of sc with its ref: (sc may be NULL: no
 * table) and the provenance. */
FS_NODISCARD int fs_out_report_html(FILE *f, const fs_results *res, const fs_stat *stats,
                                    const fs_scenario *sc, const fs_run_info *info, int en);

/* The report of `fundsim compare`: per alternative the paired difference
 * alt - base (cards, fan charts of the balance and surplus-rate
 * differences, a table per year with base, alternative and difference
 * with its p05-p95), the parameters that changed (pdiffs, may be NULL),
 * links to base/report.html and the alternative's, and the provenance. */
FS_NODISCARD int fs_out_compare_html(FILE *f, const fs_diff_set *sets, size_t nsets,
                                     const fs_params_diff_set *pdiffs,
                                     const fs_compare_info *info, int en);


/* Display width of a UTF-8 string in terminal columns. */
size_t fs_out_display_width(const char *s);

/* ------------------------------------------------------------------ */
/* The run store (output/store.c): an SQLite file of past runs (tables
 * meta, runs, run_files, run_overrides, summary; README "The run store").
 * Created when new; a file that is not a fundsim store is refused
 * (FS_EUSAGE).  Errors come with a message in err. */

/* Appends, in one transaction, the record of a run: the time, version,
 * scenario, files with SHA-256 and overrides of info, seed and sizes of
 * res, the summary rows (stats, as summary.csv; NULL where it is
 * empty) and, when info->sc is set, every resolved parameter of each
 * policy year.  *id (may be NULL) gets the run's id.  FS_OK, FS_EUSAGE, FS_EIO. */
FS_NODISCARD int fs_out_store_run(const char *path, const fs_results *res, const fs_stat *stats,
                                  const fs_run_info *info, long long *id, char *err,
                                  size_t errlen);

/* Before a run: FS_OK when path does not exist or is a fundsim store (or
 * an empty file), else FS_EUSAGE (or FS_EIO) with a message, so that a
 * wrong --store is refused before the simulation. */
FS_NODISCARD int fs_out_store_check(const char *path, char *err, size_t errlen);

/* `fundsim runs FILE`: a table of the runs (id, time, scenario, seed,
 * replications, years, the first year's mean surplus_rate). */
FS_NODISCARD int fs_out_store_list(FILE *f, const char *path, char *err, size_t errlen);

/* `fundsim runs FILE --show ID`: the run's summary as summary.csv (same
 * bytes, without the BOM of --excel-csv).  FS_EUSAGE for an unknown id. */
FS_NODISCARD int fs_out_store_show(FILE *f, const char *path, long long id, char *err,
                                   size_t errlen);

/* ------------------------------------------------------------------ */
/* The output directory as one unit (output/stage.c).
 *
 * A command first takes the directory (fs_out_dir_lock): it is created,
 * DIR/.fundsim.lock is held with flock(LOCK_EX) until the command ends, so
 * a second fundsim writing there is refused at once; the leftovers of an
 * interrupted earlier command are cleaned up (fs_out_dir_recover); and a
 * probe file is created and removed (fs_out_dir_probe), all before the
 * simulation.  Files are then written to DIR/.NAME.tmp.PID-RANDOM,
 * flushed and fsync'ed on close, and fs_out_commit publishes the staged
 * files of one or more directories as one commit: the old files of those
 * names (and the stale ones registered with fs_out_stage_remove) are first
 * renamed aside to DIR/.NAME.bak.TOKEN (a name that had no old file gets
 * an empty DIR/.NAME.new.TOKEN), then every temporary is renamed into
 * place, then the commit marker DIR/.fundsim.commit.TOKEN (one per
 * directory, created before anything moved) of the LAST directory is
 * removed: that is the commit point.  A failure before it puts every old
 * file back; SIGINT, SIGTERM and SIGHUP are blocked during the renames; a
 * process killed in between (SIGKILL, power loss) leaves the markers, and
 * the next fs_out_dir_recover rolls the directory back.  The aside files
 * are removed after the commit point (a failure there is harmless: the
 * next recovery removes them). */

#define FS_OUT_STAGE_MAX 24
#define FS_OUT_PATH_MAX 4096

typedef struct fs_out_stage {
    char dir[FS_OUT_PATH_MAX];
    size_t n;
    struct {
        char tmp[FS_OUT_PATH_MAX];   /* the staged temporary; "" for a removal */
        char final[FS_OUT_PATH_MAX];
        char aside[FS_OUT_PATH_MAX]; /* during a commit: .NAME.bak.TOKEN / .NAME.new.TOKEN */
        FILE *f;   /* open stream, NULL once closed */
        int ok;    /* closed without error (a removal: 1) */
        int state; /* commit progress (stage.c) */
    } file[FS_OUT_STAGE_MAX];
} fs_out_stage;

/* Creates dir and its parents (like mkdir -p).  FS_OK or FS_EIO with a
 * message in err. */
FS_NODISCARD int fs_out_mkdir_p(const char *dir, char *err, size_t errlen);

/* A held output directory. */
typedef struct fs_out_lock {
    int fd;   /* DIR/.fundsim.lock, -1 when not held */
    int made; /* DIR did not exist: the length of the first prefix created, else 0 */
    char dir[FS_OUT_PATH_MAX];
    char path[FS_OUT_PATH_MAX];
} fs_out_lock;

/* Creates dir (mkdir -p) and takes DIR/.fundsim.lock with
 * flock(LOCK_EX|LOCK_NB).  FS_OK; FS_EIO with "DIR is in use by another
 * fundsim (pid N)" when another process holds it, or when the directory or
 * the lock file cannot be created. */
FS_NODISCARD int fs_out_dir_lock(fs_out_lock *lk, const char *dir, char *err, size_t errlen);
/* Removes the lock file and releases the lock; with `failed`, also removes
 * the directories that fs_out_dir_lock created (DIR and the parents it
 * made), as long as they are empty.  Safe on a lock that was never
 * taken. */
void fs_out_dir_unlock(fs_out_lock *lk, int failed);
/* Under the lock: removes the temporaries (.NAME.tmp.*) of interrupted
 * commands, and finishes or rolls back an interrupted commit: the aside
 * files of commit TOKEN are put back when TOP/.fundsim.commit.TOKEN still
 * exists (top NULL: dir itself), else removed.  FS_OK or FS_EIO. */
FS_NODISCARD int fs_out_dir_recover(const char *dir, const char *top, char *err, size_t errlen);
/* Creates and removes a probe temporary in dir.  FS_OK or FS_EIO. */
FS_NODISCARD int fs_out_dir_probe(const char *dir, char *err, size_t errlen);

void fs_out_stage_init(fs_out_stage *st, const char *dir);
/* Opens DIR/.name.tmp.PID-RANDOM (a new name, never an existing file) for
 * writing; NULL with err filled on failure. */
FILE *fs_out_stage_open(fs_out_stage *st, const char *name, char *err, size_t errlen);
/* Flushes, fsyncs and closes f (from fs_out_stage_open). */
FS_NODISCARD int fs_out_stage_close(fs_out_stage *st, FILE *f, char *err, size_t errlen);
/* Registers DIR/name, a file the command does not write this time (a
 * stale format), for removal as part of the commit. */
FS_NODISCARD int fs_out_stage_remove(fs_out_stage *st, const char *name, char *err,
                                     size_t errlen);
/* Publishes st[0..n-1] as one commit (see above; st[n-1] holds the commit
 * point).  Fails, with every old file back in place and the temporaries
 * removed, if any file is still open or failed, or a final name is a
 * directory, or a rename fails. */
FS_NODISCARD int fs_out_commit(fs_out_stage *st, size_t n, char *err, size_t errlen);
/* fs_out_commit of one directory. */
FS_NODISCARD int fs_out_stage_commit(fs_out_stage *st, char *err, size_t errlen);
/* Closes and removes every temporary; safe after a commit (no-op). */
void fs_out_stage_abort(fs_out_stage *st);

/* The output directory being written, where a writer that needs a
 * private temporary file (the workbooks) puts it, hidden as
 * .NAME.tmp.XXXXXX so that fs_out_dir_recover removes it if the command
 * is killed; NULL (the default): none, use $TMPDIR or /tmp.
 * fs_out_temp_dir returns it, "" when none. */
void fs_out_set_temp_dir(const char *dir);
const char *fs_out_temp_dir(void);

#ifdef __cplusplus
}
#endif
#endif /* FS_OUTPUT_H */
