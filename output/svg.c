/* output/svg.c -- the HTML report's inline SVG charts (fan charts and
 * stacked bars), its text escaping and its human number formats
 * (html_report.h).  Coordinates are printed with one decimal, so the bytes
 * depend only on the values. */
#include <math.h>
#include <string.h>

#include "html_report.h"

/* ------------------------------------------------------------------ */
/* Text. */

/* Length of the valid UTF-8 sequence at s (1..4), 0 if invalid. */
static size_t utf8_len(const unsigned char *s)
{
    size_t n;
    unsigned min;
    unsigned cp;

    if (s[0] < 0x80)
        return 1;
    if ((s[0] & 0xE0) == 0xC0) {
        n = 2, cp = s[0] & 0x1Fu, min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        n = 3, cp = s[0] & 0x0Fu, min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        n = 4, cp = s[0] & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

void fsh_text(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");

    while (*p) {
        size_t n = utf8_len(p);
        if (n == 0) {
            fputs("\xef\xbf\xbd", f);
            p++;
            continue;
        }
        if (n > 1) {
            fwrite(p, 1, n, f);
            p += n;
            continue;
        }
        switch (*p) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: putc(*p < 0x20 && *p != '\n' && *p != '\t' ? ' ' : *p, f); break;
        }
        p++;
    }
}

const char *fsh_num(double x, int dec, char *buf, size_t n)
{
    char raw[64];
    size_t len, intlen, o = 0;
    const char *r = raw;

    if (!isfinite(x) || fabs(x) >= 1e18) {
        snprintf(buf, n, "%s", FSH_NA);
        return buf;
    }
    snprintf(raw, sizeof raw, "%.*f", dec, x);
    if (raw[0] == '-') {
        /* "-0.0" reads as zero */
        if (strspn(raw + 1, "0.") == strlen(raw + 1))
            r++;
        else if (o + 1 < n)
            buf[o++] = '-';
        r = raw + 1;
    }
    len = strlen(r);
    intlen = strcspn(r, ".");
    for (size_t i = 0; i < len && o + 1 < n; i++) {
        if (i > 0 && i < intlen && (intlen - i) % 3 == 0 && o + 1 < n)
            buf[o++] = ',';
        if (o + 1 < n)
            buf[o++] = r[i];
    }
    buf[o < n ? o : n - 1] = '\0';
    return buf;
}

const char *fsh_pct(double x, char *buf, size_t n)
{
    char num[64];
    if (!isfinite(x)) {
        snprintf(buf, n, "%s", FSH_NA);
        return buf;
    }
    snprintf(buf, n, "%s%%", fsh_num(100.0 * x, 1, num, sizeof num));
    return buf;
}

void fsh_money_unit(double maxabs, double *div, const char **zh, const char **en)
{
    int yi = isfinite(maxabs) && maxabs >= 1e10;
    *div = yi ? 1e8 : 1e4;
    *zh = yi ? "亿元" : "万元";
    *en = yi ? "×10⁸ yuan" : "×10⁴ yuan";
}

/* ------------------------------------------------------------------ */
/* The frame shared by the charts. */

enum { W = 760, H = 330, ML = 78, MR = 18, MT = 58, MB = 40 };

/* Palette: the fan's one hue, then categorical colours for the stacks. */
static const char *const palette[FSH_MAX_SERIES] = {
    "#4e79a7", "#f28e2b", "#59a14f", "#76b7b2", "#edc948", "#b07aa1",
    "#ff9da7", "#9c755f", "#e15759", "#bab0ac", "#86bcb6", "#d4a6c8"};

typedef struct frame {
    int x0, n;
    double ylo, yhi, step;
    int dec;             /* tick label decimals */
    double mt;           /* top of the plot: below the legend's rows */
    double legend_x, legend_y; /* where the next legend item goes */
} frame;

static double px_y(const frame *fr, double v)
{
    return fr->mt + (H - fr->mt - MB) * (fr->yhi - v) / (fr->yhi - fr->ylo);
}

static double slot_w(const frame *fr)
{
    return (double)(W - ML - MR) / (fr->n > 0 ? fr->n : 1);
}

static double px_x(const frame *fr, int i)
{
    return ML + slot_w(fr) * (i + 0.5);
}

/* Round ticks covering [lo, hi]. */
static void set_range(frame *fr, double lo, double hi, int min_dec)
{
    double raw, mag, m;

    if (!isfinite(lo) || !isfinite(hi)) {
        lo = 0.0;
        hi = 1.0;
    }
    if (hi - lo < 1e-12 * (fabs(hi) + fabs(lo)) || hi == lo) {
        double d = fabs(hi) > 0 ? fabs(hi) * 0.1 : 1.0;
        lo -= d;
        hi += d;
    }
    raw = (hi - lo) / 5.0;
    mag = pow(10.0, floor(log10(raw)));
    m = raw / mag;
    fr->step = (m <= 1.0 ? 1.0 : m <= 2.0 ? 2.0 : m <= 2.5 ? 2.5 : m <= 5.0 ? 5.0 : 10.0) * mag;
    fr->ylo = floor(lo / fr->step + 1e-9) * fr->step;
    fr->yhi = ceil(hi / fr->step - 1e-9) * fr->step;
    if (fr->yhi <= fr->ylo)
        fr->yhi = fr->ylo + fr->step;
    fr->dec = fr->step >= 1.0 ? 0 : (int)ceil(-log10(fr->step) - 1e-9);
    if (fr->step * pow(10.0, fr->dec) - floor(fr->step * pow(10.0, fr->dec) + 1e-9) > 1e-6)
        fr->dec++; /* 2.5, 0.25 */
    if (fr->dec < min_dec)
        fr->dec = min_dec;
}

/* Opens the <svg>, draws the grid, the y ticks and unit, the years below
 * the plot and the axes. */
static void frame_open(FILE *f, frame *fr, const char *title, const char *unit)
{
    char buf[64];
    int every = fr->n <= 16 ? 1 : (fr->n + 15) / 16;

    fprintf(f, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", W, H);
    fsh_text(f, title);
    fputs("\" xmlns=\"http://www.w3.org/2000/svg\">\n", f);
    fprintf(f, "<text class=\"unit\" x=\"%d\" y=\"%.1f\">", ML - 8, fr->mt - 12);
    fsh_text(f, unit);
    fputs("</text>\n<g class=\"grid\">\n", f);
    for (double v = fr->ylo; v <= fr->yhi + fr->step * 1e-6; v += fr->step) {
        double y = px_y(fr, fabs(v) < fr->step * 1e-9 ? 0.0 : v);
        fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", ML, y, W - MR, y);
        fprintf(f, "<text class=\"yt\" x=\"%d\" y=\"%.1f\">%s</text>\n", ML - 8, y + 4,
                fsh_num(fabs(v) < fr->step * 1e-9 ? 0.0 : v, fr->dec, buf, sizeof buf));
    }
    fputs("</g>\n<g class=\"xt\">", f);
    for (int i = 0; i < fr->n; i++)
        if (i % every == 0 || i == fr->n - 1)
            fprintf(f, "<text x=\"%.1f\" y=\"%d\">%d</text>", px_x(fr, i), H - MB + 18,
                    fr->x0 + i);
    fputs("</g>\n", f);
    fprintf(f, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", ML, H - MB,
            W - MR, H - MB);
}

/* The zero line, when 0 lies strictly inside the range. */
static void zero_line(FILE *f, const frame *fr)
{
    if (fr->ylo < 0.0 && fr->yhi > 0.0)
        fprintf(f, "<line class=\"zero\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>\n", ML,
                px_y(fr, 0.0), W - MR, px_y(fr, 0.0));
}

/* One legend item: a swatch of `kind` ("box" in fill colour, "line") and
 * its label; wraps to a second row when the first is full. */
/* The width of a legend item: swatch, label (12px text: about 6.2px a
 * Latin character, 12px a CJK one) and the gap after it. */
static double legend_w(const char *label)
{
    double w = 22.0 + 18.0;
    for (const unsigned char *p = (const unsigned char *)(label ? label : ""); *p; p++)
        if (*p < 0x80)
            w += 6.2;
        else if ((*p & 0xC0) != 0x80)
            w += 12.0;
    return w;
}

/* Places the next legend item of width w: a new row when the row is full. */
static void legend_place(frame *fr, double w)
{
    if (fr->legend_x + w > W - MR && fr->legend_x > ML) {
        fr->legend_x = ML;
        fr->legend_y += 18;
    }
}

/* Sets the plot's top below the legend rows the n labels take. */
static void legend_rows(frame *fr, const char *const *labels, int n)
{
    fr->legend_x = ML;
    fr->legend_y = 18;
    for (int i = 0; i < n; i++) {
        double w = legend_w(labels[i]);
        legend_place(fr, w);
        fr->legend_x += w;
    }
    fr->mt = MT + (fr->legend_y - 18);
    fr->legend_x = ML;
    fr->legend_y = 18;
}

static void legend_item(FILE *f, frame *fr, const char *kind, const char *colour,
                        const char *style, const char *label)
{
    double w = legend_w(label);

    legend_place(fr, w);
    if (strcmp(kind, "line") == 0)
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                "stroke-width=\"2.5\"%s/>",
                fr->legend_x, fr->legend_y - 4, fr->legend_x + 16, fr->legend_y - 4, colour,
                style);
    else
        fprintf(f,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"11\" fill=\"%s\"%s/>",
                fr->legend_x, fr->legend_y - 10, colour, style);
    fprintf(f, "<text class=\"lg\" x=\"%.1f\" y=\"%.1f\">", fr->legend_x + 20, fr->legend_y);
    fsh_text(f, label);
    fputs("</text>\n", f);
    fr->legend_x += w;
}

/* ------------------------------------------------------------------ */
/* Fan chart. */

static int fan_ok(const fsh_fan *c, int i)
{
    return isfinite(c->p05[i]) && isfinite(c->p25[i]) && isfinite(c->p50[i]) &&
           isfinite(c->p75[i]) && isfinite(c->p95[i]);
}

/* A band between lo[] and hi[] over each run of finite years (a single
 * year: a short bar), filled with `cls`. */
static void band(FILE *f, const frame *fr, const fsh_fan *c, const double *lo, const double *hi,
                 const char *cls)
{
    double half = slot_w(fr) * 0.18;

    for (int i = 0; i < fr->n;) {
        int j = i;
        if (!fan_ok(c, i)) {
            i++;
            continue;
        }
        while (j + 1 < fr->n && fan_ok(c, j + 1))
            j++;
        fprintf(f, "<path class=\"%s\" d=\"", cls);
        if (i == j) {
            fprintf(f, "M%.1f %.1fH%.1fV%.1fH%.1fZ", px_x(fr, i) - half, px_y(fr, hi[i]),
                    px_x(fr, i) + half, px_y(fr, lo[i]), px_x(fr, i) - half);
        } else {
            for (int k = i; k <= j; k++)
                fprintf(f, "%c%.1f %.1f", k == i ? 'M' : 'L', px_x(fr, k), px_y(fr, hi[k]));
            for (int k = j; k >= i; k--)
                fprintf(f, "L%.1f %.1f", px_x(fr, k), px_y(fr, lo[k]));
            fputs("Z", f);
        }
        fputs("\"/>\n", f);
        i = j + 1;
    }
}

/* The reference band, a step per year (its bounds may be dated). */
static void ref_band(FILE *f, const frame *fr, const fsh_fan *c)
{
    double half = slot_w(fr) / 2.0;
    int any = 0;

    for (int i = 0; i < fr->n; i++) {
        if (!isfinite(c->band_lo[i]) || !isfinite(c->band_hi[i]))
            continue;
        double lo = fmax(c->band_lo[i], fr->ylo), hi = fmin(c->band_hi[i], fr->yhi);
        if (hi <= lo)
            continue;
        fprintf(f, "<rect class=\"ref\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                px_x(fr, i) - half, px_y(fr, hi), 2 * half, px_y(fr, lo) - px_y(fr, hi));
        any = 1;
    }
    if (any)
        fputs("\n", f);
}

/* The reference band's bounds as dashed lines over the fan. */
static void ref_edges(FILE *f, const frame *fr, const fsh_fan *c)
{
    double half = slot_w(fr) / 2.0;

    fputs("<path class=\"refedge\" d=\"", f);
    for (int i = 0; i < fr->n; i++) {
        const double *b[2] = {c->band_lo, c->band_hi};
        for (int k = 0; k < 2; k++)
            if (isfinite(b[k][i]) && b[k][i] >= fr->ylo && b[k][i] <= fr->yhi)
                fprintf(f, "M%.1f %.1fH%.1f", px_x(fr, i) - half, px_y(fr, b[k][i]),
                        px_x(fr, i) + half);
    }
    fputs("\"/>\n", f);
}

void fsh_svg_fan(FILE *f, const fsh_fan *c)
{
    frame fr;
    double lo = INFINITY, hi = -INFINITY;

    memset(&fr, 0, sizeof fr);
    fr.x0 = c->x0;
    fr.n = c->n;
    for (int i = 0; i < c->n; i++) {
        if (fan_ok(c, i)) {
            lo = fmin(lo, fmin(c->p05[i], c->p50[i]));
            hi = fmax(hi, fmax(c->p95[i], c->p50[i]));
        }
        if (c->band_lo && isfinite(c->band_lo[i]) && isfinite(c->band_hi[i])) {
            lo = fmin(lo, c->band_lo[i]);
            hi = fmax(hi, c->band_hi[i]);
        }
    }
    if (lo > 0.0 && lo < 0.35 * hi)
        lo = 0.0; /* start at 0 when the data come close to it */
    set_range(&fr, lo, hi, c->dec);
    {
        const char *labels[4] = {c->l_median, c->l_inner, c->l_outer, c->band_label};
        legend_rows(&fr, labels, c->band_lo && c->band_label ? 4 : 3);
    }
    frame_open(f, &fr, c->title, c->unit);
    if (c->band_lo && c->band_hi)
        ref_band(f, &fr, c);
    band(f, &fr, c, c->p05, c->p95, "outer");
    band(f, &fr, c, c->p25, c->p75, "inner");
    if (c->band_lo && c->band_hi)
        ref_edges(f, &fr, c);
    zero_line(f, &fr);
    for (int i = 0; i < fr.n;) {
        int j = i;
        if (!fan_ok(c, i)) {
            i++;
            continue;
        }
        while (j + 1 < fr.n && fan_ok(c, j + 1))
            j++;
        if (j > i) {
            fputs("<path class=\"median\" d=\"", f);
            for (int k = i; k <= j; k++)
                fprintf(f, "%c%.1f %.1f", k == i ? 'M' : 'L', px_x(&fr, k), px_y(&fr, c->p50[k]));
            fputs("\"/>\n", f);
        }
        i = j + 1;
    }
    for (int i = 0; i < fr.n; i++)
        if (fan_ok(c, i))
            fprintf(f, "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\"/>", px_x(&fr, i),
                    px_y(&fr, c->p50[i]));
    fputs("\n<g class=\"legend\">", f);
    legend_item(f, &fr, "line", "#1f4e79", "", c->l_median);
    legend_item(f, &fr, "box", "#7fa7cf", "", c->l_inner);
    legend_item(f, &fr, "box", "#c9daec", "", c->l_outer);
    if (c->band_lo && c->band_label)
        legend_item(f, &fr, "box", "#dcefd6", " stroke=\"#7fb36f\" stroke-dasharray=\"3 2\"",
                    c->band_label);
    fputs("</g>\n</svg>\n", f);
}

/* ------------------------------------------------------------------ */
/* Stacked bars. */

static double sv(const fsh_stack *c, int s, int i)
{
    double v = c->v[(size_t)s * (size_t)c->n + (size_t)i];
    return isfinite(v) ? v : 0.0;
}

/* 1 if series s is non-zero in some year. */
static int series_used(const fsh_stack *c, int s)
{
    for (int i = 0; i < c->n; i++)
        if (sv(c, s, i) != 0.0)
            return 1;
    return 0;
}

void fsh_svg_stack(FILE *f, const fsh_stack *c)
{
    frame fr;
    double lo = 0.0, hi = 0.0, bw;

    memset(&fr, 0, sizeof fr);
    fr.x0 = c->x0;
    fr.n = c->n;
    for (int i = 0; i < c->n; i++) {
        double up = 0.0, down = 0.0;
        for (int s = 0; s < c->nseries; s++) {
            double v = sv(c, s, i);
            if (v > 0)
                up += v;
            else
                down += v;
        }
        hi = fmax(hi, up);
        lo = fmin(lo, down);
        if (c->total && isfinite(c->total[i])) {
            hi = fmax(hi, c->total[i]);
            lo = fmin(lo, c->total[i]);
        }
    }
    set_range(&fr, lo, hi, 0);
    {
        const char *labels[FSH_MAX_SERIES + 1];
        int k = 0;
        for (int s = 0; s < c->nseries && s < FSH_MAX_SERIES; s++)
            if (series_used(c, s))
                labels[k++] = c->labels[s];
        if (c->total && c->total_label)
            labels[k++] = c->total_label;
        legend_rows(&fr, labels, k);
    }
    frame_open(f, &fr, c->title, c->unit);
    bw = fmin(slot_w(&fr) * 0.62, 56.0);
    for (int i = 0; i < c->n; i++) {
        double up = 0.0, down = 0.0;
        fprintf(f, "<g class=\"bar\">");
        for (int s = 0; s < c->nseries && s < FSH_MAX_SERIES; s++) {
            double v = sv(c, s, i), from, to;
            if (v == 0.0)
                continue;
            from = v > 0 ? up : down;
            to = from + v;
            if (v > 0)
                up = to;
            else
                down = to;
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                    px_x(&fr, i) - bw / 2, px_y(&fr, fmax(from, to)), bw,
                    fabs(px_y(&fr, from) - px_y(&fr, to)), palette[s]);
        }
        fputs("</g>\n", f);
    }
    zero_line(f, &fr);
    if (c->total)
        for (int i = 0; i < c->n; i++)
            if (isfinite(c->total[i]))
                fprintf(f,
                        "<path class=\"total\" d=\"M%.1f %.1fH%.1f\"/>",
                        px_x(&fr, i) - bw / 2 - 4, px_y(&fr, c->total[i]), px_x(&fr, i) + bw / 2 + 4);
    fputs("\n<g class=\"legend\">", f);
    for (int s = 0; s < c->nseries && s < FSH_MAX_SERIES; s++)
        if (series_used(c, s))
            legend_item(f, &fr, "box", palette[s], "", c->labels[s]);
    if (c->total && c->total_label)
        legend_item(f, &fr, "line", "#222", "", c->total_label);
    fputs("</g>\n</svg>\n", f);
}
