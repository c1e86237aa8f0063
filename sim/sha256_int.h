/* sim/sha256_int.h -- SHA-256 (FIPS 180-4), internal to the library. */
#ifndef FUNDSIM_SHA256_INT_H
#define FUNDSIM_SHA256_INT_H

#include <stddef.h>
#include <stdint.h>

typedef struct fsi_sha256 {
    uint32_t h[8];
    uint64_t bytes;   /* message length so far */
    unsigned char buf[64];
    size_t used;      /* bytes in buf */
} fsi_sha256;

void fsi_sha256_init(fsi_sha256 *c);
void fsi_sha256_update(fsi_sha256 *c, const void *data, size_t len);
void fsi_sha256_final(fsi_sha256 *c, unsigned char digest[32]);
/* One-shot digest as 64 lower-case hex digits plus NUL. */
void fsi_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
