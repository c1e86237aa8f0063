/* sim/accounts.c -- the fund's accounts of one replication-year
 * (docs/model.md §4-9): income by source and payer, spending by line, the
 * critical-illness premium and corridor, the outpatient account (a limit,
 * or a separate account with its own balance), the management rule's
 * top-up, surplus, balance and the flags of the principle
 * 以收定支、收支平衡、略有结余.  Its mirror image is
 * fs_results_check_identities (sim/results.c), which checks these sums in
 * every replication and year. */
#include <math.h>
#include <stdio.h>

#include "engine_int.h"

/* The metrics row of a year from its accounts. */
typedef struct year_accounts {
    double fl[4], fiscal, interest, other, topup, income;
    double prem, loss, corridor, out, bound, oop, spend, surplus, balance, months;
    double rate, shortfall, shortfall_cum;
    /* The separate outpatient account (§6): interest, income (allocation +
     * interest), benefits it paid, its balance at the end of the year. */
    double oa_interest, oa_income, oa_spend, oa_balance;
} year_accounts;

/* The risks of the year (§9): flags "by the year" from the previous row
 * prev (NULL in the first year), the small surplus, and the shortfall --
 * what a budget must add, with what it added before, for the balance not
 * to be below the floor -- split between the budgets of fund.deficit_shares. */
static void write_risks(const fsi_year *Y, const year_accounts *a, const double *prev,
                        double *v)
{
    double deficit = a->surplus < 0.0, depleted = a->balance < 0.0;
    v[FS_M_PROB_DEFICIT_BY] = prev && prev[FS_M_PROB_DEFICIT_BY] > deficit ? 1.0 : deficit;
    v[FS_M_PROB_DEPLETED_BY] = prev && prev[FS_M_PROB_DEPLETED_BY] > depleted ? 1.0 : depleted;
    v[FS_M_DEPLETION_YEAR] = 0.0; /* known at the end of the replication */
    v[FS_M_PROB_SMALL_SURPLUS] = a->rate >= Y->band_min && a->rate <= Y->band_max;
    v[FS_M_SHORTFALL] = a->shortfall;
    v[FS_M_SHORTFALL_CUM] = a->shortfall_cum;
    static const fs_metric by[5] = {FS_M_SHORTFALL_CENTRAL, FS_M_SHORTFALL_PROVINCIAL,
                                    FS_M_SHORTFALL_CITY, FS_M_SHORTFALL_COUNTY,
                                    FS_M_SHORTFALL_OTHER},
                           cum[5] = {FS_M_SHORTFALL_CUM_CENTRAL, FS_M_SHORTFALL_CUM_PROVINCIAL,
                                     FS_M_SHORTFALL_CUM_CITY, FS_M_SHORTFALL_CUM_COUNTY,
                                     FS_M_SHORTFALL_CUM_OTHER};
    for (int i = 0; i < 5; i++) {
        v[by[i]] = Y->dshare[i] * a->shortfall;
        v[cum[i]] = Y->dshare[i] * a->shortfall_cum;
    }
}

static void write_row(const fsi_year *Y, const fsi_acc *acc, const year_accounts *a, double *v)
{
    double E = acc->enrollees, subsidy = acc->sub_assist + acc->sub_other;
    v[FS_M_ENROLLEES] = E;
    v[FS_M_INCOME_TOTAL] = a->income;
    v[FS_M_INCOME_INDIVIDUAL] = acc->indiv;
    v[FS_M_INCOME_INDIVIDUAL_RESIDENT] = acc->indiv - subsidy;
    v[FS_M_INCOME_INDIVIDUAL_SUBSIDY] = subsidy;
    v[FS_M_INCOME_FISCAL] = a->fiscal;
    v[FS_M_INCOME_FISCAL_CENTRAL] = a->fl[0];
    v[FS_M_INCOME_FISCAL_PROVINCIAL] = a->fl[1];
    v[FS_M_INCOME_FISCAL_CITY] = a->fl[2];
    v[FS_M_INCOME_FISCAL_COUNTY] = a->fl[3];
    v[FS_M_INCOME_INTEREST] = a->interest;
    v[FS_M_INCOME_OTHER] = a->other;
    v[FS_M_INCOME_TOPUP] = a->topup;
    v[FS_M_SPEND_TOTAL] = a->spend;
    v[FS_M_SPEND_OUTPATIENT] = a->out;
    v[FS_M_SPEND_CHRONIC] = acc->chronic;
    v[FS_M_SPEND_INPATIENT] = acc->inpat;
    v[FS_M_SPEND_MATERNITY] = acc->mat;
    v[FS_M_SPEND_CRITICAL_PREMIUM] = a->prem;
    v[FS_M_SURPLUS] = a->surplus;
    v[FS_M_SURPLUS_RATE] = a->rate;
    v[FS_M_BALANCE] = a->balance;
    v[FS_M_MONTHS_COVERED] = a->months;
    v[FS_M_PROB_DEFICIT] = a->surplus < 0.0;
    v[FS_M_PROB_DEPLETION] = a->balance < 0.0;
    v[FS_M_PROB_RESERVE_LOW] = a->months < Y->res_min;
    v[FS_M_PROB_RESERVE_HIGH] = a->months > Y->res_max;
    v[FS_M_OUTPATIENT_ACCOUNT_BOUND] = a->bound;
    v[FS_M_OUTPATIENT_ACCOUNT_INCOME] = a->oa_income;
    v[FS_M_OUTPATIENT_ACCOUNT_INTEREST] = a->oa_interest;
    v[FS_M_OUTPATIENT_ACCOUNT_SPEND] = a->oa_spend;
    v[FS_M_OUTPATIENT_MAIN_SPEND] = a->out - a->oa_spend;
    v[FS_M_OUTPATIENT_ACCOUNT_BALANCE] = a->oa_balance;
    v[FS_M_MAIN_FUND_BALANCE] = a->balance - a->oa_balance;
    v[FS_M_CI_BENEFITS] = acc->ci;
    v[FS_M_CI_LOSS_RATIO] = a->loss;
    v[FS_M_CI_CORRIDOR] = a->corridor;
    v[FS_M_ASSIST_CONTRIB_SUBSIDY] = acc->sub_assist;
    v[FS_M_ASSIST_BENEFITS] = acc->assist;
    v[FS_M_ASSIST_TOTAL] = acc->sub_assist + acc->assist;
    v[FS_M_OTHER_CONTRIB_SUBSIDY] = acc->sub_other;
    v[FS_M_PERSONS_AT_RISK] = acc->risk;
    v[FS_M_OOP_MEAN] = E > 0.0 ? a->oop / E : 0.0;
    v[FS_M_EFFECTIVE_RATIO_INPATIENT] = acc->inpat_scope > 0.0 ? acc->inpat / acc->inpat_scope : 0.0;
    v[FS_M_PER_CAPITA_INCOME] = E > 0.0 ? a->income / E : 0.0;
    v[FS_M_PER_CAPITA_SPEND] = E > 0.0 ? a->spend / E : 0.0;
    v[FS_M_ADMISSIONS] = acc->adm;
    v[FS_M_INPATIENT_COST] = acc->adm_cost;
    v[FS_M_ADMISSION_RATE] = E > 0.0 ? acc->adm / E : 0.0;
    v[FS_M_COST_PER_ADMISSION] = acc->adm > 0.0 ? acc->adm_cost / acc->adm : 0.0;
}

/* The outpatient line (§6): without a separate account, the limit of
 * account_share_cap on the year's benefits; with one, its allocation out of
 * income_pre, what it pays and what it keeps (the rest of the fund pays the
 * remainder under when_short: main_fund).  Sets a->out, a->bound and the
 * account's figures; *acct is the account's balance, carried over. */
static void outpatient_line(const fsi_year *Y, const fsi_acc *acc, double income_pre,
                            double *acct, year_accounts *a)
{
    int bound;
    if (!Y->oa_on) {
        a->out = fsi_account_limit(acc->out, Y->op_acct, income_pre, &bound);
        a->oa_income = a->oa_spend = a->oa_balance = 0.0;
    } else {
        a->oa_income = a->oa_interest + fsi_account_allocation(Y->oa_share, Y->oa_per,
                                                               acc->enrollees, Y->op_acct,
                                                               income_pre);
        double avail = *acct + a->oa_income;
        a->out = fsi_outpatient_account(acc->out, avail, Y->oa_cover, &a->oa_spend, &bound);
        *acct = avail - a->oa_spend; /* exactly 0 when it paid all it held */
        a->oa_balance = *acct;
    }
    a->bound = bound;
}

int fsi_close_year(const fsi_run *R, const fsi_year *Y, const fsi_rule_type *rule,
                   const fsi_acc *acc, double rint, uint32_t rep, fsi_balances *bal,
                   const double *prev, double *v, char *err, size_t errlen)
{
    year_accounts a;
    const int ledger = R->sc->pooling == 1;

    /* Income before the premium and the top-up (§4): contributions, the
     * fiscal subsidy by level, interest on a positive balance, other.  The
     * fund earns on the money it holds; a separate outpatient account is
     * credited the rate on its own balance (never negative), and the rest
     * of the fund has the difference, negative when it has used the
     * account's money. */
    a.fiscal = acc->enrollees * Y->fiscal;
    for (int i = 0; i < 4; i++)
        a.fl[i] = a.fiscal * Y->fshare[i];
    a.fiscal = a.fl[0] + a.fl[1] + a.fl[2] + a.fl[3];
    /* A county ledger (fund.pooling: ledger) holds no money: interest
     * accrues to the municipal pool, and bal->fund is its net transfer to
     * the pool to date. */
    a.interest = ledger ? 0.0 : (bal->fund > 0.0 ? bal->fund : 0.0) * rint;
    a.oa_interest = Y->oa_on ? bal->op_account * rint : 0.0;
    a.other = Y->other;
    double income_pre = acc->indiv + a.fiscal + a.interest + a.other;

    /* Critical illness (§7): premium, loss ratio, corridor (into other income). */
    a.prem = a.loss = a.corridor = 0.0;
    if (R->sc->ci.enabled) {
        a.prem = fsi_ci_premium(Y->ci_prem, Y->ci_prem_share, acc->enrollees, income_pre);
        a.loss = a.prem > 0.0 ? acc->ci / a.prem : 0.0;
        a.corridor = fsi_ci_corridor(a.prem, acc->ci, Y->ci_corr_share, Y->ci_corr_band);
    }
    a.other += a.corridor;
    income_pre += a.corridor;

    /* The outpatient account (§6): what it cuts is paid by residents. */
    outpatient_line(Y, acc, income_pre, &bal->op_account, &a);
    a.oop = acc->oop + (acc->out - a.out);
    a.spend = a.out + acc->chronic + acc->inpat + acc->mat + a.prem;

    /* The management rule's top-up, surplus and balance (§9). */
    a.topup = rule->topup ? rule->topup(income_pre, a.spend) : 0.0;
    a.income = acc->indiv + a.fiscal + a.interest + a.other + a.topup;
    a.surplus = a.income - a.spend;
    if (a.topup > 0.0 && a.surplus < 0.0)
        a.surplus = 0.0; /* rounding: the top-up covers the deficit exactly */
    bal->fund += a.surplus;
    a.balance = bal->fund;
    a.months = a.spend > 0.0 ? a.balance / (a.spend / 12.0) : 0.0;
    a.rate = a.income != 0.0 ? a.surplus / a.income : 0.0;

    /* The shortfall (§9): C_y = max(C_{y-1}, floor - balance, 0). */
    double floor = R->sc->shortfall_floor ? Y->res_min * a.spend / 12.0 : 0.0;
    double cum_prev = prev ? prev[FS_M_SHORTFALL_CUM] : 0.0, need = floor - a.balance;
    a.shortfall_cum = need > cum_prev ? need : cum_prev;
    if (!(a.shortfall_cum > 0.0))
        a.shortfall_cum = 0.0;
    a.shortfall = a.shortfall_cum - cum_prev;
    if (!isfinite(a.income) || !isfinite(a.spend) || !isfinite(a.balance) ||
        !isfinite(a.oa_balance)) {
        snprintf(err, errlen, "replication %u, year %d: non-finite income or spending", rep,
                 Y->year);
        return FS_ENUMERIC;
    }
    write_row(Y, acc, &a, v);
    write_risks(Y, &a, prev, v);
    v[FS_M_POOL_NET_TRANSFER] = v[FS_M_POOL_NET_TRANSFER_CUM] = 0.0;
    if (ledger) {
        v[FS_M_POOL_NET_TRANSFER] = a.surplus;
        v[FS_M_POOL_NET_TRANSFER_CUM] = a.balance;
        for (int m = 0; m < FS_M_COUNT; m++)
            if (fs_metric_ledger_na((fs_metric)m))
                v[m] = NAN;
    }
    return FS_OK;
}

void fsi_close_replication(const fsi_run *R, double *vals)
{
    if (R->sc->pooling == 1)
        return; /* a county ledger is never depleted: depletion_year stays NaN */
    double first = (double)(R->start + R->years); /* never within the horizon */
    for (int yi = 0; yi < R->years; yi++)
        if (vals[(size_t)yi * FS_M_COUNT + FS_M_BALANCE] < 0.0) {
            first = (double)(R->start + yi);
            break;
        }
    for (int yi = 0; yi < R->years; yi++)
        vals[(size_t)yi * FS_M_COUNT + FS_M_DEPLETION_YEAR] = first;
}
