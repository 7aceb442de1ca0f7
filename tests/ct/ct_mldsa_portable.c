/* The ML-DSA constant-time check (ct_mldsa.c) on the portable paths:
 * QSTP_CPU_MASK=0 is set before the library first queries the CPU. */
#define CT_MLDSA_PORTABLE 1
#include "ct_mldsa.c"
