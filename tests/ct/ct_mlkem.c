/*
 * Constant-time check for ML-KEM under valgrind memcheck, on the
 * implementation this CPU selects (AVX2 where available); see
 * mlkem_ct_run.h.  Run: valgrind --error-exitcode=99 build/ct/ct/ct_mlkem
 */
#include "mlkem_ct_run.h"

int main(void)
{
	return ct_mlkem_all("ct_mlkem");
}
