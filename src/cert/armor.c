/*
 * Text armour of certificates (PROTOCOL.md 12h): a BEGIN banner, the RFC 4648
 * base64 (with padding) of the exact binary form in 64-character lines, an
 * END banner.  The reader is strict: LF line ends, every line but the last
 * exactly 64 characters, canonical padding and zero pad bits, matching
 * banners, nothing after the END line but one optional LF.
 */
#include <string.h>

#include "cert_impl.h"
#include "qstp/errors.h"

enum {
	LINE_CHARS = 64,
	KIND_ROOT = QSTP_CERT_KIND_ROOT,
	KIND_SERVER = QSTP_CERT_KIND_SERVER,
};

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static const char begin_root[] = "-----BEGIN QSTP ROOT CERTIFICATE-----";
static const char end_root[] = "-----END QSTP ROOT CERTIFICATE-----";
static const char begin_server[] = "-----BEGIN QSTP SERVER CERTIFICATE-----";
static const char end_server[] = "-----END QSTP SERVER CERTIFICATE-----";

static size_t b64_len(size_t binlen)
{
	return (binlen + 2) / 3 * 4;
}

size_t qstp_armor_size(size_t binlen)
{
	size_t t = b64_len(binlen);
	/* The server banners are the longer pair; one LF per line; NUL. */
	return (sizeof begin_server - 1) + 1 + t + (t + LINE_CHARS - 1) / LINE_CHARS +
	       (sizeof end_server - 1) + 1 + 1;
}

int qstp_armor_encode(char *out, size_t outlen, const uint8_t *bin, size_t binlen, int is_server)
{
	const char *b = is_server ? begin_server : begin_root;
	const char *e = is_server ? end_server : end_root;
	size_t o = 0, col = 0;

	if (binlen == 0)
		return QSTP_ERR_INVALID_ARG;
	if (outlen < qstp_armor_size(binlen) || qstp_armor_size(binlen) > (size_t)0x7fffffff)
		return QSTP_ERR_BUFFER_TOO_SMALL;
	memcpy(out, b, strlen(b));
	o += strlen(b);
	out[o++] = '\n';
	for (size_t i = 0; i < binlen; i += 3) {
		uint32_t v = (uint32_t)bin[i] << 16;
		size_t n = binlen - i < 3 ? binlen - i : 3;
		if (n > 1)
			v |= (uint32_t)bin[i + 1] << 8;
		if (n > 2)
			v |= bin[i + 2];
		char q[4] = { b64[v >> 18 & 63], b64[v >> 12 & 63], n > 1 ? b64[v >> 6 & 63] : '=',
		              n > 2 ? b64[v & 63] : '=' };
		for (int j = 0; j < 4; j++) {
			out[o++] = q[j];
			if (++col == LINE_CHARS) {
				out[o++] = '\n';
				col = 0;
			}
		}
	}
	if (col != 0)
		out[o++] = '\n';
	memcpy(out + o, e, strlen(e));
	o += strlen(e);
	out[o++] = '\n';
	out[o] = '\0';
	return (int)o;
}

static int b64val(uint8_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Does in[*pos..) start with line `s` followed by LF (or, when last is set,
 * by LF or the end of input)?  Advances *pos past it. */
static int take_line(const uint8_t *in, size_t inlen, size_t *pos, const char *s, int last)
{
	size_t n = strlen(s);
	if (n > inlen - *pos || memcmp(in + *pos, s, n) != 0)
		return 0;
	if (inlen - *pos == n) {
		*pos += n;
		return last;
	}
	if (in[*pos + n] != '\n')
		return 0;
	*pos += n + 1;
	return 1;
}

/* Decodes one base64 line (len a multiple of 4, 4..64 characters); `final`
 * says whether padding may appear (only in the last quantum of the last line). */
static int decode_line(uint8_t *out, size_t outmax, size_t *o, const uint8_t *l, size_t len,
                       int final)
{
	if (len == 0 || len % 4 != 0 || len > LINE_CHARS)
		return QSTP_ERR_CERT_ARMOR;
	for (size_t i = 0; i < len; i += 4) {
		int v[4], pad = 0;
		int lastq = final && i + 4 == len;
		for (int j = 0; j < 4; j++) {
			if (l[i + (size_t)j] == '=' && lastq && j >= 2) {
				v[j] = 0;
				pad++;
				continue;
			}
			if (pad != 0 || (v[j] = b64val(l[i + (size_t)j])) < 0)
				return QSTP_ERR_CERT_ARMOR;
		}
		uint32_t x = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 |
		             (uint32_t)v[3];
		/* Canonical: the bits a padded quantum drops must be zero. */
		if ((pad == 1 && (x & 0xff) != 0) || (pad == 2 && (x & 0xffff) != 0))
			return QSTP_ERR_CERT_ARMOR;
		size_t n = (size_t)(3 - pad);
		if (n > outmax - *o)
			return QSTP_ERR_BUFFER_TOO_SMALL;
		uint8_t t[3] = { (uint8_t)(x >> 16), (uint8_t)(x >> 8), (uint8_t)x };
		memcpy(out + *o, t, n);
		*o += n;
	}
	return 0;
}

static int unarmor(uint8_t *out, size_t outmax, size_t *outlen, int *kind, const uint8_t *in,
                   size_t inlen)
{
	size_t pos = 0, o = 0;
	const char *end;
	int e;

	if (take_line(in, inlen, &pos, begin_root, 0)) {
		*kind = KIND_ROOT;
		end = end_root;
	} else if (take_line(in, inlen, &pos, begin_server, 0)) {
		*kind = KIND_SERVER;
		end = end_server;
	} else {
		return QSTP_ERR_CERT_ARMOR;
	}
	for (;;) {
		size_t n = 0;
		if (pos < inlen && in[pos] == '-')
			break;
		while (n < inlen - pos && in[pos + n] != '\n')
			n++;
		if (n == inlen - pos)
			return QSTP_ERR_CERT_ARMOR; /* a base64 line must end with LF */
		/* A short line is the last one: the END banner must follow. */
		int final = n < LINE_CHARS || (pos + n + 1 < inlen && in[pos + n + 1] == '-');
		if ((e = decode_line(out, outmax, &o, in + pos, n, final)) != 0)
			return e;
		pos += n + 1;
		if (final && (pos >= inlen || in[pos] != '-'))
			return QSTP_ERR_CERT_ARMOR;
	}
	if (o == 0 || !take_line(in, inlen, &pos, end, 1) || pos != inlen)
		return QSTP_ERR_CERT_ARMOR;
	*outlen = o;
	return 0;
}

/* The kind of a raw binary certificate, from its exact size. */
static int raw_kind(size_t len)
{
	for (unsigned id = 1; id <= QSTP_SET_KNOWN_MAX; id++) {
		if (qstp_root_cert_size((uint8_t)id) == len)
			return KIND_ROOT;
		if (qstp_server_cert_size((uint8_t)id) == len)
			return KIND_SERVER;
	}
	return 0;
}

int qstp_cert_unarmor(uint8_t *out, size_t outmax, size_t *outlen, int *kind, const uint8_t *in,
                      size_t inlen)
{
	static const char armour_start[] = "-----BEGIN ";
	int e;

	*outlen = 0;
	*kind = 0;
	if (inlen >= sizeof armour_start - 1 &&
	    memcmp(in, armour_start, sizeof armour_start - 1) == 0) {
		e = unarmor(out, outmax, outlen, kind, in, inlen);
		if (e != 0) {
			memset(out, 0, outmax);
			*outlen = 0;
			*kind = 0;
		}
		return e;
	}
	if (inlen > outmax)
		return QSTP_ERR_BUFFER_TOO_SMALL;
	memcpy(out, in, inlen);
	*outlen = inlen;
	*kind = raw_kind(inlen);
	return 0;
}
