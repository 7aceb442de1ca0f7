/*
 * ML-KEM sampling (FIPS 203 4.2.2): SampleNTT (Alg. 7) for the matrix A_hat
 * and SamplePolyCBD (Alg. 8) on PRF outputs, four streams at a time on the
 * four-way Keccak.
 *
 * SampleNTT reads a public seed (rho), so its data-dependent loop count and
 * the rejection test are not secret.  The noise path is straight-line.
 */
#include <string.h>

#include "mlkem_internal.h"
#include "../keccak4x.h"
#include "../wipe.h"

enum {
	/* Three SHAKE128 blocks hold 168 candidate pairs, enough for 256
	 * coefficients in the large majority of cases (acceptance 3329/4096). */
	MATRIX_FIRST_BLOCKS = 3,
	NOISE_BLOCKS_MAX = 2, /* 64 * eta <= 192 bytes <= two SHAKE256 blocks */
};

/* Alg. 7's inner step: two 12-bit candidates per three bytes, kept when < q.
 * Returns the new count of coefficients in r. */
unsigned mlkem_rej_uniform_ref(int16_t *r, unsigned ctr, const uint8_t *buf, size_t len)
{
	for (size_t pos = 0; ctr < MLKEM_N && pos + 3 <= len; pos += 3) {
		uint16_t d1 = (uint16_t)(buf[pos] | ((uint16_t)(buf[pos + 1] & 0x0F) << 8));
		uint16_t d2 = (uint16_t)((buf[pos + 1] >> 4) | ((uint16_t)buf[pos + 2] << 4));
		if (d1 < MLKEM_Q)
			r[ctr++] = (int16_t)d1;
		if (d2 < MLKEM_Q && ctr < MLKEM_N)
			r[ctr++] = (int16_t)d2;
	}
	return ctr;
}

static unsigned rej_uniform(int16_t *r, unsigned ctr, const uint8_t *buf, size_t len)
{
#if defined(__x86_64__)
	if (mlkem_use_avx2())
		return mlkem_rej_uniform_avx2(r, ctr, buf, len);
#endif
	return mlkem_rej_uniform_ref(r, ctr, buf, len);
}

void mlkem_gen_matrix(mlkem_poly *a, const uint8_t rho[32], int transposed, unsigned k)
{
	uint8_t seed[4][34];
	uint8_t buf[4][MATRIX_FIRST_BLOCKS * QSTP_SHAKE128_RATE];
	qstp_keccak4x st;
	unsigned total = k * k;

	for (unsigned base = 0; base < total; base += 4) {
		unsigned ctr[4] = { 0, 0, 0, 0 };
		unsigned lanes = total - base < 4 ? total - base : 4;
		for (unsigned l = 0; l < 4; l++) {
			/* Unused lanes repeat the first entry; their output is dropped. */
			unsigned idx = base + (l < lanes ? l : 0);
			unsigned i = idx / k, j = idx % k;
			memcpy(seed[l], rho, 32);
			seed[l][32] = (uint8_t)(transposed ? i : j);
			seed[l][33] = (uint8_t)(transposed ? j : i);
		}
		const uint8_t *in[4] = { seed[0], seed[1], seed[2], seed[3] };
		uint8_t *out[4] = { buf[0], buf[1], buf[2], buf[3] };
		qstp_shake128x4_absorb_once(&st, in, 34);
		qstp_keccak4x_squeezeblocks(&st, QSTP_SHAKE128_RATE, out, MATRIX_FIRST_BLOCKS);
		size_t len = sizeof buf[0];
		for (;;) {
			unsigned done = 1;
			for (unsigned l = 0; l < lanes; l++) {
				ctr[l] = rej_uniform(a[base + l].c, ctr[l], buf[l], len);
				done &= ctr[l] == MLKEM_N;
			}
			if (done)
				break;
			qstp_keccak4x_squeezeblocks(&st, QSTP_SHAKE128_RATE, out, 1);
			len = QSTP_SHAKE128_RATE;
		}
	}
}

/* Alg. 8 for eta = 2: bit pairs summed in parallel across a 32-bit word,
 * then x - y per coefficient from adjacent 2-bit sums. */
static void cbd2(mlkem_poly *r, const uint8_t *buf)
{
	for (unsigned i = 0; i < MLKEM_N / 8; i++) {
		uint32_t t = (uint32_t)buf[4 * i] | (uint32_t)buf[4 * i + 1] << 8 |
		             (uint32_t)buf[4 * i + 2] << 16 | (uint32_t)buf[4 * i + 3] << 24;
		uint32_t d = (t & 0x55555555u) + ((t >> 1) & 0x55555555u);
		for (unsigned j = 0; j < 8; j++) {
			int16_t x = (int16_t)((d >> (4 * j)) & 3);
			int16_t y = (int16_t)((d >> (4 * j + 2)) & 3);
			r->c[8 * i + j] = (int16_t)(x - y);
		}
	}
}

/* eta = 3: bit triples summed across a 24-bit word. */
static void cbd3(mlkem_poly *r, const uint8_t *buf)
{
	for (unsigned i = 0; i < MLKEM_N / 4; i++) {
		uint32_t t = (uint32_t)buf[3 * i] | (uint32_t)buf[3 * i + 1] << 8 |
		             (uint32_t)buf[3 * i + 2] << 16;
		uint32_t d = (t & 0x249249u) + ((t >> 1) & 0x249249u) + ((t >> 2) & 0x249249u);
		for (unsigned j = 0; j < 4; j++) {
			int16_t x = (int16_t)((d >> (6 * j)) & 7);
			int16_t y = (int16_t)((d >> (6 * j + 3)) & 7);
			r->c[4 * i + j] = (int16_t)(x - y);
		}
	}
}

void mlkem_poly_cbd(mlkem_poly *r, const uint8_t *buf, unsigned eta)
{
#if defined(__x86_64__)
	if (eta == 2 && mlkem_use_avx2()) {
		mlkem_poly_cbd2_avx2(r, buf);
		return;
	}
#endif
	mlkem_poly_cbd_ref(r, buf, eta);
}

void mlkem_poly_cbd_ref(mlkem_poly *r, const uint8_t *buf, unsigned eta)
{
	if (eta == 3)
		cbd3(r, buf);
	else
		cbd2(r, buf);
}

void mlkem_sample_noise(mlkem_poly *const *r, const unsigned *eta, unsigned n,
                        const uint8_t sigma[32], uint8_t nonce0)
{
	uint8_t seed[4][33];
	uint8_t buf[4][NOISE_BLOCKS_MAX * QSTP_SHAKE256_RATE];
	qstp_keccak4x st;

	for (unsigned base = 0; base < n; base += 4) {
		unsigned lanes = n - base < 4 ? n - base : 4, blocks = 1;
		for (unsigned l = 0; l < 4; l++) {
			memcpy(seed[l], sigma, 32);
			seed[l][32] = (uint8_t)(nonce0 + base + (l < lanes ? l : 0));
			if (l < lanes && 64 * eta[base + l] > QSTP_SHAKE256_RATE)
				blocks = 2;
		}
		const uint8_t *in[4] = { seed[0], seed[1], seed[2], seed[3] };
		uint8_t *out[4] = { buf[0], buf[1], buf[2], buf[3] };
		qstp_shake256x4_absorb_once(&st, in, 33);
		qstp_keccak4x_squeezeblocks(&st, QSTP_SHAKE256_RATE, out, blocks);
		for (unsigned l = 0; l < lanes; l++)
			mlkem_poly_cbd(r[base + l], buf[l], eta[base + l]);
	}
	qstp_keccak4x_wipe(&st);
	qstp_wipe(seed, sizeof seed);
	qstp_wipe(buf, sizeof buf);
}
