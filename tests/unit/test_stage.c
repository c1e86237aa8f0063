/* tests/unit/test_stage.c -- the output directory as one unit
 * (output/stage.c): the lock refuses a second holder; a commit replaces
 * every file or none (a failure in phase 1 or phase 2, in one directory
 * or the second of two, puts every old file back and leaves no hidden
 * file); stale files go with the commit; recovery rolls back a commit
 * whose marker is still there and finishes one whose marker is gone. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs_output.h"
#include "fs_test.h"

static char root[256];

static void put(const char *dir, const char *name, const char *text)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The content of dir/name ("" if absent, "<dir>" for a directory). */
static const char *get(const char *dir, const char *name)
{
    static char buf[256];
    char p[1024];
    struct stat sb;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
        return "<dir>";
    FILE *f = fopen(p, "r");
    if (!f)
        return "";
    size_t k = fread(buf, 1, sizeof buf - 1, f);
    buf[k] = '\0';
    fclose(f);
    return buf;
}

/* The number of hidden entries in dir (other than . and ..). */
static int hidden(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static void stage_file(fs_out_stage *st, const char *name, const char *text)
{
    char err[512];
    FILE *f = fs_out_stage_open(st, name, err, sizeof err);
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fs_out_stage_close(st, f, err, sizeof err), FS_OK);
}

static void fresh(char *dir, size_t n, const char *name)
{
    snprintf(dir, n, "%s/%s", root, name);
    assert_int_equal(mkdir(dir, 0777), 0);
    put(dir, "a.csv", "old a");
    put(dir, "b.csv", "old b");
}

static void test_lock(void **state)
{
    char dir[512], err[512], want[64], pid[32];
    fs_out_lock a, b;
    (void)state;
    snprintf(dir, sizeof dir, "%s/locked/sub", root);
    assert_int_equal(fs_out_dir_lock(&a, dir, err, sizeof err), FS_OK);
    assert_true(a.made);
    snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    assert_string_equal(get(dir, ".fundsim.lock"), pid);
    /* A second open file description is refused like another process. */
    assert_int_equal(fs_out_dir_lock(&b, dir, err, sizeof err), FS_EIO);
    snprintf(want, sizeof want, "in use by another fundsim (pid %ld)", (long)getpid());
    assert_non_null(strstr(err, want));
    fs_out_dir_unlock(&b, 1); /* never held: no effect */
    assert_string_equal(get(dir, ".fundsim.lock"), pid);
    fs_out_dir_unlock(&a, 1); /* created by a with its parent, empty: both removed */
    assert_int_equal(access(dir, F_OK), -1);
    snprintf(dir, sizeof dir, "%s/locked", root);
    assert_int_equal(access(dir, F_OK), -1);
    snprintf(dir, sizeof dir, "%s/locked/sub", root);
    assert_int_equal(fs_out_dir_lock(&a, dir, err, sizeof err), FS_OK);
    assert_int_equal(fs_out_dir_probe(dir, err, sizeof err), FS_OK);
    put(dir, "keep.csv", "x");
    fs_out_dir_unlock(&a, 1); /* not empty: kept, lock file gone */
    assert_string_equal(get(dir, "keep.csv"), "x");
    assert_int_equal(hidden(dir), 0);
    /* A regular file in the way. */
    put(root, "afile", "x");
    snprintf(dir, sizeof dir, "%s/afile", root);
    assert_int_equal(fs_out_dir_lock(&a, dir, err, sizeof err), FS_EIO);
    assert_non_null(strstr(err, "not a directory"));
}

/* A commit replaces a.csv, adds c.csv and removes the stale b.csv. */
static void test_commit(void **state)
{
    char dir[512], err[512];
    fs_out_stage *st = malloc(sizeof *st);
    (void)state;
    fresh(dir, sizeof dir, "commit");
    put(dir, ".a.csv.tmp.1", "leftover"); /* an old-style temporary: no collision */
    fs_out_stage_init(st, dir);
    stage_file(st, "a.csv", "new a");
    stage_file(st, "c.csv", "new c");
    assert_int_equal(fs_out_stage_remove(st, "b.csv", err, sizeof err), FS_OK);
    assert_int_equal(fs_out_stage_remove(st, "never.csv", err, sizeof err), FS_OK);
    assert_int_equal(fs_out_stage_commit(st, err, sizeof err), FS_OK);
    assert_string_equal(get(dir, "a.csv"), "new a");
    assert_string_equal(get(dir, "c.csv"), "new c");
    assert_string_equal(get(dir, "b.csv"), "");
    assert_string_equal(get(dir, ".a.csv.tmp.1"), "leftover");
    assert_int_equal(hidden(dir), 1);
    assert_int_equal(fs_out_dir_recover(dir, NULL, err, sizeof err), FS_OK);
    assert_int_equal(hidden(dir), 0);
    free(st);
}

/* Phase 1 fails (a directory at c.csv's name): nothing changes. */
static void test_commit_fails_aside(void **state)
{
    char dir[512], sub[600], err[512];
    fs_out_stage *st = malloc(sizeof *st);
    (void)state;
    fresh(dir, sizeof dir, "aside");
    snprintf(sub, sizeof sub, "%s/c.csv", dir);
    assert_int_equal(mkdir(sub, 0777), 0);
    fs_out_stage_init(st, dir);
    stage_file(st, "a.csv", "new a");
    assert_int_equal(fs_out_stage_remove(st, "b.csv", err, sizeof err), FS_OK);
    stage_file(st, "c.csv", "new c");
    assert_int_equal(fs_out_stage_commit(st, err, sizeof err), FS_EIO);
    assert_non_null(strstr(err, "c.csv: it is a directory"));
    assert_string_equal(get(dir, "a.csv"), "old a");
    assert_string_equal(get(dir, "b.csv"), "old b");
    assert_string_equal(get(dir, "c.csv"), "<dir>");
    assert_int_equal(hidden(dir), 0);
    free(st);
}

/* Phase 2 fails (c.csv's temporary vanished) after a.csv and the new
 * d.csv were renamed in: they are undone. */
static void test_commit_fails_rename(void **state)
{
    char dir[512], err[512];
    fs_out_stage *st = malloc(sizeof *st);
    (void)state;
    fresh(dir, sizeof dir, "rename");
    fs_out_stage_init(st, dir);
    stage_file(st, "a.csv", "new a");
    stage_file(st, "d.csv", "new d");
    stage_file(st, "c.csv", "new c");
    assert_int_equal(unlink(st->file[2].tmp), 0);
    assert_int_equal(fs_out_stage_commit(st, err, sizeof err), FS_EIO);
    assert_non_null(strstr(err, "cannot rename"));
    assert_string_equal(get(dir, "a.csv"), "old a");
    assert_string_equal(get(dir, "b.csv"), "old b");
    assert_string_equal(get(dir, "d.csv"), "");
    assert_string_equal(get(dir, "c.csv"), "");
    assert_int_equal(hidden(dir), 0);
    free(st);
}

/* Two directories, one commit: a failure in the second (the top) leaves
 * the first unchanged too. */
static void test_commit_two_dirs(void **state)
{
    char dir[2][600], sub[700], err[512];
    fs_out_stage *st = calloc(2, sizeof *st);
    (void)state;
    fresh(dir[1], 512, "top");
    snprintf(dir[0], sizeof dir[0], "%.500s/base", dir[1]);
    assert_int_equal(mkdir(dir[0], 0777), 0);
    put(dir[0], "a.csv", "old base a");
    snprintf(sub, sizeof sub, "%s/b.csv", dir[1]);
    assert_int_equal(unlink(sub), 0);
    assert_int_equal(mkdir(sub, 0777), 0); /* the top's b.csv: in the way */
    fs_out_stage_init(&st[0], dir[0]);
    fs_out_stage_init(&st[1], dir[1]);
    stage_file(&st[0], "a.csv", "new base a");
    stage_file(&st[1], "a.csv", "new a");
    stage_file(&st[1], "b.csv", "new b");
    assert_int_equal(fs_out_commit(st, 2, err, sizeof err), FS_EIO);
    assert_string_equal(get(dir[0], "a.csv"), "old base a");
    assert_string_equal(get(dir[1], "a.csv"), "old a");
    assert_int_equal(hidden(dir[0]), 0);
    assert_int_equal(hidden(dir[1]), 0);
    /* Without the obstacle: both directories change. */
    assert_int_equal(rmdir(sub), 0);
    fs_out_stage_init(&st[0], dir[0]);
    fs_out_stage_init(&st[1], dir[1]);
    stage_file(&st[0], "a.csv", "new base a");
    stage_file(&st[1], "b.csv", "new b");
    assert_int_equal(fs_out_commit(st, 2, err, sizeof err), FS_OK);
    assert_string_equal(get(dir[0], "a.csv"), "new base a");
    assert_string_equal(get(dir[1], "b.csv"), "new b");
    assert_int_equal(hidden(dir[0]), 0);
    assert_int_equal(hidden(dir[1]), 0);
    free(st);
}

/* What a commit killed between two renames leaves (markers, aside
 * files, new files, temporaries): rolled back while the top's marker
 * exists, finished once it is gone. */
static void killed_commit(const char *top, const char *sub, int marker)
{
    put(sub, "a.csv", "new a");
    put(sub, ".a.csv.bak.7-0badc0de", "old a");
    put(sub, "c.csv", "new c");
    put(sub, ".c.csv.new.7-0badc0de", "");
    put(sub, ".b.csv.tmp.7-12345678", "half");
    put(sub, ".fundsim.commit.7-0badc0de", "");
    if (marker)
        put(top, ".fundsim.commit.7-0badc0de", "");
}

static void test_recover(void **state)
{
    char top[512], dir[600], err[512];
    (void)state;
    fresh(top, sizeof top, "recover");
    snprintf(dir, sizeof dir, "%s/base", top);
    assert_int_equal(mkdir(dir, 0777), 0);
    killed_commit(top, dir, 1);
    assert_int_equal(fs_out_dir_recover(dir, top, err, sizeof err), FS_OK);
    assert_int_equal(fs_out_dir_recover(top, NULL, err, sizeof err), FS_OK);
    assert_string_equal(get(dir, "a.csv"), "old a");
    assert_string_equal(get(dir, "c.csv"), "");
    assert_int_equal(hidden(dir), 0);
    assert_int_equal(hidden(top), 0);
    /* The commit point passed: the new files stay. */
    killed_commit(top, dir, 0);
    assert_int_equal(fs_out_dir_recover(dir, top, err, sizeof err), FS_OK);
    assert_string_equal(get(dir, "a.csv"), "new a");
    assert_string_equal(get(dir, "c.csv"), "new c");
    assert_int_equal(hidden(dir), 0);
    /* Not ours: kept. */
    put(dir, ".notes", "mine");
    put(dir, ".x.tmp.not ours", "mine");
    assert_int_equal(fs_out_dir_recover(dir, top, err, sizeof err), FS_OK);
    assert_int_equal(hidden(dir), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lock),
        cmocka_unit_test(test_commit),
        cmocka_unit_test(test_commit_fails_aside),
        cmocka_unit_test(test_commit_fails_rename),
        cmocka_unit_test(test_commit_two_dirs),
        cmocka_unit_test(test_recover),
    };
    const char *tmp = getenv("TMPDIR");
    snprintf(root, sizeof root, "%s/fundsim_stage.XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(root))
        return 1;
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        rc = 1;
    return rc;
}
