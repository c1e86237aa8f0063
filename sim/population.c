/* sim/population.c -- cohort-component projection and the split into groups. */
#include "engine_int.h"

#include <math.h>
#include <string.h>

double fsi_pop_births(const fs_scenario *sc, const double P[2][FS_NAGES], double out[2])
{
    double B = 0.0, total = 0.0;
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < FS_NAGES; a++)
            total += P[s][a];
    /* Births during the year, to the women alive at its start. */
    if (sc->crude_birth_rate > 0.0) {
        B = sc->crude_birth_rate * total;
    } else {
        for (int a = 0; a < FS_NAGES; a++)
            B += P[1][a] * sc->fertility_asfr[a];
    }
    double srb = sc->sex_ratio_at_birth;
    double male = srb > 0.0 ? srb / (100.0 + srb) : 0.5;
    out[0] = B * male;
    out[1] = B - out[0];
    return B;
}

void fsi_pop_step(const fs_scenario *sc, const double P[2][FS_NAGES], int t, double qmult,
                  double net_rate, double out[2][FS_NAGES], double *births, double *deaths)
{
    double imp = pow(1.0 - sc->mortality_improvement, (double)t) * qmult;
    double D = 0.0, b[2];
    double B = fsi_pop_births(sc, P, b);

    for (int s = 0; s < 2; s++) {
        double surv[FS_NAGES];
        for (int a = 0; a < FS_NAGES; a++) {
            double q = sc->mortality_q[s][a] * imp;
            if (q > 1.0)
                q = 1.0;
            if (q < 0.0)
                q = 0.0;
            double d = P[s][a] * q;
            D += d;
            surv[a] = P[s][a] - d;
        }
        for (int a = FS_MAX_AGE; a >= 2; a--)
            out[s][a] = surv[a - 1];
        out[s][FS_MAX_AGE] += surv[FS_MAX_AGE]; /* the open age group */
        out[s][1] = surv[0];
    }
    out[0][0] = b[0];
    out[1][0] = b[1];

    if (net_rate != 0.0) {
        double f = 1.0 + net_rate;
        if (f < 0.0)
            f = 0.0;
        for (int s = 0; s < 2; s++)
            for (int a = 0; a < FS_NAGES; a++)
                out[s][a] *= f;
    }
    if (births)
        *births = B;
    if (deaths)
        *deaths = D;
}

void fsi_pop_project(const fs_scenario *sc, const double *net_rate, int years, double qmult,
                     double (*pop)[2][FS_NAGES])
{
    const double f = sc->cal_factor[FSI_CF_POPULATION]; /* calibration (§14) */
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < FS_NAGES; a++)
            pop[0][s][a] = sc->pop[s][a] * f;
    for (int i = 0; i + 1 < years; i++)
        fsi_pop_step(sc, (const double(*)[FS_NAGES])pop[i], i, qmult, net_rate[i], pop[i + 1],
                     NULL, NULL);
}

void fsi_pop_groups(const fs_scenario *sc, const double *gshare, int sex, int age, double n,
                    double out[FSI_MAX_G])
{
    if (sc->roster) { /* the roster's split of the cell (model.md §2) */
        for (int g = 0; g <= sc->ngroups; g++)
            out[g] = fsi_near_whole(sc->roster->gshare[sex][age][g] * n);
        return;
    }
    double rest = n;
    for (int g = 0; g < sc->ngroups; g++) {
        const fs_group *G = &sc->group[g];
        double x = 0.0;
        if (age >= G->age_min && age <= G->age_max && gshare[g] > 0.0)
            x = gshare[g] * n;
        if (x > rest)
            x = rest;
        out[g] = x;
        rest -= x;
    }
    out[sc->ngroups] = rest > 0.0 ? rest : 0.0;
}
