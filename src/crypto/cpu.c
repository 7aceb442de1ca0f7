#include "cpu.h"

#include <stdlib.h>

static unsigned detect(void)
{
	unsigned f = 0;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
	__builtin_cpu_init();
	if (__builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2"))
		f |= QSTP_CPU_BMI2;
	if (__builtin_cpu_supports("avx2"))
		f |= QSTP_CPU_AVX2;
	if (__builtin_cpu_supports("aes") && __builtin_cpu_supports("ssse3"))
		f |= QSTP_CPU_AESNI;
	if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl"))
		f |= QSTP_CPU_AVX512;
	if (__builtin_cpu_supports("vaes"))
		f |= QSTP_CPU_VAES;
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
