/*
 * The four-way sponge (keccak4x.h): absorbing, squeezing and the choice of
 * permutation.  Byte access follows FIPS 202: lane i holds state bytes
 * 8i .. 8i+7, little-endian.
 */
#include <stdlib.h>
#include <string.h>

#include "keccak4x.h"
#include "cpu.h"
#include "wipe.h"
#include "endian.h"

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

static int use_avx2(void)
{
	return get_impl() != qstp_keccak4x_permute_ref;
}

int qstp_keccak4x_is_wide(void)
{
	return use_avx2();
}

static void xorlanes(qstp_keccak4x *st, const uint8_t *const in[4], size_t off, unsigned n)
{
#if defined(__x86_64__)
	if (use_avx2()) {
		qstp_keccak4x_xorlanes_avx2(st, in, off, n);
		return;
	}
#endif
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = 0; j < 4; j++)
			st->s[4 * i + j] ^= qstp_load64_le(in[j] + off + 8 * i);
}

static void extractlanes(const qstp_keccak4x *st, uint8_t *const out[4], size_t off, unsigned n)
{
#if defined(__x86_64__)
	if (use_avx2()) {
		qstp_keccak4x_extractlanes_avx2(st, out, off, n);
		return;
	}
#endif
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = 0; j < 4; j++)
			qstp_store64_le(out[j] + off + 8 * i, st->s[4 * i + j]);
}

void qstp_keccak4x_absorb_once_var(qstp_keccak4x *st, unsigned rate, const uint8_t dsbyte[4],
                                   const uint8_t *const in[4], const size_t inlen[4])
{
	size_t off = 0, blocks = inlen[0] / rate;
	for (unsigned j = 1; j < 4; j++)
		if (inlen[j] / rate != blocks)
			abort();
	memset(st->s, 0, sizeof st->s);
	for (size_t b = 0; b < blocks; b++, off += rate) {
		xorlanes(st, in, off, rate / 8);
		qstp_keccak4x_permute(st);
	}
	/* The last, partial block with the domain byte and the final pad bit
	 * (FIPS 202 B.2), XORed into the state directly: whole input words,
	 * then one word with the remaining bytes and the domain byte. */
	for (unsigned j = 0; j < 4; j++) {
		const uint8_t *p = in[j] + off;
		size_t rem = inlen[j] - off, full = rem / 8;
		uint64_t w = 0;
		for (size_t i = 0; i < full; i++)
			st->s[4 * i + j] ^= qstp_load64_le(p + 8 * i);
		for (size_t k = 0; k < rem % 8; k++)
			w |= (uint64_t)p[8 * full + k] << (8 * k);
		w |= (uint64_t)dsbyte[j] << (8 * (rem % 8));
		st->s[4 * full + j] ^= w;
		st->s[4 * (rate / 8 - 1) + j] ^= 0x80ULL << 56;
	}
}

void qstp_keccak4x_absorb_once(qstp_keccak4x *st, unsigned rate, uint8_t dsbyte,
                               const uint8_t *const in[4], size_t inlen)
{
	const uint8_t ds[4] = { dsbyte, dsbyte, dsbyte, dsbyte };
	const size_t len[4] = { inlen, inlen, inlen, inlen };
	qstp_keccak4x_absorb_once_var(st, rate, ds, in, len);
}

void qstp_keccak4x_squeezeblocks(qstp_keccak4x *st, unsigned rate, uint8_t *const out[4],
                                 size_t nblocks)
{
	for (size_t b = 0; b < nblocks; b++) {
		qstp_keccak4x_permute(st);
		extractlanes(st, out, b * rate, rate / 8);
	}
}

void qstp_keccak4x_extract(const qstp_keccak4x *st, uint8_t *const out[4], unsigned nlanes)
{
	extractlanes(st, out, 0, nlanes);
}

void qstp_keccak4x_wipe(qstp_keccak4x *st)
{
	qstp_wipe(st, sizeof *st);
}
