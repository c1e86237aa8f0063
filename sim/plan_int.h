/* sim/plan_int.h -- the per-year parameter plan: every dated parameter of
 * a scenario resolved for one policy year, in the shape the engine uses
 * (docs/model.md §1-9).  Built once per run and year, before any random
 * number; management rules (mgmt.c) work on copies.
 *
 * Groups are indexed 0..ngroups-1 as in the scenario, then the implicit
 * ordinary residents at index ngroups (FSI_ORDINARY(sc)); "ng_all" below
 * means ngroups + 1. */
#ifndef FUNDSIM_PLAN_INT_H
#define FUNDSIM_PLAN_INT_H

#include <stddef.h>

#include "rules_int.h"
#include "scenario_int.h"

/* Scenario groups 0..ngroups-1, then the implicit ordinary residents. */
#define FSI_MAX_G (FS_MAX_GROUPS + 1)
#define FSI_ORDINARY(sc) ((sc)->ngroups)

typedef struct fsi_year {
    int year;
    /* Population and enrollment (§2-3). */
    double gshare[FS_MAX_GROUPS];          /* share of residents in each group's age range */
    double net_mig;                        /* net migration rate */
    double stdc[FSI_MAX_G][FS_MAX_TIERS];  /* individual standard (个人缴费), yuan */
    double sub[FSI_MAX_G][FS_MAX_TIERS];   /* its contribution subsidy (资助参保), yuan */
    double tsn[FSI_MAX_G][FS_MAX_TIERS];   /* tier choice shares, normalised */
    double tcum[FSI_MAX_G][FS_MAX_TIERS];  /* their cumulative sums (last = 1) */
    double gbase[FSI_MAX_G];               /* base enrollment rate before the price response */
    double newborn[FSI_MAX_G];             /* the same for newborns (age 0) */
    double rate[FSI_MAX_G];                /* enrollment rate after the price response */
    double rate0[FSI_MAX_G];               /* the same for newborns */
    double ref;                            /* reference price of the elasticity */
    double floor;                          /* binding enrollment target (0: none) */
    double late[FSI_MAX_G];                /* share of enrollees enrolling late (0: exempt group) */
    double late_cover;                     /* share of the year a late enrollee is covered */
    double grad[FSI_MAX_G];                /* share of enrollees graduating in the year */
    double grad_cover[FSI_MAX_G];          /* share of the year a graduate is covered */
    int payer_assist[FSI_MAX_G];           /* 1: the subsidy is paid by medical assistance */
    /* Financing (§4). */
    double fiscal;                         /* fiscal subsidy per enrollee */
    double fshare[4];                      /* its central/provincial/city/county shares (sum 1) */
    double other;                          /* other income of the fund */
    double disp;                           /* disposable income (only when given) */
    double as_inc;                         /* income of assistance thresholds (only when given) */
    double init_balance;                   /* the fund's balance at the start */
    /* General outpatient pooling (§6). */
    double op_ded, op_ratio[FS_MAX_TIERS], op_cap[FS_MAX_TIERS];
    double op_acct;                        /* account limit, share of income (HUGE_VAL: none);
                                              with oa_on, the ceiling of the allocation */
    int oa_on;                             /* a separate outpatient account (单独核算) */
    double oa_share;                       /* its allocation, share of income (< 0: per enrollee) */
    double oa_per;                         /* its allocation per enrollee, yuan */
    int oa_cover;                          /* 1: the rest of the fund pays what it cannot */
    double oa_init;                        /* its balance at the start */
    /* Chronic programmes (§6). */
    double ch_in[FS_MAX_CHRONIC], ch_ded[FS_MAX_CHRONIC], ch_ratio[FS_MAX_CHRONIC],
        ch_cap[FS_MAX_CHRONIC];
    double ch_prev[FS_MAX_CHRONIC];        /* prevalence_scale */
    int ch_excl[FS_MAX_CHRONIC], ch_ci[FS_MAX_CHRONIC]; /* the dated switches, 0/1 */
    /* Inpatient care (§6). */
    double lv_cum[FS_MAX_LEVELS];          /* cumulative shares of admissions by level */
    double lv_in[FS_MAX_LEVELS], lv_ded[FS_MAX_LEVELS], lv_ratio[FS_MAX_LEVELS];
    double lv_ded2[FS_MAX_LEVELS];         /* deductible of a 2nd and later stay (x repeat factor) */
    double lv_scap[FS_MAX_LEVELS];         /* fund payment per stay at most (HUGE_VAL: none) */
    double ip_add_g[FSI_MAX_G], ip_add_t[FS_MAX_TIERS]; /* ratio points added (group, tier) */
    double ip_lv_add[FSI_MAX_G][FS_MAX_LEVELS]; /* and by group and level */
    double ip_cap;                         /* annual cap per person */
    double mat;                            /* maternity benefit per birth */
    /* Critical illness (§7). */
    double ci_prem;                        /* premium per enrollee, or */
    double ci_prem_share;                  /* premium as a share of income (< 0: per enrollee) */
    double ci_ded, ci_cap;
    double ci_upto[FS_MAX_BANDS], ci_ratio[FS_MAX_BANDS];
    double ci_corr_share, ci_corr_band;
    double ci_ded_g[FSI_MAX_G];            /* a member's deductible (group factor applied) */
    double ci_add[FSI_MAX_G];              /* ratio points added for the group */
    double ci_cap_g[FSI_MAX_G];            /* a member's cap (HUGE_VAL: no cap) */
    /* Medical assistance and the alert (§8): a group's own rule, or for the
     * other groups and the ordinary residents assistance.by_expense's. */
    int as_on[FSI_MAX_G];
    fsi_assist_rule_y as[FSI_MAX_G];
    double alert;
    /* The fund and its management rule (§9). */
    double res_min, res_max;               /* reserve band, months */
    double band_min, band_max;             /* 略有结余: the surplus rates that count */
    double dshare[5];                      /* who covers a shortfall, normalised (sum 1) */
    double m_target, m_gain, m_kmin, m_kmax, m_step; /* fund.rule */
    /* Calibration factors of frequencies (§14); the others are applied above. */
    double f_op_use, f_adm, f_prev;
} fsi_year;

/* Resolves every parameter of sc for policy year `year` into *Y.  FS_OK, or
 * FS_ESCENARIO with a message naming the parameter (file:line:col and key
 * path, from the loader) when one has no value for the year. */
int fsi_plan_year(const fs_scenario *sc, int year, fsi_year *Y, char *err, size_t errlen);

/* Subsidies, net price and enrollment rates of group g (ngroups = the
 * ordinary residents) from the standards Y->stdc[g] (model.md §3-4).  Part
 * of the plan; the contribution rule calls it again on adjusted standards. */
void fsi_price_group(const fs_scenario *sc, fsi_year *Y, int g);

#endif /* FUNDSIM_PLAN_INT_H */
