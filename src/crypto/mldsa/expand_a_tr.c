/*
 * ExpandA (FIPS 204 Alg. 32) and tr = H(pk, 64) (Alg. 8 step 6) in one run
 * of the four-way Keccak, for verification.
 *
 * H(pk) is one SHAKE256 stream of 10 to 20 blocks that would otherwise run
 * on the one-way permutation (about 16k cycles for ML-DSA-87); here it
 * occupies lane 3 of the four-way state while lanes 0..2 squeeze entries of
 * A, and lane 3 joins them when tr is out.  Each lane is its own sponge
 * (the state is four independent Keccak states), with its own rate: SHAKE128
 * for A, SHAKE256 for H.  A lane whose entry is complete takes the next one
 * at once, so no lane waits for another's extra block.  Same streams and
 * rejection rule as mldsa_expand_a_entry and qstp_shake256, which
 * tests/unit/test_mldsa_avx2 compares this against.  Everything here is
 * public (A and tr derive from the public key).
 */
#include <string.h>

#include "../cpu.h"
#include "../endian.h"
#include "../keccak4x.h"
#include "rej.h"
#include "rej_avx2.h"
#include "expand_a_tr.h"

#define RATE_A QSTP_SHAKE128_RATE
#define RATE_H QSTP_SHAKE256_RATE
#define FIRST_BYTES (MLDSA_EXPAND_A_BLOCKS * RATE_A)

typedef unsigned (*rej_fn)(mldsa_poly *a, unsigned n, const uint8_t *buf, size_t len);

static unsigned rej_uniform_ref(mldsa_poly *a, unsigned n, const uint8_t *buf, size_t len)
{
	return mldsa_rej_uniform(a, n, buf, len);
}

/* XOR len <= 200 bytes of p into lane j from its first byte. */
static void lane_xor(qstp_keccak4x *st, unsigned j, const uint8_t *p, size_t len)
{
	size_t i = 0;
	for (; i + 8 <= len; i += 8)
		st->s[4 * (i / 8) + j] ^= qstp_load64_le(p + i);
	uint64_t w = 0;
	for (size_t k = 0; i + k < len; k++)
		w |= (uint64_t)p[i + k] << (8 * k);
	if (i < len)
		st->s[4 * (i / 8) + j] ^= w;
}

/* SHAKE padding (domain byte 0x1F at byte pos, final bit at rate - 1). */
static void lane_pad(qstp_keccak4x *st, unsigned j, size_t pos, unsigned rate)
{
	st->s[4 * (pos / 8) + j] ^= 0x1FULL << (8 * (pos % 8));
	st->s[4 * (rate / 8 - 1) + j] ^= 0x80ULL << 56;
}

struct lanes {
	qstp_keccak4x st;
	uint8_t buf[4][FIRST_BYTES];
	int entry[4];        /* entry of A in lane j, or -1 (idle or hashing) */
	unsigned blocks[4];  /* blocks squeezed for it */
	unsigned n[4];       /* coefficients accepted */
	unsigned next;       /* next entry to hand out */
};

/* Gives lane j the next entry of A (reset lane, rho || s || r, padding), or
 * leaves it idle when none is left. */
static void start_entry(struct lanes *L, unsigned j, const mldsa_params *P,
                        const uint8_t rho[MLDSA_SEEDBYTES])
{
	uint8_t seed[MLDSA_SEEDBYTES + 2];
	if (L->next >= P->k * P->l) {
		L->entry[j] = -1;
		return;
	}
	unsigned e = L->next++;
	L->entry[j] = (int)e;
	L->blocks[j] = 0;
	L->n[j] = 0;
	for (unsigned i = 0; i < 25; i++)
		L->st.s[4 * i + j] = 0;
	memcpy(seed, rho, MLDSA_SEEDBYTES);
	seed[MLDSA_SEEDBYTES] = (uint8_t)(e % P->l);     /* s: column */
	seed[MLDSA_SEEDBYTES + 1] = (uint8_t)(e / P->l); /* r: row */
	lane_xor(&L->st, j, seed, sizeof seed);
	lane_pad(&L->st, j, sizeof seed, RATE_A);
}

void mldsa_expand_a_tr(mldsa_poly *a, uint8_t tr[MLDSA_TRBYTES], const mldsa_params *P,
                       const uint8_t rho[MLDSA_SEEDBYTES], const uint8_t *pk)
{
	rej_fn rej = rej_uniform_ref;
#ifdef MLDSA_HAVE_AVX2
	if (qstp_cpu_features() & QSTP_CPU_AVX2)
		rej = mldsa_rej_uniform_avx2;
#endif
	static const unsigned H = 3; /* the lane that hashes pk first */
	struct lanes L;
	uint8_t scratch[RATE_A];
	const size_t full = P->pk_bytes / RATE_H;
	size_t absorbed = 1; /* pk blocks (the final padded one included) in lane H */
	int hashing = 1;

	memset(&L.st, 0, sizeof L.st);
	memset(L.blocks, 0, sizeof L.blocks);
	memset(L.n, 0, sizeof L.n);
	L.next = 0;
	if (full > 0) {
		lane_xor(&L.st, H, pk, RATE_H);
	} else {
		lane_xor(&L.st, H, pk, P->pk_bytes);
		lane_pad(&L.st, H, P->pk_bytes, RATE_H);
	}
	L.entry[H] = -1;
	for (unsigned j = 0; j < 4; j++) {
		if (j != H)
			start_entry(&L, j, P, rho);
	}
	for (;;) {
		int active = hashing;
		for (unsigned j = 0; j < 4; j++)
			active |= L.entry[j] >= 0;
		if (!active)
			break;
		qstp_keccak4x_permute(&L.st);
		uint8_t *out[4];
		for (unsigned j = 0; j < 4; j++) {
			unsigned b = L.blocks[j] < MLDSA_EXPAND_A_BLOCKS ? L.blocks[j] : 0;
			out[j] = L.entry[j] >= 0 ? L.buf[j] + b * RATE_A : scratch;
		}
		qstp_keccak4x_extract(&L.st, out, RATE_A / 8);
		for (unsigned j = 0; j < 4; j++) {
			if (L.entry[j] < 0)
				continue;
			mldsa_poly *dst = &a[L.entry[j]];
			L.blocks[j]++;
			if (L.blocks[j] == MLDSA_EXPAND_A_BLOCKS)
				L.n[j] = rej(dst, 0, L.buf[j], FIRST_BYTES);
			else if (L.blocks[j] > MLDSA_EXPAND_A_BLOCKS)
				L.n[j] = rej(dst, L.n[j], L.buf[j], RATE_A);
			if (L.blocks[j] >= MLDSA_EXPAND_A_BLOCKS && L.n[j] == MLDSA_N)
				start_entry(&L, j, P, rho);
		}
		if (!hashing)
			continue;
		if (absorbed < full) {
			lane_xor(&L.st, H, pk + absorbed * RATE_H, RATE_H);
			absorbed++;
		} else if (absorbed == full) {
			size_t rem = P->pk_bytes - full * RATE_H;
			lane_xor(&L.st, H, pk + full * RATE_H, rem);
			lane_pad(&L.st, H, rem, RATE_H);
			absorbed++;
		} else {
			/* the permutation after the final block: tr is its first
			 * 64 bytes (less than one SHAKE256 block) */
			for (unsigned i = 0; i < MLDSA_TRBYTES / 8; i++)
				qstp_store64_le(tr + 8 * i, L.st.s[4 * i + H]);
			hashing = 0;
			start_entry(&L, H, P, rho);
		}
	}
}
