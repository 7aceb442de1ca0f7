/*
 * Rijndael-256 (PROTOCOL.md 8.3) bitsliced, for CPUs without AES-NI and as
 * the reference the other paths are tested against.
 *
 * Two 32-byte blocks are processed at once in eight 64-bit words: word b
 * holds bit b of every byte, state byte j of block k at bit 32k + j.  With
 * j = 4c + r (row r, column c), ShiftRows rotates the bits of each row within
 * its 32-bit half, and MixColumns rotates within each 4-bit column.  SubBytes
 * is computed, not looked up: the inverse in GF(2^8) as x^254 with bitsliced
 * multiplications, then the FIPS 197 affine map.  Nothing depends on data
 * except through AND/XOR/shift, so the code is constant time.
 */
#include <string.h>

#include "rcs_impl.h"
#include "wipe.h"

typedef uint64_t bs8[8];

/* c = a * b in GF(2^8) mod x^8 + x^4 + x^3 + x + 1 (FIPS 197 4.2), bitsliced. */
static void gf_mul(bs8 c, const bs8 a, const bs8 b)
{
	uint64_t t[15] = { 0 };
	for (int i = 0; i < 8; i++)
		for (int j = 0; j < 8; j++)
			t[i + j] ^= a[i] & b[j];
	/* x^k = x^(k-4) + x^(k-5) + x^(k-7) + x^(k-8) for k >= 8. */
	for (int k = 14; k >= 8; k--) {
		t[k - 4] ^= t[k];
		t[k - 5] ^= t[k];
		t[k - 7] ^= t[k];
		t[k - 8] ^= t[k];
	}
	memcpy(c, t, sizeof(bs8));
}

/* c = a^2: squaring is linear over GF(2); column i is x^(2i) reduced
 * (x^8 = 1B, x^10 = 6C, x^12 = AB, x^14 = 9A). */
static void gf_sq(bs8 c, const bs8 a)
{
	uint64_t r0 = a[0] ^ a[4] ^ a[6];
	uint64_t r1 = a[4] ^ a[6] ^ a[7];
	uint64_t r2 = a[1] ^ a[5];
	uint64_t r3 = a[4] ^ a[5] ^ a[6] ^ a[7];
	uint64_t r4 = a[2] ^ a[4] ^ a[7];
	uint64_t r5 = a[5] ^ a[6];
	uint64_t r6 = a[3] ^ a[5];
	uint64_t r7 = a[6] ^ a[7];
	c[0] = r0; c[1] = r1; c[2] = r2; c[3] = r3;
	c[4] = r4; c[5] = r5; c[6] = r6; c[7] = r7;
}

static void gf_sqn(bs8 c, const bs8 a, int n)
{
	gf_sq(c, a);
	while (--n > 0)
		gf_sq(c, c);
}

/* The AES S-box on all 64 bytes: x^254 (the inverse, 0 -> 0), then
 * b_i ^ b_(i+4) ^ b_(i+5) ^ b_(i+6) ^ b_(i+7) ^ 63_i (FIPS 197 5.1.1). */
static void sub_bytes(bs8 q)
{
	bs8 x2, x3, x12, x15, x240, t;

	gf_sq(x2, q);
	gf_mul(x3, x2, q);
	gf_sqn(x12, x3, 2);
	gf_mul(x15, x12, x3);
	gf_sqn(x240, x15, 4);
	gf_mul(t, x240, x12);  /* x^252 */
	gf_mul(t, t, x2);      /* x^254 */
	for (int i = 0; i < 8; i++)
		q[i] = t[i] ^ t[(i + 4) & 7] ^ t[(i + 5) & 7] ^ t[(i + 6) & 7] ^ t[(i + 7) & 7];
	q[0] = ~q[0];
	q[1] = ~q[1];
	q[5] = ~q[5];
	q[6] = ~q[6];
}

/* Rotate right by k bits inside each 32-bit half (0 < k < 32). */
static inline uint64_t rotr_halves(uint64_t v, unsigned k)
{
	uint64_t m = (0xFFFFFFFFu >> k) * 0x0000000100000001ull;
	return ((v >> k) & m) | ((v << (32 - k)) & ~m);
}

/* ShiftRows with row offsets 0, 1, 3, 4 (8.3): new[4c+r] = old[4(c+off_r)+r]. */
static void shift_rows(bs8 q)
{
	const uint64_t row = 0x1111111111111111ull;
	for (int i = 0; i < 8; i++) {
		uint64_t v = q[i];
		q[i] = (v & row) | rotr_halves(v & (row << 1), 4) |
		       rotr_halves(v & (row << 2), 12) | rotr_halves(v & (row << 3), 16);
	}
}

/* Within every 4-bit column: new bit r = old bit (r + k) mod 4. */
static inline uint64_t rot_col(uint64_t v, unsigned k)
{
	static const uint64_t lo[4] = { 0, 0x7777777777777777ull, 0x3333333333333333ull,
		                        0x1111111111111111ull };
	return ((v >> k) & lo[k]) | ((v << (4 - k)) & ~lo[k]);
}

/* MixColumns: out_r = 2 a_r + 3 a_(r+1) + a_(r+2) + a_(r+3)
 *                   = 2 (a_r + a_(r+1)) + a_(r+1) + (a_(r+2) + a_(r+3)). */
static void mix_columns(bs8 q)
{
	bs8 t, r1;
	for (int i = 0; i < 8; i++) {
		r1[i] = rot_col(q[i], 1);
		t[i] = q[i] ^ r1[i];
	}
	/* xtime(t): multiply by x, reduce with 1B. */
	uint64_t x[8];
	x[0] = t[7];
	x[1] = t[0] ^ t[7];
	x[2] = t[1];
	x[3] = t[2] ^ t[7];
	x[4] = t[3] ^ t[7];
	x[5] = t[4];
	x[6] = t[5];
	x[7] = t[6];
	for (int i = 0; i < 8; i++)
		q[i] = x[i] ^ r1[i] ^ rot_col(t[i], 2);
}

/* Bytes (two 32-byte blocks) to bit planes and back. */
static void pack(bs8 q, const uint8_t in[64])
{
	memset(q, 0, sizeof(bs8));
	for (unsigned j = 0; j < 64; j++)
		for (unsigned b = 0; b < 8; b++)
			q[b] |= (uint64_t)((in[j] >> b) & 1u) << j;
}

static void unpack(uint8_t out[64], const bs8 q)
{
	for (unsigned j = 0; j < 64; j++) {
		unsigned v = 0;
		for (unsigned b = 0; b < 8; b++)
			v |= (unsigned)((q[b] >> j) & 1u) << b;
		out[j] = (uint8_t)v;
	}
}

/* Encrypts the two blocks in q with the bitsliced round keys rk[0..rounds]. */
static void encrypt2(bs8 q, const bs8 *rk, unsigned rounds)
{
	for (int b = 0; b < 8; b++)
		q[b] ^= rk[0][b];
	for (unsigned i = 1; i < rounds; i++) {
		sub_bytes(q);
		shift_rows(q);
		mix_columns(q);
		for (int b = 0; b < 8; b++)
			q[b] ^= rk[i][b];
	}
	sub_bytes(q);
	shift_rows(q);
	for (int b = 0; b < 8; b++)
		q[b] ^= rk[rounds][b];
}

enum { MAX_ROUNDS = 30 };

void qstp_rcs_ctr_portable(const uint8_t *rk, unsigned rounds, uint8_t ctr[32], uint8_t *out,
                           const uint8_t *in, size_t len)
{
	bs8 keys[MAX_ROUNDS + 1], q;
	uint8_t blk[64];

	if (rounds > MAX_ROUNDS)
		__builtin_trap(); /* only 22 and 30 are used */
	/* The same round key in both halves. */
	for (unsigned i = 0; i <= rounds; i++) {
		memcpy(blk, rk + 32 * i, 32);
		memcpy(blk + 32, rk + 32 * i, 32);
		pack(keys[i], blk);
	}
	while (len > 0) {
		memcpy(blk, ctr, 32);
		qstp_rcs_ctr_inc(ctr);
		memcpy(blk + 32, ctr, 32);
		pack(q, blk);
		encrypt2(q, (const bs8 *)keys, rounds);
		unpack(blk, q);
		size_t n = len < 64 ? len : 64;
		if (n > 32)
			qstp_rcs_ctr_inc(ctr); /* the second block was used */
		for (size_t i = 0; i < n; i++)
			out[i] = in[i] ^ blk[i];
		out += n;
		in += n;
		len -= n;
	}
	qstp_wipe(keys, sizeof keys);
	qstp_wipe(q, sizeof q);
	qstp_wipe(blk, sizeof blk);
}
