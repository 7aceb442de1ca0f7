/* ML-KEM at the KEM level: round trips, implicit rejection on every
 * ciphertext byte, the FIPS 203 7.2 / 7.3 input checks with their errors,
 * zeroed outputs on failure, random-source failure.  Known answers come
 * from the ACVP files through qstp-kat; the arithmetic is tested in
 * test_mlkem_arith.c. */
#include "test.h"

#include <stdlib.h>

#include "qstp/errors.h"
#include "qstp/keccak.h"
#include "qstp/mlkem.h"
#include "qstp/util.h"

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

/* A flipped bit yields J(z || c'), computed here from the standard's
 * definition with SHAKE256, never the real secret and never an error: every
 * bit of an ML-KEM-512 ciphertext, and one bit of every byte (the position
 * rotating) for ML-KEM-768 and -1024. */
TEST(implicit_rejection_bit_flips)
{
	uint8_t ek[QSTP_MLKEM1024_EK_BYTES], dk[QSTP_MLKEM1024_DK_BYTES];
	uint8_t ct[QSTP_MLKEM1024_CT_BYTES], ss[32], ss2[32], want[32];
	uint8_t zc[32 + QSTP_MLKEM1024_CT_BYTES];
	for (unsigned s = 0; s < 3; s++) {
		size_t ctn = qstp_mlkem_ct_bytes(sets[s]), dkn = qstp_mlkem_dk_bytes(sets[s]);
		CHECK_EQ(qstp_mlkem_keypair(sets[s], ek, dk), 0);
		CHECK_EQ(qstp_mlkem_encaps(sets[s], ct, ss, ek), 0);
		memcpy(zc, dk + dkn - 32, 32);
		size_t nflips = s == 0 ? 8 * ctn : ctn;
		for (size_t f = 0; f < nflips; f++) {
			size_t i = s == 0 ? f / 8 : f;
			uint8_t bit = (uint8_t)(1u << (s == 0 ? f % 8 : (f * 5 + s) % 8));
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


/* The expanded entry points give exactly the plain ones' bytes: key pairs
 * from the same seeds, secrets for valid ciphertexts and for modified ones
 * (implicit rejection, checked against J(z || c) from SHAKE256), at an
 * 8-byte but not 32-byte aligned storage address too. */
TEST(expanded_matches_plain)
{
	uint8_t ek[QSTP_MLKEM1024_EK_BYTES], dk[QSTP_MLKEM1024_DK_BYTES];
	uint8_t ek2[QSTP_MLKEM1024_EK_BYTES], dk2[QSTP_MLKEM1024_DK_BYTES];
	uint8_t ct[QSTP_MLKEM1024_CT_BYTES], d[32], z[32], m[32], ss[32], ss1[32], ss2[32], want[32];
	uint8_t zc[32 + QSTP_MLKEM1024_CT_BYTES];
	uint64_t *store = malloc(sizeof(qstp_mlkem_expanded) + 8);
	CHECK(store != NULL);
	if (store == NULL)
		return;
	for (unsigned s = 0; s < 3; s++) {
		size_t ekn = qstp_mlkem_ek_bytes(sets[s]), dkn = qstp_mlkem_dk_bytes(sets[s]);
		size_t ctn = qstp_mlkem_ct_bytes(sets[s]);
		for (unsigned t = 0; t < 8; t++) {
			qstp_mlkem_expanded *x = (qstp_mlkem_expanded *)(store + (t & 1));
			rnd_bytes(d, 32), rnd_bytes(z, 32), rnd_bytes(m, 32);
			CHECK_EQ(qstp_mlkem_keypair_derand(sets[s], ek, dk, d, z), 0);
			CHECK_EQ(qstp_mlkem_keypair_derand_expanded(sets[s], ek2, dk2, d, z, x, NULL), 0);
			CHECK_MEM(ek2, ek, ekn);
			CHECK_MEM(dk2, dk, dkn);
			CHECK_EQ(qstp_mlkem_encaps_derand(sets[s], ct, ss, ek, m), 0);
			CHECK_EQ(qstp_mlkem_decaps(sets[s], ss1, ct, dk), 0);
			memset(ss2, 0xAA, 32);
			CHECK_EQ(qstp_mlkem_decaps_expanded(sets[s], ss2, ct, dk, x, NULL), 0);
			CHECK_MEM(ss2, ss, 32);
			CHECK_MEM(ss1, ss, 32);
			/* A modified ciphertext: the same J(z || c') from both. */
			ct[(size_t)(rnd() % ctn)] ^= (uint8_t)(1u << (t % 8));
			memcpy(zc, z, 32);
			memcpy(zc + 32, ct, ctn);
			qstp_shake256(want, 32, zc, 32 + ctn);
			CHECK_EQ(qstp_mlkem_decaps(sets[s], ss1, ct, dk), 0);
			CHECK_EQ(qstp_mlkem_decaps_expanded(sets[s], ss2, ct, dk, x, NULL), 0);
			CHECK_MEM(ss1, want, 32);
			CHECK_MEM(ss2, want, 32);
		}
	}
	free(store);
}

/* An expanded key used with another key pair or parameter set is refused
 * (zero secret), and the 7.3 hash check still applies. */
TEST(expanded_mismatch)
{
	uint8_t ek[QSTP_MLKEM1024_EK_BYTES], dk[QSTP_MLKEM1024_DK_BYTES];
	uint8_t ek2[QSTP_MLKEM1024_EK_BYTES], dk2[QSTP_MLKEM1024_DK_BYTES];
	uint8_t ct[QSTP_MLKEM1024_CT_BYTES], d[32], z[32], ss[32];
	static const uint8_t zero[32];
	qstp_mlkem_expanded *x = malloc(sizeof *x);
	CHECK(x != NULL);
	if (x == NULL)
		return;
	rnd_bytes(d, 32), rnd_bytes(z, 32);
	CHECK_EQ(qstp_mlkem_keypair_derand_expanded(QSTP_MLKEM_1024, ek, dk, d, z, x, NULL), 0);
	CHECK_EQ(qstp_mlkem_encaps(QSTP_MLKEM_1024, ct, ss, ek), 0);
	uint8_t ss0[32];
	memcpy(ss0, ss, 32);
	d[0] ^= 1;
	CHECK_EQ(qstp_mlkem_keypair_derand(QSTP_MLKEM_1024, ek2, dk2, d, z), 0);
	memset(ss, 0x55, 32);
	CHECK_EQ(qstp_mlkem_decaps_expanded(QSTP_MLKEM_1024, ss, ct, dk2, x, NULL), QSTP_ERR_INVALID_ARG);
	CHECK_MEM(ss, zero, 32);
	/* The same key bytes read as ML-KEM-768: another k. */
	memset(ss, 0x55, 32);
	CHECK_EQ(qstp_mlkem_decaps_expanded(QSTP_MLKEM_768, ss, ct, dk, x, NULL), QSTP_ERR_INVALID_ARG);
	CHECK_MEM(ss, zero, 32);
	CHECK_EQ(qstp_mlkem_decaps_expanded((qstp_mlkem_param)9, ss, ct, dk, x, NULL),
	         QSTP_ERR_INVALID_ARG);
	CHECK_EQ(qstp_mlkem_keypair_derand_expanded((qstp_mlkem_param)9, ek, dk, d, z, x, NULL),
	         QSTP_ERR_INVALID_ARG);
	/* The kept matrix is what the re-encryption uses: a changed
	 * coefficient makes c' differ from c, so the secret is J(z || c). */
	uint8_t ss2[32];
	CHECK_EQ(qstp_mlkem_decaps_expanded(QSTP_MLKEM_1024, ss2, ct, dk, x, NULL), 0);
	CHECK_MEM(ss2, ss0, 32);
	((uint8_t *)x)[4096] ^= 0x01;
	CHECK_EQ(qstp_mlkem_decaps_expanded(QSTP_MLKEM_1024, ss2, ct, dk, x, NULL), 0);
	CHECK(memcmp(ss2, ss0, 32) != 0);
	((uint8_t *)x)[4096] ^= 0x01;
	/* H(ek) flipped inside dk: 7.3 fails as in qstp_mlkem_decaps. */
	d[0] ^= 1;
	CHECK_EQ(qstp_mlkem_keypair_derand_expanded(QSTP_MLKEM_1024, ek, dk, d, z, x, NULL), 0);
	dk[4 * 384 + QSTP_MLKEM1024_EK_BYTES] ^= 1;
	memset(ss, 0x55, 32);
	CHECK_EQ(qstp_mlkem_decaps_expanded(QSTP_MLKEM_1024, ss, ct, dk, x, NULL),
	         QSTP_ERR_MLKEM_DK_INVALID);
	CHECK_MEM(ss, zero, 32);
	free(x);
}

/* SHA3-256(pre || x) from the sponge, for the transcript hashes. */
static void th_want(uint8_t out[32], const uint8_t *pre, size_t prelen, const uint8_t *x, size_t n)
{
	qstp_keccak h;
	qstp_sha3_256_init(&h);
	qstp_keccak_absorb(&h, pre, prelen);
	qstp_keccak_absorb(&h, x, n);
	qstp_sha3_final(&h, out);
}

/* The transcript hashes computed alongside are SHA3-256(pre || ek) and
 * SHA3-256(pre || c), for prefix lengths on both sides of the one-pass
 * limit (63) and every set, and the KEM outputs are those of the calls
 * without them. */
TEST(transcript_hash_alongside)
{
	static const size_t prelens[] = { 0, 1, 32, 53, 63, 64 };
	uint8_t ek[QSTP_MLKEM1024_EK_BYTES], dk[QSTP_MLKEM1024_DK_BYTES];
	uint8_t ek2[QSTP_MLKEM1024_EK_BYTES], dk2[QSTP_MLKEM1024_DK_BYTES];
	uint8_t ct[QSTP_MLKEM1024_CT_BYTES], ct2[QSTP_MLKEM1024_CT_BYTES];
	uint8_t d[32], z[32], m[32], ss[32], ss2[32], pre[64], want[32];
	qstp_mlkem_expanded *x = malloc(sizeof *x);
	CHECK(x != NULL);
	if (x == NULL)
		return;
	for (unsigned s = 0; s < 3; s++) {
		size_t ekn = qstp_mlkem_ek_bytes(sets[s]), dkn = qstp_mlkem_dk_bytes(sets[s]);
		size_t ctn = qstp_mlkem_ct_bytes(sets[s]);
		for (unsigned t = 0; t < sizeof prelens / sizeof prelens[0]; t++) {
			qstp_mlkem_th th = { prelens[t] ? pre : NULL, prelens[t], { 0 } };
			rnd_bytes(d, 32), rnd_bytes(z, 32), rnd_bytes(m, 32), rnd_bytes(pre, 64);
			CHECK_EQ(qstp_mlkem_keypair_derand(sets[s], ek, dk, d, z), 0);
			CHECK_EQ(qstp_mlkem_keypair_derand_expanded(sets[s], ek2, dk2, d, z, x, &th), 0);
			CHECK_MEM(ek2, ek, ekn);
			CHECK_MEM(dk2, dk, dkn);
			th_want(want, pre, prelens[t], ek, ekn);
			CHECK_MEM(th.out, want, 32);

			memset(th.out, 0, 32);
			CHECK_EQ(qstp_mlkem_encaps_derand(sets[s], ct, ss, ek, m), 0);
			CHECK_EQ(qstp_mlkem_encaps_derand_th(sets[s], ct2, ss2, ek, m, &th), 0);
			CHECK_MEM(ct2, ct, ctn);
			CHECK_MEM(ss2, ss, 32);
			CHECK_MEM(th.out, want, 32);

			memset(th.out, 0, 32);
			CHECK_EQ(qstp_mlkem_decaps_expanded(sets[s], ss2, ct, dk, x, &th), 0);
			CHECK_MEM(ss2, ss, 32);
			th_want(want, pre, prelens[t], ct, ctn);
			CHECK_MEM(th.out, want, 32);
			/* Implicit rejection is unchanged by the extra lane. */
			ct[t] ^= 1;
			CHECK_EQ(qstp_mlkem_decaps(sets[s], ss, ct, dk), 0);
			CHECK_EQ(qstp_mlkem_decaps_expanded(sets[s], ss2, ct, dk, x, &th), 0);
			CHECK_MEM(ss2, ss, 32);
			th_want(want, pre, prelens[t], ct, ctn);
			CHECK_MEM(th.out, want, 32);
		}
	}
	/* Encaps refusing ek (7.2) still gives the transcript hash. */
	qstp_mlkem_th th = { pre, 53, { 0 } };
	memset(ek, 0xFF, QSTP_MLKEM1024_EK_BYTES);
	CHECK_EQ(qstp_mlkem_encaps_derand_th(QSTP_MLKEM_1024, ct, ss, ek, m, &th),
	         QSTP_ERR_MLKEM_EK_INVALID);
	th_want(want, pre, 53, ek, QSTP_MLKEM1024_EK_BYTES);
	CHECK_MEM(th.out, want, 32);
	/* A prefix over the limit is refused. */
	th.prelen = QSTP_MLKEM_TH_PRE_MAX + 1;
	CHECK_EQ(qstp_mlkem_encaps_derand_th(QSTP_MLKEM_1024, ct, ss, ek, m, &th),
	         QSTP_ERR_INVALID_ARG);
	CHECK_EQ(qstp_mlkem_keypair_derand_expanded(QSTP_MLKEM_1024, ek, dk, d, z, x, &th),
	         QSTP_ERR_INVALID_ARG);
	CHECK_EQ(qstp_mlkem_decaps_expanded(QSTP_MLKEM_1024, ss, ct, dk, x, &th),
	         QSTP_ERR_INVALID_ARG);
	CHECK_EQ(qstp_mlkem_encaps_derand_th(QSTP_MLKEM_1024, ct, ss, ek, m, NULL),
	         QSTP_ERR_INVALID_ARG);
	free(x);
}
