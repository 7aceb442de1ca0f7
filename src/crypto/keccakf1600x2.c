/*
 * Keccak-f[1600] (FIPS 202 3.3, 3.4) on two states at once, in plain C
 * written so that the compiler keeps the two instances of each lane in one
 * two-lane vector: every statement below is a loop over k = 0, 1 on the
 * same lane of both states, which gcc (-O2, 12 and later) and clang turn
 * into SSE2 / NEON instructions (PANDN gives chi's and-not; a rotation is
 * two shifts and an OR).  A compiler that does not vectorize runs the same
 * code on one lane at a time.  The four-way portable permutation
 * (keccak4x_ref.c) uses it on instance pairs {0, 1} and {2, 3}.
 *
 * Round structure as in keccakf1600.inc (theta, rho and pi fused into the
 * read of B, chi, iota).  No data-dependent branch or index.
 */
#include "keccak_impl.h"
#include "wipe.h"

#define ROL(x, n) (((x) << (n)) | ((x) >> ((64 - (n)) & 63)))

static const uint64_t RC[24] = {
	0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL,
	0x8000000080008000ULL, 0x000000000000808bULL, 0x0000000080000001ULL,
	0x8000000080008081ULL, 0x8000000000008009ULL, 0x000000000000008aULL,
	0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
	0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL,
	0x8000000000008003ULL, 0x8000000000008002ULL, 0x8000000000000080ULL,
	0x000000000000800aULL, 0x800000008000000aULL, 0x8000000080008081ULL,
	0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

/* One round from A into E; lane (x, y) of state k is A[x + 5y][k]. */
static inline __attribute__((always_inline)) void round2(uint64_t (*A)[2], uint64_t (*E)[2],
                                                         uint64_t rc)
{
	uint64_t C[5][2], D[5][2], B[5][2];
	for (int k = 0; k < 2; k++) {
		C[0][k] = A[0][k] ^ A[5][k] ^ A[10][k] ^ A[15][k] ^ A[20][k];
		C[1][k] = A[1][k] ^ A[6][k] ^ A[11][k] ^ A[16][k] ^ A[21][k];
		C[2][k] = A[2][k] ^ A[7][k] ^ A[12][k] ^ A[17][k] ^ A[22][k];
		C[3][k] = A[3][k] ^ A[8][k] ^ A[13][k] ^ A[18][k] ^ A[23][k];
		C[4][k] = A[4][k] ^ A[9][k] ^ A[14][k] ^ A[19][k] ^ A[24][k];
	}
	for (int k = 0; k < 2; k++) {
		D[0][k] = C[4][k] ^ ROL(C[1][k], 1);
		D[1][k] = C[0][k] ^ ROL(C[2][k], 1);
		D[2][k] = C[1][k] ^ ROL(C[3][k], 1);
		D[3][k] = C[2][k] ^ ROL(C[4][k], 1);
		D[4][k] = C[3][k] ^ ROL(C[0][k], 1);
	}
	/* row y = 0: B[x] = rho(pi^-1 lane) ^ D, then chi */
	for (int k = 0; k < 2; k++) {
		B[0][k] = A[0][k] ^ D[0][k];
		B[1][k] = ROL(A[6][k] ^ D[1][k], 44);
		B[2][k] = ROL(A[12][k] ^ D[2][k], 43);
		B[3][k] = ROL(A[18][k] ^ D[3][k], 21);
		B[4][k] = ROL(A[24][k] ^ D[4][k], 14);
		E[0][k] = B[0][k] ^ (~B[1][k] & B[2][k]);
		E[1][k] = B[1][k] ^ (~B[2][k] & B[3][k]);
		E[2][k] = B[2][k] ^ (~B[3][k] & B[4][k]);
		E[3][k] = B[3][k] ^ (~B[4][k] & B[0][k]);
		E[4][k] = B[4][k] ^ (~B[0][k] & B[1][k]);
	}
	/* row y = 1: B[x] = rho(pi^-1 lane) ^ D, then chi */
	for (int k = 0; k < 2; k++) {
		B[0][k] = ROL(A[3][k] ^ D[3][k], 28);
		B[1][k] = ROL(A[9][k] ^ D[4][k], 20);
		B[2][k] = ROL(A[10][k] ^ D[0][k], 3);
		B[3][k] = ROL(A[16][k] ^ D[1][k], 45);
		B[4][k] = ROL(A[22][k] ^ D[2][k], 61);
		E[5][k] = B[0][k] ^ (~B[1][k] & B[2][k]);
		E[6][k] = B[1][k] ^ (~B[2][k] & B[3][k]);
		E[7][k] = B[2][k] ^ (~B[3][k] & B[4][k]);
		E[8][k] = B[3][k] ^ (~B[4][k] & B[0][k]);
		E[9][k] = B[4][k] ^ (~B[0][k] & B[1][k]);
	}
	/* row y = 2: B[x] = rho(pi^-1 lane) ^ D, then chi */
	for (int k = 0; k < 2; k++) {
		B[0][k] = ROL(A[1][k] ^ D[1][k], 1);
		B[1][k] = ROL(A[7][k] ^ D[2][k], 6);
		B[2][k] = ROL(A[13][k] ^ D[3][k], 25);
		B[3][k] = ROL(A[19][k] ^ D[4][k], 8);
		B[4][k] = ROL(A[20][k] ^ D[0][k], 18);
		E[10][k] = B[0][k] ^ (~B[1][k] & B[2][k]);
		E[11][k] = B[1][k] ^ (~B[2][k] & B[3][k]);
		E[12][k] = B[2][k] ^ (~B[3][k] & B[4][k]);
		E[13][k] = B[3][k] ^ (~B[4][k] & B[0][k]);
		E[14][k] = B[4][k] ^ (~B[0][k] & B[1][k]);
	}
	/* row y = 3: B[x] = rho(pi^-1 lane) ^ D, then chi */
	for (int k = 0; k < 2; k++) {
		B[0][k] = ROL(A[4][k] ^ D[4][k], 27);
		B[1][k] = ROL(A[5][k] ^ D[0][k], 36);
		B[2][k] = ROL(A[11][k] ^ D[1][k], 10);
		B[3][k] = ROL(A[17][k] ^ D[2][k], 15);
		B[4][k] = ROL(A[23][k] ^ D[3][k], 56);
		E[15][k] = B[0][k] ^ (~B[1][k] & B[2][k]);
		E[16][k] = B[1][k] ^ (~B[2][k] & B[3][k]);
		E[17][k] = B[2][k] ^ (~B[3][k] & B[4][k]);
		E[18][k] = B[3][k] ^ (~B[4][k] & B[0][k]);
		E[19][k] = B[4][k] ^ (~B[0][k] & B[1][k]);
	}
	/* row y = 4: B[x] = rho(pi^-1 lane) ^ D, then chi */
	for (int k = 0; k < 2; k++) {
		B[0][k] = ROL(A[2][k] ^ D[2][k], 62);
		B[1][k] = ROL(A[8][k] ^ D[3][k], 55);
		B[2][k] = ROL(A[14][k] ^ D[4][k], 39);
		B[3][k] = ROL(A[15][k] ^ D[0][k], 41);
		B[4][k] = ROL(A[21][k] ^ D[1][k], 2);
		E[20][k] = B[0][k] ^ (~B[1][k] & B[2][k]);
		E[21][k] = B[1][k] ^ (~B[2][k] & B[3][k]);
		E[22][k] = B[2][k] ^ (~B[3][k] & B[4][k]);
		E[23][k] = B[3][k] ^ (~B[4][k] & B[0][k]);
		E[24][k] = B[4][k] ^ (~B[0][k] & B[1][k]);
	}
	E[0][0] ^= rc;
	E[0][1] ^= rc;
}

void qstp_keccakf1600x2(uint64_t *s, size_t stride)
{
	/* both round states in one array, wiped with one call */
	_Alignas(16) uint64_t w[2][25][2];
	uint64_t (*A)[2] = w[0], (*E)[2] = w[1];
	for (int i = 0; i < 25; i++) {
		A[i][0] = s[stride * (size_t)i];
		A[i][1] = s[stride * (size_t)i + 1];
	}
	for (int r = 0; r < 24; r += 2) {
		round2(A, E, RC[r]);
		round2(E, A, RC[r + 1]);
	}
	for (int i = 0; i < 25; i++) {
		s[stride * (size_t)i] = A[i][0];
		s[stride * (size_t)i + 1] = A[i][1];
	}
	qstp_wipe(w, sizeof w);
}
