/*
 * qstp-kat handler for kmac_qsc.json: KMAC with the reference library's
 * finalization (PROTOCOL.md 8.6, 9.4) at rates 136 and 72, one-shot.
 * Where the file says a value equals standard KMAC256 (matchesSp800185),
 * the Keccak module's standard KMAC must agree too, and must disagree where
 * it says not.
 */
#include <stdlib.h>
#include <string.h>

#include "kat.h"
#include "crypto/rcs_mac.h"
#include "qstp/keccak.h"

static int match_kmac_qsc(json_t *root)
{
	return kat_str_is(root, "algorithm", "KMAC-qsc");
}

static int run_kmac_qsc(json_t *root, kat_stats *st)
{
	json_t *g, *t;
	for (size_t gi = 0; (g = kat_group(root, gi)); gi++) {
		long long rate;
		if (kat_int(g, "rate", &rate) != 0 || (rate != 136 && rate != 72))
			return kat_bad(st, g, NULL, "rate missing or not 136 / 72");
		for (size_t ti = 0; (t = kat_test(g, ti)); ti++) {
			uint8_t *key = NULL, *msg = NULL, *cust = NULL, *mac = NULL, *out = NULL;
			size_t keylen, msglen, custlen, maclen;
			long long outbytes;
			int std = -1, bad = 0;
			if (kat_hex(t, "key", &key, &keylen) != 0 || kat_hex(t, "msg", &msg, &msglen) != 0 ||
			    kat_hex(t, "customization", &cust, &custlen) != 0 ||
			    kat_hex(t, "mac", &mac, &maclen) != 0 || kat_int(t, "outBytes", &outbytes) != 0 ||
			    outbytes < 1 || (size_t)outbytes != maclen ||
			    (json_object_get(t, "matchesSp800185") != NULL &&
			     kat_bool(t, "matchesSp800185", &std) != 0)) {
				bad = kat_bad(st, g, t, "bad key, msg, customization, mac or outBytes");
				goto next;
			}
			out = malloc(maclen);
			if (out == NULL)
				abort();
			qstp_rcs_mac m;
			qstp_rcs_mac_init(&m, (unsigned)rate, key, keylen, cust, custlen);
			qstp_rcs_mac_absorb(&m, msg, msglen);
			qstp_rcs_mac_final(&m, out, maclen);
			int ok = memcmp(out, mac, maclen) == 0;
			if (!ok)
				kat_diff("mac", out, mac, maclen);
			kat_check(st, g, t, ok, "mac differs");
			if (std >= 0 && rate == 136) {
				/* Cross-check the claim against the standard KMAC256. */
				qstp_kmac256(out, maclen, key, keylen, msg, msglen, cust, custlen);
				kat_check(st, g, t, (memcmp(out, mac, maclen) == 0) == std,
				          "matchesSp800185 does not hold for the standard KMAC256");
			}
		next:
			free(key);
			free(msg);
			free(cust);
			free(mac);
			free(out);
			if (bad)
				return -1;
		}
	}
	return 0;
}

KAT_HANDLER(kmac_qsc, match_kmac_qsc, run_kmac_qsc)
