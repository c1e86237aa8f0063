/* sim/rng_int.h -- addressed random streams: Philox4x32-10 as a gsl_rng_type.
 *
 * Every random number of a run comes from a stream addressed by
 *   (seed, purpose, replication, year, cell, entity, sub)
 * and never from a generator's history.  The draws of one address do not
 * depend on the thread, the MPI rank, the loop order or on how many
 * uniforms a rejection sampler used at another address.
 * The key holds the seed only, never the scenario, so two scenarios run
 * with one seed share persons and systemic paths (common random numbers,
 * docs/model.md §11).
 *
 * Address layout (Philox4x32: a 128-bit counter and a 64-bit key):
 *   key.v[0], key.v[1]  seed, low and high 32 bits
 *   ctr.v[0]            block number within the stream (4 words per block)
 *   ctr.v[1]            entity (person index, < 2^24) | sub << 24 (sub < 256:
 *                       chronic programme, admission number)
 *   ctr.v[2]            cell id (< 2^16, see fsi_cell_id) | purpose << 16
 *   ctr.v[3]            replication (< 2^20) | (year - FS_YEAR_MIN) << 20 (12 bits)
 */
#ifndef FUNDSIM_RNG_INT_H
#define FUNDSIM_RNG_INT_H

#include <math.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>
#include <Random123/philox.h>

#include "fundsim.h"

/* Stream purposes.  APPEND ONLY: renumbering changes every result. */
typedef enum fs_stream {
    FS_STREAM_TEST = 0,              /* tests only */
    FS_STREAM_INFLATION = 1,         /* medical inflation shock z_y (systemic) */
    FS_STREAM_INTEREST = 2,          /* interest-rate shock z_y (systemic) */
    FS_STREAM_UTILIZATION = 3,       /* utilization shock z_y (systemic) */
    FS_STREAM_ENROLL_SHOCK = 4,      /* enrollment-rate shock z_y (systemic) */
    FS_STREAM_ENROLL_ROUND = 5,      /* per (sex, age, group): word 0 rounds the enrollee
                                        count, word 1 the tier split, word 2 the late
                                        enrollees of each tier, word 3 its graduates */
    FS_STREAM_MORTALITY_SHOCK = 6,   /* per replication log shock of q(x) */
    FS_STREAM_PERSON_EVENTS = 7,     /* per person-year, block 0: word 0 outpatient use,
                                        word 1 inpatient count (Poisson inversion), word 2
                                        maternity (birth), word 3 the first word of the
                                        outpatient cost's normal (table v3; v1: status of
                                        chronic programme 0, v2: unused) */
    FS_STREAM_CHRONIC_STATUS = 8,    /* RETIRED in table v2 (v1: per person-year status of
                                        programme c >= 1) */
    FS_STREAM_CHRONIC_COST = 9,      /* per person-year, sub = programme: annual cost */
    FS_STREAM_OUTPATIENT_COST = 10,  /* per person-year: annual outpatient cost (v3, lognormal:
                                        the normal's words after the first, which is word 3
                                        of purpose 7, i.e. only ziggurat rejections) */
    FS_STREAM_INPATIENT_ADMISSION = 11, /* per person-year, sub = admission: word 0 level,
                                           then the cost draw */
    FS_STREAM_CHRONIC_SKIP = 12      /* per (replication, year, cell), sub = programme: one word
                                        per holder, the geometric gap to the next holder */
} fs_stream;

/* Bumped whenever the meaning of an address changes; recorded in outputs. */
#define FS_STREAM_TABLE_VERSION 3
#define FS_RNG_NAME "philox4x32-10"

#define FS_RNG_MAX_REP ((1u << 20) - 1u)
#define FS_RNG_MAX_ENTITY ((1u << 24) - 1u)
#define FS_RNG_MAX_SUB 255u
/* The largest Poisson mean handed to GSL (sim/persons.c): above ~4.9e9 its
 * sampler loops forever; at 1e6, P(N < FS_RNG_MAX_SUB) is 0 to double
 * precision, so capping the mean changes no capped count. */
#define FSI_POISSON_MEAN_MAX 1e6

/* Every year a run can simulate fits the 12 bits of the year field. */
_Static_assert(FS_YEAR_MAX + FS_MAX_YEARS - 1 - FS_YEAR_MIN < 4096,
               "simulated policy years do not fit the stream address");

/* The state of the gsl_rng_type: also read directly by the inline path. */
typedef struct fsi_philox {
    philox4x32_ctr_t ctr; /* counter of the NEXT block */
    philox4x32_key_t key;
    philox4x32_ctr_t out; /* current block */
    unsigned idx;         /* next word of `out`; 4 = exhausted */
} fsi_philox;

/* Philox4x32-10 with 32-bit integers; get_double is w * 2^-32 in [0, 1). */
extern const gsl_rng_type *fsi_rng_philox;

/* Cell id of (sex 0/1, age 0..100, group index gi (0 = ordinary residents,
 * 1 + g for scenario group g), tier 0..3): 15 bits, independent of how many
 * groups a scenario has. */
static inline uint32_t fsi_cell_id(int sex, int age, int gi, int tier)
{
    return (uint32_t)sex | ((uint32_t)age << 1) | ((uint32_t)tier << 8) | ((uint32_t)gi << 10);
}

static inline philox4x32_ctr_t fsi_rng_ctr(fs_stream purpose, uint32_t rep, int year,
                                           uint32_t cell, uint32_t entity, uint32_t sub)
{
    philox4x32_ctr_t c;
    c.v[0] = 0;
    c.v[1] = (entity & FS_RNG_MAX_ENTITY) | (sub << 24);
    c.v[2] = (cell & 0xffffu) | ((uint32_t)purpose << 16);
    c.v[3] = (rep & FS_RNG_MAX_REP) | ((uint32_t)(year - FS_YEAR_MIN) << 20);
    return c;
}

static inline philox4x32_key_t fsi_rng_key(uint64_t seed)
{
    philox4x32_key_t k = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    return k;
}

/* Points r (of type fsi_rng_philox) at the start of a stream. */
static inline void fsi_rng_seek(gsl_rng *r, uint64_t seed, fs_stream purpose, uint32_t rep,
                                int year, uint32_t cell, uint32_t entity, uint32_t sub)
{
    fsi_philox *s = (fsi_philox *)r->state;
    s->key = fsi_rng_key(seed);
    s->ctr = fsi_rng_ctr(purpose, rep, year, cell, entity, sub);
    s->idx = 4;
}

/* Fast path: the first block (4 words) of an address, without a gsl_rng. */
static inline philox4x32_ctr_t fsi_rng_block0(philox4x32_key_t key, philox4x32_ctr_t ctr)
{
    return philox4x32(ctr, key);
}

/* A 32-bit word as a uniform in the open interval (0, 1). */
static inline double fsi_u01(uint32_t w)
{
    return ((double)w + 0.5) * 0x1.0p-32;
}

/* The integer threshold of a Bernoulli(p) on a word w: fsi_u01(w) < p holds
 * exactly when (uint64_t)w < fsi_bern_threshold(p), with no conversion in
 * the hot loop.  p <= 0 gives 0 (never), p >= 1 gives 2^32 (always). */
static inline uint64_t fsi_bern_threshold(double p)
{
    if (!(p > 0.0))
        return 0;
    if (p >= 1.0)
        return (uint64_t)1 << 32;
    return (uint64_t)ceil(p * 0x1.0p32 - 0.5);
}

/* Next 32-bit word of the stream s (inline gsl_rng_get on the state). */
static inline uint32_t fsi_philox_word(fsi_philox *s)
{
    if (s->idx >= 4) {
        s->out = philox4x32(s->ctr, s->key);
        s->ctr.v[0]++;
        s->idx = 0;
    }
    return s->out.v[s->idx++];
}

/* Next 32-bit word of the stream r points at (inline gsl_rng_get). */
static inline uint32_t fsi_rng_word(gsl_rng *r)
{
    fsi_philox *s = (fsi_philox *)r->state;
    if (s->idx >= 4) {
        s->out = philox4x32(s->ctr, s->key);
        s->ctr.v[0]++;
        s->idx = 0;
    }
    return s->out.v[s->idx++];
}

/* Standard normal: a 128-layer ziggurat (Marsaglia & Tsang 2000) reading
 * the stream's 32-bit words directly.  One word w: bits 0-6 the layer i,
 * bit 7 the sign, bits 8-31 the magnitude j; x = j fsi_zig_w[i] is returned
 * at once when j < fsi_zig_k[i] (98.8 %), otherwise fsi_normal_slow makes the
 * wedge or tail test with further words of s (and new words on rejection).
 * fsi_normal_w takes its first word from elsewhere (e.g. a free word of a
 * block already drawn) and touches s only in the slow path. */
extern const uint32_t fsi_zig_k[128];
extern const double fsi_zig_w[128];
double fsi_normal_slow(uint32_t w, fsi_philox *s);
static inline double fsi_normal_w(uint32_t w, fsi_philox *s)
{
    uint32_t i = w & 0x7fu, j = w >> 8;
    if (j < fsi_zig_k[i]) {
        double x = (double)j * fsi_zig_w[i];
        return (w & 0x80u) ? x : -x;
    }
    return fsi_normal_slow(w, s);
}
static inline double fsi_normal(fsi_philox *s)
{
    return fsi_normal_w(fsi_philox_word(s), s);
}

/* Draws for the engine (each uses only the stream r points at). */
/* Standard normal: fsi_normal on the stream r points at. */
double fsi_rng_normal(gsl_rng *r);
/* Poisson(lambda) by inversion from one uniform u in (0,1), given
 * e = exp(-lambda); exact for lambda <= 50 (larger means use GSL). */
unsigned fsi_poisson_inv(double u, double lambda, double e);

/* Bernoulli(p) trials by geometric skipping: the number of failures before
 * the next success, floor(ln u / ln(1 - p)) from one word of s, with
 * inv = fsi_skip_inv(p).  P(gap >= g) = (1 - p)^g up to the 2^-32
 * resolution of u, so marking persons next, next + 1 + gap, ... gives
 * independent Bernoulli(p) statuses at a cost of one word per success.
 * Gaps are capped at 2^40 (p <= 0 gives the cap: never). */
#define FS_SKIP_NEVER ((uint64_t)1 << 40)
static inline double fsi_skip_inv(double p)
{
    if (!(p > 0.0))
        return HUGE_VAL;
    if (p >= 1.0)
        return 0.0;
    return 1.0 / log1p(-p);
}
static inline uint64_t fsi_skip_gap(fsi_philox *s, double inv)
{
    if (inv == HUGE_VAL)
        return FS_SKIP_NEVER;
    double g = log(fsi_u01(fsi_philox_word(s))) * inv;
    return g < (double)FS_SKIP_NEVER ? (uint64_t)g : FS_SKIP_NEVER;
}

#endif /* FUNDSIM_RNG_INT_H */
