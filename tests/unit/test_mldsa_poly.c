/*
 * ML-DSA arithmetic: Decompose checked for every input against the FIPS 204
 * definition (with a division, which the library avoids); Power2Round; the
 * NTT product against schoolbook multiplication in Z_q[X]/(X^256 + 1); and
 * every NTT implementation against the portable one on random inputs.
 */
#include "test.h"

#include "qstp/keccak.h"
#include "crypto/cpu.h"
#include "crypto/mldsa/fused.h"
#include "crypto/mldsa/ntt.h"
#include "crypto/mldsa/poly.h"
#include "crypto/mldsa/sample.h"
#include "crypto/mldsa/poly_avx2.h"
#include "crypto/mldsa/rej.h"
#include "crypto/mldsa/rej_avx2.h"

#define Q MLDSA_Q

static int32_t mod_pm(int64_t r, int64_t m) /* r mod± m, in (-m/2, m/2] */
{
	int64_t x = ((r % m) + m) % m;
	if (x > m / 2)
		x -= m;
	return (int32_t)x;
}

TEST(decompose_every_input)
{
	const int32_t g2s[2] = { (Q - 1) / 88, (Q - 1) / 32 };
	for (int g = 0; g < 2; g++) {
		int32_t g2 = g2s[g];
		for (int32_t r = 0; r < Q; r++) {
			/* Alg. 36 */
			int32_t w0 = mod_pm(r, 2 * g2), w1;
			if (r - w0 == Q - 1) {
				w1 = 0;
				w0 = w0 - 1;
			} else {
				w1 = (r - w0) / (2 * g2);
			}
			int32_t lo, hi = mldsa_decompose(&lo, r, g2);
			if (hi != w1 || lo != w0) {
				fprintf(stderr, "gamma2 %d r %d: got (%d, %d) want (%d, %d)\n", g2, r, hi,
				        lo, w1, w0);
				CHECK(0);
			}
		}
	}
}

TEST(power2round)
{
	static mldsa_poly a, a1, a0;
	for (int32_t base = 0; base < Q; base += MLDSA_N * 97) {
		for (int i = 0; i < MLDSA_N; i++)
			a.c[i] = (base + i * 97) % Q;
		mldsa_poly_power2round(&a1, &a0, &a);
		for (int i = 0; i < MLDSA_N; i++) {
			CHECK_EQ(a0.c[i], mod_pm(a.c[i], 1 << 13)); /* (-2^12, 2^12] */
			CHECK_EQ(a1.c[i] * 8192 + a0.c[i], a.c[i]);
		}
	}
}

static void random_poly(mldsa_poly *a, unsigned seed, int32_t bound)
{
	uint8_t in[4] = { (uint8_t)seed, (uint8_t)(seed >> 8), 'p', 'y' };
	uint32_t buf[MLDSA_N];
	qstp_shake128((uint8_t *)buf, sizeof buf, in, sizeof in);
	for (int i = 0; i < MLDSA_N; i++)
		a->c[i] = (int32_t)(buf[i] % (2u * (uint32_t)bound - 1u)) - (bound - 1);
}

/* a * b in Z_q[X]/(X^256 + 1), centered coefficients */
static void schoolbook(int64_t *r, const mldsa_poly *a, const mldsa_poly *b)
{
	for (int i = 0; i < MLDSA_N; i++)
		r[i] = 0;
	for (int i = 0; i < MLDSA_N; i++) {
		for (int j = 0; j < MLDSA_N; j++) {
			int64_t p = (int64_t)a->c[i] * b->c[j] % Q;
			if (i + j < MLDSA_N)
				r[i + j] = (r[i + j] + p) % Q;
			else
				r[i + j - MLDSA_N] = (r[i + j - MLDSA_N] - p) % Q;
		}
	}
}

static void check_product(void (*ntt)(mldsa_poly *), void (*inv)(mldsa_poly *),
                          void (*mul)(mldsa_poly *, const mldsa_poly *, const mldsa_poly *))
{
	static mldsa_poly a, b, ah, bh, c;
	static int64_t want[MLDSA_N];
	for (unsigned t = 0; t < 20; t++) {
		random_poly(&a, 2 * t, Q);
		random_poly(&b, 2 * t + 1, t < 10 ? Q : 1 << 19);
		ah = a;
		bh = b;
		ntt(&ah);
		ntt(&bh);
		mul(&c, &ah, &bh);
		inv(&c);
		schoolbook(want, &a, &b);
		for (int i = 0; i < MLDSA_N; i++) {
			CHECK(c.c[i] > -Q && c.c[i] < Q);
			CHECK_EQ(mod_pm(c.c[i], Q), mod_pm(want[i], Q));
		}
	}
}

TEST(ntt_product_ref_matches_schoolbook)
{
	check_product(mldsa_ntt_ref, mldsa_invntt_tomont_ref, mldsa_poly_pointwise_ref);
}

TEST(ntt_product_dispatch_matches_schoolbook)
{
	check_product(mldsa_ntt, mldsa_invntt_tomont, mldsa_poly_pointwise);
}

/* Independent model of the transforms: FIPS 204 NTT(a)[i] = a(zeta^(2
 * BitRev8(i) + 1)) with zeta = 1753, evaluated term by term in int64. */
static int64_t powmod(int64_t b, unsigned e)
{
	int64_t r = 1;
	b %= Q;
	for (; e; e >>= 1, b = b * b % Q)
		if (e & 1)
			r = r * b % Q;
	return r;
}

static unsigned brv8(unsigned i)
{
	unsigned r = 0;
	for (unsigned k = 0; k < 8; k++)
		r |= ((i >> k) & 1) << (7 - k);
	return r;
}

/* out[i] = sum_j in[j] x_i^j, x_i = zeta^(2 BitRev8(i) + 1) */
static void naive_ntt(int64_t out[MLDSA_N], const int32_t in[MLDSA_N])
{
	for (unsigned i = 0; i < MLDSA_N; i++) {
		int64_t x = powmod(1753, 2 * brv8(i) + 1), xj = 1, acc = 0;
		for (unsigned j = 0; j < MLDSA_N; j++) {
			acc = (acc + (int64_t)in[j] % Q * xj) % Q;
			xj = xj * x % Q;
		}
		out[i] = acc;
	}
}

/* a[j] = 256^-1 sum_i in[i] x_i^-j: the inverse of naive_ntt */
static void naive_invntt(int64_t out[MLDSA_N], const int32_t in[MLDSA_N])
{
	int64_t inv256 = powmod(256, Q - 2);
	for (unsigned j = 0; j < MLDSA_N; j++)
		out[j] = 0;
	for (unsigned i = 0; i < MLDSA_N; i++) {
		int64_t xinv = powmod(powmod(1753, 2 * brv8(i) + 1), Q - 2), xj = 1;
		for (unsigned j = 0; j < MLDSA_N; j++) {
			out[j] = (out[j] + (int64_t)in[i] % Q * xj) % Q;
			xj = xj * xinv % Q;
		}
	}
	for (unsigned j = 0; j < MLDSA_N; j++)
		out[j] = out[j] * inv256 % Q;
}

/* Inputs at the edges of the documented ranges as well as random ones:
 * kind 0 random in (-bound, bound), 1 all bound - 1, 2 all -(bound - 1),
 * 3 alternating +-(bound - 1). */
static void edge_poly(mldsa_poly *a, unsigned kind, unsigned seed, int32_t bound)
{
	random_poly(a, seed, bound);
	for (int i = 0; i < MLDSA_N; i++) {
		if (kind == 1)
			a->c[i] = bound - 1;
		else if (kind == 2)
			a->c[i] = -(bound - 1);
		else if (kind == 3)
			a->c[i] = (i & 1) ? bound - 1 : -(bound - 1);
	}
}

/* The portable forward transform against the definition, for inputs up to
 * 2^30 (poly.h promises |a| < q; ntt_double.c is exact to 2^30), output
 * within 9q for |a| < q. */
TEST(ntt_ref_matches_naive_evaluation)
{
	static mldsa_poly a, r;
	static int64_t want[MLDSA_N];
	const int32_t bounds[2] = { Q, 1 << 30 };
	for (unsigned t = 0; t < 16; t++) {
		int32_t bound = bounds[t / 8];
		edge_poly(&a, t % 4, 300 + t, bound);
		r = a;
		mldsa_ntt_ref(&r);
		naive_ntt(want, a.c);
		for (int i = 0; i < MLDSA_N; i++) {
			if (bound == Q)
				CHECK(r.c[i] > -9 * Q && r.c[i] < 9 * Q);
			CHECK_EQ(mod_pm(r.c[i], Q), mod_pm(want[i], Q));
		}
	}
}

/* The portable inverse transform: 2^32 times the inverse of the definition,
 * output within q, for inputs up to 2^29 (poly.h asks for |a| < q;
 * ntt_double.c is exact to 2^29). */
TEST(invntt_ref_matches_naive_inverse)
{
	static mldsa_poly a, r;
	static int64_t want[MLDSA_N];
	const int32_t bounds[2] = { Q, 1 << 29 };
	for (unsigned t = 0; t < 16; t++) {
		int32_t bound = bounds[t / 8];
		edge_poly(&a, t % 4, 400 + t, bound);
		r = a;
		mldsa_invntt_tomont_ref(&r);
		naive_invntt(want, a.c);
		for (int i = 0; i < MLDSA_N; i++) {
			CHECK(r.c[i] > -Q && r.c[i] < Q);
			CHECK_EQ(mod_pm(r.c[i], Q), mod_pm((want[i] % Q) * (((int64_t)1 << 32) % Q), Q));
		}
	}
}

/* The portable pointwise products: a b 2^-32 mod q within q, for inputs
 * anywhere in (-9q, 9q), and the accumulating form adds exactly that. */
TEST(pointwise_ref_matches_definition)
{
	static mldsa_poly a, b, r, acc, acc0;
	const int64_t rinv = powmod(powmod(2, 32), Q - 2);
	for (unsigned t = 0; t < 16; t++) {
		edge_poly(&a, t % 4, 500 + t, 9 * Q);
		edge_poly(&b, (t / 4) % 4, 600 + t, 9 * Q);
		random_poly(&acc0, 700 + t, 1 << 28);
		acc = acc0;
		mldsa_poly_pointwise_ref(&r, &a, &b);
		mldsa_poly_pointwise_acc_ref(&acc, &a, &b);
		for (int i = 0; i < MLDSA_N; i++) {
			int64_t want = (int64_t)a.c[i] * b.c[i] % Q * rinv % Q;
			CHECK(r.c[i] > -Q && r.c[i] < Q);
			CHECK_EQ(mod_pm(r.c[i], Q), mod_pm(want, Q));
			CHECK_EQ(acc.c[i], acc0.c[i] + r.c[i]);
		}
	}
	/* in place, as sign.c and verify use it (r aliasing an input) */
	random_poly(&a, 800, 9 * Q);
	random_poly(&b, 801, 9 * Q);
	r = b;
	mldsa_poly_pointwise_ref(&acc, &a, &b);
	mldsa_poly_pointwise_ref(&r, &a, &r);
	CHECK_MEM(r.c, acc.c, sizeof r.c);
}

#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

/* The portable row products (fused.h): (sum_j a_j z_j [- c t]) 2^-32 mod q
 * within q, for a in [0, q), |z|, |c|, |t| < 9q and every l up to 7, and the
 * fused pointwise product + inverse NTT, in the rounding mode `mode` (MXCSR
 * value, x86-64 only; 0 leaves it alone). */
static void check_rows(unsigned mode)
{
	static mldsa_poly a[7], z[7], c, t, w, ws, pf, p2;
	const int64_t rinv = powmod(powmod(2, 32), Q - 2);
	for (unsigned l = 1; l <= 7; l++) {
		for (unsigned j = 0; j < l; j++) {
			edge_poly(&a[j], (l + j) % 4, 1000 + 10 * l + j, Q);
			for (int i = 0; i < MLDSA_N; i++) { /* into [0, q) */
				int32_t v = mod_pm(a[j].c[i], Q);
				a[j].c[i] = v < 0 ? v + Q : v;
			}
			edge_poly(&z[j], (l + 2 * j) % 4, 1100 + 10 * l + j, 9 * Q);
		}
		edge_poly(&c, l % 4, 1200 + l, 9 * Q);
		edge_poly(&t, (l + 1) % 4, 1300 + l, 9 * Q);
#if defined(__x86_64__)
		const unsigned csr = _mm_getcsr();
		if (mode)
			_mm_setcsr((csr & ~(unsigned)_MM_ROUND_MASK) | mode);
#endif
		mldsa_row_pointwise_ref(&w, a, z, l);
		mldsa_row_pointwise_sub_ref(&ws, a, z, l, &c, &t);
		/* the fused pointwise product and inverse NTT against the two
		 * steps (each checked against its definition above) */
		mldsa_pointwise_invntt_ref(&pf, &c, &t);
		mldsa_poly_pointwise_ref(&p2, &c, &t);
		mldsa_invntt_tomont_ref(&p2);
#if defined(__x86_64__)
		_mm_setcsr(csr);
#endif
		for (int i = 0; i < MLDSA_N; i++) {
			CHECK(pf.c[i] > -Q && pf.c[i] < Q);
			CHECK_EQ(mod_pm(pf.c[i], Q), mod_pm(p2.c[i], Q));
		}
		for (int i = 0; i < MLDSA_N; i++) {
			int64_t sum = 0;
			for (unsigned j = 0; j < l; j++)
				sum = (sum + (int64_t)a[j].c[i] * z[j].c[i] % Q) % Q;
			int64_t sub = (sum - (int64_t)c.c[i] * t.c[i] % Q) % Q;
			CHECK(w.c[i] > -Q && w.c[i] < Q);
			CHECK(ws.c[i] > -Q && ws.c[i] < Q);
			CHECK_EQ(mod_pm(w.c[i], Q), mod_pm(sum * rinv % Q, Q));
			CHECK_EQ(mod_pm(ws.c[i], Q), mod_pm(sub * rinv % Q, Q));
		}
	}
}

TEST(row_products_ref_match_definition)
{
	check_rows(0);
}

#if defined(__x86_64__)
/* ntt_double.c in every rounding mode an application may set: same
 * residues and the same output ranges as in the default mode.  (The mode
 * is set through MXCSR, where SSE2 doubles take it from, to avoid libm.) */
TEST(row_products_ref_any_rounding_mode)
{
	check_rows(_MM_ROUND_DOWN);
	check_rows(_MM_ROUND_UP);
	check_rows(_MM_ROUND_TOWARD_ZERO);
}

TEST(portable_ntt_any_rounding_mode)
{
	static mldsa_poly a, b, r, p, acc;
	static int64_t want[MLDSA_N];
	const unsigned modes[3] = { _MM_ROUND_DOWN, _MM_ROUND_UP, _MM_ROUND_TOWARD_ZERO };
	const unsigned csr = _mm_getcsr();
	for (unsigned t = 0; t < 12; t++) {
		edge_poly(&a, t % 4, 900 + t, Q);
		edge_poly(&b, (t + 1) % 4, 950 + t, Q);
		_mm_setcsr((csr & ~(unsigned)_MM_ROUND_MASK) | modes[t % 3]);
		r = a;
		mldsa_ntt_ref(&r);
		p = b;
		mldsa_ntt_ref(&p);
		mldsa_poly_pointwise_ref(&p, &r, &p);
		memset(&acc, 0, sizeof acc);
		mldsa_poly_pointwise_acc_ref(&acc, &r, &r);
		mldsa_invntt_tomont_ref(&p);
		_mm_setcsr(csr);
		naive_ntt(want, a.c);
		for (int i = 0; i < MLDSA_N; i++) {
			CHECK(r.c[i] > -9 * Q && r.c[i] < 9 * Q);
			CHECK_EQ(mod_pm(r.c[i], Q), mod_pm(want[i], Q));
			CHECK(acc.c[i] > -Q && acc.c[i] < Q);
		}
		schoolbook(want, &a, &b);
		for (int i = 0; i < MLDSA_N; i++) {
			CHECK(p.c[i] > -Q && p.c[i] < Q);
			CHECK_EQ(mod_pm(p.c[i], Q), mod_pm(want[i], Q));
		}
	}
}
#endif

#ifdef MLDSA_HAVE_AVX2
/* The AVX2 transforms must give the same coefficients mod q, within the
 * same documented bounds, as the portable ones. */
TEST(ntt_avx2_matches_ref)
{
	static mldsa_poly a, b, r1, r2, acc1, acc2;
	if (!(qstp_cpu_features() & QSTP_CPU_AVX2)) {
		fprintf(stderr, "no AVX2: skipped\n");
		return;
	}
	for (unsigned t = 0; t < 200; t++) {
		random_poly(&a, 1000 + t, Q);
		r1 = a;
		r2 = a;
		mldsa_ntt_ref(&r1);
		mldsa_ntt_avx2(&r2);
		for (int i = 0; i < MLDSA_N; i++) {
			CHECK(r2.c[i] > -9 * Q && r2.c[i] < 9 * Q);
			CHECK_EQ(mod_pm(r1.c[i], Q), mod_pm(r2.c[i], Q));
		}
		random_poly(&b, 5000 + t, 9 * Q);
		mldsa_poly_pointwise_ref(&r1, &a, &b);
		mldsa_poly_pointwise_avx2(&r2, &a, &b);
		for (int i = 0; i < MLDSA_N; i++) {
			CHECK(r2.c[i] > -Q && r2.c[i] < Q);
			CHECK_EQ(mod_pm(r1.c[i], Q), mod_pm(r2.c[i], Q));
		}
		acc1 = r1;
		acc2 = r1;
		mldsa_poly_pointwise_acc_ref(&acc1, &b, &b);
		mldsa_poly_pointwise_acc_avx2(&acc2, &b, &b);
		for (int i = 0; i < MLDSA_N; i++)
			CHECK_EQ(mod_pm(acc1.c[i], Q), mod_pm(acc2.c[i], Q));
		r1 = a;
		r2 = a;
		mldsa_invntt_tomont_ref(&r1);
		mldsa_invntt_tomont_avx2(&r2);
		for (int i = 0; i < MLDSA_N; i++) {
			CHECK(r2.c[i] > -Q && r2.c[i] < Q);
			CHECK_EQ(mod_pm(r1.c[i], Q), mod_pm(r2.c[i], Q));
		}
	}
}
#endif

/* The four-way expansions (sample4x.c) against the one-stream samplers
 * (sample.c), for every set and a few seeds and counters. */
TEST(four_way_samplers_match_one_stream)
{
	static mldsa_poly A[MLDSA_KMAX * MLDSA_LMAX], s1[MLDSA_LMAX], s2[MLDSA_KMAX];
	static mldsa_poly y[MLDSA_LMAX], one;
	const qstp_mldsa_param sets[3] = { QSTP_MLDSA_44, QSTP_MLDSA_65, QSTP_MLDSA_87 };
	uint8_t seed[64];
	for (unsigned si = 0; si < 3; si++) {
		const mldsa_params *P = mldsa_params_get(sets[si]);
		for (unsigned t = 0; t < 3; t++) {
			uint8_t lbl[2] = { (uint8_t)si, (uint8_t)t };
			qstp_shake128(seed, sizeof seed, lbl, sizeof lbl);
			mldsa_expand_a(A, P, seed);
			for (unsigned r = 0; r < P->k; r++) {
				for (unsigned s = 0; s < P->l; s++) {
					mldsa_expand_a_entry(&one, seed, r, s);
					CHECK_MEM(&one, &A[r * P->l + s], sizeof one);
				}
			}
			mldsa_expand_s(s1, s2, P, seed);
			for (unsigned i = 0; i < P->l + P->k; i++) {
				mldsa_sample_eta(&one, P, seed, (uint16_t)i);
				CHECK_MEM(&one, i < P->l ? &s1[i] : &s2[i - P->l], sizeof one);
			}
			unsigned kappa = t * 1000 * P->l; /* crosses the low byte */
			mldsa_expand_mask(y, P, seed, kappa);
			for (unsigned j = 0; j < P->l; j++) {
				mldsa_sample_mask(&one, P, seed, (uint16_t)(kappa + j));
				CHECK_MEM(&one, &y[j], sizeof one);
			}
		}
	}
}

#ifdef MLDSA_HAVE_AVX2
/* Random polynomials over the ranges each operation is used on. */
TEST(poly_avx2_matches_ref)
{
	static mldsa_poly a, b, r1, r2, s1, s2;
	if (!(qstp_cpu_features() & QSTP_CPU_AVX2)) {
		fprintf(stderr, "no AVX2: skipped\n");
		return;
	}
	const int32_t g2s[2] = { (Q - 1) / 88, (Q - 1) / 32 };
	for (unsigned t = 0; t < 300; t++) {
		random_poly(&a, 9000 + t, t % 3 == 0 ? 1 << 30 : Q);
		random_poly(&b, 12000 + t, Q);
		mldsa_poly_add_ref(&r1, &a, &b);
		mldsa_poly_add_avx2(&r2, &a, &b);
		CHECK_MEM(&r1, &r2, sizeof r1);
		mldsa_poly_sub_ref(&r1, &a, &b);
		mldsa_poly_sub_avx2(&r2, &a, &b);
		CHECK_MEM(&r1, &r2, sizeof r1);
		r1 = a;
		r2 = a;
		mldsa_poly_reduce_ref(&r1);
		mldsa_poly_reduce_avx2(&r2);
		CHECK_MEM(&r1, &r2, sizeof r1);
		r1 = b;
		r2 = b;
		mldsa_poly_caddq_ref(&r1);
		mldsa_poly_caddq_avx2(&r2);
		CHECK_MEM(&r1, &r2, sizeof r1);
		/* standard inputs for the rounding functions; include the edges */
		mldsa_poly_caddq_ref(&b);
		b.c[0] = 0;
		b.c[1] = Q - 1;
		b.c[2] = (Q - 1) - g2s[t & 1];
		mldsa_poly_caddq_ref(&a);
		mldsa_poly_reduce_ref(&a);
		mldsa_poly_caddq_ref(&a);
		int32_t g2 = g2s[t & 1];
		mldsa_poly_highbits_ref(&r1, &b, g2);
		mldsa_poly_highbits_avx2(&r2, &b, g2);
		CHECK_MEM(&r1, &r2, sizeof r1);
		mldsa_poly_decompose_ref(&r1, &s1, &b, g2);
		mldsa_poly_decompose_avx2(&r2, &s2, &b, g2);
		CHECK_MEM(&r1, &r2, sizeof r1);
		CHECK_MEM(&s1, &s2, sizeof s1);
		unsigned n1 = mldsa_poly_make_hint_ref(&s1, &a, &r1, g2);
		unsigned n2 = mldsa_poly_make_hint_avx2(&s2, &a, &r1, g2);
		CHECK_EQ(n1, n2);
		CHECK_MEM(&s1, &s2, sizeof s1);
		random_poly(&a, 15000 + t, 1 << 20);
		int32_t bound = (int32_t)(t * 3571 % (1 << 20)) + 1;
		CHECK_EQ(mldsa_poly_exceeds_ref(&a, bound), mldsa_poly_exceeds_avx2(&a, bound));
		CHECK_EQ(mldsa_poly_exceeds_ref(&a, 1 << 20), 0);
		CHECK_EQ(mldsa_poly_exceeds_avx2(&a, 1 << 20), 0);
		CHECK_EQ(mldsa_poly_exceeds_avx2(&a, 1), 1);
	}
}

/* The portable SampleInBall step against its definition (Alg. 29 steps
 * 6-7: c_i = c_j, c_j = (-1)^s), for every j <= i on a few i. */
TEST(ball_step_ref_matches_definition)
{
	int8_t c[MLDSA_N], want[MLDSA_N];
	const uint32_t is[4] = { 0, 196, 200, 255 };
	for (unsigned k = 0; k < 4; k++) {
		uint32_t i = is[k];
		for (uint32_t j = 0; j <= i; j++) {
			for (unsigned t = 0; t < MLDSA_N; t++)
				c[t] = (int8_t)((t * 7 + j) % 3) - 1;
			memcpy(want, c, sizeof c);
			int8_t s = (j & 1) ? -1 : 1;
			want[i] = want[j];
			want[j] = s;
			mldsa_ball_step_ref(c, i, j, s);
			CHECK_MEM(c, want, sizeof c);
		}
	}
}

TEST(ball_step_avx2_matches_ref)
{
	int8_t c1[MLDSA_N], c2[MLDSA_N];
	uint8_t rnd[512];
	if (!(qstp_cpu_features() & QSTP_CPU_AVX2))
		return;
	qstp_shake128(rnd, sizeof rnd, (const uint8_t *)"ball", 4);
	memset(c1, 0, sizeof c1);
	memset(c2, 0, sizeof c2);
	for (uint32_t i = 0; i < MLDSA_N; i++) {
		uint32_t j = rnd[i] % (i + 1);
		int8_t s = (rnd[256 + i] & 1) ? -1 : 1;
		mldsa_ball_step_ref(c1, i, j, s);
		mldsa_ball_step_avx2(c2, i, j, s);
		CHECK_MEM(c1, c2, sizeof c1);
	}
}
#endif

#ifdef MLDSA_HAVE_AVX2
/* Random candidates with many forced rejections (values >= q), every
 * starting count, against the scalar step. */
TEST(rej_uniform_avx2_matches_ref)
{
	static mldsa_poly r1, r2;
	static uint8_t buf[5 * 168];
	if (!(qstp_cpu_features() & QSTP_CPU_AVX2))
		return;
	for (unsigned t = 0; t < 200; t++) {
		uint8_t lbl[3] = { 'r', (uint8_t)t, (uint8_t)(t >> 8) };
		qstp_shake128(buf, sizeof buf, lbl, sizeof lbl);
		for (size_t i = 0; i + 3 <= sizeof buf; i += 3) {
			if (buf[i] % 4 == (t & 3)) { /* about a quarter: >= q */
				buf[i + 1] = 0xFF;
				buf[i + 2] |= 0x7F;
			}
		}
		unsigned n0 = (t * 37) % 256;
		size_t len = t % 2 ? sizeof buf : 168 - 3 * (t % 7);
		memset(&r1, 0, sizeof r1);
		memset(&r2, 0, sizeof r2);
		unsigned n1 = mldsa_rej_uniform(&r1, n0, buf, len);
		unsigned n2 = mldsa_rej_uniform_avx2(&r2, n0, buf, len);
		CHECK_EQ(n1, n2);
		/* the vector step may leave rejected values past the count (later
		 * steps overwrite them); the first n coefficients must agree */
		CHECK_MEM(r1.c, r2.c, n1 * sizeof r1.c[0]);
		CHECK(n1 > n0 || len < 3);
	}
}

/* Random half-bytes (both eta: different limits and maps), every starting
 * count and lengths that end inside a vector step, against the scalar step. */
TEST(rej_eta_avx2_matches_ref)
{
	static mldsa_poly r1, r2;
	static uint8_t buf[2 * 136];
	if (!(qstp_cpu_features() & QSTP_CPU_AVX2))
		return;
	const qstp_mldsa_param ps[2] = { QSTP_MLDSA_44, QSTP_MLDSA_65 };
	for (unsigned t = 0; t < 400; t++) {
		const mldsa_params *P = mldsa_params_get(ps[t & 1]);
		uint8_t lbl[3] = { 'e', (uint8_t)t, (uint8_t)(t >> 8) };
		qstp_shake128(buf, sizeof buf, lbl, sizeof lbl);
		unsigned n0 = (t * 37) % 256;
		size_t len = t % 3 ? sizeof buf : 136 - (t % 11);
		memset(&r1, 0, sizeof r1);
		memset(&r2, 0, sizeof r2);
		unsigned n1 = mldsa_rej_eta(&r1, n0, P, buf, len);
		unsigned n2 = mldsa_rej_eta_avx2(&r2, n0, P, buf, len);
		CHECK_EQ(n1, n2);
		CHECK_MEM(r1.c, r2.c, n1 * sizeof r1.c[0]);
		CHECK(n1 > n0 || n0 == 256);
		for (unsigned i = n0; i < n1; i++)
			CHECK(r1.c[i] >= -(int32_t)P->eta && r1.c[i] <= (int32_t)P->eta);
	}
}
#endif
