/*
 * The portable fast paths of signing against the general code they stand
 * for: the single-pass fused steps (fused.c) against the sequences of poly.h
 * operations (the _seq versions), on random inputs in the ranges sign.c
 * gives them and on wider ones, so that both sides of every bound check and
 * both values of every hint bit occur; w1Encode's 4-bit loop against the
 * general bit packer; SampleInBall's masked step against a plain swap.
 */
#include "test.h"

#include <string.h>

#include "qstp/keccak.h"
#include "crypto/mldsa/fused.h"
#include "crypto/mldsa/pack.h"
#include "crypto/mldsa/params.h"
#include "crypto/mldsa/sample.h"
#include "crypto/mldsa/poly.h"
#include "mldsa_fused_check.h"

static void random_range(mldsa_poly *a, unsigned seed, int32_t lo, int32_t hi)
{
	mldsa_draw_range(a, "fu", seed, lo, hi);
}

/* The sequences of poly.h operations that fused.h's single passes stand
 * for: the reference they are checked against. */
static unsigned mldsa_fused_z_seq(mldsa_poly *z, const mldsa_poly *y, int32_t bound)
{
	mldsa_poly_add_ref(z, z, y);
	mldsa_poly_reduce_ref(z);
	return mldsa_poly_exceeds_ref(z, bound);
}

static void mldsa_fused_w1_seq(mldsa_poly *w1, mldsa_poly *w, int32_t gamma2)
{
	mldsa_poly_caddq_ref(w);
	mldsa_poly_highbits_ref(w1, w, gamma2);
}

static unsigned mldsa_fused_r_seq(mldsa_poly *r, mldsa_poly *r1, const mldsa_poly *w,
                                  mldsa_poly *cs2, int32_t gamma2, int32_t bound)
{
	mldsa_poly_reduce_ref(cs2);
	mldsa_poly_sub_ref(r, w, cs2);
	mldsa_poly_reduce_ref(r);
	mldsa_poly_caddq_ref(r);
	mldsa_poly_decompose_ref(r1, cs2, r, gamma2); /* cs2 now holds r0 */
	return mldsa_poly_exceeds_ref(cs2, bound);
}

static unsigned mldsa_fused_hint_seq(mldsa_poly *h, unsigned *hints, mldsa_poly *ct0,
                                     const mldsa_poly *r, const mldsa_poly *r1, int32_t gamma2)
{
	mldsa_poly_reduce_ref(ct0);
	unsigned ex = mldsa_poly_exceeds_ref(ct0, gamma2);
	mldsa_poly_add_ref(ct0, ct0, r);
	mldsa_poly_reduce_ref(ct0);
	mldsa_poly_caddq_ref(ct0);
	*hints = mldsa_poly_make_hint_ref(h, ct0, r1, gamma2);
	return ex;
}

static void mldsa_fused_split_seq(mldsa_poly *a, mldsa_poly *b, const mldsa_poly *v)
{
	for (unsigned i = 0; i < MLDSA_N; i++) {
		int32_t x = mldsa_reduce32(v->c[i]);
		int32_t hi = (x + (1 << (MLDSA_PAIR_SHIFT - 1))) >> MLDSA_PAIR_SHIFT;
		a->c[i] = x - (int32_t)((uint32_t)hi << MLDSA_PAIR_SHIFT);
		b->c[i] = hi;
	}
}

/* The portable single passes against the sequences, on random inputs; in
 * some rounds w lies in (-q, q), beyond what signing gives fused_r. */
TEST(fused_ref_matches_seq)
{
	static const struct fused_steps seq = { mldsa_fused_z_seq, mldsa_fused_w1_seq,
		                                mldsa_fused_r_seq, mldsa_fused_hint_seq };
	static const struct fused_steps ref = { mldsa_fused_z_ref, mldsa_fused_w1_ref,
		                                mldsa_fused_r_ref, mldsa_fused_hint_ref };
	struct fused_seen seen = { { 0, 0 }, { 0, 0 }, { 0, 0 }, 0 };
	for (unsigned t = 0; t < 400; t++) {
		fused_check_round(&seq, &ref, "fu", 1000, t, 1, &seen);
		if (test_failed_flag)
			return;
	}
	fused_check_seen(&seen);
}

/* The split, separate outputs and in place, on any int32 the contract
 * allows (|v| < 2^31 - 2^22) and on the values signing produces. */
TEST(fused_split_ref_matches_seq)
{
	static mldsa_poly v, a1, b1, a2, b2;
	for (unsigned t = 0; t < 200; t++) {
		int32_t m = t % 2 ? (1 << 21) - 1 : 2147483647 - (1 << 22) - 1;
		random_range(&v, 7000 + t, -m, m);
		mldsa_fused_split_seq(&a1, &b1, &v);
		mldsa_fused_split_ref(&a2, &b2, &v);
		CHECK_MEM(a1.c, a2.c, sizeof a1.c);
		CHECK_MEM(b1.c, b2.c, sizeof b1.c);
		a2 = v;
		mldsa_fused_split_ref(&a2, &b2, &a2);
		CHECK_MEM(a1.c, a2.c, sizeof a1.c);
		CHECK_MEM(b1.c, b2.c, sizeof b1.c);
	}
}

/* w1Encode's 4-bit loop (pack.c) against the general bit packer, on
 * in-range w1 and on any int32 (both keep the low four bits), and the
 * 6-bit width through the general packer, for every parameter set. */
TEST(pack_w1_matches_bitpack)
{
	static const qstp_mldsa_param ps[3] = { QSTP_MLDSA_44, QSTP_MLDSA_65, QSTP_MLDSA_87 };
	static mldsa_poly w;
	uint8_t o1[MLDSA_W1_PACKED_MAX + 8], o2[MLDSA_W1_PACKED_MAX + 8];
	for (unsigned t = 0; t < 60; t++) {
		const mldsa_params *P = mldsa_params_get(ps[t % 3]);
		int32_t top = P->w1_bits == 4 ? 15 : 43;
		if (t % 4 == 3)
			random_range(&w, 8000 + t, -2147483647 - 1, 2147483647);
		else
			random_range(&w, 8000 + t, 0, top);
		memset(o1, 0xA5, sizeof o1);
		memset(o2, 0xA5, sizeof o2);
		mldsa_pack_w1(o1, P, &w);
		mldsa_pack_poly_ref(o2, &w, P->w1_bits, 0, 0);
		CHECK_MEM(o1, o2, sizeof o1); /* nothing written past w1_packed either */
	}
}

/* SampleInBall's masked swap step (sample.c) against the swap written with
 * plain indexes (Alg. 29 steps 6-7), over whole challenge runs with j == i
 * and j == 0 now and then. */
TEST(ball_step_matches_swap)
{
	int8_t c1[MLDSA_N], c2[MLDSA_N];
	uint8_t rnd[64];
	for (unsigned t = 0; t < 100; t++) {
		uint8_t in[3] = { (uint8_t)t, 'b', 's' };
		qstp_shake256(rnd, sizeof rnd, in, sizeof in);
		memset(c1, 0, sizeof c1);
		memset(c2, 0, sizeof c2);
		for (unsigned k = 0; k < 60; k++) {
			unsigned i = MLDSA_N - 60 + k;
			unsigned j = k % 7 == 3 ? i : k % 11 == 5 ? 0 : rnd[k] % (i + 1);
			int8_t s = (int8_t)(1 - 2 * (rnd[k] >> 7 & 1) * (rnd[k + 1] & 1));
			c2[i] = c2[j];
			c2[j] = s;
			mldsa_ball_step_ref(c1, i, j, s);
			CHECK_MEM(c1, c2, sizeof c1);
		}
	}
}
