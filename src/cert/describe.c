/*
 * Human-readable description of certificates (issue 6): issuer, serials in
 * hex, validity in UTC ISO 8601, algorithm, and the fingerprint = SHA3-256
 * of the exact binary form.  Only public fields are printed.  Certificates
 * of every known set can be described, supported in this build or not.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cert_impl.h"
#include "qstp/errors.h"
#include "qstp/keccak.h"

/* An output cursor that records overflow instead of truncating silently. */
typedef struct out {
	char *p;
	size_t len, max;
	int err;
} out;

static void put(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->err != 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->p + o->len, o->max - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->max - o->len) {
		o->err = QSTP_ERR_BUFFER_TOO_SMALL;
		return;
	}
	o->len += (size_t)n;
}

static void put_hex(out *o, const char *label, const uint8_t *b, size_t n)
{
	put(o, "  %-12s", label);
	for (size_t i = 0; i < n; i++)
		put(o, "%02x", b[i]);
	put(o, "\n");
}

/* Seconds since the epoch as YYYY-MM-DDThh:mm:ssZ (proleptic Gregorian,
 * days to civil date by the era arithmetic of 400-year cycles). */
static void put_time(out *o, const char *label, uint64_t t)
{
	uint64_t days = t / 86400, s = t % 86400;
	uint64_t z = days + 719468; /* days from 0000-03-01 */
	uint64_t era = z / 146097, doe = z % 146097;
	uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	uint64_t mp = (5 * doy + 2) / 153;
	uint64_t d = doy - (153 * mp + 2) / 5 + 1;
	uint64_t m = mp < 10 ? mp + 3 : mp - 9;
	uint64_t y = yoe + era * 400 + (m <= 2);

	put(o, "  %-12s%04llu-%02llu-%02lluT%02llu:%02llu:%02lluZ\n", label, (unsigned long long)y,
	    (unsigned long long)m, (unsigned long long)d, (unsigned long long)(s / 3600),
	    (unsigned long long)(s / 60 % 60), (unsigned long long)(s % 60));
}

static void put_issuer(out *o, const uint8_t issuer[static QSTP_CERT_ISSUER_BYTES])
{
	char text[QSTP_CERT_ISSUER_BYTES + 1];
	size_t i;

	for (i = 0; i < QSTP_CERT_ISSUER_BYTES && issuer[i] != 0; i++)
		text[i] = issuer[i] >= 0x20 && issuer[i] <= 0x7e ? (char)issuer[i] : '?';
	text[i] = '\0';
	put(o, "  %-12s%s\n", "issuer:", text);
}

static void put_common(out *o, const qstp_config_set *cs, uint8_t version)
{
	put(o, "  %-12s0x%02x %s (%s, %s)%s\n", "algorithm:", cs->id, cs->name, cs->sig_name,
	    cs->kem_name, cs->supported ? "" : " [not supported in this build]");
	put(o, "  %-12s%u\n", "version:", version);
}

static int finish(out *o, char *buf, size_t buflen)
{
	if (o->err != 0) {
		if (buflen != 0)
			buf[0] = '\0';
		return o->err;
	}
	return (int)o->len;
}

int qstp_root_cert_describe(char *buf, size_t buflen, const qstp_root_cert *c)
{
	const qstp_config_set *cs = qstp_config_known(c->set);
	uint8_t bin[QSTP_SIG_FIELD_MAX_BYTES + QSTP_SIG_PK_MAX_BYTES + ROOT_CERT_TAIL];
	uint8_t fp[QSTP_CERT_HASH_BYTES];
	out o = { buf, 0, buflen, 0 };
	size_t n = qstp_root_cert_size(c->set);

	if (cs == NULL)
		return QSTP_ERR_CERT_ALGORITHM;
	if (buflen == 0 || buflen > (size_t)0x7fffffff)
		return QSTP_ERR_BUFFER_TOO_SMALL;
	if (qstp_root_cert_encode(bin, sizeof bin, c) != 0)
		return QSTP_ERR_INTERNAL;
	qstp_sha3_256(fp, bin, n);
	put(&o, "QSTP root certificate\n");
	put_issuer(&o, c->issuer);
	put_hex(&o, "serial:", c->serial, QSTP_CERT_SERIAL_BYTES);
	put_time(&o, "valid from:", c->valid_from);
	put_time(&o, "valid to:", c->valid_to);
	put_common(&o, cs, c->version);
	put_hex(&o, "sha3-256:", fp, sizeof fp);
	return finish(&o, buf, buflen);
}

int qstp_server_cert_describe(char *buf, size_t buflen, const qstp_server_cert *c)
{
	const qstp_config_set *cs = qstp_config_known(c->set);
	uint8_t bin[QSTP_SIG_FIELD_MAX_BYTES + QSTP_SIG_PK_MAX_BYTES + SERVER_CERT_TAIL];
	uint8_t fp[QSTP_CERT_HASH_BYTES];
	out o = { buf, 0, buflen, 0 };
	size_t n = qstp_server_cert_size(c->set);

	if (cs == NULL)
		return QSTP_ERR_CERT_ALGORITHM;
	if (buflen == 0 || buflen > (size_t)0x7fffffff)
		return QSTP_ERR_BUFFER_TOO_SMALL;
	if (qstp_server_cert_encode(bin, sizeof bin, c) != 0)
		return QSTP_ERR_INTERNAL;
	qstp_sha3_256(fp, bin, n);
	put(&o, "QSTP server certificate\n");
	put_issuer(&o, c->issuer);
	put_hex(&o, "serial:", c->serial, QSTP_CERT_SERIAL_BYTES);
	put_hex(&o, "root serial:", c->rootser, QSTP_CERT_SERIAL_BYTES);
	put_time(&o, "valid from:", c->valid_from);
	put_time(&o, "valid to:", c->valid_to);
	put_common(&o, cs, c->version);
	put_hex(&o, "sha3-256:", fp, sizeof fp);
	return finish(&o, buf, buflen);
}
