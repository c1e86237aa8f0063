/* sim/rng.c -- Philox4x32-10 (Random123) as a gsl_rng_type, addressed streams. */
#include "rng_int.h"

#include <math.h>
#include <gsl/gsl_randist.h>

static unsigned long philox_get(void *vs)
{
    fsi_philox *s = (fsi_philox *)vs;
    if (s->idx >= 4) {
        s->out = philox4x32(s->ctr, s->key);
        s->ctr.v[0]++;
        s->idx = 0;
    }
    return (unsigned long)s->out.v[s->idx++];
}

/* [0, 1) with 2^-32 resolution, as gsl_rng_uniform promises. */
static double philox_get_double(void *vs)
{
    return (double)philox_get(vs) * 0x1.0p-32;
}

/* gsl_rng_set: key = seed, counter 0.  The engine uses fsi_rng_seek. */
static void philox_set(void *vs, unsigned long seed)
{
    fsi_philox *s = (fsi_philox *)vs;
    philox4x32_ctr_t c = {{0, 0, 0, 0}};
    s->ctr = c;
    s->out = c;
    s->key = fsi_rng_key((uint64_t)seed);
    s->idx = 4;
}

static const gsl_rng_type philox_type = {
    FS_RNG_NAME, 0xffffffffUL, 0, sizeof(fsi_philox), &philox_set, &philox_get,
    &philox_get_double};

const gsl_rng_type *fsi_rng_philox = &philox_type;

double fsi_rng_normal(gsl_rng *r)
{
    return gsl_ran_gaussian_ziggurat(r, 1.0);
}

unsigned fsi_poisson_inv(double u, double lambda, double e)
{
    unsigned k = 0;
    double p = e, F = e;
    if (lambda <= 0.0)
        return 0;
    while (u > F) {
        k++;
        p *= lambda / (double)k;
        F += p;
        /* Past the mode, once terms no longer change F, stop. */
        if ((double)k > lambda && p <= F * 0x1.0p-60)
            break;
    }
    return k;
}
