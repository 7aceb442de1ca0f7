/* Internal: ExpandA together with tr = H(pk) (expand_a_tr.c). */
#ifndef QSTP_MLDSA_EXPAND_A_TR_H
#define QSTP_MLDSA_EXPAND_A_TR_H

#include "poly.h"

/* The whole matrix as mldsa_expand_a (sample.h), and tr = H(pk, 64) (pk is
 * P->pk_bytes) computed in a spare lane of the same four-way Keccak. */
void mldsa_expand_a_tr(mldsa_poly *a, uint8_t tr[MLDSA_TRBYTES], const mldsa_params *P,
                       const uint8_t rho[MLDSA_SEEDBYTES], const uint8_t *pk);

#endif
