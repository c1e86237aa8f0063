/* output/format.c -- number, CSV-field and JSON-string formatting shared
 * by the writers.  See fs_output.h for the number format. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fs_output.h"

/* Appends c to buf at *k if there is room (always leaves room for NUL). */
static void put(char *buf, size_t n, size_t *k, char c)
{
    if (*k + 1 < n)
        buf[(*k)++] = c;
}

int fs_out_format_double(double x, char *buf, size_t n)
{
    char e[64];
    char digits[32];
    size_t nd = 0, k = 0;
    int exp10, prec, pointpos;
    const char *p;
    char *end;

    if (n == 0)
        return isfinite(x) ? 1 : 0;
    buf[0] = '\0';
    if (!isfinite(x))
        return 0;
    if (x == 0.0) { /* both +0 and -0 */
        put(buf, n, &k, '0');
        buf[k] = '\0';
        return 1;
    }
    /* The shortest %.*e that reads back exactly; 17 digits always do. */
    for (prec = 0; prec < 17; prec++) {
        snprintf(e, sizeof e, "%.*e", prec, x);
        if (strtod(e, NULL) == x)
            break;
    }
    /* e is "[-]d[.ddd]e(+|-)XX". */
    p = e;
    if (*p == '-') {
        put(buf, n, &k, '-');
        p++;
    }
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9' && nd < sizeof digits - 1)
            digits[nd++] = *p;
    exp10 = (int)strtol(*p == 'e' ? p + 1 : "0", &end, 10);
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    digits[nd] = '\0';
    pointpos = exp10 + 1; /* digits before the decimal point */
    if (pointpos <= 0) {
        put(buf, n, &k, '0');
        put(buf, n, &k, '.');
        for (int i = 0; i < -pointpos; i++)
            put(buf, n, &k, '0');
        for (size_t i = 0; i < nd; i++)
            put(buf, n, &k, digits[i]);
    } else if ((size_t)pointpos >= nd) {
        for (size_t i = 0; i < nd; i++)
            put(buf, n, &k, digits[i]);
        for (size_t i = nd; i < (size_t)pointpos; i++)
            put(buf, n, &k, '0');
    } else {
        for (size_t i = 0; i < nd; i++) {
            if (i == (size_t)pointpos)
                put(buf, n, &k, '.');
            put(buf, n, &k, digits[i]);
        }
    }
    buf[k] = '\0';
    return 1;
}

/* A text that a spreadsheet program would read as a formula: it begins
 * with = + - @, a tab or a CR, and is not a plain number ("-0.5", "+3e2"
 * stay numbers). */
static int formula_like(const char *s)
{
    if (!s[0] || !strchr("=+-@\t\r", s[0]))
        return 0;
    if (s[0] == '+' || s[0] == '-') {
        char *end;
        double v = strtod(s, &end);
        if (end != s && *end == '\0' && isfinite(v) && strpbrk(s, "xXpP") == NULL)
            return 0;
    }
    return 1;
}

int fs_out_csv_neutralises(const char *s)
{
    return s && formula_like(s);
}

void fs_out_csv_field(FILE *f, const char *s)
{
    if (!s)
        s = "";
    int formula = formula_like(s);
    if (strpbrk(s, ",\"\r\n") == NULL) {
        if (formula)
            putc('\'', f);
        fputs(s, f);
        return;
    }
    putc('"', f);
    if (formula)
        putc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', f);
        putc(*s, f);
    }
    putc('"', f);
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if p does not
 * start one (overlong forms, surrogates and > U+10FFFF are invalid). */
static size_t utf8_len(const unsigned char *p)
{
    unsigned c = p[0];
    size_t len, i;
    unsigned long cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    for (i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

void fs_out_json_string(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");

    putc('"', f);
    while (*p) {
        size_t len;
        switch (*p) {
        case '"': fputs("\\\"", f); p++; continue;
        case '\\': fputs("\\\\", f); p++; continue;
        case '\b': fputs("\\b", f); p++; continue;
        case '\f': fputs("\\f", f); p++; continue;
        case '\n': fputs("\\n", f); p++; continue;
        case '\r': fputs("\\r", f); p++; continue;
        case '\t': fputs("\\t", f); p++; continue;
        default: break;
        }
        if (*p < 0x20 || *p == 0x7f) {
            fprintf(f, "\\u%04x", (unsigned)*p);
            p++;
            continue;
        }
        len = utf8_len(p);
        if (len == 0) { /* not UTF-8: keep the JSON valid */
            fputs("\\ufffd", f);
            p++;
            continue;
        }
        fwrite(p, 1, len, f);
        p += len;
    }
    putc('"', f);
}

/* Decodes one UTF-8 character at *s (advancing *s); a broken byte counts
 * as one character U+FFFD. */
static unsigned long next_cp(const unsigned char **s)
{
    const unsigned char *p = *s;
    unsigned long cp;
    int len, i;

    if (p[0] < 0x80) {
        *s = p + 1;
        return p[0];
    }
    if ((p[0] & 0xe0) == 0xc0) {
        len = 2;
        cp = p[0] & 0x1f;
    } else if ((p[0] & 0xf0) == 0xe0) {
        len = 3;
        cp = p[0] & 0x0f;
    } else if ((p[0] & 0xf8) == 0xf0) {
        len = 4;
        cp = p[0] & 0x07;
    } else {
        *s = p + 1;
        return 0xfffd;
    }
    for (i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80) {
            *s = p + 1;
            return 0xfffd;
        }
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    *s = p + len;
    return cp;
}

/* East Asian wide and fullwidth ranges (the common ones). */
static int is_wide(unsigned long c)
{
    return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) ||
           (c >= 0x3041 && c <= 0x33ff) || (c >= 0x3400 && c <= 0x4dbf) ||
           (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf) ||
           (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
           (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
           (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd);
}

size_t fs_out_display_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t w = 0;

    while (*p) {
        unsigned long c = next_cp(&p);
        if ((c >= 0x300 && c <= 0x36f) || c == 0x200b) /* combining, zero width */
            continue;
        w += is_wide(c) ? 2 : 1;
    }
    return w;
}

fs_out_money fs_out_money_unit(const fs_results *res, const fs_stat *stats)
{
    fs_out_money m = {1e4, "万元", "10k yuan"};
    double inc = res && stats && res->years > 0 ? stats[FS_M_INCOME_TOTAL].mean : 0.0;

    if (isfinite(inc) && fabs(inc) >= 1e10) { /* 100亿 */
        m.div = 1e8;
        m.zh = "亿元";
        m.en = "100m yuan";
    }
    return m;
}
