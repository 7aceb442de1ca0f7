/*
 * Internal to ML-KEM (FIPS 203): parameters, the polynomial type and the
 * layers below the public API.
 *
 *   kem.c          ML-KEM.KeyGen/Encaps/Decaps, input checks (Alg. 16-21, 7.2-7.3)
 *   kpke.c         K-PKE.KeyGen/Encrypt/Decrypt (Alg. 13-15)
 *   sample.c       SampleNTT and SamplePolyCBD (Alg. 7-8): four-way SHAKE on
 *                  AVX2, one sponge per polynomial otherwise
 *   poly.c         ByteEncode/Decode, Compress/Decompress, element-wise steps,
 *                  and the run-time choice between portable and AVX2 code
 *   ntt_ref.c      portable NTT, inverse NTT, MultiplyNTTs (Alg. 9-12)
 *   ntt_avx2.c     the same on AVX2 (tables in ntt_avx2_tables.h)
 *   poly_avx2.c    AVX2 encodings, compression, CBD_2, reduction
 *   sample_avx2.c  AVX2 rejection sampling (shuffle table in rej_table.h)
 *
 * Every *_avx2 function has the contract of its portable twin and is
 * tested against it (tests/unit/test_mlkem_arith.c); the choice is made per
 * call from qstp_cpu_features() (QSTP_CPU_MASK=0 forces the portable code).
 *
 * Coefficients are int16_t.  "Reduced" means |c| < q; "canonical" means
 * 0 <= c < q.  Products in the NTT domain use Montgomery multiplication
 * with R = 2^16; the comments at each function say which factor of R its
 * output carries.
 */
#ifndef QSTP_MLKEM_INTERNAL_H
#define QSTP_MLKEM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "qstp/mlkem.h"

enum {
	MLKEM_N = 256,
	MLKEM_Q = 3329,
	MLKEM_K_MAX = 4,
	MLKEM_POLY_BYTES = 384,   /* ByteEncode_12 of one polynomial */
	MLKEM_MSG_BYTES = 32,
};

typedef struct mlkem_poly {
	_Alignas(32) int16_t c[MLKEM_N];
} mlkem_poly;

typedef struct mlkem_params {
	unsigned k, eta1, eta2, du, dv;
	size_t ek_bytes, dk_bytes, ct_bytes;
} mlkem_params;

/* The parameter set's values (FIPS 203 Table 2), or NULL if p is invalid. */
const mlkem_params *mlkem_params_get(qstp_mlkem_param p);

/* --- arithmetic (poly.c dispatches to ntt_ref.c / ntt_avx2.c) --- */

/* NTT (Alg. 9) in place: input |c| < q, output reduced, no R factor. */
void mlkem_poly_ntt(mlkem_poly *a);
/* NTT^-1 (Alg. 10) in place times R: input reduced, output reduced.  The
 * extra R cancels the R^-1 of mlkem_polyvec_basemul_acc. */
void mlkem_poly_invntt_tomont(mlkem_poly *a);
/* r = sum_{i<k} a[i] * b[i] in T_q (Alg. 11) times R^-1.  a in [0, 4096),
 * b reduced (or the other way round); output reduced. */
void mlkem_polyvec_basemul_acc(mlkem_poly *r, const mlkem_poly *a, const mlkem_poly *b,
                               unsigned k);
/* a = a * R mod q, output reduced (cancels a basemul's R^-1). */
void mlkem_poly_tomont(mlkem_poly *a);

/* The portable implementations (always available). */
void mlkem_ntt_ref(int16_t a[MLKEM_N]);
void mlkem_invntt_ref(int16_t a[MLKEM_N]);
void mlkem_basemul_acc_ref(int16_t r[MLKEM_N], const mlkem_poly *a, const mlkem_poly *b,
                           unsigned k);
void mlkem_tomont_ref(int16_t a[MLKEM_N]);
#if defined(__x86_64__)
/* The AVX2 implementations: same contracts; only call with AVX2. */
void mlkem_ntt_avx2(int16_t a[MLKEM_N]);
void mlkem_invntt_avx2(int16_t a[MLKEM_N]);
void mlkem_basemul_acc_avx2(int16_t r[MLKEM_N], const mlkem_poly *a, const mlkem_poly *b,
                            unsigned k);
void mlkem_tomont_avx2(int16_t a[MLKEM_N]);
void mlkem_poly_canon_avx2(mlkem_poly *r);
void mlkem_poly_cbd2_avx2(mlkem_poly *r, const uint8_t buf[128]);
void mlkem_compress_avx2(uint16_t v[MLKEM_N], const mlkem_poly *a, unsigned d);
void mlkem_poly_compress_avx2(uint8_t *out, const mlkem_poly *a, unsigned d); /* d 4,5,10,11 */
void mlkem_poly_decompress_avx2(mlkem_poly *r, const uint8_t *in, unsigned d); /* d 4,5,10,11 */
void mlkem_decompress_avx2(mlkem_poly *r, const uint16_t v[MLKEM_N], unsigned d);
void mlkem_frombytes_avx2(mlkem_poly *r, const uint8_t in[MLKEM_POLY_BYTES]);
void mlkem_tobytes_avx2(uint8_t out[MLKEM_POLY_BYTES], const mlkem_poly *a);
void mlkem_poly_add_avx2(mlkem_poly *r, const mlkem_poly *a);
unsigned mlkem_rej_uniform_avx2(int16_t *r, unsigned ctr, const uint8_t *buf, size_t len);
#endif
/* SampleNTT's rejection step: appends to r[ctr..255] the 12-bit candidates
 * below q read from buf (three bytes per pair); returns the new count. */
unsigned mlkem_rej_uniform_ref(int16_t *r, unsigned ctr, const uint8_t *buf, size_t len);
/* The portable forms of the dispatched element-wise steps (for the tests). */
void mlkem_poly_canon_ref(mlkem_poly *r);
void mlkem_poly_decompress_ref(mlkem_poly *r, const uint8_t *in, unsigned d);
void mlkem_poly_compress_ref(uint8_t *out, const mlkem_poly *a, unsigned d);
void mlkem_poly_tobytes_ref(uint8_t out[MLKEM_POLY_BYTES], const mlkem_poly *a);
void mlkem_poly_frombytes_ref(mlkem_poly *r, const uint8_t in[MLKEM_POLY_BYTES]);
void mlkem_poly_cbd_ref(mlkem_poly *r, const uint8_t *buf, unsigned eta);
/* 1 if the AVX2 arithmetic is in use. */
int mlkem_use_avx2(void);

/* Scalar helpers shared by the portable code and the tests. */

/* a R^-1 mod q: t = a q^-1 mod R makes a - t q divisible by R.
 * |a| < q 2^15 gives |result| < q. */
static inline int16_t mlkem_montgomery_reduce(int32_t a)
{
	int16_t t = (int16_t)(uint16_t)((uint32_t)a * 62209u); /* q^-1 mod 2^16 */
	return (int16_t)((a - (int32_t)t * MLKEM_Q) >> 16);
}

/* a - round(a / q) q with round(a/q) estimated as (a V + 2^25) >> 26,
 * V = round(2^26 / q) = 20159; the estimate is exact or off by one, so the
 * result is centred, |out| <= (q-1)/2, for every int16_t a (checked
 * exhaustively in the unit test). */
static inline int16_t mlkem_barrett_reduce(int16_t a)
{
	int32_t t = ((int32_t)20159 * a + (1 << 25)) >> 26;
	return (int16_t)(a - t * MLKEM_Q);
}

/* --- element-wise --- */
void mlkem_poly_add(mlkem_poly *r, const mlkem_poly *a); /* r += a (no reduction) */
void mlkem_poly_sub(mlkem_poly *r, const mlkem_poly *a); /* r = a - r (no reduction) */
void mlkem_poly_reduce(mlkem_poly *r);                   /* centred Barrett */
void mlkem_poly_canon(mlkem_poly *r);                    /* |c| < 2^15 -> [0, q) */

/* --- encodings (Alg. 4-6, 4.7), inputs canonical --- */
void mlkem_poly_tobytes(uint8_t out[MLKEM_POLY_BYTES], const mlkem_poly *a);
/* ByteDecode_12 without reduction: coefficients in [0, 4096). */
void mlkem_poly_frombytes(mlkem_poly *r, const uint8_t in[MLKEM_POLY_BYTES]);
/* 1 if every 12-bit value in `in` is < q (the 7.2 modulus check). */
int mlkem_poly_bytes_reduced(const uint8_t in[MLKEM_POLY_BYTES]);
/* ByteEncode_d(Compress_d(a)), 32*d bytes; a canonical. */
void mlkem_poly_compress(uint8_t *out, const mlkem_poly *a, unsigned d);
/* Decompress_d(ByteDecode_d(in)); output canonical. */
void mlkem_poly_decompress(mlkem_poly *r, const uint8_t *in, unsigned d);
/* Decompress_1(ByteDecode_1(m)) and ByteEncode_1(Compress_1(a)). */
void mlkem_poly_frommsg(mlkem_poly *r, const uint8_t m[MLKEM_MSG_BYTES]);
void mlkem_poly_tomsg(uint8_t m[MLKEM_MSG_BYTES], const mlkem_poly *a);
/* Compress_d(x) = round(2^d x / q) mod 2^d = floor((2^d x + (q-1)/2) / q)
 * mod 2^d for x in [0, q) (q odd, so no ties).  y < 2^23; floor(y / q) is
 * (y * ceil(2^35 / q)) >> 35: the error term is below y / 2^35 <= 2^-12,
 * less than the 1/q gap to the next integer.  No division instruction, whose
 * time could depend on the (secret) operand. */
static inline uint16_t mlkem_compress(uint16_t x, unsigned d)
{
	uint64_t y = ((uint64_t)x << d) + (MLKEM_Q - 1) / 2;
	return (uint16_t)(((y * 10321340u) >> 35) & ((1u << d) - 1));
}

/* Decompress_d(y) = round(q y / 2^d) = floor((q y + 2^(d-1)) / 2^d). */
static inline uint16_t mlkem_decompress(uint16_t y, unsigned d)
{
	return (uint16_t)(((uint32_t)y * MLKEM_Q + (1u << (d - 1))) >> d);
}

/* --- sampling (sample.c) --- */
/* A_hat (transposed = 0) or A_hat^T (1), k*k polynomials row-major:
 * a[i*k + j] = SampleNTT(rho || j || i), or rho || i || j when transposed.
 * Output canonical. */
void mlkem_gen_matrix(mlkem_poly *a, const uint8_t rho[32], int transposed, unsigned k);
/* r[i] = SamplePolyCBD_eta[i](PRF_eta[i](sigma, nonce0 + i)) for i < n. */
void mlkem_sample_noise(mlkem_poly *const *r, const unsigned *eta, unsigned n,
                        const uint8_t sigma[32], uint8_t nonce0);
/* SamplePolyCBD_eta (Alg. 8) from 64*eta bytes, eta 2 or 3. */
void mlkem_poly_cbd(mlkem_poly *r, const uint8_t *buf, unsigned eta);

/* --- K-PKE (kpke.c) --- */
/* K-PKE.KeyGen(d) (Alg. 13): ek_pke (384k + 32 bytes), dk_pke (384k).
 * at_out (k*k polynomials) or NULL: receives A_hat^T as K-PKE.Encrypt
 * samples it from this ek (row-major, a[i*k + j] = A_hat[j][i]). */
void mlkem_kpke_keygen(const mlkem_params *prm, uint8_t *ek, uint8_t *dk,
                       const uint8_t d[32], mlkem_poly *at_out);
/* K-PKE.Encrypt(ek_pke, m, r) (Alg. 14); ek's coefficients must be < q.
 * at_in: A_hat^T of this ek (from keygen's at_out), or NULL to sample it. */
void mlkem_kpke_encrypt(const mlkem_params *prm, uint8_t *ct, const uint8_t *ek,
                        const uint8_t m[32], const uint8_t r[32], const mlkem_poly *at_in);
/* K-PKE.Decrypt(dk_pke, c) (Alg. 15). */
void mlkem_kpke_decrypt(const mlkem_params *prm, uint8_t m[32], const uint8_t *dk,
                        const uint8_t *ct);

#endif
