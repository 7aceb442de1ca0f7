/* Wiping, constant-time comparison, and the system random source. */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "qstp/errors.h"
#include "ct.h"
#include "wipe.h"

void qstp_wipe(void *p, size_t n)
{
	if (n == 0)
		return;
	memset(p, 0, n);
	/* The asm takes p as an input that may read all memory: the compiler
	 * must assume the zeros are observed and cannot drop the memset. */
	__asm__ volatile("" : : "r"(p) : "memory");
}

int qstp_ct_eq(const void *a, const void *b, size_t n)
{
	return 1 - qstp_ct_neq_bytes(a, b, n);
}

/* Test hook: tests/unit can make the Nth call fail (fault injection). */
static unsigned long fail_countdown;

void qstp_random_fail_after(unsigned long n);
void qstp_random_fail_after(unsigned long n)
{
	fail_countdown = n;
}

int qstp_randombytes(uint8_t *out, size_t n)
{
	size_t done = 0;

	if (fail_countdown != 0 && --fail_countdown == 0)
		goto fail;
	while (done < n) {
		ssize_t r = getrandom(out + done, n - done, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		done += (size_t)r;
	}
	return 0;
fail:
	qstp_wipe(out, n);
	return QSTP_ERR_RANDOM;
}

int qstp_random_system(void *ctx, uint8_t *out, size_t n)
{
	(void)ctx;
	return qstp_randombytes(out, n);
}
