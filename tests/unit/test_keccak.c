/* Keccak family: known answers from FIPS 202 / SP 800-185 examples, and the
 * streaming properties (every split of absorb and squeeze equals one-shot). */
#include "test.h"

#include "qstp/keccak.h"
#include "qstp/errors.h"
#include "qstp/util.h"
#include "crypto/keccak_impl.h"

static void hex(uint8_t *out, size_t n, const char *h)
{
	if (test_hex_decode(out, n, h) != (int)n)
		abort();
}

TEST(sha3_256_abc)
{
	uint8_t md[32], want[32];
	hex(want, 32, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
	qstp_sha3_256(md, (const uint8_t *)"abc", 3);
	CHECK_MEM(md, want, 32);
}

TEST(sha3_256_empty)
{
	uint8_t md[32], want[32];
	hex(want, 32, "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
	qstp_sha3_256(md, NULL, 0);
	CHECK_MEM(md, want, 32);
}

TEST(sha3_512_abc)
{
	uint8_t md[64], want[64];
	hex(want, 64, "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
	              "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0");
	qstp_sha3_512(md, (const uint8_t *)"abc", 3);
	CHECK_MEM(md, want, 64);
}

TEST(shake128_empty)
{
	uint8_t md[32], want[32];
	hex(want, 32, "7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26");
	qstp_shake128(md, 32, NULL, 0);
	CHECK_MEM(md, want, 32);
}

TEST(shake256_empty)
{
	uint8_t md[32], want[32];
	hex(want, 32, "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f");
	qstp_shake256(md, 32, NULL, 0);
	CHECK_MEM(md, want, 32);
}

/* SP 800-185 cSHAKE samples #3 and #4 (cSHAKE256, N = "", S = "Email Signature"). */
TEST(cshake256_sample3)
{
	uint8_t in[4] = { 0, 1, 2, 3 }, md[64], want[64];
	hex(want, 64, "d008828e2b80ac9d2218ffee1d070c48b8e4c87bff32c9699d5b6896eee0edd1"
	              "64020e2be0560858d9c00c037e34a96937c561a74c412bb4c746469527281c8c");
	qstp_cshake256(md, 64, in, 4, NULL, 0, (const uint8_t *)"Email Signature", 15);
	CHECK_MEM(md, want, 64);
}

/* SP 800-185 KMAC sample #6 (KMAC256, S = "My Tagged Application", 200-byte input, L=512). */
TEST(kmac256_sample6)
{
	uint8_t key[32], in[200], md[64], want[64];
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)(0x40 + i);
	for (int i = 0; i < 200; i++)
		in[i] = (uint8_t)i;
	hex(want, 64, "b58618f71f92e1d56c1b8c55ddd7cd188b97b4ca4d99831eb2699a837da2e4d9"
	              "70fbacfde50033aea585f1a2708510c32d07880801bd182898fe476876fc8965");
	qstp_kmac256(md, 64, key, 32, in, 200, (const uint8_t *)"My Tagged Application", 21);
	CHECK_MEM(md, want, 64);
}

/* Every split of the input into two absorbs, and of the output into two
 * squeezes, gives the one-shot result; for every rate we use. */
TEST(incremental_equals_oneshot)
{
	static uint8_t in[700], one[600], two[600];
	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (uint8_t)(i * 7 + 1);
	void (*inits[])(qstp_keccak *) = { qstp_sha3_256_init, qstp_sha3_512_init,
	                                   qstp_shake128_init, qstp_shake256_init };
	for (size_t v = 0; v < 4; v++) {
		for (size_t len = 0; len <= sizeof in; len += (len < 340 ? 1 : 37)) {
			qstp_keccak a;
			inits[v](&a);
			qstp_keccak_absorb(&a, in, len);
			qstp_keccak_squeeze(&a, one, sizeof one);
			for (size_t cut = 0; cut <= len; cut += (len < 40 ? 1 : 13)) {
				qstp_keccak b;
				inits[v](&b);
				qstp_keccak_absorb(&b, in, cut);
				qstp_keccak_absorb(&b, in + cut, len - cut);
				size_t ocut = (cut * 5) % sizeof two;
				qstp_keccak_squeeze(&b, two, ocut);
				qstp_keccak_squeeze(&b, two + ocut, sizeof two - ocut);
				CHECK_MEM(two, one, sizeof one);
			}
		}
	}
}

/* Byte-at-a-time absorb and squeeze equal one-shot. */
TEST(byte_at_a_time)
{
	uint8_t in[300], one[400], two[400];
	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (uint8_t)(i ^ 0x5a);
	qstp_keccak a, b;
	qstp_kmac256_init(&a, in, 40, in + 40, 20);
	qstp_keccak_absorb(&a, in, sizeof in);
	qstp_kmac_final_xof(&a);
	qstp_keccak_squeeze(&a, one, sizeof one);
	qstp_kmac256_init(&b, in, 40, in + 40, 20);
	for (size_t i = 0; i < sizeof in; i++)
		qstp_keccak_absorb(&b, in + i, 1);
	qstp_kmac_final_xof(&b);
	for (size_t i = 0; i < sizeof two; i++)
		qstp_keccak_squeeze(&b, two + i, 1);
	CHECK_MEM(two, one, sizeof one);
}

/* Bit-oriented absorb of whole bytes in 8-bit pieces equals byte absorb. */
TEST(bits_whole_bytes_equal_bytes)
{
	uint8_t in[150], one[32], two[32];
	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (uint8_t)(i * 3);
	qstp_sha3_256(one, in, sizeof in);
	qstp_keccak k;
	qstp_sha3_256_init(&k);
	qstp_keccak_absorb_bits(&k, in, 5);            /* 5 low bits of in[0] */
	uint8_t rest0 = (uint8_t)(in[0] >> 5);
	qstp_keccak_absorb_bits(&k, &rest0, 3);        /* its 3 high bits */
	qstp_keccak_absorb_bits(&k, in + 1, 8 * (sizeof in - 1));
	qstp_sha3_final(&k, two);
	CHECK_MEM(two, one, 32);
}

/* SHA3-224 style check of bit input is in the KAT files; here: the FIPS 202
 * example "SHA3-256 of the 5-bit message 11001" (csrc examples). */
TEST(sha3_256_5bits)
{
	uint8_t msg = 0x13; /* bits 1,1,0,0,1 in FIPS 202 order = 0b10011 */
	uint8_t md[32], want[32];
	hex(want, 32, "7b0047cf5a456882363cbf0fb05322cf65f4b7059a46365e830132e3b5d957af");
	qstp_keccak k;
	qstp_sha3_256_init(&k);
	qstp_keccak_absorb_bits(&k, &msg, 5);
	qstp_sha3_final(&k, md);
	CHECK_MEM(md, want, 32);
}

/* Keccak-f[1600] of the all-zero state: the Keccak team's
 * KeccakF-1600-IntermediateValues.txt, lanes in order (x + 5y).  Every
 * implementation the CPU can run must produce it. */
TEST(keccakf1600_zero_state_kat)
{
	static const uint64_t want[25] = {
		0xF1258F7940E1DDE7ULL, 0x84D5CCF933C0478AULL, 0xD598261EA65AA9EEULL,
		0xBD1547306F80494DULL, 0x8B284E056253D057ULL, 0xFF97A42D7F8E6FD4ULL,
		0x90FEE5A0A44647C4ULL, 0x8C5BDA0CD6192E76ULL, 0xAD30A6F71B19059CULL,
		0x30935AB7D08FFC64ULL, 0xEB5AA93F2317D635ULL, 0xA9A6E6260D712103ULL,
		0x81A57C16DBCF555FULL, 0x43B831CD0347C826ULL, 0x01F22F1A11A5569FULL,
		0x05E5635A21D9AE61ULL, 0x64BEFEF28CC970F2ULL, 0x613670957BC46611ULL,
		0xB87C5A554FD00ECBULL, 0x8C3EE88A1CCF32C8ULL, 0x940C7922AE3A2614ULL,
		0x1841F924A2C509E4ULL, 0x16F53526E70465C2ULL, 0x75F644E97F30A13BULL,
		0xEAF1FF7B5CECA249ULL,
	};
	uint64_t a[25];
	memset(a, 0, sizeof a);
	qstp_keccakf1600_ref(a);
	CHECK_MEM(a, want, sizeof a);
	memset(a, 0, sizeof a);
	qstp_keccakf1600(a);
	CHECK_MEM(a, want, sizeof a);
#if defined(__x86_64__)
	if (__builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2")) {
		memset(a, 0, sizeof a);
		qstp_keccakf1600_bmi2(a);
		CHECK_MEM(a, want, sizeof a);
		memset(a, 0, sizeof a);
		qstp_keccakf1600_bmi2asm(a);
		CHECK_MEM(a, want, sizeof a);
	}
#endif
}

/* splitmix64: test inputs only, independent of the code under test. */
static uint64_t mix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Whole-block absorb the slow way: each lane assembled from its bytes
 * (FIPS 202 byte order), the reference permutation after each block. */
static void absorb_blocks_ref(uint64_t a[25], const uint8_t *in, size_t nblocks, unsigned lanes)
{
	for (size_t b = 0; b < nblocks; b++) {
		for (unsigned i = 0; i < lanes; i++) {
			uint64_t v = 0;
			for (unsigned j = 0; j < 8; j++)
				v |= (uint64_t)in[8 * i + j] << (8 * j);
			a[i] ^= v;
		}
		qstp_keccakf1600_ref(a);
		in += 8 * lanes;
	}
}

enum { MAXBLK = 6, GUARD = 0xa5 };

/* One whole-block absorb (fn) against absorb_blocks_ref: random state and
 * input, the input at offset off of a buffer; the lanes around the state
 * and every input byte must be left as they were. */
static void check_absorb(void (*fn)(uint64_t *, const uint8_t *, size_t, unsigned),
                         unsigned lanes, size_t nblocks, size_t off, uint64_t *seed)
{
	uint64_t st[27], want[25];
	uint8_t in[8 + 25 * 8 * MAXBLK + 8], copy[sizeof in];

	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (uint8_t)mix64(seed);
	memcpy(copy, in, sizeof in);
	st[0] = st[26] = 0xa5a5a5a5a5a5a5a5ULL;
	for (int i = 1; i < 26; i++)
		st[i] = mix64(seed);
	memcpy(want, st + 1, sizeof want);
	absorb_blocks_ref(want, in + off, nblocks, lanes);
	fn(st + 1, in + off, nblocks, lanes);
	CHECK_MEM(st + 1, want, sizeof want);
	CHECK_EQ(st[0], 0xa5a5a5a5a5a5a5a5ULL);
	CHECK_EQ(st[26], 0xa5a5a5a5a5a5a5a5ULL);
	CHECK_MEM(in, copy, sizeof in);
}

/* The dispatched whole-block absorb (assembly or portable C, as the CPU
 * and QSTP_CPU_MASK select) at every rate in lanes, 0 to 6 blocks, every
 * input misalignment. */
TEST(absorb_blocks_matches_ref)
{
	uint64_t seed = 0xab50a8b10c4ULL;
	for (unsigned lanes = 1; lanes <= 25; lanes++)
		for (size_t n = 0; n <= MAXBLK; n++)
			for (size_t off = 0; off < 8; off++)
				check_absorb(qstp_keccakf1600_absorb, lanes, n, off, &seed);
}

#if defined(__x86_64__)
/* The assembly's absorb entry directly, at each rate it supports, with
 * many random states; and a long run (100 blocks) against the reference. */
TEST(absorb_asm_matches_ref)
{
	static const unsigned rates[] = { 9, 13, 17, 18, 21 };
	if (!(__builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2")))
		return;
	uint64_t seed = 0xa55e3b1eULL;
	for (unsigned r = 0; r < sizeof rates / sizeof rates[0]; r++)
		for (int t = 0; t < 20; t++)
			for (size_t n = 0; n <= MAXBLK; n++)
				for (size_t off = 0; off < 8; off++)
					check_absorb(qstp_keccakf1600_absorb_bmi2asm, rates[r], n, off, &seed);
	static uint8_t in[100 * 168];
	for (unsigned r = 0; r < sizeof rates / sizeof rates[0]; r++) {
		uint64_t x[25], y[25];
		for (size_t i = 0; i < sizeof in; i++)
			in[i] = (uint8_t)mix64(&seed);
		for (int i = 0; i < 25; i++)
			x[i] = y[i] = mix64(&seed);
		absorb_blocks_ref(x, in, 100, rates[r]);
		qstp_keccakf1600_absorb_bmi2asm(y, in, 100, rates[r]);
		CHECK_MEM(x, y, sizeof x);
	}
}

/* The generated assembly (keccakf1600_x86_64.S) against the reference
 * permutation on many random states, plus states with few bits set (every
 * single bit, all ones); it must write the 25 lanes and nothing around
 * them. */
TEST(permutation_asm_matches_ref)
{
	if (!(__builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2")))
		return;
	uint64_t seed = 0x5eed0f0ddba11ULL;
	uint64_t want[25];
	uint64_t buf[27];
	for (int t = 0; t < 20000 + 1600 + 1; t++) {
		uint64_t a[25];
		for (int i = 0; i < 25; i++) {
			if (t < 20000)
				a[i] = mix64(&seed);
			else if (t < 21600)
				a[i] = (i == (t - 20000) / 64) ? 1ULL << ((t - 20000) % 64) : 0;
			else
				a[i] = ~0ULL;
		}
		memcpy(want, a, sizeof want);
		qstp_keccakf1600_ref(want);
		buf[0] = buf[26] = 0xa5a5a5a5a5a5a5a5ULL;
		memcpy(buf + 1, a, sizeof a);
		qstp_keccakf1600_bmi2asm(buf + 1);
		CHECK_MEM(buf + 1, want, sizeof want);
		CHECK_EQ(buf[0], 0xa5a5a5a5a5a5a5a5ULL);
		CHECK_EQ(buf[26], 0xa5a5a5a5a5a5a5a5ULL);
	}
	/* Iterated: 200 permutations in a row agree. */
	uint64_t x[25], y[25];
	for (int i = 0; i < 25; i++)
		x[i] = y[i] = mix64(&seed);
	for (int r = 0; r < 200; r++) {
		qstp_keccakf1600_ref(x);
		qstp_keccakf1600_bmi2asm(y);
	}
	CHECK_MEM(x, y, sizeof x);
}
#endif

TEST(permutation_variants_agree)
{
	uint64_t a[25], b[25];
	for (int i = 0; i < 25; i++)
		a[i] = b[i] = 0x0123456789abcdefULL * (uint64_t)(i + 1);
	for (int r = 0; r < 100; r++) {
		qstp_keccakf1600_ref(a);
		qstp_keccakf1600(b);
		CHECK_MEM(a, b, sizeof a);
	}
#if defined(__x86_64__)
	if (__builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2")) {
		for (int r = 0; r < 100; r++) {
			qstp_keccakf1600_ref(a);
			qstp_keccakf1600_bmi2(b);
			CHECK_MEM(a, b, sizeof a);
		}
		for (int r = 0; r < 100; r++) {
			qstp_keccakf1600_ref(a);
			qstp_keccakf1600_bmi2asm(b);
			CHECK_MEM(a, b, sizeof a);
		}
	}
#endif
}

/* The two-state permutation (keccakf1600x2.c) against the single-state
 * one, for both layouts it is used with; the lanes between the two states
 * (stride 4) must be left alone. */
TEST(permutation_x2_matches_single)
{
	uint64_t a[25], b[25], s[100];
	const size_t strides[2] = { 2, 4 };
	for (int t = 0; t < 2; t++) {
		size_t st = strides[t];
		for (int i = 0; i < 25; i++) {
			a[i] = 0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1 + 50 * t);
			b[i] = ~a[i] * 0xbf58476d1ce4e5b9ULL;
		}
		for (int i = 0; i < 100; i++)
			s[i] = 0x5555555555555555ULL ^ (uint64_t)i;
		for (int i = 0; i < 25; i++) {
			s[st * (size_t)i] = a[i];
			s[st * (size_t)i + 1] = b[i];
		}
		for (int r = 0; r < 50; r++) {
			qstp_keccakf1600_ref(a);
			qstp_keccakf1600_ref(b);
			qstp_keccakf1600x2(s, st);
			for (int i = 0; i < 25; i++) {
				CHECK_EQ(s[st * (size_t)i], a[i]);
				CHECK_EQ(s[st * (size_t)i + 1], b[i]);
			}
		}
		if (st == 4)
			for (int i = 0; i < 25; i++) {
				CHECK_EQ(s[4 * i + 2], 0x5555555555555555ULL ^ (uint64_t)(4 * i + 2));
				CHECK_EQ(s[4 * i + 3], 0x5555555555555555ULL ^ (uint64_t)(4 * i + 3));
			}
	}
}

TEST(encodings)
{
	uint8_t e[9];
	CHECK_EQ(qstp_left_encode(e, 0), 2);
	CHECK(e[0] == 1 && e[1] == 0);
	CHECK_EQ(qstp_left_encode(e, 136), 2);
	CHECK(e[0] == 1 && e[1] == 136);
	CHECK_EQ(qstp_left_encode(e, 256), 3);
	CHECK(e[0] == 2 && e[1] == 1 && e[2] == 0);
	CHECK_EQ(qstp_right_encode(e, 256), 3);
	CHECK(e[0] == 1 && e[1] == 0 && e[2] == 2);
	CHECK_EQ(qstp_right_encode(e, 0), 2);
	CHECK(e[0] == 0 && e[1] == 1);
	CHECK_EQ(qstp_left_encode(e, UINT64_MAX), 9);
	CHECK(e[0] == 8 && e[8] == 0xff);
}

TEST(ct_eq_and_wipe)
{
	uint8_t a[64], b[64];
	memset(a, 0x11, sizeof a);
	memcpy(b, a, sizeof b);
	CHECK_EQ(qstp_ct_eq(a, b, 64), 1);
	CHECK_EQ(qstp_ct_eq(a, b, 0), 1);
	for (size_t i = 0; i < 64; i++) {
		for (int bit = 0; bit < 8; bit++) {
			b[i] ^= (uint8_t)(1u << bit);
			CHECK_EQ(qstp_ct_eq(a, b, 64), 0);
			b[i] ^= (uint8_t)(1u << bit);
		}
	}
	qstp_wipe(a, sizeof a);
	for (size_t i = 0; i < 64; i++)
		CHECK_EQ(a[i], 0);
	qstp_wipe(NULL, 0);
}

void qstp_random_fail_after(unsigned long n);

TEST(random_source)
{
	uint8_t a[64], b[64];
	CHECK_EQ(qstp_randombytes(a, sizeof a), 0);
	CHECK_EQ(qstp_randombytes(b, sizeof b), 0);
	CHECK(memcmp(a, b, sizeof a) != 0);
	/* fault injection: the failing call returns an error and zeroed output */
	qstp_random_fail_after(1);
	memset(a, 0xff, sizeof a);
	CHECK_EQ(qstp_randombytes(a, sizeof a), QSTP_ERR_RANDOM);
	for (size_t i = 0; i < sizeof a; i++)
		CHECK_EQ(a[i], 0);
	CHECK_EQ(qstp_randombytes(a, sizeof a), 0);
}

#include "crypto/cpu.h"

/* The feature mask agrees with the compiler's own detection for the bits
 * both know (our cpuid code is what selects implementations). */
TEST(cpu_features_agree)
{
#if defined(__x86_64__)
	if (getenv("QSTP_CPU_MASK") != NULL)
		return;
	unsigned f = qstp_cpu_features();
	__builtin_cpu_init();
	CHECK_EQ(!!(f & QSTP_CPU_AVX2), !!__builtin_cpu_supports("avx2"));
	CHECK_EQ(!!(f & QSTP_CPU_BMI2), __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2"));
	CHECK_EQ(!!(f & QSTP_CPU_AESNI), __builtin_cpu_supports("aes") && __builtin_cpu_supports("ssse3"));
#endif
}
