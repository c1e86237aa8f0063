/* sim/solve.c -- the smallest (or largest) value of one parameter in a
 * range that meets a target: a bracketing root search (GSL's Brent solver)
 * on the target's margin g(x), which is positive where the target is met.
 * Each g(x) is a whole run on common random numbers (the caller's
 * function), so g is a fixed, if step-wise, function of x and the bracket
 * narrows reliably; the answer is the end of the final bracket that meets
 * the target.  Every evaluation is kept, to report the runs made and to
 * check that the target is monotone in x (met on one side, failed on the
 * other).  When neither end of the range meets the target, a coarse grid
 * of interior points is tried first (a target met only inside the range,
 * e.g. a band); the answer is then the edge of the first interval met. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

#include "fundsim.h"

#define MAX_EVALS 200
#define FS_SOLVE_SCAN 8 /* intervals of the coarse grid tried when neither end meets */

typedef struct search {
    fs_solve_fn fn;
    void *ctx;
    double x[MAX_EVALS], g[MAX_EVALS];
    int n;
    int rc;
    int capped; /* MAX_EVALS runs made */
} search;

/* g(x), each x evaluated once.  A margin that is not a number, or -inf,
 * fails (-DBL_MAX); +inf meets (DBL_MAX): the search sees only finite
 * margins. */
static double eval(double x, void *p)
{
    search *s = p;
    for (int i = 0; i < s->n; i++)
        if (s->x[i] == x)
            return s->g[i];
    if (s->rc == FS_OK && s->n >= MAX_EVALS) {
        s->capped = 1;
        s->rc = FS_ENUMERIC;
    }
    if (s->rc != FS_OK)
        return -DBL_MAX;
    double g = 0.0;
    s->rc = s->fn(x, s->ctx, &g);
    if (s->rc != FS_OK)
        return -DBL_MAX;
    if (!(g < DBL_MAX)) /* NaN or +inf */
        g = isnan(g) ? -DBL_MAX : DBL_MAX;
    else if (g < -DBL_MAX)
        g = -DBL_MAX;
    s->x[s->n] = x;
    s->g[s->n] = g;
    s->n++;
    return g;
}

/* How the evaluations lie around the answer (the smallest value; the
 * mirror for the largest): *monotone when every x below it fails and every
 * x from it meets; *band when every x below it fails but some x above it
 * fails too (a target met only inside the range). */
static void shape(const search *s, double answer, int largest, int *monotone, int *band)
{
    int near_met = 0, far_failed = 0;
    for (int i = 0; i < s->n; i++) {
        int met = s->g[i] >= 0.0, far = largest ? s->x[i] <= answer : s->x[i] >= answer;
        near_met |= met && !far;
        far_failed |= !met && far;
    }
    *monotone = !near_met && !far_failed;
    *band = !near_met && far_failed;
}

/* Brent's method on [*a, *b] (margins of opposite signs) until the bracket
 * is tol wide.  On a smooth margin Brent closes in on the root from one
 * side, leaving the far end of the bracket where it was; when two
 * successive estimates are within tol/2, a run tol/2 across the estimate
 * usually has the other sign and closes the bracket at once (or, if not,
 * Brent restarts on the bracket it gives).  *a, *b: the final bracket. */
static int narrow(search *s, double tol, double *a, double *b)
{
    gsl_function F = {eval, s};
    gsl_root_fsolver *r = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!r)
        return FS_ENOMEM;
    for (int round = 0; round < 20 && s->rc == FS_OK && *b - *a > tol; round++) {
        if ((eval(*a, s) >= 0.0) == (eval(*b, s) >= 0.0) ||
            gsl_root_fsolver_set(r, &F, *a, *b) != GSL_SUCCESS)
            break; /* refine() bisects what is left */
        double prev = NAN;
        int restart = 0;
        for (int it = 0; it < 60 && s->rc == FS_OK && !restart && *b - *a > tol; it++) {
            if (gsl_root_fsolver_iterate(r) != GSL_SUCCESS)
                break;
            double x = gsl_root_fsolver_root(r);
            *a = gsl_root_fsolver_x_lower(r);
            *b = gsl_root_fsolver_x_upper(r);
            if (*b - *a <= tol || isnan(prev) || fabs(x - prev) >= 0.5 * tol) {
                prev = x;
                continue;
            }
            /* the end of the bracket on the other side of x */
            int mx = eval(x, s) >= 0.0;
            double other = (eval(*a, s) >= 0.0) != mx ? *a : *b;
            if ((eval(other, s) >= 0.0) == mx)
                break;
            double gx = eval(x, s), p = x + (other > x ? 0.5 * tol : -0.5 * tol);
            double gp = eval(p, s);
            if ((gp >= 0.0) != (gx >= 0.0)) {
                *a = p < x ? p : x;
                *b = p < x ? x : p;
            } else {
                *a = p < other ? p : other;
                *b = p < other ? other : p;
            }
            restart = 1;
        }
        if (!restart)
            break;
    }
    gsl_root_fsolver_free(r);
    return s->rc;
}

/* Brent stops early when a run's margin is exactly 0 (the boundary hit,
 * or a plateau of a step-wise target): from the met value *m, one run tol/2
 * towards the nearest failing value on the near side, then bisection until
 * the two are within tol.  The final
 * bracket is [*lo, *hi]. */
static int refine(search *s, double tol, int largest, double *m, double *lo, double *hi)
{
    double f = NAN;
    for (int i = 0; i < s->n; i++) /* the nearest failing value on the near side */
        if (s->g[i] < 0.0 && (largest ? s->x[i] > *m : s->x[i] < *m) &&
            (isnan(f) || fabs(s->x[i] - *m) < fabs(f - *m)))
            f = s->x[i];
    /* Brent may have landed on the boundary itself (a margin of exactly
     * 0): a run tol/2 towards f usually fails and closes the bracket */
    if (!isnan(f) && fabs(*m - f) > tol && s->rc == FS_OK) {
        double p = *m + (f > *m ? 0.5 * tol : -0.5 * tol);
        if (eval(p, s) >= 0.0)
            *m = p;
        else
            f = p;
    }
    while (!isnan(f) && fabs(*m - f) > tol && s->rc == FS_OK && s->n < MAX_EVALS) {
        double mid = 0.5 * (f + *m);
        if (mid == f || mid == *m)
            break; /* no double between them */
        if (eval(mid, s) >= 0.0)
            *m = mid;
        else
            f = mid;
    }
    *lo = isnan(f) ? *m : f < *m ? f : *m;
    *hi = isnan(f) ? *m : f < *m ? *m : f;
    return s->rc;
}

/* The decimal grid of tol: multiples of q = 10^floor(log10 tol) <= tol.
 * Grid point i is i / scale (scale = 1/q) or i * q, so that 0.1 is 1/10
 * exactly as a decimal reads, not 0.1 * 1. */
typedef struct grid {
    double scale;
    int divide;
} grid;

static double gval(const grid *g, double i)
{
    return g->divide ? i / g->scale : i * g->scale;
}

static double gidx(const grid *g, double x)
{
    return g->divide ? x * g->scale : x / g->scale;
}

/* The answer on tol's decimal grid (0.1 for a tol of 0.5, 1 for 1): the
 * grid point nearest the failing value f whose run meets, by bisection on
 * the grid between f and the answer m.  An answer people can write into a
 * notice, and still within tol of where the target starts to hold (the
 * bracket narrows to one grid step).  Unchanged when the grid point at or
 * beyond m is out of [lo, hi] or fails (not monotone). */
static void round_answer(search *s, double lo, double hi, double tol, int largest, double f,
                         double *m, double *blo, double *bhi)
{
    int k = (int)floor(log10(tol));
    grid g = {pow(10.0, fabs((double)k)), k < 0};
    double a = largest ? ceil(gidx(&g, f)) : floor(gidx(&g, f)); /* fails */
    double b = largest ? floor(gidx(&g, *m)) : ceil(gidx(&g, *m)); /* meets */
    double xb = gval(&g, b);
    if (!isfinite(a) || !isfinite(b) || xb < lo || xb > hi || fabs(b - a) > 1e15 || isnan(f))
        return;
    if (eval(xb, s) < 0.0 || s->rc != FS_OK)
        return;
    while (fabs(b - a) > 1.0 && s->rc == FS_OK && s->n < MAX_EVALS) {
        double c = largest ? b + floor((a - b) / 2.0) : a + floor((b - a) / 2.0);
        if (eval(gval(&g, c), s) >= 0.0)
            b = c;
        else
            a = c;
    }
    if (s->rc != FS_OK)
        return;
    *m = gval(&g, b);
    double xa = gval(&g, a); /* the failing end: the grid point, or f when nearer */
    if (largest) {
        *blo = *m;
        *bhi = xa < f ? xa : f;
    } else {
        *blo = xa > f ? xa : f;
        *bhi = *m;
    }
}

/* The best evaluation so far (largest margin; NaN counts as worst). */
static void best_of(const search *s, double *x, double *g)
{
    *x = s->n ? s->x[0] : NAN;
    *g = -HUGE_VAL;
    for (int i = 0; i < s->n; i++)
        if (s->g[i] > *g) {
            *g = s->g[i];
            *x = s->x[i];
        }
}

/* Neither end meets: the interior points of a coarse grid, from the near
 * end, until one meets (a target met only inside the range, such as a band
 * of surplus rates).  *far gets it and *near the grid point before it; 0
 * when none meets. */
static int scan(search *s, double lo, double hi, int largest, double *near, double *far)
{
    for (int k = 1; k < FS_SOLVE_SCAN && s->rc == FS_OK; k++) {
        double t = (double)k / FS_SOLVE_SCAN;
        double x = largest ? hi - t * (hi - lo) : lo + t * (hi - lo);
        if (eval(x, s) >= 0.0) {
            double tp = (double)(k - 1) / FS_SOLVE_SCAN;
            *near = largest ? hi - tp * (hi - lo) : lo + tp * (hi - lo);
            *far = x;
            return 1;
        }
    }
    return 0;
}

int fs_solve(double lo, double hi, double tol, int largest, fs_solve_fn fn, void *ctx,
             fs_solve_result *out, char *err, size_t errlen)
{
    search *s = calloc(1, sizeof *s);
    memset(out, 0, sizeof *out);
    if (!s)
        return FS_ENOMEM;
    if (!(lo < hi) || !(tol > 0.0) || !fn) {
        snprintf(err, errlen, "fs_solve: the range [%g, %g] is empty or the tolerance %g not > 0",
                 lo, hi, tol);
        free(s);
        return FS_EUSAGE;
    }
    s->fn = fn;
    s->ctx = ctx;
    double near = largest ? hi : lo, far = largest ? lo : hi; /* the answer is nearest `near` */
    double gnear = eval(near, s), gfar = eval(far, s);
    int rc = s->rc, at_end = 0;
    if (rc == FS_OK && gnear >= 0.0) { /* the end itself meets */
        out->found = at_end = 1;
        out->x = out->bracket_lo = out->bracket_hi = near;
    } else if (rc == FS_OK && (gfar >= 0.0 || scan(s, lo, hi, largest, &near, &far))) {
        double a = near < far ? near : far, b = near < far ? far : near;
        if (s->rc == FS_OK)
            rc = narrow(s, tol, &a, &b);
        rc = rc == FS_OK ? s->rc : rc;
        if (rc == FS_OK) {
            double m = largest ? (eval(a, s) >= 0.0 ? a : b) : (eval(b, s) >= 0.0 ? b : a);
            rc = refine(s, tol, largest, &m, &a, &b);
            shape(s, m, largest, &out->monotone, &out->band); /* before rounding */
            if (rc == FS_OK && a != b)
                round_answer(s, lo, hi, tol, largest, largest ? b : a, &m, &a, &b);
            rc = s->rc;
            out->found = rc == FS_OK;
            out->x = m;
            out->bracket_lo = a;
            out->bracket_hi = b;
        }
    }
    rc = rc == FS_OK ? s->rc : rc;
    best_of(s, &out->best_x, &out->best_margin);
    out->runs = s->n;
    if (rc == FS_OK && !out->found)
        snprintf(err, errlen,
                 "no value in [%.10g, %.10g] meets the target: the best reached (of %d tried) "
                 "is a margin of %.6g at %.10g",
                 lo, hi, s->n, out->best_margin, out->best_x);
    if (rc == FS_OK && out->found) {
        out->at_end = at_end;
        if (at_end) /* nothing is known beyond the end: one switch at most */
            out->monotone = 1;
        out->margin = -DBL_MAX;
        for (int i = 0; i < s->n; i++)
            if (s->x[i] == out->x)
                out->margin = s->g[i];
        if (!(out->margin >= 0.0)) { /* cannot happen: every answer is a run that met */
            snprintf(err, errlen, "fs_solve: internal: the answer %.10g did not meet the target",
                     out->x);
            out->found = 0;
            rc = FS_ENUMERIC;
        }
    }
    if (s->capped)
        snprintf(err, errlen, "fs_solve: no answer within %d runs (widen --tol)", MAX_EVALS);
    free(s);
    if (rc != FS_OK)
        return rc;
    return out->found ? FS_OK : FS_ENUMERIC;
}
