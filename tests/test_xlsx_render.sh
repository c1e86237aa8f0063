#!/usr/bin/env bash
# tests/test_xlsx_render.sh -- summary.xlsx as a director sees it: a run of
# scenarios/wenshui-2023.yaml with --format csv,xlsx is rendered by
# LibreOffice headless to PDF (a private profile, so parallel tests do not
# collide) and the PDF is checked: every page A4 landscape (842 x 595 pt),
# at most MAX_PAGES pages, the fund's two fan charts (balance and months
# covered) on one page, which is rasterised (pdftoppm) and must hold the
# bands' colours.  The workbook is read back with openpyxl: sheet names,
# numbers stored as numbers (yuan / 1e4 against summary.csv), 万元 in the
# money headers, 0.0% on rates, frozen panes, print setup; and with --lang en
# the English-first names.  Fails (never skips) when soffice, pdfinfo,
# pdftotext, pdftoppm or python3 with openpyxl and PIL is missing:
# scripts/setup-deps.sh installs them.
# The rendered PDF and the chart page's PNG are kept under
# BUILD_DIR/artefacts/xlsx_render/ (or $TMPDIR when no build dir is given).
# Usage (from the repository root): bash tests/test_xlsx_render.sh path/to/fundsim [BUILD_DIR]
set -u
FUNDSIM=${1:?usage: test_xlsx_render.sh path/to/fundsim [BUILD_DIR]}
FUNDSIM=$(cd "$(dirname "$FUNDSIM")" && pwd)/$(basename "$FUNDSIM")
cd "$(dirname "$0")/.."

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fundsim_render.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
ART=${2:-$TMP}/artefacts/xlsx_render
mkdir -p "$ART"
fails=0
checks=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { checks=$((checks + 1)); }

# The designed layout: 基金 2 pages (table; both fan charts), 财政 2, 参保 1,
# 参数 (about 165 parameters) 5, 说明 1; the data sheet is hidden (not printed).
MAX_PAGES=12

for tool in soffice pdfinfo pdftotext pdftoppm /usr/bin/python3; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool not found (scripts/setup-deps.sh installs it)"; exit 1; }
done
/usr/bin/python3 -c 'import openpyxl, PIL' 2>/dev/null \
    || { echo "FAIL: python3 cannot import openpyxl and PIL (python3-openpyxl, python3-pil)"; exit 1; }

SC=scenarios/wenshui-2023.yaml
ARGS=(--reps 20 --years 10 --seed 7 --quiet --format csv,xlsx)
"$FUNDSIM" run "$SC" "${ARGS[@]}" --out "$TMP/zh" || fail "run zh: exit $?"
"$FUNDSIM" run "$SC" "${ARGS[@]}" --lang en --out "$TMP/en" || fail "run --lang en: exit $?"
cmp -s "$TMP/zh/summary.csv" "$TMP/en/summary.csv" && ok || fail "--lang changed summary.csv"

# --- rendered by LibreOffice ------------------------------------------------
soffice -env:UserInstallation="file://$TMP/lo-profile" --headless --convert-to pdf \
    --outdir "$TMP/pdf" "$TMP/zh/summary.xlsx" >"$TMP/soffice.log" 2>&1
PDF=$TMP/pdf/summary.pdf
[ -s "$PDF" ] || { cat "$TMP/soffice.log"; echo "FAIL: soffice wrote no PDF"; exit 1; }
cp "$PDF" "$ART/summary.pdf"
pages=$(pdfinfo "$PDF" | awk '/^Pages:/ {print $2}')
[ "${pages:-0}" -ge 6 ] && [ "$pages" -le "$MAX_PAGES" ] && ok \
    || fail "summary.pdf has ${pages:-?} pages, want 6..$MAX_PAGES"
bad=$(pdfinfo -f 1 -l "$pages" "$PDF" | awk '/^Page +[0-9]+ size:/ {
        w = $4 + 0; h = $6 + 0; if (w < 841 || w > 843 || h < 594 || h > 596) print $2 }')
[ -z "$bad" ] && ok || fail "pages not A4 landscape: $bad"

# The balance's fan chart: its title on exactly one page, with the months'.
chart_page=0
hits=0
for ((i = 1; i <= pages; i++)); do
    pdftotext -f "$i" -l "$i" "$PDF" "$TMP/p$i.txt"
    if grep -q '累计结余 Fund balance' "$TMP/p$i.txt"; then
        hits=$((hits + 1))
        chart_page=$i
    fi
done
[ "$hits" -eq 1 ] && ok || fail "the balance chart's title is on $hits pages, want 1"
if [ "$chart_page" -gt 0 ]; then
    grep -q '可支付月数 Months of spending covered' "$TMP/p$chart_page.txt" && ok \
        || fail "the months-covered chart is not on the balance chart's page $chart_page"
    grep -q '2032' "$TMP/p$chart_page.txt" && ok || fail "no year labels on the chart page"
    pdftoppm -f "$chart_page" -l "$chart_page" -r 80 -png -singlefile "$PDF" "$ART/fan_chart"
    /usr/bin/python3 - "$ART/fan_chart.png" >"$TMP/px.txt" 2>&1 <<'PY' && ok || fail "chart pixels: $(cat "$TMP/px.txt")"
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
w, h = im.size
assert w > h, (w, h)  # landscape
px = im.getdata()
def near(c, t, d=24):
    return all(abs(a - b) <= d for a, b in zip(c, t))
light = sum(1 for c in px if near(c, (0xC6, 0xDB, 0xEF)))
dark = sum(1 for c in px if near(c, (0x6B, 0xAE, 0xD6)))
navy = sum(1 for c in px if near(c, (0x08, 0x30, 0x6B), 40))
# both bands fill a real share of the page, and the median line is drawn
assert light > 0.01 * w * h, ("5-95 band pixels", light, w * h)
assert dark > 0.01 * w * h, ("25-75 band pixels", dark, w * h)
assert navy > 200, ("median pixels", navy)
print("ok", light, dark, navy)
PY
fi

# --- read back with openpyxl ------------------------------------------------
/usr/bin/python3 - "$TMP/zh/summary.xlsx" "$TMP/zh/summary.csv" "$TMP/en/summary.xlsx" \
    >"$TMP/py.txt" 2>&1 <<'PY' && ok || fail "openpyxl: $(cat "$TMP/py.txt")"
import csv, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
names = wb.sheetnames
assert names == ["基金 fund", "财政 fiscal", "参保 enrollees", "参数 parameters", "说明 about",
                 "数据 data"], names
assert wb["数据 data"].sheet_state == "hidden"
en = openpyxl.load_workbook(sys.argv[3]).sheetnames
assert en == ["fund 基金", "fiscal 财政", "enrollees 参保", "parameters 参数", "about 说明",
              "data 数据"], en
mean = {}
for r in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")):
    mean[(int(r["year"]), r["metric"])] = float(r["mean"]) if r["mean"] else None
f = wb["基金 fund"]
assert f.freeze_panes == "B3", f.freeze_panes
assert "万元" in f["A1"].value, f["A1"].value
heads = {f.cell(2, c).value: c for c in range(1, 16)}
inc = [c for h, c in heads.items() if h.startswith("基金收入\nFund income")][0]
assert "(万元)" in f.cell(2, inc).value
rate = [c for h, c in heads.items() if h.startswith("当期结余率")][0]
assert "(%)" in f.cell(2, rate).value
for y in range(10):
    v = f.cell(3 + y, inc).value
    assert isinstance(v, float), (y, v)
    assert abs(v - mean[(2023 + y, "income_total")] / 1e4) < 1e-6, (v, y)
    assert f.cell(3 + y, inc).number_format == "#,##0"
    r = f.cell(3 + y, rate)
    assert isinstance(r.value, float) and r.number_format == "0.0%", (r.value, r.number_format)
    assert abs(r.value - mean[(2023 + y, "surplus_rate")]) < 1e-12
    assert f.cell(3 + y, 1).value == 2023 + y
ws = f
assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
# a fixed scale: the charts start a page (manual breaks are ignored when fitting)
assert ws.page_setup.scale == 62, ws.page_setup.scale
p = wb["参数 parameters"]
assert p.sheet_properties.pageSetUpPr.fitToPage and p.page_setup.fitToWidth in (None, 1) \
    and p.page_setup.fitToHeight == 0
assert ws.print_title_rows.replace("$", "") == "1:2", ws.print_title_rows
assert ws.print_area, ws.print_area
assert len(ws._charts) == 2, len(ws._charts)
fi = wb["财政 fiscal"]
assert fi.freeze_panes == "B2"
texts = [c.value for row in fi.iter_rows() for c in row if isinstance(c.value, str)]
assert "合计 Total" in texts, texts
assert any("(元/人)" in t for t in texts), "per capita"
assert any("P95" in t and "缺口" in t for t in texts), "shortfall p95"
shares = [c for row in fi.iter_rows() for c in row if c.number_format == "0.0%"
          and isinstance(c.value, float)]
assert shares, "shares as %"
g = wb["参保 enrollees"]
assert any(isinstance(c.value, str) and c.value.startswith("普通居民 ordinary")
           for row in g.iter_rows() for c in row)
p = wb["参数 parameters"]
assert p["A3"].value == "scenario.name", p["A3"].value
assert any(isinstance(c.value, str) and "号" in c.value for c in p["F"]), "a ref"
a = wb["说明 about"]
keys = [c.value for c in a["A"] if c.value]
for k in ("方案 scenario", "随机种子 seed", "模拟次数 replications", "文件 file", "金额单位 money unit"):
    assert k in keys, (k, keys)
print("ok")
PY

echo "test_xlsx_render: $checks checks passed, $fails failed (artefacts in $ART)"
[ "$fails" -eq 0 ]
