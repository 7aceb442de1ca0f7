/*
 * Constant-time check for ML-KEM on the portable code: QSTP_CPU_MASK=0 is set
 * before the first feature query, so every run-time choice takes the
 * portable path (checked below); see mlkem_ct_run.h.
 */
#include <stdlib.h>

#include "mlkem_ct_run.h"
#include "crypto/keccak4x.h"

int main(void)
{
	if (setenv("QSTP_CPU_MASK", "0", 1) != 0)
		return 1;
	if (strcmp(qstp_keccak4x_impl(), "ref") != 0) {
		fprintf(stderr, "ct_mlkem_portable: the portable path was not selected\n");
		return 1;
	}
	return ct_mlkem_all("ct_mlkem_portable");
}
