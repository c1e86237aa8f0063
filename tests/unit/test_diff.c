/* tests/unit/test_diff.c -- fs_results_diff on hand-made results (exact
 * values, shape checks) and the diff.csv / compare.json writers. */
#include <stdlib.h>
#include <string.h>

#include "fs_test.h"
#include "fs_output.h"

/* 3 replications x 2 years; value = scale * (r * 100 + y * 10) + m. */
static fs_results *make(const char *name, double scale)
{
    fs_results *r = calloc(1, sizeof *r);

    assert_non_null(r);
    snprintf(r->scenario, sizeof r->scenario, "%s", name);
    r->start_year = 2023;
    r->years = 2;
    r->replications = 3;
    r->rep_count = 3;
    r->seed = 7;
    r->mode = FS_MODE_EXACT;
    r->enrollee_years = 99.0;
    r->values = calloc(3 * 2 * (size_t)FS_M_COUNT, sizeof *r->values);
    assert_non_null(r->values);
    for (int rep = 0; rep < 3; rep++)
        for (int y = 0; y < 2; y++)
            for (int m = 0; m < FS_M_COUNT; m++)
                *fs_results_at(r, rep, y, (fs_metric)m) = scale * (rep * 100.0 + y * 10.0) + m;
    return r;
}

static void test_diff_values(void **state)
{
    fs_results *b = make("base", 1.0), *a = make("alt", 3.0), *d = NULL;
    fs_stat stats[2 * FS_M_COUNT];
    char err[256] = "";
    (void)state;

    assert_int_equal(fs_results_diff(b, a, &d, err, sizeof err), FS_OK);
    assert_non_null(d);
    assert_int_equal(d->years, 2);
    assert_int_equal(d->rep_count, 3);
    assert_int_equal(d->first_rep, 0);
    assert_int_equal(d->start_year, 2023);
    assert_string_equal(d->scenario, "alt - base");
    assert_true(d->seed == 7);
    assert_true(d->enrollee_years == 0.0);
    /* alt - base = 2 * (r * 100 + y * 10), the same for every metric. */
    for (int rep = 0; rep < 3; rep++)
        for (int y = 0; y < 2; y++)
            for (int m = 0; m < FS_M_COUNT; m++)
                assert_true(*fs_results_at(d, rep, y, (fs_metric)m) == 2.0 * (rep * 100.0 + y * 10.0));
    /* The inputs are untouched. */
    assert_true(*fs_results_at(b, 2, 1, FS_M_BALANCE) == 210.0 + FS_M_BALANCE);
    assert_int_equal(fs_results_summarize(d, stats), FS_OK);
    /* Year 2024: differences 20, 220, 420 -> mean 220, sd 200, se 200/sqrt(3). */
    assert_true(stats[FS_M_COUNT + FS_M_SURPLUS].mean == 220.0);
    assert_true(stats[FS_M_COUNT + FS_M_SURPLUS].sd == 200.0);
    assert_close(stats[FS_M_COUNT + FS_M_SURPLUS].se, 200.0 / sqrt(3.0), 1e-15, 0);
    assert_true(stats[FS_M_COUNT + FS_M_SURPLUS].p50 == 220.0);
    assert_true(stats[FS_M_COUNT + FS_M_SURPLUS].p25 == 120.0);
    fs_results_free(d);

    /* A run minus itself is exactly zero, whatever the values. */
    assert_int_equal(fs_results_diff(b, b, &d, NULL, 0), FS_OK);
    assert_int_equal(fs_results_summarize(d, stats), FS_OK);
    for (size_t i = 0; i < 2 * (size_t)FS_M_COUNT; i++)
        assert_true(stats[i].mean == 0.0 && stats[i].sd == 0.0 && stats[i].p95 == 0.0);
    fs_results_free(d);
    fs_results_free(a);
    fs_results_free(b);
}

static void test_diff_shape(void **state)
{
    fs_results *b = make("base", 1.0), *a = make("alt", 1.0), *d = (fs_results *)1;
    char err[256];
    (void)state;

    a->years = 1;
    err[0] = '\0';
    assert_int_equal(fs_results_diff(b, a, &d, err, sizeof err), FS_EUSAGE);
    assert_null(d);
    assert_non_null(strstr(err, "shape"));
    a->years = 2;
    a->rep_count = 2;
    assert_int_equal(fs_results_diff(b, a, &d, err, sizeof err), FS_EUSAGE);
    a->rep_count = 3;
    a->first_rep = 1;
    assert_int_equal(fs_results_diff(b, a, &d, err, sizeof err), FS_EUSAGE);
    a->first_rep = 0;
    a->start_year = 2024;
    assert_int_equal(fs_results_diff(b, a, &d, err, sizeof err), FS_EUSAGE);
    a->start_year = 2023;
    assert_int_equal(fs_results_diff(NULL, a, &d, err, sizeof err), FS_EUSAGE);
    assert_int_equal(fs_results_diff(b, a, NULL, err, sizeof err), FS_EUSAGE);
    assert_int_equal(fs_results_diff(b, a, &d, err, sizeof err), FS_OK);
    fs_results_free(d);
    fs_results_free(a);
    fs_results_free(b);
}

static char *slurp(FILE *f)
{
    long len;
    char *s;

    assert_int_equal(fflush(f), 0);
    len = ftell(f);
    assert_true(len >= 0);
    rewind(f);
    s = malloc((size_t)len + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)len, f), (size_t)len);
    s[len] = '\0';
    return s;
}

static void test_diff_csv(void **state)
{
    fs_results *b = make("base", 1.0), *a = make("alt", 3.0), *d = NULL;
    fs_stat stats[2 * FS_M_COUNT], sb[2 * FS_M_COUNT], sa[2 * FS_M_COUNT];
    FILE *f = tmpfile();
    char *s;
    size_t lines = 0;
    (void)state;

    assert_non_null(f);
    assert_int_equal(fs_results_diff(b, a, &d, NULL, 0), FS_OK);
    assert_int_equal(fs_results_summarize(d, stats), FS_OK);
    assert_int_equal(fs_results_summarize(b, sb), FS_OK);
    assert_int_equal(fs_results_summarize(a, sa), FS_OK);
    /* The same alternative twice: one file, an alt column. */
    fs_diff_set sets[2] = {{"文水", "a,b", d, stats, sb, sa}, {"文水", "second", d, stats, sb, sa}};
    assert_int_equal(fs_out_diff_csv(f, sets, 2), FS_OK);
    s = slurp(f);
    for (char *p = s; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 1 + 2 * 2 * (size_t)FS_M_COUNT);
    assert_true(strncmp(s, FS_OUT_DIFF_HEADER "\n文水,\"a,b\",2023,enrollees,200,",
                        strlen(FS_OUT_DIFF_HEADER "\n文水,\"a,b\",2023,enrollees,200,")) == 0);
    /* 2023 enrollees: differences 0, 200, 400 (mean 200, sd 200, se
     * 200/sqrt 3); base mean 100, alt mean 300: ratio 3, pct 200; ALT >
     * BASE in 2 of 3 replications. */
    char want[400];
    snprintf(want, sizeof want, "文水,\"a,b\",2023,enrollees,200,%s,200,20,100,200,300,379.99999999999994,100,300,"
                                "3,200,0.6666666666666666\n",
             "115.47005383792516");
    if (!strstr(s, want))
        fail_msg("diff.csv lacks\n%s\nit starts\n%.600s", want, s);
    assert_non_null(strstr(s, "\n文水,\"a,b\",2024,surplus,220,"));
    assert_non_null(strstr(s, "\n文水,second,2024,surplus,220,"));
    free(s);
    fclose(f);
    fs_results_free(d);
    fs_results_free(a);
    fs_results_free(b);
}

static void test_compare_json(void **state)
{
    FILE *f = tmpfile();
    const char *files[] = {"b.yaml"};
    const char *sums[] = {"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"};
    const char *argv[] = {"fundsim", "compare", "b.yaml", "a.yaml"};
    const char *outputs[] = {"diff.csv", "compare.json", "base/summary.csv"};
    fs_results b, a;
    fs_compare_info info;
    char *s;
    (void)state;

    memset(&b, 0, sizeof b);
    memset(&a, 0, sizeof a);
    snprintf(b.scenario, sizeof b.scenario, "b");
    snprintf(a.scenario, sizeof a.scenario, "a");
    b.mode = FS_MODE_EXACT;
    b.mode_requested = FS_MODE_AUTO;
    a.mode = FS_MODE_SAMPLE;
    b.seed = UINT64_MAX;
    b.replications = 20;
    b.years = 6;
    b.start_year = 2023;
    b.threads = 2;
    memset(&info, 0, sizeof info);
    info.base.dir = "base";
    info.base.res = &b;
    info.base.files = (fs_file_list){1, files, sums, 0, NULL, 0, NULL, 0};
    info.alt.dir = "alt";
    info.alt.res = &a;
    info.wall_seconds = 1.5;
    info.output_count = 3;
    info.outputs = outputs;
    info.argc = 4;
    info.argv = argv;
    assert_int_equal(fs_out_compare_json(f, &info), FS_OK);
    s = slurp(f);
    assert_non_null(strstr(s, "\"base\": {\n    \"name\": \"b\",\n    \"dir\": \"base\",\n"
                              "    \"mode\": \"exact\",\n    \"files\": [\n      {\"path\": "
                              "\"b.yaml\", \"sha256\": \"ba7816bf"));
    assert_non_null(strstr(s, "\"alt\": {\n    \"name\": \"a\",\n    \"dir\": \"alt\",\n"
                              "    \"mode\": \"sample\",\n    \"files\": [],\n"
                              "    \"overrides\": []\n  },\n"));
    assert_non_null(strstr(s, "\"alternatives\": [{\n    \"name\": \"a\",\n"));
    assert_non_null(strstr(s, "\"seed\": 18446744073709551615,\n"));
    assert_non_null(strstr(s, "\"replications\": 20,\n  \"years\": 6,\n  \"start_year\": 2023,\n"));
    assert_non_null(strstr(s, "\"mode_requested\": \"auto\",\n  \"threads\": 2,\n"));
    assert_non_null(strstr(s, "\"wall_seconds\": 1.5,\n"));
    assert_non_null(strstr(s, "\"outputs\": [\"diff.csv\", \"compare.json\", \"base/summary.csv\"],\n"));
    assert_non_null(strstr(s, "\"command\": [\"fundsim\", \"compare\", \"b.yaml\", \"a.yaml\"]\n}\n"));
    free(s);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diff_values),
        cmocka_unit_test(test_diff_shape),
        cmocka_unit_test(test_diff_csv),
        cmocka_unit_test(test_compare_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
