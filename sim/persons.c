/* sim/persons.c -- persons and their claims (docs/model.md §3, §6): the
 * enrollment of every (sex, age, group, tier) cell, each cell's parameters,
 * and the per-person hot loop.  Every person draws from streams addressed
 * by (seed, replication, year, cell, person, purpose) (sim/rng_int.h), so
 * results do not depend on threads, ranks or loop order. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "engine_int.h"

/* ---------------------------------------------------------------- */
/* Cost distributions, base-year yuan. */

void fsi_dist_init(fsi_dist *d, const fs_costdist *c)
{
    memset(d, 0, sizeof *d);
    d->mean = c->mean > 0.0 ? c->mean : 0.0;
    if (c->kind == FS_DIST_GAMMA) {
        d->gamma = 1;
        if (c->cv > 0.0 && d->mean > 0.0) {
            d->shape = 1.0 / (c->cv * c->cv);
            d->scale = d->mean * c->cv * c->cv;
        }
    } else if (d->mean > 0.0) {
        fsi_lognormal_params(d->mean, c->cv > 0.0 ? c->cv : 0.0, &d->mu, &d->sigma);
        if (c->tail_above > 0.0 && d->sigma > 0.0) { /* the body's mu gives the whole mean */
            d->mu = fsi_lnpareto_mu(d->mean, d->sigma, c->tail_above, c->tail_alpha);
            d->tail_u = c->tail_above;
            d->tail_z = (log(c->tail_above) - d->mu) / d->sigma;
            d->tail_q = gsl_cdf_ugaussian_Q(d->tail_z);
            d->tail_inv = -1.0 / c->tail_alpha;
        }
    }
}

double fsi_dist_m2(const fs_costdist *c)
{
    double m = c->mean > 0.0 ? c->mean : 0.0, cv = c->cv > 0.0 ? c->cv : 0.0;
    if (c->kind == FS_DIST_LOGNORMAL && c->tail_above > 0.0 && m > 0.0 && cv > 0.0) {
        fsi_dist d;
        double m1, m2;
        fsi_dist_init(&d, c);
        fsi_lnpareto_moments(d.mu, d.sigma, d.tail_u, c->tail_alpha, &m1, &m2);
        return m2;
    }
    return m * m * (1.0 + cv * cv);
}

fs_costdist fsi_cost_scaled(const fs_costdist *c, double f)
{
    fs_costdist d = *c;
    d.mean *= f;
    d.tail_above *= f; /* the whole distribution scales: the tail starts f times higher */
    return d;
}

/* One cost in yuan of the year whose price index is I (r seeked; the
 * lognormal reads the Philox words of r's state directly). */
static inline double dist_draw(gsl_rng *r, const fsi_dist *d, double I)
{
    if (d->mean <= 0.0)
        return 0.0;
    if (d->gamma)
        return d->shape > 0.0 ? gsl_ran_gamma(r, d->shape, d->scale) * I : d->mean * I;
    return fsi_dist_lognormal_at(d, fsi_normal((fsi_philox *)r->state)) * I;
}

/* Points the state s (key already set) at the stream of counter template c
 * (fsi_rng_ctr with entity 0, sub 0) for person k, sub `sub`. */
static inline void seek_person(fsi_philox *s, philox4x32_ctr_t c, uint32_t k, uint32_t sub)
{
    c.v[1] = k | (sub << 24);
    s->ctr = c;
    s->idx = 4;
}

/* ---------------------------------------------------------------- */
/* The hot loop: m persons of one cell, each drawn from its own streams.
 * Chronic statuses come from one skip stream per (cell, programme): the
 * next holder's index, so a person costs one Philox block plus one per
 * cost drawn. */
static void sim_cell(const fsi_run *R, const fsi_year *Y, gsl_rng *r, const fsi_cellp *C,
                     uint32_t rep, fsi_acc *acc, double *gv)
{
    const fs_scenario *sc = R->sc;
    const int year = Y->year;
    const philox4x32_key_t key = fsi_rng_key(R->seed);
    const uint32_t cell = C->cell, m = C->m;
    philox4x32_ctr_t ce = fsi_rng_ctr(FS_STREAM_PERSON_EVENTS, rep, year, cell, 0, 0);
    const int nl = sc->inpatient.nlevels, ci_on = sc->ci.enabled, nch = C->any_ch ? C->nch : 0;
    const double I = C->I;
    double s_out = 0, s_ch = 0, s_in = 0, s_scope = 0, s_mat = 0, s_ci = 0, s_as = 0, s_risk = 0,
           s_oop = 0, s_y = 0, s_yy = 0, s_adm = 0, s_admc = 0;
    double s_cost = 0, s_opx = 0, s_chin = 0, s_ipci = 0, s_ipas = 0; /* the group table */
    uint32_t ndraw = 0, ndraw3 = 0;
    fsi_philox *s = (fsi_philox *)r->state;
    const philox4x32_ctr_t c_ch = fsi_rng_ctr(FS_STREAM_CHRONIC_COST, rep, year, cell, 0, 0),
                           c_op = fsi_rng_ctr(FS_STREAM_OUTPATIENT_COST, rep, year, cell, 0, 0),
                           c_ip = fsi_rng_ctr(FS_STREAM_INPATIENT_ADMISSION, rep, year, cell, 0, 0);
    const fsi_dist *opd = &R->op_cost;
    const int op_w3 = !opd->gamma && opd->mean > 0.0; /* lognormal: first word from the block */
    fsi_philox skip[FS_MAX_CHRONIC];

    s->key = key;
    uint64_t next[FS_MAX_CHRONIC];

    for (int c = 0; c < nch; c++) {
        skip[c].key = key;
        skip[c].ctr = fsi_rng_ctr(FS_STREAM_CHRONIC_SKIP, rep, year, cell, 0, (uint32_t)c);
        skip[c].idx = 4;
        next[c] = fsi_skip_gap(&skip[c], C->ch_inv[c]);
    }
    uint64_t nmin = FS_SKIP_NEVER; /* the next holder of any programme */
    for (int c = 0; c < nch; c++)
        nmin = next[c] < nmin ? next[c] : nmin;

    for (uint32_t k = 0; k < m; k++) {
        double cost = 0.0, basic = 0.0, fund = 0.0;
        fsi_selfpaid sp = {0.0, 0.0, 0.0, 0.0}; /* self-paid in scope by line (§7-8) */
        int excl = 0;
        philox4x32_ctr_t ev;

        ce.v[1] = k;
        ev = philox4x32(ce, key);

        /* Chronic programmes: status, annual cost, benefit. */
        for (int c = 0; k == nmin && c < nch; c++) {
            if (next[c] != k)
                continue;
            next[c] += 1 + fsi_skip_gap(&skip[c], C->ch_inv[c]);
            ndraw++;
            seek_person(s, c_ch, k, (uint32_t)c);
            double x = dist_draw(r, &R->ch_cost[c], I);
            double in = x * Y->ch_in[c];
            double b = fsi_basic_benefit(in, Y->ch_ded[c], Y->ch_ratio[c], Y->ch_cap[c]);
            s_ch += b;
            s_chin += in;
            cost += x;
            basic += b;
            sp.ch += in - b;
            if (Y->ch_ci[c])
                sp.ch_ci += in - b;
            excl |= Y->ch_excl[c];
        }
        if (k == nmin) {
            nmin = FS_SKIP_NEVER;
            for (int c = 0; c < nch; c++)
                nmin = next[c] < nmin ? next[c] : nmin;
        }

        /* General outpatient pooling. */
        if (!excl && (uint64_t)ev.v[0] < C->t_out) {
            double x;
            seek_person(s, c_op, k, 0);
            if (op_w3) {
                ndraw3++;
                x = fsi_dist_lognormal_at(opd, fsi_normal_w(ev.v[3], s)) * I;
            } else {
                ndraw++;
                x = dist_draw(r, opd, I);
            }
            double b = fsi_basic_benefit(x, C->op_ded, C->op_ratio, C->op_cap);
            s_out += b;
            s_opx += x;
            cost += x;
            basic += b;
            sp.op = x - b;
        }

        /* Inpatient admissions: N = 0 unless u > e^-lambda (inversion). */
        if ((uint64_t)ev.v[1] >= C->t_adm) {
            unsigned N = 0;
            double u = fsi_u01(ev.v[1]);
            if (C->lam > 50.0) {
                seek_person(s, c_ip, k, FS_RNG_MAX_SUB);
                /* GSL's sampler never ends for a mean above ~4.9e9 (its
                 * unsigned m = mu * 7/8 overflows); a mean of 1e6 already
                 * gives N >= FS_RNG_MAX_SUB, so the cap changes no result. */
                N = gsl_ran_poisson(r, C->lam < FSI_POISSON_MEAN_MAX ? C->lam : FSI_POISSON_MEAN_MAX);
            } else if (u > C->elam) {
                N = fsi_poisson_inv(u, C->lam, C->elam);
            }
            if (N > FS_RNG_MAX_SUB)
                N = FS_RNG_MAX_SUB;
            if (N > 0) {
                double sb = 0.0, sin = 0.0, sx = 0.0;
                ndraw += N;
                for (unsigned i = 0; i < N; i++) {
                    seek_person(s, c_ip, k, i);
                    double ul = fsi_u01(fsi_philox_word(s));
                    int lv = 0;
                    while (lv < nl - 1 && ul >= Y->lv_cum[lv])
                        lv++;
                    double x = dist_draw(r, &R->lv_cost[lv], I);
                    double in = x * Y->lv_in[lv];
                    /* 2nd and later stays: the repeat deductible; a cap per stay */
                    sb += fsi_basic_benefit(in, i ? Y->lv_ded2[lv] : Y->lv_ded[lv],
                                            C->lv_ratio[lv], Y->lv_scap[lv]);
                    sin += in;
                    sx += x;
                    cost += x;
                }
                s_adm += N;
                s_admc += sx;
                if (sb > Y->ip_cap)
                    sb = Y->ip_cap;
                s_in += sb;
                s_scope += sin;
                basic += sb;
                sp.in = sin - sb;
            }
        }

        /* Maternity. */
        fund = basic;
        if ((uint64_t)ev.v[2] < C->t_birth) {
            s_mat += Y->mat;
            fund += Y->mat;
        }
        s_y += fund;
        s_yy += fund * fund;
        s_cost += cost;
        if (cost == 0.0 && !(0.0 > C->alert))
            continue; /* no cost: no CI, assistance or out-of-pocket */

        /* Critical illness, then assistance, then what is left. */
        double cib = 0.0, ab = 0.0, ci_base = sp.ch_ci + sp.in;
        if (ci_on && ci_base > C->ci_ded) {
            cib = fsi_ci_benefit(ci_base, C->ci_ded, Y->ci_upto, Y->ci_ratio, sc->ci.nbands,
                                 C->ci_add, C->ci_cap);
            s_ci += cib;
        }
        /* The inpatient part of each layer: pro rata to the inpatient part of its base. */
        double ipci = cib > 0.0 ? cib * sp.in / ci_base : 0.0;
        s_ipci += ipci;
        if (C->assist) { /* the lines' self-paid after basic and CI (§8) */
            double asb = fsi_assist_base(&sp, C->as.lines, cib);
            ab = fsi_assist_layers(asb, &C->as);
            s_as += ab;
            if (ab > 0.0 && (C->as.lines & FS_LINE_INPATIENT))
                s_ipas += ab * (sp.in - ipci) / asb;
        }
        double oop = cost - basic - cib - ab;
        s_oop += oop;
        if (oop > C->alert)
            s_risk += 1.0;
    }
    const double w = C->n / (double)m;
    acc->out += w * s_out;
    acc->chronic += w * s_ch;
    acc->inpat += w * s_in;
    acc->inpat_scope += w * s_scope;
    acc->adm += w * s_adm;
    acc->adm_cost += w * s_admc;
    acc->mat += w * s_mat;
    acc->ci += w * s_ci;
    acc->assist += w * s_as;
    acc->risk += w * s_risk;
    acc->oop += w * s_oop;
    acc->simulated += (double)m;
    acc->draws += (double)ndraw;
    acc->draws_w3 += (double)ndraw3;
    double *q = gv + ((size_t)C->g * (size_t)R->nt + (size_t)C->t) * (size_t)R->nq;
    q[FS_GQ_BENEFITS_OUTPATIENT] += w * s_out;
    q[FS_GQ_BENEFITS_CHRONIC] += w * s_ch;
    q[FS_GQ_BENEFITS_INPATIENT] += w * s_in;
    q[FS_GQ_BENEFITS_MATERNITY] += w * s_mat;
    q[FS_GQ_BENEFITS_BASIC] += w * (s_out + s_ch + s_in + s_mat);
    q[FS_GQ_BENEFITS_CRITICAL] += w * s_ci;
    q[FS_GQ_BENEFITS_ASSIST] += w * s_as;
    q[FS_GQ_OUT_OF_POCKET] += w * s_oop;
    q[FS_GQ_COST_TOTAL] += w * s_cost;
    q[FS_GQ_COST_IN_SCOPE] += w * (s_opx + s_chin + s_scope);
    q[FS_GQ_INPATIENT_COST_IN_SCOPE] += w * s_scope;
    q[FS_GQ_INPATIENT_BENEFITS_CRITICAL] += w * s_ipci;
    q[FS_GQ_INPATIENT_BENEFITS_ASSIST] += w * s_ipas;
    /* Sampling variance of n x (sample mean) beyond the n persons' own
     * variance: n (n - m) / m x s^2 (0 when m = n). */
    if (m >= 2 && C->n > (double)m) {
        double mean = s_y / (double)m;
        double s2 = (s_yy - s_y * mean) / (double)(m - 1);
        if (s2 > 0.0)
            acc->samp_var += C->n * (C->n - (double)m) / (double)m * s2;
    }
}

/* Parameters of cell (s, a, g, t) with nn enrollees in year Y (U, I: the
 * replication's utilization and price index); aid is the age of its cell
 * id (a, or a newborn's birth-month id) and xf the share of the year its
 * persons are covered (1, or a newborn's months from birth). */
static void cell_setup(const fsi_run *R, const fsi_year *Y, fsi_cellp *C, int s, int a, int aid,
                       double xf, int g, int gi, int t, double U, double I, const double *asfr,
                       double nn)
{
    const fs_scenario *sc = R->sc;
    double ex = xf * U, p, var = 0.0;

    C->I = I;
    C->cell = fsi_cell_id(s, aid, gi, t);
    C->g = g;
    C->t = t;
    C->n = nn;
    C->m = 0;
    p = sc->outpatient.enabled ? sc->outpatient.use_rate.v[a] * Y->f_op_use * ex : 0.0;
    C->t_out = fsi_bern_threshold(p);
    var += fsi_clamp01(p) * R->m2_op;
    C->lam =
        sc->inpatient.nlevels > 0 ? sc->inpatient.admission_rate[s].v[a] * Y->f_adm * ex : 0.0;
    C->elam = exp(-C->lam);
    if (!(C->lam > 0.0)) {
        C->t_adm = (uint64_t)1 << 32;
    } else if (C->lam > 50.0) {
        C->t_adm = 0;
    } else {
        uint64_t th = (uint64_t)(C->elam * 0x1.0p32);
        while (th > 0 && fsi_u01((uint32_t)(th - 1)) > C->elam)
            th--;
        while (th < ((uint64_t)1 << 32) && !(fsi_u01((uint32_t)th) > C->elam))
            th++;
        C->t_adm = th;
    }
    for (int k = 0; k < sc->inpatient.nlevels; k++)
        var += C->lam * (Y->lv_cum[k] - (k ? Y->lv_cum[k - 1] : 0.0)) * R->m2_lv[k];
    C->t_birth = (s == 1 && Y->mat != 0.0) ? fsi_bern_threshold(asfr[a] * xf) : 0;
    C->nch = sc->nchronic;
    C->any_ch = 0;
    for (int ch = 0; ch < sc->nchronic; ch++) {
        p = sc->chronic[ch].prevalence.v[a] * Y->ch_prev[ch] * Y->f_prev * ex;
        C->ch_inv[ch] = fsi_skip_inv(p);
        if (p > 0.0)
            C->any_ch = 1;
        var += fsi_clamp01(p) * R->m2_ch[ch];
    }
    C->sd = sqrt(var) * I;
    C->op_ratio = Y->op_ratio[t];
    C->op_cap = Y->op_cap[t];
    C->op_ded = Y->op_ded;
    for (int k = 0; k < sc->inpatient.nlevels; k++) {
        double rr = Y->lv_ratio[k] + Y->ip_add_t[t] + Y->ip_add_g[g] + Y->ip_lv_add[g][k];
        C->lv_ratio[k] = fsi_clamp01(rr);
    }
    C->ci_ded = Y->ci_ded_g[g];
    C->ci_add = Y->ci_add[g];
    C->ci_cap = Y->ci_cap_g[g];
    C->assist = Y->as_on[g];
    C->as = Y->as[g];
    C->alert = Y->alert;
}

/* Sample mode: a budget of spc x (non-empty cells) persons, shared by
 * Neyman allocation m_c ~ n_c sd_c (sd_c: the cost-based proxy of
 * cell_setup), rounded to nearest, at least min(n_c, FSI_MIN_SAMPLE) and
 * at most n_c.  Deterministic in the cells, so thread-independent. */
#define FSI_MIN_SAMPLE 8.0
static void allocate(const fsi_run *R, fsi_cellp *cells, int ncell)
{
    double tot = 0.0, sdmax = 0.0, budget = (double)R->spc * (double)ncell;
    for (int i = 0; i < ncell; i++)
        if (cells[i].sd > sdmax)
            sdmax = cells[i].sd;
    /* Cells without modelled cost risk still get a small weight. */
    double floor_sd = sdmax > 0.0 ? 1e-3 * sdmax : 1.0;
    for (int i = 0; i < ncell; i++)
        tot += cells[i].n * (cells[i].sd > floor_sd ? cells[i].sd : floor_sd);
    for (int i = 0; i < ncell; i++) {
        fsi_cellp *C = &cells[i];
        double sd = C->sd > floor_sd ? C->sd : floor_sd;
        double m = floor(budget * C->n * sd / tot + 0.5);
        double lo = C->n < FSI_MIN_SAMPLE ? C->n : FSI_MIN_SAMPLE;
        if (m < lo)
            m = lo;
        if (m > C->n)
            m = C->n;
        if (m > (double)FS_RNG_MAX_ENTITY + 1.0)
            m = (double)FS_RNG_MAX_ENTITY + 1.0;
        C->m = (uint32_t)m;
    }
}


/* ---------------------------------------------------------------- */
/* Enrollment (§3) and the cells of a year. */

/* Maternity probabilities by age: the scenario's asfr, or its crude birth
 * rate spread over women 15-49 of the year's population P. */
static void maternity_rates(const fs_scenario *sc, const double (*P)[FS_NAGES],
                            double asfr[FS_NAGES])
{
    for (int a = 0; a < FS_NAGES; a++)
        asfr[a] = (a >= 15 && a <= 49) ? sc->fertility_asfr[a] : 0.0;
    if (!(sc->crude_birth_rate > 0.0))
        return;
    double tot = 0.0, f = 0.0;
    for (int a = 0; a < FS_NAGES; a++) {
        tot += P[0][a] + P[1][a];
        if (a >= 15 && a <= 49)
            f += P[1][a];
    }
    for (int a = 15; a <= 49; a++)
        asfr[a] = f > 0.0 ? sc->crude_birth_rate * tot / f : 0.0;
}

/* Where enrollment is: replication, year index, the year's maternity
 * probabilities and group table (ng_all x nt x R->nq), and whose: the
 * residents (month -1) or the newborns of birth month `month` (0..11). */
typedef struct enroll_at {
    uint32_t rep;
    int yi;
    const double *asfr;
    double *gv;
    int month;
} enroll_at;

/* The enrollees of group g's x expected enrollees of cell (s, a), split
 * into tiers on the cell's own stream; each tier's income goes to acc and
 * the group table, its cell to W->cells.  Returns the new number of cells. */
static int enroll_group(const fsi_run *R, const fsi_year *Y, fsi_ws *W, const enroll_at *at,
                        int s, int a, int g, double x, fsi_acc *acc, int ncell)
{
    const int nt = R->nt, gi = g < R->sc->ngroups ? g + 1 : 0; /* stream id: ordinary = 0 */
    const int aid = at->month < 0 ? a : FSI_NEWBORN_AGE_ID + at->month;
    /* a birth in month m + 1 (mid-month): covered (12 - m - 0.5)/12 of the year */
    const double xf = at->month < 0 ? 1.0 : (11.5 - (double)at->month) / 12.0;
    philox4x32_ctr_t c = fsi_rng_ctr(FS_STREAM_ENROLL_ROUND, at->rep, Y->year,
                                     fsi_cell_id(s, aid, gi, 0), 0, 0);
    philox4x32_ctr_t u = philox4x32(c, fsi_rng_key(R->seed));
    double n = floor(x + fsi_u01(u.v[0]));
    if (n <= 0.0)
        return ncell;
    double ut = fsi_u01(u.v[1]), ul = fsi_u01(u.v[2]), prev = 0.0;
    /* Late enrollees (model.md §3): a share of the residents' cells, never newborns. */
    const double late = at->month < 0 ? Y->late[g] : 0.0;
    /* Graduates: only when they lose part of the year (else they are like the others). */
    const double grad = at->month < 0 && Y->grad_cover[g] < 1.0 ? Y->grad[g] : 0.0,
                 ug = fsi_u01(u.v[3]);
    const fs_roster *ro = R->sc->roster;
    const double *tcum = ro ? ro->tcum[s][a][g] : Y->tcum[g]; /* a roster's split of the cell */
    for (int t = 0; t < nt; t++) {
        double cum = t == nt - 1 ? n
                                 : floor((ro ? fsi_near_whole(n * tcum[t]) : n * tcum[t]) + ut);
        double nn = cum - prev;
        prev = cum;
        if (nn <= 0.0)
            continue;
        double *q = at->gv + ((size_t)g * (size_t)nt + (size_t)t) * (size_t)R->nq;
        q[FS_GQ_ENROLLEES] += nn;
        if (R->nq > FS_GQ_COUNT)
            q[FS_GQ_COUNT + R->band_of[a]] += nn;
        q[FS_GQ_INCOME_INDIVIDUAL] += nn * Y->stdc[g][t];
        q[FS_GQ_INCOME_INDIVIDUAL_SUBSIDY] += nn * Y->sub[g][t];
        acc->enrollees += nn;
        acc->indiv += nn * Y->stdc[g][t];
        if (Y->payer_assist[g])
            acc->sub_assist += nn * Y->sub[g][t];
        else
            acc->sub_other += nn * Y->sub[g][t];
        double nl = late > 0.0 ? floor(nn * late + ul) : 0.0, ng;
        if (nl > nn)
            nl = nn;
        /* Graduates covered part of the year (model.md §3), from the others. */
        ng = grad > 0.0 ? floor((nn - nl) * grad + ug) : 0.0;
        if (ng > nn - nl)
            ng = nn - nl;
        if (nn - nl - ng > 0.0)
            cell_setup(R, Y, &W->cells[ncell++], s, a, aid, xf, g, gi, t, W->U[at->yi],
                       W->I[at->yi], at->asfr, nn - nl - ng);
        if (nl > 0.0) { /* covered late_cover of the year, on streams of their own */
            cell_setup(R, Y, &W->cells[ncell], s, a, aid, xf * Y->late_cover, g, gi, t,
                       W->U[at->yi], W->I[at->yi], at->asfr, nl);
            W->cells[ncell++].cell |= FSI_LATE_CELL;
        }
        if (ng > 0.0) {
            int gid = FSI_NEWBORN_AGE_ID + a - R->sc->group[g].age_min;
            cell_setup(R, Y, &W->cells[ncell], s, a, gid, xf * Y->grad_cover[g], g, gi, t,
                       W->U[at->yi], W->I[at->yi], at->asfr, ng);
            W->cells[ncell++].cell |= FSI_LATE_CELL;
        }
    }
    return ncell;
}

int fsi_enroll_cells(const fsi_run *R, const fsi_year *Y, fsi_ws *W, uint32_t rep, int yi,
                     double *gv, fsi_acc *acc)
{
    const fs_scenario *sc = R->sc;
    const double (*P)[FS_NAGES] = (const double (*)[FS_NAGES])W->pop[yi];
    const double shock = 1.0 + sc->enroll_shock_sd * W->zen[yi];
    const int at_birth = sc->newborn_cover == FS_NEWBORN_BIRTH_YEAR;
    double asfr[FS_NAGES];
    enroll_at at = {rep, yi, asfr, gv, -1};
    int ncell = 0;
    maternity_rates(sc, P, asfr);
    for (int s = 0; s < 2; s++) {
        for (int a = 0; a < FS_NAGES; a++) {
            double gp[FSI_MAX_G];
            if (!(P[s][a] > 0.0))
                continue;
            fsi_pop_groups(sc, Y->gshare, s, a, P[s][a], gp);
            for (int g = 0; g < R->ng_all; g++) {
                /* Age 0 of P: born last year; newborns unless they enrolled at birth. */
                double r0 = (a == 0 && !at_birth) ? Y->rate0[g] : Y->rate[g];
                double rate = fsi_rate_shocked(r0, shock);
                double x = gp[g] * rate;
                if (x > 0.0)
                    ncell = enroll_group(R, Y, W, &at, s, a, g, x, acc, ncell);
            }
        }
    }
    if (!at_birth)
        return ncell;
    /* This year's births (the persons at age 0 of next year's P, §2), in
     * their birth year: a twelfth born in each month, age 0's group split,
     * enrolled at the newborn rate. */
    double B[2];
    fsi_pop_births(sc, P, B);
    for (int s = 0; s < 2; s++) {
        double gp[FSI_MAX_G];
        if (!(B[s] > 0.0))
            continue;
        fsi_pop_groups(sc, Y->gshare, s, 0, B[s] / FSI_NEWBORN_MONTHS, gp);
        for (at.month = 0; at.month < FSI_NEWBORN_MONTHS; at.month++)
            for (int g = 0; g < R->ng_all; g++) {
                double x = gp[g] * fsi_rate_shocked(Y->rate0[g], shock);
                if (x > 0.0)
                    ncell = enroll_group(R, Y, W, &at, s, 0, g, x, acc, ncell);
            }
    }
    return ncell;
}

int fsi_simulate_cells(const fsi_run *R, const fsi_year *Y, fsi_ws *W, uint32_t rep, int ncell,
                       fsi_acc *acc, double *gv, char *err, size_t errlen)
{
    if (R->sample)
        allocate(R, W->cells, ncell);
    for (int i = 0; i < ncell; i++) {
        fsi_cellp *C = &W->cells[i];
        if (!R->sample)
            C->m = C->n > (double)FS_RNG_MAX_ENTITY + 1.0 ? 0 : (uint32_t)C->n;
        if (C->m == 0) {
            snprintf(err, errlen,
                     "replication %u, year %d: a cell holds %.0f enrollees, more than exact "
                     "mode can address (%u); use sample mode",
                     rep, Y->year, C->n, FS_RNG_MAX_ENTITY + 1u);
            return FS_EUSAGE;
        }
        if (fsi_cancelled(R)) {
            snprintf(err, errlen, "stopped in replication %u, year %d", rep, Y->year);
            return FS_ECANCELED;
        }
        sim_cell(R, Y, W->r, C, rep, acc, gv);
    }
    return FS_OK;
}
