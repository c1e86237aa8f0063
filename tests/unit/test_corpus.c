/* tests/unit/test_corpus.c -- every YAML file in tests/scenarios/bad gives the diagnostic its
 * first line expects; docs/scenario-syntax.yaml loads cleanly.  Run from the source dir.
 * "# expect: LINE:COL: ..." is a diagnostic in the file itself; "# expect: @FILE:LINE:COL: ..."
 * one in FILE, relative to tests/scenarios/bad (a data file it names, a file it extends). */
#include "fs_test.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "fundsim.h"

#define BAD_DIR "tests/scenarios/bad"

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Checks one corpus file; returns 1 if it passed, printing why not. */
static int check_file(const char *name)
{
    char path[512], line[1024];
    snprintf(path, sizeof path, "%s/%s", BAD_DIR, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        printf("cannot open %s\n", path);
        return 0;
    }
    if (fgets(line, sizeof line, f) == NULL)
        line[0] = '\0';
    fclose(f);
    line[strcspn(line, "\r\n")] = '\0';
    const char *tag = "# expect: ";
    if (strncmp(line, tag, strlen(tag)) != 0) {
        printf("%s: first line is not '# expect: ...'\n", path);
        return 0;
    }
    char want[1600];
    const char *exp = line + strlen(tag);
    if (exp[0] == '@')
        snprintf(want, sizeof want, "%s/%s", BAD_DIR, exp + 1);
    else
        snprintf(want, sizeof want, "%s:%s", path, exp);
    int is_warning = strstr(line, ": warning: ") != NULL;

    fs_diags *d = fs_diags_alloc();
    fs_scenario *sc = NULL;
    int rc = fs_scenario_load(path, &sc, d);
    int found = 0;
    char buf[1600];
    for (size_t i = 0; i < fs_diags_count(d); i++)
        if (strcmp(fs_diag_format(fs_diags_get(d, i), buf, sizeof buf), want) == 0)
            found = 1;
    int ok = found;
    if (!is_warning && (rc == FS_OK || sc != NULL))
        ok = 0;
    if (!ok) {
        printf("%s: rc=%d, want the diagnostic\n  %s\ngot:\n", path, rc, want);
        for (size_t i = 0; i < fs_diags_count(d); i++)
            printf("  %s\n", fs_diag_format(fs_diags_get(d, i), buf, sizeof buf));
    }
    fs_scenario_free(sc);
    fs_diags_free(d);
    return ok;
}

static void test_bad_corpus(void **state)
{
    (void)state;
    DIR *dir = opendir(BAD_DIR);
    assert_non_null(dir);
    char *names[512];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL && n < 512) {
        if (!ends_with(e->d_name, ".yaml"))
            continue;
        size_t len = strlen(e->d_name);
        names[n] = malloc(len + 1);
        assert_non_null(names[n]);
        memcpy(names[n], e->d_name, len + 1);
        n++;
    }
    closedir(dir);
    qsort(names, n, sizeof names[0], cmp_str);
    assert_true(n >= 30);
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        if (!check_file(names[i]))
            failed++;
        free(names[i]);
    }
    printf("%zu corpus files, %zu failed\n", n, failed);
    assert_int_equal(failed, 0);
}

static void test_syntax_doc_loads(void **state)
{
    (void)state;
    fs_diags *d = fs_diags_alloc();
    fs_scenario *sc = NULL;
    int rc = fs_scenario_load("docs/scenario-syntax.yaml", &sc, d);
    char buf[1600];
    for (size_t i = 0; i < fs_diags_count(d); i++)
        printf("%s\n", fs_diag_format(fs_diags_get(d, i), buf, sizeof buf));
    assert_int_equal(rc, FS_OK);
    assert_non_null(sc);
    assert_int_equal(fs_diags_errors(d), 0);
    assert_string_equal(fs_scenario_name(sc), "example");
    assert_int_equal(fs_scenario_start_year(sc), 2023);
    fs_scenario_free(sc);
    fs_diags_free(d);
}

int main(void)
{
    fs_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_corpus),
        cmocka_unit_test(test_syntax_doc_loads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
