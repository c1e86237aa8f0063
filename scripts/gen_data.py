#!/usr/bin/env python3
"""scripts/gen_data.py -- generate sim/data_china.c from the project copies in data/.

Python 3 standard library only.  Usage (from the repository root or anywhere):

    python3 scripts/gen_data.py            # writes sim/data_china.c, prints checks
    python3 scripts/gen_data.py --readme   # also rewrites the checks block in data/README.md
    python3 scripts/gen_data.py --check    # exit 1 if sim/data_china.c is not up to date

Defines exactly the three arrays declared in sim/data_int.h:

  fsi_china_pop2020[2][FS_NAGES]   census 2020 table 6-4 average population, single
                                   ages 0..99 and 100+, [0] male [1] female
  fsi_china_qx[2][FS_NAGES]        one-year probability of dying; the 5-year-group nqx of
                                   data/china_life_table.csv spread to single years at a
                                   constant hazard: q1 = 1 - (1 - nqx)^(1/n); age 0 is its
                                   own group, 1-4 has n = 4, 5-9 .. 95-99 n = 5; q(100) = 1
  fsi_china_asfr_shape[FS_NAGES]   census-2020 age-specific fertility rates (5-year groups,
                                   data/china_fertility_2020.csv rows `asfr`) given to each
                                   single age of the group, normalised to sum 1; 0 outside 15-49
"""
import csv
import math
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data")
OUT = os.path.join(ROOT, "sim", "data_china.c")
README = os.path.join(DATA, "README.md")
NAGES = 101  # FS_NAGES: ages 0..100, 100 = 100 and over

BEGIN = "<!-- gen_data.py checks: begin (generated, do not edit) -->"
END = "<!-- gen_data.py checks: end -->"


def read_csv(name):
    with open(os.path.join(DATA, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def one_source(rows):
    srcs = sorted(set(r["source"] for r in rows))
    return srcs


def load_population():
    rows = read_csv("china_population_2020_single_age.csv")
    pop = [[0.0] * NAGES, [0.0] * NAGES]
    seen = set()
    for r in rows:
        a = r["age"].strip()
        age = 100 if a in ("100+", "100") else int(a)
        if age in seen or not 0 <= age <= 100:
            raise SystemExit("population: bad or duplicate age %r" % a)
        seen.add(age)
        pop[0][age] = float(r["male"])
        pop[1][age] = float(r["female"])
    if len(seen) != NAGES:
        raise SystemExit("population: expected ages 0..100+, got %d rows" % len(seen))
    return pop, one_source(rows)


def group_range(label):
    """'0' -> (0, 1); '1-4' -> (1, 4); '100+' -> (100, 1)."""
    label = label.strip()
    if label.endswith("+"):
        return int(label[:-1]), 1
    if "-" in label:
        lo, hi = label.split("-")
        return int(lo), int(hi) - int(lo) + 1
    return int(label), 1


def load_qx():
    rows = read_csv("china_life_table.csv")
    q = [[None] * NAGES, [None] * NAGES]
    for r in rows:
        s = {"male": 0, "female": 1}[r["sex"].strip()]
        lo, n = group_range(r["age_group"])
        nq = float(r["qx"])
        if lo == 100:
            q[s][100] = 1.0
            continue
        q1 = 1.0 - (1.0 - nq) ** (1.0 / n)
        for a in range(lo, lo + n):
            q[s][a] = q1
    for s in (0, 1):
        q[s][100] = 1.0
        if any(v is None for v in q[s]):
            raise SystemExit("life table: ages not covered for sex %d" % s)
    return q, one_source(rows)


def load_asfr():
    rows = [r for r in read_csv("china_fertility_2020.csv") if r["indicator"] == "asfr"]
    raw = [0.0] * NAGES
    for r in rows:
        lo, n = group_range(r["age_group"])
        for a in range(lo, lo + n):
            raw[a] = float(r["value"])
    tfr_rebuilt = sum(raw)  # single-year rates summed = TFR implied by the group rates
    tot = sum(raw)
    shape = [v / tot for v in raw]
    tfr_rows = [r for r in read_csv("china_fertility_2020.csv") if r["indicator"] == "tfr"]
    return shape, tfr_rebuilt, one_source(rows), tfr_rows


# ---------------------------------------------------------------------------
# Enrollee-eligible age structures for the scenarios (data/structures/*.csv).
#
# ASSUMPTIONS (documented in docs/assumptions.md and data/README.md):
#  1. Regional structure = the national single-age shape (table 6-4) reweighted
#     within broad age bands to the region's quoted band shares (regions.csv).
#  2. Residents eligible for the resident scheme = residents minus those in the
#     employee scheme (职工医保).  Employee-scheme coverage by age:
#       ages < 18: 0 (the employee scheme does not cover dependants);
#       18..21: ramp 0.1, 0.2, 0.4, 0.6 of the working-age share w;
#       22..59: w (active employees);  60+: r (retirees).
#     National w and r are solved so that the employee scheme holds 32,925万
#     (2019, urrbmi_national_2018_2021.csv, derived) of which 26.4% retirees
#     (UNVERIFIED recall of the 2019 bulletin: 退休 ~8,700万).  Rural counties
#     use w = 0.10, r = 0.08 (ASSUMPTION: only civil servants, teachers, county
#     enterprises; migrants who work elsewhere still enrol at home).
EMPLOYEE_2019 = 329.25e6
RETIREE_SHARE = 0.264
RAMP = {18: 0.1, 19: 0.2, 20: 0.4, 21: 0.6}

STRUCTURES = [
    # name, description, band targets [(lo, hi, share)], coverage ('national' | (w, r))
    ("national", "China, census 2020 national shape (no regional reweighting)", None, "national"),
    ("shanxi-county", "Shanxi 2023 band shares 0-14 14.93% / 60+ 21.64% (regions.csv, "
     "quoted: 山西省2023年人口变动抽样调查), rural-county employee coverage",
     [(0, 14, 0.1493), (15, 59, 1 - 0.1493 - 0.2164), (60, 100, 0.2164)], (0.10, 0.08)),
    ("chongqing", "Chongqing 2022 band shares 0-15 15.84% / 60+ 22.16% (regions.csv, quoted: "
     "2022年重庆市统计公报), national employee coverage",
     [(0, 15, 0.1584), (16, 59, 1 - 0.1584 - 0.2216), (60, 100, 0.2216)], "national"),
    ("chongqing-county", "Chongqing 2022 band shares (as chongqing; Pengshui's own 2020 "
     "figures NOT FOUND), rural-county employee coverage",
     [(0, 15, 0.1584), (16, 59, 1 - 0.1584 - 0.2216), (60, 100, 0.2216)], (0.10, 0.08)),
    ("qinhuangdao", "Qinhuangdao 2022 band shares 0-14 13.8% / 65+ 18.67% (regions.csv, "
     "quoted-weak), national employee coverage",
     [(0, 14, 0.138), (15, 64, 1 - 0.138 - 0.1867), (65, 100, 0.1867)], "national"),
]


def employee_coverage(pop):
    """Solve national (w, r) from the 2019 employee-scheme total and retiree share."""
    active = EMPLOYEE_2019 * (1 - RETIREE_SHARE)
    retired = EMPLOYEE_2019 * RETIREE_SHARE
    wbase = sum((pop[0][a] + pop[1][a]) * (RAMP.get(a, 1.0)) for a in range(18, 60))
    rbase = sum(pop[0][a] + pop[1][a] for a in range(60, NAGES))
    return active / wbase, retired / rbase


def build_structures(pop):
    wn, rn = employee_coverage(pop)
    out = []
    for name, desc, bands, cov in STRUCTURES:
        p = [pop[0][:], pop[1][:]]
        if bands:
            total = sum(p[0]) + sum(p[1])
            for lo, hi, share in bands:
                cur = sum(p[0][a] + p[1][a] for a in range(lo, hi + 1)) / total
                f = share / cur
                for a in range(lo, hi + 1):
                    p[0][a] *= f
                    p[1][a] *= f
        w, r = (wn, rn) if cov == "national" else cov
        for a in range(NAGES):
            e = 0.0 if a < 18 else (w * RAMP.get(a, 1.0) if a < 60 else r)
            p[0][a] *= 1 - e
            p[1][a] *= 1 - e
        tot = sum(p[0]) + sum(p[1])
        sh = [[v / tot for v in p[0]], [v / tot for v in p[1]]]
        band = lambda lo, hi: sum(sh[0][a] + sh[1][a] for a in range(lo, hi + 1))
        stats = "0-17 %.1f%%, 18-59 %.1f%%, 60+ %.1f%%, 65+ %.1f%%, mean age %.1f" % (
            100 * band(0, 17), 100 * band(18, 59), 100 * band(60, 100), 100 * band(65, 100),
            sum(a * (sh[0][a] + sh[1][a]) for a in range(NAGES)))
        out.append((name, desc, (w, r), sh, stats))
    return out, (wn, rn)


def write_structures(structs):
    d = os.path.join(DATA, "structures")
    os.makedirs(d, exist_ok=True)
    for name, desc, cov, sh, stats in structs:
        with open(os.path.join(d, name + ".csv"), "w", encoding="utf-8", newline="") as f:
            f.write("age,male,female\n")
            for a in range(NAGES):
                f.write("%d,%.9f,%.9f\n" % (a, sh[0][a], sh[1][a]))


def life_expectancy(qs):
    """e0 from single-year q: deaths at mid-year (a = 0.5) except age 0 (a0 = 0.15, a
    round figure for low-mortality populations); open interval 100+: L = l100 * 2.0
    (assumed mean remaining life at 100, a round figure).  Check only."""
    l = 1.0
    T = 0.0
    for a in range(100):
        d = l * qs[a]
        ax = 0.15 if a == 0 else 0.5
        T += l - d + ax * d
        l -= d
    T += l * 2.0
    return T


def fmt(v):
    return "%.9g" % v


def c_array_rows(vals, per_line=6, indent="        "):
    out = []
    for i in range(0, len(vals), per_line):
        chunk = vals[i:i + per_line]
        out.append(indent + ", ".join(fmt(v) for v in chunk) + ",")
    out[-1] = out[-1].rstrip(",")
    return "\n".join(out)


def wrap_comment(text, width=76, prefix=" *   "):
    words = text.split()
    lines, cur = [], ""
    for w in words:
        if len(cur) + len(w) + 1 > width and cur:
            lines.append(cur)
            cur = w
        else:
            cur = (cur + " " + w) if cur else w
    if cur:
        lines.append(cur)
    return "\n".join(prefix + ln.replace("*/", "* /") for ln in lines)


def generate():
    pop, pop_src = load_population()
    q, q_src = load_qx()
    asfr, tfr_rebuilt, asfr_src, tfr_rows = load_asfr()

    e0 = [life_expectancy(q[0]), life_expectancy(q[1])]
    tot = [sum(pop[0]), sum(pop[1])]
    allp = tot[0] + tot[1]
    share = lambda lo, hi: sum(pop[0][a] + pop[1][a] for a in range(lo, hi + 1)) / allp
    mean_age_birth = sum(a * asfr[a] for a in range(NAGES))
    checks = [
        ("population total (average population, table 6-4)",
         "%d male + %d female = %d" % (tot[0], tot[1], allp)),
        ("population shares 0-14 / 15-59 / 60+ / 65+",
         "%.2f%% / %.2f%% / %.2f%% / %.2f%% (7th-census bulletin, census-day count: 17.95 / 63.35 / 18.70 / 13.50)"
         % (100 * share(0, 14), 100 * share(15, 59), 100 * share(60, 100), 100 * share(65, 100))),
        ("sex ratio (M per 100 F)", "%.2f (bulletin 105.07)" % (100 * tot[0] / tot[1])),
        ("life expectancy at birth rebuilt from single-year q",
         "%.2f male / %.2f female (source table's own rebuild 75.26 / 80.89; WPP 2020 75.25 / 81.00)"
         % (e0[0], e0[1])),
        ("q(0), q(65), q(85), q(99), q(100) male",
         ", ".join("%.5f" % q[0][a] for a in (0, 65, 85, 99, 100))),
        ("q(0), q(65), q(85), q(99), q(100) female",
         ", ".join("%.5f" % q[1][a] for a in (0, 65, 85, 99, 100))),
        ("fertility shape: sum / ages with non-zero rate",
         "%.6f / %d..%d" % (sum(asfr), min(a for a in range(NAGES) if asfr[a] > 0),
                           max(a for a in range(NAGES) if asfr[a] > 0))),
        ("TFR implied by the census group rates (sum over single ages)",
         "%.3f (census TFR quoted 1.3)" % tfr_rebuilt),
        ("mean age of the fertility schedule", "%.2f years" % mean_age_birth),
    ]

    hdr = []
    hdr.append("/* sim/data_china.c -- GENERATED by scripts/gen_data.py from the CSV files in data/.  DO NOT EDIT:")
    hdr.append(" * change the CSV (keeping its source column) and rerun `python3 scripts/gen_data.py`.")
    hdr.append(" *")
    hdr.append(" * fsi_china_pop2020: data/china_population_2020_single_age.csv. Source:")
    for s in pop_src:
        hdr.append(wrap_comment(s))
    hdr.append(" * fsi_china_qx: data/china_life_table.csv (5-year groups), spread to single")
    hdr.append(" *   years at constant hazard q1 = 1-(1-nqx)^(1/n); age 0 its own; 1-4 n=4;")
    hdr.append(" *   q(100) = 1.  Source of the group table:")
    for s in q_src:
        hdr.append(wrap_comment(s))
    hdr.append(" * fsi_china_asfr_shape: data/china_fertility_2020.csv rows `asfr` (census")
    hdr.append(" *   2020, 5-year groups), the group rate given to each single age, normalised")
    hdr.append(" *   to sum 1; 0 outside 15-49.  Source:")
    for s in asfr_src:
        hdr.append(wrap_comment(s))
    hdr.append(" *")
    hdr.append(" * Checks (printed by the generator, also in data/README.md):")
    for k, v in checks:
        hdr.append(wrap_comment("%s: %s" % (k, v), prefix=" *   "))
    hdr.append(" */")

    body = []
    body.append('#include "data_int.h"')
    body.append("")
    body.append("const double fsi_china_pop2020[2][FS_NAGES] = {")
    body.append("    { /* male, ages 0..99, 100+ */")
    body.append(c_array_rows([round(v) for v in pop[0]]))
    body.append("    },")
    body.append("    { /* female */")
    body.append(c_array_rows([round(v) for v in pop[1]]))
    body.append("    }")
    body.append("};")
    body.append("")
    body.append("const double fsi_china_qx[2][FS_NAGES] = {")
    body.append("    { /* male, ages 0..99, 100+ */")
    body.append(c_array_rows(q[0]))
    body.append("    },")
    body.append("    { /* female */")
    body.append(c_array_rows(q[1]))
    body.append("    }")
    body.append("};")
    body.append("")
    body.append("const double fsi_china_asfr_shape[FS_NAGES] = { /* ages 0..100, sums to 1 */")
    body.append(c_array_rows(asfr, indent="    "))
    body.append("};")
    text = "\n".join(hdr) + "\n\n" + "\n".join(body) + "\n"
    structs, (wn, rn) = build_structures(pop)
    checks.append(("employee-scheme coverage solved (national): working age w / 60+ r",
                   "%.3f / %.3f" % (wn, rn)))
    for name, desc, cov, sh, stats in structs:
        checks.append(("structure `data/structures/%s.csv` (w %.2f, r %.2f)" % (name, cov[0], cov[1]),
                       stats))
    return text, checks, structs


def readme_block(checks):
    lines = [BEGIN, "", "| check | value |", "|---|---|"]
    for k, v in checks:
        lines.append("| %s | %s |" % (k, v))
    lines += ["", END]
    return "\n".join(lines)


def main():
    args = sys.argv[1:]
    text, checks, structs = generate()
    if "--check" in args:
        with open(OUT, encoding="utf-8") as f:
            ok = f.read() == text
        print("sim/data_china.c is %s" % ("up to date" if ok else "OUT OF DATE: rerun scripts/gen_data.py"))
        return 0 if ok else 1
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    write_structures(structs)
    print("wrote %s" % os.path.relpath(OUT, ROOT))
    for k, v in checks:
        print("  %-62s %s" % (k + ":", v))
    if "--readme" in args:
        with open(README, encoding="utf-8") as f:
            rd = f.read()
        block = readme_block(checks)
        if BEGIN in rd and END in rd:
            rd = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda m: block, rd, flags=re.S)
        else:
            rd = rd.rstrip("\n") + "\n\n" + block + "\n"
        with open(README, "w", encoding="utf-8") as f:
            f.write(rd)
        print("updated checks in %s" % os.path.relpath(README, ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
