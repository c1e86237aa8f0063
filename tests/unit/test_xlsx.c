/* tests/unit/test_xlsx.c -- summary.xlsx and diff.xlsx from hand-made
 * results: a zip, byte-identical on rewrite, and (when /usr/bin/python3
 * has openpyxl) the sheet names, header cells, exact numbers, number
 * formats and the chart read back. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fs_test.h"
#include "fs_output.h"

enum { YEARS = 3 };

/* Results and stats with known values: stat k of (y, m) is
 * 1000 * m + 10 * y + k + 0.25 (k = 0 mean, 1 se, ..., 7 p95), so every
 * cell is distinct and exact in binary; surplus_rate's mean in year 2 is
 * NaN (an empty cell). */
typedef struct fixture {
    fs_results res;
    fs_stat stats[YEARS * FS_M_COUNT];
} fixture;

static double val(int y, int m, int k)
{
    return 1000.0 * m + 10.0 * y + k + 0.25;
}

static void make(fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    snprintf(fx->res.scenario, sizeof fx->res.scenario, "测试县 test");
    fx->res.start_year = 2024;
    fx->res.years = YEARS;
    fx->res.replications = 7;
    fx->res.rep_count = 7;
    fx->res.seed = 18446744073709551615u; /* needs the text cell */
    fx->res.mode = FS_MODE_EXACT;
    for (int y = 0; y < YEARS; y++)
        for (int m = 0; m < (int)FS_M_COUNT; m++) {
            fs_stat *s = &fx->stats[y * (int)FS_M_COUNT + m];
            s->mean = val(y, m, 0);
            s->se = val(y, m, 1);
            s->sd = val(y, m, 2);
            s->p05 = val(y, m, 3);
            s->p25 = val(y, m, 4);
            s->p50 = val(y, m, 5);
            s->p75 = val(y, m, 6);
            s->p95 = val(y, m, 7);
        }
    fx->stats[2 * (int)FS_M_COUNT + FS_M_SURPLUS_RATE].mean = NAN;
}

/* Reads everything written to f (a tmpfile); *len gets the size. */
static unsigned char *slurp(FILE *f, size_t *len)
{
    long n;
    unsigned char *s;

    assert_int_equal(fflush(f), 0);
    n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    s = malloc((size_t)n);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    *len = (size_t)n;
    return s;
}

static unsigned char *summary_bytes(const fixture *fx, size_t *len)
{
    FILE *f = tmpfile();
    unsigned char *s;

    assert_non_null(f);
    assert_int_equal(fs_out_summary_xlsx(f, &fx->res, fx->stats, NULL), FS_OK);
    s = slurp(f, len);
    fclose(f);
    return s;
}

/* Writes bytes to a new temporary .xlsx; path gets its name. */
static void to_file(const unsigned char *b, size_t n, char *path, size_t pn)
{
    int fd;
    FILE *f;
    const char *dir = getenv("TMPDIR");

    snprintf(path, pn, "%s/fs_test_xlsx.XXXXXX", dir && dir[0] ? dir : "/tmp");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* The openpyxl check: argv[1] the workbook, then checks "SHEET|CELL|n|X"
 * (a number, compared exactly), "SHEET|CELL|s|TEXT", "SHEET|CELL|e|"
 * (empty), "SHEET|CELL|f|FORMAT" (number format), "SHEET|CELL|b|" (bold),
 * "SHEET||c|N" (N charts), "||names|A;B;C" (sheet names in order),
 * "SHEET||freeze|A2" and "SHEET||filter|A1:L10".  Exit 77 without openpyxl. */
static const char PY[] =
    "import sys\n"
    "try:\n"
    "    import openpyxl\n"
    "except Exception:\n"
    "    sys.exit(77)\n"
    "wb = openpyxl.load_workbook(open(sys.argv[1], 'rb'))\n"
    "bad = 0\n"
    "for chk in sys.argv[2:]:\n"
    "    sh, cell, kind, want = chk.split('|', 3)\n"
    "    if kind == 'names':\n"
    "        got = ';'.join(wb.sheetnames)\n"
    "    elif kind == 'c':\n"
    "        got = str(len(wb[sh]._charts))\n"
    "    elif kind == 'freeze':\n"
    "        got = str(wb[sh].freeze_panes)\n"
    "    elif kind == 'filter':\n"
    "        got = str(wb[sh].auto_filter.ref)\n"
    "    else:\n"
    "        c = wb[sh][cell]\n"
    "        if kind == 'n':\n"
    "            ok = isinstance(c.value, (int, float)) and float(c.value) == float(want)\n"
    "            got = repr(c.value) if not ok else want\n"
    "        elif kind == 's':\n"
    "            got = str(c.value)\n"
    "        elif kind == 'e':\n"
    "            got = '' if c.value is None else repr(c.value)\n"
    "        elif kind == 'f':\n"
    "            got = c.number_format\n"
    "        elif kind == 'b':\n"
    "            got = '' if c.font.b else 'not bold'\n"
    "    if got != want:\n"
    "        print('openpyxl check %s: got %r' % (chk, got))\n"
    "        bad = 1\n"
    "sys.exit(bad)\n";

/* Runs PY on path with the checks; passes, or skips with a note. */
static void openpyxl_check(const char *path, const char *const *checks, size_t n)
{
    char script[4096], cmd[65536];
    size_t k;
    int fd, rc;
    FILE *f;
    const char *dir = getenv("TMPDIR");

    if (access("/usr/bin/python3", X_OK) != 0) {
        printf("note: /usr/bin/python3 not found; openpyxl checks skipped\n");
        return;
    }
    snprintf(script, sizeof script, "%s/fs_test_xlsx_py.XXXXXX", dir && dir[0] ? dir : "/tmp");
    fd = mkstemp(script);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(PY, f);
    assert_int_equal(fclose(f), 0);
    k = (size_t)snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' '%s'", script, path);
    for (size_t i = 0; i < n; i++) {
        assert_null(strchr(checks[i], '\''));
        k += (size_t)snprintf(cmd + k, sizeof cmd - k, " '%s'", checks[i]);
        assert_true(k < sizeof cmd);
    }
    rc = system(cmd);
    unlink(script);
    assert_true(rc != -1 && WIFEXITED(rc));
    if (WEXITSTATUS(rc) == 77) {
        printf("note: python3 cannot import openpyxl; openpyxl checks skipped\n");
        return;
    }
    assert_int_equal(WEXITSTATUS(rc), 0);
}

/* "SHEET|CELL|n|<exact value of stat k of (y, m)>" */
static char *numcheck(char *buf, size_t n, const char *sheet, const char *cell, double v)
{
    snprintf(buf, n, "%s|%s|n|%.17g", sheet, cell, v);
    return buf;
}

/* "SHEET|CELL|n|<x / 1e4>": a money cell in 万元. */
static char *wan(char *buf, size_t n, const char *sheet, const char *cell, double yuan)
{
    return numcheck(buf, n, sheet, cell, yuan / 1e4);
}

static void test_summary_xlsx(void **state)
{
    fixture *fx = malloc(sizeof *fx);
    unsigned char *a, *b;
    size_t na, nb;
    char path[512], c[16][128], filt[64], cells[4][64];
    int last = 1 + YEARS * (int)FS_M_COUNT;
    /* data row of (y, m): 2 + y * FS_M_COUNT + m (1-based). */
    int r_inc = 2 + 0 * (int)FS_M_COUNT + FS_M_INCOME_TOTAL;
    int r_rate = 2 + 1 * (int)FS_M_COUNT + FS_M_SURPLUS_RATE;
    double inc_sum = 0;
    (void)state;

    assert_non_null(fx);
    make(fx);
    for (int y = 0; y < YEARS; y++)
        inc_sum += val(y, FS_M_INCOME_TOTAL, 0);
    a = summary_bytes(fx, &na);
    b = summary_bytes(fx, &nb);
    assert_true(na > 2 && a[0] == 'P' && a[1] == 'K');
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na); /* byte-identical */

    to_file(a, na, path, sizeof path);
    snprintf(filt, sizeof filt, "数据 data||filter|A1:N%d", last);
    snprintf(cells[0], sizeof cells[0], "数据 data|A%d|s|测试县 test", r_inc);
    snprintf(cells[1], sizeof cells[1], "数据 data|D%d|s|基金收入合计", r_inc);
    snprintf(cells[2], sizeof cells[2], "数据 data|G%d|f|0.0000", r_rate);
    snprintf(cells[3], sizeof cells[3], "数据 data|C%d|s|income_total", r_inc);
    {
        char g_inc[16], n_rate[16];
        snprintf(g_inc, sizeof g_inc, "G%d", r_inc);
        snprintf(n_rate, sizeof n_rate, "N%d", r_rate);
        const char *checks[] = {
            "||names|基金 fund;财政 fiscal;说明 about;数据 data",
            /* fund: B income, E surplus rate, F..J balance p05..p95, K months,
             * row 3 = 2024; row 6 the total. */
            "基金 fund|A2|s|年度\nyear",
            "基金 fund|B2|s|基金收入\nFund income (万元)",
            "基金 fund|E2|s|当期结余率\nSurplus rate (%)",
            "基金 fund|A3|n|2024",
            "基金 fund||freeze|B3",
            "基金 fund||c|2",
            wan(c[0], sizeof c[0], "基金 fund", "B3", val(0, FS_M_INCOME_TOTAL, 0)),
            wan(c[1], sizeof c[1], "基金 fund", "G4", val(1, FS_M_BALANCE, 4)),
            wan(c[2], sizeof c[2], "基金 fund", "J5", val(2, FS_M_BALANCE, 7)),
            wan(c[3], sizeof c[3], "基金 fund", "B6", inc_sum),
            numcheck(c[4], sizeof c[4], "基金 fund", "E4", val(1, FS_M_SURPLUS_RATE, 0)),
            "基金 fund|E4|f|0.0%",
            "基金 fund|E5|e|",
            "基金 fund|B3|f|#,##0",
            "基金 fund|K3|f|0.0",
            "基金 fund|A6|s|合计 Total",
            "基金 fund|E6|e|",
            /* fiscal: subsidy by level rows 5..7, total 8; per enrollee rows
             * 12..; shares rows 18..; top-up and shortfall rows 24.. */
            "财政 fiscal|B4|s|财政补助合计\nFiscal subsidy, total (万元)",
            wan(c[5], sizeof c[5], "财政 fiscal", "B5", val(0, FS_M_INCOME_FISCAL, 0)),
            wan(c[6], sizeof c[6], "财政 fiscal", "F7", val(2, FS_M_INCOME_FISCAL_COUNTY, 0)),
            numcheck(c[7], sizeof c[7], "财政 fiscal", "B12", val(0, FS_M_ENROLLEES, 0)),
            numcheck(c[8], sizeof c[8], "财政 fiscal", "C12",
                     val(0, FS_M_INCOME_FISCAL, 0) / val(0, FS_M_ENROLLEES, 0)),
            numcheck(c[9], sizeof c[9], "财政 fiscal", "B18",
                     val(0, FS_M_INCOME_FISCAL_CENTRAL, 0) / val(0, FS_M_INCOME_FISCAL, 0)),
            "财政 fiscal|B18|f|0.0%",
            wan(c[10], sizeof c[10], "财政 fiscal", "B24", val(0, FS_M_INCOME_TOPUP, 0)),
            wan(c[11], sizeof c[11], "财政 fiscal", "D25", val(1, FS_M_SHORTFALL, 7)),
            "财政 fiscal|A8|s|合计 Total",
            "财政 fiscal||freeze|B2",
            "说明 about|A1|s|方案 scenario",
            "说明 about|B1|s|测试县 test",
            "说明 about|B2|s|18446744073709551615",
            "说明 about|B3|n|7",
            "说明 about|B4|n|3",
            "说明 about|B6|s|exact",
            "说明 about|B7|s|" FS_VERSION,
            "说明 about|B8|s|philox4x32-10",
            "说明 about|B10|s|万元",
            numcheck(c[12], sizeof c[12], "说明 about", "B9", (double)fs_stream_table_version()),
            "数据 data|A1|s|scenario",
            "数据 data|D1|s|label_zh",
            "数据 data|N1|s|p95",
            "数据 data||freeze|A2",
            filt,
            cells[0], cells[1], cells[2], cells[3],
            numcheck(c[13], sizeof c[13], "数据 data", g_inc, val(0, FS_M_INCOME_TOTAL, 0)),
            numcheck(c[14], sizeof c[14], "数据 data", n_rate, val(1, FS_M_SURPLUS_RATE, 7)),
        };
        openpyxl_check(path, checks, sizeof checks / sizeof checks[0]);
    }
    unlink(path);
    free(a);
    free(b);
    free(fx);
}

/* --lang en: the same numbers, English first. */
static void test_summary_xlsx_en(void **state)
{
    fixture *fx = malloc(sizeof *fx);
    FILE *f = tmpfile();
    const fs_xlsx_opts en = {1, NULL, NULL, NULL};
    unsigned char *a;
    size_t na;
    char path[512], c[128];
    (void)state;

    assert_non_null(fx);
    assert_non_null(f);
    make(fx);
    assert_int_equal(fs_out_summary_xlsx(f, &fx->res, fx->stats, &en), FS_OK);
    a = slurp(f, &na);
    fclose(f);
    to_file(a, na, path, sizeof path);
    {
        const char *checks[] = {
            "||names|fund 基金;fiscal 财政;about 说明;data 数据",
            "fund 基金|B2|s|Fund income\n基金收入 (10k yuan)",
            "about 说明|A1|s|scenario 方案",
            wan(c, sizeof c, "fund 基金", "B3", val(0, FS_M_INCOME_TOTAL, 0)),
        };
        openpyxl_check(path, checks, sizeof checks / sizeof checks[0]);
    }
    unlink(path);
    free(a);
    free(fx);
}

/* A province: mean income of the first year at least 100亿 -> 亿元. */
static void test_money_unit(void **state)
{
    fixture *fx = malloc(sizeof *fx);
    fs_out_money m;
    (void)state;
    assert_non_null(fx);
    make(fx);
    m = fs_out_money_unit(&fx->res, fx->stats);
    assert_true(m.div == 1e4);
    assert_string_equal(m.zh, "万元");
    fx->stats[FS_M_INCOME_TOTAL].mean = 1e10;
    m = fs_out_money_unit(&fx->res, fx->stats);
    assert_true(m.div == 1e8);
    assert_string_equal(m.zh, "亿元");
    fx->stats[FS_M_INCOME_TOTAL].mean = 9.99e9;
    assert_true(fs_out_money_unit(&fx->res, fx->stats).div == 1e4);
    free(fx);
}

static void test_diff_xlsx(void **state)
{
    fixture *fx = malloc(sizeof *fx);
    FILE *f = tmpfile(), *g = tmpfile();
    unsigned char *a, *b;
    size_t na, nb;
    char path[512], c[4][128];
    (void)state;

    assert_non_null(fx);
    assert_non_null(f);
    assert_non_null(g);
    make(fx);
    fs_diff_set ds = {"base-x", "alt-y", &fx->res, fx->stats, fx->stats, fx->stats};
    assert_int_equal(fs_out_diff_xlsx(f, &ds, 1, NULL), FS_OK);
    assert_int_equal(fs_out_diff_xlsx(g, &ds, 1, NULL), FS_OK);
    a = slurp(f, &na);
    b = slurp(g, &nb);
    assert_true(a[0] == 'P' && a[1] == 'K');
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    to_file(a, na, path, sizeof path);
    {
        /* 差异: the first table (income_total) has its title in row 3,
         * header in 4, years in 5..7: base, alt, mean, se, p05, p95. */
        const char *checks[] = {
            "||names|差异 diff;说明 about;数据 data",
            "差异 diff|B4|s|基准\nbase (万元)",
            "差异 diff|A5|n|2024",
            wan(c[0], sizeof c[0], "差异 diff", "B5", val(0, FS_M_INCOME_TOTAL, 0)),
            wan(c[1], sizeof c[1], "差异 diff", "G6", val(1, FS_M_INCOME_TOTAL, 7)),
            "差异 diff|D5|f|#,##0.0", /* a difference, one more decimal */
            "差异 diff|B5|f|#,##0.0",
            "差异 diff||c|1",
            "数据 data|A1|s|base",
            "数据 data|B1|s|alt",
            "数据 data|E1|s|label_zh",
            "数据 data|A2|s|base-x",
            "数据 data|B2|s|alt-y",
            "数据 data|C2|n|2024",
            "数据 data|D2|s|enrollees",
            numcheck(c[2], sizeof c[2], "数据 data", "H2", val(0, 0, 0)),
            numcheck(c[3], sizeof c[3], "数据 data", "O3", val(0, 1, 7)),
            "说明 about|B1|s|base-x",
            "说明 about|B2|s|alt-y",
        };
        openpyxl_check(path, checks, sizeof checks / sizeof checks[0]);
    }
    unlink(path);
    fclose(f);
    fclose(g);
    free(a);
    free(b);
    free(fx);
}

static void test_xlsx_errors(void **state)
{
    fixture *fx = malloc(sizeof *fx);
    FILE *ro = fopen("/dev/null", "r");
    (void)state;

    assert_non_null(fx);
    make(fx);
    assert_int_equal(fs_out_summary_xlsx(NULL, &fx->res, fx->stats, NULL), FS_EUSAGE);
    assert_int_equal(fs_out_summary_xlsx(stdout, NULL, fx->stats, NULL), FS_EUSAGE);
    fs_diff_set bad = {NULL, "a", &fx->res, fx->stats, fx->stats, fx->stats};
    assert_int_equal(fs_out_diff_xlsx(stdout, &bad, 1, NULL), FS_EUSAGE);
    assert_int_equal(fs_out_diff_xlsx(stdout, NULL, 1, NULL), FS_EUSAGE);
    /* A stream that cannot be written: FS_EIO. */
    assert_non_null(ro);
    assert_int_equal(fs_out_summary_xlsx(ro, &fx->res, fx->stats, NULL), FS_EIO);
    fclose(ro);
    free(fx);
}

static void test_xlsx_formats(void **state)
{
    (void)state;
    assert_string_equal(fs_out_xlsx_num_format(FS_M_ENROLLEES), "#,##0");
    assert_string_equal(fs_out_xlsx_num_format(FS_M_INCOME_FISCAL_COUNTY), "#,##0");
    assert_string_equal(fs_out_xlsx_num_format(FS_M_BALANCE), "#,##0");
    assert_string_equal(fs_out_xlsx_num_format(FS_M_PER_CAPITA_SPEND), "#,##0");
    assert_string_equal(fs_out_xlsx_num_format(FS_M_SURPLUS_RATE), "0.0000");
    assert_string_equal(fs_out_xlsx_num_format(FS_M_PROB_DEPLETION), "0.0000");
    assert_string_equal(fs_out_xlsx_num_format(FS_M_CI_LOSS_RATIO), "0.0000");
    assert_string_equal(fs_out_xlsx_num_format(FS_M_EFFECTIVE_RATIO_INPATIENT), "0.0000");
    assert_string_equal(fs_out_xlsx_num_format(FS_M_OUTPATIENT_ACCOUNT_BOUND), "0.0000");
    assert_string_equal(fs_out_xlsx_num_format(FS_M_MONTHS_COVERED), "0.00");
}

/* With a group table, summary.xlsx gains the sheet "人群 groups" before
 * "about": Chinese labels in row 1, the ids of groups.csv in row 2, then
 * one row per (year, group, tier) of means; a ratio's mean is the ratio
 * of the mean sums.  Read back with python3's zipfile (stdlib): the sheet
 * names, and cells B3 (group), Q3 (combined_ratio) and D4 (enrollees). */
static void test_groups_sheet(void **state)
{
    fs_results *res = NULL;
    fs_stat *st = calloc((size_t)2 * FS_M_COUNT, sizeof *st);
    unsigned char *bytes;
    size_t n;
    char path[512], cmd[4096];
    (void)state;
    assert_non_null(st);
    assert_int_equal(fs_results_alloc(2, 2, 2, 1, &res), FS_OK);
    snprintf(res->scenario, sizeof res->scenario, "g");
    res->start_year = 2024;
    res->replications = 2;
    snprintf(res->group_names[0], sizeof res->group_names[0], "特困人员");
    snprintf(res->group_names[1], sizeof res->group_names[1], "%s", FS_ORDINARY_GROUP_NAME);
    snprintf(res->tier_names[0], sizeof res->tier_names[0], "一档");
    for (int r = 0; r < 2; r++) {
        /* group 0, year 0: num 3 and 5 over den 10 and 30: mean 8 / 40 = 0.2 */
        *fs_results_gat(res, r, 0, 0, 0, FS_GQ_BENEFITS_BASIC) = r ? 5 : 3;
        *fs_results_gat(res, r, 0, 0, 0, FS_GQ_COST_IN_SCOPE) = r ? 30 : 10;
        *fs_results_gat(res, r, 0, 0, 0, FS_GQ_COMBINED_RATIO) = r ? 5.0 / 30 : 0.3;
        *fs_results_gat(res, r, 0, 1, 0, FS_GQ_ENROLLEES) = r ? 101 : 99;
    }
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(fs_out_summary_xlsx(f, res, st, NULL), FS_OK);
    bytes = slurp(f, &n);
    fclose(f);
    to_file(bytes, n, path, sizeof path);
    {
        /* 参保: enrollees: title row 3, header 4, rows 5 (特困人员) and 6
         * (普通居民 ordinary), total 7; basic benefits (the third table):
         * rows 17 and 18. */
        char c0[128];
        const char *checks[] = {
            "||names|基金 fund;财政 fiscal;参保 enrollees;说明 about;数据 data",
            "参保 enrollees|B4|s|2024年 (人)",
            "参保 enrollees|A5|s|特困人员",
            "参保 enrollees|A6|s|" FS_ORDINARY_GROUP_NAME,
            "参保 enrollees|B6|n|100",
            "参保 enrollees|B7|n|100",
            "参保 enrollees|A7|s|合计 Total",
            wan(c0, sizeof c0, "参保 enrollees", "B17", 4.0),
        };
        (void)cmd;
        openpyxl_check(path, checks, sizeof checks / sizeof checks[0]);
    }
    unlink(path);
    free(bytes);
    free(st);
    fs_results_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_xlsx),
        cmocka_unit_test(test_summary_xlsx_en),
        cmocka_unit_test(test_money_unit),
        cmocka_unit_test(test_diff_xlsx),
        cmocka_unit_test(test_xlsx_errors),
        cmocka_unit_test(test_xlsx_formats),
        cmocka_unit_test(test_groups_sheet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
