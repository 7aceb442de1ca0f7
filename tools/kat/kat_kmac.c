/*
 * ACVP KMAC-128 / KMAC-256, revision 1.0 (SP 800-185 4): AFT (compute the
 * MAC) and MVT (verify: the computed MAC equals `mac` exactly when
 * testPassed), `xof` false (right_encode(macLen)) or true (right_encode(0)),
 * customization ASCII or hex (hexCustomization).  Keys, messages and MACs
 * are bit strings (keyLen, msgLen, macLen); a partial last MAC byte holds
 * its bits in the HIGH positions.
 */
#include "kat_bits.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_MAC_BITS = 1 << 20 };
static const uint8_t KMAC_N[4] = { 'K', 'M', 'A', 'C' };

static unsigned rate_of(json_t *root)
{
	if (kat_str_is(root, "algorithm", "KMAC-128"))
		return QSTP_SHAKE128_RATE;
	if (kat_str_is(root, "algorithm", "KMAC-256"))
		return QSTP_SHAKE256_RATE;
	return 0;
}

static int match(json_t *root)
{
	return rate_of(root) != 0 && kat_str_is(root, "revision", "1.0") &&
	       json_object_get(root, "mode") == NULL;
}

/* KMAC(K, X, L, S) = cSHAKE(bytepad(encode_string(K), rate) || X ||
 * right_encode(L'), L, "KMAC", S), with L' = L or 0 (KMACXOF). */
static void kmac_bits(uint8_t *out, uint64_t macbits, unsigned rate, const kat_bits *key,
                      const kat_bits *msg, const uint8_t *s, size_t slen, int xof)
{
	qstp_keccak k;
	uint8_t enc[9];
	size_t n;
	static const uint8_t empty[1];

	qstp_keccak_init(&k, rate, 0x04);
	qstp_keccak_absorb_bytepad2(&k, KMAC_N, sizeof KMAC_N, slen ? s : empty, slen);
	qstp_keccak_absorb_bytepad2_bits(&k, key->len ? key->p : empty, key->nbits, NULL, 0);
	qstp_keccak_absorb_bits(&k, msg->p, msg->nbits);
	n = qstp_right_encode(enc, xof ? 0 : macbits);
	qstp_keccak_absorb(&k, enc, n);
	qstp_keccak_squeeze(&k, out, (size_t)((macbits + 7) / 8));
	kat_truncate(out, macbits, KAT_TRUNC_HIGH);
	qstp_keccak_wipe(&k);
}

static int one(kat_stats *st, json_t *g, json_t *t, unsigned rate, int mvt)
{
	int xof, hexc, passed = 1, r = -1;
	long long macbits, keybits = 0;
	kat_bits key = { 0 }, msg = { 0 };
	uint8_t *s = NULL, *want = NULL, *got = NULL;
	size_t slen = 0, wlen;

	if (kat_bool(g, "xof", &xof) != 0 || kat_bool(g, "hexCustomization", &hexc) != 0)
		return kat_bad(st, g, t, "xof/hexCustomization");
	if (mvt && kat_bool(t, "testPassed", &passed) != 0)
		return kat_bad(st, g, t, "testPassed");
	if (kat_int(t, "macLen", &macbits) != 0 || macbits < 0 || macbits > MAX_MAC_BITS) {
		kat_bad(st, g, t, "macLen");
		goto out;
	}
	if (kat_hex(t, "mac", &want, &wlen) != 0 || wlen != (size_t)(macbits + 7) / 8) {
		kat_bad(st, g, t, "mac is not macLen bits");
		goto out;
	}
	/* The key stays as ACVP writes it (partial byte's bits at the top), the
	 * form qstp_keccak_absorb_bytepad2_bits takes. */
	if (kat_int(t, "keyLen", &keybits) != 0 || keybits < 0 ||
	    kat_hex(t, "key", &key.p, &key.len) != 0 || key.len != (size_t)(keybits + 7) / 8 ||
	    kat_bits_get(t, "msg", "msgLen", &msg) != 0) {
		kat_bad(st, g, t, "key/keyLen or msg/msgLen");
		goto out;
	}
	if (hexc) {
		if (kat_hex(t, "customizationHex", &s, &slen) != 0) {
			kat_bad(st, g, t, "customizationHex");
			goto out;
		}
	} else {
		const char *c = kat_str(t, "customization");
		if (c == NULL) {
			kat_bad(st, g, t, "customization");
			goto out;
		}
		slen = strlen(c);
		s = (uint8_t *)strdup(c);
		if (s == NULL)
			abort();
	}
	key.nbits = (uint64_t)keybits;
	got = malloc(wlen + 1);
	if (got == NULL)
		abort();
	kmac_bits(got, (uint64_t)macbits, rate, &key, &msg, s, slen, xof);
	int eq = memcmp(got, want, wlen) == 0;
	if (!eq && passed)
		kat_diff("mac", got, want, wlen);
	kat_check(st, g, t, eq == passed, mvt ? "MAC verification verdict" : "mac");
	r = 0;
out:
	free(got);
	free(want);
	free(s);
	kat_bits_free(&key);
	kat_bits_free(&msg);
	return r;
}

static int aft(kat_stats *st, json_t *g, json_t *t, int rate)
{
	return one(st, g, t, (unsigned)rate, 0);
}

static int mvt(kat_stats *st, json_t *g, json_t *t, int rate)
{
	return one(st, g, t, (unsigned)rate, 1);
}

static int run(json_t *root, kat_stats *st)
{
	static const kat_test_kind kinds[] = { { "AFT", aft, 0 }, { "MVT", mvt, 0 } };
	return kat_run_kinds(root, st, kinds, sizeof kinds / sizeof kinds[0], (int)rate_of(root));
}

KAT_HANDLER(kmac, match, run)
