/* The four-way Keccak: each instance equals the single-state SHAKE of its
 * own input (for input lengths around the block boundaries), and the AVX2
 * permutation equals the portable one on random states. */
#include "test.h"

#include "qstp/keccak.h"
#include "crypto/keccak4x.h"

static uint64_t rng = 12345;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void check_shake(unsigned rate, size_t inlen, size_t blocks)
{
	uint8_t in[4][400], out[4][3 * 168], want[3 * 168];
	for (int j = 0; j < 4; j++)
		for (size_t i = 0; i < inlen; i++)
			in[j][i] = (uint8_t)rnd();
	const uint8_t *ip[4] = { in[0], in[1], in[2], in[3] };
	uint8_t *op[4] = { out[0], out[1], out[2], out[3] };
	qstp_keccak4x st;
	qstp_keccak4x_absorb_once(&st, rate, 0x1F, ip, inlen);
	/* squeeze in two calls to check that the state carries over */
	qstp_keccak4x_squeezeblocks(&st, rate, op, 1);
	uint8_t *op2[4] = { out[0] + rate, out[1] + rate, out[2] + rate, out[3] + rate };
	qstp_keccak4x_squeezeblocks(&st, rate, op2, blocks - 1);
	for (int j = 0; j < 4; j++) {
		if (rate == QSTP_SHAKE128_RATE)
			qstp_shake128(want, blocks * rate, in[j], inlen);
		else
			qstp_shake256(want, blocks * rate, in[j], inlen);
		CHECK_MEM(out[j], want, blocks * rate);
	}
}

TEST(shake_x4_matches_single)
{
	static const size_t lens[] = { 0, 1, 33, 34, 66, 135, 136, 137, 167, 168, 169, 300, 400 };
	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		check_shake(QSTP_SHAKE128_RATE, lens[i], 3);
		if (test_failed_flag)
			return;
		check_shake(QSTP_SHAKE256_RATE, lens[i], 2);
		if (test_failed_flag)
			return;
	}
}

TEST(permute_ref_matches_single)
{
	qstp_keccak4x st;
	uint64_t a[4][25];
	for (int i = 0; i < 100; i++)
		st.s[i] = rnd();
	for (int j = 0; j < 4; j++)
		for (int i = 0; i < 25; i++)
			a[j][i] = st.s[4 * i + j];
	qstp_keccak4x_permute_ref(&st);
	for (int j = 0; j < 4; j++) {
		qstp_keccakf1600_ref(a[j]);
		for (int i = 0; i < 25; i++)
			CHECK(a[j][i] == st.s[4 * i + j]);
	}
}

#if defined(__x86_64__)
TEST(permute_avx2_matches_ref)
{
	__builtin_cpu_init();
	if (!__builtin_cpu_supports("avx2")) {
		printf("  (no AVX2 on this CPU: comparison skipped)\n");
		return;
	}
	for (int t = 0; t < 200; t++) {
		qstp_keccak4x x, y;
		for (int i = 0; i < 100; i++)
			x.s[i] = rnd();
		y = x;
		qstp_keccak4x_permute_ref(&x);
		qstp_keccak4x_permute_avx2(&y);
		CHECK_MEM(x.s, y.s, sizeof x.s);
	}
}
#endif
