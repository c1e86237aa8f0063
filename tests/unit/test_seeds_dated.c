/* tests/unit/test_seeds_dated.c -- the seed scenarios' dated switches and
 * prevalences: Qinhuangdao's 建档立卡 critical-illness tilt ends with the
 * 过渡期 (2025), Chongqing's 门诊特殊疾病 widens (prevalence_scale). */
#include "seeds_fixtures.h"

/* 冀 (五): the deductible halved, +5 points and no cap for 建档立卡 through
 * 2025, then the ordinary terms.  Self-paid 600,000 in 2021 (deductible
 * 0.5 x 13568 = 6784): 0.65 x 593216 = 385590.4 (no cap); in 2025 more
 * than an ordinary resident, from 2026 the same. */
static void test_qinhuangdao_tilt_ends(void **state)
{
    (void)state;
    fs_scenario *sc = load("qinhuangdao-2021.yaml");
    for (int y = 2021; y <= 2030; y++) {
        fs_group *jd = group(sc, "jiandang");
        int tilt = y <= 2025;
        assert_int_equal(at(&jd->ci.no_cap, y) != 0, tilt);
        assert_close(at(&jd->ci.ratio_add, y), tilt ? 0.05 : 0.0, 0, 0);
        assert_close(at(&jd->ci.deductible_factor, y), tilt ? 0.5 : 1.0, 0, 0);
        assert_true(has_ref(&jd->ci.no_cap, "过渡期") && has_ref(&jd->ci.ratio_add, "过渡期"));
    }
    for (int y = 2025; y <= 2026; y++) {
        double ord = ci_benefit(sc, NULL, 600000, y), jd = ci_benefit(sc, "jiandang", 600000, y);
        if (y == 2025)
            assert_true(jd > ord);
        else
            assert_close(jd, ord, 1e-15, 0);
    }
    assert_close(ci_benefit(sc, "jiandang", 600000, 2021), 385590.4, 1e-12, 0);
    fs_scenario_free(sc);
}

/* 渝 二 稳步扩大病种范围: 门诊特殊疾病 holders x 1, 1.03, 1.06, 1.09, 1.12 in
 * 2023-2027, then 1.12; 两病 unchanged.  Pengshui inherits it. */
static void test_chongqing_widening(void **state)
{
    (void)state;
    static const double want[] = {1.0, 1.03, 1.06, 1.09, 1.12, 1.12, 1.12};
    static const char *const files[] = {"chongqing-2023.yaml", "pengshui-2023.yaml"};
    for (int f = 0; f < 2; f++) {
        fs_scenario *sc = load(files[f]);
        int c = chronic_index(sc, "门诊特殊疾病"), l = chronic_index(sc, "两病");
        for (int i = 0; i < 7; i++) {
            fsi_year Y = plan_of(sc, 2023 + i);
            assert_close(Y.ch_prev[c], want[i], 0, 0);
            assert_close(Y.ch_prev[l], 1.0, 0, 0);
        }
        assert_true(has_ref(&sc->chronic[c].prevalence_scale, "扩大病种范围"));
        fs_scenario_free(sc);
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qinhuangdao_tilt_ends),
        cmocka_unit_test(test_chongqing_widening),
    };
    return cmocka_run_group_tests(tests, bed_dir_make, bed_dir_remove);
}
