#include "cpu.h"

#include <stdint.h>
#include <stdlib.h>

#if defined(__x86_64__)
#include <cpuid.h>

/* XCR0 bits the OS must enable for YMM (AVX) and ZMM (AVX-512) state. */
static uint64_t xgetbv0(void)
{
	uint32_t lo, hi;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

static unsigned detect_x86(void)
{
	unsigned a, b, c, d, f = 0;
	if (!__get_cpuid(1, &a, &b, &c, &d))
		return 0;
	int ssse3 = (c >> 9) & 1, sse41 = (c >> 19) & 1, aes = (c >> 25) & 1;
	int pclmul = (c >> 1) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
	uint64_t xcr0 = osxsave ? xgetbv0() : 0;
	int ymm = (xcr0 & 0x6) == 0x6, zmm = (xcr0 & 0xe6) == 0xe6;
	if (aes && ssse3 && sse41 && pclmul)
		f |= QSTP_CPU_AESNI;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return f;
	int bmi1 = (b >> 3) & 1, avx2 = (b >> 5) & 1, bmi2 = (b >> 8) & 1;
	int avx512f = (b >> 16) & 1, avx512bw = (b >> 30) & 1, avx512vl = (b >> 31) & 1;
	int vaes = (c >> 9) & 1;
	if (bmi1 && bmi2)
		f |= QSTP_CPU_BMI2;
	if (avx && avx2 && ymm)
		f |= QSTP_CPU_AVX2;
	if (avx512f && avx512vl && avx512bw && zmm)
		f |= QSTP_CPU_AVX512;
	if (vaes && avx2 && ymm)
		f |= QSTP_CPU_VAES;
	return f;
}
#endif

static unsigned detect(void)
{
	unsigned f = 0;
#if defined(__x86_64__)
	f = detect_x86();
#endif
	const char *m = getenv("QSTP_CPU_MASK");
	if (m != NULL && *m != '\0')
		f &= (unsigned)strtoul(m, NULL, 0);
	return f;
}

unsigned qstp_cpu_features(void)
{
	/* 0 means "not yet computed"; bit 31 marks a computed value. */
	static unsigned cached;
	unsigned v = __atomic_load_n(&cached, __ATOMIC_RELAXED);
	if (v == 0) {
		v = detect() | 0x80000000u;
		__atomic_store_n(&cached, v, __ATOMIC_RELAXED);
	}
	return v & 0x7fffffffu;
}
