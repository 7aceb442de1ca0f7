/* Internal: AVX2 rejection step for ExpandA (x86-64; see rej_avx2.c). */
#ifndef QSTP_MLDSA_REJ_AVX2_H
#define QSTP_MLDSA_REJ_AVX2_H

#include <stddef.h>

#include "ntt.h"

#ifdef MLDSA_HAVE_AVX2
/* Same contract as mldsa_rej_uniform (rej.h), except that coefficients past
 * the returned count may be overwritten with rejected values. */
unsigned mldsa_rej_uniform_avx2(mldsa_poly *a, unsigned n, const uint8_t *buf, size_t len);
/* Same contract as mldsa_rej_eta (rej.h), with the same proviso. */
unsigned mldsa_rej_eta_avx2(mldsa_poly *a, unsigned n, const mldsa_params *P, const uint8_t *buf,
                            size_t len);
#endif

#endif
