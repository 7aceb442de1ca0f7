/* The harness behind test.h: registration, selection by name, the summary. */
#include "test.h"

#define MAX_TESTS 512

static struct {
	const char *name;
	test_fn fn;
} tests[MAX_TESTS];
static int ntests;
int test_failed_flag;

void test_register(const char *name, test_fn fn)
{
	if (ntests == MAX_TESTS) {
		fprintf(stderr, "too many tests\n");
		abort();
	}
	tests[ntests].name = name;
	tests[ntests].fn = fn;
	ntests++;
}

void test_fail_bytes(const char *file, int line, const char *what, const uint8_t *a,
                     const uint8_t *b, size_t n)
{
	size_t i = 0;
	while (i < n && a[i] == b[i])
		i++;
	fprintf(stderr, "%s:%d: %s failed at byte %zu of %zu:\n  got      ", file, line, what, i, n);
	for (size_t j = i; j < n && j < i + 32; j++)
		fprintf(stderr, "%02x", a[j]);
	fprintf(stderr, "\n  expected ");
	for (size_t j = i; j < n && j < i + 32; j++)
		fprintf(stderr, "%02x", b[j]);
	fprintf(stderr, "\n");
	test_failed_flag = 1;
}

int test_hex_decode(uint8_t *out, size_t max, const char *hex)
{
	size_t n = strlen(hex);
	if (n % 2 != 0 || n / 2 > max)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		unsigned v;
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	return (int)(n / 2);
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;
	for (int i = 0; i < ntests; i++) {
		if (argc > 1) {
			int want = 0;
			for (int j = 1; j < argc; j++)
				if (strcmp(argv[j], tests[i].name) == 0)
					want = 1;
			if (!want)
				continue;
		}
		test_failed_flag = 0;
		tests[i].fn();
		printf("%s %s\n", test_failed_flag ? "FAIL" : "ok", tests[i].name);
		fflush(stdout);
		if (test_failed_flag)
			failed++;
		else
			passed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0 || passed == 0;
}
