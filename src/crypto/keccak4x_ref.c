/* The portable four-way permutation: the single-state permutation on each
 * instance in turn (de-interleave, permute, interleave). */
#include "keccak4x.h"
#include "wipe.h"

void qstp_keccak4x_permute_ref(qstp_keccak4x *st)
{
	uint64_t a[25];
	for (unsigned j = 0; j < 4; j++) {
		for (unsigned i = 0; i < 25; i++)
			a[i] = st->s[4 * i + j];
		qstp_keccakf1600(a);
		for (unsigned i = 0; i < 25; i++)
			st->s[4 * i + j] = a[i];
	}
	qstp_wipe(a, sizeof a);
}
