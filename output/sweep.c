/* output/sweep.c -- the varied parameter's column name, and the scenarios that extend
 * the one a command worked on: solved.yaml of `fundsim solve`, calibrated.yaml of
 * `fundsim calibrate` (sweep.csv is in csv.c, the JSON records in json.c, the
 * sweep's workbook in xlsx.c). */
#include <string.h>

#include "fs_output.h"

void fs_out_vary_column(const fs_vary_info *v, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s", v->path, strcmp(v->op, "=") ? v->op : "");
}

/* A scenario extending `extends` under `name`, whose overrides: list is
 * the user's overrides, then the run options, then `extra` (n of them). */
static int extending_yaml(FILE *f, const char *extends, const char *name,
                          const fs_file_list *files, const char *const *run_sets,
                          size_t nrun_sets, const char *const *extra, size_t n)
{
    fputs("extends: ", f);
    fs_out_json_string(f, extends); /* a JSON string is a YAML double-quoted scalar */
    fputs("\nscenario:\n  name: ", f);
    fs_out_json_string(f, name);
    fputs("\noverrides:\n", f);
    for (size_t i = 0; i < files->set_count + nrun_sets + n; i++) {
        size_t k = i;
        const char *v = k < files->set_count ? files->sets[k]
                        : (k -= files->set_count) < nrun_sets ? run_sets[k]
                                                                : extra[k - nrun_sets];
        fputs("  - ", f);
        fs_out_json_string(f, v);
        fputs("\n", f);
    }
    return ferror(f) ? FS_EIO : FS_OK;
}

int fs_out_solved_yaml(FILE *f, const fs_solve_info *sv)
{
    char num[FS_OUT_NUMBUF];
    if (!f || !sv || !sv->result || !sv->extends || !sv->solved_name || !sv->answer_set)
        return FS_EUSAGE;
    fputs("# Written by `fundsim solve` (fundsim " FS_VERSION "): the scenario below with the\n"
          "# value found for ",
          f);
    fputs(sv->vary.path, f);
    fputs(",\n# ", f);
    fputs(sv->maximize ? "the largest" : "the smallest", f);
    fprintf(f, " in [%s, ", fs_out_format_double(sv->vary.from, num, sizeof num) ? num : "");
    fprintf(f, "%s] that meets ", fs_out_format_double(sv->vary.to, num, sizeof num) ? num : "");
    fputs(sv->target ? sv->target : "", f);
    fputs(".\n# Rerun it with `fundsim run` on this file; solve.json beside it has the search.\n",
          f);
    return extending_yaml(f, sv->extends, sv->solved_name, &sv->files, sv->run_sets,
                          sv->nrun_sets, &sv->answer_set, 1);
}

int fs_out_calibrated_yaml(FILE *f, const fs_calib_info *ci)
{
    char buf[FS_OUT_NUMBUF], sets[FS_CALIB_MAX][FS_OUT_NUMBUF + 96];
    const char *ptrs[FS_CALIB_MAX];
    const fs_calibration *c = ci ? ci->cal : NULL;
    size_t n = 0;
    if (!f || !c || !ci->extends || !ci->calibrated_name)
        return FS_EUSAGE;
    fprintf(f,
            "# Written by `fundsim calibrate` (fundsim " FS_VERSION "): the scenario below with\n"
            "# the factors fitted to its calibrate.targets of %d (calibration.json beside\n"
            "# it has the fit).  Run it with `fundsim run` on this file.\n",
            c->year);
    for (int i = 0; i < c->nfactors && n < FS_CALIB_MAX; i++) {
        const fs_calib_factor *k = &c->factor[i];
        if (!k->fitted && k->value == k->start)
            continue;
        snprintf(sets[n], sizeof sets[n], "calibrate.%s=%s", k->path,
                 fs_out_format_double(k->value, buf, sizeof buf) ? buf : "1");
        ptrs[n] = sets[n];
        n++;
    }
    return extending_yaml(f, ci->extends, ci->calibrated_name, &ci->files, ci->run_sets,
                          ci->nrun_sets, ptrs, n);
}
