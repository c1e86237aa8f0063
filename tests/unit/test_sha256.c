/* tests/unit/test_sha256.c -- SHA-256 (FIPS 180-2 vectors) and the loader's
 * provenance digests: every file a scenario is built from is hashed as the
 * loader read it, so a file edited after the load does not change the
 * recorded digest. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs_test.h"
#include "fundsim.h"
#include "sha256_int.h"

static void test_sha256_vectors(void **state)
{
    char hex[65];
    fsi_sha256 c;
    unsigned char d[32];
    static const char *const million_a =
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    char block[1000];
    (void)state;

    /* FIPS 180-2 Appendix B.1 and the empty message. */
    fsi_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    fsi_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    /* B.2: two blocks (padding spills into a second block). */
    fsi_sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* B.3: one million 'a', fed in uneven pieces. */
    memset(block, 'a', sizeof block);
    fsi_sha256_init(&c);
    for (int i = 0; i < 1000; i++) {
        fsi_sha256_update(&c, block, 7);
        fsi_sha256_update(&c, block, 993);
    }
    fsi_sha256_final(&c, d);
    {
        char got[65];
        for (int i = 0; i < 32; i++)
            snprintf(got + 2 * i, 3, "%02x", d[i]);
        assert_string_equal(got, million_a);
    }
}

/* A scenario file and the CSV it reads are hashed as loaded; editing the
 * file afterwards does not change what the scenario records. */
static void test_scenario_hashes(void **state)
{
    char dir[] = "/tmp/fs_test_hash_XXXXXX", path[256], csv[256], hex[65];
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/s.yaml", dir);
    snprintf(csv, sizeof csv, "%s/q.csv", dir);
    FILE *f = fopen(csv, "w");
    assert_non_null(f);
    fputs("age,male,female\n", f);
    for (int a = 0; a <= 100; a++)
        fprintf(f, "%d,%g,%g\n", a, a == 100 ? 1.0 : 0.001, a == 100 ? 1.0 : 0.0008);
    fclose(f);
    static const char text[] =
        "scenario: {name: h, start_year: 2023, years: 2}\n"
        "population: {total: 1000, mortality: {table: q.csv}}\n"
        "tiers: [{contribution: 350}]\n"
        "financing: {fiscal_subsidy: 610, fiscal_shares: {county: 1}}\n"
        "benefits:\n"
        "  inpatient:\n"
        "    admission_rate: 0.1\n"
        "    levels: [{name: county, share: 1, cost: {mean: 5000, cv: 1}, ratio: 0.7}]\n";
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    fs_scenario *sc = NULL;
    fs_diags *d = fs_diags_alloc();
    assert_int_equal(fs_scenario_load(path, &sc, d), FS_OK);
    assert_int_equal(fs_scenario_file_count(sc), 2);
    assert_string_equal(fs_scenario_file(sc, 0), path);
    fsi_sha256_hex(text, strlen(text), hex);
    assert_string_equal(fs_scenario_file_sha256(sc, 0), hex);
    /* Edited after the load: the record keeps the bytes that were read. */
    f = fopen(path, "a");
    fputs("# edited\n", f);
    fclose(f);
    assert_string_equal(fs_scenario_file_sha256(sc, 0), hex);
    assert_int_equal(strlen(fs_scenario_file_sha256(sc, 1)), 64);
    assert_null(fs_scenario_file_sha256(sc, 2));
    fs_scenario_free(sc);
    /* From a string: the digest of the string. */
    assert_int_equal(fs_scenario_load_string("mem.yaml", text, strlen(text), dir, &sc, d), FS_OK);
    assert_string_equal(fs_scenario_file_sha256(sc, 0), hex);
    fs_scenario_free(sc);
    fs_diags_free(d);
    unlink(path);
    unlink(csv);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_scenario_hashes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
