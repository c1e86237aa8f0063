/* include/fundsim.h -- the one public header of the fundsim engine library.
 *
 * fundsim projects a Chinese resident medical-insurance pooled fund
 * (城乡居民基本医疗保险统筹基金) year by year with Monte Carlo uncertainty.
 * The library knows nothing of output formats: it loads and validates a
 * scenario, runs replications into an in-memory results structure, and
 * summarises them.  Writers (output/) and the command line (cli/) are
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

#define FS_VERSION "0.1.0" /* the one home of the version: CMake reads it here */

/* Limits: the policy years a scenario may name, and the longest run. */
#define FS_YEAR_MIN 1900
#define FS_YEAR_MAX 2200
#define FS_MAX_YEARS 1000

/* Status codes.  The CLI maps FS_ESCENARIO/FS_EUSAGE to exit code 2 and
 * everything else that is not FS_OK to exit code 1. */
enum {
    FS_OK = 0,
    FS_ENOMEM = 1,    /* out of memory */
    FS_EIO = 2,       /* a file could not be read or written */
    FS_ESCENARIO = 3, /* the scenario is invalid (see the diagnostics) */
    FS_ENUMERIC = 4,  /* a numerical failure during the run */
    FS_EUSAGE = 5,    /* bad arguments to a function or command */
    FS_EINTERNAL = 6, /* a broken invariant: a bug */
    FS_ECANCELED = 7  /* stopped at the caller's request (fs_run_options.cancel) */
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

/* Same, with overrides of keys applied after extends: and before
 * validation: each sets[i] is "KEY.PATH=VALUE", KEY.PATH a key path as
 * diagnostics print them (benefits.inpatient.levels[1].ratio; an absent
 * mapping key is added, a list index must exist) and VALUE YAML (a number,
 * a text, {2023: 380, growth: 30/year}, [..]) that replaces the value
 * whole; "KEY.PATH+=X" and "KEY.PATH*=X" shift or scale every number of
 * the value there (each year of a dated parameter, an additive growth with
 * *=).  Overrides are validated like the file; their diagnostics name
 * "--set KEY.PATH" as the file.  A relative data-file path in VALUE is read
 * from the working directory. */
FS_NODISCARD int fs_scenario_load_with(const char *path, const char *const *sets, size_t nsets,
                                       fs_scenario **out, fs_diags *diags);

/* The overrides a scenario was loaded with (fs_scenario_load_with), in
 * order, for provenance records.  A scenario with overrides is named
 * NAME+set-XXXXXXXX (8 hex digits of their SHA-256) unless one of them sets
 * scenario.name. */
size_t fs_scenario_set_count(const fs_scenario *sc);
const char *fs_scenario_set(const fs_scenario *sc, size_t i);

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

/* SHA-256 of len bytes at data into digest[32] (FIPS 180-4; cli/checkpoint.c seals with it). */
void fs_sha256(const void *data, size_t len, unsigned char digest[32]);

/* One resolved parameter for `fundsim show`: its key path, its value for
 * the year asked (or, for non-numeric keys, its text), unit and source. */
typedef struct fs_param_view {
    const char *path;   /* e.g. financing.fiscal_subsidy */
    const char *label_zh; /* the key's Chinese label (财政补助标准), "" if none */
    const char *label_en; /* its English label */
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

/* One parameter that differs between two scenarios (fs_scenario_diff):
 * its key path and label, the first policy year its values differ, and its
 * view in each (valid while the scenarios live). */
typedef struct fs_param_change {
    const char *path;
    const char *label_zh;
    int year;
    int in_a, in_b;     /* 0: the parameter is absent (or unresolved) there */
    fs_param_view a, b;
} fs_param_change;

/* The resolved parameters of a and b whose values differ in some policy
 * year of [year_from, year_to] (scenario.name, an identity, is left out),
 * in a's order then those only in b.  *out (free with
 * fs_param_changes_free) holds *n changes.  FS_OK, FS_EUSAGE, FS_ENOMEM. */
FS_NODISCARD int fs_scenario_diff(const fs_scenario *a, const fs_scenario *b, int year_from,
                                  int year_to, fs_param_change **out, size_t *n);
void fs_param_changes_free(fs_param_change *c);

/* ------------------------------------------------------------------ */
/* Runs and results. */

/* Metrics recorded per replication and year: the metric table, the one
 * home of each metric's id, unit, kind, labels and definition.  Writers,
 * the workbook's formats and docs/metrics.md (generated, tested) read it.
 * Columns: enum suffix, id (stable English snake_case, the `metric` column
 * of the CSVs), unit, kind, Chinese label, English label, definition.
 * Append only: the order is the order of rows in summary.csv. */
#define FS_METRICS(X) \
    X(ENROLLEES, "enrollees", PERSONS, STOCK, "参保人数", \
      "Enrollees", \
      "persons enrolled in the fund in the policy year") \
    X(INCOME_TOTAL, "income_total", YUAN, FLOW, "基金收入合计", \
      "Fund income, total", \
      "income_individual + income_fiscal + income_interest + income_other + income_topup") \
    X(INCOME_INDIVIDUAL, "income_individual", YUAN, FLOW, "个人缴费", \
      "Individual contributions", \
      "enrollees x the standard of their tier, subsidised part included") \
    X(INCOME_INDIVIDUAL_RESIDENT, "income_individual_resident", YUAN, FLOW, "个人实缴", \
      "Contributions paid by residents", \
      "income_individual - income_individual_subsidy") \
    X(INCOME_INDIVIDUAL_SUBSIDY, "income_individual_subsidy", YUAN, FLOW, "资助参保", \
      "Contribution subsidies", \
      "contributions paid for special groups by medical assistance or other funds") \
    X(INCOME_FISCAL, "income_fiscal", YUAN, FLOW, "财政补助", \
      "Fiscal subsidy", \
      "enrollees x the per-capita fiscal subsidy of the budget year financing.fiscal_alignment names; the sum of the four budgets below") \
    X(INCOME_FISCAL_CENTRAL, "income_fiscal_central", YUAN, FLOW, "中央财政", \
      "Fiscal subsidy: central budget", \
      "the central budget's share of income_fiscal") \
    X(INCOME_FISCAL_PROVINCIAL, "income_fiscal_provincial", YUAN, FLOW, "省级财政", \
      "Fiscal subsidy: provincial budget", \
      "the provincial budget's share of income_fiscal") \
    X(INCOME_FISCAL_CITY, "income_fiscal_city", YUAN, FLOW, "市级财政", \
      "Fiscal subsidy: city budget", \
      "the city budget's share of income_fiscal") \
    X(INCOME_FISCAL_COUNTY, "income_fiscal_county", YUAN, FLOW, "县级财政", \
      "Fiscal subsidy: county budget", \
      "the county budget's share of income_fiscal") \
    X(INCOME_INTEREST, "income_interest", YUAN, FLOW, "利息收入", \
      "Interest", \
      "the year's interest rate x the balance at the start of the year, when positive") \
    X(INCOME_OTHER, "income_other", YUAN, FLOW, "其他收入", \
      "Other income", \
      "financing.other_income plus the critical-illness corridor (ci_corridor)") \
    X(INCOME_TOPUP, "income_topup", YUAN, FLOW, "财政兜底", \
      "Finance top-up", \
      "under the topup rule, the budget's cover of the year's deficit; 0 under other rules") \
    X(SPEND_TOTAL, "spend_total", YUAN, FLOW, "基金支出合计", \
      "Fund spending, total", \
      "spend_outpatient + spend_chronic + spend_inpatient + spend_maternity + spend_critical_premium") \
    X(SPEND_OUTPATIENT, "spend_outpatient", YUAN, FLOW, "普通门诊统筹", \
      "General outpatient pooling", \
      "general outpatient benefits, after the outpatient account limit") \
    X(SPEND_CHRONIC, "spend_chronic", YUAN, FLOW, "门诊慢特病", \
      "Chronic and special outpatient diseases", \
      "benefits of the chronic and special outpatient programmes") \
    X(SPEND_INPATIENT, "spend_inpatient", YUAN, FLOW, "住院", \
      "Inpatient benefits", \
      "inpatient benefits after deductibles, ratios and the annual cap") \
    X(SPEND_MATERNITY, "spend_maternity", YUAN, FLOW, "生育医疗费用", \
      "Maternity benefits", \
      "births among enrollees x the benefit per birth") \
    X(SPEND_CRITICAL_PREMIUM, "spend_critical_premium", YUAN, FLOW, "大病保险保费", \
      "Critical-illness premium", \
      "the premium the fund pays the critical-illness insurer") \
    X(SURPLUS, "surplus", YUAN, FLOW, "当期结余", \
      "Current surplus", \
      "income_total - spend_total") \
    X(SURPLUS_RATE, "surplus_rate", SHARE, RATE, "当期结余率", \
      "Surplus rate", \
      "surplus / income_total") \
    X(BALANCE, "balance", YUAN, STOCK, "累计结余", \
      "Accumulated balance", \
      "at the end of the year: the previous balance (fund.initial_balance in the first year) + surplus") \
    X(MONTHS_COVERED, "months_covered", MONTHS, STOCK, "可支付月数", \
      "Months of spending covered", \
      "balance / (spend_total / 12)") \
    X(PROB_DEFICIT, "prob_deficit", PROBABILITY, RATE, "当期赤字概率", \
      "Probability of a deficit", \
      "share of replications with surplus < 0 in the year") \
    X(PROB_DEPLETION, "prob_depletion", PROBABILITY, RATE, "累计结余耗尽概率", \
      "Probability of depletion", \
      "share of replications with balance < 0 at the end of the year") \
    X(PROB_RESERVE_LOW, "prob_reserve_low", PROBABILITY, RATE, "结余不足概率", \
      "Probability of too little reserve", \
      "share of replications with months_covered below fund.reserve_band.min_months") \
    X(PROB_RESERVE_HIGH, "prob_reserve_high", PROBABILITY, RATE, "结余过多概率", \
      "Probability of too much reserve", \
      "share of replications with months_covered above fund.reserve_band.max_months") \
    X(OUTPATIENT_ACCOUNT_BOUND, "outpatient_account_bound", PROBABILITY, RATE, "门诊统筹限额触发", \
      "Outpatient account limit binds", \
      "share of replications in which outpatient benefits reached account_share_cap x income, or (with benefits.outpatient.account) what the account held") \
    X(CI_BENEFITS, "ci_benefits", YUAN, FLOW, "大病保险赔付", \
      "Critical-illness benefits", \
      "benefits paid by the critical-illness insurer (outside the fund)") \
    X(CI_LOSS_RATIO, "ci_loss_ratio", SHARE, RATE, "大病保险赔付率", \
      "Critical-illness loss ratio", \
      "ci_benefits / spend_critical_premium") \
    X(CI_CORRIDOR, "ci_corridor", YUAN, FLOW, "大病保险风险调节(入基金为正)", \
      "Critical-illness risk corridor", \
      "returned to the fund (positive) or paid by it (negative) under the corridor; part of income_other") \
    X(ASSIST_CONTRIB_SUBSIDY, "assist_contrib_subsidy", YUAN, FLOW, "医疗救助资助参保", \
      "Assistance: contribution subsidies", \
      "contribution subsidies paid by the medical-assistance fund") \
    X(ASSIST_BENEFITS, "assist_benefits", YUAN, FLOW, "医疗救助待遇", \
      "Assistance: benefits", \
      "medical-assistance benefits on costs left after basic and critical-illness insurance") \
    X(ASSIST_TOTAL, "assist_total", YUAN, FLOW, "医疗救助合计", \
      "Assistance: total", \
      "assist_contrib_subsidy + assist_benefits (a budget beside the fund)") \
    X(OTHER_CONTRIB_SUBSIDY, "other_contrib_subsidy", YUAN, FLOW, "其他资金资助参保", \
      "Contribution subsidies from other funds", \
      "contribution subsidies of groups whose payer is other") \
    X(PERSONS_AT_RISK, "persons_at_risk", PERSONS, STOCK, "因病返贫致贫风险人数", \
      "Persons at impoverishment risk", \
      "enrollees whose self-paid cost after all three layers exceeds assistance.alert_line") \
    X(OOP_MEAN, "oop_mean", YUAN, RATE, "人均个人自付", \
      "Self-paid cost per enrollee", \
      "cost left to enrollees after basic insurance, critical illness and assistance, per enrollee") \
    X(EFFECTIVE_RATIO_INPATIENT, "effective_ratio_inpatient", SHARE, RATE, "住院政策范围内实际报销比", \
      "Inpatient in-scope reimbursement ratio", \
      "spend_inpatient / inpatient cost within policy scope") \
    X(PER_CAPITA_INCOME, "per_capita_income", YUAN, RATE, "人均筹资", \
      "Income per enrollee", \
      "income_total / enrollees") \
    X(PER_CAPITA_SPEND, "per_capita_spend", YUAN, RATE, "人均基金支出", \
      "Spending per enrollee", \
      "spend_total / enrollees") \
    X(PROB_DEFICIT_BY, "prob_deficit_by", PROBABILITY, RATE, "截至当年出现赤字概率", \
      "Probability of a deficit by the year", \
      "share of replications with surplus < 0 in this or an earlier year (non-decreasing)") \
    X(PROB_DEPLETED_BY, "prob_depleted_by", PROBABILITY, RATE, "截至当年累计结余耗尽概率", \
      "Probability of depletion by the year", \
      "share of replications with balance < 0 in this or an earlier year (non-decreasing)") \
    X(DEPLETION_YEAR, "depletion_year", YEAR, STOCK, "累计结余首次耗尽年度", \
      "First year of depletion", \
      "the first policy year the balance is below 0, or the year after the horizon when it never is (the same in every year of a replication)") \
    X(PROB_SMALL_SURPLUS, "prob_small_surplus", PROBABILITY, RATE, "略有结余概率", \
      "Probability of a small surplus", \
      "share of replications with surplus_rate within fund.target_band (略有结余)") \
    X(SHORTFALL, "shortfall", YUAN, FLOW, "当年基金缺口", \
      "Shortfall in the year", \
      "what must be added in the year so that the balance, with earlier additions, is not below the floor (fund.shortfall_floor: 0 or the reserve band's minimum)") \
    X(SHORTFALL_CUM, "shortfall_cum", YUAN, STOCK, "累计基金缺口", \
      "Shortfall to date", \
      "the sum of shortfall up to the year: max(earlier, floor - balance, 0)") \
    X(SHORTFALL_CENTRAL, "shortfall_central", YUAN, FLOW, "当年缺口中央财政承担", \
      "Shortfall: central budget", \
      "fund.deficit_shares.central x shortfall") \
    X(SHORTFALL_PROVINCIAL, "shortfall_provincial", YUAN, FLOW, "当年缺口省级财政承担", \
      "Shortfall: provincial budget", \
      "fund.deficit_shares.provincial x shortfall") \
    X(SHORTFALL_CITY, "shortfall_city", YUAN, FLOW, "当年缺口市级财政承担", \
      "Shortfall: city budget", \
      "fund.deficit_shares.city x shortfall") \
    X(SHORTFALL_COUNTY, "shortfall_county", YUAN, FLOW, "当年缺口县级财政承担", \
      "Shortfall: county budget", \
      "fund.deficit_shares.county x shortfall") \
    X(SHORTFALL_OTHER, "shortfall_other", YUAN, FLOW, "当年缺口其他资金承担", \
      "Shortfall: other budget", \
      "fund.deficit_shares.other x shortfall") \
    X(SHORTFALL_CUM_CENTRAL, "shortfall_cum_central", YUAN, STOCK, "累计缺口中央财政承担", \
      "Shortfall to date: central budget", \
      "fund.deficit_shares.central x shortfall_cum") \
    X(SHORTFALL_CUM_PROVINCIAL, "shortfall_cum_provincial", YUAN, STOCK, "累计缺口省级财政承担", \
      "Shortfall to date: provincial budget", \
      "fund.deficit_shares.provincial x shortfall_cum") \
    X(SHORTFALL_CUM_CITY, "shortfall_cum_city", YUAN, STOCK, "累计缺口市级财政承担", \
      "Shortfall to date: city budget", \
      "fund.deficit_shares.city x shortfall_cum") \
    X(SHORTFALL_CUM_COUNTY, "shortfall_cum_county", YUAN, STOCK, "累计缺口县级财政承担", \
      "Shortfall to date: county budget", \
      "fund.deficit_shares.county x shortfall_cum") \
    X(SHORTFALL_CUM_OTHER, "shortfall_cum_other", YUAN, STOCK, "累计缺口其他资金承担", \
      "Shortfall to date: other budget", \
      "fund.deficit_shares.other x shortfall_cum") \
    X(ADMISSIONS, "admissions", CASES, FLOW, "住院人次", \
      "Inpatient admissions", \
      "admissions of enrollees in the year") \
    X(INPATIENT_COST, "inpatient_cost", YUAN, FLOW, "住院总费用", \
      "Inpatient cost, total", \
      "the whole cost of the admissions, within and outside policy scope") \
    X(ADMISSION_RATE, "admission_rate", SHARE, RATE, "住院率", \
      "Admissions per enrollee", \
      "admissions / enrollees") \
    X(COST_PER_ADMISSION, "cost_per_admission", YUAN, RATE, "次均住院费用", \
      "Cost per admission", \
      "inpatient_cost / admissions") \
    X(OUTPATIENT_ACCOUNT_INCOME, "outpatient_account_income", YUAN, FLOW, "门诊统筹资金收入", \
      "Outpatient account: income", \
      "credited to the separate outpatient account (benefits.outpatient.account): its allocation out of the fund's income (income_share x income before the top-up, or per_enrollee x enrollees; at most account_share_cap x that income) + outpatient_account_interest; 0 without an account") \
    X(OUTPATIENT_ACCOUNT_INTEREST, "outpatient_account_interest", YUAN, FLOW, "门诊统筹资金利息", \
      "Outpatient account: interest", \
      "the year's interest rate x the account's balance at the start of the year, part of outpatient_account_income; credited out of income_interest (the fund's interest on the money it holds), so the rest of the fund has the difference") \
    X(OUTPATIENT_ACCOUNT_SPEND, "outpatient_account_spend", YUAN, FLOW, "门诊统筹资金支出", \
      "Outpatient account: benefits paid", \
      "general outpatient benefits paid by the account, at most its opening balance + outpatient_account_income; 0 without an account") \
    X(OUTPATIENT_MAIN_SPEND, "outpatient_main_spend", YUAN, FLOW, "门诊统筹资金外支付普通门诊", \
      "Outpatient benefits paid outside the account", \
      "spend_outpatient - outpatient_account_spend: all of spend_outpatient without an account; what the account could not pay under when_short: main_fund") \
    X(OUTPATIENT_ACCOUNT_BALANCE, "outpatient_account_balance", YUAN, STOCK, "门诊统筹资金累计结余", \
      "Outpatient account: balance", \
      "at the end of the year: the previous one (account.initial_balance in the first year) + outpatient_account_income - outpatient_account_spend; part of balance") \
    X(MAIN_FUND_BALANCE, "main_fund_balance", YUAN, STOCK, "门诊统筹资金外累计结余", \
      "Balance outside the outpatient account", \
      "balance - outpatient_account_balance: the pooled fund's own balance beside the account (all of balance without one)") \
    X(POOL_NET_TRANSFER, "pool_net_transfer", YUAN, FLOW, "向统筹基金净上解", \
      "Net transfer to the pool", \
      "with fund.pooling: ledger (a county inside a municipal pool), income_total - spend_total: what the county adds to (positive) or draws on (negative) the municipal fund in the year; 0 for a fund of its own") \
    X(POOL_NET_TRANSFER_CUM, "pool_net_transfer_cum", YUAN, STOCK, "累计向统筹基金净上解", \
      "Net transfer to the pool to date", \
      "the sum of pool_net_transfer from the first year to this one (0 for a fund of its own)")

typedef enum {
#define FS_METRIC_ENUM(id, name, unit, kind, zh, en, def) FS_M_##id,
    FS_METRICS(FS_METRIC_ENUM)
#undef FS_METRIC_ENUM
    FS_M_COUNT
} fs_metric;

/* Units of the metrics: money in yuan (元), persons, shares in [0,1],
 * probabilities (shares of replications), months, years, counts of events. */
typedef enum {
    FS_UNIT_YUAN = 0,
    FS_UNIT_PERSONS = 1,
    FS_UNIT_SHARE = 2,
    FS_UNIT_PROBABILITY = 3,
    FS_UNIT_MONTHS = 4,
    FS_UNIT_YEAR = 5, /* a calendar (policy) year */
    FS_UNIT_CASES = 6 /* events counted (admissions, 人次) */
} fs_unit;

/* Kinds: a flow over the policy year (adds up over years), a stock at its
 * end or over it (does not), a rate (a ratio, per-capita amount or
 * probability). */
typedef enum { FS_KIND_FLOW = 0, FS_KIND_STOCK = 1, FS_KIND_RATE = 2 } fs_metric_kind;

typedef struct fs_metric_info {
    const char *id;         /* "income_total" */
    fs_unit unit;
    fs_metric_kind kind;
    const char *label_zh;   /* "基金收入合计" */
    const char *label_en;   /* "Fund income, total" */
    const char *definition; /* one line, in terms of other ids and scenario keys */
} fs_metric_info;

/* The row of metric m; NULL if out of range. */
const fs_metric_info *fs_metric_info_of(fs_metric m);
const char *fs_metric_name(fs_metric m);     /* the id, "" if out of range */
const char *fs_metric_label_zh(fs_metric m); /* "" if out of range */
const char *fs_unit_name(fs_unit u);         /* "yuan", "persons", "share", "probability", "months", "year", "cases" */
const char *fs_unit_label_zh(fs_unit u);     /* "元", "人", "比例", "概率", "月", "年", "人次" */
const char *fs_metric_kind_name(fs_metric_kind k); /* "flow", "stock", "rate" */
/* 1 if metric m has no meaning for a county ledger inside a municipal pool
 * (fund.pooling: ledger): the balance and what is built on it (months
 * covered, deficit, depletion, reserve band, small surplus, shortfall, the
 * outpatient account's split).  Such a run holds NaN for them. */
int fs_metric_ledger_na(fs_metric m);

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
    /* Progress (may be NULL): called once as each replication this call
     * computes finishes, with done = 1, 2, ..., total in that order (total:
     * the replications of this call, rep_count or all), one call at a time
     * (serialised across the threads; the caller need not lock), from the
     * thread that finished it.  It cannot change the results.  The engine
     * knows nothing of terminals: the CLI draws (cli/progress.c). */
    void (*progress)(int done, int total, void *ctx);
    void *progress_ctx;
    /* Cancellation (may be NULL): asked from any thread before each replication and each
     * cell of a year; non-zero stops fs_run within about a cell's time, FS_ECANCELED and no
     * results.  Cheap and thread-safe (cli/signals.c reads an atomic flag; no signals here). */
    int (*cancel)(void *ctx);
    void *cancel_ctx;
    /* Per-replication totals (may be NULL): [2i, 2i+1] for replication i of this call, its
     * enrollee-years and its summed relative sampling sd, whose sums in replication order are
     * fs_results' enrollee_years and sampling_rel_se x reps x years (cli/checkpoint.c). */
    double *rep_totals;
} fs_run_options;

void fs_run_options_init(fs_run_options *o);

/* Quantities of the per-group-and-tier table (groups.csv), in row order:
 * enum suffix, id (stable snake_case, the `quantity` column), unit,
 * Chinese label, English label, definition (docs/metrics.md is generated
 * from it).  Append only.  The two ratios are per replication num / den
 * (0 when den is 0); their summary's mean is the ratio of the mean sums
 * (fs_results_summarize_groups). */
#define FS_GROUP_QUANTITIES(Q) \
    Q(ENROLLEES, "enrollees", PERSONS, "参保人数", "Enrollees", \
      "persons of the group and tier enrolled in the policy year") \
    Q(INCOME_INDIVIDUAL, "income_individual", YUAN, "个人缴费", "Individual contributions", \
      "enrollees x the standard of their tier, subsidised part included") \
    Q(INCOME_INDIVIDUAL_SUBSIDY, "income_individual_subsidy", YUAN, "资助参保", \
      "Contribution subsidies", "the part of income_individual paid by a subsidy") \
    Q(BENEFITS_OUTPATIENT, "benefits_outpatient", YUAN, "普通门诊统筹支出", \
      "Fund spending: general outpatient", \
      "the group and tier's share of spend_outpatient (after the outpatient account limit, which " \
      "cuts every group's claims by the same factor)") \
    Q(BENEFITS_CHRONIC, "benefits_chronic", YUAN, "门诊慢特病支出", \
      "Fund spending: chronic programmes", "the group and tier's share of spend_chronic") \
    Q(BENEFITS_INPATIENT, "benefits_inpatient", YUAN, "住院支出", "Fund spending: inpatient", \
      "the group and tier's share of spend_inpatient") \
    Q(BENEFITS_MATERNITY, "benefits_maternity", YUAN, "生育支出", "Fund spending: maternity", \
      "the group and tier's share of spend_maternity") \
    Q(BENEFITS_BASIC, "benefits_basic", YUAN, "基本医保支付", \
      "Basic insurance benefits", \
      "benefits_outpatient + benefits_chronic + benefits_inpatient + benefits_maternity") \
    Q(BENEFITS_CRITICAL, "benefits_critical", YUAN, "大病保险赔付", \
      "Critical-illness benefits", "the group and tier's share of ci_benefits") \
    Q(BENEFITS_ASSIST, "benefits_assist", YUAN, "医疗救助待遇", "Medical assistance benefits", \
      "the group and tier's share of assist_benefits") \
    Q(OUT_OF_POCKET, "out_of_pocket", YUAN, "个人自付", "Out-of-pocket", \
      "cost_total - the three layers' benefits on claims; summed, oop_mean x enrollees") \
    Q(COST_TOTAL, "cost_total", YUAN, "医疗总费用", "Total medical cost", \
      "the cost of every claim (outpatient, chronic, inpatient) = benefits_basic - " \
      "benefits_maternity + benefits_critical + benefits_assist + out_of_pocket") \
    Q(COST_IN_SCOPE, "cost_in_scope", YUAN, "政策范围内费用", "In-scope cost", \
      "the in-scope (合规) part of cost_total: general outpatient costs whole, chronic and " \
      "inpatient costs x their in_scope share") \
    Q(COMBINED_RATIO, "combined_ratio", SHARE, "三重保障合规综合报销比例", \
      "Combined (three-layer) in-scope reimbursement ratio", \
      "(benefits_basic - benefits_maternity + benefits_critical + benefits_assist) / " \
      "cost_in_scope") \
    Q(INPATIENT_COST_IN_SCOPE, "inpatient_cost_in_scope", YUAN, "住院政策范围内费用", \
      "Inpatient in-scope cost", "the in-scope part of inpatient costs") \
    Q(INPATIENT_BENEFITS_CRITICAL, "inpatient_benefits_critical", YUAN, "大病保险赔付(住院部分)", \
      "Critical-illness benefits on inpatient costs", \
      "each person's critical-illness benefit x the inpatient part of its base") \
    Q(INPATIENT_BENEFITS_ASSIST, "inpatient_benefits_assist", YUAN, "医疗救助待遇(住院部分)", \
      "Assistance benefits on inpatient costs", \
      "each person's assistance benefit x the inpatient part of its base") \
    Q(INPATIENT_COMBINED_RATIO, "inpatient_combined_ratio", SHARE, "住院合规综合报销比例", \
      "Combined inpatient in-scope reimbursement ratio", \
      "(benefits_inpatient + inpatient_benefits_critical + inpatient_benefits_assist) / " \
      "inpatient_cost_in_scope")

typedef enum {
#define FS_GQ_ENUM(id, name, unit, zh, en, def) FS_GQ_##id,
    FS_GROUP_QUANTITIES(FS_GQ_ENUM)
#undef FS_GQ_ENUM
    FS_GQ_COUNT
} fs_group_quantity;

const char *fs_group_quantity_name(fs_group_quantity q); /* "enrollees"; "" if out of range */
fs_unit fs_group_quantity_unit(fs_group_quantity q);
/* The Chinese and English labels and the definition of q ("" if out of range). */
const char *fs_group_quantity_label_zh(fs_group_quantity q);
const char *fs_group_quantity_label_en(fs_group_quantity q);
const char *fs_group_quantity_definition(fs_group_quantity q);
/* 1 if q is a ratio (combined_ratio, inpatient_combined_ratio), with its
 * numerator's terms: sign x quantity for each of *nterms (at most 4) in
 * num[], and its denominator in *den; 0 otherwise. */
int fs_group_quantity_ratio(fs_group_quantity q, fs_group_quantity num[4], double sign[4],
                            int *nterms, fs_group_quantity *den);

/* Most groups of the table: the scenario's (at most 16) plus the implicit
 * ordinary residents; most tiers; most age bands (one per age 0..100). */
#define FS_RESULTS_MAX_GROUPS 17
#define FS_RESULTS_MAX_TIERS 4
#define FS_RESULTS_MAX_AGE_BANDS 101
/* The name and the id of the implicit ordinary-resident group in the table. */
#define FS_ORDINARY_GROUP_NAME "普通居民 ordinary"
#define FS_ORDINARY_GROUP_ID "ordinary"

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
    fs_mode mode_requested; /* what was asked: the run option, else the scenario's */
    int threads;        /* threads this process ran on (at most its replications) */
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
    int pooling_ledger; /* 1: a county ledger inside a municipal pool
                           (fund.pooling: ledger): the fund is the municipal
                           pool, and the metrics of fs_metric_ledger_na are NaN
                           (not applicable: the writers leave them empty) */
    double outpatient_account_initial_balance; /* the part of initial_balance in the
                               separate outpatient account (its
                               initial_balance; 0 without one), yuan: the start
                               of the account's balance recursion */
    /* Per group and tier: groups 0..ngroups_out-1 are the
     * scenario's groups in order, then the ordinary residents
     * (FS_ORDINARY_GROUP_NAME); tiers are the scenario's.  gvalues holds
     * rep_count * years * ngroups_out * ntiers_out * FS_GQ_COUNT values, index
     * (((r * years + y) * ngroups_out + g) * ntiers_out + t) * K + k, with
     * K = fs_results_gq(res) quantities: the FS_GQ_COUNT of fs_group_quantity,
     * then the enrollees of each of the nage_bands age bands
     * (fs_results_gat, fs_results_gat_age).  Summed over groups and tiers,
     * enrollees, income, subsidy, each spending line, the critical-illness
     * and assistance benefits and out-of-pocket equal their metrics
     * (fs_results_check_identities, docs/metrics.md); summed over the age
     * bands, a group and tier's enrollees.  gvalues NULL and ngroups_out =
     * ntiers_out = 0: no table (e.g. a difference of runs with different
     * groups or tiers). */
    int ngroups_out;
    int ntiers_out;
    char group_names[FS_RESULTS_MAX_GROUPS][64];
    char tier_names[FS_RESULTS_MAX_TIERS][64];
    /* The stable ids beside those display names: groups[].id (the
     * scenario's; FS_ORDINARY_GROUP_ID for the ordinary residents) and
     * "tier1", "tier2", ... (the tier's 1-based position). */
    char group_ids[FS_RESULTS_MAX_GROUPS][64];
    char tier_ids[FS_RESULTS_MAX_TIERS][16];
    double *gvalues;
    /* Age bands of the group table: 0 but for a run from a population.roster,
     * whose bands are the coarsest partition of ages 0..100 of which every
     * age or band of the roster is a union.  Band b holds ages
     * age_band_lo[b] .. age_band_lo[b+1] - 1; the last, up to 100 and over. */
    int nage_bands;
    int age_band_lo[FS_RESULTS_MAX_AGE_BANDS];
} fs_results;

/* Quantities per group and tier of the group table: FS_GQ_COUNT, then one
 * enrollee count per age band. */
static inline size_t fs_results_gq(const fs_results *res)
{
    return (size_t)FS_GQ_COUNT + (size_t)(res->nage_bands > 0 ? res->nage_bands : 0);
}

/* Values of the group table per replication (years * groups * tiers * K). */
static inline size_t fs_results_gper_rep(const fs_results *res)
{
    return (size_t)res->years * (size_t)res->ngroups_out * (size_t)res->ntiers_out *
           fs_results_gq(res);
}

/* Quantity k (0 .. fs_results_gq(res) - 1) of group g, tier t. */
static inline double *fs_results_gatk(const fs_results *res, int rep, int year_index, int g, int t,
                                      size_t k)
{
    return &res->gvalues[((((size_t)rep * (size_t)res->years + (size_t)year_index) *
                               (size_t)res->ngroups_out +
                           (size_t)g) *
                              (size_t)res->ntiers_out +
                          (size_t)t) *
                             fs_results_gq(res) +
                         k];
}

static inline double *fs_results_gat(const fs_results *res, int rep, int year_index, int g, int t,
                                     fs_group_quantity k)
{
    return fs_results_gatk(res, rep, year_index, g, t, (size_t)k);
}

/* The enrollees of age band b of group g, tier t. */
static inline double *fs_results_gat_age(const fs_results *res, int rep, int year_index, int g,
                                         int t, int b)
{
    return fs_results_gatk(res, rep, year_index, g, t, (size_t)FS_GQ_COUNT + (size_t)b);
}

/* The name of quantity k of the group table: fs_group_quantity_name, or for
 * an age band "enrollees_age_A-B" ("enrollees_age_A" for one age,
 * "enrollees_age_A+" for the last band when it ends at 100 and over);
 * "" if out of range.  Returns buf. */
const char *fs_results_gq_name(const fs_results *res, size_t k, char *buf, size_t n);

static inline double *fs_results_at(const fs_results *res, int rep, int year_index, fs_metric m)
{
    return &res->values[((size_t)rep * (size_t)res->years + (size_t)year_index) * FS_M_COUNT +
                        (size_t)m];
}

/* Runs the scenario.  On success *out holds the results (free with
 * fs_results_free).  Errors: FS_EUSAGE (bad options, err filled),
 * FS_ESCENARIO (a dated parameter has no value for a simulated year; err
 * names it), FS_ENUMERIC, FS_ENOMEM, FS_ECANCELED.  `err` (may be NULL) receives a
 * message.  Thread-safe for distinct results; the replications run on
 * opt->threads OpenMP threads and the values do not depend on that number. */
FS_NODISCARD int fs_run(const fs_scenario *sc, const fs_run_options *opt, fs_results **out,
                        char *err, size_t errlen);

void fs_results_free(fs_results *res);

/* fs_run_estimate: what fs_run(sc, opt) will need, without simulating: the mode; the whole
 * run's replications and years; persons simulated a replication-year (the first year's
 * expected enrollees, or sample mode's sample); bytes of results per replication and in all;
 * CPU seconds on one thread at FS_SECONDS_PER_PERSON_YEAR (bench/RESULTS.md "Estimate";
 * within a factor of about 2).  FS_OK, or the error fs_run would give for these options. */
typedef struct fs_estimate {
    fs_mode mode;
    int replications, years;
    double persons, bytes_per_rep, bytes, cpu_seconds;
} fs_estimate;
#define FS_SECONDS_PER_PERSON_YEAR 5.0e-8
FS_NODISCARD int fs_run_estimate(const fs_scenario *sc, const fs_run_options *opt,
                                 fs_estimate *out, char *err, size_t errlen);

/* Allocates results for rep_count replications of `years` years with a
 * group table of ngroups x ntiers (0, 0: none); values zeroed, years,
 * rep_count, ngroups_out and ntiers_out set, the rest zero for the caller
 * to fill (fs_results_copy_info copies it from another run).  FS_OK,
 * FS_EUSAGE (bad sizes) or FS_ENOMEM; *out NULL on failure. */
FS_NODISCARD int fs_results_alloc(int years, int rep_count, int ngroups, int ntiers,
                                  fs_results **out);
/* The same with nage_bands age bands in the group table (band_lo[b] the
 * first age of band b: 0 first, increasing, at most 100; NULL when
 * nage_bands is 0). */
FS_NODISCARD int fs_results_alloc_aged(int years, int rep_count, int ngroups, int ntiers,
                                       int nage_bands, const int *band_lo, fs_results **out);

/* Copies what a run was (scenario, start year, replications, seed, modes,
 * threads, initial balance, group and tier names) from src to dst; not the
 * values, the slice, enrollee_years nor sampling_rel_se. */
void fs_results_copy_info(fs_results *dst, const fs_results *src);

/* Version of the table of random-stream purposes (docs/model.md): results
 * with the same seed are comparable only under the same version. */
int fs_stream_table_version(void);

/* The random-number generator of every stream ("philox4x32-10"). */
const char *fs_generator_name(void);

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
 * fs_results_gper_rep(res) entries, index
 * ((y * ngroups_out + g) * ntiers_out + t) * fs_results_gq(res) + k.
 * A ratio (fs_group_quantity_ratio) is summarised as a ratio of means:
 * mean = sum over replications of its numerator / sum of its denominator
 * (0 if that is 0), se by the delta method; sd and percentiles are those
 * of the per-replication ratios.  FS_EUSAGE if res has no group table. */
FS_NODISCARD int fs_results_summarize_groups(const fs_results *res, fs_stat *stats);

/* ------------------------------------------------------------------ */
/* Targets: what `fundsim solve` asks of a run. */

typedef enum { FS_TARGET_GE = 0, FS_TARGET_LE = 1 } fs_target_op;

/* "METRIC[_STAT]@YEAR[..YEAR] OP VALUE": a statistic (stat 0 mean, 1 sd,
 * 2 p05, 3 p25, 4 p50, 5 p75, 6 p95) of a metric across replications, in
 * every policy year of a range, >= or <= a value.  E.g.
 * "prob_small_surplus@2023..2027 >= 0.8", "shortfall_cum_p95@2027 <= 0". */
typedef struct fs_target {
    fs_metric metric;
    int stat;
    int year_from, year_to;
    fs_target_op op;
    double value;
} fs_target;

/* How a run stands against a target: the margin (how far beyond the value,
 * positive when met) of the worst year, that year's value and Monte Carlo
 * se (for the mean; NaN for other statistics), and whether it is met. */
typedef struct fs_target_value {
    double margin, value, se;
    int year;
    int met;
} fs_target_value;

/* FS_OK, or FS_EUSAGE with a message naming what is wrong. */
FS_NODISCARD int fs_target_parse(const char *text, fs_target *t, char *err, size_t errlen);
/* Evaluates t on a run and its summaries (fs_results_summarize).  FS_OK, or
 * FS_EUSAGE when the target's years are not all in the run, or when the run
 * is a county ledger (pooling_ledger) and t's metric is one it leaves empty
 * (fs_metric_ledger_na). */
FS_NODISCARD int fs_target_eval(const fs_target *t, const fs_results *res, const fs_stat *stats,
                                fs_target_value *out, char *err, size_t errlen);
/* "mean", "sd", "p05" ... */
const char *fs_target_stat_name(int stat);

/* The search of `fundsim solve`: fn(x, ctx, &margin) runs the scenario with
 * the parameter at x and gives the target's margin (FS_OK, or an FS_*
 * error that stops the search). */
typedef int (*fs_solve_fn)(double x, void *ctx, double *margin);

typedef struct fs_solve_result {
    int found;                      /* a value in the range meets the target */
    double x;                       /* the smallest (largest) such value, to tol */
    double margin;                  /* the target's margin at x */
    double bracket_lo, bracket_hi;  /* the last bracket: x and a value that fails */
    int runs;                       /* runs (evaluations) made */
    int monotone;                   /* every run agreed: met on x's side only */
    int band;                       /* not monotone only because values beyond x fail too
                                       (a target met inside the range: --max's other edge) */
    int at_end;                     /* x is the end of the range (it met there) */
    double best_x, best_margin;     /* the value tried nearest to meeting, and its margin */
} fs_solve_result;

/* The smallest value x in [lo, hi] (the largest with `largest`) whose run
 * meets the target (margin >= 0), to within tol: the ends first (when
 * neither meets, the 7 interior points of an 8-interval grid from the near
 * end, until one does), then a bracketing search (GSL's Brent) on the
 * margin between the last value failing and the first meeting, and a
 * bisection of that bracket to width tol; the answer is then put on tol's
 * decimal grid (multiples of 0.1 for tol 0.5, of 1 for tol 1): the grid
 * point nearest the failing value whose run meets, by bisection on the
 * grid, so it stays within tol of where the target starts to hold.  A
 * margin that is not a number counts as failing.  FS_OK; FS_ENUMERIC when
 * no value in the range meets it (err says the best margin reached and
 * where) or after 200 runs; FS_EUSAGE; or fn's error. */
FS_NODISCARD int fs_solve(double lo, double hi, double tol, int largest, fs_solve_fn fn,
                          void *ctx, fs_solve_result *out, char *err, size_t errlen);

/* ------------------------------------------------------------------ */
/* Calibration: what `fundsim calibrate` fits (docs/model.md §14). */

#define FS_CALIB_MAX 48 /* rows of a calibration: targets and factors */

/* One target of calibrate.targets (or a level's cost per admission): the
 * observed value, the run's mean in the base year and its Monte Carlo se,
 * the relative residual fitted / target - 1, and the factor it fits ("none"
 * when it is only checked). */
typedef struct fs_calib_target {
    char target[64];  /* a metric id, or levels[K].cost_per_admission */
    char factor[64];  /* a factor key (calibrate.factors), levels[K].cost_factor, or none */
    double observed, fitted, se, residual;
} fs_calib_target;

/* One factor: its key path under calibrate (factors.admissions,
 * levels[0].cost_factor), value before and after, and whether a target fits it. */
typedef struct fs_calib_factor {
    char path[64];
    double start, value;
    int fitted;
} fs_calib_factor;

typedef struct fs_calibration {
    int year;                 /* calibrate.year */
    int ntargets, nfactors;
    fs_calib_target target[FS_CALIB_MAX];
    fs_calib_factor factor[FS_CALIB_MAX];
    int runs;                 /* runs of the base year made */
    int iterations;           /* Newton steps taken */
    double max_residual;      /* largest |residual| of the fitted targets */
    double tolerance;         /* calibrate.tolerance */
} fs_calibration;

/* The calibration factors sc applies that are not their defaults (1 for a
 * scale, 0 for a shift), in calibrate.factors order then the levels', into
 * out (at most max); *year gets calibrate.year.  Returns how many. */
size_t fs_scenario_calibration(const fs_scenario *sc, int *year, fs_calib_factor *out,
                               size_t max);

/* Called after each run with the run count and the largest |residual|. */
typedef void (*fs_calib_progress_fn)(int run, double max_residual, void *ctx);

/* Fits the factors of sc's calibrate: block to its targets: each fitted
 * target's mean in calibrate.year over the runs' replications equals the
 * observed value within calibrate.tolerance (relative).  Every run has the
 * options' seed and replications (common random numbers) and stops at the
 * base year; a Newton iteration on the targets' relative residuals, the
 * factors in logs (scales) or as shifts, with a Jacobian from differences
 * of 1% and Broyden's update, steps halved until the largest residual
 * falls.  A level's cost per admission is the level's cost mean (an
 * identity), so its factor is set in closed form.  On FS_OK sc holds the
 * fitted factors and *out the table.  Errors (err says which target):
 * FS_EUSAGE -- no target to fit, a target <= 0, the base year outside the
 * horizon; FS_ENUMERIC -- a target its factor cannot move (the scenario
 * has no such line), targets that depend on their factors in the same way
 * (under-determined), or one that no factor value in range reaches
 * (unreachable, with the closest value); or fs_run's error. */
FS_NODISCARD int fs_calibrate(fs_scenario *sc, const fs_run_options *opt, fs_calibration *out,
                              fs_calib_progress_fn progress, void *ctx, char *err,
                              size_t errlen);

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
 * the difference has none (gvalues NULL); its ratios are differences of
 * the per-replication ratios (not a ratio of differences, so
 * fs_results_summarize_groups' mean of a ratio means nothing there).  A
 * NaN in either run gives NaN.  Free *out with
 * fs_results_free.  Returns FS_OK, FS_EUSAGE or FS_ENOMEM (*out NULL on
 * failure). */
FS_NODISCARD int fs_results_diff(const fs_results *base, const fs_results *alt, fs_results **out,
                                 char *err, size_t errlen);

/* The share of replications whose value of (year index y, metric m) is
 * above 0: for a paired difference alt - base, the share where ALT > BASE. */
double fs_results_share_positive(const fs_results *res, int y, fs_metric m);

/* Checks the accounting identities in every replication and year
 * (income_total = sum of sources; spend_total = sum of lines; surplus;
 * balance recursion; individual = resident + subsidy; fiscal = sum of
 * levels; with a group table, enrollees, income, the spending lines, the
 * critical-illness and assistance benefits and out-of-pocket = their sums
 * over groups and tiers, and within each group and tier benefits_basic,
 * cost_total and the ratios add up; tolerance 1e-9 x the largest term).
 * Returns FS_OK; FS_ENUMERIC for a value not finite or beyond 1e150 (an input
 * too large: the message names the metric and likely input); or FS_EINTERNAL. */
FS_NODISCARD int fs_results_check_identities(const fs_results *res, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif /* FUNDSIM_H */
