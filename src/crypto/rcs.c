/*
 * RCS-256 and RCS-512 (PROTOCOL.md 8): key schedule, the chained KMAC
 * transform, and the public API.  The block function lives in rcs_*.c
 * (chosen at run time), the MAC in rcs_mac.c.
 *
 * Both state types share one layout up to the array sizes, so the work is
 * done by helpers that take a `struct core` of pointers into the state; it
 * lives only for the duration of a call (the states keep no interior
 * pointers).
 */
#include <pthread.h>
#include <string.h>

#include "qstp/errors.h"
#include "qstp/keccak.h"
#include "qstp/rcs.h"
#include "cpu.h"
#include "ct.h"
#include "endian.h"
#include "keccak4x.h"
#include "rcs_impl.h"
#include "rcs_mac.h"
#include "wipe.h"

/* 8.2: "RCSK256" / "RCSK512" after a 10-byte prefix. */
static const uint8_t name256[17] = { 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
	                             'R', 'C', 'S', 'K', '2', '5', '6' };
static const uint8_t name512[17] = { 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,
	                             'R', 'C', 'S', 'K', '5', '1', '2' };

enum {
	RATE256 = QSTP_SHAKE256_RATE,   /* 136 */
	RATE512 = QSTP_CSHAKE_R72_RATE, /* 72 */
	LENWORD_BASE = QSTP_RCS_NONCE_BYTES + 8,
	/* Encrypt in chunks of 4352 = lcm(256, 136) bytes: whole batches of
	 * eight blocks for the wide keystream paths (a short batch costs a
	 * full round-latency chain), and the ciphertext is absorbed while it
	 * is still in L1. */
	CHUNK = 4352,
};

struct core {
	qstp_rcs_mac *mac;
	uint8_t *rk;
	uint8_t *ctr;
	uint64_t *counter;
	const uint8_t **ad;
	size_t *adlen;
	unsigned rounds, taglen;
};

/* --- implementation choice ------------------------------------------------ */

static qstp_rcs_ctr_fn ctr_impl;
static const char *ctr_name;

static qstp_rcs_ctr_fn select_ctr(const char **name)
{
#if defined(__x86_64__)
	unsigned f = qstp_cpu_features();
	if ((f & QSTP_CPU_VAES) && (f & QSTP_CPU_AVX2) && (f & QSTP_CPU_AESNI)) {
		*name = "vaes";
		return qstp_rcs_ctr_vaes;
	}
	if (f & QSTP_CPU_AESNI) {
		*name = "aesni";
		return qstp_rcs_ctr_aesni;
	}
#endif
	*name = "portable";
	return qstp_rcs_ctr_portable;
}

qstp_rcs_ctr_fn qstp_rcs_ctr_impl(void)
{
	qstp_rcs_ctr_fn f = __atomic_load_n(&ctr_impl, __ATOMIC_ACQUIRE);
	if (f == NULL) {
		const char *n;
		f = select_ctr(&n);
		__atomic_store_n(&ctr_name, n, __ATOMIC_RELAXED);
		__atomic_store_n(&ctr_impl, f, __ATOMIC_RELEASE);
	}
	return f;
}

const char *qstp_rcs_ctr_impl_name(void)
{
	qstp_rcs_ctr_impl();
	return __atomic_load_n(&ctr_name, __ATOMIC_RELAXED);
}

/* --- shared core ---------------------------------------------------------- */

/* 8.2: rk = the first (R+1)*32 bytes of ceil((R+1)*32 / r) squeezed blocks,
 * mk = the first |key| bytes of the next block; the MAC is keyed with mk. */
static void core_init(struct core *c, qstp_keccak *xof, unsigned rate, size_t keylen,
                      const uint8_t *nonce)
{
	uint8_t mk[QSTP_RCS512_KEY_BYTES], skip[QSTP_KECCAK_STATE_BYTES];
	size_t rklen = (size_t)(c->rounds + 1) * QSTP_RCS_BLOCK_BYTES;
	size_t blocks = (rklen + rate - 1) / rate;

	qstp_keccak_squeeze(xof, c->rk, rklen);
	qstp_keccak_squeeze(xof, skip, blocks * rate - rklen);
	qstp_keccak_squeeze(xof, mk, keylen);
	qstp_rcs_mac_init(c->mac, rate, mk, keylen, NULL, 0);
	memcpy(c->ctr, nonce, QSTP_RCS_NONCE_BYTES);
	*c->counter = 1;
	*c->ad = NULL;
	*c->adlen = 0;
	qstp_wipe(mk, sizeof mk);
	qstp_wipe(skip, sizeof skip);
	qstp_keccak_wipe(xof);
}

/* Absorbs the recorded associated data (8.5: ad || LE32(|ad|), nothing when
 * empty), the counter block and, later, the length word, into m. */
static void absorb_ad(qstp_rcs_mac *m, const uint8_t *ad, size_t adlen)
{
	uint8_t le[4];
	if (adlen == 0)
		return;
	qstp_rcs_mac_absorb(m, ad, adlen);
	for (int i = 0; i < 4; i++)
		le[i] = (uint8_t)((uint64_t)adlen >> (8 * i));
	qstp_rcs_mac_absorb(m, le, sizeof le);
}

static void absorb_length(qstp_rcs_mac *m, uint64_t counter)
{
	uint8_t le[8];
	uint64_t v = LENWORD_BASE + counter;
	for (int i = 0; i < 8; i++)
		le[i] = (uint8_t)(v >> (8 * i));
	qstp_rcs_mac_absorb(m, le, sizeof le);
}

/* 8.5 transform on an encrypt state: out = CTR(in) || tag. */
static void core_encrypt(struct core *c, uint8_t *out, const uint8_t *in, size_t len)
{
	qstp_rcs_ctr_fn ctr = qstp_rcs_ctr_impl();

	absorb_ad(c->mac, *c->ad, *c->adlen);
	*c->ad = NULL;
	*c->adlen = 0;
	*c->counter += len;
	qstp_rcs_mac_absorb(c->mac, c->ctr, QSTP_RCS_NONCE_BYTES);
	while (len > 0) {
		size_t n = len < CHUNK ? len : CHUNK;
		ctr(c->rk, c->rounds, c->ctr, out, in, n);
		qstp_rcs_mac_absorb(c->mac, out, n);
		out += n;
		in += n;
		len -= n;
	}
	absorb_length(c->mac, *c->counter);
	qstp_rcs_mac_final(c->mac, out, c->taglen);
}

/* 8.5 transform on a decrypt state.  The MAC runs on a copy that replaces
 * the state only when the tag verifies, so a failure changes nothing. */
static int core_decrypt(struct core *c, uint8_t *out, const uint8_t *in, size_t inlen)
{
	qstp_rcs_mac m;
	uint8_t tag[QSTP_RCS512_TAG_BYTES];
	const uint8_t *ad = *c->ad;
	size_t adlen = *c->adlen, n;
	uint64_t counter;
	int r;

	/* The recorded AD is consumed by this call whatever its outcome. */
	*c->ad = NULL;
	*c->adlen = 0;
	if (inlen < c->taglen) {
		r = QSTP_ERR_RCS_SHORT_INPUT;
		goto out;
	}
	n = inlen - c->taglen;
	counter = *c->counter + n;
	memcpy(&m, c->mac, sizeof m);
	absorb_ad(&m, ad, adlen);
	qstp_rcs_mac_absorb(&m, c->ctr, QSTP_RCS_NONCE_BYTES);
	qstp_rcs_mac_absorb(&m, in, n);
	absorb_length(&m, counter);
	qstp_rcs_mac_final(&m, tag, c->taglen);
	/* Whether the tag verified is public: it decides whether the packet
	 * is accepted, which the peer learns anyway. */
	{
		int ok = qstp_ct_eq(tag, in + n, c->taglen);
		QSTP_CT_PUBLIC(&ok, sizeof ok);
		if (!ok) {
			r = QSTP_ERR_AUTH;
			goto out;
		}
	}
	memcpy(c->mac, &m, sizeof m);
	*c->counter = counter;
	qstp_rcs_ctr_impl()(c->rk, c->rounds, c->ctr, out, in, n);
	r = 0;
out:
	qstp_wipe(&m, sizeof m);
	qstp_wipe(tag, sizeof tag);
	return r;
}

/* --- RCS-256 key schedule with empty info ---------------------------------
 *
 * QSTP always passes an empty info, so the first block of each sponge is a
 * constant: bytepad(encode_string(N) || encode_string(""), 136) of the
 * cSHAKE (N = name256) and bytepad(encode_string("KMAC") ||
 * encode_string(""), 136) of the KMAC.  Both are permuted once per process
 * and copied; the schedule then takes 7 permutations for the cSHAKE (the
 * round keys fill blocks 1-6, mk is the start of block 7) and 1 for the
 * KMAC key block, instead of 10. */

enum {
	SCHED_RKLEN = (QSTP_RCS256_ROUNDS + 1) * QSTP_RCS_BLOCK_BYTES,   /* 736 */
	SCHED_MK_OFF = (SCHED_RKLEN + RATE256 - 1) / RATE256 * RATE256,  /* 816 */
	SCHED_BLOCKS = SCHED_MK_OFF / RATE256 + 1,                       /* 7 */
	DS_CSHAKE = 0x04,
};

static uint64_t cshake_prefix[25], kmac_prefix[25];
static pthread_once_t prefix_once = PTHREAD_ONCE_INIT;

static void prefix_init(void)
{
	static const uint8_t kmac[4] = { 'K', 'M', 'A', 'C' }, empty[1];
	qstp_keccak k;
	qstp_cshake256_init(&k, name256, sizeof name256, NULL, 0);
	memcpy(cshake_prefix, k.a, sizeof cshake_prefix);
	qstp_keccak_init(&k, RATE256, DS_CSHAKE);
	qstp_keccak_absorb_bytepad2(&k, kmac, sizeof kmac, empty, 0);
	memcpy(kmac_prefix, k.a, sizeof kmac_prefix);
}

static void prefixes(void)
{
	(void)pthread_once(&prefix_once, prefix_init);
}

/* The cSHAKE state before its first output: prefix, then the key and the
 * padding (domain bits at byte 32, the final bit at byte 135). */
static void sched_key_block(uint64_t a[25], const uint8_t key[32])
{
	memcpy(a, cshake_prefix, sizeof cshake_prefix);
	for (unsigned i = 0; i < 4; i++)
		a[i] ^= qstp_load64_le(key + 8 * i);
	a[4] ^= DS_CSHAKE;
	a[RATE256 / 8 - 1] ^= 0x80ull << 56;
}

/* The KMAC state before its key block is permuted: prefix XOR
 * bytepad(encode_string(mk), 136). */
static void sched_mac_block(uint64_t a[25], const uint8_t mk[32])
{
	uint8_t blk[RATE256] = { 0 };
	size_t n = qstp_left_encode(blk, RATE256);
	n += qstp_left_encode(blk + n, 8 * QSTP_RCS256_KEY_BYTES);
	memcpy(blk + n, mk, QSTP_RCS256_KEY_BYTES);
	memcpy(a, kmac_prefix, sizeof kmac_prefix);
	for (unsigned i = 0; i < RATE256 / 8; i++)
		a[i] ^= qstp_load64_le(blk + 8 * i);
	qstp_wipe(blk, sizeof blk);
}

static void sched_store_block(uint8_t *out, const uint64_t a[25])
{
	for (unsigned i = 0; i < RATE256 / 8; i++)
		qstp_store64_le(out + 8 * i, a[i]);
}

/* The state fields once the schedule's stream (blocks) and the keyed MAC
 * lanes are known. */
static void sched_finish(qstp_rcs256 *s, const uint8_t *stream, const uint64_t mac[25],
                         const uint8_t nonce[32], int encrypt)
{
	memset(s, 0, sizeof *s);
	s->encrypt = encrypt != 0;
	memcpy(s->rk, stream, SCHED_RKLEN);
	memcpy(s->mac.a, mac, sizeof s->mac.a);
	s->mac.rate = RATE256;
	memcpy(s->ctr, nonce, QSTP_RCS_NONCE_BYTES);
	s->counter = 1;
}

static void init256_empty_info(qstp_rcs256 *s, const uint8_t key[32], const uint8_t nonce[32],
                               int encrypt)
{
	uint64_t a[25];
	uint8_t stream[SCHED_BLOCKS * RATE256];

	prefixes();
	sched_key_block(a, key);
	for (unsigned b = 0; b < SCHED_BLOCKS; b++) {
		qstp_keccakf1600(a);
		sched_store_block(stream + b * RATE256, a);
	}
	sched_mac_block(a, stream + SCHED_MK_OFF);
	qstp_keccakf1600(a);
	sched_finish(s, stream, a, nonce, encrypt);
	qstp_wipe(a, sizeof a);
	qstp_wipe(stream, sizeof stream);
}

void qstp_rcs256_init_pair(qstp_rcs256 *sa, const uint8_t key_a[static 32],
                           const uint8_t nonce_a[static 32], int encrypt_a, qstp_rcs256 *sb,
                           const uint8_t key_b[static 32], const uint8_t nonce_b[static 32],
                           int encrypt_b)
{
	qstp_keccak4x st;
	uint64_t a[2][25];
	uint8_t stream[2][SCHED_BLOCKS * RATE256];

	if (!qstp_keccak4x_is_wide()) {
		init256_empty_info(sa, key_a, nonce_a, encrypt_a);
		init256_empty_info(sb, key_b, nonce_b, encrypt_b);
		return;
	}
	/* Instances 0 and 1 are the two sponges; 2 and 3 repeat them. */
	prefixes();
	sched_key_block(a[0], key_a);
	sched_key_block(a[1], key_b);
	for (unsigned i = 0; i < 25; i++)
		for (unsigned j = 0; j < 4; j++)
			st.s[4 * i + j] = a[j & 1][i];
	for (unsigned b = 0; b < SCHED_BLOCKS; b++) {
		qstp_keccak4x_permute(&st);
		for (unsigned i = 0; i < RATE256 / 8; i++) {
			qstp_store64_le(stream[0] + b * RATE256 + 8 * i, st.s[4 * i]);
			qstp_store64_le(stream[1] + b * RATE256 + 8 * i, st.s[4 * i + 1]);
		}
	}
	sched_mac_block(a[0], stream[0] + SCHED_MK_OFF);
	sched_mac_block(a[1], stream[1] + SCHED_MK_OFF);
	for (unsigned i = 0; i < 25; i++)
		for (unsigned j = 0; j < 4; j++)
			st.s[4 * i + j] = a[j & 1][i];
	qstp_keccak4x_permute(&st);
	for (unsigned i = 0; i < 25; i++) {
		a[0][i] = st.s[4 * i];
		a[1][i] = st.s[4 * i + 1];
	}
	sched_finish(sa, stream[0], a[0], nonce_a, encrypt_a);
	sched_finish(sb, stream[1], a[1], nonce_b, encrypt_b);
	qstp_keccak4x_wipe(&st);
	qstp_wipe(a, sizeof a);
	qstp_wipe(stream, sizeof stream);
}

/* --- RCS-256 --------------------------------------------------------------- */

#define CORE(s, R, T)                                                                    \
	{ .mac = &(s)->mac, .rk = (s)->rk, .ctr = (s)->ctr, .counter = &(s)->counter,    \
	  .ad = &(s)->ad, .adlen = &(s)->adlen, .rounds = (R), .taglen = (T) }

void qstp_rcs256_init(qstp_rcs256 *s, const uint8_t key[static 32], const uint8_t nonce[static 32],
                      const uint8_t *info, size_t infolen, int encrypt)
{
	struct core c = CORE(s, QSTP_RCS256_ROUNDS, QSTP_RCS256_TAG_BYTES);
	qstp_keccak xof;

	if (infolen == 0) {
		init256_empty_info(s, key, nonce, encrypt);
		return;
	}
	memset(s, 0, sizeof *s);
	s->encrypt = encrypt != 0;
	qstp_cshake256_init(&xof, name256, sizeof name256, info, infolen);
	qstp_keccak_absorb(&xof, key, QSTP_RCS256_KEY_BYTES);
	core_init(&c, &xof, RATE256, QSTP_RCS256_KEY_BYTES, nonce);
}

void qstp_rcs256_set_associated(qstp_rcs256 *s, const uint8_t *ad, size_t adlen)
{
	s->ad = adlen ? ad : NULL;
	s->adlen = adlen;
}

void qstp_rcs256_encrypt(qstp_rcs256 *s, uint8_t *out, const uint8_t *in, size_t len)
{
	struct core c = CORE(s, QSTP_RCS256_ROUNDS, QSTP_RCS256_TAG_BYTES);
	core_encrypt(&c, out, in, len);
}

int qstp_rcs256_decrypt(qstp_rcs256 *s, uint8_t *out, const uint8_t *in, size_t inlen)
{
	struct core c = CORE(s, QSTP_RCS256_ROUNDS, QSTP_RCS256_TAG_BYTES);
	if (s->encrypt)
		return QSTP_ERR_INVALID_ARG;
	return core_decrypt(&c, out, in, inlen);
}

void qstp_rcs256_dispose(qstp_rcs256 *s)
{
	qstp_wipe(s, sizeof *s);
}

/* --- RCS-512 --------------------------------------------------------------- */

void qstp_rcs512_init(qstp_rcs512 *s, const uint8_t key[static 64], const uint8_t nonce[static 32],
                      const uint8_t *info, size_t infolen, int encrypt)
{
	struct core c = CORE(s, QSTP_RCS512_ROUNDS, QSTP_RCS512_TAG_BYTES);
	qstp_keccak xof;

	memset(s, 0, sizeof *s);
	s->encrypt = encrypt != 0;
	qstp_cshake_r72_init(&xof, name512, sizeof name512, info, infolen);
	qstp_keccak_absorb(&xof, key, QSTP_RCS512_KEY_BYTES);
	core_init(&c, &xof, RATE512, QSTP_RCS512_KEY_BYTES, nonce);
}

void qstp_rcs512_set_associated(qstp_rcs512 *s, const uint8_t *ad, size_t adlen)
{
	s->ad = adlen ? ad : NULL;
	s->adlen = adlen;
}

void qstp_rcs512_encrypt(qstp_rcs512 *s, uint8_t *out, const uint8_t *in, size_t len)
{
	struct core c = CORE(s, QSTP_RCS512_ROUNDS, QSTP_RCS512_TAG_BYTES);
	core_encrypt(&c, out, in, len);
}

int qstp_rcs512_decrypt(qstp_rcs512 *s, uint8_t *out, const uint8_t *in, size_t inlen)
{
	struct core c = CORE(s, QSTP_RCS512_ROUNDS, QSTP_RCS512_TAG_BYTES);
	if (s->encrypt)
		return QSTP_ERR_INVALID_ARG;
	return core_decrypt(&c, out, in, inlen);
}

void qstp_rcs512_dispose(qstp_rcs512 *s)
{
	qstp_wipe(s, sizeof *s);
}
