/*
 * The Keccak sponge (FIPS 202 4, 5.1) over Keccak-f[1600], with bit-oriented
 * input support, and the selection of the permutation implementation.
 */
#include <string.h>

#include "qstp/keccak.h"
#include "cpu.h"
#include "keccak_impl.h"
#include "wipe.h"
#include "endian.h"

typedef void (*keccakf_fn)(uint64_t a[25]);

static keccakf_fn select_impl(const char **name)
{
#if defined(__x86_64__)
	if (qstp_cpu_features() & QSTP_CPU_BMI2) {
		*name = "bmi2asm";
		return qstp_keccakf1600_bmi2asm;
	}
#endif
	*name = "ref";
	return qstp_keccakf1600_ref;
}

static keccakf_fn impl;
static const char *impl_name;

static keccakf_fn get_impl(void)
{
	keccakf_fn f = __atomic_load_n(&impl, __ATOMIC_ACQUIRE);
	if (f == NULL) {
		const char *n;
		f = select_impl(&n);
		__atomic_store_n(&impl_name, n, __ATOMIC_RELAXED);
		__atomic_store_n(&impl, f, __ATOMIC_RELEASE);
	}
	return f;
}

void qstp_keccakf1600(uint64_t a[25])
{
	get_impl()(a);
}

/* Rates (in lanes) the assembly absorbs (keccakf1600_x86_64.S). */
static int asm_absorbs(unsigned lanes)
{
	return lanes == 17 || lanes == 9 || lanes == 21 || lanes == 18 || lanes == 13;
}

void qstp_keccakf1600_absorb(uint64_t a[25], const uint8_t *in, size_t nblocks,
                             unsigned rate_lanes)
{
	keccakf_fn f = get_impl();
#if defined(__x86_64__)
	if (f == qstp_keccakf1600_bmi2asm && asm_absorbs(rate_lanes)) {
		qstp_keccakf1600_absorb_bmi2asm(a, in, nblocks, rate_lanes);
		return;
	}
#endif
	for (; nblocks > 0; nblocks--) {
		for (unsigned i = 0; i < rate_lanes; i++)
			a[i] ^= qstp_load64_le(in + 8 * i);
		f(a);
		in += 8 * (size_t)rate_lanes;
	}
}

const char *qstp_keccakf1600_impl(void)
{
	get_impl();
	return __atomic_load_n(&impl_name, __ATOMIC_RELAXED);
}

/* --- state byte access in the FIPS 202 byte order (little-endian lanes) --- */

static inline void xor_byte(uint64_t a[25], unsigned i, uint8_t b)
{
	a[i >> 3] ^= (uint64_t)b << (8 * (i & 7));
}

static inline uint8_t get_byte(const uint64_t a[25], unsigned i)
{
	return (uint8_t)(a[i >> 3] >> (8 * (i & 7)));
}

/* XOR len bytes of in into the state starting at byte offset pos. */
static void xor_bytes(uint64_t a[25], unsigned pos, const uint8_t *in, size_t len)
{
	while (len > 0 && (pos & 7) != 0) {
		xor_byte(a, pos++, *in++);
		len--;
	}
	while (len >= 8) {
		a[pos >> 3] ^= qstp_load64_le(in);
		pos += 8;
		in += 8;
		len -= 8;
	}
	while (len > 0) {
		xor_byte(a, pos++, *in++);
		len--;
	}
}

void qstp_keccak_init(qstp_keccak *k, unsigned rate, uint8_t dsbyte)
{
	memset(k, 0, sizeof *k);
	k->rate = (uint16_t)rate;
	k->dsbyte = dsbyte;
}

/* Byte-aligned absorb: the hot path. */
static void absorb_bytes(qstp_keccak *k, const uint8_t *in, size_t len)
{
	keccakf_fn f = get_impl();
	unsigned rate = k->rate, pos = k->pos;

	if (pos != 0) {
		size_t n = rate - pos;
		if (n > len)
			n = len;
		xor_bytes(k->a, pos, in, n);
		pos += (unsigned)n;
		in += n;
		len -= n;
		if (pos == rate) {
			f(k->a);
			pos = 0;
		}
	}
	if ((rate & 7) == 0) {
		size_t nblocks = len / rate;
		qstp_keccakf1600_absorb(k->a, in, nblocks, rate >> 3);
		in += nblocks * rate;
		len -= nblocks * rate;
	} else {
		while (len >= rate) {
			xor_bytes(k->a, 0, in, rate);
			f(k->a);
			in += rate;
			len -= rate;
		}
	}
	if (len > 0) {
		xor_bytes(k->a, 0, in, len);
		pos = (unsigned)len;
	}
	k->pos = (uint16_t)pos;
}

/* Absorb one byte when bits are pending: shift it in behind them. */
static void absorb_shifted(qstp_keccak *k, const uint8_t *in, size_t len)
{
	unsigned s = k->pbits;
	for (size_t i = 0; i < len; i++) {
		uint8_t out = (uint8_t)(k->partial | (in[i] << s));
		k->partial = (uint8_t)(in[i] >> (8 - s));
		absorb_bytes(k, &out, 1);
	}
}

void qstp_keccak_absorb(qstp_keccak *k, const uint8_t *in, size_t len)
{
	if (k->squeezing) {
		k->squeezing = 2; /* poisoned: absorbing after squeezing is a bug */
		return;
	}
	if (k->pbits == 0)
		absorb_bytes(k, in, len);
	else
		absorb_shifted(k, in, len);
}

void qstp_keccak_absorb_bits(qstp_keccak *k, const uint8_t *in, uint64_t nbits)
{
	size_t whole = (size_t)(nbits / 8);
	unsigned rest = (unsigned)(nbits % 8);

	qstp_keccak_absorb(k, in, whole);
	if (rest == 0 || k->squeezing)
		return;
	/* rest low bits of the last byte join the pending bits. */
	unsigned v = (unsigned)k->partial | ((in[whole] & ((1u << rest) - 1)) << k->pbits);
	unsigned n = k->pbits + rest;
	if (n >= 8) {
		uint8_t out = (uint8_t)v;
		absorb_bytes(k, &out, 1);
		v >>= 8;
		n -= 8;
	}
	k->partial = (uint8_t)v;
	k->pbits = (uint8_t)n;
}

void qstp_keccak_finalize(qstp_keccak *k)
{
	if (k->squeezing)
		return;
	keccakf_fn f = get_impl();
	unsigned rate = k->rate;
	/* Pending message bits, then the domain suffix and the first pad bit
	 * (dsbyte holds both, FIPS 202 B.2): up to 7 + 8 bits. */
	unsigned v = (unsigned)k->partial | ((unsigned)k->dsbyte << k->pbits);
	xor_byte(k->a, k->pos, (uint8_t)v);
	unsigned last_one_bit = 8 * k->pos + 31 - (unsigned)__builtin_clz(v);
	if ((v >> 8) != 0) {
		if (k->pos + 1u == rate) {
			f(k->a);
			xor_byte(k->a, 0, (uint8_t)(v >> 8));
			last_one_bit = 31 - (unsigned)__builtin_clz(v >> 8);
		} else {
			xor_byte(k->a, k->pos + 1u, (uint8_t)(v >> 8));
		}
	}
	/* pad10*1 needs its final 1 after the first: if the first landed on the
	 * block's last bit, the final 1 goes into the next block. */
	if (last_one_bit == 8 * rate - 1)
		f(k->a);
	xor_byte(k->a, rate - 1, 0x80);
	k->pos = (uint16_t)rate; /* the first squeeze permutes */
	k->partial = 0;
	k->pbits = 0;
	k->squeezing = 1;
}

void qstp_keccak_squeeze(qstp_keccak *k, uint8_t *out, size_t len)
{
	if (k->squeezing == 0)
		qstp_keccak_finalize(k);
	keccakf_fn f = get_impl();
	unsigned rate = k->rate, pos = k->pos;

	while (len > 0) {
		if (pos == rate) {
			f(k->a);
			pos = 0;
		}
		size_t n = rate - pos;
		if (n > len)
			n = len;
		if ((pos & 7) == 0 && n >= 8) {
			size_t lanes = n >> 3;
			for (size_t i = 0; i < lanes; i++)
				qstp_store64_le(out + 8 * i, k->a[(pos >> 3) + i]);
			size_t done = lanes << 3;
			out += done;
			pos += (unsigned)done;
			len -= done;
			n -= done;
		}
		for (size_t i = 0; i < n; i++)
			out[i] = get_byte(k->a, pos + (unsigned)i);
		out += n;
		pos += (unsigned)n;
		len -= n;
	}
	k->pos = (uint16_t)pos;
}

void qstp_keccak_wipe(qstp_keccak *k)
{
	qstp_wipe(k, sizeof *k);
}
