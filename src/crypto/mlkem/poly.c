/*
 * ML-KEM polynomials: the choice of NTT implementation, element-wise
 * arithmetic, ByteEncode/ByteDecode (Alg. 5, 6), Compress/Decompress (4.7)
 * and the message encoding.  All of it is constant time: loops run a fixed
 * number of times, and compression divides by q with a multiply-shift
 * instead of a division instruction (whose time may depend on the operand).
 */
#include <string.h>

#include "mlkem_internal.h"
#include "../cpu.h"
#include "../wipe.h"

int mlkem_use_avx2(void)
{
#if defined(__x86_64__)
	return (qstp_cpu_features() & QSTP_CPU_AVX2) != 0;
#else
	return 0;
#endif
}

void mlkem_poly_ntt(mlkem_poly *a)
{
#if defined(__x86_64__)
	if (mlkem_use_avx2()) {
		mlkem_ntt_avx2(a->c);
		return;
	}
#endif
	mlkem_ntt_ref(a->c);
}

void mlkem_poly_invntt_tomont(mlkem_poly *a)
{
#if defined(__x86_64__)
	if (mlkem_use_avx2()) {
		mlkem_invntt_avx2(a->c);
		return;
	}
#endif
	mlkem_invntt_ref(a->c);
}

void mlkem_polyvec_basemul_acc(mlkem_poly *r, const mlkem_poly *a, const mlkem_poly *b,
                               unsigned k)
{
#if defined(__x86_64__)
	if (mlkem_use_avx2()) {
		mlkem_basemul_acc_avx2(r->c, a, b, k);
		return;
	}
#endif
	mlkem_basemul_acc_ref(r->c, a, b, k);
}

void mlkem_poly_tomont(mlkem_poly *a)
{
#if defined(__x86_64__)
	if (mlkem_use_avx2()) {
		mlkem_tomont_avx2(a->c);
		return;
	}
#endif
	mlkem_tomont_ref(a->c);
}

void mlkem_poly_add(mlkem_poly *r, const mlkem_poly *a)
{
	for (unsigned i = 0; i < MLKEM_N; i++)
		r->c[i] = (int16_t)(r->c[i] + a->c[i]);
}

void mlkem_poly_sub(mlkem_poly *r, const mlkem_poly *a)
{
	for (unsigned i = 0; i < MLKEM_N; i++)
		r->c[i] = (int16_t)(a->c[i] - r->c[i]);
}

void mlkem_poly_reduce(mlkem_poly *r)
{
	for (unsigned i = 0; i < MLKEM_N; i++)
		r->c[i] = mlkem_barrett_reduce(r->c[i]);
}

void mlkem_poly_canon(mlkem_poly *r)
{
#if defined(__x86_64__)
	if (mlkem_use_avx2()) {
		mlkem_poly_canon_avx2(r);
		return;
	}
#endif
	mlkem_poly_canon_ref(r);
}

/* Barrett gives (-q/2, q/2); adding q under the sign mask gives [0, q). */
void mlkem_poly_canon_ref(mlkem_poly *r)
{
	for (unsigned i = 0; i < MLKEM_N; i++) {
		int16_t a = mlkem_barrett_reduce(r->c[i]);
		a = (int16_t)(a + ((a >> 15) & MLKEM_Q));
		r->c[i] = a;
	}
}

/* Two 12-bit values per three bytes, little-endian bit order (Alg. 5). */
void mlkem_poly_tobytes(uint8_t out[MLKEM_POLY_BYTES], const mlkem_poly *a)
{
	for (unsigned i = 0; i < MLKEM_N / 2; i++) {
		uint16_t t0 = (uint16_t)a->c[2 * i], t1 = (uint16_t)a->c[2 * i + 1];
		out[3 * i] = (uint8_t)t0;
		out[3 * i + 1] = (uint8_t)((t0 >> 8) | (t1 << 4));
		out[3 * i + 2] = (uint8_t)(t1 >> 4);
	}
}

void mlkem_poly_frombytes(mlkem_poly *r, const uint8_t in[MLKEM_POLY_BYTES])
{
	for (unsigned i = 0; i < MLKEM_N / 2; i++) {
		const uint8_t *p = in + 3 * i;
		r->c[2 * i] = (int16_t)((p[0] | ((uint16_t)p[1] << 8)) & 0xFFF);
		r->c[2 * i + 1] = (int16_t)((p[1] >> 4) | ((uint16_t)p[2] << 4));
	}
}

/* ByteEncode_12(ByteDecode_12(in)) == in exactly when every value is < q,
 * so testing the values is the check of 7.2.  Public data: no need for
 * constant time, but there is no early exit either. */
int mlkem_poly_bytes_reduced(const uint8_t in[MLKEM_POLY_BYTES])
{
	mlkem_poly t;
	unsigned bad = 0;
	mlkem_poly_frombytes(&t, in);
	for (unsigned i = 0; i < MLKEM_N; i++)
		bad |= (unsigned)(t.c[i] >= MLKEM_Q);
	return bad == 0;
}

/* ByteEncode_d: 256 values of d bits, least significant bit first. */
static void pack_bits(uint8_t *out, const uint16_t *v, unsigned d)
{
	uint32_t acc = 0;
	unsigned bits = 0, o = 0;
	for (unsigned i = 0; i < MLKEM_N; i++) {
		acc |= (uint32_t)v[i] << bits;
		bits += d;
		while (bits >= 8) {
			out[o++] = (uint8_t)acc;
			acc >>= 8;
			bits -= 8;
		}
	}
}

static void unpack_bits(uint16_t *v, const uint8_t *in, unsigned d)
{
	uint32_t acc = 0;
	unsigned bits = 0, o = 0;
	for (unsigned i = 0; i < MLKEM_N; i++) {
		while (bits < d) {
			acc |= (uint32_t)in[o++] << bits;
			bits += 8;
		}
		v[i] = (uint16_t)(acc & ((1u << d) - 1));
		acc >>= d;
		bits -= d;
	}
}

void mlkem_poly_compress(uint8_t *out, const mlkem_poly *a, unsigned d)
{
	uint16_t v[MLKEM_N];
	for (unsigned i = 0; i < MLKEM_N; i++)
		v[i] = mlkem_compress((uint16_t)a->c[i], d);
	pack_bits(out, v, d);
	qstp_wipe(v, sizeof v); /* in Decaps these are the re-encryption's values */
}

void mlkem_poly_decompress(mlkem_poly *r, const uint8_t *in, unsigned d)
{
	uint16_t v[MLKEM_N];
	unpack_bits(v, in, d);
	for (unsigned i = 0; i < MLKEM_N; i++)
		r->c[i] = (int16_t)mlkem_decompress(v[i], d);
}

/* Decompress_1 maps bit b to b * round(q/2) = b * 1665, as a mask. */
void mlkem_poly_frommsg(mlkem_poly *r, const uint8_t m[MLKEM_MSG_BYTES])
{
	for (unsigned i = 0; i < MLKEM_N; i++) {
		int16_t mask = (int16_t)-(int16_t)((m[i / 8] >> (i % 8)) & 1);
		r->c[i] = (int16_t)(mask & ((MLKEM_Q + 1) / 2));
	}
}

void mlkem_poly_tomsg(uint8_t m[MLKEM_MSG_BYTES], const mlkem_poly *a)
{
	memset(m, 0, MLKEM_MSG_BYTES);
	for (unsigned i = 0; i < MLKEM_N; i++)
		m[i / 8] |= (uint8_t)(mlkem_compress((uint16_t)a->c[i], 1) << (i % 8));
}
