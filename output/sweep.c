/* output/sweep.c -- the varied parameter's column name and solved.yaml of
 * `fundsim solve` (sweep.csv is in csv.c, the JSON records in json.c, the
 * sweep's workbook in xlsx.c). */
#include <string.h>

#include "fs_output.h"

void fs_out_vary_column(const fs_vary_info *v, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s", v->path, strcmp(v->op, "=") ? v->op : "");
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
    fputs("extends: ", f);
    fs_out_json_string(f, sv->extends); /* a JSON string is a YAML double-quoted scalar */
    fputs("\nscenario:\n  name: ", f);
    fs_out_json_string(f, sv->solved_name);
    fputs("\noverrides:\n", f);
    for (size_t i = 0; i < sv->files.set_count; i++) {
        fputs("  - ", f);
        fs_out_json_string(f, sv->files.sets[i]);
        fputs("\n", f);
    }
    for (size_t i = 0; i < sv->nrun_sets; i++) {
        fputs("  - ", f);
        fs_out_json_string(f, sv->run_sets[i]);
        fputs("\n", f);
    }
    fputs("  - ", f);
    fs_out_json_string(f, sv->answer_set);
    fputs("\n", f);
    return ferror(f) ? FS_EIO : FS_OK;
}
