/* Logging to stderr with syslog level names; a token bucket for repeated lines. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "net.h"

static int log_level = QSTP_LOG_NOTICE;

static const char *const level_names[] = {
	"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
};

void qstp_log_set_level(int level)
{
	log_level = level;
}

int qstp_log_level(void)
{
	return log_level;
}

int qstp_log_level_parse(const char *name)
{
	for (int i = 0; i < 8; i++)
		if (strcasecmp(name, level_names[i]) == 0)
			return i;
	if (strcasecmp(name, "error") == 0)
		return QSTP_LOG_ERR;
	if (strcasecmp(name, "warn") == 0)
		return QSTP_LOG_WARNING;
	return -1;
}

uint64_t qstp_net_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t qstp_net_unix_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec;
}

static void vlog(int level, const char *suffix, const char *fmt, va_list ap)
{
	char line[1024];
	struct timespec ts;
	struct tm tm;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(line, sizeof line, "%Y-%m-%dT%H:%M:%SZ ", &tm);
	n += (size_t)snprintf(line + n, sizeof line - n, "qstp[%s]: ", level_names[level & 7]);
	if (n < sizeof line)
		vsnprintf(line + n, sizeof line - n, fmt, ap);
	/* One fprintf per line: stdio locks the stream, so lines from loops and
	 * workers never interleave. */
	fprintf(stderr, "%s%s\n", line, suffix);
}

void qstp_log(int level, const char *fmt, ...)
{
	va_list ap;
	if (level > log_level)
		return;
	va_start(ap, fmt);
	vlog(level, "", fmt, ap);
	va_end(ap);
}

void qstp_log_limited(qstp_log_limit *rl, uint64_t now_ms, int level, const char *fmt, ...)
{
	va_list ap;
	char suffix[64] = "";

	if (level > log_level)
		return;
	if (rl->burst == 0) {
		rl->burst = 10;
		rl->per_s = 1;
		rl->tokens = 10;
		rl->last_ms = now_ms;
	}
	rl->tokens += (double)(now_ms - rl->last_ms) * rl->per_s / 1000.0;
	if (rl->tokens > rl->burst)
		rl->tokens = rl->burst;
	rl->last_ms = now_ms;
	if (rl->tokens < 1.0) {
		rl->suppressed++;
		return;
	}
	rl->tokens -= 1.0;
	if (rl->suppressed) {
		snprintf(suffix, sizeof suffix, " (%llu similar lines suppressed)",
		         (unsigned long long)rl->suppressed);
		rl->suppressed = 0;
	}
	va_start(ap, fmt);
	vlog(level, suffix, fmt, ap);
	va_end(ap);
}
