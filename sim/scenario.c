/* sim/scenario.c -- scenario loading: extends, the schema, validation, binding, `show` views. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data_int.h"
#include "scenario_int.h"
#include "yaml_tree_int.h"

#define SUM_TOL 1e-6
#define MAX_EXTENDS 16
#define FILE_MAX (64 * 1024 * 1024)

/* ------------------------------------------------------------------ */
/* The schema: one table for every key of docs/scenario-syntax.yaml. */

typedef enum {
    T_MAP,      /* a mapping of keys (kids) */
    T_LIST,     /* a sequence of mappings (kids), count stored at cnt */
    T_STR,      /* text, buffer of aux bytes */
    T_INT,      /* int */
    T_U64,      /* uint64_t */
    T_NUM,      /* double */
    T_BOOL,     /* int 0/1 */
    T_BOOLD,    /* double 0/1 */
    T_ENUM,     /* int index into enums */
    T_SENUM,    /* text from enums, buffer of aux bytes */
    T_DATED,    /* fs_param */
    T_AGES,     /* fs_ageprof */
    T_AGES2,    /* fs_ageprof[2]: one map or {male:, female:} */
    T_COST,     /* fs_costdist */
    T_AGERANGE, /* [min, max] into two ints at off and off + sizeof(int) */
    T_DATEDSEQ  /* fs_param[aux]: a sequence of dated values */
} sch_type;

typedef enum {
    C_NONE,
    C_SHARE,  /* [0, 1] */
    C_NONNEG, /* >= 0 */
    C_POS,    /* > 0 */
    C_SIGNED, /* [-1, 1] */
    C_YEAR,   /* 1900..2200 */
    C_GE1,    /* >= 1 */
    C_AGE     /* 0..100 */
} sch_cons;

enum {
    F_REQ = 1,     /* required (when the parent is given) */
    F_RAW = 2,     /* off is into struct raw, not the scenario */
    F_PRES = 4,    /* pres: an int set to 1 when the key is given */
    F_OPT = 8,     /* a map not descended when absent (its defaults do not apply) */
    F_NOVIEW = 16, /* not listed by `show` */
    F_CALC = 32    /* default computed by the loader (def describes it) */
};

typedef struct sch {
    const char *key;
    sch_type type;
    sch_cons cons;
    unsigned flags;
    const char *def;  /* default as YAML text; NULL: none */
    const char *unit; /* "" if none */
    const char *doc;
    size_t off, stride;
    const struct sch *kids;
    const char *const *enums;
    size_t aux; /* T_STR/T_SENUM: buffer size; T_LIST/T_DATEDSEQ: max entries */
    size_t cnt; /* T_LIST: offset of the int count */
    size_t pres;
} sch;

/* Loader-only values (no field in struct fs_scenario). */
struct raw {
    char extends[512];
    double total;
    char structure[512];
    char table[512];
    char mort_table[512];
    double tfr;
};

#define AT(m) .off = offsetof(struct fs_scenario, m)
#define AT_G(m) .off = offsetof(struct fs_scenario, group[0].m), .stride = sizeof(fs_group)
#define AT_T(m) .off = offsetof(struct fs_scenario, tier[0].m), .stride = sizeof(fs_tier)
#define AT_L(m) \
    .off = offsetof(struct fs_scenario, inpatient.level[0].m), .stride = sizeof(fs_level)
#define AT_C(m) .off = offsetof(struct fs_scenario, chronic[0].m), .stride = sizeof(fs_chronic)
#define AT_B(m) .off = offsetof(struct fs_scenario, ci.band[0].m), .stride = sizeof(fs_band)
#define AT_R(m) .off = offsetof(struct raw, m)
#define PRES(m) .pres = offsetof(struct fs_scenario, m)
#define PRES_G(m) .pres = offsetof(struct fs_scenario, group[0].m), .stride = sizeof(fs_group)
#define END {.key = NULL}

static const char *const e_mode[] = {"auto", "exact", "sample", NULL};
static const char *const e_dist[] = {"lognormal", "gamma", NULL};
static const char *const e_subsidy[] = {"none", "full", "fixed", "percent", NULL};
static const char *const e_base[] = {"tier1", "own", NULL};
static const char *const e_payer[] = {"assistance", "other", NULL};
static const char *const e_mgmt[] = {"fixed", "topup", "benefit_ratio", "contribution", NULL};
static const char *const dated_meta[] = {"value", "growth", "ref", "unit", "note", NULL};
static const char *const ages_meta[] = {"ref", "unit", "note", NULL};
static const char *const cost_keys[] = {"dist", "mean", "cv", NULL};
static const char *const sex_keys[] = {"male", "female", NULL};

static const sch k_scenario[] = {
    {.key = "name", .type = T_STR, .flags = F_REQ, AT(name), .aux = 128,
     .doc = "scenario name, first column of summary.csv"},
    {.key = "region", .type = T_STR, .def = "", AT(region), .aux = 128,
     .doc = "pooling region (统筹地区), free text"},
    {.key = "start_year", .type = T_INT, .cons = C_YEAR, .flags = F_REQ, AT(start_year),
     .doc = "first policy (benefit) year simulated"},
    {.key = "years", .type = T_INT, .cons = C_GE1, .def = "10", AT(years), .unit = "years",
     .doc = "horizon: number of policy years simulated"},
    END};

static const sch k_simulation[] = {
    {.key = "replications", .type = T_INT, .cons = C_GE1, .def = "1000", AT(replications),
     .doc = "Monte Carlo replications"},
    {.key = "seed", .type = T_U64, .def = "20230101", AT(seed), .doc = "random seed"},
    {.key = "mode", .type = T_ENUM, .def = "auto", AT(mode), .enums = e_mode,
     .doc = "auto | exact | sample: how persons are simulated"},
    {.key = "exact_max_enrollees", .type = T_NUM, .cons = C_NONNEG, .def = "2000000",
     AT(exact_max_enrollees), .unit = "persons",
     .doc = "in auto mode, populations up to this size are simulated exactly"},
    {.key = "sample_per_cell", .type = T_INT, .cons = C_GE1, .def = "200", AT(sample_per_cell),
     .unit = "persons", .doc = "persons per (age, sex, group) cell in sample mode"},
    END};

static const sch k_mortality[] = {
    {.key = "table", .type = T_STR, .def = "china-wpp2024", .flags = F_RAW, AT_R(mort_table), .aux = 512,
     .doc = "china-wpp2024 (bundled) or a CSV path age,male,female of q(x)"},
    {.key = "improvement", .type = T_NUM, .cons = C_SIGNED, .def = "0.01",
     AT(mortality_improvement), .unit = "per year", .doc = "yearly relative fall of q(x)"},
    {.key = "shock_sd", .type = T_NUM, .cons = C_NONNEG, .def = "0", AT(mortality_shock_sd),
     .doc = "sd of a per-replication log shock to q(x)"},
    END};

static const sch k_fertility[] = {
    {.key = "tfr", .type = T_NUM, .cons = C_NONNEG, .def = "1.0", .flags = F_RAW, AT_R(tfr),
     .unit = "births per woman",
     .doc = "total fertility applied to the bundled census-2020 age shape"},
    {.key = "crude_birth_rate", .type = T_NUM, .cons = C_SHARE, .def = "0",
     AT(crude_birth_rate), .unit = "per resident per year",
     .doc = "alternative to tfr: births per resident per year (0 = use tfr)"},
    {.key = "sex_ratio_at_birth", .type = T_NUM, .cons = C_POS, .def = "111.3",
     AT(sex_ratio_at_birth), .unit = "males per 100 females", .doc = "sex ratio at birth"},
    END};

static const sch k_migration[] = {
    {.key = "net_rate", .type = T_DATED, .cons = C_SIGNED, .def = "0",
     AT(net_migration_rate), .unit = "per resident per year",
     .doc = "net migrants per resident per year, spread by the age structure"},
    END};

static const sch k_population[] = {
    {.key = "total", .type = T_NUM, .cons = C_NONNEG, .flags = F_RAW, AT_R(total), .unit = "persons",
     .doc = "eligible residents at the start (required unless table)"},
    {.key = "structure", .type = T_STR, .def = "china-2020", .flags = F_RAW, AT_R(structure), .aux = 512,
     .doc = "china-2020 (bundled census shares) or a CSV path age,male,female"},
    {.key = "table", .type = T_STR, .flags = F_RAW, AT_R(table), .aux = 512,
     .doc = "alternative to total+structure: CSV age,male,female of counts"},
    {.key = "mortality", .type = T_MAP, .kids = k_mortality, .doc = "mortality"},
    {.key = "fertility", .type = T_MAP, .kids = k_fertility, .doc = "fertility"},
    {.key = "migration", .type = T_MAP, .kids = k_migration, .doc = "migration"},
    END};

static const sch k_group_subsidy[] = {
    {.key = "type", .type = T_ENUM, .def = "none", AT_G(subsidy.kind), .enums = e_subsidy,
     .doc = "none | full | fixed | percent"},
    {.key = "amount", .type = T_DATED, .cons = C_NONNEG, AT_G(subsidy.amount), .unit = "元",
     .doc = "fixed: yuan per enrollee (at most the standard)"},
    {.key = "percent", .type = T_DATED, .cons = C_SHARE, AT_G(subsidy.percent),
     .doc = "percent: share of the base standard"},
    {.key = "base", .type = T_ENUM, .def = "tier1", AT_G(subsidy.base), .enums = e_base,
     .doc = "percent of the tier1 standard or of the enrollee's own tier"},
    {.key = "upper_tier_percent", .type = T_DATED, .cons = C_NONNEG,
     AT_G(subsidy.upper_tier_percent),
     .doc = "enrollees in tiers >= 2 get this x the tier-1 standard; unset = same rule"},
    {.key = "payer", .type = T_SENUM, .def = "assistance", AT_G(subsidy.payer),
     .enums = e_payer, .aux = FS_NAME_MAX, .doc = "assistance (医疗救助) | other"},
    END};

static const sch k_group_ci[] = {
    {.key = "deductible_factor", .type = T_DATED, .cons = C_NONNEG, .def = "1",
     AT_G(ci.deductible_factor), .doc = "multiplies the critical-illness deductible"},
    {.key = "ratio_add", .type = T_DATED, .cons = C_SIGNED, .def = "0", AT_G(ci.ratio_add),
     .doc = "added to the critical-illness ratios"},
    {.key = "no_cap", .type = T_BOOL, .def = "false", AT_G(ci.no_cap),
     .doc = "true: no critical-illness cap"},
    END};

static const sch k_group_assist[] = {
    {.key = "ratio", .type = T_DATED, .cons = C_SHARE, .flags = F_REQ, AT_G(assist.ratio),
     .doc = "share of the remaining self-paid cost above the threshold"},
    {.key = "threshold", .type = T_DATED, .cons = C_NONNEG, AT_G(assist.threshold),
     .unit = "元", .doc = "threshold in yuan; or"},
    {.key = "threshold_income_share", .type = T_DATED, .cons = C_NONNEG,
     AT_G(assist.threshold_income_share),
     .doc = "threshold as a share of financing.disposable_income"},
    {.key = "cap", .type = T_DATED, .cons = C_NONNEG, AT_G(assist.cap), .unit = "元",
     .doc = "yearly cap per person; unset = none"},
    END};

static const sch k_group[] = {
    {.key = "name", .type = T_STR, .flags = F_REQ, AT_G(name), .aux = FS_NAME_MAX,
     .doc = "group name (e.g. 特困人员)"},
    {.key = "id", .type = T_STR, .flags = F_CALC, .def = "the name", AT_G(id),
     .aux = FS_NAME_MAX, .doc = "ASCII identifier used in outputs"},
    {.key = "share", .type = T_DATED, .cons = C_SHARE, .flags = F_REQ, AT_G(share),
     .doc = "share of residents within the age range"},
    {.key = "ages", .type = T_AGERANGE, .def = "[0, 100]", AT_G(age_min),
     .doc = "[min, max] ages of the group"},
    {.key = "enrollment_rate", .type = T_DATED, .cons = C_SHARE, AT_G(enrollment_rate),
     .doc = "base enrollment rate; unset = enrollment.base_rate"},
    {.key = "price_sensitive", .type = T_BOOL, .def = "true", AT_G(price_sensitive),
     .doc = "the enrollment elasticity applies to the group"},
    {.key = "contribution", .type = T_DATEDSEQ, .cons = C_NONNEG, AT_G(contribution),
     .aux = FS_MAX_TIERS, .unit = "元", .doc = "own standards per tier; unset = the tier's"},
    {.key = "tier_shares", .type = T_DATEDSEQ, .cons = C_SHARE, AT_G(tier_share),
     .aux = FS_MAX_TIERS, .doc = "tier choice per tier (sum 1); unset = tiers[].choice_share"},
    {.key = "subsidy", .type = T_MAP, .kids = k_group_subsidy,
     .doc = "contribution subsidy (资助参保)"},
    {.key = "inpatient_ratio_add", .type = T_DATED, .cons = C_SIGNED, .def = "0",
     AT_G(inpatient_ratio_add), .doc = "points added to inpatient ratios"},
    {.key = "critical_illness", .type = T_MAP, .kids = k_group_ci,
     .doc = "critical-illness modifiers"},
    {.key = "assistance", .type = T_MAP, .flags = F_OPT | F_PRES, PRES_G(assist.eligible),
     .kids = k_group_assist, .doc = "medical assistance (医疗救助); given = eligible"},
    {.key = "no_waiting_period", .type = T_BOOLD, .def = "false", AT_G(waiting_exempt),
     .doc = "true: late enrollment brings no waiting period"},
    END};

static const sch k_tier[] = {
    {.key = "name", .type = T_STR, .flags = F_CALC, .def = "一档, 二档, 三档, 四档", AT_T(name),
     .aux = FS_NAME_MAX, .doc = "tier name"},
    {.key = "contribution", .type = T_DATED, .cons = C_NONNEG, .flags = F_REQ,
     AT_T(contribution), .unit = "元", .doc = "individual standard per person per year"},
    {.key = "choice_share", .type = T_DATED, .cons = C_SHARE, .flags = F_CALC,
     .def = "1 with one tier", AT_T(choice_share),
     .doc = "share of enrollees choosing the tier (sum 1)"},
    {.key = "outpatient_cap", .type = T_DATED, .cons = C_NONNEG, AT_T(outpatient_cap),
     .unit = "元", .doc = "overrides benefits.outpatient.cap"},
    {.key = "outpatient_ratio", .type = T_DATED, .cons = C_SHARE, AT_T(outpatient_ratio),
     .doc = "overrides the outpatient ratio"},
    {.key = "inpatient_ratio_add", .type = T_DATED, .cons = C_SIGNED, .def = "0",
     AT_T(inpatient_ratio_add), .doc = "points added to inpatient ratios"},
    END};

static const sch k_enrollment[] = {
    {.key = "base_rate", .type = T_DATED, .cons = C_SHARE, .def = "0.95", AT(enroll_base_rate),
     .doc = "base enrollment rate"},
    {.key = "elasticity", .type = T_NUM, .def = "0", AT(enroll_elasticity),
     .doc = "rate x exp(elasticity x (net price - ref) / ref), capped at 1"},
    {.key = "reference_price", .type = T_DATED, .cons = C_POS, .flags = F_CALC,
     .def = "the tier-1 contribution", AT(enroll_reference_price), .unit = "元",
     .doc = "reference price of the elasticity"},
    {.key = "shock_sd", .type = T_NUM, .cons = C_NONNEG, .def = "0.01", AT(enroll_shock_sd),
     .doc = "relative normal shock of the rate per replication-year"},
    {.key = "newborn_rate", .type = T_DATED, .cons = C_SHARE, .flags = F_CALC,
     .def = "enrollment.base_rate", AT(newborn_rate),
     .doc = "newborns enrolled within 90 days, covered from birth (groups with their own "
            "enrollment_rate use it for their newborns)"},
    {.key = "late_share", .type = T_DATED, .cons = C_SHARE, .def = "0", AT(late_share),
     .doc = "share enrolling late (gap over 3 months)"},
    {.key = "waiting_months", .type = T_DATED, .cons = C_NONNEG, .def = "3", AT(waiting_months),
     .unit = "months", .doc = "months without benefits for late enrollees"},
    END};

static const sch k_fiscal_shares[] = {
    {.key = "central", .type = T_NUM, .cons = C_SHARE, .def = "0", AT(fiscal_share[0]),
     .doc = "central budget (中央财政)"},
    {.key = "provincial", .type = T_NUM, .cons = C_SHARE, .def = "0", AT(fiscal_share[1]),
     .doc = "provincial budget (省级财政)"},
    {.key = "city", .type = T_NUM, .cons = C_SHARE, .def = "0", AT(fiscal_share[2]),
     .doc = "city budget (市级财政)"},
    {.key = "county", .type = T_NUM, .cons = C_SHARE, .def = "0", AT(fiscal_share[3]),
     .doc = "county budget (县级财政)"},
    END};

static const sch k_interest[] = {
    {.key = "mean", .type = T_NUM, .def = "0.015", AT(interest_mean), .unit = "per year",
     .doc = "mean interest rate on the balance"},
    {.key = "sd", .type = T_NUM, .cons = C_NONNEG, .def = "0", AT(interest_sd),
     .doc = "sd of the rate"},
    {.key = "ar", .type = T_NUM, .cons = C_SIGNED, .def = "0.8", AT(interest_ar),
     .doc = "AR(1) coefficient"},
    END};

static const sch k_financing[] = {
    {.key = "fiscal_subsidy", .type = T_DATED, .cons = C_NONNEG, .flags = F_REQ,
     AT(fiscal_subsidy), .unit = "元", .doc = "per-capita fiscal subsidy (财政补助)"},
    {.key = "fiscal_shares", .type = T_MAP, .flags = F_REQ, .kids = k_fiscal_shares,
     .doc = "split of the fiscal subsidy between budgets (sum 1)"},
    {.key = "other_income", .type = T_DATED, .def = "0", AT(other_income), .unit = "元",
     .doc = "other income of the fund per year"},
    {.key = "interest", .type = T_MAP, .kids = k_interest, .doc = "interest on the balance"},
    {.key = "disposable_income", .type = T_DATED, .cons = C_NONNEG, AT(disposable_income),
     .unit = "元", .doc = "per-capita disposable income used by *_income_share thresholds"},
    END};

static const sch k_inflation[] = {
    {.key = "mean", .type = T_NUM, .def = "0.05", AT(inflation_mean), .unit = "per year",
     .doc = "yearly medical inflation"},
    {.key = "sd", .type = T_NUM, .cons = C_NONNEG, .def = "0.02", AT(inflation_sd),
     .doc = "sd of inflation"},
    {.key = "ar", .type = T_NUM, .cons = C_SIGNED, .def = "0.5", AT(inflation_ar),
     .doc = "AR(1) coefficient"},
    END};

static const sch k_utilization[] = {
    {.key = "trend", .type = T_NUM, .def = "0.01", AT(utilization_trend), .unit = "per year",
     .doc = "yearly growth of frequencies"},
    {.key = "shock_sd", .type = T_NUM, .cons = C_NONNEG, .def = "0.03",
     AT(utilization_shock_sd), .doc = "per replication-year lognormal sd"},
    END};

static const sch k_costs[] = {
    {.key = "base_year", .type = T_INT, .cons = C_YEAR, .flags = F_CALC,
     .def = "scenario.start_year", AT(base_year), .doc = "year whose prices cost means are in"},
    {.key = "inflation", .type = T_MAP, .kids = k_inflation, .doc = "medical inflation"},
    {.key = "utilization", .type = T_MAP, .kids = k_utilization, .doc = "utilization"},
    END};

static const sch k_item_class[] = {
    {.key = "name", .type = T_STR, .flags = F_REQ,
     .off = offsetof(struct fs_scenario, outpatient.class_name[0]), .stride = FS_NAME_MAX,
     .aux = FS_NAME_MAX, .doc = "item class (甲类, 乙类)"},
    {.key = "share", .type = T_NUM, .cons = C_SHARE, .flags = F_REQ,
     .off = offsetof(struct fs_scenario, outpatient.class_share[0]), .stride = sizeof(double),
     .doc = "share of the cost (sum 1)"},
    {.key = "ratio", .type = T_DATED, .cons = C_SHARE, .flags = F_REQ,
     .off = offsetof(struct fs_scenario, outpatient.class_ratio[0]),
     .stride = sizeof(fs_param), .doc = "ratio paid for the class"},
    END};

static const sch k_outpatient[] = {
    {.key = "use_rate", .type = T_AGES, .cons = C_SHARE, .flags = F_REQ,
     AT(outpatient.use_rate), .doc = "share of enrollees with covered outpatient cost, by age"},
    {.key = "cost", .type = T_COST, .flags = F_REQ, AT(outpatient.cost), .unit = "元",
     .doc = "annual covered cost of a user, base year"},
    {.key = "deductible", .type = T_DATED, .cons = C_NONNEG, .def = "0",
     AT(outpatient.deductible), .unit = "元", .doc = "deductible per year"},
    {.key = "ratio", .type = T_DATED, .cons = C_SHARE, AT(outpatient.ratio),
     .doc = "ratio paid (required unless item_classes)"},
    {.key = "item_classes", .type = T_LIST, .kids = k_item_class,
     .cnt = offsetof(struct fs_scenario, outpatient.nclasses), .aux = FS_MAX_ITEM_CLASSES,
     .doc = "[{name, share, ratio}] by item class"},
    {.key = "cap", .type = T_DATED, .cons = C_NONNEG, AT(outpatient.cap), .unit = "元",
     .doc = "cap per year; unset = none (tiers may override)"},
    {.key = "account_share_cap", .type = T_DATED, .cons = C_SHARE,
     AT(outpatient.account_share_cap),
     .doc = "outpatient spending at most this share of fund income; unset = none"},
    END};

static const sch k_chronic[] = {
    {.key = "name", .type = T_STR, .flags = F_REQ, AT_C(name), .aux = FS_NAME_MAX,
     .doc = "programme name (两病, 门诊慢特病)"},
    {.key = "prevalence", .type = T_AGES, .cons = C_SHARE, .flags = F_REQ, AT_C(prevalence),
     .doc = "share of persons holding the status, by age"},
    {.key = "cost", .type = T_COST, .flags = F_REQ, AT_C(cost), .unit = "元",
     .doc = "annual covered cost of a holder, base year"},
    {.key = "in_scope", .type = T_DATED, .cons = C_SHARE, .def = "1", AT_C(in_scope),
     .doc = "share of the cost within policy scope"},
    {.key = "deductible", .type = T_DATED, .cons = C_NONNEG, .def = "0", AT_C(deductible),
     .unit = "元", .doc = "deductible per year"},
    {.key = "ratio", .type = T_DATED, .cons = C_SHARE, .flags = F_REQ, AT_C(ratio),
     .doc = "ratio paid by the fund"},
    {.key = "cap", .type = T_DATED, .cons = C_NONNEG, AT_C(cap), .unit = "元",
     .doc = "cap per year; unset = none"},
    {.key = "excludes_general_outpatient", .type = T_BOOL, .def = "false",
     AT_C(excludes_outpatient), .doc = "holders do not use general outpatient pooling"},
    {.key = "counts_for_critical_illness", .type = T_BOOL, .def = "false", AT_C(counts_for_ci),
     .doc = "the self-paid cost enters critical-illness insurance"},
    END};

static const sch k_level[] = {
    {.key = "name", .type = T_STR, .flags = F_REQ, AT_L(name), .aux = FS_NAME_MAX,
     .doc = "hospital level"},
    {.key = "share", .type = T_DATED, .cons = C_SHARE, .flags = F_REQ, AT_L(share),
     .doc = "share of admissions (sum 1 over levels)"},
    {.key = "cost", .type = T_COST, .flags = F_REQ, AT_L(cost), .unit = "元",
     .doc = "total cost per admission, base year"},
    {.key = "in_scope", .type = T_DATED, .cons = C_SHARE, .def = "1", AT_L(in_scope),
     .doc = "share of the cost within policy scope (政策范围内)"},
    {.key = "deductible", .type = T_DATED, .cons = C_NONNEG, .def = "0", AT_L(deductible),
     .unit = "元", .doc = "deductible per admission (起付线)"},
    {.key = "ratio", .type = T_DATED, .cons = C_SHARE, .flags = F_REQ, AT_L(ratio),
     .doc = "ratio paid above the deductible"},
    END};

static const sch k_inpatient[] = {
    {.key = "admission_rate", .type = T_AGES2, .cons = C_NONNEG, .flags = F_REQ,
     AT(inpatient.admission_rate), .unit = "per person-year",
     .doc = "admissions by age; one map or {male: ..., female: ...}"},
    {.key = "levels", .type = T_LIST, .flags = F_REQ, .kids = k_level,
     .cnt = offsetof(struct fs_scenario, inpatient.nlevels), .aux = FS_MAX_LEVELS,
     .doc = "hospital levels"},
    {.key = "annual_cap", .type = T_DATED, .cons = C_NONNEG, AT(inpatient.annual_cap),
     .unit = "元", .doc = "fund payment per person per year; unset = none"},
    END};

static const sch k_maternity[] = {
    {.key = "benefit", .type = T_DATED, .cons = C_NONNEG, .def = "0", AT(maternity.benefit),
     .unit = "元", .doc = "fund payment per birth"},
    END};

static const sch k_benefits[] = {
    {.key = "outpatient", .type = T_MAP, .flags = F_OPT | F_PRES, PRES(outpatient.enabled),
     .kids = k_outpatient, .doc = "general outpatient pooling (普通门诊统筹); given = enabled"},
    {.key = "chronic", .type = T_LIST, .kids = k_chronic, .cnt = offsetof(struct fs_scenario,
                                                                        nchronic),
     .aux = FS_MAX_CHRONIC, .doc = "chronic and special outpatient programmes (门诊慢特病)"},
    {.key = "inpatient", .type = T_MAP, .flags = F_REQ, .kids = k_inpatient,
     .doc = "inpatient care (住院)"},
    {.key = "maternity", .type = T_MAP, .kids = k_maternity, .doc = "maternity (生育医疗费用)"},
    END};

static const sch k_band[] = {
    {.key = "upto", .type = T_DATED, .cons = C_POS, .flags = F_REQ, AT_B(upto), .unit = "元",
     .doc = "upper bound above the deductible; last band .inf"},
    {.key = "ratio", .type = T_DATED, .cons = C_SHARE, .flags = F_REQ, AT_B(ratio),
     .doc = "ratio in the band"},
    END};

static const sch k_corridor[] = {
    {.key = "share", .type = T_DATED, .cons = C_SHARE, .def = "0", AT(ci.corridor_share),
     .doc = "share of the insurer's surplus or loss returned to or taken from the fund"},
    {.key = "band", .type = T_DATED, .cons = C_NONNEG, .def = "0", AT(ci.corridor_band),
     .doc = "loss ratios within [1-band, 1+band] are not shared"},
    END};

static const sch k_ci[] = {
    {.key = "premium", .type = T_DATED, .cons = C_NONNEG, AT(ci.premium), .unit = "元",
     .doc = "premium per enrollee; or"},
    {.key = "premium_income_share", .type = T_DATED, .cons = C_SHARE,
     AT(ci.premium_income_share), .doc = "premium as a share of fund income"},
    {.key = "deductible", .type = T_DATED, .cons = C_NONNEG, AT(ci.deductible), .unit = "元",
     .doc = "deductible in yuan; or"},
    {.key = "deductible_income_share", .type = T_DATED, .cons = C_NONNEG,
     AT(ci.deductible_income_share), .doc = "deductible as a share of disposable income"},
    {.key = "bands", .type = T_LIST, .kids = k_band,
     .cnt = offsetof(struct fs_scenario, ci.nbands), .aux = FS_MAX_BANDS,
     .doc = "[{upto, ratio}]; or a single ratio"},
    {.key = "ratio", .type = T_DATED, .cons = C_SHARE, .flags = F_NOVIEW,
     .off = offsetof(struct fs_scenario, ci.band[0].ratio), .doc = "a single ratio"},
    {.key = "cap", .type = T_DATED, .cons = C_NONNEG, AT(ci.cap), .unit = "元",
     .doc = "cap per person-year; unset = none"},
    {.key = "corridor", .type = T_MAP, .kids = k_corridor, .doc = "risk corridor"},
    END};

static const sch k_assistance[] = {
    {.key = "alert_line", .type = T_DATED, .cons = C_NONNEG, AT(assist.alert_line),
     .unit = "元", .doc = "impoverishment-risk alert line; unset = none"},
    END};

static const sch k_reserve[] = {
    {.key = "min_months", .type = T_DATED, .cons = C_NONNEG, .def = "6",
     AT(reserve_min_months), .unit = "months", .doc = "too little reserve below this"},
    {.key = "max_months", .type = T_DATED, .cons = C_NONNEG, .def = "15",
     AT(reserve_max_months), .unit = "months", .doc = "too much surplus above this"},
    END};

static const sch k_mrule[] = {
    {.key = "target_surplus_rate", .type = T_DATED, .cons = C_SIGNED, .def = "0.03",
     AT(mrule.target_surplus_rate), .doc = "benefit_ratio: surplus rate the factor steers to"},
    {.key = "gain", .type = T_DATED, .cons = C_NONNEG, .def = "1", AT(mrule.gain),
     .doc = "benefit_ratio: k_y = k_{y-1} (1 + gain (S/I of y-1 - target))"},
    {.key = "min_factor", .type = T_DATED, .cons = C_POS, .def = "0.8", AT(mrule.min_factor),
     .doc = "benefit_ratio: lower limit of the factor k"},
    {.key = "max_factor", .type = T_DATED, .cons = C_POS, .def = "1.1", AT(mrule.max_factor),
     .doc = "benefit_ratio: upper limit of the factor k"},
    {.key = "step", .type = T_DATED, .cons = C_NONNEG, .def = "30", AT(mrule.step),
     .unit = "元", .doc = "contribution: change of every standard per decision"},
    END};

static const sch k_fund[] = {
    {.key = "initial_balance", .type = T_DATED, .def = "0", AT(initial_balance), .unit = "元",
     .doc = "balance at the start of start_year"},
    {.key = "reserve_band", .type = T_MAP, .kids = k_reserve, .doc = "reserve band"},
    {.key = "management", .type = T_ENUM, .def = "fixed", AT(rule), .enums = e_mgmt,
     .doc = "fixed; topup (the budget covers any deficit); benefit_ratio (ratios follow the "
            "surplus rate); contribution (standards follow the reserve band, one cycle later)"},
    {.key = "rule", .type = T_MAP, .kids = k_mrule, .doc = "parameters of the management rule"},
    END};

static const sch k_root[] = {
    {.key = "extends", .type = T_STR, .flags = F_RAW | F_NOVIEW, AT_R(extends), .aux = 512,
     .doc = "a scenario this one is based on"},
    {.key = "scenario", .type = T_MAP, .flags = F_REQ, .kids = k_scenario, .doc = "identity"},
    {.key = "simulation", .type = T_MAP, .kids = k_simulation, .doc = "simulation"},
    {.key = "population", .type = T_MAP, .flags = F_REQ, .kids = k_population,
     .doc = "population"},
    {.key = "groups", .type = T_LIST, .kids = k_group, .cnt = offsetof(struct fs_scenario,
                                                                    ngroups),
     .aux = FS_MAX_GROUPS, .doc = "special groups, highest identity first"},
    {.key = "tiers", .type = T_LIST, .kids = k_tier, .cnt = offsetof(struct fs_scenario, ntiers),
     .aux = FS_MAX_TIERS, .doc = "contribution tiers"},
    {.key = "enrollment", .type = T_MAP, .kids = k_enrollment, .doc = "enrollment"},
    {.key = "financing", .type = T_MAP, .flags = F_REQ, .kids = k_financing,
     .doc = "financing"},
    {.key = "costs", .type = T_MAP, .kids = k_costs, .doc = "costs"},
    {.key = "benefits", .type = T_MAP, .flags = F_REQ, .kids = k_benefits, .doc = "benefits"},
    {.key = "critical_illness", .type = T_MAP, .flags = F_OPT | F_PRES, PRES(ci.enabled),
     .kids = k_ci, .doc = "critical-illness insurance (大病保险); given = enabled"},
    {.key = "assistance", .type = T_MAP, .kids = k_assistance, .doc = "medical assistance"},
    {.key = "fund", .type = T_MAP, .kids = k_fund, .doc = "fund"},
    END};

/* ------------------------------------------------------------------ */
/* `show` views. */

typedef enum { V_PARAM, V_NUM, V_INT, V_U64, V_TEXT } view_kind;

typedef struct view {
    const char *path;
    view_kind kind;
    const void *ptr; /* V_PARAM, V_NUM, V_INT, V_U64 */
    double value;    /* V_NUM when ptr is NULL */
    const char *text;
    const char *unit;
    const char *origin;
} view;

typedef struct views {
    fsi_arena *a;
    view *v;
    size_t n, cap;
} views;

static void views_free(views *w)
{
    if (w == NULL)
        return;
    fsi_arena_free(w->a);
    free(w->v);
    free(w);
}

/* ------------------------------------------------------------------ */
/* Loader state. */

typedef struct dated_rec {
    fs_param *p;
    const fsy_node *node;
    const char *path;
    sch_cons cons;
} dated_rec;

typedef struct fileinfo {
    const char *name; /* display name (interned in the arena) */
    const char *dir;  /* directory for relative paths ("" = working dir) */
} fileinfo;

typedef struct ctx {
    fs_scenario *sc;
    struct raw raw;
    fs_diags *d;
    fsi_arena *a; /* trees, names, paths of this load */
    views *vw;
    const char *mainfile;
    fileinfo files[MAX_EXTENDS + 2];
    size_t nfiles;
    dated_rec *dr;
    size_t ndr, capdr;
    int io_error, oom;
} ctx;

static void err(ctx *c, const fsy_node *n, const char *path, const char *fmt, ...)
    FSI_PRINTF(4, 5);
static void err(ctx *c, const fsy_node *n, const char *path, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fsi_diag_add(c->d, FS_DIAG_ERROR, n ? n->file : c->mainfile, n ? n->line : 0,
                 n ? n->col : 0, path, "%s", msg);
}

static void warn(ctx *c, const fsy_node *n, const char *path, const char *fmt, ...)
    FSI_PRINTF(4, 5);
static void warn(ctx *c, const fsy_node *n, const char *path, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fsi_diag_add(c->d, FS_DIAG_WARNING, n ? n->file : c->mainfile, n ? n->line : 0,
                 n ? n->col : 0, path, "%s", msg);
}

static const char *origin_of(ctx *c, const fsy_node *n)
{
    if (n == NULL || n->file == NULL)
        return "default";
    const char *s;
    if (n->file == c->mainfile)
        s = fsi_arena_printf(c->vw->a, "%s:%ld:%ld", n->file, n->line, n->col);
    else
        s = fsi_arena_printf(c->vw->a, "extends %s:%ld:%ld", n->file, n->line, n->col);
    if (s == NULL)
        c->oom = 1;
    return s ? s : "";
}

static view *add_view(ctx *c, const char *path, view_kind kind, const void *ptr,
                      const char *unit, const fsy_node *n)
{
    views *w = c->vw;
    if (w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 128;
        view *v = realloc(w->v, cap * sizeof *v);
        if (v == NULL) {
            c->oom = 1;
            return NULL;
        }
        w->v = v;
        w->cap = cap;
    }
    view *v = &w->v[w->n];
    memset(v, 0, sizeof *v);
    v->path = fsi_arena_strndup(w->a, path, strlen(path));
    v->kind = kind;
    v->ptr = ptr;
    v->unit = unit ? unit : "";
    v->text = "";
    v->origin = origin_of(c, n);
    if (v->path == NULL) {
        c->oom = 1;
        return NULL;
    }
    w->n++;
    return v;
}

static void add_text_view(ctx *c, const char *path, const char *text, const fsy_node *n)
{
    view *v = add_view(c, path, V_TEXT, NULL, "", n);
    if (v) {
        v->text = fsi_arena_strndup(c->vw->a, text, strlen(text));
        if (v->text == NULL)
            c->oom = 1;
    }
}

/* Path helpers: all paths fit in 256 bytes like fs_diag.path. */
typedef struct pathbuf {
    char s[256];
} pathbuf;

static pathbuf path_key(const char *parent, const char *key)
{
    pathbuf p;
    int w;
    if (parent[0])
        w = snprintf(p.s, sizeof p.s, "%s.%s", parent, key);
    else
        w = snprintf(p.s, sizeof p.s, "%s", key);
    if (w < 0)
        p.s[0] = '\0';
    return p;
}

static pathbuf path_idx(const char *parent, size_t i)
{
    pathbuf p;
    if (snprintf(p.s, sizeof p.s, "%s[%zu]", parent, i) < 0)
        p.s[0] = '\0';
    return p;
}

/* ------------------------------------------------------------------ */
/* Scalars. */

/* Edit distance for did-you-mean (optimal string alignment: insertions,
 * deletions, substitutions and transpositions of neighbours cost 1). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    size_t d[64][64];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

/* Best candidate within distance 2 (1 for short keys), or NULL. */
static const char *suggest(const char *key, const char *const *cands)
{
    size_t best = 99;
    const char *out = NULL;
    size_t len = strlen(key);
    size_t limit = len >= 5 ? 2 : 1;
    for (size_t i = 0; cands[i]; i++) {
        size_t dist = edit_distance(key, cands[i]);
        if (dist < best) {
            best = dist;
            out = cands[i];
        }
    }
    return best <= limit ? out : NULL;
}

static void unknown_key(ctx *c, const fsy_node *key, const char *path,
                        const char *const *cands, const char *what)
{
    const char *s = suggest(key->text, cands);
    if (s) {
        err(c, key, path, "unknown key; did you mean '%s'?", s);
        return;
    }
    char list[400];
    size_t k = 0;
    list[0] = '\0';
    for (size_t i = 0; cands[i] && k < sizeof list; i++) {
        int w = snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "", cands[i]);
        if (w > 0)
            k += (size_t)w < sizeof list - k ? (size_t)w : sizeof list - k - 1;
    }
    err(c, key, path, "unknown key; expected %s%s", what, list);
}

static int is_inf_text(const char *t, double *v)
{
    const char *s = t;
    double sign = 1.0;
    if (*s == '+' || *s == '-') {
        sign = *s == '-' ? -1.0 : 1.0;
        s++;
    }
    if (strcmp(s, ".inf") == 0 || strcmp(s, ".Inf") == 0 || strcmp(s, ".INF") == 0) {
        *v = sign * HUGE_VAL;
        return 1;
    }
    return 0;
}

/* 0: ok; 1: not a number (message in why); 2: out of range. */
static int scan_number(const char *t, double *v)
{
    if (is_inf_text(t, v))
        return 0;
    if (*t == '\0')
        return 1;
    for (const char *p = t; *p; p++)
        if (!strchr("0123456789+-.eE", *p))
            return 1;
    if (!(t[0] == '+' || t[0] == '-' || t[0] == '.' || (t[0] >= '0' && t[0] <= '9')))
        return 1;
    char *end;
    errno = 0;
    double x = strtod(t, &end);
    if (end == t || *end != '\0')
        return 1;
    if (errno == ERANGE && fabs(x) > 1.0)
        return 2;
    *v = x;
    return 0;
}

/* Describes a node that is not what was expected. */
static const char *got_what(ctx *c, const fsy_node *n)
{
    if (n->kind != FSY_SCALAR)
        return fsi_yaml_kind_name(n);
    if (fsi_yaml_is_null(n))
        return "null";
    if (n->quoted) {
        const char *s = fsi_arena_printf(c->a, "the string \"%s\"", n->text);
        return s ? s : "a string";
    }
    const char *s = fsi_arena_printf(c->a, "'%s'", n->text);
    return s ? s : "?";
}

static int get_number(ctx *c, const fsy_node *n, const char *path, double *v)
{
    if (n->kind != FSY_SCALAR || fsi_yaml_is_null(n) || n->quoted) {
        err(c, n, path, "expected a number, got %s", got_what(c, n));
        return 0;
    }
    int r = scan_number(n->text, v);
    if (r == 1) {
        err(c, n, path, "expected a number, got %s", got_what(c, n));
        return 0;
    }
    if (r == 2) {
        err(c, n, path, "%s is out of range", n->text);
        return 0;
    }
    return 1;
}

static int scan_long(const char *t, long *v)
{
    if (*t == '\0')
        return 1;
    const char *p = t;
    if (*p == '+' || *p == '-')
        p++;
    if (*p == '\0')
        return 1;
    for (; *p; p++)
        if (*p < '0' || *p > '9')
            return 1;
    char *end;
    errno = 0;
    long x = strtol(t, &end, 10);
    if (*end != '\0')
        return 1;
    if (errno == ERANGE || x > INT_MAX || x < INT_MIN)
        return 2;
    *v = x;
    return 0;
}

static int get_int(ctx *c, const fsy_node *n, const char *path, long *v)
{
    if (n->kind != FSY_SCALAR || fsi_yaml_is_null(n) || n->quoted) {
        err(c, n, path, "expected an integer, got %s", got_what(c, n));
        return 0;
    }
    int r = scan_long(n->text, v);
    if (r == 1) {
        err(c, n, path, "expected an integer, got %s", got_what(c, n));
        return 0;
    }
    if (r == 2) {
        err(c, n, path, "%s is out of range", n->text);
        return 0;
    }
    return 1;
}

/* Checks a constraint; `text` is the value as written. */
static int check_cons(ctx *c, const fsy_node *n, const char *path, sch_cons cons, double v,
                      const char *text)
{
    char buf[64];
    if (text == NULL) {
        snprintf(buf, sizeof buf, "%g", v);
        text = buf;
    }
    switch (cons) {
    case C_SHARE:
        if (!(v >= 0.0 && v <= 1.0)) {
            err(c, n, path, "%s is not a share in [0,1]", text);
            return 0;
        }
        break;
    case C_NONNEG:
        if (!(v >= 0.0)) {
            err(c, n, path, "%s is negative; expected a value >= 0", text);
            return 0;
        }
        break;
    case C_POS:
        if (!(v > 0.0)) {
            err(c, n, path, "%s is not positive; expected a value > 0", text);
            return 0;
        }
        break;
    case C_SIGNED:
        if (!(v >= -1.0 && v <= 1.0)) {
            err(c, n, path, "%s is not in [-1,1]", text);
            return 0;
        }
        break;
    case C_YEAR:
        if (!(v >= 1900 && v <= 2200)) {
            err(c, n, path, "year %s is out of range 1900..2200", text);
            return 0;
        }
        break;
    case C_GE1:
        if (!(v >= 1)) {
            err(c, n, path, "%s is less than 1", text);
            return 0;
        }
        break;
    case C_AGE:
        if (!(v >= 0 && v <= FS_MAX_AGE)) {
            err(c, n, path, "age %s is out of range 0..%d", text, FS_MAX_AGE);
            return 0;
        }
        break;
    default:
        break;
    }
    if (isnan(v) || (isinf(v) && cons != C_POS)) {
        err(c, n, path, "%s is not a finite number", text);
        return 0;
    }
    return 1;
}

static int get_bool(ctx *c, const fsy_node *n, const char *path, int *v)
{
    if (n->kind == FSY_SCALAR && !n->quoted) {
        const char *t = n->text;
        if (!strcmp(t, "true") || !strcmp(t, "True") || !strcmp(t, "TRUE")) {
            *v = 1;
            return 1;
        }
        if (!strcmp(t, "false") || !strcmp(t, "False") || !strcmp(t, "FALSE")) {
            *v = 0;
            return 1;
        }
    }
    err(c, n, path, "expected true or false, got %s", got_what(c, n));
    return 0;
}

static int get_text(ctx *c, const fsy_node *n, const char *path, char *buf, size_t size)
{
    if (n->kind != FSY_SCALAR || (fsi_yaml_is_null(n) && n->file != NULL)) {
        err(c, n, path, "expected a string, got %s", got_what(c, n));
        return 0;
    }
    if (n->len >= size) {
        err(c, n, path, "text is too long (%zu bytes, at most %zu)", n->len, size - 1);
        return 0;
    }
    memcpy(buf, n->text, n->len + 1);
    return 1;
}

static int get_enum(ctx *c, const fsy_node *n, const char *path, const char *const *names,
                    int *idx)
{
    if (n->kind == FSY_SCALAR) {
        for (int i = 0; names[i]; i++) {
            if (strcmp(n->text, names[i]) == 0) {
                *idx = i;
                return 1;
            }
        }
    }
    char list[200];
    size_t k = 0;
    list[0] = '\0';
    for (size_t i = 0; names[i] && k < sizeof list; i++) {
        int w = snprintf(list + k, sizeof list - k, "%s%s", i ? " | " : "", names[i]);
        if (w > 0)
            k += (size_t)w < sizeof list - k ? (size_t)w : sizeof list - k - 1;
    }
    const char *s = n->kind == FSY_SCALAR ? suggest(n->text, names) : NULL;
    if (s)
        err(c, n, path, "expected %s, got %s; did you mean '%s'?", list, got_what(c, n), s);
    else
        err(c, n, path, "expected %s, got %s", list, got_what(c, n));
    return 0;
}

/* ------------------------------------------------------------------ */
/* Compound values. */

static void add_dated_rec(ctx *c, fs_param *p, const fsy_node *n, const char *path,
                          sch_cons cons)
{
    if (c->ndr == c->capdr) {
        size_t cap = c->capdr ? 2 * c->capdr : 64;
        dated_rec *v = realloc(c->dr, cap * sizeof *v);
        if (v == NULL) {
            c->oom = 1;
            return;
        }
        c->dr = v;
        c->capdr = cap;
    }
    char *ps = fsi_arena_strndup(c->a, path, strlen(path));
    if (ps == NULL) {
        c->oom = 1;
        return;
    }
    c->dr[c->ndr].p = p;
    c->dr[c->ndr].node = n;
    c->dr[c->ndr].path = ps;
    c->dr[c->ndr].cons = cons;
    c->ndr++;
}

static int parse_growth(ctx *c, const fsy_node *n, const char *path, fs_param *p)
{
    char buf[64];
    if (n->kind != FSY_SCALAR || n->quoted || n->len == 0 || n->len >= sizeof buf) {
        err(c, n, path, "expected a growth rule such as 30/year or 4%%, got %s",
            got_what(c, n));
        return 0;
    }
    memcpy(buf, n->text, n->len + 1);
    size_t len = n->len;
    int per_year = 0, pct = 0;
    if (len > 5 && strcmp(buf + len - 5, "/year") == 0) {
        per_year = 1;
        len -= 5;
        buf[len] = '\0';
    }
    if (len > 1 && buf[len - 1] == '%') {
        pct = 1;
        buf[--len] = '\0';
    }
    double v;
    if ((!per_year && !pct) || scan_number(buf, &v) != 0 || !isfinite(v)) {
        err(c, n, path, "expected a growth rule such as 30/year or 4%%, got %s",
            got_what(c, n));
        return 0;
    }
    if (pct) {
        p->growth_kind = FS_GROWTH_MUL;
        p->growth = v / 100.0;
        if (p->growth <= -1.0) {
            err(c, n, path, "growth %s would make the value negative", n->text);
            return 0;
        }
    } else {
        p->growth_kind = FS_GROWTH_ADD;
        p->growth = v;
    }
    return 1;
}

/* Parses a dated parameter (see docs/scenario-syntax.yaml).  Returns 1 if valid. */
static int parse_dated(ctx *c, const fsy_node *n, const char *path, sch_cons cons,
                       const char *unit, fs_param *p)
{
    memset(p, 0, sizeof *p);
    double v;
    if (n->kind == FSY_SCALAR) {
        if (!get_number(c, n, path, &v) || !check_cons(c, n, path, cons, v, n->text))
            return 0;
        fsi_param_scalar(p, v);
        snprintf(p->unit, sizeof p->unit, "%s", unit ? unit : "");
        if (n->file)
            add_dated_rec(c, p, n, path, cons);
        return 1;
    }
    if (n->kind != FSY_MAP) {
        err(c, n, path, "expected a number or a mapping of years to numbers, got %s",
            fsi_yaml_kind_name(n));
        return 0;
    }
    int ok = 1, have_value = 0, have_unit = 0;
    const fsy_node *growth = NULL, *value = NULL;
    int last_year = 0;
    for (size_t i = 0; i < n->n; i++) {
        const fsy_node *k = n->pairs[i].key, *val = n->pairs[i].val;
        const char *kt = k->text;
        if (!strcmp(kt, "value")) {
            value = val;
            if (get_number(c, val, path, &v) && check_cons(c, val, path, cons, v, val->text)) {
                have_value = 1;
                p->value[0] = v;
            } else {
                ok = 0;
            }
        } else if (!strcmp(kt, "growth")) {
            growth = k;
            if (!parse_growth(c, val, path, p))
                ok = 0;
        } else if (!strcmp(kt, "ref")) {
            ok &= get_text(c, val, path, p->ref, sizeof p->ref);
        } else if (!strcmp(kt, "unit")) {
            have_unit = 1;
            ok &= get_text(c, val, path, p->unit, sizeof p->unit);
        } else if (!strcmp(kt, "note")) {
            /* free text */
        } else {
            long y;
            if (k->quoted || scan_long(kt, &y) != 0) {
                pathbuf kp = path_key(path, kt);
                unknown_key(c, k, kp.s, dated_meta, "a year or one of ");
                ok = 0;
                continue;
            }
            if (y < 1900 || y > 2200) {
                err(c, k, path, "year %ld is out of range 1900..2200", y);
                ok = 0;
                continue;
            }
            if (p->n > 0 && y <= last_year) {
                err(c, k, path, "years out of order: %ld after %d", y, last_year);
                ok = 0;
                continue;
            }
            if (p->n >= FS_PARAM_MAXPTS) {
                err(c, k, path, "more than %d dated values", FS_PARAM_MAXPTS);
                ok = 0;
                continue;
            }
            last_year = (int)y;
            if (get_number(c, val, path, &v) && check_cons(c, val, path, cons, v, val->text)) {
                p->year[p->n] = (int)y;
                p->value[p->n] = v;
                p->n++;
            } else {
                ok = 0;
                /* keep the year so that resolution checks do not cascade */
                p->year[p->n] = (int)y;
                p->value[p->n] = 0.0;
                p->n++;
            }
        }
    }
    if (!have_unit)
        snprintf(p->unit, sizeof p->unit, "%s", unit ? unit : "");
    if (have_value && p->n > 0) {
        err(c, value, path, "give either value: or years, not both");
        ok = 0;
    } else if (have_value) {
        if (growth) {
            err(c, growth, path, "growth needs a dated value (a year) to grow from");
            ok = 0;
        }
        fsi_param_scalar(p, p->value[0]);
    } else if (p->n == 0 && ok) {
        if (growth)
            err(c, growth, path, "growth needs a dated value (a year) to grow from");
        else
            err(c, n, path, "no value: give a number, years, or value:");
        ok = 0;
    }
    if (!ok) {
        p->n = 0;
        return 0;
    }
    add_dated_rec(c, p, n, path, cons);
    return 1;
}

/* An age profile map (or a single number for all ages). */
static int parse_ages(ctx *c, const fsy_node *n, const char *path, sch_cons cons,
                      fs_ageprof *ap)
{
    double v;
    if (n->kind == FSY_SCALAR) {
        if (!get_number(c, n, path, &v) || !check_cons(c, n, path, cons, v, n->text))
            return 0;
        for (int a = 0; a < FS_NAGES; a++)
            ap->v[a] = v;
        return 1;
    }
    if (n->kind != FSY_MAP) {
        err(c, n, path, "expected a mapping of ages to numbers, got %s", fsi_yaml_kind_name(n));
        return 0;
    }
    int ok = 1, nages = 0;
    long prev = -1;
    double prev_v = 0.0;
    for (size_t i = 0; i < n->n; i++) {
        const fsy_node *k = n->pairs[i].key, *val = n->pairs[i].val;
        if (!strcmp(k->text, "ref")) {
            ok &= get_text(c, val, path, ap->ref, sizeof ap->ref);
            continue;
        }
        if (!strcmp(k->text, "unit") || !strcmp(k->text, "note"))
            continue;
        long age;
        if (k->quoted || scan_long(k->text, &age) != 0) {
            pathbuf kp = path_key(path, k->text);
            unknown_key(c, k, kp.s, ages_meta, "an age or one of ");
            ok = 0;
            continue;
        }
        if (age < 0 || age > FS_MAX_AGE) {
            err(c, k, path, "age %ld is out of range 0..%d", age, FS_MAX_AGE);
            ok = 0;
            continue;
        }
        if (nages == 0 && age != 0) {
            err(c, k, path, "first age must be 0, got %ld", age);
            ok = 0;
        } else if (nages > 0 && age <= prev) {
            err(c, k, path, "ages out of order: %ld after %ld", age, prev);
            ok = 0;
            continue;
        }
        if (!get_number(c, val, path, &v) || !check_cons(c, val, path, cons, v, val->text)) {
            ok = 0;
            v = 0.0;
        }
        if (nages > 0)
            for (long a = prev; a < age; a++)
                ap->v[a] = prev_v;
        prev = age;
        prev_v = v;
        nages++;
    }
    if (nages == 0 && ok) {
        err(c, n, path, "no ages: expected a mapping such as {0: 0.1, 60: 0.3}");
        return 0;
    }
    for (long a = prev < 0 ? 0 : prev; a <= FS_MAX_AGE; a++)
        ap->v[a] = prev_v;
    return ok;
}

static int parse_cost(ctx *c, const fsy_node *n, const char *path, fs_costdist *cd)
{
    if (n->kind != FSY_MAP) {
        err(c, n, path, "expected a mapping {dist, mean, cv}, got %s", fsi_yaml_kind_name(n));
        return 0;
    }
    int ok = 1, have_mean = 0, have_cv = 0;
    cd->kind = FS_DIST_LOGNORMAL;
    for (size_t i = 0; i < n->n; i++) {
        const fsy_node *k = n->pairs[i].key, *val = n->pairs[i].val;
        pathbuf kp = path_key(path, k->text);
        double v;
        if (!strcmp(k->text, "dist")) {
            int idx;
            if (get_enum(c, val, kp.s, e_dist, &idx))
                cd->kind = (fs_dist_kind)idx;
            else
                ok = 0;
        } else if (!strcmp(k->text, "mean") || !strcmp(k->text, "cv")) {
            int is_mean = k->text[0] == 'm';
            if (get_number(c, val, kp.s, &v) &&
                check_cons(c, val, kp.s, is_mean ? C_NONNEG : C_POS, v, val->text) &&
                check_cons(c, val, kp.s, C_NONE, v, val->text)) {
                if (is_mean) {
                    cd->mean = v;
                    have_mean = 1;
                } else {
                    cd->cv = v;
                    have_cv = 1;
                }
            } else {
                ok = 0;
                have_mean |= is_mean;
                have_cv |= !is_mean;
            }
        } else {
            unknown_key(c, k, kp.s, cost_keys, "one of ");
            ok = 0;
        }
    }
    if (!have_mean) {
        err(c, n, path, "missing required key 'mean'");
        ok = 0;
    }
    if (!have_cv) {
        err(c, n, path, "missing required key 'cv'");
        ok = 0;
    }
    return ok;
}

static int parse_agerange(ctx *c, const fsy_node *n, const char *path, int *lo, int *hi)
{
    if (n->kind != FSY_SEQ || n->n != 2) {
        err(c, n, path, "expected [min, max] ages, got %s",
            n->kind == FSY_SEQ ? "a sequence of another length" : got_what(c, n));
        return 0;
    }
    long a, b;
    if (!get_int(c, n->items[0], path, &a) || !get_int(c, n->items[1], path, &b))
        return 0;
    if (!check_cons(c, n->items[0], path, C_AGE, (double)a, n->items[0]->text) ||
        !check_cons(c, n->items[1], path, C_AGE, (double)b, n->items[1]->text))
        return 0;
    if (a > b) {
        err(c, n, path, "age range [%ld, %ld] is reversed", a, b);
        return 0;
    }
    *lo = (int)a;
    *hi = (int)b;
    return 1;
}

/* ------------------------------------------------------------------ */
/* The schema walk: validates a mapping against its table and binds. */

static void walk_map(ctx *c, const sch *kids, const fsy_node *m, const char *path,
                     size_t idx);

static void *field(ctx *c, const sch *e, size_t idx)
{
    char *base = (e->flags & F_RAW) ? (char *)&c->raw : (char *)c->sc;
    return base + e->off + idx * e->stride;
}

static void walk_list(ctx *c, const sch *e, const fsy_node *n, const char *path)
{
    int *count = (int *)(void *)((char *)c->sc + e->cnt);
    *count = 0;
    if (n->kind != FSY_SEQ) {
        err(c, n, path, "expected a sequence, got %s", got_what(c, n));
        return;
    }
    if (n->n > e->aux) {
        err(c, n, path, "too many entries (%zu, at most %zu)", n->n, e->aux);
        return;
    }
    for (size_t i = 0; i < n->n; i++) {
        pathbuf ip = path_idx(path, i);
        if (n->items[i]->kind != FSY_MAP) {
            err(c, n->items[i], ip.s, "expected a mapping, got %s", got_what(c, n->items[i]));
            continue;
        }
        walk_map(c, e->kids, n->items[i], ip.s, i);
    }
    *count = (int)n->n;
}

static void ages_text(ctx *c, const char *path, const fsy_node *n)
{
    /* `show` lists an age profile as the text of its map. */
    char buf[512];
    size_t k = 0;
    buf[0] = '\0';
    if (n->kind == FSY_SCALAR) {
        snprintf(buf, sizeof buf, "%s", n->text);
    } else {
        for (size_t i = 0; i < n->n && k < sizeof buf; i++) {
            if (n->pairs[i].val->kind != FSY_SCALAR)
                continue;
            int w = snprintf(buf + k, sizeof buf - k, "%s%s: %s", k ? ", " : "{",
                             n->pairs[i].key->text, n->pairs[i].val->text);
            if (w > 0)
                k += (size_t)w < sizeof buf - k ? (size_t)w : sizeof buf - k - 1;
        }
        if (k + 1 < sizeof buf)
            snprintf(buf + k, sizeof buf - k, "}");
    }
    add_text_view(c, path, buf, n);
}

/* Validates and binds one value; n may be a fake node holding a default. */
static void walk_value(ctx *c, const sch *e, const fsy_node *n, const char *path, size_t idx)
{
    void *f = field(c, e, idx);
    int showv = !(e->flags & F_NOVIEW);
    double v;
    long l;
    int b, k;
    switch (e->type) {
    case T_MAP:
        if (n->kind != FSY_MAP) {
            err(c, n, path, "expected a mapping, got %s", got_what(c, n));
            return;
        }
        if (e->flags & F_PRES)
            *(int *)(void *)((char *)c->sc + e->pres + idx * e->stride) = 1;
        walk_map(c, e->kids, n, path, idx);
        return;
    case T_LIST:
        walk_list(c, e, n, path);
        return;
    case T_STR:
        if (get_text(c, n, path, f, e->aux) && showv)
            add_text_view(c, path, (const char *)f, n);
        return;
    case T_SENUM:
        if (get_enum(c, n, path, e->enums, &k)) {
            snprintf(f, e->aux, "%s", e->enums[k]);
            if (showv)
                add_text_view(c, path, e->enums[k], n);
        }
        return;
    case T_ENUM:
        if (get_enum(c, n, path, e->enums, &k)) {
            memcpy(f, &k, sizeof k); /* enums are int-sized */
            if (showv)
                add_text_view(c, path, e->enums[k], n);
        }
        return;
    case T_INT:
        if (get_int(c, n, path, &l) && check_cons(c, n, path, e->cons, (double)l, n->text)) {
            *(int *)f = (int)l;
            if (showv)
                add_view(c, path, V_INT, f, e->unit, n);
        }
        return;
    case T_U64: {
        int okn = n->kind == FSY_SCALAR && !n->quoted && n->len > 0 && n->len < 21;
        for (size_t i = 0; okn && i < n->len; i++)
            okn = n->text[i] >= '0' && n->text[i] <= '9';
        if (!okn) {
            err(c, n, path, "expected a non-negative integer, got %s", got_what(c, n));
            return;
        }
        errno = 0;
        char *end;
        unsigned long long u = strtoull(n->text, &end, 10);
        if (errno == ERANGE || *end != '\0') {
            err(c, n, path, "%s is out of range", n->text);
            return;
        }
        *(uint64_t *)f = (uint64_t)u;
        if (showv)
            add_view(c, path, V_U64, f, e->unit, n);
        return;
    }
    case T_NUM:
        if (get_number(c, n, path, &v) && check_cons(c, n, path, e->cons, v, n->text)) {
            if (!isfinite(v) && !(e->cons == C_POS && v > 0)) {
                err(c, n, path, "%s is not a finite number", n->text);
                return;
            }
            *(double *)f = v;
            if (showv) {
                view *w = add_view(c, path, V_NUM, (e->flags & F_RAW) ? NULL : f, e->unit, n);
                if (w)
                    w->value = v;
            }
        }
        return;
    case T_BOOL:
    case T_BOOLD:
        if (get_bool(c, n, path, &b)) {
            if (e->type == T_BOOL)
                *(int *)f = b;
            else
                *(double *)f = b;
            if (showv)
                add_text_view(c, path, b ? "true" : "false", n);
        }
        return;
    case T_DATED:
        if (parse_dated(c, n, path, e->cons, e->unit, f) && showv)
            add_view(c, path, V_PARAM, f, NULL, n);
        return;
    case T_AGES:
        if (parse_ages(c, n, path, e->cons, f) && showv)
            ages_text(c, path, n);
        return;
    case T_AGES2: {
        fs_ageprof *ap = f;
        const fsy_node *male = fsi_yaml_get(n, "male"), *female = fsi_yaml_get(n, "female");
        if (n->kind == FSY_MAP && (male || female)) {
            for (size_t i = 0; i < n->n; i++) {
                const fsy_node *key = n->pairs[i].key;
                pathbuf kp = path_key(path, key->text);
                if (strcmp(key->text, "male") && strcmp(key->text, "female"))
                    unknown_key(c, key, kp.s, sex_keys, "one of ");
            }
            if (!male || !female) {
                err(c, n, path, "missing required key '%s'", male ? "female" : "male");
                return;
            }
            pathbuf mp = path_key(path, "male"), fp = path_key(path, "female");
            if (parse_ages(c, male, mp.s, e->cons, &ap[0]) && showv)
                ages_text(c, mp.s, male);
            if (parse_ages(c, female, fp.s, e->cons, &ap[1]) && showv)
                ages_text(c, fp.s, female);
        } else if (parse_ages(c, n, path, e->cons, &ap[0])) {
            ap[1] = ap[0];
            if (showv)
                ages_text(c, path, n);
        }
        return;
    }
    case T_COST:
        if (parse_cost(c, n, path, f) && showv) {
            const fs_costdist *cd = f;
            pathbuf p1 = path_key(path, "dist"), p2 = path_key(path, "mean"),
                    p3 = path_key(path, "cv");
            const fsy_node *dn = fsi_yaml_get(n, "dist");
            add_text_view(c, p1.s, e_dist[cd->kind], dn);
            add_view(c, p2.s, V_NUM, &cd->mean, e->unit, fsi_yaml_get(n, "mean"));
            add_view(c, p3.s, V_NUM, &cd->cv, "", fsi_yaml_get(n, "cv"));
        }
        return;
    case T_AGERANGE: {
        int *lohi = f;
        int lo, hi;
        if (parse_agerange(c, n, path, &lo, &hi)) {
            lohi[0] = lo;
            lohi[1] = hi;
            if (showv) {
                pathbuf p1 = path_idx(path, 0), p2 = path_idx(path, 1);
                add_view(c, p1.s, V_INT, &lohi[0], "years", n);
                add_view(c, p2.s, V_INT, &lohi[1], "years", n);
            }
        }
        return;
    }
    case T_DATEDSEQ: {
        fs_param *ps = f;
        if (n->kind != FSY_SEQ) {
            err(c, n, path, "expected a sequence (one value per tier), got %s", got_what(c, n));
            return;
        }
        if (n->n > e->aux) {
            err(c, n, path, "too many entries (%zu, at most %zu)", n->n, e->aux);
            return;
        }
        for (size_t i = 0; i < n->n; i++) {
            pathbuf ip = path_idx(path, i);
            if (parse_dated(c, n->items[i], ip.s, e->cons, e->unit, &ps[i]) && showv)
                add_view(c, ip.s, V_PARAM, &ps[i], NULL, n->items[i]);
        }
        return;
    }
    }
}

static void apply_default(ctx *c, const sch *e, const char *path, size_t idx)
{
    if (e->type == T_AGERANGE) {
        int *lohi = field(c, e, idx);
        lohi[0] = 0;
        lohi[1] = FS_MAX_AGE;
        if (!(e->flags & F_NOVIEW)) {
            pathbuf p1 = path_idx(path, 0), p2 = path_idx(path, 1);
            add_view(c, p1.s, V_INT, &lohi[0], "years", NULL);
            add_view(c, p2.s, V_INT, &lohi[1], "years", NULL);
        }
        return;
    }
    fsy_node fake;
    memset(&fake, 0, sizeof fake);
    fake.kind = FSY_SCALAR;
    fake.text = e->def;
    fake.len = strlen(e->def);
    fake.quoted = e->type == T_STR;
    walk_value(c, e, &fake, path, idx);
}

static void walk_map(ctx *c, const sch *kids, const fsy_node *m, const char *path,
                     size_t idx)
{
    const char *names[40];
    size_t nk = 0;
    for (const sch *e = kids; e->key && nk + 1 < sizeof names / sizeof names[0]; e++)
        names[nk++] = e->key;
    names[nk] = NULL;
    if (m) {
        for (size_t i = 0; i < m->n; i++) {
            const fsy_node *k = m->pairs[i].key;
            pathbuf kp = path_key(path, k->text);
            const sch *e = kids;
            while (e->key && strcmp(e->key, k->text) != 0)
                e++;
            if (e->key == NULL) {
                unknown_key(c, k, kp.s, names, "one of ");
                continue;
            }
            if (fsi_yaml_is_null(m->pairs[i].val) && e->type != T_STR) {
                /* `key:` with nothing: treated as absent below. */
                if (e->type == T_MAP || e->type == T_LIST)
                    continue;
            }
            walk_value(c, e, m->pairs[i].val, kp.s, idx);
        }
    }
    for (const sch *e = kids; e->key; e++) {
        const fsy_pair *pr = m ? fsi_yaml_pair(m, e->key) : NULL;
        if (pr && !(fsi_yaml_is_null(pr->val) && (e->type == T_MAP || e->type == T_LIST)))
            continue;
        pathbuf kp = path_key(path, e->key);
        if (e->flags & F_REQ) {
            err(c, m, path, "missing required key '%s'", e->key);
        } else if (e->type == T_MAP && !(e->flags & F_OPT)) {
            walk_map(c, e->kids, NULL, kp.s, idx);
        } else if (e->def && !(e->flags & F_CALC)) {
            apply_default(c, e, kp.s, idx);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Files. */

/* Reads a whole file.  Returns 0, or an errno value. */
static int read_file(const char *path, char **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return errno ? errno : EIO;
    size_t cap = 4096, n = 0;
    char *b = malloc(cap + 1);
    if (b == NULL) {
        fclose(f);
        return ENOMEM;
    }
    for (;;) {
        if (n == cap) {
            if (cap >= FILE_MAX) {
                free(b);
                fclose(f);
                return EFBIG;
            }
            cap *= 2;
            char *nb = realloc(b, cap + 1);
            if (nb == NULL) {
                free(b);
                fclose(f);
                return ENOMEM;
            }
            b = nb;
        }
        size_t k = fread(b + n, 1, cap - n, f);
        n += k;
        if (k == 0) {
            if (ferror(f)) {
                int e = errno ? errno : EIO;
                free(b);
                fclose(f);
                return e;
            }
            break;
        }
    }
    fclose(f);
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}

static const char *errno_text(int e, char *buf, size_t n)
{
    if (strerror_r(e, buf, n) != 0)
        snprintf(buf, n, "error %d", e);
    return buf;
}

/* dir + "/" + rel, or rel when it is absolute or dir is empty. */
static char *join_path(fsi_arena *a, const char *dir, const char *rel)
{
    if (rel[0] == '/' || dir == NULL || dir[0] == '\0')
        return fsi_arena_strndup(a, rel, strlen(rel));
    return fsi_arena_printf(a, "%s/%s", dir, rel);
}

static char *dir_of(fsi_arena *a, const char *path)
{
    const char *s = strrchr(path, '/');
    if (s == NULL)
        return fsi_arena_strndup(a, "", 0);
    if (s == path)
        return fsi_arena_strndup(a, "/", 1);
    return fsi_arena_strndup(a, path, (size_t)(s - path));
}

static const char *dir_of_node(ctx *c, const fsy_node *n)
{
    for (size_t i = 0; i < c->nfiles; i++)
        if (c->files[i].name == n->file)
            return c->files[i].dir;
    return "";
}

static int add_file(fs_scenario *sc, const char *name)
{
    for (size_t i = 0; i < sc->nfiles; i++)
        if (strcmp(sc->files[i], name) == 0)
            return 1;
    char **v = realloc(sc->files, (sc->nfiles + 1) * sizeof *v);
    if (v == NULL)
        return 0;
    sc->files = v;
    size_t len = strlen(name);
    char *s = malloc(len + 1);
    if (s == NULL)
        return 0;
    memcpy(s, name, len + 1);
    sc->files[sc->nfiles++] = s;
    return 1;
}

/* Parses `text` as file `name` and follows its extends: chain.  `chain`
 * holds the canonical paths seen so far for cycle detection.  Returns
 * the merged tree or NULL. */
static fsy_node *load_tree(ctx *c, const char *name, const char *dir, const char *text,
                           size_t len, char **chain, size_t depth)
{
    if (c->nfiles >= sizeof c->files / sizeof c->files[0])
        return NULL;
    c->files[c->nfiles].name = name;
    c->files[c->nfiles].dir = dir;
    c->nfiles++;
    if (!add_file(c->sc, name)) {
        c->oom = 1;
        return NULL;
    }
    fsy_node *root = fsi_yaml_parse(c->a, name, text, len, c->d);
    if (root == NULL)
        return NULL;
    const fsy_pair *ext = fsi_yaml_pair(root, "extends");
    if (ext == NULL)
        return root;
    const fsy_node *ev = ext->val;
    if (ev->kind != FSY_SCALAR || ev->len == 0) {
        err(c, ev, "extends", "expected a file name, got %s", got_what(c, ev));
        return NULL;
    }
    if (depth + 1 >= MAX_EXTENDS) {
        err(c, ev, "extends", "more than %d levels of extends", MAX_EXTENDS);
        return NULL;
    }
    char *pname = join_path(c->a, dir, ev->text);
    char *pdir = pname ? dir_of(c->a, pname) : NULL;
    if (pname == NULL || pdir == NULL) {
        c->oom = 1;
        return NULL;
    }
    char *canon = realpath(pname, NULL);
    if (canon == NULL) {
        char eb[128];
        err(c, ev, "extends", "cannot read '%s': %s", pname, errno_text(errno, eb, sizeof eb));
        c->io_error = 1;
        return NULL;
    }
    for (size_t i = 0; i < depth; i++) {
        if (chain[i] && strcmp(chain[i], canon) == 0) {
            char msg[400];
            size_t k = 0;
            msg[0] = '\0';
            for (size_t j = 0; j < c->nfiles && k < sizeof msg; j++) {
                int w = snprintf(msg + k, sizeof msg - k, "%s -> ", c->files[j].name);
                if (w > 0)
                    k += (size_t)w < sizeof msg - k ? (size_t)w : sizeof msg - k - 1;
            }
            err(c, ev, "extends", "extends cycle: %s%s", msg, pname);
            free(canon);
            return NULL;
        }
    }
    chain[depth] = canon;
    char *buf;
    size_t blen;
    int e = read_file(pname, &buf, &blen);
    if (e) {
        char eb[128];
        err(c, ev, "extends", "cannot read '%s': %s", pname, errno_text(e, eb, sizeof eb));
        c->io_error = 1;
        return NULL;
    }
    fsy_node *base = load_tree(c, pname, pdir, buf, blen, chain, depth + 1);
    free(buf);
    if (base == NULL)
        return NULL;
    fsy_node *m = fsi_yaml_merge(c->a, base, root);
    if (m == NULL)
        c->oom = 1;
    return m;
}

/* ------------------------------------------------------------------ */
/* CSV data files: header age,male,female; one row per age 0..100. */

static int read_csv(ctx *c, const fsy_node *key_node, const char *keypath, const char *rel,
                    double out[2][FS_NAGES], sch_cons cons)
{
    const char *dir = dir_of_node(c, key_node);
    char *path = join_path(c->a, dir, rel);
    if (path == NULL) {
        c->oom = 1;
        return 0;
    }
    char *buf;
    size_t len;
    int e = read_file(path, &buf, &len);
    if (e) {
        char eb[128];
        err(c, key_node, keypath, "cannot read '%s': %s", path, errno_text(e, eb, sizeof eb));
        c->io_error = 1;
        return 0;
    }
    if (!add_file(c->sc, path))
        c->oom = 1;
    int seen[FS_NAGES] = {0};
    int ok = 1;
    long line = 0;
    char *p = buf;
    while (*p && ok) {
        line++;
        char *eol = strchr(p, '\n');
        char *next = eol ? eol + 1 : p + strlen(p);
        if (eol)
            *eol = '\0';
        size_t ll = strlen(p);
        if (ll && p[ll - 1] == '\r')
            p[--ll] = '\0';
        if (ll == 0 || p[0] == '#') {
            p = next;
            continue;
        }
        /* split into at most 3 fields */
        char *fld[4];
        long col[4];
        int nf = 0;
        char *s = p;
        for (;;) {
            while (*s == ' ' || *s == '\t')
                s++;
            if (nf < 4) {
                fld[nf] = s;
                col[nf] = (long)(s - p) + 1;
                nf++;
            }
            char *comma = strchr(s, ',');
            char *endf = comma ? comma : s + strlen(s);
            while (endf > s && (endf[-1] == ' ' || endf[-1] == '\t'))
                endf--;
            char term = comma ? ',' : '\0';
            *endf = '\0';
            if (term == '\0')
                break;
            s = comma + 1;
        }
        if (line == 1 || (!seen[0] && strcmp(fld[0], "age") == 0)) {
            if (nf != 3 || strcmp(fld[0], "age") || strcmp(fld[1], "male") ||
                strcmp(fld[2], "female")) {
                fsi_diag_add(c->d, FS_DIAG_ERROR, path, line, 1, keypath,
                             "expected the header age,male,female");
                ok = 0;
            }
            p = next;
            continue;
        }
        if (nf != 3) {
            fsi_diag_add(c->d, FS_DIAG_ERROR, path, line, 1, keypath,
                         "expected 3 fields age,male,female, got %d", nf);
            ok = 0;
            break;
        }
        long age;
        size_t al = strlen(fld[0]);
        if (al > 1 && fld[0][al - 1] == '+')
            fld[0][al - 1] = '\0';
        if (scan_long(fld[0], &age) != 0 || age < 0 || age > FS_MAX_AGE) {
            fsi_diag_add(c->d, FS_DIAG_ERROR, path, line, col[0], keypath,
                         "expected an age 0..%d, got '%s'", FS_MAX_AGE, fld[0]);
            ok = 0;
            break;
        }
        if (seen[age]) {
            fsi_diag_add(c->d, FS_DIAG_ERROR, path, line, col[0], keypath,
                         "age %ld appears twice", age);
            ok = 0;
            break;
        }
        seen[age] = 1;
        for (int sx = 0; sx < 2; sx++) {
            double v;
            if (scan_number(fld[1 + sx], &v) != 0 || !isfinite(v)) {
                fsi_diag_add(c->d, FS_DIAG_ERROR, path, line, col[1 + sx], keypath,
                             "expected a number, got '%s'", fld[1 + sx]);
                ok = 0;
                break;
            }
            if ((cons == C_SHARE && !(v >= 0 && v <= 1)) || v < 0) {
                fsi_diag_add(c->d, FS_DIAG_ERROR, path, line, col[1 + sx], keypath,
                             cons == C_SHARE ? "%s is not a share in [0,1]"
                                             : "%s is negative; expected a value >= 0",
                             fld[1 + sx]);
                ok = 0;
                break;
            }
            out[sx][age] = v;
        }
        p = next;
    }
    if (ok) {
        for (int a = 0; a < FS_NAGES; a++) {
            if (!seen[a]) {
                fsi_diag_add(c->d, FS_DIAG_ERROR, path, line, 0, keypath,
                             "no row for age %d", a);
                ok = 0;
                break;
            }
        }
    }
    free(buf);
    return ok;
}

/* ------------------------------------------------------------------ */
/* Checks and computed defaults after the walk. */

static const fsy_node *node_at(const fsy_node *root, const char *a, const char *b,
                               const char *c3)
{
    const fsy_node *n = fsi_yaml_get(root, a);
    if (n && b)
        n = fsi_yaml_get(n, b);
    if (n && c3)
        n = fsi_yaml_get(n, c3);
    return n;
}

static const fsy_node *item_at(const fsy_node *seq, int i)
{
    if (seq == NULL || seq->kind != FSY_SEQ || i < 0 || (size_t)i >= seq->n)
        return NULL;
    return seq->items[i];
}

static void copy_param_view(ctx *c, const char *path, fs_param *dst, const fs_param *src)
{
    *dst = *src;
    add_view(c, path, V_PARAM, dst, NULL, NULL);
}

static void build_population(ctx *c, const fsy_node *root)
{
    fs_scenario *sc = c->sc;
    const fsy_node *pop = fsi_yaml_get(root, "population");
    if (pop == NULL || pop->kind != FSY_MAP)
        return;
    const fsy_node *total = fsi_yaml_get(pop, "total"), *table = fsi_yaml_get(pop, "table");
    const fsy_node *structure = fsi_yaml_get(pop, "structure");
    if (table && (total || structure)) {
        err(c, table, "population.table", "give either table or total and structure, not both");
        return;
    }
    if (table) {
        if (table->kind == FSY_SCALAR)
            read_csv(c, table, "population.table", c->raw.table, sc->pop, C_NONNEG);
    } else if (total == NULL) {
        err(c, pop, "population", "missing required key 'total' (or 'table')");
    } else {
        double shape[2][FS_NAGES];
        int ok = 1;
        if (strcmp(c->raw.structure, "china-2020") == 0) {
            memcpy(shape, fsi_china_pop2020, sizeof shape);
        } else if (structure && structure->kind == FSY_SCALAR) {
            ok = read_csv(c, structure, "population.structure", c->raw.structure, shape,
                          C_NONNEG);
        } else {
            ok = 0;
        }
        if (ok) {
            double sum = 0.0;
            for (int s = 0; s < 2; s++)
                for (int a = 0; a < FS_NAGES; a++)
                    sum += shape[s][a];
            if (!(sum > 0.0)) {
                err(c, structure, "population.structure", "the age structure sums to 0");
            } else {
                for (int s = 0; s < 2; s++)
                    for (int a = 0; a < FS_NAGES; a++)
                        sc->pop[s][a] = c->raw.total * shape[s][a] / sum;
            }
        }
    }
    const fsy_node *mt = node_at(root, "population", "mortality", "table");
    if (strcmp(c->raw.mort_table, "china-wpp2024") == 0)
        memcpy(sc->mortality_q, fsi_china_qx, sizeof sc->mortality_q);
    else if (mt && mt->kind == FSY_SCALAR)
        read_csv(c, mt, "population.mortality.table", c->raw.mort_table, sc->mortality_q,
                 C_SHARE);
    const fsy_node *tfr = node_at(root, "population", "fertility", "tfr");
    const fsy_node *cbr = node_at(root, "population", "fertility", "crude_birth_rate");
    if (tfr && cbr) {
        err(c, cbr, "population.fertility.crude_birth_rate",
            "give either tfr or crude_birth_rate, not both");
    }
    if (sc->crude_birth_rate > 0.0) {
        memset(sc->fertility_asfr, 0, sizeof sc->fertility_asfr);
    } else {
        for (int a = 0; a < FS_NAGES; a++)
            sc->fertility_asfr[a] = fsi_china_asfr_shape[a] * c->raw.tfr;
    }
}

static void defaults_and_rules(ctx *c, const fsy_node *root)
{
    fs_scenario *sc = c->sc;
    static const char *const tier_names[FS_MAX_TIERS] = {"一档", "二档", "三档", "四档"};
    const fsy_node *tiers = fsi_yaml_get(root, "tiers");
    if (sc->ntiers == 0 && (tiers == NULL || fsi_yaml_is_null(tiers))) {
        err(c, root, "tiers", "missing required key 'tiers': the tier-1 contribution has no "
                              "default");
        sc->ntiers = 0;
    }
    for (int t = 0; t < sc->ntiers; t++) {
        const fsy_node *tn = item_at(tiers, t);
        pathbuf tp = path_idx("tiers", (size_t)t);
        if (fsi_yaml_get(tn, "name") == NULL) {
            snprintf(sc->tier[t].name, sizeof sc->tier[t].name, "%s", tier_names[t]);
            pathbuf np = path_key(tp.s, "name");
            add_text_view(c, np.s, tier_names[t], NULL);
        }
        if (fsi_yaml_get(tn, "choice_share") == NULL) {
            if (sc->ntiers == 1) {
                fsi_param_scalar(&sc->tier[t].choice_share, 1.0);
                pathbuf np = path_key(tp.s, "choice_share");
                add_view(c, np.s, V_PARAM, &sc->tier[t].choice_share, NULL, NULL);
            } else if (tn) {
                err(c, tn, tp.s, "missing required key 'choice_share' (there are %d tiers)",
                    sc->ntiers);
            }
        }
    }
    if (node_at(root, "enrollment", "reference_price", NULL) == NULL && sc->ntiers > 0 &&
        fsi_param_set(&sc->tier[0].contribution))
        copy_param_view(c, "enrollment.reference_price", &sc->enroll_reference_price,
                        &sc->tier[0].contribution);
    if (node_at(root, "enrollment", "newborn_rate", NULL) == NULL &&
        fsi_param_set(&sc->enroll_base_rate))
        copy_param_view(c, "enrollment.newborn_rate", &sc->newborn_rate, &sc->enroll_base_rate);
    if (node_at(root, "costs", "base_year", NULL) == NULL) {
        sc->base_year = sc->start_year;
        add_view(c, "costs.base_year", V_INT, &sc->base_year, "", NULL);
    }

    /* Groups. */
    const fsy_node *groups = fsi_yaml_get(root, "groups");
    for (int g = 0; g < sc->ngroups; g++) {
        fs_group *gr = &sc->group[g];
        const fsy_node *gn = item_at(groups, g);
        pathbuf gp = path_idx("groups", (size_t)g);
        if (fsi_yaml_get(gn, "id") == NULL) {
            /* memcpy, not snprintf: gcc's -Wrestrict misreads two fields of one struct. */
            size_t idlen = strnlen(gr->name, sizeof gr->id - 1);
            memcpy(gr->id, gr->name, idlen);
            gr->id[idlen] = '\0';
            pathbuf np = path_key(gp.s, "id");
            add_text_view(c, np.s, gr->id, NULL);
        }
        const fsy_node *sub = fsi_yaml_get(gn, "subsidy");
        pathbuf sp = path_key(gp.s, "subsidy");
        if (gr->subsidy.kind == FS_SUBSIDY_FIXED && !fsi_yaml_get(sub, "amount"))
            err(c, sub, sp.s, "missing required key 'amount' (type fixed)");
        if (gr->subsidy.kind == FS_SUBSIDY_PERCENT && !fsi_yaml_get(sub, "percent"))
            err(c, sub, sp.s, "missing required key 'percent' (type percent)");
        const fsy_node *as = fsi_yaml_get(gn, "assistance");
        if (as && as->kind == FSY_MAP) {
            pathbuf ap = path_key(gp.s, "assistance");
            const fsy_node *th = fsi_yaml_get(as, "threshold"),
                           *ts = fsi_yaml_get(as, "threshold_income_share");
            if (th && ts)
                err(c, ts, ap.s, "give either threshold or threshold_income_share, not both");
            else if (!th && !ts)
                err(c, as, ap.s, "missing required key 'threshold' (or "
                                 "'threshold_income_share')");
            else if (ts && !fsi_param_set(&sc->disposable_income) &&
                     !node_at(root, "financing", "disposable_income", NULL))
                err(c, ts, ap.s, "threshold_income_share needs financing.disposable_income");
        }
        const fsy_node *cn = fsi_yaml_get(gn, "contribution");
        if (cn && cn->kind == FSY_SEQ && sc->ntiers > 0 && cn->n > (size_t)sc->ntiers)
            err(c, cn, path_key(gp.s, "contribution").s,
                "expected at most one value per tier (%d), got %zu", sc->ntiers, cn->n);
        const fsy_node *ts = fsi_yaml_get(gn, "tier_shares");
        if (ts && ts->kind == FSY_SEQ && sc->ntiers > 0 && ts->n != (size_t)sc->ntiers)
            err(c, ts, path_key(gp.s, "tier_shares").s,
                "expected one value per tier (%d), got %zu", sc->ntiers, ts->n);
        /* Warning: a fully subsidised group pays nothing, so price does not matter. */
        if (gr->subsidy.kind == FS_SUBSIDY_FULL && gr->price_sensitive) {
            const fsy_node *ps = fsi_yaml_get(gn, "price_sensitive");
            warn(c, ps ? ps : fsi_yaml_get(sub, "type"), path_key(gp.s, "price_sensitive").s,
                 "the group is fully subsidised but price_sensitive; its net price is 0");
        }
    }

    /* Outpatient. */
    const fsy_node *op = node_at(root, "benefits", "outpatient", NULL);
    if (sc->outpatient.enabled && op && !fsi_yaml_get(op, "ratio") &&
        !fsi_yaml_get(op, "item_classes"))
        err(c, op, "benefits.outpatient", "missing required key 'ratio' (or 'item_classes')");
    /* The engine uses item_classes when there are any, so a ratio beside them
     * (perhaps inherited through extends) would be shown but never applied. */
    if (sc->outpatient.enabled && op && fsi_yaml_get(op, "ratio") &&
        sc->outpatient.nclasses > 0)
        err(c, fsi_yaml_get(op, "ratio"), "benefits.outpatient.ratio",
            "give either ratio or item_classes, not both (item_classes: [] removes inherited "
            "classes)");

    /* Critical illness. */
    const fsy_node *ci = fsi_yaml_get(root, "critical_illness");
    if (sc->ci.enabled && ci && ci->kind == FSY_MAP) {
        static const char *const pairs[3][2] = {{"premium", "premium_income_share"},
                                                {"deductible", "deductible_income_share"},
                                                {"bands", "ratio"}};
        for (int i = 0; i < 3; i++) {
            const fsy_node *x = fsi_yaml_get(ci, pairs[i][0]), *y = fsi_yaml_get(ci, pairs[i][1]);
            if (x && y)
                err(c, y, "critical_illness", "give either %s or %s, not both", pairs[i][0],
                    pairs[i][1]);
            else if (!x && !y)
                err(c, ci, "critical_illness", "missing required key '%s' (or '%s')",
                    pairs[i][0], pairs[i][1]);
        }
        if (fsi_yaml_get(ci, "deductible_income_share") &&
            !node_at(root, "financing", "disposable_income", NULL))
            err(c, fsi_yaml_get(ci, "deductible_income_share"), "critical_illness",
                "deductible_income_share needs financing.disposable_income");
        if (fsi_yaml_get(ci, "ratio") && !fsi_yaml_get(ci, "bands") &&
            fsi_param_set(&sc->ci.band[0].ratio)) {
            sc->ci.nbands = 1;
            fsi_param_scalar(&sc->ci.band[0].upto, HUGE_VAL);
            add_view(c, "critical_illness.ratio", V_PARAM, &sc->ci.band[0].ratio, NULL,
                     fsi_yaml_get(ci, "ratio"));
        }
        /* The last band is unbounded in every year (band order: year_checks). */
        const fsy_node *bands = fsi_yaml_get(ci, "bands");
        if (bands && sc->ci.nbands > 0) {
            const fs_param *up = &sc->ci.band[sc->ci.nbands - 1].upto;
            int inf = up->n > 0;
            for (int i = 0; i < up->n; i++)
                inf &= isinf(up->value[i]) && up->value[i] > 0.0;
            if (up->n > 0 && !inf) {
                const fsy_node *bn = item_at(bands, sc->ci.nbands - 1);
                err(c, fsi_yaml_get(bn, "upto"),
                    path_idx("critical_illness.bands", (size_t)sc->ci.nbands - 1).s,
                    "the last band must have upto: .inf");
            }
        }
    }
}

/* Sum of dated shares over a list, for one year; -1 if any is unresolved. */
static int sum_check(ctx *c, const fsy_node *n, const char *path, const char *what,
                     double sum, int year)
{
    if (fabs(sum - 1.0) <= SUM_TOL)
        return 1;
    if (year == FS_YEAR_ALWAYS)
        err(c, n, path, "%s sum to %.10g, not 1", what, sum);
    else
        err(c, n, path, "%s sum to %.10g in %d, not 1", what, sum, year);
    return 0;
}

static void year_checks(ctx *c, const fsy_node *root)
{
    fs_scenario *sc = c->sc;
    int y0 = sc->start_year, y1 = sc->start_year + sc->years - 1;
    /* Every dated parameter resolves for every simulated year, within its constraint. */
    for (size_t i = 0; i < c->ndr; i++) {
        const dated_rec *r = &c->dr[i];
        const fs_param *p = r->p;
        if (p->n == 0)
            continue;
        if (p->year[0] != FS_YEAR_ALWAYS && p->year[0] > y0) {
            err(c, r->node, r->path, "no value for %d: first value is for %d", y0, p->year[0]);
            continue;
        }
        if (p->growth_kind != FS_GROWTH_NONE && r->cons != C_NONE) {
            for (int y = y0; y <= y1; y++) {
                double v;
                if (fsi_param_at(p, y, &v) != FS_OK)
                    continue;
                char txt[64];
                snprintf(txt, sizeof txt, "%.10g (in %d)", v, y);
                if (!check_cons(c, r->node, r->path, r->cons, v, txt))
                    break;
            }
        }
    }
    if (fsi_diags_oom(c->d) || fs_diags_errors(c->d) > 0) {
        /* Sums over unresolvable values would only repeat errors. */
        int any_unresolved = 0;
        for (size_t i = 0; i < c->ndr; i++) {
            const fs_param *p = c->dr[i].p;
            if (p->n && p->year[0] != FS_YEAR_ALWAYS && p->year[0] > y0)
                any_unresolved = 1;
        }
        if (any_unresolved)
            return;
    }
    double v;
    /* Tier choice shares. */
    if (sc->ntiers > 1) {
        for (int y = y0; y <= y1; y++) {
            double sum = 0.0;
            int ok = 1;
            for (int t = 0; t < sc->ntiers; t++) {
                if (fsi_param_at(&sc->tier[t].choice_share, y, &v) != FS_OK)
                    ok = 0;
                sum += v;
            }
            if (ok && !sum_check(c, fsi_yaml_get(root, "tiers"), "tiers",
                                 "tiers[].choice_share values", sum, y))
                break;
        }
    }
    /* Group tier shares. */
    const fsy_node *groups = fsi_yaml_get(root, "groups");
    for (int g = 0; g < sc->ngroups; g++) {
        const fs_group *gr = &sc->group[g];
        if (!fsi_param_set(&gr->tier_share[0]))
            continue;
        const fsy_node *gn = item_at(groups, g);
        pathbuf tp = path_key(path_idx("groups", (size_t)g).s, "tier_shares");
        for (int y = y0; y <= y1; y++) {
            double sum = 0.0;
            int ok = 1;
            for (int t = 0; t < sc->ntiers; t++) {
                if (fsi_param_at(&gr->tier_share[t], y, &v) != FS_OK)
                    ok = 0;
                sum += v;
            }
            if (ok && !sum_check(c, fsi_yaml_get(gn, "tier_shares"), tp.s, "tier_shares", sum, y))
                break;
        }
    }
    /* Hospital levels. */
    if (sc->inpatient.nlevels > 0) {
        for (int y = y0; y <= y1; y++) {
            double sum = 0.0;
            int ok = 1;
            for (int k = 0; k < sc->inpatient.nlevels; k++) {
                if (fsi_param_at(&sc->inpatient.level[k].share, y, &v) != FS_OK)
                    ok = 0;
                sum += v;
            }
            if (ok && !sum_check(c, node_at(root, "benefits", "inpatient", "levels"),
                                 "benefits.inpatient.levels", "levels[].share values", sum, y))
                break;
        }
    }
    /* Critical-illness band limits increase, and the reserve band is ordered, every year. */
    if (sc->ci.enabled && sc->ci.nbands > 1) {
        const fsy_node *bands = node_at(root, "critical_illness", "bands", NULL);
        for (int y = y0; y <= y1; y++) {
            int bad = 0;
            for (int b = 1; b < sc->ci.nbands && !bad; b++) {
                double lo, hi;
                if (fsi_param_at(&sc->ci.band[b - 1].upto, y, &lo) != FS_OK ||
                    fsi_param_at(&sc->ci.band[b].upto, y, &hi) != FS_OK)
                    continue;
                if (!(hi > lo)) {
                    err(c, fsi_yaml_get(item_at(bands, b), "upto"),
                        path_idx("critical_illness.bands", (size_t)b).s,
                        "band limits out of order: %g after %g in %d", hi, lo, y);
                    bad = 1;
                }
            }
            if (bad)
                break;
        }
    }
    for (int y = y0; y <= y1; y++) {
        double lo, hi;
        if (fsi_param_at(&sc->reserve_min_months, y, &lo) != FS_OK ||
            fsi_param_at(&sc->reserve_max_months, y, &hi) != FS_OK)
            continue;
        if (hi < lo) {
            err(c, node_at(root, "fund", "reserve_band", NULL), "fund.reserve_band",
                "max_months %g is below min_months %g in %d", hi, lo, y);
            break;
        }
    }
    for (int y = y0; y <= y1; y++) {
        double lo, hi;
        if (fsi_param_at(&sc->mrule.min_factor, y, &lo) != FS_OK ||
            fsi_param_at(&sc->mrule.max_factor, y, &hi) != FS_OK)
            continue;
        if (hi < lo) {
            err(c, node_at(root, "fund", "rule", NULL), "fund.rule",
                "max_factor %g is below min_factor %g in %d", hi, lo, y);
            break;
        }
    }
    /* Item classes and fiscal shares (plain numbers). */
    if (sc->outpatient.enabled && sc->outpatient.nclasses > 0) {
        double sum = 0.0;
        for (int k = 0; k < sc->outpatient.nclasses; k++)
            sum += sc->outpatient.class_share[k];
        sum_check(c, node_at(root, "benefits", "outpatient", "item_classes"),
                  "benefits.outpatient.item_classes", "item_classes[].share values", sum,
                  FS_YEAR_ALWAYS);
    }
    const fsy_node *fs = node_at(root, "financing", "fiscal_shares", NULL);
    if (fs && fs->kind == FSY_MAP) {
        double sum = sc->fiscal_share[0] + sc->fiscal_share[1] + sc->fiscal_share[2] +
                     sc->fiscal_share[3];
        sum_check(c, fs, "financing.fiscal_shares", "fiscal_shares", sum, FS_YEAR_ALWAYS);
    }
    /* Groups overlapping in age must not exceed 1 in total. */
    for (int y = y0; y <= y1 && sc->ngroups > 1; y++) {
        int bad_age = -1;
        double bad_sum = 0.0;
        for (int a = 0; a <= FS_MAX_AGE && bad_age < 0; a++) {
            double sum = 0.0;
            int ncov = 0;
            for (int g = 0; g < sc->ngroups; g++) {
                const fs_group *gr = &sc->group[g];
                if (a < gr->age_min || a > gr->age_max)
                    continue;
                if (fsi_param_at(&gr->share, y, &v) == FS_OK) {
                    sum += v;
                    ncov++;
                }
            }
            if (ncov > 1 && sum > 1.0 + SUM_TOL) {
                bad_age = a;
                bad_sum = sum;
            }
        }
        if (bad_age >= 0) {
            err(c, groups, "groups",
                "shares of the groups covering age %d sum to %.10g in %d, more than 1", bad_age,
                bad_sum, y);
            break;
        }
    }
    /* Warnings. */
    const fsy_node *tiers = fsi_yaml_get(root, "tiers");
    for (int t = 0; t < sc->ntiers; t++) {
        const fs_param *p = &sc->tier[t].contribution;
        double prev = 0.0;
        for (int y = y0; y <= y1; y++) {
            if (fsi_param_at(p, y, &v) != FS_OK)
                break;
            if (y > y0 && v < prev - 1e-9) {
                pathbuf cp = path_key(path_idx("tiers", (size_t)t).s, "contribution");
                warn(c, fsi_yaml_get(item_at(tiers, t), "contribution"), cp.s,
                     "the contribution decreases from %.10g in %d to %.10g in %d", prev, y - 1,
                     v, y);
                break;
            }
            prev = v;
        }
    }
    const fsy_node *levels = node_at(root, "benefits", "inpatient", "levels");
    for (int k = 0; k < sc->inpatient.nlevels; k++) {
        for (int y = y0; y <= y1; y++) {
            if (fsi_param_at(&sc->inpatient.level[k].ratio, y, &v) != FS_OK)
                break;
            if (v > 0.95) {
                pathbuf rp = path_key(path_idx("benefits.inpatient.levels", (size_t)k).s, "ratio");
                warn(c, fsi_yaml_get(item_at(levels, k), "ratio"), rp.s,
                     "an inpatient ratio of %.10g (in %d) is above 0.95", v, y);
                break;
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* Loading. */

/* Orders views by top-level section as in the schema (stable within one). */
static size_t view_rank(const view *v)
{
    size_t len = strcspn(v->path, ".[");
    for (size_t i = 0; k_root[i].key; i++)
        if (strlen(k_root[i].key) == len && strncmp(k_root[i].key, v->path, len) == 0)
            return i;
    return 99;
}

static void sort_views(views *w)
{
    /* insertion sort: stable, and n is a few hundred */
    for (size_t i = 1; i < w->n; i++) {
        view x = w->v[i];
        size_t rx = view_rank(&x), j = i;
        while (j > 0 && view_rank(&w->v[j - 1]) > rx) {
            w->v[j] = w->v[j - 1];
            j--;
        }
        w->v[j] = x;
    }
}

static int finish(ctx *c, int rc, fs_scenario **out)
{
    if (c->oom || fsi_diags_oom(c->d))
        rc = FS_ENOMEM;
    free(c->dr);
    if (rc != FS_OK) {
        fs_scenario_free(c->sc);
        *out = NULL;
    } else {
        sort_views(c->vw);
        *out = c->sc;
    }
    fsi_arena_free(c->a);
    return rc;
}

static int load_common(const char *name, const char *dir, const char *text, size_t len,
                       char *canon, fs_scenario **out, fs_diags *diags_in)
{
    fs_diags *tmp = NULL;
    fs_diags *diags = diags_in;
    if (diags == NULL) {
        tmp = fs_diags_alloc();
        if (tmp == NULL) {
            free(canon);
            return FS_ENOMEM;
        }
        diags = tmp;
    }
    size_t errors_before = fs_diags_errors(diags);
    ctx c;
    memset(&c, 0, sizeof c);
    c.d = diags;
    c.a = fsi_arena_new();
    c.sc = calloc(1, sizeof *c.sc);
    c.vw = calloc(1, sizeof *c.vw);
    if (c.vw)
        c.vw->a = fsi_arena_new();
    char *chain[MAX_EXTENDS + 1] = {NULL};
    chain[0] = canon;
    if (c.a == NULL || c.sc == NULL || c.vw == NULL || c.vw->a == NULL) {
        views_free(c.vw);
        free(c.sc);
        fsi_arena_free(c.a);
        free(canon);
        fs_diags_free(tmp);
        *out = NULL;
        return FS_ENOMEM;
    }
    c.sc->views = c.vw;
    c.mainfile = fsi_arena_strndup(c.a, name, strlen(name));
    const char *d0 = fsi_arena_strndup(c.a, dir, strlen(dir));
    int rc = FS_OK;
    if (c.mainfile == NULL || d0 == NULL) {
        c.oom = 1;
        rc = FS_ENOMEM;
    } else {
        fsy_node *root = load_tree(&c, c.mainfile, d0, text, len, chain, 1);
        if (root && !c.oom) {
            walk_map(&c, k_root, root, "", 0);
            if (!c.oom) {
                build_population(&c, root);
                defaults_and_rules(&c, root);
                if (fsi_yaml_get(fsi_yaml_get(root, "scenario"), "start_year") != NULL &&
                    c.sc->start_year >= 1900 && c.sc->years >= 1)
                    year_checks(&c, root);
            }
        }
        if (c.io_error)
            rc = FS_EIO;
        else if (fs_diags_errors(diags) > errors_before || root == NULL)
            rc = FS_ESCENARIO;
    }
    for (size_t i = 0; i <= MAX_EXTENDS; i++)
        free(chain[i]);
    rc = finish(&c, rc, out);
    fs_diags_free(tmp);
    return rc;
}

int fs_scenario_load(const char *path, fs_scenario **out, fs_diags *diags)
{
    if (out == NULL)
        return FS_EUSAGE;
    *out = NULL;
    if (path == NULL)
        return FS_EUSAGE;
    char *buf;
    size_t len;
    int e = read_file(path, &buf, &len);
    if (e) {
        char eb[128];
        fsi_diag_add(diags, FS_DIAG_ERROR, path, 0, 0, NULL, "cannot read the scenario: %s",
                     errno_text(e, eb, sizeof eb));
        return e == ENOMEM ? FS_ENOMEM : FS_EIO;
    }
    char *canon = realpath(path, NULL);
    char dirbuf[4096];
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        dirbuf[0] = '\0';
    else if (slash == path)
        snprintf(dirbuf, sizeof dirbuf, "/");
    else
        snprintf(dirbuf, sizeof dirbuf, "%.*s", (int)(slash - path), path);
    int rc = load_common(path, dirbuf, buf, len, canon, out, diags);
    free(buf);
    return rc;
}

int fs_scenario_load_string(const char *name, const char *text, size_t len,
                            const char *base_dir, fs_scenario **out, fs_diags *diags)
{
    if (out == NULL)
        return FS_EUSAGE;
    *out = NULL;
    if (text == NULL)
        return FS_EUSAGE;
    return load_common(name ? name : "<string>", base_dir ? base_dir : "", text, len, NULL,
                       out, diags);
}

void fs_scenario_free(fs_scenario *sc)
{
    if (sc == NULL)
        return;
    for (size_t i = 0; i < sc->nfiles; i++)
        free(sc->files[i]);
    free(sc->files);
    views_free(sc->views);
    free(sc);
}

const char *fs_scenario_name(const fs_scenario *sc)
{
    return sc ? sc->name : "";
}

int fs_scenario_start_year(const fs_scenario *sc)
{
    return sc ? sc->start_year : 0;
}

int fs_scenario_years(const fs_scenario *sc)
{
    return sc ? sc->years : 0;
}

int fs_scenario_replications(const fs_scenario *sc)
{
    return sc ? sc->replications : 0;
}

uint64_t fs_scenario_seed(const fs_scenario *sc)
{
    return sc ? sc->seed : 0;
}

size_t fs_scenario_file_count(const fs_scenario *sc)
{
    return sc ? sc->nfiles : 0;
}

const char *fs_scenario_file(const fs_scenario *sc, size_t i)
{
    if (sc == NULL || i >= sc->nfiles)
        return NULL;
    return sc->files[i];
}

size_t fs_scenario_param_count(const fs_scenario *sc)
{
    const views *w = sc ? sc->views : NULL;
    return w ? w->n : 0;
}

int fs_scenario_param_get(const fs_scenario *sc, size_t i, int year, fs_param_view *out)
{
    const views *w = sc ? sc->views : NULL;
    if (w == NULL || out == NULL || i >= w->n)
        return FS_EUSAGE;
    const view *v = &w->v[i];
    memset(out, 0, sizeof *out);
    out->path = v->path;
    out->unit = v->unit;
    out->ref = "";
    out->text = "";
    out->origin = v->origin;
    switch (v->kind) {
    case V_PARAM: {
        const fs_param *p = v->ptr;
        out->unit = p->unit;
        out->ref = p->ref;
        return fsi_param_at(p, year, &out->value);
    }
    case V_NUM:
        out->value = v->ptr ? *(const double *)v->ptr : v->value;
        return FS_OK;
    case V_INT:
        out->value = *(const int *)v->ptr;
        return FS_OK;
    case V_U64:
        out->value = (double)*(const uint64_t *)v->ptr;
        return FS_OK;
    case V_TEXT:
        out->is_text = 1;
        out->text = v->text;
        return FS_OK;
    }
    return FS_EINTERNAL;
}

/* ------------------------------------------------------------------ */
/* Reference tables for docs/scenario.md, rendered from the schema so that
 * defaults are documented in one place (a test checks the doc holds them). */

static const char *type_name(const sch *e)
{
    switch (e->type) {
    case T_MAP: return "mapping";
    case T_LIST: return "list of mappings";
    case T_STR: return "text";
    case T_INT: return e->cons == C_YEAR ? "year" : "integer";
    case T_U64: return "integer >= 0";
    case T_NUM:
        return e->cons == C_SHARE ? "share" : e->cons == C_NONNEG ? "number >= 0"
                                          : e->cons == C_POS      ? "number > 0"
                                          : e->cons == C_SIGNED   ? "number in [-1,1]"
                                                                  : "number";
    case T_BOOL:
    case T_BOOLD: return "true/false";
    case T_ENUM:
    case T_SENUM: return "choice";
    case T_DATED:
        return e->cons == C_SHARE ? "dated share" : e->cons == C_NONNEG ? "dated >= 0"
                                                                      : "dated";
    case T_AGES:
    case T_AGES2: return "ages";
    case T_COST: return "cost";
    case T_AGERANGE: return "[min, max]";
    case T_DATEDSEQ: return "list of dated";
    }
    return "";
}

static void doc_append(char *buf, size_t n, size_t *k, const char *fmt, ...) FSI_PRINTF(4, 5);
static void doc_append(char *buf, size_t n, size_t *k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(*k < n ? buf + *k : NULL, *k < n ? n - *k : 0, fmt, ap);
    va_end(ap);
    if (w > 0)
        *k += (size_t)w;
}

static void doc_table(char *buf, size_t n, size_t *k, const sch *kids, const char *path)
{
    doc_append(buf, n, k, "\n### `%s`\n\n| key | type | default | meaning |\n|---|---|---|---|\n",
               path);
    for (const sch *e = kids; e->key; e++) {
        const char *def = (e->flags & F_REQ)   ? "**required**"
                          : e->def && !e->def[0] ? "empty"
                          : e->def               ? e->def
                          : e->type == T_MAP     ? ((e->flags & F_OPT) ? "absent = off"
                                                                       : "its keys' defaults")
                          : e->type == T_LIST    ? "empty list"
                                                 : "unset";
        int quote = e->def && e->def[0] && !(e->flags & (F_CALC | F_REQ));
        char doc[400];
        size_t q = 0;
        for (const char *p = e->doc; *p && q + 3 < sizeof doc; p++) {
            if (*p == '|')
                doc[q++] = '\\';
            doc[q++] = *p;
        }
        doc[q] = '\0';
        char enums[160] = "";
        if (e->enums) {
            size_t qe = 0;
            for (size_t i = 0; e->enums[i]; i++)
                doc_append(enums, sizeof enums, &qe, "%s%s", i ? " \\| " : ": ", e->enums[i]);
        }
        doc_append(buf, n, k, "| `%s` | %s%s%s%s | %s%s%s | %s%s%s |\n", e->key, type_name(e),
                   enums, e->unit && e->unit[0] ? ", " : "", e->unit ? e->unit : "",
                   quote ? "`" : "", def, quote ? "`" : "", doc,
                   e->type == T_MAP || e->type == T_LIST ? " (see below)" : "", "");
    }
    for (const sch *e = kids; e->key; e++) {
        if (e->type != T_MAP && e->type != T_LIST)
            continue;
        char sub[128];
        snprintf(sub, sizeof sub, "%s%s%s%s", path[0] && strcmp(path, "(top level)") ? path : "",
                 path[0] && strcmp(path, "(top level)") ? "." : "", e->key,
                 e->type == T_LIST ? "[]" : "");
        doc_table(buf, n, k, e->kids, sub);
    }
}

/* Renders the reference tables as Markdown into buf (truncated to n);
 * returns the full length. */
size_t fsi_schema_doc(char *buf, size_t n);
size_t fsi_schema_doc(char *buf, size_t n)
{
    size_t k = 0;
    if (n)
        buf[0] = '\0';
    doc_table(buf, n, &k, k_root, "(top level)");
    return k;
}
