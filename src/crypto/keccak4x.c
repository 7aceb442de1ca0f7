/*
 * The four-way sponge (keccak4x.h): absorbing, squeezing and the choice of
 * permutation.  Byte access follows FIPS 202: lane i holds state bytes
 * 8i .. 8i+7, little-endian.
 */
#include <string.h>

#include "keccak4x.h"
#include "cpu.h"
#include "wipe.h"

typedef void (*perm4_fn)(qstp_keccak4x *st);

static perm4_fn impl;
static const char *impl_name;

static perm4_fn get_impl(void)
{
	perm4_fn f = __atomic_load_n(&impl, __ATOMIC_ACQUIRE);
	if (f == NULL) {
		const char *n = "ref";
		f = qstp_keccak4x_permute_ref;
#if defined(__x86_64__)
		if (qstp_cpu_features() & QSTP_CPU_AVX2) {
			n = "avx2";
			f = qstp_keccak4x_permute_avx2;
		}
#endif
		__atomic_store_n(&impl_name, n, __ATOMIC_RELAXED);
		__atomic_store_n(&impl, f, __ATOMIC_RELEASE);
	}
	return f;
}

void qstp_keccak4x_permute(qstp_keccak4x *st)
{
	get_impl()(st);
}

const char *qstp_keccak4x_impl(void)
{
	get_impl();
	return __atomic_load_n(&impl_name, __ATOMIC_RELAXED);
}

static inline uint64_t load64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static inline void store64(uint8_t *p, uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	memcpy(p, &v, 8);
}

void qstp_keccak4x_absorb_once(qstp_keccak4x *st, unsigned rate, uint8_t dsbyte,
                               const uint8_t *const in[4], size_t inlen)
{
	size_t off = 0;
	memset(st->s, 0, sizeof st->s);
	while (inlen - off >= rate) {
		for (unsigned i = 0; i < rate / 8; i++)
			for (unsigned j = 0; j < 4; j++)
				st->s[4 * i + j] ^= load64(in[j] + off + 8 * i);
		qstp_keccak4x_permute(st);
		off += rate;
	}
	/* The last, partial block with the domain byte and the final pad bit
	 * (FIPS 202 B.2). */
	size_t rem = inlen - off;
	for (unsigned j = 0; j < 4; j++) {
		uint8_t blk[QSTP_SHAKE128_RATE];
		memset(blk, 0, rate);
		memcpy(blk, in[j] + off, rem);
		blk[rem] = dsbyte;
		blk[rate - 1] |= 0x80;
		for (unsigned i = 0; i < rate / 8; i++)
			st->s[4 * i + j] ^= load64(blk + 8 * i);
		qstp_wipe(blk, sizeof blk);
	}
}

void qstp_keccak4x_squeezeblocks(qstp_keccak4x *st, unsigned rate, uint8_t *const out[4],
                                 size_t nblocks)
{
	for (size_t b = 0; b < nblocks; b++) {
		qstp_keccak4x_permute(st);
		for (unsigned i = 0; i < rate / 8; i++)
			for (unsigned j = 0; j < 4; j++)
				store64(out[j] + b * rate + 8 * i, st->s[4 * i + j]);
	}
}

void qstp_keccak4x_wipe(qstp_keccak4x *st)
{
	qstp_wipe(st, sizeof *st);
}
