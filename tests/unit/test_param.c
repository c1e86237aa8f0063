/* tests/unit/test_param.c -- dated parameter resolution (sim/param.c). */
#include "fs_test.h"

#include "scenario_int.h"

static void test_scalar(void **state)
{
    (void)state;
    fs_param p = {0};
    double v = 0;
    assert_int_equal(fsi_param_at(&p, 2023, &v), FS_EUSAGE); /* unset */
    fsi_param_scalar(&p, 2.385);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.year[0], FS_YEAR_ALWAYS);
    assert_int_equal(fsi_param_at(&p, 1900, &v), FS_OK);
    assert_close(v, 2.385, 0, 0);
    assert_int_equal(fsi_param_at(&p, 2200, &v), FS_OK);
    assert_close(v, 2.385, 0, 0);
}

static fs_param dated(void)
{
    fs_param p = {0};
    p.n = 3;
    p.year[0] = 2022;
    p.value[0] = 230;
    p.year[1] = 2023;
    p.value[1] = 250;
    p.year[2] = 2026;
    p.value[2] = 300.5;
    return p;
}

static void test_exact_and_between(void **state)
{
    (void)state;
    fs_param p = dated();
    double v = 0;
    assert_int_equal(fsi_param_at(&p, 2022, &v), FS_OK);
    assert_close(v, 230, 0, 0);
    assert_int_equal(fsi_param_at(&p, 2023, &v), FS_OK);
    assert_close(v, 250, 0, 0);
    assert_int_equal(fsi_param_at(&p, 2025, &v), FS_OK); /* holds from 2023 */
    assert_close(v, 250, 0, 0);
    assert_int_equal(fsi_param_at(&p, 2026, &v), FS_OK);
    assert_close(v, 300.5, 0, 0);
    assert_int_equal(fsi_param_at(&p, 2040, &v), FS_OK); /* no growth: last value */
    assert_close(v, 300.5, 0, 0);
}

static void test_before_first(void **state)
{
    (void)state;
    fs_param p = dated();
    double v = -1;
    assert_int_equal(fsi_param_at(&p, 2021, &v), FS_EUSAGE);
    assert_close(v, -1, 0, 0);
    assert_int_equal(fsi_param_at(NULL, 2021, &v), FS_EUSAGE);
}

static void test_growth_add(void **state)
{
    (void)state;
    fs_param p = {0};
    p.n = 1;
    p.year[0] = 2023;
    p.value[0] = 350;
    p.growth_kind = FS_GROWTH_ADD;
    p.growth = 30;
    double v;
    assert_int_equal(fsi_param_at(&p, 2023, &v), FS_OK);
    assert_close(v, 350, 0, 0);
    assert_int_equal(fsi_param_at(&p, 2024, &v), FS_OK);
    assert_close(v, 380, 0, 0);
    assert_int_equal(fsi_param_at(&p, 2027, &v), FS_OK);
    assert_close(v, 470, 0, 0);
    assert_int_equal(fsi_param_at(&p, 2022, &v), FS_EUSAGE);
}

static void test_growth_mul(void **state)
{
    (void)state;
    fs_param p = dated();
    p.growth_kind = FS_GROWTH_MUL;
    p.growth = 0.04;
    double v;
    assert_int_equal(fsi_param_at(&p, 2025, &v), FS_OK); /* growth only after the last point */
    assert_close(v, 250, 0, 0);
    assert_int_equal(fsi_param_at(&p, 2026, &v), FS_OK);
    assert_close(v, 300.5, 0, 0);
    assert_int_equal(fsi_param_at(&p, 2027, &v), FS_OK);
    assert_close(v, 300.5 * 1.04, 1e-15, 0);
    assert_int_equal(fsi_param_at(&p, 2029, &v), FS_OK);
    assert_close(v, 300.5 * 1.04 * 1.04 * 1.04, 1e-14, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalar),
        cmocka_unit_test(test_exact_and_between),
        cmocka_unit_test(test_before_first),
        cmocka_unit_test(test_growth_add),
        cmocka_unit_test(test_growth_mul),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
