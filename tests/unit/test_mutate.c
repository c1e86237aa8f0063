/* tests/unit/test_mutate.c -- the loader survives damaged scenario files.
 *
 * A deterministic stand-in for a fuzzer: every shipped scenario, the syntax
 * reference and every corpus file is mutated many times (bytes replaced by
 * YAML metacharacters or invalid UTF-8, spans deleted, duplicated or cut
 * off), and each result is loaded from memory.  The loader must return
 * FS_OK with a usable scenario, or FS_ESCENARIO / FS_EIO with at least one
 * error that has a position or a file -- never crash, hang or leak (the
 * suite runs under ASan+UBSan in CI). */
#include "fs_test.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "fundsim.h"

#define MUTATIONS_PER_FILE 150

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

/* Applies one mutation chosen by the generator; returns the new length. */
static size_t mutate(char *buf, size_t len, size_t cap, uint64_t *s)
{
    static const char bytes[] = ":-[]{}&*!|>'\"#\n \t0.9%\xff\xc3";
    if (len == 0)
        return 0;
    size_t at = (size_t)(lcg(s) % len);
    size_t span = 1 + (size_t)(lcg(s) % 24);
    if (at + span > len)
        span = len - at;
    switch (lcg(s) % 5) {
    case 0: /* replace a byte */
        buf[at] = bytes[lcg(s) % (sizeof bytes - 1)];
        return len;
    case 1: /* delete a span */
        memmove(buf + at, buf + at + span, len - at - span);
        return len - span;
    case 2: /* duplicate a span */
        if (len + span >= cap)
            return len;
        memmove(buf + at + span, buf + at, len - at);
        return len + span;
    case 3: /* cut the file off */
        return at;
    default: /* swap two lines' worth of bytes */
    {
        size_t other = (size_t)(lcg(s) % len);
        if (other + span > len)
            return len;
        for (size_t i = 0; i < span; i++) {
            char t = buf[at + i];
            buf[at + i] = buf[other + i];
            buf[other + i] = t;
        }
        return len;
    }
    }
}

static int check_one(const char *name, const char *dir, const char *text, size_t len)
{
    fs_diags *d = fs_diags_alloc();
    fs_scenario *sc = NULL;
    assert_non_null(d);
    int rc = fs_scenario_load_string(name, text, len, dir, &sc, d);
    if (rc == FS_OK) {
        assert_non_null(sc);
        assert_int_equal(fs_diags_errors(d), 0);
        assert_true(fs_scenario_param_count(sc) > 0);
        fs_param_view v;
        for (size_t i = 0; i < fs_scenario_param_count(sc); i++) {
            int prc = fs_scenario_param_get(sc, i, fs_scenario_start_year(sc), &v);
            assert_true(prc == FS_OK || prc == FS_EUSAGE);
        }
    } else {
        if (rc != FS_ESCENARIO && rc != FS_EIO)
            fail_msg("%s: unexpected status %d (%s)", name, rc, fs_strerror(rc));
        assert_null(sc);
        assert_true(fs_diags_errors(d) >= 1);
        for (size_t i = 0; i < fs_diags_count(d); i++) {
            const fs_diag *g = fs_diags_get(d, i);
            char line[2048];
            fs_diag_format(g, line, sizeof line);
            if (g->kind == FS_DIAG_ERROR && g->file[0] == '\0')
                fail_msg("%s: an error without a file: %s", name, line);
        }
    }
    fs_scenario_free(sc);
    fs_diags_free(d);
    return rc;
}

static void mutate_file(const char *dir, const char *file, uint64_t seed, int *ok, int *bad)
{
    char path[1024];
    size_t len = 0;
    int w = snprintf(path, sizeof path, "%s/%s", dir, file);
    assert_true(w > 0 && (size_t)w < sizeof path);
    char *orig = slurp(path, &len);
    assert_non_null(orig);
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    uint64_t s = seed;
    for (int k = 0; k < MUTATIONS_PER_FILE; k++) {
        memcpy(buf, orig, len);
        size_t n = len;
        int times = 1 + (int)(lcg(&s) % 3);
        for (int j = 0; j < times; j++)
            n = mutate(buf, n, (1 << 20) - 1, &s);
        if (check_one(path, dir, buf, n) == FS_OK)
            (*ok)++;
        else
            (*bad)++;
    }
    free(buf);
    free(orig);
}

static void mutate_dir(const char *dir, int *ok, int *bad, int *files)
{
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    struct dirent *e;
    char names[128][256];
    int n = 0;
    while ((e = readdir(dp)) != NULL && n < 128) {
        size_t l = strlen(e->d_name);
        if (l > 5 && l < sizeof names[0] && strcmp(e->d_name + l - 5, ".yaml") == 0)
            snprintf(names[n++], sizeof names[0], "%s", e->d_name);
    }
    closedir(dp);
    /* readdir order is the file system's: sort so the seeds are stable. */
    qsort(names, (size_t)n, sizeof names[0], (int (*)(const void *, const void *))strcmp);
    for (int i = 0; i < n; i++) {
        uint64_t seed = 0x9e3779b97f4a7c15ULL ^ (uint64_t)i;
        for (const char *c = names[i]; *c; c++)
            seed = seed * 131 + (unsigned char)*c;
        mutate_file(dir, names[i], seed, ok, bad);
    }
    *files += n;
}

static void test_mutated_files_never_crash(void **state)
{
    (void)state;
    int ok = 0, bad = 0, files = 0;
    mutate_dir("scenarios", &ok, &bad, &files);
    mutate_dir("docs", &ok, &bad, &files);
    mutate_dir("tests/scenarios/bad", &ok, &bad, &files);
    mutate_dir("tests/scenarios/good", &ok, &bad, &files);
    printf("mutated %d files x %d: %d loaded, %d rejected with errors\n", files,
           MUTATIONS_PER_FILE, ok, bad);
    assert_true(files >= 60);
    /* Both outcomes occur: the mutations are neither all harmless nor all fatal. */
    assert_true(ok > 0 && bad > 0);
}

int main(void)
{
    fs_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mutated_files_never_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
