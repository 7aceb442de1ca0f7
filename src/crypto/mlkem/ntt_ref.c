/*
 * Portable NTT arithmetic for ML-KEM (FIPS 203 4.3): NTT (Alg. 9), NTT^-1
 * (Alg. 10) and MultiplyNTTs / BaseCaseMultiply (Alg. 11, 12), on int16_t
 * coefficients with Montgomery multiplication (R = 2^16).
 *
 * Tables were generated from the standard's definitions (zeta = 17):
 *   mlkem_zetas[i]  = 17^BitRev7(i) * R mod q         (Alg. 9/10 zeta_i)
 *   mlkem_gammas[i] = 17^(2 BitRev7(i) + 1) * R mod q (Alg. 12 gamma_i)
 * each as the centred representative, so that fqmul(table, x) multiplies x
 * by the plain constant.  Every operation here is straight-line arithmetic
 * on the data: no branch or index depends on a coefficient.
 */
#include "mlkem_internal.h"
#include "ntt_tables.h"

enum {
	QINV = -3327,         /* q^-1 mod 2^16, centred */
	INV128_R2 = 1441,     /* R^2 / 128 mod q: NTT^-1 scaling times R (see below) */
	R2 = 1353,            /* R^2 mod q */
};

/* a R^-1 mod q: t = a q^-1 mod R makes a - t q divisible by R.
 * |a| < q 2^15 gives |result| < q. */
int16_t mlkem_montgomery_reduce(int32_t a)
{
	int16_t t = (int16_t)(uint16_t)((uint32_t)a * (uint32_t)(uint16_t)QINV);
	return (int16_t)((a - (int32_t)t * MLKEM_Q) >> 16);
}

static inline int16_t fqmul(int16_t a, int16_t b)
{
	return mlkem_montgomery_reduce((int32_t)a * b);
}

/* Alg. 9.  Each layer adds at most q to the magnitude (the product is
 * reduced below q), so inputs below q stay below 8q < 2^15 through the seven
 * layers; a final Barrett pass brings the output below q. */
void mlkem_ntt_ref(int16_t a[MLKEM_N])
{
	unsigned i = 1;
	for (unsigned len = 128; len >= 2; len >>= 1) {
		for (unsigned start = 0; start < MLKEM_N; start += 2 * len) {
			int16_t zeta = mlkem_zetas[i++];
			for (unsigned j = start; j < start + len; j++) {
				int16_t t = fqmul(zeta, a[j + len]);
				a[j + len] = (int16_t)(a[j] - t);
				a[j] = (int16_t)(a[j] + t);
			}
		}
	}
	for (unsigned j = 0; j < MLKEM_N; j++)
		a[j] = mlkem_barrett_reduce(a[j]);
}

/* Alg. 10.  Sums are Barrett-reduced in every layer; differences go through
 * fqmul, so everything stays below q.  The final scaling multiplies by
 * R^2/128 under fqmul, i.e. by R/128: the 1/128 of Alg. 10 and one R. */
void mlkem_invntt_ref(int16_t a[MLKEM_N])
{
	unsigned i = 127;
	for (unsigned len = 2; len <= 128; len <<= 1) {
		for (unsigned start = 0; start < MLKEM_N; start += 2 * len) {
			int16_t zeta = mlkem_zetas[i--];
			for (unsigned j = start; j < start + len; j++) {
				int16_t t = a[j];
				a[j] = mlkem_barrett_reduce((int16_t)(t + a[j + len]));
				a[j + len] = fqmul(zeta, (int16_t)(a[j + len] - t));
			}
		}
	}
	for (unsigned j = 0; j < MLKEM_N; j++)
		a[j] = fqmul(a[j], INV128_R2);
}

/* Alg. 11/12 summed over k: the products are accumulated exactly in 32 bits
 * and reduced once.  Bounds: a < 2^12, |b| < q, so each a*b < 4096 q and
 * each reduced a1 b1 gamma < q^2/2; 4 terms of (4096 q + q^2/2) and of
 * 2 * 4096 q are below q 2^15, the Montgomery input bound. */
void mlkem_basemul_acc_ref(int16_t r[MLKEM_N], const mlkem_poly *a, const mlkem_poly *b,
                           unsigned k)
{
	for (unsigned i = 0; i < MLKEM_N / 2; i++) {
		int32_t c0 = 0, c1 = 0;
		int16_t gamma = mlkem_gammas[i];
		for (unsigned v = 0; v < k; v++) {
			int16_t a0 = a[v].c[2 * i], a1 = a[v].c[2 * i + 1];
			int16_t b0 = b[v].c[2 * i], b1 = b[v].c[2 * i + 1];
			c0 += (int32_t)a0 * b0 + (int32_t)fqmul(a1, b1) * gamma;
			c1 += (int32_t)a0 * b1 + (int32_t)a1 * b0;
		}
		r[2 * i] = mlkem_montgomery_reduce(c0);
		r[2 * i + 1] = mlkem_montgomery_reduce(c1);
	}
}

void mlkem_tomont_ref(int16_t a[MLKEM_N])
{
	for (unsigned j = 0; j < MLKEM_N; j++)
		a[j] = fqmul(a[j], R2);
}
