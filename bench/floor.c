/* bench/floor.c -- the random-number floor of a workload.
 *
 * Usage: fs_floor SCENARIO [REPS [YEARS [MODE]]]   (MODE: exact | sample | auto)
 *
 * 1. Runs the scenario on ONE thread for REPS replications (default 10)
 *    and YEARS years (default the scenario's), counting the enrollee-years E
 *    and the cost draws D the engine made (fsi_run_with a cost_draws counter).
 * 2. Draws the same random numbers with nothing else, on one thread: E
 *    Philox4x32-10 blocks at person-event addresses; D3 normals
 *    (fsi_normal_w) whose first word is word 3 of the person block, further
 *    words (ziggurat rejections) from an outpatient-cost address, as the
 *    engine's lognormal outpatient costs; and D times (seek a cost address,
 *    fsi_normal: one block + one normal) -- the kinds of draws the hot loop
 *    makes.  Gamma costs are counted as normals; chronic skip words (about
 *    one word per holder) and the per-cell enrollment blocks are left out,
 *    so the floor is slightly low.
 * 3. Prints one line of key=value pairs: engine and floor enrollee-years per
 *    second per core, and their ratio (engine time / floor time).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine_int.h"
#include "rng_int.h"
#include "fundsim.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s SCENARIO [REPS [YEARS [exact|sample|auto]]]\n", argv[0]);
        return 2;
    }
    fs_init();
    fs_diags *dg = fs_diags_alloc();
    fs_scenario *sc = NULL;
    if (fs_scenario_load(argv[1], &sc, dg) != FS_OK) {
        char buf[1600];
        for (size_t i = 0; i < fs_diags_count(dg); i++)
            fprintf(stderr, "%s\n", fs_diag_format(fs_diags_get(dg, i), buf, sizeof buf));
        fs_diags_free(dg);
        return 2;
    }
    fs_diags_free(dg);

    fs_run_options o;
    fs_run_options_init(&o);
    o.replications = argc > 2 ? atoi(argv[2]) : 10;
    o.years = argc > 3 ? atoi(argv[3]) : 0;
    o.threads = 1;
    o.mode = FS_MODE_AUTO;
    if (argc > 4 && strcmp(argv[4], "exact") == 0)
        o.mode = FS_MODE_EXACT;
    else if (argc > 4 && strcmp(argv[4], "sample") == 0)
        o.mode = FS_MODE_SAMPLE;

    fs_results *res = NULL;
    char err[256] = "";
    double D2[2] = {0.0, 0.0};
    double t0 = now();
    fsi_run_options xo = {o, D2};
    if (fsi_run_with(sc, &xo, &res, err, sizeof err) != FS_OK) {
        fprintf(stderr, "fs_run: %s\n", err);
        fs_scenario_free(sc);
        return 1;
    }
    double t_engine = now() - t0;
    double E = res->enrollee_years;
    double srel = res->sampling_rel_se;
    int mode = res->mode;
    fs_results_free(res);

    /* The floor: the same numbers of blocks and normals, nothing else. */
    gsl_rng *r = gsl_rng_alloc(fsi_rng_philox);
    fsi_philox *s = (fsi_philox *)r->state;
    const philox4x32_key_t key = fsi_rng_key(12345);
    philox4x32_ctr_t c = fsi_rng_ctr(FS_STREAM_PERSON_EVENTS, 0, 2023, 0, 0, 0);
    uint32_t sink = 0;
    double D = D2[0], D3 = D2[1], e1 = E > 0.0 ? E : 1.0;
    double zsum = 0.0, per = D / e1, per3 = D3 / e1, dacc = 0.0, dacc3 = 0.0;
    uint64_t n = (uint64_t)E, cell = 0;
    s->key = key;
    t0 = now();
    for (uint64_t k = 0; k < n; k++) {
        c.v[1] = (uint32_t)(k & FS_RNG_MAX_ENTITY);
        if ((k & FS_RNG_MAX_ENTITY) == 0)
            c.v[2] = (uint32_t)(cell++ & 0xffff) | ((uint32_t)FS_STREAM_PERSON_EVENTS << 16);
        philox4x32_ctr_t b = philox4x32(c, key);
        sink ^= b.v[0] ^ b.v[1] ^ b.v[2];
        dacc3 += per3;
        if (dacc3 >= 1.0) {
            dacc3 -= 1.0;
            s->ctr = fsi_rng_ctr(FS_STREAM_OUTPATIENT_COST, 0, 2023, (uint32_t)cell,
                                 (uint32_t)(k & FS_RNG_MAX_ENTITY), 0);
            s->idx = 4;
            zsum += fsi_normal_w(b.v[3], s);
        } else {
            sink ^= b.v[3];
        }
        for (dacc += per; dacc >= 1.0; dacc -= 1.0) {
            s->ctr = fsi_rng_ctr(FS_STREAM_OUTPATIENT_COST, 0, 2023, (uint32_t)cell,
                                 (uint32_t)(k & FS_RNG_MAX_ENTITY), 1);
            s->idx = 4;
            zsum += fsi_normal(s);
        }
    }
    double t_floor = now() - t0;
    gsl_rng_free(r);
    fs_scenario_free(sc);

    printf("mode=%s enrollee_years=%.0f cost_draws_per_ey=%.4f word3_draws_per_ey=%.4f "
           "engine_s=%.3f "
           "engine_eyps=%.4g floor_s=%.3f floor_eyps=%.4g ratio=%.2f sampling_rel_se=%.5f "
           "checksum=%u/%.3g\n",
           mode == FS_MODE_SAMPLE ? "sample" : "exact", E, per + per3, per3, t_engine, E / t_engine, t_floor,
           E / t_floor, t_engine / t_floor, srel, sink, zsum);
    return 0;
}
