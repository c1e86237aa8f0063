/* sim/scenario_int.h -- the bound scenario: every value the engine reads.
 *
 * Internal to the library (not installed).  The scenario loader
 * (sim/scenario*.c) fills a struct fs_scenario from YAML after extends,
 * defaults and validation; the engine (sim/engine*.c) reads it and never
 * sees YAML, files or key paths.  The YAML key for each field is given in
 * its comment; docs/scenario.md is the reference users read and documents
 * every default in one place.
 */
#ifndef FUNDSIM_SCENARIO_INT_H
#define FUNDSIM_SCENARIO_INT_H

#include "fundsim.h"

#define FS_MAX_AGE 100          /* ages 0..100, 100 = 100 and over */
#define FS_NAGES (FS_MAX_AGE + 1)
#define FS_PARAM_MAXPTS 64      /* dated points per parameter */
#define FS_MAX_GROUPS 16
#define FS_MAX_TIERS 4
#define FS_MAX_LEVELS 8
#define FS_MAX_CHRONIC 8
#define FS_MAX_ITEM_CLASSES 4
#define FS_MAX_BANDS 8
#define FS_NAME_MAX 64
#define FS_YEAR_ALWAYS (-2147483647 - 1) /* year of a plain scalar: holds for every year */

/* ---------------------------------------------------------------- */
/* Calibration (calibrate:, docs/model.md §14).  A factor scales (kind 0,
 * default 1) or shifts (kind 1, default 0) a set of parameters in every
 * policy year; `fundsim calibrate` fits them to a base year's figures.
 * Columns: id, key under calibrate.factors, kind (MUL: x f, default 1;
 * ADD: + f, default 0), zh, en, what it changes.
 * Append only. */
#define FSI_CAL_FACTORS(X)                                                                   \
    X(POPULATION, "population", MUL, "人口规模系数", "Population scale",                      \
      "the starting residents (population.total or table) x f")                              \
    X(CONTRIBUTION, "contribution", MUL, "个人缴费到位系数", "Contribution collection",         \
      "every individual standard (tiers, groups) x f")                                       \
    X(FISCAL_SUBSIDY, "fiscal_subsidy", MUL, "财政补助到位系数", "Fiscal subsidy collection",   \
      "financing.fiscal_subsidy x f")                                                        \
    X(OTHER_INCOME, "other_income", ADD, "其他收入调整", "Other income added",                 \
      "yuan added to financing.other_income")                                                \
    X(OUTPATIENT_USE, "outpatient_use", MUL, "普通门诊就诊率系数", "Outpatient use",           \
      "benefits.outpatient.use_rate x f")                                                    \
    X(OUTPATIENT_COST, "outpatient_cost", MUL, "普通门诊费用系数", "Outpatient cost",          \
      "benefits.outpatient.cost mean x f")                                                   \
    X(CHRONIC_PREVALENCE, "chronic_prevalence", MUL, "门诊慢特病患病率系数",                  \
      "Chronic programme prevalence", "every benefits.chronic[].prevalence x f")             \
    X(CHRONIC_COST, "chronic_cost", MUL, "门诊慢特病费用系数", "Chronic programme cost",       \
      "every benefits.chronic[].cost mean x f")                                              \
    X(ADMISSIONS, "admissions", MUL, "住院率系数", "Admission rate",                           \
      "benefits.inpatient.admission_rate x f")                                               \
    X(INPATIENT_COST, "inpatient_cost", MUL, "住院费用系数", "Inpatient cost",                 \
      "every level's cost mean x f (with calibrate.levels[].cost_factor)")                   \
    X(INPATIENT_RATIO, "inpatient_ratio", ADD, "住院报销比例调整", "Inpatient ratio shift",    \
      "points added to every level's ratio (the sum at most 1)")                             \
    X(MATERNITY, "maternity", MUL, "生育待遇系数", "Maternity benefit",                         \
      "benefits.maternity.benefit x f")                                                      \
    X(CI_PREMIUM, "ci_premium", MUL, "大病保险保费系数", "Critical-illness premium",            \
      "critical_illness premium (per enrollee or income share) x f")                         \
    X(CI_RATIO, "ci_ratio", MUL, "大病保险赔付比例系数", "Critical-illness ratio",              \
      "every critical-illness band ratio x f (at most 1)")                                   \
    X(ASSIST_RATIO, "assistance_ratio", MUL, "医疗救助比例系数", "Assistance ratio",            \
      "every assistance ratio (groups', by_expense's; not a tilt's) x f (at most 1)")

typedef enum {
#define FSI_CF_ENUM(id, key, kind, zh, en, doc) FSI_CF_##id,
    FSI_CAL_FACTORS(FSI_CF_ENUM)
#undef FSI_CF_ENUM
    FSI_CF_COUNT,
    FSI_CF_NONE = FSI_CF_COUNT /* a target checked, not fitted (calibrate.fit: none) */
} fsi_cal_factor;

/* Calibration targets: a metric's mean in calibrate.year, and the factor
 * it fits unless calibrate.fit names another.  Columns: metric id, its
 * name (the key under calibrate.targets and calibrate.fit; a test checks it
 * is fs_metric_name's), the key of the factor it fits by default.  Append
 * only. */
#define FSI_CAL_TARGETS(X) \
    X(ENROLLEES, "enrollees", "population") \
    X(INCOME_INDIVIDUAL, "income_individual", "contribution") \
    X(INCOME_FISCAL, "income_fiscal", "fiscal_subsidy") \
    X(INCOME_TOTAL, "income_total", "other_income") \
    X(SPEND_TOTAL, "spend_total", "outpatient_use") \
    X(SPEND_OUTPATIENT, "spend_outpatient", "outpatient_use") \
    X(SPEND_CHRONIC, "spend_chronic", "chronic_prevalence") \
    X(SPEND_INPATIENT, "spend_inpatient", "inpatient_cost") \
    X(SPEND_MATERNITY, "spend_maternity", "maternity") \
    X(SPEND_CRITICAL_PREMIUM, "spend_critical_premium", "ci_premium") \
    X(ADMISSIONS, "admissions", "admissions") \
    X(ADMISSION_RATE, "admission_rate", "admissions") \
    X(INPATIENT_COST, "inpatient_cost", "inpatient_cost") \
    X(COST_PER_ADMISSION, "cost_per_admission", "inpatient_cost") \
    X(EFFECTIVE_RATIO_INPATIENT, "effective_ratio_inpatient", "inpatient_ratio") \
    X(CI_BENEFITS, "ci_benefits", "ci_ratio") \
    X(ASSIST_BENEFITS, "assist_benefits", "assistance_ratio")

typedef enum {
#define FSI_CT_ENUM(metric, name, factor) FSI_CT_##metric,
    FSI_CAL_TARGETS(FSI_CT_ENUM)
#undef FSI_CT_ENUM
    FSI_CT_COUNT
} fsi_cal_target;

/* ---------------------------------------------------------------- */
/* A dated parameter: values by policy year with "holds from this year
 * on" semantics, optionally extended after the last point by a growth
 * rule.  A plain scalar has n = 1 and year[0] = FS_YEAR_ALWAYS.
 * n = 0 means "not set" (only legal for optional parameters). */
typedef enum { FS_GROWTH_NONE = 0, FS_GROWTH_ADD = 1, FS_GROWTH_MUL = 2 } fs_growth_kind;

typedef struct fs_param {
    int n;
    int year[FS_PARAM_MAXPTS];      /* strictly increasing */
    double value[FS_PARAM_MAXPTS];
    fs_growth_kind growth_kind;
    double growth;                  /* ADD: yuan (unit) per year; MUL: rate, 0.04 = 4%/year */
    char unit[32];                  /* "" if none */
    char ref[256];                  /* source: notice and clause, "" if none */
} fs_param;

/* Resolves p for `year`.  FS_OK with *out set; FS_EUSAGE if the year lies
 * before the first dated value or p is unset.  The one place in the code
 * that interprets years-to-values maps (sim/param.c). */
int fsi_param_at(const fs_param *p, int year, double *out);
/* Where the loader bound parameter p of sc, for messages:
 * "file:line:col: key.path", "key.path (default)", or "" if p was not bound
 * by the loader (sim/views.c).  Returns buf. */
const char *fsi_param_where(const fs_scenario *sc, const fs_param *p, char *buf, size_t n);
/* Makes p a plain scalar. */
void fsi_param_scalar(fs_param *p, double v);
/* 1 if the parameter was given (n > 0). */
static inline int fsi_param_set(const fs_param *p) { return p->n > 0; }

/* An age profile: a value for each single year of age 0..100, written in
 * YAML as a map age -> value that holds from that age up to the next key
 * ({0: 0.05, 15: 0.06, 60: 0.2}).  The loader expands it to the array. */
typedef struct fs_ageprof {
    double v[FS_NAGES];
    char ref[256];
} fs_ageprof;

/* Cost distribution of one claim or annual amount, in base-year yuan. */
typedef enum { FS_DIST_LOGNORMAL = 0, FS_DIST_GAMMA = 1 } fs_dist_kind;
typedef struct fs_costdist {
    fs_dist_kind kind;   /* dist: lognormal | gamma */
    double mean;         /* mean: expected cost (yuan, base year) */
    double cv;           /* cv: coefficient of variation sd/mean, > 0 (with a tail:
                            the lognormal body's) */
    double tail_above;   /* tail.above: a Pareto tail beyond this cost (yuan, base year);
                            0: no tail (lognormal only) */
    double tail_alpha;   /* tail.alpha: its index, > 2 */
} fs_costdist;

/* ---------------------------------------------------------------- */
/* A fund's own enrollee roster (population.roster): the loader reads the
 * CSV of counts by age, sex, group and tier and keeps the splits the
 * engine needs (docs/model.md §2-3).  Groups are indexed as the scenario's,
 * the implicit ordinary residents at index ngroups. */
typedef struct fs_roster {
    double gshare[2][FS_NAGES][FS_MAX_GROUPS + 1]; /* the group split of each (sex, age) cell,
                                                      sum 1 */
    double tcum[2][FS_NAGES][FS_MAX_GROUPS + 1][FS_MAX_TIERS]; /* cumulative tier shares of each
                                                                  (sex, age, group) cell, last 1 */
    double tshare[FS_MAX_GROUPS + 1][FS_MAX_TIERS]; /* each group's tier shares over all ages
                                                       (the net price of §3), sum 1 */
    int nbands;                  /* the age bands reported in groups.csv: the coarsest partition
                                    of 0..100 of which every age or band of the file is a union */
    int band_lo[FS_NAGES];       /* band b holds ages band_lo[b] .. band_lo[b+1] - 1 (the last up
                                    to 100 and over) */
} fs_roster;

/* ---------------------------------------------------------------- */
/* Special groups (特困人员, 低保对象, students ...).  A person belongs to
 * at most one group: the highest identity (就高) is modelled by listing
 * order: groups are exclusive shares of each (age, sex) cell within
 * [age_min, age_max].  Everyone else is an ordinary resident (group index
 * -1 internally; the engine adds an implicit "ordinary" group last). */
typedef enum {
    FS_SUBSIDY_NONE = 0,     /* subsidy.type: none */
    FS_SUBSIDY_FULL = 1,     /* full: the whole standard of the chosen tier */
    FS_SUBSIDY_FIXED = 2,    /* fixed: `amount` yuan (never more than the standard) */
    FS_SUBSIDY_PERCENT = 3   /* percent: `percent` x the base standard (see base) */
} fs_subsidy_kind;
typedef enum {
    FS_SUBSIDY_BASE_TIER1 = 0, /* subsidy.base: tier1 -- percent of the tier-1 standard */
    FS_SUBSIDY_BASE_OWN = 1    /* own -- percent of the enrollee's own tier standard */
} fs_subsidy_base;

/* The lines of care whose self-paid cost a medical-assistance rule covers
 * (groups[i].assistance.lines, bit i = the i-th name of the schema's list:
 * inpatient, chronic, outpatient). */
enum { FS_LINE_INPATIENT = 1, FS_LINE_CHRONIC = 2, FS_LINE_OUTPATIENT = 4 };
#define FS_LINES_DEFAULT (FS_LINE_INPATIENT | FS_LINE_CHRONIC)

/* A medical-assistance rule (医疗救助, docs/model.md §8): a group's
 * (groups[i].assistance) or the rule by a person's own costs
 * (assistance.by_expense). */
typedef struct fs_assist_rule {
    int eligible;                    /* the map is given => 1 */
    fs_param ratio;                  /* .ratio of remaining self-paid above threshold */
    fs_param threshold;              /* .threshold yuan; or */
    fs_param threshold_income_share; /* .threshold_income_share x financing.assistance_income */
    fs_param cap;                    /* .cap yuan per year; unset = none */
    unsigned lines;                  /* .lines: FS_LINE_* bits, default inpatient + chronic */
    struct {
        int enabled;                 /* .tilt given => 1 (倾斜救助) */
        fs_param ratio;              /* .tilt.ratio of what is left above its threshold */
        fs_param threshold;          /* .tilt.threshold yuan; or */
        fs_param threshold_income_share; /* .tilt.threshold_income_share x assistance income */
        fs_param cap;                /* .tilt.cap yuan per year, its own (not the rule's cap) */
    } tilt;
    fs_param line;                   /* by_expense only: .line yuan; or */
    fs_param line_income_share;      /* .line_income_share x assistance income: a person is
                                        eligible when the base exceeds it */
} fs_assist_rule;

/* Most ages - 1 a group with graduation may span (its graduates' cell ids,
 * sim/engine_int.h). */
#define FSI_GRAD_MAX_SPAN 26

typedef struct fs_group {
    char name[FS_NAME_MAX];      /* groups[i].name (e.g. 特困人员) */
    char id[FS_NAME_MAX];        /* groups[i].id (ascii, e.g. tekun); default = name */
    fs_param share;              /* groups[i].share: share of residents in the age range, dated */
    int age_min, age_max;        /* groups[i].ages: [min, max]; default [0, 100] */
    fs_param enrollment_rate;    /* groups[i].enrollment_rate: base rate; unset = enrollment.base_rate */
    int price_sensitive;         /* groups[i].price_sensitive: 1 = elasticity applies (default 1) */
    fs_param contribution[FS_MAX_TIERS]; /* groups[i].contribution: own standards per tier
                                            (e.g. university students 320/695); n=0 = tier's */
    fs_param tier_share[FS_MAX_TIERS];   /* groups[i].tier_shares; n=0 = tiers[t].choice_share */
    struct {
        fs_subsidy_kind kind;            /* groups[i].subsidy.type */
        fs_param amount;                 /* .amount (fixed) yuan */
        fs_param percent;                /* .percent (percent) share 0..1 */
        fs_subsidy_base base;            /* .base: tier1 | own */
        fs_param upper_tier_percent;     /* .upper_tier_percent: enrollees in tiers >= 2 get this
                                            x tier-1 standard (Pengshui: 1.0); unset = same rule */
        char payer[FS_NAME_MAX];         /* .payer: assistance (医疗救助) | other; default assistance */
    } subsidy;
    /* Benefit modifiers. */
    fs_param inpatient_ratio_add;        /* groups[i].inpatient_ratio_add: points added, dated,
                                            default 0 (unset = 0) */
    fs_param inpatient_level_ratio_add[FS_MAX_LEVELS]; /* groups[i].inpatient_level_ratio_add:
                                            points added at each hospital level, dated; one
                                            per level or none (n = 0: 0) */
    struct {
        fs_param deductible_factor;      /* groups[i].critical_illness.deductible_factor, dated,
                                            default 1 (unset = 1; 0 = no deductible) */
        fs_param ratio_add;              /* .ratio_add, dated, default 0 (unset = 0) */
        fs_param no_cap;                 /* .no_cap: 1 = no cap, a dated switch (true/false or
                                            years -> true/false), default false */
    } ci;
    fs_assist_rule assist;               /* groups[i].assistance (given => eligible) */
    int waiting_exempt;                  /* groups[i].no_waiting_period: 1 = no waiting period */
    struct {
        fs_param share;                  /* groups[i].graduation.share: share of the group's
                                            enrollees graduating in the year, dated, default 0 */
        fs_param cover_months;           /* .cover_months: months of the graduation year they are
                                            covered (8: to 31 August), dated, default 12 */
    } grad;
} fs_group;

/* Contribution tiers (一档/二档).  With one tier, choice_share is 1. */
typedef struct fs_tier {
    char name[FS_NAME_MAX];      /* tiers[t].name */
    fs_param contribution;       /* tiers[t].contribution: individual standard, yuan/person/year */
    fs_param choice_share;       /* tiers[t].choice_share: share of enrollees choosing it (sum 1) */
    fs_param outpatient_cap;     /* tiers[t].outpatient_cap: overrides benefits.outpatient.cap */
    fs_param outpatient_ratio;   /* tiers[t].outpatient_ratio: overrides the outpatient ratio */
    fs_param inpatient_ratio_add; /* tiers[t].inpatient_ratio_add, dated, default 0 (unset = 0) */
} fs_tier;

/* Hospital levels of inpatient care. */
typedef struct fs_level {
    char name[FS_NAME_MAX];      /* benefits.inpatient.levels[k].name */
    fs_param share;              /* .share of admissions (sum over levels = 1) */
    fs_costdist cost;            /* .cost: {dist, mean, cv} total cost per admission, base year */
    fs_param in_scope;           /* .in_scope: share of the cost within policy scope (政策范围内) */
    fs_param deductible;         /* .deductible per admission (起付线), yuan */
    fs_param ratio;              /* .ratio paid by the fund above the deductible */
    fs_param stay_cap;           /* .stay_cap: the fund's payment for one stay at most, yuan;
                                    default .inf */
    fs_param repeat_factor;      /* .repeat_deductible_factor: the deductible of a person's 2nd and
                                    later stays of the year (at any level) x this, default 1 */
} fs_level;

/* Chronic / special outpatient programmes (门诊慢特病, 两病). */
typedef struct fs_chronic {
    char name[FS_NAME_MAX];      /* benefits.chronic[c].name */
    fs_ageprof prevalence;       /* .prevalence: share of persons holding the status, by age */
    fs_costdist cost;            /* .cost: annual covered cost of a holder, base year */
    fs_param in_scope;           /* .in_scope, default 1 */
    fs_param deductible;         /* .deductible per year, default 0 */
    fs_param ratio;              /* .ratio */
    fs_param cap;                /* .cap per year; unset = none */
    fs_param excludes_outpatient; /* .excludes_general_outpatient: 1 = holders do not use general
                                     pooling; a dated switch, default false */
    fs_param counts_for_ci;      /* .counts_for_critical_illness: 1 = self-paid enters CI; a dated
                                    switch, default false */
    fs_param prevalence_scale;   /* .prevalence_scale: x prevalence, dated, default 1 */
} fs_chronic;

typedef struct fs_band {         /* a band of a critical-illness benefit */
    fs_param upto;               /* bands[b].upto: upper bound of the band (yuan above
                                    deductible), dated; last band = +inf (HUGE_VAL) */
    fs_param ratio;              /* bands[b].ratio, dated */
} fs_band;

typedef enum {
    FS_RULE_FIXED = 0,         /* fixed: no reaction */
    FS_RULE_TOPUP = 1,         /* topup: the budget covers any deficit */
    FS_RULE_BENEFIT_RATIO = 2, /* benefit_ratio: ratios x k_y held to a target surplus rate */
    FS_RULE_CONTRIBUTION = 3   /* contribution: standards move by a step when the reserve
                                  leaves its band (one collection cycle later) */
} fs_mgmt_rule;

/* financing.fiscal_alignment: which budget year's fiscal subsidy standard
 * funds benefit year y (docs/model.md §4). */
typedef enum {
    FS_FISCAL_SAME_YEAR = 0,    /* same_year: fiscal_subsidy(y) */
    FS_FISCAL_PREVIOUS_YEAR = 1 /* previous_year: fiscal_subsidy(y - 1) */
} fs_fiscal_alignment;

/* enrollment.newborn_cover: when a year's newborns enter the scheme
 * (docs/model.md §2-3). */
typedef enum {
    FS_NEWBORN_NEXT_YEAR = 0, /* next_year: from the year after birth (age 0 of P_{y+1}) */
    FS_NEWBORN_BIRTH_YEAR = 1 /* birth_year: in the birth year, covered from birth */
} fs_newborn_cover;

struct fs_scenario {
    /* scenario: */
    char name[128];              /* scenario.name */
    char region[128];            /* scenario.region */
    int start_year;              /* scenario.start_year (first policy year simulated) */
    int years;                   /* scenario.years, default 10 */

    /* simulation: */
    int replications;            /* simulation.replications, default 1000 */
    uint64_t seed;               /* simulation.seed, default 20230101 */
    fs_mode mode;                /* simulation.mode: auto | exact | sample, default auto */
    double exact_max_enrollees;  /* simulation.exact_max_enrollees: auto threshold, default 2e6 */
    int sample_per_cell;         /* simulation.sample_per_cell: persons per cell in sample mode,
                                    default 200 */

    /* population: */
    double pop[2][FS_NAGES];     /* starting residents by sex (0 male, 1 female) and age; the
                                    loader builds it from population.total x structure, from
                                    population.table, or from population.roster */
    fs_roster *roster;           /* population.roster: the group and tier splits of the roster
                                    (they replace groups[].share, groups[].tier_shares and
                                    tiers[].choice_share); NULL without one */
    double mortality_q[2][FS_NAGES]; /* population.mortality.table (default china-wpp2024) */
    double mortality_improvement;    /* population.mortality.improvement: yearly reduction of q,
                                        default 0.01 */
    double fertility_asfr[FS_NAGES]; /* births per woman per year by mother's age: the bundled
                                        china-2020 shape scaled to population.fertility.tfr
                                        (default 1.0), or a crude rate (then all zero) */
    double crude_birth_rate;         /* population.fertility.crude_birth_rate, 0 = use asfr */
    double sex_ratio_at_birth;       /* population.fertility.sex_ratio_at_birth, males per 100
                                        females, default 111.3 */
    fs_param net_migration_rate;     /* population.migration.net_rate: net migrants / population per
                                        year, spread by the current age structure, default 0 */
    double mortality_shock_sd;       /* population.mortality.shock_sd: per-replication log shock */

    /* groups: (ordinary residents are implicit) */
    int ngroups;
    fs_group group[FS_MAX_GROUPS];

    /* tiers: */
    int ntiers;                  /* default 1 tier "一档" */
    fs_tier tier[FS_MAX_TIERS];

    /* enrollment: */
    fs_param enroll_base_rate;   /* enrollment.base_rate, default 0.95 */
    double enroll_elasticity;    /* enrollment.elasticity: semi-elasticity of the rate to the net
                                    price relative to the reference, default 0 (rate x
                                    exp(e * (net - ref) / ref), capped at 1) */
    fs_param enroll_reference_price; /* enrollment.reference_price, default tier-1 standard */
    fs_param enroll_floor;       /* enrollment.floor: binding target (约束性指标): every group's
                                    rate after the price response is at least this; unset = none */
    double enroll_shock_sd;      /* enrollment.shock_sd: per replication-year normal shock of the
                                    rate (relative), default 0.01 */
    fs_param newborn_rate;       /* enrollment.newborn_rate: newborns enrolled within 90 days and
                                    covered from birth; default = base rate */
    fs_newborn_cover newborn_cover; /* enrollment.newborn_cover: next_year | birth_year */
    fs_param late_share;         /* enrollment.late_share: share enrolling late (>3 months gap),
                                    default 0 */
    fs_param waiting_months;     /* enrollment.waiting_months: months without benefits for late
                                    enrollees, dated, default 3 (unset = 3) */

    /* financing: */
    fs_param fiscal_subsidy;     /* financing.fiscal_subsidy: per-capita standard (财政补助),
                                    dated by the budget year */
    fs_fiscal_alignment fiscal_alignment; /* financing.fiscal_alignment: same_year |
                                    previous_year, default same_year (fsi_fiscal_budget_year) */
    double fiscal_share[4];      /* financing.fiscal_shares: {central, provincial, city, county},
                                    sum 1 */
    fs_param other_income;       /* financing.other_income: yuan per year, default 0 */
    double interest_mean;        /* financing.interest.mean, default 0.015 */
    double interest_sd;          /* financing.interest.sd, default 0.0 */
    double interest_ar;          /* financing.interest.ar (AR(1) coefficient), default 0.8 */
    fs_param disposable_income;  /* financing.disposable_income: per-capita disposable income used
                                    by thresholds (上年度全省居民人均可支配收入), yuan */
    fs_param assistance_income;  /* financing.assistance_income: the income assistance thresholds
                                    and lines are shares of, yuan; unset = disposable_income */

    /* costs: systemic randomness */
    double inflation_mean;       /* costs.inflation.mean: yearly medical inflation, default 0.05 */
    double inflation_sd;         /* costs.inflation.sd, default 0.02 */
    double inflation_ar;         /* costs.inflation.ar, default 0.5 */
    double utilization_trend;    /* costs.utilization.trend: yearly growth of frequencies, 0.01 */
    double utilization_shock_sd; /* costs.utilization.shock_sd: per rep-year lognormal sd, 0.03 */
    int base_year;               /* costs.base_year: year whose prices the cost means are in,
                                    default start_year */

    /* benefits.outpatient: general outpatient pooling (普通门诊统筹) */
    struct {
        int enabled;             /* benefits.outpatient given (default enabled) */
        fs_ageprof use_rate;     /* .use_rate: share of enrollees with covered outpatient cost */
        fs_costdist cost;        /* .cost: annual covered cost of a user, base year */
        fs_param deductible;     /* .deductible per year, default 0 */
        fs_param ratio;          /* .ratio (if item_classes empty) */
        int nclasses;            /* .item_classes: [{name, share, ratio}] (甲类 55%, 乙类 45%) */
        char class_name[FS_MAX_ITEM_CLASSES][FS_NAME_MAX];
        double class_share[FS_MAX_ITEM_CLASSES];
        fs_param class_ratio[FS_MAX_ITEM_CLASSES];
        fs_param cap;            /* .cap per year (tier overrides) */
        fs_param account_share_cap; /* .account_share_cap: outpatient spending at most this share
                                       of fund income (Hebei 8%); unset = none.  When it binds,
                                       benefits are scaled down pro rata.  With
                                       account: a ceiling on its allocation. */
        struct {
            int enabled;         /* .account given: a separate outpatient account
                                    (单独核算、单独管理) with its own balance */
            fs_param income_share; /* .account.income_share: credited share of fund income, or */
            fs_param per_enrollee; /* .account.per_enrollee: credited yuan per enrollee */
            double initial_balance; /* .account.initial_balance: at the start of start_year,
                                       yuan, part of fund.initial_balance (default 0) */
            int when_short;      /* .account.when_short: 0 scale | 1 main_fund */
        } account;
    } outpatient;

    /* benefits.chronic: */
    int nchronic;
    fs_chronic chronic[FS_MAX_CHRONIC];

    /* benefits.inpatient: */
    struct {
        fs_ageprof admission_rate[2]; /* .admission_rate: admissions per person-year by age;
                                         {male: {...}, female: {...}} or one map for both */
        int nlevels;
        fs_level level[FS_MAX_LEVELS];
        fs_param annual_cap;     /* .annual_cap: fund payment per person per year; unset = none */
    } inpatient;

    /* benefits.maternity: */
    struct {
        fs_param benefit;        /* .benefit: fund payment per birth, yuan, default 0 */
    } maternity;

    /* critical_illness: (大病保险) */
    struct {
        int enabled;
        fs_param premium;        /* .premium per enrollee, yuan; or */
        fs_param premium_income_share; /* .premium_income_share of fund income */
        fs_param deductible;     /* .deductible yuan; or */
        fs_param deductible_income_share; /* .deductible_income_share x disposable income */
        int nbands;              /* .bands: [{upto, ratio}]; or a single .ratio */
        fs_band band[FS_MAX_BANDS];
        fs_param cap;            /* .cap per person-year; unset = none */
        fs_param corridor_share; /* .corridor.share of the insurer's surplus/loss returned to
                                    or taken from the fund, dated, default 0 (unset = 0) */
        fs_param corridor_band;  /* .corridor.band: loss ratios within [1-band, 1+band] are not
                                    shared, dated, default 0 (unset = 0) */
    } ci;

    /* assistance: (医疗救助) defaults for groups without their own */
    struct {
        fs_param alert_line;     /* assistance.alert_line: self-paid cost after three layers above
                                    which a person is at impoverishment risk, yuan; unset = none */
        fs_assist_rule by_expense; /* assistance.by_expense: the rule of persons outside every
                                    eligible group whose own self-paid cost exceeds .line */
    } assist;

    /* fund: balance and management */
    fs_param initial_balance;    /* fund.initial_balance: balance at the start of start_year, yuan;
                                    default 0 */
    fs_param reserve_min_months; /* fund.reserve_band.min_months, dated, default 6 (unset = 6) */
    fs_param reserve_max_months; /* fund.reserve_band.max_months, dated, default 15 (unset = 15) */
    int pooling;                 /* fund.pooling: 0 own (a fund of its own) | 1 ledger (a county
                                    ledger inside a municipal pool: no reserve of its own) */
    fs_mgmt_rule rule;           /* fund.management: fixed | topup | benefit_ratio |
                                    contribution, default fixed */
    struct {                     /* fund.rule: parameters of the management rule */
        fs_param target_surplus_rate; /* .target_surplus_rate (benefit_ratio), dated,
                                         default 0.03 (unset = 0.03) */
        fs_param gain;           /* .gain (benefit_ratio), dated, default 1 (unset = 1) */
        fs_param min_factor;     /* .min_factor (benefit_ratio), dated, default 0.8 */
        fs_param max_factor;     /* .max_factor (benefit_ratio), dated, default 1.1 */
        fs_param step;           /* .step (contribution), yuan, dated, default 30 */
    } mrule;
    fs_param band_min;           /* fund.target_band.min_surplus_rate: 略有结余 from, dated, 0 */
    fs_param band_max;           /* fund.target_band.max_surplus_rate: 略有结余 up to, dated, 0.1 */
    int shortfall_floor;         /* fund.shortfall_floor: zero | reserve (reserve_band.min_months) */
    double deficit_share[5];     /* fund.deficit_shares: {central, provincial, city, county,
                                    other}, sum 1; default financing.fiscal_shares */

    /* calibrate: (docs/model.md §14) */
    int cal_year;                /* calibrate.year: the base year of the targets, default
                                    scenario.start_year */
    double cal_tol;              /* calibrate.tolerance: largest relative residual, 1e-4 */
    double cal_target[FSI_CT_COUNT];  /* calibrate.targets.<metric> */
    int cal_target_set[FSI_CT_COUNT]; /* 1: that target is given */
    int cal_fit[FSI_CT_COUNT];   /* calibrate.fit.<metric>: the factor it fits, FSI_CF_NONE:
                                    checked only */
    double cal_factor[FSI_CF_COUNT]; /* calibrate.factors.<id>: 1 (scale) or 0 (shift) */
    int cal_nlevels;             /* calibrate.levels: one per inpatient level, or none */
    struct {
        double cost_target;      /* .cost_per_admission: the level's observed cost per stay */
        int cost_set;
        double cost_factor;      /* .cost_factor: the level's cost mean x f, default 1 */
    } cal_level[FS_MAX_LEVELS];
    int cal_ngroups;             /* calibrate.groups: one per scenario group, or none */
    struct {
        double enrollees;        /* .enrollees: the group's observed enrollees */
        int enrollees_set;
        double share_factor;     /* .share_factor: the group's share x f, default 1 */
    } cal_group[FS_MAX_GROUPS];

    /* Provenance and `show` support (loader-owned, opaque to the engine). */
    size_t nfiles;
    char **files;
    struct fsi_views *views;     /* the loader's views, origins and file hashes */
};

/* The key of factor j (calibrate.factors), "none" out of range (sim/calibrate.c). */
const char *fsi_cal_factor_name(int j);

/* The calibration factor of inpatient level k's costs (1 without calibrate.levels). */
static inline double fsi_cal_level_factor(const fs_scenario *sc, int k)
{
    return k < sc->cal_nlevels ? sc->cal_level[k].cost_factor : 1.0;
}

/* The calibration factor of group g's share (1 without calibrate.groups). */
static inline double fsi_cal_group_factor(const fs_scenario *sc, int g)
{
    return g < sc->cal_ngroups ? sc->cal_group[g].share_factor : 1.0;
}

/* The budget year whose financing.fiscal_subsidy funds benefit (policy)
 * year `year` under financing.fiscal_alignment (docs/model.md §4): the one
 * place that knows the alignment; the plan (sim/plan.c) reads by it and the
 * loader (sim/scenario_rules.c) checks every such year resolves. */
static inline int fsi_fiscal_budget_year(const fs_scenario *sc, int year)
{
    return sc->fiscal_alignment == FS_FISCAL_PREVIOUS_YEAR ? year - 1 : year;
}

#endif /* FUNDSIM_SCENARIO_INT_H */
