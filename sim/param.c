/* sim/param.c -- dated parameters: the one place that reads years-to-values maps. */
#include <math.h>
#include <string.h>

#include "scenario_int.h"

void fsi_param_scalar(fs_param *p, double v)
{
    p->n = 1;
    p->year[0] = FS_YEAR_ALWAYS;
    p->value[0] = v;
    p->growth_kind = FS_GROWTH_NONE;
    p->growth = 0.0;
}

int fsi_param_at(const fs_param *p, int year, double *out)
{
    if (p == NULL || out == NULL || p->n <= 0 || p->n > FS_PARAM_MAXPTS)
        return FS_EUSAGE;
    if (p->year[0] == FS_YEAR_ALWAYS) {
        *out = p->value[0];
        return FS_OK;
    }
    if (year < p->year[0])
        return FS_EUSAGE;
    int i = p->n - 1;
    while (i > 0 && p->year[i] > year)
        i--;
    double v = p->value[i];
    if (i == p->n - 1 && year > p->year[i]) {
        double dy = (double)year - (double)p->year[i];
        if (p->growth_kind == FS_GROWTH_ADD)
            v += p->growth * dy;
        else if (p->growth_kind == FS_GROWTH_MUL)
            v *= pow(1.0 + p->growth, dy);
    }
    *out = v;
    return FS_OK;
}
