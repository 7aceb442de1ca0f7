/*
 * ML-DSA AVX2 routines added for speed, each compared with the portable
 * version it replaces on random inputs (including the edges of the input
 * ranges).  Skipped, and said so, on a CPU without AVX2.
 */
#include "test.h"

#include "qstp/keccak.h"
#include "crypto/cpu.h"
#include "crypto/mldsa/ntt.h"
#include "crypto/mldsa/poly.h"
#include "crypto/mldsa/poly_avx2.h"
#include "crypto/mldsa/sample.h"
#include "crypto/mldsa/fused.h"
#include "crypto/mldsa/pack_avx2.h"
#include "crypto/mldsa/expand_a_tr.h"
#include "mldsa_fused_check.h"

#define Q MLDSA_Q

static int have_avx2(void)
{
	if (qstp_cpu_features() & QSTP_CPU_AVX2)
		return 1;
	fprintf(stderr, "no AVX2: skipped\n");
	return 0;
}

static void random_range(mldsa_poly *a, unsigned seed, int32_t lo, int32_t hi)
{
	mldsa_draw_range(a, "ax", seed, lo, hi);
}

/* Both in (-q, q) and equal mod q (the row products' contract, fused.h). */
static void check_same_mod_q(const mldsa_poly *x, const mldsa_poly *y)
{
	unsigned bad = 0;
	for (unsigned i = 0; i < MLDSA_N; i++) {
		bad += x->c[i] <= -Q || x->c[i] >= Q || y->c[i] <= -Q || y->c[i] >= Q;
		bad += ((int64_t)x->c[i] - y->c[i]) % Q != 0;
	}
	CHECK_EQ(bad, 0);
}

TEST(use_hint_avx2_matches_ref)
{
	static mldsa_poly a, h, r1, r2;
	if (!have_avx2())
		return;
	const int32_t g2s[2] = { (Q - 1) / 88, (Q - 1) / 32 };
	for (unsigned t = 0; t < 400; t++) {
		int32_t g2 = g2s[t & 1];
		random_range(&a, 100 + t, 0, Q - 1);
		random_range(&h, 900 + t, 0, 1);
		mldsa_poly_use_hint_ref(&r1, &a, &h, g2);
		mldsa_poly_use_hint_avx2(&r2, &a, &h, g2);
		CHECK_MEM(r1.c, r2.c, sizeof r1.c);
	}
	/* every input around the bucket edges, hinted and not */
	for (unsigned t = 0; t < 2; t++) {
		int32_t g2 = g2s[t];
		for (int32_t base = 0; base < Q; base += 256) {
			for (int i = 0; i < MLDSA_N; i++) {
				a.c[i] = base + i < Q ? base + i : Q - 1;
				h.c[i] = (i >> 1) & 1;
			}
			mldsa_poly_use_hint_ref(&r1, &a, &h, g2);
			mldsa_poly_use_hint_avx2(&r2, &a, &h, g2);
			if (memcmp(r1.c, r2.c, sizeof r1.c) != 0) {
				CHECK_MEM(r1.c, r2.c, sizeof r1.c);
				break;
			}
		}
	}
}

TEST(ball_steps_avx2_matches_ref)
{
	static const unsigned taus[3] = { 39, 49, 60 };
	if (!have_avx2())
		return;
	for (unsigned t = 0; t < 300; t++) {
		unsigned tau = taus[t % 3];
		uint8_t in[3] = { (uint8_t)t, (uint8_t)(t >> 8), 'b' };
		uint8_t rnd[8 + 64];
		int8_t c1[MLDSA_N], c2[MLDSA_N];
		uint8_t js[64];
		uint64_t signs = 0;
		qstp_shake128(rnd, sizeof rnd, in, sizeof in);
		for (unsigned k = 0; k < 8; k++)
			signs |= (uint64_t)rnd[k] << (8 * k);
		memset(c1, 0, sizeof c1);
		for (unsigned k = 0; k < tau; k++) {
			unsigned i = MLDSA_N - tau + k;
			/* j <= i, hitting j == i and j == 0 now and then */
			js[k] = (uint8_t)(k % 7 == 3 ? i : k % 11 == 5 ? 0 : rnd[8 + k] % (i + 1));
			mldsa_ball_step_ref(c1, i, js[k], (int8_t)(1 - 2 * (int)(signs >> k & 1)));
		}
		memset(c2, 0x55, sizeof c2); /* every byte is written */
		mldsa_ball_steps_avx2(c2, js, signs, tau);
		CHECK_MEM(c1, c2, sizeof c1);
	}
}

/* The fused steps of signing, on inputs in the ranges sign.c gives them
 * (inverse NTT outputs |x| < q, w standard) and on wider ones, so that
 * both sides of every bound check and both results of every hint bit
 * occur. */
TEST(fused_avx2_matches_ref)
{
	static const struct fused_steps ref = { mldsa_fused_z_ref, mldsa_fused_w1_ref,
		                                mldsa_fused_r_ref, mldsa_fused_hint_ref };
	static const struct fused_steps avx2 = { mldsa_fused_z_avx2, mldsa_fused_w1_avx2,
		                                 mldsa_fused_r_avx2, mldsa_fused_hint_avx2 };
	static mldsa_poly a[MLDSA_LMAX], z[MLDSA_LMAX], w1, w2;
	struct fused_seen seen = { { 0, 0 }, { 0, 0 }, { 0, 0 }, 0 };
	if (!have_avx2())
		return;
	for (unsigned t = 0; t < 200; t++) {
		unsigned l = 4 + t % 4;
		for (unsigned j = 0; j < l; j++) {
			random_range(&a[j], 3000 + 16 * t + j, 0, Q - 1);
			random_range(&z[j], 7000 + 16 * t + j, -9 * Q + 1, 9 * Q - 1);
		}
		mldsa_row_pointwise_ref(&w1, a, z, l);
		mldsa_row_pointwise_avx2(&w2, a, z, l);
		check_same_mod_q(&w1, &w2);

		/* w standard in every round, as sign.c gives it */
		fused_check_round(&ref, &avx2, "ax", 11000, t, 0, &seen);
		if (test_failed_flag)
			return;
	}
	fused_check_seen(&seen);
}

/* The AVX2 polynomial decoder at the key encodings' widths and z's, on
 * random bytes (every bit pattern decodes), and w1Encode on random in-range
 * coefficients, for all three parameter sets. */
TEST(pack_avx2_matches_ref)
{
	static const qstp_mldsa_param ps[3] = { QSTP_MLDSA_44, QSTP_MLDSA_65, QSTP_MLDSA_87 };
	static uint8_t bytes[MLDSA_SK_MAX], o1[MLDSA_W1_PACKED_MAX + 8], o2[MLDSA_W1_PACKED_MAX + 8];
	static mldsa_poly a1[3 * MLDSA_KMAX], a2[3 * MLDSA_KMAX];
	if (!have_avx2())
		return;
	for (unsigned t = 0; t < 60; t++) {
		const mldsa_params *P = mldsa_params_get(ps[t % 3]);
		uint8_t in[3] = { (uint8_t)t, 'p', 'k' };
		qstp_shake256(bytes, sizeof bytes, in, sizeof in);
		/* the key encodings' widths (eta, t0, t1), with their offsets */
		static const struct { unsigned bits; int sub; int32_t off; } w[4] = {
			{ 3, 1, 2 }, { 4, 1, 4 }, { 13, 1, 1 << 12 }, { 10, 0, 0 }
		};
		for (unsigned i = 0; i < 4; i++) {
			mldsa_unpack_poly_ref(&a1[0], bytes + i, w[i].bits, w[i].sub, w[i].off);
			mldsa_unpack_poly_avx2(&a2[0], bytes + i, w[i].bits, w[i].sub, w[i].off);
			CHECK_MEM(&a1[0], &a2[0], sizeof a1[0]);
		}
		mldsa_unpack_z_bytes(a1, P, bytes + 7);
		mldsa_unpack_z_bytes_avx2(a2, P, bytes + 7);
		CHECK_MEM(a1, a2, sizeof a1[0]);

		int32_t top = P->w1_bits == 4 ? 16 : 44;
		random_range(&a1[0], 500 + t, 0, top - 1);
		memset(o1, 0xA5, sizeof o1);
		memset(o2, 0xA5, sizeof o2);
		mldsa_pack_w1(o1, P, &a1[0]);
		mldsa_pack_w1_avx2(o2, P, &a1[0]);
		CHECK_MEM(o1, o2, sizeof o1); /* nothing written past w1_packed either */
	}
}

TEST(fused_t_avx2_matches_ref)
{
	static mldsa_poly t1, t2, s2, a1, a2, b1, b2;
	if (!have_avx2())
		return;
	for (unsigned t = 0; t < 200; t++) {
		random_range(&t1, 20000 + t, -Q + 1, Q - 1);
		random_range(&s2, 21000 + t, t & 1 ? -4 : -2, t & 1 ? 4 : 2);
		t2 = t1;
		mldsa_fused_t_ref(&a1, &b1, &t1, &s2);
		mldsa_fused_t_avx2(&a2, &b2, &t2, &s2);
		CHECK_MEM(a1.c, a2.c, sizeof a1.c);
		CHECK_MEM(b1.c, b2.c, sizeof b1.c);
	}
}

/* The AVX2 polynomial encoder the key encodings use, on random
 * coefficients (in range and out of it: both mask the value the same way). */
TEST(pack_keys_avx2_matches_ref)
{
	static const qstp_mldsa_param ps[3] = { QSTP_MLDSA_44, QSTP_MLDSA_65, QSTP_MLDSA_87 };
	static uint8_t o1[32 * MLDSA_D + 8], o2[32 * MLDSA_D + 8];
	static mldsa_poly s1[MLDSA_LMAX], s2[MLDSA_KMAX], t0[MLDSA_KMAX];
	if (!have_avx2())
		return;
	for (unsigned t = 0; t < 60; t++) {
		const mldsa_params *P = mldsa_params_get(ps[t % 3]);
		int32_t eta = (int32_t)P->eta, wide = t % 5 == 4 ? 1 << 20 : 0;
		for (unsigned i = 0; i < MLDSA_LMAX; i++)
			random_range(&s1[i], 30000 + 16 * t + i, -eta - wide, eta + wide);
		for (unsigned i = 0; i < MLDSA_KMAX; i++) {
			random_range(&s2[i], 31000 + 16 * t + i, -eta - wide, eta + wide);
			random_range(&t0[i], 32000 + 16 * t + i, -(1 << 12) + 1 - wide, (1 << 12) + wide);
		}
		/* the polynomials of skEncode and pkEncode, as the key
		 * encodings pack them */
		const mldsa_poly *ps_[3] = { &s1[t % MLDSA_LMAX], &s2[t % MLDSA_KMAX], &t0[t % MLDSA_KMAX] };
		const unsigned bits[3] = { P->eta_bits, P->eta_bits, MLDSA_D };
		const int32_t off[3] = { eta, eta, 1 << (MLDSA_D - 1) };
		for (unsigned i = 0; i < 3; i++) {
			memset(o1, 0x5A, sizeof o1);
			memset(o2, 0x5A, sizeof o2);
			mldsa_pack_poly_ref(o1, ps_[i], bits[i], 1, off[i]);
			mldsa_pack_poly_avx2(o2, ps_[i], bits[i], 1, off[i]);
			CHECK_MEM(o1, o2, sizeof o1); /* nothing written past 32 * bits */
		}
		/* t1 in [0, 2^10), and beyond */
		random_range(&t0[0], 33000 + 16 * t, 0, (1 << 10) - 1 + wide);
		memset(o1, 0x5A, sizeof o1);
		memset(o2, 0x5A, sizeof o2);
		mldsa_pack_poly_ref(o1, &t0[0], 10, 0, 0);
		mldsa_pack_poly_avx2(o2, &t0[0], 10, 0, 0);
		CHECK_MEM(o1, o2, sizeof o1);
	}
}

TEST(fused_verify_avx2_matches_ref)
{
	static mldsa_poly a[MLDSA_LMAX], z[MLDSA_LMAX], c, t, w1, w2, h, r1, r2;
	const int32_t g2s[2] = { (Q - 1) / 88, (Q - 1) / 32 };
	if (!have_avx2())
		return;
	for (unsigned n = 0; n < 200; n++) {
		unsigned l = 4 + n % 4;
		for (unsigned j = 0; j < l; j++) {
			random_range(&a[j], 40000 + 16 * n + j, 0, Q - 1);
			random_range(&z[j], 41000 + 16 * n + j, -9 * Q + 1, 9 * Q - 1);
		}
		random_range(&c, 42000 + n, -9 * Q + 1, 9 * Q - 1);
		random_range(&t, 43000 + n, -9 * Q + 1, 9 * Q - 1);
		mldsa_row_pointwise_sub_ref(&w1, a, z, l, &c, &t);
		mldsa_row_pointwise_sub_avx2(&w2, a, z, l, &c, &t);
		check_same_mod_q(&w1, &w2);

		random_range(&w1, 44000 + n, -Q + 1, Q - 1);
		random_range(&h, 45000 + n, 0, 1);
		w2 = w1;
		mldsa_fused_use_hint_ref(&r1, &w1, &h, g2s[n & 1]);
		mldsa_fused_use_hint_avx2(&r2, &w2, &h, g2s[n & 1]);
		CHECK_MEM(r1.c, r2.c, sizeof r1.c);
	}
}

/* ExpandA with H(pk) in a spare lane against ExpandA and SHAKE256 run
 * separately (whichever permutation this CPU uses). */
TEST(expand_a_tr_matches_separate)
{
	static const qstp_mldsa_param ps[3] = { QSTP_MLDSA_44, QSTP_MLDSA_65, QSTP_MLDSA_87 };
	static mldsa_poly A1[MLDSA_KMAX * MLDSA_LMAX], A2[MLDSA_KMAX * MLDSA_LMAX];
	static uint8_t pk[MLDSA_PK_MAX];
	uint8_t tr1[MLDSA_TRBYTES], tr2[MLDSA_TRBYTES];
	for (unsigned t = 0; t < 12; t++) {
		const mldsa_params *P = mldsa_params_get(ps[t % 3]);
		uint8_t in[3] = { (uint8_t)t, 'e', 'a' };
		qstp_shake256(pk, sizeof pk, in, sizeof in);
		mldsa_expand_a(A1, P, pk);
		qstp_shake256(tr1, sizeof tr1, pk, P->pk_bytes);
		memset(A2, 0, sizeof A2);
		memset(tr2, 0, sizeof tr2);
		mldsa_expand_a_tr(A2, tr2, P, pk, pk);
		CHECK_MEM(A1, A2, P->k * P->l * sizeof A1[0]);
		CHECK_MEM(tr1, tr2, sizeof tr1);
	}
}

/* The split of c s12 = c s1 + 2^11 c s2: from parts built here, offset by
 * a multiple of q as an inverse NTT may leave them, both parts come back
 * exactly, from the portable and the AVX2 version. */
TEST(fused_split_recovers_parts)
{
	static mldsa_poly pa, pb, v, a1, b1, a2, b2;
	for (unsigned t = 0; t < 200; t++) {
		random_range(&pa, 50000 + t, -1024, 1023);
		random_range(&pb, 51000 + t, -539, 539);
		for (unsigned i = 0; i < MLDSA_N; i++) {
			int32_t off = (int32_t)((t + i) % 3) - 1; /* -q, 0 or +q */
			v.c[i] = pa.c[i] + 2048 * pb.c[i] + off * Q;
		}
		mldsa_fused_split_ref(&a1, &b1, &v);
		CHECK_MEM(a1.c, pa.c, sizeof pa.c);
		CHECK_MEM(b1.c, pb.c, sizeof pb.c);
		if (qstp_cpu_features() & QSTP_CPU_AVX2) {
			a2 = v;
			mldsa_fused_split_avx2(&a2, &b2, &a2); /* in place */
			CHECK_MEM(a2.c, pa.c, sizeof pa.c);
			CHECK_MEM(b2.c, pb.c, sizeof pb.c);
		}
	}
	/* pairing and splitting, the way signing does it */
	random_range(&pa, 52000, -11, 11);
	random_range(&pb, 52001, -11, 11);
	mldsa_pair_s(&v, &pa, &pb);
	mldsa_fused_split(&a1, &b1, &v);
	CHECK_MEM(a1.c, pa.c, sizeof pa.c);
	CHECK_MEM(b1.c, pb.c, sizeof pb.c);
}

/* sigEncode: z in range (and at both ends), h with 0 to omega ones. */
TEST(pack_sig_avx2_matches_ref)
{
	static const qstp_mldsa_param ps[3] = { QSTP_MLDSA_44, QSTP_MLDSA_65, QSTP_MLDSA_87 };
	static uint8_t o1[MLDSA_SIG_MAX + 8], o2[MLDSA_SIG_MAX + 8], ct[64];
	static mldsa_poly z[MLDSA_LMAX], h[MLDSA_KMAX];
	if (!have_avx2())
		return;
	for (unsigned t = 0; t < 90; t++) {
		const mldsa_params *P = mldsa_params_get(ps[t % 3]);
		for (unsigned j = 0; j < P->l; j++)
			random_range(&z[j], 60000 + 16 * t + j, -P->gamma1 + 1, P->gamma1);
		/* t % 30 of the omega hint bits, spread over the k polynomials */
		unsigned want = (t / 3) * P->omega / 29;
		uint8_t r[2 * 128];
		uint8_t in[3] = { (uint8_t)t, 'h', 's' };
		qstp_shake128(r, sizeof r, in, sizeof in);
		memset(h, 0, sizeof h);
		for (unsigned n = 0; n < want; n++) {
			unsigned i = r[2 * n] % P->k, c = r[2 * n + 1];
			while (h[i].c[c])
				c = (c + 1) % MLDSA_N;
			h[i].c[c] = 1;
		}
		memset(ct, (int)t, sizeof ct);
		memset(o1, 0xC3, sizeof o1);
		memset(o2, 0xC3, sizeof o2);
		mldsa_pack_sig(o1, P, ct, z, h);
		mldsa_pack_sig_avx2(o2, P, ct, z, h);
		CHECK_MEM(o1, o2, sizeof o1);
	}
}

/* Pointwise product and inverse NTT in one pass, against the two portable
 * steps, also with the output over an input.  The contract (poly.h) is
 * |r| < q and the right value mod q; the portable steps (binary64) and the
 * AVX2 pass (Montgomery) may pick different representatives. */
TEST(pointwise_invntt_avx2_matches_ref)
{
	static mldsa_poly a, b, r1, r2;
	if (!have_avx2())
		return;
	for (unsigned t = 0; t < 200; t++) {
		random_range(&a, 70000 + t, -9 * Q + 1, 9 * Q - 1);
		random_range(&b, 71000 + t, -9 * Q + 1, 9 * Q - 1);
		mldsa_pointwise_invntt_ref(&r1, &a, &b);
		mldsa_invntt_pointwise_avx2(&r2, &a, &b);
		check_same_mod_q(&r1, &r2);
		r2 = b;
		mldsa_invntt_pointwise_avx2(&r2, &a, &r2);
		check_same_mod_q(&r1, &r2);
	}
}
