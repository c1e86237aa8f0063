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
static const char *const e_floor[] = {"zero", "reserve", NULL};
static const char *const e_mgmt[] = {"fixed", "topup", "benefit_ratio", "contribution", NULL};
static const char *const e_fiscal_align[] = {"same_year", "previous_year", NULL};
static const char *const e_lines[] = {"inpatient", "chronic", "outpatient", NULL};
static const char *const e_newborn_cover[] = {"next_year", "birth_year", NULL};
static const char *const e_when_short[] = {"scale", "main_fund", NULL};
static const char *const e_pooling[] = {"own", "ledger", NULL};

static const sch k_scenario[] = {
    {.key = "name", .zh = "情景名称", .en = "Scenario name",
     .type = T_STR, .flags = F_REQ, AT(name), .aux = 128,
     .doc = "scenario name, first column of summary.csv"},
    {.key = "region", .zh = "统筹地区", .en = "Pooling region",
     .type = T_STR, .def = "", AT(region), .aux = 128,
     .doc = "pooling region (统筹地区), free text"},
    {.key = "start_year", .zh = "起始待遇年度", .en = "First benefit year",
     .type = T_INT, .cons = C_YEAR, .flags = F_REQ, AT(start_year),
     .doc = "first policy (benefit) year simulated"},
    {.key = "years", .zh = "模拟年数", .en = "Years simulated",
     .type = T_INT, .cons = C_YEARS, .def = "10", AT(years), .unit = "years",
     .doc = "horizon: number of policy years simulated"},
    END};

static const sch k_simulation[] = {
    {.key = "replications", .zh = "模拟次数", .en = "Monte Carlo replications",
     .type = T_INT, .cons = C_REPS, .def = "1000", AT(replications),
     .doc = "Monte Carlo replications"},
    {.key = "seed", .zh = "随机数种子", .en = "Random seed",
     .type = T_U64, .def = "20230101", AT(seed), .doc = "random seed"},
    {.key = "mode", .zh = "模拟方式", .en = "Simulation mode",
     .type = T_ENUM, .def = "auto", AT(mode), .enums = fsi_mode_names,
     .doc = "auto | exact | sample: how persons are simulated"},
    {.key = "exact_max_enrollees", .zh = "逐人模拟人数上限", .en = "Max population for exact mode",
     .type = T_NUM, .cons = C_POP, .def = "2000000",
     AT(exact_max_enrollees), .unit = "persons",
     .doc = "in auto mode, populations up to this size are simulated exactly"},
    {.key = "sample_per_cell", .zh = "每单元抽样人数", .en = "Sampled persons per cell",
     .type = T_INT, .cons = C_SAMPLE, .def = "200", AT(sample_per_cell),
     .unit = "persons", .doc = "persons per (age, sex, group) cell in sample mode"},
    END};

static const sch k_mortality[] = {
    {.key = "table", .zh = "死亡率表", .en = "Mortality table",
     .type = T_STR, .def = "china-wpp2024", .flags = F_RAW, AT_R(mort_table), .aux = 512,
     .doc = "china-wpp2024 (bundled) or a CSV path age,male,female of q(x)"},
    {.key = "improvement", .zh = "死亡率年下降率", .en = "Yearly mortality improvement",
     .type = T_NUM, .cons = C_SIGNED, .def = "0.01",
     AT(mortality_improvement), .unit = "per year", .doc = "yearly relative fall of q(x)"},
    {.key = "shock_sd", .zh = "死亡率冲击标准差", .en = "Mortality shock SD",
     .type = T_NUM, .cons = C_SD, .def = "0", AT(mortality_shock_sd),
     .doc = "sd of a per-replication log shock to q(x)"},
    END};

static const sch k_fertility[] = {
    {.key = "tfr", .zh = "总和生育率", .en = "Total fertility rate",
     .type = T_NUM, .cons = C_TFR, .def = "1.0", .flags = F_RAW, AT_R(tfr),
     .unit = "births per woman",
     .doc = "total fertility applied to the bundled census-2020 age shape"},
    {.key = "crude_birth_rate", .zh = "粗出生率", .en = "Crude birth rate",
     .type = T_NUM, .cons = C_SHARE, .def = "0",
     AT(crude_birth_rate), .unit = "per resident per year",
     .doc = "alternative to tfr: births per resident per year (0 = use tfr)"},
    {.key = "sex_ratio_at_birth", .zh = "出生人口性别比", .en = "Sex ratio at birth",
     .type = T_NUM, .cons = C_SEXRATIO, .def = "111.3",
     AT(sex_ratio_at_birth), .unit = "males per 100 females", .doc = "sex ratio at birth"},
    END};

static const sch k_migration[] = {
    {.key = "net_rate", .zh = "净迁移率", .en = "Net migration rate",
     .type = T_DATED, .cons = C_SIGNED, .def = "0",
     AT(net_migration_rate), .unit = "per resident per year",
     .doc = "net migrants per resident per year, spread by the age structure"},
    END};

static const sch k_population[] = {
    {.key = "total", .zh = "应参保居民总数", .en = "Eligible residents at start",
     .type = T_NUM, .cons = C_POP, .flags = F_RAW, AT_R(total), .unit = "persons",
     .doc = "eligible residents at the start (required unless table or roster)"},
    {.key = "structure", .zh = "人口年龄性别结构", .en = "Age and sex structure",
     .type = T_STR, .def = "china-2020", .flags = F_RAW, AT_R(structure), .aux = 512,
     .doc = "china-2020 (bundled census shares) or a CSV path age,male,female"},
    {.key = "table", .zh = "分年龄性别人口表", .en = "Population counts by age and sex",
     .type = T_STR, .flags = F_RAW, AT_R(table), .aux = 512,
     .doc = "alternative to total+structure: CSV age,male,female of counts"},
    {.key = "roster", .zh = "参保人员名册", .en = "Enrollee roster",
     .type = T_STR, .flags = F_RAW, AT_R(roster), .aux = 512,
     .doc = "alternative to total+structure and table: CSV age,sex,group,tier,count of the "
            "first year's residents; replaces groups[].share and the tier shares"},
    {.key = "mortality", .zh = "死亡", .en = "Mortality assumptions",
     .type = T_MAP, .kids = k_mortality, .doc = "mortality"},
    {.key = "fertility", .zh = "生育", .en = "Fertility assumptions",
     .type = T_MAP, .kids = k_fertility, .doc = "fertility"},
    {.key = "migration", .zh = "人口迁移", .en = "Net migration",
     .type = T_MAP, .kids = k_migration, .doc = "migration"},
    END};

static const sch k_group_subsidy[] = {
    {.key = "type", .zh = "资助方式", .en = "Subsidy type",
     .type = T_ENUM, .def = "none", AT_G(subsidy.kind), .enums = e_subsidy,
     .doc = "none | full | fixed | percent"},
    {.key = "amount", .zh = "定额资助标准", .en = "Fixed subsidy amount",
     .type = T_DATED, .cons = C_YUAN, AT_G(subsidy.amount), .unit = "元",
     .doc = "fixed: yuan per enrollee (at most the standard)"},
    {.key = "percent", .zh = "资助比例", .en = "Subsidy percentage",
     .type = T_DATED, .cons = C_SHARE, AT_G(subsidy.percent),
     .doc = "percent: share of the base standard"},
    {.key = "base", .zh = "资助比例计算基数", .en = "Subsidy percentage base",
     .type = T_ENUM, .def = "tier1", AT_G(subsidy.base), .enums = e_base,
     .doc = "percent of the tier1 standard or of the enrollee's own tier"},
    {.key = "upper_tier_percent", .zh = "二档及以上按一档资助比例", .en = "Upper-tier subsidy percentage",
     .type = T_DATED, .cons = C_FACTOR,
     AT_G(subsidy.upper_tier_percent),
     .doc = "enrollees in tiers >= 2 get this x the tier-1 standard; unset = same rule"},
    {.key = "payer", .zh = "资助资金来源", .en = "Subsidy payer",
     .type = T_SENUM, .def = "assistance", AT_G(subsidy.payer),
     .enums = e_payer, .aux = FS_NAME_MAX, .doc = "assistance (医疗救助) | other"},
    END};

static const sch k_group_ci[] = {
    {.key = "deductible_factor", .zh = "大病保险起付线调整系数", .en = "Critical-illness deductible factor",
     .type = T_DATED, .cons = C_FACTOR, .def = "1",
     AT_G(ci.deductible_factor), .doc = "multiplies the critical-illness deductible"},
    {.key = "ratio_add", .zh = "大病保险报销比例提高幅度", .en = "Critical-illness ratio add-on",
     .type = T_DATED, .cons = C_SIGNED, .def = "0", AT_G(ci.ratio_add),
     .doc = "added to the critical-illness ratios"},
    {.key = "no_cap", .zh = "大病保险不设封顶线", .en = "No critical-illness cap",
     .type = T_DBOOL, .def = "false", AT_G(ci.no_cap),
     .doc = "true: no critical-illness cap; or years -> true/false (e.g. {2021: true, 2026: false})"},
    END};

/* A medical-assistance rule (fs_assist_rule): a group's, or the rule by a
 * person's own costs (assistance.by_expense); X(m) is the field's AT. */
#define ASSIST_RULE_ROWS(X)                                                                    \
    {.key = "ratio", .zh = "医疗救助比例", .en = "Assistance ratio",                            \
     .type = T_DATED, .cons = C_SHARE, .flags = F_REQ, X(ratio),                              \
     .doc = "share of the remaining self-paid cost above the threshold"},                     \
    {.key = "threshold", .zh = "医疗救助起付标准", .en = "Assistance threshold",                \
     .type = T_DATED, .cons = C_YUAN, X(threshold), .unit = "元",                           \
     .doc = "threshold in yuan; or"},                                                         \
    {.key = "threshold_income_share", .zh = "救助起付标准占人均收入比",                         \
     .en = "Threshold as income share", .type = T_DATED, .cons = C_FACTOR,                    \
     X(threshold_income_share),                                                               \
     .doc = "threshold as a share of financing.assistance_income"},                           \
    {.key = "cap", .zh = "年度最高救助限额", .en = "Yearly assistance cap",                     \
     .type = T_DATED, .cons = C_YUAN_LIMIT, .def = ".inf", X(cap), .unit = "元",                   \
     .doc = "yearly cap per person; .inf = no limit"},                                        \
    {.key = "lines", .zh = "救助费用范围", .en = "Lines of care assisted",                      \
     .type = T_SET, .def = "[inpatient, chronic]", X(lines), .enums = e_lines,                \
     .doc = ("whose in-scope self-paid cost (after basic insurance and the part of the "       \
             "critical-illness benefit that falls on them) is the base")}

#define TILT_ROWS(X)                                                                           \
    {.key = "ratio", .zh = "倾斜救助比例", .en = "Tilted assistance ratio",                     \
     .type = T_DATED, .cons = C_SHARE, .flags = F_REQ, X(tilt.ratio),                         \
     .doc = "share of what is left after the first layer above the tilt threshold"},          \
    {.key = "threshold", .zh = "倾斜救助起付标准", .en = "Tilted assistance threshold",         \
     .type = T_DATED, .cons = C_YUAN, X(tilt.threshold), .unit = "元",                      \
     .doc = "threshold in yuan on the self-paid cost left after the first layer; or"},        \
    {.key = "threshold_income_share", .zh = "倾斜救助起付标准占人均收入比",                     \
     .en = "Tilt threshold as income share", .type = T_DATED, .cons = C_FACTOR,               \
     X(tilt.threshold_income_share),                                                          \
     .doc = "threshold as a share of financing.assistance_income"},                           \
    {.key = "cap", .zh = "倾斜救助年度限额", .en = "Yearly tilted assistance cap",              \
     .type = T_DATED, .cons = C_YUAN_LIMIT, .def = ".inf", X(tilt.cap), .unit = "元",              \
     .doc = "yearly cap of the tilt, its own (the rule's cap does not include it)"}

#define AT_GA(m) AT_G(assist.m)
#define AT_EA(m) AT(assist.by_expense.m)

static const sch k_group_tilt[] = {TILT_ROWS(AT_GA), END};
static const sch k_expense_tilt[] = {TILT_ROWS(AT_EA), END};

static const sch k_group_assist[] = {
    ASSIST_RULE_ROWS(AT_GA),
    {.key = "tilt", .zh = "倾斜救助", .en = "Tilted assistance",
     .type = T_MAP, .flags = F_OPT | F_PRES, PRES_G(assist.tilt.enabled), .kids = k_group_tilt,
     .doc = "a second layer (倾斜救助) on the self-paid cost left after the first; given = on"},
    END};

static const sch k_group_grad[] = {
    {.key = "share", .zh = "当年毕业人员占比", .en = "Share graduating in the year",
     .type = T_DATED, .cons = C_SHARE, .def = "0", AT_G(grad.share),
     .doc = "share of the group's enrollees who graduate (leave the group) in the year"},
    {.key = "cover_months", .zh = "毕业当年待遇享受月数", .en = "Months covered in the graduation year",
     .type = T_DATED, .cons = C_MONTHS, .def = "12", AT_G(grad.cover_months), .unit = "months",
     .doc = "months of the graduation year a graduate is covered: 8 = to 31 August (the academic "
            "year), 12 = to 31 December; more than 12 counts as 12"},
    END};

static const sch k_group[] = {
    {.key = "name", .zh = "人群名称", .en = "Group name",
     .type = T_STR, .flags = F_REQ, AT_G(name), .aux = FS_NAME_MAX,
     .doc = "group name (e.g. 特困人员)"},
    {.key = "id", .zh = "人群标识", .en = "Group identifier",
     .type = T_STR, .flags = F_CALC, .def = "the name", AT_G(id),
     .aux = FS_NAME_MAX, .doc = "ASCII identifier used in outputs"},
    {.key = "share", .zh = "人群占比", .en = "Share of residents in group",
     .type = T_DATED, .cons = C_SHARE, AT_G(share),
     .doc = "share of residents within the age range (required unless population.roster)"},
    {.key = "ages", .zh = "年龄范围", .en = "Age range",
     .type = T_AGERANGE, .def = "[0, 100]", AT_G(age_min),
     .doc = "[min, max] ages of the group"},
    {.key = "enrollment_rate", .zh = "人群参保率", .en = "Group enrollment rate",
     .type = T_DATED, .cons = C_SHARE, AT_G(enrollment_rate),
     .doc = "base enrollment rate; unset = enrollment.base_rate"},
    {.key = "price_sensitive", .zh = "参保受缴费标准影响", .en = "Price-sensitive enrollment",
     .type = T_BOOL, .def = "true", AT_G(price_sensitive),
     .doc = "the enrollment elasticity applies to the group"},
    {.key = "contribution", .zh = "人群个人缴费标准", .en = "Group contribution per tier",
     .type = T_DATEDSEQ, .cons = C_YUAN, AT_G(contribution),
     .aux = FS_MAX_TIERS, .unit = "元", .doc = "own standards per tier; unset = the tier's"},
    {.key = "tier_shares", .zh = "人群参保档次选择占比", .en = "Group tier choice shares",
     .type = T_DATEDSEQ, .cons = C_SHARE, AT_G(tier_share),
     .aux = FS_MAX_TIERS, .doc = "tier choice per tier (sum 1); unset = tiers[].choice_share"},
    {.key = "subsidy", .zh = "资助参保", .en = "Contribution subsidy",
     .type = T_MAP, .kids = k_group_subsidy,
     .doc = "contribution subsidy (资助参保)"},
    {.key = "inpatient_ratio_add", .zh = "住院支付比例提高幅度", .en = "Inpatient ratio add-on",
     .type = T_DATED, .cons = C_SIGNED, .def = "0",
     AT_G(inpatient_ratio_add), .doc = "points added to inpatient ratios"},
    {.key = "inpatient_level_ratio_add", .zh = "分级别住院支付比例提高幅度",
     .en = "Inpatient ratio add-on by hospital level",
     .type = T_DATEDSEQ, .cons = C_SIGNED, AT_G(inpatient_level_ratio_add),
     .aux = FS_MAX_LEVELS,
     .doc = "points added at each level (one per benefits.inpatient.levels), on top of "
            "inpatient_ratio_add; unset = 0"},
    {.key = "critical_illness", .zh = "大病保险倾斜支付", .en = "Critical-illness preferential terms",
     .type = T_MAP, .kids = k_group_ci,
     .doc = "critical-illness modifiers"},
    {.key = "assistance", .zh = "医疗救助待遇", .en = "Medical assistance eligibility",
     .type = T_MAP, .flags = F_OPT | F_PRES, PRES_G(assist.eligible),
     .kids = k_group_assist, .doc = "medical assistance (医疗救助); given = eligible"},
    {.key = "no_waiting_period", .zh = "不设待遇享受等待期", .en = "No waiting period",
     .type = T_BOOL, .def = "false", AT_G(waiting_exempt),
     .doc = "true: late enrollment brings no waiting period"},
    {.key = "graduation", .zh = "毕业学生待遇享受期", .en = "Graduates' benefit period",
     .type = T_MAP, .kids = k_group_grad,
     .doc = "students' graduation: who graduates and how long their cover lasts"},
    END};

static const sch k_tier[] = {
    {.key = "name", .zh = "档次名称", .en = "Tier name",
     .type = T_STR, .flags = F_CALC, .def = "一档, 二档, 三档, 四档", AT_T(name),
     .aux = FS_NAME_MAX, .doc = "tier name"},
    {.key = "contribution", .zh = "个人缴费标准", .en = "Individual contribution per year",
     .type = T_DATED, .cons = C_YUAN, .flags = F_REQ,
     AT_T(contribution), .unit = "元", .doc = "individual standard per person per year"},
    {.key = "choice_share", .zh = "参保档次选择占比", .en = "Share choosing the tier",
     .type = T_DATED, .cons = C_SHARE, .flags = F_CALC,
     .def = "1 with one tier", AT_T(choice_share),
     .doc = "share of enrollees choosing the tier (sum 1)"},
    {.key = "outpatient_cap", .zh = "本档普通门诊统筹支付限额", .en = "Tier outpatient cap",
     .type = T_DATED, .cons = C_YUAN, AT_T(outpatient_cap),
     .unit = "元", .doc = "overrides benefits.outpatient.cap"},
    {.key = "outpatient_ratio", .zh = "本档普通门诊报销比例", .en = "Tier outpatient ratio",
     .type = T_DATED, .cons = C_SHARE, AT_T(outpatient_ratio),
     .doc = "overrides the outpatient ratio"},
    {.key = "inpatient_ratio_add", .zh = "本档住院支付比例提高幅度", .en = "Tier inpatient ratio add-on",
     .type = T_DATED, .cons = C_SIGNED, .def = "0",
     AT_T(inpatient_ratio_add), .doc = "points added to inpatient ratios"},
    END};

static const sch k_enrollment[] = {
    {.key = "base_rate", .zh = "基础参保率", .en = "Base enrollment rate",
     .type = T_DATED, .cons = C_SHARE, .def = "0.95", AT(enroll_base_rate),
     .doc = "base enrollment rate"},
    {.key = "elasticity", .zh = "参保价格弹性", .en = "Enrollment price elasticity",
     .type = T_NUM, .cons = C_ELAST, .def = "0", AT(enroll_elasticity),
     .doc = "rate x min(1, exp(elasticity x (net price - ref) / ref)): a net price above the "
            "reference lowers the rate, one below it does not lift it"},
    {.key = "reference_price", .zh = "弹性参考缴费额", .en = "Elasticity reference price",
     .type = T_DATED, .cons = C_YUAN_POS, .flags = F_CALC,
     .def = "the start year's tier-1 contribution", AT(enroll_reference_price), .unit = "元",
     .doc = "reference price of the elasticity (default: tiers[0].contribution of start_year, "
            "held in yuan)"},
    {.key = "floor", .zh = "参保率约束性指标", .en = "Binding enrollment target",
     .type = T_DATED, .cons = C_SHARE, AT(enroll_floor),
     .doc = "binding target (约束性指标): every group's rate after the price response is held "
            "at or above it, the shock then applies around it; unset = no floor"},
    {.key = "shock_sd", .zh = "参保率冲击标准差", .en = "Enrollment shock SD",
     .type = T_NUM, .cons = C_SD, .def = "0.01", AT(enroll_shock_sd),
     .doc = "relative normal shock of the rate per replication-year, limited symmetrically "
            "about the rate so that its mean is kept (a rate of 1 stays 1)"},
    {.key = "newborn_rate", .zh = "新生儿参保率", .en = "Newborn enrollment rate",
     .type = T_DATED, .cons = C_SHARE, .flags = F_CALC,
     .def = "enrollment.base_rate", AT(newborn_rate),
     .doc = "share of newborns enrolled: in their birth year with newborn_cover birth_year "
            "(enrolled within 90 days, covered from birth), else at age 0 the next year "
            "(groups with their own enrollment_rate use that rate for their newborns)"},
    {.key = "newborn_cover", .zh = "新生儿参保待遇起始", .en = "Newborns' first covered year",
     .type = T_ENUM, .def = "next_year", AT(newborn_cover), .enums = e_newborn_cover,
     .doc = "next_year: a year's births enter the next year's residents (age 0); birth_year: "
            "they also enroll in their birth year at newborn_rate, pay the full year's "
            "contribution, get the full fiscal subsidy and are covered from birth (half a year "
            "on average: a birth in month m has (12.5 - m)/12 of the year); the age-0 residents "
            "then enroll at their group's rate"},
    {.key = "late_share", .zh = "中断超3个月接续参保占比", .en = "Late enrollment share",
     .type = T_DATED, .cons = C_SHARE, .def = "0", AT(late_share),
     .doc = "share of each residents' cell enrolling late (gap over 3 months), persons without "
            "benefits for waiting_months; groups with no_waiting_period and newborns exempt"},
    {.key = "waiting_months", .zh = "待遇享受等待期月数", .en = "Waiting period in months",
     .type = T_DATED, .cons = C_MONTHS, .def = "3", AT(waiting_months),
     .unit = "months", .doc = "months without benefits for late enrollees"},
    END};

static const sch k_fiscal_shares[] = {
    {.key = "central", .zh = "中央财政分担比例", .en = "Central budget share",
     .type = T_NUM, .cons = C_SHARE, .def = "0", AT(fiscal_share[0]),
     .doc = "central budget (中央财政)"},
    {.key = "provincial", .zh = "省级财政分担比例", .en = "Provincial budget share",
     .type = T_NUM, .cons = C_SHARE, .def = "0", AT(fiscal_share[1]),
     .doc = "provincial budget (省级财政)"},
    {.key = "city", .zh = "市级财政分担比例", .en = "City budget share",
     .type = T_NUM, .cons = C_SHARE, .def = "0", AT(fiscal_share[2]),
     .doc = "city budget (市级财政)"},
    {.key = "county", .zh = "县级财政分担比例", .en = "County budget share",
     .type = T_NUM, .cons = C_SHARE, .def = "0", AT(fiscal_share[3]),
     .doc = "county budget (县级财政)"},
    END};

static const sch k_interest[] = {
    {.key = "mean", .zh = "平均利率", .en = "Mean interest rate",
     .type = T_NUM, .cons = C_YEARLY, .def = "0.015", AT(interest_mean), .unit = "per year",
     .doc = "mean interest rate on the balance"},
    {.key = "sd", .zh = "利率标准差", .en = "Interest rate SD",
     .type = T_NUM, .cons = C_SD, .def = "0", AT(interest_sd),
     .doc = "sd of the rate"},
    {.key = "ar", .zh = "利率自回归系数", .en = "Interest rate AR(1) coefficient",
     .type = T_NUM, .cons = C_SIGNED, .def = "0.8", AT(interest_ar),
     .doc = "AR(1) coefficient"},
    END};

static const sch k_financing[] = {
    {.key = "fiscal_subsidy", .zh = "财政补助标准", .en = "Per-capita fiscal subsidy",
     .type = T_DATED, .cons = C_YUAN, .flags = F_REQ,
     AT(fiscal_subsidy), .unit = "元",
     .doc = "per-capita fiscal subsidy (财政补助), dated by the budget year the notices give it "
            "(\"2022年…财政补助标准…610元\" is {2022: 610})"},
    {.key = "fiscal_alignment", .zh = "财政补助对应待遇年度", .en = "Fiscal subsidy alignment",
     .type = T_ENUM, .def = "same_year", AT(fiscal_alignment), .enums = e_fiscal_align,
     .doc = "which budget year's fiscal_subsidy funds benefit year y: same_year = "
            "fiscal_subsidy(y); previous_year = fiscal_subsidy(y-1), so fiscal_subsidy needs a "
            "value for start_year-1"},
    {.key = "fiscal_shares", .zh = "各级财政分担比例", .en = "Fiscal subsidy split by level",
     .type = T_MAP, .flags = F_REQ, .kids = k_fiscal_shares,
     .doc = "split of the fiscal subsidy between budgets (sum 1)"},
    {.key = "other_income", .zh = "基金其他收入", .en = "Other fund income",
     .type = T_DATED, .cons = C_FUND, .def = "0", AT(other_income), .unit = "元",
     .doc = "other income of the fund per year"},
    {.key = "interest", .zh = "利息收入", .en = "Interest on balance",
     .type = T_MAP, .kids = k_interest, .doc = "interest on the balance"},
    {.key = "disposable_income", .zh = "居民人均可支配收入", .en = "Per-capita disposable income",
     .type = T_DATED, .cons = C_YUAN, AT(disposable_income),
     .unit = "元", .doc = "per-capita disposable income used by *_income_share thresholds"},
    {.key = "assistance_income", .zh = "医疗救助标准所依收入", .en = "Income of assistance thresholds",
     .type = T_DATED, .cons = C_YUAN, .flags = F_CALC, .def = "financing.disposable_income",
     AT(assistance_income), .unit = "元",
     .doc = ("per-capita income that assistance thresholds and lines (*_income_share under "
             "assistance) are shares of, when it is not the critical-illness one")},
    END};

static const sch k_inflation[] = {
    {.key = "mean", .zh = "医疗费用年均增长率", .en = "Mean medical inflation",
     .type = T_NUM, .cons = C_YEARLY, .def = "0.05", AT(inflation_mean), .unit = "per year",
     .doc = "yearly medical inflation"},
    {.key = "sd", .zh = "医疗费用增长率标准差", .en = "Medical inflation SD",
     .type = T_NUM, .cons = C_SD, .def = "0.02", AT(inflation_sd),
     .doc = "sd of inflation"},
    {.key = "ar", .zh = "医疗费用增长自回归系数", .en = "Medical inflation AR(1) coefficient",
     .type = T_NUM, .cons = C_SIGNED, .def = "0.5", AT(inflation_ar),
     .doc = "AR(1) coefficient"},
    END};

static const sch k_utilization[] = {
    {.key = "trend", .zh = "就医频次年增长率", .en = "Yearly utilization trend",
     .type = T_NUM, .cons = C_YEARLY, .def = "0.01", AT(utilization_trend), .unit = "per year",
     .doc = "yearly growth of frequencies"},
    {.key = "shock_sd", .zh = "就医频次冲击标准差", .en = "Utilization shock SD",
     .type = T_NUM, .cons = C_SD, .def = "0.03",
     AT(utilization_shock_sd), .doc = "per replication-year lognormal sd"},
    END};

static const sch k_costs[] = {
    {.key = "base_year", .zh = "费用基准年度", .en = "Cost price base year",
     .type = T_INT, .cons = C_YEAR, .flags = F_CALC,
     .def = "scenario.start_year", AT(base_year), .doc = "year whose prices cost means are in"},
    {.key = "inflation", .zh = "医疗费用增长", .en = "Medical inflation",
     .type = T_MAP, .kids = k_inflation, .doc = "medical inflation"},
    {.key = "utilization", .zh = "医疗服务利用", .en = "Service utilization",
     .type = T_MAP, .kids = k_utilization, .doc = "utilization"},
    END};

static const sch k_item_class[] = {
    {.key = "name", .zh = "项目类别", .en = "Item class name",
     .type = T_STR, .flags = F_REQ,
     .off = offsetof(struct fs_scenario, outpatient.class_name[0]), .stride = FS_NAME_MAX,
     .aux = FS_NAME_MAX, .doc = "item class (甲类, 乙类)"},
    {.key = "share", .zh = "该类费用占比", .en = "Share of cost in class",
     .type = T_NUM, .cons = C_SHARE, .flags = F_REQ,
     .off = offsetof(struct fs_scenario, outpatient.class_share[0]), .stride = sizeof(double),
     .doc = "share of the cost (sum 1)"},
    {.key = "ratio", .zh = "该类项目报销比例", .en = "Class reimbursement ratio",
     .type = T_DATED, .cons = C_SHARE, .flags = F_REQ,
     .off = offsetof(struct fs_scenario, outpatient.class_ratio[0]),
     .stride = sizeof(fs_param), .doc = "ratio paid for the class"},
    END};

/* benefits.outpatient.account: the separate outpatient account (docs/model.md §6, §9). */
static const sch k_op_account[] = {
    {.key = "income_share", .zh = "门诊统筹资金划入比例", .en = "Share of fund income credited",
     .type = T_DATED, .cons = C_SHARE, AT(outpatient.account.income_share),
     .doc = "credited each year: this share of fund income (before the top-up); either this "
            "or per_enrollee"},
    {.key = "per_enrollee", .zh = "门诊统筹资金人均划入额", .en = "Credit per enrollee",
     .type = T_DATED, .cons = C_YUAN, AT(outpatient.account.per_enrollee), .unit = "元/人",
     .doc = "credited each year: this amount x enrollees; either this or income_share"},
    {.key = "initial_balance", .zh = "门诊统筹资金期初结余", .en = "Account opening balance",
     .type = T_NUM, .cons = C_FUND_NONNEG, .def = "0", AT(outpatient.account.initial_balance),
     .unit = "元", .doc = "the account's balance at the start of start_year, part of "
                          "fund.initial_balance"},
    {.key = "when_short", .zh = "门诊统筹资金不足时", .en = "When the account cannot pay",
     .type = T_ENUM, .def = "scale", AT(outpatient.account.when_short), .enums = e_when_short,
     .doc = "scale: benefits cut pro rata to what the account holds (residents pay the cut); "
            "main_fund: the rest of the fund pays what the account cannot"},
    END};

static const sch k_outpatient[] = {
    {.key = "use_rate", .zh = "分年龄门诊就诊人数占比", .en = "Outpatient user share by age",
     .type = T_AGES, .cons = C_SHARE, .flags = F_REQ,
     AT(outpatient.use_rate), .doc = "share of enrollees with covered outpatient cost, by age"},
    {.key = "cost", .zh = "就诊者年门诊费用", .en = "Annual outpatient cost per user",
     .type = T_COST, .flags = F_REQ, AT(outpatient.cost), .unit = "元",
     .doc = "annual covered cost of a user, base year"},
    {.key = "deductible", .zh = "门诊统筹起付标准", .en = "Outpatient annual deductible",
     .type = T_DATED, .cons = C_YUAN, .def = "0",
     AT(outpatient.deductible), .unit = "元", .doc = "deductible per year"},
    {.key = "ratio", .zh = "门诊统筹报销比例", .en = "Outpatient reimbursement ratio",
     .type = T_DATED, .cons = C_SHARE, AT(outpatient.ratio),
     .doc = "ratio paid (required unless item_classes)"},
    {.key = "item_classes", .zh = "分类项目报销", .en = "Item classes",
     .type = T_LIST, .kids = k_item_class,
     .cnt = offsetof(struct fs_scenario, outpatient.nclasses), .aux = FS_MAX_ITEM_CLASSES,
     .doc = "[{name, share, ratio}] by item class"},
    {.key = "cap", .zh = "门诊统筹年度最高支付限额", .en = "Outpatient annual cap",
     .type = T_DATED, .cons = C_YUAN_LIMIT, .def = ".inf", AT(outpatient.cap), .unit = "元",
     .doc = "cap per year; .inf = no limit (tiers may override)"},
    {.key = "account_share_cap", .zh = "门诊统筹资金占基金比例上限", .en = "Outpatient share-of-fund limit",
     .type = T_DATED, .cons = C_SHARE_LIMIT, .def = ".inf",
     AT(outpatient.account_share_cap),
     .doc = "outpatient spending at most this share of fund income (with account: its "
            "allocation at most this share); .inf = no limit"},
    {.key = "account", .zh = "门诊统筹资金单独核算", .en = "Separate outpatient account",
     .type = T_MAP, .flags = F_OPT | F_PRES, PRES(outpatient.account.enabled),
     .kids = k_op_account,
     .doc = "a separate account (单独核算、单独管理) that is credited each year, pays general "
            "outpatient benefits and carries its own balance; given = enabled"},
    END};

static const sch k_chronic[] = {
    {.key = "name", .zh = "保障项目名称", .en = "Programme name",
     .type = T_STR, .flags = F_REQ, AT_C(name), .aux = FS_NAME_MAX,
     .doc = "programme name (两病, 门诊慢特病)"},
    {.key = "prevalence", .zh = "分年龄认定人数占比", .en = "Prevalence by age",
     .type = T_AGES, .cons = C_SHARE, .flags = F_REQ, AT_C(prevalence),
     .doc = "share of persons holding the status, by age"},
    {.key = "cost", .zh = "患者年门诊费用", .en = "Annual cost per holder",
     .type = T_COST, .flags = F_REQ, AT_C(cost), .unit = "元",
     .doc = "annual covered cost of a holder, base year"},
    {.key = "in_scope", .zh = "政策范围内费用占比", .en = "In-scope cost share",
     .type = T_DATED, .cons = C_SHARE, .def = "1", AT_C(in_scope),
     .doc = "share of the cost within policy scope"},
    {.key = "deductible", .zh = "慢特病起付标准", .en = "Chronic annual deductible",
     .type = T_DATED, .cons = C_YUAN, .def = "0", AT_C(deductible),
     .unit = "元", .doc = "deductible per year"},
    {.key = "ratio", .zh = "慢特病基金支付比例", .en = "Chronic fund payment ratio",
     .type = T_DATED, .cons = C_SHARE, .flags = F_REQ, AT_C(ratio),
     .doc = "ratio paid by the fund"},
    {.key = "cap", .zh = "慢特病年度支付限额", .en = "Chronic annual cap",
     .type = T_DATED, .cons = C_YUAN_LIMIT, .def = ".inf", AT_C(cap), .unit = "元",
     .doc = "cap per year; .inf = no limit"},
    {.key = "excludes_general_outpatient", .zh = "不享受普通门诊统筹", .en = "Excluded from general outpatient",
     .type = T_DBOOL, .def = "false",
     AT_C(excludes_outpatient),
     .doc = "holders do not use general outpatient pooling; or years -> true/false"},
    {.key = "counts_for_critical_illness", .zh = "自付费用纳入大病保险", .en = "Self-paid cost counts for critical illness",
     .type = T_DBOOL, .def = "false", AT_C(counts_for_ci),
     .doc = "the self-paid cost enters critical-illness insurance; or years -> true/false"},
    {.key = "prevalence_scale", .zh = "认定人数占比调整系数", .en = "Prevalence multiplier",
     .type = T_DATED, .cons = C_FACTOR, .def = "1", AT_C(prevalence_scale),
     .doc = "multiplies prevalence in the year (e.g. a widening list of diseases, 扩大病种范围)"},
    END};

static const sch k_level[] = {
    {.key = "name", .zh = "医疗机构级别名称", .en = "Hospital level name",
     .type = T_STR, .flags = F_REQ, AT_L(name), .aux = FS_NAME_MAX,
     .doc = "hospital level"},
    {.key = "share", .zh = "住院人次占比", .en = "Share of admissions",
     .type = T_DATED, .cons = C_SHARE, .flags = F_REQ, AT_L(share),
     .doc = "share of admissions (sum 1 over levels)"},
    {.key = "cost", .zh = "次均住院费用", .en = "Cost per admission",
     .type = T_COST, .flags = F_REQ, AT_L(cost), .unit = "元",
     .doc = "total cost per admission, base year"},
    {.key = "in_scope", .zh = "政策范围内费用占比", .en = "In-scope cost share",
     .type = T_DATED, .cons = C_SHARE, .def = "1", AT_L(in_scope),
     .doc = "share of the cost within policy scope (政策范围内)"},
    {.key = "deductible", .zh = "起付标准", .en = "Inpatient deductible per admission",
     .type = T_DATED, .cons = C_YUAN, .def = "0", AT_L(deductible),
     .unit = "元", .doc = "deductible per admission (起付线)"},
    {.key = "ratio", .zh = "住院基金支付比例", .en = "Inpatient reimbursement ratio",
     .type = T_DATED, .cons = C_SHARE, .flags = F_REQ, AT_L(ratio),
     .doc = "ratio paid above the deductible"},
    {.key = "stay_cap", .zh = "单次住院最高支付限额", .en = "Fund payment cap per stay",
     .type = T_DATED, .cons = C_YUAN_LIMIT, .def = ".inf", AT_L(stay_cap), .unit = "元",
     .doc = "the fund pays at most this for one stay (before the annual cap); .inf = no limit"},
    {.key = "repeat_deductible_factor", .zh = "年内再次住院起付标准系数",
     .en = "Repeat-stay deductible factor",
     .type = T_DATED, .cons = C_FACTOR, .def = "1", AT_L(repeat_factor),
     .doc = ("a person's 2nd and later stays of the year (at any level) have this x the "
             "level's deductible (第二次及以后住院起付线减半: 0.5)")},
    END};

static const sch k_inpatient[] = {
    {.key = "admission_rate", .zh = "分年龄住院率", .en = "Admission rate by age",
     .type = T_AGES2, .cons = C_RATE, .flags = F_REQ,
     AT(inpatient.admission_rate), .unit = "per person-year",
     .doc = "admissions by age; one map or {male: ..., female: ...}"},
    {.key = "levels", .zh = "医疗机构级别", .en = "Hospital levels",
     .type = T_LIST, .flags = F_REQ, .kids = k_level,
     .cnt = offsetof(struct fs_scenario, inpatient.nlevels), .aux = FS_MAX_LEVELS,
     .doc = "hospital levels"},
    {.key = "annual_cap", .zh = "住院年度最高支付限额", .en = "Inpatient annual cap",
     .type = T_DATED, .cons = C_YUAN_LIMIT, .def = ".inf", AT(inpatient.annual_cap),
     .unit = "元", .doc = "fund payment per person per year; .inf = no limit"},
    END};

static const sch k_maternity[] = {
    {.key = "benefit", .zh = "生育医疗费用支付标准", .en = "Fund payment per birth",
     .type = T_DATED, .cons = C_YUAN, .def = "0", AT(maternity.benefit),
     .unit = "元", .doc = "fund payment per birth"},
    END};

static const sch k_benefits[] = {
    {.key = "outpatient", .zh = "普通门诊统筹", .en = "General outpatient pooling",
     .type = T_MAP, .flags = F_OPT | F_PRES, PRES(outpatient.enabled),
     .kids = k_outpatient, .doc = "general outpatient pooling (普通门诊统筹); given = enabled"},
    {.key = "chronic", .zh = "门诊慢特病", .en = "Chronic and special outpatient diseases",
     .type = T_LIST, .kids = k_chronic, .cnt = offsetof(struct fs_scenario,
                                                                        nchronic),
     .aux = FS_MAX_CHRONIC, .doc = "chronic and special outpatient programmes (门诊慢特病)"},
    {.key = "inpatient", .zh = "住院待遇", .en = "Inpatient care",
     .type = T_MAP, .flags = F_REQ, .kids = k_inpatient,
     .doc = "inpatient care (住院)"},
    {.key = "maternity", .zh = "生育医疗费用", .en = "Maternity benefit",
     .type = T_MAP, .kids = k_maternity, .doc = "maternity (生育医疗费用)"},
    END};

static const sch k_band[] = {
    {.key = "upto", .zh = "分段费用上限", .en = "Band upper bound",
     .type = T_DATED, .cons = C_YUAN_POS, .flags = F_REQ, AT_B(upto), .unit = "元",
     .doc = "upper bound above the deductible; last band .inf"},
    {.key = "ratio", .zh = "分段支付比例", .en = "Band payment ratio",
     .type = T_DATED, .cons = C_SHARE, .flags = F_REQ, AT_B(ratio),
     .doc = "ratio in the band"},
    END};

static const sch k_corridor[] = {
    {.key = "share", .zh = "盈亏分担比例", .en = "Surplus and loss sharing share",
     .type = T_DATED, .cons = C_SHARE, .def = "0", AT(ci.corridor_share),
     .doc = "share of the insurer's surplus or loss returned to or taken from the fund"},
    {.key = "band", .zh = "不分担赔付率区间", .en = "Unshared loss-ratio band",
     .type = T_DATED, .cons = C_FACTOR, .def = "0", AT(ci.corridor_band),
     .doc = "loss ratios within [1-band, 1+band] are not shared"},
    END};

static const sch k_ci[] = {
    {.key = "premium", .zh = "大病保险筹资标准", .en = "Premium per enrollee",
     .type = T_DATED, .cons = C_YUAN, AT(ci.premium), .unit = "元",
     .doc = "premium per enrollee; or"},
    {.key = "premium_income_share", .zh = "大病保险筹资占基金收入比例", .en = "Premium as share of fund income",
     .type = T_DATED, .cons = C_SHARE,
     AT(ci.premium_income_share), .doc = "premium as a share of fund income"},
    {.key = "deductible", .zh = "大病保险起付线", .en = "Critical-illness deductible",
     .type = T_DATED, .cons = C_YUAN, AT(ci.deductible), .unit = "元",
     .doc = "deductible in yuan; or"},
    {.key = "deductible_income_share", .zh = "起付线占人均可支配收入比例", .en = "Deductible as income share",
     .type = T_DATED, .cons = C_FACTOR,
     AT(ci.deductible_income_share), .doc = "deductible as a share of disposable income"},
    {.key = "bands", .zh = "分段支付比例", .en = "Payment bands",
     .type = T_LIST, .kids = k_band,
     .cnt = offsetof(struct fs_scenario, ci.nbands), .aux = FS_MAX_BANDS,
     .doc = "[{upto, ratio}]; or a single ratio"},
    {.key = "ratio", .zh = "大病保险支付比例", .en = "Critical-illness payment ratio",
     .type = T_DATED, .cons = C_SHARE, .flags = F_NOVIEW,
     .off = offsetof(struct fs_scenario, ci.band[0].ratio), .doc = "a single ratio"},
    {.key = "cap", .zh = "大病保险封顶线", .en = "Critical-illness annual cap",
     .type = T_DATED, .cons = C_YUAN_LIMIT, .def = ".inf", AT(ci.cap), .unit = "元",
     .doc = "cap per person-year; .inf = no limit"},
    {.key = "corridor", .zh = "盈亏风险调节机制", .en = "Risk corridor",
     .type = T_MAP, .kids = k_corridor, .doc = "risk corridor"},
    END};

static const sch k_by_expense[] = {
    {.key = "line", .zh = "高额费用救助认定标准", .en = "Eligibility line",
     .type = T_DATED, .cons = C_YUAN, AT_EA(line), .unit = "元",
     .doc = "a person outside every eligible group whose base exceeds this is assisted; or"},
    {.key = "line_income_share", .zh = "认定标准占人均收入比", .en = "Line as income share",
     .type = T_DATED, .cons = C_FACTOR, AT_EA(line_income_share),
     .doc = "the line as a share of financing.assistance_income"},
    ASSIST_RULE_ROWS(AT_EA),
    {.key = "tilt", .zh = "倾斜救助", .en = "Tilted assistance",
     .type = T_MAP, .flags = F_OPT | F_PRES, PRES(assist.by_expense.tilt.enabled),
     .kids = k_expense_tilt,
     .doc = "a second layer (倾斜救助) on the self-paid cost left after the first; given = on"},
    END};

static const sch k_assistance[] = {
    {.key = "alert_line", .zh = "因病返贫致贫风险预警线", .en = "Impoverishment-risk alert line",
     .type = T_DATED, .cons = C_YUAN_LIMIT, .def = ".inf", AT(assist.alert_line),
     .unit = "元", .doc = "impoverishment-risk alert line; .inf = no limit"},
    {.key = "by_expense", .zh = "因病致贫重病患者救助", .en = "Assistance by own costs",
     .type = T_MAP, .flags = F_OPT | F_PRES, PRES(assist.by_expense.eligible),
     .kids = k_by_expense,
     .doc = ("依申请救助: persons in no eligible group whose self-paid base after basic "
             "insurance and critical illness exceeds a line are assisted by this rule; "
             "given = on")},
    END};

static const sch k_reserve[] = {
    {.key = "min_months", .zh = "累计结余可支付月数下限", .en = "Minimum months of reserve",
     .type = T_DATED, .cons = C_MONTHS, .def = "6",
     AT(reserve_min_months), .unit = "months", .doc = "too little reserve below this"},
    {.key = "max_months", .zh = "累计结余可支付月数上限", .en = "Maximum months of reserve",
     .type = T_DATED, .cons = C_MONTHS, .def = "15",
     AT(reserve_max_months), .unit = "months", .doc = "too much surplus above this"},
    END};

static const sch k_mrule[] = {
    {.key = "target_surplus_rate", .zh = "目标当期结余率", .en = "Target surplus rate",
     .type = T_DATED, .cons = C_SIGNED, .def = "0.03",
     AT(mrule.target_surplus_rate), .doc = "benefit_ratio: surplus rate the factor steers to"},
    {.key = "gain", .zh = "待遇调整力度系数", .en = "Adjustment gain",
     .type = T_DATED, .cons = C_FACTOR, .def = "1", AT(mrule.gain),
     .doc = "benefit_ratio: k_y = k_{y-1} (1 + gain (S/I of y-1 - target))"},
    {.key = "min_factor", .zh = "待遇调整系数下限", .en = "Minimum benefit factor",
     .type = T_DATED, .cons = C_FACTOR_POS, .def = "0.8", AT(mrule.min_factor),
     .doc = "benefit_ratio: lower limit of the factor k"},
    {.key = "max_factor", .zh = "待遇调整系数上限", .en = "Maximum benefit factor",
     .type = T_DATED, .cons = C_FACTOR_POS, .def = "1.1", AT(mrule.max_factor),
     .doc = "benefit_ratio: upper limit of the factor k"},
    {.key = "step", .zh = "缴费标准每次调整额", .en = "Contribution step per decision",
     .type = T_DATED, .cons = C_YUAN, .def = "30", AT(mrule.step),
     .unit = "元", .doc = "contribution: change of every standard per decision"},
    END};

static const sch k_target_band[] = {
    {.key = "min_surplus_rate", .zh = "略有结余当期结余率下限", .en = "Small surplus: lowest rate",
     .type = T_DATED, .cons = C_SIGNED, .def = "0", AT(band_min),
     .doc = "surplus rates from this one count as 略有结余 (prob_small_surplus)"},
    {.key = "max_surplus_rate", .zh = "略有结余当期结余率上限", .en = "Small surplus: highest rate",
     .type = T_DATED, .cons = C_SIGNED, .def = "0.1", AT(band_max),
     .doc = "up to this one (see docs/assumptions.md for the default)"},
    END};

static const sch k_deficit_shares[] = {
    {.key = "central", .zh = "中央财政承担比例", .en = "Central budget's share",
     .type = T_NUM, .cons = C_SHARE, .def = "0", AT(deficit_share[0]),
     .doc = "central budget (中央财政)"},
    {.key = "provincial", .zh = "省级财政承担比例", .en = "Provincial budget's share",
     .type = T_NUM, .cons = C_SHARE, .def = "0", AT(deficit_share[1]),
     .doc = "provincial budget (省级财政)"},
    {.key = "city", .zh = "市级财政承担比例", .en = "City budget's share",
     .type = T_NUM, .cons = C_SHARE, .def = "0", AT(deficit_share[2]),
     .doc = "city budget (市级财政)"},
    {.key = "county", .zh = "县级财政承担比例", .en = "County budget's share",
     .type = T_NUM, .cons = C_SHARE, .def = "0", AT(deficit_share[3]),
     .doc = "county budget (县级财政)"},
    {.key = "other", .zh = "其他资金承担比例", .en = "Other fund's share",
     .type = T_NUM, .cons = C_SHARE, .def = "0", AT(deficit_share[4]),
     .doc = "another named budget (e.g. a risk-adjustment fund, 风险调剂金)"},
    END};

static const sch k_fund[] = {
    {.key = "initial_balance", .zh = "期初累计结余", .en = "Opening balance",
     .type = T_DATED, .cons = C_FUND, .def = "0", AT(initial_balance), .unit = "元",
     .doc = "balance at the start of start_year"},
    {.key = "pooling", .zh = "统筹层次", .en = "Pooling level",
     .type = T_ENUM, .def = "own", AT(pooling), .enums = e_pooling,
     .doc = "own: the scenario is a fund of its own; ledger: a county's ledger inside a "
            "municipal pool (市级统筹, 统收统支): no reserve, interest or management rule of its "
            "own; its net transfer to the pool is reported and the balance-based status metrics "
            "are not applicable (empty)"},
    {.key = "reserve_band", .zh = "累计结余合理区间", .en = "Reserve band",
     .type = T_MAP, .kids = k_reserve, .doc = "reserve band"},
    {.key = "management", .zh = "基金调控方式", .en = "Fund management rule",
     .type = T_ENUM, .def = "fixed", AT(rule), .enums = e_mgmt,
     .doc = "fixed; topup (the budget covers any deficit); benefit_ratio (ratios follow the "
            "surplus rate); contribution (standards follow the reserve band, one cycle later)"},
    {.key = "rule", .zh = "调控规则参数", .en = "Management rule parameters",
     .type = T_MAP, .kids = k_mrule, .doc = "parameters of the management rule"},
    {.key = "target_band", .zh = "略有结余区间", .en = "Small-surplus band",
     .type = T_MAP, .kids = k_target_band,
     .doc = "the surplus rates that count as 略有结余"},
    {.key = "shortfall_floor", .zh = "缺口计算底线", .en = "Shortfall floor",
     .type = T_ENUM, .def = "zero", AT(shortfall_floor), .enums = e_floor,
     .doc = "zero: shortfall keeps the balance at 0 or more; reserve: at reserve_band.min_months "
            "of spending"},
    {.key = "deficit_shares", .zh = "基金缺口分担比例", .en = "Who covers a shortfall",
     .type = T_MAP, .flags = F_CALC, .def = "financing.fiscal_shares", .kids = k_deficit_shares,
     .doc = "split of the shortfall between budgets (sum 1)"},
    END};

/* calibrate: (docs/model.md §14) -- the targets are metrics (their names
 * and units: docs/metrics.md), the factors and their defaults are
 * FSI_CAL_FACTORS's (scenario_int.h). */
const char *const fsi_cal_factor_names[] = {
#define CF_NAME(id, key_, kind, zh_, en_, doc_) key_,
    FSI_CAL_FACTORS(CF_NAME)
#undef CF_NAME
    "none", NULL};

#define FSI_CF_DEF_MUL "1"
#define FSI_CF_DEF_ADD "0"
#define FSI_CF_CONS_MUL C_FACTOR_POS
#define FSI_CF_CONS_ADD C_FUND

static const sch k_cal_targets[] = {
#define CT_ROW(metric, name, factor)                                                           \
    {.key = name, .zh = "校准目标值", .en = "Observed value", .type = T_NUM, .cons = C_TARGET, \
     .flags = F_PRES, AT(cal_target[FSI_CT_##metric]), PRES(cal_target_set[FSI_CT_##metric]), \
     .doc = "the metric's observed value in calibrate.year (unit: docs/metrics.md)"},
    FSI_CAL_TARGETS(CT_ROW)
#undef CT_ROW
    END};

static const sch k_cal_fit[] = {
#define CT_FIT(metric, name, factor)                                                      \
    {.key = name, .zh = "拟合的校准系数", .en = "Factor fitted", .type = T_ENUM,              \
     .def = factor, AT(cal_fit[FSI_CT_##metric]), .enums = fsi_cal_factor_names,            \
     .doc = "the factor the target of this name fits (none: reported, not fitted)"},
    FSI_CAL_TARGETS(CT_FIT)
#undef CT_FIT
    END};

static const sch k_cal_factors[] = {
#define CF_ROW(id, key_, kind, zh_, en_, doc_)                                               \
    {.key = key_, .zh = zh_, .en = en_, .type = T_NUM, .cons = FSI_CF_CONS_##kind,          \
     .def = FSI_CF_DEF_##kind, AT(cal_factor[FSI_CF_##id]), .doc = doc_},
    FSI_CAL_FACTORS(CF_ROW)
#undef CF_ROW
    END};

#define AT_CL(m)                                                   \
    .off = offsetof(struct fs_scenario, cal_level[0].m),           \
    .stride = sizeof(((struct fs_scenario *)0)->cal_level[0])
#define PRES_CL(m) .pres = offsetof(struct fs_scenario, cal_level[0].m)

static const sch k_cal_level[] = {
    {.key = "cost_per_admission", .zh = "该级别次均住院费用", .en = "Cost per admission",
     .type = T_NUM, .cons = C_YUAN_POS, .flags = F_PRES, AT_CL(cost_target), PRES_CL(cost_set),
     .unit = "元", .doc = "observed cost per admission at this level in calibrate.year"},
    {.key = "cost_factor", .zh = "该级别住院费用系数", .en = "Level cost factor",
     .type = T_NUM, .cons = C_FACTOR_POS, .def = "1", AT_CL(cost_factor),
     .doc = "this level's cost mean x f (fitted from cost_per_admission)"},
    END};

#define AT_CG(m)                                                   \
    .off = offsetof(struct fs_scenario, cal_group[0].m),           \
    .stride = sizeof(((struct fs_scenario *)0)->cal_group[0])
#define PRES_CG(m) .pres = offsetof(struct fs_scenario, cal_group[0].m)

static const sch k_cal_group[] = {
    {.key = "enrollees", .zh = "该人群参保人数", .en = "Group enrollees",
     .type = T_NUM, .cons = C_POP, .flags = F_PRES, AT_CG(enrollees), PRES_CG(enrollees_set),
     .unit = "persons", .doc = "observed enrollees of this group in calibrate.year"},
    {.key = "share_factor", .zh = "该人群占比系数", .en = "Group share factor",
     .type = T_NUM, .cons = C_FACTOR_POS, .def = "1", AT_CG(share_factor),
     .doc = "this group's share x f (fitted from enrollees)"},
    END};

static const sch k_calibrate[] = {
    {.key = "year", .zh = "校准基期年度", .en = "Base year of the targets",
     .type = T_INT, .cons = C_YEAR, .flags = F_CALC, .def = "scenario.start_year",
     AT(cal_year), .doc = "the policy year whose observed figures the targets are"},
    {.key = "tolerance", .zh = "校准容差", .en = "Calibration tolerance",
     .type = T_NUM, .cons = C_FACTOR_POS, .def = "0.0001", AT(cal_tol),
     .doc = "largest relative residual |fitted/target - 1| accepted"},
    {.key = "targets", .zh = "校准目标", .en = "Observed figures",
     .type = T_MAP, .kids = k_cal_targets,
     .doc = "metric: observed value in the base year, any subset"},
    {.key = "fit", .zh = "目标与系数对应", .en = "Factor of each target",
     .type = T_MAP, .kids = k_cal_fit, .doc = "metric: the factor its target fits"},
    {.key = "factors", .zh = "校准系数", .en = "Calibration factors",
     .type = T_MAP, .kids = k_cal_factors,
     .doc = "the fitted factors, applied by every run (written by `fundsim calibrate`)"},
    {.key = "levels", .zh = "分级别校准", .en = "Calibration by hospital level",
     .type = T_LIST, .kids = k_cal_level, .cnt = offsetof(struct fs_scenario, cal_nlevels),
     .aux = FS_MAX_LEVELS, .doc = "one entry per benefits.inpatient.levels entry, in order"},
    {.key = "groups", .zh = "分人群校准", .en = "Calibration by group",
     .type = T_LIST, .kids = k_cal_group, .cnt = offsetof(struct fs_scenario, cal_ngroups),
     .aux = FS_MAX_GROUPS, .doc = "one entry per scenario group (groups:), in order"},
    END};

const sch fsi_schema_root[] = {
    {.key = "extends", .zh = "继承的基础情景", .en = "Base scenario extended",
     .type = T_STR, .flags = F_RAW | F_NOVIEW, AT_R(extends), .aux = 512,
     .doc = "a scenario this one is based on"},
    {.key = "overrides", .zh = "参数覆盖", .en = "Overrides",
     .type = T_TEXTS, .flags = F_NOVIEW,
     .doc = "KEY.PATH=VALUE (or += / *=) changes applied in order after extends:, as --set "
            "applies them; `fundsim solve` writes its answer this way"},
    {.key = "scenario", .zh = "情景标识", .en = "Scenario identity",
     .type = T_MAP, .flags = F_REQ, .kids = k_scenario, .doc = "identity"},
    {.key = "simulation", .zh = "模拟设置", .en = "Simulation settings",
     .type = T_MAP, .kids = k_simulation, .doc = "simulation"},
    {.key = "population", .zh = "人口", .en = "Resident population",
     .type = T_MAP, .flags = F_REQ, .kids = k_population,
     .doc = "population"},
    {.key = "groups", .zh = "特殊人群", .en = "Special groups",
     .type = T_LIST, .kids = k_group, .cnt = offsetof(struct fs_scenario,
                                                                    ngroups),
     .aux = FS_MAX_GROUPS, .doc = "special groups, highest identity first"},
    {.key = "tiers", .zh = "缴费档次", .en = "Contribution tiers",
     .type = T_LIST, .kids = k_tier, .cnt = offsetof(struct fs_scenario, ntiers),
     .aux = FS_MAX_TIERS, .doc = "contribution tiers"},
    {.key = "enrollment", .zh = "参保", .en = "Enrollment assumptions",
     .type = T_MAP, .kids = k_enrollment, .doc = "enrollment"},
    {.key = "financing", .zh = "筹资", .en = "Fund financing",
     .type = T_MAP, .flags = F_REQ, .kids = k_financing,
     .doc = "financing"},
    {.key = "costs", .zh = "医疗费用", .en = "Medical costs",
     .type = T_MAP, .kids = k_costs, .doc = "costs"},
    {.key = "benefits", .zh = "待遇保障", .en = "Benefit rules",
     .type = T_MAP, .flags = F_REQ, .kids = k_benefits, .doc = "benefits"},
    {.key = "critical_illness", .zh = "大病保险", .en = "Critical-illness insurance",
     .type = T_MAP, .flags = F_OPT | F_PRES, PRES(ci.enabled),
     .kids = k_ci, .doc = "critical-illness insurance (大病保险); given = enabled"},
    {.key = "assistance", .zh = "医疗救助", .en = "Medical assistance",
     .type = T_MAP, .kids = k_assistance, .doc = "medical assistance"},
    {.key = "fund", .zh = "统筹基金", .en = "Pooled fund",
     .type = T_MAP, .kids = k_fund, .doc = "fund"},
    {.key = "calibrate", .zh = "校准", .en = "Calibration to a base year",
     .type = T_MAP, .kids = k_calibrate,
     .doc = "observed figures of a base year and the factors fitted to them"},
    END};
