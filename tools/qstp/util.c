/* File handling and small parsers shared by the qstp subcommands. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "qstp/errors.h"
#include "qstp/util.h"

void die_msg(const char *fmt, ...)
{
	va_list ap;
	fputs("qstp: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void free_secret(uint8_t *p, size_t len)
{
	if (p) {
		qstp_wipe(p, len);
		free(p);
	}
}

int read_file(const char *path, uint8_t **out, size_t *len, size_t max, int secret)
{
	struct stat st;
	uint8_t *buf = NULL;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*out = NULL;
	*len = 0;
	if (fd < 0) {
		die_msg("cannot open %s: %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		die_msg("%s is not a regular file", path);
		goto fail;
	}
	if (secret && (st.st_mode & 077)) {
		die_msg("refusing secret key %s: it is readable by others (mode %04o); run: chmod 600 %s",
		        path, (unsigned)(st.st_mode & 07777), path);
		close(fd);
		return EXIT_VERIFY;
	}
	if ((size_t)st.st_size > max) {
		die_msg("%s is too large (%lld bytes) to be a certificate or key", path,
		        (long long)st.st_size);
		goto fail;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL)
		goto fail;
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			die_msg("cannot read %s: %s", path, r ? strerror(errno) : "short read");
			goto fail;
		}
		got += (size_t)r;
	}
	close(fd);
	*out = buf;
	*len = got;
	return 0;
fail:
	if (buf)
		free_secret(buf, (size_t)st.st_size + 1);
	close(fd);
	return EXIT_FAIL;
}

static int secret_dir(const char *path)
{
	char *copy = strdup(path), *dir;
	struct stat st;
	int r = 0;

	if (copy == NULL)
		return EXIT_FAIL;
	dir = dirname(copy);
	if (stat(dir, &st) != 0) {
		if (errno != ENOENT || mkdir(dir, 0700) != 0) {
			die_msg("cannot create directory %s: %s", dir, strerror(errno));
			r = EXIT_FAIL;
		}
	} else if (!S_ISDIR(st.st_mode)) {
		die_msg("%s is not a directory", dir);
		r = EXIT_FAIL;
	} else if (st.st_mode & 077) {
		die_msg("refusing to write a secret key into %s: the directory is accessible to others "
		        "(mode %04o); use a directory made with 'mkdir -m 700'",
		        dir, (unsigned)(st.st_mode & 07777));
		r = EXIT_FAIL;
	}
	free(copy);
	return r;
}

int write_file(const char *path, const uint8_t *data, size_t len, int secret, int force)
{
	char tmp[4096];
	int fd, r;

	if (!force && access(path, F_OK) == 0) {
		die_msg("%s exists; not overwriting it (use --force to replace it)", path);
		return EXIT_FAIL;
	}
	if (secret && (r = secret_dir(path)) != 0)
		return r;
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid()) >= sizeof tmp)
		return EXIT_FAIL;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, secret ? 0600 : 0644);
	if (fd < 0) {
		die_msg("cannot create %s: %s", tmp, strerror(errno));
		return EXIT_FAIL;
	}
	while (len > 0) {
		ssize_t w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail;
		data += w;
		len -= (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	/* link() refuses to replace: without --force a file that appeared
	 * meanwhile is still not overwritten. */
	if (force ? rename(tmp, path) != 0 : link(tmp, path) != 0)
		goto fail;
	if (!force)
		unlink(tmp);
	return 0;
fail:
	die_msg("cannot write %s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return EXIT_FAIL;
}

uint8_t parse_set(const char *s)
{
	const qstp_config_set *cs;
	long n = parse_num(s, 1, 255);
	if (n > 0)
		cs = qstp_config_get((uint8_t)n);
	else
		cs = qstp_config_by_name(s);
	return cs ? cs->id : 0;
}

long parse_secs_ms(const char *s, double max_s, int allow_zero)
{
	char *end;
	double v;
	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	v = strtod(s, &end);
	if (*end || v > max_s || (!allow_zero && v < 0.001))
		return -1;
	return (long)(v * 1000.0 + 0.5);
}

long parse_num(const char *s, long lo, long hi)
{
	char *end;
	long v;
	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	return v;
}

int set_log_level(const char *name)
{
	int l = qstp_log_level_parse(name);
	if (l < 0)
		return -1;
	qstp_log_set_level(l);
	return 0;
}

int bad_value(const char *cmd, const char *opt, const char *val)
{
	die_msg("%s: bad value '%s' (see qstp %s --help)", opt, val, cmd);
	return EXIT_USAGE;
}

int check_args(const char *cmd, int argc, char **argv, int have_required, const char *needs)
{
	if (optind != argc)
		die_msg("unexpected argument: %s", argv[optind]);
	else if (!have_required)
		die_msg("qstp %s needs %s (see qstp %s --help)", cmd, needs, cmd);
	else
		return 0;
	return EXIT_USAGE;
}

const char *check_words(int err)
{
	switch (err) {
	case QSTP_ERR_CERT_SIGNATURE:
		return "signature check failed: the certificate was not signed by this root's key";
	case QSTP_ERR_CERT_HASH:
		return "hash check failed: the certificate's contents differ from what the root signed";
	case QSTP_ERR_CERT_EXPIRED:
		return "validity check failed: the certificate has expired";
	case QSTP_ERR_CERT_NOT_YET_VALID:
		return "validity check failed: the certificate is not valid yet";
	case QSTP_ERR_CERT_ALGORITHM:
		return "configuration set check failed: the certificate's set differs from the configured one or is not supported by this build";
	case QSTP_ERR_CERT_VERSION:
		return "version check failed: unknown certificate version";
	case QSTP_ERR_CERT_ROOT_SERIAL:
		return "issuer check failed: the certificate was issued by another root (root serial differs)";
	case QSTP_ERR_CERT_OUTLIVES_ROOT:
		return "validity check failed: the certificate outlives its root";
	case QSTP_ERR_CERT_KEY_MISMATCH:
		return "key check failed: the secret key does not belong to the certificate";
	case QSTP_ERR_CERT_LENGTH:
		return "format check failed: wrong size for a certificate or key of its set";
	case QSTP_ERR_CERT_ARMOR:
		return "format check failed: malformed text armour";
	case QSTP_ERR_CERT_ISSUER:
		return "format check failed: bad issuer field";
	case QSTP_ERR_CERT_VALIDITY:
		return "validity check failed: bad validity period";
	case QSTP_ERR_KEYFILE_PERMISSIONS:
		return "key file check failed: readable by others";
	default:
		return qstp_strerror(err);
	}
}

int load_cert(const char *path, qstp_root_cert *root, qstp_server_cert *srv, int *kind,
              uint8_t **bin, size_t *binlen)
{
	uint8_t *raw = NULL, *b = NULL;
	size_t rawlen = 0, blen = 0;
	int k = 0, r;

	*kind = 0;
	if ((r = read_file(path, &raw, &rawlen, 1 << 20, 0)) != 0)
		return r;
	if ((b = malloc(rawlen + 1)) == NULL) {
		free(raw);
		return EXIT_FAIL;
	}
	if ((r = qstp_cert_unarmor(b, rawlen + 1, &blen, &k, raw, rawlen)) != 0) {
		die_msg("%s: %s", path, check_words(r));
		r = EXIT_VERIFY;
		goto out;
	}
	r = EXIT_VERIFY;
	if ((k == 0 || k == 1) && root && qstp_root_cert_decode(root, b, blen) == 0)
		k = 1;
	else if ((k == 0 || k == 2) && srv && qstp_server_cert_decode(srv, b, blen) == 0)
		k = 2;
	else {
		int e = k == 1 && root ? qstp_root_cert_decode(root, b, blen)
		        : srv ? qstp_server_cert_decode(srv, b, blen) : QSTP_ERR_CERT_LENGTH;
		die_msg("%s: not a %s certificate: %s", path,
		        root && srv ? "QSTP" : root ? "root" : "server", check_words(e));
		goto out;
	}
	*kind = k;
	r = 0;
	if (bin) {
		*bin = b;
		*binlen = blen;
		b = NULL;
	}
out:
	free(raw);
	free(b);
	return r;
}
