/*
 * libFuzzer harness for the ML-KEM input handling: arbitrary bytes as an
 * encapsulation key (7.2 check, then Encaps), and as a ciphertext and a
 * decapsulation key for Decaps.  Properties asserted:
 *   - Encaps succeeds exactly when check_ek accepts, and on rejection the
 *     outputs are zero;
 *   - Decaps with a valid key never fails, whatever the ciphertext, and
 *     agrees with Encaps on the ciphertext Encaps made;
 *   - Decaps with an arbitrary dk fails exactly when check_dk does.
 * Input: byte 0 picks the set, then ek, ct, dk, seed bytes as available
 * (missing bytes are zero).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qstp/errors.h"
#include "qstp/mlkem.h"

static void take(uint8_t *out, size_t n, const uint8_t **p, size_t *left)
{
	size_t k = *left < n ? *left : n;
	memset(out, 0, n);
	memcpy(out, *p, k);
	*p += k;
	*left -= k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const qstp_mlkem_param sets[3] = { QSTP_MLKEM_512, QSTP_MLKEM_768, QSTP_MLKEM_1024 };
	static const uint8_t zero[QSTP_MLKEM1024_CT_BYTES];
	uint8_t ek[QSTP_MLKEM1024_EK_BYTES], dk[QSTP_MLKEM1024_DK_BYTES], ct[QSTP_MLKEM1024_CT_BYTES];
	uint8_t gek[QSTP_MLKEM1024_EK_BYTES], gdk[QSTP_MLKEM1024_DK_BYTES];
	uint8_t gct[QSTP_MLKEM1024_CT_BYTES], seed[96], ss1[32], ss2[32];
	if (size < 1)
		return 0;
	qstp_mlkem_param p = sets[data[0] % 3];
	const uint8_t *ptr = data + 1;
	size_t left = size - 1;
	size_t ekn = qstp_mlkem_ek_bytes(p), dkn = qstp_mlkem_dk_bytes(p),
	       ctn = qstp_mlkem_ct_bytes(p);
	take(ek, ekn, &ptr, &left);
	take(ct, ctn, &ptr, &left);
	take(dk, dkn, &ptr, &left);
	take(seed, sizeof seed, &ptr, &left);

	/* arbitrary ek */
	int chk = qstp_mlkem_check_ek(p, ek);
	int r = qstp_mlkem_encaps_derand(p, gct, ss1, ek, seed);
	if (r != chk || (r != 0 && r != QSTP_ERR_MLKEM_EK_INVALID))
		abort();
	if (r != 0 && (memcmp(gct, zero, ctn) != 0 || memcmp(ss1, zero, 32) != 0))
		abort();

	/* arbitrary ciphertext against a valid key */
	if (qstp_mlkem_keypair_derand(p, gek, gdk, seed, seed + 32) != 0)
		abort();
	if (qstp_mlkem_decaps(p, ss1, ct, gdk) != 0)
		abort();
	if (qstp_mlkem_encaps_derand(p, gct, ss1, gek, seed + 64) != 0 ||
	    qstp_mlkem_decaps(p, ss2, gct, gdk) != 0 || memcmp(ss1, ss2, 32) != 0)
		abort();

	/* arbitrary dk */
	chk = qstp_mlkem_check_dk(p, dk);
	r = qstp_mlkem_decaps(p, ss2, ct, dk);
	if (r != chk || (r != 0 && (r != QSTP_ERR_MLKEM_DK_INVALID || memcmp(ss2, zero, 32) != 0)))
		abort();
	return 0;
}
