/*
 * ML-DSA arithmetic: Decompose checked for every input against the FIPS 204
 * definition (with a division, which the library avoids); Power2Round; the
 * NTT product against schoolbook multiplication in Z_q[X]/(X^256 + 1); and
 * every NTT implementation against the portable one on random inputs.
 */
#include "test.h"

#include "qstp/keccak.h"
#include "crypto/cpu.h"
#include "crypto/mldsa/ntt.h"
#include "crypto/mldsa/poly.h"

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
		a->c[i] = (int32_t)(buf[i] % (uint32_t)(2 * bound - 1)) - (bound - 1);
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
