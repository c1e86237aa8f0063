/* sim/scenario.c -- loading a scenario: the entry points and accessors.
 * The pieces are in loader_int.h's files. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader_int.h"
#include "sha256_int.h"

/* ------------------------------------------------------------------ */
/* Loading. */

static int finish(fsi_loader *c, int rc, fs_scenario **out)
{
    if (c->oom || fsi_diags_oom(c->d))
        rc = FS_ENOMEM;
    free(c->dr);
    if (rc != FS_OK) {
        fs_scenario_free(c->sc);
        *out = NULL;
    } else {
        fsi_views_sort(c->vw);
        *out = c->sc;
    }
    fsi_arena_free(c->a);
    return rc;
}

/* Keeps the overrides in the scenario and, unless one of them names the
 * scenario, gives it a name of its own: NAME+set-XXXXXXXX (the first 8 hex
 * digits of the SHA-256 of the overrides), so its results never pass for
 * the unchanged scenario's. */
static void record_sets(fsi_loader *c, const char *const *sets, size_t nsets)
{
    fsi_views *w = c->vw;
    int named = 0;
    fsi_sha256 h;
    unsigned char d[32];
    if (nsets == 0)
        return;
    w->sets = calloc(nsets, sizeof *w->sets);
    if (!w->sets) {
        c->oom = 1;
        return;
    }
    fsi_sha256_init(&h);
    for (size_t i = 0; i < nsets; i++) {
        size_t len = strlen(sets[i]);
        w->sets[i] = malloc(len + 1);
        if (!w->sets[i]) {
            c->oom = 1;
            return;
        }
        memcpy(w->sets[i], sets[i], len + 1);
        w->nsets = i + 1;
        fsi_sha256_update(&h, sets[i], len + 1);
        named |= !strncmp(sets[i], "scenario.name=", 14) || !strncmp(sets[i], "scenario=", 9);
    }
    fsi_sha256_final(&h, d);
    if (!named) {
        size_t len = strnlen(c->sc->name, sizeof c->sc->name - 1);
        if (len > sizeof c->sc->name - 14)
            len = sizeof c->sc->name - 14;
        snprintf(c->sc->name + len, sizeof c->sc->name - len, "+set-%02x%02x%02x%02x", d[0], d[1],
                 d[2], d[3]);
    }
}

/* Loads `text` as scenario file `name` (its SHA-256 hex, relative paths
 * from dir; canon: its canonical path for cycle detection, owned here). */
static int load_common(const char *name, const char *dir, const char *text, size_t len,
                       const char *hex, char *canon, const char *const *sets, size_t nsets,
                       fs_scenario **out, fs_diags *diags_in)
{
    fs_diags *tmp = NULL;
    fs_diags *diags = diags_in;
    if (diags == NULL) {
        tmp = fs_diags_alloc();
        if (tmp == NULL) {
            free(canon);
            return FS_ENOMEM;
        }
        diags = tmp;
    }
    size_t errors_before = fs_diags_errors(diags);
    fsi_loader c;
    memset(&c, 0, sizeof c);
    c.d = diags;
    c.a = fsi_arena_new();
    c.sc = calloc(1, sizeof *c.sc);
    c.vw = calloc(1, sizeof *c.vw);
    if (c.vw)
        c.vw->a = fsi_arena_new();
    char *chain[FSI_MAX_EXTENDS + 1] = {NULL};
    chain[0] = canon;
    if (c.a == NULL || c.sc == NULL || c.vw == NULL || c.vw->a == NULL) {
        fsi_views_free(c.vw);
        free(c.sc);
        fsi_arena_free(c.a);
        free(canon);
        fs_diags_free(tmp);
        *out = NULL;
        return FS_ENOMEM;
    }
    c.sc->views = c.vw;
    c.mainfile = fsi_arena_strndup(c.a, name, strlen(name));
    const char *d0 = fsi_arena_strndup(c.a, dir, strlen(dir));
    int rc = FS_OK;
    if (c.mainfile == NULL || d0 == NULL) {
        c.oom = 1;
        rc = FS_ENOMEM;
    } else {
        fsy_node *root = fsi_load_tree(&c, c.mainfile, d0, text, len, hex, chain, 1);
        for (size_t i = 0; i < nsets && root && !c.oom; i++)
            root = fsi_apply_set(&c, root, sets[i], NULL);
        if (root && !c.oom) {
            fsi_walk_map(&c, fsi_schema_root, root, "", 0);
            record_sets(&c, sets, nsets);
            if (!c.oom) {
                fsi_build_population(&c, root);
                fsi_scenario_rules(&c, root);
                fsi_build_roster(&c, root);
                if (fsi_yaml_get(fsi_yaml_get(root, "scenario"), "start_year") != NULL &&
                    c.sc->start_year >= FS_YEAR_MIN && c.sc->years >= 1)
                    fsi_year_checks(&c, root);
            }
        }
        if (c.io_error)
            rc = FS_EIO;
        else if (fs_diags_errors(diags) > errors_before || root == NULL)
            rc = FS_ESCENARIO;
    }
    for (size_t i = 0; i <= FSI_MAX_EXTENDS; i++)
        free(chain[i]);
    rc = finish(&c, rc, out);
    fs_diags_free(tmp);
    return rc;
}

int fs_scenario_load(const char *path, fs_scenario **out, fs_diags *diags)
{
    return fs_scenario_load_with(path, NULL, 0, out, diags);
}

int fs_scenario_load_with(const char *path, const char *const *sets, size_t nsets,
                          fs_scenario **out, fs_diags *diags)
{
    if (out == NULL)
        return FS_EUSAGE;
    *out = NULL;
    if (path == NULL)
        return FS_EUSAGE;
    char *buf, hex[65];
    size_t len;
    int e = fsi_read_file(path, &buf, &len, hex);
    if (e) {
        char eb[128];
        fsi_diag_add(diags, FS_DIAG_ERROR, path, 0, 0, NULL, "cannot read the scenario: %s",
                     fsi_errno_text(e, eb, sizeof eb));
        /* a FIFO or device is the wrong input (exit 2), not an I/O failure */
        return e == ENOMEM ? FS_ENOMEM : e == FSI_ENOTREG ? FS_ESCENARIO : FS_EIO;
    }
    char *canon = realpath(path, NULL);
    char dirbuf[4096];
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        dirbuf[0] = '\0';
    else if (slash == path)
        snprintf(dirbuf, sizeof dirbuf, "/");
    else
        snprintf(dirbuf, sizeof dirbuf, "%.*s", (int)(slash - path), path);
    int rc = load_common(path, dirbuf, buf, len, hex, canon, sets, nsets, out, diags);
    free(buf);
    return rc;
}

int fs_scenario_load_string(const char *name, const char *text, size_t len,
                            const char *base_dir, fs_scenario **out, fs_diags *diags)
{
    if (out == NULL)
        return FS_EUSAGE;
    *out = NULL;
    if (text == NULL)
        return FS_EUSAGE;
    char hex[65];
    fsi_sha256_hex(text, len, hex);
    return load_common(name ? name : "<string>", base_dir ? base_dir : "", text, len, hex, NULL,
                       NULL, 0, out, diags);
}

void fs_scenario_free(fs_scenario *sc)
{
    if (sc == NULL)
        return;
    for (size_t i = 0; i < sc->nfiles; i++)
        free(sc->files[i]);
    free(sc->files);
    fsi_views_free(sc->views);
    free(sc->roster);
    free(sc);
}

const char *fs_scenario_name(const fs_scenario *sc)
{
    return sc ? sc->name : "";
}

int fs_scenario_start_year(const fs_scenario *sc)
{
    return sc ? sc->start_year : 0;
}

int fs_scenario_years(const fs_scenario *sc)
{
    return sc ? sc->years : 0;
}

int fs_scenario_replications(const fs_scenario *sc)
{
    return sc ? sc->replications : 0;
}

uint64_t fs_scenario_seed(const fs_scenario *sc)
{
    return sc ? sc->seed : 0;
}

size_t fs_scenario_file_count(const fs_scenario *sc)
{
    return sc ? sc->nfiles : 0;
}

const char *fs_scenario_file(const fs_scenario *sc, size_t i)
{
    if (sc == NULL || i >= sc->nfiles)
        return NULL;
    return sc->files[i];
}


size_t fs_scenario_set_count(const fs_scenario *sc)
{
    return sc && sc->views ? sc->views->nsets : 0;
}

const char *fs_scenario_set(const fs_scenario *sc, size_t i)
{
    return i < fs_scenario_set_count(sc) ? sc->views->sets[i] : NULL;
}

const char *fs_scenario_file_sha256(const fs_scenario *sc, size_t i)
{
    const fsi_views *w = sc ? sc->views : NULL;
    if (w == NULL || w->sha256 == NULL || i >= sc->nfiles)
        return NULL;
    return w->sha256[i];
}

fs_mode fs_scenario_mode(const fs_scenario *sc)
{
    return sc ? sc->mode : FS_MODE_AUTO;
}

const char *fs_mode_name(fs_mode m)
{
    return (unsigned)m <= FS_MODE_SAMPLE ? fsi_mode_names[m] : "";
}
