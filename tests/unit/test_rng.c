/* tests/unit/test_rng.c -- Philox4x32-10 streams: known answers, addressing,
 * and the samplers against GSL's distributions. */
#include "fs_test.h"

#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "engine_int.h"
#include "rng_int.h"

/* Random123 kat_vectors for philox4x32-10. */
static void test_philox_kat(void **state)
{
    (void)state;
    philox4x32_ctr_t c0 = {{0, 0, 0, 0}};
    philox4x32_key_t k0 = {{0, 0}};
    philox4x32_ctr_t r = philox4x32(c0, k0);
    assert_int_equal(r.v[0], 0x6627e8d5u);
    assert_int_equal(r.v[1], 0xe169c58du);
    assert_int_equal(r.v[2], 0xbc57ac4cu);
    assert_int_equal(r.v[3], 0x9b00dbd8u);

    philox4x32_ctr_t c1 = {{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}};
    philox4x32_key_t k1 = {{0xffffffffu, 0xffffffffu}};
    r = philox4x32(c1, k1);
    assert_int_equal(r.v[0], 0x408f276du);
    assert_int_equal(r.v[1], 0x41c83b0eu);
    assert_int_equal(r.v[2], 0xa20bc7c6u);
    assert_int_equal(r.v[3], 0x6d5451fdu);

    /* Through the gsl_rng_type: key 0, counter 0 gives the same words. */
    gsl_rng *g = gsl_rng_alloc(fsi_rng_philox);
    assert_non_null(g);
    gsl_rng_set(g, 0);
    assert_int_equal(gsl_rng_get(g), 0x6627e8d5u);
    assert_int_equal(gsl_rng_get(g), 0xe169c58du);
    assert_int_equal(gsl_rng_get(g), 0xbc57ac4cu);
    assert_int_equal(gsl_rng_get(g), 0x9b00dbd8u);
    gsl_rng_set(g, 0);
    assert_true(gsl_rng_uniform(g) == (double)0x6627e8d5u * 0x1.0p-32);
    assert_string_equal(gsl_rng_name(g), "philox4x32-10");
    gsl_rng_free(g);
}

/* A seek reproduces a stream; any change of address changes it. */
static void test_stream_addressing(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(fsi_rng_philox);
    uint32_t a[10], b[10];
    fsi_rng_seek(g, 42, FS_STREAM_TEST, 3, 2024, 17, 5, 1);
    for (int i = 0; i < 10; i++)
        a[i] = (uint32_t)gsl_rng_get(g);
    for (int i = 0; i < 10; i++) /* move on */
        (void)gsl_rng_get(g);
    fsi_rng_seek(g, 42, FS_STREAM_TEST, 3, 2024, 17, 5, 1);
    for (int i = 0; i < 10; i++)
        b[i] = fsi_rng_word(g);
    assert_memory_equal(a, b, sizeof a);

    /* The inline block-0 path equals the gsl path. */
    philox4x32_ctr_t blk = fsi_rng_block0(fsi_rng_key(42),
                                          fsi_rng_ctr(FS_STREAM_TEST, 3, 2024, 17, 5, 1));
    for (int i = 0; i < 4; i++)
        assert_int_equal(blk.v[i], a[i]);

    /* Each address field matters. */
    const struct {
        uint64_t seed;
        fs_stream s;
        uint32_t rep;
        int year;
        uint32_t cell, ent, sub;
    } alt[] = {{43, FS_STREAM_TEST, 3, 2024, 17, 5, 1},  {42, FS_STREAM_INFLATION, 3, 2024, 17, 5, 1},
               {42, FS_STREAM_TEST, 4, 2024, 17, 5, 1},  {42, FS_STREAM_TEST, 3, 2025, 17, 5, 1},
               {42, FS_STREAM_TEST, 3, 2024, 18, 5, 1},  {42, FS_STREAM_TEST, 3, 2024, 17, 6, 1},
               {42, FS_STREAM_TEST, 3, 2024, 17, 5, 2},  {1ull << 32 | 42, FS_STREAM_TEST, 3, 2024, 17, 5, 1}};
    for (size_t j = 0; j < sizeof alt / sizeof alt[0]; j++) {
        fsi_rng_seek(g, alt[j].seed, alt[j].s, alt[j].rep, alt[j].year, alt[j].cell, alt[j].ent,
                     alt[j].sub);
        int same = 0;
        for (int i = 0; i < 10; i++)
            same += fsi_rng_word(g) == a[i];
        assert_true(same < 2);
    }
    gsl_rng_free(g);
}

static void test_uniform_mean(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(fsi_rng_philox);
    fsi_rng_seek(g, 7, FS_STREAM_TEST, 0, 2000, 0, 0, 0);
    double s = 0.0, s2 = 0.0;
    const int n = 400000;
    for (int i = 0; i < n; i++) {
        double u = gsl_rng_uniform(g);
        assert_true(u >= 0.0 && u < 1.0);
        s += u;
        s2 += u * u;
    }
    assert_close(s / n, 0.5, 0, 5.0 * sqrt(1.0 / 12.0 / n));
    assert_close(s2 / n, 1.0 / 3.0, 0, 5.0 * sqrt(4.0 / 45.0 / n));
    assert_true(fsi_u01(0) > 0.0 && fsi_u01(0xffffffffu) < 1.0);
    gsl_rng_free(g);
}

/* Poisson inversion has GSL's pmf: chi-square over counts 0..6+. */
static void test_poisson_inversion(void **state)
{
    (void)state;
    const double lams[] = {0.05, 0.3, 1.7, 12.0};
    gsl_rng *g = gsl_rng_alloc(fsi_rng_philox);
    for (size_t j = 0; j < sizeof lams / sizeof lams[0]; j++) {
        double lam = lams[j], e = exp(-lam);
        enum { K = 40 };
        double cnt[K] = {0};
        const int n = 200000;
        fsi_rng_seek(g, 11, FS_STREAM_TEST, (uint32_t)j, 2000, 0, 0, 0);
        double mean = 0.0;
        for (int i = 0; i < n; i++) {
            unsigned k = fsi_poisson_inv(fsi_u01(fsi_rng_word(g)), lam, e);
            mean += k;
            cnt[k < K - 1 ? k : K - 1] += 1.0;
        }
        mean /= n;
        assert_close(mean, lam, 0, 5.0 * sqrt(lam / n));
        /* Chi-square on bins with expected count >= 20, the rest pooled. */
        double chi = 0.0, pool_o = 0.0, pool_e = 0.0;
        int df = -1;
        for (int k = 0; k < K; k++) {
            double ex = n * (k < K - 1 ? gsl_ran_poisson_pdf((unsigned)k, lam)
                                       : gsl_cdf_poisson_Q(K - 2, lam));
            if (ex >= 20.0) {
                chi += (cnt[k] - ex) * (cnt[k] - ex) / ex;
                df++;
            } else {
                pool_o += cnt[k];
                pool_e += ex;
            }
        }
        if (pool_e > 0.0) {
            chi += (pool_o - pool_e) * (pool_o - pool_e) / pool_e;
            df++;
        }
        assert_true(df >= 1);
        assert_true(gsl_cdf_chisq_Q(chi, df) > 1e-4);
    }
    gsl_rng_free(g);
}

/* exp(mu + sigma z) with the ziggurat (fsi_rng_normal) agrees with GSL's lognormal cdf (KS),
 * and gsl_ran_gamma on Philox with the gamma cdf. */
static double ks_stat(double *x, size_t n, int lognormal, double p1, double p2)
{
    double d = 0.0;
    gsl_sort(x, 1, n);
    for (size_t i = 0; i < n; i++) {
        double F = lognormal ? gsl_cdf_lognormal_P(x[i], p1, p2) : gsl_cdf_gamma_P(x[i], p1, p2);
        double a = fabs(F - (double)i / n), b = fabs(F - (double)(i + 1) / n);
        if (a > d)
            d = a;
        if (b > d)
            d = b;
    }
    return d;
}

static void test_cost_samplers(void **state)
{
    (void)state;
    const size_t n = 100000;
    double *x = malloc(n * sizeof *x);
    gsl_rng *g = gsl_rng_alloc(fsi_rng_philox);
    double mu, sigma;
    fsi_lognormal_params(6626.0, 1.0, &mu, &sigma);
    assert_close(exp(mu + sigma * sigma / 2), 6626.0, 1e-14, 0);
    assert_close(sqrt(exp(sigma * sigma) - 1.0), 1.0, 1e-14, 0);
    double m = 0.0;
    for (size_t i = 0; i < n; i++) {
        fsi_rng_seek(g, 5, FS_STREAM_TEST, 0, 2000, 0, (uint32_t)i, 0); /* one address each */
        x[i] = exp(mu + sigma * fsi_rng_normal(g));
        m += x[i];
    }
    m /= n;
    assert_close(m, 6626.0, 0, 5.0 * 6626.0 / sqrt((double)n));
    double d = ks_stat(x, n, 1, mu, sigma);
    assert_true(d * sqrt((double)n) < 1.95); /* KS 0.1% critical value */

    double shape = 1.0 / (0.8 * 0.8), scale = 1200.0 * 0.8 * 0.8;
    for (size_t i = 0; i < n; i++) {
        fsi_rng_seek(g, 5, FS_STREAM_TEST, 1, 2000, 0, (uint32_t)i, 0);
        x[i] = gsl_ran_gamma(g, shape, scale);
    }
    d = ks_stat(x, n, 0, shape, scale);
    assert_true(d * sqrt((double)n) < 1.95);

    /* Limited expected value against numerical integration of the cdf. */
    double lev = fsi_lognormal_lev(mu, sigma, 5000.0), integ = 0.0;
    const int steps = 200000;
    for (int i = 0; i < steps; i++) {
        double t = (i + 0.5) * 5000.0 / steps;
        integ += gsl_cdf_lognormal_Q(t, mu, sigma) * 5000.0 / steps;
    }
    assert_close(lev, integ, 1e-7, 0);
    free(x);
    gsl_rng_free(g);
}

/* The inline ziggurat (fsi_normal, fsi_normal_w) against GSL's normal cdf:
 * KS on 400,000 draws, and chi-square on 60 bins whose edges include the
 * ziggurat's tail start r = 3.4426 and +-3.8 (tail and wedge paths). */
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void check_normal_sample(double *x, size_t n)
{
    double mean = 0.0, var = 0.0;
    for (size_t i = 0; i < n; i++)
        mean += x[i];
    mean /= (double)n;
    for (size_t i = 0; i < n; i++)
        var += (x[i] - mean) * (x[i] - mean);
    var /= (double)(n - 1);
    assert_close(mean, 0.0, 0, 5.0 / sqrt((double)n));
    assert_close(var, 1.0, 0, 5.0 * sqrt(2.0 / (double)n));

    /* Chi-square: 50 equiprobable bins, the outer ones split at 3, r and 3.8. */
    double edge[64];
    int ne = 0;
    for (int i = 1; i < 50; i++)
        edge[ne++] = gsl_cdf_ugaussian_Pinv(i / 50.0);
    const double extra[] = {-3.8, -3.442619855899, -3.0, 3.0, 3.442619855899, 3.8};
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        edge[ne++] = extra[i];
    qsort(edge, (size_t)ne, sizeof edge[0], cmp_double);
    double cnt[65] = {0};
    gsl_sort(x, 1, n);
    int b = 0;
    for (size_t i = 0; i < n; i++) {
        while (b < ne && x[i] >= edge[b])
            b++;
        cnt[b] += 1.0;
    }
    double chi = 0.0;
    for (int k = 0; k <= ne; k++) {
        double lo = k ? gsl_cdf_ugaussian_P(edge[k - 1]) : 0.0;
        double hi = k < ne ? gsl_cdf_ugaussian_P(edge[k]) : 1.0;
        double ex = (double)n * (hi - lo);
        assert_true(ex >= 20.0);
        chi += (cnt[k] - ex) * (cnt[k] - ex) / ex;
    }
    assert_true(gsl_cdf_chisq_Q(chi, ne) > 1e-4);

    /* KS against the normal cdf (x sorted). */
    double d = 0.0;
    for (size_t i = 0; i < n; i++) {
        double F = gsl_cdf_ugaussian_P(x[i]);
        double a = fabs(F - (double)i / (double)n), c = fabs(F - (double)(i + 1) / (double)n);
        d = a > d ? a : d;
        d = c > d ? c : d;
    }
    assert_true(d * sqrt((double)n) < 1.95); /* KS 0.1% critical value */
}

static void test_ziggurat_normal(void **state)
{
    (void)state;
    const size_t n = 400000;
    double *x = malloc(n * sizeof *x);
    assert_non_null(x);
    fsi_philox s;

    /* One long stream. */
    s.key = fsi_rng_key(99);
    s.ctr = fsi_rng_ctr(FS_STREAM_TEST, 0, 2000, 0, 0, 0);
    s.idx = 4;
    for (size_t i = 0; i < n; i++)
        x[i] = fsi_normal(&s);
    check_normal_sample(x, n);

    /* As the engine's outpatient costs: the first word is word 3 of another
     * block, the rest (rejections only) from a second address. */
    const philox4x32_key_t key = fsi_rng_key(99);
    s.key = key;
    for (size_t i = 0; i < n; i++) {
        philox4x32_ctr_t ev = fsi_rng_block0(key, fsi_rng_ctr(FS_STREAM_PERSON_EVENTS, 1, 2000,
                                                               7, (uint32_t)i, 0));
        s.ctr = fsi_rng_ctr(FS_STREAM_OUTPATIENT_COST, 1, 2000, 7, (uint32_t)i, 0);
        s.idx = 4;
        x[i] = fsi_normal_w(ev.v[3], &s);
    }
    check_normal_sample(x, n);

    /* Through the gsl_rng wrapper: the same numbers as the inline path. */
    gsl_rng *g = gsl_rng_alloc(fsi_rng_philox);
    fsi_rng_seek(g, 99, FS_STREAM_TEST, 0, 2000, 0, 0, 0);
    s.key = fsi_rng_key(99);
    s.ctr = fsi_rng_ctr(FS_STREAM_TEST, 0, 2000, 0, 0, 0);
    s.idx = 4;
    for (int i = 0; i < 1000; i++)
        assert_true(fsi_rng_normal(g) == fsi_normal(&s));
    gsl_rng_free(g);
    free(x);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_philox_kat),      cmocka_unit_test(test_stream_addressing),
        cmocka_unit_test(test_uniform_mean),    cmocka_unit_test(test_poisson_inversion),
        cmocka_unit_test(test_cost_samplers),   cmocka_unit_test(test_ziggurat_normal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
