/* Internal: the Keccak-f[1600] implementations and their selection. */
#ifndef QSTP_KECCAK_IMPL_H
#define QSTP_KECCAK_IMPL_H

#include <stdint.h>
#include "qstp/keccak.h"

#if defined(__x86_64__)
void qstp_keccakf1600_bmi2(uint64_t a[25]);
#endif

#endif
