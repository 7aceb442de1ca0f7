/* ML-KEM: round trips, implicit rejection on every ciphertext byte, the
 * FIPS 203 7.2 / 7.3 input checks, arithmetic against independent
 * definitions (schoolbook products, division-based rounding), and the AVX2
 * paths against the portable ones on random inputs.  Known answers come from
 * the ACVP files through qstp-kat. */
#include "test.h"

#include "qstp/errors.h"
#include "qstp/keccak.h"
#include "qstp/mlkem.h"
#include "qstp/util.h"
#include "crypto/mlkem/mlkem_internal.h"

void qstp_random_fail_after(unsigned long n);

static const qstp_mlkem_param sets[3] = { QSTP_MLKEM_512, QSTP_MLKEM_768, QSTP_MLKEM_1024 };

/* splitmix64: reproducible test inputs. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}
static void rnd_bytes(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rnd();
}

static int16_t modq(int32_t x)
{
	x %= MLKEM_Q;
	return (int16_t)(x < 0 ? x + MLKEM_Q : x);
}

TEST(sizes)
{
	CHECK_EQ(qstp_mlkem_ek_bytes(QSTP_MLKEM_512), 800);
	CHECK_EQ(qstp_mlkem_dk_bytes(QSTP_MLKEM_768), 2400);
	CHECK_EQ(qstp_mlkem_ct_bytes(QSTP_MLKEM_1024), 1568);
	CHECK_EQ(qstp_mlkem_ek_bytes((qstp_mlkem_param)5), 0);
	/* FIPS 203 Table 3: ek 384k + 32, dk 768k + 96, ct 32(du k + dv). */
	for (unsigned i = 0; i < 3; i++) {
		unsigned k = (unsigned)sets[i], du = k == 4 ? 11 : 10, dv = k == 4 ? 5 : 4;
		CHECK_EQ(qstp_mlkem_ek_bytes(sets[i]), 384 * k + 32);
		CHECK_EQ(qstp_mlkem_dk_bytes(sets[i]), 768 * k + 96);
		CHECK_EQ(qstp_mlkem_ct_bytes(sets[i]), 32 * (du * k + dv));
	}
}

TEST(invalid_param)
{
	uint8_t ek[QSTP_MLKEM1024_EK_BYTES], dk[QSTP_MLKEM1024_DK_BYTES], seed[32] = { 0 };
	uint8_t ct[QSTP_MLKEM1024_CT_BYTES], ss[32];
	CHECK_EQ(qstp_mlkem_keypair_derand((qstp_mlkem_param)1, ek, dk, seed, seed),
	         QSTP_ERR_INVALID_ARG);
	CHECK_EQ(qstp_mlkem_encaps((qstp_mlkem_param)0, ct, ss, ek), QSTP_ERR_INVALID_ARG);
	CHECK_EQ(qstp_mlkem_decaps((qstp_mlkem_param)7, ss, ct, dk), QSTP_ERR_INVALID_ARG);
}

TEST(round_trip)
{
	uint8_t ek[QSTP_MLKEM1024_EK_BYTES], dk[QSTP_MLKEM1024_DK_BYTES];
	uint8_t ct[QSTP_MLKEM1024_CT_BYTES], ss1[32], ss2[32];
	for (unsigned s = 0; s < 3; s++) {
		for (int i = 0; i < 25; i++) {
			CHECK_EQ(qstp_mlkem_keypair(sets[s], ek, dk), 0);
			CHECK_EQ(qstp_mlkem_check_ek(sets[s], ek), 0);
			CHECK_EQ(qstp_mlkem_check_dk(sets[s], dk), 0);
			CHECK_EQ(qstp_mlkem_encaps(sets[s], ct, ss1, ek), 0);
			memset(ss2, 0xAA, sizeof ss2);
			CHECK_EQ(qstp_mlkem_decaps(sets[s], ss2, ct, dk), 0);
			CHECK_MEM(ss2, ss1, 32);
		}
	}
}

TEST(derand_deterministic)
{
	uint8_t ek1[QSTP_MLKEM768_EK_BYTES], dk1[QSTP_MLKEM768_DK_BYTES];
	uint8_t ek2[QSTP_MLKEM768_EK_BYTES], dk2[QSTP_MLKEM768_DK_BYTES];
	uint8_t d[32], z[32], m[32], c1[QSTP_MLKEM768_CT_BYTES], c2[QSTP_MLKEM768_CT_BYTES];
	uint8_t s1[32], s2[32];
	rnd_bytes(d, 32), rnd_bytes(z, 32), rnd_bytes(m, 32);
	CHECK_EQ(qstp_mlkem_keypair_derand(QSTP_MLKEM_768, ek1, dk1, d, z), 0);
	CHECK_EQ(qstp_mlkem_keypair_derand(QSTP_MLKEM_768, ek2, dk2, d, z), 0);
	CHECK_MEM(ek1, ek2, sizeof ek1);
	CHECK_MEM(dk1, dk2, sizeof dk1);
	/* dk = dk_pke || ek || H(ek) || z (FIPS 203 Alg. 16). */
	uint8_t h[32];
	qstp_sha3_256(h, ek1, sizeof ek1);
	CHECK_MEM(dk1 + 1152, ek1, sizeof ek1);
	CHECK_MEM(dk1 + 1152 + sizeof ek1, h, 32);
	CHECK_MEM(dk1 + sizeof dk1 - 32, z, 32);
	CHECK_EQ(qstp_mlkem_encaps_derand(QSTP_MLKEM_768, c1, s1, ek1, m), 0);
	CHECK_EQ(qstp_mlkem_encaps_derand(QSTP_MLKEM_768, c2, s2, ek1, m), 0);
	CHECK_MEM(c1, c2, sizeof c1);
	CHECK_MEM(s1, s2, 32);
}

/* Every byte of the ciphertext, one bit each (the bit position rotates):
 * decaps succeeds and returns J(z || c'), computed here from the standard's
 * definition with SHAKE256, never the real secret. */
TEST(implicit_rejection_every_byte)
{
	uint8_t ek[QSTP_MLKEM1024_EK_BYTES], dk[QSTP_MLKEM1024_DK_BYTES];
	uint8_t ct[QSTP_MLKEM1024_CT_BYTES], ss[32], ss2[32], want[32];
	uint8_t zc[32 + QSTP_MLKEM1024_CT_BYTES];
	for (unsigned s = 0; s < 3; s++) {
		size_t ctn = qstp_mlkem_ct_bytes(sets[s]), dkn = qstp_mlkem_dk_bytes(sets[s]);
		CHECK_EQ(qstp_mlkem_keypair(sets[s], ek, dk), 0);
		CHECK_EQ(qstp_mlkem_encaps(sets[s], ct, ss, ek), 0);
		memcpy(zc, dk + dkn - 32, 32);
		for (size_t i = 0; i < ctn; i++) {
			uint8_t bit = (uint8_t)(1u << ((i * 5 + s) % 8));
			ct[i] ^= bit;
			memcpy(zc + 32, ct, ctn);
			qstp_shake256(want, 32, zc, 32 + ctn);
			CHECK_EQ(qstp_mlkem_decaps(sets[s], ss2, ct, dk), 0);
			CHECK_MEM(ss2, want, 32);
			CHECK(memcmp(ss2, ss, 32) != 0);
			ct[i] ^= bit;
		}
		CHECK_EQ(qstp_mlkem_decaps(sets[s], ss2, ct, dk), 0);
		CHECK_MEM(ss2, ss, 32);
	}
}

/* Sets 12-bit coefficient i of an encoded polynomial. */
static void set_coeff(uint8_t *p, unsigned i, uint16_t v)
{
	uint8_t *b = p + 3 * (i / 2);
	if (i % 2 == 0) {
		b[0] = (uint8_t)v;
		b[1] = (uint8_t)((b[1] & 0xF0) | (v >> 8));
	} else {
		b[1] = (uint8_t)((b[1] & 0x0F) | ((v & 0xF) << 4));
		b[2] = (uint8_t)(v >> 4);
	}
}

TEST(ek_modulus_check)
{
	uint8_t ek[QSTP_MLKEM1024_EK_BYTES], dk[QSTP_MLKEM1024_DK_BYTES];
	uint8_t ct[QSTP_MLKEM1024_CT_BYTES], ss[32], m[32] = { 1 };
	static const uint16_t bad[] = { 3329, 3330, 4095 };
	for (unsigned s = 0; s < 3; s++) {
		unsigned k = (unsigned)sets[s];
		size_t ctn = qstp_mlkem_ct_bytes(sets[s]);
		CHECK_EQ(qstp_mlkem_keypair(sets[s], ek, dk), 0);
		for (unsigned t = 0; t < 40; t++) {
			unsigned poly = (unsigned)(rnd() % k), idx = t < 2 ? t * 255 : (unsigned)(rnd() % 256);
			uint8_t e2[QSTP_MLKEM1024_EK_BYTES];
			memcpy(e2, ek, sizeof e2);
			/* q - 1 is the largest valid value. */
			set_coeff(e2 + 384 * poly, idx, 3328);
			CHECK_EQ(qstp_mlkem_check_ek(sets[s], e2), 0);
			set_coeff(e2 + 384 * poly, idx, bad[t % 3]);
			CHECK_EQ(qstp_mlkem_check_ek(sets[s], e2), QSTP_ERR_MLKEM_EK_INVALID);
			memset(ct, 0x55, sizeof ct);
			memset(ss, 0x55, sizeof ss);
			CHECK_EQ(qstp_mlkem_encaps_derand(sets[s], ct, ss, e2, m),
			         QSTP_ERR_MLKEM_EK_INVALID);
			/* outputs zeroed on error */
			static const uint8_t zero[QSTP_MLKEM1024_CT_BYTES];
			CHECK_MEM(ct, zero, ctn);
			CHECK_MEM(ss, zero, 32);
		}
		/* rho is not range-checked: any value is valid. */
		memset(ek + 384 * k, 0xFF, 32);
		CHECK_EQ(qstp_mlkem_check_ek(sets[s], ek), 0);
	}
}

TEST(dk_hash_check)
{
	uint8_t ek[QSTP_MLKEM1024_EK_BYTES], dk[QSTP_MLKEM1024_DK_BYTES];
	uint8_t ct[QSTP_MLKEM1024_CT_BYTES], ss[32];
	static const uint8_t zero[32];
	for (unsigned s = 0; s < 3; s++) {
		unsigned k = (unsigned)sets[s];
		size_t ekn = qstp_mlkem_ek_bytes(sets[s]);
		CHECK_EQ(qstp_mlkem_keypair(sets[s], ek, dk), 0);
		CHECK_EQ(qstp_mlkem_encaps(sets[s], ct, ss, ek), 0);
		/* A flipped bit in the embedded ek or in H(ek) fails 7.3. */
		for (unsigned t = 0; t < 60; t++) {
			size_t pos = 384 * k + (size_t)(rnd() % (ekn + 32));
			uint8_t bit = (uint8_t)(1u << (rnd() % 8));
			dk[pos] ^= bit;
			CHECK_EQ(qstp_mlkem_check_dk(sets[s], dk), QSTP_ERR_MLKEM_DK_INVALID);
			memset(ss, 0x77, 32);
			CHECK_EQ(qstp_mlkem_decaps(sets[s], ss, ct, dk), QSTP_ERR_MLKEM_DK_INVALID);
			CHECK_MEM(ss, zero, 32);
			dk[pos] ^= bit;
		}
		/* dk_pke and z are not covered by the hash: still accepted. */
		dk[0] ^= 1;
		dk[qstp_mlkem_dk_bytes(sets[s]) - 1] ^= 1;
		CHECK_EQ(qstp_mlkem_check_dk(sets[s], dk), 0);
	}
}

TEST(random_failure)
{
	uint8_t ek[QSTP_MLKEM512_EK_BYTES], dk[QSTP_MLKEM512_DK_BYTES];
	uint8_t ct[QSTP_MLKEM512_CT_BYTES], ss[32];
	static const uint8_t zero[QSTP_MLKEM512_DK_BYTES];
	CHECK_EQ(qstp_mlkem_keypair(QSTP_MLKEM_512, ek, dk), 0);
	qstp_random_fail_after(1);
	CHECK_EQ(qstp_mlkem_encaps(QSTP_MLKEM_512, ct, ss, ek), QSTP_ERR_RANDOM);
	CHECK_MEM(ct, zero, sizeof ct);
	CHECK_MEM(ss, zero, 32);
	qstp_random_fail_after(1);
	CHECK_EQ(qstp_mlkem_keypair(QSTP_MLKEM_512, ek, dk), QSTP_ERR_RANDOM);
	CHECK_MEM(ek, zero, sizeof ek);
	CHECK_MEM(dk, zero, sizeof dk);
}

/* SampleNTT's rejection step (Alg. 7) against the definition. */
TEST(rej_uniform_definition)
{
	uint8_t buf[504];
	for (int t = 0; t < 50; t++) {
		int16_t r[MLKEM_N];
		for (size_t i = 0; i < sizeof buf; i++)
			buf[i] = (uint8_t)rnd();
		unsigned n = mlkem_rej_uniform_ref(r, 0, buf, sizeof buf), j = 0;
		for (size_t i = 0; i + 3 <= sizeof buf && j < MLKEM_N; i += 3) {
			unsigned d1 = buf[i] + 256u * (buf[i + 1] % 16);
			unsigned d2 = buf[i + 1] / 16u + 16u * buf[i + 2];
			if (d1 < MLKEM_Q)
				CHECK_EQ(r[j++], d1);
			if (d2 < MLKEM_Q && j < MLKEM_N)
				CHECK_EQ(r[j++], d2);
		}
		CHECK_EQ(n, j);
	}
}

/* SamplePolyCBD_eta (Alg. 8) against the definition, bit by bit. */
TEST(cbd_definition)
{
	uint8_t buf[192];
	mlkem_poly r;
	for (unsigned eta = 2; eta <= 3; eta++) {
		for (int t = 0; t < 50; t++) {
			for (int i = 0; i < 192; i++)
				buf[i] = (uint8_t)rnd();
			mlkem_poly_cbd(&r, buf, eta);
			for (unsigned i = 0; i < MLKEM_N; i++) {
				int x = 0, y = 0;
				for (unsigned j = 0; j < eta; j++) {
					unsigned bx = 2 * i * eta + j, by = 2 * i * eta + eta + j;
					x += (buf[bx / 8] >> (bx % 8)) & 1;
					y += (buf[by / 8] >> (by % 8)) & 1;
				}
				CHECK_EQ(r.c[i], x - y);
			}
		}
	}
}

/* Compress/Decompress against the definitions in exact rational arithmetic:
 * round(a/b) = floor((2a + b) / 2b). */
TEST(compress_definition)
{
	static const unsigned ds[] = { 1, 4, 5, 10, 11 };
	for (unsigned di = 0; di < 5; di++) {
		unsigned d = ds[di];
		for (uint32_t x = 0; x < MLKEM_Q; x++) {
			uint32_t want = ((2u * (x << d) + MLKEM_Q) / (2u * MLKEM_Q)) % (1u << d);
			CHECK_EQ(mlkem_compress((uint16_t)x, d), want);
		}
		for (uint32_t y = 0; y < (1u << d); y++) {
			uint32_t want = (2u * MLKEM_Q * y + (1u << d)) / (2u << d);
			CHECK_EQ(mlkem_decompress((uint16_t)y, d), want);
		}
	}
}

TEST(reductions)
{
	for (int32_t a = -32768; a < 32768; a++) {
		int16_t r = mlkem_barrett_reduce((int16_t)a);
		CHECK(r >= -(MLKEM_Q - 1) / 2 && r <= (MLKEM_Q - 1) / 2);
		CHECK_EQ(modq(r), modq(a));
	}
	/* Montgomery: r * 2^16 = a (mod q) and |r| < q for |a| < q 2^15. */
	for (int i = 0; i < 200000; i++) {
		int32_t a = (int32_t)(rnd() % (2u * MLKEM_Q * 32768u)) - MLKEM_Q * 32768;
		int16_t r = mlkem_montgomery_reduce(a);
		CHECK(r > -MLKEM_Q && r < MLKEM_Q);
		CHECK_EQ(modq((int32_t)((int64_t)r * 65536 % MLKEM_Q)), modq(a));
	}
}

/* a * b in Z_q[X]/(X^256 + 1), schoolbook. */
static void schoolbook(int16_t r[MLKEM_N], const int16_t *a, const int16_t *b)
{
	int64_t acc[MLKEM_N] = { 0 };
	for (int i = 0; i < MLKEM_N; i++)
		for (int j = 0; j < MLKEM_N; j++) {
			int64_t p = (int64_t)a[i] * b[j];
			if (i + j < MLKEM_N)
				acc[i + j] += p;
			else
				acc[i + j - MLKEM_N] -= p;
		}
	for (int i = 0; i < MLKEM_N; i++)
		r[i] = (int16_t)(((acc[i] % MLKEM_Q) + MLKEM_Q) % MLKEM_Q);
}

typedef struct arith {
	const char *name;
	void (*ntt)(int16_t *);
	void (*invntt)(int16_t *);
	void (*basemul)(int16_t *, const mlkem_poly *, const mlkem_poly *, unsigned);
} arith;

static void rand_poly(mlkem_poly *p, int32_t lo, int32_t hi)
{
	for (int i = 0; i < MLKEM_N; i++)
		p->c[i] = (int16_t)(lo + (int32_t)(rnd() % (uint64_t)(hi - lo)));
}

static int reduced(const mlkem_poly *p)
{
	for (int i = 0; i < MLKEM_N; i++)
		if (p->c[i] <= -MLKEM_Q || p->c[i] >= MLKEM_Q)
			return 0;
	return 1;
}

/* NTT -> MultiplyNTTs -> NTT^-1 equals the schoolbook product, with inputs
 * anywhere in the documented ranges. */
static int product_matches(const arith *ar)
{
	for (int t = 0; t < 20; t++) {
		mlkem_poly a, b, r;
		int16_t want[MLKEM_N];
		rand_poly(&a, -(MLKEM_Q - 1), MLKEM_Q);
		rand_poly(&b, -(MLKEM_Q - 1), MLKEM_Q);
		schoolbook(want, a.c, b.c);
		ar->ntt(a.c);
		ar->ntt(b.c);
		if (!reduced(&a) || !reduced(&b))
			return 0;
		ar->basemul(r.c, &a, &b, 1);
		if (!reduced(&r))
			return 0;
		ar->invntt(r.c);
		if (!reduced(&r))
			return 0;
		for (int i = 0; i < MLKEM_N; i++)
			if (modq(r.c[i]) != want[i]) {
				fprintf(stderr, "%s: coefficient %d: %d != %d\n", ar->name, i,
				        modq(r.c[i]), want[i]);
				return 0;
			}
	}
	return 1;
}

static const arith ref_arith = { "ref", mlkem_ntt_ref, mlkem_invntt_ref, mlkem_basemul_acc_ref };

TEST(ntt_product_ref)
{
	CHECK(product_matches(&ref_arith));
}

#if defined(__x86_64__)
#include "crypto/cpu.h"
static const arith avx2_arith = { "avx2", mlkem_ntt_avx2, mlkem_invntt_avx2,
	                          mlkem_basemul_acc_avx2 };

static int have_avx2(void)
{
	__builtin_cpu_init();
	if (!__builtin_cpu_supports("avx2")) {
		printf("  (no AVX2 on this CPU: comparison skipped)\n");
		return 0;
	}
	return 1;
}

TEST(ntt_product_avx2)
{
	if (have_avx2())
		CHECK(product_matches(&avx2_arith));
}

static int same_mod_q(const mlkem_poly *a, const mlkem_poly *b)
{
	for (int i = 0; i < MLKEM_N; i++)
		if (modq(a->c[i]) != modq(b->c[i]))
			return 0;
	return 1;
}

/* Each AVX2 function against the portable one on random inputs covering the
 * documented input ranges; outputs agree mod q and are reduced. */
TEST(avx2_matches_ref)
{
	if (!have_avx2())
		return;
	for (int t = 0; t < 300; t++) {
		mlkem_poly a, b;
		rand_poly(&a, -(MLKEM_Q - 1), MLKEM_Q);
		b = a;
		mlkem_ntt_ref(a.c);
		mlkem_ntt_avx2(b.c);
		CHECK(reduced(&b) && same_mod_q(&a, &b));

		rand_poly(&a, -(MLKEM_Q - 1), MLKEM_Q);
		b = a;
		mlkem_invntt_ref(a.c);
		mlkem_invntt_avx2(b.c);
		CHECK(reduced(&b) && same_mod_q(&a, &b));

		rand_poly(&a, -32768, 32768);
		b = a;
		mlkem_tomont_ref(a.c);
		mlkem_tomont_avx2(b.c);
		CHECK(reduced(&b) && same_mod_q(&a, &b));

		rand_poly(&a, -32768, 32768);
		b = a;
		mlkem_poly_canon_ref(&a);
		mlkem_poly_canon_avx2(&b);
		CHECK_MEM(a.c, b.c, sizeof a.c);
		CHECK(a.c[0] >= 0 && a.c[0] < MLKEM_Q);

		uint8_t buf[128];
		for (int i = 0; i < 128; i++)
			buf[i] = (uint8_t)rnd();
		mlkem_poly_cbd_ref(&a, buf, 2);
		mlkem_poly_cbd2_avx2(&b, buf);
		CHECK_MEM(a.c, b.c, sizeof a.c);

		/* rejection sampling from any count, on any buffer length */
		uint8_t rb[3 * 168];
		unsigned start = (unsigned)(rnd() % 256), rl = (unsigned)(rnd() % sizeof rb);
		for (size_t i = 0; i < sizeof rb; i++)
			rb[i] = (uint8_t)(t % 7 == 0 ? 0xFF : rnd()); /* some all-reject input */
		memset(a.c, 0, sizeof a.c);
		memset(b.c, 0, sizeof b.c);
		unsigned n1 = mlkem_rej_uniform_ref(a.c, start, rb, rl);
		unsigned n2 = mlkem_rej_uniform_avx2(b.c, start, rb, rl);
		CHECK_EQ(n1, n2);
		CHECK_MEM(a.c, b.c, sizeof a.c);

		mlkem_poly x[4], y[4], r1, r2;
		unsigned k = 2 + (unsigned)(t % 3);
		for (unsigned i = 0; i < k; i++) {
			rand_poly(&x[i], 0, 4096); /* ByteDecode_12 of an unchecked dk */
			rand_poly(&y[i], -(MLKEM_Q - 1), MLKEM_Q);
		}
		mlkem_basemul_acc_ref(r1.c, x, y, k);
		mlkem_basemul_acc_avx2(r2.c, x, y, k);
		CHECK(reduced(&r2) && same_mod_q(&r1, &r2));
		mlkem_basemul_acc_avx2(r2.c, y, x, k);
		CHECK(reduced(&r2) && same_mod_q(&r1, &r2));
	}
}
#endif
