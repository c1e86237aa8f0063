/* tests/unit/test_overrides.c -- overrides of scenario keys
 * (fs_scenario_load_with, KEY.PATH=VALUE): applied after extends: and
 * validated like the file, with diagnostics naming the override; lists by
 * index; absent keys added; the file's tree and its aliases unchanged. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs_test.h"
#include "scenario_int.h"

#define SMALL FS_SOURCE_DIR "/tests/cli/small.yaml"

static double at(const fs_param *p, int year)
{
    double v = 0.0;
    assert_int_equal(fsi_param_at(p, year, &v), FS_OK);
    return v;
}

static fs_scenario *load_sets(const char *path, const char *const *sets, size_t n, int want_rc,
                              fs_diags **dout)
{
    fs_scenario *sc = NULL;
    fs_diags *d = fs_diags_alloc();
    int rc = fs_scenario_load_with(path, sets, n, &sc, d);
    if (rc != want_rc) {
        char buf[1400];
        for (size_t i = 0; i < fs_diags_count(d); i++)
            fprintf(stderr, "%s\n", fs_diag_format(fs_diags_get(d, i), buf, sizeof buf));
        fail_msg("load rc %d, want %d", rc, want_rc);
    }
    if (dout)
        *dout = d;
    else
        fs_diags_free(d);
    return sc;
}

/* The first diagnostic, formatted. */
static void first_diag(const fs_diags *d, char *buf, size_t n)
{
    assert_true(fs_diags_count(d) >= 1);
    fs_diag_format(fs_diags_get(d, 0), buf, n);
}

static void test_values(void **state)
{
    (void)state;
    static const char *const sets[] = {
        "financing.fiscal_subsidy=700",
        "tiers[0].contribution={2023: 380, growth: 30/year, ref: 新通知}",
        "enrollment.late_share=0.1",              /* absent in the file: added */
        "benefits.inpatient.levels[1].ratio=0.8", /* a list entry by index */
        "benefits.outpatient=~",                  /* a null mapping: switched off */
        "scenario.name=small-plus",
    };
    fs_scenario *sc = load_sets(SMALL, sets, 6, FS_OK, NULL);
    assert_close(at(&sc->fiscal_subsidy, 2024), 700, 0, 0);
    assert_close(at(&sc->tier[0].contribution, 2025), 440, 0, 0);
    assert_string_equal(sc->tier[0].contribution.ref, "新通知");
    assert_close(at(&sc->late_share, 2023), 0.1, 0, 0);
    assert_close(at(&sc->inpatient.level[1].ratio, 2023), 0.8, 0, 0);
    assert_close(at(&sc->inpatient.level[0].ratio, 2023), 0.85, 0, 0); /* untouched */
    assert_int_equal(sc->outpatient.enabled, 0);
    assert_string_equal(fs_scenario_name(sc), "small-plus");
    /* `show` says where a value came from: the override. */
    fs_param_view v;
    int found = 0;
    for (size_t i = 0; i < fs_scenario_param_count(sc); i++) {
        assert_int_equal(fs_scenario_param_get(sc, i, 2023, &v), FS_OK);
        if (strcmp(v.path, "financing.fiscal_subsidy") == 0) {
            assert_string_equal(v.origin, "--set financing.fiscal_subsidy:1:26");
            found = 1;
        }
    }
    assert_true(found);
    fs_scenario_free(sc);
}

/* += and *= shift or scale every year's value; *= scales an additive
 * growth too.  The file: contribution {2023: 350, growth: 30/year},
 * fiscal_subsidy {2023: 610, growth: 30/year}, outpatient cap 250. */
static void test_shift_and_scale(void **state)
{
    (void)state;
    static const char *const sets[] = {"tiers[0].contribution+=30",
                                       "financing.fiscal_subsidy*=1.1",
                                       "benefits.outpatient.cap*=2"};
    fs_scenario *sc = load_sets(SMALL, sets, 3, FS_OK, NULL);
    assert_close(at(&sc->tier[0].contribution, 2023), 380, 0, 0);  /* 350 + 30 */
    assert_close(at(&sc->tier[0].contribution, 2025), 440, 0, 0);  /* growth kept: 30/year */
    assert_close(at(&sc->fiscal_subsidy, 2023), 671, 1e-15, 0);    /* 610 x 1.1 */
    assert_close(at(&sc->fiscal_subsidy, 2025), 737, 1e-15, 0);    /* + 2 x 33 */
    assert_close(at(&sc->outpatient.cap, 2024), 500, 0, 0);
    assert_string_equal(sc->tier[0].contribution.ref, "测试 通知 一(一)"); /* ref kept */
    /* A changed scenario has a name of its own; the overrides are recorded. */
    const char *name = fs_scenario_name(sc);
    assert_int_equal(strncmp(name, "cli-small+set-", 14), 0);
    assert_int_equal(strlen(name), 14 + 8);
    assert_int_equal(fs_scenario_set_count(sc), 3);
    assert_string_equal(fs_scenario_set(sc, 1), "financing.fiscal_subsidy*=1.1");
    assert_null(fs_scenario_set(sc, 3));
    /* The same overrides give the same name; others another. */
    fs_scenario *sc2 = load_sets(SMALL, sets, 2, FS_OK, NULL);
    assert_true(strcmp(fs_scenario_name(sc2), name) != 0);
    fs_scenario_free(sc2);
    sc2 = load_sets(SMALL, sets, 3, FS_OK, NULL);
    assert_string_equal(fs_scenario_name(sc2), name);
    fs_scenario_free(sc2);
    fs_scenario_free(sc);
    sc = load_sets(SMALL, NULL, 0, FS_OK, NULL);
    assert_string_equal(fs_scenario_name(sc), "cli-small");
    assert_int_equal(fs_scenario_set_count(sc), 0);
    fs_scenario_free(sc);
}

/* Errors name the override, with the column in it. */
static void test_errors(void **state)
{
    (void)state;
    static const struct {
        const char *set, *want;
    } cases[] = {
        {"financing.fiscal_subsidy=abc",
         "--set financing.fiscal_subsidy:1:26: financing.fiscal_subsidy: expected a number, got "
         "'abc'"},
        {"financing.fiscal_subsidyy=1",
         "--set financing.fiscal_subsidyy:1:11: financing.fiscal_subsidyy: unknown key; did you "
         "mean 'fiscal_subsidy'?"},
        {"benefits.inpatient.levels[7].ratio=0.5",
         "--set benefits.inpatient.levels[7].ratio:1:26: no entry [7] here (the list has 3)"},
        {"enrollment.base_rate=1.5",
         "--set enrollment.base_rate:1:22: enrollment.base_rate: 1.5 is not a share in [0,1]"},
        {"fiscal_subsidy", "--set fiscal_subsidy:1:1: expected KEY.PATH=VALUE, KEY.PATH+=X or "
                           "KEY.PATH*=X, got 'fiscal_subsidy'"},
        {"scenario.region+=3", "--set scenario.region:1:16: cannot shift or scale '测试县': not a "
                               "number"},
        {"enrollment.late_share+=0.1", "--set enrollment.late_share:1:22: nothing to shift or "
                                       "scale here: give KEY.PATH=VALUE"},
        {"financing.fiscal_subsidy+=x", "--set financing.fiscal_subsidy:1:27: expected a number "
                                        "after +=, got 'x'"},
        {"financing..x=1", "--set financing..x:1:11: expected a key in 'financing..x=1'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fs_diags *d;
        char buf[1400];
        const char *set = cases[i].set;
        assert_null(load_sets(SMALL, &set, 1, FS_ESCENARIO, &d));
        first_diag(d, buf, sizeof buf);
        if (strcmp(buf, cases[i].want) != 0)
            fail_msg("set %s:\n got  %s\n want %s", set, buf, cases[i].want);
        fs_diags_free(d);
    }
}

/* Overrides copy the tree along their path: an alias elsewhere keeps the
 * value written in the file. */
static void test_aliases_unchanged(void **state)
{
    (void)state;
    char dir[] = "/tmp/fs_test_set_XXXXXX", path[256];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/a.yaml", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "extends: %s\n"
               "benefits:\n  outpatient: ~\n  chronic:\n"
               "    - &c {name: a, prevalence: 0.1, cost: {mean: 1000, cv: 1}, ratio: 0.5}\n"
               "    - *c\n",
            SMALL);
    fclose(f);
    const char *set = "benefits.chronic[1].ratio=0.7";
    fs_scenario *sc = load_sets(path, &set, 1, FS_OK, NULL);
    assert_int_equal(sc->nchronic, 2);
    assert_close(at(&sc->chronic[0].ratio, 2023), 0.5, 0, 0);
    assert_close(at(&sc->chronic[1].ratio, 2023), 0.7, 0, 0);
    fs_scenario_free(sc);
    /* Without the override both entries are the alias's. */
    sc = load_sets(path, NULL, 0, FS_OK, NULL);
    assert_close(at(&sc->chronic[1].ratio, 2023), 0.5, 0, 0);
    fs_scenario_free(sc);
    remove(path);
    rmdir(dir);
}

int main(void)
{
    fs_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_shift_and_scale),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_aliases_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
