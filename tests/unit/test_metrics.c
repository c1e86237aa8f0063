/* tests/unit/test_metrics.c -- the metric table (fundsim.h, FS_METRICS):
 * every row complete and its id unique snake_case, the names the library
 * owns (modes, generator), the workbook formats read from the unit, and
 * docs/metrics.md generated from the table. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "fs_test.h"
#include "fs_output.h"

static void test_table_rows(void **state)
{
    (void)state;
    for (int m = 0; m < (int)FS_M_COUNT; m++) {
        const fs_metric_info *mi = fs_metric_info_of((fs_metric)m);
        assert_non_null(mi);
        assert_string_equal(mi->id, fs_metric_name((fs_metric)m));
        assert_string_equal(mi->label_zh, fs_metric_label_zh((fs_metric)m));
        assert_true(strlen(mi->id) > 0 && strlen(mi->label_en) > 0 && strlen(mi->definition) > 10);
        assert_true((unsigned char)mi->label_zh[0] >= 0xe4); /* CJK: a 3-byte UTF-8 lead */
        for (const char *p = mi->id; *p; p++)
            assert_true(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_');
        assert_true(strlen(fs_unit_name(mi->unit)) > 0);
        assert_true(strlen(fs_unit_label_zh(mi->unit)) > 0);
        assert_true(strlen(fs_metric_kind_name(mi->kind)) > 0);
        for (int k = 0; k < m; k++)
            assert_true(strcmp(mi->id, fs_metric_name((fs_metric)k)) != 0);
    }
    assert_null(fs_metric_info_of(FS_M_COUNT));
    assert_string_equal(fs_metric_name(FS_M_COUNT), "");
    /* Spot checks of the columns. */
    assert_string_equal(fs_metric_name(FS_M_ENROLLEES), "enrollees");
    assert_string_equal(fs_metric_name(FS_M_PER_CAPITA_SPEND), "per_capita_spend");
    assert_int_equal(FS_M_PER_CAPITA_SPEND, 39); /* append only: the first 40 never move */
    assert_int_equal(fs_metric_info_of(FS_M_DEPLETION_YEAR)->unit, FS_UNIT_YEAR);
    assert_string_equal(fs_unit_name(FS_UNIT_YEAR), "year");
    assert_int_equal(fs_metric_info_of(FS_M_BALANCE)->unit, FS_UNIT_YUAN);
    assert_int_equal(fs_metric_info_of(FS_M_BALANCE)->kind, FS_KIND_STOCK);
    assert_int_equal(fs_metric_info_of(FS_M_SURPLUS)->kind, FS_KIND_FLOW);
    assert_int_equal(fs_metric_info_of(FS_M_PROB_DEPLETION)->unit, FS_UNIT_PROBABILITY);
    assert_int_equal(fs_metric_info_of(FS_M_MONTHS_COVERED)->unit, FS_UNIT_MONTHS);
    assert_int_equal(fs_metric_info_of(FS_M_ENROLLEES)->unit, FS_UNIT_PERSONS);
    assert_int_equal(fs_metric_info_of(FS_M_SURPLUS_RATE)->unit, FS_UNIT_SHARE);
    assert_string_equal(fs_unit_name(FS_UNIT_YUAN), "yuan");
    assert_string_equal(fs_metric_kind_name(FS_KIND_RATE), "rate");
    assert_string_equal(fs_group_quantity_name(FS_GQ_ENROLLEES), "enrollees");
    assert_int_equal(fs_group_quantity_unit(FS_GQ_ENROLLEES), FS_UNIT_PERSONS);
    assert_int_equal(fs_group_quantity_unit(FS_GQ_INCOME_INDIVIDUAL), FS_UNIT_YUAN);
}

/* Names the library owns, written nowhere else. */
static void test_library_names(void **state)
{
    (void)state;
    assert_string_equal(fs_mode_name(FS_MODE_AUTO), "auto");
    assert_string_equal(fs_mode_name(FS_MODE_EXACT), "exact");
    assert_string_equal(fs_mode_name(FS_MODE_SAMPLE), "sample");
    assert_string_equal(fs_mode_name((fs_mode)7), "");
    assert_string_equal(fs_generator_name(), "philox4x32-10");
}

/* The workbook's display format follows the unit, for every metric. */
static void test_xlsx_formats_from_unit(void **state)
{
    (void)state;
    for (int m = 0; m < (int)FS_M_COUNT; m++) {
        fs_unit u = fs_metric_info_of((fs_metric)m)->unit;
        const char *want = u == FS_UNIT_SHARE || u == FS_UNIT_PROBABILITY ? "0.0000"
                           : u == FS_UNIT_MONTHS                         ? "0.00"
                           : u == FS_UNIT_YEAR                           ? "0"
                                                                         : "#,##0";
        assert_string_equal(fs_out_xlsx_num_format(m), want);
    }
}

static char *slurp_path(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *s = calloc(1, 1 << 20);
    assert_non_null(s);
    *len = fread(s, 1, (1 << 20) - 1, f);
    fclose(f);
    return s;
}

/* docs/metrics.md is the writer's rendering of the table. */
static void test_metrics_doc(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(fs_out_metrics_md(f), FS_OK);
    long n = ftell(f);
    rewind(f);
    char *want = calloc(1, (size_t)n + 1);
    assert_non_null(want);
    assert_int_equal(fread(want, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    for (int m = 0; m < (int)FS_M_COUNT; m++) {
        char row[128];
        snprintf(row, sizeof row, "| `%s` | %s |", fs_metric_name((fs_metric)m),
                 fs_metric_label_zh((fs_metric)m));
        assert_non_null(strstr(want, row));
    }
    size_t len = 0;
    char *have = slurp_path("docs/metrics.md", &len);
    if ((!have || strcmp(have, want) != 0) && getenv("FUNDSIM_REGEN_DOCS")) {
        f = fopen("docs/metrics.md", "wb");
        assert_non_null(f);
        fwrite(want, 1, (size_t)n, f);
        assert_int_equal(fclose(f), 0);
        printf("docs/metrics.md: regenerated from the metric table\n");
    } else if (!have || strcmp(have, want) != 0) {
        printf("docs/metrics.md is out of date with the metric table; regenerate it with\n"
               "  (cd <repo> && FUNDSIM_REGEN_DOCS=1 <build>/test_metrics)\n");
        fail();
    }
    free(have);
    free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_rows),
        cmocka_unit_test(test_library_names),
        cmocka_unit_test(test_xlsx_formats_from_unit),
        cmocka_unit_test(test_metrics_doc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
