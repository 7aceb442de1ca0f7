/* RCS (PROTOCOL.md 8): properties.  Known answers are the vector files
 * (qstp-kat, tests/vectors/RUN); here: every flipped bit of AD, ciphertext
 * and tag is rejected with the state unchanged, round trips for every
 * length 0..300 and 65,504, in place, clones, and the block-function
 * implementations agree with each other on random inputs. */
#include "test.h"

#include "qstp/errors.h"
#include "qstp/rcs.h"
#include "crypto/cpu.h"
#include "crypto/rcs_impl.h"
#include "crypto/keccak4x.h"
#include "crypto/rcs_mac.h"
#include "qstp/keccak.h"

/* splitmix64: deterministic test data, independent of the code under test. */
static uint64_t rng_state = 0x0123456789ABCDEFull;
static uint64_t rnd64(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}
static void rnd(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rnd64();
}

enum { MAXLEN = 65504, AD = 21 };
static uint8_t pt[MAXLEN + 64], ct[MAXLEN + 64], back[MAXLEN + 64], ct2[MAXLEN + 64];

TEST(state_size)
{
	/* The session budget (< 3 KiB for two states and the rest). */
	fprintf(stderr, "sizeof(qstp_rcs256) = %zu, sizeof(qstp_rcs512) = %zu\n",
	        sizeof(qstp_rcs256), sizeof(qstp_rcs512));
	CHECK(sizeof(qstp_rcs256) <= 1152);
}

/* 8.2 from its definition with the generic sponge: rk = the first
 * (R + 1) * 32 bytes of cSHAKE256(key, N = "RCSK256" after its 10-byte
 * prefix, S = ""), mk = the first 32 bytes of the block after the round
 * keys' last one (R = 22: 736 bytes, 6 blocks of 136, mk at 816), the
 * MAC keyed with mk.  The init with empty info (its own code path: cached
 * prefix states) must give exactly this state. */
TEST(key_schedule_empty_info_from_definition)
{
	static const uint8_t name[17] = { 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
		                          'R', 'C', 'S', 'K', '2', '5', '6' };
	uint8_t key[32], nonce[32], stream[6 * 136 + 32];
	qstp_rcs256 s;
	qstp_rcs_mac m;
	for (int t = 0; t < 20; t++) {
		rnd(key, 32);
		rnd(nonce, 32);
		qstp_cshake256(stream, sizeof stream, key, 32, name, sizeof name, NULL, 0);
		qstp_rcs_mac_init(&m, 136, stream + 6 * 136, 32, NULL, 0);
		qstp_rcs256_init(&s, key, nonce, NULL, 0, t & 1);
		CHECK_EQ(sizeof s.rk, 736);
		CHECK_MEM(s.rk, stream, sizeof s.rk);
		CHECK_MEM(&s.mac, &m, sizeof m);
		CHECK_MEM(s.ctr, nonce, 32);
		CHECK_EQ(s.counter, 1);
		CHECK_EQ(s.encrypt, t & 1);
		CHECK(s.ad == NULL && s.adlen == 0);
	}
}

/* The pair init gives the two states of two inits, byte for byte (both
 * zero the whole state first), and they encrypt alike. */
TEST(init_pair_equals_two_inits)
{
	uint8_t k1[32], n1[32], k2[32], n2[32], c1[100 + 32], c2[100 + 32];
	qstp_rcs256 a, b, a2, b2;
	for (int t = 0; t < 20; t++) {
		rnd(k1, 32), rnd(n1, 32), rnd(k2, 32), rnd(n2, 32);
		if (t == 0)
			memcpy(k2, k1, 32);   /* equal keys, different nonces */
		qstp_rcs256_init(&a, k1, n1, NULL, 0, t & 1);
		qstp_rcs256_init(&b, k2, n2, NULL, 0, (t >> 1) & 1);
		qstp_rcs256_init_pair(&a2, k1, n1, t & 1, &b2, k2, n2, (t >> 1) & 1);
		CHECK_MEM(&a2, &a, sizeof a);
		CHECK_MEM(&b2, &b, sizeof b);
		if (t & 1) {
			rnd(pt, 100);
			qstp_rcs256_encrypt(&a, c1, pt, 100);
			qstp_rcs256_encrypt(&a2, c2, pt, 100);
			CHECK_MEM(c2, c1, sizeof c1);
		}
	}
	fprintf(stderr, "four-way Keccak: %s\n", qstp_keccak4x_is_wide() ? "wide" : "portable");
}

/* Encrypt state e, decrypt state d, both for (key, nonce). */
static void pair256(qstp_rcs256 *e, qstp_rcs256 *d)
{
	uint8_t key[32], nonce[32];
	rnd(key, 32);
	rnd(nonce, 32);
	qstp_rcs256_init(e, key, nonce, NULL, 0, 1);
	qstp_rcs256_init(d, key, nonce, NULL, 0, 0);
}

TEST(roundtrip_every_length_0_300_and_65504)
{
	qstp_rcs256 e, d;
	uint8_t ad[AD];
	pair256(&e, &d);
	for (size_t len = 0; len <= 301; len++) {
		size_t n = len == 301 ? MAXLEN : len;
		rnd(pt, n);
		rnd(ad, AD);
		qstp_rcs256_set_associated(&e, ad, AD);
		qstp_rcs256_encrypt(&e, ct, pt, n);
		if (n >= 16)
			CHECK(memcmp(ct, pt, 16) != 0);
		qstp_rcs256_set_associated(&d, ad, AD);
		CHECK_EQ(qstp_rcs256_decrypt(&d, back, ct, n + 32), 0);
		CHECK_MEM(back, pt, n);
	}
	qstp_rcs256_dispose(&e);
	qstp_rcs256_dispose(&d);
}

TEST(roundtrip_rcs512_lengths_and_no_ad)
{
	qstp_rcs512 e, d;
	uint8_t key[64], nonce[32];
	rnd(key, 64);
	rnd(nonce, 32);
	qstp_rcs512_init(&e, key, nonce, NULL, 0, 1);
	qstp_rcs512_init(&d, key, nonce, NULL, 0, 0);
	for (size_t n = 0; n <= 300; n += 7) {
		rnd(pt, n);
		qstp_rcs512_encrypt(&e, ct, pt, n);
		CHECK_EQ(qstp_rcs512_decrypt(&d, back, ct, n + 64), 0);
		CHECK_MEM(back, pt, n);
	}
}

/* Lengths around the encrypt chunk (544 bytes) and many blocks. */
TEST(roundtrip_chunk_boundaries)
{
	static const size_t lens[] = { 543, 544, 545, 4351, 4352, 4353, 8704, 8705, 16384 };
	qstp_rcs256 e, d;
	pair256(&e, &d);
	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		rnd(pt, lens[i]);
		qstp_rcs256_encrypt(&e, ct, pt, lens[i]);
		CHECK_EQ(qstp_rcs256_decrypt(&d, back, ct, lens[i] + 32), 0);
		CHECK_MEM(back, pt, lens[i]);
	}
}

TEST(in_place_equals_out_of_place)
{
	qstp_rcs256 e, e2, d, d2;
	uint8_t ad[AD];
	pair256(&e, &d);
	for (size_t n = 0; n < 700; n += 37) {
		rnd(pt, n);
		rnd(ad, AD);
		memcpy(&e2, &e, sizeof e); /* a clone: no interior pointers */
		qstp_rcs256_set_associated(&e, ad, AD);
		qstp_rcs256_encrypt(&e, ct, pt, n);
		memcpy(ct2, pt, n);
		qstp_rcs256_set_associated(&e2, ad, AD);
		qstp_rcs256_encrypt(&e2, ct2, ct2, n);
		CHECK_MEM(ct2, ct, n + 32);
		CHECK_MEM(&e2, &e, sizeof e);
		memcpy(&d2, &d, sizeof d);
		qstp_rcs256_set_associated(&d, ad, AD);
		CHECK_EQ(qstp_rcs256_decrypt(&d, back, ct, n + 32), 0);
		qstp_rcs256_set_associated(&d2, ad, AD);
		CHECK_EQ(qstp_rcs256_decrypt(&d2, ct2, ct2, n + 32), 0);
		CHECK_MEM(ct2, pt, n);
		CHECK_MEM(back, pt, n);
	}
}

/* Flip every bit of AD, ciphertext and tag in turn: each is rejected with
 * QSTP_ERR_AUTH, nothing is written to out, the state is byte-for-byte what
 * it was before set_associated, and the genuine message then decrypts. */
static int flip_all_256(size_t n)
{
	qstp_rcs256 e, d, snap;
	uint8_t ad[AD], adx[AD];
	pair256(&e, &d);
	for (int msg = 0; msg < 2; msg++) { /* on a fresh state and after one message */
		rnd(pt, n);
		rnd(ad, AD);
		qstp_rcs256_set_associated(&e, ad, AD);
		qstp_rcs256_encrypt(&e, ct, pt, n);
		memcpy(&snap, &d, sizeof d);
		size_t total = AD + n + 32;
		for (size_t bit = 0; bit < 8 * total; bit++) {
			size_t byte = bit / 8;
			memcpy(adx, ad, AD);
			memcpy(ct2, ct, n + 32);
			if (byte < AD)
				adx[byte] ^= (uint8_t)(1u << (bit % 8));
			else
				ct2[byte - AD] ^= (uint8_t)(1u << (bit % 8));
			memset(back, 0xA5, n + 1);
			qstp_rcs256_set_associated(&d, adx, AD);
			if (qstp_rcs256_decrypt(&d, back, ct2, n + 32) != QSTP_ERR_AUTH)
				return 1;
			for (size_t i = 0; i < n + 1; i++)
				if (back[i] != 0xA5)
					return 2;
			if (memcmp(&d, &snap, sizeof d) != 0)
				return 3;
		}
		qstp_rcs256_set_associated(&d, ad, AD);
		if (qstp_rcs256_decrypt(&d, back, ct, n + 32) != 0 || memcmp(back, pt, n) != 0)
			return 4;
	}
	return 0;
}

TEST(every_bit_flip_rejected_state_unchanged)
{
	/* 100: normal finalization; 69: the 8.6 path (p = (65 + n) mod 136 = 134). */
	CHECK_EQ(flip_all_256(100), 0);
	CHECK_EQ(flip_all_256(69), 0);
	CHECK_EQ(flip_all_256(0), 0);
}

TEST(rcs512_bit_flips_rejected)
{
	qstp_rcs512 e, d, snap;
	uint8_t key[64], nonce[32], ad[AD];
	size_t n = 77;
	rnd(key, 64);
	rnd(nonce, 32);
	rnd(ad, AD);
	rnd(pt, n);
	qstp_rcs512_init(&e, key, nonce, NULL, 0, 1);
	qstp_rcs512_init(&d, key, nonce, NULL, 0, 0);
	qstp_rcs512_set_associated(&e, ad, AD);
	qstp_rcs512_encrypt(&e, ct, pt, n);
	memcpy(&snap, &d, sizeof d);
	for (size_t bit = 0; bit < 8 * (n + 64); bit++) {
		memcpy(ct2, ct, n + 64);
		ct2[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		qstp_rcs512_set_associated(&d, ad, AD);
		CHECK_EQ(qstp_rcs512_decrypt(&d, back, ct2, n + 64), QSTP_ERR_AUTH);
		CHECK(memcmp(&d, &snap, sizeof d) == 0);
	}
	qstp_rcs512_set_associated(&d, ad, AD);
	CHECK_EQ(qstp_rcs512_decrypt(&d, back, ct, n + 64), 0);
	CHECK_MEM(back, pt, n);
}

TEST(missing_ad_and_short_input_rejected)
{
	qstp_rcs256 e, d, snap;
	uint8_t ad[AD];
	pair256(&e, &d);
	rnd(ad, AD);
	rnd(pt, 40);
	qstp_rcs256_set_associated(&e, ad, AD);
	qstp_rcs256_encrypt(&e, ct, pt, 40);
	memcpy(&snap, &d, sizeof d);
	CHECK_EQ(qstp_rcs256_decrypt(&d, back, ct, 40 + 32), QSTP_ERR_AUTH);
	CHECK(memcmp(&d, &snap, sizeof d) == 0);
	for (size_t n = 0; n < 32; n++) {
		qstp_rcs256_set_associated(&d, ad, AD);
		CHECK_EQ(qstp_rcs256_decrypt(&d, back, ct, n), QSTP_ERR_RCS_SHORT_INPUT);
		CHECK(memcmp(&d, &snap, sizeof d) == 0);
	}
	qstp_rcs256_set_associated(&d, ad, AD);
	CHECK_EQ(qstp_rcs256_decrypt(&d, back, ct, 40 + 32), 0);
	CHECK_MEM(back, pt, 40);
	/* Decrypting with an encrypt state is refused. */
	CHECK_EQ(qstp_rcs256_decrypt(&e, back, ct, 40 + 32), QSTP_ERR_INVALID_ARG);
}

/* The keystream implementations agree on random keys, counters (some at
 * the 64-bit and 256-bit carries) and lengths, including the final counter. */
static int impl_agree(qstp_rcs_ctr_fn f, unsigned rounds)
{
	uint8_t rk[31 * 32], c0[32], c1[32], c2[32];
	for (int iter = 0; iter < 200; iter++) {
		size_t n = (size_t)(rnd64() % 700);
		rnd(rk, sizeof rk);
		rnd(c0, 32);
		if (iter % 4 == 1)
			memset(c0, 0xFF, 8);
		if (iter % 4 == 2)
			memset(c0, 0xFF, 32);
		rnd(pt, n);
		memcpy(c1, c0, 32);
		memcpy(c2, c0, 32);
		qstp_rcs_ctr_portable(rk, rounds, c1, ct, pt, n);
		f(rk, rounds, c2, ct2, pt, n);
		if (memcmp(ct, ct2, n) != 0 || memcmp(c1, c2, 32) != 0)
			return 1;
		/* in place */
		memcpy(c2, c0, 32);
		memcpy(back, pt, n);
		f(rk, rounds, c2, back, back, n);
		if (memcmp(back, ct, n) != 0)
			return 2;
	}
	return 0;
}

TEST(aesni_and_vaes_agree_with_portable)
{
#if defined(__x86_64__)
	unsigned feat = qstp_cpu_features();
	int ran = 0;
	if (feat & QSTP_CPU_AESNI) {
		CHECK_EQ(impl_agree(qstp_rcs_ctr_aesni, 22), 0);
		CHECK_EQ(impl_agree(qstp_rcs_ctr_aesni, 30), 0);
		ran++;
	}
	if ((feat & QSTP_CPU_VAES) && (feat & QSTP_CPU_AESNI)) {
		CHECK_EQ(impl_agree(qstp_rcs_ctr_vaes, 22), 0);
		CHECK_EQ(impl_agree(qstp_rcs_ctr_vaes, 30), 0);
		ran++;
	}
	fprintf(stderr, "compared %d accelerated path(s) with the portable one; in use: %s\n", ran,
	        qstp_rcs_ctr_impl_name());
#endif
}

/* Counter mode advances the counter by ceil(n / 32) whatever the split. */
TEST(counter_advances_by_blocks)
{
	uint8_t rk[23 * 32], c[32], want[32];
	rnd(rk, sizeof rk);
	memset(c, 0xFF, 32);
	c[0] = 0xFE;
	qstp_rcs_ctr_impl()(rk, 22, c, ct, pt, 33); /* two blocks: FE.., FF.. -> wraps to 0 */
	memset(want, 0, 32);
	CHECK_MEM(c, want, 32);
	qstp_rcs_ctr_impl()(rk, 22, c, ct, pt, 0);
	CHECK_MEM(c, want, 32);
	qstp_rcs_ctr_impl()(rk, 22, c, ct, pt, 1);
	want[0] = 1;
	CHECK_MEM(c, want, 32);
}
