/*
 * Keccak-f[1600] (FIPS 202 3.3, 3.4) on two states at once, in plain C with
 * the GNU vector extension: lane (x, y) of both states is one two-lane
 * vector of uint64_t, so that gcc and clang use SSE2 on x86-64 (PANDN gives
 * chi's and-not; a rotation is two shifts and an OR) and NEON on AArch64; a
 * target without vectors gets the same code on one lane at a time.  The
 * four-way portable permutation (keccak4x_ref.c) uses it on instance pairs
 * {0, 1} and {2, 3}.
 *
 * The 25 lanes live in local variables (two sets, A.. and E.., for the two
 * rounds of each loop pass), not in an array the loop indexes through
 * pointers: the compiler then keeps as many as fit in registers and spills
 * the rest to fixed stack slots, which takes about a tenth fewer
 * instructions than the array form.  Like keccakf1600.inc, the lanes'
 * register spills are not wiped here (C cannot name them); the callers wipe
 * the states they own.
 *
 * Round structure as in keccakf1600.inc (theta, rho and pi fused into the
 * read of B, chi, iota).  No data-dependent branch or index.
 */
#include "keccak_impl.h"

typedef uint64_t v2 __attribute__((vector_size(16)));

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

/* 0 < n < 64 */
#define ROLV(x, n) (((x) << (n)) | ((x) >> (64 - (n))))

/* One chi row: E[0..4] from B0..B4. */
#define CHI(E, a, e, i, o, u)                                                    \
	do {                                                                     \
		E##a = B0 ^ (~B1 & B2);                                          \
		E##e = B1 ^ (~B2 & B3);                                          \
		E##i = B2 ^ (~B3 & B4);                                          \
		E##o = B3 ^ (~B4 & B0);                                          \
		E##u = B4 ^ (~B0 & B1);                                          \
	} while (0)

/* One round from lanes A.. into lanes E.. (row letter b, g, k, m, s for
 * y = 0..4, then column a, e, i, o, u for x = 0..4), iota constant rc. */
#define ROUND2(A, E, rc)                                                         \
	do {                                                                     \
		v2 Ca = A##ba ^ A##ga ^ A##ka ^ A##ma ^ A##sa;                   \
		v2 Ce = A##be ^ A##ge ^ A##ke ^ A##me ^ A##se;                   \
		v2 Ci = A##bi ^ A##gi ^ A##ki ^ A##mi ^ A##si;                   \
		v2 Co = A##bo ^ A##go ^ A##ko ^ A##mo ^ A##so;                   \
		v2 Cu = A##bu ^ A##gu ^ A##ku ^ A##mu ^ A##su;                   \
		v2 Da = Cu ^ ROLV(Ce, 1);                                        \
		v2 De = Ca ^ ROLV(Ci, 1);                                        \
		v2 Di = Ce ^ ROLV(Co, 1);                                        \
		v2 Do = Ci ^ ROLV(Cu, 1);                                        \
		v2 Du = Co ^ ROLV(Ca, 1);                                        \
		v2 B0, B1, B2, B3, B4;                                           \
		B0 = A##ba ^ Da;                                                 \
		B1 = ROLV(A##ge ^ De, 44);                                       \
		B2 = ROLV(A##ki ^ Di, 43);                                       \
		B3 = ROLV(A##mo ^ Do, 21);                                       \
		B4 = ROLV(A##su ^ Du, 14);                                       \
		CHI(E, ba, be, bi, bo, bu);                                      \
		E##ba ^= (rc);                                                   \
		B0 = ROLV(A##bo ^ Do, 28);                                       \
		B1 = ROLV(A##gu ^ Du, 20);                                       \
		B2 = ROLV(A##ka ^ Da, 3);                                        \
		B3 = ROLV(A##me ^ De, 45);                                       \
		B4 = ROLV(A##si ^ Di, 61);                                       \
		CHI(E, ga, ge, gi, go, gu);                                      \
		B0 = ROLV(A##be ^ De, 1);                                        \
		B1 = ROLV(A##gi ^ Di, 6);                                        \
		B2 = ROLV(A##ko ^ Do, 25);                                       \
		B3 = ROLV(A##mu ^ Du, 8);                                        \
		B4 = ROLV(A##sa ^ Da, 18);                                       \
		CHI(E, ka, ke, ki, ko, ku);                                      \
		B0 = ROLV(A##bu ^ Du, 27);                                       \
		B1 = ROLV(A##ga ^ Da, 36);                                       \
		B2 = ROLV(A##ke ^ De, 10);                                       \
		B3 = ROLV(A##mi ^ Di, 15);                                       \
		B4 = ROLV(A##so ^ Do, 56);                                       \
		CHI(E, ma, me, mi, mo, mu);                                      \
		B0 = ROLV(A##bi ^ Di, 62);                                       \
		B1 = ROLV(A##go ^ Do, 55);                                       \
		B2 = ROLV(A##ku ^ Du, 39);                                       \
		B3 = ROLV(A##ma ^ Da, 41);                                       \
		B4 = ROLV(A##se ^ De, 2);                                        \
		CHI(E, sa, se, si, so, su);                                      \
	} while (0)

/* The 25 lane names in index order x + 5y. */
#define LANES(X)                                                                 \
	X(ba, 0) X(be, 1) X(bi, 2) X(bo, 3) X(bu, 4) X(ga, 5) X(ge, 6) X(gi, 7)   \
	X(go, 8) X(gu, 9) X(ka, 10) X(ke, 11) X(ki, 12) X(ko, 13) X(ku, 14)      \
	X(ma, 15) X(me, 16) X(mi, 17) X(mo, 18) X(mu, 19) X(sa, 20) X(se, 21)    \
	X(si, 22) X(so, 23) X(su, 24)

#define DECL(n, i) v2 A##n, E##n;
#define LOAD(n, i) A##n = (v2){ s[stride * (i)], s[stride * (i) + 1] };
#define STORE(n, i)                                                              \
	s[stride * (i)] = A##n[0];                                               \
	s[stride * (i) + 1] = A##n[1];

void qstp_keccakf1600x2(uint64_t *s, size_t stride)
{
	LANES(DECL)
	LANES(LOAD)
	for (int r = 0; r < 24; r += 2) {
		const v2 rc0 = { RC[r], RC[r] }, rc1 = { RC[r + 1], RC[r + 1] };
		ROUND2(A, E, rc0);
		ROUND2(E, A, rc1);
	}
	LANES(STORE)
}
