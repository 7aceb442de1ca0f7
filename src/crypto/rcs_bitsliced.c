/*
 * Rijndael-256 (PROTOCOL.md 8.3) bitsliced, for CPUs without AES-NI and as
 * the reference the other paths are tested against.
 *
 * Two 32-byte blocks are processed at once in eight 64-bit words: word b
 * holds bit b of every byte, state byte j of block k at bit 32k + j.  With
 * j = 4c + r (row r, column c), ShiftRows rotates the bits of each row within
 * its 32-bit half, and MixColumns rotates within each 4-bit column.  SubBytes
 * is computed, not looked up: the inverse in a tower field (below), then the
 * FIPS 197 affine map.  Nothing depends on data except through AND/XOR/shift,
 * so the code is constant time.
 */
#include <string.h>

#include "rcs_impl.h"
#include "wipe.h"

typedef uint64_t bs8[8];

/*
 * SubBytes through the tower field GF((2^4)^2): GF(16) = GF(2)[z]/(z^4 + z
 * + 1), GF(256) = GF(16)[Y]/(Y^2 + Y + 8) (8 = z^3; Y^2 + Y + 8 has no root
 * in GF(16)).  The AES field maps into it by x -> w = 0x20 (= z^1 Y, a root
 * of x^8 + x^4 + x^3 + x + 1 there), a GF(2)-linear map; the inverse of
 * ah Y + al is (ah Y + (ah + al)) / D with D = 8 ah^2 + ah al + al^2, and
 * D^-1 = D^14 in GF(16).  Five GF(16) multiplications instead of four in
 * GF(256).  The two 8x8 bit matrices (IN: AES basis to tower; OUT: back,
 * composed with the FIPS 197 affine map) are derived from these definitions
 * by scripts/derive-rcs-tower, which checks them against the S-box computed
 * as affine(x^-1) for all 256 inputs; the vectors and the agreement tests
 * with the AES-NI paths check the result here.
 */
typedef uint64_t bs4[4];

/* c = a * b in GF(16): schoolbook, then z^4 = z + 1, z^5 = z^2 + z, z^6 = z^3 + z^2. */
static inline void mul16(bs4 c, const bs4 a, const bs4 b)
{
	uint64_t t0 = a[0] & b[0];
	uint64_t t1 = (a[0] & b[1]) ^ (a[1] & b[0]);
	uint64_t t2 = (a[0] & b[2]) ^ (a[1] & b[1]) ^ (a[2] & b[0]);
	uint64_t t3 = (a[0] & b[3]) ^ (a[1] & b[2]) ^ (a[2] & b[1]) ^ (a[3] & b[0]);
	uint64_t t4 = (a[1] & b[3]) ^ (a[2] & b[2]) ^ (a[3] & b[1]);
	uint64_t t5 = (a[2] & b[3]) ^ (a[3] & b[2]);
	uint64_t t6 = a[3] & b[3];
	c[0] = t0 ^ t4;
	c[1] = t1 ^ t4 ^ t5;
	c[2] = t2 ^ t5 ^ t6;
	c[3] = t3 ^ t6;
}

/* c = a^2 in GF(16) (linear): a0 + a1 z^2 + a2 (z + 1) + a3 (z^3 + z^2). */
static inline void sq16(bs4 c, const bs4 a)
{
	uint64_t c0 = a[0] ^ a[2], c2 = a[1] ^ a[3];
	c[1] = a[2];
	c[3] = a[3];
	c[0] = c0;
	c[2] = c2;
}

static void sub_bytes(bs8 q)
{
	bs4 al, ah, ls, p, s, d, d2, d4, d8, d14, sum, ch, cl;

	/* IN: AES basis to the tower (al = bits 0-3, ah = bits 4-7). */
	al[0] = q[0] ^ q[5] ^ q[7];
	al[1] = q[2];
	al[2] = q[2] ^ q[3] ^ q[4] ^ q[5] ^ q[6] ^ q[7];
	al[3] = q[3] ^ q[4];
	ah[0] = q[4] ^ q[5] ^ q[6];
	ah[1] = q[1] ^ q[4] ^ q[6] ^ q[7];
	ah[2] = q[2] ^ q[3] ^ q[5] ^ q[7];
	ah[3] = q[5] ^ q[7];

	/* D = 8 ah^2 + ah al + al^2; 8 ah^2 is linear in ah. */
	ls[0] = ah[2];
	ls[1] = ah[1] ^ ah[2] ^ ah[3];
	ls[2] = ah[1];
	ls[3] = ah[0] ^ ah[2] ^ ah[3];
	mul16(p, ah, al);
	sq16(s, al);
	for (int i = 0; i < 4; i++)
		d[i] = ls[i] ^ p[i] ^ s[i];
	/* D^14 = D^2 D^4 D^8 (0 stays 0). */
	sq16(d2, d);
	sq16(d4, d2);
	sq16(d8, d4);
	mul16(d14, d2, d4);
	mul16(d14, d14, d8);
	for (int i = 0; i < 4; i++)
		sum[i] = ah[i] ^ al[i];
	mul16(ch, ah, d14);
	mul16(cl, sum, d14);

	/* OUT: back to the AES basis and the affine map, then XOR 0x63. */
	q[0] = ~(cl[0] ^ cl[2] ^ ch[2]);
	q[1] = ~(cl[0] ^ cl[1] ^ cl[2] ^ cl[3] ^ ch[0] ^ ch[1]);
	q[2] = cl[0] ^ cl[3] ^ ch[1] ^ ch[2];
	q[3] = cl[0] ^ cl[2] ^ ch[1];
	q[4] = cl[0] ^ cl[1] ^ cl[3] ^ ch[0] ^ ch[1];
	q[5] = ~(cl[1] ^ cl[2] ^ cl[3] ^ ch[1] ^ ch[2] ^ ch[3]);
	q[6] = ~(ch[0] ^ ch[2] ^ ch[3]);
	q[7] = cl[1] ^ cl[2];
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

/* Transposes the 8x8 bit matrix whose row r is byte r of x (bit c of byte r
 * is bit 8r + c): afterwards bit c of byte r is bit r of the old byte c
 * (three delta swaps; Hacker's Delight 7-3). */
static inline uint64_t transpose8(uint64_t x)
{
	uint64_t t;
	t = (x ^ (x >> 7)) & 0x00AA00AA00AA00AAull;
	x ^= t ^ (t << 7);
	t = (x ^ (x >> 14)) & 0x0000CCCC0000CCCCull;
	x ^= t ^ (t << 14);
	t = (x ^ (x >> 28)) & 0x00000000F0F0F0F0ull;
	x ^= t ^ (t << 28);
	return x;
}

/* Bytes (two 32-byte blocks) to bit planes and back, eight bytes at a time:
 * after the transpose, byte b of the word holds bit b of the eight bytes. */
static void pack(bs8 q, const uint8_t in[64])
{
	memset(q, 0, sizeof(bs8));
	for (unsigned j = 0; j < 64; j += 8) {
		uint64_t x = 0;
		for (unsigned r = 0; r < 8; r++)
			x |= (uint64_t)in[j + r] << (8 * r);
		x = transpose8(x);
		for (unsigned b = 0; b < 8; b++)
			q[b] |= ((x >> (8 * b)) & 0xFF) << j;
	}
}

static void unpack(uint8_t out[64], const bs8 q)
{
	for (unsigned j = 0; j < 64; j += 8) {
		uint64_t x = 0;
		for (unsigned b = 0; b < 8; b++)
			x |= ((q[b] >> j) & 0xFF) << (8 * b);
		x = transpose8(x);
		for (unsigned r = 0; r < 8; r++)
			out[j + r] = (uint8_t)(x >> (8 * r));
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
