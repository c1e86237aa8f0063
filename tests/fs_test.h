/* tests/fs_test.h -- shared helpers for the cmocka suites. */
#ifndef FS_TEST_H
#define FS_TEST_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#if defined(__GNUC__)
#define FS_TEST_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define FS_TEST_PRINTF(a, b)
#endif

/* Passes when |x - want| <= atol + rtol * |want|; prints both with %.17g
 * otherwise.  cmocka 1.1.5's float check casts to float, so we need this. */
#define assert_close(x, want, rtol, atol)                                          \
    do {                                                                           \
        double fs_x_ = (x), fs_w_ = (want);                                        \
        double fs_tol_ = (atol) + (rtol) * fabs(fs_w_);                            \
        if (!(fabs(fs_x_ - fs_w_) <= fs_tol_)) {                                   \
            fail_msg("%s = %.17g, want %.17g (tol %.3g)", #x, fs_x_, fs_w_, fs_tol_); \
        }                                                                          \
    } while (0)

#endif
