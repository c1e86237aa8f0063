/* tests/unit/test_html.c -- report.html's pieces (output/svg.c,
 * output/html.c) on hand-made values: number formats and escaping, fan
 * charts that skip non-finite years, and a ledger run's report (NaN
 * balance metrics) that shows an em dash and never "nan". */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>

#include "fs_test.h"
#include "html_report.h"

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

/* 1 if s holds "nan" or "inf" as a word (any case). */
static int has_nan_word(const char *s)
{
    for (const char *p = s; *p; p++) {
        const char *w[] = {"nan", "inf"};
        for (int k = 0; k < 2; k++)
            if (strncasecmp(p, w[k], 3) == 0 && (p == s || !isalpha((unsigned char)p[-1])) &&
                !isalpha((unsigned char)p[3]))
                return 1;
    }
    return 0;
}

static void test_numbers(void **state)
{
    char b[64];
    (void)state;
    assert_string_equal(fsh_num(35532.26, 1, b, sizeof b), "35,532.3");
    assert_string_equal(fsh_num(-1234567.0, 0, b, sizeof b), "-1,234,567");
    assert_string_equal(fsh_num(999.96, 1, b, sizeof b), "1,000.0");
    assert_string_equal(fsh_num(-0.04, 1, b, sizeof b), "0.0");
    assert_string_equal(fsh_num(12.0, 0, b, sizeof b), "12");
    assert_string_equal(fsh_num(NAN, 1, b, sizeof b), FSH_NA);
    assert_string_equal(fsh_num(INFINITY, 1, b, sizeof b), FSH_NA);
    assert_string_equal(fsh_pct(0.0349, b, sizeof b), "3.5%");
    assert_string_equal(fsh_pct(-0.0727, b, sizeof b), "-7.3%");
    assert_string_equal(fsh_pct(NAN, b, sizeof b), FSH_NA);
}

static void test_money_unit(void **state)
{
    double div;
    const char *zh, *en;
    (void)state;
    fsh_money_unit(3.55e8, &div, &zh, &en);
    assert_true(div == 1e4);
    assert_string_equal(zh, "万元");
    fsh_money_unit(1.2e10, &div, &zh, &en);
    assert_true(div == 1e8);
    assert_string_equal(zh, "亿元");
    fsh_money_unit(NAN, &div, &zh, &en);
    assert_true(div == 1e4);
}

static void test_escape(void **state)
{
    FILE *f = tmpfile();
    char *s;
    (void)state;
    assert_non_null(f);
    fsh_text(f, "a<b>&\"c\" '特困' \x01\xff");
    s = slurp(f);
    assert_string_equal(s, "a&lt;b&gt;&amp;&quot;c&quot; &#39;特困&#39;  \xef\xbf\xbd");
    free(s);
    fclose(f);
}

/* A fan with a NaN year in the middle: two median runs, no "nan". */
static void test_fan_skips_nan(void **state)
{
    double p05[5] = {1, 2, NAN, 4, 5}, p25[5] = {2, 3, NAN, 5, 6}, p50[5] = {3, 4, NAN, 6, 7},
           p75[5] = {4, 5, NAN, 7, 8}, p95[5] = {5, 6, NAN, 8, 9};
    fsh_fan c;
    FILE *f = tmpfile();
    char *s, *p;
    int medians = 0, dots = 0;
    (void)state;
    assert_non_null(f);
    memset(&c, 0, sizeof c);
    c.title = "t<";
    c.unit = "万元";
    c.x0 = 2023;
    c.n = 5;
    c.p05 = p05, c.p25 = p25, c.p50 = p50, c.p75 = p75, c.p95 = p95;
    c.l_outer = "5-95", c.l_inner = "25-75", c.l_median = "median";
    fsh_svg_fan(f, &c);
    s = slurp(f);
    assert_false(has_nan_word(s));
    assert_non_null(strstr(s, "<svg class=\"chart\""));
    assert_non_null(strstr(s, "aria-label=\"t&lt;\""));
    for (p = s; (p = strstr(p, "class=\"median\"")) != NULL; p++)
        medians++;
    for (p = s; (p = strstr(p, "class=\"dot\"")) != NULL; p++)
        dots++;
    assert_int_equal(medians, 2);
    assert_int_equal(dots, 4);
    assert_non_null(strstr(s, ">2025</text>")); /* the year stays on the axis */
    free(s);
    fclose(f);
}

/* A ledger run: the balance metrics NaN, the report shows em dashes. */
static void test_ledger_report(void **state)
{
    fs_results *res = NULL;
    fs_stat *st;
    FILE *f = tmpfile();
    char *s;
    (void)state;
    assert_int_equal(fs_results_alloc(3, 4, 0, 0, &res), FS_OK);
    snprintf(res->scenario, sizeof res->scenario, "ledger & co");
    res->start_year = 2023;
    res->replications = 4;
    res->pooling_ledger = 1;
    for (int r = 0; r < 4; r++)
        for (int y = 0; y < 3; y++)
            for (int m = 0; m < FS_M_COUNT; m++)
                *fs_results_at(res, r, y, (fs_metric)m) =
                    fs_metric_ledger_na((fs_metric)m) ? NAN : 1e6 * (1 + r + y + m % 7);
    st = calloc(3 * FS_M_COUNT, sizeof *st);
    assert_non_null(st);
    assert_int_equal(fs_results_summarize(res, st), FS_OK);
    assert_int_equal(fs_out_report_html(f, res, st, NULL, NULL, 0), FS_OK);
    s = slurp(f);
    assert_false(has_nan_word(s));
    assert_non_null(strstr(s, FSH_NA));
    assert_non_null(strstr(s, "ledger &amp; co"));
    assert_null(strstr(s, "<script"));
    assert_null(strstr(s, "http://www.w3.org/1999")); /* no external reference but the SVG namespace */
    assert_non_null(strstr(s, "@page { size: A4"));
    free(s);
    fclose(f);
    free(st);
    fs_results_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),       cmocka_unit_test(test_money_unit),
        cmocka_unit_test(test_escape),        cmocka_unit_test(test_fan_skips_nan),
        cmocka_unit_test(test_ledger_report),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
