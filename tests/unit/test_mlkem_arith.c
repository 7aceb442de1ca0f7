/* ML-KEM arithmetic and encodings against independent definitions
 * (schoolbook products, exact rational rounding, Alg. 5/7/8 read bit by
 * bit), and every AVX2 routine against the portable one on random inputs
 * covering the documented ranges. */
#include "test.h"

#include "crypto/mlkem/mlkem_internal.h"

/* splitmix64: reproducible test inputs. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}
static int16_t modq(int32_t x)
{
	x %= MLKEM_Q;
	return (int16_t)(x < 0 ? x + MLKEM_Q : x);
}

/* ByteEncode_12 (Alg. 5) bit order on single values, and decode(encode). */
TEST(encode12)
{
	mlkem_poly a, b;
	uint8_t buf[MLKEM_POLY_BYTES];
	for (unsigned i = 0; i < MLKEM_N; i += 37) {
		memset(&a, 0, sizeof a);
		a.c[i] = 0xABC;
		mlkem_poly_tobytes(buf, &a);
		/* value i occupies stream bits 12i .. 12i+11, LSB first */
		for (unsigned bit = 0; bit < 8 * MLKEM_POLY_BYTES; bit++) {
			unsigned want = bit >= 12 * i && bit < 12 * i + 12 ?
			                (0xABCu >> (bit - 12 * i)) & 1 : 0;
			CHECK_EQ((buf[bit / 8] >> (bit % 8)) & 1, want);
		}
	}
	for (unsigned i = 0; i < MLKEM_N; i++)
		a.c[i] = (int16_t)((i * 1237) % MLKEM_Q);
	mlkem_poly_tobytes(buf, &a);
	mlkem_poly_frombytes(&b, buf);
	CHECK_MEM(a.c, b.c, sizeof a.c);
}

/* ByteEncode_d / ByteDecode_d through the polynomial API: a round trip of
 * Compress/Decompress, and the bit order of Alg. 5 checked on one value. */
TEST(encode_bit_order)
{
	static const unsigned ds[] = { 4, 5, 10, 11 };
	for (unsigned di = 0; di < 4; di++) {
		unsigned d = ds[di];
		mlkem_poly a, b;
		uint8_t buf[32 * 11];
		/* ByteDecode_d of bytes whose only set bit is bit 3 of byte 1:
		 * bit 11 of the stream, so value (11 / d) has bit (11 % d). */
		memset(buf, 0, sizeof buf);
		buf[1] = 0x08;
		mlkem_poly_decompress(&a, buf, d);
		for (unsigned i = 0; i < MLKEM_N; i++) {
			uint16_t y = i == 11 / d ? (uint16_t)(1u << (11 % d)) : 0;
			CHECK_EQ(a.c[i], mlkem_decompress(y, d));
		}
		/* compress(decompress(y)) = y (FIPS 203 4.7) */
		for (unsigned i = 0; i < 32 * d; i++)
			buf[i] = (uint8_t)rnd();
		uint8_t out[32 * 11];
		mlkem_poly_decompress(&b, buf, d);
		mlkem_poly_compress(out, &b, d);
		CHECK_MEM(out, buf, 32 * d);
	}
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

		/* Compress_d / Decompress_d for the ciphertext widths */
		static const unsigned dw[4] = { 4, 5, 10, 11 };
		unsigned d = dw[t % 4];
		uint16_t v1[MLKEM_N], v2[MLKEM_N];
		rand_poly(&a, 0, MLKEM_Q);
		mlkem_compress_avx2(v2, &a, d);
		for (int i = 0; i < MLKEM_N; i++)
			v1[i] = mlkem_compress((uint16_t)a.c[i], d);
		CHECK_MEM(v1, v2, sizeof v1);
		uint8_t p1[32 * 11 + 16], p2[32 * 11 + 16];
		memset(p1, 0xEE, sizeof p1);
		memset(p2, 0xEE, sizeof p2);
		mlkem_poly_compress_ref(p1, &a, d);
		mlkem_poly_compress_avx2(p2, &a, d);
		CHECK_MEM(p1, p2, sizeof p1); /* same bytes, nothing written past 32d */
		for (unsigned i = 0; i < 32 * d; i++)
			p1[i] = (uint8_t)rnd();
		mlkem_poly_decompress_ref(&a, p1, d);
		mlkem_poly_decompress_avx2(&b, p1, d);
		CHECK_MEM(a.c, b.c, sizeof a.c);
		mlkem_decompress_avx2(&b, v1, d);
		for (int i = 0; i < MLKEM_N; i++)
			CHECK_EQ(b.c[i], mlkem_decompress(v1[i], d));

		/* ByteEncode_12 / ByteDecode_12 */
		uint8_t e1[MLKEM_POLY_BYTES], e2[MLKEM_POLY_BYTES];
		rand_poly(&a, 0, MLKEM_Q);
		mlkem_poly_tobytes_ref(e1, &a);
		mlkem_tobytes_avx2(e2, &a);
		CHECK_MEM(e1, e2, sizeof e1);
		for (size_t i = 0; i < sizeof e1; i++)
			e1[i] = (uint8_t)rnd();
		mlkem_poly_frombytes_ref(&a, e1);
		mlkem_frombytes_avx2(&b, e1);
		CHECK_MEM(a.c, b.c, sizeof a.c);
		mlkem_poly_add_avx2(&b, &a);
		for (int i = 0; i < MLKEM_N; i++)
			CHECK_EQ(b.c[i], 2 * a.c[i]);

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
