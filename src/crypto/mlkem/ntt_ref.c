/*
 * Portable NTT arithmetic for ML-KEM (FIPS 203 4.3): NTT (Alg. 9), NTT^-1
 * (Alg. 10) and MultiplyNTTs / BaseCaseMultiply (Alg. 11, 12), on int16_t
 * coefficients with Montgomery multiplication (R = 2^16).
 *
 * Tables were generated from the standard's definitions (zeta = 17):
 *   mlkem_zetas[i]  = 17^BitRev7(i) * R mod q         (Alg. 9/10 zeta_i)
 *   mlkem_gammas[i] = 17^(2 BitRev7(i) + 1) * R mod q (Alg. 12 gamma_i)
 * each as the centred representative, so that the Montgomery product of a
 * table entry and x multiplies x by the plain constant.  Every operation here is straight-line arithmetic
 * on the data: no branch or index depends on a coefficient.
 */
#include "mlkem_internal.h"
#include "ntt_tables.h"

enum {
	QINV = -3327,         /* q^-1 mod 2^16, centred */
	INV128_R2 = 1441,     /* R^2 / 128 mod q: NTT^-1 scaling times R (see below) */
	R2 = 1353,            /* R^2 mod q */
};

/* a z R^-1 with zq = z q^-1 mod 2^16 precomputed, in the split form
 * hi16(a z) - hi16(lo16(a zq) q): equal to montgomery_reduce(a z) (the low
 * halves of a z and lo16(a zq) q are equal), and written in 16-bit
 * operations that compilers map onto SIMD multiply-high instructions. */
static inline int16_t fqmul_split(int16_t a, int16_t z, int16_t zq)
{
	int16_t hi = (int16_t)(((int32_t)a * z) >> 16);
	int16_t t = (int16_t)(uint16_t)((uint32_t)(uint16_t)a * (uint16_t)zq);
	return (int16_t)(hi - (int16_t)(((int32_t)t * MLKEM_Q) >> 16));
}

static inline int16_t zq_of(int16_t z)
{
	return (int16_t)(uint16_t)((uint32_t)(uint16_t)z * (uint16_t)QINV);
}

/* One layer of Alg. 9 (len constant after inlining, so the inner loop is
 * a fixed-length loop over two arrays). */
static inline void ntt_layer(int16_t a[MLKEM_N], unsigned len, unsigned *i)
{
	for (unsigned start = 0; start < MLKEM_N; start += 2 * len) {
		int16_t z = mlkem_zetas[(*i)++], zq = zq_of(z);
		int16_t *x = a + start, *y = a + start + len;
		for (unsigned j = 0; j < len; j++) {
			int16_t t = fqmul_split(y[j], z, zq);
			y[j] = (int16_t)(x[j] - t);
			x[j] = (int16_t)(x[j] + t);
		}
	}
}

/* Alg. 9.  Each layer adds at most q to the magnitude (the product is
 * reduced below q), so inputs below q stay below 8q < 2^15 through the seven
 * layers; a final Barrett pass brings the output below q. */
void mlkem_ntt_ref(int16_t a[MLKEM_N])
{
	unsigned i = 1;
	ntt_layer(a, 128, &i);
	ntt_layer(a, 64, &i);
	ntt_layer(a, 32, &i);
	ntt_layer(a, 16, &i);
	ntt_layer(a, 8, &i);
	ntt_layer(a, 4, &i);
	ntt_layer(a, 2, &i);
	for (unsigned j = 0; j < MLKEM_N; j++)
		a[j] = mlkem_barrett_reduce(a[j]);
}

/* One layer of Alg. 10: differences go through the Montgomery product
 * (below q); sums double the bound, so they are Barrett-reduced only when
 * `reduce` is set. */
static inline void invntt_layer(int16_t a[MLKEM_N], unsigned len, unsigned *i, int reduce)
{
	for (unsigned start = 0; start < MLKEM_N; start += 2 * len) {
		int16_t z = mlkem_zetas[(*i)--], zq = zq_of(z);
		int16_t *x = a + start, *y = a + start + len;
		for (unsigned j = 0; j < len; j++) {
			int16_t t = x[j], s = (int16_t)(t + y[j]);
			x[j] = reduce ? mlkem_barrett_reduce(s) : s;
			y[j] = fqmul_split((int16_t)(y[j] - t), z, zq);
		}
	}
}

/* Alg. 10.  With inputs below q, unreduced sums reach 2q, 4q, 8q
 * (< 2^15) over three layers, so sums are reduced in the third and sixth
 * layers only; differences stay below 2^15 too.  The final scaling
 * multiplies by R^2/128 under the Montgomery product, i.e. by R/128: the
 * 1/128 of Alg. 10 and one R; it also brings everything below q. */
void mlkem_invntt_ref(int16_t a[MLKEM_N])
{
	unsigned i = 127;
	invntt_layer(a, 2, &i, 0);
	invntt_layer(a, 4, &i, 0);
	invntt_layer(a, 8, &i, 1);
	invntt_layer(a, 16, &i, 0);
	invntt_layer(a, 32, &i, 0);
	invntt_layer(a, 64, &i, 1);
	invntt_layer(a, 128, &i, 0);
	const int16_t f = INV128_R2, fq = zq_of(f);
	for (unsigned j = 0; j < MLKEM_N; j++)
		a[j] = fqmul_split(a[j], f, fq);
}

/* Alg. 11/12 summed over k: the products are accumulated exactly in 32 bits
 * and reduced once.  Bounds: a < 2^12, |b| < q, so each a*b < 4096 q and
 * each reduced a1 b1 gamma < q^2/2; 4 terms of (4096 q + q^2/2) and of
 * 2 * 4096 q are below q 2^15, the Montgomery input bound.
 * Blocks of 16 pairs are first split into even and odd coefficients so that
 * every inner loop runs over contiguous arrays (compilers vectorise them);
 * a1 b1 R^-1 uses the split Montgomery form with a per-element b. */
void mlkem_basemul_acc_ref(int16_t r[MLKEM_N], const mlkem_poly *a, const mlkem_poly *b,
                           unsigned k)
{
	enum { BLK = 16 };
	for (unsigned blk = 0; blk < MLKEM_N / 2; blk += BLK) {
		int32_t c0[BLK] = { 0 }, c1[BLK] = { 0 };
		for (unsigned v = 0; v < k; v++) {
			int16_t a0[BLK], a1[BLK], b0[BLK], b1[BLK], m[BLK];
			const int16_t *x = a[v].c + 2 * blk, *y = b[v].c + 2 * blk;
			for (unsigned i = 0; i < BLK; i++) {
				a0[i] = x[2 * i];
				a1[i] = x[2 * i + 1];
				b0[i] = y[2 * i];
				b1[i] = y[2 * i + 1];
			}
			for (unsigned i = 0; i < BLK; i++)
				m[i] = fqmul_split(a1[i], b1[i], zq_of(b1[i]));
			for (unsigned i = 0; i < BLK; i++) {
				c0[i] += (int32_t)a0[i] * b0[i] + (int32_t)m[i] * mlkem_gammas[blk + i];
				c1[i] += (int32_t)a0[i] * b1[i] + (int32_t)a1[i] * b0[i];
			}
		}
		for (unsigned i = 0; i < BLK; i++) {
			r[2 * (blk + i)] = mlkem_montgomery_reduce(c0[i]);
			r[2 * (blk + i) + 1] = mlkem_montgomery_reduce(c1[i]);
		}
	}
}

void mlkem_tomont_ref(int16_t a[MLKEM_N])
{
	const int16_t z = R2, zq = zq_of(z);
	for (unsigned j = 0; j < MLKEM_N; j++)
		a[j] = fqmul_split(a[j], z, zq);
}
