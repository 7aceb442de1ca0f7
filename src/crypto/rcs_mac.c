/*
 * The chained KMAC of RCS with the reference finalization (PROTOCOL.md 8.5,
 * 8.6, 9.4).  Keying reuses the Keccak module's bytepad; the sponge itself is
 * handled here because the finalization needs the pending bytes as bytes.
 */
#include <string.h>

#include "qstp/keccak.h"
#include "keccak_impl.h"
#include "rcs_mac.h"
#include "wipe.h"
#include "endian.h"

enum { KMAC_DS = 0x04, PAD_LAST = 0x80 };

/* XORs one rate-sized block (a multiple of 8 bytes) into the lanes. */
static inline void xor_block(uint64_t a[25], const uint8_t *blk, unsigned rate)
{
	for (unsigned i = 0; i < rate / 8; i++)
		a[i] ^= qstp_load64_le(blk + 8 * i);
}

void qstp_rcs_mac_init(qstp_rcs_mac *m, unsigned rate, const uint8_t *key, size_t keylen,
                       const uint8_t *s, size_t slen)
{
	static const uint8_t name[4] = { 'K', 'M', 'A', 'C' }, empty[1];
	qstp_keccak k;

	if (rate != 136 && rate != 72)
		__builtin_trap(); /* internal callers only pass the two RCS rates */
	qstp_keccak_init(&k, rate, KMAC_DS);
	/* A NULL s2 would drop encode_string(S) altogether: pass a real
	 * pointer so that an empty S is encoded as left_encode(0). */
	qstp_keccak_absorb_bytepad2(&k, name, sizeof name, slen ? s : empty, slen);
	qstp_keccak_absorb_bytepad2(&k, keylen ? key : empty, keylen, NULL, 0);
	/* Both prefixes are whole blocks, each permuted: k.pos is 0 here. */
	memset(m, 0, sizeof *m);
	memcpy(m->a, k.a, sizeof m->a);
	m->rate = (uint16_t)rate;
	qstp_keccak_wipe(&k);
}

void qstp_rcs_mac_absorb(qstp_rcs_mac *m, const uint8_t *in, size_t len)
{
	unsigned rate = m->rate, pos = m->pos;

	if (pos != 0) {
		size_t n = rate - pos;
		if (n > len)
			n = len;
		memcpy(m->buf + pos, in, n);
		pos += (unsigned)n;
		in += n;
		len -= n;
		if (pos < rate) {
			m->pos = (uint16_t)pos;
			return;
		}
		qstp_keccakf1600_absorb(m->a, m->buf, 1, rate / 8);
		pos = 0;
	}
	/* Whole blocks straight from the input into the lanes, all in one call
	 * (in the assembly when the CPU has it). */
	size_t nblocks = len / rate;
	qstp_keccakf1600_absorb(m->a, in, nblocks, rate / 8);
	in += nblocks * rate;
	len -= nblocks * rate;
	memcpy(m->buf, in, len);
	m->pos = (uint16_t)len;
}

void qstp_rcs_mac_final(qstp_rcs_mac *m, uint8_t *out, size_t outlen)
{
	uint8_t blk[136], enc[9];
	unsigned rate = m->rate, p = m->pos;
	size_t elen = qstp_right_encode(enc, (uint64_t)outlen * 8);

	memset(blk, 0, sizeof blk);
	if (p + elen < rate) {
		/* 8.6 normal path = SP 800-185: buffer || E || d || 0* || 0x80. */
		memcpy(blk, m->buf, p);
		memcpy(blk + p, enc, elen);
		blk[p + elen] = KMAC_DS;
	} else {
		/* 8.6 reference path: the pending bytes without padding, permute;
		 * then E || d written over the start of the old buffer, whose
		 * bytes |E|+1 .. p-1 stay in the block; the rest is zero. */
		memcpy(blk, m->buf, p);
		xor_block(m->a, blk, rate);
		qstp_keccakf1600(m->a);
		memcpy(blk, enc, elen);
		blk[elen] = KMAC_DS;
	}
	blk[rate - 1] |= PAD_LAST;
	xor_block(m->a, blk, rate);

	/* Squeeze: permute first, then read up to a block; repeat. */
	while (outlen > 0) {
		uint8_t lanes[136];
		size_t n = outlen < rate ? outlen : rate;
		qstp_keccakf1600(m->a);
		for (unsigned i = 0; i < (n + 7) / 8; i++)
			qstp_store64_le(lanes + 8 * i, m->a[i]);
		memcpy(out, lanes, n);
		qstp_wipe(lanes, sizeof lanes);
		out += n;
		outlen -= n;
	}
	m->pos = 0;
	qstp_wipe(blk, sizeof blk);
	qstp_wipe(m->buf, sizeof m->buf);
}
