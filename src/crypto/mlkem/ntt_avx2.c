/* AVX2 ML-KEM arithmetic: placeholder forwarding to the portable code until
 * the vector version lands. */
#include "mlkem_internal.h"

void mlkem_ntt_avx2(int16_t a[MLKEM_N]) { mlkem_ntt_ref(a); }
void mlkem_invntt_avx2(int16_t a[MLKEM_N]) { mlkem_invntt_ref(a); }
void mlkem_basemul_acc_avx2(int16_t r[MLKEM_N], const mlkem_poly *a, const mlkem_poly *b,
                            unsigned k) { mlkem_basemul_acc_ref(r, a, b, k); }
void mlkem_tomont_avx2(int16_t a[MLKEM_N]) { mlkem_tomont_ref(a); }
