/* tests/unit/test_seeds.c -- issue #4 "Done when": the five real scenario
 * files against their notices (shared/seeds/, docs/seeds.md).
 *
 *  1. Each scenarios/NAME.yaml loads without errors or warnings, and the bound
 *     values of the money-moving clauses are the notice's (clause cited).
 *  2. Hand-worked persons: the engine's pure rules (fsi_subsidy,
 *     fsi_ci_benefit, fsi_assist_benefit) fed with the engine's own plan of
 *     the year (fsi_plan_year: the file's values as the engine wires them),
 *     and the same persons pushed through fs_run on a deterministic one-cell
 *     bed: the real file with overrides (fs_scenario_load_with) that leave
 *     no randomness (constant costs, everybody enrolled), so the engine's
 *     wiring of group modifiers (deductible factor, +points, no cap, tier-2
 *     subsidy, chronic exclusion) is pinned too, not only the pure functions.
 *  3. (test_seeds_run.c) Each scenario runs 10 years: the identities hold
 *     and every metric is finite.
 *
 * Money is compared to 1e-12 relative: every expected value below is worked
 * by hand from the notice, in the comment beside it. */
#include "seeds_fixtures.h"

/* ---------------------------------------------------------------- */
/* 000 文水县 文医保发[2022]10号 -> wenshui-2023.yaml */

static void test_wenshui_clauses(void **state)
{
    (void)state;
    fs_scenario *sc = load("wenshui-2023.yaml");
    assert_string_equal(sc->name, "wenshui-2023");
    assert_int_equal(sc->start_year, 2023);
    assert_int_equal(sc->years, 10);
    assert_int_equal(sc->replications, 1000);

    /* 一(一) "2023年度…个人缴费标准为350元/人" */
    assert_int_equal(sc->ntiers, 1);
    assert_close(at(&sc->tier[0].contribution, 2023), 350, 0, 0);
    assert_true(has_ref(&sc->tier[0].contribution, "文医保发[2022]10号 一(一)"));

    /* 一(一) 特困 全额; 低保 280; 返贫致贫 315; 易返贫致贫 280 -- all from 医疗救助资金. */
    static const char *const ids[4] = {"tekun", "dibao", "fanpin", "jiance"};
    static const fs_subsidy_kind kinds[4] = {FS_SUBSIDY_FULL, FS_SUBSIDY_FIXED, FS_SUBSIDY_FIXED,
                                             FS_SUBSIDY_FIXED};
    static const double amount[4] = {0, 280, 315, 280};
    assert_int_equal(sc->ngroups, 4);
    for (int i = 0; i < 4; i++) {
        fs_group *g = group(sc, ids[i]);
        assert_int_equal(g->subsidy.kind, kinds[i]);
        assert_string_equal(g->subsidy.payer, "assistance");
        if (kinds[i] == FS_SUBSIDY_FIXED) {
            assert_close(at(&g->subsidy.amount, 2023), amount[i], 0, 0);
            assert_true(has_ref(&g->subsidy.amount, "一(一)"));
        }
        assert_false(fsi_param_set(&g->subsidy.upper_tier_percent));
    }

    /* 一(二) 征缴目标 95%以上 */
    assert_close(at(&sc->enroll_base_rate, 2023), 0.95, 0, 0);

    /* 一(三) 财政部门要将配套资金纳入年度财政预算 (no amount): the national
     * standards by budget year, 610 (2022), 640 (2023); benefit year 2023 is
     * funded by budget year 2023 (fiscal_alignment: same_year). */
    assert_close(at(&sc->fiscal_subsidy, 2022), 610, 0, 0);
    assert_close(at(&sc->fiscal_subsidy, 2023), 640, 0, 0);
    assert_int_equal(sc->fiscal_alignment, FS_FISCAL_SAME_YEAR);

    /* 二 普通门诊统筹年度支付限额 2022年230元，2023年250元; 甲类55%，乙类45% */
    assert_true(sc->outpatient.enabled);
    assert_close(at(&sc->outpatient.cap, 2022), 230, 0, 0);
    assert_close(at(&sc->outpatient.cap, 2023), 250, 0, 0);
    assert_close(at(&sc->outpatient.cap, 2030), 250, 0, 0); /* holds after 2023 */
    assert_int_equal(sc->outpatient.nclasses, 2);
    assert_string_equal(sc->outpatient.class_name[0], "甲类");
    assert_string_equal(sc->outpatient.class_name[1], "乙类");
    assert_close(at(&sc->outpatient.class_ratio[0], 2023), 0.55, 0, 0);
    assert_close(at(&sc->outpatient.class_ratio[1], 2023), 0.45, 0, 0);
    assert_close(sc->outpatient.class_share[0] + sc->outpatient.class_share[1], 1.0, 1e-15, 0);

    /* 二 高血压、糖尿病门诊用药保障，取消起付线 */
    int lb = chronic_index(sc, "两病");
    assert_close(at(&sc->chronic[lb].deductible, 2023), 0, 0, 0);
    /* 二 门诊慢特病个人自付纳入大病保险合规费用 */
    assert_true(at(&sc->chronic[chronic_index(sc, "门诊慢特病")].counts_for_ci, sc->start_year) != 0);

    /* 三 监测对象: 超过上年度全省人均可支配收入10%的部分，按70%救助，年度最高6万元 */
    fs_group *jc = group(sc, "jiance");
    assert_true(jc->assist.eligible);
    assert_close(at(&jc->assist.ratio, 2023), 0.7, 0, 0);
    assert_false(fsi_param_set(&jc->assist.threshold));
    assert_close(at(&jc->assist.threshold_income_share, 2023), 0.10, 0, 0);
    assert_close(at(&jc->assist.cap, 2023), 60000, 0, 0);
    assert_true(has_ref(&jc->assist.ratio, "文医保发[2022]10号 三"));
    /* 特困: no threshold ("对低保对象、特困人员原则上取消起付标准", 国办发〔2021〕42号,
     * recalled; docs/assumptions.md §5).  Person WS4, a 特困 patient with
     * 9,590 self-paid after basic and CI 1,492.07: 0.7 x 8,097.93 = 5,668.551. */
    assert_close(assist_threshold(sc, "tekun", 2023), 0, 0, 0);
    assert_close(assist_benefit(sc, "tekun", 9590 - 1492.07, 2023), 5668.551, 1e-12, 0);
    /* 三 "政策范围内个人自付住院医疗费用": inpatient only; the groups that take
     * the rule by assumption keep inpatient + chronic (二 "统筹门诊和住院救助资金使用") */
    assert_int_equal(jc->assist.lines, FS_LINE_INPATIENT);
    assert_int_equal(group(sc, "tekun")->assist.lines, FS_LINES_DEFAULT);
    assert_int_equal(group(sc, "dibao")->assist.lines, FS_LINES_DEFAULT);
    assert_int_equal(group(sc, "fanpin")->assist.lines, FS_LINES_DEFAULT);
    assert_close(at(&sc->disposable_income, 2023), 29178, 0, 0); /* Shanxi 2022 (A) */
    fs_scenario_free(sc);
}

/* Wenshui persons: contributions, outpatient item classes, assistance. */
static void test_wenshui_persons(void **state)
{
    (void)state;
    fs_scenario *sc = load("wenshui-2023.yaml");
    /* What each enrollee pays in 2023 (350 standard): 特困 0, 低保 350-280 = 70,
     * 返贫致贫 350-315 = 35, 易返贫致贫 70, ordinary 350. */
    assert_close(350 - subsidy(sc, "tekun", 0, 2023), 0, 0, 0);
    assert_close(350 - subsidy(sc, "dibao", 0, 2023), 70, 0, 0);
    assert_close(350 - subsidy(sc, "fanpin", 0, 2023), 35, 0, 0);
    assert_close(350 - subsidy(sc, "jiance", 0, 2023), 70, 0, 0);
    assert_close(subsidy(sc, NULL, 0, 2023), 0, 0, 0);

    /* Assistance for a 监测对象, 2023: threshold 10% x 29178 = 2917.8.
     * Self-paid 50,000:  0.7 x (50000 - 2917.8)  = 32957.54   (cap not binding)
     * Self-paid 100,000: 0.7 x (100000 - 2917.8) = 67957.54 -> 60000 (cap binds)
     * The cap starts binding at 2917.8 + 60000/0.7 = 88632.0857...
     * Below the threshold nothing is paid. */
    assert_close(assist_threshold(sc, "jiance", 2023), 2917.8, 1e-15, 0);
    assert_close(assist_benefit(sc, "jiance", 50000, 2023), 32957.54, 1e-12, 0);
    assert_close(assist_benefit(sc, "jiance", 100000, 2023), 60000, 0, 0);
    assert_close(assist_benefit(sc, "jiance", 2917.8 + 60000 / 0.7 - 1, 2023), 60000 - 0.7,
                 1e-12, 0);
    assert_close(assist_benefit(sc, "jiance", 2900, 2023), 0, 0, 0);

    /* 三 covers 住院 only.  A 监测对象 with in-scope self-paid S0 after basic
     * insurance and a CI benefit on it (ordinary CI: deductible 0.5 x 29178
     * = 14589, ratio 0.6; 监测对象 have no CI tilt):
     *   S0 = 50000: CI = 0.6 x 35411 = 21246.6
     *     inpatient:    assistance = 0.7 x (28753.4 - 2917.8) = 18084.92
     *     chronic only: the base holds no inpatient cost: 0 (the notice's 0;
     *                   a 特困 member, inpatient + chronic and no threshold,
     *                   gets 0.7 x 28753.4 = 20127.38)
     *     half each (25000 + 25000): CI falls pro rata, inpatient base
     *                   25000 - 21246.6/2 = 14376.7, 0.7 x 11458.9 = 8021.23
     *   S0 = 200000 inpatient: CI = 0.6 x 185411 = 111246.6,
     *                   0.7 x (88753.4 - 2917.8) = 60084.92 -> 60000 */
    const fsi_selfpaid in50 = {50000, 0, 0, 0}, ch50 = {0, 50000, 50000, 0},
                       half = {25000, 25000, 25000, 0}, in200 = {200000, 0, 0, 0};
    assert_close(assist_person(sc, "jiance", in50, 21246.6, 2023), 18084.92, 1e-12, 0);
    assert_close(assist_person(sc, "jiance", ch50, 21246.6, 2023), 0, 0, 0);
    assert_close(assist_person(sc, "tekun", ch50, 21246.6, 2023), 20127.38, 1e-12, 0);
    assert_close(assist_person(sc, "jiance", half, 21246.6, 2023), 8021.23, 1e-12, 0);
    assert_close(assist_person(sc, "jiance", in200, 111246.6, 2023), 60000, 0, 0);
    fs_scenario_free(sc);

    /* The same through the engine: 100 men aged 50, 50 of them 监测对象, all
     * holding one chronic programme of constant cost X, ratio 0.5, counting
     * for critical illness.  The basic fund pays X/2, self-paid S0 = X/2.
     * Ordinary CI for everybody (the CI base still counts chronic cost):
     *   X = 100000: S0 = 50000, CI = 0.6 x 35411 = 21246.6
     *   X = 400000: S0 = 200000, CI = 0.6 x 185411 = 111246.6
     * and no assistance: 三 assists self-paid 住院 cost only (before issue 11
     * the model paid 18084.92 and 60000 here). */
    static const double X[2] = {100000, 400000}, ci[2] = {21246.6, 111246.6}, as[2] = {0, 0};
    for (int i = 0; i < 2; i++) {
        sc = load("wenshui-2023.yaml");
        bed b;
        bed_init(&b, sc, 0, 50, 100, 0);
        bed_chronic(&b, X[i], 0.5, 1);
        bed_set(&b, "groups[%d].share=0.5", group_index(sc, "jiance"));
        fs_scenario_free(sc);
        sc = bed_load("wenshui-2023.yaml", &b);
        fs_results *res = run(sc, FS_MODE_EXACT, 0, 0);
        assert_close(AT0(res, ENROLLEES), 100, 0, 0);
        assert_close(AT0(res, SPEND_CHRONIC), 100 * X[i] / 2, 1e-12, 0);
        assert_close(AT0(res, CI_BENEFITS), 100 * ci[i], 1e-12, 0);
        assert_close(AT0(res, ASSIST_BENEFITS), 50 * as[i], 1e-12, 0);
        /* 50 监测对象 x 280 from the assistance fund. */
        assert_close(AT0(res, ASSIST_CONTRIB_SUBSIDY), 50 * 280, 1e-12, 0);
        assert_close(AT0(res, ASSIST_TOTAL), 50 * 280 + 50 * as[i], 1e-12, 0);
        assert_close(AT0(res, INCOME_INDIVIDUAL), 100 * 350, 1e-12, 0);
        assert_close(AT0(res, INCOME_INDIVIDUAL_RESIDENT), 100 * 350 - 50 * 280, 1e-12, 0);
        fs_results_free(res);
        fs_scenario_free(sc);
    }

    /* General outpatient, 2023: item classes 60% 甲类 at 55% and 40% 乙类 at
     * 45% = 51% of the covered cost, cap 250, no deductible.
     *   cost 200 -> 0.51 x 200 = 102;  cost 600 -> 306 -> 250. */
    static const double cost[2] = {200, 600}, paid[2] = {102, 250};
    for (int i = 0; i < 2; i++) {
        char c[80];
        snprintf(c, sizeof c, "benefits.outpatient.cost={mean: %g, cv: 1e-15}", cost[i]);
        const char *extra = c;
        sc = bed_of("wenshui-2023.yaml", 1, 30, 100, BED_OUTPATIENT, &extra, 1);
        fs_results *res = run(sc, FS_MODE_EXACT, 0, 0);
        assert_close(AT0(res, SPEND_OUTPATIENT), 100 * paid[i], 1e-12, 0);
        fs_results_free(res);
        fs_scenario_free(sc);
    }
}

/* ---------------------------------------------------------------- */
/* 001 重庆市 渝医保发〔2022〕25号 -> chongqing-2023.yaml */

static void test_chongqing_clauses(void **state)
{
    (void)state;
    fs_scenario *sc = load("chongqing-2023.yaml");
    assert_string_equal(sc->name, "chongqing-2023");
    assert_int_equal(sc->start_year, 2023);

    /* 一 "2022年居民医保人均财政补助标准新增30元，达到610元/人·年": dated by the
     * budget year; benefit year 2023 is funded by budget year 2023's
     * national 640 (fiscal_alignment: same_year, docs/assumptions.md §4). */
    assert_close(at(&sc->fiscal_subsidy, 2022), 610, 0, 0);
    assert_close(at(&sc->fiscal_subsidy, 2023), 640, 0, 0);
    assert_int_equal(sc->fiscal_alignment, FS_FISCAL_SAME_YEAR);
    assert_true(has_ref(&sc->fiscal_subsidy, "渝医保发〔2022〕25号 一"));
    /* 一 "2023年度居民医保个人缴费标准为一档350元/人·年、二档725元/人·年" */
    assert_int_equal(sc->ntiers, 2);
    assert_close(at(&sc->tier[0].contribution, 2023), 350, 0, 0);
    assert_close(at(&sc->tier[1].contribution, 2023), 725, 0, 0);
    /* 一 在渝高校大学生 "一档320元/人·年、二档695元/人·年" */
    fs_group *st = group(sc, "student");
    assert_int_equal(st->age_min, 18);
    assert_int_equal(st->age_max, 22);
    assert_close(at(&st->contribution[0], 2023), 320, 0, 0);
    assert_close(at(&st->contribution[1], 2023), 695, 0, 0);
    assert_int_equal(st->subsidy.kind, FS_SUBSIDY_NONE);
    /* 二 "大病保险起付线调整为16901元/人·年" from 2023 */
    assert_true(sc->ci.enabled);
    assert_close(at(&sc->ci.deductible, 2023), 16901, 0, 0);
    assert_int_equal(sc->ci.nbands, 1);
    assert_close(at(&sc->ci.band[0].ratio, sc->start_year), 0.6, 0, 0);
    /* 二 "2023年度居民医保支付限额一档参保人300元，二档参保人500元" */
    assert_close(at(&sc->tier[0].outpatient_cap, 2023), 300, 0, 0);
    assert_close(at(&sc->tier[1].outpatient_cap, 2023), 500, 0, 0);
    /* 二 大病保险对特困、低保、返贫致贫倾斜 (amounts as 彭水 三(二)2) */
    static const char *const tilt[3] = {"tekun", "dibao", "fanpin"};
    for (int i = 0; i < 3; i++) {
        fs_group *g = group(sc, tilt[i]);
        assert_close(at(&g->ci.deductible_factor, sc->start_year), 0.5, 0, 0);
        assert_close(at(&g->ci.ratio_add, sc->start_year), 0.05, 0, 0);
        assert_true(at(&g->ci.no_cap, sc->start_year) != 0);
        assert_close(at(&g->assist.ratio, 2023), 0.7, 0, 0);
    }
    assert_close(at(&group(sc, "dishouru")->ci.deductible_factor, sc->start_year), 1.0, 0, 0);
    assert_close(at(&group(sc, "dishouru")->assist.ratio, 2023), 0.6, 0, 0);
    /* Neither notice gives tier 2 other inpatient ratios than tier 1 (an
     * earlier version added 5 points without a source). */
    assert_close(at(&sc->tier[0].inpatient_ratio_add, 2023), 0, 0, 0);
    assert_close(at(&sc->tier[1].inpatient_ratio_add, 2023), 0, 0, 0);
    fs_scenario_free(sc);
}

/* ---------------------------------------------------------------- */
/* 003 彭水县 2023 -> pengshui-2023.yaml (extends chongqing-2023.yaml) */

static void test_pengshui_clauses(void **state)
{
    (void)state;
    fs_scenario *sc = load("pengshui-2023.yaml");
    assert_string_equal(sc->name, "pengshui-2023");
    /* extends chongqing-2023.yaml: itself first, then the base. */
    assert_true(fs_scenario_file_count(sc) >= 2);
    assert_non_null(strstr(fs_scenario_file(sc, 0), "pengshui-2023.yaml"));
    assert_non_null(strstr(fs_scenario_file(sc, 1), "chongqing-2023.yaml"));
    /* The county applies the municipal scheme and is read as a ledger of Chongqing's
     * municipal pool: no reserve of its own (docs/seeds.md, 彭水). */
    assert_int_equal(sc->pooling, 1);
    assert_close(at(&sc->initial_balance, 2023), 0, 0, 0);
    assert_int_equal(sc->rule, FS_RULE_FIXED);
    /* Inherited municipal values restated by the county notice. */
    assert_int_equal(sc->start_year, 2023);
    assert_close(at(&sc->tier[0].contribution, 2023), 350, 0, 0);
    assert_close(at(&sc->tier[1].contribution, 2023), 725, 0, 0);
    assert_close(at(&sc->fiscal_subsidy, 2022), 610, 0, 0); /* budget year 2022 */
    assert_close(at(&sc->fiscal_subsidy, 2023), 640, 0, 0);
    assert_int_equal(sc->fiscal_alignment, FS_FISCAL_SAME_YEAR);
    assert_close(at(&sc->tier[0].outpatient_cap, 2023), 300, 0, 0); /* 三(二)1 */
    assert_close(at(&sc->tier[1].outpatient_cap, 2023), 500, 0, 0);
    assert_close(at(&sc->ci.deductible, 2023), 16901, 0, 0); /* 三(二)2 */
    assert_close(at(&sc->ci.band[0].ratio, sc->start_year), 0.6, 0, 0);             /* 三(二)2 "稳定在60%左右" */

    /* 三(一)1 the 7 low-income groups: percent of the tier-1 standard,
     * tier-2 enrollees 100% of tier 1, paid by 医疗救助; 三(一)2 no waiting
     * period; 二 八类人群应保尽保 (rate 1).  三(二)2 CI tilt for 特困/低保/返贫致贫;
     * 三(二)3 assistance >= 70% for them, >= 60% for other low-income. */
    static const struct {
        const char *id;
        double pct, assist;
        int tilt;
    } G[7] = {{"tekun", 1.0, 0.7, 1},           {"dibao", 0.9, 0.7, 1},
              {"fanpin", 0.7, 0.7, 1},          {"dibao_bianyuan", 0.7, 0.6, 0},
              {"tuopin_buwending", 0.7, 0.6, 0}, {"bianyuan_yizhipin", 0.7, 0.6, 0},
              {"tufa_kunnan", 0.7, 0.6, 0}};
    assert_int_equal(sc->ngroups, 8);
    for (int i = 0; i < 7; i++) {
        fs_group *g = group(sc, G[i].id);
        assert_int_equal(g->subsidy.kind, FS_SUBSIDY_PERCENT);
        assert_int_equal(g->subsidy.base, FS_SUBSIDY_BASE_TIER1);
        assert_close(at(&g->subsidy.percent, 2023), G[i].pct, 0, 0);
        assert_close(at(&g->subsidy.upper_tier_percent, 2023), 1.0, 0, 0);
        assert_true(has_ref(&g->subsidy.percent, "三(一)1"));
        assert_string_equal(g->subsidy.payer, "assistance");
        assert_true(g->waiting_exempt != 0.0);
        assert_close(at(&g->enrollment_rate, 2023), 1.0, 0, 0);
        assert_true(g->assist.eligible);
        assert_close(at(&g->assist.ratio, 2023), G[i].assist, 0, 0);
        assert_true(has_ref(&g->assist.ratio, "三(二)3"));
        assert_close(at(&g->ci.deductible_factor, sc->start_year), G[i].tilt ? 0.5 : 1.0, 0, 0);
        assert_close(at(&g->ci.ratio_add, sc->start_year), G[i].tilt ? 0.05 : 0.0, 0, 0);
        assert_int_equal(at(&g->ci.no_cap, sc->start_year) != 0, G[i].tilt);
    }
    /* 三(一)1 稳定脱贫人口 50元定额, 由统筹衔接资金解决 (payer other). */
    fs_group *wd = group(sc, "wending_tuopin");
    assert_int_equal(wd->subsidy.kind, FS_SUBSIDY_FIXED);
    assert_close(at(&wd->subsidy.amount, 2023), 50, 0, 0);
    assert_string_equal(wd->subsidy.payer, "other");
    assert_false(fsi_param_set(&wd->subsidy.upper_tier_percent));
    assert_true(wd->waiting_exempt != 0.0);
    assert_close(at(&wd->enrollment_rate, 2023), 1.0, 0, 0);
    assert_false(wd->assist.eligible);
    /* Precedence (就高): the groups are listed from the highest identity. */
    assert_int_equal(group_index(sc, "tekun"), 0);
    assert_int_equal(group_index(sc, "dibao"), 1);
    assert_int_equal(group_index(sc, "wending_tuopin"), 7);

    /* 三(二)1 县域住院 二级医院70%，一级医院80%: nominal ratios 0.855 / 0.77
     * calibrated so that the expected share of in-scope cost paid, with the
     * deductible, is ~80% / ~70% at 2023 prices (2021 costs x 1.045^2):
     *   ratio x (1 - LEV(d/s) / mean). */
    assert_string_equal(sc->inpatient.level[0].name, "一级医院");
    assert_string_equal(sc->inpatient.level[1].name, "二级医院");
    static const double target[2] = {0.80, 0.70}, nominal[2] = {0.855, 0.77};
    for (int k = 0; k < 2; k++) {
        const fs_level *L = &sc->inpatient.level[k];
        double mu, sigma, I = 1.045 * 1.045;
        assert_close(at(&L->ratio, 2023), nominal[k], 0, 0);
        fsi_lognormal_params(L->cost.mean * I, L->cost.cv, &mu, &sigma);
        double d = at(&L->deductible, 2023) / at(&L->in_scope, 2023);
        double eff = nominal[k] * (1.0 - fsi_lognormal_lev(mu, sigma, d) / (L->cost.mean * I));
        if (fabs(eff - target[k]) > 0.01)
            fail_msg("level %d: effective in-scope ratio %.4f, notice %.2f", k, eff, target[k]);
    }
    /* 三(三)2 alert line: 2 x monitoring standard (7200 assumed) */
    assert_close(at(&sc->assist.alert_line, 2023), 14400, 0, 0);
    fs_scenario_free(sc);
}

/* Pengshui persons: the subsidy table of 三(一)1 and the CI tilt of 三(二)2. */
static void test_pengshui_persons(void **state)
{
    (void)state;
    fs_scenario *sc = load("pengshui-2023.yaml");
    /* 2023 standards: tier 1 350, tier 2 725.
     *
     * ISSUE #4's example says "a 特困 enrollee in Pengshui tier 2 pays nothing
     * and the assistance budget pays 100% of the tier-1 standard".  The notice
     * says otherwise for the first half (三(一)1): "上述7类人员自愿参加城乡居民医保
     * 二档的，统一按照参加城乡居民医保一档个人缴费标准的100%给予资助。超过资助标准的个人应
     * 缴纳参保费用由参保对象自行负担" -- the subsidy is 100% of tier 1 = 350 and the
     * enrollee pays the rest, 725 - 350 = 375.  We assert the notice. */
    assert_close(subsidy(sc, "tekun", 1, 2023), 350, 0, 0);
    assert_close(725 - subsidy(sc, "tekun", 1, 2023), 375, 0, 0);
    /* Tier 1: 特困 100% of 350 -> pays 0; 低保 90% = 315 -> pays 35;
     * the five others 70% = 245 -> pay 105.  Tier 2: all seven get 350. */
    assert_close(subsidy(sc, "tekun", 0, 2023), 350, 0, 0);
    assert_close(subsidy(sc, "dibao", 0, 2023), 315, 1e-15, 0);
    assert_close(subsidy(sc, "dibao", 1, 2023), 350, 0, 0);
    static const char *const seventy[5] = {"fanpin", "dibao_bianyuan", "tuopin_buwending",
                                           "bianyuan_yizhipin", "tufa_kunnan"};
    for (int i = 0; i < 5; i++) {
        assert_close(subsidy(sc, seventy[i], 0, 2023), 245, 1e-15, 0);
        assert_close(subsidy(sc, seventy[i], 1, 2023), 350, 0, 0);
    }
    /* 稳定脱贫: 50 in either tier -> pays 300 or 675. */
    assert_close(subsidy(sc, "wending_tuopin", 0, 2023), 50, 0, 0);
    assert_close(subsidy(sc, "wending_tuopin", 1, 2023), 50, 0, 0);

    /* Critical illness for a 低保 enrollee, 2023 (三(二)2): deductible
     * 16901 x 0.5 = 8450.5, ratio 60% + 5 = 65%, no cap.  Ordinary resident:
     * 16901, 60%, cap 200000 (chongqing-2023.yaml, an assumption).
     * Self-paid after basic 212,345.6:
     *   低保:     0.65 x (212345.6 - 8450.5)  = 0.65 x 203895.1 = 132531.815
     *   ordinary: 0.60 x (212345.6 - 16901)   = 0.60 x 195444.6 = 117266.76
     * Self-paid 412,345.6 (above the ordinary cap):
     *   低保:     0.65 x 403895.1 = 262531.815 (no cap)
     *   ordinary: 0.60 x 395444.6 = 237266.76 -> 200000 */
    assert_close(ci_deductible(sc, "dibao", 2023), 8450.5, 0, 0);
    assert_close(ci_deductible(sc, NULL, 2023), 16901, 0, 0);
    assert_close(ci_benefit(sc, "dibao", 212345.6, 2023), 132531.815, 1e-12, 0);
    assert_close(ci_benefit(sc, NULL, 212345.6, 2023), 117266.76, 1e-12, 0);
    assert_close(ci_benefit(sc, "dibao", 412345.6, 2023), 262531.815, 1e-12, 0);
    assert_close(ci_benefit(sc, NULL, 412345.6, 2023), 200000, 0, 0);
    /* Between the two deductibles only the 低保 enrollee is paid. */
    assert_close(ci_benefit(sc, "dibao", 10000, 2023), 0.65 * 1549.5, 1e-12, 0);
    assert_close(ci_benefit(sc, NULL, 10000, 2023), 0, 0, 0);
    /* Then assistance (三(二)3: 70%; threshold 10% x 35666 = 3566.6 and cap
     * 60000 are assumptions) on 212345.6 - 132531.815 = 79813.785:
     *   0.7 x (79813.785 - 3566.6) = 53373.0295 */
    assert_close(assist_benefit(sc, "dibao", 212345.6 - 132531.815, 2023), 53373.0295, 1e-12, 0);
    int tk = group_index(sc, "tekun"), wd = group_index(sc, "wending_tuopin");
    fs_scenario_free(sc);

    /* Through the engine.  (a) 100 特困 aged 40, all in tier 2: the fund
     * receives 725 each, the assistance fund pays 350, each enrollee 375. */
    char s1[64], s2[64], s3[64], s4[64];
    snprintf(s1, sizeof s1, "groups[%d].share=1", tk);
    snprintf(s2, sizeof s2, "groups[%d].tier_shares=[0, 1]", tk);
    const char *tier2[] = {s1, s2};
    sc = bed_of("pengshui-2023.yaml", 0, 40, 100, 0, tier2, 2);
    fs_results *res = run(sc, FS_MODE_EXACT, 0, 0);
    assert_close(AT0(res, ENROLLEES), 100, 0, 0);
    assert_close(AT0(res, INCOME_INDIVIDUAL), 100 * 725, 1e-15, 0);
    assert_close(AT0(res, ASSIST_CONTRIB_SUBSIDY), 100 * 350, 1e-15, 0);
    assert_close(AT0(res, INCOME_INDIVIDUAL_RESIDENT), 100 * 375, 1e-15, 0);
    assert_close(AT0(res, OTHER_CONTRIB_SUBSIDY), 0, 0, 0);
    assert_close(AT0(res, INCOME_FISCAL), 100 * 640, 1e-15, 0); /* budget year 2023 */
    fs_results_free(res);
    fs_scenario_free(sc);
    /* (b) the same persons in tier 1 pay nothing. */
    snprintf(s2, sizeof s2, "groups[%d].tier_shares=[1, 0]", tk);
    sc = bed_of("pengshui-2023.yaml", 0, 40, 100, 0, tier2, 2);
    res = run(sc, FS_MODE_EXACT, 0, 0);
    assert_close(AT0(res, INCOME_INDIVIDUAL), 100 * 350, 1e-15, 0);
    assert_close(AT0(res, ASSIST_CONTRIB_SUBSIDY), 100 * 350, 1e-15, 0);
    assert_close(AT0(res, INCOME_INDIVIDUAL_RESIDENT), 0, 0, 1e-9);
    fs_results_free(res);
    fs_scenario_free(sc);
    /* (c) 稳定脱贫 in tier 1: 50 from another budget (统筹衔接资金). */
    snprintf(s3, sizeof s3, "groups[%d].share=1", wd);
    snprintf(s4, sizeof s4, "groups[%d].tier_shares=[1, 0]", wd);
    const char *stable[] = {s3, s4};
    sc = bed_of("pengshui-2023.yaml", 0, 40, 100, 0, stable, 2);
    res = run(sc, FS_MODE_EXACT, 0, 0);
    assert_close(AT0(res, OTHER_CONTRIB_SUBSIDY), 100 * 50, 1e-15, 0);
    assert_close(AT0(res, ASSIST_CONTRIB_SUBSIDY), 0, 0, 0);
    assert_close(AT0(res, INCOME_INDIVIDUAL_RESIDENT), 100 * 300, 1e-15, 0);
    fs_results_free(res);
    fs_scenario_free(sc);

    /* (d) CI and assistance: 100 men aged 40, 50 低保 and 50 ordinary, all
     * holding one programme of constant cost 2 x S0 at ratio 0.5 (self-paid
     * S0), counting for critical illness; values as worked above. */
    static const double S0[2] = {212345.6, 412345.6}, ci_db[2] = {132531.815, 262531.815},
                        ci_or[2] = {117266.76, 200000};
    for (int i = 0; i < 2; i++) {
        sc = load("pengshui-2023.yaml");
        bed b;
        bed_init(&b, sc, 0, 40, 100, 0);
        bed_chronic(&b, 2 * S0[i], 0.5, 1);
        bed_set(&b, "groups[%d].share=0.5", group_index(sc, "dibao"));
        fs_scenario_free(sc);
        sc = bed_load("pengshui-2023.yaml", &b);
        res = run(sc, FS_MODE_EXACT, 0, 0);
        assert_close(AT0(res, SPEND_CHRONIC), 100 * S0[i], 1e-12, 0);
        assert_close(AT0(res, CI_BENEFITS), 50 * ci_db[i] + 50 * ci_or[i], 1e-12, 0);
        double as = assist_benefit(sc, "dibao", S0[i] - ci_db[i], 2023);
        if (i == 0)
            assert_close(as, 53373.0295, 1e-12, 0);
        else
            assert_close(as, 60000, 0, 0); /* 0.7 x (149813.785 - 3566.6) > 60000 */
        assert_close(AT0(res, ASSIST_BENEFITS), 50 * as, 1e-12, 0);
        /* Everybody stays above the alert line 14400 after the three layers. */
        assert_close(AT0(res, PERSONS_AT_RISK), 100, 0, 0);
        fs_results_free(res);
        fs_scenario_free(sc);
    }
}

/* ---------------------------------------------------------------- */
/* 002 安徽省 2023 -> anhui-2024.yaml */

static void test_anhui(void **state)
{
    (void)state;
    fs_scenario *sc = load("anhui-2024.yaml");
    assert_string_equal(sc->name, "anhui-2024");
    /* 一.2 "在2023年底前完成2024年度居民医保缴费，保障周期为2024年1月1日至12月31日" */
    assert_int_equal(sc->start_year, 2024);
    double v;
    assert_int_equal(fsi_param_at(&sc->tier[0].contribution, 2023, &v), FS_EUSAGE);
    /* 一.1 "2023年…筹资标准为1020元…财政补助…不低于640元，个人缴费…380元": 640 is
     * the budget-year-2023 standard, 380 the benefit-year-2024 one collected
     * by the end of 2023; benefit year 2024 is funded by budget year 2024's
     * national 670 (fiscal_alignment: same_year, docs/assumptions.md §4). */
    assert_int_equal(sc->ntiers, 1);
    assert_close(at(&sc->tier[0].contribution, 2024), 380, 0, 0);
    assert_close(at(&sc->fiscal_subsidy, 2023), 640, 0, 0);
    assert_close(at(&sc->tier[0].contribution, 2024) + at(&sc->fiscal_subsidy, 2023), 1020, 0, 0);
    assert_close(at(&sc->fiscal_subsidy, 2024), 670, 0, 0);
    assert_int_equal(sc->fiscal_alignment, FS_FISCAL_SAME_YEAR);
    /* 一.3 特困 全额; 低保 80-90%; 返贫致贫 70-80%; 监测对象 50% (midpoints) */
    static const struct {
        const char *id;
        double lo, hi, pct;
    } G[3] = {{"dibao", 0.80, 0.90, 0.85}, {"fanpin", 0.70, 0.80, 0.75}, {"jiance", 0.5, 0.5, 0.5}};
    fs_group *tk = group(sc, "tekun");
    assert_int_equal(tk->subsidy.kind, FS_SUBSIDY_FULL);
    assert_string_equal(tk->subsidy.payer, "assistance");
    assert_close(subsidy(sc, "tekun", 0, 2024), 380, 0, 0); /* pays 0 */
    for (int i = 0; i < 3; i++) {
        fs_group *g = group(sc, G[i].id);
        double p = at(&g->subsidy.percent, 2024);
        assert_int_equal(g->subsidy.kind, FS_SUBSIDY_PERCENT);
        assert_int_equal(g->subsidy.base, FS_SUBSIDY_BASE_TIER1);
        assert_string_equal(g->subsidy.payer, "assistance");
        assert_close(p, G[i].pct, 0, 0);
        assert_true(p >= G[i].lo && p <= G[i].hi);
    }
    /* Persons, 2024: 低保 0.85 x 380 = 323 (pays 57); 返贫致贫 0.75 x 380 = 285
     * (pays 95); 监测对象 190 (pays 190). */
    assert_close(subsidy(sc, "dibao", 0, 2024), 323, 1e-15, 0);
    assert_close(subsidy(sc, "fanpin", 0, 2024), 285, 1e-15, 0);
    assert_close(subsidy(sc, "jiance", 0, 2024), 190, 1e-15, 0);
    /* 一.2 ">3个月接续的，设置3个月待遇享受等待期" */
    assert_close(at(&sc->waiting_months, sc->start_year), 3, 0, 0);
    assert_true(at(&sc->late_share, 2024) > 0.0);
    /* 二.8 新生儿出生90天内参保的，自出生之日起享受待遇 */
    assert_true(fsi_param_set(&sc->newborn_rate));
    assert_close(at(&sc->newborn_rate, 2024), 0.9, 0, 0);
    /* 二.5 政策范围内住院 ~70%; 大病保险 national rule (A): half of income. */
    assert_close(at(&sc->ci.deductible_income_share, 2024), 0.5, 0, 0);
    fs_scenario_free(sc);

    /* Through the engine, 2024: 100 women aged 45, 50 低保 and 50 ordinary.
     * The fund receives 380 + 670 = 1050 per enrollee; the assistance fund
     * pays 50 x 323; residents pay 50 x 57 + 50 x 380. */
    sc = load("anhui-2024.yaml");
    bed b;
    bed_init(&b, sc, 1, 45, 100, 0);
    bed_set(&b, "groups[%d].share=0.5", group_index(sc, "dibao"));
    fs_scenario_free(sc);
    sc = bed_load("anhui-2024.yaml", &b);
    fs_results *res = run(sc, FS_MODE_EXACT, 0, 0);
    assert_close(AT0(res, ENROLLEES), 100, 0, 0);
    assert_close(AT0(res, PER_CAPITA_INCOME), 1050, 1e-15, 0);
    assert_close(AT0(res, ASSIST_CONTRIB_SUBSIDY), 50 * 323, 1e-15, 0);
    assert_close(AT0(res, INCOME_INDIVIDUAL_RESIDENT), 50 * 57 + 50 * 380, 1e-15, 0);
    fs_results_free(res);
    fs_scenario_free(sc);
}

/* ---------------------------------------------------------------- */
/* 004 秦皇岛市 秦医保〔2020〕122号 + 冀医保发〔2020〕4号 -> qinhuangdao-2021.yaml */

static void test_qinhuangdao_clauses(void **state)
{
    (void)state;
    fs_scenario *sc = load("qinhuangdao-2021.yaml");
    assert_string_equal(sc->name, "qinhuangdao-2021");
    assert_int_equal(sc->start_year, 2021);
    /* 冀 (一) 财政补助不低于550元 (budget year 2020)，个人缴费280元 (benefit year
     * 2021); benefit year 2021 is funded by budget year 2021's national 580. */
    assert_close(at(&sc->tier[0].contribution, 2021), 280, 0, 0);
    assert_close(at(&sc->fiscal_subsidy, 2020), 550, 0, 0);
    assert_close(at(&sc->fiscal_subsidy, 2021), 580, 0, 0);
    assert_int_equal(sc->fiscal_alignment, FS_FISCAL_SAME_YEAR);
    /* 秦 二(一) 起付标准50元，报销比例50%，年度最高支付限额65元 */
    assert_close(at(&sc->outpatient.deductible, 2021), 50, 0, 0);
    assert_int_equal(sc->outpatient.nclasses, 0);
    assert_close(at(&sc->outpatient.ratio, 2021), 0.5, 0, 0);
    assert_close(at(&sc->outpatient.cap, 2021), 65, 0, 0);
    assert_false(fsi_param_set(&sc->tier[0].outpatient_cap));
    /* 冀 (三) 门诊统筹资金不超过基金总额的8%，单独核算 */
    assert_close(at(&sc->outpatient.account_share_cap, 2021), 0.08, 0, 0);
    /* 秦 二(一), 冀 (三) 单独核算、单独管理: a separate account, credited the 8% ceiling (A),
     * empty when outpatient pooling starts (2021-01-01), cutting benefits when short (A). */
    assert_true(sc->outpatient.account.enabled);
    assert_close(at(&sc->outpatient.account.income_share, 2021), 0.08, 0, 0);
    assert_close(at(&sc->outpatient.account.income_share, 2030), 0.08, 0, 0);
    assert_false(fsi_param_set(&sc->outpatient.account.per_enrollee));
    assert_close(sc->outpatient.account.initial_balance, 0, 0, 0);
    assert_int_equal(sc->outpatient.account.when_short, 0);
    /* 秦 二(一) 已取得门诊慢性病资格的参保城乡居民，不再享受门诊统筹待遇 */
    assert_true(at(&sc->chronic[chronic_index(sc, "门诊慢性病")].excludes_outpatient, 2021) != 0);
    assert_false(at(&sc->chronic[chronic_index(sc, "两病")].excludes_outpatient, 2021) != 0);
    /* 冀 (五) 大病保险起付线 = 居民人均可支配收入的一半, 60% */
    assert_false(fsi_param_set(&sc->ci.deductible));
    assert_close(at(&sc->ci.deductible_income_share, 2021), 0.5, 0, 0);
    assert_close(at(&sc->ci.band[0].ratio, sc->start_year), 0.6, 0, 0);
    assert_close(ci_deductible(sc, NULL, 2021), 13568, 0, 0); /* 0.5 x 27136 (A) */

    /* 秦 一 全额: 建档立卡、特困、低保、重度残疾人; 低收入家庭60岁以上老年人 60% */
    static const char *const full[4] = {"tekun", "dibao", "jiandang", "zhongcan"};
    for (int i = 0; i < 4; i++) {
        fs_group *g = group(sc, full[i]);
        assert_int_equal(g->subsidy.kind, FS_SUBSIDY_FULL);
        assert_string_equal(g->subsidy.payer, "assistance");
        assert_close(subsidy(sc, full[i], 0, 2021), 280, 0, 0);
    }
    fs_group *old = group(sc, "dishouru_laoren");
    assert_int_equal(old->subsidy.kind, FS_SUBSIDY_PERCENT);
    assert_close(at(&old->subsidy.percent, 2021), 0.6, 0, 0);
    assert_int_equal(old->age_min, 60);
    assert_int_equal(old->age_max, 100);
    assert_close(subsidy(sc, "dishouru_laoren", 0, 2021), 168, 1e-15, 0); /* pays 112 */

    /* 冀 (五) "继续保持贫困人口倾斜政策": the tilt in force (医保发〔2019〕30号,
     * recalled): deductible -50%, +5 points, no cap; "脱贫攻坚期内", kept
     * through the 过渡期 ((十) "过渡期内，保持政策相对稳定") to 2025 and
     * ended in 2026 (ASSUMPTION). */
    fs_group *jd = group(sc, "jiandang");
    assert_close(at(&jd->ci.deductible_factor, sc->start_year), 0.5, 0, 0);
    assert_close(at(&jd->ci.ratio_add, sc->start_year), 0.05, 0, 0);
    assert_true(at(&jd->ci.no_cap, sc->start_year) != 0);
    assert_true(at(&jd->ci.no_cap, 2025) != 0);
    assert_true(at(&jd->ci.no_cap, 2026) == 0);
    assert_close(at(&jd->ci.deductible_factor, 2025), 0.5, 0, 0);
    assert_close(at(&jd->ci.ratio_add, 2025), 0.05, 0, 0);
    assert_close(at(&jd->ci.deductible_factor, 2026), 1.0, 0, 0);
    assert_close(at(&jd->ci.ratio_add, 2026), 0.0, 0, 0);
    assert_true(has_ref(&jd->ci.deductible_factor, "(十) 过渡期"));
    /* Person QH1 and neighbours, 2021 (deductible 0.5 x 13568 = 6784):
     * Self-paid 500,000: 建档立卡 0.65 x (500000 - 6784) = 320590.4;
     * ordinary 0.6 x (500000 - 13568) = 291859.2 (< cap 300000).
     * Self-paid 600,000: 建档立卡 0.65 x 593216 = 385590.4; ordinary
     * 0.6 x 586432 = 351859.2 -> 300000. */
    assert_close(ci_deductible(sc, "jiandang", 2021), 6784, 0, 0);
    assert_close(ci_benefit(sc, "jiandang", 500000, 2021), 320590.4, 1e-12, 0);
    assert_close(ci_benefit(sc, NULL, 500000, 2021), 291859.2, 1e-12, 0);
    assert_close(ci_benefit(sc, "jiandang", 600000, 2021), 385590.4, 1e-12, 0);
    assert_close(ci_benefit(sc, NULL, 600000, 2021), 300000, 0, 0);
    /* After the 过渡期 the ordinary deductible, ratio and cap apply. */
    assert_close(ci_deductible(sc, "jiandang", 2026), ci_deductible(sc, NULL, 2026), 0, 0);
    assert_close(ci_benefit(sc, "jiandang", 400000, 2026), ci_benefit(sc, NULL, 400000, 2026),
                 0, 0);
    assert_close(ci_benefit(sc, "jiandang", 900000, 2026), 300000, 0, 0);
    /* Other full-subsidy groups get no CI tilt from the notices. */
    assert_close(at(&group(sc, "tekun")->ci.ratio_add, sc->start_year), 0, 0, 0);
    assert_false(at(&group(sc, "dibao")->ci.no_cap, sc->start_year) != 0);
    fs_scenario_free(sc);
}

/* Qinhuangdao general outpatient on hand-worked persons, through fs_run:
 * benefit = min(65, 0.5 x (cost - 50)).  cost 180 -> min(65, 65) = 65;
 * cost 120 -> 35; cost 40 -> 0; holders of 门诊慢性病 -> 0. */
static void test_qinhuangdao_outpatient(void **state)
{
    (void)state;
    static const double cost[3] = {180, 120, 40}, paid[3] = {65, 35, 0};
    for (int i = 0; i < 3; i++) {
        char c[80];
        snprintf(c, sizeof c, "benefits.outpatient.cost={mean: %g, cv: 1e-15}", cost[i]);
        const char *extra = c;
        fs_scenario *sc = bed_of("qinhuangdao-2021.yaml", 0, 40, 100, BED_OUTPATIENT, &extra, 1);
        fs_results *res = run(sc, FS_MODE_EXACT, 0, 0);
        assert_close(AT0(res, SPEND_OUTPATIENT), 100 * paid[i], 1e-12, 0);
        /* The 8% account: income 280 + 580 = 860 per enrollee (no balance,
         * no interest), 8% = 68.8 > 65, the most a person can draw: the 8%
         * ceiling cannot bind in 2021 (nor with the notice's 550: 66.4). */
        assert_close(AT0(res, PER_CAPITA_INCOME), 860, 1e-15, 0);
        assert_close(AT0(res, OUTPATIENT_ACCOUNT_BOUND), 0, 0, 0);
        fs_results_free(res);
        fs_scenario_free(sc);
    }

    /* Everybody holds 门诊慢性病 status (constant cost 1000): no general
     * outpatient benefit; the programme pays 0.65 x 0.9 x 1000 = 585 each
     * (in scope 90%, ratio 65%, no deductible, cap 30000 -- assumptions). */
    fs_scenario *sc = load("qinhuangdao-2021.yaml");
    int mc = chronic_index(sc, "门诊慢性病"), lb = chronic_index(sc, "两病");
    assert_int_equal(sc->nchronic, 2);
    fs_scenario_free(sc);
    char p1[80], p2[80], p3[80];
    snprintf(p1, sizeof p1, "benefits.chronic[%d].prevalence=1", mc);
    snprintf(p2, sizeof p2, "benefits.chronic[%d].cost={mean: 1000, cv: 1e-15}", mc);
    snprintf(p3, sizeof p3, "benefits.chronic[%d].prevalence=0", lb);
    const char *mc_only[] = {"benefits.outpatient.cost={mean: 180, cv: 1e-15}", p1, p2, p3};
    sc = bed_of("qinhuangdao-2021.yaml", 0, 40, 100, BED_OUTPATIENT | BED_CHRONIC, mc_only, 4);
    fs_results *res = run(sc, FS_MODE_EXACT, 0, 0);
    assert_close(AT0(res, SPEND_OUTPATIENT), 0, 0, 0);
    assert_close(AT0(res, SPEND_CHRONIC), 100 * 585, 1e-12, 0);
    fs_results_free(res);
    fs_scenario_free(sc);
    /* 两病 holders keep general outpatient pooling. */
    snprintf(p1, sizeof p1, "benefits.chronic[%d].prevalence=0", mc);
    snprintf(p2, sizeof p2, "benefits.chronic[%d].cost={mean: 200, cv: 1e-15}", lb);
    snprintf(p3, sizeof p3, "benefits.chronic[%d].prevalence=1", lb);
    sc = bed_of("qinhuangdao-2021.yaml", 0, 40, 100, BED_OUTPATIENT | BED_CHRONIC, mc_only, 4);
    res = run(sc, FS_MODE_EXACT, 0, 0);
    assert_close(AT0(res, SPEND_OUTPATIENT), 100 * 65, 1e-12, 0);
    assert_close(AT0(res, SPEND_CHRONIC), 100 * 100, 1e-12, 0); /* 0.5 x 200, cap 300 */
    fs_results_free(res);
    fs_scenario_free(sc);

    /* 建档立卡 through the engine: half 建档立卡, half ordinary, self-paid
     * 600,000 after basic: CI 385590.4 vs 300000 (capped). */
    sc = load("qinhuangdao-2021.yaml");
    bed b;
    bed_init(&b, sc, 0, 40, 100, 0);
    bed_chronic(&b, 1200000, 0.5, 1);
    bed_set(&b, "groups[%d].share=0.5", group_index(sc, "jiandang"));
    fs_scenario_free(sc);
    sc = bed_load("qinhuangdao-2021.yaml", &b);
    res = run(sc, FS_MODE_EXACT, 0, 0);
    assert_close(AT0(res, CI_BENEFITS), 50 * 385590.4 + 50 * 300000, 1e-12, 0);
    fs_results_free(res);
    fs_scenario_free(sc);
}

/* 冀医保发〔2020〕4号 (三) "政策范围内住院费用支付比例达到70%": a floor.  The
 * first year's effective in-scope inpatient ratio (fund inpatient benefits /
 * in-scope inpatient cost) is above 0.70 by more than 4 standard errors of
 * the run's own mean. */
static void test_hebei_inpatient_floor(void **state)
{
    (void)state;
    fs_scenario *sc = load("qinhuangdao-2021.yaml");
    const int reps = 40;
    fs_results *res = run(sc, FS_MODE_SAMPLE, reps, 1);
    double s = 0.0, ss = 0.0;
    for (int r = 0; r < reps; r++) {
        double x = *fs_results_at(res, r, 0, FS_M_EFFECTIVE_RATIO_INPATIENT);
        s += x;
        ss += x * x;
    }
    double mean = s / reps, sd = sqrt((ss - s * mean) / (reps - 1)), se = sd / sqrt(reps);
    if (!(mean - 4.0 * se >= 0.70))
        fail_msg("Qinhuangdao 2021 effective inpatient ratio %.5f (se %.5f): the notice's 70%% "
                 "floor is not met", mean, se);
    fs_results_free(res);
    fs_scenario_free(sc);
}

/* The readings issue 11 corrected, each on a hand-worked person or value
 * of the year's plan (the engine's own resolution of the files). */
static void test_readings_fixed(void **state)
{
    (void)state;
    /* 文水 一(二) "征缴目标…95%以上，为约束性指标" and 彭水 二 "参保完成率达到95%
     * 以上": a floor the price response cannot take the ordinary rate under
     * (it drifted to 93.1% by 2027 before). */
    static const char *const floored[2] = {"wenshui-2023.yaml", "pengshui-2023.yaml"};
    for (int f = 0; f < 2; f++) {
        fs_scenario *sc = load(floored[f]);
        for (int y = 2023; y <= 2032; y++) {
            fsi_year Y = plan_of(sc, y);
            assert_close(Y.floor, 0.95, 0, 0);
            assert_true(Y.rate[FSI_ORDINARY(sc)] >= 0.95);
        }
        assert_close(plan_of(sc, 2027).rate[FSI_ORDINARY(sc)], 0.95, 0, 0); /* binds */
        fs_scenario_free(sc);
    }

    /* 皖 二.8 "新生儿出生90天内参保的，自出生之日起享受待遇": newborns enter in
     * their birth year (the other four notices are silent: the same, A). */
    static const char *const seeds[5] = {"wenshui-2023.yaml", "chongqing-2023.yaml",
                                         "pengshui-2023.yaml", "anhui-2024.yaml",
                                         "qinhuangdao-2021.yaml"};
    for (int f = 0; f < 5; f++) {
        fs_scenario *sc = load(seeds[f]);
        assert_int_equal(sc->newborn_cover, FS_NEWBORN_BIRTH_YEAR);
        fs_scenario_free(sc);
    }

    /* Person PS1 (彭水 2023): 特困, tier 2 (二档), level-2 county hospital, bill
     * 60,000: in scope 0.85 x 60000 = 51000, deductible 500, ratio 0.77 --
     * the county's level ratio, no tier-2 points: 0.77 x 50500 = 38885. */
    fs_scenario *sc = load("pengshui-2023.yaml");
    fsi_year Y = plan_of(sc, 2023);
    int tk = group_index(sc, "tekun");
    double r = Y.lv_ratio[1] + Y.ip_add_t[1] + Y.ip_add_g[tk];
    assert_close(r, 0.77, 1e-15, 0);
    assert_close(fsi_basic_benefit_uncapped(60000 * Y.lv_in[1], Y.lv_ded[1], r), 38885, 1e-12, 0);
    /* 彭水 applies the municipal scheme (市级统筹): a county ledger of the
     * municipal fund, no balance of its own. */
    assert_int_equal(sc->pooling, 1);
    /* 三(一)2 "不设待遇享受等待期" contrasts with ordinary late enrollees, who wait
     * (share A): the exemption now matters. */
    assert_close(Y.late[FSI_ORDINARY(sc)], 0.02, 0, 0);
    assert_close(Y.late[tk], 0, 0, 0);
    fs_scenario_free(sc);
    sc = load("chongqing-2023.yaml");
    assert_int_equal(sc->pooling, 0); /* the municipal fund itself */
    fs_scenario_free(sc);
}

/* Every yuan amount a seed scenario quotes from a notice (a parameter with a
 * ref) holds beyond the notice's year only by assumption, and its ref says so:
 * the notices fix one year's amounts, the scenarios run ten.  (Zero amounts
 * -- "取消起付线" -- do not erode and need no mark.) */
static void test_assumptions_marked(void **state)
{
    (void)state;
    static const char *const files[5] = {"wenshui-2023.yaml", "chongqing-2023.yaml",
                                         "pengshui-2023.yaml", "anhui-2024.yaml",
                                         "qinhuangdao-2021.yaml"};
    int checked = 0;
    for (int f = 0; f < 5; f++) {
        fs_scenario *sc = load(files[f]);
        for (size_t i = 0; i < fs_scenario_param_count(sc); i++) {
            fs_param_view v;
            if (fs_scenario_param_get(sc, i, sc->start_year, &v) != FS_OK || v.is_text)
                continue;
            if (strncmp(v.unit, "元", strlen("元")) != 0 || v.ref[0] == '\0' || v.value == 0.0)
                continue;
            checked++;
            if (!strstr(v.ref, "ASSUMPTION") && !strstr(v.ref, "assumption"))
                fail_msg("%s: %s = %g %s (ref \"%s\", %s) is carried past the notice's year "
                         "without an ASSUMPTION mark in its ref",
                         files[f], v.path, v.value, v.unit, v.ref, v.origin);
        }
        fs_scenario_free(sc);
    }
    assert_true(checked >= 20); /* the contributions, fiscal subsidies, caps ... of five files */
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wenshui_clauses),     cmocka_unit_test(test_wenshui_persons),
        cmocka_unit_test(test_chongqing_clauses),   cmocka_unit_test(test_pengshui_clauses),
        cmocka_unit_test(test_pengshui_persons),    cmocka_unit_test(test_anhui),
        cmocka_unit_test(test_qinhuangdao_clauses), cmocka_unit_test(test_qinhuangdao_outpatient),
        cmocka_unit_test(test_readings_fixed),      cmocka_unit_test(test_assumptions_marked),
        cmocka_unit_test(test_hebei_inpatient_floor),
    };
    return cmocka_run_group_tests(tests, bed_dir_make, bed_dir_remove);
}
