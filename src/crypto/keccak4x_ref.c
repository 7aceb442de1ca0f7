/* The portable four-way permutation: the two-state permutation
 * (keccakf1600x2.c) on instance pairs {0, 1} and {2, 3}, in place in the
 * interleaved layout (lane i of instance j at s[4i + j]). */
#include "keccak4x.h"
#include "keccak_impl.h"

void qstp_keccak4x_permute_ref(qstp_keccak4x *st)
{
	qstp_keccakf1600x2(st->s, 4);
	qstp_keccakf1600x2(st->s + 2, 4);
}
