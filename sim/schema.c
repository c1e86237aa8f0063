/* sim/schema.c -- the scenario schema: one row per key of the scenario
 * language (docs/scenario-syntax.yaml).  This table is the one home of every
 * key path, type, constraint, default, unit, label and line of
 * documentation: the binder (bind.c) validates and binds by it, `show`
 * lists by it, docs/scenario.md is rendered from it (views.c), and the
 * engine reads only the bound struct fs_scenario, never a key or a default.
 *
 * To add a key:
 *   1. add the field to struct fs_scenario (sim/scenario_int.h), with its
 *      YAML key in the comment;
 *   2. add a row to the right table below: key, type, constraint, default
 *      (as YAML text; .inf for "no limit"), unit, zh/en labels, doc, and
 *      AT(field) -- a key without a default must be required (F_REQ), an
 *      override of another key (the engine falls back to that key when it is
 *      unset), or one of an either/or pair checked in scenario_rules.c;
 *   3. a rule between keys (either/or, sums, order) goes in scenario_rules.c;
 *   4. resolve it per policy year in sim/plan.c (plan_get: no default, no
 *      key path -- both are here) and use it in the engine;
 *   5. regenerate docs/scenario.md (the failing test_doc_tables in
 *      tests/unit/test_scenario.c prints how), add a bad-corpus file to
 *      tests/scenarios/bad/ if the key has a constraint or rule, and add the
 *      key to docs/scenario-syntax.yaml.
 */
#include <stddef.h>

#include "loader_int.h"

#define AT(m) .off = offsetof(struct fs_scenario, m)
#define AT_G(m) .off = offsetof(struct fs_scenario, group[0].m), .stride = sizeof(fs_group)
#define AT_T(m) .off = offsetof(struct fs_scenario, tier[0].m), .stride = sizeof(fs_tier)
#define AT_L(m) \
    .off = offsetof(struct fs_scenario, inpatient.level[0].m), .stride = sizeof(fs_level)
#define AT_C(m) .off = offsetof(struct fs_scenario, chronic[0].m), .stride = sizeof(fs_chronic)
#define AT_B(m) .off = offsetof(struct fs_scenario, ci.band[0].m), .stride = sizeof(fs_band)
#define AT_R(m) .off = offsetof(struct fsi_raw, m)
#define PRES(m) .pres = offsetof(struct fs_scenario, m)
#define PRES_G(m) .pres = offsetof(struct fs_scenario, group[0].m), .stride = sizeof(fs_group)
#define END {.key = NULL}

const char *const fsi_mode_names[] = {"auto", "exact", "sample", NULL};
const char *const fsi_dist_names[] = {"lognormal", "gamma", NULL};
static const char *const e_subsidy[] = {"none", "full", "fixed", "percent", NULL};
static const char *const e_base[] = {"tier1", "own", NULL};
static const char *const e_payer[] = {"assistance", "other", NULL};
static const char *const e_mgmt[] = {"fixed", "topup", "benefit_ratio", "contribution", NULL};

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
    {.key = "mode", .type = T_ENUM, .def = "auto", AT(mode), .enums = fsi_mode_names,
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
    {.key = "no_waiting_period", .type = T_BOOL, .def = "false", AT_G(waiting_exempt),
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

const sch fsi_schema_root[] = {
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
